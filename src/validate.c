/*
 * validate.c — etrace.validate_trace(), etrace.check_trace(),
 * etrace.validate_result() and etrace.check_result().
 *
 * The jsonb side of trace validation: walks a trace document, or the
 * result document the tracing center records for a trace, with the jsonb API,
 * turns each object's fields into VcValues and lets validate_core.c apply
 * the rules.  The core works in UTF-8; when the database encoding differs,
 * strings are converted on the way in and messages on the way out.
 *
 * The walk descends only into the objects and arrays the schema names, so
 * its depth is fixed whatever the document's nesting; unknown fields are
 * reported, never entered.  Arrays are checked up to their allowed length.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "storage/sinval.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/inval.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "caliber_core.h"
#include "etrace.h"
#include "ffl_core.h"
#include "validate_core.h"

/* ------------------------------------------------------------ encodings */

static bool
server_is_utf8(void)
{
	int			enc = GetDatabaseEncoding();

	return enc == PG_UTF8 || enc == PG_SQL_ASCII;
}

/* Text from the document as UTF-8 for the core. */
static const char *
to_utf8(const char *s, int len, size_t *out_len)
{
	char	   *converted;

	if (server_is_utf8())
	{
		*out_len = (size_t) len;
		return s;
	}
	converted = pg_server_to_any(s, len, PG_UTF8);
	*out_len = (converted == s) ? (size_t) len : strlen(converted);
	return converted;
}

/* A NUL-terminated UTF-8 string from the core, in the database encoding. */
static char *
to_server(const char *s)
{
	if (server_is_utf8())
		return pstrdup(s);
	return pstrdup(pg_any_to_server(s, (int) strlen(s), PG_UTF8));
}

/* ------------------------------------------------------------- walking */

static void
to_vc_value(const JsonbValue *jv, VcValue *out)
{
	memset(out, 0, sizeof(*out));
	switch (jv->type)
	{
		case jbvNull:
			out->type = VC_NULL;
			break;
		case jbvString:
			out->type = VC_STRING;
			out->str = to_utf8(jv->val.string.val, jv->val.string.len, &out->len);
			break;
		case jbvNumeric:
			out->type = VC_NUMBER;
			out->str = numeric_normalize(jv->val.numeric);
			out->len = strlen(out->str);
			/* huge values become infinite here, and so out of range */
			out->number = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
															 NumericGetDatum(jv->val.numeric)));
			break;
		case jbvBool:
			out->type = VC_BOOLEAN;
			out->boolean = jv->val.boolean;
			break;
		case jbvBinary:
			out->container = jv->val.binary.data;
			if (JsonContainerIsObject(jv->val.binary.data))
				out->type = VC_OBJECT;
			else
			{
				out->type = VC_ARRAY;
				out->nitems = JsonContainerSize(jv->val.binary.data);
			}
			break;
		default:
			elog(ERROR, "unexpected jsonb value type %d", (int) jv->type);
	}
}

static void
walk_object(VcWalker *w, VcObject object, const void *container, const char *path)
{
	JsonbContainer *jc = (JsonbContainer *) container;
	const VcSchema *schema = vc_schema(object);
	VcValue		values[VC_MAX_FIELDS];
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;

	Assert(schema->nfields <= VC_MAX_FIELDS);

	/* unknown keys first, in jsonb's stored key order */
	it = JsonbIteratorInit(jc);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
		{
			const char *key;
			size_t		keylen;

			CHECK_FOR_INTERRUPTS();
			key = to_utf8(v.val.string.val, v.val.string.len, &keylen);
			vc_check_key(w, object, path, key, keylen);
		}
	}

	for (int i = 0; i < schema->nfields; i++)
	{
		const char *name = schema->fields[i].name;
		JsonbValue	jv;

		if (getKeyJsonValueFromContainer(jc, name, strlen(name), &jv))
			to_vc_value(&jv, &values[i]);
		else
			memset(&values[i], 0, sizeof(values[i]));
	}
	vc_check_object(w, object, path, values);
}

