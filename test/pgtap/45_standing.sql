-- Good standing: MOUs, duty stations and location exceptions,
-- recertification, settings; and data sharing between agencies.
BEGIN;
SELECT plan(49);
\ir fixtures/world.psql

SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn_a \gset
RESET ROLE;
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"SON-777"'),
    '{recovery,subdivision}', '"MX-SON"')) AS tn_b \gset
RESET ROLE;
SET ROLE tap_c1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"TX-1"'),
    '{recovery,country}', '"US"'), '{recovery,subdivision}', '"US-TX"')) AS tn_c \gset
RESET ROLE;

CREATE FUNCTION pg_temp.standing_problem(r name) RETURNS text LANGUAGE plpgsql AS $$
DECLARE p text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    SELECT problem INTO p FROM etrace.caller_standing();
    RESET ROLE;
    RETURN p;
END $$;

---------------------------------------------------------------- MOUs
SELECT is(pg_temp.standing_problem('tap_a1'), NULL, 'agency A''s user is in good standing');
SELECT ok(etrace.mou_in_force(:a_id), 'A''s MOU is in force (both parties signed)');
-- a new agency with only one signature, then a future one
SELECT etrace.register_agency('{"ori": "MXCHH0001", "name": "Chihuahua", "country": "MX", "kind": "foreign"}') AS d_id \gset
SELECT etrace.create_account('tap_d1', :d_id, '{"name": "Diego"}');
SELECT etrace.add_duty_station(:d_id, '127.0.0.0/16', 'Loopback');
SELECT etrace.sign_mou(:d_id, '{"party": "agency", "signed_on": "2025-06-01", "signer": {"name": "Fiscal"}, "language": "es"}');
SELECT is(pg_temp.standing_problem('tap_d1'), 'agency MXCHH0001 has no MOU in force', 'one signature is not an MOU');
SET ROLE tap_d1;
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', 'agency MXCHH0001 has no MOU in force',
    'no MOU: submitting is refused with the reason');
SELECT is(etrace.current_agency(), NULL, 'no MOU: no agency, so nothing is visible');
RESET ROLE;
SELECT etrace.sign_mou(:d_id, '{"party": "ntc", "signed_on": "2025-07-01", "signer": {"name": "Director"}, "language": "en"}');
SELECT is(pg_temp.standing_problem('tap_d1'), NULL, 'both signatures: the MOU is in force');
SELECT throws_ok(format($$SELECT etrace.sign_mou(%s, '{"party": "ntc", "signed_on": "2999-01-01", "signer": {"name": "X"}, "language": "en"}')$$, :d_id),
    '22008', NULL, 'a signature cannot be dated in the future');
SELECT throws_ok(format($$SELECT etrace.sign_mou(%s, '{"party": "ntc", "signed_on": "2025-07-01", "signer": {"name": "X"}, "language": "fr"}')$$, :d_id),
    '22023', NULL, 'the MOU exists in English, Spanish and Portuguese only');
SELECT throws_ok(format($$SELECT etrace.sign_mou(%s, '{"party": "ntc", "signed_on": "2025-07-01", "signer": {"name": "X"}, "language": "en", "witness": "Y"}')$$, :d_id),
    '22023', NULL, 'unknown MOU field rejected');
SET ROLE tap_a1;
SELECT throws_ok(format($$SELECT etrace.sign_mou(%s, '{"party": "agency", "signed_on": "2025-07-01", "signer": {"name": "X"}, "language": "en"}')$$, :d_id),
    '42501', NULL, 'an agency user cannot record MOU signatures');
RESET ROLE;
-- discontinuation revokes every account of the agency at once
SELECT is(etrace.discontinue_mou(:d_id, '2026-11-01', 'Letter of withdrawal'), 1, 'discontinuing revokes the agency''s accounts');
SELECT is((SELECT status FROM etrace.account WHERE role_name = 'tap_d1'), 'revoked', 'the account is revoked');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'tap_d1'), false, 'its role can no longer log in');
SELECT ok(NOT pg_has_role('tap_d1', 'etrace_user', 'MEMBER'), 'its group memberships are gone');
SELECT throws_ok(format($$SELECT etrace.sign_mou(%s, '{"party": "ntc", "signed_on": "2025-07-01", "signer": {"name": "X"}, "language": "en"}')$$, :d_id),
    '55000', NULL, 'a discontinued MOU cannot be signed again');
SELECT throws_ok(format($$SELECT etrace.discontinue_mou(%s, '2026-11-01', 'again')$$, :d_id),
    '55000', NULL, 'nor discontinued twice');

------------------------------------------------------- duty stations
DELETE FROM etrace.duty_station WHERE agency_id = :a_id;
SELECT is(pg_temp.standing_problem('tap_a1'), 'client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'outside the duty stations: the reason names the address');
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501',
    'client address 127.0.0.1 is not at a duty station of agency MXJAL0001', 'outside: write functions refuse');
