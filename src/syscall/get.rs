//! `jail_get(2)`: sys/kern/kern_jail.c `sys_jail_get` and `kern_jail_get`.

use alloc::vec::Vec;

use super::{
    allow_params_in, c_str, caller_prison, check_flags, conclude, desc_without_descriptors,
    fail_msg, flag_bits, refuse_native_jail, reported, Failure,
};
use crate::abi::consts::{JAIL_SYS_DISABLE, JAIL_SYS_INHERIT, JAIL_SYS_NEW};
use crate::abi::errmsg;
use crate::abi::flags::JailFlags;
use crate::abi::options::{read_iovecs, OptionList};
use crate::errno::{Errno, KResult};
use crate::prison::names::{relative_name_in, relative_path};
use crate::prison::{flags as pf, PrisonRef, Registry, Tree};
use crate::services::CallerContext;

/// Reads the parameters of one prison into the caller's value buffers and
/// returns its jid (`jail_get(2)`). The prison is chosen by `lastjid`, then
/// `jid` (non-zero), then `name`, relative to the caller's prison; a dying
/// prison only with `JAIL_DYING`.
pub fn jail_get<C: CallerContext>(
    reg: &Registry,
    cx: &C,
    iov_uaddr: usize,
    niov: u32,
    flags: i32,
) -> KResult<i32> {
    refuse_native_jail(cx)?;
    let iovecs = read_iovecs(cx, iov_uaddr, niov)?;
    let bits = flag_bits(flags);
    check_flags(bits, JailFlags::GET_MASK)?;
    let mut opts = iovecs.build_options(cx)?;
    let mypr = caller_prison(reg, cx);
    let outcome = get_options(reg, &mypr, &mut opts, bits);
    let jid = conclude(outcome, &opts, cx, iov_uaddr)?;
    opts.write_back_values(cx, iov_uaddr)?;
    Ok(jid)
}

/// The base system's `jail_get(2)` as an rjail prisoner must see it: the
/// answer of `kern_jail_get` to a base-system prisoner that has no
/// descendants, since an rjail prisoner has none in the base system's tree.
/// Flags and option-list errors are those of [`jail_get`]; then `lastjid`
/// gives ENOENT "no jail after N", a non-zero `jid` ENOENT "jail N not
/// found", a `name` ENOENT "jail "X" not found" (EINVAL when not a
/// terminated string), and nothing at all ENOENT "no jail specified". No
/// prison is ever found, so nothing is written back but `errmsg`.
pub fn base_jail_get_childless<C: CallerContext>(
    cx: &C,
    iov_uaddr: usize,
    niov: u32,
    flags: i32,
) -> KResult<i32> {
    let iovecs = read_iovecs(cx, iov_uaddr, niov)?;
    let bits = flag_bits(flags);
    check_flags(bits, JailFlags::GET_MASK)?;
    let mut opts = iovecs.build_options(cx)?;
    let outcome = find_nothing(&mut opts);
    conclude(outcome, &opts, cx, iov_uaddr)
}

/// `kern_jail_get`'s search in a tree where the caller has no descendant.
fn find_nothing(opts: &mut OptionList) -> Result<i32, Failure> {
    match opts.copy_i32("desc") {
        Err(e) => return Err(reported(e)),
        Ok(Some(_)) => return Err(fail_msg(opts, Errno::EINVAL, errmsg::UNEXPECTED_DESC)),
        Ok(None) => {}
    }
    match opts.copy_i32("lastjid") {
        Err(e) => return Err(reported(e)),
        Ok(Some(last)) => return Err(fail_msg(opts, Errno::ENOENT, errmsg::no_jail_after(last))),
        Ok(None) => {}
    }
    match opts.copy_i32("jid") {
        Err(e) => return Err(reported(e)),
        Ok(Some(jid)) if jid != 0 => {
            return Err(fail_msg(opts, Errno::ENOENT, errmsg::jid_not_found(jid)))
        }
        Ok(_) => {}
    }
    let name = opts.get("name").map(|o| o.value().map(<[u8]>::to_vec));
    if let Some(value) = name {
        let name = match value {
            Some(v) if v.last() == Some(&0) => c_str(&v).to_vec(),
            _ => return Err(reported(Errno::EINVAL)),
        };
        return Err(fail_msg(opts, Errno::ENOENT, errmsg::name_not_found(&name)));
    }
    Err(fail_msg(opts, Errno::ENOENT, errmsg::NO_JAIL_SPECIFIED))
}

