/*
 * The five system calls, each registered in a free slot (NO_SYSCALL) under
 * the module names userland finds with modfind(2): sys/rjail,
 * sys/rjail_set, sys/rjail_get, sys/rjail_attach, sys/rjail_remove. The
 * argument structures have the ABI of jail(2), jail_set(2), jail_get(2),
 * jail_attach(2) and jail_remove(2): one register_t per argument.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/sysent.h>
#include <bsm/audit_kevents.h>
#include <sys/proc.h>

#include "rjail_glue.h"
#include "rjail_internal.h"

/*
 * On amd64 every argument occupies one 8-byte register_t; a narrower one is
 * followed by padding (what sysproto.h spells PADR_).
 */
struct rjail_jail_args {
	uintptr_t	jail;		/* struct jail * */
};
struct rjail_iov_args {
	uintptr_t	iovp;		/* struct iovec * */
	u_int		iovcnt;
	char		iovcnt_pad[4];
	int		flags;
	char		flags_pad[4];
};
struct rjail_jid_args {
	int		jid;
	char		jid_pad[4];
};
_Static_assert(sizeof(struct rjail_jail_args) == 1 * sizeof(register_t),
    "jail(2) takes one argument");
_Static_assert(sizeof(struct rjail_iov_args) == 3 * sizeof(register_t),
    "jail_set(2)/jail_get(2) take three arguments");
_Static_assert(__offsetof(struct rjail_iov_args, iovcnt) == 8 &&
    __offsetof(struct rjail_iov_args, flags) == 16, "one register each");
_Static_assert(sizeof(struct rjail_jid_args) == 1 * sizeof(register_t),
    "jail_attach(2)/jail_remove(2) take one argument");

/*
 * Without the MAC policy there are no labels, hence no way to confine a
 * process: refuse to create or enter prisons rather than pretend.
 */
static int
rjail_finish(struct thread *td, int error, int retval)
{
	if (error == 0)
		td->td_retval[0] = retval;
	return (error);
}

static int
rjail_sys_jail(struct thread *td, void *argp)
{
	struct rjail_jail_args *uap = argp;
	int error, retval = 0;

	if (!rjail_policy_registered())
		return (ENOSYS);
	error = rjail_rs_jail(uap->jail, &retval);
	return (rjail_finish(td, error, retval));
}

static int
rjail_sys_jail_set(struct thread *td, void *argp)
{
	struct rjail_iov_args *uap = argp;
	int error, retval = 0;

	if (!rjail_policy_registered())
		return (ENOSYS);
	error = rjail_rs_jail_set(uap->iovp, uap->iovcnt, uap->flags, &retval);
	return (rjail_finish(td, error, retval));
}

static int
rjail_sys_jail_get(struct thread *td, void *argp)
{
	struct rjail_iov_args *uap = argp;
	int error, retval = 0;

	if (!rjail_policy_registered())
		return (ENOSYS);
	error = rjail_rs_jail_get(uap->iovp, uap->iovcnt, uap->flags, &retval);
	return (rjail_finish(td, error, retval));
}

static int
rjail_sys_jail_attach(struct thread *td, void *argp)
{
	struct rjail_jid_args *uap = argp;
	int error, retval = 0;

	if (!rjail_policy_registered())
		return (ENOSYS);
	error = rjail_rs_jail_attach(uap->jid, &retval);
	return (rjail_finish(td, error, retval));
}

static int
rjail_sys_jail_remove(struct thread *td, void *argp)
{
	struct rjail_jid_args *uap = argp;
	int error, retval = 0;

	if (!rjail_policy_registered())
		return (ENOSYS);
	error = rjail_rs_jail_remove(uap->jid, &retval);
	return (rjail_finish(td, error, retval));
}

/*
 * One slot variable, one sysent and one SYSCALL_MODULE per call; the kernel
 * stores the slot it picked in the variable and in the module's specific
 * data, which modstat(2) reports.
 */
#define	RJAIL_SYSCALL(name, fn, args)					\
	static int name##_syscall = NO_SYSCALL;				\
	static struct sysent name##_sysent = {				\
		.sy_call = fn,						\
		.sy_narg = sizeof(args) / sizeof(register_t),		\
		.sy_auevent = AUE_NULL,					\
	};								\
	SYSCALL_MODULE(name, &name##_syscall, &name##_sysent, NULL, NULL)

RJAIL_SYSCALL(rjail, rjail_sys_jail, struct rjail_jail_args);
RJAIL_SYSCALL(rjail_set, rjail_sys_jail_set, struct rjail_iov_args);
RJAIL_SYSCALL(rjail_get, rjail_sys_jail_get, struct rjail_iov_args);
RJAIL_SYSCALL(rjail_attach, rjail_sys_jail_attach, struct rjail_jid_args);
RJAIL_SYSCALL(rjail_remove, rjail_sys_jail_remove, struct rjail_jid_args);
