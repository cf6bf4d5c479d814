/* The base system's jails, as far as rjail looks at them (stands for
 * sys/sys/jail.h). The structure stays opaque: only prison0's address is
 * used, to tell a natively jailed credential. */
#ifndef _SYS_JAIL_H_
#define _SYS_JAIL_H_

struct prison;
struct sysctl_oid;

extern struct prison prison0;
/* The security.jail node rjail's own subtree hangs from. */
extern struct sysctl_oid sysctl___security_jail;

#endif /* !_SYS_JAIL_H_ */
