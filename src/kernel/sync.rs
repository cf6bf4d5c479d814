//! Kernel locks behind the API of `crate::sync`.
//!
//! [`RwLock`] is an sx(9) lock (holders may sleep), [`Mutex`] an mtx(9)
//! default mutex (may be taken where sleeping is forbidden, e.g. in MAC
//! hooks, but its holder must not sleep). The lock object itself is made
//! by the C glue in malloc(9) memory so it never moves, whatever happens to
//! the Rust value that owns it; `new` therefore allocates and may sleep.

use core::cell::UnsafeCell;
use core::fmt;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

use super::bindings;

/// malloc(9) with M_WAITOK cannot fail; a NULL would be a kernel bug.
fn created<L>(lock: *mut L) -> NonNull<L> {
    match NonNull::new(lock) {
        Some(lock) => lock,
        None => panic!("lock allocation returned NULL under M_WAITOK"),
    }
}

/// A reader/writer lock over sx(9).
pub struct RwLock<T> {
    lock: NonNull<bindings::sx>,
    value: UnsafeCell<T>,
}

// SAFETY: the sx lock serialises writers against everyone and lets readers
// share `&T`, exactly the guarantees std's RwLock gives for these bounds.
unsafe impl<T: Send> Send for RwLock<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    pub fn new(value: T) -> Self {
        // SAFETY: the helper allocates and initialises a fresh sx lock; it
        // may sleep, which `new`'s contract allows.
        let lock = created(unsafe { bindings::rjail_sx_create() });
        RwLock {
            lock,
            value: UnsafeCell::new(value),
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, T> {
        // SAFETY: `lock` is the live sx lock created in `new`.
        unsafe { bindings::rjail_sx_slock(self.lock.as_ptr()) };
        RwLockReadGuard { owner: self }
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, T> {
        // SAFETY: as in `read`.
        unsafe { bindings::rjail_sx_xlock(self.lock.as_ptr()) };
        RwLockWriteGuard { owner: self }
    }
}

impl<T: Default> Default for RwLock<T> {
    fn default() -> Self {
        RwLock::new(T::default())
    }
}

impl<T> fmt::Debug for RwLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Locking to print could deadlock a caller already holding it.
        f.write_str("RwLock { .. }")
    }
}

impl<T> Drop for RwLock<T> {
    fn drop(&mut self) {
        // SAFETY: `&mut self` proves no guard is alive, so the lock is free
        // and nobody else can reach it; it is destroyed exactly once.
        unsafe { bindings::rjail_sx_destroy(self.lock.as_ptr()) };
    }
}

/// Shared access; releases the sx lock when dropped.
pub struct RwLockReadGuard<'a, T> {
    owner: &'a RwLock<T>,
}

impl<T> Deref for RwLockReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the shared lock is held for the guard's lifetime, so no
        // writer can hold `&mut T` at the same time.
        unsafe { &*self.owner.value.get() }
    }
}

impl<T> Drop for RwLockReadGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard holds the lock shared since `read`.
        unsafe { bindings::rjail_sx_sunlock(self.owner.lock.as_ptr()) };
    }
}

/// Exclusive access; releases the sx lock when dropped.
pub struct RwLockWriteGuard<'a, T> {
    owner: &'a RwLock<T>,
}

impl<T> Deref for RwLockWriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the exclusive lock is held for the guard's lifetime.
        unsafe { &*self.owner.value.get() }
    }
}

impl<T> DerefMut for RwLockWriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the exclusive lock is held and this guard is the only
        // path to the value while it lives.
        unsafe { &mut *self.owner.value.get() }
    }
}

impl<T> Drop for RwLockWriteGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard holds the lock exclusively since `write`.
        unsafe { bindings::rjail_sx_xunlock(self.owner.lock.as_ptr()) };
    }
}

/// A mutual-exclusion lock over mtx(9).
pub struct Mutex<T> {
    lock: NonNull<bindings::mtx>,
    value: UnsafeCell<T>,
}

// SAFETY: the mutex gives one thread at a time access to `T`.
unsafe impl<T: Send> Send for Mutex<T> {}
// SAFETY: as above; only `T: Send` is needed, as for std's Mutex.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    pub fn new(value: T) -> Self {
        // SAFETY: the helper allocates and initialises a fresh mutex; it
        // may sleep, which `new`'s contract allows.
        let lock = created(unsafe { bindings::rjail_mtx_create() });
        Mutex {
            lock,
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, T> {
        // SAFETY: `lock` is the live mutex created in `new`.
        unsafe { bindings::rjail_mtx_lock(self.lock.as_ptr()) };
        MutexGuard { owner: self }
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Mutex::new(T::default())
    }
}

impl<T> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Mutex { .. }")
    }
}

impl<T> Drop for Mutex<T> {
    fn drop(&mut self) {
        // SAFETY: `&mut self` proves no guard is alive; destroyed once.
        unsafe { bindings::rjail_mtx_destroy(self.lock.as_ptr()) };
    }
}

/// Exclusive access; releases the mutex when dropped.
pub struct MutexGuard<'a, T> {
    owner: &'a Mutex<T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the mutex is held for the guard's lifetime.
        unsafe { &*self.owner.value.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the mutex is held and this guard is the only path to the
        // value while it lives.
        unsafe { &mut *self.owner.value.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard holds the mutex since `lock`.
        unsafe { bindings::rjail_mtx_unlock(self.owner.lock.as_ptr()) };
    }
}

/// A mutex for a small value, whose lock is one of the kernel glue's
/// shared set, picked by the value's address (`rjail_stripe_lock`):
/// making or dropping one allocates and initialises nothing. For values
/// locked only for an instant and never two at a time.
pub struct StripedMutex<T> {
    value: UnsafeCell<T>,
}

// SAFETY: the stripe's mutex gives one thread at a time access to `T`: the
// address that picks it cannot change while a guard borrows the value.
unsafe impl<T: Send> Send for StripedMutex<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for StripedMutex<T> {}

impl<T> StripedMutex<T> {
    pub const fn new(value: T) -> Self {
        StripedMutex {
            value: UnsafeCell::new(value),
        }
    }

    fn address(&self) -> *const core::ffi::c_void {
        self.value.get().cast_const().cast()
    }

    pub fn lock(&self) -> StripedMutexGuard<'_, T> {
        // SAFETY: the glue's stripes live from module load to unload, and
        // every StripedMutex is dropped before (prisons, the registry).
        unsafe { bindings::rjail_stripe_lock(self.address()) };
        StripedMutexGuard { owner: self }
    }

    /// The value, read without the stripe.
    ///
    /// # Safety
    /// Nothing may write the value while the returned reference lives (the
    /// caller holds whatever lock every writer also holds).
    pub unsafe fn get_unlocked(&self) -> &T {
        // SAFETY: the caller's contract: no writer while the borrow lives.
        unsafe { &*self.value.get() }
    }
}

impl<T> fmt::Debug for StripedMutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StripedMutex { .. }")
    }
}

/// Exclusive access; releases the stripe when dropped.
pub struct StripedMutexGuard<'a, T> {
    owner: &'a StripedMutex<T>,
}

impl<T> Deref for StripedMutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the stripe is held for the guard's lifetime.
        unsafe { &*self.owner.value.get() }
    }
}

impl<T> DerefMut for StripedMutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the stripe is held and this guard is the only path to
        // the value while it lives.
        unsafe { &mut *self.owner.value.get() }
    }
}

impl<T> Drop for StripedMutexGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: this guard holds the stripe of this address since `lock`
        // (the borrow kept the value from moving).
        unsafe { bindings::rjail_stripe_unlock(self.owner.address()) };
    }
}
