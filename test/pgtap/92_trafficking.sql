-- Trafficking analytics over a small world: indicators, corridors, source
-- dealers and networks, as agency A's analyst (who sees A's traces in full
-- and agency B's, shared with A's country, masked except what the tracing
-- center consented to), and as the tracing center (everything).
BEGIN;
SELECT plan(85);
\ir fixtures/world.psql

SELECT etrace.create_account('tap_a_an', :a_id, '{"name": "Alma Analista"}', ARRAY['etrace_analyst']) AS an_acct \gset
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b1_acct)::jsonb);
-- two dealers in Texas; D1 appears under two licences of one licensee
\set d1 '"8-23-091-01-7F-14245"'
\set d1b '"8-23-091-01-8C-14245"'
\set d2 '"5-74-113-01-7F-14246"'

------------------------------------------------------------ the world
-- A1  Doe possesses a gun Vega bought 122 days before (short, strong), sold
--     with A2's three days apart: repeat purchaser, multiple sale
-- A2  Vega possesses the gun he bought (74 days); D2 also sold A5 in the 12
--     months before: with etrace.hot_dealer_traces = 2, a hot dealer
-- A3  obliterated, no possessor, recovered in Texas where D1 sold it (not
--     outside), bought the same day at the same dealer as A6
-- A4  A1's firearm again, not worked yet
-- A5  Cruz bought and possessed it (34 days); Doe is her associate
-- A6  Lara (no date of birth) possesses what Lara (with one) bought
-- B1  B's, obliterated, Vega again; shared with A without consent
-- B2  B's, Vega again; A may see its time-to-crime and purchaser (consent)
-- C1  C's (not shared), Vega again
SET ROLE tap_a1;
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', '"A-0001"')) AS a1 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"A-0002"'),
    '{recovery,date}', '"2026-09-15"'),
    '{possessor}', '{"last_name": "Vega", "first_name": "Luis", "dob": "1996-04-21"}')) AS a2 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(jsonb_set(jsonb_set(
    (:'doc'::jsonb #- '{firearm,serial}' #- '{recovery,latitude}' #- '{recovery,longitude}') - 'possessor',
    '{firearm,obliterated}', 'true'), '{recovery,date}', '"2026-10-01"'), '{recovery,country}', '"US"'),
    '{recovery,subdivision}', '"US-TX"'), '{recovery,locality}', '"El Paso"')) AS a3 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"A-0001"'),
    '{recovery,date}', '"2026-11-01"'), '{possessor}', '{"last_name": "Ortiz", "first_name": "Pablo"}')) AS a4 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"A-0005"'),
    '{recovery,date}', '"2025-12-05"'),
    '{possessor}', '{"last_name": "Cruz", "first_name": "Maria", "dob": "1980-02-02"}'),
    '{associates}', '[{"last_name": "Doe", "first_name": "John", "dob": "1990-01-01", "relationship": "brother"}]')) AS a5 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"A-0006"'),
    '{recovery,date}', '"2026-06-01"'), '{possessor}', '{"last_name": "Lara", "first_name": "Beto"}')) AS a6 \gset
RESET ROLE;
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc'::jsonb #- '{firearm,serial}',
    '{firearm,obliterated}', 'true'), '{recovery,date}', '"2026-08-20"'), '{recovery,subdivision}', '"MX-SON"'),
    '{possessor}', '{"last_name": "Vega", "first_name": "Luis", "dob": "1996-04-21"}')) AS b1 \gset
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"B-0002"'),
    '{recovery,date}', '"2026-10-20"'), '{recovery,subdivision}', '"MX-SON"')) AS b2 \gset
SELECT etrace.share_with(:b_id, '{"scope": "country"}');
RESET ROLE;
SET ROLE tap_c1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"C-0001"'),
    '{recovery,date}', '"2026-09-10"'), '{recovery,country}', '"US"'), '{recovery,subdivision}', '"US-TX"')) AS c1 \gset
RESET ROLE;

