//! The prison tree: jid and name indexes, parameters, lifecycle.

use alloc::sync::Arc;

/// One prison.
#[derive(Debug)]
pub struct Prison {}

/// A counted reference to a prison (what a credential's label holds).
pub type PrisonRef = Arc<Prison>;

pub mod label {
    //! A credential's MAC label slot holds a counted [`super::PrisonRef`] as
    //! an integer (`0` = the host). These are the only ways the kernel edge
    //! touches that integer.
}
