//! The name/value iovec lists of `jail_set(2)` and `jail_get(2)`.
//!
//! Entry `2k` of the array is a parameter name (a NUL-terminated string),
//! entry `2k+1` its value: nothing for a boolean, the bytes of an `int`, a
//! NUL-terminated string, or an output buffer the kernel fills. An [`IovList`]
//! owns every buffer it points at, so the pointers it hands to the kernel stay
//! valid for as long as the list lives and is not changed.

use alloc::vec;
use alloc::vec::Vec;

/// `struct iovec` on amd64: base address and length, 16 bytes.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IoVec {
    pub base: u64,
    pub len: u64,
}

/// One half (name or value) of a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// Bytes owned by the list, passed with exactly this length.
    Owned(Vec<u8>),
    /// A null base with length 0 (a boolean's value).
    Null,
    /// An address the suite does not own, to provoke EFAULT.
    Foreign { addr: u64, len: u64 },
}

#[derive(Clone, Debug)]
struct Entry {
    name: Part,
    value: Part,
}

/// A parameter list being built for, or read back from, the kernel.
#[derive(Clone, Debug, Default)]
pub struct IovList {
    entries: Vec<Entry>,
    iov: Vec<IoVec>,
}

fn c_string(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 1);
    bytes.extend_from_slice(text.as_bytes());
    bytes.push(0);
    bytes
}

/// The text before the first NUL (all of it if there is none), if UTF-8.
pub fn until_nul(bytes: &[u8]) -> &str {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    bytes
        .get(..end)
        .and_then(|text| core::str::from_utf8(text).ok())
        .unwrap_or("<non-utf8>")
}

