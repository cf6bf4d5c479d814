#!/bin/sh
# C compiler and linker for x86_64-unknown-freebsd on a non-FreeBSD host:
# clang with lld against the FreeBSD sysroot named by RJAIL_FREEBSD_SYSROOT
# (headers in usr/include, libraries and C run-time objects in usr/lib and
# lib). Cargo uses it as the target's linker; build.sh compiles the compat
# library with it.
set -eu
: "${RJAIL_FREEBSD_SYSROOT:?RJAIL_FREEBSD_SYSROOT must name a FreeBSD 15 sysroot}"
cc=
for candidate in clang-19 clang; do
    if command -v "$candidate" >/dev/null 2>&1; then
        cc=$candidate
        break
    fi
done
[ -n "$cc" ] || { echo "cc.sh: clang-19 not found" >&2; exit 1; }
exec "$cc" --target=x86_64-unknown-freebsd15.0 --sysroot="$RJAIL_FREEBSD_SYSROOT" \
    -fuse-ld=lld "$@"
