-- Point-pattern analytics: kernel density, Rossmo's geographic profile and
-- Knox's space-time interaction test (array forms; the forms over the
-- visible traces are tested with agencies and masking in pgTAP).
\pset null (null)
\set VERBOSITY default

-- The labels: array forms are pure, filter forms read the traces.
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proparallel AS parallel,
       p.proisstrict AS strict, p.prosecdef AS definer
  FROM pg_proc p
 WHERE p.pronamespace = 'etrace'::regnamespace
   AND p.proname IN ('kernel_density', 'geoprofile', 'geoprofile_peak', 'knox_test', 'visible_points_dated')
 ORDER BY 1::text;

------------------------------------------------------------- kernel density

-- One point at the equator, h = 1000 m, 500 m cells: a 4 x 4 grid centred
-- on the point; by hand, the 4 inner cells (d = 353.6 m) have
-- 3/(pi h^2) (1 - 0.125)^2 = 0.7311 per km^2, the 8 edge cells (d = 790.6 m)
-- 3/(pi h^2) (1 - 0.625)^2 = 0.1343, the 4 corners (d = 1060.7 m > h) 0,
-- so they are not returned.
SELECT round(lat::numeric, 5) AS lat, round(lon::numeric, 5) AS lon,
       round((density * 1e6)::numeric, 4) AS per_km2
  FROM etrace.kernel_density(ARRAY[0.0], ARRAY[0.0], 500, 1000);

-- The same with the Gaussian kernel (sigma = h, cut off at 4h): a 16 x 16
-- grid of which 208 cells lie within 4h; at the inner cells
-- exp(-0.0625) / (2 pi h^2 (1 - e^-8)) = 0.1496 per km^2.
SELECT count(*) AS cells, round(max(density * 1e6)::numeric, 4) AS peak_per_km2,
       round((sum(density) * 500 * 500)::numeric, 4) AS volume
  FROM etrace.kernel_density(ARRAY[0.0], ARRAY[0.0], 500, 1000, 'gaussian');

-- A cluster in Guadalajara: the volume under the surface is the number of
-- points (the default bandwidth and cell are checked in test_kde_core).
CREATE TEMP TABLE pts AS
SELECT i, 20.67 + 0.05 * sin(i * 12.9898) * cos(i * 4.1414) AS lat,
          -103.34 + 0.05 * cos(i * 78.233) * sin(i * 1.7320) AS lon,
       date '2025-01-01' + (i * 37) % 365 AS t
  FROM generate_series(1, 200) i;
-- volume = sum(density) * cell_m^2 = n = 200
WITH a AS (SELECT array_agg(lat ORDER BY i) lat, array_agg(lon ORDER BY i) lon FROM pts)
SELECT v.kernel, v.cell_m, v.bandwidth_m, round((sum(k.density) * v.cell_m * v.cell_m)::numeric, 2) AS volume
  FROM a, (VALUES ('quartic', 100.0, 1500.0), ('gaussian', 150.0, 800.0), ('quartic', 400.0, 800.0)) v(kernel, cell_m, bandwidth_m),
       LATERAL etrace.kernel_density(a.lat, a.lon, v.cell_m, v.bandwidth_m, v.kernel) k
 GROUP BY 1, 2, 3 ORDER BY 1, 2;

