//! What a prisoner may do to the rest of the machine, enforced by rjail's
//! MAC hooks: whom it can see and signal, which superuser privileges its
//! root keeps, and the jail calls it may use.

use super::*;

/// A prisoner cannot signal (or even find) a host process: ESRCH; it can
/// signal itself, and the host can signal it.
fn signal_visibility(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_signal", "create", |_| {}) else {
        return obs;
    };
    let host_pid = sys::getpid();
    with_prisoner(
        &mut obs,
        calls,
        jid,
        move |io| {
            io.send_result(sys::kill(host_pid, 0).map(|_| 0));
            io.send_result(sys::kill(sys::getpid(), 0).map(|_| 0));
            io.wait_for_parent();
            0
        },
        |obs, child| {
            obs.expect_err(
                "prisoner kill(host,0)",
                &child.receive_result(),
                Errno::ESRCH,
            );
            obs.expect_ok("prisoner kill(self,0)", &child.receive_result());
            obs.expect_ok("host kill(prisoner,0)", &sys::kill(child.pid, 0));
        },
    );
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// Runs `step` on the host and in a prisoner of a fresh prison.
fn host_and_prisoner(
    ctx: &Context,
    calls: &Calls,
    name: &str,
    step: fn() -> Result<i32, Errno>,
    host_wants: Result<i32, Errno>,
    prisoner_wants: Errno,
) -> Obs {
    let mut obs = Obs::new();
    let host = step();
    obs.check(host == host_wants, &format!("host={}", outcome(&host)));
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, name, "create", |_| {}) else {
        return obs;
    };
    with_prisoner(
        &mut obs,
        calls,
        jid,
        move |io| {
            io.send_result(step());
            0
        },
        |obs, child| obs.expect_err("prisoner", &child.receive_result(), prisoner_wants),
    );
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// `settimeofday(NULL, NULL)` only checks the privilege: the host passes,
/// a prisoner's root is refused (no `allow.settime`).
fn settimeofday(ctx: &Context, calls: &Calls) -> Obs {
    host_and_prisoner(
        ctx,
        calls,
        "kt_settime",
        || sys::settimeofday_nothing().map(|_| 0),
        Ok(0),
        Errno::EPERM,
    )
}

/// kldload of a file that does not exist: the host gets as far as looking
/// for it (ENOENT); a prisoner's root is refused before that (EPERM).
fn kldload(ctx: &Context, calls: &Calls) -> Obs {
    host_and_prisoner(
        ctx,
        calls,
        "kt_kldload",
        || sys::kldload("/kt-no-such-module.ko"),
        Err(Errno::ENOENT),
        Errno::EPERM,
    )
}

/// A prison with `children.max=1`: its root creates one child with the
/// implementation's own `jail_set` (seen from the host as `parent.child`,
/// counted in `children.cur`), and a second one is refused.
fn nested_children(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_nest", "create", |l| {
        l.int("children.max", 1);
    }) else {
        return obs;
    };
    let calls_copy = *calls;
    let cur = if calls.label == BASE.label {
        "security.jail.children.cur"
    } else {
        "security.jail.rjail.children.cur"
    };
    let body = move |io: &ChildIo| {
        let mut first = persistent("kid", "/");
        io.send_result(calls_copy.set(&mut first, jail_flags::CREATE).map(|_| 0));
        let mut second = persistent("kid2", "/");
        io.send_result(calls_copy.set(&mut second, jail_flags::CREATE).map(|_| 0));
        let limit_msg = second.errmsg_text() == "prison limit exceeded";
        io.send_result(Ok(i32::from(limit_msg)));
        io.send_result(sys::sysctl_int(cur));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        obs.expect_ok("prisoner creates kid", &child.receive_result());
        obs.expect_err(
            "prisoner creates kid2",
            &child.receive_result(),
            Errno::EPERM,
        );
        obs.check_either(
            child.receive_result() == Ok(1),
            "errmsg=\"prison limit exceeded\"",
            "errmsg not \"prison limit exceeded\"",
        );
        let seen = child.receive_result();
        obs.check(
            seen == Ok(1),
            &format!("prisoner children.cur {}", value_text(&seen)),
        );
    });
    let mut get = IovList::new();
    get.int("jid", jid).out_buffer("children.cur", 4).errmsg();
    obs.expect_ok("host get", &calls.get(&mut get, 0));
    let count = get.int_value("children.cur");
    obs.check(count == Some(1), &format!("host children.cur {count:?}"));
    let kid = jid_of(calls, "kt_nest.kid");
    obs.expect_ok("host finds kt_nest.kid", &kid);
    remove_and_wait(&mut obs, calls, jid);
    obs.expect_err(
        "kid after parent removed",
        &jid_of(calls, "kt_nest.kid"),
        Errno::ENOENT,
    );
    obs
}

