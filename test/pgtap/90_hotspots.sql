-- Hot spots and the nearest neighbour index over the traces the caller may
-- see: an agency analyst counts its own agency's recovery points, never
-- those of a partner that shares its traces (their coordinates are masked),
-- and the tracing center counts everything.
BEGIN;
SELECT plan(34);
\ir fixtures/world.psql

-- an analyst of agency A
SELECT etrace.create_account('tap_a3', :a_id, '{"name": "Alma Vidal"}', ARRAY['etrace_analyst']) AS a3_acct \gset

-- A: a cluster of 8 recoveries in Guadalajara and 4 spread over Jalisco
SET ROLE tap_a1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', to_jsonb('GDL-' || k)),
           '{recovery,latitude}', to_jsonb(lat)), '{recovery,longitude}', to_jsonb(lon))) IS NOT NULL
  FROM (VALUES (1, 20.6736, -103.3440), (2, 20.6741, -103.3447), (3, 20.6729, -103.3432), (4, 20.6750, -103.3451),
               (5, 20.6733, -103.3461), (6, 20.6722, -103.3428), (7, 20.6745, -103.3419), (8, 20.6758, -103.3440),
               (9, 20.8800, -103.8400), (10, 20.3000, -102.9000), (11, 21.1000, -103.1000), (12, 20.5200, -103.6000))
       AS p(k, lat, lon);
RESET ROLE;

-- B (Sonora) shares with its country, through its point of contact; its
-- five recoveries in Hermosillo are visible to A, with the coordinates masked
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b1_acct)::jsonb);
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', to_jsonb('HMO-' || k)),
           '{recovery,subdivision}', '"MX-SON"'), '{recovery,latitude}', to_jsonb(lat)), '{recovery,longitude}', to_jsonb(lon))) IS NOT NULL
  FROM (VALUES (1, 29.0729, -110.9559), (2, 29.0735, -110.9566), (3, 29.0722, -110.9550), (4, 29.0741, -110.9572),
               (5, 29.0716, -110.9544)) AS p(k, lat, lon);
SELECT etrace.share_with(:b_id, '{"scope": "country"}');
RESET ROLE;

-- what the analyst may see
SET ROLE tap_a3;
SELECT is((SELECT count(*)::int FROM etrace.traces), 17, 'the analyst sees A''s 12 traces and B''s 5 shared ones');
SELECT is((SELECT count(*)::int FROM etrace.traces WHERE latitude IS NOT NULL), 12, 'only A''s have coordinates');
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points('{}')), 12, 'visible_points: A''s 12 points');
SELECT is((SELECT lat FROM etrace.visible_points('{}')),
          (SELECT array_agg(latitude ORDER BY id) FROM etrace.traces WHERE latitude IS NOT NULL),
          'visible_points: in trace order');
RESET ROLE;
-- an update writes the first trace's new row version after the others, so a
-- sequential scan meets it last: the points stay in trace order
UPDATE etrace.trace SET recovery_locality = 'Zapopan'
 WHERE id = (SELECT min(id) FROM etrace.trace WHERE latitude IS NOT NULL);
SET ROLE tap_a3;
SET LOCAL enable_indexscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT is((SELECT lon FROM etrace.visible_points('{}')),
          (SELECT array_agg(longitude ORDER BY id) FROM etrace.traces WHERE latitude IS NOT NULL),
          'visible_points: in trace order when the scan yields the rows out of order');
RESET enable_indexscan;
RESET enable_bitmapscan;

-- hotspots: A's points only
SELECT is((SELECT sum(n)::int FROM etrace.hotspots('{}'::jsonb, 2000)), 12, 'hotspots counts A''s 12 points, not B''s');
SELECT ok((SELECT max(lat) < 22 AND min(lon) > -105 FROM etrace.hotspots('{}'::jsonb, 2000)),
    'no cell reaches Sonora');
SELECT results_eq(
    $$SELECT * FROM etrace.hotspots('{}'::jsonb, 2000) ORDER BY cell$$,
    $$SELECT h.* FROM etrace.visible_points('{}') v, etrace.hotspots(v.lat, v.lon, 2000) h ORDER BY cell$$,
    'the filter form is the array form over the visible points, every column');
SELECT results_eq(
    $$SELECT * FROM etrace.hotspots('{"recovery_subdivision": "MX-JAL"}'::jsonb, 1000, 3000, 'hex') ORDER BY cell$$,
    $$SELECT h.* FROM etrace.visible_points('{"recovery_subdivision": "MX-JAL"}') v,
                     etrace.hotspots(v.lat, v.lon, 1000, 3000, 'hex') h ORDER BY cell$$,
    'and with a filter, a band and hexagons');
SELECT throws_ok($$SELECT * FROM etrace.hotspots('{}'::jsonb, 2000, grid => 'round')$$, '22023',
    'invalid grid: "round"', 'the filter form checks its grid');
SELECT throws_ok($$SELECT * FROM etrace.hotspots('{}'::jsonb, -5)$$, '22023',
    'cell_m must be a finite number of metres greater than 0', 'and its cell size');
SELECT throws_ok($$SELECT * FROM etrace.hotspots(NULL::jsonb)$$, '22023',
    'invalid filter document: $: must be a JSON object', 'a NULL filter is refused as find_traces refuses it');
SELECT is((SELECT sum(n)::int FROM etrace.hotspots('{}'::jsonb, 2000)
             WHERE abs(lat - 20.674) < 0.02 AND abs(lon + 103.344) < 0.02), 8,
    'the cells over Guadalajara hold the cluster''s 8 points');
