/*
 * validate_core.c — the rules of a trace document and of a trace result
 * document, in plain C.
 *
 * See validate_core.h.  Everything here works on caller buffers and must
 * not crash on any input: the date parser and the format checks are fuzzed.
 */
#include "validate_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ffl_core.h"
#include "reference_core.h"
#include "serial_core.h"

/* Days from 2000-01-01 back to 1970-01-01 (the civil algorithm's epoch). */
#define DAYS_1970_TO_2000 10957

/* ================================================================ dates */

bool
vc_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
vc_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && vc_is_leap_year(year))
		return 29;
	return days[month - 1];
}

VcDateStatus
vc_parse_date(const char *s, size_t len, int *year, int *month, int *day)
{
	int			y = 0,
				m = 0,
				d = 0;

	*year = *month = *day = 0;
	if (s == NULL || len != 10)
		return VC_DATE_BAD_FORMAT;
	for (size_t i = 0; i < 10; i++)
	{
		if (i == 4 || i == 7)
		{
			if (s[i] != '-')
				return VC_DATE_BAD_FORMAT;
		}
		else if (s[i] < '0' || s[i] > '9')
			return VC_DATE_BAD_FORMAT;
	}
	for (int i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	*year = y;
	*month = m;
	*day = d;
	if (m < 1 || m > 12 || d < 1 || d > vc_days_in_month(y, m))
		return VC_DATE_NONEXISTENT;
	return VC_DATE_OK;
}

/*
 * Howard Hinnant's days_from_civil / civil_from_days, shifted to the
 * 2000-01-01 epoch that PostgreSQL's DateADT uses.
 */
int32_t
vc_days_from_civil(int year, int month, int day)
{
	long long	y = (long long) year - (month <= 2 ? 1 : 0);
	long long	era = (y >= 0 ? y : y - 399) / 400;
	long long	yoe = y - era * 400;
	long long	doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long long	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t) (era * 146097 + doe - 719468 - DAYS_1970_TO_2000);
}

void
vc_civil_from_days(int32_t days, int *year, int *month, int *day)
{
	long long	z = (long long) days + DAYS_1970_TO_2000 + 719468;
	long long	era = (z >= 0 ? z : z - 146096) / 146097;
	long long	doe = z - era * 146097;
	long long	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long	mp = (5 * doy + 2) / 153;
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*day = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
}

void
vc_format_date(int32_t days, char *out)
{
	int			y,
				m,
				d;

	vc_civil_from_days(days, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* ============================================================== strings */

size_t
vc_utf8_chars(const char *s, size_t len)
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool
is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void
vc_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t		n = *len;

	if (p == NULL)
	{
		*len = 0;
		return;
	}
	while (n > 0 && is_ascii_space(*p))
	{
		p++;
		n--;
	}
	while (n > 0 && is_ascii_space(p[n - 1]))
		n--;
	*s = p;
	*len = n;
}

int32_t
vc_find_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		unsigned char b = (unsigned char) s[i];

		if (b < 0x20 || b == 0x7F)
			return b;
		/* U+0080..U+009F are encoded as C2 80..C2 9F */
		if (b == 0xC2 && i + 1 < len &&
			(unsigned char) s[i + 1] >= 0x80 && (unsigned char) s[i + 1] <= 0x9F)
			return (unsigned char) s[i + 1];
	}
	return -1;
}

/*
 * Decode one UTF-8 character at s (len > 0 bytes left).  Returns the number
 * of bytes it takes and sets *cp, or returns 1 with *cp = -1 for a byte that
 * does not start a well-formed sequence (overlong forms, surrogates and
 * code points above U+10FFFF are malformed too).
 */
