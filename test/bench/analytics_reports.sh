#!/usr/bin/env bash
# Analytics on bulk data, each against the same computation in plain SQL,
# same run, interleaved rounds, medians, as a tracing-center account (it
# sees every trace, none masked):
#   hotspots        etrace.hotspots('{}', cell, band), and its array form
#                   over the same rows gathered by a plain array_agg, against
#                   bench.hotspots_sql (analytics_spatial.sql) and, with
#                   PostGIS, bench.hotspots_postgis (analytics_postgis.sql);
#                   target: etrace at least 10 times faster than plain SQL;
#   kernel_density  etrace.kernel_density('{}', cell, bandwidth) against
#                   bench.kernel_density_sql and bench.kernel_density_postgis;
#   indicators      etrace.trafficking_indicators() against a bare count ...
#                   GROUP BY over the same rows; target: at most 1.5 times;
#   corridors       etrace.corridors() against the same; target: at most 1.5.
# Before timing, it checks on a small clustered set (3,000 points) that each
# SQL version gives etrace's cells, counts, z-values, classes and densities.
#
# usage: test/bench/analytics_reports.sh [options]
#   --n N              traces to load (default 1000000; analytics_bulk.sql)
#   --rounds R         interleaved rounds; the medians are printed (default 3)
#   --only "LIST"      some of: hotspots kernel_density indicators corridors
#   --hot-cell M       hotspots' cell_m (default 2000; band_m: the default, = cell_m)
#   --kde-cell M       kernel_density's cell_m (default 1000)
#   --kde-bandwidth M  kernel_density's bandwidth_m (default 1000)
#   --work-mem SIZE    work_mem for every query (default: the server's)
#   --jit on|off       jit for every query (default off: compiling the long
#                      SQL versions costs seconds and would only penalise them)
#   --postgis-hotspots also time bench.hotspots_postgis (checked always; slow
#                      beyond about 10,000 points, see README)
#   --keep             keep the database etrace_bench_analytics; a later run
#                      that finds it holding N traces reuses it
#   --smoke            CI: 5,000 traces, 1 round (a few seconds)
# Uses the cluster in PGHOST/PGPORT when set (it must listen on 127.0.0.1:
# accounts work from a duty station, and a Unix socket has no address),
# otherwise starts a throwaway one.  PostGIS is optional: without it the
# PostGIS variants are skipped, and the script says so.
#
# The baselines of the reports (bare counts GROUP BY over the same rows, same
# account; analytics_setup.sql):
#   indicators: the visible traces joined to their results, purchasers and
#     possessors exactly as the report reads them (etrace.report_rows_sql),
#     counted GROUP BY purchaser, possessor and dealer (all four tables) --
#     SECURITY DEFINER functions like the report;
#   corridors: the same rows with a result, counted GROUP BY source and
#     recovery place -- the report's rows and groups without its median
#     and share.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=1000000 rounds=3 work_mem= keep= jit=off
only="hotspots kernel_density indicators corridors"
hot_cell=2000 kde_cell=1000 kde_bw=1000 postgis_hotspots=
while [ $# -gt 0 ]; do
  case $1 in
    --n) n=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --hot-cell) hot_cell=$2; shift 2 ;;
    --kde-cell) kde_cell=$2; shift 2 ;;
    --kde-bandwidth) kde_bw=$2; shift 2 ;;
    --work-mem) work_mem=$2; shift 2 ;;
    --jit) jit=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --postgis-hotspots) postgis_hotspots=1; shift ;;
    --smoke) n=5000; rounds=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "${PGHOST:-}" ]; then
  source "$here/../lib/common.sh"
  start_cluster
