/* Signals sent by the kernel (stands for sys/sys/signalvar.h and
 * sys/sys/signal.h). */
#ifndef _SYS_SIGNALVAR_H_
#define _SYS_SIGNALVAR_H_

struct proc;

#define	SIGKILL	9

/* The process must be locked. */
void	kern_psignal(struct proc *p, int sig);

#endif /* !_SYS_SIGNALVAR_H_ */
