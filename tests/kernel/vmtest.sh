#!/bin/sh
# Runs rjail's kernel test suite in a FreeBSD VM (make vmtest, after make),
# or another program of tests/kernel (make vmbench and make vmfuzz boot the
# benchmark and the fuzzer this way).
#
# Always builds the program (build/rjail-ktest, the suite, by default) and a
# UFS1 root image (build/ktest-root.img for the suite) with the program as
# /sbin/init and build/rjail.ko. Then boots a FreeBSD 15 amd64 kernel on
# that root, reads the program's result lines from the serial console and
# decides the run with verdict.sh.
#
# Variables (all optional):
#   RJAIL_KERNEL=FILE      a FreeBSD 15 amd64 kernel (a /boot/kernel/kernel).
#   RJAIL_BOOT_DIR=DIR|ISO FreeBSD 15 amd64 boot files (Linux): a copy of a
#                          FreeBSD /boot directory holding cdboot and a BIOS
#                          loader (loader_simp, loader_4th, or loader with its
#                          lua/ and defaults/ directories), or a FreeBSD 15
#                          amd64 installer ISO they are extracted from with
#                          xorriso. If it also holds kernel/kernel, that
#                          kernel is used when RJAIL_KERNEL is not set.
#   RJAIL_VM_BOOT=auto|loader|pvh|grub
#                          how qemu starts the kernel on Linux:
#       loader  an ISO booted by FreeBSD's own cdboot and loader (from
#               RJAIL_BOOT_DIR); the root image is a preloaded memory disk.
#               The tested way.
#       pvh     qemu -kernel (PVH entry), root image on a virtio disk. Needs
#               KVM: without a hypervisor that reports the TSC frequency, the
#               kernel's PVH path calls Xen's delay routine and faults.
#       grub    a GRUB ISO using kfreebsd. Debian 12's GRUB 2.06 fails at the
#               handoff to a FreeBSD 15 kernel; kept for other GRUB builds.
#       auto    (default) loader if boot files are given (RJAIL_BOOT_DIR or
#               RJAIL_VM_IMAGE), else pvh if KVM is usable, else says what is
#               missing and exits 1.
#   RJAIL_VM_ACCEL=auto|kvm|tcg
#                          qemu accelerator. auto (default): KVM when /dev/kvm
#                          is usable and backed by kvm_intel or kvm_amd, else
#                          TCG (the loader way boots in well under a minute
#                          under TCG).
#   RJAIL_VM_IMAGE=FILE    a FreeBSD 15 amd64 VM disk image (raw, qcow2, vmdk,
#                          vhd; GPT or MBR; UFS root, or ZFS with ROOT/default).
#                          Linux: bootfiles.sh copies its kernel, cdboot and
#                          loader out with grub-fstest (no mount, no root;
#                          non-raw images are converted to a temporary raw
#                          file in build/ with qemu-img first; grub-common and
#                          qemu-utils are installed with apt-get if missing)
#                          and they boot the loader way. RJAIL_BOOT_DIR and
#                          RJAIL_KERNEL, when also set, take precedence.
#                          FreeBSD: the kernel is read from it (mdconfig).
#   RJAIL_VM_TIMEOUT=SECONDS  bounds the VM's run (default 600).
#   RJAIL_VM_CPUS=N        virtual CPUs (default 2, so the module's locks meet
#                          real concurrency).
#   RJAIL_KO=FILE          the module to test (default build/rjail.ko).
#   RJAIL_VM_PROGRAM=NAME  the program booted as init (default rjail-ktest,
#                          the suite; make vmbench boots rjail-kbench, make
#                          vmfuzz rjail-kfuzz): built
#                          as build/NAME, its root build/${NAME#rjail-}-root.img.
#   RJAIL_WORLD=DIR        a FreeBSD 15 run-time tree (ld-elf.so.1, libraries,
#                          /bin/sh, /sbin/sysctl, jail(8), ...) copied into the
#                          root image, for the cases that run FreeBSD programs.
#   RJAIL_VM_LOG=FILE      where the console is saved (default build/vmtest.log).
#   RJAIL_VM_KENV="a=1 b=2"  extra kernel environment variables for the
#                          program (kenv(2)); values without blanks.
#
# FreeBSD hosts: bhyve with the host's kernel (or RJAIL_KERNEL, or the kernel
# read from RJAIL_VM_IMAGE) and the host's own loader; needs root.
# With no kernel given on Linux: says what was built and how to run it, exits 0.
#
# The console is copied to build/vmtest.log (or RJAIL_VM_LOG); the exit status is the suite's
# verdict. The project ships no FreeBSD files: the kernel and boot files come
# from the user (e.g. a FreeBSD 15.0 amd64 bootonly ISO: RJAIL_BOOT_DIR=iso).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="$top/build"
limit="${RJAIL_VM_TIMEOUT:-600}"
cpus="${RJAIL_VM_CPUS:-2}"
# The program booted as init: the suite, or another program of its crate
# (rjail-kbench for make vmbench); its files are named after it.
program="${RJAIL_VM_PROGRAM:-rjail-ktest}"
short="${program#rjail-}"
log="${RJAIL_VM_LOG:-$out/vmtest.log}"
image="$out/$short-root.img"
iso="$out/$short.iso"
iso_dir="$out/$short-iso"

