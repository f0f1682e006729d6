-- etrace.serial_number: firearm serial numbers, compared on a canonical key,
-- and pattern search over that key backed by a pg_trgm GIN index.

CREATE TYPE etrace.serial_number;

CREATE FUNCTION etrace.serial_number_in(cstring) RETURNS etrace.serial_number
    AS 'MODULE_PATHNAME', 'serial_number_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_in(cstring) IS
    'Text input of serial_number: trims outer white space, rejects anything but ASCII letters, digits and the separators space, hyphen, period and slash.';

CREATE FUNCTION etrace.serial_number_out(etrace.serial_number) RETURNS cstring
    AS 'MODULE_PATHNAME', 'serial_number_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_out(etrace.serial_number) IS
    'Text output of serial_number: the serial as recorded (outer white space trimmed).';

CREATE FUNCTION etrace.serial_number_recv(internal) RETURNS etrace.serial_number
    AS 'MODULE_PATHNAME', 'serial_number_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_recv(internal) IS
    'Binary input of serial_number: the recorded form as text, validated exactly like text input.';

CREATE FUNCTION etrace.serial_number_send(etrace.serial_number) RETURNS bytea
    AS 'MODULE_PATHNAME', 'serial_number_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_send(etrace.serial_number) IS
    'Binary output of serial_number: the recorded form as text.';

CREATE TYPE etrace.serial_number (
    INTERNALLENGTH = VARIABLE,
    INPUT = etrace.serial_number_in,
    OUTPUT = etrace.serial_number_out,
    RECEIVE = etrace.serial_number_recv,
    SEND = etrace.serial_number_send,
    ALIGNMENT = int4,
    STORAGE = extended,
    CATEGORY = 'U'
);
COMMENT ON TYPE etrace.serial_number IS
    'Firearm serial number. Keeps the serial as recorded (outer white space trimmed) for display, '
    'and compares, sorts, hashes and searches on a canonical key: ASCII letters upper-cased, the separators '
    'space, hyphen, period and slash removed, and look-alike letters folded onto digits (O->0, I->1, L->1, '
    'S->5, B->8, Z->2), so ''ab-123 45'' = ''AB12345'' = ''A8 I2345''. At most 40 characters; letters, digits '
    'and those separators only.';

-- Comparison support: key only, cannot fail, hence LEAKPROOF.

CREATE FUNCTION etrace.serial_number_eq(etrace.serial_number, etrace.serial_number) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_number_eq'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_eq(etrace.serial_number, etrace.serial_number) IS
    'True when two serial numbers have the same canonical key.';

CREATE FUNCTION etrace.serial_number_ne(etrace.serial_number, etrace.serial_number) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_number_ne'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_ne(etrace.serial_number, etrace.serial_number) IS
    'True when two serial numbers have different canonical keys.';

CREATE FUNCTION etrace.serial_number_lt(etrace.serial_number, etrace.serial_number) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_number_lt'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_lt(etrace.serial_number, etrace.serial_number) IS
    'True when the first key sorts before the second (byte order of the canonical keys).';

CREATE FUNCTION etrace.serial_number_le(etrace.serial_number, etrace.serial_number) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_number_le'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_le(etrace.serial_number, etrace.serial_number) IS
    'True when the first key sorts before or equals the second (byte order of the canonical keys).';

CREATE FUNCTION etrace.serial_number_gt(etrace.serial_number, etrace.serial_number) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_number_gt'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_gt(etrace.serial_number, etrace.serial_number) IS
    'True when the first key sorts after the second (byte order of the canonical keys).';

CREATE FUNCTION etrace.serial_number_ge(etrace.serial_number, etrace.serial_number) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_number_ge'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_ge(etrace.serial_number, etrace.serial_number) IS
    'True when the first key sorts after or equals the second (byte order of the canonical keys).';

CREATE FUNCTION etrace.serial_number_cmp(etrace.serial_number, etrace.serial_number) RETURNS integer
    AS 'MODULE_PATHNAME', 'serial_number_cmp'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_cmp(etrace.serial_number, etrace.serial_number) IS
    'Btree comparison of serial numbers: -1, 0 or 1 by byte order of the canonical keys.';

CREATE FUNCTION etrace.serial_number_hash(etrace.serial_number) RETURNS integer
    AS 'MODULE_PATHNAME', 'serial_number_hash'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_hash(etrace.serial_number) IS
    'Hash of the canonical key of a serial number.';

