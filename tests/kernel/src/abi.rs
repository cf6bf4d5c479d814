//! FreeBSD 15.0 amd64 facts the suite relies on: system call numbers, flag
//! values and the byte images of `struct jail`. Written from the 15.0 ABI
//! (`syscalls.master`, `sys/jail.h`, `sys/module.h`), independently of the
//! rjail crate so that the suite checks the module's reading of the ABI.

/// `__FreeBSD_version` of the release the suite targets; it goes into the
/// program's ABI note.
pub const FREEBSD_VERSION: u32 = 1_500_068;

/// System call numbers (amd64, FreeBSD 15.0 `syscalls.master`).
pub mod nr {
    pub const EXIT: u64 = 1;
    pub const FORK: u64 = 2;
    pub const READ: u64 = 3;
    pub const WRITE: u64 = 4;
    pub const OPEN: u64 = 5;
    pub const CLOSE: u64 = 6;
    pub const WAIT4: u64 = 7;
    pub const LINK: u64 = 9;
    pub const UNLINK: u64 = 10;
    pub const EXECVE: u64 = 59;
    pub const CHDIR: u64 = 12;
    pub const CHROOT: u64 = 61;
    pub const FCHDIR: u64 = 13;
    pub const RECVMSG: u64 = 27;
    pub const SENDMSG: u64 = 28;
    pub const GETPID: u64 = 20;
    pub const SETUID: u64 = 23;
    pub const RECVFROM: u64 = 29;
    pub const ACCEPT: u64 = 30;
    pub const GETSOCKNAME: u64 = 32;
    pub const ACCESS: u64 = 33;
    pub const KILL: u64 = 37;
    pub const IOCTL: u64 = 54;
    pub const REBOOT: u64 = 55;
    pub const MUNMAP: u64 = 73;
    pub const MPROTECT: u64 = 74;
    pub const DUP2: u64 = 90;
    pub const SOCKET: u64 = 97;
    pub const CONNECT: u64 = 98;
    pub const BIND: u64 = 104;
    pub const LISTEN: u64 = 106;
    pub const SETTIMEOFDAY: u64 = 122;
    pub const SENDTO: u64 = 133;
    pub const MKDIR: u64 = 136;
    pub const RMDIR: u64 = 137;
    pub const SETSID: u64 = 147;
    pub const SOCKETPAIR: u64 = 135;
    /// `__sysctl(name, namelen, old, oldlenp, new, newlen)`.
    pub const SYSCTL: u64 = 202;
    pub const CLOCK_GETTIME: u64 = 232;
    pub const NANOSLEEP: u64 = 240;
    pub const MODSTAT: u64 = 301;
    pub const MODFIND: u64 = 303;
    pub const KLDLOAD: u64 = 304;
    pub const KLDUNLOAD: u64 = 305;
    pub const KLDFIND: u64 = 306;
    pub const NMOUNT: u64 = 378;
    pub const KENV: u64 = 390;
    pub const MMAP: u64 = 477;
    pub const CPUSET_SETAFFINITY: u64 = 488;
    pub const OPENAT: u64 = 499;
    pub const UNLINKAT: u64 = 503;
    pub const PIPE2: u64 = 542;
    pub const STATFS: u64 = 555;
    /// The base system's own jail calls.
    pub const JAIL: u64 = 338;
    pub const JAIL_ATTACH: u64 = 436;
    pub const JAIL_GET: u64 = 506;
    pub const JAIL_SET: u64 = 507;
    pub const JAIL_REMOVE: u64 = 508;
}

/// `jail_set(2)` / `jail_get(2)` flags.
pub mod jail_flags {
    pub const CREATE: i32 = 0x01;
    pub const UPDATE: i32 = 0x02;
    pub const ATTACH: i32 = 0x04;
    pub const DYING: i32 = 0x08;
    pub const USE_DESC: i32 = 0x10;
    pub const AT_DESC: i32 = 0x20;
}

/// Size of the `errmsg` buffer libjail passes (`JAIL_ERRMSGLEN`).
pub const ERRMSG_LEN: usize = 1024;
/// `MAXHOSTNAMELEN`: the size of name and hostname buffers.
pub const MAXHOSTNAMELEN: usize = 256;
/// `MAXPATHLEN`.
pub const MAXPATHLEN: usize = 1024;

/// `open(2)` flags.
pub const O_RDONLY: u64 = 0;
pub const O_WRONLY: u64 = 1;
pub const O_RDWR: u64 = 2;
pub const O_CREAT: u64 = 0x200;
pub const O_TRUNC: u64 = 0x400;
pub const O_DIRECTORY: u64 = 0x2_0000;
pub const O_CLOEXEC: u64 = 0x10_0000;
/// `reboot(2)`: power the machine off.
pub const RB_POWEROFF: u64 = 0x4000;
/// `struct statfs`: size and the offset of `f_mntfromname` (15.0 amd64).
pub const STATFS_SIZE: usize = 2344;
pub const STATFS_MNTFROMNAME: usize = 296;
/// Signal numbers the suite looks for.
pub const SIGKILL: i32 = 9;

