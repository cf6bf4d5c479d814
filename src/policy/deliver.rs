//! Which packets reach a prisoner's socket.
//!
//! FreeBSD's inpcb lookup skips a jailed socket bound to the wildcard when
//! the packet's destination is not one of its prison's addresses
//! (`in_pcblookup_hash_wild_locked`, `in6_pcblookup_hash_wild_locked`:
//! `prison_check_ip4_locked`/`prison_check_ip6_locked` on the socket's
//! credential), and `rip_input`/`rip6_input` skip a jailed raw socket for
//! such a destination. A socket bound to a specific address only matches
//! packets for that address, which the bind already confined; multicast
//! and broadcast datagrams go to every matching socket
//! (`udp_multi_input`), jailed or not.

use crate::errno::{Errno, KResult};
use crate::prison::Prison;

use super::socket::{check_v4, check_v6, SocketAddress};

/// A packet the kernel is about to deliver to a prisoner's socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// The packet's destination address.
    pub dst: SocketAddress,
    /// Multicast or broadcast.
    pub group: bool,
    /// The socket is a raw one.
    pub raw: bool,
    /// The socket's local address is `0.0.0.0` or `::`.
    pub wildcard: bool,
}

/// `Ok`: deliver; EACCES: FreeBSD's jail would not have handed this packet
/// to the socket.
pub fn check(subject: Option<&Prison>, arrival: Arrival) -> KResult<()> {
    if !arrival.raw && (!arrival.wildcard || arrival.group) {
        return Ok(());
    }
    let allowed = match arrival.dst {
        SocketAddress::V4(a) => check_v4(subject, a),
        SocketAddress::V6(a) => check_v6(subject, a),
        SocketAddress::Other(_) => Ok(()),
    };
    allowed.map_err(|_| Errno::EACCES)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{child, prisoner};
    use crate::prison::{addr, flags, Registry};
    use alloc::vec;

    const A2: [u8; 4] = [127, 0, 0, 2];
    const A3: [u8; 4] = [127, 0, 0, 3];
    const HOST: [u8; 4] = [127, 0, 0, 1];

    fn arrival(dst: SocketAddress, wildcard: bool) -> Arrival {
        Arrival {
            dst,
            group: false,
            raw: false,
            wildcard,
        }
    }

    #[test]
    fn a_wildcard_socket_gets_only_the_prisons_destinations() {
        let reg = Registry::new();
        let two = child(&reg, reg.host(), b"two", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER;
            c.ip4 = addr::normalise(vec![A2, A3]).map(Into::into);
        });
        for a in [A2, A3] {
            assert_eq!(
                check(Some(&two), arrival(SocketAddress::V4(a), true)),
                Ok(())
            );
        }
        assert_eq!(
            check(Some(&two), arrival(SocketAddress::V4(HOST), true)),
            Err(Errno::EACCES)
        );
        // A specific local address was confined by bind: no second look.
        assert_eq!(
            check(Some(&two), arrival(SocketAddress::V4(HOST), false)),
            Ok(())
        );
        // Multicast and broadcast reach wildcard sockets in jails too.
        let group = Arrival {
            group: true,
            ..arrival(SocketAddress::V4([224, 0, 0, 1]), true)
        };
        assert_eq!(check(Some(&two), group), Ok(()));
        // A raw socket is checked whatever it is bound to, groups too.
        let raw = Arrival { raw: true, ..group };
        assert_eq!(check(Some(&two), raw), Err(Errno::EACCES));
        let raw_own = Arrival {
            raw: true,
            ..arrival(SocketAddress::V4(A3), false)
        };
        assert_eq!(check(Some(&two), raw_own), Ok(()));
        // IPv6 is unrestricted in this prison; the host is never confined.
        assert_eq!(
            check(Some(&two), arrival(SocketAddress::V6([1; 16]), true)),
            Ok(())
        );
        assert_eq!(check(None, arrival(SocketAddress::V4(HOST), true)), Ok(()));
        assert_eq!(
            check(
                Some(&prisoner(&reg)),
                arrival(SocketAddress::V4(HOST), true)
            ),
            Ok(())
        );
    }

    #[test]
    fn a_disabled_family_receives_nothing_on_a_wildcard() {
        let reg = Registry::new();
        // ip4 disabled, ip6 confined: a dual-stack `::` socket gets no IPv4.
        let v6only = child(&reg, reg.host(), b"six", |c| {
            c.flags |= flags::IP4 | flags::IP4_USER | flags::IP6 | flags::IP6_USER;
            c.ip6 = addr::normalise(vec![[0xfd; 16]]).map(Into::into);
        });
        assert_eq!(
            check(Some(&v6only), arrival(SocketAddress::V4(A2), true)),
            Err(Errno::EACCES)
        );
        assert_eq!(
            check(Some(&v6only), arrival(SocketAddress::V6([0xfd; 16]), true)),
            Ok(())
        );
        assert_eq!(
            check(Some(&v6only), arrival(SocketAddress::V6([0xfe; 16]), true)),
            Err(Errno::EACCES)
        );
    }
}
