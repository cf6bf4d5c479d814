/* Eventhandlers (stands for sys/sys/eventhandler.h). */
#ifndef _SYS_EVENTHANDLER_H_
#define _SYS_EVENTHANDLER_H_

#include <sys/types.h>

struct eventhandler_list;
struct eventhandler_entry;
typedef struct eventhandler_entry *eventhandler_tag;

#define	EVENTHANDLER_PRI_ANY	10000

eventhandler_tag eventhandler_register(struct eventhandler_list *list,
	    const char *name, void *func, void *arg, int priority);
void	eventhandler_deregister(struct eventhandler_list *list,
	    eventhandler_tag tag);
struct eventhandler_list *eventhandler_find_list(const char *name);

/* The list is found, or created, by name. */
#define	EVENTHANDLER_REGISTER(name, func, arg, priority)		\
	eventhandler_register(NULL, #name, (void *)(func), (arg), (priority))
#define	EVENTHANDLER_DEREGISTER(name, tag) do {				\
	struct eventhandler_list *_rjail_el;				\
									\
	if ((_rjail_el = eventhandler_find_list(#name)) != NULL)	\
		eventhandler_deregister(_rjail_el, (tag));		\
} while (0)

#endif /* !_SYS_EVENTHANDLER_H_ */
