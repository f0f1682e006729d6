--
-- Trace document validation: etrace.validate_trace() lists every problem,
-- etrace.check_trace() raises the first one or returns the normalized
-- document.
--
\set VERBOSITY default
\set SHOW_CONTEXT never
SET search_path = public, etrace;

-- The document of DESIGN.md, with dates in 2024.
CREATE FUNCTION pg_temp.base() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
SELECT '{
  "request":   {"request_date": "2024-11-02", "priority": "urgent",
                "urgent_reason": "suspect in custody", "special_instructions": "",
                "crime_code": "5212", "agency_case_number": "GDL-2024-1187",
                "officer": {"name": "Ana Ruiz", "badge": "4471", "unit": "Homicidios",
                            "phone": "+52 33 0000 0000", "email": "a.ruiz@example.mx"}},
  "firearm":   {"serial": "ABX 123 45", "obliterated": false, "manufacturer": "Glock",
                "importer": "Glock Inc", "model": "19", "caliber": "9mm Luger",
                "type": "PI", "country_of_origin": "AT", "markings": ""},
  "recovery":  {"date": "2024-10-30", "country": "MX", "subdivision": "MX-JAL",
                "locality": "Guadalajara", "address": "Av. Juarez 100",
                "latitude": 20.6736, "longitude": -103.344},
  "possessor": {"last_name": "Doe", "first_name": "John", "middle_name": "",
                "suffix": "", "aliases": [], "dob": "1990-01-01", "sex": "M",
                "address": {"street": "", "locality": "", "subdivision": "",
                            "country": "MX", "postal_code": ""}},
  "associates": [{"last_name": "Roe", "first_name": "Richard", "relationship": "passenger"}]
}'::jsonb
$$;

-- The base document with one field set (path like 'firearm.serial' or
-- 'associates.0.dob') or removed.
CREATE FUNCTION pg_temp.with(path text, value jsonb) RETURNS jsonb LANGUAGE sql AS
$$ SELECT jsonb_set(pg_temp.base(), string_to_array(path, '.'), value) $$;
CREATE FUNCTION pg_temp.without(path text) RETURNS jsonb LANGUAGE sql AS
$$ SELECT pg_temp.base() #- string_to_array(path, '.') $$;

