//! rjail's `security.jail.*` sysctls through the host model: every legacy
//! knob read and written from the host and from a prisoner, the list
//! payload decoded back, and the parameter OIDs against the catalogue.

mod common;

use common::*;
use rjail::abi::allow::{Allow, ALLOW_PARAMS};
use rjail::abi::catalogue::{Access, ParamKind, PARAMS};
use rjail::abi::consts::{JAIL_MAX, PRISON_STATE_ALIVE, PRISON_STATE_DYING, XPRISON_VERSION};
use rjail::abi::xprison::decode_xprisons;
use rjail::errno::Errno;
use rjail::host::{IovBuilder, Value};
use rjail::prison::PrisonRef;
use rjail::syscall::{jail_attach, jail_remove};
use rjail::sysctl::knobs::knob;
use rjail::sysctl::{
    jailed, knob_read, knob_write, list, param_oids, CtlType, KnobKind, ParamReadValue, KNOBS,
};

fn prison(w: &World, jid: i32) -> PrisonRef {
    w.reg.read().find(jid).cloned().expect("prison exists")
}

fn read(w: &World, viewer: Option<&PrisonRef>, name: &str) -> i32 {
    knob_read(&w.reg, viewer, knob(name).expect("knob exists"))
}

fn write(w: &World, viewer: Option<&PrisonRef>, name: &str, value: i32) -> Result<(), Errno> {
    knob_write(&w.reg, viewer, knob(name).expect("knob exists"), value)
}

fn ip4(list: &[[u8; 4]]) -> Value {
    Value::Bytes(list.concat())
}

#[test]
fn host_reads_the_defaults_freebsd_starts_with() {
    let w = World::new();
    let expected = [
        ("set_hostname_allowed", 1),
        ("socket_unixiproute_only", 1),
        ("sysvipc_allowed", 0),
        ("allow_raw_sockets", 0),
        ("chflags_allowed", 0),
        ("mount_allowed", 0),
        ("mlock_allowed", 0),
        ("mount_devfs_allowed", 0),
        ("mount_zfs_allowed", 0),
        ("enforce_statfs", 2),
        ("devfs_ruleset", 0),
        ("jail_max_af_ips", 255),
        ("children.max", JAIL_MAX),
        ("children.cur", 0),
    ];
    for (name, value) in expected {
        assert_eq!(read(&w, None, name), value, "{name}");
    }
    assert_eq!(jailed(None), 0);
}

#[test]
fn every_allow_knob_writes_its_own_default_bit() {
    let w = World::new();
    for k in KNOBS {
        let KnobKind::DefaultAllow { bit, inverted } = k.kind else {
            continue;
        };
        let others = w.reg.default_allow() & !bit;
        for value in [1, 0, 7, -1, 0] {
            knob_write(&w.reg, None, k, value).unwrap();
            assert_eq!(
                knob_read(&w.reg, None, k),
                i32::from(value != 0),
                "{}",
                k.name
            );
            let on = w.reg.default_allow().contains(bit);
            assert_eq!(on, (value != 0) != inverted, "{}", k.name);
            assert_eq!(
                w.reg.default_allow() & !bit,
                others,
                "{} touched other bits",
                k.name
            );
        }
    }
}

#[test]
fn every_mount_permission_has_its_legacy_knob() {
    for &(name, bit) in ALLOW_PARAMS {
        let Some(fs) = name.strip_prefix("allow.mount.") else {
            continue;
        };
        let k = knob(&format!("mount_{fs}_allowed")).unwrap_or_else(|| panic!("{fs}"));
        assert_eq!(
            k.kind,
            KnobKind::DefaultAllow {
                bit,
                inverted: false
            }
        );
    }
    for k in KNOBS {
        assert!(!k.description.is_empty(), "{}", k.name);
        assert!(KNOBS.iter().filter(|o| o.name == k.name).count() == 1);
    }
}

#[test]
fn legacy_defaults_reach_jail_2() {
    let w = World::new();
    write(&w, None, "sysvipc_allowed", 1).unwrap();
    write(&w, None, "set_hostname_allowed", 0).unwrap();
    write(&w, None, "socket_unixiproute_only", 0).unwrap();
    write(&w, None, "enforce_statfs", 1).unwrap();
    let p = w.init().fork();
    p.map(0x40_0000, 0x1000);
    p.poke(0x40_0100, b"/\0").unwrap();
    p.poke(0x40_0200, b"h\0").unwrap();
    let mut raw = [0u8; 32];
    raw[8..16].copy_from_slice(&0x40_0100u64.to_ne_bytes());
    raw[16..24].copy_from_slice(&0x40_0200u64.to_ne_bytes());
    raw[24..28].copy_from_slice(&0x0a00_0001u32.to_ne_bytes());
    p.poke(0x40_0000, &raw).unwrap();
    let jid = rjail::syscall::jail(&w.reg, &p, 0x40_0000).unwrap();
    let cfg = prison(&w, jid).config();
    assert!(cfg.allow.contains(Allow::SYSVIPC));
    assert!(cfg.allow.contains(Allow::SOCKET_AF));
    assert!(!cfg.allow.contains(Allow::SET_HOSTNAME));
    assert_eq!(cfg.enforce_statfs, 1);
}

