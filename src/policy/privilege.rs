//! Privilege decisions: the diluted superuser of a prison (the MAC
//! `priv_check` veto and `priv_grant` hooks).
//!
//! FreeBSD decides a privilege in `priv_check_cred` (`sys/kern/kern_priv.c`):
//! MAC vetoes, then the jail's veto (`prison_priv_check`,
//! `sys/kern/kern_jail.c`), then grants (unprivileged mlock and msgbuf,
//! the superuser when `suser_enabled(cred)` — the jail's `allow.suser` — and
//! uid 0, `PRIV_KMEM_READ` and `PRIV_PROC_MEM_WRITE` for everyone,
//! `PRIV_DEBUG_UNPRIV` by `allow.unprivileged_proc_debug`), then MAC grants.
//! An rjail prisoner's credential belongs to the kernel's prison0, so the
//! kernel runs that sequence as for an unjailed process; rjail's veto, which
//! runs first, removes exactly what FreeBSD's jail would not grant:
//!
//! * what `prison_priv_check` denies (for a jail without its own vnet);
//! * `PRIV_VFS_READ_DIR` and `PRIV_VFS_GENERATION`, which the kernel never
//!   grants a jailed credential;
//! * with `allow.suser` off, everything the superuser rule alone would
//!   grant (what is left is what unprivileged users get);
//! * `PRIV_DEBUG_UNPRIV` for a credential that is not the prison's
//!   superuser, unless the prison has `allow.unprivileged_proc_debug`
//!   (the kernel would look at prison0's flag instead).
//!
//! # The jail privileges
//!
//! `PRIV_JAIL_ATTACH`, `PRIV_JAIL_SET` and `PRIV_JAIL_REMOVE` open the base
//! system's jail calls, which act on the base system's jails: a prisoner
//! holding them could leave rjail's confinement through a native jail. They
//! are therefore vetoed for prisoners, except while the thread is inside one
//! of rjail's own system calls ([`Asker::in_rjail_call`]): there they mean
//! "act on a child of my rjail prison", which FreeBSD lets jailed root do.

use crate::abi::allow::Allow;
use crate::errno::{Errno, KResult};
use crate::prison::{Prison, PrisonConfig};

use super::confining;
use super::priv_numbers as p;

/// What the decision needs to know about the credential besides its prison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asker {
    /// The effective uid (`cr_uid`).
    pub euid: u32,
    /// Whether the asking thread is inside one of rjail's own system calls,
    /// so that a jail privilege concerns rjail's prisons, not the base
    /// system's (see the module documentation).
    pub in_rjail_call: bool,
}

impl Asker {
    /// uid 0 outside rjail's system calls: the superuser whose privileges
    /// the jail dilutes.
    pub const SUPERUSER: Asker = Asker {
        euid: 0,
        in_rjail_call: false,
    };
}

/// The MAC veto for a credential whose effective uid is 0 and which is not
/// inside an rjail system call ([`check_as`] with [`Asker::SUPERUSER`]).
pub fn check(subject: Option<&Prison>, privilege: i32) -> KResult<()> {
    check_as(subject, privilege, Asker::SUPERUSER)
}

/// The MAC veto (`mpo_priv_check`): `Ok` where FreeBSD's jail would let the
/// credential have `privilege` if the rest of the kernel grants it, EPERM
/// where it would not. Nothing is vetoed on the host.
pub fn check_as(subject: Option<&Prison>, privilege: i32, asker: Asker) -> KResult<()> {
    let Some(prison) = confining(subject) else {
        return Ok(());
    };
    if is_base_jail_privilege(privilege) && !asker.in_rjail_call {
        return Err(Errno::EPERM);
    }
    prison.with_config(|config| veto_for(config, privilege, asker))
}

