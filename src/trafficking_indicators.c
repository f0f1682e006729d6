/*
 * trafficking_indicators.c — etrace.trafficking_indicators(filter), and
 * etrace.indicator_reasons, the words of its reasons.
 *
 * The per-trace part is SQL (etrace.trafficking_indicator_rows_sql): the
 * visible traces joined to their results and people, each trace's own
 * flags, their reasons and the keys of its groups, computed in parallel
 * workers.  This file runs that query through SPI with a DestReceiver that
 * takes each row as the executor yields it: the row's keys go to the group
 * counts (trafficking_groups.c), numbered in hash tables while the workers
 * are still joining, and a selected row's values to a tuplestore.  When the
 * last row is in, the groups are counted and every selected row is
 * returned with the group flags and the reasons.
 *
 * A window function over the query did the same before (it is still
 * there, as etrace.trafficking_group_counts, and tested against plain
 * SQL); fed by a DestReceiver, the leader numbers the groups while it would
 * otherwise wait for the workers, reads each row's key without fetching it
 * back from the window's tuplestore, and returns the rows without a
 * PL/pgSQL RETURN QUERY copying them once more.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/tupdesc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "trafficking_groups.h"

/* ------------------------------------------------------------- reasons */

/* What the reasons of the flags that need other traces say. */
typedef struct GroupReasons
{
	bool		repeat_purchaser;
	bool		has_purchaser_traces;
	int64		purchaser_traces;
	bool		multiple_sale;
	bool		hot_dealer;
	text	   *dealer_key;		/* NULL when absent */
	bool		has_dealer_short_traces;
	int64		dealer_short_traces;
	bool		has_month;
	int32		month;			/* etrace.month_number of the recovery */
} GroupReasons;

/*
 * A trace's own reasons (own_null: none) followed by those of the group
 * flags that are true; a reason with a NULL value is left out.  With no
 * group flag true, own itself.
 */
