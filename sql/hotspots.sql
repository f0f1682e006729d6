-- Hot spots (Gi*), the nearest neighbour index and GeoJSON cells.
\set VERBOSITY default
\pset null (null)
SET extra_float_digits = 0;

------------------------------------------------------------------ gi_star
-- A small data set, and Ord & Getis's formula written out in SQL:
-- z_i = (sum_j w_ij x_j - xbar sum_j w_ij) / (S sqrt((n sum w^2 - (sum w)^2) / (n - 1)))
-- with binary weights (d_ij <= band, i itself included), S = sqrt(sum x^2 / n - xbar^2).
CREATE TEMP TABLE gpts (i int, x float8, y float8, v float8);
INSERT INTO gpts VALUES
    (1, 0, 0, 3), (2, 1, 0, 5), (3, 2, 0, 4), (4, 3, 0, 9), (5, 0, 1, 2), (6, 1, 1, 8),
    (7, 2, 1, 12), (8, 3, 1, 11), (9, 0, 2, 1), (10, 1.5, 2.5, 7), (11, 2.2, 2, 10), (12, 5, 5, 0);
CREATE TEMP TABLE gi AS
SELECT g.* FROM (SELECT array_agg(x ORDER BY i) x, array_agg(y ORDER BY i) y, array_agg(v ORDER BY i) v FROM gpts) a,
     etrace.gi_star(a.x, a.y, a.v, 1.5) g;
WITH st AS (SELECT count(*)::float8 n, avg(v) xbar, sqrt(sum(v * v) / count(*) - avg(v) ^ 2) s FROM gpts),
     f AS (SELECT p.i, (sum(q.v) - st.xbar * count(*)) / (st.s * sqrt((st.n * count(*) - count(*) ^ 2) / (st.n - 1))) z
             FROM gpts p JOIN gpts q ON sqrt((p.x - q.x) ^ 2 + (p.y - q.y) ^ 2) <= 1.5 CROSS JOIN st
            GROUP BY p.i, st.xbar, st.s, st.n)
SELECT g.i, round(g.z::numeric, 6) AS z, round(g.p::numeric, 6) AS p, abs(g.z - f.z) < 1e-9 AS formula
  FROM gi g JOIN f USING (i) ORDER BY g.i;
-- p is two-tailed: 2 (1 - Phi(|z|)), Phi from its Taylor series (independent of erfc)
WITH RECURSIVE t(i, z, k, term, total) AS (
    SELECT i, abs(z), 0, abs(z), abs(z) FROM gi
    UNION ALL
    SELECT i, z, k + 1, term * z * z / (2 * k + 3), total + term * z * z / (2 * k + 3) FROM t WHERE term > 1e-20),
     phi AS (SELECT DISTINCT ON (i) i, 0.5 + total * exp(-z * z / 2) / sqrt(2 * pi()) AS cdf FROM t ORDER BY i, k DESC)
SELECT bool_and(abs(g.p - 2 * (1 - phi.cdf)) < 1e-9) AS p_two_tailed, count(*) AS points
  FROM phi JOIN gi g USING (i);
-- by hand: x = 0..4, values 1 2 3 4 10, band 1: z = -5, -6, -3, 5, 6 over sqrt(15)
SELECT i, round(z::numeric, 12) AS z, round((z * sqrt(15))::numeric, 12) AS z_sqrt15
  FROM etrace.gi_star('{0,1,2,3,4}', '{0,0,0,0,0}', '{1,2,3,4,10}', 1);
-- band 0: every point its own neighbourhood, z = the standardized value
SELECT i, round(z::numeric, 6) AS z FROM etrace.gi_star('{0,1,2,3,4}', '{0,0,0,0,0}', '{1,2,3,4,10}', 0);
-- a neighbourhood of every point: z undefined (0 / 0), NULL
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,2,4}', 10);
-- STRICT: a NULL argument gives no rows
SELECT count(*) FROM etrace.gi_star(NULL, '{0,0,0}', '{1,2,4}', 1);
SELECT count(*) FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,2,4}', NULL);
-- refusals, each naming the argument
SELECT * FROM etrace.gi_star('{0,1}', '{0,0}', '{1,2}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{0.1,0.1,0.1}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0}', '{1,2,3}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,2,3,4}', 1);
SELECT * FROM etrace.gi_star('{0,NULL,2}', '{0,0,0}', '{1,2,3}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,NULL}', '{1,2,3}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{NULL,2,3}', 1);
SELECT * FROM etrace.gi_star('{{0,1},{2,3}}', '{0,0,0,0}', '{1,2,3,4}', 1);
SELECT * FROM etrace.gi_star('{0,1,NaN}', '{0,0,0}', '{1,2,3}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,Infinity,0}', '{1,2,3}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,-Infinity,3}', 1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,2,3}', -1);
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,2,3}', 'NaN');
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1,2,3}', 'Infinity');
SELECT * FROM etrace.gi_star('{0,1,2}', '{0,0,0}', '{1e308,1e308,3}', 1);

