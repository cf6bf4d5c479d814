//! The `allow.*` permission bits of a prison (`pr_allow`).
//!
//! The static bits have FreeBSD 15.0's `PR_ALLOW_*` values (`sys/sys/jail.h`)
//! and names (`pr_flag_allow[]` in `sys/kern/kern_jail.c`), so a bit mask
//! means the same thing on both sides of the ABI.
//!
//! FreeBSD hands out the `allow.mount.<fs>` bits at run time, one per
//! jail-friendly file system as it registers (`prison_add_vfs`), taking the
//! lowest bit not yet used. rjail cannot hook file system registration, so it
//! has a fixed set instead: the jail-friendly file systems of a stock 15.0
//! system (devfs, fdescfs, fusefs, linprocfs, linsysfs, nullfs, procfs,
//! tmpfs, zfs), with bits chosen the way FreeBSD chooses them (the free bits
//! 0x800..0x4000 first, then from 0x0100_0000 up), in alphabetical order.
//! `allow.vmm` (added by vmm(4)) and `allow.nfsd` (VIMAGE only; rjail has
//! no vnet jails) are not parameters of rjail.

use bitflags::bitflags;

bitflags! {
    /// A prison's permission bits.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
    pub struct Allow: u32 {
        const SET_HOSTNAME = 0x0000_0001;
        const SYSVIPC = 0x0000_0002;
        const RAW_SOCKETS = 0x0000_0004;
        const CHFLAGS = 0x0000_0008;
        const MOUNT = 0x0000_0010;
        const QUOTAS = 0x0000_0020;
        const SOCKET_AF = 0x0000_0040;
        const MLOCK = 0x0000_0080;
        const READ_MSGBUF = 0x0000_0100;
        const UNPRIV_DEBUG = 0x0000_0200;
        const SUSER = 0x0000_0400;
        const RESERVED_PORTS = 0x0000_8000;
        /// Reserved by FreeBSD, never granted by a parameter.
        const KMEM_ACCESS = 0x0001_0000;
        /// VIMAGE only; kept for bit compatibility, not a parameter here.
        const NFSD = 0x0002_0000;
        const EXTATTR = 0x0004_0000;
        const ADJTIME = 0x0008_0000;
        const SETTIME = 0x0010_0000;
        const ROUTING = 0x0020_0000;
        const UNPRIV_PARENT_TAMPER = 0x0040_0000;
        const SETAUDIT = 0x0080_0000;

        // rjail's fixed per-file-system mount permissions (see module docs).
        const MOUNT_DEVFS = 0x0000_0800;
        const MOUNT_FDESCFS = 0x0000_1000;
        const MOUNT_FUSEFS = 0x0000_2000;
        const MOUNT_LINPROCFS = 0x0000_4000;
        const MOUNT_LINSYSFS = 0x0100_0000;
        const MOUNT_NULLFS = 0x0200_0000;
        const MOUNT_PROCFS = 0x0400_0000;
        const MOUNT_TMPFS = 0x0800_0000;
        const MOUNT_ZFS = 0x1000_0000;
    }
}

impl Allow {
    /// FreeBSD's statically allocated bits (`PR_ALLOW_ALL_STATIC`).
    pub const ALL_STATIC: Allow = Allow::from_bits_retain(0x00ff_87ff);
    /// Every per-file-system mount bit rjail has.
    pub const ALL_MOUNT_FS: Allow = Allow::MOUNT_DEVFS
        .union(Allow::MOUNT_FDESCFS)
        .union(Allow::MOUNT_FUSEFS)
        .union(Allow::MOUNT_LINPROCFS)
        .union(Allow::MOUNT_LINSYSFS)
        .union(Allow::MOUNT_NULLFS)
        .union(Allow::MOUNT_PROCFS)
        .union(Allow::MOUNT_TMPFS)
        .union(Allow::MOUNT_ZFS);
    /// What a new jail gets when the creator does not say
    /// (`JAIL_DEFAULT_ALLOW`, `sys/kern/kern_jail.c`), before masking with
    /// the parent's bits.
    pub const DEFAULT: Allow = Allow::SET_HOSTNAME
        .union(Allow::RESERVED_PORTS)
        .union(Allow::UNPRIV_DEBUG)
        .union(Allow::SUSER);
    /// Bits a child may have although its parent lacks them
    /// (`PR_ALLOW_DIFFERENCES`).
    pub const DIFFERENCES: Allow = Allow::UNPRIV_DEBUG.union(Allow::UNPRIV_PARENT_TAMPER);
    /// The host's bits (`PR_ALLOW_PRISON0`): everything but parent
    /// tampering; FreeBSD also gives prison0 every dynamic bit it adds.
    pub const PRISON0: Allow = Allow::ALL_STATIC
        .union(Allow::ALL_MOUNT_FS)
        .difference(Allow::UNPRIV_PARENT_TAMPER);
}

