/* Memory buffers (stands for sys/sys/mbuf.h). */
#ifndef _SYS_MBUF_H_
#define _SYS_MBUF_H_

#include <sys/types.h>

/*
 * An mbuf with a packet header: the members rjail reads. m_type (8 bits)
 * and m_flags (24 bits) share one 32-bit word, type in the low bits.
 */
struct mbuf {
	char		_pad0[16];	/* m_next, m_nextpkt */
	char		*m_data;	/* the data */
	int32_t		m_len;		/* bytes in this mbuf */
	uint32_t	m_typeflags;	/* m_type:8, m_flags:24 */
	char		_pad1[24];	/* m_pkthdr: rcvif, leaf_rcvif, tags */
	int32_t		m_pkthdr_len;	/* m_pkthdr.len: the whole packet */
	char		_pad2[196];
};
_Static_assert(sizeof(struct mbuf) == 256, "sys/mbuf.h: struct mbuf (MSIZE)");
_Static_assert(__offsetof(struct mbuf, m_data) == 16, "m_data");
_Static_assert(__offsetof(struct mbuf, m_len) == 24, "m_len");
_Static_assert(__offsetof(struct mbuf, m_typeflags) == 28, "m_type/m_flags");
_Static_assert(__offsetof(struct mbuf, m_pkthdr_len) == 56, "m_pkthdr.len");

#define	RJAIL_M_FLAGS(m)	((m)->m_typeflags >> 8)
#define	M_BCAST		0x00000010
#define	M_MCAST		0x00000020

struct mbuf	*m_dup(const struct mbuf *m, int how);
struct mbuf	*m_pullup(struct mbuf *m, int len);
void		 m_freem(struct mbuf *m);

#endif /* !_SYS_MBUF_H_ */
