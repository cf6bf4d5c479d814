//! The MAC hooks' decisions: each turns the credentials' labels into
//! prisons and asks [`crate::policy`].
//!
//! Every hook but [`directory`] may run where sleeping is forbidden (the
//! framework calls them with `MAC_POLICY_CHECK_NOSLEEP`, some with a process
//! locked): nothing there allocates or takes a sleepable lock. A label gives a counted
//! reference ([`label::label_prison`]), whose release never frees the
//! prison (the tree holds its own count), and the policy reads a snapshot of
//! a prison's configuration whose pointer it copies under the prison's mtx(9).

use core::ffi::{c_int, c_uint, c_void};
use core::ptr;

use crate::errno::{Errno, KResult};
use crate::policy::deliver::{self, Arrival};
use crate::policy::paths;
use crate::policy::privilege::{self, Asker};
use crate::policy::socket::{self, SocketAddress};
use crate::policy::source::{self, Destination, Found4, SocketInfo, Source};
use crate::policy::visibility;
use crate::prison::{label, Prison};

use super::bindings::{self, ucred, vnode};

/// The prison of a label a hook received, borrowed for the hook: no count
/// is taken or dropped on the hot paths.
///
/// # Safety
/// `raw` must be the rjail label value of a credential that stays alive
/// while the result is used: the hook's acting credential, or the one of
/// the process the framework holds locked.
unsafe fn prison<'a>(raw: isize) -> Option<&'a Prison> {
    // SAFETY: the caller's contract is label_borrow's.
    unsafe { label::label_borrow(raw as usize) }
}

/// `mpo_priv_check`: the jail's veto.
///
/// Whether rjail's own system call is asking matters only for the jail
/// privileges, so the per-thread record is read only for those.
///
/// # Safety
/// `cred` must be the live credential the hook received.
pub unsafe fn priv_check(
    subject: isize,
    privilege: c_int,
    euid: u32,
    cred: *mut ucred,
) -> KResult<()> {
    let own_call = privilege::is_base_jail_privilege(privilege)
        // SAFETY: `cred` is live (caller's contract); the helper only
        // compares it with curthread's and reads its own record.
        && unsafe { bindings::rjail_priv_asked_by_rjail(cred) } != 0;
    let asker = Asker {
        euid,
        in_rjail_call: own_call,
    };
    // SAFETY: `subject` is the label of the hook's live credential.
    privilege::check_as(unsafe { prison(subject) }, privilege, asker)
}

/// `mpo_priv_grant`: what the kernel would refuse a prisoner only because
/// it looks at the base system's settings instead of the prison's.
pub fn priv_grant(subject: isize, privilege: c_int) -> bool {
    // SAFETY: `subject` is the label of the hook's live credential.
    privilege::grant(unsafe { prison(subject) }, privilege)
}

/// `cr_cansee`'s jail part.
pub fn may_see(subject: isize, object: isize) -> KResult<()> {
    // SAFETY: both are labels of credentials the framework holds for the
    // hook (the acting one, and the object's).
    let (subject, object) = unsafe { (prison(subject), prison(object)) };
    visibility::check(subject, object)
}

/// The jail part of `cr_cansignal`, `p_cansched` and `p_candebug`: the
/// object must be visible, and one of another (descendant) prison needs
/// the `*_DIFFJAIL` privilege or that prison's
/// `allow.unprivileged_parent_tampering`.
///
/// # Safety
/// `cred` must be the live acting credential the hook received.
pub unsafe fn may_interact(
    cred: *mut ucred,
    subject: isize,
    object: isize,
    diffjail_privilege: u32,
) -> KResult<()> {
    // SAFETY: the labels of the acting credential and of the process the
    // framework holds locked, both alive across the hook.
    let (subject, object) = unsafe { (prison(subject), prison(object)) };
    visibility::check(subject, object)?;
    if same_prison(subject, object) {
        return Ok(());
    }
    let Ok(privilege) = c_int::try_from(diffjail_privilege) else {
        return Err(Errno::EPERM);
    };
    // SAFETY: `cred` is live (caller's contract); priv_check_cred(9) does
    // not sleep and may be asked from a hook (the framework's lock
    // recurses).
    let holds = unsafe { bindings::rjail_priv_check_cred(cred, privilege) } == 0;
    visibility::check_tamper(subject, object, holds)
}

