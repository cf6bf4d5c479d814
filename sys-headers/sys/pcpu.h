/* The current thread (stands for sys/sys/pcpu.h and
 * sys/amd64/include/pcpu_aux.h): on amd64 the per-CPU area is addressed
 * through %gs, and its first word (pc_curthread) is the running thread. */
#ifndef _SYS_PCPU_H_
#define _SYS_PCPU_H_

struct thread;

#define	RJAIL_PCPU_CURTHREAD_OFFSET	0

static inline __attribute__((__pure__)) struct thread *
__curthread(void)
{
	struct thread *td;

	__asm("movq %%gs:%c1,%0" : "=r" (td)
	    : "i" (RJAIL_PCPU_CURTHREAD_OFFSET));
	return (td);
}
#define	curthread	(__curthread())
#define	curproc		(curthread->td_proc)

#endif /* !_SYS_PCPU_H_ */
