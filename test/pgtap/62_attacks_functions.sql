-- Attacks through the API: the SECURITY DEFINER functions fed another
-- agency's trace numbers, serials and ids; the internal functions called
-- directly; forged fields in a trace document.  Nothing may be read or
-- written across agencies, and the errors must not tell an invisible
-- trace or agency from a missing one.
BEGIN;
SELECT plan(57);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

SELECT etrace.trace_number_make(extract(year FROM etrace.today())::int, 9999999)::text AS tn_none \gset
SELECT id AS tb_id FROM etrace.trace WHERE trace_number = :'tn_b' \gset
\set result '{"outcome": "dealer_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns LLC", "purchase_date": "2024-03-01"}'

--------------------------------------------------------------- get_trace
SET ROLE tap_a1;
SELECT is(etrace.get_trace(:'tn_a') ->> 'trace_number', :'tn_a', 'control: agency A reads its own trace');
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_b'), 'P0002', format('trace %s not found', :'tn_b'),
    'get_trace of another agency''s trace number: not found');
SELECT is(pg_temp.without(pg_temp.try(format('SELECT etrace.get_trace(%L)', :'tn_b')), :'tn_b'),
          pg_temp.without(pg_temp.try(format('SELECT etrace.get_trace(%L)', :'tn_none')), :'tn_none'),
    'get_trace: another agency''s trace and a trace that does not exist give the same error');
RESET ROLE;
SET ROLE tap_an;
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_b'), 'P0002', format('trace %s not found', :'tn_b'),
    'analyst: get_trace of another agency''s trace: not found');
RESET ROLE;
SET ROLE tap_c1;
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_a'), 'P0002', format('trace %s not found', :'tn_a'),
    'an agency of another country: get_trace of agency A''s trace: not found');
RESET ROLE;
SET ROLE tap_aud;
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_a'), '42501', 'permission denied for function get_trace',
    'auditor: get_trace is refused');
RESET ROLE;
SET ROLE tap_outsider;
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_a'), '42501', 'permission denied for schema etrace',
    'outsider: get_trace is refused');
RESET ROLE;

------------------------------------------------- find_traces, search_serial
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT d ->> 'trace_number' FROM etrace.find_traces('{}') d), ARRAY[:'tn_a'],
    'find_traces without a filter: only the agency''s own trace');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{"agency": "MXSON0001"}')), 0,
    'find_traces filtered on another agency''s ORI: nothing');
SELECT is(ARRAY(SELECT d ->> 'trace_number' FROM etrace.find_traces('{"agency": ["MXJAL0001", "MXSON0001", "TX0570000"]}') d),
    ARRAY[:'tn_a'], 'find_traces over every ORI: still only its own');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{"serial": "SON-777"}')), 0,
    'find_traces on another agency''s serial: nothing');
SELECT throws_ok($$SELECT * FROM etrace.find_traces('{"status = status OR true --": "x"}')$$, '22023',
    'invalid filter document: status = status OR true --: unknown field "status = status OR true --"',
    'find_traces: SQL in a filter key is an unknown field');
SELECT is(ARRAY(SELECT etrace.search_serial('SON-777')), '{}'::etrace.trace_number[],
    'search_serial of another agency''s serial: nothing');
SELECT is(ARRAY(SELECT etrace.search_serial('SON777', true)), '{}'::etrace.trace_number[],
    'search_serial with include_partial: nothing either');
SELECT is(ARRAY(SELECT etrace.search_serial('*X*')), ARRAY[:'tn_a']::etrace.trace_number[],
    'a pattern that matches every agency''s serial (ABX..., TX-1) returns only its own');
RESET ROLE;
SET ROLE tap_an;
SELECT is(ARRAY(SELECT d ->> 'trace_number' FROM etrace.find_traces('{}') d), ARRAY[:'tn_a'],
    'analyst: find_traces returns only its agency''s trace');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(ARRAY(SELECT etrace.search_serial('*X*') ORDER BY 1), ARRAY[:'tn_a', :'tn_c']::etrace.trace_number[],
    'control: the tracing center finds both');
RESET ROLE;