fn same_prison(a: Option<&Prison>, b: Option<&Prison>) -> bool {
    let host = |p: Option<&Prison>| p.is_none_or(Prison::is_host);
    match (a, b) {
        (Some(a), Some(b)) => ptr::eq(a, b),
        _ => host(a) && host(b),
    }
}

/// `mpo_socket_check_create`: `prison_check_af` as socreate applies it.
pub fn socket_create(subject: isize, domain: c_int, kind: c_int, protocol: c_int) -> KResult<()> {
    // SAFETY: `subject` is the label of the hook's live credential.
    socket::check_create_socket(unsafe { prison(subject) }, domain, kind, protocol)
}

pub use crate::policy::socket::End;

/// What the socket is, from the kernel's structures.
///
/// # Safety
/// `so` must be null or the live socket a hook received.
unsafe fn socket_info(so: *mut bindings::socket) -> Option<SocketInfo> {
    if so.is_null() {
        return None;
    }
    let mut raw = bindings::rjail_sockinfo {
        family: 0,
        type_: 0,
        protocol: 0,
        v6only: 0,
        bound: 0,
    };
    // SAFETY: `so` is live (caller's contract); the helper only reads it
    // and writes `raw`, which lives across the call.
    unsafe { bindings::rjail_socket_info(so, &mut raw) };
    Some(SocketInfo {
        family: raw.family,
        kind: raw.type_,
        protocol: raw.protocol,
        v6only: raw.v6only != 0,
        bound: raw.bound != 0,
    })
}

/// The kernel's copy of the caller's sockaddr as a byte slice.
///
/// # Safety
/// `sa` must be null or point to `sa_len` writable bytes that nothing else
/// touches while the returned slice lives.
unsafe fn sockaddr_bytes<'a>(sa: *mut c_void, sa_len: c_uint) -> Option<&'a mut [u8]> {
    if sa.is_null() {
        return None;
    }
    let len = usize::try_from(sa_len).ok()?;
    // SAFETY: non-null and `len` writable bytes, exclusively ours for the
    // slice's life (caller's contract).
    Some(unsafe { core::slice::from_raw_parts_mut(sa.cast::<u8>(), len) })
}

/// bind(2): [`socket::confine_socket_sockaddr`] on the kernel's copy of
/// the caller's address, which it may rewrite in place.
///
/// # Safety
/// `so` must be null or the live socket the hook received; `sa` must be
/// null or point to `sa_len` writable bytes (the kernel's copy of the
/// caller's address, which `getsockaddr` sized and whose `sa_len` it set
/// to that size).
pub unsafe fn socket_bind(
    subject: isize,
    so: *mut bindings::socket,
    sa: *mut c_void,
    sa_len: c_uint,
) -> KResult<()> {
    if subject == 0 {
        return Ok(());
    }
    // SAFETY: caller's contract.
    let Some(bytes) = (unsafe { sockaddr_bytes(sa, sa_len) }) else {
        return Ok(());
    };
    // SAFETY: caller's contract.
    let shape = unsafe { socket_info(so) }
        .map(|i| i.shape())
        .unwrap_or_default();
    // SAFETY: `subject` is the label of the hook's live credential.
    socket::confine_socket_sockaddr(unsafe { prison(subject) }, shape, bytes, End::Local)
}

