/* Kernel library functions rjail calls (stands for sys/sys/systm.h and
 * sys/sys/libkern.h). */
#ifndef _SYS_SYSTM_H_
#define _SYS_SYSTM_H_

#include <sys/types.h>
#include <sys/pcpu.h>

void	panic(const char *fmt, ...) __dead2 __printflike(1, 2);
int	printf(const char *fmt, ...) __printflike(1, 2);

int	copyin(const void *udaddr, void *kaddr, size_t len);
int	copyout(const void *kaddr, void *udaddr, size_t len);
int	copyinstr(const void *udaddr, void *kaddr, size_t len, size_t *done);

size_t	strlcpy(char *dst, const char *src, size_t size);
size_t	strlen(const char *s);
void	*memchr(const void *s, int c, size_t n);
void	*memset(void *b, int c, size_t len);
void	*memcpy(void *dst, const void *src, size_t len);
void	*memmove(void *dst, const void *src, size_t len);
int	memcmp(const void *b1, const void *b2, size_t len);
int	bcmp(const void *b1, const void *b2, size_t len);
#define	bzero(buf, len)	memset((buf), 0, (len))
int	strcmp(const char *s1, const char *s2);

/* Emitted by the compiler for -fstack-protector (C) and the stack
 * protector of the Rust build; the kernel provides both. */
extern uintptr_t __stack_chk_guard;
void	__stack_chk_fail(void) __dead2;

/* Sleeping for a number of ticks (pause(9)); pause is an inline over
 * pause_sbt in the real header (sbintime_t: 32.32 fixed-point seconds). */
typedef int64_t	sbintime_t;
extern sbintime_t tick_sbt;
#define	C_HARDCLOCK	0x0100
int	pause_sbt(const char *wmesg, sbintime_t sbt, sbintime_t pr, int flags);
static __inline int
pause(const char *wmesg, int timo)
{
	return (pause_sbt(wmesg, tick_sbt * timo, 0, C_HARDCLOCK));
}

/* The running kernel's release, copied into prison0 at boot (vers.c). */
extern const int osreldate;

#endif /* !_SYS_SYSTM_H_ */