sh "$here/build.sh" "$program"
sh "$here/mkroot.sh" "$program"

say() { echo "vmtest: $*"; }
die() {
    echo "vmtest: $*" >&2
    exit 1
}

verdict() {
    echo "--- console log: $log"
    sh "$here/verdict.sh" "$log"
}

# Kernel environment for the suite's boot: root, init, serial console, and a
# panic that prints its stack and powers the VM off instead of waiting.
kernel_env() {
    # $1: root device for vfs.root.mountfrom.
    cat <<ENV
console=comconsole
boot_serial=YES
vfs.root.mountfrom=ufs:$1
init_path=/sbin/init
debug.debugger_on_panic=0
debug.trace_on_panic=1
kern.panic_reboot_wait_time=0
ENV
    for var in ${RJAIL_VM_KENV:-}; do
        echo "$var"
    done
}

# --- Linux: qemu -------------------------------------------------------------

kvm_usable() {
    # A /dev/kvm that is not backed by the VMX/SVM drivers (e.g. a
    # paravirtual provider in a nested VM) cannot run BTX's vm86 code or the
    # kernel's x87 setup, so it does not count.
    [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
        { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }
}

choose_accel() {
    case "${RJAIL_VM_ACCEL:-auto}" in
    kvm) accel=kvm ;;
    tcg) accel=tcg ;;
    auto) if kvm_usable; then accel=kvm; else accel=tcg; fi ;;
    *) die "RJAIL_VM_ACCEL=${RJAIL_VM_ACCEL} (expected auto, kvm or tcg)" ;;
    esac
}

run_qemu() {
    # $1: kvm or tcg; $2: extra CPU features; "$@" after them: boot arguments.
    mode=$1
    features=$2
    shift 2
    if [ "$mode" = kvm ]; then
        accel_args="-enable-kvm -cpu host$features"
    else
        accel_args="-accel tcg -cpu max$features"
    fi
    command -v qemu-system-x86_64 >/dev/null 2>&1 ||
        die "qemu-system-x86_64 not found (Debian: apt-get install qemu-system-x86)"
    say "booting under qemu ($accel_args), limit ${limit}s"
    set +e
    # shellcheck disable=SC2086  # $accel_args is a list of options
    timeout --foreground "$limit" qemu-system-x86_64 $accel_args -m 1G -smp "$cpus" \
        -nographic -monitor none -serial stdio -no-reboot -nic none \
        "$@" </dev/null | tee "$log"
    set -e
}

# Boot files: a directory, or an ISO whose /boot is extracted into build/.
boot_files() {
    src="${RJAIL_BOOT_DIR:-}"
    [ -n "$src" ] || return 1
    if [ -d "$src" ]; then
        boot_dir=$(cd "$src" && pwd)
        return 0
    fi
    [ -f "$src" ] || die "RJAIL_BOOT_DIR=$src is neither a directory nor a file"
    command -v xorriso >/dev/null 2>&1 ||
        die "xorriso is needed to read $src (Debian: apt-get install xorriso)"
    boot_dir="$out/ktest-bootfiles"
    rm -rf "$boot_dir"
    mkdir -p "$boot_dir/kernel"
    for name in cdboot loader_simp loader_4th loader lua defaults kernel/kernel; do
        xorriso -osirrox on -indev "$src" -extract "/boot/$name" "$boot_dir/$name" \
            >/dev/null 2>&1 || true
    done
    [ -f "$boot_dir/cdboot" ] || die "no /boot/cdboot in $src (a FreeBSD 15 amd64 ISO?)"
    say "boot files extracted from $src into $boot_dir"
}

# Boot files and kernel copied out of RJAIL_VM_IMAGE (Linux).
image_boot_files() {
    [ -n "${RJAIL_VM_IMAGE:-}" ] || return 0
    image_boot_dir="$out/ktest-image-boot"
    sh "$here/bootfiles.sh" "$RJAIL_VM_IMAGE" "$image_boot_dir" ||
        die "could not read the boot files of RJAIL_VM_IMAGE=$RJAIL_VM_IMAGE"
    [ -n "$boot_dir" ] || boot_dir="$image_boot_dir"
}

