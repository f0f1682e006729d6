#!/usr/bin/env bash
# Reads under row-level security, counted in instructions instead of time:
# the agency user's queries of rls_reads.sh against the superuser's, each
# run as a prepared statement in a single-user backend (postgres --single)
# under valgrind --tool=callgrind.  Instruction counts do not depend on what
# else the machine runs, so this shows differences of a few percent that
# rls_reads.sh's timings hide in their run-to-run spread.
#
# usage: test/bench/rls_instructions.sh [--traces N] [--runs R]
#   --traces N   traces loaded by bulk_traces.sql (default 200000)
#   --runs R     executions of each statement (default 300); the script runs
#                each case with R/3 and with R executions and prints the
#                difference divided by 2R/3, so start-up costs cancel out
#
# Parameters are sent as an application sends them (a serial, a trace
# number, two dates as literals to EXECUTE), not computed by rls_reads.sh's
# helper functions.  The instructions of the standing cache's refreshes
# (standing.c re-reads the caller's standing every 2 s, and valgrind runs
# some 50 times slower than the processor) are left out: everything under
# SPI_execute is subtracted.
#
# Always starts its own throwaway cluster (the single-user backend needs
# the data directory to itself) and removes it at the end.  Needs valgrind
# and etrace installed (make install).  Prints, per query, the
# instructions per execution of the superuser (table + WHERE agency_id), of
# the agency user on the table (row-level security alone) and of the agency
# user through the view etrace.traces, and their ratios to the superuser's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
traces=200000 runs=300
while [ $# -gt 0 ]; do
  case $1 in
    --traces) traces=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
source "$here/../lib/common.sh"
unset PGHOST PGPORT
start_cluster
db=etrace_bench_rls k=1 agencies=50
work=$ETRACE_PGTMP/work
mkdir -p "$work"
is_root && chown postgres "$work"

sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
sql -d postgres -c "CREATE DATABASE $db"
sql -d $db -c "SET client_min_messages = warning" -c 'CREATE EXTENSION etrace CASCADE'
sql -d $db -v n="$traces" -v agencies="$agencies" -f "$here/bulk_traces.sql"
sql -d $db -v k=$k -f "$here/rls_setup.sql" >/dev/null
agency=$(psql -X -At -d $db -c 'SELECT id FROM public.bench_rls_agency')
# the agency's own serials and trace numbers, in random order
psql -X -At -d $db -c "SELECT serial || '|' || trace_number FROM etrace.trace WHERE agency_id = $agency
                       ORDER BY md5(id::text) LIMIT $runs" >"$work/values"
(cd "$ETRACE_PGTMP" && as_cluster_user "$PG_BINDIR/pg_ctl" -D "$ETRACE_PGTMP/data" -m fast -w stop >/dev/null)

# The statements: name, the agency user's, the superuser's, the parameter
# types, and how a line of $work/values (serial|trace number) and the
# execution number i become the parameters.
declare -A agency_sql super_sql types
agency_sql[number]="SELECT trace_number, status, recovery_date FROM etrace.trace WHERE trace_number = \$1"
super_sql[number]="SELECT trace_number, status, recovery_date FROM etrace.trace WHERE trace_number = \$1 AND agency_id = $agency"
types[number]=etrace.trace_number
agency_sql[serial]="SELECT trace_number, serial FROM etrace.trace WHERE serial = \$1"
super_sql[serial]="SELECT trace_number, serial FROM etrace.trace WHERE serial = \$1 AND agency_id = $agency"
types[serial]=etrace.serial_number
agency_sql[dates]="SELECT trace_number, serial, status, recovery_date, recovery_locality FROM etrace.trace WHERE recovery_date BETWEEN \$1 AND \$2"
super_sql[dates]="SELECT trace_number, serial, status, recovery_date, recovery_locality FROM etrace.trace WHERE recovery_date BETWEEN \$1 AND \$2 AND agency_id = $agency"
types[dates]="date, date"
agency_sql[months]="SELECT date_trunc('month', recovery_date) AS month, count(*) FROM etrace.trace WHERE recovery_date >= \$1 AND recovery_date < \$2 GROUP BY 1 ORDER BY 1"
super_sql[months]="SELECT date_trunc('month', recovery_date) AS month, count(*) FROM etrace.trace WHERE recovery_date >= \$1 AND recovery_date < \$2 AND agency_id = $agency GROUP BY 1 ORDER BY 1"
types[months]="date, date"

