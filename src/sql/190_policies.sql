-- Row-level security policies of the core tables.  (900_security.sql
-- enables and forces row-level security on every etrace table.)

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

-- Direct reads: agency users and analysts may query the trace table
-- themselves; row-level security decides which rows they see.
GRANT SELECT ON etrace.trace TO etrace_user, etrace_analyst, etrace_ntc;
