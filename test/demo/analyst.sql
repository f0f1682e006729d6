-- The account test/demo/report.sql runs as: demo_analyst, an analyst of
-- the tracing center (the agency of kind 'ntc').  Run as the DBA after the
-- data is loaded, whichever loader made it; running it again changes
-- nothing.
--
-- Groups: etrace_analyst for the reports, and etrace_ntc, with which the
-- tracing center's staff see the traces of every agency (an analyst
-- without it sees only the traces of the center's own agency).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

SELECT count(*) = 1 AS has_ntc FROM etrace.agency WHERE kind = 'ntc' \gset
\if :has_ntc
\else
\echo 'analyst.sql: the data has no tracing center (an agency of kind ntc)'
\quit
\endif

SELECT etrace.create_account('demo_analyst', g.id,
                             '{"name": "Alex Moreno", "title": "Intelligence research specialist", "email": "a.moreno@ntc.example"}',
                             ARRAY['etrace_ntc', 'etrace_analyst'])
  FROM etrace.agency g
 WHERE g.kind = 'ntc'
   AND NOT EXISTS (SELECT 1 FROM etrace.account a WHERE a.role_name = 'demo_analyst');

-- The demo connects over the cluster's Unix socket, which has no client
-- address to check against the tracing center's duty stations.
SELECT format('ALTER DATABASE %I SET etrace.unix_socket_access = on', current_database()) \gexec
