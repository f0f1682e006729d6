-- Row-level security policies.  (900_security.sql enables and forces
-- row-level security on every etrace table.)  The caller's context always
-- comes from scalar subqueries, evaluated once per statement.

-- Agencies: every participant may read the directory; administrators write.
CREATE POLICY agency_read ON etrace.agency FOR SELECT
    USING ((SELECT etrace.current_account()) IS NOT NULL OR (SELECT etrace.caller_is_admin()));
CREATE POLICY agency_insert ON etrace.agency FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin()));
CREATE POLICY agency_update ON etrace.agency FOR UPDATE
    USING ((SELECT etrace.caller_is_admin())) WITH CHECK ((SELECT etrace.caller_is_admin()));

-- Accounts: one's own; the agency's for its point of contact; all for the
-- tracing center.  Points of contact request and manage their agency's
-- accounts; the tracing center approves, suspends and revokes any.
CREATE POLICY account_read ON etrace.account FOR SELECT
    USING (role_name = (SELECT etrace.session_role())
           OR (agency_id = (SELECT etrace.current_agency())
               AND (SELECT etrace.caller_is_poc(etrace.current_agency())))
           OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY account_insert ON etrace.account FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin())
                OR (agency_id = (SELECT etrace.current_agency())
                    AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));
CREATE POLICY account_update ON etrace.account FOR UPDATE
    USING ((SELECT etrace.caller_is_admin()) OR (SELECT etrace.caller_is_ntc())
           OR (agency_id = (SELECT etrace.current_agency())
               AND (SELECT etrace.caller_is_poc(etrace.current_agency()))))
    WITH CHECK ((SELECT etrace.caller_is_admin()) OR (SELECT etrace.caller_is_ntc())
                OR (agency_id = (SELECT etrace.current_agency())
                    AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));

-- Firearms and trace-number sequences are shared bookkeeping used only by
-- the API functions (which run as etrace_owner); nobody else has privileges.
CREATE POLICY firearm_internal ON etrace.firearm TO etrace_owner USING (true) WITH CHECK (true);
CREATE POLICY trace_year_sequence_internal ON etrace.trace_year_sequence TO etrace_owner
    USING (true) WITH CHECK (true);

-- Traces and what hangs off them.  The restrictive policy is the agency
-- isolation: whatever else a policy allows, a row is only ever seen or
-- written when its agency is one the caller may see (its own, those that
-- share with it, or all of them for the tracing center).  These policies
-- bind etrace_owner: the API functions and the view etrace.traces, which
-- masks what sharing may not disclose.  A reader's direct SELECT on
-- etrace.trace and etrace.trace_result has its own, narrower isolation
-- (205_disclosure.sql); no other role gets a row.
CREATE POLICY trace_isolation ON etrace.trace AS RESTRICTIVE FOR ALL TO etrace_owner
    USING (agency_id = ANY ((SELECT etrace.visible_agencies())::bigint[]));
CREATE POLICY trace_read ON etrace.trace FOR SELECT TO etrace_owner USING (true);
CREATE POLICY trace_insert ON etrace.trace FOR INSERT TO etrace_owner
    WITH CHECK (agency_id = (SELECT etrace.current_agency()));
CREATE POLICY trace_update ON etrace.trace FOR UPDATE TO etrace_owner
    USING ((SELECT etrace.caller_is_ntc())) WITH CHECK ((SELECT etrace.caller_is_ntc()));

CREATE POLICY trace_person_isolation ON etrace.trace_person AS RESTRICTIVE FOR ALL
    USING (agency_id = ANY ((SELECT etrace.visible_agencies())::bigint[]));
CREATE POLICY trace_person_read ON etrace.trace_person FOR SELECT USING (true);
CREATE POLICY trace_person_insert ON etrace.trace_person FOR INSERT
    WITH CHECK (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));

CREATE POLICY trace_result_isolation ON etrace.trace_result AS RESTRICTIVE FOR ALL TO etrace_owner
    USING (agency_id = ANY ((SELECT etrace.visible_agencies())::bigint[]));
