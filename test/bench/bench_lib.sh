# Shared by the benchmark scripts (sourced, not run).

# median: the median of the numbers on stdin, one a line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# summary_row SUITE CASE BASELINE_NAME BASELINE ETRACE UNIT RATIO TARGET
# Appends one line to the file named by $BENCH_SUMMARY (set by run-all) so
# that `make bench` can print every script's result in one table; does
# nothing when a script runs on its own.  RATIO is what the target is stated
# in (e.g. "etrace/baseline tps" or "baseline/etrace time"); TARGET is the
# issue's bound for it, "-" when there is none.
summary_row()
{
	[ -n "${BENCH_SUMMARY:-}" ] || return 0
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$BENCH_SUMMARY"
}
