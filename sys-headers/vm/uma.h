/* UMA zones, as far as namei's buffers need them (stands for
 * sys/vm/uma.h). */
#ifndef _VM_UMA_H_
#define _VM_UMA_H_

typedef struct uma_zone *uma_zone_t;

void	uma_zfree_arg(uma_zone_t zone, void *item, void *udata);

static inline void
uma_zfree(uma_zone_t zone, void *item)
{
	uma_zfree_arg(zone, item, NULL);
}

#endif /* !_VM_UMA_H_ */
