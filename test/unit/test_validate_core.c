/*
 * test_validate_core.c — unit tests of the plain-C trace document rules:
 * dates, strings, e-mail and phone formats, the problem list, paths, the
 * SQLSTATE table and the field rules of single objects, the result
 * document's among them.
 */
#include <stdlib.h>

#include "tap.h"
#include "validate_core.h"

/* ------------------------------------------------------------- helpers */

static const char *
date_status(const char *s)
{
	int			y,
				m,
				d;

	switch (vc_parse_date(s, strlen(s), &y, &m, &d))
	{
		case VC_DATE_OK:
			return "ok";
		case VC_DATE_BAD_FORMAT:
			return "format";
		case VC_DATE_NONEXISTENT:
			return "nonexistent";
	}
	return "?";
}

static VcValue
str(const char *s)
{
	VcValue		v;

	memset(&v, 0, sizeof(v));
	v.type = VC_STRING;

	v.str = s;
	v.len = strlen(s);
	return v;
}

static VcValue
num(double x, const char *text)
{
	VcValue		v;

	memset(&v, 0, sizeof(v));
	v.type = VC_NUMBER;

	v.number = x;
	v.str = text;
	v.len = strlen(text);
	return v;
}

static VcValue
boolean(bool b)
{
	VcValue		v;

	memset(&v, 0, sizeof(v));
	v.type = VC_BOOLEAN;

	v.boolean = b;
	return v;
}

static VcValue
null_value(void)
{
	VcValue		v;

	memset(&v, 0, sizeof(v));
	v.type = VC_NULL;
	return v;
}

static void
set(VcValue *values, VcObject object, const char *name, VcValue v)
{
	int			i = vc_field_index(object, name, strlen(name));

	if (i < 0)
	{
		printf("# no field %s\n", name);
		exit(2);
	}
	values[i] = v;
}

static VcProblem items[64];
static VcProblemList problems;
static VcWalker walker;

static void
reset(int32_t today)
{
	vc_problems_init(&problems, items, 64);
	vc_walker_init(&walker, &problems, today);
}

/* "path code: message" of problem i, or "" */
static const char *
problem(int i)
{
	static char buf[VC_PATH_MAX + VC_MESSAGE_MAX + 32];

	if (i >= problems.count)
		return "";
	snprintf(buf, sizeof(buf), "%s %s: %s", items[i].path,
			 vc_code_name(items[i].code), items[i].message);
	return buf;
}

static const char *
repeat(const char *unit, int n)
{
	static char buf[4096];
	size_t		ulen = strlen(unit);

	buf[0] = '\0';
	for (int i = 0; i < n && (i + 1) * ulen < sizeof(buf); i++)
		memcpy(buf + i * ulen, unit, ulen + 1);
	return buf;
}

/* --------------------------------------------------------------- dates */

static void
test_dates(void)
{
	int			y,
				m,
				d;
	char		out[11];
	int			errors = 0;

	is_str(date_status("2024-02-29"), "ok", "2024 is a leap year");
	is_str(date_status("2000-02-29"), "ok", "2000 is a leap year (divisible by 400)");
	is_str(date_status("2023-02-29"), "nonexistent", "2023-02-29 does not exist");
	is_str(date_status("1900-02-29"), "nonexistent", "1900 is not a leap year (divisible by 100)");
	is_str(date_status("2100-02-29"), "nonexistent", "2100 is not a leap year");
	is_str(date_status("2024-04-31"), "nonexistent", "April has 30 days");
	is_str(date_status("2024-13-01"), "nonexistent", "month 13");
	is_str(date_status("2024-00-10"), "nonexistent", "month 0");
	is_str(date_status("2024-01-00"), "nonexistent", "day 0");
	is_str(date_status("2024-12-31"), "ok", "last day of the year");
	is_str(date_status("1899-12-31"), "ok", "1899-12-31 parses (the 1900 rule is separate)");
	is_str(date_status("2024-1-5"), "format", "one-digit month and day");
	is_str(date_status("2024-01-05x"), "format", "trailing junk");
	is_str(date_status("2024-01-05 "), "format", "trailing space");
	is_str(date_status(" 2024-01-05"), "format", "leading space");
	is_str(date_status("2024-01-05T00:00"), "format", "a timestamp");
	is_str(date_status("2024/01/05"), "format", "slashes");
	is_str(date_status("20240105"), "format", "no separators");
	is_str(date_status("+024-01-05"), "format", "a sign");
	is_str(date_status("2024-0a-05"), "format", "a letter");
	is_str(date_status(""), "format", "empty");
	is_int(vc_parse_date("2024-02-29\0", 11, &y, &m, &d), VC_DATE_BAD_FORMAT,
		   "a NUL after the date is junk");
	is_int(vc_parse_date(NULL, 0, &y, &m, &d), VC_DATE_BAD_FORMAT, "NULL input");

	vc_parse_date("2024-03-07", 10, &y, &m, &d);
	ok(y == 2024 && m == 3 && d == 7, "parts of 2024-03-07");

	is_int(vc_days_from_civil(2000, 1, 1), 0, "2000-01-01 is day 0 (the DateADT epoch)");
	is_int(vc_days_from_civil(1970, 1, 1), -10957, "1970-01-01");
	is_int(vc_days_from_civil(1900, 1, 1), -36524, "1900-01-01");
	is_int(vc_days_from_civil(2024, 3, 1) - vc_days_from_civil(2024, 2, 28), 2,
		   "leap day between 2024-02-28 and 2024-03-01");
	is_int(vc_days_from_civil(2023, 3, 1) - vc_days_from_civil(2023, 2, 28), 1,
		   "no leap day in 2023");

	for (int32_t day = vc_days_from_civil(1, 1, 1); day <= vc_days_from_civil(9999, 12, 31); day++)
	{
		int			yy,
					mm,
					dd;

		vc_civil_from_days(day, &yy, &mm, &dd);
		if (vc_days_from_civil(yy, mm, dd) != day || dd < 1 || dd > vc_days_in_month(yy, mm))
			errors++;
	}
	is_int(errors, 0, "day counts round-trip for every day of years 1..9999");

	vc_format_date(vc_days_from_civil(2024, 2, 29), out);
	is_str(out, "2024-02-29", "format a leap day");
	vc_format_date(-36525, out);
	is_str(out, "1899-12-31", "format the day before 1900");
}

