//! The reading accessors `kern_jail_set` uses (`vfs_getopt`,
//! `vfs_copyopt`, `vfs_getopts`, `vfs_flagopt` in `sys/kern/vfs_mount.c`):
//! each marks the option it finds as seen, so that what is left over is an
//! "unknown parameter".

use super::{Opt, OptionList};
use crate::errno::{Errno, KResult};

impl OptionList {
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
        match opt.value() {
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
        match opt.value() {
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
            if opt.is_named(name.as_bytes()) {
                opt.seen.set(true);
                result = Some(true);
            } else if opt.negates(name.as_bytes()) {
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
            .find(|o| !o.seen.get() && o.name() != b"errmsg")
            .map(Opt::name)
    }

    /// The message currently in the kernel copy of `errmsg` (up to its
    /// NUL), if the caller sent a buffer.
    pub fn errmsg(&self) -> Option<&[u8]> {
        let opt = self.opts.get(self.find("errmsg")?)?;
        let buf = opt.value()?;
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        buf.get(..end)
    }

    /// Whether the caller sent option `name` (without marking it seen): a
    /// value that costs something to compute is computed only when asked.
    pub fn wants(&self, name: &str) -> bool {
        self.find(name).is_some()
    }
}
