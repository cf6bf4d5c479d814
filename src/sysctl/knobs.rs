//! The legacy `security.jail.*` knobs: global defaults that `jail(2)` applies
//! to the prisons it creates, plus the viewer's own `children.max` and
//! `children.cur`.
//!
//! FreeBSD's rules (`sysctl_jail_default_allow`, `sysctl_jail_default_level`,
//! `sysctl_jail_children` in sys/kern/kern_jail.c; the write checks of
//! `sysctl_root` in sys/kern/kern_sysctl.c):
//!
//! * the host reads the global default; a prisoner reads its own prison's
//!   value ("prisons just see their own parameters");
//! * a write to a read-only OID is EPERM; a write from inside a prison is
//!   EPERM (the OIDs are not `CTLFLAG_PRISON`, so writing needs
//!   `PRIV_SYSCTL_WRITE`, which no jail grants). A write always changes the
//!   global default, never a prison;
//! * written values are not range-checked: `enforce_statfs` takes any int
//!   (an out-of-range default makes later `jail(2)` calls fail with EINVAL
//!   in `jail_set`'s own check, as in FreeBSD); an `_allowed` knob takes any
//!   int, non-zero meaning on.
//!
//! The host's own privilege to write (`PRIV_SYSCTL_WRITE` for root) is
//! checked by the kernel's `sysctl_root` before any handler runs, so these
//! functions do not see unprivileged host writers.
//!
//! Values travel as `i32`. The one unsigned knob, `jail_max_af_ips` (a
//! `u_int` OID, format `"IU"`), carries its `u32` bit pattern in the `i32`:
//! the edge writes `value as u32 as i32` and reads back with `as u32`.

use crate::abi::allow::Allow;
use crate::abi::consts::JAIL_DEFAULT_DEVFS_RSNUM;
use crate::errno::{Errno, KResult};
use crate::prison::{PrisonRef, Registry};

/// What a knob reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnobKind {
    /// A `jail(2)` default permission (`jail_default_allow`): 1 when `bit`
    /// is on. `inverted` knobs read 1 when it is off
    /// (`socket_unixiproute_only` is "not allow.socket_af").
    DefaultAllow { bit: Allow, inverted: bool },
    /// `enforce_statfs`: the default for new prisons (read-write).
    EnforceStatfs,
    /// `devfs_ruleset`: the default ruleset (read-only).
    DevfsRuleset,
    /// `jail_max_af_ips`: addresses per family a prison may have (unsigned,
    /// read-write, global even inside a prison).
    MaxAfIps,
    /// `children.max` of the viewer's prison (read-only).
    ChildrenMax,
    /// `children.cur` of the viewer's prison (read-only).
    ChildrenCur,
}

/// One knob: its OID name below rjail's `security.jail` node (a dotted
/// name such as `children.max` lies under a `children` node), its
/// description (`sysctl -d`) and what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnobSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: KnobKind,
}

impl KnobSpec {
    /// Whether the OID is `CTLFLAG_RW` (else `CTLFLAG_RD`).
    pub fn writable(&self) -> bool {
        !matches!(
            self.kind,
            KnobKind::DevfsRuleset | KnobKind::ChildrenMax | KnobKind::ChildrenCur
        )
    }

    /// Whether the OID is a `u_int` (`CTLTYPE_UINT`, format `"IU"`) rather
    /// than an `int` (`CTLTYPE_INT`, format `"I"`).
    pub fn unsigned(&self) -> bool {
        self.kind == KnobKind::MaxAfIps
    }

    /// The sysctl format string.
    pub fn format(&self) -> &'static str {
        if self.unsigned() {
            "IU"
        } else {
            "I"
        }
    }
}

const fn allow_knob(name: &'static str, description: &'static str, bit: Allow) -> KnobSpec {
    KnobSpec {
        name,
        description,
        kind: KnobKind::DefaultAllow {
            bit,
            inverted: false,
        },
    }
}

