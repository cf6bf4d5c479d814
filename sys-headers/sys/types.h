/* Base types, amd64 (stands for sys/sys/types.h, sys/sys/_types.h and
 * sys/x86/include/_types.h). */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <sys/cdefs.h>

typedef signed char		int8_t;
typedef unsigned char		uint8_t;
typedef short			int16_t;
typedef unsigned short		uint16_t;
typedef int			int32_t;
typedef unsigned int		uint32_t;
typedef long			int64_t;
typedef unsigned long		uint64_t;
typedef long			intptr_t;
typedef unsigned long		uintptr_t;
typedef long			intmax_t;
typedef unsigned long		uintmax_t;
typedef unsigned long		__uintptr_t;
typedef unsigned long		size_t;
typedef long			ssize_t;
typedef long			register_t;
typedef long			off_t;
typedef int			pid_t;
typedef unsigned int		uid_t;
typedef unsigned int		gid_t;
typedef unsigned char		u_char;
typedef unsigned short		u_short;
typedef unsigned int		u_int;
typedef unsigned long		u_long;
typedef uint8_t			u_int8_t;
typedef uint16_t		u_int16_t;
typedef uint32_t		u_int32_t;
typedef uint64_t		u_int64_t;
typedef uint8_t			sa_family_t;
typedef uint16_t		au_event_t;
typedef _Bool			bool;
#define	true	1
#define	false	0

_Static_assert(sizeof(register_t) == 8, "amd64 register_t");
_Static_assert(sizeof(intmax_t) == 8, "amd64 intmax_t");

#define	NULL	((void *)0)

#endif /* !_SYS_TYPES_H_ */
