//! The kldunload protocol: `Registry::close_if_empty` decides "no prison
//! left" and closes in one step under the tree lock; a closed registry
//! refuses creations with ENOSYS but still answers everything else;
//! `reopen` undoes it.

mod common;

use common::*;
use rjail::errno::Errno;
use rjail::host::IovBuilder;
use rjail::services::CallerContext;
use rjail::syscall::{jail_attach, jail_remove};

fn create_call(w: &World, name: &str) -> Result<i32, Errno> {
    w.set(&w.init(), &persist(name).errmsg(), CREATE).result
}

#[test]
fn does_not_close_while_a_prison_exists_alive_or_dying() {
    let w = World::new();
    let host = w.init();
    let jid = w.create(&host, "a", IovBuilder::new());
    assert!(!w.reg.close_if_empty());
    assert!(!w.reg.is_closed());
    // Dying but held by a credential: still there.
    let p = host.fork();
    jail_attach(&w.reg, &p, jid).unwrap();
    let held = rjail::prison::label::label_clone(p.label());
    jail_remove(&w.reg, &host, jid).unwrap();
    assert!(!w.reg.close_if_empty());
    assert!(create_call(&w, "b").is_ok(), "still open");
    let b = w.snapshot().iter().find(|s| s.1 == b"b").unwrap().0;
    jail_remove(&w.reg, &host, b).unwrap();
    rjail::prison::label::label_release(held);
    assert!(w.reg.close_if_empty(), "the last reference went");
}

#[test]
fn a_closed_registry_refuses_creation_and_serves_the_rest() {
    let w = World::new();
    let host = w.init();
    assert!(w.reg.close_if_empty());
    assert!(w.reg.is_closed());
    let call = w.set(&host, &persist("a").errmsg(), CREATE);
    assert_fails(&host, &call, Errno::ENOSYS, "");
    let call = w.set(&host, &persist("a").errmsg(), CREATE | UPDATE);
    assert_eq!(call.result, Err(Errno::ENOSYS));
    // jail(2) too.
    let p = host.fork();
    let at = place_v2(&p, "/", "/", None, &[]);
    assert_eq!(rjail::syscall::jail(&w.reg, &p, at), Err(Errno::ENOSYS));
    assert!(p.prison().is_none());
    // The other calls answer as for an empty tree.
    let call = w.get(&host, &IovBuilder::new().int("jid", 1).errmsg(), 0);
    assert_fails(&host, &call, Errno::ENOENT, "jail 1 not found");
    let call = w.set(
        &host,
        &IovBuilder::new().string("name", "a").errmsg(),
        UPDATE,
    );
    assert_fails(&host, &call, Errno::ENOENT, "jail \"a\" not found");
    assert_eq!(jail_remove(&w.reg, &host, 1), Err(Errno::EINVAL));
    assert_eq!(jail_attach(&w.reg, &host, 1), Err(Errno::EINVAL));
    assert!(w.snapshot().is_empty());
    // A failed unload reopens it; the refused calls consumed no jid.
    w.reg.reopen();
    assert!(!w.reg.is_closed());
    assert_eq!(create_call(&w, "a"), Ok(1));
}

#[test]
fn closing_races_creation_without_stranding_a_prison() {
    let w = World::new();
    let (reg, kernel) = (&w.reg, &w.kernel);
    let creator_pid = w.init().fork().pid();
    let rounds = 200;
    std::thread::scope(|s| {
        let creator = s.spawn(move || {
            let me = kernel.caller(creator_pid);
            for i in 0..rounds {
                let params = IovBuilder::new()
                    .string("name", &format!("p{i}"))
                    .flag("persist");
                let placed = params.place(&me, 0x10_0000);
                let result = rjail::syscall::jail_set(reg, &me, placed.iov, placed.niov, CREATE);
                if let Err(e) = result {
                    assert_eq!(e, Errno::ENOSYS, "round {i}");
                }
            }
        });
        let host = kernel.caller(1);
        let mut closed = false;
        for _ in 0..rounds {
            if reg.close_if_empty() {
                closed = true;
                break;
            }
            // Something exists: remove everything and try again.
            let jids: Vec<i32> = reg.read().iter().map(|p| p.jid()).collect();
            for jid in jids {
                let _ = jail_remove(reg, &host, jid);
            }
        }
        creator.join().unwrap();
        if closed {
            // Closed means empty, and nothing could appear afterwards.
            assert!(reg.is_empty(), "a creation slipped past the close");
        }
    });
}
