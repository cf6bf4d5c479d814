//! Directories that reach a prisoner from outside its root: a descriptor
//! passed in over a unix socket (SCM_RIGHTS), and one held across attach.
//!
//! Layout, under the suite's scratch directory:
//!
//! ```text
//! fdpass/marker               outside the passed directory: must not change
//! fdpass/passed/              passed to the prisoner, above the prison root
//! fdpass/passed/inside-file   beneath the passed directory
//! fdpass/passed/root/         the prison's root
//! ```

use super::*;

const MARKER_TEXT: &[u8] = b"host marker\n";

struct Layout {
    marker: String,
    passed: String,
    root: String,
}

fn layout(ctx: &Context) -> Layout {
    let top = format!("{}/fdpass", ctx.scratch);
    Layout {
        marker: format!("{top}/marker"),
        passed: format!("{top}/passed"),
        root: format!("{top}/passed/root"),
    }
}

/// Creates the directories and files, the marker with its text; the steps
/// that fail are named in the observation.
fn prepare(obs: &mut Obs, ctx: &Context, at: &Layout) {
    let top = format!("{}/fdpass", ctx.scratch);
    for dir in [&top, &at.passed, &at.root] {
        match sys::mkdir(dir, 0o755) {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => obs.check(false, &format!("mkdir {dir}: {e}")),
        }
    }
    let inside = format!("{}/inside-file", at.passed);
    for (file, text) in [(&at.marker, MARKER_TEXT), (&inside, &b"inside\n"[..])] {
        let written =
            sys::open(file, abi::O_WRONLY | abi::O_CREAT | abi::O_TRUNC, 0o644).and_then(|fd| {
                let done = sys::write_all(fd, text);
                let _ = sys::close(fd);
                done
            });
        if let Err(e) = written {
            obs.check(false, &format!("write {file}: {e}"));
        }
    }
}

/// The marker's text as the host reads it now.
fn marker_text(at: &Layout) -> Result<Vec<u8>, Errno> {
    let fd = sys::open(&at.marker, abi::O_RDONLY, 0)?;
    let mut buf = [0u8; 64];
    let n = sys::read(fd, &mut buf);
    let _ = sys::close(fd);
    Ok(buf.get(..n?).unwrap_or_default().to_vec())
}

/// A persistent prison `name` rooted at `root`.
fn prison_at(obs: &mut Obs, calls: &Calls, name: &str, root: &str) -> Option<i32> {
    discard(calls, name);
    let mut list = persistent(name, root);
    let created = calls.set(&mut list, jail_flags::CREATE);
    if obs.expect_ok("create", &created) {
        created.ok()
    } else {
        None
    }
}

/// An open(2)-style result sent as 0 (the descriptor closed) or the errno.
fn opened(result: Result<i32, Errno>) -> Result<i32, Errno> {
    result.map(|fd| {
        let _ = sys::close(fd);
        0
    })
}

/// The prisoner's steps with the descriptor it received, in the order the
/// parent reads their results, with what FreeBSD 15.0 gives for a jailed
/// receiver (the descriptor is installed beneath-only,
/// sys/kern/uipc_usrreq.c `restrict_rights`).
const STEPS: [(&str, Option<Errno>); 8] = [
    ("recvmsg", None),
    ("openat(fd,\"..\")", Some(Errno::ENOTCAPABLE)),
    (
        "openat(fd,\"../marker\",O_WRONLY|O_TRUNC)",
        Some(Errno::ENOTCAPABLE),
    ),
    ("unlinkat(fd,\"../marker\")", Some(Errno::ENOTCAPABLE)),
    ("openat(fd,\"inside-file\")", None),
    ("fchdir(fd)", Some(Errno::ENOTCAPABLE)),
    ("then open(\"..\")", None),
    (
        "then open(\"../marker\",O_WRONLY|O_TRUNC)",
        Some(Errno::ENOENT),
    ),
];

fn prisoner_steps(io: &ChildIo, sock: i32) -> i32 {
    let fd = match sys::recv_fd(sock) {
        Ok(fd) => fd,
        Err(e) => {
            io.send_result(Err(e));
            return 1;
        }
    };
    io.send_result(Ok(0));
    let write_trunc = abi::O_WRONLY | abi::O_TRUNC;
    io.send_result(opened(sys::openat(
        fd,
        "..",
        abi::O_RDONLY | abi::O_DIRECTORY,
        0,
    )));
    io.send_result(opened(sys::openat(fd, "../marker", write_trunc, 0)));
    io.send_result(sys::unlinkat(fd, "../marker").map(|()| 0));
    io.send_result(opened(sys::openat(fd, "inside-file", abi::O_RDONLY, 0)));
    io.send_result(sys::fchdir(fd).map(|()| 0));
    io.send_result(opened(sys::open("..", abi::O_RDONLY | abi::O_DIRECTORY, 0)));
    io.send_result(opened(sys::open("../marker", write_trunc, 0)));
    0
}

