--
-- etrace.release_table(): a two-way frequency table with its totals, made
-- safe for release by primary and complementary cell suppression.  Small
-- tables checked by hand, malformed input, then an ATTACK section that
-- computes, independently of the C code (Edmonds-Karp max-flow in
-- PL/pgSQL), the exact range an attacker can give every suppressed cell.
--
\set VERBOSITY default
\set SHOW_CONTEXT never
SET search_path = public, etrace;

-- A table written as a row-major matrix: its cells as the three parallel
-- arrays release_table takes (zeros included, so labels keep their order).
CREATE FUNCTION pg_temp.rl(rs text[], cs text[], m bigint[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(rs[(i - 1) / cardinality(cs) + 1] ORDER BY i), '{}')
    FROM generate_subscripts(m, 1) i $$;
CREATE FUNCTION pg_temp.cl(rs text[], cs text[], m bigint[]) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(cs[(i - 1) % cardinality(cs) + 1] ORDER BY i), '{}')
    FROM generate_subscripts(m, 1) i $$;
CREATE FUNCTION pg_temp.nl(m bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(m[i] ORDER BY i), '{}') FROM generate_subscripts(m, 1) i $$;

-- The true full table with totals, computed apart from the C code.
CREATE FUNCTION pg_temp.truth(rs text[], cs text[], m bigint[])
RETURNS TABLE(rl text, cl text, v bigint) LANGUAGE sql IMMUTABLE AS $$
    WITH cells AS (SELECT rs[(i - 1) / cardinality(cs) + 1] AS rl, cs[(i - 1) % cardinality(cs) + 1] AS cl, m[i] AS v
                   FROM generate_subscripts(m, 1) i)
    SELECT coalesce(rl, 'Total'), coalesce(cl, 'Total'), sum(v)::bigint
    FROM cells GROUP BY GROUPING SETS ((rl, cl), (rl), (cl), ()) $$;

-- The release as a grid: published counts as they are, suppressed cells as
-- their true value with P (primary) or C (complementary).
CREATE FUNCTION pg_temp.grid(rs text[], cs text[], m bigint[], k int DEFAULT 5)
RETURNS TABLE(line text, cells text) LANGUAGE sql AS $$
    WITH t AS (SELECT r.*, tru.v
               FROM etrace.release_table(pg_temp.rl(rs, cs, m), pg_temp.cl(rs, cs, m), pg_temp.nl(m), k)
                    WITH ORDINALITY AS r(rl, cl, n, suppressed, reason, ord)
               JOIN pg_temp.truth(rs, cs, m) tru USING (rl, cl)),
         head AS (SELECT 0::bigint AS o, ''::text AS line, string_agg(lpad(cl, 6), '' ORDER BY ord) AS cells
                  FROM t WHERE rl = (SELECT rl FROM t ORDER BY ord LIMIT 1)),
         body AS (SELECT min(ord) AS o, rl AS line,
                         string_agg(lpad(coalesce(n::text, v || CASE reason WHEN 'primary' THEN 'P' ELSE 'C' END), 6), '' ORDER BY ord) AS cells
                  FROM t GROUP BY rl)
    SELECT line, cells FROM (SELECT * FROM head UNION ALL SELECT * FROM body) x ORDER BY o $$;

-- ------------------------------------------------------------ by hand
-- One small cell (AZ 2022 = 2): its row and its column each get a
-- complementary cell, and a fourth closes the rectangle, chosen as the
-- cheapest one that lets 2 reach k = 5 (15, 30 and 20: 2 can reach 16).
SELECT * FROM etrace.release_table(
    ARRAY['US-TX','US-TX','US-TX','US-AZ','US-AZ','US-AZ','US-NM','US-NM','US-NM'],
    ARRAY['2021','2022','2023','2021','2022','2023','2021','2022','2023'],
    ARRAY[20,30,25,15,2,40,35,25,30]);

-- The same as a grid.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,2,40,35,25,30}');

-- No small cell: nothing suppressed.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,12,40,35,25,30}');

-- Zeros are not sensitive: published.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{0,30,25,15,0,40,35,25,0}');

-- Missing combinations are zeros (and labels are numbered in order of
-- first appearance).
SELECT * FROM etrace.release_table('{US-TX,US-TX,US-AZ,US-AZ,US-NM,US-NM}', '{2022,2023,2023,2021,2022,2021}',
                                   '{30,25,40,15,25,35}');

-- k = 1: nothing is small.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{1,30,2,15,1,4,3,25,1}', 1);

