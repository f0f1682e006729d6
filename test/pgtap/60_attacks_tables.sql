-- Attacks on the tables themselves: direct SELECT, INSERT, UPDATE, DELETE,
-- TRUNCATE, COPY, row locks and table locks on every etrace table by an
-- agency user, an analyst, an auditor, the tracing center's staff and a role
-- outside etrace; the same on the view etrace.traces, the relation with
-- every trace the caller may see; a reader's direct SELECT on the trace
-- tables, which gives its own agency's traces and the granted columns
-- only; pg_dump's way of reading (row_security off); the sequences; the
-- planner's statistics.  Each attack must fail: permission denied, or only
-- the rows the caller may see.
BEGIN;
SELECT plan(83);
\ir fixtures/world.psql
\ir fixtures/attacks.psql

-- The tables where a statement did not have the expected outcome: 'ok' for
-- the tables in allowed, permission denied for every other one (for the
-- schema when the role may not even use it).
CREATE FUNCTION pg_temp.unexpected(r name, stmt text, allowed text[]) RETURNS text[] LANGUAGE sql AS $$
    SELECT coalesce(array_agg(tbl || ': ' || outcome ORDER BY tbl), '{}')
      FROM pg_temp.each_table(r, stmt)
     WHERE outcome IS DISTINCT FROM CASE
               WHEN tbl = ANY (allowed) THEN 'ok'
               WHEN NOT has_schema_privilege(r, 'etrace', 'USAGE') THEN '42501 permission denied for schema etrace'
               ELSE '42501 permission denied for table ' || tbl END
$$;
SELECT pg_temp.reference_tables() AS refs \gset

-- the matrix below really runs over the tables that hold something secret
SELECT ok(ARRAY['account', 'account_activity', 'agency', 'approved_user', 'disclosure', 'duty_station', 'firearm',
                'inbox', 'investigation', 'location_exception', 'mou_discontinuation', 'mou_signature', 'poc',
                'sharing', 'trace', 'trace_person', 'trace_result', 'trace_year_sequence']
          <@ ARRAY(SELECT tbl FROM pg_temp.each_table(NULL, 'SELECT 1')),
    'control: the attacks below cover every table that holds people, agencies, traces, results and disclosures');
SELECT is(pg_temp.try_as('tap_a1', 'SELECT 1 FROM etrace.account'), '42501 permission denied for table account',
    'control: the helper reports a refusal exactly');

----------------------------------------------------- agency user (tap_a1)
SELECT is(pg_temp.unexpected('tap_a1', 'SELECT * FROM %1$s LIMIT 1', :'refs'), '{}',
    'agency user: SELECT * is refused on every table but the reference lists (traces included: not every column is granted)');
SELECT is(pg_temp.unexpected('tap_a1', 'INSERT INTO %1$s DEFAULT VALUES', '{}'), '{}',
    'agency user: INSERT into any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_a1', 'UPDATE %1$s SET %2$s = %2$s', '{}'), '{}',
    'agency user: UPDATE of any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_a1', 'DELETE FROM %1$s', '{}'), '{}',
    'agency user: DELETE from any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_a1', 'TRUNCATE %1$s CASCADE', '{}'), '{}',
    'agency user: TRUNCATE of any etrace table is refused');

----------------------------------------------------- analyst (tap_an)
SELECT is(pg_temp.unexpected('tap_an', 'SELECT * FROM %1$s LIMIT 1', :'refs'), '{}',
    'analyst: SELECT is refused on every table but the reference lists');
SELECT is(pg_temp.unexpected('tap_an', 'INSERT INTO %1$s DEFAULT VALUES', '{}'), '{}',
    'analyst: INSERT into any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_an', 'UPDATE %1$s SET %2$s = %2$s', '{}'), '{}',
    'analyst: UPDATE of any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_an', 'DELETE FROM %1$s', '{}'), '{}',
    'analyst: DELETE from any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_an', 'TRUNCATE %1$s CASCADE', '{}'), '{}',
    'analyst: TRUNCATE of any etrace table is refused');

----------------------------------------------------- auditor (tap_aud)
SELECT is(pg_temp.unexpected('tap_aud', 'SELECT * FROM %1$s LIMIT 1',
                             :'refs'::text[] || ARRAY['audit_log', 'audit_head']), '{}',
    'auditor: SELECT is refused on every table but the reference lists and the audit trail');
