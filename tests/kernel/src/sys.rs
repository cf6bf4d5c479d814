//! Raw FreeBSD amd64 system calls and thin typed wrappers.
//!
//! Convention: number in `%rax`, arguments in `%rdi %rsi %rdx %r10 %r8 %r9`;
//! on return the carry flag says failure, with the errno in `%rax`; `%rdx`
//! holds a second result (`fork` sets it to 1 in the child). `%rcx` and `%r11`
//! are destroyed by the instruction; the argument registers are treated as
//! destroyed too, so nothing depends on the kernel preserving them.

use crate::abi::{self, nr};
use crate::errno::Errno;
use alloc::vec::Vec;
use core::arch::asm;

/// A system call's two result registers, or its errno.
pub type SysResult = Result<(u64, u64), Errno>;

/// Issues system call `number` with up to six arguments.
///
/// # Safety
///
/// Pointer arguments must be valid for what the call does with them (or be
/// deliberately invalid, in which case the kernel answers EFAULT), and the
/// call must not break the program's memory invariants (e.g. `exit`, `fork`
/// are fine; `munmap` of live memory is not).
pub unsafe fn syscall6(number: u64, args: [u64; 6]) -> SysResult {
    let rax: u64;
    let rdx: u64;
    let failed: u8;
    // SAFETY: the caller guarantees the arguments suit the call; the asm
    // declares every register the kernel may change.
    unsafe {
        asm!(
            "syscall",
            "setc {failed}",
            failed = lateout(reg_byte) failed,
            inlateout("rax") number => rax,
            inlateout("rdi") args[0] => _,
            inlateout("rsi") args[1] => _,
            inlateout("rdx") args[2] => rdx,
            inlateout("r10") args[3] => _,
            inlateout("r8") args[4] => _,
            inlateout("r9") args[5] => _,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack),
        );
    }
    if failed != 0 {
        Err(Errno(i32::try_from(rax).unwrap_or(i32::MAX)))
    } else {
        Ok((rax, rdx))
    }
}

/// A system call whose arguments carry no pointers the kernel writes through
/// into memory the program relies on (or none at all).
fn call(number: u64, args: [u64; 6]) -> SysResult {
    // SAFETY: every caller in this module passes either plain integers or
    // pointers to live buffers of the stated sizes (see each wrapper).
    unsafe { syscall6(number, args) }
}

fn first(result: SysResult) -> Result<u64, Errno> {
    result.map(|(value, _)| value)
}

/// A NUL-terminated copy of a path, on the stack, for the kernel to read.
pub struct CPath {
    buf: [u8; abi::MAXPATHLEN],
}

impl CPath {
    /// `None` if `path` is too long or contains a NUL.
    pub fn new(path: &str) -> Option<Self> {
        let bytes = path.as_bytes();
        if bytes.len() >= abi::MAXPATHLEN || bytes.contains(&0) {
            return None;
        }
        let mut buf = [0u8; abi::MAXPATHLEN];
        buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
        Some(Self { buf })
    }

    pub fn addr(&self) -> u64 {
        self.buf.as_ptr() as u64
    }
}

fn with_path(path: &str, f: impl FnOnce(u64) -> SysResult) -> SysResult {
    match CPath::new(path) {
        Some(c) => f(c.addr()),
        None => Err(Errno::ENAMETOOLONG),
    }
}

/// A hard link `to` of `from` (same file system).
pub fn link(from: &str, to: &str) -> Result<(), Errno> {
    let (Some(a), Some(b)) = (CPath::new(from), CPath::new(to)) else {
        return Err(Errno::ENAMETOOLONG);
    };
    first(call(nr::LINK, [a.addr(), b.addr(), 0, 0, 0, 0])).map(|_| ())
}

pub fn exit(status: i32) -> ! {
    let _ = call(nr::EXIT, [status as u64, 0, 0, 0, 0, 0]);
    // _exit does not return; if it ever did, spin rather than run on.
    loop {
        core::hint::spin_loop();
    }
}

pub fn write(fd: i32, bytes: &[u8]) -> Result<u64, Errno> {
    first(call(
        nr::WRITE,
        [
            fd as u64,
            bytes.as_ptr() as u64,
            bytes.len() as u64,
            0,
            0,
            0,
        ],
    ))
}