----------------------------------------------------------------- hotspots
-- A test area in Guadalajara: a lattice of 12 x 12 points 0.01 degrees
-- apart (about 1 km) and a cluster of 40 points round one spot.
CREATE TEMP TABLE hpts AS
SELECT 20.60 + r * 0.01 + 0.0001 AS lat, -103.40 + c * 0.01 + 0.0001 AS lon
  FROM generate_series(0, 11) r, generate_series(0, 11) c
UNION ALL
SELECT 20.652 + (k % 7) * 0.0003, -103.318 + (k / 7) * 0.0003 FROM generate_series(0, 39) k;
CREATE TEMP TABLE harr AS SELECT array_agg(lat ORDER BY lat, lon) lat, array_agg(lon ORDER BY lat, lon) lon FROM hpts;
-- 2 km squares, band 2 km: the cells round the cluster are hot, the corners cold
SELECT h.cell, round(h.lat::numeric, 6) AS lat, round(h.lon::numeric, 6) AS lon, h.n,
       round(h.z::numeric, 6) AS z, round(h.p::numeric, 6) AS p, h.class
  FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 2000) h
 WHERE h.class <> 'not significant' ORDER BY h.cell;
SELECT count(*) AS cells, sum(n) AS points, count(*) FILTER (WHERE n = 0) AS empty_cells,
       min(cell) AS first_id, max(cell) AS last_id
  FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 2000) h;
-- the defaults: the cell from the spacing of the points (2 x the ~1.1 km
-- lattice spacing, the larger of the mean and the median), band = the cell
SELECT count(*) AS cells, sum(n) AS points, round(min(z)::numeric, 6) AS min_z, round(max(z)::numeric, 6) AS max_z
  FROM harr, etrace.hotspots(harr.lat, harr.lon) h;
SELECT class, count(*) FROM harr, etrace.hotspots(harr.lat, harr.lon) GROUP BY class ORDER BY class;
-- neighbouring cell centres are one cell apart (great-circle distance
-- between the centres of cells side by side in a row of 7): 2000 m, and by
-- default twice the median distance to the nearest neighbour (the
-- lattice's east-west spacing, about 1040 m; the mean is smaller)
SELECT 'given' AS cell_m, round(avg(2 * 6371007.181 * asin(sqrt(sin(radians(b.lat - a.lat) / 2) ^ 2
             + cos(radians(a.lat)) * cos(radians(b.lat)) * sin(radians(b.lon - a.lon) / 2) ^ 2)))::numeric, 1) AS spacing_m,
       count(*) AS pairs
  FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 2000) a
  JOIN etrace.hotspots(harr.lat, harr.lon, 2000, 2000) b ON b.cell = a.cell + 1
 WHERE a.cell % 7 <> 6
UNION ALL
SELECT 'default', round(avg(2 * 6371007.181 * asin(sqrt(sin(radians(b.lat - a.lat) / 2) ^ 2
             + cos(radians(a.lat)) * cos(radians(b.lat)) * sin(radians(b.lon - a.lon) / 2) ^ 2)))::numeric, 1),
       count(*)
  FROM harr, etrace.hotspots(harr.lat, harr.lon) a
  JOIN etrace.hotspots(harr.lat, harr.lon) b ON b.cell = a.cell + 1
 WHERE a.cell % 7 <> 6;
-- hexagons: flat-topped, height 2 km
SELECT h.cell, round(h.lat::numeric, 6) AS lat, round(h.lon::numeric, 6) AS lon, h.n,
       round(h.z::numeric, 6) AS z, h.class
  FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, grid => 'hex') h
 WHERE h.class <> 'not significant' ORDER BY h.cell;
