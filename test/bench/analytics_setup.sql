-- Set-up for analytics_reports.sh, after analytics_bulk.sql: the account the
-- reports run as (tracing-center staff: every trace is visible, none
-- masked), reachable over the loopback address, and the baselines.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_analyst') THEN
        CREATE ROLE bench_analyst LOGIN;
    END IF;
END $$;
SELECT etrace.create_account('bench_analyst', (SELECT id FROM etrace.agency WHERE kind = 'ntc'), '{"name": "Bench"}')
 WHERE NOT EXISTS (SELECT 1 FROM etrace.account WHERE role_name = 'bench_analyst');
SELECT etrace.add_duty_station((SELECT id FROM etrace.agency WHERE kind = 'ntc'), '127.0.0.1/32', 'Loopback')
 WHERE NOT EXISTS (SELECT 1 FROM etrace.duty_station WHERE network = '127.0.0.1/32');

-- The baselines of trafficking_indicators: a bare count GROUP BY over the
-- same rows (the visible traces with their results and people, masked,
-- exactly as the report reads them: etrace.report_rows_sql), grouped by
-- purchaser (the planner then reads only the traces and purchasers), and
-- grouped by purchaser, possessor and dealer (all four tables the report
-- reads).  Like the report they are SECURITY DEFINER functions owned by
-- etrace_owner (the people on a trace are not readable otherwise).
DROP FUNCTION IF EXISTS bench.indicator_rows_grouped();
CREATE SCHEMA IF NOT EXISTS bench;
CREATE OR REPLACE FUNCTION bench.indicator_rows_grouped(by_all boolean DEFAULT false) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        n bigint;
    BEGIN
        EXECUTE format('SELECT count(*) FROM (SELECT count(*) FROM (%s) r GROUP BY %s) s',
                       etrace.report_rows_sql('{}'),
                       CASE WHEN by_all THEN 'r.purchaser_name, r.purchaser_dob, r.possessor_name, r.possessor_dob, r.dealer_key'
                            ELSE 'r.purchaser_name, r.purchaser_dob' END)
           INTO n USING '{}'::jsonb, etrace.report_full_access(), etrace.report_consents(),
                        etrace.tracing_center_country();
        RETURN n;
    END
    $$;
ALTER FUNCTION bench.indicator_rows_grouped(boolean) OWNER TO etrace_owner;
GRANT USAGE ON SCHEMA bench TO bench_analyst;
GRANT EXECUTE ON FUNCTION bench.indicator_rows_grouped(boolean) TO bench_analyst;

-- The baseline of corridors: the same rows with a result, counted GROUP BY
-- source and recovery place.
CREATE OR REPLACE FUNCTION bench.corridor_rows_grouped() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL UNSAFE
    SET search_path = pg_catalog, etrace, pg_temp
    AS $$
    DECLARE
        n bigint;
    BEGIN
        EXECUTE format('SELECT count(*) FROM (SELECT count(*) FROM (%s) r WHERE r.outcome IS NOT NULL AND r.selected '
                       'GROUP BY r.source_country, r.source_subdivision, r.recovery_country, r.recovery_subdivision) s',
                       etrace.report_rows_sql('{}'))
           INTO n USING '{}'::jsonb, etrace.report_full_access(), etrace.report_consents(),
                        etrace.tracing_center_country();
        RETURN n;
    END
    $$;
ALTER FUNCTION bench.corridor_rows_grouped() OWNER TO etrace_owner;
GRANT EXECUTE ON FUNCTION bench.corridor_rows_grouped() TO bench_analyst;
