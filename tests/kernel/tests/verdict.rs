//! The runner's shell verdict (`verdict.sh`) must read what the suite prints
//! the same way the reference reading (`report::Verdict`) does.

use rjail_ktest::report::{case_line, summary_line, Verdict};
use std::path::PathBuf;
use std::process::Command;

fn shell_verdict(log: &str) -> bool {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("log-{}.txt", log.len() ^ (log.as_ptr() as usize)));
    std::fs::write(&path, log).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("verdict.sh");
    let status = Command::new("sh")
        .arg(script)
        .arg(&path)
        .output()
        .expect("sh runs");
    let _ = std::fs::remove_file(&path);
    status.status.success()
}

fn console(lines: &[String]) -> String {
    // As a serial console delivers it: CR LF, kernel chatter around it.
    let mut log = String::from(
        "Copyright (c) 1992-2025 The FreeBSD Project.\r\nrandom: unblocking device.\r\n",
    );
    for line in lines {
        log.push_str(line);
        log.push_str("\r\n");
    }
    log.push_str("Uptime: 4s\r\nacpi0: Powering system off\r\n");
    log
}

#[test]
fn shell_and_reference_agree() {
    let pass = |c: &str| case_line(c, true, "EINVAL (same as base)");
    let fail = |c: &str| case_line(c, false, "rjail: EINVAL | base: ENOENT");
    let runs: Vec<(Vec<String>, bool)> = vec![
        (vec![pass("a"), pass("b"), summary_line(2, 0)], true),
        (vec![pass("a"), fail("b"), summary_line(1, 1)], false),
        // Cut off before the summary: a hang, a panic, the time limit.
        (vec![pass("a"), pass("b")], false),
        // A result line lost on the way.
        (vec![pass("a"), summary_line(2, 0)], false),
        // A failure line the summary does not count.
        (vec![pass("a"), fail("b"), summary_line(1, 0)], false),
        (vec![summary_line(0, 0)], false),
        // A kernel panic after a complete, clean summary still fails.
        (
            vec![pass("a"), summary_line(1, 0), "panic: page fault".into()],
            false,
        ),
        (
            vec![
                pass("a"),
                "Fatal trap 12: page fault while in kernel mode".into(),
                summary_line(1, 0),
            ],
            false,
        ),
        // Unloading the module leaked memory of its malloc type.
        (
            vec![
                pass("unload"),
                "Warning: memory type rjail leaked memory on destroy (3 allocations, 192 bytes leaked).".into(),
                summary_line(1, 0),
            ],
            false,
        ),
        // Another module's leak is not rjail's.
        (
            vec![
                pass("unload"),
                "Warning: memory type rjailx leaked memory on destroy (3 allocations, 192 bytes leaked).".into(),
                summary_line(1, 0),
            ],
            true,
        ),
        // A lock order reversal with one of rjail's locks fails the run.
        (
            vec![
                pass("a"),
                "lock order reversal:".into(),
                " 1st 0xfffff80003a1c000 rjail tree (rjail tree, sx) @ rjail_kern.c:80".into(),
                " 2nd 0xffffffff81a2b3c0 allproc (allproc, sx) @ kern_proc.c:120".into(),
                "lock order allproc -> rjail tree established at:".into(),
                "#0 0xffffffff80b1c2d3 at witness_checkorder+0x123".into(),
                summary_line(1, 0),
            ],
            false,
        ),
        // So does one whose only trace of rjail is a function in the stack.
        (
            vec![
                pass("a"),
                "Sleeping on \"pause\" with the following non-sleepable locks held:".into(),
                "exclusive sleep mutex proctree (proctree) r = 0 (0x1) locked @ x.c:1".into(),
                "stack backtrace:".into(),
                "#0 0xffffffff80b1c2d3 at witness_warn+0x4a2".into(),
                "#1 0xffffffff83a10020 at _ZN5rjail6policy9privilege5check17h0123E+0x20".into(),
                summary_line(1, 0),
            ],
            false,
        ),
        // The same report of the base kernel alone is shown, not failing.
        (
            vec![
                "acquiring duplicate lock of same type: \"vnode interlock\"".into(),
                " 1st vnode interlock @ vfs_subr.c:100".into(),
                " 2nd vnode interlock @ vfs_subr.c:200".into(),
                "stack backtrace:".into(),
                "#0 0xffffffff80b1c2d3 at witness_checkorder+0x123".into(),
                pass("a"),
                summary_line(1, 0),
            ],
            true,
        ),
        // A warn-only KASSERT in rjail's code fails the run.
        (
            vec![
                pass("a"),
                "KASSERT failed: rjail_label_get: no label".into(),
                summary_line(1, 0),
            ],
            false,
        ),
        // rjail named after a report has ended is not part of it.
        (
            vec![
                "lock order reversal:".into(),
                " 1st 0x1 vnode interlock (vnode interlock, sleep mutex) @ a.c:1".into(),
                " 2nd 0x2 ufs (ufs, lockmgr) @ b.c:2".into(),
                pass("rjail_after_report"),
                summary_line(1, 0),
            ],
            true,
        ),
        // Words that only look like a panic report do not fail a run.
        (
            vec![
                case_line("a", true, "panic: is only a word here"),
                "Fatal trap without a number".into(),
                summary_line(1, 0),
            ],
            true,
        ),
    ];
    for (lines, expected) in runs {
        let log = console(&lines);
        assert_eq!(
            Verdict::parse(&log).passed(),
            expected,
            "reference on {lines:?}"
        );
        assert_eq!(shell_verdict(&log), expected, "verdict.sh on {lines:?}");
    }
}