/// connect(2) and sendto(2)'s destination: the address is confined as
/// FreeBSD's `prison_remote_ip4/6` would, then a TCP or UDP socket that
/// is not bound yet gets the source address FreeBSD's jail would
/// choose ([`source`]), before the protocol picks a host address.
///
/// # Safety
/// As [`socket_bind`].
pub unsafe fn socket_connect(
    subject: isize,
    so: *mut bindings::socket,
    sa: *mut c_void,
    sa_len: c_uint,
) -> KResult<()> {
    if subject == 0 {
        return Ok(());
    }
    // SAFETY: caller's contract.
    let Some(bytes) = (unsafe { sockaddr_bytes(sa, sa_len) }) else {
        return Ok(());
    };
    // SAFETY: `subject` is the label of the hook's live credential.
    let subject = unsafe { prison(subject) };
    // SAFETY: caller's contract.
    let info = unsafe { socket_info(so) };
    let shape = info.map(|i| i.shape()).unwrap_or_default();
    socket::confine_socket_sockaddr(subject, shape, bytes, End::Remote)?;
    let Some(info) = info else {
        return Ok(());
    };
    let Some(destination) = source::implicit_bind(subject, &info, bytes) else {
        return Ok(());
    };
    // SAFETY: reads curthread's record of its system call.
    let connecting = unsafe { bindings::rjail_syscall_is_connect() } != 0;
    if connecting && source::connect_refused_early(&info, &destination, bytes) {
        return Ok(());
    }
    let chosen = match destination {
        Destination::V4 { dst, mapped } => {
            // SAFETY: `so` is live (checked non-null by socket_info).
            let found =
                source::choose_v4(subject, dst, |list, dst| unsafe { walk_v4(so, list, dst) });
            match found {
                Some(a) if mapped => Source::Mapped(a),
                Some(a) => Source::V4(a),
                None => return Ok(()),
            }
        }
        Destination::V6 { dst } => {
            let mut unjailed = [0u8; 16];
            // SAFETY: `so` is live; both buffers are 16 bytes and live
            // across the call.
            let error =
                unsafe { bindings::rjail_inet6_source(so, dst.as_ptr(), unjailed.as_mut_ptr()) };
            // SAFETY: `so` is live (checked non-null by socket_info).
            let outgoing = |list: &[[u8; 16]], kernel: [u8; 16]| unsafe {
                closest_on_interface(so, list, dst, kernel)
            };
            match source::choose_v6(subject, dst, (error == 0).then_some(unjailed), outgoing) {
                Some(a) => Source::V6(a),
                None => return Ok(()),
            }
        }
    };
    let (mut sockaddr, _) = source::bind_sockaddr(chosen);
    // SAFETY: `so` is live; `sockaddr` is a whole sockaddr_in/_in6 with its
    // sa_len set, alive across the call.
    let error = unsafe {
        bindings::rjail_socket_take_source(
            so,
            sockaddr.as_mut_ptr().cast(),
            c_int::from(connecting),
        )
    };
    if error == 0 {
        Ok(())
    } else {
        Err(Errno(error))
    }
}

/// `mpo_inpcb_check_deliver`: whether a packet may reach a prisoner's
/// socket ([`deliver::check`]).
///
/// # Safety
/// `arrival` must be null or point to a filled-in `rjail_arrival`.
pub unsafe fn inpcb_deliver(
    subject: isize,
    arrival: *const bindings::rjail_arrival,
) -> KResult<()> {
    if subject == 0 || arrival.is_null() {
        return Ok(());
    }
    // SAFETY: caller's contract: a live, initialised struct.
    let arrival = unsafe { &*arrival };
    let dst = match arrival.version {
        4 => {
            let mut a = [0u8; 4];
            a.copy_from_slice(&arrival.dst[..4]);
            SocketAddress::V4(a)
        }
        6 => SocketAddress::V6(arrival.dst),
        _ => return Ok(()),
    };
    deliver::check(
        // SAFETY: the label of the socket's credential, which the locked
        // inpcb holds.
        unsafe { prison(subject) },
        Arrival {
            dst,
            group: arrival.group != 0,
            raw: arrival.raw != 0,
            wildcard: arrival.wildcard != 0,
        },
    )
}

