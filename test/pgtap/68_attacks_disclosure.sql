-- Attacks on the disclosure rules: an agency that sees another agency's
-- trace through data sharing gets its law-enforcement-sensitive fields
-- masked.  It tries to recover them anyway: filters on masked fields,
-- leaky functions and error oracles over the view's masked columns, a
-- consent for one field stretched to others or to another agency; and it
-- tries the disclosure workflow on other agencies' traces, disclosures,
-- notifications and investigation notices.
BEGIN;
SELECT plan(38);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

-- B shares with A and C by name; the tracing center identifies B's dealer
SET ROLE tap_b1;
SELECT etrace.share_with(:b_id, format('{"agencies": [%s, %s]}', :a_id, :c_id)::jsonb) \g /dev/null
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.start_trace(:'tn_b') \g /dev/null
SELECT etrace.complete_trace(:'tn_b', '{"outcome": "dealer_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns LLC", "purchase_date": "2024-03-01"}') \g /dev/null
RESET ROLE;
\set none 999999
SELECT etrace.trace_number_make(extract(year FROM etrace.today())::int, 9999999)::text AS tn_none \gset

------------------------------------------------ filters on masked fields
-- B's trace: recovered in MX-SON (Sonora), locality "Guadalajara" as typed.
-- A may not learn either; a filter that finds the trace for the true value
-- and not for a false one tells it.
CREATE FUNCTION pg_temp.finds(filter jsonb, tn text) RETURNS boolean LANGUAGE sql AS $$
    SELECT EXISTS (SELECT 1 FROM etrace.find_traces(filter) d WHERE d ->> 'trace_number' = tn)
$$;
SET ROLE tap_a1;
SELECT is((SELECT recovery_subdivision FROM etrace.traces WHERE trace_number = :'tn_b'), NULL,
    'control: A sees B''s shared trace with the recovery subdivision masked');
SELECT ok(pg_temp.finds('{"recovery_subdivision": "MX-JAL"}', :'tn_a'), 'control: A filters its own traces by subdivision');
SELECT is(pg_temp.finds('{"recovery_subdivision": "MX-SON"}', :'tn_b'), pg_temp.finds('{"recovery_subdivision": "MX-BCN"}', :'tn_b'),
    'find_traces: filtering on the true and on a false subdivision of a shared trace gives the same answer');
SELECT is(pg_temp.finds('{"recovery_locality": "Guadalajara"}', :'tn_b'), pg_temp.finds('{"recovery_locality": "Tijuana"}', :'tn_b'),
    'find_traces: filtering on the true and on a false locality of a shared trace gives the same answer');
SELECT is((SELECT count(*)::int FROM etrace.traces WHERE trace_number = :'tn_b' AND recovery_subdivision = 'MX-SON'), 0,
    'the view: filtering on a masked column finds nothing (it filters the mask)');
SELECT is((SELECT count(*)::int FROM etrace.traces WHERE trace_number = :'tn_b' AND dealer_name LIKE 'Border%'), 0,
    'the view: nor on the masked dealer');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT count(*)::int FROM etrace.traces WHERE trace_number = :'tn_b' AND recovery_subdivision = 'MX-SON'), 1,
    'control: the same filter finds it for the tracing center');
RESET ROLE;

------------------------------------ leaky functions and error oracles
SET ROLE tap_a1;
CREATE TEMP TABLE seen (v text);
CREATE FUNCTION pg_temp.leak(v text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    INSERT INTO pg_temp.seen VALUES (v);
    RETURN true;
END $$;
SELECT count(*) FROM etrace.traces t
 WHERE pg_temp.leak(concat_ws('|', t.trace_number, coalesce(t.recovery_locality, '-'), coalesce(t.latitude::text, '-'),
                              coalesce(t.dealer_name, '-'))) \g /dev/null
SELECT is(ARRAY(SELECT v FROM seen WHERE v LIKE :'tn_b' || '%'), ARRAY[:'tn_b' || '|-|-|-'],
    'a cheap leaky function over the view sees the shared trace''s sensitive columns masked');
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.traces WHERE trace_number = %L AND 1 / (CASE WHEN dealer_name = %L THEN 0 ELSE 1 END) = 1',
                             :'tn_b', 'Border Guns LLC')), 'ok',
    'an error raised only for the true (masked) dealer never fires');
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.traces WHERE trace_number = %L AND 1 / (CASE WHEN latitude > 20 THEN 0 ELSE 1 END) = 1',
                             :'tn_b')), 'ok', 'nor one raised only for the true (masked) latitude');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.traces WHERE trace_number = %L AND 1 / (CASE WHEN dealer_name = %L THEN 0 ELSE 1 END) = 1',
                             :'tn_b', 'Border Guns LLC')), '22012 division by zero', 'control: it fires for the tracing center');
