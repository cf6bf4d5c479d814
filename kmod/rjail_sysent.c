/*
 * Interposition on a few entries of the kernel's system call table, for the
 * jail rules the MAC framework has no hook for: what statfs(2),
 * fstatfs(2) and getfsstat(2) show (sys/kern/kern_jail.c,
 * prison_canseemount and prison_enforce_statfs), who may mount(2),
 * nmount(2) and unmount(2) (sys/kern/vfs_mount.c), and what the base
 * system's jail_get(2) tells (kern_jail_get). rjail prisoners keep the
 * kernel's prison0 as cr_prison, so the kernel applies none of those rules
 * to them; the wrappers here do, and hand every other caller to the
 * original entry unchanged.
 *
 * Each wrapper decides "rjail prisoner or not" from the credential's rjail
 * label only; what a prisoner sees and may do is decided in Rust
 * (src/policy/mounts.rs through src/kernel/vfs.rs). statfs results are
 * built in kernel memory and only the confined copy reaches userland.
 *
 * Swapping an entry (sys/kern/subr_syscall.c, syscallenter, and
 * sys/kern/kern_syscalls.c): the kernel reads an entry's sy_thrcnt once per
 * call. A SY_THR_STATIC entry is called without counting; any other entry
 * is entered with syscall_thread_enter, which adds SY_THR_INCR to sy_thrcnt
 * with an acquire compare-and-set *before* sy_call is loaded, and left with
 * syscall_thread_exit, which subtracts it with a release after sy_call
 * returned. The interposed entries are all static in the kernel's table.
 *
 * Load, per entry: the whole entry is saved; sy_thrcnt becomes 0 (counted,
 * nobody inside) and only then sy_call becomes the wrapper (both release
 * stores). A thread that read the static value just before still calls
 * the original without counting; that is harmless (it never runs our code).
 *
 * Unload, per entry: sy_call goes back to the original first (release).
 * From then on a thread that loads sy_call gets the original. Every thread
 * that loaded the wrapper's address did so after counting itself in
 * sy_thrcnt (enter's acquire orders its count before its load of sy_call),
 * and uncounts itself only after the wrapper returned. So once sy_thrcnt
 * has been seen at 0 after the restore, no thread is inside or on its way
 * into a wrapper, and the module's code may go: the wait is sufficient. It
 * can last longer than needed (a call of the original entry is counted
 * too) but never ends early.
 *
 * The one store that is not undone is sy_thrcnt: the entry stays counted
 * (0, nobody inside) with the original sy_call and every other field as
 * saved. Setting SY_THR_STATIC back cannot be made safe: syscallenter reads
 * the static bit and enters in two steps, so a thread between them would
 * count itself into a static entry (INVARIANTS kernels assert on that).
 * A counted entry at 0 calls the same function with the same arguments,
 * at the cost of two atomic operations; a later load of rjail accepts it.
 *
 * The ordering at load leaves one theoretical gap: a thread that read the
 * static value before the switch and loaded sy_call only after the wrapper
 * was stored runs the wrapper uncounted. The wrappers therefore also count
 * themselves in rjail_sysent_inside, and unload waits for that too; what is
 * left is a thread stopped, from before the load until after the unload,
 * between two instructions of syscallenter.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/malloc.h>
#include <sys/sysent.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/priv.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "rjail_glue.h"
#include "rjail_internal.h"

/* System call numbers (sys/kern/syscalls.master, FreeBSD 15.0). */
#define	RJAIL_SYS_MOUNT			21
#define	RJAIL_SYS_UNMOUNT		22
#define	RJAIL_SYS_NMOUNT		378
#define	RJAIL_SYS_FREEBSD11_GETFSSTAT	395
#define	RJAIL_SYS_FREEBSD11_STATFS	396
#define	RJAIL_SYS_FREEBSD11_FSTATFS	397
#define	RJAIL_SYS_JAIL_GET		506
#define	RJAIL_SYS_STATFS		555
#define	RJAIL_SYS_FSTATFS		556
#define	RJAIL_SYS_GETFSSTAT		557

/* Asks kern_getfsstat for the record of every mount. */
#define	RJAIL_GETFSSTAT_ALL	(((size_t)-1) / 2)

