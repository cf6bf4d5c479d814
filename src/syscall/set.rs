//! `jail_set(2)`: sys/kern/kern_jail.c `sys_jail_set` and `kern_jail_set`,
//! with the address rules of sys/netinet/in_jail.c and
//! sys/netinet6/in6_jail.c. The steps below keep FreeBSD's order, so the
//! first failing check decides the errno, and a failure changes nothing
//! except what FreeBSD also changes (a jid consumed by a creation that fails
//! late, a dying prison renumbered out of the way).

use alloc::format;
use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{
    allow_params_in, c_str, caller_prison, check_flags, conclude, desc_without_descriptors,
    fail_msg, flag_bits, plain, refuse_native_jail, reported, Failure,
};
use crate::abi::allow::Allow;
use crate::abi::consts::{
    HOSTUUIDLEN, JAIL_SYS_DISABLE, JAIL_SYS_INHERIT, JAIL_SYS_NEW, MAXHOSTNAMELEN, OSRELEASELEN,
};
use crate::abi::errmsg;
use crate::abi::flags::JailFlags;
use crate::abi::options::{read_iovecs, OptionList};
use crate::errno::{Errno, KResult};
use crate::prison::addr::{self, Address};
use crate::prison::names::{jid_from_name, numeric_name_refused, relative_name};
use crate::prison::{
    flags as pf, NewPrison, Prison, PrisonConfig, PrisonRef, Registry, Text, Tree,
};
use crate::services::{CallerContext, DirHandle, Privilege};

const CREATE: u32 = JailFlags::CREATE.bits();
const UPDATE: u32 = JailFlags::UPDATE.bits();
const ATTACH: u32 = JailFlags::ATTACH.bits();

/// Creates or updates a prison from the caller's iovec name/value list and
/// returns its jid (`jail_set(2)`).
pub fn jail_set<C: CallerContext>(
    reg: &Registry,
    cx: &C,
    iov_uaddr: usize,
    niov: u32,
    flags: i32,
) -> KResult<i32> {
    refuse_native_jail(cx)?;
    // sys_jail_set copies the iovec array in before kern_jail_set looks at
    // anything else.
    let iovecs = read_iovecs(cx, iov_uaddr, niov)?;
    let mypr = caller_prison(reg, cx);
    let bits = flag_bits(flags);
    check_set_flags(&mypr, bits)?;
    let mut opts = iovecs.build_options(cx)?;
    let outcome = set_options(reg, cx, &mypr, &mut opts, bits);
    conclude(outcome, &opts, cx, iov_uaddr)
}

/// The checks `kern_jail_set` makes before parsing the options.
fn check_set_flags(mypr: &Prison, bits: u32) -> KResult<()> {
    let create_here = bits & (CREATE | JailFlags::AT_DESC.bits()) == CREATE;
    if create_here && mypr.config().children_max == 0 {
        return Err(Errno::EPERM);
    }
    check_flags(bits, JailFlags::SET_MASK)
}

/// A string parameter as `kern_jail_set` checks it: present values must end
/// in NUL (EINVAL) and be at most `max` bytes with the NUL (ENAMETOOLONG).
/// Returns the C string.
fn string_param(opts: &OptionList, name: &str, max: usize) -> Result<Option<Vec<u8>>, Failure> {
    let Some(opt) = opts.get(name) else {
        return Ok(None);
    };
    let value = match opt.value() {
        Some(v) if v.last() == Some(&0) => v,
        _ => return Err(plain(Errno::EINVAL)),
    };
    if opt.len() > max {
        return Err(plain(Errno::ENAMETOOLONG));
    }
    Ok(Some(c_str(value).to_vec()))
}

/// An address-list parameter: length a multiple of the address size
/// (EINVAL), at most `max_ips` addresses (EINVAL "too many ..."), valid and
/// without duplicates (EINVAL). `Some(empty)` when given with no addresses.
fn address_param<const N: usize>(
    opts: &mut OptionList,
    name: &str,
    max_ips: u32,
    too_many: &'static str,
) -> Result<Option<Vec<[u8; N]>>, Failure>
where
    [u8; N]: Address,
{
    let Some(opt) = opts.get(name) else {
        return Ok(None);
    };
    let len = opt.len();
    if len % N != 0 {
        return Err(plain(Errno::EINVAL));
    }
    if len == 0 {
        return Ok(Some(Vec::new()));
    }
    let count = len / N;
    let list: Vec<[u8; N]> = opt
        .value()
        .unwrap_or_default()
        .chunks_exact(N)
        .filter_map(|c| <[u8; N]>::try_from(c).ok())
        .collect();
    if u32::try_from(count).map_or(true, |c| c > max_ips) {
        return Err(fail_msg(opts, Errno::EINVAL, too_many));
    }
    match addr::normalise(list) {
        Some(list) => Ok(Some(list)),
        None => Err(plain(Errno::EINVAL)),
    }
}

