-- Agencies and the DBA's bootstrap accounts.

-- Raise the standard error for a bad field of a jsonb argument: the message
-- names the document and the field, COLUMN carries the field's path.
CREATE FUNCTION etrace.raise_field_error(what text, path text, problem text, sqlstate text)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        RAISE EXCEPTION 'invalid % document: %: %', what, path, problem
            USING ERRCODE = sqlstate, COLUMN = path;
    END
    $$;
COMMENT ON FUNCTION etrace.raise_field_error(text, text, text, text) IS
    'Raises "invalid <what> document: <path>: <problem>" with the given SQLSTATE and the path in the error''s COLUMN field.';

-- Check that doc is an object whose keys are all allowed and whose values
-- are strings (or null); required keys must be non-blank.
CREATE FUNCTION etrace.check_string_object(what text, path text, doc jsonb,
                                            allowed text[], required text[],
                                            max_length integer DEFAULT 200)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        k text;
        prefix text := CASE WHEN path = '' THEN '' ELSE path || '.' END;
    BEGIN
        IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
            PERFORM etrace.raise_field_error(what, coalesce(nullif(path, ''), '$'), 'must be a JSON object', '22023');
        END IF;
        FOR k IN SELECT jsonb_object_keys(doc) ORDER BY 1 LOOP
            IF NOT k = ANY (allowed) THEN
                PERFORM etrace.raise_field_error(what, prefix || k, format('unknown field "%s"', k), '22023');
            END IF;
            IF jsonb_typeof(doc -> k) NOT IN ('string', 'null') THEN
                PERFORM etrace.raise_field_error(what, prefix || k, 'must be a string', '22023');
            END IF;
            IF char_length(doc ->> k) > max_length THEN
                PERFORM etrace.raise_field_error(what, prefix || k, format('value exceeds %s characters', max_length), '22001');
            END IF;
        END LOOP;
        FOREACH k IN ARRAY required LOOP
            IF coalesce(btrim(doc ->> k), '') = '' THEN
                PERFORM etrace.raise_field_error(what, prefix || k, 'is required', '22004');
            END IF;
        END LOOP;
    END
    $$;
COMMENT ON FUNCTION etrace.check_string_object(text, text, jsonb, text[], text[], integer) IS
    'Validates a flat jsonb object of strings: no unknown keys, required keys present, lengths bounded; raises naming the field.';

-- A contact person: {"name", "title", "phone", "email"}.
CREATE FUNCTION etrace.check_contact(what text, path text, person jsonb)
    RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        prefix text := CASE WHEN path = '' THEN '' ELSE path || '.' END;
    BEGIN
        PERFORM etrace.check_string_object(what, path, person,
                                           ARRAY['name', 'title', 'phone', 'email'], ARRAY['name']);
        IF person ? 'email' AND person ->> 'email' !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' THEN
            PERFORM etrace.raise_field_error(what, prefix || 'email', 'is not an e-mail address', '22P02');
        END IF;
        IF person ? 'phone' AND person ->> 'phone' !~ '^[0-9 +().-]{3,40}$' THEN
            PERFORM etrace.raise_field_error(what, prefix || 'phone', 'is not a telephone number', '22P02');
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.check_contact(text, text, jsonb) IS
    'Validates a contact person document {"name", "title", "phone", "email"}; name is required.';

CREATE FUNCTION etrace.register_agency(doc jsonb) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_ori text;
        v_country text;
        v_sub text;
        v_id bigint;
    BEGIN
        IF NOT etrace.caller_is_admin() THEN
            RAISE EXCEPTION 'only tracing center administrators may register agencies'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM etrace.check_string_object('agency', '', doc,
            ARRAY['ori', 'name', 'country', 'subdivision', 'kind'],
            ARRAY['ori', 'name', 'country', 'kind']);
        v_ori := upper(btrim(doc ->> 'ori'));
        IF v_ori !~ '^[A-Z]{2}[A-Z0-9]{7}$' THEN
            PERFORM etrace.raise_field_error('agency', 'ori',
                format('"%s" is not an ORI (two letters, then seven letters or digits)', doc ->> 'ori'), '22P02');
        END IF;
        v_country := btrim(doc ->> 'country');
        IF NOT EXISTS (SELECT 1 FROM etrace.country WHERE code = v_country) THEN
            PERFORM etrace.raise_field_error('agency', 'country', format('unknown country code "%s"', v_country), '22023');
        END IF;
        v_sub := nullif(btrim(doc ->> 'subdivision'), '');
        IF v_sub IS NOT NULL AND NOT EXISTS (SELECT 1 FROM etrace.subdivision WHERE code = v_sub) THEN
            PERFORM etrace.raise_field_error('agency', 'subdivision', format('unknown subdivision code "%s"', v_sub), '22023');
        END IF;
        IF v_sub IS NOT NULL AND NOT EXISTS (SELECT 1 FROM etrace.subdivision WHERE code = v_sub AND country = v_country) THEN
            PERFORM etrace.raise_field_error('agency', 'subdivision',
                format('subdivision "%s" is not in country "%s"', v_sub, v_country), '22023');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM etrace.agency_kind WHERE code = doc ->> 'kind') THEN
            PERFORM etrace.raise_field_error('agency', 'kind',
                format('unknown agency kind "%s" (ntc, domestic or foreign)', doc ->> 'kind'), '22023');
        END IF;
        BEGIN
            INSERT INTO etrace.agency (ori, name, country, subdivision, kind)
            VALUES (v_ori, btrim(doc ->> 'name'), v_country, v_sub, doc ->> 'kind')
            RETURNING id INTO v_id;
        EXCEPTION WHEN unique_violation THEN
            IF doc ->> 'kind' = 'ntc' AND EXISTS (SELECT 1 FROM etrace.agency WHERE kind = 'ntc' AND ori <> v_ori) THEN
                RAISE EXCEPTION 'a tracing center is already registered'
                    USING ERRCODE = 'unique_violation';
            END IF;
            RAISE EXCEPTION 'an agency with ORI "%" is already registered', v_ori
                USING ERRCODE = 'unique_violation';
        END;
        RETURN v_id;
    END
    $$;
