-- Reading traces: one by number, many by filter, by serial pattern.

-- The document of one trace row, as get_trace returns it.  Runs with the
-- caller's visibility: linked traces and people come through row-level
-- security like everything else.
CREATE FUNCTION etrace.trace_document_full(t etrace.trace) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        -- PL/pgSQL rather than SQL: its plan is kept for the session (a SQL
        -- function with SET is planned again at every call)
        RETURN t.doc || jsonb_build_object(
            'trace_number', t.trace_number::text,
            'agency', t.agency_ori,
            'status', t.status,
            'submitted_at', t.submitted_at,
            'possessor', (SELECT p.doc FROM etrace.trace_person p
                           WHERE p.trace_id = t.id AND p.role = 'possessor'),
            'associates', coalesce((SELECT jsonb_agg(p.doc ORDER BY p.ordinal) FROM etrace.trace_person p
                                     WHERE p.trace_id = t.id AND p.role = 'associate'), '[]'),
            'linked_traces', coalesce((SELECT jsonb_agg(o.trace_number::text ORDER BY o.id) FROM etrace.trace o
                                        WHERE o.firearm_id = t.firearm_id AND o.id < t.id), '[]'))
        || coalesce((
            SELECT jsonb_build_object('result', CASE
                WHEN r.outcome IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
                    'outcome', r.outcome,
                    'dealer_ffl', r.dealer_ffl::text,
                    'dealer_name', r.dealer_name,
                    'dealer_subdivision', r.dealer_subdivision,
                    'purchase_date', r.purchase_date,
                    'purchaser', (SELECT p.doc FROM etrace.trace_person p
                                   WHERE p.trace_id = t.id AND p.role = 'purchaser'),
                    'time_to_crime_days', r.time_to_crime_days))
                ELSE jsonb_build_object('untraceable_reason', r.untraceable_reason, 'note', r.note)
                END)
              FROM etrace.trace_result r
             WHERE r.trace_id = t.id), '{}');
    END
    $$;
COMMENT ON FUNCTION etrace.trace_document_full(etrace.trace) IS
    'Internal: the unmasked jsonb document of a trace row (sections, number, agency, status, people, linked traces, result).';

-- The document as the caller may see it: masked when the trace is seen only
-- through data sharing (205_disclosure.sql).
CREATE FUNCTION etrace.trace_document(t etrace.trace) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    AS $$ SELECT etrace.visible_document(etrace.trace_document_full(t), t.agency_id, t.id) $$;
COMMENT ON FUNCTION etrace.trace_document(etrace.trace) IS
    'Internal: the jsonb document of a trace row as the caller may see it (sensitive units masked for traces seen only through data sharing).';

CREATE FUNCTION etrace.get_trace(tn etrace.trace_number) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        t etrace.trace;
        d jsonb;
    BEGIN
        SELECT * INTO t FROM etrace.trace WHERE trace_number = tn;
        IF NOT FOUND THEN
            -- Also for traces the caller may not see: existence is not disclosed.
            RAISE EXCEPTION 'trace % not found', tn USING ERRCODE = 'no_data_found';
        END IF;
        d := etrace.trace_document(t);
        PERFORM etrace.audit_read('get_trace', ARRAY[t.trace_number], ARRAY(SELECT jsonb_object_keys(d) ORDER BY 1));
        RETURN d;
    END
    $$;
COMMENT ON FUNCTION etrace.get_trace(etrace.trace_number) IS
    'The trace document with trace_number, agency, status, possessor, associates, linked_traces (earlier traces of the same firearm) and, once worked, result. Raises P0002 when the trace does not exist or the caller may not see it.
Example: SELECT etrace.get_trace(''T2026-0000001-5'');';

-- Parse a date-valued filter entry, naming the key on error.
CREATE FUNCTION etrace.filter_date(filter jsonb, key text) RETURNS date
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF NOT filter ? key OR jsonb_typeof(filter -> key) = 'null' THEN
            RETURN NULL;
        END IF;
        IF jsonb_typeof(filter -> key) <> 'string' OR (filter ->> key) !~ '^\d{4}-\d{2}-\d{2}$' THEN
            PERFORM etrace.raise_field_error('filter', key, 'must be a date YYYY-MM-DD', '22007');
        END IF;
        RETURN (filter ->> key)::date;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
        PERFORM etrace.raise_field_error('filter', key, format('"%s" is not a calendar date', filter ->> key), '22008');
        RETURN NULL;
    END
    $$;
COMMENT ON FUNCTION etrace.filter_date(jsonb, text) IS
    'Internal: a date from a filter document, or an error naming the key.';