params() {  # query -> one parameter list per line
  case $1 in
    number) awk -F'|' '{printf "('"'"'%s'"'"')\n", $2}' "$work/values" ;;
    serial) awk -F'|' '{printf "('"'"'%s'"'"')\n", $1}' "$work/values" ;;
    dates) awk '{d = (NR * 7919) % 7269; printf "(date '"'"'2006-01-01'"'"' + %d, date '"'"'2006-01-01'"'"' + %d)\n", d, d + 30}' "$work/values" ;;
    months) awk '{y = 2006 + NR % 20; printf "(make_date(%d, 1, 1), make_date(%d, 1, 1))\n", y, y + 1}' "$work/values" ;;
  esac
}

# Instructions of one single-user run, less those under SPI_execute.
count() {  # who(super|agency|view) query executions
  local in=$work/in.sql out=$work/callgrind.out stmt
  case $1 in
    super) stmt=${super_sql[$2]} ;;
    agency) stmt=${agency_sql[$2]} ;;
    view) stmt=${agency_sql[$2]//etrace.trace /etrace.traces } ;;
  esac
  {
    echo "SET search_path = \"\$user\", public, etrace;"
    echo "SET etrace.unix_socket_access = on;"    # a single-user backend has no client address
    case $1 in agency|view) echo "SET SESSION AUTHORIZATION bench_agency_reader;" ;; esac
    echo "PREPARE q(${types[$2]}) AS $stmt;"
    params "$2" | head -n "$3" | awk '{print "EXECUTE q" $0 ";"}'
    # (one line: the single-user backend ends a statement at each newline)
    echo "SELECT CASE WHEN generic_plans > 0 THEN 'generic' ELSE 'custom' END AS plan_mode FROM pg_prepared_statements WHERE name = 'q';"
  } >"$in"
  chmod 644 "$in"
  rm -f "$out"
  (cd "$work" && as_cluster_user valgrind --tool=callgrind --callgrind-out-file="$out" \
     "$PG_BINDIR/postgres" --single -D "$ETRACE_PGTMP/data" $db <"$in" >"$work/stdout" 2>"$work/stderr")
  if grep -q ERROR "$work/stderr"; then grep ERROR "$work/stderr" >&2; exit 1; fi
  # the plan the executions ended with: custom plans are planned each time
  grep -oP 'plan_mode = "\K[a-z]+' "$work/stdout" | cut -c1 >"$work/mode.$1.$2"
  callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null |
    awk '/PROGRAM TOTALS/ {gsub(",", "", $1); total = $1}
         / \?\?\?:SPI_execute \[/ {gsub(",", "", $1); spi = $1}
         END {print total - spi}'
}
per_execution() {  # who query
  echo $(( ($(count "$1" "$2" $runs) - $(count "$1" "$2" $few)) / (runs - few) ))
}

few=$((runs / 3))
echo "etrace reads under row-level security, in instructions: $traces traces over $agencies agencies, agency $agency"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
printf '%-8s %10s %10s %10s %8s %10s  %s\n' query superuser agency view ratio view_ratio plans
for q in number serial dates months; do
  s=$(per_execution super $q) a=$(per_execution agency $q) v=$(per_execution view $q)
  plans=$(cat "$work/mode.super.$q" "$work/mode.agency.$q" "$work/mode.view.$q" | paste -sd /)
  printf '%-8s %10s %10s %10s %8s %10s  %s\n' $q $s $a $v "$(ratio $a $s)" "$(ratio $v $s)" "$plans"
done
echo "instructions per execution (valgrind, single-user backend, $few and $runs executions);"
echo "superuser: on the table etrace.trace, WHERE agency_id; agency: the agency user on the table"
echo "(row-level security picks the rows); view: the agency user through the view etrace.traces;"
echo "ratio, view_ratio: agency, view / superuser"
echo "plans: each column's plan after the executions, g(eneric) or c(ustom: planned at every execution)"