/* ------------------------------------------------------------- strings */

static void
test_strings(void)
{
	const char *s;
	size_t		len;
	char		q[128];

	is_int(vc_utf8_chars("abc", 3), 3, "ASCII counts bytes");
	is_int(vc_utf8_chars("\xc3\xa9t\xc3\xa9", 5), 3, "\"été\": 5 bytes, 3 characters");
	is_int(vc_utf8_chars("\xe6\x97\xa5\xe6\x9c\xac", 6), 2, "two CJK characters");
	is_int(vc_utf8_chars("\xf0\x9f\x94\xab", 4), 1, "one 4-byte character");

	s = " \t ab c\r\n";
	len = strlen(s);
	vc_trim(&s, &len);
	ok(len == 4 && memcmp(s, "ab c", 4) == 0, "trim ASCII white space at both ends");
	s = "   ";
	len = 3;
	vc_trim(&s, &len);
	is_int(len, 0, "a blank string trims to nothing");
	s = "\xc2\xa0x";
	len = 3;
	vc_trim(&s, &len);
	is_int(len, 3, "no-break space is not trimmed");

	is_int(vc_find_control("plain text", 10), -1, "no control character");
	is_int(vc_find_control("a\tb", 3), 9, "tab is a control character");
	is_int(vc_find_control("a\x7f", 2), 0x7F, "DEL");
	is_int(vc_find_control("a\xc2\x85", 3), 0x85, "U+0085 (C1)");
	is_int(vc_find_control("\xc2\xa0", 2), -1, "U+00A0 is not a control");

	vc_quote(q, sizeof(q), "say \"hi\"\\", 9, 40);
	is_str(q, "say \\\"hi\\\"\\\\", "quote escapes quotes and backslashes");
	vc_quote(q, sizeof(q), "a\nb", 3, 40);
	is_str(q, "a\\u000Ab", "quote escapes control characters");
	vc_quote(q, sizeof(q), "ab\xffz", 4, 40);
	is_str(q, "ab?z", "quote replaces malformed bytes");
	vc_quote(q, sizeof(q), "\xc3\xa9\xc3\xa9\xc3\xa9", 6, 2);
	is_str(q, "\xc3\xa9\xc3\xa9...", "quote cuts after max characters, not bytes");
	vc_quote(q, 6, "abcdefgh", 8, 40);
	is_str(q, "abcde", "quote stops at the buffer's end");
	vc_quote(q, 4, "\xe6\x97\xa5\xe6\x97\xa5", 6, 40);
	is_str(q, "\xe6\x97\xa5", "quote never splits a character");
}

/* -------------------------------------------------------------- formats */

static const char *
email(const char *s)
{
	const char *p = vc_email_problem(s, strlen(s));

	return p ? p : "ok";
}

static const char *
phone(const char *s)
{
	const char *p = vc_phone_problem(s, strlen(s));

	return p ? p : "ok";
}

static void
test_formats(void)
{
	is_str(email("a.ruiz@example.mx"), "ok", "plain address");
	is_str(email("x@sub.example.org"), "ok", "subdomain");
	is_str(email("n\xc3\xba\xc3\xb1" "ez@example.mx"), "ok", "non-ASCII local part");
	is_str(email("a.ruiz.example.mx"), "must contain exactly one \"@\"", "no @");
	is_str(email("a@b@example.mx"), "must contain exactly one \"@\"", "two @");
	is_str(email("@example.mx"), "must have a name before the \"@\"", "empty local part");
	is_str(email("a@"), "must have a domain with a dot after the \"@\"", "empty domain");
	is_str(email("a@localhost"), "must have a domain with a dot after the \"@\"", "domain without a dot");
	is_str(email("a@.example"), "must not have a domain that starts or ends with a dot", "leading dot");
	is_str(email("a@example."), "must not have a domain that starts or ends with a dot", "trailing dot");
	is_str(email("a@example..mx"), "must not have two dots in a row in its domain", "double dot");
	is_str(email("a ruiz@example.mx"), "must not contain spaces", "space");
	is_str(email("a\truiz@example.mx"), "must not contain spaces", "tab");

	is_str(phone("+52 33 0000 0000"), "ok", "international number");
	is_str(phone("(555) 123-4567"), "ok", "parentheses and hyphen");
	is_str(phone("555.123.4567"), "ok", "dots");
	is_str(phone("555-1234 ext 5"), "may contain only digits, spaces, \"+\", \"-\", \"(\", \")\" and \".\"", "letters");
	is_str(phone("555/1234"), "may contain only digits, spaces, \"+\", \"-\", \"(\", \")\" and \".\"", "slash");
	is_str(phone("52+33"), "may have \"+\" only at the start", "plus inside");
	is_str(phone("+ - ()"), "must contain a digit", "no digit");
	is_str(phone("\xef\xbc\x95"), "may contain only digits, spaces, \"+\", \"-\", \"(\", \")\" and \".\"",
		   "a full-width digit is not a digit");
}

