/* Framework entry points the kernel calls, as rjail reuses them (stands
 * for sys/security/mac/mac_framework.h). */
#ifndef _SECURITY_MAC_MAC_FRAMEWORK_H_
#define _SECURITY_MAC_MAC_FRAMEWORK_H_

struct ucred;
struct vnode;

/* Every loaded policy's opinion on chroot to a locked directory. */
int	mac_vnode_check_chroot(struct ucred *cred, struct vnode *dvp);

#endif /* !_SECURITY_MAC_MAC_FRAMEWORK_H_ */
