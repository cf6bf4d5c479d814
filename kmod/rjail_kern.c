/*
 * Kernel services the Rust side asks for (see rjail_glue.h): everything
 * that reads a kernel structure or expands a kernel macro stays here.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/jail.h>
#include <sys/priv.h>
#include <sys/signalvar.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/filedesc.h>
#include <sys/capsicum.h>

#include <security/mac/mac_framework.h>

#include "rjail_glue.h"
#include "rjail_internal.h"

intptr_t
rjail_curthread_label(void)
{
	return (rjail_cred_label(curthread->td_ucred));
}

int
rjail_curthread_natively_jailed(void)
{
	return (curthread->td_ucred->cr_prison != &prison0);
}

/*
 * rjail's own privilege checks (from its system calls) are told apart from
 * every other one in the priv hook: while rjail_priv_check runs, the asking
 * thread is recorded, and the hook looks for curthread in the record.
 *
 * The record is an array of slots, one per thread asking at that moment,
 * claimed and cleared with atomic operations: no lock, so rjail's calls on
 * different CPUs never wait for each other here (a global mutex did that
 * before). A thread starts looking for a free slot at one chosen from its
 * own address, so concurrent askers rarely touch the same cache line, and
 * the hook finds its thread at that first slot. Only the recorded thread
 * ever stores its own pointer, so a slot holding curthread was set by
 * curthread itself and the hook's plain reads are exact for curthread.
 * Only prisoners are recorded: the hook never vetoes the host, so a host
 * thread's check needs no marker.
 *
 * With every slot taken (more than RJAIL_ASKER_SLOTS prisoner threads
 * inside priv_check at once), the thread falls back to the overflow record
 * under a mutex, which gives the same answer, only serialised.
 */
#define	RJAIL_ASKER_SLOTS	64
static struct thread *rjail_askers[RJAIL_ASKER_SLOTS];
static struct mtx rjail_asker_overflow_mtx;
static struct thread *volatile rjail_asker_overflow;
static bool rjail_asker_ready;

/*
 * rjail_attach moves the caller into a prison whose root its own prison
 * need not contain (the host may root a child prison anywhere, and
 * FreeBSD's jail_attach then chroots there), so rjail's own directory
 * checks (the chdir and chroot hooks in rjail_mac.c, which keep a prisoner
 * beneath its root) must not veto the chdir and chroot the attach itself
 * makes: the caller's right to enter that prison was checked before. The
 * attaching thread and the root it enters are recorded for that span.
 * Attaches take turns on an sx lock (change_dir may sleep); a hook compares
 * the record with curthread without the lock, since only the recording
 * thread can find itself there.
 */
static struct sx rjail_attach_sx;
static struct thread *volatile rjail_attaching_td;
static struct vnode *volatile rjail_attaching_root;

int
rjail_attach_enters(struct vnode *dvp)
{
	return (rjail_attaching_td == curthread &&
	    rjail_attaching_root == dvp);
}

/*
 * The striped mutexes (rjail_stripe_lock): a prison's parameter pointer
 * is guarded by one of these, picked by its address, so creating or
 * freeing a prison allocates, initialises and destroys no lock. Each is
 * held for a pointer copy or swap only, so sharing costs little; WITNESS
 * sees them as one lock class and would report a thread taking two.
 */
#define	RJAIL_STRIPES	64
static struct mtx rjail_stripes[RJAIL_STRIPES];

static struct mtx *
rjail_stripe(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	/* malloc(9) blocks are 16-byte aligned: the low bits say nothing. */
	return (&rjail_stripes[((a >> 4) ^ (a >> 11)) % RJAIL_STRIPES]);
}

void
rjail_stripe_lock(const void *addr)
{
	mtx_lock(rjail_stripe(addr));
}

void
rjail_stripe_unlock(const void *addr)
{
	mtx_unlock(rjail_stripe(addr));
}