#[test]
fn enforce_statfs_default_is_stored_unchecked_as_freebsd_does() {
    let w = World::new();
    let host = w.init();
    write(&w, None, "enforce_statfs", 0).unwrap();
    let a = w.create(&host, "a", IovBuilder::new());
    assert_eq!(
        prison(&w, a).config().enforce_statfs,
        0,
        "new prisons take it"
    );
    // No range check in sysctl_jail_default_level: 5 is stored; jail(2)
    // then passes it to jail_set, which refuses it.
    write(&w, None, "enforce_statfs", 5).unwrap();
    assert_eq!(read(&w, None, "enforce_statfs"), 5);
    let p = host.fork();
    let at = place_v2(&p, "/", "/", None, &[]);
    assert_eq!(rjail::syscall::jail(&w.reg, &p, at), Err(Errno::EINVAL));
    assert_eq!(w.snapshot().len(), 1);
}

#[test]
fn max_af_ips_is_unsigned_and_limits_jail_set() {
    let w = World::new();
    let host = w.init();
    write(&w, None, "jail_max_af_ips", -1).unwrap();
    assert_eq!(read(&w, None, "jail_max_af_ips") as u32, u32::MAX);
    assert_eq!(w.reg.max_af_ips(), u32::MAX);
    write(&w, None, "jail_max_af_ips", 1).unwrap();
    let two = ip4(&[[10, 0, 0, 1], [10, 0, 0, 2]]);
    let call = w.set(
        &host,
        &IovBuilder::new()
            .flag("persist")
            .param("ip4.addr", two)
            .errmsg(),
        CREATE,
    );
    assert_fails(&host, &call, Errno::EINVAL, "too many IPv4 addresses");
    let k = knob("jail_max_af_ips").unwrap();
    assert!(k.unsigned() && k.writable());
    assert_eq!(k.format(), "IU");
    // Global: a prisoner reads the same value.
    let a = w.create(&host, "a", IovBuilder::new());
    assert_eq!(read(&w, Some(&prison(&w, a)), "jail_max_af_ips"), 1);
}

#[test]
fn prisoners_see_their_own_values() {
    let w = World::new();
    let host = w.init();
    let a = w.create(
        &host,
        "a",
        IovBuilder::new()
            .flag("allow.sysvipc")
            .flag("allow.mount.nodevfs")
            .flag("allow.socket_af")
            .flag("allow.noset_hostname")
            .int("enforce_statfs", 1)
            .int("devfs_ruleset", 4)
            .int("children.max", 3),
    );
    w.create(&host, "a.b", IovBuilder::new());
    let pa = prison(&w, a);
    let viewer = Some(&pa);
    assert_eq!(read(&w, viewer, "sysvipc_allowed"), 1);
    assert_eq!(read(&w, viewer, "set_hostname_allowed"), 0);
    assert_eq!(read(&w, viewer, "socket_unixiproute_only"), 0);
    assert_eq!(read(&w, viewer, "mount_devfs_allowed"), 0);
    assert_eq!(read(&w, viewer, "enforce_statfs"), 1);
    assert_eq!(read(&w, viewer, "devfs_ruleset"), 4);
    assert_eq!(read(&w, viewer, "children.max"), 3);
    assert_eq!(read(&w, viewer, "children.cur"), 1);
    assert_eq!(jailed(viewer), 1);
    // The host still reads the global defaults.
    assert_eq!(read(&w, None, "sysvipc_allowed"), 0);
    assert_eq!(read(&w, None, "enforce_statfs"), 2);
    assert_eq!(read(&w, None, "devfs_ruleset"), 0);
    assert_eq!(read(&w, None, "children.cur"), 2);
}

