/*
 * trafficking.c — fmgr wrappers for the trafficking analytics:
 *
 *	- etrace.time_to_crime(purchase date, recovery date): days between them;
 *	- etrace.month_number(date): year * 12 + month;
 *	- the aggregate etrace.time_to_crime_summary(days): count, quartiles
 *	  (percentile_cont) and the shares within one and three years, with an
 *	  internal state that parallel query can split: a combine function and
 *	  serialize/deserialize functions;
 *	- etrace.connected_components(a int8[], b int8[]): union-find over edge
 *	  arrays, for etrace.trace_networks.
 *
 * etrace.trafficking_indicators is in trafficking_indicators.c, the
 * counts it needs from other traces in trafficking_groups.c.
 *
 * The arithmetic lives in ttc_core.c and netgraph_core.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "netgraph_core.h"
#include "ttc_core.h"

/* ---------------------------------------------------------- time_to_crime */

/* A date as YYYY-MM-DD for messages, whatever the session's DateStyle. */
static char *
iso_date(DateADT date)
{
	struct pg_tm tm;
	char		buf[MAXDATELEN + 1];

	if (DATE_IS_NOBEGIN(date))
		return pstrdup("-infinity");
	if (DATE_IS_NOEND(date))
		return pstrdup("infinity");
	j2date(date + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	EncodeDateOnly(&tm, USE_ISO_DATES, buf);
	return pstrdup(buf);
}

PG_FUNCTION_INFO_V1(etrace_time_to_crime);
Datum
etrace_time_to_crime(PG_FUNCTION_ARGS)
{
	DateADT		purchase = PG_GETARG_DATEADT(0);
	DateADT		recovery = PG_GETARG_DATEADT(1);
	int32		days = 0;

	if (DATE_NOT_FINITE(purchase) || DATE_NOT_FINITE(recovery))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time-to-crime needs finite dates"),
				 errdetail("The purchase date is %s and the recovery date is %s.",
						   iso_date(purchase), iso_date(recovery))));
	switch (ttc_days(purchase, recovery, &days))
	{
		case TTC_DAYS_OK:
			break;
		case TTC_DAYS_PURCHASE_AFTER_RECOVERY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("purchase date %s is after recovery date %s",
							iso_date(purchase), iso_date(recovery)),
					 errdetail("Time-to-crime counts the days from the retail purchase to the recovery; a firearm is not recovered before it is sold.")));
			break;
		case TTC_DAYS_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("time-to-crime out of range"),
					 errdetail("The days between the purchase and the recovery do not fit an integer.")));
			break;
	}
	PG_RETURN_INT32(days);
}

/*
 * etrace.month_number(date): year * 12 + month, so that months subtract;
 * the reports group recoveries by it.  date_part would parse its unit
 * name on every call, twice a row.
 */
PG_FUNCTION_INFO_V1(etrace_month_number);
Datum
etrace_month_number(PG_FUNCTION_ARGS)
{
	DateADT		date = PG_GETARG_DATEADT(0);
	int			year,
				month,
				day;

	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("month number needs a finite date, not %s", iso_date(date))));
	j2date(date + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	PG_RETURN_INT32(year * 12 + month);
}

/* --------------------------------------------------- time_to_crime_summary */

/*
 * The aggregate's state: every value seen, in the aggregate's memory
 * context.  Quartiles need them all (percentile_cont is exact); four bytes
 * a trace is 40 MB for ten million traces.
 */
typedef struct TtcState
{
	int64		n;
	int64		capacity;
	int32	   *values;
} TtcState;

/* Largest state the serial form (a bytea below 1 GB) can carry */
#define TTC_MAX_SERIAL_VALUES ((MaxAllocSize - VARHDRSZ - sizeof(int64)) / sizeof(int32))

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *fn)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", fn);
	return aggcontext;
}

static TtcState *
ttc_state_new(MemoryContext context, int64 capacity)
{
	TtcState   *state = MemoryContextAlloc(context, sizeof(TtcState));

	state->n = 0;
	state->capacity = Max(capacity, 64);
	state->values = MemoryContextAllocHuge(context, state->capacity * sizeof(int32));
	return state;
}

