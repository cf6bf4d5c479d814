//! The suite's output protocol, and reading it back from a console log.
//!
//! One line per case, `RJAIL-TEST <case> PASS|FAIL <detail>`, then the summary
//! `N passed, N failed`. The runner (`vmtest.sh`) reads the same lines with
//! awk; [`Verdict`] is the reference reading it is tested against.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// The marker every result line starts with.
pub const MARKER: &str = "RJAIL-TEST";

/// Formats a result line (without the newline). Case names are single words;
/// any whitespace in them becomes `_`, and line breaks in the detail become
/// spaces, so one case is always exactly one line.
pub fn case_line(case: &str, passed: bool, detail: &str) -> String {
    let mut line = String::new();
    line.push_str(MARKER);
    line.push(' ');
    if case.is_empty() {
        line.push('_');
    }
    line.extend(
        case.chars()
            .map(|c| if c.is_whitespace() { '_' } else { c }),
    );
    line.push_str(if passed { " PASS" } else { " FAIL" });
    if !detail.is_empty() {
        line.push(' ');
        line.extend(
            detail
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
    }
    line
}

/// Formats the summary line (without the newline).
pub fn summary_line(passed: u32, failed: u32) -> String {
    let mut line = String::new();
    let _ = write!(line, "{passed} passed, {failed} failed");
    line
}

/// Running totals of the cases reported so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: u32,
    pub failed: u32,
}

impl Tally {
    pub fn record(&mut self, passed: bool) {
        if passed {
            self.passed = self.passed.saturating_add(1);
        } else {
            self.failed = self.failed.saturating_add(1);
        }
    }
}

/// What a console log says about a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Each case line seen: name and whether it passed.
    pub cases: Vec<(String, bool)>,
    /// The summary's (passed, failed), if the summary line was seen.
    pub summary: Option<(u32, u32)>,
    /// The kernel panicked: a line starts with `panic: ` or with
    /// `Fatal trap N:` (the trap message that precedes a trap's panic).
    pub panicked: bool,
    /// The kernel's report that rjail's malloc type still held memory when
    /// the module was unloaded (`malloc_uninit`), if the log has one.
    pub leak: Option<String>,
    /// Lock-checker reports (WITNESS, warn-only KASSERTs) that name rjail,
    /// each as its lines joined by newlines: any one fails the run.
    pub rjail_lock_reports: Vec<String>,
    /// Lock-checker reports of the base kernel alone: shown, not failing.
    pub other_lock_reports: Vec<String>,
}

/// The first line of a report that a WITNESS/INVARIANTS kernel prints
/// without panicking: `sys/kern/subr_witness.c` (lock order reversals,
/// duplicate locks, `witness_warn`'s "... with the following locks held:",
/// a lock used in the wrong mode) and `sys/kern/kern_shutdown.c`
/// (`KASSERT failed:` when KASSERTs only warn).
fn starts_lock_report(line: &str) -> bool {
    const FIRST_WORDS: [&str; 8] = [
        "lock order reversal:",
        "acquiring duplicate lock of same type:",
        "KASSERT failed:",
        "shared lock of (",
        "exclusive lock of (",
        "shared unlock of (",
        "exclusive unlock of (",
        "forbidden unlock of (",
    ];
    FIRST_WORDS.iter().any(|w| line.starts_with(w))
        || (line.contains(" with the following ") && line.ends_with("locks held:"))
}

/// A line that belongs to the report before it: lock lists and stack frames
/// (indented or `#N`), the backtrace and lock-order headers.
fn continues_lock_report(line: &str) -> bool {
    const FIRST_WORDS: [&str; 6] = [
        "KDB: stack backtrace:",
        "stack backtrace:",
        "exclusive ",
        "shared ",
        "while exclusively locked from ",
        "while share locked from ",
    ];
    line.starts_with([' ', '\t', '#'])
        || FIRST_WORDS.iter().any(|w| line.starts_with(w))
        || (line.starts_with("lock order ")
            && (line.ends_with(" established at:") || line.ends_with(" attempted at:")))
}

