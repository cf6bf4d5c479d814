/*
 * rjail's lifecycle: the malloc type, the "rjail_core" module that owns the
 * Rust global state, and the process eventhandlers.
 *
 * Order at kldload (kern_linker.c: modules are registered in the order of
 * their metadata, sysctls registered disabled, then the file's SYSINITs run
 * sorted by subsystem, then the sysctls are enabled):
 *
 *   SI_SUB_KMEM        malloc type M_RJAIL (MALLOC_DEFINE)
 *   (before SYSINITs)  static sysctls registered, not yet visible
 *   SI_SUB_KLD         rjail_core MOD_LOAD: Rust state, the dynamic
 *                      sysctls (knobs, param.*), eventhandlers
 *   SI_SUB_MAC_POLICY  the "rjail" MAC policy registers (label slot, hooks)
 *   SI_SUB_SYSCALLS    the five system calls appear
 *   (after SYSINITs)   security.jail.rjail.* become visible
 *
 * So the Rust state exists before any hook, syscall or sysctl can reach it.
 *
 * Order at kldunload: every module gets MOD_QUIESCE first (rjail_core
 * vetoes with EBUSY while a prison exists), then MOD_UNLOAD in metadata
 * order. This file is linked first, so rjail_core is first in that order
 * and its MOD_UNLOAD (which also refuses while a prison exists, for
 * `kldunload -f`) runs before any syscall or the policy is taken away. It
 * decides "no prison" and closes rjail to new prisons in one step under the
 * prison tree's lock, so a creation racing with the unload either comes
 * first (and the unload fails with EBUSY) or fails. It then removes the
 * dynamic sysctls (they hang from the static node the linker removes
 * later) and the eventhandlers. Then the syscalls deregister
 * (waiting for callers still inside), the policy unregisters (waiting for
 * hooks in flight), sysctls go, and the SYSUNINITs run in reverse order:
 * the Rust state is freed, and last the malloc type is torn down, which
 * reports anything rjail failed to free.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/malloc.h>
#include <sys/eventhandler.h>
#include <sys/proc.h>
#include <sys/ucred.h>

#include "rjail_glue.h"
#include "rjail_internal.h"
#include "rjail_basectl.h"

MALLOC_DEFINE(M_RJAIL, "rjail", "rjail prisons and parameters");

static eventhandler_tag rjail_fork_tag;
static eventhandler_tag rjail_exit_tag;

static void
rjail_process_fork(void *arg __unused, struct proc *parent __unused,
    struct proc *child, int flags __unused)
{
	/* The child shares its parent's credential at this point. */
	rjail_rs_process_fork(rjail_cred_label(child->p_ucred));
}

static void
rjail_process_exit(void *arg __unused, struct proc *p)
{
	rjail_rs_process_exit(rjail_cred_label(p->p_ucred));
}

static void
rjail_eventhandlers_deregister(void)
{
	if (rjail_fork_tag != NULL) {
		EVENTHANDLER_DEREGISTER(process_fork, rjail_fork_tag);
		rjail_fork_tag = NULL;
	}
	if (rjail_exit_tag != NULL) {
		EVENTHANDLER_DEREGISTER(process_exit, rjail_exit_tag);
		rjail_exit_tag = NULL;
	}
}

static int
rjail_core_modevent(module_t mod __unused, int what, void *arg __unused)
{
	int error;

	switch (what) {
	case MOD_LOAD:
		rjail_kern_init();
		error = rjail_rs_load();
		if (error != 0)
			return (error);
		error = rjail_sysctl_dynamic_create();
		if (error != 0) {
			/* Without state the syscalls answer ENOSYS. */
			rjail_rs_teardown();
			return (error);
		}
		rjail_fork_tag = EVENTHANDLER_REGISTER(process_fork,
		    rjail_process_fork, NULL, EVENTHANDLER_PRI_ANY);
		rjail_exit_tag = EVENTHANDLER_REGISTER(process_exit,
		    rjail_process_exit, NULL, EVENTHANDLER_PRI_ANY);
		/* Stand-ins for the base system's per-prison sysctls. */
		rjail_basectl_install();
		return (0);
	case MOD_QUIESCE:
		return (rjail_rs_quiesce());
	case MOD_UNLOAD:
		/* Closes rjail to new prisons only if there is none. */
		error = rjail_rs_unload();
		if (error != 0)
			return (error);
		error = rjail_sysctl_dynamic_destroy();
		if (error != 0) {
			rjail_rs_reopen();
			return (error);
		}
		rjail_eventhandlers_deregister();
		rjail_basectl_restore();
		return (0);
	case MOD_SHUTDOWN:
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

static moduledata_t rjail_core_mod = {
	"rjail_core",
	rjail_core_modevent,
	NULL
};
DECLARE_MODULE(rjail_core, rjail_core_mod, SI_SUB_KLD, SI_ORDER_ANY);
MODULE_VERSION(rjail_core, 1);

static void
rjail_teardown(void *arg __unused)
{
	/* Harmless if MOD_UNLOAD already did it or MOD_LOAD never ran. */
	rjail_basectl_restore();
	rjail_eventhandlers_deregister();
	rjail_rs_teardown();
	rjail_kern_fini();
}
SYSUNINIT(rjail_teardown, SI_SUB_KLD, SI_ORDER_ANY, rjail_teardown, NULL);
