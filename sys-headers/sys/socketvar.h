/* Sockets (stands for sys/sys/socketvar.h). */
#ifndef _SYS_SOCKETVAR_H_
#define _SYS_SOCKETVAR_H_

#include <sys/types.h>
#include <sys/socket.h>

struct protosw;
struct thread;
struct vnet;

struct socket {
	char		_pad0[184];
	int		so_options;	/* SO_* from sys/socket.h */
	short		so_type;	/* SOCK_STREAM, ... */
	char		_pad1[2];
	void		*so_pcb;	/* the protocol's control block */
	struct vnet	*so_vnet;	/* its network stack */
	struct protosw	*so_proto;
	char		_pad3[88];
	int		so_fibnum;
	char		_pad4[716];
};
_Static_assert(sizeof(struct socket) == 1024, "sys/socketvar.h: struct socket");
_Static_assert(__offsetof(struct socket, so_options) == 184, "so_options");
_Static_assert(__offsetof(struct socket, so_type) == 188, "so_type");
_Static_assert(__offsetof(struct socket, so_pcb) == 192, "so_pcb");
_Static_assert(__offsetof(struct socket, so_vnet) == 200, "so_vnet");
_Static_assert(__offsetof(struct socket, so_proto) == 208, "so_proto");
_Static_assert(__offsetof(struct socket, so_fibnum) == 304, "so_fibnum");

#define	SO_DONTROUTE	0x00000010

int	sobind(struct socket *so, struct sockaddr *nam, struct thread *td);

#endif /* !_SYS_SOCKETVAR_H_ */
