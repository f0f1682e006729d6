-- Tables: agencies, accounts, firearms, traces, people on traces, results.
-- Every table is owned by etrace_owner (NOLOGIN, not superuser, not
-- BYPASSRLS) and has row-level security enabled and forced; see
-- 900_security.sql for the policies and grants.

CREATE TABLE etrace.agency (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ori             text NOT NULL UNIQUE
                    CHECK (ori ~ '^[A-Z]{2}[A-Z0-9]{7}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    country         char(2) NOT NULL REFERENCES etrace.country (code),
    subdivision     text REFERENCES etrace.subdivision (code),
    kind            text NOT NULL REFERENCES etrace.agency_kind (code),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- set when the agency's MOU is discontinued (every account revoked)
    discontinued_on date,
    -- the target of etrace.trace's (agency_id, agency_ori) foreign key
    UNIQUE (id, ori)
);
-- There is one tracing center.
CREATE UNIQUE INDEX agency_one_ntc ON etrace.agency (kind) WHERE kind = 'ntc';
COMMENT ON TABLE etrace.agency IS
    'Participating agencies: the tracing center (kind ntc) and its domestic and foreign partners, identified by their ORI.';
COMMENT ON COLUMN etrace.agency.ori IS 'Originating agency identifier: 9 characters, two-letter state or country prefix.';

CREATE TABLE etrace.account (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- the PostgreSQL login role of the person; the caller is mapped to an
    -- account by the outer role's name
    role_name         name NOT NULL UNIQUE,
    agency_id         bigint NOT NULL REFERENCES etrace.agency (id),
    person            jsonb NOT NULL,
    status            text NOT NULL DEFAULT 'requested'
                      CHECK (status IN ('requested', 'active', 'suspended', 'revoked')),
    status_since      timestamptz NOT NULL DEFAULT now(),
    status_reason     text,
    -- Attachment A entry this account was requested for (NULL for the DBA's
    -- bootstrap accounts)
    approved_user_id  bigint,
    last_recertified  timestamptz,
    last_activity     timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_agency ON etrace.account (agency_id);
COMMENT ON TABLE etrace.account IS
    'One account per person: the login role, its agency, and where it stands in the lifecycle (requested, active, suspended, revoked).';

-- A firearm seen in one or more traces: the same canonical serial and
-- manufacturer make one firearm, so a gun recovered twice is linked, not
-- duplicated.  Obliterated serials never match.
CREATE TABLE etrace.firearm (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    serial           etrace.serial_number NOT NULL,
    manufacturer_key text NOT NULL,
    first_seen       timestamptz NOT NULL DEFAULT now(),
    recoveries       integer NOT NULL DEFAULT 1,
    UNIQUE (serial, manufacturer_key)
);
COMMENT ON TABLE etrace.firearm IS
    'Distinct firearms by canonical serial and manufacturer key; traces of the same firearm point to one row.';

-- Trace numbers are numbered per year; each year has its own sequence,
-- created on the first submission of that year.
CREATE TABLE etrace.trace_year_sequence (
    year      integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
    seq_name  text NOT NULL UNIQUE
);
COMMENT ON TABLE etrace.trace_year_sequence IS
    'The sequence that numbers each year''s traces (trace numbers restart at 1 every year).';

-- Reference codes in the trace tables (status, priority, crime code,
-- countries, subdivisions, roles, outcomes, reasons) are checked against the
-- lists compiled into the library (021_reference_checks.sql), not by foreign
-- keys into the reference tables: the lists are the same data, fixed until
-- an upgrade, and a check costs a binary search where a foreign key costs an
-- index probe and a trigger per row.  A wrong code fails with 23514 and the
-- constraint names the column and the list (trace_crime_code_is_ncic_offense).
CREATE TABLE etrace.trace (
    -- Fixed-width columns the reports read from every row come first: a
    -- column after a variable-width one is found by walking every column
    -- before it, which on a million rows was most of the time it took the
    -- spatial functions to read their points.
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id             bigint NOT NULL,
    recovery_date         date NOT NULL,
    latitude              double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude             double precision CHECK (longitude BETWEEN -180 AND 180),
    trace_number          etrace.trace_number NOT NULL UNIQUE,
    -- the agency's ORI, kept here (the foreign key below keeps it right) so
    -- that the view etrace.traces shows it without a per-row subquery: the
    -- subquery's tree made planning a query through the view 1.7 times dearer
    agency_ori            text NOT NULL,
    submitted_by          bigint REFERENCES etrace.account (id),
    submitted_at          timestamptz NOT NULL DEFAULT now(),
    status                text NOT NULL DEFAULT 'submitted'
                          CONSTRAINT trace_status_is_trace_status CHECK (etrace.is_trace_status_code(status)),
    status_since          timestamptz NOT NULL DEFAULT now(),
    worked_by             bigint REFERENCES etrace.account (id),
    -- request
    request_date          date NOT NULL,
    priority              text NOT NULL
                          CONSTRAINT trace_priority_is_priority CHECK (etrace.is_priority_code(priority)),
    crime_code            char(4) NOT NULL
                          CONSTRAINT trace_crime_code_is_ncic_offense CHECK (etrace.is_ncic_offense_code(crime_code)),
    agency_case_number    text NOT NULL,
    -- firearm
    firearm_id            bigint REFERENCES etrace.firearm (id),
    serial                etrace.serial_number,
    -- a partly readable serial as a LIKE pattern over the folded key alphabet
    serial_partial        text,
    obliterated           boolean NOT NULL,
    manufacturer          text NOT NULL,
    manufacturer_key      text,
    importer              text,
    model                 text NOT NULL,
    caliber               text NOT NULL,
    caliber_canonical     text,
    firearm_type          char(2) NOT NULL,
    country_of_origin     char(2) NOT NULL
                          CONSTRAINT trace_country_of_origin_is_country CHECK (etrace.is_country_code(country_of_origin)),
    -- recovery
    recovery_country      char(2) NOT NULL
                          CONSTRAINT trace_recovery_country_is_country CHECK (etrace.is_country_code(recovery_country)),
    recovery_subdivision  text
                          CONSTRAINT trace_recovery_subdivision_is_subdivision
                          CHECK (etrace.is_subdivision_code(recovery_subdivision)),
    recovery_locality     text,
    -- the request, firearm and recovery sections as submitted (normalized)
    doc                   jsonb NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK (serial IS NOT NULL OR obliterated),
    FOREIGN KEY (agency_id, agency_ori) REFERENCES etrace.agency (id, ori) ON UPDATE CASCADE
);
-- With id: the view etrace.traces joins trace_result on it, and the
-- planner keeps t.id in the scan's output even when it removes that unused
-- join, so without id no query through the view could be an index-only scan.
CREATE INDEX trace_agency_recovery ON etrace.trace (agency_id, recovery_date) INCLUDE (id);
CREATE INDEX trace_recovery_date ON etrace.trace (recovery_date);
CREATE INDEX trace_status_idx ON etrace.trace (status, submitted_at);
CREATE INDEX trace_firearm ON etrace.trace (firearm_id);
CREATE INDEX trace_serial ON etrace.trace (serial);
CREATE INDEX trace_recovery_place ON etrace.trace (recovery_country, recovery_subdivision);
CREATE INDEX trace_partial_serial ON etrace.trace (id) WHERE serial_partial IS NOT NULL;
COMMENT ON TABLE etrace.trace IS
    'Trace requests: one row per recovered crime gun submitted by an agency, with the searchable fields pulled out of the document.';

-- People named on a trace: the possessor and associates (from the request)
-- and the purchaser (from the result).  agency_id repeats the trace's agency
-- so that row-level security needs no join.
CREATE TABLE etrace.trace_person (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trace_id      bigint NOT NULL REFERENCES etrace.trace (id),
    agency_id     bigint NOT NULL REFERENCES etrace.agency (id),
    -- fixed-width columns first, as in etrace.trace
    ordinal       integer NOT NULL DEFAULT 0,
    dob           date,
    role          text NOT NULL
                  CONSTRAINT trace_person_role_is_person_role CHECK (etrace.is_person_role_code(role)),
    last_name     text,
    first_name    text,
    name_key      text,
    doc           jsonb NOT NULL,
    UNIQUE (trace_id, role, ordinal)
);
CREATE INDEX trace_person_name ON etrace.trace_person (name_key, dob);
COMMENT ON TABLE etrace.trace_person IS
    'People on a trace: possessor, associates (in submission order) and the purchaser found by the tracing center.';

CREATE TABLE etrace.trace_result (
    trace_id            bigint PRIMARY KEY REFERENCES etrace.trace (id),
    agency_id           bigint NOT NULL REFERENCES etrace.agency (id),
    -- fixed-width columns first, as in etrace.trace (reports read them from every row)
    purchase_date       date,
    time_to_crime_days  integer,
    outcome             text
                        CONSTRAINT trace_result_outcome_is_result_outcome CHECK (etrace.is_result_outcome_code(outcome)),
    dealer_ffl          etrace.ffl_number,
    dealer_name         text,
    dealer_subdivision  text
                        CONSTRAINT trace_result_dealer_subdivision_is_subdivision
                        CHECK (etrace.is_subdivision_code(dealer_subdivision)),
    untraceable_reason  text
                        CONSTRAINT trace_result_untraceable_reason_is_untraceable_reason
                        CHECK (etrace.is_untraceable_reason_code(untraceable_reason)),
    note                text,
    decided_by          bigint REFERENCES etrace.account (id),
    decided_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((outcome IS NULL) <> (untraceable_reason IS NULL))
);
CREATE INDEX trace_result_dealer ON etrace.trace_result (dealer_ffl);
COMMENT ON TABLE etrace.trace_result IS
    'What the tracing center found: the dealer, purchase and time-to-crime, or why the firearm could not be traced.';
COMMENT ON COLUMN etrace.trace_result.time_to_crime_days IS 'Recovery date minus purchase date, in days.';

-- Serial search with ? and * (search_serial) is answered from this index:
-- trigram GIN over the folded key, through the LEAKPROOF operator ~? so that
-- it stays usable under row-level security.
CREATE INDEX trace_serial_pattern ON etrace.trace
    USING gin (etrace.serial_key(serial) etrace.serial_key_trgm_ops);

-- pg_dump keeps the rows of these tables and the position of their
-- identity sequences (the per-year trace sequences are ordinary objects and
-- are dumped as such).
DO $dump$
DECLARE
    t text;
BEGIN
    -- one call per statement: each call updates the extension's catalog row
    FOREACH t IN ARRAY ARRAY['agency', 'account', 'firearm', 'trace_year_sequence', 'trace',
                             'trace_person', 'trace_result'] LOOP
        PERFORM pg_catalog.pg_extension_config_dump(format('etrace.%I', t)::regclass, '');
    END LOOP;
    FOREACH t IN ARRAY ARRAY['agency', 'account', 'firearm', 'trace', 'trace_person'] LOOP
        PERFORM pg_catalog.pg_extension_config_dump(
            pg_catalog.pg_get_serial_sequence(format('etrace.%I', t), 'id')::regclass, '');
    END LOOP;
END
$dump$;
