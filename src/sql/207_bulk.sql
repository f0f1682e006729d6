-- Bulk submission: many traces in one call, with the checks of one.
--
--   etrace.submit_traces(documents jsonb[])   an agency files many traces
--   etrace.import_traces(documents jsonb[])   tracing-center administrators
--       load historical traces (another system's, or a data generator's)
--       with their agency, original submission time, status and result
--
-- Every document is validated by the C validation of submit_trace
-- (check_trace; check_result for results), and an error names the element:
-- documents[17].firearm.serial, with the same SQLSTATE.  The call is one
-- statement: all-or-nothing.  The rows are written by one INSERT ... SELECT
-- per table (firearm, trace, trace_person, trace_result), under the same
-- row-level security policies, so the audit trail gets one row per table
-- and call, listing every key.

-- The element-naming wrappers of check_trace and check_result (src/bulk.c).
CREATE FUNCTION etrace.check_trace_at(doc jsonb, element text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_check_trace_at'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.check_trace_at(jsonb, text) IS
    'Internal: etrace.check_trace of one element of a bulk submission; a problem is raised with the element in front of its path (documents[17].firearm.serial), with the same SQLSTATE.';

CREATE FUNCTION etrace.check_result_at(result jsonb, recovery_date date, element text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_check_result_at'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.check_result_at(jsonb, date, text) IS
    'Internal: etrace.check_result of one element of a bulk import; a problem is raised with the element in front of its path (documents[17].result.dealer_ffl), with the same SQLSTATE.';

CREATE FUNCTION etrace.timestamptz_or_null(value text) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'etrace_timestamptz_or_null'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.timestamptz_or_null(text) IS
    'Internal: the text as a timestamp with time zone (read like timestamptz input, in the session''s TimeZone when it names no zone), or NULL when it is not a finite date and time ("now", "epoch" and the infinities are not).';

-- The sequence numbering a year's traces, created on first use (the same
-- sequences as etrace.next_trace_number's).
CREATE FUNCTION etrace.trace_year_sequence_of(year integer) RETURNS regclass
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_seq text;
    BEGIN
        IF year IS NULL OR year NOT BETWEEN 2000 AND 2999 THEN
            RAISE EXCEPTION 'trace numbers exist for the years 2000 to 2999, not %', year
                USING ERRCODE = 'datetime_field_overflow';
        END IF;
        SELECT seq_name INTO v_seq FROM etrace.trace_year_sequence s WHERE s.year = trace_year_sequence_of.year;
        IF NOT FOUND THEN
            PERFORM pg_catalog.pg_advisory_xact_lock(hashtext('etrace.trace_year_sequence'), year);
            SELECT seq_name INTO v_seq FROM etrace.trace_year_sequence s WHERE s.year = trace_year_sequence_of.year;
            IF NOT FOUND THEN
                v_seq := format('etrace.trace_seq_%s', year);
                EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s AS integer MINVALUE 1 MAXVALUE 9999999 NO CYCLE', v_seq);
                INSERT INTO etrace.trace_year_sequence (year, seq_name) VALUES (trace_year_sequence_of.year, v_seq);
            END IF;
        END IF;
        RETURN v_seq::regclass;
    END
    $$;
COMMENT ON FUNCTION etrace.trace_year_sequence_of(integer) IS
    'Internal: the sequence numbering the traces of a year (2000 to 2999), created under an advisory lock the first time it is needed.';

-- File checked documents: one INSERT ... SELECT per table.  The arrays run
-- in parallel (element i of each describes document i); docs are the
-- normalized documents (check_trace), results the normalized results
-- (check_result, or {"untraceable_reason", "note"}) or NULL.
CREATE FUNCTION etrace.file_traces(docs jsonb[], agencies bigint[], submitted timestamptz[],
                                   statuses text[], status_times timestamptz[], results jsonb[],
                                   submitter bigint, worker bigint)
    RETURNS TABLE (ordinality integer, trace_number etrace.trace_number)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    #variable_conflict use_column
    DECLARE
        v_tz text := etrace.setting_time_zone();
        v_years integer[];
        v_seqs regclass[];
    BEGIN
        -- the year sequences first (DDL cannot run inside the statement)
        v_years := ARRAY(SELECT DISTINCT extract(year FROM s AT TIME ZONE v_tz)::integer
                           FROM unnest(submitted) s ORDER BY 1);
        v_seqs := ARRAY(SELECT etrace.trace_year_sequence_of(y) FROM unnest(v_years) WITH ORDINALITY u(y, o) ORDER BY o);

        RETURN QUERY
        WITH src AS MATERIALIZED (
            SELECT u.o::integer AS o, u.d, u.agency_id, g.ori AS agency_ori, u.sub_at, u.status, u.status_at, u.res,
                   extract(year FROM u.sub_at AT TIME ZONE v_tz)::integer AS year,
                   CASE WHEN NOT (u.d #>> '{firearm,obliterated}')::boolean
                        THEN (u.d #>> '{firearm,serial}')::etrace.serial_number END AS serial,
                   CASE WHEN (u.d #>> '{firearm,obliterated}')::boolean AND nullif(u.d #>> '{firearm,serial}', '') IS NOT NULL
                        THEN etrace.serial_pattern(u.d #>> '{firearm,serial}') END AS serial_partial,
                   etrace.manufacturer_key(u.d #>> '{firearm,manufacturer}') AS mkey
              FROM unnest(docs, agencies, submitted, statuses, status_times, results)
                   WITH ORDINALITY AS u(d, agency_id, sub_at, status, status_at, res, o)
              JOIN etrace.agency g ON g.id = u.agency_id
        ), numbered AS MATERIALIZED (
            -- numbers in document order within each year (the sorted
            -- subquery is not flattened, so nextval sees its order)
            SELECT s.*, etrace.trace_number_make(s.year, nextval(s.seq)::integer) AS tn
              FROM (SELECT src.*, y.seq FROM src
                      JOIN unnest(v_years, v_seqs) AS y(year, seq) ON y.year = src.year
                     ORDER BY src.o) s
        ), fa AS (
            INSERT INTO etrace.firearm AS fa (serial, manufacturer_key, first_seen, recoveries)
            SELECT (array_agg(n.serial ORDER BY n.o))[1], n.mkey, min(n.sub_at), count(*)::integer
              FROM numbered n
             WHERE n.serial IS NOT NULL AND n.mkey IS NOT NULL
             GROUP BY n.serial, n.mkey
            ON CONFLICT (serial, manufacturer_key)
                DO UPDATE SET recoveries = fa.recoveries + EXCLUDED.recoveries,
                              first_seen = least(fa.first_seen, EXCLUDED.first_seen)
            RETURNING fa.id, fa.serial, fa.manufacturer_key
        ), t AS (
            INSERT INTO etrace.trace AS tr (
                trace_number, agency_id, agency_ori, submitted_by, submitted_at, status, status_since, worked_by,
                request_date, priority, crime_code, agency_case_number,
                firearm_id, serial, serial_partial, obliterated, manufacturer, manufacturer_key,
                importer, model, caliber, caliber_canonical, firearm_type, country_of_origin,
                recovery_date, recovery_country, recovery_subdivision, recovery_locality,
                latitude, longitude, doc)
            SELECT n.tn, n.agency_id, n.agency_ori, submitter, n.sub_at, n.status, n.status_at,
                   CASE WHEN n.status <> 'submitted' THEN worker END,
                   (n.d #>> '{request,request_date}')::date, n.d #>> '{request,priority}',
                   n.d #>> '{request,crime_code}', n.d #>> '{request,agency_case_number}',
                   fa.id, n.serial, n.serial_partial, (n.d #>> '{firearm,obliterated}')::boolean,
                   n.d #>> '{firearm,manufacturer}', n.mkey,
                   nullif(n.d #>> '{firearm,importer}', ''), n.d #>> '{firearm,model}', n.d #>> '{firearm,caliber}',
                   n.d #>> '{firearm,caliber_canonical}', n.d #>> '{firearm,type}', n.d #>> '{firearm,country_of_origin}',
                   (n.d #>> '{recovery,date}')::date, n.d #>> '{recovery,country}',
                   nullif(n.d #>> '{recovery,subdivision}', ''), nullif(n.d #>> '{recovery,locality}', ''),
                   (n.d #>> '{recovery,latitude}')::double precision, (n.d #>> '{recovery,longitude}')::double precision,
                   jsonb_build_object('request', n.d -> 'request', 'firearm', n.d -> 'firearm', 'recovery', n.d -> 'recovery')
              FROM numbered n
              LEFT JOIN fa ON fa.serial = n.serial AND fa.manufacturer_key = n.mkey
             ORDER BY n.o
            RETURNING tr.id, tr.trace_number, tr.agency_id, tr.recovery_date
        ), filed AS (
            SELECT t.id, t.agency_id, t.recovery_date, n.d, n.res, n.status_at
              FROM t JOIN numbered n ON n.tn = t.trace_number
        ), p AS (
            INSERT INTO etrace.trace_person (trace_id, agency_id, role, ordinal, last_name,
                                             first_name, dob, name_key, doc)
            SELECT tn.id, tn.agency_id, x.role, x.ordinal, x.person ->> 'last_name', x.person ->> 'first_name',
                   (x.person ->> 'dob')::date,
                   etrace.person_name_key(x.person ->> 'last_name', x.person ->> 'first_name'), x.person
              FROM filed tn
             CROSS JOIN LATERAL (
                    SELECT 'possessor', 0, tn.d -> 'possessor'
                     WHERE jsonb_typeof(tn.d -> 'possessor') = 'object'
                    UNION ALL
                    SELECT 'associate', a.ord::integer, a.person
                      FROM jsonb_array_elements(coalesce(tn.d -> 'associates', '[]')) WITH ORDINALITY AS a(person, ord)
                    UNION ALL
                    SELECT 'purchaser', 0, tn.res -> 'purchaser'
                     WHERE jsonb_typeof(tn.res -> 'purchaser') = 'object') AS x(role, ordinal, person)
             ORDER BY tn.id, x.role, x.ordinal
            RETURNING 1
        ), r AS (
            INSERT INTO etrace.trace_result (trace_id, agency_id, outcome, dealer_ffl, dealer_name,
                                             dealer_subdivision, purchase_date, time_to_crime_days,
                                             untraceable_reason, note, decided_by, decided_at)
            SELECT tn.id, tn.agency_id, tn.res ->> 'outcome', (tn.res ->> 'dealer_ffl')::etrace.ffl_number,
                   tn.res ->> 'dealer_name', tn.res ->> 'dealer_subdivision', (tn.res ->> 'purchase_date')::date,
                   tn.recovery_date - (tn.res ->> 'purchase_date')::date,
                   tn.res ->> 'untraceable_reason', tn.res ->> 'note', worker, tn.status_at
              FROM filed tn
             WHERE tn.res IS NOT NULL
             ORDER BY tn.id
            RETURNING 1
        )
        SELECT n.o, n.tn FROM numbered n ORDER BY n.o;
    END
    $$;
COMMENT ON FUNCTION etrace.file_traces(jsonb[], bigint[], timestamptz[], text[], timestamptz[], jsonb[], bigint, bigint) IS
    'Internal: writes checked trace documents (with their agencies, submission times, statuses and results) with one INSERT ... SELECT per table, numbering them in their submission years; returns each document''s ordinality and trace number.';

--------------------------------------------------------- submit_traces

CREATE FUNCTION etrace.submit_traces(documents jsonb[])
    RETURNS TABLE (ordinality integer, trace_number etrace.trace_number)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    #variable_conflict use_column
    DECLARE
        acct etrace.account := etrace.require_account();
        v_docs jsonb[];
        v_n integer := coalesce(cardinality(documents), 0);
    BEGIN
        PERFORM etrace.note_activity(acct.id);
        IF v_n = 0 THEN
            RETURN;
        END IF;
        -- every document as submit_trace checks it, in order; the first
        -- problem is raised with its element named
        v_docs := ARRAY(SELECT etrace.check_trace_at(coalesce(u.d, 'null'), format('documents[%s]', u.o))
                          FROM unnest(documents) WITH ORDINALITY AS u(d, o) ORDER BY u.o);
        RETURN QUERY
            SELECT f.ordinality, f.trace_number
              FROM etrace.file_traces(v_docs, array_fill(acct.agency_id, ARRAY[v_n]),
                                      array_fill(now(), ARRAY[v_n]), array_fill('submitted'::text, ARRAY[v_n]),
                                      array_fill(now(), ARRAY[v_n]), array_fill(NULL::jsonb, ARRAY[v_n]),
                                      acct.id, NULL) f;
    END
    $$;
COMMENT ON FUNCTION etrace.submit_traces(jsonb[]) IS
    'Files many traces for the caller''s agency in one call, as etrace.submit_trace would one by one: each document validated by the same checks (an error names the element, e.g. documents[17].firearm.serial, with the same SQLSTATE), the same row-level security and audit, numbered in the current year; all or nothing. Returns each document''s ordinality (1-based) and trace number.
Example: SELECT * FROM etrace.submit_traces(ARRAY[''{"request": {...}, ...}'', ''{...}'']::jsonb[]);';

--------------------------------------------------------- import_traces

-- One problem of an import element, raised with the element named.
CREATE FUNCTION etrace.raise_import_error(element text, field text, problem text, sqlstate text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_path text := element || coalesce('.' || field, '');
    BEGIN
        RAISE EXCEPTION 'invalid import document: %: %', v_path, problem
            USING ERRCODE = sqlstate, COLUMN = v_path;
    END
    $$;
COMMENT ON FUNCTION etrace.raise_import_error(text, text, text, text) IS
    'Internal: raises "invalid import document: <element>.<field>: <problem>" with the given SQLSTATE and the path as column name.';

CREATE FUNCTION etrace.import_traces(documents jsonb[])
    RETURNS TABLE (ordinality integer, trace_number etrace.trace_number)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    #variable_conflict use_column
    DECLARE
        acct etrace.account := etrace.require_ntc();
        v_n integer := coalesce(cardinality(documents), 0);
        v_bad record;
        v_docs jsonb[];
        v_agencies bigint[];
        v_submitted timestamptz[];
        v_statuses text[];
        v_times timestamptz[];
        v_results jsonb[];
    BEGIN
        IF NOT etrace.caller_is_admin() THEN
            RAISE EXCEPTION 'only tracing center administrators may import traces'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM etrace.note_activity(acct.id);
        IF v_n = 0 THEN
            RETURN;
        END IF;

        -- The import fields of each element, checked in order; the first
        -- problem is raised with its element and field named.
        SELECT x.element, x.problem INTO v_bad
          FROM (SELECT u.o, format('documents[%s]', u.o) AS element,
                       CASE
                       WHEN jsonb_typeof(u.e) IS DISTINCT FROM 'object' THEN
                            ARRAY[NULL, 'An import document must be a JSON object.', '22023']
                       WHEN jsonb_typeof(u.e -> 'agency') IS DISTINCT FROM 'string' THEN
                            ARRAY['agency', 'The ORI of the submitting agency is required.', '22004']
                       WHEN NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.ori = u.e ->> 'agency' AND g.kind <> 'ntc') THEN
                            ARRAY['agency', format('No partner agency has the ORI "%s".', u.e ->> 'agency'), '22023']
                       WHEN jsonb_typeof(u.e -> 'submitted_at') IS DISTINCT FROM 'string' THEN
                            ARRAY['submitted_at', 'The original submission time is required.', '22004']
                       WHEN etrace.timestamptz_or_null(u.e ->> 'submitted_at') IS NULL THEN
                            ARRAY['submitted_at', format('"%s" is not a timestamp.', u.e ->> 'submitted_at'), '22007']
                       WHEN (u.e ->> 'submitted_at')::timestamptz > now() THEN
                            ARRAY['submitted_at', format('Submission time "%s" is in the future.', u.e ->> 'submitted_at'), '22008']
                       WHEN (u.e ->> 'submitted_at')::timestamptz < '2000-01-01' THEN
                            ARRAY['submitted_at', format('Submission time "%s" is before 2000 (trace numbers start in 2000).', u.e ->> 'submitted_at'), '22008']
                       WHEN u.e ? 'status_since' AND etrace.timestamptz_or_null(u.e ->> 'status_since') IS NULL THEN
                            ARRAY['status_since', format('"%s" is not a timestamp.', u.e ->> 'status_since'), '22007']
                       WHEN u.e ? 'status_since' AND (u.e ->> 'status_since')::timestamptz NOT BETWEEN (u.e ->> 'submitted_at')::timestamptz AND now() THEN
                            ARRAY['status_since', 'The status time must lie between the submission time and now.', '22008']
                       WHEN NOT EXISTS (SELECT 1 FROM etrace.trace_status s WHERE s.code = u.e ->> 'status') THEN
                            ARRAY['status', format('Unknown status "%s" (submitted, in_progress, completed, untraceable or closed).', coalesce(u.e ->> 'status', '')), '22023']
                       WHEN u.e ->> 'status' IN ('submitted', 'in_progress') AND u.e ? 'result' THEN
                            ARRAY['result', format('A trace that is %s has no result.', u.e ->> 'status'), '22023']
                       WHEN u.e ->> 'status' IN ('completed', 'untraceable', 'closed') AND jsonb_typeof(u.e -> 'result') IS DISTINCT FROM 'object' THEN
                            ARRAY['result', format('A trace that is %s needs its result.', u.e ->> 'status'), '22004']
                       WHEN u.e ->> 'status' = 'completed' AND u.e #> '{result,untraceable_reason}' IS NOT NULL THEN
                            ARRAY['result', 'A completed trace has an outcome, not an untraceable reason.', '22023']
                       WHEN u.e ->> 'status' = 'untraceable' AND u.e #> '{result,untraceable_reason}' IS NULL THEN
                            ARRAY['result.untraceable_reason', 'An untraceable trace needs its reason.', '22004']
                       WHEN u.e #> '{result,untraceable_reason}' IS NOT NULL
                            AND (u.e -> 'result') - 'untraceable_reason' - 'note' <> '{}' THEN
                            ARRAY['result', 'An untraceable result has only "untraceable_reason" and "note".', '22023']
                       WHEN u.e #> '{result,untraceable_reason}' IS NOT NULL
                            AND NOT EXISTS (SELECT 1 FROM etrace.untraceable_reason r WHERE r.code = u.e #>> '{result,untraceable_reason}') THEN
                            ARRAY['result.untraceable_reason', format('Unknown untraceable reason "%s".', u.e #>> '{result,untraceable_reason}'), '22023']
                       WHEN u.e #> '{result,note}' IS NOT NULL AND (jsonb_typeof(u.e #> '{result,note}') <> 'string'
                                                                  OR char_length(u.e #>> '{result,note}') > 2000) THEN
                            ARRAY['result.note', 'A note is a string of at most 2000 characters.', '22001']
                       END AS problem
                  FROM unnest(documents) WITH ORDINALITY AS u(e, o)) x
         WHERE x.problem IS NOT NULL
         ORDER BY x.o
         LIMIT 1;
        IF FOUND THEN
            PERFORM etrace.raise_import_error(v_bad.element, v_bad.problem[1], v_bad.problem[2], v_bad.problem[3]);
        END IF;

        -- The trace documents and outcome results, as submit_trace and
        -- complete_trace check them.
        SELECT array_agg(c.d ORDER BY c.o), array_agg(c.agency_id ORDER BY c.o),
               array_agg(c.sub_at ORDER BY c.o), array_agg(c.status ORDER BY c.o),
               array_agg(c.status_at ORDER BY c.o),
               array_agg(CASE WHEN c.res IS NULL THEN NULL
                              WHEN c.res ? 'untraceable_reason'
                              THEN jsonb_strip_nulls(jsonb_build_object('untraceable_reason', c.res ->> 'untraceable_reason',
                                                                        'note', nullif(btrim(c.res ->> 'note'), '')))
                              ELSE etrace.check_result_at(c.res, (c.d #>> '{recovery,date}')::date, c.element)
                         END ORDER BY c.o)
          INTO v_docs, v_agencies, v_submitted, v_statuses, v_times, v_results
          FROM (SELECT u.o, format('documents[%s]', u.o) AS element,
                       etrace.check_trace_at(u.e - ARRAY['agency', 'submitted_at', 'status', 'status_since', 'result'],
                                             format('documents[%s]', u.o)) AS d,
                       g.id AS agency_id, (u.e ->> 'submitted_at')::timestamptz AS sub_at,
                       u.e ->> 'status' AS status,
                       coalesce((u.e ->> 'status_since')::timestamptz, (u.e ->> 'submitted_at')::timestamptz) AS status_at,
                       u.e -> 'result' AS res
                  FROM unnest(documents) WITH ORDINALITY AS u(e, o)
                  JOIN etrace.agency g ON g.ori = u.e ->> 'agency'
                 ORDER BY u.o) c;

        RETURN QUERY
            SELECT f.ordinality, f.trace_number
              FROM etrace.file_traces(v_docs, v_agencies, v_submitted, v_statuses, v_times, v_results,
                                      NULL, acct.id) f;
    END
    $$;
COMMENT ON FUNCTION etrace.import_traces(jsonb[]) IS
    'Tracing-center administrators load historical traces in one call, all or nothing. Each element is a trace document (checked as submit_trace checks it) plus "agency" (the submitting agency''s ORI), "submitted_at" (the original submission time, 2000 or later: the trace is numbered in that year), "status", optionally "status_since", and for completed, untraceable and closed traces "result": an outcome result as complete_trace takes it (checked the same way) or {"untraceable_reason", "note"}. An error names the element and field (documents[17].firearm.serial, documents[3].status) with the SQLSTATE of the single-trace call. Rows are written with one INSERT ... SELECT per table, under row-level security and audited; submitted_by is NULL (not submitted through this system), worked_by and decided_by are the importer. Returns each element''s ordinality and trace number.
Example: SELECT * FROM etrace.import_traces(ARRAY[''{"agency": "MXJAL0001", "submitted_at": "2015-03-02T10:00:00Z", "status": "closed", "request": {...}, "firearm": {...}, "recovery": {...}, "result": {"untraceable_reason": "too_old"}}'']::jsonb[]);';

-- The tracing center's administrators file traces for other agencies only
-- through import_traces (submit_trace and submit_traces always file for the
-- caller's own agency).  Permissive: it widens trace_insert for them alone.
CREATE POLICY trace_import ON etrace.trace FOR INSERT TO etrace_owner
    WITH CHECK ((SELECT etrace.caller_is_ntc()) AND (SELECT etrace.caller_is_admin()));

REVOKE ALL ON FUNCTION
    etrace.check_trace_at(jsonb, text),
    etrace.check_result_at(jsonb, date, text),
    etrace.timestamptz_or_null(text),
    etrace.trace_year_sequence_of(integer),
    etrace.file_traces(jsonb[], bigint[], timestamptz[], text[], timestamptz[], jsonb[], bigint, bigint),
    etrace.raise_import_error(text, text, text, text),
    etrace.submit_traces(jsonb[]),
    etrace.import_traces(jsonb[])
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION etrace.submit_traces(jsonb[]) TO etrace_user, etrace_ntc;
GRANT EXECUTE ON FUNCTION etrace.import_traces(jsonb[]) TO etrace_admin;
