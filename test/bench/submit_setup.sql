-- Set-up for submit_throughput.sh: a tracing center, one agency, the
-- submitting account, the document to submit, and the plain baseline table.
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_submitter') THEN
        CREATE ROLE bench_submitter LOGIN;
    END IF;
END $$;
\ir bench_agency.sql
SELECT etrace.create_account('bench_submitter', :agency, '{"name": "Bench"}');
-- the baseline: the same documents into a table with no constraints or indexes
CREATE TABLE public.bench_plain (doc jsonb);
GRANT SELECT ON public.bench_doc TO bench_submitter;
GRANT INSERT ON public.bench_plain TO bench_submitter;