-- Translation: moving every point 100 degrees east moves the surface and
-- keeps its values (the projection follows the points' centroid).
WITH a AS (SELECT array_agg(lat ORDER BY i) lat, array_agg(lon ORDER BY i) lon,
                  array_agg(lon + 100 ORDER BY i) lon2 FROM pts),
     s1 AS (SELECT row_number() OVER () AS r, k.* FROM a, etrace.kernel_density(a.lat, a.lon) k),
     s2 AS (SELECT row_number() OVER () AS r, k.* FROM a, etrace.kernel_density(a.lat, a.lon2) k)
SELECT count(*) AS cells,
       max(abs(s1.density - s2.density)) < 1e-9 * max(s1.density) AS same_values,
       max(abs(s2.lon - s1.lon - 100)) < 1e-9 AND max(abs(s2.lat - s1.lat)) < 1e-9 AS moved_east
  FROM s1 JOIN s2 USING (r);

-- Symmetric points (about the equator and the prime meridian) give a
-- symmetric surface.
WITH k AS (SELECT round(lat::numeric, 8) AS lat, round(lon::numeric, 8) AS lon, density
             FROM etrace.kernel_density(ARRAY[0.01, -0.01, 0, 0], ARRAY[0, 0, 0.01, -0.01], 100, 900))
SELECT (SELECT count(*) FROM k) AS cells,
       (SELECT count(*) FROM k JOIN k m ON m.lat = -k.lat AND m.lon = k.lon
         WHERE abs(m.density - k.density) <= 1e-9 * k.density) AS mirrored_ns,
       (SELECT count(*) FROM k JOIN k m ON m.lat = k.lat AND m.lon = -k.lon
         WHERE abs(m.density - k.density) <= 1e-9 * k.density) AS mirrored_ew;

-- Near the north pole and across the antimeridian: one compact surface,
-- volume n, its peak on the points.
SELECT place, count(*) > 0 AS cells, round((sum(density) * 100 * 100)::numeric, 3) AS volume,
       round(max(lat)::numeric - min(lat)::numeric, 2) AS lat_span
  FROM (VALUES ('pole', ARRAY[89.99, 89.995, 89.99], ARRAY[0.0, 120.0, -120.0]),
               ('antimeridian', ARRAY[10.0, 10.003, 9.998], ARRAY[179.999, -179.998, 179.997])) v(place, la, lo),
       LATERAL etrace.kernel_density(v.la, v.lo, 100, 1000) k
 GROUP BY place ORDER BY place;
SELECT round(lat::numeric, 3) AS lat, round(lon::numeric, 3) AS lon
  FROM etrace.kernel_density(ARRAY[10.0, 10.003, 9.998], ARRAY[179.999, -179.998, 179.997], 100, 1000)
 ORDER BY density DESC LIMIT 1;

-- No points, or NULL arrays: no rows.
SELECT count(*) FROM etrace.kernel_density('{}'::float8[], '{}'::float8[]);
SELECT count(*) FROM etrace.kernel_density(NULL::float8[], ARRAY[1.0]);
-- NULL options take their defaults.
SELECT (SELECT count(*) FROM etrace.kernel_density(ARRAY[20.67, 20.68, 20.70], ARRAY[-103.35, -103.34, -103.30], NULL, NULL, NULL))
     = (SELECT count(*) FROM etrace.kernel_density(ARRAY[20.67, 20.68, 20.70], ARRAY[-103.35, -103.34, -103.30])) AS same;

-- Errors.
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0]);
SELECT * FROM etrace.kernel_density(ARRAY[1.0, NULL], ARRAY[1.0, 2.0]);
SELECT * FROM etrace.kernel_density(ARRAY[[1.0, 2.0]], ARRAY[[1.0, 2.0]]);
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 91.0], ARRAY[1.0, 2.0], 100, 1000);
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0, 'NaN'], 100, 1000);
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0, 2.0], 100, 1000, 'epanechnikov');
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0, 2.0], 100, -5);
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0, 2.0], 100, 'Infinity');
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0, 2.0], 0, 1000);
SELECT * FROM etrace.kernel_density(ARRAY[1.0, 2.0], ARRAY[1.0, 2.0], 1, 1000);
SELECT * FROM etrace.kernel_density(ARRAY[20.0], ARRAY[-100.0]);
SELECT * FROM etrace.kernel_density(ARRAY[20.0, 20.0], ARRAY[-100.0, -100.0]);
SELECT * FROM etrace.kernel_density(ARRAY[0.0, 0.0], ARRAY[0.0, 180.0], 1000, 1000);
SELECT * FROM etrace.kernel_density(ARRAY[0.0, 0.0, 0.0], ARRAY[0.0, 0.0, 180.0], 1000, 1000);

--------------------------------------------------------- geographic profile

-- A series of five offences: the grid, the scores (summing to 1), the
-- percentiles and the peak.
WITH g AS (SELECT * FROM etrace.geoprofile(ARRAY[20.66, 20.68, 20.70, 20.69, 20.675],
                                           ARRAY[-103.36, -103.33, -103.35, -103.30, -103.345]))
