//! Which processes (and other credential-bearing objects) a prisoner may see
//! and act on.
//!
//! FreeBSD's `cr_cansee`, `cr_cansignal`, `p_cansched`, `p_candebug`,
//! `cr_canseesocket` and `p_canwait` (`sys/kern/kern_prot.c`) all start with
//! `prison_check` (`sys/kern/kern_jail.c`); the signal, scheduling and
//! debugging checks end with `cr_can_tamper_with_subjail`; `cr_bsd_visible`
//! applies `security.bsd.see_jail_proc` in between. The kernel compares the
//! credentials' native prisons, which are all prison0 for rjail prisoners,
//! so the hooks repeat these comparisons with rjail's prisons.

use core::ptr;

use crate::abi::allow::Allow;
use crate::errno::{Errno, KResult};
use crate::prison::Prison;

use super::confining;

/// `prison_check`: `Ok` if the object's prison is the subject's or one of
/// its descendants, else ESRCH. The host sees everything; a prisoner sees
/// neither the host, nor its ancestors, nor its siblings' trees.
pub fn check(subject: Option<&Prison>, object: Option<&Prison>) -> KResult<()> {
    if same_prison(subject, object) {
        return Ok(());
    }
    match (confining(subject), confining(object)) {
        (None, _) => Ok(()),
        (Some(_), None) => Err(Errno::ESRCH),
        (Some(viewer), Some(seen)) if seen.is_descendant_of(viewer) => Ok(()),
        (Some(_), Some(_)) => Err(Errno::ESRCH),
    }
}

/// `cr_can_tamper_with_subjail`: once [`check`] passed, whether the subject
/// may signal, reschedule or debug a process of a descendant prison. Same
/// prison: yes. Otherwise the subject needs the matching `*_DIFFJAIL`
/// privilege (`holds_diffjail_privilege`: the kernel edge asks priv_check(9),
/// whose answer includes [`super::privilege::check_as`]), or the object's
/// prison must have `allow.unprivileged_parent_tampering`; else EPERM.
pub fn check_tamper(
    subject: Option<&Prison>,
    object: Option<&Prison>,
    holds_diffjail_privilege: bool,
) -> KResult<()> {
    if same_prison(subject, object) || holds_diffjail_privilege {
        return Ok(());
    }
    let tampering_allowed = confining(object)
        .is_some_and(|prison| prison.config().allow.contains(Allow::UNPRIV_PARENT_TAMPER));
    if tampering_allowed {
        Ok(())
    } else {
        Err(Errno::EPERM)
    }
}

/// [`check`] then [`check_tamper`]: the jail part of `cr_cansignal`,
/// `p_cansched` and `p_candebug`.
pub fn check_interaction(
    subject: Option<&Prison>,
    object: Option<&Prison>,
    holds_diffjail_privilege: bool,
) -> KResult<()> {
    check(subject, object)?;
    check_tamper(subject, object, holds_diffjail_privilege)
}

/// `cr_canseejailproc`: with `security.bsd.see_jail_proc` off
/// (`see_jail_proc == false`), a subject sees objects of another prison only
/// with `PRIV_SEEJAILPROC` (`holds_seejailproc`); ESRCH otherwise.
pub fn check_jail_proc(
    subject: Option<&Prison>,
    object: Option<&Prison>,
    see_jail_proc: bool,
    holds_seejailproc: bool,
) -> KResult<()> {
    if see_jail_proc || holds_seejailproc || same_prison(subject, object) {
        Ok(())
    } else {
        Err(Errno::ESRCH)
    }
}