SELECT is((SELECT count(*)::int FROM etrace.traces), 0, 'outside: direct reads give no rows');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{}')), 0, 'outside: find_traces gives no rows');
RESET ROLE;
SELECT etrace.add_duty_station(:a_id, '10.20.0.0/16', 'Guadalajara HQ');
SELECT is(pg_temp.standing_problem('tap_a1'), 'client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'a duty station elsewhere does not help');
SELECT throws_ok(format($$SELECT etrace.add_duty_station(%s, '0.0.0.0/0', 'Everywhere')$$, :a_id), '22023', NULL,
    'a duty station cannot be the whole Internet');
SELECT throws_ok(format($$SELECT etrace.add_duty_station(%s, '10.20.0.0/16', 'Again')$$, :a_id), '23505', NULL,
    'the same network twice is refused');
-- location exceptions
SELECT etrace.grant_location_exception(:a1_acct, '127.0.0.1/32', now() - interval '1 hour', now() + interval '1 day',
    'Working from the joint task force office') AS exc \gset
SELECT is(pg_temp.standing_problem('tap_a1'), NULL, 'a current location exception lets the account work');
UPDATE etrace.location_exception SET valid_from = now() - interval '3 days', valid_until = now() - interval '1 day'
 WHERE id = :exc;
SELECT is(pg_temp.standing_problem('tap_a1'), 'client address 127.0.0.1 is not at a duty station of agency MXJAL0001',
    'an expired location exception does not');
SELECT etrace.grant_location_exception(:a1_acct, NULL, now(), now() + interval '2 days', 'Travelling to court in Monterrey');
SELECT is(pg_temp.standing_problem('tap_a1'), NULL, 'an exception without a network allows anywhere');
SELECT throws_ok(format($$SELECT etrace.grant_location_exception(%s, NULL, now(), now() + interval '31 days', 'Long')$$, :a1_acct),
    '22023', NULL, 'exceptions are bounded by etrace.location_exception_max_days');
SELECT throws_ok(format($$SELECT etrace.grant_location_exception(%s, NULL, now(), now() + interval '1 day', ' ')$$, :a1_acct),
    '22023', NULL, 'an exception needs a justification');
SET ROLE tap_a1;
SELECT throws_ok(format($$SELECT etrace.grant_location_exception(%s, NULL, now(), now() + interval '1 day', 'Me')$$, :a1_acct),
    '42501', NULL, 'an agency user cannot grant itself an exception');
RESET ROLE;

------------------------------------------------------ recertification
UPDATE etrace.account SET last_recertified = now() - interval '366 days' WHERE role_name = 'tap_b1';
SELECT is(pg_temp.standing_problem('tap_b1'),
    'the etrace account of role "tap_b1" has not been recertified in the last 365 days', 'not recertified: stops working');
SET LOCAL etrace.recertification_days = 400;
SELECT is(pg_temp.standing_problem('tap_b1'), NULL, 'the period is the superuser setting etrace.recertification_days');
RESET etrace.recertification_days;

------------------------------------------------------------- settings
SET ROLE tap_a1;
SELECT throws_ok('SET etrace.unix_socket_access = on', '42501', NULL, 'an account cannot SET etrace.unix_socket_access');
SELECT throws_ok('SET etrace.recertification_days = 100000', '42501', NULL, 'an account cannot SET etrace.recertification_days');
SELECT throws_ok('SET etrace.time_zone = ''Pacific/Kiritimati''', '42501', NULL, 'an account cannot SET etrace.time_zone');
SELECT throws_ok('SELECT set_config(''etrace.unix_socket_access'', ''on'', true)', '42501', NULL,
    'nor through set_config()');
SELECT throws_ok('ALTER ROLE tap_a1 SET etrace.unix_socket_access = on', '42501', NULL, 'nor as a role default');
RESET ROLE;

--------------------------------------------------------------- sharing
SELECT etrace.create_account('tap_b2', :b_id, '{"name": "Beto"}');
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b1_acct)::jsonb);
UPDATE etrace.account SET last_recertified = now() WHERE role_name = 'tap_b1';
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a'], 'A sees only its own trace');
RESET ROLE;
SET ROLE tap_b2;
SELECT throws_ok($$SELECT etrace.share_with(2, '{"scope": "country"}')$$, '42501', NULL,
    'a user who is not the POC cannot share');
RESET ROLE;
SET ROLE tap_b1;
SELECT lives_ok(format($$SELECT etrace.share_with(%s, '{"scope": "country"}')$$, :b_id), 'B''s POC shares with its country');
SELECT throws_ok(format($$SELECT etrace.share_with(%s, '{"scope": "country"}')$$, :a_id), '42501', NULL,
    'B''s POC cannot share A''s traces');
RESET ROLE;
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a', :'tn_b'],
    'A (same country) now also sees B''s trace');
RESET ROLE;
SET ROLE tap_c1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_c'], 'C (another country) does not');
RESET ROLE;
SET ROLE tap_b1;
SELECT lives_ok(format($$SELECT etrace.share_with(%s, '{"agencies": [%s]}')$$, :b_id, :c_id), 'B shares with C by name instead');
RESET ROLE;
SET ROLE tap_c1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_b', :'tn_c'], 'C now sees B''s trace');
RESET ROLE;
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a'], 'and A no longer does');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT partners FROM etrace.sharing_overview() WHERE agency = 'MXSON0001'), ARRAY['TX0570000'],
    'the tracing center sees who shares with whom');
RESET ROLE;
SET ROLE tap_b1;
SELECT ok(etrace.stop_sharing(:b_id), 'B withdraws');
RESET ROLE;
SET ROLE tap_c1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_c'], 'withdrawal takes effect at once');
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_b'), 'P0002', NULL, 'and get_trace no longer finds it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