/* ------------------------------------------------- problem list, paths */

static bool
refuse(VcProblemList *list, int min_capacity)
{
	(void) list;
	(void) min_capacity;
	return false;
}

static void
test_problem_list(void)
{
	VcProblem	few[2];
	VcProblemList list;
	char		path[VC_PATH_MAX];

	is_str(vc_sqlstate(VC_REQUIRED, VC_KIND_TEXT), "22004", "required: null_value_not_allowed");
	is_str(vc_sqlstate(VC_UNKNOWN_FIELD, VC_KIND_TEXT), "22023", "unknown_field: invalid_parameter_value");
	is_str(vc_sqlstate(VC_WRONG_TYPE, VC_KIND_TEXT), "22023", "wrong_type");
	is_str(vc_sqlstate(VC_TOO_LONG, VC_KIND_TEXT), "22001", "too_long: string_data_right_truncation");
	is_str(vc_sqlstate(VC_INVALID_FORMAT, VC_KIND_DATE), "22007", "bad date: invalid_datetime_format");
	is_str(vc_sqlstate(VC_INVALID_FORMAT, VC_KIND_TEXT), "22P02", "bad text: invalid_text_representation");
	is_str(vc_sqlstate(VC_OUT_OF_RANGE, VC_KIND_NUMBER), "22003", "number out of range");
	is_str(vc_sqlstate(VC_OUT_OF_RANGE, VC_KIND_DATE), "22008", "date out of range: datetime_field_overflow");
	is_str(vc_sqlstate(VC_UNKNOWN_CODE, VC_KIND_TEXT), "22023", "unknown_code");
	is_str(vc_sqlstate(VC_NOT_IN_COUNTRY, VC_KIND_TEXT), "22023", "not_in_country");
	is_str(vc_sqlstate(VC_INCONSISTENT, VC_KIND_DATE), "22023", "inconsistent");
	is_str(vc_sqlstate(VC_TOO_MANY, VC_KIND_TEXT), "22023", "too_many");
	is_str(vc_code_name(VC_NOT_IN_COUNTRY), "not_in_country", "code name");

	vc_problems_init(&list, few, 2);
	list.grow = refuse;
	vc_report(&list, "a", VC_REQUIRED, VC_KIND_TEXT, "One.");
	vc_report(&list, "b", VC_REQUIRED, VC_KIND_TEXT, "Two.");
	vc_report(&list, "c", VC_REQUIRED, VC_KIND_TEXT, "Three.");
	is_int(list.count, 2, "a full list keeps what fits");
	is_int(list.omitted, 1, "and counts the rest");
	vc_problems_finish(&list);
	is_int(list.count, 2, "the closing note replaces the last problem when there is no room");
	is_str(few[1].message, "2 more problems were not listed.", "closing note");
	is_str(few[1].path, "$", "closing note path");

	vc_problems_init(&list, NULL, 0);
	vc_report(&list, "a", VC_REQUIRED, VC_KIND_TEXT, "One.");
	vc_problems_finish(&list);
	is_int(list.count, 0, "no storage: nothing stored, nothing crashes");

	vc_path_key(path, "", "request", 7);
	is_str(path, "request", "top-level path");
	vc_path_key(path, "request.officer", "email", 5);
	is_str(path, "request.officer.email", "nested path");
	vc_path_index(path, "associates", 2);
	is_str(path, "associates[2]", "array index");
	vc_path_key(path, "firearm", "a.b \"c\"", 7);
	is_str(path, "firearm[\"a.b \\\"c\\\"\"]", "odd keys are quoted");
	vc_path_key(path, "firearm", repeat("k", 300), 300);
	ok(strlen(path) < VC_PATH_MAX && strstr(path, "...") != NULL, "long keys are cut");

	is_str(vc_suggest_field(VC_OBJ_FIREARM, "serail", 6), "serial", "serail -> serial");
	is_str(vc_suggest_field(VC_OBJ_FIREARM, "Serial", 6), "serial", "case slip");
	is_str(vc_suggest_field(VC_OBJ_REQUEST, "request-date", 12), "request_date", "hyphen for underscore");
	is_str(vc_suggest_field(VC_OBJ_POSSESSOR, "db", 2), "dob", "short name, one slip");
	is_str(vc_suggest_field(VC_OBJ_POSSESSOR, "d", 1), NULL, "short name, two slips");
	is_str(vc_suggest_field(VC_OBJ_FIREARM, "colour", 6), NULL, "no near name");
	is_str(vc_suggest_field(VC_OBJ_FIREARM, repeat("x", 100), 100), NULL, "long key");
}

