//! The wire format shared by the module and the userland: `struct jail`
//! versions, the iovec name/value protocol, flags, the parameter catalogue.
//!
//! Everything here is plain safe Rust: user memory is reached only through
//! [`UserMemory`], and every decoder turns any input into a value or an
//! errno, never a panic.

pub mod allow;
pub mod catalogue;
pub mod consts;
pub mod errmsg;
mod fields;
pub mod flags;
pub mod legacy;
pub mod options;
pub mod xprison;

#[cfg(any(test, feature = "fuzzing"))]
pub mod fake_memory;

use crate::errno::KResult;

pub use allow::Allow;
pub use flags::JailFlags;
pub use options::{OptionList, UserIoVecs};

/// The calling process's user memory, as a system call sees it.
///
/// Implemented by the kernel (copyin(9) and friends) and by the host model.
/// A zero-length copy must behave as on amd64 FreeBSD: it succeeds for any
/// address within the user address space (including NULL) and faults only
/// for an address past it ([`consts::VM_MAXUSER_ADDRESS`]).
pub trait UserMemory {
    /// copyin(9): fills `dst` from user address `uaddr`; EFAULT if any byte
    /// is not readable.
    fn copyin(&self, uaddr: usize, dst: &mut [u8]) -> KResult<()>;
    /// copyout(9): writes `src` at user address `uaddr`; EFAULT if any byte
    /// is not writable.
    fn copyout(&self, src: &[u8], uaddr: usize) -> KResult<()>;
    /// copyinstr(9): copies a NUL-terminated string into `dst` (at most
    /// `dst.len()` bytes including the NUL) and returns its length including
    /// the NUL. ENAMETOOLONG when no NUL is found within `dst.len()` bytes,
    /// EFAULT when a byte before the NUL is not readable.
    fn copyinstr(&self, uaddr: usize, dst: &mut [u8]) -> KResult<usize>;
}

/// Converts a user pointer read from user memory into an address; a value
/// that does not fit cannot be a user address.
pub(crate) fn user_address(raw: u64) -> KResult<usize> {
    usize::try_from(raw).map_err(|_| crate::errno::Errno::EFAULT)
}
