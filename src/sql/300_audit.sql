-- The audit trail: every write to an etrace data table and every read of
-- trace data through the API, one row each, in a hash chain that shows any
-- later change, deletion, insertion or reordering (etrace.verify_audit).
--
-- Rows are written by src/audit.c when their transaction commits, so they
-- roll back with it (a read whose transaction rolls back goes to the server
-- log instead: its data was returned).  They are numbered 1, 2, 3... without
-- gaps in commit order; each row's hash is etrace.audit_hash(prev_hash, the
-- row's other columns); etrace.audit_head holds the last row's number and
-- hash.  Nobody, the table owner included, may update, delete or truncate
-- them; only the auditor role reads them.

CREATE TABLE etrace.audit_log (
    id                bigint PRIMARY KEY CHECK (id > 0),
    at                timestamptz NOT NULL,
    xact              bigint NOT NULL,
    who               text NOT NULL,
    account_id        bigint,
    agency_id         bigint,
    client_addr       inet,
    application_name  text,
    action            text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'truncate', 'read')),
    object            text NOT NULL,
    trace_numbers     text[],
    detail            jsonb,
    fields            text[],
    prev_hash         bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash              bytea NOT NULL CHECK (octet_length(hash) = 32)
);
COMMENT ON TABLE etrace.audit_log IS
    'Append-only audit trail: one row per statement that wrote an etrace table and per API read of trace data, hash-chained (etrace.verify_audit checks it). Readable by etrace_auditor only.';
COMMENT ON COLUMN etrace.audit_log.id IS 'Position in the chain: 1, 2, 3... without gaps, in commit order.';
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
COMMENT ON COLUMN etrace.audit_log.prev_hash IS 'The hash of the row before (32 zero bytes before row 1).';
COMMENT ON COLUMN etrace.audit_log.hash IS 'etrace.audit_hash(prev_hash, id, at, xact, who, account_id, agency_id, client_addr, application_name, action, object, trace_numbers, detail, fields).';

-- The end of the chain, so that rows deleted at the end are noticed too.
-- It only moves forward; nobody may delete it.
CREATE TABLE etrace.audit_head (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_id    bigint NOT NULL CHECK (last_id > 0),
    last_hash  bytea NOT NULL CHECK (octet_length(last_hash) = 32)
);
COMMENT ON TABLE etrace.audit_head IS
    'The number and hash of the last row of etrace.audit_log (one row, moved forward at each append; empty until the first). An auditor who records it elsewhere can later check that the chain still passes through it: etrace.verify_audit(last_id, last_hash).';

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
    'The hash of an audit row: sha256(prev_hash || UTF-8 text of jsonb_build_array(id, extract(epoch from at), xact, who, account_id, agency_id, client_addr, application_name, action, object, trace_numbers, detail, fields)).';

------------------------------------------------------------ the setting

CREATE FUNCTION etrace.setting_audit() RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_setting_audit'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_audit() IS
    'The superuser setting etrace.audit: whether writes and reads are recorded in the audit trail (default on).';

---------------------------------------------------- writing the trail

CREATE FUNCTION etrace.audit_capture() RETURNS trigger
    AS 'MODULE_PATHNAME', 'etrace_audit_capture'
    LANGUAGE C VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp;
