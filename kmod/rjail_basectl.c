/*
 * The base system's sysctls as an rjail prisoner sees them.
 *
 * An rjail prisoner's credential has cr_prison == &prison0 (rjail keeps its
 * prison in a MAC label), so kern.hostname, kern.securelevel and the
 * security.jail.* OIDs of the base kernel would show, and write, the host.
 * While rjail is loaded, each of those OIDs is represented in the MIB tree
 * by a stand-in OID of rjail's: the same parent, number, name, format,
 * description, arguments and flags, plus CTLFLAG_DYN, with rjail's handler.
 * The handler serves an rjail prisoner from its prison (the decisions are
 * Rust's, src/sysctl/base.rs) and calls the kernel's own handler, with the
 * kernel's own OID, for everyone else. The kernel's OIDs themselves are
 * never written to: at unload the stand-ins are unlinked and the kernel's
 * OIDs linked back, exactly as they were.
 *
 * Why a stand-in OID rather than writing rjail's handler into the kernel's
 * OID, and why the unload wait below is sufficient
 * (sys/kern/kern_sysctl.c, sysctl_root and sysctl_root_handler_locked):
 *
 *  1. sysctl_root finds the OID with the sysctl rmlock held for reading
 *     and, for a CTLFLAG_DYN OID only, increments oid_running before it
 *     drops the lock;
 *  2. it then loads oid_handler and calls it with no lock held;
 *  3. it takes the read lock again and decrements oid_running (again only
 *     if CTLFLAG_DYN is set).
 *
 * The kernel's OIDs here are static: their callers are not counted at all,
 * and the handler pointer is loaded after the lock is dropped, so no lock
 * tells when a thread that loaded a swapped-in pointer has left the
 * module's code. Setting CTLFLAG_DYN on a live static OID does not help: a
 * call already between steps 1 and 3 would decrement without having
 * incremented. A stand-in is CTLFLAG_DYN before it is linked and keeps its
 * flags until it is unlinked, so every thread that finds it is counted
 * from step 1 to step 3, which encloses the pointer load and the whole of
 * rjail's handler. Linking and unlinking happen under the write lock, which
 * excludes steps 1 and 3; once a stand-in is unlinked nobody can find it,
 * so its oid_running can only fall, and reading 0 under the write lock
 * means no thread is inside or about to enter rjail's handler. This is the
 * wait sysctl_remove_oid does for dynamic OIDs at module unload.
 *
 * The swap is atomic for lookups: the kernel's OID leaves the tree and the
 * stand-in enters it in one write-locked section (and back at unload).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/jail.h>
#include <sys/sysctl.h>

#include "rjail_glue.h"
#include "rjail_internal.h"
#include "rjail_basectl.h"

SYSCTL_DECL(_kern_hostname);
SYSCTL_DECL(_kern_domainname);
SYSCTL_DECL(_kern_hostuuid);
SYSCTL_DECL(_kern_hostid);
SYSCTL_DECL(_kern_securelevel);
SYSCTL_DECL(_kern_osrelease);
SYSCTL_DECL(_kern_osreldate);
SYSCTL_DECL(_security_jail_jailed);
SYSCTL_DECL(_security_jail_list);
SYSCTL_DECL(_security_jail_set_hostname_allowed);
SYSCTL_DECL(_security_jail_socket_unixiproute_only);
SYSCTL_DECL(_security_jail_sysvipc_allowed);
SYSCTL_DECL(_security_jail_allow_raw_sockets);
SYSCTL_DECL(_security_jail_chflags_allowed);
SYSCTL_DECL(_security_jail_mount_allowed);
SYSCTL_DECL(_security_jail_mlock_allowed);
SYSCTL_DECL(_security_jail_enforce_statfs);
SYSCTL_DECL(_security_jail_devfs_ruleset);
SYSCTL_DECL(_security_jail_children_max);
SYSCTL_DECL(_security_jail_children_cur);

/* Longest string value served: kern.hostname's MAXHOSTNAMELEN. */
#define	RJAIL_BASECTL_STRMAX	256