SET ROLE tap_ntc;
CREATE FUNCTION pg_temp.work(tn etrace.trace_number, ffl text, dealer text, bought date, last text, first text, dob date)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM etrace.start_trace(tn);
        PERFORM etrace.complete_trace(tn, jsonb_build_object(
            'outcome', 'purchaser_identified', 'dealer_ffl', ffl, 'dealer_name', dealer,
            'dealer_subdivision', 'US-TX', 'purchase_date', bought,
            'purchaser', jsonb_strip_nulls(jsonb_build_object('last_name', last, 'first_name', first, 'dob', dob))));
    END $$;
SELECT pg_temp.work(:'a1', :'d1'::jsonb ->> 0, 'Border Guns LLC', '2026-06-30', 'Vega', 'Luis', '1996-04-21');
SELECT pg_temp.work(:'a2', :'d2'::jsonb ->> 0, 'Lone Star Guns', '2026-07-03', 'Vega', 'Luis', '1996-04-21');
SELECT pg_temp.work(:'a3', :'d1b'::jsonb ->> 0, 'Border Guns LLC', '2020-01-15', 'Roe', 'Jane', '1985-05-05');
SELECT pg_temp.work(:'a5', :'d2'::jsonb ->> 0, 'Lone Star Guns', '2025-11-01', 'Cruz', 'Maria', '1980-02-02');
SELECT pg_temp.work(:'a6', :'d1'::jsonb ->> 0, 'Border Guns', '2020-01-15', 'Lara', 'Beto', '1970-03-03');
SELECT pg_temp.work(:'b1', :'d1'::jsonb ->> 0, 'Border Guns LLC', '2026-07-01', 'Vega', 'Luis', '1996-04-21');
SELECT pg_temp.work(:'b2', :'d2'::jsonb ->> 0, 'Lone Star Guns', '2025-01-10', 'Vega', 'Luis', '1996-04-21');
SELECT pg_temp.work(:'c1', :'d1'::jsonb ->> 0, 'Border Guns LLC', '2026-07-02', 'Vega', 'Luis', '1996-04-21');
RESET ROLE;
-- the tracing center consents to show A two units of B2
SET ROLE tap_b1;
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Fiscalia de Jalisco", "recipient_agency": %s, "purpose": "Straw purchasing case", "fields": ["result.time_to_crime_days", "result.purchaser"]}', :'b2', :a_id)::jsonb) AS disc \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.decide_disclosure(:disc, '{"decision": "consent"}');
RESET ROLE;

SET etrace.hot_dealer_traces = 2;
-- flags as one string: short, strong, obliterated, possessor not purchaser,
-- outside source, repeat purchaser, multiple sale, hot dealer (t, f, or -
-- for NULL), then the count
CREATE FUNCTION pg_temp.flags(short_ttc boolean, strong_short_ttc boolean, obliterated boolean,
                              possessor_not_purchaser boolean, outside_source boolean, repeat_purchaser boolean,
                              multiple_sale boolean, hot_dealer boolean, indicators integer)
    RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(CASE WHEN f THEN 't' WHEN NOT f THEN 'f' ELSE '-' END, '' ORDER BY o) || ' ' || indicators
      FROM unnest(ARRAY[short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser, outside_source,
                        repeat_purchaser, multiple_sale, hot_dealer]) WITH ORDINALITY u(f, o) $$;

SET ROLE tap_a_an;
CREATE TEMP TABLE ind_a AS SELECT * FROM etrace.trafficking_indicators();
CREATE TEMP TABLE cor_a AS SELECT * FROM etrace.corridors();
CREATE TEMP TABLE dealers_a AS SELECT * FROM etrace.source_dealers();
CREATE TEMP TABLE net_a AS SELECT * FROM etrace.trace_networks();
RESET ROLE;
SET ROLE tap_ntc;
CREATE TEMP TABLE ind_ntc AS SELECT * FROM etrace.trafficking_indicators();
CREATE TEMP TABLE net_ntc AS SELECT * FROM etrace.trace_networks();
CREATE TEMP TABLE dealers_ntc AS SELECT * FROM etrace.source_dealers();
RESET ROLE;

