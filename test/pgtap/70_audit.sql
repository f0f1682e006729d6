-- The audit trail: what is recorded (writes, reads, who), that it rolls back
-- with its transaction, that nobody may change it and only auditors read it,
-- and that etrace.verify_audit finds every kind of tampering.
-- Audit rows are written at commit; inside this one rolled-back transaction
-- etrace.audit_flush() writes them on demand.
BEGIN;
SELECT plan(78);
\ir fixtures/world.psql
SELECT etrace.create_account('tap_aud', :ntc_id, '{"name": "Olga Auditor"}', ARRAY['etrace_auditor']) AS aud_acct \gset
SET application_name = 'tap-audit';

------------------------------------------------------------------ catalog

SELECT has_table('etrace', 'audit_log', 'etrace.audit_log exists');
SELECT has_table('etrace', 'audit_head', 'etrace.audit_head exists');
SELECT is(ARRAY(SELECT c.relname::text
                  FROM pg_extension e, unnest(e.extconfig) AS x(relid) JOIN pg_class c ON c.oid = x.relid
                 WHERE e.extname = 'etrace' AND c.relkind = 'r' AND c.relname NOT IN ('audit_log', 'audit_head', 'account_activity')
                   AND (SELECT count(*) FROM pg_trigger g
                         WHERE g.tgrelid = c.oid
                           AND g.tgname IN ('audit_insert', 'audit_update', 'audit_delete', 'audit_truncate')) <> 4
                 ORDER BY 1),
          '{}'::text[], 'every etrace data table carries the four audit triggers');
SELECT cmp_ok((SELECT count(*)::int FROM pg_extension e, unnest(e.extconfig) AS x(relid) JOIN pg_class c ON c.oid = x.relid
                WHERE e.extname = 'etrace' AND c.relkind = 'r'), '>=', 15, 'the data tables are found by their pg_dump registration');
SELECT is((SELECT count(*)::int FROM pg_trigger g
            WHERE g.tgrelid IN ('etrace.country'::regclass, 'etrace.ncic_offense'::regclass) AND g.tgname LIKE 'audit%'),
          0, 'read-only reference tables are not audited');
SELECT table_privs_are('etrace', 'audit_log', 'etrace_auditor', ARRAY['SELECT'], 'etrace_auditor may only read the trail');
SELECT table_privs_are('etrace', 'audit_log', 'etrace_ntc', '{}'::text[], 'etrace_ntc may not read the trail');
SELECT table_privs_are('etrace', 'audit_log', 'etrace_user', '{}'::text[], 'etrace_user may not read the trail');
SELECT policies_are('etrace', 'audit_log', ARRAY['audit_log_read'], 'one policy on the trail: reading');
SELECT function_privs_are('etrace', 'verify_audit', '{}'::text[], 'etrace_auditor', ARRAY['EXECUTE'],
    'etrace_auditor may verify the trail');
SELECT function_privs_are('etrace', 'verify_audit', '{}'::text[], 'etrace_ntc', '{}'::text[],
    'etrace_ntc may not verify the trail');
SELECT function_privs_are('etrace', 'audit_read', ARRAY['text', 'etrace.trace_number[]', 'text[]'], 'etrace_user', '{}'::text[],
    'nobody but the API records reads');
SELECT isnt_definer('etrace', 'audit_read', ARRAY['text', 'trace_number[]', 'text[]'],
    'audit_read runs as its caller, an API function running as the owner (no search_path switch per read)');

------------------------------------------------------------------- writes

-- the fixture's own writes, by the DBA
SELECT etrace.audit_flush() > 0 AS fixture_written \gset
SELECT is((SELECT count(*)::int FROM etrace.audit_log
            WHERE object = 'agency' AND action = 'insert' AND who = session_user AND account_id IS NULL),
          4, 'the DBA''s writes are recorded under its role, with no account');
SELECT coalesce(max(id), 0) AS base FROM etrace.audit_log \gset

SET ROLE tap_a1;
SELECT etrace.submit_trace(:'doc') AS tn \gset
RESET ROLE;
SELECT is(etrace.audit_flush(), 5::bigint, 'a submission writes one row per statement that wrote rows');
SELECT is(ARRAY(SELECT format('%s %s %s', action, object, coalesce(array_to_string(trace_numbers, ','), '-'))
                  FROM etrace.audit_log WHERE id > :base ORDER BY id),
          ARRAY['insert firearm -', 'insert trace_year_sequence -', format('insert trace %s', :'tn'),
                format('insert trace_person %s', :'tn'), format('insert trace_person %s', :'tn')],
          'the rows of a submission name the trace (trace_person through its trace_id)');