SELECT is(pg_temp.unexpected('tap_aud', 'INSERT INTO %1$s DEFAULT VALUES', '{}'), '{}',
    'auditor: INSERT into any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_aud', 'UPDATE %1$s SET %2$s = %2$s', '{}'), '{}',
    'auditor: UPDATE of any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_aud', 'DELETE FROM %1$s', '{}'), '{}',
    'auditor: DELETE from any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_aud', 'TRUNCATE %1$s CASCADE', '{}'), '{}',
    'auditor: TRUNCATE of any etrace table is refused');

----------------------------------------- tracing center staff (tap_ntc)
-- The NTC reads every trace, but writes only through the API functions.
SELECT is(pg_temp.unexpected('tap_ntc', 'SELECT * FROM %1$s LIMIT 1', :'refs'), '{}',
    'NTC staff: SELECT * is refused on every table but the reference lists (the view etrace.traces is the way in)');
SELECT is(pg_temp.unexpected('tap_ntc', 'INSERT INTO %1$s DEFAULT VALUES', '{}'), '{}',
    'NTC staff: INSERT into any etrace table is refused (the API functions write)');
SELECT is(pg_temp.unexpected('tap_ntc', 'UPDATE %1$s SET %2$s = %2$s', '{}'), '{}',
    'NTC staff: UPDATE of any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_ntc', 'DELETE FROM %1$s', '{}'), '{}',
    'NTC staff: DELETE from any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_ntc', 'TRUNCATE %1$s CASCADE', '{}'), '{}',
    'NTC staff: TRUNCATE of any etrace table is refused');

------------------------------------------ a role outside etrace (tap_outsider)
SELECT is(pg_temp.unexpected('tap_outsider', 'SELECT * FROM %1$s LIMIT 1', '{}'), '{}',
    'outsider: SELECT on any etrace table is refused (no USAGE on the schema)');
SELECT is(pg_temp.unexpected('tap_outsider', 'INSERT INTO %1$s DEFAULT VALUES', '{}'), '{}',
    'outsider: INSERT into any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_outsider', 'UPDATE %1$s SET %2$s = %2$s', '{}'), '{}',
    'outsider: UPDATE of any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_outsider', 'DELETE FROM %1$s', '{}'), '{}',
    'outsider: DELETE from any etrace table is refused');
SELECT is(pg_temp.unexpected('tap_outsider', 'TRUNCATE %1$s CASCADE', '{}'), '{}',
    'outsider: TRUNCATE of any etrace table is refused');

------------------------------------- the view gives the visible rows only
SET ROLE tap_a1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a'],
    'agency user: SELECT * FROM etrace.traces returns its agency''s trace only');
SELECT is((SELECT count(*)::int FROM etrace.traces), 1, 'agency user: count(*) counts only the visible traces');
SELECT is((SELECT count(*)::int FROM etrace.traces WHERE agency_id = :b_id OR trace_number = :'tn_b' OR agency = 'MXSON0001'), 0,
    'agency user: naming another agency or its trace number in WHERE finds nothing');
RESET ROLE;
SET ROLE tap_an;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_a'],
    'analyst: etrace.traces returns its agency''s trace only');
RESET ROLE;
SET ROLE tap_c1;
SELECT is(ARRAY(SELECT trace_number::text FROM etrace.traces ORDER BY 1), ARRAY[:'tn_c'],
    'an agency in another country: its own trace only');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT count(*)::int FROM etrace.traces), 3, 'control: the tracing center sees all three traces');
RESET ROLE;
SELECT is(pg_temp.try_as('tap_aud', 'SELECT 1 FROM etrace.traces'), '42501 permission denied for view traces',
    'auditor: etrace.traces is refused');
SELECT is(pg_temp.try_as('tap_outsider', 'SELECT 1 FROM etrace.traces'), '42501 permission denied for schema etrace',
    'outsider: etrace.traces is refused');
-- (the view is not updatable: that is checked before the privileges)
SELECT matches(pg_temp.try_as('tap_a1', format('UPDATE etrace.traces SET status = %L', 'closed')), '^55000 cannot update view "traces"',
    'agency user: UPDATE through etrace.traces is refused');
SELECT matches(pg_temp.try_as('tap_ntc', 'DELETE FROM etrace.traces'), '^55000 cannot delete from view "traces"',
    'NTC staff: DELETE through etrace.traces is refused');
SELECT matches(pg_temp.try_as('tap_a1', 'INSERT INTO etrace.traces (trace_number) VALUES (NULL)'), '^55000 cannot insert into view "traces"',
    'agency user: INSERT through etrace.traces is refused');

