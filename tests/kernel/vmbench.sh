#!/bin/sh
# make vmbench: boots the kernel benchmark (rjail-kbench) as init, the way
# vmtest.sh boots the suite (same variables: RJAIL_KERNEL, RJAIL_BOOT_DIR,
# ...), then prints its table as one block, cut out of the console log.
# Four virtual CPUs unless RJAIL_VM_CPUS says otherwise (the throughput
# rows compare 1 and 4 processes). The console is in build/vmbench.log (or
# RJAIL_VM_LOG).
#
# RJAIL_BENCH_BOOTS=N (default 1) boots N times. Under emulation a ratio is
# only meaningful within one boot, and from boot to boot rjail's figures
# move more than the base system's (where the module and its memory land
# differs), so with N > 1 the last boot's block is followed by each row's
# ratio in every boot and their median; every boot's console is kept as
# build/vmbench.log.1, .2, ...
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
log="${RJAIL_VM_LOG:-$top/build/vmbench.log}"
boots="${RJAIL_BENCH_BOOTS:-1}"
case "$boots" in
'' | *[!0-9]* | 0)
	echo "RJAIL_BENCH_BOOTS must be a positive number, not '$boots'" >&2
	exit 2
	;;
esac

# The table lines of a console log, without their prefix.
table() {
	tr -d '\r' <"$1" | sed -n 's/^RJAIL-BENCH //p'
}

status=0
boot=1
while [ "$boot" -le "$boots" ]; do
	RJAIL_VM_PROGRAM=rjail-kbench RJAIL_VM_LOG="$log" \
	    RJAIL_VM_CPUS="${RJAIL_VM_CPUS:-4}" \
	    sh "$here/vmtest.sh" >"$log.runner" 2>&1 || status=$?
	if [ "$boots" -gt 1 ] && [ -f "$log" ]; then
		cp "$log" "$log.$boot"
	fi
	[ "$status" -eq 0 ] || break
	boot=$((boot + 1))
done
tail -n 20 "$log.runner"
if [ -f "$log" ] && grep -q '^RJAIL-BENCH ' "$log"; then
	echo
	echo '```'
	table "$log"
	echo '```'
fi
if [ "$status" -eq 0 ] && [ "$boots" -gt 1 ]; then
	echo
	echo "base/rjail in each of $boots boots, and their median (above 1: rjail faster);"
	echo "hooks: base-jail prisoner over rjail prisoner, and host after load over before"
	echo '```'
	i=1
	while [ "$i" -le "$boots" ]; do
		table "$log.$i" | sed "s/^/$i /"
		i=$((i + 1))
	done | awk -f "$here/vmbench-summary.awk"
	echo '```'
fi
exit "$status"
