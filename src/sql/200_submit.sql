-- Submitting a trace.

-- Next trace number for the tracing center's current year.  Each year has
-- its own sequence, created (under an advisory lock, so two first
-- submissions of a year cannot race) the first time it is needed.
CREATE FUNCTION etrace.next_trace_number() RETURNS etrace.trace_number
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_year integer := extract(year FROM etrace.today())::integer;
        v_seq text;
        v_next bigint;
    BEGIN
        SELECT seq_name INTO v_seq FROM etrace.trace_year_sequence WHERE year = v_year;
        IF NOT FOUND THEN
            PERFORM pg_catalog.pg_advisory_xact_lock(hashtext('etrace.trace_year_sequence'), v_year);
            SELECT seq_name INTO v_seq FROM etrace.trace_year_sequence WHERE year = v_year;
            IF NOT FOUND THEN
                v_seq := format('etrace.trace_seq_%s', v_year);
                -- IF NOT EXISTS: the sequence survives DROP EXTENSION and comes back with pg_restore
                EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %s AS integer MINVALUE 1 MAXVALUE 9999999 NO CYCLE', v_seq);
                INSERT INTO etrace.trace_year_sequence (year, seq_name) VALUES (v_year, v_seq);
            END IF;
        END IF;
        BEGIN
            v_next := nextval(v_seq::regclass);
        EXCEPTION WHEN sequence_generator_limit_exceeded THEN
            RAISE EXCEPTION 'trace numbers for % are exhausted', v_year
                USING ERRCODE = 'program_limit_exceeded',
                      DETAIL = 'A year has at most 9,999,999 trace numbers.';
        END;
        RETURN etrace.trace_number_make(v_year, v_next::integer);
    END
    $$;
COMMENT ON FUNCTION etrace.next_trace_number() IS
    'Internal: allocates the next trace number of the current year (etrace.today()).';

-- Write the people of a trace (possessor, associates, purchaser).
CREATE FUNCTION etrace.add_trace_person(trace_id bigint, agency_id bigint, role text,
                                        ordinal integer, person jsonb)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        INSERT INTO etrace.trace_person (trace_id, agency_id, role, ordinal, last_name,
                                         first_name, dob, name_key, doc)
        VALUES (trace_id, agency_id, role, ordinal, person ->> 'last_name',
                person ->> 'first_name', (person ->> 'dob')::date,
                etrace.person_name_key(person ->> 'last_name', person ->> 'first_name'),
                person)
    $$;
COMMENT ON FUNCTION etrace.add_trace_person(bigint, bigint, text, integer, jsonb) IS
    'Internal: records one person named on a trace.';

CREATE FUNCTION etrace.submit_trace(doc jsonb) RETURNS etrace.trace_number
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
        d jsonb;
        q jsonb;
        f jsonb;
        r jsonb;
        v_serial etrace.serial_number;
        v_partial text;
        v_mkey text;
        v_firearm bigint;
        v_tn etrace.trace_number;
        v_trace bigint;
        v_person jsonb;
        v_ord bigint;
    BEGIN
        PERFORM etrace.note_activity(acct.id);
        d := etrace.check_trace(doc);
        q := d -> 'request';
        f := d -> 'firearm';
        r := d -> 'recovery';

        v_mkey := etrace.manufacturer_key(f ->> 'manufacturer');
        IF NOT (f ->> 'obliterated')::boolean THEN
            v_serial := (f ->> 'serial')::etrace.serial_number;
            IF v_mkey IS NOT NULL THEN
                INSERT INTO etrace.firearm AS fa (serial, manufacturer_key)
                VALUES (v_serial, v_mkey)
                ON CONFLICT (serial, manufacturer_key)
                    DO UPDATE SET recoveries = fa.recoveries + 1
                RETURNING id INTO v_firearm;
            END IF;
        ELSIF nullif(f ->> 'serial', '') IS NOT NULL THEN
            v_partial := etrace.serial_pattern(f ->> 'serial');
        END IF;

        v_tn := etrace.next_trace_number();
        INSERT INTO etrace.trace (
            trace_number, agency_id, agency_ori, submitted_by,
            request_date, priority, crime_code, agency_case_number,
            firearm_id, serial, serial_partial, obliterated, manufacturer, manufacturer_key,
            importer, model, caliber, caliber_canonical, firearm_type, country_of_origin,
            recovery_date, recovery_country, recovery_subdivision, recovery_locality,
            latitude, longitude, doc)
        VALUES (
            v_tn, acct.agency_id, (SELECT g.ori FROM etrace.agency g WHERE g.id = acct.agency_id), acct.id,
            (q ->> 'request_date')::date, q ->> 'priority', q ->> 'crime_code', q ->> 'agency_case_number',
            v_firearm, v_serial, v_partial, (f ->> 'obliterated')::boolean, f ->> 'manufacturer', v_mkey,
            nullif(f ->> 'importer', ''), f ->> 'model', f ->> 'caliber', f ->> 'caliber_canonical',
            f ->> 'type', f ->> 'country_of_origin',
            (r ->> 'date')::date, r ->> 'country', nullif(r ->> 'subdivision', ''), nullif(r ->> 'locality', ''),
            (r ->> 'latitude')::double precision, (r ->> 'longitude')::double precision,
            jsonb_build_object('request', q, 'firearm', f, 'recovery', r))
        RETURNING id INTO v_trace;

        IF jsonb_typeof(d -> 'possessor') = 'object' THEN
            PERFORM etrace.add_trace_person(v_trace, acct.agency_id, 'possessor', 0, d -> 'possessor');
        END IF;
        FOR v_person, v_ord IN
            SELECT value, ordinality FROM jsonb_array_elements(coalesce(d -> 'associates', '[]')) WITH ORDINALITY
        LOOP
            PERFORM etrace.add_trace_person(v_trace, acct.agency_id, 'associate', v_ord::integer, v_person);
        END LOOP;
        RETURN v_tn;
    END
    $$;
COMMENT ON FUNCTION etrace.submit_trace(jsonb) IS
    'Validates a trace document (raising with the field named and a specific SQLSTATE), files it for the caller''s agency with its possessor and associates, links it to earlier traces of the same firearm, and returns the trace number. Nothing is written when it fails.
Example: SELECT etrace.submit_trace(''{"request": {...}, "firearm": {...}, "recovery": {...}}'');';

GRANT EXECUTE ON FUNCTION
    etrace.validate_trace(jsonb),
    etrace.check_trace(jsonb),
    etrace.submit_trace(jsonb)
    TO etrace_user, etrace_ntc;