---------------------- the tables directly: the caller's own traces only
-- Readers may SELECT, column by column, what etrace.traces shows from
-- etrace.trace and etrace.trace_result, for the agencies whose traces they
-- see in full: the rows the view shows unmasked.  Nothing else.
CREATE FUNCTION pg_temp.granted(r name, tbl regclass) RETURNS text[] LANGUAGE sql AS $$
    SELECT ARRAY(SELECT a.attname::text FROM pg_attribute a
                  WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped
                    AND has_column_privilege(r, tbl, a.attnum, 'SELECT') ORDER BY 1)
$$;
CREATE FUNCTION pg_temp.view_uses(tbl name) RETURNS text[] LANGUAGE sql AS $$
    SELECT ARRAY(SELECT u.column_name::text FROM information_schema.view_column_usage u
                  WHERE u.view_schema = 'etrace' AND u.view_name = 'traces'
                    AND u.table_schema = 'etrace' AND u.table_name = tbl ORDER BY 1)
$$;
-- the trace numbers a direct SELECT gives the role, and those it sees unmasked through the view
CREATE FUNCTION pg_temp.direct_and_view(r name) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    v_direct text;
    v_view text;
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    SELECT coalesce(string_agg(t.trace_number::text, ',' ORDER BY 1), '') INTO v_direct FROM etrace.trace t;
    SELECT coalesce(string_agg(t.trace_number::text, ',' ORDER BY 1), '') INTO v_view FROM etrace.traces t WHERE NOT t.masked;
    RESET ROLE;
    RETURN ARRAY[v_direct, v_view];
END $$;
SELECT is(ARRAY[pg_temp.granted('etrace_user', 'etrace.trace'), pg_temp.granted('etrace_analyst', 'etrace.trace'),
                pg_temp.granted('etrace_ntc', 'etrace.trace')],
          ARRAY[pg_temp.view_uses('trace'), pg_temp.view_uses('trace'), pg_temp.view_uses('trace')],
    'readers are granted SELECT on exactly the columns of etrace.trace that etrace.traces shows (not doc, not account ids)');
SELECT is(ARRAY[pg_temp.granted('etrace_user', 'etrace.trace_result'), pg_temp.granted('etrace_analyst', 'etrace.trace_result'),
                pg_temp.granted('etrace_ntc', 'etrace.trace_result')],
          ARRAY[pg_temp.view_uses('trace_result'), pg_temp.view_uses('trace_result'), pg_temp.view_uses('trace_result')],
    'and on exactly the columns of etrace.trace_result that etrace.traces shows (not the note, not who decided)');
SELECT is(pg_temp.granted('etrace_poc', 'etrace.trace') || pg_temp.granted('etrace_admin', 'etrace.trace')
          || pg_temp.granted('etrace_auditor', 'etrace.trace') || pg_temp.granted('etrace_poc', 'etrace.trace_result')
          || pg_temp.granted('etrace_admin', 'etrace.trace_result') || pg_temp.granted('etrace_auditor', 'etrace.trace_result'),
          '{}'::text[], 'points of contact, administrators and auditors are granted no column of the trace tables');
SELECT is(ARRAY(SELECT DISTINCT r::regrole::text FROM pg_policy p, unnest(p.polroles) r
                 WHERE p.polrelid IN ('etrace.trace'::regclass, 'etrace.trace_result'::regclass) ORDER BY 1),
          ARRAY['etrace_analyst', 'etrace_ntc', 'etrace_owner', 'etrace_user'],
    'the trace tables'' policies name etrace_owner and the reader roles only, never PUBLIC (any other role gets no row)');
SELECT is(ARRAY(SELECT c.relname || ' ' || r::regrole
                  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid, unnest(p.polroles) r
                 WHERE c.relname IN ('trace', 'trace_result') AND c.relnamespace = 'etrace'::regnamespace
                   AND p.polpermissive AND p.polcmd IN ('r', '*')
                   AND NOT EXISTS (SELECT 1 FROM pg_policy q, unnest(q.polroles) qr
                                    WHERE q.polrelid = p.polrelid AND NOT q.polpermissive
                                      AND q.polcmd IN ('r', '*') AND qr = r)),
          '{}'::text[],
    'every role a policy lets read the trace tables is also held by a restrictive agency isolation policy');
SELECT is(pg_temp.direct_and_view('tap_a1'), ARRAY[:'tn_a', :'tn_a'],
    'agency user: a direct SELECT on etrace.trace gives its agency''s trace, as the view does');
