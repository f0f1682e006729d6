-- etrace install script, assembled by the Makefile from src/sql/*.sql in name order.
\echo Use "CREATE EXTENSION etrace" to load this file. \quit

COMMENT ON SCHEMA etrace IS 'etrace: firearms trace system (traces, agencies, access rules, analytics)';

-- Group roles and the owner role are cluster-wide; they survive DROP EXTENSION
-- and are reused when the extension is created again (or in another database).
DO $roles$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
        ('etrace_owner',   'owns the etrace tables; NOLOGIN, not superuser, not BYPASSRLS'),
        ('etrace_user',    'agency staff: submit traces and read their own agency''s traces'),
        ('etrace_poc',     'agency point of contact: manages the agency''s approved users'),
        ('etrace_analyst', 'analyst: reports over the traces the agency may see'),
        ('etrace_ntc',     'tracing center staff: every trace, and trace results'),
        ('etrace_admin',   'tracing center administration: agencies and MOUs'),
        ('etrace_auditor', 'auditor: reads the audit trail only')) AS v(name, what)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT', r.name);
        END IF;
        EXECUTE format('COMMENT ON ROLE %I IS %L', r.name, 'etrace: ' || r.what);
    END LOOP;
    -- The owner must never be able to skip row-level security.
    ALTER ROLE etrace_owner NOLOGIN NOSUPERUSER NOBYPASSRLS;
END
$roles$;

GRANT USAGE ON SCHEMA etrace TO etrace_owner, etrace_user, etrace_poc, etrace_analyst,
    etrace_ntc, etrace_admin, etrace_auditor;

CREATE FUNCTION etrace.today() RETURNS date
    AS 'MODULE_PATHNAME', 'etrace_today'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.today() IS
    'The tracing center''s calendar date: today in the superuser setting etrace.time_zone (default UTC), never the caller''s TimeZone.';
