/* Reader/writer locks, rwlock(9) (stands for sys/sys/_rwlock.h and
 * sys/sys/rwlock.h). With LOCK_DEBUG on (every module) the write lock
 * macros call the kernel's out-of-line cookie functions. */
#ifndef _SYS_RWLOCK_H_
#define _SYS_RWLOCK_H_

#include <sys/lock.h>

struct rwlock {
	struct lock_object	lock_object;
	volatile uintptr_t	rw_lock;
};
_Static_assert(sizeof(struct rwlock) == 32, "sys/_rwlock.h: struct rwlock");
_Static_assert(__offsetof(struct rwlock, rw_lock) == 24, "rwlock.rw_lock");

void	_rw_wlock_cookie(volatile uintptr_t *c, const char *file, int line);
void	_rw_wunlock_cookie(volatile uintptr_t *c, const char *file, int line);

#define	rw_wlock(rw)	_rw_wlock_cookie(&(rw)->rw_lock, LOCK_FILE, LOCK_LINE)
#define	rw_wunlock(rw)	_rw_wunlock_cookie(&(rw)->rw_lock, LOCK_FILE, LOCK_LINE)

#endif /* !_SYS_RWLOCK_H_ */
