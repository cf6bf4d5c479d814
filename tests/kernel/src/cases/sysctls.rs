//! rjail's `security.jail.rjail` sysctls, read and written through
//! `__sysctl(2)` as sysctl(8) does (name to OID, then the OID), compared
//! with the base system's `security.jail` OIDs where the two mean the same.

use super::*;
use crate::net;
use crate::sysctl as oid;
use crate::xprison;

/// The sysctl node of an implementation's jail OIDs.
fn node(calls: &Calls) -> &'static str {
    if calls.label == BASE.label {
        "security.jail"
    } else {
        "security.jail.rjail"
    }
}

/// `jailed` in the host and in prisoners of both kinds: rjail's OID says 1
/// only inside rjail's prisons, the base system's inside either kind.
fn jailed(ctx: &Context, rjail: &Calls) -> Obs {
    let mut obs = Obs::new();
    let ours = "security.jail.rjail.jailed";
    let theirs = "security.jail.jailed";
    let host = (sys::sysctl_int(ours), sys::sysctl_int(theirs));
    obs.check(
        host == (Ok(0), Ok(0)),
        &format!(
            "host: rjail {} base {}",
            value_text(&host.0),
            value_text(&host.1)
        ),
    );
    // An rjail prisoner reads the base system's OID as 1 too (rjail stands
    // in for it); a base prisoner knows nothing of rjail's.
    for (calls, want) in [(rjail, (Ok(1), Ok(1))), (&BASE, (Ok(0), Ok(1)))] {
        let step = format!("{} create", calls.label);
        let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_jailed", &step, |_| {}) else {
            continue;
        };
        let body = |io: &ChildIo| {
            io.send_result(sys::sysctl_int(ours));
            io.send_result(sys::sysctl_int(theirs));
            0
        };
        with_prisoner(&mut obs, calls, jid, body, |obs, child| {
            let seen = (child.receive_result(), child.receive_result());
            obs.check(
                seen == want,
                &format!(
                    "{} prisoner: rjail {} base {}",
                    calls.label,
                    value_text(&seen.0),
                    value_text(&seen.1)
                ),
            );
        });
        remove_and_wait(&mut obs, calls, jid);
    }
    obs
}

/// `version` is a readable, non-empty string OID.
fn version(ctx: &mut Context) {
    let name = "security.jail.rjail.version";
    let mut obs = Obs::new();
    let format = sys::sysctl_name2oid(name).and_then(|oid| sys::sysctl_oidfmt(&oid));
    match &format {
        Ok((kind, fmt)) => obs.check(
            oid::describe_kind(*kind) == "string/rd" && fmt == "A",
            &format!("kind {} fmt {fmt}", oid::describe_kind(*kind)),
        ),
        Err(e) => obs.check(false, &format!("oidfmt={e}")),
    }
    match sys::sysctl_string(name) {
        Ok(text) => obs.check(!text.is_empty(), &format!("value \"{text}\"")),
        Err(e) => obs.check(false, &format!("read={e}")),
    }
    ctx.report("sysctl_version", obs.ok, &obs.text);
}

