-- Attacks on who the caller is and on the settings that steer security:
-- SET ROLE to a colleague, another agency's user, the tracing center or the
-- owner; lending one's role; working as a bare group role; group roles
-- granted by mistake; every way of setting etrace.* (SET, SET LOCAL,
-- set_config, ALTER ROLE / DATABASE ... SET, GRANT SET ON PARAMETER, a
-- function's SET clause, made-up etrace.* names) and the caller's own
-- TimeZone.
--
-- pg_prove logs in as a superuser, and SET ROLE is checked against the
-- session user: SET SESSION AUTHORIZATION tap_a1 makes the session that of
-- a login as tap_a1 (test/attacks/login_as_agency.sh also logs in for real).
BEGIN;
SELECT plan(40);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

------------------------------------------------------------- SET ROLE
SET SESSION AUTHORIZATION tap_a1;
SELECT throws_ok('SET ROLE tap_a2', '42501', 'permission denied to set role "tap_a2"',
    'SET ROLE to a colleague of the same agency is refused');
SELECT throws_ok('SET ROLE tap_b1', '42501', 'permission denied to set role "tap_b1"',
    'SET ROLE to another agency''s user is refused');
SELECT throws_ok('SET ROLE tap_ntc', '42501', 'permission denied to set role "tap_ntc"',
    'SET ROLE to a tracing-center user is refused');
SELECT throws_ok('SET ROLE etrace_ntc', '42501', 'permission denied to set role "etrace_ntc"',
    'SET ROLE etrace_ntc is refused');
SELECT throws_ok('SET ROLE etrace_owner', '42501', 'permission denied to set role "etrace_owner"',
    'SET ROLE etrace_owner (the tables'' owner) is refused');
SELECT throws_ok('SET ROLE postgres', '42501', 'permission denied to set role "postgres"',
    'SET ROLE to the superuser is refused');
SELECT throws_ok($$SELECT set_config('role', 'tap_b1', false)$$, '42501', 'permission denied to set role "tap_b1"',
    'set_config(''role'', ...) is refused the same way');
SELECT throws_ok('GRANT tap_a1 TO tap_b1', '42501', 'must have admin option on role "tap_a1"',
    'lending one''s own role to another agency''s user (GRANT tap_a1 TO tap_b1) is refused');
SELECT is(etrace.session_role(), 'tap_a1'::name, 'control: after these attempts the caller is still tap_a1');
-- a group role on its own is nobody
SET ROLE etrace_user;
SELECT is((SELECT count(*)::int FROM etrace.traces), 0, 'SET ROLE etrace_user (a group role the user is in): no account, no trace');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', 'role "etrace_user" has no etrace account',
    'and as etrace_user nothing can be submitted');
RESET ROLE;
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION tap_ntc;
SET ROLE etrace_ntc;
SELECT is((SELECT count(*)::int FROM etrace.traces), 0, 'tracing-center staff acting as the bare etrace_ntc role see no trace');
SELECT throws_ok(format('SELECT etrace.start_trace(%L)', :'tn_b'), '42501', 'role "etrace_ntc" has no etrace account',
    'and cannot work one');
RESET ROLE;
RESET SESSION AUTHORIZATION;

----------------------------------------------- group roles given by mistake
-- The tracing center's powers need an account of the tracing center, not
-- just the group role: a DBA's stray GRANT must not make an agency user NTC.
GRANT etrace_ntc, etrace_admin TO tap_a1;
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a'],
    'an agency user granted etrace_ntc by mistake still sees only its agency''s trace');
SELECT ok(NOT etrace.caller_is_ntc() AND NOT etrace.caller_is_admin(), 'and is neither NTC staff nor an administrator');
SELECT throws_ok(format('SELECT etrace.start_trace(%L)', :'tn_b'), '42501', 'only tracing center staff may do this',
    'start_trace of another agency''s trace is refused');
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_b'), 'P0002', format('trace %s not found', :'tn_b'),
    'get_trace of another agency''s trace: not found');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "name": "Shadow", "country": "MX", "kind": "foreign"}')$$,
    '42501', 'only tracing center administrators may register agencies', 'register_agency is refused');
SELECT throws_ok(format('SELECT etrace.grant_location_exception(%s, NULL, now(), now() + interval ''1 day'', %L)', :a1_acct, 'Me'),
    '42501', 'only tracing center staff may do this', 'granting itself a location exception is refused');
RESET ROLE;
REVOKE etrace_ntc, etrace_admin FROM tap_a1;

------------------------------------------------------------- settings
SELECT current_database() AS db \gset
SET ROLE tap_a1;
SELECT throws_ok('SET etrace.location_exception_max_days = 366', '42501',
    'permission denied to set parameter "etrace.location_exception_max_days"', 'SET etrace.location_exception_max_days is refused');
