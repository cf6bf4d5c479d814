//! Entry point of the suite program. On FreeBSD this is a static executable
//! with its own `_start`; anywhere else it only says where it runs.
#![cfg_attr(all(target_os = "freebsd", not(test)), no_std, no_main)]

#[cfg(all(target_os = "freebsd", not(test)))]
mod freebsd_entry {
    /// The process entry point. The kernel jumps here with `%rdi` pointing at
    /// `argc`, followed by the `argv` and `envp` vectors, and the stack
    /// aligned as after a call, so a C-ABI function can take it directly.
    ///
    /// # Safety
    ///
    /// Only the kernel calls this, once, with the exec stack layout.
    #[no_mangle]
    pub unsafe extern "C" fn _start(stack: *const usize) -> ! {
        // SAFETY: `stack` is the exec stack the kernel built (see above).
        unsafe { rjail_ktest::runtime::start(stack) }
    }

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
        rjail_ktest::runtime::panicked(info)
    }
}

#[cfg(any(not(target_os = "freebsd"), test))]
fn main() {
    eprintln!("rjail-ktest runs on FreeBSD only; build it with tests/kernel/build.sh");
    std::process::exit(2);
}

// The FreeBSD ABI note: the kernel picks the FreeBSD brand, and the binary's
// osreldate (which some system calls consult for compatibility behaviour),
// from a "FreeBSD" note of type 1 whose descriptor is __FreeBSD_version. The
// kernel's note reader skips a note that ends exactly at the end of its
// segment, so a second note (feature control, no features disabled) follows.
#[cfg(all(target_os = "freebsd", not(test)))]
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
    version = const rjail_ktest::abi::FREEBSD_VERSION,
);