-- The report (C: the per-trace query read by a DestReceiver, the groups
-- counted in memory) against the same query written out in SQL as the
-- report was before: the window function over the per-trace rows, the flags
-- and the reasons in plain SQL.  Run as the report runs (SECURITY DEFINER,
-- etrace_owner), for each caller.
CREATE SCHEMA tap_ref;
GRANT CREATE, USAGE ON SCHEMA tap_ref TO etrace_owner;
GRANT USAGE ON SCHEMA tap_ref TO PUBLIC;
CREATE FUNCTION tap_ref.indicators(filter jsonb) RETURNS SETOF text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, etrace, pg_temp AS $f$
    BEGIN
        RETURN QUERY EXECUTE format($q$
            SELECT concat_ws('|', w.trace_number, w.short_ttc, w.strong_short_ttc, w.obliterated,
                             w.possessor_not_purchaser, w.outside_source, w.repeat_purchaser, w.multiple_sale,
                             w.dealer_short_traces >= $7,
                             w.own_indicators + coalesce(w.repeat_purchaser, false)::integer
                             + coalesce(w.multiple_sale, false)::integer
                             + coalesce(w.dealer_short_traces >= $7, false)::integer,
                             CASE WHEN w.repeat_purchaser OR w.multiple_sale OR w.dealer_short_traces >= $7 THEN
                                 w.own_reasons || array_remove(ARRAY[
                                     CASE WHEN w.repeat_purchaser THEN 'purchaser named on ' || w.purchaser_traces || ' traces' END,
                                     CASE WHEN w.multiple_sale THEN
                                         'sold to the purchaser within 5 business days of another traced firearm' END,
                                     CASE WHEN w.dealer_short_traces >= $7 THEN
                                         'dealer ' || w.dealer || ' had ' || w.dealer_short_traces
                                         || ' short time-to-crime traces in the 12 months to '
                                         || (w.month - 1) / 12 || '-' || lpad((mod(w.month - 1, 12) + 1)::text, 2, '0') END],
                                     NULL)
                             ELSE w.own_reasons END)
              FROM (SELECT p.*, (etrace.trafficking_group_counts(ROW(p.buyer, p.dob, p.day, p.gun, p.dealer, p.month,
                                                                     p.short)::etrace.trafficking_group_key) OVER ()).*
                      FROM (%s) p) w
             WHERE w.selected
            $q$, etrace.trafficking_indicator_rows_sql(filter))
        USING filter, etrace.report_full_access(), etrace.report_consents(), etrace.tracing_center_country(),
              etrace.setting_short_ttc_days(), least(etrace.setting_strong_ttc_days(), etrace.setting_short_ttc_days()),
              etrace.setting_hot_dealer_traces();
    END
    $f$;
ALTER FUNCTION tap_ref.indicators(jsonb) OWNER TO etrace_owner;
CREATE FUNCTION tap_ref.report(filter jsonb) RETURNS SETOF text LANGUAGE sql AS $f$
    SELECT concat_ws('|', trace_number, short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser,
                     outside_source, repeat_purchaser, multiple_sale, hot_dealer, indicators, reasons)
      FROM etrace.trafficking_indicators(filter) $f$;
SET ROLE tap_a_an;
SELECT set_eq($$SELECT tap_ref.report('{}')$$, $$SELECT tap_ref.indicators('{}')$$,
    'A''s analyst: the report is its SQL formulation, every column of every trace');
SELECT set_eq($$SELECT tap_ref.report('{"recovery_country": "US"}')$$,
              $$SELECT tap_ref.indicators('{"recovery_country": "US"}')$$,
    'and with a filter (the counts still over every visible trace)');
SELECT throws_ok($$SELECT * FROM etrace.trafficking_indicators(NULL)$$, '22023',
    'invalid filter document: $: must be a JSON object', 'a NULL filter is refused as find_traces refuses it');
RESET ROLE;
SET ROLE tap_ntc;
SELECT set_eq($$SELECT tap_ref.report('{}')$$, $$SELECT tap_ref.indicators('{}')$$,
    'the tracing center: the report is its SQL formulation');
