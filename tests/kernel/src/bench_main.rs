//! The kernel benchmark program (`make vmbench`): the base system's jail
//! calls and rjail's, side by side, in one boot. On FreeBSD a static
//! executable like the suite; anywhere else it only says where it runs.
#![cfg_attr(all(target_os = "freebsd", not(test)), no_std, no_main)]

rjail_ktest::freebsd_program!(rjail_ktest::bench::run);

#[cfg(any(not(target_os = "freebsd"), test))]
fn main() {
    eprintln!(
        "rjail-kbench runs on FreeBSD only; build it with tests/kernel/build.sh rjail-kbench"
    );
    std::process::exit(2);
}