/// What `malloc_uninit` (`sys/kern/kern_malloc.c`) prints for a malloc type
/// destroyed with memory still allocated, up to the counts; the type is
/// rjail's own, so another module's leak does not fail rjail's run.
const LEAK_REPORT: &str = "Warning: memory type rjail leaked memory on destroy ";

/// Whether a console line is the start of a kernel panic report, as
/// `verdict.sh` recognises it.
fn is_panic_line(line: &str) -> bool {
    if line.starts_with("panic: ") {
        return true;
    }
    let Some(rest) = line.strip_prefix("Fatal trap ") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest.as_bytes().get(digits) == Some(&b':')
}

fn parse_summary(line: &str) -> Option<(u32, u32)> {
    let (passed, rest) = line.split_once(" passed, ")?;
    let failed = rest.strip_suffix(" failed")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(passed) || !digits(failed) {
        return None;
    }
    Some((passed.parse().ok()?, failed.parse().ok()?))
}

impl Verdict {
    /// Reads a console log: serial consoles end lines with `\r\n`, and kernel
    /// messages may come before or after (not inside) the suite's lines.
    pub fn parse(log: &str) -> Self {
        let mut verdict = Verdict::default();
        let mut report: Option<String> = None;
        for raw in log.lines() {
            let line = raw.trim_end_matches('\r');
            let starts = starts_lock_report(line);
            if let Some(text) = report.as_mut() {
                if !starts && continues_lock_report(line) {
                    text.push('\n');
                    text.push_str(line);
                    continue;
                }
            }
            if let Some(text) = report.take() {
                verdict.file_lock_report(text);
            }
            if starts {
                report = Some(line.into());
                continue;
            }
            if is_panic_line(line) {
                verdict.panicked = true;
            }
            if verdict.leak.is_none() && line.starts_with(LEAK_REPORT) {
                verdict.leak = Some(line.into());
            }
            let mut words = line.split(' ');
            if words.next() == Some(MARKER) {
                if let (Some(case), Some(result)) = (words.next(), words.next()) {
                    match result {
                        "PASS" => verdict.cases.push((case.into(), true)),
                        "FAIL" => verdict.cases.push((case.into(), false)),
                        _ => {}
                    }
                }
            } else if let Some(summary) = parse_summary(line) {
                verdict.summary = Some(summary);
            }
        }
        if let Some(text) = report {
            verdict.file_lock_report(text);
        }
        verdict
    }

    fn file_lock_report(&mut self, text: String) {
        if text.to_ascii_lowercase().contains("rjail") {
            self.rjail_lock_reports.push(text);
        } else {
            self.other_lock_reports.push(text);
        }
    }

