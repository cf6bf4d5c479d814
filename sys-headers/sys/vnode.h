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

struct vnode {
	uint8_t			v_type;	/* an enum vtype, stored in a byte */
	char			_pad0[15];
	const struct vop_vector	*v_op;	/* operations vector */
	char			_pad1[8];
	struct mount		*v_mount;	/* the filesystem it is on */
	char			_pad2[400];
};
_Static_assert(sizeof(struct vnode) == 440, "sys/vnode.h: struct vnode");
_Static_assert(__offsetof(struct vnode, v_type) == 0, "v_type");
_Static_assert(__offsetof(struct vnode, v_op) == 16, "v_op");
_Static_assert(__offsetof(struct vnode, v_mount) == 32, "v_mount");

#define	LK_RETRY	0x000400
#define	LK_EXCLUSIVE	0x080000

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

static inline int
VOP_UNLOCK(struct vnode *vp)
{
	struct vop_unlock_args a;

	a.a_gen.a_desc = &vop_unlock_desc;
	a.a_vp = vp;
	return (VOP_UNLOCK_APV(vp->v_op, &a));
}

#endif /* !_SYS_VNODE_H_ */
