-- Validation of trace documents (src/validate.c, src/validate_core.c).
-- STABLE, not IMMUTABLE: "not in the future" reads the tracing center's date.

CREATE FUNCTION etrace.validate_trace(doc jsonb)
    RETURNS TABLE(field text, code text, message text)
    AS 'MODULE_PATHNAME', 'etrace_validate_trace'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION etrace.validate_trace(jsonb) IS
    'Every problem of a trace document at once, in document order: field (JSON path such as firearm.serial or associates[2].dob), code (required, unknown_field, wrong_type, too_long, invalid_format, invalid_value, out_of_range, unknown_code, not_in_country, inconsistent, too_many) and a message; no rows when the document is valid.';

CREATE FUNCTION etrace.check_trace(doc jsonb)
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_check_trace'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.check_trace(jsonb) IS
    'Validates a trace document and returns it normalized (strings trimmed, null fields dropped, firearm.obliterated defaulted to false, associates defaulted to [], firearm.caliber_canonical added); raises the first problem (SQLSTATE by problem, column name = JSON path, all problems in the detail).';

-- The tracing center's result of a trace, checked against the trace's
-- recovery date (complete_trace passes the stored one).
CREATE FUNCTION etrace.validate_result(result jsonb, recovery_date date)
    RETURNS TABLE(field text, code text, message text)
    AS 'MODULE_PATHNAME', 'etrace_validate_result'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION etrace.validate_result(jsonb, date) IS
    'Every problem of a trace result document {"outcome", "dealer_ffl", "dealer_name", "purchase_date", "purchaser"} at once: field (JSON path under result, such as result.dealer_ffl or result.purchaser.dob), code (as for validate_trace) and a message; no rows when the result is valid. purchase_date and purchaser are required when outcome is purchaser_identified; purchase_date may not be after recovery_date. Raises 22008 for a recovery_date outside 1900-01-01 to 9999-12-31.';

CREATE FUNCTION etrace.check_result(result jsonb, recovery_date date)
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'etrace_check_result'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.check_result(jsonb, date) IS
    'Validates a trace result document against the trace''s recovery date and returns it normalized (strings trimmed, null fields dropped, dealer_ffl printed as R-DD-CCC-TT-YM-SSSSS); raises the first problem as "invalid result document: <field>: <message>" (SQLSTATE by problem, column name = JSON path, all problems in the detail).';