/// Everything a `jail_set` call asks for, parsed and checked on its own
/// (before the tree is locked).
struct Request {
    cuflags: u32,
    jid: i32,
    securelevel: Option<i32>,
    children_max: Option<i32>,
    enforce_statfs: Option<i32>,
    devfs_ruleset: Option<i32>,
    /// `PR_*` bits to set, and every bit the call decides.
    set_flags: u32,
    changed_flags: u32,
    allow: Allow,
    changed_allow: Allow,
    name: Option<Vec<u8>>,
    hostname: Option<Vec<u8>>,
    domainname: Option<Vec<u8>>,
    hostuuid: Option<Vec<u8>>,
    hostid: Option<u64>,
    ip4: Option<Vec<[u8; 4]>>,
    ip6: Option<Vec<[u8; 16]>>,
    osrelease: Option<Vec<u8>>,
    osreldate: Option<i32>,
    root: Option<crate::services::FoundDir>,
}

fn parse_request<C: CallerContext>(
    reg: &Registry,
    cx: &C,
    opts: &mut OptionList,
    bits: u32,
) -> Result<Request, Failure> {
    let cuflags = bits & (CREATE | UPDATE);
    if cuflags == 0 {
        return Err(fail_msg(opts, Errno::EINVAL, errmsg::NO_VALID_OPERATION));
    }
    // kern_jail_set: a copy error of `desc` leaves errmsg alone.
    if let Err(e) = opts.copy_i32("desc") {
        return Err(plain(e));
    }
    desc_without_descriptors(opts, bits, JailFlags::ANY_DESC.bits())?;
    cx.priv_check(Privilege::JailSet).map_err(plain)?;
    if bits & ATTACH != 0 {
        cx.priv_check(Privilege::JailAttach).map_err(plain)?;
    }

    let int = |opts: &OptionList, name: &str| opts.copy_i32(name).map_err(plain);
    let jid = int(opts, "jid")?.unwrap_or(0);
    let securelevel = int(opts, "securelevel")?;
    let children_max = int(opts, "children.max")?;
    let enforce_statfs = int(opts, "enforce_statfs")?;
    if enforce_statfs.is_some_and(|e| !(0..=2).contains(&e)) {
        return Err(plain(Errno::EINVAL));
    }
    let devfs_ruleset = int(opts, "devfs_ruleset")?;

    let mut set_flags = 0;
    let mut changed_flags = 0;
    for (name, bit) in [
        ("persist", pf::PERSIST),
        ("ip4.saddrsel", pf::IP4_SADDRSEL),
        ("ip6.saddrsel", pf::IP6_SADDRSEL),
    ] {
        match opts.flag(name) {
            Some(true) => {
                set_flags |= bit;
                changed_flags |= bit;
            }
            Some(false) => changed_flags |= bit,
            None => {}
        }
    }
    // (name, bit for "disable", bit for "new"): host cannot be disabled.
    for (name, disable, new) in [
        ("host", 0, pf::HOST),
        ("ip4", pf::IP4_USER, pf::IP4_USER),
        ("ip6", pf::IP6_USER, pf::IP6_USER),
    ] {
        let Some(value) = int(opts, name)? else {
            continue;
        };
        match value {
            JAIL_SYS_DISABLE if disable == 0 => return Err(plain(Errno::EINVAL)),
            JAIL_SYS_DISABLE => set_flags |= disable,
            JAIL_SYS_NEW => set_flags |= new,
            JAIL_SYS_INHERIT => {}
            _ => return Err(plain(Errno::EINVAL)),
        }
        changed_flags |= disable | new;
    }
    if bits & (CREATE | ATTACH) == CREATE && set_flags & pf::PERSIST == 0 {
        return Err(fail_msg(
            opts,
            Errno::EINVAL,
            errmsg::MUST_PERSIST_OR_ATTACH,
        ));
    }
    if bits & UPDATE != 0 && changed_flags & pf::IP4_USER != 0 {
        return Err(fail_msg(opts, Errno::EINVAL, errmsg::IP4_CANNOT_CHANGE));
    }
    if bits & UPDATE != 0 && changed_flags & pf::IP6_USER != 0 {
        return Err(fail_msg(opts, Errno::EINVAL, errmsg::IP6_CANNOT_CHANGE));
    }

    let mut allow = Allow::empty();
    let mut changed_allow = Allow::empty();
    for &(name, bit) in allow_params_in(opts) {
        match opts.flag(name) {
            Some(true) => {
                allow |= bit;
                changed_allow |= bit;
            }
            Some(false) => changed_allow |= bit,
            None => {}
        }
    }

    let name = string_param(opts, "name", MAXHOSTNAMELEN)?;
    let mut host_given = |present: bool| {
        if present {
            set_flags |= pf::HOST;
            changed_flags |= pf::HOST;
        }
    };
    host_given(opts.iter().any(|o| o.name() == b"host.hostname"));
    let hostname = string_param(opts, "host.hostname", MAXHOSTNAMELEN)?;
    host_given(opts.iter().any(|o| o.name() == b"host.domainname"));
    let domainname = string_param(opts, "host.domainname", MAXHOSTNAMELEN)?;
    host_given(opts.iter().any(|o| o.name() == b"host.hostuuid"));
    let hostuuid = string_param(opts, "host.hostuuid", HOSTUUIDLEN)?;
    let hostid = opts.copy_u64("host.hostid").map_err(plain)?;
    host_given(hostid.is_some());

    let max_ips = reg.max_af_ips();
    let ip4 = address_param::<4>(opts, "ip4.addr", max_ips, errmsg::TOO_MANY_IP4)?;
    if ip4.is_some() {
        set_flags |= pf::IP4_USER;
        changed_flags |= pf::IP4_USER;
    }
    let ip6 = address_param::<16>(opts, "ip6.addr", max_ips, errmsg::TOO_MANY_IP6)?;
    if ip6.is_some() {
        set_flags |= pf::IP6_USER;
        changed_flags |= pf::IP6_USER;
    }

    let osrelease = match opts
        .get("osrelease")
        .map(|o| (o.value().map(<[u8]>::to_vec), o.len()))
    {
        None => None,
        Some(_) if bits & UPDATE != 0 => {
            return Err(fail_msg(
                opts,
                Errno::EINVAL,
                errmsg::OSRELEASE_CANNOT_CHANGE,
            ))
        }
        Some((Some(v), len)) if v.last() == Some(&0) => {
            if len >= OSRELEASELEN {
                return Err(fail_msg(
                    opts,
                    Errno::ENAMETOOLONG,
                    errmsg::osrelease_length(),
                ));
            }
            Some(c_str(&v).to_vec())
        }
        Some(_) => return Err(plain(Errno::EINVAL)),
    };
    let osreldate = match int(opts, "osreldate")? {
        None => None,
        Some(_) if bits & UPDATE != 0 => {
            return Err(fail_msg(
                opts,
                Errno::EINVAL,
                errmsg::OSRELDATE_CANNOT_CHANGE,
            ))
        }
        Some(0) => return Err(fail_msg(opts, Errno::EINVAL, errmsg::OSRELDATE_ZERO)),
        Some(date) => Some(date),
    };

    let root = match opts.get("path").map(|o| o.value().map(<[u8]>::to_vec)) {
        None => None,
        Some(_) if bits & UPDATE != 0 => {
            return Err(fail_msg(opts, Errno::EINVAL, errmsg::PATH_CANNOT_CHANGE))
        }
        Some(Some(v)) if v.last() == Some(&0) => Some(cx.lookup_dir(c_str(&v)).map_err(plain)?),
        Some(_) => return Err(plain(Errno::EINVAL)),
    };

    Ok(Request {
        cuflags,
        jid,
        securelevel,
        children_max,
        enforce_statfs,
        devfs_ruleset,
        set_flags,
        changed_flags,
        allow,
        changed_allow,
        name,
        hostname,
        domainname,
        hostuuid,
        hostid,
        ip4,
        ip6,
        osrelease,
        osreldate,
        root,
    })
}