SELECT ok((SELECT count(*) FROM tap_ref.report('{}')) >= 9, 'over the whole small world');
RESET ROLE;
CREATE FUNCTION pg_temp.f(tn etrace.trace_number, tab regclass DEFAULT 'ind_a') RETURNS text LANGUAGE plpgsql AS $$
    DECLARE r text;
    BEGIN
        EXECUTE format('SELECT pg_temp.flags(short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser, '
                       'outside_source, repeat_purchaser, multiple_sale, hot_dealer, indicators) '
                       'FROM %s WHERE trace_number OPERATOR(etrace.=) $1', tab) INTO r USING tn;
        RETURN r;
    END $$;
CREATE FUNCTION pg_temp.why(tn etrace.trace_number, tab regclass DEFAULT 'ind_a') RETURNS text[] LANGUAGE plpgsql AS $$
    DECLARE r text[];
    BEGIN
        EXECUTE format('SELECT reasons FROM %s WHERE trace_number OPERATOR(etrace.=) $1', tab) INTO r USING tn;
        RETURN r;
    END $$;

-------------------------------------------------- indicators, as A's analyst
SELECT is((SELECT count(*)::int FROM ind_a), 8, 'A''s analyst: one row per trace A may see (A''s six, B''s two shared)');
SELECT ok(NOT EXISTS (SELECT 1 FROM ind_a WHERE trace_number = :'c1'), 'C''s trace (not shared) is not there');
SELECT is(pg_temp.f(:'a1'), 'ttfttttf 5', 'A1: short and strong, possessor not purchaser, outside, repeat, multiple sale');
SELECT is(pg_temp.why(:'a1'), ARRAY['purchased 122 days before recovery', 'possessor is not the purchaser',
    'recovered in MX, sold by a dealer in US', 'purchaser named on 3 traces',
    'sold to the purchaser within 5 business days of another traced firearm'], 'A1: the reasons in words');
SELECT is(pg_temp.f(:'a2'), 'ttfftttt 5', 'A2: the possessor bought it; D2 hot (A5 and A2 within 12 months)');
SELECT is(pg_temp.why(:'a2') @> ARRAY['dealer 5-74-14246 had 2 short time-to-crime traces in the 12 months to 2026-09'], true,
    'A2: the hot dealer reason names the licensee and the count');
SELECT is(pg_temp.f(:'a3'), 'ffttffff 2', 'A3: obliterated, possessor unknown, bought and recovered in Texas');
SELECT is(pg_temp.why(:'a3'), ARRAY['serial number obliterated', 'possessor unknown'], 'A3: reasons');
SELECT is(pg_temp.f(:'a4'), '--f----- 0', 'A4: not worked yet, so every result-based flag is unknown');
SELECT is(pg_temp.why(:'a4'), '{}'::text[], 'A4: no reasons');
SELECT is(pg_temp.f(:'a5'), 'ttfftfff 2', 'A5: short; D2 alone in its 12 months is not hot (the window rolls)');
SELECT is(pg_temp.f(:'a6'), 'fffftfff 1', 'A6: a possessor without date of birth matches the purchaser by name');
SELECT is(pg_temp.f(:'b1'), '--t----- 1', 'B1 (shared, no consent): only the obliterated serial; everything else NULL');
SELECT is(pg_temp.why(:'b1'), ARRAY['serial number obliterated'], 'B1: no reason drawn from hidden units');
SELECT is(pg_temp.f(:'b2'), 'tff--t-- 2', 'B2 (consented time-to-crime and purchaser): short, repeat; possessor NULL');
SELECT is(pg_temp.why(:'b2'), ARRAY['purchased 648 days before recovery', 'purchaser named on 3 traces'],
    'B2: reasons only from the consented units');
SELECT is((SELECT possessor_not_purchaser FROM ind_a WHERE trace_number = :'b2'), NULL,
    'B2: the possessor is masked, so the comparison is NULL');
-- filters: the rows, not the context
SET ROLE tap_a_an;
SELECT is((SELECT pg_temp.flags(short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser, outside_source,
                                 repeat_purchaser, multiple_sale, hot_dealer, indicators)
             FROM etrace.trafficking_indicators('{"serial": "A-0002"}')), 'ttfftttt 5',
    'a filter narrows the rows; counts still run over every visible trace');
