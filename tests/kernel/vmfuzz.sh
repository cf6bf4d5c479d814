#!/bin/sh
# make vmfuzz: boots the in-kernel fuzzer (build/rjail-kfuzz, see
# tests/kernel/src/kfuzz.rs) as init of its own root image
# (build/kfuzz-root.img) through vmtest.sh, with the kernel chosen as for
# make vmtest (RJAIL_BOOT_DIR, RJAIL_KERNEL, RJAIL_VM_IMAGE, ...).
#
#   RJAIL_FUZZ_SEED=N    the generator's seed (default 1)
#   RJAIL_FUZZ_CALLS=N   rjail calls to make at least (default 1000000)
#   RJAIL_VM_TIMEOUT     defaults to 10800 s here
# The console goes to build/vmfuzz.log (or RJAIL_VM_LOG); verdict.sh decides
# the run as for the suite.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seed="${RJAIL_FUZZ_SEED:-1}"
calls="${RJAIL_FUZZ_CALLS:-1000000}"
for value in "$seed" "$calls"; do
    case "$value" in
    '' | *[!0-9]*)
        echo "vmfuzz: RJAIL_FUZZ_SEED and RJAIL_FUZZ_CALLS must be decimal numbers" >&2
        exit 2
        ;;
    esac
done
RJAIL_VM_PROGRAM=rjail-kfuzz
RJAIL_VM_LOG="${RJAIL_VM_LOG:-$top/build/vmfuzz.log}"
RJAIL_VM_KENV="rjail.fuzz.seed=$seed rjail.fuzz.calls=$calls"
RJAIL_VM_TIMEOUT="${RJAIL_VM_TIMEOUT:-10800}"
export RJAIL_VM_PROGRAM RJAIL_VM_LOG RJAIL_VM_KENV RJAIL_VM_TIMEOUT
exec sh "$here/vmtest.sh"
