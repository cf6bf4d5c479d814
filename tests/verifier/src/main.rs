//! `rjail-verify-ko OBJECT --kpi DIR [--allow NAME]... [-v] [-W]`
//!
//! Exit status: 0 when the object is loadable, 1 when findings are printed
//! (one per line), 2 for a usage or I/O error.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use rjail_verify_ko::{kpi, verify, Config, Severity, DEFAULT_MAX_FRAME};

const USAGE: &str = "usage: rjail-verify-ko OBJECT --kpi HEADER_DIR [--allow NAME]... \
[--max-frame BYTES] [-W|--warnings-as-errors] [-v|--verbose]
       rjail-verify-ko --print-kpi --kpi HEADER_DIR   (list the names the headers declare)";

struct Options {
    /// `None` with `--print-kpi`.
    object: Option<PathBuf>,
    kpi_dirs: Vec<PathBuf>,
    allow: BTreeSet<String>,
    max_frame: u64,
    warnings_are_errors: bool,
    verbose: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut object = None;
    let mut kpi_dirs = Vec::new();
    let mut allow = BTreeSet::new();
    let mut max_frame = DEFAULT_MAX_FRAME;
    let mut warnings_are_errors = false;
    let mut verbose = false;
    let mut print_kpi = false;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--kpi" => kpi_dirs.push(PathBuf::from(value("--kpi")?)),
            "--allow" => {
                allow.insert(value("--allow")?);
            }
            "--max-frame" => {
                let text = value("--max-frame")?;
                max_frame = text
                    .parse()
                    .map_err(|_| format!("--max-frame: `{text}` is not a byte count"))?;
            }
            "-W" | "--warnings-as-errors" => warnings_are_errors = true,
            "-v" | "--verbose" => verbose = true,
            "--print-kpi" => print_kpi = true,
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option {flag}"))
            }
            path => {
                if object.replace(PathBuf::from(path)).is_some() {
                    return Err("exactly one object file, please".to_string());
                }
            }
        }
    }
    if object.is_none() && !print_kpi {
        return Err("no object file given".to_string());
    }
    if kpi_dirs.is_empty() {
        return Err("--kpi HEADER_DIR is required (the curated kernel headers)".to_string());
    }
    Ok(Options {
        object,
        kpi_dirs,
        allow,
        max_frame,
        warnings_are_errors,
        verbose,
    })
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if message.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("rjail-verify-ko: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut declared = BTreeSet::new();
    for dir in &options.kpi_dirs {
        match kpi::load_kpi_dir(dir) {
            Ok(names) => declared.extend(names),
            Err(error) => {
                eprintln!(
                    "rjail-verify-ko: reading KPI headers in {}: {error}",
                    dir.display()
                );
                return ExitCode::from(2);
            }
        }
    }
    let Some(object_path) = options.object else {
        // --print-kpi
        for name in &declared {
            println!("{name}");
        }
        return ExitCode::SUCCESS;
    };
    let data = match std::fs::read(&object_path) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("rjail-verify-ko: {}: {error}", object_path.display());
            return ExitCode::from(2);
        }
    };
    let kpi_names = declared.len();
    let config = Config {
        kpi: declared,
        allow: options.allow,
        max_frame: options.max_frame,
    };
    let report = verify(&data, &config);
    let object = object_path.display();
    for finding in &report.findings {
        println!("{object}: {finding}");
    }
    if options.verbose {
        let stats = &report.stats;
        println!(
            "{object}: {} sections, {} relocations, {} undefined symbols checked against {kpi_names} KPI names",
            stats.sections, stats.relocations, stats.undefined_symbols
        );
        println!(
            "{object}: {} functions, {} instructions decoded ({} undecodable byte sequences)",
            stats.functions, stats.instructions, stats.undecodable_instructions
        );
        match &stats.largest_frame {
            Some((function, size)) => {
                println!("{object}: largest stack frame: {size} bytes in {function}")
            }
            None => println!("{object}: largest stack frame: no function symbols"),
        }
    }
    let failing = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error || options.warnings_are_errors);
    if failing {
        ExitCode::from(1)
    } else {
        if options.verbose {
            println!("{object}: loadable");
        }
        ExitCode::SUCCESS
    }
}
