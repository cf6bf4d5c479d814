//! `jail_attach(2)` and `jail_remove(2)` (sys/kern/kern_jail.c
//! `sys_jail_attach`, `do_jail_attach`, `sys_jail_remove`, `prison_remove`,
//! `prison_deref_kill`, `prison_proc_iterate`).

use alloc::sync::Arc;

use super::{caller_prison, refuse_native_jail};
use crate::errno::{Errno, KResult};
use crate::prison::{label, PrisonRef, Registry};
use crate::services::{CallerContext, Privilege};

/// Attaches the calling process to the prison `jid`, a descendant of the
/// caller's prison: EPERM without `PRIV_JAIL_ATTACH`; EINVAL if there is no
/// such prison or it is dying; then the errors of the chroot (EPERM while the
/// process has directories open, ...).
pub fn jail_attach<C: CallerContext>(reg: &Registry, cx: &C, jid: i32) -> KResult<()> {
    refuse_native_jail(cx)?;
    cx.priv_check(Privilege::JailAttach)?;
    let previous = cx.prison();
    let mypr = caller_prison(reg, cx);
    let prison = {
        let tree = reg.read();
        let prison = tree.find_child(&mypr, jid).ok_or(Errno::EINVAL)?.clone();
        if !prison.is_alive() {
            return Err(Errno::EINVAL);
        }
        // The process's user reference, taken before the tree lock goes so
        // the prison cannot start dying under us for lack of processes.
        prison.hold_user();
        prison
    };
    let attached = attach_process(cx, &prison, previous.as_ref());
    if attached.is_err() {
        label::process_left(&prison);
    }
    attached
}

/// The second half of `do_jail_attach`: chroot into the prison and switch
/// the credential (through the kernel), then move the process's user
/// reference from its old prison to the new one. The caller took the new
/// reference and drops it again if this fails.
pub(super) fn attach_process<C: CallerContext>(
    cx: &C,
    prison: &PrisonRef,
    previous: Option<&PrisonRef>,
) -> KResult<()> {
    let Some(root) = prison.root() else {
        // prison0 is never a target: only descendants are found.
        return Err(Errno::EINVAL);
    };
    cx.attach(prison, root)?;
    if let Some(old) = previous {
        label::process_left(old);
    }
    Ok(())
}

/// Removes the prison `jid`, a descendant of the caller's prison: EPERM
/// without `PRIV_JAIL_REMOVE`, EINVAL if there is no such prison. The prison
/// and its descendants start dying, lose `persist`, and every process in
/// them is killed. Removing a prison that is already dying succeeds and does
/// nothing (`prison_deref` ignores it).
pub fn jail_remove<C: CallerContext>(reg: &Registry, cx: &C, jid: i32) -> KResult<()> {
    refuse_native_jail(cx)?;
    cx.priv_check(Privilege::JailRemove)?;
    let mypr = caller_prison(reg, cx);
    let prison = {
        let mut tree = reg.write();
        let prison = tree.find_child(&mypr, jid).ok_or(Errno::EINVAL)?.clone();
        if !tree.kill(&prison) {
            return Ok(());
        }
        prison
    };
    // Processes are signalled after the tree lock is gone, as FreeBSD does.
    cx.kill_processes(&|p| core::ptr::eq(p, Arc::as_ptr(&prison)) || p.is_descendant_of(&prison));
    Ok(())
}
