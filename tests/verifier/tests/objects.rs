//! Deliberately bad objects, each built in memory, must be caught; a good one
//! must pass with no finding at all.

mod support;

use rjail_verify_ko::{verify, Check, Config, Report, Severity};
use support::*;

fn config() -> Config {
    Config {
        kpi: ["copyin", "copyout", "malloc", "free"]
            .into_iter()
            .map(String::from)
            .collect(),
        ..Config::default()
    }
}

fn check(bytes: &[u8]) -> Report {
    verify(bytes, &config())
}

fn messages(report: &Report, check: Check) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.check == check)
        .map(|f| f.to_string())
        .collect()
}

#[test]
fn good_object_passes_cleanly() {
    let report = check(&good_object().build());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert!(report.is_loadable());
    assert_eq!(report.stats.relocations, 2);
    assert_eq!(report.stats.undefined_symbols, 1);
    assert_eq!(report.stats.functions, 1);
    assert_eq!(
        report.stats.largest_frame,
        Some(("rjail_probe".to_string(), 8 + 16))
    );
}

#[test]
fn gotpcrel_relocation_is_caught() {
    // mov memcpy@GOTPCREL(%rip),%rax; ret
    let code = [0x48, 0x8b, 0x05, 0, 0, 0, 0, 0xc3];
    let mut elf = ElfBuilder::new();
    let text = elf.text(&code);
    elf.function("uses_got", text, 0, code.len() as u64);
    let memcpy = elf.undefined("memcpy");
    elf.rela(text, &[(3, R_X86_64_GOTPCREL, memcpy, -4)]);
    let mut cfg = config();
    cfg.kpi.insert("memcpy".to_string());
    let report = verify(&elf.build(), &cfg);
    let found = messages(&report, Check::Relocation);
    assert_eq!(found.len(), 1, "{found:?}");
    for needle in [
        "R_X86_64_GOTPCREL (9)",
        "`memcpy`",
        ".rela.text",
        ".text+0x3",
    ] {
        assert!(
            found[0].contains(needle),
            "{needle} missing in {}",
            found[0]
        );
    }
    assert!(!report.is_loadable());
}

#[test]
fn every_rejected_relocation_type_is_named() {
    for kind in [R_X86_64_32, R_X86_64_REX_GOTPCRELX, R_X86_64_TPOFF32, 5, 99] {
        let mut elf = good_object();
        let data = elf.section(".rodata", SHT_PROGBITS, SHF_ALLOC, &[0u8; 8]);
        let copyin = elf.undefined("copyout");
        elf.rela(data, &[(0, kind, copyin, 0)]);
        let found = messages(&check(&elf.build()), Check::Relocation);
        assert_eq!(found.len(), 1, "type {kind}: {found:?}");
        assert!(found[0].contains(&format!("({kind})")), "{}", found[0]);
    }
}

#[test]
fn accepted_relocation_types_pass() {
    let mut elf = good_object();
    let data = elf.section(".rodata", SHT_PROGBITS, SHF_ALLOC, &[0u8; 64]);
    let free = elf.undefined("free");
    let entries: Vec<(u64, u32, u32, i64)> = [0u32, 1, 2, 4, 6, 7, 8, 11, 37]
        .iter()
        .enumerate()
        .map(|(n, &kind)| (n as u64 * 4, kind, free, 0))
        .collect();
    elf.rela(data, &entries);
    let report = check(&elf.build());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn relocations_for_unloaded_sections_are_ignored_like_the_kernel_does() {
    let mut elf = good_object();
    let debug = elf.section(".debug_info", SHT_PROGBITS, 0, &[0u8; 16]);
    elf.rela(debug, &[(0, R_X86_64_32, 0, 0)]);
    let report = check(&elf.build());
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn relocation_symbol_index_out_of_range_is_caught() {
    let mut elf = good_object();
    let data = elf.section(".rodata", SHT_PROGBITS, SHF_ALLOC, &[0u8; 8]);
    elf.rela(data, &[(0, R_X86_64_64, 500, 0)]);
    let found = messages(&check(&elf.build()), Check::Relocation);
    assert!(
        found
            .iter()
            .any(|m| m.contains("past the end of the symbol table")),
        "{found:?}"
    );
}

#[test]
fn xmm_instruction_is_caught_with_function_and_text() {
    // push %rbp; mov %rsp,%rbp; movaps %xmm0,%xmm1; pop %rbp; ret
    let code = [0x55, 0x48, 0x89, 0xe5, 0x0f, 0x28, 0xc8, 0x5d, 0xc3];
    let report = check(&object_with_function("vector_copy", &code));
    let found = messages(&report, Check::FloatingPoint);
    assert_eq!(found.len(), 1, "{found:?}");
    for needle in ["vector_copy+0x4", ".text+0x4", "movaps", "xmm"] {
        assert!(
            found[0].contains(needle),
            "{needle} missing in {}",
            found[0]
        );
    }
}

#[test]
fn sse_outside_any_function_symbol_is_still_caught() {
    // Stripped code: no function symbols at all.
    let mut elf = ElfBuilder::new();
    elf.text(&[0x90, 0x66, 0x0f, 0xef, 0xc0, 0xc3]); // nop; pxor %xmm0,%xmm0; ret
    let found = messages(&check(&elf.build()), Check::FloatingPoint);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(".text+0x1"), "{}", found[0]);
}

#[test]
fn tls_section_and_symbol_are_caught() {
    let mut elf = good_object();
    let tdata = elf.section(
        ".tdata",
        SHT_PROGBITS,
        SHF_ALLOC | SHF_WRITE | SHF_TLS,
        &[1, 2, 3, 4],
    );
    elf.symbol("per_thread", STB_GLOBAL, STT_TLS, tdata, 0, 4);
    let report = check(&elf.build());
    let found = messages(&report, Check::ThreadLocal);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().any(|m| m.contains(".tdata")));
    assert!(found.iter().any(|m| m.contains("per_thread")));
}

