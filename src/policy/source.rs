//! The local address of a prisoner's socket that connects or sends before
//! it is bound.
//!
//! FreeBSD's jail picks that address inside the protocol: `in_pcbladdr`
//! (`sys/netinet/in_pcb.c`) for IPv4 and `in6_selectsrc`
//! (`sys/netinet6/in6_src.c`) for IPv6 take only the prison's addresses
//! into account, and `prison_saddrsel_ip4/6` (`ip4.nosaddrsel`) replace
//! the selection by the primary address. An rjail prisoner's credential is
//! not jailed in the kernel's eyes, so the protocol would pick a host
//! address; the connect hook (which also sees sendto(2)'s destination,
//! `kern_sendit`) therefore binds the socket to the jailed choice first,
//! and the protocol then keeps it. These are the rules of that bind.

use crate::prison::{addr, flags, Prison};

use super::confining;
use super::socket::{
    family, v4_addresses, v6_addresses, with_v4, with_v6, SA_FAMILY, SIN6_ADDR, SIN6_MAPPED_V4,
    SIN_ADDR, SOCKADDR_IN6_LEN, SOCKADDR_IN_LEN, SOCK_RAW, V4_MAPPED_PREFIX,
};

/// `SOCK_STREAM` and `SOCK_DGRAM` (`sys/sys/socket.h`).
const SOCK_STREAM: i32 = 1;
const SOCK_DGRAM: i32 = 2;

/// What the hook knows of the socket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SocketInfo {
    /// The socket's domain (`AF_INET`, `AF_INET6`, ...).
    pub family: i32,
    /// `SOCK_STREAM`, `SOCK_DGRAM`, `SOCK_RAW`, ...
    pub kind: i32,
    pub protocol: i32,
    /// IPV6_V6ONLY is set (IPv6 sockets).
    pub v6only: bool,
    /// It has a local port or a local address already.
    pub bound: bool,
}

impl SocketInfo {
    /// The address rules' view of it ([`super::socket::Shape`]).
    pub fn shape(&self) -> super::socket::Shape {
        super::socket::Shape {
            raw: self.kind == SOCK_RAW,
            v6only: self.v6only,
        }
    }
}

/// The destination whose jailed source address the socket must be bound
/// to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// An IPv4 destination; `mapped`: the socket is an IPv6 one that
    /// reaches it as `::ffff:a.b.c.d`.
    V4 {
        dst: [u8; 4],
        mapped: bool,
    },
    V6 {
        dst: [u8; 16],
    },
}

/// Whether a connect or send to `sockaddr` (already confined by
/// [`super::socket::confine_sockaddr`]) from this socket needs rjail's
/// bind first: a TCP or UDP socket of a prisoner whose family (IPv4 for
/// an IPv4-mapped destination) is restricted to addresses, that has no
/// local address or port yet. Raw sockets are left alone (their source is
/// chosen per packet; see the README).
pub fn implicit_bind(
    subject: Option<&Prison>,
    info: &SocketInfo,
    sockaddr: &[u8],
) -> Option<Destination> {
    confining(subject)?;
    if info.bound || !(info.kind == SOCK_STREAM || info.kind == SOCK_DGRAM) {
        return None;
    }
    let sa_family = i32::from(*sockaddr.get(SA_FAMILY)?);
    let destination = match (info.family, sa_family) {
        (family::INET, family::INET) if sockaddr.len() >= SOCKADDR_IN_LEN => Destination::V4 {
            dst: four(sockaddr.get(SIN_ADDR)?)?,
            mapped: false,
        },
        (family::INET6, family::INET6) if sockaddr.len() >= SOCKADDR_IN6_LEN => {
            let dst = sixteen(sockaddr.get(SIN6_ADDR)?)?;
            if dst.starts_with(&V4_MAPPED_PREFIX) {
                if info.v6only {
                    // The protocol refuses it.
                    return None;
                }
                Destination::V4 {
                    dst: four(sockaddr.get(SIN6_MAPPED_V4)?)?,
                    mapped: true,
                }
            } else {
                Destination::V6 { dst }
            }
        }
        _ => return None,
    };
    let restricted = match destination {
        Destination::V4 { dst, .. } => {
            // 0.0.0.0 and broadcast destinations are the protocol's
            // business (in_pcbconnect), as is multicast's interface.
            if dst == [0; 4] || dst == [255; 4] {
                return None;
            }
            with_v4(subject, |list| Ok(!list.is_empty())).unwrap_or(false)
        }
        Destination::V6 { dst } => {
            if dst == [0; 16] {
                return None;
            }
            with_v6(subject, |list| Ok(!list.is_empty())).unwrap_or(false)
        }
    };
    restricted.then_some(destination)
}

