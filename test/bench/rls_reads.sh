#!/usr/bin/env bash
# Reads under row-level security: an agency user's typical queries, run as
# the agency's own login role through the view etrace.traces (its only route
# to the traces; row-level security picks the rows), against the same
# queries run by a superuser on the table etrace.trace with the equivalent
# explicit WHERE agency_id = <that agency>, same run, interleaved rounds,
# medians (pgbench -n -M prepared, custom scripts rls_*.pgbench).
#
# usage: test/bench/rls_reads.sh [--traces N] [--agencies K] [--seconds S]
#            [--rounds R] [--clients C] [--out FILE] [--extra-sql FILE] [--smoke]
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
# target is <= 1.2), then the scan nodes of each user's plan.
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
queries="number serial pattern dates months"
target=1.2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
[ -n "${ETRACE_PGTMP:-}" ] && trap 'rm -f "$log"; stop_cluster' EXIT

sql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
value() { psql -X -At -v ON_ERROR_STOP=1 -d $db "$@"; }

sql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
sql -d $db -c 'CREATE EXTENSION etrace CASCADE' 2>/dev/null
t0=$SECONDS
sql -d $db -v n="$traces" -v agencies="$agencies" -f "$here/bulk_traces.sql"
sql -d $db -v k=$k -v agencies="$agencies" -f "$here/rls_setup.sql" >/dev/null
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
if [ "$seen" != "$own" ]; then
  echo "the agency user sees $seen traces, its agency has $own; its standing:" >&2
  value -U $reader -c 'SELECT * FROM etrace.caller_standing()' >&2
  exit 1
fi

vars=(-D k=$k -D agencies="$agencies" -D n="$traces" -D agency="$agency")
tps() {  # query super(0|1)
  local user=$reader
  [ "$2" = 1 ] && user=$superuser
  if ! pgbench -n -M prepared -U "$user" -d $db -c "$clients" -j "$clients" -T "$seconds" \
      -f "$here/rls_$1.pgbench" "${vars[@]}" -D super="$2" >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
  awk '/^tps/ {print $3; exit}' "$log"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# The statement of a script for one user: the \if :super branch or the \else one.
statement() {  # query super|agency
  awk -v want="$2" '/^\\if :super/ {b = "super"; next} /^\\else/ {b = "agency"; next}
                    /^\\endif/ {b = ""; next} b == want' "$here/rls_$1.pgbench"
}
# The plan pgbench's clients run: the statement prepared as pgbench
# prepares it (every :variable a parameter), executed five times with the
# values of a typical run, then explained (the sixth execution is the first
# that may switch to the generic plan).
declare -A val=([k]=$k [agencies]=$agencies [n]=$traces [agency]=$agency
                [i]=$((k + agencies * (traces / agencies / 2))) [day]=1500 [year]=2015)
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
  } | psql -X -q -v ON_ERROR_STOP=1 -U "$user" -d $db
}
# The scan nodes on etrace.trace of a plan, e.g. "Bitmap Heap Scan + Bitmap
# Index Scan using trace_recovery_date" (the view's join to etrace.agency is left out).
scans() {
  grep -oE '(Seq Scan on trace\b|(Index|Index Only) Scan using [a-z_]+ on trace\b|Bitmap Heap Scan on trace\b|Bitmap Index Scan on trace_[a-z_]+)' |
    sed -e 's/ on trace$//' -e 's/Bitmap Index Scan on/Bitmap Index Scan using/' | paste -sd '+' | sed 's/+/ + /g'
}

declare -A super_tps agency_tps
for r in $(seq "$rounds"); do
  for q in $queries; do
    # interleaved, and the order flips each round, so that drift hits both alike
    if [ $((r % 2)) = 1 ]; then
      s=$(tps $q 1); a=$(tps $q 0)
    else
      a=$(tps $q 0); s=$(tps $q 1)
    fi
    super_tps[$q]+="$s " agency_tps[$q]+="$a "
    printf 'round %s %-8s superuser %10.1f tps  agency %10.1f tps\n' "$r" $q "$s" "$a"
  done
done

mkdir -p "$(dirname "$out")"
{
  echo "etrace reads under row-level security: $traces traces over $agencies agencies;"
  echo "agency user on the view etrace.traces vs superuser on the table etrace.trace with WHERE agency_id = $agency"
  echo "pgbench -M prepared, $clients clients, $rounds round(s) of $seconds s per query and user, interleaved"
  echo "server: PostgreSQL $(value -c 'SHOW server_version'); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "tps: median over rounds; ratios: median over rounds of each round's ratio"
  echo
  printf '%-9s %14s %14s %10s %14s  %s\n' query superuser_tps agency_tps tps_ratio latency_ratio "target <= $target"
  for q in $queries; do
    pairs=$(paste -d' ' <(printf '%s\n' ${super_tps[$q]}) <(printf '%s\n' ${agency_tps[$q]}))
    s=$(awk '{print $1}' <<<"$pairs" | median) a=$(awk '{print $2}' <<<"$pairs" | median)
    tr=$(awk '{print $2 / $1}' <<<"$pairs" | median) lr=$(awk '{print $1 / $2}' <<<"$pairs" | median)
    awk -v q=$q -v s="$s" -v a="$a" -v tr="$tr" -v lr="$lr" -v t=$target 'BEGIN {
      printf "%-9s %14.1f %14.1f %10.3f %14.2f  %s\n", q, s, a, tr, lr, (lr <= t) ? "ok" : "MISSED" }'
  done
  echo
  echo "plans as pgbench runs them (prepared, sixth execution); index: no Seq Scan under row-level security;"
  echo "same: the agency user's scan nodes are the superuser's"
  printf '%-9s %-5s %-5s %s\n' query index same "scan nodes: agency user | superuser"
  for q in $queries; do
    pa=$(explain $q agency | scans) ps=$(explain $q super | scans)
    idx=yes same=yes
    case "$pa" in *"Seq Scan"*) idx=NO ;; esac
    [ "$pa" = "$ps" ] || same=NO
    printf '%-9s %-5s %-5s %s | %s\n' $q $idx $same "$pa" "$ps"
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