RESET ROLE;

------------------------------------- around the view: the tables directly
-- A reader may SELECT its own agency's traces and results from the tables;
-- a shared trace must stay out of reach there, since a table cannot mask.
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.trace ORDER BY 1), ARRAY[:'tn_a'],
    'a direct SELECT on etrace.trace gives A its own trace, not B''s shared one');
SELECT is((SELECT count(*)::int FROM etrace.trace_result WHERE dealer_name = 'Border Guns LLC'
                                                        OR trace_id = (SELECT id FROM etrace.traces WHERE trace_number = :'tn_b')), 0,
    'a direct SELECT on etrace.trace_result does not give B''s dealer');
DELETE FROM seen;
SELECT count(*) FROM etrace.trace t
 WHERE pg_temp.leak(concat_ws('|', t.trace_number, coalesce(t.recovery_locality, '-'), coalesce(t.latitude::text, '-'))) \g /dev/null
SELECT count(*) FROM etrace.trace_result r WHERE pg_temp.leak(coalesce(r.dealer_name, '-')) \g /dev/null
SELECT is(ARRAY(SELECT v FROM seen WHERE v LIKE :'tn_b' || '%' OR v LIKE 'Border%'), '{}'::text[],
    'a cheap leaky function over the tables never sees the shared trace or its result');
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.trace WHERE trace_number = %L AND 1 / (CASE WHEN latitude > 20 THEN 0 ELSE 1 END) = 1',
                             :'tn_b')), 'ok', 'an error raised only by the shared trace''s true latitude, read from the table, never fires');
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.trace_result WHERE 1 / (CASE WHEN dealer_name = %L THEN 0 ELSE 1 END) = 1',
                             'Border Guns LLC')), 'ok', 'nor one raised only by its dealer, read from etrace.trace_result');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.trace_result WHERE 1 / (CASE WHEN dealer_name = %L THEN 0 ELSE 1 END) = 1',
                             'Border Guns LLC')), '22012 division by zero', 'control: it fires for the tracing center, which reads every result');
RESET ROLE;

-- the analytics' points: a shared trace has no coordinates, so no point
SET ROLE tap_a1;
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points('{}')), 1,
    'visible_points: only A''s own trace is a point on A''s map (B''s shared trace is masked)');
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points('{"recovery_subdivision": "MX-SON"}')), 0,
    'visible_points: a filter on B''s masked subdivision finds no point');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points('{}')), 3, 'control: the tracing center maps all three');
RESET ROLE;
-- Nobody shares with B, so B sees every visible trace unmasked and
-- visible_points (SECURITY DEFINER) reads the table itself: row-level
-- security still gives it B's traces only.
SET ROLE tap_b1;
SELECT is((SELECT cardinality(lat) FROM etrace.visible_points('{}')),
          (SELECT count(*)::int FROM etrace.traces WHERE latitude IS NOT NULL AND agency_id = :b_id),
    'visible_points straight from the table: B''s own points only');
SELECT ok((SELECT cardinality(lat) FROM etrace.visible_points('{}')) < 3, 'control: fewer than the tracing center''s');
RESET ROLE;

------------------------------------------------ consents stay narrow
SET ROLE tap_b1;
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Fiscalia de Jalisco", "recipient_agency": %s, "purpose": "Joint case", "fields": ["recovery.locality"]}', :'tn_b', :a_id)::jsonb) AS disc_b \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.decide_disclosure(:disc_b, '{"decision": "consent", "conditions": "For the joint case only"}') \g /dev/null
RESET ROLE;
SET ROLE tap_a1;
SELECT is((SELECT ARRAY[recovery_locality, recovery_subdivision, latitude::text, dealer_name] FROM etrace.traces WHERE trace_number = :'tn_b'),
    ARRAY['Guadalajara', NULL, NULL, NULL], 'a consent to disclose the locality to A unmasks the locality only');