/// Writes all of `bytes`, retrying short writes.
pub fn write_all(fd: i32, mut bytes: &[u8]) -> Result<(), Errno> {
    while !bytes.is_empty() {
        let written = write(fd, bytes)?;
        let written = usize::try_from(written).unwrap_or(bytes.len());
        bytes = bytes.get(written..).unwrap_or(&[]);
        if written == 0 {
            return Err(Errno::EIO);
        }
    }
    Ok(())
}

pub fn read(fd: i32, buf: &mut [u8]) -> Result<usize, Errno> {
    first(call(
        nr::READ,
        [
            fd as u64,
            buf.as_mut_ptr() as u64,
            buf.len() as u64,
            0,
            0,
            0,
        ],
    ))
    .map(|n| usize::try_from(n).unwrap_or(0))
}

pub fn open(path: &str, flags: u64, mode: u64) -> Result<i32, Errno> {
    first(with_path(path, |p| {
        call(nr::OPEN, [p, flags, mode, 0, 0, 0])
    }))
    .map(|fd| fd as i32)
}

pub fn close(fd: i32) -> Result<(), Errno> {
    first(call(nr::CLOSE, [fd as u64, 0, 0, 0, 0, 0])).map(|_| ())
}

pub fn dup2(from: i32, to: i32) -> Result<(), Errno> {
    first(call(nr::DUP2, [from as u64, to as u64, 0, 0, 0, 0])).map(|_| ())
}

pub fn mkdir(path: &str, mode: u64) -> Result<(), Errno> {
    first(with_path(path, |p| call(nr::MKDIR, [p, mode, 0, 0, 0, 0]))).map(|_| ())
}

pub fn rmdir(path: &str) -> Result<(), Errno> {
    first(with_path(path, |p| call(nr::RMDIR, [p, 0, 0, 0, 0, 0]))).map(|_| ())
}

pub fn unlink(path: &str) -> Result<(), Errno> {
    first(with_path(path, |p| call(nr::UNLINK, [p, 0, 0, 0, 0, 0]))).map(|_| ())
}

pub fn chdir(path: &str) -> Result<(), Errno> {
    first(with_path(path, |p| call(nr::CHDIR, [p, 0, 0, 0, 0, 0]))).map(|_| ())
}

pub fn chroot(path: &str) -> Result<(), Errno> {
    first(with_path(path, |p| call(nr::CHROOT, [p, 0, 0, 0, 0, 0]))).map(|_| ())
}

/// `access(path, F_OK)`: does the path resolve from here?
pub fn exists(path: &str) -> Result<(), Errno> {
    first(with_path(path, |p| call(nr::ACCESS, [p, 0, 0, 0, 0, 0]))).map(|_| ())
}

/// Binds the calling process (and the children it forks later) to the CPUs
/// whose bits are set in `cpus`: `cpuset_setaffinity(CPU_LEVEL_WHICH,
/// CPU_WHICH_PID, -1, ...)` with a 1024-bit `cpuset_t` (sys/sys/cpuset.h,
/// sys/sys/_cpuset.h).
pub fn set_affinity(cpus: u64) -> Result<(), Errno> {
    const CPU_LEVEL_WHICH: u64 = 3;
    const CPU_WHICH_PID: u64 = 2;
    let mut mask = [0u64; 16];
    mask[0] = cpus;
    first(call(
        nr::CPUSET_SETAFFINITY,
        [
            CPU_LEVEL_WHICH,
            CPU_WHICH_PID,
            u64::MAX,
            core::mem::size_of_val(&mask) as u64,
            mask.as_ptr() as u64,
            0,
        ],
    ))
    .map(|_| ())
}

pub fn getpid() -> i32 {
    first(call(nr::GETPID, [0; 6])).map_or(-1, |pid| pid as i32)
}

pub fn setuid(uid: u32) -> Result<(), Errno> {
    first(call(nr::SETUID, [u64::from(uid), 0, 0, 0, 0, 0])).map(|_| ())
}

pub fn setsid() -> Result<(), Errno> {
    first(call(nr::SETSID, [0; 6])).map(|_| ())
}

pub fn kill(pid: i32, signal: i32) -> Result<(), Errno> {
    first(call(nr::KILL, [pid as u64, signal as u64, 0, 0, 0, 0])).map(|_| ())
}

