-- Bulk synthetic traces with results and people, for the trafficking
-- reports (superuser; bypasses the API on purpose: it measures reads, not
-- submission).  A copy of bulk_traces.sql, extended:
--   psql -v n=1000000 -v agencies=50 -f test/bench/analytics_bulk.sql
-- Adds a tracing center if there is none, :agencies agencies ('BN' ORIs),
-- and :n traces (n below 9 million) spread over them, recovered over the
-- last 20 years in eight Mexican states, at points spread over about
-- 1,100 x 800 km, one in five in one of eight clusters.  Four traces in five are completed
-- with a result: one of 20,000 Texas, Arizona, California or New Mexico
-- dealers (half of the traces go to 200 busy ones), a
-- purchase date giving a time-to-crime of 0 to 5000 days (about half at
-- most three years), and a purchaser.  Purchasers are distinct people
-- except that one trace in ten shares its purchaser with the trace before
-- it (a repeat purchaser), and one in a hundred also with the trace after
-- that, all three bought on consecutive days (a multiple sale).  Seven
-- traces in ten name a possessor, one in ten of them the purchaser.
\set ON_ERROR_STOP 1
INSERT INTO etrace.agency (ori, name, country, subdivision, kind)
SELECT 'USATF0001', 'National Tracing Center', 'US', 'US-WV', 'ntc'
 WHERE NOT EXISTS (SELECT 1 FROM etrace.agency WHERE kind = 'ntc');
INSERT INTO etrace.agency (ori, name, country, kind)
SELECT format('BN%s', lpad(i::text, 7, '0')), format('Bench agency %s', i), 'MX', 'foreign'
  FROM generate_series(1, :agencies) i
ON CONFLICT (ori) DO NOTHING;
CREATE TEMP TABLE bench_agency AS
SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, ori FROM etrace.agency WHERE ori LIKE 'BN%';

INSERT INTO etrace.trace (trace_number, agency_id, agency_ori, request_date, priority, crime_code, agency_case_number,
                          serial, obliterated, manufacturer, manufacturer_key, model, caliber, caliber_canonical,
                          firearm_type, country_of_origin, recovery_date, recovery_country, recovery_subdivision,
                          latitude, longitude, status, doc)
SELECT etrace.trace_number_make(2000 + (i / 9000000)::int, (i % 9000000 + 1)::int),
       a.id, a.ori,
       d + 3, 'routine', '5212', 'BULK-' || i,
       -- serials: two letters and six digits, spread so that patterns are selective
       format('%s%s-%s', chr((65 + (i * 7) % 26)::int), chr((65 + (i / 26 * 11) % 26)::int), lpad(((i * 7919) % 1000000)::text, 6, '0'))::etrace.serial_number,
       false, 'Glock', 'GLOCK', '19', '9mm', '9x19mm Parabellum', 'PI', 'AT',
       d, 'MX', (ARRAY['MX-JAL', 'MX-SON', 'MX-CHH', 'MX-BCN', 'MX-TAM', 'MX-MIC', 'MX-GRO', 'MX-CMX'])[1 + (i / 3) % 8],
       -- four in five on a lattice of 0.01 degrees over 10 x 7.8 degrees; one in five
       -- in one of eight clusters (a triangular spread of +-0.1 degree)
       CASE WHEN i % 5 = 3
            THEN (ARRAY[21.0, 22.5, 24.0, 25.5, 27.0, 28.5, 29.5, 23.0])[1 + (i / 5) % 8]
                 + ((i * 7919) % 1001 + (i * 104729) % 1001 - 1000) / 10000.0
            ELSE 20 + (i % 1000) / 100.0 END,
       CASE WHEN i % 5 = 3
            THEN (ARRAY[-102.5, -101.0, -99.5, -98.0, -100.0, -97.0, -102.0, -96.0])[1 + (i / 5) % 8]
                 + ((i * 15485863) % 1001 + (i * 32452843) % 1001 - 1000) / 10000.0
            ELSE -103 + (i % 777) / 100.0 END,
       CASE WHEN i % 5 <> 0 THEN 'completed' ELSE 'submitted' END, '{}'::jsonb
  FROM generate_series(1::bigint, :n) i
  JOIN bench_agency a ON a.k = i % :agencies
 CROSS JOIN LATERAL (SELECT date '2006-01-01' + (i % 7300)::int AS d) dd;

