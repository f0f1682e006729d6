-- Submitting traces: validation with the field named and a specific
-- SQLSTATE, nothing written on failure, the caller's agency, repeat firearms.
BEGIN;
SELECT plan(34);
\ir fixtures/world.psql

CREATE FUNCTION pg_temp.trace_rows() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS
    $$ SELECT (SELECT count(*) FROM etrace.trace) + (SELECT count(*) FROM etrace.trace_person)
              + (SELECT count(*) FROM etrace.firearm) $$;

SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn1 \gset
RESET ROLE;
SELECT matches(:'tn1'::text, '^T\d{4}-\d{7}-[0-9X]$', 'submit_trace returns a trace number');
SELECT is(etrace.trace_year(:'tn1'::etrace.trace_number), extract(year FROM etrace.today())::int, 'numbered in the current year');
SELECT is((SELECT agency_id FROM etrace.trace WHERE trace_number = :'tn1'), :a_id::bigint,
    'filed for the caller''s agency');
SELECT is((SELECT submitted_by FROM etrace.trace WHERE trace_number = :'tn1'), :a1_acct::bigint,
    'submitted_by is the caller''s account');
SELECT is((SELECT count(*)::int FROM etrace.trace_person p JOIN etrace.trace t ON t.id = p.trace_id
            WHERE t.trace_number = :'tn1'), 2, 'possessor and associate written');
SELECT is((SELECT caliber_canonical FROM etrace.trace WHERE trace_number = :'tn1'), '9x19mm Parabellum',
    'caliber canonical form stored');
SELECT is((SELECT doc #>> '{firearm,caliber}' FROM etrace.trace WHERE trace_number = :'tn1'), '9mm Luger',
    'the officer''s spelling is kept');

-- the agency cannot be chosen by the caller: there is no agency argument,
-- and a doc key for it is an unknown field
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{agency}', '"MXSON0001"')),
    '22023', NULL, 'an "agency" key in the document is rejected');

-- each failure: field named, specific SQLSTATE, nothing written
SELECT pg_temp.trace_rows() AS rows_before \gset
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'::jsonb #- '{firearm,serial}'),
    '22004', NULL, 'missing serial: 22004');
SELECT throws_like(format('SELECT etrace.submit_trace(%L)', :'doc'::jsonb #- '{firearm,serial}'),
    '%firearm.serial%', 'missing serial: field named');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,serail}', '"X1"')),
    '22023', NULL, 'misspelt key rejected');
SELECT throws_like(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,serail}', '"X1"')),
    '%firearm.serail%', 'misspelt key named');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{recovery,date}', '"2999-01-01"')),
    '22008', NULL, 'recovery date in the future rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{recovery,date}', '"1899-12-31"')),
    '22008', NULL, 'recovery date before 1900 rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{recovery,latitude}', '91')),
    '22003', NULL, 'latitude out of range rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{recovery,subdivision}', '"US-TX"')),
    '22023', NULL, 'subdivision outside the recovery country rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'::jsonb #- '{request,urgent_reason}'),
    '22004', NULL, 'urgent priority needs a reason');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{request,crime_code}', '"0000"')),
    '22023', NULL, 'unknown crime code rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,type}', '"PY"')),
    '22023', NULL, 'unknown firearm action letter rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'::jsonb #- '{firearm,importer}'),
    '22004', NULL, 'importer required when made outside the recovery country');
SELECT is((SELECT count(*)::int FROM etrace.validate_trace(jsonb_set(:'doc'::jsonb #- '{firearm,importer}',
            '{firearm,country_of_origin}', '"US"'))), 0,
    'no importer needed for a gun made in the tracing center''s country (sold there at retail)');
SELECT is((SELECT message FROM etrace.validate_trace(:'doc'::jsonb #- '{firearm,importer}')),
    'An importer is required when the country of origin ("AT") is neither the recovery country ("MX") nor the tracing center''s country ("US").',
    'the importer rule explains itself');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,model}', to_jsonb(repeat('x', 101)))),
    '22001', NULL, 'over-long model rejected');
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,serial}', '"AB#12"')),
    '22P02', NULL, 'malformed serial rejected');
SELECT is(pg_temp.trace_rows(), :rows_before::bigint, 'failed submissions wrote nothing');

-- obliterated serial: no serial needed, a partial one kept as a pattern
SELECT etrace.submit_trace(jsonb_set(jsonb_set(:'doc', '{firearm,obliterated}', 'true'),
                                     '{firearm,serial}', '"AB?12*"')) AS tn_obl \gset
RESET ROLE;
SELECT is((SELECT serial_partial FROM etrace.trace WHERE trace_number = :'tn_obl'), 'A8_12%',
    'partial serial stored as a folded pattern');
SELECT is((SELECT firearm_id FROM etrace.trace WHERE trace_number = :'tn_obl'), NULL,
    'obliterated firearm not linked');

-- repeat firearm: same serial typed differently, same maker spelled differently,
-- submitted by another agency
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc',
        '{firearm,serial}', '"abx-12345"'), '{firearm,manufacturer}', '"GLOCK GmbH"'),
        '{recovery,subdivision}', '"MX-SON"'), '{request,agency_case_number}', '"SON-1"')) AS tn2 \gset
SELECT is(etrace.get_trace(:'tn2') -> 'linked_traces', '[]'::jsonb,
    'agency B does not see agency A''s earlier trace of the same gun');
RESET ROLE;
SELECT is((SELECT firearm_id FROM etrace.trace WHERE trace_number = :'tn2'),
          (SELECT firearm_id FROM etrace.trace WHERE trace_number = :'tn1'), 'same firearm row');
SELECT is((SELECT recoveries FROM etrace.firearm f JOIN etrace.trace t ON t.firearm_id = f.id
            WHERE t.trace_number = :'tn2'), 2, 'firearm counted twice');
SET ROLE tap_ntc;
SELECT is(etrace.get_trace(:'tn2') -> 'linked_traces', jsonb_build_array(:'tn1'),
    'the tracing center sees the link to the earlier trace');
SELECT is(etrace.get_trace(:'tn1') -> 'linked_traces', '[]'::jsonb, 'the first trace has no earlier one');
RESET ROLE;

-- no account, no submission
SET ROLE etrace_user;
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', NULL,
    'a role without an account cannot submit');
RESET ROLE;
CREATE ROLE tap_outsider;
SET ROLE tap_outsider;
SELECT throws_ok(format('SELECT etrace.submit_trace(%L)', :'doc'), '42501', NULL,
    'a role outside etrace has no EXECUTE on submit_trace');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
