//! What goes back to the caller: `errmsg` (`vfs_opterror`), the values
//! `kern_jail_get` sets (`vfs_setopt`, `vfs_setopts`, `vfs_setopt_part` in
//! `sys/kern/vfs_mount.c`), and the copy-outs of `kern_jail_set`,
//! `kern_jail_get` and `sys_jail_get` (`sys/kern/kern_jail.c`).

use super::{encode_iovecs, IoVec, Opt, OptionList};
use crate::abi::consts::IOVEC_SIZE;
use crate::abi::{user_address, UserMemory};
use crate::errno::{Errno, KResult};

impl OptionList {
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
        let Some(buf) = opt.value_mut() else {
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

    /// `vfs_setopt`: stores a fixed-size value for jail_get. Absent → `Ok`
    /// (nothing asked; `kern_jail_get` ignores ENOENT from every setter). No
    /// buffer → only the length is recorded, so the caller learns it. A
    /// buffer of another length → EINVAL.
    pub fn set_value(&mut self, name: &str, value: &[u8]) -> KResult<()> {
        let Some(opt) = self.find(name).and_then(|i| self.opts.get_mut(i)) else {
            return Ok(());
        };
        opt.seen.set(true);
        match opt.value_mut() {
            None => opt.len = value.len(),
            Some(buf) if buf.len() == value.len() => buf.copy_from_slice(value),
            Some(_) => return Err(Errno::EINVAL),
        }
        Ok(())
    }

    /// A boolean for jail_get, as `kern_jail_get` sets it: `name` gets `on`
    /// and its negation (`no` before the last component) gets `!on`, each as
    /// an `int` through [`Self::set_value`]; `name` first. The negated name
    /// is matched in place, not built.
    pub fn set_bool(&mut self, name: &str, on: bool) -> KResult<()> {
        self.set_i32(name, i32::from(on))?;
        let Some(opt) = self.opts.iter_mut().find(|o| o.negates(name.as_bytes())) else {
            return Ok(());
        };
        opt.seen.set(true);
        let value = i32::from(!on).to_ne_bytes();
        match opt.value_mut() {
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
        match opt.value_mut() {
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
        match opt.value_mut() {
            None => opt.len = value.len(),
            Some(buf) if buf.len() >= value.len() => {
                if let Some(head) = buf.get_mut(..value.len()) {
                    head.copy_from_slice(value);
                }
                opt.truncate_value(value.len());
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
        let (Some(buf), Some(iov)) = (opt.value(), self.value_buffer(opt.pos)) else {
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
            if let Some(value) = opt.value() {
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
