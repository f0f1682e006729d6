/*
 * trafficking.c — fmgr wrappers for the trafficking analytics:
 *
 *	- etrace.time_to_crime(purchase date, recovery date): days between them;
 *	- the aggregate etrace.time_to_crime_summary(days): count, quartiles
 *	  (percentile_cont) and the shares within one and three years, with an
 *	  internal state that parallel query can split: a combine function and
 *	  serialize/deserialize functions;
 *	- etrace.connected_components(a int8[], b int8[]): union-find over edge
 *	  arrays, for etrace.trace_networks;
 *	- the window function etrace.trafficking_group_counts(key) OVER (): the
 *	  per-purchaser and per-dealer counts of etrace.trafficking_indicators,
 *	  grouped in memory.
 *
 * The arithmetic lives in ttc_core.c and netgraph_core.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
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
#include "utils/typcache.h"
#include "windowapi.h"

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

/* ------------------------------------------------- trafficking_group_counts */

/*
 * etrace.trafficking_group_counts(etrace.trafficking_group_key) OVER (): for
 * each row of the whole partition, {traces of the buyer, 1 when they are of
 * two or more guns, 1 when the buyer's days within 4 either side hold two
 * or more guns, short traces of the dealer in the months m - 11 .. m}.  The
 * rows are read once, on the first call (one composite argument, so one
 * fetch a row), and grouped by sorting narrow structs in memory, so the
 * caller never sorts its wide rows.  The structs sort by a 64-bit hash of
 * the key first; a range of equal hashes with different keys (a collision)
 * is sorted again by the keys themselves.
 */
typedef struct GroupCountRow
{
	uint64		hash;			/* of the key being grouped */
	int32		sub;			/* day or month; INT32_MAX: no day */
	int32		pos;			/* the row's position in the partition */
	text	   *buyer;			/* NULL: no buyer */
	text	   *dealer;			/* NULL: no dealer */
	DateADT		dob;
	int32		day;
	int32		month;
	bool		has_day;
	bool		is_short;
	int64		gun;
} GroupCountRow;

typedef struct GroupCounts
{
	int64		n;
	int64	   *counts;			/* 4 a row */
} GroupCounts;

#define GROUP_BY_BUYER 0
#define GROUP_BY_DEALER 1

static int
compare_text_keys(const text *a, const text *b)
{
	int			la = VARSIZE_ANY_EXHDR(a);
	int			lb = VARSIZE_ANY_EXHDR(b);
	int			c = memcmp(VARDATA_ANY(a), VARDATA_ANY(b), Min(la, lb));

	if (c != 0)
		return c;
	return (la > lb) - (la < lb);
}

static int
compare_keys(const GroupCountRow *x, const GroupCountRow *y, int by)
{
	if (by == GROUP_BY_DEALER)
		return compare_text_keys(x->dealer, y->dealer);
	if (x->dob != y->dob)
		return x->dob < y->dob ? -1 : 1;
	return compare_text_keys(x->buyer, y->buyer);
}

/* hash, then day or month, then the key (ties only) */
static int
compare_by_hash(const void *a, const void *b, void *arg)
{
	const GroupCountRow *x = a;
	const GroupCountRow *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->sub != y->sub)
		return x->sub < y->sub ? -1 : 1;
	return compare_keys(x, y, *(int *) arg);
}

/* the key, then day or month: for a range of colliding hashes */
static int
compare_by_key(const void *a, const void *b, void *arg)
{
	const GroupCountRow *x = a;
	const GroupCountRow *y = b;
	int			c = compare_keys(x, y, *(int *) arg);

	if (c != 0)
		return c;
	return (x->sub > y->sub) - (x->sub < y->sub);
}

