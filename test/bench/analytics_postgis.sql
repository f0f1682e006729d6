-- PostGIS versions of etrace.hotspots and etrace.kernel_density for
-- analytics_reports.sh (after analytics_spatial.sql; only when PostGIS is
-- installed): the same computation as bench.hotspots_sql and
-- bench.kernel_density_sql, with PostGIS doing what it is made for:
--   - the projection and its inverse: ST_Transform to and from the same
--     Lambert azimuthal equal-area projection (a PROJ string centred on
--     the points' spherical centroid, sphere of the authalic radius);
--   - hotspots: the grid's cells from ST_SquareGrid over the points' extent
--     (shifted so that its cells are etrace's), each point counted in the
--     cell whose index its coordinates give (a spatial join of a million
--     points with ST_Intersects is slower and counts a point on an edge
--     twice); Gi* by the same self-join over the lattice offsets;
--   - kernel_density: the grid's cells from ST_SquareGrid, their centres in
--     a GiST-indexed temporary table, every point joined to the centres
--     within the bandwidth by ST_DWithin, the quartic kernel summed.
-- VOLATILE: kernel_density_postgis creates temporary tables.
\set ON_ERROR_STOP 1

-- The projection as a row of spatial_ref_sys (found or added): ST_Transform
-- to a PROJ string builds the transformation anew for every point, to an
-- SRID it is built once per session.  SECURITY DEFINER: the analyst may
-- not write spatial_ref_sys.
CREATE OR REPLACE FUNCTION bench.laea_srid(lat0 float8, lon0 float8) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_catalog, pg_temp
    AS $$
    DECLARE
        v_proj text := format('+proj=laea +lat_0=%s +lon_0=%s +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs',
                              degrees(lat0), degrees(lon0));
        v_srid integer;
    BEGIN
        SELECT srid INTO v_srid FROM public.spatial_ref_sys WHERE proj4text = v_proj AND srid BETWEEN 910000 AND 998999;
        IF v_srid IS NULL THEN
            LOCK TABLE public.spatial_ref_sys IN SHARE ROW EXCLUSIVE MODE;
            SELECT coalesce(max(srid) + 1, 910000) INTO v_srid FROM public.spatial_ref_sys
             WHERE srid BETWEEN 910000 AND 998999;
            INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, proj4text)
            VALUES (v_srid, 'bench', v_srid, v_proj);
        END IF;
        RETURN v_srid;
    END
    $$;

-- The points' spherical centroid (lat0, lon0 in radians), as SQL.
CREATE OR REPLACE FUNCTION bench.centroid_sql(points text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $f$
        SELECT format($q$
            SELECT asin(v.z / sqrt(v.x * v.x + v.y * v.y + v.z * v.z)), atan2(v.y, v.x)
              FROM (SELECT sum(cos(radians(s.lat)) * cos(radians(s.lon))) AS x,
                           sum(cos(radians(s.lat)) * sin(radians(s.lon))) AS y,
                           sum(sin(radians(s.lat))) AS z FROM (%s) s) v
            $q$, points)
    $f$;

CREATE OR REPLACE FUNCTION bench.hotspots_postgis(points text, cell_m float8, band_m float8 DEFAULT NULL)
    RETURNS TABLE (cell bigint, lat float8, lon float8, n int, z float8, p float8, class text)
    LANGUAGE plpgsql VOLATILE
    AS $f$
    DECLARE
        v_lat0 float8;
        v_lon0 float8;
        v_srid integer;
    BEGIN
        EXECUTE bench.centroid_sql(points) INTO v_lat0, v_lon0;
        v_srid := bench.laea_srid(v_lat0, v_lon0);
        RETURN QUERY EXECUTE format($q$
            WITH xy AS MATERIALIZED (
                SELECT ST_Transform(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), $3) AS g FROM (%s) s),
            ext AS MATERIALIZED (
                SELECT ST_XMin(b) / 2 + ST_XMax(b) / 2 AS x0, ST_YMin(b) / 2 + ST_YMax(b) / 2 AS y0, b
                  FROM (SELECT ST_Extent(g)::box2d AS b FROM xy) e),
            -- the lattice of etrace's cells, whose centres are (x0, y0) + k cell_m,
            -- is ST_SquareGrid's after a shift by half a cell
            binned AS (
                SELECT floor((ST_X(xy.g) - e.x0 + $1 / 2) / $1)::int AS i,
                       floor((ST_Y(xy.g) - e.y0 + $1 / 2) / $1)::int AS j
                  FROM xy, ext e),
            counts AS (SELECT i, j, count(*) AS n FROM binned GROUP BY 1, 2),
            grid AS MATERIALIZED (
                SELECT g.i, g.j FROM ext e,
                       ST_SquareGrid($1, ST_Translate(ST_SetSRID(e.b::geometry, 0), $1 / 2 - e.x0, $1 / 2 - e.y0)) g
                 WHERE g.i BETWEEN (SELECT min(i) FROM counts) AND (SELECT max(i) FROM counts)
                   AND g.j BETWEEN (SELECT min(j) FROM counts) AND (SELECT max(j) FROM counts)),
            dims AS MATERIALIZED (
                SELECT min(i) AS i0, min(j) AS j0, max(i) - min(i) + 1 AS ncols FROM grid),
            -- one join key, (i, j) as one bigint: the planner takes ST_SquareGrid
            -- for a few rows, and would otherwise hash the cells on i alone
            cells AS MATERIALIZED (
                SELECT g.i, g.j, g.i::bigint * 4294967296 + g.j AS key, coalesce(k.n, 0)::float8 AS n
                  FROM grid g LEFT JOIN counts k USING (i, j)),
            stats AS MATERIALIZED (SELECT count(*)::float8 AS m, avg(n) AS mean, stddev_pop(n) AS sd FROM cells),
            offsets AS (
                SELECT di, dj
                  FROM (SELECT coalesce($2, $1) / $1 AS b) b,
                       generate_series(-floor(b.b)::int - 1, floor(b.b)::int + 1) di,
                       generate_series(-floor(b.b)::int - 1, floor(b.b)::int + 1) dj
                 WHERE (di * di + dj * dj)::float8 <= b.b * b.b),
            gi AS (
                SELECT a.i, a.j, min(a.n) AS n, count(*)::float8 AS k, sum(nb.n) AS s
                  FROM cells a CROSS JOIN offsets o
                  JOIN cells nb ON nb.key = (a.i + o.di)::bigint * 4294967296 + (a.j + o.dj)
                 GROUP BY a.i, a.j),
            ps AS MATERIALIZED (
                SELECT q.*, bench.normal_p(q.z) AS p
                  FROM (SELECT g.i, g.j, g.n,
                               CASE WHEN s.sd * sqrt((s.m * g.k - g.k * g.k) / (s.m - 1)) > 0
                                    THEN (g.s - s.mean * g.k) / (s.sd * sqrt((s.m * g.k - g.k * g.k) / (s.m - 1))) END AS z
                          FROM gi g, stats s) q),
            ranked AS (
                SELECT ps.p, row_number() OVER (ORDER BY ps.p) AS k, count(*) OVER () AS m
                  FROM ps WHERE ps.p IS NOT NULL),
            thr AS (
                SELECT coalesce(max(p) FILTER (WHERE p <= k::float8 * 0.01 / m), -1) AS t99,
                       coalesce(max(p) FILTER (WHERE p <= k::float8 * 0.05 / m), -1) AS t95,
                       coalesce(max(p) FILTER (WHERE p <= k::float8 * 0.10 / m), -1) AS t90
                  FROM ranked)
            SELECT ((ps.j - d.j0) * d.ncols + (ps.i - d.i0))::bigint, ST_Y(ll.g), ST_X(ll.g), ps.n::int, ps.z, ps.p,
                   CASE WHEN ps.z IS NULL THEN NULL
                        WHEN ps.p <= t.t99 THEN CASE WHEN ps.z > 0 THEN 'hot 99' ELSE 'cold 99' END
                        WHEN ps.p <= t.t95 THEN CASE WHEN ps.z > 0 THEN 'hot 95' ELSE 'cold 95' END
                        WHEN ps.p <= t.t90 THEN CASE WHEN ps.z > 0 THEN 'hot 90' ELSE 'cold 90' END
                        ELSE 'not significant' END
              FROM ps, dims d, thr t, ext e,
                   LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(e.x0 + ps.i * $1, e.y0 + ps.j * $1), $3),
                                                4326) AS g) ll
            $q$, points)
        USING cell_m, band_m, v_srid;
    END
    $f$;

