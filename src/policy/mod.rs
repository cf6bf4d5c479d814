//! Pure decisions taken by the MAC hooks.
//!
//! Every function here takes the subject's prison (`None`: the host) and
//! plain values, never allocates and never sleeps: the only lock taken is a
//! prison's own configuration mutex (a kernel mtx(9)), and only for as long
//! as it takes to copy the pointer to the current configuration snapshot
//! ([`crate::prison::Prison::config`]). So the kernel edge may call them from
//! hooks that run under non-sleepable locks. Dropping a snapshot that a
//! concurrent `jail_set` replaced frees it, which free(9) does without
//! sleeping.
//!
//! rjail prisoners are not jailed in the kernel's eyes (their credential's
//! `cr_prison` is the kernel's prison0), so the checks FreeBSD's jail makes
//! with `jailed(cred)` and `cred->cr_prison` are made here, against the rjail
//! prison the credential's MAC label names:
//!
//! * [`privilege`]: the diluted superuser (`prison_priv_check` and the parts
//!   of `priv_check_cred` that look at the jail), deciding over the
//!   privilege numbers of `sys/sys/priv.h` in [`priv_numbers`];
//! * [`visibility`]: which processes a prisoner may see and act on
//!   (`prison_check`, `cr_can_tamper_with_subjail`, `see_jail_proc`);
//! * [`socket`]: socket families and IPv4/IPv6 address confinement
//!   (`prison_check_af`, `prison_if`, `sys/netinet/in_jail.c`,
//!   `sys/netinet6/in6_jail.c`);
//! * [`paths`]: directories from outside a prison's root (descriptors passed
//!   in), which FreeBSD confines with `UF_RESOLVE_BENEATH`. Unlike the
//!   others its caller walks the filesystem, so it runs only from hooks that
//!   may sleep;
//! * [`mounts`]: which mounts statfs(2) and getfsstat(2) show a prisoner,
//!   and under what name (`prison_canseemount`, `prison_enforce_statfs`);
//! * [`source`]: the jailed source address of a socket that connects or
//!   sends unbound (`in_pcbladdr`, `in6_selectsrc`).

use crate::prison::Prison;

pub mod deliver;
pub mod mounts;
pub mod paths;
pub mod priv_numbers;
pub mod privilege;
pub mod socket;
pub mod source;
pub mod visibility;

/// The module the kernel's priv hook calls; `priv` is a Rust keyword, so the
/// contract's `policy::priv::...` path is spelt `policy::r#priv::...`.
pub use privilege as r#priv;

/// The prison that confines `subject`, if any. rjail's prison0 (what the
/// syscall layer uses for the host) confines nothing, exactly like `None`.
fn confining(subject: Option<&Prison>) -> Option<&Prison> {
    subject.filter(|prison| !prison.is_host())
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Prison trees for the policy tests.

    use alloc::boxed::Box;
    use alloc::vec::Vec;

    use crate::abi::allow::Allow;
    use crate::host::DetachedDir;
    use crate::prison::{flags, NewPrison, PrisonRef, Registry};

    /// A live child of `parent` with the parent's configuration, then
    /// changed by `adjust`.
    pub fn child(
        reg: &Registry,
        parent: &PrisonRef,
        name: &[u8],
        adjust: impl FnOnce(&mut crate::prison::PrisonConfig),
    ) -> PrisonRef {
        let mut tree = reg.write();
        let jid = tree.allocate_jid().expect("a free jid");
        let mut config = crate::prison::PrisonConfig::clone(&parent.config());
        config.name = tree.full_name(parent, name).into();
        config.flags &= flags::IP4 | flags::IP6;
        config.allow = Allow::DEFAULT;
        config.enforce_statfs = 2;
        adjust(&mut config);
        let prison = tree.insert(NewPrison {
            jid,
            parent: parent.clone(),
            root: Box::new(DetachedDir),
            path: Vec::from(&b"/jails"[..]),
            config,
        });
        tree.publish(&prison);
        prison
    }

    /// A child of the host with FreeBSD's default parameters.
    pub fn prisoner(reg: &Registry) -> PrisonRef {
        child(reg, reg.host(), b"p", |_| {})
    }
}
