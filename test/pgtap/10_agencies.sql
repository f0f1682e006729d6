-- Agencies and bootstrap accounts: register_agency, create_account, and the
-- caller's identity taken from the outer role.
BEGIN;
SELECT plan(27);
\ir fixtures/world.psql

SELECT is((SELECT count(*)::int FROM etrace.agency), 4, 'four agencies registered');
SELECT is((SELECT kind FROM etrace.agency WHERE id = :ntc_id), 'ntc', 'the tracing center has kind ntc');

-- validation of the agency document
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "name": "X", "country": "MX", "kind": "foreign", "contry": "MX"}')$$,
    '22023', 'invalid agency document: contry: unknown field "contry"', 'unknown agency field rejected');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "country": "MX", "kind": "foreign"}')$$,
    '22004', 'invalid agency document: name: is required', 'agency name required');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MX-1", "name": "X", "country": "MX", "kind": "foreign"}')$$,
    '22P02', NULL, 'malformed ORI rejected');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "name": "X", "country": "XX", "kind": "foreign"}')$$,
    '22023', 'invalid agency document: country: unknown country code "XX"', 'unknown country rejected');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "name": "X", "country": "MX", "subdivision": "US-TX", "kind": "foreign"}')$$,
    '22023', 'invalid agency document: subdivision: subdivision "US-TX" is not in country "MX"', 'subdivision must be in the country');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "name": "X", "country": "MX", "kind": "partner"}')$$,
    '22023', NULL, 'unknown agency kind rejected');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0001", "name": "Again", "country": "MX", "kind": "foreign"}')$$,
    '23505', 'an agency with ORI "MXJAL0001" is already registered', 'duplicate ORI rejected');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "USATF0002", "name": "Second NTC", "country": "US", "kind": "ntc"}')$$,
    '23505', 'a tracing center is already registered', 'only one tracing center');
SELECT throws_ok($$SELECT etrace.register_agency('[1, 2]')$$, '22023', NULL, 'non-object document rejected');
SELECT is((SELECT count(*)::int FROM etrace.agency), 4, 'failed registrations wrote nothing');

-- accounts
SELECT is((SELECT status FROM etrace.account WHERE id = :a1_acct), 'active', 'bootstrap account is active');
SELECT ok(pg_has_role('tap_ntc', 'etrace_ntc', 'MEMBER') AND pg_has_role('tap_ntc', 'etrace_admin', 'MEMBER'),
    'NTC bootstrap account is in etrace_ntc and etrace_admin');
SELECT ok(pg_has_role('tap_a1', 'etrace_user', 'MEMBER') AND NOT pg_has_role('tap_a1', 'etrace_ntc', 'MEMBER'),
    'agency account is in etrace_user, not etrace_ntc');
SELECT throws_ok($$SELECT etrace.create_account('tap_a1', 2, '{"name": "Dup"}')$$,
    '23505', 'role "tap_a1" already has an etrace account', 'one account per role');
SELECT throws_ok($$SELECT etrace.create_account('Bad Name', 2, '{"name": "X"}')$$, '42602', NULL, 'role names are checked');
SELECT throws_ok($$SELECT etrace.create_account('etrace_sneaky', 2, '{"name": "X"}')$$, '42939', NULL, 'etrace_ role names are reserved');
SELECT throws_ok($$SELECT etrace.create_account('tap_x', 999999, '{"name": "X"}')$$, '23503', NULL, 'agency must exist');
SELECT throws_ok(format($$SELECT etrace.create_account('tap_x', %s, '{"name": "X"}', ARRAY['etrace_ntc'])$$, :a_id),
    '22023', NULL, 'agency staff cannot be put in etrace_ntc');
SELECT throws_ok(format($$SELECT etrace.create_account('tap_x', %s, '{"nom": "X"}')$$, :a_id),
    '22023', 'invalid person document: nom: unknown field "nom"', 'person document checked');

-- identity comes from the outer role, also inside SECURITY DEFINER functions
SET ROLE tap_a1;
SELECT is(etrace.current_agency(), :a_id::bigint, 'tap_a1 belongs to agency A');
SELECT is(etrace.session_role(), 'tap_a1'::name, 'session_role is the outer role');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0009", "name": "X", "country": "MX", "kind": "foreign"}')$$,
    '42501', NULL, 'an agency user cannot register agencies');
SELECT throws_ok($$SELECT etrace.create_account('tap_y', 2, '{"name": "Y"}')$$, '42501', NULL,
    'an agency user cannot create accounts');
RESET ROLE;
SET ROLE tap_ntc;
SELECT ok(etrace.caller_is_ntc() AND etrace.caller_is_admin(), 'tap_ntc is NTC staff and administrator');
RESET ROLE;
SET ROLE etrace_ntc;
SELECT ok(NOT etrace.caller_is_ntc() AND etrace.current_agency() IS NULL,
    'the group role itself has no account and no agency');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
