//! The base system's own sysctls (`kern.hostname`, `kern.securelevel`,
//! `kern.osrelease`, `security.jail.*`) read and written by a prisoner.
//! Each case runs the same steps in a base-system jail and in an rjail
//! prison configured alike and compares what the prisoner saw, then checks
//! the host's values from outside: a prisoner's write must never reach the
//! host.

use super::*;
use crate::iov::until_nul;

/// The release every prison of these cases claims.
const OSRELEASE: &str = "13.0-RELEASE";
const OSRELDATE: i32 = 1_300_139;

/// The host's identity, read from outside every prison.
#[derive(Debug, PartialEq, Eq)]
struct HostView {
    hostname: Result<String, Errno>,
    domainname: Result<String, Errno>,
    securelevel: Result<i32, Errno>,
}

fn host_view() -> HostView {
    HostView {
        hostname: sys::sysctl_string("kern.hostname"),
        domainname: sys::sysctl_string("kern.domainname"),
        securelevel: sys::sysctl_int("kern.securelevel"),
    }
}

/// Checks the host kept `before`.
fn host_unchanged(obs: &mut Obs, before: &HostView) {
    let after = host_view();
    obs.check(
        after == *before,
        &if after == *before {
            "host unchanged".to_string()
        } else {
            format!("host changed: {before:?} -> {after:?}")
        },
    );
}

/// The parameters every prison of these cases starts with.
fn alike(list: &mut IovList) {
    list.string("host.hostname", "kt-inside")
        .string("host.domainname", "kt.inside")
        .string("osrelease", OSRELEASE)
        .int("osreldate", OSRELDATE);
}

/// Sends a text (or the errno that came instead) to the parent.
fn send_text(io: &ChildIo, text: Result<String, Errno>) {
    match text {
        Ok(t) => {
            io.send_result(Ok(t.len() as i32));
            let _ = sys::write_all(io.to_parent, t.as_bytes());
        }
        Err(e) => io.send_result(Err(e)),
    }
}

