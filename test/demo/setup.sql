-- Demo: a tracing center, three partner agencies, their people, and a
-- handful of traces submitted and worked through the public API.
-- Run as the DBA (superuser) in a database where etrace is installed.
\set ON_ERROR_STOP 1
\pset footer off

\echo '== Agencies and bootstrap accounts (DBA)'
SELECT etrace.register_agency('{"ori": "USATF0001", "name": "National Tracing Center", "country": "US", "subdivision": "US-WV", "kind": "ntc"}') AS ntc \gset
SELECT etrace.register_agency('{"ori": "MXJAL0001", "name": "Fiscalia del Estado de Jalisco", "country": "MX", "subdivision": "MX-JAL", "kind": "foreign"}') AS jal \gset
SELECT etrace.register_agency('{"ori": "MXSON0001", "name": "Fiscalia del Estado de Sonora", "country": "MX", "subdivision": "MX-SON", "kind": "foreign"}') AS son \gset
SELECT etrace.register_agency('{"ori": "TX0570000", "name": "Dallas Police Department", "country": "US", "subdivision": "US-TX", "kind": "domestic"}') AS dal \gset
SELECT etrace.create_account('demo_ntc', :ntc, '{"name": "Nora Tracer", "title": "Trace specialist", "email": "nora@ntc.example"}');
SELECT etrace.create_account('demo_jal', :jal, '{"name": "Ana Ruiz", "title": "Agente", "email": "a.ruiz@example.mx"}');
SELECT etrace.create_account('demo_son', :son, '{"name": "Carla Soto", "email": "c.soto@example.mx"}');
SELECT etrace.create_account('demo_dal', :dal, '{"name": "Dan Smith", "email": "d.smith@example.com"}');
SELECT id, ori, name, country, subdivision, kind FROM etrace.agency ORDER BY id;

\echo '== MOUs, points of contact and duty stations'
SELECT etrace.sign_mou(g, format('{"party": "%s", "signed_on": "2025-03-%s", "signer": {"name": "%s"}, "language": "%s"}',
                                 p, d, CASE p WHEN 'ntc' THEN 'NTC Director' ELSE 'Agency head' END,
                                 CASE WHEN g = :dal THEN 'en' ELSE 'es' END)::jsonb)
  FROM unnest(ARRAY[:jal, :son, :dal]::bigint[]) g, (VALUES ('agency', '03'), ('ntc', '10')) v(p, d);
SELECT etrace.set_poc(:jal, '{"kind": "primary", "name": "Ana Ruiz", "email": "a.ruiz@example.mx", "account": 2}');
SELECT etrace.set_poc(:ntc, '{"kind": "primary", "name": "Nora Tracer", "email": "nora@ntc.example", "account": 1}');
SELECT etrace.add_duty_station(:jal, '200.57.0.0/16', 'Fiscalia HQ, Guadalajara'),
       etrace.add_duty_station(:son, '187.141.0.0/16', 'Fiscalia HQ, Hermosillo'),
       etrace.add_duty_station(:dal, '170.50.0.0/16', 'Jack Evans Police HQ'),
       etrace.add_duty_station(:ntc, '149.101.0.0/16', 'NTC, Martinsburg');
-- The demo connects over a Unix socket, which has no client address to
-- check against duty stations; a superuser allows it for this database.
ALTER DATABASE etrace_demo SET etrace.unix_socket_access = on;
SET etrace.unix_socket_access = on;
SELECT g.ori, m.party, m.signed_on, m.language, etrace.mou_in_force(g.id) AS in_force
  FROM etrace.mou_signature m JOIN etrace.agency g ON g.id = m.agency_id ORDER BY 1, 2;

\echo '== Jalisco submits three traces'
SET ROLE demo_jal;
SELECT etrace.submit_trace($${
  "request":   {"request_date": "2026-11-02", "priority": "urgent", "urgent_reason": "suspect in custody",
                "crime_code": "0911", "agency_case_number": "GDL-2026-1187",
                "officer": {"name": "Ana Ruiz", "badge": "4471", "unit": "Homicidios", "phone": "+52 33 0000 0000", "email": "a.ruiz@example.mx"}},
  "firearm":   {"serial": "ABX 123 45", "obliterated": false, "manufacturer": "Glock", "importer": "Glock Inc",
                "model": "19", "caliber": "9mm Luger", "type": "PI", "country_of_origin": "AT"},
  "recovery":  {"date": "2026-10-30", "country": "MX", "subdivision": "MX-JAL", "locality": "Guadalajara",
                "address": "Av. Juarez 100", "latitude": 20.6736, "longitude": -103.344},
  "possessor": {"last_name": "Doe", "first_name": "John", "dob": "1990-01-01", "sex": "M"},
  "associates": [{"last_name": "Roe", "first_name": "Richard", "relationship": "passenger"}]}$$) AS t1 \gset
