//! The parameter catalogue: one table that drives `jail_set`, `jail_get`,
//! the `security.jail.rjail.param.*` sysctl listing and the userland's
//! string ↔ value conversion.
//!
//! Names, types, sysctl formats and access are FreeBSD 15.0's core
//! parameters (the `SYSCTL_JAIL_PARAM*` declarations of
//! `sys/kern/kern_jail.c`) without the VIMAGE ones (`vnet`, `allow.nfsd`):
//! rjail has no vnet jails. Not here either: `desc` (rjail has no jail
//! descriptors), `meta`/`env` (`sys/kern/kern_jailmeta.c`) and the
//! parameters of other modules (sysvmsg, linux, zfs, ...). The pseudo
//! parameters `errmsg` and `lastjid` are not in FreeBSD's sysctl tree and
//! not here. Descriptions are rjail's own words.

use alloc::string::String;

use super::allow::ALLOW_PARAMS;
use super::consts::{HOSTUUIDLEN, MAXHOSTNAMELEN, MAXPATHLEN, OSRELEASELEN};

/// The type of a parameter's value on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// `int`, 4 bytes.
    Int,
    /// `unsigned int`, 4 bytes.
    UInt,
    /// `unsigned long`, 8 bytes on amd64.
    ULong,
    /// Present or absent by name (`name` / `noname`); jail_get answers with
    /// an `int` 0/1.
    Bool,
    /// `int` with [`super::consts::JAIL_SYS_DISABLE`], `NEW` or `INHERIT`.
    JailSys,
    /// NUL-terminated string in a buffer of at most `max` bytes (with NUL).
    String { max: usize },
    /// Array of `struct in_addr` (4 bytes each, network order).
    InAddrArray,
    /// Array of `struct in6_addr` (16 bytes each).
    In6AddrArray,
}

impl ParamKind {
    /// The exact size of a fixed-size value.
    pub fn fixed_size(self) -> Option<usize> {
        match self {
            ParamKind::Int | ParamKind::UInt | ParamKind::JailSys => Some(4),
            ParamKind::ULong => Some(8),
            _ => None,
        }
    }

    /// The element size of an array kind.
    pub fn element_size(self) -> Option<usize> {
        match self {
            ParamKind::InAddrArray => Some(4),
            ParamKind::In6AddrArray => Some(16),
            _ => None,
        }
    }
}

/// When a parameter may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// At creation and on update (`CTLFLAG_RW`).
    ReadWrite,
    /// At creation only (`CTLFLAG_RDTUN`).
    CreateOnly,
    /// Never: reported by jail_get only (`CTLFLAG_RD`).
    ReadOnly,
}

/// One parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub access: Access,
    /// One line for `sysctl -d`.
    pub description: &'static str,
    /// The sysctl format string libjail reads to learn the type.
    pub sysctl_format: &'static str,
}

const fn int(name: &'static str, access: Access, description: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        kind: ParamKind::Int,
        access,
        description,
        sysctl_format: "I",
    }
}

const fn boolean(name: &'static str, access: Access, description: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        kind: ParamKind::Bool,
        access,
        description,
        sysctl_format: "B",
    }
}

const fn string(
    name: &'static str,
    max: usize,
    access: Access,
    description: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        kind: ParamKind::String { max },
        access,
        description,
        sysctl_format: "A",
    }
}

const fn jailsys(name: &'static str, access: Access, description: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        kind: ParamKind::JailSys,
        access,
        description,
        sysctl_format: "E,jailsys",
    }
}

const fn allow(name: &'static str, description: &'static str) -> ParamSpec {
    boolean(name, Access::ReadWrite, description)
}

use Access::{CreateOnly, ReadOnly, ReadWrite};

