/*
 * The "rjail" MAC policy: the credential label hooks through which rjail
 * knows each credential's prison, and the hooks through which it enforces
 * its prisons.
 *
 * Facts from security/mac/mac_framework.c and mac_cred.c that shape this
 * file:
 *  - The policy loads late and may unload (MPC_LOADTIME_FLAG_UNLOADOK), so
 *    it sits on the framework's dynamic list; the framework waits for hooks
 *    in flight before it lets the policy go.
 *  - It registers WITHOUT a label slot (mpc_field_off NULL): a slot taken at
 *    registration is never given back (mac_policy_register clears a bit of
 *    mac_slot_offsets_free that nothing sets again), so a slotted policy
 *    could be loaded only MAC_MAX_SLOTS times per boot. The label hooks are
 *    called all the same (MAC_POLICY_PERFORM walks every policy), and since
 *    mpo_cred_init_label is set, mac_policy_getlabeled adds MPC_OBJECT_CRED
 *    to mac_labeled: every credential made after the load has a cr_label.
 *    rjail keys its own table by that label's address (src/prison/
 *    label_table.rs): init reserves the entry (it may sleep: crget's
 *    mac_cred_label_alloc uses MAC_POLICY_PERFORM), copy fills it and
 *    destroy empties it (both MAC_POLICY_PERFORM_NOSLEEP: the Rust side
 *    neither sleeps nor allocates there).
 *  - Credentials made before the load (or with cr_label NULL) are unknown to
 *    the table: they belong to the host.
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

/* Both are defined for real by MAC_POLICY_SET at the end of this file. */
static struct mac_policy_ops rjail_mac_ops;
static struct mac_policy_conf rjail_mac_policy_conf;

int
rjail_policy_registered(void)
{
	return ((rjail_mac_policy_conf.mpc_runtime_flags &
	    MPC_RUNTIME_FLAG_REGISTERED) != 0);
}

intptr_t
rjail_cred_label(struct ucred *cred)
{
	if (cred == NULL || cred->cr_label == NULL)
		return (0);
	return (rjail_rs_label_lookup(cred->cr_label));
}

static void
rjail_cred_init_label(struct label *label)
{
	rjail_rs_label_init(label);
}

static void
rjail_cred_copy_label(struct label *src, struct label *dest)
{
	rjail_rs_label_copy(src, dest);
}

static void
rjail_cred_destroy_label(struct label *label)
{
	rjail_rs_label_destroy(label);
}

static int
rjail_priv_check_hook(struct ucred *cred, int priv)
{
	intptr_t subject;

	subject = rjail_cred_label(cred);
	/* The host is never vetoed: no need to ask Rust. */
	if (subject == 0)
		return (0);
	return (rjail_rs_priv_check(subject, priv, cred->cr_uid, cred));
}

static int
rjail_priv_grant_hook(struct ucred *cred, int priv)
{
	intptr_t subject;

	subject = rjail_cred_label(cred);
	/* rjail grants the host nothing: no need to ask Rust. */
	if (subject == 0)
		return (EPERM);
	return (rjail_rs_priv_grant(subject, priv));
}

/*
 * One credential, or two whose labels name the same prison (both the
 * host's included), leave nothing for the visibility and tampering rules
 * to decide: a prison sees and may signal, debug and reschedule its own
 * processes (policy/visibility.rs, check and check_tamper). A process and
 * the children it forked share one credential until one of them changes
 * it, so the common case asks neither the label table nor Rust.
 * rjail_one_prison answers that, and otherwise leaves both labels for the
 * Rust check.
 */
static int
rjail_one_prison(struct ucred *subject, struct ucred *object,
    intptr_t *subject_label, intptr_t *object_label)
{
	if (subject == object)
		return (1);
	*subject_label = rjail_cred_label(subject);
	*object_label = rjail_cred_label(object);
	return (*subject_label == *object_label);
}

static int
rjail_cred_check_visible(struct ucred *subject, struct ucred *object)
{
	intptr_t seer, seen;

	if (rjail_one_prison(subject, object, &seer, &seen))
		return (0);
	return (rjail_rs_cred_check_visible(seer, seen));
}

/* The framework calls the proc checks with the target process locked. */
static int
rjail_proc_check_signal(struct ucred *cred, struct proc *p, int signum)
{
	intptr_t subject, object;

	if (rjail_one_prison(cred, p->p_ucred, &subject, &object))
		return (0);
	return (rjail_rs_proc_check_signal(cred, subject, object, signum));
}

static int
rjail_proc_check_debug(struct ucred *cred, struct proc *p)
{
	intptr_t subject, object;

	if (rjail_one_prison(cred, p->p_ucred, &subject, &object))
		return (0);
	return (rjail_rs_proc_check_debug(cred, subject, object));
}

static int
rjail_proc_check_sched(struct ucred *cred, struct proc *p)
{
	intptr_t subject, object;

	if (rjail_one_prison(cred, p->p_ucred, &subject, &object))
		return (0);
	return (rjail_rs_proc_check_sched(cred, subject, object));
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

/* No label slot (NULL): see the comment at the top of this file. */
MAC_POLICY_SET(&rjail_mac_ops, rjail, "rjail prisons",
    MPC_LOADTIME_FLAG_UNLOADOK, NULL);
