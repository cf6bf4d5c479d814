//! The FreeBSD side: the system-call [`Transport`] and what happens after
//! entering a jail (securelevel, user, exec).
//!
//! rjail's system calls live in slots chosen at load time; each is a kernel
//! module named `sys/<call>`, whose `modstat(2)` data (`intval`) is the
//! syscall number, as for any `SYSCALL_MODULE`.

use std::ffi::{CStr, CString};
use std::fs::File;
use std::io::Write;
use std::os::raw::{c_char, c_int, c_long};
use std::os::unix::process::CommandExt;

use rjail::abi::flags::JailFlags;
use rjail::abi::legacy::JailV2;
use rjail::abi::options::IoVec;
use rjail::errno::Errno;

use crate::cli::{self, Command, Outcome, RunAs};
use crate::transport::{Failure, LegacyJailRequest, Pair, Transport};

/// Longest module name (`MAXMODNAME`, sys/sys/module.h).
const MAXMODNAME: usize = 1024;

/// `struct module_stat` (sys/sys/module.h), amd64 layout.
#[repr(C)]
struct ModuleStat {
    version: c_int,
    name: [c_char; MAXMODNAME],
    refs: c_int,
    id: c_int,
    /// `modspecific_t`: a union whose `intval` is the first 4 bytes.
    data: c_long,
}

extern "C" {
    fn modfind(name: *const c_char) -> c_int;
    fn modstat(modid: c_int, stat: *mut ModuleStat) -> c_int;
}

fn last_errno() -> Errno {
    Errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
}

/// The syscall number of module `sys/<call>`.
fn syscall_number(call: &str) -> Result<c_int, String> {
    let name = CString::new(format!("sys/{call}")).map_err(|e| e.to_string())?;
    // SAFETY: `name` is a valid NUL-terminated string for the call.
    let id = unsafe { modfind(name.as_ptr()) };
    if id < 0 {
        return Err(format!("{call}: rjail.ko is not loaded"));
    }
    let mut stat = ModuleStat {
        version: std::mem::size_of::<ModuleStat>() as c_int,
        name: [0; MAXMODNAME],
        refs: 0,
        id: 0,
        data: 0,
    };
    // SAFETY: `stat` is a writable module_stat whose version field carries
    // its size, as modstat(2) requires.
    if unsafe { modstat(id, &mut stat) } < 0 {
        return Err(format!(
            "modstat sys/{call}: {}",
            crate::transport::strerror(last_errno())
        ));
    }
    // intval is the low half of the union on little-endian amd64.
    Ok(stat.data as c_int)
}

/// rjail's system calls, found through their modules.
pub struct SyscallTransport {
    legacy: c_int,
    set: c_int,
    get: c_int,
    attach: c_int,
    remove: c_int,
}

impl SyscallTransport {
    pub fn open() -> Result<Self, String> {
        Ok(SyscallTransport {
            legacy: syscall_number("rjail")?,
            set: syscall_number("rjail_set")?,
            get: syscall_number("rjail_get")?,
            attach: syscall_number("rjail_attach")?,
            remove: syscall_number("rjail_remove")?,
        })
    }

    /// Calls `number` with an iovec array describing `pairs`; on success
    /// the pairs' lengths are what the kernel left in the array.
    fn iov_call(
        &self,
        number: c_int,
        pairs: &mut [Pair],
        flags: JailFlags,
    ) -> Result<i32, Failure> {
        let mut iov: Vec<IoVec> = Vec::with_capacity(pairs.len() * 2);
        for pair in pairs.iter_mut() {
            iov.push(IoVec {
                base: pair.name.as_mut_ptr() as u64,
                len: pair.name.len() as u64,
            });
            let base = if pair.value.is_empty() {
                0
            } else {
                pair.value.as_mut_ptr() as u64
            };
            iov.push(IoVec {
                base,
                len: pair.value.len() as u64,
            });
        }
        // SAFETY: every iovec points into a live buffer of `pairs` of the
        // stated length (or is NULL with length 0); the kernel writes only
        // within those buffers and the iovec array, which outlive the call.
        let rc = unsafe {
            libc::syscall(
                number,
                iov.as_mut_ptr(),
                iov.len() as libc::c_uint,
                flags.bits() as c_int,
            )
        };
        if rc < 0 {
            return Err(Failure::from_pairs(last_errno(), pairs));
        }
        for (pair, value) in pairs.iter_mut().zip(iov.iter().skip(1).step_by(2)) {
            pair.len = value.len as usize;
        }
        Ok(rc)
    }