/* ---------------------------------------------------------- field rules */

static void
test_text_rules(void)
{
	VcValue		v[VC_MAX_FIELDS];
	const char *hundred_e = repeat("\xc3\xa9", 100);	/* 200 bytes */
	char		long_name[512];

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2025, 6, 1));
	set(v, VC_OBJ_OFFICER, "name", str(hundred_e));
	vc_check_object(&walker, VC_OBJ_OFFICER, "request.officer", v);
	is_int(problems.count, 0, "100 two-byte characters fit in 100 characters");

	snprintf(long_name, sizeof(long_name), "%sx", hundred_e);
	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2025, 6, 1));
	set(v, VC_OBJ_OFFICER, "name", str(long_name));
	vc_check_object(&walker, VC_OBJ_OFFICER, "request.officer", v);
	is_str(problem(0), "request.officer.name too_long: Value exceeds 100 characters.",
		   "101 characters are too long");

	memset(v, 0, sizeof(v));
	reset(0);
	set(v, VC_OBJ_OFFICER, "name", str("   "));
	set(v, VC_OBJ_OFFICER, "badge", num(4471, "4471"));
	set(v, VC_OBJ_OFFICER, "unit", str("Homi\ncidios"));
	set(v, VC_OBJ_OFFICER, "phone", str(" 33 12 34 "));
	set(v, VC_OBJ_OFFICER, "email", str("a.ruiz@localhost"));
	vc_check_object(&walker, VC_OBJ_OFFICER, "request.officer", v);
	is_int(problems.count, 4, "officer: four problems");
	is_str(problem(0), "request.officer.name required: A value is required; it is blank.", "blank name");
	is_str(problem(1), "request.officer.badge wrong_type: Expected a string, got a number.", "badge number");
	is_str(problem(2), "request.officer.unit invalid_value: Value contains the control character U+000A.",
		   "newline inside");
	is_str(problem(3), "request.officer.email invalid_format: E-mail address \"a.ruiz@localhost\" "
		   "must have a domain with a dot after the \"@\".", "e-mail");

	memset(v, 0, sizeof(v));
	reset(0);
	vc_check_object(&walker, VC_OBJ_OFFICER, "request.officer", v);
	is_str(problem(0), "request.officer.name required: A value is required.", "missing name");
	is_int(problems.count, 1, "optional officer fields may be absent");

	memset(v, 0, sizeof(v));
	reset(0);
	set(v, VC_OBJ_OFFICER, "name", str("Ana"));
	set(v, VC_OBJ_OFFICER, "badge", null_value());
	set(v, VC_OBJ_OFFICER, "unit", str(""));
	vc_check_object(&walker, VC_OBJ_OFFICER, "request.officer", v);
	is_int(problems.count, 0, "null and blank optional fields are absent");
}

static void
test_date_rules(void)
{
	VcValue		v[VC_MAX_FIELDS];
	VcValue		rdate = str("2024-03-02"),
				rcountry = str("MX");
	int32_t		today = vc_days_from_civil(2024, 6, 1);

	memset(v, 0, sizeof(v));
	reset(today);
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	ok(walker.have_recovery_date && walker.recovery_date == vc_days_from_civil(2024, 3, 2),
	   "recovery date noted");
	set(v, VC_OBJ_REQUEST, "request_date", str("2024-03-01"));
	vc_check_object(&walker, VC_OBJ_REQUEST, "request", v);
	is_str(problem(0), "request.request_date inconsistent: Request date \"2024-03-01\" is before "
		   "the recovery date \"2024-03-02\".", "request before recovery");

	memset(v, 0, sizeof(v));
	reset(today);
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	set(v, VC_OBJ_REQUEST, "request_date", str("2024-03-02"));
	vc_check_object(&walker, VC_OBJ_REQUEST, "request", v);
	ok(strstr(problem(0), "request_date") == NULL, "request on the recovery day is fine");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_REQUEST, "request_date", str("2024-06-02"));
	vc_check_object(&walker, VC_OBJ_REQUEST, "request", v);
	is_str(problem(0), "request.request_date out_of_range: Date \"2024-06-02\" is in the future.",
		   "tomorrow is in the future");
	is_int(items[0].kind, VC_KIND_DATE, "a date problem");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_REQUEST, "request_date", str("2024-06-01"));
	vc_check_object(&walker, VC_OBJ_REQUEST, "request", v);
	ok(strstr(problem(0), "request_date") == NULL, "today is not in the future");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "date", str("1899-12-31"));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	is_str(problem(0), "recovery.date out_of_range: Date \"1899-12-31\" is before 1900-01-01.",
		   "1899-12-31 is out of range");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "date", str("1900-01-01"));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	ok(strstr(problem(0), "recovery.date") == NULL, "1900-01-01 is in range");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "date", str("2024-1-5"));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	is_str(problem(0), "recovery.date invalid_format: Date \"2024-1-5\" is not in the form YYYY-MM-DD.",
		   "2024-1-5");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22007", "bad date format is 22007");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "date", str(" 2023-02-29 "));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	is_str(problem(0), "recovery.date out_of_range: Date \"2023-02-29\" does not exist.",
		   "2023-02-29 (trimmed first)");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22008", "nonexistent date is 22008");

	memset(v, 0, sizeof(v));
	reset(today);
	rdate = str("2030-01-01");
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	ok(!walker.have_recovery_date, "a future recovery date is not used for comparisons");
	rdate = str("2024-02-30");
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	ok(!walker.have_recovery_date, "nor a nonexistent one");
}