SELECT is(ARRAY(SELECT DISTINCT format('%s %s %s %s %s', who, account_id, agency_id, host(client_addr), application_name)
                  FROM etrace.audit_log WHERE id > :base),
          ARRAY[format('tap_a1 %s %s 127.0.0.1 tap-audit', :a1_acct, :a_id)],
          'each row names the caller, its account, agency, client address and application_name');
SELECT is((SELECT count(DISTINCT xact)::int FROM etrace.audit_log WHERE id > :base), 1,
          'the rows of one transaction share its transaction id');
SELECT is((SELECT detail FROM etrace.audit_log WHERE id > :base AND object = 'trace'),
          jsonb_build_object('rows', 1, 'keys', jsonb_build_array((SELECT id FROM etrace.trace WHERE trace_number = :'tn'))),
          'detail: the number of rows and their primary keys');
SELECT is((SELECT detail FROM etrace.audit_log WHERE id > :base AND object = 'trace_year_sequence'),
          jsonb_build_object('rows', 1, 'keys', jsonb_build_array(extract(year FROM etrace.today())::int)),
          'detail: keys of any type');
SELECT is((SELECT array_agg(id - :base ORDER BY id) FROM etrace.audit_log WHERE id > :base),
          ARRAY[8, 16, 24, 32, 40]::bigint[], 'a transaction appends to one chain, numbered without gaps (every 8th id)');

SELECT max(id) AS base FROM etrace.audit_log \gset
SET ROLE tap_ntc;
SELECT etrace.start_trace(:'tn') \gset
RESET ROLE;
SELECT is(etrace.audit_flush(), 1::bigint, 'an update statement is one row');
SELECT is((SELECT format('%s %s %s %s', action, object, array_to_string(trace_numbers, ','), fields)
             FROM etrace.audit_log WHERE id > :base),
          format('update trace %s {status,worked_by}', :'tn'),
          'an update names the columns it changed (status_since: the same now() as at submission)');

-- a superuser's statement without rows writes nothing; a truncate is recorded
SELECT max(id) AS base FROM etrace.audit_log \gset
UPDATE etrace.trace SET status = status WHERE false;
TRUNCATE etrace.sharing;
SELECT etrace.audit_flush() AS n \gset
SELECT is(ARRAY(SELECT format('%s %s', action, object) FROM etrace.audit_log WHERE id > :base),
          ARRAY['truncate sharing'], 'statements that change no row are not recorded; truncations are');

-- a bulk transaction writes its entries as it goes (memory stays bounded)
SELECT max(id) AS base FROM etrace.audit_log \gset
CREATE FUNCTION pg_temp.touch_agency(n integer, p_agency bigint) RETURNS void LANGUAGE plpgsql AS
    $$ BEGIN FOR i IN 1 .. n LOOP UPDATE etrace.agency SET name = name WHERE id = p_agency; END LOOP; END $$;
SELECT pg_temp.touch_agency(1001, :a_id) \gset
SELECT is(etrace.audit_flush(), 1::bigint, 'the first 1000 entries of a bulk transaction were written as it went');
SELECT is((SELECT count(*)::int FROM etrace.audit_log WHERE id > :base), 1001, 'every statement is there');

-------------------------------------------------------------------- reads

SELECT max(id) AS base FROM etrace.audit_log \gset
SET ROLE tap_a1;
SELECT etrace.get_trace(:'tn') AS d \gset
RESET ROLE;
SELECT is(etrace.audit_flush(), 1::bigint, 'get_trace writes one row');
SELECT is((SELECT format('%s %s %s %s %s', who, action, object, array_to_string(trace_numbers, ','), fields)
             FROM etrace.audit_log WHERE id > :base),
          format('tap_a1 read get_trace %s %s', :'tn', ARRAY(SELECT jsonb_object_keys(:'d'::jsonb) ORDER BY 1)),
          'the read row names the reader, the trace number and the fields sent');

SET ROLE tap_a1;
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', '"AUD-2"')) AS tn2 \gset
SELECT count(*) AS found FROM etrace.find_traces('{}') \gset
RESET ROLE;
SELECT is((SELECT count(*)::int FROM etrace.audit_log WHERE id > :base AND object = 'find_traces'), 0,
          'rows are written at commit (here: at the next flush)');
