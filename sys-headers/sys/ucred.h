/* Credentials (stands for sys/sys/ucred.h). */
#ifndef _SYS_UCRED_H_
#define _SYS_UCRED_H_

#include <sys/types.h>

struct prison;
struct label;
struct proc;

struct ucred {
	char		_pad0[100];
	uid_t		cr_uid;		/* effective user id */
	char		_pad0b[40];
	struct prison	*cr_prison;	/* the base system's jail */
	char		_pad1[24];
	struct label	*cr_label;	/* MAC labels, NULL if none */
	char		_pad2[80];
};
_Static_assert(sizeof(struct ucred) == 264, "sys/ucred.h: struct ucred");
_Static_assert(__offsetof(struct ucred, cr_uid) == 100, "cr_uid");
_Static_assert(__offsetof(struct ucred, cr_prison) == 144, "cr_prison");
_Static_assert(__offsetof(struct ucred, cr_label) == 176, "cr_label");

struct ucred	*crget(void);
struct ucred	*crcopysafe(struct proc *p, struct ucred *cr);
void		crfree(struct ucred *cr);
void		proc_set_cred(struct proc *p, struct ucred *newcred);

#endif /* !_SYS_UCRED_H_ */
