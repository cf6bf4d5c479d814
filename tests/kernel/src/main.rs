//! Entry point of the suite program. On FreeBSD this is a static executable
//! with its own `_start`; anywhere else it only says where it runs.
#![cfg_attr(all(target_os = "freebsd", not(test)), no_std, no_main)]

#[cfg(all(target_os = "freebsd", not(test)))]
rjail_ktest::freebsd_program!(rjail_ktest::runtime::start);

#[cfg(any(not(target_os = "freebsd"), test))]
fn main() {
    eprintln!("rjail-ktest runs on FreeBSD only; build it with tests/kernel/build.sh");
    std::process::exit(2);
}