static void
array_item(VcWalker *w, const void *container, long index, VcValue *out)
{
	JsonbValue *jv;

	jv = getIthJsonbValueFromContainer((JsonbContainer *) container, (uint32) index);
	if (jv == NULL)
		memset(out, 0, sizeof(*out));
	else
		to_vc_value(jv, out);
}

static bool
grow_problems(VcProblemList *list, int min_capacity)
{
	int			capacity = Max(list->capacity, 8);

	while (capacity < min_capacity)
		capacity *= 2;
	if (capacity == list->capacity)
		capacity *= 2;
	if (list->items == NULL)
		list->items = palloc(sizeof(VcProblem) * capacity);
	else
		list->items = repalloc(list->items, sizeof(VcProblem) * capacity);
	list->capacity = capacity;
	return true;
}

/* Fetch a field of an object-valued field, e.g. recovery.date. */
static void
nested_field(JsonbContainer *root, const char *section, const char *field,
			 VcValue *out)
{
	JsonbValue	sv,
				fv;

	memset(out, 0, sizeof(*out));
	if (getKeyJsonValueFromContainer(root, section, strlen(section), &sv) &&
		sv.type == jbvBinary && JsonContainerIsObject(sv.val.binary.data) &&
		getKeyJsonValueFromContainer(sv.val.binary.data, field, strlen(field), &fv))
		to_vc_value(&fv, out);
}

/*
 * The tracing center's country (etrace.tracing_center_country(); "" while
 * no tracing center is registered), needed by the importer rule of every
 * document.  It is read once and kept for the session until etrace.agency
 * may have changed:
 *
 *  - the table's statement trigger (etrace.standing_changed) sends a
 *    relcache invalidation of it, which this session processes at its next
 *    command when it made the change itself, and every other session once
 *    the change commits; pending messages are read at each new statement,
 *    so an open transaction sees committed changes too;
 *  - an invalidation processed while the country is being read leaves the
 *    cache empty, and the country is read with a fresh snapshot, so a change
 *    whose invalidation was already processed is always seen by the read
 *    (a transaction is visible before its invalidations are sent).
 *
 * In parallel mode (no fresh snapshot may be taken there) the country is
 * read with the statement's snapshot every time and not kept.
 */
static struct
{
	bool		valid;
	char		country[3];
	Oid			agency_relid;	/* etrace.agency when the country was read */
	uint64		generation;		/* invalidations seen */
	TimestampTz last_statement; /* statement that last read pending messages */
	bool		callback_registered;
}			ntc_cache;

static void
ntc_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == ntc_cache.agency_relid)
	{
		ntc_cache.valid = false;
		ntc_cache.generation++;
	}
}

/* Read the country with the given snapshot (InvalidSnapshot: the current). */
static void
read_tracing_center_country(char out[3], Snapshot snapshot)
{
	static SPIPlanPtr plan = NULL;

	out[0] = '\0';
	SPI_connect();
	if (plan == NULL)
	{
		plan = SPI_prepare("SELECT etrace.tracing_center_country()", 0, NULL);
		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(plan);
	}
	if (SPI_execute_snapshot(plan, NULL, NULL, snapshot, InvalidSnapshot,
							 true, false, 1) == SPI_OK_SELECT && SPI_processed == 1)
	{
		char	   *country = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		if (country != NULL && strlen(country) == 2)
			memcpy(out, country, 3);
	}
	SPI_finish();
}

static void
tracing_center_country(char out[3])
{
	TimestampTz stmt = GetCurrentStatementStartTimestamp();
	Oid			schema;
	uint64		generation;

	if (IsInParallelMode())
	{
		read_tracing_center_country(out, InvalidSnapshot);
		return;
	}
	if (!ntc_cache.callback_registered)
	{
		CacheRegisterRelcacheCallback(ntc_relcache_callback, (Datum) 0);
		ntc_cache.callback_registered = true;
	}
	if (stmt != ntc_cache.last_statement)
	{
		/* others' committed changes, even inside an open transaction */
		AcceptInvalidationMessages();
		ntc_cache.last_statement = stmt;
	}
	if (!ntc_cache.valid)
	{
		schema = get_namespace_oid("etrace", false);
		ntc_cache.agency_relid = get_relname_relid("agency", schema);
		generation = ntc_cache.generation;
		read_tracing_center_country(ntc_cache.country, GetLatestSnapshot());
		ntc_cache.valid = OidIsValid(ntc_cache.agency_relid) &&
			generation == ntc_cache.generation;
	}
	memcpy(out, ntc_cache.country, 3);
}

