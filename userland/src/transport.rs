//! How the library reaches the module: five calls with libjail's shapes.
//!
//! A [`Transport`] moves name/value [`Pair`]s to `rjail_set`/`rjail_get`
//! and back. The FreeBSD implementation makes system calls
//! (`crate::freebsd`); a host-model implementation places the same bytes in
//! the model's user memory and calls the module's entry points, so
//! everything above this trait is tested end to end on any host.

use std::fmt;

use rjail::abi::consts::JAIL_ERRMSGLEN;
use rjail::abi::flags::JailFlags;
use rjail::errno::Errno;

/// One iovec pair: a NUL-terminated name and a value buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The name with its NUL.
    pub name: Vec<u8>,
    /// The value sent, or the buffer jail_get fills; empty for "no value".
    pub value: Vec<u8>,
    /// The value length after the call (`iov_len` as the kernel left it);
    /// before it, the buffer's length.
    pub len: usize,
}

impl Pair {
    /// A pair named `name` carrying `value`.
    pub fn new(name: &str, value: Vec<u8>) -> Pair {
        let mut name = name.as_bytes().to_vec();
        name.push(0);
        Pair {
            name,
            len: value.len(),
            value,
        }
    }

    /// The name without its NUL.
    pub fn name(&self) -> &[u8] {
        self.name.strip_suffix(&[0]).unwrap_or(&self.name)
    }

    /// The part of the buffer the kernel says is the value.
    pub fn returned(&self) -> &[u8] {
        &self.value[..self.len.min(self.value.len())]
    }

    /// The `errmsg` pair libjail appends to every call.
    pub fn errmsg() -> Pair {
        Pair::new("errmsg", vec![0; JAIL_ERRMSGLEN])
    }
}

/// A failed call: the errno and the kernel's message, if it wrote one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub errno: Errno,
    pub errmsg: String,
}

impl Failure {
    /// A failure with no message.
    pub fn errno(errno: Errno) -> Failure {
        Failure {
            errno,
            errmsg: String::new(),
        }
    }

    /// A failure whose message is whatever the kernel left in the `errmsg`
    /// pair (up to its NUL).
    pub fn from_pairs(errno: Errno, pairs: &[Pair]) -> Failure {
        let errmsg = pairs
            .iter()
            .find(|p| p.name() == b"errmsg")
            .map(|p| {
                let end = p
                    .value
                    .iter()
                    .position(|&b| b == 0)
                    .unwrap_or(p.value.len());
                String::from_utf8_lossy(&p.value[..end]).into_owned()
            })
            .unwrap_or_default();
        Failure { errno, errmsg }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.errmsg.is_empty() {
            f.write_str(strerror(self.errno))
        } else {
            f.write_str(&self.errmsg)
        }
    }
}

impl std::error::Error for Failure {}

/// FreeBSD's text for an errno (the host's own table may number them
/// differently, so this one is FreeBSD's, for the errnos rjail returns).
pub fn strerror(errno: Errno) -> &'static str {
    match errno {
        Errno::EPERM => "Operation not permitted",
        Errno::ENOENT => "No such file or directory",
        Errno::ESRCH => "No such process",
        Errno::EINTR => "Interrupted system call",
        Errno::EIO => "Input/output error",
        Errno::E2BIG => "Argument list too long",
        Errno::EBADF => "Bad file descriptor",
        Errno::ENOMEM => "Cannot allocate memory",
        Errno::EACCES => "Permission denied",
        Errno::EFAULT => "Bad address",
        Errno::EBUSY => "Device busy",
        Errno::EEXIST => "File exists",
        Errno::ENOTDIR => "Not a directory",
        Errno::EINVAL => "Invalid argument",
        Errno::ENFILE => "Too many open files in system",
        Errno::EMFILE => "Too many open files",
        Errno::EFBIG => "File too large",
        Errno::ENOSPC => "No space left on device",
        Errno::EAGAIN => "Resource temporarily unavailable",
        Errno::EPROTONOSUPPORT => "Protocol not supported",
        Errno::EOPNOTSUPP => "Operation not supported",
        Errno::EAFNOSUPPORT => "Address family not supported by protocol family",
        Errno::EADDRINUSE => "Address already in use",
        Errno::EADDRNOTAVAIL => "Can't assign requested address",
        Errno::ENAMETOOLONG => "File name too long",
        Errno::ENOSYS => "Function not implemented",
        _ => "Unknown error",
    }
}

/// What `jail(2)` takes: a version 2 `struct jail`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyJailRequest {
    pub path: String,
    pub hostname: String,
    pub name: Option<String>,
    /// Network byte order.
    pub ip4: Vec<[u8; 4]>,
    pub ip6: Vec<[u8; 16]>,
}

/// The module's five system calls.
pub trait Transport {
    /// `rjail_set(iov, niov, flags)`: the new or updated jail's jid.
    fn jail_set(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure>;
    /// `rjail_get(iov, niov, flags)`: fills the pairs' buffers and lengths,
    /// returns the jail's jid.
    fn jail_get(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure>;
    /// `rjail_attach(jid)`: moves the calling process into the jail.
    fn jail_attach(&mut self, jid: i32) -> Result<(), Failure>;
    /// `rjail_remove(jid)`.
    fn jail_remove(&mut self, jid: i32) -> Result<(), Failure>;
    /// `rjail(struct jail *)`: creates a jail and attaches the caller.
    fn jail_legacy(&mut self, request: &LegacyJailRequest) -> Result<i32, Failure>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_text_prefers_the_kernel_message() {
        let mut errmsg = Pair::errmsg();
        errmsg.value[..5].copy_from_slice(b"oops\0");
        let failure = Failure::from_pairs(Errno::EPERM, &[Pair::new("persist", vec![]), errmsg]);
        assert_eq!(failure.to_string(), "oops");
        let bare = Failure::from_pairs(Errno::EPERM, &[Pair::errmsg()]);
        assert_eq!(bare.to_string(), "Operation not permitted");
        assert_eq!(
            Failure::errno(Errno::EAGAIN).to_string(),
            "Resource temporarily unavailable"
        );
    }

    #[test]
    fn returned_value_is_bounded_by_the_buffer() {
        let mut pair = Pair::new("name", vec![b'a'; 4]);
        pair.len = 10;
        assert_eq!(pair.returned(), b"aaaa");
        pair.len = 2;
        assert_eq!(pair.returned(), b"aa");
        assert_eq!(pair.name(), b"name");
    }
}