/// [`check_as`] for a prisoner, on its prison's parameters.
fn veto_for(config: &PrisonConfig, privilege: i32, asker: Asker) -> KResult<()> {
    let suser_enabled = config.allow.contains(Allow::SUSER);
    match privilege {
        // kern_priv.c priv_check_cred_vfs_lookup: uid 0 and suser_enabled,
        // without the jail's list.
        p::VFS_LOOKUP => return permit(suser_enabled),
        // kern_priv.c priv_check_cred_vfs_generation: never for a jailed
        // credential.
        p::VFS_GENERATION => return Err(Errno::EPERM),
        _ => {}
    }
    jail_veto(config, privilege)?;
    match privilege {
        // kern_priv.c: the superuser grant skips jailed credentials.
        p::VFS_READ_DIR => Err(Errno::EPERM),
        // kern_priv.c: granted by rules other than the superuser's (the
        // unprivileged_mlock and unprivileged_read_msgbuf sysctls, which the
        // kernel applies itself after this veto, and the grants to all).
        p::VM_MLOCK | p::VM_MUNLOCK | p::MSGBUF | p::KMEM_READ | p::PROC_MEM_WRITE => Ok(()),
        // kern_priv.c: the superuser first, then the jail's own flag.
        p::DEBUG_UNPRIV => {
            permit((suser_enabled && asker.euid == 0) || config.allow.contains(Allow::UNPRIV_DEBUG))
        }
        // Only the superuser rule can grant the rest; without allow.suser
        // the prison's root is an ordinary user.
        _ => permit(suser_enabled),
    }
}

/// The MAC grant (`mpo_priv_grant`): whether rjail must grant `privilege`
/// itself because the kernel would look at prison0 where FreeBSD's jail
/// looks at the prison. That is `PRIV_DEBUG_UNPRIV` for a prisoner whose
/// prison has `allow.unprivileged_proc_debug` (kern_priv.c checks
/// `prison_allow(cred, PR_ALLOW_UNPRIV_DEBUG)`, and a jail may have the flag
/// when its parent has not: `PR_ALLOW_DIFFERENCES`).
pub fn grant(subject: Option<&Prison>, privilege: i32) -> bool {
    match confining(subject) {
        Some(prison) if privilege == p::DEBUG_UNPRIV => {
            prison.config().allow.contains(Allow::UNPRIV_DEBUG)
        }
        _ => false,
    }
}

/// Whether a process in `prison` (`None`: the host) must be refused
/// `privilege` because it would let a prisoner use the base system's own
/// jail calls (`PRIV_JAIL_ATTACH`, `PRIV_JAIL_SET`, `PRIV_JAIL_REMOVE`).
pub fn base_jail_privilege_denied(prison: Option<&Prison>, privilege: i32) -> bool {
    confining(prison).is_some() && is_base_jail_privilege(privilege)
}

/// The privileges that open the base system's jail calls.
pub fn is_base_jail_privilege(privilege: i32) -> bool {
    matches!(privilege, p::JAIL_ATTACH | p::JAIL_SET | p::JAIL_REMOVE)
}

fn permit(allowed: bool) -> KResult<()> {
    if allowed {
        Ok(())
    } else {
        Err(Errno::EPERM)
    }
}

fn permit_if(config: &PrisonConfig, needed: Allow) -> KResult<()> {
    permit(config.allow.intersects(needed))
}

