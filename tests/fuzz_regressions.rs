//! Bugs the fuzzers found, one test each, so they stay fixed.

mod common;

use common::{place_v2, World, CREATE};
use rjail::host::IovBuilder;
use rjail::services::CallerContext;
use rjail::syscall::jail;

/// Found by `make vmfuzz` (seed 1, 1 000 000 calls): a prison created
/// without a `name` was nameless, so a lookup by the empty name found it
/// and `jail_get` reported an empty name. FreeBSD names such a prison after
/// its jid (sys/kern/kern_jail.c, kern_jail_set: a new prison's `namelc`
/// defaults to "", and an empty last component becomes the jid).
#[test]
fn a_prison_created_without_a_name_is_named_after_its_jid() {
    let w = World::new();
    let host = w.init();
    // jail_set without a name.
    let call = w.set(&host, &IovBuilder::new().flag("persist").errmsg(), CREATE);
    let jid = call.result.expect("created");
    let named = w.snapshot();
    assert_eq!(named, vec![(jid, jid.to_string().into_bytes(), true)]);
    // The empty name finds nothing; the jid's name finds it.
    let by_empty = w.get(&host, &IovBuilder::new().string("name", "").errmsg(), 0);
    assert_eq!(by_empty.result, Err(rjail::errno::Errno::ENOENT));
    let by_jid_name = w.get(
        &host,
        &IovBuilder::new().string("name", &jid.to_string()).errmsg(),
        0,
    );
    assert_eq!(by_jid_name.result, Ok(jid));

    // A child of a named prison, created without a name: "parent.<jid>".
    let parent = w.create(&host, "fz0", IovBuilder::new().int("children.max", 4));
    let p = host.fork();
    assert_eq!(rjail::syscall::jail_attach(&w.reg, &p, parent), Ok(()));
    let call = w.set(&p, &IovBuilder::new().flag("persist").errmsg(), CREATE);
    let child = call.result.expect("child created");
    let names: Vec<Vec<u8>> = w
        .snapshot()
        .into_iter()
        .filter(|(j, _, _)| *j == child)
        .map(|(_, name, _)| name)
        .collect();
    assert_eq!(names, vec![format!("fz0.{child}").into_bytes()]);
    p.exit();

    // jail(2) version 2 with a NULL jailname.
    let q = host.fork();
    let at = place_v2(&q, "/", "h", None, &[]);
    let legacy = jail(&w.reg, &q, at).expect("jail(2)");
    assert_eq!(
        q.prison().map(|pr| pr.config().name.to_vec()),
        Some(legacy.to_string().into_bytes())
    );
    q.exit();
}
