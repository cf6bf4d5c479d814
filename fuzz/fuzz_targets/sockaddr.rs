//! Socket addresses the bind/connect hooks confine (src/policy/socket.rs):
//! any `sockaddr` bytes, from the host or from a prisoner whose address
//! lists come from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjail::errno::Errno;
use rjail::policy::socket::{check_af, confine_sockaddr, End};
use rjail::prison::{addr, flags, Registry};
use rjail_fuzz::{child, header};

fuzz_target!(|data: &[u8]| {
    let Some(([mode, n4, n6], rest)) = header::<3>(data) else {
        return;
    };
    let (n4, n6) = (usize::from(n4 % 8), usize::from(n6 % 8));
    let Some(v4_bytes) = rest.get(..n4 * 4) else {
        return;
    };
    let Some(v6_bytes) = rest.get(n4 * 4..n4 * 4 + n6 * 16) else {
        return;
    };
    let sockaddr_in = &rest[n4 * 4 + n6 * 16..];
    let v4: Vec<[u8; 4]> = v4_bytes
        .chunks_exact(4)
        .map(|c| c.try_into().unwrap())
        .collect();
    let v6: Vec<[u8; 16]> = v6_bytes
        .chunks_exact(16)
        .map(|c| c.try_into().unwrap())
        .collect();
    let end = if mode & 1 == 0 {
        End::Local
    } else {
        End::Remote
    };
    let reg = Registry::new();
    // Who binds or connects: the host, or a prisoner whose IPv4 and IPv6
    // are restricted to the input's lists (an empty list: disabled) or
    // inherited from the host.
    let restrict4 = mode & 2 != 0;
    let restrict6 = mode & 4 != 0;
    let prisoner = if mode & 8 == 0 {
        None
    } else {
        let ip4 = if restrict4 {
            addr::normalise(v4.clone())
        } else {
            None
        };
        let ip6 = if restrict6 {
            addr::normalise(v6.clone())
        } else {
            None
        };
        if (restrict4 && !v4.is_empty() && ip4.is_none())
            || (restrict6 && !v6.is_empty() && ip6.is_none())
        {
            // Lists the tree would refuse (invalid or repeated addresses).
            return;
        }
        let made = child(&reg, reg.host(), b"p", |c| {
            if restrict4 {
                c.flags |= flags::IP4 | flags::IP4_USER;
                c.ip4 = ip4.clone().map(Into::into);
            }
            if restrict6 {
                c.flags |= flags::IP6 | flags::IP6_USER;
                c.ip6 = ip6.clone().map(Into::into);
            }
        });
        let Some(p) = made else {
            return;
        };
        Some(p)
    };
    let subject = prisoner.as_deref();
    let mut sockaddr = sockaddr_in.to_vec();
    let result = confine_sockaddr(subject, &mut sockaddr, end);
    assert_eq!(sockaddr.len(), sockaddr_in.len());
    match (&result, subject) {
        (_, None) => {
            assert_eq!(result, Ok(()));
            assert_eq!(
                sockaddr, sockaddr_in,
                "the host's addresses are never rewritten"
            );
        }
        (Ok(()), Some(_)) => {
            // A rewritten IPv4 address is one of the prison's.
            if sockaddr != sockaddr_in && sockaddr.len() >= 16 && sockaddr[1] == 2 && restrict4 {
                let new: [u8; 4] = sockaddr[4..8].try_into().unwrap();
                assert!(v4.contains(&new), "rewritten to {new:?}, not in {v4:?}");
            }
        }
        (Err(e), Some(_)) => assert!(
            matches!(*e, Errno::EADDRNOTAVAIL | Errno::EAFNOSUPPORT),
            "{e:?}"
        ),
    }
    if let Some(&family) = sockaddr_in.first() {
        let _ = check_af(subject, i32::from(family));
    }
});