-- Build the WHERE clause of a trace filter.  Every condition refers to the
-- filter only through the parameter $1, never by splicing values into SQL.
CREATE FUNCTION etrace.trace_filter_sql(filter jsonb) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        k text;
        conds text[] := ARRAY['true'];
        v_type text;
    BEGIN
        IF filter IS NULL OR jsonb_typeof(filter) <> 'object' THEN
            PERFORM etrace.raise_field_error('filter', '$', 'must be a JSON object', '22023');
        END IF;
        FOR k IN SELECT jsonb_object_keys(filter) ORDER BY 1 LOOP
            v_type := jsonb_typeof(filter -> k);
            CONTINUE WHEN v_type = 'null';
            CASE
            WHEN k IN ('recovery_date_from', 'recovery_date_to', 'request_date_from', 'request_date_to',
                       'submitted_from', 'submitted_to') THEN
                PERFORM etrace.filter_date(filter, k);
                conds := conds || format('%s %s etrace.filter_date($1, %L)',
                    CASE WHEN k LIKE 'submitted%' THEN '(t.submitted_at AT TIME ZONE etrace.setting_time_zone())::date'
                         ELSE 't.' || split_part(k, '_date', 1) || '_date' END,
                    CASE WHEN k LIKE '%_from' THEN '>=' ELSE '<=' END, k);
            WHEN k IN ('status', 'priority', 'crime_code', 'recovery_country', 'recovery_subdivision',
                       'country_of_origin', 'type', 'agency') THEN
                IF v_type NOT IN ('string', 'array') THEN
                    PERFORM etrace.raise_field_error('filter', k, 'must be a string or an array of strings', '22023');
                END IF;
                IF v_type = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements(filter -> k) e
                                                 WHERE jsonb_typeof(e) <> 'string') THEN
                    PERFORM etrace.raise_field_error('filter', k, 'must be a string or an array of strings', '22023');
                END IF;
                conds := conds || format('%s = ANY (etrace.filter_strings($1, %L))',
                    CASE k WHEN 'type' THEN 't.firearm_type'
                           WHEN 'agency' THEN '(SELECT g.ori FROM etrace.agency g WHERE g.id = t.agency_id)'
                           ELSE 't.' || k END, k);
            WHEN k IN ('recovery_locality', 'model', 'manufacturer', 'caliber', 'serial', 'serial_pattern') THEN
                IF v_type <> 'string' THEN
                    PERFORM etrace.raise_field_error('filter', k, 'must be a string', '22023');
                END IF;
                conds := conds || CASE k
                    WHEN 'recovery_locality' THEN 'lower(t.recovery_locality) = lower($1 ->> ''recovery_locality'')'
                    WHEN 'model' THEN 'lower(t.model) = lower($1 ->> ''model'')'
                    WHEN 'manufacturer' THEN 't.manufacturer_key = etrace.manufacturer_key($1 ->> ''manufacturer'')'
                    WHEN 'caliber' THEN 'coalesce(t.caliber_canonical, lower(t.caliber)) = '
                                        'coalesce(etrace.caliber_canonical($1 ->> ''caliber''), lower($1 ->> ''caliber''))'
                    WHEN 'serial' THEN 't.serial = ($1 ->> ''serial'')::etrace.serial_number'
                    ELSE 'etrace.serial_key(t.serial) OPERATOR(etrace.~?) etrace.serial_pattern($1 ->> ''serial_pattern'')'
                    END;
            WHEN k = 'obliterated' THEN
                IF v_type <> 'boolean' THEN
                    PERFORM etrace.raise_field_error('filter', k, 'must be true or false', '22023');
                END IF;
                conds := conds || 't.obliterated = ($1 -> ''obliterated'')::boolean'::text;
            WHEN k IN ('limit', 'offset') THEN
                IF v_type <> 'number' OR (filter ->> k) !~ '^\d+$'
                   OR (k = 'limit' AND (filter ->> k)::numeric NOT BETWEEN 1 AND 10000) THEN
                    PERFORM etrace.raise_field_error('filter', k,
                        CASE k WHEN 'limit' THEN 'must be an integer from 1 to 10000'
                               ELSE 'must be a non-negative integer' END, '22023');
                END IF;
            ELSE
                PERFORM etrace.raise_field_error('filter', k, format('unknown field "%s"', k), '22023');
            END CASE;
        END LOOP;
        -- A filter on a sensitive unit only matches traces whose unit the
        -- caller may see: otherwise it would reveal the masked value.
        IF filter ?| ARRAY['recovery_subdivision', 'recovery_locality'] THEN
            conds := conds || ('(t.agency_id = ANY ((SELECT etrace.full_access_agencies())::bigint[])'
                               ' OR etrace.consented_units(t.id) @> ARRAY[''recovery.subdivision'', ''recovery.locality''])')::text;
        END IF;
        RETURN array_to_string(conds, ' AND ');
    END
    $$;
