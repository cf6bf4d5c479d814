//! A small ELF64 relocatable-object writer, so the tests can build exactly the
//! (good and bad) objects they need without any external tool.

#![allow(dead_code)]

pub const SHT_PROGBITS: u32 = 1;
pub const SHT_SYMTAB: u32 = 2;
pub const SHT_STRTAB: u32 = 3;
pub const SHT_RELA: u32 = 4;
pub const SHT_NOBITS: u32 = 8;
pub const SHT_DYNSYM: u32 = 11;
pub const SHT_INIT_ARRAY: u32 = 14;

pub const SHF_WRITE: u64 = 0x1;
pub const SHF_ALLOC: u64 = 0x2;
pub const SHF_EXECINSTR: u64 = 0x4;
pub const SHF_TLS: u64 = 0x400;

pub const STB_LOCAL: u8 = 0;
pub const STB_GLOBAL: u8 = 1;
pub const STB_WEAK: u8 = 2;
pub const STT_NOTYPE: u8 = 0;
pub const STT_OBJECT: u8 = 1;
pub const STT_FUNC: u8 = 2;
pub const STT_SECTION: u8 = 3;
pub const STT_TLS: u8 = 6;

pub const SHN_UNDEF: u16 = 0;
pub const SHN_COMMON: u16 = 0xfff2;

pub const R_X86_64_64: u32 = 1;
pub const R_X86_64_PC32: u32 = 2;
pub const R_X86_64_PLT32: u32 = 4;
pub const R_X86_64_GOTPCREL: u32 = 9;
pub const R_X86_64_32: u32 = 10;
pub const R_X86_64_32S: u32 = 11;
pub const R_X86_64_TPOFF32: u32 = 23;
pub const R_X86_64_REX_GOTPCRELX: u32 = 42;

pub const ET_REL: u16 = 1;
pub const ET_EXEC: u16 = 2;
pub const ET_DYN: u16 = 3;
pub const EM_386: u16 = 3;
pub const EM_X86_64: u16 = 62;

/// Section link placeholder resolved to the symbol table's index at build time.
const LINK_SYMTAB: u32 = u32::MAX;

struct Section {
    name: String,
    kind: u32,
    flags: u64,
    data: Vec<u8>,
    /// Size for SHT_NOBITS (no file bytes).
    nobits_size: u64,
    link: u32,
    info: u32,
    alignment: u64,
    entry_size: u64,
}

struct Sym {
    name: String,
    info: u8,
    section: u16,
    value: u64,
    size: u64,
}

pub struct ElfBuilder {
    pub class: u8,
    pub file_type: u16,
    pub machine: u16,
    sections: Vec<Section>,
    symbols: Vec<Sym>,
    /// Emit a second, identical `.symtab` (the kld linker refuses that).
    pub second_symtab: bool,
}

impl Default for ElfBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ElfBuilder {
    pub fn new() -> Self {
        ElfBuilder {
            class: 2,
            file_type: ET_REL,
            machine: EM_X86_64,
            sections: Vec::new(),
            symbols: vec![Sym {
                name: String::new(),
                info: 0,
                section: 0,
                value: 0,
                size: 0,
            }],
            second_symtab: false,
        }
    }

    /// Adds a section and returns its index in the file (index 0 is the null section).
    pub fn section(&mut self, name: &str, kind: u32, flags: u64, data: &[u8]) -> u16 {
        self.sections.push(Section {
            name: name.to_string(),
            kind,
            flags,
            data: data.to_vec(),
            nobits_size: 0,
            link: 0,
            info: 0,
            alignment: 8,
            entry_size: 0,
        });
        self.sections.len() as u16
    }

    /// Sets a section's `sh_addralign` (8 unless set).
    pub fn align(&mut self, section: u16, alignment: u64) {
        if let Some(s) = self.sections.get_mut(usize::from(section).wrapping_sub(1)) {
            s.alignment = alignment;
        }
    }

    pub fn nobits(&mut self, name: &str, flags: u64, size: u64) -> u16 {
        let index = self.section(name, SHT_NOBITS, flags, &[]);
        if let Some(s) = self.sections.last_mut() {
            s.nobits_size = size;
        }
        index
    }

    pub fn text(&mut self, code: &[u8]) -> u16 {
        self.section(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, code)
    }

