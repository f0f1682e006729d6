/*
 * points.c — etrace.visible_points and etrace.visible_points_dated: the
 * recovery points (and dates) of the traces the caller may see that match a
 * find_traces filter, as parallel arrays for the array forms of the spatial
 * functions (hotspots, kernel_density, geoprofile, knox_test, ...).
 *
 * The SQL functions are SECURITY DEFINER (etrace_owner): row-level
 * security is forced on the tables and its policies take the caller from
 * the outer user, so the rows read are the caller's either way.  They are
 * read through the view etrace.traces, whose masking hides the coordinates
 * of traces seen only through data sharing (masked coordinates are no
 * points) -- except when every agency the caller may see is one it sees
 * unmasked (the tracing center; an agency no partner shares with): then the
 * view's masking test could only ever say "show", and the table is read
 * directly, without three masking tests per row.
 *
 * A DestReceiver appends each row's values to one plain C array as the
 * executor produces it: no tuple is copied into an SPI tuple table and no
 * array_agg state grows per row, which on a million points is most of the
 * time the SQL form spent.
 *
 * The points are returned in trace order (by id), so that the arrays, and
 * the floating-point sums the kernels make over them, are the same from run
 * to run whatever plan read them.  A sequential scan nearly always yields
 * the rows in id order already; they are sorted only when they are not.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "tcop/dest.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

typedef struct VisiblePoint
{
	int64		id;
	double		lat;
	double		lon;
	DateADT		date;			/* only for visible_points_dated */
} VisiblePoint;

typedef struct PointReceiver
{
	DestReceiver pub;
	bool		dated;
	VisiblePoint *points;		/* in the caller's context: they outlive SPI */
	Size		count;
	Size		capacity;
	bool		in_order;		/* ids seen so far ascending */
} PointReceiver;

static bool
receive_point(TupleTableSlot *slot, DestReceiver *self)
{
	PointReceiver *r = (PointReceiver *) self;
	VisiblePoint *p;

	/* no NULLs: id is the primary key, and the query's WHERE excludes the rest */
	slot_getallattrs(slot);
	if (r->count == r->capacity)
	{
		Size		grown = r->capacity * 2;

		if (r->count >= MaxArraySize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("more visible points than an array can hold (%d)", (int) MaxArraySize),
					 errhint("Narrow the filter.")));
		r->points = repalloc_huge(r->points, grown * sizeof(VisiblePoint));
		r->capacity = grown;
	}
	p = &r->points[r->count];
	p->id = DatumGetInt64(slot->tts_values[0]);
	p->lat = DatumGetFloat8(slot->tts_values[1]);
	p->lon = DatumGetFloat8(slot->tts_values[2]);
	p->date = r->dated ? DatumGetDateADT(slot->tts_values[3]) : 0;
	if (r->count > 0 && p->id < r->points[r->count - 1].id)
		r->in_order = false;
	r->count++;
	return true;
}

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
receiver_shutdown(DestReceiver *self)
{
}

static void
receiver_destroy(DestReceiver *self)
{
}

static int
compare_point_ids(const void *a, const void *b)
{
	int64		x = ((const VisiblePoint *) a)->id;
	int64		y = ((const VisiblePoint *) b)->id;

	return (x > y) - (x < y);
}

/* A one-dimensional array of n values taken from the points at offset. */
static ArrayType *
column_array(const PointReceiver *r, Oid type, size_t offset, int width)
{
	ArrayType  *a;
	char	   *data;
	Size		bytes;

	if (r->count == 0)
		return construct_empty_array(type);
	bytes = ARR_OVERHEAD_NONULLS(1) + (Size) r->count * width;
	a = (ArrayType *) palloc_extended(bytes, MCXT_ALLOC_HUGE);
	SET_VARSIZE(a, bytes);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = type;
	ARR_DIMS(a)[0] = (int) r->count;
	ARR_LBOUND(a)[0] = 1;
	data = ARR_DATA_PTR(a);
	for (Size i = 0; i < r->count; i++)
		memcpy(data + i * width, (const char *) &r->points[i] + offset, width);
	return a;
}

