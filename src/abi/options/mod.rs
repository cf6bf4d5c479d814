//! The iovec name/value protocol of `jail_set(2)` and `jail_get(2)`.
//!
//! A call passes `niov` iovecs: `iov[2k]` is the NUL-terminated name of
//! option `k`, `iov[2k+1]` its value (zero length: no value, as booleans are
//! sent). FreeBSD parses them with the mount-option code; this module does
//! the same steps with the same errnos and in the same order:
//!
//! 1. [`read_iovecs`]: the even-count check of `sys_jail_set`/`sys_jail_get`
//!    (`sys/kern/kern_jail.c`) and `copyinuio` (`sys/kern/subr_uio.c`);
//! 2. [`UserIoVecs::build_options`]: `vfs_buildopts` + `vfs_sanitizeopts`
//!    (`sys/kern/vfs_mount.c`). The system call checks its `flags` between
//!    the two steps, as `kern_jail_set`/`kern_jail_get` do;
//! 3. the [`OptionList`] accessors, after `vfs_getopt`, `vfs_copyopt`,
//!    `vfs_getopts`, `vfs_flagopt`, `vfs_setopt`, `vfs_setopts`,
//!    `vfs_setopt_part` and `vfs_opterror` (`sys/kern/vfs_mount.c`);
//! 4. the write-backs of `kern_jail_set`, `kern_jail_get` and
//!    `sys_jail_get` (`sys/kern/kern_jail.c`).
//!
//! One deliberate difference: FreeBSD 15.0 panics when `jail_set`'s option
//! list fails to parse (it frees a list it never built); rjail returns the
//! intended EINVAL/EFAULT and leaves `errmsg` untouched.
//!
//! The steps live in submodules: [`decode`] (steps 1 and 2, and the lists
//! the kernel builds itself), `lookup` (the reading accessors of
//! `jail_set`), `write_back` (the setters of `jail_get`, `errmsg`, and
//! step 4).

use alloc::vec::Vec;
use core::cell::Cell;

use static_assertions::const_assert_eq;

use super::consts::IOVEC_SIZE;

mod decode;
mod lookup;
mod write_back;

#[cfg(test)]
mod tests;

pub use decode::{equal_option_names, read_iovecs, read_options, UserIoVecs};

#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct IoVec {
    pub base: u64,
    pub len: u64,
}

const_assert_eq!(core::mem::size_of::<IoVec>(), IOVEC_SIZE);
const_assert_eq!(core::mem::align_of::<IoVec>(), 8);

impl IoVec {
    /// Decodes one record as amd64 lays it out.
    pub fn from_bytes(bytes: [u8; IOVEC_SIZE]) -> IoVec {
        let (base, len) = bytes.split_at(8);
        IoVec {
            base: u64::from_ne_bytes(base.try_into().unwrap_or_default()),
            len: u64::from_ne_bytes(len.try_into().unwrap_or_default()),
        }
    }

    /// Encodes one record as amd64 lays it out.
    pub fn to_bytes(self) -> [u8; IOVEC_SIZE] {
        let mut out = [0; IOVEC_SIZE];
        let (base, len) = out.split_at_mut(8);
        base.copy_from_slice(&self.base.to_ne_bytes());
        len.copy_from_slice(&self.len.to_ne_bytes());
        out
    }
}

/// Encodes an iovec array as it lies in user memory.
pub fn encode_iovecs(records: &[IoVec]) -> Vec<u8> {
    records.iter().flat_map(|r| r.to_bytes()).collect()
}

#[derive(Debug)]
pub struct Opt {
    /// The name (without its NUL) followed by the kernel's copy of the
    /// value: one allocation per option.
    bytes: Vec<u8>,
    name_len: usize,
    /// Whether the caller sent a value buffer (a zero length sends none).
    has_value: bool,
    /// The value's length; differs from the buffer's only when a jail_get
    /// setter recorded the length a value-less option would need.
    len: usize,
    pos: usize,
    seen: Cell<bool>,
}

