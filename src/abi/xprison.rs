//! `security.jail.list` records: `struct xprison` version 3
//! (`sys/sys/jail.h`), each followed by its IPv4 then its IPv6 addresses,
//! as `sysctl_jail_list` (`sys/kern/kern_jail.c`) emits them.

use alloc::vec::Vec;

use static_assertions::const_assert_eq;

use super::consts::{MAXHOSTNAMELEN, MAXPATHLEN, XPRISON_VERSION};
use super::fields::put;

/// The fixed part of a record, amd64 layout.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct XPrison {
    pub pr_version: i32,
    pub pr_id: i32,
    pub pr_state: i32,
    pub pr_cpusetid: i32,
    pub pr_path: [u8; MAXPATHLEN],
    pub pr_host: [u8; MAXHOSTNAMELEN],
    pub pr_name: [u8; MAXHOSTNAMELEN],
    pub pr_ip4s: u32,
    pub pr_ip6s: u32,
}

/// Size of the fixed part.
pub const XPRISON_SIZE: usize = 1560;

const_assert_eq!(core::mem::size_of::<XPrison>(), XPRISON_SIZE);
const_assert_eq!(core::mem::offset_of!(XPrison, pr_cpusetid), 12);
const_assert_eq!(core::mem::offset_of!(XPrison, pr_path), 16);
const_assert_eq!(core::mem::offset_of!(XPrison, pr_host), 1040);
const_assert_eq!(core::mem::offset_of!(XPrison, pr_name), 1296);
const_assert_eq!(core::mem::offset_of!(XPrison, pr_ip4s), 1552);
const_assert_eq!(core::mem::offset_of!(XPrison, pr_ip6s), 1556);

// Where the encoder and the decoder find each field.
const VERSION_AT: usize = core::mem::offset_of!(XPrison, pr_version);
const ID_AT: usize = core::mem::offset_of!(XPrison, pr_id);
const STATE_AT: usize = core::mem::offset_of!(XPrison, pr_state);
const CPUSET_AT: usize = core::mem::offset_of!(XPrison, pr_cpusetid);
const PATH_AT: usize = core::mem::offset_of!(XPrison, pr_path);
const HOST_AT: usize = core::mem::offset_of!(XPrison, pr_host);
const NAME_AT: usize = core::mem::offset_of!(XPrison, pr_name);
const IP4S_AT: usize = core::mem::offset_of!(XPrison, pr_ip4s);
const IP6S_AT: usize = core::mem::offset_of!(XPrison, pr_ip6s);

/// One jail as the list shows it to a viewer.
#[derive(Clone, Copy, Debug)]
pub struct XPrisonEntry<'a> {
    pub jid: i32,
    /// `enum prison_state`: [`super::consts::PRISON_STATE_ALIVE`], ...
    pub state: i32,
    /// FreeBSD 15.0 leaves this 0 (observed); kept for the layout.
    pub cpuset_id: i32,
    /// Path relative to the viewer's root.
    pub path: &'a [u8],
    pub hostname: &'a [u8],
    /// Name relative to the viewer.
    pub name: &'a [u8],
    pub ip4: &'a [[u8; 4]],
    pub ip6: &'a [[u8; 16]],
}

/// strlcpy into a zeroed fixed buffer: cut to fit, always NUL-terminated.
fn put_string(dst: &mut [u8], src: &[u8]) {
    let strlen = src.iter().position(|&b| b == 0).unwrap_or(src.len());
    let n = strlen.min(dst.len().saturating_sub(1));
    if let (Some(d), Some(s)) = (dst.get_mut(..n), src.get(..n)) {
        d.copy_from_slice(s);
    }
}

/// Appends one record (fixed part, then addresses) to `out`.
pub fn encode_xprison(entry: &XPrisonEntry<'_>, out: &mut Vec<u8>) {
    // The fixed part is written in place: a 1.5 KiB array on the stack would
    // take most of a kernel stack frame's budget.
    let start = out.len();
    out.resize(start + XPRISON_SIZE, 0);
    if let Some(fixed) = out.get_mut(start..) {
        fill_fixed(entry, fixed);
    }
    out.extend(entry.ip4.iter().flatten());
    out.extend(entry.ip6.iter().flatten());
}

/// Writes the fixed part of one record into `fixed` (zeroed, XPRISON_SIZE).
fn fill_fixed(entry: &XPrisonEntry<'_>, fixed: &mut [u8]) {
    put(fixed, VERSION_AT, &XPRISON_VERSION.to_ne_bytes());
    put(fixed, ID_AT, &entry.jid.to_ne_bytes());
    put(fixed, STATE_AT, &entry.state.to_ne_bytes());
    put(fixed, CPUSET_AT, &entry.cpuset_id.to_ne_bytes());
    if let Some(path) = fixed.get_mut(PATH_AT..PATH_AT + MAXPATHLEN) {
        put_string(path, entry.path);
    }
    if let Some(host) = fixed.get_mut(HOST_AT..HOST_AT + MAXHOSTNAMELEN) {
        put_string(host, entry.hostname);
    }
    if let Some(name) = fixed.get_mut(NAME_AT..NAME_AT + MAXHOSTNAMELEN) {
        put_string(name, entry.name);
    }
    let ip4s = u32::try_from(entry.ip4.len()).unwrap_or(u32::MAX);
    let ip6s = u32::try_from(entry.ip6.len()).unwrap_or(u32::MAX);
    put(fixed, IP4S_AT, &ip4s.to_ne_bytes());
    put(fixed, IP6S_AT, &ip6s.to_ne_bytes());
}