/* Privileges (sys/sys/priv.h). */
#define	RJAIL_PRIV_VFS_MOUNT		333
#define	RJAIL_PRIV_VFS_UNMOUNT		343

/* Arguments, one register_t each (sys/sys/sysproto.h). */
struct rjail_statfs_args {
	uintptr_t	path;
	uintptr_t	buf;
};
struct rjail_fstatfs_args {
	int		fd;
	char		fd_pad[4];
	uintptr_t	buf;
};
struct rjail_getfsstat_args {
	uintptr_t	buf;
	long		bufsize;
	int		mode;
	char		mode_pad[4];
};
struct rjail_iovcall_args {
	uintptr_t	iovp;
	u_int		iovcnt;
	char		iovcnt_pad[4];
	int		flags;
	char		flags_pad[4];
};
_Static_assert(sizeof(struct rjail_statfs_args) == 2 * sizeof(register_t),
    "statfs(2)");
_Static_assert(sizeof(struct rjail_fstatfs_args) == 2 * sizeof(register_t),
    "fstatfs(2)");
_Static_assert(sizeof(struct rjail_getfsstat_args) == 3 * sizeof(register_t),
    "getfsstat(2)");
_Static_assert(sizeof(struct rjail_iovcall_args) == 3 * sizeof(register_t),
    "nmount(2), jail_get(2)");

static int rjail_wrap_statfs(struct thread *, void *);
static int rjail_wrap_fstatfs(struct thread *, void *);
static int rjail_wrap_getfsstat(struct thread *, void *);
static int rjail_wrap_fb11_getfsstat(struct thread *, void *);
static int rjail_wrap_fb11_statfs(struct thread *, void *);
static int rjail_wrap_fb11_fstatfs(struct thread *, void *);
static int rjail_wrap_mount(struct thread *, void *);
static int rjail_wrap_nmount(struct thread *, void *);
static int rjail_wrap_unmount(struct thread *, void *);
static int rjail_wrap_jail_get(struct thread *, void *);

struct rjail_interposed {
	int		code;
	sy_call_t	*wrapper;
	bool		compat32;	/* in freebsd32_sysent, not sysent */
	struct sysent	saved;		/* the entry as it was at load */
	bool		installed;
};

enum {
	RJ_MOUNT, RJ_UNMOUNT, RJ_NMOUNT, RJ_FB11_GETFSSTAT, RJ_FB11_STATFS,
	RJ_FB11_FSTATFS, RJ_JAIL_GET, RJ_STATFS, RJ_FSTATFS, RJ_GETFSSTAT,
	RJ32_MOUNT, RJ32_UNMOUNT, RJ32_NMOUNT, RJ32_FB11_GETFSSTAT,
	RJ32_FB11_STATFS, RJ32_FB11_FSTATFS, RJ32_JAIL_GET, RJ32_STATFS,
	RJ32_FSTATFS, RJ32_GETFSSTAT,
	RJ_COUNT
};

/*
 * The same calls of 32-bit programs (COMPAT_FREEBSD32: the table has the
 * same numbers, sys/compat/freebsd32/syscalls.master). Their records and
 * option vectors have other layouts; rather than convert them, a prisoner
 * running a 32-bit program is refused: the mount calls as the native ones
 * are, the statfs family with ENOSYS, the base system's jail_get with
 * ENOENT (it has no base-system jail to see). Nothing reaches it unconfined.
 */
static int rjail_wrap32_mount(struct thread *, void *);
static int rjail_wrap32_unmount(struct thread *, void *);
static int rjail_wrap32_nmount(struct thread *, void *);
static int rjail_wrap32_fb11_getfsstat(struct thread *, void *);
static int rjail_wrap32_fb11_statfs(struct thread *, void *);
static int rjail_wrap32_fb11_fstatfs(struct thread *, void *);
static int rjail_wrap32_jail_get(struct thread *, void *);
static int rjail_wrap32_statfs(struct thread *, void *);
static int rjail_wrap32_fstatfs(struct thread *, void *);
static int rjail_wrap32_getfsstat(struct thread *, void *);

