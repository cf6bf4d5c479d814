//! The same checks on objects produced by the real LLVM tools, when they are
//! installed (`llvm-mc-19`/`llvm-mc`, `clang-19`/`clang`). Without them these
//! tests say so and pass; `objects.rs` covers every check without any tool.

use std::path::{Path, PathBuf};
use std::process::Command;

use rjail_verify_ko::{verify, Check, Config, Report};

fn find_tool(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|tool| {
            Command::new(tool)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(|tool| tool.to_string())
}

fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn config() -> Config {
    Config {
        kpi: ["copyin", "panic", "ticks"]
            .into_iter()
            .map(String::from)
            .collect(),
        ..Config::default()
    }
}

/// Assembles `source` with llvm-mc; `None` when llvm-mc is not installed.
fn assemble(name: &str, source: &str) -> Option<Report> {
    let Some(mc) = find_tool(&["llvm-mc-19", "llvm-mc"]) else {
        eprintln!("llvm-mc not found: skipping {name} (objects.rs covers this check)");
        return None;
    };
    let input = scratch(&format!("{name}.s"));
    let output = scratch(&format!("{name}.o"));
    std::fs::write(&input, source).expect("write assembly");
    let status = Command::new(mc)
        .args(["-triple=x86_64-unknown-freebsd15.0", "-filetype=obj", "-o"])
        .arg(&output)
        .arg(&input)
        .status()
        .expect("run llvm-mc");
    assert!(status.success(), "llvm-mc failed on {name}");
    Some(verify(
        &std::fs::read(&output).expect("read object"),
        &config(),
    ))
}

/// Compiles C with the kernel's amd64 flags plus `extra`; `None` without clang.
fn compile(name: &str, source: &str, extra: &[&str]) -> Option<Report> {
    let Some(cc) = find_tool(&["clang-19", "clang"]) else {
        eprintln!("clang not found: skipping {name} (objects.rs covers this check)");
        return None;
    };
    let input = scratch(&format!("{name}.c"));
    let output = scratch(&format!("{name}.o"));
    std::fs::write(&input, source).expect("write C source");
    let status = Command::new(cc)
        .args([
            "--target=x86_64-unknown-freebsd15.0",
            "-O2",
            "-ffreestanding",
            "-nostdinc",
            "-fno-common",
            "-fno-omit-frame-pointer",
            "-mno-omit-leaf-frame-pointer",
            "-fno-asynchronous-unwind-tables",
            "-c",
        ])
        .args(extra)
        .arg("-o")
        .arg(&output)
        .arg(&input)
        .status()
        .expect("run clang");
    assert!(status.success(), "clang failed on {name}");
    Some(verify(
        &std::fs::read(&output).expect("read object"),
        &config(),
    ))
}

const KERNEL_FLAGS: &[&str] = &[
    "-mcmodel=kernel",
    "-mno-red-zone",
    "-mno-mmx",
    "-mno-sse",
    "-msoft-float",
    "-fno-pic",
];

const FUNCTION_PROLOGUE: &str = ".text\n.globl f\n.type f,@function\nf:\n";

#[test]
fn assembled_clean_function_passes() {
    let source = format!(
        "{FUNCTION_PROLOGUE}push %rbp\nmov %rsp,%rbp\nsub $16,%rsp\nmov %rdi,-8(%rbp)\n\
         call copyin\nmov ticks(%rip),%eax\nleave\nret\n.size f, .-f\n"
    );
    if let Some(report) = assemble("clean", &source) {
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}

#[test]
fn assembled_sse_is_caught() {
    let source = format!("{FUNCTION_PROLOGUE}movaps %xmm0,%xmm1\nret\n.size f, .-f\n");
    if let Some(report) = assemble("sse", &source) {
        assert!(report.has(Check::FloatingPoint), "{:#?}", report.findings);
    }
}

#[test]
fn assembled_gotpcrel_is_caught() {
    let source = format!("{FUNCTION_PROLOGUE}movq ticks@GOTPCREL(%rip),%rax\nret\n.size f, .-f\n");
    if let Some(report) = assemble("gotpcrel", &source) {
        let found: Vec<String> = report.findings.iter().map(|f| f.to_string()).collect();
        assert!(
            found
                .iter()
                .any(|m| m.contains("GOTPCREL") && m.contains("`ticks`")),
            "{found:?}"
        );
    }
}

#[test]
fn assembled_tls_is_caught() {
    let source = ".section .tdata,\"awT\",@progbits\n.globl counter\n.type counter,@object\n\
                  counter:\n.long 1\n.size counter, 4\n.text\nf:\nmovl %fs:counter@TPOFF,%eax\nret\n";
    if let Some(report) = assemble("tls", source) {
        assert!(report.has(Check::ThreadLocal), "{:#?}", report.findings);
        assert!(report.has(Check::Relocation), "{:#?}", report.findings);
    }
}

#[test]
fn assembled_red_zone_and_big_frame_are_caught() {
    let source = format!(
        "{FUNCTION_PROLOGUE}mov %rdi,-8(%rsp)\nret\n.size f, .-f\n\
         .globl g\n.type g,@function\ng:\npush %rbp\nmov %rsp,%rbp\nsub $4096,%rsp\nleave\nret\n.size g, .-g\n"
    );
    if let Some(report) = assemble("redzone", &source) {
        assert!(report.has(Check::RedZone), "{:#?}", report.findings);
        assert!(report.has(Check::StackFrame), "{:#?}", report.findings);
    }
}

const C_SOURCE: &str = "extern int ticks;\n\
    int copyin(const void *, void *, unsigned long);\n\
    int scaled(const void *u) { int v; if (copyin(u, &v, sizeof(v))) return -1; return v * ticks; }\n";

#[test]
fn c_with_kernel_flags_passes() {
    if let Some(report) = compile("kernel-flags", C_SOURCE, KERNEL_FLAGS) {
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
}

#[test]
fn c_built_as_pic_is_caught() {
    if let Some(report) = compile("pic", C_SOURCE, &["-mcmodel=kernel", "-mno-sse", "-fPIC"]) {
        assert!(report.has(Check::Relocation), "{:#?}", report.findings);
    }
}

#[test]
fn c_with_floating_point_enabled_is_caught() {
    let source = "double half(double x) { return x * 0.5; }\n";
    if let Some(report) = compile("float", source, &["-mcmodel=kernel", "-fno-pic"]) {
        assert!(report.has(Check::FloatingPoint), "{:#?}", report.findings);
    }
}
