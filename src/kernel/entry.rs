//! The `extern "C"` functions the glue calls (declared in
//! kmod/rjail_glue.h). Each converts its arguments and delegates to one
//! function of [`connect`]; errors travel as FreeBSD errno values.

use core::ffi::{c_int, c_uint, c_void};

use crate::errno::{Errno, KResult};

use super::bindings::{self, sysctl_req, ucred, vnode};
use super::{hooks, state, sysctl, vfs};

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

// A label value (a counted prison reference, 0 = host) travels as intptr_t.
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
pub extern "C" fn rjail_rs_reopen() {
    state::reopen()
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
pub extern "C" fn rjail_rs_prison_root(raw: isize) -> *mut vnode {
    vfs::prison_root(raw)
}

/// # Safety
/// `mntonname` must point to `size` writable bytes used by nothing else.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_statfs_confine(
    raw: isize,
    is_root_mount: c_int,
    mntonname: *mut core::ffi::c_char,
    size: usize,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { vfs::statfs_confine(raw, is_root_mount != 0, mntonname, size) }
}

/// # Safety
/// `retval` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_base_jail_get(
    iov_uaddr: usize,
    niov: c_uint,
    flags: c_int,
    retval: *mut c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    unsafe { syscall_result(vfs::base_jail_get(iov_uaddr, niov, flags), retval) }
}

#[no_mangle]
pub extern "C" fn rjail_rs_sysctl_create() -> c_int {
    match state::current() {
        Some(state) => status(sysctl::create(state)),
        None => Errno::ENOSYS.0,
    }
}

/// # Safety
/// `value` must be valid for a write.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_sysctl_knob_read(
    knob: c_uint,
    viewer: isize,
    value: *mut c_int,
) -> c_int {
    match sysctl::knob_read(knob, viewer) {
        Ok(read) => {
            // SAFETY: guaranteed by the caller (the glue passes a local).
            unsafe { value.write(read) };
            0
        }
        Err(errno) => errno.0,
    }
}

#[no_mangle]
pub extern "C" fn rjail_rs_sysctl_knob_write(knob: c_uint, viewer: isize, value: c_int) -> c_int {
    status(sysctl::knob_write(knob, viewer, value))
}

#[no_mangle]
pub extern "C" fn rjail_rs_sysctl_jailed(viewer: isize) -> c_int {
    sysctl::jailed(viewer)
}

/// # Safety
/// `req` must be the request of the sysctl handler that calls this.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_sysctl_list(viewer: isize, req: *mut sysctl_req) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { sysctl::list(viewer, req) })
}

/// The label table, when the module's state exists (it does whenever the
/// MAC policy is registered; see [`state::ModuleState::labels`]).
fn labels() -> Option<&'static crate::prison::label_table::LabelTable> {
    state::current().map(|s| &s.labels)
}

// A MAC label travels as its address: the table's key.
fn label_key(label: *mut c_void) -> usize {
    label as usize
}

/// `mpo_cred_init_label` (may sleep): reserves the entry while any prison
/// exists, so that a later copy into this credential never allocates.
#[no_mangle]
pub extern "C" fn rjail_rs_label_init(label: *mut c_void) {
    if let Some(state) = state::current() {
        state
            .labels
            .reserve(label_key(label), state.registry.occupied());
    }
}

/// `mpo_cred_copy_label` (never sleeps): `dest` joins `src`'s prison.
#[no_mangle]
pub extern "C" fn rjail_rs_label_copy(src: *mut c_void, dest: *mut c_void) {
    let Some(labels) = labels() else {
        return;
    };
    let value = crate::prison::label::label_clone(labels.lookup(label_key(src)));
    match labels.set(label_key(dest), value) {
        Ok(previous) => crate::prison::label::label_release(previous),
        // No entry and no room: `dest` stays the host's (see label_table's
        // documentation for why only a host thread's own credential can get
        // here) and the new reference goes back.
        Err(_) => crate::prison::label::label_release(value),
    }
}

/// `mpo_cred_destroy_label` (never sleeps).
#[no_mangle]
pub extern "C" fn rjail_rs_label_destroy(label: *mut c_void) {
    if let Some(labels) = labels() {
        crate::prison::label::label_release(labels.remove(label_key(label)));
    }
}

#[no_mangle]
pub extern "C" fn rjail_rs_label_lookup(label: *mut c_void) -> isize {
    labels().map_or(0, |l| l.lookup(label_key(label)) as isize)
}

#[no_mangle]
pub extern "C" fn rjail_rs_label_reserve(label: *mut c_void) -> c_int {
    match labels() {
        Some(labels) if !label.is_null() => {
            labels.reserve(label_key(label), true);
            0
        }
        _ => Errno::ENOMEM.0,
    }
}

