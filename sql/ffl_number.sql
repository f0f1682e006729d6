-- etrace.ffl_number: US federal firearms license numbers R-DD-CCC-TT-YM-SSSSS
\set VERBOSITY default
SET search_path = etrace, public;

-- Every accepted spelling prints the same canonical form
SELECT v AS typed, v::etrace.ffl_number AS printed
FROM (VALUES ('8-23-091-01-7F-14245'),
             ('823091017F14245'),
             ('823091017f14245'),
             ('8-23-091-01-7f-14245'),
             ('   8-23-091-01-7F-14245   '),
             (E'\t823091017F14245\n'),
             ('1-00-000-01-0A-00000'),
             ('9-99-999-11-9M-99999'),
             ('3-45-001-02-1b-00001'),
             ('4-45-002-03-2c-00002'),
             ('5-45-003-06-3d-00003'),
             ('6-45-004-07-4e-00004'),
             ('8-45-005-08-5g-00005'),
             ('9-45-006-09-6h-00006'),
             ('1-45-007-10-7j-00007'),
             ('3-45-008-11-8k-00008'),
             ('4-45-009-01-9l-00009')) AS t(v);

SELECT '8-23-091-01-7F-14245'::etrace.ffl_number = '823091017f14245'::etrace.ffl_number AS same_number;

-- Accessors
SELECT ffl_region(f), ffl_district(f), ffl_county(f), ffl_license_type(f),
       ffl_expiration(f), ffl_sequence(f), ffl_rds_key(f)
FROM (VALUES ('8-23-091-01-7F-14245'::etrace.ffl_number),
             ('1-00-000-01-0A-00000'),
             ('9-99-999-11-9M-99999'),
             ('5-07-113-07-3j-00420')) AS t(f);

-- The key is the same across renewals (new county, type or expiration)
SELECT ffl_rds_key('8-23-091-01-7F-14245') = ffl_rds_key('8-23-113-07-9M-14245') AS same_licensee,
       ffl_rds_key('8-23-091-01-7F-14245') = ffl_rds_key('8-24-091-01-7F-14245') AS other_licensee;

-- Comparison operators
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       ffl_number_cmp(a, b) AS cmp
FROM (VALUES ('8-23-091-01-7F-14245'::etrace.ffl_number, '8-23-091-01-7F-14245'::etrace.ffl_number),
             ('8-23-091-01-7F-14245', '8-23-091-01-7G-14245'),
             ('8-23-091-01-7H-14245', '8-23-091-01-7J-14245'),
             ('8-23-091-01-7M-00000', '8-23-091-01-8A-00000'),
             ('9-00-000-01-0A-00000', '8-99-999-11-9M-99999'),
             ('8-23-091-10-0A-00000', '8-23-091-09-9M-99999')) AS t(a, b);

-- Ordering: the sort order of the type is the order of the printed text
CREATE TABLE ffl_sample (f etrace.ffl_number);
INSERT INTO ffl_sample
SELECT format('%s-%s-%s-%s-%s%s-%s',
              (ARRAY['1','3','4','5','6','8','9'])[1 + i % 7],
              lpad(((i * 37) % 100)::text, 2, '0'),
              lpad(((i * 101) % 1000)::text, 3, '0'),
              (ARRAY['01','02','03','06','07','08','09','10','11'])[1 + (i * 5) % 9],
              (i * 3) % 10,
              substr('ABCDEFGHJKLM', 1 + (i * 11) % 12, 1),
              lpad(((i * 7919) % 100000)::text, 5, '0'))::etrace.ffl_number
FROM generate_series(1, 500) AS i;
SELECT count(*) AS numbers, count(DISTINCT f) AS distinct_numbers FROM ffl_sample;
SELECT (SELECT array_agg(f::text ORDER BY f) FROM ffl_sample)
     = (SELECT array_agg(f::text ORDER BY f::text COLLATE "C") FROM ffl_sample) AS order_is_text_order;
SELECT f FROM ffl_sample ORDER BY f LIMIT 5;
SELECT f FROM ffl_sample ORDER BY f DESC LIMIT 5;
SELECT min(f), max(f),
       min(f)::text = min(f::text COLLATE "C") AS min_is_text_min,
       max(f)::text = max(f::text COLLATE "C") AS max_is_text_max
