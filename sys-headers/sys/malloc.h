/* malloc(9) and malloc types (stands for sys/sys/malloc.h). */
#ifndef _SYS_MALLOC_H_
#define _SYS_MALLOC_H_

#include <sys/types.h>
#include <sys/kernel.h>

#define	M_NOWAIT	0x0001
#define	M_WAITOK	0x0002
#define	M_ZERO		0x0100

/* Checked by malloc_init against the kernel's own. */
#define	M_VERSION	2024073001

struct malloc_type {
	struct malloc_type	*ks_next;
	u_long			ks_version;
	const char		*ks_shortdesc;
	char			_ks_mti[88];	/* kernel's statistics */
};
_Static_assert(sizeof(struct malloc_type) == 112, "sys/malloc.h: malloc_type");
_Static_assert(__offsetof(struct malloc_type, ks_version) == 8, "ks_version");
_Static_assert(__offsetof(struct malloc_type, ks_shortdesc) == 16,
    "ks_shortdesc");
_Static_assert(__offsetof(struct malloc_type, _ks_mti) == 24, "ks_mti");

void	*malloc(size_t size, struct malloc_type *type, int flags);
void	free(void *addr, struct malloc_type *type);
void	malloc_init(void *type);
void	malloc_uninit(void *type);

#define	MALLOC_DECLARE(type)	extern struct malloc_type type[1]
#define	MALLOC_DEFINE(type, shortdesc, longdesc)			\
	struct malloc_type type[1] = {					\
		{ .ks_next = NULL, .ks_version = M_VERSION,		\
		  .ks_shortdesc = (shortdesc) }				\
	};								\
	SYSINIT(type##_init, SI_SUB_KMEM, SI_ORDER_THIRD, malloc_init,	\
	    type);							\
	SYSUNINIT(type##_uninit, SI_SUB_KMEM, SI_ORDER_ANY,		\
	    malloc_uninit, type)

MALLOC_DECLARE(M_TEMP);

#endif /* !_SYS_MALLOC_H_ */
