-- etrace.ffl_number: US federal firearms license number R-DD-CCC-TT-YM-SSSSS,
-- stored as a packed int8 (integer order = printed order).  C: src/ffl.c, src/ffl_core.c.

CREATE TYPE etrace.ffl_number;

CREATE FUNCTION etrace.ffl_number_in(cstring) RETURNS etrace.ffl_number
    AS 'MODULE_PATHNAME', 'ffl_number_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_number_in(cstring) IS
    'Text input of ffl_number: R-DD-CCC-TT-YM-SSSSS with all five hyphens or none, letters in any case, outer white space skipped; every part is checked.';

CREATE FUNCTION etrace.ffl_number_out(etrace.ffl_number) RETURNS cstring
    AS 'MODULE_PATHNAME', 'ffl_number_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_number_out(etrace.ffl_number) IS
    'Text output of ffl_number: R-DD-CCC-TT-YM-SSSSS with hyphens, upper case.';

CREATE FUNCTION etrace.ffl_number_recv(internal) RETURNS etrace.ffl_number
    AS 'MODULE_PATHNAME', 'ffl_number_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_number_recv(internal) IS
    'Binary input of ffl_number: the packed int8, unpacked and checked part by part as text input checks it.';

CREATE FUNCTION etrace.ffl_number_send(etrace.ffl_number) RETURNS bytea
    AS 'MODULE_PATHNAME', 'ffl_number_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_number_send(etrace.ffl_number) IS
    'Binary output of ffl_number: the packed int8 (decimal digits R DD CCC TT Y MM SSSSS, month letter as month number).';

