-- Trafficking analytics: time-to-crime, trafficking indicators, corridors,
-- source dealers and trace networks.
--
-- The reports are SECURITY DEFINER functions owned by etrace_owner, so
-- row-level security applies with the caller's identity; every sensitive
-- value is masked with the rule of the view etrace.traces (see "the
-- reports" below), and the people on a trace (etrace.trace_person, which
-- the view does not carry) are used only where the caller may see that
-- unit (field_sensitivity: "result.purchaser", "possessor", "associates").
-- A fact that needs a unit the caller may not see is NULL, never computed
-- from the hidden value.
--
-- The report functions are PARALLEL UNSAFE on purpose: that keeps the
-- statement that calls them out of parallel mode, so the query inside
-- (RETURN QUERY) may itself use parallel workers.

------------------------------------------------------------- settings

CREATE FUNCTION etrace.setting_short_ttc_days() RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_setting_short_ttc_days'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_short_ttc_days() IS
    'The superuser setting etrace.short_ttc_days: a time-to-crime of at most this many days is short, a trafficking indicator (default 1095, three years).';
CREATE FUNCTION etrace.setting_strong_ttc_days() RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_setting_strong_ttc_days'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_strong_ttc_days() IS
    'The superuser setting etrace.strong_ttc_days: a short time-to-crime of at most this many days is a strong indicator (default 365).';
CREATE FUNCTION etrace.setting_hot_dealer_traces() RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_setting_hot_dealer_traces'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_hot_dealer_traces() IS
    'The superuser setting etrace.hot_dealer_traces: a dealer with at least this many short time-to-crime traces recovered in 12 months is a trafficking indicator for its traces (default 25).';

-------------------------------------------------------- time-to-crime

CREATE FUNCTION etrace.time_to_crime(purchase date, recovery date) RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_time_to_crime'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.time_to_crime(date, date) IS
    'Time-to-crime: the days from the retail purchase to the recovery of the firearm. A purchase after the recovery, or an infinite date, raises 22023.
Example: SELECT etrace.time_to_crime(''2026-07-01'', ''2026-10-31'');  -- 122';

CREATE FUNCTION etrace.ttc_summary_transfn(internal, integer) RETURNS internal
    AS 'MODULE_PATHNAME', 'etrace_ttc_summary_transfn'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ttc_summary_transfn(internal, integer) IS
    'Internal: transition function of etrace.time_to_crime_summary (collects the days; NULLs skipped, negative days raise 22023).';
CREATE FUNCTION etrace.ttc_summary_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'etrace_ttc_summary_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ttc_summary_combine(internal, internal) IS
    'Internal: combine function of etrace.time_to_crime_summary (parallel query: joins two partial states).';
CREATE FUNCTION etrace.ttc_summary_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'etrace_ttc_summary_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ttc_summary_serialize(internal) IS
    'Internal: serial function of etrace.time_to_crime_summary (a partial state as bytea, from a parallel worker to the leader).';
CREATE FUNCTION etrace.ttc_summary_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'etrace_ttc_summary_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ttc_summary_deserialize(bytea, internal) IS
    'Internal: deserial function of etrace.time_to_crime_summary.';
CREATE FUNCTION etrace.ttc_summary_final(internal) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_ttc_summary_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ttc_summary_final(internal) IS
    'Internal: final function of etrace.time_to_crime_summary (quartiles by selection, shares).';