/// `prison_priv_check` (sys/kern/kern_jail.c) for a jail without its own
/// network stack: which privileges a jailed credential may be granted at all.
fn jail_veto(config: &PrisonConfig, privilege: i32) -> KResult<()> {
    match privilege {
        // FreeBSD's list places PRIV_KTRACE just before the audit
        // privileges with no decision of its own, so it shares their
        // condition.
        p::KTRACE | p::AUDIT_GETAUDIT | p::AUDIT_SETAUDIT => permit_if(config, Allow::SETAUDIT),

        p::CRED_SETCRED
        | p::CRED_SETUID
        | p::CRED_SETEUID
        | p::CRED_SETGID
        | p::CRED_SETEGID
        | p::CRED_SETGROUPS
        | p::CRED_SETREUID
        | p::CRED_SETREGID
        | p::CRED_SETRESUID
        | p::CRED_SETRESGID
        | p::SEEOTHERGIDS
        | p::SEEOTHERUIDS
        | p::SEEJAILPROC
        | p::DEBUG_DIFFCRED
        | p::DEBUG_SUGID
        | p::DEBUG_UNPRIV
        | p::DEBUG_DIFFJAIL
        | p::PROC_LIMIT
        | p::PROC_SETLOGIN
        | p::PROC_SETRLIMIT
        | p::PROC_MEM_WRITE
        | p::IPC_READ
        | p::IPC_WRITE
        | p::IPC_ADMIN
        | p::IPC_MSGSIZE
        | p::MQ_ADMIN
        | p::JAIL_ATTACH
        | p::JAIL_SET
        | p::JAIL_REMOVE
        | p::SCHED_DIFFCRED
        | p::SCHED_CPUSET
        | p::SCHED_DIFFJAIL
        | p::SIGNAL_DIFFCRED
        | p::SIGNAL_SUGID
        | p::SIGNAL_DIFFJAIL
        | p::SYSCTL_WRITEJAIL
        | p::VFS_GETQUOTA
        | p::VFS_SETQUOTA
        | p::VFS_READ
        | p::VFS_WRITE
        | p::VFS_ADMIN
        | p::VFS_EXEC
        | p::VFS_BLOCKRESERVE
        | p::VFS_CHFLAGS_DEV
        | p::VFS_CHOWN
        | p::VFS_CHROOT
        | p::VFS_RETAINSUGID
        | p::VFS_FCHROOT
        | p::VFS_LINK
        | p::VFS_SETGID
        | p::VFS_STAT
        | p::VFS_STICKYFILE
        | p::KMEM_READ
        | p::VFS_READ_DIR
        | p::NETINET_REUSEPORT
        | p::NETINET_SETHDROPTS
        | p::NETINET_GETCRED
        | p::PROC_SETLOGINCLASS => Ok(()),

        p::VFS_SYSFLAGS => permit_if(config, Allow::CHFLAGS),
        p::VFS_MOUNT | p::VFS_UNMOUNT | p::VFS_MOUNT_NONUSER | p::VFS_MOUNT_OWNER => {
            permit(config.allow.contains(Allow::MOUNT) && config.enforce_statfs < 2)
        }
        p::VFS_EXTATTR_SYSTEM => permit_if(config, Allow::EXTATTR),
        p::VM_MLOCK | p::VM_MUNLOCK => permit_if(config, Allow::MLOCK),
        p::NETINET_RESERVEDPORT => permit_if(config, Allow::RESERVED_PORTS),
        p::NETINET_RAW => permit_if(config, Allow::RAW_SOCKETS),
        p::MSGBUF => permit_if(config, Allow::READ_MSGBUF),
        p::ADJTIME | p::NTP_ADJTIME => permit_if(config, Allow::ADJTIME | Allow::SETTIME),
        p::SETTIMEOFDAY | p::CLOCK_SETTIME => permit_if(config, Allow::SETTIME),
        p::NET_ROUTE => permit_if(config, Allow::ROUTING),

        _ => Err(Errno::EPERM),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fixtures::{child, prisoner};
    use crate::prison::Registry;

    /// Every privilege `prison_priv_check` lets a non-vnet jail have
    /// unconditionally.
    const ALWAYS: &[i32] = &[
        p::CRED_SETCRED,
        p::CRED_SETUID,
        p::CRED_SETEUID,
        p::CRED_SETGID,
        p::CRED_SETEGID,
        p::CRED_SETGROUPS,
        p::CRED_SETREUID,
        p::CRED_SETREGID,
        p::CRED_SETRESUID,
        p::CRED_SETRESGID,
        p::SEEOTHERGIDS,
        p::SEEOTHERUIDS,
        p::SEEJAILPROC,
        p::DEBUG_DIFFCRED,
        p::DEBUG_SUGID,
        p::DEBUG_UNPRIV,
        p::DEBUG_DIFFJAIL,
        p::PROC_LIMIT,
        p::PROC_SETLOGIN,
        p::PROC_SETRLIMIT,
        p::PROC_MEM_WRITE,
        p::IPC_READ,
        p::IPC_WRITE,
        p::IPC_ADMIN,
        p::IPC_MSGSIZE,
        p::MQ_ADMIN,
        p::SCHED_DIFFCRED,
        p::SCHED_CPUSET,
        p::SCHED_DIFFJAIL,
        p::SIGNAL_DIFFCRED,
        p::SIGNAL_SUGID,
        p::SIGNAL_DIFFJAIL,
        p::SYSCTL_WRITEJAIL,
        p::VFS_GETQUOTA,
        p::VFS_SETQUOTA,
        p::VFS_READ,
        p::VFS_WRITE,
        p::VFS_ADMIN,
        p::VFS_EXEC,
        p::VFS_BLOCKRESERVE,
        p::VFS_CHFLAGS_DEV,
        p::VFS_CHOWN,
        p::VFS_CHROOT,
        p::VFS_RETAINSUGID,
        p::VFS_FCHROOT,
        p::VFS_LINK,
        p::VFS_SETGID,
        p::VFS_STAT,
        p::VFS_STICKYFILE,
        p::KMEM_READ,
        p::NETINET_REUSEPORT,
        p::NETINET_SETHDROPTS,
        p::NETINET_GETCRED,
        p::PROC_SETLOGINCLASS,
        p::VFS_LOOKUP,
    ];

    /// Conditional privileges and the allow bit that opens them (mount is
    /// tested apart: it also needs enforce_statfs < 2).
    const CONDITIONAL: &[(i32, Allow)] = &[
        (p::KTRACE, Allow::SETAUDIT),
        (p::AUDIT_GETAUDIT, Allow::SETAUDIT),
        (p::AUDIT_SETAUDIT, Allow::SETAUDIT),
        (p::VFS_SYSFLAGS, Allow::CHFLAGS),
        (p::VFS_EXTATTR_SYSTEM, Allow::EXTATTR),
        (p::VM_MLOCK, Allow::MLOCK),
        (p::VM_MUNLOCK, Allow::MLOCK),
        (p::NETINET_RESERVEDPORT, Allow::RESERVED_PORTS),
        (p::NETINET_RAW, Allow::RAW_SOCKETS),
        (p::MSGBUF, Allow::READ_MSGBUF),
        (p::ADJTIME, Allow::ADJTIME),
        (p::ADJTIME, Allow::SETTIME),
        (p::NTP_ADJTIME, Allow::ADJTIME),
        (p::NTP_ADJTIME, Allow::SETTIME),
        (p::SETTIMEOFDAY, Allow::SETTIME),
        (p::CLOCK_SETTIME, Allow::SETTIME),
        (p::NET_ROUTE, Allow::ROUTING),
    ];

    const MOUNTING: &[i32] = &[
        p::VFS_MOUNT,
        p::VFS_UNMOUNT,
        p::VFS_MOUNT_NONUSER,
        p::VFS_MOUNT_OWNER,
    ];

    /// A sample of what a jail never gets: system administration, devices,
    /// kernel memory writes, the network stack (vnet-only privileges
    /// included), mount variants outside the list.
    const DENIED: &[i32] = &[
        p::ACCT,
        p::MAXFILES,
        p::MAXPROC,
        p::REBOOT,
        p::SWAPON,
        p::IO,
        p::DRIVER,
        p::AUDIT_CONTROL,
        p::KLD_LOAD,
        p::KLD_UNLOAD,
        p::KENV_SET,
        p::SCHED_SETPRIORITY,
        p::SCHED_RTPRIO,
        p::SYSCTL_WRITE,
        p::TTY_STI,
        p::VFS_MKNOD_DEV,
        p::VFS_EXCEEDQUOTA,
        p::VFS_GETFH,
        p::VFS_MOUNT_EXPORTED,
        p::VFS_MOUNT_PERM,
        p::DEVFS_RULE,
        p::NET_BPF,
        p::NET_SETIFMTU,
        p::NET_IFCREATE,
        p::NETINET_IPFW,
        p::NETINET_PF,
        p::NETINET_BINDANY,
        p::NFS_DAEMON,
        p::ZFS_JAIL,
        p::KMEM_WRITE,
        p::RCTL_ADD_RULE,
        p::MODULE0,
        p::VERIEXEC_CONTROL,
        p::VFS_GENERATION,
        p::VFS_READ_DIR,
        0,
        9999,
        -1,
    ];

    fn root() -> Asker {
        Asker::SUPERUSER
    }

    fn user(euid: u32) -> Asker {
        Asker {
            euid,
            in_rjail_call: false,
        }
    }

    #[test]
    fn the_host_keeps_every_privilege() {
        let reg = Registry::new();
        for &privilege in ALWAYS.iter().chain(DENIED).chain(MOUNTING) {
            assert_eq!(check(None, privilege), Ok(()), "{privilege}");
            assert_eq!(check(Some(reg.host()), privilege), Ok(()), "{privilege}");
        }
        for privilege in [p::JAIL_ATTACH, p::JAIL_SET, p::JAIL_REMOVE] {
            assert_eq!(check(None, privilege), Ok(()));
            assert!(!base_jail_privilege_denied(None, privilege));
            assert!(!base_jail_privilege_denied(Some(reg.host()), privilege));
        }
    }

    #[test]
    fn jailed_root_keeps_the_always_allowed_privileges() {
        let reg = Registry::new();
        let prison = child(&reg, reg.host(), b"p", |c| c.allow = Allow::SUSER);
        for &privilege in ALWAYS {
            assert_eq!(check(Some(&prison), privilege), Ok(()), "{privilege}");
        }
    }

    #[test]
    fn jailed_root_loses_the_denied_privileges() {
        let reg = Registry::new();
        // Even with every allow bit.
        let prison = child(&reg, reg.host(), b"p", |c| {
            c.allow = Allow::all();
            c.enforce_statfs = 0;
        });
        for &privilege in DENIED {
            assert_eq!(
                check(Some(&prison), privilege),
                Err(Errno::EPERM),
                "{privilege}"
            );
        }
    }

    #[test]
    fn conditional_privileges_follow_their_allow_bit() {
        let reg = Registry::new();
        for &(privilege, bit) in CONDITIONAL {
            let without = child(&reg, reg.host(), b"without", |c| c.allow = Allow::SUSER);
            let with = child(&reg, reg.host(), b"with", |c| c.allow = Allow::SUSER | bit);
            assert_eq!(
                check(Some(&without), privilege),
                Err(Errno::EPERM),
                "{privilege} without {bit:?}"
            );
            assert_eq!(
                check(Some(&with), privilege),
                Ok(()),
                "{privilege} with {bit:?}"
            );
        }
    }

    #[test]
    fn mounting_needs_allow_mount_and_enforce_statfs_below_two() {
        let reg = Registry::new();
        for allow_mount in [false, true] {
            for enforce_statfs in 0..=2 {
                let prison = child(&reg, reg.host(), b"m", |c| {
                    c.allow = Allow::SUSER;
                    if allow_mount {
                        c.allow |= Allow::MOUNT;
                    }
                    c.enforce_statfs = enforce_statfs;
                });
                let expected = if allow_mount && enforce_statfs < 2 {
                    Ok(())
                } else {
                    Err(Errno::EPERM)
                };
                for &privilege in MOUNTING {
                    assert_eq!(
                        check(Some(&prison), privilege),
                        expected,
                        "{privilege}, allow.mount={allow_mount}, enforce_statfs={enforce_statfs}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_per_filesystem_mount_bits_do_not_open_mount_alone() {
        let reg = Registry::new();
        let prison = child(&reg, reg.host(), b"m", |c| {
            c.allow = Allow::SUSER | Allow::ALL_MOUNT_FS;
            c.enforce_statfs = 0;
        });
        assert_eq!(check(Some(&prison), p::VFS_MOUNT), Err(Errno::EPERM));
    }

    #[test]
    fn without_allow_suser_root_is_an_ordinary_user() {
        let reg = Registry::new();
        let every_bit_but_suser = (Allow::all() - Allow::SUSER) - Allow::UNPRIV_DEBUG;
        let prison = child(&reg, reg.host(), b"nosuser", |c| {
            c.allow = every_bit_but_suser;
            c.enforce_statfs = 0;
        });
        for &privilege in ALWAYS.iter().chain(MOUNTING) {
            let expected = match privilege {
                p::KMEM_READ | p::PROC_MEM_WRITE => Ok(()),
                _ => Err(Errno::EPERM),
            };
            assert_eq!(check(Some(&prison), privilege), expected, "{privilege}");
        }
        // What unprivileged users get stays, given the jail's own condition.
        for privilege in [p::VM_MLOCK, p::VM_MUNLOCK, p::MSGBUF] {
            assert_eq!(check(Some(&prison), privilege), Ok(()), "{privilege}");
        }
        for &(privilege, _) in CONDITIONAL {
            if ![p::VM_MLOCK, p::VM_MUNLOCK, p::MSGBUF].contains(&privilege) {
                assert_eq!(check(Some(&prison), privilege), Err(Errno::EPERM));
            }
        }
        // Unprivileged debugging by the jail's flag alone.
        let debuggable = child(&reg, reg.host(), b"dbg", |c| c.allow = Allow::UNPRIV_DEBUG);
        assert_eq!(check(Some(&debuggable), p::DEBUG_UNPRIV), Ok(()));
        assert_eq!(
            check(Some(&debuggable), p::DEBUG_DIFFCRED),
            Err(Errno::EPERM)
        );
    }

    #[test]
    fn unprivileged_debugging_follows_the_prisons_flag() {
        let reg = Registry::new();
        let off = child(&reg, reg.host(), b"off", |c| c.allow = Allow::SUSER);
        let on = child(&reg, reg.host(), b"on", |c| {
            c.allow = Allow::SUSER | Allow::UNPRIV_DEBUG
        });
        assert_eq!(check_as(Some(&off), p::DEBUG_UNPRIV, root()), Ok(()));
        assert_eq!(
            check_as(Some(&off), p::DEBUG_UNPRIV, user(1001)),
            Err(Errno::EPERM)
        );
        assert_eq!(check_as(Some(&on), p::DEBUG_UNPRIV, user(1001)), Ok(()));
        // Other privileges do not depend on the uid: the kernel's own
        // superuser rule decides them after the veto.
        assert_eq!(check_as(Some(&off), p::VFS_READ, user(1001)), Ok(()));
        assert_eq!(check_as(None, p::DEBUG_UNPRIV, user(1001)), Ok(()));
    }

    #[test]
    fn grants_only_unprivileged_debugging_by_the_prisons_flag() {
        let reg = Registry::new();
        let off = child(&reg, reg.host(), b"off", |c| c.allow = Allow::SUSER);
        let on = child(&reg, reg.host(), b"on", |c| c.allow = Allow::UNPRIV_DEBUG);
        assert!(grant(Some(&on), p::DEBUG_UNPRIV));
        assert!(!grant(Some(&off), p::DEBUG_UNPRIV));
        assert!(!grant(Some(&on), p::DEBUG_DIFFCRED));
        assert!(!grant(None, p::DEBUG_UNPRIV));
        assert!(!grant(Some(reg.host()), p::DEBUG_UNPRIV));
    }

    #[test]
    fn base_jail_calls_are_closed_to_prisoners() {
        let reg = Registry::new();
        let prison = prisoner(&reg);
        for privilege in [p::JAIL_ATTACH, p::JAIL_SET, p::JAIL_REMOVE] {
            assert_eq!(check(Some(&prison), privilege), Err(Errno::EPERM));
            assert_eq!(
                check_as(Some(&prison), privilege, user(1001)),
                Err(Errno::EPERM)
            );
            assert!(base_jail_privilege_denied(Some(&prison), privilege));
        }
        assert!(!base_jail_privilege_denied(
            Some(&prison),
            p::JAIL_REMOVE + 1
        ));
        assert!(!base_jail_privilege_denied(
            Some(&prison),
            p::JAIL_ATTACH - 1
        ));
    }

    #[test]
    fn rjails_own_calls_let_jailed_root_manage_child_prisons() {
        let reg = Registry::new();
        let prison = prisoner(&reg);
        let no_suser = child(&reg, reg.host(), b"ns", |c| c.allow = Allow::empty());
        let inside = Asker {
            euid: 0,
            in_rjail_call: true,
        };
        for privilege in [p::JAIL_ATTACH, p::JAIL_SET, p::JAIL_REMOVE] {
            assert_eq!(check_as(Some(&prison), privilege, inside), Ok(()));
            assert_eq!(check_as(None, privilege, inside), Ok(()));
            // allow.suser off: root is an ordinary user, and jail
            // privileges are not among an ordinary user's.
            assert_eq!(
                check_as(Some(&no_suser), privilege, inside),
                Err(Errno::EPERM)
            );
        }
        // The marker opens the jail privileges only.
        assert_eq!(
            check_as(Some(&prison), p::KLD_LOAD, inside),
            Err(Errno::EPERM)
        );
    }

    #[test]
    fn every_named_privilege_is_valid_and_the_bounds_are_not() {
        assert!(priv_numbers::is_valid(p::ACCT));
        assert!(priv_numbers::is_valid(p::VERIEXEC_CONTROL));
        assert!(!priv_numbers::is_valid(1));
        assert!(!priv_numbers::is_valid(703));
        assert_eq!(p::NET_SETVLANPCP, p::NET_SETLANPCP);
    }

    use crate::policy::priv_numbers;
}