SELECT is((SELECT array_agg(trace_number::text) FROM etrace.trafficking_indicators('{"recovery_country": "US"}')),
    ARRAY[:'a3'], 'filter by recovery country');
SELECT is((SELECT count(*)::int FROM etrace.trafficking_indicators('{"recovery_subdivision": "MX-SON"}')), 0,
    'a filter on a masked column does not find shared traces by their hidden value');
SELECT throws_ok($$SELECT * FROM etrace.trafficking_indicators('{"limit": 5}')$$, '22023',
    'invalid filter document: limit: a report covers every matching trace; use LIMIT and OFFSET in the query',
    'limit is refused in a report filter');
SELECT throws_ok($$SELECT * FROM etrace.trafficking_indicators('{"colour": "red"}')$$, '22023',
    'invalid filter document: colour: unknown field "colour"', 'unknown filter key');
SELECT throws_ok($$SELECT * FROM etrace.trafficking_indicators('[]')$$, '22023', NULL, 'the filter is an object');
SELECT throws_ok('SET etrace.short_ttc_days = 100', '42501', NULL, 'thresholds are superuser settings');
RESET ROLE;
-- the thresholds are settings
SET etrace.short_ttc_days = 100;
SET etrace.strong_ttc_days = 50;
SET ROLE tap_a_an;
SELECT is((SELECT pg_temp.flags(short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser, outside_source,
                                 repeat_purchaser, multiple_sale, hot_dealer, indicators)
             FROM etrace.trafficking_indicators(format('{"serial": "%s"}', 'A-0001')::jsonb) WHERE trace_number = :'a1'),
    'fffttttf 4', 'short_ttc_days = 100: 122 days is no longer short');
SELECT is((SELECT strong_short_ttc FROM etrace.trafficking_indicators('{"serial": "A-0002"}')), false,
    'strong_ttc_days = 50: 74 days is short but not strong');
RESET ROLE;
SET etrace.short_ttc_days = 60;
SET ROLE tap_a_an;
SELECT is((SELECT hot_dealer FROM etrace.trafficking_indicators('{"serial": "A-0002"}')), false,
    'short_ttc_days = 60: A2 (74 days) no longer counts, so D2 is not hot');
RESET ROLE;
RESET etrace.short_ttc_days;
RESET etrace.strong_ttc_days;

-------------------------------------------- indicators, as the tracing center
SELECT is((SELECT count(*)::int FROM ind_ntc), 9, 'the tracing center: every trace');
SELECT is(pg_temp.f(:'a1', 'ind_ntc'), 'ttfttttt 6', 'A1 for the tracing center: D1 hot with B1 and C1 counted');
SELECT is(pg_temp.why(:'a1', 'ind_ntc') @> ARRAY['purchaser named on 5 traces'], true,
    'A1 for the tracing center: Vega is named on five traces');
SELECT is(pg_temp.f(:'b1', 'ind_ntc'), 'tttftttf 5', 'B1 for the tracing center: every flag computed');
SELECT is(pg_temp.f(:'c1', 'ind_ntc'), 'ttftfttt 5', 'C1: recovered in Texas where D1 sold it (not outside); the possessor differs');
SELECT is(pg_temp.why(:'c1', 'ind_ntc') @> ARRAY['dealer 8-23-14245 had 3 short time-to-crime traces in the 12 months to 2026-09'],
    false, 'C1: in 2026-09 the 12 months hold B1 and C1 only');
SELECT is(pg_temp.why(:'c1', 'ind_ntc') @> ARRAY['dealer 8-23-14245 had 2 short time-to-crime traces in the 12 months to 2026-09'],
    true, 'C1: two short traces up to its month');

------------------------------------------------------------- corridors
SELECT results_eq($$SELECT source_country::text, source_subdivision, recovery_country::text, recovery_subdivision,
                           traces, median_ttc_days, short_ttc_share FROM cor_a$$,
    $$VALUES ('US', 'US-TX', 'MX', 'MX-JAL', 4::bigint, 98::float8, 0.75::float8),
             (NULL, NULL, 'MX', NULL, 2, 648, 1),
             ('US', 'US-TX', 'US', 'US-TX', 1, 2451, 0)$$,
    'corridors for A: its own by source and place; B''s (source hidden) in an unknown-source row, median from the consented time-to-crime only');
