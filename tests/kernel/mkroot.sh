#!/bin/sh
# Builds the memory-disk root the suite boots into:
#   build/ktest-root.img   UFS1 file system with
#     /sbin/init                 the suite (it knows it is PID 1)
#     /boot/modules/rjail.ko     the module under test
#     /dev                       empty; the kernel mounts devfs there
#     /tmp                       where the suite makes its scratch directory
# and, when RJAIL_WORLD names a FreeBSD run-time tree (ld-elf.so.1, the
# shared libraries, /bin/sh, /sbin/sysctl, ...), that tree under it, so the
# suite can run FreeBSD's own programs (the image grows to fit).
# UFS1 because Debian's makefs writes UFS2 superblocks FreeBSD 15 rejects;
# FreeBSD's own makefs takes the same options.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out="$top/build"
suite="$out/rjail-ktest"
module="${RJAIL_KO:-$out/rjail.ko}"
image="$out/ktest-root.img"
staging="$out/ktest-root"

[ -f "$suite" ] || { echo "mkroot.sh: $suite missing (run tests/kernel/build.sh)" >&2; exit 1; }
[ -f "$module" ] || { echo "mkroot.sh: $module missing (run make)" >&2; exit 1; }
command -v makefs >/dev/null 2>&1 || { echo "mkroot.sh: makefs not found (Debian: apt-get install makefs)" >&2; exit 1; }

if [ -n "${RJAIL_WORLD:-}" ] && [ ! -d "$RJAIL_WORLD" ]; then
	echo "mkroot.sh: RJAIL_WORLD=$RJAIL_WORLD is not a directory" >&2
	exit 1
fi

rm -rf "$staging"
mkdir -p "$staging"
# The world first: the suite's own /sbin/init and module go over it.
if [ -n "${RJAIL_WORLD:-}" ]; then
	cp -R -P "$RJAIL_WORLD/." "$staging/"
fi
mkdir -p "$staging/sbin" "$staging/boot/modules" "$staging/dev" "$staging/tmp"
cp "$suite" "$staging/sbin/init"
cp "$module" "$staging/boot/modules/rjail.ko"
chmod 0555 "$staging/sbin/init"
chmod 0444 "$staging/boot/modules/rjail.ko"
chmod 1777 "$staging/tmp"

rm -f "$image"
# 32 MB more than the contents leaves room for the prisons' directories;
# -B le: amd64 byte order.
used_mb=$(du -sm "$staging" | awk '{print $1}')
size_mb=$((used_mb + 32))
makefs -t ffs -o version=1 -B le -s "${size_mb}m" "$image" "$staging" >/dev/null
if [ -n "${RJAIL_WORLD:-}" ]; then
	echo "built $image (${size_mb} MB, with the world of $RJAIL_WORLD)"
else
	echo "built $image (${size_mb} MB)"
fi