/// Whether both credentials are in the same prison (the host counting as
/// one prison, whichever way it is spelt).
fn same_prison(a: Option<&Prison>, b: Option<&Prison>) -> bool {
    match (confining(a), confining(b)) {
        (None, None) => true,
        (Some(a), Some(b)) => ptr::eq(a, b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{child, prisoner};
    use crate::prison::Registry;

    /// host ─ a ─ a.child ─ a.child.grandchild
    ///      └ b
    struct Family {
        reg: Registry,
        a: crate::prison::PrisonRef,
        b: crate::prison::PrisonRef,
        child: crate::prison::PrisonRef,
        grandchild: crate::prison::PrisonRef,
    }

    fn family() -> Family {
        let reg = Registry::new();
        let a = child(&reg, reg.host(), b"a", |_| {});
        let b = child(&reg, reg.host(), b"b", |_| {});
        let kid = child(&reg, &a, b"child", |_| {});
        let grandchild = child(&reg, &kid, b"grandchild", |_| {});
        Family {
            reg,
            a,
            b,
            child: kid,
            grandchild,
        }
    }

    #[test]
    fn the_host_sees_everyone() {
        let f = family();
        for object in [None, Some(&*f.a), Some(&*f.b), Some(&*f.grandchild)] {
            assert_eq!(check(None, object), Ok(()));
        }
        // rjail's prison0 is the host too.
        assert_eq!(check(Some(f.reg.host()), Some(&f.child)), Ok(()));
        assert_eq!(check(Some(&f.a), Some(f.reg.host())), Err(Errno::ESRCH));
    }

    #[test]
    fn a_prisoner_sees_itself_and_its_descendants_only() {
        let f = family();
        assert_eq!(check(Some(&f.a), Some(&f.a)), Ok(()));
        assert_eq!(check(Some(&f.a), Some(&f.child)), Ok(()));
        assert_eq!(check(Some(&f.a), Some(&f.grandchild)), Ok(()));
        assert_eq!(check(Some(&f.a), None), Err(Errno::ESRCH));
        assert_eq!(check(Some(&f.a), Some(&f.b)), Err(Errno::ESRCH));
        assert_eq!(check(Some(&f.b), Some(&f.child)), Err(Errno::ESRCH));
        assert_eq!(check(Some(&f.child), Some(&f.a)), Err(Errno::ESRCH));
        assert_eq!(
            check(Some(&f.grandchild), Some(&f.child)),
            Err(Errno::ESRCH)
        );
        assert_eq!(check(Some(&f.child), Some(&f.grandchild)), Ok(()));
    }

    #[test]
    fn tampering_with_a_subjail_needs_privilege_or_the_subjails_consent() {
        let reg = Registry::new();
        let parent = prisoner(&reg);
        let closed = child(&reg, &parent, b"closed", |_| {});
        let open = child(&reg, &parent, b"open", |c| {
            c.allow |= Allow::UNPRIV_PARENT_TAMPER;
        });
        assert_eq!(check_tamper(Some(&parent), Some(&parent), false), Ok(()));
        assert_eq!(check_tamper(None, None, false), Ok(()));
        assert_eq!(
            check_tamper(Some(&parent), Some(&closed), false),
            Err(Errno::EPERM)
        );
        assert_eq!(check_tamper(Some(&parent), Some(&closed), true), Ok(()));
        assert_eq!(check_tamper(Some(&parent), Some(&open), false), Ok(()));
        assert_eq!(check_tamper(None, Some(&closed), false), Err(Errno::EPERM));
        assert_eq!(check_tamper(None, Some(&parent), true), Ok(()));
    }

    #[test]
    fn interaction_checks_visibility_before_tampering() {
        let f = family();
        // A sibling is invisible even with the privilege: ESRCH, not EPERM.
        assert_eq!(
            check_interaction(Some(&f.a), Some(&f.b), true),
            Err(Errno::ESRCH)
        );
        assert_eq!(
            check_interaction(Some(&f.a), Some(&f.child), false),
            Err(Errno::EPERM)
        );
        assert_eq!(check_interaction(Some(&f.a), Some(&f.child), true), Ok(()));
        assert_eq!(check_interaction(Some(&f.b), Some(&f.b), false), Ok(()));
    }

    #[test]
    fn see_jail_proc_hides_other_prisons_from_the_unprivileged() {
        let f = family();
        assert_eq!(check_jail_proc(None, Some(&f.a), true, false), Ok(()));
        assert_eq!(
            check_jail_proc(None, Some(&f.a), false, false),
            Err(Errno::ESRCH)
        );
        assert_eq!(check_jail_proc(None, Some(&f.a), false, true), Ok(()));
        assert_eq!(
            check_jail_proc(Some(&f.a), Some(&f.a), false, false),
            Ok(())
        );
        assert_eq!(check_jail_proc(None, None, false, false), Ok(()));
        assert_eq!(
            check_jail_proc(Some(&f.a), Some(&f.child), false, false),
            Err(Errno::ESRCH)
        );
    }
}
