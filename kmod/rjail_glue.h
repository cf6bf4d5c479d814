/*
 * The boundary between rjail's C glue and its Rust half.
 *
 * Two lists live here and nowhere else:
 *
 *  - rjail_rs_*: entry points written in Rust (src/kernel/entry.rs) that the
 *    glue calls from system calls, MAC hooks, eventhandlers, sysctl handlers
 *    and the module lifecycle;
 *  - rjail_*: helpers written in C (the kmod directory) that the Rust side calls for
 *    everything that touches a kernel structure's fields or a kernel macro.
 *
 * Only opaque pointers and plain integers cross the line, so the Rust side
 * never depends on a structure layout. A credential's rjail label is an
 * intptr_t owned by Rust: 0 means "the host"; any other value is a counted
 * reference created and released only by Rust (crate::prison::label).
 *
 * bindgen reads this file (build.rs); it must stay plain C declarations.
 */
#ifndef _RJAIL_GLUE_H_
#define _RJAIL_GLUE_H_

#include <sys/types.h>

struct sx;
struct mtx;
struct vnode;
struct ucred;
struct label;
struct sysctl_oid;
struct sysctl_req;
struct socket;

#ifndef RJAIL_VERSION_STRING
#define RJAIL_VERSION_STRING "0.1.0"
#endif

/* Longest path the helpers accept or produce, NUL included (MAXPATHLEN). */
#define RJAIL_PATH_MAX 1024

/*
 * Rust entry points: module lifecycle (kmod/rjail_module.c).
 */
/* Creates rjail's global state; runs before any syscall or hook exists. */
int	rjail_rs_load(void);
/* EBUSY while any prison exists (MOD_QUIESCE); changes nothing. */
int	rjail_rs_quiesce(void);
/*
 * EBUSY while any prison exists; otherwise closes rjail in the same step
 * (under the prison tree's lock): from now on no prison can be created, so
 * the answer cannot go stale (MOD_UNLOAD).
 */
int	rjail_rs_unload(void);
/* Undoes rjail_rs_unload's closing when the unload fails after it. */
void	rjail_rs_reopen(void);
/* Frees all global state; runs after every syscall and hook is gone. */
void	rjail_rs_teardown(void);

/*
 * Rust entry points: the five system calls (kmod/rjail_syscalls.c). Each
 * returns an errno and, on success, stores the value for td_retval[0].
 */
int	rjail_rs_jail(uintptr_t jail_uaddr, int *retval);
int	rjail_rs_jail_set(uintptr_t iov_uaddr, u_int niov, int flags,
	    int *retval);
int	rjail_rs_jail_get(uintptr_t iov_uaddr, u_int niov, int flags,
	    int *retval);
int	rjail_rs_jail_attach(int jid, int *retval);
int	rjail_rs_jail_remove(int jid, int *retval);

/*
 * Rust entry points: credential labels (kmod/rjail_mac.c). rjail keeps its
 * own table keyed by the address of a credential's MAC label (the policy
 * has no label slot; see src/prison/label_table.rs). A label value is an
 * intptr_t: 0 means "the host"; any other value is a counted prison
 * reference created and released only by Rust (crate::prison::label).
 */
/* mpo_cred_init_label: reserves the label's entry. May sleep (M_WAITOK). */
void	rjail_rs_label_init(struct label *label);
/* mpo_cred_copy_label: dest gets src's prison. Never sleeps/allocates. */
void	rjail_rs_label_copy(struct label *src, struct label *dest);
/* mpo_cred_destroy_label: forgets the label. Never sleeps/allocates. */
void	rjail_rs_label_destroy(struct label *label);
/* The label's value (0 for the host or an unknown label). Never sleeps. */
intptr_t rjail_rs_label_lookup(struct label *label);
/*
 * Reserves an entry for a credential rjail is about to install (attach).
 * May sleep. 0, or ENOMEM when the credential has no label.
 */
int	rjail_rs_label_reserve(struct label *label);
/*
 * Makes `value` the label's value; `*previous` receives the value it
 * replaces (a reference Rust must release). Never sleeps; fails (ENOMEM,
 * nothing changed) only for a label rjail_rs_label_reserve did not reserve.
 */
int	rjail_rs_label_install(struct label *label, intptr_t value,
	    intptr_t *previous);