    /// Adds a symbol and returns its index in the symbol table.
    pub fn symbol(
        &mut self,
        name: &str,
        bind: u8,
        kind: u8,
        section: u16,
        value: u64,
        size: u64,
    ) -> u32 {
        self.symbols.push(Sym {
            name: name.to_string(),
            info: (bind << 4) | kind,
            section,
            value,
            size,
        });
        (self.symbols.len() - 1) as u32
    }

    pub fn function(&mut self, name: &str, section: u16, value: u64, size: u64) -> u32 {
        self.symbol(name, STB_GLOBAL, STT_FUNC, section, value, size)
    }

    pub fn undefined(&mut self, name: &str) -> u32 {
        self.symbol(name, STB_GLOBAL, STT_NOTYPE, SHN_UNDEF, 0, 0)
    }

    /// Adds `.rela<target name>` with entries `(offset, type, symbol, addend)`.
    pub fn rela(&mut self, target: u16, entries: &[(u64, u32, u32, i64)]) -> u16 {
        let mut data = Vec::new();
        for &(offset, kind, symbol, addend) in entries {
            data.extend_from_slice(&offset.to_le_bytes());
            data.extend_from_slice(&((u64::from(symbol) << 32) | u64::from(kind)).to_le_bytes());
            data.extend_from_slice(&addend.to_le_bytes());
        }
        let target_name = self
            .sections
            .get(usize::from(target) - 1)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let index = self.section(&format!(".rela{target_name}"), SHT_RELA, 0, &data);
        if let Some(s) = self.sections.last_mut() {
            s.link = LINK_SYMTAB;
            s.info = u32::from(target);
            s.entry_size = 24;
        }
        index
    }

    pub fn build(&self) -> Vec<u8> {
        let mut strtab = vec![0u8];
        let mut symtab = Vec::new();
        for sym in &self.symbols {
            let name = if sym.name.is_empty() {
                0
            } else {
                let at = strtab.len() as u32;
                strtab.extend_from_slice(sym.name.as_bytes());
                strtab.push(0);
                at
            };
            symtab.extend_from_slice(&name.to_le_bytes());
            symtab.push(sym.info);
            symtab.push(0);
            symtab.extend_from_slice(&sym.section.to_le_bytes());
            symtab.extend_from_slice(&sym.value.to_le_bytes());
            symtab.extend_from_slice(&sym.size.to_le_bytes());
        }
        let first_global = self
            .symbols
            .iter()
            .position(|s| s.info >> 4 != STB_LOCAL)
            .unwrap_or(self.symbols.len()) as u32;

        let symtab_index = self.sections.len() as u32 + 1;
        let strtab_index = symtab_index + 1 + u32::from(self.second_symtab);
        let mut all: Vec<Section> = self
            .sections
            .iter()
            .map(|s| Section {
                name: s.name.clone(),
                kind: s.kind,
                flags: s.flags,
                data: s.data.clone(),
                nobits_size: s.nobits_size,
                link: if s.link == LINK_SYMTAB {
                    symtab_index
                } else {
                    s.link
                },
                info: s.info,
                alignment: s.alignment,
                entry_size: s.entry_size,
            })
            .collect();
        let symtab_section = |name: &str| Section {
            name: name.to_string(),
            kind: SHT_SYMTAB,
            flags: 0,
            data: symtab.clone(),
            nobits_size: 0,
            link: strtab_index,
            info: first_global,
            alignment: 8,
            entry_size: 24,
        };
        all.push(symtab_section(".symtab"));
        if self.second_symtab {
            all.push(symtab_section(".symtab"));
        }
        all.push(Section {
            name: ".strtab".to_string(),
            kind: SHT_STRTAB,
            flags: 0,
            data: strtab,
            nobits_size: 0,
            link: 0,
            info: 0,
            alignment: 8,
            entry_size: 0,
        });
        all.push(Section {
            name: ".shstrtab".to_string(),
            kind: SHT_STRTAB,
            flags: 0,
            data: Vec::new(),
            nobits_size: 0,
            link: 0,
            info: 0,
            alignment: 8,
            entry_size: 0,
        });
        let mut shstrtab = vec![0u8];
        let mut name_offsets = Vec::new();
        for s in &all {
            name_offsets.push(shstrtab.len() as u32);
            shstrtab.extend_from_slice(s.name.as_bytes());
            shstrtab.push(0);
        }
        if let Some(last) = all.last_mut() {
            last.data = shstrtab;
        }
        let shstrndx = all.len() as u16;

        let mut out = vec![0u8; 64];
        let mut offsets = Vec::new();
        for s in &all {
            out.resize(out.len().next_multiple_of(8), 0);
            offsets.push(out.len() as u64);
            out.extend_from_slice(&s.data);
        }
        out.resize(out.len().next_multiple_of(8), 0);
        let shoff = out.len() as u64;
        out.extend_from_slice(&[0u8; 64]); // null section header
        for (n, s) in all.iter().enumerate() {
            let size = if s.kind == SHT_NOBITS {
                s.nobits_size
            } else {
                s.data.len() as u64
            };
            out.extend_from_slice(&name_offsets[n].to_le_bytes());
            out.extend_from_slice(&s.kind.to_le_bytes());
            out.extend_from_slice(&s.flags.to_le_bytes());
            out.extend_from_slice(&0u64.to_le_bytes()); // sh_addr
            out.extend_from_slice(&offsets[n].to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&s.link.to_le_bytes());
            out.extend_from_slice(&s.info.to_le_bytes());
            out.extend_from_slice(&s.alignment.to_le_bytes()); // sh_addralign
            out.extend_from_slice(&s.entry_size.to_le_bytes());
        }

        let header = &mut out[..64];
        header[..4].copy_from_slice(b"\x7fELF");
        header[4] = self.class;
        header[5] = 1; // little-endian
        header[6] = 1; // EV_CURRENT
        header[7] = 9; // ELFOSABI_FREEBSD
        header[16..18].copy_from_slice(&self.file_type.to_le_bytes());
        header[18..20].copy_from_slice(&self.machine.to_le_bytes());
        header[20..24].copy_from_slice(&1u32.to_le_bytes());
        header[40..48].copy_from_slice(&shoff.to_le_bytes());
        header[52..54].copy_from_slice(&64u16.to_le_bytes()); // e_ehsize
        header[58..60].copy_from_slice(&64u16.to_le_bytes()); // e_shentsize
        header[60..62].copy_from_slice(&(all.len() as u16 + 1).to_le_bytes());
        header[62..64].copy_from_slice(&shstrndx.to_le_bytes());
        out
    }
}

