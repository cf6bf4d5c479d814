//! 32-bit programs in a prison. rjail confines statfs(2) and friends, the
//! mount calls and the base system's jail_get(2) by interposing on their
//! system call entries (kmod/rjail_sysent.c); a 32-bit program reaches the
//! kernel through another table (COMPAT_FREEBSD32's), whose records rjail
//! does not convert, so there a prisoner is refused instead: the attack is
//! a 32-bit statfs(2) that would show the mount's host path.

use super::*;

/// The i386 probe laid into the root image (tests/kernel/compat32/).
const PROBE: &str = "/sbin/rjail-statfs32";

/// Runs the probe in a prisoner of `jid`; its exit status is statfs's
/// errno (0 for success).
fn probe_in(obs: &mut Obs, calls: &Calls, jid: i32) -> Option<Result<ChildEnd, Errno>> {
    let body = |_io: &ChildIo| {
        let _ = sys::execve(PROBE, &[]);
        127
    };
    match start_prisoner(calls, jid, body) {
        Ok(child) => Some(child.wait()),
        Err(e) => {
            obs.check(false, &e);
            None
        }
    }
}

/// The base system's jail lets a 32-bit prisoner statfs (exit 0); rjail
/// refuses it (ENOSYS) rather than hand it an unconfined record.
fn statfs32(_ctx: &Context, rjail: &Calls) -> Obs {
    let mut obs = Obs::new();
    if sys::exists(PROBE).is_err() {
        obs.check(false, "no 32-bit probe in the root image");
        return obs;
    }
    for (calls, want, label) in [
        (&BASE, ChildEnd::Exited(0), "base prisoner statfs32"),
        (
            rjail,
            ChildEnd::Exited(Errno::ENOSYS.0),
            "rjail prisoner statfs32",
        ),
    ] {
        // Rooted at "/", where the probe is.
        let name = "kt_compat32";
        discard(calls, name);
        let created = calls.set(&mut persistent(name, "/"), jail_flags::CREATE);
        if !obs.expect_ok("create", &created) {
            continue;
        }
        let jid = created.unwrap_or(0);
        if let Some(end) = probe_in(&mut obs, calls, jid) {
            obs.expect_end(label, end, want, "");
        }
        remove_and_wait(&mut obs, calls, jid);
    }
    obs
}

pub(super) fn run(ctx: &mut Context) {
    solo(ctx, "compat32_statfs_refused", statfs32);
}
