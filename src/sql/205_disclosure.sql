-- Disclosure rules.  Law-enforcement-sensitive information — whatever links
-- a traced firearm to the location of the crime, to the dealer, to the
-- purchaser or possessor, or to trafficking patterns — is seen in full only
-- by the agency that owns the trace and by the tracing center.  An agency
-- that sees a trace through data sharing gets those fields masked with a
-- marker saying why, unless the tracing center consented to disclose them
-- to it.  Release to a third party goes through request_disclosure ->
-- (notification of the other participant) -> decide_disclosure -> release.

--------------------------------------------------- the classification

-- Every field of the trace document and its result, in one place.  "unit"
-- is the part of the document that is masked (and that a disclosure names):
-- a person is masked as a whole, a leaf field otherwise.
CREATE TABLE etrace.field_sensitivity (
    path        text PRIMARY KEY,
    unit        text NOT NULL,
    sensitive   boolean NOT NULL,
    category    text CHECK (category IN ('crime_location', 'dealer', 'purchaser', 'possessor',
                                         'trafficking_pattern', 'investigation')),
    reason      text NOT NULL,
    CHECK (sensitive = (category IS NOT NULL))
);
COMMENT ON TABLE etrace.field_sensitivity IS
    'The sensitivity classification of every field of a trace document and its result: sensitive fields are masked for agencies that see a trace only through data sharing, unless the tracing center consented.';

INSERT INTO etrace.field_sensitivity (path, unit, sensitive, category, reason) VALUES
    ('trace_number',                     'trace_number', false, NULL, 'Identifies the trace request.'),
    ('agency',                           'agency', false, NULL, 'The requesting agency (ORI).'),
    ('status',                           'status', false, NULL, 'Where the trace stands.'),
    ('submitted_at',                     'submitted_at', false, NULL, 'When the trace was filed.'),
    ('linked_traces',                    'linked_traces', true, 'trafficking_pattern', 'Other recoveries of the same firearm reveal its movement.'),
    ('request.request_date',             'request.request_date', false, NULL, 'Date of the request.'),
    ('request.priority',                 'request.priority', false, NULL, 'Routine or urgent.'),
    ('request.urgent_reason',            'request.urgent_reason', true, 'investigation', 'Describes the state of the investigation.'),
    ('request.special_instructions',     'request.special_instructions', true, 'investigation', 'Case handling details.'),
    ('request.crime_code',               'request.crime_code', false, NULL, 'The NCIC offense category.'),
    ('request.agency_case_number',       'request.agency_case_number', true, 'investigation', 'Links the trace to the agency''s case file.'),
    ('request.officer.name',             'request.officer', true, 'investigation', 'The investigating officer.'),
    ('request.officer.badge',            'request.officer', true, 'investigation', 'The investigating officer.'),
    ('request.officer.unit',             'request.officer', true, 'investigation', 'The investigating officer.'),
    ('request.officer.phone',            'request.officer', true, 'investigation', 'The investigating officer.'),
    ('request.officer.email',            'request.officer', true, 'investigation', 'The investigating officer.'),
    ('firearm.serial',                   'firearm.serial', false, NULL, 'Identifies the firearm.'),
    ('firearm.obliterated',              'firearm.obliterated', false, NULL, 'Describes the firearm.'),
    ('firearm.manufacturer',             'firearm.manufacturer', false, NULL, 'Describes the firearm.'),
    ('firearm.importer',                 'firearm.importer', false, NULL, 'Describes the firearm.'),
    ('firearm.model',                    'firearm.model', false, NULL, 'Describes the firearm.'),
    ('firearm.caliber',                  'firearm.caliber', false, NULL, 'Describes the firearm.'),
    ('firearm.caliber_canonical',        'firearm.caliber_canonical', false, NULL, 'Describes the firearm.'),
    ('firearm.type',                     'firearm.type', false, NULL, 'Describes the firearm.'),
    ('firearm.country_of_origin',        'firearm.country_of_origin', false, NULL, 'Describes the firearm.'),
    ('firearm.markings',                 'firearm.markings', false, NULL, 'Describes the firearm.'),
    ('recovery.date',                    'recovery.date', false, NULL, 'When the firearm was recovered.'),
    ('recovery.country',                 'recovery.country', false, NULL, 'The country of recovery only.'),
    ('recovery.subdivision',             'recovery.subdivision', true, 'crime_location', 'Places the recovery (the crime) within the country.'),
    ('recovery.locality',                'recovery.locality', true, 'crime_location', 'Places the recovery (the crime).'),
    ('recovery.address',                 'recovery.address', true, 'crime_location', 'Places the recovery (the crime).'),
    ('recovery.latitude',                'recovery.latitude', true, 'crime_location', 'Places the recovery (the crime).'),
    ('recovery.longitude',               'recovery.longitude', true, 'crime_location', 'Places the recovery (the crime).'),
    ('possessor.last_name',              'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.first_name',             'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.middle_name',            'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.suffix',                 'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.aliases',                'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.dob',                    'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.sex',                    'possessor', true, 'possessor', 'Identifies the possessor.'),
    ('possessor.address',                'possessor', true, 'possessor', 'Locates the possessor.'),
    ('associates',                       'associates', true, 'possessor', 'Identifies people associated with the possessor.'),
    ('result.outcome',                   'result.outcome', false, NULL, 'Whether the trace succeeded.'),
    ('result.untraceable_reason',        'result.untraceable_reason', false, NULL, 'Why the firearm could not be traced.'),
    ('result.note',                      'result.note', true, 'dealer', 'The tracing center''s note may name the dealer or records.'),
    ('result.dealer_ffl',                'result.dealer_ffl', true, 'dealer', 'Links the firearm to the licensed dealer.'),
    ('result.dealer_name',               'result.dealer_name', true, 'dealer', 'Links the firearm to the licensed dealer.'),
    ('result.dealer_subdivision',        'result.dealer_subdivision', true, 'dealer', 'Places the licensed dealer (the source of the firearm).'),
    ('result.purchase_date',             'result.purchase_date', true, 'purchaser', 'Dates the retail purchase.'),
    ('result.purchaser',                 'result.purchaser', true, 'purchaser', 'Identifies the retail purchaser.'),
    ('result.time_to_crime_days',        'result.time_to_crime_days', true, 'trafficking_pattern', 'Short time-to-crime is a trafficking indicator.');

