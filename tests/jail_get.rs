//! jail_get(2) through the host model: key selection, every parameter's
//! set/get round trip, buffer rules (inventory §1.6, §9.2, §9.3, §9.13,
//! §9.14).

mod common;

use common::*;
use rjail::abi::allow::ALLOW_PARAMS;
use rjail::abi::catalogue::negated_name;
use rjail::errno::Errno;
use rjail::host::{IovBuilder, Value};

#[test]
fn key_selection_errors() {
    let w = World::new();
    let c = w.init();
    let call = w.get(&c, &IovBuilder::new().errmsg(), 0);
    assert_fails(&c, &call, Errno::ENOENT, "no jail specified");
    let call = w.get(&c, &IovBuilder::new().int("jid", 5).errmsg(), 0);
    assert_fails(&c, &call, Errno::ENOENT, "jail 5 not found");
    // §9.13: a zeroed name buffer is a lookup of "".
    let call = w.get(
        &c,
        &IovBuilder::new().int("jid", 0).out("name", 256).errmsg(),
        0,
    );
    assert_fails(&c, &call, Errno::ENOENT, "jail \"\" not found");
    let call = w.get(&c, &IovBuilder::new().int("lastjid", 0).errmsg(), 0);
    assert_fails(&c, &call, Errno::ENOENT, "no jail after 0");
    let call = w.get(&c, &IovBuilder::new().int("desc", 1).errmsg(), 0);
    assert_fails(&c, &call, Errno::EINVAL, "unexpected desc");
    assert_eq!(
        w.get(&c, &IovBuilder::new().int("jid", 1).errmsg(), CREATE)
            .result,
        Err(Errno::EINVAL)
    );
    // JAIL_USE_DESC without a desc: kern_jail_get finds the prison by the
    // other keys (here none exists, so the jid lookup's ENOENT).
    let call = w.get(&c, &IovBuilder::new().int("jid", 1).errmsg(), 0x10);
    assert_fails(&c, &call, Errno::ENOENT, "jail 1 not found");
    assert_eq!(
        w.get(
            &c,
            &IovBuilder::new()
                .param("jid", Value::Bytes(vec![1]))
                .errmsg(),
            0
        )
        .result,
        Err(Errno::EINVAL)
    );
}

#[test]
fn lastjid_iterates_in_jid_order() {
    let w = World::new();
    let c = w.init();
    w.create(&c, "a", IovBuilder::new());
    w.set(&c, &persist("z").int("jid", 9), CREATE)
        .result
        .unwrap();
    w.create(&c, "b", IovBuilder::new());
    let mut seen = Vec::new();
    let mut last = 0;
    loop {
        let call = w.get(
            &c,
            &IovBuilder::new()
                .int("lastjid", last)
                .out("name", 16)
                .errmsg(),
            0,
        );
        match call.result {
            Ok(jid) => {
                seen.push((jid, call.placed.string(&c, 1, 16)));
                last = jid;
            }
            Err(e) => {
                assert_eq!(e, Errno::ENOENT);
                assert_eq!(
                    errmsg(&c, &call),
                    format!("no jail after {last}").as_bytes()
                );
                break;
            }
        }
    }
    assert_eq!(
        seen,
        vec![(1, b"a".to_vec()), (2, b"b".to_vec()), (9, b"z".to_vec())]
    );
}