static size_t
utf8_next(const unsigned char *s, size_t len, int32_t *cp)
{
	unsigned char b = s[0];
	size_t		need;
	int32_t		c,
				min;

	if (b < 0x80)
	{
		*cp = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF)
	{
		need = 2;
		c = b & 0x1F;
		min = 0x80;
	}
	else if (b >= 0xE0 && b <= 0xEF)
	{
		need = 3;
		c = b & 0x0F;
		min = 0x800;
	}
	else if (b >= 0xF0 && b <= 0xF4)
	{
		need = 4;
		c = b & 0x07;
		min = 0x10000;
	}
	else
	{
		*cp = -1;
		return 1;
	}
	if (len < need)
	{
		*cp = -1;
		return 1;
	}
	for (size_t i = 1; i < need; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
	{
		*cp = -1;
		return 1;
	}
	*cp = c;
	return need;
}

void
vc_quote(char *out, size_t cap, const char *s, size_t len, int max_chars)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		o = 0,
				i = 0;
	int			chars = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	if (s == NULL)
		return;
	while (i < len)
	{
		char		piece[8];
		size_t		plen;
		int32_t		cp;
		size_t		n;

		if (chars >= max_chars)
		{
			if (o + 4 <= cap)
			{
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		n = utf8_next(u + i, len - i, &cp);
		if (cp < 0)
		{
			piece[0] = '?';
			plen = 1;
		}
		else if (cp == '"' || cp == '\\')
		{
			piece[0] = '\\';
			piece[1] = (char) cp;
			plen = 2;
		}
		else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			plen = (size_t) snprintf(piece, sizeof(piece), "\\u%04X", (unsigned) cp);
		else
		{
			memcpy(piece, s + i, n);
			plen = n;
		}
		if (o + plen + 1 > cap)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		i += n;
		chars++;
	}
	out[o] = '\0';
}

/*
 * Make a NUL-terminated buffer well-formed UTF-8 in place: malformed bytes
 * become '?' (messages may carry text from other parsers, cut by snprintf).
 */
static void
utf8_sanitize(char *buf)
{
	unsigned char *u = (unsigned char *) buf;
	size_t		len = strlen(buf);
	size_t		i = 0;

	while (i < len)
	{
		int32_t		cp;
		size_t		n = utf8_next(u + i, len - i, &cp);

		if (cp < 0)
			u[i] = '?';
		i += n;
	}
}

/* ============================================================== formats */

const char *
vc_email_problem(const char *s, size_t len)
{
	size_t		at = 0,
				nat = 0;
	const char *domain;
	size_t		dlen;
	bool		dot = false;

	if (s == NULL || len == 0)
		return "must not be empty";
	for (size_t i = 0; i < len; i++)
	{
		unsigned char b = (unsigned char) s[i];

		if (b <= 0x20 || b == 0x7F)
			return "must not contain spaces";
		if (b == '@')
		{
			nat++;
			at = i;
		}
	}
	if (nat != 1)
		return "must contain exactly one \"@\"";
	if (at == 0)
		return "must have a name before the \"@\"";
	domain = s + at + 1;
	dlen = len - at - 1;
	for (size_t i = 0; i < dlen; i++)
		if (domain[i] == '.')
			dot = true;
	if (!dot)
		return "must have a domain with a dot after the \"@\"";
	if (domain[0] == '.' || domain[dlen - 1] == '.')
		return "must not have a domain that starts or ends with a dot";
	for (size_t i = 0; i + 1 < dlen; i++)
		if (domain[i] == '.' && domain[i + 1] == '.')
			return "must not have two dots in a row in its domain";
	return NULL;
}

const char *
vc_phone_problem(const char *s, size_t len)
{
	bool		digit = false;

	if (s == NULL || len == 0)
		return "must not be empty";
	for (size_t i = 0; i < len; i++)
	{
		char		c = s[i];

		if (c >= '0' && c <= '9')
			digit = true;
		else if (c == '+')
		{
			if (i != 0)
				return "may have \"+\" only at the start";
		}
		else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.')
			return "may contain only digits, spaces, \"+\", \"-\", \"(\", \")\" and \".\"";
	}
	if (!digit)
		return "must contain a digit";
	return NULL;
}

/* ========================================================= problem list */

static const struct
{
	VcCode		code;
	const char *name;
	const char *sqlstate[3];	/* by VcKind: text, number, date */
}			vc_codes[] =
{
	{VC_REQUIRED, "required", {"22004", "22004", "22004"}},
	{VC_UNKNOWN_FIELD, "unknown_field", {"22023", "22023", "22023"}},
	{VC_WRONG_TYPE, "wrong_type", {"22023", "22023", "22023"}},
	{VC_TOO_LONG, "too_long", {"22001", "22001", "22001"}},
	{VC_INVALID_FORMAT, "invalid_format", {"22P02", "22P02", "22007"}},
	{VC_INVALID_VALUE, "invalid_value", {"22023", "22023", "22023"}},
	{VC_OUT_OF_RANGE, "out_of_range", {"22003", "22003", "22008"}},
	{VC_UNKNOWN_CODE, "unknown_code", {"22023", "22023", "22023"}},
	{VC_NOT_IN_COUNTRY, "not_in_country", {"22023", "22023", "22023"}},
	{VC_INCONSISTENT, "inconsistent", {"22023", "22023", "22023"}},
	{VC_TOO_MANY, "too_many", {"22023", "22023", "22023"}},
};

#define N_CODES ((int) (sizeof(vc_codes) / sizeof(vc_codes[0])))

const char *
vc_code_name(VcCode code)
{
	for (int i = 0; i < N_CODES; i++)
		if (vc_codes[i].code == code)
			return vc_codes[i].name;
	return "invalid_value";
}

const char *
vc_sqlstate(VcCode code, VcKind kind)
{
	int			k = (kind == VC_KIND_NUMBER) ? 1 : (kind == VC_KIND_DATE) ? 2 : 0;

	for (int i = 0; i < N_CODES; i++)
		if (vc_codes[i].code == code)
			return vc_codes[i].sqlstate[k];
	return "22023";
}

void
vc_problems_init(VcProblemList *list, VcProblem *items, int capacity)
{
	list->items = items;
	list->count = 0;
	list->capacity = items ? capacity : 0;
	list->omitted = 0;
	list->grow = NULL;
	list->grow_arg = NULL;
}

static VcProblem *
next_slot(VcProblemList *list)
{
	if (list->count >= list->capacity &&
		(list->grow == NULL || !list->grow(list, list->count + 1)))
		return NULL;
	return &list->items[list->count++];
}

static void fill_problem(VcProblem *p, const char *path, VcCode code,
						 VcKind kind, const char *fmt, va_list args)
			__attribute__((format(printf, 5, 0)));
static void report_note(VcProblem *p, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

static void
fill_problem(VcProblem *p, const char *path, VcCode code, VcKind kind,
			 const char *fmt, va_list args)
{
	snprintf(p->path, sizeof(p->path), "%s", path ? path : "");
	utf8_sanitize(p->path);
	p->code = code;
	p->kind = kind;
	vsnprintf(p->message, sizeof(p->message), fmt, args);
	utf8_sanitize(p->message);
}

void
vc_report(VcProblemList *list, const char *path, VcCode code, VcKind kind,
		  const char *fmt,...)
{
	VcProblem  *p;
	va_list		args;

	if (list == NULL)
		return;
	if (list->count >= VC_MAX_PROBLEMS || (p = next_slot(list)) == NULL)
	{
		list->omitted++;
		return;
	}
	va_start(args, fmt);
	fill_problem(p, path, code, kind, fmt, args);
	va_end(args);
}

static void
report_note(VcProblem *p, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	fill_problem(p, "$", VC_TOO_MANY, VC_KIND_TEXT, fmt, args);
	va_end(args);
}

void
vc_problems_finish(VcProblemList *list)
{
	VcProblem  *p;

	if (list == NULL || list->omitted == 0)
		return;
	p = next_slot(list);
	if (p == NULL)
	{
		if (list->count == 0)
			return;
		/* no room at all: the note replaces the last problem */
		p = &list->items[list->count - 1];
		list->omitted++;
	}
	report_note(p, "%ld more problems were not listed.", list->omitted);
}

static bool
is_identifier(const char *key, size_t len)
{
	if (len == 0 || len > VC_QUOTE_CHARS)
		return false;
	for (size_t i = 0; i < len; i++)
	{
		char		c = key[i];
		bool		alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

		if (!alpha && !(i > 0 && c >= '0' && c <= '9'))
			return false;
	}
	return true;
}

void
vc_path_key(char *out, const char *parent, const char *key, size_t keylen)
{
	char		quoted[128];
	bool		top = (parent == NULL || parent[0] == '\0');

	if (is_identifier(key, keylen))
		snprintf(out, VC_PATH_MAX, "%s%s%.*s", top ? "" : parent, top ? "" : ".",
				 (int) keylen, key);
	else
	{
		vc_quote(quoted, sizeof(quoted), key, keylen, VC_QUOTE_CHARS);
		snprintf(out, VC_PATH_MAX, "%s[\"%s\"]", top ? "" : parent, quoted);
	}
}

void
vc_path_index(char *out, const char *parent, long index)
{
	snprintf(out, VC_PATH_MAX, "%s[%ld]", parent ? parent : "", index);
}

const char *
vc_type_phrase(VcType type)
{
	switch (type)
	{
		case VC_ABSENT:
			return "nothing";
		case VC_NULL:
			return "null";
		case VC_STRING:
			return "a string";
		case VC_NUMBER:
			return "a number";
		case VC_BOOLEAN:
			return "a boolean";
		case VC_OBJECT:
			return "an object";
		case VC_ARRAY:
			return "an array";
	}
	return "an unknown value";
}

/* =============================================================== schema */

#define TEXT(name, req, max) {name, VC_RULE_TEXT, req, max, 0, VC_OBJ_DOCUMENT}
#define RULE(name, rule, req, max) {name, rule, req, max, 0, VC_OBJ_DOCUMENT}
#define OBJECT(name, req, child) {name, VC_RULE_OBJECT, req, 0, 0, child}

static const VcField document_fields[] = {
	OBJECT("request", true, VC_OBJ_REQUEST),
	OBJECT("firearm", true, VC_OBJ_FIREARM),
	OBJECT("recovery", true, VC_OBJ_RECOVERY),
	OBJECT("possessor", false, VC_OBJ_POSSESSOR),
	{"associates", VC_RULE_OBJECT_ARRAY, false, 0, 50, VC_OBJ_ASSOCIATE},
};

static const VcField request_fields[] = {
	RULE("request_date", VC_RULE_REQUEST_DATE, true, 0),
	RULE("priority", VC_RULE_PRIORITY, true, 0),
	RULE("urgent_reason", VC_RULE_URGENT_REASON, false, 500),
	TEXT("special_instructions", false, 2000),
	RULE("crime_code", VC_RULE_CRIME_CODE, true, 0),
	TEXT("agency_case_number", true, 40),
	OBJECT("officer", true, VC_OBJ_OFFICER),
};

static const VcField officer_fields[] = {
	TEXT("name", true, 100),
	TEXT("badge", false, 20),
	TEXT("unit", false, 100),
	RULE("phone", VC_RULE_PHONE, false, 40),
	RULE("email", VC_RULE_EMAIL, false, 254),
};

static const VcField firearm_fields[] = {
	RULE("serial", VC_RULE_SERIAL, false, SERIAL_MAX_RECORDED),
	RULE("obliterated", VC_RULE_BOOLEAN, false, 0),
	TEXT("manufacturer", true, 100),
	RULE("importer", VC_RULE_IMPORTER, false, 100),
	TEXT("model", true, 100),
	TEXT("caliber", true, 40),
	RULE("caliber_canonical", VC_RULE_DERIVED, false, 0),
	RULE("type", VC_RULE_FIREARM_TYPE, true, 0),
	RULE("country_of_origin", VC_RULE_COUNTRY, true, 0),
	TEXT("markings", false, 500),
};

static const VcField recovery_fields[] = {
	RULE("date", VC_RULE_RECOVERY_DATE, true, 0),
	RULE("country", VC_RULE_COUNTRY, true, 0),
	RULE("subdivision", VC_RULE_SUBDIVISION, false, 0),
	TEXT("locality", false, 100),
	TEXT("address", false, 200),
	RULE("latitude", VC_RULE_LATITUDE, false, 0),
	RULE("longitude", VC_RULE_LONGITUDE, false, 0),
};

#define PERSON_FIELDS \
	TEXT("last_name", true, 60), \
	TEXT("first_name", false, 60), \
	TEXT("middle_name", false, 60), \
	TEXT("suffix", false, 60), \
	{"aliases", VC_RULE_STRING_ARRAY, false, 100, 20, VC_OBJ_DOCUMENT}, \
	RULE("dob", VC_RULE_DOB, false, 0), \
	RULE("sex", VC_RULE_SEX, false, 0), \
	OBJECT("address", false, VC_OBJ_ADDRESS)

static const VcField possessor_fields[] = {
	PERSON_FIELDS,
};

static const VcField associate_fields[] = {
	PERSON_FIELDS,
	TEXT("relationship", false, 60),
};

static const VcField address_fields[] = {
	TEXT("street", false, 200),
	TEXT("locality", false, 100),
	RULE("subdivision", VC_RULE_SUBDIVISION, false, 0),
	RULE("country", VC_RULE_COUNTRY, false, 0),
	TEXT("postal_code", false, 20),
};

/*
 * The tracing center's result.  The purchaser is a person like the
 * possessor, with the same fields and rules (a date of birth after the
 * recovery date is as wrong for the purchaser, who bought the gun before).
 */
static const VcField result_fields[] = {
	RULE("outcome", VC_RULE_OUTCOME, true, 0),
	RULE("dealer_ffl", VC_RULE_FFL, true, 0),
	TEXT("dealer_name", true, 200),
	/* where the dealer is licensed (its country is the code's prefix) */
	RULE("dealer_subdivision", VC_RULE_SUBDIVISION, false, 0),
	RULE("purchase_date", VC_RULE_PURCHASE_DATE, false, 0),
	{"purchaser", VC_RULE_PURCHASER, false, 0, 0, VC_OBJ_PURCHASER},
};

#define SCHEMA(obj, fields) {obj, fields, (int) (sizeof(fields) / sizeof(fields[0]))}

static const VcSchema schemas[] = {
	SCHEMA(VC_OBJ_DOCUMENT, document_fields),
	SCHEMA(VC_OBJ_REQUEST, request_fields),
	SCHEMA(VC_OBJ_OFFICER, officer_fields),
	SCHEMA(VC_OBJ_FIREARM, firearm_fields),
	SCHEMA(VC_OBJ_RECOVERY, recovery_fields),
	SCHEMA(VC_OBJ_POSSESSOR, possessor_fields),
	SCHEMA(VC_OBJ_ASSOCIATE, associate_fields),
	SCHEMA(VC_OBJ_ADDRESS, address_fields),
	SCHEMA(VC_OBJ_RESULT, result_fields),
	SCHEMA(VC_OBJ_PURCHASER, possessor_fields),
};

const VcSchema *
vc_schema(VcObject object)
{
	for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (schemas[i].object == object)
			return &schemas[i];
	return &schemas[0];
}

int
vc_field_index(VcObject object, const char *key, size_t keylen)
{
	const VcSchema *schema = vc_schema(object);

	for (int i = 0; i < schema->nfields; i++)
		if (strlen(schema->fields[i].name) == keylen &&
			memcmp(schema->fields[i].name, key, keylen) == 0)
			return i;
	return -1;
}

static char
ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/*
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours),
 * ASCII case folded; both strings at most 64 bytes.
 */
static int
edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	int			d[65][65];

	for (size_t i = 0; i <= alen; i++)
		d[i][0] = (int) i;
	for (size_t j = 0; j <= blen; j++)
		d[0][j] = (int) j;
	for (size_t i = 1; i <= alen; i++)
		for (size_t j = 1; j <= blen; j++)
		{
			int			cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
			int			best = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
				ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
				ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]) &&
				d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[alen][blen];
}

const char *
vc_suggest_field(VcObject object, const char *key, size_t keylen)
{
	const VcSchema *schema = vc_schema(object);
	const char *best = NULL;
	int			best_distance = 3;

	if (keylen == 0 || keylen > 64)
		return NULL;
	for (int i = 0; i < schema->nfields; i++)
	{
		const char *name = schema->fields[i].name;
		size_t		nlen = strlen(name);
		/* short names tolerate one slip, longer ones two */
		int			limit = nlen <= 4 ? 1 : 2;
		int			dist = edit_distance(key, keylen, name, nlen);

		if (dist <= limit && dist < best_distance)
		{
			best = name;
			best_distance = dist;
		}
	}
	return best;
}

/* ============================================================ the rules */

void
vc_walker_init(VcWalker *w, VcProblemList *problems, int32_t today)
{
	memset(w, 0, sizeof(*w));
	w->problems = problems;
	w->today = today;
}

typedef struct Text
{
	const char *s;
	size_t		len;
} Text;

/* A usable string: present, a string, not blank, no control characters. */
static bool
text_of(const VcValue *v, Text *out)
{
	const char *s;
	size_t		len;

	if (v == NULL || v->type != VC_STRING)
		return false;
	s = v->str;
	len = v->len;
	vc_trim(&s, &len);
	if (len == 0 || vc_find_control(s, len) >= 0)
		return false;
	out->s = s;
	out->len = len;
	return true;
}

/* Copy a short code into buf (NUL-terminated); false if it does not fit. */
static bool
code_copy(char *buf, size_t cap, const Text *t)
{
	if (t->len >= cap)
		return false;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	return true;
}

static bool
country_valid(const Text *t, char *alpha2)
{
	char		buf[3];

	if (t->len != 2 || !code_copy(buf, sizeof(buf), t) || !ref_country_exists(buf))
		return false;
	if (alpha2)
		memcpy(alpha2, buf, 3);
	return true;
}

/* A date that passes every rule of its own (syntax, 1900, not future). */
static bool
date_valid(const VcWalker *w, const Text *t, int32_t *days)
{
	int			y,
				m,
				d;

	if (vc_parse_date(t->s, t->len, &y, &m, &d) != VC_DATE_OK || y < VC_DATE_MIN_YEAR)
		return false;
	*days = vc_days_from_civil(y, m, d);
	return *days <= w->today;
}

void
vc_walker_set_recovery(VcWalker *w, const VcValue *date, const VcValue *country)
{
	Text		t;

	w->have_recovery_date = text_of(date, &t) && date_valid(w, &t, &w->recovery_date);
	w->have_recovery_country = text_of(country, &t) && country_valid(&t, w->recovery_country);
}

bool
vc_walker_set_recovery_day(VcWalker *w, int32_t days)
{
	w->have_recovery_date = days >= vc_days_from_civil(VC_DATE_MIN_YEAR, 1, 1) &&
		days <= vc_days_from_civil(9999, 12, 31);
	w->recovery_date = w->have_recovery_date ? days : 0;
	return w->have_recovery_date;
}

/*
 * The common part of every string field: presence, type, blanks, control
 * characters, length.  True when a usable (trimmed, non-blank) value is in
 * *out; otherwise the problem, if any, has been reported.
 */
static bool
check_text(VcWalker *w, const char *path, const VcValue *v, bool required,
		   const char *required_message, int max_chars, VcKind kind, Text *out)
{
	const char *s;
	size_t		len;
	int32_t		control;

	if (v->type == VC_ABSENT || v->type == VC_NULL)
	{
		if (required)
			vc_report(w->problems, path, VC_REQUIRED, kind, "%s",
					  required_message ? required_message : "A value is required.");
		return false;
	}
	if (v->type != VC_STRING)
	{
		vc_report(w->problems, path, VC_WRONG_TYPE, kind,
				  "Expected a string, got %s.", vc_type_phrase(v->type));
		return false;
	}
	s = v->str;
	len = v->len;
	vc_trim(&s, &len);
	if (len == 0)
	{
		if (required)
			vc_report(w->problems, path, VC_REQUIRED, kind, "%s",
					  required_message ? required_message : "A value is required; it is blank.");
		return false;
	}
	control = vc_find_control(s, len);
	if (control >= 0)
	{
		vc_report(w->problems, path, VC_INVALID_VALUE, kind,
				  "Value contains the control character U+%04X.", (unsigned) control);
		return false;
	}
	if (max_chars > 0 && vc_utf8_chars(s, len) > (size_t) max_chars)
	{
		vc_report(w->problems, path, VC_TOO_LONG, kind,
				  "Value exceeds %d characters.", max_chars);
		return false;
	}
	out->s = s;
	out->len = len;
	return true;
}

static void
quote(char *buf, size_t cap, const Text *t)
{
	vc_quote(buf, cap, t->s, t->len, VC_QUOTE_CHARS);
}

static const VcValue *
sibling(const VcSchema *schema, const VcValue *values, const char *name)
{
	static const VcValue absent;	/* zeroed: VC_ABSENT */

	for (int i = 0; i < schema->nfields; i++)
		if (strcmp(schema->fields[i].name, name) == 0)
			return &values[i];
	return &absent;
}

static bool
is_given(const VcValue *v)
{
	return v->type != VC_ABSENT && v->type != VC_NULL;
}

static void
check_date(VcWalker *w, const char *path, const VcField *f, const VcValue *v,
		   bool required, const char *required_message)
{
	Text		t;
	char		q[128],
				rec[11];
	int			y,
				m,
				d;
	int32_t		days;

	if (!check_text(w, path, v, required, required_message, 0, VC_KIND_DATE, &t))
		return;
	quote(q, sizeof(q), &t);
	switch (vc_parse_date(t.s, t.len, &y, &m, &d))
	{
		case VC_DATE_BAD_FORMAT:
			vc_report(w->problems, path, VC_INVALID_FORMAT, VC_KIND_DATE,
					  "Date \"%s\" is not in the form YYYY-MM-DD.", q);
			return;
		case VC_DATE_NONEXISTENT:
			vc_report(w->problems, path, VC_OUT_OF_RANGE, VC_KIND_DATE,
					  "Date \"%s\" does not exist.", q);
			return;
		case VC_DATE_OK:
			break;
	}
	if (y < VC_DATE_MIN_YEAR)
	{
		vc_report(w->problems, path, VC_OUT_OF_RANGE, VC_KIND_DATE,
				  "Date \"%s\" is before 1900-01-01.", q);
		return;
	}
	days = vc_days_from_civil(y, m, d);
	if (days > w->today)
	{
		vc_report(w->problems, path, VC_OUT_OF_RANGE, VC_KIND_DATE,
				  "Date \"%s\" is in the future.", q);
		return;
	}
	if (!w->have_recovery_date)
		return;
	vc_format_date(w->recovery_date, rec);
	if (f->rule == VC_RULE_REQUEST_DATE && days < w->recovery_date)
		vc_report(w->problems, path, VC_INCONSISTENT, VC_KIND_DATE,
				  "Request date \"%s\" is before the recovery date \"%s\".", q, rec);
	else if (f->rule == VC_RULE_DOB && days > w->recovery_date)
		vc_report(w->problems, path, VC_INCONSISTENT, VC_KIND_DATE,
				  "Date of birth \"%s\" is after the recovery date \"%s\".", q, rec);
	else if (f->rule == VC_RULE_PURCHASE_DATE && days > w->recovery_date)
		vc_report(w->problems, path, VC_INCONSISTENT, VC_KIND_DATE,
				  "Purchase date \"%s\" is after the recovery date \"%s\".", q, rec);
}

/* Codes checked against a reference list by a lookup function. */
static void
check_listed_code(VcWalker *w, const char *path, const VcField *f,
				  const VcValue *v, bool (*exists) (const char *), const char *what)
{
	Text		t;
	char		buf[32],
				q[128];

	if (!check_text(w, path, v, f->required, NULL, 0, VC_KIND_TEXT, &t))
		return;
	if (code_copy(buf, sizeof(buf), &t) && exists(buf))
		return;
	quote(q, sizeof(q), &t);
	vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
			  "Unknown %s \"%s\".", what, q);
}

