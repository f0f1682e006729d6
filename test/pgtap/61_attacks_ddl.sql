-- Attacks through DDL and privileges: turning row-level security off,
-- replacing policies and functions, planting triggers, rules, indexes,
-- child tables, foreign keys and publications on the etrace tables,
-- granting oneself privileges or roles, changing one's role attributes.
-- Run as an agency user (its agency's point of contact, the most
-- privileged agency account); each must be refused.
BEGIN;
SELECT plan(46);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

SELECT current_database() AS db \gset
CREATE FUNCTION pg_temp.spy_trigger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;

SET ROLE tap_a1;
---------------------------------------------------- row-level security
SELECT throws_ok('ALTER TABLE etrace.trace DISABLE ROW LEVEL SECURITY', '42501', 'must be owner of table trace',
    'ALTER TABLE ... DISABLE ROW LEVEL SECURITY is refused');
SELECT throws_ok('ALTER TABLE etrace.trace NO FORCE ROW LEVEL SECURITY', '42501', 'must be owner of table trace',
    'ALTER TABLE ... NO FORCE ROW LEVEL SECURITY is refused');
SELECT throws_ok('DROP POLICY trace_isolation ON etrace.trace', '42501', 'must be owner of relation trace',
    'DROP POLICY of the agency isolation policy is refused');
SELECT throws_ok('ALTER POLICY trace_isolation ON etrace.trace USING (true)', '42501', 'must be owner of table trace',
    'ALTER POLICY ... USING (true) is refused');
SELECT throws_ok('CREATE POLICY let_me_in ON etrace.trace_result FOR SELECT USING (true)', '42501',
    'must be owner of table trace_result', 'CREATE POLICY (a permissive policy of one''s own) is refused');
SELECT throws_ok('ALTER TABLE etrace.trace OWNER TO tap_a1', '42501', 'must be owner of table trace',
    'taking ownership of etrace.trace is refused');
SELECT throws_ok('DROP TABLE etrace.trace CASCADE', '42501', 'must be owner of table trace', 'DROP TABLE is refused');

-------------------------------------- objects that would see other rows
SELECT throws_ok('CREATE TRIGGER spy AFTER INSERT ON etrace.trace FOR EACH ROW EXECUTE FUNCTION pg_temp.spy_trigger()',
    '42501', 'permission denied for table trace', 'a trigger that would copy every new trace is refused');
SELECT throws_ok('CREATE RULE spy AS ON INSERT TO etrace.trace DO ALSO NOTIFY spy', '42501', 'must be owner of table trace',
    'a rule on etrace.trace is refused');
SELECT throws_ok('CREATE INDEX spy ON etrace.trace ((serial::text))', '42501', 'must be owner of table trace',
    'an index (whose expression would run on every row) is refused');
SELECT throws_ok('CREATE STATISTICS spy ON agency_id, recovery_locality FROM etrace.trace', '42501',
    'must be owner of table trace', 'extended statistics (sample values in pg_stats_ext) are refused');
SELECT throws_ok('CREATE TEMP TABLE spy () INHERITS (etrace.trace)', '42501', 'must be owner of table trace',
    'a child table of etrace.trace is refused');
SELECT throws_ok('CREATE PUBLICATION spy FOR TABLE etrace.trace', '42501', 'permission denied for database ' || :'db',
    'a publication of etrace.trace (logical replication out) is refused');
SELECT throws_ok($$CREATE SUBSCRIPTION spy CONNECTION 'host=127.0.0.1' PUBLICATION p WITH (connect = false)$$, '42501',
    'must be superuser to create subscriptions', 'a subscription (logical replication in) is refused');
SELECT throws_ok('ALTER TABLE etrace.account DISABLE TRIGGER standing_changed', '42501', 'must be owner of table account',
    'disabling the trigger that makes sessions forget a cached standing (a suspension would be missed) is refused');
CREATE TEMP TABLE noise (x int);
SELECT throws_ok('CREATE TRIGGER noise AFTER INSERT ON noise FOR EACH STATEMENT EXECUTE FUNCTION etrace.standing_changed()', '42501',
    'permission denied for function etrace.standing_changed', 'borrowing etrace''s cache-invalidation trigger function is refused');
SELECT throws_ok('COMMENT ON TABLE etrace.trace IS ''mine''', '42501', 'must be owner of table trace',
    'COMMENT ON an etrace table is refused');
SELECT throws_ok('REINDEX TABLE etrace.trace', '42501', 'must be owner of table trace',
    'REINDEX (an exclusive lock on the trace table) is refused');
SELECT throws_ok('CLUSTER etrace.trace USING trace_pkey', '42501', 'must be owner of table trace',
    'CLUSTER (an exclusive lock on the trace table) is refused');

-------------------------------------------------- planting objects
SELECT throws_ok('CREATE TABLE etrace.inbox (doc jsonb)', '42501', 'permission denied for schema etrace',
    'creating a table in schema etrace is refused');
SELECT throws_ok('CREATE FUNCTION etrace.get_trace(tn text) RETURNS jsonb LANGUAGE sql AS $f$ SELECT NULL::jsonb $f$',
    '42501', 'permission denied for schema etrace', 'planting an overload of an API function in schema etrace is refused');
SELECT throws_ok('CREATE OR REPLACE FUNCTION etrace.current_agency() RETURNS bigint LANGUAGE sql AS $f$ SELECT 3::bigint $f$',
    '42501', 'permission denied for schema etrace', 'replacing current_agency() (the policies'' source of identity) is refused');