find_kernel() {
    if [ -n "${RJAIL_KERNEL:-}" ]; then
        [ -f "$RJAIL_KERNEL" ] || die "RJAIL_KERNEL=$RJAIL_KERNEL is not a file"
        kernel="$RJAIL_KERNEL"
    elif [ -n "${boot_dir:-}" ] && [ -f "$boot_dir/kernel/kernel" ]; then
        kernel="$boot_dir/kernel/kernel"
    elif [ -n "${image_boot_dir:-}" ]; then
        kernel="$image_boot_dir/kernel/kernel"
    else
        kernel=""
    fi
}

build_loader_iso() {
    # FreeBSD's cdboot finds /boot/loader on the ISO; the loader reads
    # loader.rc (simple and Forth interpreters) or loader.conf (Lua).
    [ -f "$boot_dir/cdboot" ] || die "no cdboot in $boot_dir"
    command -v makefs >/dev/null 2>&1 || die "makefs not found (Debian: apt-get install makefs)"
    rm -rf "$iso_dir"
    mkdir -p "$iso_dir/boot/kernel"
    cp "$boot_dir/cdboot" "$iso_dir/boot/cdboot"
    if [ -f "$boot_dir/loader_simp" ]; then
        cp "$boot_dir/loader_simp" "$iso_dir/boot/loader"
    elif [ -f "$boot_dir/loader_4th" ]; then
        cp "$boot_dir/loader_4th" "$iso_dir/boot/loader"
    elif [ -f "$boot_dir/loader" ] && [ -d "$boot_dir/lua" ] && [ -d "$boot_dir/defaults" ]; then
        cp "$boot_dir/loader" "$iso_dir/boot/loader"
        cp -R "$boot_dir/lua" "$iso_dir/boot/lua"
        cp -R "$boot_dir/defaults" "$iso_dir/boot/defaults"
    else
        die "no BIOS loader in $boot_dir (loader_simp, loader_4th, or loader with lua/ and defaults/)"
    fi
    cp "$kernel" "$iso_dir/boot/kernel/kernel"
    cp "$image" "$iso_dir/boot/ktest-root.img"
    {
        kernel_env /dev/md0 | sed 's/^/set /'
        echo "load /boot/kernel/kernel"
        echo "load -t md_image /boot/ktest-root.img"
        echo "boot"
    } >"$iso_dir/boot/loader.rc"
    {
        echo 'autoboot_delay="-1"'
        echo 'beastie_disable="YES"'
        echo 'mfsroot_load="YES"'
        echo 'mfsroot_type="md_image"'
        echo 'mfsroot_name="/boot/ktest-root.img"'
        kernel_env /dev/md0 | sed 's/=\(.*\)/="\1"/'
    } >"$iso_dir/boot/loader.conf"
    rm -f "$iso"
    makefs -t cd9660 -o "bootimage=i386;$iso_dir/boot/cdboot" -o no-emul-boot \
        -o rockridge -o label=RJAIL_KTEST "$iso" "$iso_dir" >/dev/null ||
        die "makefs could not write $iso"
    say "built $iso (FreeBSD loader from $boot_dir, kernel $kernel)"
}

boot_loader() {
    build_loader_iso
    choose_accel
    run_qemu "$accel" "" -boot d -cdrom "$iso"
}

boot_pvh() {
    # The kernel's PVH entry parses the command line into its environment
    # (comma, blank or newline separated); boot flags such as -h are ignored
    # there, so the console is chosen through boot_serial.
    choose_accel
    if [ "$accel" != kvm ]; then
        say "warning: PVH boot under TCG faults early (no TSC frequency for the kernel's delay loop)"
    fi
    append=$(kernel_env /dev/vtbd0 | tr '\n' ' ')
    # invtsc: the kernel's early delay loop needs an invariant TSC with a
    # known frequency, which qemu reports under KVM only with this feature
    # (TCG has no invtsc).
    features=""
    [ "$accel" = kvm ] && features=",+invtsc"
    run_qemu "$accel" "$features" -kernel "$kernel" -append "$append" \
        -drive "file=$image,format=raw,if=virtio,snapshot=on"
}

grub_entry() {
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
    kfreebsd /boot/kernel/kernel -h
    kfreebsd_module /boot/ktest-root.img type=mfs_root
$(kernel_env /dev/md0 | sed 's/^/    set kFreeBSD./')
}
GRUB
}