-- The same table at the default k = 5, and at k = 10.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{1,30,2,15,1,4,3,25,1}');
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{1,30,2,15,1,4,3,25,1}', 10);

-- A 1x1 table: 3 is small, and so are its totals.
SELECT * FROM etrace.release_table('{US-TX}', '{2023}', '{3}');
SELECT * FROM etrace.release_table('{US-TX}', '{2023}', '{7}');

-- A 1x2 table: only the other year and its total can hide the 3.
SELECT * FROM pg_temp.grid('{US-TX}', '{2022,2023}', '{3,10}');

-- All cells small.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ}', '{2022,2023}', '{1,2,1,3}');

-- A small row total: AZ adds up to 3, so it is primary with its cells.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,1,0,2,35,25,30}');

-- A small column total.
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,1,25,15,0,40,35,2,30}');

-- Labels: order of first appearance, compared byte for byte; zero counts
-- given explicitly are zeros; the default k is 5.
SELECT * FROM etrace.release_table(ARRAY['b','a','b',' a','A'], ARRAY['y','x','x','y','y'], ARRAY[9,8,0,6,7]::bigint[]);

-- Empty arrays: a table without rows or columns has a grand total of 0.
SELECT * FROM etrace.release_table('{}', '{}', '{}');

-- STRICT: a NULL argument gives no rows.
SELECT count(*) FROM etrace.release_table(NULL, '{}', '{}');
SELECT count(*) FROM etrace.release_table('{}', '{}', '{}', NULL);

-- ----------------------------------------------------------- malformed
SELECT * FROM etrace.release_table('{a,b}', '{x}', '{1,2}');
SELECT * FROM etrace.release_table('{a}', '{x}', '{1,2}');
SELECT * FROM etrace.release_table('{a,NULL}', '{x,y}', '{1,2}');
SELECT * FROM etrace.release_table('{a,b}', '{x,NULL}', '{1,2}');
SELECT * FROM etrace.release_table('{a,b}', '{x,y}', '{1,NULL}');
SELECT * FROM etrace.release_table('{{a,b}}', '{x,y}', '{1,2}');
SELECT * FROM etrace.release_table('{a,b}', '{x,y}', '{{1,2}}');
SELECT * FROM etrace.release_table('{a,b}', '{x,y}', '{1,-2}');
SELECT * FROM etrace.release_table('{a,b,a}', '{x,y,x}', '{1,2,3}');
SELECT * FROM etrace.release_table('{a,Total}', '{x,y}', '{1,2}');
SELECT * FROM etrace.release_table('{a,b}', '{Total,y}', '{1,2}');
SELECT * FROM etrace.release_table('{a}', '{x}', '{1}', 0);
SELECT * FROM etrace.release_table('{a}', '{x}', '{1}', -3);
SELECT * FROM etrace.release_table('{a}', '{x}', '{1125899906842625}');
SELECT * FROM etrace.release_table('{a,b}', '{x,x}', '{1125899906842624,1}');
-- the largest total is accepted
SELECT n FROM etrace.release_table('{a,b}', '{x,x}', '{1125899906842600,24}') WHERE row_label = 'Total' AND col_label = 'Total';
-- at most 10000 cells with the totals: 99 x 99 is fine, 100 x 99 is not
SELECT count(*), count(*) FILTER (WHERE suppressed) FROM etrace.release_table(
    ARRAY(SELECT 'r' || i FROM generate_series(1, 99) i, generate_series(1, 99) j ORDER BY i, j),
    ARRAY(SELECT 'c' || j FROM generate_series(1, 99) i, generate_series(1, 99) j ORDER BY i, j),
    ARRAY(SELECT (i * j % 7)::bigint FROM generate_series(1, 99) i, generate_series(1, 99) j ORDER BY i, j));
SELECT count(*) FROM etrace.release_table(
    ARRAY(SELECT 'r' || i FROM generate_series(1, 100) i),
    ARRAY(SELECT 'c' || i FROM generate_series(1, 100) i),
    ARRAY(SELECT 9::bigint FROM generate_series(1, 100) i));

-- The declaration.
SELECT p.provolatile, p.proisstrict, p.proparallel, p.prorettype::regtype, p.proretset,
       pg_get_function_arguments(p.oid), obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p WHERE p.oid = 'etrace.release_table'::regproc;

