//! `security.jail.list` (`sysctl_jail_list`, sys/kern/kern_jail.c): one
//! `struct xprison` record per descendant of the viewer's prison, alive or
//! dying, each followed by its IPv4 then its IPv6 addresses.
//!
//! Order and contents as FreeBSD's `FOREACH_PRISON_DESCENDANT` walk gives
//! them: pre-order, and among siblings the newest first (FreeBSD inserts a
//! new child at the head of its parent's list). Names and paths are relative
//! to the viewer (`prison_name`, `prison_path`), the host name is the
//! prison's own, `pr_cpusetid` stays 0.
//!
//! One deliberate difference: FreeBSD 15.0's `prison_ip_copyout` only ever
//! grows the address counts it reports, so a prison listed after one with
//! more addresses (or with none of its own) shows the earlier count and
//! stale addresses. rjail reports each prison's own addresses.

use alloc::vec::Vec;

use crate::abi::xprison::{encode_xprison, XPrisonEntry};
use crate::prison::names::{relative_name, relative_path};
use crate::prison::{PrisonRef, Registry, Tree};

/// The descendants of `top` in the order FreeBSD's walk visits them.
fn walk_order(tree: &Tree, top: &PrisonRef) -> Vec<PrisonRef> {
    let mut order = Vec::new();
    // Children come oldest first from the tree; popping takes the newest.
    let mut stack: Vec<&PrisonRef> = tree.children_of(top).collect();
    while let Some(p) = stack.pop() {
        order.push(p.clone());
        stack.extend(tree.children_of(p));
    }
    order
}

/// The `security.jail.list` payload for `viewer` (`None`: the host).
pub fn list(reg: &Registry, viewer: Option<&PrisonRef>) -> Vec<u8> {
    let top = viewer.unwrap_or(reg.host()).clone();
    let tree = reg.read();
    let mut out = Vec::new();
    for p in walk_order(&tree, &top) {
        let name = relative_name(&top, &p);
        let path = relative_path(top.path(), p.path());
        let cfg = p.config();
        let entry = XPrisonEntry {
            jid: p.jid(),
            state: p.state() as i32,
            cpuset_id: 0,
            path,
            hostname: &cfg.host.hostname,
            name: &name,
            ip4: cfg.ip4.as_deref().unwrap_or_default(),
            ip6: cfg.ip6.as_deref().unwrap_or_default(),
        };
        encode_xprison(&entry, &mut out);
    }
    out
}
