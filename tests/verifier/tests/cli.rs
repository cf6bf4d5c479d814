//! The command line: exit 0 for a loadable object, 1 with one finding per
//! line, 2 for usage and I/O errors.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{good_object, object_with_function};

fn tool() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rjail-verify-ko"))
}

fn kpi_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kpi")
}

fn write_object(name: &str, bytes: &[u8]) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).expect("write test object");
    path
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    tool().args(args).output().expect("run rjail-verify-ko")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn loadable_object_exits_zero_and_verbose_reports_largest_frame() {
    let path = write_object("cli-good.ko", &good_object().build());
    let output = run(&[
        path.as_os_str(),
        "--kpi".as_ref(),
        kpi_dir().as_os_str(),
        "--allow".as_ref(),
        "copyin".as_ref(),
        "-v".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(
        text.contains("largest stack frame: 24 bytes in rjail_probe"),
        "{text}"
    );
}

#[test]
fn findings_exit_one_one_per_line() {
    // copyin is not in the fixture KPI, and the function uses %xmm.
    let path = write_object("cli-bad.ko", &good_object().build());
    let output = run(&[path.as_os_str(), "--kpi".as_ref(), kpi_dir().as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].contains("undefined symbol copyin"), "{text}");

    let path = write_object(
        "cli-sse.ko",
        &object_with_function("v", &[0x0f, 0x28, 0xc8, 0xc3]),
    );
    let output = run(&[path.as_os_str(), "--kpi".as_ref(), kpi_dir().as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("error[fpu]"));
}

#[test]
fn warnings_fail_only_when_asked() {
    let mut elf = good_object();
    elf.section(".llvmbc", support::SHT_PROGBITS, 0, b"BC");
    let path = write_object("cli-bitcode.ko", &elf.build());
    let kpi = kpi_dir();
    let base = [
        path.as_os_str(),
        "--kpi".as_ref(),
        kpi.as_os_str(),
        "--allow".as_ref(),
        "copyin".as_ref(),
    ];
    assert_eq!(run(&base).status.code(), Some(0));
    let mut strict = base.to_vec();
    strict.push("-W".as_ref());
    assert_eq!(run(&strict).status.code(), Some(1));
}

#[test]
fn usage_and_io_errors_exit_two() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["--bogus".as_ref()]).status.code(), Some(2));
    let good = write_object("cli-usage.ko", &good_object().build());
    // No --kpi.
    assert_eq!(run(&[good.as_os_str()]).status.code(), Some(2));
    let missing = Path::new(env!("CARGO_TARGET_TMPDIR")).join("does-not-exist.ko");
    assert_eq!(
        run(&[missing.as_os_str(), "--kpi".as_ref(), kpi_dir().as_os_str()])
            .status
            .code(),
        Some(2)
    );
    let no_dir = kpi_dir().join("missing");
    assert_eq!(
        run(&[good.as_os_str(), "--kpi".as_ref(), no_dir.as_os_str()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn garbage_file_is_a_finding_not_a_crash() {
    let path = write_object("cli-garbage.ko", b"definitely not ELF");
    let output = run(&[path.as_os_str(), "--kpi".as_ref(), kpi_dir().as_os_str()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("error[elf-header]"));
}
