//! The sysctl(3) internals the suite speaks directly: the `{0, 3}`
//! (name to OID) and `{0, 4}` (an OID's kind and format) requests of
//! `sys/kern/kern_sysctl.c`, and the kind bits of `sys/sys/sysctl.h`.

use crate::iov::until_nul;
use alloc::string::String;
use alloc::vec::Vec;

/// `{CTL_SYSCTL, CTL_SYSCTL_NAME2OID}`: the new value is a name (without its
/// NUL), the old value the OID as an `int` array.
pub const NAME2OID: [i32; 2] = [0, 3];
/// `{CTL_SYSCTL, CTL_SYSCTL_OIDFMT}` followed by an OID: the old value is
/// the `u_int` kind, then the NUL-terminated format string.
pub const OIDFMT: [i32; 2] = [0, 4];
/// `CTL_MAXNAME`: the longest OID.
pub const MAXNAME: usize = 24;

/// Kind bits: the type in the low nibble, access in the top bits.
pub const CTLTYPE: u32 = 0xf;
pub const CTLTYPE_INT: u32 = 2;
pub const CTLTYPE_STRING: u32 = 3;
pub const CTLTYPE_STRUCT: u32 = 5;
pub const CTLFLAG_RD: u32 = 0x8000_0000;
pub const CTLFLAG_WR: u32 = 0x4000_0000;

/// The OID a name2oid reply holds (`len` bytes of `int`s).
pub fn parse_oid(reply: &[u8]) -> Vec<i32> {
    reply
        .chunks_exact(4)
        .take(MAXNAME)
        .map(|c| i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// The kind and format of an oidfmt reply.
pub fn parse_oidfmt(reply: &[u8]) -> Option<(u32, String)> {
    let kind = u32::from_ne_bytes(reply.get(..4)?.try_into().ok()?);
    let format = until_nul(reply.get(4..)?);
    Some((kind, format.into()))
}

/// A kind as neutral text: its type and its read/write access, the parts
/// two implementations of the same OID must share (other flags, such as
/// the dynamic OID mark, legitimately differ).
pub fn describe_kind(kind: u32) -> String {
    let ty = match kind & CTLTYPE {
        1 => "node",
        CTLTYPE_INT => "int",
        CTLTYPE_STRING => "string",
        4 => "s64",
        CTLTYPE_STRUCT => "opaque",
        6 => "uint",
        7 => "long",
        8 => "ulong",
        9 => "u64",
        _ => "other",
    };
    let access = match (kind & CTLFLAG_RD != 0, kind & CTLFLAG_WR != 0) {
        (true, true) => "rw",
        (true, false) => "rd",
        (false, true) => "wr",
        (false, false) => "none",
    };
    alloc::format!("{ty}/{access}")
}

/// An `int` value read from an OID.
pub fn parse_int(reply: &[u8]) -> Option<i32> {
    Some(i32::from_ne_bytes(reply.get(..4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_replies_are_native_ints_capped_at_maxname() {
        let mut reply = Vec::new();
        for n in [14i32, 3, 4, 1000] {
            reply.extend_from_slice(&n.to_ne_bytes());
        }
        assert_eq!(parse_oid(&reply), [14, 3, 4, 1000]);
        // A trailing partial int is not an element.
        reply.push(7);
        assert_eq!(parse_oid(&reply).len(), 4);
        assert_eq!(parse_oid(&[0u8; 4 * 30]).len(), MAXNAME);
    }

    #[test]
    fn oidfmt_reply_is_kind_then_format() {
        let mut reply = (CTLTYPE_STRING | CTLFLAG_RD | CTLFLAG_WR | 0x4_0000)
            .to_ne_bytes()
            .to_vec();
        reply.extend_from_slice(b"A\0");
        let (kind, format) = parse_oidfmt(&reply).unwrap();
        assert_eq!(format, "A");
        assert_eq!(describe_kind(kind), "string/rw");
        assert_eq!(parse_oidfmt(&[1, 2]), None);
        assert_eq!(describe_kind(CTLTYPE_INT | CTLFLAG_RD), "int/rd");
        assert_eq!(describe_kind(CTLTYPE_STRUCT), "opaque/none");
    }

    #[test]
    fn int_values_need_four_bytes() {
        assert_eq!(parse_int(&7i32.to_ne_bytes()), Some(7));
        assert_eq!(parse_int(&[1, 0]), None);
    }
}