impl Request {
    /// `host=inherit`: the prison shares its parent's host information.
    fn inherits_host(&self) -> bool {
        pf::HOST & self.changed_flags & !self.set_flags != 0
    }
}

/// Where the call's target was found.
struct Target {
    /// The prison to update; `None`: create one.
    existing: Option<PrisonRef>,
    /// The parent of the prison (FreeBSD's `ppr`).
    parent: PrisonRef,
    /// The last component of the requested name, if a name was given.
    component: Option<Vec<u8>>,
    /// A dying prison sitting on the requested jid.
    dying_on_jid: Option<PrisonRef>,
}

/// The lookup half of `kern_jail_set`, under the tree write lock.
fn find_target(
    tree: &Tree,
    mypr: &PrisonRef,
    req: &mut Request,
    opts: &mut OptionList,
) -> Result<Target, Failure> {
    let cuflags = req.cuflags;
    if !mypr.is_alive() {
        // The caller's own prison is dying; the caller will follow.
        return Err(reported(Errno::EAGAIN));
    }
    let mut existing: Option<PrisonRef> = None;
    let mut dying_on_jid = None;
    let jid = req.jid;
    if jid != 0 {
        if jid < 0 {
            return Err(fail_msg(opts, Errno::EINVAL, errmsg::NEGATIVE_JID));
        }
        match tree.find(jid) {
            Some(p) if p.is_alive() => existing = Some(p.clone()),
            Some(p) => dying_on_jid = Some(p.clone()),
            None => {}
        }
        if cuflags == CREATE && existing.is_some() {
            // Even a creator who cannot see that prison learns it exists.
            return Err(fail_msg(opts, Errno::EEXIST, errmsg::jid_exists(jid)));
        }
        let not_found = match &existing {
            None => cuflags == UPDATE,
            Some(p) => !p.is_descendant_of(mypr),
        };
        if not_found {
            return Err(fail_msg(opts, Errno::ENOENT, errmsg::jid_not_found(jid)));
        }
    }

    let mut parent = match &existing {
        Some(p) => p.parent().cloned().unwrap_or_else(|| mypr.clone()),
        None => mypr.clone(),
    };
    let mut component = None;
    if let Some(name) = req.name.clone() {
        let (prefix, last) = match name.iter().rposition(|&c| c == b'.') {
            Some(dot) => (name.get(..dot), name.get(dot + 1..).unwrap_or_default()),
            None => (None, name.as_slice()),
        };
        match (&existing, prefix) {
            (Some(_), prefix) => {
                // The name may not move the prison under another parent.
                let same_parent = match prefix {
                    None => alloc::sync::Arc::ptr_eq(&parent, mypr),
                    Some(prefix) => {
                        !alloc::sync::Arc::ptr_eq(&parent, mypr)
                            && relative_name(mypr, &parent) == prefix
                    }
                };
                if !same_parent {
                    return Err(fail_msg(opts, Errno::EINVAL, errmsg::CANNOT_CHANGE_PARENT));
                }
            }
            (None, Some(prefix)) => {
                let Some(found) = tree.find_name(mypr, prefix) else {
                    return Err(fail_msg(
                        opts,
                        Errno::ENOENT,
                        errmsg::name_not_found(prefix),
                    ));
                };
                if !found.is_alive() {
                    return Err(fail_msg(opts, Errno::ENOENT, errmsg::name_dying(prefix)));
                }
                parent = found.clone();
            }
            (None, None) => {}
        }
        if !last.is_empty() {
            let full = tree.name_below(&parent, last);
            if let Some(sibling) = tree.live_child_named(&parent, &full, existing.as_ref()) {
                if cuflags == CREATE || existing.is_some() {
                    return Err(fail_msg(opts, Errno::EEXIST, errmsg::name_exists(&name)));
                }
                existing = Some(sibling.clone());
            }
            let not_found = match &existing {
                None => cuflags == UPDATE,
                Some(p) => !p.is_alive(),
            };
            if not_found {
                return Err(fail_msg(opts, Errno::ENOENT, errmsg::name_not_found(&name)));
            }
        }
        component = Some(last.to_vec());
    } else if cuflags == UPDATE && existing.is_none() {
        return Err(fail_msg(
            opts,
            Errno::ENOENT,
            errmsg::UPDATE_SPECIFIED_NO_JAIL,
        ));
    } else if existing.is_none() {
        // A new prison without a name is named after its jid, like one
        // named "" (sys/kern/kern_jail.c, kern_jail_set: namelc = "" for a
        // creation, then the jid in decimal). jail(2) sends no name when
        // its jailname is NULL.
        component = Some(Vec::new());
    }
    Ok(Target {
        existing,
        parent,
        component,
        dying_on_jid,
    })
}

