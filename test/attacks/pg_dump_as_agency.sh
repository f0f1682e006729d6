#!/usr/bin/env bash
# Attack: an agency user runs pg_dump against the etrace database, hoping to
# carry away every agency's traces.  pg_dump turns row_security off and
# reads whole tables, so every way of running it must fail with a
# permission or row-level security error, and print no trace data.
# Prints TAP; see common.bash for what it needs and what it creates.
#
# usage: bash test/attacks/pg_dump_as_agency.sh

# shellcheck source-path=SCRIPTDIR source=common.bash
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"

setup

# dump_as_a NAME ARGS...: pg_dump as agency A over TCP; sets OUT, ERR, RC.
dump_as_a()
{
	local errfile
	errfile=$(mktemp)
	OUT=$(pg_dump -h 127.0.0.1 -U "$ROLE_A" -d "$ATTACK_DB" "$@" 2>"$errfile")
	RC=$?
	ERR=$(cat "$errfile")
	rm -f "$errfile"
	ALL_OUT+=$OUT
}
ALL_OUT=''

# the control: the data is there, and a superuser's pg_dump carries it
control=$(pg_dump -d "$ATTACK_DB" 2>&1)
grep -q -- "$TN_A" <<<"$control" && grep -q -- "$TN_B" <<<"$control"
tap_ok $? "control: a superuser's pg_dump contains both agencies' trace numbers"

dump_as_a -n etrace
[[ $RC -ne 0 ]] && grep -Eq 'permission denied|row-level security' <<<"$ERR"
tap_ok $? "pg_dump -n etrace as an agency user fails with a permission error" "exit $RC: $ERR"

dump_as_a -t etrace.trace
[[ $RC -ne 0 ]] && grep -Eq 'permission denied for table trace|row-level security' <<<"$ERR"
tap_ok $? "pg_dump -t etrace.trace as an agency user fails with a permission error" "exit $RC: $ERR"

dump_as_a --enable-row-security -t etrace.trace
[[ $RC -ne 0 ]] && grep -Eq 'permission denied for table trace' <<<"$ERR"
tap_ok $? "pg_dump --enable-row-security -t etrace.trace fails too (no SELECT on the table)" "exit $RC: $ERR"

dump_as_a --data-only -t etrace.trace_result -t etrace.trace_person -t etrace.account
[[ $RC -ne 0 ]] && grep -Eq 'permission denied' <<<"$ERR"
tap_ok $? "pg_dump --data-only of results, people and accounts fails" "exit $RC: $ERR"

dump_as_a
[[ $RC -ne 0 ]] && grep -Eq 'permission denied|row-level security' <<<"$ERR"
tap_ok $? "pg_dump of the whole database as an agency user fails" "exit $RC: $ERR"

! grep -Eq -- "$TN_A|$TN_B|SON-777|ABX 123 45" <<<"$ALL_OUT"
tap_ok $? "none of the failed dumps printed a trace number or a serial"

finish