FROM ffl_sample;

-- Btree index
CREATE INDEX ffl_sample_btree ON ffl_sample (f);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT f FROM ffl_sample WHERE f = '8-23-091-01-7F-14245';
SELECT count(*) FROM ffl_sample WHERE f < '5-00-000-01-0A-00000';
SELECT count(*) FROM ffl_sample WHERE f::text COLLATE "C" < '5-00-000-01-0A-00000';
RESET enable_seqscan;
DROP INDEX ffl_sample_btree;

-- Hashing: hash aggregation, hash join, hash index
INSERT INTO ffl_sample SELECT f FROM ffl_sample WHERE ffl_region(f) = 8;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT f, count(*) FROM ffl_sample GROUP BY f;
SELECT n, count(*) FROM (SELECT f, count(*) AS n FROM ffl_sample GROUP BY f) AS g GROUP BY n ORDER BY n;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM ffl_sample a JOIN ffl_sample b ON a.f = b.f;
SELECT count(*) FROM ffl_sample a JOIN ffl_sample b ON a.f = b.f;
RESET enable_mergejoin;
RESET enable_nestloop;
CREATE INDEX ffl_sample_hash ON ffl_sample USING hash (f);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT f FROM ffl_sample WHERE f = '823091017f14245';
RESET enable_bitmapscan;
RESET enable_seqscan;
SELECT ffl_number_hash('8-23-091-01-7F-14245') = ffl_number_hash('823091017f14245') AS same_hash,
       ffl_number_hash_extended('8-23-091-01-7F-14245', 42)
         = ffl_number_hash_extended('823091017F14245', 42) AS same_extended_hash,
       ffl_number_hash_extended('8-23-091-01-7F-14245', 0)
         <> ffl_number_hash_extended('8-23-091-01-7F-14245', 1) AS seed_matters;

-- Malformed input: each with its detail
SELECT ''::etrace.ffl_number;
SELECT '   '::etrace.ffl_number;
SELECT '2-23-091-01-7F-14245'::etrace.ffl_number;
SELECT '7-23-091-01-7F-14245'::etrace.ffl_number;
SELECT '0-23-091-01-7F-14245'::etrace.ffl_number;
SELECT 'X-23-091-01-7F-14245'::etrace.ffl_number;
SELECT '88-23-091-01-7F-14245'::etrace.ffl_number;
SELECT '8-2-091-01-7F-14245'::etrace.ffl_number;
SELECT '8-2A-091-01-7F-14245'::etrace.ffl_number;
SELECT '8-234-091-01-7F-14245'::etrace.ffl_number;
SELECT '8-23-91-01-7F-14245'::etrace.ffl_number;
SELECT '8-23-O91-01-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-04-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-05-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-00-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-12-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-99-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-1-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-01-7I-14245'::etrace.ffl_number;
SELECT '823091017i14245'::etrace.ffl_number;
SELECT '8-23-091-01-7N-14245'::etrace.ffl_number;
SELECT '8-23-091-01-7Z-14245'::etrace.ffl_number;
SELECT '8-23-091-01-76-14245'::etrace.ffl_number;
SELECT '8-23-091-01-FF-14245'::etrace.ffl_number;
SELECT '8-23-091-01-7-14245'::etrace.ffl_number;
SELECT '8-23-091-01-17F-14245'::etrace.ffl_number;
SELECT '8-23-091-01-7F-1424'::etrace.ffl_number;
SELECT '8-23-091-01-7F-1424X'::etrace.ffl_number;
SELECT '8-23-091-01-7F-14245X'::etrace.ffl_number;
SELECT '8-23-091-01-7F-14245 x'::etrace.ffl_number;
SELECT '823091017F14245X'::etrace.ffl_number;
SELECT '823091017F142456'::etrace.ffl_number;
SELECT '823091017F1424'::etrace.ffl_number;
SELECT '823091017F'::etrace.ffl_number;
SELECT '82309101'::etrace.ffl_number;
SELECT '8-23-091-01-7F-'::etrace.ffl_number;
SELECT '8--091-01-7F-14245'::etrace.ffl_number;
SELECT '-----'::etrace.ffl_number;
SELECT '8-23-091-01-7F14245'::etrace.ffl_number;
SELECT '8-23-091-01-7F-14245-'::etrace.ffl_number;
SELECT '8-23091017F14245'::etrace.ffl_number;
SELECT '8 23 091 01 7F 14245'::etrace.ffl_number;
SELECT '8-23-09é-01-7F-14245'::etrace.ffl_number;
SELECT '8-23-091-01-7F-14245aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'::etrace.ffl_number;

