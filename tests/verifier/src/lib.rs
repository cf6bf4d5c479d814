//! Checks that an ELF object will be accepted by FreeBSD 15.0's amd64 kld
//! linker (`sys/kern/link_elf_obj.c`, `sys/amd64/amd64/elf_machdep.c`) and
//! that its code keeps the kernel's rules: no FPU/SIMD state, no red zone,
//! small stack frames, and only kernel symbols our KPI headers declare.
//!
//! [`verify`] never panics on any input; a file that cannot be read as ELF is
//! reported as a finding like any other reason the kernel would refuse it.

pub mod code;
pub mod elf;
pub mod kpi;
pub mod reloc;

use std::collections::BTreeSet;
use std::fmt;

use elf::{ElfObject, SectionHeader, Symbol};

/// Frames this large or larger are findings: amd64 kernel stacks are a few
/// pages shared by the whole call chain and interrupt handling.
pub const DEFAULT_MAX_FRAME: u64 = 2048;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The kernel refuses the module, or it would misbehave once loaded.
    Error,
    /// Loadable and safe, but a sign the build did not do what it meant to.
    Warning,
}

/// Which rule a finding breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    ElfHeader,
    Sections,
    SymbolTable,
    Relocation,
    ThreadLocal,
    FloatingPoint,
    RedZone,
    StackFrame,
    UndefinedSymbol,
    Constructors,
    Bitcode,
    PageProtection,
}

impl Check {
    pub fn label(self) -> &'static str {
        match self {
            Check::ElfHeader => "elf-header",
            Check::Sections => "sections",
            Check::SymbolTable => "symbol-table",
            Check::Relocation => "relocation",
            Check::ThreadLocal => "tls",
            Check::FloatingPoint => "fpu",
            Check::RedZone => "red-zone",
            Check::StackFrame => "stack-frame",
            Check::UndefinedSymbol => "undefined-symbol",
            Check::Constructors => "constructors",
            Check::Bitcode => "bitcode",
            Check::PageProtection => "page-protection",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub check: Check,
    /// Where: a section, `section+offset`, or `function+offset`.
    pub location: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{severity}[{}] {}: {}",
            self.check.label(),
            self.location,
            self.message
        )
    }
}

/// What the object is checked against.
#[derive(Debug, Clone)]
pub struct Config {
    /// Kernel symbols the module may leave undefined (from the KPI headers).
    pub kpi: BTreeSet<String>,
    /// Extra names accepted as undefined (`--allow`).
    pub allow: BTreeSet<String>,
    /// Smallest frame size that is a finding.
    pub max_frame: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            kpi: BTreeSet::new(),
            allow: BTreeSet::new(),
            max_frame: DEFAULT_MAX_FRAME,
        }
    }
}

/// Figures about the object, for the verbose summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub sections: usize,
    pub relocations: usize,
    pub undefined_symbols: usize,
    pub functions: usize,
    pub instructions: u64,
    pub undecodable_instructions: u64,
    /// The function with the largest frame and its size in bytes.
    pub largest_frame: Option<(String, u64)>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub stats: Stats,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// No error-level findings.
    pub fn is_loadable(&self) -> bool {
        self.errors().next().is_none()
    }

    /// Whether some finding of this check was made.
    pub fn has(&self, check: Check) -> bool {
        self.findings.iter().any(|f| f.check == check)
    }

    fn error(&mut self, check: Check, location: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, check, location, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        check: Check,
        location: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.findings.push(Finding {
            severity,
            check,
            location: location.into(),
            message: message.into(),
        });
    }
}

/// Runs every check on the bytes of an object file.
pub fn verify(data: &[u8], config: &Config) -> Report {
    let mut report = Report::default();
    if !check_file_header(data, &mut report) {
        return report;
    }
    let object = match ElfObject::parse(data) {
        Ok(object) => object,
        Err(error) => {
            report.error(Check::ElfHeader, "file", error.to_string());
            return report;
        }
    };
    report.stats.sections = object.sections.len();
    check_sections(&object, &mut report);
    check_page_protection(&object, &mut report);
    let symbols = check_symbol_tables(&object, &mut report);
    check_relocations(&object, symbols.as_deref(), &mut report);
    if let Some(symbols) = symbols.as_deref() {
        check_symbols(&object, symbols, config, &mut report);
    }
    check_code(
        &object,
        symbols.as_deref().unwrap_or(&[]),
        config,
        &mut report,
    );
    report
}

