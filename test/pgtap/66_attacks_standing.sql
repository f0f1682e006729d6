-- Attacks by accounts that are not in good standing: requested (not yet
-- approved), suspended, revoked, without LOGIN, not recertified in time;
-- of an agency whose MOU is not in force or was discontinued; from a client
-- address outside the agency's duty stations, with an expired, future,
-- wrong-network or someone else's location exception; a role without an
-- account.  Each tries a write (refused with 42501 and the reason) and the
-- reads (no rows at all).  The states are set directly as the superuser,
-- inside the test's transaction, and undone after each block: only the
-- account or agency row changes, the role keeps LOGIN and its group roles,
-- so the standing check alone must refuse (67_attacks_lifecycle.sql reaches
-- the same states through the lifecycle functions).
BEGIN;
SELECT plan(47);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

-- Everything the role can read: the view etrace.traces, a direct SELECT on
-- the tables (its own agency's traces and results), find_traces,
-- search_serial and get_trace of its agency's trace.
CREATE FUNCTION pg_temp.reads(r name, tn text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_rows int;
    v_own int;
    v_found int;
    v_searched int;
    v_get text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    SELECT count(*) INTO v_rows FROM etrace.traces;
    SELECT (SELECT count(*) FROM etrace.trace) + (SELECT count(*) FROM etrace.trace_result) INTO v_own;
    SELECT count(*) INTO v_found FROM etrace.find_traces('{}');
    SELECT count(*) INTO v_searched FROM etrace.search_serial('*X*');
    v_get := left(pg_temp.try(format('SELECT etrace.get_trace(%L)', tn)), 5);
    RESET ROLE;
    RETURN format('trace rows %s, own rows %s, find_traces %s, search_serial %s, get_trace %s',
                  v_rows, v_own, v_found, v_searched, v_get);
END $$;
CREATE FUNCTION pg_temp.submit(r name, doc jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT pg_temp.try_as(r, format('SELECT etrace.submit_trace(%L)', doc))
$$;
\set nothing 'trace rows 0, own rows 0, find_traces 0, search_serial 0, get_trace P0002'

SELECT is(pg_temp.reads('tap_a2', :'tn_a'), 'trace rows 1, own rows 1, find_traces 1, search_serial 1, get_trace ok',
    'control: in good standing, tap_a2 reads its agency''s trace every way');
SELECT is(pg_temp.submit('tap_a2', :'doc'), 'ok', 'control: in good standing, tap_a2 submits');

--------------------------------------------------------------- accounts
UPDATE etrace.account SET status = 'requested' WHERE role_name = 'tap_a2';
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 the etrace account of role "tap_a2" is requested',
    'an account not yet approved: submitting is refused with the reason');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'an account not yet approved reads nothing');
UPDATE etrace.account SET status = 'suspended', status_reason = 'Leave of absence' WHERE role_name = 'tap_a2';
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 the etrace account of role "tap_a2" is suspended',
    'a suspended account: submitting is refused with the reason');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'a suspended account reads nothing');
UPDATE etrace.account SET status = 'revoked', status_reason = 'Transferred' WHERE role_name = 'tap_a2';
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 the etrace account of role "tap_a2" is revoked',
    'a revoked account: submitting is refused with the reason');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'a revoked account reads nothing');
UPDATE etrace.account SET status = 'active', status_reason = NULL WHERE role_name = 'tap_a2';
-- the role lost LOGIN (suspension applied to the role) but its session is
-- still open: the next statement already refuses
ALTER ROLE tap_a2 NOLOGIN;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 role "tap_a2" may not log in',
    'an active account whose role lost LOGIN: the open session''s next write is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'and its next reads give nothing');
