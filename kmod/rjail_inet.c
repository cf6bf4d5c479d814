/*
 * Kernel services for the IPv4/IPv6 rules of rjail's socket hooks: what a
 * socket is, the source address FreeBSD's jail would pick for it, and the
 * implicit bind that gives it that address.
 *
 * rjail prisoners run with cr_prison == &prison0, so the jail code of the
 * network stack (in_pcbladdr, in6_selectsrc, in_pcbbind_setup, ...) never
 * sees them. The connect hook therefore binds a prisoner's unbound socket
 * to the address the jailed stack would have chosen, before the protocol
 * chooses one itself.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/protosw.h>
#include <sys/domain.h>
#include <sys/epoch.h>
#include <net/if.h>
#include <net/if_var.h>
#include <net/route/nhop.h>
#include <netinet/in.h>
#include <netinet/in_fib.h>
#include <netinet/in_pcb.h>
#include <netinet6/ip6_var.h>

#include "rjail_glue.h"

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
	int	(*member)(void *arg, const uint8_t *addr);
	void	*arg;
	int	found;
	struct in_addr addr;
};

static u_int
rjail_source_walk_one(void *arg, struct ifaddr *ifa, u_int count __unused)
{
	struct rjail_source_walk *walk = arg;
	struct sockaddr_in *sin = (struct sockaddr_in *)ifa->ifa_addr;

	if (!walk->found &&
	    walk->member(walk->arg, (const uint8_t *)&sin->sin_addr) != 0) {
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
    int (*member)(void *arg, const uint8_t *addr), void *arg, uint8_t *src)
{
	struct epoch_tracker et;
	struct rjail_source_walk walk = { .member = member, .arg = arg };
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
	if (nh != NULL && nh->nh_ifp != NULL &&
	    (if_getflags(nh->nh_ifp) & IFF_LOOPBACK) == 0) {
		struct sockaddr_in *route =
		    (struct sockaddr_in *)nh->nh_ifa->ifa_addr;

		if (member(arg, (const uint8_t *)&route->sin_addr) != 0) {
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

int
rjail_socket_bind(struct socket *so, void *sa)
{
	return (sobind(so, sa, curthread));
}
