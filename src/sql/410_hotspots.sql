-- Hot spots (Getis-Ord Gi*), the nearest neighbour index (Clark-Evans) and
-- GeoJSON output for maps.  The array forms are pure functions of their
-- arguments (any points an analyst selects); the filter forms run them over
-- the recovery points of the traces the caller may see (visible_points:
-- row-level security and masking apply, so a trace seen only through data
-- sharing, whose coordinates are masked, is no point on the map).
--
-- Choices, and where they come from:
--
-- * Gi* is exactly Ord & Getis (1995) with binary weights over a fixed
--   distance band, the point itself included; p is two-tailed.
-- * hotspots projects the points on a Lambert azimuthal equal-area
--   projection centred on their spherical centroid (geo_core.c).  It is
--   equal-area, so every cell of the grid has the same true area wherever
--   it lies, and a cluster across the antimeridian or round a pole stays
--   one cluster.  Distances in the plane are true to well under 1 % within
--   a few hundred kilometres of the centre.
-- * The grid covers the rectangle of cells that bounds the points, and
--   every cell in it is analysed, empty ones included (their count 0 makes
--   them cold).  That is what ArcGIS's Optimized Hot Spot Analysis does
--   with a bounding polygon ("all cells within the bounding polygons will
--   be analyzed"; without one it keeps only the cells holding an incident),
--   with the points' extent as the bounding polygon.
-- * Default cell size: ArcGIS's Optimized Hot Spot Analysis ("How
--   Optimized Hot Spot Analysis works", https://pro.arcgis.com/en/pro-app/
--   latest/tool-reference/spatial-statistics/how-optimized-hot-spot-
--   analysis-works.htm; the computation as in Esri's
--   OptimizedHotSpotAnalysis.py, function scaleDecision): over the
--   distinct locations, the larger of the average and the median distance
--   to the nearest other location, times the larger of 2 and the ratio of
--   those two distances.  When that would make more than 1,000,000 cells
--   (tight clusters far apart), the cell is enlarged until the grid fits.
-- * Default distance band: the distance at which every cell has at least
--   one neighbour, ArcGIS's default for a fixed distance band (Hot Spot
--   Analysis (Getis-Ord Gi*), https://pro.arcgis.com/en/pro-app/latest/
--   tool-reference/spatial-statistics/hot-spot-analysis.htm; Calculate
--   Distance Band from Neighbor Count: "the distance you would have to
--   travel away from each feature to ensure every feature has at least N
--   neighbors").  Over a full grid that is the spacing of the cells, cell_m:
--   a square cell's neighbours are the 4 sharing a side, a hexagon's the 6
--   around it.  (Optimized Hot Spot Analysis itself looks for a peak of
--   incremental spatial autocorrelation first.)
-- * False discovery rate: Benjamini-Hochberg over the p-values of all the
--   cells, at 1, 5 and 10 %, as ArcGIS's FDR correction for Gi*.  p is the
--   uncorrected p-value; class says which corrected level it passes:
--   'hot 99', 'hot 95', 'hot 90', 'cold 99', 'cold 95', 'cold 90' (ArcGIS's
--   Gi_Bin 3, 2, 1, -3, -2, -1) or 'not significant'.
-- * Hexagons are flat-topped and cell_m is their height, the distance
--   between opposite sides (ArcGIS: "When aggregating into a hexagon grid,
--   this distance is used as the height to construct the hexagon
--   polygons"), which is also the distance between neighbouring centres.
-- * nearest_neighbor_index: the study area defaults to the rectangle that
--   bounds the points in the equal-area projection, as ArcGIS's Average
--   Nearest Neighbor uses the minimum enclosing rectangle when no area is
--   given (https://pro.arcgis.com/en/pro-app/latest/tool-reference/
--   spatial-statistics/average-nearest-neighbor.htm).  Distances are
--   great-circle distances.

CREATE FUNCTION etrace.gi_star(x float8[], y float8[], val float8[], band float8)
    RETURNS TABLE (i int, z float8, p float8)
    AS 'MODULE_PATHNAME', 'etrace_gi_star'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.gi_star(float8[], float8[], float8[], float8) IS
    'Getis-Ord Gi* (Ord & Getis 1995) of values at planar points: fixed distance band (neighbours at distance <= band, the point itself included with weight 1), mean and standard deviation over all n values (divisor n), two-tailed normal p. One row per point, i its 1-based position; z and p are NULL when a neighbourhood holds every point. Needs at least 3 points whose values vary.
Example: SELECT * FROM etrace.gi_star(ARRAY[0,1,2,3,4], ARRAY[0,0,0,0,0], ARRAY[1,2,3,4,10], 1);';

CREATE FUNCTION etrace.hotspots(lat float8[], lon float8[], cell_m float8 DEFAULT NULL,
                                band_m float8 DEFAULT NULL, grid text DEFAULT 'square')
    RETURNS TABLE (cell bigint, lat float8, lon float8, n int, z float8, p float8, class text)
    AS 'MODULE_PATHNAME', 'etrace_hotspots'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION etrace.hotspots(float8[], float8[], float8, float8, text) IS
    'Hot and cold spots of points (WGS 84 degrees): counts per cell of a square or hexagonal (grid => ''hex'', flat-topped, cell_m = height) grid on an equal-area projection centred on the points, every cell of the points'' extent included; Gi* over the cells with a fixed distance band; classes after a Benjamini-Hochberg false discovery rate correction: ''hot 99'', ''hot 95'', ''hot 90'', ''cold 99'', ''cold 95'', ''cold 90'', ''not significant''. Defaults as ArcGIS''s Optimized Hot Spot Analysis: cell_m from the spacing of the points (the larger of the mean and median nearest-neighbour distance, times at least 2), band_m the distance at which every cell has a neighbour (= cell_m). cell = row * columns + column; lat, lon = the cell''s centre; n = points in it; p uncorrected. At most 10,000,000 cells.
Example: SELECT * FROM etrace.hotspots(ARRAY[20.67, 20.68, 20.66], ARRAY[-103.34, -103.35, -103.33], 1000) WHERE class <> ''not significant'';';

CREATE FUNCTION etrace.nearest_neighbor_index(lat float8[], lon float8[], area_m2 float8 DEFAULT NULL)
    RETURNS TABLE (r float8, z float8, p float8, observed_m float8, expected_m float8)
    AS 'MODULE_PATHNAME', 'etrace_nearest_neighbor_index'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION etrace.nearest_neighbor_index(float8[], float8[], float8) IS
    'Clark-Evans nearest neighbour index of points (WGS 84 degrees), one row: observed_m = mean great-circle distance to the nearest neighbour, expected_m = 0.5 / sqrt(n / A), r = observed / expected (< 1 clustered, > 1 dispersed, 2.149 for a hexagonal lattice), z with standard error 0.26136 / sqrt(n^2 / A), two-tailed p. A = area_m2, by default the area of the rectangle bounding the points on an equal-area projection centred on them (as ArcGIS''s Average Nearest Neighbor). O(n log n) with a k-d tree.
Example: SELECT * FROM etrace.nearest_neighbor_index(ARRAY[20.67, 20.68, 20.66], ARRAY[-103.34, -103.35, -103.33]);';

CREATE FUNCTION etrace.to_geojson(lat float8[], lon float8[], cell_m float8, properties jsonb[],
                                  grid text DEFAULT 'square')
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_to_geojson_cells'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.to_geojson(float8[], float8[], float8, jsonb[], text) IS
    'A GeoJSON (RFC 7946) FeatureCollection of grid cells centred at the points: each a Polygon, a square of side cell_m or (grid => ''hex'') a flat-topped hexagon of height cell_m, drawn on an equal-area projection centred on the cell so it has its true size (cell_m at most 1,000,000); rings closed and counter-clockwise, positions [lon, lat]; a cell across the antimeridian is cut in two along it into a MultiPolygon (RFC 7946 section 3.1.9). properties[i] (a JSON object, {} when NULL) becomes feature i''s properties.
Example: SELECT etrace.to_geojson(array_agg(h.lat), array_agg(h.lon), 1000, array_agg(to_jsonb(h))) FROM etrace.hotspots(ARRAY[20.67, 20.68, 20.66], ARRAY[-103.34, -103.35, -103.33], 1000) h;';

CREATE FUNCTION etrace.to_geojson(lat float8[], lon float8[], properties jsonb[])
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_to_geojson_points'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.to_geojson(float8[], float8[], jsonb[]) IS
    'A GeoJSON (RFC 7946) FeatureCollection of Points [lon, lat], properties[i] (a JSON object, {} when NULL) the properties of point i.
Example: SELECT etrace.to_geojson(ARRAY[20.6736], ARRAY[-103.344], ARRAY[''{"name": "peak"}''::jsonb]);';

-- The forms over the traces the caller may see.

-- hotspots over visible_points, in C: the points go straight from the
-- executor into the kernel's arrays (no arrays built, returned and copied
-- again).  SECURITY DEFINER for the same reason as visible_points.
CREATE FUNCTION etrace.hotspots(filter jsonb, cell_m float8 DEFAULT NULL,
                                band_m float8 DEFAULT NULL, grid text DEFAULT 'square')
    RETURNS TABLE (cell bigint, lat float8, lon float8, n int, z float8, p float8, class text)
    AS 'MODULE_PATHNAME', 'etrace_hotspots_visible'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL RESTRICTED ROWS 1000
    SET search_path = pg_catalog, etrace, pg_temp;
