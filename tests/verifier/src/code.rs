//! Checks on machine code: no floating-point or vector state, no access below
//! the stack pointer, and small stack frames.
//!
//! The kernel does not save FPU/SIMD state on entry, so a module that touches
//! it corrupts the interrupted user thread's registers. Interrupts and
//! exceptions push onto the current kernel stack without skipping a red zone,
//! so anything stored below `%rsp` can be overwritten at any moment. Kernel
//! stacks are a few pages, so one large frame can overflow them.

use iced_x86::{
    CpuidFeature, Decoder, DecoderOptions, Formatter, GasFormatter, Instruction,
    InstructionInfoFactory, Mnemonic, OpKind, Register,
};

/// A run of machine code to decode, with the names used in findings.
pub struct CodeRange<'a> {
    pub section: String,
    /// Offset of `bytes` within its section.
    pub section_offset: u64,
    /// The function symbol, or `None` for bytes no function symbol covers.
    pub function: Option<String>,
    pub bytes: &'a [u8],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeIssue {
    /// An instruction uses x87/MMX/SSE/AVX state.
    FloatingPoint { reason: String },
    /// A memory access below the stack pointer or below the allocated frame.
    RedZone {
        /// Relative to `%rbp` (else `%rsp`).
        via_frame_pointer: bool,
        displacement: i64,
        /// Bytes the function owns below the base register.
        allowed: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstructionFinding {
    /// Offset of the instruction within its section.
    pub section_offset: u64,
    /// Offset of the instruction within the code range (function).
    pub range_offset: u64,
    pub text: String,
    pub issue: CodeIssue,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RangeReport {
    pub findings: Vec<InstructionFinding>,
    /// Bytes the function reserves below its return address (pushes, `sub`,
    /// `enter`), the largest over its prologues.
    pub frame_size: u64,
    pub instructions: u64,
    pub undecodable: u64,
}

/// The features whose instructions always read or write x87/MMX/SSE/AVX state.
fn feature_always_uses_fpu_state(feature: CpuidFeature) -> bool {
    let name = format!("{feature:?}");
    const PREFIXES: &[&str] = &[
        "FPU",
        "CYRIX_FPU",
        "MMX",
        "D3NOW",
        "CYRIX_D3NOW",
        "AVX",
        "AMX",
        "FMA",
        "F16C",
        "XOP",
        "KNC",
        "VAES",
        "VPCLMULQDQ",
        "FXSR",
        "XSAVE",
    ];
    PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Registers that live in the FPU/SIMD state the kernel does not preserve.
fn is_fpu_register(register: Register) -> bool {
    register.is_xmm()
        || register.is_ymm()
        || register.is_zmm()
        || register.is_k()
        || register.is_mm()
        || register.is_st()
        || register.is_tmm()
}

/// Why `instruction` touches FPU/SIMD state, if it does.
///
/// SSE-era features also cover integer-only instructions (`mfence`, `lfence`,
/// `movnti`, `prefetchnta`, `crc32`, `pause`), which are fine in the kernel, so
/// for those features only the registers used decide.
fn fpu_use(instruction: &Instruction, info: &mut InstructionInfoFactory) -> Option<String> {
    if let Some(feature) = instruction
        .cpuid_features()
        .iter()
        .copied()
        .find(|&f| feature_always_uses_fpu_state(f))
    {
        return Some(format!("{feature:?} instruction"));
    }
    if matches!(
        instruction.mnemonic(),
        Mnemonic::Ldmxcsr | Mnemonic::Stmxcsr | Mnemonic::Vldmxcsr | Mnemonic::Vstmxcsr
    ) {
        return Some("accesses MXCSR".to_string());
    }
    let used = info.info(instruction);
    let register = used
        .used_registers()
        .iter()
        .map(|u| u.register())
        .chain(
            used.used_memory()
                .iter()
                .flat_map(|m| [m.base(), m.index()]),
        )
        .find(|&r| is_fpu_register(r))?;
    Some(format!("uses register {register:?}").to_lowercase())
}

fn memory_operand(instruction: &Instruction) -> bool {
    (0..instruction.op_count()).any(|n| instruction.op_kind(n) == OpKind::Memory)
}

/// A `[base + displacement]` access with no index register.
fn plain_access(instruction: &Instruction, base: Register) -> Option<i64> {
    // `lea` computes an address and `nop` with an operand is padding: neither
    // touches memory.
    if matches!(instruction.mnemonic(), Mnemonic::Lea | Mnemonic::Nop) {
        return None;
    }
    let plain = memory_operand(instruction)
        && instruction.memory_base() == base
        && instruction.memory_index() == Register::None;
    plain.then(|| instruction.memory_displacement64() as i64)
}

fn immediate(instruction: &Instruction, operand: u32) -> Option<u64> {
    instruction.try_immediate(operand).ok()
}

/// How a single instruction moves the stack pointer down as part of a frame.
enum StackStep {
    Push,
    /// `sub rsp, imm`, `add rsp, -imm`, `lea rsp, [rsp - imm]`, `enter imm, 0`.
    Allocate(u64),
    /// `and rsp, -align`: up to `align - 8` bytes of padding.
    Align(u64),
    /// `sub rsp, reg`: a size only known at run time.
    Dynamic,
    SetFramePointer,
    Other,
}

fn stack_step(instruction: &Instruction) -> StackStep {
    let op0_is_rsp =
        instruction.op0_kind() == OpKind::Register && instruction.op0_register() == Register::RSP;
    match instruction.mnemonic() {
        Mnemonic::Push if instruction.op0_kind() == OpKind::Register => StackStep::Push,
        Mnemonic::Enter => StackStep::Allocate(immediate(instruction, 0).unwrap_or(0)),
        Mnemonic::Mov
            if instruction.op0_kind() == OpKind::Register
                && instruction.op0_register() == Register::RBP
                && instruction.op1_kind() == OpKind::Register
                && instruction.op1_register() == Register::RSP =>
        {
            StackStep::SetFramePointer
        }
        Mnemonic::Sub if op0_is_rsp => match immediate(instruction, 1) {
            Some(amount) => StackStep::Allocate(amount),
            None => StackStep::Dynamic,
        },
        Mnemonic::Add if op0_is_rsp => match immediate(instruction, 1).map(|v| v as i64) {
            Some(amount) if amount < 0 => StackStep::Allocate(amount.unsigned_abs()),
            _ => StackStep::Other,
        },
        Mnemonic::Lea if op0_is_rsp => match plain_lea(instruction) {
            Some(amount) if amount < 0 => StackStep::Allocate(amount.unsigned_abs()),
            _ => StackStep::Other,
        },
        Mnemonic::And if op0_is_rsp => match immediate(instruction, 1).map(|v| v as i64) {
            Some(mask) if mask < 0 => StackStep::Align(mask.unsigned_abs()),
            _ => StackStep::Other,
        },
        _ => StackStep::Other,
    }
}

fn plain_lea(instruction: &Instruction) -> Option<i64> {
    (instruction.memory_base() == Register::RSP && instruction.memory_index() == Register::None)
        .then(|| instruction.memory_displacement64() as i64)
}

/// Instructions a prologue may contain between its pushes and allocations
/// without ending it: CET markers, padding, and the stack probes LLVM puts
/// between page-sized allocations (`movq $0,(%rsp)`, `orq $0,(%rsp)`,
/// `test %rsp,8(%rsp)`), which touch memory at or above `%rsp`.
fn is_prologue_filler(instruction: &Instruction) -> bool {
    match instruction.mnemonic() {
        Mnemonic::Endbr64 | Mnemonic::Nop => true,
        Mnemonic::Mov | Mnemonic::Or | Mnemonic::Test => {
            plain_access(instruction, Register::RSP).is_some_and(|d| d >= 0)
        }
        _ => false,
    }
}

/// Frame bookkeeping for one prologue (at function entry, or later when the
/// compiler shrink-wrapped it behind an early return).
#[derive(Default)]
struct Prologue {
    pushes: u64,
    pushes_below_frame_pointer: u64,
    allocated: u64,
    alignment_padding: u64,
    has_frame_pointer: bool,
}

impl Prologue {
    fn frame_size(&self) -> u64 {
        self.pushes
            .saturating_mul(8)
            .saturating_add(self.allocated)
            .saturating_add(self.alignment_padding)
    }

    /// Bytes below `%rbp` that belong to the function.
    fn below_frame_pointer(&self) -> u64 {
        self.pushes_below_frame_pointer
            .saturating_mul(8)
            .saturating_add(self.allocated)
            .saturating_add(self.alignment_padding)
    }
}

/// Decodes `range` and reports FPU/SIMD use, red-zone accesses and the frame size.
pub fn scan_range(range: &CodeRange<'_>) -> RangeReport {
    let mut report = RangeReport::default();
    let mut decoder = Decoder::with_ip(64, range.bytes, 0, DecoderOptions::NONE);
    let mut formatter = GasFormatter::new();
    let mut info = InstructionInfoFactory::new();
    let mut instruction = Instruction::default();

    let mut prologue = Prologue::default();
    let mut prologue_open = true;
    let mut previous_was_push_rbp = false;
    let mut largest_frame = 0u64;
    let mut below_frame_pointer = 0u64;
    let mut frame_pointer_set = false;
    let mut dynamic_allocation = false;
    let mut frame_pointer_accesses: Vec<(u64, i64, Instruction)> = Vec::new();
    let text_of = |formatter: &mut GasFormatter, instruction: &Instruction| {
        let mut text = String::new();
        formatter.format(instruction, &mut text);
        text
    };

    while decoder.can_decode() {
        decoder.decode_out(&mut instruction);
        let offset = instruction.ip();
        if instruction.is_invalid() {
            report.undecodable += 1;
            previous_was_push_rbp = false;
            continue;
        }
        report.instructions += 1;

        if let Some(reason) = fpu_use(&instruction, &mut info) {
            report.findings.push(InstructionFinding {
                section_offset: range.section_offset.saturating_add(offset),
                range_offset: offset,
                text: text_of(&mut formatter, &instruction),
                issue: CodeIssue::FloatingPoint { reason },
            });
        }

        if range.function.is_some() {
            if let Some(displacement) = plain_access(&instruction, Register::RSP) {
                if displacement < 0 {
                    report.findings.push(InstructionFinding {
                        section_offset: range.section_offset.saturating_add(offset),
                        range_offset: offset,
                        text: text_of(&mut formatter, &instruction),
                        issue: CodeIssue::RedZone {
                            via_frame_pointer: false,
                            displacement,
                            allowed: 0,
                        },
                    });
                }
            }
            if frame_pointer_set {
                if let Some(displacement) = plain_access(&instruction, Register::RBP) {
                    if displacement < 0 {
                        frame_pointer_accesses.push((offset, displacement, instruction));
                    }
                }
            }
        }

        let step = stack_step(&instruction);
        let is_push_rbp =
            matches!(step, StackStep::Push) && instruction.op0_register() == Register::RBP;
        match step {
            StackStep::SetFramePointer => {
                // A (possibly shrink-wrapped) prologue: `push %rbp; mov %rsp,%rbp`.
                if !prologue_open || prologue.has_frame_pointer {
                    prologue = Prologue {
                        pushes: u64::from(previous_was_push_rbp),
                        ..Prologue::default()
                    };
                }
                prologue.has_frame_pointer = true;
                prologue.pushes_below_frame_pointer = 0;
                prologue_open = true;
                frame_pointer_set = true;
            }
            StackStep::Push if prologue_open => {
                prologue.pushes += 1;
                if prologue.has_frame_pointer {
                    prologue.pushes_below_frame_pointer += 1;
                }
            }
            StackStep::Allocate(amount) => {
                if prologue_open {
                    prologue.allocated = prologue.allocated.saturating_add(amount);
                } else {
                    // An allocation outside a prologue (a second frame or a
                    // stack probe loop) still sits on the same stack.
                    largest_frame = largest_frame.max(amount);
                    below_frame_pointer = below_frame_pointer.max(amount);
                }
            }
            StackStep::Align(alignment) if prologue_open => {
                prologue.alignment_padding = alignment.saturating_sub(8);
            }
            StackStep::Dynamic => dynamic_allocation = true,
            _ if prologue_open && is_prologue_filler(&instruction) => {}
            _ => {
                if prologue_open {
                    largest_frame = largest_frame.max(prologue.frame_size());
                    if prologue.has_frame_pointer {
                        below_frame_pointer =
                            below_frame_pointer.max(prologue.below_frame_pointer());
                    }
                }
                prologue_open = false;
            }
        }
        previous_was_push_rbp = is_push_rbp;
    }
    if prologue_open {
        largest_frame = largest_frame.max(prologue.frame_size());
        if prologue.has_frame_pointer {
            below_frame_pointer = below_frame_pointer.max(prologue.below_frame_pointer());
        }
    }
    report.frame_size = largest_frame;

    // Judge `%rbp`-relative accesses against the whole function's allocation:
    // code after an epilogue may still belong to the same frame.
    if !dynamic_allocation {
        for (offset, displacement, access) in frame_pointer_accesses {
            if displacement.unsigned_abs() > below_frame_pointer {
                report.findings.push(InstructionFinding {
                    section_offset: range.section_offset.saturating_add(offset),
                    range_offset: offset,
                    text: text_of(&mut formatter, &access),
                    issue: CodeIssue::RedZone {
                        via_frame_pointer: true,
                        displacement,
                        allowed: below_frame_pointer,
                    },
                });
            }
        }
    }
    report
        .findings
        .sort_by_key(|finding| finding.section_offset);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(bytes: &[u8]) -> RangeReport {
        scan_range(&CodeRange {
            section: ".text".to_string(),
            section_offset: 0,
            function: Some("f".to_string()),
            bytes,
        })
    }

    #[test]
    fn integer_code_is_clean() {
        // push %rbp; mov %rsp,%rbp; mov %rdi,%rax; mfence; lfence; pause;
        // movnti %rax,(%rdi); crc32 %al,%ecx; pop %rbp; ret
        let code = [
            0x55, 0x48, 0x89, 0xe5, 0x48, 0x89, 0xf8, 0x0f, 0xae, 0xf0, 0x0f, 0xae, 0xe8, 0xf3,
            0x90, 0x48, 0x0f, 0xc3, 0x07, 0xf2, 0x0f, 0x38, 0xf0, 0xc8, 0x5d, 0xc3,
        ];
        let report = scan(&code);
        assert_eq!(report.findings, vec![], "{report:?}");
        assert_eq!(report.frame_size, 8);
        assert_eq!(report.undecodable, 0);
    }

    #[test]
    fn finds_sse_x87_mmx_avx() {
        let cases: [&[u8]; 6] = [
            &[0x0f, 0x28, 0xc8],       // movaps %xmm0,%xmm1
            &[0x66, 0x0f, 0xef, 0xc0], // pxor %xmm0,%xmm0
            &[0xd9, 0xe8],             // fld1
            &[0x0f, 0x77],             // emms
            &[0xc5, 0xf8, 0x77],       // vzeroupper
            &[0x0f, 0xae, 0x17],       // ldmxcsr (%rdi)
        ];
        for code in cases {
            let report = scan(code);
            assert!(
                matches!(
                    report.findings.as_slice(),
                    [InstructionFinding {
                        issue: CodeIssue::FloatingPoint { .. },
                        ..
                    }]
                ),
                "{code:02x?}: {report:?}"
            );
        }
    }

    #[test]
    fn rsp_below_zero_is_red_zone() {
        // mov %rdi,-8(%rsp); ret
        let report = scan(&[0x48, 0x89, 0x7c, 0x24, 0xf8, 0xc3]);
        assert!(matches!(
            report.findings.as_slice(),
            [InstructionFinding {
                issue: CodeIssue::RedZone {
                    via_frame_pointer: false,
                    displacement: -8,
                    ..
                },
                range_offset: 0,
                ..
            }]
        ));
        // lea -8(%rsp),%rax computes an address only.
        assert!(scan(&[0x48, 0x8d, 0x44, 0x24, 0xf8, 0xc3])
            .findings
            .is_empty());
    }

    #[test]
    fn rbp_accesses_checked_against_allocation() {
        // push %rbp; mov %rsp,%rbp; push %rbx; sub $16,%rsp;
        // mov %rdi,-24(%rbp); mov %rdi,-32(%rbp); add $16,%rsp; pop %rbx; pop %rbp; ret
        let code = [
            0x55, 0x48, 0x89, 0xe5, 0x53, 0x48, 0x83, 0xec, 0x10, 0x48, 0x89, 0x7d, 0xe8, 0x48,
            0x89, 0x7d, 0xe0, 0x48, 0x83, 0xc4, 0x10, 0x5b, 0x5d, 0xc3,
        ];
        let report = scan(&code);
        assert_eq!(report.frame_size, 8 + 8 + 16);
        assert!(
            matches!(
                report.findings.as_slice(),
                [InstructionFinding {
                    issue: CodeIssue::RedZone {
                        via_frame_pointer: true,
                        displacement: -32,
                        allowed: 24
                    },
                    ..
                }]
            ),
            "{report:?}"
        );
    }

    #[test]
    fn stack_probes_stay_in_the_prologue() {
        // push %rbp; mov %rsp,%rbp; sub $0x1000,%rsp; movq $0,(%rsp);
        // sub $0x1d0,%rsp; mov %r9,-0x11c4(%rbp); leave; ret
        let code = [
            0x55, 0x48, 0x89, 0xe5, 0x48, 0x81, 0xec, 0x00, 0x10, 0x00, 0x00, 0x48, 0xc7, 0x04,
            0x24, 0x00, 0x00, 0x00, 0x00, 0x48, 0x81, 0xec, 0xd0, 0x01, 0x00, 0x00, 0x4c, 0x89,
            0x8d, 0x3c, 0xee, 0xff, 0xff, 0xc9, 0xc3,
        ];
        let report = scan(&code);
        assert_eq!(report.frame_size, 8 + 0x1000 + 0x1d0);
        assert!(report.findings.is_empty(), "{report:?}");
    }

    #[test]
    fn frame_size_counts_enter_and_add_negative() {
        // enter $0x1000,$0; leave; ret
        assert_eq!(scan(&[0xc8, 0x00, 0x10, 0x00, 0xc9, 0xc3]).frame_size, 4096);
        // push %rbp; mov %rsp,%rbp; add $-128,%rsp; leave; ret
        let code = [0x55, 0x48, 0x89, 0xe5, 0x48, 0x83, 0xc4, 0x80, 0xc9, 0xc3];
        assert_eq!(scan(&code).frame_size, 8 + 128);
    }
}
