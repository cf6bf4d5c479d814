//! jail_set(2) through the host model: every errno row of the reference
//! (inventory §1.5 and §9) that applies to rjail, with errmsg texts.

mod common;

use common::*;
use rjail::errno::Errno;
use rjail::host::{IovBuilder, Value};

#[test]
fn creates_a_persistent_prison_and_returns_its_jid() {
    let w = World::new();
    let c = w.init();
    let call = w.set(&c, &persist("web").errmsg(), CREATE);
    assert_eq!(call.result, Ok(1));
    let call = w.set(&c, &persist("db").errmsg(), CREATE);
    assert_eq!(call.result, Ok(2));
    assert_eq!(w.snapshot().len(), 2);
}

#[test]
fn flag_operation_and_descriptor_errors() {
    let w = World::new();
    let c = w.init();
    let before = w.snapshot();
    assert_eq!(
        w.set(&c, &persist("a").errmsg(), 0x100).result,
        Err(Errno::EINVAL)
    );
    assert_eq!(
        w.set(&c, &persist("a").errmsg(), CREATE | 0x30).result,
        Err(Errno::EINVAL)
    );
    // Every descriptor flag needs a desc (kern_jail_set: ENOENT "missing
    // desc", after the option list is parsed, so errmsg is written).
    for f in [0x10, 0x20, 0x40, 0x80] {
        let call = w.set(&c, &persist("a").errmsg(), CREATE | f);
        assert_fails(&c, &call, Errno::ENOENT, "missing desc");
    }
    // rjail has no jail descriptors: none names one of its prisons, and it
    // cannot hand one out.
    for f in [0x10, 0x20] {
        let call = w.set(&c, &persist("a").int("desc", 3).errmsg(), CREATE | f);
        assert_fails(&c, &call, Errno::EINVAL, "not a jail descriptor");
    }
    for f in [0x40, 0x80] {
        let call = w.set(&c, &persist("a").int("desc", 3).errmsg(), CREATE | f);
        assert_fails(&c, &call, Errno::EINVAL, "rjail has no jail descriptors");
    }
    let call = w.set(&c, &persist("a").errmsg(), 0);
    assert_fails(
        &c,
        &call,
        Errno::EINVAL,
        "no valid operation (create or update)",
    );
    let call = w.set(&c, &persist("a").int("desc", 3).errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EINVAL, "unexpected desc");
    let call = w.set(&c, &IovBuilder::new().string("name", "a").errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EINVAL, "new jail must persist or attach");
    assert_eq!(w.snapshot(), before);
}

#[test]
fn parse_failures_are_einval_and_leave_errmsg_alone() {
    // Inventory §9.1: FreeBSD 15.0 panics here; rjail returns EINVAL.
    let w = World::new();
    let c = w.init();
    let unterminated = IovBuilder::new()
        .raw_pair(Value::Bytes(b"persist".to_vec()), Value::Null)
        .errmsg();
    let call = w.set(&c, &unterminated, CREATE);
    assert_eq!(call.result, Err(Errno::EINVAL));
    assert_eq!(errmsg(&c, &call), b"");
    let empty = IovBuilder::new()
        .raw_pair(Value::Bytes(Vec::new()), Value::Null)
        .errmsg();
    assert_eq!(w.set(&c, &empty, CREATE).result, Err(Errno::EINVAL));
    let huge = persist("a").param("host.hostname", Value::Buffer(70_000));
    assert_eq!(w.set(&c, &huge, CREATE).result, Err(Errno::EINVAL));
    assert!(w.snapshot().is_empty());
}

#[test]
fn bad_pointers_and_counts() {
    let w = World::new();
    let c = w.init();
    assert_eq!(
        rjail::syscall::jail_set(&w.reg, &c, 0xdead_0000, 4, CREATE),
        Err(Errno::EFAULT)
    );
    assert_eq!(
        rjail::syscall::jail_set(&w.reg, &c, 0xdead_0000, 3, CREATE),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        rjail::syscall::jail_set(&w.reg, &c, 0xdead_0000, 2048, CREATE),
        Err(Errno::EINVAL)
    );
    let bad_value = persist("a").param(
        "host.hostname",
        Value::Raw {
            base: 0xdead_0000,
            len: 8,
        },
    );
    assert_eq!(w.set(&c, &bad_value, CREATE).result, Err(Errno::EFAULT));
    let huge_len = persist("a").param(
        "host.hostname",
        Value::Raw {
            base: 0x1000,
            len: u64::MAX,
        },
    );
    assert_eq!(w.set(&c, &huge_len, CREATE).result, Err(Errno::EINVAL));
    assert!(w.snapshot().is_empty());
}

