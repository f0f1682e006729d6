-- etrace.trace_number: trace numbers TYYYY-SSSSSSS-C with an ISO/IEC 7064 MOD 11-2 check
\set VERBOSITY default
SET search_path = etrace, public;

-- Every accepted spelling prints the same canonical form
SELECT v AS typed, v::etrace.trace_number AS printed
FROM (VALUES ('T2026-0001234-3'),
             ('T202600012343'),
             ('t2026-0001234-3'),
             ('t202600012343'),
             ('   T2026-0001234-3  '),
             (E'\tT202600012343\n'),
             ('T2026-0000014-X'),
             ('T2026-0000014-x'),
             ('t20260000014x'),
             ('T2000-0000001-6'),
             ('T2999-9999999-8')) AS t(v);

-- Making numbers and taking them apart
SELECT trace_number_make(2026, 1234) AS made,
       trace_number_make(2026, 1234) = 'T2026-0001234-3' AS same,
       trace_number_make(2000, 1) AS smallest,
       trace_number_make(2999, 9999999) AS largest;
SELECT t, trace_year(t), trace_seq(t), trace_check_char(t)
FROM (VALUES ('T2026-0001234-3'::etrace.trace_number),
             ('T2026-0000014-X'),
             ('T2000-0000001-6'),
             ('T2999-9999999-8')) AS v(t);

-- Check characters of the first numbers of a year: all eleven values occur
SELECT string_agg(trace_check_char(trace_number_make(2026, s)), '' ORDER BY s) AS checks_1_to_30
FROM generate_series(1, 30) AS s;
SELECT count(DISTINCT trace_check_char(trace_number_make(2026, s))) AS distinct_checks
FROM generate_series(1, 1000) AS s;

-- Every number made from its parts reads back through its text
SELECT count(*) AS numbers,
       count(*) FILTER (WHERE trace_number_make(y, s)::text::etrace.trace_number = trace_number_make(y, s)
                          AND trace_year(trace_number_make(y, s)) = y
                          AND trace_seq(trace_number_make(y, s)) = s) AS round_trips
FROM generate_series(2000, 2999, 37) AS y, generate_series(1, 9999999, 999983) AS s;

-- trace_number_make rejects parts out of range (22023)
SELECT trace_number_make(1999, 1);
SELECT trace_number_make(3000, 1);
SELECT trace_number_make(2026, 0);
SELECT trace_number_make(2026, -5);
SELECT trace_number_make(2026, 10000000);
SELECT trace_number_make(NULL, 1) IS NULL AS strict;
DO $$
BEGIN
    PERFORM etrace.trace_number_make(2026, 0);
EXCEPTION WHEN invalid_parameter_value THEN
    RAISE NOTICE 'caught 22023: %', SQLERRM;
END
$$;

-- Comparison operators
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       trace_number_cmp(a, b) AS cmp
FROM (VALUES ('T2026-0001234-3'::etrace.trace_number, 't202600012343'::etrace.trace_number),
             ('T2026-0001234-3', 'T2026-0001235-1'),
             ('T2025-9999999-5', 'T2026-0000001-9'),
             ('T2999-0000001-4', 'T2000-9999999-X')) AS t(a, b);

-- Ordering: year, then sequence; the same as the printed text
CREATE TABLE trace_sample (t etrace.trace_number);
INSERT INTO trace_sample
SELECT trace_number_make(2000 + (i * 7) % 1000, 1 + (i * 104729) % 9999999)
FROM generate_series(1, 500) AS i;
SELECT count(*) AS numbers, count(DISTINCT t) AS distinct_numbers FROM trace_sample;
SELECT (SELECT array_agg(t::text ORDER BY t) FROM trace_sample)
     = (SELECT array_agg(t::text ORDER BY t::text COLLATE "C") FROM trace_sample) AS order_is_text_order;
SELECT (SELECT array_agg(t ORDER BY t) FROM trace_sample)::text
     = (SELECT array_agg(t ORDER BY trace_year(t), trace_seq(t)) FROM trace_sample)::text AS order_is_year_then_seq;
SELECT t FROM trace_sample ORDER BY t LIMIT 3;
SELECT t FROM trace_sample ORDER BY t DESC LIMIT 3;
SELECT min(t), max(t) FROM trace_sample;

-- Btree index
CREATE INDEX trace_sample_btree ON trace_sample (t);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT t FROM trace_sample WHERE t = 'T2026-0001234-3';
SELECT count(*) FROM trace_sample WHERE t >= 'T2500-0000001-1';
SELECT count(*) FROM trace_sample WHERE trace_year(t) >= 2500;
RESET enable_seqscan;
DROP INDEX trace_sample_btree;

