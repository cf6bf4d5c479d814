#!/bin/sh
# Copies a FreeBSD VM image's boot files out of it, without mounting it:
#   sh bootfiles.sh IMAGE OUTDIR
# IMAGE: a FreeBSD amd64 disk image (raw, qcow2, vmdk, vhd/vpc, vhdx) with a
# UFS1/UFS2 (or ZFS, root dataset ROOT/default) file system holding /boot.
# OUTDIR receives a small copy of that /boot directory, laid out as
# vmtest.sh's RJAIL_BOOT_DIR expects:
#   OUTDIR/kernel/kernel
#   OUTDIR/cdboot
#   OUTDIR/loader_simp, else OUTDIR/loader_4th, else OUTDIR/loader with
#   OUTDIR/lua/ and OUTDIR/defaults/
#
# GRUB's file system drivers read the image from user space (grub-fstest,
# Debian package grub-common): no loop device, no mount, no root needed.
# Images in a format other than raw are first converted into a temporary
# raw file beside OUTDIR (qemu-img, package qemu-utils), removed afterwards.
# The file system holding /boot/kernel/kernel is searched for on every
# partition GRUB finds (GPT, MBR slices, BSD labels inside them), then on
# the whole disk. Missing tools are installed with apt-get when possible.
set -euf

image=${1:?usage: bootfiles.sh IMAGE OUTDIR}
outdir=${2:?usage: bootfiles.sh IMAGE OUTDIR}

say() { echo "bootfiles: $*" >&2; }
die() {
    echo "bootfiles: $*" >&2
    exit 1
}

[ -f "$image" ] || die "$image is not a file"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

# Installs Debian package $2 when command $1 is missing, or says how to.
ensure_tool() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if command -v apt-get >/dev/null 2>&1; then
        say "installing $2 (for $1)"
        as_root apt-get update -qq >/dev/null 2>&1 || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" \
            >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null 2>&1 ||
        die "$1 not found and could not be installed (Debian: apt-get install $2)"
}

# The image's format, from its first bytes; anything unrecognised is raw
# (a fixed-size VHD is raw data followed by a footer, so it reads as raw).
image_format() {
    magic=$(head -c 21 "$1" | tr -c '[:print:]' '.')
    case "$magic" in
    QFI.*) echo qcow2 ;;
    KDMV* | "# Disk DescriptorFile") echo vmdk ;;
    conectix*) echo vpc ;;
    vhdxfile*) echo vhdx ;;
    *) echo raw ;;
    esac
}

ensure_tool grub-fstest grub-common

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
raw="$image"
converted=""
cleanup() { [ -z "$converted" ] || rm -f "$converted"; }
trap cleanup EXIT INT TERM

format=$(image_format "$image")
if [ "$format" != raw ]; then
    ensure_tool qemu-img qemu-utils
    converted="$outdir.raw"
    say "converting $image ($format) to a temporary raw image $converted"
    qemu-img convert -f "$format" -O raw "$image" "$converted" ||
        die "qemu-img could not convert $image"
    raw="$converted"
fi

# grub-fstest names the image loop0; its "ls" prints nothing (and exits 0)
# for a path that does not exist, and lists directories with a trailing "/".
fstest() { grub-fstest "$raw" "$@" 2>/dev/null; }

# Entries of directory $1 (a GRUB path ending in "/"), one per line.
entries() { fstest ls "$1" | tr ' ' '\n' | sed '/^$/d'; }

# Devices: partitions in table order (GRUB lists them in reverse), whole
# disk last.
devices=$(fstest ls | tr ' ' '\n' | grep '^(loop0,' | sort -V || true)
devices="$devices (loop0)"

boot=""
for device in $devices; do
    for prefix in "" "/ROOT/default@"; do
        if entries "$device$prefix/boot/kernel/" | grep -qx kernel; then
            boot="$device$prefix/boot"
            break 2
        fi
    done
done
[ -n "$boot" ] || die "no /boot/kernel/kernel on any partition of $image (tried: $devices)"
say "found the boot files in $boot"

# Copies GRUB file $1 to local file $2; fails if it cannot be read whole.
copy_file() {
    mkdir -p "$(dirname "$2")"
    fstest cp "$1" "$2" || {
        rm -f "$2"
        return 1
    }
}

# Copies GRUB directory $1 (ending in "/") into local directory $2, with its
# subdirectories; grub-fstest has no recursive copy.
copy_dir() {
    mkdir -p "$2"
    for entry in $(entries "$1"); do
        case "$entry" in
        ./ | ../) ;;
        */) copy_dir "$1$entry" "$2/${entry%/}" || return 1 ;;
        *) copy_file "$1$entry" "$2/$entry" || return 1 ;;
        esac
    done
}

rm -rf "$outdir/kernel" "$outdir/lua" "$outdir/defaults"
rm -f "$outdir/cdboot" "$outdir/loader" "$outdir/loader_simp" "$outdir/loader_4th"
copy_file "$boot/kernel/kernel" "$outdir/kernel/kernel" ||
    die "could not copy $boot/kernel/kernel"
copy_file "$boot/cdboot" "$outdir/cdboot" ||
    die "no $boot/cdboot (the BIOS CD boot block the loader way starts from)"
names=$(entries "$boot/")
if echo "$names" | grep -qx loader_simp; then
    copy_file "$boot/loader_simp" "$outdir/loader_simp" || die "could not copy $boot/loader_simp"
elif echo "$names" | grep -qx loader_4th; then
    copy_file "$boot/loader_4th" "$outdir/loader_4th" || die "could not copy $boot/loader_4th"
elif echo "$names" | grep -qx loader &&
    echo "$names" | grep -qx lua/ && echo "$names" | grep -qx defaults/; then
    copy_file "$boot/loader" "$outdir/loader" || die "could not copy $boot/loader"
    copy_dir "$boot/lua/" "$outdir/lua" || die "could not copy $boot/lua"
    copy_dir "$boot/defaults/" "$outdir/defaults" || die "could not copy $boot/defaults"
else
    die "no BIOS loader in $boot (loader_simp, loader_4th, or loader with lua/ and defaults/)"
fi
say "copied into $outdir"