/// `push %rbp; mov %rsp,%rbp; sub $16,%rsp; mov %rdi,-8(%rbp); call <rel32>;
/// add $16,%rsp; pop %rbp; ret` — the call's rel32 is at offset 13.
pub const GOOD_FUNCTION: [u8; 23] = [
    0x55, 0x48, 0x89, 0xe5, 0x48, 0x83, 0xec, 0x10, 0x48, 0x89, 0x7d, 0xf8, 0xe8, 0x00, 0x00, 0x00,
    0x00, 0x48, 0x83, 0xc4, 0x10, 0x5d, 0xc3,
];
pub const GOOD_FUNCTION_CALL_OFFSET: u64 = 13;

/// A loadable object: one function calling the declared `copyin`, a data
/// word pointing at the function (on a page of its own), a `.bss`.
pub fn good_object() -> ElfBuilder {
    let mut elf = ElfBuilder::new();
    let text = elf.text(&GOOD_FUNCTION);
    let data = elf.section(".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, &[0u8; 8]);
    elf.align(data, 4096);
    elf.nobits(".bss", SHF_ALLOC | SHF_WRITE, 64);
    let function = elf.function("rjail_probe", text, 0, GOOD_FUNCTION.len() as u64);
    let copyin = elf.undefined("copyin");
    elf.rela(
        text,
        &[(GOOD_FUNCTION_CALL_OFFSET, R_X86_64_PLT32, copyin, -4)],
    );
    elf.rela(data, &[(0, R_X86_64_64, function, 0)]);
    elf
}

/// An object whose only function is `code`, named `name`.
pub fn object_with_function(name: &str, code: &[u8]) -> Vec<u8> {
    let mut elf = ElfBuilder::new();
    let text = elf.text(code);
    elf.function(name, text, 0, code.len() as u64);
    elf.build()
}

/// A deterministic xorshift64* generator: the fuzz tests must replay exactly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next_u64() % bound as u64) as usize
        }
    }
}