static void
test_coordinates(void)
{
	VcValue		v[VC_MAX_FIELDS];
	int32_t		today = vc_days_from_civil(2024, 6, 1);

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "latitude", num(20.5, "20.5"));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	/* date and country are missing too */
	is_str(problem(2), "recovery.longitude inconsistent: Longitude is required when latitude is given.",
		   "latitude without longitude");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "date", str("2024-01-01"));
	set(v, VC_OBJ_RECOVERY, "country", str("MX"));
	set(v, VC_OBJ_RECOVERY, "latitude", num(90.0001, "90.0001"));
	set(v, VC_OBJ_RECOVERY, "longitude", num(-180, "-180"));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	is_str(problem(0), "recovery.latitude out_of_range: Latitude 90.0001 is outside the range -90 to 90.",
		   "latitude just above 90");
	is_int(problems.count, 1, "longitude -180 is in range");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22003", "number out of range is 22003");

	memset(v, 0, sizeof(v));
	reset(today);
	set(v, VC_OBJ_RECOVERY, "date", str("2024-01-01"));
	set(v, VC_OBJ_RECOVERY, "country", str("MX"));
	set(v, VC_OBJ_RECOVERY, "latitude", str("20.5"));
	set(v, VC_OBJ_RECOVERY, "longitude", num(1.0 / 0.0, "1e999"));
	vc_check_object(&walker, VC_OBJ_RECOVERY, "recovery", v);
	is_str(problem(0), "recovery.latitude wrong_type: Expected a number, got a string.",
		   "latitude as a string");
	is_str(problem(1), "recovery.longitude out_of_range: Longitude 1e999 is outside the range -180 to 180.",
		   "an infinite longitude");
}

static void
test_firearm_rules(void)
{
	VcValue		v[VC_MAX_FIELDS];
	VcValue		rdate = str("2024-03-02"),
				rcountry = str("MX");

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	set(v, VC_OBJ_FIREARM, "manufacturer", str("Glock"));
	set(v, VC_OBJ_FIREARM, "model", str("19"));
	set(v, VC_OBJ_FIREARM, "caliber", str("9mm"));
	set(v, VC_OBJ_FIREARM, "type", str("P"));
	set(v, VC_OBJ_FIREARM, "country_of_origin", str("AT"));
	set(v, VC_OBJ_FIREARM, "obliterated", str("true"));
	vc_check_object(&walker, VC_OBJ_FIREARM, "firearm", v);
	is_str(problem(0), "firearm.serial required: A serial number is required unless the firearm "
		   "is marked obliterated.", "serial required");
	is_str(problem(1), "firearm.obliterated wrong_type: Expected a boolean, got a string.",
		   "obliterated as a string");
	is_str(problem(2), "firearm.importer required: An importer is required when the country of "
		   "origin (\"AT\") differs from the recovery country (\"MX\").", "importer required");
	is_str(problem(3), "firearm.type invalid_format: Firearm type \"P\" must be two letters, weapon "
		   "then action (e.g. \"PI\").", "one-letter type");
	is_int(problems.count, 4, "four firearm problems");

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	set(v, VC_OBJ_FIREARM, "obliterated", boolean(true));
	set(v, VC_OBJ_FIREARM, "manufacturer", str("Glock"));
	set(v, VC_OBJ_FIREARM, "importer", str("Glock Inc"));
	set(v, VC_OBJ_FIREARM, "model", str("19"));
	set(v, VC_OBJ_FIREARM, "caliber", str("9mm"));
	set(v, VC_OBJ_FIREARM, "type", str("PI"));
	set(v, VC_OBJ_FIREARM, "country_of_origin", str("AT"));
	vc_check_object(&walker, VC_OBJ_FIREARM, "firearm", v);
	is_int(problems.count, 0, "obliterated firearm without a serial");

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	vc_walker_set_recovery(&walker, &rdate, &rcountry);
	set(v, VC_OBJ_FIREARM, "serial", str("AB?12*"));
	set(v, VC_OBJ_FIREARM, "obliterated", boolean(true));
	set(v, VC_OBJ_FIREARM, "manufacturer", str("Glock"));
	set(v, VC_OBJ_FIREARM, "model", str("19"));
	set(v, VC_OBJ_FIREARM, "caliber", str("9mm"));
	set(v, VC_OBJ_FIREARM, "type", str("PI"));
	set(v, VC_OBJ_FIREARM, "country_of_origin", str("MX"));
	vc_check_object(&walker, VC_OBJ_FIREARM, "firearm", v);
	is_int(problems.count, 0, "obliterated: a partial serial pattern; no importer for a domestic gun");

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	set(v, VC_OBJ_FIREARM, "serial", str("AB?12*"));
	vc_check_object(&walker, VC_OBJ_FIREARM, "firearm", v);
	ok(items[0].code == VC_INVALID_FORMAT && strncmp(items[0].path, "firearm.serial", 15) == 0,
	   "a pattern is not a serial when the firearm is not obliterated");
}