/// # Safety
/// `previous` must be valid for a write (the glue passes a local).
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_label_install(
    label: *mut c_void,
    value: isize,
    previous: *mut isize,
) -> c_int {
    let Some(labels) = labels() else {
        return Errno::ENOMEM.0;
    };
    match labels.set(label_key(label), value as usize) {
        Ok(old) => {
            // SAFETY: guaranteed by the caller.
            unsafe { previous.write(old as isize) };
            0
        }
        Err(_) => Errno::ENOMEM.0,
    }
}

/// # Safety
/// `figures` must point to `RJAIL_LABEL_FIGURES` (6) writable u64s.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_label_table_figures(figures: *mut u64) {
    let values = labels().map_or([0; 6], |t| {
        let (bytes, allocations) = t.footprint();
        [
            t.entries(),
            t.prisoners(),
            t.capacity(),
            bytes,
            allocations,
            t.overflows(),
        ]
        .map(|v| v as u64)
    });
    // SAFETY: the caller passes room for six values.
    unsafe { figures.copy_from_nonoverlapping(values.as_ptr(), values.len()) };
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

/// # Safety
/// `cred` must be the credential the priv hook received.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_priv_check(
    subject: isize,
    privilege: c_int,
    euid: c_uint,
    cred: *mut ucred,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::priv_check(subject, privilege, euid, cred) })
}

#[no_mangle]
pub extern "C" fn rjail_rs_priv_grant(subject: isize, privilege: c_int) -> c_int {
    if hooks::priv_grant(subject, privilege) {
        0
    } else {
        Errno::EPERM.0
    }
}

#[no_mangle]
pub extern "C" fn rjail_rs_cred_check_visible(subject: isize, object: isize) -> c_int {
    status(hooks::may_see(subject, object))
}

/// # Safety
/// `cred` must be the acting credential the hook received.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_proc_check_signal(
    cred: *mut ucred,
    subject: isize,
    object: isize,
    _signum: c_int,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::may_interact(cred, subject, object, bindings::PRIV_SIGNAL_DIFFJAIL) })
}

/// # Safety
/// `cred` must be the acting credential the hook received.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_proc_check_debug(
    cred: *mut ucred,
    subject: isize,
    object: isize,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::may_interact(cred, subject, object, bindings::PRIV_DEBUG_DIFFJAIL) })
}

/// # Safety
/// `cred` must be the acting credential the hook received.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_proc_check_sched(
    cred: *mut ucred,
    subject: isize,
    object: isize,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::may_interact(cred, subject, object, bindings::PRIV_SCHED_DIFFJAIL) })
}

#[no_mangle]
pub extern "C" fn rjail_rs_socket_check_create(
    subject: isize,
    domain: c_int,
    kind: c_int,
    protocol: c_int,
) -> c_int {
    status(hooks::socket_create(subject, domain, kind, protocol))
}

/// # Safety
/// `so` must be the live socket the hook received; `sa` must be null or
/// point to `sa_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_socket_check_bind(
    subject: isize,
    so: *mut bindings::socket,
    sa: *mut c_void,
    sa_len: c_uint,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::socket_bind(subject, so, sa, sa_len) })
}

/// # Safety
/// `so` must be the live socket the hook received; `sa` must be null or
/// point to `sa_len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_socket_check_connect(
    subject: isize,
    so: *mut bindings::socket,
    sa: *mut c_void,
    sa_len: c_uint,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::socket_connect(subject, so, sa, sa_len) })
}

/// # Safety
/// `arrival` must be null or point to the `rjail_arrival` the C hook
/// filled in, alive across the call.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_inpcb_check_deliver(
    subject: isize,
    arrival: *const bindings::rjail_arrival,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::inpcb_deliver(subject, arrival) })
}

/// # Safety
/// `dir` must be the referenced directory the MAC check received (possibly
/// locked by the caller) and `cred` the acting credential; the check runs
/// where the kernel may sleep.
#[no_mangle]
pub unsafe extern "C" fn rjail_rs_vnode_check_dir(
    subject: isize,
    dir: *mut vnode,
    cred: *mut ucred,
) -> c_int {
    // SAFETY: forwarded from the caller.
    status(unsafe { hooks::directory(subject, dir, cred) })
}

/// Where each system call meets the rest of rjail.
mod connect {
    use core::ffi::{c_int, c_uint};

    use crate::errno::{Errno, KResult};
    use crate::kernel::caller::KernelCaller;
    use crate::kernel::state;
    use crate::syscall;

    /// The module's state; creations are refused by the registry itself
    /// once an unload has closed it.
    fn open_state() -> KResult<&'static state::ModuleState> {
        state::current().ok_or(Errno::ENOSYS)
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
}
