-- Kernel density, geographic profile and Knox test over the traces the
-- caller may see: an agency analyst's convenience forms use exactly the
-- agency's own coordinates, because the traces another agency shares are
-- masked (no crime location without the tracing center's consent).
BEGIN;
SELECT plan(32);
\ir fixtures/world.psql

SELECT etrace.create_account('tap_a_analyst', :a_id, '{"name": "Alma Analista"}', ARRAY['etrace_analyst']) AS analyst_acct \gset

-- A's recoveries: a knot in Guadalajara within days of each other, and a few around it
SET ROLE tap_a1;
SELECT count(etrace.submit_trace(
         jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc'::jsonb,
             '{firearm,serial}', to_jsonb('GDL-' || v.n)),
             '{recovery,latitude}', to_jsonb(v.lat)),
             '{recovery,longitude}', to_jsonb(v.lon)),
             '{recovery,date}', to_jsonb(v.d))))
  FROM (VALUES (1, 20.6736, -103.3440, '2026-10-20'), (2, 20.6741, -103.3436, '2026-10-21'),
               (3, 20.6730, -103.3445, '2026-10-22'), (4, 20.6745, -103.3431, '2026-10-24'),
               (5, 20.7100, -103.4000, '2026-03-02'), (6, 20.6200, -103.2500, '2026-06-15'),
               (7, 20.6500, -103.3900, '2026-08-09')) v(n, lat, lon, d) \gset a_
RESET ROLE;

-- B's recoveries in Hermosillo, shared with its country (so A sees them, masked)
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b1_acct)::jsonb) AS b_poc \gset
SET ROLE tap_b1;
SELECT count(etrace.submit_trace(
         jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc'::jsonb,
             '{firearm,serial}', to_jsonb('HMO-' || v.n)),
             '{recovery,subdivision}', '"MX-SON"'),
             '{recovery,latitude}', to_jsonb(v.lat)),
             '{recovery,longitude}', to_jsonb(v.lon)),
             '{recovery,date}', to_jsonb(v.d))))
  FROM (VALUES (1, 29.0729, -110.9559, '2026-10-20'), (2, 29.0735, -110.9550, '2026-10-21'),
               (3, 29.0900, -110.9700, '2026-10-23')) v(n, lat, lon, d) \gset b_
SELECT etrace.share_with(:b_id, '{"scope": "country"}') AS b_shares \gset
RESET ROLE;

-- A's own points, as the arrays the array forms take
\set a_lat 'ARRAY[20.6736, 20.6741, 20.6730, 20.6745, 20.7100, 20.6200, 20.6500]::float8[]'
\set a_lon 'ARRAY[-103.3440, -103.3436, -103.3445, -103.3431, -103.4000, -103.2500, -103.3900]::float8[]'
\set a_t   'ARRAY[''2026-10-20'', ''2026-10-21'', ''2026-10-22'', ''2026-10-24'', ''2026-03-02'', ''2026-06-15'', ''2026-08-09'']::date[]'

------------------------------------------------------------------ catalog
SELECT volatility_is('etrace', 'kernel_density', ARRAY['double precision[]', 'double precision[]', 'double precision', 'double precision', 'text'],
    'immutable', 'kernel_density (arrays) is immutable');
SELECT volatility_is('etrace', 'kernel_density', ARRAY['jsonb', 'double precision', 'double precision', 'text'],
    'stable', 'kernel_density (filter) is stable');
SELECT volatility_is('etrace', 'geoprofile', ARRAY['jsonb', 'double precision', 'double precision', 'double precision', 'double precision'],
    'stable', 'geoprofile (filter) is stable');
SELECT volatility_is('etrace', 'knox_test', ARRAY['double precision[]', 'double precision[]', 'date[]', 'double precision', 'double precision', 'integer', 'bigint'],
    'immutable', 'knox_test (arrays) is immutable');
SELECT volatility_is('etrace', 'knox_test', ARRAY['jsonb', 'double precision', 'double precision', 'integer', 'bigint'],
    'stable', 'knox_test (filter) is stable');
SELECT ok(NOT bool_or(p.prosecdef) FILTER (WHERE p.proname <> 'visible_points_dated')
          AND bool_and(p.proparallel = CASE WHEN p.provolatile = 'i' THEN 's' ELSE 'r' END),
    'none but visible_points_dated is SECURITY DEFINER (they read as the caller); array forms parallel safe, filter forms parallel restricted (the caller''s standing is computed in the leader)')
  FROM pg_proc p WHERE p.pronamespace = 'etrace'::regnamespace
   AND p.proname IN ('kernel_density', 'geoprofile', 'geoprofile_peak', 'knox_test', 'visible_points_dated');
-- visible_points_dated reads as etrace_owner, whose reads row-level
-- security still limits to the caller's rows (the policies take the caller
-- from the outer user; the tests below show each caller its own points)
SELECT ok(bool_and(p.prosecdef AND p.proconfig = ARRAY['search_path=pg_catalog, etrace, pg_temp']),
    'visible_points and visible_points_dated are SECURITY DEFINER with their search_path pinned')
  FROM pg_proc p WHERE p.pronamespace = 'etrace'::regnamespace
   AND p.proname IN ('visible_points', 'visible_points_dated');
SELECT ok(bool_and(has_function_privilege(r, p.oid, 'EXECUTE')), 'analysts, users and the tracing center may run them all')
  FROM pg_proc p, unnest(ARRAY['etrace_analyst', 'etrace_user', 'etrace_ntc']) r
 WHERE p.pronamespace = 'etrace'::regnamespace
   AND p.proname IN ('kernel_density', 'geoprofile', 'geoprofile_peak', 'knox_test', 'visible_points_dated');