static void
test_codes(void)
{
	VcValue		v[VC_MAX_FIELDS];

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	set(v, VC_OBJ_ADDRESS, "country", str("MX"));
	set(v, VC_OBJ_ADDRESS, "subdivision", str("US-TX"));
	vc_check_object(&walker, VC_OBJ_ADDRESS, "possessor.address", v);
	is_str(problem(0), "possessor.address.subdivision not_in_country: Subdivision \"US-TX\" is not "
		   "in country \"MX\".", "subdivision of another country");

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	set(v, VC_OBJ_ADDRESS, "subdivision", str("US-TX"));
	set(v, VC_OBJ_ADDRESS, "country", str("mx"));
	vc_check_object(&walker, VC_OBJ_ADDRESS, "possessor.address", v);
	is_int(problems.count, 1, "no not_in_country when the country is unknown");
	is_str(problem(0), "possessor.address.country unknown_code: Unknown country code \"mx\"; codes "
		   "are upper case (\"MX\").", "lower-case country");

	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 6, 1));
	set(v, VC_OBJ_ADDRESS, "subdivision", str("MX-QQQ"));
	vc_check_object(&walker, VC_OBJ_ADDRESS, "possessor.address", v);
	is_str(problem(0), "possessor.address.subdivision unknown_code: Unknown subdivision code "
		   "\"MX-QQQ\".", "unknown subdivision");
}

/* The nested objects the rules hand back to the walker. */
static VcObject walked_object;
static char walked_path[VC_PATH_MAX];
static int	walked;

static void
record_walk(VcWalker *w, VcObject object, const void *container, const char *path)
{
	(void) w;
	(void) container;
	walked_object = object;
	snprintf(walked_path, sizeof(walked_path), "%s", path);
	walked++;
}

/* A valid purchaser_identified result at the result's path. */
static void
valid_result(VcValue *v)
{
	static int	purchaser_handle;
	VcValue		purchaser;

	memset(&purchaser, 0, sizeof(purchaser));
	purchaser.type = VC_OBJECT;
	purchaser.container = &purchaser_handle;
	memset(v, 0, sizeof(VcValue) * VC_MAX_FIELDS);
	set(v, VC_OBJ_RESULT, "outcome", str("purchaser_identified"));
	set(v, VC_OBJ_RESULT, "dealer_ffl", str("8-23-091-01-7F-14245"));
	set(v, VC_OBJ_RESULT, "dealer_name", str("Border Guns"));
	set(v, VC_OBJ_RESULT, "purchase_date", str("2024-03-01"));
	set(v, VC_OBJ_RESULT, "purchaser", purchaser);
}

static void
check_result_object(const VcValue *v)
{
	reset(vc_days_from_civil(2024, 12, 1));
	ok(vc_walker_set_recovery_day(&walker, vc_days_from_civil(2024, 10, 30)),
	   "a recovery day is taken");
	walker.walk_object = record_walk;
	walked = 0;
	vc_check_object(&walker, VC_OBJ_RESULT, VC_RESULT_PATH, v);
}