SELECT throws_ok('ALTER FUNCTION etrace.get_trace(etrace.trace_number) SECURITY INVOKER', '42501',
    'must be owner of function etrace.get_trace', 'ALTER FUNCTION ... SECURITY INVOKER is refused');
SELECT throws_ok('ALTER FUNCTION etrace.visible_agencies() SET search_path = public, pg_catalog', '42501',
    'must be owner of function etrace.visible_agencies', 'unpinning a definer function''s search_path is refused');
SELECT throws_ok('ALTER FUNCTION etrace.serial_key(etrace.serial_number) NOT LEAKPROOF', '42501',
    'must be owner of function etrace.serial_key', 'changing a function''s LEAKPROOF label is refused');
SELECT throws_ok('CREATE TABLE public.inbox (doc jsonb)', '42501', 'permission denied for schema public',
    'creating objects in schema public is refused (PostgreSQL 15 default)');
SELECT throws_ok('CREATE SCHEMA attacker', '42501', 'permission denied for database ' || :'db',
    'creating a schema of one''s own is refused');
SELECT throws_ok('CREATE EVENT TRIGGER spy ON ddl_command_start EXECUTE FUNCTION pg_temp.spy_trigger()', '42501',
    'permission denied to create event trigger "spy"', 'an event trigger is refused');
SELECT throws_ok('ALTER EXTENSION etrace UPDATE', '42501', 'must be owner of extension etrace',
    'ALTER EXTENSION etrace is refused');
SELECT throws_ok('DROP EXTENSION etrace CASCADE', '42501', 'must be owner of extension etrace',
    'DROP EXTENSION etrace is refused');
SELECT throws_ok('ALTER DEFAULT PRIVILEGES FOR ROLE etrace_owner IN SCHEMA etrace GRANT SELECT ON TABLES TO tap_a1', '42501',
    'must be member of role "etrace_owner"', 'default privileges on the owner''s future tables are refused');

------------------------------------------------------------- privileges
SELECT throws_ok('GRANT SELECT ON etrace.account TO tap_a1', '42501', 'permission denied for table account',
    'granting oneself SELECT on etrace.account is refused');
SELECT throws_ok('GRANT UPDATE ON etrace.trace TO tap_a1', '42501', 'permission denied for table trace',
    'granting oneself UPDATE on etrace.trace is refused');
-- (a role without the grant option gets a WARNING, "no privileges were granted")
SET client_min_messages = error;
GRANT SELECT ON etrace.traces TO tap_outsider;
RESET client_min_messages;
RESET ROLE;
SELECT ok(NOT has_table_privilege('tap_outsider', 'etrace.traces', 'SELECT'),
    'passing SELECT on etrace.traces on to a role outside etrace granted nothing');
SET ROLE tap_a1;
SELECT throws_ok('GRANT etrace_ntc TO tap_a1', '42501', 'must have admin option on role "etrace_ntc"',
    'granting oneself etrace_ntc is refused');
SELECT throws_ok('GRANT etrace_owner TO tap_a1', '42501', 'must have admin option on role "etrace_owner"',
    'granting oneself etrace_owner is refused');
SELECT throws_ok('ALTER ROLE tap_a1 BYPASSRLS', '42501', 'must be superuser to change bypassrls attribute',
    'ALTER ROLE ... BYPASSRLS is refused');
SELECT throws_ok('ALTER ROLE tap_a1 SUPERUSER', '42501',
    'must be superuser to alter superuser roles or change superuser attribute', 'ALTER ROLE ... SUPERUSER is refused');
SELECT throws_ok('ALTER ROLE etrace_owner LOGIN', '42501', 'permission denied', 'making etrace_owner a login role is refused');
SELECT throws_ok('ALTER ROLE tap_a2 NOLOGIN', '42501', 'permission denied', 'locking a colleague out (ALTER ROLE ... NOLOGIN) is refused');
SELECT throws_ok('CREATE ROLE tap_sock_puppet LOGIN', '42501', 'permission denied to create role',
    'creating a role (a sock puppet) is refused');
SELECT throws_ok('CREATE FUNCTION pg_temp.looks_safe(int) RETURNS boolean LANGUAGE sql LEAKPROOF AS $f$ SELECT true $f$',
    '42501', 'only superuser can define a leakproof function', 'declaring a function LEAKPROOF is refused');
SELECT throws_ok('SET session_replication_role = replica', '42501',
    'permission denied to set parameter "session_replication_role"',
    'session_replication_role = replica (no triggers, no foreign-key checks) is refused');
RESET ROLE;

-- A foreign key from a table of one's own probes another agency's rows
-- (the referencing insert succeeds only when the row exists).  In a
-- database whose schema public is still writable by everyone (the default
-- before PostgreSQL 15), the REFERENCES privilege stops it.
GRANT CREATE ON SCHEMA public TO PUBLIC;
SET ROLE tap_a1;
SELECT throws_ok('CREATE TABLE public.probe (trace_id bigint REFERENCES etrace.trace (id))', '42501',
    'permission denied for table trace', 'a foreign key into etrace.trace (probing other agencies'' ids) is refused');
SELECT throws_ok('CREATE TABLE public.probe (agency_id bigint, network cidr, FOREIGN KEY (agency_id, network) REFERENCES etrace.duty_station (agency_id, network))',
    '42501', 'permission denied for table duty_station', 'a foreign key into etrace.duty_station is refused');
SELECT lives_ok('CREATE TABLE public.probe (trace_id bigint)', 'control: that database does let the role create tables in public');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