static struct rjail_interposed rjail_interposed[RJ_COUNT] = {
	[RJ_MOUNT] = { RJAIL_SYS_MOUNT, rjail_wrap_mount },
	[RJ_UNMOUNT] = { RJAIL_SYS_UNMOUNT, rjail_wrap_unmount },
	[RJ_NMOUNT] = { RJAIL_SYS_NMOUNT, rjail_wrap_nmount },
	[RJ_FB11_GETFSSTAT] = { RJAIL_SYS_FREEBSD11_GETFSSTAT,
	    rjail_wrap_fb11_getfsstat },
	[RJ_FB11_STATFS] = { RJAIL_SYS_FREEBSD11_STATFS,
	    rjail_wrap_fb11_statfs },
	[RJ_FB11_FSTATFS] = { RJAIL_SYS_FREEBSD11_FSTATFS,
	    rjail_wrap_fb11_fstatfs },
	[RJ_JAIL_GET] = { RJAIL_SYS_JAIL_GET, rjail_wrap_jail_get },
	[RJ_STATFS] = { RJAIL_SYS_STATFS, rjail_wrap_statfs },
	[RJ_FSTATFS] = { RJAIL_SYS_FSTATFS, rjail_wrap_fstatfs },
	[RJ_GETFSSTAT] = { RJAIL_SYS_GETFSSTAT, rjail_wrap_getfsstat },
	[RJ32_MOUNT] = { RJAIL_SYS_MOUNT, rjail_wrap32_mount, true },
	[RJ32_UNMOUNT] = { RJAIL_SYS_UNMOUNT, rjail_wrap32_unmount, true },
	[RJ32_NMOUNT] = { RJAIL_SYS_NMOUNT, rjail_wrap32_nmount, true },
	[RJ32_FB11_GETFSSTAT] = { RJAIL_SYS_FREEBSD11_GETFSSTAT,
	    rjail_wrap32_fb11_getfsstat, true },
	[RJ32_FB11_STATFS] = { RJAIL_SYS_FREEBSD11_STATFS,
	    rjail_wrap32_fb11_statfs, true },
	[RJ32_FB11_FSTATFS] = { RJAIL_SYS_FREEBSD11_FSTATFS,
	    rjail_wrap32_fb11_fstatfs, true },
	[RJ32_JAIL_GET] = { RJAIL_SYS_JAIL_GET, rjail_wrap32_jail_get, true },
	[RJ32_STATFS] = { RJAIL_SYS_STATFS, rjail_wrap32_statfs, true },
	[RJ32_FSTATFS] = { RJAIL_SYS_FSTATFS, rjail_wrap32_fstatfs, true },
	[RJ32_GETFSSTAT] = { RJAIL_SYS_GETFSSTAT, rjail_wrap32_getfsstat,
	    true },
};

/* The table an interposed entry lives in; NULL if the kernel has none. */
static struct sysent *
rjail_table(const struct rjail_interposed *ip)
{
	return (ip->compat32 ? freebsd32_sysent : sysent);
}

/* Threads inside a wrapper (see the gap described above). */
static volatile u_int rjail_sysent_inside;

static void
rjail_sysent_in(void)
{
	__atomic_add_fetch(&rjail_sysent_inside, 1, __ATOMIC_ACQ_REL);
}

static int
rjail_sysent_out(int error)
{
	__atomic_sub_fetch(&rjail_sysent_inside, 1, __ATOMIC_ACQ_REL);
	return (error);
}

/* The entry as the kernel had it: every non-prisoner goes there. */
static int
rjail_original(int which, struct thread *td, void *uap)
{
	return (rjail_interposed[which].saved.sy_call(td, uap));
}

/* The rjail label of a prisoner, or 0 for everyone else. */
static intptr_t
rjail_prisoner(struct thread *td)
{
	intptr_t label;

	label = rjail_cred_label(td->td_ucred);
	if (label == 0 || !rjail_rs_label_in_prison(label))
		return (0);
	return (label);
}

/*
 * Whether `sp` describes the mount that holds the prison's root
 * (FreeBSD compares pr_root->v_mount with the mount). The record has no
 * mount pointer, so the names the mount was given are compared: type,
 * source and mount point.
 */
static int
rjail_is_root_mount(intptr_t label, const struct statfs *sp)
{
	struct vnode *root;
	struct mount *mp;

	root = rjail_rs_prison_root(label);
	if (root == NULL)
		return (0);
	mp = root->v_mount;
	if (mp == NULL)
		return (0);
	return (strcmp(mp->mnt_stat.f_mntonname, sp->f_mntonname) == 0 &&
	    strcmp(mp->mnt_stat.f_fstypename, sp->f_fstypename) == 0 &&
	    strcmp(mp->mnt_stat.f_mntfromname, sp->f_mntfromname) == 0);
}