SELECT etrace.audit_flush() AS n \gset
SELECT is((SELECT array_agg(trace_numbers) FROM etrace.audit_log WHERE id > :base AND object = 'find_traces'),
          ARRAY[ARRAY[:'tn', :'tn2']], 'find_traces writes one row with every trace number it returned');

-- The hash of each row is computed in C when it is written (src/audit.c);
-- verify_audit recomputes it in SQL with sha256().  The two must agree on
-- rows of every shape: odd names and strings (quotes, backslashes, control
-- characters, non-ASCII), NULLs, empty and NULL arrays, NULL elements,
-- arrays of two dimensions, many rows in a row.
SELECT max(id) AS base FROM etrace.audit_log \gset
CREATE ROLE "tap ""odd"" rôle\";
GRANT USAGE ON SCHEMA etrace TO "tap ""odd"" rôle\";
GRANT EXECUTE ON FUNCTION etrace.audit_read(text, etrace.trace_number[], text[]) TO "tap ""odd"" rôle\";
SET application_name = E'tap "app" \\ x';
SET ROLE "tap ""odd"" rôle\";
SELECT count(etrace.audit_read(w, t, f)) AS n
  FROM (VALUES (E'q"uote \\ back \t tab \n line \x01 ctl', NULL::etrace.trace_number[], NULL::text[]),
               ('Jalisco — ñandú ✓ 😀', '{}', '{}'),
               ('nulls', ARRAY[:'tn']::etrace.trace_number[], ARRAY[NULL, '', ' ', 'NULL', 'a,b', '{x}']),
               ('two dimensions', ARRAY[:'tn', :'tn']::etrace.trace_number[], ARRAY[['a', E'b\\"'], ['é', NULL]]))
       AS v(w, t, f) \gset
RESET ROLE;
SET application_name = '';
SELECT count(etrace.audit_read(format('many %s %s', i, repeat(chr(32 + i % 95), i % 9)),
                               CASE WHEN i % 3 > 0 THEN ARRAY[etrace.trace_number_make(2030, i)] END,
                               CASE i % 4 WHEN 1 THEN ARRAY[chr(1 + i % 40), 'x'] WHEN 2 THEN ARRAY[]::text[]
                                          WHEN 3 THEN ARRAY[repeat('ü', i)] END)) AS n
  FROM generate_series(1, 300) i \gset
SET application_name = 'tap-audit';
SELECT is(etrace.audit_flush(), 304::bigint, 'reads of every shape are written');
SELECT is((SELECT count(*)::int FROM etrace.audit_log
            WHERE id > :base
              AND hash IS NOT DISTINCT FROM etrace.audit_hash(prev_hash, id, at, xact, who, account_id, agency_id,
                      client_addr, application_name, action, object, trace_numbers, detail, fields)),
          304, 'the hash written in C is the one etrace.audit_hash computes with sha256() in SQL, for every row');
SELECT is((SELECT count(*)::int FROM etrace.audit_log a
            WHERE a.id > :base
              AND a.prev_hash IS NOT DISTINCT FROM (SELECT p.hash FROM etrace.audit_log p WHERE p.id = a.id - 8)),
          304, 'and each row links to the one before it in its chain');
SELECT is((SELECT format('%s|%s|%s|%s', who, application_name, object, fields) FROM etrace.audit_log
            WHERE id > :base AND object = 'two dimensions'),
          E'tap "odd" rôle\\|tap "app" \\ x|two dimensions|{{a,"b\\\\\\""},{é,NULL}}',
          'the row keeps the values as they were given');
SELECT is((SELECT count(*)::int FROM etrace.audit_log WHERE id > :base AND application_name IS NULL), 300,
          'an empty application_name is recorded as NULL');
SELECT ok((SELECT ok FROM etrace.verify_audit()), 'verify_audit finds the trail whole');
SAVEPOINT t;
ALTER TABLE etrace.audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE etrace.audit_log SET fields = ARRAY[['a', 'b"'], ['é', NULL]] WHERE id > :base AND object = 'two dimensions';
SELECT is((SELECT format('%s %s', ok, problem ~ '^row \d+ was changed: its hash does not match its content$')
             FROM etrace.verify_audit()),
          'f t', 'one character changed in such a row is found');
ROLLBACK TO SAVEPOINT t;

-- read-only transactions cannot record reads, so they cannot read traces
SAVEPOINT ro;
SET TRANSACTION READ ONLY;
SELECT throws_ok('SELECT etrace.audit_read(''get_trace'', NULL, NULL)', '25006',
    'cannot record a read of trace data in a read-only transaction', 'no reads in a read-only transaction');