/// Finds the prison the options designate, borrowed from the tree.
fn find_prison<'t>(
    tree: &'t Tree,
    mypr: &PrisonRef,
    opts: &mut OptionList,
    bits: u32,
) -> Result<&'t PrisonRef, Failure> {
    let dying_ok = bits & JailFlags::DYING.bits() != 0;
    let needs_desc = (JailFlags::AT_DESC | JailFlags::GET_DESC | JailFlags::OWN_DESC).bits();
    desc_without_descriptors(opts, bits, needs_desc)?;
    match opts.copy_i32("lastjid") {
        Err(e) => return Err(reported(e)),
        Ok(Some(last)) => {
            let next = tree
                .after(last)
                .find(|p| (dying_ok || p.is_alive()) && p.is_descendant_of(mypr));
            return match next {
                Some(p) => Ok(p),
                None => Err(fail_msg(opts, Errno::ENOENT, errmsg::no_jail_after(last))),
            };
        }
        Ok(None) => {}
    }
    match opts.copy_i32("jid") {
        Err(e) => return Err(reported(e)),
        Ok(Some(jid)) if jid != 0 => {
            return match tree.find_child(mypr, jid) {
                Some(p) if p.is_alive() || dying_ok => Ok(p),
                Some(_) => Err(fail_msg(opts, Errno::ENOENT, errmsg::jid_dying(jid))),
                None => Err(fail_msg(opts, Errno::ENOENT, errmsg::jid_not_found(jid))),
            };
        }
        Ok(_) => {}
    }
    // The name is looked up where it lies; it is copied only for a message.
    let found = match opts.get("name").map(|o| o.value()) {
        None => return Err(fail_msg(opts, Errno::ENOENT, errmsg::NO_JAIL_SPECIFIED)),
        Some(Some(v)) if v.last() == Some(&0) => match tree.find_name(mypr, c_str(v)) {
            Some(p) if p.is_alive() || dying_ok => return Ok(p),
            Some(_) => (c_str(v).to_vec(), true),
            None => (c_str(v).to_vec(), false),
        },
        Some(_) => return Err(reported(Errno::EINVAL)),
    };
    match found {
        (name, true) => Err(fail_msg(opts, Errno::ENOENT, errmsg::name_dying(&name))),
        (name, false) => Err(fail_msg(opts, Errno::ENOENT, errmsg::name_not_found(&name))),
    }
}

/// The bytes of an address list, in order (none without a list).
fn addresses<const N: usize>(list: Option<&[[u8; N]]>) -> Vec<u8> {
    list.unwrap_or_default().iter().flatten().copied().collect()
}

/// The value `kern_jail_get` reports for a jailsys parameter.
fn jailsys_value(flags: u32, disable: u32, new: u32) -> i32 {
    let f = flags & (disable | new);
    if f != 0 && f == disable {
        JAIL_SYS_DISABLE
    } else if f == new {
        JAIL_SYS_NEW
    } else {
        JAIL_SYS_INHERIT
    }
}

fn get_options(
    reg: &Registry,
    mypr: &PrisonRef,
    opts: &mut OptionList,
    bits: u32,
) -> Result<i32, Failure> {
    // The tree stays read-locked until every value is in the kernel's copy
    // of the list: the prison and its parameters are borrowed, not counted
    // (the copy-out to the caller happens after, without the lock).
    let tree = reg.read();
    let prison = find_prison(&tree, mypr, opts, bits)?;
    let jid = prison.jid();
    let cfg = prison.config_in(&tree);
    let parent_jid = match prison.parent() {
        Some(p) if !alloc::sync::Arc::ptr_eq(p, mypr) => p.jid(),
        _ => 0,
    };
    // Only what the caller asked for is computed (and nothing is copied):
    // FreeBSD's setters skip absent options the same way.
    let name = relative_name_in(mypr, prison, &cfg.name);
    let path = relative_path(mypr.path(), prison.path());

    let r = |result: KResult<()>| result.map_err(reported);
    r(opts.set_i32("jid", jid))?;
    r(opts.set_i32("parent", parent_jid))?;
    r(opts.set_string("name", name))?;
    // rjail gives prisons no cpuset of their own: they use the root set.
    r(opts.set_i32("cpuset.id", 0))?;
    r(opts.set_string("path", path))?;
    if opts.wants("ip4.addr") {
        r(opts.set_partial("ip4.addr", &addresses(cfg.ip4.as_deref())))?;
    }
    if opts.wants("ip6.addr") {
        r(opts.set_partial("ip6.addr", &addresses(cfg.ip6.as_deref())))?;
    }
    r(opts.set_i32("securelevel", cfg.securelevel))?;
    r(opts.set_i32("children.cur", prison.children_cur()))?;
    r(opts.set_i32("children.max", cfg.children_max))?;
    r(opts.set_string("host.hostname", &cfg.host.hostname))?;
    r(opts.set_string("host.domainname", &cfg.host.domainname))?;
    r(opts.set_string("host.hostuuid", &cfg.host.hostuuid))?;
    r(opts.set_u64("host.hostid", cfg.host.hostid))?;
    r(opts.set_i32("enforce_statfs", cfg.enforce_statfs))?;
    r(opts.set_i32("devfs_ruleset", cfg.devfs_ruleset))?;
    for (name, bit) in [
        ("persist", pf::PERSIST),
        ("ip4.saddrsel", pf::IP4_SADDRSEL),
        ("ip6.saddrsel", pf::IP6_SADDRSEL),
    ] {
        r(opts.set_bool(name, cfg.flags & bit != 0))?;
    }
    for (name, disable, new) in [
        ("host", 0, pf::HOST),
        ("ip4", pf::IP4_USER, pf::IP4_USER),
        ("ip6", pf::IP6_USER, pf::IP6_USER),
    ] {
        r(opts.set_i32(name, jailsys_value(cfg.flags, disable, new)))?;
    }
    for &(name, bit) in allow_params_in(opts) {
        r(opts.set_bool(name, cfg.allow.contains(bit)))?;
    }
    r(opts.set_bool("dying", !prison.is_alive()))?;
    r(opts.set_i32("osreldate", cfg.osreldate))?;
    r(opts.set_string("osrelease", &cfg.osrelease))?;
    if let Some(unknown) = opts.unseen() {
        return Err(fail_msg(
            opts,
            Errno::EINVAL,
            errmsg::unknown_parameter(unknown),
        ));
    }
    Ok(jid)
}
