//! How a prison is named and designated: a prison created without `name`
//! is named after its jid (sys/kern/kern_jail.c, kern_jail_set: "Give a
//! default name of the jid"); the descriptor flags without a `desc`
//! (kern_jail_set, kern_jail_get: "missing desc").

use super::*;

/// jail_set(CREATE) without `name`: jail_get by jid reads the jid back as
/// the name.
fn unnamed_gets_jid(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut list = IovList::new();
    list.string("path", "/").flag("persist").errmsg();
    let created = calls.set(&mut list, jail_flags::CREATE);
    let Ok(jid) = created else {
        obs.expect_ok("create without name", &created);
        return obs;
    };
    obs.note("create without name=ok");
    let mut get = IovList::new();
    get.int("jid", jid).out_buffer("name", 256).errmsg();
    let got = calls.get(&mut get, 0);
    obs.expect_ok("get", &got);
    let name = get.string_value("name").unwrap_or("?").to_string();
    obs.check(
        name == jid.to_string(),
        &format!("name={}", mask_jid(&name, jid)),
    );
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// Descriptor flags without a `desc`: jail_set refuses every one (ENOENT
/// "missing desc", nothing created); jail_get ignores JAIL_USE_DESC and
/// finds the prison by name, and refuses JAIL_AT_DESC.
fn descriptor_flags_without_desc(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut set = persistent("kt_desc", &ctx.root());
    let created = calls.set(&mut set, jail_flags::CREATE | jail_flags::USE_DESC);
    obs.expect_err("set(USE_DESC)", &created, Errno::ENOENT);
    obs.expect_msg(&set, "missing desc");
    obs.expect_err("nothing created", &jid_of(calls, "kt_desc"), Errno::ENOENT);
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_desc", "create", |_| {}) else {
        return obs;
    };
    let mut get = IovList::new();
    get.string("name", "kt_desc").errmsg();
    let found = calls.get(&mut get, jail_flags::USE_DESC);
    obs.check(
        found == Ok(jid),
        &format!("get(USE_DESC)={}", outcome(&found.map(|_| ()))),
    );
    let mut get = IovList::new();
    get.string("name", "kt_desc").errmsg();
    obs.expect_err(
        "get(AT_DESC)",
        &calls.get(&mut get, jail_flags::AT_DESC),
        Errno::ENOENT,
    );
    obs.expect_msg(&get, "missing desc");
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// Renaming a nested prison found by jid to a dotted name under another
/// parent: EINVAL "cannot change jail's parent", and both names stay.
fn rename_to_another_parent(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let mut made = Vec::new();
    for name in ["kt_mv_a", "kt_mv_b"] {
        let parent = |list: &mut IovList| {
            list.int("children.max", 1);
        };
        match fresh_prison(&mut obs, ctx, calls, name, "create", parent) {
            Some(jid) => made.push(jid),
            None => break,
        }
    }
    let child = (made.len() == 2)
        .then(|| fresh_prison(&mut obs, ctx, calls, "kt_mv_a.c", "create child", |_| {}))
        .flatten();
    if let Some(child) = child {
        let mut rename = IovList::new();
        rename
            .int("jid", child)
            .string("name", "kt_mv_b.c")
            .errmsg();
        obs.expect_err(
            "rename by jid to kt_mv_b.c",
            &calls.set(&mut rename, jail_flags::UPDATE),
            Errno::EINVAL,
        );
        obs.expect_msg(&rename, "cannot change jail's parent");
        obs.check(
            jid_of(calls, "kt_mv_a.c") == Ok(child),
            "kt_mv_a.c still found",
        );
        obs.expect_err("no kt_mv_b.c", &jid_of(calls, "kt_mv_b.c"), Errno::ENOENT);
    }
    // Removing a parent removes its child.
    for jid in made {
        remove_and_wait(&mut obs, calls, jid);
    }
    obs
}

pub(super) fn run(ctx: &mut Context) {
    compare(ctx, "rename_to_another_parent", rename_to_another_parent);
    compare(ctx, "unnamed_gets_jid", unnamed_gets_jid);
    compare(
        ctx,
        "descriptor_flags_without_desc",
        descriptor_flags_without_desc,
    );
}
