/*
 * Kernel services for the IPv4/IPv6 rules of rjail's socket hooks: what a
 * socket is, the source address FreeBSD's jail would pick for it, and the
 * implicit bind that gives it that address.
 *
 * rjail prisoners run with cr_prison == &prison0, so the jail code of the
 * network stack (in_pcbladdr, in6_selectsrc, in_pcbbind_setup, ...) never
 * sees them. The connect hook therefore gives a prisoner's unbound socket
 * the address the jailed stack would have chosen, before the protocol
 * chooses one itself (rjail_socket_take_source).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/sysent.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/mbuf.h>
#include <sys/domain.h>
#include <sys/epoch.h>
#include <bsm/audit_kevents.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route/nhop.h>
#include <netinet/in.h>
#include <netinet/in_fib.h>
#include <netinet/in_pcb.h>
#include <netinet6/ip6_var.h>
#include <netinet/tcp_var.h>

#include "rjail_glue.h"
#include "rjail_internal.h"

void
rjail_socket_info(struct socket *so, struct rjail_sockinfo *info)
{
	struct inpcb *inp;
	u_int i;

	info->family = so->so_proto->pr_domain->dom_family;
	info->type = so->so_type;
	info->protocol = so->so_proto->pr_protocol;
	info->v6only = 0;
	info->bound = 0;
	if (info->family != AF_INET && info->family != AF_INET6)
		return;
	inp = so->so_pcb;
	if (inp == NULL)
		return;
	/*
	 * Read without the inpcb lock: a socket that another thread binds
	 * meanwhile makes the hook's own sobind fail with EINVAL, which the
	 * hook reports, so the race never leaves an unconfined address.
	 */
	info->v6only = (inp->inp_flags & IN6P_IPV6_V6ONLY) != 0;
	if (inp->inp_lport != 0)
		info->bound = 1;
	for (i = 0; i < sizeof(inp->in6p_laddr); i++)
		if (inp->in6p_laddr.s6_addr[i] != 0)
			info->bound = 1;
}

struct rjail_source_walk {
	const uint8_t *addrs;	/* the prison's, 4 bytes each */
	u_int	count;
	int	found;
	struct in_addr addr;
};

/*
 * Whether `a` is one of the prison's addresses (prison_check_ip4's
 * question). A loop here, not a call into Rust for every address of the
 * interface: the lists are short, and the walk runs on every connect of an
 * unbound socket.
 */
static int
rjail_source_member(const struct rjail_source_walk *walk,
    const struct in_addr *a)
{
	uint32_t candidate;
	u_int i;

	for (i = 0; i < walk->count; i++) {
		memcpy(&candidate, walk->addrs + 4 * i, sizeof(candidate));
		if (candidate == a->s_addr)
			return (1);
	}
	return (0);
}

static u_int
rjail_source_walk_one(void *arg, struct ifaddr *ifa, u_int count __unused)
{
	struct rjail_source_walk *walk = arg;
	struct sockaddr_in *sin = (struct sockaddr_in *)ifa->ifa_addr;

	if (!walk->found && rjail_source_member(walk, &sin->sin_addr)) {
		walk->found = 1;
		walk->addr = sin->sin_addr;
	}
	return (0);
}

/* The first of ifp's IPv4 addresses (in the interface's order) that is
 * the prison's. */
static int
rjail_source_on(struct ifnet *ifp, struct rjail_source_walk *walk)
{
	walk->found = 0;
	if_foreach_addr_type(ifp, AF_INET, rjail_source_walk_one, walk);
	return (walk->found);
}

/*
 * sys/netinet/in_pcb.c, in_pcbladdr, for a credential whose IPv4 is
 * restricted (the multicast-interface case aside): a route through a
 * non-loopback interface gives that route's address if it is the
 * prison's, else the first of the interface's addresses that is; a
 * loopback route, or none, gives the first prison address on the
 * interface that holds the destination (ENETUNREACH without a route when
 * no interface does). ENOENT: no such address, the prison's primary
 * applies.
 */
