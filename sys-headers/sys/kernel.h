/* SYSINIT/SYSUNINIT (stands for sys/sys/kernel.h). */
#ifndef _SYS_KERNEL_H_
#define _SYS_KERNEL_H_

#include <sys/types.h>
#include <sys/linker_set.h>

/* Subsystem and order values that sort a file's SYSINITs. */
enum sysinit_sub_id {
	SI_SUB_KMEM		= 0x1800000,
	SI_SUB_KLD		= 0x2000000,
	SI_SUB_MAC_POLICY	= 0x21C0000,
	SI_SUB_SYSCALLS		= 0xd800000,
};
enum sysinit_elem_order {
	SI_ORDER_FIRST		= 0x0000000,
	SI_ORDER_SECOND		= 0x0000001,
	SI_ORDER_THIRD		= 0x0000002,
	SI_ORDER_MIDDLE		= 0x1000000,
	SI_ORDER_ANY		= 0xfffffff,
};

typedef void (*sysinit_cfunc_t)(const void *);
typedef void (*sysinit_nfunc_t)(void *);

struct sysinit {
	enum sysinit_sub_id	subsystem;
	enum sysinit_elem_order	order;
	void			*next;		/* STAILQ_ENTRY, kernel's */
	sysinit_cfunc_t		func;
	const void		*udata;
};
_Static_assert(sizeof(struct sysinit) == 32, "sys/kernel.h: struct sysinit");
_Static_assert(__offsetof(struct sysinit, order) == 4, "sysinit.order");
_Static_assert(__offsetof(struct sysinit, next) == 8, "sysinit.next");
_Static_assert(__offsetof(struct sysinit, func) == 16, "sysinit.func");
_Static_assert(__offsetof(struct sysinit, udata) == 24, "sysinit.udata");

#define	RJAIL_SYSINIT_ENTRY(id, set, sub, ord, fn, arg)			\
	static struct sysinit id = {					\
		(sub), (ord), NULL,					\
		(sysinit_cfunc_t)(sysinit_nfunc_t)(fn), (void *)(arg)	\
	};								\
	DATA_WSET(set, id)

#define	SYSINIT(uniq, sub, ord, fn, arg)				\
	RJAIL_SYSINIT_ENTRY(uniq##_sys_init, sysinit_set, sub, ord, fn, arg)
#define	SYSUNINIT(uniq, sub, ord, fn, arg)				\
	RJAIL_SYSINIT_ENTRY(uniq##_sys_uninit, sysuninit_set, sub, ord, fn, arg)

#endif /* !_SYS_KERNEL_H_ */
