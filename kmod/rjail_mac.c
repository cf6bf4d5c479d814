/*
 * The "rjail" MAC policy: a label slot on every credential holding the
 * Rust-owned prison reference (0 = the host), and the hooks through which
 * rjail enforces its prisons.
 *
 * Facts from security/mac/mac_framework.c and mac_cred.c that shape this
 * file:
 *  - The policy loads late and may unload (MPC_LOADTIME_FLAG_UNLOADOK), so
 *    it sits on the framework's dynamic list; the framework waits for hooks
 *    in flight before it lets the policy go.
 *  - The label slot is assigned at registration; credentials allocated
 *    before that (or before any labelled policy) have cr_label == NULL, and
 *    a copy may have a NULL source. Such a credential belongs to the host.
 *  - The label hooks and most checks run with non-sleepable locks held
 *    (MAC_POLICY_*_NOSLEEP): the Rust side neither sleeps nor allocates.
 *  - Slots are not given back at unregistration: each load of the policy
 *    uses one of MAC_MAX_SLOTS.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/socket.h>
#include <sys/namei.h>

#include <security/mac/mac_policy.h>

#include "rjail_glue.h"
#include "rjail_internal.h"

static int rjail_slot;
/* Both are defined for real by MAC_POLICY_SET at the end of this file. */
static struct mac_policy_ops rjail_mac_ops;
static struct mac_policy_conf rjail_mac_policy_conf;

int
rjail_policy_registered(void)
{
	return ((rjail_mac_policy_conf.mpc_runtime_flags &
	    MPC_RUNTIME_FLAG_REGISTERED) != 0);
}

static intptr_t
rjail_label_get(struct label *label)
{
	if (label == NULL || !rjail_policy_registered())
		return (0);
	return (mac_label_get(label, rjail_slot));
}

intptr_t
rjail_cred_label(struct ucred *cred)
{
	if (cred == NULL)
		return (0);
	return (rjail_label_get(cred->cr_label));
}

void
rjail_cred_set_label(struct ucred *cred, intptr_t value)
{
	mac_label_set(cred->cr_label, rjail_slot, value);
}

static void
rjail_cred_init_label(struct label *label)
{
	mac_label_set(label, rjail_slot, 0);
}

static void
rjail_cred_copy_label(struct label *src, struct label *dest)
{
	intptr_t previous;

	if (dest == NULL)
		return;
	previous = mac_label_get(dest, rjail_slot);
	mac_label_set(dest, rjail_slot, rjail_rs_label_clone(rjail_label_get(src)));
	if (previous != 0)
		rjail_rs_label_release(previous);
}

static void
rjail_cred_destroy_label(struct label *label)
{
	intptr_t value;

	value = mac_label_get(label, rjail_slot);
	mac_label_set(label, rjail_slot, 0);
	if (value != 0)
		rjail_rs_label_release(value);
}

static int
rjail_priv_check_hook(struct ucred *cred, int priv)
{
	return (rjail_rs_priv_check(rjail_cred_label(cred), priv, cred->cr_uid,
	    rjail_priv_asked_by_rjail(cred)));
}

static int
rjail_priv_grant_hook(struct ucred *cred, int priv)
{
	return (rjail_rs_priv_grant(rjail_cred_label(cred), priv));
}

static int
rjail_cred_check_visible(struct ucred *subject, struct ucred *object)
{
	return (rjail_rs_cred_check_visible(rjail_cred_label(subject),
	    rjail_cred_label(object)));
}

/* The framework calls the proc checks with the target process locked. */
static int
rjail_proc_check_signal(struct ucred *cred, struct proc *p, int signum)
{
	return (rjail_rs_proc_check_signal(cred, rjail_cred_label(cred),
	    rjail_cred_label(p->p_ucred), signum));
}

static int
rjail_proc_check_debug(struct ucred *cred, struct proc *p)
{
	return (rjail_rs_proc_check_debug(cred, rjail_cred_label(cred),
	    rjail_cred_label(p->p_ucred)));
}

static int
rjail_proc_check_sched(struct ucred *cred, struct proc *p)
{
	return (rjail_rs_proc_check_sched(cred, rjail_cred_label(cred),
	    rjail_cred_label(p->p_ucred)));
}