-- The SQLSTATE of bad text input is 22P02
DO $$
BEGIN
    PERFORM '8-23-091-04-7F-14245'::etrace.ffl_number;
EXCEPTION WHEN invalid_text_representation THEN
    RAISE NOTICE 'caught 22P02: %', SQLERRM;
END
$$;

-- Binary output is the packed int8
SELECT ffl_number_send('8-23-091-01-7F-14245') AS packed_bytes,
       ffl_number_send('1-00-000-01-0A-00000') AS smallest,
       ffl_number_send('9-99-999-11-9M-99999') AS largest;

-- Binary COPY round trip
COPY ffl_sample TO '/tmp/etrace_regress_ffl_number.bin' (FORMAT binary);
CREATE TABLE ffl_copy (f etrace.ffl_number);
COPY ffl_copy FROM '/tmp/etrace_regress_ffl_number.bin' (FORMAT binary);
SELECT (SELECT count(*) FROM ffl_copy) AS copied,
       (SELECT count(*) FROM (SELECT f FROM ffl_sample EXCEPT ALL SELECT f FROM ffl_copy) AS d) AS missing,
       (SELECT count(*) FROM (SELECT f FROM ffl_copy EXCEPT ALL SELECT f FROM ffl_sample) AS d) AS extra;

-- Crafted binary values are checked like text input: the int8 is written as
-- a binary COPY file, then read back into an ffl_number column.
CREATE TABLE ffl_copy_bad (f etrace.ffl_number);
-- the packed form of a good number goes in
COPY (SELECT 8230910170614245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
SELECT f FROM ffl_copy_bad;
-- region 2
COPY (SELECT 2230910170614245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
-- license type 04
COPY (SELECT 8230910470614245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
-- month 13 (no month letter)
COPY (SELECT 8230910171314245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
-- month 00
COPY (SELECT 8230910170014245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
-- negative
COPY (SELECT -8230910170614245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
-- seventeen digits
COPY (SELECT 18230910170614245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
-- a four-byte value where eight are expected
COPY (SELECT 8::int4) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
SELECT count(*) AS rows_after_bad_copies FROM ffl_copy_bad;

-- The SQLSTATE of bad binary input is 22P03
COPY (SELECT 2230910170614245::int8) TO '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
DO $$
BEGIN
    COPY ffl_copy_bad FROM '/tmp/etrace_regress_ffl_bad.bin' (FORMAT binary);
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
  AND (p.proname LIKE 'ffl\_%')
ORDER BY p.proname;
SELECT o.oprname, o.oprcanhash, o.oprcanmerge, o.oprcom <> 0 AS has_commutator,
       o.oprnegate <> 0 AS has_negator, o.oprrest::text, o.oprjoin::text,
       obj_description(o.oid, 'pg_operator') IS NOT NULL AS commented
FROM pg_operator o
WHERE o.oprleft = 'etrace.ffl_number'::regtype
ORDER BY o.oprname;
SELECT c.opcname, a.amname, c.opcdefault, amvalidate(c.oid) AS valid,
       obj_description(c.oid, 'pg_opclass') IS NOT NULL AS commented
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE c.opcintype = 'etrace.ffl_number'::regtype
ORDER BY a.amname;
SELECT a.aggfnoid::regprocedure AS aggregate, a.aggtransfn, a.aggcombinefn, a.aggsortop::regoperator,
       p.proparallel, obj_description(a.aggfnoid, 'pg_proc') IS NOT NULL AS commented
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
WHERE p.pronamespace = 'etrace'::regnamespace AND p.proargtypes[0] = 'etrace.ffl_number'::regtype
ORDER BY p.proname;
SELECT obj_description('etrace.ffl_number'::regtype, 'pg_type') IS NOT NULL AS type_commented;

DROP TABLE ffl_sample, ffl_copy, ffl_copy_bad;
