-- 020_reference.sql — reference tables: ISO 3166 countries and subdivisions
-- (built from Debian's iso-codes at build time) and the code lists of the
-- trace form (NCIC gun types and offense codes, statuses, reasons...), each
-- labelled in English, Spanish and Portuguese.
--
-- The tables are created first; the Makefile splices the generated rows in at
-- the marker line below (src/gen/reference_data.sql, written by
-- src/gen_reference.py); indexes, ownership, row-level security, grants and
-- comments follow.  Rows change only with an extension upgrade: every role
-- reads them, none writes them (not even the owner, under FORCE ROW LEVEL
-- SECURITY with a SELECT-only policy).

CREATE TABLE etrace.country (
    code          char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    alpha3        char(3) NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
    numeric_code  char(3) NOT NULL UNIQUE CHECK (numeric_code ~ '^[0-9]{3}$'),
    name_en       text NOT NULL,
    name_es       text NOT NULL,
    name_pt       text NOT NULL,
    official_name text,
    common_name   text
);

CREATE TABLE etrace.subdivision (
    code    text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
    country char(2) NOT NULL REFERENCES etrace.country (code),
    type    text NOT NULL,
    parent  text REFERENCES etrace.subdivision (code),
    name    text NOT NULL,
    name_es text NOT NULL,
    name_pt text NOT NULL,
    CONSTRAINT subdivision_code_in_country CHECK (left(code, 3) = country || '-'),
    CONSTRAINT subdivision_parent_in_country CHECK (left(parent, 3) = country || '-')
);

CREATE TABLE etrace.ncic_weapon (
    code     char(1) PRIMARY KEY CHECK (code ~ '^[A-Z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.ncic_action (
    code     char(1) PRIMARY KEY CHECK (code ~ '^[A-Z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.ncic_offense_family (
    code     char(2) PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.ncic_offense (
    code     char(4) PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
    family   char(2) NOT NULL REFERENCES etrace.ncic_offense_family (code),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL,
    CONSTRAINT ncic_offense_in_family CHECK (left(code, 2) = family)
);

CREATE TABLE etrace.trace_status (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*[a-z]$'),
    sort_order integer NOT NULL UNIQUE,
    label_en   text NOT NULL,
    label_es   text NOT NULL,
    label_pt   text NOT NULL
);

CREATE TABLE etrace.priority (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*[a-z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.untraceable_reason (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*[a-z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.person_role (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*[a-z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.sex (
    code     char(1) PRIMARY KEY CHECK (code ~ '^[A-Z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.result_outcome (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*[a-z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.agency_kind (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]*[a-z]$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

CREATE TABLE etrace.mou_language (
    code     text PRIMARY KEY CHECK (code ~ '^[a-z]{2}$'),
    label_en text NOT NULL,
    label_es text NOT NULL,
    label_pt text NOT NULL
);

-- @REFERENCE_DATA@

CREATE INDEX subdivision_country_idx ON etrace.subdivision (country);
CREATE INDEX subdivision_parent_idx ON etrace.subdivision (parent);
CREATE INDEX ncic_offense_family_idx ON etrace.ncic_offense (family);

-- Ownership, row-level security and grants, the same for every reference table.
DO $reference$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['country', 'subdivision', 'ncic_weapon', 'ncic_action',
                             'ncic_offense_family', 'ncic_offense', 'trace_status',
                             'priority', 'untraceable_reason', 'person_role', 'sex',
                             'result_outcome', 'agency_kind', 'mou_language']
    LOOP
        EXECUTE format('ALTER TABLE etrace.%I OWNER TO etrace_owner', t);
        EXECUTE format('ALTER TABLE etrace.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE etrace.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON etrace.%I AS PERMISSIVE FOR SELECT USING (true)',
                       t || '_read', t);
        EXECUTE format('GRANT SELECT ON etrace.%I TO etrace_user, etrace_poc, etrace_analyst, '
                       'etrace_ntc, etrace_admin, etrace_auditor', t);
        EXECUTE format('COMMENT ON POLICY %I ON etrace.%I IS %L', t || '_read', t,
                       'Reference data: every etrace role that has SELECT reads every row.');
    END LOOP;
END
$reference$;

COMMENT ON TABLE etrace.country IS
    'ISO 3166-1 countries, from Debian iso-codes (iso_3166-1.json) at build time. '
    'name_es: Spanish (iso-codes catalog es); name_pt: Portuguese (catalog pt_BR, then pt). '
    'A name without a translation keeps its English ISO name.';
COMMENT ON COLUMN etrace.country.code IS 'ISO 3166-1 alpha-2 code, e.g. MX';
COMMENT ON COLUMN etrace.country.alpha3 IS 'ISO 3166-1 alpha-3 code, e.g. MEX';
COMMENT ON COLUMN etrace.country.numeric_code IS 'ISO 3166-1 numeric code, three digits with leading zeros, e.g. 484';
COMMENT ON COLUMN etrace.country.name_en IS 'ISO 3166-1 short name (English)';
COMMENT ON COLUMN etrace.country.name_es IS 'Short name in Spanish (iso-codes translation, else the ISO name)';
COMMENT ON COLUMN etrace.country.name_pt IS 'Short name in Portuguese (iso-codes pt_BR, then pt translation, else the ISO name)';
COMMENT ON COLUMN etrace.country.official_name IS 'ISO 3166-1 official name (English), where ISO gives one';
COMMENT ON COLUMN etrace.country.common_name IS 'Common English name where it differs from the ISO name (e.g. Bolivia)';

COMMENT ON TABLE etrace.subdivision IS
    'ISO 3166-2 subdivisions, from Debian iso-codes (iso_3166-2.json) at build time. '
    'name is the ISO name (in the local language or its romanization). '
    'iso-codes translates few subdivision names, and Portuguese hardly any: '
    'name_es and name_pt hold the ISO name wherever no translation exists.';
COMMENT ON COLUMN etrace.subdivision.code IS 'ISO 3166-2 code: country, hyphen, up to three letters or digits, e.g. MX-JAL';
COMMENT ON COLUMN etrace.subdivision.country IS 'ISO 3166-1 alpha-2 code of the country';
COMMENT ON COLUMN etrace.subdivision.type IS 'Kind of subdivision as ISO names it (State, Province, Region...)';
COMMENT ON COLUMN etrace.subdivision.parent IS 'Enclosing subdivision, where ISO 3166-2 gives one (e.g. GB-ENG for an English county)';
COMMENT ON COLUMN etrace.subdivision.name IS 'ISO 3166-2 name';
COMMENT ON COLUMN etrace.subdivision.name_es IS 'Name in Spanish (iso-codes translation, else the ISO name)';
COMMENT ON COLUMN etrace.subdivision.name_pt IS 'Name in Portuguese (iso-codes pt_BR, then pt translation, else the ISO name)';

COMMENT ON TABLE etrace.ncic_weapon IS
    'NCIC gun type, first character: the weapon type (P pistol, R rifle, S shotgun...). '
    'Source: FBI NCIC Code Manual, Gun Data Codes 4.1, Gun Type Characteristic 1 '
    '(NIEM ncic:GTYPCodeSimpleType); every code of that list and no other.';
COMMENT ON COLUMN etrace.ncic_weapon.code IS 'First character of the NCIC gun type (TYP) field';

COMMENT ON TABLE etrace.ncic_action IS
    'NCIC gun type, second character: the weapon description (I semi-automatic, R revolver, P pump...). '
    'Source: FBI NCIC Code Manual, Gun Data Codes 4.2, Gun Type Characteristic 2 '
    '(NIEM ncic:GTYP2CodeSimpleType); every code of that list and no other.';
COMMENT ON COLUMN etrace.ncic_action.code IS 'Second character of the NCIC gun type (TYP) field';

COMMENT ON TABLE etrace.ncic_offense_family IS
    'Families of the NCIC uniform offense classification: the first two digits of an offense code. '
    'Labels are the headings of NCIC Code Manual section 3 or the meaning of the family''s 99 code.';
COMMENT ON COLUMN etrace.ncic_offense_family.code IS 'Two digits, e.g. 52 (weapon offenses)';

COMMENT ON TABLE etrace.ncic_offense IS
    'NCIC uniform offense classification codes (the 4-digit OFF field). '
    'Source: FBI NCIC Code Manual, section 3, Uniform Offense Classification (OFF, OOC, and CRR) '
    'Field Codes (NIEM ncic:OFFCodeSimpleType): every active code, none added (4003, retired, left out). '
    'English labels spell out the manual''s abbreviations; "other weapon" is the manual''s '
    '"weapon (identify weapon)", a weapon that is not a gun.';
COMMENT ON COLUMN etrace.ncic_offense.code IS 'Four digits, e.g. 5212 (possession of a weapon)';
COMMENT ON COLUMN etrace.ncic_offense.family IS 'The first two digits of code';

COMMENT ON TABLE etrace.trace_status IS
    'Status of a trace: submitted -> in_progress -> completed | untraceable -> closed.';
COMMENT ON COLUMN etrace.trace_status.sort_order IS 'Position in the life cycle, for listings';

COMMENT ON TABLE etrace.priority IS 'Priority of a trace request (an urgent request gives a reason).';
COMMENT ON TABLE etrace.untraceable_reason IS 'Why the tracing center could not trace a firearm.';
COMMENT ON TABLE etrace.person_role IS 'The part a person plays in a trace: possessor, associate or purchaser.';
COMMENT ON TABLE etrace.sex IS 'NCIC sex codes: M male, F female, U unknown.';
COMMENT ON TABLE etrace.result_outcome IS 'Outcome of a completed trace.';
COMMENT ON TABLE etrace.agency_kind IS 'Kind of agency: the national tracing center, or a domestic or foreign partner.';
COMMENT ON TABLE etrace.mou_language IS 'Languages an MOU may be signed in (ISO 639-1 codes).';

CREATE FUNCTION etrace.label(kind text, code text, lang text DEFAULT 'en')
    RETURNS text
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, etrace, pg_temp
AS $label$
DECLARE
    label_column text;
    result text;
BEGIN
    IF lang NOT IN ('en', 'es', 'pt') THEN
        RAISE EXCEPTION USING
            ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown label language "%s"', lang),
            DETAIL = 'Labels exist in English (en), Spanish (es) and Portuguese (pt).';
    END IF;

    CASE kind
        WHEN 'country' THEN
            label_column := 'name_' || lang;
        WHEN 'subdivision' THEN
            label_column := CASE lang WHEN 'en' THEN 'name' ELSE 'name_' || lang END;
        WHEN 'ncic_weapon', 'ncic_action', 'ncic_offense_family', 'ncic_offense',
             'trace_status', 'priority', 'untraceable_reason', 'person_role', 'sex',
             'result_outcome', 'agency_kind', 'mou_language' THEN
            label_column := 'label_' || lang;
        ELSE
            RAISE EXCEPTION USING
                ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('unknown reference table "%s"', kind),
                DETAIL = 'The reference tables are country, subdivision, ncic_weapon, ncic_action, '
                         'ncic_offense_family, ncic_offense, trace_status, priority, '
                         'untraceable_reason, person_role, sex, result_outcome, agency_kind '
                         'and mou_language.';
    END CASE;

    -- kind and label_column come from the fixed lists above, never from the caller.
    EXECUTE format('SELECT %I FROM etrace.%I WHERE code = $1', label_column, kind)
        INTO result USING code;
    RETURN result;
END
$label$;

COMMENT ON FUNCTION etrace.label(text, text, text) IS
    'Label of a reference code: label(''country'', ''MX'', ''es'') = ''México''. '
    'kind is a reference table name (country, subdivision, ncic_weapon, ncic_action, '
    'ncic_offense_family, ncic_offense, trace_status, priority, untraceable_reason, person_role, '
    'sex, result_outcome, agency_kind, mou_language); lang is en, es or pt. '
    'NULL for an unknown code; an error for an unknown kind or language. '
    'Runs with the caller''s privileges.';
