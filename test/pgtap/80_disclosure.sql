-- Disclosure rules: one classification of every field, masking for traces
-- seen through data sharing on every route, the disclosure workflow, and
-- investigation notices.
BEGIN;
SELECT plan(55);
\ir fixtures/world.psql

-- B shares with its country, so A sees B's traces (masked)
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b1_acct)::jsonb);
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"SON-777"'),
    '{recovery,subdivision}', '"MX-SON"')) AS tn_b \gset
SELECT etrace.share_with(:b_id, '{"scope": "country"}');
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.start_trace(:'tn_b');
SELECT etrace.complete_trace(:'tn_b', '{"outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns LLC", "purchase_date": "2024-03-01", "purchaser": {"last_name": "Roe", "first_name": "Jane"}}');
RESET ROLE;

------------------------------------------------------ classification
-- every leaf of a complete document (as the NTC sees it) is classified,
-- itself or through an ancestor
SET ROLE tap_ntc;
SELECT etrace.get_trace(:'tn_b') AS full_doc \gset
RESET ROLE;
WITH RECURSIVE walk(path, value) AS (
    SELECT k, v FROM jsonb_each(:'full_doc'::jsonb) e(k, v)
    UNION ALL
    SELECT w.path || '.' || e.k, e.v FROM walk w, jsonb_each(w.value) e(k, v)
     WHERE jsonb_typeof(w.value) = 'object')
SELECT is(ARRAY(SELECT path FROM walk w WHERE jsonb_typeof(value) <> 'object'
                  AND NOT EXISTS (SELECT 1 FROM etrace.field_sensitivity s
                                   WHERE w.path = s.path OR w.path LIKE s.path || '.%')
                ORDER BY 1), '{}'::text[], 'every field of a complete document is classified');
SELECT is((SELECT count(DISTINCT category)::int FROM etrace.field_sensitivity WHERE sensitive), 6,
    'six categories of sensitive information');
SELECT ok((SELECT bool_and(sensitive) FROM etrace.field_sensitivity
            WHERE path IN ('recovery.latitude', 'result.dealer_ffl', 'result.purchaser', 'possessor.last_name', 'linked_traces')),
    'location, dealer, purchaser, possessor and trafficking links are sensitive');

