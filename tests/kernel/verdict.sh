#!/bin/sh
# Reads a console log of the kernel test suite and decides the run.
#   sh verdict.sh LOG
# Prints the result lines and a verdict; exits 0 only if the summary line
# "N passed, N failed" is present, N failed is 0, at least one case passed,
# the summary agrees with the RJAIL-TEST lines seen (none lost, none failed),
# the kernel did not panic (a panic's message and stack trace, when the
# console has them, are printed too), no lock-checker report involves rjail,
# and unloading the module did not leak: the kernel's malloc_uninit prints
# "Warning: memory type rjail leaked memory on destroy (N allocations, M bytes
# leaked)." when rjail's malloc type still holds memory as the module goes.
#
# Lock-checker reports are what a WITNESS/INVARIANTS kernel prints without
# panicking (sys/kern/subr_witness.c: lock order reversals, duplicate locks,
# "... with the following locks held:", misuse of a lock's mode; and
# sys/kern/kern_shutdown.c's "KASSERT failed:" when KASSERTs only warn),
# with the lock lists and stack that follow them. A report involves rjail when
# any of its lines names rjail (one of its locks, all named "rjail ...", or
# one of its functions in the backtrace); such a report fails the run. The
# base kernel's own reports are printed but do not fail it. Serial consoles
# end lines with CR LF; the CR is ignored.
set -eu

log=${1:?usage: verdict.sh LOG}
[ -r "$log" ] || { echo "verdict: cannot read $log" >&2; exit 2; }

tr -d '\r' <"$log" | awk '
    # A trap message comes first, then "panic:", then the stack trace.
    /^Fatal trap [0-9]+:/ || /^panic: / {
        if (!panicked) { panicked = 1; trace = 40 }
    }
    trace > 0 { panic_text = panic_text "  | " $0 "\n"; trace-- }
    index($0, "Warning: memory type rjail leaked memory on destroy ") == 1 {
        if (!leaked) { leaked = 1; leak_text = $0 }
    }
    # A lock-checker report: its first line, then indented lock lists,
    # stack frames and "lock order ... at:" headers.
    function report_starts(line) {
        return line ~ /^lock order reversal:/ ||
            line ~ /^acquiring duplicate lock of same type:/ ||
            line ~ /^KASSERT failed:/ ||
            line ~ /^(shared|exclusive|forbidden) (un)?lock of \(/ ||
            (index(line, " with the following ") > 0 && line ~ /locks held:$/)
    }
    function report_goes_on(line) {
        return line ~ /^[ \t#]/ || line ~ /^KDB: stack backtrace:/ ||
            line ~ /^stack backtrace:/ || line ~ /^lock order .* (established|attempted) at:$/ ||
            line ~ /^(exclusive|shared) / || line ~ /^while (exclusively|share) locked from /
    }
    function close_report() {
        if (in_report) {
            if (report_rjail) { rjail_reports++; rjail_text = rjail_text report_text }
            else { other_reports++; other_text = other_text report_text }
        }
        in_report = 0
    }
    in_report && !report_starts($0) && report_goes_on($0) {
        report_text = report_text "  | " $0 "\n"
        if (tolower($0) ~ /rjail/) report_rjail = 1
        next
    }
    { close_report() }
    report_starts($0) {
        in_report = 1; report_text = "  | " $0 "\n"; report_rjail = (tolower($0) ~ /rjail/)
        next
    }
    $1 == "RJAIL-TEST" && ($3 == "PASS" || $3 == "FAIL") {
        print
        if ($3 == "PASS") seen_pass++; else seen_fail++
        next
    }
    /^[0-9]+ passed, [0-9]+ failed$/ {
        summary = 1; passed = $1 + 0; failed = $3 + 0
    }
    END {
        close_report()
        if (other_reports) {
            printf "verdict: note: %d lock-checker report(s) of the base kernel alone (not failing):\n%s", other_reports, other_text
        }
        if (panicked) {
            printf "verdict: FAIL: the kernel panicked:\n%s", panic_text
            exit 1
        }
        if (leaked) {
            printf "verdict: FAIL: the module leaked memory:\n  | %s\n", leak_text
            exit 1
        }
        if (rjail_reports) {
            printf "verdict: FAIL: %d lock-checker report(s) involve rjail:\n%s", rjail_reports, rjail_text
            exit 1
        }
        if (!summary) {
            printf "verdict: FAIL: no summary line (suite did not finish; %d passed, %d failed seen)\n", seen_pass, seen_fail
            exit 1
        }
        if (failed != 0 || passed == 0 || seen_fail != 0 || seen_pass != passed) {
            printf "verdict: FAIL: summary %d passed, %d failed; lines seen %d passed, %d failed\n", passed, failed, seen_pass, seen_fail
            exit 1
        }
        printf "verdict: PASS: %d passed, 0 failed\n", passed
    }'
