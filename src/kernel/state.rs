//! rjail's global state in the kernel and its lifecycle.
//!
//! The state is created by the `rjail_core` module's MOD_LOAD, before any
//! system call, hook or sysctl of the module exists, and freed by its
//! SYSUNINIT, after all of them are gone (see kmod/rjail_module.c for the
//! order the kernel guarantees). Between the two, callers borrow it for
//! `'static`: nothing frees it while a call can still be running.

use alloc::boxed::Box;
use core::ptr;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

use crate::errno::{Errno, KResult};
use crate::prison::Registry;

/// Everything the module keeps between calls.
pub struct ModuleState {
    /// The prison tree.
    pub registry: Registry,
    /// Set by a successful MOD_UNLOAD: no prison may be created any more.
    closed: AtomicBool,
}

impl ModuleState {
    fn new() -> Self {
        ModuleState {
            registry: Registry::new(),
            closed: AtomicBool::new(false),
        }
    }

    /// Whether any prison (alive or dying, still referenced by a
    /// credential) exists.
    fn has_prisons(&self) -> bool {
        !self.registry.is_empty()
    }

    /// Whether new prisons may still be created.
    pub fn is_open(&self) -> bool {
        !self.closed.load(Ordering::Acquire)
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

/// MOD_QUIESCE: may the module go? Changes nothing.
pub fn quiesce() -> KResult<()> {
    match current() {
        Some(state) if state.has_prisons() => Err(Errno::EBUSY),
        _ => Ok(()),
    }
}

/// MOD_UNLOAD of rjail_core: refuses while prisons exist, otherwise closes
/// the module to new prisons so the answer stays true until the other
/// modules are gone.
pub fn unload() -> KResult<()> {
    let Some(state) = current() else {
        return Ok(());
    };
    if state.has_prisons() {
        return Err(Errno::EBUSY);
    }
    state.closed.store(true, Ordering::Release);
    Ok(())
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
