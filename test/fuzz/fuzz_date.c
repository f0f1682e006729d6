/*
 * fuzz_date.c — libFuzzer harness for the trace-document date parser and
 * the string, e-mail and phone checks of validate_core.c.
 *
 * Properties: nothing crashes or reads out of bounds; a date that parses
 * prints back to the same ten bytes and its day count round-trips; quoting
 * always yields a NUL-terminated, bounded string; trimming stays inside the
 * input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "validate_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	int			y,
				m,
				d;
	VcDateStatus status = vc_parse_date(s, size, &y, &m, &d);
	const char *t = s;
	size_t		tlen = size;
	char		quoted[128];
	char		small[5];

	if (status == VC_DATE_OK)
	{
		char		printed[11];
		int32_t		days = vc_days_from_civil(y, m, d);
		int			y2,
					m2,
					d2;

		vc_format_date(days, printed);
		if (size != 10 || memcmp(printed, s, 10) != 0)
			abort();
		vc_civil_from_days(days, &y2, &m2, &d2);
		if (y2 != y || m2 != m || d2 != d)
			abort();
	}
	else if (status == VC_DATE_NONEXISTENT && size != 10)
		abort();

	(void) vc_email_problem(s, size);
	(void) vc_phone_problem(s, size);
	(void) vc_find_control(s, size);
	if (vc_utf8_chars(s, size) > size)
		abort();

	vc_trim(&t, &tlen);
	if (t < s || t + tlen > s + size)
		abort();

	vc_quote(quoted, sizeof(quoted), s, size, VC_QUOTE_CHARS);
	if (strlen(quoted) >= sizeof(quoted))
		abort();
	vc_quote(small, sizeof(small), s, size, 2);
	if (strlen(small) >= sizeof(small))
		abort();
	if (size <= 64)
		(void) vc_suggest_field(VC_OBJ_FIREARM, s, size);
	return 0;
}