SELECT count(*) AS cells, round(sum(score)::numeric, 9) AS total,
       max(percentile) AS top, round(min(percentile)::numeric, 2) AS bottom,
       count(*) FILTER (WHERE percentile >= 90) AS top_tenth
  FROM g;
SELECT round(lat::numeric, 4) AS lat, round(lon::numeric, 4) AS lon, round(score::numeric, 6) AS score
  FROM etrace.geoprofile_peak(ARRAY[20.66, 20.68, 20.70, 20.69, 20.675],
                              ARRAY[-103.36, -103.33, -103.35, -103.30, -103.345]);
-- the peak is the top cell of the full profile
SELECT p.score = (SELECT max(score) FROM etrace.geoprofile(ARRAY[20.66, 20.68, 20.70, 20.69, 20.675],
                                                           ARRAY[-103.36, -103.33, -103.35, -103.30, -103.345])) AS same
  FROM etrace.geoprofile_peak(ARRAY[20.66, 20.68, 20.70, 20.69, 20.675],
                              ARRAY[-103.36, -103.33, -103.35, -103.30, -103.345]) p;
-- exponents and cell size change it; the percentile orders the cells as the score does
WITH g AS (SELECT * FROM etrace.geoprofile(ARRAY[20.66, 20.68, 20.70, 20.69, 20.675],
                                           ARRAY[-103.36, -103.33, -103.35, -103.30, -103.345], 800, 1.9, 1.4, 250))
SELECT (SELECT count(*) FROM g) AS cells, (SELECT round(sum(score)::numeric, 9) FROM g) AS total,
       bool_and(a.percentile > b.percentile) AS ordered
  FROM g a JOIN LATERAL (SELECT * FROM g b WHERE b.score < a.score ORDER BY b.score DESC LIMIT 1) b ON true;

-- A single site with a 1 km buffer: the profile peaks on the ring at
-- Manhattan distance B (between B/sqrt 2 and B in straight line), is lower
-- at the site and symmetric.
WITH g AS (SELECT round(lat::numeric, 8) AS lat, round(lon::numeric, 8) AS lon, score
             FROM etrace.geoprofile(ARRAY[0.0], ARRAY[0.0], 1000, cell_m => 20))
SELECT (SELECT count(*) FROM g) AS cells,
       (SELECT round(111195 * (abs(lat) + abs(lon)), -1) FROM g ORDER BY score DESC, lat, lon LIMIT 1) AS peak_manhattan_m,
       (SELECT max(score) FROM g WHERE abs(lat) < 0.0002 AND abs(lon) < 0.0002)
         < (SELECT max(score) FROM g) AS lower_at_site,
       (SELECT count(*) FROM g JOIN g m ON m.lat = -g.lat AND m.lon = g.lon
         WHERE abs(m.score - g.score) <= 1e-9 * g.score) AS mirrored_ns,
       (SELECT count(*) FROM g JOIN g m ON m.lat = g.lat AND m.lon = -g.lon
         WHERE abs(m.score - g.score) <= 1e-9 * g.score) AS mirrored_ew;

-- Across the antimeridian.
SELECT round(lat::numeric, 3) AS lat, round(lon::numeric, 3) AS lon
  FROM etrace.geoprofile_peak(ARRAY[-10.01, -10.0, -9.98, -10.02, -9.99], ARRAY[179.99, -179.98, 179.97, -179.99, 179.995]);

SELECT count(*) FROM etrace.geoprofile('{}'::float8[], '{}'::float8[]);

-- Errors.
SELECT * FROM etrace.geoprofile(ARRAY[20.0], ARRAY[-100.0]);
SELECT * FROM etrace.geoprofile_peak(ARRAY[20.0, 20.0], ARRAY[-100.0, -100.0]);
SELECT * FROM etrace.geoprofile(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], -1);
SELECT * FROM etrace.geoprofile(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], 500, 0);
SELECT * FROM etrace.geoprofile(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], 500, 1.2, 11);
SELECT * FROM etrace.geoprofile(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], 500, 1.2, 1.2, 0.01);
SELECT * FROM etrace.geoprofile(ARRAY[20.0, 20.1], ARRAY[-100.0, -200.0]);

