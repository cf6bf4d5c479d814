/* Audit event numbers (stands for sys/bsm/audit_kevents.h). */
#ifndef _BSM_AUDIT_KEVENTS_H_
#define _BSM_AUDIT_KEVENTS_H_

#define	AUE_NULL	0
#define	AUE_CONNECT	32
#define	AUE_CONNECTAT	43208

#endif /* !_BSM_AUDIT_KEVENTS_H_ */
