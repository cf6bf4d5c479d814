#!/bin/sh
# Runs rjail's kernel test suite in a FreeBSD VM (make vmtest, after make).
#
# Always builds build/rjail-ktest (the suite) and build/ktest-root.img (a
# memory-disk root with the suite as /sbin/init and build/rjail.ko). Then:
#
#   Linux, RJAIL_KERNEL=/path/to/kernel   a FreeBSD 15 amd64 /boot/kernel/kernel:
#       GRUB ISO (kfreebsd) + qemu; the root image is the kernel's mfs_root.
#   Linux, RJAIL_VM_IMAGE=/path/to/disk   a FreeBSD 15 amd64 VM disk image
#       with a UFS root (raw, qcow2, vmdk or vhd): the image is attached
#       read-only (qemu snapshot mode, nothing is written to it) and GRUB boots
#       the image's own /boot/kernel/kernel with our root image as mfs_root.
#   FreeBSD: bhyve, with the host's kernel (or RJAIL_KERNEL, or the kernel
#       read from RJAIL_VM_IMAGE mounted read-only).
#   Otherwise: says what was built and how to run it, and exits 0.
#
# RJAIL_VM_TIMEOUT (seconds, default 600) bounds the VM's run. The console is
# copied to build/vmtest.log; the exit status is the suite's verdict.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="$top/build"
limit="${RJAIL_VM_TIMEOUT:-600}"
log="$out/vmtest.log"
image="$out/ktest-root.img"

sh "$here/build.sh"
sh "$here/mkroot.sh"

verdict() {
    echo "--- console log: $log"
    sh "$here/verdict.sh" "$log"
}

# --- Linux: GRUB + qemu ------------------------------------------------------

grub_entry() {
    # $1: how GRUB finds the kernel (a path on the ISO, or searched for).
    cat <<GRUB
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
set default=0
menuentry "rjail kernel test suite" {
    insmod part_gpt
    insmod part_bsd
    insmod part_msdos
    insmod ufs2
    $1
    kfreebsd_module /boot/ktest-root.img type=mfs_root
    set kFreeBSD.vfs.root.mountfrom=ufs:/dev/md0
    set kFreeBSD.console=comconsole
    set kFreeBSD.boot_serial=YES
    set kFreeBSD.init_path=/sbin/init
    set kFreeBSD.debug.debugger_on_panic=0
    set kFreeBSD.kern.panic_reboot_wait_time=0
}
GRUB
}

build_iso() {
    # $1: kernel file to put on the ISO, or "" to search the attached disks.
    iso_dir="$out/ktest-iso"
    rm -rf "$iso_dir"
    mkdir -p "$iso_dir/boot/grub"
    cp "$image" "$iso_dir/boot/ktest-root.img"
    if [ -n "$1" ]; then
        mkdir -p "$iso_dir/boot/kernel"
        cp "$1" "$iso_dir/boot/kernel/kernel"
        grub_entry "kfreebsd /boot/kernel/kernel -h" >"$iso_dir/boot/grub/grub.cfg"
    else
        grub_entry 'search --no-floppy --file --set=fbsd /boot/kernel/kernel
    kfreebsd ($fbsd)/boot/kernel/kernel -h' >"$iso_dir/boot/grub/grub.cfg"
    fi
    command -v grub-mkrescue >/dev/null 2>&1 ||
        { echo "vmtest: grub-mkrescue not found (apt-get install grub-pc-bin grub-common xorriso mtools)" >&2; exit 1; }
    grub-mkrescue -o "$out/ktest.iso" "$iso_dir" >/dev/null 2>&1 ||
        { echo "vmtest: grub-mkrescue failed" >&2; exit 1; }
    echo "built $out/ktest.iso"
}

run_qemu() {
    # "$@": extra qemu arguments (disks).
    accel="-accel tcg -cpu max"
    if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
        accel="-enable-kvm -cpu host"
    fi
    echo "vmtest: booting under qemu ($accel), limit ${limit}s"
    set +e
    # shellcheck disable=SC2086  # $accel is a list of options
    timeout --foreground "$limit" qemu-system-x86_64 $accel -m 1G -smp 1 \
        -nographic -monitor none -serial stdio -no-reboot -nic none \
        -boot d -cdrom "$out/ktest.iso" "$@" </dev/null | tee "$log"
    set -e
}

image_format() {
    case "$1" in
    *.qcow2) echo qcow2 ;;
    *.vmdk) echo vmdk ;;
    *.vhd | *.vpc) echo vpc ;;
    *) echo raw ;;
    esac
}

# --- FreeBSD: bhyve ------------------------------------------------------------

