#!/bin/sh
# Builds the memory-disk root a program of the suite boots into:
#   build/ktest-root.img   UFS1 file system with (for PROGRAM rjail-ktest,
#                          the default; rjail-kbench gets kbench-root.img)
#     /sbin/init                 build/PROGRAM (it knows it is PID 1)
#     /boot/modules/rjail.ko     the module under test
#     /sbin/rjail-statfs32       a 32-bit probe (statfs through COMPAT_FREEBSD32)
#     /dev                       empty; the kernel mounts devfs there
#     /tmp                       where the suite makes its scratch directory
#     /etc/rjail-ktest.stress    only with RJAIL_STRESS=SECONDS (make vmstress):
#                                the suite runs its stress mode that long
#                                instead of the cases
#     the tree RJAIL_WORLD names, when set: a FreeBSD run-time tree (the
#     run-time linker, libraries, /bin/sh, /sbin/sysctl, jail(8), ...) laid
#     in under the suite's own files, so cases can run FreeBSD's programs
#     /usr/sbin/rjail, /usr/lib/librjail_compat.so.1
#                                when make built them (RJAIL_FREEBSD_SYSROOT
#                                on Linux): the tool and the compat library
# UFS1 because Debian's makefs writes UFS2 superblocks FreeBSD 15 rejects;
# FreeBSD's own makefs takes the same options.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/build"
program="${1:-rjail-ktest}"
suite="$out/$program"
module="${RJAIL_KO:-$out/rjail.ko}"
image="$out/${program#rjail-}-root.img"
staging="$out/${program#rjail-}-root"

[ -f "$suite" ] || { echo "mkroot.sh: $suite missing (run tests/kernel/build.sh)" >&2; exit 1; }
[ -f "$module" ] || { echo "mkroot.sh: $module missing (run make)" >&2; exit 1; }
command -v makefs >/dev/null 2>&1 || { echo "mkroot.sh: makefs not found (Debian: apt-get install makefs)" >&2; exit 1; }

world="${RJAIL_WORLD:-}"
if [ -n "$world" ] && [ ! -d "$world" ]; then
    echo "mkroot.sh: RJAIL_WORLD=$world is not a directory" >&2
    exit 1
fi

rm -rf "$staging"
mkdir -p "$staging"
if [ -n "$world" ]; then
    # The world's files are read-only where it is kept; the copy must not be.
    cp -R "$world/." "$staging/"
    chmod -R u+w "$staging"
fi
mkdir -p "$staging/sbin" "$staging/boot/modules" "$staging/dev" "$staging/tmp"
cp "$suite" "$staging/sbin/init"
cp "$out/rjail-statfs32" "$staging/sbin/rjail-statfs32"
chmod 0555 "$staging/sbin/rjail-statfs32"
cp "$module" "$staging/boot/modules/rjail.ko"
chmod 0555 "$staging/sbin/init"
chmod 0444 "$staging/boot/modules/rjail.ko"
if [ -f "$out/freebsd/rjail" ] && [ -f "$out/freebsd/librjail_compat.so.1" ]; then
    mkdir -p "$staging/usr/sbin" "$staging/usr/lib"
    cp "$out/freebsd/rjail" "$staging/usr/sbin/rjail"
    cp "$out/freebsd/librjail_compat.so.1" "$staging/usr/lib/librjail_compat.so.1"
fi
chmod 1777 "$staging/tmp"
if [ -n "${RJAIL_STRESS:-}" ]; then
    mkdir -p "$staging/etc"
    echo "$RJAIL_STRESS" >"$staging/etc/rjail-ktest.stress"
fi

rm -f "$image"
# 32 MB beyond what the files take leaves room for the prisons' directories;
# -B le: amd64 byte order.
used_kb=$(du -sk "$staging" | cut -f1)
size_mb=$((used_kb / 1024 + 32))
makefs -t ffs -o version=1 -B le -s "${size_mb}m" "$image" "$staging" >/dev/null
echo "built $image${world:+ (with the FreeBSD tree $world)}"
