-- Set-up for rls_reads.sh, after bulk_traces.sql (superuser):
--   psql -v k=1 -v agencies=50 -f test/bench/rls_setup.sql
-- The database's search_path (etrace's operators), one agency user in good
-- standing, and bulk_traces.sql's formulas as functions for the
-- rls_*.pgbench scripts.  The agency is the bench agency with index :k
-- (0-based, in id order, as in bulk_traces.sql): its traces are the
-- numbers i = :k + :agencies * j.
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

-- bulk_traces.sql's numbering, serials and a pattern that finds trace i
-- (two letters, the first two digits, one unreadable digit, the fourth, the
-- rest unknown: 'AB-12?4*').  Plain immutable expressions, inlined by the
-- planner.  They stand for the parameters an application would send, but
-- they are not free alike: each built-in function in them (chr, lpad, ||,
-- arithmetic) costs a non-superuser an EXECUTE permission check at every
-- execution and the superuser none.  Counted by hand with valgrind, as
-- rls_instructions.sh does (single-user backend, instructions per query):
-- the serial helper adds about 40,000 instructions to the superuser's
-- query and 62,000 to the agency user's, and the agency/superuser ratio of
-- instructions is the same either way (1.56 with the helper, 1.56 with the
-- serial sent as a parameter), so the helpers stay.
CREATE FUNCTION public.bench_trace_number(i bigint) RETURNS etrace.trace_number
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT etrace.trace_number_make(2000 + (i / 9000000)::int, (i % 9000000 + 1)::int) $$;
CREATE FUNCTION public.bench_serial(i bigint) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT chr((65 + (i * 7) % 26)::int) || chr((65 + (i / 26 * 11) % 26)::int) || '-'
                 || lpad(((i * 7919) % 1000000)::text, 6, '0') $$;
CREATE FUNCTION public.bench_serial_pattern(i bigint) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT overlay(left(public.bench_serial(i), 7) PLACING '?' FROM 6) || '*' $$;

-- The formulas must find the agency's own traces (they are bulk_traces.sql's).
CREATE TEMP TABLE bench_check AS
SELECT count(*) FILTER (WHERE t.serial = bench_serial(x.i)::etrace.serial_number
                          AND serial_key(t.serial) ~? serial_pattern(bench_serial_pattern(x.i))) AS matched,
       count(*) AS wanted
  FROM public.bench_rls_agency a
 CROSS JOIN LATERAL (SELECT a.k + :agencies * j AS i FROM generate_series(1, 3) j) x
  LEFT JOIN etrace.trace t ON t.trace_number = bench_trace_number(x.i) AND t.agency_id = a.id;
DO $$
BEGIN
    IF (SELECT matched <> wanted OR wanted = 0 FROM bench_check) THEN
        RAISE EXCEPTION 'rls_setup.sql: the formulas do not match bulk_traces.sql''s traces';
    END IF;
END
$$;

-- As autovacuum would have done by now: statistics and the visibility map
-- (for index-only scans).
VACUUM (ANALYZE) etrace.trace;
