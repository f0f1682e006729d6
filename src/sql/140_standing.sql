-- Whether the caller is in good standing, and what that needs:
-- an active account whose role may log in, an agency whose MOU is in force,
-- a recertification within etrace.recertification_days, and a client address
-- at one of the agency's duty stations (or a location exception).
-- Also the data-sharing arrangements that widen which agencies' traces a
-- caller sees.

------------------------------------------------------------------- MOUs

-- One signature per party of an agency's memorandum of understanding.  The
-- MOU is effective from the later of the two signatures and stays in force
-- until it is discontinued in writing (agency.discontinued_on).
CREATE TABLE etrace.mou_signature (
    agency_id    bigint NOT NULL REFERENCES etrace.agency (id),
    party        text NOT NULL CHECK (party IN ('agency', 'ntc')),
    signed_on    date NOT NULL,
    signer       jsonb NOT NULL,
    language     text NOT NULL REFERENCES etrace.mou_language (code),
    recorded_by  bigint REFERENCES etrace.account (id),
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, party)
);
COMMENT ON TABLE etrace.mou_signature IS
    'Signatures of each agency''s MOU with the tracing center: one per party (agency, ntc), with date, signer and language version.';

CREATE TABLE etrace.mou_discontinuation (
    agency_id    bigint PRIMARY KEY REFERENCES etrace.agency (id),
    effective    date NOT NULL,
    note         text NOT NULL,
    recorded_by  bigint REFERENCES etrace.account (id),
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE etrace.mou_discontinuation IS
    'Written discontinuations of MOUs: every account of the agency was revoked when it was recorded.';

------------------------------------------------------ duty stations

CREATE TABLE etrace.duty_station (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id   bigint NOT NULL REFERENCES etrace.agency (id),
    network     cidr NOT NULL,
    label       text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
    added_by    bigint REFERENCES etrace.account (id),
    added_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agency_id, network)
);
CREATE INDEX duty_station_network ON etrace.duty_station USING gist (network inet_ops);
COMMENT ON TABLE etrace.duty_station IS
    'Networks of an agency''s official duty stations and task-force locations: its accounts work only from client addresses inside them.';

CREATE TABLE etrace.location_exception (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES etrace.account (id),
    network        cidr,
    valid_from     timestamptz NOT NULL,
    valid_until    timestamptz NOT NULL,
    justification  text NOT NULL CHECK (char_length(justification) BETWEEN 1 AND 2000),
    granted_by     bigint REFERENCES etrace.account (id),
    granted_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until > valid_from)
);
CREATE INDEX location_exception_account ON etrace.location_exception (account_id, valid_until);
COMMENT ON TABLE etrace.location_exception IS
    'Narrow, exceptional access from outside the duty stations: one account, one network (NULL = anywhere), a bounded time, a recorded justification.';
COMMENT ON COLUMN etrace.location_exception.network IS 'NULL means from anywhere, a Unix socket included.';

-------------------------------------------------------- data sharing

-- An agency's traces shared with every agency of its country (scope
-- 'country') or with named agencies.  Withdrawal deletes the row: it takes
-- effect at the next statement of every session.
CREATE TABLE etrace.sharing (
    agency_id   bigint PRIMARY KEY REFERENCES etrace.agency (id),
    scope       text NOT NULL CHECK (scope IN ('country', 'agencies')),
    partners    bigint[] NOT NULL DEFAULT '{}',
    set_by      bigint REFERENCES etrace.account (id),
    set_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((scope = 'country') = (cardinality(partners) = 0))
);
COMMENT ON TABLE etrace.sharing IS
    'Collective data sharing: an agency''s traces visible to every agency of its country, or to the agencies listed.';

--------------------------------------------------- points of contact

-- Each agency (the tracing center included) names a primary and an
-- alternate point of contact.  A POC with an account manages the agency's
-- people (Attachment A, account requests, recertification).
CREATE TABLE etrace.poc (
    agency_id   bigint NOT NULL REFERENCES etrace.agency (id),
    kind        text NOT NULL CHECK (kind IN ('primary', 'alternate')),
    person      jsonb NOT NULL,
    account_id  bigint REFERENCES etrace.account (id),
    set_by      bigint REFERENCES etrace.account (id),
    set_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (agency_id, kind)
);
COMMENT ON TABLE etrace.poc IS
    'The primary and alternate point of contact of each agency and of the tracing center, with the account through which each acts (if any).';