-- -------------------------------------------------------------- ATTACK
-- The attacker knows every published value, that every row and column
-- (totals included) adds up, that counts are non-negative integers and
-- that suppressed cells are not 0 (zeros are always published).  The
-- least and greatest value a suppressed cell can take is a linear program
-- over a network: row and column nodes, an arc per suppressed cell (row ->
-- column for inner cells and the grand total, column -> row for the
-- marginal totals).  From any consistent table (the true one here: the
-- range is a property of the published data only), the cell can rise by
-- the flow that can return from its head to its tail through the other
-- suppressed cells, and fall by the flow from its tail to its head, each
-- of which may fall only to 1.  Integer ranges, because the constraint
-- matrix is totally unimodular.

-- Edmonds-Karp: breadth-first augmenting paths.  Arcs come in pairs
-- (1, 2), (3, 4), ..., each the other's reverse.
CREATE FUNCTION pg_temp.max_flow(afrom int[], ato int[], acap bigint[], nn int, src int, snk int, lim bigint)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    flow bigint := 0;
    parent int[];
    queue int[];
    qh int;
    u int;
    a int;
    w int;
    b bigint;
BEGIN
    LOOP
        EXIT WHEN flow >= lim;
        parent := array_fill(0, ARRAY[nn]);
        parent[src] := -1;
        queue := ARRAY[src];
        qh := 1;
        WHILE qh <= cardinality(queue) AND parent[snk] = 0 LOOP
            u := queue[qh];
            qh := qh + 1;
            FOR a IN 1 .. coalesce(cardinality(afrom), 0) LOOP
                IF afrom[a] = u AND acap[a] > 0 AND parent[ato[a]] = 0 THEN
                    parent[ato[a]] := a;
                    queue := queue || ato[a];
                END IF;
            END LOOP;
        END LOOP;
        EXIT WHEN parent[snk] = 0;
        b := lim - flow;
        w := snk;
        WHILE w <> src LOOP
            a := parent[w];
            b := least(b, acap[a]);
            w := afrom[a];
        END LOOP;
        w := snk;
        WHILE w <> src LOOP
            a := parent[w];
            acap[a] := acap[a] - b;
            acap[CASE WHEN a % 2 = 1 THEN a + 1 ELSE a - 1 END] := acap[CASE WHEN a % 2 = 1 THEN a + 1 ELSE a - 1 END] + b;
            w := afrom[a];
        END LOOP;
        flow := flow + b;
    END LOOP;
    RETURN flow;
END $$;

-- {lo, hi} of cell `target` of a full table given as parallel arrays (hi
-- NULL: unbounded); s marks the suppressed cells.
CREATE FUNCTION pg_temp.feasible_range(r text[], c text[], v bigint[], s boolean[], target int)
RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    rows_ text[] := ARRAY(SELECT DISTINCT x FROM unnest(r) x ORDER BY 1);
    cols_ text[] := ARRAY(SELECT DISTINCT x FROM unnest(c) x ORDER BY 1);
    nr int := cardinality(rows_);
    afrom int[] := '{}';
    ato int[] := '{}';
    acap bigint[] := '{}';
    inf bigint := 1000000000000000000;
    rn int;
    cn int;
    tl int;
    hd int;
    up bigint;
BEGIN
    FOR i IN 1 .. cardinality(r) LOOP
        CONTINUE WHEN NOT s[i];
        rn := array_position(rows_, r[i]);
        cn := nr + array_position(cols_, c[i]);
        IF (r[i] = 'Total') = (c[i] = 'Total') THEN
            tl := rn; hd := cn;
        ELSE
            tl := cn; hd := rn;
        END IF;
        CONTINUE WHEN i = target;
        afrom := afrom || tl || hd;
        ato := ato || hd || tl;
        acap := acap || inf || (v[i] - 1);
    END LOOP;
    rn := array_position(rows_, r[target]);
    cn := nr + array_position(cols_, c[target]);
    IF (r[target] = 'Total') = (c[target] = 'Total') THEN
        tl := rn; hd := cn;
    ELSE
        tl := cn; hd := rn;
    END IF;
    up := pg_temp.max_flow(afrom, ato, acap, nr + cardinality(cols_), hd, tl, inf);
    RETURN ARRAY[v[target] - pg_temp.max_flow(afrom, ato, acap, nr + cardinality(cols_), tl, hd, v[target] - 1),
                 CASE WHEN up >= inf THEN NULL ELSE v[target] + up END];
END $$;

