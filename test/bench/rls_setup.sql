-- Set-up for rls_reads.sh, after bulk_traces.sql (superuser):
--   psql -v k=1 -f test/bench/rls_setup.sql
-- The database's search_path (etrace's operators), one agency user in good
-- standing, and 200 of its traces' values for the rls_*.pgbench scripts.
-- The agency is the bench agency with index :k (0-based, in id order, as
-- in bulk_traces.sql).
\set ON_ERROR_STOP 1
SELECT current_database() AS bench_db \gset
ALTER DATABASE :"bench_db" SET search_path = "$user", public, etrace;
SET search_path = "$user", public, etrace;
SET client_min_messages = warning;

CREATE TABLE public.bench_rls_agency AS
SELECT k, id, ori
  FROM (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, ori
          FROM etrace.agency WHERE ori LIKE 'BN%') a
 WHERE k = :k;
SELECT etrace.create_account('bench_agency_reader', id, '{"name": "Bench agency reader"}')
  FROM public.bench_rls_agency;
-- Good standing (README, security model): an MOU signed by both parties
-- (create_account has just recertified the account), and a client address
-- the agency may work from.  pgbench and psql connect over the Unix socket,
-- which has no address: a superuser allows that for this database only
-- (etrace.unix_socket_access); over TCP, loopback is a duty station.
SELECT etrace.sign_mou(id, format('{"party": "%s", "signed_on": "2020-01-15", "signer": {"name": "Bench"}, "language": "es"}', p)::jsonb)
  FROM public.bench_rls_agency, unnest(ARRAY['agency', 'ntc']) p;
SELECT etrace.add_duty_station(id, n::cidr, 'Bench loopback')
  FROM public.bench_rls_agency, unnest(ARRAY['127.0.0.1/32', '::1/128']) n;
ALTER DATABASE :"bench_db" SET etrace.unix_socket_access = on;

-- The values the queries look for, as an application sends them: 200 of
-- the agency's own traces in random order, their trace numbers, serials and
-- a serial pattern for each (two letters, the first two digits, one
-- unreadable digit, the fourth, the rest unknown: 'AB-12?4*').  The
-- scripts pick one with a random :j (1..200) through these functions, which
-- the planner inlines into a subscript of a constant array: no function is
-- called at execution.  Computing the values in the query from
-- bulk_traces.sql's formulas instead, as these scripts once did, adds an
-- EXECUTE permission check per built-in function (chr, lpad, ||,
-- arithmetic) to every execution of the agency user's query, checks that
-- the superuser skips and an application sending parameters never makes.
-- Counted with valgrind as rls_instructions.sh counts (single-user backend,
-- instructions per execution of the query by serial): 150,186 for the
-- agency user against 119,964 for the superuser with the formulas (1.25),
-- 87,633 against 79,577 with the serial sent as a parameter (1.10).
CREATE TEMP TABLE bench_own AS
SELECT row_number() OVER (ORDER BY md5(t.id::text)) AS j, t.trace_number, t.serial,
       overlay(left(t.serial::text, 7) PLACING '?' FROM 6) || '*' AS serial_pattern
  FROM etrace.trace t JOIN public.bench_rls_agency a ON a.id = t.agency_id
 ORDER BY j
 LIMIT 200;
DO $$
BEGIN
    IF (SELECT count(*) FROM bench_own) < 200 THEN
        RAISE EXCEPTION 'rls_setup.sql: the agency has fewer than 200 traces';
    END IF;
    EXECUTE format('CREATE FUNCTION public.bench_own_trace_number(j int) RETURNS etrace.trace_number
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT (%L::etrace.trace_number[])[j]',
                          (SELECT array_agg(trace_number ORDER BY j) FROM bench_own)));
    EXECUTE format('CREATE FUNCTION public.bench_own_serial(j int) RETURNS etrace.serial_number
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT (%L::etrace.serial_number[])[j]',
                          (SELECT array_agg(serial ORDER BY j) FROM bench_own)));
    EXECUTE format('CREATE FUNCTION public.bench_own_serial_pattern(j int) RETURNS text
                        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS %L',
                   format('SELECT (%L::text[])[j]',
                          (SELECT array_agg(serial_pattern ORDER BY j) FROM bench_own)));
END
$$;
-- Each pattern must find its own trace (and the serials theirs).
DO $$
BEGIN
    IF EXISTS (SELECT FROM bench_own o
                WHERE NOT EXISTS (SELECT FROM etrace.trace t
                                   WHERE t.trace_number = public.bench_own_trace_number(o.j::int)
                                     AND t.serial = public.bench_own_serial(o.j::int)
                                     AND serial_key(t.serial) ~? serial_pattern(public.bench_own_serial_pattern(o.j::int)))) THEN
        RAISE EXCEPTION 'rls_setup.sql: a value does not find its trace';
    END IF;
END
$$;

-- As autovacuum would have done by now: statistics and the visibility map
-- (for index-only scans).
VACUUM (ANALYZE) etrace.trace;