ROLLBACK TO SAVEPOINT ro;

----------------------------------------------------------------- rollback

SELECT last_id AS head FROM etrace.audit_head \gset
SAVEPOINT s;
SET ROLE tap_a1;
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', '"RB-1"')) AS tn_rb \gset
RESET ROLE;
SELECT is(etrace.audit_flush(), 4::bigint, 'inside a savepoint the submission is written');
ROLLBACK TO SAVEPOINT s;
SELECT is((SELECT count(*)::int FROM etrace.audit_log WHERE :'tn_rb' = ANY (trace_numbers)), 0,
          'audit rows roll back with their transaction');
SELECT is((SELECT last_id FROM etrace.audit_head), :head::bigint, 'and so does the chain head');

SAVEPOINT s;
SET ROLE tap_a1;
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', '"RB-2"')) AS tn_rb \gset
RESET ROLE;
ROLLBACK TO SAVEPOINT s;
SELECT is(etrace.audit_flush(), 0::bigint, 'a write undone by a savepoint is never written');

-- a read happened even when what followed was rolled back: an exception
-- block cannot hide it
CREATE FUNCTION pg_temp.peek(tn etrace.trace_number) RETURNS jsonb LANGUAGE plpgsql AS $$
    DECLARE d jsonb;
    BEGIN
        BEGIN
            d := etrace.get_trace(tn);
            RAISE EXCEPTION 'hide the read';
        EXCEPTION WHEN raise_exception THEN
            RETURN d;
        END;
    END $$;
SET ROLE tap_a1;
SELECT pg_temp.peek(:'tn') IS NOT NULL AS peeked \gset
RESET ROLE;
SELECT is(etrace.audit_flush(), 1::bigint, 'a read inside a rolled-back exception block is still written');
SAVEPOINT s;
SET ROLE tap_a1;
SELECT etrace.get_trace(:'tn') IS NOT NULL AS got \gset
RESET ROLE;
SELECT etrace.audit_flush() AS n \gset
ROLLBACK TO SAVEPOINT s;
SELECT is(etrace.audit_flush(), 1::bigint, 'a read written in a savepoint that rolls back is written again');

------------------------------------------------------------ the setting

SET etrace.audit = off;
SET ROLE tap_a1;
SELECT etrace.submit_trace(jsonb_set(:'doc', '{firearm,serial}', '"OFF-1"')) IS NOT NULL AS submitted \gset
SELECT etrace.get_trace(:'tn') IS NOT NULL AS got \gset
RESET ROLE;
SELECT is(etrace.audit_flush(), 0::bigint, 'with etrace.audit off nothing is recorded');
RESET etrace.audit;
SET ROLE tap_a1;
SELECT throws_ok('SET etrace.audit = off', '42501', 'permission denied to set parameter "etrace.audit"',
    'only a superuser turns auditing off');
RESET ROLE;

----------------------------------------------------- append-only, for all

SELECT throws_ok('UPDATE etrace.audit_log SET who = ''nobody''', '42501',
    'cannot update etrace.audit_log: the audit trail is append-only', 'a superuser cannot update the trail');
SELECT throws_ok('DELETE FROM etrace.audit_log', '42501',
    'cannot delete etrace.audit_log: the audit trail is append-only', 'a superuser cannot delete from the trail');
SELECT throws_ok('TRUNCATE etrace.audit_log', '42501',
    'cannot truncate etrace.audit_log: the audit trail is append-only', 'a superuser cannot truncate the trail');
SELECT throws_ok('DELETE FROM etrace.audit_head', '42501',
    'cannot delete etrace.audit_head: the audit trail is append-only', 'nor delete its head');
SELECT throws_ok('UPDATE etrace.audit_head SET last_id = 1', '42501',
    'the audit chain head only moves forward', 'nor move its head back');
SET ROLE etrace_owner;
SELECT throws_ok('UPDATE etrace.audit_log SET who = ''nobody''', '42501',
    'cannot update etrace.audit_log: the audit trail is append-only', 'the owner cannot update the trail');
SELECT throws_ok('DELETE FROM etrace.audit_log', '42501',
    'cannot delete etrace.audit_log: the audit trail is append-only', 'the owner cannot delete from the trail');
SELECT throws_ok('TRUNCATE etrace.audit_log', '42501',
    'cannot truncate etrace.audit_log: the audit trail is append-only', 'the owner cannot truncate the trail');