/// Whether a new address list clashes with a live prison's
/// (`prison_ip_conflict_check`): sharing is allowed only between two
/// prisons that have exactly one address each.
fn addresses_clash<A: Address>(
    tree: &Tree,
    target: Option<&PrisonRef>,
    list: &[A],
    user_flag: u32,
    own: impl Fn(&PrisonConfig) -> Option<&[A]>,
) -> bool {
    let mut clash = false;
    tree.walk_descendants(tree.host(), |p| {
        if clash || target.is_some_and(|t| alloc::sync::Arc::ptr_eq(t, p)) || !p.is_alive() {
            return false;
        }
        let cfg = p.config();
        if cfg.flags & user_flag == 0 {
            return true;
        }
        if let Some(theirs) = own(&cfg) {
            if !(list.len() == 1 && theirs.len() == 1) {
                clash = list.iter().any(|a| addr::contains(theirs, a));
            }
        }
        false
    });
    clash
}

/// The final checks of `kern_jail_set`, against the parent, before anything
/// changes.
fn final_checks<C: CallerContext>(
    tree: &Tree,
    cx: &C,
    mypr: &PrisonRef,
    req: &mut Request,
    (target, parent): (&Target, &PrisonConfig),
    jid: i32,
    opts: &mut OptionList,
) -> Result<Option<Vec<u8>>, Failure> {
    let _ = cx;
    if req.securelevel.is_some_and(|s| s < parent.securelevel) {
        return Err(reported(Errno::EPERM));
    }
    if req.children_max.is_some_and(|c| c >= parent.children_max) {
        return Err(reported(Errno::EPERM));
    }
    if req
        .enforce_statfs
        .is_some_and(|e| e < parent.enforce_statfs)
    {
        return Err(reported(Errno::EPERM));
    }
    if let Some(rsnum) = req.devfs_ruleset {
        if !(0..=65535).contains(&rsnum) {
            return Err(reported(Errno::EINVAL));
        }
        // Nested prisons always use their parent's ruleset.
        if !mypr.is_host() {
            if rsnum > 0 && rsnum != parent.devfs_ruleset {
                return Err(reported(Errno::EPERM));
            }
            req.devfs_ruleset = Some(parent.devfs_ruleset);
        }
    }
    let existing = target.existing.as_ref();
    if let Some(list) = req.ip4.as_deref().filter(|l| !l.is_empty()) {
        if parent.flags & pf::IP4 != 0 && !addr::subset_of(parent.ip4.as_deref(), list) {
            return Err(reported(Errno::EPERM));
        }
        if addresses_clash(tree, existing, list, pf::IP4_USER, |c| c.ip4.as_deref()) {
            return Err(fail_msg(opts, Errno::EADDRINUSE, errmsg::IP4_CLASH));
        }
    }
    if let Some(list) = req.ip6.as_deref().filter(|l| !l.is_empty()) {
        if parent.flags & pf::IP6 != 0 && !addr::subset_of(parent.ip6.as_deref(), list) {
            return Err(reported(Errno::EPERM));
        }
        if addresses_clash(tree, existing, list, pf::IP6_USER, |c| c.ip6.as_deref()) {
            return Err(fail_msg(opts, Errno::EADDRINUSE, errmsg::IP6_CLASH));
        }
    }
    let mut new_full_name = None;
    if let Some(component) = &target.component {
        let component = if component.is_empty() {
            format!("{jid}").into_bytes()
        } else if numeric_name_refused(component, jid) {
            return Err(fail_msg(opts, Errno::EINVAL, errmsg::NUMERIC_NAME));
        } else {
            component.clone()
        };
        // The name, and every descendant's, must fit in MAXHOSTNAMELEN.
        let parent_len = if target.parent.is_host() {
            0
        } else {
            parent.name.len() + 1
        };
        let old_len = existing.map_or(0, |p| p.config().name.len().saturating_sub(parent_len));
        if parent_len + component.len() + 1 > MAXHOSTNAMELEN {
            return Err(reported(Errno::ENAMETOOLONG));
        }
        if let Some(p) = existing {
            let too_long = tree
                .descendants(p)
                .iter()
                .any(|d| d.config().name.len() + component.len() >= MAXHOSTNAMELEN + old_len);
            if too_long {
                return Err(reported(Errno::ENAMETOOLONG));
            }
        }
        new_full_name = Some(tree.full_name(&target.parent, &component));
    }
    let beyond_parent = req.allow & !parent.allow;
    if !(beyond_parent & !Allow::DIFFERENCES).is_empty() {
        return Err(reported(Errno::EPERM));
    }
    if let Some(unknown) = opts.unseen() {
        return Err(fail_msg(
            opts,
            Errno::EINVAL,
            errmsg::unknown_parameter(unknown),
        ));
    }
    Ok(new_full_name)
}

