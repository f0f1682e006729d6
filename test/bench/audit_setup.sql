-- Set-up for audit_throughput.sh: a tracing center and one agency with its
-- MOU and duty station, two accounts of that agency that differ only in
-- etrace.audit (bench_audited: on, the default; bench_unaudited: off, set by
-- the superuser for that role in this database), the document to submit,
-- and traces to read.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
\ir bench_agency.sql
SELECT etrace.create_account(r, :agency, '{"name": "Bench"}') FROM unnest(ARRAY['bench_audited', 'bench_unaudited']) r;
ALTER ROLE bench_unaudited IN DATABASE :"db" SET etrace.audit = off;

-- 1000 traces to read, numbered k = 1..1000
CREATE TABLE public.bench_trace (k integer PRIMARY KEY, tn etrace.trace_number NOT NULL);
GRANT SELECT ON public.bench_doc, public.bench_trace TO bench_audited, bench_unaudited;
SET etrace.audit = off;
SET ROLE bench_unaudited;
CREATE TEMP TABLE made AS
SELECT i AS k, etrace.submit_trace(jsonb_set(doc, '{firearm,serial}', to_jsonb('R' || i))) AS tn
  FROM public.bench_doc, generate_series(1, 1000) i;
RESET ROLE;
INSERT INTO public.bench_trace SELECT k, tn FROM made;
