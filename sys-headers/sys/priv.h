/* Privileges (stands for sys/sys/priv.h). */
#ifndef _SYS_PRIV_H_
#define _SYS_PRIV_H_

struct thread;

#define	PRIV_JAIL_ATTACH	110
#define	PRIV_JAIL_SET		111
#define	PRIV_JAIL_REMOVE	112

int	priv_check(struct thread *td, int priv);

#endif /* !_SYS_PRIV_H_ */
