-- The tracing center works a trace:
--   submitted -> in_progress -> completed | untraceable -> closed
-- Each move is one UPDATE guarded by the expected current status, so when
-- two sessions race, the second waits for the first's row lock, finds the
-- status already moved, and gets a clear error instead of a second result.

-- Move a trace from one status to the next; raise when it is not there.
CREATE FUNCTION etrace.move_trace(tn etrace.trace_number, from_status text[], to_status text,
                                  acct bigint)
    RETURNS etrace.trace
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        t etrace.trace;
        v_now text;
    BEGIN
        PERFORM etrace.note_activity(acct);
        UPDATE etrace.trace
           SET status = to_status, status_since = now(), worked_by = acct
         WHERE trace_number = tn AND status = ANY (from_status)
        RETURNING * INTO t;
        IF FOUND THEN
            RETURN t;
        END IF;
        SELECT status INTO v_now FROM etrace.trace WHERE trace_number = tn;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'trace % not found', tn USING ERRCODE = 'no_data_found';
        END IF;
        IF v_now = to_status THEN
            RAISE EXCEPTION 'trace % is already %', tn, v_now
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RAISE EXCEPTION 'trace % is %; it cannot move to %', tn, v_now, to_status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Only a trace that is %s can move to %s.',
                                  array_to_string(from_status, ' or '), to_status);
    END
    $$;
COMMENT ON FUNCTION etrace.move_trace(etrace.trace_number, text[], text, bigint) IS
    'Internal: one guarded status move; raises P0002 for an unknown trace and 55000 for an illegal move.';

CREATE FUNCTION etrace.start_trace(tn etrace.trace_number) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        PERFORM etrace.move_trace(tn, ARRAY['submitted'], 'in_progress', (etrace.require_ntc()).id);
    END
    $$;
COMMENT ON FUNCTION etrace.start_trace(etrace.trace_number) IS
    'Tracing center: starts work on a submitted trace (submitted -> in_progress). Example: SELECT etrace.start_trace(''T2026-0000001-5'');';

CREATE FUNCTION etrace.complete_trace(tn etrace.trace_number, result jsonb) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_ntc();
        t etrace.trace;
        r jsonb;
    BEGIN
        SELECT * INTO t FROM etrace.trace WHERE trace_number = tn;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'trace % not found', tn USING ERRCODE = 'no_data_found';
        END IF;
        r := etrace.check_result(result, t.recovery_date);
        t := etrace.move_trace(tn, ARRAY['in_progress'], 'completed', acct.id);
        INSERT INTO etrace.trace_result (trace_id, agency_id, outcome, dealer_ffl, dealer_name,
                                         dealer_subdivision, purchase_date, time_to_crime_days, decided_by)
        VALUES (t.id, t.agency_id, r ->> 'outcome', (r ->> 'dealer_ffl')::etrace.ffl_number,
                r ->> 'dealer_name', r ->> 'dealer_subdivision', (r ->> 'purchase_date')::date,
                t.recovery_date - (r ->> 'purchase_date')::date, acct.id);
        IF jsonb_typeof(r -> 'purchaser') = 'object' THEN
            PERFORM etrace.add_trace_person(t.id, t.agency_id, 'purchaser', 0, r -> 'purchaser');
        END IF;
        RETURN etrace.trace_document(t) -> 'result';
    END
    $$;
COMMENT ON FUNCTION etrace.complete_trace(etrace.trace_number, jsonb) IS
    'Tracing center: records the result of a trace in progress and returns it with time_to_crime_days. result = {"outcome": "purchaser_identified"|"dealer_identified", "dealer_ffl", "dealer_name", "dealer_subdivision" (where the dealer is licensed, e.g. "US-TX"), "purchase_date", "purchaser": {person}}.
Example: SELECT etrace.complete_trace(''T2026-0000001-5'', ''{"outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns", "purchase_date": "2024-03-01", "purchaser": {"last_name": "Roe", "first_name": "Jane"}}'');';

CREATE FUNCTION etrace.close_untraceable(tn etrace.trace_number, reason text, note text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_ntc();
        t etrace.trace;
    BEGIN
        IF reason IS NULL OR NOT EXISTS (SELECT 1 FROM etrace.untraceable_reason WHERE code = reason) THEN
            RAISE EXCEPTION 'unknown untraceable reason "%"', reason
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'One of: ' || (SELECT string_agg(code, ', ' ORDER BY code) FROM etrace.untraceable_reason) || '.';
        END IF;
        IF char_length(note) > 2000 THEN
            RAISE EXCEPTION 'note exceeds 2000 characters' USING ERRCODE = 'string_data_right_truncation';
        END IF;
        t := etrace.move_trace(tn, ARRAY['in_progress'], 'untraceable', acct.id);
        INSERT INTO etrace.trace_result (trace_id, agency_id, untraceable_reason, note, decided_by)
        VALUES (t.id, t.agency_id, reason, nullif(btrim(note), ''), acct.id);
    END
    $$;
COMMENT ON FUNCTION etrace.close_untraceable(etrace.trace_number, text, text) IS
    'Tracing center: closes a trace in progress as untraceable with a reason (too_old, serial_invalid, insufficient_information, manufacturer_records_unavailable, dealer_records_unavailable, foreign_no_importer) and a note.
Example: SELECT etrace.close_untraceable(''T2026-0000002-3'', ''too_old'', ''Manufactured 1952'');';

CREATE FUNCTION etrace.close_trace(tn etrace.trace_number) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        PERFORM etrace.move_trace(tn, ARRAY['completed', 'untraceable'], 'closed', (etrace.require_ntc()).id);
    END
    $$;
COMMENT ON FUNCTION etrace.close_trace(etrace.trace_number) IS
    'Tracing center: closes a completed or untraceable trace (-> closed). Example: SELECT etrace.close_trace(''T2026-0000001-5'');';

GRANT EXECUTE ON FUNCTION
    etrace.validate_result(jsonb, date),
    etrace.check_result(jsonb, date),
    etrace.start_trace(etrace.trace_number),
    etrace.complete_trace(etrace.trace_number, jsonb),
    etrace.close_untraceable(etrace.trace_number, text, text),
    etrace.close_trace(etrace.trace_number)
    TO etrace_ntc;
