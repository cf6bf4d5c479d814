//! rjail's global state in the kernel and its lifecycle.
//!
//! The state is created by the `rjail_core` module's MOD_LOAD, before any
//! system call, hook or sysctl of the module exists, and freed by its
//! SYSUNINIT, after all of them are gone (see kmod/rjail_module.c for the
//! order the kernel guarantees). Between the two, callers borrow it for
//! `'static`: nothing frees it while a call can still be running.

use alloc::boxed::Box;
use core::ptr;
use core::sync::atomic::{AtomicPtr, Ordering};

use crate::errno::{Errno, KResult};
use crate::prison::label_table::LabelTable;
use crate::prison::Registry;

use super::sysctl::SysctlStrings;

/// Everything the module keeps between calls.
pub struct ModuleState {
    /// The prison tree. Once [`unload`] has closed it, it refuses every
    /// new prison.
    pub registry: Registry,
    /// Strings the dynamic sysctl OIDs point to.
    pub sysctl_strings: SysctlStrings,
    /// Each credential's prison, keyed by its MAC label's address (the
    /// policy has no label slot; see [`crate::prison::label_table`]). The
    /// MAC policy registers after this state exists and unregisters before
    /// it is freed, so every label hook finds it.
    pub labels: LabelTable,
}

impl ModuleState {
    fn new() -> Self {
        ModuleState {
            registry: Registry::new(),
            sysctl_strings: SysctlStrings::new(),
            labels: LabelTable::new(),
        }
    }
}

static STATE: AtomicPtr<ModuleState> = AtomicPtr::new(ptr::null_mut());

/// The state, if the module is loaded.
pub fn current() -> Option<&'static ModuleState> {
    let state = STATE.load(Ordering::Acquire);
    // SAFETY: a non-null pointer comes from `Box::into_raw` in `load` and
    // is freed only by `teardown`, which the kernel runs after every caller
    // of this module has returned (module and SYSUNINIT order).
    unsafe { state.as_ref() }
}

/// MOD_LOAD of rjail_core: creates the state. Runs once per load.
pub fn load() -> KResult<()> {
    let fresh = Box::into_raw(Box::new(ModuleState::new()));
    match STATE.compare_exchange(ptr::null_mut(), fresh, Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => Ok(()),
        Err(_) => {
            // SAFETY: `fresh` came from Box::into_raw above and was never
            // published.
            drop(unsafe { Box::from_raw(fresh) });
            Err(Errno::EBUSY)
        }
    }
}

/// MOD_QUIESCE: may the module go? Changes nothing; only a hint, since a
/// prison may be created right after (MOD_UNLOAD decides for real).
pub fn quiesce() -> KResult<()> {
    match current() {
        Some(state) if !state.registry.is_empty() => Err(Errno::EBUSY),
        _ => Ok(()),
    }
}

/// MOD_UNLOAD of rjail_core: EBUSY while any prison (alive or dying)
/// exists; otherwise the registry is closed to new prisons in the same
/// step, under the tree's write lock, so no creation can slip in between
/// the answer and the unload.
pub fn unload() -> KResult<()> {
    let Some(state) = current() else {
        return Ok(());
    };
    if state.registry.close_if_empty() {
        Ok(())
    } else {
        Err(Errno::EBUSY)
    }
}

/// The unload failed after [`unload`] succeeded: prisons may be created
/// again.
pub fn reopen() {
    if let Some(state) = current() {
        state.registry.reopen();
    }
}

/// SYSUNINIT: frees the state; nothing can reach it any more.
pub fn teardown() {
    let state = STATE.swap(ptr::null_mut(), Ordering::AcqRel);
    if !state.is_null() {
        // SAFETY: the pointer came from Box::into_raw in `load`; it is now
        // unpublished and no caller is left (see the module docs).
        drop(unsafe { Box::from_raw(state) });
    }
}