CREATE POLICY trace_result_read ON etrace.trace_result FOR SELECT TO etrace_owner USING (true);
CREATE POLICY trace_result_insert ON etrace.trace_result FOR INSERT TO etrace_owner
    WITH CHECK ((SELECT etrace.caller_is_ntc()));

-- MOUs: the agency reads its own; the tracing center reads all; only
-- administrators record signatures and discontinuations.
CREATE POLICY mou_signature_read ON etrace.mou_signature FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY mou_signature_write ON etrace.mou_signature FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin()));
CREATE POLICY mou_signature_update ON etrace.mou_signature FOR UPDATE
    USING ((SELECT etrace.caller_is_admin())) WITH CHECK ((SELECT etrace.caller_is_admin()));
CREATE POLICY mou_discontinuation_read ON etrace.mou_discontinuation FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY mou_discontinuation_write ON etrace.mou_discontinuation FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin()));

-- Points of contact: the agency's own and the tracing center's.
CREATE POLICY poc_read ON etrace.poc FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY poc_insert ON etrace.poc FOR INSERT WITH CHECK ((SELECT etrace.caller_is_admin()));
CREATE POLICY poc_update ON etrace.poc FOR UPDATE
    USING ((SELECT etrace.caller_is_admin())) WITH CHECK ((SELECT etrace.caller_is_admin()));

-- Duty stations: registered by the agency's POC or an administrator.
CREATE POLICY duty_station_read ON etrace.duty_station FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY duty_station_insert ON etrace.duty_station FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin())
                OR (agency_id = (SELECT etrace.current_agency())
                    AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));

-- Location exceptions: the account holder sees its own; the tracing
-- center grants and sees all.
CREATE POLICY location_exception_read ON etrace.location_exception FOR SELECT
    USING (account_id = (SELECT etrace.current_account()) OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY location_exception_insert ON etrace.location_exception FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_ntc()) OR (SELECT etrace.caller_is_admin()));

-- Data sharing: set and withdrawn by the agency's POC or an administrator;
-- the tracing center sees every arrangement.
CREATE POLICY sharing_read ON etrace.sharing FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc())
           OR (SELECT etrace.caller_is_admin()));
CREATE POLICY sharing_write ON etrace.sharing FOR ALL
    USING ((SELECT etrace.caller_is_admin())
           OR (agency_id = (SELECT etrace.current_agency())
               AND (SELECT etrace.caller_is_poc(etrace.current_agency()))))
    WITH CHECK ((SELECT etrace.caller_is_admin())
                OR (agency_id = (SELECT etrace.current_agency())
                    AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));

-- Nobody reads the tables directly: applications and analysts query the
-- view etrace.traces (205_disclosure.sql), which masks sensitive columns.

-- Attachment A: the agency's point of contact keeps its list; the tracing
-- center reads every list, and its administrators may also write them.
CREATE POLICY approved_user_read ON etrace.approved_user FOR SELECT
    USING ((SELECT etrace.caller_is_ntc()) OR (SELECT etrace.caller_is_admin())
           OR (agency_id = (SELECT etrace.current_agency())
               AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));
CREATE POLICY approved_user_insert ON etrace.approved_user FOR INSERT
    WITH CHECK ((SELECT etrace.caller_is_admin())
                OR (agency_id = (SELECT etrace.current_agency())
                    AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));
CREATE POLICY approved_user_update ON etrace.approved_user FOR UPDATE
    USING ((SELECT etrace.caller_is_admin())
           OR (agency_id = (SELECT etrace.current_agency())
               AND (SELECT etrace.caller_is_poc(etrace.current_agency()))))
    WITH CHECK ((SELECT etrace.caller_is_admin())
                OR (agency_id = (SELECT etrace.current_agency())
                    AND (SELECT etrace.caller_is_poc(etrace.current_agency()))));

-- Account activity is bookkeeping of the API functions (etrace.note_activity
-- writes it, etrace.user_listing reads it next to the accounts the caller
-- may see); nobody else has privileges.
CREATE POLICY account_activity_internal ON etrace.account_activity TO etrace_owner
    USING (true) WITH CHECK (true);
