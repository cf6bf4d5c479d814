#!/bin/sh
# Builds the kernel test suite as one static FreeBSD amd64 executable:
#   build/rjail-ktest
# Works on Linux and on FreeBSD: rustc compiles for x86_64-unknown-freebsd
# (only `core` and `alloc`, no libc) and lld links it statically with the
# FreeBSD emulation (ELF OSABI FreeBSD); the ABI note comes from the program.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/build"
target=x86_64-unknown-freebsd

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
if ! rustc --print target-libdir --target "$target" >/dev/null 2>&1 ||
    [ ! -d "$(rustc --print target-libdir --target "$target")" ]; then
    echo "build.sh: the $target standard library is missing: rustup target add $target" >&2
    exit 1
fi

mkdir -p "$out"
cargo rustc --quiet --manifest-path "$top/tests/kernel/Cargo.toml" \
    --target-dir "$top/target/ktest" \
    --release --target "$target" --bin rjail-ktest -- \
    -C linker="$lld" -C linker-flavor=ld.lld -C relocation-model=static \
    -C link-arg=-static -C link-arg=-m -C link-arg=elf_x86_64_fbsd
cp "$top/target/ktest/$target/release/rjail-ktest" "$out/rjail-ktest"
echo "built $out/rjail-ktest"
