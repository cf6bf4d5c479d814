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
/* The dynamic OIDs: created at MOD_LOAD, all removed at MOD_UNLOAD. */
int	rjail_sysctl_dynamic_create(void);
int	rjail_sysctl_dynamic_destroy(void);
/* The overflow lock of rjail_priv_check's record of asking threads. */
void	rjail_kern_init(void);
void	rjail_kern_fini(void);
/* True while curthread, in rjail_attach, enters `dvp` (a prison's root). */
struct vnode;
int	rjail_attach_enters(struct vnode *dvp);
/* True once the MAC policy is registered: rjail's labels exist. */
int	rjail_policy_registered(void);

/* kmod/rjail_inet.c: the packet-delivery check and the socket families
 * the kernel has (see there). */
struct inpcb;
struct label;
struct mbuf;
int	rjail_inpcb_check_deliver(struct inpcb *inp, struct label *inplabel,
	    struct mbuf *m, struct label *mlabel);
void	rjail_tcp_refuse(struct mbuf *m, int version);
int	rjail_socket_protocol_exists(int domain, int type, int protocol);

#endif /* !_RJAIL_INTERNAL_H_ */
