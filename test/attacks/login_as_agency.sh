#!/usr/bin/env bash
# Attacks that need a real login as an agency user (pg_prove logs in as a
# superuser, which changes what SET SESSION AUTHORIZATION, connection
# options and COPY to the client do): the Unix socket without a client
# address, etrace settings given as connection options or set before the
# library is loaded, other identities asked for at login or stored as role
# defaults, and COPY to and from the client.  Prints TAP; see common.bash
# for what it needs and what it creates.
#
# usage: bash test/attacks/login_as_agency.sh

# shellcheck source-path=SCRIPTDIR source=common.bash
source "$(dirname "${BASH_SOURCE[0]}")/common.bash"

setup
SUBMIT="SELECT etrace.submit_trace(jsonb_set('$TRACE_DOC', '{firearm,serial}', '\"SOCK-1\"'))"
COUNT="SELECT (SELECT count(*) FROM etrace.traces) || '/' || (SELECT count(*) FROM etrace.find_traces('{}'))"
SOCKET_REFUSED='accounts may not work over a Unix-socket connection \(etrace.unix_socket_access is off\)'

out=$(as_a -c "$COUNT" 2>&1)
expect "$out" '^1/1$' "control: over TCP from a duty station, agency A reads its trace (view / find_traces)"

# ---- the Unix socket: no client address to check --------------------------
out=$(as_a_socket -c "$SUBMIT" 2>&1)
expect "$out" "ERROR: +$SOCKET_REFUSED" "over the Unix socket, submitting is refused (no client address)"
out=$(as_a_socket -c "$COUNT" 2>&1)
expect "$out" '^0/0$' "over the Unix socket, nothing can be read"

# ---- etrace settings from the client ---------------------------------------
out=$(PGOPTIONS='-c etrace.unix_socket_access=on' as_a_socket -c "SELECT etrace.setting_unix_socket_access()" -c "$SUBMIT" 2>&1)
expect "$out" "^f$" "PGOPTIONS='-c etrace.unix_socket_access=on': the setting stays off once etrace is loaded"
expect "$out" "ERROR: +$SOCKET_REFUSED" "PGOPTIONS='-c etrace.unix_socket_access=on': submitting over the socket is still refused"
out=$(as_a_socket -c "SET etrace.unix_socket_access = on" -c "$SUBMIT" 2>&1)
expect "$out" "ERROR: +$SOCKET_REFUSED" "SET etrace.unix_socket_access before etrace is loaded: discarded when it loads"
out=$(as_a -c "ALTER ROLE $ROLE_A SET etrace.unix_socket_access = on" 2>&1)
expect "$out" 'ERROR: +permission denied to set parameter "etrace.unix_socket_access"' \
	"ALTER ROLE (itself) SET etrace.unix_socket_access in a session where etrace is not loaded: refused"
out=$(as_a -c "ALTER ROLE $ROLE_A IN DATABASE $ATTACK_DB SET etrace.recertification_days = 3650" 2>&1)
expect "$out" 'ERROR: +permission denied to set parameter "etrace.recertification_days"' \
	"ALTER ROLE (itself) IN DATABASE SET etrace.recertification_days: refused"
out=$(as_a -c "ALTER SYSTEM SET etrace.unix_socket_access = on" 2>&1)
expect "$out" 'ERROR: +permission denied to set parameter "etrace.unix_socket_access"' "ALTER SYSTEM SET etrace.unix_socket_access: refused"

# ---- another identity -------------------------------------------------------
out=$(as_a -c "SET SESSION AUTHORIZATION $ROLE_B" 2>&1)
expect "$out" "ERROR: +permission denied to set session authorization \"$ROLE_B\"" \
	"SET SESSION AUTHORIZATION to another agency's user: refused"
