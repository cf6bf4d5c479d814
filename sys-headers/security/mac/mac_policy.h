/* MAC policy modules (stands for sys/security/mac/mac_policy.h). */
#ifndef _SECURITY_MAC_MAC_POLICY_H_
#define _SECURITY_MAC_MAC_POLICY_H_

#include <sys/types.h>
#include <sys/module.h>

struct inpcb;
struct label;
struct mbuf;
struct mac_policy_conf;
struct proc;
struct socket;
struct sockaddr;
struct ucred;
struct vnode;
struct componentname;

/*
 * The operations vector: one pointer per hook, NULL for "no opinion".
 * Only the hooks rjail implements are named; their offsets are those of
 * FreeBSD 15.0 (MAC_VERSION 6).
 */
struct mac_policy_ops {
	char	_pad0[200];
	int	(*mpo_cred_check_visible)(struct ucred *cr1, struct ucred *cr2);
	void	(*mpo_cred_copy_label)(struct label *src, struct label *dest);
	char	_pad1[16];
	void	(*mpo_cred_destroy_label)(struct label *label);
	char	_pad2[8];
	void	(*mpo_cred_init_label)(struct label *label);
	char	_pad3[168];
	int	(*mpo_inpcb_check_deliver)(struct inpcb *inp,
		    struct label *inplabel, struct mbuf *m,
		    struct label *mlabel);
	char	_pad4[640];
	int	(*mpo_priv_check)(struct ucred *cred, int priv);
	int	(*mpo_priv_grant)(struct ucred *cred, int priv);
	int	(*mpo_proc_check_debug)(struct ucred *cred, struct proc *p);
	int	(*mpo_proc_check_sched)(struct ucred *cred, struct proc *p);
	int	(*mpo_proc_check_signal)(struct ucred *cred, struct proc *p,
		    int signum);
	char	_pad5[32];
	int	(*mpo_socket_check_bind)(struct ucred *cred, struct socket *so,
		    struct label *solabel, struct sockaddr *sa);
	int	(*mpo_socket_check_connect)(struct ucred *cred,
		    struct socket *so, struct label *solabel,
		    struct sockaddr *sa);
	int	(*mpo_socket_check_create)(struct ucred *cred, int domain,
		    int type, int protocol);
	char	_pad6[528];
	int	(*mpo_vnode_check_chdir)(struct ucred *cred, struct vnode *dvp,
		    struct label *dvplabel);
	int	(*mpo_vnode_check_chroot)(struct ucred *cred, struct vnode *dvp,
		    struct label *dvplabel);
	char	_pad7[64];
	int	(*mpo_vnode_check_lookup)(struct ucred *cred, struct vnode *dvp,
		    struct label *dvplabel, struct componentname *cnp);
	char	_pad8[264];
};
_Static_assert(sizeof(struct mac_policy_ops) == 2048,
    "security/mac/mac_policy.h: struct mac_policy_ops");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_cred_check_visible) ==
    200, "mpo_cred_check_visible");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_cred_copy_label) == 208,
    "mpo_cred_copy_label");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_cred_destroy_label) ==
    232, "mpo_cred_destroy_label");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_cred_init_label) == 248,
    "mpo_cred_init_label");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_inpcb_check_deliver) ==
    424, "mpo_inpcb_check_deliver");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_priv_check) == 1072,
    "mpo_priv_check");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_priv_grant) == 1080,
    "mpo_priv_grant");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_proc_check_debug) ==
    1088, "mpo_proc_check_debug");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_proc_check_sched) ==
    1096, "mpo_proc_check_sched");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_proc_check_signal) ==
    1104, "mpo_proc_check_signal");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_socket_check_bind) ==
    1144, "mpo_socket_check_bind");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_socket_check_connect) ==
    1152, "mpo_socket_check_connect");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_socket_check_create) ==
    1160, "mpo_socket_check_create");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_vnode_check_chdir) ==
    1696, "mpo_vnode_check_chdir");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_vnode_check_chroot) ==
    1704, "mpo_vnode_check_chroot");
_Static_assert(__offsetof(struct mac_policy_ops, mpo_vnode_check_lookup) ==
    1776, "mpo_vnode_check_lookup");

struct mac_policy_conf {
	char			*mpc_name;
	char			*mpc_fullname;
	struct mac_policy_ops	*mpc_ops;
	int			mpc_loadtime_flags;
	int			*mpc_field_off;	/* receives the label slot */
	int			mpc_runtime_flags;
	char			_pad0[28];	/* spares */
	struct {				/* LIST_ENTRY, kernel's */
		struct mac_policy_conf	*le_next;
		struct mac_policy_conf	**le_prev;
	} mpc_list;
};
_Static_assert(sizeof(struct mac_policy_conf) == 88,
    "security/mac/mac_policy.h: struct mac_policy_conf");
_Static_assert(__offsetof(struct mac_policy_conf, mpc_ops) == 16, "mpc_ops");
_Static_assert(__offsetof(struct mac_policy_conf, mpc_loadtime_flags) == 24,
    "mpc_loadtime_flags");
_Static_assert(__offsetof(struct mac_policy_conf, mpc_field_off) == 32,
    "mpc_field_off");
_Static_assert(__offsetof(struct mac_policy_conf, mpc_runtime_flags) == 40,
    "mpc_runtime_flags");
_Static_assert(__offsetof(struct mac_policy_conf, mpc_list) == 72,
    "mpc_list");

#define	MPC_LOADTIME_FLAG_NOTLATE	0x00000001
#define	MPC_LOADTIME_FLAG_UNLOADOK	0x00000002
#define	MPC_RUNTIME_FLAG_REGISTERED	0x00000001

/* The framework ABI; a policy loads only into the same version. */
#define	MAC_VERSION	6

int	mac_policy_modevent(module_t mod, int type, void *data);
intptr_t mac_label_get(struct label *l, int slot);
void	mac_label_set(struct label *l, int slot, intptr_t v);

/* The policy's configuration, and a module named after the policy that
 * registers it, depending on the framework's ABI version. */
#define	MAC_POLICY_SET(mpops, mpname, mpfullname, mpflags, privdata_wanted) \
	static struct mac_policy_conf mpname##_mac_policy_conf = {	\
		.mpc_name = #mpname,					\
		.mpc_fullname = (mpfullname),				\
		.mpc_ops = (mpops),					\
		.mpc_loadtime_flags = (mpflags),			\
		.mpc_field_off = (privdata_wanted),			\
	};								\
	static moduledata_t mpname##_mod = {				\
		#mpname,						\
		mac_policy_modevent,					\
		&mpname##_mac_policy_conf				\
	};								\
	MODULE_DEPEND(mpname, kernel_mac_support, MAC_VERSION,		\
	    MAC_VERSION, MAC_VERSION);					\
	DECLARE_MODULE(mpname, mpname##_mod, SI_SUB_MAC_POLICY,		\
	    SI_ORDER_MIDDLE)

#endif /* !_SECURITY_MAC_MAC_POLICY_H_ */
