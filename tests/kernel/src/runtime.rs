//! What a libc would otherwise provide — memory functions, an allocator,
//! console output — plus the program's start-up in its two modes: an
//! ordinary root program on a FreeBSD host, or PID 1 of a memory-disk root.

use crate::cases::{self, Context};
use crate::iov::IovList;
use crate::report;
use crate::sys;
use alloc::format;
use alloc::string::String;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

// --- memory functions the compiler emits calls to --------------------------
//
// Written with `rep movsb`/`rep stosb` so that the optimiser cannot turn them
// back into calls to themselves.

/// # Safety
///
/// `dst` and `src` valid for `n` bytes and not overlapping.
#[no_mangle]
pub unsafe extern "C" fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the caller provides valid, non-overlapping ranges of n bytes;
    // the direction flag is clear per the ABI.
    unsafe {
        core::arch::asm!("rep movsb", inout("rdi") dst => _, inout("rsi") src => _,
            inout("rcx") n => _, options(nostack, preserves_flags));
    }
    dst
}

/// # Safety
///
/// `dst` and `src` valid for `n` bytes; they may overlap.
#[no_mangle]
pub unsafe extern "C" fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if (dst as usize) <= (src as usize) || (dst as usize) >= (src as usize).wrapping_add(n) {
        // SAFETY: copying forwards is correct when dst is below src or the
        // ranges are disjoint.
        unsafe { memcpy(dst, src, n) };
    } else if n > 0 {
        // SAFETY: overlapping with dst above src: copy backwards, from the
        // last byte, with the direction flag set and cleared again.
        unsafe {
            core::arch::asm!("std", "rep movsb", "cld",
                inout("rdi") dst.add(n - 1) => _, inout("rsi") src.add(n - 1) => _,
                inout("rcx") n => _, options(nostack));
        }
    }
    dst
}

/// # Safety
///
/// `dst` valid for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn memset(dst: *mut u8, value: i32, n: usize) -> *mut u8 {
    // SAFETY: the caller provides n writable bytes at dst.
    unsafe {
        core::arch::asm!("rep stosb", inout("rdi") dst => _, inout("rcx") n => _,
            in("al") value as u8, options(nostack, preserves_flags));
    }
    dst
}

/// # Safety
///
/// `a` and `b` valid for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    let mut i = 0;
    while i < n {
        // SAFETY: i < n and both ranges hold n readable bytes.
        let (x, y) = unsafe { (a.add(i).read(), b.add(i).read()) };
        if x != y {
            return i32::from(x) - i32::from(y);
        }
        i += 1;
    }
    0
}

/// # Safety
///
/// `a` and `b` valid for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: same contract as memcmp.
    unsafe { memcmp(a, b, n) }
}

/// # Safety
///
/// `s` points at a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn strlen(s: *const u8) -> usize {
    let mut len = 0;
    // SAFETY: the string is NUL-terminated, so every byte up to the NUL is
    // readable.
    while unsafe { s.add(len).read() } != 0 {
        len += 1;
    }
    len
}

// The prebuilt `core`/`alloc` for this target were compiled for unwinding and
// name these symbols in their landing pads. The program is built with
// panic=abort, so nothing ever unwinds: reaching either is a defect, and the
// process ends.

/// Never called: nothing unwinds in a panic=abort program.
#[no_mangle]
pub extern "C" fn _Unwind_Resume() -> ! {
    sys::exit(102)
}

/// Never called: nothing unwinds in a panic=abort program.
#[no_mangle]
pub extern "C" fn rust_eh_personality() -> ! {
    sys::exit(102)
}

// --- allocator --------------------------------------------------------------

const ARENA_SIZE: usize = 16 << 20;

/// A bump allocator over a static arena. The program is single-threaded and
/// short-lived; freeing is a no-op. A forked child gets its own copy.
struct Arena {
    memory: UnsafeCell<[u8; ARENA_SIZE]>,
    used: AtomicUsize,
}

// SAFETY: the program has one thread; `used` is updated atomically anyway,
// and each allocation hands out a disjoint range.
unsafe impl Sync for Arena {}

