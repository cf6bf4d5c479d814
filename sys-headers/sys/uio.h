/* Address spaces of a path or buffer (stands for sys/sys/_uio.h). */
#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_

enum uio_seg {
	UIO_USERSPACE,
	UIO_SYSSPACE,
	UIO_NOCOPY
};

#endif /* !_SYS_UIO_H_ */