SELECT throws_ok($$INSERT INTO etrace.audit_log (id, at, xact, who, action, object, prev_hash, hash)
                   VALUES (999999999, now(), 1, 'x', 'read', 'x', sha256(''), sha256(''))$$, '42501',
    'new row violates row-level security policy for table "audit_log"', 'the owner cannot insert into the trail');
RESET ROLE;
SET ROLE tap_aud;
SELECT throws_ok('UPDATE etrace.audit_log SET who = ''nobody''', '42501',
    'permission denied for table audit_log', 'the auditor cannot update the trail');
SELECT throws_ok('DELETE FROM etrace.audit_log', '42501',
    'permission denied for table audit_log', 'the auditor cannot delete from the trail');
SELECT throws_ok('TRUNCATE etrace.audit_log', '42501',
    'permission denied for table audit_log', 'the auditor cannot truncate the trail');
RESET ROLE;

---------------------------------------------------------- only auditors

SELECT count(*) AS total FROM etrace.audit_log \gset
SET ROLE tap_aud;
SELECT is((SELECT count(*) FROM etrace.audit_log), :total::bigint, 'the auditor reads the whole trail');
SELECT is((SELECT format('%s %s %s', ok, rows_checked, first_bad) FROM etrace.verify_audit()),
          format('t %s ', :total), 'the auditor verifies it: the chain is whole');
RESET ROLE;
SET ROLE tap_ntc;
SELECT throws_ok('SELECT count(*) FROM etrace.audit_log', '42501', 'permission denied for table audit_log',
    'tracing-center staff cannot read the trail');
SELECT throws_ok('SELECT * FROM etrace.verify_audit()', '42501', 'permission denied for function verify_audit',
    'nor verify it');
RESET ROLE;
CREATE ROLE tap_not_auditor;
GRANT etrace_auditor TO tap_not_auditor;
SET ROLE tap_not_auditor;
SELECT is((SELECT count(*) FROM etrace.audit_log), 0::bigint,
    'membership of etrace_auditor without an account in good standing shows nothing');
SELECT throws_ok('SELECT * FROM etrace.verify_audit()', '42501', 'only auditors may verify the audit trail',
    'and verifies nothing');
RESET ROLE;

---------------------------------------------------------------- tampering

-- A superuser can switch the triggers off; everything it then does to the
-- trail is found.  Each attempt is undone before the next.  This
-- transaction wrote chain 0 (ids 1, 9, 17...): h is its head, mid a row in
-- its middle, mid + 8 the row after it.
SELECT is((SELECT array_agg(chain) FROM etrace.audit_head), ARRAY[0], 'this test wrote one chain');
SELECT last_id AS h, encode(last_hash, 'hex') AS h_hash FROM etrace.audit_head \gset
SELECT (:h / 16) * 8 + 1 AS mid \gset
SELECT encode(hash, 'hex') AS mid_hash FROM etrace.audit_log WHERE id = :mid \gset
CREATE TEMP TABLE saved AS SELECT * FROM etrace.audit_log;
SELECT set_config('tap.mid', :'mid', true) \gset
ALTER TABLE etrace.audit_log DISABLE TRIGGER ALL;
ALTER TABLE etrace.audit_head DISABLE TRIGGER ALL;

SAVEPOINT t;
DELETE FROM etrace.audit_log WHERE id = :mid;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s is missing', :mid, :mid), 'a deleted row is found');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
DELETE FROM etrace.audit_log WHERE id = 1;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          'f 1: row 1 is missing', 'a deleted first row is found');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
DELETE FROM etrace.audit_log WHERE id >= :h - 8;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: rows %s to %s of chain 0 are missing: the head is row %s', :h - 8, :h - 8, :h, :h),
          'rows deleted at the end are found through the chain head');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
UPDATE etrace.audit_log SET who = 'someone_else' WHERE id = :mid;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s was changed: its hash does not match its content', :mid, :mid),
          'a changed row is found');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
UPDATE etrace.audit_log
   SET who = 'someone_else',
       hash = etrace.audit_hash(prev_hash, id, at, xact, 'someone_else', account_id, agency_id, client_addr,
                                application_name, action, object, trace_numbers, detail, fields)
 WHERE id = :mid;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s was changed and its hash recomputed: row %s does not link to it', :mid, :mid, :mid + 8),
          'a changed row with a recomputed hash is found through the next row');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
