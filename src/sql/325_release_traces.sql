-- Aggregate tables of the caller's visible traces for release outside law
-- enforcement, with the small cells suppressed (release_table, 320).

CREATE FUNCTION etrace.setting_release_min_cell() RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_setting_release_min_cell'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_release_min_cell() IS
    'The superuser setting etrace.release_min_cell: the smallest count a released table may show (default 5).';

-- The dimensions a released table may have, as expressions over the view
-- etrace.traces (alias t).  A fixed list: names never reach SQL otherwise.
CREATE FUNCTION etrace.release_dimension(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        expr text := CASE name
            WHEN 'recovery_country' THEN 't.recovery_country::text'
            WHEN 'recovery_subdivision' THEN 'coalesce(t.recovery_subdivision, ''unknown'')'
            WHEN 'recovery_year' THEN 'extract(year FROM t.recovery_date)::int::text'
            WHEN 'crime_code' THEN 't.crime_code::text'
            WHEN 'firearm_type' THEN 't.firearm_type::text'
            WHEN 'caliber' THEN 'coalesce(t.caliber_canonical, ''other'')'
            WHEN 'manufacturer' THEN 'coalesce(t.manufacturer_key, ''unknown'')'
            WHEN 'country_of_origin' THEN 't.country_of_origin::text'
            WHEN 'status' THEN 't.status'
            WHEN 'agency' THEN 't.agency'
            END;
    BEGIN
        IF expr IS NULL THEN
            RAISE EXCEPTION 'unknown dimension "%"', name
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Dimensions: recovery_country, recovery_subdivision, recovery_year, crime_code, firearm_type, caliber, manufacturer, country_of_origin, status, agency.';
        END IF;
        RETURN expr;
    END
    $$;
COMMENT ON FUNCTION etrace.release_dimension(text) IS
    'Internal: the SQL expression of a dimension of a released table.';

CREATE FUNCTION etrace.release_trace_table(rows text, cols text, filter jsonb DEFAULT '{}', k integer DEFAULT NULL)
    RETURNS TABLE (row_label text, col_label text, n bigint, suppressed boolean)
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_k integer := coalesce(k, etrace.setting_release_min_cell());
        r text[];
        c text[];
        v bigint[];
    BEGIN
        IF v_k < etrace.setting_release_min_cell() THEN
            RAISE EXCEPTION 'k must be at least % (the superuser setting etrace.release_min_cell)',
                etrace.setting_release_min_cell() USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('SELECT coalesce(array_agg(r), ''{}''), coalesce(array_agg(c), ''{}''), coalesce(array_agg(n), ''{}'') '
                       '  FROM (SELECT %s AS r, %s AS c, count(*) AS n FROM etrace.traces t WHERE %s GROUP BY 1, 2) g',
                       etrace.release_dimension(rows), etrace.release_dimension(cols),
                       etrace.trace_filter_sql(filter - 'limit' - 'offset'))
           INTO r, c, v USING filter;
        -- the "reason" column says which cells are below k: not released
        RETURN QUERY SELECT x.row_label, x.col_label, x.n, x.suppressed FROM etrace.release_table(r, c, v, v_k) x;
    END
    $$;
COMMENT ON FUNCTION etrace.release_trace_table(text, text, jsonb, integer) IS
    'A two-way table of counts of the caller''s visible traces (dimensions recovery_country, recovery_subdivision, recovery_year, crime_code, firearm_type, caliber, manufacturer, country_of_origin, status, agency; rows filtered like find_traces) for release outside law enforcement: cells of 1 to k-1 traces and enough others are suppressed (n NULL) that no suppressed value can be recovered from the totals. k defaults to, and may not go below, etrace.release_min_cell.
Example: SELECT * FROM etrace.release_trace_table(''recovery_country'', ''recovery_year'');';

GRANT EXECUTE ON FUNCTION etrace.release_trace_table(text, text, jsonb, integer) TO etrace_user, etrace_analyst, etrace_ntc;
