-- The extension is installed (pg_regress loads it) in its fixed schema.
SELECT extname, extversion, extnamespace::regnamespace AS schema, extrelocatable
  FROM pg_extension WHERE extname IN ('etrace', 'pg_trgm') ORDER BY extname;
SELECT etrace.today() IS NOT NULL AS today_is_set;
SELECT rolname, rolsuper, rolbypassrls, rolcanlogin
  FROM pg_roles WHERE rolname LIKE 'etrace\_%' ORDER BY rolname;
