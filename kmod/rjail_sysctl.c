/*
 * rjail's sysctl subtree, security.jail.rjail: a node of its own so that no
 * OID can collide with the base system's security.jail.*. Every OID carries
 * a description (sysctl -d).
 *
 * Two kinds of OIDs live here:
 *  - static ones (the node, version, jailed, list), registered and removed
 *    by the kernel linker with the module (the sysctl_set linker set);
 *  - dynamic ones built from Rust's catalogues at MOD_LOAD (the legacy
 *    knobs, children.*, the param.* tree), all in one context that
 *    MOD_UNLOAD frees. They must be gone before the linker removes the
 *    static node they hang from, which happens after every MOD_UNLOAD and
 *    before the SYSUNINITs (kern_linker.c, linker_file_unload).
 *
 * Handlers run in a sleepable context; what they send out goes through
 * SYSCTL_OUT after Rust has built it, with no rjail lock held.
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

/*
 * sysctl_req's flag for a 32-bit caller. A module built outside a kernel
 * build lacks COMPAT_FREEBSD32, hence the kernel's name for it, but the
 * stock kernel (which has the option) still sets it.
 */
#define	RJAIL_SCTL_MASK32	1
#ifdef SCTL_MASK32
_Static_assert(SCTL_MASK32 == RJAIL_SCTL_MASK32, "sysctl_req flags");
#endif

SYSCTL_NODE(_security_jail, OID_AUTO, rjail, CTLFLAG_RW | CTLFLAG_MPSAFE, 0,
    "rjail: jails as a loadable module");

static char rjail_version[] = RJAIL_VERSION_STRING;
SYSCTL_STRING(_security_jail_rjail, OID_AUTO, version,
    CTLFLAG_RD | CTLFLAG_MPSAFE, rjail_version, 0,
    "Version of the loaded rjail module");

static intptr_t
rjail_sysctl_viewer(struct sysctl_req *req)
{
	return (rjail_cred_label(req->td->td_ucred));
}

static int
rjail_sysctl_jailed(SYSCTL_HANDLER_ARGS)
{
	int jailed;

	jailed = rjail_rs_sysctl_jailed(rjail_sysctl_viewer(req));
	return (sysctl_handle_int(oidp, &jailed, 0, req));
}
SYSCTL_PROC(_security_jail_rjail, OID_AUTO, jailed,
    CTLTYPE_INT | CTLFLAG_RD | CTLFLAG_MPSAFE, NULL, 0,
    rjail_sysctl_jailed, "I",
    "Process in an rjail prison?");

/*
 * Rust builds the whole payload and hands it to rjail_sysctl_out; with
 * req->oldptr NULL the kernel's oldfunc only adds up the length, which is
 * how a caller learns the size before the real read.
 */
static int
rjail_sysctl_list(SYSCTL_HANDLER_ARGS)
{
	return (rjail_rs_sysctl_list(rjail_sysctl_viewer(req), req));
}
SYSCTL_PROC(_security_jail_rjail, OID_AUTO, list,
    CTLTYPE_STRUCT | CTLFLAG_RD | CTLFLAG_MPSAFE, NULL, 0,
    rjail_sysctl_list, "S",
    "List of active rjail prisons");

int
rjail_sysctl_out(struct sysctl_req *req, const void *buf, size_t len)
{
	return (SYSCTL_OUT(req, buf, len));
}

/*
 * A legacy knob: arg2 is its index in Rust's knob table. Read, hand to
 * sysctl_handle_int (which also serves u_int OIDs: same size), and write
 * back only when the caller supplied a new value.
 */
static int
rjail_sysctl_knob(SYSCTL_HANDLER_ARGS)
{
	intptr_t viewer;
	int error, value;

	viewer = rjail_sysctl_viewer(req);
	error = rjail_rs_sysctl_knob_read((u_int)arg2, viewer, &value);
	if (error != 0)
		return (error);
	error = sysctl_handle_int(oidp, &value, 0, req);
	if (error != 0 || req->newptr == NULL)
		return (error);
	return (rjail_rs_sysctl_knob_write((u_int)arg2, viewer, value));
}

/* Decimal text of a non-negative number, NUL-terminated. */
static void
rjail_decimal(char *buf, size_t size, intmax_t n)
{
	char digits[24];
	size_t count = 0, i;

	if (n < 0)
		n = 0;
	do {
		digits[count++] = '0' + (char)(n % 10);
		n /= 10;
	} while (n != 0 && count < sizeof(digits));
	for (i = 0; i < count && i + 1 < size; i++)
		buf[i] = digits[count - 1 - i];
	buf[i] = '\0';
}

/*
 * A parameter description: reading tells the value's size, never a value
 * (as the base system's security.jail.param.*): 0 for numbers, the longest
 * string as decimal text, the size of one array element. arg2 carries that
 * length or size. A write is accepted and ignored, as upstream.
 */