/* Upper-case copy of an ASCII code, to hint at letter case. */
static bool
upper_copy(char *buf, size_t cap, const Text *t)
{
	if (!code_copy(buf, cap, t))
		return false;
	for (char *p = buf; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char) (*p - 'a' + 'A');
	return strncmp(buf, t->s, t->len) != 0;
}

static void
check_country(VcWalker *w, const char *path, const VcField *f, const VcValue *v)
{
	Text		t;
	char		q[128],
				upper[3];

	if (!check_text(w, path, v, f->required, NULL, 0, VC_KIND_TEXT, &t) ||
		country_valid(&t, NULL))
		return;
	quote(q, sizeof(q), &t);
	if (upper_copy(upper, sizeof(upper), &t) && ref_country_exists(upper))
		vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
				  "Unknown country code \"%s\"; codes are upper case (\"%s\").", q, upper);
	else
		vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
				  "Unknown country code \"%s\".", q);
}

/* A subdivision must exist and belong to the "country" of its object. */
static void
check_subdivision(VcWalker *w, const char *path, const VcField *f,
				  const VcValue *v, const VcValue *country_value)
{
	Text		t,
				ct;
	char		buf[16],
				upper[16],
				q[128],
				country[3];
	const char *of;

	if (!check_text(w, path, v, f->required, NULL, 0, VC_KIND_TEXT, &t))
		return;
	quote(q, sizeof(q), &t);
	of = code_copy(buf, sizeof(buf), &t) ? ref_subdivision_country(buf) : NULL;
	if (of == NULL)
	{
		if (upper_copy(upper, sizeof(upper), &t) && ref_subdivision_country(upper))
			vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
					  "Unknown subdivision code \"%s\"; codes are upper case (\"%s\").", q, upper);
		else
			vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
					  "Unknown subdivision code \"%s\".", q);
		return;
	}
	if (text_of(country_value, &ct) && country_valid(&ct, country) &&
		strcmp(of, country) != 0)
		vc_report(w->problems, path, VC_NOT_IN_COUNTRY, VC_KIND_TEXT,
				  "Subdivision \"%s\" is not in country \"%s\".", q, country);
}