static Datum
indicator_reasons(Datum own, bool own_null, const GroupReasons *g, bool *result_null)
{
	Datum	   *own_elems = NULL;
	bool	   *own_nulls = NULL;
	int			n_own = 0,
				n = 0;
	Datum	   *elems;
	bool	   *nulls;
	int			dims[1],
				lbs[1] = {1};

	*result_null = false;
	if (!g->repeat_purchaser && !g->multiple_sale && !g->hot_dealer)
	{
		*result_null = own_null;
		return own;
	}
	if (!own_null)
		deconstruct_array(DatumGetArrayTypeP(own), TEXTOID, -1, false, TYPALIGN_INT,
						  &own_elems, &own_nulls, &n_own);
	elems = palloc((n_own + 3) * sizeof(Datum));
	nulls = palloc0((n_own + 3) * sizeof(bool));
	for (int i = 0; i < n_own; i++, n++)
	{
		elems[n] = own_elems[i];
		nulls[n] = own_nulls[i];
	}
	if (g->repeat_purchaser && g->has_purchaser_traces)
		elems[n++] = CStringGetTextDatum(psprintf("purchaser named on " INT64_FORMAT " traces", g->purchaser_traces));
	if (g->multiple_sale)
		elems[n++] = CStringGetTextDatum("sold to the purchaser within 5 business days of another traced firearm");
	if (g->hot_dealer && g->dealer_key != NULL && g->has_dealer_short_traces && g->has_month)
	{
		/* YYYY-MM as the SQL wrote it: lpad(m::text, 2, '0') pads or cuts */
		char		m[16];
		int			len = snprintf(m, sizeof(m), "%d", (g->month - 1) % 12 + 1);

		if (len < 2)
		{
			m[1] = m[0];
			m[0] = '0';
		}
		m[2] = '\0';
		elems[n++] = CStringGetTextDatum(psprintf("dealer %.*s had " INT64_FORMAT
												  " short time-to-crime traces in the 12 months to %d-%s",
												  (int) VARSIZE_ANY_EXHDR(g->dealer_key), VARDATA_ANY(g->dealer_key),
												  g->dealer_short_traces, (g->month - 1) / 12, m));
	}
	if (n == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	dims[0] = n;
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * etrace.indicator_reasons(own text[], purchaser_traces bigint,
 * repeat_purchaser bool, multiple_sale bool, hot_dealer bool, dealer_key
 * text, dealer_short_traces bigint, month int): the reasons as the report
 * builds them, for tests and for SQL that computes the flags itself.
 */
PG_FUNCTION_INFO_V1(etrace_indicator_reasons);
Datum
etrace_indicator_reasons(PG_FUNCTION_ARGS)
{
	GroupReasons g = {0};
	Datum		result;
	bool		isnull;

	g.repeat_purchaser = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);
	g.has_purchaser_traces = !PG_ARGISNULL(1);
	g.purchaser_traces = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT64(1);
	g.multiple_sale = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	g.hot_dealer = !PG_ARGISNULL(4) && PG_GETARG_BOOL(4);
	g.dealer_key = PG_ARGISNULL(5) ? NULL : PG_GETARG_TEXT_PP(5);
	g.has_dealer_short_traces = !PG_ARGISNULL(6);
	g.dealer_short_traces = PG_ARGISNULL(6) ? 0 : PG_GETARG_INT64(6);
	g.has_month = !PG_ARGISNULL(7);
	g.month = PG_ARGISNULL(7) ? 0 : PG_GETARG_INT32(7);
	result = indicator_reasons(PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0), PG_ARGISNULL(0), &g, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* ----------------------------------------------------- the query's rows */

/*
 * The columns of etrace.trafficking_indicator_rows_sql, in order: first
 * the key of the trace's groups (TG_KEY_BUYER .. TG_KEY_SHORT), then these.
 */
enum
{
	COL_TRACE_NUMBER = TG_KEY_COLUMNS, COL_SHORT_TTC, COL_STRONG_SHORT_TTC, COL_OBLITERATED,
	COL_POSSESSOR_NOT_PURCHASER, COL_OUTSIDE_SOURCE, COL_SELECTED,
	COL_OWN_INDICATORS, COL_OWN_REASONS,
	N_COLS
};

/* The values a selected row keeps until it is returned. */
enum
{
	KEPT_ROW, KEPT_TRACE_NUMBER, KEPT_SHORT_TTC, KEPT_STRONG_SHORT_TTC, KEPT_OBLITERATED,
	KEPT_POSSESSOR_NOT_PURCHASER, KEPT_OUTSIDE_SOURCE, KEPT_OWN_INDICATORS, KEPT_OWN_REASONS,
	KEPT_DEALER, KEPT_MONTH,
	N_KEPT
};

typedef struct IndicatorReceiver
{
	DestReceiver pub;
	MemoryContext context;		/* the function's: outlives SPI */
	MemoryContext row_context;	/* reset at every row */
	TraffickingGroups *groups;
	Tuplestorestate *kept;		/* the selected rows, N_KEPT values each */
	TupleDesc	kept_desc;
} IndicatorReceiver;

static void
check_column(TupleDesc desc, int col, Oid type)
{
	Form_pg_attribute att = TupleDescAttr(desc, col);

	if (att->atttypid != type)
		elog(ERROR, "etrace.trafficking_indicator_rows_sql: column %d (%s) is of type %u, not %u",
			 col + 1, NameStr(att->attname), att->atttypid, type);
}

static void
indicator_receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	IndicatorReceiver *r = (IndicatorReceiver *) self;
	static const Oid types[N_COLS] = {
		/* the group key: buyer, dob, day, gun, dealer, month, short */
		TEXTOID, DATEOID, INT4OID, INT8OID, TEXTOID, INT4OID, BOOLOID,
		/* trace_number (etrace's type: not checked), the own flags, ... */
		InvalidOid, BOOLOID, BOOLOID, BOOLOID, BOOLOID, BOOLOID, BOOLOID,
		INT4OID, TEXTARRAYOID
	};
	MemoryContext old;
	TupleDesc	kept;

	if (typeinfo->natts != N_COLS)
		elog(ERROR, "etrace.trafficking_indicator_rows_sql has %d columns, not %d", typeinfo->natts, N_COLS);
	for (int col = 0; col < N_COLS; col++)
		if (col != COL_TRACE_NUMBER)
			check_column(typeinfo, col, types[col]);

	old = MemoryContextSwitchTo(r->context);
	kept = CreateTemplateTupleDesc(N_KEPT);
	TupleDescInitEntry(kept, KEPT_ROW + 1, "row", INT8OID, -1, 0);
	TupleDescInitEntry(kept, KEPT_TRACE_NUMBER + 1, "trace_number",
					   TupleDescAttr(typeinfo, COL_TRACE_NUMBER)->atttypid, -1, 0);
	TupleDescInitEntry(kept, KEPT_SHORT_TTC + 1, "short_ttc", BOOLOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_STRONG_SHORT_TTC + 1, "strong_short_ttc", BOOLOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_OBLITERATED + 1, "obliterated", BOOLOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_POSSESSOR_NOT_PURCHASER + 1, "possessor_not_purchaser", BOOLOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_OUTSIDE_SOURCE + 1, "outside_source", BOOLOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_OWN_INDICATORS + 1, "own_indicators", INT4OID, -1, 0);
	TupleDescInitEntry(kept, KEPT_OWN_REASONS + 1, "own_reasons", TEXTARRAYOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_DEALER + 1, "dealer", TEXTOID, -1, 0);
	TupleDescInitEntry(kept, KEPT_MONTH + 1, "month", INT4OID, -1, 0);
	r->kept_desc = kept;
	r->kept = tuplestore_begin_heap(false, false, work_mem);
	MemoryContextSwitchTo(old);
}

static bool
indicator_receive(TupleTableSlot *slot, DestReceiver *self)
{
	IndicatorReceiver *r = (IndicatorReceiver *) self;
	Datum	   *v;
	bool	   *isnull;
	MemoryContext old = MemoryContextSwitchTo(r->row_context);
	int64		row;

	slot_getallattrs(slot);
	v = slot->tts_values;
	isnull = slot->tts_isnull;
	row = trafficking_groups_add(r->groups, v, isnull);

	/* every visible trace counts; only the selected ones are returned */
	if (!isnull[COL_SELECTED] && DatumGetBool(v[COL_SELECTED]))
	{
		Datum		kv[N_KEPT];
		bool		kn[N_KEPT];
		static const int from[N_KEPT] = {
			-1, COL_TRACE_NUMBER, COL_SHORT_TTC, COL_STRONG_SHORT_TTC, COL_OBLITERATED,
			COL_POSSESSOR_NOT_PURCHASER, COL_OUTSIDE_SOURCE, COL_OWN_INDICATORS, COL_OWN_REASONS,
			TG_KEY_DEALER, TG_KEY_MONTH
		};

		kv[KEPT_ROW] = Int64GetDatum(row);
		kn[KEPT_ROW] = false;
		for (int k = KEPT_ROW + 1; k < N_KEPT; k++)
		{
			kv[k] = v[from[k]];
			kn[k] = isnull[from[k]];
		}
		tuplestore_putvalues(r->kept, r->kept_desc, kv, kn);
	}
	MemoryContextSwitchTo(old);
	MemoryContextReset(r->row_context);
	return true;
}

static void
indicator_receiver_shutdown(DestReceiver *self)
{
}

static void
indicator_receiver_destroy(DestReceiver *self)
{
}

/* ------------------------------------------------------- the function */

/*
 * Runs the per-trace query as the caller (row-level security takes the
 * caller from the outer user; the function is SECURITY DEFINER), feeding
 * the receiver; returns the hot-dealer threshold.
 */
static int32
read_indicator_rows(Datum filter, bool filter_isnull, IndicatorReceiver *r)
{
	Oid			argtypes[1] = {JSONBOID};
	Datum		args[1] = {filter};
	char		argnulls[1] = {filter_isnull ? 'n' : ' '};
	SPITupleTable *t;
	ParamListInfo params;
	SPIExecuteOptions options = {0};
	char	   *query;
	bool		isnull;
	int32		hot;

	SPI_connect();
	if (SPI_execute_with_args("SELECT etrace.trafficking_indicator_rows_sql($1), etrace.report_full_access(),"
							  " etrace.report_consents(), etrace.tracing_center_country(),"
							  " etrace.setting_short_ttc_days(),"
							  " least(etrace.setting_strong_ttc_days(), etrace.setting_short_ttc_days()),"
							  " etrace.setting_hot_dealer_traces()",
							  1, argtypes, args, argnulls, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "etrace.trafficking_indicators: the query and its settings could not be read");
	t = SPI_tuptable;
	query = TextDatumGetCString(SPI_getbinval(t->vals[0], t->tupdesc, 1, &isnull));
	if (isnull)
		elog(ERROR, "etrace.trafficking_indicators: etrace.trafficking_indicator_rows_sql returned NULL");
	hot = DatumGetInt32(SPI_getbinval(t->vals[0], t->tupdesc, 7, &isnull));
	if (isnull)
		elog(ERROR, "etrace.trafficking_indicators: etrace.setting_hot_dealer_traces returned NULL");

	/* $1 the filter, $2 .. $4 as etrace.report_rows_sql says, $5 and $6 the thresholds */
	params = makeParamList(6);
	params->params[0].ptype = JSONBOID;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].isnull = filter_isnull;
	params->params[0].value = filter;
	for (int i = 1; i < 6; i++)
	{
		params->params[i].ptype = SPI_gettypeid(t->tupdesc, i + 1);
		params->params[i].pflags = PARAM_FLAG_CONST;
		params->params[i].value = SPI_getbinval(t->vals[0], t->tupdesc, i + 1, &params->params[i].isnull);
	}

	r->pub.receiveSlot = indicator_receive;
	r->pub.rStartup = indicator_receiver_startup;
	r->pub.rShutdown = indicator_receiver_shutdown;
	r->pub.rDestroy = indicator_receiver_destroy;
	r->pub.mydest = DestNone;
	options.params = params;
	options.read_only = true;
	options.dest = (DestReceiver *) r;
	if (SPI_execute_extended(query, &options) < 0)
		elog(ERROR, "etrace.trafficking_indicators: reading the traces failed");
	SPI_finish();
	return hot;
}

PG_FUNCTION_INFO_V1(etrace_trafficking_indicators);
Datum
etrace_trafficking_indicators(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	IndicatorReceiver r = {0};
	MemoryContext context,
				row_context,
				old;
	TupleTableSlot *slot;
	int32		hot_threshold;
	int64		returned = 0;

	InitMaterializedSRF(fcinfo, 0);
	context = rsinfo->econtext->ecxt_per_query_memory;
	row_context = AllocSetContextCreate(CurrentMemoryContext, "trafficking indicators row",
										ALLOCSET_DEFAULT_SIZES);
	r.context = context;
	r.row_context = AllocSetContextCreate(context, "trafficking indicators receiver",
										  ALLOCSET_SMALL_SIZES);
	r.groups = trafficking_groups_create(context);
	hot_threshold = read_indicator_rows(PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0),
										PG_ARGISNULL(0), &r);
	if (r.kept == NULL)
		elog(ERROR, "etrace.trafficking_indicators: the query's receiver did not start");
	trafficking_groups_count(r.groups);

	slot = MakeSingleTupleTableSlot(r.kept_desc, &TTSOpsMinimalTuple);
	while (tuplestore_gettupleslot(r.kept, true, false, slot))
	{
		Datum	   *kv;
		bool	   *kn;
		const int64 *c;
		GroupReasons g = {0};
		Datum		values[11];
		bool		nulls[11];
		bool		hot_null;

		if (++returned % 65536 == 0)
			CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(row_context);
		slot_getallattrs(slot);
		kv = slot->tts_values;
		kn = slot->tts_isnull;
		c = trafficking_groups_of_row(r.groups, DatumGetInt64(kv[KEPT_ROW]));

		g.has_purchaser_traces = !TG_IS_NULL(c[TG_PURCHASER_TRACES]);
		g.purchaser_traces = c[TG_PURCHASER_TRACES];
		g.repeat_purchaser = c[TG_REPEAT_PURCHASER] == 1;
		g.multiple_sale = c[TG_MULTIPLE_SALE] == 1;
		g.has_dealer_short_traces = !TG_IS_NULL(c[TG_DEALER_SHORT_TRACES]);
		g.dealer_short_traces = c[TG_DEALER_SHORT_TRACES];
		hot_null = !g.has_dealer_short_traces;
		g.hot_dealer = !hot_null && g.dealer_short_traces >= hot_threshold;
		g.dealer_key = kn[KEPT_DEALER] ? NULL : DatumGetTextPP(kv[KEPT_DEALER]);
		g.has_month = !kn[KEPT_MONTH];
		g.month = kn[KEPT_MONTH] ? 0 : DatumGetInt32(kv[KEPT_MONTH]);

		/*
		 * trace_number, short_ttc, strong_short_ttc, obliterated,
		 * possessor_not_purchaser, outside_source, repeat_purchaser,
		 * multiple_sale, hot_dealer, indicators, reasons
		 */
		for (int k = KEPT_TRACE_NUMBER; k <= KEPT_OUTSIDE_SOURCE; k++)
		{
			values[k - KEPT_TRACE_NUMBER] = kv[k];
			nulls[k - KEPT_TRACE_NUMBER] = kn[k];
		}
		values[6] = BoolGetDatum(g.repeat_purchaser);
		nulls[6] = TG_IS_NULL(c[TG_REPEAT_PURCHASER]);
		values[7] = BoolGetDatum(g.multiple_sale);
		nulls[7] = TG_IS_NULL(c[TG_MULTIPLE_SALE]);
		values[8] = BoolGetDatum(g.hot_dealer);
		nulls[8] = hot_null;
		/* a NULL own count stays NULL, as NULL + ... in SQL */
		nulls[9] = kn[KEPT_OWN_INDICATORS];
		values[9] = Int32GetDatum(nulls[9] ? 0 :
								  DatumGetInt32(kv[KEPT_OWN_INDICATORS]) + g.repeat_purchaser
								  + g.multiple_sale + g.hot_dealer);
		values[10] = indicator_reasons(kv[KEPT_OWN_REASONS], kn[KEPT_OWN_REASONS], &g, &nulls[10]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		MemoryContextSwitchTo(old);
		MemoryContextReset(row_context);
	}
	ExecDropSingleTupleTableSlot(slot);
	tuplestore_end(r.kept);
	MemoryContextDelete(row_context);
	return (Datum) 0;
}
