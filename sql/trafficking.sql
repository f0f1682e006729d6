-- Trafficking analytics: the pure functions.  time_to_crime, the
-- time_to_crime_summary aggregate (percentile_cont semantics, parallel
-- plan with partial aggregation), business_day_number and
-- connected_components.  (The reports over traces are tested with pgTAP:
-- test/pgtap/92_trafficking.sql.)
\set VERBOSITY default
SET search_path = public, etrace;

-------------------------------------------------------- time_to_crime
SELECT time_to_crime('2026-07-01', '2026-10-31') AS days;
SELECT time_to_crime('2024-02-28', '2024-03-01') AS leap_year,
       time_to_crime('2023-02-28', '2023-03-01') AS common_year,
       time_to_crime('2026-10-31', '2026-10-31') AS same_day;
SELECT time_to_crime(NULL, '2026-10-31') IS NULL AS strict;
SELECT time_to_crime('2026-11-01', '2026-10-31');
SELECT time_to_crime('infinity', '2026-10-31');
SELECT time_to_crime('2026-01-01', '-infinity');
SELECT time_to_crime('4713-01-01 BC', '5874897-12-31') AS longest;
SELECT time_to_crime('0001-01-01', '0044-03-15 BC');

------------------------------------------------ time_to_crime_summary
-- sorted: 30 100 365 366 400 1095 1096; q1 at position 1.5, q3 at 4.5
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[1096, 30, 1095, 400, 100, 365, 366]) d;
SELECT percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY d) AS core_quartiles
  FROM unnest(ARRAY[1096, 30, 1095, 400, 100, 365, 366]) d;
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[4, 1, 3, 2]) d;
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[42]) d;
-- NULLs are skipped; nothing at all gives count 0
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[NULL, 10, NULL]::int[]) d;
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[NULL]::int[]) d;
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[]::int[]) d;
SELECT time_to_crime_summary(d) FROM unnest(ARRAY[5, -1]) d;
-- per group, and as a running window (the final function leaves the state usable)
SELECT g, time_to_crime_summary(d) ->> 'median' AS median, time_to_crime_summary(d) ->> 'count' AS n
  FROM (VALUES (1, 10), (1, 20), (2, 5), (1, 40), (2, 7)) v(g, d)
 GROUP BY g ORDER BY g;
SELECT d, time_to_crime_summary(d) OVER (ORDER BY d) ->> 'median' AS running_median
  FROM (VALUES (10), (40), (20), (30)) v(d) ORDER BY d;
-- two calls over the same input share one state
SELECT time_to_crime_summary(d) ->> 'q1' AS q1, time_to_crime_summary(d) ->> 'q3' AS q3
  FROM unnest(ARRAY[1, 2, 3, 4, 5]) d;

-- parallel query: partial aggregates in the workers, serialized, combined
CREATE TABLE ttc_generated AS
SELECT i, (i * 7919) % 4000 AS days FROM generate_series(1, 100000) i;
ANALYZE ttc_generated;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
-- without the leader, every row goes through a worker's state and its serial form
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT time_to_crime_summary(days) FROM ttc_generated;
SELECT time_to_crime_summary(days) FROM ttc_generated;
SELECT i % 3 AS g, time_to_crime_summary(days) FROM ttc_generated GROUP BY 1 ORDER BY 1;
-- the same figures as PostgreSQL's own percentile_cont and averages
WITH s AS (SELECT time_to_crime_summary(days) AS j FROM ttc_generated),
     c AS (SELECT count(*) AS n,
                  percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY days) AS q,
                  avg((days <= 365)::int)::float8 AS le1, avg((days <= 1095)::int)::float8 AS le3
             FROM ttc_generated)
SELECT (j ->> 'count')::bigint = n AS count_ok,
       ARRAY[(j ->> 'q1')::float8, (j ->> 'median')::float8, (j ->> 'q3')::float8] = q AS quartiles_ok,
       abs((j ->> 'share_le_1y')::float8 - le1) < 1e-12 AS share_1y_ok,
       abs((j ->> 'share_le_3y')::float8 - le3) < 1e-12 AS share_3y_ok
  FROM s, c;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE ttc_generated;