#[test]
fn prisoners_cannot_write_and_read_only_knobs_refuse_everyone() {
    let w = World::new();
    let host = w.init();
    let a = w.create(&host, "a", IovBuilder::new());
    let pa = prison(&w, a);
    let before_allow = w.reg.default_allow();
    for k in KNOBS {
        let before = knob_read(&w.reg, None, k);
        assert_eq!(
            knob_write(&w.reg, Some(&pa), k, 1 - before),
            Err(Errno::EPERM),
            "{}",
            k.name
        );
        assert_eq!(knob_read(&w.reg, None, k), before, "{}", k.name);
        let from_host = knob_write(&w.reg, None, k, before);
        assert_eq!(from_host.is_ok(), k.writable(), "{}", k.name);
        if !k.writable() {
            assert_eq!(from_host, Err(Errno::EPERM));
        }
    }
    assert_eq!(w.reg.default_allow(), before_allow);
    let read_only: Vec<_> = KNOBS
        .iter()
        .filter(|k| !k.writable())
        .map(|k| k.name)
        .collect();
    assert_eq!(read_only, ["devfs_ruleset", "children.max", "children.cur"]);
    assert_eq!(pa.config().enforce_statfs, 2);
}

/// Records as (jid, state, name, path, host, ip4, ip6).
type Row = (
    i32,
    i32,
    String,
    String,
    String,
    Vec<[u8; 4]>,
    Vec<[u8; 16]>,
);

fn decoded(w: &World, viewer: Option<&PrisonRef>) -> Vec<Row> {
    let records = decode_xprisons(&list(&w.reg, viewer)).expect("well-formed list");
    records
        .into_iter()
        .map(|r| {
            assert_eq!(r.version, XPRISON_VERSION);
            assert_eq!(r.cpuset_id, 0);
            let s = |b: Vec<u8>| String::from_utf8(b).unwrap();
            (
                r.jid,
                r.state,
                s(r.name),
                s(r.path),
                s(r.hostname),
                r.ip4,
                r.ip6,
            )
        })
        .collect()
}

#[test]
fn list_shows_descendants_relative_to_the_viewer_dying_included() {
    let w = World::new();
    let host = w.init();
    w.kernel.mkdir_p("/j/a/b");
    w.kernel.mkdir_p("/j/c");
    let v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    let a = w.create(
        &host,
        "a",
        IovBuilder::new()
            .string("path", "/j/a")
            .string("host.hostname", "a.example")
            .int("children.max", 5)
            .param(
                "ip4.addr",
                ip4(&[[10, 0, 0, 9], [10, 0, 0, 1], [10, 0, 0, 5]]),
            )
            .param("ip6.addr", Value::Bytes(v6.to_vec())),
    );
    let b = w.create(
        &host,
        "a.b",
        IovBuilder::new().string("path", "/j/a/b").int("ip4", 2),
    );
    let c = w.create(&host, "c", IovBuilder::new().string("path", "/j/c"));
    let d = w.create(&host, "d", IovBuilder::new());
    // d dies but a credential keeps it listed.
    let p = host.fork();
    jail_attach(&w.reg, &p, d).unwrap();
    let held = rjail::prison::label::label_clone(p.label());
    jail_remove(&w.reg, &host, d).unwrap();

    let from_host = decoded(&w, None);
    let jids: Vec<i32> = from_host.iter().map(|r| r.0).collect();
    // Pre-order, newest sibling first, as FreeBSD's walk of its lists.
    assert_eq!(jids, [d, c, a, b]);
    let by_jid = |rows: &[Row], jid: i32| rows.iter().find(|r| r.0 == jid).cloned().unwrap();
    let ra = by_jid(&from_host, a);
    assert_eq!(ra.1, PRISON_STATE_ALIVE);
    assert_eq!(
        (ra.2.as_str(), ra.3.as_str(), ra.4.as_str()),
        ("a", "/j/a", "a.example")
    );
    assert_eq!(
        ra.5,
        [[10, 0, 0, 9], [10, 0, 0, 1], [10, 0, 0, 5]],
        "primary first"
    );
    assert_eq!(ra.6, [v6]);
    let rb = by_jid(&from_host, b);
    assert_eq!((rb.2.as_str(), rb.3.as_str()), ("a.b", "/j/a/b"));
    assert_eq!(rb.5, ra.5, "ip4=inherit: the parent's list");
    // b got no IPv6 of its own: the family is disabled, no addresses.
    assert!(rb.6.is_empty());
    let rd = by_jid(&from_host, d);
    assert_eq!(rd.1, PRISON_STATE_DYING);
    assert_eq!(by_jid(&from_host, c).3, "/j/c");

    // From inside a: only b, with name and path relative to a.
    let pa = prison(&w, a);
    let from_a = decoded(&w, Some(&pa));
    assert_eq!(from_a.len(), 1);
    assert_eq!(from_a[0].0, b);
    assert_eq!((from_a[0].2.as_str(), from_a[0].3.as_str()), ("b", "/b"));
    // From inside b: nothing.
    assert!(list(&w.reg, Some(&prison(&w, b))).is_empty());

    rjail::prison::label::label_release(held);
    let jids: Vec<i32> = decoded(&w, None).iter().map(|r| r.0).collect();
    assert_eq!(jids, [c, a, b], "reaped once unreferenced");
}