#[test]
fn tbss_by_name_alone_is_caught() {
    let mut elf = good_object();
    elf.nobits(".tbss", SHF_ALLOC | SHF_WRITE, 8);
    assert!(check(&elf.build()).has(Check::ThreadLocal));
}

#[test]
fn unknown_undefined_symbol_is_caught() {
    let mut elf = good_object();
    let data = elf.section(".rodata", SHT_PROGBITS, SHF_ALLOC, &[0u8; 8]);
    let unknown = elf.undefined("vfs_secret_internal");
    elf.rela(data, &[(0, R_X86_64_64, unknown, 0)]);
    let bytes = elf.build();
    let found = messages(&check(&bytes), Check::UndefinedSymbol);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("undefined symbol vfs_secret_internal is not a declared kernel KPI"));

    let mut allowed = config();
    allowed.allow.insert("vfs_secret_internal".to_string());
    assert!(verify(&bytes, &allowed).findings.is_empty());
}

#[test]
fn weak_undefined_counts_and_local_or_defined_names_do_not() {
    let mut elf = good_object();
    elf.symbol("weak_hook", STB_WEAK, STT_NOTYPE, SHN_UNDEF, 0, 0);
    let found = messages(&check(&elf.build()), Check::UndefinedSymbol);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("weak_hook"));
}

#[test]
fn linker_set_bounds_resolve_to_own_sections() {
    let mut elf = good_object();
    elf.section("set_sysinit_set", SHT_PROGBITS, SHF_ALLOC, &[0u8; 8]);
    elf.undefined("__start_set_sysinit_set");
    elf.undefined("__stop_set_sysinit_set");
    elf.undefined("__start_set_missing");
    let found = messages(&check(&elf.build()), Check::UndefinedSymbol);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("__start_set_missing"));
}

#[test]
fn red_zone_store_in_a_leaf_is_caught() {
    // mov %rdi,-8(%rsp); mov -8(%rsp),%rax; ret
    let code = [
        0x48, 0x89, 0x7c, 0x24, 0xf8, 0x48, 0x8b, 0x44, 0x24, 0xf8, 0xc3,
    ];
    let report = check(&object_with_function("leaf", &code));
    let found = messages(&report, Check::RedZone);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("leaf+0x0") && found[0].contains("8 bytes below the stack pointer"));
    assert!(found[1].contains("leaf+0x5"));
}

#[test]
fn frame_pointer_access_beyond_the_frame_is_caught() {
    // push %rbp; mov %rsp,%rbp; mov %rdi,-8(%rbp); pop %rbp; ret
    // Nothing was allocated below %rbp, so -8(%rbp) is below %rsp.
    let code = [0x55, 0x48, 0x89, 0xe5, 0x48, 0x89, 0x7d, 0xf8, 0x5d, 0xc3];
    let found = messages(
        &check(&object_with_function("sneaky", &code)),
        Check::RedZone,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("frame pointer"), "{}", found[0]);
}

#[test]
fn four_kib_frame_is_caught() {
    // push %rbp; mov %rsp,%rbp; sub $4096,%rsp; movq $0,-8(%rbp);
    // add $4096,%rsp; pop %rbp; ret
    let code = [
        0x55, 0x48, 0x89, 0xe5, 0x48, 0x81, 0xec, 0x00, 0x10, 0x00, 0x00, 0x48, 0xc7, 0x45, 0xf8,
        0x00, 0x00, 0x00, 0x00, 0x48, 0x81, 0xc4, 0x00, 0x10, 0x00, 0x00, 0x5d, 0xc3,
    ];
    let report = check(&object_with_function("huge_frame", &code));
    let found = messages(&report, Check::StackFrame);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("huge_frame") && found[0].contains("4104 bytes"));
    assert!(!report.has(Check::RedZone));
    assert_eq!(
        report.stats.largest_frame,
        Some(("huge_frame".to_string(), 4104))
    );
}