kernel_from_image() {
    # Copies /boot/kernel/kernel out of a VM image attached read-only.
    md=$(mdconfig -a -t vnode -o readonly -f "$1")
    mnt=$(mktemp -d)
    found=""
    for part in /dev/"$md"p2 /dev/"$md"p3 /dev/"$md"p4 /dev/"$md"s1a /dev/"$md"; do
        [ -e "$part" ] || continue
        if mount -r -t ufs "$part" "$mnt" 2>/dev/null; then
            if [ -f "$mnt/boot/kernel/kernel" ]; then
                cp "$mnt/boot/kernel/kernel" "$2"
                found=yes
            fi
            umount "$mnt"
            [ -n "$found" ] && break
        fi
    done
    mdconfig -d -u "$md"
    rmdir "$mnt"
    [ -n "$found" ] || { echo "vmtest: no UFS /boot/kernel/kernel in $1" >&2; exit 1; }
}

run_bhyve() {
    vm="rjail-ktest-$$"
    boot="$out/ktest-bhyve"
    rm -rf "$boot"
    mkdir -p "$boot/boot/kernel"
    if [ -n "${RJAIL_KERNEL:-}" ]; then
        cp "$RJAIL_KERNEL" "$boot/boot/kernel/kernel"
    elif [ -n "${RJAIL_VM_IMAGE:-}" ]; then
        kernel_from_image "$RJAIL_VM_IMAGE" "$boot/boot/kernel/kernel"
    else
        cp /boot/kernel/kernel "$boot/boot/kernel/kernel"
    fi
    # The loader's own scripts and defaults come from the host.
    cp -R /boot/lua "$boot/boot/lua"
    cp -R /boot/defaults "$boot/boot/defaults"
    [ -f /boot/device.hints ] && cp /boot/device.hints "$boot/boot/device.hints"
    cp "$image" "$boot/boot/ktest-root.img"
    cat >"$boot/boot/loader.conf" <<CONF
autoboot_delay="0"
beastie_disable="YES"
boot_serial="YES"
mfsroot_load="YES"
mfsroot_type="mfs_root"
mfsroot_name="/boot/ktest-root.img"
vfs.root.mountfrom="ufs:/dev/md0"
init_path="/sbin/init"
debug.debugger_on_panic="0"
kern.panic_reboot_wait_time="0"
CONF
    kldstat -q -m vmm || kldload vmm
    bhyvectl --destroy --vm="$vm" >/dev/null 2>&1 || true
    echo "vmtest: loading $boot/boot/kernel/kernel with bhyveload"
    bhyveload -m 1G -h "$boot" "$vm" </dev/null
    echo "vmtest: booting under bhyve, limit ${limit}s"
    set +e
    timeout "$limit" bhyve -c 1 -m 1G -H -A -P -s 0:0,hostbridge -s 31,lpc \
        -l com1,stdio "$vm" </dev/null | tee "$log"
    set -e
    bhyvectl --destroy --vm="$vm" >/dev/null 2>&1 || true
}

# --- dispatch ------------------------------------------------------------------

case "$(uname -s)" in
FreeBSD)
    [ "$(id -u)" = 0 ] || { echo "vmtest: bhyve needs root" >&2; exit 1; }
    run_bhyve
    verdict
    ;;
*)
    if [ -n "${RJAIL_KERNEL:-}" ]; then
        [ -f "$RJAIL_KERNEL" ] || { echo "vmtest: RJAIL_KERNEL=$RJAIL_KERNEL is not a file" >&2; exit 1; }
        build_iso "$RJAIL_KERNEL"
        run_qemu
        verdict
    elif [ -n "${RJAIL_VM_IMAGE:-}" ]; then
        [ -f "$RJAIL_VM_IMAGE" ] || { echo "vmtest: RJAIL_VM_IMAGE=$RJAIL_VM_IMAGE is not a file" >&2; exit 1; }
        build_iso ""
        run_qemu -drive "file=$RJAIL_VM_IMAGE,format=$(image_format "$RJAIL_VM_IMAGE"),if=ide,snapshot=on"
        verdict
    else
        cat <<MSG
vmtest: no FreeBSD kernel or VM image was given, so nothing was booted.
Built:
  $out/rjail-ktest     the suite (static FreeBSD amd64 executable)
  $image     memory-disk root: /sbin/init = the suite, /boot/modules/rjail.ko
To run it:
  RJAIL_KERNEL=/path/to/FreeBSD-15/boot/kernel/kernel make vmtest
  RJAIL_VM_IMAGE=/path/to/FreeBSD-15.0-amd64-ufs.qcow2 make vmtest
  or on a FreeBSD 15 host, as root: make vmtest (bhyve),
  or directly: build/rjail-ktest -k build/rjail.ko
MSG
    fi
    ;;
esac