SET ROLE tap_ntc;
SELECT results_eq($$SELECT source_country::text, source_subdivision, recovery_country::text, recovery_subdivision, traces
                      FROM etrace.corridors('{"recovery_country": "MX"}')$$,
    $$VALUES ('US', 'US-TX', 'MX', 'MX-JAL', 4::bigint), ('US', 'US-TX', 'MX', 'MX-SON', 2)$$,
    'corridors for the tracing center, filtered to recoveries in Mexico');
SELECT is((SELECT median_ttc_days FROM etrace.corridors('{"recovery_country": "MX", "recovery_subdivision": "MX-SON"}')),
    349::float8, 'the median of 50 and 648 days is 349 (percentile_cont)');
RESET ROLE;
SET ROLE tap_a_an;
SELECT is((SELECT count(*)::int FROM etrace.corridors('{"recovery_date_from": "2030-01-01"}')), 0, 'nothing matches: no rows');
RESET ROLE;

--------------------------------------------------------- source dealers
SELECT results_eq($$SELECT dealer_ffl::text, dealer_rds_key, dealer_name, traces, short_ttc_traces, recovery_places FROM dealers_a$$,
    $$VALUES ('8-23-091-01-8C-14245', '8-23-14245', 'Border Guns LLC', 3::bigint, 1::bigint, 2::bigint),
             ('5-74-113-01-7F-14246', '5-74-14246', 'Lone Star Guns', 2, 2, 1)$$,
    'source dealers for A: licences of one licensee together, B''s hidden dealers left out');
SELECT results_eq($$SELECT dealer_rds_key, traces, short_ttc_traces FROM dealers_ntc$$,
    $$VALUES ('8-23-14245', 5::bigint, 3::bigint), ('5-74-14246', 3, 3)$$,
    'source dealers for the tracing center');
SET ROLE tap_a_an;
SELECT results_eq($$SELECT dealer_rds_key FROM etrace.source_dealers(top => 1)$$, $$VALUES ('8-23-14245')$$, 'top limits the rows');
SELECT throws_ok($$SELECT * FROM etrace.source_dealers(top => 0)$$, '22023', 'top must be a positive number of dealers, not 0',
    'top must be positive');
RESET ROLE;

---------------------------------------------------------------- networks
SELECT is((SELECT array_agg(size ORDER BY network) FROM net_a), ARRAY[5, 2], 'A''s analyst: two networks, largest first');
SELECT is((SELECT traces::text[] FROM net_a WHERE network = 1), ARRAY[:'a1', :'a2', :'a4', :'a5', :'b2'],
    'network 1: Vega''s purchases, A1''s firearm again, Doe as possessor and associate, B2 through its consented purchaser');
SELECT is((SELECT links FROM net_a WHERE network = 1),
    format('[{"a": "%1$s", "b": "%2$s", "via": "purchaser"}, {"a": "%1$s", "b": "%2$s", "via": "purchaser/possessor"},
             {"a": "%1$s", "b": "%3$s", "via": "firearm"}, {"a": "%1$s", "b": "%4$s", "via": "possessor/associate"},
             {"a": "%1$s", "b": "%5$s", "via": "purchaser"}]', :'a1', :'a2', :'a4', :'a5', :'b2')::jsonb,
    'network 1: each link and what it goes through');
SELECT is((SELECT links FROM net_a WHERE network = 2),
    format('[{"a": "%s", "b": "%s", "via": "dealer_and_purchase_date"}]', :'a3', :'a6')::jsonb,
    'network 2: A3 and A6 bought the same day from the same licensee');
SELECT ok(NOT EXISTS (SELECT 1 FROM net_a WHERE :'b1' = ANY (traces::text[])),
    'B1 joins nothing for A: its possessor and purchaser are masked');
SELECT is((SELECT traces::text[] FROM net_ntc WHERE network = 1), ARRAY[:'a1', :'a2', :'a4', :'a5', :'b1', :'b2', :'c1'],
    'for the tracing center B1 and C1 join through Vega');
