--
-- etrace.serial_number: canonical key, ordering, hashing, input errors,
-- binary I/O, search patterns and index-backed pattern search (also under
-- row-level security).
--
\set VERBOSITY default
SET search_path = public, etrace;

--
-- Canonical key: case, separators and look-alikes folded; recorded form kept.
--
SELECT ' ab-123 45 '::serial_number AS recorded, serial_key(' ab-123 45 ') AS key;
SELECT ' ab-123 45 '::serial_number = 'AB12345' AS same;
SELECT ' ab-123 45 '::serial_number::text = 'ab-123 45' AS recorded_trimmed;
SELECT E'\t X-1 \n'::serial_number AS outer_white_space_trimmed;
SELECT a, b, a::serial_number = b::serial_number AS eq, a::serial_number <> b::serial_number AS ne,
       serial_key(a::serial_number) AS key_a, serial_key(b::serial_number) AS key_b
  FROM (VALUES ('AB12345', 'ab-123 45'),
               ('AB12345', 'A8 I2345'),
               ('O1L5', '0115'),
               ('oils', '0115'),
               ('SBZ', '582'),
               ('abc-def', 'ABCDEF'),
               ('A.B/C D-E', 'abcde'),
               ('12 34 56', '123456'),
               ('AB12345', 'AB12346'),
               ('AB1234', 'AB12345'),
               ('G19', 'C19')) AS v(a, b);
-- the key alphabet: digits and the letters other than B, I, L, O, S, Z
SELECT serial_key('abcdefghijklmnopqrstuvwxyz 0123456789');
-- 40 characters is the limit; separators count
SELECT length(serial_key('A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A')) AS key_len,
       length('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'::serial_number::text) AS recorded_len;
-- the key parses to itself
SELECT serial_key(serial_key('Oil-Slick 5')::serial_number) = serial_key('Oil-Slick 5') AS fixed_point;

--
-- Ordering: byte order of the keys (digits before letters, prefix first).
--
SELECT s, serial_key(s)
  FROM (VALUES ('B2'::serial_number), ('a1'), ('A-1'), ('10'), ('9'), ('A10'),
               ('AA'), ('A'), ('z'), ('Y9'), ('c-1')) AS v(s)
 ORDER BY s, s::text;
SELECT 'A1'::serial_number < 'A2' AS lt, 'A2'::serial_number <= 'a-2' AS le,
       'b'::serial_number > '8' AS gt_false, 'b'::serial_number >= '8' AS ge,
       'A'::serial_number < 'A0' AS prefix_first;
SELECT serial_number_cmp('A1', 'A2') AS cmp_lt, serial_number_cmp('AB', 'a-8') AS cmp_eq,
       serial_number_cmp('X', 'W9') AS cmp_gt;

-- btree index and a unique constraint on the key: look-alike spellings collide
CREATE TABLE serial_unique (s serial_number PRIMARY KEY);
INSERT INTO serial_unique VALUES ('AB-123'), ('XY-9');
INSERT INTO serial_unique VALUES ('a8 i23');
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT s FROM serial_unique WHERE s = 'a8-123';
SELECT s FROM serial_unique WHERE s = 'a8-123';
RESET enable_seqscan;

--
-- Hashing: on the key, consistent with equality.
--
SELECT serial_number_hash('ab-123') = serial_number_hash('A8123') AS hash_eq,
       serial_number_hash_extended('ab-123', 42) = serial_number_hash_extended('A8123', 42) AS hash_ext_eq,
       serial_number_hash_extended('ab-123', 0) & 4294967295
         = serial_number_hash('ab-123')::bigint & 4294967295 AS low_bits_agree,
       serial_number_hash_extended('ab-123', 0) <> serial_number_hash_extended('ab-123', 1) AS seed_matters;
