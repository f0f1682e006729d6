-- Masking and the standing under parallel plans.  A parallel worker has no
-- client connection (inet_client_addr() is NULL there), so it has no
-- standing of its own: the masking decision of the view etrace.traces must
-- be made with the leader's standing, and a worker must never see more
-- than the leader.  (force_parallel_mode and the parallel costs are
-- settings any role may change.)
BEGIN;
SELECT plan(20);
\ir fixtures/world.psql

-- B shares with its country, so A sees B's trace masked; the tracing
-- center consents to disclose B's recovery locality and dealer to A.
SELECT etrace.set_poc(:b_id, format('{"kind": "primary", "name": "Carla Soto", "account": %s}', :b1_acct)::jsonb);
SET ROLE tap_b1;
SELECT etrace.submit_trace(jsonb_set(jsonb_set(jsonb_set(:'doc', '{firearm,serial}', '"SON-777"'),
    '{recovery,subdivision}', '"MX-SON"'), '{recovery,locality}', '"Hermosillo"')) AS tn_b \gset
SELECT etrace.share_with(:b_id, '{"scope": "country"}');
SELECT etrace.request_disclosure(format('{"traces": ["%s"], "recipient": "Fiscalia de Jalisco", "recipient_agency": %s, "purpose": "Joint homicide investigation", "fields": ["recovery.locality", "result.dealer_ffl"]}', :'tn_b', :a_id)::jsonb) AS disc \gset
RESET ROLE;
SET ROLE tap_ntc;
SELECT etrace.start_trace(:'tn_b');
SELECT etrace.complete_trace(:'tn_b', '{"outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F-14245", "dealer_name": "Border Guns LLC", "purchase_date": "2024-03-01", "purchaser": {"last_name": "Roe", "first_name": "Jane"}}');
SELECT etrace.decide_disclosure(:disc, '{"decision": "consent"}');
RESET ROLE;
SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn_a \gset
RESET ROLE;

-- What A sees of both traces, one line each.
CREATE FUNCTION pg_temp.seen() RETURNS SETOF text
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    AS $$ SELECT concat_ws(' ', trace_number, coalesce(recovery_locality, '-'), coalesce(recovery_subdivision, '-'),
                           coalesce(dealer_ffl::text, '-'), coalesce(dealer_name, '-'), masked)
            FROM etrace.traces ORDER BY trace_number $$;
-- The same query, mislabelled PARALLEL SAFE (and in PL/pgSQL, so that it
-- is not inlined): under force_parallel_mode the whole query, the view's
-- masking included, runs in a worker.
CREATE FUNCTION pg_temp.seen_in_worker() RETURNS SETOF text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$ BEGIN RETURN QUERY SELECT pg_temp.seen(); END $$;
CREATE FUNCTION pg_temp.parallel_plan(query text) RETURNS boolean
    LANGUAGE plpgsql AS $$
    DECLARE
        line text;
        found boolean := false;
    BEGIN
        FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
            found := found OR line LIKE '%Gather%';
        END LOOP;
        RETURN found;
    END
    $$;