/* A walker over the jsonb API with a growing problem list. */
static void
start_walk(VcWalker *w, VcProblemList *list)
{
	vc_problems_init(list, NULL, 0);
	list->grow = grow_problems;
	vc_walker_init(w, list, (int32_t) etrace_current_date());
	tracing_center_country(w->retail_country);
	w->walk_object = walk_object;
	w->array_item = array_item;
}

/* The document's top level as a VcValue (objects keep their container). */
static void
root_value(Jsonb *jb, VcValue *root)
{
	memset(root, 0, sizeof(*root));
	if (JB_ROOT_IS_SCALAR(jb))
	{
		JsonbValue	scalar;

		if (JsonbExtractScalar(&jb->root, &scalar))
			to_vc_value(&scalar, root);
	}
	else if (JB_ROOT_IS_OBJECT(jb))
	{
		root->type = VC_OBJECT;
		root->container = &jb->root;
	}
	else
		root->type = VC_ARRAY;
}

/* Collect every problem of the document, in document order. */
static void
collect_problems(Jsonb *jb, VcProblemList *list)
{
	VcWalker	w;
	VcValue		root;

	start_walk(&w, list);
	root_value(jb, &root);
	if (vc_check_root(&w, &root))
	{
		VcValue		date,
					country;

		nested_field(&jb->root, "recovery", "date", &date);
		nested_field(&jb->root, "recovery", "country", &country);
		vc_walker_set_recovery(&w, &date, &country);
		walk_object(&w, VC_OBJ_DOCUMENT, &jb->root, "");
	}
	vc_problems_finish(list);
}

/* A date for a message, ISO whatever the DateStyle. */
static char *
iso_date(DateADT date)
{
	char		buf[MAXDATELEN + 1];
	struct pg_tm tm;

	if (DATE_NOT_FINITE(date))
		EncodeSpecialDate(date, buf);
	else
	{
		memset(&tm, 0, sizeof(tm));
		j2date(date + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		EncodeDateOnly(&tm, USE_ISO_DATES, buf);
	}
	return pstrdup(buf);
}

/*
 * Collect every problem of a result document, checked against the trace's
 * recovery date.  The date comes from the caller, so one the rules cannot
 * compare with is an error of the call, not of the document.
 */
static void
collect_result_problems(Jsonb *jb, DateADT recovery_date, VcProblemList *list)
{
	VcWalker	w;
	VcValue		root;

	start_walk(&w, list);
	if (DATE_NOT_FINITE(recovery_date) ||
		!vc_walker_set_recovery_day(&w, (int32_t) recovery_date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("recovery date %s is out of range", iso_date(recovery_date)),
				 errdetail("A recovery date must lie between 1900-01-01 and 9999-12-31.")));
	root_value(jb, &root);
	if (vc_check_result_root(&w, &root))
		walk_object(&w, VC_OBJ_RESULT, &jb->root, VC_RESULT_PATH);
	vc_problems_finish(list);
}

/* ------------------------------------------------------- normalization */

typedef enum NormRole
{
	NORM_ROOT,
	NORM_FIREARM,
	NORM_RESULT,
	NORM_OTHER
} NormRole;

static bool
key_is(const JsonbValue *key, const char *name)
{
	return key->val.string.len == (int) strlen(name) &&
		memcmp(key->val.string.val, name, key->val.string.len) == 0;
}

static void
push_key(JsonbParseState **ps, const char *name)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.val = (char *) name;
	k.val.string.len = strlen(name);
	pushJsonbValue(ps, WJB_KEY, &k);
}

static void
trimmed_string(const JsonbValue *v, JsonbValue *out)
{
	const char *s = v->val.string.val;
	size_t		len = v->val.string.len;

	/* ASCII white space is the same byte in every server encoding */
	vc_trim(&s, &len);
	out->type = jbvString;
	out->val.string.val = (char *) s;
	out->val.string.len = (int) len;
}

