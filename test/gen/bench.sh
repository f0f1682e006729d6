#!/usr/bin/env bash
# The two loading paths side by side: one submit_trace and one workflow call
# per trace, against import_traces/submit_traces; interleaved rounds, each
# in a fresh database, against the cluster in PGHOST/PGPORT (superuser).
# usage: bash test/gen/bench.sh [TRACES] [ROUNDS]      (default 5000 3)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
traces=${1:-5000}
rounds=${2:-3}
run()
{
	local mode=$1 round=$2 db=etrace_gen_bench_$1_$2 flag=
	[[ $mode == bulk ]] && flag=--bulk
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
	PGOPTIONS='-c client_min_messages=warning' psql -X -q -d "$db" -c 'CREATE EXTENSION etrace CASCADE'
	PGDATABASE=$db "$here/generate" --seed "$round" --traces "$traces" $flag --role-prefix "gb_${mode}_${round}_" 2>/dev/null
	psql -X -q -d postgres -c "DROP DATABASE $db"
	psql -X -At -d postgres -c "SELECT format('DROP ROLE %I;', rolname) FROM pg_roles WHERE rolname LIKE 'gb\_${mode}\_${round}\_%'" |
		psql -X -q -d postgres
}
for ((r = 1; r <= rounds; r++)); do
	run api "$r"
	run bulk "$r"
done
