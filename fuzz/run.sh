#!/bin/sh
# Runs the libFuzzer targets of fuzz/ (cargo-fuzz), one at a time.
#
#   sh fuzz/run.sh ci [SECONDS]   each target for SECONDS (default 5)
#   sh fuzz/run.sh full [RUNS]    each target for RUNS executions (default
#                                 10000000); takes hours on two cores
#   sh fuzz/run.sh seeds          rewrites the seed corpus (fuzz/corpus)
#   FUZZ_TARGETS="a b" limits the targets; FUZZ_TARGET_DIR builds elsewhere
#   than fuzz/target.
#
# Installs what it needs when missing: cargo-fuzz (cargo install --locked)
# and a C++ compiler for libFuzzer (clang++-19 when present, else g++ with
# apt-get). Uses the default toolchain with RUSTC_BOOTSTRAP=1 for the
# sanitizer flags cargo-fuzz passes, so no nightly toolchain is needed.
# Targets are built optimised with debug assertions (-O -a), so an integer
# overflow is a crash too, and with AddressSanitizer (cargo-fuzz's default).
# New inputs go to build/fuzz-corpus/<target>; fuzz/corpus/<target> (the
# committed seeds and regression inputs) is only read. A crash leaves its
# input in fuzz/artifacts/<target>/ and fails the script; logs are
# build/fuzz-<target>.log.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mode="${1:-ci}"
targets="${FUZZ_TARGETS:-legacy_jail iovec_options sockaddr sysctl_input xprison}"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz >&2
fi
if ! command -v c++ >/dev/null 2>&1 && [ -z "${CXX:-}" ]; then
    if command -v clang++-19 >/dev/null 2>&1; then
        CXX=clang++-19
        export CXX
    else
        echo "fuzz: installing g++ for libFuzzer" >&2
        apt-get install -y g++ >&2
    fi
fi
RUSTC_BOOTSTRAP=1
export RUSTC_BOOTSTRAP

case "$mode" in
seeds)
    exec cargo run -q --manifest-path fuzz/Cargo.toml --example write_seeds
    ;;
ci)
    limit="-max_total_time=${2:-5}"
    ;;
full)
    limit="-runs=${2:-10000000}"
    ;;
*)
    echo "usage: sh fuzz/run.sh ci [SECONDS] | full [RUNS] | seeds" >&2
    exit 2
    ;;
esac

# shellcheck disable=SC2086  # $dir_option is empty or one option and its value
dir_option=${FUZZ_TARGET_DIR:+--target-dir=$FUZZ_TARGET_DIR}
cargo fuzz build -O -a $dir_option
for target in $targets; do
    mkdir -p "build/fuzz-corpus/$target"
    started=$(date +%s)
    # One process in the foreground (what -jobs=1 amounts to), so a crash
    # is its exit status; the log is kept in build/.
    log="build/fuzz-$target.log"
    # shellcheck disable=SC2086
    if ! cargo fuzz run -O -a $dir_option "$target" "build/fuzz-corpus/$target" "fuzz/corpus/$target" -- \
        "$limit" >"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "fuzz: $target FAILED (input in fuzz/artifacts/$target/, log $log)" >&2
        exit 1
    fi
    ended=$(date +%s)
    echo "fuzz: $target ok in $((ended - started)) s: $(grep -a '^Done' "$log" | tail -1)"
done
