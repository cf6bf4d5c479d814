#!/bin/sh
# Builds the FreeBSD rjail tool and the compat library (what make runs):
#   build/freebsd/rjail                   the rjail(8) tool
#   build/freebsd/librjail_compat.so.1    the library that makes FreeBSD's
#                                         jail(8), jls(8), jexec(8) act on
#                                         rjail (LD_PRELOAD)
# On FreeBSD: against the host's /usr (cc, and cargo's native target).
# Elsewhere: for x86_64-unknown-freebsd with clang and lld against the
# FreeBSD 15 sysroot named by RJAIL_FREEBSD_SYSROOT (headers in usr/include,
# libraries in usr/lib and lib); without it, says nothing FreeBSD was built
# and succeeds.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
here="$top/userland/freebsd"
out="$top/build/freebsd"
target=x86_64-unknown-freebsd
compat_src="$top/userland/compat/rjail_compat.c"
cflags="-O2 -Wall -Wextra -Werror -fPIC -shared -Wl,-soname,librjail_compat.so.1"

if [ "$(uname -s)" = FreeBSD ]; then
    mkdir -p "$out"
    cargo build -q --release -p rjail-userland
    cp "$top/target/release/rjail" "$out/rjail"
    # shellcheck disable=SC2086  # $cflags is a list of options
    ${CC:-cc} $cflags -o "$out/librjail_compat.so.1" "$compat_src"
    echo "built $out/rjail and $out/librjail_compat.so.1"
    exit 0
fi

if [ -z "${RJAIL_FREEBSD_SYSROOT:-}" ]; then
    echo "note: the FreeBSD rjail tool and librjail_compat were not built" \
        "(set RJAIL_FREEBSD_SYSROOT to a FreeBSD 15 sysroot to build them)"
    exit 0
fi
[ -d "$RJAIL_FREEBSD_SYSROOT/usr/include" ] || {
    echo "build.sh: RJAIL_FREEBSD_SYSROOT=$RJAIL_FREEBSD_SYSROOT has no usr/include" >&2
    exit 1
}

# clang-19 and lld, installed with apt when missing (this can run before
# kmod/build.sh, which needs the same toolchain).
say() { printf '%s\n' "$*" >&2; }
. "$top/kmod/toolchain.sh"
ensure_debian_tools

if ! libdir=$(rustc --print target-libdir --target "$target" 2>/dev/null) || [ ! -d "$libdir" ]; then
    echo "build.sh: installing the $target standard library with rustup" >&2
    rustup target add "$target" >&2
fi

# A sysroot of links clang and lld can read, whatever form SRC keeps its
# symbolic links in (see sysroot.sh).
sh "$here/sysroot.sh" "$RJAIL_FREEBSD_SYSROOT" "$out/sysroot"
RJAIL_FREEBSD_SYSROOT="$out/sysroot"
export RJAIL_FREEBSD_SYSROOT

CARGO_TARGET_X86_64_UNKNOWN_FREEBSD_LINKER="$here/cc.sh" \
    cargo build -q --release -p rjail-userland --target "$target"
cp "$top/target/$target/release/rjail" "$out/rjail"
# shellcheck disable=SC2086  # $cflags is a list of options
sh "$here/cc.sh" $cflags -o "$out/librjail_compat.so.1" "$compat_src"
echo "built $out/rjail and $out/librjail_compat.so.1 (FreeBSD amd64)"
