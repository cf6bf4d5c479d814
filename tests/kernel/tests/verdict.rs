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