----------------------------------------------------------------- Knox test

-- By hand: two events 157 m and 2 days apart, a third far away months
-- earlier.  S = 1 pair close in space, T = 1 pair close in time (of 3),
-- expected 1 * 1 / 3; 2 of the 6 orders of the dates keep the close pair
-- close, so p is near 1/3.
SELECT pairs_close_both, round(expected::numeric, 4) AS expected, round(p::numeric, 3) AS p, permutations
  FROM etrace.knox_test(ARRAY[20.67, 20.671, 25.7], ARRAY[-103.34, -103.341, -100.3],
                        ARRAY[date '2026-10-01', '2026-10-03', '2026-03-01'], 1000, 7);

-- A space-time cluster: 30 recoveries within 300 m and 20 days among 200
-- spread over a year: p = 1/1000 (no permutation comes close).
CREATE TEMP TABLE events AS
SELECT i,
       CASE WHEN i <= 30 THEN 20.67 + 0.001 * sin(i * 12.9898) ELSE 20.67 + 0.2 * sin(i * 12.9898) END AS lat,
       CASE WHEN i <= 30 THEN -103.34 + 0.001 * cos(i * 78.233) ELSE -103.34 + 0.2 * cos(i * 78.233) END AS lon,
       CASE WHEN i <= 30 THEN date '2025-06-01' + i % 20 ELSE date '2025-01-01' + (i * 37) % 365 END AS t
  FROM generate_series(1, 200) i;
SELECT pairs_close_both, round(expected::numeric, 3) AS expected, p, permutations
  FROM (SELECT array_agg(lat ORDER BY i) la, array_agg(lon ORDER BY i) lo, array_agg(t ORDER BY i) tt FROM events) e,
       etrace.knox_test(e.la, e.lo, e.tt, 500, 30);
-- The same places with every date drawn at random over the year (a fixed
-- hash of i): no interaction.
UPDATE events SET t = date '2025-01-01' + (hashint4(i) & 2147483647) % 365;
SELECT pairs_close_both, round(expected::numeric, 3) AS expected, p > 0.05 AS not_significant, p, permutations
  FROM (SELECT array_agg(lat ORDER BY i) la, array_agg(lon ORDER BY i) lo, array_agg(t ORDER BY i) tt FROM events) e,
       etrace.knox_test(e.la, e.lo, e.tt, 500, 30, 999, 7);
-- Same seed, same p; another seed, another p; the permutation count is honoured.
SELECT seed, perms, k.p, k.permutations
  FROM (SELECT array_agg(lat ORDER BY i) la, array_agg(lon ORDER BY i) lo, array_agg(t ORDER BY i) tt FROM events) e,
       (VALUES (7, 999), (7, 999), (8, 999), (7, 99), (7, 0)) v(seed, perms),
       LATERAL etrace.knox_test(e.la, e.lo, e.tt, 500, 30, v.perms, v.seed) k;

-- Fewer than two events: nothing to count.
SELECT * FROM etrace.knox_test(ARRAY[20.0], ARRAY[-100.0], ARRAY[date '2026-01-01'], 1000, 7);
SELECT * FROM etrace.knox_test('{}'::float8[], '{}'::float8[], '{}'::date[], 1000, 7);
-- STRICT: a NULL argument gives no row.
SELECT count(*) FROM etrace.knox_test(ARRAY[20.0], ARRAY[-100.0], ARRAY[date '2026-01-01'], NULL, 7);

-- Errors.
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01'], 1000, 7);
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', NULL], 1000, 7);
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', 'infinity'], 1000, 7);
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', '2026-01-02'], -1, 7);
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', '2026-01-02'], 1000, 'NaN');
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', '2026-01-02'], 1000, 7, -1);
SELECT * FROM etrace.knox_test(ARRAY[20.0, 20.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', '2026-01-02'], 1000, 7, 2000000);
SELECT * FROM etrace.knox_test(ARRAY[20.0, 200.1], ARRAY[-100.0, -100.0], ARRAY[date '2026-01-01', '2026-01-02'], 1000, 7);
