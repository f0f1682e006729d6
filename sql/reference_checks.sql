-- reference_checks: the reference codes of the trace tables are checked by
-- CHECK constraints calling the code lists compiled into the library
-- (etrace.is_*_code), not by foreign keys.  The lists and the reference
-- tables must agree exactly: every row of each table passes its test, and
-- over every candidate code of the right shape the test answers as the table.
\set VERBOSITY default

-- Every row of each reference table passes its test.
SELECT 'country' AS reference_table, count(*) AS rows,
       count(*) FILTER (WHERE etrace.is_country_code(code)) AS passing FROM etrace.country
UNION ALL SELECT 'subdivision', count(*), count(*) FILTER (WHERE etrace.is_subdivision_code(code)) FROM etrace.subdivision
UNION ALL SELECT 'ncic_offense', count(*), count(*) FILTER (WHERE etrace.is_ncic_offense_code(code)) FROM etrace.ncic_offense
UNION ALL SELECT 'trace_status', count(*), count(*) FILTER (WHERE etrace.is_trace_status_code(code)) FROM etrace.trace_status
UNION ALL SELECT 'priority', count(*), count(*) FILTER (WHERE etrace.is_priority_code(code)) FROM etrace.priority
UNION ALL SELECT 'person_role', count(*), count(*) FILTER (WHERE etrace.is_person_role_code(code)) FROM etrace.person_role
UNION ALL SELECT 'result_outcome', count(*), count(*) FILTER (WHERE etrace.is_result_outcome_code(code)) FROM etrace.result_outcome
UNION ALL SELECT 'untraceable_reason', count(*), count(*) FILTER (WHERE etrace.is_untraceable_reason_code(code)) FROM etrace.untraceable_reason
ORDER BY 1;

-- No code outside a table passes its test.  Countries: every two capital
-- letters; offenses: every four digits; subdivisions: every country with
-- every suffix of one or two letters or digits, and every three-character
-- suffix of the codes that exist; code lists: every code of every text list.
WITH letter AS (SELECT chr(c) AS l FROM generate_series(65, 90) c),
     candidate AS (SELECT a.l || b.l AS code FROM letter a, letter b)
SELECT 'country' AS list, count(*) AS candidates,
       count(*) FILTER (WHERE etrace.is_country_code(code)
                        IS DISTINCT FROM EXISTS (SELECT FROM etrace.country t WHERE t.code = c.code)) AS disagreeing
  FROM candidate c
UNION ALL
SELECT 'ncic_offense', count(*),
       count(*) FILTER (WHERE etrace.is_ncic_offense_code(code)
                        IS DISTINCT FROM EXISTS (SELECT FROM etrace.ncic_offense t WHERE t.code = c.code))
  FROM (SELECT lpad(n::text, 4, '0') AS code FROM generate_series(0, 9999) n) c
UNION ALL
SELECT 'subdivision', count(*),
       count(*) FILTER (WHERE etrace.is_subdivision_code(code)
                        IS DISTINCT FROM EXISTS (SELECT FROM etrace.subdivision t WHERE t.code = c.code))
  FROM (WITH ch AS (SELECT chr(c) AS ch FROM generate_series(48, 57) c
                    UNION ALL SELECT chr(c) FROM generate_series(65, 90) c),
             suffix AS (SELECT ch AS s FROM ch UNION ALL SELECT a.ch || b.ch FROM ch a, ch b)
        SELECT k.code || '-' || s.s AS code FROM etrace.country k, suffix s
        UNION
        SELECT code FROM etrace.subdivision
        UNION
        SELECT left(code, 3) || ch.ch || right(code, 2) FROM etrace.subdivision, ch
         WHERE length(code) = 6) c
ORDER BY 1;

WITH code AS (
    SELECT code FROM etrace.trace_status UNION SELECT code FROM etrace.priority
    UNION SELECT code FROM etrace.person_role UNION SELECT code FROM etrace.result_outcome
    UNION SELECT code FROM etrace.untraceable_reason UNION SELECT code FROM etrace.agency_kind
    UNION SELECT code FROM etrace.mou_language UNION SELECT code FROM etrace.sex
    UNION SELECT upper(code) FROM etrace.priority UNION SELECT code || ' ' FROM etrace.priority
)
SELECT 'trace_status' AS list, count(*) FILTER (WHERE etrace.is_trace_status_code(code)
           IS DISTINCT FROM EXISTS (SELECT FROM etrace.trace_status t WHERE t.code = c.code)) AS disagreeing FROM code c
UNION ALL SELECT 'priority', count(*) FILTER (WHERE etrace.is_priority_code(code)
           IS DISTINCT FROM EXISTS (SELECT FROM etrace.priority t WHERE t.code = c.code)) FROM code c
