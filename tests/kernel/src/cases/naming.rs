//! Names the kernel gives: a prison created without `name` is named after
//! its jid (sys/kern/kern_jail.c, kern_jail_set: "Give a default name of
//! the jid").

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

pub(super) fn run(ctx: &mut Context) {
    compare(ctx, "unnamed_gets_jid", unnamed_gets_jid);
}