    /// The run passed: the kernel did not panic, the module did not leak, no
    /// lock-checker report names rjail, a summary was printed, it reports no failure and at least one pass, and
    /// it agrees with the case lines seen.
    pub fn passed(&self) -> bool {
        if self.panicked || self.leak.is_some() || !self.rjail_lock_reports.is_empty() {
            return false;
        }
        let Some((passed, failed)) = self.summary else {
            return false;
        };
        let seen_pass = self.cases.iter().filter(|(_, ok)| *ok).count();
        let seen_fail = self.cases.len() - seen_pass;
        failed == 0 && passed > 0 && seen_pass == passed as usize && seen_fail == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_lines_have_the_documented_shape() {
        assert_eq!(
            case_line("create_persist", true, "rjail jid 3, base jid 1"),
            "RJAIL-TEST create_persist PASS rjail jid 3, base jid 1"
        );
        assert_eq!(case_line("odd niov", false, ""), "RJAIL-TEST odd_niov FAIL");
        assert_eq!(
            case_line("x", false, "two\nlines\r"),
            "RJAIL-TEST x FAIL two lines "
        );
    }

    #[test]
    fn summary_line_has_the_exact_form() {
        assert_eq!(summary_line(12, 0), "12 passed, 0 failed");
    }

    #[test]
    fn tally_counts_both_ways() {
        let mut tally = Tally::default();
        tally.record(true);
        tally.record(false);
        tally.record(true);
        assert_eq!(
            tally,
            Tally {
                passed: 2,
                failed: 1
            }
        );
    }

    #[test]
    fn a_clean_run_passes_through_console_noise() {
        let log = "Booting...\r\nrandom: unblocking device.\r\n\
                   RJAIL-TEST a PASS fine\r\nRJAIL-TEST b PASS\r\n\
                   2 passed, 0 failed\r\nUptime: 3s\r\n";
        let verdict = Verdict::parse(log);
        assert_eq!(verdict.cases.len(), 2);
        assert_eq!(verdict.summary, Some((2, 0)));
        assert!(verdict.passed());
    }

    #[test]
    fn failures_missing_summaries_and_inconsistencies_fail() {
        let failed = Verdict::parse("RJAIL-TEST a FAIL EINVAL\n0 passed, 1 failed\n");
        assert!(!failed.passed());
        // The program died before its summary (panic, kernel panic, timeout).
        let cut = Verdict::parse("RJAIL-TEST a PASS\n");
        assert_eq!(cut.summary, None);
        assert!(!cut.passed());
        // A summary that disagrees with the lines seen (a line was lost).
        let lost = Verdict::parse("RJAIL-TEST a PASS\n2 passed, 0 failed\n");
        assert!(!lost.passed());
        // Nothing ran at all.
        assert!(!Verdict::parse("0 passed, 0 failed\n").passed());
    }

    #[test]
    fn a_kernel_panic_fails_even_a_complete_run() {
        let clean = "RJAIL-TEST a PASS\r\n1 passed, 0 failed\r\n";
        assert!(Verdict::parse(clean).passed());
        for report in [
            "panic: page fault\r\n",
            "Fatal trap 12: page fault while in kernel mode\r\n",
        ] {
            let log = alloc::format!("{clean}{report}cpuid = 0\r\n");
            let verdict = Verdict::parse(&log);
            assert!(verdict.panicked, "{report:?}");
            assert!(!verdict.passed(), "{report:?}");
        }
        // Only at the start of a line, with the trap's number: a case's
        // detail or a stray word is not a panic.
        for harmless in [
            "RJAIL-TEST b PASS saw panic: nothing\r\n",
            "Fatal trap: no number\r\n",
            "Fatal trap 9 without colon\r\n",
            "xpanic: no\r\n",
        ] {
            let log = alloc::format!("RJAIL-TEST a PASS\r\n{harmless}2 passed, 0 failed\r\n");
            let verdict = Verdict::parse(&log);
            assert!(!verdict.panicked, "{harmless:?}");
        }
    }

    #[test]
    fn a_leak_of_the_rjail_malloc_type_fails_the_run() {
        let clean = "RJAIL-TEST unload PASS\r\n1 passed, 0 failed\r\n";
        let report = "Warning: memory type rjail leaked memory on destroy \
                      (2 allocations, 96 bytes leaked).";
        // The kernel prints it during kldunload, before the summary.
        let log = alloc::format!("RJAIL-TEST unload PASS\r\n{report}\r\n1 passed, 0 failed\r\n");
        let verdict = Verdict::parse(&log);
        assert_eq!(verdict.leak.as_deref(), Some(report));
        assert!(!verdict.passed());
        assert!(Verdict::parse(clean).passed());
        // Another type's leak, or a type whose name only starts with rjail,
        // is not rjail's.
        for other in [
            "Warning: memory type linux leaked memory on destroy (1 allocations, 8 bytes leaked).",
            "Warning: memory type rjailx leaked memory on destroy (1 allocations, 8 bytes leaked).",
            "RJAIL-TEST a PASS Warning: memory type rjail leaked memory on destroy",
        ] {
            let verdict = Verdict::parse(&alloc::format!("{other}\r\n{clean}"));
            assert_eq!(verdict.leak, None, "{other:?}");
        }
    }

    #[test]
    fn look_alike_lines_are_not_taken_for_results() {
        let verdict = Verdict::parse(
            "xRJAIL-TEST a PASS\nRJAIL-TEST a MAYBE\n1 passed, 0 failedx\n-1 passed, 0 failed\n",
        );
        assert!(verdict.cases.is_empty());
        assert_eq!(verdict.summary, None);
    }
}
