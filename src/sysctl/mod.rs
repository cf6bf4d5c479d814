//! rjail's `security.jail.*` sysctls, as pure functions over the
//! [`Registry`](crate::prison::Registry): what each OID reads, what a write
//! does and which errno it fails with. The kernel edge creates the OIDs
//! (under `security.jail.rjail`) and calls these from their handlers.
//!
//! Semantics follow FreeBSD 15.0's `sys/kern/kern_jail.c`
//! (`sysctl_jail_default_allow`, `sysctl_jail_default_level`,
//! `sysctl_jail_children`, `sysctl_jail_jailed`, `sysctl_jail_list`,
//! `sysctl_jail_param` and the `SYSCTL_JAIL_PARAM*` macros of
//! `sys/sys/jail.h`), applied to rjail's own tree: the host is rjail's
//! prison0, and a viewer inside an rjail prison sees that prison's values.
//!
//! * [`knobs`]: the legacy defaults (`set_hostname_allowed`, ...,
//!   `enforce_statfs`, `devfs_ruleset`, `jail_max_af_ips`, `children.*`).
//! * [`list()`]: the `security.jail.list` payload.
//! * [`params`]: the parameter catalogue as `security.jail.param.*` OIDs.
//! * [`base`]: the base system's own per-prison OIDs (`kern.hostname`,
//!   `kern.securelevel`, `security.jail.*`) as an rjail prisoner sees them.

pub mod base;
pub mod knobs;
pub mod list;
pub mod params;

pub use knobs::{jailed, knob_read, knob_write, KnobKind, KnobSpec, KNOBS};
pub use list::list;
pub use params::{param_oids, CtlType, ParamOid, ParamReadValue};
