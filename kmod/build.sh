#!/bin/sh
# Builds rjail.ko into build/rjail.ko and verifies it; the last line printed
# is the module's path.
#
# On Linux: installs what is missing (clang/lld/llvm 19, libclang for
# bindgen, the rustup target and rust-src), builds the Rust staticlib for
# x86_64-unknown-none, compiles the C glue against sys-headers/ with the
# flags FreeBSD's kern.mk/kmod.mk use, and links the module the way
# bsd.kmod.mk does on amd64.
# On FreeBSD: installs libclang for bindgen if it is missing (pkg llvm19),
# builds the Rust staticlib the same way, then lets bsd.kmod.mk compile the
# glue against the real kernel sources (SYSDIR, default /usr/src/sys) and
# link it (kmod/Makefile), in make's object directory for kmod/ (kmod/
# itself unless MAKEOBJDIRPREFIX or WITH_AUTO_OBJ says otherwise).
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
GLUE="rjail_module rjail_syscalls rjail_sysent rjail_mac rjail_sysctl rjail_kern rjail_basectl rjail_inet"

say() { printf '%s\n' "$*" >&2; }

# as_root and ensure_debian_tools, shared with the FreeBSD userland build.
. "$ROOT/kmod/toolchain.sh"

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
	# compiler_builtins in many codegen units lets the link keep only the
	# intrinsics used; it exists as a package only under build-std, so it is
	# set here rather than in Cargo.toml (where host builds would warn).
	sysroot=$(rustc --print sysroot)
	RUSTC_BOOTSTRAP=1 \
	RUSTFLAGS="-C code-model=kernel -C relocation-model=static \
	    -C relro-level=off -C no-redzone=yes -C force-frame-pointers=yes \
	    -C force-unwind-tables=no --remap-path-prefix=$ROOT=rjail \
	    --remap-path-prefix=$sysroot=rust" \
	cargo rustc -q --lib --release --crate-type staticlib \
	    --config 'profile.release.package.compiler_builtins.codegen-units=10000' \
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
	ld.lld-19 -m elf_x86_64_fbsd -r --build-id=sha1 -T kmod/rjail.ld $anchors \
	    -o "$OBJ/rjail.ko.full" $GLUE_OBJS "$RUST_LIB"
	llvm-objcopy-19 --remove-section=.llvmbc --remove-section=.llvmcmd \
	    --wildcard --localize-symbol='*' "$OBJ/rjail.ko.full" "$KO"
}

# Extra undefined symbols the verifier must accept (set by the FreeBSD build).
VERIFY_ALLOW=

verify_module() {
	if [ ! -f tests/verifier/Cargo.toml ]; then
		say "warning: tests/verifier missing, $KO not verified"
		return 0
	fi
	# shellcheck disable=SC2086
	cargo run -q --release -p rjail-verify-ko -- "$KO" --kpi sys-headers \
	    $VERIFY_ALLOW >&2
}

# bindgen (build.rs) loads libclang, which FreeBSD's base system lacks; the
# llvm packages put it in /usr/local/llvmNN/lib, where clang-sys looks too.
ensure_freebsd_tools() {
	if [ -n "${LIBCLANG_PATH:-}" ]; then
		return 0
	fi
	for lib in /usr/local/llvm*/lib/libclang.so; do
		[ -e "$lib" ] && return 0
	done
	say "installing llvm19 (libclang for bindgen)"
	as_root pkg install -y llvm19 >&2
}

# Asks bsd.kmod.mk where it builds (this also fails early, with its own
# message, when no kernel source tree is found) and which tree it uses.
locate_kmod_build() {
	if ! KMOD_OBJDIR=$(make -C kmod ${SYSDIR:+SYSDIR="$SYSDIR"} -V .OBJDIR) ||
	    ! KMOD_SYSDIR=$(make -C kmod ${SYSDIR:+SYSDIR="$SYSDIR"} -V SYSDIR); then
		say "bsd.kmod.mk needs the FreeBSD kernel sources of the running" \
		    "release in /usr/src/sys, or SYSDIR=<dir>"
		exit 1
	fi
}

# DECLARE_MODULE makes the module depend on the kernel version of the
# headers it was compiled with, up to the end of that major release: built
# against sources newer than the running kernel, it would not load.
check_kernel_version() {
	running=$(sysctl -n kern.osreldate)
	built=$(awk '$1 == "#define" && $2 == "__FreeBSD_version" {print $3}' \
	    "$KMOD_SYSDIR/sys/param.h")
	if [ "$running" != "$built" ]; then
		say "warning: $KMOD_SYSDIR is __FreeBSD_version $built, the running" \
		    "kernel is $running: kldload refuses a module built for a newer" \
		    "kernel or another major release"
	fi
}

case "$(uname -s)" in
FreeBSD)
	ensure_freebsd_tools
	ensure_rust
	locate_kmod_build
	build_rust
	make -C kmod ${SYSDIR:+SYSDIR="$SYSDIR"} >&2
	mkdir -p "$OUT"
	cp "$KMOD_OBJDIR/rjail.ko" "$KO"
	check_kernel_version
	# The real sys/pcpu.h declares the bounds of the kernel's per-CPU
	# linker set global in every object that includes it; the kernel
	# defines them, and every module built with the real headers lists them.
	VERIFY_ALLOW="--allow __start_set_pcpu --allow __stop_set_pcpu"
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
