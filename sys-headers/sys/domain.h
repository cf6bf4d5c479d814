/* Protocol families (stands for sys/sys/domain.h). */
#ifndef _SYS_DOMAIN_H_
#define _SYS_DOMAIN_H_

#include <sys/types.h>

struct domain {
	char		_pad0[8];
	int		dom_family;	/* AF_* */
	char		_pad1[68];
};
_Static_assert(sizeof(struct domain) == 80, "sys/domain.h: struct domain");
_Static_assert(__offsetof(struct domain, dom_family) == 8, "dom_family");

#endif /* !_SYS_DOMAIN_H_ */
