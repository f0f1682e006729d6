#!/usr/bin/env bash
# Reads under row-level security: an agency user's typical queries, run as
# the agency's own login role on the table etrace.trace (a reader's direct
# SELECT of its own agency's traces; row-level security picks the rows),
# against the same queries run by a superuser on the table with the
# equivalent explicit WHERE agency_id = <that agency>, same run, interleaved
# rounds, medians (pgbench -n -M prepared, custom scripts rls_*.pgbench).
# The same queries through the view etrace.traces (what the agency may see,
# shared traces included, masked) are the rows *_view, against the same
# superuser queries.
#
# usage: test/bench/rls_reads.sh [--traces N] [--agencies K] [--seconds S]
#            [--rounds R] [--clients C] [--out FILE] [--extra-sql FILE] [--smoke] [--keep]
#   --traces N      traces loaded by bulk_traces.sql (default 1000000)
#   --agencies K    agencies they are spread over (default 50)
#   --seconds S     length of each pgbench run (default 10)
#   --rounds R      rounds; each runs every query as both users (default 3)
#   --clients C     pgbench clients (default 2)
#   --out FILE      where the table and the plans go (default test/out/rls_reads.txt)
#   --extra-sql F   run F as superuser after the set-up (to try a policy or
#                   function change before making it in src/)
#   --smoke         100000 traces, 2 s, 1 round (for CI)
#   --keep          leave the database etrace_bench_rls and the role
#                   bench_agency_reader for inspection (with PGHOST set)
# Uses the cluster in PGHOST/PGPORT when set, otherwise starts a throwaway
# one; etrace must be installed in that server (make install).
# Prints, per query, the median tps of each user, the throughput ratio
# (agency / superuser) and the latency ratio (superuser / agency tps; the
# target is <= 1.2, for the table and the view alike), the server CPU per
# query of each (when the server's /proc entry is readable), then the scan
# nodes of each user's plan.  Each round runs the superuser's query once
# and both agency versions next to it; the table row and the *_view row
# share that superuser run.
# test/bench/README.md describes the output.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
traces=1000000 agencies=50 seconds=10 rounds=3 clients=2 extra='' keep=''
out=$(cd "$here/../.." && pwd)/test/out/rls_reads.txt
while [ $# -gt 0 ]; do
  case $1 in
    --traces) traces=$2; shift 2 ;;
    --agencies) agencies=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --extra-sql) extra=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --smoke) traces=100000 seconds=2 rounds=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "${PGHOST:-}" ]; then
  source "$here/../lib/common.sh"
  start_cluster
fi
db=etrace_bench_rls
reader=bench_agency_reader
k=1                         # the agency: the second bench agency (BN0000002)
# each query twice for the agency user: on the table, and through the view
# (query_view: rls_<query>.pgbench with -D view=1)
queries="number serial pattern dates months number_view serial_view pattern_view dates_view months_view"
target=1.2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
[ -n "${ETRACE_PGTMP:-}" ] && trap 'rm -f "$log"; stop_cluster' EXIT

sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
value() { psql -X -At -v ON_ERROR_STOP=1 -d $db "$@"; }

sql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
sql -d $db -c "SET client_min_messages = warning" -c 'CREATE EXTENSION etrace CASCADE' 
t0=$SECONDS
sql -d $db -v n="$traces" -v agencies="$agencies" -f "$here/bulk_traces.sql"
sql -d $db -v k=$k -f "$here/rls_setup.sql" >/dev/null
[ -z "$extra" ] || sql -d $db -f "$extra"
agency=$(value -c 'SELECT id FROM public.bench_rls_agency')
superuser=$(value -c 'SELECT current_user')
[ "$(value -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')" = t ] ||
  { echo "$superuser is not a superuser" >&2; exit 1; }
echo "loaded $traces traces over $agencies agencies in $((SECONDS - t0)) s; agency user $reader, agency $agency"

# The agency user must see exactly its agency's traces; none means its
# account is not in good standing (README, security model;
# SELECT * FROM etrace.caller_standing() as that user says why).
own=$(value -c "SELECT count(*) FROM etrace.trace WHERE agency_id = $agency")
seen=$(value -U $reader -c 'SELECT count(*) FROM etrace.traces')
direct=$(value -U $reader -c 'SELECT count(*) FROM etrace.trace')
if [ "$seen" != "$own" ] || [ "$direct" != "$own" ]; then
  echo "the agency user sees $seen traces through the view and $direct in the table, its agency has $own; its standing:" >&2
  value -U $reader -c 'SELECT * FROM etrace.caller_standing()' >&2
  exit 1
fi

