//! The base system's per-prison sysctls (`kern.hostname`, `kern.securelevel`,
//! `security.jail.jailed`, ...) as an rjail prisoner sees them.
//!
//! An rjail prisoner's credential names the base system's prison0, so the
//! kernel's own handlers would serve it the host's values and write the
//! host's. While rjail is loaded it stands in for those OIDs
//! (kmod/rjail_basectl.c) and asks this module what a prisoner reads and
//! what a prisoner's write does; everyone else gets the kernel's handler.
//!
//! FreeBSD's rules, applied to the prisoner's rjail prison:
//!
//! * `kern.hostname`, `kern.domainname`, `kern.hostuuid`, `kern.hostid`
//!   (sys/kern/kern_mib.c, `sysctl_hostname`, `sysctl_hostid`): read the
//!   prison's own value. A write needs `allow.set_hostname` (else EPERM),
//!   goes to the nearest prison, the prisoner's own or an ancestor, that
//!   has its own host information (`PR_HOST`), and to every descendant of
//!   that prison that shares it (a descendant with `PR_HOST` shields its
//!   subtree). rjail's prison0 stands for the host, whose values rjail
//!   never changes: a write that would land there is EPERM.
//! * `kern.securelevel` (`sysctl_kern_securelvl`): reads the prison's
//!   level, which is never below any ancestor's, nor below the host's own
//!   (the kernel's prison0, whose raises FreeBSD passes down to every jail;
//!   rjail's tree does not see them, so the floor is applied on reading). A
//!   write may not lower it (EPERM); it sets the prison's level and raises
//!   every descendant to at least that level.
//! * `kern.osrelease`, `kern.osreldate`: the prison's values (read only).
//! * `security.jail.jailed`: 1.
//! * The legacy knobs and `children.*` ([`super::knobs`]): the prison's
//!   own settings; writes are refused (the base system's OIDs are not
//!   `CTLFLAG_PRISON`, and a jail never has `PRIV_SYSCTL_WRITE`).
//! * `security.jail.list`: empty (served by the glue: an rjail prisoner has
//!   no descendants in the base system's tree).
//!
//! The kernel's `sysctl_root` has already checked a writer's privilege
//! (`PRIV_SYSCTL_WRITEJAIL` for the `CTLFLAG_PRISON` OIDs, which rjail's
//! policy grants a prisoner's root only) before any of this runs.

use alloc::vec::Vec;

use crate::abi::allow::Allow;
use crate::abi::consts::OSRELEASELEN;
use crate::errno::{Errno, KResult};
use crate::prison::{flags as pf, PrisonConfig, PrisonRef, Registry, Text};

use super::knobs::{self, KnobSpec};

/// One of the host-information strings `sysctl_hostname` serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostString {
    Hostname,
    Domainname,
    Hostuuid,
}

/// A base-system OID rjail stands in for. The glue names it by number
/// ([`BaseOid::from_id`]; the `RJAIL_BASECTL_*` of kmod/rjail_basectl.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseOid {
    Host(HostString),
    Hostid,
    Securelevel,
    Osrelease,
    Osreldate,
    Jailed,
    List,
    Knob(&'static KnobSpec),
}

/// The knob OIDs of `security.jail`, by the glue's number, named as in
/// [`knobs::KNOBS`].
const KNOB_IDS: [(u32, &str); 11] = [
    (9, "set_hostname_allowed"),
    (10, "socket_unixiproute_only"),
    (11, "sysvipc_allowed"),
    (12, "allow_raw_sockets"),
    (13, "chflags_allowed"),
    (14, "mount_allowed"),
    (15, "mlock_allowed"),
    (16, "enforce_statfs"),
    (17, "devfs_ruleset"),
    (18, "children.max"),
    (19, "children.cur"),
];

impl BaseOid {
    /// The OID the glue's number `id` stands for.
    pub fn from_id(id: u32) -> Option<BaseOid> {
        Some(match id {
            0 => BaseOid::Host(HostString::Hostname),
            1 => BaseOid::Host(HostString::Domainname),
            2 => BaseOid::Host(HostString::Hostuuid),
            3 => BaseOid::Hostid,
            4 => BaseOid::Securelevel,
            5 => BaseOid::Osrelease,
            6 => BaseOid::Osreldate,
            7 => BaseOid::Jailed,
            8 => BaseOid::List,
            _ => {
                let (_, name) = KNOB_IDS.iter().find(|(k, _)| *k == id)?;
                BaseOid::Knob(knobs::knob(name)?)
            }
        })
    }
}

fn host_string(config: &PrisonConfig, which: HostString) -> &[u8] {
    match which {
        HostString::Hostname => &config.host.hostname,
        HostString::Domainname => &config.host.domainname,
        HostString::Hostuuid => &config.host.hostuuid,
    }
}

