-- Canonical forms for matching: calibers, manufacturer names, person names.
-- Pure functions of their arguments (IMMUTABLE, PARALLEL SAFE); EXECUTE stays
-- with PUBLIC, as for any pure helper.

CREATE FUNCTION etrace.caliber_canonical(caliber text) RETURNS text
    AS 'MODULE_PATHNAME', 'etrace_caliber_canonical'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.caliber_canonical(text) IS
    'Canonical designation of a caliber or gauge as written (''38spl'', ''.38 SPL'' -> ''.38 Special''; ''9mm Luger'' -> ''9x19mm Parabellum''; ''12GA'' -> ''12 gauge''); NULL when not recognized, which is not an error. Catalog: etrace.calibers().';

CREATE FUNCTION etrace.caliber_family(caliber text) RETURNS text
    AS 'MODULE_PATHNAME', 'etrace_caliber_family'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.caliber_family(text) IS
    'Family of a caliber as written: the commercial and military twins of one cartridge share one (''.223 Rem'' and ''5.56 NATO'' -> ''5.56x45mm / .223''); any other cartridge is its own family; NULL when not recognized.';

CREATE FUNCTION etrace.calibers() RETURNS TABLE(designation text, family text)
    AS 'MODULE_PATHNAME', 'etrace_calibers'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 70;
COMMENT ON FUNCTION etrace.calibers() IS
    'The caliber catalog: every canonical designation etrace.caliber_canonical() can return, with its family (rimfire, handgun, rifle, then shotgun).';

CREATE FUNCTION etrace.manufacturer_key(name text) RETURNS text
    AS 'MODULE_PATHNAME', 'etrace_manufacturer_key'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION etrace.manufacturer_key(text) IS
    'Matching key of a firearm maker''s name: accents folded, upper case, punctuation and &/AND dropped, trailing corporate suffixes (INC, CORP, CO, GMBH, SPA...) dropped, words joined, well-known makers'' other names mapped to one key (''S&W'', ''Smith and Wesson Corp'' -> ''SMITHWESSON''); NULL when nothing is left.';

CREATE FUNCTION etrace.person_name_key(last_name text, first_name text) RETURNS text
    AS 'MODULE_PATHNAME', 'etrace_person_name_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION etrace.person_name_key(text, text) IS
    'Matching key of a person''s name, ''LAST|FIRST'': accents folded (''Núñez'' -> ''NUNEZ'', ''ß'' -> ''SS''), upper case, spaces, particles'' gaps, hyphens and apostrophes removed (''De la Cruz'' -> ''DELACRUZ'', ''O''''Neil'' -> ''ONEIL''); a NULL first name gives ''LAST|''; NULL when the last name is NULL or has no letters.';