SET ROLE tap_a_an;
SELECT is((SELECT count(*)::int FROM etrace.trace_networks(min_size => 1)), 3, 'min_size 1 also lists unlinked traces (B1)');
SELECT is((SELECT array_agg(size ORDER BY network) FROM etrace.trace_networks('{"agency": "MXJAL0001"}', 3)), ARRAY[4],
    'networks among the filtered traces only, at least min_size');
SELECT throws_ok($$SELECT * FROM etrace.trace_networks(min_size => 0)$$, '22023', 'min_size must be at least 1, not 0',
    'min_size must be positive');
-- network 1 has 5 links, network 2 one: with max_links 4 the first is
-- listed without its links, the second with its link
SELECT is((SELECT array_agg(jsonb_array_length(links) ORDER BY network) FROM etrace.trace_networks(max_links => 5)),
          ARRAY[5, 1], 'max_links 5: both networks list their links');
SELECT is((SELECT array_agg(coalesce(jsonb_array_length(links), -1) ORDER BY network) FROM etrace.trace_networks(max_links => 4)),
          ARRAY[-1, 1], 'max_links 4: network 1 (5 links) has links NULL, network 2 its one link');
SELECT is((SELECT traces::text[] FROM etrace.trace_networks(max_links => 0) WHERE network = 1),
          ARRAY[:'a1', :'a2', :'a4', :'a5', :'b2'], 'a network without its links still lists every trace');
SELECT is((SELECT links FROM etrace.trace_networks(min_size => 1, max_links => 0) WHERE size = 1), '[]'::jsonb,
    'an unlinked trace has no links to list: []');
SELECT throws_ok($$SELECT * FROM etrace.trace_networks(max_links => -1)$$, '22023', 'max_links must be at least 0, not -1',
    'max_links may not be negative');
RESET ROLE;

------------------------------------------------ who may run them, labels
SET ROLE tap_b1;
SELECT is((SELECT count(*)::int FROM etrace.trafficking_indicators()), 2, 'B''s user sees B''s two traces only');
RESET ROLE;
CREATE ROLE tap_outsider LOGIN;
SET ROLE tap_outsider;
SELECT throws_ok('SELECT * FROM etrace.trafficking_indicators()', '42501', NULL, 'a role without an etrace group may not run the reports');
RESET ROLE;
SET ROLE tap_a1;
SELECT lives_ok('SELECT * FROM etrace.corridors()', 'etrace_user may run the reports');
RESET ROLE;
SELECT function_privs_are('etrace', 'trafficking_indicators', ARRAY['jsonb'], 'etrace_analyst', ARRAY['EXECUTE'], 'analysts run trafficking_indicators');
SELECT function_privs_are('etrace', 'trace_networks', ARRAY['jsonb', 'integer', 'integer'], 'etrace_ntc', ARRAY['EXECUTE'], 'the tracing center runs trace_networks');
SELECT function_privs_are('etrace', 'corridors', ARRAY['jsonb'], 'etrace_auditor', '{}'::text[], 'auditors do not run reports');
SELECT is_definer('etrace', 'trafficking_indicators', ARRAY['jsonb'], 'trafficking_indicators is SECURITY DEFINER');
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = 'etrace.trafficking_indicators(jsonb)'::regprocedure),
    ARRAY['search_path=pg_catalog, etrace, pg_temp', 'parallel_leader_participation=off'],
    'trafficking_indicators pins search_path and keeps the leader out of the parallel scans (it takes in every row the workers send)');
SELECT is((SELECT current_setting('parallel_leader_participation')), 'on',
    'the setting is the function''s own: the session''s is untouched');
SELECT is((SELECT proowner::regrole::text FROM pg_proc WHERE oid = 'etrace.corridors(jsonb)'::regprocedure), 'etrace_owner',
    'the reports belong to etrace_owner, so row-level security binds them');
SELECT volatility_is('etrace', 'trafficking_indicators', ARRAY['jsonb'], 'stable', 'trafficking_indicators is stable');
SELECT volatility_is('etrace', 'time_to_crime', ARRAY['date', 'date'], 'immutable', 'time_to_crime is immutable');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'etrace.time_to_crime_summary(integer)'::regprocedure), 's',
    'the time-to-crime aggregate is parallel safe');
