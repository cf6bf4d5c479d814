//! What the fuzz targets share: how each target reads its input, and the
//! same layout written forwards, for the seed corpus (`examples/write_seeds.rs`)
//! and the regression inputs.
//!
//! Every target maps its input (after a small header) into a fake user
//! address space at [`BASE`], so pointers inside the input can aim at other
//! parts of it; anything else faults.

use rjail::abi::allow::Allow;
use rjail::host::DetachedDir;
use rjail::prison::{flags, NewPrison, PrisonConfig, PrisonRef, Registry};

/// Where each target maps its input's memory part.
pub const BASE: usize = 0x10_0000;

/// Splits a header of `N` bytes off the input.
pub fn header<const N: usize>(data: &[u8]) -> Option<([u8; N], &[u8])> {
    let head = data.get(..N)?;
    Some((head.try_into().ok()?, data.get(N..)?))
}

/// A live child of `parent` with the parent's configuration, changed by
/// `adjust` (as the policy unit tests build their prisons).
pub fn child(
    reg: &Registry,
    parent: &PrisonRef,
    name: &[u8],
    adjust: impl FnOnce(&mut PrisonConfig),
) -> Option<PrisonRef> {
    let mut tree = reg.write();
    let jid = tree.allocate_jid()?;
    let mut config = PrisonConfig::clone(&parent.config());
    config.name = tree.full_name(parent, name).into();
    config.flags &= flags::IP4 | flags::IP6;
    config.allow = Allow::DEFAULT;
    config.enforce_statfs = 2;
    adjust(&mut config);
    let prison = tree.insert(NewPrison {
        jid,
        parent: parent.clone(),
        root: Box::new(DetachedDir),
        path: b"/jails".to_vec(),
        config,
    });
    tree.publish(&prison);
    Some(prison)
}

/// Seed layouts.
pub mod seed {
    use super::BASE;

    /// `legacy_jail`: max_af_ips, offset of the struct, then memory.
    pub fn legacy_jail(max_af_ips: u8, offset: u8, memory: &[u8]) -> Vec<u8> {
        let mut out = vec![max_af_ips, offset];
        out.extend_from_slice(memory);
        out
    }

    /// `iovec_options`: iovec count (u16), offset of the array (u16), then
    /// memory.
    pub fn iovec_options(niov: u16, offset: u16, memory: &[u8]) -> Vec<u8> {
        let mut out = niov.to_le_bytes().to_vec();
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(memory);
        out
    }

    /// Lays out name/value pairs as jail_set sends them: the iovec array at
    /// offset 0 of the memory, the strings after it. Returns the memory and
    /// the iovec count.
    pub fn option_memory(pairs: &[(&[u8], Option<&[u8]>)]) -> (Vec<u8>, u16) {
        let count = pairs.len() * 2;
        let mut iov = Vec::new();
        let mut data = Vec::new();
        let data_at = BASE + count * 16;
        let mut add = |bytes: &[u8], iov: &mut Vec<u8>| {
            let addr = (data_at + data.len()) as u64;
            iov.extend_from_slice(&addr.to_ne_bytes());
            iov.extend_from_slice(&(bytes.len() as u64).to_ne_bytes());
            data.extend_from_slice(bytes);
        };
        for (name, value) in pairs {
            let mut n = name.to_vec();
            n.push(0);
            add(&n, &mut iov);
            match value {
                Some(v) => add(v, &mut iov),
                None => {
                    iov.extend_from_slice(&[0; 16]);
                }
            }
        }
        iov.extend_from_slice(&data);
        (iov, count as u16)
    }
}
