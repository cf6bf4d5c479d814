//! The five system calls, written against [`crate::services::CallerContext`].
//!
//! Each follows its FreeBSD 15.0 counterpart in sys/kern/kern_jail.c
//! (`sys_jail`/`kern_jail`, `sys_jail_set`/`kern_jail_set`,
//! `sys_jail_get`/`kern_jail_get`, `sys_jail_attach`/`do_jail_attach`,
//! `sys_jail_remove`/`prison_remove`) check for check, errno for errno.
//!
//! Differences, all deliberate:
//!
//! * A caller inside the base system's own jail gets EPERM first: neither
//!   jail implementation may become a way out of the other.
//! * rjail has no jail descriptors yet. The descriptor flags
//!   (`JAIL_USE_DESC`, `JAIL_AT_DESC`, `JAIL_GET_DESC`, `JAIL_OWN_DESC`) are
//!   read as FreeBSD reads them up to the point where a descriptor would be
//!   used ([`desc_without_descriptors`]): a missing `desc` is ENOENT "missing
//!   desc" where FreeBSD says so, a `desc` without them EINVAL "unexpected
//!   desc"; a `desc` to look a prison up by is EINVAL "not a jail
//!   descriptor" (no descriptor is an rjail one), and one asked for is
//!   EINVAL "rjail has no jail descriptors" (an errno FreeBSD's calls can
//!   return, with a message that says why).
//! * No vnet, no cpuset, no meta/env, no OSD module parameters: `vnet`,
//!   `sysvmsg` and the like are unknown parameters (EINVAL "unknown
//!   parameter: ..."). `cpuset.id` reads as 0, the system's root set that the
//!   prison's processes keep using.
//! * While the module is being unloaded (`Registry::close_if_empty`
//!   succeeded), a call that would create a prison fails with ENOSYS, what
//!   the caller gets a moment later when the calls are gone.
//! * `security.jail.list` (`crate::sysctl::list`) reports each prison's own
//!   addresses; FreeBSD 15.0 can repeat an earlier prison's count.
//! * When an update finds its prison by jid, FreeBSD 15.0 checks the new
//!   values against the caller's prison instead of the prison's parent, and
//!   renames it as if the caller's prison were its parent. rjail uses the
//!   prison's real parent, so a child is never less restricted than its
//!   parent; a name that would move the prison to another parent is EINVAL
//!   "cannot change jail's parent".

use alloc::borrow::Cow;

use crate::abi::allow::{Allow, ALLOW_PARAMS, ALLOW_PREFIX};
use crate::abi::errmsg;
use crate::abi::flags::JailFlags;
use crate::abi::options::OptionList;
use crate::abi::UserMemory;
use crate::errno::{Errno, KResult};
use crate::prison::{PrisonRef, Registry};
use crate::services::CallerContext;

mod attach;
mod get;
mod legacy;
mod set;

pub use attach::{jail_attach, jail_remove};
pub use get::{base_jail_get_childless, jail_get};
pub use legacy::jail;
pub use set::jail_set;

/// How a failed `jail_set`/`jail_get` ends: some failures write the errmsg
/// buffer back (with or without a new message), the early ones do not
/// (FreeBSD's `done_free` versus `done_errmsg`/`done_deref` labels).
#[derive(Debug)]
struct Failure {
    errno: Errno,
    write_errmsg: bool,
}

/// A failure that leaves `errmsg` alone.
fn plain(errno: Errno) -> Failure {
    Failure {
        errno,
        write_errmsg: false,
    }
}

/// A failure after which the errmsg buffer is written back.
fn reported(errno: Errno) -> Failure {
    Failure {
        errno,
        write_errmsg: true,
    }
}

/// Records a message for the caller's `errmsg` and fails with `errno`.
fn fail_msg(opts: &mut OptionList, errno: Errno, message: impl AsRef<[u8]>) -> Failure {
    opts.errmsg_set(message);
    reported(errno)
}

