//! amd64 relocation types: which ones FreeBSD's kld linker applies, and names
//! for the rest so a finding says what the compiler emitted.

/// The types `elf_reloc_internal()` in `sys/amd64/amd64/elf_machdep.c` handles.
/// Every other type makes `kldload` fail with "unexpected relocation type".
pub const ACCEPTED: [u32; 9] = [0, 1, 2, 4, 6, 7, 8, 11, 37];

pub fn is_accepted(kind: u32) -> bool {
    ACCEPTED.contains(&kind)
}

/// The psABI name of an x86-64 relocation type.
pub fn name(kind: u32) -> &'static str {
    match kind {
        0 => "R_X86_64_NONE",
        1 => "R_X86_64_64",
        2 => "R_X86_64_PC32",
        3 => "R_X86_64_GOT32",
        4 => "R_X86_64_PLT32",
        5 => "R_X86_64_COPY",
        6 => "R_X86_64_GLOB_DAT",
        7 => "R_X86_64_JUMP_SLOT",
        8 => "R_X86_64_RELATIVE",
        9 => "R_X86_64_GOTPCREL",
        10 => "R_X86_64_32",
        11 => "R_X86_64_32S",
        12 => "R_X86_64_16",
        13 => "R_X86_64_PC16",
        14 => "R_X86_64_8",
        15 => "R_X86_64_PC8",
        16 => "R_X86_64_DTPMOD64",
        17 => "R_X86_64_DTPOFF64",
        18 => "R_X86_64_TPOFF64",
        19 => "R_X86_64_TLSGD",
        20 => "R_X86_64_TLSLD",
        21 => "R_X86_64_DTPOFF32",
        22 => "R_X86_64_GOTTPOFF",
        23 => "R_X86_64_TPOFF32",
        24 => "R_X86_64_PC64",
        25 => "R_X86_64_GOTOFF64",
        26 => "R_X86_64_GOTPC32",
        27 => "R_X86_64_GOT64",
        28 => "R_X86_64_GOTPCREL64",
        29 => "R_X86_64_GOTPC64",
        30 => "R_X86_64_GOTPLT64",
        31 => "R_X86_64_PLTOFF64",
        32 => "R_X86_64_SIZE32",
        33 => "R_X86_64_SIZE64",
        34 => "R_X86_64_GOTPC32_TLSDESC",
        35 => "R_X86_64_TLSDESC_CALL",
        36 => "R_X86_64_TLSDESC",
        37 => "R_X86_64_IRELATIVE",
        38 => "R_X86_64_RELATIVE64",
        41 => "R_X86_64_GOTPCRELX",
        42 => "R_X86_64_REX_GOTPCRELX",
        43 => "R_X86_64_CODE_4_GOTPCRELX",
        44 => "R_X86_64_CODE_4_GOTTPOFF",
        45 => "R_X86_64_CODE_4_GOTPC32_TLSDESC",
        _ => "unknown",
    }
}

/// A hint at the usual cause, for the types a Rust or C build typically leaks.
pub fn hint(kind: u32) -> Option<&'static str> {
    match kind {
        3 | 9 | 26..=30 | 41..=43 => Some(
            "GOT access: build with -C relocation-model=static -C relro-level=off (C: -fno-pic)",
        ),
        10 => Some("small code model: build with -C code-model=kernel (C: -mcmodel=kernel)"),
        16..=23 | 34..=36 | 44 | 45 => Some("thread-local storage does not exist in the kernel"),
        5 => Some("copy relocations are for executables, never kernel objects"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exactly_the_kernel_list() {
        let accepted: Vec<u32> = (0..64).filter(|&k| is_accepted(k)).collect();
        assert_eq!(accepted, vec![0, 1, 2, 4, 6, 7, 8, 11, 37]);
        for rejected in [3, 5, 9, 10, 19, 23, 41, 42] {
            assert!(!is_accepted(rejected), "{}", name(rejected));
        }
    }

    #[test]
    fn names_the_common_offenders() {
        assert_eq!(name(9), "R_X86_64_GOTPCREL");
        assert_eq!(name(42), "R_X86_64_REX_GOTPCRELX");
        assert_eq!(name(10), "R_X86_64_32");
        assert!(hint(42).is_some_and(|h| h.contains("relro-level=off")));
        assert_eq!(name(1000), "unknown");
    }
}