/* Applies the prison's enforce_statfs to one record; 1 if visible. */
static int
rjail_confine_statfs(intptr_t label, struct statfs *sp)
{
	return (rjail_rs_statfs_confine(label, rjail_is_root_mount(label, sp),
	    sp->f_mntonname, sizeof(sp->f_mntonname)));
}

static int
rjail_wrap_statfs(struct thread *td, void *argp)
{
	struct rjail_statfs_args *uap = argp;
	struct statfs *sfp;
	intptr_t label;
	int error;

	rjail_sysent_in();
	label = rjail_prisoner(td);
	if (label == 0)
		return (rjail_sysent_out(rjail_original(RJ_STATFS, td, argp)));
	sfp = malloc(sizeof(*sfp), M_TEMP, M_WAITOK | M_ZERO);
	error = kern_statfs(td, (const char *)uap->path, UIO_USERSPACE, sfp);
	if (error == 0) {
		(void)rjail_confine_statfs(label, sfp);
		error = copyout(sfp, (void *)uap->buf, sizeof(*sfp));
	}
	free(sfp, M_TEMP);
	return (rjail_sysent_out(error));
}

static int
rjail_wrap_fstatfs(struct thread *td, void *argp)
{
	struct rjail_fstatfs_args *uap = argp;
	struct statfs *sfp;
	intptr_t label;
	int error;

	rjail_sysent_in();
	label = rjail_prisoner(td);
	if (label == 0)
		return (rjail_sysent_out(rjail_original(RJ_FSTATFS, td, argp)));
	sfp = malloc(sizeof(*sfp), M_TEMP, M_WAITOK | M_ZERO);
	error = kern_fstatfs(td, uap->fd, sfp);
	if (error == 0) {
		(void)rjail_confine_statfs(label, sfp);
		error = copyout(sfp, (void *)uap->buf, sizeof(*sfp));
	}
	free(sfp, M_TEMP);
	return (rjail_sysent_out(error));
}

/*
 * getfsstat(2) for a prisoner: every mount's record is made in kernel
 * memory (kern_getfsstat with UIO_SYSSPACE), the invisible ones are
 * dropped, the rest renamed, and only those reach the caller: as many as
 * fit, or their number when there is no buffer (sys_getfsstat and
 * kern_getfsstat: a NULL buffer or a zero size asks for the count).
 */
static int
rjail_wrap_getfsstat(struct thread *td, void *argp)
{
	struct rjail_getfsstat_args *uap = argp;
	struct statfs *all, *sp;
	size_t count, i, room, shown;
	intptr_t label;
	bool count_only;
	int error;

	rjail_sysent_in();
	label = rjail_prisoner(td);
	if (label == 0)
		return (rjail_sysent_out(rjail_original(RJ_GETFSSTAT, td,
		    argp)));
	if (uap->bufsize < 0)
		return (rjail_sysent_out(EINVAL));
	count_only = uap->buf == 0 || uap->bufsize == 0;
	room = (size_t)uap->bufsize / sizeof(struct statfs);
	all = NULL;
	/* The kernel bounds the records it makes by the number of mounts. */
	error = kern_getfsstat(td, &all, RJAIL_GETFSSTAT_ALL, &count,
	    UIO_SYSSPACE, uap->mode);
	if (error != 0) {
		free(all, M_STATFS);
		return (rjail_sysent_out(error));
	}
	shown = 0;
	for (i = 0; i < count; i++) {
		sp = &all[i];
		if (!rjail_confine_statfs(label, sp))
			continue;
		if (!count_only) {
			if (shown == room)
				break;
			error = copyout(sp, (struct statfs *)uap->buf + shown,
			    sizeof(*sp));
			if (error != 0)
				break;
		}
		shown++;
	}
	free(all, M_STATFS);
	if (error == 0)
		td->td_retval[0] = shown;
	return (rjail_sysent_out(error));
}

