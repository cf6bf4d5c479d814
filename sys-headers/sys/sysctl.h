/* Static and dynamic sysctl OIDs (stands for sys/sys/sysctl.h). */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <sys/types.h>
#include <sys/linker_set.h>

struct thread;
struct sysctl_oid;

#define	CTLTYPE		0xf
#define	CTLTYPE_NODE	1
#define	CTLTYPE_INT	2
#define	CTLTYPE_STRING	3
#define	CTLTYPE_STRUCT	5	/* an opaque structure ("S,<name>") */
#define	CTLTYPE_UINT	6
#define	CTLTYPE_LONG	7
#define	CTLTYPE_ULONG	8
#define	CTLFLAG_RD	0x80000000
#define	CTLFLAG_WR	0x40000000
#define	CTLFLAG_RW	(CTLFLAG_RD | CTLFLAG_WR)
#define	CTLFLAG_PRISON	0x04000000
#define	CTLFLAG_DYN	0x02000000	/* dynamic: oid_running counts callers */
#define	CTLFLAG_MPSAFE	0x00040000
#define	CTLFLAG_TUN	0x00080000	/* settable at boot, read-only later */
#define	CTLFLAG_RDTUN	(CTLFLAG_RD | CTLFLAG_TUN)
#define	OID_AUTO	(-1)

/* The request's flags: a 32-bit process asks (longs are 4 bytes). Only
 * kernels built with the 32-bit compatibility option spell it. */
#ifdef COMPAT_FREEBSD32
#define	SCTL_MASK32	1
#endif

struct sysctl_req {
	struct thread	*td;		/* the requesting thread */
	int		lock;
	void		*oldptr;	/* NULL: the caller asks for the size */
	size_t		oldlen;
	size_t		oldidx;
	int		(*oldfunc)(struct sysctl_req *, const void *, size_t);
	const void	*newptr;	/* NULL: nothing is written */
	size_t		newlen;
	size_t		newidx;
	int		(*newfunc)(struct sysctl_req *, void *, size_t);
	size_t		validlen;
	int		flags;
};
_Static_assert(sizeof(struct sysctl_req) == 96, "sys/sysctl.h: sysctl_req");
_Static_assert(__offsetof(struct sysctl_req, td) == 0, "sysctl_req.td");
_Static_assert(__offsetof(struct sysctl_req, oldptr) == 16, "oldptr");
_Static_assert(__offsetof(struct sysctl_req, oldidx) == 32, "oldidx");
_Static_assert(__offsetof(struct sysctl_req, oldfunc) == 40, "oldfunc");
_Static_assert(__offsetof(struct sysctl_req, newptr) == 48, "newptr");
_Static_assert(__offsetof(struct sysctl_req, newfunc) == 72, "newfunc");
_Static_assert(__offsetof(struct sysctl_req, flags) == 88, "flags");

/* Copy out to, or in from, the requester; they may sleep. */
#define	SYSCTL_OUT(r, p, l)	((r)->oldfunc)((r), (p), (l))
#define	SYSCTL_IN(r, p, l)	((r)->newfunc)((r), (p), (l))

#define	SYSCTL_HANDLER_ARGS struct sysctl_oid *oidp, void *arg1,	\
	intmax_t arg2, struct sysctl_req *req

/* RB_HEAD of the children, ordered by the kernel. */
struct sysctl_oid_list {
	struct sysctl_oid	*rbh_root;
};

struct sysctl_oid {
	struct sysctl_oid_list	oid_children;
	struct sysctl_oid_list	*oid_parent;
	void			*oid_link[3];	/* RB_ENTRY, kernel's */
	int			oid_number;
	u_int			oid_kind;
	void			*oid_arg1;
	intmax_t		oid_arg2;
	const char		*oid_name;
	int			(*oid_handler)(SYSCTL_HANDLER_ARGS);
	const char		*oid_fmt;
	int			oid_refcnt;
	u_int			oid_running;
	const char		*oid_descr;
	const char		*oid_label;
};
_Static_assert(sizeof(struct sysctl_oid) == 112, "sys/sysctl.h: sysctl_oid");
_Static_assert(__offsetof(struct sysctl_oid, oid_parent) == 8, "oid_parent");
_Static_assert(__offsetof(struct sysctl_oid, oid_link) == 16, "oid_link");
_Static_assert(__offsetof(struct sysctl_oid, oid_number) == 40, "oid_number");
_Static_assert(__offsetof(struct sysctl_oid, oid_kind) == 44, "oid_kind");
_Static_assert(__offsetof(struct sysctl_oid, oid_arg1) == 48, "oid_arg1");
_Static_assert(__offsetof(struct sysctl_oid, oid_arg2) == 56, "oid_arg2");
_Static_assert(__offsetof(struct sysctl_oid, oid_name) == 64, "oid_name");
_Static_assert(__offsetof(struct sysctl_oid, oid_handler) == 72,
    "oid_handler");
_Static_assert(__offsetof(struct sysctl_oid, oid_fmt) == 80, "oid_fmt");
_Static_assert(__offsetof(struct sysctl_oid, oid_refcnt) == 88, "oid_refcnt");
_Static_assert(__offsetof(struct sysctl_oid, oid_running) == 92,
    "oid_running");
_Static_assert(__offsetof(struct sysctl_oid, oid_descr) == 96, "oid_descr");
_Static_assert(__offsetof(struct sysctl_oid, oid_label) == 104, "oid_label");