--------------------------------------------- disclosures and consents

CREATE TABLE etrace.disclosure (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requesting_agency  bigint NOT NULL REFERENCES etrace.agency (id),
    requested_by       bigint REFERENCES etrace.account (id),
    requested_at       timestamptz NOT NULL DEFAULT now(),
    traces             bigint[] NOT NULL DEFAULT '{}',
    report             text,
    recipient          text NOT NULL,
    recipient_agency   bigint REFERENCES etrace.agency (id),
    purpose            text NOT NULL,
    fields             text[] NOT NULL,
    status             text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'consented', 'denied', 'withdrawn', 'released')),
    conditions         text,
    decided_by         bigint REFERENCES etrace.account (id),
    decided_at         timestamptz,
    decision_note      text,
    released_at        timestamptz,
    CHECK ((cardinality(traces) > 0) <> (report IS NOT NULL))
);
COMMENT ON TABLE etrace.disclosure IS
    'Requests to disclose law-enforcement-sensitive fields of named traces (or a report) to a recipient, and the tracing center''s decision: pending, consented (with conditions), denied, withdrawn, released.';

-- Notifications to a participant; its point of contact reads them.
CREATE TABLE etrace.inbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id   bigint NOT NULL REFERENCES etrace.agency (id),
    kind        text NOT NULL CHECK (kind IN ('disclosure_requested', 'disclosure_decided',
                                              'investigation_opened', 'investigation_acknowledged')),
    ref_id      bigint NOT NULL,
    message     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz
);
CREATE INDEX inbox_agency ON etrace.inbox (agency_id, created_at);
COMMENT ON TABLE etrace.inbox IS
    'Notifications between the participants (disclosure requests and decisions, investigation notices), read by each agency''s point of contact.';

CREATE TABLE etrace.investigation (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id         bigint NOT NULL REFERENCES etrace.agency (id),
    notified_by       bigint REFERENCES etrace.account (id),
    notified_at       timestamptz NOT NULL DEFAULT now(),
    traces            bigint[] NOT NULL,
    countries         char(2)[] NOT NULL,
    summary           text NOT NULL,
    acknowledged_by   bigint REFERENCES etrace.account (id),
    acknowledged_at   timestamptz
);
COMMENT ON TABLE etrace.investigation IS
    'Notices of independent international trafficking investigations opened from trace data, given to the tracing center''s international affairs office before they open.';

DO $dump$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['disclosure', 'inbox', 'investigation'] LOOP
        PERFORM pg_catalog.pg_extension_config_dump(format('etrace.%I', t)::regclass, '');
        PERFORM pg_catalog.pg_extension_config_dump(
            pg_catalog.pg_get_serial_sequence(format('etrace.%I', t), 'id')::regclass, '');
    END LOOP;
END
$dump$;

-- Policies (row-level security is enabled and forced on every table by
-- 900_security.sql).
CREATE POLICY field_sensitivity_read ON etrace.field_sensitivity FOR SELECT USING (true);
GRANT SELECT ON etrace.field_sensitivity TO etrace_user, etrace_poc, etrace_analyst, etrace_ntc,
    etrace_admin, etrace_auditor;
CREATE POLICY disclosure_read ON etrace.disclosure FOR SELECT
    USING (requesting_agency = (SELECT etrace.current_agency())
           OR recipient_agency = (SELECT etrace.current_agency())
           OR (SELECT etrace.caller_is_ntc()));
CREATE POLICY disclosure_insert ON etrace.disclosure FOR INSERT
    WITH CHECK (requesting_agency = (SELECT etrace.current_agency()));
CREATE POLICY disclosure_update ON etrace.disclosure FOR UPDATE
    USING (requesting_agency = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()))
    WITH CHECK (requesting_agency = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));
CREATE POLICY inbox_read ON etrace.inbox FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()));
CREATE POLICY inbox_insert ON etrace.inbox FOR INSERT
    WITH CHECK ((SELECT etrace.current_account()) IS NOT NULL);
CREATE POLICY inbox_update ON etrace.inbox FOR UPDATE
    USING (agency_id = (SELECT etrace.current_agency())) WITH CHECK (agency_id = (SELECT etrace.current_agency()));
CREATE POLICY investigation_read ON etrace.investigation FOR SELECT
    USING (agency_id = (SELECT etrace.current_agency()) OR (SELECT etrace.caller_is_ntc()));
CREATE POLICY investigation_insert ON etrace.investigation FOR INSERT
    WITH CHECK (agency_id = (SELECT etrace.current_agency()));