/// Whether the protocol refuses this connect(2) before it would choose a
/// source address, so that FreeBSD leaves the socket unbound: a port of 0
/// (`in_pcbconnect`, `in6_pcbladdr`: EADDRNOTAVAIL) or a TCP connection to
/// a multicast group (`tcp_usr_connect`, `tcp6_usr_connect`:
/// EAFNOSUPPORT). rjail then gives the socket no address either.
/// `sockaddr` is the destination (`sin_port` and `sin6_port` are both at
/// offset 2).
pub fn connect_refused_early(
    info: &SocketInfo,
    destination: &Destination,
    sockaddr: &[u8],
) -> bool {
    if sockaddr.get(2..4).is_none_or(|port| port == [0, 0]) {
        return true;
    }
    let multicast = match destination {
        Destination::V4 { dst, .. } => dst[0] & 0xf0 == 0xe0,
        Destination::V6 { dst } => dst[0] == 0xff,
    };
    info.kind == SOCK_STREAM && multicast
}

/// What the kernel's walk of in_pcbladdr's jailed path found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found4 {
    /// An address of the prison on the interface the rules name.
    Address([u8; 4]),
    /// None of that interface's addresses is the prison's: the primary.
    NotOnInterface,
    /// No route and no interface: the protocol fails on its own.
    Unreachable,
}

/// The IPv4 source address for `dst`: the primary with `ip4.nosaddrsel`,
/// else what `walk` (the kernel's route and interface walk, given the
/// prison's list to test membership against) finds. `None`: bind nothing.
pub fn choose_v4(
    subject: Option<&Prison>,
    dst: [u8; 4],
    walk: impl FnOnce(&[[u8; 4]], [u8; 4]) -> Found4,
) -> Option<[u8; 4]> {
    let prison = confining(subject)?;
    // A counted snapshot, not with_v4: the walk calls into the kernel.
    let config = prison.config();
    let list = v4_addresses(&config).ok()??;
    let primary = list.first().copied();
    if config.flags & flags::IP4_SADDRSEL == 0 {
        return primary;
    }
    match walk(list, dst) {
        Found4::Address(a) => Some(a),
        Found4::NotOnInterface => primary,
        Found4::Unreachable => None,
    }
}

/// The IPv6 source address for `dst`: the primary with
/// `ip6.nosaddrsel`; else the kernel's own choice (`unjailed`,
/// in6_selectsrc without a credential) when it is the prison's, since the
/// best of all addresses is also the best of the prison's; else, as
/// in6_selectsrc's rule 5 (prefer the outgoing interface) and rule 8
/// (longest prefix in common with `dst`, RFC 6724) rank them, the prison's
/// address that `outgoing` finds on the outgoing interface (given the
/// prison's list; see [`Closest`]); else the prison's address with the
/// longest prefix in common, the primary first on a tie. `None` (no
/// route, or a link-local choice that would need a scope): bind nothing.
pub fn choose_v6(
    subject: Option<&Prison>,
    dst: [u8; 16],
    unjailed: Option<[u8; 16]>,
    outgoing: impl FnOnce(&[[u8; 16]], [u8; 16]) -> Option<[u8; 16]>,
) -> Option<[u8; 16]> {
    let prison = confining(subject)?;
    // A counted snapshot, not with_v6: `outgoing` calls into the kernel.
    let config = prison.config();
    let list = v6_addresses(&config).ok()??;
    let chosen = if config.flags & flags::IP6_SADDRSEL == 0 {
        list.first().copied()
    } else if let Some(kernel) = unjailed {
        if addr::contains(list, &kernel) {
            Some(kernel)
        } else if let Some(on_interface) = outgoing(list, kernel) {
            Some(on_interface)
        } else {
            let mut closest = Closest::new(list, dst);
            for candidate in list {
                closest.offer(candidate);
            }
            closest.best()
        }
    } else {
        None
    }?;
    (!is_link_local(&chosen)).then_some(chosen)
}

/// The prison's address closest to a destination among those offered, in
/// the order offered: the longest prefix in common wins, the first offered
/// on a tie (in6_selectsrc keeps its candidate when every rule ties).
pub struct Closest<'a> {
    list: &'a [[u8; 16]],
    dst: [u8; 16],
    best: Option<([u8; 16], u32)>,
}

impl<'a> Closest<'a> {
    pub fn new(list: &'a [[u8; 16]], dst: [u8; 16]) -> Self {
        Self {
            list,
            dst,
            best: None,
        }
    }

