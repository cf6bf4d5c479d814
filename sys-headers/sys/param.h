/* Release identity and limits (stands for sys/sys/param.h and
 * sys/amd64/include/param.h). The glue includes this first, as FreeBSD
 * code does; it pulls in the types and error numbers. */
#ifndef _SYS_PARAM_H_
#define _SYS_PARAM_H_

/* FreeBSD 15.0-RELEASE. DECLARE_MODULE records it as the kernel version
 * the module needs (loads on 15.0 and later 15.x, not on 16). */
#define	__FreeBSD_version	1500068

#define	MAXPATHLEN	1024
#define	PAGE_SIZE	4096

#define	roundup(x, y)	((((x) + ((y) - 1)) / (y)) * (y))

#include <sys/types.h>
#include <sys/errno.h>

#endif /* !_SYS_PARAM_H_ */
