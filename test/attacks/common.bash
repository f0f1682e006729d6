# shellcheck shell=bash
# Shared by the attack scripts in test/attacks/ (sourced, not run).
#
# Each script is self-contained: it makes a scratch database with etrace,
# two agencies (A and B) whose MOUs are signed, 127.0.0.0/16 as their duty
# station, one login role with an account in each (points of contact) and
# one trace each; then it logs in as agency A's role, over TCP and over the
# Unix socket, attacks, and prints TAP.  Everything it made is dropped on
# exit, whatever happens.
#
# Needs a running PostgreSQL 15 with etrace installed, reachable as a
# superuser through the usual libpq variables (PGHOST, PGPORT, PGUSER), with
# trust (or otherwise password-less) authentication for local roles over
# 127.0.0.1 and the Unix socket, and the server's client programs (psql,
# pg_dump) first in PATH.

set -uo pipefail

ATTACK_ID="attk$$"
ATTACK_DB="${ATTACK_ID}_db"
ROLE_A="${ATTACK_ID}_a"
ROLE_B="${ATTACK_ID}_b"
TAP_COUNT=0
TAP_FAILED=0

# the trace document of test/pgtap/fixtures/world.psql
TRACE_DOC='{"request": {"request_date": "2026-11-02", "priority": "routine", "crime_code": "5212", "agency_case_number": "GDL-2026-1187", "officer": {"name": "Ana Ruiz"}}, "firearm": {"serial": "ABX 123 45", "obliterated": false, "manufacturer": "Glock", "importer": "Glock Inc", "model": "19", "caliber": "9mm Luger", "type": "PI", "country_of_origin": "AT", "markings": ""}, "recovery": {"date": "2026-10-30", "country": "MX", "subdivision": "MX-JAL", "locality": "Guadalajara", "latitude": 20.6736, "longitude": -103.344}}'

# Superuser connections use the caller's libpq environment.
su_psql()
{
	psql -X -q -v ON_ERROR_STOP=1 -At "$@"
}

# as_a [psql args...]: agency A's role over TCP from 127.0.0.1 (a duty
# station); stdout and stderr both captured by the caller.
as_a()
{
	psql -X -At -h 127.0.0.1 -U "$ROLE_A" -d "$ATTACK_DB" "$@"
}

# as_a_socket [psql args...]: agency A's role over the Unix socket.
as_a_socket()
{
	psql -X -At -h "$SOCKET_DIR" -U "$ROLE_A" -d "$ATTACK_DB" "$@"
}

# tap_ok CONDITION DESCRIPTION [DIAGNOSTIC]: CONDITION is a shell status (0 = pass).
tap_ok()
{
	local status=$1 description=$2 diagnostic=${3:-}
	TAP_COUNT=$((TAP_COUNT + 1))
	if [[ $status -eq 0 ]]; then
		printf 'ok %d - %s\n' "$TAP_COUNT" "$description"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		printf 'not ok %d - %s\n' "$TAP_COUNT" "$description"
		if [[ -n $diagnostic ]]; then
			printf '%s\n' "$diagnostic" | sed 's/^/#   /'
		fi
	fi
}

# expect OUTPUT PATTERN DESCRIPTION: passes when OUTPUT matches the
# extended regular expression PATTERN.
expect()
{
	local output=$1 pattern=$2 description=$3
	if grep -Eq -- "$pattern" <<<"$output"; then
		tap_ok 0 "$description"
	else
		tap_ok 1 "$description" "expected /$pattern/, got:
$output"
	fi
}

bail_out()
{
	printf 'Bail out! %s\n' "$*"
	exit 255
}

cleanup()
{
	local status=$?
	# (the names carry this process's id: nobody else's objects)
	su_psql -d postgres -c "DROP DATABASE IF EXISTS $ATTACK_DB" \
		-c "DROP ROLE IF EXISTS $ROLE_A" -c "DROP ROLE IF EXISTS $ROLE_B" >/dev/null 2>&1
	exit "$status"
}

# setup: the scratch database, agencies A and B, their accounts and traces.
# Sets TN_A and TN_B (the trace numbers) and SOCKET_DIR.
setup()
{
	trap cleanup EXIT
	command -v psql >/dev/null || bail_out "psql is not in PATH"
	su_psql -d postgres -c 'SELECT 1' >/dev/null || bail_out "cannot connect as a superuser (PGHOST, PGPORT, PGUSER)"
	[[ $(su_psql -d postgres -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user') == t ]] ||
		bail_out "PGUSER is not a superuser"
	SOCKET_DIR=$(su_psql -d postgres -c 'SHOW unix_socket_directories' | cut -d, -f1)
	[[ -n $SOCKET_DIR ]] || bail_out "the server has no Unix socket"
	su_psql -d postgres -c "CREATE DATABASE $ATTACK_DB" || bail_out "cannot create database $ATTACK_DB"
	PGOPTIONS='-c client_min_messages=warning' su_psql -d "$ATTACK_DB" \
		-v role_a="$ROLE_A" -v role_b="$ROLE_B" >/dev/null <<'SQL' || bail_out "setting up etrace in $ATTACK_DB failed"
CREATE EXTENSION etrace CASCADE;
SELECT etrace.register_agency('{"ori": "USATF0001", "name": "National Tracing Center", "country": "US", "kind": "ntc"}');
SELECT etrace.register_agency('{"ori": "MXJAL0001", "name": "Fiscalia de Jalisco", "country": "MX", "subdivision": "MX-JAL", "kind": "foreign"}') AS a_id \gset
SELECT etrace.register_agency('{"ori": "MXSON0001", "name": "Fiscalia de Sonora", "country": "MX", "subdivision": "MX-SON", "kind": "foreign"}') AS b_id \gset
SELECT etrace.create_account(:'role_a', :a_id, '{"name": "Ana Ruiz"}') AS a_acct \gset
SELECT etrace.create_account(:'role_b', :b_id, '{"name": "Carla Soto"}') AS b_acct \gset
SELECT etrace.sign_mou(g, format('{"party": "%s", "signed_on": "2025-01-15", "signer": {"name": "Signer"}, "language": "es"}', p)::jsonb)
  FROM unnest(ARRAY[:a_id, :b_id]::bigint[]) g, unnest(ARRAY['agency', 'ntc']) p;
SELECT etrace.add_duty_station(g, '127.0.0.0/16', 'Loopback') FROM unnest(ARRAY[:a_id, :b_id]::bigint[]) g;
SELECT etrace.set_poc(:a_id, format('{"kind": "primary", "name": "Ana Ruiz", "account": %s}', :a_acct)::jsonb);
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b_acct)::jsonb);
SQL
	TN_A=$(as_a -c "SELECT etrace.submit_trace('$TRACE_DOC')" 2>&1) ||
		bail_out "agency A cannot submit over TCP (pg_hba.conf must trust local roles): $TN_A"
	TN_B=$(psql -X -At -h 127.0.0.1 -U "$ROLE_B" -d "$ATTACK_DB" \
		-c "SELECT etrace.submit_trace(jsonb_set('$TRACE_DOC', '{firearm,serial}', '\"SON-777\"'))" 2>&1) ||
		bail_out "agency B cannot submit over TCP: $TN_B"
}

finish()
{
	printf '1..%d\n' "$TAP_COUNT"
	[[ $TAP_FAILED -eq 0 ]]
}