#[test]
fn every_parameter_round_trips() {
    let w = World::new();
    let c = w.init();
    w.kernel.mkdir_p("/j/a");
    let ip4 = vec![10, 0, 0, 7, 10, 0, 0, 3, 10, 0, 0, 5];
    let mut ip6 = vec![0u8; 32];
    ip6[15] = 9;
    ip6[31] = 2;
    let params = persist("a")
        .string("path", "/j/a")
        .string("host.hostname", "a.example")
        .string("host.domainname", "example")
        .string("host.hostuuid", "11111111-2222-3333-4444-555555555555")
        .ulong("host.hostid", 0xdead_beef)
        .param("ip4.addr", Value::Bytes(ip4))
        .flag("ip4.nosaddrsel")
        .param("ip6.addr", Value::Bytes(ip6.clone()))
        .int("securelevel", 2)
        .int("enforce_statfs", 1)
        .int("devfs_ruleset", 4)
        .int("children.max", 3)
        .string("osrelease", "14.9-RJAIL")
        .int("osreldate", 1_409_000)
        .flag("allow.raw_sockets")
        .flag("allow.noset_hostname")
        .flag("allow.mount.tmpfs")
        .errmsg();
    let jid = w.set(&c, &params, CREATE).result.unwrap();
    let q = IovBuilder::new()
        .int("jid", jid)
        .int("parent", -1)
        .out("name", 64)
        .out("path", 64)
        .out("host.hostname", 64)
        .out("host.domainname", 64)
        .out("host.hostuuid", 64)
        .out("host.hostid", 8)
        .out("ip4.addr", 40)
        .out("ip4.saddrsel", 4)
        .out("ip6.addr", 64)
        .out("securelevel", 4)
        .out("enforce_statfs", 4)
        .out("devfs_ruleset", 4)
        .out("children.max", 4)
        .out("children.cur", 4)
        .out("osrelease", 32)
        .out("osreldate", 4)
        .out("persist", 4)
        .out("nodying", 4)
        .out("host", 4)
        .out("ip4", 4)
        .out("cpuset.id", 4)
        .errmsg();
    let call = w.get(&c, &q, 0);
    assert_eq!(call.result, Ok(jid));
    let p = &call.placed;
    assert_eq!(p.int(&c, 1), 0, "parent is the viewer");
    assert_eq!(p.string(&c, 2, 64), b"a");
    assert_eq!(p.string(&c, 3, 64), b"/j/a");
    assert_eq!(p.string(&c, 4, 64), b"a.example");
    assert_eq!(p.string(&c, 5, 64), b"example");
    assert_eq!(p.string(&c, 6, 64), b"11111111-2222-3333-4444-555555555555");
    assert_eq!(p.value(&c, 7, 8), 0xdead_beefu64.to_ne_bytes());
    // Primary first, the rest sorted; the length becomes the list's.
    assert_eq!(
        p.value(&c, 8, 12),
        vec![10, 0, 0, 7, 10, 0, 0, 3, 10, 0, 0, 5]
    );
    assert_eq!(p.value_len(&c, 8), 12);
    assert_eq!(p.int(&c, 9), 0);
    assert_eq!(p.value(&c, 10, 32), {
        let mut sorted = ip6.clone();
        sorted.sort();
        // Two addresses: primary ::9, then ::2.
        let _ = sorted;
        ip6.clone()
    });
    assert_eq!(p.int(&c, 11), 2);
    assert_eq!(p.int(&c, 12), 1);
    assert_eq!(p.int(&c, 13), 4);
    assert_eq!(p.int(&c, 14), 3);
    assert_eq!(p.int(&c, 15), 0);
    assert_eq!(p.string(&c, 16, 32), b"14.9-RJAIL");
    assert_eq!(p.int(&c, 17), 1_409_000);
    assert_eq!(p.int(&c, 18), 1);
    assert_eq!(p.int(&c, 19), 1);
    assert_eq!(p.int(&c, 20), 1, "host=new");
    // §9.2: ip4 reads as disable even with addresses.
    assert_eq!(p.int(&c, 21), 0);
    assert_eq!(p.int(&c, 22), 0);
    // Strings keep the caller's buffer size as iov_len (§9.14).
    assert_eq!(p.value_len(&c, 2), 64);

    // Every allow flag, then every negation (asking for both in one call
    // writes only the later, §9.3).
    for negated in [false, true] {
        let mut q = IovBuilder::new().int("jid", jid);
        for (name, _) in ALLOW_PARAMS {
            let asked = if negated {
                negated_name(name)
            } else {
                name.to_string()
            };
            q = q.out(&asked, 4);
        }
        let call = w.get(&c, &q.errmsg(), 0);
        assert_eq!(call.result, Ok(jid));
        for (i, (name, _)) in ALLOW_PARAMS.iter().enumerate() {
            let expected = matches!(
                *name,
                "allow.raw_sockets"
                    | "allow.mount.tmpfs"
                    | "allow.reserved_ports"
                    | "allow.unprivileged_proc_debug"
                    | "allow.suser"
            );
            assert_eq!(
                call.placed.int(&c, 1 + i),
                i32::from(expected != negated),
                "{name}"
            );
        }
    }
}

