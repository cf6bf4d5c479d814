//! Constants of the FreeBSD 15.0 amd64 ABI that the wire format depends on.
//!
//! Values from `sys/sys/jail.h`, `sys/sys/param.h`, `sys/sys/uio.h`,
//! `sys/sys/mount.h` and `sys/kern/kern_jail.c`.

/// Highest jid the kernel hands out itself (`sys/sys/jail.h`).
pub const JAIL_MAX: i32 = 999_999;
/// Longest path, including the NUL (`sys/sys/syslimits.h`).
pub const MAXPATHLEN: usize = 1024;
/// Longest host name and jail name, including the NUL (`sys/sys/param.h`).
pub const MAXHOSTNAMELEN: usize = 256;
/// Size of a prison's host UUID buffer (`sys/sys/jail.h`).
pub const HOSTUUIDLEN: usize = 64;
/// Size of a prison's osrelease buffer (`sys/sys/jail.h`).
pub const OSRELEASELEN: usize = 32;
/// Size of the `errmsg` buffer libjail passes (`lib/libjail/jail.h`).
pub const JAIL_ERRMSGLEN: usize = 1024;
/// Most iovecs one call may pass (`sys/sys/uio.h`).
pub const UIO_MAXIOV: u32 = 1024;
/// Bound on one option name, one value and the whole option list
/// (`sys/sys/mount.h`).
pub const VFS_MOUNTARG_SIZE_MAX: usize = 65536;
/// Default of `security.jail.jail_max_af_ips` (`sys/kern/kern_jail.c`).
pub const JAIL_MAX_AF_IPS_DEFAULT: u32 = 255;
/// The host UUID of prison0 and of new jails (`sys/sys/jail.h`).
pub const DEFAULT_HOSTUUID: &str = "00000000-0000-0000-0000-000000000000";

/// Value of a "jailsys" parameter: the feature is off for the jail.
pub const JAIL_SYS_DISABLE: i32 = 0;
/// Value of a "jailsys" parameter: the jail has its own instance.
pub const JAIL_SYS_NEW: i32 = 1;
/// Value of a "jailsys" parameter: the jail shares its parent's.
pub const JAIL_SYS_INHERIT: i32 = 2;

/// The `struct jail` version `jail(2)` expects today (`sys/sys/jail.h`).
pub const JAIL_API_VERSION: u32 = 2;
/// Version word of every `security.jail.list` record (`sys/sys/jail.h`).
pub const XPRISON_VERSION: i32 = 3;

/// `enum prison_state` (`sys/sys/jail.h`).
pub const PRISON_STATE_INVALID: i32 = 0;
/// `enum prison_state` (`sys/sys/jail.h`).
pub const PRISON_STATE_ALIVE: i32 = 1;
/// `enum prison_state` (`sys/sys/jail.h`).
pub const PRISON_STATE_DYING: i32 = 2;

/// Default of `security.jail.enforce_statfs` (`sys/kern/kern_jail.c`).
pub const JAIL_DEFAULT_ENFORCE_STATFS: i32 = 2;
/// Default of `security.jail.devfs_ruleset` (`sys/kern/kern_jail.c`).
pub const JAIL_DEFAULT_DEVFS_RSNUM: i32 = 0;

/// Size of one amd64 `struct iovec` (`{void *iov_base; size_t iov_len;}`).
pub const IOVEC_SIZE: usize = 16;
/// Size of the kernel's `struct vfsopt` on amd64, which `vfs_buildopts`
/// counts against [`VFS_MOUNTARG_SIZE_MAX`] for every option.
pub const VFSOPT_SIZE: usize = 48;
/// `SSIZE_MAX` on amd64: `copyinuio` refuses iovec lists whose lengths add
/// up to more (`IOSIZE_MAX` for a 64-bit process, `sys/kern/sys_generic.c`).
pub const IOSIZE_MAX: u64 = i64::MAX as u64;
/// First address above the amd64 user address space
/// (`VM_MAXUSER_ADDRESS`, 4-level paging). copyin(9) faults at or past it.
pub const VM_MAXUSER_ADDRESS: usize = 0x0000_7fff_ffff_f000;