COMMENT ON FUNCTION etrace.register_agency(jsonb) IS
    'Registers an agency {"ori", "name", "country", "subdivision", "kind": "ntc"|"domestic"|"foreign"} and returns its id. DBA or tracing-center administrators only.
Example: SELECT etrace.register_agency(''{"ori": "MXJAL0001", "name": "Fiscalia Jalisco", "country": "MX", "subdivision": "MX-JAL", "kind": "foreign"}'');';

-- The DBA's bootstrap: an active account for an existing or new login role.
-- Not SECURITY DEFINER: creating roles and granting group roles needs the
-- DBA's own privileges.  EXECUTE is not granted to anyone.
CREATE FUNCTION etrace.create_account(role_name text, agency bigint, person jsonb,
                                      group_roles text[] DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        v_kind text;
        v_groups text[];
        g text;
        v_id bigint;
    BEGIN
        IF NOT etrace.session_is_superuser() THEN
            RAISE EXCEPTION 'only a superuser may create bootstrap accounts'
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Other accounts are requested by the agency''s point of contact.';
        END IF;
        IF role_name IS NULL OR role_name !~ '^[a-z_][a-z0-9_]{0,62}$' THEN
            RAISE EXCEPTION 'invalid role name "%"', role_name
                USING ERRCODE = 'invalid_name',
                      DETAIL = 'Role names are lower-case letters, digits and underscores, starting with a letter or underscore.';
        END IF;
        IF role_name LIKE 'etrace\_%' OR role_name LIKE 'pg\_%' THEN
            RAISE EXCEPTION 'role name "%" is reserved', role_name USING ERRCODE = 'reserved_name';
        END IF;
        IF EXISTS (SELECT 1 FROM etrace.account a WHERE a.role_name = create_account.role_name) THEN
            RAISE EXCEPTION 'role "%" already has an etrace account', create_account.role_name
                USING ERRCODE = 'unique_violation';
        END IF;
        SELECT g.kind INTO v_kind FROM etrace.agency g WHERE g.id = create_account.agency;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'agency % does not exist', create_account.agency USING ERRCODE = 'foreign_key_violation';
        END IF;
        PERFORM etrace.check_contact('person', '', person);
        v_groups := coalesce(group_roles,
            CASE v_kind WHEN 'ntc' THEN ARRAY['etrace_ntc', 'etrace_admin', 'etrace_user']
                        ELSE ARRAY['etrace_user', 'etrace_poc'] END);
        FOREACH g IN ARRAY v_groups LOOP
            IF g NOT IN ('etrace_user', 'etrace_poc', 'etrace_analyst', 'etrace_ntc',
                         'etrace_admin', 'etrace_auditor') THEN
                RAISE EXCEPTION 'unknown etrace group role "%"', g USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF g IN ('etrace_ntc', 'etrace_admin') AND v_kind <> 'ntc' THEN
                RAISE EXCEPTION 'group role "%" is for tracing center staff only', g
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
        END LOOP;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = role_name AND (r.rolsuper OR r.rolbypassrls)) THEN
            RAISE EXCEPTION 'role "%" is a superuser or bypasses row-level security and cannot hold an etrace account', role_name
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', role_name);
        END IF;
        FOREACH g IN ARRAY v_groups LOOP
            EXECUTE format('GRANT %I TO %I', g, role_name);
        END LOOP;
        INSERT INTO etrace.account (role_name, agency_id, person, status, last_recertified)
        VALUES (create_account.role_name, create_account.agency, person, 'active', now())
        RETURNING id INTO v_id;
        RETURN v_id;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION 'role "%" already has an etrace account', role_name USING ERRCODE = 'unique_violation';
    END
    $$;
COMMENT ON FUNCTION etrace.create_account(text, bigint, jsonb, text[]) IS
    'DBA bootstrap (superuser only): creates the login role if needed, grants the group roles (default by agency kind) and an active account. Example: SELECT etrace.create_account(''ana_ruiz'', 1, ''{"name": "Ana Ruiz", "email": "a.ruiz@example.mx"}'');';

GRANT EXECUTE ON FUNCTION etrace.register_agency(jsonb) TO etrace_admin;
