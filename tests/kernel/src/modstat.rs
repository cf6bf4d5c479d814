//! `struct module_stat` as `modstat(2)` fills it.
//!
//! FreeBSD 15 knows three layouts, told apart by the size the caller writes
//! into `version`. The suite uses the second one (names up to 32 bytes, with
//! the module's data), whose amd64 layout is: `int version` at 0,
//! `char name[32]` at 4, `int refs` at 36, `int id` at 40, and the data union
//! (`int`/`long`, 8-aligned) at 48; 56 bytes in all. A system call module
//! keeps its syscall number in the union's `int`.

use alloc::string::String;

/// Size of the version 2 `struct module_stat`; also its `version` value.
pub const MODULE_STAT_V2_SIZE: usize = 56;

/// An empty request: zeroed, with `version` announcing the layout.
pub fn request() -> [u8; MODULE_STAT_V2_SIZE] {
    let mut buf = [0u8; MODULE_STAT_V2_SIZE];
    buf[..4].copy_from_slice(&(MODULE_STAT_V2_SIZE as i32).to_ne_bytes());
    buf
}

/// What the suite reads from a filled-in `struct module_stat`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleStat {
    pub name: String,
    pub refs: i32,
    pub id: i32,
    /// `data.intval`: the system call number of a syscall module.
    pub data_int: i32,
}

fn i32_at(buf: &[u8; MODULE_STAT_V2_SIZE], offset: usize) -> i32 {
    let mut bytes = [0u8; 4];
    if let Some(field) = buf.get(offset..offset + 4) {
        bytes.copy_from_slice(field);
    }
    i32::from_ne_bytes(bytes)
}

/// Decodes a buffer `modstat(2)` filled in.
pub fn parse(buf: &[u8; MODULE_STAT_V2_SIZE]) -> ModuleStat {
    let name_field = buf.get(4..36).unwrap_or(&[]);
    ModuleStat {
        name: String::from(crate::iov::until_nul(name_field)),
        refs: i32_at(buf, 36),
        id: i32_at(buf, 40),
        data_int: i32_at(buf, 48),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_announces_the_v2_size() {
        let buf = request();
        assert_eq!(&buf[..4], &56i32.to_le_bytes());
        assert!(buf[4..].iter().all(|&b| b == 0));
    }

    #[test]
    fn parse_reads_each_field_at_its_offset() {
        let mut buf = request();
        buf[4..4 + 10].copy_from_slice(b"sys/rjail\0");
        buf[36..40].copy_from_slice(&3i32.to_le_bytes());
        buf[40..44].copy_from_slice(&517i32.to_le_bytes());
        // The union is 8 bytes; intval is its low half on amd64.
        buf[48..56].copy_from_slice(&210i64.to_le_bytes());
        assert_eq!(
            parse(&buf),
            ModuleStat {
                name: "sys/rjail".into(),
                refs: 3,
                id: 517,
                data_int: 210
            }
        );
    }

    #[test]
    fn a_name_filling_all_32_bytes_does_not_run_into_refs() {
        let mut buf = request();
        buf[4..36].copy_from_slice(&[b'x'; 32]);
        buf[36..40].copy_from_slice(&1i32.to_le_bytes());
        let stat = parse(&buf);
        assert_eq!(stat.name.len(), 32);
        assert_eq!(stat.refs, 1);
    }
}