-- Hashing: hash aggregation, hash join, hash index
INSERT INTO trace_sample SELECT t FROM trace_sample WHERE trace_year(t) < 2100;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT t, count(*) FROM trace_sample GROUP BY t;
SELECT n, count(*) FROM (SELECT t, count(*) AS n FROM trace_sample GROUP BY t) AS g GROUP BY n ORDER BY n;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM trace_sample a JOIN trace_sample b ON a.t = b.t;
SELECT count(*) FROM trace_sample a JOIN trace_sample b ON a.t = b.t;
RESET enable_mergejoin;
RESET enable_nestloop;
CREATE INDEX trace_sample_hash ON trace_sample USING hash (t);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT t FROM trace_sample WHERE t = 't202600012343';
RESET enable_bitmapscan;
RESET enable_seqscan;
SELECT trace_number_hash('T2026-0001234-3') = trace_number_hash('t202600012343') AS same_hash,
       trace_number_hash_extended('T2026-0001234-3', 42)
         = trace_number_hash_extended('T202600012343', 42) AS same_extended_hash,
       trace_number_hash_extended('T2026-0001234-3', 0)
         <> trace_number_hash_extended('T2026-0001234-3', 1) AS seed_matters;

-- Malformed input: each with its detail
SELECT ''::etrace.trace_number;
SELECT '  '::etrace.trace_number;
SELECT 'T2026-0001234-7'::etrace.trace_number;
SELECT 'T202600012347'::etrace.trace_number;
SELECT 'T2026-0001234-X'::etrace.trace_number;
SELECT 't2026-0000014-0'::etrace.trace_number;
SELECT '2026-0001234-3'::etrace.trace_number;
SELECT 'X2026-0001234-3'::etrace.trace_number;
SELECT 'TT2026-0001234-3'::etrace.trace_number;
SELECT 'T1999-0001234-3'::etrace.trace_number;
SELECT 'T3000-0001234-3'::etrace.trace_number;
SELECT 'T0000-0001234-3'::etrace.trace_number;
SELECT 'T026-0001234-3'::etrace.trace_number;
SELECT 'T20266-0001234-3'::etrace.trace_number;
SELECT 'T2O26-0001234-3'::etrace.trace_number;
SELECT 'T-0001234-3'::etrace.trace_number;
SELECT 'T'::etrace.trace_number;
SELECT 'T2026'::etrace.trace_number;
SELECT 'T2026-0000000-5'::etrace.trace_number;
SELECT 'T2026-000123-3'::etrace.trace_number;
SELECT 'T2026-00001234-3'::etrace.trace_number;
SELECT 'T2026-00O1234-3'::etrace.trace_number;
SELECT 'T2026--3'::etrace.trace_number;
SELECT 'T2026-0001234-'::etrace.trace_number;
SELECT 'T20260001234'::etrace.trace_number;
SELECT 'T2026-0001234-A'::etrace.trace_number;
SELECT 'T2026-0001234-?'::etrace.trace_number;
SELECT 'T2026-0001234-33'::etrace.trace_number;
SELECT 'T202600012343x'::etrace.trace_number;
SELECT 'T2026-0001234-3 z'::etrace.trace_number;
SELECT 'T2026-00012343'::etrace.trace_number;
SELECT 'T20260001234-3'::etrace.trace_number;
SELECT 'T2026-0001234-3-'::etrace.trace_number;
SELECT 'T2026 0001234 3'::etrace.trace_number;
SELECT 'T2026-0001234-é'::etrace.trace_number;
SELECT 'T2026-0001234-3zzzzzzzzzzzzzzzzzzzzzzzzzzzzz'::etrace.trace_number;

-- The SQLSTATE of bad text input is 22P02
DO $$
BEGIN
    PERFORM 'T2026-0001234-7'::etrace.trace_number;
EXCEPTION WHEN invalid_text_representation THEN
    RAISE NOTICE 'caught 22P02: %', SQLERRM;
END
$$;

-- Every single wrong character and every swap of neighbours is rejected.
-- For sample numbers (one ending in X), in the form without hyphens: each of
-- the twelve places after the T gets every other character 0-9 and X, and
-- each pair of neighbouring characters that differ is swapped.
CREATE FUNCTION pg_temp.accepts(v text) RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM v::etrace.trace_number;
    RETURN true;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
