//! Byte images of the IPv6 structures the IPv6 socket cases pass to the
//! kernel, written from FreeBSD 15.0 amd64's `sys/netinet6/in6.h` and
//! `sys/netinet6/in6_var.h` (sizes and offsets measured against them).

use alloc::string::String;

/// `struct sockaddr_in6`: len, family, port (network order), flow info,
/// the address at 8..24, scope id.
pub const SOCKADDR_IN6_LEN: usize = 28;
const SIN6_ADDR: usize = 8;
/// `IPPROTO_IPV6` and its option `IPV6_V6ONLY`.
pub const IPPROTO_IPV6: u64 = 41;
pub const IPV6_V6ONLY: u64 = 27;
/// `_IOW('i', 27, struct in6_aliasreq)`.
pub const SIOCAIFADDR_IN6: u64 = 0x8088_691b;
/// `struct in6_aliasreq`: name; address, destination and prefix mask
/// (three `sockaddr_in6` from offset 16); `int ifra_flags` at 100;
/// `struct in6_addrlifetime` (two `time_t`, then valid and preferred
/// lifetimes) at 104; `int ifra_vhid` at 128; 136 bytes in all.
pub const IN6_ALIASREQ_LEN: usize = 136;
const IFRA_ADDR: usize = 16;
const IFRA_PREFIXMASK: usize = 72;
const IFRA_FLAGS: usize = 100;
const IFRA_VLTIME: usize = 120;
const IFRA_PLTIME: usize = 124;
/// `IN6_IFF_NODAD`: no duplicate address detection (the address is usable
/// at once; loopback does none anyway).
pub const IN6_IFF_NODAD: u32 = 0x20;
/// `ND6_INFINITE_LIFETIME`.
const INFINITE: u32 = 0xffff_ffff;

pub const ANY6: [u8; 16] = [0; 16];
pub const LOOPBACK6: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

/// `fd00::n`.
pub const fn ula(n: u8) -> [u8; 16] {
    [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n]
}

/// `::ffff:a.b.c.d`.
pub fn mapped(v4: [u8; 4]) -> [u8; 16] {
    let mut a = [0u8; 16];
    a[10] = 0xff;
    a[11] = 0xff;
    a[12..].copy_from_slice(&v4);
    a
}

/// A `struct sockaddr_in6` for `[addr]:port`, scope 0.
pub fn sockaddr_in6(addr: [u8; 16], port: u16) -> [u8; SOCKADDR_IN6_LEN] {
    let mut sa = [0u8; SOCKADDR_IN6_LEN];
    sa[0] = SOCKADDR_IN6_LEN as u8;
    sa[1] = crate::net::AF_INET6;
    sa[2..4].copy_from_slice(&port.to_be_bytes());
    sa[SIN6_ADDR..SIN6_ADDR + 16].copy_from_slice(&addr);
    sa
}

/// Address and port of a `sockaddr_in6` the kernel filled in, if it is one.
pub fn parse_sockaddr_in6(sa: &[u8]) -> Option<([u8; 16], u16)> {
    if sa.len() < SOCKADDR_IN6_LEN || sa.get(1) != Some(&crate::net::AF_INET6) {
        return None;
    }
    let port = u16::from_be_bytes([*sa.get(2)?, *sa.get(3)?]);
    let addr: [u8; 16] = sa.get(SIN6_ADDR..SIN6_ADDR + 16)?.try_into().ok()?;
    Some((addr, port))
}