/* Sorts rows[0 .. n) so that each key's rows are together, by day or month. */
static void
sort_groups(GroupCountRow *rows, int64 n, int by)
{
	int64		start = 0;

	qsort_arg(rows, n, sizeof(GroupCountRow), compare_by_hash, &by);
	while (start < n)
	{
		int64		end = start + 1;
		bool		mixed = false;

		while (end < n && rows[end].hash == rows[start].hash)
		{
			if (!mixed && compare_keys(&rows[end], &rows[start], by) != 0)
				mixed = true;
			end++;
		}
		if (mixed)
			qsort_arg(rows + start, end - start, sizeof(GroupCountRow), compare_by_key, &by);
		start = end;
	}
}

static void
count_buyers(GroupCountRow *rows, int64 n, int64 *counts)
{
	int64		start = 0;

	for (int64 i = 0; i < n; i++)
		rows[i].sub = rows[i].has_day ? rows[i].day : PG_INT32_MAX;
	sort_groups(rows, n, GROUP_BY_BUYER);
	while (start < n)
	{
		int64		end = start + 1;
		int64		low,
					high;

		CHECK_FOR_INTERRUPTS();
		low = high = rows[start].gun;
		while (end < n && rows[end].hash == rows[start].hash
			   && compare_keys(&rows[end], &rows[start], GROUP_BY_BUYER) == 0)
		{
			low = Min(low, rows[end].gun);
			high = Max(high, rows[end].gun);
			end++;
		}
		for (int64 i = start; i < end; i++)
		{
			GroupCountRow *r = &rows[i];
			int64		wlow = r->gun,
						whigh = r->gun;
			int64		j;

			counts[(int64) r->pos * 4] = end - start;
			counts[(int64) r->pos * 4 + 1] = low != high;
			if (!r->has_day || low == high)
				continue;
			/* the days d - 4 .. d + 4: neighbours in the sorted group */
			for (j = i - 1; j >= start && rows[j].day >= r->day - 4; j--)
			{
				wlow = Min(wlow, rows[j].gun);
				whigh = Max(whigh, rows[j].gun);
			}
			for (j = i + 1; j < end && rows[j].has_day && rows[j].day <= r->day + 4; j++)
			{
				wlow = Min(wlow, rows[j].gun);
				whigh = Max(whigh, rows[j].gun);
			}
			counts[(int64) r->pos * 4 + 2] = wlow != whigh;
		}
		start = end;
	}
}

static void
count_dealers(GroupCountRow *rows, int64 n, int64 *counts)
{
	int64		start = 0;

	for (int64 i = 0; i < n; i++)
		rows[i].sub = rows[i].month;
	sort_groups(rows, n, GROUP_BY_DEALER);
	while (start < n)
	{
		int64		end = start + 1;
		int64		lo = start;
		int64		in_frame = 0;
		int64		i;

		CHECK_FOR_INTERRUPTS();
		while (end < n && rows[end].hash == rows[start].hash
			   && compare_keys(&rows[end], &rows[start], GROUP_BY_DEALER) == 0)
			end++;
		/* a sliding frame over the months m - 11 .. m, peers included */
		i = start;
		while (i < end)
		{
			int32		month = rows[i].month;
			int64		peers_end = i;

			while (peers_end < end && rows[peers_end].month == month)
			{
				in_frame += rows[peers_end].is_short;
				peers_end++;
			}
			while ((int64) rows[lo].month < (int64) month - 11)
			{
				in_frame -= rows[lo].is_short;
				lo++;
			}
			for (int64 k = i; k < peers_end; k++)
				counts[(int64) rows[k].pos * 4 + 3] = in_frame;
			i = peers_end;
		}
		start = end;
	}
}

