//! A bounds-checked reader for 64-bit little-endian ELF relocatable objects.
//!
//! Only what the verifier needs: the file header, section headers, section
//! names, symbols and relocations. Every read goes through [`Bytes`], so a
//! truncated or hostile file yields an [`ElfError`], never a panic.

use std::fmt;

pub const ELF_MAGIC: [u8; 4] = [0x7f, b'E', b'L', b'F'];
pub const ELFCLASS64: u8 = 2;
pub const ELFDATA2LSB: u8 = 1;
pub const EV_CURRENT: u32 = 1;

pub const ET_REL: u16 = 1;
pub const ET_EXEC: u16 = 2;
pub const ET_DYN: u16 = 3;
pub const ET_CORE: u16 = 4;
pub const EM_X86_64: u16 = 62;

pub const EHDR_SIZE: usize = 64;
pub const SHDR_SIZE: usize = 64;
pub const SYM_SIZE: usize = 24;
pub const REL_SIZE: usize = 16;
pub const RELA_SIZE: usize = 24;

pub const SHT_PROGBITS: u32 = 1;
pub const SHT_SYMTAB: u32 = 2;
pub const SHT_STRTAB: u32 = 3;
pub const SHT_RELA: u32 = 4;
pub const SHT_NOBITS: u32 = 8;
pub const SHT_REL: u32 = 9;
pub const SHT_DYNSYM: u32 = 11;
pub const SHT_INIT_ARRAY: u32 = 14;
pub const SHT_FINI_ARRAY: u32 = 15;
pub const SHT_X86_64_UNWIND: u32 = 0x7000_0001;

pub const SHF_WRITE: u64 = 0x1;
pub const SHF_ALLOC: u64 = 0x2;
pub const SHF_EXECINSTR: u64 = 0x4;
pub const SHF_TLS: u64 = 0x400;

pub const SHN_UNDEF: u16 = 0;
pub const SHN_LORESERVE: u16 = 0xff00;
pub const SHN_ABS: u16 = 0xfff1;
pub const SHN_COMMON: u16 = 0xfff2;

pub const STB_LOCAL: u8 = 0;
pub const STB_GLOBAL: u8 = 1;
pub const STB_WEAK: u8 = 2;

pub const STT_NOTYPE: u8 = 0;
pub const STT_OBJECT: u8 = 1;
pub const STT_FUNC: u8 = 2;
pub const STT_SECTION: u8 = 3;
pub const STT_FILE: u8 = 4;
pub const STT_TLS: u8 = 6;

/// Why a file could not be read as an ELF object at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElfError {
    /// A structure extends past the end of the file.
    Truncated {
        what: &'static str,
        offset: u64,
        len: u64,
    },
    /// A field holds a value that makes the rest of the file unreadable.
    Malformed(String),
}

