/* Internet protocol control blocks (stands for netinet/in_pcb.h). */
#ifndef _NETINET_IN_PCB_H_
#define _NETINET_IN_PCB_H_

#include <sys/types.h>
#include <sys/rwlock.h>
#include <netinet/in.h>

struct socket;
struct ucred;

struct inpcb {
	char		_pad0[32];	/* the two hash linkages */
	struct rwlock	inp_lock;	/* INP_WLOCK */
	char		_pad0b[4];
	int		inp_flags;	/* INP_*, IN6P_* */
	char		_pad1[8];
	struct socket	*inp_socket;	/* the socket it belongs to */
	char		_pad2[8];
	struct ucred	*inp_cred;	/* the socket's credential */
	char		_pad2b[4];
	u_char		inp_vflag;	/* INP_IPV4, INP_IPV6 */
	char		_pad2c[29];
	uint16_t	inp_lport;	/* inp_inc.inc_ie.ie_lport */
	char		_pad3[16];
	/* inp_inc.inc_ie.ie_dependladdr: the local address. */
	union {
		struct in6_addr	in6p_laddr;
		struct {
			uint32_t	_pad46[3];
			struct in_addr	inp_laddr;
		};
	};
	char		_pad4[204];
};
_Static_assert(sizeof(struct inpcb) == 376, "netinet/in_pcb.h: struct inpcb");
_Static_assert(__offsetof(struct inpcb, inp_lock) == 32, "inp_lock");
_Static_assert(__offsetof(struct inpcb, inp_flags) == 68, "inp_flags");
_Static_assert(__offsetof(struct inpcb, inp_socket) == 80, "inp_socket");
_Static_assert(__offsetof(struct inpcb, inp_cred) == 96, "inp_cred");
_Static_assert(__offsetof(struct inpcb, inp_vflag) == 108, "inp_vflag");
_Static_assert(__offsetof(struct inpcb, inp_lport) == 138, "inp_lport");
_Static_assert(__offsetof(struct inpcb, in6p_laddr) == 156, "in6p_laddr");
_Static_assert(__offsetof(struct inpcb, inp_laddr) == 168, "inp_laddr");

#define	IN6P_IPV6_V6ONLY	0x00008000
#define	INP_DROPPED	0x04000000	/* the protocol dropped it */

#define	INP_WLOCK(inp)		rw_wlock(&(inp)->inp_lock)
#define	INP_WUNLOCK(inp)	rw_wunlock(&(inp)->inp_lock)
#define	INP_IPV4	0x1
#define	INP_IPV6	0x2

#endif /* !_NETINET_IN_PCB_H_ */
