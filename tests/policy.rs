//! The hook decisions on prisons made the way users make them: through
//! jail_set(2) and jail_attach(2) in the host model, so that what the prison
//! tree stores (flags, address order, inherited restrictions, allow bits) is
//! what the policy reads.

mod common;

use common::*;
use rjail::abi::allow::Allow;
use rjail::errno::Errno;
use rjail::host::{Caller, IovBuilder, Value};
use rjail::policy::priv_numbers as p;
use rjail::policy::privilege::{self, Asker};
use rjail::policy::{socket, visibility};
use rjail::prison::{label, PrisonRef};
use rjail::syscall;

fn prison(w: &World, jid: i32) -> PrisonRef {
    w.reg.read().find(jid).expect("prison exists").clone()
}

/// The prison behind a process's credential label.
fn prison_of(caller: &Caller<'_>) -> Option<PrisonRef> {
    label::label_prison(caller.label())
}

#[test]
fn addresses_given_to_jail_set_confine_binds_and_connects() {
    let w = World::new();
    let init = w.init();
    let jid = w.create(
        &init,
        "web",
        IovBuilder::new().param(
            "ip4.addr",
            Value::Bytes(vec![192, 0, 2, 9, 192, 0, 2, 1, 192, 0, 2, 5]),
        ),
    );
    let web = prison(&w, jid);
    let web = Some(&*web);
    // The first address given is the primary.
    assert_eq!(
        socket::local_v4(web, [127, 0, 0, 1]),
        Ok(Some([192, 0, 2, 9]))
    );
    assert_eq!(
        socket::remote_v4(web, [127, 0, 0, 1]),
        Ok(Some([192, 0, 2, 9]))
    );
    assert_eq!(socket::local_v4(web, [0, 0, 0, 0]), Ok(None));
    for own in [[192, 0, 2, 1], [192, 0, 2, 5], [192, 0, 2, 9]] {
        assert_eq!(socket::local_v4(web, own), Ok(None));
    }
    assert_eq!(
        socket::local_v4(web, [192, 0, 2, 2]),
        Err(Errno::EADDRNOTAVAIL)
    );
    // IPv6 was not mentioned: a new jail defaults to ip6=disable.
    let v6 = [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7];
    assert_eq!(socket::check_v6(web, v6), Err(Errno::EAFNOSUPPORT));
    assert_eq!(
        socket::check_create(web, socket::family::INET6),
        Err(Errno::EPROTONOSUPPORT)
    );
    assert_eq!(socket::check_create(web, socket::family::INET), Ok(()));
}

#[test]
fn a_disabled_family_refuses_sockets_and_an_inheriting_child_is_confined() {
    let w = World::new();
    let init = w.init();
    let no_v4 = w.create(&init, "nov4", IovBuilder::new().int("ip4", 0));
    assert_eq!(
        socket::check_create(Some(&prison(&w, no_v4)), socket::family::INET),
        Err(Errno::EPROTONOSUPPORT)
    );
    assert_eq!(
        socket::local_v4(Some(&prison(&w, no_v4)), [0, 0, 0, 0]),
        Err(Errno::EAFNOSUPPORT)
    );

    let single = w.create(
        &init,
        "single",
        IovBuilder::new().param("ip4.addr", Value::Bytes(vec![198, 51, 100, 4])),
    );
    // ip4=inherit (JAIL_SYS_INHERIT): the parent's restriction.
    let kid = w.create(&init, "single.kid", IovBuilder::new().int("ip4", 2));
    let kid = prison(&w, kid);
    assert_eq!(
        socket::local_v4(Some(&kid), [0, 0, 0, 0]),
        Ok(Some([198, 51, 100, 4]))
    );
    assert_eq!(
        socket::check_v4(Some(&kid), [198, 51, 100, 5]),
        Err(Errno::EADDRNOTAVAIL)
    );
    assert_eq!(
        socket::check_v4(Some(&prison(&w, single)), [198, 51, 100, 4]),
        Ok(())
    );
}