vars=(-D agency="$agency")
# Server CPU per query, when the server runs on this machine and its
# postmaster is readable in /proc: the postmaster reaps every backend, so
# its children's CPU time (utime + stime of reaped children) grows by what
# pgbench's backends used.  Unlike tps, this hardly depends on what else
# the machine is running.
postmaster=$(head -n 1 "$(value -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
[ -n "$postmaster" ] && [ -r "/proc/$postmaster/stat" ] || postmaster=''
children_cpu() {  # in clock ticks
  if [ -n "$postmaster" ]; then awk '{print $16 + $17}' "/proc/$postmaster/stat"; else echo 0; fi
}
# Wait until pgbench's backends have exited and been reaped.
backends_gone() {
  while [ "$(value -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                        AND backend_type = 'client backend' AND pid <> pg_backend_pid()")" != 0 ]; do
    sleep 0.05
  done
  sleep 0.2
}
ticks_per_second=$(getconf CLK_TCK)

# The script of a query (number_view: rls_number.pgbench) and its view flag.
script() { echo "$here/rls_${1%_view}.pgbench"; }
through_view() { case $1 in *_view) echo 1 ;; *) echo 0 ;; esac; }

# One pgbench run: prints its tps and the server CPU microseconds per query
# (0 when unknown).
run() {  # query super(0|1)
  local user=$reader c0 c1
  [ "$2" = 1 ] && user=$superuser
  c0=$(children_cpu)
  if ! pgbench -n -M prepared -U "$user" -d $db -c "$clients" -j "$clients" -T "$seconds" \
      -f "$(script "$1")" "${vars[@]}" -D super="$2" -D view="$(through_view "$1")" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  backends_gone
  c1=$(children_cpu)
  awk -v c=$((c1 - c0)) -v hz="$ticks_per_second" '/^tps/ {tps = $3}
    /number of transactions actually processed/ {n = $6}
    END {printf "%s %.1f\n", tps, (n > 0) ? c * 1e6 / hz / n : 0}' "$log"
}
source "$here/bench_lib.sh"

# The statement of a query for one user: the script's \if :super branch,
# or for the agency user its \elif :view branch (queries *_view) or its
# \else branch (on the table).
statement() {  # query super|agency
  local want=$2
  [ "$want" = agency ] && [ "$(through_view "$1")" = 1 ] && want=view
  awk -v want="$want" '/^\\if :super/ {b = "super"; next} /^\\elif :view/ {b = "view"; next}
                       /^\\else/ {b = "agency"; next} /^\\endif/ {b = ""; next} b == want' "$(script "$1")"
}
# The plan pgbench's clients run: the statement prepared as pgbench
# prepares it (every :variable a parameter), executed five times with the
# values of a typical run, then explained (the sixth execution is the first
# that may switch to the generic plan).
declare -A val=([agency]=$agency [j]=100 [day]=1500 [year]=2015)
explain() {  # query super|agency
  local user=$reader stmt args='' v
  [ "$2" = super ] && user=$superuser
  stmt=$(statement "$1" "$2")
  for v in $(grep -oP '(?<!:):\K[A-Za-z_]\w*' <<<"$stmt"); do args+="${args:+, }${val[$v]}"; done
  stmt=$(perl -pe 's/(?<!:):([A-Za-z_]\w*)/"\$" . ++$n/ge; s/;\s*$//' <<<"$stmt")
  { echo "PREPARE q AS $stmt;"
    echo '\o /dev/null'
    for v in 1 2 3 4 5; do echo "EXECUTE q($args);"; done
    echo '\o'
    echo "EXPLAIN (COSTS OFF) EXECUTE q($args);"
    echo "SELECT CASE WHEN generic_plans > 0 THEN 'generic' ELSE 'custom' END AS mode"
    echo "  FROM pg_prepared_statements WHERE name = 'q' \\gset"
    echo '\echo plan: :mode'
  } | psql -X -q -At -v ON_ERROR_STOP=1 -U "$user" -d $db |
    # rls_setup.sql's lists of values, shortened to their first element
    sed -E "s/'\{([^,}]*),[^}]*\}'/'{\1,...}'/g"
}
# The scan nodes on etrace.trace of a plan, e.g. "Bitmap Heap Scan + Bitmap
# Index Scan using trace_recovery_date"; scans of other tables (the view's
# join to etrace.trace_result, when the planner keeps it) are left out.
scans() {
  grep -oE '(Seq Scan on trace\b|(Index|Index Only) Scan using [a-z_]+ on trace\b|Bitmap Heap Scan on trace\b|Bitmap Index Scan on trace_[a-z_]+)' |
    sed -e 's/ on trace$//' -e 's/Bitmap Index Scan on/Bitmap Index Scan using/' | paste -sd '+' | sed 's/+/ + /g'
}

# Every node of a plan, in order (Sort, Aggregate, InitPlan ... and the
# scans), without their conditions: the plan's shape.
nodes() {
  grep -vE '^plan: |:' | grep -E '^[A-Z]|->|^ *(InitPlan|SubPlan)' | sed -E 's/^ *(-> *)?//' | paste -sd '/'
}

