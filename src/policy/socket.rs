//! Socket families and IPv4/IPv6 address confinement.
//!
//! Families follow `prison_check_af` and `prison_if` (`sys/kern/kern_jail.c`)
//! and `socreate` (`sys/kern/uipc_socket.c`); addresses follow
//! `sys/netinet/in_jail.c` and `sys/netinet6/in6_jail.c`. Addresses are in
//! network byte order, as they sit in a `sockaddr`.
//!
//! A family is restricted when the prison's `PR_IP4` / `PR_IP6` flag is set
//! (its own list, `ip4=disable`, or a restricted ancestor); a restricted
//! family without addresses is disabled (EAFNOSUPPORT). rjail has no vnet
//! jails, so nothing bypasses these rules.

use crate::abi::allow::Allow;
use crate::errno::{Errno, KResult};
use crate::prison::addr::{self, Address};
use crate::prison::{flags, Prison, PrisonConfig};

use super::confining;

/// Address family numbers of FreeBSD 15.0 (`sys/sys/socket.h`) that the
/// rules name.
pub mod family {
    /// Local (UNIX-domain) sockets.
    pub const LOCAL: i32 = 1;
    /// IPv4.
    pub const INET: i32 = 2;
    /// Routing sockets.
    pub const ROUTE: i32 = 17;
    /// IPv6.
    pub const INET6: i32 = 28;
    /// Netlink sockets.
    pub const NETLINK: i32 = 38;
    /// divert(4) sockets.
    pub const DIVERT: i32 = 44;
}

/// `SOCK_RAW` (`sys/sys/socket.h`).
pub(super) const SOCK_RAW: i32 = 3;
/// `IPPROTO_DIVERT` (`sys/netinet/in.h`).
const IPPROTO_DIVERT: i32 = 258;
/// `IPPROTO_SCTP` (`sys/netinet/in.h`).
const IPPROTO_SCTP: i32 = 132;

const INADDR_ANY: [u8; 4] = [0; 4];
const INADDR_LOOPBACK: [u8; 4] = [127, 0, 0, 1];
const IN6ADDR_ANY: [u8; 16] = [0; 16];
const IN6ADDR_LOOPBACK: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// `prison_check_af`: may the subject use sockets of `family` at all?
/// A disabled IPv4/IPv6 (restricted, no address) is EAFNOSUPPORT; local,
/// routing and netlink sockets are always allowed; every other family needs
/// `allow.socket_af` (else EAFNOSUPPORT).
pub fn check_af(subject: Option<&Prison>, family: i32) -> KResult<()> {
    let Some(prison) = confining(subject) else {
        return Ok(());
    };
    let config = prison.config();
    match family {
        family::INET => v4_addresses(&config).map(|_| ()),
        family::INET6 => v6_addresses(&config).map(|_| ()),
        family::LOCAL | family::ROUTE | family::NETLINK => Ok(()),
        _ => other_family(&config),
    }
}

/// The socket-creation hook (`mpo_socket_check_create`) for `domain`: what
/// socket(2) returns when `prison_check_af` refuses — `socreate` turns the
/// refusal into EPROTONOSUPPORT.
pub fn check_create(subject: Option<&Prison>, domain: i32) -> KResult<()> {
    check_af(subject, domain).map_err(|_| Errno::EPROTONOSUPPORT)
}

/// [`check_create`] with the socket type and protocol, for the one case
/// where they change the family: `socreate` still accepts divert sockets
/// asked for as `PF_INET`/`SOCK_RAW`/`IPPROTO_DIVERT` and makes them
/// `PF_DIVERT` sockets, which need `allow.socket_af`.
pub fn check_create_socket(
    subject: Option<&Prison>,
    domain: i32,
    kind: i32,
    protocol: i32,
) -> KResult<()> {
    // SCTP binds and sends addresses through its own socket options and
    // send paths, which no MAC check sees: a prisoner whose addresses are
    // confined gets no SCTP socket, as if the kernel had no SCTP.
    if protocol == IPPROTO_SCTP && (domain == family::INET || domain == family::INET6) {
        if let Some(prison) = confining(subject) {
            let config = prison.config();
            let confined = if domain == family::INET {
                config.flags & flags::IP4 != 0
            } else {
                config.flags & flags::IP6 != 0
            };
            if confined {
                return Err(Errno::EPROTONOSUPPORT);
            }
        }
    }
    let domain = if domain == family::INET && kind == SOCK_RAW && protocol == IPPROTO_DIVERT {
        family::DIVERT
    } else {
        domain
    };
    check_create(subject, domain)
}

/// A socket address as the confinement rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketAddress {
    V4([u8; 4]),
    V6([u8; 16]),
    /// Any other family, by number.
    Other(i32),
}

/// `prison_if`: whether an address (of an interface, a route, ...) belongs
/// to the subject's prison: IPv4/IPv6 as [`check_v4`]/[`check_v6`]; other
/// families need `allow.socket_af` (else EAFNOSUPPORT).
pub fn check_address(subject: Option<&Prison>, address: SocketAddress) -> KResult<()> {
    match address {
        SocketAddress::V4(a) => check_v4(subject, a),
        SocketAddress::V6(a) => check_v6(subject, a),
        SocketAddress::Other(_) => match confining(subject) {
            None => Ok(()),
            Some(prison) => other_family(&prison.config()),
        },
    }
}

