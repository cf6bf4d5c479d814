/* Capability rights, as namei needs them (stands for sys/sys/caprights.h
 * and sys/sys/capsicum.h). */
#ifndef _SYS_CAPSICUM_H_
#define _SYS_CAPSICUM_H_

#include <sys/types.h>

typedef struct cap_rights {
	uint64_t	cr_rights[2];
} cap_rights_t;
_Static_assert(sizeof(cap_rights_t) == 16, "sys/caprights.h: cap_rights_t");

/* The empty set: a plain lookup needs no rights. */
extern const cap_rights_t cap_no_rights;

#endif /* !_SYS_CAPSICUM_H_ */
