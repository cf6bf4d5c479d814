//! `struct jail`, the argument of `jail(2)`, in its two supported versions.
//!
//! Layouts from `sys/sys/jail.h` (amd64: pointers are 8 bytes); reading
//! follows `sys_jail` and `kern_jail` in `sys/kern/kern_jail.c`.

use alloc::vec;
use alloc::vec::Vec;

use static_assertions::{const_assert, const_assert_eq};

use super::consts::{JAIL_API_VERSION, MAXHOSTNAMELEN, MAXPATHLEN, VFS_MOUNTARG_SIZE_MAX};
use super::fields::{put, u32_at, u64_at};
use super::{user_address, UserMemory};
use crate::errno::{Errno, KResult};

/// FreeBSD 4.0's `struct jail` (version 0): one IPv4 address, in host byte
/// order. The kernel still accepts it (`struct jail_v0`).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JailV0 {
    pub version: u32,
    pub path: u64,
    pub hostname: u64,
    pub ip_number: u32,
}

/// Today's `struct jail` (version 2, `JAIL_API_VERSION`).
#[repr(C)]
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

/// Size of `struct jail_v0` on amd64.
pub const JAIL_V0_SIZE: usize = 32;
/// Size of `struct jail` (version 2) on amd64.
pub const JAIL_V2_SIZE: usize = 56;

const_assert_eq!(core::mem::size_of::<JailV0>(), JAIL_V0_SIZE);
const_assert_eq!(core::mem::offset_of!(JailV0, path), 8);
const_assert_eq!(core::mem::offset_of!(JailV0, hostname), 16);
const_assert_eq!(core::mem::offset_of!(JailV0, ip_number), 24);
const_assert_eq!(core::mem::size_of::<JailV2>(), JAIL_V2_SIZE);
const_assert_eq!(core::mem::offset_of!(JailV2, path), 8);
const_assert_eq!(core::mem::offset_of!(JailV2, hostname), 16);
const_assert_eq!(core::mem::offset_of!(JailV2, jailname), 24);
const_assert_eq!(core::mem::offset_of!(JailV2, ip4s), 32);
const_assert_eq!(core::mem::offset_of!(JailV2, ip6s), 36);
const_assert_eq!(core::mem::offset_of!(JailV2, ip4), 40);
const_assert_eq!(core::mem::offset_of!(JailV2, ip6), 48);
const_assert!(JAIL_V0_SIZE <= JAIL_V2_SIZE);

impl JailV0 {
    /// Decodes the amd64 layout.
    pub fn from_bytes(bytes: &[u8; JAIL_V0_SIZE]) -> JailV0 {
        JailV0 {
            version: u32_at(bytes, 0),
            path: u64_at(bytes, 8),
            hostname: u64_at(bytes, 16),
            ip_number: u32_at(bytes, 24),
        }
    }

    /// Encodes the amd64 layout (padding zeroed).
    pub fn to_bytes(&self) -> [u8; JAIL_V0_SIZE] {
        let mut out = [0; JAIL_V0_SIZE];
        put(&mut out, 0, &self.version.to_ne_bytes());
        put(&mut out, 8, &self.path.to_ne_bytes());
        put(&mut out, 16, &self.hostname.to_ne_bytes());
        put(&mut out, 24, &self.ip_number.to_ne_bytes());
        out
    }
}

impl JailV2 {
    /// Decodes the amd64 layout.
    pub fn from_bytes(bytes: &[u8; JAIL_V2_SIZE]) -> JailV2 {
        JailV2 {
            version: u32_at(bytes, 0),
            path: u64_at(bytes, 8),
            hostname: u64_at(bytes, 16),
            jailname: u64_at(bytes, 24),
            ip4s: u32_at(bytes, 32),
            ip6s: u32_at(bytes, 36),
            ip4: u64_at(bytes, 40),
            ip6: u64_at(bytes, 48),
        }
    }

    /// Encodes the amd64 layout (padding zeroed).
    pub fn to_bytes(&self) -> [u8; JAIL_V2_SIZE] {
        let mut out = [0; JAIL_V2_SIZE];
        put(&mut out, 0, &self.version.to_ne_bytes());
        put(&mut out, 8, &self.path.to_ne_bytes());
        put(&mut out, 16, &self.hostname.to_ne_bytes());
        put(&mut out, 24, &self.jailname.to_ne_bytes());
        put(&mut out, 32, &self.ip4s.to_ne_bytes());
        put(&mut out, 36, &self.ip6s.to_ne_bytes());
        put(&mut out, 40, &self.ip4.to_ne_bytes());
        put(&mut out, 48, &self.ip6.to_ne_bytes());
        out
    }
}

