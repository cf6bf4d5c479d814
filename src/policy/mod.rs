//! Pure decisions taken by the MAC hooks.

pub mod privilege;

/// The module the kernel's priv hook calls; `priv` is a Rust keyword, so the
/// contract's `policy::priv::...` path is spelt `policy::r#priv::...`.
pub use privilege as r#priv;
