-- The tracing center works traces: legal and illegal status moves, results,
-- time-to-crime, untraceable reasons, and who may do it.
BEGIN;
SELECT plan(28);
\ir fixtures/world.psql

SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn1 \gset
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', '"QQ-1001"')) AS tn2 \gset
RESET ROLE;
\set result '{"outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns LLC", "dealer_subdivision": "US-TX", "purchase_date": "2024-03-01", "purchaser": {"last_name": "Roe", "first_name": "Jane", "dob": "1985-05-05", "sex": "F"}}'

-- only the tracing center works traces
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.start_trace(%L)', :'tn1'), '42501', NULL, 'an agency user cannot start a trace');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', :'result'), '42501', NULL,
    'an agency user cannot complete a trace');
RESET ROLE;

SET ROLE tap_ntc;
-- illegal moves from submitted
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', :'result'), '55000', NULL,
    'submitted -> completed is refused');
SELECT throws_ok(format('SELECT etrace.close_untraceable(%L, %L, NULL)', :'tn1', 'too_old'), '55000', NULL,
    'submitted -> untraceable is refused');
SELECT throws_ok(format('SELECT etrace.close_trace(%L)', :'tn1'), '55000', NULL, 'submitted -> closed is refused');
SELECT lives_ok(format('SELECT etrace.start_trace(%L)', :'tn1'), 'submitted -> in_progress');
SELECT throws_ok(format('SELECT etrace.start_trace(%L)', :'tn1'), '55000',
    format('trace %s is already in_progress', :'tn1'), 'cannot start twice');
SELECT throws_ok('SELECT etrace.start_trace(etrace.trace_number_make(2026, 9999999))', 'P0002', NULL, 'unknown trace');

-- result validation
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', jsonb_set(:'result', '{dealer_ffl}', '"2-23-091-01-7F-14245"')),
    '22P02', NULL, 'invalid dealer FFL rejected');
SELECT throws_like(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', jsonb_set(:'result', '{dealer_ffl}', '"2-23-091-01-7F-14245"')),
    '%result.dealer_ffl%', 'invalid dealer FFL: field named');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', jsonb_set(:'result', '{dealer_subdivision}', '"US-XX"')),
    '22023', NULL, 'unknown dealer subdivision rejected');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', jsonb_set(:'result', '{outcome}', '"found"')),
    '22023', NULL, 'unknown outcome rejected');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', jsonb_set(:'result', '{purchase_date}', '"2026-11-01"')),
    '22023', NULL, 'purchase after the recovery rejected');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', :'result'::jsonb #- '{purchaser}'),
    '22004', NULL, 'purchaser_identified needs the purchaser');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', jsonb_set(:'result', '{purchaser,sexe}', '"F"')),
    '22023', NULL, 'unknown purchaser field rejected');
SELECT is(etrace.get_trace(:'tn1') ->> 'status', 'in_progress',
    'failed completions left the trace in progress');

SELECT etrace.complete_trace(:'tn1', :'result') AS r1 \gset
SELECT is((:'r1'::jsonb ->> 'time_to_crime_days')::int, date '2026-10-30' - date '2024-03-01',
    'time-to-crime = recovery date - purchase date');
SELECT is(:'r1'::jsonb ->> 'dealer_ffl', '8-23-091-01-7F-14245', 'dealer FFL printed with hyphens');
SELECT is(:'r1'::jsonb ->> 'dealer_subdivision', 'US-TX', 'where the dealer is licensed');
SELECT throws_ok(format('SELECT etrace.complete_trace(%L, %L)', :'tn1', :'result'), '55000', NULL,
    'a completed trace cannot be completed again');
SELECT throws_ok(format('SELECT etrace.close_untraceable(%L, %L, NULL)', :'tn1', 'too_old'), '55000', NULL,
    'completed -> untraceable is refused');
SELECT lives_ok(format('SELECT etrace.close_trace(%L)', :'tn1'), 'completed -> closed');

-- untraceable
SELECT etrace.start_trace(:'tn2');
SELECT throws_ok(format('SELECT etrace.close_untraceable(%L, %L, NULL)', :'tn2', 'lost'), '22023', NULL,
    'unknown untraceable reason rejected');
SELECT lives_ok(format('SELECT etrace.close_untraceable(%L, %L, %L)', :'tn2', 'too_old', 'Made in 1952'),
    'in_progress -> untraceable');
RESET ROLE;

-- the agency sees the outcome of its traces
SET ROLE tap_a1;
SELECT is(etrace.get_trace(:'tn1') ->> 'status', 'closed', 'agency sees the closed status');
SELECT is(etrace.get_trace(:'tn1') #>> '{result,purchaser,last_name}', 'Roe', 'agency sees the purchaser');
SELECT is(etrace.get_trace(:'tn2') -> 'result', '{"untraceable_reason": "too_old", "note": "Made in 1952"}'::jsonb,
    'untraceable result with reason and note');
RESET ROLE;
SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn1'), 'P0002', NULL, 'another agency sees nothing');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