-- Every suppressed cell of a release with its true value and the
-- attacker's range; protected: a primary cell can reach k.
CREATE FUNCTION pg_temp.attack(rs text[], cs text[], m bigint[], k int DEFAULT 5)
RETURNS TABLE(line text, col text, reason text, truth bigint, lo bigint, hi bigint, protected boolean)
LANGUAGE sql AS $$
    WITH rel AS (SELECT r.*, tru.v
                 FROM etrace.release_table(pg_temp.rl(rs, cs, m), pg_temp.cl(rs, cs, m), pg_temp.nl(m), k)
                      WITH ORDINALITY AS r(rl, cl, n, suppressed, reason, ord)
                 JOIN pg_temp.truth(rs, cs, m) tru USING (rl, cl)),
         arr AS (SELECT array_agg(rl ORDER BY ord) AS r, array_agg(cl ORDER BY ord) AS c,
                        array_agg(v ORDER BY ord) AS v, array_agg(suppressed ORDER BY ord) AS s,
                        array_agg(reason ORDER BY ord) AS why
                 FROM rel)
    SELECT arr.r[i], arr.c[i], arr.why[i], arr.v[i], fr[1], fr[2],
           arr.why[i] = 'complementary' OR fr[2] IS NULL OR fr[2] >= k
    FROM arr, generate_subscripts(arr.r, 1) i, LATERAL pg_temp.feasible_range(arr.r, arr.c, arr.v, arr.s, i) fr
    WHERE arr.s[i]
    ORDER BY i $$;

-- The same attack on a pattern of our own (cells named 'row/col').
CREATE FUNCTION pg_temp.attack_pattern(rs text[], cs text[], m bigint[], hidden text[])
RETURNS TABLE(line text, col text, truth bigint, lo bigint, hi bigint)
LANGUAGE sql AS $$
    WITH tru AS (SELECT * FROM pg_temp.truth(rs, cs, m)),
         arr AS (SELECT array_agg(rl ORDER BY rl = 'Total', rl, cl = 'Total', cl) AS r,
                        array_agg(cl ORDER BY rl = 'Total', rl, cl = 'Total', cl) AS c,
                        array_agg(v ORDER BY rl = 'Total', rl, cl = 'Total', cl) AS v,
                        array_agg(rl || '/' || cl = ANY (hidden) ORDER BY rl = 'Total', rl, cl = 'Total', cl) AS s
                 FROM tru)
    SELECT arr.r[i], arr.c[i], arr.v[i], fr[1], fr[2]
    FROM arr, generate_subscripts(arr.r, 1) i, LATERAL pg_temp.feasible_range(arr.r, arr.c, arr.v, arr.s, i) fr
    WHERE arr.s[i]
    ORDER BY i $$;

-- Summary of a release: what is suppressed, rows or columns with a single
-- suppressed cell (must be 0), published counts that differ from the truth
-- (must be 0), primary cells the attacker can tell are below k or pin down
-- (must be 0), ranges that miss the truth (must be 0).
CREATE FUNCTION pg_temp.audit(rs text[], cs text[], m bigint[], k int DEFAULT 5)
RETURNS TABLE(primary_cells bigint, complementary_cells bigint, lonely_lines bigint, wrong_counts bigint,
              unprotected bigint, pinned bigint, truth_outside bigint, least_primary_hi bigint)
LANGUAGE sql AS $$
    WITH rel AS (SELECT r.*, tru.v
                 FROM etrace.release_table(pg_temp.rl(rs, cs, m), pg_temp.cl(rs, cs, m), pg_temp.nl(m), k) r
                 JOIN pg_temp.truth(rs, cs, m) tru ON (tru.rl, tru.cl) = (r.row_label, r.col_label)),
         lines AS (SELECT row_label AS l FROM rel GROUP BY row_label HAVING count(*) FILTER (WHERE suppressed) = 1
                   UNION ALL
                   SELECT col_label FROM rel GROUP BY col_label HAVING count(*) FILTER (WHERE suppressed) = 1),
         att AS (SELECT * FROM pg_temp.attack(rs, cs, m, k))
    SELECT (SELECT count(*) FROM rel WHERE reason = 'primary'),
           (SELECT count(*) FROM rel WHERE reason = 'complementary'),
           (SELECT count(*) FROM lines),
           (SELECT count(*) FROM rel WHERE suppressed <> (n IS NULL) OR n <> v
                                        OR (reason = 'primary') <> (v BETWEEN 1 AND k - 1)),
           (SELECT count(*) FROM att WHERE NOT protected),
           (SELECT count(*) FROM att WHERE lo = hi),
           (SELECT count(*) FROM att WHERE truth NOT BETWEEN lo AND coalesce(hi, truth)),
           (SELECT min(coalesce(hi, 9223372036854775807)) FROM att WHERE reason = 'primary') $$;

-- First, the attack works: primary suppression alone gives the small cell
-- away (its row adds up), ...
SELECT * FROM pg_temp.attack_pattern('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,2,40,35,25,30}',
                                     '{US-AZ/2022}');
