//! Steps 1 and 2 of the option protocol: the caller's iovec array copied
//! in, every name and value copied in, repeats dropped; and the same lists
//! built by the kernel itself for `jail(2)`.

use alloc::vec;
use alloc::vec::Vec;
use core::cell::Cell;

use super::{IoVec, Opt, OptionList};
use crate::abi::consts::{IOSIZE_MAX, IOVEC_SIZE, UIO_MAXIOV, VFSOPT_SIZE, VFS_MOUNTARG_SIZE_MAX};
use crate::abi::{user_address, UserMemory};
use crate::errno::{Errno, KResult};

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
            // Both lengths are at most 64 KiB from here on. Name and value
            // share one buffer; the name's NUL and anything after it go
            // once both are in.
            let name_len = name_iov.len as usize;
            let value_len = value_iov.len as usize;
            let mut bytes = vec![0u8; name_len + value_len];
            let (name, value) = bytes.split_at_mut(name_len);
            mem.copyin(user_address(name_iov.base)?, name)?;
            if name.last() != Some(&0) {
                return Err(Errno::EINVAL);
            }
            let c_len = name.iter().position(|&b| b == 0).unwrap_or(name_len);
            if value_len != 0 {
                mem.copyin(user_address(value_iov.base)?, value)?;
            }
            bytes.drain(c_len..name_len);
            opts.push(Opt {
                bytes,
                name_len: c_len,
                has_value: value_len != 0,
                len: value_len,
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

    // A negation (whole or after a common dotted prefix) is two bytes
    // longer: names whose lengths differ otherwise are equal only as the
    // same name or as two read-write names. Sanitising compares every pair.
    if first.len().abs_diff(second.len()) != 2 {
        return first == second || (is_read_write_option(first) && is_read_write_option(second));
    }
    if one_negates_other(first, second) {
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
pub(super) fn sanitize(opts: Vec<Opt>) -> Vec<Opt> {
    // Most lists repeat nothing: keep them as they are, without copying.
    let repeats = opts.iter().enumerate().any(|(i, later)| {
        opts.get(..i)
            .unwrap_or_default()
            .iter()
            .any(|earlier| equal_option_names(later.name(), earlier.name()))
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
                if equal_option_names(a.name(), b.name()) {
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
            let name = name.get(..c_len).unwrap_or_default();
            opts.push(Opt::new(name, (!value.is_empty()).then_some(value), pos));
        }
        Ok(OptionList {
            opts: sanitize(opts),
            iovecs: Vec::new(),
        })
    }
}