static GroupCounts *
compute_group_counts(WindowObject winobj)
{
	GroupCounts *state = (GroupCounts *) WinGetPartitionLocalMemory(winobj, sizeof(GroupCounts));
	MemoryContext context = GetMemoryChunkContext(state);
	MemoryContext old = MemoryContextSwitchTo(context);
	int64		capacity = 1024;
	GroupCountRow *rows = palloc(capacity * sizeof(GroupCountRow));
	GroupCountRow *by_buyer,
			   *by_dealer;
	int64		n = 0,
				n_buyer = 0,
				n_dealer = 0;
	TupleDesc	tupdesc = NULL;
	Datum		v[7];
	bool		isnull[7];

	for (;;)
	{
		bool		isnull_row,
					isout = false;
		Datum		d = WinGetFuncArgInPartition(winobj, 0, n, WINDOW_SEEK_HEAD, false, &isnull_row, &isout);
		HeapTupleHeader th;
		HeapTupleData tuple;
		GroupCountRow *r;

		if (isout)
			break;
		if (isnull_row)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("trafficking group key must not be null")));
		if (n == PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many rows for etrace.trafficking_group_counts")));
		th = DatumGetHeapTupleHeader(d);
		if (tupdesc == NULL)
			tupdesc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
		tuple.t_len = HeapTupleHeaderGetDatumLength(th);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = th;
		heap_deform_tuple(&tuple, tupdesc, v, isnull);

		if (n == capacity)
		{
			capacity *= 2;
			rows = repalloc_huge(rows, capacity * sizeof(GroupCountRow));
		}
		r = &rows[n];
		memset(r, 0, sizeof(GroupCountRow));
		r->pos = (int32) n++;
		r->buyer = isnull[0] || isnull[1] ? NULL : DatumGetTextPCopy(v[0]);
		r->dob = isnull[1] ? 0 : DatumGetDateADT(v[1]);
		r->has_day = !isnull[2];
		r->day = isnull[2] ? 0 : DatumGetInt32(v[2]);
		if (isnull[3])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("trafficking group key must have a gun")));
		r->gun = DatumGetInt64(v[3]);
		r->dealer = isnull[4] || isnull[5] ? NULL : DatumGetTextPCopy(v[4]);
		r->month = isnull[5] ? 0 : DatumGetInt32(v[5]);
		r->is_short = !isnull[6] && DatumGetBool(v[6]);
		if ((Pointer) th != DatumGetPointer(d))
			pfree(th);
	}

	state->counts = MemoryContextAllocHuge(context, Max(n, 1) * 4 * sizeof(int64));
	memset(state->counts, 0, Max(n, 1) * 4 * sizeof(int64));
	by_buyer = MemoryContextAllocHuge(context, Max(n, 1) * sizeof(GroupCountRow));
	by_dealer = MemoryContextAllocHuge(context, Max(n, 1) * sizeof(GroupCountRow));
	for (int64 i = 0; i < n; i++)
	{
		GroupCountRow *r = &rows[i];

		if (r->buyer != NULL)
		{
			by_buyer[n_buyer] = *r;
			by_buyer[n_buyer++].hash = hash_any_extended((unsigned char *) VARDATA_ANY(r->buyer),
														 VARSIZE_ANY_EXHDR(r->buyer), (uint64) r->dob);
		}
		if (r->dealer != NULL)
		{
			by_dealer[n_dealer] = *r;
			by_dealer[n_dealer++].hash = hash_any_extended((unsigned char *) VARDATA_ANY(r->dealer),
														   VARSIZE_ANY_EXHDR(r->dealer), 0);
		}
	}
	pfree(rows);
	count_buyers(by_buyer, n_buyer, state->counts);
	pfree(by_buyer);
	count_dealers(by_dealer, n_dealer, state->counts);
	pfree(by_dealer);
	state->n = n;
	MemoryContextSwitchTo(old);
	return state;
}

PG_FUNCTION_INFO_V1(etrace_trafficking_group_counts);
Datum
etrace_trafficking_group_counts(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	GroupCounts *state = (GroupCounts *) WinGetPartitionLocalMemory(winobj, sizeof(GroupCounts));
	int64		pos = WinGetCurrentPosition(winobj);
	Datum		elems[4];

	if (state->counts == NULL)
		state = compute_group_counts(winobj);
	if (pos < 0 || pos >= state->n)
		elog(ERROR, "window position " INT64_FORMAT " out of range", pos);
	for (int i = 0; i < 4; i++)
		elems[i] = Int64GetDatum(state->counts[pos * 4 + i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, 4, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
