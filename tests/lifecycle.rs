//! Lifecycle and hierarchy through the host model: persist, death on last
//! exit, removal kills, attach chroots and relabels, dying prisons hidden,
//! nesting with children.max/cur, names relative to the viewer.

mod common;

use common::*;
use rjail::errno::Errno;
use rjail::host::IovBuilder;
use rjail::services::CallerContext;
use rjail::syscall::{jail_attach, jail_remove};

fn dying_of(w: &World, c: &rjail::host::Caller<'_>, jid: i32) -> Result<i32, Errno> {
    let call = w.get(c, &IovBuilder::new().int("jid", jid).out("dying", 4), DYING);
    call.result.map(|_| call.placed.int(c, 1))
}

#[test]
fn a_prison_dies_with_its_last_process_unless_persistent() {
    let w = World::new();
    let host = w.init();
    w.kernel.mkdir_p("/j");
    let worker = host.fork();
    let call = w.set(
        &worker,
        &IovBuilder::new()
            .string("name", "t")
            .string("path", "/j")
            .errmsg(),
        CREATE | ATTACH,
    );
    let jid = call.result.unwrap();
    assert_eq!(worker.root_path(), b"/j");
    assert_eq!(worker.cwd_path(), b"/j");
    assert!(worker.prison().is_some_and(|p| p.jid() == jid));
    let child = worker.fork();
    worker.exit();
    assert_eq!(dying_of(&w, &host, jid), Ok(0), "a process is still inside");
    child.exit();
    // Dead and unreferenced: reaped, gone even with JAIL_DYING.
    assert_eq!(dying_of(&w, &host, jid), Err(Errno::ENOENT));
    assert!(w.reg.is_empty());
    assert_eq!(w.kernel.held_dirs(), 0, "the root vnode was released");
}

#[test]
fn remove_kills_processes_and_descendants() {
    let w = World::new();
    let host = w.init();
    let a = w.create(&host, "a", IovBuilder::new().int("children.max", 5));
    let b = w.create(&host, "a.b", IovBuilder::new());
    let pa = host.fork();
    jail_attach(&w.reg, &pa, a).unwrap();
    let pb = host.fork();
    jail_attach(&w.reg, &pb, b).unwrap();
    let bystander = host.fork();
    assert_eq!(jail_remove(&w.reg, &host, a), Ok(()));
    assert!(!pa.alive() && !pb.alive());
    assert!(bystander.alive());
    assert!(w.reg.is_empty());
    assert_eq!(jail_remove(&w.reg, &host, a), Err(Errno::EINVAL));
    assert_eq!(jail_attach(&w.reg, &host, a), Err(Errno::EINVAL));
}

#[test]
fn dying_prisons_are_hidden_and_renumbered() {
    let w = World::new();
    let host = w.init();
    let jid = w.create(&host, "a", IovBuilder::new());
    // A credential that outlives the processes keeps the prison dying.
    let p = host.fork();
    jail_attach(&w.reg, &p, jid).unwrap();
    let held = rjail::prison::label::label_clone(p.label());
    jail_remove(&w.reg, &host, jid).unwrap();
    let call = w.get(&host, &IovBuilder::new().int("jid", jid).errmsg(), 0);
    assert_fails(&host, &call, Errno::ENOENT, &format!("jail {jid} is dying"));
    assert_eq!(dying_of(&w, &host, jid), Ok(1));
    // Removing a dying prison succeeds and does nothing; attaching fails.
    assert_eq!(jail_remove(&w.reg, &host, jid), Ok(()));
    assert_eq!(jail_attach(&w.reg, &host, jid), Err(Errno::EINVAL));
    // The name is free again; the jid too: the dying one moves to JAIL_MAX.
    let again = w.set(&host, &persist("a").int("jid", jid), CREATE);
    assert_eq!(again.result, Ok(jid));
    assert_eq!(dying_of(&w, &host, 999_999), Ok(1));
    rjail::prison::label::label_release(held);
    assert_eq!(dying_of(&w, &host, 999_999), Err(Errno::ENOENT));
}

#[test]
fn nopersist_on_an_empty_prison_kills_it() {
    let w = World::new();
    let host = w.init();
    let jid = w.create(&host, "a", IovBuilder::new());
    let call = w.set(
        &host,
        &IovBuilder::new().int("jid", jid).flag("nopersist"),
        UPDATE,
    );
    assert_eq!(call.result, Ok(jid));
    assert!(w.reg.is_empty());
}