/* The label table's figures, in this order (security.jail.rjail.label_table). */
#define	RJAIL_LABEL_FIGURES	6
void	rjail_rs_label_table_figures(uint64_t *figures);
/* A new counted reference to the same prison as `label` (0 stays 0). */
intptr_t rjail_rs_label_clone(intptr_t label);
/* Releases one reference created by rjail_rs_label_clone or by Rust. */
void	rjail_rs_label_release(intptr_t label);
/* Non-zero when the label is an rjail prison's. */
int	rjail_rs_label_in_prison(intptr_t label);

/*
 * Rust entry points: MAC decisions. Each returns 0 to allow or an errno.
 * `subject` is the acting credential's label; `object` a target's.
 */
/*
 * `euid` is the credential's effective uid; `cred` the credential, which
 * Rust hands to rjail_priv_asked_by_rjail when the answer depends on
 * whether one of rjail's own system calls asks. Called for prisoners only.
 */
int	rjail_rs_priv_check(intptr_t subject, int priv, uid_t euid,
	    struct ucred *cred);
/* 0 to grant a privilege the kernel would otherwise refuse. */
int	rjail_rs_priv_grant(intptr_t subject, int priv);
int	rjail_rs_cred_check_visible(intptr_t subject, intptr_t object);
/*
 * `cred` is the acting credential, for the *_DIFFJAIL privilege checks
 * (rjail_priv_check_cred) that decide whether it may act on a process of
 * a descendant prison.
 */
int	rjail_rs_proc_check_signal(struct ucred *cred, intptr_t subject,
	    intptr_t object, int signum);
int	rjail_rs_proc_check_debug(struct ucred *cred, intptr_t subject,
	    intptr_t object);
int	rjail_rs_proc_check_sched(struct ucred *cred, intptr_t subject,
	    intptr_t object);
int	rjail_rs_socket_check_create(intptr_t subject, int domain, int type,
	    int protocol);
/*
 * `sa` is the kernel's copy of the caller's sockaddr (sa_len bytes), the
 * very one sobind/soconnect use next: Rust may rewrite the address in it.
 */
int	rjail_rs_socket_check_bind(intptr_t subject, struct socket *so,
	    void *sa, u_int sa_len);
/*
 * Also called with sendto(2)'s destination (kern_sendit). May give `so`
 * (rjail_socket_take_source) the source address the jail would choose.
 */
int	rjail_rs_socket_check_connect(intptr_t subject, struct socket *so,
	    void *sa, u_int sa_len);
/*
 * chdir, chroot, and a ".." lookup from `dir`: a prisoner may not make a
 * directory outside its prison's root its working or root directory, nor
 * walk up from one (ENOTCAPABLE). May sleep: these checks run where the
 * kernel sleeps (MAC_POLICY_CHECK, a vnode lock held).
 */
int	rjail_rs_vnode_check_dir(intptr_t subject, struct vnode *dir,
	    struct ucred *cred);

/*
 * Rust entry points: the interposed system call entries
 * (kmod/rjail_sysent.c). `label` is a prisoner's (non-zero).
 */
/* The prison's root directory (held by the prison), or NULL. */
struct vnode *rjail_rs_prison_root(intptr_t label);
/*
 * Applies the prison's enforce_statfs to one statfs record's mount point
 * name (`mntonname`, `size` bytes, NUL-terminated): 1 when the mount is
 * visible to the prisoner (the name rewritten as it must see it), 0 when
 * it is not (the name is then "[restricted]"). `is_root_mount` says the
 * record is of the mount holding the prison's root.
 */
int	rjail_rs_statfs_confine(intptr_t label, int is_root_mount,
	    char *mntonname, size_t size);
/*
 * The base system's jail_get(2) for an rjail prisoner: what a base-system
 * prisoner without children gets. Returns an errno; never finds a jail.
 */
int	rjail_rs_base_jail_get(uintptr_t iov_uaddr, u_int niov, int flags,
	    int *retval);

/*
 * Rust entry points: sysctls (kmod/rjail_sysctl.c). `viewer` is the label
 * of the requesting thread's credential. Handlers may sleep.
 */