/// What a `jail(2)` caller asked for, read from its memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyJail {
    /// The `struct jail` version the caller used (0 or 2).
    pub version: u32,
    /// The root path, without its NUL.
    pub path: Vec<u8>,
    /// The host name, without its NUL.
    pub hostname: Vec<u8>,
    /// The jail name (version 2 with a non-NULL `jailname` only).
    pub name: Option<Vec<u8>>,
    /// IPv4 addresses, network byte order.
    pub ip4: Vec<[u8; 4]>,
    /// IPv6 addresses.
    pub ip6: Vec<[u8; 16]>,
}

/// Reads a `jail(2)` argument as `sys_jail` and `kern_jail`
/// (`sys/kern/kern_jail.c`) do, with their errnos and in their order:
///
/// 1. the version word (EFAULT);
/// 2. version 0: `struct jail_v0` (EFAULT), its host-order address becomes
///    the one IPv4 address; version 2: `struct jail` (EFAULT); version 1 and
///    any other: EINVAL;
/// 3. more than `max_af_ips` IPv4 or IPv6 addresses: EINVAL;
/// 4. `path` (copyinstr, [`MAXPATHLEN`]), `hostname` ([`MAXHOSTNAMELEN`]),
///    then `jailname` if not NULL ([`MAXHOSTNAMELEN`]): ENAMETOOLONG,
///    EFAULT;
/// 5. the IPv4 then the IPv6 address array (copyin, EFAULT; an empty array
///    is a zero-length copy at whatever address was given).
///
/// What `kern_jail` then builds (the jail_set options, the default allow
/// flags for an unjailed caller, `JAIL_CREATE | JAIL_ATTACH`) is the system
/// call's business.
pub fn read_legacy_jail(
    mem: &(impl UserMemory + ?Sized),
    uaddr: usize,
    max_af_ips: u32,
) -> KResult<LegacyJail> {
    let mut version = [0; 4];
    mem.copyin(uaddr, &mut version)?;
    let version = u32::from_ne_bytes(version);

    let request = match version {
        0 => {
            let mut raw = [0; JAIL_V0_SIZE];
            mem.copyin(uaddr, &mut raw)?;
            let v0 = JailV0::from_bytes(&raw);
            let jail = JailV2 {
                version: v0.version,
                path: v0.path,
                hostname: v0.hostname,
                ..JailV2::default()
            };
            // Version 0 carries its address in host order; sys_jail stores
            // it in network order.
            (jail, Some(v0.ip_number.to_be_bytes()))
        }
        JAIL_API_VERSION => {
            let mut raw = [0; JAIL_V2_SIZE];
            mem.copyin(uaddr, &mut raw)?;
            (JailV2::from_bytes(&raw), None)
        }
        // 1: multi-address jails that never entered FreeBSD; others unknown.
        _ => return Err(Errno::EINVAL),
    };
    let (jail, v0_address) = request;

    let ip4_count = if v0_address.is_some() { 1 } else { jail.ip4s };
    if ip4_count > max_af_ips || jail.ip6s > max_af_ips {
        return Err(Errno::EINVAL);
    }

    let path = copyin_string(mem, jail.path, MAXPATHLEN)?;
    let hostname = copyin_string(mem, jail.hostname, MAXHOSTNAMELEN)?;
    let name = match jail.jailname {
        0 => None,
        jailname => Some(copyin_string(mem, jailname, MAXHOSTNAMELEN)?),
    };

    let ip4 = match v0_address {
        Some(address) => vec![address],
        None => copyin_addresses::<4>(mem, jail.ip4, jail.ip4s)?,
    };
    let ip6 = if version == 0 {
        Vec::new()
    } else {
        copyin_addresses::<16>(mem, jail.ip6, jail.ip6s)?
    };

    Ok(LegacyJail {
        version,
        path,
        hostname,
        name,
        ip4,
        ip6,
    })
}

