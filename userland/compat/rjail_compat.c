/*
 * librjail_compat: makes FreeBSD's own jail(8), jls(8) and jexec(8) act on
 * rjail's prisons, unchanged, when preloaded:
 *
 *	LD_PRELOAD=/usr/lib/librjail_compat.so.1 jls -v
 *
 * What it replaces:
 *  - the five jail system-call wrappers (jail, jail_set, jail_get,
 *    jail_attach, jail_remove): each makes rjail's call instead, whose
 *    number comes from the module's syscall module "sys/rjail..." through
 *    modfind(2)/modstat(2) (the arguments, flags, errmsg and errnos are the
 *    same as the base system's);
 *  - the sysctl(3) entry points, so that the names libjail reads under
 *    security.jail (lib/libjail/jail.c: jailparam_type asks sysctl 0.3 for
 *    the OID of "security.jail.param.<name>", 0.4 for its kind and format,
 *    then the OID itself for a string's length; jailparam_all walks the
 *    subtree with 0.2 and names each OID with 0.1, stripping
 *    "security.jail.param.") find rjail's catalogue under
 *    security.jail.rjail.param, and the legacy knobs jail(8) reads
 *    (security.jail.jailed, security.jail.set_hostname_allowed, ...) are
 *    rjail's own where rjail has them.
 *
 * When rjail.ko is not loaded, every call goes to the base system
 * unchanged. What a preloaded library cannot reach (static programs,
 * programs started with a cleared environment, kernel views keyed on the
 * base system's jail such as ps -J) is listed in rjail(4) and the README.
 */
#include <sys/param.h>
#include <sys/jail.h>
#include <sys/module.h>
#include <sys/sysctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	BASE_PREFIX	"security.jail."
#define	RJAIL_PREFIX	"security.jail.rjail."
#define	BASE_PARAM	"security.jail.param"
#define	RJAIL_PARAM	"security.jail.rjail.param"

/* rjail's system calls, in the order of the modules below; 0: not found. */
enum { CALL_JAIL, CALL_SET, CALL_GET, CALL_ATTACH, CALL_REMOVE, NCALLS };
static const char *const module_names[NCALLS] = {
	"sys/rjail", "sys/rjail_set", "sys/rjail_get", "sys/rjail_attach",
	"sys/rjail_remove",
};

typedef int sysctl_fn(const int *, u_int, void *, size_t *, const void *,
    size_t);
typedef int sysctlbyname_fn(const char *, void *, size_t *, const void *,
    size_t);
typedef int sysctlnametomib_fn(const char *, int *, size_t *);

/*
 * The calls are looked up at every use: rjail.ko may be loaded or unloaded
 * while a program runs, and a lookup is two cheap system calls.
 */
static int
rjail_call(int which)
{
	struct module_stat stat;
	int id;

	id = modfind(module_names[which]);
	if (id < 0)
		return (0);
	memset(&stat, 0, sizeof(stat));
	stat.version = sizeof(stat);
	if (modstat(id, &stat) < 0)
		return (0);
	return (stat.data.intval);
}

static bool
rjail_loaded(void)
{
	return (rjail_call(CALL_SET) > 0);
}

static void *
next_symbol(const char *name)
{
	return (dlsym(RTLD_NEXT, name));
}

static int
real_sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	sysctl_fn *fn = (sysctl_fn *)next_symbol("sysctl");

	if (fn == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	return (fn(name, namelen, oldp, oldlenp, newp, newlen));
}

/* --- the system calls ----------------------------------------------------- */

/*
 * Each wrapper makes rjail's call when the module is loaded, else the base
 * system's: a program preloaded on a host without rjail still works.
 */
static int
call_or_base(int which, int base, long a, long b, long c)
{
	int number;

	number = rjail_call(which);
	if (number <= 0)
		number = base;
	return (syscall(number, a, b, c));
}

int
jail(struct jail *j)
{
	return (call_or_base(CALL_JAIL, SYS_jail, (long)j, 0, 0));
}

int
jail_set(struct iovec *iov, unsigned int niov, int flags)
{
	return (call_or_base(CALL_SET, SYS_jail_set, (long)iov, (long)niov,
	    (long)flags));
}

int
jail_get(struct iovec *iov, unsigned int niov, int flags)
{
	return (call_or_base(CALL_GET, SYS_jail_get, (long)iov, (long)niov,
	    (long)flags));
}

int
jail_remove(int jid)
{
	return (call_or_base(CALL_REMOVE, SYS_jail_remove, (long)jid, 0, 0));
}

/*
 * This library's own file, as the run-time linker opened it: after
 * attaching, a program the caller execs would fail to start if
 * LD_PRELOAD named a file the prison's root does not hold.
 */
static void
forget_preload_if_unreachable(void)
{
	Dl_info info;
	const char *list;

	if (dladdr((void *)forget_preload_if_unreachable, &info) == 0 ||
	    info.dli_fname == NULL)
		return;
	if (access(info.dli_fname, R_OK) == 0)
		return;
	list = getenv("LD_PRELOAD");
	if (list != NULL && strstr(list, "rjail_compat") != NULL)
		unsetenv("LD_PRELOAD");
}

int
jail_attach(int jid)
{
	int error;

	error = call_or_base(CALL_ATTACH, SYS_jail_attach, (long)jid, 0, 0);
	if (error == 0)
		forget_preload_if_unreachable();
	return (error);
}

/* --- sysctl names ---------------------------------------------------------- */

