/* mtx(9) (stands for sys/sys/_mutex.h and sys/sys/mutex.h). */
#ifndef _SYS_MUTEX_H_
#define _SYS_MUTEX_H_

#include <sys/lock.h>

struct mtx {
	struct lock_object	lock_object;
	volatile uintptr_t	mtx_lock;
};
_Static_assert(sizeof(struct mtx) == 32, "sys/_mutex.h: struct mtx");
_Static_assert(__offsetof(struct mtx, mtx_lock) == 24, "mtx.mtx_lock");

#define	MTX_DEF		0x00000000
#define	MTX_DUPOK	0x00000010

void	_mtx_init(volatile uintptr_t *c, const char *name, const char *type,
	    int opts);
void	_mtx_destroy(volatile uintptr_t *c);
void	__mtx_lock_flags(volatile uintptr_t *c, int opts, const char *file,
	    int line);
void	__mtx_unlock_flags(volatile uintptr_t *c, int opts, const char *file,
	    int line);

/* The kernel's functions take the lock word, not the structure. */
#define	mtx_init(m, name, type, opts)	_mtx_init(&(m)->mtx_lock, name, type, opts)
#define	mtx_destroy(m)		_mtx_destroy(&(m)->mtx_lock)
#define	mtx_lock(m)		__mtx_lock_flags(&(m)->mtx_lock, 0,	\
				    LOCK_FILE, LOCK_LINE)
#define	mtx_unlock(m)		__mtx_unlock_flags(&(m)->mtx_lock, 0,	\
				    LOCK_FILE, LOCK_LINE)

#endif /* !_SYS_MUTEX_H_ */