/// `visit` for [`bindings::rjail_inet6_interface_addrs`]: `arg` is a
/// [`source::Closest`].
extern "C" fn offer_v6(arg: *mut c_void, addr: *const u8) {
    if arg.is_null() || addr.is_null() {
        return;
    }
    // SAFETY: `arg` is the `Closest` closest_on_interface passed, alive and
    // not otherwise borrowed across the walk; `addr` points to the 16
    // bytes of an ifaddr's sin6_addr.
    let (closest, candidate) = unsafe {
        (
            &mut *arg.cast::<source::Closest<'_>>(),
            core::ptr::read_unaligned(addr.cast::<[u8; 16]>()),
        )
    };
    closest.offer(&candidate);
}

/// The prison's address closest to `dst` on the interface that holds the
/// kernel's choice `kernel`, the first on a tie.
///
/// # Safety
/// `so` must be the live socket a hook received.
unsafe fn closest_on_interface(
    so: *mut bindings::socket,
    list: &[[u8; 16]],
    dst: [u8; 16],
    kernel: [u8; 16],
) -> Option<[u8; 16]> {
    let mut closest = source::Closest::new(list, dst);
    // SAFETY: `so` is live; `kernel` is 16 bytes; `closest` outlives the
    // call and offer_v6 uses it as the `Closest` it is.
    unsafe {
        bindings::rjail_inet6_interface_addrs(
            so,
            kernel.as_ptr(),
            Some(offer_v6),
            ptr::from_mut(&mut closest).cast(),
        );
    }
    closest.best()
}

/// The kernel's part of in_pcbladdr's jailed selection.
///
/// # Safety
/// `so` must be the live socket a hook received.
unsafe fn walk_v4(so: *mut bindings::socket, list: &[[u8; 4]], dst: [u8; 4]) -> Found4 {
    let mut found = [0u8; 4];
    // Lists hold at most `jail_max_af_ips` addresses; a count that does not
    // fit would only make the walk find none.
    let count = c_uint::try_from(list.len()).unwrap_or(0);
    // SAFETY: `so` is live; `list` holds `count` addresses of 4 bytes each
    // (a `[[u8; 4]]` is laid out contiguously), alive across the call;
    // `dst` and `found` are 4 bytes.
    let error = unsafe {
        bindings::rjail_inet_source(
            so,
            dst.as_ptr(),
            list.as_ptr().cast::<u8>(),
            count,
            found.as_mut_ptr(),
        )
    };
    match error {
        0 => Found4::Address(found),
        e if e == Errno::ENOENT.0 => Found4::NotOnInterface,
        _ => Found4::Unreachable,
    }
}

/// chdir, chroot and ".." lookups: [`paths::check_directory`], whose walk
/// up the filesystem is the C helper's. Unlike the other hooks this one
/// sleeps: the framework calls these checks with `MAC_POLICY_CHECK`, from
/// where the kernel itself sleeps on vnode locks and disk reads.
///
/// # Safety
/// `dir` must be a referenced directory vnode, possibly locked by the
/// calling thread, and `cred` the live acting credential.
pub unsafe fn directory(subject: isize, dir: *mut vnode, cred: *mut ucred) -> KResult<()> {
    // SAFETY: `subject` is the label of the hook's live credential.
    paths::check_directory(unsafe { prison(subject) }, |root| {
        // SAFETY: `dir` and `cred` are live (caller's contract); the
        // prison's root is a vnode it holds a reference on for its whole
        // life (kernel DirHandles are referenced vnodes), and the prison
        // outlives this call through the label's counted reference.
        unsafe { bindings::rjail_dir_beneath(dir, root.raw() as *mut vnode, cred) != 0 }
    })
}
