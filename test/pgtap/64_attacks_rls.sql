-- Attacks on row-level security through the queries an agency user may
-- run on etrace.traces (the view over the trace tables): leaky functions
-- the planner would like to run first, errors raised only by other
-- agencies' rows, views and tables of one's own, plans prepared or cached
-- under another identity.  Each must see only the caller's rows.  Leaky
-- functions record what they see in a temporary table; the controls show
-- that they record every row they are given.
BEGIN;
SELECT plan(24);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

SET ROLE tap_a1;
CREATE TEMP TABLE seen (tn text, doc jsonb);
GRANT ALL ON seen TO PUBLIC;  -- (the controls run the same functions as the tracing center)
-- as cheap as a function can be, so the planner would gladly run it first
CREATE FUNCTION pg_temp.leak(t etrace.traces) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    INSERT INTO pg_temp.seen VALUES (t.trace_number::text, to_jsonb(t));
    RETURN true;
END $$;
CREATE FUNCTION pg_temp.leak_text(v text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    INSERT INTO pg_temp.seen (tn) VALUES (v);
    RETURN true;
END $$;
RESET ROLE;
CREATE FUNCTION pg_temp.seen_and_clear() RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    v text[];
BEGIN
    v := ARRAY(SELECT DISTINCT tn FROM pg_temp.seen ORDER BY 1);
    DELETE FROM pg_temp.seen;
    RETURN v;
END $$;

---------------------------------------------------------- leaky functions
SET ROLE tap_a1;
SELECT count(*) FROM etrace.traces t WHERE pg_temp.leak(t) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY[:'tn_a'], 'a cheap leaky function in WHERE sees only the caller''s own rows');
SET ROLE tap_ntc;
SELECT count(*) FROM etrace.traces t WHERE pg_temp.leak(t) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY(SELECT trace_number::text FROM etrace.trace ORDER BY 1),
    'control: the same function records every row it is given (the tracing center''s three)');
SET ROLE tap_a1;
SELECT count(*) FROM etrace.traces t WHERE pg_temp.leak_text(t.serial::text) AND pg_temp.leak_text(t.trace_number::text) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY['ABX 123 45', :'tn_a'], 'a leaky function on columns (serial, number) sees only the caller''s row');
SET ROLE tap_a1;
SELECT count(*) FROM etrace.trace t WHERE pg_temp.leak_text(t.trace_number::text) \g /dev/null
SELECT count(*) FROM etrace.trace_result r WHERE pg_temp.leak_text(r.trace_id::text) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY[:'tn_a'],
    'a leaky function in WHERE of a direct SELECT on the tables sees only the caller''s own rows');
SET ROLE tap_ntc;
SELECT count(*) FROM etrace.trace t WHERE pg_temp.leak_text(t.trace_number::text) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY(SELECT trace_number::text FROM etrace.trace ORDER BY 1),
    'control: the same direct SELECT by the tracing center gives the function every trace');
SET ROLE tap_a1;
SELECT count(*) FROM etrace.traces t WHERE t.trace_number = :'tn_b' AND pg_temp.leak(t) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), '{}'::text[], 'a leaky function next to a leakproof = on another agency''s number sees nothing');
SET ROLE tap_a1;
SELECT count(*) FROM etrace.traces t JOIN generate_series(1, 3) g ON pg_temp.leak(t) \g /dev/null
SELECT count(*) FROM (SELECT * FROM etrace.traces OFFSET 0) t WHERE pg_temp.leak(t::etrace.traces) \g /dev/null
SELECT count(*) FROM generate_series(1, 2) g WHERE EXISTS (SELECT 1 FROM etrace.traces t WHERE pg_temp.leak(t)) \g /dev/null
SELECT count(*) FROM generate_series(1, 2) g, LATERAL (SELECT * FROM etrace.traces t WHERE pg_temp.leak(t) AND g > 0) x \g /dev/null
SELECT count(*) FROM etrace.traces t GROUP BY t.agency_id HAVING bool_and(pg_temp.leak(t)) \g /dev/null
SELECT first_value(t.trace_number) OVER (ORDER BY pg_temp.leak(t)) FROM etrace.traces t \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY[:'tn_a'],
    'in a join condition, a subquery, EXISTS, LATERAL, HAVING and a window, the leaky function still sees only the caller''s row');
SET ROLE tap_a1;
SELECT throws_ok('CREATE FUNCTION pg_temp.leak_proof(t etrace.traces) RETURNS boolean LANGUAGE sql LEAKPROOF AS $f$ SELECT true $f$',
    '42501', 'only superuser can define a leakproof function', 'the leaky function cannot be declared LEAKPROOF to run first');