SELECT is((SELECT array_agg(DISTINCT class) FROM etrace.hotspots('{}'::jsonb, 2000) WHERE n >= 3), ARRAY['hot 99'],
    'and are hot spots');
SELECT is((SELECT sum(n)::int FROM etrace.hotspots('{"recovery_subdivision": "MX-JAL"}'::jsonb, 2000, grid => 'hex')), 12,
    'a filter and hexagons');
SELECT throws_ok($$SELECT * FROM etrace.hotspots('{"recovery_subdivision": "MX-SON"}'::jsonb)$$, '22023',
    'hotspots needs at least 3 points', 'B''s shared traces give the analyst no points at all');
SELECT throws_ok($$SELECT * FROM etrace.hotspots('{"colour": "red"}'::jsonb)$$, '22023', NULL,
    'an unknown filter key is refused');

-- nearest_neighbor_index: A's points only
SELECT results_eq(
    $$SELECT r, observed_m FROM etrace.nearest_neighbor_index('{}'::jsonb)$$,
    $$SELECT i.r, i.observed_m FROM etrace.nearest_neighbor_index(
          ARRAY[20.6736, 20.6741, 20.6729, 20.6750, 20.6733, 20.6722, 20.6745, 20.6758, 20.88, 20.3, 21.1, 20.52]::float8[],
          ARRAY[-103.3440, -103.3447, -103.3432, -103.3451, -103.3461, -103.3428, -103.3419, -103.3440,
                -103.84, -102.9, -103.1, -103.6]::float8[]) i$$,
    'the nearest neighbour index over A''s 12 points');
SELECT is((SELECT count(*)::int FROM etrace.nearest_neighbor_index('{}'::jsonb, 1e10)), 1, 'one row, with a given area too');
SELECT throws_ok($$SELECT * FROM etrace.nearest_neighbor_index('{"recovery_subdivision": "MX-SON"}'::jsonb)$$, '22023',
    'nearest_neighbor_index needs at least 2 points', 'no B point for the nearest neighbour index either');
RESET ROLE;

-- B sees its own points; the tracing center sees everyone's
SET ROLE tap_b1;
SELECT is((SELECT sum(n)::int FROM etrace.hotspots('{}'::jsonb, 100)), 5, 'B''s own user counts B''s 5 points');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT sum(n)::int FROM etrace.hotspots('{}'::jsonb, 50000)), 17, 'the tracing center counts all 17');
SELECT ok((SELECT observed_m > 0 FROM etrace.nearest_neighbor_index('{}'::jsonb)), 'and measures all of them');
RESET ROLE;

-- the catalog: labels and privileges
SELECT volatility_is('etrace', 'hotspots', ARRAY['jsonb', 'double precision', 'double precision', 'text'], 'stable',
    'the filter form of hotspots is STABLE (it reads the traces)');
SELECT volatility_is('etrace', 'hotspots', ARRAY['double precision[]', 'double precision[]', 'double precision',
    'double precision', 'text'], 'immutable', 'the array form of hotspots is IMMUTABLE');
-- the filter form reads the points itself, as visible_points does: as
-- etrace_owner, whose reads row-level security limits to the caller's rows
-- (the tests above show A and B their own points only)
SELECT is_definer('etrace', 'hotspots', ARRAY['jsonb', 'double precision', 'double precision', 'text'],
    'the filter form of hotspots is SECURITY DEFINER');
SELECT function_owner_is('etrace', 'hotspots', ARRAY['jsonb', 'double precision', 'double precision', 'text'],
    'etrace_owner', 'owned by etrace_owner (row-level security is forced on it)');
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = 'etrace.hotspots(jsonb, float8, float8, text)'::regprocedure),
    ARRAY['search_path=pg_catalog, etrace, pg_temp'], 'with its search_path pinned');
SELECT isnt_definer('etrace', 'hotspots', ARRAY['double precision[]', 'double precision[]', 'double precision',
    'double precision', 'text'], 'the array form is not');
SELECT volatility_is('etrace', 'nearest_neighbor_index', ARRAY['jsonb', 'double precision'], 'stable',
    'the filter form of nearest_neighbor_index is STABLE');
SELECT is_strict('etrace', 'gi_star', ARRAY['double precision[]', 'double precision[]', 'double precision[]',
    'double precision'], 'gi_star is STRICT');
SELECT ok(has_function_privilege('etrace_analyst', 'etrace.hotspots(jsonb, float8, float8, text)', 'EXECUTE')
      AND has_function_privilege('etrace_user', 'etrace.hotspots(jsonb, float8, float8, text)', 'EXECUTE')
      AND has_function_privilege('etrace_ntc', 'etrace.nearest_neighbor_index(jsonb, float8)', 'EXECUTE'),
    'analysts, agency users and the tracing center may call the filter forms');
CREATE ROLE tap_outsider;
SELECT ok(NOT has_function_privilege('tap_outsider', 'etrace.hotspots(jsonb, float8, float8, text)', 'EXECUTE')
      AND NOT has_function_privilege('tap_outsider', 'etrace.nearest_neighbor_index(jsonb, float8)', 'EXECUTE'),
    'a role outside etrace may not');
SET ROLE tap_outsider;
SELECT throws_ok($$SELECT * FROM etrace.hotspots('{}'::jsonb)$$, '42501', NULL, 'and is refused');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