static int
rjail_socket_check_create(struct ucred *cred, int domain, int type,
    int protocol)
{
	if (!rjail_socket_protocol_exists(domain, type, protocol))
		return (0);
	return (rjail_rs_socket_check_create(rjail_cred_label(cred), domain,
	    type, protocol));
}

static int
rjail_socket_check_bind(struct ucred *cred, struct socket *so,
    struct label *solabel __unused, struct sockaddr *sa)
{
	return (rjail_rs_socket_check_bind(rjail_cred_label(cred), so, sa,
	    sa->sa_len));
}

static int
rjail_socket_check_connect(struct ucred *cred, struct socket *so,
    struct label *solabel __unused, struct sockaddr *sa)
{
	return (rjail_rs_socket_check_connect(rjail_cred_label(cred), so, sa,
	    sa->sa_len));
}

/*
 * A directory reaches a prisoner from outside its root only as a
 * descriptor (passed over a unix socket: FreeBSD marks such descriptors
 * UF_RESOLVE_BENEATH only for receivers in a jail other than prison0,
 * sys/kern/uipc_usrreq.c restrict_rights, and rjail's prisoners are in
 * prison0). These three checks give the prisoner the same confinement:
 * no chdir or chroot to such a directory (sys_fchdir/sys_fchroot give
 * ENOTCAPABLE for a beneath-only descriptor, sys/kern/vfs_syscalls.c) and
 * no ".." out of one (namei's RBENEATH, sys/kern/vfs_lookup.c). Lookups
 * downward from it stay allowed, as beneath a FreeBSD descriptor.
 */
static int
rjail_vnode_check_chdir(struct ucred *cred, struct vnode *dvp,
    struct label *dvplabel __unused)
{
	/* rjail_attach entering a prison's root (see rjail_kern.c). */
	if (rjail_attach_enters(dvp))
		return (0);
	return (rjail_rs_vnode_check_dir(rjail_cred_label(cred), dvp, cred));
}

static int
rjail_vnode_check_chroot(struct ucred *cred, struct vnode *dvp,
    struct label *dvplabel __unused)
{
	if (rjail_attach_enters(dvp))
		return (0);
	return (rjail_rs_vnode_check_dir(rjail_cred_label(cred), dvp, cred));
}

/*
 * vfs_lookup calls this for every component with `dvp` locked, after its
 * own ".." handling: a ".." from the process's root (or the global root)
 * never arrives here, one from a filesystem's root arrives as a ".." from
 * the vnode it covers.
 */
static int
rjail_vnode_check_lookup(struct ucred *cred, struct vnode *dvp,
    struct label *dvplabel __unused, struct componentname *cnp)
{
	intptr_t label;

	if ((cnp->cn_flags & ISDOTDOT) == 0)
		return (0);
	label = rjail_cred_label(cred);
	if (label == 0)
		return (0);
	return (rjail_rs_vnode_check_dir(label, dvp, cred));
}

static struct mac_policy_ops rjail_mac_ops = {
	.mpo_cred_init_label = rjail_cred_init_label,
	.mpo_cred_copy_label = rjail_cred_copy_label,
	.mpo_cred_destroy_label = rjail_cred_destroy_label,
	.mpo_priv_check = rjail_priv_check_hook,
	.mpo_priv_grant = rjail_priv_grant_hook,
	.mpo_cred_check_visible = rjail_cred_check_visible,
	.mpo_proc_check_signal = rjail_proc_check_signal,
	.mpo_proc_check_debug = rjail_proc_check_debug,
	.mpo_proc_check_sched = rjail_proc_check_sched,
	.mpo_socket_check_create = rjail_socket_check_create,
	.mpo_socket_check_bind = rjail_socket_check_bind,
	.mpo_socket_check_connect = rjail_socket_check_connect,
	.mpo_inpcb_check_deliver = rjail_inpcb_check_deliver,
	.mpo_vnode_check_chdir = rjail_vnode_check_chdir,
	.mpo_vnode_check_chroot = rjail_vnode_check_chroot,
	.mpo_vnode_check_lookup = rjail_vnode_check_lookup,
};

MAC_POLICY_SET(&rjail_mac_ops, rjail, "rjail prisons",
    MPC_LOADTIME_FLAG_UNLOADOK, &rjail_slot);
