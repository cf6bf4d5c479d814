/* Working/root directories and per-descriptor capabilities (stands for
 * sys/sys/filedesc.h). */
#ifndef _SYS_FILEDESC_H_
#define _SYS_FILEDESC_H_

#include <sys/types.h>
#include <sys/systm.h>
#include <sys/capsicum.h>

struct thread;
struct vnode;

struct filecaps {
	cap_rights_t	fc_rights;
	u_long		*fc_ioctls;
	int16_t		fc_nioctls;
	uint32_t	fc_fcntls;
};
_Static_assert(sizeof(struct filecaps) == 32, "sys/filedesc.h: filecaps");
_Static_assert(__offsetof(struct filecaps, fc_ioctls) == 16, "fc_ioctls");
_Static_assert(__offsetof(struct filecaps, fc_nioctls) == 24, "fc_nioctls");
_Static_assert(__offsetof(struct filecaps, fc_fcntls) == 28, "fc_fcntls");

/* No rights recorded; -1 ioctls means "all allowed". */
static inline void
filecaps_init(struct filecaps *fcaps)
{
	bzero(fcaps, sizeof(*fcaps));
	fcaps->fc_nioctls = -1;
}

struct pwd {
	u_int		pwd_refcount;
	struct vnode	*pwd_cdir;	/* working directory */
	struct vnode	*pwd_rdir;	/* root directory */
	struct vnode	*pwd_jdir;	/* jail root directory */
	struct vnode	*pwd_adir;	/* ABI root directory */
};
_Static_assert(sizeof(struct pwd) == 40, "sys/filedesc.h: struct pwd");
_Static_assert(__offsetof(struct pwd, pwd_rdir) == 16, "pwd_rdir");

struct pwd *pwd_hold(struct thread *td);
void	pwd_drop(struct pwd *pwd);
/* chroot and chdir to vp: EPERM while the process has open directories
 * (kern.chroot_allow_open_directories). */
int	pwd_chroot_chdir(struct thread *td, struct vnode *vp);

#endif /* !_SYS_FILEDESC_H_ */