/// The host opens a directory above the prison's root and passes it over a
/// socketpair to a prisoner, which tries to climb out of it (openat "..",
/// fchdir, writing and unlinking a file beside it) and to open a file
/// beneath it. Afterwards the host checks that the file outside is
/// unchanged.
fn descriptor_passed_in(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let at = layout(ctx);
    prepare(&mut obs, ctx, &at);
    let Some(jid) = prison_at(&mut obs, calls, "kt_fdpass", &at.root) else {
        return obs;
    };
    let (host_end, prisoner_end) = match sys::socketpair() {
        Ok(pair) => pair,
        Err(e) => {
            obs.check(false, &format!("socketpair: {e}"));
            remove_and_wait(&mut obs, calls, jid);
            return obs;
        }
    };
    with_prisoner(
        &mut obs,
        calls,
        jid,
        move |io| prisoner_steps(io, prisoner_end),
        |obs, child| {
            // Opened only now: the prisoner attached without it.
            let sent = sys::open(&at.passed, abi::O_RDONLY | abi::O_DIRECTORY, 0).and_then(|dir| {
                let sent = sys::send_fd(host_end, dir);
                let _ = sys::close(dir);
                sent
            });
            if !obs.expect_ok("host sendmsg(SCM_RIGHTS)", &sent) {
                return;
            }
            for (step, want) in STEPS {
                let got = child.receive_result();
                match want {
                    None => {
                        obs.expect_ok(step, &got);
                    }
                    Some(errno) => obs.expect_err(step, &got, errno),
                }
            }
        },
    );
    let _ = sys::close(host_end);
    let _ = sys::close(prisoner_end);
    remove_and_wait(&mut obs, calls, jid);
    let marker = marker_text(&at);
    obs.check_either(
        marker.as_deref() == Ok(MARKER_TEXT),
        "marker outside unchanged",
        "MARKER OUTSIDE CHANGED OR GONE",
    );
    obs
}

/// A process holding a directory open cannot attach: EPERM (FreeBSD's
/// jail_attach refuses open directories whatever
/// kern.chroot_allow_open_directories says, sys/kern/kern_descrip.c
/// `pwd_chroot_chdir`).
fn attach_holding_directory(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let at = layout(ctx);
    prepare(&mut obs, ctx, &at);
    let Some(jid) = prison_at(&mut obs, calls, "kt_fdattach", &at.root) else {
        return obs;
    };
    let calls_copy = *calls;
    let passed = at.passed.clone();
    let child = spawn(move |io| {
        let dir = sys::open(&passed, abi::O_RDONLY | abi::O_DIRECTORY, 0);
        io.send_result(dir);
        io.send_result(calls_copy.attach(jid).map(|_| 0));
        0
    });
    if let Some(child) = obs.forked(child) {
        obs.expect_ok("open(dir)", &child.receive_result());
        obs.expect_err("attach", &child.receive_result(), Errno::EPERM);
        obs.expect_end("child", child.wait(), ChildEnd::Exited(0), "");
    }
    remove_and_wait(&mut obs, calls, jid);
    obs
}

/// The host may root a child prison outside its parent's root (here at
/// "/"); a prisoner of the parent may then attach to that child, as
/// FreeBSD's jail_attach allows: rjail's directory checks keep prisoners
/// beneath their root, but must not veto the attach's own chdir and chroot.
/// (Found by the in-kernel fuzzer.)
fn attach_to_child_rooted_outside(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let Some(parent) = fresh_prison(&mut obs, ctx, calls, "kt_outer", "create", |list| {
        list.int("children.max", 1);
    }) else {
        return obs;
    };
    let mut child = persistent("kt_outer.c", "/");
    let made = calls.set(&mut child, jail_flags::CREATE);
    if obs.expect_ok("create child at /", &made) {
        let child_jid = made.unwrap_or(0);
        let body = move |io: &ChildIo| {
            io.send_result(calls.attach(child_jid));
            0
        };
        with_prisoner(&mut obs, calls, parent, body, |obs, prisoner| {
            obs.expect_ok("prisoner attaches to the child", &prisoner.receive_result());
        });
    }
    remove_and_wait(&mut obs, calls, parent);
    obs
}

/// A prison the host creates without `path` is rooted at prison0's root,
/// the system's, even when the creator is chrooted (kern_jail_set takes
/// `mypr->pr_root`, not the creator's root): a chrooted creator that
/// attaches to it sees the whole file system again, and its `path` reads
/// "/".
fn pathless_prison_from_chrooted_host(ctx: &Context, calls: &Calls) -> Obs {
    let mut obs = Obs::new();
    let name = "kt_pathless";
    discard(calls, name);
    let root = ctx.root();
    let outside = ctx.outside();
    let child = spawn(move |io| {
        io.send_result(
            sys::chroot(&root)
                .and_then(|()| sys::chdir("/"))
                .map(|()| 0),
        );
        io.send_result(sys::exists(&outside).map(|()| 0));
        let mut list = IovList::new();
        list.string("name", name).errmsg();
        io.send_result(calls.set(&mut list, jail_flags::CREATE | jail_flags::ATTACH));
        io.send_result(sys::exists(&outside).map(|()| 0));
        0
    });
    if let Some(child) = obs.forked(child) {
        obs.expect_ok("chroot", &child.receive_result());
        obs.expect_err("outside, chrooted", &child.receive_result(), Errno::ENOENT);
        obs.expect_ok("create+attach without path", &child.receive_result());
        obs.expect_ok("outside, attached", &child.receive_result());
        obs.expect_end("child", child.wait(), ChildEnd::Exited(0), "");
    }
    obs
}

pub(super) fn run(ctx: &mut Context) {
    compare(ctx, "descriptor_passed_in", descriptor_passed_in);
    compare(ctx, "attach_holding_directory", attach_holding_directory);
    compare(
        ctx,
        "attach_to_child_rooted_outside",
        attach_to_child_rooted_outside,
    );
    compare(
        ctx,
        "pathless_prison_from_chrooted_host",
        pathless_prison_from_chrooted_host,
    );
}