/// Every parameter, in the order of FreeBSD's sysctl declarations (the
/// order `jail_get`-based listings show them).
pub const PARAMS: &[ParamSpec] = &[
    int("jid", CreateOnly, "Number identifying the jail"),
    int(
        "parent",
        ReadOnly,
        "Number of the parent jail, 0 for the viewer's own",
    ),
    string("name", MAXHOSTNAMELEN, ReadWrite, "Dotted name of the jail"),
    string(
        "path",
        MAXPATHLEN,
        CreateOnly,
        "Directory that becomes the jail's root",
    ),
    int("securelevel", ReadWrite, "Security level inside the jail"),
    int(
        "osreldate",
        CreateOnly,
        "kern.osreldate (uname -K) seen inside the jail",
    ),
    string(
        "osrelease",
        OSRELEASELEN,
        CreateOnly,
        "kern.osrelease (uname -r) seen inside the jail",
    ),
    int(
        "enforce_statfs",
        ReadWrite,
        "Which mount points the jail can see (0-2)",
    ),
    int(
        "devfs_ruleset",
        ReadWrite,
        "devfs ruleset applied to devfs mounted in the jail",
    ),
    boolean("persist", ReadWrite, "Jail lives on without processes"),
    boolean(
        "dying",
        ReadOnly,
        "Jail has been removed and is releasing its resources",
    ),
    int(
        "children.cur",
        ReadOnly,
        "Jails below this one, at any depth",
    ),
    int(
        "children.max",
        ReadWrite,
        "Most jails this one may have below it",
    ),
    jailsys(
        "host",
        ReadWrite,
        "Own host name, domain, UUID and id, or the parent's",
    ),
    string(
        "host.hostname",
        MAXHOSTNAMELEN,
        ReadWrite,
        "Host name inside the jail",
    ),
    string(
        "host.domainname",
        MAXHOSTNAMELEN,
        ReadWrite,
        "NIS domain name inside the jail",
    ),
    string(
        "host.hostuuid",
        HOSTUUIDLEN,
        ReadWrite,
        "Host UUID inside the jail",
    ),
    ParamSpec {
        name: "host.hostid",
        kind: ParamKind::ULong,
        access: ReadWrite,
        description: "Host id inside the jail",
        sysctl_format: "LU",
    },
    int("cpuset.id", ReadOnly, "Root cpuset of the jail"),
    jailsys(
        "ip4",
        CreateOnly,
        "IPv4: own address list, the parent's, or none",
    ),
    ParamSpec {
        name: "ip4.addr",
        kind: ParamKind::InAddrArray,
        access: ReadWrite,
        description: "IPv4 addresses of the jail, first one primary",
        sysctl_format: "S,in_addr,a",
    },
    boolean(
        "ip4.saddrsel",
        ReadWrite,
        "Pick IPv4 source addresses normally, not just the primary",
    ),
    jailsys(
        "ip6",
        CreateOnly,
        "IPv6: own address list, the parent's, or none",
    ),
    ParamSpec {
        name: "ip6.addr",
        kind: ParamKind::In6AddrArray,
        access: ReadWrite,
        description: "IPv6 addresses of the jail, first one primary",
        sysctl_format: "S,in6_addr,a",
    },
    boolean(
        "ip6.saddrsel",
        ReadWrite,
        "Pick IPv6 source addresses normally, not just the primary",
    ),
    allow(
        "allow.set_hostname",
        "Root in the jail may change its host name",
    ),
    allow("allow.sysvipc", "Jail may use System V IPC"),
    allow("allow.raw_sockets", "Jail may open raw sockets"),
    allow("allow.chflags", "Jail may change system file flags"),
    allow(
        "allow.mount",
        "Jail may mount and unmount jail-friendly file systems",
    ),
    allow("allow.quotas", "Jail may manage file system quotas"),
    allow(
        "allow.socket_af",
        "Jail may use socket families beyond local, IP and route",
    ),
    allow("allow.mlock", "Jail may wire pages into memory"),
    allow(
        "allow.reserved_ports",
        "Root in the jail may bind ports below 1024",
    ),
    allow(
        "allow.read_msgbuf",
        "Jail may read the kernel message buffer",
    ),
    allow(
        "allow.unprivileged_proc_debug",
        "Unprivileged users may debug their own processes",
    ),
    allow("allow.suser", "uid 0 in the jail holds privileges"),
    allow("allow.extattr", "Jail may set system extended attributes"),
    allow("allow.adjtime", "Jail may slew the system clock"),
    allow("allow.settime", "Jail may set the system clock"),
    allow("allow.routing", "Jail may change the routing table"),
    allow(
        "allow.unprivileged_parent_tampering",
        "Unprivileged users of the parent may signal or debug the jail's same-uid processes",
    ),
    allow(
        "allow.setaudit",
        "Jail may read and change audit session state",
    ),
    allow("allow.mount.devfs", "Jail may mount devfs"),
    allow("allow.mount.fdescfs", "Jail may mount fdescfs"),
    allow("allow.mount.fusefs", "Jail may mount fusefs"),
    allow("allow.mount.linprocfs", "Jail may mount linprocfs"),
    allow("allow.mount.linsysfs", "Jail may mount linsysfs"),
    allow("allow.mount.nullfs", "Jail may mount nullfs"),
    allow("allow.mount.procfs", "Jail may mount procfs"),
    allow("allow.mount.tmpfs", "Jail may mount tmpfs"),
    allow("allow.mount.zfs", "Jail may mount ZFS datasets"),
];

/// The negated name of a boolean: `no` before the last dotted component
/// (`persist` → `nopersist`, `allow.mount.devfs` → `allow.mount.nodevfs`).
pub fn negated_name(name: &str) -> String {
    let split = name.rfind('.').map_or(0, |dot| dot + 1);
    let (prefix, last) = name.split_at(split);
    let mut out = String::with_capacity(name.len() + 2);
    out.push_str(prefix);
    out.push_str("no");
    out.push_str(last);
    out
}

