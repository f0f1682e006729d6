-- Bulk submission (submit_traces) and historical import (import_traces):
-- the checks of submit_trace with the element named, all or nothing,
-- row-level security, audit, one statement per table.
BEGIN;
SELECT plan(51);
\ir fixtures/world.psql

CREATE FUNCTION pg_temp.trace_rows() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS
    $$ SELECT (SELECT count(*) FROM etrace.trace) + (SELECT count(*) FROM etrace.trace_person)
              + (SELECT count(*) FROM etrace.firearm) + (SELECT count(*) FROM etrace.trace_result) $$;
\set doc2 '{"request": {"request_date": "2026-06-03", "priority": "routine", "crime_code": "5212", "agency_case_number": "GDL-2026-1020", "officer": {"name": "Ana Ruiz"}}, "firearm": {"serial": "DR 44 0912", "manufacturer": "Sturm, Ruger & Co.", "model": "LCP", "caliber": "380 auto", "type": "PI", "country_of_origin": "US"}, "recovery": {"date": "2026-06-01", "country": "MX", "subdivision": "MX-JAL", "locality": "Zapopan", "latitude": 20.7214, "longitude": -103.3918}}'

------------------------------------------------------------ catalog
SELECT is_definer('etrace', 'submit_traces', ARRAY['jsonb[]'], 'submit_traces is SECURITY DEFINER');
SELECT is_definer('etrace', 'import_traces', ARRAY['jsonb[]'], 'import_traces is SECURITY DEFINER');
SELECT function_privs_are('etrace', 'submit_traces', ARRAY['jsonb[]'], 'etrace_user', ARRAY['EXECUTE'], 'etrace_user may bulk-submit');
SELECT function_privs_are('etrace', 'submit_traces', ARRAY['jsonb[]'], 'etrace_analyst', '{}'::text[], 'etrace_analyst may not bulk-submit');
SELECT function_privs_are('etrace', 'import_traces', ARRAY['jsonb[]'], 'etrace_admin', ARRAY['EXECUTE'], 'etrace_admin may import');
SELECT function_privs_are('etrace', 'import_traces', ARRAY['jsonb[]'], 'etrace_user', '{}'::text[], 'etrace_user may not import');
SELECT function_privs_are('etrace', 'file_traces', ARRAY['jsonb[]', 'bigint[]', 'timestamp with time zone[]', 'text[]', 'timestamp with time zone[]', 'jsonb[]', 'bigint', 'bigint'],
    'etrace_ntc', '{}'::text[], 'the internal writer is granted to nobody');

------------------------------------------------------------ submit_traces
-- the fixture's own audit rows first
SELECT etrace.audit_flush() IS NOT NULL AS flushed \gset
SELECT coalesce(max(id), 0) AS base FROM etrace.audit_log \gset

SET ROLE tap_a1;
CREATE TEMP TABLE bulk1 AS
    SELECT * FROM etrace.submit_traces(ARRAY[:'doc', :'doc2', jsonb_set(:'doc', '{firearm,serial}', '"abx-12345"')]::jsonb[]);
RESET ROLE;
SELECT is(ARRAY(SELECT ordinality FROM bulk1 ORDER BY 1), ARRAY[1, 2, 3], 'one row per document, by ordinality');
SELECT is((SELECT count(DISTINCT etrace.trace_year(trace_number))::int FROM bulk1 WHERE etrace.trace_year(trace_number) = extract(year FROM etrace.today())), 1,
    'numbered in the current year');
SELECT ok((SELECT bool_and(b.trace_number < c.trace_number) FROM bulk1 b JOIN bulk1 c ON c.ordinality = b.ordinality + 1),
    'numbered in document order');
SELECT is((SELECT array_agg(DISTINCT agency_id) FROM etrace.trace t JOIN bulk1 b USING (trace_number)), ARRAY[:a_id::bigint],
    'filed for the caller''s agency');
SELECT is((SELECT array_agg(DISTINCT submitted_by) FROM etrace.trace t JOIN bulk1 b USING (trace_number)), ARRAY[:a1_acct::bigint],
    'submitted_by is the caller''s account');
SELECT is((SELECT array_agg(DISTINCT status) FROM etrace.trace t JOIN bulk1 b USING (trace_number)), ARRAY['submitted'],
    'every trace is submitted');
SELECT is((SELECT count(*)::int FROM etrace.trace_person p JOIN etrace.trace t ON t.id = p.trace_id JOIN bulk1 b USING (trace_number)), 4,
    'possessors and associates written (2 + 0 + 2)');
SELECT is((SELECT count(DISTINCT firearm_id)::int FROM etrace.trace t JOIN bulk1 b USING (trace_number)), 2,
    'the same serial typed twice is one firearm');
SELECT is((SELECT recoveries FROM etrace.firearm f JOIN etrace.trace t ON t.firearm_id = f.id JOIN bulk1 b USING (trace_number) WHERE b.ordinality = 1), 2,
    'and it counts both recoveries');
