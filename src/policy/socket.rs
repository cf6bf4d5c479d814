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
const SOCK_RAW: i32 = 3;
/// `IPPROTO_DIVERT` (`sys/netinet/in.h`).
const IPPROTO_DIVERT: i32 = 258;

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

/// Runs `rule` on the prison's IPv4 list if IPv4 is restricted; `Ok` of the
/// neutral answer when it is not (or on the host).
fn with_v4<T: Default>(
    subject: Option<&Prison>,
    rule: impl FnOnce(&[[u8; 4]]) -> KResult<T>,
) -> KResult<T> {
    match confining(subject) {
        None => Ok(T::default()),
        Some(prison) => match v4_addresses(&prison.config())? {
            None => Ok(T::default()),
            Some(list) => rule(list),
        },
    }
}

/// [`with_v4`] for IPv6.
fn with_v6<T: Default>(
    subject: Option<&Prison>,
    rule: impl FnOnce(&[[u8; 16]]) -> KResult<T>,
) -> KResult<T> {
    match confining(subject) {
        None => Ok(T::default()),
        Some(prison) => match v6_addresses(&prison.config())? {
            None => Ok(T::default()),
            Some(list) => rule(list),
        },
    }
}

/// The IPv4 list that confines the prison: `Ok(None)` when IPv4 is not
/// restricted, EAFNOSUPPORT when it is restricted without addresses.
fn v4_addresses(config: &PrisonConfig) -> KResult<Option<&[[u8; 4]]>> {
    restricted_list(config.flags & flags::IP4 != 0, config.ip4.as_deref())
}

/// [`v4_addresses`] for IPv6.
fn v6_addresses(config: &PrisonConfig) -> KResult<Option<&[[u8; 16]]>> {
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
            c.ip4 = addr::normalise(list);
        })
    }

    fn with_ip6(reg: &Registry, list: Vec<[u8; 16]>) -> PrisonRef {
        child(reg, reg.host(), b"v6", |c| {
            c.flags |= flags::IP6 | flags::IP6_USER;
            c.ip6 = addr::normalise(list);
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
            c.ip4 = Some(vec![A1, A2]);
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
}