/// Which side of a fork this process is on.
pub enum Forked {
    Child,
    Parent(i32),
}

pub fn fork() -> Result<Forked, Errno> {
    let (value, in_child) = call(nr::FORK, [0; 6])?;
    Ok(if in_child != 0 {
        Forked::Child
    } else {
        Forked::Parent(value as i32)
    })
}

/// Waits for `pid` and returns its raw status.
pub fn wait4(pid: i32) -> Result<i32, Errno> {
    let mut status: i32 = 0;
    loop {
        let result = call(
            nr::WAIT4,
            [pid as u64, &mut status as *mut i32 as u64, 0, 0, 0, 0],
        );
        match result {
            Ok(_) => return Ok(status),
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Returns (read end, write end), close-on-exec.
pub fn pipe() -> Result<(i32, i32), Errno> {
    let mut fds = [0i32; 2];
    call(
        nr::PIPE2,
        [fds.as_mut_ptr() as u64, abi::O_CLOEXEC, 0, 0, 0, 0],
    )?;
    Ok((fds[0], fds[1]))
}

/// Milliseconds of the monotonic clock (CLOCK_MONOTONIC, 4).
pub fn monotonic_ms() -> u64 {
    let mut ts: [i64; 2] = [0, 0];
    let _ = call(nr::CLOCK_GETTIME, [4, ts.as_mut_ptr() as u64, 0, 0, 0, 0]);
    (ts[0] as u64) * 1000 + (ts[1] as u64) / 1_000_000
}

/// Sleeps for `millis` milliseconds (used only to wait for the kernel's
/// asynchronous prison teardown, bounded by the caller).
pub fn sleep_ms(millis: u64) {
    let ts: [i64; 2] = [(millis / 1000) as i64, ((millis % 1000) * 1_000_000) as i64];
    let _ = call(nr::NANOSLEEP, [ts.as_ptr() as u64, 0, 0, 0, 0, 0]);
}

pub fn reboot(howto: u64) -> Result<(), Errno> {
    first(call(nr::REBOOT, [howto, 0, 0, 0, 0, 0])).map(|_| ())
}

pub fn modfind(name: &str) -> Result<i32, Errno> {
    first(with_path(name, |p| call(nr::MODFIND, [p, 0, 0, 0, 0, 0]))).map(|id| id as i32)
}

pub fn modstat(id: i32) -> Result<crate::modstat::ModuleStat, Errno> {
    let mut buf = crate::modstat::request();
    call(
        nr::MODSTAT,
        [id as u64, buf.as_mut_ptr() as u64, 0, 0, 0, 0],
    )?;
    Ok(crate::modstat::parse(&buf))
}

pub fn kldload(path: &str) -> Result<i32, Errno> {
    first(with_path(path, |p| call(nr::KLDLOAD, [p, 0, 0, 0, 0, 0]))).map(|id| id as i32)
}

pub fn kldfind(name: &str) -> Result<i32, Errno> {
    first(with_path(name, |p| call(nr::KLDFIND, [p, 0, 0, 0, 0, 0]))).map(|id| id as i32)
}

pub fn kldunload(file_id: i32) -> Result<(), Errno> {
    first(call(nr::KLDUNLOAD, [file_id as u64, 0, 0, 0, 0, 0])).map(|_| ())
}

/// `f_mntfromname` of the file system holding `path`.
pub fn mounted_from(path: &str) -> Result<alloc::string::String, Errno> {
    let mut buf = [0u8; abi::STATFS_SIZE];
    with_path(path, |p| {
        call(nr::STATFS, [p, buf.as_mut_ptr() as u64, 0, 0, 0, 0])
    })?;
    let field = buf
        .get(abi::STATFS_MNTFROMNAME..abi::STATFS_MNTFROMNAME + abi::MAXPATHLEN)
        .unwrap_or(&[]);
    Ok(crate::iov::until_nul(field).into())
}

/// `nmount(2)` with a prepared option list.
pub fn nmount(options: &mut crate::iov::IovList, flags: u64) -> Result<(), Errno> {
    let (iov, count) = options.prepare();
    first(call(nr::NMOUNT, [iov, u64::from(count), flags, 0, 0, 0])).map(|_| ())
}

// --- sysctl(3) through __sysctl(2) -------------------------------------------

/// `__sysctl(2)`: reads into `old` (if given) and writes `new` (if given);
/// returns the length the kernel reports (the bytes copied out, or with no
/// `old` buffer but `size_only`, the size a read would need).
fn sysctl_call(
    mib: &[i32],
    old: Option<&mut [u8]>,
    size_only: bool,
    new: Option<&[u8]>,
) -> Result<usize, Errno> {
    let mut old_len: usize = old.as_ref().map_or(0, |b| b.len());
    let old_ptr = old.map_or(0, |b| b.as_mut_ptr() as u64);
    let old_len_ptr = if old_ptr != 0 || size_only {
        &mut old_len as *mut usize as u64
    } else {
        0
    };
    let (new_ptr, new_len) = new.map_or((0, 0), |b| (b.as_ptr() as u64, b.len() as u64));
    call(
        nr::SYSCTL,
        [
            mib.as_ptr() as u64,
            mib.len() as u64,
            old_ptr,
            old_len_ptr,
            new_ptr,
            new_len,
        ],
    )?;
    Ok(old_len)
}

/// The OID of a sysctl name.
pub fn sysctl_name2oid(name: &str) -> Result<alloc::vec::Vec<i32>, Errno> {
    let mut reply = [0u8; 4 * crate::sysctl::MAXNAME];
    let len = sysctl_call(
        &crate::sysctl::NAME2OID,
        Some(&mut reply),
        false,
        Some(name.as_bytes()),
    )?;
    Ok(crate::sysctl::parse_oid(reply.get(..len).unwrap_or(&[])))
}

/// The kind and format string of an OID.
pub fn sysctl_oidfmt(oid: &[i32]) -> Result<(u32, alloc::string::String), Errno> {
    let mut mib = alloc::vec::Vec::from(crate::sysctl::OIDFMT);
    mib.extend_from_slice(oid);
    let mut reply = [0u8; 256];
    let len = sysctl_call(&mib, Some(&mut reply), false, None)?;
    crate::sysctl::parse_oidfmt(reply.get(..len).unwrap_or(&[])).ok_or(Errno::EIO)
}

/// Reads the whole value of a named OID (asks for its size first).
pub fn sysctl_read(name: &str) -> Result<alloc::vec::Vec<u8>, Errno> {
    let oid = sysctl_name2oid(name)?;
    let size = sysctl_call(&oid, None, true, None)?;
    // Room for a value that grows between the two calls.
    let mut buf = alloc::vec![0u8; size.saturating_add(4096)];
    let len = sysctl_call(&oid, Some(&mut buf), false, None)?;
    buf.truncate(len);
    Ok(buf)
}

/// Anonymous memory from `mmap(2)`, returned with `munmap(2)` when dropped:
/// for replies larger than the program's allocator arena.
pub struct MappedBuffer {
    addr: u64,
    len: usize,
}

/// `PROT_READ | PROT_WRITE`, `MAP_PRIVATE | MAP_ANON` and `MAP_SHARED |
/// MAP_ANON` (`sys/sys/mman.h`).
const PROT_READ_WRITE: u64 = 0x3;
const MAP_PRIVATE_ANON: u64 = 0x1002;
const MAP_SHARED_ANON: u64 = 0x1001;

impl MappedBuffer {
    pub fn new(len: usize) -> Result<Self, Errno> {
        Self::map(len, MAP_PRIVATE_ANON)
    }

    /// Memory a forked child shares with its parent (not copied on write).
    pub fn shared(len: usize) -> Result<Self, Errno> {
        Self::map(len, MAP_SHARED_ANON)
    }

    fn map(len: usize, flags: u64) -> Result<Self, Errno> {
        let len = len.max(1);
        let addr = first(call(
            nr::MMAP,
            [0, len as u64, PROT_READ_WRITE, flags, u64::MAX, 0],
        ))?;
        Ok(Self { addr, len })
    }

    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: mmap returned `len` readable, writable, zeroed bytes at
        // `addr`, owned by this value until it unmaps them in drop.
        unsafe { core::slice::from_raw_parts_mut(self.addr as *mut u8, self.len) }
    }
}

impl Drop for MappedBuffer {
    fn drop(&mut self) {
        // SAFETY: the mapping is this value's own and no slice of it outlives
        // the value (bytes_mut borrows it).
        let _ = unsafe { syscall6(nr::MUNMAP, [self.addr, self.len as u64, 0, 0, 0, 0]) };
    }
}

/// Reads the whole value of a named OID into mapped memory; returns the
/// buffer and the length of the value in it.
pub fn sysctl_read_mapped(name: &str) -> Result<(MappedBuffer, usize), Errno> {
    let oid = sysctl_name2oid(name)?;
    let size = sysctl_call(&oid, None, true, None)?;
    // Room for a value that grows between the two calls (a malloc type
    // registered meanwhile adds one record).
    let mut buf = MappedBuffer::new(size.saturating_add(size / 8).saturating_add(4096))?;
    let len = sysctl_call(&oid, Some(buf.bytes_mut()), false, None)?;
    Ok((buf, len))
}

/// Reads a named `int` OID.
pub fn sysctl_int(name: &str) -> Result<i32, Errno> {
    crate::sysctl::parse_int(&sysctl_read(name)?).ok_or(Errno::EIO)
}

/// Writes a named `int` OID.
pub fn sysctl_set_int(name: &str, value: i32) -> Result<(), Errno> {
    let oid = sysctl_name2oid(name)?;
    sysctl_call(&oid, None, false, Some(&value.to_ne_bytes())).map(|_| ())
}

/// Reads a named string OID.
pub fn sysctl_string(name: &str) -> Result<alloc::string::String, Errno> {
    Ok(crate::iov::until_nul(&sysctl_read(name)?).into())
}

/// Writes raw bytes to a named OID (a string's text, a long's bytes).
pub fn sysctl_set_bytes(name: &str, value: &[u8]) -> Result<(), Errno> {
    let oid = sysctl_name2oid(name)?;
    sysctl_call(&oid, None, false, Some(value)).map(|_| ())
}

// --- sockets -------------------------------------------------------------------

pub fn socket(domain: u8, kind: u64) -> Result<i32, Errno> {
    first(call(nr::SOCKET, [u64::from(domain), kind, 0, 0, 0, 0])).map(|fd| fd as i32)
}

/// `socket(2)` with an explicit protocol (raw sockets).
pub fn socket_proto(domain: u8, kind: u64, protocol: u64) -> Result<i32, Errno> {
    first(call(
        nr::SOCKET,
        [u64::from(domain), kind, protocol, 0, 0, 0],
    ))
    .map(|fd| fd as i32)
}

/// `sendto(2)` of `bytes` to an IPv4 address.
pub fn sendto(fd: i32, bytes: &[u8], addr: [u8; 4], port: u16) -> Result<usize, Errno> {
    let sa = crate::net::sockaddr_in(addr, port);
    first(call(
        nr::SENDTO,
        [
            fd as u64,
            bytes.as_ptr() as u64,
            bytes.len() as u64,
            0,
            sa.as_ptr() as u64,
            sa.len() as u64,
        ],
    ))
    .map(|n| n as usize)
}

/// `recvfrom(2)`: the length received and the sender's IPv4 address.
pub fn recvfrom(fd: i32, buf: &mut [u8]) -> Result<(usize, [u8; 4], u16), Errno> {
    let mut sa = [0u8; 128];
    let mut len: u32 = sa.len() as u32;
    let (n, _) = call(
        nr::RECVFROM,
        [
            fd as u64,
            buf.as_mut_ptr() as u64,
            buf.len() as u64,
            0,
            sa.as_mut_ptr() as u64,
            &mut len as *mut u32 as u64,
        ],
    )?;
    let (addr, port) = crate::net::parse_sockaddr_in(&sa).ok_or(Errno::EAFNOSUPPORT)?;
    Ok((n as usize, addr, port))
}

/// `bind(2)` with an IPv4 address.
pub fn bind(fd: i32, addr: [u8; 4], port: u16) -> Result<(), Errno> {
    let sa = crate::net::sockaddr_in(addr, port);
    first(call(
        nr::BIND,
        [fd as u64, sa.as_ptr() as u64, sa.len() as u64, 0, 0, 0],
    ))
    .map(|_| ())
}

/// `connect(2)` to an IPv4 address.
pub fn connect(fd: i32, addr: [u8; 4], port: u16) -> Result<(), Errno> {
    let sa = crate::net::sockaddr_in(addr, port);
    loop {
        match call(
            nr::CONNECT,
            [fd as u64, sa.as_ptr() as u64, sa.len() as u64, 0, 0, 0],
        ) {
            Err(Errno::EINTR) => continue,
            other => return first(other).map(|_| ()),
        }
    }
}

pub fn listen(fd: i32, backlog: i32) -> Result<(), Errno> {
    first(call(nr::LISTEN, [fd as u64, backlog as u64, 0, 0, 0, 0])).map(|_| ())
}

/// A socket-address call (`getsockname`, `accept`) filling an IPv4 address.
fn address_call(number: u64, fd: i32) -> Result<(i32, [u8; 4], u16), Errno> {
    let mut sa = [0u8; 128];
    let mut len: u32 = sa.len() as u32;
    let (value, _) = call(
        number,
        [
            fd as u64,
            sa.as_mut_ptr() as u64,
            &mut len as *mut u32 as u64,
            0,
            0,
            0,
        ],
    )?;
    let (addr, port) = crate::net::parse_sockaddr_in(&sa).ok_or(Errno::EAFNOSUPPORT)?;
    Ok((value as i32, addr, port))
}

/// The local IPv4 address and port of a socket.
pub fn getsockname(fd: i32) -> Result<([u8; 4], u16), Errno> {
    address_call(nr::GETSOCKNAME, fd).map(|(_, addr, port)| (addr, port))
}

/// Accepts a connection: the new descriptor and the peer's address.
pub fn accept(fd: i32) -> Result<(i32, [u8; 4], u16), Errno> {
    address_call(nr::ACCEPT, fd)
}

/// `ioctl(2)` with a request structure the kernel reads and may fill.
pub fn ioctl(fd: i32, request: u64, data: &mut [u8]) -> Result<(), Errno> {
    first(call(
        nr::IOCTL,
        [fd as u64, request, data.as_mut_ptr() as u64, 0, 0, 0],
    ))
    .map(|_| ())
}

/// `settimeofday(NULL, NULL)`: the privilege check and nothing else.
pub fn settimeofday_nothing() -> Result<(), Errno> {
    first(call(nr::SETTIMEOFDAY, [0; 6])).map(|_| ())
}

// --- descriptors over unix sockets, *at calls ----------------------------------

/// `socketpair(AF_UNIX, SOCK_STREAM, 0)`, close-on-exec.
pub fn socketpair() -> Result<(i32, i32), Errno> {
    let mut fds = [0i32; 2];
    call(
        nr::SOCKETPAIR,
        [1, 1 | 0x1000_0000, 0, fds.as_mut_ptr() as u64, 0, 0],
    )?;
    Ok((fds[0], fds[1]))
}

/// `struct msghdr` (sys/sys/socket.h, amd64: 48 bytes).
#[repr(C)]
struct MsgHdr {
    name: u64,
    namelen: u32,
    iov: u64,
    iovlen: i32,
    control: u64,
    controllen: u32,
    flags: i32,
}

/// One `SCM_RIGHTS` control message carrying one descriptor:
/// `struct cmsghdr` (12 bytes) padded to 16, then the int, padded to
/// `CMSG_SPACE(sizeof(int))` = 24.
#[repr(C, align(8))]
struct RightsMsg {
    len: u32,
    level: i32,
    kind: i32,
    pad: u32,
    fd: i32,
    tail: u32,
}

const SOL_SOCKET: i32 = 0xffff;
const SCM_RIGHTS: i32 = 1;
/// `CMSG_LEN(sizeof(int))`.
const RIGHTS_LEN: u32 = 20;

/// Sends descriptor `fd` (and one byte) over unix socket `sock`.
pub fn send_fd(sock: i32, fd: i32) -> Result<(), Errno> {
    let byte = [b'F'];
    let iov = [byte.as_ptr() as u64, 1u64];
    let rights = RightsMsg {
        len: RIGHTS_LEN,
        level: SOL_SOCKET,
        kind: SCM_RIGHTS,
        pad: 0,
        fd,
        tail: 0,
    };
    let msg = MsgHdr {
        name: 0,
        namelen: 0,
        iov: iov.as_ptr() as u64,
        iovlen: 1,
        control: &rights as *const RightsMsg as u64,
        controllen: core::mem::size_of::<RightsMsg>() as u32,
        flags: 0,
    };
    first(call(
        nr::SENDMSG,
        [sock as u64, &msg as *const MsgHdr as u64, 0, 0, 0, 0],
    ))
    .map(|_| ())
}

/// Receives one descriptor sent by [`send_fd`]; EINVAL when the message
/// carries none.
pub fn recv_fd(sock: i32) -> Result<i32, Errno> {
    let mut byte = [0u8; 1];
    let iov = [byte.as_mut_ptr() as u64, 1u64];
    let mut rights = RightsMsg {
        len: 0,
        level: 0,
        kind: 0,
        pad: 0,
        fd: -1,
        tail: 0,
    };
    let mut msg = MsgHdr {
        name: 0,
        namelen: 0,
        iov: iov.as_ptr() as u64,
        iovlen: 1,
        control: &mut rights as *mut RightsMsg as u64,
        controllen: core::mem::size_of::<RightsMsg>() as u32,
        flags: 0,
    };
    loop {
        match call(
            nr::RECVMSG,
            [sock as u64, &mut msg as *mut MsgHdr as u64, 0, 0, 0, 0],
        ) {
            Err(Errno::EINTR) => continue,
            other => {
                first(other)?;
                break;
            }
        }
    }
    // The kernel wrote `msg` and `rights` through the addresses passed (the
    // asm block may write any memory whose address escaped).
    if msg.controllen < RIGHTS_LEN || rights.level != SOL_SOCKET || rights.kind != SCM_RIGHTS {
        return Err(Errno::EINVAL);
    }
    Ok(rights.fd)
}

pub fn openat(dir: i32, path: &str, flags: u64, mode: u64) -> Result<i32, Errno> {
    first(with_path(path, |p| {
        call(nr::OPENAT, [dir as u64, p, flags, mode, 0, 0])
    }))
    .map(|fd| fd as i32)
}

pub fn unlinkat(dir: i32, path: &str) -> Result<(), Errno> {
    first(with_path(path, |p| {
        call(nr::UNLINKAT, [dir as u64, p, 0, 0, 0, 0])
    }))
    .map(|_| ())
}

pub fn fchdir(fd: i32) -> Result<(), Errno> {
    first(call(nr::FCHDIR, [fd as u64, 0, 0, 0, 0, 0])).map(|_| ())
}

/// `execve(path, [path, args...], [])`; returns only on failure.
pub fn execve(path: &str, args: &[&str]) -> Errno {
    let mut strings: Vec<Vec<u8>> = Vec::new();
    for s in core::iter::once(&path).chain(args.iter()) {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        strings.push(bytes);
    }
    let mut argv: Vec<u64> = strings.iter().map(|s| s.as_ptr() as u64).collect();
    argv.push(0);
    let envp: [u64; 1] = [0];
    let file = strings.first().map_or(0, |s| s.as_ptr() as u64);
    // SAFETY: every pointer is to a NUL-terminated string or a
    // NULL-terminated array alive across the call.
    let result = unsafe {
        syscall6(
            nr::EXECVE,
            [file, argv.as_ptr() as u64, envp.as_ptr() as u64, 0, 0, 0],
        )
    };
    match result {
        Err(e) => e,
        Ok(_) => Errno::EIO,
    }
}

// --- what the in-kernel fuzzer needs -----------------------------------------

/// `kenv(KENV_GET, name, buf, len)` (`sys/kern/kern_environment.c`): a
/// variable of the kernel environment (the loader's `set name=value`).
pub fn kenv_get(name: &str) -> Option<alloc::string::String> {
    const KENV_GET: u64 = 0;
    let mut buf = [0u8; 256];
    let len = with_path(name, |p| {
        call(
            nr::KENV,
            [KENV_GET, p, buf.as_mut_ptr() as u64, buf.len() as u64, 0, 0],
        )
    })
    .ok()?
    .0;
    let value = buf.get(..usize::try_from(len).ok()?)?;
    Some(crate::iov::until_nul(value).into())
}

/// `PROT_NONE`, `WNOHANG`, `CLOCK_MONOTONIC`.
const PROT_NONE: u64 = 0;
const WNOHANG: u64 = 1;
const CLOCK_MONOTONIC: u64 = 4;

/// Anonymous memory that stays shared with the children this process forks
/// afterwards; never unmapped. Returns its address.
pub fn mmap_shared(len: usize) -> Result<u64, Errno> {
    first(call(
        nr::MMAP,
        [0, len as u64, PROT_READ_WRITE, MAP_SHARED_ANON, u64::MAX, 0],
    ))
}

/// Private anonymous memory, never unmapped. Returns its address.
pub fn mmap_private(len: usize) -> Result<u64, Errno> {
    first(call(
        nr::MMAP,
        [
            0,
            len as u64,
            PROT_READ_WRITE,
            MAP_PRIVATE_ANON,
            u64::MAX,
            0,
        ],
    ))
}

/// Makes `len` bytes at `addr` inaccessible (a guard: any access faults,
/// and nothing else can be mapped there).
pub fn protect_none(addr: u64, len: usize) -> Result<(), Errno> {
    first(call(nr::MPROTECT, [addr, len as u64, PROT_NONE, 0, 0, 0])).map(|_| ())
}

/// Reaps one exited child of any kind without waiting (`wait4(-1, ...,
/// WNOHANG)`): its pid and raw status. As PID 1 the suite inherits the
/// orphans of killed prisoners, whose zombies keep their credential (and
/// prison) until reaped.
pub fn reap_any() -> Option<(i32, i32)> {
    let mut status: i32 = 0;
    let (pid, _) = call(
        nr::WAIT4,
        [u64::MAX, &mut status as *mut i32 as u64, WNOHANG, 0, 0, 0],
    )
    .ok()?;
    (pid != 0).then_some((pid as i32, status))
}

/// Monotonic time in milliseconds.
pub fn now_ms() -> u64 {
    let mut ts = [0i64; 2];
    let _ = call(
        nr::CLOCK_GETTIME,
        [CLOCK_MONOTONIC, ts.as_mut_ptr() as u64, 0, 0, 0, 0],
    );
    (ts[0] as u64).saturating_mul(1000) + (ts[1] as u64) / 1_000_000
}

/// `__sysctl(2)` by OID with an old buffer of `len` bytes at `old` (which
/// may be deliberately bad): the fuzzer's reads.
///
/// # Safety
///
/// `old` must be an address the kernel may write `len` bytes to without
/// breaking the program (scratch memory) or one it will refuse.
pub unsafe fn sysctl_raw_read(mib: &[i32], old: u64, len: usize) -> Result<usize, Errno> {
    let mut old_len = len;
    // SAFETY: the caller vouches for `old`; `mib` and `old_len` are live.
    unsafe {
        syscall6(
            nr::SYSCTL,
            [
                mib.as_ptr() as u64,
                mib.len() as u64,
                old,
                &mut old_len as *mut usize as u64,
                0,
                0,
            ],
        )
    }?;
    Ok(old_len)
}

/// `{CTL_SYSCTL, CTL_SYSCTL_NEXT}` followed by `oid`: the next leaf OID.
pub fn sysctl_next(oid: &[i32]) -> Result<alloc::vec::Vec<i32>, Errno> {
    let mut mib = alloc::vec::Vec::from([0, 2]);
    mib.extend_from_slice(oid);
    let mut reply = [0u8; 4 * crate::sysctl::MAXNAME];
    let len = sysctl_call(&mib, Some(&mut reply), false, None)?;
    Ok(crate::sysctl::parse_oid(reply.get(..len).unwrap_or(&[])))
}

/// `{CTL_SYSCTL, CTL_SYSCTL_NAME}` followed by `oid`: its dotted name.
pub fn sysctl_oid_name(oid: &[i32]) -> Result<alloc::string::String, Errno> {
    let mut mib = alloc::vec::Vec::from([0, 1]);
    mib.extend_from_slice(oid);
    let mut reply = [0u8; 512];
    let len = sysctl_call(&mib, Some(&mut reply), false, None)?;
    Ok(crate::iov::until_nul(reply.get(..len).unwrap_or(&[])).into())
}
