-- Analytics over the traces the caller may see.  Every convenience form
-- reads the view etrace.traces as the caller, so row-level security and
-- masking apply: a trace seen only through data sharing has no coordinates
-- (they are crime-location information) and so is no point on a map.

-- The recovery points of the visible traces that match a filter (the keys
-- of etrace.find_traces), as two arrays for the array forms of the spatial
-- functions, in trace order.  In C (src/points.c): it reads the caller's
-- rows (row-level security takes the caller from the outer user) through
-- etrace.traces, or straight from etrace.trace when the caller sees every
-- visible trace unmasked, and appends each row to a C array as the
-- executor yields it: several times faster than array_agg over a sorted
-- subquery.
CREATE FUNCTION etrace.visible_points(filter jsonb DEFAULT '{}', OUT lat float8[], OUT lon float8[])
    AS 'MODULE_PATHNAME', 'etrace_visible_points'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL RESTRICTED
    -- the filter's operators and functions are resolved in etrace's schemas only
    SET search_path = pg_catalog, etrace, pg_temp;
COMMENT ON FUNCTION etrace.visible_points(jsonb) IS
    'Recovery coordinates of the traces the caller may see (masked ones excluded) that match a find_traces filter, as parallel arrays. Example: SELECT * FROM etrace.visible_points(''{"recovery_country": "MX"}'');';

GRANT EXECUTE ON FUNCTION etrace.visible_points(jsonb), etrace.trace_filter_sql(jsonb),
    etrace.filter_strings(jsonb, text), etrace.filter_date(jsonb, text)
    TO etrace_user, etrace_analyst, etrace_ntc;