void
rjail_kern_init(void)
{
	u_int i;

	for (i = 0; i < RJAIL_STRIPES; i++)
		mtx_init(&rjail_stripes[i], "rjail stripe", NULL, MTX_DEF);
	mtx_init(&rjail_asker_overflow_mtx, "rjail priv asker", NULL, MTX_DEF);
	sx_init_flags(&rjail_attach_sx, "rjail attach", 0);
	rjail_asker_ready = true;
}

void
rjail_kern_fini(void)
{
	u_int i;

	if (rjail_asker_ready) {
		for (i = 0; i < RJAIL_STRIPES; i++)
			mtx_destroy(&rjail_stripes[i]);
		mtx_destroy(&rjail_asker_overflow_mtx);
		sx_destroy(&rjail_attach_sx);
		rjail_asker_ready = false;
	}
}

static u_int
rjail_asker_home(struct thread *td)
{
	uintptr_t a = (uintptr_t)td;

	return ((u_int)((a >> 6) ^ (a >> 12)) % RJAIL_ASKER_SLOTS);
}

static int
rjail_asker_claim(struct thread *td)
{
	struct thread *expected;
	u_int home, n, i;

	home = rjail_asker_home(td);
	for (n = 0; n < RJAIL_ASKER_SLOTS; n++) {
		i = (home + n) % RJAIL_ASKER_SLOTS;
		expected = NULL;
		if (__atomic_compare_exchange_n(&rjail_askers[i], &expected,
		    td, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return ((int)i);
	}
	return (-1);
}

int
rjail_priv_check(int priv)
{
	struct thread *td = curthread;
	int error, slot;

	if (rjail_cred_label(td->td_ucred) == 0)
		return (priv_check(td, priv));
	slot = rjail_asker_claim(td);
	if (slot >= 0) {
		error = priv_check(td, priv);
		__atomic_store_n(&rjail_askers[slot], NULL, __ATOMIC_RELEASE);
		return (error);
	}
	mtx_lock(&rjail_asker_overflow_mtx);
	rjail_asker_overflow = td;
	error = priv_check(td, priv);
	rjail_asker_overflow = NULL;
	mtx_unlock(&rjail_asker_overflow_mtx);
	return (error);
}

int
rjail_priv_asked_by_rjail(struct ucred *cred)
{
	struct thread *td = curthread;
	u_int home, n;

	if (td->td_ucred != cred)
		return (0);
	home = rjail_asker_home(td);
	for (n = 0; n < RJAIL_ASKER_SLOTS; n++) {
		if (__atomic_load_n(&rjail_askers[(home + n) %
		    RJAIL_ASKER_SLOTS], __ATOMIC_RELAXED) == td)
			return (1);
	}
	return (rjail_asker_overflow == td);
}

int
rjail_priv_check_cred(struct ucred *cred, int priv)
{
	return (priv_check_cred(cred, priv));
}

int
rjail_lookup_dir(char *path, u_int path_size, struct vnode **dirp)
{
	struct nameidata nd;
	struct vnode *vp;
	int error;

	if (path_size == 0 || path_size > RJAIL_PATH_MAX ||
	    memchr(path, '\0', path_size) == NULL)
		return (EINVAL);
	NDINIT(&nd, LOOKUP, FOLLOW | LOCKLEAF | AUDITVNODE1, UIO_SYSSPACE,
	    path);
	error = namei(&nd);
	if (error != 0)
		return (error);
	NDFREE_PNBUF(&nd);
	vp = nd.ni_vp;
	if (vp->v_type != VDIR) {
		vput(vp);
		return (ENOTDIR);
	}
	/* Locked in, relocked on success, released and unlocked on error. */
	error = vn_path_to_global_path(curthread, vp, path, path_size);
	if (error != 0)
		return (error);
	VOP_UNLOCK(vp);
	*dirp = vp;
	return (0);
}

/*
 * prison0's root, the system's root directory, held: the root of a prison
 * the host creates without a path. kern_jail_set takes the creator's
 * prison's pr_root there (sys/kern/kern_jail.c), which for the host is
 * rootvnode whatever the creator's chroot; its path is "/".
 */
struct vnode *
rjail_system_root(void)
{
	vref(rootvnode);
	return (rootvnode);
}

/*
 * One step up from a referenced, unlocked directory: its parent, referenced
 * and unlocked (the covered vnode for a filesystem's root, as
 * vn_fullpath_dir in sys/kern/vfs_cache.c crosses mounts), or NULL when
 * there is none to be had (a doomed vnode, an unmount in progress, a
 * failed ".." lookup). Consumes the reference on `vp`.
 *
 * The ".." is VOP_LOOKUP's, not namei's: namei would call the MAC lookup
 * check again from inside it (and vn_vptocnp's fallback does exactly
 * that on UFS, through vop_stdvptocnp).
 */
static struct vnode *
rjail_parent_dir(struct vnode *vp, struct ucred *cred)
{
	struct componentname cn;
	struct vnode *covered, *parent;
	char dotdot[] = "..";
	int error;

	vn_lock(vp, LK_SHARED | LK_RETRY);
	if (VN_IS_DOOMED(vp) || vp->v_type != VDIR) {
		vput(vp);
		return (NULL);
	}
	if ((vp->v_vflag & VV_ROOT) != 0) {
		covered = vp->v_mount->mnt_vnodecovered;
		if (covered == NULL || covered->v_mountedhere != vp->v_mount) {
			vput(vp);
			return (NULL);
		}
		vref(covered);
		vput(vp);
		return (covered);
	}
	memset(&cn, 0, sizeof(cn));
	cn.cn_nameiop = LOOKUP;
	cn.cn_flags = ISDOTDOT | ISLASTCN | MAKEENTRY;
	cn.cn_lkflags = LK_SHARED;
	cn.cn_cred = cred;
	cn.cn_pnbuf = dotdot;
	cn.cn_nameptr = dotdot;
	cn.cn_namelen = 2;
	parent = NULL;
	error = VOP_LOOKUP(vp, &parent, &cn);
	vput(vp);
	if (error != 0 || parent == NULL)
		return (NULL);
	VOP_UNLOCK(parent);
	return (parent);
}

/* Deeper than any path of MAXPATHLEN bytes can be. */
#define	RJAIL_WALK_MAX	(RJAIL_PATH_MAX / 2)

int
rjail_dir_beneath(struct vnode *dir, struct vnode *top, struct ucred *cred)
{
	struct vnode *vp;
	int beneath, locked, steps;

	if (dir == top)
		return (1);
	/*
	 * The caller holds `dir` locked (the MAC checks do); walking up
	 * while holding it would take the parents' locks after the child's,
	 * against the kernel's order. Let it go and take it back as it was:
	 * namei and change_dir check for a doomed vnode after the hook.
	 */
	locked = VOP_ISLOCKED(dir);
	if (locked == LK_EXCLUSIVE || locked == LK_SHARED)
		VOP_UNLOCK(dir);
	else
		locked = 0;
	beneath = 0;
	vref(dir);
	vp = dir;
	for (steps = 0; vp != NULL && steps < RJAIL_WALK_MAX; steps++) {
		if (vp == top) {
			beneath = 1;
			break;
		}
		if (vp == rootvnode)
			break;
		vp = rjail_parent_dir(vp, cred);
	}
	if (vp != NULL)
		vrele(vp);
	if (locked != 0)
		vn_lock(dir, locked | LK_RETRY);
	return (beneath);
}

void
rjail_vref(struct vnode *vp)
{
	vref(vp);
}

void
rjail_vrele(struct vnode *vp)
{
	vrele(vp);
}

int
rjail_attach(struct vnode *root, intptr_t new_label, intptr_t *replaced)
{
	struct thread *td = curthread;
	struct proc *p = td->td_proc;
	struct ucred *newcred, *oldcred;
	int error;

	/*
	 * The new credential and its entry in rjail's label table are made
	 * first, where we may sleep, so that installing the prison below
	 * (under the process lock) cannot fail for want of memory, and a
	 * failure here changes nothing.
	 */
	newcred = crget();
	error = rjail_rs_label_reserve(newcred->cr_label);
	if (error != 0) {
		crfree(newcred);
		return (error);
	}
	sx_xlock(&rjail_attach_sx);
	rjail_attaching_root = root;
	rjail_attaching_td = td;
	vn_lock(root, LK_EXCLUSIVE | LK_RETRY);
	error = change_dir(root, td);
	if (error == 0)
		error = mac_vnode_check_chroot(td->td_ucred, root);
	VOP_UNLOCK(root);
	/* EPERM here while the process holds open directories. */
	if (error == 0)
		error = pwd_chroot_chdir(td, root);
	rjail_attaching_td = NULL;
	rjail_attaching_root = NULL;
	sx_xunlock(&rjail_attach_sx);
	if (error != 0) {
		crfree(newcred);
		return (error);
	}

	PROC_LOCK(p);
	oldcred = crcopysafe(p, newcred);
	/* crcopy gave the new credential a clone of the old label. */
	error = rjail_rs_label_install(newcred->cr_label, new_label, replaced);
	if (error != 0) {
		/* Not reached: the entry was reserved above. */
		PROC_UNLOCK(p);
		crfree(newcred);
		return (error);
	}
	proc_set_cred(p, newcred);
	setsugid(p);
	PROC_UNLOCK(p);
	crfree(oldcred);
	return (0);
}

void
rjail_kill_matching(int (*doomed)(intptr_t label, void *arg), void *arg)
{
	struct proc *p;

	sx_slock(&allproc_lock);
	FOREACH_PROC_IN_SYSTEM(p) {
		PROC_LOCK(p);
		if (p->p_state != PRS_NEW && p != curproc &&
		    (p->p_flag & P_SYSTEM) == 0 && p->p_ucred != NULL &&
		    doomed(rjail_cred_label(p->p_ucred), arg))
			kern_psignal(p, SIGKILL);
		PROC_UNLOCK(p);
	}
	sx_sunlock(&allproc_lock);
}

/*
 * Every rjail lock shares one name, so WITNESS would take nesting two of
 * them for recursion on one lock: DUPOK says they are distinct.
 */
struct sx *
rjail_sx_create(void)
{
	struct sx *sx;

	sx = malloc(sizeof(*sx), M_RJAIL, M_WAITOK | M_ZERO);
	sx_init_flags(sx, "rjail rwlock", SX_DUPOK);
	return (sx);
}

void
rjail_sx_destroy(struct sx *sx)
{
	sx_destroy(sx);
	free(sx, M_RJAIL);
}

void
rjail_sx_slock(struct sx *sx)
{
	sx_slock(sx);
}

void
rjail_sx_sunlock(struct sx *sx)
{
	sx_sunlock(sx);
}

void
rjail_sx_xlock(struct sx *sx)
{
	sx_xlock(sx);
}

void
rjail_sx_xunlock(struct sx *sx)
{
	sx_xunlock(sx);
}

struct mtx *
rjail_mtx_create(void)
{
	struct mtx *mtx;

	mtx = malloc(sizeof(*mtx), M_RJAIL, M_WAITOK | M_ZERO);
	mtx_init(mtx, "rjail mutex", NULL, MTX_DEF | MTX_DUPOK);
	return (mtx);
}

void
rjail_mtx_destroy(struct mtx *mtx)
{
	mtx_destroy(mtx);
	free(mtx, M_RJAIL);
}

void
rjail_mtx_lock(struct mtx *mtx)
{
	mtx_lock(mtx);
}

void
rjail_mtx_unlock(struct mtx *mtx)
{
	mtx_unlock(mtx);
}