/* firearm.caliber_canonical: the recognized caliber, or JSON null. */
static void
push_caliber_canonical(JsonbParseState **ps, const JsonbValue *caliber)
{
	JsonbValue	out;
	const char *canonical = NULL;

	if (caliber != NULL)
	{
		JsonbValue	t;
		const char *s;
		size_t		len;

		trimmed_string(caliber, &t);
		s = to_utf8(t.val.string.val, t.val.string.len, &len);
		canonical = caliber_canonical(s, len);
	}
	push_key(ps, "caliber_canonical");
	if (canonical == NULL)
		out.type = jbvNull;
	else
	{
		out.type = jbvString;
		out.val.string.val = to_server(canonical);
		out.val.string.len = strlen(out.val.string.val);
	}
	pushJsonbValue(ps, WJB_VALUE, &out);
}

/* result.dealer_ffl in its printed form, R-DD-CCC-TT-YM-SSSSS. */
static void
push_printed_ffl(JsonbParseState **ps, const JsonbValue *ffl)
{
	JsonbValue	t,
				out;
	int64_t		packed;
	char		err[FFL_ERR_LEN];
	char	   *printed = palloc(FFL_FORMAT_LEN);

	/* validated already; licence numbers are ASCII in every server encoding */
	trimmed_string(ffl, &t);
	if (!ffl_parse(t.val.string.val, t.val.string.len, &packed, err, sizeof(err)))
		elog(ERROR, "validated licence number does not parse: %s", err);
	ffl_format(packed, printed);
	out.type = jbvString;
	out.val.string.val = printed;
	out.val.string.len = strlen(printed);
	pushJsonbValue(ps, WJB_VALUE, &out);
}

static JsonbValue *normalize_container(JsonbParseState **ps, JsonbContainer *jc,
									   NormRole role);

static void
push_normalized(JsonbParseState **ps, JsonbIteratorToken tok, JsonbValue *v,
				NormRole child_role)
{
	if (v->type == jbvBinary)
		normalize_container(ps, v->val.binary.data, child_role);
	else if (v->type == jbvString)
	{
		JsonbValue	t;

		trimmed_string(v, &t);
		pushJsonbValue(ps, tok, &t);
	}
	else
		pushJsonbValue(ps, tok, v);
}

/*
 * Copy a valid document with strings trimmed, null fields dropped and the
 * defaults and derived fields added.  Only called after validation passed,
 * so the shape is known.
 */
static JsonbValue *
normalize_container(JsonbParseState **ps, JsonbContainer *jc, NormRole role)
{
	JsonbIterator *it = JsonbIteratorInit(jc);
	JsonbValue	v,
				key,
				caliber;
	JsonbValue *result = NULL;
	JsonbIteratorToken tok;
	bool		have_associates = false,
				have_obliterated = false,
				have_caliber = false;

	memset(&key, 0, sizeof(key));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		switch (tok)
		{
			case WJB_BEGIN_OBJECT:
			case WJB_BEGIN_ARRAY:
				result = pushJsonbValue(ps, tok, NULL);
				break;
			case WJB_KEY:
				key = v;
				break;
			case WJB_VALUE:
				if (v.type == jbvNull)
					break;
				if (role == NORM_FIREARM && key_is(&key, "caliber_canonical"))
					break;
				if (role == NORM_ROOT && key_is(&key, "associates"))
					have_associates = true;
				if (role == NORM_FIREARM && key_is(&key, "obliterated"))
					have_obliterated = true;
				if (role == NORM_FIREARM && key_is(&key, "caliber") && v.type == jbvString)
				{
					caliber = v;
					have_caliber = true;
				}
				pushJsonbValue(ps, WJB_KEY, &key);
				if (role == NORM_RESULT && key_is(&key, "dealer_ffl") && v.type == jbvString)
				{
					push_printed_ffl(ps, &v);
					break;
				}
				push_normalized(ps, WJB_VALUE, &v,
								role == NORM_ROOT && key_is(&key, "firearm")
								? NORM_FIREARM : NORM_OTHER);
				break;
			case WJB_ELEM:
				push_normalized(ps, WJB_ELEM, &v, NORM_OTHER);
				break;
			case WJB_END_OBJECT:
				if (role == NORM_ROOT && !have_associates)
				{
					push_key(ps, "associates");
					pushJsonbValue(ps, WJB_BEGIN_ARRAY, NULL);
					pushJsonbValue(ps, WJB_END_ARRAY, NULL);
				}
				if (role == NORM_FIREARM)
				{
					if (!have_obliterated)
					{
						JsonbValue	f;

						f.type = jbvBool;
						f.val.boolean = false;
						push_key(ps, "obliterated");
						pushJsonbValue(ps, WJB_VALUE, &f);
					}
					push_caliber_canonical(ps, have_caliber ? &caliber : NULL);
				}
				result = pushJsonbValue(ps, tok, NULL);
				break;
			case WJB_END_ARRAY:
				result = pushJsonbValue(ps, tok, NULL);
				break;
			default:
				break;
		}
	}
	return result;
}

