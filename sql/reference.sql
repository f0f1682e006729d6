-- reference: the reference tables (ISO 3166 from Debian's iso-codes, the NCIC
-- and trace-form code lists), etrace.label(), and who may read them.
\set VERBOSITY default

-- The hand-written code lists.
SELECT 'ncic_weapon' AS reference_table, count(*) FROM etrace.ncic_weapon
UNION ALL SELECT 'ncic_action', count(*) FROM etrace.ncic_action
UNION ALL SELECT 'ncic_offense_family', count(*) FROM etrace.ncic_offense_family
UNION ALL SELECT 'ncic_offense', count(*) FROM etrace.ncic_offense
UNION ALL SELECT 'trace_status', count(*) FROM etrace.trace_status
UNION ALL SELECT 'priority', count(*) FROM etrace.priority
UNION ALL SELECT 'untraceable_reason', count(*) FROM etrace.untraceable_reason
UNION ALL SELECT 'person_role', count(*) FROM etrace.person_role
UNION ALL SELECT 'sex', count(*) FROM etrace.sex
UNION ALL SELECT 'result_outcome', count(*) FROM etrace.result_outcome
UNION ALL SELECT 'agency_kind', count(*) FROM etrace.agency_kind
UNION ALL SELECT 'mou_language', count(*) FROM etrace.mou_language
ORDER BY 1;

--
-- ISO 3166: the tables hold exactly what the installed iso-codes JSON holds
-- (read now, as superuser), so the counts are not hard-coded here.
--
CREATE TEMP TABLE iso_3166_1 AS
    SELECT e FROM jsonb_array_elements(
        pg_read_file('/usr/share/iso-codes/json/iso_3166-1.json')::jsonb -> '3166-1') AS e;
CREATE TEMP TABLE iso_3166_2 AS
    SELECT e FROM jsonb_array_elements(
        pg_read_file('/usr/share/iso-codes/json/iso_3166-2.json')::jsonb -> '3166-2') AS e;

SELECT (SELECT count(*) FROM etrace.country) = (SELECT count(*) FROM iso_3166_1) AS same_country_count,
       (SELECT count(*) FROM etrace.subdivision) = (SELECT count(*) FROM iso_3166_2) AS same_subdivision_count,
       (SELECT count(*) FROM etrace.country) > 240 AS plausible_country_count,
       (SELECT count(*) FROM etrace.subdivision) > 4000 AS plausible_subdivision_count;

-- Codes in the table but not in the JSON, then the other way: no rows.
SELECT code::text FROM etrace.country
EXCEPT SELECT e ->> 'alpha_2' FROM iso_3166_1;
SELECT e ->> 'alpha_2' FROM iso_3166_1
EXCEPT SELECT code::text FROM etrace.country;
SELECT code FROM etrace.subdivision
EXCEPT SELECT e ->> 'code' FROM iso_3166_2;
SELECT e ->> 'code' FROM iso_3166_2
EXCEPT SELECT code FROM etrace.subdivision;

-- Every field agrees too (the parent is stored as a whole code).
SELECT code::text, alpha3::text, numeric_code::text, name_en, official_name, common_name
FROM etrace.country
EXCEPT SELECT e ->> 'alpha_2', e ->> 'alpha_3', e ->> 'numeric', e ->> 'name',
              e ->> 'official_name', e ->> 'common_name'
FROM iso_3166_1;
SELECT e ->> 'alpha_2', e ->> 'alpha_3', e ->> 'numeric', e ->> 'name',
       e ->> 'official_name', e ->> 'common_name'
FROM iso_3166_1
EXCEPT SELECT code::text, alpha3::text, numeric_code::text, name_en, official_name, common_name
FROM etrace.country;
SELECT code, country::text, type, name, parent FROM etrace.subdivision
EXCEPT SELECT e ->> 'code', left(e ->> 'code', 2), e ->> 'type', e ->> 'name',
              CASE WHEN e ->> 'parent' LIKE '%-%' THEN e ->> 'parent'
                   ELSE left(e ->> 'code', 3) || (e ->> 'parent') END
FROM iso_3166_2;
SELECT e ->> 'code', left(e ->> 'code', 2), e ->> 'type', e ->> 'name',
       CASE WHEN e ->> 'parent' LIKE '%-%' THEN e ->> 'parent'
            ELSE left(e ->> 'code', 3) || (e ->> 'parent') END
