//! jail(2) through the host model: struct jail v0 and v2 create a prison
//! and attach the caller; v1 and unknown versions, bad pointers, too many
//! addresses and over-long strings fail with nothing created.

mod common;

use common::*;
use rjail::errno::Errno;
use rjail::services::CallerContext;
use rjail::syscall::jail;

#[test]
fn version_2_creates_and_attaches() {
    let w = World::new();
    let host = w.init();
    w.kernel.mkdir_p("/legacy");
    let p = host.fork();
    let at = place_v2(&p, "/legacy", "old.example", Some("old"), &[[192, 0, 2, 1]]);
    let jid = jail(&w.reg, &p, at).unwrap();
    assert_eq!(p.prison().map(|x| x.jid()), Some(jid));
    assert_eq!(p.root_path(), b"/legacy");
    let prison = p.prison().unwrap();
    let cfg = prison.config();
    assert_eq!(cfg.name, b"old");
    assert_eq!(cfg.host.hostname, b"old.example");
    assert_eq!(cfg.ip4.as_deref(), Some(&[[192, 0, 2, 1]][..]));
    // No IPv6 given: the family is restricted to nothing.
    assert_eq!(cfg.ip6, None);
    assert_ne!(cfg.flags & rjail::prison::flags::IP6, 0);
    // Legacy defaults from the registry's knobs.
    assert_eq!(cfg.enforce_statfs, 2);
    assert!(cfg.allow.contains(rjail::abi::allow::Allow::SET_HOSTNAME));
    assert!(!cfg.allow.contains(rjail::abi::allow::Allow::RAW_SOCKETS));
    drop(prison);
    p.exit();
    assert!(w.reg.is_empty(), "not persistent: gone with its process");
}

#[test]
fn version_0_has_one_host_order_address() {
    let w = World::new();
    let p = w.init().fork();
    p.map(LEGACY_JAIL_AT, 0x1000);
    p.poke(LEGACY_JAIL_AT + 0x100, b"/\0").unwrap();
    p.poke(LEGACY_JAIL_AT + 0x200, b"v0\0").unwrap();
    let mut raw = [0u8; 32];
    raw[8..16].copy_from_slice(&((LEGACY_JAIL_AT + 0x100) as u64).to_ne_bytes());
    raw[16..24].copy_from_slice(&((LEGACY_JAIL_AT + 0x200) as u64).to_ne_bytes());
    raw[24..28].copy_from_slice(&0x0a00_0001u32.to_ne_bytes());
    p.poke(LEGACY_JAIL_AT, &raw).unwrap();
    let jid = jail(&w.reg, &p, LEGACY_JAIL_AT).unwrap();
    let prison = p.prison().unwrap();
    assert_eq!(prison.jid(), jid);
    assert_eq!(prison.config().ip4.as_deref(), Some(&[[10, 0, 0, 1]][..]));
    // No name in version 0: the jid in decimal (kern_jail_set's default).
    assert_eq!(prison.config().name, jid.to_string().into_bytes());
}

#[test]
fn version_2_without_a_name_is_named_after_its_jid() {
    let w = World::new();
    let p = w.init().fork();
    let at = place_v2(&p, "/", "anon.example", None, &[]);
    let jid = jail(&w.reg, &p, at).unwrap();
    let prison = p.prison().unwrap();
    assert_eq!(prison.config().name, jid.to_string().into_bytes());
}

#[test]
fn jail_set_creation_without_a_name_is_named_after_its_jid() {
    let w = World::new();
    let host = w.init();
    let params = rjail::host::IovBuilder::new()
        .int("jid", 42)
        .flag("persist")
        .errmsg();
    assert_eq!(w.set(&host, &params, CREATE).result, Ok(42));
    let tree = w.reg.read();
    let named = tree
        .iter()
        .find(|p| p.jid() == 42)
        .map(|p| p.config().name.to_vec());
    assert_eq!(named, Some(b"42".to_vec()));
}

#[test]
fn bad_requests_change_nothing() {
    let w = World::new();
    let host = w.init();
    let p = host.fork();
    assert_eq!(jail(&w.reg, &p, 0xdead_0000), Err(Errno::EFAULT));
    for version in [1u32, 3, 99] {
        p.map(LEGACY_JAIL_AT, 64);
        p.poke(LEGACY_JAIL_AT, &version.to_ne_bytes()).unwrap();
        assert_eq!(
            jail(&w.reg, &p, LEGACY_JAIL_AT),
            Err(Errno::EINVAL),
            "version {version}"
        );
    }
    let many: Vec<[u8; 4]> = (1..=256u32)
        .map(|i| (0x0a00_0000 + i).to_be_bytes())
        .collect();
    let at = place_v2(&p, "/", "h", None, &many);
    assert_eq!(jail(&w.reg, &p, at), Err(Errno::EINVAL));
    let long = "p".repeat(1100);
    let at = place_v2(&p, &long, "h", None, &[]);
    assert_eq!(jail(&w.reg, &p, at), Err(Errno::ENAMETOOLONG));
    let at = place_v2(&p, "/missing", "h", None, &[]);
    assert_eq!(jail(&w.reg, &p, at), Err(Errno::ENOENT));
    let user = host.fork();
    user.setuid(7);
    let at = place_v2(&user, "/", "h", None, &[]);
    assert_eq!(jail(&w.reg, &user, at), Err(Errno::EPERM));
    assert!(w.reg.is_empty());
    assert!(p.prison().is_none());
}