/// The body of `kern_jail_set` after the flag checks.
fn set_options<C: CallerContext>(
    reg: &Registry,
    cx: &C,
    mypr: &PrisonRef,
    opts: &mut OptionList,
    bits: u32,
) -> Result<i32, Failure> {
    let mut req = parse_request(reg, cx, opts, bits)?;
    if req.cuflags == CREATE && req.jid == 0 {
        if let Some(name) = &req.name {
            req.jid = jid_from_name(name);
        }
    }
    let mut tree = reg.write();
    let target = find_target(&tree, mypr, &mut req, opts)?;
    // One snapshot of the parent's parameters for every check and default
    // below: nothing changes them while the tree is locked for writing.
    let parent_config = target.parent.config();
    let created = target.existing.is_none();
    let mut jid = req.jid;
    if created {
        if tree.is_closed() {
            // The module is being unloaded (Registry::close_if_empty).
            return Err(plain(Errno::ENOSYS));
        }
        // Every prison from the caller's up must have room for a child
        // (only the caller's own chain: inventory §9.7).
        let mut cursor = Some(mypr.clone());
        while let Some(p) = cursor {
            let children_max = if alloc::sync::Arc::ptr_eq(&p, &target.parent) {
                parent_config.children_max
            } else {
                p.config().children_max
            };
            if p.children_cur() >= children_max {
                return Err(fail_msg(opts, Errno::EPERM, errmsg::PRISON_LIMIT_EXCEEDED));
            }
            cursor = p.parent().cloned();
        }
        if let Some(dead) = &target.dying_on_jid {
            if tree.renumber_dying(dead).is_none() {
                return Err(fail_msg(opts, Errno::EAGAIN, errmsg::NO_AVAILABLE_JAIL_IDS));
            }
        }
        if jid == 0 {
            jid = match tree.allocate_jid() {
                Some(jid) => jid,
                None => return Err(fail_msg(opts, Errno::EAGAIN, errmsg::NO_AVAILABLE_JAIL_IDS)),
            };
        }
    } else if let Some(existing) = &target.existing {
        let current = existing.config().flags;
        for (bit, message) in [
            (pf::IP4_USER, errmsg::IP4_CANNOT_CHANGE),
            (pf::IP6_USER, errmsg::IP6_CANNOT_CHANGE),
        ] {
            if bit & req.changed_flags & (req.set_flags ^ current) != 0 {
                return Err(fail_msg(opts, Errno::EINVAL, message));
            }
        }
        jid = existing.jid();
    }
    let name_jid = if created { jid } else { req.jid };
    let mut new_name = final_checks(
        &tree,
        cx,
        mypr,
        &mut req,
        (&target, &parent_config),
        name_jid,
        opts,
    )?;

    let prison = match &target.existing {
        Some(p) => p.clone(),
        None => {
            let (root, path) = match req.root.take() {
                Some(found) => (found.dir, found.global_path),
                None => {
                    let root: alloc::boxed::Box<dyn DirHandle> = match mypr.root() {
                        Some(r) => r.duplicate(),
                        None => cx.root_dir().map_err(reported)?.dir,
                    };
                    (root, b"/".to_vec())
                }
            };
            let mut config = new_config(reg, &parent_config, &req);
            // Named before it is linked: nothing to rename afterwards.
            config.name = new_name.take().unwrap_or_default().into();
            // Set before the prison is linked, so nothing copies the
            // snapshot again. A new prison has its own host information
            // (`new_config`), so `host=inherit` takes the parent's.
            let inherit_host = req.inherits_host();
            let inherited = inherit_host.then_some(&*parent_config);
            set_own(&mut config, &req, inherited, inherit_host);
            tree.insert(NewPrison {
                jid,
                parent: target.parent.clone(),
                root,
                path,
                config,
            })
        }
    };
    let lost_persist = apply(&mut tree, &prison, &target.parent, &req, new_name, created);
    if created {
        tree.publish(&prison);
    }
    let jid = prison.jid();

    if bits & ATTACH != 0 {
        drop(tree);
        prison.hold_user();
        let previous = cx.prison();
        if let Err(error) = super::attach::attach_process(cx, &prison, previous.as_ref()) {
            let mut tree = reg.write();
            if created {
                tree.kill_new(&prison);
            }
            drop(tree);
            crate::prison::label::process_left(&prison);
            if lost_persist {
                crate::prison::label::process_left(&prison);
            }
            return Err(fail_msg(opts, error, errmsg::ATTACH_FAILED));
        }
        if lost_persist {
            crate::prison::label::process_left(&prison);
        }
        return Ok(jid);
    }
    if lost_persist && prison.release_user() {
        tree.note_dying(&prison);
    }
    Ok(jid)
}