static void
test_result_rules(void)
{
	VcValue		v[VC_MAX_FIELDS];
	const VcSchema *result = vc_schema(VC_OBJ_RESULT);
	const VcSchema *purchaser = vc_schema(VC_OBJ_PURCHASER);
	const VcSchema *possessor = vc_schema(VC_OBJ_POSSESSOR);

	is_int(result->object, VC_OBJ_RESULT, "the result has a schema");
	is_int(result->nfields, 6, "six result fields");
	is_str(result->fields[0].name, "outcome", "outcome first");
	is_str(result->fields[5].name, "purchaser", "purchaser last");
	ok(purchaser->object == VC_OBJ_PURCHASER && purchaser->fields == possessor->fields &&
	   purchaser->nfields == possessor->nfields, "the purchaser has the possessor's fields");

	valid_result(v);
	check_result_object(v);
	is_int(problems.count, 0, "a valid purchaser_identified result");
	ok(walked == 1 && walked_object == VC_OBJ_PURCHASER &&
	   strcmp(walked_path, "result.purchaser") == 0, "the purchaser is walked as a purchaser");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "dealer_ffl", str(" 823091017f14245 "));
	check_result_object(v);
	is_int(problems.count, 0, "a licence number without hyphens, lower case, padded");

	memset(v, 0, sizeof(v));
	check_result_object(v);
	is_int(problems.count, 3, "an empty result: three problems");
	is_str(problem(0), "result.outcome required: A value is required.", "outcome required");
	is_str(problem(1), "result.dealer_ffl required: A value is required.", "dealer_ffl required");
	is_str(problem(2), "result.dealer_name required: A value is required.", "dealer_name required");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22004", "required is 22004");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "purchase_date", null_value());
	set(v, VC_OBJ_RESULT, "purchaser", null_value());
	check_result_object(v);
	is_str(problem(0), "result.purchase_date required: A purchase date is required when the "
		   "outcome is \"purchaser_identified\".", "purchase date required for a purchaser");
	is_str(problem(1), "result.purchaser required: A purchaser is required when the outcome is "
		   "\"purchaser_identified\".", "purchaser required");
	is_str(vc_sqlstate(items[1].code, items[1].kind), "22004", "a missing purchaser is 22004");
	is_int(problems.count, 2, "and nothing else");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "outcome", str(" dealer_identified "));
	set(v, VC_OBJ_RESULT, "purchase_date", null_value());
	set(v, VC_OBJ_RESULT, "purchaser", null_value());
	check_result_object(v);
	is_int(problems.count, 0, "a dealer result needs neither purchase date nor purchaser");
	is_int(walked, 0, "and an absent purchaser is not walked");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "outcome", str("dealer_identified"));
	check_result_object(v);
	ok(problems.count == 0 && walked == 1, "but may carry both, and the purchaser is checked");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "outcome", str("Purchaser_Identified"));
	set(v, VC_OBJ_RESULT, "purchase_date", null_value());
	set(v, VC_OBJ_RESULT, "purchaser", null_value());
	check_result_object(v);
	is_str(problem(0), "result.outcome unknown_code: Unknown outcome \"Purchaser_Identified\".",
		   "an unknown outcome");
	is_int(problems.count, 1, "an unknown outcome requires nothing more");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22023", "unknown_code is 22023");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "dealer_ffl", str("2-23-091-01-7F-14245"));
	check_result_object(v);
	is_str(problem(0), "result.dealer_ffl invalid_format: Region \"2\" is not one of 1, 3, 4, 5, 6, "
		   "8, 9.", "ffl_parse's message");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22P02", "a bad licence number is 22P02");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "dealer_ffl", str("8-23-091-01-7F"));
	check_result_object(v);
	is_str(problem(0), "result.dealer_ffl invalid_format: Write all five hyphens "
		   "(R-DD-CCC-TT-YM-SSSSS) or none; found 4.", "missing sequence");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "dealer_ffl", num(8230910170614245.0, "8230910170614245"));
	check_result_object(v);
	is_str(problem(0), "result.dealer_ffl wrong_type: Expected a string, got a number.",
		   "a licence number as a number");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "dealer_name", str(repeat("n", 200)));
	check_result_object(v);
	is_int(problems.count, 0, "a 200-character dealer name");
	set(v, VC_OBJ_RESULT, "dealer_name", str(repeat("n", 201)));
	check_result_object(v);
	is_str(problem(0), "result.dealer_name too_long: Value exceeds 200 characters.",
		   "a 201-character dealer name");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "purchase_date", str("2024-10-30"));
	check_result_object(v);
	is_int(problems.count, 0, "bought on the recovery day");
	set(v, VC_OBJ_RESULT, "purchase_date", str("2024-10-31"));
	check_result_object(v);
	is_str(problem(0), "result.purchase_date inconsistent: Purchase date \"2024-10-31\" is after "
		   "the recovery date \"2024-10-30\".", "bought after the recovery");
	is_str(vc_sqlstate(items[0].code, items[0].kind), "22023", "inconsistent is 22023");
	set(v, VC_OBJ_RESULT, "purchase_date", str("2024-12-02"));
	check_result_object(v);
	is_str(problem(0), "result.purchase_date out_of_range: Date \"2024-12-02\" is in the future.",
		   "the future comes before the recovery date");
	set(v, VC_OBJ_RESULT, "purchase_date", str("1899-12-31"));
	check_result_object(v);
	is_str(problem(0), "result.purchase_date out_of_range: Date \"1899-12-31\" is before 1900-01-01.",
		   "before 1900");
	set(v, VC_OBJ_RESULT, "purchase_date", str("2024-3-1"));
	check_result_object(v);
	is_str(problem(0), "result.purchase_date invalid_format: Date \"2024-3-1\" is not in the form "
		   "YYYY-MM-DD.", "strict date form");

	valid_result(v);
	set(v, VC_OBJ_RESULT, "purchaser", str("Jane Roe"));
	check_result_object(v);
	is_str(problem(0), "result.purchaser wrong_type: Expected an object, got a string.",
		   "a purchaser as a string");
	is_int(walked, 0, "is not walked");

	/* the purchaser's own rules are the possessor's */
	memset(v, 0, sizeof(v));
	reset(vc_days_from_civil(2024, 12, 1));
	vc_walker_set_recovery_day(&walker, vc_days_from_civil(2024, 10, 30));
	set(v, VC_OBJ_PURCHASER, "first_name", str("Jane"));
	set(v, VC_OBJ_PURCHASER, "dob", str("2024-10-31"));
	set(v, VC_OBJ_PURCHASER, "sex", str("X"));
	vc_check_object(&walker, VC_OBJ_PURCHASER, "result.purchaser", v);
	is_str(problem(0), "result.purchaser.last_name required: A value is required.",
		   "purchaser last name required");
	is_str(problem(1), "result.purchaser.dob inconsistent: Date of birth \"2024-10-31\" is after "
		   "the recovery date \"2024-10-30\".", "purchaser born after the recovery");
	is_str(problem(2), "result.purchaser.sex unknown_code: Unknown sex code \"X\".", "purchaser sex");
	is_int(problems.count, 3, "three purchaser problems");

	/* the recovery day of a result */
	reset(0);
	ok(vc_walker_set_recovery_day(&walker, vc_days_from_civil(1900, 1, 1)), "1900-01-01 is taken");
	ok(vc_walker_set_recovery_day(&walker, vc_days_from_civil(9999, 12, 31)), "9999-12-31 is taken");
	ok(!vc_walker_set_recovery_day(&walker, vc_days_from_civil(1899, 12, 31)), "1899-12-31 is not");
	ok(!walker.have_recovery_date, "and leaves no recovery date");
	ok(!vc_walker_set_recovery_day(&walker, vc_days_from_civil(10000, 1, 1)), "10000-01-01 is not");
	ok(!vc_walker_set_recovery_day(&walker, INT32_MAX), "nor infinity");
	ok(!vc_walker_set_recovery_day(&walker, INT32_MIN), "nor minus infinity");
}