COMMENT ON FUNCTION etrace.trace_filter_sql(jsonb) IS
    'Internal: validates a find_traces filter and returns its WHERE clause over "etrace.trace t", parameterised by $1 = the filter.';

CREATE FUNCTION etrace.filter_strings(filter jsonb, key text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT CASE jsonb_typeof(filter -> key)
               WHEN 'array' THEN ARRAY(SELECT jsonb_array_elements_text(filter -> key))
               ELSE ARRAY[filter ->> key] END
    $$;
COMMENT ON FUNCTION etrace.filter_strings(jsonb, text) IS
    'Internal: a filter entry that is a string or an array of strings, as a text array.';

CREATE FUNCTION etrace.find_traces(filter jsonb DEFAULT '{}') RETURNS SETOF jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_numbers etrace.trace_number[];
        v_docs jsonb[];
    BEGIN
        -- collected first, so that the read is audited with every trace number it returns
        EXECUTE format(
            'SELECT coalesce(array_agg((s.t).trace_number ORDER BY (s.t).submitted_at, (s.t).id), ''{}''), '
            '       coalesce(array_agg(etrace.trace_document(s.t) ORDER BY (s.t).submitted_at, (s.t).id), ''{}'') '
            '  FROM (SELECT t FROM etrace.trace t WHERE %s '
            '         ORDER BY t.submitted_at, t.id LIMIT coalesce(($1 ->> ''limit'')::bigint, 100) '
            '        OFFSET coalesce(($1 ->> ''offset'')::bigint, 0)) s',
            etrace.trace_filter_sql(filter))
        INTO v_numbers, v_docs
        USING filter;
        PERFORM etrace.audit_read('find_traces', v_numbers,
                                  ARRAY(SELECT DISTINCT k FROM unnest(v_docs) d, jsonb_object_keys(d) k ORDER BY 1));
        RETURN QUERY SELECT d FROM unnest(v_docs) WITH ORDINALITY AS u(d, n) ORDER BY n;
    END
    $$;
COMMENT ON FUNCTION etrace.find_traces(jsonb) IS
    'Trace documents the caller may see that match a filter, in submission order. Keys: status, priority, crime_code, agency (ORI), recovery_country, recovery_subdivision, country_of_origin, type (each a string or array of strings); recovery_date_from/_to, request_date_from/_to, submitted_from/_to (dates); recovery_locality, model, manufacturer (matched by key), caliber (matched by canonical designation), serial (exact, canonical), serial_pattern (? and *); obliterated (boolean); limit (1-10000, default 100), offset. Unknown keys are errors.
Example: SELECT etrace.find_traces(''{"recovery_country": "MX", "recovery_date_from": "2026-01-01", "status": ["submitted", "in_progress"]}'');';

CREATE FUNCTION etrace.search_serial(pattern text, include_partial boolean DEFAULT false)
    RETURNS SETOF etrace.trace_number
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_like text;
    BEGIN
        v_like := etrace.serial_pattern(pattern);
        IF include_partial AND v_like !~ '[_%]' THEN
            -- A complete serial: also the obliterated traces whose readable
            -- part fits it.
            RETURN QUERY
                SELECT t.trace_number FROM etrace.trace t
                 WHERE etrace.serial_key(t.serial) OPERATOR(etrace.~?) v_like
                    OR (t.serial_partial IS NOT NULL AND etrace.serial_key_like(v_like, t.serial_partial))
                 ORDER BY t.id;
        ELSE
            RETURN QUERY
                SELECT t.trace_number FROM etrace.trace t
                 WHERE etrace.serial_key(t.serial) OPERATOR(etrace.~?) v_like
                 ORDER BY t.id;
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.search_serial(text, boolean) IS
    'Trace numbers (visible to the caller) whose serial matches a pattern: ? is one unreadable character, * any run; case, separators and look-alike characters are folded as in serial_number. Answered from a trigram index. With include_partial, a complete serial also finds obliterated traces whose partial serial fits it.
Example: SELECT * FROM etrace.search_serial(''AB?12*'');';

GRANT EXECUTE ON FUNCTION
    etrace.get_trace(etrace.trace_number),
    etrace.find_traces(jsonb),
    etrace.search_serial(text, boolean)
    TO etrace_user, etrace_analyst, etrace_ntc;