static void
check_coordinate(VcWalker *w, const char *path, const VcField *f,
				 const VcValue *v, const VcValue *partner)
{
	bool		latitude = (f->rule == VC_RULE_LATITUDE);
	double		limit = latitude ? 90.0 : 180.0;
	char		q[128];

	if (!is_given(v))
	{
		if (is_given(partner))
			vc_report(w->problems, path, VC_INCONSISTENT, VC_KIND_NUMBER,
					  latitude ? "Latitude is required when longitude is given."
					  : "Longitude is required when latitude is given.");
		return;
	}
	if (v->type != VC_NUMBER)
	{
		vc_report(w->problems, path, VC_WRONG_TYPE, VC_KIND_NUMBER,
				  "Expected a number, got %s.", vc_type_phrase(v->type));
		return;
	}
	/* written so that NaN fails too */
	if (!(v->number >= -limit && v->number <= limit))
	{
		vc_quote(q, sizeof(q), v->str, v->len, VC_QUOTE_CHARS);
		vc_report(w->problems, path, VC_OUT_OF_RANGE, VC_KIND_NUMBER,
				  "%s %s is outside the range %d to %d.",
				  latitude ? "Latitude" : "Longitude", q, (int) -limit, (int) limit);
	}
}

static void
check_serial(VcWalker *w, const char *path, const VcField *f, const VcValue *v,
			 const VcValue *obliterated_value)
{
	bool		obliterated = obliterated_value->type == VC_BOOLEAN &&
		obliterated_value->boolean;
	Text		t;
	char		err[256];
	bool		ok;

	if (!check_text(w, path, v, !obliterated,
					"A serial number is required unless the firearm is marked obliterated.",
					f->max_chars, VC_KIND_TEXT, &t))
		return;
	err[0] = '\0';
	if (obliterated)
	{
		char		like[SERIAL_MAX_KEY * 2 + 8];

		ok = serial_pattern_parse(t.s, t.len, like, sizeof(like), err, sizeof(err));
	}
	else
	{
		SerialParse parsed;

		ok = serial_parse(t.s, t.len, &parsed, err, sizeof(err));
	}
	if (!ok)
		vc_report(w->problems, path, VC_INVALID_FORMAT, VC_KIND_TEXT, "%s",
				  err[0] ? err : "The serial number is not valid.");
}

