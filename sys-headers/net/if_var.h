/* Interface addresses (stands for net/if_var.h). */
#ifndef _NET_IF_VAR_H_
#define _NET_IF_VAR_H_

#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>

struct ifaddr {
	struct sockaddr	*ifa_addr;	/* the address */
	char		_pad0[16];
	struct ifnet	*ifa_ifp;	/* its interface */
	char		_pad1[72];
};
_Static_assert(sizeof(struct ifaddr) == 104, "net/if_var.h: struct ifaddr");
_Static_assert(__offsetof(struct ifaddr, ifa_ifp) == 24, "ifa_ifp");

typedef u_int if_addr_cb_t(void *, struct ifaddr *, u_int);

int	if_getflags(const if_t ifp);
u_int	if_foreach_addr_type(if_t ifp, int type, if_addr_cb_t cb, void *cb_arg);
/* These three need the network epoch. */
struct ifaddr *ifa_ifwithaddr(const struct sockaddr *addr);
struct ifaddr *ifa_ifwithdstaddr(const struct sockaddr *addr, int fibnum);
struct ifaddr *ifa_ifwithnet(const struct sockaddr *addr, int ignore_ptp,
	    int fibnum);

#endif /* !_NET_IF_VAR_H_ */
