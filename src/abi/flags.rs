//! Flags of `jail_set(2)` and `jail_get(2)` (`sys/sys/jail.h`, FreeBSD 15.0).

use bitflags::bitflags;

bitflags! {
    /// The `flags` argument of `jail_set(2)` / `jail_get(2)`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct JailFlags: u32 {
        /// Create a jail (with UPDATE: create or update).
        const CREATE = 0x01;
        /// Update an existing jail.
        const UPDATE = 0x02;
        /// Attach the caller to the jail once it is set up.
        const ATTACH = 0x04;
        /// jail_get: a dying jail may be returned (ignored by jail_set).
        const DYING = 0x08;
        /// The jail is named by the `desc` descriptor parameter.
        const USE_DESC = 0x10;
        /// Look jails up, and create them, under the descriptor's jail.
        const AT_DESC = 0x20;
        /// Return a new jail descriptor in `desc`.
        const GET_DESC = 0x40;
        /// Return a new owning jail descriptor in `desc`.
        const OWN_DESC = 0x80;
    }
}

impl JailFlags {
    /// Every flag jail_set accepts; any other bit is EINVAL.
    pub const SET_MASK: u32 = 0xff;
    /// Every flag jail_get accepts; any other bit is EINVAL.
    pub const GET_MASK: u32 = 0xf8;
    /// All descriptor-related flags.
    pub const ANY_DESC: JailFlags = JailFlags::USE_DESC
        .union(JailFlags::AT_DESC)
        .union(JailFlags::GET_DESC)
        .union(JailFlags::OWN_DESC);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_match_freebsd_15() {
        assert_eq!(JailFlags::all().bits(), JailFlags::SET_MASK);
        let get = JailFlags::DYING | JailFlags::ANY_DESC;
        assert_eq!(get.bits(), JailFlags::GET_MASK);
        assert_eq!(JailFlags::SET_MASK & !JailFlags::GET_MASK, 0x07);
    }
}
