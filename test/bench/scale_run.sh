#!/usr/bin/env bash
# The scale run: N traces (default 10 million) made by the data generator's
# bulk path (test/gen/generate --bulk: etrace.import_traces and
# etrace.submit_traces, the same validation, row-level security and audit as
# one submit_trace each), then the analyst's reports timed over all of them
# as a tracing-center analyst, each against a bare count GROUP BY over the
# same view in the same run.
#
# usage: test/bench/scale_run.sh [--traces N] [--seed S] [--timeout MIN] [--keep]
#   --traces N     traces to generate (default 10000000)
#   --seed S       the generator's seed (default 1)
#   --timeout MIN  statement timeout of each report, minutes (default 30);
#                  a report that runs out is shown as "timeout"
#   --keep         keep the database etrace_bench_scale; a later run that
#                  finds it holding N traces reuses it instead of loading
# Uses the cluster in PGHOST/PGPORT when set (it must listen on 127.0.0.1:
# the generator's accounts work from a duty station), otherwise starts a
# throwaway one.  Prints the load rate and, per report, its time, the
# baseline's time and the ratio (report / baseline).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
traces=10000000 seed=1 timeout=30 keep=false
while [ $# -gt 0 ]; do
	case $1 in
	--traces) traces=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--keep) keep=true; shift ;;
	*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
if [ -z "${PGHOST:-}" ]; then
	source "$here/../lib/common.sh"
	start_cluster
fi
source "$here/bench_lib.sh"
db=etrace_bench_scale
gen=$here/../gen/generate
[ -x "$gen" ] || { echo "scale_run.sh: the data generator $gen is missing" >&2; exit 1; }

have=$(psql -XAtq -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")
if [ -n "$have" ] && [ "$(psql -XAtq -d $db -c 'SELECT count(*) FROM etrace.trace' 2>/dev/null)" = "$traces" ]; then
	echo "reusing $db ($traces traces)"
else
	PGOPTIONS="-c client_min_messages=warning" psql -Xq -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	PGOPTIONS='-c client_min_messages=warning' psql -Xq -v ON_ERROR_STOP=1 -d $db -c 'CREATE EXTENSION etrace CASCADE'
	# Login roles are cluster-wide; those of an earlier run of this script go first.
	psql -XAtq -d postgres -c "SELECT format('DROP ROLE %I', rolname) FROM pg_roles WHERE rolname LIKE 'scale\_%' OR rolname = 'bench_scale_analyst'" |
		psql -Xq -d postgres >/dev/null
	start=$(date +%s.%N)
	PGDATABASE=$db "$gen" --seed "$seed" --traces "$traces" --bulk --role-prefix scale_ >/dev/null
	secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
	rate=$(awk -v n="$traces" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
	printf 'generated and loaded %s traces in %s s: %s traces/s (bulk path)\n' "$traces" "$secs" "$rate"
	summary_row scale "load $traces traces (generator, bulk path)" - - "$rate" traces/s - -
	psql -Xq -d $db -c 'VACUUM ANALYZE'
fi

# The analyst: tracing-center staff (etrace_ntc sees every agency's traces,
# none masked) with the analyst group; it connects over 127.0.0.1, a duty
# station of every agency the generator made.
psql -Xq -v ON_ERROR_STOP=1 -d $db <<'SQL' >/dev/null
SET client_min_messages = warning;
SELECT etrace.create_account('bench_scale_analyst', g.id, '{"name": "Scale Bench"}',
                             ARRAY['etrace_ntc', 'etrace_analyst'])
  FROM etrace.agency g
 WHERE g.kind = 'ntc'
   AND NOT EXISTS (SELECT 1 FROM etrace.account WHERE role_name = 'bench_scale_analyst');
SQL

# time_query SQL: seconds the query takes as the analyst ("timeout" when it
# runs out of time, "error" when it fails otherwise: the error goes to
# stderr); its result is discarded.
time_query()
{
	local out
	if ! out=$(PGOPTIONS="-c statement_timeout=${timeout}min" psql -XAtq -h 127.0.0.1 -U bench_scale_analyst -d $db \
		-c '\timing on' -c "SELECT count(*) FROM ($1) q" 2>&1); then
		if grep -q 'statement timeout' <<<"$out"; then
			echo timeout
		else
			grep -m 1 'ERROR' <<<"$out" >&2
			echo error
		fi
		return
	fi
	awk '/^Time:/ {printf "%.2f", $2 / 1000}' <<<"$out"
}

baseline_sql="SELECT recovery_country, status, count(*) FROM etrace.traces GROUP BY 1, 2"
reports=(
	"time_to_crime_summary by country|SELECT t.recovery_country, etrace.time_to_crime_summary(t.time_to_crime_days) FROM etrace.traces t GROUP BY 1"
	"corridors|SELECT * FROM etrace.corridors('{}')"
	"source_dealers|SELECT * FROM etrace.source_dealers('{}')"
	"trafficking_indicators|SELECT * FROM etrace.trafficking_indicators('{}')"
	"hotspots (5 km hexagons)|SELECT * FROM etrace.hotspots('{}', 5000, NULL, 'hex')"
	"trace_networks|SELECT * FROM etrace.trace_networks('{}')"
)
printf '%-34s %12s %12s %8s\n' report seconds baseline_s ratio
for entry in "${reports[@]}"; do
	name=${entry%%|*} sql=${entry#*|}
	base=$(time_query "$baseline_sql")
	secs=$(time_query "$sql")
	if [[ ! $secs =~ ^[0-9.]+$ ]] || [[ ! $base =~ ^[0-9.]+$ ]]; then
		ratio=-
	else
		ratio=$(awk -v a="$secs" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
	fi
	printf '%-34s %12s %12s %8s\n' "$name" "$secs" "$base" "$ratio"
	summary_row scale "$name, $traces traces" "count GROUP BY country, status (s)" "$base" "$secs" s "$ratio" -
done
$keep || psql -Xq -d postgres -c "DROP DATABASE $db"
