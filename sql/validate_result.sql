--
-- Trace result validation: etrace.validate_result() lists every problem of
-- the tracing center's result document, etrace.check_result() raises the
-- first one or returns the normalized result.  Both check the result
-- against the trace's recovery date (here 2024-10-30).
--
\set VERBOSITY default
\set SHOW_CONTEXT never
SET search_path = public, etrace;

-- A result that names the purchaser, as complete_trace receives it.
CREATE FUNCTION pg_temp.base() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
SELECT '{
  "outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F-14245",
  "dealer_name": "Border Guns", "purchase_date": "2024-03-01",
  "purchaser": {"last_name": "Roe", "first_name": "Jane", "middle_name": "",
                "suffix": "", "aliases": ["JR"], "dob": "1985-06-15", "sex": "F",
                "address": {"street": "100 Main St", "locality": "Laredo",
                            "subdivision": "US-TX", "country": "US", "postal_code": "78040"}}
}'::jsonb
$$;

-- A result that names only the dealer.
CREATE FUNCTION pg_temp.dealer() RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
SELECT '{"outcome": "dealer_identified", "dealer_ffl": "823091017F14245",
         "dealer_name": "Border Guns"}'::jsonb
$$;

-- The base result with one field set (path like 'purchaser.dob') or removed.
CREATE FUNCTION pg_temp.with(path text, value jsonb) RETURNS jsonb LANGUAGE sql AS
$$ SELECT jsonb_set(pg_temp.base(), string_to_array(path, '.'), value) $$;
CREATE FUNCTION pg_temp.without(path text) RETURNS jsonb LANGUAGE sql AS
$$ SELECT pg_temp.base() #- string_to_array(path, '.') $$;

-- Problems against the recovery date 2024-10-30.
CREATE FUNCTION pg_temp.problems(result jsonb)
RETURNS TABLE(field text, code text, message text) LANGUAGE sql AS
$$ SELECT * FROM etrace.validate_result(result, '2024-10-30') $$;

-- check_result's error as a row: SQLSTATE, column (the JSON path), message, detail.
CREATE FUNCTION pg_temp.check_error(result jsonb, recovery date DEFAULT '2024-10-30')
RETURNS TABLE(state text, column_name text, message text, detail text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM etrace.check_result(result, recovery);
    state := 'none';
    RETURN NEXT;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, column_name = COLUMN_NAME,
                            message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
    RETURN NEXT;
END
$$;

--
-- Valid results of both outcomes: no problems, and their normalized form.
--
SELECT * FROM pg_temp.problems(pg_temp.base());
SELECT jsonb_pretty(check_result(pg_temp.base(), '2024-10-30'));
SELECT * FROM pg_temp.problems(pg_temp.dealer());
-- the licence number is printed with its hyphens
SELECT jsonb_pretty(check_result(pg_temp.dealer(), '2024-10-30'));
-- a dealer result may still carry a purchase date and a purchaser
SELECT * FROM pg_temp.problems(pg_temp.with('outcome', '"dealer_identified"'));
SELECT * FROM pg_temp.problems(pg_temp.dealer() || '{"purchase_date": null, "purchaser": null}');
-- normalizing is idempotent
SELECT check_result(check_result(pg_temp.base(), '2024-10-30'), '2024-10-30')
     = check_result(pg_temp.base(), '2024-10-30') AS idempotent;

-- Normalization: strings trimmed (nested ones too), null optional fields
-- dropped, the licence number in its printed form.
SELECT check_result('{"outcome": " dealer_identified\t", "dealer_ffl": " 8-23-091-01-7f-14245 ",
                      "dealer_name": "  Border Guns  ", "purchase_date": null,
                      "purchaser": {"last_name": " Roe ", "first_name": null, "aliases": [" JR "]}}',
                    '2024-10-30');
SELECT check_result(pg_temp.dealer() || '{"dealer_ffl": "823091017f14245"}', '2024-10-30') ->> 'dealer_ffl' AS printed;
-- purchase on the recovery day: time to crime zero
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '"2024-10-30"'));
-- the outcome is what complete_trace stores
SELECT code FROM etrace.result_outcome ORDER BY code;