#[test]
fn privilege_is_checked_after_parsing() {
    let w = World::new();
    let c = w.init().fork();
    c.setuid(1001);
    let call = w.set(&c, &persist("a").errmsg(), CREATE);
    assert_eq!(call.result, Err(Errno::EPERM));
    assert_eq!(errmsg(&c, &call), b"");
    // A parse error still wins over the privilege check.
    let call = w.set(&c, &persist("a").errmsg(), 0);
    assert_eq!(call.result, Err(Errno::EINVAL));
    let native = w.init().fork();
    native.enter_native_jail();
    assert_eq!(
        w.set(&native, &persist("a").errmsg(), CREATE).result,
        Err(Errno::EPERM)
    );
    assert!(w.snapshot().is_empty());
}

#[test]
fn integer_parameters_need_exact_sizes_and_ranges() {
    let w = World::new();
    let c = w.init();
    let short_jid = persist("a").param("jid", Value::Bytes(vec![1, 0])).errmsg();
    let call = w.set(&c, &short_jid, CREATE);
    assert_eq!(call.result, Err(Errno::EINVAL));
    assert_eq!(errmsg(&c, &call), b"");
    for bad in [-1, 3] {
        let call = w.set(
            &c,
            &persist("a").int("enforce_statfs", bad).errmsg(),
            CREATE,
        );
        assert_eq!(call.result, Err(Errno::EINVAL));
        assert_eq!(errmsg(&c, &call), b"", "§9.12: no message for range errors");
    }
    for bad in [3, 7] {
        let params = persist("a").int("host", 0).errmsg();
        assert_eq!(w.set(&c, &params, CREATE).result, Err(Errno::EINVAL));
        let params = persist("a").int("ip4", bad).errmsg();
        assert_eq!(w.set(&c, &params, CREATE).result, Err(Errno::EINVAL));
    }
    let call = w.set(
        &c,
        &persist("a").int("devfs_ruleset", 70000).errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::EINVAL));
    assert!(w.snapshot().is_empty());
}

#[test]
fn update_only_rules() {
    let w = World::new();
    let c = w.init();
    let jid = w.create(&c, "a", IovBuilder::new());
    let upd = |b: IovBuilder| w.set(&c, &b.int("jid", jid).errmsg(), UPDATE);
    assert_fails(
        &c,
        &upd(IovBuilder::new().int("ip4", 1)),
        Errno::EINVAL,
        "ip4 cannot be changed after creation",
    );
    assert_fails(
        &c,
        &upd(IovBuilder::new().int("ip6", 2)),
        Errno::EINVAL,
        "ip6 cannot be changed after creation",
    );
    assert_fails(
        &c,
        &upd(IovBuilder::new().string("osrelease", "1.0")),
        Errno::EINVAL,
        "osrelease cannot be changed after creation",
    );
    assert_fails(
        &c,
        &upd(IovBuilder::new().int("osreldate", 5)),
        Errno::EINVAL,
        "osreldate cannot be changed after creation",
    );
    assert_fails(
        &c,
        &upd(IovBuilder::new().string("path", "/")),
        Errno::EINVAL,
        "path cannot be changed after creation",
    );
    let call = w.set(&c, &IovBuilder::new().flag("persist").errmsg(), UPDATE);
    assert_fails(&c, &call, Errno::ENOENT, "update specified no jail");
    let call = w.set(&c, &IovBuilder::new().int("jid", 77).errmsg(), UPDATE);
    assert_fails(&c, &call, Errno::ENOENT, "jail 77 not found");
    let call = w.set(&c, &IovBuilder::new().string("name", "zz").errmsg(), UPDATE);
    assert_fails(&c, &call, Errno::ENOENT, "jail \"zz\" not found");
    // Inventory §9.4: create-or-update still needs persist or attach.
    let call = w.set(
        &c,
        &IovBuilder::new().string("name", "a").errmsg(),
        CREATE | UPDATE,
    );
    assert_fails(&c, &call, Errno::EINVAL, "new jail must persist or attach");
}

