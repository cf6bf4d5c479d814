/*
 * The layout facts sys-headers/ claims, asserted against whatever headers
 * this file is compiled with. The FreeBSD build (kmod/Makefile) compiles it
 * against the real /usr/src/sys, which proves the curated copy right for
 * the running release; kmod/build.sh compiles it against sys-headers/.
 * It contains no code.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/malloc.h>
#include <sys/sysent.h>
#include <sys/sysctl.h>
#include <sys/eventhandler.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/sx.h>
#include <sys/rwlock.h>
#include <sys/jail.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/priv.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/filedesc.h>
#include <sys/capsicum.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/mbuf.h>
#include <sys/domain.h>
#include <sys/epoch.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route/nhop.h>
#include <netinet/in.h>
#include <netinet/in_pcb.h>
#include <bsm/audit_kevents.h>
#include <security/mac/mac_policy.h>

#define	SIZE(type, n)		_Static_assert(sizeof(type) == (n), #type)
#define	OFFSET(type, m, n)	_Static_assert(__offsetof(type, m) == (n), \
				    #type "." #m)
#define	VALUE(name, n)		_Static_assert((name) == (n), #name)

VALUE(__FreeBSD_version, 1500068);
VALUE(MAC_VERSION, 6);
VALUE(PRIV_DEBUG_DIFFJAIL, 84);
VALUE(PRIV_JAIL_ATTACH, 110);
VALUE(PRIV_JAIL_SET, 111);
VALUE(PRIV_JAIL_REMOVE, 112);
VALUE(PRIV_SCHED_DIFFJAIL, 209);
VALUE(PRIV_SIGNAL_DIFFJAIL, 232);
VALUE(M_VERSION, 2024073001);

SIZE(struct sysinit, 32);
OFFSET(struct sysinit, func, 16);
OFFSET(struct sysinit, udata, 24);
SIZE(moduledata_t, 24);
SIZE(struct mod_metadata, 24);
OFFSET(struct mod_metadata, md_data, 8);
SIZE(struct mod_depend, 12);
SIZE(struct mod_version, 4);
SIZE(struct malloc_type, 112);
OFFSET(struct malloc_type, ks_version, 8);
OFFSET(struct malloc_type, ks_shortdesc, 16);
SIZE(struct sysent, 32);
OFFSET(struct sysent, sy_narg, 16);
OFFSET(struct sysent, sy_auevent, 18);
OFFSET(struct sysent, sy_thrcnt, 28);
SIZE(struct syscall_module_data, 72);
OFFSET(struct syscall_module_data, old_sysent, 32);
OFFSET(struct syscall_module_data, flags, 64);
SIZE(struct sysctl_oid, 112);
OFFSET(struct sysctl_oid, oid_parent, 8);
OFFSET(struct sysctl_oid, oid_number, 40);
OFFSET(struct sysctl_oid, oid_arg1, 48);
OFFSET(struct sysctl_oid, oid_name, 64);
OFFSET(struct sysctl_oid, oid_handler, 72);
OFFSET(struct sysctl_oid, oid_descr, 96);
OFFSET(struct sysctl_oid, oid_label, 104);
SIZE(struct sysctl_req, 96);
OFFSET(struct sysctl_req, td, 0);
OFFSET(struct sysctl_req, oldptr, 16);
OFFSET(struct sysctl_req, oldidx, 32);
OFFSET(struct sysctl_req, oldfunc, 40);
OFFSET(struct sysctl_req, newptr, 48);
OFFSET(struct sysctl_req, newfunc, 72);
OFFSET(struct sysctl_req, flags, 88);
SIZE(struct sysctl_ctx_list, 16);
VALUE(CTLTYPE_STRUCT, 5);
VALUE(CTLTYPE_UINT, 6);
VALUE(CTLTYPE_LONG, 7);
VALUE(CTLTYPE_ULONG, 8);
VALUE(CTLFLAG_TUN, 0x00080000);

SIZE(struct lock_object, 24);
SIZE(struct mtx, 32);
OFFSET(struct mtx, mtx_lock, 24);
SIZE(struct sx, 32);
SIZE(struct thread, 1824);
OFFSET(struct thread, td_proc, 8);
OFFSET(struct thread, td_ucred, 392);
OFFSET(struct thread, td_retval, 1168);
OFFSET(struct thread, td_sa, 1048);
SIZE(struct syscall_args, 80);
OFFSET(struct syscall_args, callp, 8);
SIZE(struct rwlock, 32);
SIZE(struct proc, 1368);
VALUE(CTLFLAG_DYN, 0x02000000);
SIZE(struct prison, 2176);
OFFSET(struct prison, pr_securelevel, 252);

OFFSET(struct proc, p_list, 0);
OFFSET(struct proc, p_ucred, 64);
OFFSET(struct proc, p_flag, 184);
OFFSET(struct proc, p_state, 192);
OFFSET(struct proc, p_pid, 196);
OFFSET(struct proc, p_mtx, 296);
SIZE(struct ucred, 264);
OFFSET(struct ucred, cr_uid, 100);
OFFSET(struct ucred, cr_prison, 144);
OFFSET(struct ucred, cr_label, 176);
SIZE(struct nameidata, 216);
OFFSET(struct nameidata, ni_segflg, 8);
OFFSET(struct nameidata, ni_rightsneeded, 16);
OFFSET(struct nameidata, ni_startdir, 24);
OFFSET(struct nameidata, ni_dirfd, 48);
OFFSET(struct nameidata, ni_filecaps, 56);
OFFSET(struct nameidata, ni_vp, 88);
OFFSET(struct nameidata, ni_resflags, 104);
OFFSET(struct nameidata, ni_debugflags, 108);
VALUE(NAMEI_DBG_INITED, 1);
OFFSET(struct nameidata, ni_cnd, 128);
OFFSET(struct nameidata, ni_cap_tracker, 176);
OFFSET(struct nameidata, ni_rbeneath_dpp, 192);
OFFSET(struct nameidata, ni_nctrack_mnt, 200);
SIZE(struct componentname, 48);
OFFSET(struct componentname, cn_nameiop, 16);
OFFSET(struct componentname, cn_pnbuf, 24);
SIZE(struct filecaps, 32);
OFFSET(struct filecaps, fc_nioctls, 24);
SIZE(cap_rights_t, 16);
SIZE(struct vnode, 440);
OFFSET(struct vnode, v_type, 0);
OFFSET(struct vnode, v_op, 16);
OFFSET(struct vnode, v_irflag, 2);
OFFSET(struct vnode, v_mount, 32);
OFFSET(struct vnode, v_mountedhere, 56);
OFFSET(struct vnode, v_vflag, 426);
VALUE(VIRF_DOOMED, 0x0001);
VALUE(VV_ROOT, 0x0001);
VALUE(LK_SHARED, 0x200000);
VALUE(ISDOTDOT, 0x20000000);
VALUE(ISLASTCN, 0x10000000);
VALUE(MAKEENTRY, 0x04000000);
SIZE(struct mount, 2816);
OFFSET(struct mount, mnt_vnodecovered, 32);
SIZE(struct vop_lookup_args, 32);
OFFSET(struct vop_lookup_args, a_cnp, 24);
SIZE(struct vop_islocked_args, 16);
SIZE(struct statfs, 2344);
OFFSET(struct statfs, f_fsid, 192);
OFFSET(struct statfs, f_fstypename, 280);
OFFSET(struct statfs, f_mntfromname, 296);
OFFSET(struct statfs, f_mntonname, 1320);
SIZE(struct vfsconf, 80);
OFFSET(struct vfsconf, vfc_name, 4);
OFFSET(struct vfsconf, vfc_flags, 48);
OFFSET(struct mount, mnt_flag, 8);
OFFSET(struct mount, mnt_vfc, 48);
OFFSET(struct mount, mnt_list, 104);
OFFSET(struct mount, mnt_stat, 176);
OFFSET(struct mount, mnt_cred, 2520);
VALUE(VFCF_JAIL, 0x00400000);
VALUE(MNT_ROOTFS, 0x0000000000004000ULL);
VALUE(MNT_BYFSID, 0x0000000008000000ULL);
VALUE(MFSNAMELEN, 16);
VALUE(MNAMELEN, 1024);
SIZE(struct pwd, 40);
OFFSET(struct pwd, pwd_rdir, 16);
SIZE(struct sockaddr, 16);
OFFSET(struct sockaddr, sa_family, 1);
SIZE(struct mac_policy_conf, 88);
OFFSET(struct mac_policy_conf, mpc_field_off, 32);
OFFSET(struct mac_policy_conf, mpc_runtime_flags, 40);
OFFSET(struct mac_policy_conf, mpc_list, 72);
SIZE(struct mac_policy_ops, 2048);
OFFSET(struct mac_policy_ops, mpo_cred_check_visible, 200);
OFFSET(struct mac_policy_ops, mpo_priv_grant, 1080);
OFFSET(struct mac_policy_ops, mpo_cred_copy_label, 208);
OFFSET(struct mac_policy_ops, mpo_cred_destroy_label, 232);
OFFSET(struct mac_policy_ops, mpo_cred_init_label, 248);
OFFSET(struct mac_policy_ops, mpo_priv_check, 1072);
OFFSET(struct mac_policy_ops, mpo_proc_check_debug, 1088);
OFFSET(struct mac_policy_ops, mpo_proc_check_sched, 1096);
OFFSET(struct mac_policy_ops, mpo_proc_check_signal, 1104);
OFFSET(struct mac_policy_ops, mpo_socket_check_bind, 1144);
OFFSET(struct mac_policy_ops, mpo_socket_check_connect, 1152);
OFFSET(struct mac_policy_ops, mpo_inpcb_check_deliver, 424);
OFFSET(struct mac_policy_ops, mpo_socket_check_create, 1160);
OFFSET(struct mac_policy_ops, mpo_vnode_check_chroot, 1704);
OFFSET(struct mac_policy_ops, mpo_vnode_check_chdir, 1696);
OFFSET(struct mac_policy_ops, mpo_vnode_check_lookup, 1776);

VALUE(MOD_LOAD, 0);
VALUE(MOD_UNLOAD, 1);
VALUE(MOD_QUIESCE, 3);
VALUE(MDT_DEPEND, 1);
VALUE(MDT_MODULE, 2);
VALUE(MDT_VERSION, 3);
VALUE(MDT_STRUCT_VERSION, 1);
VALUE(SI_SUB_KMEM, 0x1800000);
VALUE(SI_SUB_KLD, 0x2000000);
VALUE(SI_SUB_MAC_POLICY, 0x21C0000);
VALUE(SI_SUB_SYSCALLS, 0xd800000);
VALUE(SI_ORDER_THIRD, 2);
VALUE(SI_ORDER_MIDDLE, 0x1000000);
VALUE(SI_ORDER_ANY, 0xfffffff);
VALUE(NO_SYSCALL, -1);
VALUE(AUE_NULL, 0);
VALUE(AUE_CONNECT, 32);
VALUE(AUE_CONNECTAT, 43208);
VALUE(CTLTYPE_NODE, 1);
VALUE(CTLTYPE_INT, 2);
VALUE(CTLTYPE_STRING, 3);
VALUE(CTLFLAG_RD, 0x80000000);
VALUE(CTLFLAG_PRISON, 0x04000000);
VALUE(CTLFLAG_MPSAFE, 0x00040000);
VALUE(OID_AUTO, -1);
VALUE(M_WAITOK, 2);
VALUE(M_ZERO, 0x100);
VALUE(MPC_LOADTIME_FLAG_UNLOADOK, 2);
VALUE(MPC_RUNTIME_FLAG_REGISTERED, 1);
VALUE(LK_EXCLUSIVE, 0x80000);
VALUE(LK_RETRY, 0x400);
VALUE(LOOKUP, 0);
VALUE(FOLLOW, 0x40);
VALUE(LOCKLEAF, 0x4);
VALUE(AUDITVNODE1, 0x40000);
VALUE(UIO_SYSSPACE, 1);
VALUE(VDIR, 2);
VALUE(PRS_NEW, 0);
VALUE(P_SYSTEM, 0x200);
VALUE(SX_DUPOK, 1);
VALUE(MTX_DEF, 0);
VALUE(MTX_DUPOK, 0x10);
VALUE(EVENTHANDLER_PRI_ANY, 10000);
VALUE(PRIV_JAIL_ATTACH, 110);
VALUE(PRIV_JAIL_SET, 111);
VALUE(PRIV_JAIL_REMOVE, 112);
VALUE(MAXPATHLEN, 1024);

/* kmod/rjail_inet.c */
SIZE(struct socket, 1024);
OFFSET(struct socket, so_options, 184);
OFFSET(struct socket, so_type, 188);
OFFSET(struct socket, so_pcb, 192);
OFFSET(struct socket, so_vnet, 200);
OFFSET(struct socket, so_proto, 208);
OFFSET(struct thread, td_vnet, 1728);
OFFSET(struct socket, so_fibnum, 304);
SIZE(struct protosw, 264);
OFFSET(struct protosw, pr_protocol, 2);
OFFSET(struct protosw, pr_domain, 8);
SIZE(struct domain, 80);
OFFSET(struct domain, dom_family, 8);
SIZE(struct epoch_tracker, 32);
SIZE(struct ifaddr, 104);
OFFSET(struct ifaddr, ifa_ifp, 24);
SIZE(struct nhop_object, 128);
OFFSET(struct nhop_object, nh_ifp, 32);
OFFSET(struct nhop_object, nh_ifa, 40);
SIZE(struct sockaddr_in6, 28);
SIZE(struct inpcb, 376);
OFFSET(struct inpcb, inp_flags, 68);
OFFSET(struct inpcb, inp_lock, 32);
OFFSET(struct inpcb, inp_socket, 80);
OFFSET(struct inpcb, inp_cred, 96);
OFFSET(struct inpcb, inp_vflag, 108);
OFFSET(struct inpcb, inp_lport, 138);
SIZE(struct mbuf, 256);
OFFSET(struct mbuf, m_data, 16);
OFFSET(struct mbuf, m_len, 24);
OFFSET(struct inpcb, in6p_laddr, 156);
OFFSET(struct inpcb, inp_laddr, 168);
VALUE(SO_DONTROUTE, 0x10);
VALUE(IFF_LOOPBACK, 0x8);
VALUE(IN6P_IPV6_V6ONLY, 0x8000);
VALUE(INP_DROPPED, 0x04000000);
VALUE(ENETUNREACH, 51);