#[test]
fn attach_rules() {
    let w = World::new();
    let host = w.init();
    let jid = w.create(&host, "a", IovBuilder::new());
    let user = host.fork();
    user.setuid(1000);
    assert_eq!(jail_attach(&w.reg, &user, jid), Err(Errno::EPERM));
    assert_eq!(jail_remove(&w.reg, &user, jid), Err(Errno::EPERM));
    let busy = host.fork();
    busy.open_dir();
    assert_eq!(jail_attach(&w.reg, &busy, jid), Err(Errno::EPERM));
    assert!(busy.prison().is_none(), "nothing changed on failure");
    let native = host.fork();
    native.enter_native_jail();
    assert_eq!(jail_attach(&w.reg, &native, jid), Err(Errno::EPERM));
    assert_eq!(jail_attach(&w.reg, &host, 12345), Err(Errno::EINVAL));
    let p = host.fork();
    jail_attach(&w.reg, &p, jid).unwrap();
    // A prison never sees itself.
    assert_eq!(jail_attach(&w.reg, &p, jid), Err(Errno::EINVAL));
    let call = w.get(&p, &IovBuilder::new().int("jid", jid).errmsg(), 0);
    assert_fails(&p, &call, Errno::ENOENT, &format!("jail {jid} not found"));
    // Its children.max is 0: no creation from inside.
    let call = w.set(&p, &persist("x").errmsg(), CREATE);
    assert_eq!(call.result, Err(Errno::EPERM));
    // EEXIST even for a jid it cannot see.
    let call = w.set(
        &host,
        &IovBuilder::new().int("jid", jid).flag("persist").errmsg(),
        CREATE,
    );
    assert_fails(
        &host,
        &call,
        Errno::EEXIST,
        &format!("jail {jid} already exists"),
    );
}

#[test]
fn nested_prisons_names_and_limits() {
    let w = World::new();
    let host = w.init();
    w.kernel.mkdir_p("/top/inner");
    let top = w.create(
        &host,
        "top",
        IovBuilder::new()
            .int("children.max", 2)
            .string("path", "/top"),
    );
    let inside = host.fork();
    jail_attach(&w.reg, &inside, top).unwrap();
    // children.max must stay below the parent's.
    let call = w.set(
        &inside,
        &persist("c").int("children.max", 2).errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::EPERM));
    let c1 = w.create(&inside, "c1", IovBuilder::new().string("path", "/inner"));
    let c2 = w.create(&inside, "c2", IovBuilder::new());
    let call = w.set(&inside, &persist("c3").errmsg(), CREATE);
    assert_fails(&inside, &call, Errno::EPERM, "prison limit exceeded");
    // Names and paths relative to the viewer; parent 0 = the viewer.
    let q = |who: &rjail::host::Caller<'_>, jid: i32| {
        let call = w.get(
            who,
            &IovBuilder::new()
                .int("jid", jid)
                .out("name", 32)
                .out("path", 32)
                .out("parent", 4),
            0,
        );
        call.result.unwrap();
        (
            call.placed.string(who, 1, 32),
            call.placed.string(who, 2, 32),
            call.placed.int(who, 3),
        )
    };
    assert_eq!(q(&inside, c1), (b"c1".to_vec(), b"/inner".to_vec(), 0));
    assert_eq!(
        q(&host, c1),
        (b"top.c1".to_vec(), b"/top/inner".to_vec(), top)
    );
    // §9.10: no path from inside a prison shows "/" from the host.
    assert_eq!(q(&host, c2).1, b"/");
    let cur = w.get(
        &host,
        &IovBuilder::new().int("jid", top).out("children.cur", 4),
        0,
    );
    assert_eq!(cur.placed.int(&host, 1), 2);
    // Lookups by dotted name from the host, relative name from inside.
    assert_eq!(
        w.get(&host, &IovBuilder::new().string("name", "top.c2"), 0)
            .result,
        Ok(c2)
    );
    assert_eq!(
        w.get(&inside, &IovBuilder::new().string("name", "c2"), 0)
            .result,
        Ok(c2)
    );
    let call = w.set(&host, &persist("nope.x").errmsg(), CREATE);
    assert_fails(&host, &call, Errno::ENOENT, "jail \"nope\" not found");
    // §9.7: the host may create under a full prison; children.cur then
    // exceeds children.max.
    let c3 = w.create(&host, "top.c3", IovBuilder::new());
    let cur = w.get(
        &host,
        &IovBuilder::new().int("jid", top).out("children.cur", 4),
        0,
    );
    assert_eq!(cur.placed.int(&host, 1), 3);
    // Lowering a parent's children.max clamps the descendants.
    let call = w.set(
        &host,
        &IovBuilder::new().int("jid", top).int("children.max", 1),
        UPDATE,
    );
    assert_eq!(call.result, Ok(top));
    // Securelevel and allow flags pass down.
    w.set(
        &host,
        &IovBuilder::new()
            .int("jid", top)
            .int("securelevel", 2)
            .flag("allow.noreserved_ports"),
        UPDATE,
    )
    .result
    .unwrap();
    let call = w.get(
        &host,
        &IovBuilder::new()
            .int("jid", c3)
            .out("securelevel", 4)
            .out("allow.reserved_ports", 4),
        0,
    );
    assert_eq!(
        (call.placed.int(&host, 1), call.placed.int(&host, 2)),
        (2, 0)
    );
    let call = w.set(
        &host,
        &IovBuilder::new()
            .int("jid", c3)
            .int("securelevel", 1)
            .errmsg(),
        UPDATE,
    );
    assert_eq!(call.result, Err(Errno::EPERM));
    let call = w.set(
        &host,
        &IovBuilder::new()
            .int("jid", c3)
            .flag("allow.reserved_ports")
            .errmsg(),
        UPDATE,
    );
    assert_eq!(call.result, Err(Errno::EPERM));
    // Renaming the parent renames the children.
    w.set(
        &host,
        &IovBuilder::new().int("jid", top).string("name", "outer"),
        UPDATE,
    )
    .result
    .unwrap();
    assert_eq!(q(&host, c1).0, b"outer.c1");
    // Removing the parent removes the children.
    jail_remove(&w.reg, &host, top).unwrap();
    assert!(!inside.alive());
    assert!(w.reg.is_empty());
}