/// What `link_elf_load_file()` tests before reading anything else. Returns
/// whether the rest of the file is worth reading.
fn check_file_header(data: &[u8], report: &mut Report) -> bool {
    let header = match elf::read_file_header(data) {
        Ok(header) => header,
        Err(error) => {
            report.error(Check::ElfHeader, "file", error.to_string());
            return false;
        }
    };
    let before = report.findings.len();
    if header.class != elf::ELFCLASS64 {
        report.error(
            Check::ElfHeader,
            "e_ident",
            format!("ELF class {} is not ELFCLASS64", header.class),
        );
    }
    if header.data != elf::ELFDATA2LSB {
        report.error(
            Check::ElfHeader,
            "e_ident",
            format!("data encoding {} is not little-endian", header.data),
        );
    }
    if u32::from(header.ident_version) != elf::EV_CURRENT || header.version != elf::EV_CURRENT {
        report.error(
            Check::ElfHeader,
            "e_version",
            "ELF version is not EV_CURRENT",
        );
    }
    if header.file_type != elf::ET_REL {
        report.error(
            Check::ElfHeader,
            "e_type",
            format!(
                "object type is {} ({}): an amd64 kld is an ET_REL object linked with `ld -r`, as kmod.mk builds it and link_elf_obj.c loads it",
                elf::file_type_name(header.file_type),
                header.file_type
            ),
        );
    }
    if header.machine != elf::EM_X86_64 {
        report.error(
            Check::ElfHeader,
            "e_machine",
            format!("machine {} is not EM_X86_64 (62)", header.machine),
        );
    }
    report.findings.len() == before
}

fn section_location(object: &ElfObject<'_>, index: usize) -> String {
    format!("section [{index}] {}", object.section_name(index))
}

fn check_sections(object: &ElfObject<'_>, report: &mut Report) {
    let mut constructor_sections = Vec::new();
    let mut destructor_sections = Vec::new();
    let mut loaded = 0usize;
    for (index, section) in object.sections.iter().enumerate() {
        let name = object.section_name(index);
        if section.is_loaded() {
            loaded += 1;
            if object.section_data(index).is_err() {
                report.error(
                    Check::Sections,
                    section_location(object, index),
                    "contents run past the end of the file",
                );
            }
        }
        if section.kind == elf::SHT_DYNSYM {
            report.error(
                Check::SymbolTable,
                section_location(object, index),
                "SHT_DYNSYM: a dynamic symbol table belongs to shared objects, not to a kld",
            );
        }
        if section.flags & elf::SHF_TLS != 0
            || name == ".tdata"
            || name == ".tbss"
            || name.starts_with(".tdata.")
            || name.starts_with(".tbss.")
        {
            report.error(
                Check::ThreadLocal,
                section_location(object, index),
                "thread-local storage section; the kernel has no TLS",
            );
        }
        if name == ".llvmbc" || name == ".llvmcmd" {
            report.push(
                Severity::Warning,
                Check::Bitcode,
                section_location(object, index),
                format!(
                    "embedded LLVM bitcode ({} bytes) was not stripped (llvm-objcopy --remove-section={name})",
                    section.size
                ),
            );
        }
        // The kld linker only considers loaded sections with a name, and keeps
        // the first constructor and destructor table it meets.
        if section.is_loaded() {
            if name == ".ctors" || section.kind == elf::SHT_INIT_ARRAY {
                constructor_sections.push(index);
            } else if name == ".dtors" || section.kind == elf::SHT_FINI_ARRAY {
                destructor_sections.push(index);
            }
        }
    }
    if loaded == 0 {
        report.error(
            Check::Sections,
            "file",
            "no loadable section (the kld linker reports \"file has no contents\")",
        );
    }
    for (kind, sections) in [
        ("constructor", constructor_sections),
        ("destructor", destructor_sections),
    ] {
        if let Some((first, rest)) = sections.split_first() {
            for &index in rest {
                report.error(
                    Check::Constructors,
                    section_location(object, index),
                    format!(
                        "second {kind} section: the kld linker runs only the first ({}), these would never run",
                        object.section_name(*first)
                    ),
                );
            }
        }
    }
}

/// The kld linker's page size (amd64).
const PAGE_SIZE: u64 = 4096;