#[test]
fn allow_parameters_reach_the_privilege_veto() {
    let w = World::new();
    let init = w.init();
    let mounter = w.create(
        &init,
        "mounter",
        IovBuilder::new()
            .flag("allow.mount")
            .int("enforce_statfs", 1),
    );
    let strict = w.create(
        &init,
        "strict",
        IovBuilder::new()
            .flag("allow.mount")
            .int("enforce_statfs", 2),
    );
    let no_root = w.create(&init, "noroot", IovBuilder::new().flag("allow.nosuser"));
    assert_eq!(
        privilege::check(Some(&prison(&w, mounter)), p::VFS_MOUNT),
        Ok(())
    );
    assert_eq!(
        privilege::check(Some(&prison(&w, strict)), p::VFS_MOUNT),
        Err(Errno::EPERM)
    );
    let no_root = prison(&w, no_root);
    assert!(!no_root.config().allow.contains(Allow::SUSER));
    assert_eq!(
        privilege::check(Some(&no_root), p::VFS_CHROOT),
        Err(Errno::EPERM)
    );
    assert_eq!(
        privilege::check(Some(&prison(&w, strict)), p::VFS_CHROOT),
        Ok(())
    );
}

#[test]
fn attached_processes_see_down_the_tree_only() {
    let w = World::new();
    let init = w.init();
    let a = w.create(&init, "a", IovBuilder::new());
    let b = w.create(&init, "b", IovBuilder::new());
    let child = w.create(&init, "a.child", IovBuilder::new());

    let in_a = init.fork();
    syscall::jail_attach(&w.reg, &in_a, a).unwrap();
    let in_b = init.fork();
    syscall::jail_attach(&w.reg, &in_b, b).unwrap();
    let in_child = init.fork();
    syscall::jail_attach(&w.reg, &in_child, child).unwrap();

    let (pa, pb, pc) = (prison_of(&in_a), prison_of(&in_b), prison_of(&in_child));
    let host = prison_of(&init);
    assert!(host.is_none());
    assert_eq!(visibility::check(pa.as_deref(), pc.as_deref()), Ok(()));
    assert_eq!(
        visibility::check(pc.as_deref(), pa.as_deref()),
        Err(Errno::ESRCH)
    );
    assert_eq!(
        visibility::check(pa.as_deref(), pb.as_deref()),
        Err(Errno::ESRCH)
    );
    assert_eq!(
        visibility::check(pa.as_deref(), host.as_deref()),
        Err(Errno::ESRCH)
    );
    assert_eq!(visibility::check(host.as_deref(), pc.as_deref()), Ok(()));
    assert_eq!(
        visibility::check_interaction(pa.as_deref(), pc.as_deref(), false),
        Err(Errno::EPERM)
    );

    // A prisoner's root may manage its own children through rjail's calls,
    // never through the base system's.
    let inside = Asker {
        euid: 0,
        in_rjail_call: true,
    };
    assert_eq!(
        privilege::check_as(pa.as_deref(), p::JAIL_SET, inside),
        Ok(())
    );
    assert_eq!(
        privilege::check(pa.as_deref(), p::JAIL_SET),
        Err(Errno::EPERM)
    );
}

#[test]
fn a_prisoners_root_creates_children_through_rjails_calls_only() {
    let w = World::new();
    let init = w.init();
    let boss = w.create(&init, "boss", IovBuilder::new().int("children.max", 2));
    let no_root = w.create(
        &init,
        "noroot",
        IovBuilder::new()
            .int("children.max", 2)
            .flag("allow.nosuser"),
    );

    let root = init.fork();
    syscall::jail_attach(&w.reg, &root, boss).unwrap();
    let kid = w.set(&root, &persist("kid"), CREATE);
    let kid = kid.result.expect("a prisoner's root creates a child");
    // The child is the boss's, named relative to the host as "boss.kid".
    let kid = prison(&w, kid);
    assert!(kid.is_descendant_of(&prison(&w, boss)));
    assert_eq!(kid.config().name, b"boss.kid");
    assert_eq!(prison(&w, boss).children_cur(), 1);

    // The same privilege asked outside rjail's calls (the base system's
    // jail_set) is vetoed for that very process.
    let outside = Asker {
        euid: 0,
        in_rjail_call: false,
    };
    let boss_prison = prison_of(&root);
    for privilege in [p::JAIL_SET, p::JAIL_ATTACH, p::JAIL_REMOVE] {
        assert_eq!(
            privilege::check_as(boss_prison.as_deref(), privilege, outside),
            Err(Errno::EPERM)
        );
    }

    // Not the prison's superuser: refused inside rjail's calls too.
    let user = init.fork();
    syscall::jail_attach(&w.reg, &user, boss).unwrap();
    user.setuid(1000);
    let call = w.set(&user, &persist("other"), CREATE);
    assert_eq!(call.result, Err(Errno::EPERM));

    // allow.suser off: the prison's root is an ordinary user, which the
    // host model learns from the policy, as the kernel does.
    let powerless = init.fork();
    syscall::jail_attach(&w.reg, &powerless, no_root).unwrap();
    let call = w.set(&powerless, &persist("other"), CREATE);
    assert_eq!(call.result, Err(Errno::EPERM));
    assert_eq!(prison(&w, no_root).children_cur(), 0);
    assert_eq!(prison(&w, boss).children_cur(), 1);
}