ALTER ROLE tap_a2 LOGIN;
UPDATE etrace.account SET last_recertified = now() - interval '366 days' WHERE role_name = 'tap_a2';
SELECT is(pg_temp.submit('tap_a2', :'doc'),
    '42501 the etrace account of role "tap_a2" has not been recertified in the last 365 days',
    'an account not recertified within etrace.recertification_days: submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'an account not recertified reads nothing');
UPDATE etrace.account SET last_recertified = NULL WHERE role_name = 'tap_a2';
SELECT is(pg_temp.submit('tap_a2', :'doc'),
    '42501 the etrace account of role "tap_a2" has not been recertified in the last 365 days',
    'an account never certified: submitting is refused');
UPDATE etrace.account SET last_recertified = now() WHERE role_name = 'tap_a2';
GRANT etrace_user TO tap_outsider;
SELECT is(pg_temp.submit('tap_outsider', :'doc'),
    '42501 role "tap_outsider" has no etrace account HINT: Accounts are requested by the agency''s point of contact and activated by the tracing center.',
    'a role in etrace_user without an account: submitting is refused');
SELECT is(pg_temp.reads('tap_outsider', :'tn_a'), :'nothing', 'a role without an account reads nothing');
REVOKE etrace_user FROM tap_outsider;

------------------------------------------------------------------ MOUs
DELETE FROM etrace.mou_signature WHERE agency_id = :a_id AND party = 'ntc';
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 agency MXJAL0001 has no MOU in force',
    'an agency whose MOU lacks the tracing center''s signature: submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'and its users read nothing');
INSERT INTO etrace.mou_signature (agency_id, party, signed_on, signer, language)
VALUES (:a_id, 'ntc', '2025-01-15', '{"name": "Signer"}', 'es');
UPDATE etrace.agency SET discontinued_on = current_date WHERE id = :a_id;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 the MOU of agency MXJAL0001 was discontinued',
    'an agency whose MOU was discontinued (accounts not yet revoked): submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'and its users read nothing');
UPDATE etrace.agency SET discontinued_on = NULL WHERE id = :a_id;
SELECT is(etrace.discontinue_mou(:c_id, current_date, 'Letter of withdrawal'), 1, 'agency C''s MOU is discontinued');
SELECT is(pg_temp.submit('tap_c1', :'doc'), '42501 permission denied for schema etrace',
    'after the discontinuation: submitting is refused (the revoked account lost its group roles)');
SELECT is(pg_temp.try_as('tap_c1', 'SELECT count(*) FROM etrace.trace'), '42501 permission denied for schema etrace',
    'and so is reading');
-- even if the group roles came back (a DBA's stray GRANT), the account stays revoked
GRANT etrace_user TO tap_c1;
SELECT is(pg_temp.submit('tap_c1', :'doc'), '42501 the etrace account of role "tap_c1" is revoked',
    'a revoked account given etrace_user again: submitting is refused');
SELECT is(pg_temp.reads('tap_c1', :'tn_c'), :'nothing', 'and it reads nothing, its agency''s own trace included');
-- a discontinued agency's sharing ends with it
UPDATE etrace.agency SET discontinued_on = NULL WHERE id = :b_id;
SET ROLE tap_b1;
SELECT etrace.share_with(:b_id, '{"scope": "country"}');
RESET ROLE;
-- (A has two traces now: tn_a and tap_a2's control submission)
SELECT is(pg_temp.reads('tap_a2', :'tn_b'), 'trace rows 3, own rows 2, find_traces 3, search_serial 2, get_trace ok',
    'control: B shares with its country, so A''s user sees B''s trace too');
UPDATE etrace.agency SET discontinued_on = current_date WHERE id = :b_id;
SELECT is(pg_temp.reads('tap_a2', :'tn_b'), 'trace rows 2, own rows 2, find_traces 2, search_serial 2, get_trace P0002',
    'once B''s MOU is discontinued, its shared trace is no longer visible to A');
UPDATE etrace.agency SET discontinued_on = NULL WHERE id = :b_id;
SET ROLE tap_b1;
SELECT etrace.stop_sharing(:b_id);
RESET ROLE;

--------------------------------------------------------- duty stations
DELETE FROM etrace.duty_station WHERE agency_id = :a_id;
SELECT etrace.add_duty_station(:a_id, '10.20.0.0/16', 'Guadalajara HQ');
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'a client outside the agency''s duty stations: submitting is refused with the address');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'a client outside the duty stations reads nothing');
SELECT etrace.grant_location_exception(:a2_acct, NULL, now() - interval '3 days', now() - interval '2 days', 'Court in Monterrey') AS exc \gset
UPDATE etrace.location_exception SET valid_until = now() - interval '1 second' WHERE id = :exc;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'an expired location exception: submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'an expired location exception reads nothing');
UPDATE etrace.location_exception SET valid_from = now() + interval '1 hour', valid_until = now() + interval '1 day' WHERE id = :exc;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'a location exception that has not started: submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'a location exception that has not started reads nothing');
UPDATE etrace.location_exception SET network = '10.99.0.0/16', valid_from = now() - interval '1 hour' WHERE id = :exc;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'a current location exception for another network: submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'a location exception for another network reads nothing');
UPDATE etrace.location_exception SET account_id = :a1_acct, network = NULL WHERE id = :exc;
SELECT is(pg_temp.submit('tap_a2', :'doc'), '42501 client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'a colleague''s location exception does not cover the account: submitting is refused');
SELECT is(pg_temp.reads('tap_a2', :'tn_a'), :'nothing', 'a colleague''s location exception reads nothing');
SELECT is(pg_temp.submit('tap_a1', :'doc'), 'ok', 'control: the colleague''s own exception does let the colleague work');

-- The standing in a parallel worker.  A worker has no client connection:
-- inet_client_addr() is NULL there (it is PARALLEL RESTRICTED), so a
-- PARALLEL SAFE caller_standing() run in a worker takes a TCP client for a
-- Unix-socket one.  With etrace.unix_socket_access on, a client outside its
-- duty stations would be in good standing in the worker.
-- (force_parallel_mode is a setting any role may change.)
SET etrace.unix_socket_access = on;
SET ROLE tap_a2;
SET force_parallel_mode = on;
-- (two statements: an initplan would keep the query out of parallel mode)
SELECT coalesce(etrace.current_agency()::text, 'none') AS parallel_agency \gset
SELECT coalesce(problem, 'none') AS parallel_problem FROM etrace.caller_standing() \gset
RESET force_parallel_mode;
SELECT is(etrace.current_agency(), NULL, 'control: outside the duty stations (no exception), no agency in the leader');
RESET ROLE;
RESET etrace.unix_socket_access;
SELECT is(:'parallel_agency'::text, 'none', 'in a parallel worker a client outside the duty stations still has no agency');
SELECT is(:'parallel_problem'::text, 'client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'and caller_standing() in a parallel worker still names the address');
-- A point of contact registers its agency's duty stations: the whole
-- Internet is refused (0.0.0.0/0), and so must be its two halves.
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.add_duty_station(%s, %L, %L)', :a_id, '0.0.0.0/0', 'Everywhere'), '22023',
    'network 0.0.0.0/0 is too large for a duty station', 'control: a POC cannot register 0.0.0.0/0 as a duty station');
SELECT throws_ok(format('SELECT etrace.add_duty_station(%s, %L, %L)', :a_id, '0.0.0.0/1', 'Lower half'), '22023', NULL,
    'a POC cannot register half of the IPv4 Internet (0.0.0.0/1) as a duty station');
SELECT throws_ok(format('SELECT etrace.add_duty_station(%s, %L, %L)', :a_id, '8000::/1', 'Upper half'), '22023', NULL,
    'nor half of the IPv6 Internet (8000::/1)');
RESET ROLE;
INSERT INTO etrace.duty_station (agency_id, network, label) VALUES (:a_id, '127.0.0.0/16', 'Loopback');

----------------------------------------- the tracing center and points of contact
UPDATE etrace.account SET status = 'suspended' WHERE role_name = 'tap_ntc';
SELECT is(pg_temp.try_as('tap_ntc', format('SELECT etrace.start_trace(%L)', :'tn_b')),
    '42501 the etrace account of role "tap_ntc" is suspended', 'suspended tracing-center staff cannot work a trace');
SELECT is(pg_temp.reads('tap_ntc', :'tn_b'), :'nothing', 'suspended tracing-center staff read nothing');
UPDATE etrace.account SET status = 'active' WHERE role_name = 'tap_ntc';
UPDATE etrace.account SET status = 'suspended' WHERE role_name = 'tap_a1';
SELECT is(pg_temp.try_as('tap_a1', format('SELECT etrace.add_duty_station(%s, %L, %L)', :a_id, '10.30.0.0/16', 'Annex')),
    '42501 the etrace account of role "tap_a1" is suspended', 'a suspended point of contact cannot register duty stations');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT etrace.share_with(%s, %L)', :a_id, '{"scope": "country"}')),
    '42501 the etrace account of role "tap_a1" is suspended', 'nor share its agency''s traces');
UPDATE etrace.account SET status = 'active' WHERE role_name = 'tap_a1';

SELECT * FROM finish();
ROLLBACK;