    /// Considers `candidate`, which counts only if it is the prison's.
    pub fn offer(&mut self, candidate: &[u8; 16]) {
        if !addr::contains(self.list, candidate) {
            return;
        }
        let length = common_prefix(candidate, &self.dst);
        if self.best.is_none_or(|(_, longest)| length > longest) {
            self.best = Some((*candidate, length));
        }
    }

    pub fn best(&self) -> Option<[u8; 16]> {
        self.best.map(|(a, _)| a)
    }
}

/// The sockaddr rjail binds the socket to: `src` with port 0 (an
/// ephemeral port), as a `sockaddr_in` for an IPv4 socket, a
/// `sockaddr_in6` (IPv4-mapped for an IPv4 destination) for an IPv6 one.
pub fn bind_sockaddr(source: Source) -> ([u8; SOCKADDR_IN6_LEN], usize) {
    let mut sa = [0u8; SOCKADDR_IN6_LEN];
    let (len, fam) = match source {
        Source::V4(_) => (SOCKADDR_IN_LEN, family::INET),
        _ => (SOCKADDR_IN6_LEN, family::INET6),
    };
    sa[0] = len as u8;
    sa[SA_FAMILY] = fam as u8;
    match source {
        Source::V4(a) => sa[SIN_ADDR].copy_from_slice(&a),
        Source::Mapped(a) => {
            sa[SIN6_ADDR.start..SIN6_MAPPED_V4.start].copy_from_slice(&V4_MAPPED_PREFIX);
            sa[SIN6_MAPPED_V4].copy_from_slice(&a);
        }
        Source::V6(a) => sa[SIN6_ADDR].copy_from_slice(&a),
    }
    (sa, len)
}

/// A chosen source address, in the form the socket binds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    V4([u8; 4]),
    /// An IPv4 address bound by an IPv6 socket (`::ffff:a.b.c.d`).
    Mapped([u8; 4]),
    V6([u8; 16]),
}

fn four(bytes: &[u8]) -> Option<[u8; 4]> {
    bytes.try_into().ok()
}

fn sixteen(bytes: &[u8]) -> Option<[u8; 16]> {
    bytes.try_into().ok()
}

fn common_prefix(a: &[u8; 16], b: &[u8; 16]) -> u32 {
    let mut bits = 0;
    for (x, y) in a.iter().zip(b) {
        let differ = x ^ y;
        bits += differ.leading_zeros();
        if differ != 0 {
            break;
        }
    }
    bits
}

