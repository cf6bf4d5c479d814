/*
 * rjail's stand-ins for base-system sysctl OIDs (rjail_basectl.c) and the
 * Rust functions that decide what they serve an rjail prisoner
 * (src/kernel/basectl.rs over src/sysctl/base.rs).
 */
#ifndef _RJAIL_BASECTL_H_
#define _RJAIL_BASECTL_H_

#include <sys/types.h>

/* Which OID: the numbers of Rust's `BaseOid` (src/sysctl/base.rs). */
#define	RJAIL_BASECTL_HOSTNAME			0
#define	RJAIL_BASECTL_DOMAINNAME		1
#define	RJAIL_BASECTL_HOSTUUID			2
#define	RJAIL_BASECTL_HOSTID			3
#define	RJAIL_BASECTL_SECURELEVEL		4
#define	RJAIL_BASECTL_OSRELEASE			5
#define	RJAIL_BASECTL_OSRELDATE			6
#define	RJAIL_BASECTL_JAILED			7
#define	RJAIL_BASECTL_LIST			8
#define	RJAIL_BASECTL_SET_HOSTNAME_ALLOWED	9
#define	RJAIL_BASECTL_SOCKET_UNIXIPROUTE_ONLY	10
#define	RJAIL_BASECTL_SYSVIPC_ALLOWED		11
#define	RJAIL_BASECTL_ALLOW_RAW_SOCKETS		12
#define	RJAIL_BASECTL_CHFLAGS_ALLOWED		13
#define	RJAIL_BASECTL_MOUNT_ALLOWED		14
#define	RJAIL_BASECTL_MLOCK_ALLOWED		15
#define	RJAIL_BASECTL_ENFORCE_STATFS		16
#define	RJAIL_BASECTL_DEVFS_RULESET		17
#define	RJAIL_BASECTL_CHILDREN_MAX		18
#define	RJAIL_BASECTL_CHILDREN_CUR		19

/* MOD_LOAD, after the Rust state exists: the stand-ins go in. */
void	rjail_basectl_install(void);
/* MOD_UNLOAD (and the SYSUNINIT): the kernel's OIDs come back; returns
 * once no thread is inside a stand-in's handler. Idempotent. */
void	rjail_basectl_restore(void);

/* rjail's prison0 takes the running kernel's release (FreeBSD's
 * prison0_init); new prisons inherit it. */
void	rjail_rs_basectl_set_release(const char *release, size_t len,
	    int reldate);
/* A string value for prisoner `viewer`, NUL-terminated within `size`. */
int	rjail_rs_basectl_string(u_int which, intptr_t viewer, char *buf,
	    size_t size);
int	rjail_rs_basectl_set_string(u_int which, intptr_t viewer,
	    const char *buf, size_t len);
/* A number (int or u_long OID); `host_level` is the host's securelevel. */
int	rjail_rs_basectl_number(u_int which, intptr_t viewer, int host_level,
	    long *value);
int	rjail_rs_basectl_set_number(u_int which, intptr_t viewer,
	    int host_level, long value);

#endif /* !_RJAIL_BASECTL_H_ */