impl IovList {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, name: Part, value: Part) -> &mut Self {
        self.entries.push(Entry { name, value });
        self
    }

    /// A boolean parameter (`persist`, `nopersist`, `allow.mount`, ...).
    pub fn flag(&mut self, name: &str) -> &mut Self {
        self.push(Part::Owned(c_string(name)), Part::Null)
    }

    /// An `int` parameter (`jid`, `lastjid`, `children.max`, ...).
    pub fn int(&mut self, name: &str, value: i32) -> &mut Self {
        self.push(
            Part::Owned(c_string(name)),
            Part::Owned(value.to_ne_bytes().to_vec()),
        )
    }

    /// A string parameter, sent NUL-terminated.
    pub fn string(&mut self, name: &str, value: &str) -> &mut Self {
        self.push(Part::Owned(c_string(name)), Part::Owned(c_string(value)))
    }

    /// A parameter whose value is sent byte for byte (an address array
    /// such as `ip4.addr`).
    pub fn bytes(&mut self, name: &str, value: &[u8]) -> &mut Self {
        self.push(Part::Owned(c_string(name)), Part::Owned(value.to_vec()))
    }

    /// A zeroed buffer of `len` bytes for the kernel to fill.
    pub fn out_buffer(&mut self, name: &str, len: usize) -> &mut Self {
        self.push(Part::Owned(c_string(name)), Part::Owned(vec![0; len]))
    }

    /// The `errmsg` buffer, as libjail passes it.
    pub fn errmsg(&mut self) -> &mut Self {
        self.out_buffer("errmsg", crate::abi::ERRMSG_LEN)
    }

    /// A name sent byte for byte (no NUL added), with no value: for the
    /// malformed-name cases.
    pub fn raw_name(&mut self, name: &[u8]) -> &mut Self {
        self.push(Part::Owned(name.to_vec()), Part::Null)
    }

    /// A name whose address the suite does not own.
    pub fn foreign_name(&mut self, addr: u64, len: u64) -> &mut Self {
        self.push(Part::Foreign { addr, len }, Part::Null)
    }

    /// A string-valued parameter whose value address the suite does not own.
    pub fn foreign_value(&mut self, name: &str, addr: u64, len: u64) -> &mut Self {
        self.push(Part::Owned(c_string(name)), Part::Foreign { addr, len })
    }

    /// Number of iovec entries (twice the number of parameters).
    pub fn iov_count(&self) -> u32 {
        u32::try_from(self.entries.len().saturating_mul(2)).unwrap_or(u32::MAX)
    }

    /// Builds the iovec array and returns its address and entry count, ready
    /// for the system call. Valid until the list is next changed.
    pub fn prepare(&mut self) -> (u64, u32) {
        fn iovec(part: &mut Part) -> IoVec {
            match part {
                Part::Owned(bytes) => IoVec {
                    base: bytes.as_mut_ptr() as u64,
                    len: bytes.len() as u64,
                },
                Part::Null => IoVec::default(),
                Part::Foreign { addr, len } => IoVec {
                    base: *addr,
                    len: *len,
                },
            }
        }
        self.iov.clear();
        for entry in &mut self.entries {
            let name = iovec(&mut entry.name);
            let value = iovec(&mut entry.value);
            self.iov.push(name);
            self.iov.push(value);
        }
        (self.iov.as_mut_ptr() as u64, self.iov_count())
    }

    /// The iovec array as last prepared (and, after `jail_get`, as the
    /// kernel copied it back).
    pub fn iovecs(&self) -> &[IoVec] {
        &self.iov
    }

    fn position(&self, name: &str) -> Option<usize> {
        let wanted = c_string(name);
        self.entries
            .iter()
            .rposition(|entry| entry.name == Part::Owned(wanted.clone()))
    }

    /// The value buffer of parameter `name` (the last one of that name).
    pub fn value(&self, name: &str) -> Option<&[u8]> {
        match &self.entries.get(self.position(name)?)?.value {
            Part::Owned(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The value buffer of parameter `name`, to change a value in place
    /// (same length) between calls without building a new list.
    pub fn value_mut(&mut self, name: &str) -> Option<&mut [u8]> {
        let index = self.position(name)?;
        match &mut self.entries.get_mut(index)?.value {
            Part::Owned(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The value length the kernel left in the iovec of parameter `name`.
    pub fn returned_len(&self, name: &str) -> Option<u64> {
        let index = self.position(name)?.checked_mul(2)?.checked_add(1)?;
        self.iov.get(index).map(|iov| iov.len)
    }

    /// An `int` value read back from its buffer.
    pub fn int_value(&self, name: &str) -> Option<i32> {
        let bytes: [u8; 4] = self.value(name)?.try_into().ok()?;
        Some(i32::from_ne_bytes(bytes))
    }

    /// A string value read back from its buffer, up to the first NUL.
    pub fn string_value(&self, name: &str) -> Option<&str> {
        self.value(name).map(until_nul)
    }

    /// The text the kernel wrote into `errmsg` ("" when it wrote nothing).
    pub fn errmsg_text(&self) -> &str {
        self.string_value("errmsg").unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the NUL-terminated string an iovec points at.
    fn string_at(iov: &IoVec) -> String {
        // SAFETY: in these tests every owned iovec points into the list's own
        // live buffers, of exactly `len` bytes.
        let bytes = unsafe { std::slice::from_raw_parts(iov.base as *const u8, iov.len as usize) };
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn names_and_values_alternate_with_exact_lengths() {
        let mut list = IovList::new();
        list.string("name", "kt")
            .flag("persist")
            .int("jid", 7)
            .errmsg();
        let (_, count) = list.prepare();
        assert_eq!(count, 8);
        let iov = list.iovecs();
        assert_eq!(string_at(&iov[0]), "name\0");
        assert_eq!(string_at(&iov[1]), "kt\0");
        assert_eq!(string_at(&iov[2]), "persist\0");
        // A boolean has no value at all, not an empty buffer.
        assert_eq!(iov[3], IoVec { base: 0, len: 0 });
        assert_eq!(string_at(&iov[4]), "jid\0");
        assert_eq!(iov[5].len, 4);
        // SAFETY: iov[5] points at the 4-byte value buffer of "jid".
        let jid = unsafe { (iov[5].base as *const i32).read_unaligned() };
        assert_eq!(jid, 7);
        assert_eq!(iov[7].len, 1024);
    }

    #[test]
    fn values_written_through_the_pointers_read_back() {
        let mut list = IovList::new();
        list.int("jid", 0).out_buffer("name", 16).errmsg();
        list.prepare();
        let iov = list.iovecs().to_vec();
        // Play the kernel: write through the pointers handed out.
        // SAFETY: the pointers address the list's own buffers (4 and 16
        // bytes), still alive and not borrowed elsewhere.
        unsafe {
            (iov[1].base as *mut i32).write_unaligned(42);
            core::ptr::copy_nonoverlapping(b"kt.a\0junk".as_ptr(), iov[3].base as *mut u8, 9);
        }
        assert_eq!(list.int_value("jid"), Some(42));
        assert_eq!(list.string_value("name"), Some("kt.a"));
        assert_eq!(list.errmsg_text(), "");
        assert_eq!(list.returned_len("name"), Some(16));
    }

    #[test]
    fn byte_values_go_out_unterminated() {
        let mut list = IovList::new();
        list.bytes("ip4.addr", &[10, 1, 2, 3, 10, 1, 2, 4]);
        list.prepare();
        let iov = list.iovecs();
        assert_eq!(string_at(&iov[0]), "ip4.addr\0");
        // Two in_addr, no NUL: the kernel reads the length as the count.
        assert_eq!(iov[1].len, 8);
        assert_eq!(
            list.value("ip4.addr"),
            Some(&[10, 1, 2, 3, 10, 1, 2, 4][..])
        );
    }

    #[test]
    fn malformed_entries_are_sent_as_given() {
        let mut list = IovList::new();
        list.raw_name(b"persist")
            .foreign_name(8, 5)
            .foreign_value("path", 16, 2);
        list.prepare();
        let iov = list.iovecs();
        // No NUL appended to a raw name.
        assert_eq!(iov[0].len, 7);
        assert_eq!(iov[2], IoVec { base: 8, len: 5 });
        assert_eq!(iov[5], IoVec { base: 16, len: 2 });
    }

    #[test]
    fn the_last_parameter_of_a_name_wins_on_read_back() {
        let mut list = IovList::new();
        list.int("jid", 1).int("jid", 2);
        assert_eq!(list.int_value("jid"), Some(2));
        assert_eq!(list.int_value("name"), None);
    }

    #[test]
    fn until_nul_stops_at_the_first_nul_or_the_end() {
        assert_eq!(until_nul(b"abc\0def"), "abc");
        assert_eq!(until_nul(b"abc"), "abc");
        assert_eq!(until_nul(b"\0"), "");
    }
}