#[test]
fn buffer_rules() {
    let w = World::new();
    let c = w.init();
    let jid = w.create(&c, "alpha", IovBuilder::new().string("host.hostname", "h"));
    // NULL value pointer: the length needed comes back (§9.14).
    let call = w.get(
        &c,
        &IovBuilder::new()
            .int("jid", jid)
            .param("name", Value::Null)
            .errmsg(),
        0,
    );
    assert_eq!(call.result, Ok(jid));
    assert_eq!(call.placed.value_len(&c, 1), 6);
    // Too small a string buffer, wrong int size, too small an array: EINVAL.
    let call = w.get(
        &c,
        &IovBuilder::new().int("jid", jid).out("name", 3).errmsg(),
        0,
    );
    assert_eq!(call.result, Err(Errno::EINVAL));
    assert_eq!(errmsg(&c, &call), b"");
    let call = w.get(
        &c,
        &IovBuilder::new()
            .int("jid", jid)
            .out("securelevel", 8)
            .errmsg(),
        0,
    );
    assert_eq!(call.result, Err(Errno::EINVAL));
    // A failed jail_get copies nothing back: the jid slot keeps its value.
    let call = w.get(
        &c,
        &IovBuilder::new().int("jid", jid).out("name", 3).errmsg(),
        0,
    );
    assert_eq!(call.placed.value(&c, 1, 3), vec![0, 0, 0]);
    // Unknown parameter.
    let call = w.get(
        &c,
        &IovBuilder::new().int("jid", jid).out("bogus", 4).errmsg(),
        0,
    );
    assert_fails(&c, &call, Errno::EINVAL, "unknown parameter: bogus");
    // §9.3: X and noX: only the later one is written.
    let call = w.get(
        &c,
        &IovBuilder::new()
            .int("jid", jid)
            .param("persist", Value::Bytes(vec![9; 4]))
            .param("nopersist", Value::Bytes(vec![9; 4]))
            .errmsg(),
        0,
    );
    assert_eq!(call.result, Ok(jid));
    assert_eq!(call.placed.value(&c, 1, 4), vec![9; 4]);
    assert_eq!(call.placed.int(&c, 2), 0);
    // A value buffer that cannot be written: EFAULT.
    let call = w.get(
        &c,
        &IovBuilder::new()
            .int("jid", jid)
            .param(
                "securelevel",
                Value::Raw {
                    base: 0xdead_0000,
                    len: 4,
                },
            )
            .errmsg(),
        0,
    );
    assert_eq!(call.result, Err(Errno::EFAULT));
}

#[test]
fn update_changes_what_get_reports() {
    let w = World::new();
    let c = w.init();
    let jid = w.create(&c, "a", IovBuilder::new());
    let upd = IovBuilder::new()
        .int("jid", jid)
        .string("host.hostname", "new")
        .int("securelevel", 3)
        .flag("allow.nosuser")
        .string("name", "renamed")
        .errmsg();
    assert_eq!(w.set(&c, &upd, UPDATE).result, Ok(jid));
    let call = w.get(
        &c,
        &IovBuilder::new()
            .string("name", "renamed")
            .out("host.hostname", 16)
            .out("securelevel", 4)
            .out("allow.suser", 4)
            .errmsg(),
        0,
    );
    assert_eq!(call.result, Ok(jid));
    assert_eq!(call.placed.string(&c, 1, 16), b"new");
    assert_eq!(call.placed.int(&c, 2), 3);
    assert_eq!(call.placed.int(&c, 3), 0);
    // Lowering securelevel below the parent's (the host: -1) is fine;
    // an allow bit the host has is fine; children.max at the host's is not.
    let call = w.set(
        &c,
        &IovBuilder::new()
            .int("jid", jid)
            .int("children.max", 999_999)
            .errmsg(),
        UPDATE,
    );
    assert_eq!(call.result, Err(Errno::EPERM));
    assert_eq!(errmsg(&c, &call), b"");
}