/// The defaults a new prison starts from (`kern_jail_set`'s creation block).
fn new_config(reg: &Registry, p: &PrisonConfig, req: &Request) -> PrisonConfig {
    let mut flags = pf::HOST | pf::IP4_SADDRSEL | pf::IP6_SADDRSEL;
    let mut ip4 = None;
    let mut ip6 = None;
    if req.changed_flags & pf::IP4_USER == 0 {
        flags |= pf::IP4 | pf::IP4_USER;
    } else if req.set_flags & pf::IP4_USER == 0 {
        flags |= p.flags & pf::IP4;
        ip4 = p.ip4.clone();
    }
    if req.changed_flags & pf::IP6_USER == 0 {
        flags |= pf::IP6 | pf::IP6_USER;
    } else if req.set_flags & pf::IP6_USER == 0 {
        flags |= p.flags & pf::IP6;
        ip6 = p.ip6.clone();
    }
    PrisonConfig {
        name: Text::default(),
        flags,
        allow: Allow::DEFAULT & p.allow,
        securelevel: p.securelevel,
        enforce_statfs: reg.default_enforce_statfs(),
        devfs_ruleset: p.devfs_ruleset,
        children_max: 0,
        host: reg.default_host(),
        ip4,
        ip6,
        osrelease: req
            .osrelease
            .as_ref()
            .map_or_else(|| p.osrelease.clone(), Text::from),
        osreldate: req.osreldate.unwrap_or(p.osreldate),
    }
}

