-- Shared by submit_setup.sql and audit_setup.sql (\ir): a tracing center and
-- one agency in good standing -- an MOU signed by both parties, loopback as
-- a duty station and, because pgbench may connect over the Unix socket,
-- socket access in this database -- and the document the benchmarks submit
-- (public.bench_doc).  Sets :agency to the agency's id.
CREATE EXTENSION IF NOT EXISTS etrace CASCADE;
SET etrace.unix_socket_access = on;
SELECT etrace.register_agency('{"ori": "USATF0001", "name": "NTC", "country": "US", "kind": "ntc"}') AS ntc \gset
SELECT etrace.register_agency('{"ori": "MXJAL0001", "name": "Jalisco", "country": "MX", "subdivision": "MX-JAL", "kind": "foreign"}') AS agency \gset
SELECT etrace.sign_mou(:agency, format('{"party": "%s", "signed_on": "2025-01-15", "signer": {"name": "Signer"}, "language": "es"}', p)::jsonb)
  FROM unnest(ARRAY['agency', 'ntc']) p;
SELECT etrace.add_duty_station(:agency, n::cidr, 'Loopback') FROM unnest(ARRAY['127.0.0.0/16', '::1/128']) n;
SELECT current_database() AS db \gset
ALTER DATABASE :"db" SET etrace.unix_socket_access = on;
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
