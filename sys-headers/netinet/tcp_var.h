/* TCP's kernel interface (stands for netinet/tcp_var.h). */
#ifndef _NETINET_TCP_VAR_H_
#define _NETINET_TCP_VAR_H_

struct mbuf;
struct tcphdr;
struct tcpcb;

/*
 * Answers the segment in `m` (IP header first; `th` inside it, its
 * sequence fields in host order, as tcp_input leaves them; `tlen` the
 * segment's payload length) with a reset, as tcp_input does for a closed
 * port; consumes `m` (sys/netinet/tcp_input.c).
 */
void	tcp_dropwithreset(struct mbuf *m, struct tcphdr *th, struct tcpcb *tp,
	    int tlen);

#endif /* !_NETINET_TCP_VAR_H_ */
