-- Bulk synthetic traces for benchmarks and plans (superuser; bypasses the
-- API on purpose: it measures reads, not submission).
--   psql -v n=1000000 -v agencies=50 -f test/bench/bulk_traces.sql
-- Adds a tracing center if there is none, :agencies agencies ('BN' ORIs),
-- and :n traces spread over them, recovered over 20 years (2006-2025).
-- Trace i (1..:n) belongs to the agency with k = i % :agencies (k counts the
-- BN agencies in id order from 0), has number
-- trace_number_make(2000 + i / 9000000, i % 9000000 + 1), serial
-- <letter (i*7) % 26><letter (i/26*11) % 26>-<(i*7919) % 1000000, 6 digits>
-- and recovery date 2006-01-01 + (i / :agencies) * 7300 / (:n / :agencies + 1)
-- days: dates grow with i (as they would with traces filed over time) and
-- every agency has traces spread evenly over all 7300 days.
-- test/bench/rls_*.pgbench rely on these formulas.
--
-- The rows are valid by construction (every code and agency they name
-- exists), so foreign keys (to agencies and firearms) are not checked row
-- by row: with session_replication_role = replica the referential-integrity
-- triggers do not fire, which makes the load several times faster.  The
-- CHECK constraints on reference codes still apply.
\set ON_ERROR_STOP 1
INSERT INTO etrace.agency (ori, name, country, subdivision, kind)
SELECT 'USATF0001', 'National Tracing Center', 'US', 'US-WV', 'ntc'
 WHERE NOT EXISTS (SELECT 1 FROM etrace.agency WHERE kind = 'ntc');
INSERT INTO etrace.agency (ori, name, country, kind)
SELECT format('BN%s', lpad(i::text, 7, '0')), format('Bench agency %s', i), 'MX', 'foreign'
  FROM generate_series(1, :agencies) i
ON CONFLICT (ori) DO NOTHING;
SET session_replication_role = replica;
CREATE TEMP TABLE bench_agency AS
SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, ori FROM etrace.agency WHERE ori LIKE 'BN%';

INSERT INTO etrace.trace (trace_number, agency_id, agency_ori, request_date, priority, crime_code, agency_case_number,
                          serial, obliterated, manufacturer, manufacturer_key, model, caliber, caliber_canonical,
                          firearm_type, country_of_origin, recovery_date, recovery_country, latitude, longitude,
                          status, doc)
SELECT etrace.trace_number_make(2000 + (i / 9000000)::int, (i % 9000000 + 1)::int),
       a.id, a.ori,
       d + 3, 'routine', '5212', 'BULK-' || i,
       -- serials: two letters and six digits, spread so that patterns are selective
       format('%s%s-%s', chr((65 + (i * 7) % 26)::int), chr((65 + (i / 26 * 11) % 26)::int), lpad(((i * 7919) % 1000000)::text, 6, '0'))::etrace.serial_number,
       false, 'Glock', 'GLOCK', '19', '9mm', '9x19mm Parabellum', 'PI', 'AT',
       d, 'MX', 20 + (i % 1000) / 100.0, -103 + (i % 777) / 100.0,
       'submitted', '{}'::jsonb
  FROM generate_series(1::bigint, :n) i
  JOIN bench_agency a ON a.k = i % :agencies
 CROSS JOIN LATERAL (SELECT date '2006-01-01' + ((i / :agencies) * 7300 / (:n / :agencies + 1))::int AS d) dd;
RESET session_replication_role;
ANALYZE etrace.trace;