------------------------------------------------------------- masking
SET ROLE tap_a1;
SELECT etrace.get_trace(:'tn_b') AS shared_doc \gset
SELECT is(:'shared_doc'::jsonb #>> '{firearm,serial}', 'SON-777', 'get_trace: a shared trace''s firearm is visible');
SELECT is(:'shared_doc'::jsonb #>> '{recovery,latitude,masked}', 'crime_location', 'get_trace: its coordinates are masked');
SELECT alike(:'shared_doc'::jsonb #>> '{recovery,latitude,why}', '%shared by MXSON0001 without the tracing center''s consent%',
    'get_trace: the marker says why');
SELECT is(:'shared_doc'::jsonb #>> '{possessor,masked}', 'possessor', 'get_trace: the possessor is masked');
SELECT is(:'shared_doc'::jsonb #>> '{result,dealer_ffl,masked}', 'dealer', 'get_trace: the dealer is masked');
SELECT is(:'shared_doc'::jsonb #>> '{result,purchaser,masked}', 'purchaser', 'get_trace: the purchaser is masked');
SELECT is(:'shared_doc'::jsonb #>> '{result,outcome}', 'purchaser_identified', 'get_trace: the outcome is not');
SELECT is(:'shared_doc'::jsonb #>> '{request,officer,masked}', 'investigation', 'get_trace: the officer is masked');
SELECT ok(NOT (SELECT d::text LIKE '%Roe%' OR d::text LIKE '%14245%' OR d::text LIKE '%20.6736%'
                 FROM etrace.find_traces(format('{"serial": "%s"}', 'SON-777')::jsonb) d),
    'find_traces: no sensitive value anywhere in the shared document');
SELECT is((SELECT array[latitude::text, dealer_ffl::text, recovery_locality, masked::text]
             FROM etrace.traces WHERE trace_number = :'tn_b'), ARRAY[NULL, NULL, NULL, 'true'],
    'the view: sensitive columns NULL, masked = true');
SELECT is((SELECT recovery_date::text FROM etrace.traces WHERE trace_number = :'tn_b'), '2026-10-30',
    'the view: non-sensitive columns visible');
SELECT is((SELECT count(*)::int FROM etrace.trace WHERE trace_number = :'tn_b'), 0,
    'a direct SELECT on etrace.trace does not reach the shared trace (no way around the view''s masking)');
SELECT is((SELECT count(*)::int FROM etrace.trace_result
            WHERE trace_id = (SELECT id FROM etrace.traces WHERE trace_number = :'tn_b')), 0,
    'nor a direct SELECT on etrace.trace_result its result');
SELECT throws_ok('SELECT doc FROM etrace.trace', '42501', NULL, 'the submitted document is not granted for a direct SELECT');
SELECT etrace.submit_trace(:'doc') AS tn_a \gset
SELECT is((SELECT masked FROM etrace.traces WHERE trace_number = :'tn_a'), false, 'own traces are not masked');
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.trace), ARRAY[:'tn_a'],
    'a direct SELECT on etrace.trace gives the agency''s own trace, and only it');
SELECT is(etrace.get_trace(:'tn_a') #>> '{possessor,last_name}', 'Doe', 'own possessor visible');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT dealer_ffl::text FROM etrace.traces WHERE trace_number = :'tn_b'), '8-23-091-01-7F-14245',
    'the tracing center sees everything');
RESET ROLE;

------------------------------------------------- disclosure workflow
SET ROLE tap_b1;
SELECT throws_ok(format($$SELECT etrace.request_disclosure('{"traces": ["%s"], "recipient": "Press", "purpose": "x", "fields": ["result.dealer_ffl"]}')$$, :'tn_a'),
    'P0002', NULL, 'an agency cannot propose disclosing another agency''s trace');
SELECT throws_ok(format($$SELECT etrace.request_disclosure('{"traces": ["%s"], "recipient": "X", "purpose": "x", "fields": ["firearm.serial"]}')$$, :'tn_b'),
    '22023', NULL, 'only sensitive units can be named');
SELECT throws_ok(format($$SELECT etrace.request_disclosure('{"traces": ["%s"], "recipient": "X", "purpose": "x", "fields": ["result.dealer_ffl"], "urgency": 1}')$$, :'tn_b'),
    '22023', NULL, 'unknown field rejected');
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Fiscalia de Jalisco", "recipient_agency": %s, "purpose": "Joint homicide investigation", "fields": ["result.dealer_ffl", "result.dealer_name"]}', :'tn_b', :a_id)::jsonb) AS disc \gset
SELECT throws_ok(format('SELECT etrace.release(%s)', :disc), '55000', NULL, 'no release without consent');
SELECT throws_ok(format($$SELECT etrace.decide_disclosure(%s, '{"decision": "consent"}')$$, :disc), '42501', NULL,
    'an agency cannot consent to its own request');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT count(*)::int FROM etrace.inbox() WHERE kind = 'disclosure_requested' AND ref_id = :disc), 1,
    'the tracing center is notified of the request');
SELECT is(etrace.decide_disclosure(:disc, '{"decision": "consent", "conditions": "For the named prosecution only"}'), 'consented',
    'the tracing center consents with conditions');
SELECT throws_ok(format($$SELECT etrace.decide_disclosure(%s, '{"decision": "deny"}')$$, :disc), '55000', NULL,
    'a decided request cannot be decided again');
RESET ROLE;
-- the consent unmasks exactly the named units of the named trace for A
SET ROLE tap_a1;
SELECT is(etrace.get_trace(:'tn_b') #>> '{result,dealer_ffl}', '8-23-091-01-7F-14245', 'consented unit visible to the recipient agency');
SELECT is(etrace.get_trace(:'tn_b') #>> '{result,purchaser,masked}', 'purchaser', 'units not named stay masked');
SELECT is((SELECT dealer_name FROM etrace.traces WHERE trace_number = :'tn_b'), 'Border Guns LLC', 'the view honours the consent');
SELECT is((SELECT latitude FROM etrace.traces WHERE trace_number = :'tn_b'), NULL, 'and masks the rest');
-- the masking function itself, as the view calls it
SELECT t.id AS b_trace, t.agency_id AS b_agency FROM etrace.traces t WHERE t.trace_number = :'tn_b' \gset
SELECT t.id AS a_trace FROM etrace.traces t WHERE t.trace_number = :'tn_a' \gset
SELECT is(etrace.unmasked('kept'::text, :b_agency, :b_trace, 'result.dealer_name'), 'kept',
    'unmasked: a consented unit of a shared trace passes');
SELECT is(etrace.unmasked('kept'::text, :b_agency, :b_trace, 'result.dealer_subdivision'), NULL,
    'unmasked: a unit not consented is NULL');
SELECT is(etrace.unmasked('kept'::text, :b_agency, :a_trace, 'result.dealer_name'), NULL,
    'unmasked: a consent holds for its own trace only');
SELECT is(etrace.unmasked(42, :a_id, :a_trace, 'result.time_to_crime_days'), 42,
    'unmasked: the caller''s own agency passes, any type');
SELECT is(etrace.unmasked(NULL::date, :a_id, :a_trace, 'result.purchase_date'), NULL, 'unmasked: NULL stays NULL');
RESET ROLE;
SET ROLE tap_c1;
SELECT throws_ok(format('SELECT etrace.release(%s)', :disc), 'P0002', NULL, 'another agency cannot release it');
RESET ROLE;
SET ROLE tap_b1;
SELECT etrace.release(:disc) AS package \gset
SELECT is((:'package'::jsonb ->> 'release_id')::bigint, :disc::bigint, 'the package is stamped with the release id');
SELECT is(:'package'::jsonb #>> '{traces,0,result,dealer_name}', 'Border Guns LLC', 'the package carries the consented units');
SELECT is(:'package'::jsonb #>> '{traces,0,possessor,masked}', 'possessor', 'and nothing else sensitive');
SELECT is(:'package'::jsonb ->> 'conditions', 'For the named prosecution only', 'with the conditions');
SELECT throws_ok(format('SELECT etrace.release(%s)', :disc), '55000', NULL, 'a release happens once');
RESET ROLE;
SET ROLE tap_ntc;
SELECT throws_ok(format($$SELECT etrace.withdraw_consent(%s, 'late')$$, :disc), '55000', NULL,
    'a consent cannot be withdrawn after the release');
RESET ROLE;
-- withdrawal before release
SET ROLE tap_b1;
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Reporter", "purpose": "Story", "fields": ["recovery.locality"]}', :'tn_b')::jsonb) AS disc2 \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.decide_disclosure(:disc2, '{"decision": "consent"}');
SELECT lives_ok(format($$SELECT etrace.withdraw_consent(%s, 'Case reopened')$$, :disc2), 'a consent can be withdrawn before release');
RESET ROLE;
SET ROLE tap_b1;
SELECT throws_ok(format('SELECT etrace.release(%s)', :disc2), '55000', NULL, 'a withdrawn consent cannot be released');
RESET ROLE;
-- the view follows a consent and its withdrawal from one statement to the
-- next (etrace.unmasked reads the consents once per statement)
SET ROLE tap_b1;
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Fiscalia de Jalisco", "recipient_agency": %s, "purpose": "Joint operation", "fields": ["recovery.subdivision"]}', :'tn_b', :a_id)::jsonb) AS disc3 \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.decide_disclosure(:disc3, '{"decision": "consent"}');
RESET ROLE;
SET ROLE tap_a1;
SELECT is((SELECT recovery_subdivision FROM etrace.traces WHERE trace_number = :'tn_b'), 'MX-SON',
    'a new consent unmasks its unit in the view at the next statement');
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.withdraw_consent(:disc3, 'Operation ended');
RESET ROLE;
SET ROLE tap_a1;
SELECT is((SELECT recovery_subdivision FROM etrace.traces WHERE trace_number = :'tn_b'), NULL,
    'a withdrawn consent masks it again at the next statement');
RESET ROLE;

------------------------------------------------ investigation notices
SET ROLE tap_a1;
SELECT etrace.notify_investigation(format('{"traces": ["%s"], "countries": ["US"], "summary": "Straw purchases in Texas"}', :'tn_a')::jsonb) AS inv \gset
SELECT throws_ok(format($$SELECT etrace.notify_investigation('{"traces": ["%s"], "countries": ["XX"], "summary": "x"}')$$, :'tn_a'),
    '22023', NULL, 'unknown country rejected');
SELECT throws_ok(format('SELECT etrace.acknowledge_investigation(%s)', :inv), '42501', NULL, 'only the tracing center acknowledges');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT count(*)::int FROM etrace.inbox() WHERE kind = 'investigation_opened' AND ref_id = :inv), 1,
    'the international affairs office is notified');
SELECT lives_ok(format('SELECT etrace.acknowledge_investigation(%s)', :inv), 'the tracing center acknowledges');
SELECT is((SELECT agency || ' ' || array_to_string(countries, ',') || ' ' || (acknowledged_at IS NOT NULL)
             FROM etrace.investigations() WHERE id = :inv), 'MXJAL0001 US true', 'the report lists the investigation');
RESET ROLE;
SET ROLE tap_b1;
SELECT is((SELECT count(*)::int FROM etrace.investigations()), 0, 'another agency does not see it');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