DO $dump$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['mou_signature', 'mou_discontinuation', 'duty_station',
                             'location_exception', 'sharing', 'poc'] LOOP
        PERFORM pg_catalog.pg_extension_config_dump(format('etrace.%I', t)::regclass, '');
    END LOOP;
    FOREACH t IN ARRAY ARRAY['duty_station', 'location_exception'] LOOP
        PERFORM pg_catalog.pg_extension_config_dump(
            pg_catalog.pg_get_serial_sequence(format('etrace.%I', t), 'id')::regclass, '');
    END LOOP;
END
$dump$;

------------------------------------------------------- the standing

-- The caller's account and, when it is not in good standing, why.  SECURITY
-- DEFINER owned by the installing superuser: it reads the caller's own
-- account, agency, MOU and location rows without going through their
-- policies (which call it).  It takes no argument.
CREATE FUNCTION etrace.caller_standing_uncached(OUT account etrace.account, OUT problem text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_role name := etrace.session_role();
        g etrace.agency;
        v_addr inet := pg_catalog.inet_client_addr();
        v_days integer;
    BEGIN
        SELECT * INTO account FROM etrace.account a WHERE a.role_name = v_role;
        IF NOT FOUND THEN
            problem := format('role "%s" has no etrace account', v_role);
            RETURN;
        END IF;
        IF account.status <> 'active' THEN
            problem := format('the etrace account of role "%s" is %s', v_role, account.status);
            RETURN;
        END IF;
        IF NOT etrace.session_role_can_login() THEN
            problem := format('role "%s" may not log in', v_role);
            RETURN;
        END IF;
        SELECT * INTO g FROM etrace.agency WHERE id = account.agency_id;
        IF g.discontinued_on IS NOT NULL THEN
            problem := format('the MOU of agency %s was discontinued', g.ori);
            RETURN;
        END IF;
        IF g.kind <> 'ntc' AND NOT etrace.mou_in_force(g.id) THEN
            problem := format('agency %s has no MOU in force', g.ori);
            RETURN;
        END IF;
        v_days := etrace.setting_recertification_days();
        IF account.last_recertified IS NULL
           OR account.last_recertified < now() - make_interval(days => v_days) THEN
            problem := format('the etrace account of role "%s" has not been recertified in the last %s days', v_role, v_days);
            RETURN;
        END IF;
        IF EXISTS (SELECT 1 FROM etrace.location_exception e
                    WHERE e.account_id = account.id
                      AND now() >= e.valid_from AND now() < e.valid_until
                      AND (e.network IS NULL OR e.network >>= v_addr)) THEN
            RETURN;
        END IF;
        -- A parallel worker has no client connection: its NULL address is
        -- not a Unix socket, and it cannot know the leader's.  It never
        -- stands better than the leader; the functions built on the
        -- standing are PARALLEL RESTRICTED, so a worker only gets here
        -- through a caller's function mislabelled PARALLEL SAFE.
        IF v_addr IS NULL AND etrace.in_parallel_worker() THEN
            problem := 'the client address is not known in a parallel worker';
            RETURN;
        END IF;
        IF v_addr IS NULL THEN
            IF NOT etrace.setting_unix_socket_access() THEN
                problem := 'accounts may not work over a Unix-socket connection (etrace.unix_socket_access is off)';
            END IF;
            RETURN;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM etrace.duty_station d
                        WHERE d.agency_id = g.id AND d.network >>= v_addr) THEN
            problem := format('client address %s is not at a duty station of agency %s', host(v_addr), g.ori);
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.caller_standing_uncached() IS
    'Internal: computes etrace.caller_standing() (which caches it).';

-- The same, cached for the session (standing.c) until a role, a setting or
-- one of the tables it reads changes, or two seconds pass.
-- PARALLEL RESTRICTED, like every function built on it: a parallel worker
-- has no client address (inet_client_addr() is NULL there), so the standing
-- must be computed in the leader.
CREATE FUNCTION etrace.caller_standing(OUT account etrace.account, OUT problem text)
    AS 'MODULE_PATHNAME', 'etrace_caller_standing'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION etrace.caller_standing() IS
    'The calling role''s account and, when it may not work now, the reason: no account, not active, no LOGIN, MOU not in force or discontinued, not recertified in time, or a client address outside the duty stations without a location exception.';