#[test]
fn ip_restrictions_follow_the_parent() {
    let w = World::new();
    let host = w.init();
    let addrs = |l: &[u8]| rjail::host::Value::Bytes(l.to_vec());
    let top = w.create(
        &host,
        "top",
        IovBuilder::new()
            .int("children.max", 3)
            .param("ip4.addr", addrs(&[10, 0, 0, 1, 10, 0, 0, 2])),
    );
    let inside = host.fork();
    jail_attach(&w.reg, &inside, top).unwrap();
    let call = w.set(
        &inside,
        &persist("c")
            .param("ip4.addr", addrs(&[10, 0, 0, 9]))
            .errmsg(),
        CREATE,
    );
    assert_eq!(call.result, Err(Errno::EPERM));
    // FreeBSD's clash check also compares with the parent itself: a child
    // cannot share an address with a parent that has several.
    let call = w.set(
        &inside,
        &persist("c")
            .param("ip4.addr", addrs(&[10, 0, 0, 2]))
            .errmsg(),
        CREATE,
    );
    assert_fails(&inside, &call, Errno::EADDRINUSE, "IPv4 addresses clash");
    w.set(
        &host,
        &IovBuilder::new()
            .int("jid", top)
            .param("ip4.addr", addrs(&[10, 0, 0, 2])),
        UPDATE,
    )
    .result
    .unwrap();
    let child = w.create(
        &inside,
        "c",
        IovBuilder::new().param("ip4.addr", addrs(&[10, 0, 0, 2])),
    );
    let inherit = w.create(&inside, "i", IovBuilder::new().int("ip4", 2));
    // Moving the parent to another address narrows the children.
    w.set(
        &host,
        &IovBuilder::new()
            .int("jid", top)
            .param("ip4.addr", addrs(&[10, 0, 0, 1])),
        UPDATE,
    )
    .result
    .unwrap();
    let get = |jid| {
        let call = w.get(
            &host,
            &IovBuilder::new().int("jid", jid).out("ip4.addr", 16),
            0,
        );
        call.result.unwrap();
        call.placed
            .value(&host, 1, call.placed.value_len(&host, 1) as usize)
    };
    assert_eq!(get(child), Vec::<u8>::new());
    assert_eq!(get(inherit), vec![10, 0, 0, 1]);
    // An inheriting prison cannot take its own addresses later.
    let call = w.set(
        &host,
        &IovBuilder::new()
            .int("jid", inherit)
            .param("ip4.addr", addrs(&[10, 0, 0, 1]))
            .errmsg(),
        UPDATE,
    );
    assert_fails(
        &host,
        &call,
        Errno::EINVAL,
        "ip4 cannot be changed after creation",
    );
}

/// Renaming a nested prison found by jid: a dotted name whose prefix names
/// another parent (or no prison) is EINVAL "cannot change jail's parent"
/// and changes nothing; a new last component under the same parent renames.
#[test]
fn rename_by_jid_cannot_move_a_prison_to_another_parent() {
    let w = World::new();
    let host = w.init();
    for n in ["a", "a.c", "b"] {
        assert!(
            w.set(&host, &persist(n).errmsg(), CREATE).result.is_ok(),
            "{n}"
        );
    }
    let jid = w
        .get(&host, &IovBuilder::new().string("name", "a.c"), 0)
        .result
        .unwrap();
    for moved in ["b.c", "b.e", "x.y.z"] {
        let before = w.snapshot();
        let rename = IovBuilder::new()
            .int("jid", jid)
            .string("name", moved)
            .errmsg();
        let call = w.set(&host, &rename, UPDATE);
        assert_fails(&host, &call, Errno::EINVAL, "cannot change jail's parent");
        assert_eq!(w.snapshot(), before, "{moved}");
    }
    let rename = IovBuilder::new().int("jid", jid).string("name", "a.d");
    assert_eq!(w.set(&host, &rename, UPDATE).result, Ok(jid));
    let found = w.get(&host, &IovBuilder::new().string("name", "a.d"), 0);
    assert_eq!(found.result, Ok(jid));
}