CREATE TABLE serial_hash (id int, s serial_number);
INSERT INTO serial_hash VALUES (1, 'AB-123'), (2, 'a8 i23'), (3, 'ab123'), (4, 'XY-9'), (5, 'xy 9'), (6, 'Q7');
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT s, count(*) FROM serial_hash GROUP BY s;
SELECT serial_key(s), count(*) FROM serial_hash GROUP BY s ORDER BY 1;
SELECT count(DISTINCT s) AS distinct_serials, count(DISTINCT s::text) AS distinct_spellings FROM serial_hash;
RESET enable_sort;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM serial_hash a JOIN serial_hash b ON a.s = b.s AND a.id < b.id;
SELECT a.id, b.id FROM serial_hash a JOIN serial_hash b ON a.s = b.s AND a.id < b.id ORDER BY 1, 2;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT a.id, b.id FROM serial_hash a JOIN serial_hash b ON a.s = b.s AND a.id < b.id;
SELECT a.id, b.id FROM serial_hash a JOIN serial_hash b ON a.s = b.s AND a.id < b.id ORDER BY 1, 2;
RESET enable_hashjoin;
RESET enable_nestloop;
CREATE INDEX serial_hash_s ON serial_hash USING hash (s);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM serial_hash WHERE s = 'XY9';
SELECT id FROM serial_hash WHERE s = 'XY9' ORDER BY id;
RESET enable_seqscan;

--
-- Malformed input: each with its exact error.
--
SELECT ''::serial_number;
SELECT '   '::serial_number;
SELECT E'\t\n'::serial_number;
SELECT 'AB#123'::serial_number;
SELECT '  AB#123'::serial_number;
SELECT 'AB_123'::serial_number;
SELECT 'AB,123'::serial_number;
SELECT 'AB"123'::serial_number;
SELECT 'AB''123'::serial_number;
SELECT 'AB\123'::serial_number;
SELECT 'AB+123'::serial_number;
SELECT 'AB(123)'::serial_number;
SELECT 'AB:123'::serial_number;
SELECT 'AB;123'::serial_number;
SELECT 'AB@123'::serial_number;
SELECT 'AB&123'::serial_number;
SELECT 'AB=123'::serial_number;
SELECT 'AB123!'::serial_number;
SELECT 'AB?123'::serial_number;
SELECT 'AB12*'::serial_number;
SELECT 'AB%12'::serial_number;
SELECT E'AB\t123'::serial_number;
SELECT E'AB\n123'::serial_number;
SELECT E'AB\x7f'::serial_number;
SELECT 'ABÉ123'::serial_number;
SELECT E'AB\u00a0123'::serial_number;
SELECT '１２３'::serial_number;
SELECT '-'::serial_number;
SELECT '- . /'::serial_number;
SELECT 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'::serial_number;
SELECT 'A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A'::serial_number;
-- in a table the same errors apply
INSERT INTO serial_unique VALUES ('QQ#1');

--
-- Binary I/O: send is the recorded form as text; receive re-runs the parser.
--
SELECT serial_number_send(' ab-1 ');
CREATE TABLE serial_copy_src (id int, s serial_number);
INSERT INTO serial_copy_src VALUES
    (1, ' ab-123 45 '), (2, 'X.Y/Z 9'), (3, 'oils'), (4, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), (5, NULL);
COPY serial_copy_src TO '/tmp/etrace_serial_regress.bin' WITH (FORMAT binary);
CREATE TABLE serial_copy_dst (LIKE serial_copy_src);
COPY serial_copy_dst FROM '/tmp/etrace_serial_regress.bin' WITH (FORMAT binary);
SELECT a.id, a.s AS sent, b.s AS received,
       a.s::text IS NOT DISTINCT FROM b.s::text AS same_recorded,
       serial_key(a.s) IS NOT DISTINCT FROM serial_key(b.s) AS same_key
  FROM serial_copy_src a JOIN serial_copy_dst b USING (id) ORDER BY id;
