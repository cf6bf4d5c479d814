//! The `errmsg` texts of `jail_set(2)` and `jail_get(2)`, as FreeBSD 15.0
//! words them (`vfs_opterror` calls in `sys/kern/kern_jail.c`), so every
//! part of rjail reports the same text. jail(8) prints them verbatim, and
//! scripts match on them.
//!
//! Messages that name a jail by its name return bytes: names are not
//! necessarily UTF-8.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::consts::OSRELEASELEN;

pub const NO_VALID_OPERATION: &str = "no valid operation (create or update)";
pub const MISSING_DESC: &str = "missing desc";
pub const UNEXPECTED_DESC: &str = "unexpected desc";
pub const DESCRIPTOR_TO_DEAD_JAIL: &str = "descriptor to dead jail";
pub const NOT_A_JAIL_DESCRIPTOR: &str = "not a jail descriptor";
/// rjail's own: `JAIL_GET_DESC`/`JAIL_OWN_DESC` with a `desc` to fill in.
pub const NO_JAIL_DESCRIPTORS: &str = "rjail has no jail descriptors";
pub const MUST_PERSIST_OR_ATTACH: &str = "new jail must persist or attach";
pub const VNET_CANNOT_CHANGE: &str = "vnet cannot be changed after creation";
pub const IP4_CANNOT_CHANGE: &str = "ip4 cannot be changed after creation";
pub const IP6_CANNOT_CHANGE: &str = "ip6 cannot be changed after creation";
pub const TOO_MANY_IP4: &str = "too many IPv4 addresses";
pub const TOO_MANY_IP6: &str = "too many IPv6 addresses";
pub const VNET_NO_IP_RESTRICTIONS: &str = "vnet jails cannot have IP address restrictions";
pub const OSRELEASE_CANNOT_CHANGE: &str = "osrelease cannot be changed after creation";
pub const OSRELDATE_CANNOT_CHANGE: &str = "osreldate cannot be changed after creation";
pub const OSRELDATE_ZERO: &str = "osreldate cannot be 0";
pub const PATH_CANNOT_CHANGE: &str = "path cannot be changed after creation";
pub const CANNOT_CHANGE_JID: &str = "cannot change jid";
pub const NEGATIVE_JID: &str = "negative jid";
pub const CANNOT_CHANGE_PARENT: &str = "cannot change jail's parent";
pub const UPDATE_SPECIFIED_NO_JAIL: &str = "update specified no jail";
pub const PRISON_LIMIT_EXCEEDED: &str = "prison limit exceeded";
pub const NO_AVAILABLE_JAIL_IDS: &str = "no available jail IDs";
pub const IP4_CLASH: &str = "IPv4 addresses clash";
pub const IP6_CLASH: &str = "IPv6 addresses clash";
pub const NUMERIC_NAME: &str = "name cannot be numeric (unless it is the jid)";
pub const ATTACH_FAILED: &str = "attach failed";
pub const NO_JAIL_SPECIFIED: &str = "no jail specified";

/// "osrelease string must be 1-31 bytes long".
pub fn osrelease_length() -> String {
    format!("osrelease string must be 1-{} bytes long", OSRELEASELEN - 1)
}

/// "jail 5 already exists".
pub fn jid_exists(jid: i32) -> String {
    format!("jail {jid} already exists")
}

/// "jail 5 is dying".
pub fn jid_dying(jid: i32) -> String {
    format!("jail {jid} is dying")
}

/// "jail 5 not found".
pub fn jid_not_found(jid: i32) -> String {
    format!("jail {jid} not found")
}

/// "no jail after 5" (jail_get with `lastjid`).
pub fn no_jail_after(jid: i32) -> String {
    format!("no jail after {jid}")
}

fn quoted(before: &str, name: &[u8], after: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(before.len() + name.len() + after.len());
    out.extend_from_slice(before.as_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(after.as_bytes());
    out
}

/// `jail "web" not found`.
pub fn name_not_found(name: &[u8]) -> Vec<u8> {
    quoted("jail \"", name, "\" not found")
}

/// `jail "web" is dying`.
pub fn name_dying(name: &[u8]) -> Vec<u8> {
    quoted("jail \"", name, "\" is dying")
}

/// `jail "web" already exists`.
pub fn name_exists(name: &[u8]) -> Vec<u8> {
    quoted("jail \"", name, "\" already exists")
}

/// "unknown parameter: foo".
pub fn unknown_parameter(name: &[u8]) -> Vec<u8> {
    quoted("unknown parameter: ", name, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatted_messages() {
        assert_eq!(
            osrelease_length(),
            "osrelease string must be 1-31 bytes long"
        );
        assert_eq!(jid_exists(7), "jail 7 already exists");
        assert_eq!(jid_not_found(-1), "jail -1 not found");
        assert_eq!(no_jail_after(12), "no jail after 12");
        assert_eq!(name_not_found(b""), b"jail \"\" not found");
        assert_eq!(name_dying(b"a.b"), b"jail \"a.b\" is dying");
        assert_eq!(name_exists(b"web"), b"jail \"web\" already exists");
        assert_eq!(unknown_parameter(b"bogus"), b"unknown parameter: bogus");
    }
}