fn receive_text(child: &Child) -> Result<String, Errno> {
    let len = child.receive_result()?;
    let mut buf = alloc::vec![0u8; usize::try_from(len).unwrap_or(0)];
    let mut filled = 0;
    while filled < buf.len() {
        match sys::read(child.from_child, buf.get_mut(filled..).unwrap_or(&mut [])) {
            Ok(0) | Err(_) => return Err(Errno::EIO),
            Ok(n) => filled += n,
        }
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn text_of(result: &Result<String, Errno>) -> String {
    match result {
        Ok(t) => format!("\"{t}\""),
        Err(e) => e.to_string(),
    }
}

/// A `u_long` OID (kern.hostid) as a number, for the prisoner to send.
fn sysctl_ulong(name: &str) -> Result<i32, Errno> {
    let bytes = sys::sysctl_read(name)?;
    let mut raw = [0u8; 8];
    raw.copy_from_slice(bytes.get(..8).ok_or(Errno::EIO)?);
    Ok(u64::from_ne_bytes(raw) as i32)
}

/// A prison parameter read with `jail_get` from the host, as text.
fn get_param(calls: &Calls, jid: i32, name: &str, string: bool) -> String {
    let mut list = IovList::new();
    list.int("jid", jid);
    if string {
        list.out_buffer(name, abi::MAXHOSTNAMELEN);
    } else {
        list.out_buffer(name, 4);
    }
    list.errmsg();
    match calls.get(&mut list, 0) {
        Ok(_) if string => format!("\"{}\"", list.string_value(name).unwrap_or("")),
        Ok(_) => list
            .int_value(name)
            .map_or("?".to_string(), |v| v.to_string()),
        Err(e) => e.to_string(),
    }
}

/// Item 1: host name, domain name, UUID and host id read from the prison;
/// a write changes only the prison with `allow.set_hostname`, and is EPERM
/// without it.
fn hostname(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let before = host_view();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_bhost", "create", |l| {
        alike(l);
        l.flag("allow.set_hostname");
    }) else {
        return obs;
    };
    let body = |io: &ChildIo| {
        send_text(io, sys::sysctl_string("kern.hostname"));
        send_text(io, sys::sysctl_string("kern.domainname"));
        send_text(io, sys::sysctl_string("kern.hostuuid"));
        io.send_result(sysctl_ulong("kern.hostid"));
        io.send_result(sys::sysctl_set_bytes("kern.hostname", b"kt-renamed\0").map(|_| 0));
        io.send_result(sys::sysctl_set_bytes("kern.domainname", b"kt.renamed\0").map(|_| 0));
        io.send_result(sys::sysctl_set_bytes("kern.hostid", &77u64.to_ne_bytes()).map(|_| 0));
        send_text(io, sys::sysctl_string("kern.hostname"));
        io.send_result(sysctl_ulong("kern.hostid"));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        let name = receive_text(child);
        obs.check(
            name.as_deref() == Ok("kt-inside"),
            &format!("reads hostname {}", text_of(&name)),
        );
        let domain = receive_text(child);
        obs.check(
            domain.as_deref() == Ok("kt.inside"),
            &format!("domainname {}", text_of(&domain)),
        );
        let uuid = receive_text(child);
        obs.check(uuid.is_ok(), &format!("hostuuid {}", text_of(&uuid)));
        let id = child.receive_result();
        obs.check(id.is_ok(), &format!("hostid {}", value_text(&id)));
        obs.expect_ok("write hostname", &child.receive_result());
        obs.expect_ok("write domainname", &child.receive_result());
        obs.expect_ok("write hostid", &child.receive_result());
        let again = receive_text(child);
        obs.check(
            again.as_deref() == Ok("kt-renamed"),
            &format!("reads back {}", text_of(&again)),
        );
        obs.expect_number("hostid ", &child.receive_result(), 77, "77");
    });
    let seen = (
        get_param(calls, jid, "host.hostname", true),
        get_param(calls, jid, "host.domainname", true),
    );
    obs.check(
        seen.0 == "\"kt-renamed\"" && seen.1 == "\"kt.renamed\"",
        &format!("jail_get host {} {}", seen.0, seen.1),
    );
    remove_and_wait(&mut obs, calls, jid);

    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_bhost", "create denied", |l| {
        alike(l);
        l.flag("allow.noset_hostname");
    }) else {
        return obs;
    };
    let body = |io: &ChildIo| {
        io.send_result(sys::sysctl_set_bytes("kern.hostname", b"kt-evil\0").map(|_| 0));
        io.send_result(sys::sysctl_set_bytes("kern.hostid", &99u64.to_ne_bytes()).map(|_| 0));
        send_text(io, sys::sysctl_string("kern.hostname"));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        obs.expect_err("denied hostname", &child.receive_result(), Errno::EPERM);
        obs.expect_err("denied hostid", &child.receive_result(), Errno::EPERM);
        let name = receive_text(child);
        obs.check(
            name.as_deref() == Ok("kt-inside"),
            &format!("still {}", text_of(&name)),
        );
    });
    obs.check(
        get_param(calls, jid, "host.hostname", true) == "\"kt-inside\"",
        "jail_get unchanged",
    );
    remove_and_wait(&mut obs, calls, jid);
    host_unchanged(&mut obs, &before);
    obs
}

/// Item 2: the prison's securelevel; its root may raise it, never lower
/// it; the host's stays. The prison starts at 0 while the host is at -1,
/// so the prisoner's first read tells the prison's level from the host's:
/// if it shows the host's, the raise is not attempted (it could never be
/// undone in this boot).
fn securelevel(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let before = host_view();
    if before.securelevel != Ok(-1) {
        obs.check(
            false,
            &format!(
                "host securelevel {} (the case needs -1)",
                value_text(&before.securelevel)
            ),
        );
        return obs;
    }
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_bsecure", "create", |l| {
        alike(l);
        l.int("securelevel", 0);
    }) else {
        return obs;
    };
    let body = |io: &ChildIo| {
        let first = sys::sysctl_int("kern.securelevel");
        io.send_result(first);
        if first != Ok(0) {
            return 0;
        }
        io.send_result(sys::sysctl_set_int("kern.securelevel", 1).map(|_| 0));
        io.send_result(sys::sysctl_int("kern.securelevel"));
        io.send_result(sys::sysctl_set_int("kern.securelevel", 0).map(|_| 0));
        io.send_result(sys::sysctl_int("kern.securelevel"));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        let first = child.receive_result();
        obs.expect_number("reads ", &first, 0, "0 (the prison's)");
        if first != Ok(0) {
            return;
        }
        obs.expect_ok("raise to 1", &child.receive_result());
        obs.expect_number("reads ", &child.receive_result(), 1, "1");
        obs.expect_err("lower to 0", &child.receive_result(), Errno::EPERM);
        obs.expect_number("still ", &child.receive_result(), 1, "1");
    });
    let level = get_param(calls, jid, "securelevel", false);
    obs.check(level == "1", &format!("jail_get securelevel {level}"));
    remove_and_wait(&mut obs, calls, jid);
    host_unchanged(&mut obs, &before);
    obs
}