/// Turns the outcome of `jail_set`/`jail_get` into the system call's result,
/// writing the errmsg buffer back when the failure asks for it.
fn conclude<T>(
    outcome: Result<T, Failure>,
    opts: &OptionList,
    mem: &(impl UserMemory + ?Sized),
    iov_uaddr: usize,
) -> KResult<T> {
    outcome.map_err(|failure| {
        if failure.write_errmsg {
            opts.write_back_errmsg(mem, iov_uaddr);
        }
        failure.errno
    })
}

/// The first check of every rjail call: a caller inside the base system's
/// own jail is refused (EPERM), so neither jail becomes a way out of the
/// other.
fn refuse_native_jail<C: CallerContext>(cx: &C) -> KResult<()> {
    if cx.in_native_jail() {
        return Err(Errno::EPERM);
    }
    Ok(())
}

/// The flag checks `kern_jail_set` and `kern_jail_get` share: no bit outside
/// `allowed`, and not both descriptor modes: EINVAL.
fn check_flags(bits: u32, allowed: u32) -> KResult<()> {
    if bits & !allowed != 0 {
        return Err(Errno::EINVAL);
    }
    let both = (JailFlags::USE_DESC | JailFlags::AT_DESC).bits();
    if bits & both == both {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The `desc` parameter as `kern_jail_set` and `kern_jail_get` read it
/// (sys/kern/kern_jail.c), for an implementation without jail descriptors.
///
/// `needs_desc` are the flags that make a missing `desc` ENOENT "missing
/// desc": every descriptor flag for `jail_set`, all but `JAIL_USE_DESC` for
/// `jail_get` (which then finds its prison by the other parameters). A
/// `desc` without any descriptor flag is EINVAL "unexpected desc". A `desc`
/// that `JAIL_USE_DESC`/`JAIL_AT_DESC` would look a prison up through names
/// no rjail prison (`jaildesc_find`'s "not a jail descriptor", EINVAL), and
/// `JAIL_GET_DESC`/`JAIL_OWN_DESC` ask for a descriptor rjail cannot make
/// (EINVAL "rjail has no jail descriptors").
fn desc_without_descriptors(
    opts: &mut OptionList,
    bits: u32,
    needs_desc: u32,
) -> Result<(), Failure> {
    match opts.copy_i32("desc") {
        Err(e) => Err(reported(e)),
        Ok(None) if bits & needs_desc != 0 => {
            Err(fail_msg(opts, Errno::ENOENT, errmsg::MISSING_DESC))
        }
        Ok(None) => Ok(()),
        Ok(Some(_)) if !wants_descriptor(bits) => {
            Err(fail_msg(opts, Errno::EINVAL, errmsg::UNEXPECTED_DESC))
        }
        Ok(Some(_)) if bits & (JailFlags::USE_DESC | JailFlags::AT_DESC).bits() != 0 => {
            Err(fail_msg(opts, Errno::EINVAL, errmsg::NOT_A_JAIL_DESCRIPTOR))
        }
        Ok(Some(_)) => Err(fail_msg(opts, Errno::EINVAL, errmsg::NO_JAIL_DESCRIPTORS)),
    }
}

/// The caller's prison; the host is prison0, borrowed, not counted (every
/// host caller would otherwise write the same reference count).
fn caller_prison<'r, C: CallerContext>(reg: &'r Registry, cx: &C) -> Cow<'r, PrisonRef> {
    cx.prison().map_or(Cow::Borrowed(reg.host()), Cow::Owned)
}

/// The flags argument as FreeBSD reads it (an int used as a bit set).
fn flag_bits(flags: i32) -> u32 {
    flags as u32
}

/// Whether any descriptor flag is set (rjail has no jail descriptors).
fn wants_descriptor(flags: u32) -> bool {
    flags & JailFlags::ANY_DESC.bits() != 0
}

/// The bytes of a C string up to its first NUL.
/// The allow parameters `opts` can name: all of them, or none when no
/// option is under [`ALLOW_PREFIX`] (a list without one skips forty
/// lookups, in jail_set's parsing and jail_get's write-back alike).
fn allow_params_in(opts: &OptionList) -> &'static [(&'static str, Allow)] {
    if opts.any_under(ALLOW_PREFIX) {
        ALLOW_PARAMS
    } else {
        &[]
    }
}

fn c_str(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    bytes.get(..end).unwrap_or_default()
}