COMMENT ON FUNCTION etrace.hotspots(jsonb, float8, float8, text) IS
    'etrace.hotspots over the recovery points of the traces the caller may see that match a find_traces filter (traces whose coordinates are masked are not counted).
Example: SELECT * FROM etrace.hotspots(''{"recovery_country": "MX"}'') WHERE class LIKE ''hot%'';';

CREATE FUNCTION etrace.nearest_neighbor_index(filter jsonb, area_m2 float8 DEFAULT NULL)
    RETURNS TABLE (r float8, z float8, p float8, observed_m float8, expected_m float8)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 1
    AS $$
    SELECT i.*
      FROM etrace.visible_points(filter) v,
           etrace.nearest_neighbor_index(v.lat, v.lon, area_m2) i
    $$;
COMMENT ON FUNCTION etrace.nearest_neighbor_index(jsonb, float8) IS
    'etrace.nearest_neighbor_index over the recovery points of the traces the caller may see that match a find_traces filter (traces whose coordinates are masked are not counted).
Example: SELECT * FROM etrace.nearest_neighbor_index(''{"recovery_subdivision": "MX-JAL"}'');';

GRANT EXECUTE ON FUNCTION etrace.hotspots(jsonb, float8, float8, text),
    etrace.nearest_neighbor_index(jsonb, float8)
    TO etrace_analyst, etrace_user, etrace_ntc;