/* ------------------------------------------------------------ functions */

/* Raise the first problem, with every problem in the detail. */
static void
raise_problems(const VcProblemList *list, const char *what)
{
	const VcProblem *first = &list->items[0];
	const char *state = vc_sqlstate(first->code, first->kind);
	StringInfoData detail;
	char	   *path = to_server(first->path);
	char	   *message = to_server(first->message);
	size_t		len = strlen(message);

	if (len > 0 && message[len - 1] == '.')
		message[len - 1] = '\0';

	initStringInfo(&detail);
	for (int i = 0; i < list->count; i++)
	{
		const VcProblem *p = &list->items[i];

		appendStringInfo(&detail, "%s%s (%s): %s", i > 0 ? "\n" : "",
						 to_server(p->path), vc_code_name(p->code),
						 to_server(p->message));
	}

	ereport(ERROR,
			(errcode(MAKE_SQLSTATE(state[0], state[1], state[2], state[3], state[4])),
			 errmsg("invalid %s document: %s: %s", what, path, message),
			 errdetail("%s", detail.data),
			 err_generic_string(PG_DIAG_COLUMN_NAME, path)));
}

/* The rows of validate_trace and validate_result. */
static void
return_problems(FunctionCallInfo fcinfo, const VcProblemList *list)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	for (int i = 0; i < list->count; i++)
	{
		const VcProblem *p = &list->items[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = CStringGetTextDatum(to_server(p->path));
		values[1] = CStringGetTextDatum(vc_code_name(p->code));
		values[2] = CStringGetTextDatum(to_server(p->message));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(etrace_validate_trace);
Datum
etrace_validate_trace(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	VcProblemList list;

	InitMaterializedSRF(fcinfo, 0);
	collect_problems(jb, &list);
	return_problems(fcinfo, &list);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(etrace_check_trace);
Datum
etrace_check_trace(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	VcProblemList list;
	JsonbParseState *ps = NULL;
	JsonbValue *normalized;

	collect_problems(jb, &list);
	if (list.count > 0)
		raise_problems(&list, "trace");

	normalized = normalize_container(&ps, &jb->root, NORM_ROOT);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(normalized));
}

PG_FUNCTION_INFO_V1(etrace_validate_result);
Datum
etrace_validate_result(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	DateADT		recovery_date = PG_GETARG_DATEADT(1);
	VcProblemList list;

	InitMaterializedSRF(fcinfo, 0);
	collect_result_problems(jb, recovery_date, &list);
	return_problems(fcinfo, &list);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(etrace_check_result);
Datum
etrace_check_result(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	DateADT		recovery_date = PG_GETARG_DATEADT(1);
	VcProblemList list;
	JsonbParseState *ps = NULL;
	JsonbValue *normalized;

	collect_result_problems(jb, recovery_date, &list);
	if (list.count > 0)
		raise_problems(&list, "result");

	normalized = normalize_container(&ps, &jb->root, NORM_RESULT);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(normalized));
}