fn is_link_local(a: &[u8; 16]) -> bool {
    a[0] == 0xfe && a[1] & 0xc0 == 0x80
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
    const HOST: [u8; 4] = [198, 51, 100, 7];

    fn v6(last: u8) -> [u8; 16] {
        let mut a = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        a[15] = last;
        a
    }

    fn info(kind: i32) -> SocketInfo {
        SocketInfo {
            family: family::INET,
            kind,
            protocol: 0,
            v6only: false,
            bound: false,
        }
    }

    #[test]
    fn connects_the_protocol_refuses_first_get_no_source() {
        let (tcp, udp) = (info(SOCK_STREAM), info(2));
        let to = |dst: [u8; 4]| Destination::V4 { dst, mapped: false };
        let port = |p: u16| {
            let mut sa = [0u8; 16];
            sa[2..4].copy_from_slice(&p.to_be_bytes());
            sa
        };
        // Port 0: in_pcbconnect's EADDRNOTAVAIL, for TCP and UDP alike.
        assert!(connect_refused_early(&udp, &to(HOST), &port(0)));
        assert!(connect_refused_early(&tcp, &to(HOST), &port(0)));
        // A multicast group: refused to TCP only (UDP may connect to one).
        assert!(connect_refused_early(&tcp, &to([224, 0, 0, 1]), &port(9)));
        assert!(connect_refused_early(&tcp, &to([239, 1, 2, 3]), &port(9)));
        assert!(!connect_refused_early(&udp, &to([224, 0, 0, 1]), &port(9)));
        let mut group6 = [0u8; 16];
        group6[0] = 0xff;
        let tcp6 = SocketInfo {
            family: family::INET6,
            ..tcp
        };
        assert!(connect_refused_early(
            &tcp6,
            &Destination::V6 { dst: group6 },
            &port(9)
        ));
        // The ordinary case, and the edge of the multicast range.
        assert!(!connect_refused_early(&tcp, &to(HOST), &port(9)));
        assert!(!connect_refused_early(
            &tcp,
            &to([223, 255, 255, 255]),
            &port(9)
        ));
        assert!(!connect_refused_early(&tcp, &to([240, 0, 0, 1]), &port(9)));
        assert!(!connect_refused_early(
            &tcp6,
            &Destination::V6 { dst: v6(1) },
            &port(9)
        ));
    }

    fn v4_prison(reg: &Registry, list: Vec<[u8; 4]>, select: bool) -> PrisonRef {
        child(reg, reg.host(), b"v4", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER;
            if select {
                c.flags |= flags::IP4_SADDRSEL;
            }
            c.ip4 = addr::normalise(list).map(Into::into);
        })
    }

    fn v6_prison(reg: &Registry, list: Vec<[u8; 16]>, select: bool) -> PrisonRef {
        child(reg, reg.host(), b"v6", |c| {
            c.flags |= flags::IP6 | flags::IP6_USER;
            if select {
                c.flags |= flags::IP6_SADDRSEL;
            }
            c.ip6 = addr::normalise(list).map(Into::into);
        })
    }

    fn sin(addr: [u8; 4]) -> Vec<u8> {
        let mut sa = vec![0u8; SOCKADDR_IN_LEN];
        sa[0] = SOCKADDR_IN_LEN as u8;
        sa[1] = family::INET as u8;
        sa[SIN_ADDR].copy_from_slice(&addr);
        sa
    }

    fn sin6(addr: [u8; 16]) -> Vec<u8> {
        let mut sa = vec![0u8; SOCKADDR_IN6_LEN];
        sa[0] = SOCKADDR_IN6_LEN as u8;
        sa[1] = family::INET6 as u8;
        sa[SIN6_ADDR].copy_from_slice(&addr);
        sa
    }

    fn tcp(family: i32) -> SocketInfo {
        SocketInfo {
            family,
            kind: SOCK_STREAM,
            ..SocketInfo::default()
        }
    }

    #[test]
    fn only_unbound_tcp_and_udp_of_a_restricted_family_are_bound() {
        let reg = Registry::new();
        let p = v4_prison(&reg, vec![A1], true);
        let want = Some(Destination::V4 {
            dst: HOST,
            mapped: false,
        });
        assert_eq!(
            implicit_bind(Some(&p), &tcp(family::INET), &sin(HOST)),
            want
        );
        let udp = SocketInfo {
            kind: SOCK_DGRAM,
            ..tcp(family::INET)
        };
        assert_eq!(implicit_bind(Some(&p), &udp, &sin(HOST)), want);
        let bound = SocketInfo {
            bound: true,
            ..tcp(family::INET)
        };
        assert_eq!(implicit_bind(Some(&p), &bound, &sin(HOST)), None);
        let raw = SocketInfo {
            kind: SOCK_RAW,
            ..tcp(family::INET)
        };
        assert_eq!(implicit_bind(Some(&p), &raw, &sin(HOST)), None);
        // The host, an unrestricted prisoner, the wildcard destination.
        assert_eq!(implicit_bind(None, &tcp(family::INET), &sin(HOST)), None);
        let free = prisoner(&reg);
        assert_eq!(
            implicit_bind(Some(&free), &tcp(family::INET), &sin(HOST)),
            None
        );
        assert_eq!(
            implicit_bind(Some(&p), &tcp(family::INET), &sin([0; 4])),
            None
        );
        // Short or foreign sockaddrs.
        assert_eq!(
            implicit_bind(Some(&p), &tcp(family::INET), &sin(HOST)[..8]),
            None
        );
        assert_eq!(
            implicit_bind(Some(&p), &tcp(family::INET), &sin6(v6(1))),
            None
        );
    }

    #[test]
    fn mapped_destinations_of_dual_stack_sockets_are_ipv4() {
        let reg = Registry::new();
        let p = v4_prison(&reg, vec![A1], true);
        let mut mapped = [0u8; 16];
        mapped[..12].copy_from_slice(&V4_MAPPED_PREFIX);
        mapped[12..].copy_from_slice(&HOST);
        assert_eq!(
            implicit_bind(Some(&p), &tcp(family::INET6), &sin6(mapped)),
            Some(Destination::V4 {
                dst: HOST,
                mapped: true
            })
        );
        let v6only = SocketInfo {
            v6only: true,
            ..tcp(family::INET6)
        };
        assert_eq!(implicit_bind(Some(&p), &v6only, &sin6(mapped)), None);
        // IPv6 itself is not restricted here.
        assert_eq!(
            implicit_bind(Some(&p), &tcp(family::INET6), &sin6(v6(1))),
            None
        );
        let p6 = v6_prison(&reg, vec![v6(5)], true);
        assert_eq!(
            implicit_bind(Some(&p6), &tcp(family::INET6), &sin6(v6(1))),
            Some(Destination::V6 { dst: v6(1) })
        );
    }

    #[test]
    fn v4_choice_follows_the_walk_or_the_primary() {
        let reg = Registry::new();
        let selecting = v4_prison(&reg, vec![A2, A1], true);
        let fixed = v4_prison(&reg, vec![A2, A1], false);
        assert_eq!(
            choose_v4(Some(&selecting), HOST, |list, _| {
                assert_eq!(list.first(), Some(&A2));
                Found4::Address(A1)
            }),
            Some(A1)
        );
        assert_eq!(
            choose_v4(Some(&selecting), HOST, |_, _| Found4::NotOnInterface),
            Some(A2)
        );
        assert_eq!(
            choose_v4(Some(&selecting), HOST, |_, _| Found4::Unreachable),
            None
        );
        // ip4.nosaddrsel: the primary, without asking the kernel.
        assert_eq!(
            choose_v4(Some(&fixed), HOST, |_, _| unreachable!()),
            Some(A2)
        );
        assert_eq!(choose_v4(None, HOST, |_, _| Found4::Address(A1)), None);
    }

    #[test]
    fn v6_choice_keeps_a_prison_choice_else_the_longest_prefix() {
        let reg = Registry::new();
        let mut far = v6(9);
        far[2] = 0xff;
        let none = |_: &[[u8; 16]], _: [u8; 16]| None;
        let p = v6_prison(&reg, vec![far, v6(5)], true);
        assert_eq!(choose_v6(Some(&p), v6(1), Some(v6(5)), none), Some(v6(5)));
        // The kernel chose a host address: the prison's closest instead.
        assert_eq!(choose_v6(Some(&p), v6(1), Some(v6(1)), none), Some(v6(5)));
        assert_eq!(choose_v6(Some(&p), v6(1), None, none), None);
        let fixed = v6_prison(&reg, vec![far, v6(5)], false);
        assert_eq!(choose_v6(Some(&fixed), v6(1), None, none), Some(far));
        let mut link = [0u8; 16];
        link[0] = 0xfe;
        link[1] = 0x80;
        link[15] = 1;
        let local = v6_prison(&reg, vec![link], true);
        assert_eq!(choose_v6(Some(&local), link, Some(link), none), None);
    }

    /// Regression: a prison with fd00::3 (primary) and fd00::2 connecting
    /// to the host's fd00::4 on lo0 got fd00::3 (the primary on the
    /// prefix tie); in6_selectsrc keeps the first it meets on the
    /// outgoing interface, fd00::2, added to lo0 first.
    #[test]
    fn v6_ties_go_to_the_outgoing_interfaces_order() {
        let reg = Registry::new();
        let p = v6_prison(&reg, vec![v6(3), v6(2)], true);
        let interface = [v6(1), v6(2), v6(3), v6(4)];
        let walk = |list: &[[u8; 16]], _kernel: [u8; 16]| {
            let mut closest = Closest::new(list, v6(4));
            for a in &interface {
                closest.offer(a);
            }
            closest.best()
        };
        assert_eq!(choose_v6(Some(&p), v6(4), Some(v6(4)), walk), Some(v6(2)));
        // Nothing of the prison on that interface: the list's closest.
        let elsewhere = |_: &[[u8; 16]], _: [u8; 16]| None;
        assert_eq!(
            choose_v6(Some(&p), v6(4), Some(v6(4)), elsewhere),
            Some(v6(3))
        );
        let mut closest = Closest::new(&[], v6(4));
        closest.offer(&v6(4));
        assert_eq!(closest.best(), None);
    }

    #[test]
    fn bind_sockaddrs_are_whole_and_have_port_zero() {
        let (sa, len) = bind_sockaddr(Source::V4(A1));
        assert_eq!(len, SOCKADDR_IN_LEN);
        assert_eq!(&sa[..len], &sin(A1)[..]);
        let (sa, len) = bind_sockaddr(Source::V6(v6(3)));
        assert_eq!(&sa[..len], &sin6(v6(3))[..]);
        let (sa, len) = bind_sockaddr(Source::Mapped(A1));
        let mut mapped = [0u8; 16];
        mapped[..12].copy_from_slice(&V4_MAPPED_PREFIX);
        mapped[12..].copy_from_slice(&A1);
        assert_eq!(&sa[..len], &sin6(mapped)[..]);
    }
}