CREATE TYPE etrace.ffl_number (
    INPUT = etrace.ffl_number_in,
    OUTPUT = etrace.ffl_number_out,
    RECEIVE = etrace.ffl_number_recv,
    SEND = etrace.ffl_number_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE etrace.ffl_number IS
    'US federal firearms license number R-DD-CCC-TT-YM-SSSSS (region, IRS district, county FIPS, license type, expiration year digit and month letter, sequence); accepted with or without hyphens, printed with them; orders as printed.';

-- Comparison and hashing: integer operations that cannot fail (LEAKPROOF).

CREATE FUNCTION etrace.ffl_number_eq(etrace.ffl_number, etrace.ffl_number) RETURNS boolean
    AS 'int8eq'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_eq(etrace.ffl_number, etrace.ffl_number) IS
    'True when two license numbers are the same.';

CREATE FUNCTION etrace.ffl_number_ne(etrace.ffl_number, etrace.ffl_number) RETURNS boolean
    AS 'int8ne'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_ne(etrace.ffl_number, etrace.ffl_number) IS
    'True when two license numbers differ.';

CREATE FUNCTION etrace.ffl_number_lt(etrace.ffl_number, etrace.ffl_number) RETURNS boolean
    AS 'int8lt'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_lt(etrace.ffl_number, etrace.ffl_number) IS
    'True when the first license number sorts before the second (order of the printed form).';

CREATE FUNCTION etrace.ffl_number_le(etrace.ffl_number, etrace.ffl_number) RETURNS boolean
    AS 'int8le'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_le(etrace.ffl_number, etrace.ffl_number) IS
    'True when the first license number sorts before the second or equals it.';

CREATE FUNCTION etrace.ffl_number_gt(etrace.ffl_number, etrace.ffl_number) RETURNS boolean
    AS 'int8gt'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_gt(etrace.ffl_number, etrace.ffl_number) IS
    'True when the first license number sorts after the second (order of the printed form).';

CREATE FUNCTION etrace.ffl_number_ge(etrace.ffl_number, etrace.ffl_number) RETURNS boolean
    AS 'int8ge'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_ge(etrace.ffl_number, etrace.ffl_number) IS
    'True when the first license number sorts after the second or equals it.';

CREATE FUNCTION etrace.ffl_number_cmp(etrace.ffl_number, etrace.ffl_number) RETURNS integer
    AS 'btint8cmp'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_cmp(etrace.ffl_number, etrace.ffl_number) IS
    'Btree comparison of license numbers: -1, 0 or 1.';

CREATE FUNCTION etrace.ffl_number_hash(etrace.ffl_number) RETURNS integer
    AS 'hashint8'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_hash(etrace.ffl_number) IS
    'Hash of a license number (hash index, hash join, hash aggregation).';

CREATE FUNCTION etrace.ffl_number_hash_extended(etrace.ffl_number, bigint) RETURNS bigint
    AS 'hashint8extended'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION etrace.ffl_number_hash_extended(etrace.ffl_number, bigint) IS
    'Seeded 64-bit hash of a license number (hash partitioning).';

CREATE OPERATOR etrace.= (
    LEFTARG = etrace.ffl_number, RIGHTARG = etrace.ffl_number,
    FUNCTION = etrace.ffl_number_eq,
    COMMUTATOR = OPERATOR(etrace.=), NEGATOR = OPERATOR(etrace.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR etrace.= (etrace.ffl_number, etrace.ffl_number) IS 'equal';

CREATE OPERATOR etrace.<> (
    LEFTARG = etrace.ffl_number, RIGHTARG = etrace.ffl_number,
    FUNCTION = etrace.ffl_number_ne,
    COMMUTATOR = OPERATOR(etrace.<>), NEGATOR = OPERATOR(etrace.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR etrace.<> (etrace.ffl_number, etrace.ffl_number) IS 'not equal';

CREATE OPERATOR etrace.< (
    LEFTARG = etrace.ffl_number, RIGHTARG = etrace.ffl_number,
    FUNCTION = etrace.ffl_number_lt,
    COMMUTATOR = OPERATOR(etrace.>), NEGATOR = OPERATOR(etrace.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR etrace.< (etrace.ffl_number, etrace.ffl_number) IS 'less than (order of the printed form)';

CREATE OPERATOR etrace.<= (
    LEFTARG = etrace.ffl_number, RIGHTARG = etrace.ffl_number,
    FUNCTION = etrace.ffl_number_le,
    COMMUTATOR = OPERATOR(etrace.>=), NEGATOR = OPERATOR(etrace.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR etrace.<= (etrace.ffl_number, etrace.ffl_number) IS 'less than or equal';

CREATE OPERATOR etrace.> (
    LEFTARG = etrace.ffl_number, RIGHTARG = etrace.ffl_number,
    FUNCTION = etrace.ffl_number_gt,
    COMMUTATOR = OPERATOR(etrace.<), NEGATOR = OPERATOR(etrace.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR etrace.> (etrace.ffl_number, etrace.ffl_number) IS 'greater than (order of the printed form)';

CREATE OPERATOR etrace.>= (
    LEFTARG = etrace.ffl_number, RIGHTARG = etrace.ffl_number,
    FUNCTION = etrace.ffl_number_ge,
    COMMUTATOR = OPERATOR(etrace.<=), NEGATOR = OPERATOR(etrace.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR etrace.>= (etrace.ffl_number, etrace.ffl_number) IS 'greater than or equal';

-- min() and max(), usable in parallel query (the transition function is
-- its own combine function) and answered from a btree index (SORTOP).

CREATE FUNCTION etrace.ffl_number_smaller(etrace.ffl_number, etrace.ffl_number) RETURNS etrace.ffl_number
    AS 'int8smaller'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_number_smaller(etrace.ffl_number, etrace.ffl_number) IS
    'The smaller of two license numbers (transition function of min).';

CREATE FUNCTION etrace.ffl_number_larger(etrace.ffl_number, etrace.ffl_number) RETURNS etrace.ffl_number
    AS 'int8larger'
    LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_number_larger(etrace.ffl_number, etrace.ffl_number) IS
    'The larger of two license numbers (transition function of max).';

CREATE AGGREGATE etrace.min(etrace.ffl_number) (
    SFUNC = etrace.ffl_number_smaller, STYPE = etrace.ffl_number,
    COMBINEFUNC = etrace.ffl_number_smaller, SORTOP = OPERATOR(etrace.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE etrace.min(etrace.ffl_number) IS 'Smallest license number.';

CREATE AGGREGATE etrace.max(etrace.ffl_number) (
    SFUNC = etrace.ffl_number_larger, STYPE = etrace.ffl_number,
    COMBINEFUNC = etrace.ffl_number_larger, SORTOP = OPERATOR(etrace.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE etrace.max(etrace.ffl_number) IS 'Largest license number.';

-- Support function 2 reuses the int8 sort support: the value is an int8
-- passed by value, so the int8 comparator orders it exactly as ffl_number_cmp.
CREATE OPERATOR CLASS etrace.ffl_number_ops
    DEFAULT FOR TYPE etrace.ffl_number USING btree AS
        OPERATOR 1 etrace.< ,
        OPERATOR 2 etrace.<= ,
        OPERATOR 3 etrace.= ,
        OPERATOR 4 etrace.>= ,
        OPERATOR 5 etrace.> ,
        FUNCTION 1 etrace.ffl_number_cmp(etrace.ffl_number, etrace.ffl_number),
        FUNCTION 2 pg_catalog.btint8sortsupport(internal);
COMMENT ON OPERATOR CLASS etrace.ffl_number_ops USING btree IS
    'Default btree operator class of ffl_number (order of the printed form).';

CREATE OPERATOR CLASS etrace.ffl_number_ops
    DEFAULT FOR TYPE etrace.ffl_number USING hash AS
        OPERATOR 1 etrace.= ,
        FUNCTION 1 etrace.ffl_number_hash(etrace.ffl_number),
        FUNCTION 2 etrace.ffl_number_hash_extended(etrace.ffl_number, bigint);
COMMENT ON OPERATOR CLASS etrace.ffl_number_ops USING hash IS
    'Default hash operator class of ffl_number.';

-- Accessors: each part as printed.

CREATE FUNCTION etrace.ffl_region(etrace.ffl_number) RETURNS integer
    AS 'MODULE_PATHNAME', 'ffl_number_region'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_region(etrace.ffl_number) IS
    'Region of a license number (1, 3, 4, 5, 6, 8 or 9).';

CREATE FUNCTION etrace.ffl_district(etrace.ffl_number) RETURNS text
    AS 'MODULE_PATHNAME', 'ffl_number_district'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_district(etrace.ffl_number) IS
    'IRS district of a license number, two digits (''23'').';

CREATE FUNCTION etrace.ffl_county(etrace.ffl_number) RETURNS text
    AS 'MODULE_PATHNAME', 'ffl_number_county'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_county(etrace.ffl_number) IS
    'County FIPS code of a license number, three digits (''091'').';

CREATE FUNCTION etrace.ffl_license_type(etrace.ffl_number) RETURNS text
    AS 'MODULE_PATHNAME', 'ffl_number_license_type'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_license_type(etrace.ffl_number) IS
    'License type of a license number, two digits (''01'' dealer, ''07'' manufacturer, ''08'' importer, ...).';

CREATE FUNCTION etrace.ffl_expiration(etrace.ffl_number) RETURNS text
    AS 'MODULE_PATHNAME', 'ffl_number_expiration'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_expiration(etrace.ffl_number) IS
    'Expiration of a license number: last digit of the year and month letter, A=January .. M=December without I (''7F'').';

CREATE FUNCTION etrace.ffl_sequence(etrace.ffl_number) RETURNS text
    AS 'MODULE_PATHNAME', 'ffl_number_sequence'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_sequence(etrace.ffl_number) IS
    'Sequence of a license number, five digits (''14245'').';

CREATE FUNCTION etrace.ffl_rds_key(etrace.ffl_number) RETURNS text
    AS 'MODULE_PATHNAME', 'ffl_number_rds_key'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.ffl_rds_key(etrace.ffl_number) IS
    'Region-district-sequence key of a license number (''8-23-14245''): identifies a licensee across renewals, when county, type or expiration change.';