/*
 * The FreeBSD 11 statfs family (COMPAT_FREEBSD11) would need its own
 * conversion of every record; prisoners get ENOSYS, as from a kernel
 * built without it (but without SIGSYS). fhstatfs(2) in both forms needs
 * PRIV_VFS_FHSTATFS, which rjail's priv hook refuses prisoners, as
 * FreeBSD's prison_priv_check does, so it is left alone.
 */
#define	RJAIL_REFUSED(name, which, refusal)				\
	static int							\
	name(struct thread *td, void *argp)				\
	{								\
		rjail_sysent_in();					\
		if (rjail_prisoner(td) != 0)				\
			return (rjail_sysent_out(refusal));		\
		return (rjail_sysent_out(rjail_original((which), td,	\
		    argp)));						\
	}
RJAIL_REFUSED(rjail_wrap_fb11_getfsstat, RJ_FB11_GETFSSTAT, ENOSYS)
RJAIL_REFUSED(rjail_wrap_fb11_statfs, RJ_FB11_STATFS, ENOSYS)
RJAIL_REFUSED(rjail_wrap_fb11_fstatfs, RJ_FB11_FSTATFS, ENOSYS)

/*
 * mount(2) and nmount(2). The kernel checks a prisoner as the host, so a
 * prisoner with allow.mount could mount any filesystem type, anywhere it
 * can name, with any devfs ruleset. Until rjail applies FreeBSD's per-type
 * rules (allow.mount.<fs>, VFCF_JAIL, the prison's devfs ruleset, not over
 * its own root) from a kernel copy of the options, a prisoner mounts
 * nothing: the privilege FreeBSD asks first decides the errno (EPERM
 * without allow.mount or with enforce_statfs 2), then EPERM.
 */
static int
rjail_mount_refused(struct thread *td)
{
	int error;

	error = priv_check(td, RJAIL_PRIV_VFS_MOUNT);
	return (error != 0 ? error : EPERM);
}

RJAIL_REFUSED(rjail_wrap_mount, RJ_MOUNT, rjail_mount_refused(td))
RJAIL_REFUSED(rjail_wrap_nmount, RJ_NMOUNT, rjail_mount_refused(td))

/*
 * unmount(2): FreeBSD lets a prisoner unmount only what was mounted from
 * inside its jail (vfs_suser: prison_check on mnt_cred). An rjail prisoner
 * can mount nothing (above), so it may unmount nothing either: the
 * privilege decides first (kern_unmount), then EPERM.
 */
static int
rjail_unmount_refused(struct thread *td)
{
	int error;

	error = priv_check(td, RJAIL_PRIV_VFS_UNMOUNT);
	return (error != 0 ? error : EPERM);
}
RJAIL_REFUSED(rjail_wrap_unmount, RJ_UNMOUNT, rjail_unmount_refused(td))

/* The 32-bit entries (see rjail_wrap32_mount's declaration). */
RJAIL_REFUSED(rjail_wrap32_mount, RJ32_MOUNT, rjail_mount_refused(td))
RJAIL_REFUSED(rjail_wrap32_nmount, RJ32_NMOUNT, rjail_mount_refused(td))
RJAIL_REFUSED(rjail_wrap32_unmount, RJ32_UNMOUNT, rjail_unmount_refused(td))
RJAIL_REFUSED(rjail_wrap32_fb11_getfsstat, RJ32_FB11_GETFSSTAT, ENOSYS)
RJAIL_REFUSED(rjail_wrap32_fb11_statfs, RJ32_FB11_STATFS, ENOSYS)
RJAIL_REFUSED(rjail_wrap32_fb11_fstatfs, RJ32_FB11_FSTATFS, ENOSYS)
RJAIL_REFUSED(rjail_wrap32_statfs, RJ32_STATFS, ENOSYS)
RJAIL_REFUSED(rjail_wrap32_fstatfs, RJ32_FSTATFS, ENOSYS)
RJAIL_REFUSED(rjail_wrap32_getfsstat, RJ32_GETFSSTAT, ENOSYS)
RJAIL_REFUSED(rjail_wrap32_jail_get, RJ32_JAIL_GET, ENOENT)

/*
 * The base system's jail_get(2): a prisoner of the base system sees only
 * its own descendants; an rjail prisoner has none in the base system's
 * tree, so it gets what a childless base prisoner gets (ENOENT and
 * kern_jail_get's errmsg), decided in Rust.
 */