\set in_worker 'SELECT coalesce(string_agg(line, ''|'' ORDER BY line), '''') AS seen FROM pg_temp.seen_in_worker() line'
SELECT ARRAY[:'tn_b' || ' Hermosillo - 8-23-091-01-7F-14245 - t', :'tn_a' || ' Guadalajara MX-JAL - - f'] AS expected \gset

----------------------------------------------------- the leader alone
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT pg_temp.seen()), :'expected'::text[],
    'control: A sees its own trace in full, B''s masked but for the consented locality and dealer');
RESET ROLE;

---------------------------------------- the view under a parallel plan
-- Workers scan the table; the masked columns are computed in the leader.
SET ROLE tap_a1;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SET enable_indexscan = off;
SET enable_bitmapscan = off;
SET force_parallel_mode = on;
SELECT ok(pg_temp.parallel_plan('SELECT recovery_locality FROM etrace.traces'),
    'control: the view is read through a parallel plan');
SELECT is(ARRAY(SELECT pg_temp.seen()), :'expected'::text[], 'parallel plan: the same traces, masked the same way');
SELECT is((SELECT recovery_locality FROM etrace.traces WHERE trace_number = :'tn_b'), 'Hermosillo',
    'parallel plan: the consented locality of B''s trace is visible');
SELECT is((SELECT array[recovery_subdivision, dealer_name, latitude::text] FROM etrace.traces WHERE trace_number = :'tn_b'),
    ARRAY[NULL, NULL, NULL]::text[], 'parallel plan: the units not consented stay masked');
SELECT is((SELECT count(recovery_locality)::int || ' ' || count(dealer_ffl) || ' ' || count(dealer_name) || ' ' || count(recovery_subdivision)
             FROM etrace.traces), '2 1 0 1', 'parallel plan: counts over masked columns count the consented units only');
SELECT is((SELECT string_agg(recovery_locality, ',' ORDER BY recovery_locality) FROM etrace.traces WHERE masked),
    'Hermosillo', 'parallel plan: an aggregate over shared traces sees the consented locality');
-- a reader's direct SELECT on the table: its own traces only, in full; the
-- readers' policy (etrace.has_full_access, parallel restricted) keeps the
-- scan in the leader, even under force_parallel_mode
SELECT ok(NOT pg_temp.parallel_plan('SELECT recovery_locality FROM etrace.trace'),
    'a direct SELECT on etrace.trace is not given to parallel workers');
SELECT is(ARRAY(SELECT trace_number::text || ' ' || recovery_locality FROM etrace.trace ORDER BY 1),
    ARRAY[:'tn_a' || ' Guadalajara'], 'parallel settings: a direct SELECT gives A its own trace, not B''s shared one');
RESET force_parallel_mode;
RESET enable_bitmapscan;
RESET enable_indexscan;
RESET parallel_leader_participation;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET ROLE;

SELECT is(ARRAY(SELECT p.proname::text || ' ' || p.proparallel::text FROM pg_proc p
                 WHERE p.pronamespace = 'etrace'::regnamespace
                   AND p.proname IN ('caller_standing', 'caller_account', 'current_agency', 'visible_agencies',
                                     'full_access_agencies', 'has_full_access', 'consented_units', 'unmasked')
                 ORDER BY 1),
    ARRAY['caller_account r', 'caller_standing r', 'consented_units r', 'current_agency r',
          'full_access_agencies r', 'has_full_access r', 'unmasked r', 'visible_agencies r'],
    'the standing and the masking test are PARALLEL RESTRICTED (run in the leader only)');

------------------------------------------------- the query in a worker
-- A worker that runs the whole query has no client address: it must not
-- take that for a Unix socket, nor see more than the leader.
SET ROLE tap_a1;
SET force_parallel_mode = on;
SELECT ok(pg_temp.parallel_plan(:'in_worker'), 'control: the mislabelled function runs in a worker');
-- (a top-level statement of its own: pgTAP's functions are parallel unsafe)
:in_worker \gset
RESET force_parallel_mode;
RESET ROLE;
SELECT is(:'seen'::text, '', 'in a worker (no client address, Unix sockets off): nothing is seen, never more than the leader');
CREATE FUNCTION pg_temp.direct_in_worker() RETURNS bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$ BEGIN RETURN (SELECT count(*) FROM etrace.trace); END $$;
SET ROLE tap_a1;
SET force_parallel_mode = on;
SELECT ok(pg_temp.parallel_plan('SELECT pg_temp.direct_in_worker()'), 'control: the direct SELECT in a function runs in a worker');
SELECT pg_temp.direct_in_worker() AS direct_seen \gset
RESET force_parallel_mode;
RESET ROLE;
SELECT is(:'direct_seen'::bigint, 0::bigint, 'in a worker, a direct SELECT on etrace.trace sees nothing either');

-- The client outside the agency's duty stations, Unix sockets allowed for
-- the database: a worker took its missing address for a Unix socket and
-- so stood in good standing where the leader did not.
DELETE FROM etrace.duty_station WHERE agency_id = :a_id;
SET etrace.unix_socket_access = on;
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT pg_temp.seen()), '{}'::text[], 'control: outside the duty stations the leader sees nothing');
SET force_parallel_mode = on;
SELECT ok(pg_temp.parallel_plan(:'in_worker'), 'control: the function still runs in a worker');
:in_worker \gset
RESET force_parallel_mode;
RESET ROLE;
RESET etrace.unix_socket_access;
SELECT is(:'seen'::text, '', 'outside the duty stations with Unix sockets on: a worker sees nothing either');
-- what the worker's standing says (computed in the worker through the
-- uncached function, which has no cache to lean on)
CREATE FUNCTION pg_temp.worker_standing() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT coalesce(s.problem, 'none') FROM etrace.caller_standing_uncached() s $$;
SET etrace.unix_socket_access = on;
SET ROLE tap_a1;
SET force_parallel_mode = on;
SELECT pg_temp.worker_standing() AS worker_problem \gset
RESET force_parallel_mode;
RESET ROLE;
RESET etrace.unix_socket_access;
SELECT is(:'worker_problem'::text, 'the client address is not known in a parallel worker',
    'a worker''s own standing says why it has none');

-- With a location exception from anywhere, the worker stands as the
-- leader does, and masks as the leader does.
SELECT etrace.grant_location_exception(:a1_acct, NULL, now() - interval '1 hour', now() + interval '1 day', 'Parallel test') \gset
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT pg_temp.seen()), :'expected'::text[], 'control: with a location exception from anywhere the leader sees both');
SET force_parallel_mode = on;
:in_worker \gset
RESET force_parallel_mode;
RESET ROLE;
SELECT is(string_to_array(:'seen', '|'), :'expected'::text[],
    'and a worker, standing as the leader, sees the same and masks the same (consents included)');

SELECT * FROM finish();
ROLLBACK;