/* Adds the dynamic OIDs with the rjail_sysctl_add_* helpers (MOD_LOAD). */
int	rjail_rs_sysctl_create(void);
/* The value of knob number `knob` for the viewer, or an errno. */
int	rjail_rs_sysctl_knob_read(u_int knob, intptr_t viewer, int *value);
/* Stores a value written to knob number `knob`: 0 or an errno. */
int	rjail_rs_sysctl_knob_write(u_int knob, intptr_t viewer, int value);
/* security.jail.rjail.jailed for the viewer. */
int	rjail_rs_sysctl_jailed(intptr_t viewer);
/* security.jail.rjail.list: sends the records with rjail_sysctl_out. */
int	rjail_rs_sysctl_list(intptr_t viewer, struct sysctl_req *req);

/*
 * Rust entry points: process accounting (process_fork / process_exit
 * eventhandlers). May not sleep.
 */
void	rjail_rs_process_fork(intptr_t child_label);
void	rjail_rs_process_exit(intptr_t label);

/*
 * C helpers: the calling thread (kmod/rjail_kern.c).
 */
/* The rjail label of curthread's credential (0 before the policy loads). */
intptr_t rjail_curthread_label(void);
/* Non-zero when curthread's credential is in a base-system jail. */
int	rjail_curthread_natively_jailed(void);
/* priv_check(9) on curthread: 0 or an errno. May not be nested. */
int	rjail_priv_check(int priv);
/*
 * Non-zero while `cred` is curthread's credential and curthread is inside
 * rjail_priv_check (rjail's own privilege check). Lock-free; never sleeps.
 */
int	rjail_priv_asked_by_rjail(struct ucred *cred);
/* priv_check_cred(9): 0 or an errno; does not sleep (hooks use it). */
int	rjail_priv_check_cred(struct ucred *cred, int priv);

/*
 * C helpers: sockets (kmod/rjail_inet.c). Called from the socket hooks:
 * none sleeps.
 */
struct rjail_sockinfo {
	int	family;		/* the socket's domain, AF_* */
	int	type;		/* SOCK_* */
	int	protocol;
	int	v6only;		/* IPV6_V6ONLY (IPv4/IPv6 sockets only) */
	int	bound;		/* has a local port or address */
};
void	rjail_socket_info(struct socket *so, struct rjail_sockinfo *info);
/*
 * in_pcbladdr's route and interface walk for IPv4 destination `dst` (4
 * bytes, network order), among the prison's `count` addresses at `addrs`
 * (4 bytes each, network order): 0 and the address in `src`; ENOENT when
 * the interface holds none of the prison's (the primary applies);
 * ENETUNREACH without route or interface.
 */
int	rjail_inet_source(struct socket *so, const uint8_t *dst,
	    const uint8_t *addrs, u_int count, uint8_t *src);
/* in6_selectsrc_addr(9) for `dst` (16 bytes): 0 and `src`, or an errno. */
int	rjail_inet6_source(struct socket *so, const uint8_t *dst, uint8_t *src);
/* `visit` with each IPv6 address of the interface holding `src`, in order. */
void	rjail_inet6_interface_addrs(struct socket *so, const uint8_t *src,
	    void (*visit)(void *arg, const uint8_t *addr), void *arg);
/*
 * Gives the unbound `so` the local address in the sockaddr `sa` before
 * the protocol connects: for connect(2) (`connecting`, from
 * rjail_syscall_is_connect) of an IPv4 socket only the
 * inpcb's address (the protocol's connect picks the port), otherwise
 * sobind(9). Runs inside the MAC framework's non-sleepable read section:
 * both take only the inpcb and hash locks (not sleepable), and the
 * protocols' bind allocates with M_NOWAIT.
 */
int	rjail_socket_take_source(struct socket *so, void *sa, int connecting);
/*
 * Whether the current system call is connect(2) or connectat(2), in any
 * ABI (mpo_socket_check_connect also sees sendto(2)'s destination).
 */
int	rjail_syscall_is_connect(void);
/*
 * What mpo_inpcb_check_deliver knows of a packet arriving at a socket of
 * a prisoner: IP version, destination (4 or 16 bytes, network order),
 * whether it is multicast or broadcast, whether the socket is raw and
 * whether its local address is the wildcard.
 */
struct rjail_arrival {
	int	version;	/* 4 or 6 */
	uint8_t	dst[16];
	int	group;		/* multicast or broadcast */
	int	raw;		/* SOCK_RAW */
	int	wildcard;	/* bound to 0.0.0.0 or :: */
};
/* 0: deliver; else refuse (the packet is dropped). */
int	rjail_rs_inpcb_check_deliver(intptr_t subject,
	    const struct rjail_arrival *arrival);