int
rjail_inet_source(struct socket *so, const uint8_t *dst,
    const uint8_t *addrs, u_int count, uint8_t *src)
{
	struct epoch_tracker et;
	struct rjail_source_walk walk = { .addrs = addrs, .count = count };
	struct sockaddr_in sin;
	struct nhop_object *nh;
	struct ifaddr *ifa;
	struct ifnet *ifp;
	struct vnet *saved_vnet;
	int error;

	bzero(&sin, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	memcpy(&sin.sin_addr, dst, sizeof(sin.sin_addr));

	error = ENOENT;
	nh = NULL;
	/* CURVNET_SET(so->so_vnet), spelt out: the macro is empty unless
	 * the module is built with the kernel's VIMAGE option. */
	saved_vnet = curthread->td_vnet;
	curthread->td_vnet = so->so_vnet;
	NET_EPOCH_ENTER(et);
	if ((so->so_options & SO_DONTROUTE) == 0)
		nh = fib4_lookup(so->so_fibnum, sin.sin_addr, 0, 0, 0);
	/*
	 * With a route through an interface nothing below can end in
	 * ENETUNREACH, and a prison with a single address gets that address
	 * whichever interface holds it (found on it, or as the primary): the
	 * walks would only confirm it.
	 */
	if (count == 1 && nh != NULL && nh->nh_ifp != NULL) {
		memcpy(src, addrs, sizeof(struct in_addr));
		error = 0;
		goto done;
	}
	if (nh != NULL && nh->nh_ifp != NULL &&
	    (if_getflags(nh->nh_ifp) & IFF_LOOPBACK) == 0) {
		struct sockaddr_in *route =
		    (struct sockaddr_in *)nh->nh_ifa->ifa_addr;

		if (rjail_source_member(&walk, &route->sin_addr)) {
			memcpy(src, &route->sin_addr, sizeof(route->sin_addr));
			error = 0;
		} else if (rjail_source_on(nh->nh_ifp, &walk)) {
			memcpy(src, &walk.addr, sizeof(walk.addr));
			error = 0;
		}
		goto done;
	}
	ifa = ifa_ifwithdstaddr((struct sockaddr *)&sin, so->so_fibnum);
	if (ifa == NULL)
		ifa = ifa_ifwithnet((struct sockaddr *)&sin, 0, so->so_fibnum);
	if (ifa == NULL && nh != NULL)
		ifa = ifa_ifwithaddr((struct sockaddr *)&sin);
	if (ifa == NULL) {
		if (nh == NULL || nh->nh_ifp == NULL)
			error = ENETUNREACH;
		goto done;
	}
	ifp = ifa->ifa_ifp;
	if (rjail_source_on(ifp, &walk)) {
		memcpy(src, &walk.addr, sizeof(walk.addr));
		error = 0;
	}
done:
	NET_EPOCH_EXIT(et);
	curthread->td_vnet = saved_vnet;
	return (error);
}

int
rjail_inet6_source(struct socket *so, const uint8_t *dst, uint8_t *src)
{
	struct epoch_tracker et;
	struct in6_addr d, s;
	struct vnet *saved_vnet;
	int error;

	memcpy(&d, dst, sizeof(d));
	saved_vnet = curthread->td_vnet;
	curthread->td_vnet = so->so_vnet;
	NET_EPOCH_ENTER(et);
	error = in6_selectsrc_addr(so->so_fibnum, &d, 0, NULL, &s, NULL);
	NET_EPOCH_EXIT(et);
	curthread->td_vnet = saved_vnet;
	if (error == 0)
		memcpy(src, &s, sizeof(s));
	return (error);
}

/*
 * Whether the current system call is connect(2) or connectat(2), in any
 * ABI (the audit event names the operation, as sys/kern/syscalls.master
 * and the emulators' tables give it). mpo_socket_check_connect is also
 * called for sendto(2)'s destination (kern_sendit).
 */
int
rjail_syscall_is_connect(void)
{
	const struct sysent *callp = curthread->td_sa.callp;

	return (callp != NULL && (callp->sy_auevent == AUE_CONNECT ||
	    callp->sy_auevent == AUE_CONNECTAT));
}

int
rjail_socket_take_source(struct socket *so, void *sa, int connecting)
{
	const struct sockaddr_in *sin = sa;
	struct inpcb *inp = so->so_pcb;
	int error;

	/*
	 * connect(2) of an IPv4 TCP or UDP socket reaches in_pcbconnect
	 * (sys/netinet/in_pcb.c), which takes a local address already set
	 * and, the port being 0, picks one for that address and the
	 * destination and hashes the inpcb: exactly what it does for a
	 * jailed socket once in_pcbladdr has chosen. Only the address is
	 * set, so the port is chosen as in FreeBSD's jail (in_pcb_lport_dest)
	 * and nothing is hashed twice. sendto(2) must not see such an inpcb
	 * (udp_send's implicit in_pcbbind refuses a set address), and
	 * in6_pcbconnect picks no port for a set address: those get sobind.
	 */
	if (sin->sin_family != AF_INET || inp == NULL ||
	    so->so_proto->pr_domain->dom_family != AF_INET ||
	    !connecting)
		return (sobind(so, sa, curthread));
	error = 0;
	INP_WLOCK(inp);
	/* Bound meanwhile by another thread (a port, or an address other
	 * than INADDR_ANY): what sobind would answer. */
	if (inp->inp_lport != 0 || inp->inp_laddr.s_addr != 0)
		error = EINVAL;
	/* A dropped TCP connection: the protocol's connect answers. */
	else if ((inp->inp_flags & INP_DROPPED) == 0)
		inp->inp_laddr = sin->sin_addr;
	INP_WUNLOCK(inp);
	return (error);
}

/*
 * socreate's own refusals come first for a family, type or protocol the
 * kernel does not have (EAFNOSUPPORT, EPROTOTYPE, EPROTONOSUPPORT), before
 * prison_check_af (sys/kern/uipc_socket.c): the create hook, which runs
 * before socreate, leaves such a socket to the kernel. Applies socreate's
 * divert(4) shim first.
 */
int
rjail_socket_protocol_exists(int domain, int type, int protocol)
{
	if (domain == PF_INET && type == SOCK_RAW && protocol == IPPROTO_DIVERT)
		domain = PF_DIVERT;
	return (pffindproto(domain, type, protocol) != NULL);
}

/*
 * mpo_inpcb_check_deliver: a segment or datagram about to be delivered to
 * `inp` (tcp_input, udp_append, udp6_append, rip_input).
 *
 * FreeBSD's lookup never hands a jailed wildcard socket a packet for an
 * address outside its prison (in_pcblookup_hash_wild_locked and the
 * IPv6 twin check prison_check_ip4/6_locked on the socket's credential),
 * and rip_input/rip6_input skip a jailed raw socket for such a
 * destination. An rjail prisoner's socket is not jailed in the kernel's
 * eyes, so the lookup picks it: here the packet is refused instead, and a
 * TCP segment is answered with the reset tcp_input sends when no socket
 * matched (tcp_dropwithreset on a copy, since tcp_input frees the
 * original on refusal). Multicast and broadcast datagrams reach wildcard
 * sockets in FreeBSD's jails too (udp_multi_input) and pass.
 *
 * Runs with the inpcb locked inside the network epoch: nothing sleeps.
 */
int
rjail_inpcb_check_deliver(struct inpcb *inp, struct label *inplabel __unused,
    struct mbuf *m, struct label *mlabel __unused)
{
	struct socket *so;
	const uint8_t *hdr;
	struct rjail_arrival arrival;
	intptr_t label;
	int error, i;

	label = rjail_cred_label(inp->inp_cred);
	if (label == 0)
		return (0);
	so = inp->inp_socket;
	if (so == NULL || m->m_len < 20)
		return (0);
	hdr = (const uint8_t *)m->m_data;
	bzero(&arrival, sizeof(arrival));
	arrival.version = hdr[0] >> 4;
	arrival.raw = so->so_type == SOCK_RAW;
	if ((RJAIL_M_FLAGS(m) & (M_BCAST | M_MCAST)) != 0)
		arrival.group = 1;
	if (arrival.version == 4) {
		memcpy(arrival.dst, hdr + 16, 4);
		/* 224/4 and the limited broadcast address. */
		if ((hdr[16] & 0xf0) == 0xe0 ||
		    (hdr[16] & hdr[17] & hdr[18] & hdr[19]) == 0xff)
			arrival.group = 1;
	} else if (arrival.version == 6 && m->m_len >= 40) {
		memcpy(arrival.dst, hdr + 24, 16);
		if (hdr[24] == 0xff)
			arrival.group = 1;
	} else
		return (0);
	if ((inp->inp_vflag & INP_IPV6) != 0) {
		arrival.wildcard = 1;
		for (i = 0; i < 16; i++)
			if (inp->in6p_laddr.s6_addr[i] != 0)
				arrival.wildcard = 0;
	} else
		arrival.wildcard = inp->inp_laddr.s_addr == 0;
	error = rjail_rs_inpcb_check_deliver(label, &arrival);
	if (error != 0 && so->so_type == SOCK_STREAM)
		rjail_tcp_refuse(m, arrival.version);
	return (error);
}

/*
 * The reset for a refused TCP segment. tcp_input has left the IP header
 * first in `m` with the TCP header after it in the same mbuf (its
 * m_pullup), the IPv4 total length and header length restored, and the
 * TCP sequence fields in host order. IPv6 segments with extension headers
 * (where the TCP header's offset is not known here) are only dropped.
 */
void
rjail_tcp_refuse(struct mbuf *m, int version)
{
	const uint8_t *hdr = (const uint8_t *)m->m_data;
	struct mbuf *copy;
	int off0, total, thoff;

	if (version == 4) {
		off0 = (hdr[0] & 0x0f) << 2;
		total = (hdr[2] << 8) | hdr[3];
	} else {
		if (hdr[6] != IPPROTO_TCP)
			return;
		off0 = 40;
		total = 40 + ((hdr[4] << 8) | hdr[5]);
	}
	if (m->m_len < off0 + 20)
		return;
	thoff = (hdr[off0 + 12] >> 4) << 2;
	if (thoff < 20 || total < off0 + thoff)
		return;
	copy = m_dup(m, M_NOWAIT);
	if (copy == NULL)
		return;
	copy = m_pullup(copy, off0 + thoff);
	if (copy == NULL)
		return;
	tcp_dropwithreset(copy, (struct tcphdr *)(copy->m_data + off0), NULL,
	    total - off0 - thoff);
}

struct rjail_addr6_walk {
	void	(*visit)(void *arg, const uint8_t *addr);
	void	*arg;
};

static u_int
rjail_addr6_one(void *arg, struct ifaddr *ifa, u_int count __unused)
{
	struct rjail_addr6_walk *walk = arg;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ifa->ifa_addr;

	walk->visit(walk->arg, (const uint8_t *)&sin6->sin6_addr);
	return (0);
}

/*
 * Calls `visit` with each IPv6 address of the interface that holds `src`
 * (the kernel's own source choice, on the outgoing interface), in the
 * interface's order: the order in which in6_selectsrc meets them, which
 * decides between addresses its rules rank alike.
 */
void
rjail_inet6_interface_addrs(struct socket *so, const uint8_t *src,
    void (*visit)(void *arg, const uint8_t *addr), void *arg)
{
	struct epoch_tracker et;
	struct rjail_addr6_walk walk = { .visit = visit, .arg = arg };
	struct sockaddr_in6 sin6;
	struct ifaddr *ifa;
	struct vnet *saved_vnet;

	bzero(&sin6, sizeof(sin6));
	sin6.sin6_len = sizeof(sin6);
	sin6.sin6_family = AF_INET6;
	memcpy(&sin6.sin6_addr, src, sizeof(sin6.sin6_addr));
	saved_vnet = curthread->td_vnet;
	curthread->td_vnet = so->so_vnet;
	NET_EPOCH_ENTER(et);
	ifa = ifa_ifwithaddr((struct sockaddr *)&sin6);
	if (ifa != NULL)
		if_foreach_addr_type(ifa->ifa_ifp, AF_INET6, rjail_addr6_one,
		    &walk);
	NET_EPOCH_EXIT(et);
	curthread->td_vnet = saved_vnet;
}
