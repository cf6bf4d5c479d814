//! The `extern "C"` functions the glue calls (declared in
//! kmod/rjail_glue.h). Each converts its arguments and delegates to one
//! function of [`connect`]; errors travel as FreeBSD errno values.

use core::ffi::{c_int, c_uint, c_void};

use crate::errno::KResult;

use super::bindings::vnode;
use super::state;

/// `0` or the errno, as the glue expects.
fn status(result: KResult<()>) -> c_int {
    match result {
        Ok(()) => 0,
        Err(errno) => errno.0,
    }
}

/// A system call's result: errno, and the value for td_retval[0].
///
/// # Safety
/// `retval` must be valid for a write (the glue passes a local).
unsafe fn syscall_result(result: KResult<i32>, retval: *mut c_int) -> c_int {
    match result {
        Ok(value) => {
            // SAFETY: guaranteed by the caller.
            unsafe { retval.write(value) };
            0
        }
        Err(errno) => errno.0,
    }
}

// A label travels as the C intptr_t of the credential's slot.
fn label(raw: isize) -> usize {
    raw as usize
}

#[no_mangle]
pub extern "C" fn rjail_rs_load() -> c_int {
    status(state::load())
}

#[no_mangle]
pub extern "C" fn rjail_rs_quiesce() -> c_int {
    status(state::quiesce())
}

#[no_mangle]
pub extern "C" fn rjail_rs_unload() -> c_int {
    status(state::unload())
}

#[no_mangle]
pub extern "C" fn rjail_rs_teardown() {
    state::teardown()
}

/// # Safety
/// `retval` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_jail(jail_uaddr: usize, retval: *mut c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall_result(connect::jail(jail_uaddr), retval) }
}

/// # Safety
/// `retval` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_jail_set(
    iov_uaddr: usize,
    niov: c_uint,
    flags: c_int,
    retval: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall_result(connect::jail_set(iov_uaddr, niov, flags), retval) }
}

/// # Safety
/// `retval` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_jail_get(
    iov_uaddr: usize,
    niov: c_uint,
    flags: c_int,
    retval: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall_result(connect::jail_get(iov_uaddr, niov, flags), retval) }
}

/// # Safety
/// `retval` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_jail_attach(jid: c_int, retval: *mut c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall_result(connect::jail_attach(jid), retval) }
}

/// # Safety
/// `retval` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_jail_remove(jid: c_int, retval: *mut c_int) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall_result(connect::jail_remove(jid), retval) }
}

#[no_mangle]
pub extern "C" fn rjail_rs_label_clone(raw: isize) -> isize {
    crate::prison::label::label_clone(label(raw)) as isize
}

#[no_mangle]
pub extern "C" fn rjail_rs_label_release(raw: isize) {
    crate::prison::label::label_release(label(raw))
}

#[no_mangle]
pub extern "C" fn rjail_rs_label_in_prison(raw: isize) -> c_int {
    c_int::from(raw != 0)
}

#[no_mangle]
pub extern "C" fn rjail_rs_process_fork(child: isize) {
    crate::prison::label::process_forked(label(child))
}

#[no_mangle]
pub extern "C" fn rjail_rs_process_exit(raw: isize) {
    crate::prison::label::process_exited(label(raw))
}

#[no_mangle]
pub extern "C" fn rjail_rs_priv_check(subject: isize, privilege: c_int) -> c_int {
    status(connect::priv_check(label(subject), privilege))
}

#[no_mangle]
pub extern "C" fn rjail_rs_cred_check_visible(subject: isize, object: isize) -> c_int {
    status(connect::may_see(label(subject), label(object)))
}

#[no_mangle]
pub extern "C" fn rjail_rs_proc_check_signal(
    subject: isize,
    object: isize,
    _signum: c_int,
) -> c_int {
    status(connect::may_see(label(subject), label(object)))
}

#[no_mangle]
pub extern "C" fn rjail_rs_proc_check_debug(subject: isize, object: isize) -> c_int {
    status(connect::may_see(label(subject), label(object)))
}