-- The final function reorders the collected values while selecting the
-- quartiles but keeps every one of them, so the state may be shared and
-- may take more rows afterwards (READ_ONLY as far as the result goes).
-- SSPACE: the state grows by 4 bytes a value; 1 kB is a group of a few
-- hundred traces, what a report by place or dealer sees.  Without it the
-- planner assumes a large state and sorts rather than hashes the groups.
CREATE AGGREGATE etrace.time_to_crime_summary(days integer) (
    SFUNC = etrace.ttc_summary_transfn,
    STYPE = internal,
    -- the state's size when it starts (64 days); it grows with the group.
    -- The planner weighs hash aggregation by it: at 1024 it chose to sort
    -- the rows of a report with a few dozen groups (on disk) instead
    SSPACE = 320,
    FINALFUNC = etrace.ttc_summary_final,
    FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = etrace.ttc_summary_combine,
    SERIALFUNC = etrace.ttc_summary_serialize,
    DESERIALFUNC = etrace.ttc_summary_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE etrace.time_to_crime_summary(integer) IS
    'Summary of time-to-crime days as jsonb: {"count", "median", "q1", "q3", "share_le_1y", "share_le_3y"}. Quartiles are exact with percentile_cont semantics (position p * (count - 1) of the sorted days, interpolated linearly); the shares are the fractions of count at most 365 and at most 1095 days. NULLs are skipped; with no days, count is 0 and the rest null; negative days raise 22023. Parallel safe (combine, serialize and deserialize functions).
Example: SELECT etrace.time_to_crime_summary(time_to_crime_days) FROM etrace.traces;  -- {"q1": 210, "q3": 1730.5, "count": 4120, "median": 803, ...}';

CREATE FUNCTION etrace.month_number(d date) RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_month_number'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.month_number(date) IS
    'The month of a date (of the common era) as year * 12 + month, so that months subtract: the reports count recoveries in the 12 months up to one. An infinite date raises 22023.
Example: SELECT etrace.month_number(''2026-11-06'') - etrace.month_number(''2025-12-31'');  -- 11';

-- Weekdays since Monday 1900-01-01; a Saturday or Sunday counts as the
-- Monday after it.  Two dates lie within five consecutive business days
-- when their numbers differ by at most 4.  With r the weekday (0 Monday ..
-- 6 Sunday, also before 1900): 5 a week, plus r capped at 5, which is
-- r - r / 6 in integers.  Plain integer arithmetic keeps the body strict,
-- so the planner inlines it (a call per row costs far more than the sum).
CREATE FUNCTION etrace.business_day_number(d date) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
        SELECT 5 * ((d - DATE '1900-01-01') - (((d - DATE '1900-01-01') % 7) + 7) % 7) / 7
               + (((d - DATE '1900-01-01') % 7) + 7) % 7
               - ((((d - DATE '1900-01-01') % 7) + 7) % 7) / 6
    $$;
COMMENT ON FUNCTION etrace.business_day_number(date) IS
    'Business days (Monday to Friday) from Monday 1900-01-01 to the date; a Saturday or Sunday has the number of the following Monday. Holidays are not known. Two sales are within five business days when their numbers differ by at most 4.
Example: SELECT etrace.business_day_number(''2026-11-06'') - etrace.business_day_number(''2026-11-02'');  -- 4 (Monday to Friday)';

-- The counts of trafficking_indicators that need other traces, as a
-- window function over the whole partition (OVER ()): the C code the report
-- uses (src/trafficking_groups.c), callable from SQL, and tested there
-- against plain SQL.  One composite argument: the window function fetches
-- a row once.
CREATE TYPE etrace.trafficking_group_key AS (
    buyer text, dob date, day integer, gun bigint, dealer text, month integer, short boolean);
COMMENT ON TYPE etrace.trafficking_group_key IS
    'Internal: the argument of etrace.trafficking_group_counts: the purchaser (name key and date of birth) and the business day of the purchase, the firearm, the dealer key and the month of recovery, and whether the time-to-crime is short.';
CREATE TYPE etrace.trafficking_group_flags AS (
    purchaser_traces bigint, repeat_purchaser boolean, multiple_sale boolean, dealer_short_traces bigint);
COMMENT ON TYPE etrace.trafficking_group_flags IS
    'Internal: the result of etrace.trafficking_group_counts for one row.';
CREATE FUNCTION etrace.trafficking_group_counts(key etrace.trafficking_group_key)
    RETURNS etrace.trafficking_group_flags
    AS 'MODULE_PATHNAME', 'etrace_trafficking_group_counts'
    LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trafficking_group_counts(etrace.trafficking_group_key) IS
    'Internal: the counts of etrace.trafficking_indicators as a window function, called OVER () (the whole partition). For each row: purchaser_traces, the rows of its buyer and date of birth; repeat_purchaser, whether they hold two or more distinct guns; multiple_sale, whether the rows of the buyer whose day lies within 4 of this row''s day hold two or more distinct guns; dealer_short_traces, the rows of its dealer whose month lies in month - 11 .. month with short true. The buyer''s fields are NULL without a buyer and date of birth, multiple_sale also without a day, dealer_short_traces without a dealer (0 without a month). A NULL key or gun raises 22004.';

-- The reasons of trafficking_indicators as the report words them (its C
-- code, src/trafficking_indicators.c), callable on their own.
CREATE FUNCTION etrace.indicator_reasons(own_reasons text[], purchaser_traces bigint,
                                         repeat_purchaser boolean, multiple_sale boolean, hot_dealer boolean,
                                         dealer_key text, dealer_short_traces bigint, month integer)
    RETURNS text[]
    AS 'MODULE_PATHNAME', 'etrace_indicator_reasons'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.indicator_reasons(text[], bigint, boolean, boolean, boolean, text, bigint, integer) IS
    'Internal: the reasons of etrace.trafficking_indicators for one trace: own_reasons, then, for each flag that is true, ''purchaser named on N traces'', ''sold to the purchaser within 5 business days of another traced firearm'' and ''dealer K had N short time-to-crime traces in the 12 months to YYYY-MM'' (month = etrace.month_number of the recovery). A reason with a NULL value is left out; with no flag true, own_reasons itself.';

---------------------------------------------------- connected components

CREATE FUNCTION etrace.connected_components(a bigint[], b bigint[])
    RETURNS TABLE (node bigint, component integer)
    AS 'MODULE_PATHNAME', 'etrace_connected_components'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION etrace.connected_components(bigint[], bigint[]) IS
    'Connected components of the graph whose edge i joins a[i] and b[i] (union-find with path compression and union by rank): one row per distinct node, ascending, with its component numbered from 1 in the order of each component''s smallest node. An edge (x, x) makes x a node of its own. Arrays of different lengths raise 22023, a NULL element 22004.
Example: SELECT * FROM etrace.connected_components(ARRAY[1, 3, 7], ARRAY[2, 2, 7]);  -- (1,1) (2,1) (3,1) (7,2)';

------------------------------------------------------------ the reports

-- The reports read the tables themselves, as etrace_owner (row-level
-- security applies with the caller's identity), and mask exactly as the
-- view etrace.traces does: a sensitive unit of a trace is used only when
-- the caller sees the trace's agency in full (etrace.full_access_agencies())
-- or the tracing center consented to disclose that unit to the caller's
-- agency (etrace.consented_units()).  Not through the view, for two
-- reasons: its lateral full-access test keeps every join above it out of
-- parallel workers (three times slower on a million traces), and its
-- per-row consent lookups would run inside parallel workers, which have no
-- client address and so no caller standing.  Both caller-dependent inputs
-- are computed once, in the leader, and passed as parameters.

-- The WHERE clause of a report's trace filter (the keys of find_traces),
-- over the masked rows of etrace.report_rows_sql aliased t, so that a
-- filter on a masked column cannot pick out traces by their hidden value.
-- A report covers every matching trace: limit and offset are refused.
CREATE FUNCTION etrace.report_filter_sql(filter jsonb) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF jsonb_typeof(filter) = 'object' AND (filter ? 'limit' OR filter ? 'offset') THEN
            PERFORM etrace.raise_field_error('filter', CASE WHEN filter ? 'limit' THEN 'limit' ELSE 'offset' END,
                'a report covers every matching trace; use LIMIT and OFFSET in the query', '22023');
        END IF;
        RETURN etrace.trace_filter_sql(filter);
    END
    $$;
COMMENT ON FUNCTION etrace.report_filter_sql(jsonb) IS
    'Internal: validates a report filter (the keys of find_traces except limit and offset) and returns its WHERE clause over the masked report rows t, parameterised by $1 = the filter.';

-- The agencies whose traces the caller sees in full, or NULL when that is
-- every agency it sees at all (the tracing center): then nothing is
-- masked, and the planner folds every masking test away.
CREATE FUNCTION etrace.report_full_access() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT CASE WHEN etrace.visible_agencies() <@ f.a THEN NULL ELSE f.a END
          FROM (SELECT etrace.full_access_agencies() AS a) f
    $$;
COMMENT ON FUNCTION etrace.report_full_access() IS
    'Internal: etrace.full_access_agencies(), or NULL when the caller sees every visible trace in full. Parallel restricted: it depends on the caller''s session.';

-- The consents the caller's agency holds, as {"trace id": [units]}, from
-- etrace.consented_units() for each trace named in a disclosure to it.
-- SECURITY DEFINER (etrace_owner; the disclosure policies still apply, with
-- the caller taken from the outer user): etrace.unmasked calls it once per
-- statement from the caller's own query on etrace.traces.
CREATE FUNCTION etrace.report_consents() RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT coalesce(jsonb_object_agg(s.trace_id::text, to_jsonb(etrace.consented_units(s.trace_id))), '{}')
          FROM (SELECT DISTINCT x.trace_id
                  FROM etrace.disclosure d, unnest(d.traces) x (trace_id)
                 WHERE d.recipient_agency = etrace.current_agency()) s
    $$;
COMMENT ON FUNCTION etrace.report_consents() IS
    'Internal: the sensitive units of traces that the tracing center consented to disclose to the caller''s agency, as {"trace id": [units]} (etrace.consented_units() for each trace named in a disclosure to it). Parallel restricted: it depends on the caller''s session.';

-- Per visible trace, what the reports use, each value as the caller may
-- see it.  Parameters: $1 the filter, $2 etrace.report_full_access(), $3
-- etrace.report_consents(), $4 the tracing center's country (the source
-- country of a dealer known only by its licence).  The rows t carry the
-- columns the filter may name, masked; the purchaser and possessor (name
-- key and date of birth) are joined only where their unit is visible.
-- Every join is a plain one, so the planner removes those a report does
-- not use and runs the rest in parallel workers.
CREATE FUNCTION etrace.report_rows_sql(filter jsonb) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        -- may the caller see unit %3 of the trace of row %1 (id column %2)?
        vis constant text := '($2 IS NULL OR %1$s.agency_id = ANY ($2) OR ($3 -> %1$s.%2$s::text) ? %3$L)';
    BEGIN
        RETURN format($q$
            SELECT t.id, t.trace_number, t.agency_id, t.obliterated, t.recovery_date, t.recovery_country,
                   t.recovery_subdivision, t.firearm_id, t.outcome, t.dealer_ffl, t.dealer_name, t.purchase_date,
                   coalesce(t.firearm_id, -t.id) AS gun,
                   coalesce(t.time_to_crime_days, t.recovery_date - t.purchase_date) AS ttc,
                   etrace.ffl_rds_key(t.dealer_ffl) COLLATE "C" AS dealer_key,
                   etrace.month_number(t.recovery_date) AS month,
                   t.dealer_subdivision AS source_subdivision,
                   coalesce(left(t.dealer_subdivision, 2), CASE WHEN t.dealer_ffl IS NOT NULL THEN $4 END) AS source_country,
                   t.people_visible,
                   pu.name_key COLLATE "C" AS purchaser_name, pu.dob AS purchaser_dob,
                   -- the purchaser as matched across traces: without a date of birth, nobody
                   CASE WHEN pu.dob IS NOT NULL THEN pu.name_key END COLLATE "C" AS buyer,
                   po.name_key COLLATE "C" AS possessor_name, po.dob AS possessor_dob,
                   (%1$s) AS selected
              FROM (SELECT tr.id, tr.trace_number, tr.agency_id, tr.status, tr.priority, tr.crime_code,
                           tr.request_date, tr.submitted_at, tr.serial, tr.obliterated, tr.manufacturer_key,
                           tr.model, tr.caliber, tr.caliber_canonical, tr.firearm_type, tr.country_of_origin,
                           tr.recovery_date, tr.recovery_country,
                           CASE WHEN %2$s THEN tr.recovery_subdivision END AS recovery_subdivision,
                           CASE WHEN %3$s THEN tr.recovery_locality END AS recovery_locality,
                           CASE WHEN %4$s THEN tr.firearm_id END AS firearm_id,
                           res.outcome,
                           CASE WHEN %5$s THEN res.dealer_ffl END AS dealer_ffl,
                           CASE WHEN %6$s THEN res.dealer_name END AS dealer_name,
                           CASE WHEN %7$s THEN res.dealer_subdivision END AS dealer_subdivision,
                           CASE WHEN %8$s THEN res.purchase_date END AS purchase_date,
                           CASE WHEN %9$s THEN res.time_to_crime_days END AS time_to_crime_days,
                           %10$s AND %11$s AS people_visible
                      FROM etrace.trace tr
                      LEFT JOIN etrace.trace_result res ON res.trace_id = tr.id) t
              LEFT JOIN (SELECT p.trace_id, p.name_key, p.dob FROM etrace.trace_person p
                          WHERE p.role = 'purchaser' AND p.ordinal = 0 AND %12$s) pu ON pu.trace_id = t.id
              LEFT JOIN (SELECT p.trace_id, p.name_key, p.dob FROM etrace.trace_person p
                          WHERE p.role = 'possessor' AND p.ordinal = 0 AND %13$s) po ON po.trace_id = t.id
            $q$,
            etrace.report_filter_sql(filter),
            format(vis, 'tr', 'id', 'recovery.subdivision'), format(vis, 'tr', 'id', 'recovery.locality'),
            format(vis, 'tr', 'id', 'linked_traces'), format(vis, 'tr', 'id', 'result.dealer_ffl'),
            format(vis, 'tr', 'id', 'result.dealer_name'), format(vis, 'tr', 'id', 'result.dealer_subdivision'),
            format(vis, 'tr', 'id', 'result.purchase_date'), format(vis, 'tr', 'id', 'result.time_to_crime_days'),
            format(vis, 'tr', 'id', 'result.purchaser'), format(vis, 'tr', 'id', 'possessor'),
            format(vis, 'p', 'trace_id', 'result.purchaser'), format(vis, 'p', 'trace_id', 'possessor'));
    END
    $$;
COMMENT ON FUNCTION etrace.report_rows_sql(jsonb) IS
    'Internal: the query of the visible traces as the reports use them, sensitive values masked as in etrace.traces, with the purchaser and possessor where visible, time-to-crime, dealer key, source country and subdivision, and whether the trace matches the filter. Parameters: $1 the filter, $2 etrace.report_full_access(), $3 etrace.report_consents(), $4 etrace.tracing_center_country().';

-- The per-trace part of trafficking_indicators: one row a visible trace,
-- computed in the parallel workers (not flattened into anything above it):
-- the keys of its groups, then its own flags, their count and reasons, and
-- whether it matches the filter.  The columns are read by position in C
-- (src/trafficking_indicators.c checks their number and types):
--  buyer, dob, day: the purchaser (name key and date of birth; without a
--    date of birth a purchaser is matched to nobody) and the business day
--    of the purchase;
--  gun: the firearm; dealer: the region-district-sequence key; month: of
--    the recovery (etrace.month_number); short: time-to-crime <= $5;
--  trace_number, the five own flags, selected, own_indicators, own_reasons.
-- Parameters: $1 .. $4 as etrace.report_rows_sql, $5 the short and $6 the
-- strong time-to-crime thresholds in days.
CREATE FUNCTION etrace.trafficking_indicator_rows_sql(filter jsonb) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $f$
    SELECT format($q$
        SELECT o.buyer, o.purchaser_dob AS dob,
               CASE WHEN o.buyer IS NOT NULL THEN etrace.business_day_number(o.purchase_date) END AS day,
               o.gun, o.dealer_key AS dealer, o.month, o.ttc <= $5 AS short,
               o.trace_number, o.short_ttc, o.strong_short_ttc, o.obliterated, o.possessor_not_purchaser,
               o.outside_source, o.selected,
               coalesce(o.short_ttc, false)::integer + o.obliterated::integer
               + coalesce(o.possessor_not_purchaser, false)::integer
               + coalesce(o.outside_source, false)::integer AS own_indicators,
               array_remove(ARRAY[
                   CASE WHEN o.short_ttc THEN 'purchased ' || o.ttc || ' days before recovery' END,
                   CASE WHEN o.obliterated THEN 'serial number obliterated' END,
                   CASE WHEN o.possessor_not_purchaser THEN
                       CASE WHEN o.possessor_name IS NULL THEN 'possessor unknown'
                            ELSE 'possessor is not the purchaser' END END,
                   CASE WHEN o.outside_source THEN
                       CASE WHEN o.recovery_country = o.source_country
                            THEN 'recovered in ' || o.recovery_subdivision || ', sold by a dealer in ' || o.source_subdivision
                            ELSE 'recovered in ' || o.recovery_country || ', sold by a dealer in ' || o.source_country
                       END END],
                   NULL) AS own_reasons
          FROM (
            SELECT r.*,
                   CASE WHEN r.ttc IS NOT NULL THEN r.ttc <= $5 END AS short_ttc,
                   CASE WHEN r.ttc IS NOT NULL THEN r.ttc <= $6 END AS strong_short_ttc,
                   CASE WHEN NOT r.people_visible OR r.purchaser_name IS NULL THEN NULL
                        WHEN r.possessor_name IS NULL THEN true
                        ELSE NOT (r.possessor_name = r.purchaser_name
                                  AND (r.possessor_dob IS NULL OR r.purchaser_dob IS NULL
                                       OR r.possessor_dob = r.purchaser_dob))
                   END AS possessor_not_purchaser,
                   CASE WHEN r.source_country IS NULL THEN NULL
                        WHEN r.recovery_country <> r.source_country THEN true
                        WHEN r.source_subdivision IS NULL OR r.recovery_subdivision IS NULL THEN NULL
                        ELSE r.recovery_subdivision <> r.source_subdivision
                   END AS outside_source
              FROM (%s) r) o
        $q$, etrace.report_rows_sql(filter))
    $f$;
COMMENT ON FUNCTION etrace.trafficking_indicator_rows_sql(jsonb) IS
    'Internal: the per-trace query of etrace.trafficking_indicators (see the comment in the extension script).';

-- The report: the per-trace query above, read in C as the executor yields
-- it (the keys are grouped while the workers still join), then the group
-- counts of trafficking_groups.c and the reasons (src/trafficking_indicators.c).
-- Every visible trace counts; only those matching the filter are returned.
CREATE FUNCTION etrace.trafficking_indicators(filter jsonb DEFAULT '{}')
    RETURNS TABLE (trace_number etrace.trace_number, short_ttc boolean, strong_short_ttc boolean,
                   obliterated boolean, possessor_not_purchaser boolean, outside_source boolean,
                   repeat_purchaser boolean, multiple_sale boolean, hot_dealer boolean,
                   indicators integer, reasons text[])
    AS 'MODULE_PATHNAME', 'etrace_trafficking_indicators'
    LANGUAGE C STABLE SECURITY DEFINER PARALLEL UNSAFE ROWS 1000
    SET search_path = pg_catalog, etrace, pg_temp
    -- The leader has serial work of its own: it groups and keeps every row
    -- the workers send.  Joining the scans as well, it would leave their
    -- tuple queues full and the workers waiting (the case the setting's
    -- documentation names).  Measured in test/bench/README.md.
    SET parallel_leader_participation = off;
COMMENT ON FUNCTION etrace.trafficking_indicators(jsonb) IS
    'Trafficking indicators of each trace the caller may see that matches the filter (the keys of find_traces, without limit and offset), in no particular order. Flags: short_ttc (time-to-crime at most etrace.short_ttc_days), strong_short_ttc (at most etrace.strong_ttc_days), obliterated (serial), possessor_not_purchaser (the possessor is unknown or is not the purchaser, by name key and date of birth), outside_source (recovered outside the country or subdivision of the selling dealer), repeat_purchaser (the purchaser is named on traces of two or more firearms), multiple_sale (sold to its purchaser within 5 business days of another traced firearm), hot_dealer (its dealer, by region-district-sequence key, had at least etrace.hot_dealer_traces short time-to-crime traces recovered in the 12 calendar months up to this recovery). Counts run over every trace the caller may see, not only the filtered ones. A flag is NULL when it cannot be told: a missing value, or a unit the caller may not see (a trace seen only through data sharing without the tracing center''s consent). indicators counts the true flags (strong_short_ttc is not counted again); reasons says why, in words.
Example: SELECT * FROM etrace.trafficking_indicators(''{"recovery_country": "MX"}'') WHERE indicators >= 3 ORDER BY indicators DESC;';

CREATE FUNCTION etrace.corridors(filter jsonb DEFAULT '{}')
    RETURNS TABLE (source_country char(2), source_subdivision text, recovery_country char(2),
                   recovery_subdivision text, traces bigint, median_ttc_days float8, short_ttc_share float8)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RETURN QUERY EXECUTE format($q$
            SELECT s.source_country::char(2), s.source_subdivision, s.recovery_country::char(2),
                   s.recovery_subdivision, count(*),
                   (etrace.time_to_crime_summary(s.ttc) ->> 'median')::float8,
                   (count(*) FILTER (WHERE s.ttc <= $5))::float8 / nullif(count(s.ttc), 0)
              FROM (%s) s
             WHERE s.outcome IS NOT NULL AND s.selected
             GROUP BY 1, 2, 3, 4
             ORDER BY 5 DESC, 1, 2, 3, 4
            $q$, etrace.report_rows_sql(filter))
        USING filter, etrace.report_full_access(), etrace.report_consents(), etrace.tracing_center_country(),
              etrace.setting_short_ttc_days();
    END
    $$;
COMMENT ON FUNCTION etrace.corridors(jsonb) IS
    'Trafficking corridors: traces with a result (a dealer or purchaser found) that the caller may see and that match the filter, counted by source (the country and subdivision where the selling dealer is licensed; the tracing center''s country when only the licence is known) and recovery place, with the median time-to-crime (percentile_cont, by etrace.time_to_crime_summary) and the share of known times-to-crime at most etrace.short_ttc_days. Most traces first. A unit the caller may not see (traces seen only through data sharing without consent) is never used: such a trace counts in the row of its recovery country with a NULL source (source unknown or not disclosed) and a NULL recovery subdivision, and its time-to-crime is left out of the median and share.
Example: SELECT * FROM etrace.corridors(''{"recovery_date_from": "2025-01-01"}'') LIMIT 10;';

CREATE FUNCTION etrace.source_dealers(filter jsonb DEFAULT '{}', top integer DEFAULT 50)
    RETURNS TABLE (dealer_ffl etrace.ffl_number, dealer_rds_key text, dealer_name text, traces bigint,
                   short_ttc_traces bigint, recovery_places bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF top IS NULL OR top < 1 THEN
            RAISE EXCEPTION 'top must be a positive number of dealers, not %', coalesce(top::text, 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- Rank every dealer by a cheap aggregate first; names and places
        -- only for the top ones.
        RETURN QUERY EXECUTE format($q$
            WITH s AS MATERIALIZED (
                SELECT r.dealer_key, r.dealer_ffl, r.dealer_name, r.ttc,
                       coalesce(r.recovery_subdivision, r.recovery_country) AS place
                  FROM (%s) r
                 WHERE r.dealer_ffl IS NOT NULL AND r.selected),
            d AS (
                SELECT s.dealer_key, max(s.dealer_ffl) AS dealer_ffl, count(*) AS traces,
                       count(*) FILTER (WHERE s.ttc <= $5) AS short_ttc_traces
                  FROM s GROUP BY 1
                 ORDER BY 3 DESC, 4 DESC, 1
                 LIMIT $6),
            x AS (
                SELECT s.dealer_key, mode() WITHIN GROUP (ORDER BY s.dealer_name) AS dealer_name,
                       count(DISTINCT s.place) AS places
                  FROM s WHERE s.dealer_key IN (SELECT d.dealer_key FROM d)
                 GROUP BY 1)
            SELECT d.dealer_ffl, d.dealer_key::text, x.dealer_name, d.traces, d.short_ttc_traces, x.places
              FROM d JOIN x USING (dealer_key)
             ORDER BY d.traces DESC, d.short_ttc_traces DESC, d.dealer_key
            $q$, etrace.report_rows_sql(filter))
        USING filter, etrace.report_full_access(), etrace.report_consents(), etrace.tracing_center_country(),
              etrace.setting_short_ttc_days(), top;
    END
    $$;
COMMENT ON FUNCTION etrace.source_dealers(jsonb, integer) IS
    'The dealers that sold the most traced firearms among the traces the caller may see that match the filter: one row per dealer (by region-district-sequence key, so renewed licences count together) with its highest licence number seen, its most frequent recorded name, its traces, those with a time-to-crime at most etrace.short_ttc_days, and the distinct recovery places (subdivision, or country when the subdivision is unknown or not disclosed). Ranked by traces, then short time-to-crime traces; at most top rows. Traces whose dealer the caller may not see (seen only through data sharing without consent) are left out.
Example: SELECT * FROM etrace.source_dealers(''{"recovery_country": "MX"}'', top => 10);';

CREATE FUNCTION etrace.trace_networks(filter jsonb DEFAULT '{}', min_size integer DEFAULT 2,
                                      max_links integer DEFAULT 100000)
    RETURNS TABLE (network integer, size integer, traces etrace.trace_number[], links jsonb)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF min_size IS NULL OR min_size < 1 THEN
            RAISE EXCEPTION 'min_size must be at least 1, not %', coalesce(min_size::text, 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF max_links IS NULL OR max_links < 0 THEN
            RAISE EXCEPTION 'max_links must be at least 0, not %', coalesce(max_links::text, 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        -- keys: what a trace may share with another, each only where the
        -- caller may see it: a person (name key and date of birth; people
        -- without a date of birth are not matched), the dealer and purchase
        -- date, the firearm.  Each group of traces sharing a key is linked
        -- as a star around its first-filed trace, which is enough for the
        -- components and names every trace's link.
        RETURN QUERY EXECUTE format($q$
            WITH v AS MATERIALIZED (
                SELECT r.id, r.trace_number, r.firearm_id, r.dealer_key, r.purchase_date
                  FROM (%s) r WHERE r.selected),
            keys AS (
                SELECT v.id, 'person ' || p.name_key || ' ' || p.dob AS key, p.role AS via
                  FROM v JOIN etrace.trace_person p ON p.trace_id = v.id
                 WHERE p.name_key IS NOT NULL AND p.dob IS NOT NULL
                   AND ($2 IS NULL OR p.agency_id = ANY ($2)
                        OR ($3 -> p.trace_id::text) ? CASE p.role WHEN 'purchaser' THEN 'result.purchaser'
                                                                  WHEN 'possessor' THEN 'possessor'
                                                                  ELSE 'associates' END)
                UNION
                SELECT v.id, 'dealer ' || v.dealer_key || ' ' || v.purchase_date, 'dealer_and_purchase_date'
                  FROM v WHERE v.dealer_key IS NOT NULL AND v.purchase_date IS NOT NULL
                UNION
                SELECT v.id, 'firearm ' || v.firearm_id, 'firearm'
                  FROM v WHERE v.firearm_id IS NOT NULL),
            hubs AS (
                SELECT k.key, min(k.id) AS hub FROM keys k GROUP BY 1 HAVING min(k.id) <> max(k.id)),
            hub_via AS (
                SELECT h.key, h.hub, min(k.via) AS via
                  FROM hubs h JOIN keys k ON k.key = h.key AND k.id = h.hub GROUP BY 1, 2),
            edges AS (
                SELECT DISTINCT h.hub AS a, k.id AS b,
                       CASE WHEN h.via = k.via THEN k.via ELSE h.via || '/' || k.via END AS via
                  FROM hub_via h JOIN keys k ON k.key = h.key AND k.id <> h.hub),
            graph AS (
                SELECT e.a, e.b FROM edges e
                UNION ALL
                SELECT v.id, v.id FROM v WHERE $5 <= 1),
            comp AS (
                SELECT c.node, c.component
                  FROM (SELECT array_agg(g.a) AS a, array_agg(g.b) AS b FROM graph g) e
                 CROSS JOIN LATERAL etrace.connected_components(e.a, e.b) c),
            nets AS (
                SELECT c.component, count(*)::integer AS size,
                       array_agg(v.trace_number ORDER BY v.trace_number) AS traces
                  FROM comp c JOIN v ON v.id = c.node
                 GROUP BY 1 HAVING count(*) >= $5),
            -- a network with more links than max_links gets none listed
            -- (links NULL): over millions of traces, shared dealers and
            -- sale dates join most of them into one network, whose links
            -- would pass jsonb's 256 MB limit
            net_edges AS MATERIALIZED (
                SELECT c.component, e.a, e.b, e.via
                  FROM edges e JOIN comp c ON c.node = e.a
                 WHERE c.component IN (SELECT nets.component FROM nets)),
            listed AS (
                SELECT ne.component FROM net_edges ne GROUP BY 1 HAVING count(*) <= $6),
            links AS (
                SELECT ne.component,
                       jsonb_agg(jsonb_build_object('a', va.trace_number::text, 'b', vb.trace_number::text, 'via', ne.via)
                                 ORDER BY va.trace_number, vb.trace_number, ne.via) AS links
                  FROM net_edges ne
                  JOIN v va ON va.id = ne.a JOIN v vb ON vb.id = ne.b
                 WHERE ne.component IN (SELECT listed.component FROM listed)
                 GROUP BY 1)
            SELECT (row_number() OVER (ORDER BY n.size DESC, n.traces[1]))::integer, n.size, n.traces,
                   CASE WHEN l.links IS NOT NULL THEN l.links
                        WHEN n.size = 1 THEN '[]'::jsonb END
              FROM nets n LEFT JOIN links l USING (component)
             ORDER BY 1
            $q$, etrace.report_rows_sql(filter))
        USING filter, etrace.report_full_access(), etrace.report_consents(), etrace.tracing_center_country(),
              min_size, max_links;
    END
    $$;
COMMENT ON FUNCTION etrace.trace_networks(jsonb, integer, integer) IS
    'Networks among the traces the caller may see that match the filter: connected components of traces linked by a shared person (purchaser, possessor or associate with the same name key and date of birth; people without a date of birth are never matched, since a name alone links strangers), the same dealer (region-district-sequence key) and purchase date, or the same firearm. A link is made only from units the caller may see. network numbers the components, largest first; traces lists them; links = [{"a": trace, "b": trace, "via": "purchaser" | "possessor" | "associate" | "possessor/purchaser" (the person''s role in a, then in b) | "dealer_and_purchase_date" | "firearm"}], a being the first-filed trace of those sharing the link. Components smaller than min_size (default 2) are left out; min_size 1 also lists unlinked traces (links []). A network joined by more than max_links links (default 100,000) has links NULL: its traces are all listed, its links not (over millions of traces, shared dealers and sale dates can join most of them into one network).
Example: SELECT network, size, traces FROM etrace.trace_networks(''{"recovery_country": "MX"}'', min_size => 3);';

GRANT EXECUTE ON FUNCTION
    etrace.trafficking_indicators(jsonb),
    etrace.corridors(jsonb),
    etrace.source_dealers(jsonb, integer),
    etrace.trace_networks(jsonb, integer, integer),
    etrace.time_to_crime(date, date),
    etrace.time_to_crime_summary(integer),
    etrace.business_day_number(date),
    etrace.connected_components(bigint[], bigint[])
    TO etrace_analyst, etrace_user, etrace_ntc;
