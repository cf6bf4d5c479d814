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

use alloc::vec;
use alloc::vec::Vec;
use core::cell::Cell;

use static_assertions::const_assert_eq;

use super::consts::{IOSIZE_MAX, IOVEC_SIZE, UIO_MAXIOV, VFSOPT_SIZE, VFS_MOUNTARG_SIZE_MAX};
use super::{user_address, UserMemory};
use crate::errno::{Errno, KResult};

/// One amd64 `struct iovec`, pointer kept as a number.
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

/// The kernel's copy of the caller's iovec array (what `copyinuio` returns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserIoVecs {
    records: Vec<IoVec>,
}

/// Copies in the iovec array of a `jail_set`/`jail_get` call.
///
/// EINVAL for an odd count (`sys_jail_set`, `sys_jail_get` in
/// `sys/kern/kern_jail.c`); then as `copyinuio` (`sys/kern/subr_uio.c`):
/// EINVAL for more than [`UIO_MAXIOV`] records, EFAULT if the array cannot be
/// read, EINVAL if the lengths add up to more than `SSIZE_MAX`.
pub fn read_iovecs(
    mem: &(impl UserMemory + ?Sized),
    iov_uaddr: usize,
    niov: u32,
) -> KResult<UserIoVecs> {
    if niov & 1 != 0 || niov > UIO_MAXIOV {
        return Err(Errno::EINVAL);
    }
    let count = niov as usize;
    // Small arrays (every libjail call) go through the stack, not malloc.
    let mut small = [0u8; 16 * IOVEC_SIZE];
    let mut large = Vec::new();
    let raw: &mut [u8] = match small.get_mut(..count * IOVEC_SIZE) {
        Some(raw) => raw,
        None => {
            large.resize(count * IOVEC_SIZE, 0);
            &mut large
        }
    };
    mem.copyin(iov_uaddr, raw)?;
    let records: Vec<IoVec> = raw
        .chunks_exact(IOVEC_SIZE)
        .map(|chunk| IoVec::from_bytes(chunk.try_into().unwrap_or_default()))
        .collect();
    let mut total: u64 = 0;
    for record in &records {
        if record.len > IOSIZE_MAX - total {
            return Err(Errno::EINVAL);
        }
        total += record.len;
    }
    Ok(UserIoVecs { records })
}

/// Copies in and parses the option list of a `jail_set`/`jail_get` call:
/// [`read_iovecs`] then [`UserIoVecs::build_options`]. A system call that
/// checks its flags between the two steps (as FreeBSD's do) calls them
/// separately.
pub fn read_options(
    mem: &(impl UserMemory + ?Sized),
    iov_uaddr: usize,
    niov: u32,
) -> KResult<OptionList> {
    read_iovecs(mem, iov_uaddr, niov)?.build_options(mem)
}

impl UserIoVecs {
    /// The records as copied in.
    pub fn records(&self) -> &[IoVec] {
        &self.records
    }

    /// Copies in every name and value, as `vfs_buildopts`
    /// (`sys/kern/vfs_mount.c`) does, option by option:
    ///
    /// * EINVAL once the running total (each option counted as the kernel's
    ///   48-byte `struct vfsopt` plus its name and value lengths), or one
    ///   name or value length, exceeds [`VFS_MOUNTARG_SIZE_MAX`];
    /// * the name copied in (EFAULT); EINVAL if it is empty or its last
    ///   byte is not NUL (the name is the C string up to the first NUL);
    /// * a non-empty value copied in (EFAULT); an empty one is "no value".
    ///
    /// Then drops every option that a later one repeats, the later one
    /// winning (`vfs_sanitizeopts`, see [`equal_option_names`]).
    pub fn build_options(self, mem: &(impl UserMemory + ?Sized)) -> KResult<OptionList> {
        let mut opts = Vec::with_capacity(self.records.len() / 2);
        let mut used: u64 = 0;
        let limit = VFS_MOUNTARG_SIZE_MAX as u64;
        for (pos, pair) in self.records.chunks_exact(2).enumerate() {
            let (name_iov, value_iov) = match pair {
                [name, value] => (name, value),
                _ => return Err(Errno::EINVAL),
            };
            used = used
                .saturating_add(VFSOPT_SIZE as u64)
                .saturating_add(value_iov.len)
                .saturating_add(name_iov.len);
            if used > limit || value_iov.len > limit || name_iov.len > limit {
                return Err(Errno::EINVAL);
            }
            // Both lengths are at most 64 KiB from here on.
            let mut name = vec![0u8; name_iov.len as usize];
            mem.copyin(user_address(name_iov.base)?, &mut name)?;
            if name.last() != Some(&0) {
                return Err(Errno::EINVAL);
            }
            let c_len = name.iter().position(|&b| b == 0).unwrap_or(name.len());
            name.truncate(c_len);
            let value = if value_iov.len == 0 {
                None
            } else {
                let mut value = vec![0u8; value_iov.len as usize];
                mem.copyin(user_address(value_iov.base)?, &mut value)?;
                Some(value)
            };
            opts.push(Opt {
                name,
                len: value.as_ref().map_or(0, Vec::len),
                value,
                pos,
                seen: Cell::new(false),
            });
        }
        Ok(OptionList {
            opts: sanitize(opts),
            iovecs: self.records,
        })
    }
}

/// Whether two option names denote the same option, as `vfs_equalopts`
/// (`sys/kern/vfs_mount.c`) decides: equal names; one is the other with a
/// `no` prefix; the same after a common dotted prefix (`a.foo`/`a.nofoo`,
/// also `a.nob.c`/`a.b.c`); or both among `ro`, `rdonly`, `norw`, `rw`,
/// `noro`.
pub fn equal_option_names(first: &[u8], second: &[u8]) -> bool {
    fn one_negates_other(a: &[u8], b: &[u8]) -> bool {
        a.strip_prefix(b"no") == Some(b) || b.strip_prefix(b"no") == Some(a)
    }
    fn is_read_write_option(name: &[u8]) -> bool {
        matches!(name, b"ro" | b"rdonly" | b"norw" | b"rw" | b"noro")
    }

    if first == second || one_negates_other(first, second) {
        return true;
    }
    let (mut a, mut b) = (first, second);
    while let Some(dot) = a.iter().position(|&c| c == b'.') {
        let (prefix, rest) = a.split_at(dot + 1);
        if !b.starts_with(prefix) {
            break;
        }
        a = rest;
        b = b.get(prefix.len()..).unwrap_or_default();
        if one_negates_other(a, b) {
            return true;
        }
    }
    is_read_write_option(first) && is_read_write_option(second)
}