static void
check_importer(VcWalker *w, const char *path, const VcField *f,
			   const VcValue *v, const VcValue *origin_value)
{
	Text		t;
	char		origin[3],
				message[160];
	bool		required = false;

	/*
	 * The importer is required when the firearm was made outside the country
	 * where it was sold at retail.  That country is not known at submission;
	 * it is taken to be the recovery country, except that a firearm made in
	 * the tracing center's own country was sold there without an importer
	 * (a US-made gun recovered in Mexico has no importer).
	 */
	message[0] = '\0';
	if (w->have_recovery_country && text_of(origin_value, &t) &&
		country_valid(&t, origin) && strcmp(origin, w->recovery_country) != 0 &&
		strcmp(origin, w->retail_country) != 0)
	{
		required = true;
		if (w->retail_country[0] != '\0')
			snprintf(message, sizeof(message),
					 "An importer is required when the country of origin (\"%s\") "
					 "is neither the recovery country (\"%s\") nor the tracing "
					 "center's country (\"%s\").",
					 origin, w->recovery_country, w->retail_country);
		else
			snprintf(message, sizeof(message),
					 "An importer is required when the country of origin (\"%s\") "
					 "differs from the recovery country (\"%s\").",
					 origin, w->recovery_country);
	}
	check_text(w, path, v, required, message, f->max_chars, VC_KIND_TEXT, &t);
}

