//! `rjail`: create, modify, list, enter and remove rjail prisons.

use std::process::ExitCode;

use rjail_userland::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(message) => {
            // jail(8), jls(8) and jexec(8) exit 1 on a bad command line.
            eprintln!("rjail: {message}");
            return ExitCode::FAILURE;
        }
    };
    run(command)
}

#[cfg(target_os = "freebsd")]
fn run(command: cli::Command) -> ExitCode {
    match rjail_userland::freebsd::execute(&command) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(failed) => {
            // jls prints its header before it looks the jail up, so it is
            // there, after the message, even when the lookup fails.
            eprintln!("rjail: {}", failed.message);
            print!("{}", failed.output);
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_os = "freebsd"))]
fn run(_command: cli::Command) -> ExitCode {
    eprintln!("rjail: the rjail module runs on FreeBSD only");
    ExitCode::FAILURE
}