struct rjail_basectl {
	struct sysctl_oid	*base;		/* the kernel's OID */
	u_int			which;		/* RJAIL_BASECTL_*: Rust's name */
	struct sysctl_oid	standin;	/* in the tree while linked */
	bool			linked;
};

#define	BASECTL(oid, id)	{ .base = &sysctl__##oid, .which = (id) }

static struct rjail_basectl rjail_basectls[] = {
	BASECTL(_kern_hostname, RJAIL_BASECTL_HOSTNAME),
	BASECTL(_kern_domainname, RJAIL_BASECTL_DOMAINNAME),
	BASECTL(_kern_hostuuid, RJAIL_BASECTL_HOSTUUID),
	BASECTL(_kern_hostid, RJAIL_BASECTL_HOSTID),
	BASECTL(_kern_securelevel, RJAIL_BASECTL_SECURELEVEL),
	BASECTL(_kern_osrelease, RJAIL_BASECTL_OSRELEASE),
	BASECTL(_kern_osreldate, RJAIL_BASECTL_OSRELDATE),
	BASECTL(_security_jail_jailed, RJAIL_BASECTL_JAILED),
	BASECTL(_security_jail_list, RJAIL_BASECTL_LIST),
	BASECTL(_security_jail_set_hostname_allowed,
	    RJAIL_BASECTL_SET_HOSTNAME_ALLOWED),
	BASECTL(_security_jail_socket_unixiproute_only,
	    RJAIL_BASECTL_SOCKET_UNIXIPROUTE_ONLY),
	BASECTL(_security_jail_sysvipc_allowed, RJAIL_BASECTL_SYSVIPC_ALLOWED),
	BASECTL(_security_jail_allow_raw_sockets,
	    RJAIL_BASECTL_ALLOW_RAW_SOCKETS),
	BASECTL(_security_jail_chflags_allowed, RJAIL_BASECTL_CHFLAGS_ALLOWED),
	BASECTL(_security_jail_mount_allowed, RJAIL_BASECTL_MOUNT_ALLOWED),
	BASECTL(_security_jail_mlock_allowed, RJAIL_BASECTL_MLOCK_ALLOWED),
	BASECTL(_security_jail_enforce_statfs, RJAIL_BASECTL_ENFORCE_STATFS),
	BASECTL(_security_jail_devfs_ruleset, RJAIL_BASECTL_DEVFS_RULESET),
	BASECTL(_security_jail_children_max, RJAIL_BASECTL_CHILDREN_MAX),
	BASECTL(_security_jail_children_cur, RJAIL_BASECTL_CHILDREN_CUR),
};
#define	RJAIL_NBASECTL	(sizeof(rjail_basectls) / sizeof(rjail_basectls[0]))

static struct rjail_basectl *
rjail_basectl_of(struct sysctl_oid *oidp)
{
	u_int i;

	for (i = 0; i < RJAIL_NBASECTL; i++)
		if (&rjail_basectls[i].standin == oidp)
			return (&rjail_basectls[i]);
	return (NULL);
}

/* The host's securelevel: the floor of every prisoner's (kern_mib.c reads
 * it without a lock too; it is an int). */
static int
rjail_host_securelevel(void)
{
	return (*(volatile int *)&prison0.pr_securelevel);
}

static int
rjail_basectl_string(struct rjail_basectl *b, intptr_t viewer,
    struct sysctl_oid *oidp, intmax_t arg2, struct sysctl_req *req)
{
	char buf[RJAIL_BASECTL_STRMAX];
	size_t size;
	int error;

	size = (arg2 > 0 && (size_t)arg2 < sizeof(buf)) ? (size_t)arg2 :
	    sizeof(buf);
	error = rjail_rs_basectl_string(b->which, viewer, buf, size);
	if (error != 0)
		return (error);
	if ((oidp->oid_kind & CTLFLAG_WR) == 0)
		/* kern.osrelease: the string and its NUL, as kern_mib.c. */
		return (SYSCTL_OUT(req, buf, strlen(buf) + 1));
	/* As sysctl_hostname: handled on a copy, then stored. */
	error = sysctl_handle_string(oidp, buf, size, req);
	if (error != 0 || req->newptr == NULL)
		return (error);
	return (rjail_rs_basectl_set_string(b->which, viewer, buf,
	    strlen(buf)));
}

