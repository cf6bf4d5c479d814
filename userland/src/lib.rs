//! The library the rjail tools are built on: typed parameter values and
//! their text form, the name/value lists of `rjail_set`/`rjail_get`, the
//! [`Transport`] over which they reach the module, and the command line.
//!
//! Everything but the FreeBSD transport and the final exec is plain Rust
//! tested on any host.

pub mod cli;
pub mod jail;
pub mod listing;
pub mod transport;
pub mod value;

#[cfg(target_os = "freebsd")]
pub mod freebsd;

/// A transport into the module's host model (tests, on any host).
pub mod host_model;

#[cfg(test)]
mod testing;

pub use transport::{Failure, LegacyJailRequest, Pair, Transport};
pub use value::{Param, Value};
