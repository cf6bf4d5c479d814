//! The FreeBSD FFI edge (kernel target only).
pub mod sync {}
