/* Vnodes (stands for sys/sys/vnode.h, sys/sys/lockmgr.h and the generated
 * vnode_if.h). */
#ifndef _SYS_VNODE_H_
#define _SYS_VNODE_H_

#include <sys/types.h>

struct thread;
struct ucred;
struct vop_vector;
struct mount;

enum vtype { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO, VBAD, VMARKER };

struct mount;

struct vnode {
	uint8_t			v_type;	/* an enum vtype, stored in a byte */
	char			_pad0a[1];
	short			v_irflag;	/* VIRF_*, read atomically */
	char			_pad0[12];
	const struct vop_vector	*v_op;	/* operations vector */
	char			_pad1a[8];
	struct mount		*v_mount;	/* the filesystem it is in */
	char			_pad1b[16];
	struct mount		*v_mountedhere;	/* (v_un) covering mount */
	char			_pad1c[362];
	u_short			v_vflag;	/* VV_* */
	char			_pad1d[12];
};
_Static_assert(sizeof(struct vnode) == 440, "sys/vnode.h: struct vnode");
_Static_assert(__offsetof(struct vnode, v_type) == 0, "v_type");
_Static_assert(__offsetof(struct vnode, v_irflag) == 2, "v_irflag");
_Static_assert(__offsetof(struct vnode, v_op) == 16, "v_op");
_Static_assert(__offsetof(struct vnode, v_mount) == 32, "v_mount");
_Static_assert(__offsetof(struct vnode, v_mountedhere) == 56,
    "v_mountedhere");
_Static_assert(__offsetof(struct vnode, v_vflag) == 426, "v_vflag");

#define	VIRF_DOOMED	0x0001	/* being recycled */
#define	VV_ROOT		0x0001	/* root of its filesystem */
#define	VN_IS_DOOMED(vp)						\
	((__atomic_load_n(&(vp)->v_irflag, __ATOMIC_RELAXED) &		\
	    VIRF_DOOMED) != 0)

/* The global root directory (sys/kern/vfs_mountroot.c). */
extern struct vnode *rootvnode;

#define	LK_RETRY	0x000400
#define	LK_EXCLUSIVE	0x080000
#define	LK_SHARED	0x200000

int	_vn_lock(struct vnode *vp, int flags, const char *file, int line);
#define	vn_lock(vp, flags)	_vn_lock((vp), (flags), __FILE__, __LINE__)

void	vref(struct vnode *vp);
void	vrele(struct vnode *vp);
void	vput(struct vnode *vp);

/* ENOTDIR, or the MAC chdir check and VEXEC access on a locked vnode. */
int	change_dir(struct vnode *vp, struct thread *td);

int	vn_fullpath_global(struct vnode *vp, char **retbuf, char **freebuf);
int	vn_path_to_global_path(struct thread *td, struct vnode *vp,
	    char *path, u_int pathlen);

/* VOP_UNLOCK through the exported dispatcher of the vnode operation. */
struct vnodeop_desc;
extern struct vnodeop_desc vop_unlock_desc;

struct vop_generic_args {
	struct vnodeop_desc	*a_desc;
};
struct vop_unlock_args {
	struct vop_generic_args	a_gen;
	struct vnode		*a_vp;
};
_Static_assert(sizeof(struct vop_unlock_args) == 16,
    "vnode_if.h: struct vop_unlock_args");
_Static_assert(__offsetof(struct vop_unlock_args, a_vp) == 8, "a_vp");

int	VOP_UNLOCK_APV(const struct vop_vector *vop, struct vop_unlock_args *a);

/* VOP_ISLOCKED and VOP_LOOKUP, the same way. */
extern struct vnodeop_desc vop_islocked_desc;
extern struct vnodeop_desc vop_lookup_desc;

struct vop_islocked_args {
	struct vop_generic_args	a_gen;
	struct vnode		*a_vp;
};
_Static_assert(sizeof(struct vop_islocked_args) == 16,
    "vnode_if.h: struct vop_islocked_args");
_Static_assert(__offsetof(struct vop_islocked_args, a_vp) == 8, "a_vp");

struct componentname;
struct vop_lookup_args {
	struct vop_generic_args	a_gen;
	struct vnode		*a_dvp;
	struct vnode		**a_vpp;
	struct componentname	*a_cnp;
};
_Static_assert(sizeof(struct vop_lookup_args) == 32,
    "vnode_if.h: struct vop_lookup_args");
_Static_assert(__offsetof(struct vop_lookup_args, a_dvp) == 8, "a_dvp");
_Static_assert(__offsetof(struct vop_lookup_args, a_vpp) == 16, "a_vpp");
_Static_assert(__offsetof(struct vop_lookup_args, a_cnp) == 24, "a_cnp");

int	VOP_ISLOCKED_APV(const struct vop_vector *vop,
	    struct vop_islocked_args *a);
int	VOP_LOOKUP_APV(const struct vop_vector *vop, struct vop_lookup_args *a);

static inline int
VOP_ISLOCKED(struct vnode *vp)
{
	struct vop_islocked_args a;

	a.a_gen.a_desc = &vop_islocked_desc;
	a.a_vp = vp;
	return (VOP_ISLOCKED_APV(vp->v_op, &a));
}

static inline int
VOP_LOOKUP(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp)
{
	struct vop_lookup_args a;

	a.a_gen.a_desc = &vop_lookup_desc;
	a.a_dvp = dvp;
	a.a_vpp = vpp;
	a.a_cnp = cnp;
	return (VOP_LOOKUP_APV(dvp->v_op, &a));
}

static inline int
VOP_UNLOCK(struct vnode *vp)
{
	struct vop_unlock_args a;

	a.a_gen.a_desc = &vop_unlock_desc;
	a.a_vp = vp;
	return (VOP_UNLOCK_APV(vp->v_op, &a));
}

#endif /* !_SYS_VNODE_H_ */
