//! What rjail asks of the kernel it runs in.
//!
//! The system-call logic in [`crate::syscall`] is written against
//! [`CallerContext`]: the calling thread as one system call sees it. It has two
//! implementations: the FreeBSD one in `kernel` (copyin(9), priv_check(9),
//! namei(9), crcopy + chroot) and the host model in `host`, through which the
//! tests drive the very same entry points.

use crate::errno::KResult;
use crate::prison::{Prison, PrisonRef};

pub use crate::dir::{DirHandle, FoundDir};

/// Privileges rjail asks about (values of sys/sys/priv.h, FreeBSD 15.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Privilege {
    JailAttach = 110,
    JailSet = 111,
    JailRemove = 112,
}

/// The calling thread, as one system call sees it.
///
/// Its user memory is the [`crate::abi::UserMemory`] it extends.
pub trait CallerContext: crate::abi::UserMemory {
    /// The rjail prison the caller's credential belongs to; `None` for the
    /// host (rjail's prison0).
    fn prison(&self) -> Option<PrisonRef>;
    /// Whether the caller is confined by the base system's own jail; such a
    /// caller is refused rjail's calls.
    fn in_native_jail(&self) -> bool;
    /// priv_check(9) on the caller: `Ok` or EPERM.
    fn priv_check(&self, privilege: Privilege) -> KResult<()>;

    /// Looks a directory up like namei(9) (following links, relative to the
    /// caller's root and working directory). ENOENT, ENOTDIR, EACCES, ...
    fn lookup_dir(&self, path: &[u8]) -> KResult<FoundDir>;
    /// The system's root directory (`rootvnode`, prison0's root), held: the
    /// root of a prison the host creates without `path` (kern_jail.c uses
    /// the creator's prison root, not the creator's chroot).
    fn root_dir(&self) -> KResult<FoundDir>;

    /// Makes the calling process a member of `prison`: chroot and chdir to
    /// `root` (EPERM while the process holds open directories, as chroot(2)),
    /// then a new credential labelled with `prison`. On error nothing changed.
    fn attach(&self, prison: &PrisonRef, root: &dyn DirHandle) -> KResult<()>;

    /// Sends SIGKILL to every process whose credential's prison satisfies
    /// `doomed` (jail_remove(2)). The caller itself is never among them.
    fn kill_processes(&self, doomed: &dyn Fn(&Prison) -> bool);
}