#[test]
fn frame_just_under_the_limit_passes() {
    // push %rbp; mov %rsp,%rbp; sub $2032,%rsp; leave; ret  => 2040 bytes
    let code = [
        0x55, 0x48, 0x89, 0xe5, 0x48, 0x81, 0xec, 0xf0, 0x07, 0x00, 0x00, 0xc9, 0xc3,
    ];
    let report = check(&object_with_function("fits", &code));
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.stats.largest_frame, Some(("fits".to_string(), 2040)));
}

#[test]
fn two_symbol_tables_are_caught() {
    let mut elf = good_object();
    elf.second_symtab = true;
    let report = check(&elf.build());
    let found = messages(&report, Check::SymbolTable);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("2 SHT_SYMTAB"), "{}", found[0]);
}

#[test]
fn dynamic_symbol_table_is_caught() {
    let mut elf = good_object();
    elf.section(".dynsym", SHT_DYNSYM, SHF_ALLOC, &[0u8; 24]);
    assert!(check(&elf.build()).has(Check::SymbolTable));
}

#[test]
fn common_symbol_is_caught() {
    let mut elf = good_object();
    elf.symbol("tentative", STB_GLOBAL, STT_OBJECT, SHN_COMMON, 8, 8);
    let found = messages(&check(&elf.build()), Check::SymbolTable);
    assert!(found.iter().any(|m| m.contains("tentative")), "{found:?}");
}

#[test]
fn shared_objects_and_executables_are_refused() {
    for (file_type, name) in [(ET_DYN, "ET_DYN"), (ET_EXEC, "ET_EXEC")] {
        let mut elf = good_object();
        elf.file_type = file_type;
        let report = check(&elf.build());
        let found = messages(&report, Check::ElfHeader);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains(name), "{}", found[0]);
        assert!(!report.is_loadable());
    }
}

#[test]
fn wrong_machine_and_class_are_refused() {
    let mut elf = good_object();
    elf.machine = EM_386;
    assert!(messages(&check(&elf.build()), Check::ElfHeader)[0].contains("EM_X86_64"));
    let mut elf = good_object();
    elf.class = 1;
    assert!(messages(&check(&elf.build()), Check::ElfHeader)[0].contains("ELFCLASS64"));
}

#[test]
fn second_constructor_section_is_caught() {
    let mut elf = good_object();
    elf.section(
        ".init_array",
        SHT_INIT_ARRAY,
        SHF_ALLOC | SHF_WRITE,
        &[0u8; 8],
    );
    assert!(check(&elf.build()).findings.is_empty());
    elf.section(".ctors", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, &[0u8; 8]);
    let found = messages(&check(&elf.build()), Check::Constructors);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(".ctors") && found[0].contains(".init_array"));
}

#[test]
fn leftover_bitcode_is_a_warning_only() {
    let mut elf = good_object();
    elf.section(".llvmbc", SHT_PROGBITS, 0, b"BC\xc0\xde");
    let report = check(&elf.build());
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    assert_eq!(report.findings[0].severity, Severity::Warning);
    assert_eq!(report.findings[0].check, Check::Bitcode);
    assert!(report.is_loadable());
}

#[test]
fn object_without_loadable_sections_is_refused() {
    let mut elf = ElfBuilder::new();
    elf.undefined("copyin");
    assert!(check(&elf.build()).has(Check::Sections));
}

#[test]
fn every_truncation_is_a_clean_finding() {
    let bytes = good_object().build();
    for len in 0..bytes.len() {
        let report = check(&bytes[..len]);
        assert!(
            !report.is_loadable(),
            "truncated to {len} of {} bytes yet loadable",
            bytes.len()
        );
    }
}

#[test]
fn garbage_is_a_clean_finding() {
    for garbage in [
        &b""[..],
        b"\x7fELF",
        b"MZ\x90\x00 this is not an elf file at all",
        &[0xffu8; 4096],
    ] {
        let report = check(garbage);
        assert!(report.has(Check::ElfHeader), "{garbage:?}");
        assert!(!report.is_loadable());
    }
}

#[test]
fn code_sharing_a_page_with_writable_data_is_caught() {
    // A function section after .bss, as `ld -r` without a layout script
    // leaves Rust's per-function sections: link_elf_obj.c puts it on the
    // page .bss ends on, which becomes writable and executable.
    let mut elf = good_object();
    elf.section(
        ".text.late",
        SHT_PROGBITS,
        SHF_ALLOC | SHF_EXECINSTR,
        &[0xc3],
    );
    let found = messages(&check(&elf.build()), Check::PageProtection);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(".text.late"), "{found:?}");
    assert!(found[0].contains("writable .bss"), "{found:?}");
}

#[test]
fn code_on_a_page_of_its_own_after_data_passes() {
    let mut elf = good_object();
    let late = elf.section(
        ".text.late",
        SHT_PROGBITS,
        SHF_ALLOC | SHF_EXECINSTR,
        &[0xc3],
    );
    elf.align(late, 4096);
    assert!(!check(&elf.build()).has(Check::PageProtection));
}