SELECT count(*) AS cells, sum(n) AS points FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, grid => 'hex');
-- a wider band (2.5 cells, about 20 neighbours) dilutes this small cluster:
-- nothing is significant after the false discovery rate correction
SELECT class, count(*) FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 5000) GROUP BY class ORDER BY class;
-- the same pattern moved east by 150 degrees: the same cells, z and classes,
-- centres moved with it
SELECT bool_and(a.n = b.n AND abs(a.z - b.z) < 1e-9 AND a.class = b.class
                AND abs(b.lon - a.lon - 150) < 1e-9 AND abs(b.lat - a.lat) < 1e-9) AS moved_with_the_points,
       count(*) AS cells
  FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 2000) a
  JOIN (SELECT h.* FROM harr, etrace.hotspots(harr.lat, (SELECT array_agg(l + 150) FROM unnest(harr.lon) l), 2000, 2000) h) b
    USING (cell);
-- the cluster across the antimeridian: one hot spot, as at longitude 0
CREATE TEMP TABLE am AS SELECT array_agg(lat) lat, array_agg(CASE WHEN l > 180 THEN l - 360 ELSE l END) lon
  FROM (SELECT lat, lon + 103.318 + 180 AS l FROM hpts) s;
CREATE TEMP TABLE zero AS SELECT array_agg(lat) lat, array_agg(lon + 103.318) lon FROM hpts;
SELECT min(u.l) < -179.99 AND max(u.l) > 179.99 AS straddles_180 FROM am, unnest(am.lon) u(l);
SELECT (SELECT array_agg(h.class ORDER BY h.cell) FROM am, etrace.hotspots(am.lat, am.lon, 2000, 2000) h)
     = (SELECT array_agg(h.class ORDER BY h.cell) FROM zero, etrace.hotspots(zero.lat, zero.lon, 2000, 2000) h) AS same_classes,
       (SELECT count(*) FROM am, etrace.hotspots(am.lat, am.lon, 2000, 2000)) AS cells,
       (SELECT count(*) FROM am, etrace.hotspots(am.lat, am.lon, 2000, 2000) h WHERE h.class LIKE 'hot%') AS hot_cells,
       (SELECT min(abs(h.lon)) > 179.95 FROM am, etrace.hotspots(am.lat, am.lon, 2000, 2000) h
         WHERE h.class LIKE 'hot%') AS hot_cells_at_180;
-- round the north pole: 144 points on 12 parallels and 12 meridians (so
-- denser towards the pole) and a cluster of 40 at 89.95 N 45 E
CREATE TEMP TABLE polar AS
SELECT array_agg(lat) lat, array_agg(lon) lon FROM (
    SELECT 89.9 + r * 0.008 AS lat, -180 + c * 30 + 0.5 AS lon FROM generate_series(0, 11) r, generate_series(0, 11) c
    UNION ALL
    SELECT 89.95 + (k % 7) * 0.0003, 45 + (k / 7) * 0.05 FROM generate_series(0, 39) k) s;
SELECT h.cell, round(h.lat::numeric, 4) AS lat, round(h.lon::numeric, 2) AS lon, h.n, round(h.z::numeric, 6) AS z, h.class,
       round((2 * 6371007.181 * asin(sqrt(sin(radians(89.951 - h.lat) / 2) ^ 2
             + cos(radians(h.lat)) * cos(radians(89.951)) * sin(radians(45.1 - h.lon) / 2) ^ 2)))::numeric, -2) AS from_cluster_m
  FROM polar, etrace.hotspots(polar.lat, polar.lon, 2000, 2000) h
 WHERE h.class <> 'not significant' ORDER BY h.cell;