SELECT throws_ok('SET LOCAL etrace.recertification_days = 3650', '42501',
    'permission denied to set parameter "etrace.recertification_days"', 'SET LOCAL etrace.recertification_days is refused');
SELECT throws_ok('SET etrace.unix_socket_access TO on', '42501',
    'permission denied to set parameter "etrace.unix_socket_access"', 'SET etrace.unix_socket_access is refused');
SELECT throws_ok('SET etrace.time_zone = ''Pacific/Kiritimati''', '42501',
    'permission denied to set parameter "etrace.time_zone"', 'SET etrace.time_zone is refused');
SELECT throws_ok($$SELECT set_config('etrace.time_zone', 'Pacific/Kiritimati', true)$$, '42501',
    'permission denied to set parameter "etrace.time_zone"', 'set_config(''etrace.time_zone'', ...) is refused');
SELECT throws_ok($$SELECT set_config('etrace.location_exception_max_days', '366', false)$$, '42501',
    'permission denied to set parameter "etrace.location_exception_max_days"',
    'set_config(''etrace.location_exception_max_days'', ...) is refused');
SELECT throws_ok($$SELECT set_config('etrace.recertification_days', '3650', false)$$, '42501',
    'permission denied to set parameter "etrace.recertification_days"', 'set_config(''etrace.recertification_days'', ...) is refused');
SELECT throws_ok(format('ALTER ROLE tap_a1 IN DATABASE %I SET etrace.recertification_days = 3650', :'db'), '42501',
    'permission denied to set parameter "etrace.recertification_days"',
    'ALTER ROLE ... IN DATABASE ... SET etrace.recertification_days (a default for one''s own logins) is refused');
SELECT throws_ok('ALTER ROLE tap_a1 SET etrace.time_zone = ''Pacific/Kiritimati''', '42501',
    'permission denied to set parameter "etrace.time_zone"', 'ALTER ROLE ... SET etrace.time_zone is refused');
SELECT throws_ok(format('ALTER DATABASE %I SET etrace.unix_socket_access = on', :'db'), '42501',
    'must be owner of database ' || :'db', 'ALTER DATABASE ... SET etrace.unix_socket_access is refused');
SELECT throws_ok('ALTER ROLE ALL SET etrace.unix_socket_access = on', '42501',
    'must be superuser to alter settings globally', 'ALTER ROLE ALL SET etrace.unix_socket_access is refused');
SELECT throws_ok('GRANT SET ON PARAMETER etrace.unix_socket_access TO tap_a1', '42501',
    'permission denied for parameter etrace.unix_socket_access', 'GRANT SET ON PARAMETER etrace.unix_socket_access to oneself is refused');
SELECT throws_ok('CREATE FUNCTION pg_temp.over_the_socket() RETURNS int LANGUAGE sql SET etrace.unix_socket_access = on AS $f$ SELECT 1 $f$',
    '42501', 'permission denied to set parameter "etrace.unix_socket_access"',
    'a function of one''s own with SET etrace.unix_socket_access = on is refused');
SELECT throws_ok('SET etrace.agency = ''MXSON0001''', '42602', 'invalid configuration parameter name "etrace.agency"',
    'a made-up etrace.* setting (claiming an agency) is refused: the prefix is reserved');
SELECT throws_ok($$SELECT set_config('etrace.current_agency', '3', false)$$, '42602',
    'invalid configuration parameter name "etrace.current_agency"', 'set_config of a made-up etrace.* setting is refused');
SELECT is(ARRAY[etrace.setting_unix_socket_access()::text, etrace.setting_recertification_days()::text,
                etrace.setting_location_exception_max_days()::text, etrace.setting_time_zone()],
    ARRAY['false', '365', '30', 'UTC'], 'after every attempt the settings keep their values');
SELECT is(pg_temp.try('SET TimeZone = ''Pacific/Kiritimati'''), 'ok', 'the caller may set its own TimeZone...');
SELECT is(etrace.today(), (now() AT TIME ZONE 'UTC')::date,
    '...but the tracing center''s calendar stays etrace.time_zone (UTC), not the caller''s UTC+14');
SET TimeZone = 'Pacific/Pago_Pago';
SELECT is(etrace.today(), (now() AT TIME ZONE 'UTC')::date,
    'nor the caller''s UTC-11 (whatever the hour, one of the two zones is on another date)');
RESET TimeZone;
RESET ROLE;
SELECT is((SELECT count(*)::int FROM pg_db_role_setting s
            WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
              AND array_to_string(s.setconfig, ',') LIKE '%etrace.%'), 0,
    'no per-role or per-database etrace setting was stored');
SELECT is((SELECT count(*)::int FROM pg_parameter_acl WHERE parname LIKE 'etrace.%'), 0, 'no SET privilege on an etrace setting was granted');

SELECT * FROM finish();
ROLLBACK;
