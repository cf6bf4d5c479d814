/*
 * The network epoch (stands for sys/sys/epoch.h, a kernel without
 * EPOCH_TRACE, as FreeBSD 15.0's GENERIC and MINIMAL are).
 */
#ifndef _SYS_EPOCH_H_
#define _SYS_EPOCH_H_

#include <sys/types.h>

struct epoch;
typedef struct epoch *epoch_t;

struct epoch_tracker {
	char		_opaque[32];
} __attribute__((__aligned__(8)));
_Static_assert(sizeof(struct epoch_tracker) == 32,
    "sys/epoch.h: struct epoch_tracker");

extern epoch_t net_epoch_preempt;
void	_epoch_enter_preempt(epoch_t epoch, struct epoch_tracker *et);
void	_epoch_exit_preempt(epoch_t epoch, struct epoch_tracker *et);
#define	NET_EPOCH_ENTER(et)	_epoch_enter_preempt(net_epoch_preempt, &(et))
#define	NET_EPOCH_EXIT(et)	_epoch_exit_preempt(net_epoch_preempt, &(et))

#endif /* !_SYS_EPOCH_H_ */