--
-- The document itself.
--
SELECT * FROM pg_temp.problems('[]');
SELECT * FROM pg_temp.problems('"purchaser_identified"');
SELECT * FROM pg_temp.problems('null');
SELECT * FROM pg_temp.problems('{}');
-- a trace document is not a result
SELECT * FROM pg_temp.problems('{"request": {}, "firearm": {}, "recovery": {}}');
-- what get_trace adds is not part of the input
SELECT * FROM pg_temp.problems(pg_temp.with('time_to_crime_days', '243'));

--
-- One fault each.
--
-- outcome
SELECT * FROM pg_temp.problems(pg_temp.without('outcome'));
SELECT * FROM pg_temp.problems(pg_temp.with('outcome', '"purchaser identified"'));
SELECT * FROM pg_temp.problems(pg_temp.with('outcome', '"PURCHASER_IDENTIFIED"'));
SELECT * FROM pg_temp.problems(pg_temp.with('outcome', '"too_old"'));
SELECT * FROM pg_temp.problems(pg_temp.with('outcome', '1'));
SELECT * FROM pg_temp.problems(pg_temp.with('outcome', '"  "'));
-- misspelt keys are reported with a hint, never dropped
SELECT * FROM pg_temp.problems(pg_temp.without('outcome') || '{"outcom": "purchaser_identified"}');
SELECT * FROM pg_temp.problems(pg_temp.without('purchaser') || jsonb_build_object('purchase', pg_temp.base() -> 'purchaser'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer', '"Border Guns"'));
-- dealer_ffl
SELECT * FROM pg_temp.problems(pg_temp.without('dealer_ffl'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '""'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '8230910170614245'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"2-23-091-01-7F-14245"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-091-04-7F-14245"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-091-01-7I-14245"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-091-01-7N-14245"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-091-01-7F-1424"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-091-01-7F-14245X"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-09101-7F-14245"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', '"8-23-091-01-7F-1424\n5"'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_ffl', to_jsonb(repeat('8', 300))));
-- dealer_name
SELECT * FROM pg_temp.problems(pg_temp.without('dealer_name'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_name', '" "'));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_name', to_jsonb(repeat('é', 200))));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_name', to_jsonb(repeat('é', 201))));
SELECT * FROM pg_temp.problems(pg_temp.with('dealer_name', '["Border Guns"]'));
-- purchase_date: the date rules, and not after the recovery date
SELECT * FROM pg_temp.problems(pg_temp.without('purchase_date'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', 'null'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '"2024-3-1"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '"03/01/2024"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '"2023-02-29"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '"1899-12-31"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '"2024-10-31"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchase_date', '20240301'));
SELECT field, code FROM pg_temp.problems(pg_temp.with('purchase_date', to_jsonb(to_char(etrace.today() + 1, 'YYYY-MM-DD'))));
SELECT * FROM pg_temp.problems(pg_temp.dealer() || '{"purchase_date": "2024-11-01"}');
-- purchaser: the possessor's fields and rules
SELECT * FROM pg_temp.problems(pg_temp.without('purchaser'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser', 'null'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser', '"Jane Roe"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser', '[]'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser', '{}'));
SELECT * FROM pg_temp.problems(pg_temp.without('purchaser.last_name'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.last_name', to_jsonb(repeat('R', 61))));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.relationship', '"buyer"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.firstname', '"Jane"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.dob', '"2024-10-31"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.dob', '"1985-6-15"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.sex', '"X"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.aliases', '["JR", 7]'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.address.subdivision', '"MX-JAL"'));
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser.address.country', '"us"'));
SELECT * FROM pg_temp.problems(pg_temp.dealer() || '{"purchaser": {"first_name": "Jane"}}');
SELECT * FROM pg_temp.problems(pg_temp.dealer() || '{"purchaser": "Jane Roe"}');

--
-- Many problems at once, in document order: unknown keys first, then the
-- fields in the order outcome, dealer_ffl, dealer_name, purchase_date,
-- purchaser.
--
SELECT * FROM pg_temp.problems('{
  "outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F",
  "dealer_name": 42, "date": "2024-03-01",
  "purchaser": {"first_name": "Jane", "dob": "2025-13-01", "sex": "female",
                "address": {"country": "MX", "subdivision": "US-TX"}}
}');

--
-- check_result raises the first problem: SQLSTATE by problem, the JSON path
-- as the error's column name, every problem in the detail.
--
SELECT check_result(pg_temp.with('dealer_ffl', '"8-23-091-01-7F-1424"'), '2024-10-30');
SELECT check_result(pg_temp.without('purchaser'), '2024-10-30');
SELECT check_result('[1, 2]', '2024-10-30');
SELECT * FROM pg_temp.check_error(pg_temp.base());
SELECT * FROM pg_temp.check_error(pg_temp.dealer());
SELECT * FROM pg_temp.check_error(pg_temp.without('outcome'));
SELECT * FROM pg_temp.check_error(pg_temp.with('outcome', '"found"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('outcome', '[]'));
SELECT * FROM pg_temp.check_error(pg_temp.with('dealer_ffl', '"8-23-091-04-7F-14245"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('dealer_name', to_jsonb(repeat('n', 201))));
SELECT * FROM pg_temp.check_error(pg_temp.with('purchase_date', '"2024-3-1"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('purchase_date', '"1899-12-31"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('purchase_date', '"2024-10-31"'));
SELECT * FROM pg_temp.check_error(pg_temp.without('purchase_date'));
SELECT * FROM pg_temp.check_error(pg_temp.without('purchaser'));
SELECT * FROM pg_temp.check_error(pg_temp.with('purchaser.dob', '"2024-11-01"'));
SELECT * FROM pg_temp.check_error(pg_temp.with('purchaser.nickname', '"JR"'));
SELECT * FROM pg_temp.check_error('"not an object"');
-- several problems: the first raised, all in the detail
SELECT * FROM pg_temp.check_error('{"outcome": "purchaser_identified", "dealer_ffl": "8-23-091-01-7F-14245",
                                    "dealer_name": "", "purchaser": {"last_name": "Roe", "dob": "2024-12-01"},
                                    "purchased": "2024-03-01"}');
SELECT state, column_name, message ~ '^invalid result document: result.purchase_date: Date "[-0-9]{10}" is in the future$' AS message_ok
  FROM pg_temp.check_error(pg_temp.with('purchase_date', to_jsonb(to_char(etrace.today() + 1, 'YYYY-MM-DD'))),
                           etrace.today());
-- the same result is fine or not depending on the recovery date
SELECT * FROM pg_temp.check_error(pg_temp.base(), '2024-03-01');
SELECT * FROM pg_temp.check_error(pg_temp.base(), '2024-02-29');

-- The recovery date: NULL gives NULL (STRICT); one the rules cannot
-- compare with is an error of the call.
SELECT check_result(pg_temp.base(), NULL) IS NULL AS null_recovery;
SELECT count(*) FROM validate_result(pg_temp.base(), NULL);
SELECT check_result(pg_temp.base(), 'infinity');
SELECT * FROM validate_result(pg_temp.base(), '-infinity');
SELECT check_result(pg_temp.base(), '1899-12-31');
SELECT check_result(pg_temp.base(), '10000-01-01');
SELECT check_result(pg_temp.base(), '0044-03-15 BC');
SELECT * FROM validate_result(pg_temp.with('purchase_date', '"1900-01-01"') #- '{purchaser,dob}', '1900-01-01');

--
-- Hostile results: nothing crashes; the work and the list stay bounded.
--
SELECT * FROM pg_temp.problems(pg_temp.with('purchaser', (repeat('{"a":', 2000) || '1' || repeat('}', 2000))::jsonb));
SELECT * FROM pg_temp.problems(pg_temp.with('extra', (repeat('[', 5000) || repeat(']', 5000))::jsonb));
SELECT count(*) FROM pg_temp.problems((SELECT jsonb_object_agg('k' || i, i) FROM generate_series(1, 5000) i));
SELECT * FROM pg_temp.problems((SELECT jsonb_object_agg('k' || i, i) FROM generate_series(1, 5000) i)) OFFSET 999;
SELECT * FROM pg_temp.problems('{"outcome": {}, "dealer_ffl": [], "dealer_name": true, "purchase_date": {}, "purchaser": 1}');
SELECT * FROM pg_temp.problems(jsonb_build_object('outcome', 'dealer_identified', 'dealer_ffl', E'\u00e98-23', 'dealer_name', 'x',
                                                  repeat('κλειδί', 20), 1, E'tab\there', 2));

-- The declared properties.
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args, p.provolatile,
       p.proisstrict, p.proparallel, p.proretset, obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'etrace' AND p.proname IN ('validate_result', 'check_result')
 ORDER BY p.proname;