/// Writes the request's host information into `c`.
fn set_host(c: &mut PrisonConfig, req: &Request) {
    if let Some(h) = &req.hostname {
        c.host_mut().hostname.clone_from(h);
    }
    if let Some(d) = &req.domainname {
        c.host_mut().domainname.clone_from(d);
    }
    if let Some(u) = &req.hostuuid {
        c.host_mut().hostuuid = Text::from(u);
    }
    if let Some(id) = req.hostid {
        c.host_mut().hostid = id;
    }
}

/// The request's changes to the prison's own parameters. `inherited` is the
/// parent's snapshot when the prison goes back to sharing its host
/// information (`host=inherit` on a prison that had its own).
fn set_own(
    c: &mut PrisonConfig,
    req: &Request,
    inherited: Option<&PrisonConfig>,
    inherit_host: bool,
) {
    if req.set_flags & pf::IP4_USER != 0 {
        c.flags |= pf::IP4;
        c.ip4 = req.ip4.as_deref().filter(|l| !l.is_empty()).map(Arc::from);
    }
    if req.set_flags & pf::IP6_USER != 0 {
        c.flags |= pf::IP6;
        c.ip6 = req.ip6.as_deref().filter(|l| !l.is_empty()).map(Arc::from);
    }
    if let Some(level) = req.securelevel {
        c.securelevel = level;
    }
    if let Some(max) = req.children_max {
        c.children_max = max;
    }
    if let Some(enforce) = req.enforce_statfs {
        c.enforce_statfs = enforce;
    }
    if let Some(rsnum) = req.devfs_ruleset {
        c.devfs_ruleset = rsnum;
    }
    if let Some(from) = inherited {
        c.host = from.host.clone();
    } else if !inherit_host {
        set_host(c, req);
    }
    c.allow = (c.allow & !req.changed_allow) | req.allow;
    c.flags = (c.flags & !req.changed_flags) | req.set_flags;
}