declare -A super_runs agency_runs
for r in $(seq "$rounds"); do
  for q in $queries; do
    [ "$(through_view $q)" = 1 ] && continue
    # the superuser once, between the agency user's two runs (table, view)
    # or around them; the order flips each round, so drift hits all alike
    if [ $((r % 2)) = 1 ]; then
      s=$(run $q 1); a=$(run $q 0); v=$(run ${q}_view 0)
    else
      v=$(run ${q}_view 0); a=$(run $q 0); s=$(run $q 1)
    fi
    super_runs[$q]+="$s"$'\n' agency_runs[$q]+="$a"$'\n'
    super_runs[${q}_view]+="$s"$'\n' agency_runs[${q}_view]+="$v"$'\n'
    printf 'round %s %-13s superuser %10.1f tps %8.1f us cpu   agency %10.1f tps %8.1f us cpu\n' "$r" $q $s $a
    printf 'round %s %-13s superuser %10.1f tps %8.1f us cpu   agency %10.1f tps %8.1f us cpu\n' "$r" ${q}_view $s $v
  done
done

mkdir -p "$(dirname "$out")"
{
  echo "etrace reads under row-level security: $traces traces over $agencies agencies;"
  echo "agency user on the table etrace.trace (rows *_view: on the view etrace.traces) vs superuser on the table with WHERE agency_id = $agency"
  echo "pgbench -M prepared, $clients clients, $rounds round(s) of $seconds s per query and user, interleaved"
  echo "server: PostgreSQL $(value -c 'SHOW server_version'); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "tps: median over rounds; ratios: median over rounds of each round's ratio (latency_ratio = superuser tps / agency tps)"
  echo
  printf '%-13s %14s %14s %10s %14s  %-8s %9s %9s %9s\n' query superuser_tps agency_tps tps_ratio latency_ratio \
    "<= $target" su_cpu_us ag_cpu_us cpu_ratio
  for q in $queries; do
    # per round: superuser tps, cpu, agency tps, cpu
    runs=$(paste -d' ' <(printf '%s' "${super_runs[$q]}") <(printf '%s' "${agency_runs[$q]}"))
    s=$(awk '{print $1}' <<<"$runs" | median) a=$(awk '{print $3}' <<<"$runs" | median)
    tr=$(awk '{print $3 / $1}' <<<"$runs" | median) lr=$(awk '{print $1 / $3}' <<<"$runs" | median)
    sc=$(awk '{print $2}' <<<"$runs" | median) ac=$(awk '{print $4}' <<<"$runs" | median)
    cr=$(awk '{print ($2 > 0) ? $4 / $2 : 0}' <<<"$runs" | median)
    awk -v q=$q -v s="$s" -v a="$a" -v tr="$tr" -v lr="$lr" -v t=$target -v sc="$sc" -v ac="$ac" -v cr="$cr" 'BEGIN {
      printf "%-13s %14.1f %14.1f %10.3f %14.3f  %-8s", q, s, a, tr, lr, (lr <= t) ? "ok" : "MISSED"
      if (cr > 0) printf " %9.1f %9.1f %9.2f\n", sc, ac, cr; else printf " %9s %9s %9s\n", "n/a", "n/a", "n/a" }'
    where="on the table"
    [ "$(through_view $q)" = 1 ] && where="on the view etrace.traces"
    summary_row "rls reads" "${q%_view}, agency $where (server CPU ratio $(printf '%.2f' "$cr"))" "superuser, table + WHERE" \
      "$(printf '%.1f' "$s")" "$(printf '%.1f' "$a")" tps "$(printf '%.3f' "$lr")" "<= $target (superuser/agency tps)"
  done
  echo "cpu: server CPU microseconds per query (backends' user + system time / queries run), median over rounds"
  echo
  echo "plans as pgbench runs them (prepared, sixth execution); index: no Seq Scan under row-level security;"
  echo "same: the agency user's scan nodes are the superuser's; nodes: so are all its plan nodes (aggregates, sorts, InitPlans);"
  echo "plan: generic or custom (re-planned at every execution)"
  printf '%-13s %-5s %-5s %-5s %-17s %s\n' query index same nodes "plan: ag / su" "scan nodes: agency user | superuser"
  for q in $queries; do
    ea=$(explain $q agency) es=$(explain $q super)
    pa=$(scans <<<"$ea") ps=$(scans <<<"$es")
    ma=$(sed -n 's/^plan: //p' <<<"$ea") ms=$(sed -n 's/^plan: //p' <<<"$es")
    idx=yes same=yes all=yes
    case "$pa" in *"Seq Scan"*) idx=NO ;; esac
    [ "$pa" = "$ps" ] || same=NO
    [ "$(nodes <<<"$ea")" = "$(nodes <<<"$es")" ] || all=NO
    printf '%-13s %-5s %-5s %-5s %-17s %s | %s\n' $q $idx $same $all "$ma / $ms" "$pa" "$ps"
  done
  echo
  for q in $queries; do
    for u in agency super; do
      echo "== $q as $u: $(statement $q $u)"
      explain $q $u
    done
  done
} >"$out.tmp"
mv "$out.tmp" "$out"
echo
sed '/^== /,$d' "$out"
echo "(table and plans written to $out)"
[ -n "$keep" ] || sql -d postgres -c "DROP DATABASE $db" -c "DROP ROLE $reader"