SELECT count(*) AS cells, sum(n) AS points FROM polar, etrace.hotspots(polar.lat, polar.lon, 2000, 2000);
-- NULL points: no rows
SELECT count(*) FROM etrace.hotspots(NULL::float8[], '{1,2,3}');
-- untyped array literals could also be a filter: say they are arrays
SELECT count(*) FROM etrace.hotspots('{1,2,3}', '{1,2,3}');
-- refusals
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, grid => 'triangle');
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, grid => NULL);
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 0);
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, -5);
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 'NaN');
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 'Infinity');
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, -1);
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 0.5);
SELECT * FROM harr, etrace.hotspots(harr.lat, harr.lon, 1e6);
SELECT * FROM etrace.hotspots('{20.6,91,20.7}'::float8[], '{-103.3,-103.3,-103.4}'::float8[]);
SELECT * FROM etrace.hotspots('{20.6,20.6,20.7}'::float8[], '{-103.3,-181,-103.4}'::float8[]);
SELECT * FROM etrace.hotspots('{20.6,NULL,20.7}'::float8[], '{-103.3,-103.3,-103.4}'::float8[]);
SELECT * FROM etrace.hotspots('{20.6,20.6,20.7}'::float8[], '{-103.3,-103.3}'::float8[]);
SELECT * FROM etrace.hotspots('{20.6,20.7}'::float8[], '{-103.3,-103.3}'::float8[]);
SELECT * FROM etrace.hotspots('{20.6,20.6,20.6}'::float8[], '{-103.3,-103.3,-103.3}'::float8[]);
SELECT * FROM etrace.hotspots('{0,0,0,0}'::float8[], '{0,0,180,180}'::float8[]);
-- one point in each of 3 x 3 cells: the counts do not vary
SELECT * FROM etrace.hotspots('{0,0,0,0.01,0.01,0.01,0.02,0.02,0.02}'::float8[], '{0,0.01,0.02,0,0.01,0.02,0,0.01,0.02}'::float8[], 1000);

--------------------------------------------------- nearest_neighbor_index
-- a square lattice of 30 x 30 points 0.001 degrees apart at the equator
-- (111.195 m on the authalic sphere) in its own area: R = 2
SELECT round(r::numeric, 4) AS r, round(observed_m::numeric, 3) AS observed_m, round(expected_m::numeric, 3) AS expected_m
  FROM (SELECT array_agg(a * 0.001) lat, array_agg(b * 0.001) lon FROM generate_series(0, 29) a, generate_series(0, 29) b) l,
       etrace.nearest_neighbor_index(l.lat, l.lon, 900 * 111.19508 ^ 2);
-- a hexagonal lattice (rows sqrt(3)/2 apart, every other one shifted by
-- half): R = 2.149, the most dispersed pattern
SELECT round(r::numeric, 3) AS r, round(observed_m::numeric, 2) AS observed_m
  FROM (SELECT array_agg(a * 0.001 * sqrt(3) / 2) lat, array_agg(b * 0.001 + (a % 2) * 0.0005) lon
          FROM generate_series(0, 29) a, generate_series(0, 29) b) l,
       etrace.nearest_neighbor_index(l.lat, l.lon, 900 * sqrt(3) / 2 * 111.19508 ^ 2);
-- the default area, the points' bounding rectangle on the equal-area map
SELECT round(r::numeric, 4) AS r, round(z::numeric, 3) AS z, p < 1e-9 AS significant,
       round((expected_m / 0.5) ^ 2 * 900)::bigint AS area_m2
  FROM (SELECT array_agg(a * 0.001) lat, array_agg(b * 0.001) lon FROM generate_series(0, 29) a, generate_series(0, 29) b) l,
       etrace.nearest_neighbor_index(l.lat, l.lon);
-- clustered: the test area's lattice and cluster
SELECT round(r::numeric, 4) AS r, round(z::numeric, 4) AS z, round(p::numeric, 6) AS p,
       round(observed_m::numeric, 3) AS observed_m, round(expected_m::numeric, 3) AS expected_m
  FROM harr, etrace.nearest_neighbor_index(harr.lat, harr.lon);
-- across the antimeridian the close points are neighbours
SELECT round(observed_m::numeric, 3) AS observed_m FROM etrace.nearest_neighbor_index('{10,10}', '{179.9999,-179.9999}', 1e6);
SELECT count(*) FROM etrace.nearest_neighbor_index(NULL::float8[], '{1}');
SELECT * FROM etrace.nearest_neighbor_index('{10}'::float8[], '{10}'::float8[]);
SELECT * FROM etrace.nearest_neighbor_index('{10,10}'::float8[], '{10,10}'::float8[]);
SELECT * FROM etrace.nearest_neighbor_index('{0,0}'::float8[], '{0,180}'::float8[]);
SELECT * FROM etrace.nearest_neighbor_index('{10,11}'::float8[], '{10,10}'::float8[], 0);
SELECT * FROM etrace.nearest_neighbor_index('{10,11}'::float8[], '{10,10}'::float8[], 'NaN');
SELECT * FROM etrace.nearest_neighbor_index('{10,11}'::float8[], '{10,10}'::float8[], 1e-320);
SELECT * FROM etrace.nearest_neighbor_index('{10,NULL}'::float8[], '{10,10}'::float8[]);
SELECT * FROM etrace.nearest_neighbor_index('{10,11}'::float8[], '{10}'::float8[]);