/// Sets the parameters and passes restrictions down to the descendants
/// (the "Set the parameters of the prison" part of `kern_jail_set`).
/// `own_set` says the prison's own parameters are already in its snapshot
/// (a prison being created gets them before it is linked, see
/// [`set_own`]). Returns whether the prison lost `persist` (its user
/// reference is dropped by the caller once any attach is done).
fn apply(
    tree: &mut Tree,
    prison: &PrisonRef,
    parent: &PrisonRef,
    req: &Request,
    new_name: Option<Vec<u8>>,
    own_set: bool,
) -> bool {
    let descendants = tree.descendants(prison);
    let base_depth = prison.depth();
    let inherit_host = req.inherits_host();
    let persist_changes = if own_set {
        // A new prison starts without `persist` (see `new_config`).
        req.changed_flags & pf::PERSIST & req.set_flags != 0
    } else {
        let before = prison.config();
        let changes = req.changed_flags & pf::PERSIST & (req.set_flags ^ before.flags) != 0;
        // Host information copied from the parent when the prison goes
        // back to sharing it (`host=inherit`).
        let inherited = (inherit_host && before.flags & pf::HOST != 0).then(|| parent.config());
        drop(before);
        // The prison's own parameters change in one update, so a hook sees
        // either none or all of this call's changes.
        prison.update_config(tree, |c| {
            set_own(c, req, inherited.as_deref(), inherit_host)
        });
        changes
    };
    let mut lost_persist = false;
    if persist_changes {
        if req.set_flags & pf::PERSIST != 0 {
            prison.hold_user();
        } else {
            lost_persist = true;
        }
    }

    // Restrictions pass down to the descendants, each updated on its own.
    if req.set_flags & pf::IP4_USER != 0 {
        restrict_addresses(tree, &descendants, pf::IP4_USER, |c| &c.ip4, |c| &mut c.ip4);
    }
    if req.set_flags & pf::IP6_USER != 0 {
        restrict_addresses(tree, &descendants, pf::IP6_USER, |c| &c.ip6, |c| &mut c.ip6);
    }
    if let Some(level) = req.securelevel {
        for d in &descendants {
            d.update_config(tree, |c| c.securelevel = c.securelevel.max(level));
        }
    }
    if let Some(max) = req.children_max {
        for d in &descendants {
            let level = i32::try_from(d.depth().saturating_sub(base_depth)).unwrap_or(i32::MAX);
            d.update_config(tree, |c| {
                if c.children_max > max.saturating_sub(level) {
                    c.children_max = if max > level { max - level } else { 0 };
                }
            });
        }
    }
    if let Some(enforce) = req.enforce_statfs {
        for d in &descendants {
            d.update_config(tree, |c| c.enforce_statfs = c.enforce_statfs.max(enforce));
        }
    }
    if let Some(rsnum) = req.devfs_ruleset {
        for d in &descendants {
            d.update_config(tree, |c| c.devfs_ruleset = rsnum);
        }
    }
    let host_given = req.hostname.is_some()
        || req.domainname.is_some()
        || req.hostuuid.is_some()
        || req.hostid.is_some();
    if !inherit_host && host_given {
        // Descendants that share this host information follow it; one
        // with its own (`PR_HOST`) shields its subtree.
        for d in tree.host_sharers(prison) {
            d.update_config(tree, |c| set_host(c, req));
        }
    }
    let cleared = req.changed_allow & !req.allow;
    if !cleared.is_empty() {
        for d in &descendants {
            d.update_config(tree, |c| c.allow &= !cleared);
        }
    }
    if let Some(name) = new_name {
        tree.rename(prison, name);
    }
    lost_persist
}

/// `prison_ip_restrict` over the descendants (parents first): a prison
/// without its own list takes its parent's; one with its own keeps only the
/// addresses its parent still has.
fn restrict_addresses<A: Address>(
    tree: &mut Tree,
    descendants: &[PrisonRef],
    user_flag: u32,
    list: impl Fn(&PrisonConfig) -> &Option<Arc<[A]>>,
    list_mut: impl Fn(&mut PrisonConfig) -> &mut Option<Arc<[A]>>,
) {
    for d in descendants {
        let Some(parent) = d.parent() else { continue };
        // The parent was updated earlier in this loop (parents come first),
        // so its snapshot is already the restricted one.
        let parent_config = parent.config();
        let parent_list = list(parent_config.as_ref());
        d.update_config(tree, |c| {
            let own_flag = c.flags & user_flag != 0;
            let slot = list_mut(c);
            *slot = match (parent_list, own_flag) {
                (None, _) => None,
                (Some(p), false) => Some(p.clone()),
                (Some(p), true) => match slot.as_deref() {
                    Some(own) => addr::restrict(Some(p), Some(own)).map(Arc::from),
                    None => None,
                },
            };
        });
    }
}

/// `kern_jail_set` on an option list the kernel built itself (`jail(2)`):
/// there is no user errmsg buffer to write back.
pub(super) fn set_kernel_options<C: CallerContext>(
    reg: &Registry,
    cx: &C,
    mypr: &PrisonRef,
    pairs: Vec<(Vec<u8>, Vec<u8>)>,
    bits: u32,
) -> KResult<i32> {
    check_set_flags(mypr, bits)?;
    let mut opts = OptionList::from_pairs(pairs)?;
    set_options(reg, cx, mypr, &mut opts, bits).map_err(|failure| failure.errno)
}