SELECT throws_ok('ALTER FUNCTION pg_temp.leak(etrace.traces) LEAKPROOF', '42501', 'only superuser can define a leakproof function',
    'nor made LEAKPROOF afterwards');

------------------------------------------------------------ error oracles
-- An expression that fails only on another agency's row would reveal it.
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.traces WHERE 1 / (agency_id - %s) IS NOT NULL', :b_id)), 'ok',
    'a division by zero on agency B''s rows never happens for agency A (no error oracle)');
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.traces WHERE (CASE WHEN trace_number = %L THEN ''x'' ELSE ''1'' END)::int = 1', :'tn_b')),
    'ok', 'a cast failing on another agency''s trace number never happens either');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(pg_temp.try(format('SELECT count(*) FROM etrace.traces WHERE 1 / (agency_id - %s) IS NOT NULL', :b_id)),
    '22012 division by zero', 'control: the same division fails for the tracing center, which sees B''s row');
RESET ROLE;
SET ROLE tap_a1;

------------------------------------------------------------ views, tables
SELECT lives_ok('CREATE TEMP VIEW every_trace AS SELECT * FROM etrace.traces', 'a temporary view over etrace.traces can be made');
SELECT is(ARRAY(SELECT trace_number::text FROM every_trace), ARRAY[:'tn_a'], 'but it applies row-level security as its owner, the caller');
CREATE TEMP VIEW leaky_view WITH (security_barrier = false) AS SELECT * FROM etrace.traces;
SELECT count(*) FROM leaky_view v WHERE pg_temp.leak_text(v.trace_number::text) \g /dev/null
RESET ROLE;
SELECT is(pg_temp.seen_and_clear(), ARRAY[:'tn_a'], 'a view without security_barrier does not let a leaky function see more');
SET ROLE tap_a1;
CREATE TEMP TABLE my_copy AS SELECT * FROM etrace.traces;
SELECT is(ARRAY(SELECT trace_number::text FROM my_copy), ARRAY[:'tn_a'], 'CREATE TABLE AS SELECT copies only the caller''s rows');
SELECT throws_ok('CREATE VIEW public.every_trace AS SELECT * FROM etrace.traces', '42501', 'permission denied for schema public',
    'a permanent view (which another user might query) cannot be made in public');
SELECT throws_ok('CREATE MATERIALIZED VIEW public.snapshot AS SELECT * FROM etrace.traces', '42501', 'permission denied for schema public',
    'nor a materialized view');
RESET ROLE;

-------------------------------------- plans and cursors of another identity
SET ROLE tap_ntc;
PREPARE all_traces AS SELECT trace_number::text FROM etrace.traces ORDER BY 1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a', :'tn_b', :'tn_c'], 'control: the tracing center sees three');
RESET ROLE;
-- (the statement prepared by the tracing center, run six times by A so
-- that a generic plan would be chosen if there were one to reuse)
SET ROLE tap_ntc;
EXECUTE all_traces \g /dev/null
RESET ROLE;
SET ROLE tap_a1;
EXECUTE all_traces \g /dev/null
EXECUTE all_traces \g /dev/null
EXECUTE all_traces \g /dev/null
EXECUTE all_traces \g /dev/null
EXECUTE all_traces \g /dev/null
CREATE TEMP TABLE plan_rows AS EXECUTE all_traces;
SELECT is(ARRAY(SELECT * FROM plan_rows), ARRAY[:'tn_a'],
    'a statement prepared by the tracing center returns only A''s row when A executes it');
RESET ROLE;
SET ROLE tap_ntc;
CREATE FUNCTION pg_temp.cached_count() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT count(*) FROM etrace.traces);
END $$;
SELECT is(pg_temp.cached_count(), 3::bigint, 'control: a PL/pgSQL function counts three for the tracing center');
RESET ROLE;
SET ROLE tap_a1;
SELECT is(pg_temp.cached_count(), 1::bigint, 'the same function, its plan cached, counts one for agency A');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is(etrace.get_trace(:'tn_b') ->> 'trace_number', :'tn_b', 'control: the tracing center reads B''s trace with get_trace');
RESET ROLE;
SET ROLE tap_a1;
SELECT is(pg_temp.try(format('SELECT etrace.get_trace(%L)', :'tn_b')), format('P0002 trace %s not found', :'tn_b'),
    'get_trace, its plans cached by the tracing center''s call, still hides B''s trace from A');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