#[test]
fn param_oids_cover_the_catalogue_with_freebsd_formats() {
    let oids: Vec<_> = param_oids().collect();
    for (i, oid) in oids.iter().enumerate() {
        // Unique, and under a node listed earlier.
        assert!(oids[..i].iter().all(|o| o.path != oid.path), "{}", oid.path);
        let parent = oid.parent();
        if !parent.is_empty() {
            let at = oids
                .iter()
                .position(|o| o.path == parent && o.ctl_type == CtlType::Node)
                .unwrap_or_else(|| panic!("no node {parent} for {}", oid.path));
            assert!(at < i, "{} listed before its node", oid.path);
        }
        assert!(!oid.description.is_empty(), "{}", oid.path);
        if oid.ctl_type == CtlType::Node {
            assert_eq!((oid.format, &oid.read_value), ("N", &ParamReadValue::Node));
            assert_eq!(oid.access, None);
        }
    }
    for spec in PARAMS {
        let is_node = oids
            .iter()
            .any(|o| o.path == spec.name && o.ctl_type == CtlType::Node);
        let leaf_path = if is_node {
            format!("{}.", spec.name)
        } else {
            spec.name.to_string()
        };
        let oid = oids
            .iter()
            .find(|o| o.path == leaf_path)
            .unwrap_or_else(|| panic!("{} missing", spec.name));
        assert_eq!(oid.format, spec.sysctl_format, "{}", spec.name);
        assert_eq!(oid.access, Some(spec.access), "{}", spec.name);
        let (ctl_type, value) = match spec.kind {
            ParamKind::Int | ParamKind::Bool | ParamKind::JailSys => {
                (CtlType::Int, ParamReadValue::Int(0))
            }
            ParamKind::UInt => (CtlType::UInt, ParamReadValue::Int(0)),
            ParamKind::ULong => (CtlType::ULong, ParamReadValue::ULong(0)),
            ParamKind::String { max } => (CtlType::String, ParamReadValue::String(max.to_string())),
            ParamKind::InAddrArray => (CtlType::Struct, ParamReadValue::Struct(4)),
            ParamKind::In6AddrArray => (CtlType::Struct, ParamReadValue::Struct(16)),
        };
        assert_eq!(
            (oid.ctl_type, &oid.read_value),
            (ctl_type, &value),
            "{}",
            spec.name
        );
    }
    // Every leaf is a parameter (nothing invented).
    let leaves = oids.iter().filter(|o| o.ctl_type != CtlType::Node).count();
    assert_eq!(leaves, PARAMS.len());
}

#[test]
fn param_nodes_are_shaped_like_freebsds() {
    let oids: Vec<_> = param_oids().collect();
    let find = |path: &str| oids.iter().find(|o| o.path == path).cloned();
    let nodes: Vec<&str> = oids
        .iter()
        .filter(|o| o.ctl_type == CtlType::Node)
        .map(|o| o.path)
        .collect();
    assert_eq!(
        nodes,
        [
            "children",
            "host",
            "cpuset",
            "ip4",
            "ip6",
            "allow",
            "allow.mount"
        ]
    );
    // Self-describing nodes: an empty-named leaf inside.
    for (path, format, access) in [
        ("host.", "E,jailsys", Access::ReadWrite),
        ("ip4.", "E,jailsys", Access::CreateOnly),
        ("ip6.", "E,jailsys", Access::CreateOnly),
        ("allow.mount.", "B", Access::ReadWrite),
    ] {
        let oid = find(path).unwrap_or_else(|| panic!("{path}"));
        assert_eq!((oid.format, oid.access), (format, Some(access)));
        assert_eq!(oid.name(), "");
        assert_eq!(oid.parent(), path.trim_end_matches('.'));
    }
    // Plain nodes describe nothing else.
    for plain in ["children.", "cpuset.", "allow."] {
        assert!(find(plain).is_none(), "{plain}");
    }
    let devfs = find("allow.mount.devfs").unwrap();
    assert_eq!((devfs.parent(), devfs.name()), ("allow.mount", "devfs"));
    assert_eq!(find("jid").unwrap().parent(), "");
    assert_eq!(
        find("path").unwrap().read_value,
        ParamReadValue::String("1024".into())
    );
    assert_eq!(
        find("host.hostuuid").unwrap().read_value,
        ParamReadValue::String("64".into())
    );
}