static int
rjail_basectl_number(struct rjail_basectl *b, intptr_t viewer,
    struct sysctl_oid *oidp, struct sysctl_req *req)
{
	long value;
	int error, host_level, i;

	host_level = rjail_host_securelevel();
	error = rjail_rs_basectl_number(b->which, viewer, host_level, &value);
	if (error != 0)
		return (error);
	if ((oidp->oid_kind & CTLTYPE) == CTLTYPE_ULONG) {
		/* kern.hostid: sysctl_handle_long, as sysctl_hostid. */
		error = sysctl_handle_long(oidp, &value, 0, req);
	} else {
		i = (int)value;
		error = sysctl_handle_int(oidp, &i, 0, req);
		value = i;
	}
	if (error != 0 || req->newptr == NULL)
		return (error);
	return (rjail_rs_basectl_set_number(b->which, viewer, host_level,
	    value));
}

static int
rjail_basectl_handler(SYSCTL_HANDLER_ARGS)
{
	struct rjail_basectl *b;
	intptr_t viewer;

	b = rjail_basectl_of(oidp);
	if (b == NULL)
		return (ENOENT);
	viewer = rjail_cred_label(req->td->td_ucred);
	if (viewer == 0 || !rjail_rs_label_in_prison(viewer))
		/* Not an rjail prisoner: the kernel's handler and OID. */
		return (b->base->oid_handler(b->base, arg1, arg2, req));
	switch (oidp->oid_kind & CTLTYPE) {
	case CTLTYPE_STRING:
		return (rjail_basectl_string(b, viewer, oidp, arg2, req));
	case CTLTYPE_INT:
	case CTLTYPE_UINT:
	case CTLTYPE_LONG:
	case CTLTYPE_ULONG:
		return (rjail_basectl_number(b, viewer, oidp, req));
	case CTLTYPE_STRUCT:
		/*
		 * security.jail.list: a jailed process sees its own prison's
		 * descendants in the base tree, and an rjail prisoner has
		 * none there (sysctl_jail_list sends no record).
		 */
		return (0);
	default:
		return (EINVAL);
	}
}

void
rjail_basectl_install(void)
{
	struct rjail_basectl *b;
	u_int i;

	rjail_rs_basectl_set_release(osrelease, strlen(osrelease), osreldate);
	sysctl_wlock();
	for (i = 0; i < RJAIL_NBASECTL; i++) {
		b = &rjail_basectls[i];
		/* Only a static leaf with a handler is stood in for. */
		if (b->linked || b->base->oid_handler == NULL ||
		    (b->base->oid_kind & CTLTYPE) == CTLTYPE_NODE ||
		    (b->base->oid_kind & CTLFLAG_DYN) != 0)
			continue;
		b->standin = *b->base;
		b->standin.oid_kind |= CTLFLAG_DYN;
		b->standin.oid_handler = rjail_basectl_handler;
		b->standin.oid_running = 0;
		sysctl_unregister_oid(b->base);
		sysctl_register_oid(&b->standin);
		b->linked = true;
	}
	sysctl_wunlock();
}

void
rjail_basectl_restore(void)
{
	u_int i;
	bool busy;

	sysctl_wlock();
	for (i = 0; i < RJAIL_NBASECTL; i++) {
		if (!rjail_basectls[i].linked)
			continue;
		sysctl_unregister_oid(&rjail_basectls[i].standin);
		sysctl_register_oid(rjail_basectls[i].base);
	}
	/* See the top of the file for why this wait is sufficient. */
	for (;;) {
		busy = false;
		for (i = 0; i < RJAIL_NBASECTL; i++)
			if (rjail_basectls[i].linked &&
			    rjail_basectls[i].standin.oid_running != 0)
				busy = true;
		if (!busy)
			break;
		sysctl_wunlock();
		pause("rjoid", 1);
		sysctl_wlock();
	}
	for (i = 0; i < RJAIL_NBASECTL; i++)
		rjail_basectls[i].linked = false;
	sysctl_wunlock();
}