/// RFC 5952 text of an IPv6 address (the longest run of two or more zero
/// groups, the first on a tie, as `::`); IPv4-mapped addresses end in
/// dotted-quad form.
pub fn text(addr: [u8; 16]) -> String {
    let mut groups = [0u16; 8];
    for (i, g) in groups.iter_mut().enumerate() {
        *g = u16::from_be_bytes([addr[2 * i], addr[2 * i + 1]]);
    }
    if groups[..5] == [0; 5] && groups[5] == 0xffff {
        return alloc::format!(
            "::ffff:{}",
            crate::net::dotted([addr[12], addr[13], addr[14], addr[15]])
        );
    }
    let (mut best, mut best_len) = (8, 0);
    let mut i = 0;
    while i < 8 {
        if groups[i] == 0 {
            let start = i;
            while i < 8 && groups[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                best = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best = 8;
        best_len = 0;
    }
    let part = |range: &[u16]| {
        range
            .iter()
            .map(|g| alloc::format!("{g:x}"))
            .collect::<alloc::vec::Vec<_>>()
            .join(":")
    };
    if best == 8 {
        return part(&groups);
    }
    alloc::format!(
        "{}::{}",
        part(&groups[..best]),
        part(&groups[best + best_len..])
    )
}

/// A `struct in6_aliasreq` adding `addr`/128 to `interface` with the given
/// flags and infinite lifetimes (a valid lifetime of 0 is refused).
pub fn in6_aliasreq(interface: &str, addr: [u8; 16], flags: u32) -> [u8; IN6_ALIASREQ_LEN] {
    let mut image = [0u8; IN6_ALIASREQ_LEN];
    let name = interface.as_bytes();
    let len = name.len().min(15);
    image[..len].copy_from_slice(&name[..len]);
    image[IFRA_ADDR..IFRA_ADDR + SOCKADDR_IN6_LEN].copy_from_slice(&sockaddr_in6(addr, 0));
    image[IFRA_PREFIXMASK..IFRA_PREFIXMASK + SOCKADDR_IN6_LEN]
        .copy_from_slice(&sockaddr_in6([0xff; 16], 0));
    image[IFRA_FLAGS..IFRA_FLAGS + 4].copy_from_slice(&flags.to_ne_bytes());
    image[IFRA_VLTIME..IFRA_VLTIME + 4].copy_from_slice(&INFINITE.to_ne_bytes());
    image[IFRA_PLTIME..IFRA_PLTIME + 4].copy_from_slice(&INFINITE.to_ne_bytes());
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockaddr_in6_layout() {
        let sa = sockaddr_in6(ula(2), 0x1234);
        assert_eq!(&sa[..4], &[28, 28, 0x12, 0x34]);
        assert!(sa[4..8].iter().all(|&b| b == 0));
        assert_eq!(sa[8], 0xfd);
        assert_eq!(sa[23], 2);
        assert_eq!(parse_sockaddr_in6(&sa), Some((ula(2), 0x1234)));
        assert_eq!(parse_sockaddr_in6(&sa[..20]), None);
        let mut four = sa;
        four[1] = 2;
        assert_eq!(parse_sockaddr_in6(&four), None);
    }

    #[test]
    fn text_follows_rfc5952() {
        assert_eq!(text(ANY6), "::");
        assert_eq!(text(LOOPBACK6), "::1");
        assert_eq!(text(ula(3)), "fd00::3");
        assert_eq!(text(mapped([127, 0, 0, 2])), "::ffff:127.0.0.2");
        let mut a = [0u8; 16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[3] = 1;
        a[9] = 1;
        assert_eq!(text(a), "2001:1:0:0:1::");
        a[11] = 5;
        assert_eq!(text(a), "2001:1::1:5:0:0");
    }

    #[test]
    fn aliasreq_layout_and_ioctl_number() {
        let image = in6_aliasreq("lo0", ula(2), IN6_IFF_NODAD);
        assert_eq!(&image[..4], b"lo0\0");
        assert_eq!(&image[16..18], &[28, 28]);
        assert_eq!(image[16 + 8], 0xfd);
        assert!(image[44..72].iter().all(|&b| b == 0));
        assert_eq!(&image[72..74], &[28, 28]);
        assert!(image[80..96].iter().all(|&b| b == 0xff));
        assert_eq!(&image[100..104], &0x20u32.to_ne_bytes());
        assert!(image[104..120].iter().all(|&b| b == 0));
        assert!(image[120..128].iter().all(|&b| b == 0xff));
        assert!(image[128..].iter().all(|&b| b == 0));
        let ioc = 0x8000_0000 | ((IN6_ALIASREQ_LEN as u64) << 16) | (u64::from(b'i') << 8) | 27;
        assert_eq!(SIOCAIFADDR_IN6, ioc);
    }
}
