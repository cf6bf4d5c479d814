//! Locks for data shared between threads.
//!
//! In the kernel these are FreeBSD's own locks (`sx(9)` for [`RwLock`], which
//! may sleep; `mtx(9)` for [`Mutex`], which may be taken in hooks that must not
//! sleep). On the host they are the standard library's, so the same code runs
//! under the tests. Both sides offer exactly this API:
//!
//! * `RwLock::new(value)`, `.read()`, `.write()` (guards deref to the value);
//! * `Mutex::new(value)`, `.lock()`;
//! * `StripedMutex::new(value)`, `.lock()`: a mutex that owns no lock of
//!   its own but shares one of a fixed set, chosen by its address; making
//!   one allocates nothing (for values locked only for an instant, never
//!   two at a time).
//!
//! `new` may allocate and must be called where the thread may sleep.

#[cfg(target_os = "none")]
pub use crate::kernel::sync::{
    Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard, StripedMutex, StripedMutexGuard,
};

#[cfg(not(target_os = "none"))]
mod host_locks {
    use std::sync::PoisonError;

    /// A reader/writer lock; `sx(9)` in the kernel.
    #[derive(Debug, Default)]
    pub struct RwLock<T>(std::sync::RwLock<T>);
    pub type RwLockReadGuard<'a, T> = std::sync::RwLockReadGuard<'a, T>;
    pub type RwLockWriteGuard<'a, T> = std::sync::RwLockWriteGuard<'a, T>;

    impl<T> RwLock<T> {
        pub fn new(value: T) -> Self {
            RwLock(std::sync::RwLock::new(value))
        }
        pub fn read(&self) -> RwLockReadGuard<'_, T> {
            // A panicking test thread must not hide the state from the others.
            self.0.read().unwrap_or_else(PoisonError::into_inner)
        }
        pub fn write(&self) -> RwLockWriteGuard<'_, T> {
            self.0.write().unwrap_or_else(PoisonError::into_inner)
        }
    }

    /// A mutual-exclusion lock; `mtx(9)` in the kernel.
    #[derive(Debug, Default)]
    pub struct Mutex<T>(std::sync::Mutex<T>);
    pub type MutexGuard<'a, T> = std::sync::MutexGuard<'a, T>;

    impl<T> Mutex<T> {
        pub fn new(value: T) -> Self {
            Mutex(std::sync::Mutex::new(value))
        }
        pub fn lock(&self) -> MutexGuard<'_, T> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner)
        }
    }

    /// The shared set of [`StripedMutex`]'s locks.
    const STRIPES: usize = 64;
    static STRIPE_LOCKS: [std::sync::Mutex<()>; STRIPES] =
        [const { std::sync::Mutex::new(()) }; STRIPES];

    /// A mutex whose lock is one of a shared set, picked by address (the
    /// kernel glue's stripes in the kernel).
    pub struct StripedMutex<T> {
        value: std::cell::UnsafeCell<T>,
    }

    // SAFETY: the stripe gives one thread at a time access to `T`; the
    // address that picks it cannot change while a guard borrows the value.
    unsafe impl<T: Send> Send for StripedMutex<T> {}
    // SAFETY: as above.
    unsafe impl<T: Send> Sync for StripedMutex<T> {}

    impl<T> std::fmt::Debug for StripedMutex<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("StripedMutex { .. }")
        }
    }

    impl<T> StripedMutex<T> {
        pub const fn new(value: T) -> Self {
            StripedMutex {
                value: std::cell::UnsafeCell::new(value),
            }
        }
        pub fn lock(&self) -> StripedMutexGuard<'_, T> {
            let a = self.value.get() as usize;
            let held = STRIPE_LOCKS[((a >> 4) ^ (a >> 11)) % STRIPES]
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            StripedMutexGuard {
                owner: self,
                _held: held,
            }
        }

        /// The value, read without the stripe.
        ///
        /// # Safety
        /// Nothing may write the value while the returned reference lives.
        pub unsafe fn get_unlocked(&self) -> &T {
            // SAFETY: the caller's contract: no writer while the borrow lives.
            unsafe { &*self.value.get() }
        }
    }

    /// Exclusive access; releases the stripe when dropped.
    pub struct StripedMutexGuard<'a, T> {
        owner: &'a StripedMutex<T>,
        _held: std::sync::MutexGuard<'static, ()>,
    }

    impl<T> std::ops::Deref for StripedMutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            // SAFETY: the stripe is held for the guard's lifetime.
            unsafe { &*self.owner.value.get() }
        }
    }

    impl<T> std::ops::DerefMut for StripedMutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            // SAFETY: the stripe is held; this guard is the only path to
            // the value while it lives.
            unsafe { &mut *self.owner.value.get() }
        }
    }
}

#[cfg(not(target_os = "none"))]
pub use host_locks::{
    Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard, StripedMutex, StripedMutexGuard,
};

#[cfg(test)]
mod tests {
    use super::StripedMutex;
    use alloc::sync::Arc;
    use alloc::vec::Vec;

    #[test]
    fn a_striped_mutex_serialises_its_users() {
        extern crate std;
        let shared = Arc::new(StripedMutex::new(0u64));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        let mut n = shared.lock();
                        // A read, a yield and a write: without the lock,
                        // updates made meanwhile by others would be lost.
                        let seen = *n;
                        std::thread::yield_now();
                        *n = seen + 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*shared.lock(), 40_000);
    }
}