/*
 * C helpers: directories. `path` holds a NUL-terminated path in a buffer of
 * `path_size` bytes (at most RJAIL_PATH_MAX); on success it is rewritten to
 * the directory's path from the global root. The vnode returned in `*dirp`
 * is referenced and unlocked; give it back with rjail_vrele.
 */
int	rjail_lookup_dir(char *path, u_int path_size, struct vnode **dirp);
/* The system's root directory (prison0's root), referenced. */
struct vnode *rjail_system_root(void);
/*
 * Non-zero when the directory `dir` is `top` or lies beneath it (walking
 * ".." up from `dir` reaches `top` before the global root). `dir` may be
 * locked by the caller; it is unlocked during the walk and relocked as it
 * was. Sleeps (vnode locks, disk reads); `cred` does the ".." lookups.
 * Anything that stops the walk (a doomed vnode, a failed lookup, a search
 * permission refused) answers "not beneath".
 */
int	rjail_dir_beneath(struct vnode *dir, struct vnode *top,
	    struct ucred *cred);
void	rjail_vref(struct vnode *vp);
void	rjail_vrele(struct vnode *vp);

/*
 * C helpers: membership. Makes the calling process a member of the prison
 * whose label is `new_label` with `root` as its root and working directory
 * (as jail_attach(2): chdir checks, MAC chroot check, EPERM for open
 * directories, then a new credential). On success the credential owns
 * `new_label` and `*replaced` receives the label the new credential held
 * before (a reference Rust must release); on error nothing changed and
 * `new_label` still belongs to the caller.
 */
int	rjail_attach(struct vnode *root, intptr_t new_label,
	    intptr_t *replaced);
/*
 * Sends SIGKILL to every user process other than the caller whose
 * credential's label makes doomed() return non-zero. doomed() runs with
 * allproc_lock shared and the process locked: it may not sleep.
 */
void	rjail_kill_matching(int (*doomed)(intptr_t label, void *arg),
	    void *arg);

/*
 * C helpers: dynamic sysctl OIDs under security.jail.rjail, valid only
 * while rjail_rs_sysctl_create runs (MOD_LOAD). `parent` NULL means the
 * security.jail.rjail node. Each returns the new OID (an existing node of
 * that name is returned as is), or NULL when the name is taken by a leaf.
 * The kernel copies `name` and `descr`; `fmt` must outlive the OID.
 */
struct sysctl_oid *rjail_sysctl_add_node(struct sysctl_oid *parent,
	    const char *name, const char *descr);
/* An int (or u_int) knob served by rjail_rs_sysctl_knob_read/write. */
struct sysctl_oid *rjail_sysctl_add_knob(struct sysctl_oid *parent,
	    const char *name, const char *descr, u_int knob, int writable,
	    int is_unsigned);
/*
 * A parameter description: `kind` is CTLTYPE_* | access flags; reading
 * it gives 0, or `arg2` as decimal text (strings), or `arg2` as a size_t
 * (structures).
 */
struct sysctl_oid *rjail_sysctl_add_param(struct sysctl_oid *parent,
	    const char *name, int kind, const char *fmt, const char *descr,
	    intmax_t arg2);
/* SYSCTL_OUT: copies to the requester, or counts when it asks the size. */
int	rjail_sysctl_out(struct sysctl_req *req, const void *buf, size_t len);

/*
 * C helpers: kernel locks for Rust's RwLock (sx(9)) and Mutex (mtx(9)).
 * The lock lives in memory from malloc(9), so it never moves.
 */
struct sx *rjail_sx_create(void);
void	rjail_sx_destroy(struct sx *sx);
void	rjail_sx_slock(struct sx *sx);
void	rjail_sx_sunlock(struct sx *sx);
void	rjail_sx_xlock(struct sx *sx);
void	rjail_sx_xunlock(struct sx *sx);
struct mtx *rjail_mtx_create(void);
void	rjail_mtx_destroy(struct mtx *mtx);
void	rjail_mtx_lock(struct mtx *mtx);
void	rjail_mtx_unlock(struct mtx *mtx);
/*
 * One of a fixed set of mutexes, chosen by `addr`, for small values that
 * need a lock of their own only for an instant (src/sync.rs,
 * StripedMutex). Never sleeps; never hold two at once.
 */
void	rjail_stripe_lock(const void *addr);
void	rjail_stripe_unlock(const void *addr);

#endif /* !_RJAIL_GLUE_H_ */
