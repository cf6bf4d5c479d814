//! A credential's MAC label slot holds a counted [`PrisonRef`] as an integer
//! (`0` = the host). These functions are the only ways the kernel edge makes,
//! copies, reads and drops that integer. None of them allocates or takes a
//! sleepable lock: they run in credential copy/free paths and in hooks.
//!
//! The integer is `Arc::into_raw` of a `PrisonRef`: each label value made by
//! [`label_for`] or [`label_clone`] owns one strong count, given back by
//! [`label_release`].
//!
//! Process counts (FreeBSD's `pr_uref`, sys/kern/kern_jail.c
//! `prison_proc_hold` / `prison_proc_free`) are kept apart from credential
//! references, because credentials outlive processes (sockets, open files):
//! [`process_forked`] and [`process_exited`] are called by the kernel's
//! `process_fork` / `process_exit` event handlers with the label of the
//! process's credential.

use alloc::sync::Arc;
use core::sync::atomic::Ordering;

use super::{Prison, PrisonRef, DEATHS_OUTSIDE_TREE};

/// A new counted label value for `prison` (a credential being attached).
pub fn label_for(prison: &PrisonRef) -> usize {
    Arc::into_raw(prison.clone()) as usize
}

/// Another counted label value for the same prison (credential copy).
pub fn label_clone(raw: usize) -> usize {
    if raw != 0 {
        // SAFETY: a non-zero label was produced by `label_for` or
        // `label_clone` (`Arc::into_raw`) and the credential holding it has
        // not been destroyed, so the `Arc` it owns is still counted.
        unsafe { Arc::increment_strong_count(raw as *const Prison) };
    }
    raw
}

/// Drops a label value (credential destroyed).
pub fn label_release(raw: usize) {
    if raw != 0 {
        // SAFETY: the value owns one strong count (see `label_clone`); the
        // destroyed credential never uses it again. It is never the last
        // count: the tree lists a prison (and holds its own counts) for as
        // long as any other count exists, so the prison is never freed here.
        unsafe { Arc::decrement_strong_count(raw as *const Prison) };
    }
}

/// The prison behind a label, borrowed without touching any count; `None`
/// for the host.
///
/// # Safety
/// `raw` must be the value of a credential label (0 or a counted
/// reference made by this module) whose credential stays alive for `'a`:
/// the label's own count then keeps the prison alive as long.
pub unsafe fn label_borrow<'a>(raw: usize) -> Option<&'a Prison> {
    if raw == 0 {
        return None;
    }
    // SAFETY: the caller's contract: the label owns a count for at least
    // `'a`, so the pointer is live and the prison unmoved (it is in an Arc).
    Some(unsafe { &*(raw as *const Prison) })
}

/// The prison behind a label, as a new counted reference; `None` for the
/// host. The label keeps its own count.
pub fn label_prison(raw: usize) -> Option<PrisonRef> {
    if raw == 0 {
        return None;
    }
    // SAFETY: as in `label_clone`: the label owns a count, so the pointer
    // is live; we take one more for the returned `Arc`.
    unsafe {
        Arc::increment_strong_count(raw as *const Prison);
        Some(Arc::from_raw(raw as *const Prison))
    }
}

/// Runs `f` on the prison behind a label without touching any count.
fn with_prison(raw: usize, f: impl FnOnce(&Prison)) {
    // SAFETY: the caller passes the label of a live credential, which
    // keeps its count (and so the prison) for the whole call.
    if let Some(prison) = unsafe { label_borrow(raw) } {
        f(prison);
    }
}

/// A process whose credential carries this label was forked: one more
/// process in the prison.
pub fn process_forked(raw: usize) {
    with_prison(raw, |p| p.hold_user());
}

/// A process whose credential carries this label exited. A prison that is
/// not persistent and loses its last process starts dying.
pub fn process_exited(raw: usize) {
    with_prison(raw, |p| {
        if p.release_user() {
            DEATHS_OUTSIDE_TREE.fetch_add(1, Ordering::AcqRel);
        }
    });
}

/// A process left `prison` (jail_attach moved it elsewhere, or an attach
/// failed after its reference was taken): as [`process_exited`].
pub fn process_left(prison: &Prison) {
    if prison.release_user() {
        DEATHS_OUTSIDE_TREE.fetch_add(1, Ordering::AcqRel);
    }
}
