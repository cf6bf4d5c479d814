//! Entry point of the suite program. On FreeBSD this is a static executable
//! with its own `_start`; anywhere else it only says where it runs.
#![cfg_attr(target_os = "freebsd", no_std, no_main)]

#[cfg(target_os = "freebsd")]
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

#[cfg(not(target_os = "freebsd"))]
fn main() {
    eprintln!("rjail-ktest runs on FreeBSD only; build it with tests/kernel/build.sh");
    std::process::exit(2);
}