SELECT is(etrace.get_trace(:'tn_b') #>> '{recovery,latitude,masked}', 'crime_location', 'get_trace: the coordinates stay masked');
RESET ROLE;
SET ROLE tap_c1;
SELECT is((SELECT recovery_locality FROM etrace.traces WHERE trace_number = :'tn_b'), NULL,
    'another partner of B (C) still sees the locality masked: the consent names A');
SELECT is(etrace.consented_units((SELECT id FROM etrace.traces WHERE trace_number = :'tn_b')), '{}'::text[],
    'consented_units() answers C with nothing for B''s trace');
RESET ROLE;

------------------------------------------ the workflow across agencies
SET ROLE tap_a1;
SELECT throws_ok(format($$SELECT etrace.request_disclosure('{"traces": ["%s"], "recipient": "Press", "purpose": "x", "fields": ["recovery.locality"]}')$$, :'tn_b'),
    'P0002', 'invalid disclosure document: traces: names a trace that does not exist or that is not the caller''s agency''s',
    'a partner cannot propose disclosing a trace shared with it');
SELECT is(pg_temp.without(pg_temp.try(format($$SELECT etrace.request_disclosure('{"traces": ["%s"], "recipient": "Press", "purpose": "x", "fields": ["recovery.locality"]}')$$, :'tn_c')), :'tn_c'),
          pg_temp.without(pg_temp.try(format($$SELECT etrace.request_disclosure('{"traces": ["%s"], "recipient": "Press", "purpose": "x", "fields": ["recovery.locality"]}')$$, :'tn_none')), :'tn_none'),
    'request_disclosure: an invisible trace and a missing one give the same error');
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Fiscalia de Sonora", "recipient_agency": %s, "purpose": "Joint case", "fields": ["result.dealer_ffl"]}', :'tn_a', :b_id)::jsonb) AS disc_a \gset
SELECT throws_ok(format($$SELECT etrace.decide_disclosure(%s, '{"decision": "consent"}')$$, :disc_a), '42501',
    'permission denied for function decide_disclosure', 'an agency cannot consent to its own disclosure request');
SELECT throws_ok(format('SELECT etrace.notify(%s, %L, 1, %L)', :b_id, 'disclosure_decided', 'The tracing center consented.'), '42501',
    'permission denied for function notify', 'an agency cannot put a forged notification in another agency''s inbox');
SELECT throws_ok(format($$SELECT etrace.notify_investigation('{"traces": ["%s"], "countries": ["US"], "summary": "x"}')$$, :'tn_c'),
    'P0002', 'invalid investigation document: traces: names a trace the caller cannot see',
    'an investigation notice cannot name a trace the agency cannot see');
SELECT is(pg_temp.try(format($$SELECT etrace.notify_investigation('{"traces": ["%s"], "countries": ["US"], "summary": "x"}')$$, :'tn_c')),
          pg_temp.try(format($$SELECT etrace.notify_investigation('{"traces": ["%s"], "countries": ["US"], "summary": "x"}')$$, :'tn_none')),
    'notify_investigation: an invisible trace and a missing one give the same error');
SELECT etrace.notify_investigation(format('{"traces": ["%s"], "countries": ["US"], "summary": "Straw purchases"}', :'tn_a')::jsonb) AS inv_a \gset
RESET ROLE;
SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.release(%s)', :disc_a), 'P0002', format('disclosure %s not found', :disc_a),
    'the named recipient agency cannot release another agency''s disclosure');
SELECT is(pg_temp.without(pg_temp.try(format('SELECT etrace.release(%s)', :disc_a)), :disc_a::text),
          pg_temp.without(pg_temp.try(format('SELECT etrace.release(%s)', :none)), :none::text),
    'release: another agency''s disclosure and a missing one give the same error');
SELECT is((SELECT count(*)::int FROM etrace.investigations()), 0, 'investigations(): B does not see A''s notice');
SELECT is((SELECT array_agg(kind) FROM etrace.inbox()), ARRAY['disclosure_decided'],
    'control: B''s POC reads its own inbox (the decision on its disclosure)');
RESET ROLE;
SELECT max(id) AS ntc_note FROM etrace.inbox WHERE agency_id = :ntc_id \gset
SET ROLE tap_b1;
SELECT is(pg_temp.without(pg_temp.try(format('SELECT etrace.mark_read(%s)', :ntc_note)), :ntc_note::text),
          pg_temp.without(pg_temp.try(format('SELECT etrace.mark_read(%s)', :none)), :none::text),
    'mark_read of the tracing center''s notification: the same error as for a missing one');
RESET ROLE;
SET ROLE tap_a2;
SELECT throws_ok('SELECT * FROM etrace.inbox()', '42501', 'only the agency''s point of contact reads its inbox',
    'a user who is not the POC cannot read the agency''s inbox');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
