//! A held directory: what a prison keeps as its root and what a path lookup
//! gives back. Its own module because both the prison tree and the kernel
//! services ([`crate::services`]) speak of it, and neither should have to
//! import the other for it.

use alloc::boxed::Box;
use alloc::vec::Vec;

/// A referenced directory vnode (a prison's root). Dropping it releases the
/// reference (vrele(9) in the kernel).
pub trait DirHandle: Send + Sync + core::fmt::Debug {
    /// The kernel's handle for the directory (a `struct vnode *` in the
    /// kernel, a node number in the host model).
    fn raw(&self) -> usize;
    /// Another reference to the same directory (vref(9)): a prison created
    /// without `path` from inside a prison shares its creator's root.
    fn duplicate(&self) -> Box<dyn DirHandle>;
}

/// A directory found by [`crate::services::CallerContext::lookup_dir`]: the held vnode and its
/// path from the global root (what `vn_path_to_global_path` gives).
pub struct FoundDir {
    pub dir: Box<dyn DirHandle>,
    pub global_path: Vec<u8>,
}