static void
check_firearm_type(VcWalker *w, const char *path, const VcField *f, const VcValue *v)
{
	Text		t;
	char		q[128],
				upper[3];
	bool		letters;

	if (!check_text(w, path, v, f->required, NULL, 0, VC_KIND_TEXT, &t))
		return;
	quote(q, sizeof(q), &t);
	letters = t.len == 2;
	for (size_t i = 0; letters && i < 2; i++)
		letters = (t.s[i] >= 'A' && t.s[i] <= 'Z') || (t.s[i] >= 'a' && t.s[i] <= 'z');
	if (!letters)
	{
		vc_report(w->problems, path, VC_INVALID_FORMAT, VC_KIND_TEXT,
				  "Firearm type \"%s\" must be two letters, weapon then action (e.g. \"PI\").", q);
		return;
	}
	if (upper_copy(upper, sizeof(upper), &t) &&
		ref_ncic_weapon_exists(upper[0]) && ref_ncic_action_exists(upper[1]))
	{
		vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
				  "Unknown firearm type \"%s\"; codes are upper case (\"%s\").", q, upper);
		return;
	}
	if (!ref_ncic_weapon_exists(t.s[0]))
		vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
				  "\"%c\" in firearm type \"%s\" is not an NCIC weapon letter.", t.s[0], q);
	if (!ref_ncic_action_exists(t.s[1]))
		vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
				  "\"%c\" in firearm type \"%s\" is not an NCIC action letter.", t.s[1], q);
}