static int
rjail_sysctl_param(SYSCTL_HANDLER_ARGS)
{
	char numbuf[24];
	long l;
	size_t s;
	int i;

	switch (oidp->oid_kind & CTLTYPE) {
	case CTLTYPE_LONG:
	case CTLTYPE_ULONG:
		if ((req->flags & RJAIL_SCTL_MASK32) == 0) {
			l = 0;
			return (SYSCTL_OUT(req, &l, sizeof(l)));
		}
		/* A 32-bit caller's long is an int. */
		i = 0;
		return (SYSCTL_OUT(req, &i, sizeof(i)));
	case CTLTYPE_INT:
	case CTLTYPE_UINT:
		i = 0;
		return (SYSCTL_OUT(req, &i, sizeof(i)));
	case CTLTYPE_STRING:
		/* A local copy: a write must not land in static memory. */
		rjail_decimal(numbuf, sizeof(numbuf), arg2);
		return (sysctl_handle_string(oidp, numbuf, sizeof(numbuf), req));
	case CTLTYPE_STRUCT:
		s = (size_t)arg2;
		return (SYSCTL_OUT(req, &s, sizeof(s)));
	default:
		return (0);
	}
}

static struct sysctl_ctx_list rjail_sysctl_ctx;
static bool rjail_sysctl_ctx_live;

static struct sysctl_oid_list *
rjail_sysctl_parent(struct sysctl_oid *parent)
{
	if (parent == NULL)
		parent = &sysctl___security_jail_rjail;
	return (SYSCTL_CHILDREN(parent));
}

struct sysctl_oid *
rjail_sysctl_add_node(struct sysctl_oid *parent, const char *name,
    const char *descr)
{
	if (!rjail_sysctl_ctx_live)
		return (NULL);
	return (sysctl_add_oid(&rjail_sysctl_ctx, rjail_sysctl_parent(parent),
	    OID_AUTO, name, CTLTYPE_NODE | CTLFLAG_MPSAFE, NULL, 0, NULL, "N",
	    descr, NULL));
}

struct sysctl_oid *
rjail_sysctl_add_knob(struct sysctl_oid *parent, const char *name,
    const char *descr, u_int knob, int writable, int is_unsigned)
{
	int kind;

	if (!rjail_sysctl_ctx_live)
		return (NULL);
	kind = (is_unsigned ? CTLTYPE_UINT : CTLTYPE_INT) | CTLFLAG_MPSAFE |
	    (writable ? CTLFLAG_RW : CTLFLAG_RD);
	return (sysctl_add_oid(&rjail_sysctl_ctx, rjail_sysctl_parent(parent),
	    OID_AUTO, name, kind, NULL, knob, rjail_sysctl_knob,
	    is_unsigned ? "IU" : "I", descr, NULL));
}

struct sysctl_oid *
rjail_sysctl_add_param(struct sysctl_oid *parent, const char *name,
    int kind, const char *fmt, const char *descr, intmax_t arg2)
{
	if (!rjail_sysctl_ctx_live)
		return (NULL);
	return (sysctl_add_oid(&rjail_sysctl_ctx, rjail_sysctl_parent(parent),
	    OID_AUTO, name, kind | CTLFLAG_MPSAFE, NULL, arg2,
	    rjail_sysctl_param, fmt, descr, NULL));
}

int
rjail_sysctl_dynamic_create(void)
{
	int error;

	sysctl_ctx_init(&rjail_sysctl_ctx);
	rjail_sysctl_ctx_live = true;
	error = rjail_rs_sysctl_create();
	if (error != 0)
		(void)rjail_sysctl_dynamic_destroy();
	return (error);
}

int
rjail_sysctl_dynamic_destroy(void)
{
	int error;

	if (!rjail_sysctl_ctx_live)
		return (0);
	/* Waits for handlers still running; all or nothing. */
	error = sysctl_ctx_free(&rjail_sysctl_ctx);
	if (error == 0)
		rjail_sysctl_ctx_live = false;
	return (error);
}

/*
 * The credential label table's figures (src/prison/label_table.rs), for
 * the host only, as six uint64_t: entries, prisoner entries, slots of the current array,
 * malloc(9) bytes and allocations of all its arrays (they are kept until
 * unload), and copies that found no entry and no room (expected 0).
 */
static int
rjail_sysctl_label_table(SYSCTL_HANDLER_ARGS)
{
	uint64_t figures[RJAIL_LABEL_FIGURES];

	if (rjail_sysctl_viewer(req) != 0)
		return (EPERM);
	rjail_rs_label_table_figures(figures);
	return (SYSCTL_OUT(req, figures, sizeof(figures)));
}
SYSCTL_PROC(_security_jail_rjail, OID_AUTO, label_table,
    CTLTYPE_STRUCT | CTLFLAG_RD | CTLFLAG_MPSAFE, NULL, 0,
    rjail_sysctl_label_table, "S,rjail_label_figures",
    "rjail credential label table: entries, prisoners, slots, bytes, "
    "allocations, overflows");