CREATE FUNCTION etrace.serial_number_hash_extended(etrace.serial_number, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'serial_number_hash_extended'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_number_hash_extended(etrace.serial_number, bigint) IS
    'Seeded 64-bit hash of the canonical key of a serial number.';

CREATE OPERATOR etrace.= (
    LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number,
    FUNCTION = etrace.serial_number_eq,
    COMMUTATOR = OPERATOR(etrace.=), NEGATOR = OPERATOR(etrace.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);
COMMENT ON OPERATOR etrace.= (etrace.serial_number, etrace.serial_number) IS
    'same canonical key';

CREATE OPERATOR etrace.<> (
    LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number,
    FUNCTION = etrace.serial_number_ne,
    COMMUTATOR = OPERATOR(etrace.<>), NEGATOR = OPERATOR(etrace.=),
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR etrace.<> (etrace.serial_number, etrace.serial_number) IS
    'different canonical keys';

CREATE OPERATOR etrace.< (
    LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number,
    FUNCTION = etrace.serial_number_lt,
    COMMUTATOR = OPERATOR(etrace.>), NEGATOR = OPERATOR(etrace.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR etrace.< (etrace.serial_number, etrace.serial_number) IS
    'canonical key sorts before';

CREATE OPERATOR etrace.<= (
    LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number,
    FUNCTION = etrace.serial_number_le,
    COMMUTATOR = OPERATOR(etrace.>=), NEGATOR = OPERATOR(etrace.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR etrace.<= (etrace.serial_number, etrace.serial_number) IS
    'canonical key sorts before or equal';

CREATE OPERATOR etrace.> (
    LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number,
    FUNCTION = etrace.serial_number_gt,
    COMMUTATOR = OPERATOR(etrace.<), NEGATOR = OPERATOR(etrace.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR etrace.> (etrace.serial_number, etrace.serial_number) IS
    'canonical key sorts after';

CREATE OPERATOR etrace.>= (
    LEFTARG = etrace.serial_number, RIGHTARG = etrace.serial_number,
    FUNCTION = etrace.serial_number_ge,
    COMMUTATOR = OPERATOR(etrace.<=), NEGATOR = OPERATOR(etrace.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR etrace.>= (etrace.serial_number, etrace.serial_number) IS
    'canonical key sorts after or equal';

CREATE OPERATOR CLASS etrace.serial_number_ops
    DEFAULT FOR TYPE etrace.serial_number USING btree AS
        OPERATOR 1 etrace.<,
        OPERATOR 2 etrace.<=,
        OPERATOR 3 etrace.=,
        OPERATOR 4 etrace.>=,
        OPERATOR 5 etrace.>,
        FUNCTION 1 etrace.serial_number_cmp(etrace.serial_number, etrace.serial_number);
COMMENT ON OPERATOR CLASS etrace.serial_number_ops USING btree IS
    'Btree order of serial numbers by canonical key';
COMMENT ON OPERATOR FAMILY etrace.serial_number_ops USING btree IS
    'Btree order of serial numbers by canonical key';

CREATE OPERATOR CLASS etrace.serial_number_ops
    DEFAULT FOR TYPE etrace.serial_number USING hash AS
        OPERATOR 1 etrace.=,
        FUNCTION 1 etrace.serial_number_hash(etrace.serial_number),
        FUNCTION 2 etrace.serial_number_hash_extended(etrace.serial_number, bigint);
COMMENT ON OPERATOR CLASS etrace.serial_number_ops USING hash IS
    'Hashing of serial numbers by canonical key';
COMMENT ON OPERATOR FAMILY etrace.serial_number_ops USING hash IS
    'Hashing of serial numbers by canonical key';

-- Keys and patterns.

CREATE FUNCTION etrace.serial_key(etrace.serial_number) RETURNS text
    AS 'MODULE_PATHNAME', 'serial_number_key'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_key(etrace.serial_number) IS
    'The canonical matching key of a serial number (upper case, separators removed, look-alikes folded: O->0, I->1, L->1, S->5, B->8, Z->2). Index it with serial_key_trgm_ops for pattern search.';

CREATE FUNCTION etrace.serial_pattern(text) RETURNS text
    AS 'MODULE_PATHNAME', 'serial_pattern_to_like'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_pattern(text) IS
    'A partial-serial search pattern (? = one unreadable character, * = any run) turned into a LIKE pattern over serial keys, folded like a serial; needs at least one letter or digit, at most 40 characters. Use as serial_key(s) ~? serial_pattern(''AB?12*'').';

CREATE FUNCTION etrace.serial_key_like(text, text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'serial_key_like'
    LANGUAGE C IMMUTABLE STRICT LEAKPROOF PARALLEL SAFE;
COMMENT ON FUNCTION etrace.serial_key_like(text, text) IS
    'LIKE match of a serial key against a pattern from serial_pattern: _ is one character, % any run, and there is no escape character. Cannot fail, hence LEAKPROOF (textlike is not), so it can be an index condition under row-level security.';

CREATE OPERATOR etrace.~? (
    LEFTARG = text, RIGHTARG = text,
    FUNCTION = etrace.serial_key_like,
    RESTRICT = likesel, JOIN = likejoinsel
);
COMMENT ON OPERATOR etrace.~? (text, text) IS
    'serial key matches serial_pattern LIKE pattern (leakproof, no escape character)';

-- GIN trigram index over serial keys for ~?, reusing pg_trgm's support
-- functions; strategy 3 is pg_trgm's LIKE strategy.  pg_trgm is relocatable,
-- so its schema is looked up now rather than assumed.
DO $serial_trgm$
DECLARE
    trgm name;
BEGIN
    SELECT n.nspname INTO trgm
      FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'pg_trgm';
    IF trgm IS NULL THEN
        RAISE EXCEPTION 'etrace requires the pg_trgm extension'
            USING ERRCODE = 'undefined_object',
                  HINT = 'Run CREATE EXTENSION pg_trgm first, or CREATE EXTENSION etrace CASCADE.';
    END IF;

    EXECUTE format($ddl$
        CREATE OPERATOR CLASS etrace.serial_key_trgm_ops
            FOR TYPE text USING gin AS
                OPERATOR 3 etrace.~? (text, text),
                FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
                FUNCTION 2 %1$I.gin_extract_value_trgm(text, internal),
                FUNCTION 3 %1$I.gin_extract_query_trgm(text, internal, int2, internal, internal, internal, internal),
                FUNCTION 4 %1$I.gin_trgm_consistent(internal, int2, text, int4, internal, internal, internal, internal),
                FUNCTION 6 %1$I.gin_trgm_triconsistent(internal, int2, text, int4, internal, internal, internal),
                STORAGE int4
        $ddl$, trgm);
END
$serial_trgm$;
COMMENT ON OPERATOR CLASS etrace.serial_key_trgm_ops USING gin IS
    'Trigram GIN index over serial keys answering key ~? pattern; use on the expression etrace.serial_key(serial)';
COMMENT ON OPERATOR FAMILY etrace.serial_key_trgm_ops USING gin IS
    'Trigram GIN index over serial keys answering key ~? pattern';