static void
check_crime_code(VcWalker *w, const char *path, const VcField *f, const VcValue *v)
{
	Text		t;
	char		buf[5],
				q[128];
	bool		digits;

	if (!check_text(w, path, v, f->required, NULL, 0, VC_KIND_TEXT, &t))
		return;
	quote(q, sizeof(q), &t);
	digits = t.len == 4;
	for (size_t i = 0; digits && i < 4; i++)
		digits = t.s[i] >= '0' && t.s[i] <= '9';
	if (!digits)
	{
		vc_report(w->problems, path, VC_INVALID_FORMAT, VC_KIND_TEXT,
				  "NCIC offense code \"%s\" is not four digits.", q);
		return;
	}
	code_copy(buf, sizeof(buf), &t);
	if (!ref_ncic_offense_exists(buf))
		vc_report(w->problems, path, VC_UNKNOWN_CODE, VC_KIND_TEXT,
				  "Unknown NCIC offense code \"%s\".", q);
}

static void
check_contact(VcWalker *w, const char *path, const VcField *f, const VcValue *v)
{
	Text		t;
	char		q[128];
	const char *problem;
	bool		email = (f->rule == VC_RULE_EMAIL);

	if (!check_text(w, path, v, f->required, NULL, f->max_chars, VC_KIND_TEXT, &t))
		return;
	problem = email ? vc_email_problem(t.s, t.len) : vc_phone_problem(t.s, t.len);
	if (problem == NULL)
		return;
	quote(q, sizeof(q), &t);
	vc_report(w->problems, path, VC_INVALID_FORMAT, VC_KIND_TEXT, "%s \"%s\" %s.",
			  email ? "E-mail address" : "Phone number", q, problem);
}

static void
check_urgent_reason(VcWalker *w, const char *path, const VcField *f,
					const VcValue *v, const VcValue *priority)
{
	Text		p,
				t;
	bool		urgent = text_of(priority, &p) && p.len == 6 &&
		memcmp(p.s, "urgent", 6) == 0;

	check_text(w, path, v, urgent,
			   "A reason is required when the priority is \"urgent\".",
			   f->max_chars, VC_KIND_TEXT, &t);
}

/* A licence number, with or without its hyphens. */
static void
check_ffl(VcWalker *w, const char *path, const VcField *f, const VcValue *v)
{
	Text		t;
	int64_t		packed;
	char		err[FFL_ERR_LEN];

	if (!check_text(w, path, v, f->required, NULL, f->max_chars, VC_KIND_TEXT, &t))
		return;
	err[0] = '\0';
	if (!ffl_parse(t.s, t.len, &packed, err, sizeof(err)))
		vc_report(w->problems, path, VC_INVALID_FORMAT, VC_KIND_TEXT, "%s",
				  err[0] ? err : "The licence number is not valid.");
}

/* Does the result's outcome say that the purchaser was identified? */
static bool
names_purchaser(const VcValue *outcome)
{
	static const char code[] = "purchaser_identified";
	Text		t;

	return text_of(outcome, &t) && t.len == sizeof(code) - 1 &&
		memcmp(t.s, code, t.len) == 0;
}

static void
check_nested_object(VcWalker *w, const char *path, const VcField *f,
					const VcValue *v, bool required, const char *required_message)
{
	if (!is_given(v))
	{
		if (required)
			vc_report(w->problems, path, VC_REQUIRED, VC_KIND_TEXT, "%s",
					  required_message ? required_message : "A value is required.");
		return;
	}
	if (v->type != VC_OBJECT)
	{
		vc_report(w->problems, path, VC_WRONG_TYPE, VC_KIND_TEXT,
				  "Expected an object, got %s.", vc_type_phrase(v->type));
		return;
	}
	if (w->walk_object)
		w->walk_object(w, f->child, v->container, path);
}

static void
check_array(VcWalker *w, const char *path, const VcField *f, const VcValue *v)
{
	long		n;

	if (!is_given(v))
	{
		if (f->required)
			vc_report(w->problems, path, VC_REQUIRED, VC_KIND_TEXT, "A value is required.");
		return;
	}
	if (v->type != VC_ARRAY)
	{
		vc_report(w->problems, path, VC_WRONG_TYPE, VC_KIND_TEXT,
				  "Expected an array, got %s.", vc_type_phrase(v->type));
		return;
	}
	n = v->nitems;
	if (n > f->max_items)
	{
		vc_report(w->problems, path, VC_TOO_MANY, VC_KIND_TEXT,
				  "At most %d items are allowed; %ld were given.", f->max_items, n);
		/* only the allowed items are checked: bounded work on huge arrays */
		n = f->max_items;
	}
	if (w->array_item == NULL)
		return;
	for (long i = 0; i < n; i++)
	{
		VcValue		item;
		char		item_path[VC_PATH_MAX];
		Text		t;

		memset(&item, 0, sizeof(item));
		w->array_item(w, v->container, i, &item);
		vc_path_index(item_path, path, i);
		if (f->rule == VC_RULE_OBJECT_ARRAY)
		{
			if (item.type != VC_OBJECT)
				vc_report(w->problems, item_path, VC_WRONG_TYPE, VC_KIND_TEXT,
						  "Expected an object, got %s.", vc_type_phrase(item.type));
			else if (w->walk_object)
				w->walk_object(w, f->child, item.container, item_path);
		}
		else if (item.type == VC_NULL)
			vc_report(w->problems, item_path, VC_WRONG_TYPE, VC_KIND_TEXT,
					  "Expected a string, got null.");
		else
			check_text(w, item_path, &item, true, NULL, f->max_chars, VC_KIND_TEXT, &t);
	}
}