UPDATE etrace.audit_log SET id = 999999999 WHERE id = :mid;
UPDATE etrace.audit_log SET id = :mid WHERE id = :mid + 8;
UPDATE etrace.audit_log SET id = :mid + 8 WHERE id = 999999999;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s does not link to row %s', :mid, :mid, :mid - 8),
          'two rows that exchanged places are found');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
INSERT INTO etrace.audit_log (id, at, xact, who, action, object, trace_numbers, prev_hash, hash)
SELECT :h + 8, now(), 1, 'tap_a2', 'read', 'get_trace', ARRAY[:'tn'], decode(:'h_hash', 'hex'),
       etrace.audit_hash(decode(:'h_hash', 'hex'), :h + 8, now(), 1, 'tap_a2', NULL, NULL, NULL, NULL,
                         'read', 'get_trace', ARRAY[:'tn'], NULL, NULL);
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s was added after the head of chain 0 (row %s)', :h + 8, :h + 8, :h),
          'a forged row appended after the head is found');
ROLLBACK TO SAVEPOINT t;

SAVEPOINT t;
UPDATE etrace.audit_log SET id = id + 8000000 WHERE id >= :mid;
UPDATE etrace.audit_log SET id = id - 7999992 WHERE id > 8000000;
INSERT INTO etrace.audit_log (id, at, xact, who, action, object, trace_numbers, prev_hash, hash)
SELECT :mid, now(), 1, 'tap_a2', 'read', 'get_trace', ARRAY[:'tn'], p.hash,
       etrace.audit_hash(p.hash, :mid, now(), 1, 'tap_a2', NULL, NULL, NULL, NULL,
                         'read', 'get_trace', ARRAY[:'tn'], NULL, NULL)
  FROM etrace.audit_log p WHERE p.id = :mid - 8;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s was inserted: row %s links to the row before it', :mid, :mid, :mid + 8),
          'a forged row slipped into the middle is found');
ROLLBACK TO SAVEPOINT t;

-- rewritten from scratch: every hash recomputed, one row changed
SAVEPOINT t;
TRUNCATE etrace.audit_log;
DO $$
DECLARE
    s etrace.audit_log;
    v_prev bytea := decode(repeat('00', 32), 'hex');
BEGIN
    FOR s IN SELECT * FROM pg_temp.saved ORDER BY id LOOP
        IF s.id = current_setting('tap.mid')::bigint THEN
            s.who := 'someone_else';
        END IF;
        s.prev_hash := v_prev;
        s.hash := etrace.audit_hash(s.prev_hash, s.id, s.at, s.xact, s.who, s.account_id, s.agency_id,
                                    s.client_addr, s.application_name, s.action, s.object, s.trace_numbers,
                                    s.detail, s.fields);
        INSERT INTO etrace.audit_log VALUES (s.id, s.at, s.xact, s.who, s.account_id, s.agency_id, s.client_addr,
            s.application_name, s.action, s.object, s.trace_numbers, s.detail, s.fields, s.prev_hash, s.hash);
        v_prev := s.hash;
    END LOOP;
END
$$;
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit()),
          format('f %s: row %s does not match the head of chain 0: the trail was rewritten', :h, :h),
          'a truncated and refilled trail is found through the chain head');
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit(:mid, decode(:'mid_hash', 'hex'))),
          format('f %s: row %s does not match the anchor: the trail was rewritten', :mid, :mid),
          'and, with a head recorded earlier, from the first rewritten row');
ROLLBACK TO SAVEPOINT t;

-- tracks covered: the last row deleted and the head moved back to match.
-- Only a head recorded outside the database shows it.
SAVEPOINT t;
DELETE FROM etrace.audit_log WHERE id = :h;
UPDATE etrace.audit_head SET last_id = :h - 8, last_hash = (SELECT hash FROM etrace.audit_log WHERE id = :h - 8);
SELECT is((SELECT ok FROM etrace.verify_audit()), true, 'a superuser who also moves the head back is not seen by the chain alone');
SELECT is((SELECT format('%s %s: %s', ok, first_bad, problem) FROM etrace.verify_audit(:h, decode(:'h_hash', 'hex'))),
          format('f %s: row %s, the anchor, is missing', :h, :h), 'but is, against a head recorded earlier');
ROLLBACK TO SAVEPOINT t;

SELECT is((SELECT format('%s %s', ok, first_bad) FROM etrace.verify_audit(:h, decode(:'h_hash', 'hex'))), 't ',
          'untouched, the chain is whole and passes through the recorded head');

SELECT * FROM finish();
ROLLBACK;
