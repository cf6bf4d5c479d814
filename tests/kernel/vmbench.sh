#!/bin/sh
# make vmbench: boots the kernel benchmark (rjail-kbench) as init, the way
# vmtest.sh boots the suite (same variables: RJAIL_KERNEL, RJAIL_BOOT_DIR,
# ...), then prints its table as one block, cut out of the console log.
# Four virtual CPUs unless RJAIL_VM_CPUS says otherwise (the throughput
# rows compare 1 and 4 processes). The console is in build/vmbench.log (or
# RJAIL_VM_LOG).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
log="${RJAIL_VM_LOG:-$top/build/vmbench.log}"

status=0
RJAIL_VM_PROGRAM=rjail-kbench RJAIL_VM_LOG="$log" RJAIL_VM_CPUS="${RJAIL_VM_CPUS:-4}" \
    sh "$here/vmtest.sh" >"$log.runner" 2>&1 || status=$?
tail -n 20 "$log.runner"
if [ -f "$log" ] && grep -q '^RJAIL-BENCH ' "$log"; then
    echo
    echo '```'
    tr -d '\r' <"$log" | sed -n 's/^RJAIL-BENCH //p'
    echo '```'
fi
exit "$status"
