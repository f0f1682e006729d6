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

-- Whether this is a parallel worker: it has no client connection, so its
-- NULL inet_client_addr() is not a Unix socket (caller_standing_uncached).
-- PARALLEL SAFE on purpose: it must be able to run in a worker to say so.
CREATE FUNCTION etrace.in_parallel_worker() RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_in_parallel_worker'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.in_parallel_worker() IS
    'Internal: true in a parallel worker, which has no client connection (and so no client address).';

-- Membership of a group role, checked for the outer user.
-- Plain SQL without SET, every name qualified, so that it is inlined.
CREATE FUNCTION etrace.caller_has_role(group_role name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(pg_catalog.pg_has_role(etrace.session_role(), group_role, 'MEMBER'), false)
    $$;
COMMENT ON FUNCTION etrace.caller_has_role(name) IS
    'True when the calling role is a member of the given etrace group role.';

CREATE FUNCTION etrace.session_role_can_login() RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_session_role_can_login'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.session_role_can_login() IS
    'True when the calling role has LOGIN, read from the catalog cache so that a revocation takes effect at the caller''s next statement, whatever its transaction''s snapshot.';

-- The superuser-only settings, read from the library's own variables.
CREATE FUNCTION etrace.setting_unix_socket_access() RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_setting_unix_socket_access'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_unix_socket_access() IS
    'The superuser setting etrace.unix_socket_access: whether accounts may work over a Unix socket (default off).';
CREATE FUNCTION etrace.setting_recertification_days() RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_setting_recertification_days'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_recertification_days() IS
    'The superuser setting etrace.recertification_days: an account not recertified for this many days stops working (default 365).';
CREATE FUNCTION etrace.setting_location_exception_max_days() RETURNS integer
    AS 'MODULE_PATHNAME', 'etrace_setting_location_exception_max_days'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_location_exception_max_days() IS
    'The superuser setting etrace.location_exception_max_days: the longest location exception (default 30).';
CREATE FUNCTION etrace.setting_time_zone() RETURNS text
    AS 'MODULE_PATHNAME', 'etrace_setting_time_zone'
    LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.setting_time_zone() IS
    'The superuser setting etrace.time_zone: the tracing center''s calendar (default UTC).';