impl fmt::Display for ElfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElfError::Truncated { what, offset, len } => write!(
                f,
                "{what} at file offset {offset:#x} ({len} bytes) runs past the end of the file"
            ),
            ElfError::Malformed(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for ElfError {}

/// A little-endian view of a byte slice where every read is checked.
#[derive(Clone, Copy)]
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn range(&self, what: &'static str, offset: u64, len: u64) -> Result<&'a [u8], ElfError> {
        let truncated = || ElfError::Truncated { what, offset, len };
        let start = usize::try_from(offset).map_err(|_| truncated())?;
        let size = usize::try_from(len).map_err(|_| truncated())?;
        let end = start.checked_add(size).ok_or_else(truncated)?;
        self.0.get(start..end).ok_or_else(truncated)
    }

    fn array<const N: usize>(&self, what: &'static str, offset: u64) -> Result<[u8; N], ElfError> {
        let slice = self.range(what, offset, N as u64)?;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }
}

/// Little-endian field readers over a structure already known to be in range.
fn field_u16(record: &[u8], at: usize) -> u16 {
    let mut raw = [0u8; 2];
    if let Some(src) = record.get(at..at.saturating_add(2)) {
        raw.copy_from_slice(src);
    }
    u16::from_le_bytes(raw)
}

fn field_u32(record: &[u8], at: usize) -> u32 {
    let mut raw = [0u8; 4];
    if let Some(src) = record.get(at..at.saturating_add(4)) {
        raw.copy_from_slice(src);
    }
    u32::from_le_bytes(raw)
}

fn field_u64(record: &[u8], at: usize) -> u64 {
    let mut raw = [0u8; 8];
    if let Some(src) = record.get(at..at.saturating_add(8)) {
        raw.copy_from_slice(src);
    }
    u64::from_le_bytes(raw)
}

/// The identification bytes and the fields of the file header we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHeader {
    pub class: u8,
    pub data: u8,
    pub ident_version: u8,
    pub file_type: u16,
    pub machine: u16,
    pub version: u32,
    pub section_header_offset: u64,
    pub section_header_entry_size: u16,
    pub section_count: u16,
    pub section_names_index: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHeader {
    pub name_offset: u32,
    pub kind: u32,
    pub flags: u64,
    pub offset: u64,
    pub size: u64,
    pub link: u32,
    pub info: u32,
    pub alignment: u64,
    pub entry_size: u64,
}

impl SectionHeader {
    pub fn is_alloc(&self) -> bool {
        self.flags & SHF_ALLOC != 0
    }

    pub fn is_exec(&self) -> bool {
        self.flags & SHF_EXECINSTR != 0
    }

    pub fn is_write(&self) -> bool {
        self.flags & SHF_WRITE != 0
    }

    /// The section types `link_elf_obj.c` copies into memory (when allocated).
    pub fn is_loadable_kind(&self) -> bool {
        matches!(
            self.kind,
            SHT_PROGBITS | SHT_NOBITS | SHT_X86_64_UNWIND | SHT_INIT_ARRAY | SHT_FINI_ARRAY
        )
    }

    /// Whether the kernel maps this section: allocated, non-empty, loadable type.
    pub fn is_loaded(&self) -> bool {
        self.size != 0 && self.is_alloc() && self.is_loadable_kind()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub index: usize,
    pub name: String,
    pub info: u8,
    pub section_index: u16,
    pub value: u64,
    pub size: u64,
}

impl Symbol {
    pub fn binding(&self) -> u8 {
        self.info >> 4
    }

    pub fn kind(&self) -> u8 {
        self.info & 0xf
    }

    pub fn is_undefined(&self) -> bool {
        self.section_index == SHN_UNDEF
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relocation {
    /// Offset of this entry inside its relocation section.
    pub entry_offset: u64,
    /// Offset inside the section the relocation applies to.
    pub offset: u64,
    pub kind: u32,
    pub symbol_index: u64,
    pub addend: i64,
}

/// A parsed object: header, sections and their names. Symbols and relocations
/// are read on demand because a malformed table should only spoil its own check.
pub struct ElfObject<'a> {
    bytes: Bytes<'a>,
    pub header: FileHeader,
    pub sections: Vec<SectionHeader>,
    section_names: Vec<String>,
}

/// Reads the file header alone; enough to decide whether the rest is worth reading.
pub fn read_file_header(data: &[u8]) -> Result<FileHeader, ElfError> {
    let bytes = Bytes(data);
    let ident: [u8; 16] = bytes.array("ELF identification", 0)?;
    if ident.get(..4) != Some(&ELF_MAGIC[..]) {
        return Err(ElfError::Malformed(
            "not an ELF file (bad magic number)".to_string(),
        ));
    }
    let raw = bytes.range("ELF file header", 0, EHDR_SIZE as u64)?;
    Ok(FileHeader {
        class: ident[4],
        data: ident[5],
        ident_version: ident[6],
        file_type: field_u16(raw, 16),
        machine: field_u16(raw, 18),
        version: field_u32(raw, 20),
        section_header_offset: field_u64(raw, 40),
        section_header_entry_size: field_u16(raw, 58),
        section_count: field_u16(raw, 60),
        section_names_index: field_u16(raw, 62),
    })
}

impl<'a> ElfObject<'a> {
    /// Reads the section table of a file whose header has already been accepted
    /// as ELF64 little-endian.
    pub fn parse(data: &'a [u8]) -> Result<Self, ElfError> {
        let bytes = Bytes(data);
        let header = read_file_header(data)?;
        if usize::from(header.section_header_entry_size) != SHDR_SIZE {
            return Err(ElfError::Malformed(format!(
                "section header entry size is {} bytes, expected {SHDR_SIZE}",
                header.section_header_entry_size
            )));
        }
        if header.section_count == 0 || header.section_header_offset == 0 {
            return Err(ElfError::Malformed(
                "no section header table (the kld linker needs one, and does not read extended section numbering)"
                    .to_string(),
            ));
        }
        let table_len = u64::from(header.section_count) * SHDR_SIZE as u64;
        let table = bytes.range(
            "section header table",
            header.section_header_offset,
            table_len,
        )?;
        let sections: Vec<SectionHeader> = table
            .chunks_exact(SHDR_SIZE)
            .map(|raw| SectionHeader {
                name_offset: field_u32(raw, 0),
                kind: field_u32(raw, 4),
                flags: field_u64(raw, 8),
                offset: field_u64(raw, 24),
                size: field_u64(raw, 32),
                link: field_u32(raw, 40),
                info: field_u32(raw, 44),
                alignment: field_u64(raw, 48),
                entry_size: field_u64(raw, 56),
            })
            .collect();
        let mut object = ElfObject {
            bytes,
            header,
            sections,
            section_names: Vec::new(),
        };
        object.section_names = object.read_section_names();
        Ok(object)
    }

    /// Section names, or a placeholder per section when the name table is
    /// missing or broken (names are for messages; the checks go by type).
    fn read_section_names(&self) -> Vec<String> {
        let strings = self
            .sections
            .get(usize::from(self.header.section_names_index))
            .filter(|s| s.kind == SHT_STRTAB && self.header.section_names_index != 0)
            .and_then(|s| self.bytes.range("section names", s.offset, s.size).ok());
        self.sections
            .iter()
            .enumerate()
            .map(|(index, section)| match strings {
                Some(table) => string_at(table, section.name_offset)
                    .unwrap_or_else(|| format!("<section {index}>")),
                None => format!("<section {index}>"),
            })
            .collect()
    }

    pub fn section_name(&self, index: usize) -> &str {
        self.section_names
            .get(index)
            .map(String::as_str)
            .unwrap_or("<no such section>")
    }

    /// The file bytes of a section (empty for `SHT_NOBITS`).
    pub fn section_data(&self, index: usize) -> Result<&'a [u8], ElfError> {
        let section = self
            .sections
            .get(index)
            .ok_or_else(|| ElfError::Malformed(format!("no section with index {index}")))?;
        if section.kind == SHT_NOBITS {
            return Ok(&[]);
        }
        self.bytes
            .range("section contents", section.offset, section.size)
    }

    /// Reads the symbols of the symbol table in section `index`, with names from
    /// the string table its `sh_link` names.
    pub fn symbols(&self, index: usize) -> Result<Vec<Symbol>, ElfError> {
        let table = self.section_data(index)?;
        let strings = self
            .sections
            .get(index)
            .and_then(|s| usize::try_from(s.link).ok())
            .filter(|&link| {
                self.sections
                    .get(link)
                    .is_some_and(|s| s.kind == SHT_STRTAB)
            })
            .ok_or_else(|| {
                ElfError::Malformed(format!(
                    "symbol table {} does not link to a string table",
                    self.section_name(index)
                ))
            })
            .and_then(|link| self.section_data(link))?;
        Ok(table
            .chunks_exact(SYM_SIZE)
            .enumerate()
            .map(|(index, raw)| {
                let name_offset = field_u32(raw, 0);
                Symbol {
                    index,
                    name: string_at(strings, name_offset)
                        .unwrap_or_else(|| format!("<bad name offset {name_offset:#x}>")),
                    info: raw.get(4).copied().unwrap_or(0),
                    section_index: field_u16(raw, 6),
                    value: field_u64(raw, 8),
                    size: field_u64(raw, 16),
                }
            })
            .collect())
    }

    /// Reads the entries of a `SHT_REL` or `SHT_RELA` section.
    pub fn relocations(&self, index: usize) -> Result<Vec<Relocation>, ElfError> {
        let kind = self.sections.get(index).map(|s| s.kind);
        let entry_size = match kind {
            Some(SHT_RELA) => RELA_SIZE,
            Some(SHT_REL) => REL_SIZE,
            _ => {
                return Err(ElfError::Malformed(format!(
                    "section {} is not a relocation section",
                    self.section_name(index)
                )))
            }
        };
        let table = self.section_data(index)?;
        Ok(table
            .chunks_exact(entry_size)
            .enumerate()
            .map(|(n, raw)| {
                let info = field_u64(raw, 8);
                Relocation {
                    entry_offset: (n as u64).saturating_mul(entry_size as u64),
                    offset: field_u64(raw, 0),
                    kind: (info & 0xffff_ffff) as u32,
                    symbol_index: info >> 32,
                    addend: if entry_size == RELA_SIZE {
                        field_u64(raw, 16) as i64
                    } else {
                        0
                    },
                }
            })
            .collect())
    }
}

/// The NUL-terminated string at `offset` in a string table, if it is one.
fn string_at(table: &[u8], offset: u32) -> Option<String> {
    let start = usize::try_from(offset).ok()?;
    let tail = table.get(start..)?;
    let len = tail.iter().position(|&b| b == 0)?;
    let raw = tail.get(..len)?;
    Some(String::from_utf8_lossy(raw).into_owned())
}

pub fn file_type_name(file_type: u16) -> &'static str {
    match file_type {
        0 => "ET_NONE",
        ET_REL => "ET_REL",
        ET_EXEC => "ET_EXEC",
        ET_DYN => "ET_DYN",
        ET_CORE => "ET_CORE",
        _ => "unknown",
    }
}
