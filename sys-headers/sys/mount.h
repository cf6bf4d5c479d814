/* Mounted filesystems (stands for sys/sys/mount.h). */
#ifndef _SYS_MOUNT_H_
#define _SYS_MOUNT_H_

#include <sys/types.h>

struct vnode;

struct mount {
	char		_pad0[32];
	struct vnode	*mnt_vnodecovered;	/* the vnode mounted on */
	char		_pad1[2776];
};
_Static_assert(sizeof(struct mount) == 2816, "sys/mount.h: struct mount");
_Static_assert(__offsetof(struct mount, mnt_vnodecovered) == 32,
    "mnt_vnodecovered");

#endif /* !_SYS_MOUNT_H_ */