/// Item 4: kern.osrelease and kern.osreldate are the prison's; a prison
/// created without them has the running kernel's; they cannot change
/// after creation.
fn osrelease(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let host_release = sys::sysctl_string("kern.osrelease");
    let host_date = sys::sysctl_int("kern.osreldate");
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_brel", "create", alike) else {
        return obs;
    };
    let body = |io: &ChildIo| {
        send_text(io, sys::sysctl_string("kern.osrelease"));
        io.send_result(sys::sysctl_int("kern.osreldate"));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        let release = receive_text(child);
        obs.check(
            release.as_deref() == Ok(OSRELEASE),
            &format!("osrelease {}", text_of(&release)),
        );
        obs.expect_number("osreldate ", &child.receive_result(), OSRELDATE, "1300139");
    });
    let mut update = IovList::new();
    update
        .int("jid", jid)
        .string("osrelease", "12.0-RELEASE")
        .errmsg();
    obs.expect_err(
        "update osrelease",
        &calls.set(&mut update, jail_flags::UPDATE),
        Errno::EINVAL,
    );
    obs.expect_msg(&update, "osrelease cannot be changed after creation");
    remove_and_wait(&mut obs, calls, jid);

    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_brel", "create plain", |_| {}) else {
        return obs;
    };
    let host_release_text = host_release.clone().unwrap_or_default();
    let got = get_param(calls, jid, "osrelease", true);
    obs.check(
        got == format!("\"{host_release_text}\"") && !host_release_text.is_empty(),
        "jail_get osrelease = the kernel's",
    );
    let date = get_param(calls, jid, "osreldate", false);
    obs.check(
        Ok(date.clone()) == host_date.map(|d| d.to_string()),
        "jail_get osreldate = the kernel's",
    );
    let body = |io: &ChildIo| {
        send_text(io, sys::sysctl_string("kern.osrelease"));
        io.send_result(sys::sysctl_int("kern.osreldate"));
        0
    };
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        let release = receive_text(child);
        obs.check(
            release == host_release,
            "prisoner reads the kernel's release",
        );
        obs.check(child.receive_result() == host_date, "and its osreldate");
    });
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// Item 5: the legacy knobs and children.* read the prison's settings;
/// writes are refused; the host's defaults stay.
fn knobs(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let names = [
        "set_hostname_allowed",
        "socket_unixiproute_only",
        "sysvipc_allowed",
        "allow_raw_sockets",
        "chflags_allowed",
        "mount_allowed",
        "mlock_allowed",
        "enforce_statfs",
        "devfs_ruleset",
        "children.max",
        "children.cur",
    ];
    let read_all = || -> Vec<Result<i32, Errno>> {
        names
            .iter()
            .map(|n| sys::sysctl_int(&format!("security.jail.{n}")))
            .collect()
    };
    let host_before = read_all();
    let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_bknobs", "create", |l| {
        alike(l);
        l.flag("allow.noset_hostname")
            .flag("allow.sysvipc")
            .flag("allow.raw_sockets")
            .flag("allow.mount")
            .int("enforce_statfs", 1)
            .int("children.max", 2);
    }) else {
        return obs;
    };
    let body = |io: &ChildIo| {
        for value in read_all() {
            io.send_result(value);
        }
        for n in ["set_hostname_allowed", "enforce_statfs", "children.max"] {
            let name = format!("security.jail.{n}");
            io.send_result(sys::sysctl_set_int(&name, 1).map(|_| 0));
        }
        0
    };
    let want = [0, 1, 1, 1, 0, 1, 0, 1, -1, 2, 0];
    with_prisoner(&mut obs, calls, jid, body, |obs, child| {
        let mut seen = Vec::new();
        let mut fine = true;
        for (i, name) in names.iter().enumerate() {
            let v = child.receive_result();
            if let Some(&w) = want.get(i) {
                // devfs_ruleset is whatever the implementation inherits:
                // compared with base, not with a fixed number.
                fine &= w < 0 || v == Ok(w);
            }
            seen.push(format!("{name}={}", value_text(&v)));
        }
        obs.check(fine, &seen.join(" "));
        for n in ["set_hostname_allowed", "enforce_statfs", "children.max"] {
            obs.expect_err(&format!("write {n}"), &child.receive_result(), Errno::EPERM);
        }
    });
    // After the removal: the host's children.cur counts the base jail.
    remove_and_wait(&mut obs, calls, jid);
    obs.check_either(
        read_all() == host_before,
        "host knobs unchanged",
        "host knobs changed",
    );
    obs
}

