-- Demo report: the traces and a short summary, as the tracing center sees them.
\set ON_ERROR_STOP 1
\pset footer off
SET etrace.unix_socket_access = on;
SET ROLE demo_ntc;

\echo '== One trace, as get_trace returns it'
SELECT jsonb_pretty(etrace.get_trace((SELECT (d ->> 'trace_number')::etrace.trace_number
                                        FROM etrace.find_traces('{"recovery_subdivision": "MX-SON", "manufacturer": "Glock"}') d)));

\echo '== All traces'
SELECT d ->> 'trace_number' AS trace, d ->> 'agency' AS agency, d ->> 'status' AS status,
       d #>> '{recovery,date}' AS recovered, d #>> '{recovery,locality}' AS locality,
       d #>> '{firearm,manufacturer}' AS make, d #>> '{firearm,caliber_canonical}' AS caliber,
       coalesce(d #>> '{result,time_to_crime_days}', d #>> '{result,untraceable_reason}') AS "ttc days / reason",
       jsonb_array_length(d -> 'linked_traces') AS earlier
  FROM etrace.find_traces('{}') d;

\echo '== Traces by status and recovery country'
SELECT d #>> '{recovery,country}' AS country, d ->> 'status' AS status, count(*)
  FROM etrace.find_traces('{"limit": 10000}') d GROUP BY 1, 2 ORDER BY 1, 2;

\echo '== Time-to-crime of completed traces'
SELECT count(*) AS traced,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY (d #>> '{result,time_to_crime_days}')::int) AS median_days,
       round(avg(((d #>> '{result,time_to_crime_days}')::int <= 365)::int), 2) AS share_within_1_year,
       round(avg(((d #>> '{result,time_to_crime_days}')::int <= 3 * 365)::int), 2) AS share_within_3_years
  FROM etrace.find_traces('{"limit": 10000}') d
 WHERE d #>> '{result,time_to_crime_days}' IS NOT NULL;

\echo '== Serial search: the ABX* family, and a full serial against partly readable ones'
SELECT * FROM etrace.search_serial('ABX*');
SELECT * FROM etrace.search_serial('7341-552', include_partial => true);
RESET ROLE;
