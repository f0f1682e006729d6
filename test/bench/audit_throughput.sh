#!/usr/bin/env bash
# Cost of the audit trail: transactions per second of etrace.submit_trace and
# etrace.get_trace with etrace.audit on against off, same run, same clients
# (pgbench).  The two accounts of audit_setup.sql differ only in that
# setting (ALTER ROLE bench_unaudited SET etrace.audit = off), so each
# pgbench run measures one of them; rounds are interleaved so that drift on
# a noisy machine hits both alike, and the table shows medians and
# ratio = on / off (target: at least 0.7).
#
# usage: test/bench/audit_throughput.sh [--seconds S] [--rounds R] [--clients "4"]
# Uses the cluster in PGHOST/PGPORT when set (etrace installed there),
# otherwise starts a throwaway one (test/lib/common.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=10 rounds=3 clients="4"
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
db=etrace_bench_audit
psql -qX -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -qX -v ON_ERROR_STOP=1 -d $db -f "$here/audit_setup.sql" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
tps() {  # script role clients
  pgbench -n -U "$2" -d $db -f "$here/$1" -c "$3" -j "$3" -T "$seconds" 2>/dev/null |
    awk '/^tps/ {print $3; exit}'
}
printf '%-12s %8s %14s %14s %8s\n' workload clients audit_off_tps audit_on_tps ratio
for c in $clients; do
  declare -A off=() on=()
  for r in $(seq "$rounds"); do
    for w in submit get; do
      # which goes first alternates, so that growth and autovacuum hit both alike
      if [ $((r % 2)) = 1 ]; then
        off[$w]+="$(tps audit_$w.pgbench bench_unaudited "$c") "
        on[$w]+="$(tps audit_$w.pgbench bench_audited "$c") "
      else
        on[$w]+="$(tps audit_$w.pgbench bench_audited "$c") "
        off[$w]+="$(tps audit_$w.pgbench bench_unaudited "$c") "
      fi
    done
  done
  [ -n "${VERBOSE:-}" ] && for w in submit get; do echo "  $w off: ${off[$w]}  on: ${on[$w]}" >&2; done
  for w in submit get; do
    mo=$(printf '%s\n' ${off[$w]} | median)
    mn=$(printf '%s\n' ${on[$w]} | median)
    printf '%-12s %8s %14.1f %14.1f %8.3f\n' "$([ $w = get ] && echo get_trace || echo submit_trace)" "$c" \
      "$mo" "$mn" "$(awk -v a="$mn" -v b="$mo" 'BEGIN {print a / b}')"
  done
  unset off on
done
# the trail the audited runs wrote must be whole
psql -qXAt -d $db -c "SELECT format('audit rows written: %s; verify_audit: ok=%s %s', rows_checked, ok, coalesce(problem, '')) FROM etrace.verify_audit()"
psql -qX -d postgres -c "DROP DATABASE $db"