fn copyin_string(mem: &(impl UserMemory + ?Sized), raw: u64, max: usize) -> KResult<Vec<u8>> {
    let mut buf = vec![0u8; max];
    let len = mem.copyinstr(user_address(raw)?, &mut buf)?;
    buf.truncate(len.saturating_sub(1));
    Ok(buf)
}

fn copyin_addresses<const N: usize>(
    mem: &(impl UserMemory + ?Sized),
    raw: u64,
    count: u32,
) -> KResult<Vec<[u8; N]>> {
    // kern_jail hands the array to vfs_buildopts, which refuses values
    // over VFS_MOUNTARG_SIZE_MAX; refusing before allocating keeps a huge
    // `security.jail.jail_max_af_ips` from exhausting kernel memory.
    let bytes = (count as usize)
        .checked_mul(N)
        .filter(|&bytes| bytes <= VFS_MOUNTARG_SIZE_MAX)
        .ok_or(Errno::EINVAL)?;
    let mut buf = vec![0u8; bytes];
    mem.copyin(user_address(raw)?, &mut buf)?;
    Ok(buf
        .chunks_exact(N)
        .map(|chunk| {
            let mut address = [0; N];
            address.copy_from_slice(chunk);
            address
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::consts::JAIL_MAX_AF_IPS_DEFAULT;
    use crate::abi::fake_memory::{FakeMemory, TestRng};

    const JAIL_AT: usize = 0x1000;
    const PATH_AT: usize = 0x2000;
    const HOST_AT: usize = 0x3000;
    const NAME_AT: usize = 0x4000;
    const IP4_AT: usize = 0x5000;
    const IP6_AT: usize = 0x6000;

    fn strings(mem: &FakeMemory) {
        mem.map(PATH_AT, b"/jails/web\0");
        mem.map(HOST_AT, b"web.example.org\0");
        mem.map(NAME_AT, b"web\0");
    }

    fn v2() -> JailV2 {
        JailV2 {
            version: 2,
            path: PATH_AT as u64,
            hostname: HOST_AT as u64,
            jailname: NAME_AT as u64,
            ip4s: 2,
            ip6s: 1,
            ip4: IP4_AT as u64,
            ip6: IP6_AT as u64,
        }
    }

    fn read(mem: &FakeMemory) -> KResult<LegacyJail> {
        read_legacy_jail(mem, JAIL_AT, JAIL_MAX_AF_IPS_DEFAULT)
    }

    fn full_v2_memory(jail: JailV2) -> FakeMemory {
        let mem = FakeMemory::new();
        strings(&mem);
        mem.map(IP4_AT, &[10, 0, 0, 1, 10, 0, 0, 2]);
        mem.map(IP6_AT, &[0xfe; 16]);
        mem.map(JAIL_AT, &jail.to_bytes());
        mem
    }

    #[test]
    fn version_2_reads_everything() {
        let jail = read(&full_v2_memory(v2())).unwrap();
        assert_eq!(jail.version, 2);
        assert_eq!(jail.path, b"/jails/web");
        assert_eq!(jail.hostname, b"web.example.org");
        assert_eq!(jail.name.as_deref(), Some(&b"web"[..]));
        assert_eq!(jail.ip4, [[10, 0, 0, 1], [10, 0, 0, 2]]);
        assert_eq!(jail.ip6, [[0xfe; 16]]);
    }

    #[test]
    fn version_2_without_name_or_addresses() {
        let jail = v2();
        let jail = JailV2 {
            jailname: 0,
            ip4s: 0,
            ip6s: 0,
            ip4: 0,
            ip6: 0,
            ..jail
        };
        let read = read(&full_v2_memory(jail)).unwrap();
        assert_eq!(read.name, None);
        assert!(read.ip4.is_empty() && read.ip6.is_empty());
    }

    #[test]
    fn version_0_has_one_host_order_address() {
        let mem = FakeMemory::new();
        strings(&mem);
        let v0 = JailV0 {
            version: 0,
            path: PATH_AT as u64,
            hostname: HOST_AT as u64,
            ip_number: 0x0a00_0005,
        };
        mem.map(JAIL_AT, &v0.to_bytes());
        let jail = read(&mem).unwrap();
        assert_eq!(jail.version, 0);
        assert_eq!(jail.ip4, [[10, 0, 0, 5]]);
        assert!(jail.ip6.is_empty());
        assert_eq!(jail.name, None);
        // One address counts against the limit.
        assert_eq!(
            read_legacy_jail(&mem, JAIL_AT, 0).unwrap_err(),
            Errno::EINVAL
        );
    }

    #[test]
    fn version_0_reads_only_its_own_size() {
        let mem = FakeMemory::new();
        strings(&mem);
        let v0 = JailV0 {
            version: 0,
            path: PATH_AT as u64,
            hostname: HOST_AT as u64,
            ip_number: 1,
        };
        // Mapped exactly: a 56-byte read would fault.
        mem.map(JAIL_AT, &v0.to_bytes());
        assert!(read(&mem).is_ok());
    }

    #[test]
    fn unreadable_version_or_struct_is_efault() {
        let mem = FakeMemory::new();
        assert_eq!(read(&mem).unwrap_err(), Errno::EFAULT);
        mem.map(JAIL_AT, &2u32.to_ne_bytes());
        assert_eq!(read(&mem).unwrap_err(), Errno::EFAULT);
    }

    #[test]
    fn version_1_and_unknown_versions_are_einval() {
        for version in [1u32, 3, 0xffff_ffff] {
            let mem = FakeMemory::new();
            // Only the version word is mapped: nothing else may be read.
            mem.map(JAIL_AT, &version.to_ne_bytes());
            assert_eq!(read(&mem).unwrap_err(), Errno::EINVAL, "version {version}");
        }
    }

    #[test]
    fn address_counts_are_checked_before_any_string() {
        let mem = FakeMemory::new();
        let jail = JailV2 {
            ip4s: 256,
            path: 0xbad0_0000,
            ..v2()
        };
        mem.map(JAIL_AT, &jail.to_bytes());
        assert_eq!(read(&mem).unwrap_err(), Errno::EINVAL);
        let mem = FakeMemory::new();
        let jail = JailV2 {
            ip6s: 256,
            path: 0xbad0_0000,
            ..v2()
        };
        mem.map(JAIL_AT, &jail.to_bytes());
        assert_eq!(read(&mem).unwrap_err(), Errno::EINVAL);
        let mem = full_v2_memory(JailV2 { ip4s: 256, ..v2() });
        assert_eq!(
            read_legacy_jail(&mem, JAIL_AT, 256).unwrap_err(),
            Errno::EFAULT
        );
    }

    #[test]
    fn strings_are_read_in_order_with_copyinstr_errors() {
        // path too long, hostname bad: ENAMETOOLONG from path first.
        let mem = FakeMemory::new();
        mem.map(PATH_AT, &[b'a'; MAXPATHLEN]);
        mem.map(
            JAIL_AT,
            &JailV2 {
                hostname: 0,
                ..v2()
            }
            .to_bytes(),
        );
        assert_eq!(read(&mem).unwrap_err(), Errno::ENAMETOOLONG);
        // A path of exactly MAXPATHLEN - 1 characters fits.
        let mem = full_v2_memory(v2());
        let mut long = vec![b'a'; MAXPATHLEN - 1];
        long.push(0);
        mem.map(0x9000, &long);
        mem.map(
            0x100,
            &JailV2 {
                path: 0x9000,
                ..v2()
            }
            .to_bytes(),
        );
        assert_eq!(
            read_legacy_jail(&mem, 0x100, 255).unwrap().path.len(),
            MAXPATHLEN - 1
        );

        let mem = full_v2_memory(JailV2 {
            hostname: 0,
            ..v2()
        });
        assert_eq!(read(&mem).unwrap_err(), Errno::EFAULT);
        let mem = full_v2_memory(v2());
        mem.map(0x9000, &[b'h'; MAXHOSTNAMELEN]);
        mem.map(
            0x100,
            &JailV2 {
                hostname: 0x9000,
                ..v2()
            }
            .to_bytes(),
        );
        assert_eq!(
            read_legacy_jail(&mem, 0x100, 255).unwrap_err(),
            Errno::ENAMETOOLONG
        );
        mem.map(
            0x200,
            &JailV2 {
                jailname: 0x9000,
                ..v2()
            }
            .to_bytes(),
        );
        assert_eq!(
            read_legacy_jail(&mem, 0x200, 255).unwrap_err(),
            Errno::ENAMETOOLONG
        );
        mem.map(
            0x300,
            &JailV2 {
                jailname: 0xbad0_0000,
                ..v2()
            }
            .to_bytes(),
        );
        assert_eq!(
            read_legacy_jail(&mem, 0x300, 255).unwrap_err(),
            Errno::EFAULT
        );
    }

    #[test]
    fn address_arrays_must_be_readable() {
        let mem = full_v2_memory(JailV2 { ip4s: 3, ..v2() });
        assert_eq!(read(&mem).unwrap_err(), Errno::EFAULT);
        let mem = full_v2_memory(JailV2 {
            ip6: 0xbad0_0000,
            ..v2()
        });
        assert_eq!(read(&mem).unwrap_err(), Errno::EFAULT);
        // No addresses: a zero-length copy, fine even at NULL...
        let mem = full_v2_memory(JailV2 {
            ip6s: 0,
            ip6: 0,
            ..v2()
        });
        assert!(read(&mem).is_ok());
        // ...but not beyond the user address space, as copyin(9) checks.
        let mem = full_v2_memory(JailV2 {
            ip6s: 0,
            ip6: u64::MAX,
            ..v2()
        });
        assert_eq!(read(&mem).unwrap_err(), Errno::EFAULT);
    }

    #[test]
    fn encodings_round_trip() {
        let jail = v2();
        assert_eq!(JailV2::from_bytes(&jail.to_bytes()), jail);
        let v0 = JailV0 {
            version: 0,
            path: 1,
            hostname: 2,
            ip_number: 3,
        };
        assert_eq!(JailV0::from_bytes(&v0.to_bytes()), v0);
    }

    /// Random `struct jail` bytes and random memory never panic and fail
    /// only with EFAULT, EINVAL or ENAMETOOLONG.
    #[test]
    fn fuzz_read_legacy_jail() {
        let mut rng = TestRng::new(0x1e9a);
        let mut accepted = 0;
        for round in 0..5000u64 {
            let mem = FakeMemory::new();
            let pointers = [
                0u64,
                PATH_AT as u64,
                HOST_AT as u64,
                NAME_AT as u64,
                IP4_AT as u64,
            ];
            for &base in &pointers[1..] {
                let len = rng.below(1300) as usize;
                let mut bytes = rng.bytes(len);
                for b in bytes.iter_mut() {
                    if rng.chance(40) {
                        *b = 0;
                    }
                }
                mem.map(base as usize, &bytes);
            }
            let pick = |rng: &mut TestRng| match rng.below(4) {
                0 => rng.next_u64(),
                _ => pointers[rng.below(pointers.len() as u64) as usize] + rng.below(8),
            };
            let raw = if rng.chance(3) {
                let mut raw = rng.bytes(JAIL_V2_SIZE);
                raw[..4].copy_from_slice(&(rng.below(4) as u32).to_ne_bytes());
                raw
            } else {
                JailV2 {
                    version: [0, 1, 2, 2, 2, 7][rng.below(6) as usize],
                    path: pick(&mut rng),
                    hostname: pick(&mut rng),
                    jailname: pick(&mut rng),
                    ip4s: if rng.chance(8) {
                        rng.next_u64() as u32
                    } else {
                        rng.below(4) as u32
                    },
                    ip6s: if rng.chance(8) {
                        rng.next_u64() as u32
                    } else {
                        rng.below(3) as u32
                    },
                    ip4: pick(&mut rng),
                    ip6: pick(&mut rng),
                }
                .to_bytes()
                .to_vec()
            };
            let mapped = rng.below(JAIL_V2_SIZE as u64 + 1) as usize;
            mem.map(
                JAIL_AT,
                raw.get(..mapped.max(if rng.chance(4) { 0 } else { 56 }))
                    .unwrap(),
            );
            let max = if rng.chance(10) {
                u32::MAX
            } else {
                JAIL_MAX_AF_IPS_DEFAULT
            };
            match read_legacy_jail(&mem, JAIL_AT, max) {
                Ok(jail) => {
                    accepted += 1;
                    assert!(jail.path.len() < MAXPATHLEN);
                    assert!(jail.hostname.len() < MAXHOSTNAMELEN);
                    assert!(!jail.path.contains(&0));
                }
                Err(e) => assert!(
                    [Errno::EFAULT, Errno::EINVAL, Errno::ENAMETOOLONG].contains(&e),
                    "round {round}: {e:?}"
                ),
            }
        }
        assert!(
            accepted > 50,
            "the fuzzer should reach success ({accepted})"
        );
    }
}