--------------------------------------------------------------- to_geojson
-- two cells of a hot spot map, the hotspots row as properties
SELECT jsonb_pretty(etrace.to_geojson(array_agg(h.lat ORDER BY h.cell), array_agg(h.lon ORDER BY h.cell), 2000,
                                      array_agg(jsonb_build_object('cell', h.cell, 'n', h.n, 'class', h.class) ORDER BY h.cell)))
  FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 2000) h WHERE h.cell IN (0, 45);
SELECT etrace.to_geojson('{0}', '{0}', 1000, NULL, 'hex');
-- across the antimeridian: a MultiPolygon cut along it (RFC 7946 3.1.9)
SELECT etrace.to_geojson('{45}', '{179.999}', 10000, '{"{\"a\": 1}"}');
-- on the pole: one polygon along latitude 90
SELECT etrace.to_geojson('{90}', '{0}', 10000, '{NULL}');
-- the whole output of hotspots goes in as is
SELECT jsonb_array_length(g -> 'features') AS features, g -> 'features' -> 0 -> 'properties' ->> 'class' AS first_class
  FROM (SELECT etrace.to_geojson(array_agg(h.lat ORDER BY h.cell), array_agg(h.lon ORDER BY h.cell), 2000,
                                 array_agg(to_jsonb(h) ORDER BY h.cell)) g
          FROM harr, etrace.hotspots(harr.lat, harr.lon, 2000, 2000) h) s;
-- points
SELECT etrace.to_geojson('{20.6736,20.7}', '{-103.344,-103.3}', ARRAY['{"name": "peak"}'::jsonb, NULL]);
SELECT etrace.to_geojson('{}'::float8[], '{}'::float8[], NULL);
SELECT etrace.to_geojson(NULL, '{1}', NULL) IS NULL AS null_points;
-- refusals
SELECT etrace.to_geojson('{0}', '{0}', NULL, NULL);
SELECT etrace.to_geojson('{0}', '{0}', 0, NULL);
SELECT etrace.to_geojson('{0}', '{0}', 2e6, NULL);
SELECT etrace.to_geojson('{0}', '{0}', 1000, NULL, 'round');
SELECT etrace.to_geojson('{0,1}', '{0,1}', 1000, ARRAY['{}'::jsonb]);
SELECT etrace.to_geojson('{0}', '{0}', 1000, ARRAY['[1, 2]'::jsonb]);
SELECT etrace.to_geojson('{0}', '{0}', ARRAY['"text"'::jsonb]);
SELECT etrace.to_geojson('{0}', '{200}', NULL);
SELECT etrace.to_geojson('{95}', '{0}', 1000, NULL);

------------------------------------------------------------------ catalog
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proisstrict AS strict, p.proparallel AS parallel
  FROM pg_proc p
 WHERE p.pronamespace = 'etrace'::regnamespace
   AND p.proname IN ('gi_star', 'hotspots', 'nearest_neighbor_index', 'to_geojson')
 ORDER BY 1::text;
SELECT p.oid::regprocedure AS function, array_agg(r.rolname ORDER BY r.rolname) AS execute
  FROM pg_proc p CROSS JOIN pg_roles r
 WHERE p.pronamespace = 'etrace'::regnamespace AND p.proname IN ('hotspots', 'nearest_neighbor_index')
   AND r.rolname LIKE 'etrace\_%' AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
 GROUP BY 1 ORDER BY 1::text;
SELECT count(*) AS without_comment FROM pg_proc p
 WHERE p.pronamespace = 'etrace'::regnamespace
   AND p.proname IN ('gi_star', 'hotspots', 'nearest_neighbor_index', 'to_geojson')
   AND obj_description(p.oid, 'pg_proc') IS NULL;