    fn int_call(&self, number: c_int, argument: i32) -> Result<(), Failure> {
        // SAFETY: the call takes one integer argument and touches no memory
        // of ours.
        let rc = unsafe { libc::syscall(number, argument as c_int) };
        if rc < 0 {
            return Err(Failure::errno(last_errno()));
        }
        Ok(())
    }
}

impl Transport for SyscallTransport {
    fn jail_set(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure> {
        self.iov_call(self.set, pairs, flags)
    }

    fn jail_get(&mut self, pairs: &mut [Pair], flags: JailFlags) -> Result<i32, Failure> {
        self.iov_call(self.get, pairs, flags)
    }

    fn jail_attach(&mut self, jid: i32) -> Result<(), Failure> {
        self.int_call(self.attach, jid)
    }

    fn jail_remove(&mut self, jid: i32) -> Result<(), Failure> {
        self.int_call(self.remove, jid)
    }

    fn jail_legacy(&mut self, request: &LegacyJailRequest) -> Result<i32, Failure> {
        let text = |s: &str| CString::new(s).map_err(|_| Failure::errno(Errno::EINVAL));
        let path = text(&request.path)?;
        let hostname = text(&request.hostname)?;
        let name = request.name.as_deref().map(text).transpose()?;
        let ip4 = request.ip4.concat();
        let ip6 = request.ip6.concat();
        let jail = JailV2 {
            version: rjail::abi::consts::JAIL_API_VERSION,
            path: path.as_ptr() as u64,
            hostname: hostname.as_ptr() as u64,
            jailname: name.as_ref().map_or(0, |n| n.as_ptr() as u64),
            ip4s: request.ip4.len() as u32,
            ip6s: request.ip6.len() as u32,
            ip4: if ip4.is_empty() {
                0
            } else {
                ip4.as_ptr() as u64
            },
            ip6: if ip6.is_empty() {
                0
            } else {
                ip6.as_ptr() as u64
            },
        };
        // SAFETY: `jail` and every buffer it points to live until the call
        // returns; the kernel only reads them.
        let rc = unsafe { libc::syscall(self.legacy, &jail as *const JailV2) };
        if rc < 0 {
            return Err(Failure::errno(last_errno()));
        }
        Ok(rc)
    }
}

/// A password entry, copied out of getpwnam's static buffer.
struct Account {
    name: CString,
    uid: libc::uid_t,
    gid: libc::gid_t,
    home: CString,
}

fn lookup_user(user: &str) -> Result<Account, String> {
    let name = CString::new(user).map_err(|e| e.to_string())?;
    // getpwnam leaves errno alone when the user simply does not exist.
    // SAFETY: __error() returns this thread's errno location.
    unsafe { *libc::__error() = 0 };
    // SAFETY: `name` is NUL-terminated; the result is NULL or points to a
    // static entry valid until the next getpw* call, which we copy at once.
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    if entry.is_null() {
        // jexec(8)'s messages (usr.sbin/jexec/jexec.c, get_user_info).
        let errno = last_errno();
        return Err(if errno.0 != 0 {
            format!("getpwnam: {user}: {}", crate::transport::strerror(errno))
        } else {
            format!("{user}: no such user")
        });
    }
    // SAFETY: `entry` is non-NULL and its strings are NUL-terminated.
    let (uid, gid, home) = unsafe {
        let entry = &*entry;
        (
            entry.pw_uid,
            entry.pw_gid,
            CStr::from_ptr(entry.pw_dir).to_owned(),
        )
    };
    Ok(Account {
        name,
        uid,
        gid,
        home,
    })
}

/// Becomes `account`: groups, gid, then uid, so no privilege is left.
fn become_user(account: &Account) -> Result<(), String> {
    // SAFETY: plain system calls on our own credentials with valid
    // arguments; `account.name` is NUL-terminated.
    let failed = unsafe {
        libc::initgroups(account.name.as_ptr(), account.gid) != 0
            || libc::setgid(account.gid) != 0
            || libc::setuid(account.uid) != 0
    };
    if failed {
        return Err(format!(
            "cannot become user: {}",
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: `home` is NUL-terminated; failing to chdir keeps the jail root.
    unsafe { libc::chdir(account.home.as_ptr()) };
    Ok(())
}

fn set_securelevel(level: i32) -> Result<(), String> {
    let name = c"kern.securelevel";
    let value: c_int = level;
    // SAFETY: `name` is NUL-terminated and `value` is a readable int of the
    // size given; no old value is asked for.
    let rc = unsafe {
        libc::sysctlbyname(
            name.as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &value as *const c_int as *const libc::c_void,
            std::mem::size_of::<c_int>(),
        )
    };
    if rc != 0 {
        return Err(format!(
            "kern.securelevel: {}",
            std::io::Error::last_os_error()
        ));
    }
    Ok(())
}

/// A command that failed: its message, and what it still prints on
/// standard output.
pub struct Failed {
    pub message: String,
    pub output: String,
}

impl From<String> for Failed {
    fn from(message: String) -> Self {
        Failed {
            message,
            output: String::new(),
        }
    }
}

/// Runs a parsed command line to completion: returns the text to print, or
/// does not return at all when it execs a command in a jail.
pub fn execute(command: &Command) -> Result<String, Failed> {
    run_command(command).map_err(|message| {
        let output = match command {
            Command::List { listing, .. } => listing.on_failure(),
            _ => String::new(),
        };
        Failed { message, output }
    })
}

fn run_command(command: &Command) -> Result<String, String> {
    let (host_user, jid_file) = match command {
        Command::Exec {
            run_as: Some(RunAs::HostUser(user)),
            ..
        } => (Some(lookup_user(user)?), None),
        Command::Legacy {
            run_as, jid_file, ..
        } => {
            let user = match run_as {
                Some(RunAs::HostUser(user)) => Some(lookup_user(user)?),
                _ => None,
            };
            // Opened before entering the jail: its path is the host's.
            let file = jid_file
                .as_ref()
                .map(|path| File::create(path).map_err(|e| format!("{path}: {e}")))
                .transpose()?;
            (user, file)
        }
        _ => (None, None),
    };
    let mut transport = SyscallTransport::open()?;
    let outcome = cli::run(command, &mut transport).map_err(|failure| failure.to_string())?;
    let (output, jid_file_line, securelevel, jail_user, command) = match outcome {
        Outcome::Done(text) => return Ok(text),
        Outcome::Inside {
            output,
            jid_file_line,
            securelevel,
            jail_user,
            command,
            ..
        } => (output, jid_file_line, securelevel, jail_user, command),
    };
    print!("{output}");
    if let (Some(mut file), Some(line)) = (jid_file, jid_file_line) {
        file.write_all(line.as_bytes()).map_err(|e| e.to_string())?;
    }
    if let Some(level) = securelevel {
        set_securelevel(level)?;
    }
    let account = match jail_user {
        Some(user) => Some(lookup_user(&user)?),
        None => host_user,
    };
    if let Some(account) = &account {
        become_user(account)?;
    }
    let (program, arguments) = command
        .split_first()
        .ok_or_else(|| cli::USAGE.to_string())?;
    let error = std::process::Command::new(program).args(arguments).exec();
    Err(format!("{program}: {error}"))
}