/* Make room for extra more values (repalloc keeps the state's context). */
static void
ttc_state_reserve(TtcState *state, int64 extra)
{
	int64		need = state->n + extra;

	if (need <= state->capacity)
		return;
	if (need > (int64) (MaxAllocHugeSize / sizeof(int32)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many values for time_to_crime_summary")));
	while (state->capacity < need)
		state->capacity *= 2;
	state->capacity = Min(state->capacity, (int64) (MaxAllocHugeSize / sizeof(int32)));
	state->values = repalloc_huge(state->values, state->capacity * sizeof(int32));
}

PG_FUNCTION_INFO_V1(etrace_ttc_summary_transfn);
Datum
etrace_ttc_summary_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = aggregate_context(fcinfo, "etrace_ttc_summary_transfn");
	TtcState   *state = PG_ARGISNULL(0) ? NULL : (TtcState *) PG_GETARG_POINTER(0);
	int32		days;

	if (PG_ARGISNULL(1))
	{
		/* NULLs are skipped, like every aggregate but count(*) */
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	days = PG_GETARG_INT32(1);
	if (days < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time-to-crime cannot be negative: %d days", days),
				 errdetail("Time-to-crime counts the days from the retail purchase to the recovery.")));
	if (state == NULL)
		state = ttc_state_new(aggcontext, 64);
	ttc_state_reserve(state, 1);
	state->values[state->n++] = days;
	PG_RETURN_POINTER(state);
}

/*
 * Parallel query: the leader adds each worker's values to its own.  The
 * result lives in the aggregate context (the second state may not).
 */
PG_FUNCTION_INFO_V1(etrace_ttc_summary_combine);
Datum
etrace_ttc_summary_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = aggregate_context(fcinfo, "etrace_ttc_summary_combine");
	TtcState   *state1 = PG_ARGISNULL(0) ? NULL : (TtcState *) PG_GETARG_POINTER(0);
	TtcState   *state2 = PG_ARGISNULL(1) ? NULL : (TtcState *) PG_GETARG_POINTER(1);

	if (state2 == NULL || state2->n == 0)
	{
		if (state1 == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state1);
	}
	if (state1 == NULL)
		state1 = ttc_state_new(aggcontext, state2->n);
	ttc_state_reserve(state1, state2->n);
	memcpy(state1->values + state1->n, state2->values, state2->n * sizeof(int32));
	state1->n += state2->n;
	PG_RETURN_POINTER(state1);
}

/* Serial form: int64 count, then the values (both in this server's byte order). */
PG_FUNCTION_INFO_V1(etrace_ttc_summary_serialize);
Datum
etrace_ttc_summary_serialize(PG_FUNCTION_ARGS)
{
	TtcState   *state;
	bytea	   *out;
	Size		len;

	(void) aggregate_context(fcinfo, "etrace_ttc_summary_serialize");
	state = (TtcState *) PG_GETARG_POINTER(0);
	if (state->n > (int64) TTC_MAX_SERIAL_VALUES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many values for time_to_crime_summary to pass between parallel workers"),
				 errhint("Disable parallel query for this statement (SET max_parallel_workers_per_gather = 0).")));
	len = VARHDRSZ + sizeof(int64) + state->n * sizeof(int32);
	out = palloc(len);
	SET_VARSIZE(out, len);
	memcpy(VARDATA(out), &state->n, sizeof(int64));
	memcpy(VARDATA(out) + sizeof(int64), state->values, state->n * sizeof(int32));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(etrace_ttc_summary_deserialize);
Datum
etrace_ttc_summary_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = aggregate_context(fcinfo, "etrace_ttc_summary_deserialize");
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	Size		len = VARSIZE_ANY_EXHDR(in);
	const char *data = VARDATA_ANY(in);
	int64		n;
	TtcState   *state;

	if (len < sizeof(int64))
		elog(ERROR, "time_to_crime_summary: serialized state too short");
	memcpy(&n, data, sizeof(int64));
	if (n < 0 || n > (int64) TTC_MAX_SERIAL_VALUES || len != sizeof(int64) + n * sizeof(int32))
		elog(ERROR, "time_to_crime_summary: serialized state of %zu bytes does not hold %lld values",
			 len, (long long) n);
	state = ttc_state_new(aggcontext, n);
	memcpy(state->values, data + sizeof(int64), n * sizeof(int32));
	state->n = n;
	PG_RETURN_POINTER(state);
}

static void
push_key(JsonbParseState **ps, const char *key)
{
	JsonbValue	k;

	k.type = jbvString;
	k.val.string.len = strlen(key);
	k.val.string.val = (char *) key;
	pushJsonbValue(ps, WJB_KEY, &k);
}

