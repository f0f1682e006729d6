-- 021_reference_checks.sql — membership tests of the reference code lists,
-- for the CHECK constraints of the trace tables (100_tables.sql).
--
-- The code lists are compiled into the library from the same generated data
-- as the reference tables of 020_reference.sql (src/reference.c), so a
-- reference code is checked by a binary search in memory instead of a
-- foreign key (an index probe and a trigger per row and column).  A wrong
-- code is refused with SQLSTATE 23514 (check_violation) and a constraint
-- named after the column and the list, e.g. trace_crime_code_is_ncic_offense.
-- The regression test reference_checks proves that every row of each
-- reference table passes its test.  Codes are compared exactly, as stored
-- (case-sensitive); NULL is answered with NULL, so a CHECK lets it pass.

CREATE FUNCTION etrace.is_country_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_country_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_country_code(text) IS
    'Whether the text is an ISO 3166-1 alpha-2 code of etrace.country (e.g. MX), from the list compiled into the library.';

CREATE FUNCTION etrace.is_subdivision_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_subdivision_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_subdivision_code(text) IS
    'Whether the text is an ISO 3166-2 code of etrace.subdivision (e.g. MX-JAL), from the list compiled into the library.';

CREATE FUNCTION etrace.is_ncic_offense_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_ncic_offense_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_ncic_offense_code(text) IS
    'Whether the text is an NCIC offense code of etrace.ncic_offense (e.g. 5212), from the list compiled into the library.';

CREATE FUNCTION etrace.is_trace_status_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_trace_status_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_trace_status_code(text) IS
    'Whether the text is a code of etrace.trace_status (e.g. submitted), from the list compiled into the library.';

CREATE FUNCTION etrace.is_priority_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_priority_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_priority_code(text) IS
    'Whether the text is a code of etrace.priority (e.g. routine), from the list compiled into the library.';

CREATE FUNCTION etrace.is_person_role_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_person_role_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_person_role_code(text) IS
    'Whether the text is a code of etrace.person_role (e.g. possessor), from the list compiled into the library.';

CREATE FUNCTION etrace.is_result_outcome_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_result_outcome_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_result_outcome_code(text) IS
    'Whether the text is a code of etrace.result_outcome (e.g. dealer_identified), from the list compiled into the library.';

CREATE FUNCTION etrace.is_untraceable_reason_code(code text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'etrace_is_untraceable_reason_code'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.is_untraceable_reason_code(text) IS
    'Whether the text is a code of etrace.untraceable_reason (e.g. too_old), from the list compiled into the library.';