/* Is `name` `prefix` itself or below it? */
static bool
under(const char *name, const char *prefix)
{
	size_t len = strlen(prefix);

	return (strncmp(name, prefix, len) == 0 &&
	    (name[len] == '\0' || name[len] == '.'));
}

/*
 * The rjail name a base name stands for, in `buf`: the param subtree
 * always (a parameter rjail lacks is then unknown, as the kernel would say
 * on jail_set); another security.jail.X when rjail has security.jail.rjail.X.
 * NULL: use the name as it is.
 */
static const char *
rjail_name(const char *name, char *buf, size_t size)
{
	int mib[CTL_MAXNAME];
	size_t len;

	if (name == NULL || strncmp(name, BASE_PREFIX, strlen(BASE_PREFIX)) != 0 ||
	    under(name, "security.jail.rjail") || !rjail_loaded())
		return (NULL);
	if ((size_t)snprintf(buf, size, "%s%s", RJAIL_PREFIX,
	    name + strlen(BASE_PREFIX)) >= size)
		return (NULL);
	if (under(name, BASE_PARAM))
		return (buf);
	len = CTL_MAXNAME;
	mib[0] = 0;
	mib[1] = 3;
	if (real_sysctl(mib, 2, mib + 2, &len, buf, strlen(buf)) < 0)
		return (NULL);
	return (buf);
}

/* The OID of security.jail.rjail.param, for the walk's end. */
static int
rjail_param_oid(int *oid, size_t *len)
{
	int mib[2] = { 0, 3 };
	size_t bytes = CTL_MAXNAME * sizeof(int);
	int error;

	error = real_sysctl(mib, 2, oid, &bytes, RJAIL_PARAM,
	    strlen(RJAIL_PARAM));
	*len = bytes / sizeof(int);
	return (error);
}

static bool
oid_under(const int *oid, size_t len, const int *prefix, size_t plen)
{
	return (len >= plen && memcmp(oid, prefix, plen * sizeof(int)) == 0);
}

/* sysctl 0.3 (name to OID) with a translated name. */
static int
name2oid(const int *mib, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	char name[MAXPATHLEN], buf[MAXPATHLEN];
	const char *mapped;

	if (newp == NULL || newlen == 0 || newlen >= sizeof(name))
		return (real_sysctl(mib, namelen, oldp, oldlenp, newp, newlen));
	memcpy(name, newp, newlen);
	name[newlen] = '\0';
	mapped = rjail_name(name, buf, sizeof(buf));
	if (mapped == NULL)
		return (real_sysctl(mib, namelen, oldp, oldlenp, newp, newlen));
	return (real_sysctl(mib, namelen, oldp, oldlenp, mapped,
	    strlen(mapped)));
}

/* sysctl 0.1 (OID to name): rjail's param names read as the base's. */
static int
oid2name(const int *mib, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	char *text = oldp;
	size_t cut = strlen("rjail.");
	int error;

	error = real_sysctl(mib, namelen, oldp, oldlenp, newp, newlen);
	if (error != 0 || oldp == NULL || oldlenp == NULL || *oldlenp == 0)
		return (error);
	if (strnlen(text, *oldlenp) < *oldlenp && under(text, RJAIL_PARAM)) {
		memmove(text + strlen(BASE_PREFIX),
		    text + strlen(RJAIL_PREFIX),
		    strlen(text + strlen(RJAIL_PREFIX)) + 1);
		*oldlenp -= cut;
	}
	return (error);
}

/*
 * sysctl 0.2 (next OID): a walk that starts inside rjail's param subtree
 * ends where that subtree ends, as a walk of security.jail.param ends at
 * its own end (libjail compares only the first three components, which
 * for rjail's deeper node would run on through the rest of
 * security.jail.rjail).
 */
static int
next_oid(const int *mib, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	int param[CTL_MAXNAME];
	size_t plen;
	int error;

	error = real_sysctl(mib, namelen, oldp, oldlenp, newp, newlen);
	if (error != 0 || oldp == NULL || oldlenp == NULL ||
	    !rjail_loaded() || rjail_param_oid(param, &plen) != 0)
		return (error);
	if (oid_under(mib + 2, namelen - 2, param, plen) &&
	    !oid_under(oldp, *oldlenp / sizeof(int), param, plen)) {
		errno = ENOENT;
		return (-1);
	}
	return (error);
}

int
sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	if (namelen >= 2 && name[0] == 0) {
		switch (name[1]) {
		case 1:
			return (oid2name(name, namelen, oldp, oldlenp, newp,
			    newlen));
		case 2:
			return (next_oid(name, namelen, oldp, oldlenp, newp,
			    newlen));
		case 3:
			return (name2oid(name, namelen, oldp, oldlenp, newp,
			    newlen));
		}
	}
	return (real_sysctl(name, namelen, oldp, oldlenp, newp, newlen));
}

int
sysctlbyname(const char *name, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	sysctlbyname_fn *fn = (sysctlbyname_fn *)next_symbol("sysctlbyname");
	char buf[MAXPATHLEN];
	const char *mapped;

	if (fn == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	mapped = rjail_name(name, buf, sizeof(buf));
	return (fn(mapped != NULL ? mapped : name, oldp, oldlenp, newp,
	    newlen));
}

int
sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
	sysctlnametomib_fn *fn =
	    (sysctlnametomib_fn *)next_symbol("sysctlnametomib");
	char buf[MAXPATHLEN];
	const char *mapped;

	if (fn == NULL) {
		errno = ENOSYS;
		return (-1);
	}
	mapped = rjail_name(name, buf, sizeof(buf));
	return (fn(mapped != NULL ? mapped : name, mibp, sizep));
}
