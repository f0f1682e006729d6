-- Plain-SQL versions of etrace.hotspots and etrace.kernel_density, for
-- analytics_reports.sh: the same computation written as an analyst would
-- write it in SQL, no etrace function used.  Each takes the query of its
-- points as text (columns lat, lon in WGS 84 degrees), so the benchmark runs
-- it over the view etrace.traces and the check over a small table.
--
-- Both follow src/geo_core.c, src/hotspot_core.c and src/kde_core.c step by
-- step: a Lambert azimuthal equal-area projection (sphere of the authalic
-- radius) centred on the points' spherical centroid, then
--   hotspots: square cells of cell_m centred on the lattice through the
--     middle of the points' extent, every cell of the extent's rectangle
--     (empty ones too), Gi* with binary weights over the cells whose centres
--     lie within band_m (a self-join over the lattice offsets within the
--     band), two-tailed normal p, Benjamini-Hochberg thresholds at 1, 5 and
--     10 % and the classes;
--   kernel_density: the grid of cell_m over the extent plus the bandwidth on
--     every side, each point joined to the cells whose centres lie within the
--     bandwidth, quartic kernel 3 / (pi h^2) (1 - (d/h)^2)^2 summed per cell.
-- PostgreSQL 15 has no erfc(): the p-value uses Numerical Recipes' erfcc
-- (Chebyshev fit, fractional error below 1.2e-7 everywhere), close enough
-- that the classes agree with the C version's libm erfc.
\set ON_ERROR_STOP 1
CREATE SCHEMA IF NOT EXISTS bench;

-- A single expression, so that the planner inlines it; PostgreSQL raises an
-- error where exp() underflows, so its argument stops at -700 (p ~ 1e-304).
-- Not STRICT: GREATEST counts as non-strict, which would keep a strict
-- function from being inlined (a NULL z gives NULL all the same).
CREATE OR REPLACE FUNCTION bench.normal_p(z float8) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
               * exp(greatest(-700.0, -(z * z / 2.0) - 1.26551223 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (1.00002368 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (0.37409196 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (0.09678418 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (-0.18628806 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (0.27886807 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (-1.13520398 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (1.48851587 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8)))
                     * (-0.82215223 + (1.0 / (1.0 + 0.5 * abs(z) / sqrt(2.0::float8))) * 0.17087277))))))))))
    $$;

