//! Directories from outside a prison's root.
//!
//! FreeBSD 15.0 installs a directory descriptor received over a unix socket
//! "beneath only" (`UF_RESOLVE_BENEATH`) when the receiver is in a jail
//! other than the sender's, with another root, and not in prison0
//! (`sys/kern/uipc_usrreq.c`, `restrict_rights` in `unp_externalize`).
//! Lookups relative to such a descriptor may not climb above it (`namei`'s
//! `RBENEATH`, `sys/kern/vfs_lookup.c`: ".." from it is ENOTCAPABLE), and
//! `fchdir`/`fchroot` to it are ENOTCAPABLE (`sys/kern/vfs_syscalls.c`).
//!
//! rjail's prisoners are in prison0 as far as the kernel knows, so that
//! rule never applies to them. rjail gives the same confinement through the
//! MAC checks a directory meets: a prisoner may not make a directory that
//! is not at or beneath its prison's root its working or root directory,
//! nor look ".." up from one. Lookups downward from such a directory stay
//! allowed, as beneath a FreeBSD descriptor.

use crate::errno::{Errno, KResult};
use crate::prison::Prison;
use crate::services::DirHandle;

/// chdir, chroot, or a ".." lookup from a directory by `subject`.
/// `beneath(root)` answers whether the directory is `root` or lies beneath
/// it; it is asked only for a prisoner (it walks the filesystem).
pub fn check_directory(
    subject: Option<&Prison>,
    beneath: impl FnOnce(&dyn DirHandle) -> bool,
) -> KResult<()> {
    let Some(prison) = super::confining(subject) else {
        return Ok(());
    };
    // A prison always has a root; one without is refused, not let through.
    match prison.root() {
        Some(root) if beneath(root) => Ok(()),
        _ => Err(Errno::ENOTCAPABLE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::prisoner;
    use crate::prison::Registry;

    #[test]
    fn the_host_goes_anywhere_without_a_walk() {
        let reg = Registry::new();
        let walked = core::cell::Cell::new(false);
        let walk = |_: &dyn DirHandle| {
            walked.set(true);
            false
        };
        assert_eq!(check_directory(None, walk), Ok(()));
        assert_eq!(check_directory(Some(reg.host()), walk), Ok(()));
        assert!(!walked.get());
    }

    #[test]
    fn a_prisoner_stays_beneath_its_root() {
        let reg = Registry::new();
        let p = prisoner(&reg);
        let root = p.root().map(DirHandle::raw);
        let asked = core::cell::Cell::new(None);
        let inside = |r: &dyn DirHandle| {
            asked.set(Some(r.raw()));
            true
        };
        assert_eq!(check_directory(Some(&p), inside), Ok(()));
        assert_eq!(
            asked.get(),
            root,
            "the walk is asked about the prison's root"
        );
        assert_eq!(
            check_directory(Some(&p), |_| false),
            Err(Errno::ENOTCAPABLE)
        );
    }
}
