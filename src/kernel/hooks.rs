//! The MAC hooks' decisions: each turns the credentials' labels into
//! prisons and asks [`crate::policy`].
//!
//! Every hook may run where sleeping is forbidden (the framework calls them
//! with `MAC_POLICY_CHECK_NOSLEEP`, some with a process locked): nothing
//! here allocates or takes a sleepable lock. A label gives a counted
//! reference ([`label::label_prison`]), whose release never frees the
//! prison (the tree holds its own count), and the policy reads a snapshot of
//! a prison's configuration whose pointer it copies under the prison's mtx(9).

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;

use crate::errno::{Errno, KResult};
use crate::policy::privilege::{self, Asker};
use crate::policy::socket;
use crate::policy::visibility;
use crate::prison::{label, Prison, PrisonRef};

use super::bindings::{self, ucred};

fn prison(raw: isize) -> Option<PrisonRef> {
    label::label_prison(raw as usize)
}

/// `mpo_priv_check`: the jail's veto.
///
/// Whether rjail's own system call is asking matters only for the jail
/// privileges, so the per-thread record is read only for those.
///
/// # Safety
/// `cred` must be the live credential the hook received.
pub unsafe fn priv_check(
    subject: isize,
    privilege: c_int,
    euid: u32,
    cred: *mut ucred,
) -> KResult<()> {
    let own_call = privilege::is_base_jail_privilege(privilege)
        // SAFETY: `cred` is live (caller's contract); the helper only
        // compares it with curthread's and reads its own record.
        && unsafe { bindings::rjail_priv_asked_by_rjail(cred) } != 0;
    let asker = Asker {
        euid,
        in_rjail_call: own_call,
    };
    privilege::check_as(prison(subject).as_deref(), privilege, asker)
}

/// `mpo_priv_grant`: what the kernel would refuse a prisoner only because
/// it looks at the base system's settings instead of the prison's.
pub fn priv_grant(subject: isize, privilege: c_int) -> bool {
    privilege::grant(prison(subject).as_deref(), privilege)
}

/// `cr_cansee`'s jail part.
pub fn may_see(subject: isize, object: isize) -> KResult<()> {
    visibility::check(prison(subject).as_deref(), prison(object).as_deref())
}

/// The jail part of `cr_cansignal`, `p_cansched` and `p_candebug`: the
/// object must be visible, and one of another (descendant) prison needs
/// the `*_DIFFJAIL` privilege or that prison's
/// `allow.unprivileged_parent_tampering`.
///
/// # Safety
/// `cred` must be the live acting credential the hook received.
pub unsafe fn may_interact(
    cred: *mut ucred,
    subject: isize,
    object: isize,
    diffjail_privilege: u32,
) -> KResult<()> {
    let subject = prison(subject);
    let object = prison(object);
    visibility::check(subject.as_deref(), object.as_deref())?;
    if same_prison(subject.as_deref(), object.as_deref()) {
        return Ok(());
    }
    let Ok(privilege) = c_int::try_from(diffjail_privilege) else {
        return Err(Errno::EPERM);
    };
    // SAFETY: `cred` is live (caller's contract); priv_check_cred(9) does
    // not sleep and may be asked from a hook (the framework's lock
    // recurses).
    let holds = unsafe { bindings::rjail_priv_check_cred(cred, privilege) } == 0;
    visibility::check_tamper(subject.as_deref(), object.as_deref(), holds)
}

fn same_prison(a: Option<&Prison>, b: Option<&Prison>) -> bool {
    let host = |p: Option<&Prison>| p.is_none_or(Prison::is_host);
    match (a, b) {
        (Some(a), Some(b)) => ptr::eq(a, b),
        _ => host(a) && host(b),
    }
}

/// `mpo_socket_check_create`: `prison_check_af` as socreate applies it.
pub fn socket_create(subject: isize, domain: c_int, kind: c_int, protocol: c_int) -> KResult<()> {
    socket::check_create_socket(prison(subject).as_deref(), domain, kind, protocol)
}

pub use crate::policy::socket::End;

/// bind/connect/sendto: [`socket::confine_sockaddr`] on the kernel's copy of
/// the caller's address, which it may rewrite in place.
///
/// # Safety
/// `sa` must be null or point to `sa_len` writable bytes (the kernel's copy
/// of the caller's address, which `getsockaddr` sized and whose `sa_len` it
/// set to that size).
pub unsafe fn socket_address(
    subject: isize,
    sa: *mut c_void,
    sa_len: c_uint,
    end: End,
) -> KResult<()> {
    if subject == 0 || sa.is_null() {
        return Ok(());
    }
    let Ok(len) = usize::try_from(sa_len) else {
        return Ok(());
    };
    // SAFETY: `sa` is non-null and points to `len` writable bytes (caller's
    // contract); no other reference to them exists while the hook runs (the
    // system call's thread owns the copy), and the slice dies with the call.
    let bytes = unsafe { core::slice::from_raw_parts_mut(sa.cast::<u8>(), len) };
    socket::confine_sockaddr(prison(subject).as_deref(), bytes, end)
}
