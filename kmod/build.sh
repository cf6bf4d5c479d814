#!/bin/sh
# Builds rjail.ko into build/rjail.ko and verifies it; the last line printed
# is the module's path.
#
# On Linux: installs what is missing (clang/lld/llvm 19, libclang for
# bindgen, the rustup target and rust-src), builds the Rust staticlib for
# x86_64-unknown-none, compiles the C glue against sys-headers/ with the
# flags FreeBSD's kern.mk/kmod.mk use, and links the module the way
# bsd.kmod.mk does on amd64.
# On FreeBSD: builds the Rust staticlib the same way, then lets bsd.kmod.mk
# compile the glue against the real kernel sources (SYSDIR, default
# /usr/src/sys) and link it (kmod/Makefile).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

RUST_TARGET=x86_64-unknown-none
RUST_LIB=target/$RUST_TARGET/release/librjail.a
OUT=build
OBJ=$OUT/obj
KO=$OUT/rjail.ko
# Glue sources, in link order: rjail_module.c comes first so that its
# module is the first one the kernel unloads (see rjail_module.c).
GLUE="rjail_module rjail_syscalls rjail_mac rjail_sysctl rjail_kern"

say() { printf '%s\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_debian_tools() {
	missing=
	for tool in clang-19 ld.lld-19 llvm-objcopy-19 llvm-nm-19; do
		command -v "$tool" >/dev/null 2>&1 || missing=yes
	done
	[ -e /usr/lib/llvm-19/lib/libclang.so ] || missing=yes
	if [ -n "$missing" ]; then
		say "installing clang-19 lld-19 llvm-19 libclang-19-dev"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    clang-19 lld-19 llvm-19 libclang-19-dev >/dev/null
	fi
	# bindgen finds libclang here on Debian.
	LIBCLANG_PATH=${LIBCLANG_PATH:-/usr/lib/llvm-19/lib}
	export LIBCLANG_PATH
}

ensure_rust() {
	if ! command -v cargo >/dev/null 2>&1; then
		say "cargo not found: install Rust with rustup first"
		exit 1
	fi
	if command -v rustup >/dev/null 2>&1; then
		rustup target list --installed | grep -qx "$RUST_TARGET" ||
		    rustup target add "$RUST_TARGET" >&2
		rustup component list --installed | grep -q '^rust-src' ||
		    rustup component add rust-src >&2
	fi
}

# The Rust half: a staticlib with core/alloc rebuilt for the kernel code
# model (the prebuilt sysroot is position-independent, hence
# -Z build-std, allowed on stable by RUSTC_BOOTSTRAP). relro-level=off
# keeps libcalls off the GOT, whose relocations the kld linker rejects.
# Source paths in panic messages are remapped so the module does not carry
# the build machine's directories.
build_rust() {
	sysroot=$(rustc --print sysroot)
	RUSTC_BOOTSTRAP=1 \
	RUSTFLAGS="-C code-model=kernel -C relocation-model=static \
	    -C relro-level=off -C no-redzone=yes -C force-frame-pointers=yes \
	    -C force-unwind-tables=no --remap-path-prefix=$ROOT=rjail \
	    --remap-path-prefix=$sysroot=rust" \
	cargo rustc -q --lib --release --crate-type staticlib \
	    --target "$RUST_TARGET" -Z build-std=core,alloc \
	    --features kernel-bindings
}

# kern.mk's amd64 kernel flags plus kmod.mk's -D_KERNEL -DKLD_MODULE.
GLUE_CFLAGS="--target=x86_64-unknown-freebsd15.0 -O2 -pipe -fno-pic \
    -fno-strict-aliasing -Werror -D_KERNEL -DKLD_MODULE -nostdinc \
    -Isys-headers -Ikmod -fno-common -fno-omit-frame-pointer \
    -mno-omit-leaf-frame-pointer -mcmodel=kernel -mno-red-zone -mno-mmx \
    -mno-sse -msoft-float -fno-asynchronous-unwind-tables -mno-aes -mno-avx \
    -ffreestanding -fwrapv -fstack-protector -std=gnu17 -Wall \
    -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wcast-qual \
    -Wundef -Wno-pointer-sign -Wmissing-include-dirs -Wno-unknown-pragmas"

build_glue() {
	mkdir -p "$OBJ"
	objs=
	for name in $GLUE; do
		# shellcheck disable=SC2086
		clang-19 $GLUE_CFLAGS -c "kmod/$name.c" -o "$OBJ/$name.o"
		objs="$objs $OBJ/$name.o"
	done
	# Proves the curated headers' layout claims once more (no code).
	# shellcheck disable=SC2086
	clang-19 $GLUE_CFLAGS -fsyntax-only kmod/layout_check.c
	GLUE_OBJS=$objs
}

# What kmod.mk does on amd64: one relocatable object (ld -r), then every
# defined symbol made local (EXPORT_SYMS=NO); only the undefined ones,
# which the kernel resolves, stay global.
link_module() {
	anchors=
	for sym in $(llvm-nm-19 -u $GLUE_OBJS | awk '/ rjail_rs_/ {print $2}' | sort -u); do
		anchors="$anchors -u $sym"
	done
	# shellcheck disable=SC2086
	ld.lld-19 -m elf_x86_64_fbsd -r --build-id=sha1 $anchors \
	    -o "$OBJ/rjail.ko.full" $GLUE_OBJS "$RUST_LIB"
	llvm-objcopy-19 --remove-section=.llvmbc --remove-section=.llvmcmd \
	    --wildcard --localize-symbol='*' "$OBJ/rjail.ko.full" "$KO"
}

verify_module() {
	if [ ! -f tests/verifier/Cargo.toml ]; then
		say "warning: tests/verifier missing, $KO not verified"
		return 0
	fi
	cargo run -q --release -p rjail-verify-ko -- "$KO" --kpi sys-headers >&2
}

case "$(uname -s)" in
FreeBSD)
	ensure_rust
	build_rust
	make -C kmod ${SYSDIR:+SYSDIR="$SYSDIR"} >&2
	mkdir -p "$OUT"
	cp kmod/rjail.ko "$KO"
	;;
*)
	ensure_debian_tools
	ensure_rust
	build_rust
	build_glue
	link_module
	;;
esac
verify_module
printf '%s\n' "$ROOT/$KO"
