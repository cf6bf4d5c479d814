/* Interfaces (stands for net/if.h). */
#ifndef _NET_IF_H_
#define _NET_IF_H_

struct ifnet;
typedef struct ifnet *if_t;

#define	IFF_LOOPBACK	0x8

#endif /* !_NET_IF_H_ */
