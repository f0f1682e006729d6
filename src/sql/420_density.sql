-- Point-pattern analytics: kernel density, Rossmo's geographic profile and
-- Knox's space-time interaction test (src/density.c over kde_core.c,
-- geoprofile_core.c and knox_core.c).  Each has an array form over any
-- points an analyst selects (IMMUTABLE: a pure function of its arguments)
-- and a convenience form over the traces the caller may see, narrowed by a
-- find_traces filter (STABLE: it reads etrace.traces as the caller, so
-- row-level security and masking apply and masked coordinates are no
-- points).  Optional arguments given as NULL take their defaults.

-- The recovery points and dates of the visible traces that match a filter,
-- as three parallel arrays (visible_points plus the recovery dates; the
-- same C function, src/points.c, which reads the dates when declared with
-- three columns).
CREATE FUNCTION etrace.visible_points_dated(filter jsonb DEFAULT '{}',
        OUT lat float8[], OUT lon float8[], OUT t date[])
    AS 'MODULE_PATHNAME', 'etrace_visible_points'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL RESTRICTED
    -- the filter's operators and functions are resolved in etrace's schemas only
    SET search_path = pg_catalog, etrace, pg_temp;
COMMENT ON FUNCTION etrace.visible_points_dated(jsonb) IS
    'Recovery coordinates and recovery dates of the traces the caller may see (masked ones excluded) that match a find_traces filter, as parallel arrays. Example: SELECT * FROM etrace.visible_points_dated(''{"recovery_country": "MX"}'');';

------------------------------------------------------------- kernel density

CREATE FUNCTION etrace.kernel_density(lat float8[], lon float8[], cell_m float8 DEFAULT NULL,
        bandwidth_m float8 DEFAULT NULL, kernel text DEFAULT 'quartic')
    RETURNS TABLE(lat float8, lon float8, density float8)
    AS 'MODULE_PATHNAME', 'etrace_kernel_density'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION etrace.kernel_density(float8[], float8[], float8, float8, text) IS
    'Kernel density of points (WGS 84 degrees) in points per square metre, on a square grid of cell_m metres laid on a Lambert azimuthal equal-area map centred on the points'' spherical centroid. One row per cell with a density above 0 (cell centre), from the south-west corner row by row. kernel: quartic (Silverman 1986 eq. 4.5, as ArcGIS: 3/(pi h^2) (1 - (d/h)^2)^2 within h) or gaussian (bivariate normal, sigma = h, cut off at 4h and rescaled to volume 1). bandwidth_m (h) by default: 0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2, SD the standard distance and Dm the median distance from the mean centre (ArcGIS''s default search radius). The grid covers the points'' extent plus the kernel''s reach (h, or 4h for gaussian) on every side, so the sum of density times cell_m^2 is the number of points; cell_m by default the shorter side of that grid / 250 (ArcGIS''s rule), at most h/4, grown if needed to keep within 4,000,000 cells.
Example: SELECT * FROM etrace.kernel_density(ARRAY[20.67, 20.68, 20.70], ARRAY[-103.35, -103.34, -103.30], 100, 2000);';

CREATE FUNCTION etrace.kernel_density(filter jsonb, cell_m float8 DEFAULT NULL,
        bandwidth_m float8 DEFAULT NULL, kernel text DEFAULT 'quartic')
    RETURNS TABLE(lat float8, lon float8, density float8)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 10000
    AS $$
        SELECT k.lat, k.lon, k.density
          FROM etrace.visible_points(filter) v,
               etrace.kernel_density(v.lat, v.lon, cell_m, bandwidth_m, kernel) k
    $$;
COMMENT ON FUNCTION etrace.kernel_density(jsonb, float8, float8, text) IS
    'Kernel density (points per square metre) of the recovery locations of the traces the caller may see that match a find_traces filter; traces whose coordinates are masked are left out. See kernel_density(float8[], float8[], ...).
Example: SELECT * FROM etrace.kernel_density(''{"recovery_country": "MX"}'', 500);';

--------------------------------------------------------- geographic profile

CREATE FUNCTION etrace.geoprofile(lat float8[], lon float8[], buffer_m float8 DEFAULT NULL,
        f float8 DEFAULT 1.2, g float8 DEFAULT 1.2, cell_m float8 DEFAULT NULL)
    RETURNS TABLE(lat float8, lon float8, score float8, percentile float8)
    AS 'MODULE_PATHNAME', 'etrace_geoprofile'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10000;
COMMENT ON FUNCTION etrace.geoprofile(float8[], float8[], float8, float8, float8, float8) IS
    'Rossmo''s criminal geographic targeting (Geographic Profiling, 2000) over the sites of a crime series (WGS 84 degrees): every cell of the hunting area scores k sum_j [phi/d^f + (1-phi) B^(g-f)/(2B-d)^g], d the Manhattan distance (east-west plus north-south, on an equal-area map centred on the sites'' centroid) to site j, phi = 1 beyond the buffer B = buffer_m; k makes the scores sum to 1. percentile: the share (%) of the hunting area scoring at most as high as the cell (the offender''s home is searched for from 100 down). Defaults: f = g = 1.2 (Rossmo); B half the mean Manhattan nearest-neighbour distance of the sites (as rgeoprofile); hunting area the sites'' bounding box enlarged by half the mean spacing along each axis (Rossmo p. 199) and by at least 2B; cell_m the longer side / 100. Rows from the south-west corner, row by row.
Example: SELECT * FROM etrace.geoprofile(ARRAY[20.66, 20.68, 20.70, 20.69], ARRAY[-103.36, -103.33, -103.35, -103.30]) ORDER BY score DESC LIMIT 5;';

