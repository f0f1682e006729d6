#!/usr/bin/env bash
# Submission throughput: traces per second through etrace.submit_trace
# against rows per second of a plain INSERT of the same documents into an
# unconstrained table, same run, same client count (pgbench).
#
# usage: test/bench/submit_throughput.sh [--seconds S] [--rounds R] [--clients "1 4"]
# Uses the cluster in PGHOST/PGPORT when set, otherwise starts a throwaway one.
# Prints one line per client count: median tps of each and the ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=10 rounds=3 clients="1 4"
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "${PGHOST:-}" ]; then
  source "$here/../lib/common.sh"
  start_cluster
fi
db=etrace_bench_submit
psql -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -q -v ON_ERROR_STOP=1 -d $db -f "$here/submit_setup.sql" >/dev/null

source "$here/bench_lib.sh"
tps() {  # script clients
  pgbench -n -U bench_submitter -d $db -f "$here/$1" -c "$2" -j "$2" -T "$seconds" 2>/dev/null |
    awk '/^tps/ {print $3; exit}'
}
printf '%-8s %14s %14s %8s\n' clients insert_tps submit_tps ratio
for c in $clients; do
  ins=() sub=()
  for r in $(seq "$rounds"); do   # interleaved so drift hits both alike
    ins+=("$(tps submit_plain.pgbench "$c")")
    sub+=("$(tps submit_trace.pgbench "$c")")
  done
  mi=$(printf '%s\n' "${ins[@]}" | median)
  ms=$(printf '%s\n' "${sub[@]}" | median)
  ratio=$(awk -v a="$ms" -v b="$mi" 'BEGIN {printf "%.3f", a / b}')
  printf '%-8s %14.1f %14.1f %8s\n' "$c" "$mi" "$ms" "$ratio"
  summary_row submission "submit_trace, $c clients" "plain INSERT" "$(printf %.1f "$mi")" "$(printf %.1f "$ms")" tps "$ratio" -
done
psql -q -d postgres -c "DROP DATABASE $db"
