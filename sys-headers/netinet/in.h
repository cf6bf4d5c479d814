/* Internet addresses (stands for netinet/in.h and netinet6/in6.h). */
#ifndef _NETINET_IN_H_
#define _NETINET_IN_H_

#define	IPPROTO_TCP	6
#define	IPPROTO_DIVERT	258

#include <sys/types.h>

struct in_addr {
	uint32_t	s_addr;		/* network order */
};

struct sockaddr_in {
	uint8_t		sin_len;
	sa_family_t	sin_family;
	uint16_t	sin_port;
	struct in_addr	sin_addr;
	char		sin_zero[8];
};
_Static_assert(sizeof(struct sockaddr_in) == 16, "netinet/in.h: sockaddr_in");
_Static_assert(__offsetof(struct sockaddr_in, sin_addr) == 4, "sin_addr");

struct in6_addr {
	uint8_t		s6_addr[16];
};

struct sockaddr_in6 {
	uint8_t		sin6_len;
	sa_family_t	sin6_family;
	uint16_t	sin6_port;
	uint32_t	sin6_flowinfo;
	struct in6_addr	sin6_addr;
	uint32_t	sin6_scope_id;
};
_Static_assert(sizeof(struct sockaddr_in6) == 28,
    "netinet6/in6.h: sockaddr_in6");
_Static_assert(__offsetof(struct sockaddr_in6, sin6_addr) == 8, "sin6_addr");
_Static_assert(__offsetof(struct sockaddr_in6, sin6_scope_id) == 24,
    "sin6_scope_id");

#endif /* !_NETINET_IN_H_ */