END
$$;
WITH sample(good) AS (
    VALUES ('T202600012343'), ('T20260000014X'), ('T299999999998'), ('T200000000016')
), variant AS (
    SELECT good, 'substitution' AS kind,
           overlay(good PLACING c FROM p FOR 1) AS v
    FROM sample, generate_series(2, 13) AS p,
         regexp_split_to_table('0123456789X', '') AS c
    WHERE substr(good, p, 1) <> c
    UNION ALL
    SELECT good, 'neighbour swap',
           overlay(good PLACING substr(good, p + 1, 1) || substr(good, p, 1) FROM p FOR 2)
    FROM sample, generate_series(2, 12) AS p
    WHERE substr(good, p, 1) <> substr(good, p + 1, 1)
)
SELECT good, kind, count(*) AS tried, count(*) FILTER (WHERE pg_temp.accepts(v)) AS accepted
FROM variant
GROUP BY good, kind
ORDER BY good, kind;
SELECT pg_temp.accepts('T202600012343') AS sample_itself_accepted;

-- Binary output is the int8 year * 10^7 + sequence
SELECT trace_number_send('T2026-0001234-3') AS packed_bytes;

-- Binary COPY round trip
COPY trace_sample TO '/tmp/etrace_regress_trace_number.bin' (FORMAT binary);
CREATE TABLE trace_copy (t etrace.trace_number);
COPY trace_copy FROM '/tmp/etrace_regress_trace_number.bin' (FORMAT binary);
SELECT (SELECT count(*) FROM trace_copy) AS copied,
       (SELECT count(*) FROM (SELECT t FROM trace_sample EXCEPT ALL SELECT t FROM trace_copy) AS d) AS missing,
       (SELECT count(*) FROM (SELECT t FROM trace_copy EXCEPT ALL SELECT t FROM trace_sample) AS d) AS extra;

-- Crafted binary values are checked like text input: the int8 is written as
-- a binary COPY file, then read back into a trace_number column.
CREATE TABLE trace_copy_bad (t etrace.trace_number);
-- the packed form of a good number goes in
COPY (SELECT 20260001234::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
SELECT t FROM trace_copy_bad;
-- sequence 0
COPY (SELECT 20260000000::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
-- year 1999
COPY (SELECT 19999999999::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
-- year 3000
COPY (SELECT 30000000001::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
-- negative
COPY (SELECT -20260001234::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
-- zero
COPY (SELECT 0::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
SELECT count(*) AS rows_after_bad_copies FROM trace_copy_bad;

-- The SQLSTATE of bad binary input is 22P03
COPY (SELECT 20260000000::int8) TO '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
DO $$
BEGIN
    COPY trace_copy_bad FROM '/tmp/etrace_regress_trace_bad.bin' (FORMAT binary);
EXCEPTION WHEN invalid_binary_representation THEN
    RAISE NOTICE 'caught 22P03: %', SQLERRM;
END
$$;

-- Catalog: every function of the type is commented, immutable and parallel
-- safe; comparison and hashing are leakproof; the operator classes are valid
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel, p.proleakproof, p.proisstrict,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p
WHERE p.pronamespace = 'etrace'::regnamespace
  AND (p.proname LIKE 'trace\_number\_%' OR p.proname IN ('trace_year', 'trace_seq', 'trace_check_char'))
ORDER BY p.proname;
SELECT o.oprname, o.oprcanhash, o.oprcanmerge, o.oprcom <> 0 AS has_commutator,
       o.oprnegate <> 0 AS has_negator, o.oprrest::text, o.oprjoin::text,
       obj_description(o.oid, 'pg_operator') IS NOT NULL AS commented
FROM pg_operator o
WHERE o.oprleft = 'etrace.trace_number'::regtype
ORDER BY o.oprname;
SELECT c.opcname, a.amname, c.opcdefault, amvalidate(c.oid) AS valid,
       obj_description(c.oid, 'pg_opclass') IS NOT NULL AS commented
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE c.opcintype = 'etrace.trace_number'::regtype
ORDER BY a.amname;
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtransfn, a.aggcombinefn, a.aggsortop::regoperator,
       p.proparallel, obj_description(a.aggfnoid, 'pg_proc') IS NOT NULL AS commented
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'etrace'::regnamespace AND p.proargtypes[0] = 'etrace.trace_number'::regtype
ORDER BY p.proname;
SELECT obj_description('etrace.trace_number'::regtype, 'pg_type') IS NOT NULL AS type_commented;

DROP TABLE trace_sample, trace_copy, trace_copy_bad;
