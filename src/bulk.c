/*
 * bulk.c — validation of the elements of a bulk submission
 * (etrace.submit_traces, etrace.import_traces).
 *
 * Each element goes through exactly the validation of a single submission:
 * the fmgr functions of validate.c (check_trace, check_result) are called as
 * they are.  Only when they raise a document problem (their errors carry the
 * JSON path as the column name) is the error re-raised with the element's
 * place in front of every path: "firearm.serial" of the 17th document
 * becomes "documents[17].firearm.serial", in the message, the column name
 * and each line of the detail.  The SQLSTATE is kept.  Other errors
 * (cancellation, out of memory...) pass through untouched.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

/* validate.c */
extern Datum etrace_check_trace(PG_FUNCTION_ARGS);
extern Datum etrace_check_result(PG_FUNCTION_ARGS);

/* "firearm.serial" under "documents[17]"; the root "$" is the element itself. */
static char *
element_path(const char *element, const char *path)
{
	if (path == NULL || path[0] == '\0' || strcmp(path, "$") == 0)
		return pstrdup(element);
	return psprintf("%s.%s", element, path);
}

/* Every occurrence of "path" at a line start of text prefixed with element. */
static char *
prefix_lines(const char *text, const char *element)
{
	StringInfoData out;
	const char *line = text;

	initStringInfo(&out);
	while (line != NULL && *line != '\0')
	{
		const char *nl = strchr(line, '\n');
		size_t		len = nl ? (size_t) (nl - line) : strlen(line);
		char	   *one = pnstrdup(line, len);
		size_t		pathlen = strcspn(one, " ");

		/* a line is "<path> (<code>): <message>" */
		if (pathlen == 1 && one[0] == '$')
			appendStringInfo(&out, "%s%s", element, one + 1);
		else
			appendStringInfo(&out, "%s.%s", element, one);
		if (nl)
			appendStringInfoChar(&out, '\n');
		line = nl ? nl + 1 : NULL;
	}
	return out.data;
}

/*
 * Re-raise a document problem of one element with the element's place in
 * front of its paths.  The message is "invalid <what> document: <path>:
 * <problem>"; it becomes "invalid <what> document: <element>.<path>: ...".
 */
static void
reraise_for_element(const char *element)
{
	MemoryContext ecxt = CurrentMemoryContext;
	ErrorData  *edata;
	char	   *path;
	const char *marker;

	edata = CopyErrorData();
	if (edata->elevel != ERROR || edata->column_name == NULL || edata->message == NULL)
	{
		FreeErrorData(edata);
		PG_RE_THROW();
	}
	FlushErrorState();
	MemoryContextSwitchTo(ecxt);

	path = element_path(element, edata->column_name);
	marker = psprintf(" document: %s:", edata->column_name);
	if (strstr(edata->message, marker) != NULL)
	{
		char	   *at = strstr(edata->message, marker);

		edata->message = psprintf("%.*s document: %s:%s",
								  (int) (at - edata->message), edata->message,
								  path, at + strlen(marker));
	}
	else
		edata->message = psprintf("%s: %s", path, edata->message);
	if (edata->detail != NULL)
		edata->detail = prefix_lines(edata->detail, element);
	edata->column_name = path;
	ReThrowError(edata);
}

/* The element's name, e.g. "documents[17]", checked for sanity. */
static char *
element_name(text *t)
{
	char	   *s = text_to_cstring(t);

	if (s[0] == '\0' || strlen(s) > 200)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid element name \"%s\"", s),
				 errdetail("An element name has 1 to 200 characters.")));
	return s;
}

PG_FUNCTION_INFO_V1(etrace_check_trace_at);
Datum
etrace_check_trace_at(PG_FUNCTION_ARGS)
{
	Jsonb	   *doc = PG_GETARG_JSONB_P(0);
	char	   *element = element_name(PG_GETARG_TEXT_PP(1));
	MemoryContext cxt = CurrentMemoryContext;
	Datum		result = (Datum) 0;

	PG_TRY();
	{
		result = DirectFunctionCall1(etrace_check_trace, JsonbPGetDatum(doc));
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		reraise_for_element(element);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(etrace_check_result_at);
Datum
etrace_check_result_at(PG_FUNCTION_ARGS)
{
	Jsonb	   *result_doc = PG_GETARG_JSONB_P(0);
	DateADT		recovery_date = PG_GETARG_DATEADT(1);
	char	   *element = element_name(PG_GETARG_TEXT_PP(2));
	MemoryContext cxt = CurrentMemoryContext;
	Datum		result = (Datum) 0;

	PG_TRY();
	{
		result = DirectFunctionCall2(etrace_check_result, JsonbPGetDatum(result_doc),
									 DateADTGetDatum(recovery_date));
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		reraise_for_element(element);
	}
	PG_END_TRY();
	PG_RETURN_DATUM(result);
}

/*
 * A timestamp with time zone from text, or NULL when the text is not one:
 * the import checks its elements' times without an error per element
 * (PostgreSQL 15 has no pg_input_is_valid).  Only finite, ordinary dates
 * and times are accepted: "now", "today", "epoch" and the infinities are not.
 */
PG_FUNCTION_INFO_V1(etrace_timestamptz_or_null);
Datum
etrace_timestamptz_or_null(PG_FUNCTION_ARGS)
{
	char	   *str = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char		workbuf[MAXDATELEN + MAXDATEFIELDS];
	char	   *field[MAXDATEFIELDS];
	int			ftype[MAXDATEFIELDS];
	int			nf;
	int			dtype;
	int			tz;
	fsec_t		fsec;
	struct pg_tm tt;
	TimestampTz result;

	if (strlen(str) >= MAXDATELEN)
		PG_RETURN_NULL();
	if (ParseDateTime(str, workbuf, sizeof(workbuf), field, ftype, MAXDATEFIELDS, &nf) != 0)
		PG_RETURN_NULL();
	/* the words that stand for a moment relative to now */
	for (int i = 0; i < nf; i++)
		if (strcmp(field[i], "now") == 0 || strcmp(field[i], "today") == 0 ||
			strcmp(field[i], "tomorrow") == 0 || strcmp(field[i], "yesterday") == 0)
			PG_RETURN_NULL();
	if (DecodeDateTime(field, ftype, nf, &dtype, &tt, &fsec, &tz) != 0 || dtype != DTK_DATE)
		PG_RETURN_NULL();
	if (tm2timestamp(&tt, fsec, &tz, &result) != 0 || !IS_VALID_TIMESTAMP(result))
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(result);
}