/// No page of the loaded module may hold both code and writable data.
/// `link_elf_load_file()` (sys/kern/link_elf_obj.c) places the loaded
/// sections one after another in file order, each at its own alignment,
/// and `link_elf_protect()` gives every page the union of the protections
/// of the sections on it: a function next to `.data` or `.bss` would be
/// mapped writable and executable. The per-CPU and VNET sets get memory of
/// their own and are left out, as the kernel does.
fn check_page_protection(object: &ElfObject<'_>, report: &mut Report) {
    // Sections are placed at rising addresses, so a section shares a page
    // with an earlier one of the other kind exactly when it starts on or
    // before the last page any of those reached: per kind, that page and
    // the section that reached it.
    let mut last_code: Option<(u64, usize)> = None;
    let mut last_data: Option<(u64, usize)> = None;
    let mut address: u64 = 0;
    for (index, section) in object.sections.iter().enumerate() {
        let name = object.section_name(index);
        if !section.is_loaded() || name == "set_pcpu" || name == "set_vnet" {
            continue;
        }
        let align = section.alignment.max(1);
        let start = match address.checked_add(align - 1) {
            Some(a) => a / align * align,
            None => return,
        };
        let Some(end) = start.checked_add(section.size) else {
            return;
        };
        address = end;
        let (first_page, last_page) = (start / PAGE_SIZE, (end - 1) / PAGE_SIZE);
        let exec = section.is_exec();
        let write = section.is_write();
        let clash = match (exec, write) {
            (true, _) => last_data
                .filter(|&(page, _)| first_page <= page)
                .map(|(_, d)| (index, d)),
            (false, true) => last_code
                .filter(|&(page, _)| first_page <= page)
                .map(|(_, c)| (c, index)),
            (false, false) => None,
        };
        let clash = clash.or((exec && write).then_some((index, index)));
        if let Some((code, data)) = clash {
            // One finding: the remedy is the same for every such page.
            report.error(
                Check::PageProtection,
                section_location(object, code),
                format!(
                    "shares page {first_page} with the writable {}: the kld linker would map it writable and executable (lay code out first, padded to a page, as sys/conf/ldscript.kmod.amd64 does)",
                    object.section_name(data)
                ),
            );
            return;
        }
        if exec {
            last_code = Some((last_page, index));
        }
        if write {
            last_data = Some((last_page, index));
        }
    }
}

/// Exactly one non-empty `SHT_SYMTAB`, as `link_elf_load_file()` demands.
/// Returns its symbols when it can be read.
fn check_symbol_tables(object: &ElfObject<'_>, report: &mut Report) -> Option<Vec<Symbol>> {
    let tables: Vec<usize> = object
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == elf::SHT_SYMTAB && s.size != 0)
        .map(|(index, _)| index)
        .collect();
    match tables.as_slice() {
        [] => {
            report.error(
                Check::SymbolTable,
                "file",
                "no symbol table; the kld linker needs exactly one SHT_SYMTAB",
            );
            None
        }
        [index] => match object.symbols(*index) {
            Ok(symbols) => Some(symbols),
            Err(error) => {
                report.error(
                    Check::SymbolTable,
                    section_location(object, *index),
                    error.to_string(),
                );
                None
            }
        },
        [_, rest @ ..] => {
            for &index in rest {
                report.error(
                    Check::SymbolTable,
                    section_location(object, index),
                    format!(
                        "{} SHT_SYMTAB sections; the kld linker refuses more than one",
                        tables.len()
                    ),
                );
            }
            None
        }
    }
}

fn symbol_label(symbols: Option<&[Symbol]>, index: u64) -> String {
    let symbol = usize::try_from(index)
        .ok()
        .and_then(|i| symbols.and_then(|s| s.get(i)));
    match symbol {
        Some(symbol) if !symbol.name.is_empty() => format!("`{}`", symbol.name),
        Some(_) if index == 0 => "no symbol".to_string(),
        Some(symbol) if symbol.kind() == elf::STT_SECTION => {
            format!("section symbol #{index}")
        }
        _ => format!("symbol #{index}"),
    }
}

