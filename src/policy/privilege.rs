//! Privilege decisions (the `mac_priv_check` hook).

use crate::prison::Prison;
use crate::services::Privilege;

/// Whether a process in `prison` (`None`: the host) must be refused
/// `privilege` because it would let a prisoner use the base system's own
/// jail calls (`PRIV_JAIL_ATTACH`, `PRIV_JAIL_SET`, `PRIV_JAIL_REMOVE`):
/// those act on the base system's prisons, which an rjail prisoner must not
/// reach. rjail's own calls do their own checks.
pub fn base_jail_privilege_denied(prison: Option<&Prison>, privilege: i32) -> bool {
    prison.is_some()
        && [
            Privilege::JailAttach,
            Privilege::JailSet,
            Privilege::JailRemove,
        ]
        .iter()
        .any(|p| *p as i32 == privilege)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prison::Registry;

    #[test]
    fn only_prisoners_lose_the_base_jail_privileges() {
        let reg = Registry::new();
        let host: &Prison = reg.host();
        for p in [110, 111, 112] {
            assert!(base_jail_privilege_denied(Some(host), p));
            assert!(!base_jail_privilege_denied(None, p));
        }
        assert!(!base_jail_privilege_denied(Some(host), 113));
        assert!(!base_jail_privilege_denied(Some(host), 109));
    }
}