CREATE FUNCTION etrace.mou_in_force(agency bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT count(*) = 2 AND max(s.signed_on) <= etrace.today()
               AND NOT EXISTS (SELECT 1 FROM etrace.mou_discontinuation d WHERE d.agency_id = mou_in_force.agency)
          FROM etrace.mou_signature s
         WHERE s.agency_id = mou_in_force.agency
    $$;
COMMENT ON FUNCTION etrace.mou_in_force(bigint) IS
    'True when both parties have signed the agency''s MOU, the later signature is not in the future, and it has not been discontinued.';

-- In C (standing.c), reading the cached standing: as SQL it had a FROM
-- clause, so it could not be inlined and every call ran through the SQL
-- function executor.
CREATE FUNCTION etrace.caller_account() RETURNS etrace.account
    AS 'MODULE_PATHNAME', 'etrace_caller_account'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION etrace.caller_account() IS
    'The caller''s account when it is in good standing, else NULL.';

CREATE FUNCTION etrace.current_account() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    AS $$ SELECT (etrace.caller_account()).id $$;
COMMENT ON FUNCTION etrace.current_account() IS
    'Id of the caller''s account when it is in good standing, or NULL.';

CREATE FUNCTION etrace.current_agency() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    AS $$ SELECT (etrace.caller_account()).agency_id $$;
COMMENT ON FUNCTION etrace.current_agency() IS
    'Id of the caller''s agency (from the caller''s own role, never from an argument or setting), or NULL when the caller is not in good standing.';

CREATE FUNCTION etrace.caller_is_ntc() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RETURN coalesce((SELECT g.kind = 'ntc' FROM etrace.agency g
                          WHERE g.id = (etrace.caller_account()).agency_id), false)
           AND etrace.caller_has_role('etrace_ntc');
    END
    $$;
COMMENT ON FUNCTION etrace.caller_is_ntc() IS
    'True when the caller is tracing-center staff: an account of the NTC agency in good standing and a member of etrace_ntc.';

CREATE FUNCTION etrace.caller_is_admin() RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RETURN etrace.session_is_superuser()
            OR (coalesce((SELECT g.kind = 'ntc' FROM etrace.agency g
                           WHERE g.id = (etrace.caller_account()).agency_id), false)
                AND etrace.caller_has_role('etrace_admin'));
    END
    $$;
COMMENT ON FUNCTION etrace.caller_is_admin() IS
    'True for the DBA (superuser) and for tracing-center administrators (NTC account in good standing, member of etrace_admin).';

-- The agencies whose traces the caller may see: all of them for the
-- tracing center; otherwise the caller's own and those sharing with it.
-- Only roles that read traces (user, analyst, NTC) see any.
CREATE FUNCTION etrace.visible_agencies_uncached() RETURNS bigint[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        s record := etrace.caller_standing();
        g etrace.agency;
    BEGIN
        IF s.problem IS NOT NULL
           OR NOT (etrace.caller_has_role('etrace_user') OR etrace.caller_has_role('etrace_analyst')
                   OR etrace.caller_has_role('etrace_ntc')) THEN
            RETURN '{}';
        END IF;
        SELECT * INTO g FROM etrace.agency WHERE id = (s.account).agency_id;
        IF g.kind = 'ntc' AND etrace.caller_has_role('etrace_ntc') THEN
            RETURN ARRAY(SELECT a.id FROM etrace.agency a ORDER BY a.id);
        END IF;
        RETURN ARRAY[g.id] || ARRAY(
            SELECT sh.agency_id
              FROM etrace.sharing sh JOIN etrace.agency o ON o.id = sh.agency_id
             WHERE o.discontinued_on IS NULL AND o.id <> g.id
               AND ((sh.scope = 'country' AND o.country = g.country) OR g.id = ANY (sh.partners))
             ORDER BY sh.agency_id);
    END
    $$;
COMMENT ON FUNCTION etrace.visible_agencies_uncached() IS
    'Internal: computes etrace.visible_agencies() (which caches it).';

-- The same, cached like caller_standing(): the row-level security policies
-- call it for every statement.
CREATE FUNCTION etrace.visible_agencies() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'etrace_visible_agencies'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION etrace.visible_agencies() IS
    'Ids of the agencies whose traces the caller may see: every agency for tracing-center staff; otherwise the caller''s own and those sharing with it. Empty when the caller is not in good standing or holds no trace-reading role.';

-- The caller's account, or an error that says what is wrong (for API
-- functions that act).
CREATE FUNCTION etrace.require_account() RETURNS etrace.account
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        s record := etrace.caller_standing();
    BEGIN
        -- (RAISE refuses a NULL option, so the HINT gets its own branch.)
        IF s.problem IS NOT NULL AND (s.account).id IS NULL THEN
            RAISE EXCEPTION '%', s.problem
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Accounts are requested by the agency''s point of contact and activated by the tracing center.';
        ELSIF s.problem IS NOT NULL THEN
            RAISE EXCEPTION '%', s.problem USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN s.account;
    END
    $$;
COMMENT ON FUNCTION etrace.require_account() IS
    'The caller''s account when it is in good standing; otherwise raises 42501 saying why.';

CREATE FUNCTION etrace.require_ntc() RETURNS etrace.account
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
    BEGIN
        IF NOT etrace.caller_is_ntc() THEN
            RAISE EXCEPTION 'only tracing center staff may do this'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN acct;
    END
    $$;
COMMENT ON FUNCTION etrace.require_ntc() IS
    'The caller''s account when the caller is tracing-center staff; raises 42501 otherwise.';

CREATE FUNCTION etrace.require_admin() RETURNS etrace.account
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF etrace.session_is_superuser() THEN
            RETURN NULL;
        END IF;
        IF NOT etrace.caller_is_admin() THEN
            PERFORM etrace.require_account();
            RAISE EXCEPTION 'only tracing center administrators may do this'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN etrace.caller_account();
    END
    $$;
COMMENT ON FUNCTION etrace.require_admin() IS
    'The caller''s account when the caller is a tracing-center administrator (NULL for the DBA); raises 42501 otherwise.';

-- One public fact about the tracing center, for the importer rule of trace
-- validation: its country (where firearms made there were sold at retail).
CREATE FUNCTION etrace.tracing_center_country() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$ SELECT g.country::text FROM etrace.agency g WHERE g.kind = 'ntc' $$;
COMMENT ON FUNCTION etrace.tracing_center_country() IS
    'The country of the registered tracing center (NULL before one is registered).';

------------------------------------------------------ roles of accounts

-- Make an account's PostgreSQL role match the account: active -> LOGIN and
-- its group roles; suspended -> NOLOGIN, open sessions ended; revoked ->
-- NOLOGIN, every etrace group membership removed, open sessions ended.
-- SECURITY DEFINER owned by the installing superuser (roles and other
-- sessions are beyond etrace_owner); EXECUTE only for etrace_owner, i.e.
-- for the API functions.  It acts only on a role that holds an etrace
-- account, never on a superuser.
CREATE FUNCTION etrace.apply_account_state(account_id bigint, group_roles text[] DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        a etrace.account;
        g text;
        v_kind text;
    BEGIN
        SELECT * INTO a FROM etrace.account WHERE id = account_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'account % does not exist', account_id USING ERRCODE = 'no_data_found';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = a.role_name
                                                      AND (r.rolsuper OR r.rolbypassrls)) THEN
            RAISE EXCEPTION 'role "%" is a superuser or bypasses row-level security', a.role_name
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT kind INTO v_kind FROM etrace.agency WHERE id = a.agency_id;
        FOREACH g IN ARRAY coalesce(group_roles, '{}') LOOP
            IF g NOT IN ('etrace_user', 'etrace_poc', 'etrace_analyst', 'etrace_ntc', 'etrace_admin', 'etrace_auditor')
               OR (g IN ('etrace_ntc', 'etrace_admin', 'etrace_auditor') AND v_kind <> 'ntc') THEN
                RAISE EXCEPTION 'group role "%" cannot be given to an account of this agency', g
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        END LOOP;
        IF a.status = 'active' THEN
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = a.role_name) THEN
                EXECUTE format('CREATE ROLE %I LOGIN', a.role_name);
            ELSE
                EXECUTE format('ALTER ROLE %I LOGIN', a.role_name);
            END IF;
            FOREACH g IN ARRAY coalesce(group_roles, '{}') LOOP
                IF NOT pg_catalog.pg_has_role(a.role_name, g, 'MEMBER') THEN
                    EXECUTE format('GRANT %I TO %I', g, a.role_name);
                END IF;
            END LOOP;
            RETURN;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = a.role_name) THEN
            RETURN;
        END IF;
        EXECUTE format('ALTER ROLE %I NOLOGIN', a.role_name);
        IF a.status = 'revoked' THEN
            FOR g IN SELECT r.rolname FROM pg_catalog.pg_auth_members m
                       JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
                      WHERE m.member = a.role_name::text::regrole AND r.rolname LIKE 'etrace\_%' LOOP
                EXECUTE format('REVOKE %I FROM %I', g, a.role_name);
            END LOOP;
        END IF;
        PERFORM pg_catalog.pg_terminate_backend(s.pid)
           FROM pg_catalog.pg_stat_activity s
          WHERE s.usename = a.role_name AND s.pid <> pg_catalog.pg_backend_pid();
    END
    $$;
