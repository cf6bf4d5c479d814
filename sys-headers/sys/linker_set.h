/* Linker sets (stands for sys/sys/linker_set.h): a pointer to the entry
 * placed in section "set_<name>"; the kernel linker finds the section
 * through the __start_/__stop_ symbols, declared weak here. */
#ifndef _SYS_LINKER_SET_H_
#define _SYS_LINKER_SET_H_

#include <sys/cdefs.h>

#define	__RJAIL_SET_ENTRY(set, sym, qual)				\
	__WEAK(__CONCAT(__start_set_, set));				\
	__WEAK(__CONCAT(__stop_set_, set));				\
	static void const * qual __set_##set##_sym_##sym		\
	    __section("set_" #set) __used = &(sym)

#define	DATA_SET(set, sym)	__RJAIL_SET_ENTRY(set, sym, const)
#define	DATA_WSET(set, sym)	__RJAIL_SET_ENTRY(set, sym, )

#endif /* !_SYS_LINKER_SET_H_ */