/// `prison_check_ip4`: `Ok` if IPv4 is unrestricted or `addr` is one of the
/// prison's addresses; EADDRNOTAVAIL if it is not; EAFNOSUPPORT if IPv4 is
/// disabled.
pub fn check_v4(subject: Option<&Prison>, addr: [u8; 4]) -> KResult<()> {
    with_v4(subject, |list| member(list, &addr))
}

/// `prison_check_ip6`: as [`check_v4`] for IPv6.
pub fn check_v6(subject: Option<&Prison>, addr: [u8; 16]) -> KResult<()> {
    with_v6(subject, |list| member(list, &addr))
}

/// `prison_get_ip4`: the prison's primary IPv4 address; `Ok(None)` if IPv4
/// is unrestricted, EAFNOSUPPORT if it is disabled.
pub fn primary_v4(subject: Option<&Prison>) -> KResult<Option<[u8; 4]>> {
    with_v4(subject, |list| Ok(list.first().copied()))
}

/// `prison_get_ip6`: as [`primary_v4`] for IPv6.
pub fn primary_v6(subject: Option<&Prison>) -> KResult<Option<[u8; 16]>> {
    with_v6(subject, |list| Ok(list.first().copied()))
}

/// `prison_saddrsel_ip4`: the source address a connection must use instead
/// of the kernel's choice — the primary address of a prison with
/// `ip4.nosaddrsel` — or `None` to let the kernel select (also when IPv4 is
/// unrestricted or disabled).
pub fn source_v4(subject: Option<&Prison>) -> Option<[u8; 4]> {
    let prison = confining(subject)?;
    if prison.config().flags & flags::IP4_SADDRSEL != 0 {
        return None;
    }
    primary_v4(Some(prison)).ok().flatten()
}

/// `prison_saddrsel_ip6`: as [`source_v4`] for IPv6.
pub fn source_v6(subject: Option<&Prison>) -> Option<[u8; 16]> {
    let prison = confining(subject)?;
    if prison.config().flags & flags::IP6_SADDRSEL != 0 {
        return None;
    }
    primary_v6(Some(prison)).ok().flatten()
}

/// `prison_local_ip4`: the local address of a bind. `Ok(None)`: use `addr`
/// as it is; `Ok(Some(a))`: use `a` instead — `INADDR_ANY` becomes the
/// prison's address when it has exactly one, and 127.0.0.1, when it is not
/// one of the prison's addresses, becomes the primary. Any other address not
/// in the prison is EADDRNOTAVAIL; disabled IPv4 is EAFNOSUPPORT.
pub fn local_v4(subject: Option<&Prison>, addr: [u8; 4]) -> KResult<Option<[u8; 4]>> {
    with_v4(subject, |list| {
        if addr == INADDR_ANY {
            return Ok(only(list));
        }
        loopback_to_primary(list, &addr, &INADDR_LOOPBACK)
    })
}

/// `prison_remote_ip4`: the destination of a connect or send. 127.0.0.1,
/// when it is not one of the prison's addresses, becomes the primary;
/// everything else is left alone. Disabled IPv4 is EAFNOSUPPORT.
pub fn remote_v4(subject: Option<&Prison>, addr: [u8; 4]) -> KResult<Option<[u8; 4]>> {
    with_v4(subject, |list| {
        Ok(loopback_rewrite(list, &addr, &INADDR_LOOPBACK))
    })
}

/// `prison_local_ip6`: as [`local_v4`], except that `::` becomes the
/// prison's only address only for a `v6only` socket (a dual-stack socket
/// bound to `::` keeps accepting IPv4).
pub fn local_v6(
    subject: Option<&Prison>,
    addr: [u8; 16],
    v6only: bool,
) -> KResult<Option<[u8; 16]>> {
    with_v6(subject, |list| {
        if addr == IN6ADDR_ANY {
            return Ok(if v6only { only(list) } else { None });
        }
        loopback_to_primary(list, &addr, &IN6ADDR_LOOPBACK)
    })
}

/// `prison_remote_ip6`: as [`remote_v4`], for `::1`.
pub fn remote_v6(subject: Option<&Prison>, addr: [u8; 16]) -> KResult<Option<[u8; 16]>> {
    with_v6(subject, |list| {
        Ok(loopback_rewrite(list, &addr, &IN6ADDR_LOOPBACK))
    })
}

/// Which end of a connection a socket address names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// bind(2): `prison_local_ip4/6`.
    Local,
    /// connect(2), and the destination of sendto(2)/sendmsg(2):
    /// `prison_remote_ip4/6`.
    Remote,
}