SELECT etrace.submit_trace($${
  "request":   {"request_date": "2026-09-14", "priority": "routine", "crime_code": "5212", "agency_case_number": "GDL-2026-0950",
                "officer": {"name": "Ana Ruiz", "badge": "4471"}},
  "firearm":   {"serial": "KL-5512-B", "manufacturer": "Smith & Wesson", "importer": "", "model": "M&P Shield",
                "caliber": ".38 SPL", "type": "PR", "country_of_origin": "US"},
  "recovery":  {"date": "2026-09-10", "country": "MX", "subdivision": "MX-JAL", "locality": "Zapopan",
                "latitude": 20.7214, "longitude": -103.3918}}$$) AS t2 \gset
SELECT etrace.submit_trace($${
  "request":   {"request_date": "2026-08-01", "priority": "routine", "crime_code": "1201", "agency_case_number": "GDL-2026-0711",
                "officer": {"name": "Beto Lara"}},
  "firearm":   {"obliterated": true, "serial": "7?41*", "manufacturer": "Colt", "model": "AR-15",
                "caliber": "5.56 NATO", "type": "RI", "country_of_origin": "US"},
  "recovery":  {"date": "2026-07-28", "country": "MX", "subdivision": "MX-JAL", "locality": "Tlaquepaque",
                "latitude": 20.6409, "longitude": -103.2934}}$$) AS t3 \gset
RESET ROLE;

\echo '== Sonora recovers the same Glock again (typed differently) and another gun'
SET ROLE demo_son;
SELECT etrace.submit_trace($${
  "request":   {"request_date": "2026-11-20", "priority": "routine", "crime_code": "5202", "agency_case_number": "HMO-2026-2001",
                "officer": {"name": "Carla Soto"}},
  "firearm":   {"serial": "abx-12345", "manufacturer": "GLOCK GmbH", "importer": "Glock Inc", "model": "19",
                "caliber": "9x19", "type": "PI", "country_of_origin": "AT"},
  "recovery":  {"date": "2026-11-18", "country": "MX", "subdivision": "MX-SON", "locality": "Hermosillo",
                "latitude": 29.0729, "longitude": -110.9559}}$$) AS t4 \gset
SELECT etrace.submit_trace($${
  "request":   {"request_date": "2026-06-03", "priority": "routine", "crime_code": "5212", "agency_case_number": "HMO-2026-1020",
                "officer": {"name": "Carla Soto"}},
  "firearm":   {"serial": "DR 44 0912", "manufacturer": "Sturm, Ruger & Co.", "model": "LCP", "importer": "",
                "caliber": "380 auto", "type": "PI", "country_of_origin": "US"},
  "recovery":  {"date": "2026-06-01", "country": "MX", "subdivision": "MX-SON", "locality": "Nogales",
                "latitude": 31.3086, "longitude": -110.9422}}$$) AS t5 \gset
RESET ROLE;

\echo '== Dallas submits a domestic trace'
SET ROLE demo_dal;
SELECT etrace.submit_trace($${
  "request":   {"request_date": "2026-10-05", "priority": "routine", "crime_code": "1304", "agency_case_number": "DPD-26-88812",
                "officer": {"name": "Dan Smith", "badge": "1180"}},
  "firearm":   {"serial": "TX 55 0099", "manufacturer": "Taurus", "importer": "Taurus International", "model": "G2C",
                "caliber": "9mm", "type": "PI", "country_of_origin": "BR"},
  "recovery":  {"date": "2026-10-01", "country": "US", "subdivision": "US-TX", "locality": "Dallas",
                "latitude": 32.7767, "longitude": -96.797}}$$) AS t6 \gset
RESET ROLE;

\echo '== The tracing center works the traces'
SET ROLE demo_ntc;
SELECT etrace.start_trace(:'t1'), etrace.start_trace(:'t2'), etrace.start_trace(:'t3'),
       etrace.start_trace(:'t5'), etrace.start_trace(:'t6');
SELECT etrace.complete_trace(:'t1', $${"outcome": "purchaser_identified", "dealer_ffl": "5-74-113-01-7F-14245",
    "dealer_name": "Lone Star Guns LLC", "purchase_date": "2025-12-12",
    "purchaser": {"last_name": "Vega", "first_name": "Luis", "dob": "1996-04-21", "sex": "M"}}$$);
SELECT etrace.complete_trace(:'t2', $${"outcome": "purchaser_identified", "dealer_ffl": "9-86-013-01-8C-01234",
    "dealer_name": "Desert Sportsman", "purchase_date": "2019-02-15",
    "purchaser": {"last_name": "Hart", "first_name": "Mary", "dob": "1970-09-09", "sex": "F"}}$$);
SELECT etrace.close_untraceable(:'t3', 'serial_invalid', 'Serial ground off; partial reading only.');
SELECT etrace.complete_trace(:'t5', $${"outcome": "dealer_identified", "dealer_ffl": "9-86-019-01-8C-04567",
    "dealer_name": "Tucson Pawn & Gun", "purchase_date": "2026-01-20"}$$);
SELECT etrace.complete_trace(:'t6', $${"outcome": "purchaser_identified", "dealer_ffl": "5-75-113-01-7F-00321",
    "dealer_name": "Big D Firearms", "purchase_date": "2016-05-30",
    "purchaser": {"last_name": "Cole", "first_name": "Tom", "sex": "M"}}$$);
SELECT etrace.close_trace(:'t2');
RESET ROLE;