/// The parameter a name denotes, and whether the name was a boolean's
/// negation. Only booleans accept the `no` form.
pub fn lookup_negatable(name: &str) -> Option<(&'static ParamSpec, bool)> {
    if let Some(spec) = PARAMS.iter().find(|p| p.name == name) {
        return Some((spec, false));
    }
    let split = name.rfind('.').map_or(0, |dot| dot + 1);
    let (prefix, last) = name.split_at(split);
    let positive_last = last.strip_prefix("no")?;
    PARAMS
        .iter()
        .filter(|p| p.kind == ParamKind::Bool)
        .find(|p| {
            p.name.len() == prefix.len() + positive_last.len()
                && p.name.starts_with(prefix)
                && p.name.ends_with(positive_last)
        })
        .map(|spec| (spec, true))
}

/// The parameter a name denotes, accepting `no` forms of booleans.
pub fn lookup(name: &str) -> Option<&'static ParamSpec> {
    lookup_negatable(name).map(|(spec, _)| spec)
}

/// Whether every `allow.*` parameter of [`ALLOW_PARAMS`] is in the catalogue
/// (checked by the tests; the kernel may assert it at load time).
pub fn allow_params_catalogued() -> bool {
    ALLOW_PARAMS
        .iter()
        .all(|(name, _)| lookup(name).is_some_and(|p| p.kind == ParamKind::Bool))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn names_are_unique_and_formats_match_kinds() {
        for (i, p) in PARAMS.iter().enumerate() {
            assert!(PARAMS[..i].iter().all(|q| q.name != p.name), "{}", p.name);
            let expected = match p.kind {
                ParamKind::Int => "I",
                ParamKind::UInt => "IU",
                ParamKind::ULong => "LU",
                ParamKind::Bool => "B",
                ParamKind::JailSys => "E,jailsys",
                ParamKind::String { .. } => "A",
                ParamKind::InAddrArray => "S,in_addr,a",
                ParamKind::In6AddrArray => "S,in6_addr,a",
            };
            assert_eq!(p.sysctl_format, expected, "{}", p.name);
            assert!(!p.description.is_empty());
        }
    }

    #[test]
    fn freebsd_access_rules() {
        let access = |name| lookup(name).unwrap().access;
        assert_eq!(access("jid"), Access::CreateOnly);
        assert_eq!(access("path"), Access::CreateOnly);
        assert_eq!(access("ip4"), Access::CreateOnly);
        assert_eq!(access("osrelease"), Access::CreateOnly);
        assert_eq!(access("osreldate"), Access::CreateOnly);
        assert_eq!(access("host"), Access::ReadWrite);
        assert_eq!(access("ip4.addr"), Access::ReadWrite);
        assert_eq!(access("children.cur"), Access::ReadOnly);
        assert_eq!(access("dying"), Access::ReadOnly);
        assert_eq!(access("parent"), Access::ReadOnly);
        assert_eq!(access("cpuset.id"), Access::ReadOnly);
        assert_eq!(
            lookup("host.hostuuid").unwrap().kind,
            ParamKind::String { max: HOSTUUIDLEN }
        );
    }

    #[test]
    fn vnet_and_descriptor_parameters_are_absent() {
        for name in [
            "vnet",
            "allow.nfsd",
            "desc",
            "meta",
            "env",
            "lastjid",
            "errmsg",
        ] {
            assert!(lookup(name).is_none(), "{name}");
        }
    }

    #[test]
    fn every_allow_flag_is_catalogued_and_vice_versa() {
        assert!(allow_params_catalogued());
        let catalogued: Vec<_> = PARAMS
            .iter()
            .filter(|p| p.name.starts_with("allow."))
            .collect();
        assert_eq!(catalogued.len(), ALLOW_PARAMS.len());
    }

    #[test]
    fn negated_names() {
        assert_eq!(negated_name("persist"), "nopersist");
        assert_eq!(negated_name("allow.mount.devfs"), "allow.mount.nodevfs");
        assert_eq!(
            lookup_negatable("nopersist").map(|(p, n)| (p.name, n)),
            Some(("persist", true))
        );
        assert_eq!(
            lookup_negatable("allow.mount.nodevfs").map(|(p, n)| (p.name, n)),
            Some(("allow.mount.devfs", true))
        );
        assert_eq!(
            lookup_negatable("allow.nomount").unwrap().0.name,
            "allow.mount"
        );
        assert_eq!(
            lookup_negatable("ip4.nosaddrsel").unwrap().0.name,
            "ip4.saddrsel"
        );
        // Only booleans have a negation, and only on the last component.
        assert!(lookup("nojid").is_none());
        assert!(lookup("noallow.mount").is_none());
        assert!(lookup("allow.nomount.devfs").is_none());
        assert!(lookup("nonopersist").is_none());
        assert!(lookup("no").is_none());
    }
}