SELECT is((SELECT doc FROM etrace.trace t JOIN bulk1 b USING (trace_number) WHERE b.ordinality = 2),
          (SELECT jsonb_build_object('request', d -> 'request', 'firearm', d -> 'firearm', 'recovery', d -> 'recovery')
             FROM etrace.check_trace(:'doc2') d),
    'the stored document is what submit_trace stores (normalized)');

-- audit: one row per table written, naming every trace
SELECT ok(etrace.audit_flush() > 0, 'audit rows written');
SELECT is((SELECT trace_numbers FROM etrace.audit_log WHERE id > :base AND object = 'trace' AND action = 'insert'),
          ARRAY(SELECT trace_number::text FROM bulk1 ORDER BY ordinality),
          'one audit row for the trace insert names the three traces');
SELECT is((SELECT (detail ->> 'rows')::int FROM etrace.audit_log WHERE id > :base AND object = 'trace_person' AND action = 'insert'), 4,
          'one audit row for the people insert, with its row count');
SELECT is((SELECT array_agg(DISTINCT who) FROM etrace.audit_log WHERE id > :base), ARRAY['tap_a1'], 'audited as the caller');

-- errors name the element, with the SQLSTATE of submit_trace; nothing is written
SELECT pg_temp.trace_rows() AS rows_before \gset
SET ROLE tap_a1;
SELECT throws_ok(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[:'doc', :'doc'::jsonb #- '{firearm,serial}']),
    '22004', 'invalid trace document: documents[2].firearm.serial: A serial number is required unless the firearm is marked obliterated',
    'missing serial: 22004, element and field named');
SELECT throws_ok(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[:'doc', :'doc2', jsonb_set(:'doc2', '{firearm,serail}', '"X1"')]),
    '22023', NULL, 'misspelt key: 22023');
SELECT throws_like(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[:'doc', :'doc2', jsonb_set(:'doc2', '{firearm,serail}', '"X1"')]),
    '%documents[3].firearm.serail%', 'misspelt key: element named');
SELECT throws_ok(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[:'doc', jsonb_set(:'doc', '{recovery,date}', '"2999-01-01"')]),
    '22008', NULL, 'recovery date in the future: 22008');
SELECT throws_ok(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[:'doc', NULL]),
    '22023', 'invalid trace document: documents[2]: A trace document must be a JSON object, got null',
    'a NULL element is named');
SELECT throws_ok(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[:'doc', '[]']),
    '22023', NULL, 'an array element is refused');
-- the caller cannot file for another agency: there is no agency argument,
-- and an "agency" key is an unknown field
SELECT throws_ok(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[jsonb_set(:'doc', '{agency}', '"MXSON0001"')]),
    '22023', NULL, 'an "agency" key is rejected');
SELECT throws_like(format('SELECT * FROM etrace.submit_traces(%L::jsonb[])', ARRAY[jsonb_set(:'doc', '{agency}', '"MXSON0001"')]),
    '%documents[1].agency%', 'and named');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[:'doc']),
    '42501', NULL, 'an agency account may not import (for other agencies)');
SELECT throws_ok('SELECT * FROM etrace.file_traces(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)',
    '42501', NULL, 'nor call the internal writer');
SELECT is((SELECT count(*)::int FROM etrace.submit_traces('{}'::jsonb[])), 0, 'an empty array files nothing');
RESET ROLE;
SELECT is(pg_temp.trace_rows(), :'rows_before'::bigint, 'nothing written by the failed calls');

-- another agency does not see them
SELECT trace_number AS tn_a FROM bulk1 WHERE ordinality = 1 \gset
SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.get_trace(%L)', :'tn_a'),
    'P0002', NULL, 'agency B cannot read agency A''s bulk-submitted trace');
CREATE TEMP TABLE bulk_b AS SELECT * FROM etrace.submit_traces(ARRAY[jsonb_set(:'doc2', '{recovery,subdivision}', '"MX-SON"')]);
RESET ROLE;
SELECT is((SELECT count(*)::int FROM bulk_b JOIN etrace.trace t USING (trace_number) WHERE t.agency_id = :b_id), 1,
    'agency B''s own bulk submission is filed for B');