/// What every name of [`ALLOW_PARAMS`] (and every negation of one) starts
/// with.
pub const ALLOW_PREFIX: &str = "allow.";

/// Every `allow.*` parameter rjail has, in FreeBSD's `pr_flag_allow[]` order
/// followed by the mount permissions. The negated name of each is
/// `allow.no<last part>` (see [`super::catalogue::negated_name`]).
pub const ALLOW_PARAMS: &[(&str, Allow)] = &[
    ("allow.set_hostname", Allow::SET_HOSTNAME),
    ("allow.sysvipc", Allow::SYSVIPC),
    ("allow.raw_sockets", Allow::RAW_SOCKETS),
    ("allow.chflags", Allow::CHFLAGS),
    ("allow.mount", Allow::MOUNT),
    ("allow.quotas", Allow::QUOTAS),
    ("allow.socket_af", Allow::SOCKET_AF),
    ("allow.mlock", Allow::MLOCK),
    ("allow.reserved_ports", Allow::RESERVED_PORTS),
    ("allow.read_msgbuf", Allow::READ_MSGBUF),
    ("allow.unprivileged_proc_debug", Allow::UNPRIV_DEBUG),
    ("allow.suser", Allow::SUSER),
    ("allow.extattr", Allow::EXTATTR),
    ("allow.adjtime", Allow::ADJTIME),
    ("allow.settime", Allow::SETTIME),
    ("allow.routing", Allow::ROUTING),
    (
        "allow.unprivileged_parent_tampering",
        Allow::UNPRIV_PARENT_TAMPER,
    ),
    ("allow.setaudit", Allow::SETAUDIT),
    ("allow.mount.devfs", Allow::MOUNT_DEVFS),
    ("allow.mount.fdescfs", Allow::MOUNT_FDESCFS),
    ("allow.mount.fusefs", Allow::MOUNT_FUSEFS),
    ("allow.mount.linprocfs", Allow::MOUNT_LINPROCFS),
    ("allow.mount.linsysfs", Allow::MOUNT_LINSYSFS),
    ("allow.mount.nullfs", Allow::MOUNT_NULLFS),
    ("allow.mount.procfs", Allow::MOUNT_PROCFS),
    ("allow.mount.tmpfs", Allow::MOUNT_TMPFS),
    ("allow.mount.zfs", Allow::MOUNT_ZFS),
];

/// The bit of an `allow.*` parameter given by its positive name.
pub fn allow_bit(name: &str) -> Option<Allow> {
    ALLOW_PARAMS
        .iter()
        .find(|(param, _)| *param == name)
        .map(|&(_, bit)| bit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allow_parameter_is_under_allow_dot() {
        // jail_set and jail_get skip the allow lookups for a list with no
        // option under ALLOW_PREFIX: that is right only while this holds.
        for (name, _) in ALLOW_PARAMS {
            assert!(name.starts_with(ALLOW_PREFIX), "{name}");
        }
    }

    #[test]
    fn freebsd_values() {
        assert_eq!(Allow::DEFAULT.bits(), 0x0000_8601);
        assert_eq!(Allow::DIFFERENCES.bits(), 0x0040_0200);
        assert_eq!(Allow::SETAUDIT.bits(), 0x0080_0000);
        assert!(!Allow::PRISON0.contains(Allow::UNPRIV_PARENT_TAMPER));
        assert!(Allow::PRISON0.contains(Allow::ALL_MOUNT_FS | Allow::SUSER));
    }

    #[test]
    fn mount_bits_do_not_collide_with_static_bits() {
        assert!(!Allow::ALL_STATIC.intersects(Allow::ALL_MOUNT_FS));
        assert_eq!(Allow::ALL_MOUNT_FS.bits().count_ones(), 9);
    }

    #[test]
    fn params_have_distinct_bits_and_names() {
        let mut seen = Allow::empty();
        for (i, (name, bit)) in ALLOW_PARAMS.iter().enumerate() {
            assert_eq!(bit.bits().count_ones(), 1, "{name}");
            assert!(!seen.intersects(*bit), "{name}");
            seen |= *bit;
            assert!(name.starts_with("allow."));
            assert!(ALLOW_PARAMS[..i].iter().all(|(other, _)| other != name));
        }
        assert!(!seen.contains(Allow::NFSD));
        assert!(!seen.contains(Allow::KMEM_ACCESS));
        assert_eq!(allow_bit("allow.mount.nullfs"), Some(Allow::MOUNT_NULLFS));
        assert_eq!(allow_bit("allow.nfsd"), None);
    }
}