int	sysctl_handle_int(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_long(SYSCTL_HANDLER_ARGS);
int	sysctl_handle_string(SYSCTL_HANDLER_ARGS);

/*
 * The MIB tree's write lock (the sysctl rmlock, sleepable), and linking an
 * OID into or out of its parent's list under it. sysctl_root looks an OID
 * up and counts a CTLFLAG_DYN OID's callers in oid_running while holding
 * the lock for reading.
 */
void	sysctl_wlock(void);
void	sysctl_wunlock(void);
void	sysctl_register_oid(struct sysctl_oid *oidp);
void	sysctl_unregister_oid(struct sysctl_oid *oidp);

/* The running kernel's release string (vers.c). */
extern const char osrelease[];

/*
 * Base-system OIDs rjail stands in for while it is loaded
 * (kmod/rjail_basectl.c). They are static in the kernel; the kernel linker
 * resolves a module's reference to them from the kernel's full symbol
 * table (debug.link_elf_leak_locals, on by default).
 */
extern struct sysctl_oid sysctl___kern_hostname;
extern struct sysctl_oid sysctl___kern_domainname;
extern struct sysctl_oid sysctl___kern_hostuuid;
extern struct sysctl_oid sysctl___kern_hostid;
extern struct sysctl_oid sysctl___kern_securelevel;
extern struct sysctl_oid sysctl___kern_osrelease;
extern struct sysctl_oid sysctl___kern_osreldate;
extern struct sysctl_oid sysctl___security_jail_jailed;
extern struct sysctl_oid sysctl___security_jail_list;
extern struct sysctl_oid sysctl___security_jail_set_hostname_allowed;
extern struct sysctl_oid sysctl___security_jail_socket_unixiproute_only;
extern struct sysctl_oid sysctl___security_jail_sysvipc_allowed;
extern struct sysctl_oid sysctl___security_jail_allow_raw_sockets;
extern struct sysctl_oid sysctl___security_jail_chflags_allowed;
extern struct sysctl_oid sysctl___security_jail_mount_allowed;
extern struct sysctl_oid sysctl___security_jail_mlock_allowed;
extern struct sysctl_oid sysctl___security_jail_enforce_statfs;
extern struct sysctl_oid sysctl___security_jail_devfs_ruleset;
extern struct sysctl_oid sysctl___security_jail_children_max;
extern struct sysctl_oid sysctl___security_jail_children_cur;

/*
 * Dynamic OIDs: every OID added with a context is removed by
 * sysctl_ctx_free (ENOTEMPTY/EBUSY, and nothing removed, if that cannot be
 * done). Adding a node that exists returns it with one more reference. The
 * kernel copies name and descr, not fmt: fmt must outlive the OID.
 */
struct sysctl_ctx_list {			/* TAILQ_HEAD, kernel's */
	void	*tqh_first;
	void	**tqh_last;
};
_Static_assert(sizeof(struct sysctl_ctx_list) == 16,
    "sys/sysctl.h: sysctl_ctx_list");

int	sysctl_ctx_init(struct sysctl_ctx_list *clist);
int	sysctl_ctx_free(struct sysctl_ctx_list *clist);
struct sysctl_oid *sysctl_add_oid(struct sysctl_ctx_list *clist,
	    struct sysctl_oid_list *parent, int nbr, const char *name, int kind,
	    void *arg1, intmax_t arg2, int (*handler)(SYSCTL_HANDLER_ARGS),
	    const char *fmt, const char *descr, const char *label);

#define	SYSCTL_DECL(name)	extern struct sysctl_oid sysctl__##name
#define	SYSCTL_CHILDREN(oid_ptr)	(&(oid_ptr)->oid_children)

/* One OID in the sysctl_set linker set; the kernel links it under its
 * parent when the module loads and unlinks it when it unloads. */
#define	RJAIL_SYSCTL_OID(id, parent, nbr, name, kind, a1, a2, handler,	\
	    fmt, descr)							\
	struct sysctl_oid id = {					\
		.oid_parent = SYSCTL_CHILDREN(&sysctl__##parent),	\
		.oid_children = { NULL },				\
		.oid_number = (nbr),					\
		.oid_kind = (kind),					\
		.oid_arg1 = (a1),					\
		.oid_arg2 = (a2),					\
		.oid_name = #name,					\
		.oid_handler = (handler),				\
		.oid_fmt = (fmt),					\
		.oid_descr = (descr),					\
		.oid_label = NULL,					\
	};								\
	DATA_SET(sysctl_set, id)

/* A node is global, so that its children can name it as their parent. */
#define	SYSCTL_NODE(parent, nbr, name, access, handler, descr)		\
	RJAIL_SYSCTL_OID(sysctl__##parent##_##name, parent, nbr, name,	\
	    CTLTYPE_NODE | (access), NULL, 0, handler, "N", descr)

#define	SYSCTL_OID(parent, nbr, name, kind, a1, a2, handler, fmt, descr) \
	static RJAIL_SYSCTL_OID(sysctl__##parent##_##name, parent, nbr,	\
	    name, kind, a1, a2, handler, fmt, descr)

#define	SYSCTL_STRING(parent, nbr, name, access, arg, len, descr)	\
	SYSCTL_OID(parent, nbr, name,					\
	    CTLTYPE_STRING | CTLFLAG_MPSAFE | (access), arg, len,	\
	    sysctl_handle_string, "A", descr)

#define	SYSCTL_PROC(parent, nbr, name, access, ptr, arg, handler, fmt,	\
	    descr)							\
	SYSCTL_OID(parent, nbr, name, (access), ptr, arg, handler, fmt, descr)

#endif /* !_SYS_SYSCTL_H_ */
