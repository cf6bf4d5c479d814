/* The error numbers the glue returns (values of sys/sys/errno.h). */
#ifndef _SYS_ERRNO_H_
#define _SYS_ERRNO_H_

#define	EPERM		1
#define	ENOENT		2
#define	ENOMEM		12
#define	EFAULT		14
#define	EBUSY		16
#define	EEXIST		17
#define	ENOTDIR		20
#define	EINVAL		22
#define	EOPNOTSUPP	45
#define	ENETUNREACH	51
#define	ENAMETOOLONG	63
#define	ENOSYS		78

#endif /* !_SYS_ERRNO_H_ */