build_grub_iso() {
    rm -rf "$iso_dir"
    mkdir -p "$iso_dir/boot/grub" "$iso_dir/boot/kernel"
    cp "$image" "$iso_dir/boot/ktest-root.img"
    cp "$kernel" "$iso_dir/boot/kernel/kernel"
    grub_entry >"$iso_dir/boot/grub/grub.cfg"
    command -v grub-mkrescue >/dev/null 2>&1 ||
        die "grub-mkrescue not found (apt-get install grub-pc-bin grub-common xorriso mtools)"
    grub-mkrescue -o "$iso" "$iso_dir" >/dev/null 2>&1 || die "grub-mkrescue failed"
    say "built $iso (GRUB kfreebsd)"
}

boot_grub() {
    build_grub_iso
    choose_accel
    run_qemu "$accel" "" -boot d -cdrom "$iso"
}

nothing_to_boot() {
    cat <<MSG
vmtest: no FreeBSD kernel was given, so nothing was booted.
Built:
  $out/rjail-ktest     the suite (static FreeBSD amd64 executable)
  $image     UFS1 root: /sbin/init = the suite, /boot/modules/rjail.ko
To run it (FreeBSD 15.0 amd64 files; none are part of this project):
  RJAIL_BOOT_DIR=/path/to/FreeBSD-15.0-RELEASE-amd64-bootonly.iso make vmtest
  RJAIL_BOOT_DIR=/path/to/boot RJAIL_KERNEL=/path/to/kernel make vmtest
  RJAIL_VM_IMAGE=/path/to/FreeBSD-15.0-RELEASE-amd64-ufs.qcow2 make vmtest
  RJAIL_KERNEL=/path/to/kernel make vmtest     (PVH boot, needs KVM)
  or on a FreeBSD 15 host, as root: make vmtest (bhyve),
  or directly: build/rjail-ktest -k build/rjail.ko
MSG
}

run_linux() {
    boot_dir=""
    image_boot_dir=""
    boot_files || true
    image_boot_files
    find_kernel
    if [ -z "$kernel" ]; then
        [ -z "$boot_dir" ] || die "no kernel: set RJAIL_KERNEL or put kernel/kernel in $boot_dir"
        nothing_to_boot
        return
    fi
    method="${RJAIL_VM_BOOT:-auto}"
    if [ "$method" = auto ]; then
        if [ -n "$boot_dir" ]; then
            method=loader
        elif kvm_usable; then
            method=pvh
        else
            die "cannot boot $kernel: no FreeBSD boot files (RJAIL_BOOT_DIR=/path/to/boot,
  holding cdboot and loader_simp, or a FreeBSD 15.0 amd64 ISO) and no usable KVM for
  a PVH boot (RJAIL_VM_BOOT=pvh forces one)"
        fi
    fi
    case "$method" in
    loader)
        [ -n "$boot_dir" ] || die "RJAIL_VM_BOOT=loader needs RJAIL_BOOT_DIR"
        boot_loader
        ;;
    pvh) boot_pvh ;;
    grub) boot_grub ;;
    *) die "RJAIL_VM_BOOT=$method (expected auto, loader, pvh or grub)" ;;
    esac
    verdict
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
    [ -n "$found" ] || die "no UFS /boot/kernel/kernel in $1"
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
    {
        echo 'autoboot_delay="0"'
        echo 'beastie_disable="YES"'
        echo 'mfsroot_load="YES"'
        echo 'mfsroot_type="mfs_root"'
        echo 'mfsroot_name="/boot/ktest-root.img"'
        # bhyveload has its own console; the kernel's is chosen by boot_serial.
        kernel_env /dev/md0 | grep -v '^console=' | sed 's/=\(.*\)/="\1"/'
    } >"$boot/boot/loader.conf"
    kldstat -q -m vmm || kldload vmm
    bhyvectl --destroy --vm="$vm" >/dev/null 2>&1 || true
    say "loading $boot/boot/kernel/kernel with bhyveload"
    bhyveload -m 1G -h "$boot" "$vm" </dev/null
    say "booting under bhyve, limit ${limit}s"
    set +e
    timeout "$limit" bhyve -c "$cpus" -m 1G -H -A -P -s 0:0,hostbridge -s 31,lpc \
        -l com1,stdio "$vm" </dev/null | tee "$log"
    set -e
    bhyvectl --destroy --vm="$vm" >/dev/null 2>&1 || true
}

# --- dispatch ------------------------------------------------------------------

case "$(uname -s)" in
FreeBSD)
    [ "$(id -u)" = 0 ] || die "bhyve needs root"
    run_bhyve
    verdict
    ;;
*)
    run_linux
    ;;
esac