-------------------------------------------------- the firearm id as an oracle
-- Traces of the same serial and maker share one etrace.firearm row, and a
-- trace's firearm_id is readable by its agency.  Probe: submit a trace of a
-- new serial, then one of the serial under test, and compare the two
-- firearm ids.  An older id means some agency traced that firearm before:
-- for B's serial that reveals B's (invisible) trace.  The probe must give
-- the same answer for B's serial as for a serial nobody ever traced.
CREATE FUNCTION pg_temp.answer(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v text;
BEGIN
    EXECUTE sql INTO v;
    RETURN v;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END $$;
CREATE FUNCTION pg_temp.traced_before(serial text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_doc jsonb := current_setting('attack.doc')::jsonb;
    v_fresh text := etrace.submit_trace(jsonb_set(v_doc, '{firearm,serial}', to_jsonb('FRESH-' || serial)));
    v_probe text := etrace.submit_trace(jsonb_set(v_doc, '{firearm,serial}', to_jsonb(serial)));
BEGIN
    RETURN pg_temp.answer(format(
        'SELECT (SELECT firearm_id FROM etrace.traces WHERE trace_number = %L) < (SELECT firearm_id FROM etrace.traces WHERE trace_number = %L)',
        v_probe, v_fresh));
END $$;
SELECT set_config('attack.doc', :'doc', true) \g /dev/null
SET ROLE tap_a1;
SELECT pg_temp.traced_before('SON-777') AS probe_b, pg_temp.traced_before('NEVER-SEEN-1') AS probe_none \gset
RESET ROLE;
SELECT is(:'probe_b'::text, :'probe_none'::text,
    'firearm_id does not reveal that another agency traced the same firearm (probe: B''s serial vs a new one)');

------------------------------------------------------------- linked traces
-- Agency B recovers the gun agency A traced (same serial and maker); then
-- agency A recovers it again.  Each sees only its own earlier traces.
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(:'doc', '{recovery,subdivision}', '"MX-SON"')) AS tn_b2 \gset
SELECT is(etrace.get_trace(:'tn_b2') -> 'linked_traces', '[]'::jsonb,
    'submitting another agency''s firearm: linked_traces does not reveal that agency''s trace');
RESET ROLE;
SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn_a2 \gset
SELECT is(etrace.get_trace(:'tn_a2') -> 'linked_traces', jsonb_build_array(:'tn_a'),
    'linked_traces lists the agency''s own earlier trace of the firearm, not the other agency''s');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(etrace.get_trace(:'tn_a2') -> 'linked_traces', jsonb_build_array(:'tn_a', :'tn_b2'),
    'control: the tracing center sees both earlier traces linked');
RESET ROLE;
SET ROLE tap_a1;
SELECT is(pg_temp.try(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,serial}', '"SON-777"'))), 'ok',
    'submitting a trace with another agency''s serial raises no error that would reveal it');
-- (the first of A's traces of SON-777 is the probe's, above)
SELECT d -> 'linked_traces' AS linked_a3
  FROM etrace.find_traces('{"serial": "SON-777"}') d ORDER BY d ->> 'trace_number' LIMIT 1 \gset
SELECT is(:'linked_a3'::jsonb, '[]'::jsonb, 'and linked_traces of A''s first trace of that serial stays empty');

---------------------------------------------- forged fields in a document
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{result}', '{"outcome": "dealer_identified"}')),
    '22023', 'invalid trace document: result: Unknown field "result"', 'a submitted document cannot carry a forged result');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{status}', '"closed"')),
    '22023', 'invalid trace document: status: Unknown field "status"', 'a submitted document cannot set its status');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{trace_number}', to_jsonb(:'tn_b'::text))),
    '22023', 'invalid trace document: trace_number: Unknown field "trace_number"',
    'a submitted document cannot claim an existing trace number');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{request,agency}', '"MXSON0001"')),
    '22023', 'invalid trace document: request.agency: Unknown field "agency"',
    'a submitted document cannot name another agency inside its request section');
RESET ROLE;
SET ROLE tap_an;
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', 'permission denied for function submit_trace',
    'analyst: submitting is refused');
RESET ROLE;

--------------------------------------------------- the tracing center's work
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.start_trace(%L)', :'tn_b'), '42501', 'permission denied for function start_trace',
    'agency user: start_trace of another agency''s trace is refused');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn_b', :'result'), '42501',
    'permission denied for function complete_trace', 'agency user: complete_trace (a forged result) is refused');
SELECT throws_ok(format('SELECT etrace.close_untraceable(%L, %L, NULL)', :'tn_b', 'too_old'), '42501',
    'permission denied for function close_untraceable', 'agency user: close_untraceable is refused');
SELECT throws_ok(format('SELECT etrace.close_trace(%L)', :'tn_b'), '42501', 'permission denied for function close_trace',
    'agency user: close_trace is refused');
RESET ROLE;
SET ROLE tap_clerk;
SELECT throws_ok(format('SELECT etrace.start_trace(%L)', :'tn_b'), '42501', 'permission denied for function start_trace',
    'a tracing-center account that is not NTC staff cannot start traces');
SELECT is((SELECT count(*)::int FROM etrace.traces) + (SELECT count(*)::int FROM etrace.find_traces('{}')), 0,
    'nor see the agencies'' traces (an NTC account is not enough: etrace_ntc is needed too)');
RESET ROLE;
SELECT is((SELECT status FROM etrace.trace WHERE trace_number = :'tn_b'), 'submitted', 'B''s trace was not touched');

----------------------------------- another agency's points of contact, stations, sharing
SET ROLE tap_b1;
SELECT etrace.share_with(:b_id, format('{"agencies": [%s]}', :c_id)::jsonb);
RESET ROLE;
SET ROLE tap_a1;
SELECT ok(etrace.caller_is_poc(:a_id) AND NOT etrace.caller_is_poc(:b_id),
    'caller_is_poc: A''s POC is not B''s, whatever agency id it asks about');