-- crafted binary values: a text column has the same binary layout, so its
-- binary COPY output is read back as serial_number through serial_number_recv
CREATE TABLE serial_copy_raw (id int, s text);
INSERT INTO serial_copy_raw VALUES (10, E' \t lower-case 7 \n');
COPY serial_copy_raw TO '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
COPY serial_copy_dst FROM '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
SELECT id, s, serial_key(s) FROM serial_copy_dst WHERE id = 10;
TRUNCATE serial_copy_raw;
INSERT INTO serial_copy_raw VALUES (11, 'AB#12');
COPY serial_copy_raw TO '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
COPY serial_copy_dst FROM '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
TRUNCATE serial_copy_raw;
INSERT INTO serial_copy_raw VALUES (12, '  ');
COPY serial_copy_raw TO '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
COPY serial_copy_dst FROM '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
TRUNCATE serial_copy_raw;
INSERT INTO serial_copy_raw VALUES (13, 'AB?12*');
COPY serial_copy_raw TO '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
COPY serial_copy_dst FROM '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
TRUNCATE serial_copy_raw;
INSERT INTO serial_copy_raw VALUES (14, repeat('9', 41));
COPY serial_copy_raw TO '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
COPY serial_copy_dst FROM '/tmp/etrace_serial_regress_raw.bin' WITH (FORMAT binary);
SELECT count(*) AS rows_received FROM serial_copy_dst;

--
-- Search patterns: ? one unreadable character, * any run.
--
SELECT p, serial_pattern(p)
  FROM (VALUES ('AB?12*'), (' ab-?12 * '), ('*123*'), ('**1***2**'), ('* - * 7'),
               ('??7'), ('o?i*s'), ('X1'), ('*A?'), ('1234567890123456789012345678901234567890')) AS v(p);