/// Relocation types the kernel applies, and symbol indices it can resolve.
fn check_relocations(object: &ElfObject<'_>, symbols: Option<&[Symbol]>, report: &mut Report) {
    for (index, section) in object.sections.iter().enumerate() {
        if section.kind != elf::SHT_REL && section.kind != elf::SHT_RELA {
            continue;
        }
        let target_index = usize::try_from(section.info).unwrap_or(usize::MAX);
        let Some(target) = object.sections.get(target_index) else {
            report.error(
                Check::Relocation,
                section_location(object, index),
                format!("applies to section {} which does not exist", section.info),
            );
            continue;
        };
        // The kernel skips relocations for sections it does not load.
        if !target.is_alloc() {
            continue;
        }
        let target_name = object.section_name(target_index);
        let relocations = match object.relocations(index) {
            Ok(relocations) => relocations,
            Err(error) => {
                report.error(
                    Check::Relocation,
                    section_location(object, index),
                    error.to_string(),
                );
                continue;
            }
        };
        report.stats.relocations += relocations.len();
        let rel_name = object.section_name(index);
        for relocation in relocations {
            let location = format!("{target_name}+{:#x}", relocation.offset);
            let symbol = symbol_label(symbols, relocation.symbol_index);
            if !reloc::is_accepted(relocation.kind) {
                let hint = reloc::hint(relocation.kind)
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                report.error(
                    Check::Relocation,
                    location.clone(),
                    format!(
                        "{} ({}) against {symbol} in {rel_name}: not a type the amd64 kld linker applies{hint}",
                        reloc::name(relocation.kind),
                        relocation.kind
                    ),
                );
            }
            if let Some(symbols) = symbols {
                let resolved = usize::try_from(relocation.symbol_index)
                    .ok()
                    .and_then(|i| symbols.get(i));
                match resolved {
                    None => report.error(
                        Check::Relocation,
                        location,
                        format!(
                            "{} in {rel_name} names symbol index {} past the end of the symbol table",
                            reloc::name(relocation.kind),
                            relocation.symbol_index
                        ),
                    ),
                    Some(s)
                        if s.index != 0
                            && s.is_undefined()
                            && s.binding() == elf::STB_LOCAL =>
                    {
                        report.error(
                            Check::Relocation,
                            location,
                            format!(
                                "{} in {rel_name} refers to {symbol}, a local symbol with no definition",
                                reloc::name(relocation.kind)
                            ),
                        )
                    }
                    Some(_) => {}
                }
            }
        }
    }
}

/// TLS symbols, common symbols, and undefined names outside the KPI.
fn check_symbols(object: &ElfObject<'_>, symbols: &[Symbol], config: &Config, report: &mut Report) {
    let loaded_section_names: BTreeSet<&str> = object
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_loaded())
        .map(|(index, _)| object.section_name(index))
        .collect();
    for symbol in symbols.iter().skip(1) {
        let location = format!("symbol `{}`", symbol.name);
        if symbol.kind() == elf::STT_TLS {
            report.error(
                Check::ThreadLocal,
                location.clone(),
                "STT_TLS symbol; the kernel has no thread-local storage",
            );
        }
        if symbol.section_index == elf::SHN_COMMON {
            report.error(
                Check::SymbolTable,
                location.clone(),
                "common symbol: the kld linker does not allocate SHN_COMMON (compile with -fno-common or link with -d)",
            );
        }
        let global = matches!(symbol.binding(), elf::STB_GLOBAL | elf::STB_WEAK);
        if !(symbol.is_undefined() && global && !symbol.name.is_empty()) {
            continue;
        }
        report.stats.undefined_symbols += 1;
        if linker_set_bound(&symbol.name)
            .is_some_and(|section| loaded_section_names.contains(section))
        {
            // `__start_X`/`__stop_X` are bound by the kld linker to the
            // module's own section X.
            continue;
        }
        if config.kpi.contains(&symbol.name) || config.allow.contains(&symbol.name) {
            continue;
        }
        report.error(
            Check::UndefinedSymbol,
            location,
            format!(
                "undefined symbol {} is not a declared kernel KPI",
                symbol.name
            ),
        );
    }
}

/// The section a `__start_`/`__stop_` symbol delimits.
fn linker_set_bound(name: &str) -> Option<&str> {
    name.strip_prefix("__start_")
        .or_else(|| name.strip_prefix("__stop_"))
}

/// A function's code: its symbol, section and byte range within the section.
struct FunctionRange {
    name: String,
    start: u64,
    end: u64,
}

/// Function symbols of an executable section, sorted and clipped to it.
/// Symbols without a size extend to the next function or the section end.
fn function_ranges(
    section_index: usize,
    section: &SectionHeader,
    symbols: &[Symbol],
) -> Vec<FunctionRange> {
    let mut functions: Vec<&Symbol> = symbols
        .iter()
        .filter(|s| {
            s.kind() == elf::STT_FUNC
                && usize::from(s.section_index) == section_index
                && s.section_index < elf::SHN_LORESERVE
                && s.value < section.size
        })
        .collect();
    // Aliases share a start: keep one, preferring a global name.
    functions.sort_by_key(|s| (s.value, s.binding() == elf::STB_LOCAL, s.index));
    functions.dedup_by_key(|s| s.value);
    let starts: Vec<u64> = functions.iter().map(|s| s.value).collect();
    functions
        .iter()
        .enumerate()
        .map(|(n, symbol)| {
            let next = starts.get(n + 1).copied().unwrap_or(section.size);
            let end = if symbol.size == 0 {
                next
            } else {
                symbol.value.saturating_add(symbol.size).min(section.size)
            };
            FunctionRange {
                name: symbol.name.clone(),
                start: symbol.value,
                end,
            }
        })
        .collect()
}

