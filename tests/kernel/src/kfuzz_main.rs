//! Entry point of the in-kernel fuzzer (`rjail-kfuzz`, see `kfuzz.rs`). On
//! FreeBSD a static executable with its own `_start`, like the suite.
#![cfg_attr(all(target_os = "freebsd", not(test)), no_std, no_main)]

rjail_ktest::freebsd_program!(rjail_ktest::kfuzz::program);

#[cfg(any(not(target_os = "freebsd"), test))]
fn main() {
    eprintln!("rjail-kfuzz runs on FreeBSD only; build it with tests/kernel/build.sh");
    std::process::exit(2);
}