FROM iso_3166_2
EXCEPT SELECT code, country::text, type, name, parent FROM etrace.subdivision;

-- Every subdivision's country and parent exist, in the same country: no rows.
SELECT s.code FROM etrace.subdivision s
WHERE NOT EXISTS (SELECT 1 FROM etrace.country c WHERE c.code = s.country);
SELECT s.code FROM etrace.subdivision s
WHERE s.parent IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM etrace.subdivision p
                  WHERE p.code = s.parent AND p.country = s.country);

-- Translations came from the iso-codes catalogs (most country names differ).
SELECT count(*) FILTER (WHERE name_es <> name_en) > 120 AS many_spanish_names,
       count(*) FILTER (WHERE name_pt <> name_en) > 120 AS many_portuguese_names
FROM etrace.country;

-- Sample countries and subdivisions in three languages.
SELECT code, alpha3, numeric_code, name_en, name_es, name_pt, official_name
FROM etrace.country WHERE code IN ('MX', 'DE', 'BR') ORDER BY code;
SELECT code, country, type, parent, name, name_es, name_pt
FROM etrace.subdivision WHERE code IN ('MX-JAL', 'US-NY', 'BR-SP', 'GB-KEN', 'BE-WLX')
ORDER BY code;

-- NCIC samples: weapon and action letters, offense codes and their families.
SELECT code, label_en, label_es, label_pt FROM etrace.ncic_weapon
WHERE code IN ('P', 'R', 'S', 'Z') ORDER BY code;
SELECT code, label_en, label_es, label_pt FROM etrace.ncic_action
WHERE code IN ('I', 'R', 'T', 'W') ORDER BY code;
SELECT o.code, o.family, f.label_en AS family_en, o.label_en, o.label_es, o.label_pt
FROM etrace.ncic_offense o JOIN etrace.ncic_offense_family f ON f.code = o.family
WHERE o.code IN ('0911', '1201', '1314', '5202', '5212', '5217')
ORDER BY o.code;
SELECT family, count(*) FROM etrace.ncic_offense
WHERE family IN ('09', '10', '11', '12', '13', '16', '22', '23', '28', '35', '52', '53')
GROUP BY family ORDER BY family;
SELECT code FROM etrace.ncic_offense WHERE code IN ('4003', '5218', '0900');

-- The trace form's lists.
SELECT code, sort_order, label_en, label_es, label_pt FROM etrace.trace_status ORDER BY sort_order;
SELECT code, label_en, label_es, label_pt FROM etrace.untraceable_reason ORDER BY code;
SELECT code, label_en, label_es, label_pt FROM etrace.sex ORDER BY code;

--
-- etrace.label()
--
SELECT etrace.label('country', 'MX') AS en,
       etrace.label('country', 'MX', 'es') AS es,
       etrace.label('country', 'DE', 'pt') AS pt;
SELECT etrace.label('subdivision', 'US-NY', 'en') AS en,
       etrace.label('subdivision', 'US-NY', 'es') AS es,
       etrace.label('subdivision', 'US-NY', 'pt') AS pt_falls_back;
SELECT etrace.label('ncic_offense', '5212', 'en') AS en,
       etrace.label('ncic_offense', '5212', 'es') AS es,
       etrace.label('ncic_offense', '5212', 'pt') AS pt;
SELECT etrace.label('ncic_weapon', 'P'), etrace.label('ncic_action', 'I', 'es'),
       etrace.label('ncic_offense_family', '52', 'pt'), etrace.label('trace_status', 'in_progress', 'es'),
       etrace.label('priority', 'urgent', 'pt'), etrace.label('untraceable_reason', 'too_old'),
       etrace.label('person_role', 'possessor', 'es'), etrace.label('sex', 'F', 'pt'),
       etrace.label('result_outcome', 'dealer_identified', 'es'), etrace.label('agency_kind', 'ntc', 'pt'),
       etrace.label('mou_language', 'pt', 'es');
-- Unknown codes and NULLs give NULL.
SELECT etrace.label('country', 'XX') IS NULL AS unknown_country,
       etrace.label('country', 'mx') IS NULL AS lower_case,
       etrace.label('ncic_offense', '4003') IS NULL AS retired_offense,
       etrace.label('sex', NULL) IS NULL AS null_code,
       etrace.label(NULL, 'MX') IS NULL AS null_kind,
       etrace.label('country', 'MX', NULL) IS NULL AS null_lang;
