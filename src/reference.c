/*
 * reference.c — SQL membership tests for the reference code lists, for the
 * CHECK constraints of the trace tables.
 *
 * The columns of etrace.trace, etrace.trace_person and etrace.trace_result
 * that hold reference codes (countries, subdivisions, NCIC offenses, statuses,
 * priorities, roles, outcomes, reasons) are checked against the lists
 * compiled into the library (reference_core.c) rather than by foreign keys
 * into the reference tables: a binary search instead of an index probe and
 * a trigger per row and column.  The tables are built from the same generated
 * data at CREATE EXTENSION, and the regression test reference_checks proves
 * that every row of each passes its test, so the two cannot drift apart.
 */
#include "postgres.h"

#include "fmgr.h"

#include "reference_core.h"

/*
 * No reference code is this long (the longest, an untraceable reason, has
 * 32 characters); longer text is no code and is not copied.
 */
#define MAX_CODE_LEN 63

typedef bool (*CodeTest) (const char *code);

/* The text as a C string in buf, or false when it is too long to be a code. */
static bool
code_of(text *t, char buf[MAX_CODE_LEN + 1])
{
	int			len = VARSIZE_ANY_EXHDR(t);

	if (len > MAX_CODE_LEN)
		return false;
	memcpy(buf, VARDATA_ANY(t), len);
	buf[len] = '\0';
	/* an embedded NUL would cut the code short: such text is no code */
	return strlen(buf) == (size_t) len;
}

static bool
is_code(text *t, CodeTest test)
{
	char		buf[MAX_CODE_LEN + 1];

	return code_of(t, buf) && test(buf);
}

static bool
subdivision_exists(const char *code)
{
	return ref_subdivision_country(code) != NULL;
}

#define REFERENCE_TEST(sqlname, test) \
PG_FUNCTION_INFO_V1(sqlname); \
Datum \
sqlname(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(is_code(PG_GETARG_TEXT_PP(0), test)); \
}

REFERENCE_TEST(etrace_is_country_code, ref_country_exists)
REFERENCE_TEST(etrace_is_subdivision_code, subdivision_exists)
REFERENCE_TEST(etrace_is_ncic_offense_code, ref_ncic_offense_exists)
REFERENCE_TEST(etrace_is_trace_status_code, ref_trace_status_exists)
REFERENCE_TEST(etrace_is_priority_code, ref_priority_exists)
REFERENCE_TEST(etrace_is_person_role_code, ref_person_role_exists)
REFERENCE_TEST(etrace_is_result_outcome_code, ref_result_outcome_exists)
REFERENCE_TEST(etrace_is_untraceable_reason_code, ref_untraceable_reason_exists)
