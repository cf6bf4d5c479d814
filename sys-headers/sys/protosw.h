/* Protocol switch entries (stands for sys/sys/protosw.h). */
#ifndef _SYS_PROTOSW_H_
#define _SYS_PROTOSW_H_

#include <sys/types.h>

struct domain;

struct protosw {
	short		pr_type;	/* SOCK_* */
	short		pr_protocol;	/* IPPROTO_* */
	char		_pad0[4];
	struct domain	*pr_domain;
	char		_pad1[248];
};
_Static_assert(sizeof(struct protosw) == 264, "sys/protosw.h: struct protosw");
_Static_assert(__offsetof(struct protosw, pr_protocol) == 2, "pr_protocol");
_Static_assert(__offsetof(struct protosw, pr_domain) == 8, "pr_domain");

/* The protocol socreate(9) would use, or NULL (sys/kern/uipc_domain.c). */
struct protosw *pffindproto(int family, int type, int proto);

#endif /* !_SYS_PROTOSW_H_ */