// SAFETY: `alloc` returns distinct, suitably aligned ranges inside the arena
// or null; `dealloc` never touches memory.
unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let base = self.memory.get() as usize;
        let mut result = core::ptr::null_mut();
        let _ = self
            .used
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                let start = base.checked_add(used)?;
                let aligned = start.checked_add(layout.align() - 1)? & !(layout.align() - 1);
                let end = aligned.checked_add(layout.size())?;
                if end > base + ARENA_SIZE {
                    return None;
                }
                result = aligned as *mut u8;
                Some(end - base)
            });
        result
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

/// Runs `f` and then gives back everything it allocated: for loops (the
/// stress mode) whose steps keep nothing. `R: Copy` keeps heap values from
/// escaping the step.
pub fn with_scratch<R: Copy>(f: impl FnOnce() -> R) -> R {
    let mark = ARENA.used.load(Ordering::Relaxed);
    let result = f();
    ARENA.used.store(mark, Ordering::Relaxed);
    result
}

#[global_allocator]
static ARENA: Arena = Arena {
    memory: UnsafeCell::new([0; ARENA_SIZE]),
    used: AtomicUsize::new(0),
};

// --- output ------------------------------------------------------------------

/// Writes one line to standard output.
pub fn say(line: &str) {
    let _ = sys::write_all(1, line.as_bytes());
    let _ = sys::write_all(1, b"\n");
    if IS_INIT.load(Ordering::Relaxed) {
        drain_console();
    }
}

/// Waits until the console has sent what was written to it: the kernel's
/// own messages (a module's load and unload, shutdown) go straight to the
/// console and would otherwise cut a result line still in the queue.
fn drain_console() {
    let _ = sys::ioctl(1, TIOCDRAIN, &mut []);
}

/// `_IO('t', 94)` (sys/sys/ttycom.h): waits until the output is sent.
const TIOCDRAIN: u64 = 0x2000_745e;

static IS_INIT: AtomicBool = AtomicBool::new(false);

/// To be called first thing in a forked child: the child is not init, so
/// its end (or its panic) must exit it, not power off the machine.
pub fn forked_child() {
    IS_INIT.store(false, Ordering::Relaxed);
}

/// PID 1 must never exit: the kernel panics if init dies. Power off instead.
fn finish(status: i32) -> ! {
    if IS_INIT.load(Ordering::Relaxed) {
        drain_console();
        let _ = sys::reboot(crate::abi::RB_POWEROFF);
        loop {
            sys::sleep_ms(1000);
        }
    }
    sys::exit(status)
}

/// Called by the panic handler: a panic is a defect of the suite, reported as
/// a failed case; the summary is never printed, so the runner fails the run.
pub fn panicked(info: &core::panic::PanicInfo<'_>) -> ! {
    say(&report::case_line("suite_panic", false, &format!("{info}")));
    finish(101)
}

// --- start-up ----------------------------------------------------------------

/// Reads argument `index` from the exec stack.
///
/// # Safety
///
/// `stack` must be the exec stack: `argc`, then `argc` pointers to
/// NUL-terminated strings.
unsafe fn arg(stack: *const usize, index: usize) -> Option<&'static str> {
    // SAFETY: the caller guarantees the layout; index is checked against argc.
    unsafe {
        let argc = stack.read();
        if index >= argc {
            return None;
        }
        let ptr = stack.add(1 + index).read() as *const u8;
        let mut len = 0;
        while ptr.add(len).read() != 0 {
            len += 1;
        }
        core::str::from_utf8(core::slice::from_raw_parts(ptr, len)).ok()
    }
}