#[test]
fn string_parameter_limits() {
    let w = World::new();
    let c = w.init();
    let long = "x".repeat(256);
    let call = w.set(
        &c,
        &persist("a").string("host.hostname", &long).errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::ENAMETOOLONG));
    assert_eq!(errmsg(&c, &call), b"");
    let call = w.set(&c, &persist(&long).errmsg(), CREATE);
    assert_eq!(call.result, Err(Errno::ENAMETOOLONG));
    let call = w.set(
        &c,
        &persist("a")
            .string("host.hostuuid", &"u".repeat(64))
            .errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::ENAMETOOLONG));
    let unterminated = persist("a").param("host.domainname", Value::Bytes(b"abc".to_vec()));
    assert_eq!(w.set(&c, &unterminated, CREATE).result, Err(Errno::EINVAL));
    // §9.8: 31 characters plus the NUL is too long, and says so.
    let call = w.set(
        &c,
        &persist("a").string("osrelease", &"r".repeat(31)).errmsg(),
        CREATE,
    );
    assert_fails(
        &c,
        &call,
        Errno::ENAMETOOLONG,
        "osrelease string must be 1-31 bytes long",
    );
    let call = w.set(&c, &persist("a").int("osreldate", 0).errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EINVAL, "osreldate cannot be 0");
    assert!(w.snapshot().is_empty());
    // §9.8: an empty osrelease is accepted.
    assert!(w
        .set(&c, &persist("a").string("osrelease", "").errmsg(), CREATE)
        .result
        .is_ok());
}

#[test]
fn path_lookup_errors() {
    let w = World::new();
    let c = w.init();
    w.kernel.mkdir_p("/jails/a");
    w.kernel.create_file("/jails/file").unwrap();
    let call = w.set(
        &c,
        &persist("a").string("path", "/nowhere").errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::ENOENT));
    assert_eq!(errmsg(&c, &call), b"");
    let call = w.set(
        &c,
        &persist("a").string("path", "/jails/file").errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::ENOTDIR));
    assert!(w.snapshot().is_empty());
    assert_eq!(
        w.kernel.held_dirs(),
        0,
        "a failed call releases its directory"
    );
    let jid = w.create(&c, "a", IovBuilder::new().string("path", "/jails/a"));
    assert_eq!(jid, 1);
}

#[test]
fn address_lists() {
    let w = World::new();
    let c = w.init();
    let ip = |a: &[[u8; 4]]| Value::Bytes(a.iter().flatten().copied().collect());
    let call = w.set(
        &c,
        &persist("a")
            .param("ip4.addr", Value::Bytes(vec![1, 2, 3]))
            .errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::EINVAL));
    assert_eq!(errmsg(&c, &call), b"");
    for bad in [[0, 0, 0, 0], [255, 255, 255, 255]] {
        let call = w.set(
            &c,
            &persist("a").param("ip4.addr", ip(&[bad])).errmsg(),
            CREATE,
        );
        assert_eq!(call.result, Err(Errno::EINVAL));
    }
    let dup = ip(&[[10, 0, 0, 1], [10, 0, 0, 2], [10, 0, 0, 1]]);
    assert_eq!(
        w.set(&c, &persist("a").param("ip4.addr", dup), CREATE)
            .result,
        Err(Errno::EINVAL)
    );
    let many: Vec<[u8; 4]> = (1..=256u32)
        .map(|i| (0x0a00_0000 + i).to_be_bytes())
        .collect();
    let call = w.set(
        &c,
        &persist("a").param("ip4.addr", ip(&many)).errmsg(),
        CREATE,
    );
    assert_fails(&c, &call, Errno::EINVAL, "too many IPv4 addresses");
    let call = w.set(
        &c,
        &persist("a")
            .param("ip6.addr", Value::Bytes(vec![0; 16]))
            .errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::EINVAL));
    assert!(w.snapshot().is_empty());

    // Two single-address prisons may share; a multi-address one may not.
    w.create(
        &c,
        "one",
        IovBuilder::new().param("ip4.addr", ip(&[[10, 0, 0, 1]])),
    );
    w.create(
        &c,
        "two",
        IovBuilder::new().param("ip4.addr", ip(&[[10, 0, 0, 1]])),
    );
    let call = w.set(
        &c,
        &persist("three")
            .param("ip4.addr", ip(&[[10, 0, 0, 9], [10, 0, 0, 1]]))
            .errmsg(),
        CREATE,
    );
    assert_fails(&c, &call, Errno::EADDRINUSE, "IPv4 addresses clash");
    // §9.6: the failed creation consumed jid 3.
    let jid = w.create(&c, "four", IovBuilder::new());
    assert_eq!(jid, 4);
}