UNION ALL SELECT 'person_role', count(*) FILTER (WHERE etrace.is_person_role_code(code)
           IS DISTINCT FROM EXISTS (SELECT FROM etrace.person_role t WHERE t.code = c.code)) FROM code c
UNION ALL SELECT 'result_outcome', count(*) FILTER (WHERE etrace.is_result_outcome_code(code)
           IS DISTINCT FROM EXISTS (SELECT FROM etrace.result_outcome t WHERE t.code = c.code)) FROM code c
UNION ALL SELECT 'untraceable_reason', count(*) FILTER (WHERE etrace.is_untraceable_reason_code(code)
           IS DISTINCT FROM EXISTS (SELECT FROM etrace.untraceable_reason t WHERE t.code = c.code)) FROM code c
ORDER BY 1;

-- Wrong codes, one by one: case, padding, length, empty, NULL.
SELECT etrace.is_country_code('MX') AS mx, etrace.is_country_code('mx') AS lower,
       etrace.is_country_code('MEX') AS alpha3, etrace.is_country_code('') AS empty,
       etrace.is_country_code(NULL) AS null_code,
       etrace.is_country_code(repeat('M', 100)) AS long;
SELECT etrace.is_subdivision_code('MX-JAL') AS jal, etrace.is_subdivision_code('MX-jal') AS lower,
       etrace.is_subdivision_code('MX-JAL ') AS padded, etrace.is_subdivision_code('MX') AS country,
       etrace.is_subdivision_code('XX-JAL') AS other_country;
SELECT etrace.is_ncic_offense_code('5212') AS possession, etrace.is_ncic_offense_code('521') AS short,
       etrace.is_ncic_offense_code('52120') AS long, etrace.is_ncic_offense_code('4003') AS retired;
SELECT etrace.is_trace_status_code('submitted') AS submitted, etrace.is_trace_status_code('Submitted') AS capital,
       etrace.is_priority_code('urgent') AS urgent, etrace.is_priority_code('high') AS high,
       etrace.is_person_role_code('possessor') AS possessor, etrace.is_person_role_code('witness') AS witness,
       etrace.is_result_outcome_code('dealer_identified') AS dealer, etrace.is_result_outcome_code('found') AS found,
       etrace.is_untraceable_reason_code('too_old') AS too_old, etrace.is_untraceable_reason_code('lost') AS lost;

-- The functions are immutable, strict and parallel safe (usable in CHECK
-- constraints and in parallel plans).
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p
 WHERE p.pronamespace = 'etrace'::regnamespace AND p.proname LIKE 'is\_%\_code'
 ORDER BY 1;

-- The constraints on the trace tables: a wrong code is refused with 23514
-- and a constraint that names the column and the list.  Each statement runs
-- in a subtransaction that is rolled back whatever happens.
CREATE FUNCTION pg_temp.outcome(stmt text) RETURNS text
    LANGUAGE plpgsql AS $$
    DECLARE
        v_constraint text;
    BEGIN
        EXECUTE stmt;
        RAISE EXCEPTION 'accepted';
    EXCEPTION WHEN OTHERS THEN
        IF SQLERRM = 'accepted' THEN
            RETURN 'accepted';
        END IF;
        GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
        RETURN SQLSTATE || ' ' || v_constraint;
    END
    $$;

BEGIN;
INSERT INTO etrace.agency (ori, name, country, subdivision, kind)
    VALUES ('TX0000001', 'Checks PD', 'US', 'US-TX', 'domestic');
CREATE TEMP TABLE proto ON COMMIT DROP AS
    SELECT jsonb_build_object(
               'trace_number', etrace.trace_number_make(2020, 1), 'agency_id', a.id, 'agency_ori', a.ori,
               'status', 'submitted', 'request_date', '2020-01-02', 'priority', 'routine',
               'crime_code', '5212', 'agency_case_number', 'C-1', 'serial', 'A1',
               'obliterated', false, 'manufacturer', 'Glock', 'model', 'G17', 'caliber', '9mm',
               'firearm_type', 'PI', 'country_of_origin', 'AT', 'recovery_date', '2020-01-01',
               'recovery_country', 'US', 'recovery_subdivision', 'US-TX', 'doc', '{}') AS trace
      FROM etrace.agency a WHERE a.ori = 'TX0000001';
CREATE FUNCTION pg_temp.try_trace(change jsonb) RETURNS text
    LANGUAGE sql AS $$
    SELECT pg_temp.outcome(format(
        'INSERT INTO etrace.trace (trace_number, agency_id, agency_ori, status, request_date, priority, crime_code,
                                   agency_case_number, serial, obliterated, manufacturer, model, caliber,
                                   firearm_type, country_of_origin, recovery_date, recovery_country,
                                   recovery_subdivision, doc)
         SELECT trace_number, agency_id, agency_ori, status, request_date, priority, crime_code,
                agency_case_number, serial, obliterated, manufacturer, model, caliber,
                firearm_type, country_of_origin, recovery_date, recovery_country,
                recovery_subdivision, doc
           FROM pg_temp.proto, jsonb_populate_record(NULL::etrace.trace, proto.trace || %L)',
        change))
    $$;
