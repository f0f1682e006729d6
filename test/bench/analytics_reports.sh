#!/usr/bin/env bash
# Trafficking reports on bulk data: etrace.trafficking_indicators and
# etrace.corridors against a bare count ... GROUP BY over the same rows, same
# run, as a tracing-center account (it sees every trace, none masked).
#
# usage: test/bench/analytics_reports.sh [--n N] [--rounds R] [--work-mem SIZE] [--keep]
#   --n         traces to load (default 1000000; analytics_bulk.sql)
#   --rounds    interleaved rounds; the medians are printed (default 3)
#   --work-mem  work_mem for every query (default: the server's)
#   --keep      keep the database etrace_bench_analytics; a later run that
#               finds it holding N traces reuses it instead of loading again
# Uses the cluster in PGHOST/PGPORT when set (it must listen on 127.0.0.1:
# accounts work from a duty station, and a Unix socket has no address),
# otherwise starts a throwaway one.
#
# The baselines (bare counts GROUP BY over the same rows, same account):
#   indicators: the visible traces joined to their results, purchasers and
#     possessors exactly as the report reads them (etrace.report_rows_sql),
#     counted GROUP BY purchaser (the planner then reads the traces and
#     purchasers only), and GROUP BY purchaser, possessor and dealer (all
#     four tables) -- SECURITY DEFINER functions like the report;
#   corridors: the same rows with a result, counted GROUP BY source and
#     recovery place -- the report's rows and groups without its median
#     and share.
# A last line shows the plainest GROUP BY over the view etrace.traces.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=1000000 rounds=3 work_mem= keep=
while [ $# -gt 0 ]; do
  case $1 in
    --n) n=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --work-mem) work_mem=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "${PGHOST:-}" ]; then
  source "$here/../lib/common.sh"
  start_cluster
fi
db=etrace_bench_analytics
have=$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")
if [ -n "$have" ]; then
  have=$(psql -X -At -d $db -c "SELECT count(*) FROM etrace.trace" 2>/dev/null || echo 0)
fi
if [ "$have" != "$n" ]; then
  echo "loading $n traces (analytics_bulk.sql; several minutes per million)" >&2
  psql -q -X -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  psql -q -X -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION etrace CASCADE" 2>/dev/null
  psql -q -X -v ON_ERROR_STOP=1 -d $db -v n="$n" -v agencies=50 -f "$here/analytics_bulk.sql"
fi
psql -q -X -v ON_ERROR_STOP=1 -d $db -f "$here/analytics_setup.sql" >/dev/null

names=(indicators indicators_base indicators_base_all corridors corridors_base traces_grouped)
declare -A sql=(
  [indicators]="SELECT count(*) FROM etrace.trafficking_indicators()"
  [indicators_base]="SELECT bench.indicator_rows_grouped()"
  [indicators_base_all]="SELECT bench.indicator_rows_grouped(true)"
  [corridors]="SELECT count(*) FROM etrace.corridors()"
  [corridors_base]="SELECT bench.corridor_rows_grouped()"
  [traces_grouped]="SELECT count(*) FROM (SELECT t.recovery_country, t.recovery_subdivision, count(*) FROM etrace.traces t GROUP BY 1, 2) s"
)
# One query in a fresh session, after a statement that loads the library
# and the caller's standing; prints milliseconds.
run() {
  psql -X -At -h 127.0.0.1 -p "${PGPORT:-5432}" -U bench_analyst -d $db \
    -c "SELECT etrace.current_account()" ${work_mem:+-c "SET work_mem = '$work_mem'"} \
    -c '\timing on' -c "$1" | awk '/^Time:/ {print $2}' | tail -1
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

declare -A times
for r in $(seq "$rounds"); do   # interleaved, so drift hits all alike
  for q in "${names[@]}"; do
    times[$q]+="$(run "${sql[$q]}") "
  done
done
declare -A med
for q in "${names[@]}"; do
  med[$q]=$(printf '%s\n' ${times[$q]} | median)
done
echo "traces: $n, rounds: $rounds, work_mem: $(psql -X -At -d $db ${work_mem:+-c "SET work_mem = '$work_mem'"} -c 'SHOW work_mem' | tail -1)"
printf '%-44s %10s %12s %7s\n' report report_ms baseline_ms ratio
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
printf '%-44s %10.0f %12.0f %7s\n' "indicators / by purchaser" "${med[indicators]}" "${med[indicators_base]}" \
  "$(ratio "${med[indicators]}" "${med[indicators_base]}")"
printf '%-44s %10.0f %12.0f %7s\n' "indicators / by purchaser+possessor+dealer" "${med[indicators]}" "${med[indicators_base_all]}" \
  "$(ratio "${med[indicators]}" "${med[indicators_base_all]}")"
printf '%-44s %10.0f %12.0f %7s\n' "corridors / by source+place" "${med[corridors]}" "${med[corridors_base]}" \
  "$(ratio "${med[corridors]}" "${med[corridors_base]}")"
printf '%-44s %10s %12.0f\n' "(etrace.traces GROUP BY place)" "" "${med[traces_grouped]}"
if [ -z "$keep" ]; then
  psql -q -X -d postgres -c "DROP DATABASE $db"
fi
