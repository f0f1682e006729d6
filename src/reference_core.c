/*
 * reference_core.c — membership tests for the reference code lists.
 *
 * The lists are compiled in from src/gen/reference_data.h, generated at build
 * time from Debian's iso-codes and the src/data code lists (the same sources
 * as the etrace reference tables), as arrays sorted in strcmp order, so each
 * test is a binary search.  No allocation, no global mutable state; NULL is never a
 * member.
 */
#include <stdlib.h>
#include <string.h>

#include "reference_core.h"
#include "reference_data.h"

#define lengthof(array) (sizeof(array) / sizeof((array)[0]))

static int
compare_code(const void *key, const void *element)
{
	return strcmp((const char *) key, *(const char *const *) element);
}

static int
compare_subdivision(const void *key, const void *element)
{
	return strcmp((const char *) key, ((const RefSubdivision *) element)->code);
}

static bool
code_in(const char *code, const char *const *codes, size_t ncodes)
{
	if (code == NULL)
		return false;
	return bsearch(code, codes, ncodes, sizeof(codes[0]), compare_code) != NULL;
}

/* The terminating NUL of the letter string is not a code. */
static bool
letter_in(char letter, const char *letters)
{
	return letter != '\0' && strchr(letters, letter) != NULL;
}

bool
ref_country_exists(const char *alpha2)
{
	return code_in(alpha2, ref_country_codes, lengthof(ref_country_codes));
}

const char *
ref_subdivision_country(const char *code)
{
	const RefSubdivision *found;

	if (code == NULL)
		return NULL;
	found = bsearch(code, ref_subdivisions, lengthof(ref_subdivisions),
					sizeof(ref_subdivisions[0]), compare_subdivision);
	return found != NULL ? found->country : NULL;
}

bool
ref_ncic_offense_exists(const char *code4)
{
	return code_in(code4, ref_ncic_offense_codes, lengthof(ref_ncic_offense_codes));
}

bool
ref_ncic_weapon_exists(char letter)
{
	return letter_in(letter, ref_ncic_weapon_letters);
}

bool
ref_ncic_action_exists(char letter)
{
	return letter_in(letter, ref_ncic_action_letters);
}

bool
ref_priority_exists(const char *code)
{
	return code_in(code, ref_priority_codes, lengthof(ref_priority_codes));
}

bool
ref_sex_exists(const char *code)
{
	return code_in(code, ref_sex_codes, lengthof(ref_sex_codes));
}

bool
ref_untraceable_reason_exists(const char *code)
{
	return code_in(code, ref_untraceable_reason_codes,
				   lengthof(ref_untraceable_reason_codes));
}

bool
ref_result_outcome_exists(const char *code)
{
	return code_in(code, ref_result_outcome_codes,
				   lengthof(ref_result_outcome_codes));
}

bool
ref_person_role_exists(const char *code)
{
	return code_in(code, ref_person_role_codes, lengthof(ref_person_role_codes));
}

bool
ref_agency_kind_exists(const char *code)
{
	return code_in(code, ref_agency_kind_codes, lengthof(ref_agency_kind_codes));
}

bool
ref_mou_language_exists(const char *code)
{
	return code_in(code, ref_mou_language_codes, lengthof(ref_mou_language_codes));
}

bool
ref_trace_status_exists(const char *code)
{
	return code_in(code, ref_trace_status_codes, lengthof(ref_trace_status_codes));
}
