-- Tables released outside law enforcement: counts of the caller's visible
-- traces with small cells suppressed, k never below the superuser setting.
BEGIN;
SELECT plan(9);
\ir fixtures/world.psql

SET ROLE tap_a1;
-- six traces in Jalisco recovered in 2026, two in 2025 (a small cell)
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', to_jsonb('REL-' || i))) FROM generate_series(1, 6) i \g /dev/null
SELECT etrace.submit_trace(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', to_jsonb('OLD-' || i)),
                                     '{recovery,date}', '"2025-05-05"')) FROM generate_series(1, 2) i \g /dev/null
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', to_jsonb('SON-' || i)),
                                     '{recovery,subdivision}', '"MX-SON"'), '{recovery,date}', '"2025-05-05"'))
  FROM generate_series(1, 7) i \g /dev/null
CREATE TEMP TABLE released AS
    SELECT * FROM etrace.release_trace_table('recovery_subdivision', 'recovery_year');
SELECT is((SELECT n FROM released WHERE row_label = 'Total' AND col_label = 'Total'), 15::bigint, 'the grand total counts every visible trace');
SELECT is((SELECT suppressed FROM released WHERE row_label = 'MX-JAL' AND col_label = '2025'), true, 'the cell of 2 is suppressed');
SELECT is((SELECT n FROM released WHERE row_label = 'MX-JAL' AND col_label = '2025'), NULL::bigint, 'its count is not shown');
SELECT cmp_ok((SELECT count(*) FROM released WHERE suppressed AND row_label = 'MX-JAL'), '>=', 2::bigint,
    'complementary suppression: its row has at least two suppressed cells');
SELECT cmp_ok((SELECT count(*) FROM released WHERE suppressed AND col_label = '2025'), '>=', 2::bigint,
    'and so has its column');
SELECT is((SELECT count(*) FROM (SELECT row_label FROM released GROUP BY 1 HAVING count(*) FILTER (WHERE suppressed) = 1
                                  UNION ALL
                                  SELECT col_label FROM released GROUP BY 1 HAVING count(*) FILTER (WHERE suppressed) = 1) x),
    0::bigint, 'no row or column (totals included) has a single suppressed cell');
SELECT throws_ok($$SELECT * FROM etrace.release_trace_table('recovery_country', 'recovery_year', '{}', 2)$$, '22023', NULL,
    'k cannot go below etrace.release_min_cell');
SELECT throws_ok($$SELECT * FROM etrace.release_trace_table('possessor_name', 'recovery_year')$$, '22023', NULL,
    'only the listed dimensions');
RESET ROLE;
SET ROLE tap_b1;
SELECT is((SELECT n FROM etrace.release_trace_table('recovery_country', 'recovery_year') WHERE row_label = 'Total' AND col_label = 'Total'),
    0::bigint, 'another agency''s table counts none of them');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