static int
rjail_wrap_jail_get(struct thread *td, void *argp)
{
	struct rjail_iovcall_args *uap = argp;
	int error, retval;

	rjail_sysent_in();
	if (rjail_prisoner(td) == 0)
		return (rjail_sysent_out(rjail_original(RJ_JAIL_GET, td,
		    argp)));
	retval = 0;
	error = rjail_rs_base_jail_get(uap->iovp, uap->iovcnt, uap->flags,
	    &retval);
	if (error == 0)
		td->td_retval[0] = retval;
	return (rjail_sysent_out(error));
}

/* Swaps one entry in (see the comment at the top). */
static int
rjail_sysent_install(struct rjail_interposed *ip)
{
	struct sysent *table = rjail_table(ip);
	struct sysent *se;
	uint32_t cnt;

	/* A kernel without COMPAT_FREEBSD32 has no 32-bit table to guard. */
	if (table == NULL)
		return (0);
	se = &table[ip->code];

	cnt = __atomic_load_n(&se->sy_thrcnt, __ATOMIC_ACQUIRE);
	/*
	 * Static as the kernel built it, or counted with nobody inside as a
	 * previous load of rjail left it; anything else belongs to someone
	 * else.
	 */
	if (cnt != SY_THR_STATIC && cnt != 0)
		return (EEXIST);
	ip->saved = *se;
	ip->saved.sy_thrcnt = cnt;
	__atomic_store_n(&se->sy_thrcnt, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&se->sy_call, ip->wrapper, __ATOMIC_RELEASE);
	ip->installed = true;
	return (0);
}

/* Puts the original back and waits until no thread can be in the wrapper. */
static int
rjail_sysent_restore(struct rjail_interposed *ip)
{
	struct sysent *se;

	if (!ip->installed)
		return (0);
	se = &rjail_table(ip)[ip->code];
	/* Someone stacked on top of us: their saved copy points at us. */
	if (__atomic_load_n(&se->sy_call, __ATOMIC_ACQUIRE) != ip->wrapper)
		return (EBUSY);
	__atomic_store_n(&se->sy_call, ip->saved.sy_call, __ATOMIC_RELEASE);
	while (__atomic_load_n(&se->sy_thrcnt, __ATOMIC_ACQUIRE) >=
	    SY_THR_INCR)
		pause("rjsysen", 1);
	ip->installed = false;
	return (0);
}

static void
rjail_sysent_restore_all(void)
{
	int i;

	for (i = RJ_COUNT - 1; i >= 0; i--)
		(void)rjail_sysent_restore(&rjail_interposed[i]);
	while (__atomic_load_n(&rjail_sysent_inside, __ATOMIC_ACQUIRE) != 0)
		pause("rjsysen", 1);
}

static int
rjail_sysent_modevent(module_t mod __unused, int what, void *arg __unused)
{
	int error, i;

	switch (what) {
	case MOD_LOAD:
		for (i = 0; i < RJ_COUNT; i++) {
			error = rjail_sysent_install(&rjail_interposed[i]);
			if (error != 0) {
				printf("rjail: %ssystem call %d is not the "
				    "kernel's own; not interposing\n",
				    rjail_interposed[i].compat32 ? "32-bit " : "",
				    rjail_interposed[i].code);
				rjail_sysent_restore_all();
				return (error);
			}
		}
		return (0);
	case MOD_UNLOAD:
		/* Check every entry first, so a refusal changes nothing. */
		for (i = 0; i < RJ_COUNT; i++) {
			if (rjail_interposed[i].installed &&
			    rjail_table(&rjail_interposed[i])[
			    rjail_interposed[i].code].sy_call !=
			    rjail_interposed[i].wrapper)
				return (EBUSY);
		}
		rjail_sysent_restore_all();
		return (0);
	case MOD_QUIESCE:
	case MOD_SHUTDOWN:
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

static moduledata_t rjail_sysent_mod = {
	"rjail_sysent",
	rjail_sysent_modevent,
	NULL
};
DECLARE_MODULE(rjail_sysent, rjail_sysent_mod, SI_SUB_SYSCALLS,
    SI_ORDER_ANY);
MODULE_VERSION(rjail_sysent, 1);