------------------------------------------------------------ import_traces
\set hist1 '{"agency": "MXSON0001", "submitted_at": "2015-03-02T10:00:00Z", "status": "closed", "status_since": "2015-03-20T10:00:00Z", "request": {"request_date": "2015-03-01", "priority": "routine", "crime_code": "5212", "agency_case_number": "HMO-2015-0001", "officer": {"name": "Carla Soto"}}, "firearm": {"serial": "KL-5512-B", "manufacturer": "Smith & Wesson", "model": "M&P Shield", "caliber": "9mm", "type": "PI", "country_of_origin": "US"}, "recovery": {"date": "2015-02-27", "country": "MX", "subdivision": "MX-SON", "locality": "Nogales", "latitude": 31.3086, "longitude": -110.9422}, "result": {"outcome": "purchaser_identified", "dealer_ffl": "986019018C04567", "dealer_name": "Tucson Pawn & Gun", "dealer_subdivision": "US-AZ", "purchase_date": "2014-12-01", "purchaser": {"last_name": "Vega", "first_name": "Luis", "dob": "1990-04-21", "sex": "M"}}}'
\set hist2 '{"agency": "TX0570000", "submitted_at": "2016-07-04 09:30:00+00", "status": "untraceable", "request": {"request_date": "2016-07-01", "priority": "routine", "crime_code": "1201", "agency_case_number": "DPD-16-1", "officer": {"name": "Dan Smith"}}, "firearm": {"obliterated": true, "serial": "7?41*", "manufacturer": "Colt", "model": "1911", "caliber": ".45 ACP", "type": "PI", "country_of_origin": "US"}, "recovery": {"date": "2016-06-30", "country": "US", "subdivision": "US-TX", "locality": "Dallas"}, "result": {"untraceable_reason": "serial_invalid", "note": "Ground off"}}'

SELECT pg_temp.trace_rows() AS rows_before \gset
SET ROLE tap_ntc;
CREATE TEMP TABLE imp AS SELECT * FROM etrace.import_traces(ARRAY[:'hist1', :'hist2']::jsonb[]);
RESET ROLE;
SELECT is(ARRAY(SELECT etrace.trace_year(trace_number) FROM imp ORDER BY ordinality), ARRAY[2015, 2016],
    'numbered in the year of the original submission');
SELECT is((SELECT format('%s %s %s %s', agency_id = :b_id, submitted_at = '2015-03-02T10:00:00Z', status, submitted_by IS NULL)
             FROM etrace.trace JOIN imp USING (trace_number) WHERE ordinality = 1),
          't t closed t', 'filed for the agency named, at the original time, with its status; not submitted by the importer');
SELECT is((SELECT format('%s %s %s %s', r.outcome, r.dealer_ffl, r.time_to_crime_days, r.decided_by = :ntc_acct)
             FROM etrace.trace_result r JOIN etrace.trace t ON t.id = r.trace_id JOIN imp USING (trace_number) WHERE ordinality = 1),
          'purchaser_identified 9-86-019-01-8C-04567 88 t', 'the result as complete_trace records it');
SELECT is((SELECT count(*)::int FROM etrace.trace_person p JOIN etrace.trace t ON t.id = p.trace_id JOIN imp USING (trace_number)
            WHERE p.role = 'purchaser'), 1, 'the purchaser is recorded');
SELECT is((SELECT format('%s %s %s', r.untraceable_reason, r.note, t.serial_partial IS NOT NULL)
             FROM etrace.trace_result r JOIN etrace.trace t ON t.id = r.trace_id JOIN imp USING (trace_number) WHERE ordinality = 2),
          'serial_invalid Ground off t', 'an untraceable result, and the partial serial kept as a pattern');
SELECT is(pg_temp.trace_rows() - :'rows_before'::bigint, 6::bigint,
    'one statement per table: 2 traces, 1 firearm (an obliterated serial has none), 1 purchaser, 2 results');

SET ROLE tap_ntc;
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[:'hist1', jsonb_set(:'hist1', '{status}', '"lost"')]),
    '22023', 'invalid import document: documents[2].status: Unknown status "lost" (submitted, in_progress, completed, untraceable or closed).',
    'an unknown status is named');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[:'hist1', :'hist1'::jsonb - 'agency']),
    '22004', NULL, 'a missing agency: 22004');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[jsonb_set(:'hist1', '{agency}', '"USATF0001"')]),
    '22023', NULL, 'the tracing center itself is not a submitting agency');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[jsonb_set(:'hist1', '{submitted_at}', '"2015-02-30"')]),
    '22007', NULL, 'an impossible submission time: 22007');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[jsonb_set(:'hist1', '{submitted_at}', '"now"')]),
    '22007', NULL, '"now" is not an original submission time');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[:'hist2', jsonb_set(:'hist1', '{result,dealer_ffl}', '"7-23-091-01-7F-14245"')]),
    '22P02', NULL, 'a bad licence number in a result: the SQLSTATE of complete_trace');
SELECT throws_like(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[:'hist2', jsonb_set(:'hist1', '{result,dealer_ffl}', '"7-23-091-01-7F-14245"')]),
    '%documents[2].result.dealer_ffl%', 'and named');
SELECT throws_like(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[:'hist2', jsonb_set(:'hist1', '{firearm,type}', '"PY"')]),
    '%documents[2].firearm.type%', 'a document problem is named as in submit_traces');
SELECT throws_ok(format('SELECT * FROM etrace.import_traces(%L::jsonb[])', ARRAY[jsonb_set(:'hist2', '{status}', '"completed"')]),
    '22023', NULL, 'a completed trace needs an outcome, not an untraceable reason');
RESET ROLE;
SELECT is(pg_temp.trace_rows(), :'rows_before'::bigint + 6, 'nothing written by the failed imports');

SELECT * FROM finish();
ROLLBACK;