/// The base system's jail calls are closed to an rjail prisoner, even one
/// whose prison allows children: they would act on the base system's
/// jails, outside rjail's confinement (DESIGN.md §1). FreeBSD's own jailed
/// root with `children.max=1` may create a child; that is shown as the
/// reference, and the deliberate difference is what is checked.
fn base_calls_closed(ctx: &Context, rjail: &Calls) -> Obs {
    let mut obs = Obs::new();
    let victim = fresh_prison(
        &mut obs,
        ctx,
        &BASE,
        "kt_victim",
        "host creates base kt_victim",
        |_| {},
    )
    .unwrap_or(-1);
    let with_child = |l: &mut IovList| {
        l.int("children.max", 1);
    };
    if let Some(jid) = fresh_prison(
        &mut obs,
        ctx,
        rjail,
        "kt_nobase",
        "create rjail kt_nobase",
        with_child,
    ) {
        let body = move |io: &ChildIo| {
            let mut list = persistent("kt_escape", "/");
            io.send_result(BASE.set(&mut list, jail_flags::CREATE).map(|_| 0));
            io.send_result(BASE.attach(victim).map(|_| 0));
            io.send_result(BASE.remove(victim).map(|_| 0));
            0
        };
        with_prisoner(&mut obs, rjail, jid, body, |obs, child| {
            obs.expect_err(
                "prisoner base jail_set",
                &child.receive_result(),
                Errno::EPERM,
            );
            obs.expect_err("base jail_attach", &child.receive_result(), Errno::EPERM);
            obs.expect_err("base jail_remove", &child.receive_result(), Errno::EPERM);
        });
        remove_and_wait(&mut obs, rjail, jid);
    }
    obs.expect_ok("kt_victim still there", &exists_jid(&BASE, victim, 0));
    let escaped = jid_of(&BASE, "kt_escape");
    obs.expect_err("no base kt_escape", &escaped, Errno::ENOENT);
    if let Ok(jid) = escaped {
        let _ = BASE.remove(jid);
    }
    // The reference: a base jail's root with children.max=1.
    if let Some(jid) = fresh_prison(
        &mut obs,
        ctx,
        &BASE,
        "kt_basenest",
        "reference: base kt_basenest",
        with_child,
    ) {
        let body = |io: &ChildIo| {
            let mut list = persistent("kid", "/");
            io.send_result(BASE.set(&mut list, jail_flags::CREATE).map(|_| 0));
            0
        };
        with_prisoner(&mut obs, &BASE, jid, body, |obs, child| {
            obs.expect_ok(
                "base prisoner base jail_set (FreeBSD allows)",
                &child.receive_result(),
            );
        });
        remove_and_wait(&mut obs, &BASE, jid);
    }
    if victim > 0 {
        remove_and_wait(&mut obs, &BASE, victim);
    }
    obs
}

pub(super) fn run(ctx: &mut Context) {
    compare(ctx, "signal_visibility", signal_visibility);
    compare(ctx, "prisoner_settimeofday", settimeofday);
    compare(ctx, "prisoner_kldload", kldload);
    compare(ctx, "nested_children", nested_children);
    solo(ctx, "base_calls_closed", base_calls_closed);
}
