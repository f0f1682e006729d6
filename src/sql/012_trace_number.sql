-- etrace.trace_number: trace number T2026-0001234-7 (year, sequence, ISO/IEC 7064
-- MOD 11-2 check character), stored as the int8 year * 10^7 + sequence.
-- C: src/tracenum.c, src/tracenum_core.c.

CREATE TYPE etrace.trace_number;

CREATE FUNCTION etrace.trace_number_in(cstring) RETURNS etrace.trace_number
    AS 'MODULE_PATHNAME', 'trace_number_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_in(cstring) IS
    'Text input of trace_number: T, year, sequence and check character, with both hyphens or none, T and X in any case, outer white space skipped; a wrong check character is rejected and the right one named.';

CREATE FUNCTION etrace.trace_number_out(etrace.trace_number) RETURNS cstring
    AS 'MODULE_PATHNAME', 'trace_number_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_out(etrace.trace_number) IS
    'Text output of trace_number: TYYYY-SSSSSSS-C, upper case.';

CREATE FUNCTION etrace.trace_number_recv(internal) RETURNS etrace.trace_number
    AS 'MODULE_PATHNAME', 'trace_number_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_recv(internal) IS
    'Binary input of trace_number: the int8 year * 10^7 + sequence, with year and sequence checked as text input checks them.';

CREATE FUNCTION etrace.trace_number_send(etrace.trace_number) RETURNS bytea
    AS 'MODULE_PATHNAME', 'trace_number_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_send(etrace.trace_number) IS
    'Binary output of trace_number: the int8 year * 10^7 + sequence (the check character is not sent).';