SELECT is((SELECT aggcombinefn::text || ' ' || aggserialfn::text || ' ' || aggdeserialfn::text FROM pg_aggregate
            WHERE aggfnoid = 'etrace.time_to_crime_summary(integer)'::regprocedure),
    'ttc_summary_combine ttc_summary_serialize ttc_summary_deserialize',
    'with combine, serial and deserial functions');
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = 'etrace.trafficking_indicators(jsonb)'::regprocedure), 'u',
    'the reports are parallel unsafe, so the query inside may go parallel');
SELECT ok((SELECT bool_and(obj_description(p.oid, 'pg_proc') LIKE '%Example:%') FROM pg_proc p
            WHERE p.oid IN ('etrace.trafficking_indicators(jsonb)'::regprocedure, 'etrace.corridors(jsonb)'::regprocedure,
                            'etrace.source_dealers(jsonb, integer)'::regprocedure, 'etrace.trace_networks(jsonb, integer, integer)'::regprocedure,
                            'etrace.time_to_crime(date, date)'::regprocedure, 'etrace.time_to_crime_summary(integer)'::regprocedure,
                            'etrace.connected_components(bigint[], bigint[])'::regprocedure)),
    'every public function has a comment with an example');

---------------------------------------------- the hidden values stay hidden
SET ROLE tap_a_an;
SELECT ok(NOT EXISTS (SELECT 1 FROM etrace.trafficking_indicators() i, unnest(i.reasons) r
                       WHERE i.trace_number = ANY (ARRAY[:'b1', :'b2']::etrace.trace_number[])
                         AND (r LIKE '%14245%' OR r LIKE '%14246%' OR r LIKE '%SON%' OR r LIKE '%US%')),
    'no reason of a shared trace names its hidden dealer or place');
SELECT is((SELECT count(*)::int FROM etrace.corridors() WHERE recovery_subdivision = 'MX-SON'), 0,
    'no corridor shows the hidden recovery subdivision of B''s traces');
SELECT is((SELECT sum(traces)::int FROM etrace.source_dealers()), 5, 'source dealers count only A''s traces with a dealer');
RESET ROLE;

-- the same under a parallel plan whose workers do the masking: the consents
-- are looked up once in the leader (a worker has no client address, hence
-- no caller standing, and would see no consent)
SET ROLE tap_a_an;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SELECT is((SELECT pg_temp.flags(short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser, outside_source,
                                 repeat_purchaser, multiple_sale, hot_dealer, indicators)
             FROM etrace.trafficking_indicators() WHERE trace_number = :'b2'), 'tff--t-- 2',
    'parallel workers: B2''s consented units still count');
SELECT results_eq($$SELECT source_country::text, traces, median_ttc_days FROM etrace.corridors() WHERE source_country IS NULL$$,
    $$VALUES (NULL::text, 2::bigint, 648::float8)$$, 'parallel workers: the corridors use the consented time-to-crime');
RESET enable_bitmapscan;
RESET enable_indexscan;
RESET parallel_leader_participation;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET ROLE;

------------------------------------------------ a consent withdrawn, NULLs come back
SET ROLE tap_ntc;
SELECT etrace.withdraw_consent(:disc, 'Case closed');
RESET ROLE;
SET ROLE tap_a_an;
SELECT is((SELECT pg_temp.flags(short_ttc, strong_short_ttc, obliterated, possessor_not_purchaser, outside_source,
                                 repeat_purchaser, multiple_sale, hot_dealer, indicators)
             FROM etrace.trafficking_indicators() WHERE trace_number = :'b2'), '--f----- 0',
    'consent withdrawn: B2''s flags are unknown again');
SELECT is((SELECT reasons FROM etrace.trafficking_indicators('{"serial": "A-0001"}') WHERE trace_number = :'a1') @> ARRAY['purchaser named on 2 traces'],
    true, 'and A1''s purchaser count drops to A''s own two');
SELECT is((SELECT traces::text[] FROM etrace.trace_networks() WHERE network = 1), ARRAY[:'a1', :'a2', :'a4', :'a5'],
    'and B2 leaves A1''s network');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
