/* sx(9) (stands for sys/sys/_sx.h and sys/sys/sx.h). */
#ifndef _SYS_SX_H_
#define _SYS_SX_H_

#include <sys/lock.h>

struct sx {
	struct lock_object	lock_object;
	volatile uintptr_t	sx_lock;
};
_Static_assert(sizeof(struct sx) == 32, "sys/_sx.h: struct sx");
_Static_assert(__offsetof(struct sx, sx_lock) == 24, "sx.sx_lock");

#define	SX_DUPOK	0x01

void	sx_init_flags(struct sx *sx, const char *description, int opts);
void	sx_destroy(struct sx *sx);
int	_sx_slock(struct sx *sx, int opts, const char *file, int line);
void	_sx_sunlock(struct sx *sx, const char *file, int line);
int	_sx_xlock(struct sx *sx, int opts, const char *file, int line);
void	_sx_xunlock(struct sx *sx, const char *file, int line);

#define	sx_slock(sx)	(void)_sx_slock((sx), 0, LOCK_FILE, LOCK_LINE)
#define	sx_sunlock(sx)	_sx_sunlock((sx), LOCK_FILE, LOCK_LINE)
#define	sx_xlock(sx)	(void)_sx_xlock((sx), 0, LOCK_FILE, LOCK_LINE)
#define	sx_xunlock(sx)	_sx_xunlock((sx), LOCK_FILE, LOCK_LINE)

#endif /* !_SYS_SX_H_ */
