#!/usr/bin/env bash
# Cost of the audit trail: transactions per second of etrace.submit_trace and
# etrace.get_trace with etrace.audit on against off, same run, same client
# count (pgbench).  The two accounts of audit_setup.sql differ only in that
# setting (ALTER ROLE bench_unaudited IN DATABASE ... SET etrace.audit = off,
# a superuser act), so each pgbench run measures one of them.  Rounds are
# interleaved, and which side goes first alternates, so that drift on a noisy
# machine (table growth, autovacuum, other load) hits both alike; the table
# shows medians and ratio = on / off (target: at least 0.7), then checks
# that the trail written meanwhile is whole (etrace.verify_audit).
#
# usage: test/bench/audit_throughput.sh [--seconds S] [--rounds R] [--clients "4"] [--chains N]
#   --chains N  replaces etrace.audit_chains() in the benchmark database
#               before anything is audited (--chains 1: the trail as a single
#               chain, for comparison).
#   VERBOSE=1   also prints every sample (to stderr).
# Uses the cluster in PGHOST/PGPORT when set (etrace installed there),
# otherwise starts a throwaway one (test/lib/common.sh).  Creates and drops
# the database etrace_bench_audit; the roles bench_audited and
# bench_unaudited (etrace accounts) stay.
#
# Example (2 cores shared with other work, fsync off, synchronous_commit
# on; on such a machine the ratio of one run moves by +-0.1):
#   $ bash test/bench/audit_throughput.sh --seconds 6 --rounds 5
#   server: fsync = off, synchronous_commit = on, 8 chains, 6 s x 5 rounds
#   workload      clients  audit_off_tps   audit_on_tps    ratio
#   submit_trace        4          757.4          786.6    1.039
#   get_trace           4         3714.6         2531.6    0.682
# An audited get_trace writes and commits a row where an unaudited one only
# reads: a transaction that merely adds a one-column row to the same read
# ran at 0.63, 0.81 and 0.75 of the read alone in three runs here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=10 rounds=3 clients="4" chains=
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --chains) chains=$2; shift 2 ;;
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
if [ -n "$chains" ]; then
  psql -qX -v ON_ERROR_STOP=1 -d $db -c "SET client_min_messages = warning" -c "CREATE EXTENSION etrace CASCADE" \
    -c "CREATE OR REPLACE FUNCTION etrace.audit_chains() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $chains'"
fi
psql -qX -v ON_ERROR_STOP=1 -d $db -f "$here/audit_setup.sql" >/dev/null

source "$here/bench_lib.sh"
tps() {  # script role clients
  pgbench -n -U "$2" -d $db -f "$here/$1" -c "$3" -j "$3" -T "$seconds" 2>/dev/null |
    awk '/^tps/ {print $3; exit}'
}
psql -qXAt -d $db -c "SELECT format('server: fsync = %s, synchronous_commit = %s, %s chains, %s s x %s rounds',
    current_setting('fsync'), current_setting('synchronous_commit'), etrace.audit_chains(), $seconds, $rounds)"
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
    name=$([ $w = get ] && echo get_trace || echo submit_trace)
    ratio=$(awk -v a="$mn" -v b="$mo" 'BEGIN {printf "%.3f", a / b}')
    printf '%-12s %8s %14.1f %14.1f %8s\n' "$name" "$c" "$mo" "$mn" "$ratio"
    summary_row audit "$name, $c clients" "audit off" "$(printf '%.1f' "$mo")" "$(printf '%.1f' "$mn")" tps "$ratio" ">= 0.7 (on/off tps)"
  done
  unset off on
done
# the trail the audited runs wrote must be whole
psql -qXAt -d $db -c "SELECT format('audit rows written: %s; verify_audit: ok=%s %s', rows_checked, ok, coalesce(problem, '')) FROM etrace.verify_audit()"
psql -qX -d postgres -c "DROP DATABASE $db"