#[test]
fn jid_rules() {
    let w = World::new();
    let c = w.init();
    let call = w.set(&c, &persist("a").int("jid", -5).errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EINVAL, "negative jid");
    // §9.15: above JAIL_MAX is accepted when explicit.
    let call = w.set(&c, &persist("big").int("jid", 1_000_000).errmsg(), CREATE);
    assert_eq!(call.result, Ok(1_000_000));
    let call = w.set(&c, &persist("b").int("jid", 1_000_000).errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EEXIST, "jail 1000000 already exists");
    // A numeric name is the jid.
    let call = w.set(&c, &persist("42").errmsg(), CREATE);
    assert_eq!(call.result, Ok(42));
    let call = w.set(&c, &persist("43").int("jid", 7).errmsg(), CREATE);
    assert_fails(
        &c,
        &call,
        Errno::EINVAL,
        "name cannot be numeric (unless it is the jid)",
    );
    // §9.9: and it cannot be updated by that name.
    let call = w.set(&c, &persist("42").errmsg(), UPDATE);
    assert_fails(
        &c,
        &call,
        Errno::EINVAL,
        "name cannot be numeric (unless it is the jid)",
    );
    let call = w.set(&c, &persist("big").errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EEXIST, "jail \"big\" already exists");
}

#[test]
fn unknown_parameters() {
    let w = World::new();
    let c = w.init();
    for name in ["vnet", "sysvmsg", "allow.nfsd", "bogus", "lastjid"] {
        let call = w.set(&c, &persist("a").int(name, 1).errmsg(), CREATE);
        assert_fails(
            &c,
            &call,
            Errno::EINVAL,
            &format!("unknown parameter: {name}"),
        );
    }
    // Read-only parameters are unknown to jail_set too.
    let call = w.set(&c, &persist("a").int("children.cur", 1).errmsg(), CREATE);
    assert_fails(&c, &call, Errno::EINVAL, "unknown parameter: children.cur");
    assert!(w.snapshot().is_empty());
}

#[test]
fn errmsg_bytes_after_the_message_are_the_callers() {
    let w = World::new();
    let c = w.init();
    let params = IovBuilder::new()
        .string("name", "a")
        .param("errmsg", Value::Bytes(vec![b'#'; 64]));
    let call = w.set(&c, &params, CREATE);
    assert_eq!(call.result, Err(Errno::EINVAL));
    let buf = call.placed.value(&c, 1, 64);
    let msg = b"new jail must persist or attach";
    assert_eq!(&buf[..msg.len()], msg);
    assert_eq!(buf[msg.len()], 0);
    assert!(buf[msg.len() + 1..].iter().all(|&b| b == b'#'));
    // A short buffer gets a truncated, terminated message.
    let params = IovBuilder::new()
        .string("name", "a")
        .param("errmsg", Value::Bytes(vec![b'#'; 8]));
    let call = w.set(&c, &params, CREATE);
    assert_eq!(call.placed.value(&c, 1, 8), b"new jai\0");
}

#[test]
fn boolean_values_are_ignored() {
    // §9.5: persist sent with a 4-byte 0 still means persist.
    let w = World::new();
    let c = w.init();
    let params = IovBuilder::new()
        .string("name", "a")
        .int("persist", 0)
        .errmsg();
    assert_eq!(w.set(&c, &params, CREATE).result, Ok(1));
    // Last occurrence wins: persist then nopersist is nopersist.
    let params = persist("b").flag("nopersist").errmsg();
    let call = w.set(&c, &params, CREATE);
    assert_fails(&c, &call, Errno::EINVAL, "new jail must persist or attach");
}
