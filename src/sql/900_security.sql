-- Ownership, row-level security and EXECUTE: the rules that hold for every
-- table and function, last in the install script so that they cover
-- everything above.  Policies, dump registration and the grants of each
-- API function stay with the file that defines them.

-- Tables belong to etrace_owner (not superuser, not BYPASSRLS) with
-- row-level security enabled and forced, so that even the functions that
-- run as the owner are held to their policies.
DO $own$
DECLARE
    t regclass;
BEGIN
    -- Views too: a view reads its tables with its owner's rights, and only
    -- etrace_owner is held to the policies (a superuser owner would not be).
    FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'etrace'::regnamespace AND c.relkind = 'v'
    LOOP
        EXECUTE format('ALTER VIEW %s OWNER TO etrace_owner', t);
    END LOOP;
    FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
              WHERE c.relnamespace = 'etrace'::regnamespace AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO etrace_owner', t);
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', t);
    END LOOP;
END
$own$;

-- Per-year trace sequences are created at run time by etrace_owner.
GRANT CREATE ON SCHEMA etrace TO etrace_owner;

-- SECURITY DEFINER functions run as etrace_owner, so row-level security
-- applies inside them with the caller's identity.  The exceptions, owned by
-- the installing superuser, are the few that must read the caller's own
-- account without going through the account table's policies (which call
-- them) or act on roles; none takes an argument a caller could aim at
-- another agency.
DO $definers$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
              WHERE p.pronamespace = 'etrace'::regnamespace AND p.prosecdef
                AND p.proname NOT IN ('caller_standing_uncached', 'caller_is_ntc', 'caller_is_admin',
                                      'caller_is_poc', 'visible_agencies_uncached', 'tracing_center_country',
                                      'apply_account_state')
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO etrace_owner', f);
    END LOOP;
END
$definers$;

-- EXECUTE: nothing by default.  Pure functions (types, operators,
-- normalizers: immutable and not SECURITY DEFINER) and the identity
-- functions that policies call go to every etrace role; the API goes to the
-- roles that need it.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA etrace FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA etrace TO etrace_owner;
DO $grants$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = 'etrace'::regnamespace
           AND ((p.provolatile = 'i' AND NOT p.prosecdef)
                OR p.proname IN ('today', 'label', 'session_role', 'session_is_superuser',
                                 'session_role_can_login', 'caller_has_role', 'caller_standing',
                                 'caller_standing_uncached', 'visible_agencies_uncached',
                                 'caller_account', 'current_account', 'current_agency', 'mou_in_force',
                                 'caller_is_ntc', 'caller_is_admin', 'caller_is_poc', 'visible_agencies',
                                 'tracing_center_country', 'full_access_agencies', 'full_access_agencies_uncached', 'consented_units')
                OR p.proname LIKE 'setting\_%')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO etrace_user, etrace_poc, etrace_analyst, '
                       'etrace_ntc, etrace_admin, etrace_auditor', f);
    END LOOP;
END
$grants$;

-- Every data table, including those created after 300_audit.sql, carries
-- the audit capture triggers.
SELECT etrace.audit_attach();