CREATE FUNCTION etrace.geoprofile_peak(lat float8[], lon float8[], buffer_m float8 DEFAULT NULL,
        f float8 DEFAULT 1.2, g float8 DEFAULT 1.2)
    RETURNS TABLE(lat float8, lon float8, score float8)
    AS 'MODULE_PATHNAME', 'etrace_geoprofile_peak'
    LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION etrace.geoprofile_peak(float8[], float8[], float8, float8, float8) IS
    'The peak of geoprofile(lat, lon, buffer_m, f, g) on its default grid: the centre and score of the cell with the highest score (on ties the southmost, then westmost), where the search for the offender''s anchor point starts.
Example: SELECT * FROM etrace.geoprofile_peak(ARRAY[20.66, 20.68, 20.70, 20.69], ARRAY[-103.36, -103.33, -103.35, -103.30]);';

CREATE FUNCTION etrace.geoprofile(filter jsonb, buffer_m float8 DEFAULT NULL,
        f float8 DEFAULT 1.2, g float8 DEFAULT 1.2, cell_m float8 DEFAULT NULL)
    RETURNS TABLE(lat float8, lon float8, score float8, percentile float8)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 10000
    AS $$
        SELECT p.lat, p.lon, p.score, p.percentile
          FROM etrace.visible_points(filter) v,
               etrace.geoprofile(v.lat, v.lon, buffer_m, f, g, cell_m) p
    $$;
COMMENT ON FUNCTION etrace.geoprofile(jsonb, float8, float8, float8, float8) IS
    'Rossmo''s geographic profile of the recovery locations of the traces the caller may see that match a find_traces filter (a linked series); traces whose coordinates are masked are left out. See geoprofile(float8[], float8[], ...).
Example: SELECT * FROM etrace.geoprofile(''{"serial_pattern": "ABX*"}'') ORDER BY score DESC LIMIT 5;';

CREATE FUNCTION etrace.geoprofile_peak(filter jsonb, buffer_m float8 DEFAULT NULL,
        f float8 DEFAULT 1.2, g float8 DEFAULT 1.2)
    RETURNS TABLE(lat float8, lon float8, score float8)
    LANGUAGE sql STABLE PARALLEL RESTRICTED ROWS 1
    AS $$
        SELECT p.lat, p.lon, p.score
          FROM etrace.visible_points(filter) v,
               etrace.geoprofile_peak(v.lat, v.lon, buffer_m, f, g) p
    $$;
COMMENT ON FUNCTION etrace.geoprofile_peak(jsonb, float8, float8, float8) IS
    'The peak of the geographic profile of the visible traces that match a find_traces filter. See geoprofile_peak(float8[], float8[], ...).
Example: SELECT * FROM etrace.geoprofile_peak(''{"serial_pattern": "ABX*"}'');';

----------------------------------------------------------------- Knox test

CREATE FUNCTION etrace.knox_test(lat float8[], lon float8[], t date[], close_m float8,
        close_days float8, permutations int DEFAULT 999, seed bigint DEFAULT 0)
    RETURNS TABLE(pairs_close_both bigint, expected float8, p float8, permutations int)
    AS 'MODULE_PATHNAME', 'etrace_knox_test'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION etrace.knox_test(float8[], float8[], date[], float8, float8, int, bigint) IS
    'Knox''s test of space-time interaction: pairs_close_both counts the pairs of events at most close_m metres apart (great circle) and at most close_days days apart; expected = S T / (n(n-1)/2), S and T the pairs close in space and in time, the count expected without interaction; p = (1 + number of random permutations of the dates among the places with a count at least as large) / (1 + permutations), NULL when permutations = 0 (0 to 1,000,000). The same seed gives the same p. At most 20,000,000 pairs may be close in space.
Example: SELECT * FROM etrace.knox_test(ARRAY[20.67, 20.671, 25.7], ARRAY[-103.34, -103.341, -100.3], ARRAY[date ''2026-10-01'', ''2026-10-03'', ''2026-03-01''], 1000, 7);';

CREATE FUNCTION etrace.knox_test(filter jsonb, close_m float8, close_days float8,
        permutations int DEFAULT 999, seed bigint DEFAULT 0)
    RETURNS TABLE(pairs_close_both bigint, expected float8, p float8, permutations int)
    LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED ROWS 1
    AS $$
        SELECT k.pairs_close_both, k.expected, k.p, k.permutations
          FROM etrace.visible_points_dated(filter) v,
               etrace.knox_test(v.lat, v.lon, v.t, knox_test.close_m, knox_test.close_days,
                                knox_test.permutations, knox_test.seed) k
    $$;
COMMENT ON FUNCTION etrace.knox_test(jsonb, float8, float8, int, bigint) IS
    'Knox''s space-time interaction test over the recovery locations and recovery dates of the traces the caller may see that match a find_traces filter; traces whose coordinates are masked are left out. See knox_test(float8[], float8[], date[], ...).
Example: SELECT * FROM etrace.knox_test(''{"recovery_country": "MX"}'', 1000, 14);';

GRANT EXECUTE ON FUNCTION
    etrace.visible_points_dated(jsonb),
    etrace.kernel_density(float8[], float8[], float8, float8, text),
    etrace.kernel_density(jsonb, float8, float8, text),
    etrace.geoprofile(float8[], float8[], float8, float8, float8, float8),
    etrace.geoprofile(jsonb, float8, float8, float8, float8),
    etrace.geoprofile_peak(float8[], float8[], float8, float8, float8),
    etrace.geoprofile_peak(jsonb, float8, float8, float8),
    etrace.knox_test(float8[], float8[], date[], float8, float8, int, bigint),
    etrace.knox_test(jsonb, float8, float8, int, bigint)
    TO etrace_analyst, etrace_user, etrace_ntc;
