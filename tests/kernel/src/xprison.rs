//! Reading the `security.jail.list` payload: one `struct xprison` (version
//! 3, `sys/sys/jail.h`) per prison, each followed by its IPv4 then its IPv6
//! addresses. Offsets for FreeBSD 15.0 amd64, measured against the header.

use crate::iov::until_nul;
use alloc::string::String;
use alloc::vec::Vec;

/// `XPRISON_VERSION`.
pub const VERSION: i32 = 3;
/// `sizeof(struct xprison)`: four ints, path, host name, name, two counts.
pub const RECORD_LEN: usize = 1560;
const PATH: usize = 16;
const HOST: usize = 1040;
const NAME: usize = 1296;
const IP4S: usize = 1552;
const IP6S: usize = 1556;
const PATH_LEN: usize = 1024;
const HOST_LEN: usize = 256;

/// One prison of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub version: i32,
    pub jid: i32,
    pub state: i32,
    pub path: String,
    pub host: String,
    pub name: String,
    pub ip4: Vec<[u8; 4]>,
    pub ip6: Vec<[u8; 16]>,
}

fn int_at(bytes: &[u8], offset: usize) -> Option<i32> {
    Some(i32::from_ne_bytes(
        bytes.get(offset..offset + 4)?.try_into().ok()?,
    ))
}

fn text_at(bytes: &[u8], offset: usize, len: usize) -> Option<String> {
    Some(until_nul(bytes.get(offset..offset + len)?).into())
}

/// Splits a payload into records; `Err` says where and why it stops making
/// sense (a short record, a wrong version, address counts past the end).
pub fn parse(payload: &[u8]) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    let mut at = 0usize;
    while at < payload.len() {
        let rest = payload.get(at..).unwrap_or_default();
        let bad = |why: &str| alloc::format!("record at byte {at}: {why}");
        if rest.len() < RECORD_LEN {
            return Err(bad("truncated"));
        }
        let version = int_at(rest, 0).ok_or_else(|| bad("no version"))?;
        if version != VERSION {
            return Err(bad(&alloc::format!("version {version}")));
        }
        let count = |offset| {
            int_at(rest, offset)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| bad("negative address count"))
        };
        let (ip4s, ip6s) = (count(IP4S)?, count(IP6S)?);
        let addresses_len = ip4s
            .checked_mul(4)
            .and_then(|a| ip6s.checked_mul(16).and_then(|b| a.checked_add(b)))
            .ok_or_else(|| bad("address counts overflow"))?;
        let end = RECORD_LEN
            .checked_add(addresses_len)
            .filter(|&end| end <= rest.len())
            .ok_or_else(|| bad("addresses past the end"))?;
        let addresses = rest.get(RECORD_LEN..end).unwrap_or_default();
        let (four, six) = addresses.split_at(ip4s * 4);
        records.push(Record {
            version,
            jid: int_at(rest, 4).unwrap_or_default(),
            state: int_at(rest, 8).unwrap_or_default(),
            path: text_at(rest, PATH, PATH_LEN).unwrap_or_default(),
            host: text_at(rest, HOST, HOST_LEN).unwrap_or_default(),
            name: text_at(rest, NAME, HOST_LEN).unwrap_or_default(),
            ip4: four
                .chunks_exact(4)
                .map(|c| [c[0], c[1], c[2], c[3]])
                .collect(),
            ip6: six
                .chunks_exact(16)
                .map(|c| {
                    let mut a = [0u8; 16];
                    a.copy_from_slice(c);
                    a
                })
                .collect(),
        });
        at += end;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(jid: i32, name: &str, ip4: &[[u8; 4]], ip6: &[[u8; 16]]) -> Vec<u8> {
        let mut r = vec![0u8; RECORD_LEN];
        r[0..4].copy_from_slice(&VERSION.to_ne_bytes());
        r[4..8].copy_from_slice(&jid.to_ne_bytes());
        r[8..12].copy_from_slice(&1i32.to_ne_bytes());
        r[PATH..PATH + 5].copy_from_slice(b"/jail");
        r[HOST..HOST + 4].copy_from_slice(b"host");
        r[NAME..NAME + name.len()].copy_from_slice(name.as_bytes());
        r[IP4S..IP4S + 4].copy_from_slice(&(ip4.len() as u32).to_ne_bytes());
        r[IP6S..IP6S + 4].copy_from_slice(&(ip6.len() as u32).to_ne_bytes());
        for a in ip4 {
            r.extend_from_slice(a);
        }
        for a in ip6 {
            r.extend_from_slice(a);
        }
        r
    }

    #[test]
    fn records_and_their_addresses_follow_each_other() {
        let mut payload = record(7, "web", &[[10, 1, 2, 3], [10, 1, 2, 4]], &[[0xfe; 16]]);
        payload.extend(record(9, "db", &[], &[]));
        let records = parse(&payload).unwrap();
        assert_eq!(records.len(), 2);
        let web = &records[0];
        assert_eq!((web.jid, web.state), (7, 1));
        assert_eq!(
            (web.path.as_str(), web.host.as_str(), web.name.as_str()),
            ("/jail", "host", "web")
        );
        assert_eq!(web.ip4, [[10, 1, 2, 3], [10, 1, 2, 4]]);
        assert_eq!(web.ip6, [[0xfe; 16]]);
        assert_eq!(records[1].name, "db");
        assert!(records[1].ip4.is_empty());
        assert!(parse(&[]).unwrap().is_empty());
    }

    #[test]
    fn malformed_payloads_are_errors_not_panics() {
        let good = record(1, "a", &[[1, 2, 3, 4]], &[]);
        assert!(parse(&good[..RECORD_LEN - 1]).is_err());
        // The address promised by ip4s is missing.
        assert!(parse(&good[..RECORD_LEN]).is_err());
        let mut wrong_version = good.clone();
        wrong_version[0] = 2;
        assert!(parse(&wrong_version).unwrap_err().contains("version 2"));
        let mut huge = good;
        huge[IP4S..IP4S + 4].copy_from_slice(&i32::MAX.to_ne_bytes());
        assert!(parse(&huge).is_err());
    }
}