fi
db=etrace_bench_analytics
# A kept database is reused only when it holds N traces and was created by
# the extension script installed now (not by an older build).
script_md5=$(md5sum "$(${PG_CONFIG:-pg_config} --sharedir)/extension/etrace--$(awk -F"'" '/default_version/ {print $2}' "$here/../../etrace.control").sql" | cut -c1-32)
have=$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")
if [ -n "$have" ]; then
  have=$(psql -X -At -d $db -c "SELECT count(*) || ' ' || (SELECT md5 FROM public.bench_loaded_with) FROM etrace.trace" 2>/dev/null || echo 0)
fi
if [ "$have" != "$n $script_md5" ]; then
  echo "loading $n traces (analytics_bulk.sql; several minutes per million)" >&2
  psql -q -X -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  psql -q -X -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION etrace CASCADE" 2>/dev/null
  psql -q -X -v ON_ERROR_STOP=1 -d $db -v n="$n" -v agencies=50 -f "$here/analytics_bulk.sql"
  psql -q -X -v ON_ERROR_STOP=1 -d $db -c "CREATE TABLE public.bench_loaded_with AS SELECT '$script_md5'::text AS md5"
fi
psql -q -X -v ON_ERROR_STOP=1 -d $db -f "$here/analytics_setup.sql" >/dev/null
psql -q -X -v ON_ERROR_STOP=1 -d $db -f "$here/analytics_spatial.sql" >/dev/null 2>&1
postgis=
if [ -n "$(psql -X -At -d $db -c "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")" ]; then
  psql -q -X -v ON_ERROR_STOP=1 -d $db -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null
  psql -q -X -v ON_ERROR_STOP=1 -d $db -f "$here/analytics_postgis.sql" >/dev/null
  postgis=$(psql -X -At -d $db -c "SELECT postgis_lib_version()")
else
  echo "PostGIS is not installed on this server: the PostGIS variants are skipped" \
       "(Debian: apt-get install postgresql-15-postgis-3)" >&2
fi
want() { [[ " $only " == *" $1 "* ]]; }

# One query in a fresh session, after a statement that loads the library
# and the caller's standing; prints "milliseconds|result".
run() {
  psql -X -At -h 127.0.0.1 -p "${PGPORT:-5432}" -U bench_analyst -d $db \
    -c "SELECT etrace.current_account()" ${work_mem:+-c "SET work_mem = '$work_mem'"} \
    -c "SET jit = $jit" -c '\timing on' -c "$1" |
    awk '/^Time:/ {t = $2} !/^Time:/ {r = $0} END {print t "|" r}'
}
source "$here/bench_lib.sh"

pts="SELECT t.latitude AS lat, t.longitude AS lon FROM etrace.traces t WHERE t.latitude IS NOT NULL"
small="SELECT lat, lon FROM bench.small_points"
hot_sum="count(*) || ' cells ' || sum(n) || ' points ' || count(*) FILTER (WHERE class LIKE 'hot%') || ' hot ' || count(*) FILTER (WHERE class LIKE 'cold%') || ' cold'"
kde_sum="count(*) || ' cells, volume ' || round((sum(density) * $kde_cell ^ 2)::numeric)"
names=()
declare -A sql
if want hotspots; then
  names+=(hotspots hotspots_arrays hotspots_sql)
  sql[hotspots]="SELECT $hot_sum FROM etrace.hotspots('{}', $hot_cell)"
  # the array form over the same rows, gathered by the caller with array_agg
  # over etrace.traces instead of etrace.visible_points (shown for comparison:
  # the target is the filter form's)
  sql[hotspots_arrays]="SELECT $hot_sum FROM (SELECT array_agg(lat) AS la, array_agg(lon) AS lo FROM ($pts) p) s, etrace.hotspots(s.la, s.lo, $hot_cell)"
  sql[hotspots_sql]="SELECT $hot_sum FROM bench.hotspots_sql('$pts', $hot_cell)"
  # bench.hotspots_postgis is checked below but not timed: on a million
  # points its plan runs for more than half an hour (see README)
  if [ -n "$postgis" ] && [ -n "$postgis_hotspots" ]; then
    names+=(hotspots_postgis)
    sql[hotspots_postgis]="SELECT $hot_sum FROM bench.hotspots_postgis('$pts', $hot_cell)"
  fi
fi
if want kernel_density; then
  names+=(kde kde_sql)
  sql[kde]="SELECT $kde_sum FROM etrace.kernel_density('{}', $kde_cell, $kde_bw)"
  sql[kde_sql]="SELECT $kde_sum FROM bench.kernel_density_sql('$pts', $kde_cell, $kde_bw)"
  if [ -n "$postgis" ]; then
    names+=(kde_postgis)
    sql[kde_postgis]="SELECT $kde_sum FROM bench.kernel_density_postgis('$pts', $kde_cell, $kde_bw)"
  fi
fi
if want indicators; then
  names+=(indicators indicators_base)
  sql[indicators]="SELECT count(*) FROM etrace.trafficking_indicators()"
  sql[indicators_base]="SELECT bench.indicator_rows_grouped(true)"
fi
if want corridors; then
  names+=(corridors corridors_base)
  sql[corridors]="SELECT count(*) FROM etrace.corridors()"
  sql[corridors_base]="SELECT bench.corridor_rows_grouped()"
fi

# The check: each SQL version against etrace over the small set.
check() {
  local what=$1 fn=$2 out
  case $what in
    hotspots) out=$(run "
      WITH a AS (SELECT * FROM $fn('$small', 1000, 1500)),
           b AS (SELECT h.* FROM (SELECT array_agg(lat) la, array_agg(lon) lo FROM bench.small_points) s,
                                 etrace.hotspots(s.la, s.lo, 1000, 1500) h)
      SELECT format('%s cells (%s hot, %s cold), max |dz| %s, max |dlat|, |dlon| %s: %s',
                    count(*), count(*) FILTER (WHERE b.class LIKE 'hot%'), count(*) FILTER (WHERE b.class LIKE 'cold%'),
                    to_char(max(abs(a.z - b.z)), '9.9EEEE'), to_char(greatest(max(abs(a.lat - b.lat)), max(abs(a.lon - b.lon))), '9.9EEEE'),
                    CASE WHEN count(a.cell) = count(*) AND count(b.cell) = count(*)
                               AND bool_and(a.n = b.n AND a.class IS NOT DISTINCT FROM b.class
                                            AND (a.z IS NULL) = (b.z IS NULL)
                                            AND coalesce(abs(a.z - b.z) <= 1e-9, true)
                                            AND coalesce(abs(a.p - b.p) <= 1e-6 * b.p, true)
                                            AND abs(a.lat - b.lat) <= 1e-9 AND abs(a.lon - b.lon) <= 1e-9)
                          AND count(*) FILTER (WHERE b.class LIKE 'hot%') > 0
                         THEN 'same' ELSE 'DIFFERENT' END)
        FROM a FULL JOIN b USING (cell)") ;;
    kde) out=$(run "
      WITH a AS (SELECT *, row_number() OVER () AS i FROM $fn('$small', 250, 1000)),
           b AS (SELECT k.*, row_number() OVER () AS i FROM (SELECT array_agg(lat) la, array_agg(lon) lo FROM bench.small_points) s,
                                 etrace.kernel_density(s.la, s.lo, 250, 1000) k)
      SELECT format('%s cells, max relative difference of density %s, max |dlat|, |dlon| %s: %s',
                    count(*), to_char(max(abs(a.density - b.density) / b.density), '9.9EEEE'),
                    to_char(greatest(max(abs(a.lat - b.lat)), max(abs(a.lon - b.lon))), '9.9EEEE'),
                    CASE WHEN count(a.i) = count(*) AND count(b.i) = count(*)
                               AND bool_and(abs(a.density - b.density) <= 1e-6 * b.density
                                            AND abs(a.lat - b.lat) <= 1e-9 AND abs(a.lon - b.lon) <= 1e-9)
                         THEN 'same' ELSE 'DIFFERENT' END)
        FROM a FULL JOIN b USING (i)") ;;
  esac
  out=${out#*|}
  printf 'check %-28s %s\n' "$fn" "$out"
  [[ $out == *": same" ]] || failed=1
}
failed=
if want hotspots || want kernel_density; then
  psql -q -X -v ON_ERROR_STOP=1 -d $db <<'SQL'
-- 3,000 points: a uniform scatter over about 20 x 28 km and a tight cluster
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench.small_points;
CREATE TABLE bench.small_points AS
SELECT 20.6 + ((i * 7919) % 1000) / 5000.0 + CASE WHEN i % 3 = 0 THEN 0.1 + ((i * 31) % 97) / 20000.0 ELSE 0 END AS lat,
       -103.4 + ((i * 104729) % 1000) / 4000.0 + CASE WHEN i % 3 = 0 THEN 0.1 + ((i * 17) % 89) / 20000.0 ELSE 0 END AS lon
  FROM generate_series(1, 3000) i;
GRANT SELECT ON bench.small_points TO bench_analyst;
SQL
  if want hotspots; then
    check hotspots bench.hotspots_sql
    [ -z "$postgis" ] || check hotspots bench.hotspots_postgis
  fi
  if want kernel_density; then
    check kde bench.kernel_density_sql
    [ -z "$postgis" ] || check kde bench.kernel_density_postgis
  fi
  if [ -n "$failed" ]; then
    echo "a SQL version does not compute what etrace computes: no timing" >&2
    exit 1
  fi
fi

declare -A times results
for r in $(seq "$rounds"); do   # interleaved, so drift hits all alike
  for q in "${names[@]}"; do
    out=$(run "${sql[$q]}")
    times[$q]+="${out%%|*} "
    results[$q]=${out#*|}
  done
done
declare -A med
echo "times of each round, ms:"
for q in "${names[@]}"; do
  med[$q]=$(printf '%s\n' ${times[$q]} | median)
  printf '  %-18s %s\n' "$q" "${times[$q]}"
done
echo "traces: $n, rounds: $rounds, jit: $jit, work_mem: $(psql -X -At -d $db ${work_mem:+-c "SET work_mem = '$work_mem'"} -c 'SHOW work_mem' | tail -1)," \
     "PostGIS: ${postgis:-not installed}"
printf '%-46s %10s %12s %8s  %s\n' comparison etrace_ms baseline_ms ratio target
# three decimals, so that a ratio just above a target does not print as it
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
# "met" or "MISSED" from the medians themselves, not from the rounded ratio
verdict() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {printf "<= %.2f %s", t, (a <= t * b) ? "met" : "MISSED"}'; }
line() {  # label etrace baseline target-kind
  local r verdict
  r=$(ratio "${med[$2]}" "${med[$3]}")
  case ${4:-} in
    faster10) verdict=$(verdict "${med[$2]}" "${med[$3]}" 0.1) ;;
    within15) verdict=$(verdict "${med[$2]}" "${med[$3]}" 1.5) ;;
    *) verdict= ;;
  esac
  printf '%-46s %10.0f %12.0f %8s  %s\n' "$1" "${med[$2]}" "${med[$3]}" "$r" "$verdict"
  summary_row analytics "${1%% / *}, $n traces" "${1#* / }" "$(printf '%.0f' "${med[$3]}")" \
    "$(printf '%.0f' "${med[$2]}")" ms "$r" "$([ -n "$verdict" ] && echo "${verdict% *} (etrace/baseline ms)" || echo -)"
}
if want hotspots; then
  line "hotspots (cell $hot_cell m) / plain SQL" hotspots hotspots_sql faster10
  line "hotspots, array form (array_agg) / plain SQL" hotspots_arrays hotspots_sql
  [ -z "$postgis" ] || [ -z "$postgis_hotspots" ] || line "hotspots / PostGIS SQL" hotspots hotspots_postgis faster10
fi
if want kernel_density; then
  line "kernel_density ($kde_cell m, h $kde_bw m) / plain SQL" kde kde_sql
  [ -z "$postgis" ] || line "kernel_density / PostGIS SQL" kde kde_postgis
fi
want indicators && line "indicators / GROUP BY purchaser+possessor+dealer" indicators indicators_base within15
want corridors && line "corridors / GROUP BY source+place" corridors corridors_base within15
echo "results (each side must agree):"
for q in "${names[@]}"; do
  printf '  %-18s %s\n' "$q" "${results[$q]}"
done
if [ -z "$keep" ]; then
  psql -q -X -d postgres -c "DROP DATABASE $db"
fi
