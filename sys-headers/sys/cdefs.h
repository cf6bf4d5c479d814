/* Compiler helpers (stands for FreeBSD's sys/sys/cdefs.h). */
#ifndef _SYS_CDEFS_H_
#define _SYS_CDEFS_H_

#define	__CONCAT1(x, y)	x ## y
#define	__CONCAT(x, y)	__CONCAT1(x, y)
#define	__STRING(x)	#x
#define	__XSTRING(x)	__STRING(x)

#define	__unused	__attribute__((__unused__))
#define	__used		__attribute__((__used__))
#define	__packed	__attribute__((__packed__))
#define	__aligned(x)	__attribute__((__aligned__(x)))
#define	__section(x)	__attribute__((__section__(x)))
#define	__weak_symbol	__attribute__((__weak__))
#define	__printflike(f, a) __attribute__((__format__(__printf__, f, a)))
#define	__dead2		__attribute__((__noreturn__))
#define	__offsetof(type, field)	__builtin_offsetof(type, field)
#define	__containerof(p, type, field)					\
	((type *)(void *)((char *)(p) - __offsetof(type, field)))

/* Tells the assembler a symbol is global (used by the linker sets). */
#define	__GLOBL(sym)	__asm__(".globl " __XSTRING(sym))
#define	__WEAK(sym)	__asm__(".weak " __XSTRING(sym))

#endif /* !_SYS_CDEFS_H_ */
