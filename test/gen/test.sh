#!/usr/bin/env bash
# Test of the data generator (TAP output, for prove): the same seed gives
# byte-identical documents, the shares are as documented, every spelling it
# uses is one etrace accepts and folds together, and both loading paths
# (one submit_trace per trace, and the bulk functions) load it.
#
# Needs a running cluster reachable as a superuser through PGHOST/PGPORT
# (and over TCP on 127.0.0.1, where duty stations are checked) with etrace
# installed; creates and drops its own databases and roles.
# usage: bash test/gen/test.sh      (or: prove -e bash test/gen/test.sh)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
prefix=gen_test_
dbs=(etrace_gen_test_bulk etrace_gen_test_api)
n=0
failed=0

cleanup()
{
	for db in "${dbs[@]}"; do
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" 2>/dev/null
	done
	psql -X -At -d postgres -c "SELECT format('DROP ROLE %I;', rolname) FROM pg_roles WHERE rolname LIKE '${prefix}%'" 2>/dev/null |
		psql -X -q -d postgres >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

ok()
{
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

echo "1..27"
cleanup
tmp=$(mktemp -d)

"$here/generate" --seed 1 --traces 300 --no-db --dump "$tmp/a.jsonl" >/dev/null 2>&1
ok $? "generate --seed 1 --traces 300 --no-db"
"$here/generate" --seed 1 --traces 300 --no-db --dump "$tmp/b.jsonl" >/dev/null 2>&1
cmp -s "$tmp/a.jsonl" "$tmp/b.jsonl"
ok $? "the same seed gives byte-identical documents"
"$here/generate" --seed 2 --traces 300 --no-db --dump "$tmp/c.jsonl" >/dev/null 2>&1
! cmp -s "$tmp/a.jsonl" "$tmp/c.jsonl"
ok $? "another seed gives other documents"

# the shares (14 tests, numbered 4..17)
(cd "$here" && python3 check.py 4 "$tmp/a.jsonl")
r=$?
n=$((n + 14))
[[ $r == 0 ]] || failed=$((failed + 1))

# every spelling of a make folds to one manufacturer key, every caliber
# spelling of a model to one canonical caliber, every serial of a firearm
# (respelled) parses
for db in "${dbs[@]}"; do
	psql -X -q -d postgres -c "CREATE DATABASE $db" &&
		PGOPTIONS='-c client_min_messages=warning' psql -X -q -d "$db" -c 'CREATE EXTENSION etrace CASCADE'
done
python3 - "$here" >"$tmp/spell.sql" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[1])
import world
rows = []
for f in world.FIREARMS:
    for m in f[1]:
        rows.append("(%s, 'make', %s)" % (json.dumps(f[1][0]).replace('"', "'"), "'" + m.replace("'", "''") + "'"))
    for model in f[4]:
        for c in model[2]:
            rows.append("('%s %s', 'caliber', '%s')" % (f[1][0].replace("'", "''"), model[0], c))
print("SELECT count(*) FROM (SELECT g FROM (VALUES %s) v(g, kind, s) GROUP BY g, kind"
      " HAVING count(DISTINCT CASE kind WHEN 'make' THEN etrace.manufacturer_key(s)"
      " ELSE coalesce(etrace.caliber_canonical(s), '?' || s) END) <> 1) x;" % ", ".join(rows))
PY
[[ $(psql -X -At -d "${dbs[0]}" -f "$tmp/spell.sql") == 0 ]]
ok $? "each make's spellings share one manufacturer key, each model's caliber spellings one canonical caliber"

# bulk path
PGDATABASE=${dbs[0]} "$here/generate" --seed 1 --traces 300 --bulk --role-prefix "$prefix"b_ >"$tmp/bulk.out" 2>"$tmp/bulk.err"
r=$?
ok $r "generate --bulk loads 300 traces"
[[ $r == 0 ]] || sed 's/^/# /' "$tmp/bulk.err"
expected=$(python3 -c "
import json, collections
c = collections.Counter(json.loads(l)['status'] for l in open('$tmp/a.jsonl'))
print(' '.join('%s=%d' % (s, c[s]) for s in sorted(c)))")
got=$(psql -X -At -d "${dbs[0]}" -c "SELECT string_agg(status || '=' || n, ' ' ORDER BY status) FROM (SELECT status, count(*) n FROM etrace.trace GROUP BY 1) s")
[[ $got == "$expected" ]]
ok $? "every trace in its status ($got)"
got=$(psql -X -At -d "${dbs[0]}" -c "SELECT count(*) FILTER (WHERE caliber_canonical IS NULL) || ' ' || count(DISTINCT agency_id) || ' ' || count(*) FILTER (WHERE submitted_by IS NOT NULL) FROM etrace.trace")
read -r nocal agencies fresh <<<"$got"
[[ $nocal == 0 && $agencies -ge 20 ]]
ok $? "every caliber recognized, traces of $agencies agencies"
[[ $fresh == $(grep -c '"status": "submitted"' "$tmp/a.jsonl") ]]
ok $? "the open traces were filed by the agencies' officers (submit_traces): $fresh"
got=$(psql -X -At -d "${dbs[0]}" -c "SELECT count(*) FROM etrace.audit_log WHERE object = 'trace' AND action = 'insert'")
[[ $got -ge 2 ]]
ok $? "the bulk writes are audited ($got audit rows for trace inserts)"
got=$(psql -X -At -d "${dbs[0]}" -c "SELECT ok FROM etrace.verify_audit()")
[[ $got == t ]]
ok $? "the audit trail verifies"

# API path: one submit_trace per trace, then start/complete/close_untraceable/close_trace
PGDATABASE=${dbs[1]} "$here/generate" --seed 1 --traces 300 --role-prefix "$prefix"a_ >"$tmp/api.out" 2>"$tmp/api.err"
r=$?
ok $r "generate (submit_trace per trace, workflow per trace) loads 300 traces"
[[ $r == 0 ]] || sed 's/^/# /' "$tmp/api.err"
got=$(psql -X -At -d "${dbs[1]}" -c "SELECT string_agg(status || '=' || n, ' ' ORDER BY status) FROM (SELECT status, count(*) n FROM etrace.trace GROUP BY 1) s")
[[ $got == "$expected" ]]
ok $? "the same statuses through the workflow functions ($got)"
q="SELECT md5(string_agg(coalesce(r.outcome, r.untraceable_reason, '-') || coalesce(r.dealer_ffl::text, '') || coalesce(r.time_to_crime_days::text, '') || t.doc::text, '|' ORDER BY t.doc::text))
     FROM etrace.trace t LEFT JOIN etrace.trace_result r ON r.trace_id = t.id"
[[ $(psql -X -At -d "${dbs[1]}" -c "$q") == $(psql -X -At -d "${dbs[0]}" -c "$q") ]]
ok $? "both paths store the same documents and results"

echo "# $(cat "$tmp/bulk.out")"
[[ $failed == 0 ]]
