//! `jail(2)`: sys/kern/kern_jail.c `sys_jail` and `kern_jail`. The old
//! `struct jail` (version 0 or 2) is read by [`crate::abi::legacy`] and
//! turned into a jail_set option list that creates the prison and attaches
//! the caller to it.

use alloc::vec::Vec;

use super::{caller_prison, refuse_native_jail};
use crate::abi::allow::ALLOW_PARAMS;
use crate::abi::catalogue::negated_name;
use crate::abi::flags::JailFlags;
use crate::abi::legacy::{read_legacy_jail, LegacyJail};
use crate::errno::KResult;
use crate::prison::Registry;
use crate::services::CallerContext;

/// Creates a prison from a `struct jail` and attaches the caller to it;
/// returns the jid.
pub fn jail<C: CallerContext>(reg: &Registry, cx: &C, uaddr: usize) -> KResult<i32> {
    refuse_native_jail(cx)?;
    let request = read_legacy_jail(cx, uaddr, reg.max_af_ips())?;
    let jailed = cx.prison().is_some();
    let pairs = legacy_options(reg, &request, jailed);
    let flags = JailFlags::CREATE | JailFlags::ATTACH;
    let mypr = caller_prison(reg, cx);
    super::set::set_kernel_options(reg, cx, &mypr, pairs, flags.bits())
}

fn with_nul(bytes: &[u8]) -> Vec<u8> {
    let mut v = bytes.to_vec();
    v.push(0);
    v
}

/// The option list `kern_jail` builds: for a caller on the host, every
/// `allow.*` according to the legacy defaults and `enforce_statfs`; then
/// `path`, `host.hostname`, `name` if given, and always `ip4.addr` and
/// `ip6.addr` (an empty list restricts that family to nothing).
fn legacy_options(reg: &Registry, request: &LegacyJail, jailed: bool) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    if !jailed {
        let defaults = reg.default_allow();
        for &(name, bit) in ALLOW_PARAMS {
            let name = if defaults.contains(bit) {
                name.as_bytes().to_vec()
            } else {
                negated_name(name).into_bytes()
            };
            pairs.push((name, Vec::new()));
        }
        pairs.push((
            b"enforce_statfs".to_vec(),
            reg.default_enforce_statfs().to_ne_bytes().to_vec(),
        ));
    }
    pairs.push((b"path".to_vec(), with_nul(&request.path)));
    pairs.push((b"host.hostname".to_vec(), with_nul(&request.hostname)));
    if let Some(name) = &request.name {
        pairs.push((b"name".to_vec(), with_nul(name)));
    }
    pairs.push((
        b"ip4.addr".to_vec(),
        request.ip4.iter().flatten().copied().collect(),
    ));
    pairs.push((
        b"ip6.addr".to_vec(),
        request.ip6.iter().flatten().copied().collect(),
    ));
    pairs
}
