/* Mounts and filesystem statistics, as far as rjail's statfs and mount
 * confinement looks at them (stands for sys/sys/mount.h). Numbers are
 * those of FreeBSD 15.0 amd64. */
#ifndef _SYS_MOUNT_H_
#define _SYS_MOUNT_H_

#include <sys/types.h>
#include <sys/uio.h>
#include <sys/malloc.h>

struct thread;
struct ucred;
struct vnode;
struct mtx;

typedef struct fsid { int32_t val[2]; } fsid_t;

#define	MFSNAMELEN	16	/* filesystem type name, NUL included */
#define	MNAMELEN	1024	/* mount paths, NUL included */

/* The statfs(2) record (the ABI userland sees). */
struct statfs {
	char		_pad0[192];
	fsid_t		f_fsid;			/* zeroed for the unprivileged */
	char		_pad1[80];
	char		f_fstypename[MFSNAMELEN];
	char		f_mntfromname[MNAMELEN];
	char		f_mntonname[MNAMELEN];
};
_Static_assert(sizeof(struct statfs) == 2344, "sys/mount.h: struct statfs");
_Static_assert(__offsetof(struct statfs, f_fsid) == 192, "f_fsid");
_Static_assert(__offsetof(struct statfs, f_fstypename) == 280,
    "f_fstypename");
_Static_assert(__offsetof(struct statfs, f_mntfromname) == 296,
    "f_mntfromname");
_Static_assert(__offsetof(struct statfs, f_mntonname) == 1320,
    "f_mntonname");

/* A filesystem type. */
struct vfsconf {
	char		_pad0[4];
	char		vfc_name[MFSNAMELEN];
	char		_pad1[28];
	int		vfc_flags;		/* VFCF_* */
	char		_pad2[28];
};
_Static_assert(sizeof(struct vfsconf) == 80, "sys/mount.h: struct vfsconf");
_Static_assert(__offsetof(struct vfsconf, vfc_name) == 4, "vfc_name");
_Static_assert(__offsetof(struct vfsconf, vfc_flags) == 48, "vfc_flags");

/* The filesystem type may be mounted from inside a jail. */
#define	VFCF_JAIL	0x00400000

struct mount;
struct mount_list_entry {
	struct mount	*tqe_next;
	struct mount	**tqe_prev;
};
struct mntlist {
	struct mount	*tqh_first;
	struct mount	**tqh_last;
};

/* A mounted filesystem. */
struct mount {
	char		_pad0[8];
	uint64_t	mnt_flag;		/* MNT_* */
	char		_pad1[16];
	struct vnode	*mnt_vnodecovered;	/* the vnode mounted on */
	char		_pad1b[8];
	struct vfsconf	*mnt_vfc;		/* its type */
	char		_pad2[48];
	struct mount_list_entry mnt_list;	/* on the mountlist */
	char		_pad3[56];
	struct statfs	mnt_stat;		/* cached statistics, names */
	struct ucred	*mnt_cred;		/* the mounter's credential */
	char		_pad5[288];
};
_Static_assert(sizeof(struct mount) == 2816, "sys/mount.h: struct mount");
_Static_assert(__offsetof(struct mount, mnt_flag) == 8, "mnt_flag");
_Static_assert(__offsetof(struct mount, mnt_vnodecovered) == 32,
    "mnt_vnodecovered");
_Static_assert(__offsetof(struct mount, mnt_vfc) == 48, "mnt_vfc");
_Static_assert(__offsetof(struct mount, mnt_list) == 104, "mnt_list");
_Static_assert(__offsetof(struct mount, mnt_stat) == 176, "mnt_stat");
_Static_assert(__offsetof(struct mount, mnt_cred) == 2520, "mnt_cred");

#define	MNT_WAIT	1
#define	MNT_NOWAIT	2
#define	MNT_ROOTFS	0x0000000000004000ULL
#define	MNT_BYFSID	0x0000000008000000ULL

/* kern_getfsstat's records are allocated from this type. */
MALLOC_DECLARE(M_STATFS);

extern struct mntlist mountlist;
extern struct mtx mountlist_mtx;

int	kern_statfs(struct thread *td, const char *path, enum uio_seg pathseg,
	    struct statfs *buf);
int	kern_fstatfs(struct thread *td, int fd, struct statfs *buf);
int	kern_getfsstat(struct thread *td, struct statfs **buf, size_t bufsize,
	    size_t *countp, enum uio_seg bufseg, int mode);
struct mount *vfs_getvfs(fsid_t *fsid);
void	vfs_ref(struct mount *mp);
void	vfs_rel(struct mount *mp);
int	dounmount(struct mount *mp, uint64_t flags, struct thread *td);

#endif /* !_SYS_MOUNT_H_ */
