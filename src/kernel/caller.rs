//! [`CallerContext`] for the thread inside one of rjail's system calls,
//! over the C glue's helpers (kmod/rjail_kern.c) and copyin(9)/copyout(9).

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use core::ffi::{c_int, c_void};
use core::fmt;
use core::ptr::{self, NonNull};

use crate::abi::UserMemory;
use crate::errno::{Errno, KResult};
use crate::prison::{label, Prison, PrisonRef};
use crate::services::{CallerContext, DirHandle, FoundDir, Privilege};

use super::bindings::{self, vnode};

/// The thread running the current system call.
pub struct KernelCaller;

fn errno(code: c_int) -> KResult<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(Errno(code))
    }
}

impl UserMemory for KernelCaller {
    fn copyin(&self, uaddr: usize, dst: &mut [u8]) -> KResult<()> {
        // SAFETY: copyin(9) checks the user range itself (EFAULT) and
        // writes at most `dst.len()` bytes into `dst`.
        errno(unsafe {
            bindings::copyin(uaddr as *const c_void, dst.as_mut_ptr().cast(), dst.len())
        })
    }

    fn copyout(&self, src: &[u8], uaddr: usize) -> KResult<()> {
        // SAFETY: copyout(9) checks the user range itself and reads
        // `src.len()` bytes from `src`.
        errno(unsafe { bindings::copyout(src.as_ptr().cast(), uaddr as *mut c_void, src.len()) })
    }

    fn copyinstr(&self, uaddr: usize, dst: &mut [u8]) -> KResult<usize> {
        let mut done = 0usize;
        // SAFETY: copyinstr(9) checks the user range, writes at most
        // `dst.len()` bytes into `dst` and the copied length into `done`.
        let code = unsafe {
            bindings::copyinstr(
                uaddr as *const c_void,
                dst.as_mut_ptr().cast(),
                dst.len(),
                &mut done,
            )
        };
        errno(code).map(|()| done)
    }
}

/// A referenced directory vnode; dropping it calls vrele(9).
struct KernelDir {
    vnode: NonNull<vnode>,
}

// SAFETY: a referenced vnode may be used and released from any thread; the
// reference this handle owns keeps it alive.
unsafe impl Send for KernelDir {}
// SAFETY: `&KernelDir` only exposes the address and vref, both thread-safe.
unsafe impl Sync for KernelDir {}

impl fmt::Debug for KernelDir {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KernelDir({:p})", self.vnode)
    }
}

impl DirHandle for KernelDir {
    fn raw(&self) -> usize {
        self.vnode.as_ptr() as usize
    }

    fn duplicate(&self) -> Box<dyn DirHandle> {
        // SAFETY: our reference keeps the vnode alive while we add another.
        unsafe { bindings::rjail_vref(self.vnode.as_ptr()) };
        Box::new(KernelDir { vnode: self.vnode })
    }
}

impl Drop for KernelDir {
    fn drop(&mut self) {
        // SAFETY: this handle owns one reference, given back once.
        unsafe { bindings::rjail_vrele(self.vnode.as_ptr()) };
    }
}

const PATH_MAX: usize = bindings::RJAIL_PATH_MAX as usize;

/// Runs a glue lookup that fills a path buffer and returns a referenced
/// vnode, and wraps the result.
fn found_dir(
    mut buffer: Vec<u8>,
    lookup: impl FnOnce(*mut core::ffi::c_char, u32, *mut *mut vnode) -> c_int,
) -> KResult<FoundDir> {
    let mut dir: *mut vnode = ptr::null_mut();
    errno(lookup(
        buffer.as_mut_ptr().cast(),
        bindings::RJAIL_PATH_MAX,
        &mut dir,
    ))?;
    let vnode = NonNull::new(dir).ok_or(Errno::ENOENT)?;
    let handle = KernelDir { vnode };
    let len = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    buffer.truncate(len);
    // The prison keeps the path for its life: not the PATH_MAX buffer the
    // helper wrote into (a kilobyte per prison).
    buffer.shrink_to_fit();
    Ok(FoundDir {
        dir: Box::new(handle),
        global_path: buffer,
    })
}

/// The label-check trampoline for [`CallerContext::kill_processes`].
///
/// # Safety
/// `arg` must point to a live `&dyn Fn(&Prison) -> bool`; `raw` must be
/// the label of a live credential.
unsafe extern "C" fn doomed_trampoline(raw: isize, arg: *mut c_void) -> c_int {
    // SAFETY: guaranteed by the caller (see `kill_processes`).
    let doomed = unsafe { &*(arg as *const &dyn Fn(&Prison) -> bool) };
    match label::label_prison(raw as usize) {
        Some(prison) => c_int::from(doomed(&prison)),
        None => 0,
    }
}

impl CallerContext for KernelCaller {
    fn prison(&self) -> Option<PrisonRef> {
        // SAFETY: reads curthread's credential; always valid in a syscall.
        let raw = unsafe { bindings::rjail_curthread_label() };
        label::label_prison(raw as usize)
    }

    fn in_native_jail(&self) -> bool {
        // SAFETY: as in `prison`.
        unsafe { bindings::rjail_curthread_natively_jailed() != 0 }
    }

    fn priv_check(&self, privilege: Privilege) -> KResult<()> {
        // SAFETY: priv_check(9) on curthread, any privilege number.
        errno(unsafe { bindings::rjail_priv_check(privilege as c_int) })
    }

    fn lookup_dir(&self, path: &[u8]) -> KResult<FoundDir> {
        let path = path.split(|&b| b == 0).next().unwrap_or_default();
        if path.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let mut buffer = vec![0u8; PATH_MAX];
        buffer
            .get_mut(..path.len())
            .ok_or(Errno::ENAMETOOLONG)?
            .copy_from_slice(path);
        // SAFETY: the buffer holds a NUL-terminated path and is PATH_MAX
        // bytes long, as the helper requires; it writes a vnode pointer.
        found_dir(buffer, |buf, size, dir| unsafe {
            bindings::rjail_lookup_dir(buf, size, dir)
        })
    }

    fn root_dir(&self) -> KResult<FoundDir> {
        // SAFETY: the helper takes no argument and returns the referenced
        // system root, never null once the kernel has mounted its root.
        let vnode = NonNull::new(unsafe { bindings::rjail_system_root() }).ok_or(Errno::ENOENT)?;
        Ok(FoundDir {
            dir: Box::new(KernelDir { vnode }),
            global_path: b"/".to_vec(),
        })
    }

    fn attach(&self, prison: &PrisonRef, root: &dyn DirHandle) -> KResult<()> {
        let new_label = label::label_for(prison);
        let mut replaced: isize = 0;
        // SAFETY: `root.raw()` is a referenced vnode (kernel DirHandles are
        // KernelDirs); on success the credential takes `new_label`.
        let code = unsafe {
            bindings::rjail_attach(root.raw() as *mut vnode, new_label as isize, &mut replaced)
        };
        if code != 0 {
            label::label_release(new_label);
            return Err(Errno(code));
        }
        label::label_release(replaced as usize);
        Ok(())
    }

    fn kill_processes(&self, doomed: &dyn Fn(&Prison) -> bool) {
        let mut doomed = doomed;
        // SAFETY: the trampoline gets a pointer to `doomed`, which outlives
        // the walk; the helper passes labels of live credentials.
        unsafe {
            bindings::rjail_kill_matching(
                Some(doomed_trampoline),
                (&raw mut doomed).cast::<c_void>(),
            )
        }
    }
}
