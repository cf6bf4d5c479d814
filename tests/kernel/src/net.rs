//! Byte images of the networking structures the socket cases pass to the
//! kernel, written from FreeBSD 15.0 amd64's `sys/sys/socket.h`,
//! `sys/netinet/in.h`, `sys/net/if.h`, `sys/netinet/in_var.h` and
//! `sys/sys/sockio.h` (sizes and offsets measured against those headers).

/// Address families and socket types.
pub const AF_INET: u8 = 2;
pub const AF_INET6: u8 = 28;
pub const SOCK_STREAM: u64 = 1;
pub const SOCK_DGRAM: u64 = 2;

/// `ioctl(2)` requests: `_IOW('i', 16, struct ifreq)`,
/// `_IOWR('i', 17, struct ifreq)`, `_IOW('i', 43, struct ifaliasreq)`.
pub const SIOCSIFFLAGS: u64 = 0x8020_6910;
pub const SIOCGIFFLAGS: u64 = 0xc020_6911;
pub const SIOCAIFADDR: u64 = 0x8044_692b;
/// `IFF_UP`.
pub const IFF_UP: u16 = 0x1;

/// `struct sockaddr_in`: len, family, port (network order), address, zero.
pub const SOCKADDR_IN_LEN: usize = 16;
/// `struct ifreq`: a 16-byte name, then a 16-byte union whose first short
/// is `ifr_flags`.
pub const IFREQ_LEN: usize = 32;
const IFNAMSIZ: usize = 16;
/// `struct in_aliasreq`: name, address, broadcast address, mask (three
/// `sockaddr_in`s from offset 16), then `int ifra_vhid`.
pub const IN_ALIASREQ_LEN: usize = 68;
const IFRA_ADDR: usize = 16;
const IFRA_MASK: usize = 48;

pub const LOOPBACK: [u8; 4] = [127, 0, 0, 1];
pub const ANY: [u8; 4] = [0, 0, 0, 0];

/// A `struct sockaddr_in` for `addr:port`.
pub fn sockaddr_in(addr: [u8; 4], port: u16) -> [u8; SOCKADDR_IN_LEN] {
    let mut sa = [0u8; SOCKADDR_IN_LEN];
    sa[0] = SOCKADDR_IN_LEN as u8;
    sa[1] = AF_INET;
    sa[2..4].copy_from_slice(&port.to_be_bytes());
    sa[4..8].copy_from_slice(&addr);
    sa
}

/// Address and port of a `sockaddr_in` the kernel filled in, if it is one.
pub fn parse_sockaddr_in(sa: &[u8]) -> Option<([u8; 4], u16)> {
    if sa.len() < SOCKADDR_IN_LEN || sa.get(1) != Some(&AF_INET) {
        return None;
    }
    let port = u16::from_be_bytes([*sa.get(2)?, *sa.get(3)?]);
    let addr = [*sa.get(4)?, *sa.get(5)?, *sa.get(6)?, *sa.get(7)?];
    Some((addr, port))
}

/// Dotted-quad text of an IPv4 address.
pub fn dotted(addr: [u8; 4]) -> alloc::string::String {
    alloc::format!("{}.{}.{}.{}", addr[0], addr[1], addr[2], addr[3])
}

fn put_name(image: &mut [u8], name: &str) {
    let bytes = name.as_bytes();
    let len = bytes.len().min(IFNAMSIZ - 1);
    if let (Some(slot), Some(src)) = (image.get_mut(..len), bytes.get(..len)) {
        slot.copy_from_slice(src);
    }
}

/// A `struct ifreq` naming `interface`, with `ifr_flags` = `flags`.
pub fn ifreq(interface: &str, flags: u16) -> [u8; IFREQ_LEN] {
    let mut image = [0u8; IFREQ_LEN];
    put_name(&mut image, interface);
    image[IFNAMSIZ..IFNAMSIZ + 2].copy_from_slice(&flags.to_ne_bytes());
    image
}

/// `ifr_flags` of a `struct ifreq` the kernel filled in.
pub fn ifreq_flags(image: &[u8; IFREQ_LEN]) -> u16 {
    u16::from_ne_bytes([image[IFNAMSIZ], image[IFNAMSIZ + 1]])
}

/// A `struct in_aliasreq` adding `addr` with `mask` to `interface` (no
/// broadcast address, no CARP vhid).
pub fn in_aliasreq(interface: &str, addr: [u8; 4], mask: [u8; 4]) -> [u8; IN_ALIASREQ_LEN] {
    let mut image = [0u8; IN_ALIASREQ_LEN];
    put_name(&mut image, interface);
    image[IFRA_ADDR..IFRA_ADDR + SOCKADDR_IN_LEN].copy_from_slice(&sockaddr_in(addr, 0));
    image[IFRA_MASK..IFRA_MASK + SOCKADDR_IN_LEN].copy_from_slice(&sockaddr_in(mask, 0));
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockaddr_in_is_bsd_shaped_with_network_order_port() {
        let sa = sockaddr_in([127, 0, 0, 2], 0x1234);
        assert_eq!(
            sa,
            [16, 2, 0x12, 0x34, 127, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(parse_sockaddr_in(&sa), Some(([127, 0, 0, 2], 0x1234)));
        // Not AF_INET, or too short: not read as one.
        let mut six = sa;
        six[1] = AF_INET6;
        assert_eq!(parse_sockaddr_in(&six), None);
        assert_eq!(parse_sockaddr_in(&sa[..8]), None);
        assert_eq!(dotted([10, 9, 8, 7]), "10.9.8.7");
    }

    #[test]
    fn ifreq_carries_name_and_flags() {
        let image = ifreq("lo0", IFF_UP | 0x8);
        assert_eq!(&image[..4], b"lo0\0");
        assert!(image[4..16].iter().all(|&b| b == 0));
        assert_eq!(&image[16..18], &[0x09, 0x00]);
        assert_eq!(ifreq_flags(&image), 0x9);
        // An over-long name is cut so that it stays NUL-terminated.
        let long = ifreq("abcdefghijklmnopqrstuvwxyz", 0);
        assert_eq!(&long[..15], b"abcdefghijklmno");
        assert_eq!(long[15], 0);
    }

    #[test]
    fn aliasreq_puts_address_and_mask_at_their_offsets() {
        let image = in_aliasreq("lo0", [127, 0, 0, 2], [255, 255, 255, 255]);
        assert_eq!(image.len(), 68);
        assert_eq!(&image[..4], b"lo0\0");
        assert_eq!(&image[16..24], &[16, 2, 0, 0, 127, 0, 0, 2]);
        // The broadcast address is left empty (sin_len 0: not given).
        assert!(image[32..48].iter().all(|&b| b == 0));
        assert_eq!(&image[48..56], &[16, 2, 0, 0, 255, 255, 255, 255]);
        assert!(image[64..].iter().all(|&b| b == 0));
    }

    #[test]
    fn ioctl_numbers_encode_direction_size_group_and_number() {
        // _IOC(inout, group, num, len) = inout | (len & 0x1fff) << 16 | group << 8 | num
        let ioc =
            |inout: u64, len: u64, num: u64| inout | (len << 16) | (u64::from(b'i') << 8) | num;
        assert_eq!(SIOCSIFFLAGS, ioc(0x8000_0000, IFREQ_LEN as u64, 16));
        assert_eq!(SIOCGIFFLAGS, ioc(0xc000_0000, IFREQ_LEN as u64, 17));
        assert_eq!(SIOCAIFADDR, ioc(0x8000_0000, IN_ALIASREQ_LEN as u64, 43));
    }
}
