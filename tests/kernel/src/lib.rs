//! rjail's kernel test suite.
//!
//! One static FreeBSD amd64 program, no libc: it talks to the kernel with raw
//! `syscall` instructions, finds rjail's system calls through `modfind(2)` and
//! `modstat(2)`, runs every case against rjail and, where FreeBSD's own jail
//! behaves the same, against the base system's jail calls too, and prints one
//! machine-readable line per case.
//!
//! The crate is split so that everything that decides or encodes something is
//! plain code tested on any host, independently of the rjail crate (it is a
//! second, separate reading of the ABI):
//!
//! * [`abi`] — system call numbers, flags, `struct jail` v0/v2 images.
//! * [`iov`] — the name/value iovec lists of `jail_set(2)`/`jail_get(2)`.
//! * [`modstat`] — `struct module_stat` as `modstat(2)` fills it.
//! * [`malloc_stats`] — the `kern.malloc_stats` stream, per malloc type.
//! * [`errno`] — error numbers and their names.
//! * [`net`] — `sockaddr_in`, `ifreq` and `in_aliasreq` images, ioctl numbers.
//! * [`inet6`] — `sockaddr_in6` and `in6_aliasreq` images, IPv6 address text.
//! * [`report`] — result lines, the summary line, and reading them back.
//! * [`sysctl`] — name-to-OID and OID-format replies, kind bits.
//! * [`xprison`] — the `security.jail.list` records.
//! * [`wait_status`] — decoding `wait4(2)` statuses.
//!
//! The FreeBSD-only half (system calls, the cases, PID 1 duties) is compiled
//! only for `target_os = "freebsd"`.
#![cfg_attr(not(test), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

pub mod abi;
pub mod bench_table;
pub mod errno;
pub mod fuzzgen;
pub mod inet6;
pub mod iov;
pub mod malloc_stats;
pub mod modstat;
pub mod net;
pub mod report;
pub mod sysctl;
pub mod wait_status;
pub mod xprison;

#[cfg(target_os = "freebsd")]
pub mod bench;
#[cfg(target_os = "freebsd")]
pub mod cases;
#[cfg(target_os = "freebsd")]
pub mod kfuzz;
#[cfg(target_os = "freebsd")]
pub mod runtime;
#[cfg(target_os = "freebsd")]
pub mod sys;

/// The entry point, panic handler and FreeBSD ABI note of a program of this
/// crate (the suite, the benchmark): `_start` runs [`runtime::start`] with
/// `$program` as the body. Expands to nothing off FreeBSD.
#[macro_export]
macro_rules! freebsd_program {
    ($program:path) => {
        #[cfg(all(target_os = "freebsd", not(test)))]
        mod freebsd_entry {
            /// The process entry point. The kernel jumps here with `%rdi`
            /// pointing at `argc`, followed by the `argv` and `envp` vectors,
            /// and the stack aligned as after a call, so a C-ABI function can
            /// take it directly.
            ///
            /// # Safety
            ///
            /// Only the kernel calls this, once, with the exec stack layout.
            #[no_mangle]
            pub unsafe extern "C" fn _start(stack: *const usize) -> ! {
                // SAFETY: `stack` is the exec stack the kernel built (see above).
                unsafe { $crate::runtime::start(stack, $program) }
            }

            #[panic_handler]
            fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
                $crate::runtime::panicked(info)
            }

            // The FreeBSD ABI note: the kernel picks the FreeBSD brand, and
            // the binary's osreldate (which some system calls consult for
            // compatibility behaviour), from a "FreeBSD" note of type 1 whose
            // descriptor is __FreeBSD_version. The kernel's note reader skips
            // a note that ends exactly at the end of its segment, so a second
            // note (feature control, no features disabled) follows.
            core::arch::global_asm!(
                ".pushsection .note.tag,\"a\",@note",
                ".p2align 2",
                ".long 8, 4, 1",
                ".asciz \"FreeBSD\"",
                ".long {version}",
                ".long 8, 4, 4",
                ".asciz \"FreeBSD\"",
                ".long 0",
                ".popsection",
                version = const $crate::abi::FREEBSD_VERSION,
            );
        }
    };
}
