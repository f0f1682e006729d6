-- etrace's settings set for a database (ALTER DATABASE ... SET) reach the
-- parallel workers of a maintenance command without a warning: a worker
-- loads etrace's library while in parallel mode, and the settings accept
-- the database's value there (GUC_ALLOW_IN_PARALLEL).
SELECT current_database() AS db \gset
ALTER DATABASE :"db" SET etrace.unix_socket_access = on;
ALTER DATABASE :"db" SET etrace.short_ttc_days = 1000;
CREATE TABLE serial_build (s etrace.serial_number);
INSERT INTO serial_build SELECT ('SN' || lpad(i::text, 6, '0'))::etrace.serial_number FROM generate_series(1, 200000) i;
-- a new session: the database's settings are placeholders until the
-- library loads
\c
SET max_parallel_maintenance_workers = 2;
SET min_parallel_table_scan_size = 0;
SET maintenance_work_mem = '128MB';
-- the DEBUG message shows the build asks for parallel workers; each one
-- used to warn 'parameter "etrace.…" cannot be set during a parallel
-- operation' and run with the default values
SET client_min_messages = debug1;
CREATE INDEX serial_build_s ON serial_build (s);
RESET client_min_messages;
SHOW etrace.short_ttc_days;
DROP TABLE serial_build;
ALTER DATABASE :"db" RESET etrace.unix_socket_access;
ALTER DATABASE :"db" RESET etrace.short_ttc_days;
