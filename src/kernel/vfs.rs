//! The decisions behind the interposed system call entries
//! (kmod/rjail_sysent.c): statfs confinement and the base system's
//! `jail_get(2)` seen from an rjail prisoner. The glue calls these only for
//! a prisoner's credential, whose label holds a count on the prison for
//! the whole system call.

use core::ffi::{c_char, c_int, c_uint};

use crate::errno::{Errno, KResult};
use crate::policy::mounts;
use crate::prison::label;

use super::bindings::vnode;
use super::caller::KernelCaller;

/// The prison's root vnode, held by the prison; null for the host.
pub fn prison_root(raw_label: isize) -> *mut vnode {
    match label::label_prison(raw_label as usize) {
        // The prison keeps its root referenced until it is freed, and the
        // caller's credential keeps the prison: the pointer outlives the
        // system call that asks for it.
        Some(prison) if !prison.is_host() => prison
            .root()
            .map_or(core::ptr::null_mut(), |root| root.raw() as *mut vnode),
        _ => core::ptr::null_mut(),
    }
}

/// Applies the prisoner's `enforce_statfs` to a statfs record's mount point
/// name: 1 visible, 0 hidden ("[restricted]").
///
/// # Safety
/// `mntonname` must point to `size` writable bytes that nothing else uses
/// during the call (the record the glue built in kernel memory).
pub unsafe fn statfs_confine(
    raw_label: isize,
    is_root_mount: bool,
    mntonname: *mut c_char,
    size: usize,
) -> c_int {
    let Some(prison) = label::label_prison(raw_label as usize).filter(|p| !p.is_host()) else {
        return 1;
    };
    if mntonname.is_null() || size == 0 {
        return 0;
    }
    // SAFETY: guaranteed by the caller.
    let name = unsafe { core::slice::from_raw_parts_mut(mntonname.cast::<u8>(), size) };
    let enforce = prison.config().enforce_statfs;
    c_int::from(mounts::confine_mount_name(
        enforce,
        prison.path(),
        is_root_mount,
        name,
    ))
}

/// `jail_get(2)` of the base system for a prisoner.
pub fn base_jail_get(iov_uaddr: usize, niov: c_uint, flags: c_int) -> KResult<i32> {
    if super::state::current().is_none() {
        return Err(Errno::ENOSYS);
    }
    crate::syscall::base_jail_get_childless(&KernelCaller, iov_uaddr, niov, flags)
}