static void
check_field(VcWalker *w, const VcSchema *schema, const VcValue *values, int i,
			const char *path)
{
	const VcField *f = &schema->fields[i];
	const VcValue *v = &values[i];
	Text		t;

	switch (f->rule)
	{
		case VC_RULE_TEXT:
			check_text(w, path, v, f->required, NULL, f->max_chars, VC_KIND_TEXT, &t);
			break;
		case VC_RULE_REQUEST_DATE:
		case VC_RULE_RECOVERY_DATE:
		case VC_RULE_DOB:
			check_date(w, path, f, v, f->required, NULL);
			break;
		case VC_RULE_PURCHASE_DATE:
			check_date(w, path, f, v,
					   names_purchaser(sibling(schema, values, "outcome")),
					   "A purchase date is required when the outcome is \"purchaser_identified\".");
			break;
		case VC_RULE_OUTCOME:
			check_listed_code(w, path, f, v, ref_result_outcome_exists, "outcome");
			break;
		case VC_RULE_FFL:
			check_ffl(w, path, f, v);
			break;
		case VC_RULE_PRIORITY:
			check_listed_code(w, path, f, v, ref_priority_exists, "priority");
			break;
		case VC_RULE_URGENT_REASON:
			check_urgent_reason(w, path, f, v, sibling(schema, values, "priority"));
			break;
		case VC_RULE_CRIME_CODE:
			check_crime_code(w, path, f, v);
			break;
		case VC_RULE_PHONE:
		case VC_RULE_EMAIL:
			check_contact(w, path, f, v);
			break;
		case VC_RULE_SERIAL:
			check_serial(w, path, f, v, sibling(schema, values, "obliterated"));
			break;
		case VC_RULE_BOOLEAN:
			if (is_given(v) && v->type != VC_BOOLEAN)
				vc_report(w->problems, path, VC_WRONG_TYPE, VC_KIND_TEXT,
						  "Expected a boolean, got %s.", vc_type_phrase(v->type));
			break;
		case VC_RULE_IMPORTER:
			check_importer(w, path, f, v, sibling(schema, values, "country_of_origin"));
			break;
		case VC_RULE_DERIVED:
			if (is_given(v) && v->type != VC_STRING)
				vc_report(w->problems, path, VC_WRONG_TYPE, VC_KIND_TEXT,
						  "Expected a string, got %s.", vc_type_phrase(v->type));
			break;
		case VC_RULE_FIREARM_TYPE:
			check_firearm_type(w, path, f, v);
			break;
		case VC_RULE_COUNTRY:
			check_country(w, path, f, v);
			break;
		case VC_RULE_SUBDIVISION:
			check_subdivision(w, path, f, v, sibling(schema, values, "country"));
			break;
		case VC_RULE_LATITUDE:
			check_coordinate(w, path, f, v, sibling(schema, values, "longitude"));
			break;
		case VC_RULE_LONGITUDE:
			check_coordinate(w, path, f, v, sibling(schema, values, "latitude"));
			break;
		case VC_RULE_SEX:
			check_listed_code(w, path, f, v, ref_sex_exists, "sex code");
			break;
		case VC_RULE_OBJECT:
			check_nested_object(w, path, f, v, f->required, NULL);
			break;
		case VC_RULE_PURCHASER:
			check_nested_object(w, path, f, v,
								names_purchaser(sibling(schema, values, "outcome")),
								"A purchaser is required when the outcome is \"purchaser_identified\".");
			break;
		case VC_RULE_STRING_ARRAY:
		case VC_RULE_OBJECT_ARRAY:
			check_array(w, path, f, v);
			break;
	}
}

static bool
check_root(VcWalker *w, const VcValue *root, const char *path, const char *what)
{
	if (root->type == VC_OBJECT)
		return true;
	vc_report(w->problems, path, VC_WRONG_TYPE, VC_KIND_TEXT,
			  "A %s document must be a JSON object, got %s.", what,
			  vc_type_phrase(root->type));
	return false;
}

bool
vc_check_root(VcWalker *w, const VcValue *root)
{
	return check_root(w, root, "$", "trace");
}

bool
vc_check_result_root(VcWalker *w, const VcValue *root)
{
	return check_root(w, root, VC_RESULT_PATH, "result");
}

bool
vc_check_key(VcWalker *w, VcObject object, const char *path,
			 const char *key, size_t keylen)
{
	char		key_path[VC_PATH_MAX];
	char		q[128];
	const char *suggestion;

	if (vc_field_index(object, key, keylen) >= 0)
		return true;
	vc_path_key(key_path, path, key, keylen);
	vc_quote(q, sizeof(q), key, keylen, VC_QUOTE_CHARS);
	suggestion = vc_suggest_field(object, key, keylen);
	if (suggestion)
		vc_report(w->problems, key_path, VC_UNKNOWN_FIELD, VC_KIND_TEXT,
				  "Unknown field \"%s\"; did you mean \"%s\"?", q, suggestion);
	else
		vc_report(w->problems, key_path, VC_UNKNOWN_FIELD, VC_KIND_TEXT,
				  "Unknown field \"%s\".", q);
	return false;
}

void
vc_check_object(VcWalker *w, VcObject object, const char *path,
				const VcValue *values)
{
	const VcSchema *schema = vc_schema(object);

	for (int i = 0; i < schema->nfields; i++)
	{
		char		field_path[VC_PATH_MAX];
		const char *name = schema->fields[i].name;

		vc_path_key(field_path, path, name, strlen(name));
		check_field(w, schema, values, i, field_path);
	}
}