CREATE POLICY investigation_update ON etrace.investigation FOR UPDATE
    USING ((SELECT etrace.caller_is_ntc())) WITH CHECK ((SELECT etrace.caller_is_ntc()));

------------------------------------------------------------- masking

-- The units of a trace that the caller may see unmasked although the trace
-- is not its agency's: those the tracing center consented to disclose to
-- the caller's agency (consent not withdrawn).
CREATE FUNCTION etrace.consented_units(trace_id bigint) RETURNS text[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        -- runs as etrace_owner: the disclosure policies still apply
        RETURN (SELECT coalesce(array_agg(DISTINCT f), '{}')
                  FROM etrace.disclosure d, unnest(d.fields) f
                 WHERE d.recipient_agency = etrace.current_agency()
                   AND d.status IN ('consented', 'released')
                   AND consented_units.trace_id = ANY (d.traces));
    END
    $$;
COMMENT ON FUNCTION etrace.consented_units(bigint) IS
    'Sensitive units of the trace that the tracing center consented to disclose to the caller''s agency.';

-- Replace each sensitive unit present in the document with a marker saying
-- why it is masked, except the units listed in unmasked.
CREATE FUNCTION etrace.mask_document(doc jsonb, owner_ori text, unmasked text[] DEFAULT '{}')
    RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        u record;
    BEGIN
        FOR u IN SELECT DISTINCT s.unit, s.category FROM etrace.field_sensitivity s
                  WHERE s.sensitive AND NOT s.unit = ANY (unmasked)
                  ORDER BY s.unit LOOP
            IF doc #> string_to_array(u.unit, '.') IS NOT NULL THEN
                doc := jsonb_set(doc, string_to_array(u.unit, '.'), jsonb_build_object(
                    'masked', u.category,
                    'why', format('Law-enforcement sensitive (%s); shared by %s without the tracing center''s consent to disclose it.',
                                  replace(u.category, '_', ' '), owner_ori)));
            END IF;
        END LOOP;
        RETURN doc;
    END
    $$;
COMMENT ON FUNCTION etrace.mask_document(jsonb, text, text[]) IS
    'A trace document with every sensitive unit (field_sensitivity) replaced by {"masked": category, "why": ...}, except the units listed.';

-- The agencies whose traces the caller sees in full: its own, or every
-- agency for the tracing center.
CREATE FUNCTION etrace.full_access_agencies_uncached() RETURNS bigint[]
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF etrace.caller_is_ntc() THEN
            RETURN etrace.visible_agencies();
        END IF;
        RETURN ARRAY(SELECT a FROM unnest(etrace.visible_agencies()) a WHERE a = etrace.current_agency());
    END
    $$;
COMMENT ON FUNCTION etrace.full_access_agencies_uncached() IS
    'Internal: computes etrace.full_access_agencies() (which caches it).';

-- The same, cached with the caller's standing (standing.c): the view calls
-- it for every statement.
CREATE FUNCTION etrace.full_access_agencies() RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'etrace_full_access_agencies'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION etrace.full_access_agencies() IS
    'Ids of the agencies whose traces the caller sees unmasked: its own (if it may read traces), or all for tracing-center staff.';

-- Planner support for etrace.has_full_access as a policy (policy_support.c):
-- its selectivity, and an index condition on agency_id.
CREATE FUNCTION etrace.has_full_access_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'etrace_has_full_access_support'
    LANGUAGE C STRICT;
COMMENT ON FUNCTION etrace.has_full_access_support(internal) IS
    'Internal: planner support for etrace.has_full_access (the row estimate of agency_id = ANY (etrace.full_access_agencies()), and that condition on an index on agency_id).';

-- The view's masking test, for every row and masked column, and the
-- readers' policy on the tables: one C call that searches the cached
-- full_access_agencies() (standing.c), instead of a scalar subquery per
-- column, whose query trees the planner copied and planned at every custom
-- plan.  PARALLEL RESTRICTED like the standing it reads: the view's masked
-- columns are computed in the leader, and a reader's direct SELECT is not
-- run by parallel workers.
CREATE FUNCTION etrace.has_full_access(agency_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_has_full_access'
    LANGUAGE C STABLE STRICT PARALLEL RESTRICTED
    SUPPORT etrace.has_full_access_support;
COMMENT ON FUNCTION etrace.has_full_access(bigint) IS
    'True when the caller sees the traces of the agency unmasked: agency_id = ANY (etrace.full_access_agencies()).';
GRANT EXECUTE ON FUNCTION etrace.has_full_access(bigint) TO etrace_user, etrace_poc, etrace_analyst, etrace_ntc,
    etrace_admin, etrace_auditor;

-- The document as the caller may see it.
CREATE FUNCTION etrace.visible_document(doc jsonb, agency_id bigint, trace_id bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        IF etrace.has_full_access(agency_id) THEN
            RETURN doc;
        END IF;
        RETURN etrace.mask_document(doc, (SELECT g.ori FROM etrace.agency g WHERE g.id = visible_document.agency_id),
                                    etrace.consented_units(trace_id));
    END
    $$;
COMMENT ON FUNCTION etrace.visible_document(jsonb, bigint, bigint) IS
    'Internal: a trace document, masked unless the caller owns the trace or is tracing-center staff (consented units stay visible).';


------------------------------------------------------------- the view

-- A sensitive column of the view below as the caller may see it (masking.c).
CREATE FUNCTION etrace.unmasked(value anyelement, agency_id bigint, trace_id bigint, unit text)
    RETURNS anyelement
    AS 'MODULE_PATHNAME', 'etrace_unmasked'
    LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION etrace.unmasked(anyelement, bigint, bigint, text) IS
    'A sensitive column of etrace.traces as the caller may see it: the value when the caller sees the agency''s traces in full (etrace.has_full_access) or the tracing center consented to disclose that unit of the trace to it (etrace.report_consents, read once per statement), else NULL.';
GRANT EXECUTE ON FUNCTION etrace.unmasked(anyelement, bigint, bigint, text) TO etrace_user, etrace_poc, etrace_analyst,
    etrace_ntc, etrace_admin, etrace_auditor;

-- What analysts and applications query directly.  Not security_invoker, on
-- purpose: the view belongs to etrace_owner so that it can read the table
-- the callers cannot (they would bypass the masking), and because row-level
-- security is forced on the owner, the policies still apply, with the
-- caller's identity.  A sensitive column is NULL unless the caller owns the
-- trace, is tracing-center staff, or holds a consent for that unit
-- (etrace.unmasked, masking.c): the full-access test is a C look-up in the
-- session's cache; the consents are read once per statement, at its first
-- row seen through sharing.  Both are PARALLEL RESTRICTED: under a parallel
-- plan the masked columns are computed in the leader, with the caller's
-- standing (a worker has no client address, so no standing of its own).
-- Not a security_barrier view, on purpose: it filters no rows itself (row
-- security on the tables does, and its quals always run first), and a
-- caller's function over a masked column only ever receives
-- etrace.unmasked's value.  So the planner may flatten it: a query that
-- does not use the result columns skips the join to trace_result, and a
-- count can be an index-only scan, as on the table.
CREATE VIEW etrace.traces AS
SELECT t.id, t.trace_number, t.agency_ori AS agency, t.agency_id, t.status, t.status_since, t.submitted_at,
       t.request_date, t.priority, t.crime_code,
       etrace.unmasked(t.agency_case_number, t.agency_id, t.id, 'request.agency_case_number') AS agency_case_number,
       t.serial, t.obliterated, t.manufacturer, t.manufacturer_key, t.importer, t.model, t.caliber,
       t.caliber_canonical, t.firearm_type, t.country_of_origin,
       t.recovery_date, t.recovery_country,
       etrace.unmasked(t.recovery_subdivision, t.agency_id, t.id, 'recovery.subdivision') AS recovery_subdivision,
       etrace.unmasked(t.recovery_locality, t.agency_id, t.id, 'recovery.locality') AS recovery_locality,
       etrace.unmasked(t.latitude, t.agency_id, t.id, 'recovery.latitude') AS latitude,
       etrace.unmasked(t.longitude, t.agency_id, t.id, 'recovery.longitude') AS longitude,
       r.outcome, r.untraceable_reason,
       etrace.unmasked(r.dealer_ffl, t.agency_id, t.id, 'result.dealer_ffl') AS dealer_ffl,
       etrace.unmasked(r.dealer_name, t.agency_id, t.id, 'result.dealer_name') AS dealer_name,
       etrace.unmasked(r.dealer_subdivision, t.agency_id, t.id, 'result.dealer_subdivision') AS dealer_subdivision,
       etrace.unmasked(r.purchase_date, t.agency_id, t.id, 'result.purchase_date') AS purchase_date,
       etrace.unmasked(r.time_to_crime_days, t.agency_id, t.id, 'result.time_to_crime_days') AS time_to_crime_days,
       NOT etrace.has_full_access(t.agency_id) AS masked
  FROM etrace.trace t
  LEFT JOIN etrace.trace_result r ON r.trace_id = t.id;
COMMENT ON VIEW etrace.traces IS
    'Traces the caller may see, one row each with its result; sensitive columns (field_sensitivity) are NULL and "masked" is true for traces seen only through data sharing, unless the tracing center consented. Readers may also SELECT their own agency''s traces (all of them, for the tracing center) from the columns of etrace.trace and etrace.trace_result that this view shows.';
GRANT SELECT ON etrace.traces TO etrace_user, etrace_analyst, etrace_ntc;

-- A reader's own traces, straight from the tables: a direct SELECT on
-- etrace.trace and etrace.trace_result returns the rows of the agencies
-- whose traces the caller sees in full (its own; every agency for the
-- tracing center) and nothing seen only through sharing, since a table
-- cannot mask.  The columns granted are etrace.traces' own, never the
-- submitted document or the ids of accounts.  Reading the table skips the
-- planning of the view's masking and join, which is most of what a
-- re-planned query through etrace.traces costs beyond the superuser's
-- (README, "Reads under row-level security").  This restrictive policy is
-- the readers' agency isolation; trace_isolation binds etrace_owner.  It is
-- etrace.has_full_access(agency_id), a cached look-up per row, which its
-- support function turns into an index condition on agency_id with the
-- caller's own row estimate.
GRANT SELECT (id, trace_number, agency_ori, agency_id, status, status_since, submitted_at,
              request_date, priority, crime_code, agency_case_number,
              serial, obliterated, manufacturer, manufacturer_key, importer, model, caliber,
              caliber_canonical, firearm_type, country_of_origin,
              recovery_date, recovery_country, recovery_subdivision, recovery_locality, latitude, longitude)
    ON etrace.trace TO etrace_user, etrace_analyst, etrace_ntc;
GRANT SELECT (trace_id, outcome, untraceable_reason, dealer_ffl, dealer_name, dealer_subdivision,
              purchase_date, time_to_crime_days)
    ON etrace.trace_result TO etrace_user, etrace_analyst, etrace_ntc;
CREATE POLICY trace_own_isolation ON etrace.trace AS RESTRICTIVE FOR SELECT
    TO etrace_user, etrace_analyst, etrace_ntc
    USING (etrace.has_full_access(agency_id));
CREATE POLICY trace_own_read ON etrace.trace FOR SELECT TO etrace_user, etrace_analyst, etrace_ntc USING (true);
CREATE POLICY trace_result_own_isolation ON etrace.trace_result AS RESTRICTIVE FOR SELECT
    TO etrace_user, etrace_analyst, etrace_ntc
    USING (etrace.has_full_access(agency_id));
CREATE POLICY trace_result_own_read ON etrace.trace_result FOR SELECT TO etrace_user, etrace_analyst, etrace_ntc
    USING (true);
COMMENT ON POLICY trace_own_isolation ON etrace.trace IS
    'A reader''s direct SELECT: only the traces of agencies it sees in full (etrace.has_full_access, i.e. agency_id = ANY (etrace.full_access_agencies())); shared traces only through etrace.traces, masked.';
COMMENT ON POLICY trace_result_own_isolation ON etrace.trace_result IS
    'A reader''s direct SELECT: only the results of agencies it sees in full (etrace.has_full_access).';

---------------------------------------------------- disclosure workflow

-- Notify a participant (its POC reads the inbox).
CREATE FUNCTION etrace.notify(agency bigint, kind text, ref_id bigint, message text) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
        INSERT INTO etrace.inbox (agency_id, kind, ref_id, message) VALUES (agency, kind, ref_id, message)
    $$;
COMMENT ON FUNCTION etrace.notify(bigint, text, bigint, text) IS
    'Internal: puts a notification in an agency''s inbox.';

CREATE FUNCTION etrace.ntc_agency() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT g.id FROM etrace.agency g WHERE g.kind = 'ntc' $$;
COMMENT ON FUNCTION etrace.ntc_agency() IS 'Internal: the id of the tracing center''s agency.';

CREATE FUNCTION etrace.request_disclosure(doc jsonb) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
        v_ntc boolean := etrace.caller_is_ntc();
        v_traces bigint[] := '{}';
        v_owners bigint[];
        v_fields text[];
        v_recipient_agency bigint;
        v_id bigint;
        k text;
        o bigint;
    BEGIN
        IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
            PERFORM etrace.raise_field_error('disclosure', '$', 'must be a JSON object', '22023');
        END IF;
        FOR k IN SELECT jsonb_object_keys(doc) LOOP
            IF k NOT IN ('traces', 'report', 'recipient', 'recipient_agency', 'purpose', 'fields') THEN
                PERFORM etrace.raise_field_error('disclosure', k, format('unknown field "%s"', k), '22023');
            END IF;
        END LOOP;
        IF (doc ? 'traces') = (doc ? 'report') THEN
            PERFORM etrace.raise_field_error('disclosure', 'traces', 'name either traces or a report', '22023');
        END IF;
        IF doc ? 'traces' THEN
            IF jsonb_typeof(doc -> 'traces') <> 'array' OR jsonb_array_length(doc -> 'traces') = 0 THEN
                PERFORM etrace.raise_field_error('disclosure', 'traces', 'must be a non-empty array of trace numbers', '22023');
            END IF;
            -- Only traces the caller may see in full: its own (or any, for the NTC).
            SELECT array_agg(t.id ORDER BY t.id), array_agg(DISTINCT t.agency_id)
              INTO v_traces, v_owners
              FROM jsonb_array_elements_text(doc -> 'traces') e
              LEFT JOIN etrace.trace t ON t.trace_number = e::etrace.trace_number
                                      AND t.agency_id = ANY (etrace.full_access_agencies());
            IF array_position(v_traces, NULL) IS NOT NULL OR cardinality(v_traces) <> jsonb_array_length(doc -> 'traces') THEN
                PERFORM etrace.raise_field_error('disclosure', 'traces',
                    'names a trace that does not exist or that is not the caller''s agency''s', 'P0002');
            END IF;
        ELSE
            IF coalesce(btrim(doc ->> 'report'), '') = '' OR char_length(doc ->> 'report') > 200 THEN
                PERFORM etrace.raise_field_error('disclosure', 'report', 'must name the report (1 to 200 characters)', '22023');
            END IF;
            v_owners := ARRAY[acct.agency_id];
        END IF;
        IF coalesce(btrim(doc ->> 'recipient'), '') = '' OR char_length(doc ->> 'recipient') > 200 THEN
            PERFORM etrace.raise_field_error('disclosure', 'recipient', 'must name the recipient (1 to 200 characters)', '22004');
        END IF;
        IF coalesce(btrim(doc ->> 'purpose'), '') = '' OR char_length(doc ->> 'purpose') > 2000 THEN
            PERFORM etrace.raise_field_error('disclosure', 'purpose', 'must state the purpose (1 to 2000 characters)', '22004');
        END IF;
        IF doc ? 'recipient_agency' THEN
            IF jsonb_typeof(doc -> 'recipient_agency') <> 'number'
               OR NOT EXISTS (SELECT 1 FROM etrace.agency g WHERE g.id = (doc ->> 'recipient_agency')::bigint) THEN
                PERFORM etrace.raise_field_error('disclosure', 'recipient_agency', 'is not an agency id', '22023');
            END IF;
            v_recipient_agency := (doc ->> 'recipient_agency')::bigint;
        END IF;
        IF jsonb_typeof(doc -> 'fields') IS DISTINCT FROM 'array' OR jsonb_array_length(doc -> 'fields') = 0 THEN
            PERFORM etrace.raise_field_error('disclosure', 'fields', 'must be a non-empty array of sensitive units', '22023');
        END IF;
        v_fields := ARRAY(SELECT DISTINCT f FROM jsonb_array_elements_text(doc -> 'fields') f ORDER BY 1);
        SELECT f INTO k FROM unnest(v_fields) f
         WHERE NOT EXISTS (SELECT 1 FROM etrace.field_sensitivity s WHERE s.unit = f AND s.sensitive) LIMIT 1;
        IF FOUND THEN
            PERFORM etrace.raise_field_error('disclosure', 'fields',
                format('"%s" is not a sensitive unit (see etrace.field_sensitivity)', k), '22023');
        END IF;
        INSERT INTO etrace.disclosure (requesting_agency, requested_by, traces, report, recipient,
                                       recipient_agency, purpose, fields)
        VALUES (acct.agency_id, acct.id, v_traces, nullif(btrim(doc ->> 'report'), ''), btrim(doc ->> 'recipient'),
                v_recipient_agency, btrim(doc ->> 'purpose'), v_fields)
        RETURNING id INTO v_id;
        -- The participant proposing a release notifies the other one first.
        IF v_ntc THEN
            FOREACH o IN ARRAY v_owners LOOP
                IF o <> acct.agency_id THEN
                    PERFORM etrace.notify(o, 'disclosure_requested', v_id,
                        format('The tracing center proposes to disclose %s to %s.', array_to_string(v_fields, ', '), btrim(doc ->> 'recipient')));
                END IF;
            END LOOP;
        ELSE
            PERFORM etrace.notify(etrace.ntc_agency(), 'disclosure_requested', v_id,
                format('%s asks to disclose %s to %s.', (SELECT ori FROM etrace.agency WHERE id = acct.agency_id),
                       array_to_string(v_fields, ', '), btrim(doc ->> 'recipient')));
        END IF;
        RETURN v_id;
    END
    $$;
COMMENT ON FUNCTION etrace.request_disclosure(jsonb) IS
    'Proposes to disclose sensitive units of the caller''s agency''s traces (or a report) to a recipient: {"traces": [trace numbers] | "report": name, "recipient": text, "recipient_agency": id (optional, a participating agency), "purpose": text, "fields": [units from etrace.field_sensitivity]}. The other participant is notified. Returns the disclosure id.
Example: SELECT etrace.request_disclosure(''{"traces": ["T2026-0000001-9"], "recipient": "Fiscalia de Sonora", "recipient_agency": 3, "purpose": "Joint homicide case", "fields": ["result.dealer_ffl", "result.dealer_name"]}'');';

CREATE FUNCTION etrace.decide_disclosure(disclosure bigint, decision jsonb) RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_ntc();
        d etrace.disclosure;
        v_new text;
    BEGIN
        IF decision IS NULL OR jsonb_typeof(decision) <> 'object'
           OR EXISTS (SELECT 1 FROM jsonb_object_keys(decision) k WHERE k NOT IN ('decision', 'conditions', 'note')) THEN
            PERFORM etrace.raise_field_error('decision', '$', 'must be {"decision": "consent"|"deny", "conditions", "note"}', '22023');
        END IF;
        v_new := CASE decision ->> 'decision' WHEN 'consent' THEN 'consented' WHEN 'deny' THEN 'denied' END;
        IF v_new IS NULL THEN
            PERFORM etrace.raise_field_error('decision', 'decision', 'must be "consent" or "deny"', '22023');
        END IF;
        UPDATE etrace.disclosure
           SET status = v_new, conditions = nullif(btrim(decision ->> 'conditions'), ''),
               decision_note = nullif(btrim(decision ->> 'note'), ''), decided_by = acct.id, decided_at = now()
         WHERE id = decide_disclosure.disclosure AND status = 'pending'
        RETURNING * INTO d;
        IF NOT FOUND THEN
            SELECT * INTO d FROM etrace.disclosure WHERE id = decide_disclosure.disclosure;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'disclosure % not found', decide_disclosure.disclosure USING ERRCODE = 'no_data_found';
            END IF;
            RAISE EXCEPTION 'disclosure % is %; only a pending request can be decided', d.id, d.status
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF d.requesting_agency <> acct.agency_id THEN
            PERFORM etrace.notify(d.requesting_agency, 'disclosure_decided', d.id,
                format('The tracing center %s the disclosure to %s.', CASE v_new WHEN 'consented' THEN 'consented to' ELSE 'denied' END,
                       d.recipient) || coalesce(' Conditions: ' || d.conditions, ''));
        END IF;
        RETURN v_new;
    END
    $$;
COMMENT ON FUNCTION etrace.decide_disclosure(bigint, jsonb) IS
    'Tracing center: consents to a pending disclosure with conditions, or denies it: {"decision": "consent"|"deny", "conditions": text, "note": text}. Returns the new status.
Example: SELECT etrace.decide_disclosure(1, ''{"decision": "consent", "conditions": "For the named prosecution only"}'');';

CREATE FUNCTION etrace.withdraw_consent(disclosure bigint, note text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_ntc();
        v_status text;
    BEGIN
        UPDATE etrace.disclosure
           SET status = 'withdrawn', decision_note = nullif(btrim(note), ''), decided_by = acct.id, decided_at = now()
         WHERE id = withdraw_consent.disclosure AND status = 'consented';
        IF NOT FOUND THEN
            SELECT status INTO v_status FROM etrace.disclosure WHERE id = withdraw_consent.disclosure;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'disclosure % not found', withdraw_consent.disclosure USING ERRCODE = 'no_data_found';
            END IF;
            RAISE EXCEPTION 'disclosure % is %; only a consent not yet released can be withdrawn',
                withdraw_consent.disclosure, v_status USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.withdraw_consent(bigint, text) IS
    'Tracing center: withdraws a consent before the release. Example: SELECT etrace.withdraw_consent(1, ''Case closed'');';

CREATE FUNCTION etrace.release(disclosure bigint) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
        d etrace.disclosure;
        v_docs jsonb;
    BEGIN
        SELECT * INTO d FROM etrace.disclosure WHERE id = release.disclosure FOR UPDATE;
        IF NOT FOUND OR (d.requesting_agency <> acct.agency_id AND NOT etrace.caller_is_ntc()) THEN
            RAISE EXCEPTION 'disclosure % not found', release.disclosure USING ERRCODE = 'no_data_found';
        END IF;
        IF d.status = 'pending' THEN
            RAISE EXCEPTION 'disclosure % is pending; only a consented disclosure can be released', d.id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'The tracing center has not consented yet.';
        ELSIF d.status <> 'consented' THEN
            RAISE EXCEPTION 'disclosure % is %; only a consented disclosure can be released', d.id, d.status
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        -- Each document shows the consented units; every other sensitive
        -- unit stays masked.
        SELECT jsonb_agg(etrace.mask_document(etrace.trace_document_full(t),
                                              (SELECT g.ori FROM etrace.agency g WHERE g.id = t.agency_id), d.fields)
                         ORDER BY t.id)
          INTO v_docs
          FROM etrace.trace t WHERE t.id = ANY (d.traces);
        UPDATE etrace.disclosure SET status = 'released', released_at = now() WHERE id = d.id;
        RETURN jsonb_strip_nulls(jsonb_build_object(
            'release_id', d.id,
            'released_at', now(),
            'recipient', d.recipient,
            'purpose', d.purpose,
            'conditions', d.conditions,
            'fields', to_jsonb(d.fields),
            'report', d.report,
            'traces', v_docs,
            'notice', 'Law-enforcement sensitive. Released with the consent of the tracing center under the conditions stated; no further disclosure without its consent.'));
    END
    $$;
COMMENT ON FUNCTION etrace.release(bigint) IS
    'Produces the released package of a consented disclosure (jsonb stamped with its release id): the named traces with the consented units visible and every other sensitive unit masked. Refused without consent or after withdrawal.
Example: SELECT etrace.release(1);';

CREATE FUNCTION etrace.inbox(unread_only boolean DEFAULT false)
    RETURNS TABLE (id bigint, kind text, ref_id bigint, message text, created_at timestamptz, read_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
    BEGIN
        IF NOT (etrace.caller_is_poc(acct.agency_id) OR etrace.caller_is_ntc()) THEN
            RAISE EXCEPTION 'only the agency''s point of contact reads its inbox' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN QUERY
            SELECT i.id, i.kind, i.ref_id, i.message, i.created_at, i.read_at
              FROM etrace.inbox i
             WHERE i.agency_id = acct.agency_id AND (NOT unread_only OR i.read_at IS NULL)
             ORDER BY i.created_at, i.id;
    END
    $$;
COMMENT ON FUNCTION etrace.inbox(boolean) IS
    'The notifications of the caller''s agency (disclosure requests and decisions, investigation notices), for its point of contact or tracing-center staff. Example: SELECT * FROM etrace.inbox(unread_only => true);';

CREATE FUNCTION etrace.mark_read(notification bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
    BEGIN
        UPDATE etrace.inbox SET read_at = coalesce(read_at, now())
         WHERE id = notification AND agency_id = acct.agency_id
           AND (etrace.caller_is_poc(acct.agency_id) OR etrace.caller_is_ntc());
        IF NOT FOUND THEN
            RAISE EXCEPTION 'notification % not found', notification USING ERRCODE = 'no_data_found';
        END IF;
    END
    $$;
COMMENT ON FUNCTION etrace.mark_read(bigint) IS 'Marks a notification of the caller''s agency read. Example: SELECT etrace.mark_read(4);';

------------------------------------------------ investigation notices

CREATE FUNCTION etrace.notify_investigation(doc jsonb) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_account();
        v_traces bigint[];
        v_countries char(2)[];
        v_id bigint;
        k text;
    BEGIN
        IF doc IS NULL OR jsonb_typeof(doc) <> 'object' THEN
            PERFORM etrace.raise_field_error('investigation', '$', 'must be a JSON object', '22023');
        END IF;
        FOR k IN SELECT jsonb_object_keys(doc) LOOP
            IF k NOT IN ('traces', 'countries', 'summary') THEN
                PERFORM etrace.raise_field_error('investigation', k, format('unknown field "%s"', k), '22023');
            END IF;
        END LOOP;
        IF jsonb_typeof(doc -> 'traces') IS DISTINCT FROM 'array' OR jsonb_array_length(doc -> 'traces') = 0 THEN
            PERFORM etrace.raise_field_error('investigation', 'traces', 'must be a non-empty array of trace numbers', '22023');
        END IF;
        SELECT array_agg(t.id ORDER BY t.id) INTO v_traces
          FROM jsonb_array_elements_text(doc -> 'traces') e
          LEFT JOIN etrace.trace t ON t.trace_number = e::etrace.trace_number;
        IF array_position(v_traces, NULL) IS NOT NULL THEN
            PERFORM etrace.raise_field_error('investigation', 'traces', 'names a trace the caller cannot see', 'P0002');
        END IF;
        IF jsonb_typeof(doc -> 'countries') IS DISTINCT FROM 'array' OR jsonb_array_length(doc -> 'countries') = 0 THEN
            PERFORM etrace.raise_field_error('investigation', 'countries', 'must be a non-empty array of country codes', '22023');
        END IF;
        v_countries := ARRAY(SELECT DISTINCT c FROM jsonb_array_elements_text(doc -> 'countries') c ORDER BY 1);
        SELECT c INTO k FROM unnest(v_countries) c WHERE NOT EXISTS (SELECT 1 FROM etrace.country x WHERE x.code = c) LIMIT 1;
        IF FOUND THEN
            PERFORM etrace.raise_field_error('investigation', 'countries', format('unknown country code "%s"', k), '22023');
        END IF;
        IF coalesce(btrim(doc ->> 'summary'), '') = '' OR char_length(doc ->> 'summary') > 4000 THEN
            PERFORM etrace.raise_field_error('investigation', 'summary', 'must summarise the investigation (1 to 4000 characters)', '22004');
        END IF;
        INSERT INTO etrace.investigation (agency_id, notified_by, traces, countries, summary)
        VALUES (acct.agency_id, acct.id, v_traces, v_countries, btrim(doc ->> 'summary'))
        RETURNING id INTO v_id;
        PERFORM etrace.notify(etrace.ntc_agency(), 'investigation_opened', v_id,
            format('%s notifies an international trafficking investigation (%s) from %s traces.',
                   (SELECT ori FROM etrace.agency WHERE id = acct.agency_id), array_to_string(v_countries, ', '),
                   cardinality(v_traces)));
        RETURN v_id;
    END
    $$;
COMMENT ON FUNCTION etrace.notify_investigation(jsonb) IS
    'Notifies the tracing center''s international affairs office of an independent international trafficking investigation that grew out of trace data, before it opens: {"traces": [trace numbers], "countries": ["US", "GT"], "summary": text}. Returns the notice id.
Example: SELECT etrace.notify_investigation(''{"traces": ["T2026-0000001-9"], "countries": ["US"], "summary": "Straw purchases in Texas"}'');';

CREATE FUNCTION etrace.acknowledge_investigation(investigation bigint) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        acct etrace.account := etrace.require_ntc();
        i etrace.investigation;
    BEGIN
        UPDATE etrace.investigation SET acknowledged_by = acct.id, acknowledged_at = now()
         WHERE id = acknowledge_investigation.investigation AND acknowledged_at IS NULL
        RETURNING * INTO i;
        IF NOT FOUND THEN
            IF EXISTS (SELECT 1 FROM etrace.investigation x WHERE x.id = acknowledge_investigation.investigation) THEN
                RAISE EXCEPTION 'investigation notice % is already acknowledged', acknowledge_investigation.investigation
                    USING ERRCODE = 'object_not_in_prerequisite_state';
            END IF;
            RAISE EXCEPTION 'investigation notice % not found', acknowledge_investigation.investigation
                USING ERRCODE = 'no_data_found';
        END IF;
        PERFORM etrace.notify(i.agency_id, 'investigation_acknowledged', i.id,
                              'The tracing center acknowledged the investigation notice.');
    END
    $$;
COMMENT ON FUNCTION etrace.acknowledge_investigation(bigint) IS
    'Tracing center: acknowledges an investigation notice (the agency is notified). Example: SELECT etrace.acknowledge_investigation(1);';

CREATE FUNCTION etrace.investigations()
    RETURNS TABLE (id bigint, agency text, notified_at timestamptz, countries char(2)[], traces bigint,
                   summary text, acknowledged_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    BEGIN
        PERFORM etrace.require_account();
        RETURN QUERY
            SELECT i.id, g.ori, i.notified_at, i.countries, cardinality(i.traces)::bigint, i.summary, i.acknowledged_at
              FROM etrace.investigation i JOIN etrace.agency g ON g.id = i.agency_id
             ORDER BY i.notified_at, i.id;
    END
    $$;
COMMENT ON FUNCTION etrace.investigations() IS
    'The investigations opened from trace data that the caller may see (its agency''s; all for the tracing center). Example: SELECT * FROM etrace.investigations();';

GRANT EXECUTE ON FUNCTION etrace.request_disclosure(jsonb), etrace.release(bigint),
    etrace.notify_investigation(jsonb), etrace.investigations()
    TO etrace_user, etrace_poc, etrace_ntc;
GRANT EXECUTE ON FUNCTION etrace.inbox(boolean), etrace.mark_read(bigint) TO etrace_poc, etrace_ntc;
GRANT EXECUTE ON FUNCTION etrace.decide_disclosure(bigint, jsonb), etrace.withdraw_consent(bigint, text),
    etrace.acknowledge_investigation(bigint)
    TO etrace_ntc;
