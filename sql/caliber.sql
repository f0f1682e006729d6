-- Caliber canonicalization: common spellings of one cartridge map to one
-- designation, close cartridges stay apart, unknown calibers are NULL.
\pset null (null)

-- Every required spelling, with its canonical designation and family.
SELECT spelling, etrace.caliber_canonical(spelling) AS canonical,
       etrace.caliber_family(spelling) AS family
FROM (VALUES ('.38 SPL'), ('38 special'), ('.38 Special'), ('38spl'),
             ('9mm'), ('9x19'), ('9mm Luger'), ('9 mm Parabellum'), ('9x19mm'), ('9mm Para'),
             ('12 ga'), ('12GA'), ('12 gauge'), ('12-gauge'),
             ('.380 ACP'), ('380 auto'), ('9mm Kurz'), ('9x17'),
             ('.223 Remington'), ('.223'), ('223 Rem'),
             ('5.56x45mm NATO'), ('5.56'), ('5.56 NATO'), ('5.56x45')) AS t(spelling);

-- More spellings users type.
SELECT spelling, etrace.caliber_canonical(spelling) AS canonical
FROM (VALUES ('.38 Special +P'), ('38 S&W Special'), ('calibre .38 especial'),
             ('9×19'), ('9 x 19 mm'), ('9mm NATO'), ('12 bore'), ('.410'), ('410 gauge'),
             ('.22 Long Rifle'), ('22lr'), ('.22 Magnum'), ('.22 Win Mag'),
             ('7.62x54R'), ('7,62x54mmR'), ('.30-06'), ('30.06 Sprg'), ('300 Blackout'),
             ('.40 Smith & Wesson'), ('.40 cal'), ('10mm'), ('.45 auto'), ('.45 Long Colt'),
             ('.44 Rem Mag'), ('.357 mag'), ('.357 SIG'), ('.50 Action Express'),
             ('12.7x99mm NATO'), ('6.5 CM'), ('7.62 Tokarev'), ('9mm Makarov'),
             ('7mm Rem Mag'), ('.300 WM'), ('.338 Lapua'), ('5.7x28'), ('4.6x30mm')) AS t(spelling);

-- Close but different cartridges stay different.
SELECT a, b, etrace.caliber_canonical(a) AS canonical_a, etrace.caliber_canonical(b) AS canonical_b,
       etrace.caliber_canonical(a) IS DISTINCT FROM etrace.caliber_canonical(b) AS different
FROM (VALUES ('.380 ACP', '.38 Special'), ('380 auto', '38 spl'), ('9mm Kurz', '9mm'),
             ('9x17', '9x19'), ('9x18', '9x19'), ('.38 S&W', '.38 Special'),
             ('.38 Super', '.38 Special'), ('.357 SIG', '.357 Magnum'),
             ('.44 Special', '.44 Magnum'), ('.223', '5.56'), ('.308', '7.62x51'),
             ('7.62x39', '7.62x51'), ('.22 LR', '.22 WMR'), ('.45 ACP', '.45 Colt'),
             ('7.65 Browning', '7.65 Para')) AS t(a, b);

-- Related (same family) but distinct designations.
SELECT a, b, etrace.caliber_family(a) AS family,
       etrace.caliber_family(a) = etrace.caliber_family(b) AS same_family,
       etrace.caliber_canonical(a) <> etrace.caliber_canonical(b) AS distinct_designation
FROM (VALUES ('.223 Rem', '5.56 NATO'), ('.223', '5.56x45'), ('.308 Win', '7.62 NATO')) AS t(a, b);
SELECT etrace.caliber_family('.38 Special') = etrace.caliber_family('.357 Magnum') AS same_family;

-- Unknown or ambiguous: NULL, never an error and never a guess.
SELECT spelling, etrace.caliber_canonical(spelling) AS canonical,
       etrace.caliber_family(spelling) AS family
FROM (VALUES (''), ('   '), ('.38'), ('.22'), ('.45'), ('7.62'), ('9'), ('12'),
             ('9x21'), ('.22 Jet'), ('blue'), ('12 ga ga'), ('mm'), ('+P')) AS t(spelling);
SELECT etrace.caliber_canonical(NULL) IS NULL AS null_in_null_out,
       etrace.caliber_family(NULL) IS NULL AS family_null,
       etrace.caliber_canonical(repeat('9mm ', 1000)) IS NULL AS long_input_unknown,
       etrace.caliber_canonical(repeat(' ', 10000) || '9mm' || repeat('.', 10000)) AS padded;

-- The catalog: size, every designation is its own canonical form, families.
SELECT count(*) AS cartridges, count(DISTINCT designation) AS distinct_designations,
       count(DISTINCT family) AS families
FROM etrace.calibers();
SELECT count(*) AS not_own_canonical
FROM etrace.calibers()
WHERE etrace.caliber_canonical(designation) IS DISTINCT FROM designation
   OR etrace.caliber_family(designation) IS DISTINCT FROM family;
SELECT designation, family FROM etrace.calibers() ORDER BY designation COLLATE "C";
SELECT designation FROM etrace.calibers() WHERE family <> designation ORDER BY designation COLLATE "C";

-- Declared properties.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel, p.proretset,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
FROM pg_proc p
WHERE p.pronamespace = 'etrace'::regnamespace AND p.proname LIKE 'caliber%'
ORDER BY 1;