-- The common first steps as a query text: points p(lat, lon) -> centre ->
-- projected points xy(x, y) and the projection's constants.
CREATE OR REPLACE FUNCTION bench.projected_sql(points text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $f$
        SELECT format($q$
            pts AS MATERIALIZED (SELECT s.lat::float8 AS lat, s.lon::float8 AS lon FROM (%s) s),
            centre AS MATERIALIZED (
                SELECT radians(degrees(asin(v.z / r.r))) AS lat0, radians(degrees(atan2(v.y, v.x))) AS lon0
                  FROM (SELECT sum(cos(radians(lat)) * cos(radians(lon))) AS x,
                               sum(cos(radians(lat)) * sin(radians(lon))) AS y,
                               sum(sin(radians(lat))) AS z FROM pts) v,
                       LATERAL (SELECT sqrt(v.x * v.x + v.y * v.y + v.z * v.z) AS r) r),
            xy AS MATERIALIZED (
                SELECT 6371007.181 * k.k * cos(a.phi) * sin(a.dl) AS x,
                       6371007.181 * k.k * (cos(c.lat0) * sin(a.phi) - sin(c.lat0) * cos(a.phi) * cos(a.dl)) AS y
                  FROM pts, centre c,
                       LATERAL (SELECT radians(pts.lat) AS phi, radians(pts.lon) - c.lon0 AS dl) a,
                       LATERAL (SELECT sqrt(2.0 / (1.0 + sin(c.lat0) * sin(a.phi)
                                                   + cos(c.lat0) * cos(a.phi) * cos(a.dl))) AS k) k)
            $q$, points)
    $f$;

-- The inverse projection (geo_laea_inverse) of the columns x, y of a
-- query's rows, as LATERAL subqueries ending in ll(lat, lon); c holds the
-- centre lat0, lon0 (radians).
CREATE OR REPLACE FUNCTION bench.laea_inverse_sql(x text, y text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $f$
        SELECT format($q$
            LATERAL (SELECT %1$s AS x, %2$s AS y) i0,
            LATERAL (SELECT sqrt(i0.x * i0.x + i0.y * i0.y) AS rho) i1,
            LATERAL (SELECT 2.0 * asin(least(1.0, i1.rho / (2.0 * 6371007.181))) AS c) i2,
            LATERAL (SELECT c.lon0 + atan2(i0.x * sin(i2.c), i1.rho * cos(c.lat0) * cos(i2.c)
                                           - i0.y * sin(c.lat0) * sin(i2.c)) AS lam) i3,
            LATERAL (SELECT CASE WHEN i1.rho < 1e-9 THEN degrees(c.lat0)
                                 ELSE degrees(asin(greatest(-1.0, least(1.0, cos(i2.c) * sin(c.lat0)
                                                   + i0.y * sin(i2.c) * cos(c.lat0) / i1.rho)))) END AS lat,
                            CASE WHEN i1.rho < 1e-9 THEN degrees(c.lon0)
                                 ELSE degrees((i3.lam + pi()) - 2 * pi() * floor((i3.lam + pi()) / (2 * pi()))) - 180.0
                            END AS lon) ll
            $q$, x, y)
    $f$;

CREATE OR REPLACE FUNCTION bench.hotspots_sql(points text, cell_m float8, band_m float8 DEFAULT NULL)
    RETURNS TABLE (cell bigint, lat float8, lon float8, n int, z float8, p float8, class text)
    LANGUAGE plpgsql STABLE
    AS $f$
    BEGIN
        RETURN QUERY EXECUTE format($q$
            WITH %s,
            ext AS (SELECT min(x) / 2 + max(x) / 2 AS x0, min(y) / 2 + max(y) / 2 AS y0 FROM xy),
            binned AS MATERIALIZED (
                SELECT floor((xy.x - e.x0) / $1 + 0.5)::bigint AS c, floor((xy.y - e.y0) / $1 + 0.5)::bigint AS r
                  FROM xy, ext e),
            dims AS MATERIALIZED (
                SELECT min(c) AS c0, min(r) AS r0, max(c) - min(c) + 1 AS ncols, max(r) - min(r) + 1 AS nrows
                  FROM binned),
            counts AS (
                SELECT b.c - d.c0 AS col, b.r - d.r0 AS row, count(*) AS n FROM binned b, dims d GROUP BY 1, 2),
            cells AS MATERIALIZED (        -- every cell of the extent, empty ones too
                SELECT g.col, g.row, coalesce(k.n, 0)::float8 AS n
                  FROM (SELECT col, row FROM dims d, generate_series(0, d.ncols - 1) col,
                                             generate_series(0, d.nrows - 1) row) g
                  LEFT JOIN counts k USING (col, row)),
            stats AS MATERIALIZED (SELECT count(*)::float8 AS m, avg(n) AS mean, stddev_pop(n) AS sd FROM cells),
            offsets AS (                   -- the lattice steps within the band
                SELECT dc, dr
                  FROM (SELECT coalesce($2, $1) / $1 AS b) b,
                       generate_series(-floor(b.b)::int - 1, floor(b.b)::int + 1) dc,
                       generate_series(-floor(b.b)::int - 1, floor(b.b)::int + 1) dr
                 WHERE (dc * dc + dr * dr)::float8 <= b.b * b.b),
            gi AS (                        -- Gi*: the self-join over the band
                SELECT a.col, a.row, min(a.n) AS n, count(*)::float8 AS k, sum(nb.n) AS s
                  FROM cells a CROSS JOIN offsets o
                  JOIN cells nb ON nb.col = a.col + o.dc AND nb.row = a.row + o.dr
                 GROUP BY a.col, a.row),
            zs AS MATERIALIZED (
                SELECT g.col, g.row, g.n,
                       CASE WHEN s.sd * sqrt((s.m * g.k - g.k * g.k) / (s.m - 1)) > 0
                            THEN (g.s - s.mean * g.k) / (s.sd * sqrt((s.m * g.k - g.k * g.k) / (s.m - 1))) END AS z
                  FROM gi g, stats s),
            ps AS MATERIALIZED (SELECT zs.*, bench.normal_p(zs.z) AS p FROM zs),
            ranked AS (
                SELECT ps.p, row_number() OVER (ORDER BY ps.p) AS k, count(*) OVER () AS m
                  FROM ps WHERE ps.p IS NOT NULL),
            thr AS (                       -- Benjamini-Hochberg
                SELECT coalesce(max(p) FILTER (WHERE p <= k::float8 * 0.01 / m), -1) AS t99,
                       coalesce(max(p) FILTER (WHERE p <= k::float8 * 0.05 / m), -1) AS t95,
                       coalesce(max(p) FILTER (WHERE p <= k::float8 * 0.10 / m), -1) AS t90
                  FROM ranked)
            SELECT ps.row * d.ncols + ps.col, ll.lat, ll.lon, ps.n::int, ps.z, ps.p,
                   CASE WHEN ps.z IS NULL THEN NULL
                        WHEN ps.p <= t.t99 THEN CASE WHEN ps.z > 0 THEN 'hot 99' ELSE 'cold 99' END
                        WHEN ps.p <= t.t95 THEN CASE WHEN ps.z > 0 THEN 'hot 95' ELSE 'cold 95' END
                        WHEN ps.p <= t.t90 THEN CASE WHEN ps.z > 0 THEN 'hot 90' ELSE 'cold 90' END
                        ELSE 'not significant' END
              FROM ps, dims d, thr t, ext e, centre c,
                   %s
            $q$, bench.projected_sql(points),
            bench.laea_inverse_sql('e.x0 + (d.c0 + ps.col) * $1', 'e.y0 + (d.r0 + ps.row) * $1'))
        USING cell_m, band_m;
    END
    $f$;

CREATE OR REPLACE FUNCTION bench.kernel_density_sql(points text, cell_m float8, bandwidth_m float8)
    RETURNS TABLE (lat float8, lon float8, density float8)
    LANGUAGE plpgsql STABLE
    AS $f$
    BEGIN
        RETURN QUERY EXECUTE format($q$
            WITH %s,
            grid AS MATERIALIZED (
                SELECT g.nx, g.ny, (e.xmin + e.xmax) / 2.0 - g.nx * $1 / 2.0 AS x0,
                       (e.ymin + e.ymax) / 2.0 - g.ny * $1 / 2.0 AS y0
                  FROM (SELECT min(x) AS xmin, max(x) AS xmax, min(y) AS ymin, max(y) AS ymax FROM xy) e,
                       LATERAL (SELECT greatest(1, ceil((e.xmax - e.xmin + 2 * $2) / $1 - 1e-9))::int AS nx,
                                       greatest(1, ceil((e.ymax - e.ymin + 2 * $2) / $1 - 1e-9))::int AS ny) g),
            sums AS (                      -- each point with the cells within the bandwidth
                SELECT ix, iy, sum(3.0 / (pi() * $2 * $2) * w.w * w.w) AS density
                  FROM xy, grid g,
                       generate_series(greatest(0, ceil((xy.x - $2 - g.x0) / $1 - 0.5)::int),
                                       least(g.nx - 1, floor((xy.x + $2 - g.x0) / $1 - 0.5)::int)) ix,
                       generate_series(greatest(0, ceil((xy.y - $2 - g.y0) / $1 - 0.5)::int),
                                       least(g.ny - 1, floor((xy.y + $2 - g.y0) / $1 - 0.5)::int)) iy,
                       LATERAL (SELECT g.x0 + (ix::float8 + 0.5) * $1 - xy.x AS dx, g.y0 + (iy::float8 + 0.5) * $1 - xy.y AS dy) d,
                       LATERAL (SELECT 1.0 - (d.dx * d.dx + d.dy * d.dy) * (1.0 / ($2 * $2)) AS w) w
                 WHERE d.dx * d.dx + d.dy * d.dy < $2 * $2
                 GROUP BY ix, iy)
            SELECT ll.lat, ll.lon, s.density
              FROM sums s, grid g, centre c,
                   %s
             WHERE s.density > 0
             ORDER BY s.iy, s.ix
            $q$, bench.projected_sql(points),
            bench.laea_inverse_sql('g.x0 + (s.ix::float8 + 0.5) * $1', 'g.y0 + (s.iy::float8 + 0.5) * $1'))
        USING cell_m, bandwidth_m;
    END
    $f$;

GRANT USAGE ON SCHEMA bench TO PUBLIC;
GRANT EXECUTE ON FUNCTION bench.normal_p(float8), bench.projected_sql(text),
    bench.laea_inverse_sql(text, text), bench.hotspots_sql(text, float8, float8),
    bench.kernel_density_sql(text, float8, float8) TO PUBLIC;