COMMENT ON FUNCTION etrace.apply_account_state(bigint, text[]) IS
    'Internal: makes an account''s login role match its status (active: LOGIN and the given group roles; suspended: NOLOGIN and sessions ended; revoked: NOLOGIN, etrace memberships removed, sessions ended).';

------------------------------------------------------------ MOU API

CREATE FUNCTION etrace.sign_mou(agency bigint, doc jsonb) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_admin();
        g etrace.agency;
        v_date date;
    BEGIN
        SELECT * INTO g FROM etrace.agency WHERE id = sign_mou.agency;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'agency % does not exist', sign_mou.agency USING ERRCODE = 'no_data_found';
        END IF;
        IF g.kind = 'ntc' THEN
            RAISE EXCEPTION 'the tracing center does not sign an MOU with itself'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF g.discontinued_on IS NOT NULL THEN
            RAISE EXCEPTION 'the MOU of agency % was discontinued', g.ori
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
            PERFORM etrace.raise_field_error('MOU', '$', 'must be a JSON object', '22023');
        END IF;
        IF EXISTS (SELECT 1 FROM jsonb_object_keys(doc) k WHERE k NOT IN ('party', 'signed_on', 'signer', 'language')) THEN
            PERFORM etrace.raise_field_error('MOU', k, format('unknown field "%s"', k), '22023')
               FROM jsonb_object_keys(doc) k WHERE k NOT IN ('party', 'signed_on', 'signer', 'language');
        END IF;
        IF coalesce(doc ->> 'party', '') NOT IN ('agency', 'ntc') THEN
            PERFORM etrace.raise_field_error('MOU', 'party', 'must be "agency" or "ntc"', '22023');
        END IF;
        v_date := etrace.filter_date(doc, 'signed_on');
        IF v_date IS NULL THEN
            PERFORM etrace.raise_field_error('MOU', 'signed_on', 'is required', '22004');
        END IF;
        IF v_date > etrace.today() THEN
            PERFORM etrace.raise_field_error('MOU', 'signed_on', 'is in the future', '22008');
        END IF;
        PERFORM etrace.check_contact('MOU', 'signer', doc -> 'signer');
        IF NOT EXISTS (SELECT 1 FROM etrace.mou_language l WHERE l.code = doc ->> 'language') THEN
            PERFORM etrace.raise_field_error('MOU', 'language', 'must be "en", "es" or "pt"', '22023');
        END IF;
        INSERT INTO etrace.mou_signature AS m (agency_id, party, signed_on, signer, language, recorded_by)
        VALUES (g.id, doc ->> 'party', v_date, doc -> 'signer', doc ->> 'language', acct.id)
        ON CONFLICT (agency_id, party) DO UPDATE
            SET signed_on = EXCLUDED.signed_on, signer = EXCLUDED.signer, language = EXCLUDED.language,
                recorded_by = EXCLUDED.recorded_by, recorded_at = now();
    END
    $$;