/*
 * True when every agency whose traces the caller may see is one it sees
 * unmasked (etrace.has_full_access), so that the view's masking changes
 * nothing; false also when the caller may see nothing.
 */
static bool
sees_all_unmasked(void)
{
	bool		isnull;
	Datum		answer;

	if (SPI_execute("SELECT etrace.visible_agencies() <@ etrace.full_access_agencies()", true, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "etrace_visible_points: the caller's access could not be read");
	answer = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return !isnull && DatumGetBool(answer);
}

/* The filter's WHERE clause over etrace.traces t, from etrace.trace_filter_sql. */
static char *
filter_where(ParamListInfo params)
{
	SPIExecuteOptions options = {0};
	bool		isnull;
	Datum		where;

	options.params = params;
	options.read_only = true;
	if (SPI_execute_extended("SELECT etrace.trace_filter_sql($1 - 'limit' - 'offset')", &options) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "etrace.trace_filter_sql returned no clause");
	where = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		elog(ERROR, "etrace.trace_filter_sql returned NULL");
	return TextDatumGetCString(where);
}

/*
 * etrace.visible_points(filter jsonb, OUT lat float8[], OUT lon float8[])
 * etrace.visible_points_dated(filter jsonb, OUT lat float8[], OUT lon float8[], OUT t date[])
 * One C function: the declared result (two or three columns) says which.
 */
PG_FUNCTION_INFO_V1(etrace_visible_points);
Datum
etrace_visible_points(PG_FUNCTION_ARGS)
{
	TupleDesc	result_desc;
	ParamListInfo params = makeParamList(1);
	PointReceiver r = {0};
	SPIExecuteOptions options = {0};
	char	   *query;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &result_desc) != TYPEFUNC_COMPOSITE ||
		(result_desc->natts != 2 && result_desc->natts != 3))
		elog(ERROR, "etrace_visible_points: declared with a wrong result type");
	r.dated = result_desc->natts == 3;
	r.capacity = 65536;
	r.points = MemoryContextAllocHuge(CurrentMemoryContext, r.capacity * sizeof(VisiblePoint));
	r.in_order = true;
	r.pub.receiveSlot = receive_point;
	r.pub.rStartup = receiver_startup;
	r.pub.rShutdown = receiver_shutdown;
	r.pub.rDestroy = receiver_destroy;
	r.pub.mydest = DestNone;

	params->params[0].ptype = JSONBOID;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].isnull = PG_ARGISNULL(0);
	params->params[0].value = PG_ARGISNULL(0) ? (Datum) 0 : PG_GETARG_DATUM(0);

	SPI_connect();
	/* the filter's clause names columns that the table and the view share */
	query = psprintf("SELECT t.id, t.latitude, t.longitude%s FROM %s t"
					 " WHERE t.latitude IS NOT NULL AND t.longitude IS NOT NULL%s AND (%s)",
					 r.dated ? ", t.recovery_date" : "",
					 sees_all_unmasked() ? "etrace.trace" : "etrace.traces",
					 r.dated ? " AND t.recovery_date IS NOT NULL" : "",
					 filter_where(params));
	options.params = params;
	options.read_only = true;
	options.dest = (DestReceiver *) &r;
	if (SPI_execute_extended(query, &options) < 0)
		elog(ERROR, "etrace_visible_points: reading the points failed");
	SPI_finish();

	if (!r.in_order)
		qsort(r.points, r.count, sizeof(VisiblePoint), compare_point_ids);
	values[0] = PointerGetDatum(column_array(&r, FLOAT8OID, offsetof(VisiblePoint, lat), sizeof(double)));
	values[1] = PointerGetDatum(column_array(&r, FLOAT8OID, offsetof(VisiblePoint, lon), sizeof(double)));
	if (r.dated)
		values[2] = PointerGetDatum(column_array(&r, DATEOID, offsetof(VisiblePoint, date), sizeof(DateADT)));
	pfree(r.points);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(result_desc), values, nulls)));
}