/// `vfs_sanitizeopts`: from the last option backwards, each surviving option
/// removes every earlier one it equals.
fn sanitize(opts: Vec<Opt>) -> Vec<Opt> {
    // Most lists repeat nothing: keep them as they are, without copying.
    let repeats = opts.iter().enumerate().any(|(i, later)| {
        opts.get(..i)
            .unwrap_or_default()
            .iter()
            .any(|earlier| equal_option_names(&later.name, &earlier.name))
    });
    if !repeats {
        return opts;
    }
    let mut alive = vec![true; opts.len()];
    for later in (0..opts.len()).rev() {
        if !alive.get(later).copied().unwrap_or(false) {
            continue;
        }
        for earlier in 0..later {
            if let (Some(a), Some(b)) = (opts.get(later), opts.get(earlier)) {
                if equal_option_names(&a.name, &b.name) {
                    if let Some(flag) = alive.get_mut(earlier) {
                        *flag = false;
                    }
                }
            }
        }
    }
    opts.into_iter()
        .zip(alive)
        .filter_map(|(opt, keep)| keep.then_some(opt))
        .collect()
}

/// One option (`struct vfsopt`).
#[derive(Debug)]
pub struct Opt {
    name: Vec<u8>,
    /// The kernel's copy of the value; `None` when the caller sent no
    /// buffer (zero length).
    value: Option<Vec<u8>>,
    /// The value's length; differs from the buffer's only when a jail_get
    /// setter recorded the length a value-less option would need.
    len: usize,
    pos: usize,
    seen: Cell<bool>,
}

impl Opt {
    /// The name, without its NUL.
    pub fn name(&self) -> &[u8] {
        &self.name
    }
    /// The value as sent; `None` when the caller sent no buffer.
    pub fn value(&self) -> Option<&[u8]> {
        self.value.as_deref()
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
    /// An option list built by the kernel itself (what `kern_jail` builds in
    /// kernel space for `jail(2)`): names without their NUL, values as they
    /// would be sent (strings with their NUL; empty for "no value"). The
    /// size limits of [`UserIoVecs::build_options`] apply (EINVAL), as
    /// `vfs_buildopts` applies them to kernel-space lists too, and repeated
    /// names are sanitised. There is no user iovec array, so the write-backs
    /// do nothing.
    pub fn from_pairs<N, V>(pairs: impl IntoIterator<Item = (N, V)>) -> KResult<OptionList>
    where
        N: AsRef<[u8]>,
        V: AsRef<[u8]>,
    {
        let limit = VFS_MOUNTARG_SIZE_MAX;
        let mut used: usize = 0;
        let mut opts = Vec::new();
        for (pos, (name, value)) in pairs.into_iter().enumerate() {
            let (name, value) = (name.as_ref(), value.as_ref());
            let name_len = name.len().saturating_add(1);
            used = used
                .saturating_add(VFSOPT_SIZE)
                .saturating_add(value.len())
                .saturating_add(name_len);
            if used > limit || value.len() > limit || name_len > limit {
                return Err(Errno::EINVAL);
            }
            let c_len = name.iter().position(|&b| b == 0).unwrap_or(name.len());
            if c_len == 0 {
                return Err(Errno::EINVAL);
            }
            opts.push(Opt {
                name: name.get(..c_len).unwrap_or_default().to_vec(),
                value: (!value.is_empty()).then(|| value.to_vec()),
                len: value.len(),
                pos,
                seen: Cell::new(false),
            });
        }
        Ok(OptionList {
            opts: sanitize(opts),
            iovecs: Vec::new(),
        })
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.opts.iter().position(|o| o.name == name.as_bytes())
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

    /// The option called `name`, marked seen (`vfs_getopt`).
    pub fn get(&self, name: &str) -> Option<&Opt> {
        let opt = self.opts.get(self.find(name)?)?;
        opt.seen.set(true);
        Some(opt)
    }

    /// The position of option `name` in the caller's list, marked seen
    /// (`vfs_getopt_pos`).
    pub fn pos(&self, name: &str) -> Option<usize> {
        self.get(name).map(Opt::pos)
    }

    /// The value length of option `name`, marked seen.
    pub fn len_of(&self, name: &str) -> Option<usize> {
        self.get(name).map(Opt::len)
    }

    /// `vfs_copyopt`: absent → `Ok(false)`; present with a value of exactly
    /// `dst.len()` bytes → copied, `Ok(true)`; any other length (including
    /// no value) → EINVAL.
    pub fn copy_exact(&self, name: &str, dst: &mut [u8]) -> KResult<bool> {
        let Some(opt) = self.get(name) else {
            return Ok(false);
        };
        if opt.len != dst.len() {
            return Err(Errno::EINVAL);
        }
        match &opt.value {
            Some(value) if value.len() == dst.len() => dst.copy_from_slice(value),
            None if dst.is_empty() => {}
            _ => return Err(Errno::EINVAL),
        }
        Ok(true)
    }

    /// An `int` option ([`Self::copy_exact`] with 4 bytes).
    pub fn copy_i32(&self, name: &str) -> KResult<Option<i32>> {
        let mut buf = [0; 4];
        Ok(self
            .copy_exact(name, &mut buf)?
            .then(|| i32::from_ne_bytes(buf)))
    }

    /// An `unsigned int` option ([`Self::copy_exact`] with 4 bytes).
    pub fn copy_u32(&self, name: &str) -> KResult<Option<u32>> {
        let mut buf = [0; 4];
        Ok(self
            .copy_exact(name, &mut buf)?
            .then(|| u32::from_ne_bytes(buf)))
    }

    /// An `unsigned long` option ([`Self::copy_exact`] with 8 bytes).
    pub fn copy_u64(&self, name: &str) -> KResult<Option<u64>> {
        let mut buf = [0; 8];
        Ok(self
            .copy_exact(name, &mut buf)?
            .then(|| u64::from_ne_bytes(buf)))
    }

    /// `vfs_getopts`: absent → `Ok(None)`; no value or a value whose last
    /// byte is not NUL → EINVAL; otherwise the C string (up to its first
    /// NUL, without it). Length limits are the caller's: they apply to the
    /// whole value, [`Opt::len`], as in `kern_jail_set`.
    pub fn get_string(&self, name: &str) -> KResult<Option<&[u8]>> {
        let Some(opt) = self.get(name) else {
            return Ok(None);
        };
        match opt.value.as_deref() {
            Some(value) if value.last() == Some(&0) => {
                let end = value.iter().position(|&b| b == 0).unwrap_or(value.len());
                Ok(value.get(..end))
            }
            _ => Err(Errno::EINVAL),
        }
    }

    /// A boolean parameter: `Some(true)` if `name` was given, `Some(false)`
    /// if its negation (`no` before the last component) was, `None` if
    /// neither. The value is ignored (a `persist` sent with a 4-byte 0 is
    /// still "persist"), as `vfs_flagopt` ignores it. Both names are marked
    /// seen.
    pub fn flag(&self, name: &str) -> Option<bool> {
        let mut result = None;
        for opt in &self.opts {
            if opt.name == name.as_bytes() {
                opt.seen.set(true);
                result = Some(true);
            } else if is_negation_of(&opt.name, name.as_bytes()) {
                opt.seen.set(true);
                result = result.or(Some(false));
            }
        }
        result
    }

    /// The first option nothing consumed, other than `errmsg`: the subject
    /// of "unknown parameter: %s".
    pub fn unseen(&self) -> Option<&[u8]> {
        self.opts
            .iter()
            .find(|o| !o.seen.get() && o.name != b"errmsg")
            .map(|o| o.name.as_slice())
    }

    /// `vfs_opterror`: writes `message` into the kernel copy of the `errmsg`
    /// value, truncated to the buffer and NUL-terminated; bytes after the
    /// NUL keep what the caller sent. No `errmsg`, or one without a buffer:
    /// nothing happens.
    pub fn errmsg_set(&mut self, message: impl AsRef<[u8]>) {
        let Some(index) = self.find("errmsg") else {
            return;
        };
        let Some(opt) = self.opts.get_mut(index) else {
            return;
        };
        opt.seen.set(true);
        let Some(buf) = opt.value.as_mut() else {
            return;
        };
        let message = message.as_ref();
        let message_len = message
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(message.len());
        let room = buf.len().saturating_sub(1);
        let n = message_len.min(room);
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), message.get(..n)) {
            dst.copy_from_slice(src);
        }
        if let Some(nul) = buf.get_mut(n) {
            *nul = 0;
        }
    }

