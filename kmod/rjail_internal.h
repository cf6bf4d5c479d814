/*
 * Declarations shared between the glue's own C files (not seen by Rust).
 */
#ifndef _RJAIL_INTERNAL_H_
#define _RJAIL_INTERNAL_H_

#include <sys/malloc.h>

struct ucred;

MALLOC_DECLARE(M_RJAIL);

/* rjail's label on a credential; 0 (the host) while the policy is absent. */
intptr_t rjail_cred_label(struct ucred *cred);
/* Sets rjail's label on a credential that has a label slot. */
void	rjail_cred_set_label(struct ucred *cred, intptr_t value);
/* True once the MAC policy is registered: rjail's labels exist. */
int	rjail_policy_registered(void);

#endif /* !_RJAIL_INTERNAL_H_ */