out=$(as_a -c "SET SESSION AUTHORIZATION postgres" 2>&1)
expect "$out" 'ERROR: +permission denied to set session authorization' "SET SESSION AUTHORIZATION to a superuser: refused"
out=$(as_a -c "SET ROLE $ROLE_B" 2>&1)
expect "$out" "ERROR: +permission denied to set role \"$ROLE_B\"" "SET ROLE to another agency's user: refused"
out=$(as_a -c "GRANT $ROLE_A TO $ROLE_B" 2>&1)
expect "$out" "ERROR: +must have admin option on role \"$ROLE_A\"" \
	"lending one's own role to another agency's user (GRANT, logged in as oneself): refused"
WHO="SELECT current_user || '/' || session_user || '/' || etrace.session_role() || '/' || (SELECT string_agg(trace_number::text, ',') FROM etrace.traces)"
out=$(PGOPTIONS="-c role=$ROLE_B" as_a -c "$WHO" 2>&1)
expect "$out" "FATAL: +permission denied to set role \"$ROLE_B\"" \
	"PGOPTIONS='-c role=<another agency's user>': the connection is refused"
out=$(PGOPTIONS="-c session_authorization=$ROLE_B" as_a -c "$WHO" 2>&1)
expect "$out" "FATAL: +permission denied to set session authorization \"$ROLE_B\"" \
	"PGOPTIONS='-c session_authorization=<another user>': the connection is refused"
as_a -c "ALTER ROLE $ROLE_A SET role = '$ROLE_B'" -c "ALTER ROLE $ROLE_A SET session_authorization = '$ROLE_B'" >/dev/null 2>&1
out=$(as_a -c "$WHO" 2>&1)
expect "$out" "^$ROLE_A/$ROLE_A/$ROLE_A/$TN_A\$" \
	"role and session_authorization stored as one's own role defaults: the next login stays agency A's"
su_psql -d postgres -c "ALTER ROLE $ROLE_A RESET ALL" >/dev/null

# ---- COPY to and from the client -------------------------------------------
out=$(as_a -c "COPY etrace.trace TO STDOUT" 2>&1)
expect "$out" 'ERROR: +permission denied for table trace' "COPY etrace.trace TO STDOUT: refused"
out=$(as_a -c "COPY (SELECT trace_number FROM etrace.traces) TO STDOUT" 2>&1)
expect "$out" "^$TN_A\$" "COPY (SELECT ... FROM etrace.traces) TO STDOUT: only agency A's trace"
out=$(as_a -c "COPY etrace.trace (trace_number, recovery_locality) TO STDOUT" 2>&1)
expect "$out" "^$TN_A	Guadalajara\$" "COPY etrace.trace (granted columns) TO STDOUT: only agency A's own trace"
out=$(as_a -c "COPY etrace.trace (trace_number, doc) TO STDOUT" 2>&1)
expect "$out" 'ERROR: +permission denied for table trace' "COPY etrace.trace (..., doc) TO STDOUT: the document is refused"
out=$(as_a -c "SET row_security = off" -c "COPY (SELECT trace_number FROM etrace.traces) TO STDOUT" 2>&1)
expect "$out" 'ERROR: +query would be affected by row-level security policy for table "(trace|agency|trace_result)"' \
	"COPY ... TO STDOUT with row_security off: refused"
out=$(printf '1\n' | as_a -c "COPY etrace.trace (id) FROM STDIN" 2>&1)
expect "$out" 'ERROR: +permission denied for table trace' "COPY etrace.trace FROM STDIN: refused"
out=$(printf '1\n' | as_a -c "COPY etrace.duty_station (network) FROM STDIN" 2>&1)
expect "$out" 'ERROR: +permission denied for table duty_station' "COPY etrace.duty_station FROM STDIN (a duty station of one's own): refused"
out=$(as_a -c '\copy etrace.account TO STDOUT' 2>&1)
expect "$out" 'ERROR: +permission denied for table account' "psql's \\copy etrace.account TO STDOUT: refused"

finish
