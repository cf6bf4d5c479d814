#!/bin/sh
# Reads a console log of the kernel test suite and decides the run.
#   sh verdict.sh LOG
# Prints the result lines and a verdict; exits 0 only if the summary line
# "N passed, N failed" is present, N failed is 0, at least one case passed,
# the summary agrees with the RJAIL-TEST lines seen (none lost, none failed),
# the kernel did not panic (a panic's message and stack trace, when the
# console has them, are printed too), and unloading the module did not leak:
# the kernel's malloc_uninit prints "Warning: memory type rjail leaked memory
# on destroy (N allocations, M bytes leaked)." when rjail's malloc type still
# holds memory as the module goes. Serial consoles end lines with CR LF; the
# CR is ignored.
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
    $1 == "RJAIL-TEST" && ($3 == "PASS" || $3 == "FAIL") {
        print
        if ($3 == "PASS") seen_pass++; else seen_fail++
        next
    }
    /^[0-9]+ passed, [0-9]+ failed$/ {
        summary = 1; passed = $1 + 0; failed = $3 + 0
    }
    END {
        if (panicked) {
            printf "verdict: FAIL: the kernel panicked:\n%s", panic_text
            exit 1
        }
        if (leaked) {
            printf "verdict: FAIL: the module leaked memory:\n  | %s\n", leak_text
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