SELECT ok(NOT has_function_privilege('etrace_auditor', 'etrace.kernel_density(jsonb, float8, float8, text)', 'EXECUTE')
          AND NOT has_function_privilege('etrace_auditor', 'etrace.visible_points_dated(jsonb)', 'EXECUTE'),
    'the auditor may not run the forms over traces');

------------------------------------------- the analyst sees only A's coordinates
SET ROLE tap_a_analyst;
SELECT is((SELECT count(*)::int FROM etrace.traces), 10, 'the analyst sees A''s 7 traces and B''s 3 shared ones');
SELECT is((SELECT count(*)::int FROM etrace.traces WHERE masked), 3, 'B''s are masked');
SELECT is((SELECT lat FROM etrace.visible_points_dated()), :a_lat, 'visible_points_dated: A''s latitudes only');
SELECT is((SELECT lon FROM etrace.visible_points_dated()), :a_lon, 'visible_points_dated: A''s longitudes only');
SELECT is((SELECT t FROM etrace.visible_points_dated()), :a_t, 'visible_points_dated: their recovery dates');
SELECT is((SELECT cardinality(t) FROM etrace.visible_points_dated('{"recovery_date_from": "2026-10-01"}')), 4,
    'visible_points_dated: the filter narrows');

SELECT results_eq('SELECT * FROM etrace.kernel_density(''{}''::jsonb, 50, 2000)',
    format('SELECT * FROM etrace.kernel_density(%s, %s, 50, 2000)', :'a_lat', :'a_lon'),
    'kernel_density over the visible traces = over A''s own points');
SELECT results_eq('SELECT * FROM etrace.kernel_density(''{}''::jsonb)',
    format('SELECT * FROM etrace.kernel_density(%s, %s)', :'a_lat', :'a_lon'),
    'kernel_density with the defaults too');
SELECT ok((SELECT max(lat) < 21 AND min(lon) > -104 FROM etrace.kernel_density('{}'::jsonb, 50, 2000)),
    'no density anywhere near B''s recoveries in Sonora');
SELECT is((SELECT round(sum(density) * 50 * 50) FROM etrace.kernel_density('{}'::jsonb, 50, 2000))::int, 7,
    'the volume is the number of A''s points');
SELECT results_eq('SELECT * FROM etrace.kernel_density(''{"recovery_date_from": "2026-10-01"}''::jsonb, 20, 300, ''gaussian'')',
    'SELECT * FROM etrace.kernel_density(ARRAY[20.6736, 20.6741, 20.6730, 20.6745], ARRAY[-103.3440, -103.3436, -103.3445, -103.3431], 20, 300, ''gaussian'')',
    'kernel_density with a filter and the Gaussian kernel');

SELECT results_eq('SELECT * FROM etrace.geoprofile(''{}''::jsonb)',
    format('SELECT * FROM etrace.geoprofile(%s, %s)', :'a_lat', :'a_lon'),
    'geoprofile over the visible traces = over A''s own points');
SELECT results_eq('SELECT * FROM etrace.geoprofile(''{}''::jsonb, 500, 1.9, 1.4, 100)',
    format('SELECT * FROM etrace.geoprofile(%s, %s, 500, 1.9, 1.4, 100)', :'a_lat', :'a_lon'),
    'geoprofile with its options');
SELECT results_eq('SELECT * FROM etrace.geoprofile_peak(''{}''::jsonb)',
    format('SELECT * FROM etrace.geoprofile_peak(%s, %s)', :'a_lat', :'a_lon'),
    'geoprofile_peak over the visible traces = over A''s own points');
SELECT ok((SELECT lat BETWEEN 20.6 AND 20.75 AND lon BETWEEN -103.45 AND -103.2 FROM etrace.geoprofile_peak('{}'::jsonb)),
    'the peak is in Guadalajara, not pulled towards Sonora');

SELECT results_eq('SELECT * FROM etrace.knox_test(''{}''::jsonb, 300, 7)',
    format('SELECT * FROM etrace.knox_test(%s, %s, %s, 300, 7)', :'a_lat', :'a_lon', :'a_t'),
    'knox_test over the visible traces = over A''s own points and dates');
SELECT is((SELECT pairs_close_both FROM etrace.knox_test('{}'::jsonb, 300, 7)), 6::bigint,
    'the knot''s 4 recoveries make 6 pairs close in space and time');
SELECT is((SELECT permutations FROM etrace.knox_test('{}'::jsonb, 300, 7, 99, 3)), 99, 'the permutation count is honoured');
SELECT throws_ok($$SELECT * FROM etrace.kernel_density('{"colour": "red"}'::jsonb)$$, '22023', NULL,
    'an unknown filter key is refused');
RESET ROLE;

------------------------------------------------- the tracing center sees all
SET ROLE tap_ntc;
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points_dated()), 10, 'the tracing center has every point');
SELECT ok((SELECT max(lat) > 29 FROM etrace.kernel_density('{}'::jsonb, 1000, 3000)), 'its density reaches Sonora');
SELECT is((SELECT pairs_close_both FROM etrace.knox_test('{}'::jsonb, 300, 7)), 7::bigint,
    'and its Knox count includes B''s close pair');
RESET ROLE;

-- B alone sees its own three
SET ROLE tap_b1;
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points_dated()), 3, 'B sees its own three points');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