/// The list OID on the host holds a created prison's record with its jid,
/// name, path, host name and addresses.
fn list(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let addresses = [[10u8, 1, 2, 3], [10, 1, 2, 4]];
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_list", "create", |l| {
        l.string("host.hostname", "kt-list-host")
            .bytes("ip4.addr", &addresses.concat());
    }) else {
        return obs;
    };
    let name = format!("{}.list", node(calls));
    let records = sys::sysctl_read(&name)
        .map_err(|e| format!("read={e}"))
        .and_then(|payload| xprison::parse(&payload));
    match records {
        Ok(records) => match records.iter().find(|r| r.jid == jid) {
            Some(r) => {
                obs.check(
                    r.version == xprison::VERSION,
                    &format!("version {}", r.version),
                );
                obs.check(r.state == 1, &format!("state {}", r.state));
                obs.check(r.name == "kt_list", &format!("name {}", r.name));
                obs.check_either(r.path == ctx.root(), "path=root", &r.path);
                obs.check(r.host == "kt-list-host", &format!("host {}", r.host));
                let four: Vec<String> = r.ip4.iter().map(|a| net::dotted(*a)).collect();
                obs.check(r.ip4 == addresses, &format!("ip4 {}", four.join(",")));
                obs.check(r.ip6.is_empty(), &format!("ip6 count {}", r.ip6.len()));
            }
            None => obs.check(
                false,
                &format!("no record with the jid among {}", records.len()),
            ),
        },
        Err(e) => obs.check(false, &e),
    }
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// A legacy knob: the host's write round-trips and is restored; a
/// prisoner's write is EPERM and changes nothing; a prisoner reads its own
/// prison's setting.
fn knob_write(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let knob = format!("{}.set_hostname_allowed", node(calls));
    let original = sys::sysctl_int(&knob);
    if !obs.expect_ok("read", &original) {
        return obs;
    }
    let original = original.unwrap_or(1);
    let flipped = i32::from(original == 0);
    obs.expect_ok("host write", &sys::sysctl_set_int(&knob, flipped));
    obs.expect_number(
        "reads back ",
        &sys::sysctl_int(&knob),
        flipped,
        "the new value",
    );
    obs.expect_ok("restore", &sys::sysctl_set_int(&knob, original));
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_knob", "create", |_| {}) else {
        return obs;
    };
    let prisoner_knob = knob.clone();
    let body = move |io: &ChildIo| {
        io.send_result(sys::sysctl_int(&prisoner_knob));
        io.send_result(sys::sysctl_set_int(&prisoner_knob, 1).map(|_| 0));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        let read = child.receive_result();
        obs.check(
            read.is_ok(),
            &format!("prisoner reads {}", value_text(&read)),
        );
        obs.expect_err("prisoner write", &child.receive_result(), Errno::EPERM);
    });
    obs.check_either(
        sys::sysctl_int(&knob) == Ok(original),
        "host value unchanged",
        "host value changed",
    );
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// `children.max` and `children.cur` read inside a prison are the prison's
/// own; the host reads its own limit.
fn children(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let max = format!("{}.children.max", node(calls));
    let cur = format!("{}.children.cur", node(calls));
    let host_max = sys::sysctl_int(&max);
    obs.check(
        host_max.is_ok(),
        &format!("host max {}", value_text(&host_max)),
    );
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_children", "create", |l| {
        l.int("children.max", 3);
    }) else {
        return obs;
    };
    let body = |io: &ChildIo| {
        io.send_result(sys::sysctl_int(&max));
        io.send_result(sys::sysctl_int(&cur));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        obs.expect_number("prisoner max ", &child.receive_result(), 3, "3");
        obs.expect_number("prisoner cur ", &child.receive_result(), 0, "0");
    });
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// The type, access and format of the OIDs both implementations have, as
/// name2oid and oidfmt report them (what sysctl(8) and libjail go by).
fn formats(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let expected = [
        ("list", "opaque/rd", "S"),
        ("jailed", "int/rd", "I"),
        ("set_hostname_allowed", "int/rw", "I"),
        ("enforce_statfs", "int/rw", "I"),
        ("devfs_ruleset", "int/rd", "I"),
        ("jail_max_af_ips", "uint/rw", "IU"),
        ("children.max", "int/rd", "I"),
        ("children.cur", "int/rd", "I"),
    ];
    for (leaf, kind_want, fmt_want) in expected {
        let name = format!("{}.{leaf}", node(calls));
        match sys::sysctl_name2oid(&name).and_then(|oid| sys::sysctl_oidfmt(&oid)) {
            Ok((kind, fmt)) => {
                let kind = oid::describe_kind(kind);
                obs.check(
                    kind == kind_want && fmt == fmt_want,
                    &format!("{leaf}: {kind} fmt {fmt}"),
                );
            }
            Err(e) => obs.check(false, &format!("{leaf}: {e}")),
        }
    }
    obs
}

/// The parameter catalogue: name2oid finds a parameter, oidfmt gives its
/// type and format, and reading it gives its size (a string's longest
/// length as text, an array's element size), as `security.jail.param`.
fn param(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    for leaf in ["host.hostname", "ip4.addr", "children.max"] {
        let name = format!("{}.param.{leaf}", node(calls));
        let found = sys::sysctl_name2oid(&name);
        let Ok(found) = found else {
            obs.check(false, &format!("{leaf}: name2oid={}", outcome(&found)));
            continue;
        };
        let Ok((kind, fmt)) = sys::sysctl_oidfmt(&found) else {
            obs.check(false, &format!("{leaf}: oidfmt failed"));
            continue;
        };
        let value = sys::sysctl_read(&name);
        let shown = match (kind & oid::CTLTYPE, &value) {
            (oid::CTLTYPE_STRING, Ok(v)) => format!("\"{}\"", crate::iov::until_nul(v)),
            (oid::CTLTYPE_STRUCT, Ok(v)) if v.len() == 8 => {
                let mut size = [0u8; 8];
                size.copy_from_slice(v);
                format!("size {}", u64::from_ne_bytes(size))
            }
            (_, Ok(v)) => match oid::parse_int(v) {
                Some(i) if v.len() == 4 => i.to_string(),
                _ => format!("{} bytes", v.len()),
            },
            (_, Err(e)) => e.to_string(),
        };
        let expected = match leaf {
            "host.hostname" => ("string/rw", "A", "\"256\""),
            "ip4.addr" => ("opaque/rw", "S,in_addr,a", "size 4"),
            _ => ("int/rw", "I", "0"),
        };
        let seen = (oid::describe_kind(kind), fmt.as_str(), shown.as_str());
        obs.check(
            (seen.0.as_str(), seen.1, seen.2) == expected,
            &format!("{leaf}: {} fmt {} value {}", seen.0, seen.1, seen.2),
        );
    }
    obs
}

pub(super) fn run(ctx: &mut Context) {
    solo(ctx, "sysctl_jailed", jailed);
    version(ctx);
    compare(ctx, "sysctl_formats", formats);
    compare(ctx, "sysctl_list", list);
    compare(ctx, "sysctl_knob_write", knob_write);
    compare(ctx, "sysctl_children", children);
    compare(ctx, "sysctl_param", param);
}