/// `struct jail_v0`: { u32 version; char *path; char *hostname; u32 ip_number }.
pub const JAIL_V0_SIZE: usize = 32;
/// `struct jail` (version 2).
pub const JAIL_V2_SIZE: usize = 56;

/// Byte image of a `struct jail_v0`. `ip_number` is an IPv4 address in
/// host byte order, as version 0 defines it.
pub fn jail_v0_image(path: u64, hostname: u64, ip_number: u32) -> [u8; JAIL_V0_SIZE] {
    let mut image = [0u8; JAIL_V0_SIZE];
    put(&mut image, 0, &0u32.to_ne_bytes());
    put(&mut image, 8, &path.to_ne_bytes());
    put(&mut image, 16, &hostname.to_ne_bytes());
    put(&mut image, 24, &ip_number.to_ne_bytes());
    image
}

/// The fields of a version 2 `struct jail`; pointers are user addresses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JailV2 {
    pub version: u32,
    pub path: u64,
    pub hostname: u64,
    pub jailname: u64,
    pub ip4s: u32,
    pub ip6s: u32,
    pub ip4: u64,
    pub ip6: u64,
}

impl JailV2 {
    /// Byte image as the kernel copies it in. `version` is written as given,
    /// so the same image serves to send versions the kernel must refuse.
    pub fn image(&self) -> [u8; JAIL_V2_SIZE] {
        let mut image = [0u8; JAIL_V2_SIZE];
        put(&mut image, 0, &self.version.to_ne_bytes());
        put(&mut image, 8, &self.path.to_ne_bytes());
        put(&mut image, 16, &self.hostname.to_ne_bytes());
        put(&mut image, 24, &self.jailname.to_ne_bytes());
        put(&mut image, 32, &self.ip4s.to_ne_bytes());
        put(&mut image, 36, &self.ip6s.to_ne_bytes());
        put(&mut image, 40, &self.ip4.to_ne_bytes());
        put(&mut image, 48, &self.ip6.to_ne_bytes());
        image
    }
}

/// Copies `bytes` into `image` at `offset`; offsets are compile-time layout
/// constants, so a miss is a programming error caught by the unit tests.
fn put(image: &mut [u8], offset: usize, bytes: &[u8]) {
    if let Some(slot) = image.get_mut(offset..offset + bytes.len()) {
        slot.copy_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u64_at(image: &[u8], offset: usize) -> u64 {
        u64::from_le_bytes(image[offset..offset + 8].try_into().unwrap())
    }
    fn u32_at(image: &[u8], offset: usize) -> u32 {
        u32::from_le_bytes(image[offset..offset + 4].try_into().unwrap())
    }

    #[test]
    fn v2_fields_land_at_the_amd64_offsets() {
        let jail = JailV2 {
            version: 2,
            path: 0x1111_1111_1111_1111,
            hostname: 0x2222_2222_2222_2222,
            jailname: 0x3333_3333_3333_3333,
            ip4s: 0x4444_4444,
            ip6s: 0x5555_5555,
            ip4: 0x6666_6666_6666_6666,
            ip6: 0x7777_7777_7777_7777,
        };
        let image = jail.image();
        assert_eq!(u32_at(&image, 0), 2);
        // Padding after the 32-bit version: pointers are 8-aligned.
        assert_eq!(u32_at(&image, 4), 0);
        assert_eq!(u64_at(&image, 8), jail.path);
        assert_eq!(u64_at(&image, 16), jail.hostname);
        assert_eq!(u64_at(&image, 24), jail.jailname);
        assert_eq!(u32_at(&image, 32), jail.ip4s);
        assert_eq!(u32_at(&image, 36), jail.ip6s);
        assert_eq!(u64_at(&image, 40), jail.ip4);
        assert_eq!(u64_at(&image, 48), jail.ip6);
    }

    #[test]
    fn v0_is_version_zero_with_a_host_order_address() {
        let image = jail_v0_image(0xaaaa, 0xbbbb, 0x7f00_0102);
        assert_eq!(image.len(), 32);
        assert_eq!(u32_at(&image, 0), 0);
        assert_eq!(u64_at(&image, 8), 0xaaaa);
        assert_eq!(u64_at(&image, 16), 0xbbbb);
        // Host order on a little-endian machine: 127.0.1.2 is stored 02 01 00 7f.
        assert_eq!(&image[24..28], &[0x02, 0x01, 0x00, 0x7f]);
        assert!(image[28..].iter().all(|&b| b == 0));
    }
}
