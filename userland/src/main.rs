//! `rjail`: create, modify, list, enter and remove rjail prisons.

use std::process::ExitCode;

use rjail_userland::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("rjail: {message}");
            return ExitCode::from(64);
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
        Err(message) => {
            eprintln!("rjail: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(target_os = "freebsd"))]
fn run(_command: cli::Command) -> ExitCode {
    eprintln!("rjail: the rjail module runs on FreeBSD only");
    ExitCode::FAILURE
}