COMMENT ON FUNCTION etrace.sign_mou(bigint, jsonb) IS
    'Tracing-center administrators record one party''s signature of an agency''s MOU: {"party": "agency"|"ntc", "signed_on": date, "signer": person, "language": "en"|"es"|"pt"}. The MOU is effective from the later of the two signatures.
Example: SELECT etrace.sign_mou(2, ''{"party": "agency", "signed_on": "2026-01-15", "signer": {"name": "Fiscal General"}, "language": "es"}'');';

CREATE FUNCTION etrace.discontinue_mou(agency bigint, effective date, note text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_admin();
        g etrace.agency;
        a bigint;
        n integer := 0;
    BEGIN
        SELECT * INTO g FROM etrace.agency WHERE id = discontinue_mou.agency;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'agency % does not exist', discontinue_mou.agency USING ERRCODE = 'no_data_found';
        END IF;
        IF g.kind = 'ntc' THEN
            RAISE EXCEPTION 'the tracing center has no MOU to discontinue' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF g.discontinued_on IS NOT NULL THEN
            RAISE EXCEPTION 'the MOU of agency % is already discontinued', g.ori
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF effective IS NULL OR coalesce(btrim(note), '') = '' THEN
            RAISE EXCEPTION 'a discontinuation needs its effective date and a note'
                USING ERRCODE = 'null_value_not_allowed';
        END IF;
        INSERT INTO etrace.mou_discontinuation (agency_id, effective, note, recorded_by)
        VALUES (g.id, effective, btrim(note), acct.id);
        UPDATE etrace.agency SET discontinued_on = effective WHERE id = g.id;
        FOR a IN SELECT id FROM etrace.account WHERE agency_id = g.id AND status <> 'revoked' LOOP
            UPDATE etrace.account
               SET status = 'revoked', status_since = now(),
                   status_reason = 'MOU discontinued: ' || btrim(note)
             WHERE id = a;
            PERFORM etrace.apply_account_state(a);
            n := n + 1;
        END LOOP;
        RETURN n;
    END
    $$;
COMMENT ON FUNCTION etrace.discontinue_mou(bigint, date, text) IS
    'Tracing-center administrators record the written discontinuation of an agency''s MOU; every account of the agency is revoked in the same transaction and its open sessions end. Returns the number of accounts revoked.
Example: SELECT etrace.discontinue_mou(3, ''2026-12-31'', ''Letter of 2026-11-20'');';

-------------------------------------------------------------- POC API

CREATE FUNCTION etrace.caller_is_poc(agency bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RETURN EXISTS (SELECT 1 FROM etrace.poc p
                        WHERE p.agency_id = caller_is_poc.agency
                          AND p.account_id = (etrace.caller_account()).id)
           AND etrace.caller_has_role('etrace_poc');
    END
    $$;
COMMENT ON FUNCTION etrace.caller_is_poc(bigint) IS
    'True when the caller, in good standing and a member of etrace_poc, is the primary or alternate point of contact of the agency.';

CREATE FUNCTION etrace.set_poc(agency bigint, doc jsonb) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_admin();
        v_person jsonb;
        v_account bigint;
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.id = set_poc.agency) THEN
            RAISE EXCEPTION 'agency % does not exist', set_poc.agency USING ERRCODE = 'no_data_found';
        END IF;
        IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
            PERFORM etrace.raise_field_error('POC', '$', 'must be a JSON object', '22023');
        END IF;
        IF coalesce(doc ->> 'kind', '') NOT IN ('primary', 'alternate') THEN
            PERFORM etrace.raise_field_error('POC', 'kind', 'must be "primary" or "alternate"', '22023');
        END IF;
        IF doc ? 'account' AND jsonb_typeof(doc -> 'account') <> 'null' THEN
            IF jsonb_typeof(doc -> 'account') <> 'number' OR (doc ->> 'account') !~ '^[0-9]+$' THEN
                PERFORM etrace.raise_field_error('POC', 'account', 'must be an account id', '22023');
            END IF;
            v_account := (doc ->> 'account')::bigint;
            IF NOT EXISTS (SELECT 1 FROM etrace.account a WHERE a.id = v_account AND a.agency_id = set_poc.agency) THEN
                PERFORM etrace.raise_field_error('POC', 'account', 'is not an account of this agency', '22023');
            END IF;
        END IF;
        v_person := doc - 'kind' - 'account';
        PERFORM etrace.check_contact('POC', '', v_person);
        INSERT INTO etrace.poc AS p (agency_id, kind, person, account_id, set_by)
        VALUES (set_poc.agency, doc ->> 'kind', v_person, v_account, acct.id)
        ON CONFLICT (agency_id, kind) DO UPDATE
            SET person = EXCLUDED.person, account_id = EXCLUDED.account_id,
                set_by = EXCLUDED.set_by, set_at = now();
        IF v_account IS NOT NULL AND (SELECT status FROM etrace.account WHERE id = v_account) = 'active' THEN
            PERFORM etrace.apply_account_state(v_account, ARRAY['etrace_poc']);
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.set_poc(bigint, jsonb) IS
    'Tracing-center administrators record an agency''s primary or alternate point of contact: {"kind": "primary"|"alternate", "name", "title", "phone", "email", "account": id (optional: the POC''s own account, which then joins etrace_poc)}.
Example: SELECT etrace.set_poc(2, ''{"kind": "primary", "name": "Ana Ruiz", "email": "a.ruiz@example.mx", "account": 2}'');';

---------------------------------------------------- duty stations API

CREATE FUNCTION etrace.add_duty_station(agency bigint, network cidr, label text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account;
        v_id bigint;
    BEGIN
        IF etrace.caller_is_admin() THEN
            acct := etrace.caller_account();
        ELSE
            acct := etrace.require_account();
            IF acct.agency_id <> add_duty_station.agency OR NOT etrace.caller_is_poc(add_duty_station.agency) THEN
                RAISE EXCEPTION 'only the agency''s point of contact or a tracing center administrator may register its duty stations'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        IF network IS NULL THEN
            RAISE EXCEPTION 'a duty station needs a network' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        -- A duty station is a building's or a task force's network, not a
        -- country's: at most a /16 in IPv4 or a /32 in IPv6 each, so that
        -- networks like 0.0.0.0/1 + 128.0.0.0/1 cannot stand for "anywhere".
        IF masklen(network) < (CASE family(network) WHEN 4 THEN 16 ELSE 32 END) THEN
            RAISE EXCEPTION 'network % is too large for a duty station', network
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A duty station network is at most a /16 (IPv4) or a /32 (IPv6).',
                      HINT = 'Register the duty station''s own networks; exceptional access from elsewhere is a location exception.';
        END IF;
        INSERT INTO etrace.duty_station (agency_id, network, label, added_by)
        VALUES (add_duty_station.agency, network, btrim(label), acct.id)
        RETURNING id INTO v_id;
        RETURN v_id;
    EXCEPTION
        WHEN foreign_key_violation THEN
            RAISE EXCEPTION 'agency % does not exist', add_duty_station.agency USING ERRCODE = 'no_data_found';
        WHEN unique_violation THEN
            RAISE EXCEPTION 'network % is already a duty station of agency %', network, add_duty_station.agency
                USING ERRCODE = 'unique_violation';
        WHEN check_violation OR not_null_violation THEN
            RAISE EXCEPTION 'a duty station needs a label of 1 to 200 characters' USING ERRCODE = 'invalid_parameter_value';
    END
    $$;
COMMENT ON FUNCTION etrace.add_duty_station(bigint, cidr, text) IS
    'The agency''s point of contact (or a tracing-center administrator) registers a network of a duty station or task-force location; the agency''s accounts work only from inside its networks.
Example: SELECT etrace.add_duty_station(2, ''200.57.0.0/16'', ''Fiscalia HQ, Guadalajara'');';

CREATE FUNCTION etrace.grant_location_exception(account bigint, network cidr, valid_from timestamptz,
                                                valid_until timestamptz, justification text)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account;
        v_max integer := etrace.setting_location_exception_max_days();
        v_id bigint;
    BEGIN
        IF etrace.session_is_superuser() THEN
            acct := NULL;
        ELSE
            acct := etrace.require_ntc();
        END IF;
        IF NOT EXISTS (SELECT 1 FROM etrace.account a WHERE a.id = grant_location_exception.account) THEN
            RAISE EXCEPTION 'account % does not exist', grant_location_exception.account USING ERRCODE = 'no_data_found';
        END IF;
        IF valid_from IS NULL OR valid_until IS NULL OR valid_until <= valid_from THEN
            RAISE EXCEPTION 'a location exception needs a valid_from before its valid_until'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF valid_until - valid_from > make_interval(days => v_max) THEN
            RAISE EXCEPTION 'a location exception may last at most % days', v_max
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The superuser setting etrace.location_exception_max_days sets the limit.';
        END IF;
        IF coalesce(btrim(justification), '') = '' OR char_length(justification) > 2000 THEN
            RAISE EXCEPTION 'a location exception needs a justification of 1 to 2000 characters'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        INSERT INTO etrace.location_exception (account_id, network, valid_from, valid_until, justification, granted_by)
        VALUES (grant_location_exception.account, network, valid_from, valid_until, btrim(justification), acct.id)
        RETURNING id INTO v_id;
        RETURN v_id;
    END
    $$;
COMMENT ON FUNCTION etrace.grant_location_exception(bigint, cidr, timestamptz, timestamptz, text) IS
    'Tracing center: lets one account work from one network (NULL = anywhere) for a bounded time (at most etrace.location_exception_max_days), with a recorded justification.
Example: SELECT etrace.grant_location_exception(7, ''189.203.0.0/16'', now(), now() + interval ''3 days'', ''Joint operation in Tijuana'');';

------------------------------------------------------ data sharing API

CREATE FUNCTION etrace.share_with(agency bigint, doc jsonb) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account;
        v_partners bigint[];
    BEGIN
        IF etrace.caller_is_admin() THEN
            acct := etrace.caller_account();
        ELSE
            acct := etrace.require_account();
            IF acct.agency_id <> share_with.agency OR NOT etrace.caller_is_poc(share_with.agency) THEN
                RAISE EXCEPTION 'only the agency''s point of contact may share its traces'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        IF NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.id = share_with.agency) THEN
            RAISE EXCEPTION 'agency % does not exist', share_with.agency USING ERRCODE = 'no_data_found';
        END IF;
        IF doc IS NULL OR jsonb_typeof(doc) <> 'object'
           OR NOT ((doc ?& ARRAY['scope'] AND doc - 'scope' = '{}' AND doc ->> 'scope' = 'country')
                   OR (doc ? 'agencies' AND doc - 'agencies' = '{}' AND jsonb_typeof(doc -> 'agencies') = 'array')) THEN
            PERFORM etrace.raise_field_error('sharing', '$', 'must be {"scope": "country"} or {"agencies": [ids]}', '22023');
        END IF;
        IF doc ? 'agencies' THEN
            IF EXISTS (SELECT 1 FROM jsonb_array_elements(doc -> 'agencies') e
                        WHERE jsonb_typeof(e) <> 'number' OR e::text !~ '^[0-9]+$') THEN
                PERFORM etrace.raise_field_error('sharing', 'agencies', 'must be an array of agency ids', '22023');
            END IF;
            v_partners := ARRAY(SELECT DISTINCT e::text::bigint FROM jsonb_array_elements(doc -> 'agencies') e ORDER BY 1);
            IF cardinality(v_partners) = 0 THEN
                PERFORM etrace.raise_field_error('sharing', 'agencies', 'names no agency', '22023');
            END IF;
            IF share_with.agency = ANY (v_partners) THEN
                PERFORM etrace.raise_field_error('sharing', 'agencies', 'an agency does not share with itself', '22023');
            END IF;
            IF EXISTS (SELECT 1 FROM unnest(v_partners) p WHERE NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.id = p)) THEN
                PERFORM etrace.raise_field_error('sharing', 'agencies', 'names an agency that does not exist', '22023');
            END IF;
        END IF;
        INSERT INTO etrace.sharing AS s (agency_id, scope, partners, set_by)
        VALUES (share_with.agency, CASE WHEN doc ? 'scope' THEN 'country' ELSE 'agencies' END,
                coalesce(v_partners, '{}'), acct.id)
        ON CONFLICT (agency_id) DO UPDATE
            SET scope = EXCLUDED.scope, partners = EXCLUDED.partners, set_by = EXCLUDED.set_by, set_at = now();
    END
    $$;
