-- Ownership, row-level security, privileges and dump registration.
-- Last in the install script so that it covers everything above.

-- Tables belong to etrace_owner (not superuser, not BYPASSRLS) with
-- row-level security enabled and forced, so that even the functions that
-- run as the owner are held to the policies below.
DO $own$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['agency', 'account', 'firearm', 'trace_year_sequence', 'trace',
                             'trace_person', 'trace_result'] LOOP
        EXECUTE format('ALTER TABLE etrace.%I OWNER TO etrace_owner', t);
        EXECUTE format('ALTER TABLE etrace.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE etrace.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('REVOKE ALL ON etrace.%I FROM PUBLIC', t);
        -- pg_dump keeps the rows (and the identity sequence's position)
        PERFORM pg_catalog.pg_extension_config_dump(format('etrace.%I', t)::regclass, '');
        PERFORM pg_catalog.pg_extension_config_dump(
                    pg_catalog.pg_get_serial_sequence(format('etrace.%I', t), a.attname)::regclass, '')
           FROM pg_catalog.pg_attribute a
          WHERE a.attrelid = format('etrace.%I', t)::regclass AND a.attidentity <> '';
    END LOOP;
END
$own$;

-- Per-year trace sequences are created at run time by etrace_owner.
GRANT CREATE ON SCHEMA etrace TO etrace_owner;

-- Agencies: every participant may read the directory; administrators write.
CREATE POLICY agency_read ON etrace.agency FOR SELECT
    USING ((SELECT etrace.current_account()) IS NOT NULL OR (SELECT etrace.caller_is_admin()));
CREATE POLICY agency_insert ON etrace.agency FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin()));
CREATE POLICY agency_update ON etrace.agency FOR UPDATE
    USING ((SELECT etrace.caller_is_admin())) WITH CHECK ((SELECT etrace.caller_is_admin()));

-- Accounts: one's own; the agency's for its point of contact; all for the NTC.
CREATE POLICY account_read ON etrace.account FOR SELECT
    USING (role_name = (SELECT etrace.session_role())
           OR (agency_id = (SELECT etrace.current_agency()) AND (SELECT etrace.caller_has_role('etrace_poc')))
           OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));

-- Firearms and trace-number sequences are shared bookkeeping used only by
-- the API functions (which run as etrace_owner); nobody else has privileges.
CREATE POLICY firearm_internal ON etrace.firearm TO etrace_owner USING (true) WITH CHECK (true);
CREATE POLICY trace_year_sequence_internal ON etrace.trace_year_sequence TO etrace_owner
    USING (true) WITH CHECK (true);

-- Traces and what hangs off them: the owning agency and the tracing center.
CREATE POLICY trace_read ON etrace.trace FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));
CREATE POLICY trace_insert ON etrace.trace FOR INSERT
    WITH CHECK (agency_id = (SELECT etrace.current_agency()));
CREATE POLICY trace_update ON etrace.trace FOR UPDATE
    USING ((SELECT etrace.caller_is_ntc())) WITH CHECK ((SELECT etrace.caller_is_ntc()));

CREATE POLICY trace_person_read ON etrace.trace_person FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));
CREATE POLICY trace_person_insert ON etrace.trace_person FOR INSERT
    WITH CHECK (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));

CREATE POLICY trace_result_read ON etrace.trace_result FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));
CREATE POLICY trace_result_insert ON etrace.trace_result FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_ntc()));

-- API functions run as etrace_owner, so row-level security applies inside
-- them with the caller's identity.  (The identity functions stay owned by
-- the installing superuser: they read the caller's own account row.)
ALTER FUNCTION etrace.register_agency(jsonb) OWNER TO etrace_owner;
ALTER FUNCTION etrace.next_trace_number() OWNER TO etrace_owner;
ALTER FUNCTION etrace.add_trace_person(bigint, bigint, text, integer, jsonb) OWNER TO etrace_owner;
ALTER FUNCTION etrace.submit_trace(jsonb) OWNER TO etrace_owner;
ALTER FUNCTION etrace.get_trace(etrace.trace_number) OWNER TO etrace_owner;
ALTER FUNCTION etrace.find_traces(jsonb) OWNER TO etrace_owner;
ALTER FUNCTION etrace.search_serial(text, boolean) OWNER TO etrace_owner;
ALTER FUNCTION etrace.move_trace(etrace.trace_number, text[], text, bigint) OWNER TO etrace_owner;
ALTER FUNCTION etrace.start_trace(etrace.trace_number) OWNER TO etrace_owner;
ALTER FUNCTION etrace.complete_trace(etrace.trace_number, jsonb) OWNER TO etrace_owner;
ALTER FUNCTION etrace.close_untraceable(etrace.trace_number, text, text) OWNER TO etrace_owner;
ALTER FUNCTION etrace.close_trace(etrace.trace_number) OWNER TO etrace_owner;

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
                OR p.proname IN ('today', 'session_role', 'session_is_superuser', 'caller_account',
                                 'current_account', 'current_agency', 'caller_has_role',
                                 'caller_is_ntc', 'caller_is_admin', 'label', 'tracing_center_country'))
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO etrace_user, etrace_poc, etrace_analyst, '
                       'etrace_ntc, etrace_admin, etrace_auditor', f);
    END LOOP;
END
$grants$;

GRANT EXECUTE ON FUNCTION
    etrace.validate_trace(jsonb),
    etrace.check_trace(jsonb),
    etrace.submit_trace(jsonb),
    etrace.get_trace(etrace.trace_number),
    etrace.find_traces(jsonb),
    etrace.search_serial(text, boolean)
    TO etrace_user, etrace_ntc;
GRANT EXECUTE ON FUNCTION
    etrace.get_trace(etrace.trace_number),
    etrace.find_traces(jsonb),
    etrace.search_serial(text, boolean)
    TO etrace_analyst;
GRANT EXECUTE ON FUNCTION
    etrace.validate_result(jsonb, date),
    etrace.check_result(jsonb, date),
    etrace.start_trace(etrace.trace_number),
    etrace.complete_trace(etrace.trace_number, jsonb),
    etrace.close_untraceable(etrace.trace_number, text, text),
    etrace.close_trace(etrace.trace_number)
    TO etrace_ntc;
GRANT EXECUTE ON FUNCTION etrace.register_agency(jsonb) TO etrace_admin;
