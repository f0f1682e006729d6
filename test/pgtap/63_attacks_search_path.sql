-- search_path hijacking: an agency user plants functions and operators that
-- shadow built-ins (btrim, lower, upper, jsonb_typeof, format, now,
-- inet_client_addr, pg_has_role, text =, jsonb ->> and ||) and etrace's
-- identity functions, in schema public (of a database where public is still
-- writable by everyone, as before PostgreSQL 15) and in pg_temp; then calls
-- the API with its search_path pointing there.  Every trap writes a row to
-- public.trap_log when it runs; the SECURITY DEFINER functions (search_path
-- pinned to pg_catalog, etrace, pg_temp) must never run one.  Controls
-- show that each trap does fire when the caller's own SQL resolves to it,
-- and that a definer function without a pinned search_path would be caught.
BEGIN;
SELECT plan(43);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

SET ROLE tap_a1;
SELECT throws_ok('CREATE FUNCTION public.btrim(text) RETURNS text LANGUAGE sql AS $f$ SELECT $1 $f$', '42501',
    'permission denied for schema public', 'planting a function in schema public is refused (PostgreSQL 15 default)');
RESET ROLE;

-- What the traps are measured with.  Neither helper uses an operator or
-- function that is trapped below (text || and <>, count(*), bigint -).
CREATE FUNCTION pg_temp.traps_fired(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    n0 bigint;
    n1 bigint;
    r text;
BEGIN
    SELECT count(*) INTO n0 FROM public.trap_log;
    r := pg_temp.try(sql);
    SELECT count(*) INTO n1 FROM public.trap_log;
    RETURN r || ', traps fired: ' || (n1 - n0);
END $$;
-- A SECURITY DEFINER function as a careless author would write it, without
-- a pinned search_path: the control that the traps would catch one.
CREATE FUNCTION pg_temp.unpinned_definer(s text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    RETURN btrim(s);
END $$;
-- the statements of the attack, written before any trap exists
SELECT format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,serial}', '"HJ-1"')) AS q_submit,
       format('SELECT etrace.get_trace(%L)', :'tn_a') AS q_get,
       format('SELECT etrace.add_duty_station(%s, %L, %L)', :a_id, '10.20.0.0/16', '  Guadalajara HQ  ') AS q_station,
       format('SELECT etrace.add_duty_station(%s, %L, %L)', :a_id, '10.21.0.0/16', '  Zapopan  ') AS q_station2,
       format('SELECT etrace.share_with(%s, %L)', :a_id, format('{"agencies": [%s]}', :b_id)) AS q_share,
       format('SELECT etrace.start_trace(%L)', :'tn_b') AS q_start,
       format('SELECT etrace.complete_trace(%L, %L)', :'tn_b', '{"outcome": "dealer_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns", "purchase_date": "2024-03-01"}') AS q_complete,
       format('SELECT etrace.submit_trace(%L)', jsonb_set(:'doc', '{firearm,serial}', '"HJ-2"')) AS q_submit_b \gset

SAVEPOINT hijack;
-- a database whose schema public is writable by everyone
GRANT CREATE ON SCHEMA public TO PUBLIC;
-- agency B's user has not been recertified for 366 days; agency A works
-- from 10.20.0.0/16 only (the tests connect from 127.0.0.1)
UPDATE etrace.account SET last_recertified = now() - interval '366 days' WHERE role_name = 'tap_b1';

SET ROLE tap_a1;
CREATE TABLE public.trap_log (what text NOT NULL, by_role name NOT NULL DEFAULT current_user);
GRANT INSERT, SELECT ON public.trap_log TO PUBLIC;
CREATE FUNCTION public.trap(what text) RETURNS void LANGUAGE sql
    AS $f$ INSERT INTO public.trap_log (what) VALUES (what) $f$;
CREATE FUNCTION public.btrim(s text) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('public.btrim'); SELECT pg_catalog.btrim(s) $f$;
CREATE FUNCTION public.lower(s text) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('public.lower'); SELECT pg_catalog.lower(s) $f$;
CREATE FUNCTION public.upper(s text) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('public.upper'); SELECT pg_catalog.upper(s) $f$;
CREATE FUNCTION public.jsonb_typeof(j jsonb) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('public.jsonb_typeof'); SELECT pg_catalog.jsonb_typeof(j) $f$;
-- format(text, text) is a better match than pg_catalog.format(text, VARIADIC "any"):
-- it wins even with pg_catalog first in the path
CREATE FUNCTION public.format(f text, a text) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('public.format'); SELECT pg_catalog.format(f, a) $f$;
-- spoofed facts: the time (recertification looks recent), the client address
-- (inside A's duty station), group membership (everyone is NTC staff)
CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE sql
    AS $f$ SELECT public.trap('public.now'); SELECT pg_catalog.now() - interval '30 days' $f$;
CREATE FUNCTION public.inet_client_addr() RETURNS inet LANGUAGE sql
    AS $f$ SELECT public.trap('public.inet_client_addr'); SELECT inet '10.20.0.5' $f$;
CREATE FUNCTION public.pg_has_role(r name, g name, m text) RETURNS boolean LANGUAGE sql
    AS $f$ SELECT public.trap('public.pg_has_role'); SELECT true $f$;
-- etrace's identity functions, unqualified
CREATE FUNCTION public.session_role() RETURNS name LANGUAGE sql
    AS $f$ SELECT public.trap('public.session_role'); SELECT 'tap_ntc'::name $f$;
CREATE FUNCTION public.current_agency() RETURNS bigint LANGUAGE sql
    AS $f$ SELECT public.trap('public.current_agency'); SELECT 3::bigint $f$;  -- agency B's id
-- operators
CREATE FUNCTION public.trap_texteq(a text, b text) RETURNS boolean LANGUAGE sql
    AS $f$ SELECT public.trap('public.= (text)'); SELECT pg_catalog.texteq(a, b) $f$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.trap_texteq);
CREATE FUNCTION public.trap_field(j jsonb, k text) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('public.->>'); SELECT pg_catalog.jsonb_object_field_text(j, k) $f$;
CREATE OPERATOR public.->> (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = public.trap_field);
CREATE FUNCTION public.trap_concat(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql
    AS $f$ SELECT public.trap('public.|| (jsonb)'); SELECT pg_catalog.jsonb_concat(a, b) $f$;
CREATE OPERATOR public.|| (LEFTARG = jsonb, RIGHTARG = jsonb, FUNCTION = public.trap_concat);
-- = on etrace's serial_number: pg_catalog has none, so this one is found
-- whenever public comes before etrace in a path (as in the README's advice,
-- "$user", public, etrace)
CREATE FUNCTION public.trap_serial_eq(a etrace.serial_number, b etrace.serial_number) RETURNS boolean LANGUAGE sql
    AS $f$ SELECT public.trap('public.= (serial_number)'); SELECT a OPERATOR(etrace.=) b $f$;
CREATE OPERATOR public.= (LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number, FUNCTION = public.trap_serial_eq);
-- the same in pg_temp
CREATE FUNCTION pg_temp.btrim(s text) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('pg_temp.btrim'); SELECT pg_catalog.btrim(s) $f$;
CREATE FUNCTION pg_temp.jsonb_typeof(j jsonb) RETURNS text LANGUAGE sql
    AS $f$ SELECT public.trap('pg_temp.jsonb_typeof'); SELECT pg_catalog.jsonb_typeof(j) $f$;
CREATE FUNCTION pg_temp.inet_client_addr() RETURNS inet LANGUAGE sql
    AS $f$ SELECT public.trap('pg_temp.inet_client_addr'); SELECT inet '10.20.0.5' $f$;
CREATE FUNCTION pg_temp.pg_has_role(r name, g name, m text) RETURNS boolean LANGUAGE sql
    AS $f$ SELECT public.trap('pg_temp.pg_has_role'); SELECT true $f$;
CREATE FUNCTION pg_temp.trap_texteq(a text, b text) RETURNS boolean LANGUAGE sql
    AS $f$ SELECT public.trap('pg_temp.= (text)'); SELECT pg_catalog.texteq(a, b) $f$;
CREATE OPERATOR pg_temp.= (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_temp.trap_texteq);
-- and a temporary table that shadows etrace.trace for unqualified names
CREATE TEMP TABLE trace AS SELECT g AS id FROM generate_series(1, 50) g;

---------------------------------------------- public first in search_path
SET search_path = public, pg_catalog, etrace;
SELECT pg_temp.traps_fired($$SELECT btrim(' x ')$$) AS c_btrim,
       pg_temp.traps_fired($$SELECT 'a'::text = 'a'::text$$) AS c_eq,
       pg_temp.traps_fired($$SELECT '{"a": 1}'::jsonb ->> 'a'$$) AS c_field,
       pg_temp.traps_fired($$SELECT session_role()$$) AS c_role,
       pg_temp.traps_fired($$SELECT pg_temp.unpinned_definer(' x ')$$) AS c_unpinned \gset
SELECT host(inet_client_addr()) AS c_addr, pg_has_role('tap_clerk', 'etrace_ntc', 'MEMBER') AS c_member,
       session_role() AS c_session_role, current_agency() AS c_agency \gset
SELECT pg_temp.traps_fired(:'q_submit') AS r_submit,
       pg_temp.traps_fired(:'q_get') AS r_get,
       pg_temp.traps_fired($$SELECT * FROM etrace.find_traces('{"model": "19", "recovery_locality": "GUADALAJARA", "status": "submitted"}')$$) AS r_find,
       pg_temp.traps_fired($$SELECT * FROM etrace.search_serial('ABX*')$$) AS r_search,
       pg_temp.traps_fired($$SELECT * FROM etrace.validate_trace('{"request": {}}')$$) AS r_validate,
       pg_temp.traps_fired($$SELECT etrace.caller_standing()$$) AS r_standing,
       pg_temp.traps_fired(:'q_station') AS r_station,
       pg_temp.traps_fired(:'q_share') AS r_share \gset
-- (r_count: tn_a and the HJ-1 trace submitted above)
SELECT etrace.session_role() AS r_session_role, etrace.current_agency() AS r_agency,
       (SELECT count(*) FROM etrace.traces) AS r_count \gset
RESET ROLE;
SET ROLE tap_ntc;
SET search_path = public, pg_catalog, etrace;
SELECT pg_temp.traps_fired($$SELECT etrace.register_agency('{"ori": " mxbcn0001 ", "name": " Baja ", "country": "MX", "kind": "foreign"}')$$) AS r_register,
       pg_temp.traps_fired(:'q_start') AS r_start,
       pg_temp.traps_fired(:'q_complete') AS r_complete \gset
-- the tracing center's analyst, with the path the README suggests, maps a
-- serial: visible_points (SECURITY INVOKER, no pinned search_path) would run
-- the agency user's operator with the tracing center's rights
SET search_path = public, etrace;
SELECT pg_temp.traps_fired($$SELECT * FROM etrace.find_traces('{"serial": "ABX 123 45"}')$$) AS v_find,
       pg_temp.traps_fired($$SELECT * FROM etrace.visible_points('{"serial": "ABX 123 45"}')$$) AS v_points,
       pg_temp.traps_fired($$SELECT * FROM etrace.hotspots('{"serial": "ABX 123 45"}'::jsonb, 1000)$$) AS v_hotspots,
       pg_temp.traps_fired($$SELECT * FROM etrace.trafficking_indicators('{"serial": "ABX 123 45"}')$$) AS v_indicators \gset
RESET ROLE;
-- the spoofs: the clerk is not NTC staff, B is not recertified, A is away
SET ROLE tap_clerk;
SET search_path = public, pg_catalog, etrace;
SELECT pg_temp.traps_fired($$SELECT count(*) FROM etrace.traces$$) AS r_clerk \gset
SELECT count(*) AS r_clerk_count, etrace.caller_is_ntc() AS r_clerk_ntc FROM etrace.traces \gset
RESET ROLE;
SET ROLE tap_b1;
SET search_path = public, pg_catalog, etrace;
SELECT pg_temp.traps_fired(:'q_submit_b') AS r_recert \gset
RESET ROLE;
DELETE FROM etrace.duty_station WHERE agency_id = :a_id AND network = '127.0.0.0/16';
SET ROLE tap_a1;
SET search_path = public, pg_catalog, etrace;
SELECT pg_temp.traps_fired(:'q_submit') AS r_away \gset

---------------------------------------------- pg_temp first in search_path
SET search_path = pg_temp, pg_catalog, etrace;
SELECT pg_temp.traps_fired($$SELECT pg_temp.btrim(' x ')$$) AS t_explicit,
       pg_temp.traps_fired($$SELECT btrim(' x ')$$) AS t_unqualified,
       (SELECT count(*) FROM trace) AS t_shadow_count \gset
RESET ROLE;
INSERT INTO etrace.duty_station (agency_id, network, label) VALUES (:a_id, '127.0.0.0/16', 'Loopback');
SET ROLE tap_a1;
SET search_path = pg_temp, pg_catalog, etrace;
SELECT pg_temp.traps_fired(:'q_submit') AS t_submit,
       pg_temp.traps_fired(:'q_get') AS t_get,
       pg_temp.traps_fired($$SELECT * FROM etrace.find_traces('{"model": "19"}')$$) AS t_find,
       pg_temp.traps_fired(:'q_station2') AS t_station \gset
SELECT (SELECT count(*) FROM etrace.find_traces('{}')) AS t_find_count, (SELECT count(*) FROM etrace.traces) AS t_count \gset
RESET ROLE;
SELECT count(*) AS fired_total FROM public.trap_log \gset
ROLLBACK TO SAVEPOINT hijack;

-------------------------------------------------------------- controls
SELECT is(:'c_btrim'::text, 'ok, traps fired: 1', 'control: with public first, the caller''s own btrim() runs the trap');
SELECT is(:'c_eq'::text, 'ok, traps fired: 1', 'control: the caller''s own text = runs the planted operator');
SELECT is(:'c_field'::text, 'ok, traps fired: 1', 'control: the caller''s own jsonb ->> runs the planted operator');
SELECT is(:'c_role'::text, 'ok, traps fired: 1', 'control: the caller''s own unqualified session_role() runs the planted one');
SELECT is(:'c_unpinned'::text, 'ok, traps fired: 1',
    'control: a SECURITY DEFINER function without a pinned search_path runs the trap (as its owner)');
SELECT is(:'c_addr'::text, '10.20.0.5', 'control: the planted inet_client_addr() spoofs the address for the caller''s own SQL');
SELECT is(:'c_member'::text, 't', 'control: the planted pg_has_role() claims etrace_ntc for the caller''s own SQL');
SELECT is(:'c_agency'::text, '3', 'control: unqualified current_agency() answers the planted agency id 3');
SELECT is(:'t_explicit'::text, 'ok, traps fired: 1', 'control: a pg_temp trap runs when called by its qualified name');
SELECT is(:'t_shadow_count'::int, 50, 'control: the temporary table shadows etrace.trace for the caller''s unqualified "trace"');

---------------------------------------------- the API never runs a trap
SELECT is(:'r_submit'::text, 'ok, traps fired: 0', 'submit_trace runs none of the planted functions and operators (public first)');
SELECT is(:'r_get'::text, 'ok, traps fired: 0', 'get_trace runs none of them');
SELECT is(:'r_find'::text, 'ok, traps fired: 0', 'find_traces (dynamic SQL with lower() and =) runs none of them');
SELECT is(:'r_search'::text, 'ok, traps fired: 0', 'search_serial runs none of them');
SELECT is(:'r_validate'::text, 'ok, traps fired: 0', 'validate_trace runs none of them');
SELECT is(:'r_standing'::text, 'ok, traps fired: 0', 'caller_standing runs none of them');
SELECT is(:'r_station'::text, 'ok, traps fired: 0', 'add_duty_station (btrim of the label) runs none of them');
SELECT is(:'r_share'::text, 'ok, traps fired: 0', 'share_with (jsonb_typeof, ->>) runs none of them');
SELECT is(:'r_register'::text, 'ok, traps fired: 0', 'register_agency (btrim, upper, format) runs none of them');
SELECT is(:'r_start'::text, 'ok, traps fired: 0', 'start_trace runs none of them');
SELECT is(:'r_complete'::text, 'ok, traps fired: 0', 'complete_trace runs none of them');

SELECT is(:'v_find'::text, 'ok, traps fired: 0',
    'find_traces with a serial filter, called by the tracing center with public before etrace, runs no trap');
SELECT is(:'v_points'::text, 'ok, traps fired: 0',
    'visible_points with a serial filter, called by the tracing center with public before etrace, runs no trap (a trojan with NTC rights)');
-- (hot spots over one or two points end in "needs at least 3 points": the
-- filter has run by then, and no trap with it)
SELECT matches(:'v_hotspots'::text, '(^ok|at least 3 points).*, traps fired: 0$',
    'the filter form of hotspots (C, SECURITY DEFINER) runs no trap either');
SELECT is(:'v_indicators'::text, 'ok, traps fired: 0',
    'trafficking_indicators (C, SECURITY DEFINER, its query through SPI) runs no trap');

---------------------------------------------- spoofed identity and standing
SELECT is(:'c_session_role'::text, 'tap_ntc', 'control: unqualified session_role() answers the planted ''tap_ntc''');
SELECT is(:'r_session_role'::text, 'tap_a1', 'a planted session_role() does not change who etrace thinks is calling');
SELECT is(:'r_agency'::text, :'a_id', 'a planted current_agency() does not change the caller''s agency');
SELECT is(:'r_count'::int, 2, 'nor which traces the policies let it see (its own two)');
SELECT is(:'r_clerk'::text, 'ok, traps fired: 0', 'a planted pg_has_role() is not run by the policies');
SELECT is(:'r_clerk_count'::int, 0, 'it does not make a tracing-center clerk NTC staff: the clerk sees no trace');
SELECT is(:'r_clerk_ntc'::text, 'f', 'and caller_is_ntc() stays false');
SELECT is(:'r_recert'::text, '42501 the etrace account of role "tap_b1" has not been recertified in the last 365 days, traps fired: 0',
    'a planted now() does not make an expired recertification current');
SELECT is(:'r_away'::text, '42501 client address 127.0.0.1 is not at a duty station of agency MXJAL0001, traps fired: 0',
    'a planted inet_client_addr() does not put the caller inside a duty station');

---------------------------------------------- pg_temp first in search_path
SELECT is(:'t_unqualified'::text, 'ok, traps fired: 0', 'PostgreSQL never resolves an unqualified function to pg_temp');
SELECT is(:'t_submit'::text, 'ok, traps fired: 0', 'pg_temp first: submit_trace runs none of the traps');
SELECT is(:'t_get'::text, 'ok, traps fired: 0', 'pg_temp first: get_trace runs none of them');
SELECT is(:'t_find'::text, 'ok, traps fired: 0', 'pg_temp first: find_traces runs none of them');
SELECT is(:'t_station'::text, 'ok, traps fired: 0', 'pg_temp first: add_duty_station runs none of them');
SELECT is(:'t_find_count'::int, 3, 'the temporary "trace" table does not feed find_traces (A''s own three traces)');
SELECT is(:'t_count'::int, 3, 'nor the policies');
SELECT ok(:'fired_total'::int > 0, 'control: the traps wrote to the log');

SELECT * FROM finish();
ROLLBACK;
