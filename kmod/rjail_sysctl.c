/*
 * rjail's sysctl subtree, security.jail.rjail: a node of its own so that no
 * OID can collide with the base system's security.jail.*. Every OID carries
 * a description (sysctl -d). The subtree is registered and removed by the
 * kernel linker with the module (the sysctl_set linker set).
 *
 * To add an OID: a SYSCTL_* line under _security_jail_rjail, with a
 * handler here that asks Rust for the value when it is not a constant.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/ucred.h>
#include <sys/jail.h>
#include <sys/sysctl.h>

#include "rjail_glue.h"
#include "rjail_internal.h"

SYSCTL_NODE(_security_jail, OID_AUTO, rjail, CTLFLAG_RW | CTLFLAG_MPSAFE, 0,
    "rjail: jails as a loadable module");

static char rjail_version[] = RJAIL_VERSION_STRING;
SYSCTL_STRING(_security_jail_rjail, OID_AUTO, version,
    CTLFLAG_RD | CTLFLAG_MPSAFE, rjail_version, 0,
    "Version of the loaded rjail module");

static int
rjail_sysctl_jailed(SYSCTL_HANDLER_ARGS)
{
	int jailed;

	jailed = rjail_rs_label_in_prison(rjail_cred_label(req->td->td_ucred));
	return (sysctl_handle_int(oidp, &jailed, 0, req));
}
SYSCTL_PROC(_security_jail_rjail, OID_AUTO, jailed,
    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_PRISON | CTLFLAG_MPSAFE, NULL, 0,
    rjail_sysctl_jailed, "I",
    "Process in an rjail prison?");