SELECT serial_pattern('');
SELECT serial_pattern('   ');
SELECT serial_pattern('*');
SELECT serial_pattern('?? *');
SELECT serial_pattern('AB%1');
SELECT serial_pattern('AB_1');
SELECT serial_pattern('AB#1');
SELECT serial_pattern(E'AB\t1');
SELECT serial_pattern('ABÉ1');
SELECT serial_pattern('*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
SELECT serial_pattern(NULL) IS NULL AS strict;

--
-- serial_key_like / ~?: LIKE over keys, '_' one character, '%' any run.
--
SELECT k, l, serial_key_like(k, l) AS fn, k ~? l AS op
  FROM (VALUES ('A812345'), ('AAA8'), ('X'), ('')) AS keys(k)
 CROSS JOIN (VALUES ('A812345'), ('A8%'), ('%45'), ('%8%'), ('%'), ('_'), ('____'),
                    ('%A8'), ('A_A8'), ('%_'), ('')) AS likes(l)
 ORDER BY k, l;
-- a serial typed with look-alikes is found by a pattern typed either way
SELECT s, serial_key(s::serial_number) ~? serial_pattern('AB?2*') AS found
  FROM (VALUES ('ab-123 45'), ('A8-X2'), ('a-8 1 2'), ('AC123')) AS v(s)
 ORDER BY s;

--
-- The operators can be used with row-level security: the comparison support
-- and ~? are leakproof (textlike is not).
--
SELECT p.oid::regprocedure AS function, p.proleakproof
  FROM pg_proc p
 WHERE p.pronamespace = 'etrace'::regnamespace
   AND (p.proname LIKE 'serial_number\_%' OR p.proname LIKE 'serial\_key%')
   AND p.proname NOT IN ('serial_number_in', 'serial_number_out', 'serial_number_recv', 'serial_number_send')
 ORDER BY p.oid::regprocedure::text;
SELECT 'textlike'::regproc, proleakproof FROM pg_proc WHERE oid = 'textlike'::regproc;

--
-- Index-backed pattern search: a GIN trigram index on the key expression.
--
CREATE TABLE serial_search (id int PRIMARY KEY, serial serial_number NOT NULL);
INSERT INTO serial_search
SELECT i, format('%s%s-%s', chr(65 + i % 26), chr(65 + (i / 26) % 26), lpad((i * 7919 % 100000)::text, 5, '0'))::serial_number
  FROM generate_series(1, 5000) AS i;
CREATE INDEX serial_search_key ON serial_search USING gin (serial_key(serial) serial_key_trgm_ops);
ANALYZE serial_search;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT id, serial FROM serial_search WHERE serial_key(serial) ~? serial_pattern('AB?5*');
SELECT id, serial FROM serial_search WHERE serial_key(serial) ~? serial_pattern('AB?5*') ORDER BY id;
EXPLAIN (COSTS OFF)
SELECT id, serial FROM serial_search WHERE serial_key(serial) ~? serial_pattern('oi-*8');
SELECT id, serial FROM serial_search WHERE serial_key(serial) ~? serial_pattern('oi-*8') ORDER BY id;
-- the index answers exactly what a full scan does
SELECT p,
       (SELECT count(*) FROM serial_search WHERE serial_key(serial) ~? serial_pattern(p)) AS via_index
  FROM (VALUES ('AB?5*'), ('*00*'), ('?A*1'), ('*9?9*'), ('O*'), ('oi-*8')) AS v(p)
 ORDER BY p;
RESET enable_seqscan;
SET enable_bitmapscan = off;
SET enable_indexscan = off;
SELECT p,
       (SELECT count(*) FROM serial_search WHERE serial_key(serial) ~? serial_pattern(p)) AS via_seqscan
  FROM (VALUES ('AB?5*'), ('*00*'), ('?A*1'), ('*9?9*'), ('O*'), ('oi-*8')) AS v(p)
 ORDER BY p;
RESET enable_bitmapscan;
RESET enable_indexscan;

--
-- The same search under row-level security (enabled and forced), as a
-- role that is not superuser: the pattern is still an index condition.
--
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_serial_reader;
RESET client_min_messages;
CREATE ROLE regress_serial_reader NOLOGIN;
CREATE TABLE serial_rls (id int PRIMARY KEY, agency int NOT NULL, serial serial_number NOT NULL);
INSERT INTO serial_rls SELECT id, id % 3, serial FROM serial_search;
CREATE INDEX serial_rls_key ON serial_rls USING gin (serial_key(serial) serial_key_trgm_ops);
-- an index with pg_trgm's own operator class, for LIKE, to compare
CREATE INDEX serial_rls_key_like ON serial_rls USING gin (serial_key(serial) gin_trgm_ops);
ANALYZE serial_rls;
ALTER TABLE serial_rls ENABLE ROW LEVEL SECURITY;
ALTER TABLE serial_rls FORCE ROW LEVEL SECURITY;
CREATE POLICY serial_rls_agency ON serial_rls FOR SELECT TO regress_serial_reader USING (agency = 1);
GRANT SELECT ON serial_rls TO regress_serial_reader;
GRANT etrace_user TO regress_serial_reader;  -- EXECUTE on etrace functions comes with the group role
SET enable_seqscan = off;
-- as superuser (no row-level security) every agency's matches
SELECT id, agency, serial FROM serial_rls WHERE serial_key(serial) ~? serial_pattern('*00?8*') ORDER BY id;
SET ROLE regress_serial_reader;
EXPLAIN (COSTS OFF)
SELECT id, serial FROM serial_rls WHERE serial_key(serial) ~? serial_pattern('*00?8*');
SELECT id, agency, serial FROM serial_rls WHERE serial_key(serial) ~? serial_pattern('*00?8*') ORDER BY id;
-- LIKE itself is not leakproof, so under RLS it waits for the policy and
-- cannot be used as an index condition
EXPLAIN (COSTS OFF)
SELECT id, serial FROM serial_rls WHERE serial_key(serial) LIKE serial_pattern('*00?8*');
RESET ROLE;
RESET enable_seqscan;

--
-- Clean up.
--
DROP TABLE serial_rls, serial_search, serial_copy_src, serial_copy_dst, serial_copy_raw,
    serial_hash, serial_unique;
DROP OWNED BY regress_serial_reader;
DROP ROLE regress_serial_reader;
