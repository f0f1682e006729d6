--
-- The tracing center's country in trace validation (the importer rule):
-- validate.c keeps it for the session and must forget it whenever
-- etrace.agency changes, in this session (at once, even inside a
-- transaction or a single statement, and again when the change is rolled
-- back) and in others (test/isolation/specs/ntc_country.spec).
--
\set VERBOSITY default
\set SHOW_CONTEXT never

-- A US-made firearm recovered in Mexico, without an importer: an importer
-- is required unless the tracing center is in the United States.
CREATE FUNCTION pg_temp.doc() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
SELECT '{
  "request":   {"request_date": "2024-11-02", "priority": "routine",
                "crime_code": "5212", "agency_case_number": "GDL-2024-1187",
                "officer": {"name": "Ana Ruiz"}},
  "firearm":   {"serial": "ABX 123 45", "obliterated": false, "manufacturer": "Colt",
                "model": "1911", "caliber": ".45 ACP", "type": "PI", "country_of_origin": "US"},
  "recovery":  {"date": "2024-10-30", "country": "MX"}
}'::jsonb
$$;
CREATE FUNCTION pg_temp.importer_rule() RETURNS text LANGUAGE sql AS $$
SELECT coalesce((SELECT string_agg(code || ': ' || message, '; ')
                   FROM etrace.validate_trace(pg_temp.doc())), 'valid')
$$;

-- No tracing center yet.
SELECT pg_temp.importer_rule();

-- Registered inside a transaction: seen at the next statement; forgotten
-- again when the transaction rolls back.
BEGIN;
SELECT pg_temp.importer_rule();
INSERT INTO etrace.agency (ori, name, country, kind) VALUES ('USATF0001', 'NTC', 'US', 'ntc');
SELECT pg_temp.importer_rule();
ROLLBACK;
SELECT pg_temp.importer_rule();

-- Committed, then moved: each change is seen by the next statement.
INSERT INTO etrace.agency (ori, name, country, kind) VALUES ('USATF0001', 'NTC', 'US', 'ntc');
SELECT pg_temp.importer_rule();
UPDATE etrace.agency SET country = 'CA' WHERE kind = 'ntc';
SELECT pg_temp.importer_rule();

-- Within one statement: a change made by the statement itself is seen by
-- its next command.
DO $$
BEGIN
    RAISE NOTICE 'before: %', pg_temp.importer_rule();
    UPDATE etrace.agency SET country = 'US' WHERE kind = 'ntc';
    RAISE NOTICE 'after: %', pg_temp.importer_rule();
END
$$;

-- In a subtransaction rolled back.
BEGIN;
SAVEPOINT s;
UPDATE etrace.agency SET country = 'MX' WHERE kind = 'ntc';
SELECT pg_temp.importer_rule();
ROLLBACK TO SAVEPOINT s;
SELECT pg_temp.importer_rule();
COMMIT;

-- Gone again (later tests expect no tracing center).
DELETE FROM etrace.agency WHERE kind = 'ntc';
SELECT pg_temp.importer_rule();

-- The country is read once, not once per document: no read at all while
-- nothing changes, one after a change (counted by the function statistics
-- of the transaction).
BEGIN;
SET LOCAL track_functions = 'all';
SELECT count(*) AS problems FROM generate_series(1, 10), LATERAL etrace.validate_trace(pg_temp.doc()) v;
SELECT coalesce(pg_stat_get_xact_function_calls('etrace.tracing_center_country()'::regprocedure), 0) AS reads;
INSERT INTO etrace.agency (ori, name, country, kind) VALUES ('USATF0001', 'NTC', 'CA', 'ntc');
SELECT count(*) AS problems FROM generate_series(1, 10), LATERAL etrace.validate_trace(pg_temp.doc()) v;
SELECT coalesce(pg_stat_get_xact_function_calls('etrace.tracing_center_country()'::regprocedure), 0) AS reads;
ROLLBACK;
SELECT pg_temp.importer_rule();
