/* IPv6 source selection (stands for netinet6/ip6_var.h). */
#ifndef _NETINET6_IP6_VAR_H_
#define _NETINET6_IP6_VAR_H_

#include <netinet/in.h>

struct ifnet;

/* Source address selection without a socket or credential. */
int	in6_selectsrc_addr(uint32_t fibnum, const struct in6_addr *dst,
	    uint32_t scopeid, struct ifnet *ifp, struct in6_addr *srcp,
	    int *hlim);

#endif /* !_NETINET6_IP6_VAR_H_ */