COMMENT ON FUNCTION etrace.share_with(bigint, jsonb) IS
    'The agency''s point of contact shares the agency''s traces with every agency of its country ({"scope": "country"}) or with named agencies ({"agencies": [ids]}); replaces any earlier arrangement.
Example: SELECT etrace.share_with(2, ''{"scope": "country"}'');';

CREATE FUNCTION etrace.stop_sharing(agency bigint) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF NOT etrace.caller_is_admin() THEN
            IF (etrace.require_account()).agency_id <> stop_sharing.agency OR NOT etrace.caller_is_poc(stop_sharing.agency) THEN
                RAISE EXCEPTION 'only the agency''s point of contact may stop sharing its traces'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        DELETE FROM etrace.sharing WHERE agency_id = stop_sharing.agency;
        RETURN FOUND;
    END
    $$;
COMMENT ON FUNCTION etrace.stop_sharing(bigint) IS
    'Withdraws the agency''s data sharing; partners stop seeing its traces at their next statement. Returns false when there was nothing to withdraw. Example: SELECT etrace.stop_sharing(2);';

CREATE FUNCTION etrace.sharing_overview()
    RETURNS TABLE (agency text, agency_name text, scope text, partners text[], set_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        PERFORM etrace.require_ntc();
        RETURN QUERY
            SELECT g.ori, g.name, s.scope,
                   CASE s.scope WHEN 'country' THEN ARRAY(SELECT p.ori FROM etrace.agency p
                                                           WHERE p.country = g.country AND p.id <> g.id ORDER BY p.ori)
                                ELSE ARRAY(SELECT p.ori FROM etrace.agency p WHERE p.id = ANY (s.partners) ORDER BY p.ori) END,
                   s.set_at
              FROM etrace.sharing s JOIN etrace.agency g ON g.id = s.agency_id
             ORDER BY g.ori;
    END
    $$;
COMMENT ON FUNCTION etrace.sharing_overview() IS
    'Tracing center: who shares with whom (the partners of a country-wide arrangement are listed by ORI).
Example: SELECT * FROM etrace.sharing_overview();';

-- Cached standings are forgotten, in every session, when a table they are
-- computed from changes (standing.c).
CREATE FUNCTION etrace.standing_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'etrace_standing_changed'
    LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION etrace.standing_changed() IS
    'Internal trigger: makes every session forget its cached caller standing when a table it depends on changes.';
DO $trig$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['agency', 'account', 'mou_signature', 'mou_discontinuation', 'poc',
                             'duty_station', 'location_exception', 'sharing'] LOOP
        EXECUTE format('CREATE TRIGGER standing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                       'ON etrace.%I FOR EACH STATEMENT EXECUTE FUNCTION etrace.standing_changed()', t);
    END LOOP;
END
$trig$;

GRANT EXECUTE ON FUNCTION etrace.sign_mou(bigint, jsonb), etrace.discontinue_mou(bigint, date, text),
    etrace.set_poc(bigint, jsonb)
    TO etrace_admin;
GRANT EXECUTE ON FUNCTION etrace.add_duty_station(bigint, cidr, text) TO etrace_admin, etrace_poc;
GRANT EXECUTE ON FUNCTION etrace.grant_location_exception(bigint, cidr, timestamptz, timestamptz, text)
    TO etrace_ntc, etrace_admin;
GRANT EXECUTE ON FUNCTION etrace.share_with(bigint, jsonb), etrace.stop_sharing(bigint) TO etrace_poc, etrace_admin;
GRANT EXECUTE ON FUNCTION etrace.sharing_overview() TO etrace_ntc, etrace_admin;
