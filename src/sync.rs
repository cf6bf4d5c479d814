//! Locks for data shared between threads.
//!
//! In the kernel these are FreeBSD's own locks (`sx(9)` for [`RwLock`], which
//! may sleep; `mtx(9)` for [`Mutex`], which may be taken in hooks that must not
//! sleep). On the host they are the standard library's, so the same code runs
//! under the tests. Both sides offer exactly this API:
//!
//! * `RwLock::new(value)`, `.read()`, `.write()` (guards deref to the value);
//! * `Mutex::new(value)`, `.lock()`.
//!
//! `new` may allocate and must be called where the thread may sleep.

#[cfg(target_os = "none")]
pub use crate::kernel::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
}

#[cfg(not(target_os = "none"))]
pub use host_locks::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