/// Every knob, in FreeBSD's declaration order, the per-file-system mount
/// knobs (FreeBSD adds `mount_<fs>_allowed` as each file system registers)
/// after the static ones.
pub const KNOBS: &[KnobSpec] = &[
    KnobSpec {
        name: "jail_max_af_ips",
        description: "Most addresses of one family a jail may have (deprecated)",
        kind: KnobKind::MaxAfIps,
    },
    allow_knob(
        "set_hostname_allowed",
        "jail(2) default: jailed root may change the host name (deprecated)",
        Allow::SET_HOSTNAME,
    ),
    KnobSpec {
        name: "socket_unixiproute_only",
        description:
            "jail(2) default: jails may only open local, IP and route sockets (deprecated)",
        kind: KnobKind::DefaultAllow {
            bit: Allow::SOCKET_AF,
            inverted: true,
        },
    },
    allow_knob(
        "sysvipc_allowed",
        "jail(2) default: jails may use System V IPC (deprecated)",
        Allow::SYSVIPC,
    ),
    allow_knob(
        "allow_raw_sockets",
        "jail(2) default: jailed root may open raw sockets (deprecated)",
        Allow::RAW_SOCKETS,
    ),
    allow_knob(
        "chflags_allowed",
        "jail(2) default: jails may change system file flags (deprecated)",
        Allow::CHFLAGS,
    ),
    allow_knob(
        "mount_allowed",
        "jail(2) default: jails may mount jail-friendly file systems (deprecated)",
        Allow::MOUNT,
    ),
    allow_knob(
        "mlock_allowed",
        "jail(2) default: jails may wire pages into memory",
        Allow::MLOCK,
    ),
    KnobSpec {
        name: "enforce_statfs",
        description: "Default for new jails: which mount points a jail sees, 0-2 (deprecated)",
        kind: KnobKind::EnforceStatfs,
    },
    KnobSpec {
        name: "devfs_ruleset",
        description: "devfs ruleset of jails (deprecated)",
        kind: KnobKind::DevfsRuleset,
    },
    KnobSpec {
        name: "children.max",
        description: "Most jails the viewer's jail may have below it",
        kind: KnobKind::ChildrenMax,
    },
    KnobSpec {
        name: "children.cur",
        description: "Jails below the viewer's jail now",
        kind: KnobKind::ChildrenCur,
    },
    allow_knob(
        "mount_devfs_allowed",
        "jail(2) default: jails may mount devfs (deprecated)",
        Allow::MOUNT_DEVFS,
    ),
    allow_knob(
        "mount_fdescfs_allowed",
        "jail(2) default: jails may mount fdescfs (deprecated)",
        Allow::MOUNT_FDESCFS,
    ),
    allow_knob(
        "mount_fusefs_allowed",
        "jail(2) default: jails may mount fusefs (deprecated)",
        Allow::MOUNT_FUSEFS,
    ),
    allow_knob(
        "mount_linprocfs_allowed",
        "jail(2) default: jails may mount linprocfs (deprecated)",
        Allow::MOUNT_LINPROCFS,
    ),
    allow_knob(
        "mount_linsysfs_allowed",
        "jail(2) default: jails may mount linsysfs (deprecated)",
        Allow::MOUNT_LINSYSFS,
    ),
    allow_knob(
        "mount_nullfs_allowed",
        "jail(2) default: jails may mount nullfs (deprecated)",
        Allow::MOUNT_NULLFS,
    ),
    allow_knob(
        "mount_procfs_allowed",
        "jail(2) default: jails may mount procfs (deprecated)",
        Allow::MOUNT_PROCFS,
    ),
    allow_knob(
        "mount_tmpfs_allowed",
        "jail(2) default: jails may mount tmpfs (deprecated)",
        Allow::MOUNT_TMPFS,
    ),
    allow_knob(
        "mount_zfs_allowed",
        "jail(2) default: jails may mount ZFS datasets (deprecated)",
        Allow::MOUNT_ZFS,
    ),
];

/// The knob with that OID name.
pub fn knob(name: &str) -> Option<&'static KnobSpec> {
    KNOBS.iter().find(|k| k.name == name)
}

/// What reading `knob` gives `viewer` (`None`: a host process).
pub fn knob_read(reg: &Registry, viewer: Option<&PrisonRef>, knob: &KnobSpec) -> i32 {
    match knob.kind {
        KnobKind::DefaultAllow { bit, inverted } => {
            let on = match viewer {
                None => reg.default_allow().contains(bit),
                Some(p) => p.config().allow.contains(bit),
            };
            i32::from(on != inverted)
        }
        KnobKind::EnforceStatfs => match viewer {
            None => reg.default_enforce_statfs(),
            Some(p) => p.config().enforce_statfs,
        },
        KnobKind::DevfsRuleset => match viewer {
            None => JAIL_DEFAULT_DEVFS_RSNUM,
            Some(p) => p.config().devfs_ruleset,
        },
        // A u_int carried in an int (see the module docs).
        KnobKind::MaxAfIps => reg.max_af_ips() as i32,
        KnobKind::ChildrenMax => viewer.unwrap_or(reg.host()).config().children_max,
        KnobKind::ChildrenCur => viewer.unwrap_or(reg.host()).children_cur(),
    }
}

/// Writes `value` to `knob` for `viewer`: EPERM for a read-only knob and
/// for any writer inside a prison; otherwise the global default changes.
pub fn knob_write(
    reg: &Registry,
    viewer: Option<&PrisonRef>,
    knob: &KnobSpec,
    value: i32,
) -> KResult<()> {
    if !knob.writable() || viewer.is_some() {
        return Err(Errno::EPERM);
    }
    match knob.kind {
        KnobKind::DefaultAllow { bit, inverted } => {
            reg.update_default_allow(bit, (value != 0) != inverted);
        }
        KnobKind::EnforceStatfs => reg.set_default_enforce_statfs(value),
        // The bit pattern of the u_int the caller wrote.
        KnobKind::MaxAfIps => reg.set_max_af_ips(value as u32),
        KnobKind::DevfsRuleset | KnobKind::ChildrenMax | KnobKind::ChildrenCur => {
            return Err(Errno::EPERM)
        }
    }
    Ok(())
}

/// `security.jail.jailed`: 1 for a process inside an rjail prison.
pub fn jailed(viewer: Option<&PrisonRef>) -> i32 {
    i32::from(viewer.is_some())
}