CREATE OR REPLACE FUNCTION bench.kernel_density_postgis(points text, cell_m float8, bandwidth_m float8)
    RETURNS TABLE (lat float8, lon float8, density float8)
    LANGUAGE plpgsql VOLATILE
    SET client_min_messages = warning
    AS $f$
    DECLARE
        v_lat0 float8;
        v_lon0 float8;
        v_srid integer;
        v_x0 float8;
        v_y0 float8;
        v_nx int;
        v_ny int;
    BEGIN
        EXECUTE bench.centroid_sql(points) INTO v_lat0, v_lon0;
        v_srid := bench.laea_srid(v_lat0, v_lon0);
        DROP TABLE IF EXISTS pg_temp.kde_points, pg_temp.kde_cells;
        EXECUTE format($q$
            CREATE TEMP TABLE kde_points AS
            SELECT ST_Transform(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), %s) AS g FROM (%s) s
            $q$, v_srid, points);
        SELECT (ST_XMin(e.b) + ST_XMax(e.b)) / 2.0, (ST_YMin(e.b) + ST_YMax(e.b)) / 2.0,
               greatest(1, ceil((ST_XMax(e.b) - ST_XMin(e.b) + 2 * bandwidth_m) / cell_m - 1e-9))::int,
               greatest(1, ceil((ST_YMax(e.b) - ST_YMin(e.b) + 2 * bandwidth_m) / cell_m - 1e-9))::int
          INTO v_x0, v_y0, v_nx, v_ny
          FROM (SELECT ST_Extent(k.g)::box2d AS b FROM pg_temp.kde_points k) e;
        v_x0 := v_x0 - v_nx * cell_m / 2.0;   -- the grid's south-west corner
        v_y0 := v_y0 - v_ny * cell_m / 2.0;
        -- the cells, in a frame whose origin is that corner
        CREATE TEMP TABLE kde_cells AS
        SELECT g.i, g.j, ST_Centroid(g.geom) AS centre
          FROM ST_SquareGrid(cell_m, ST_MakeEnvelope(0, 0, v_nx * cell_m, v_ny * cell_m, v_srid)) g
         WHERE g.i BETWEEN 0 AND v_nx - 1 AND g.j BETWEEN 0 AND v_ny - 1;
        CREATE INDEX ON pg_temp.kde_cells USING gist (centre);
        ANALYZE pg_temp.kde_cells;
        RETURN QUERY
        SELECT ST_Y(ll.g), ST_X(ll.g), s.density
          FROM (SELECT c.i, c.j, sum(3.0 / (pi() * bandwidth_m * bandwidth_m)
                                     * (1.0 - ST_Distance(c.centre, p.g) ^ 2 / (bandwidth_m * bandwidth_m)) ^ 2) AS density
                  FROM (SELECT ST_Translate(k.g, -v_x0, -v_y0) AS g FROM pg_temp.kde_points k) p
                  JOIN pg_temp.kde_cells c ON ST_DWithin(c.centre, p.g, bandwidth_m)
                 WHERE ST_Distance(c.centre, p.g) < bandwidth_m
                 GROUP BY c.i, c.j) s,
               LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(v_x0 + (s.i::float8 + 0.5) * cell_m,
                                                                    v_y0 + (s.j::float8 + 0.5) * cell_m), v_srid),
                                            4326) AS g) ll
         WHERE s.density > 0
         ORDER BY s.j, s.i;
        DROP TABLE pg_temp.kde_points, pg_temp.kde_cells;
    END
    $f$;

GRANT EXECUTE ON FUNCTION bench.laea_srid(float8, float8), bench.centroid_sql(text), bench.hotspots_postgis(text, float8, float8),
    bench.kernel_density_postgis(text, float8, float8) TO PUBLIC;