-- check_trace's error as a row: SQLSTATE, column (the JSON path), message, detail.
CREATE FUNCTION pg_temp.check_error(doc jsonb)
RETURNS TABLE(state text, column_name text, message text, detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM etrace.check_trace(doc);
    state := 'none';
    RETURN NEXT;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, column_name = COLUMN_NAME,
                            message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN NEXT;
END
$$;

--
-- The valid document: no problems, and its normalized form.
--
SELECT * FROM validate_trace(pg_temp.base());
SELECT jsonb_pretty(check_trace(pg_temp.base()));
-- normalizing is idempotent: a normalized document passes and stays the same
SELECT check_trace(check_trace(pg_temp.base())) = check_trace(pg_temp.base()) AS idempotent;

-- Normalization: strings trimmed, null optional fields dropped, defaults added.
SELECT check_trace(pg_temp.with('firearm.manufacturer', '"  Glock  "')) -> 'firearm' ->> 'manufacturer' AS trimmed;
SELECT check_trace(pg_temp.with('request.officer.email', E'"\\n a.ruiz@example.mx\\t"')) #>> '{request,officer,email}' AS trimmed_email;
SELECT NOT (check_trace(pg_temp.with('firearm.markings', 'null')) -> 'firearm' ? 'markings') AS null_dropped;
SELECT check_trace(pg_temp.without('firearm.obliterated')) #> '{firearm,obliterated}' AS obliterated_default;
SELECT check_trace(pg_temp.without('associates')) -> 'associates' AS associates_default;
SELECT check_trace(pg_temp.with('associates', 'null')) -> 'associates' AS null_associates;
SELECT check_trace(pg_temp.with('firearm.caliber', '" .38 spl "')) -> 'firearm' ->> 'caliber' AS caliber,
       check_trace(pg_temp.with('firearm.caliber', '" .38 spl "')) -> 'firearm' ->> 'caliber_canonical' AS caliber_canonical;
SELECT check_trace(pg_temp.with('firearm.caliber', '"Martian 7.7"')) #> '{firearm,caliber_canonical}' AS unrecognized_caliber;
SELECT check_trace(pg_temp.with('firearm.caliber_canonical', '"whatever"')) #> '{firearm,caliber_canonical}'
     = check_trace(pg_temp.base()) #> '{firearm,caliber_canonical}' AS caliber_canonical_recomputed;
SELECT check_trace(pg_temp.without('possessor')) ? 'possessor' AS possessor_absent,
       check_trace(pg_temp.with('possessor', 'null')) ? 'possessor' AS possessor_null;

--
-- The document itself.
--
SELECT * FROM validate_trace('[]');
SELECT * FROM validate_trace('"a trace"');
SELECT * FROM validate_trace('null');
SELECT * FROM validate_trace('42');
SELECT * FROM validate_trace('{}');
SELECT * FROM validate_trace(pg_temp.with('result', '{"outcome": "dealer_identified"}'));
SELECT * FROM validate_trace(pg_temp.with('firearm', '"Glock 19"'));
SELECT * FROM validate_trace(pg_temp.with('recovery', '[]'));
SELECT * FROM validate_trace(pg_temp.with('request', 'null'));

--
-- request
--
SELECT * FROM validate_trace(pg_temp.without('request.request_date'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"2024-1-5"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"2024-11-02T10:00"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"02/11/2024"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"2023-02-29"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"1899-12-31"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"2024-10-29"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '"2024-10-30"'));
SELECT * FROM validate_trace(pg_temp.with('request.request_date', '20241102'));
SELECT * FROM validate_trace(pg_temp.with('request.priority', '"asap"'));
SELECT * FROM validate_trace(pg_temp.with('request.priority', '"URGENT"'));
SELECT * FROM validate_trace(pg_temp.without('request.priority'));
SELECT * FROM validate_trace(pg_temp.with('request.urgent_reason', '"   "'));
SELECT * FROM validate_trace(pg_temp.without('request.urgent_reason'));
SELECT * FROM validate_trace(jsonb_set(pg_temp.without('request.urgent_reason'), '{request,priority}', '"routine"'));
SELECT * FROM validate_trace(pg_temp.with('request.urgent_reason', to_jsonb(repeat('x', 501))));
SELECT * FROM validate_trace(pg_temp.with('request.urgent_reason', to_jsonb(repeat('x', 500))));
SELECT * FROM validate_trace(pg_temp.with('request.special_instructions', to_jsonb(repeat('é', 2000))));
SELECT * FROM validate_trace(pg_temp.with('request.special_instructions', to_jsonb(repeat('é', 2001))));
SELECT * FROM validate_trace(pg_temp.with('request.special_instructions', '"call\nfirst"'));
SELECT * FROM validate_trace(pg_temp.with('request.crime_code', '"52"'));
SELECT * FROM validate_trace(pg_temp.with('request.crime_code', '"52a2"'));
SELECT * FROM validate_trace(pg_temp.with('request.crime_code', '"0000"'));
SELECT * FROM validate_trace(pg_temp.with('request.crime_code', '5212'));
SELECT * FROM validate_trace(pg_temp.with('request.agency_case_number', to_jsonb(repeat('9', 41))));
SELECT * FROM validate_trace(pg_temp.with('request.agency_case_number', '""'));
SELECT * FROM validate_trace(pg_temp.without('request.officer'));
SELECT * FROM validate_trace(pg_temp.with('request.officer', '"Ana Ruiz"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.name', '" "'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.rank', '"sergeant"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.badge', '4471'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.badge', to_jsonb(repeat('4', 21))));
SELECT * FROM validate_trace(pg_temp.with('request.officer.phone', '"33 1234 ext 5"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.phone', '"33+1234"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.phone', '"(--)"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', '"a.ruiz.example.mx"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', '"a@ruiz@example.mx"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', '"@example.mx"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', '"a.ruiz@localhost"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', '"a ruiz@example.mx"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', '"a.ruiz@example..mx"'));
SELECT * FROM validate_trace(pg_temp.with('request.officer.email', to_jsonb(repeat('a', 250) || '@x.mx')));

--
-- firearm
--
-- a misspelt key is reported, never dropped
SELECT * FROM validate_trace(jsonb_set(pg_temp.without('firearm.serial'), '{firearm,serail}', '"ABX 123 45"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.serial', '"AB#123"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.serial', to_jsonb(repeat('A', 41))));
SELECT * FROM validate_trace(pg_temp.with('firearm.serial', '"AB?12*"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.serial', '12345'));
-- obliterated: the serial may be absent, or a partial pattern
SELECT * FROM validate_trace(jsonb_set(pg_temp.without('firearm.serial'), '{firearm,obliterated}', 'true'));
SELECT * FROM validate_trace(jsonb_set(pg_temp.with('firearm.serial', '"AB?12*"'), '{firearm,obliterated}', 'true'));
SELECT * FROM validate_trace(jsonb_set(pg_temp.with('firearm.serial', '"AB_12"'), '{firearm,obliterated}', 'true'));
SELECT * FROM validate_trace(pg_temp.with('firearm.obliterated', '"yes"'));
SELECT * FROM validate_trace(pg_temp.without('firearm.manufacturer'));
SELECT * FROM validate_trace(pg_temp.without('firearm.importer'));
SELECT * FROM validate_trace(jsonb_set(pg_temp.without('firearm.importer'), '{firearm,country_of_origin}', '"MX"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.importer', to_jsonb(repeat('i', 101))));
SELECT * FROM validate_trace(pg_temp.without('firearm.model'));
SELECT * FROM validate_trace(pg_temp.without('firearm.caliber'));
SELECT * FROM validate_trace(pg_temp.with('firearm.caliber', to_jsonb(repeat('9', 41))));
SELECT * FROM validate_trace(pg_temp.with('firearm.caliber_canonical', '9'));
SELECT * FROM validate_trace(pg_temp.with('firearm.type', '"P"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.type', '"P1"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.type', '"YI"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.type', '"PZ"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.type', '"YQ"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.type', '"pi"'));
SELECT * FROM validate_trace(pg_temp.without('firearm.type'));
SELECT * FROM validate_trace(pg_temp.with('firearm.country_of_origin', '"XX"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.country_of_origin', '"at"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.country_of_origin', '"AUT"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.markings', '"scratched \u0007 here"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.markings', '"\u0085"'));
SELECT * FROM validate_trace(pg_temp.with('firearm.markings', to_jsonb(repeat('m', 501))));

--
-- recovery
--
-- dates relative to the tracing center's date, not printed
SELECT field, code FROM validate_trace(pg_temp.with('recovery.date', to_jsonb(to_char(etrace.today() + 1, 'YYYY-MM-DD'))));
SELECT field, code FROM validate_trace(pg_temp.with('request.request_date', to_jsonb(to_char(etrace.today() + 1, 'YYYY-MM-DD'))));
SELECT field, code FROM validate_trace(jsonb_set(pg_temp.with('recovery.date', to_jsonb(to_char(etrace.today() - 1, 'YYYY-MM-DD'))),
                                                 '{request,request_date}', to_jsonb(to_char(etrace.today(), 'YYYY-MM-DD'))));
SELECT * FROM validate_trace(pg_temp.with('recovery.date', '"1899-12-31"'));
SELECT * FROM validate_trace(pg_temp.with('recovery.date', '"1900-01-01"'));
SELECT * FROM validate_trace(pg_temp.with('recovery.date', '"2024-02-30"'));
SELECT * FROM validate_trace(pg_temp.without('recovery.date'));
SELECT * FROM validate_trace(pg_temp.without('recovery.country'));
SELECT * FROM validate_trace(pg_temp.with('recovery.country', '"ZZ"'));
SELECT * FROM validate_trace(pg_temp.with('recovery.subdivision', '"US-TX"'));
SELECT * FROM validate_trace(pg_temp.with('recovery.subdivision', '"MX-ZZZ"'));
SELECT * FROM validate_trace(pg_temp.with('recovery.subdivision', '"mx-jal"'));
SELECT * FROM validate_trace(pg_temp.with('recovery.subdivision', 'null'));
SELECT * FROM validate_trace(pg_temp.with('recovery.locality', to_jsonb(repeat('l', 101))));
SELECT * FROM validate_trace(pg_temp.with('recovery.address', to_jsonb(repeat('a', 201))));
SELECT * FROM validate_trace(pg_temp.with('recovery.latitude', '90.0001'));
SELECT * FROM validate_trace(pg_temp.with('recovery.latitude', '-90'));
SELECT * FROM validate_trace(pg_temp.with('recovery.longitude', '-180.5'));
SELECT * FROM validate_trace(pg_temp.with('recovery.longitude', '1e400'));
SELECT * FROM validate_trace(pg_temp.with('recovery.latitude', '"20.6736"'));
SELECT * FROM validate_trace(pg_temp.without('recovery.longitude'));
SELECT * FROM validate_trace(pg_temp.without('recovery.latitude') #- '{recovery,longitude}');
SELECT * FROM validate_trace(pg_temp.with('recovery.latitude', 'null'));

--
-- possessor and associates
--
SELECT * FROM validate_trace(pg_temp.with('possessor', '"John Doe"'));
SELECT * FROM validate_trace(pg_temp.without('possessor.last_name'));
SELECT * FROM validate_trace(pg_temp.with('possessor.last_name', to_jsonb(repeat('D', 61))));
SELECT * FROM validate_trace(pg_temp.with('possessor.nickname', '"JD"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.dob', '"2024-10-31"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.dob', '"2024-10-30"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.dob', '"1899-06-01"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.dob', '"1990-1-1"'));
SELECT field, code FROM validate_trace(pg_temp.with('possessor.dob', to_jsonb(to_char(etrace.today() + 1, 'YYYY-MM-DD'))));
SELECT * FROM validate_trace(pg_temp.with('possessor.sex', '"X"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.sex', 'true'));
SELECT * FROM validate_trace(pg_temp.with('possessor.aliases', '"Johnny"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.aliases', '["Johnny", null, 7, "", "ok"]'));
SELECT * FROM validate_trace(pg_temp.with('possessor.aliases', to_jsonb(ARRAY[repeat('a', 101)])));
SELECT * FROM validate_trace(pg_temp.with('possessor.aliases', (SELECT jsonb_agg('alias ' || i) FROM generate_series(1, 21) i)));
SELECT * FROM validate_trace(pg_temp.with('possessor.aliases', (SELECT jsonb_agg('alias ' || i) FROM generate_series(1, 20) i)));
SELECT * FROM validate_trace(pg_temp.with('possessor.address', '"Calle 1"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.address.subdivision', '"US-TX"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.address.country', '"US"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.address.country', '"Mexico"'));
SELECT * FROM validate_trace(pg_temp.with('possessor.address.postal_code', to_jsonb(repeat('4', 21))));
SELECT * FROM validate_trace(pg_temp.with('possessor.address.zip', '"44100"'));
-- an address subdivision with no country is checked for existence only
SELECT * FROM validate_trace(jsonb_set(pg_temp.without('possessor.address.country'),
                                       '{possessor,address,subdivision}', '"US-TX"'));
SELECT * FROM validate_trace(pg_temp.with('associates', '{"last_name": "Roe"}'));
SELECT * FROM validate_trace(pg_temp.with('associates', '[{"last_name": "Roe"}, "Moe", {"first_name": "Poe"}]'));
SELECT * FROM validate_trace(pg_temp.with('associates.0.relationship', to_jsonb(repeat('r', 61))));
SELECT * FROM validate_trace(pg_temp.with('associates.0.dob', '"2025-13-01"'));
SELECT * FROM validate_trace(pg_temp.with('associates.0.aliases', '["Dick", "  "]'));
SELECT * FROM validate_trace(pg_temp.with('associates.0.address', '{"country": "MX", "subdivision": "US-TX"}'));
SELECT * FROM validate_trace(pg_temp.with('associates.0.relation', '"passenger"'));
SELECT * FROM validate_trace(pg_temp.with('associates', (SELECT jsonb_agg(jsonb_build_object('last_name', 'Roe ' || i)) FROM generate_series(1, 50) i)));
-- more than 50: reported once; only the first 50 are checked (the 51st is broken)
SELECT * FROM validate_trace(pg_temp.with('associates', (SELECT jsonb_agg(jsonb_build_object('last_name', 'Roe ' || i)) FROM generate_series(1, 50) i) || '[{"bad": 1}]'));

--
-- Many problems at once, in document order: unknown keys of an object
-- first, then its fields in schema order; sections in the order request,
-- firearm, recovery, possessor, associates.
--
SELECT * FROM validate_trace('{
  "request":  {"request_date": "2024-02-30", "priority": "urgent", "crime_code": "52",
               "officer": {"name": "", "email": "nobody", "rank": 3}},
  "firearm":  {"serail": "ABX 123 45", "obliterated": "no", "manufacturer": "Glock",
               "model": 19, "caliber": "9mm", "type": "pi", "country_of_origin": "AT"},
  "recovery": {"date": "2024-10-30", "country": "MX", "subdivision": "US-TX", "latitude": 95},
  "possessor": {"first_name": "John", "dob": "2025-01-01", "sex": "male",
                "aliases": ["J", 2], "address": {"country": "mx", "street": null}},
  "associates": [{"last_name": "Roe"}, [], {"last_name": "  ", "dob": "1890-01-01"}],
  "status": "submitted"
}');

--
-- check_trace raises the first problem: SQLSTATE by problem, the JSON path
-- as the error's column name, every problem in the detail.
--
SELECT check_trace(pg_temp.without('firearm.serial'));
SELECT check_trace(pg_temp.with('request.request_date', '"2024-1-5"'));
SELECT check_trace('[1, 2]');
SELECT * FROM pg_temp.check_error(pg_temp.base());
SELECT * FROM pg_temp.check_error(pg_temp.without('firearm.serial'));
SELECT * FROM pg_temp.check_error(jsonb_set(pg_temp.without('firearm.serial'), '{firearm,serail}', '"ABX 123 45"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('firearm.serial', to_jsonb(repeat('A', 41))));
SELECT * FROM pg_temp.check_error(pg_temp.with('firearm.serial', '"AB#123"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('request.request_date', '"2024-1-5"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('request.request_date', '"2023-02-29"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('request.request_date', '"2024-10-01"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('recovery.latitude', '-91'));
SELECT * FROM pg_temp.check_error(pg_temp.with('recovery.subdivision', '"US-TX"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('firearm.type', '"ZZ"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('request.officer.email', '"a@b"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('possessor.aliases', (SELECT jsonb_agg('alias ' || i) FROM generate_series(1, 21) i)));
SELECT * FROM pg_temp.check_error('"not an object"');
SELECT state, column_name, message ~ '^invalid trace document: recovery.date: Date "[-0-9]{10}" is in the future$' AS message_ok
  FROM pg_temp.check_error(pg_temp.with('recovery.date', to_jsonb(to_char(etrace.today() + 1, 'YYYY-MM-DD'))));

--
-- Hostile documents: deep nesting, huge arrays and objects, wrong types
-- everywhere.  Nothing crashes; the work and the list stay bounded.
--
SELECT * FROM validate_trace(pg_temp.with('firearm.extra', (repeat('[', 5000) || repeat(']', 5000))::jsonb));
SELECT * FROM validate_trace(pg_temp.with('firearm', (repeat('{"a":', 2000) || '1' || repeat('}', 2000))::jsonb));
SELECT count(*) FROM validate_trace(pg_temp.with('associates', (SELECT jsonb_agg(i) FROM generate_series(1, 100000) i)));
SELECT * FROM validate_trace(pg_temp.with('associates', (SELECT jsonb_agg('{}'::jsonb) FROM generate_series(1, 100000) i))) LIMIT 3;
-- more problems than the list holds: a closing note says how many were left out
SELECT count(*) FROM validate_trace((SELECT jsonb_object_agg('k' || i, i) FROM generate_series(1, 5000) i));
SELECT * FROM validate_trace((SELECT jsonb_object_agg('k' || i, i) FROM generate_series(1, 5000) i)) OFFSET 999;
SELECT count(*) FROM validate_trace(jsonb_build_object('request', 1, 'firearm', 'x', 'recovery', true, 'possessor', 1.5, 'associates', 'none'));
SELECT * FROM validate_trace('{"request": [], "firearm": [], "recovery": null, "possessor": [], "associates": {}}');
SELECT * FROM validate_trace(jsonb_build_object('request', jsonb_build_object(
    'request_date', '[]'::jsonb, 'priority', '{}'::jsonb, 'urgent_reason', 1, 'special_instructions', true,
    'crime_code', '[5212]'::jsonb, 'agency_case_number', 0, 'officer', '[]'::jsonb),
    'firearm', jsonb_build_object('serial', '{}'::jsonb, 'obliterated', 0, 'type', '[]'::jsonb),
    'recovery', jsonb_build_object('date', 20241030, 'country', '{}'::jsonb, 'latitude', '[]'::jsonb,
                                   'longitude', false)))
  WHERE code <> 'required';
-- keys and values that are long, odd or not printable are quoted and cut in paths and messages
SELECT * FROM validate_trace(jsonb_build_object('request', pg_temp.base() -> 'request',
    'firearm', pg_temp.base() -> 'firearm', 'recovery', pg_temp.base() -> 'recovery',
    repeat('κλειδί', 20), 1, E'tab\there', 2, 'a"b', 3, '', 4));
SELECT * FROM validate_trace(pg_temp.with('recovery.country', to_jsonb(repeat('"Q', 1000))));
SELECT * FROM validate_trace(pg_temp.with('recovery.latitude', ('1' || repeat('0', 500))::jsonb));

-- The declared properties.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel, p.proretset
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'etrace' AND p.proname IN ('validate_trace', 'check_trace')
 ORDER BY p.proname;