impl Opt {
    /// The name, without its NUL.
    pub fn name(&self) -> &[u8] {
        self.bytes.get(..self.name_len).unwrap_or_default()
    }
    /// Whether the option is called `name`. The lookups ask this of every
    /// option for every parameter: the length test settles nearly all.
    fn is_named(&self, name: &[u8]) -> bool {
        self.name_len == name.len() && self.name() == name
    }
    /// Whether the option is `name` negated ([`is_negation_of`]).
    fn negates(&self, name: &[u8]) -> bool {
        self.name_len == name.len() + 2 && is_negation_of(self.name(), name)
    }
    /// The value as sent; `None` when the caller sent no buffer.
    pub fn value(&self) -> Option<&[u8]> {
        self.has_value
            .then(|| self.bytes.get(self.name_len..).unwrap_or_default())
    }
    /// The kernel's copy of the value, for a jail_get write-back.
    fn value_mut(&mut self) -> Option<&mut [u8]> {
        if self.has_value {
            self.bytes.get_mut(self.name_len..)
        } else {
            None
        }
    }
    /// Keeps the first `len` bytes of the value.
    fn truncate_value(&mut self, len: usize) {
        self.bytes.truncate(self.name_len.saturating_add(len));
    }
    /// An option of `name` and `value` (`None`: no buffer), first in the
    /// caller's list at `pos`.
    fn new(name: &[u8], value: Option<&[u8]>, pos: usize) -> Self {
        let value_len = value.map_or(0, <[u8]>::len);
        let mut bytes = Vec::with_capacity(name.len() + value_len);
        bytes.extend_from_slice(name);
        bytes.extend_from_slice(value.unwrap_or_default());
        Opt {
            bytes,
            name_len: name.len(),
            has_value: value.is_some(),
            len: value_len,
            pos,
            seen: Cell::new(false),
        }
    }
    /// The value's length (`opt->len`).
    pub fn len(&self) -> usize {
        self.len
    }
    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Index of the option in the caller's list: its name is `iov[2*pos]`.
    pub fn pos(&self) -> usize {
        self.pos
    }
    /// Whether some accessor consumed the option.
    pub fn seen(&self) -> bool {
        self.seen.get()
    }
}

/// A parsed option list (`struct vfsoptlist`) and the kernel's copy of the
/// caller's iovec array, for the write-backs.
#[derive(Debug)]
pub struct OptionList {
    opts: Vec<Opt>,
    iovecs: Vec<IoVec>,
}

/// Whether `candidate` is `name` with `no` put before its last component
/// (`persist` → `nopersist`, `allow.mount.devfs` → `allow.mount.nodevfs`).
fn is_negation_of(candidate: &[u8], name: &[u8]) -> bool {
    // Called for every option against every boolean parameter: the length
    // test rules out nearly all pairs before any byte is compared.
    if candidate.len() != name.len() + 2 {
        return false;
    }
    let split = name
        .iter()
        .rposition(|&c| c == b'.')
        .map_or(0, |dot| dot + 1);
    let (prefix, last) = name.split_at(split);
    candidate
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(b"no"))
        == Some(last)
}

impl OptionList {
    /// The index of option `name`, without marking it seen.
    fn find(&self, name: &str) -> Option<usize> {
        self.opts.iter().position(|o| o.is_named(name.as_bytes()))
    }

    /// Whether some option's name starts with `prefix` (its negations
    /// too when the prefix ends in a dot: `allow.` covers `allow.nomount`).
    /// Lets a caller skip a whole family of lookups that cannot match.
    pub fn any_under(&self, prefix: &str) -> bool {
        self.opts
            .iter()
            .any(|o| o.name().starts_with(prefix.as_bytes()))
    }

    /// Every option, in the caller's order.
    pub fn iter(&self) -> impl Iterator<Item = &Opt> {
        self.opts.iter()
    }

    /// Number of options left after sanitising.
    pub fn len(&self) -> usize {
        self.opts.len()
    }

    /// Whether no option is left.
    pub fn is_empty(&self) -> bool {
        self.opts.is_empty()
    }
}