/// Item 6: security.jail.list read by a prisoner shows none of the base
/// system's jails (a jailed process sees only its own descendants).
fn list(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(other) = fresh_prison(&mut obs, ctx, &BASE, "kt_blother", "base jail", |_| {}) else {
        return obs;
    };
    let host_list = sys::sysctl_read("security.jail.list").map(|b| b.len());
    obs.check(
        matches!(host_list, Ok(n) if n > 0),
        "host lists the base jail",
    );
    if let Some(jid) = fresh_prison(&mut obs, ctx, calls, "kt_blist", "create", alike) {
        let body = |io: &ChildIo| {
            let len = sys::sysctl_read("security.jail.list").map(|b| b.len() as i32);
            io.send_result(len);
            0
        };
        with_prisoner(&mut obs, calls, jid, body, |obs, child| {
            obs.expect_number("prisoner list bytes ", &child.receive_result(), 0, "0");
        });
        remove_and_wait(&mut obs, calls, jid);
    }
    remove_and_wait(&mut obs, &BASE, other);
    obs
}

/// Item 7: FreeBSD's own sysctl(8), run inside a prison that claims
/// 13.0-RELEASE, prints 13.0-RELEASE.
fn exec_sysctl(_ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let program = "/sbin/sysctl";
    if sys::exists(program).is_err() {
        obs.note("not run: the root image has no /sbin/sysctl (build it with RJAIL_WORLD)");
        return obs;
    }
    let name = "kt_bexec";
    discard(calls, name);
    let mut create = persistent(name, "/");
    alike(&mut create);
    let created = calls.set(&mut create, jail_flags::CREATE);
    if !obs.expect_ok("create", &created) {
        return obs;
    }
    let jid = created.unwrap_or(0);
    let pipe = sys::pipe();
    let Ok((out_read, out_write)) = pipe else {
        obs.check(false, "pipe failed");
        return obs;
    };
    let body = move |_io: &ChildIo| {
        let _ = sys::close(out_read);
        if sys::dup2(out_write, 1).is_err() {
            return 126;
        }
        let _ = sys::execve(program, &["-n", "kern.osrelease"]);
        127
    };
    match start_prisoner(calls, jid, body) {
        Ok(child) => {
            let _ = sys::close(out_write);
            let mut output = Vec::new();
            let mut buf = [0u8; 256];
            while let Ok(n) = sys::read(out_read, &mut buf) {
                if n == 0 {
                    break;
                }
                output.extend_from_slice(buf.get(..n).unwrap_or(&[]));
            }
            let _ = sys::close(out_read);
            let text = String::from_utf8_lossy(&output).into_owned();
            obs.check(
                text == format!("{OSRELEASE}\n"),
                &format!(
                    "sysctl -n kern.osrelease printed {:?}",
                    until_nul(text.as_bytes())
                ),
            );
            finish_prisoner(&mut obs, child);
        }
        Err(e) => {
            let _ = sys::close(out_write);
            let _ = sys::close(out_read);
            obs.check(false, &e);
        }
    }
    remove_and_wait(&mut obs, calls, jid);
    obs
}

pub(super) fn run(ctx: &mut Context) {
    compare(ctx, "base_sysctl_hostname", hostname);
    compare(ctx, "base_sysctl_osrelease", osrelease);
    compare(ctx, "base_sysctl_knobs", knobs);
    compare(ctx, "base_sysctl_list", list);
    compare(ctx, "base_sysctl_exec", exec_sysctl);
    // Last: were rjail to raise the host's level, nothing could undo it in
    // this boot; the cases before it do not depend on it.
    compare(ctx, "base_sysctl_securelevel", securelevel);
}
