/* Next hops (stands for net/route/nhop.h). */
#ifndef _NET_ROUTE_NHOP_H_
#define _NET_ROUTE_NHOP_H_

#include <sys/types.h>

struct ifnet;
struct ifaddr;

struct nhop_object {
	char		_pad0[32];
	struct ifnet	*nh_ifp;	/* egress interface */
	struct ifaddr	*nh_ifa;	/* the interface address to use */
	char		_pad1[80];
};
_Static_assert(sizeof(struct nhop_object) == 128,
    "net/route/nhop.h: struct nhop_object");
_Static_assert(__offsetof(struct nhop_object, nh_ifp) == 32, "nh_ifp");
_Static_assert(__offsetof(struct nhop_object, nh_ifa) == 40, "nh_ifa");

#endif /* !_NET_ROUTE_NHOP_H_ */