SELECT throws_ok(format('SELECT etrace.set_poc(%s, %L)', :b_id, format('{"kind": "primary", "name": "Me", "account": %s}', :a1_acct)),
    '42501', 'permission denied for function set_poc', 'making oneself another agency''s POC is refused');
SELECT throws_ok(format('SELECT etrace.share_with(%s, %L)', :b_id, format('{"agencies": [%s]}', :a_id)), '42501',
    'only the agency''s point of contact may share its traces', 'sharing another agency''s traces with one''s own is refused');
SELECT throws_ok(format('SELECT etrace.stop_sharing(%s)', :b_id), '42501',
    'only the agency''s point of contact may stop sharing its traces', 'withdrawing another agency''s sharing is refused');
SELECT throws_ok(format('SELECT etrace.add_duty_station(%s, %L, %L)', :b_id, '10.66.0.0/16', 'Mine'), '42501',
    'only the agency''s point of contact or a tracing center administrator may register its duty stations',
    'registering a duty station for another agency is refused');
SELECT is(pg_temp.try(format('SELECT etrace.add_duty_station(%s, %L, %L)', :b_id, '10.66.0.0/16', 'Mine')),
          pg_temp.try(format('SELECT etrace.add_duty_station(%s, %L, %L)', 999999, '10.66.0.0/16', 'Mine')),
    'add_duty_station: an existing agency and a missing one give the same error (no probing of ids)');
SELECT is(pg_temp.try(format('SELECT etrace.share_with(%s, %L)', :b_id, '{"scope": "country"}')),
          pg_temp.try(format('SELECT etrace.share_with(%s, %L)', 999999, '{"scope": "country"}')),
    'share_with: an existing agency and a missing one give the same error');
SELECT is(pg_temp.try(format('SELECT etrace.stop_sharing(%s)', :b_id)),
          pg_temp.try(format('SELECT etrace.stop_sharing(%s)', 999999)),
    'stop_sharing: an existing agency and a missing one give the same error');
SELECT lives_ok(format('SELECT etrace.share_with(%s, %L)', :a_id, format('{"agencies": [%s]}', :b_id)),
    'A''s POC shares A''s traces with B (legitimate)');
SELECT is(ARRAY(SELECT DISTINCT agency_id FROM etrace.traces), ARRAY[:a_id::bigint],
    'sharing one''s own traces brings nothing of the partner''s back');
SELECT throws_ok(format('SELECT etrace.grant_location_exception(%s, NULL, now(), now() + interval ''1 day'', %L)', :a1_acct, 'Me'),
    '42501', 'permission denied for function grant_location_exception', 'granting oneself a location exception is refused');
SELECT throws_ok($$SELECT etrace.register_agency('{"ori": "MXJAL0002", "name": "Shadow", "country": "MX", "kind": "ntc"}')$$,
    '42501', 'permission denied for function register_agency', 'registering an agency (a second tracing center) is refused');
SELECT throws_ok(format('SELECT etrace.discontinue_mou(%s, current_date, %L)', :b_id, 'Sabotage'), '42501',
    'permission denied for function discontinue_mou', 'discontinuing another agency''s MOU (revoking its accounts) is refused');
SELECT throws_ok('SELECT * FROM etrace.sharing_overview()', '42501', 'permission denied for function sharing_overview',
    'reading who shares with whom is refused');
RESET ROLE;
SELECT is((SELECT partners FROM etrace.sharing WHERE agency_id = :b_id), ARRAY[:c_id::bigint],
    'B''s sharing arrangement is untouched');

------------------------------------------------- the internal functions
SET ROLE tap_a1;
SELECT throws_ok('SELECT etrace.next_trace_number()', '42501', 'permission denied for function next_trace_number',
    'next_trace_number() (burning trace numbers) is refused');
SELECT throws_ok(format('SELECT etrace.add_trace_person(%s, %s, %L, 9, %L)',
                        :tb_id, :b_id, 'associate', '{"last_name": "Planted"}'),
    '42501', 'permission denied for function add_trace_person', 'add_trace_person (a person planted on a trace) is refused');
SELECT throws_ok(format('SELECT etrace.move_trace(%L, ARRAY[%L], %L, %s)', :'tn_b', 'submitted', 'closed', :a1_acct),
    '42501', 'permission denied for function move_trace', 'move_trace (closing another agency''s trace) is refused');
SELECT throws_ok(format('SELECT etrace.apply_account_state(%s)', :b1_acct), '42501',
    'permission denied for function apply_account_state', 'apply_account_state (altering another account''s role) is refused');
SELECT throws_ok(format('SELECT etrace.create_account(%L, %s, %L)', 'tap_spy', :b_id, '{"name": "Spy"}'), '42501',
    'permission denied for function create_account', 'create_account (an account in another agency) is refused');
SELECT throws_ok('SELECT etrace.trace_document(NULL::etrace.trace)', '42501', 'permission denied for function trace_document',
    'trace_document() called directly is refused');
SELECT throws_ok('SELECT etrace.trace_document_full(NULL::etrace.trace)', '42501', 'permission denied for function trace_document_full',
    'trace_document_full() (the unmasked document) called directly is refused');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
