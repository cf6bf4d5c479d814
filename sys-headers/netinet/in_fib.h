/* IPv4 route lookups (stands for netinet/in_fib.h). */
#ifndef _NETINET_IN_FIB_H_
#define _NETINET_IN_FIB_H_

#include <netinet/in.h>

struct nhop_object;

/* Needs the network epoch; the result is valid inside it. */
struct nhop_object *fib4_lookup(uint32_t fibnum, struct in_addr dst,
	    uint32_t scopeid, uint32_t flags, uint32_t flowid);

#endif /* !_NETINET_IN_FIB_H_ */
