/* The base system's jails, as far as rjail looks at them (stands for
 * sys/sys/jail.h). prison0's address tells a natively jailed credential;
 * its securelevel is the floor of every rjail prisoner's. */
#ifndef _SYS_JAIL_H_
#define _SYS_JAIL_H_

struct sysctl_oid;

struct prison {
	char	__rjail_pad0[252];
	int	pr_securelevel;		/* read without a lock, as kern_mib.c */
	char	__rjail_pad1[2176 - 256];
};
_Static_assert(sizeof(struct prison) == 2176, "sys/jail.h: struct prison");
_Static_assert(__offsetof(struct prison, pr_securelevel) == 252,
    "prison.pr_securelevel");

extern struct prison prison0;
/* The security.jail node rjail's own subtree hangs from. */
extern struct sysctl_oid sysctl___security_jail;

#endif /* !_SYS_JAIL_H_ */
