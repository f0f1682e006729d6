-- The account lifecycle: an agency's point of contact (POC) lists its
-- approved users (the MOU's Attachment A) and asks for their accounts; the
-- tracing center approves them; the POC or the tracing center suspends,
-- reinstates and revokes; the POC recertifies the list in time.
--
--   requested -> active      approve_account (tracing-center administrators)
--   active -> suspended      suspend_account, delist_approved_user
--   suspended -> active      reinstate_account
--   any -> revoked (final)   revoke_account (from requested: the request is declined)
--
-- A requested account has no PostgreSQL role: approval creates it, so the
-- lifecycle only ever acts on login roles it created itself.  Role changes
-- go through etrace.apply_account_state (140_standing.sql).

------------------------------------------------------------ Attachment A

CREATE TABLE etrace.approved_user (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id      bigint NOT NULL REFERENCES etrace.agency (id),
    -- {"name", "title", "phone", "email"}, checked by etrace.check_contact
    person         jsonb NOT NULL,
    listed_at      timestamptz NOT NULL DEFAULT now(),
    -- Account ids, NULL for the DBA (a superuser without an account).  Not
    -- foreign keys: account references approved_user, and pg_dump restores
    -- the rows of two tables that reference each other in no valid order.
    listed_by      bigint,
    delisted_at    timestamptz,
    delisted_by    bigint,
    delist_reason  text,
    CHECK (delisted_at IS NOT NULL OR (delisted_by IS NULL AND delist_reason IS NULL))
);
CREATE INDEX approved_user_agency ON etrace.approved_user (agency_id);
COMMENT ON TABLE etrace.approved_user IS
    'Attachment A: the people each agency lists as approved users. Only a listed person gets an account; delisting is final for the entry and suspends the person''s accounts.';
COMMENT ON COLUMN etrace.approved_user.delisted_at IS 'When the person was taken off the list; a delisted entry never gets an account again.';

ALTER TABLE etrace.account
    ADD CONSTRAINT account_approved_user_fk
        FOREIGN KEY (approved_user_id) REFERENCES etrace.approved_user (id),
    ADD COLUMN requested_groups text[]
        CHECK (requested_groups <@ ARRAY['etrace_user', 'etrace_poc', 'etrace_analyst', 'etrace_ntc',
                                         'etrace_admin', 'etrace_auditor']::text[]);
-- Who suspended an account: a suspension by the tracing center (a misuse
-- inquiry, say) is lifted only by the tracing center.
ALTER TABLE etrace.account
    ADD COLUMN suspended_by_ntc boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN etrace.account.suspended_by_ntc IS
    'True while the account is suspended by the tracing center: only the tracing center may reinstate it.';
-- One account per listed person at a time (a revoked one does not count).
CREATE UNIQUE INDEX account_one_per_approved_user ON etrace.account (approved_user_id)
    WHERE status <> 'revoked';
COMMENT ON COLUMN etrace.account.requested_groups IS
    'The etrace group roles the POC asked for; granted on approval and again on reinstatement (NULL for bootstrap accounts).';

-- When each account last used the API.  Kept apart from etrace.account so
-- that recording activity never holds a lock on the account row: a revocation
-- must not wait for the revoked user's open transaction.
CREATE TABLE etrace.account_activity (
    account_id     bigint PRIMARY KEY REFERENCES etrace.account (id),
    last_activity  timestamptz NOT NULL
) WITH (fillfactor = 50);
COMMENT ON TABLE etrace.account_activity IS
    'Internal: the last time each account used the API, to the nearest five minutes (etrace.note_activity).';

DO $dump$
BEGIN
    PERFORM pg_catalog.pg_extension_config_dump('etrace.approved_user'::regclass, '');
    PERFORM pg_catalog.pg_extension_config_dump(
        pg_catalog.pg_get_serial_sequence('etrace.approved_user', 'id')::regclass, '');
    PERFORM pg_catalog.pg_extension_config_dump('etrace.account_activity'::regclass, '');
END
$dump$;

---------------------------------------------------------------- helpers

-- Record that an account is working.  Cheap when called on every API call:
-- one index lookup, and a write at most every five minutes.  The write skips
-- a row that another session of the same account holds, and gives up when a
-- concurrent session recorded the activity after this transaction's
-- snapshot: the time is approximate by design, and recording it must not
-- make the caller's statement fail, nor wait (except the account's very
-- first record, for a concurrent first record of the same account).
CREATE FUNCTION etrace.note_activity(account bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_last timestamptz;
    BEGIN
        SELECT v.last_activity INTO v_last FROM etrace.account_activity v
         WHERE v.account_id = note_activity.account;
        IF FOUND AND v_last >= now() - interval '5 minutes' THEN
            RETURN;
        END IF;
        BEGIN
            IF v_last IS NULL THEN
                INSERT INTO etrace.account_activity (account_id, last_activity)
                VALUES (note_activity.account, now())
                ON CONFLICT (account_id) DO NOTHING;
            ELSE
                PERFORM 1 FROM etrace.account_activity v
                  WHERE v.account_id = note_activity.account
                    FOR NO KEY UPDATE SKIP LOCKED;
                IF FOUND THEN
                    UPDATE etrace.account_activity v SET last_activity = now()
                     WHERE v.account_id = note_activity.account AND v.last_activity < now();
                END IF;
            END IF;
        EXCEPTION WHEN serialization_failure THEN
            NULL;
        END;
    END
    $$;
COMMENT ON FUNCTION etrace.note_activity(bigint) IS
    'Internal: records that the account is working (etrace.account_activity), writing at most once every five minutes, without waiting for another session of the account.';

-- The caller's account when the caller is a tracing-center administrator
-- (NULL for the DBA) or the point of contact of the given agency; raises
-- 42501 otherwise, saying what is wrong with the caller's standing first.
CREATE FUNCTION etrace.require_poc_or_admin(agency bigint, what text) RETURNS etrace.account
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account;
    BEGIN
        IF etrace.caller_is_admin() THEN
            RETURN etrace.caller_account();
        END IF;
        acct := etrace.require_account();
        IF agency IS NULL OR acct.agency_id <> agency OR NOT etrace.caller_is_poc(acct.agency_id) THEN
            RAISE EXCEPTION 'only the agency''s point of contact or a tracing center administrator may %', what
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN acct;
    END
    $$;
COMMENT ON FUNCTION etrace.require_poc_or_admin(bigint, text) IS
    'Internal: the caller''s account when the caller is a tracing-center administrator (NULL for the DBA) or the point of contact of the agency; raises 42501 naming the action otherwise.';

-- The account a move names, locked for the move, with the caller's right
-- to act on it checked.  Who may act: tracing-center staff and
-- administrators on any account, the POC on its own agency's.  Row-level
-- security hides other agencies' accounts from a POC, so they are "not
-- found", like ids that do not exist.  Every move locks the account row
-- first; delisting locks the person's accounts before it touches the entry,
-- so an approval or a reinstatement never slips past a delisting.
CREATE FUNCTION etrace.account_for_move(account bigint, what text) RETURNS etrace.account
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_center boolean := etrace.caller_is_admin() OR etrace.caller_is_ntc();
        caller etrace.account;
        target etrace.account;
    BEGIN
        IF v_center THEN
            caller := etrace.caller_account();
        ELSE
            caller := etrace.require_account();
            IF NOT etrace.caller_is_poc(caller.agency_id) THEN
                RAISE EXCEPTION 'only the agency''s point of contact or the tracing center may %', what
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        PERFORM etrace.note_activity(caller.id);
        SELECT * INTO target FROM etrace.account a WHERE a.id = account_for_move.account FOR NO KEY UPDATE;
        IF NOT FOUND OR NOT (v_center OR target.agency_id = caller.agency_id) THEN
            RAISE EXCEPTION 'account % does not exist', account_for_move.account USING ERRCODE = 'no_data_found';
        END IF;
        RETURN target;
    END
    $$;
COMMENT ON FUNCTION etrace.account_for_move(bigint, text) IS
    'Internal: the account a lifecycle move names, locked; 42501 when the caller may not act on accounts, P0002 when the account does not exist or the caller may not see it.';

-- The standard error for a lifecycle move from the wrong status.
CREATE FUNCTION etrace.raise_account_move(account etrace.account, to_status text, allowed text)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF account.status = to_status THEN
            RAISE EXCEPTION 'account % is already %', account.id, account.status
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        RAISE EXCEPTION 'account % is %; it cannot become %', account.id, account.status, to_status
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Only %s account can become %s.', allowed, to_status);
    END
    $$;
COMMENT ON FUNCTION etrace.raise_account_move(etrace.account, text, text) IS
    'Internal: raises 55000 for an account lifecycle move from the wrong status, naming the current status.';

-- Why an account of this person and agency may not be active now, or NULL.
CREATE FUNCTION etrace.account_activation_problem(account etrace.account) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT CASE
            WHEN (SELECT u.delisted_at IS NOT NULL FROM etrace.approved_user u WHERE u.id = account.approved_user_id)
                THEN format('the person of account %s was delisted from the agency''s approved users', account.id)
            WHEN (SELECT g.discontinued_on IS NOT NULL FROM etrace.agency g WHERE g.id = account.agency_id)
                THEN format('the MOU of the agency of account %s was discontinued', account.id)
            END
    $$;
COMMENT ON FUNCTION etrace.account_activation_problem(etrace.account) IS
    'Internal: why the account may not be made active (its person delisted, its agency''s MOU discontinued), or NULL.';

-- A reason given for a suspension, revocation or delisting.
CREATE FUNCTION etrace.check_reason(reason text, required boolean) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF coalesce(btrim(reason), '') = '' THEN
            IF required THEN
                RAISE EXCEPTION 'a reason is required' USING ERRCODE = 'null_value_not_allowed';
            END IF;
            RETURN NULL;
        END IF;
        IF char_length(reason) > 2000 THEN
            RAISE EXCEPTION 'a reason may have at most 2000 characters' USING ERRCODE = 'string_data_right_truncation';
        END IF;
        RETURN btrim(reason);
    END
    $$;
COMMENT ON FUNCTION etrace.check_reason(text, boolean) IS
    'Internal: the trimmed reason; raises 22004 when a required reason is blank and 22001 beyond 2000 characters.';

--------------------------------------------------------- Attachment A API

CREATE FUNCTION etrace.list_approved_user(agency bigint, person jsonb) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_poc_or_admin(list_approved_user.agency, 'list its approved users');
        g etrace.agency;
        v_id bigint;
    BEGIN
        PERFORM etrace.note_activity(acct.id);
        SELECT * INTO g FROM etrace.agency WHERE id = list_approved_user.agency;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'agency % does not exist', list_approved_user.agency USING ERRCODE = 'no_data_found';
        END IF;
        IF g.discontinued_on IS NOT NULL THEN
            RAISE EXCEPTION 'the MOU of agency % was discontinued', g.ori
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        PERFORM etrace.check_contact('person', '', person);
        INSERT INTO etrace.approved_user (agency_id, person, listed_by)
        VALUES (g.id, person, acct.id)
        RETURNING id INTO v_id;
        RETURN v_id;
    END
    $$;
COMMENT ON FUNCTION etrace.list_approved_user(bigint, jsonb) IS
    'The agency''s point of contact (or a tracing-center administrator) adds a person to the agency''s approved users (Attachment A): {"name", "title", "phone", "email"}. Returns the entry''s id, for etrace.request_account.
Example: SELECT etrace.list_approved_user(2, ''{"name": "Luis Vega", "title": "Agente", "email": "l.vega@example.mx"}'');';

CREATE FUNCTION etrace.delist_approved_user(approved_user bigint, reason text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_admin boolean := etrace.caller_is_admin();
        acct etrace.account;
        v_reason text;
        u etrace.approved_user;
        a etrace.account;
    BEGIN
        IF v_admin THEN
            acct := etrace.caller_account();
        ELSE
            acct := etrace.require_account();
            IF NOT etrace.caller_is_poc(acct.agency_id) THEN
                RAISE EXCEPTION 'only the agency''s point of contact or a tracing center administrator may delist approved users'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
        END IF;
        PERFORM etrace.note_activity(acct.id);
        v_reason := etrace.check_reason(reason, false);
        -- other agencies' entries are invisible to a POC: "does not exist"
        SELECT * INTO u FROM etrace.approved_user x WHERE x.id = delist_approved_user.approved_user;
        IF NOT FOUND OR NOT (v_admin OR u.agency_id = acct.agency_id) THEN
            RAISE EXCEPTION 'approved user % does not exist', delist_approved_user.approved_user
                USING ERRCODE = 'no_data_found';
        END IF;
        -- The account rows first, as every lifecycle move locks them: an
        -- approval or reinstatement under way finishes before, and one that
        -- comes after sees the entry delisted.
        PERFORM 1 FROM etrace.account x WHERE x.approved_user_id = u.id ORDER BY x.id FOR NO KEY UPDATE;
        UPDATE etrace.approved_user x
           SET delisted_at = now(), delisted_by = acct.id, delist_reason = v_reason
         WHERE x.id = u.id AND x.delisted_at IS NULL;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'approved user % is already delisted', u.id
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        -- A pending request is declined; a working account is suspended (its
        -- login ends now); neither can become active again.
        FOR a IN SELECT * FROM etrace.account x
                  WHERE x.approved_user_id = u.id AND x.status IN ('requested', 'active')
                  ORDER BY x.id FOR NO KEY UPDATE LOOP
            UPDATE etrace.account x
               SET status = CASE a.status WHEN 'requested' THEN 'revoked' ELSE 'suspended' END,
                   status_since = now(),
                   status_reason = 'delisted from the agency''s approved users' || coalesce(': ' || v_reason, '')
             WHERE x.id = a.id;
            IF a.status = 'active' THEN
                PERFORM etrace.apply_account_state(a.id);
            END IF;
        END LOOP;
    END
    $$;
COMMENT ON FUNCTION etrace.delist_approved_user(bigint, text) IS
    'The agency''s point of contact (or a tracing-center administrator) takes a person off the approved users: the person''s active accounts are suspended at once (login ended) and pending requests declined; a delisted entry never gets or regains an account.
Example: SELECT etrace.delist_approved_user(5, ''Transferred to another unit'');';

--------------------------------------------------------------- accounts API

CREATE FUNCTION etrace.request_account(approved_user bigint, role_name text,
                                       group_roles text[] DEFAULT ARRAY['etrace_user'])
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
        u etrace.approved_user;
        v_kind text;
        v_groups text[];
        g text;
        v_id bigint;
        v_constraint text;
    BEGIN
        IF NOT etrace.caller_is_poc(acct.agency_id) THEN
            RAISE EXCEPTION 'only the agency''s point of contact may request accounts'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM etrace.note_activity(acct.id);
        SELECT * INTO u FROM etrace.approved_user x WHERE x.id = request_account.approved_user FOR SHARE;
        IF NOT FOUND OR u.agency_id <> acct.agency_id THEN
            RAISE EXCEPTION 'approved user % does not exist', request_account.approved_user
                USING ERRCODE = 'no_data_found',
                      HINT = 'The point of contact lists a person with etrace.list_approved_user first.';
        END IF;
        IF u.delisted_at IS NOT NULL THEN
            RAISE EXCEPTION 'approved user % was delisted', u.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'A delisted person cannot get an account; list the person again if they return.';
        END IF;
        IF request_account.role_name IS NULL OR request_account.role_name !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
            RAISE EXCEPTION 'invalid role name "%"', request_account.role_name
                USING ERRCODE = 'invalid_name',
                      DETAIL = 'Role names are lower-case letters, digits and underscores, starting with a letter or underscore.';
        END IF;
        IF request_account.role_name LIKE 'etrace\_%' OR request_account.role_name LIKE 'pg\_%' THEN
            RAISE EXCEPTION 'role name "%" is reserved', request_account.role_name USING ERRCODE = 'reserved_name';
        END IF;
        -- Roles are public (pg_roles); an existing one is never taken over.
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = request_account.role_name) THEN
            RAISE EXCEPTION 'role "%" already exists', request_account.role_name
                USING ERRCODE = 'duplicate_object',
                      DETAIL = 'The login role of a requested account is created when the tracing center approves it; an existing role cannot become an account.';
        END IF;
        SELECT kind INTO v_kind FROM etrace.agency WHERE id = acct.agency_id;
        v_groups := ARRAY(SELECT DISTINCT x FROM unnest(group_roles) x ORDER BY 1);
        IF cardinality(v_groups) = 0 OR array_position(v_groups, NULL) IS NOT NULL THEN
            RAISE EXCEPTION 'an account needs at least one etrace group role' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        FOREACH g IN ARRAY v_groups LOOP
            IF g NOT IN ('etrace_user', 'etrace_poc', 'etrace_analyst', 'etrace_ntc', 'etrace_admin', 'etrace_auditor') THEN
                RAISE EXCEPTION 'unknown etrace group role "%"', g USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF g IN ('etrace_ntc', 'etrace_admin', 'etrace_auditor') AND v_kind <> 'ntc' THEN
                RAISE EXCEPTION 'group role "%" is for tracing center staff only', g
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        END LOOP;
        BEGIN
            INSERT INTO etrace.account (role_name, agency_id, person, status, approved_user_id, requested_groups)
            VALUES (request_account.role_name, u.agency_id, u.person, 'requested', u.id, v_groups)
            RETURNING id INTO v_id;
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
            IF v_constraint = 'account_one_per_approved_user' THEN
                RAISE EXCEPTION 'approved user % already has an account', u.id
                    USING ERRCODE = 'unique_violation',
                          HINT = 'One person has one account; revoke the old one first.';
            END IF;
            RAISE EXCEPTION 'role "%" already has an etrace account', request_account.role_name
                USING ERRCODE = 'unique_violation';
        END;
        RETURN v_id;
    END
    $$;
COMMENT ON FUNCTION etrace.request_account(bigint, text, text[]) IS
    'The agency''s point of contact asks for an account for a listed person of the agency, under a new role name, with the etrace group roles it needs (etrace_user, etrace_analyst, etrace_poc; the tracing center''s also etrace_ntc, etrace_admin, etrace_auditor). The account is "requested" until the tracing center approves it; no role exists before that.
Example: SELECT etrace.request_account(5, ''luis_vega'', ARRAY[''etrace_user'', ''etrace_analyst'']);';

CREATE FUNCTION etrace.approve_account(account bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_admin();
        a etrace.account;
        v_problem text;
    BEGIN
        PERFORM etrace.note_activity(acct.id);
        SELECT * INTO a FROM etrace.account x WHERE x.id = approve_account.account FOR NO KEY UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'account % does not exist', approve_account.account USING ERRCODE = 'no_data_found';
        END IF;
        IF a.status <> 'requested' THEN
            PERFORM etrace.raise_account_move(a, 'active', 'a requested');
        END IF;
        v_problem := etrace.account_activation_problem(a);
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION 'account % cannot be approved: %', a.id, v_problem
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = a.role_name) THEN
            RAISE EXCEPTION 'role "%" already exists', a.role_name
                USING ERRCODE = 'duplicate_object',
                      DETAIL = 'The role was created after the account was requested; an existing role cannot become an account.',
                      HINT = 'Revoke this request and have the point of contact request another role name.';
        END IF;
        UPDATE etrace.account x
           SET status = 'active', status_since = now(), status_reason = NULL, last_recertified = now()
         WHERE x.id = a.id;
        PERFORM etrace.apply_account_state(a.id, a.requested_groups);
    END
    $$;
COMMENT ON FUNCTION etrace.approve_account(bigint) IS
    'Tracing-center administrators activate a requested account: its login role is created with the requested group roles, and it counts as recertified now.
Example: SELECT etrace.approve_account(12);';

CREATE FUNCTION etrace.suspend_account(account bigint, reason text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_reason text;
        a etrace.account := etrace.account_for_move(suspend_account.account, 'suspend accounts');
    BEGIN
        v_reason := etrace.check_reason(reason, true);
        IF a.status <> 'active' THEN
            PERFORM etrace.raise_account_move(a, 'suspended', 'an active');
        END IF;
        UPDATE etrace.account x
           SET status = 'suspended', status_since = now(), status_reason = v_reason,
               suspended_by_ntc = etrace.caller_is_ntc() OR etrace.caller_is_admin()
         WHERE x.id = a.id;
        PERFORM etrace.apply_account_state(a.id);
    END
    $$;
COMMENT ON FUNCTION etrace.suspend_account(bigint, text) IS
    'The agency''s point of contact or the tracing center suspends an active account (transfer, leave, inquiry): its role loses LOGIN and its open sessions end at once. The reason is required.
Example: SELECT etrace.suspend_account(12, ''On leave until March'');';

CREATE FUNCTION etrace.reinstate_account(account bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        a etrace.account := etrace.account_for_move(reinstate_account.account, 'reinstate accounts');
        v_problem text;
    BEGIN
        IF a.status <> 'suspended' THEN
            PERFORM etrace.raise_account_move(a, 'active', 'a suspended');
        END IF;
        IF a.suspended_by_ntc AND NOT (etrace.caller_is_ntc() OR etrace.caller_is_admin()) THEN
            RAISE EXCEPTION 'account % was suspended by the tracing center; only the tracing center may reinstate it', a.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        v_problem := etrace.account_activation_problem(a);
        IF v_problem IS NOT NULL THEN
            RAISE EXCEPTION 'account % cannot be reinstated: %', a.id, v_problem
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        UPDATE etrace.account x
           SET status = 'active', status_since = now(), status_reason = NULL, suspended_by_ntc = false
         WHERE x.id = a.id;
        PERFORM etrace.apply_account_state(a.id, a.requested_groups);
    END
    $$;
COMMENT ON FUNCTION etrace.reinstate_account(bigint) IS
    'The agency''s point of contact or the tracing center makes a suspended account active again (LOGIN and its group roles), unless its person was delisted or its agency''s MOU discontinued. An account past its recertification still needs etrace.recertify_users.
Example: SELECT etrace.reinstate_account(12);';

CREATE FUNCTION etrace.revoke_account(account bigint, reason text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_reason text;
        a etrace.account := etrace.account_for_move(revoke_account.account, 'revoke accounts');
    BEGIN
        v_reason := etrace.check_reason(reason, true);
        IF a.status = 'revoked' THEN
            PERFORM etrace.raise_account_move(a, 'revoked', 'a requested, active or suspended');
        END IF;
        UPDATE etrace.account x
           SET status = 'revoked', status_since = now(), status_reason = v_reason
         WHERE x.id = a.id;
        -- A request that was never approved has no role to act on.
        IF a.status <> 'requested' THEN
            PERFORM etrace.apply_account_state(a.id);
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.revoke_account(bigint, text) IS
    'The agency''s point of contact or the tracing center revokes an account for good (the person left, retired, or the request is declined): its role loses LOGIN and every etrace group role, its open sessions end, and whatever it still tries in an open transaction fails. The reason is required.
Example: SELECT etrace.revoke_account(12, ''Retired'');';

CREATE FUNCTION etrace.recertify_users(agency bigint) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_poc_or_admin(recertify_users.agency, 'recertify its users');
        n integer;
    BEGIN
        PERFORM etrace.note_activity(acct.id);
        IF NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.id = recertify_users.agency) THEN
            RAISE EXCEPTION 'agency % does not exist', recertify_users.agency USING ERRCODE = 'no_data_found';
        END IF;
        -- Bootstrap accounts (no Attachment A entry) are recertified with the
        -- list: they are the agency's people too, the POC among them.
        UPDATE etrace.account a
           SET last_recertified = now()
         WHERE a.agency_id = recertify_users.agency
           AND a.status IN ('active', 'suspended')
           AND (a.approved_user_id IS NULL
                OR EXISTS (SELECT 1 FROM etrace.approved_user u
                            WHERE u.id = a.approved_user_id AND u.delisted_at IS NULL));
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
    END
    $$;
COMMENT ON FUNCTION etrace.recertify_users(bigint) IS
    'The agency''s point of contact (or a tracing-center administrator) confirms the agency''s approved users: every active or suspended account whose person is still listed counts as recertified now. An account not recertified within etrace.recertification_days stops working. Returns the number of accounts recertified.
Example: SELECT etrace.recertify_users(2);';

CREATE FUNCTION etrace.user_listing(agency bigint)
    RETURNS TABLE (account bigint, role_name text, person jsonb, status text, status_since timestamptz,
                   last_recertified timestamptz, last_activity timestamptz)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    #variable_conflict use_column
    DECLARE
        acct etrace.account;
    BEGIN
        IF etrace.caller_is_ntc() THEN
            acct := etrace.caller_account();
        ELSE
            acct := etrace.require_poc_or_admin(user_listing.agency, 'list its users');
        END IF;
        PERFORM etrace.note_activity(acct.id);
        IF NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.id = user_listing.agency) THEN
            RAISE EXCEPTION 'agency % does not exist', user_listing.agency USING ERRCODE = 'no_data_found';
        END IF;
        RETURN QUERY
            SELECT a.id, a.role_name::text, a.person, a.status, a.status_since, a.last_recertified,
                   greatest(a.last_activity, v.last_activity)
              FROM etrace.account a
              LEFT JOIN etrace.account_activity v ON v.account_id = a.id
             WHERE a.agency_id = user_listing.agency
             ORDER BY a.role_name;
    END
    $$;
COMMENT ON FUNCTION etrace.user_listing(bigint) IS
    'The listing of an agency''s accounts for its periodic review, for its point of contact or the tracing center: every account with its person, status (requested, active, suspended, revoked), when it last changed, when it was last recertified and last used.
Example: SELECT * FROM etrace.user_listing(2);';

GRANT EXECUTE ON FUNCTION etrace.list_approved_user(bigint, jsonb), etrace.delist_approved_user(bigint, text),
    etrace.recertify_users(bigint)
    TO etrace_poc, etrace_admin;
GRANT EXECUTE ON FUNCTION etrace.request_account(bigint, text, text[]) TO etrace_poc;
GRANT EXECUTE ON FUNCTION etrace.approve_account(bigint) TO etrace_admin;
GRANT EXECUTE ON FUNCTION etrace.suspend_account(bigint, text), etrace.reinstate_account(bigint),
    etrace.revoke_account(bigint, text), etrace.user_listing(bigint)
    TO etrace_poc, etrace_ntc, etrace_admin;