static void
push_number(JsonbParseState **ps, const char *key, Numeric value)
{
	JsonbValue	v;

	push_key(ps, key);
	if (value == NULL)
		v.type = jbvNull;
	else
	{
		v.type = jbvNumeric;
		v.val.numeric = value;
	}
	pushJsonbValue(ps, WJB_VALUE, &v);
}

static Numeric
float8_to_numeric(double value)
{
	return DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(value)));
}

/*
 * {"count", "q1", "median", "q3", "share_le_1y", "share_le_3y"}: quartiles
 * by percentile_cont, shares as fractions of count; all but count null when
 * there is nothing to summarize.  Selection reorders the state's values but
 * keeps them all, so a later transition or a second final call (a shared
 * state) still sees the same multiset.
 */
PG_FUNCTION_INFO_V1(etrace_ttc_summary_final);
Datum
etrace_ttc_summary_final(PG_FUNCTION_ARGS)
{
	TtcState   *state;
	TtcSummary	s;
	JsonbParseState *ps = NULL;
	JsonbValue *result;

	(void) aggregate_context(fcinfo, "etrace_ttc_summary_final");
	state = PG_ARGISNULL(0) ? NULL : (TtcState *) PG_GETARG_POINTER(0);
	if (state != NULL)
		ttc_summarize(state->values, (size_t) state->n, &s);
	else
		ttc_summarize(NULL, 0, &s);

	pushJsonbValue(&ps, WJB_BEGIN_OBJECT, NULL);
	push_number(&ps, "count", int64_to_numeric(s.count));
	push_number(&ps, "median", s.count > 0 ? float8_to_numeric(s.median) : NULL);
	push_number(&ps, "q1", s.count > 0 ? float8_to_numeric(s.q1) : NULL);
	push_number(&ps, "q3", s.count > 0 ? float8_to_numeric(s.q3) : NULL);
	push_number(&ps, "share_le_1y",
				s.count > 0 ? float8_to_numeric((double) s.le_one_year / (double) s.count) : NULL);
	push_number(&ps, "share_le_3y",
				s.count > 0 ? float8_to_numeric((double) s.le_three_years / (double) s.count) : NULL);
	result = pushJsonbValue(&ps, WJB_END_OBJECT, NULL);
	PG_RETURN_JSONB_P(JsonbValueToJsonb(result));
}

/* ---------------------------------------------------- connected_components */

/* The elements of a one-dimensional int8 array without NULLs. */
static int64 *
edge_array(ArrayType *arr, const char *name, int *count)
{
	Datum	   *elems;
	bool	   *nulls;
	int64	   *out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("edge array %s must be one-dimensional", name)));
	deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, count);
	out = palloc(Max(*count, 1) * sizeof(int64));
	for (int i = 0; i < *count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("edge array %s has a null at position %d", name, i + 1),
					 errdetail("Every edge joins two nodes.")));
		out[i] = DatumGetInt64(elems[i]);
	}
	return out;
}

PG_FUNCTION_INFO_V1(etrace_connected_components);
Datum
etrace_connected_components(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			na;
	int			nb;
	int64	   *a;
	int64	   *b;
	int64	   *nodes;
	uint32	   *parent;
	uint8	   *rank;
	int32	   *label;
	size_t		n_nodes = 0;

	InitMaterializedSRF(fcinfo, 0);
	a = edge_array(PG_GETARG_ARRAYTYPE_P(0), "a", &na);
	b = edge_array(PG_GETARG_ARRAYTYPE_P(1), "b", &nb);
	if (na != nb)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("edge arrays have different lengths: %d and %d", na, nb),
				 errdetail("Edge i joins a[i] and b[i], so both arrays need one element per edge.")));
	if (na == 0)
		return (Datum) 0;

	nodes = palloc_extended(2 * (Size) na * sizeof(int64), MCXT_ALLOC_HUGE);
	parent = palloc_extended(2 * (Size) na * sizeof(uint32), MCXT_ALLOC_HUGE);
	rank = palloc_extended(2 * (Size) na, MCXT_ALLOC_HUGE);
	label = palloc_extended(2 * (Size) na * sizeof(int32), MCXT_ALLOC_HUGE);
	ng_components(a, b, (size_t) na, nodes, parent, rank, label, &n_nodes);

	for (size_t i = 0; i < n_nodes; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int64GetDatum(nodes[i]);
		values[1] = Int32GetDatum(label[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
