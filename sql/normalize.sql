-- Matching keys: manufacturer names and person names.
\pset null (null)

-- Makers: names of one maker share one key.
SELECT name, etrace.manufacturer_key(name) AS key
FROM (VALUES ('Glock'), ('GLOCK GmbH'), ('Glock Ges.m.b.H.'), ('glock inc'),
             ('Smith & Wesson'), ('Smith and Wesson'), ('S&W'), ('SMITH & WESSON CORP'),
             ('Sturm, Ruger & Co.'), ('Ruger'),
             ('Colt'), ('Colt''s Manufacturing Company'),
             ('FN'), ('FN Herstal'), ('Fabrique Nationale'),
             ('H&K'), ('Heckler & Koch'),
             ('Taurus'), ('Forjas Taurus'),
             ('Beretta'), ('Pietro Beretta'), ('Fabbrica d''Armi Pietro Beretta S.p.A.'),
             ('Sig Sauer'), ('SIG-Sauer'), ('SIG'),
             ('Kel-Tec'), ('KelTec'), ('Hi-Point'), ('Hi Point Firearms'),
             ('Springfield Armory'), ('Savage'), ('Savage Arms'),
             ('Mossberg'), ('O.F. Mossberg & Sons'), ('Remington'), ('Remington Arms Company'),
             ('Winchester'), ('Norinco'), ('China North Industries Corp.'),
             ('Izhmash'), ('Zastava'), ('Zastava Oružje'),
             ('CZ'), ('Ceska Zbrojovka'), ('Česká zbrojovka a.s.'),
             ('Bersa'), ('Walther'), ('Carl Walther GmbH'), ('Browning'), ('Marlin'),
             ('Kimber'), ('Kimber Mfg., Inc.')) AS t(name);

-- Groups: each line is one maker, every name in it has the same key.
SELECT maker, count(DISTINCT etrace.manufacturer_key(name)) AS keys
FROM (VALUES ('glock', 'Glock'), ('glock', 'GLOCK GmbH'), ('glock', 'Glock Ges.m.b.H.'),
             ('glock', 'glock inc'),
             ('s&w', 'Smith & Wesson'), ('s&w', 'Smith and Wesson'), ('s&w', 'S&W'),
             ('s&w', 'SMITH & WESSON CORP'),
             ('ruger', 'Sturm, Ruger & Co.'), ('ruger', 'Ruger'),
             ('colt', 'Colt'), ('colt', 'Colt''s Manufacturing Company')) AS t(maker, name)
GROUP BY maker ORDER BY maker;

-- Corporate suffixes go only from the end; ARMS stays; odd input.
SELECT name, etrace.manufacturer_key(name) AS key
FROM (VALUES ('Charter Arms'), ('The Acme Company'), ('Acme Co. Inc. Ltd.'), ('Co Acme'),
             ('Inc'), ('Industrias Marcati S.A. de C.V.'), ('Ижмаш'), ('Ａｃｍｅ'),
             ('Acme™ Works®'), ('&'), (''), (' ,.-/ ')) AS t(name);
SELECT etrace.manufacturer_key(NULL) IS NULL AS null_in_null_out;

-- People: accents, particles, apostrophes, hyphens; first name may be NULL.
SELECT last_name, first_name, etrace.person_name_key(last_name, first_name) AS key
FROM (VALUES ('De la Cruz', 'Juan'), ('Delacruz', 'JUAN'), ('de la cruz', 'juan'),
             ('O''Neil', 'Mary-Jane'), ('O’Neil', 'Mary Jane'), ('ONeil', 'MaryJane'),
             ('Núñez', 'José'), ('Gonçalves', 'João'), ('Müller', 'Jürgen'),
             ('Straße', 'Ægir'), ('Nguyễn', 'Thị Minh'), ('Øvergård', 'Søren'),
             ('Wałęsa', 'Łukasz'), ('Ștefănescu', 'Ion'), ('Иванов', 'иван'),
             ('Doe', NULL), ('Doe', ''), ('Doe', ' - '),
             ('', 'John'), (' ''-. ', 'John'), (NULL, 'John'), (NULL, NULL)) AS t(last_name, first_name);

-- The same person written two ways matches; different people do not.
SELECT etrace.person_name_key('De La Cruz', 'José') = etrace.person_name_key('DELACRUZ', 'JOSE') AS same_person,
       etrace.person_name_key('Cruz', 'José') = etrace.person_name_key('De la Cruz', 'José') AS cruz_is_de_la_cruz;

-- Keys are fixed points.
SELECT count(*) AS not_idempotent
FROM (VALUES ('Smith & Wesson'), ('Glock Ges.m.b.H.'), ('Česká zbrojovka a.s.'), ('Ижмаш'),
             ('The Acme Company')) AS t(name)
WHERE etrace.manufacturer_key(etrace.manufacturer_key(name)) IS DISTINCT FROM etrace.manufacturer_key(name);

-- Declared properties.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p
WHERE p.pronamespace = 'etrace'::regnamespace
  AND p.proname IN ('manufacturer_key', 'person_name_key')
ORDER BY 1;
