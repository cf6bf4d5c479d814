/* Threads and processes (stands for sys/sys/proc.h). */
#ifndef _SYS_PROC_H_
#define _SYS_PROC_H_

#include <sys/types.h>
#include <sys/pcpu.h>
#include <sys/mutex.h>
#include <sys/sx.h>

struct ucred;
struct vnet;
struct sysent;

/* The system call a thread is in (td_sa). */
struct syscall_args {
	u_int		code;
	u_int		original_code;
	struct sysent	*callp;		/* its entry in the ABI's table */
	register_t	args[8];
};
_Static_assert(sizeof(struct syscall_args) == 80, "sys/proc.h: syscall_args");

struct thread {
	char		_pad0[8];
	struct proc	*td_proc;
	char		_pad1[376];
	struct ucred	*td_ucred;
	char		_pad2[648];
	struct syscall_args td_sa;	/* the system call in progress */
	char		_pad2b[40];
	register_t	td_retval[2];	/* system call results */
	char		_pad3[544];
	struct vnet	*td_vnet;	/* curvnet */
	char		_pad4[88];
};
_Static_assert(sizeof(struct thread) == 1824, "sys/proc.h: struct thread");
_Static_assert(__offsetof(struct thread, td_proc) == 8, "td_proc");
_Static_assert(__offsetof(struct thread, td_ucred) == 392, "td_ucred");
_Static_assert(__offsetof(struct thread, td_sa) == 1048, "td_sa");
_Static_assert(__offsetof(struct thread, td_retval) == 1168, "td_retval");
_Static_assert(__offsetof(struct thread, td_vnet) == 1728, "td_vnet");

enum p_states {
	PRS_NEW = 0,
	PRS_NORMAL,
	PRS_ZOMBIE
};

struct proc {
	struct {			/* LIST_ENTRY(proc): allproc */
		struct proc	*le_next;
		struct proc	**le_prev;
	} p_list;
	char		_pad0[48];
	struct ucred	*p_ucred;
	char		_pad1[112];
	int		p_flag;
	char		_pad2[4];
	enum p_states	p_state;
	pid_t		p_pid;
	char		_pad3[96];
	struct mtx	p_mtx;
	char		_pad4[1040];
};
_Static_assert(sizeof(struct proc) == 1368, "sys/proc.h: struct proc");
_Static_assert(__offsetof(struct proc, p_ucred) == 64, "p_ucred");
_Static_assert(__offsetof(struct proc, p_flag) == 184, "p_flag");
_Static_assert(__offsetof(struct proc, p_state) == 192, "p_state");
_Static_assert(__offsetof(struct proc, p_pid) == 196, "p_pid");
_Static_assert(__offsetof(struct proc, p_mtx) == 296, "p_mtx");

#define	P_SYSTEM	0x00000200

struct proclist {
	struct proc	*lh_first;
};

extern struct proclist allproc;
extern struct sx allproc_lock;

#define	FOREACH_PROC_IN_SYSTEM(p)					\
	for ((p) = allproc.lh_first; (p) != NULL; (p) = (p)->p_list.le_next)
#define	PROC_LOCK(p)	mtx_lock(&(p)->p_mtx)
#define	PROC_UNLOCK(p)	mtx_unlock(&(p)->p_mtx)

void	setsugid(struct proc *p);

#endif /* !_SYS_PROC_H_ */
