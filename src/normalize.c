/*
 * normalize.c — SQL wrappers of the canonicalization cores: calibers
 * (caliber_core.c), manufacturer and person matching keys (normalize_core.c).
 *
 * The cores read and write UTF-8.  In a database with another encoding the
 * text is converted to UTF-8 on the way in and back on the way out; every
 * character of a key comes from the input (or is ASCII), so it converts
 * back.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "caliber_core.h"
#include "normalize_core.h"

/* the bytes of a text argument as UTF-8 (not NUL-terminated) */
static const char *
text_utf8(text *t, size_t *len)
{
	const char *s = VARDATA_ANY(t);
	int			n = VARSIZE_ANY_EXHDR(t);

	if (GetDatabaseEncoding() != PG_UTF8)
	{
		const char *converted = pg_server_to_any(s, n, PG_UTF8);

		if (converted != s)
			n = strlen(converted);
		s = converted;
	}
	*len = (size_t) n;
	return s;
}

static text *
utf8_text(const char *s)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		s = pg_any_to_server(s, strlen(s), PG_UTF8);
	return cstring_to_text(s);
}

PG_FUNCTION_INFO_V1(etrace_caliber_canonical);
Datum
etrace_caliber_canonical(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *in = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	const char *canonical = caliber_canonical(in, len);

	if (canonical == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(canonical));
}

PG_FUNCTION_INFO_V1(etrace_caliber_family);
Datum
etrace_caliber_family(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *in = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	const char *family = caliber_family(in, len);

	if (family == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(family));
}

PG_FUNCTION_INFO_V1(etrace_calibers);
Datum
etrace_calibers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	size_t		n = caliber_catalog_size();

	InitMaterializedSRF(fcinfo, 0);
	for (size_t i = 0; i < n; i++)
	{
		const char *designation;
		const char *family;
		Datum		values[2];
		bool		nulls[2] = {false, false};

		if (!caliber_catalog_entry(i, &designation, &family))
			break;
		values[0] = CStringGetTextDatum(designation);
		values[1] = CStringGetTextDatum(family);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(etrace_manufacturer_key);
Datum
etrace_manufacturer_key(PG_FUNCTION_ARGS)
{
	size_t		len;
	const char *in = text_utf8(PG_GETARG_TEXT_PP(0), &len);
	size_t		cap = len + MANUFACTURER_ALIAS_MAX + 1;
	char	   *out = palloc(cap);

	if (!manufacturer_key(in, len, out, cap))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(utf8_text(out));
}

/* not STRICT: a NULL first name is allowed, a NULL last name gives NULL */
PG_FUNCTION_INFO_V1(etrace_person_name_key);
Datum
etrace_person_name_key(PG_FUNCTION_ARGS)
{
	size_t		llen;
	size_t		flen = 0;
	const char *last;
	const char *first = NULL;
	size_t		cap;
	char	   *out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	last = text_utf8(PG_GETARG_TEXT_PP(0), &llen);
	if (!PG_ARGISNULL(1))
		first = text_utf8(PG_GETARG_TEXT_PP(1), &flen);

	cap = llen + flen + 2;
	out = palloc(cap);
	if (!person_name_key(last, llen, first, flen, out, cap))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(utf8_text(out));
}
