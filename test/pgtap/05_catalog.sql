-- The catalog keeps the promises of the design: comments everywhere, forced
-- row-level security, owners, pinned search_path, no EXECUTE for PUBLIC.
BEGIN;
SELECT plan(25);

SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = 'etrace'::regnamespace
                   AND obj_description(p.oid, 'pg_proc') IS NULL ORDER BY 1),
          '{}'::text[], 'every function has a COMMENT');
SELECT is(ARRAY(SELECT t.typname::text FROM pg_type t
                 WHERE t.typnamespace = 'etrace'::regnamespace AND t.typtype IN ('b', 'd', 'e') AND t.typcategory <> 'A'
                   AND obj_description(t.oid, 'pg_type') IS NULL ORDER BY 1),
          '{}'::text[], 'every base type has a COMMENT');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c
                 WHERE c.relnamespace = 'etrace'::regnamespace AND c.relkind IN ('r', 'p')
                   AND obj_description(c.oid, 'pg_class') IS NULL ORDER BY 1),
          '{}'::text[], 'every table has a COMMENT');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c
                 WHERE c.relnamespace = 'etrace'::regnamespace AND c.relkind IN ('r', 'p')
                   AND NOT (c.relrowsecurity AND c.relforcerowsecurity) ORDER BY 1),
          '{}'::text[], 'every table has row-level security enabled and forced');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c
                 WHERE c.relnamespace = 'etrace'::regnamespace AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                   AND c.relowner <> 'etrace_owner'::regrole ORDER BY 1),
          '{}'::text[], 'every table, view and sequence is owned by etrace_owner (a superuser-owned view would skip RLS)');
SELECT is((SELECT rolsuper OR rolbypassrls OR rolcanlogin FROM pg_roles WHERE rolname = 'etrace_owner'), false,
          'etrace_owner is NOLOGIN, not superuser, not BYPASSRLS');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = 'etrace'::regnamespace AND p.prosecdef
                   AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, etrace, pg_temp'], false) ORDER BY 1),
          '{}'::text[], 'every SECURITY DEFINER function pins search_path = pg_catalog, etrace, pg_temp');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = 'etrace'::regnamespace AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
                   AND NOT coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, etrace, pg_temp'], false) ORDER BY 1),
          '{}'::text[], 'every PL/pgSQL function pins search_path too (dynamic SQL must not resolve names through the caller''s path)');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                 WHERE p.pronamespace = 'etrace'::regnamespace AND a.grantee = 0 ORDER BY 1),
          '{}'::text[], 'no etrace function is executable by PUBLIC');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c, aclexplode(c.relacl) a
                 WHERE c.relnamespace = 'etrace'::regnamespace AND a.grantee = 0 ORDER BY 1),
          '{}'::text[], 'no etrace table grants anything to PUBLIC');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
                 WHERE p.pronamespace = 'etrace'::regnamespace AND p.proparallel = 'u'
                   AND p.provolatile <> 'v' AND NOT p.prosecdef ORDER BY 1),
          '{}'::text[], 'read-only functions are parallel safe or restricted (API entry points, SECURITY DEFINER, excepted)');

-- API functions: SECURITY DEFINER owned by etrace_owner (so row-level
-- security holds inside them), granted to exactly the roles that need them
SELECT is_definer('etrace', 'submit_trace', ARRAY['jsonb'], 'submit_trace is SECURITY DEFINER');
SELECT function_owner_is('etrace', 'submit_trace', ARRAY['jsonb'], 'etrace_owner', 'submit_trace is owned by etrace_owner');
SELECT function_owner_is('etrace', 'get_trace', ARRAY['etrace.trace_number'], 'etrace_owner', 'get_trace is owned by etrace_owner');
SELECT isnt_definer('etrace', 'create_account', ARRAY['text', 'bigint', 'jsonb', 'text[]'],
    'create_account runs with the DBA''s own privileges');
SELECT function_privs_are('etrace', 'submit_trace', ARRAY['jsonb'], 'etrace_user', ARRAY['EXECUTE'], 'etrace_user may submit');
SELECT function_privs_are('etrace', 'submit_trace', ARRAY['jsonb'], 'etrace_analyst', '{}'::text[], 'etrace_analyst may not submit');
SELECT function_privs_are('etrace', 'submit_trace', ARRAY['jsonb'], 'etrace_auditor', '{}'::text[], 'etrace_auditor may not submit');
SELECT function_privs_are('etrace', 'complete_trace', ARRAY['etrace.trace_number', 'jsonb'], 'etrace_user', '{}'::text[],
    'etrace_user may not complete traces');
SELECT function_privs_are('etrace', 'complete_trace', ARRAY['etrace.trace_number', 'jsonb'], 'etrace_ntc', ARRAY['EXECUTE'],
    'etrace_ntc may complete traces');
SELECT function_privs_are('etrace', 'register_agency', ARRAY['jsonb'], 'etrace_user', '{}'::text[],
    'etrace_user may not register agencies');
SELECT function_privs_are('etrace', 'create_account', ARRAY['text', 'bigint', 'jsonb', 'text[]'], 'etrace_admin', '{}'::text[],
    'nobody but a superuser runs create_account');

SELECT volatility_is('etrace', 'submit_trace', ARRAY['jsonb'], 'volatile', 'submit_trace is volatile');
SELECT volatility_is('etrace', 'get_trace', ARRAY['etrace.trace_number'], 'volatile', 'get_trace is volatile (it writes its audit row)');
SELECT volatility_is('etrace', 'current_agency', '{}'::text[], 'stable', 'current_agency is stable (reads a table)');

SELECT * FROM finish();
ROLLBACK;
