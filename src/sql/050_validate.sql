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
