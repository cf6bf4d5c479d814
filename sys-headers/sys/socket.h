/* Socket addresses (stands for sys/sys/socket.h and sys/sys/_sockaddr.h). */
#ifndef _SYS_SOCKET_H_
#define _SYS_SOCKET_H_

#include <sys/types.h>

struct socket;

struct sockaddr {
	u_char		sa_len;		/* total length, this header included */
	sa_family_t	sa_family;
	char		sa_data[14];
};
_Static_assert(sizeof(struct sockaddr) == 16, "sys/_sockaddr.h: sockaddr");
_Static_assert(__offsetof(struct sockaddr, sa_family) == 1, "sa_family");

#define	AF_INET		2
#define	AF_INET6	28
#define	PF_INET		AF_INET
#define	PF_DIVERT	44
#define	SOCK_STREAM	1
#define	SOCK_DGRAM	2
#define	SOCK_RAW	3

#endif /* !_SYS_SOCKET_H_ */