-------------------------------------------------- business_day_number
-- Monday to Sunday; the weekend counts as the next Monday
SELECT d::date, to_char(d, 'Dy') AS day, business_day_number(d::date) - business_day_number('2026-11-02') AS n
  FROM generate_series('2026-11-02'::date, '2026-11-10', '1 day') d;
-- the number is the count of weekdays before the date, for every day of a leap year
SELECT bool_and(business_day_number(d::date) - business_day_number('2024-01-01')
                = (SELECT count(*) FROM generate_series('2024-01-01'::date, d::date - 1, '1 day') x
                    WHERE extract(isodow FROM x) < 6)) AS weekdays_before
  FROM generate_series('2024-01-01'::date, '2024-12-31', '1 day') d;
SELECT business_day_number('1900-01-01') AS first_monday, business_day_number('1899-12-31') AS sunday_before,
       business_day_number('1899-12-29') AS friday_before;

-------------------------------------------------------- month_number
-- months subtract across years; the same as date_part for every day of 2024-2026
SELECT month_number('2026-11-06') - month_number('2025-12-31') AS months,
       month_number('2026-01-01') - month_number('2025-12-31') AS new_year;
SELECT bool_and(month_number(d::date) = date_part('year', d) * 12 + date_part('month', d)) AS same
  FROM generate_series(DATE '2024-01-01', DATE '2026-12-31', '1 day') d;
SELECT month_number('infinity');

-------------------------------------------------- connected_components
SELECT * FROM connected_components(ARRAY[1, 3, 7], ARRAY[2, 2, 7]);
-- components numbered by their smallest node; repeated and reversed edges
SELECT * FROM connected_components(ARRAY[50, 40, 30, -5, 60], ARRAY[60, 50, 60, 9000000000, 30]);
SELECT count(*) FROM connected_components('{}', '{}');
SELECT count(*) FROM connected_components(NULL, ARRAY[1]);
SELECT * FROM connected_components(ARRAY[1, 2], ARRAY[3]);
SELECT * FROM connected_components(ARRAY[1, NULL], ARRAY[3, 4]);
SELECT * FROM connected_components(ARRAY[[1, 2], [3, 4]], ARRAY[[1, 2], [3, 4]]);
-- a chain of 10000 edges is one component; 100 disjoint pairs are 100
SELECT count(*) AS nodes, max(component) AS components
  FROM connected_components(ARRAY(SELECT i FROM generate_series(1, 10000) i),
                            ARRAY(SELECT i + 1 FROM generate_series(1, 10000) i));
SELECT count(*) AS nodes, max(component) AS components
  FROM connected_components(ARRAY(SELECT 2 * i FROM generate_series(1, 100) i),
                            ARRAY(SELECT 2 * i + 1 FROM generate_series(1, 100) i));

-------------------------------------------- trafficking_group_counts
-- The window function of trafficking_indicators against the same counts
-- written in plain SQL, over 20000 random rows with many collisions: few
-- names, dates of birth and dealers, guns repeated within a purchaser,
-- NULLs in every field that may be NULL, weekday numbers and months close
-- together.
SELECT setseed(0.42);
CREATE TEMP TABLE group_rows AS
SELECT g AS pos,
       CASE WHEN random() < 0.1 THEN NULL ELSE 'name ' || (random() * 400)::int END AS buyer,
       CASE WHEN random() < 0.1 THEN NULL ELSE DATE '1980-01-01' + (random() * 3)::int END AS dob,
       CASE WHEN random() < 0.1 THEN NULL ELSE 40000 + (random() * 400)::int END AS day,
       CASE WHEN random() < 0.3 THEN (random() * 5)::bigint ELSE g END AS gun,
       CASE WHEN random() < 0.1 THEN NULL ELSE repeat('d', 1 + (random() * 30)::int) END AS dealer,
       CASE WHEN random() < 0.1 THEN NULL ELSE 24300 + (random() * 40)::int END AS month,
       CASE WHEN random() < 0.1 THEN NULL ELSE random() < 0.4 END AS short
  FROM generate_series(1, 20000) g;
CREATE TEMP TABLE group_counts_c AS
SELECT pos, trafficking_group_counts(ROW(buyer, dob, day, gun, dealer, month, short)::trafficking_group_key) OVER () AS g
  FROM group_rows;