-- ... two suppressed cells in every row and column are not enough: here
-- two rectangles are joined by a "bridge" cell (AZ 2022 = 3) that lies on
-- no cycle, so it is pinned although each of its lines has three
-- suppressed cells, ...
SELECT * FROM pg_temp.attack_pattern('{US-TX,US-AZ,US-NM,US-CA}', '{2020,2021,2022,2023}',
    '{20,30,25,15, 15,12,3,40, 35,25,30,18, 11,19,22,33}',
    '{US-TX/2020,US-TX/2021,US-AZ/2020,US-AZ/2021,US-AZ/2022,US-NM/2022,US-NM/2023,US-CA/2022,US-CA/2023}');
-- ... and a rectangle of small cells leaves a range that stays below k:
-- 2 can reach at most 2 + 3 - 1 = 4, so it is known to be small.
SELECT * FROM pg_temp.attack_pattern('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,2,3,35,9,30}',
                                     '{US-AZ/2022,US-AZ/2023,US-NM/2022,US-NM/2023}');

-- The releases above, attacked: every primary cell can reach k.
SELECT * FROM pg_temp.attack('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,2,40,35,25,30}');
SELECT * FROM pg_temp.grid('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,2,3,35,9,30}');
SELECT * FROM pg_temp.attack('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,15,2,3,35,9,30}');
SELECT * FROM pg_temp.attack('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{1,30,2,15,1,4,3,25,1}');
SELECT * FROM pg_temp.attack('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{1,30,2,15,1,4,3,25,1}', 10);
SELECT * FROM pg_temp.attack('{US-TX}', '{2023}', '{3}');
SELECT * FROM pg_temp.attack('{US-TX}', '{2022,2023}', '{3,10}');
SELECT * FROM pg_temp.attack('{US-TX,US-AZ}', '{2022,2023}', '{1,2,1,3}');
SELECT * FROM pg_temp.attack('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,30,25,1,0,2,35,25,30}');
SELECT * FROM pg_temp.attack('{US-TX,US-AZ,US-NM}', '{2021,2022,2023}', '{20,1,25,15,0,40,35,2,30}');

-- A random 8x6 table (fixed seed): a quarter zeros, a third small.
SELECT setseed(0.25);
CREATE TEMP TABLE random_table AS
SELECT ARRAY(SELECT 'S' || i FROM generate_series(1, 8) i) AS rs,
       ARRAY(SELECT (2015 + j)::text FROM generate_series(1, 6) j) AS cs,
       ARRAY(SELECT (CASE WHEN random() < 0.25 THEN 0
                          WHEN random() < 0.45 THEN 1 + floor(random() * 4)
                          ELSE 5 + floor(random() * 40) END)::bigint
             FROM generate_series(1, 48) i ORDER BY i) AS m;
SELECT g.* FROM random_table, pg_temp.grid(rs, cs, m) g;
SELECT a.* FROM random_table, pg_temp.attack(rs, cs, m) a;
SELECT a.* FROM random_table, pg_temp.audit(rs, cs, m) a;
-- the same table at k = 3 and k = 12
SELECT a.* FROM random_table, pg_temp.audit(rs, cs, m, 3) a;
SELECT g.* FROM random_table, pg_temp.grid(rs, cs, m, 12) g;
SELECT a.* FROM random_table, pg_temp.audit(rs, cs, m, 12) a;

-- More random tables of different shapes, thresholds and densities.
SELECT setseed(0.5);
CREATE TEMP TABLE random_tables AS
SELECT t, k,
       ARRAY(SELECT 'R' || i FROM generate_series(1, nr) i) AS rs,
       ARRAY(SELECT 'C' || j FROM generate_series(1, nc) j) AS cs,
       ARRAY(SELECT (CASE WHEN random() < zeros THEN 0
                          WHEN random() < 0.5 THEN 1 + floor(random() * (k - 1))
                          ELSE floor(random() * 3 * k) END)::bigint
             FROM generate_series(1, nr * nc) i ORDER BY i) AS m
FROM (VALUES (1, 2, 7, 5, 0.1), (2, 5, 5, 3, 0.3), (3, 7, 1, 5, 0.2), (4, 1, 9, 4, 0.0),
             (5, 4, 4, 10, 0.5), (6, 6, 6, 2, 0.2), (7, 3, 8, 7, 0.0)) AS v(t, nr, nc, k, zeros);
SELECT t, k, cardinality(rs) AS nrows, cardinality(cs) AS ncols, a.*
FROM random_tables, pg_temp.audit(rs, cs, m, k) a ORDER BY t;
