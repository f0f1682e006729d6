-- Analytics over the traces the caller may see.  Every convenience form
-- reads the view etrace.traces as the caller, so row-level security and
-- masking apply: a trace seen only through data sharing has no coordinates
-- (they are crime-location information) and so is no point on a map.

-- The recovery points of the visible traces that match a filter (the keys
-- of etrace.find_traces), as two arrays for the array forms of the spatial
-- functions.
CREATE FUNCTION etrace.visible_points(filter jsonb DEFAULT '{}', OUT lat float8[], OUT lon float8[])
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        -- one sort for both arrays (an ORDER BY in each array_agg sorts the
        -- rows twice); trace order makes the arrays the same from run to run
        EXECUTE format('SELECT coalesce(array_agg(p.latitude), ''{}''), coalesce(array_agg(p.longitude), ''{}'') '
                       '  FROM (SELECT t.latitude, t.longitude FROM etrace.traces t '
                       '         WHERE t.latitude IS NOT NULL AND %s ORDER BY t.id) p',
                       etrace.trace_filter_sql(filter - 'limit' - 'offset'))
           INTO lat, lon USING filter;
    END
    $$;
COMMENT ON FUNCTION etrace.visible_points(jsonb) IS
    'Recovery coordinates of the traces the caller may see (masked ones excluded) that match a find_traces filter, as parallel arrays. Example: SELECT * FROM etrace.visible_points(''{"recovery_country": "MX"}'');';

GRANT EXECUTE ON FUNCTION etrace.visible_points(jsonb), etrace.trace_filter_sql(jsonb),
    etrace.filter_strings(jsonb, text), etrace.filter_date(jsonb, text)
    TO etrace_user, etrace_analyst, etrace_ntc;
