-- Set-up for audit_throughput.sh: a tracing center and one agency with its
-- MOU and duty station, two accounts of that agency that differ only in
-- etrace.audit (bench_audited: on, the default; bench_unaudited: off, set by
-- the superuser for that role in this database), the document to submit,
-- and traces to read.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS etrace CASCADE;
SET etrace.unix_socket_access = on;
SELECT etrace.register_agency('{"ori": "USATF0001", "name": "NTC", "country": "US", "kind": "ntc"}') AS ntc \gset
SELECT etrace.register_agency('{"ori": "MXJAL0001", "name": "Jalisco", "country": "MX", "subdivision": "MX-JAL", "kind": "foreign"}') AS agency \gset
SELECT etrace.sign_mou(:agency, format('{"party": "%s", "signed_on": "2025-01-15", "signer": {"name": "Signer"}, "language": "es"}', p)::jsonb)
  FROM unnest(ARRAY['agency', 'ntc']) p;
SELECT etrace.add_duty_station(:agency, '127.0.0.0/16', 'Loopback');
SELECT etrace.create_account(r, :agency, '{"name": "Bench"}') FROM unnest(ARRAY['bench_audited', 'bench_unaudited']) r;
-- both may work over the Unix socket too (pgbench may use either)
SELECT current_database() AS db \gset
ALTER DATABASE :"db" SET etrace.unix_socket_access = on;
ALTER ROLE bench_unaudited IN DATABASE :"db" SET etrace.audit = off;

CREATE TABLE public.bench_doc (doc jsonb NOT NULL);
INSERT INTO public.bench_doc VALUES ($${
  "request":   {"request_date": "2026-11-02", "priority": "urgent", "urgent_reason": "suspect in custody",
                "crime_code": "5212", "agency_case_number": "GDL-2026-1187",
                "officer": {"name": "Ana Ruiz", "badge": "4471", "unit": "Homicidios", "phone": "+52 33 0000 0000", "email": "a.ruiz@example.mx"}},
  "firearm":   {"serial": "ABX 123 45", "obliterated": false, "manufacturer": "Glock", "importer": "Glock Inc",
                "model": "19", "caliber": "9mm Luger", "type": "PI", "country_of_origin": "AT", "markings": ""},
  "recovery":  {"date": "2026-10-30", "country": "MX", "subdivision": "MX-JAL", "locality": "Guadalajara",
                "address": "Av. Juarez 100", "latitude": 20.6736, "longitude": -103.344},
  "possessor": {"last_name": "Doe", "first_name": "John", "dob": "1990-01-01", "sex": "M"},
  "associates": [{"last_name": "Roe", "first_name": "Richard", "relationship": "passenger"}]}$$);

-- 1000 traces to read, numbered k = 1..1000
CREATE TABLE public.bench_trace (k integer PRIMARY KEY, tn etrace.trace_number NOT NULL);
GRANT SELECT ON public.bench_doc, public.bench_trace TO bench_audited, bench_unaudited;
SET etrace.audit = off;
SET ROLE bench_unaudited;
CREATE TEMP TABLE made AS
SELECT i AS k, etrace.submit_trace(jsonb_set(doc, '{firearm,serial}', to_jsonb('R' || i))) AS tn
  FROM public.bench_doc, generate_series(1, 1000) i;
RESET ROLE;
INSERT INTO public.bench_trace SELECT k, tn FROM made;