CREATE TYPE etrace.trace_number (
    INPUT = etrace.trace_number_in,
    OUTPUT = etrace.trace_number_out,
    RECEIVE = etrace.trace_number_recv,
    SEND = etrace.trace_number_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE etrace.trace_number IS
    'Trace number TYYYY-SSSSSSS-C: year 2000..2999, sequence 0000001..9999999 and an ISO/IEC 7064 MOD 11-2 check character (0-9 or X) that catches any single wrong character and any swap of neighbours; orders by year, then sequence.';

-- Comparison and hashing: integer operations that cannot fail (LEAKPROOF).

CREATE FUNCTION etrace.trace_number_eq(etrace.trace_number, etrace.trace_number) RETURNS boolean
    AS 'int8eq'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_eq(etrace.trace_number, etrace.trace_number) IS
    'True when two trace numbers are the same.';

CREATE FUNCTION etrace.trace_number_ne(etrace.trace_number, etrace.trace_number) RETURNS boolean
    AS 'int8ne'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_ne(etrace.trace_number, etrace.trace_number) IS
    'True when two trace numbers differ.';

CREATE FUNCTION etrace.trace_number_lt(etrace.trace_number, etrace.trace_number) RETURNS boolean
    AS 'int8lt'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_lt(etrace.trace_number, etrace.trace_number) IS
    'True when the first trace number sorts before the second (year, then sequence).';

CREATE FUNCTION etrace.trace_number_le(etrace.trace_number, etrace.trace_number) RETURNS boolean
    AS 'int8le'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_le(etrace.trace_number, etrace.trace_number) IS
    'True when the first trace number sorts before the second or equals it.';

CREATE FUNCTION etrace.trace_number_gt(etrace.trace_number, etrace.trace_number) RETURNS boolean
    AS 'int8gt'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_gt(etrace.trace_number, etrace.trace_number) IS
    'True when the first trace number sorts after the second (year, then sequence).';

CREATE FUNCTION etrace.trace_number_ge(etrace.trace_number, etrace.trace_number) RETURNS boolean
    AS 'int8ge'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_ge(etrace.trace_number, etrace.trace_number) IS
    'True when the first trace number sorts after the second or equals it.';

CREATE FUNCTION etrace.trace_number_cmp(etrace.trace_number, etrace.trace_number) RETURNS integer
    AS 'btint8cmp'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_cmp(etrace.trace_number, etrace.trace_number) IS
    'Btree comparison of trace numbers: -1, 0 or 1.';

CREATE FUNCTION etrace.trace_number_hash(etrace.trace_number) RETURNS integer
    AS 'hashint8'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_hash(etrace.trace_number) IS
    'Hash of a trace number (hash index, hash join, hash aggregation).';

CREATE FUNCTION etrace.trace_number_hash_extended(etrace.trace_number, bigint) RETURNS bigint
    AS 'hashint8extended'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.trace_number_hash_extended(etrace.trace_number, bigint) IS
    'Seeded 64-bit hash of a trace number (hash partitioning).';

CREATE OPERATOR etrace.= (
    LEFTARG = etrace.trace_number, RIGHTARG = etrace.trace_number,
    FUNCTION = etrace.trace_number_eq,
    COMMUTATOR = OPERATOR(etrace.=), NEGATOR = OPERATOR(etrace.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR etrace.= (etrace.trace_number, etrace.trace_number) IS 'equal';

CREATE OPERATOR etrace.<> (
    LEFTARG = etrace.trace_number, RIGHTARG = etrace.trace_number,
    FUNCTION = etrace.trace_number_ne,
    COMMUTATOR = OPERATOR(etrace.<>), NEGATOR = OPERATOR(etrace.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR etrace.<> (etrace.trace_number, etrace.trace_number) IS 'not equal';

CREATE OPERATOR etrace.< (
    LEFTARG = etrace.trace_number, RIGHTARG = etrace.trace_number,
    FUNCTION = etrace.trace_number_lt,
    COMMUTATOR = OPERATOR(etrace.>), NEGATOR = OPERATOR(etrace.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR etrace.< (etrace.trace_number, etrace.trace_number) IS 'less than (year, then sequence)';

CREATE OPERATOR etrace.<= (
    LEFTARG = etrace.trace_number, RIGHTARG = etrace.trace_number,
    FUNCTION = etrace.trace_number_le,
    COMMUTATOR = OPERATOR(etrace.>=), NEGATOR = OPERATOR(etrace.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR etrace.<= (etrace.trace_number, etrace.trace_number) IS 'less than or equal';

CREATE OPERATOR etrace.> (
    LEFTARG = etrace.trace_number, RIGHTARG = etrace.trace_number,
    FUNCTION = etrace.trace_number_gt,
    COMMUTATOR = OPERATOR(etrace.<), NEGATOR = OPERATOR(etrace.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR etrace.> (etrace.trace_number, etrace.trace_number) IS 'greater than (year, then sequence)';

CREATE OPERATOR etrace.>= (
    LEFTARG = etrace.trace_number, RIGHTARG = etrace.trace_number,
    FUNCTION = etrace.trace_number_ge,
    COMMUTATOR = OPERATOR(etrace.<=), NEGATOR = OPERATOR(etrace.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR etrace.>= (etrace.trace_number, etrace.trace_number) IS 'greater than or equal';

-- min() and max(), usable in parallel query (the transition function is
-- its own combine function) and answered from a btree index (SORTOP).

CREATE FUNCTION etrace.trace_number_smaller(etrace.trace_number, etrace.trace_number) RETURNS etrace.trace_number
    AS 'int8smaller'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_smaller(etrace.trace_number, etrace.trace_number) IS
    'The smaller of two trace numbers (transition function of min).';

CREATE FUNCTION etrace.trace_number_larger(etrace.trace_number, etrace.trace_number) RETURNS etrace.trace_number
    AS 'int8larger'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_larger(etrace.trace_number, etrace.trace_number) IS
    'The larger of two trace numbers (transition function of max).';

CREATE AGGREGATE etrace.min(etrace.trace_number) (
    SFUNC = etrace.trace_number_smaller, STYPE = etrace.trace_number,
    COMBINEFUNC = etrace.trace_number_smaller, SORTOP = OPERATOR(etrace.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE etrace.min(etrace.trace_number) IS 'Smallest trace number.';

CREATE AGGREGATE etrace.max(etrace.trace_number) (
    SFUNC = etrace.trace_number_larger, STYPE = etrace.trace_number,
    COMBINEFUNC = etrace.trace_number_larger, SORTOP = OPERATOR(etrace.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE etrace.max(etrace.trace_number) IS 'Largest trace number.';

-- Support function 2 reuses the int8 sort support: the value is an int8
-- passed by value, so the int8 comparator orders it exactly as trace_number_cmp.
CREATE OPERATOR CLASS etrace.trace_number_ops
    DEFAULT FOR TYPE etrace.trace_number USING btree AS
        OPERATOR 1 etrace.< ,
        OPERATOR 2 etrace.<= ,
        OPERATOR 3 etrace.= ,
        OPERATOR 4 etrace.>= ,
        OPERATOR 5 etrace.> ,
        FUNCTION 1 etrace.trace_number_cmp(etrace.trace_number, etrace.trace_number),
        FUNCTION 2 pg_catalog.btint8sortsupport(internal);
COMMENT ON OPERATOR CLASS etrace.trace_number_ops USING btree IS
    'Default btree operator class of trace_number (year, then sequence).';

CREATE OPERATOR CLASS etrace.trace_number_ops
    DEFAULT FOR TYPE etrace.trace_number USING hash AS
        OPERATOR 1 etrace.= ,
        FUNCTION 1 etrace.trace_number_hash(etrace.trace_number),
        FUNCTION 2 etrace.trace_number_hash_extended(etrace.trace_number, bigint);
COMMENT ON OPERATOR CLASS etrace.trace_number_ops USING hash IS
    'Default hash operator class of trace_number.';

-- Making and taking apart.

CREATE FUNCTION etrace.trace_number_make(year integer, seq integer) RETURNS etrace.trace_number
    AS 'MODULE_PATHNAME', 'trace_number_make'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_number_make(integer, integer) IS
    'The trace number of a year (2000..2999) and sequence (1..9999999), check character computed; other values raise 22023.';

CREATE FUNCTION etrace.trace_year(etrace.trace_number) RETURNS integer
    AS 'MODULE_PATHNAME', 'trace_number_year'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_year(etrace.trace_number) IS
    'Year of a trace number.';

CREATE FUNCTION etrace.trace_seq(etrace.trace_number) RETURNS integer
    AS 'MODULE_PATHNAME', 'trace_number_seq'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_seq(etrace.trace_number) IS
    'Sequence of a trace number within its year.';

CREATE FUNCTION etrace.trace_check_char(etrace.trace_number) RETURNS text
    AS 'MODULE_PATHNAME', 'trace_number_check_char'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.trace_check_char(etrace.trace_number) IS
    'Check character of a trace number (ISO/IEC 7064 MOD 11-2 over the eleven digits of year and sequence): ''0''..''9'' or ''X''.';