fn check_code(object: &ElfObject<'_>, symbols: &[Symbol], config: &Config, report: &mut Report) {
    for (index, section) in object.sections.iter().enumerate() {
        if !section.is_exec() || section.kind == elf::SHT_NOBITS || section.size == 0 {
            continue;
        }
        let Ok(bytes) = object.section_data(index) else {
            continue; // already reported by check_sections when it matters
        };
        let section_name = object.section_name(index).to_string();
        let functions = function_ranges(index, section, symbols);
        let mut ranges: Vec<code::CodeRange<'_>> = Vec::new();
        // Bytes no function covers are decoded too (FPU check only), so code
        // without symbols cannot hide.
        let mut covered_to = 0u64;
        for function in &functions {
            if function.start > covered_to {
                push_range(
                    &mut ranges,
                    &section_name,
                    bytes,
                    covered_to,
                    function.start,
                    None,
                );
            }
            push_range(
                &mut ranges,
                &section_name,
                bytes,
                function.start,
                function.end,
                Some(function.name.clone()),
            );
            covered_to = covered_to.max(function.end);
        }
        if covered_to < section.size {
            push_range(
                &mut ranges,
                &section_name,
                bytes,
                covered_to,
                section.size,
                None,
            );
        }
        for range in &ranges {
            scan_code_range(range, config, report);
        }
    }
}

fn push_range<'a>(
    ranges: &mut Vec<code::CodeRange<'a>>,
    section: &str,
    bytes: &'a [u8],
    start: u64,
    end: u64,
    function: Option<String>,
) {
    let slice = usize::try_from(start)
        .ok()
        .zip(usize::try_from(end).ok())
        .and_then(|(s, e)| bytes.get(s..e));
    if let Some(slice) = slice {
        ranges.push(code::CodeRange {
            section: section.to_string(),
            section_offset: start,
            function,
            bytes: slice,
        });
    }
}

fn scan_code_range(range: &code::CodeRange<'_>, config: &Config, report: &mut Report) {
    let scanned = code::scan_range(range);
    report.stats.instructions += scanned.instructions;
    report.stats.undecodable_instructions += scanned.undecodable;
    let where_in = |offset: u64, range_offset: u64| match &range.function {
        Some(function) => format!(
            "{}+{offset:#x} ({function}+{range_offset:#x})",
            range.section
        ),
        None => format!(
            "{}+{offset:#x} (outside any function symbol)",
            range.section
        ),
    };
    for finding in &scanned.findings {
        let location = where_in(finding.section_offset, finding.range_offset);
        match &finding.issue {
            code::CodeIssue::FloatingPoint { reason } => report.error(
                Check::FloatingPoint,
                location,
                format!("`{}` {reason}: FPU/SIMD state is not saved for kernel code", finding.text),
            ),
            code::CodeIssue::RedZone {
                via_frame_pointer,
                displacement,
                allowed,
            } => report.error(
                Check::RedZone,
                location,
                format!(
                    "`{}` accesses {} bytes below the {}; interrupts may overwrite it (build with -C no-redzone=yes / -mno-red-zone)",
                    finding.text,
                    displacement.unsigned_abs(),
                    if *via_frame_pointer {
                        format!("frame pointer, but the function keeps only {allowed} bytes there")
                    } else {
                        "stack pointer".to_string()
                    }
                ),
            ),
        }
    }
    let Some(function) = &range.function else {
        return;
    };
    report.stats.functions += 1;
    let larger = report
        .stats
        .largest_frame
        .as_ref()
        .is_none_or(|(_, size)| scanned.frame_size > *size);
    if larger {
        report.stats.largest_frame = Some((function.clone(), scanned.frame_size));
    }
    if scanned.frame_size >= config.max_frame {
        report.error(
            Check::StackFrame,
            format!("{}+{:#x} ({function})", range.section, range.section_offset),
            format!(
                "stack frame of {} bytes (must stay under {}): kernel stacks are a few pages",
                scanned.frame_size, config.max_frame
            ),
        );
    }
}
