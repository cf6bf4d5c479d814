# Summarises several boots of make vmbench (tests/kernel/vmbench.sh): input
# lines are "<boot> <table line>"; output, per row of the call table and of
# the hook table, the ratio in each boot and the median of them.

# The median of the n values in v[1..n] (the lower middle for an even n).
function median(v, n,    i, j, t) {
	for (i = 2; i <= n; i++) {
		t = v[i]
		for (j = i - 1; j >= 1 && v[j] > t; j--)
			v[j + 1] = v[j]
		v[j + 1] = t
	}
	return v[int((n + 1) / 2)]
}

function keep(key, value) {
	if (!(key in count)) {
		order[++keys] = key
		count[key] = 0
	}
	count[key]++
	seen[key, count[key]] = value
}

# A call row: operation words, prisons, base, rjail, ratio ("1.23x").
$NF ~ /^[0-9]+\.[0-9][0-9]x$/ && $(NF - 3) ~ /^[0-9]+$/ {
	key = $2
	for (f = 3; f <= NF - 4; f++)
		key = key " " $f
	key = sprintf("%-22s %7s", key, $(NF - 3))
	keep(key, substr($NF, 1, length($NF) - 1) + 0)
	next
}

# A hook row: call, host off, base off, host on, base on, rjail on.
NF == 7 && $2 ~ /^(bind|connect|setuid|signal)$/ && $7 ~ /^[0-9]+$/ && $7 > 0 && $4 > 0 {
	keep(sprintf("%-22s %7s", "hook " $2 " prisoner", ""), $6 / $7)
	keep(sprintf("%-22s %7s", "hook " $2 " host", ""), $4 / $5)
}

END {
	for (k = 1; k <= keys; k++) {
		key = order[k]
		line = key
		n = 0
		for (i = 1; i <= count[key]; i++) {
			line = line sprintf(" %6.2f", seen[key, i])
			v[++n] = seen[key, i]
		}
		printf "%s   median %.2fx\n", line, median(v, n)
	}
}