/// What a string OID reads for `prisoner` (EINVAL: not a string OID).
pub fn read_string(prisoner: &PrisonRef, oid: BaseOid) -> KResult<Vec<u8>> {
    let config = prisoner.config();
    match oid {
        BaseOid::Host(which) => Ok(host_string(&config, which).to_vec()),
        BaseOid::Osrelease => Ok(config.osrelease.to_vec()),
        _ => Err(Errno::EINVAL),
    }
}

/// `prisoner` writes `value` to a string OID.
pub fn write_string(
    reg: &Registry,
    prisoner: &PrisonRef,
    oid: BaseOid,
    value: &[u8],
) -> KResult<()> {
    match oid {
        BaseOid::Host(which) => set_host_info(reg, prisoner, |c| match which {
            HostString::Hostname => c.host_mut().hostname = value.to_vec(),
            HostString::Domainname => c.host_mut().domainname = value.to_vec(),
            HostString::Hostuuid => c.host_mut().hostuuid = Text::from(value),
        }),
        // Read-only: sysctl_root refuses the write before a handler runs.
        _ => Err(Errno::EPERM),
    }
}

/// `prisoner`'s securelevel: the highest along its ancestry and the host's.
pub fn securelevel(prisoner: &PrisonRef, host_level: i32) -> i32 {
    let mut level = host_level;
    let mut cursor = Some(prisoner);
    while let Some(p) = cursor {
        level = level.max(p.config().securelevel);
        cursor = p.parent();
    }
    level
}

/// What a number OID reads for `prisoner` (EINVAL: not a number OID).
pub fn read_number(
    reg: &Registry,
    prisoner: &PrisonRef,
    oid: BaseOid,
    host_level: i32,
) -> KResult<i64> {
    Ok(match oid {
        // A u_long carried in an i64 (its bit pattern).
        BaseOid::Hostid => prisoner.config().host.hostid as i64,
        BaseOid::Securelevel => i64::from(securelevel(prisoner, host_level)),
        BaseOid::Osreldate => i64::from(prisoner.config().osreldate),
        BaseOid::Jailed => 1,
        BaseOid::Knob(knob) => i64::from(knobs::knob_read(reg, Some(prisoner), knob)),
        BaseOid::Host(_) | BaseOid::Osrelease | BaseOid::List => return Err(Errno::EINVAL),
    })
}

/// `prisoner` writes `value` to a number OID.
pub fn write_number(
    reg: &Registry,
    prisoner: &PrisonRef,
    oid: BaseOid,
    host_level: i32,
    value: i64,
) -> KResult<()> {
    match oid {
        BaseOid::Hostid => set_host_info(reg, prisoner, |c| c.host_mut().hostid = value as u64),
        BaseOid::Securelevel => {
            let level = i32::try_from(value).map_err(|_| Errno::EINVAL)?;
            raise_securelevel(reg, prisoner, host_level, level)
        }
        BaseOid::Knob(knob) => {
            let value = i32::try_from(value).map_err(|_| Errno::EINVAL)?;
            knobs::knob_write(reg, Some(prisoner), knob, value)
        }
        BaseOid::Host(_)
        | BaseOid::Osrelease
        | BaseOid::Osreldate
        | BaseOid::Jailed
        | BaseOid::List => Err(Errno::EPERM),
    }
}

/// `sysctl_hostname`'s write: the nearest prison with its own host
/// information, and its descendants that share it, take `change`.
fn set_host_info(
    reg: &Registry,
    prisoner: &PrisonRef,
    change: impl Fn(&mut PrisonConfig),
) -> KResult<()> {
    let mut tree = reg.write();
    if !prisoner.config().allow.contains(Allow::SET_HOSTNAME) {
        return Err(Errno::EPERM);
    }
    let mut owner = prisoner;
    while owner.config().flags & pf::HOST == 0 {
        owner = owner.parent().ok_or(Errno::EPERM)?;
    }
    if owner.is_host() {
        // The host's own values belong to the base system.
        return Err(Errno::EPERM);
    }
    owner.update_config(&mut tree, &change);
    for d in tree.host_sharers(owner) {
        d.update_config(&mut tree, &change);
    }
    Ok(())
}

/// `sysctl_kern_securelvl`'s write: never lower; the descendants follow.
fn raise_securelevel(
    reg: &Registry,
    prisoner: &PrisonRef,
    host_level: i32,
    level: i32,
) -> KResult<()> {
    let mut tree = reg.write();
    if level < securelevel(prisoner, host_level) {
        return Err(Errno::EPERM);
    }
    prisoner.update_config(&mut tree, |c| c.securelevel = level);
    for d in tree.descendants(prisoner) {
        d.update_config(&mut tree, |c| c.securelevel = c.securelevel.max(level));
    }
    Ok(())
}