-- Unknown kinds and languages are errors; no kind reaches the query unchecked.
SELECT etrace.label('countries', 'MX');
SELECT etrace.label('etrace.country', 'MX');
SELECT etrace.label('pg_authid', 'postgres');
SELECT etrace.label('country; DROP TABLE etrace.sex', 'MX');
SELECT etrace.label('country', 'MX', 'fr');
SELECT etrace.label('country', 'MX', 'EN');
SELECT p.provolatile, p.proparallel, p.proisstrict, p.prosecdef
FROM pg_proc p WHERE p.oid = 'etrace.label(text, text, text)'::regprocedure;

--
-- Ownership, row-level security and grants of every reference table.
--
SELECT c.relname, pg_get_userbyid(c.relowner) AS owner, c.relrowsecurity, c.relforcerowsecurity,
       (SELECT string_agg(p.polname || ':' || p.polcmd::text || ':' || p.polpermissive::text
                          || ':' || pg_get_expr(p.polqual, p.polrelid), ', ')
        FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
       (SELECT bool_and(has_table_privilege(r, c.oid, 'SELECT'))
        FROM unnest(ARRAY['etrace_user', 'etrace_poc', 'etrace_analyst', 'etrace_ntc',
                          'etrace_admin', 'etrace_auditor']) AS r) AS groups_select,
       (SELECT bool_or(has_table_privilege(r, c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE'))
        FROM unnest(ARRAY['etrace_user', 'etrace_poc', 'etrace_analyst', 'etrace_ntc',
                          'etrace_admin', 'etrace_auditor']) AS r) AS groups_write,
       has_table_privilege('public', c.oid, 'SELECT') AS public_select,
       obj_description(c.oid, 'pg_class') IS NOT NULL AS commented
FROM pg_class c
WHERE c.relnamespace = 'etrace'::regnamespace AND c.relkind = 'r'
  AND c.relname IN ('country', 'subdivision', 'ncic_weapon', 'ncic_action', 'ncic_offense_family',
                    'ncic_offense', 'trace_status', 'priority', 'untraceable_reason', 'person_role',
                    'sex', 'result_outcome', 'agency_kind', 'mou_language')
ORDER BY c.relname;

--
-- Who may read.  A role with none of the etrace roles is refused, first by
-- the schema, then (given USAGE on it) by the table itself.
--
CREATE ROLE regress_ref_nobody;
SET ROLE regress_ref_nobody;
SELECT count(*) FROM etrace.country;
SELECT etrace.label('country', 'MX');
RESET ROLE;
GRANT USAGE ON SCHEMA etrace TO regress_ref_nobody;
SET ROLE regress_ref_nobody;
SELECT count(*) FROM etrace.country;
SELECT code FROM etrace.subdivision WHERE code = 'MX-JAL';
SELECT code FROM etrace.ncic_offense WHERE code = '5212';
SELECT etrace.label('country', 'MX');
RESET ROLE;
REVOKE USAGE ON SCHEMA etrace FROM regress_ref_nobody;
DROP ROLE regress_ref_nobody;

-- A member of a group role reads every row and writes none.
CREATE ROLE regress_ref_reader IN ROLE etrace_user;
SET ROLE regress_ref_reader;
SELECT (SELECT count(*) FROM etrace.country) > 240 AS reads_countries,
       (SELECT count(*) FROM etrace.ncic_offense) AS offenses,
       etrace.label('country', 'BR', 'pt') AS label;
INSERT INTO etrace.sex VALUES ('X', 'Other', 'Otro', 'Outro');
UPDATE etrace.country SET name_en = 'Changed' WHERE code = 'MX';
DELETE FROM etrace.priority;
RESET ROLE;
DROP ROLE regress_ref_reader;

-- The owner's own statements go through row-level security too (FORCE), and
-- the only policy is for SELECT: nothing is inserted, updated or deleted.
SET ROLE etrace_owner;
INSERT INTO etrace.sex VALUES ('X', 'Other', 'Otro', 'Outro');
WITH changed AS (UPDATE etrace.country SET name_en = 'Changed' WHERE code = 'MX' RETURNING code)
SELECT count(*) AS updated FROM changed;
WITH removed AS (DELETE FROM etrace.priority RETURNING code)
SELECT count(*) AS deleted FROM removed;
SELECT count(*) AS sex_codes FROM etrace.sex;
RESET ROLE;
SELECT name_en FROM etrace.country WHERE code = 'MX';
SELECT count(*) AS priorities FROM etrace.priority;
