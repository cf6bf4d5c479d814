#!/bin/sh
# Builds a program of the kernel suite as one static FreeBSD amd64
# executable: build/PROGRAM, where PROGRAM ($1) is rjail-ktest (the suite,
# the default), rjail-kbench (the benchmark) or rjail-kfuzz (the fuzzer).
# Works on Linux and on FreeBSD: rustc compiles for x86_64-unknown-freebsd
# (only `core` and `alloc`, no libc) and lld links it statically with the
# FreeBSD emulation (ELF OSABI FreeBSD); the ABI note comes from the program.
# Installs the x86_64-unknown-freebsd target with rustup when it is missing.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/build"
target=x86_64-unknown-freebsd
program="${1:-rjail-ktest}"

find_lld() {
    for candidate in ld.lld-19 ld.lld; do
        if command -v "$candidate" >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    sysroot=$(rustc --print sysroot)
    for candidate in "$sysroot"/lib/rustlib/*/bin/rust-lld; do
        if [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

lld=$(find_lld) || {
    echo "build.sh: no lld found (ld.lld-19, ld.lld or rustup's rust-lld)" >&2
    exit 1
}
target_installed() {
    libdir=$(rustc --print target-libdir --target "$target" 2>/dev/null) &&
        [ -d "$libdir" ]
}

# The suite links against the prebuilt core/alloc of the FreeBSD target;
# rustup installs them when they are missing, as kmod/build.sh does for the
# module's target.
if ! target_installed; then
    command -v rustup >/dev/null 2>&1 || {
        echo "build.sh: the $target standard library is missing and rustup is not installed" >&2
        exit 1
    }
    echo "build.sh: installing the $target standard library with rustup" >&2
    rustup target add "$target" >&2
    target_installed || {
        echo "build.sh: rustup target add $target did not provide its standard library" >&2
        exit 1
    }
fi

mkdir -p "$out"
cargo rustc --quiet --manifest-path "$top/tests/kernel/Cargo.toml" \
    --target-dir "$top/target/ktest" \
    --release --target "$target" --bin "$program" -- \
    -C linker="$lld" -C linker-flavor=ld.lld -C relocation-model=static \
    -C link-arg=-static -C link-arg=-m -C link-arg=elf_x86_64_fbsd
cp "$top/target/ktest/$target/release/$program" "$out/$program"
echo "built $out/$program"

# A 32-bit (i386) probe the suite runs inside prisons: it reaches the
# kernel through the COMPAT_FREEBSD32 system call table.
cc32=""
for candidate in clang-19 clang; do
    if command -v "$candidate" >/dev/null 2>&1; then
        cc32=$candidate
        break
    fi
done
if [ -z "$cc32" ]; then
    echo "build.sh: no clang to assemble the 32-bit probe" >&2
    exit 1
fi
"$cc32" --target=i386-unknown-freebsd15.0 -c "$top/tests/kernel/compat32/statfs32.S" \
    -o "$out/rjail-statfs32.o"
"$lld" -m elf_i386_fbsd -static -o "$out/rjail-statfs32" "$out/rjail-statfs32.o"
echo "built $out/rjail-statfs32"
