/* Common lock header (stands for sys/sys/_lock.h and sys/sys/lock.h). A
 * module is built with LOCK_DEBUG on, so the lock macros call the kernel's
 * out-of-line functions with the caller's file and line. */
#ifndef _SYS_LOCK_H_
#define _SYS_LOCK_H_

#include <sys/types.h>

struct lock_object {
	const char	*lo_name;
	u_int		lo_flags;
	u_int		lo_data;
	void		*lo_witness;
};
_Static_assert(sizeof(struct lock_object) == 24, "sys/_lock.h: lock_object");

#define	LOCK_DEBUG	1
#define	LOCK_FILE	__FILE__
#define	LOCK_LINE	__LINE__

#endif /* !_SYS_LOCK_H_ */