/// Size of the record [`encode_xprison`] writes for `entry`.
pub fn encoded_len(entry: &XPrisonEntry<'_>) -> usize {
    XPRISON_SIZE + entry.ip4.len() * 4 + entry.ip6.len() * 16
}

/// One decoded record (for the userland and the tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedXPrison {
    pub version: i32,
    pub jid: i32,
    pub state: i32,
    pub cpuset_id: i32,
    pub path: Vec<u8>,
    pub hostname: Vec<u8>,
    pub name: Vec<u8>,
    pub ip4: Vec<[u8; 4]>,
    pub ip6: Vec<[u8; 16]>,
}

/// Decodes the records of a `security.jail.list` buffer; `None` if the
/// buffer is cut short or holds another version.
pub fn decode_xprisons(mut buf: &[u8]) -> Option<Vec<DecodedXPrison>> {
    fn i32_at(b: &[u8], at: usize) -> Option<i32> {
        Some(i32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
    }
    fn c_string(b: &[u8]) -> Vec<u8> {
        b.iter().copied().take_while(|&c| c != 0).collect()
    }
    let mut records = Vec::new();
    while !buf.is_empty() {
        let fixed = buf.get(..XPRISON_SIZE)?;
        let version = i32_at(fixed, VERSION_AT)?;
        if version != XPRISON_VERSION {
            return None;
        }
        let ip4s = usize::try_from(i32_at(fixed, IP4S_AT)? as u32).ok()?;
        let ip6s = usize::try_from(i32_at(fixed, IP6S_AT)? as u32).ok()?;
        let ip4_len = ip4s.checked_mul(4)?;
        let ip6_len = ip6s.checked_mul(16)?;
        let total = XPRISON_SIZE.checked_add(ip4_len)?.checked_add(ip6_len)?;
        let addresses = buf.get(XPRISON_SIZE..total)?;
        let (ip4, ip6) = addresses.split_at(ip4_len);
        records.push(DecodedXPrison {
            version,
            jid: i32_at(fixed, ID_AT)?,
            state: i32_at(fixed, STATE_AT)?,
            cpuset_id: i32_at(fixed, CPUSET_AT)?,
            path: c_string(fixed.get(PATH_AT..PATH_AT + MAXPATHLEN)?),
            hostname: c_string(fixed.get(HOST_AT..HOST_AT + MAXHOSTNAMELEN)?),
            name: c_string(fixed.get(NAME_AT..NAME_AT + MAXHOSTNAMELEN)?),
            ip4: ip4
                .chunks_exact(4)
                .filter_map(|c| c.try_into().ok())
                .collect(),
            ip6: ip6
                .chunks_exact(16)
                .filter_map(|c| c.try_into().ok())
                .collect(),
        });
        buf = buf.get(total..)?;
    }
    Some(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::consts::PRISON_STATE_ALIVE;
    use alloc::vec;

    #[test]
    fn records_round_trip_with_addresses() {
        let long_path = vec![b'p'; 2000];
        let entries = [
            XPrisonEntry {
                jid: 3,
                state: PRISON_STATE_ALIVE,
                cpuset_id: 0,
                path: b"/jails/web",
                hostname: b"web.example.org",
                name: b"web",
                ip4: &[[10, 0, 0, 1], [10, 0, 0, 2]],
                ip6: &[[1; 16]],
            },
            XPrisonEntry {
                jid: 4,
                state: PRISON_STATE_ALIVE,
                cpuset_id: 0,
                path: &long_path,
                hostname: b"",
                name: b"4",
                ip4: &[],
                ip6: &[],
            },
        ];
        let mut buf = Vec::new();
        for e in &entries {
            encode_xprison(e, &mut buf);
        }
        assert_eq!(buf.len(), encoded_len(&entries[0]) + XPRISON_SIZE);
        assert_eq!(encoded_len(&entries[0]), 1560 + 8 + 16);
        let decoded = decode_xprisons(&buf).unwrap();
        assert_eq!(decoded[0].jid, 3);
        assert_eq!(decoded[0].path, b"/jails/web");
        assert_eq!(decoded[0].ip4, [[10, 0, 0, 1], [10, 0, 0, 2]]);
        assert_eq!(decoded[0].ip6, [[1; 16]]);
        // Cut like strlcpy: the buffer always ends with a NUL.
        assert_eq!(decoded[1].path.len(), MAXPATHLEN - 1);
        assert_eq!(buf[XPRISON_SIZE + 24 + 16 + MAXPATHLEN - 1], 0);
        assert!(decode_xprisons(&buf[..buf.len() - 1]).is_none());
    }
}
