-- Who is calling: the outer role, mapped to an account and its agency.

CREATE FUNCTION etrace.session_role() RETURNS name
    AS 'MODULE_PATHNAME', 'etrace_session_role'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.session_role() IS
    'The calling role: the outer user after SET ROLE, never the owner of a SECURITY DEFINER function.';

CREATE FUNCTION etrace.session_is_superuser() RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_session_is_superuser'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.session_is_superuser() IS
    'True when the calling role (outer user) is a superuser: the DBA bootstrapping the system.';

-- The caller's active account.  SECURITY DEFINER owned by the installing
-- superuser so that it can read etrace.account without going through the
-- account table's own policies (which call it).  It takes no argument and
-- returns only the caller's own row.
CREATE FUNCTION etrace.caller_account() RETURNS etrace.account
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT a.*
          FROM etrace.account a
          JOIN etrace.agency g ON g.id = a.agency_id
         WHERE a.role_name = etrace.session_role()
           AND a.status = 'active'
           AND g.discontinued_on IS NULL
    $$;
COMMENT ON FUNCTION etrace.caller_account() IS
    'The calling role''s account when it is active, else NULL.';

CREATE FUNCTION etrace.current_account() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$ SELECT (etrace.caller_account()).id $$;
COMMENT ON FUNCTION etrace.current_account() IS
    'Id of the caller''s active account, or NULL.';

CREATE FUNCTION etrace.current_agency() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$ SELECT (etrace.caller_account()).agency_id $$;
COMMENT ON FUNCTION etrace.current_agency() IS
    'Id of the caller''s agency (from the caller''s own role, never from an argument or setting), or NULL without an active account.';

-- Membership of a group role, checked for the outer user.
CREATE FUNCTION etrace.caller_has_role(group_role name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT coalesce(pg_catalog.pg_has_role(etrace.session_role(), group_role, 'MEMBER'), false)
    $$;
COMMENT ON FUNCTION etrace.caller_has_role(name) IS
    'True when the calling role is a member of the given etrace group role.';

CREATE FUNCTION etrace.caller_is_ntc() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT EXISTS (
            SELECT 1
              FROM etrace.account a
              JOIN etrace.agency g ON g.id = a.agency_id
             WHERE a.role_name = etrace.session_role()
               AND a.status = 'active'
               AND g.kind = 'ntc'
               AND g.discontinued_on IS NULL)
           AND etrace.caller_has_role('etrace_ntc')
    $$;
COMMENT ON FUNCTION etrace.caller_is_ntc() IS
    'True when the caller is tracing-center staff: an active account of the NTC agency and a member of etrace_ntc.';

CREATE FUNCTION etrace.caller_is_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        SELECT etrace.session_is_superuser()
            OR (EXISTS (
                    SELECT 1
                      FROM etrace.account a
                      JOIN etrace.agency g ON g.id = a.agency_id
                     WHERE a.role_name = etrace.session_role()
                       AND a.status = 'active'
                       AND g.kind = 'ntc'
                       AND g.discontinued_on IS NULL)
                AND etrace.caller_has_role('etrace_admin'))
    $$;
COMMENT ON FUNCTION etrace.caller_is_admin() IS
    'True for the DBA (superuser) and for tracing-center administrators (NTC account, member of etrace_admin).';

-- The caller's account, or an error naming the problem (for API functions).
CREATE FUNCTION etrace.require_account() RETURNS etrace.account
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.caller_account();
    BEGIN
        IF acct.id IS NULL THEN
            RAISE EXCEPTION 'role "%" has no active etrace account', etrace.session_role()
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'Accounts are requested by the agency''s point of contact and activated by the tracing center.';
        END IF;
        RETURN acct;
    END
    $$;
COMMENT ON FUNCTION etrace.require_account() IS
    'The caller''s active account; raises 42501 when the calling role has none.';

CREATE FUNCTION etrace.require_ntc() RETURNS etrace.account
    LANGUAGE plpgsql STABLE PARALLEL SAFE
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

-- One public fact about the tracing center, for the importer rule of trace
-- validation: its country (where firearms made there were sold at retail).
CREATE FUNCTION etrace.tracing_center_country() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$ SELECT g.country::text FROM etrace.agency g WHERE g.kind = 'ntc' $$;
COMMENT ON FUNCTION etrace.tracing_center_country() IS
    'The country of the registered tracing center (NULL before one is registered).';
