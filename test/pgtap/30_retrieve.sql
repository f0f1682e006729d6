-- Reading traces: get_trace's document, find_traces filters, search_serial
-- patterns, each seen through the caller's agency.
BEGIN;
SELECT plan(30);
\ir fixtures/world.psql

SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn1 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"ZX 9981"'),
    '{recovery,date}', '"2025-06-15"'), '{request,priority}', '"routine"') #- '{request,urgent_reason}') AS tn2 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"KL-5512-B"'),
    '{firearm,caliber}', '".38 SPL"'), '{firearm,manufacturer}', '"Smith & Wesson"')) AS tn3 \gset
RESET ROLE;
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"ABX12399"'),
    '{recovery,subdivision}', '"MX-SON"')) AS tn_b \gset
RESET ROLE;

-- get_trace: the document as DESIGN.md describes it
SET ROLE tap_a1;
SELECT etrace.get_trace(:'tn1') AS d1 \gset
SELECT is(:'d1'::jsonb ->> 'trace_number', :'tn1', 'trace_number in the document');
SELECT is(:'d1'::jsonb ->> 'agency', 'MXJAL0001', 'agency ORI in the document');
SELECT is(:'d1'::jsonb ->> 'status', 'submitted', 'status submitted');
SELECT is(:'d1'::jsonb #>> '{firearm,serial}', 'ABX 123 45', 'serial as recorded');
SELECT is(:'d1'::jsonb #>> '{possessor,last_name}', 'Doe', 'possessor included');
SELECT is(:'d1'::jsonb #>> '{associates,0,relationship}', 'passenger', 'associates included in order');
SELECT is(:'d1'::jsonb #>> '{recovery,locality}', 'Guadalajara', 'recovery section included');
SELECT ok(NOT (:'d1'::jsonb ? 'result'), 'no result before the tracing center works the trace');
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(:'d1'::jsonb) k),
    ARRAY['agency', 'associates', 'firearm', 'linked_traces', 'possessor', 'recovery', 'request',
          'status', 'submitted_at', 'trace_number'], 'document keys');
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_b'), 'P0002', NULL,
    'another agency''s trace is "not found"');
SELECT throws_ok($$SELECT etrace.get_trace('T2026-0001234-9')$$, '22P02', NULL,
    'a mistyped trace number is rejected by the type');

-- find_traces
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{}')), 3, 'agency A sees its three traces');
SELECT is((SELECT array_agg(d ->> 'trace_number') FROM etrace.find_traces('{"recovery_date_from": "2026-01-01"}') d),
    ARRAY[:'tn1', :'tn3'], 'recovery date range');
SELECT is((SELECT array_agg(d ->> 'trace_number') FROM etrace.find_traces('{"recovery_date_to": "2025-12-31"}') d),
    ARRAY[:'tn2'], 'recovery date upper bound');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{"priority": "routine"}')), 1, 'by priority');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{"status": ["submitted", "completed"]}')), 3, 'status list');
SELECT is((SELECT array_agg(d ->> 'trace_number') FROM etrace.find_traces('{"caliber": "38 special"}') d),
    ARRAY[:'tn3'], 'caliber matched by canonical designation');
SELECT is((SELECT array_agg(d ->> 'trace_number') FROM etrace.find_traces('{"manufacturer": "S&W"}') d),
    ARRAY[:'tn3'], 'manufacturer matched by key');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{"recovery_subdivision": "MX-SON"}')), 0,
    'filters never reach other agencies'' traces');
SELECT is((SELECT count(*)::int FROM etrace.find_traces('{"recovery_country": "MX", "limit": 2}')), 2, 'limit');
SELECT throws_ok($$SELECT * FROM etrace.find_traces('{"recovery_dat_from": "2026-01-01"}')$$, '22023',
    'invalid filter document: recovery_dat_from: unknown field "recovery_dat_from"', 'unknown filter key rejected');
SELECT throws_ok($$SELECT * FROM etrace.find_traces('{"recovery_date_from": "2026-02-30"}')$$, '22008', NULL,
    'impossible date in a filter rejected');
SELECT throws_ok($$SELECT * FROM etrace.find_traces('{"status": 7}')$$, '22023', NULL, 'wrong filter type rejected');
SELECT is((SELECT count(*)::int FROM etrace.find_traces($f${"status": "x') OR true --", "model": "' OR ''='"}$f$)), 0,
    'filter values are parameters, never SQL');

-- search_serial
SELECT is(ARRAY(SELECT etrace.search_serial('ABX*')), ARRAY[:'tn1']::etrace.trace_number[],
    'prefix pattern (agency B''s ABX12399 is not visible)');
SELECT is(ARRAY(SELECT etrace.search_serial('*99?1')), ARRAY[:'tn2']::etrace.trace_number[], '? is one character');
SELECT is(ARRAY(SELECT etrace.search_serial('k1 55*')), ARRAY[:'tn3']::etrace.trace_number[],
    'case, separators and look-alikes (L/1) folded');
SELECT throws_ok($$SELECT etrace.search_serial('***')$$, '22P02', NULL, 'a pattern needs a readable character');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(ARRAY(SELECT etrace.search_serial('ABX*')), ARRAY[:'tn1', :'tn_b']::etrace.trace_number[],
    'the tracing center searches every agency''s traces');
RESET ROLE;

-- the search is answered from the trigram index, also under row-level
-- security: the same query as search_serial's, explained as agency A
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS
    $$ BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
-- (on a handful of rows the agency index is as cheap; drop it, inside this
-- rolled-back transaction, so that the plan shows what the operator allows)
DROP INDEX etrace.trace_agency_recovery;
SET ROLE tap_a1;
SET LOCAL enable_seqscan = off;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan_of($$SELECT t.trace_number FROM etrace.traces t
           WHERE etrace.serial_key(t.serial) OPERATOR(etrace.~?) etrace.serial_pattern('ABX*')$$) line
           WHERE line ~ 'Bitmap Index Scan on trace_serial_pattern'),
    'the serial pattern query on the view uses the trace_serial_pattern index under row-level security');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