#[no_mangle]
pub extern "C" fn rjail_rs_proc_check_sched(subject: isize, object: isize) -> c_int {
    status(connect::may_see(label(subject), label(object)))
}

#[no_mangle]
pub extern "C" fn rjail_rs_socket_check_create(
    subject: isize,
    domain: c_int,
    kind: c_int,
    protocol: c_int,
) -> c_int {
    status(connect::socket_create(
        label(subject),
        domain,
        kind,
        protocol,
    ))
}

#[no_mangle]
pub extern "C" fn rjail_rs_socket_check_bind(
    subject: isize,
    sa: *mut c_void,
    sa_len: c_uint,
) -> c_int {
    status(connect::socket_address(label(subject), sa, sa_len))
}

#[no_mangle]
pub extern "C" fn rjail_rs_socket_check_connect(
    subject: isize,
    sa: *mut c_void,
    sa_len: c_uint,
) -> c_int {
    status(connect::socket_address(label(subject), sa, sa_len))
}

#[no_mangle]
pub extern "C" fn rjail_rs_vnode_check_chroot(subject: isize, dir: *mut vnode) -> c_int {
    status(connect::chroot(label(subject), dir))
}

/// Where each entry point meets the rest of rjail. The MAC checks allow
/// everything except what is noted until the policy decisions are
/// connected.
mod connect {
    use core::ffi::{c_int, c_uint, c_void};

    use crate::errno::{Errno, KResult};
    use crate::kernel::bindings::{self, vnode};
    use crate::kernel::caller::KernelCaller;
    use crate::kernel::state;
    use crate::syscall;

    fn open_state() -> KResult<&'static state::ModuleState> {
        match state::current() {
            Some(state) if state.is_open() => Ok(state),
            _ => Err(Errno::ENOSYS),
        }
    }

    pub fn jail(jail_uaddr: usize) -> KResult<i32> {
        syscall::jail(&open_state()?.registry, &KernelCaller, jail_uaddr)
    }

    pub fn jail_set(iov_uaddr: usize, niov: c_uint, flags: c_int) -> KResult<i32> {
        syscall::jail_set(
            &open_state()?.registry,
            &KernelCaller,
            iov_uaddr,
            niov,
            flags,
        )
    }

    pub fn jail_get(iov_uaddr: usize, niov: c_uint, flags: c_int) -> KResult<i32> {
        syscall::jail_get(
            &open_state()?.registry,
            &KernelCaller,
            iov_uaddr,
            niov,
            flags,
        )
    }

    pub fn jail_attach(jid: c_int) -> KResult<i32> {
        syscall::jail_attach(&open_state()?.registry, &KernelCaller, jid).map(|()| 0)
    }

    pub fn jail_remove(jid: c_int) -> KResult<i32> {
        syscall::jail_remove(&open_state()?.registry, &KernelCaller, jid).map(|()| 0)
    }

    /// The base system's jail calls are refused inside an rjail prison, so
    /// neither jail implementation becomes a way out of the other.
    pub fn priv_check(subject: usize, privilege: c_int) -> KResult<()> {
        let base_jail_call = matches!(
            u32::try_from(privilege),
            Ok(bindings::PRIV_JAIL_ATTACH | bindings::PRIV_JAIL_SET | bindings::PRIV_JAIL_REMOVE)
        );
        if subject != 0 && base_jail_call {
            return Err(Errno::EPERM);
        }
        Ok(())
    }

    pub fn may_see(_subject: usize, _object: usize) -> KResult<()> {
        Ok(())
    }

    pub fn socket_create(
        _subject: usize,
        _domain: c_int,
        _kind: c_int,
        _protocol: c_int,
    ) -> KResult<()> {
        Ok(())
    }

    pub fn socket_address(_subject: usize, _sa: *mut c_void, _sa_len: c_uint) -> KResult<()> {
        Ok(())
    }

    pub fn chroot(_subject: usize, _dir: *mut vnode) -> KResult<()> {
        Ok(())
    }
}
