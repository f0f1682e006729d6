-- The audit trail: every write to an etrace data table and every read of
-- trace data through the API, one row each, in a hash chain that shows any
-- later change, deletion, insertion or reordering (etrace.verify_audit).
--
-- Rows are written by src/audit.c when their transaction commits, so they
-- roll back with it (a read whose transaction rolls back goes to the server
-- log instead: its data was returned).  They form etrace.audit_chains()
-- chains, each numbered without gaps in commit order; each row's hash is
-- etrace.audit_hash(prev_hash, the row's other columns); etrace.audit_head
-- holds the last id and hash of each chain.  Nobody, the table owner
-- included, may update, delete or truncate them; only the auditor role
-- reads them.

CREATE TABLE etrace.audit_log (
    id                bigint PRIMARY KEY,
    at                timestamptz NOT NULL,
    xact              bigint NOT NULL,
    who               text NOT NULL,
    account_id        bigint,
    agency_id         bigint,
    client_addr       inet,
    application_name  text,
    action            text NOT NULL,
    object            text NOT NULL,
    trace_numbers     text[],
    detail            jsonb,
    fields            text[],
    prev_hash         bytea NOT NULL,
    hash              bytea NOT NULL
);
-- No CHECK constraints: only audit.c writes here (they would cost every
-- append a fresh parse of each constraint), and verify_audit checks more.
COMMENT ON TABLE etrace.audit_log IS
    'Append-only audit trail: one row per statement that wrote an etrace table and per API read of trace data, in hash chains (etrace.verify_audit checks them). Readable by etrace_auditor only.';
COMMENT ON COLUMN etrace.audit_log.id IS 'Position in the trail: chain c (of n = etrace.audit_chains()) holds ids c + 1, c + 1 + n, c + 1 + 2n... without gaps, in commit order.';
COMMENT ON COLUMN etrace.audit_log.at IS 'When the statement or read happened (clock time); rows of long transactions may be chained after later ones.';
COMMENT ON COLUMN etrace.audit_log.xact IS 'Top-level transaction id: rows with the same xact were committed together.';
COMMENT ON COLUMN etrace.audit_log.who IS 'The calling role (the outer user after SET ROLE, as etrace.session_role()).';
COMMENT ON COLUMN etrace.audit_log.account_id IS 'The caller''s etrace account (NULL for a role without one, such as the DBA).';
COMMENT ON COLUMN etrace.audit_log.agency_id IS 'The agency of the caller''s account.';
COMMENT ON COLUMN etrace.audit_log.client_addr IS 'inet_client_addr() of the session (NULL over a Unix socket).';
COMMENT ON COLUMN etrace.audit_log.application_name IS 'application_name as the client claimed it (unverified).';
COMMENT ON COLUMN etrace.audit_log.action IS 'insert, update, delete, truncate (writes) or read.';
COMMENT ON COLUMN etrace.audit_log.object IS 'The table written, or the API function that read.';
COMMENT ON COLUMN etrace.audit_log.trace_numbers IS 'The traces written or read.';
COMMENT ON COLUMN etrace.audit_log.detail IS 'Writes: {"rows": n, "keys": [primary key of each row]} (a key of several columns is an object).';
COMMENT ON COLUMN etrace.audit_log.fields IS 'Updates: the columns that changed; reads: the fields sent.';
COMMENT ON COLUMN etrace.audit_log.prev_hash IS 'The hash of the row before it in its chain (32 zero bytes before a chain''s first row).';
COMMENT ON COLUMN etrace.audit_log.hash IS 'etrace.audit_hash(prev_hash, id, at, xact, who, account_id, agency_id, client_addr, application_name, action, object, trace_numbers, detail, fields).';

-- The trail is made of etrace.audit_chains() chains, so that transactions
-- committing at the same time append to different chains instead of
-- queueing for one: chain c holds ids c + 1, c + 1 + n, c + 1 + 2n... (n
-- chains), each row linked to the one before it in its chain.  A
-- transaction appends to the chain nobody holds that is furthest behind, so
-- ids stay close to commit order.
CREATE FUNCTION etrace.audit_chains() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT 8 $$;
COMMENT ON FUNCTION etrace.audit_chains() IS
    'The number of chains of the audit trail (8): chain c holds ids c + 1, c + 9, c + 17... Fixed for the life of the trail.';

-- The end of each chain, so that rows deleted at the end are noticed too.
-- A head only moves forward; nobody may delete one.
CREATE TABLE etrace.audit_head (
    chain      integer PRIMARY KEY,
    last_id    bigint NOT NULL,
    last_hash  bytea NOT NULL
);
COMMENT ON TABLE etrace.audit_head IS
    'The id and hash of the last row of each chain of etrace.audit_log (moved forward at each append; a chain has no row until its first). An auditor who records them elsewhere can later check that the trail still passes through them: etrace.verify_audit(last_id, last_hash).';

-- pg_dump keeps the trail.  Restore as a superuser with etrace.audit off
-- (PGOPTIONS='-c etrace.audit=off'), so that loading the data tables does
-- not append to the trail before its own rows are back.
SELECT pg_catalog.pg_extension_config_dump('etrace.audit_log', '');
SELECT pg_catalog.pg_extension_config_dump('etrace.audit_head', '');

----------------------------------------------------------------- the hash

-- The canonical encoding: the columns as a jsonb array (the time as epoch
-- seconds with microseconds, so that no setting changes the text), its text
-- in UTF-8, after the previous row's hash.  Anyone can recompute it, in SQL
-- or outside the database.
CREATE FUNCTION etrace.audit_hash(prev_hash bytea, id bigint, at timestamptz, xact bigint, who text,
                                  account_id bigint, agency_id bigint, client_addr inet,
                                  application_name text, action text, object text,
                                  trace_numbers text[], detail jsonb, fields text[])
    RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT pg_catalog.sha256(prev_hash OPERATOR(pg_catalog.||) pg_catalog.convert_to(
            pg_catalog.jsonb_build_array(id, EXTRACT(epoch FROM at), xact, who, account_id, agency_id,
                                         client_addr, application_name, action, object, trace_numbers,
                                         detail, fields)::pg_catalog.text, 'UTF8'))
    $$;
COMMENT ON FUNCTION etrace.audit_hash(bytea, bigint, timestamptz, bigint, text, bigint, bigint, inet, text, text, text, text[], jsonb, text[]) IS
    'The hash of an audit row: sha256(prev_hash || UTF-8 text of jsonb_build_array(id, extract(epoch from at), xact, who, account_id, agency_id, client_addr, application_name, action, object, trace_numbers, detail, fields)), where prev_hash is the hash of the row before it in its chain (32 zero bytes for a chain''s first row).';

------------------------------------------------------------ the setting

CREATE FUNCTION etrace.setting_audit() RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_setting_audit'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_audit() IS
    'The superuser setting etrace.audit: whether writes and reads are recorded in the audit trail (default on).';

---------------------------------------------------- writing the trail

-- Not SECURITY DEFINER: it needs no privilege of its own (the statements it
-- runs name every object with its schema and read etrace.trace as its
-- owner), and a trigger that fires for every statement should not pay for
-- a search_path switch.
CREATE FUNCTION etrace.audit_capture() RETURNS trigger
    AS 'MODULE_PATHNAME', 'etrace_audit_capture'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION etrace.audit_capture() IS
    'Internal statement trigger on every etrace data table: records the statement (action, table, trace numbers, primary keys, changed columns) for the audit trail. Arguments: the primary-key columns (comma-separated) and the trace column (trace_number or trace_id, or '''').';

-- Not SECURITY DEFINER either: only the API functions, which run as the
-- owner, may call it (nobody else is granted it), so it already runs as
-- the owner; it is called at every read, and a definer function with a
-- pinned search_path would pay for switching the setting at each call.
-- The caller it records is the outer role, whoever the current one is.
CREATE FUNCTION etrace.audit_read(what text, trace_numbers etrace.trace_number[], fields text[])
    RETURNS void
    AS 'MODULE_PATHNAME', 'etrace_audit_read'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION etrace.audit_read(text, etrace.trace_number[], text[]) IS
    'Internal, for API functions that return trace data: records that the caller read these traces (what = the function, fields = what was sent). Written at commit; a read stays recorded when a subtransaction rolls back, and goes to the server log when the whole transaction does. Raises 25006 in a read-only transaction.
Example: PERFORM etrace.audit_read(''get_trace'', ARRAY[tn], ARRAY[''firearm'', ''recovery'']);';

CREATE FUNCTION etrace.audit_flush() RETURNS bigint
    AS 'MODULE_PATHNAME', 'etrace_audit_flush'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION etrace.audit_flush() IS
    'Writes this transaction''s audit rows now instead of at commit (it then holds the chain lock until it ends); returns how many. For tests and for a transaction that wants to read its own rows.';

CREATE FUNCTION etrace.audit_refuse() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RAISE EXCEPTION 'cannot % etrace.%: the audit trail is append-only', lower(TG_OP), TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Audit rows are never updated, deleted or truncated, by any role, the table owner included.';
    END
    $$;
COMMENT ON FUNCTION etrace.audit_refuse() IS
    'Internal trigger: refuses UPDATE, DELETE and TRUNCATE on the audit trail.';

CREATE FUNCTION etrace.audit_head_forward() RETURNS trigger
    AS 'MODULE_PATHNAME', 'etrace_audit_head_forward'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION etrace.audit_head_forward() IS
    'Internal trigger: a chain''s head only moves to a later row of the chain.';

-- Statement level, so that the refusal holds even where row-level security
-- hides every row (the owner has no policy on these tables).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON etrace.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION etrace.audit_refuse();
CREATE TRIGGER audit_head_kept BEFORE DELETE OR TRUNCATE ON etrace.audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION etrace.audit_refuse();
CREATE TRIGGER audit_head_forward BEFORE UPDATE ON etrace.audit_head
    FOR EACH ROW EXECUTE FUNCTION etrace.audit_head_forward();

-- Attach the capture triggers to every etrace data table (the tables
-- registered with pg_extension_config_dump; the read-only reference tables
-- are not) that lacks them.  Run here, and again at the end of the install
-- script and in upgrade scripts, for the tables created after this file.
CREATE FUNCTION etrace.audit_attach() RETURNS integer
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        t regclass;
        v_keys text;
        v_trace text;
        v_args text;
        n integer := 0;
    BEGIN
        FOR t IN
            SELECT c.oid::regclass
              FROM pg_catalog.pg_extension e, unnest(e.extconfig) AS x(relid)
              JOIN pg_catalog.pg_class c ON c.oid = x.relid
             WHERE e.extname = 'etrace' AND c.relkind IN ('r', 'p')
               AND c.relnamespace = 'etrace'::regnamespace
               -- (account_activity only timestamps API calls that are audited themselves)
               AND c.relname NOT IN ('audit_log', 'audit_head', 'account_activity')
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g
                                WHERE g.tgrelid = c.oid AND g.tgname = 'audit_insert')
             ORDER BY c.relname
        LOOP
            SELECT string_agg(a.attname, ',' ORDER BY k.n) INTO v_keys
              FROM pg_catalog.pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, n), pg_catalog.pg_attribute a
             WHERE i.indrelid = t AND i.indisprimary AND a.attrelid = t AND a.attnum = k.attnum;
            SELECT a.attname INTO v_trace
              FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t AND a.attname IN ('trace_number', 'trace_id') AND NOT a.attisdropped
             ORDER BY a.attname = 'trace_number' DESC
             LIMIT 1;
            v_args := format('%L, %L', coalesce(v_keys, ''), coalesce(v_trace, ''));
            EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS audit_new '
                           'FOR EACH STATEMENT EXECUTE FUNCTION etrace.audit_capture(%s)', t, v_args);
            EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON %s '
                           'REFERENCING OLD TABLE AS audit_old NEW TABLE AS audit_new '
                           'FOR EACH STATEMENT EXECUTE FUNCTION etrace.audit_capture(%s)', t, v_args);
            EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS audit_old '
                           'FOR EACH STATEMENT EXECUTE FUNCTION etrace.audit_capture(%s)', t, v_args);
            EXECUTE format('CREATE TRIGGER audit_truncate AFTER TRUNCATE ON %s '
                           'FOR EACH STATEMENT EXECUTE FUNCTION etrace.audit_capture(%s)', t, v_args);
            n := n + 1;
        END LOOP;
        RETURN n;
    END
    $$;
COMMENT ON FUNCTION etrace.audit_attach() IS
    'Installer: attaches the audit triggers (audit_insert, audit_update, audit_delete, audit_truncate) to every etrace data table registered with pg_extension_config_dump that lacks them; returns how many tables it attached to.';

SELECT etrace.audit_attach();

---------------------------------------------------- reading the trail

-- Auditors: members of etrace_auditor with a tracing-center account in
-- good standing, and superusers.
CREATE FUNCTION etrace.caller_is_auditor() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RETURN etrace.session_is_superuser()
            OR (etrace.caller_has_role('etrace_auditor')
                AND coalesce((SELECT g.kind = 'ntc' FROM etrace.agency g
                               WHERE g.id = (etrace.caller_account()).agency_id), false));
    END
    $$;
COMMENT ON FUNCTION etrace.caller_is_auditor() IS
    'True for superusers and for members of etrace_auditor with a tracing-center account in good standing.';

CREATE POLICY audit_log_read ON etrace.audit_log FOR SELECT
    USING ((SELECT etrace.caller_is_auditor()));
CREATE POLICY audit_head_read ON etrace.audit_head FOR SELECT
    USING ((SELECT etrace.caller_is_auditor()));

CREATE FUNCTION etrace.verify_audit(anchor_id bigint, anchor_hash bytea)
    RETURNS TABLE (ok boolean, rows_checked bigint, first_bad bigint, problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_genesis constant bytea := decode(repeat('00', 32), 'hex');
        n constant integer := etrace.audit_chains();
        v_rows bigint;
        v_bad bigint[] := '{}';
        v_problem text[] := '{}';
        v_first bigint;
        v_first_problem text;
        v_hash bytea;
        c record;
    BEGIN
        IF NOT etrace.caller_is_auditor() THEN
            RAISE EXCEPTION 'only auditors may verify the audit trail' USING ERRCODE = 'insufficient_privilege';
        END IF;

        -- Each chain row by row, in order: numbering, link to the row
        -- before, content.  A broken link after a row whose own hash holds
        -- means the row before it was changed and resealed, or slipped in.
        WITH walk AS (
            SELECT a.id, (a.id - 1) % n AS chain, a.prev_hash,
                   a.hash IS NOT DISTINCT FROM etrace.audit_hash(a.prev_hash, a.id, a.at, a.xact, a.who,
                       a.account_id, a.agency_id, a.client_addr, a.application_name, a.action, a.object,
                       a.trace_numbers, a.detail, a.fields) AS sealed,
                   lag(a.id) OVER w AS id1, lag(a.hash) OVER w AS hash1, lag(a.hash, 2) OVER w AS hash2
              FROM etrace.audit_log a
            WINDOW w AS (PARTITION BY (a.id - 1) % n ORDER BY a.id)
        ), step AS (
            SELECT w.*, coalesce(w.id1, w.chain + 1 - n) + n AS expected FROM walk w
        ), verdict AS (
            SELECT s.id,
                   CASE
                   WHEN s.id < 1 THEN s.id
                   WHEN s.id > s.expected THEN s.expected
                   WHEN s.prev_hash IS DISTINCT FROM coalesce(s.hash1, v_genesis) THEN
                        CASE WHEN s.id1 IS NOT NULL AND s.prev_hash IS NOT DISTINCT FROM coalesce(s.hash2, v_genesis)
                             THEN s.id1
                             WHEN s.id1 IS NOT NULL AND s.sealed THEN s.id1
                             ELSE s.id END
                   WHEN NOT s.sealed THEN s.id
                   END AS bad,
                   CASE
                   WHEN s.id < 1 THEN format('row %s has no place in the trail', s.id)
                   WHEN s.id = s.expected + n THEN format('row %s is missing', s.expected)
                   WHEN s.id > s.expected THEN format('rows %s to %s of chain %s are missing', s.expected, s.id - n, s.chain)
                   WHEN s.prev_hash IS DISTINCT FROM coalesce(s.hash1, v_genesis) THEN
                        CASE WHEN s.id1 IS NOT NULL AND s.prev_hash IS NOT DISTINCT FROM coalesce(s.hash2, v_genesis)
                             THEN format('row %s was inserted: row %s links to the row before it', s.id1, s.id)
                             WHEN s.id1 IS NOT NULL AND s.sealed
                             THEN format('row %s was changed and its hash recomputed: row %s does not link to it', s.id1, s.id)
                             WHEN s.id1 IS NULL THEN format('row %s does not start its chain', s.id)
                             ELSE format('row %s does not link to row %s', s.id, s.id1) END
                   WHEN NOT s.sealed THEN format('row %s was changed: its hash does not match its content', s.id)
                   END AS problem
              FROM step s
        )
        SELECT count(*), min(v.bad), (array_agg(v.problem ORDER BY v.bad, v.id) FILTER (WHERE v.bad IS NOT NULL))[1]
          INTO v_rows, v_first, v_first_problem
          FROM verdict v;
        IF v_first IS NOT NULL THEN
            v_bad := ARRAY[v_first];
            v_problem := ARRAY[v_first_problem];
        END IF;

        -- The end of each chain against its head.
        FOR c IN
            SELECT coalesce(h.chain, r.chain) AS chain, h.last_id, h.last_hash, r.max_id,
                   (SELECT a.hash FROM etrace.audit_log a WHERE a.id = h.last_id) AS head_row_hash
              FROM etrace.audit_head h
              FULL JOIN (SELECT (a.id - 1) % n AS chain, max(a.id) AS max_id
                           FROM etrace.audit_log a WHERE a.id >= 1 GROUP BY 1) r ON r.chain = h.chain
        LOOP
            IF c.last_id IS NULL THEN
                v_bad := v_bad || c.max_id;
                v_problem := v_problem || format('the head of chain %s (in etrace.audit_head) is missing', c.chain);
                CONTINUE;
            END IF;
            IF c.chain NOT BETWEEN 0 AND n - 1 OR (c.last_id - 1) % n <> c.chain THEN
                v_bad := v_bad || c.last_id;
                v_problem := v_problem || format('the head of chain %s names row %s, which is not in that chain', c.chain, c.last_id);
                CONTINUE;
            END IF;
            IF coalesce(c.max_id, c.chain + 1 - n) < c.last_id THEN
                v_bad := v_bad || (coalesce(c.max_id, c.chain + 1 - n) + n);
                v_problem := v_problem || CASE WHEN coalesce(c.max_id, c.chain + 1 - n) + n = c.last_id
                    THEN format('row %s is missing: it is the head of chain %s', c.last_id, c.chain)
                    ELSE format('rows %s to %s of chain %s are missing: the head is row %s',
                                coalesce(c.max_id, c.chain + 1 - n) + n, c.last_id, c.chain, c.last_id) END;
            END IF;
            IF c.max_id > c.last_id THEN
                v_bad := v_bad || (c.last_id + n);
                v_problem := v_problem || format('row %s was added after the head of chain %s (row %s)', c.last_id + n, c.chain, c.last_id);
            END IF;
            IF c.head_row_hash IS NOT NULL AND c.head_row_hash IS DISTINCT FROM c.last_hash THEN
                v_bad := v_bad || c.last_id;
                v_problem := v_problem || format('row %s does not match the head of chain %s: the trail was rewritten', c.last_id, c.chain);
            END IF;
        END LOOP;

        -- A row and hash recorded earlier, outside the database.
        IF anchor_id IS NOT NULL THEN
            SELECT a.hash INTO v_hash FROM etrace.audit_log a WHERE a.id = anchor_id;
            IF NOT FOUND THEN
                v_bad := v_bad || anchor_id;
                v_problem := v_problem || format('row %s, the anchor, is missing', anchor_id);
            ELSIF v_hash IS DISTINCT FROM anchor_hash THEN
                v_bad := v_bad || anchor_id;
                v_problem := v_problem || format('row %s does not match the anchor: the trail was rewritten', anchor_id);
            END IF;
        END IF;

        -- The earliest problem (the row walk's first when two name one row).
        SELECT b, p INTO first_bad, problem
          FROM unnest(v_bad, v_problem) WITH ORDINALITY AS u(b, p, o)
         ORDER BY b, o
         LIMIT 1;
        ok := first_bad IS NULL;
        rows_checked := v_rows;
        RETURN NEXT;
    END
    $$;
COMMENT ON FUNCTION etrace.verify_audit(bigint, bytea) IS
    'Auditors: verify_audit() and, given a row id and hash recorded earlier outside the database (for instance from etrace.audit_head), also that the trail still passes through them, which a superuser who rewrites the whole trail and its head cannot fake.
Example: SELECT * FROM etrace.verify_audit(1200, ''\x5d1e...''::bytea);';

CREATE FUNCTION etrace.verify_audit()
    RETURNS TABLE (ok boolean, rows_checked bigint, first_bad bigint, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$ SELECT * FROM etrace.verify_audit(NULL, NULL) $$;
COMMENT ON FUNCTION etrace.verify_audit() IS
    'Auditors: checks the whole audit trail (in each chain: numbering without gaps, each row''s hash over its content and its link to the row before, the last row against etrace.audit_head) and returns one row: ok, the number of rows checked, the first bad row (NULL when the chain is whole) and what is wrong with it. A deleted, changed, inserted or reordered row, rows deleted at the end and a rewritten trail are all reported.
Example: SELECT * FROM etrace.verify_audit();';

GRANT SELECT ON etrace.audit_log, etrace.audit_head TO etrace_auditor;
GRANT EXECUTE ON FUNCTION etrace.verify_audit(), etrace.verify_audit(bigint, bytea),
    etrace.caller_is_auditor(), etrace.audit_chains(),
    etrace.audit_hash(bytea, bigint, timestamptz, bigint, text, bigint, bigint, inet, text, text, text, text[], jsonb, text[])
    TO etrace_auditor;