CREATE TEMP TABLE group_counts_sql AS
SELECT r.pos, ROW(
         b.n,
         b.guns > 1,
         CASE WHEN r.day IS NOT NULL AND b.n IS NOT NULL THEN
              (SELECT count(DISTINCT o.gun) > 1 FROM group_rows o
                WHERE o.buyer = r.buyer AND o.dob = r.dob AND o.day BETWEEN r.day - 4 AND r.day + 4) END,
         CASE WHEN r.dealer IS NULL THEN NULL
              WHEN r.month IS NULL THEN 0
              ELSE (SELECT count(*) FROM group_rows o
                     WHERE o.dealer = r.dealer AND o.month BETWEEN r.month - 11 AND r.month AND o.short) END
       )::trafficking_group_flags AS g
  FROM group_rows r
  LEFT JOIN (SELECT buyer, dob, count(*) AS n, count(DISTINCT gun) AS guns FROM group_rows
              WHERE buyer IS NOT NULL AND dob IS NOT NULL GROUP BY 1, 2) b USING (buyer, dob);
-- each row of the window carries its own pos
SELECT count(*) AS rows, count(*) FILTER (WHERE c.g IS DISTINCT FROM s.g) AS differ,
       count(*) FILTER (WHERE (s.g).repeat_purchaser) AS repeat_purchaser,
       count(*) FILTER (WHERE (s.g).multiple_sale) AS multiple_sale,
       count(*) FILTER (WHERE (s.g).multiple_sale IS NULL) AS multiple_sale_null,
       count(*) FILTER (WHERE (s.g).dealer_short_traces > 0) AS dealer_short
  FROM group_counts_c c JOIN group_counts_sql s USING (pos);
-- an empty partition, and a NULL key or gun
SELECT count(*) FROM (SELECT trafficking_group_counts(NULL::trafficking_group_key) OVER () FROM group_rows WHERE false) e;
SELECT trafficking_group_counts(NULL::trafficking_group_key) OVER ();
SELECT trafficking_group_counts(ROW('a', DATE '1980-01-01', 1, NULL, NULL, NULL, NULL)::trafficking_group_key) OVER ();
-------------------------------------------------------- indicator_reasons
-- against the SQL it replaced in trafficking_indicators, over random
-- flags, NULLs, counts and months (negative and past year 9999 included)
CREATE TEMP TABLE reason_rows AS
SELECT g AS pos,
       CASE g % 4 WHEN 0 THEN '{}'::text[] WHEN 1 THEN ARRAY['serial number obliterated']
                  WHEN 2 THEN ARRAY['purchased 12 days before recovery', 'possessor unknown'] END AS own,
       CASE WHEN g % 7 = 0 THEN NULL ELSE (g % 13)::bigint END AS traces,
       CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN true ELSE false END AS repeat,
       CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN false ELSE true END AS multiple,
       CASE (g / 3) % 3 WHEN 0 THEN NULL WHEN 1 THEN true ELSE false END AS hot,
       CASE WHEN g % 11 = 0 THEN NULL ELSE '5-43-' || g % 97 END AS dealer,
       CASE WHEN g % 17 = 0 THEN NULL ELSE (g % 40)::bigint END AS short_traces,
       CASE WHEN g % 19 = 0 THEN NULL ELSE (g * 7919) % 300000 - 100000 END AS month
  FROM generate_series(1, 5000) g;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE indicator_reasons(own, traces, repeat, multiple, hot, dealer, short_traces, month)
           IS DISTINCT FROM
           CASE WHEN repeat OR multiple OR hot THEN
               own || array_remove(ARRAY[
                   CASE WHEN repeat THEN 'purchaser named on ' || traces || ' traces' END,
                   CASE WHEN multiple THEN 'sold to the purchaser within 5 business days of another traced firearm' END,
                   CASE WHEN hot THEN
                       'dealer ' || dealer || ' had ' || short_traces || ' short time-to-crime traces in the 12 months to '
                       || (month - 1) / 12 || '-' || lpad((mod(month - 1, 12) + 1)::text, 2, '0') END],
                   NULL)
           ELSE own END) AS differ,
       count(*) FILTER (WHERE hot AND month < 0 AND dealer IS NOT NULL AND short_traces IS NOT NULL) AS negative_months
  FROM reason_rows;
SELECT indicator_reasons('{}', 3, true, true, true, '5-43-01234', 27, month_number('2026-01-15'));
SELECT indicator_reasons(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) IS NULL AS no_reasons;