COMMENT ON FUNCTION etrace.audit_capture() IS
    'Internal statement trigger on every etrace data table: records the statement (action, table, trace numbers, primary keys, changed columns) for the audit trail. Arguments: the primary-key columns (comma-separated) and the trace column (trace_number or trace_id, or '''').';

CREATE FUNCTION etrace.audit_read(what text, trace_numbers etrace.trace_number[], fields text[])
    RETURNS void
    AS 'MODULE_PATHNAME', 'etrace_audit_read'
    LANGUAGE C VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp;
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
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF NEW.last_id <= OLD.last_id THEN
            RAISE EXCEPTION 'the audit chain head only moves forward'
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('It is at row %s; row %s is not after it.', OLD.last_id, NEW.last_id);
        END IF;
        RETURN NEW;
    END
    $$;
COMMENT ON FUNCTION etrace.audit_head_forward() IS
    'Internal trigger: the chain head only moves to a later row.';

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
-- are not) that lacks them.  Run below, and again at the end of the install
-- script and by upgrade scripts, for tables created later.
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
               AND c.relname NOT IN ('audit_log', 'audit_head')
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
        v_rows bigint;
        v_max bigint;
        v_bad bigint[] := '{}';
        v_problem text[] := '{}';
        v_first bigint;
        v_first_problem text;
        v_hash bytea;
        h etrace.audit_head;
    BEGIN
        IF NOT etrace.caller_is_auditor() THEN
            RAISE EXCEPTION 'only auditors may verify the audit trail' USING ERRCODE = 'insufficient_privilege';
        END IF;

        -- Row by row, in order: numbering, link to the row before, content.
        -- A broken link after a row whose own hash holds means the row
        -- before it was changed and resealed, or slipped in.
        WITH walk AS (
            SELECT a.id, a.prev_hash,
                   a.hash IS NOT DISTINCT FROM etrace.audit_hash(a.prev_hash, a.id, a.at, a.xact, a.who,
                       a.account_id, a.agency_id, a.client_addr, a.application_name, a.action, a.object,
                       a.trace_numbers, a.detail, a.fields) AS sealed,
                   lag(a.id) OVER w AS id1, lag(a.hash) OVER w AS hash1, lag(a.hash, 2) OVER w AS hash2
              FROM etrace.audit_log a
            WINDOW w AS (ORDER BY a.id)
        ), verdict AS (
            SELECT w.id,
                   CASE
                   WHEN w.id > coalesce(w.id1, 0) + 1 THEN coalesce(w.id1, 0) + 1
                   WHEN w.id <= w.id1 THEN w.id
                   WHEN w.prev_hash IS DISTINCT FROM coalesce(w.hash1, v_genesis) THEN
                        CASE WHEN w.id1 IS NOT NULL AND w.prev_hash IS NOT DISTINCT FROM coalesce(w.hash2, v_genesis)
                             THEN w.id1
                             WHEN w.id1 IS NOT NULL AND w.sealed THEN w.id1
                             ELSE w.id END
                   WHEN NOT w.sealed THEN w.id
                   END AS bad,
                   CASE
                   WHEN w.id = coalesce(w.id1, 0) + 2 THEN format('row %s is missing', w.id - 1)
                   WHEN w.id > coalesce(w.id1, 0) + 2 THEN format('rows %s to %s are missing', coalesce(w.id1, 0) + 1, w.id - 1)
                   WHEN w.id <= w.id1 THEN format('row %s appears more than once', w.id)
                   WHEN w.prev_hash IS DISTINCT FROM coalesce(w.hash1, v_genesis) THEN
                        CASE WHEN w.id1 IS NOT NULL AND w.prev_hash IS NOT DISTINCT FROM coalesce(w.hash2, v_genesis)
                             THEN format('row %s was inserted: row %s links to the row before it', w.id1, w.id)
                             WHEN w.id1 IS NOT NULL AND w.sealed
                             THEN format('row %s was changed and its hash recomputed: row %s does not link to it', w.id1, w.id)
                             WHEN w.id1 IS NULL THEN format('row %s does not start the chain', w.id)
                             ELSE format('row %s does not link to row %s', w.id, w.id1) END
                   WHEN NOT w.sealed THEN format('row %s was changed: its hash does not match its content', w.id)
                   END AS problem
              FROM walk w
        )
        SELECT count(*), max(v.id), min(v.bad), (array_agg(v.problem ORDER BY v.bad, v.id) FILTER (WHERE v.bad IS NOT NULL))[1]
          INTO v_rows, v_max, v_first, v_first_problem
          FROM verdict v;
        IF v_first IS NOT NULL THEN
            v_bad := ARRAY[v_first];
            v_problem := ARRAY[v_first_problem];
        END IF;

        -- The end of the chain against its head.
        SELECT * INTO h FROM etrace.audit_head;
        IF NOT FOUND THEN
            IF v_max IS NOT NULL THEN
                v_bad := v_bad || v_max;
                v_problem := v_problem || 'the chain head (etrace.audit_head) is missing'::text;
            END IF;
        ELSE
            IF coalesce(v_max, 0) < h.last_id THEN
                v_bad := v_bad || (coalesce(v_max, 0) + 1);
                v_problem := v_problem || CASE WHEN coalesce(v_max, 0) + 1 = h.last_id
                    THEN format('row %s is missing: the chain head is row %s', h.last_id, h.last_id)
                    ELSE format('rows %s to %s are missing: the chain head is row %s', coalesce(v_max, 0) + 1, h.last_id, h.last_id) END;
            END IF;
            IF v_max > h.last_id THEN
                v_bad := v_bad || (SELECT min(a.id) FROM etrace.audit_log a WHERE a.id > h.last_id);
                v_problem := v_problem || format('row %s was added after the chain head (row %s)',
                    (SELECT min(a.id) FROM etrace.audit_log a WHERE a.id > h.last_id), h.last_id);
            END IF;
            SELECT a.hash INTO v_hash FROM etrace.audit_log a WHERE a.id = h.last_id;
            IF FOUND AND v_hash IS DISTINCT FROM h.last_hash THEN
                v_bad := v_bad || h.last_id;
                v_problem := v_problem || format('row %s does not match the chain head: the trail was rewritten', h.last_id);
            END IF;
        END IF;

        -- A head recorded earlier, outside the database.
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
    'Auditors: verify_audit() and, given a row number and hash recorded earlier outside the database (for instance from etrace.audit_head), also that the chain still passes through them, which a superuser who rewrites the whole trail and its head cannot fake.
Example: SELECT * FROM etrace.verify_audit(1200, ''\x5d1e...''::bytea);';

CREATE FUNCTION etrace.verify_audit()
    RETURNS TABLE (ok boolean, rows_checked bigint, first_bad bigint, problem text)
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$ SELECT * FROM etrace.verify_audit(NULL, NULL) $$;
COMMENT ON FUNCTION etrace.verify_audit() IS
    'Auditors: checks the whole audit trail (numbering without gaps, each row''s hash over its content and link to the row before, the last row against etrace.audit_head) and returns one row: ok, the number of rows checked, the first bad row (NULL when the chain is whole) and what is wrong with it. A deleted, changed, inserted or reordered row, rows deleted at the end and a rewritten trail are all reported.
Example: SELECT * FROM etrace.verify_audit();';

GRANT SELECT ON etrace.audit_log, etrace.audit_head TO etrace_auditor;
GRANT EXECUTE ON FUNCTION etrace.verify_audit(), etrace.verify_audit(bigint, bytea),
    etrace.caller_is_auditor(),
    etrace.audit_hash(bytea, bigint, timestamptz, bigint, text, bigint, bigint, inet, text, text, text, text[], jsonb, text[])
    TO etrace_auditor;