/// rjail's prison0 takes the running kernel's `osrelease` and `osreldate`
/// (FreeBSD's `prison0_init`); a new prison inherits its parent's. The
/// release is cut to what `osrelease` holds (`OSRELEASELEN` with its NUL).
pub fn set_host_release(reg: &Registry, release: &[u8], reldate: i32) {
    let until_nul = release.split(|&b| b == 0).next().unwrap_or_default();
    let release = until_nul.get(..OSRELEASELEN - 1).unwrap_or(until_nul);
    let mut tree = reg.write();
    reg.host().update_config(&mut tree, |c| {
        c.osrelease = Text::from(release);
        c.osreldate = reldate;
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::child;

    fn ids() -> impl Iterator<Item = u32> {
        0..=19
    }

    #[test]
    fn every_glue_number_names_an_oid_and_no_other_does() {
        for id in ids() {
            assert!(BaseOid::from_id(id).is_some(), "id {id}");
        }
        assert_eq!(BaseOid::from_id(20), None);
        assert_eq!(BaseOid::from_id(u32::MAX), None);
        assert_eq!(
            BaseOid::from_id(16),
            Some(BaseOid::Knob(knobs::knob("enforce_statfs").unwrap()))
        );
    }

    #[test]
    fn a_prisoner_reads_its_own_host_information() {
        let reg = Registry::new();
        let p = child(&reg, reg.host(), b"p", |c| {
            c.flags |= pf::HOST;
            c.host_mut().hostname = b"inside".to_vec();
            c.host_mut().hostid = 42;
        });
        let name = read_string(&p, BaseOid::Host(HostString::Hostname)).unwrap();
        assert_eq!(name, b"inside");
        assert_eq!(read_number(&reg, &p, BaseOid::Hostid, -1), Ok(42));
        assert_eq!(read_number(&reg, &p, BaseOid::Jailed, -1), Ok(1));
    }

    #[test]
    fn hostname_write_needs_allow_set_hostname_and_changes_only_the_prison() {
        let reg = Registry::new();
        let host_before = reg.host().config();
        let denied = child(&reg, reg.host(), b"d", |c| {
            c.flags |= pf::HOST;
            c.allow.remove(Allow::SET_HOSTNAME);
        });
        let oid = BaseOid::Host(HostString::Hostname);
        assert_eq!(write_string(&reg, &denied, oid, b"x"), Err(Errno::EPERM));
        assert!(denied.config().host.hostname.is_empty());
        let allowed = child(&reg, reg.host(), b"a", |c| c.flags |= pf::HOST);
        assert_eq!(write_string(&reg, &allowed, oid, b"renamed"), Ok(()));
        assert_eq!(allowed.config().host.hostname, b"renamed");
        let host_after = reg.host().config();
        assert_eq!(host_after.host.hostname, host_before.host.hostname);
        assert_eq!(host_after.securelevel, host_before.securelevel);
    }

    #[test]
    fn a_write_goes_to_the_nearest_own_host_and_its_sharing_descendants() {
        let reg = Registry::new();
        let top = child(&reg, reg.host(), b"top", |c| c.flags |= pf::HOST);
        let sharing = child(&reg, &top, b"s", |_| {});
        let below_sharing = child(&reg, &sharing, b"bs", |_| {});
        let own = child(&reg, &top, b"o", |c| {
            c.flags |= pf::HOST;
            c.host_mut().hostname = b"own".to_vec();
        });
        let below_own = child(&reg, &own, b"bo", |c| {
            c.host_mut().hostname = b"own".to_vec()
        });
        // Written from the sharing child: lands on `top`.
        let oid = BaseOid::Host(HostString::Domainname);
        assert_eq!(write_string(&reg, &sharing, oid, b"example"), Ok(()));
        for p in [&top, &sharing, &below_sharing] {
            assert_eq!(p.config().host.domainname, b"example");
        }
        for p in [&own, &below_own] {
            assert!(p.config().host.domainname.is_empty());
        }
        assert!(reg.host().config().host.domainname.is_empty());
        assert_eq!(
            write_number(&reg, &below_sharing, BaseOid::Hostid, -1, 7),
            Ok(())
        );
        assert_eq!(top.config().host.hostid, 7);
        assert_eq!(own.config().host.hostid, 0);
    }

    #[test]
    fn a_write_that_would_reach_the_host_is_refused() {
        let reg = Registry::new();
        let inherits = child(&reg, reg.host(), b"i", |_| {});
        let oid = BaseOid::Host(HostString::Hostname);
        assert_eq!(
            write_string(&reg, &inherits, oid, b"evil"),
            Err(Errno::EPERM)
        );
        assert!(reg.host().config().host.hostname.is_empty());
        assert!(inherits.config().host.hostname.is_empty());
    }

    #[test]
    fn securelevel_reads_the_highest_of_ancestry_and_host() {
        let reg = Registry::new();
        let parent = child(&reg, reg.host(), b"p", |c| c.securelevel = 1);
        let kid = child(&reg, &parent, b"k", |c| c.securelevel = 0);
        assert_eq!(read_number(&reg, &kid, BaseOid::Securelevel, -1), Ok(1));
        assert_eq!(read_number(&reg, &kid, BaseOid::Securelevel, 2), Ok(2));
        assert_eq!(read_number(&reg, &parent, BaseOid::Securelevel, -1), Ok(1));
    }

    #[test]
    fn securelevel_may_rise_never_fall_and_descendants_follow() {
        let reg = Registry::new();
        let p = child(&reg, reg.host(), b"p", |c| c.securelevel = -1);
        let kid = child(&reg, &p, b"k", |c| c.securelevel = 1);
        let oid = BaseOid::Securelevel;
        assert_eq!(write_number(&reg, &p, oid, -1, 0), Ok(()));
        assert_eq!(p.config().securelevel, 0);
        assert_eq!(kid.config().securelevel, 1);
        assert_eq!(write_number(&reg, &p, oid, -1, -1), Err(Errno::EPERM));
        assert_eq!(write_number(&reg, &p, oid, -1, 2), Ok(()));
        assert_eq!(kid.config().securelevel, 2);
        // Never below the parent's: the child's level is at least 2 now.
        assert_eq!(write_number(&reg, &kid, oid, -1, 1), Err(Errno::EPERM));
        // The host's level is a floor too.
        assert_eq!(write_number(&reg, &kid, oid, 3, 2), Err(Errno::EPERM));
        assert_eq!(reg.host().config().securelevel, -1);
        assert_eq!(
            write_number(&reg, &kid, oid, -1, i64::MAX),
            Err(Errno::EINVAL)
        );
    }

    #[test]
    fn knobs_read_the_prison_and_refuse_writes() {
        let reg = Registry::new();
        let p = child(&reg, reg.host(), b"p", |c| {
            c.allow = Allow::SYSVIPC;
            c.enforce_statfs = 1;
            c.children_max = 4;
        });
        let knob = |id| BaseOid::from_id(id).unwrap();
        assert_eq!(read_number(&reg, &p, knob(9), -1), Ok(0));
        assert_eq!(read_number(&reg, &p, knob(10), -1), Ok(1));
        assert_eq!(read_number(&reg, &p, knob(11), -1), Ok(1));
        assert_eq!(read_number(&reg, &p, knob(16), -1), Ok(1));
        assert_eq!(read_number(&reg, &p, knob(18), -1), Ok(4));
        assert_eq!(read_number(&reg, &p, knob(19), -1), Ok(0));
        let before = reg.default_allow();
        assert_eq!(write_number(&reg, &p, knob(9), -1, 1), Err(Errno::EPERM));
        assert_eq!(write_number(&reg, &p, knob(16), -1, 0), Err(Errno::EPERM));
        assert_eq!(reg.default_allow(), before);
        assert_eq!(p.config().enforce_statfs, 1);
    }

    #[test]
    fn read_only_oids_refuse_writes_and_wrong_kinds_are_einval() {
        let reg = Registry::new();
        let p = child(&reg, reg.host(), b"p", |_| {});
        for oid in [BaseOid::Osreldate, BaseOid::Jailed, BaseOid::List] {
            assert_eq!(write_number(&reg, &p, oid, -1, 5), Err(Errno::EPERM));
        }
        assert_eq!(
            write_string(&reg, &p, BaseOid::Osrelease, b"1.0"),
            Err(Errno::EPERM)
        );
        assert_eq!(read_string(&p, BaseOid::Jailed), Err(Errno::EINVAL));
        assert_eq!(
            read_number(&reg, &p, BaseOid::Osrelease, -1),
            Err(Errno::EINVAL)
        );
    }

    #[test]
    fn the_host_release_is_what_new_prisons_start_from() {
        let reg = Registry::new();
        set_host_release(&reg, b"15.0-RELEASE", 1_500_068);
        assert_eq!(reg.host().config().osrelease, b"15.0-RELEASE");
        assert_eq!(reg.host().config().osreldate, 1_500_068);
        let long = [b'x'; 40];
        set_host_release(&reg, &long, 1);
        assert_eq!(reg.host().config().osrelease.len(), OSRELEASELEN - 1);
        set_host_release(&reg, b"14.3\0junk", 1);
        assert_eq!(reg.host().config().osrelease, b"14.3");
        let p = child(&reg, reg.host(), b"p", |_| {});
        assert_eq!(read_string(&p, BaseOid::Osrelease), Ok(b"14.3".to_vec()));
        assert_eq!(read_number(&reg, &p, BaseOid::Osreldate, -1), Ok(1));
    }
}