/// Prepares the machine when the suite is PID 1 of a memory-disk root.
fn become_init(ctx: &mut Context) -> Result<(), String> {
    // No descriptors are open for init: attach the console to 0, 1 and 2.
    let _ = sys::setsid();
    if let Ok(fd) = sys::open("/dev/console", crate::abi::O_RDWR, 0) {
        for std_fd in 0..3 {
            if fd != std_fd {
                let _ = sys::dup2(fd, std_fd);
            }
        }
        if fd > 2 {
            let _ = sys::close(fd);
        }
    }
    // Seeding the random device makes the kernel print its "unblocking"
    // message now, instead of in the middle of a result line.
    if let Ok(fd) = sys::open("/dev/random", crate::abi::O_WRONLY, 0) {
        let _ = sys::write_all(fd, b"rjail kernel test suite seed");
        let _ = sys::close(fd);
    }
    say("rjail-ktest: running as init");
    // The root comes up read-only; the cases need to create directories.
    let from = sys::mounted_from("/").unwrap_or_else(|_| String::from("/dev/md0"));
    let mut options = IovList::new();
    options
        .string("fstype", "ufs")
        .string("fspath", "/")
        .string("from", &from)
        .flag("update")
        .flag("rw")
        .errmsg();
    sys::nmount(&mut options, 0).map_err(|e| {
        format!(
            "remount of / ({from}) read-write: {e} {}",
            options.errmsg_text()
        )
    })?;
    let _ = sys::mkdir("/tmp", 0o1777);
    // lo0 comes up down and without addresses; the socket cases need it.
    ctx.loopback = Some(cases::configure_loopback());
    ctx.module_path = Some(String::from("/boot/modules/rjail.ko"));
    ctx.self_path = Some(String::from("/sbin/init"));
    ctx.stress_seconds = stress_request();
    Ok(())
}

/// The suite's body: every case (or, when the root image asks for it, the
/// stress run), then the summary line; the exit status.
pub fn run_suite(ctx: &mut Context) -> i32 {
    let tally = match ctx.stress_seconds {
        Some(seconds) => cases::run_stress(ctx, seconds),
        None => cases::run_all(ctx),
    };
    conclude(tally)
}

/// Prints a program's summary line; its exit status (0 when nothing failed).
pub fn conclude(tally: report::Tally) -> i32 {
    say(&report::summary_line(tally.passed, tally.failed));
    if tally.failed == 0 {
        0
    } else {
        1
    }
}
/// The stress run's length in seconds when the root image asks for one
/// (`/etc/rjail-ktest.stress` holding a number: `make vmstress` writes it).
fn stress_request() -> Option<u64> {
    let fd = sys::open("/etc/rjail-ktest.stress", crate::abi::O_RDONLY, 0).ok()?;
    let mut buf = [0u8; 16];
    let n = sys::read(fd, &mut buf).unwrap_or(0);
    let _ = sys::close(fd);
    core::str::from_utf8(buf.get(..n)?)
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// `-j`: the probe a prisoner execs to show that its prison survives
/// exec: exits with 50 + `security.jail.rjail.jailed` (49 if unreadable).
fn jailed_probe() -> ! {
    let code = sys::sysctl_int("security.jail.rjail.jailed").map_or(49, |v| 50 + v);
    sys::exit(code)
}

/// The program's start-up after `_start` (PID 1 duties or the command
/// line), then `program`, whose result is the exit status.
///
/// # Safety
///
/// `stack` must be the exec stack the kernel built.
pub unsafe fn start(stack: *const usize, program: fn(&mut Context) -> i32) -> ! {
    let mut ctx = Context::new();
    let is_init = sys::getpid() == 1;
    IS_INIT.store(is_init, Ordering::Relaxed);
    let mut setup_error = None;
    if is_init {
        if let Err(e) = become_init(&mut ctx) {
            setup_error = Some(e);
        }
        ctx.scratch = String::from("/tmp/rjail-ktest");
    } else {
        // SAFETY: `stack` is the exec stack (this function's contract).
        ctx.self_path = unsafe { arg(stack, 0) }.map(String::from);
        let mut index = 1;
        // SAFETY: `stack` is the exec stack (this function's contract).
        while let Some(option) = unsafe { arg(stack, index) } {
            match option {
                // SAFETY: as above.
                "-k" => ctx.module_path = unsafe { arg(stack, index + 1) }.map(String::from),
                "-j" => jailed_probe(),
                // SAFETY: as above.
                "-s" => {
                    ctx.stress_seconds =
                        unsafe { arg(stack, index + 1) }.and_then(|a| a.parse().ok())
                }
                _ => {
                    say("usage: rjail-ktest [-k path/to/rjail.ko] [-s SECONDS] | -j, rjail-kbench [-k path/to/rjail.ko]");
                    finish(64);
                }
            }
            index += 2;
        }
        ctx.scratch = format!("/tmp/rjail-ktest.{}", sys::getpid());
    }
    if let Some(e) = setup_error {
        ctx.report("setup", false, &e);
    }
    finish(program(&mut ctx))
}
