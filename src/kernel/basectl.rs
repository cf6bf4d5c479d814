//! The values rjail's stand-ins for base-system OIDs serve an rjail
//! prisoner (kmod/rjail_basectl.c), through [`crate::sysctl::base`].
//!
//! The glue calls these only for a credential whose label is an rjail
//! prison; each call runs in a sysctl handler, where the thread may sleep
//! and no lock is held, so taking the tree lock to write is allowed.

use alloc::vec::Vec;

use crate::errno::{Errno, KResult};
use crate::prison::{label, PrisonRef};
use crate::sysctl::base::{self, BaseOid};

use super::state::{self, ModuleState};

fn loaded() -> KResult<&'static ModuleState> {
    state::current().ok_or(Errno::ENOENT)
}

fn oid(which: u32) -> KResult<BaseOid> {
    BaseOid::from_id(which).ok_or(Errno::ENOENT)
}

/// The prisoner behind a label (ENOENT: none; the glue checked already).
fn prisoner(raw: isize) -> KResult<PrisonRef> {
    label::label_prison(raw as usize).ok_or(Errno::ENOENT)
}

pub fn set_release(release: &[u8], reldate: i32) {
    if let Some(state) = state::current() {
        base::set_host_release(&state.registry, release, reldate);
    }
}

pub fn string(which: u32, viewer: isize) -> KResult<Vec<u8>> {
    base::read_string(&prisoner(viewer)?, oid(which)?)
}

pub fn set_string(which: u32, viewer: isize, value: &[u8]) -> KResult<()> {
    let state = loaded()?;
    base::write_string(&state.registry, &prisoner(viewer)?, oid(which)?, value)
}

pub fn number(which: u32, viewer: isize, host_level: i32) -> KResult<i64> {
    let state = loaded()?;
    base::read_number(&state.registry, &prisoner(viewer)?, oid(which)?, host_level)
}

pub fn set_number(which: u32, viewer: isize, host_level: i32, value: i64) -> KResult<()> {
    let state = loaded()?;
    base::write_number(
        &state.registry,
        &prisoner(viewer)?,
        oid(which)?,
        host_level,
        value,
    )
}

// --- the extern "C" entry points (kmod/rjail_basectl.h) --------------------
//
// They live here rather than in `entry` so that this mechanism stays in
// one place; the conventions are `entry`'s: 0 or an errno.

use core::ffi::{c_char, c_int, c_long, c_uint};

fn status(result: KResult<()>) -> c_int {
    match result {
        Ok(()) => 0,
        Err(errno) => errno.0,
    }
}

/// # Safety
/// `release` must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_basectl_set_release(
    release: *const c_char,
    len: usize,
    reldate: c_int,
) {
    if release.is_null() {
        return;
    }
    // SAFETY: guaranteed by the caller (the kernel's `osrelease`).
    let bytes = unsafe { core::slice::from_raw_parts(release.cast::<u8>(), len) };
    set_release(bytes, reldate);
}

/// # Safety
/// `buf` must be valid for `size` bytes of writing.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_basectl_string(
    which: c_uint,
    viewer: isize,
    buf: *mut c_char,
    size: usize,
) -> c_int {
    if buf.is_null() || size == 0 {
        return Errno::EINVAL.0;
    }
    match string(which, viewer) {
        Ok(value) => {
            let n = value.len().min(size - 1);
            // SAFETY: `buf` holds `size` bytes (caller's contract) and
            // `n + 1 <= size`; `value` is ours.
            unsafe {
                core::ptr::copy_nonoverlapping(value.as_ptr(), buf.cast::<u8>(), n);
                buf.add(n).write(0);
            }
            0
        }
        Err(errno) => errno.0,
    }
}

/// # Safety
/// `buf` must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_basectl_set_string(
    which: c_uint,
    viewer: isize,
    buf: *const c_char,
    len: usize,
) -> c_int {
    if buf.is_null() {
        return Errno::EINVAL.0;
    }
    // SAFETY: guaranteed by the caller (the handler's local copy).
    let value = unsafe { core::slice::from_raw_parts(buf.cast::<u8>(), len) };
    status(set_string(which, viewer, value))
}

/// # Safety
/// `value` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_basectl_number(
    which: c_uint,
    viewer: isize,
    host_level: c_int,
    value: *mut c_long,
) -> c_int {
    if value.is_null() {
        return Errno::EINVAL.0;
    }
    match number(which, viewer, host_level) {
        Ok(read) => {
            // SAFETY: guaranteed by the caller (a local of the handler).
            unsafe { value.write(read) };
            0
        }
        Err(errno) => errno.0,
    }
}

#[no_mangle]
pub extern "C" fn rjail_rs_basectl_set_number(
    which: c_uint,
    viewer: isize,
    host_level: c_int,
    value: c_long,
) -> c_int {
    status(set_number(which, viewer, host_level, value))
}