SELECT change, pg_temp.try_trace(change::jsonb) AS outcome
  FROM unnest(ARRAY[
      '{}',
      '{"status": "closed"}',
      '{"status": "lost"}',
      '{"status": "Submitted"}',
      '{"priority": "urgent"}',
      '{"priority": "high"}',
      '{"crime_code": "5299"}',
      '{"crime_code": "4003"}',
      '{"crime_code": "521"}',
      '{"country_of_origin": "MX"}',
      '{"country_of_origin": "XX"}',
      '{"country_of_origin": "mx"}',
      '{"recovery_country": "MX", "recovery_subdivision": "MX-JAL"}',
      '{"recovery_country": "ZZ"}',
      '{"recovery_subdivision": null}',
      '{"recovery_subdivision": "US-ZZ"}',
      '{"recovery_subdivision": "US-TX "}',
      '{"agency_ori": "TX0000009"}'
  ]) AS change;

-- A trace to hang people and results on.
INSERT INTO etrace.trace (trace_number, agency_id, agency_ori, status, request_date, priority, crime_code,
                          agency_case_number, serial, obliterated, manufacturer, model, caliber,
                          firearm_type, country_of_origin, recovery_date, recovery_country, doc)
SELECT trace_number, agency_id, agency_ori, status, request_date, priority, crime_code,
       agency_case_number, serial, obliterated, manufacturer, model, caliber,
       firearm_type, country_of_origin, recovery_date, recovery_country, doc
  FROM pg_temp.proto, jsonb_populate_record(NULL::etrace.trace, proto.trace);

SELECT role, pg_temp.outcome(format(
           'INSERT INTO etrace.trace_person (trace_id, agency_id, role, doc)
            SELECT t.id, t.agency_id, %L, ''{}'' FROM etrace.trace t', role)) AS outcome
  FROM unnest(ARRAY['possessor', 'associate', 'purchaser', 'witness', 'Possessor']) AS role;

SELECT outcome, dealer_subdivision, untraceable_reason, pg_temp.outcome(format(
           'INSERT INTO etrace.trace_result (trace_id, agency_id, outcome, dealer_subdivision, untraceable_reason)
            SELECT t.id, t.agency_id, %L, %L, %L FROM etrace.trace t',
           outcome, dealer_subdivision, untraceable_reason)) AS outcome
  FROM (VALUES ('dealer_identified', 'US-TX', NULL),
               ('purchaser_identified', NULL, NULL),
               ('found', NULL, NULL),
               ('dealer_identified', 'US-XX', NULL),
               ('dealer_identified', 'TX', NULL),
               (NULL, NULL, 'too_old'),
               (NULL, 'MX-JAL', 'serial_invalid'),
               (NULL, NULL, 'lost'),
               (NULL, NULL, 'Too_old')) AS v(outcome, dealer_subdivision, untraceable_reason);

-- A trace keeps its agency's ORI (shown by the view etrace.traces); the
-- foreign key on (agency_id, agency_ori) carries a change of ORI along.
UPDATE etrace.agency SET ori = 'TX0000007' WHERE ori = 'TX0000001';
SELECT t.agency_ori, g.ori AS agency_now
  FROM etrace.trace t JOIN etrace.agency g ON g.id = t.agency_id;

-- The message a client sees.
\set VERBOSITY terse
INSERT INTO etrace.trace_person (trace_id, agency_id, role, doc)
SELECT t.id, t.agency_id, 'witness', '{}' FROM etrace.trace t;
\set VERBOSITY default

ROLLBACK;

-- No foreign key of the trace tables points at a reference table any more;
-- those to agencies, accounts, firearms and traces stay.
SELECT c.conrelid::regclass AS table_name, c.conname, c.confrelid::regclass AS references
  FROM pg_constraint c
 WHERE c.contype = 'f'
   AND c.conrelid IN ('etrace.trace'::regclass, 'etrace.trace_person'::regclass, 'etrace.trace_result'::regclass)
 ORDER BY 1, 2;
SELECT c.conrelid::regclass AS table_name, c.conname
  FROM pg_constraint c
 WHERE c.contype = 'c' AND c.conname LIKE '%\_is\_%'
   AND c.conrelid IN ('etrace.trace'::regclass, 'etrace.trace_person'::regclass, 'etrace.trace_result'::regclass)
 ORDER BY 1, 2;
