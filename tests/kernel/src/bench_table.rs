//! The benchmark's arithmetic and its table, as plain code tested on any
//! host: medians of tick samples, ratios and throughputs in fixed point (the
//! program prints no floats), and the lines of the block `make vmbench`
//! prints.
//!
//! Every line of the table is printed with [`PREFIX`] in front, so the runner
//! can cut the block out of a console log that also carries the kernel's
//! messages; without the prefix the block is ready to paste.

use alloc::format;
use alloc::string::String;

/// The marker every table line starts with on the console.
pub const PREFIX: &str = "RJAIL-BENCH ";

/// The median of `samples` (the lower middle one for an even count), which
/// it sorts; 0 for no sample.
pub fn median(samples: &mut [u64]) -> u64 {
    samples.sort_unstable();
    match samples.len() {
        0 => 0,
        n => samples.get((n - 1) / 2).copied().unwrap_or(0),
    }
}

/// `a / b` with two decimals, as text ("82.07x"); "-" when either side is
/// missing or `b` is 0.
pub fn ratio(a: Option<u64>, b: Option<u64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0 => {
            let hundredths = (u128::from(a) * 100 + u128::from(b) / 2) / u128::from(b);
            format!("{}.{:02}x", hundredths / 100, hundredths % 100)
        }
        _ => String::from("-"),
    }
}

/// Calls per million ticks, for `calls` calls that took `ticks` in all.
pub fn per_mega_tick(calls: u64, ticks: u64) -> u64 {
    if ticks == 0 {
        return 0;
    }
    let value = u128::from(calls) * 1_000_000 / u128::from(ticks);
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// A cost, or "-" when it was not measured (the call failed).
pub fn cell(value: Option<u64>) -> String {
    value.map_or_else(|| String::from("-"), |v| format!("{v}"))
}

/// The header of the system-call table.
pub fn calls_header() -> String {
    format!(
        "{:<22} {:>7} {:>11} {:>11} {:>11}",
        "operation", "prisons", "base", "rjail", "base/rjail"
    )
}

/// One row of the system-call table: ticks per call of each side and how
/// many times faster rjail is (above 1: rjail is faster).
pub fn calls_row(op: &str, prisons: usize, base: Option<u64>, rjail: Option<u64>) -> String {
    format!(
        "{:<22} {:>7} {:>11} {:>11} {:>11}",
        op,
        prisons,
        cell(base),
        cell(rjail),
        ratio(base, rjail)
    )
}

/// The header of the hook table: the same call made by a host process, a
/// prisoner of the base system's jail and (once loaded) a prisoner of
/// rjail's, with rjail not loaded ("off") and loaded ("on").
pub fn hooks_header() -> String {
    format!(
        "{:<8} {:>10} {:>12} {:>10} {:>12} {:>13}",
        "call", "host,off", "base jl,off", "host,on", "base jl,on", "rjail jl,on"
    )
}

/// One row of the hook table.
pub fn hooks_row(call: &str, costs: [Option<u64>; 5]) -> String {
    let [a, b, c, d, e] = costs.map(cell);
    format!("{call:<8} {a:>10} {b:>12} {c:>10} {d:>12} {e:>13}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_lower_middle() {
        assert_eq!(median(&mut [5, 1, 9]), 5);
        assert_eq!(median(&mut [4, 1, 3, 2]), 2);
        assert_eq!(median(&mut [7]), 7);
        assert_eq!(median(&mut []), 0);
    }

    #[test]
    fn ratios_round_to_hundredths() {
        assert_eq!(ratio(Some(9_900_000), Some(121_000)), "81.82x");
        assert_eq!(ratio(Some(46_000), Some(92_000)), "0.50x");
        assert_eq!(ratio(Some(2), Some(3)), "0.67x");
        assert_eq!(ratio(Some(1), Some(0)), "-");
        assert_eq!(ratio(None, Some(3)), "-");
    }

    #[test]
    fn throughput_in_calls_per_million_ticks() {
        assert_eq!(per_mega_tick(400, 40_000_000), 10);
        assert_eq!(per_mega_tick(1, 0), 0);
    }

    #[test]
    fn rows_line_up_with_their_headers() {
        let row = calls_row("get name oldest", 10_000, Some(9_900_000), Some(121_000));
        assert_eq!(row.len(), calls_header().len());
        assert!(row.ends_with("81.82x"));
        let hook = hooks_row("bind", [Some(1), None, Some(3), Some(4), Some(5)]);
        assert_eq!(hook.len(), hooks_header().len());
        assert!(hook.contains(" - "));
    }
}