    /// The message currently in the kernel copy of `errmsg` (up to its
    /// NUL), if the caller sent a buffer.
    pub fn errmsg(&self) -> Option<&[u8]> {
        let opt = self.opts.get(self.find("errmsg")?)?;
        let buf = opt.value.as_deref()?;
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        buf.get(..end)
    }

    /// `vfs_setopt`: stores a fixed-size value for jail_get. Absent → `Ok`
    /// (nothing asked; `kern_jail_get` ignores ENOENT from every setter). No
    /// buffer → only the length is recorded, so the caller learns it. A
    /// buffer of another length → EINVAL.
    pub fn set_value(&mut self, name: &str, value: &[u8]) -> KResult<()> {
        let Some(opt) = self.find(name).and_then(|i| self.opts.get_mut(i)) else {
            return Ok(());
        };
        opt.seen.set(true);
        match opt.value.as_mut() {
            None => opt.len = value.len(),
            Some(buf) if buf.len() == value.len() => buf.copy_from_slice(value),
            Some(_) => return Err(Errno::EINVAL),
        }
        Ok(())
    }

    /// Whether the caller sent option `name` (without marking it seen): a
    /// value that costs something to compute is computed only when asked.
    pub fn wants(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// A boolean for jail_get, as `kern_jail_get` sets it: `name` gets `on`
    /// and its negation (`no` before the last component) gets `!on`, each as
    /// an `int` through [`Self::set_value`]; `name` first. The negated name
    /// is matched in place, not built.
    pub fn set_bool(&mut self, name: &str, on: bool) -> KResult<()> {
        self.set_i32(name, i32::from(on))?;
        let Some(opt) = self
            .opts
            .iter_mut()
            .find(|o| is_negation_of(&o.name, name.as_bytes()))
        else {
            return Ok(());
        };
        opt.seen.set(true);
        let value = i32::from(!on).to_ne_bytes();
        match opt.value.as_mut() {
            None => opt.len = value.len(),
            Some(buf) if buf.len() == value.len() => buf.copy_from_slice(&value),
            Some(_) => return Err(Errno::EINVAL),
        }
        Ok(())
    }

    /// [`Self::set_value`] of an `int`.
    pub fn set_i32(&mut self, name: &str, value: i32) -> KResult<()> {
        self.set_value(name, &value.to_ne_bytes())
    }

    /// [`Self::set_value`] of an `unsigned long`.
    pub fn set_u64(&mut self, name: &str, value: u64) -> KResult<()> {
        self.set_value(name, &value.to_ne_bytes())
    }

    /// `vfs_setopts`: stores a string (up to its first NUL, if any) for
    /// jail_get. Absent → `Ok`. No buffer → the length becomes strlen+1.
    /// Otherwise the string and a NUL are copied and the length stays the
    /// caller's buffer size; EINVAL if they do not fit.
    pub fn set_string(&mut self, name: &str, value: &[u8]) -> KResult<()> {
        let Some(opt) = self.find(name).and_then(|i| self.opts.get_mut(i)) else {
            return Ok(());
        };
        opt.seen.set(true);
        let strlen = value.iter().position(|&b| b == 0).unwrap_or(value.len());
        let string = value.get(..strlen).unwrap_or_default();
        match opt.value.as_mut() {
            None => opt.len = strlen.saturating_add(1),
            Some(buf) => {
                // strlcpy: copy what fits, then fail if it was cut short.
                let n = strlen.min(buf.len().saturating_sub(1));
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), string.get(..n)) {
                    dst.copy_from_slice(src);
                }
                if let Some(nul) = buf.get_mut(n) {
                    *nul = 0;
                }
                if strlen >= buf.len() {
                    return Err(Errno::EINVAL);
                }
            }
        }
        Ok(())
    }

    /// `vfs_setopt_part`: stores a variable-size value (an address array)
    /// for jail_get. Absent → `Ok`. No buffer → the length is recorded. A
    /// buffer shorter than the value → EINVAL; otherwise the value is
    /// copied and the length becomes the value's.
    pub fn set_partial(&mut self, name: &str, value: &[u8]) -> KResult<()> {
        let Some(opt) = self.find(name).and_then(|i| self.opts.get_mut(i)) else {
            return Ok(());
        };
        opt.seen.set(true);
        match opt.value.as_mut() {
            None => opt.len = value.len(),
            Some(buf) if buf.len() >= value.len() => {
                buf.truncate(value.len());
                buf.copy_from_slice(value);
                opt.len = value.len();
            }
            Some(_) => return Err(Errno::EINVAL),
        }
        Ok(())
    }

    /// The user address of option `pos`'s value buffer.
    fn value_buffer(&self, pos: usize) -> Option<IoVec> {
        let index = pos.checked_mul(2)?.checked_add(1)?;
        self.iovecs.get(index).copied()
    }

    /// What `kern_jail_set` and `kern_jail_get` do on failure: if the caller
    /// sent an `errmsg` buffer, the kernel's whole copy of it goes back to
    /// the caller's buffer (message, NUL, then the caller's own bytes).
    /// Copy-out errors are ignored, as there. `_iov_uaddr` is not read:
    /// FreeBSD uses its own copy of the iovec array; the parameter keeps the
    /// shape of the other write-back.
    pub fn write_back_errmsg(&self, mem: &(impl UserMemory + ?Sized), _iov_uaddr: usize) {
        let Some(opt) = self.find("errmsg").and_then(|i| self.opts.get(i)) else {
            return;
        };
        let (Some(buf), Some(iov)) = (opt.value.as_deref(), self.value_buffer(opt.pos)) else {
            return;
        };
        if let Ok(uaddr) = user_address(iov.base) {
            let _ = mem.copyout(buf, uaddr);
        }
    }

    /// What a successful `kern_jail_get` and then `sys_jail_get` do: every
    /// option's value goes back to its user buffer with `iov_len` set to
    /// the option's length (options without a buffer only get the length;
    /// `errmsg` and options dropped by sanitising are left alone); then the
    /// updated iovec array is copied over the caller's.
    ///
    /// A value that cannot be copied out fails the call with EFAULT, and, as
    /// in `kern_jail_get`, `errmsg` is then written back (calling
    /// [`Self::write_back_errmsg`] again is harmless). A failure to copy the
    /// iovec array out is returned without touching `errmsg`.
    pub fn write_back_values(
        &self,
        mem: &(impl UserMemory + ?Sized),
        iov_uaddr: usize,
    ) -> KResult<()> {
        let errmsg_pos = self
            .find("errmsg")
            .and_then(|i| self.opts.get(i))
            .map(Opt::pos);
        // The array as it goes back, encoded once; each option's length is
        // patched into its value record.
        let mut records = encode_iovecs(&self.iovecs);
        for opt in &self.opts {
            if Some(opt.pos) == errmsg_pos {
                continue;
            }
            let Some(record) = opt
                .pos
                .checked_mul(2)
                .and_then(|i| i.checked_add(1))
                .and_then(|i| self.iovecs.get(i).map(|r| (i, r)))
            else {
                continue;
            };
            let (index, iov) = record;
            if let Some(len) = records.get_mut(index * IOVEC_SIZE + 8..(index + 1) * IOVEC_SIZE) {
                len.copy_from_slice(&(opt.len as u64).to_ne_bytes());
            }
            if let Some(value) = &opt.value {
                let copied = user_address(iov.base).and_then(|uaddr| mem.copyout(value, uaddr));
                if let Err(error) = copied {
                    self.write_back_errmsg(mem, iov_uaddr);
                    return Err(error);
                }
            }
        }
        mem.copyout(&records, iov_uaddr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::fake_memory::{FakeMemory, TestRng};
    use alloc::string::String;
    use alloc::vec::Vec;

    #[test]
    fn set_bool_sets_the_name_and_its_negation_without_building_it() {
        let four = [0u8; 4];
        let mut opts = OptionList::from_pairs([
            ("allow.mount.nodevfs", &four[..]),
            ("persist", &four[..]),
            ("allow.mount", &[][..]),
        ])
        .unwrap();
        opts.set_bool("allow.mount.devfs", true).unwrap();
        opts.set_bool("persist", true).unwrap();
        opts.set_bool("allow.mount", false).unwrap();
        let value = |name: &[u8]| opts.iter().find(|o| o.name() == name).and_then(Opt::value);
        assert_eq!(value(b"allow.mount.nodevfs"), Some(&0i32.to_ne_bytes()[..]));
        assert_eq!(value(b"persist"), Some(&1i32.to_ne_bytes()[..]));
        // No buffer: only the length is recorded.
        assert_eq!(opts.len_of("allow.mount"), Some(4));
        assert!(opts.unseen().is_none());
        // A buffer of another size is EINVAL, as for any int.
        let mut wrong = OptionList::from_pairs([("nopersist", &[0u8; 2][..])]).unwrap();
        assert_eq!(wrong.set_bool("persist", true), Err(Errno::EINVAL));
    }

    #[test]
    fn wants_does_not_consume() {
        let opts = OptionList::from_pairs([("ip4.addr", &[][..])]).unwrap();
        assert!(opts.wants("ip4.addr"));
        assert!(!opts.wants("ip6.addr"));
        assert_eq!(opts.unseen(), Some(&b"ip4.addr"[..]));
    }

    const IOV_AT: usize = 0x1000;
    const DATA_AT: usize = 0x10_0000;

    /// Lays `pairs` out in memory (names get their NUL) and returns the
    /// iovec count. `None` values are sent as zero-length.
    fn layout(mem: &FakeMemory, pairs: &[(&[u8], Option<&[u8]>)]) -> u32 {
        let mut records = Vec::new();
        let mut next = DATA_AT;
        for (name, value) in pairs {
            let mut name = name.to_vec();
            name.push(0);
            mem.map(next, &name);
            records.push(iov(next as u64, name.len() as u64));
            next += 0x1000;
            match value {
                Some(v) => {
                    mem.map(next, v);
                    records.push(iov(next as u64, v.len() as u64));
                }
                None => records.push(iov(0, 0)),
            }
            next += 0x1000;
        }
        map_records(mem, IOV_AT, &records)
    }

    fn iov(base: u64, len: u64) -> IoVec {
        IoVec { base, len }
    }

    /// Writes `records` as the iovec array at `at` and returns their count.
    fn map_records(mem: &FakeMemory, at: usize, records: &[IoVec]) -> u32 {
        mem.map(at, &encode_iovecs(records));
        records.len() as u32
    }

    /// Reads hand-made `records` at `at` as an option list.
    fn read_records(mem: &FakeMemory, at: usize, records: &[IoVec]) -> KResult<OptionList> {
        let count = map_records(mem, at, records);
        read_options(mem, at, count)
    }

    fn parse(pairs: &[(&[u8], Option<&[u8]>)]) -> (FakeMemory, KResult<OptionList>) {
        let mem = FakeMemory::new();
        let n = layout(&mem, pairs);
        let result = read_options(&mem, IOV_AT, n);
        (mem, result)
    }

    fn names(list: &OptionList) -> Vec<String> {
        list.iter()
            .map(|o| String::from_utf8_lossy(o.name()).into_owned())
            .collect()
    }

    fn value_record(mem: &FakeMemory, pos: usize) -> IoVec {
        let bytes = mem.read(IOV_AT + (2 * pos + 1) * IOVEC_SIZE, IOVEC_SIZE);
        IoVec::from_bytes(bytes.try_into().unwrap())
    }

    #[test]
    fn odd_count_is_einval_before_reading_memory() {
        let mem = FakeMemory::new();
        assert_eq!(
            read_options(&mem, 0xdead_0000, 3).unwrap_err(),
            Errno::EINVAL
        );
    }

    #[test]
    fn too_many_iovecs_is_einval_before_reading_memory() {
        let mem = FakeMemory::new();
        assert_eq!(
            read_options(&mem, 0xdead_0000, 1026).unwrap_err(),
            Errno::EINVAL
        );
        // 1024 is allowed by the count check, so the bad address shows.
        assert_eq!(
            read_options(&mem, 0xdead_0000, 1024).unwrap_err(),
            Errno::EFAULT
        );
    }

    #[test]
    fn empty_list_needs_no_memory() {
        let mem = FakeMemory::new();
        assert!(read_options(&mem, 0, 0).unwrap().is_empty());
    }

    #[test]
    fn unreadable_iovec_array_is_efault() {
        let mem = FakeMemory::new();
        mem.map_zeroed(IOV_AT, 16);
        assert_eq!(read_options(&mem, IOV_AT, 2).unwrap_err(), Errno::EFAULT);
    }

    #[test]
    fn lengths_adding_past_ssize_max_are_einval() {
        let mem = FakeMemory::new();
        let n = map_records(&mem, IOV_AT, &[iov(0, 1 << 62), iov(0, 1 << 62)]);
        assert_eq!(read_iovecs(&mem, IOV_AT, n).unwrap_err(), Errno::EINVAL);
        let n = map_records(&mem, IOV_AT + 0x100, &[iov(0, u64::MAX), IoVec::default()]);
        assert_eq!(
            read_iovecs(&mem, IOV_AT + 0x100, n).unwrap_err(),
            Errno::EINVAL
        );
    }

    #[test]
    fn names_must_be_nul_terminated_and_non_empty() {
        let mem = FakeMemory::new();
        mem.map(DATA_AT, b"persist");
        let unterminated = [iov(DATA_AT as u64, 7), IoVec::default()];
        assert_eq!(
            read_records(&mem, IOV_AT, &unterminated).unwrap_err(),
            Errno::EINVAL
        );
        let empty = [iov(DATA_AT as u64, 0), IoVec::default()];
        assert_eq!(
            read_records(&mem, IOV_AT + 0x100, &empty).unwrap_err(),
            Errno::EINVAL
        );
    }

    #[test]
    fn name_is_the_c_string_before_an_embedded_nul() {
        let (_, list) = parse(&[(b"persist\0junk", None)]);
        let list = list.unwrap();
        assert_eq!(list.flag("persist"), Some(true));
    }

    #[test]
    fn bad_name_or_value_address_is_efault() {
        let mem = FakeMemory::new();
        let bad_name = [iov(0x7777_0000, 4), IoVec::default()];
        assert_eq!(
            read_records(&mem, IOV_AT, &bad_name).unwrap_err(),
            Errno::EFAULT
        );

        mem.map(DATA_AT, b"jid\0");
        let bad_value = [iov(DATA_AT as u64, 4), iov(0x7777_0000, 4)];
        assert_eq!(
            read_records(&mem, IOV_AT + 0x100, &bad_value).unwrap_err(),
            Errno::EFAULT
        );
    }

    #[test]
    fn errors_come_in_option_order() {
        // Option 0 faults, option 1 is oversized: FreeBSD stops at option 0.
        let mem = FakeMemory::new();
        let records = [
            iov(0x7777_0000, 4),
            IoVec::default(),
            iov(0, 70_000),
            IoVec::default(),
        ];
        assert_eq!(
            read_records(&mem, IOV_AT, &records).unwrap_err(),
            Errno::EFAULT
        );
        // Oversized first: EINVAL even though its address is bad too.
        let records = [iov(0x7777_0000, 70_000), IoVec::default()];
        assert_eq!(
            read_records(&mem, IOV_AT + 0x100, &records).unwrap_err(),
            Errno::EINVAL
        );
    }

    #[test]
    fn size_limits_follow_vfs_buildopts() {
        let big = vec![7u8; VFS_MOUNTARG_SIZE_MAX];
        // One value of exactly 64 KiB: the option header pushes the total over.
        let (_, r) = parse(&[(b"path", Some(&big))]);
        assert_eq!(r.unwrap_err(), Errno::EINVAL);
        // Just under the total: 48 + 5 + value.
        let fits = vec![7u8; VFS_MOUNTARG_SIZE_MAX - VFSOPT_SIZE - 5];
        let (_, r) = parse(&[(b"path", Some(&fits))]);
        assert_eq!(r.unwrap().len_of("path"), Some(fits.len()));
        let over = vec![7u8; VFS_MOUNTARG_SIZE_MAX - VFSOPT_SIZE - 4];
        let (_, r) = parse(&[(b"path", Some(&over))]);
        assert_eq!(r.unwrap_err(), Errno::EINVAL);
        // The total counts every option.
        let half = vec![1u8; VFS_MOUNTARG_SIZE_MAX / 2];
        let (_, r) = parse(&[(b"a", Some(&half)), (b"b", Some(&half))]);
        assert_eq!(r.unwrap_err(), Errno::EINVAL);
    }

    #[test]
    fn zero_length_value_is_no_value() {
        let (_, list) = parse(&[(b"persist", None), (b"jid", Some(&5i32.to_ne_bytes()))]);
        let list = list.unwrap();
        let persist = list.get("persist").unwrap();
        assert_eq!(persist.value(), None);
        assert_eq!(persist.len(), 0);
        assert_eq!(list.get("jid").unwrap().pos(), 1);
    }

    #[test]
    fn last_occurrence_wins() {
        let (_, list) = parse(&[
            (b"jid", Some(&1i32.to_ne_bytes())),
            (b"persist", None),
            (b"jid", Some(&2i32.to_ne_bytes())),
            (b"nopersist", None),
        ]);
        let list = list.unwrap();
        assert_eq!(names(&list), ["jid", "nopersist"]);
        assert_eq!(list.copy_i32("jid"), Ok(Some(2)));
        assert_eq!(list.get("jid").unwrap().pos(), 2);
        assert_eq!(list.flag("persist"), Some(false));
    }

    #[test]
    fn dotted_names_negate_their_last_parts() {
        let (_, list) = parse(&[
            (b"allow.nomount", None),
            (b"allow.mount", None),
            (b"allow.mount.devfs", None),
            (b"allow.mount.nodevfs", None),
            (b"ip4.saddrsel", None),
            (b"ip4.nosaddrsel", None),
        ]);
        let list = list.unwrap();
        assert_eq!(
            names(&list),
            ["allow.mount", "allow.mount.nodevfs", "ip4.nosaddrsel"]
        );
        assert_eq!(list.flag("allow.mount"), Some(true));
        assert_eq!(list.flag("allow.mount.devfs"), Some(false));
        assert_eq!(list.flag("ip4.saddrsel"), Some(false));
        assert_eq!(list.flag("persist"), None);
    }

    #[test]
    fn equal_names_follow_vfs_equalopts_quirks() {
        assert!(equal_option_names(b"persist", b"nopersist"));
        assert!(equal_option_names(b"noallow.mount", b"allow.mount"));
        assert!(equal_option_names(
            b"allow.nomount.devfs",
            b"allow.mount.devfs"
        ));
        assert!(equal_option_names(b"ro", b"noro"));
        assert!(equal_option_names(b"rdonly", b"rw"));
        assert!(!equal_option_names(b"nonopersist", b"persist"));
        assert!(!equal_option_names(b"allow.mount", b"allow.mount.devfs"));
        assert!(!equal_option_names(b"ip4.addr", b"ip6.addr"));
        assert!(!equal_option_names(b"a.", b"a"));
    }

    #[test]
    fn boolean_value_is_ignored() {
        let (_, list) = parse(&[(b"persist", Some(&0i32.to_ne_bytes()))]);
        assert_eq!(list.unwrap().flag("persist"), Some(true));
    }

    #[test]
    fn copy_exact_requires_the_exact_length() {
        let (_, list) = parse(&[
            (b"jid", Some(&[1, 0, 0])),
            (b"securelevel", None),
            (b"host.hostid", Some(&7u64.to_ne_bytes())),
        ]);
        let list = list.unwrap();
        assert_eq!(list.copy_i32("jid"), Err(Errno::EINVAL));
        assert_eq!(list.copy_i32("securelevel"), Err(Errno::EINVAL));
        assert_eq!(list.copy_i32("children.max"), Ok(None));
        assert_eq!(list.copy_u64("host.hostid"), Ok(Some(7)));
        assert_eq!(list.copy_u32("host.hostid"), Err(Errno::EINVAL));
    }

    #[test]
    fn get_string_requires_a_terminated_value() {
        let (_, list) = parse(&[
            (b"name", Some(b"web\0")),
            (b"path", Some(b"/jail")),
            (b"host.hostname", None),
            (b"osrelease", Some(b"a\0b\0")),
        ]);
        let list = list.unwrap();
        assert_eq!(list.get_string("name"), Ok(Some(&b"web"[..])));
        assert_eq!(list.get_string("path"), Err(Errno::EINVAL));
        assert_eq!(list.get_string("host.hostname"), Err(Errno::EINVAL));
        assert_eq!(list.get_string("osrelease"), Ok(Some(&b"a"[..])));
        assert_eq!(list.len_of("osrelease"), Some(4));
        assert_eq!(list.get_string("host.domainname"), Ok(None));
    }

    #[test]
    fn unseen_reports_the_first_unconsumed_option_but_never_errmsg() {
        let (_, list) = parse(&[
            (b"errmsg", Some(&[0; 8])),
            (b"persist", None),
            (b"bogus", None),
            (b"other", None),
        ]);
        let list = list.unwrap();
        assert_eq!(list.unseen(), Some(&b"persist"[..]));
        list.flag("persist");
        assert_eq!(list.unseen(), Some(&b"bogus"[..]));
        list.get("bogus");
        list.get("other");
        assert_eq!(list.unseen(), None);
    }

    #[test]
    fn errmsg_is_truncated_and_keeps_the_callers_tail() {
        let (mem, list) = parse(&[(b"errmsg", Some(b"XXXXXXXXXX")), (b"persist", None)]);
        let mut list = list.unwrap();
        list.errmsg_set("jail 5 not found");
        assert_eq!(list.errmsg(), Some(&b"jail 5 no"[..]));
        list.errmsg_set("short");
        assert_eq!(list.errmsg(), Some(&b"short"[..]));
        list.write_back_errmsg(&mem, IOV_AT);
        let buf = value_record(&mem, 0);
        assert_eq!(mem.read(buf.base as usize, 10), b"short\0 no\0");
    }

    #[test]
    fn errmsg_without_buffer_is_a_no_op() {
        let (mem, list) = parse(&[(b"errmsg", None)]);
        let mut list = list.unwrap();
        list.errmsg_set("whatever");
        assert_eq!(list.errmsg(), None);
        list.write_back_errmsg(&mem, IOV_AT);
        let mut absent = OptionList::from_pairs([("persist", "")]).unwrap();
        absent.errmsg_set("x");
        assert_eq!(absent.errmsg(), None);
    }

    #[test]
    fn untouched_errmsg_is_written_back_unchanged() {
        let (mem, list) = parse(&[(b"errmsg", Some(b"caller's bytes"))]);
        let list = list.unwrap();
        list.write_back_errmsg(&mem, IOV_AT);
        let buf = value_record(&mem, 0);
        assert_eq!(mem.read(buf.base as usize, 14), b"caller's bytes");
    }

    #[test]
    fn set_value_needs_the_exact_length_unless_no_buffer() {
        let (_, list) = parse(&[
            (b"jid", Some(&[0; 4])),
            (b"securelevel", None),
            (b"parent", Some(&[0; 8])),
        ]);
        let mut list = list.unwrap();
        assert_eq!(list.set_i32("jid", 9), Ok(()));
        assert_eq!(list.copy_i32("jid"), Ok(Some(9)));
        assert_eq!(list.set_i32("securelevel", -1), Ok(()));
        assert_eq!(list.len_of("securelevel"), Some(4));
        assert_eq!(list.set_i32("parent", 0), Err(Errno::EINVAL));
        assert_eq!(list.set_i32("children.max", 0), Ok(()));
    }

    #[test]
    fn set_string_needs_room_for_the_nul() {
        let (_, list) = parse(&[
            (b"name", Some(&[b'z'; 4])),
            (b"path", Some(&[b'z'; 8])),
            (b"host.hostname", None),
        ]);
        let mut list = list.unwrap();
        assert_eq!(list.set_string("name", b"abcd"), Err(Errno::EINVAL));
        assert_eq!(list.set_string("name", b"abc"), Ok(()));
        assert_eq!(list.get("name").unwrap().value(), Some(&b"abc\0"[..]));
        assert_eq!(list.set_string("path", b"/j"), Ok(()));
        // The length stays the caller's buffer size.
        assert_eq!(list.len_of("path"), Some(8));
        assert_eq!(list.get("path").unwrap().value(), Some(&b"/j\0zzzzz"[..]));
        assert_eq!(list.set_string("host.hostname", b"example.org"), Ok(()));
        assert_eq!(list.len_of("host.hostname"), Some(12));
    }

    #[test]
    fn set_partial_shrinks_to_the_value_and_refuses_short_buffers() {
        let (_, list) = parse(&[(b"ip4.addr", Some(&[0; 12])), (b"ip6.addr", Some(&[0; 16]))]);
        let mut list = list.unwrap();
        assert_eq!(
            list.set_partial("ip4.addr", &[10, 0, 0, 1, 10, 0, 0, 2]),
            Ok(())
        );
        assert_eq!(list.len_of("ip4.addr"), Some(8));
        assert_eq!(list.set_partial("ip6.addr", &[1; 32]), Err(Errno::EINVAL));
        assert_eq!(list.set_partial("ip6.addr", &[]), Ok(()));
        assert_eq!(list.len_of("ip6.addr"), Some(0));
    }

    #[test]
    fn write_back_values_copies_values_and_lengths() {
        let (mem, list) = parse(&[
            (b"jid", Some(&[0; 4])),
            (b"name", Some(&[b'?'; 16])),
            (b"path", None),
            (b"errmsg", Some(&[b'e'; 4])),
        ]);
        let mut list = list.unwrap();
        list.set_i32("jid", 3).unwrap();
        list.set_string("name", b"web").unwrap();
        list.set_string("path", b"/jails/web").unwrap();
        list.write_back_values(&mem, IOV_AT).unwrap();

        let jid = value_record(&mem, 0);
        assert_eq!(jid.len, 4);
        assert_eq!(mem.read(jid.base as usize, 4), 3i32.to_ne_bytes());
        let name = value_record(&mem, 1);
        assert_eq!(name.len, 16);
        assert_eq!(mem.read(name.base as usize, 5), b"web\0?");
        let path = value_record(&mem, 2);
        assert_eq!((path.base, path.len), (0, 11));
        let errmsg = value_record(&mem, 3);
        assert_eq!(errmsg.len, 4);
        assert_eq!(mem.read(errmsg.base as usize, 4), b"eeee");
    }

    #[test]
    fn write_back_skips_options_dropped_by_sanitising() {
        let (mem, list) = parse(&[(b"persist", Some(&[9; 4])), (b"nopersist", Some(&[0; 4]))]);
        let mut list = list.unwrap();
        list.set_i32("persist", 1).unwrap();
        list.set_i32("nopersist", 0).unwrap();
        list.write_back_values(&mem, IOV_AT).unwrap();
        let dropped = value_record(&mem, 0);
        assert_eq!(mem.read(dropped.base as usize, 4), [9; 4]);
    }

    #[test]
    fn write_back_value_fault_fails_and_writes_errmsg() {
        let mem = FakeMemory::new();
        mem.map(DATA_AT, b"jid\0");
        mem.map(DATA_AT + 0x100, &[0; 4]);
        mem.map(DATA_AT + 0x200, b"errmsg\0");
        mem.map(DATA_AT + 0x300, &[b'x'; 8]);
        let records = [
            iov(DATA_AT as u64, 4),
            iov(DATA_AT as u64 + 0x100, 4),
            iov(DATA_AT as u64 + 0x200, 7),
            iov(DATA_AT as u64 + 0x300, 8),
        ];
        let mut list = read_records(&mem, IOV_AT, &records).unwrap();
        // The caller's buffer disappears between copyin and copyout.
        let moved = FakeMemory::new();
        moved.map(DATA_AT + 0x300, &[b'x'; 8]);
        map_records(&moved, IOV_AT, &records);
        list.set_i32("jid", 1).unwrap();
        list.errmsg_set("boom");
        assert_eq!(list.write_back_values(&moved, IOV_AT), Err(Errno::EFAULT));
        assert_eq!(moved.read(DATA_AT + 0x300, 8), b"boom\0xxx");
    }

    #[test]
    fn kernel_built_lists_parse_like_user_lists() {
        let list = OptionList::from_pairs([
            ("path", &b"/\0"[..]),
            ("ip4.addr", &b""[..]),
            ("allow.mount", &b""[..]),
            ("allow.nomount", &b""[..]),
        ])
        .unwrap();
        assert_eq!(list.get_string("path"), Ok(Some(&b"/"[..])));
        assert_eq!(list.len_of("ip4.addr"), Some(0));
        assert_eq!(list.flag("allow.mount"), Some(false));
        let mem = FakeMemory::new();
        assert_eq!(list.write_back_values(&mem, 0), Ok(()));
        let big = vec![0u8; VFS_MOUNTARG_SIZE_MAX];
        assert_eq!(
            OptionList::from_pairs([("path", &big[..])]).unwrap_err(),
            Errno::EINVAL
        );
        assert_eq!(
            OptionList::from_pairs([("", "")]).unwrap_err(),
            Errno::EINVAL
        );
    }

    /// Survivors of sanitising are pairwise distinct, keep their order, and
    /// the caller's last option always survives.
    #[test]
    fn sanitise_property() {
        const VOCABULARY: &[&[u8]] = &[
            b"persist",
            b"nopersist",
            b"nonopersist",
            b"allow.mount",
            b"allow.nomount",
            b"noallow.mount",
            b"allow.mount.devfs",
            b"allow.mount.nodevfs",
            b"allow.nomount.devfs",
            b"ro",
            b"rw",
            b"rdonly",
            b"norw",
            b"noro",
            b"a.b.c",
            b"a.b.noc",
            b"a.",
            b"a",
            b"no",
        ];
        let mut rng = TestRng::new(7);
        for _ in 0..2000 {
            let count = rng.below(12) as usize + 1;
            let pairs: Vec<(&[u8], &[u8])> = (0..count)
                .map(|_| {
                    (
                        VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize],
                        &b""[..],
                    )
                })
                .collect();
            let list = OptionList::from_pairs(pairs.iter().copied()).unwrap();
            let survivors: Vec<&Opt> = list.iter().collect();
            assert_eq!(survivors.last().unwrap().pos(), count - 1);
            for (i, a) in survivors.iter().enumerate() {
                for b in &survivors[..i] {
                    assert!(b.pos() < a.pos());
                    assert!(!equal_option_names(a.name(), b.name()));
                }
            }
        }
    }

    /// Random iovec arrays, lengths and bytes never panic and fail only
    /// with the errnos FreeBSD can return; the accessors and write-backs on
    /// whatever parses never panic either.
    #[test]
    fn fuzz_read_options() {
        const NAMES: &[&str] = &[
            "jid",
            "name",
            "path",
            "persist",
            "errmsg",
            "ip4.addr",
            "allow.mount",
            "host.hostid",
        ];
        let mut rng = TestRng::new(0x5eed);
        let mut parsed = 0;
        for round in 0..3000u64 {
            let mem = FakeMemory::new();
            let regions: Vec<(usize, usize)> = (0..4)
                .map(|i| (0x10_0000 * (i + 1), rng.below(300) as usize))
                .collect();
            for &(base, len) in &regions {
                let mut bytes = rng.bytes(len);
                for b in bytes.iter_mut() {
                    if rng.chance(6) {
                        *b = 0;
                    }
                }
                // Sometimes plant a known name.
                if rng.chance(2) && len > 16 {
                    let name = NAMES[rng.below(NAMES.len() as u64) as usize].as_bytes();
                    bytes[..name.len()].copy_from_slice(name);
                    bytes[name.len()] = 0;
                }
                mem.map(base, &bytes);
            }
            let niov = match rng.below(10) {
                0 => rng.below(2100) as u32,
                1 => rng.next_u64() as u32,
                _ => 2 * rng.below(8) as u32,
            };
            let mut records = Vec::new();
            for _ in 0..niov.min(1100) {
                let (base, len) = regions[rng.below(4) as usize];
                let record = match rng.below(8) {
                    0 => iov(rng.next_u64(), rng.next_u64()),
                    1 => iov(base as u64, 0),
                    2 => iov(base as u64, rng.below(70_000)),
                    _ => {
                        let offset = rng.below(len as u64 + 1);
                        let room = len as u64 - offset;
                        iov(base as u64 + offset, rng.below(room + 2))
                    }
                };
                records.push(record);
            }
            let iov_at = if rng.chance(20) { 0x7000_0000 } else { IOV_AT };
            mem.map(IOV_AT, &encode_iovecs(&records));
            match read_options(&mem, iov_at, niov) {
                Err(e) => assert!(
                    e == Errno::EINVAL || e == Errno::EFAULT,
                    "round {round}: unexpected {e:?}"
                ),
                Ok(mut list) => {
                    parsed += 1;
                    for name in NAMES {
                        let _ = list.get_string(name);
                        let _ = list.copy_i32(name);
                        let _ = list.flag(name);
                        let _ = list.set_string(name, b"value");
                        let _ = list.set_partial(name, &[1, 2, 3, 4]);
                        let _ = list.set_i32(name, 1);
                    }
                    let _ = list.unseen();
                    list.errmsg_set("fuzzed");
                    list.write_back_errmsg(&mem, IOV_AT);
                    if let Err(e) = list.write_back_values(&mem, IOV_AT) {
                        assert_eq!(e, Errno::EFAULT);
                    }
                }
            }
        }
        assert!(
            parsed > 100,
            "the fuzzer should reach the accessors ({parsed})"
        );
    }
}
