/* Privileges (stands for sys/sys/priv.h). */
#ifndef _SYS_PRIV_H_
#define _SYS_PRIV_H_

struct thread;

struct ucred;

#define	PRIV_DEBUG_DIFFJAIL	84	/* debug a process of another jail */
#define	PRIV_JAIL_ATTACH	110
#define	PRIV_JAIL_SET		111
#define	PRIV_JAIL_REMOVE	112
#define	PRIV_SCHED_DIFFJAIL	209	/* reschedule one of another jail */
#define	PRIV_SIGNAL_DIFFJAIL	232	/* signal one of another jail */

int	priv_check(struct thread *td, int priv);
/* The same question for any credential; does not sleep. */
int	priv_check_cred(struct ucred *cred, int priv);

#endif /* !_SYS_PRIV_H_ */