/// `AF_UNSPEC`: what old programs pass to bind an IPv4 socket to
/// `INADDR_ANY` (`tcp_usr_bind` and `udp_bind` accept it).
pub(super) const AF_UNSPEC: i32 = 0;
/// Offset of `sa_family` in every `struct sockaddr`.
pub(super) const SA_FAMILY: usize = 1;
/// `struct sockaddr_in`: the address at 4..8, 16 bytes in all.
pub(super) const SIN_ADDR: core::ops::Range<usize> = 4..8;
pub(super) const SOCKADDR_IN_LEN: usize = 16;
/// `struct sockaddr_in6`: the address at 8..24, 28 bytes in all.
pub(super) const SIN6_ADDR: core::ops::Range<usize> = 8..24;
pub(super) const SOCKADDR_IN6_LEN: usize = 28;
/// The IPv4 part of an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`).
pub(super) const SIN6_MAPPED_V4: core::ops::Range<usize> = 20..24;
pub(super) const V4_MAPPED_PREFIX: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// The bind/connect/sendto hooks' decision on the kernel's copy of the
/// caller's `sockaddr` (`sa_len` bytes, as `getsockaddr` made it): confines
/// an IPv4 or IPv6 address to the prison's, rewriting it in place where
/// FreeBSD's jail would (a wildcard bind to the only address, loopback to
/// the primary).
///
/// The address is read only when the buffer holds all of it; a shorter one
/// passes, since every IPv4/IPv6 protocol refuses an `sa_len` other than
/// its sockaddr's size itself. Beyond a plain `AF_INET`/`AF_INET6`
/// address, the two forms the protocols turn into an IPv4 address are
/// confined as IPv4, as FreeBSD's jail sees them after that conversion:
///
/// * an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), which a dual-stack
///   IPv6 socket binds or connects to as IPv4 (`udp6_bind`,
///   `tcp6_usr_connect`, ...);
/// * on bind, an `AF_UNSPEC` address of `INADDR_ANY`, which `tcp_usr_bind`
///   and `udp_bind` accept as `AF_INET` for old programs; when the wildcard
///   is narrowed, the family is set to `AF_INET` as the protocol would.
///
/// A bound `::` is narrowed only for an IPV6_V6ONLY socket
/// ([`confine_socket_sockaddr`] with [`Shape::v6only`]).
pub fn confine_sockaddr(subject: Option<&Prison>, sockaddr: &mut [u8], end: End) -> KResult<()> {
    confine_socket_sockaddr(subject, Shape::default(), sockaddr, end)
}

/// What of a socket, beyond the address, changes the address rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// A raw socket (`SOCK_RAW`): `rip_bind`/`rip6_bind` only check the
    /// address (`prison_check_ip4/6`, no wildcard or loopback rewrite, so
    /// 127.0.0.1 and `0.0.0.0` are EADDRNOTAVAIL), and `rip_connect`,
    /// `rip_send` and `rip6_connect` leave the destination alone.
    pub raw: bool,
    /// IPV6_V6ONLY is set: a bind of `::` goes to a one-address prison's
    /// address (`prison_local_ip6`'s `v6only`).
    pub v6only: bool,
}