-- i (the generator's row number) back from the trace number, and the
-- pseudo-random choices made from it
CREATE TEMP TABLE bench_traced AS
SELECT t.id, t.agency_id, t.recovery_date, i,
       -- half the traces come from 200 busy dealers, half from 19,800
       -- others (trace data is that skewed: few dealers sell most crime guns)
       CASE WHEN h % 2 = 0 THEN h / 256 % 200 ELSE 200 + h / 256 % 19800 END AS dealer,
       (h % 1000) * (h % 1000) / 200 AS ttc,
       CASE WHEN i % 100 IN (2, 3) THEN i - i % 100 + 1
            WHEN i % 10 = 2 THEN i - 1
            ELSE i END AS purchaser
  FROM etrace.trace t
 CROSS JOIN LATERAL (SELECT etrace.trace_seq(t.trace_number)::bigint - 1 AS i) ii
 -- the multiple sales (i % 100 in 1, 2, 3) share one time-to-crime: their
 -- recoveries are a day apart, so are their purchases
 CROSS JOIN LATERAL (SELECT ((CASE WHEN i % 100 IN (2, 3) THEN i - i % 100 + 1 ELSE i END)
                             * 2654435761) % 4294967296 AS h) hh
 WHERE t.agency_case_number LIKE 'BULK-%' AND i % 5 <> 0;

INSERT INTO etrace.trace_result (trace_id, agency_id, outcome, dealer_ffl, dealer_name, dealer_subdivision,
                                 purchase_date, time_to_crime_days)
SELECT b.id, b.agency_id, 'purchaser_identified',
       format('%s-%s-%s-01-7F-%s', (ARRAY[1, 3, 4, 5, 6, 8, 9])[1 + b.dealer % 7], lpad((b.dealer / 7 % 100)::text, 2, '0'),
              lpad((b.dealer % 1000)::text, 3, '0'), lpad(b.dealer::text, 5, '0'))::etrace.ffl_number,
       'Dealer ' || b.dealer,
       (ARRAY['US-TX', 'US-AZ', 'US-CA', 'US-NM'])[1 + b.dealer % 4],
       b.recovery_date - b.ttc::int, b.ttc
  FROM bench_traced b;

INSERT INTO etrace.trace_person (trace_id, agency_id, role, ordinal, last_name, first_name, dob, name_key, doc)
SELECT b.id, b.agency_id, 'purchaser', 0, 'P' || b.purchaser, 'Bench',
       date '1950-01-01' + (b.purchaser % 15000)::int, etrace.person_name_key('P' || b.purchaser, 'Bench'), '{}'
  FROM bench_traced b;

INSERT INTO etrace.trace_person (trace_id, agency_id, role, ordinal, last_name, first_name, dob, name_key, doc)
SELECT t.id, t.agency_id, 'possessor', 0, p, 'Bench', date '1950-01-01' + (i % 15000)::int,
       etrace.person_name_key(p, 'Bench'), '{}'
  FROM etrace.trace t
 CROSS JOIN LATERAL (SELECT etrace.trace_seq(t.trace_number)::bigint - 1 AS i) ii
 CROSS JOIN LATERAL (SELECT CASE WHEN i % 10 = 1 THEN 'P' || i ELSE 'Q' || i END AS p) pp
 WHERE t.agency_case_number LIKE 'BULK-%' AND i % 10 < 7;

ANALYZE etrace.trace;
ANALYZE etrace.trace_result;
ANALYZE etrace.trace_person;
