-- The extension installs its schema and roles, and the owner role cannot
-- bypass row-level security.
BEGIN;
SELECT plan(7);

SELECT has_extension('etrace', 'extension etrace is installed');
SELECT has_schema('etrace', 'schema etrace exists');
SELECT is((SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'etrace'),
          'etrace', 'the extension lives in schema etrace');
SELECT has_role('etrace_owner', 'role etrace_owner exists');
SELECT isnt_superuser('etrace_owner', 'etrace_owner is not a superuser');
SELECT is((SELECT rolbypassrls FROM pg_roles WHERE rolname = 'etrace_owner'), false,
          'etrace_owner cannot bypass row-level security');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'etrace_owner'), false,
          'etrace_owner cannot log in');

SELECT * FROM finish();
ROLLBACK;