/// [`confine_sockaddr`] for a socket of the given [`Shape`].
pub fn confine_socket_sockaddr(
    subject: Option<&Prison>,
    shape: Shape,
    sockaddr: &mut [u8],
    end: End,
) -> KResult<()> {
    if shape.raw {
        return check_raw_sockaddr(subject, sockaddr, end);
    }
    let Some(&family_byte) = sockaddr.get(SA_FAMILY) else {
        return Ok(());
    };
    let whole_v4 = sockaddr.len() >= SOCKADDR_IN_LEN;
    let whole_v6 = sockaddr.len() >= SOCKADDR_IN6_LEN;
    match i32::from(family_byte) {
        family::INET if whole_v4 => confine_v4_field(subject, sockaddr, SIN_ADDR, end),
        AF_UNSPEC if whole_v4 && end == End::Local => {
            let Some(field) = sockaddr.get(SIN_ADDR) else {
                return Ok(());
            };
            if field != INADDR_ANY {
                // The protocol refuses it (EAFNOSUPPORT).
                return Ok(());
            }
            if let Some(new) = local_v4(subject, INADDR_ANY)? {
                write_field(sockaddr, SIN_ADDR, &new);
                if let (Some(slot), Ok(inet)) =
                    (sockaddr.get_mut(SA_FAMILY), u8::try_from(family::INET))
                {
                    *slot = inet;
                }
            }
            Ok(())
        }
        family::INET6 if whole_v6 => {
            let mut addr = [0u8; 16];
            let Some(field) = sockaddr.get(SIN6_ADDR) else {
                return Ok(());
            };
            addr.copy_from_slice(field);
            if addr.starts_with(&V4_MAPPED_PREFIX) {
                return confine_v4_field(subject, sockaddr, SIN6_MAPPED_V4, end);
            }
            let rewritten = match end {
                End::Local => local_v6(subject, addr, shape.v6only)?,
                End::Remote => remote_v6(subject, addr)?,
            };
            if let Some(new) = rewritten {
                write_field(sockaddr, SIN6_ADDR, &new);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A raw socket's bind is `prison_check_ip4/6` of the address itself;
/// its destinations are not the jail's business (`rip_connect`,
/// `rip_send`, `rip6_connect` never ask it).
fn check_raw_sockaddr(subject: Option<&Prison>, sockaddr: &[u8], end: End) -> KResult<()> {
    if end == End::Remote {
        return Ok(());
    }
    let family = sockaddr.get(SA_FAMILY).copied().map(i32::from);
    match family {
        Some(family::INET) => match sockaddr.get(SIN_ADDR) {
            Some(field) if sockaddr.len() >= SOCKADDR_IN_LEN => {
                let mut addr = [0u8; 4];
                addr.copy_from_slice(field);
                check_v4(subject, addr)
            }
            _ => Ok(()),
        },
        Some(family::INET6) => match sockaddr.get(SIN6_ADDR) {
            Some(field) if sockaddr.len() >= SOCKADDR_IN6_LEN => {
                let mut addr = [0u8; 16];
                addr.copy_from_slice(field);
                check_v6(subject, addr)
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Confines the IPv4 address at `range` of a sockaddr, rewriting it in
/// place when the rule says so.
fn confine_v4_field(
    subject: Option<&Prison>,
    sockaddr: &mut [u8],
    range: core::ops::Range<usize>,
    end: End,
) -> KResult<()> {
    let mut addr = [0u8; 4];
    let Some(field) = sockaddr.get(range.clone()) else {
        return Ok(());
    };
    addr.copy_from_slice(field);
    let rewritten = match end {
        End::Local => local_v4(subject, addr)?,
        End::Remote => remote_v4(subject, addr)?,
    };
    if let Some(new) = rewritten {
        write_field(sockaddr, range, &new);
    }
    Ok(())
}

/// Writes `value` over `range` of a sockaddr the caller checked is long
/// enough (a range that does not fit writes nothing).
fn write_field(sockaddr: &mut [u8], range: core::ops::Range<usize>, value: &[u8]) {
    if let Some(field) = sockaddr.get_mut(range) {
        if field.len() == value.len() {
            field.copy_from_slice(value);
        }
    }
}

/// Runs `rule` on the prison's IPv4 list if IPv4 is restricted; `Ok` of the
/// neutral answer when it is not (or on the host).
pub(super) fn with_v4<T: Default>(
    subject: Option<&Prison>,
    rule: impl FnOnce(&[[u8; 4]]) -> KResult<T>,
) -> KResult<T> {
    match confining(subject) {
        None => Ok(T::default()),
        Some(prison) => prison.with_config(|config| match v4_addresses(config)? {
            None => Ok(T::default()),
            Some(list) => rule(list),
        }),
    }
}

/// [`with_v4`] for IPv6.
pub(super) fn with_v6<T: Default>(
    subject: Option<&Prison>,
    rule: impl FnOnce(&[[u8; 16]]) -> KResult<T>,
) -> KResult<T> {
    match confining(subject) {
        None => Ok(T::default()),
        Some(prison) => prison.with_config(|config| match v6_addresses(config)? {
            None => Ok(T::default()),
            Some(list) => rule(list),
        }),
    }
}

/// The IPv4 list that confines the prison: `Ok(None)` when IPv4 is not
/// restricted, EAFNOSUPPORT when it is restricted without addresses.
pub(super) fn v4_addresses(config: &PrisonConfig) -> KResult<Option<&[[u8; 4]]>> {
    restricted_list(config.flags & flags::IP4 != 0, config.ip4.as_deref())
}

/// [`v4_addresses`] for IPv6.
pub(super) fn v6_addresses(config: &PrisonConfig) -> KResult<Option<&[[u8; 16]]>> {
    restricted_list(config.flags & flags::IP6 != 0, config.ip6.as_deref())
}

fn restricted_list<A>(restricted: bool, list: Option<&[A]>) -> KResult<Option<&[A]>> {
    if !restricted {
        return Ok(None);
    }
    match list {
        Some(list) if !list.is_empty() => Ok(Some(list)),
        _ => Err(Errno::EAFNOSUPPORT),
    }
}

/// A family other than IPv4/IPv6 (`prison_check_af`'s and `prison_if`'s
/// default case).
fn other_family(config: &PrisonConfig) -> KResult<()> {
    if config.allow.contains(Allow::SOCKET_AF) {
        Ok(())
    } else {
        Err(Errno::EAFNOSUPPORT)
    }
}

/// `prison_ip_check`: the primary first, then the sorted rest.
fn member<A: Address>(list: &[A], addr: &A) -> KResult<()> {
    if addr::contains(list, addr) {
        Ok(())
    } else {
        Err(Errno::EADDRNOTAVAIL)
    }
}

/// The address to bind a wildcard to: the prison's only address, if it has
/// just one (`prison_ip_cnt(...) == 1`).
fn only<A: Copy>(list: &[A]) -> Option<A> {
    match list {
        [single] => Some(*single),
        _ => None,
    }
}

/// The local-address rule for a specific address: a prison address stays,
/// the loopback address becomes the primary, anything else is refused.
fn loopback_to_primary<A: Address>(list: &[A], addr: &A, loopback: &A) -> KResult<Option<A>> {
    match member(list, addr) {
        Ok(()) => Ok(None),
        Err(_) if addr == loopback => Ok(list.first().copied()),
        Err(errno) => Err(errno),
    }
}

/// The remote-address rule: only a loopback address that is not the
/// prison's is rewritten, to the primary.
fn loopback_rewrite<A: Address>(list: &[A], addr: &A, loopback: &A) -> Option<A> {
    if addr == loopback && !addr::contains(list, addr) {
        list.first().copied()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{child, prisoner};
    use crate::prison::{PrisonRef, Registry};
    use alloc::vec;
    use alloc::vec::Vec;

    const A1: [u8; 4] = [192, 0, 2, 1];
    const A2: [u8; 4] = [192, 0, 2, 2];
    const A3: [u8; 4] = [192, 0, 2, 3];
    const ELSEWHERE: [u8; 4] = [198, 51, 100, 7];

    fn v6(last: u8) -> [u8; 16] {
        [
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last,
        ]
    }

    /// A prison with these IPv4 addresses (normalised as the prison tree
    /// keeps them); an empty list means `ip4=disable`.
    fn with_ip4(reg: &Registry, list: Vec<[u8; 4]>) -> PrisonRef {
        child(reg, reg.host(), b"v4", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER;
            c.ip4 = addr::normalise(list).map(Into::into);
        })
    }

    fn with_ip6(reg: &Registry, list: Vec<[u8; 16]>) -> PrisonRef {
        child(reg, reg.host(), b"v6", |c| {
            c.flags |= flags::IP6 | flags::IP6_USER;
            c.ip6 = addr::normalise(list).map(Into::into);
        })
    }

    #[test]
    fn families_a_prisoner_may_use() {
        let reg = Registry::new();
        let plain = prisoner(&reg);
        let with_af = child(&reg, reg.host(), b"af", |c| c.allow |= Allow::SOCKET_AF);
        for f in [
            family::LOCAL,
            family::ROUTE,
            family::NETLINK,
            family::INET,
            family::INET6,
        ] {
            assert_eq!(check_af(Some(&plain), f), Ok(()), "family {f}");
        }
        for f in [0, 16, family::DIVERT, 36, 99] {
            assert_eq!(check_af(Some(&plain), f), Err(Errno::EAFNOSUPPORT), "{f}");
            assert_eq!(check_af(Some(&with_af), f), Ok(()), "{f}");
            assert_eq!(check_af(None, f), Ok(()));
        }
    }

    #[test]
    fn disabled_ip_families_cannot_be_created() {
        let reg = Registry::new();
        let no_v4 = with_ip4(&reg, vec![]);
        let only_v4 = with_ip4(&reg, vec![A1]);
        assert_eq!(
            check_af(Some(&no_v4), family::INET),
            Err(Errno::EAFNOSUPPORT)
        );
        assert_eq!(check_af(Some(&no_v4), family::INET6), Ok(()));
        assert_eq!(check_af(Some(&only_v4), family::INET), Ok(()));
        // socket(2) reports socreate's errno.
        assert_eq!(
            check_create(Some(&no_v4), family::INET),
            Err(Errno::EPROTONOSUPPORT)
        );
        assert_eq!(check_create(Some(&only_v4), family::INET), Ok(()));
    }

    #[test]
    fn old_style_divert_sockets_count_as_divert() {
        let reg = Registry::new();
        let plain = prisoner(&reg);
        assert_eq!(
            check_create_socket(Some(&plain), family::INET, SOCK_RAW, IPPROTO_DIVERT),
            Err(Errno::EPROTONOSUPPORT)
        );
        assert_eq!(
            check_create_socket(Some(&plain), family::INET, SOCK_RAW, 255),
            Ok(())
        );
        assert_eq!(
            check_create_socket(None, family::INET, SOCK_RAW, IPPROTO_DIVERT),
            Ok(())
        );
    }

    #[test]
    fn local_v4_coercion_table() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        let several = with_ip4(&reg, vec![A2, A3, A1]);
        let disabled = with_ip4(&reg, vec![]);
        let free = prisoner(&reg);

        // INADDR_ANY: bound to the address only when there is one.
        assert_eq!(local_v4(Some(&one), INADDR_ANY), Ok(Some(A1)));
        assert_eq!(local_v4(Some(&several), INADDR_ANY), Ok(None));
        // Loopback goes to the primary (the first address given).
        assert_eq!(local_v4(Some(&one), INADDR_LOOPBACK), Ok(Some(A1)));
        assert_eq!(local_v4(Some(&several), INADDR_LOOPBACK), Ok(Some(A2)));
        // The prison's own addresses, primary or not, stay.
        for a in [A1, A2, A3] {
            assert_eq!(local_v4(Some(&several), a), Ok(None));
        }
        // Anything else is refused, other loopback addresses included.
        assert_eq!(
            local_v4(Some(&several), ELSEWHERE),
            Err(Errno::EADDRNOTAVAIL)
        );
        assert_eq!(
            local_v4(Some(&one), [127, 0, 0, 2]),
            Err(Errno::EADDRNOTAVAIL)
        );
        // Disabled IPv4.
        for a in [INADDR_ANY, INADDR_LOOPBACK, A1] {
            assert_eq!(local_v4(Some(&disabled), a), Err(Errno::EAFNOSUPPORT));
        }
        // Unrestricted prison and host: unchanged.
        for a in [INADDR_ANY, INADDR_LOOPBACK, ELSEWHERE] {
            assert_eq!(local_v4(Some(&free), a), Ok(None));
            assert_eq!(local_v4(None, a), Ok(None));
        }
    }

    #[test]
    fn loopback_that_belongs_to_the_prison_is_kept() {
        let reg = Registry::new();
        let lo = with_ip4(&reg, vec![A1, INADDR_LOOPBACK]);
        assert_eq!(local_v4(Some(&lo), INADDR_LOOPBACK), Ok(None));
        assert_eq!(remote_v4(Some(&lo), INADDR_LOOPBACK), Ok(None));
    }

    #[test]
    fn remote_v4_coercion_table() {
        let reg = Registry::new();
        let several = with_ip4(&reg, vec![A2, A1]);
        let disabled = with_ip4(&reg, vec![]);
        assert_eq!(remote_v4(Some(&several), INADDR_LOOPBACK), Ok(Some(A2)));
        assert_eq!(remote_v4(Some(&several), ELSEWHERE), Ok(None));
        assert_eq!(remote_v4(Some(&several), INADDR_ANY), Ok(None));
        assert_eq!(remote_v4(Some(&several), A1), Ok(None));
        assert_eq!(
            remote_v4(Some(&disabled), ELSEWHERE),
            Err(Errno::EAFNOSUPPORT)
        );
        assert_eq!(remote_v4(None, INADDR_LOOPBACK), Ok(None));
    }

    #[test]
    fn check_v4_and_primary() {
        let reg = Registry::new();
        let several = with_ip4(&reg, vec![A3, A1, A2]);
        let disabled = with_ip4(&reg, vec![]);
        assert_eq!(check_v4(Some(&several), A1), Ok(()));
        assert_eq!(check_v4(Some(&several), A3), Ok(()));
        assert_eq!(
            check_v4(Some(&several), ELSEWHERE),
            Err(Errno::EADDRNOTAVAIL)
        );
        assert_eq!(check_v4(Some(&disabled), A1), Err(Errno::EAFNOSUPPORT));
        assert_eq!(check_v4(None, ELSEWHERE), Ok(()));
        assert_eq!(primary_v4(Some(&several)), Ok(Some(A3)));
        assert_eq!(primary_v4(Some(&disabled)), Err(Errno::EAFNOSUPPORT));
        assert_eq!(primary_v4(Some(&prisoner(&reg))), Ok(None));
        assert_eq!(check_address(Some(&several), SocketAddress::V4(A2)), Ok(()));
        assert_eq!(
            check_address(Some(&several), SocketAddress::V4(ELSEWHERE)),
            Err(Errno::EADDRNOTAVAIL)
        );
        assert_eq!(
            check_address(Some(&several), SocketAddress::Other(18)),
            Err(Errno::EAFNOSUPPORT)
        );
        assert_eq!(check_address(None, SocketAddress::Other(18)), Ok(()));
    }

    #[test]
    fn source_address_selection() {
        let reg = Registry::new();
        let selecting = child(&reg, reg.host(), b"sel", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER | flags::IP4_SADDRSEL;
            c.ip4 = Some(vec![A1, A2].into());
        });
        let fixed = with_ip4(&reg, vec![A2, A1]);
        assert_eq!(source_v4(Some(&selecting)), None);
        assert_eq!(source_v4(Some(&fixed)), Some(A2));
        assert_eq!(source_v4(Some(&with_ip4(&reg, vec![]))), None);
        assert_eq!(source_v4(None), None);
        let fixed6 = with_ip6(&reg, vec![v6(9), v6(1)]);
        assert_eq!(source_v6(Some(&fixed6)), Some(v6(9)));
    }

    #[test]
    fn local_v6_coercion_table() {
        let reg = Registry::new();
        let one = with_ip6(&reg, vec![v6(1)]);
        let several = with_ip6(&reg, vec![v6(5), v6(1), v6(9)]);
        let disabled = with_ip6(&reg, vec![]);
        let free = prisoner(&reg);

        // `::` is bound to the single address only for v6only sockets.
        assert_eq!(local_v6(Some(&one), IN6ADDR_ANY, true), Ok(Some(v6(1))));
        assert_eq!(local_v6(Some(&one), IN6ADDR_ANY, false), Ok(None));
        assert_eq!(local_v6(Some(&several), IN6ADDR_ANY, true), Ok(None));
        assert_eq!(local_v6(Some(&several), IN6ADDR_ANY, false), Ok(None));
        // `::1` goes to the primary.
        assert_eq!(
            local_v6(Some(&one), IN6ADDR_LOOPBACK, false),
            Ok(Some(v6(1)))
        );
        assert_eq!(
            local_v6(Some(&several), IN6ADDR_LOOPBACK, true),
            Ok(Some(v6(5)))
        );
        for a in [v6(1), v6(5), v6(9)] {
            assert_eq!(local_v6(Some(&several), a, false), Ok(None));
        }
        assert_eq!(
            local_v6(Some(&several), v6(2), false),
            Err(Errno::EADDRNOTAVAIL)
        );
        for v6only in [false, true] {
            assert_eq!(
                local_v6(Some(&disabled), IN6ADDR_ANY, v6only),
                Err(Errno::EAFNOSUPPORT)
            );
            assert_eq!(local_v6(Some(&free), v6(2), v6only), Ok(None));
            assert_eq!(local_v6(None, IN6ADDR_ANY, v6only), Ok(None));
        }
    }

    #[test]
    fn remote_and_check_v6() {
        let reg = Registry::new();
        let several = with_ip6(&reg, vec![v6(5), v6(1)]);
        let disabled = with_ip6(&reg, vec![]);
        assert_eq!(remote_v6(Some(&several), IN6ADDR_LOOPBACK), Ok(Some(v6(5))));
        assert_eq!(remote_v6(Some(&several), v6(7)), Ok(None));
        assert_eq!(remote_v6(Some(&disabled), v6(7)), Err(Errno::EAFNOSUPPORT));
        assert_eq!(check_v6(Some(&several), v6(1)), Ok(()));
        assert_eq!(check_v6(Some(&several), v6(7)), Err(Errno::EADDRNOTAVAIL));
        assert_eq!(check_v6(Some(&disabled), v6(1)), Err(Errno::EAFNOSUPPORT));
        assert_eq!(check_v6(None, v6(7)), Ok(()));
        assert_eq!(primary_v6(Some(&several)), Ok(Some(v6(5))));
        // IPv4 rules leave an IPv6-only restriction alone and vice versa.
        assert_eq!(local_v4(Some(&several), ELSEWHERE), Ok(None));
        let v4only = with_ip4(&reg, vec![A1]);
        assert_eq!(local_v6(Some(&v4only), v6(7), true), Ok(None));
    }

    #[test]
    fn an_inherited_restriction_confines_the_child() {
        let reg = Registry::new();
        let parent = with_ip4(&reg, vec![A1, A2]);
        // ip4=inherit: the parent's flag and list, not the child's own.
        let kid = child(&reg, &parent, b"kid", |_| {});
        assert_eq!(local_v4(Some(&kid), ELSEWHERE), Err(Errno::EADDRNOTAVAIL));
        assert_eq!(local_v4(Some(&kid), INADDR_LOOPBACK), Ok(Some(A1)));
    }

    fn sockaddr_in(family_byte: u8, addr: [u8; 4]) -> Vec<u8> {
        let mut sa = vec![0u8; SOCKADDR_IN_LEN];
        sa[0] = SOCKADDR_IN_LEN as u8;
        sa[1] = family_byte;
        sa[2..4].copy_from_slice(&[0x1f, 0x90]);
        sa[4..8].copy_from_slice(&addr);
        sa
    }

    fn sockaddr_in6(addr: [u8; 16]) -> Vec<u8> {
        let mut sa = vec![0u8; SOCKADDR_IN6_LEN];
        sa[0] = SOCKADDR_IN6_LEN as u8;
        sa[1] = family::INET6 as u8;
        sa[8..24].copy_from_slice(&addr);
        sa
    }

    fn mapped(v4: [u8; 4]) -> [u8; 16] {
        let mut a = [0u8; 16];
        a[..12].copy_from_slice(&V4_MAPPED_PREFIX);
        a[12..].copy_from_slice(&v4);
        a
    }

    #[test]
    fn sockaddr_in_is_confined_and_rewritten_in_place() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        let inet = family::INET as u8;

        let mut sa = sockaddr_in(inet, INADDR_ANY);
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Local), Ok(()));
        assert_eq!(sa, sockaddr_in(inet, A1));

        let mut sa = sockaddr_in(inet, INADDR_LOOPBACK);
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Remote), Ok(()));
        assert_eq!(sa, sockaddr_in(inet, A1));

        let mut sa = sockaddr_in(inet, ELSEWHERE);
        assert_eq!(
            confine_sockaddr(Some(&one), &mut sa, End::Local),
            Err(Errno::EADDRNOTAVAIL)
        );
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Remote), Ok(()));
        assert_eq!(sa, sockaddr_in(inet, ELSEWHERE));
        // The host is never confined.
        let mut sa = sockaddr_in(inet, INADDR_ANY);
        assert_eq!(confine_sockaddr(None, &mut sa, End::Local), Ok(()));
        assert_eq!(sa, sockaddr_in(inet, INADDR_ANY));
    }

    #[test]
    fn sockaddr_in6_is_confined_and_rewritten_in_place() {
        let reg = Registry::new();
        let one = with_ip6(&reg, vec![v6(5)]);
        let mut sa = sockaddr_in6(IN6ADDR_LOOPBACK);
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Remote), Ok(()));
        assert_eq!(sa, sockaddr_in6(v6(5)));
        let mut sa = sockaddr_in6(v6(7));
        assert_eq!(
            confine_sockaddr(Some(&one), &mut sa, End::Local),
            Err(Errno::EADDRNOTAVAIL)
        );
        // `::` stays a dual-stack wildcard.
        let mut sa = sockaddr_in6(IN6ADDR_ANY);
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Local), Ok(()));
        assert_eq!(sa, sockaddr_in6(IN6ADDR_ANY));
    }

    /// Regression: an IPv4-mapped IPv6 address used to be judged by the
    /// IPv6 rules, so a prison with restricted IPv4 and unrestricted IPv6
    /// could bind any host IPv4 address, or reach the host's 127.0.0.1,
    /// through a dual-stack IPv6 socket.
    #[test]
    fn v4_mapped_ipv6_addresses_follow_the_ipv4_rules() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        let mut sa = sockaddr_in6(mapped(ELSEWHERE));
        assert_eq!(
            confine_sockaddr(Some(&one), &mut sa, End::Local),
            Err(Errno::EADDRNOTAVAIL)
        );
        let mut sa = sockaddr_in6(mapped(INADDR_LOOPBACK));
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Remote), Ok(()));
        assert_eq!(sa, sockaddr_in6(mapped(A1)));
        let mut sa = sockaddr_in6(mapped(INADDR_ANY));
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Local), Ok(()));
        assert_eq!(sa, sockaddr_in6(mapped(A1)));
        // The prison's own IPv4 address is fine even with IPv6 confined
        // elsewhere, and disabled IPv4 is EAFNOSUPPORT, as in_pcbbind says.
        let both = child(&reg, reg.host(), b"both", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER | flags::IP6 | flags::IP6_USER;
            c.ip4 = addr::normalise(vec![A1]).map(Into::into);
            c.ip6 = addr::normalise(vec![v6(5)]).map(Into::into);
        });
        let mut sa = sockaddr_in6(mapped(A1));
        assert_eq!(confine_sockaddr(Some(&both), &mut sa, End::Local), Ok(()));
        let no_v4 = child(&reg, reg.host(), b"nov4", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER;
        });
        let mut sa = sockaddr_in6(mapped(A1));
        assert_eq!(
            confine_sockaddr(Some(&no_v4), &mut sa, End::Remote),
            Err(Errno::EAFNOSUPPORT)
        );
    }

    /// Regression: `tcp_usr_bind`/`udp_bind` take an `AF_UNSPEC` address of
    /// `INADDR_ANY` as `AF_INET`; it used to pass the hook unnarrowed, so a
    /// one-address prison could bind the host's wildcard.
    #[test]
    fn unspec_wildcard_bind_is_narrowed_like_inet() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        let several = with_ip4(&reg, vec![A1, A2]);
        let mut sa = sockaddr_in(0, INADDR_ANY);
        assert_eq!(confine_sockaddr(Some(&one), &mut sa, End::Local), Ok(()));
        assert_eq!(sa, sockaddr_in(family::INET as u8, A1));
        // Several addresses: the wildcard stays, as for AF_INET.
        let mut sa = sockaddr_in(0, INADDR_ANY);
        assert_eq!(
            confine_sockaddr(Some(&several), &mut sa, End::Local),
            Ok(())
        );
        assert_eq!(sa, sockaddr_in(0, INADDR_ANY));
        // Only bind has the compatibility form; a specific address is
        // refused by the protocol itself.
        for (end, addr) in [(End::Remote, INADDR_ANY), (End::Local, ELSEWHERE)] {
            let mut sa = sockaddr_in(0, addr);
            assert_eq!(confine_sockaddr(Some(&one), &mut sa, end), Ok(()));
            assert_eq!(sa, sockaddr_in(0, addr));
        }
    }

    #[test]
    fn sctp_is_refused_where_addresses_are_confined() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        assert_eq!(
            check_create_socket(Some(&one), family::INET, 1, IPPROTO_SCTP),
            Err(Errno::EPROTONOSUPPORT)
        );
        assert_eq!(check_create_socket(Some(&one), family::INET, 1, 6), Ok(()));
        assert_eq!(
            check_create_socket(Some(&prisoner(&reg)), family::INET, 1, IPPROTO_SCTP),
            Ok(())
        );
        assert_eq!(
            check_create_socket(None, family::INET, 1, IPPROTO_SCTP),
            Ok(())
        );
    }

    #[test]
    fn raw_binds_are_checked_not_rewritten_and_v6only_narrows_the_wildcard() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        let raw = Shape {
            raw: true,
            v6only: false,
        };
        let inet = family::INET as u8;
        for addr in [INADDR_LOOPBACK, INADDR_ANY, ELSEWHERE] {
            let mut sa = sockaddr_in(inet, addr);
            assert_eq!(
                confine_socket_sockaddr(Some(&one), raw, &mut sa, End::Local),
                Err(Errno::EADDRNOTAVAIL)
            );
            assert_eq!(sa, sockaddr_in(inet, addr));
        }
        let mut sa = sockaddr_in(inet, A1);
        assert_eq!(
            confine_socket_sockaddr(Some(&one), raw, &mut sa, End::Local),
            Ok(())
        );
        // A raw socket's destination is left as it is.
        let mut sa = sockaddr_in(inet, INADDR_LOOPBACK);
        assert_eq!(
            confine_socket_sockaddr(Some(&one), raw, &mut sa, End::Remote),
            Ok(())
        );
        assert_eq!(sa, sockaddr_in(inet, INADDR_LOOPBACK));
        let one6 = with_ip6(&reg, vec![v6(5)]);
        let v6only = Shape {
            raw: false,
            v6only: true,
        };
        let mut sa = sockaddr_in6(IN6ADDR_ANY);
        assert_eq!(
            confine_socket_sockaddr(Some(&one6), v6only, &mut sa, End::Local),
            Ok(())
        );
        assert_eq!(sa, sockaddr_in6(v6(5)));
    }

    /// Every length from empty to past `sockaddr_in6`, every family byte,
    /// both ends: no panic, and an address the buffer does not hold whole
    /// is never touched.
    #[test]
    fn short_and_odd_sockaddrs_are_safe() {
        let reg = Registry::new();
        let one = with_ip4(&reg, vec![A1]);
        let one6 = with_ip6(&reg, vec![v6(5)]);
        let disabled = with_ip4(&reg, vec![]);
        let subjects = [None, Some(&*one), Some(&*one6), Some(&*disabled)];
        for len in 0..=40usize {
            for family_byte in 0..=u8::MAX {
                for subject in subjects {
                    for end in [End::Local, End::Remote] {
                        // Zeros (wildcards) and loopback-looking bytes are
                        // the contents the rules rewrite.
                        for fill in [0u8, 1, 127] {
                            let mut sa = vec![fill; len];
                            if let Some(slot) = sa.get_mut(SA_FAMILY) {
                                *slot = family_byte;
                            }
                            let before = sa.clone();
                            let result = confine_sockaddr(subject, &mut sa, end);
                            assert_eq!(sa.len(), len);
                            let family = i32::from(family_byte);
                            let whole = match family {
                                family::INET | AF_UNSPEC => len >= SOCKADDR_IN_LEN,
                                family::INET6 => len >= SOCKADDR_IN6_LEN,
                                _ => false,
                            };
                            if !whole {
                                assert_eq!(result, Ok(()), "len {len} family {family}");
                                assert_eq!(sa, before, "len {len} family {family}");
                            }
                            // Bytes past the address are never written.
                            let end_of_address = match family {
                                family::INET6 => SIN6_ADDR.end,
                                _ => SIN_ADDR.end,
                            };
                            assert_eq!(
                                sa.get(end_of_address..),
                                before.get(end_of_address..),
                                "len {len} family {family}"
                            );
                        }
                    }
                }
            }
        }
    }
}