static VcProblem many[VC_MAX_PROBLEMS + 8];

static bool
grow_into_many(VcProblemList *list, int min_capacity)
{
	if (min_capacity > (int) (sizeof(many) / sizeof(many[0])))
		return false;
	if (list->items != many)
		memcpy(many, list->items, sizeof(VcProblem) * list->count);
	list->items = many;
	list->capacity = (int) (sizeof(many) / sizeof(many[0]));
	return true;
}

static void
test_keys_and_limits(void)
{
	VcValue		root;
	VcProblem	first[4];
	VcProblemList list;

	reset(0);
	ok(vc_check_key(&walker, VC_OBJ_FIREARM, "firearm", "serial", 6), "serial is a firearm field");
	ok(!vc_check_key(&walker, VC_OBJ_FIREARM, "firearm", "serail", 6), "serail is not");
	is_str(problem(0), "firearm.serail unknown_field: Unknown field \"serail\"; did you mean \"serial\"?",
		   "unknown key with a suggestion");
	ok(!vc_check_key(&walker, VC_OBJ_DOCUMENT, "", "result", 6), "result is not a document field");
	is_str(problem(1), "result unknown_field: Unknown field \"result\".", "top-level unknown key");
	ok(!vc_check_key(&walker, VC_OBJ_ASSOCIATE, "associates[3]", "a\"b", 3), "odd key");
	is_str(problem(2), "associates[3][\"a\\\"b\"] unknown_field: Unknown field \"a\\\"b\".",
		   "odd key quoted in path and message");
	ok(vc_check_key(&walker, VC_OBJ_ASSOCIATE, "associates[3]", "relationship", 12),
	   "associates have a relationship");
	ok(!vc_check_key(&walker, VC_OBJ_POSSESSOR, "possessor", "relationship", 12),
	   "the possessor has none");

	reset(0);
	memset(&root, 0, sizeof(root));
	root.type = VC_ARRAY;
	ok(!vc_check_root(&walker, &root), "an array is not a document");
	is_str(problem(0), "$ wrong_type: A trace document must be a JSON object, got an array.",
		   "root problem");
	root.type = VC_OBJECT;
	ok(vc_check_root(&walker, &root), "an object is");

	reset(0);
	root.type = VC_NULL;
	ok(!vc_check_result_root(&walker, &root), "null is not a result document");
	is_str(problem(0), "result wrong_type: A result document must be a JSON object, got null.",
		   "result root problem, at the result's path");
	root.type = VC_OBJECT;
	ok(vc_check_result_root(&walker, &root), "an object is a result document");
	ok(!vc_check_key(&walker, VC_OBJ_RESULT, VC_RESULT_PATH, "purchase", 8), "purchase is no result field");
	is_str(problem(1), "result.purchase unknown_field: Unknown field \"purchase\"; did you mean "
		   "\"purchaser\"?", "the nearest result field");
	ok(!vc_check_key(&walker, VC_OBJ_RESULT, VC_RESULT_PATH, "time_to_crime_days", 18),
	   "time_to_crime_days is computed, not given");
	ok(!vc_check_key(&walker, VC_OBJ_PURCHASER, "result.purchaser", "relationship", 12),
	   "a purchaser has no relationship");
	ok(vc_check_key(&walker, VC_OBJ_PURCHASER, "result.purchaser", "dob", 3), "but a dob");
	is_str(vc_suggest_field(VC_OBJ_RESULT, "dealer_fl", 9), "dealer_ffl", "dealer_fl -> dealer_ffl");
	is_str(vc_suggest_field(VC_OBJ_RESULT, "purchaseDate", 12), "purchase_date",
		   "camel case -> purchase_date");
	is_str(vc_suggest_field(VC_OBJ_RESULT, "ffl", 3), NULL, "ffl is too far from dealer_ffl");

	vc_problems_init(&list, first, 4);
	list.grow = grow_into_many;
	for (int i = 0; i < VC_MAX_PROBLEMS + 250; i++)
		vc_report(&list, "k", VC_UNKNOWN_FIELD, VC_KIND_TEXT, "Problem %d.", i);
	is_int(list.count, VC_MAX_PROBLEMS, "the list stops at VC_MAX_PROBLEMS");
	is_str(list.items[3].message, "Problem 3.", "growing keeps the first problems");
	vc_problems_finish(&list);
	is_int(list.count, VC_MAX_PROBLEMS + 1, "plus one closing note");
	is_str(list.items[VC_MAX_PROBLEMS].message, "250 more problems were not listed.", "the note");
	is_int(list.items[VC_MAX_PROBLEMS].code, VC_TOO_MANY, "the note is too_many");
}

int
main(void)
{
	test_dates();
	test_strings();
	test_formats();
	test_problem_list();
	test_text_rules();
	test_date_rules();
	test_coordinates();
	test_firearm_rules();
	test_codes();
	test_result_rules();
	test_keys_and_limits();
	return done_testing();
}