/// A `struct sockaddr_in6` (28 bytes) for `addr`, port 80.
fn sockaddr_in6(addr: [u8; 16]) -> Vec<u8> {
    let mut sa = vec![28, 28, 0, 80, 0, 0, 0, 0];
    sa.extend_from_slice(&addr);
    sa.extend_from_slice(&[0; 4]);
    sa
}

/// A `struct sockaddr_in` (16 bytes) of family `family` for `addr`, port 80.
fn sockaddr_in(family: u8, addr: [u8; 4]) -> Vec<u8> {
    let mut sa = vec![16, family, 0, 80];
    sa.extend_from_slice(&addr);
    sa.extend_from_slice(&[0; 8]);
    sa
}

/// `jail -c ip4.addr=192.0.2.9 ip6=inherit`: IPv4 confined, IPv6 not. The
/// IPv4 rules must also hold for the IPv4-mapped addresses a dual-stack
/// IPv6 socket accepts, and for the AF_UNSPEC wildcard bind old programs
/// use; both used to slip past the bind/connect hook.
#[test]
fn ipv4_confinement_has_no_ipv6_or_af_unspec_side_door() {
    let w = World::new();
    let init = w.init();
    let jid = w.create(
        &init,
        "mixed",
        IovBuilder::new()
            .param("ip4.addr", Value::Bytes(vec![192, 0, 2, 9]))
            .param("ip6", Value::Bytes(2i32.to_ne_bytes().to_vec())),
    );
    let mixed = prison(&w, jid);
    let mixed = Some(&*mixed);
    let mapped = |v4: [u8; 4]| {
        let mut a = [0u8; 16];
        a[10] = 0xff;
        a[11] = 0xff;
        a[12..].copy_from_slice(&v4);
        a
    };
    // Plain IPv6 is not confined.
    let v6 = [0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7];
    let mut sa = sockaddr_in6(v6);
    assert_eq!(
        socket::confine_sockaddr(mixed, &mut sa, socket::End::Local),
        Ok(())
    );
    // A host IPv4 address through ::ffff:0:0/96 is not the prison's.
    let mut sa = sockaddr_in6(mapped([198, 51, 100, 7]));
    assert_eq!(
        socket::confine_sockaddr(mixed, &mut sa, socket::End::Local),
        Err(Errno::EADDRNOTAVAIL)
    );
    // The host's loopback through ::ffff:127.0.0.1 is the prison's address.
    let mut sa = sockaddr_in6(mapped([127, 0, 0, 1]));
    assert_eq!(
        socket::confine_sockaddr(mixed, &mut sa, socket::End::Remote),
        Ok(())
    );
    assert_eq!(sa, sockaddr_in6(mapped([192, 0, 2, 9])));
    // bind(AF_UNSPEC, 0.0.0.0) is bind(AF_INET, 0.0.0.0): the only address.
    let mut sa = sockaddr_in(0, [0; 4]);
    assert_eq!(
        socket::confine_sockaddr(mixed, &mut sa, socket::End::Local),
        Ok(())
    );
    assert_eq!(sa, sockaddr_in(2, [192, 0, 2, 9]));
}