SELECT is(pg_temp.direct_and_view('tap_an'), ARRAY[:'tn_a', :'tn_a'], 'analyst: the same');
SELECT is(pg_temp.direct_and_view('tap_c1'), ARRAY[:'tn_c', :'tn_c'], 'an agency in another country: its own trace only');
SELECT is((pg_temp.direct_and_view('tap_clerk'))[1], (pg_temp.direct_and_view('tap_clerk'))[2],
    'a tracing-center clerk without etrace_ntc: only what the view shows it unmasked');
SELECT is(cardinality(string_to_array((pg_temp.direct_and_view('tap_ntc'))[1], ',')), 3,
    'control: tracing-center staff read all three traces directly');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT count(*) FROM etrace.trace WHERE agency_id = %s OR trace_number = %L', :b_id, :'tn_b')),
    'ok', 'control: naming another agency''s trace in a direct SELECT is a valid query');
SET ROLE tap_a1;
SELECT is((SELECT count(*)::int FROM etrace.trace WHERE agency_id = :b_id OR trace_number = :'tn_b'), 0,
    'agency user: ... but finds nothing of it (another agency''s results: 68_attacks_disclosure)');
RESET ROLE;
-- The readers' policy is etrace.has_full_access(agency_id); its planner
-- support makes it an index condition on agency_id, and gives the planner
-- the caller's own share of the rows.  The index path must pick the same rows.
CREATE FUNCTION pg_temp.plan_of(r name, query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    FOR line IN EXECUTE 'EXPLAIN ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RESET ROLE;
    RETURN plan;
END $$;
CREATE FUNCTION pg_temp.estimated_rows(r name, query text) RETURNS int LANGUAGE sql AS $$
    SELECT substring(pg_temp.plan_of(r, query) FROM ' rows=(\d+) ')::int
$$;
-- the superuser's estimate for the explicit condition on the role's agencies
CREATE FUNCTION pg_temp.explicit_estimate(r name) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    agencies bigint[];
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    agencies := etrace.full_access_agencies();
    RESET ROLE;
    RETURN pg_temp.estimated_rows(current_user,
        format('SELECT trace_number FROM etrace.trace WHERE agency_id = ANY (%L::bigint[])', agencies));
END $$;
ANALYZE etrace.trace;
SELECT is(ARRAY[pg_temp.estimated_rows('tap_a1', 'SELECT trace_number FROM etrace.trace'),
                pg_temp.estimated_rows('tap_ntc', 'SELECT trace_number FROM etrace.trace')],
          ARRAY[pg_temp.explicit_estimate('tap_a1'), pg_temp.explicit_estimate('tap_ntc')],
    'the planner expects the rows of the reader''s own agencies, as for the explicit agency_id = ANY (those ids)');
SELECT isnt(pg_temp.estimated_rows('tap_a1', 'SELECT trace_number FROM etrace.trace'),
            pg_temp.estimated_rows('tap_ntc', 'SELECT trace_number FROM etrace.trace'),
    'control: an agency user and tracing-center staff get different estimates');
SET enable_seqscan = off;
SELECT matches(pg_temp.plan_of('tap_a1', 'SELECT trace_number FROM etrace.trace'),
    'Index Cond: \(agency_id = ANY \((etrace\.)?full_access_agencies\(\)\)\)',
    'the readers'' policy is an index condition on agency_id');
SET ROLE tap_a1;
SELECT is(ARRAY[(SELECT string_agg(trace_number::text, ',') FROM etrace.trace),
                (SELECT count(*)::text FROM etrace.trace WHERE agency_id = :b_id)],
          ARRAY[:'tn_a', '0'],
    'agency user: through that index condition, its own trace and nothing of another agency''s');
RESET ROLE;
SET ROLE tap_ntc;
SELECT is((SELECT count(*)::int FROM etrace.trace), 3,
    'control: through the same index condition tracing-center staff read all three traces');
RESET ROLE;
RESET enable_seqscan;
-- A role that may not run etrace.has_full_access (here one with USAGE on
-- the schema and no etrace role) is refused the call at execution;
-- planning a query that names it computes no standing for that role (the
-- support function gives no estimate).
CREATE ROLE tap_schema_only;
GRANT USAGE ON SCHEMA etrace TO tap_schema_only;
SELECT is(pg_temp.try_as('tap_schema_only', 'SELECT a FROM generate_series(1::bigint, 3) a WHERE etrace.has_full_access(a)'),
    '42501 permission denied for function has_full_access',
    'a role without EXECUTE on etrace.has_full_access is refused the function itself, not some other error while planning');
CREATE FUNCTION pg_temp.ungranted_reads(r name) RETURNS text[] LANGUAGE sql AS $$
    SELECT ARRAY(SELECT c.relname || '.' || a.attname || ': '
                        || pg_temp.try_as(r, format('SELECT %I FROM etrace.%I', a.attname, c.relname))
                   FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                  WHERE a.attrelid IN ('etrace.trace'::regclass, 'etrace.trace_result'::regclass)
                    AND a.attnum > 0 AND NOT a.attisdropped
                    AND NOT has_column_privilege(r, a.attrelid, a.attnum, 'SELECT')
                  ORDER BY 1)
$$;
SELECT is(pg_temp.ungranted_reads('tap_a1'),
          ARRAY(SELECT x || ': 42501 permission denied for table trace'
                  FROM unnest(ARRAY['trace.doc', 'trace.firearm_id', 'trace.serial_partial', 'trace.submitted_by',
                                    'trace.worked_by']) x)
          || ARRAY(SELECT x || ': 42501 permission denied for table trace_result'
                     FROM unnest(ARRAY['trace_result.agency_id', 'trace_result.decided_at', 'trace_result.decided_by',
                                       'trace_result.note']) x),
    'agency user: a direct SELECT of any other column (the document, the note, account ids) is refused');
SELECT is(pg_temp.try_as('tap_a1', 'SELECT trace_number FROM etrace.trace FOR UPDATE'), '42501 permission denied for table trace',
    'agency user: SELECT ... FOR UPDATE on its own traces (row locks) is refused');
SELECT is(pg_temp.try_as('tap_ntc', 'SELECT trace_id FROM etrace.trace_result FOR KEY SHARE'),
    '42501 permission denied for table trace_result', 'NTC staff: SELECT ... FOR KEY SHARE on the results is refused');
SELECT is(pg_temp.try_as('tap_aud', 'SELECT trace_number FROM etrace.trace'), '42501 permission denied for table trace',
    'auditor: a direct SELECT of a granted column is refused (no grant)');

------------------------------------------ moving a trace to another agency
SELECT is(pg_temp.try_as('tap_a1', format('UPDATE etrace.trace SET agency_id = %s WHERE trace_number = %L', :b_id, :'tn_a')),
    '42501 permission denied for table trace', 'agency user: UPDATE moving its trace to another agency is refused');
SELECT is(pg_temp.try_as('tap_ntc', format('UPDATE etrace.trace SET agency_id = %s WHERE trace_number = %L', :b_id, :'tn_a')),
    '42501 permission denied for table trace', 'NTC staff: moving a trace by a direct UPDATE is refused too');
SELECT is((SELECT agency_id FROM etrace.trace WHERE trace_number = :'tn_a'), :a_id::bigint, 'the trace stayed with agency A');

------------------------------------------------------------------ locks
SELECT is(pg_temp.try_as('tap_a1', 'SELECT 1 FROM etrace.traces FOR UPDATE'), '42501 permission denied for view traces',
    'agency user: SELECT ... FOR UPDATE through the view (row locks that would stall the tracing center) is refused');
SELECT is(pg_temp.try_as('tap_a1', 'SELECT 1 FROM etrace.traces FOR KEY SHARE'), '42501 permission denied for view traces',
    'agency user: SELECT ... FOR KEY SHARE through the view is refused');
SELECT is(pg_temp.try_as('tap_a1', 'LOCK TABLE etrace.traces IN ACCESS EXCLUSIVE MODE'), '42501 permission denied for view traces',
    'agency user: LOCK TABLE etrace.traces (which would lock the trace table) is refused');
SELECT is(pg_temp.try_as('tap_a1', 'LOCK TABLE etrace.trace IN ACCESS EXCLUSIVE MODE'), '42501 permission denied for table trace',
    'agency user: LOCK TABLE etrace.trace IN ACCESS EXCLUSIVE MODE (a denial of service) is refused');
SELECT is(pg_temp.try_as('tap_an', 'LOCK TABLE etrace.account IN SHARE MODE'), '42501 permission denied for table account',
    'analyst: LOCK TABLE etrace.account is refused');

------------------------------------------ pg_dump's way: row_security = off
-- pg_dump turns row_security off so that it never dumps a partial table:
-- then every read must fail, for the trace table as for the others (the
-- row-level security check comes first, whatever the table privileges).
CREATE FUNCTION pg_temp.dump_like(r name) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    v_out text[];
BEGIN
    EXECUTE format('SET LOCAL ROLE %I', r);
    SET LOCAL row_security = off;
    SELECT array_agg(tbl || ': ' || outcome ORDER BY tbl) INTO v_out
      FROM pg_temp.each_table(NULL, 'SELECT * FROM %1$s')
     WHERE outcome IS DISTINCT FROM
           format('42501 query would be affected by row-level security policy for table "%s"', tbl);
    SET LOCAL row_security = on;
    RESET ROLE;
    RETURN coalesce(v_out, '{}');
END $$;
SELECT is(pg_temp.dump_like('tap_a1'), '{}',
    'agency user with row_security = off (what pg_dump does): no etrace table can be read');
SELECT is(pg_temp.dump_like('tap_an'), '{}', 'analyst with row_security = off: no etrace table can be read');
SELECT is(pg_temp.dump_like('tap_ntc'), '{}',
    'NTC staff with row_security = off: no etrace table can be read (row-level security is forced for everyone)');
SET ROLE tap_a1;
SET LOCAL row_security = off;
SELECT matches(pg_temp.try('SELECT * FROM etrace.traces'),
    '^42501 query would be affected by row-level security policy for table "(trace|agency|trace_result)"',
    'agency user with row_security = off: the view etrace.traces cannot be read either');
SELECT is(pg_temp.try('SELECT trace_number FROM etrace.trace'),
    '42501 query would be affected by row-level security policy for table "trace"',
    'agency user with row_security = off: nor its own traces in the table, through the granted columns');
SET LOCAL row_security = on;
RESET ROLE;

------------------------------------------------------------------ COPY
-- (COPY TO STDOUT and FROM STDIN need a client: test/attacks/ runs them.)
SET ROLE tap_a1;
SELECT throws_ok($$COPY etrace.trace TO '/tmp/etrace_trace.csv'$$, '42501',
    'must be superuser or have privileges of the pg_write_server_files role to COPY to a file',
    'agency user: COPY etrace.trace TO a server file is refused');
SELECT throws_ok($$COPY (SELECT * FROM etrace.trace) TO PROGRAM 'cat >/dev/null'$$, '42501',
    'must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program',
    'agency user: COPY (SELECT ...) TO PROGRAM is refused');
SELECT throws_ok($$COPY etrace.trace FROM '/etc/hostname'$$, '42501',
    'must be superuser or have privileges of the pg_read_server_files role to COPY from a file',
    'agency user: COPY etrace.trace FROM a server file is refused');
SELECT throws_ok($$COPY etrace.account FROM PROGRAM 'true'$$, '42501',
    'must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program',
    'agency user: COPY etrace.account FROM PROGRAM is refused');
RESET ROLE;

------------------------------------------------------------- sequences
SELECT seq_name AS year_seq, split_part(seq_name, '.', 2) AS year_seq_rel
  FROM etrace.trace_year_sequence WHERE year = extract(year FROM etrace.today()) \gset
SELECT is(pg_temp.try_as('tap_a1', format('SELECT nextval(%L)', :'year_seq')),
    '42501 permission denied for sequence ' || :'year_seq_rel',
    'agency user: nextval() on the year''s trace-number sequence (burning numbers) is refused');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT setval(%L, 1)', :'year_seq')),
    '42501 permission denied for sequence ' || :'year_seq_rel',
    'agency user: setval() on the trace-number sequence (duplicate numbers) is refused');
SELECT is(pg_temp.try_as('tap_a1', format('SELECT last_value FROM %s', :'year_seq')),
    '42501 permission denied for sequence ' || :'year_seq_rel',
    'agency user: reading the trace-number sequence directly is refused');
SELECT is(pg_temp.try_as('tap_an', $$SELECT setval('etrace.trace_id_seq', 1)$$),
    '42501 permission denied for sequence trace_id_seq', 'analyst: setval() on an identity sequence is refused');

------------------------------------------------------------ statistics
-- The planner's statistics hold sample values (most common serials,
-- agencies, localities); pg_stats must not show them for a table under
-- row-level security.
ANALYZE etrace.trace;
SELECT ok((SELECT count(*) FROM pg_stats WHERE schemaname = 'etrace' AND tablename = 'trace') > 0,
    'control: after ANALYZE the superuser sees statistics of etrace.trace');
SET ROLE tap_a1;
SELECT is((SELECT count(*)::int FROM pg_stats WHERE schemaname = 'etrace'), 0,
    'agency user: pg_stats shows no statistics (sample values) of any etrace table');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
