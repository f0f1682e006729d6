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
 * A DestReceiver appends each row's values to plain C arrays, one per
 * column, as the executor produces it: no tuple is copied into an SPI tuple
 * table and no array_agg state grows per row, which on a million points is
 * most of the time the SQL form spent.  Each column is the data of the
 * float8[] (or date[]) that returns it, with room for the array header in
 * front, so no value is copied one by one afterwards: etrace.visible_points
 * copies each whole array once, into its result row, and the filter forms
 * written in C (etrace.hotspots(jsonb, ...)) take the columns straight from
 * etrace_visible_points_read, without any copy.
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

#include "etrace.h"

/*
 * Each column is built in place of the array that returns it: its buffer
 * keeps room for the array header before the values, so that the array is
 * made by writing its header, not by copying the values into a new one.
 */
#define COLUMN_HEADER ARR_OVERHEAD_NONULLS(1)

typedef struct PointReceiver
{
	DestReceiver pub;
	bool		dated;
	Size		count;
	Size		capacity;
	bool		in_order;		/* ids seen so far ascending */
	/* in the caller's context: they outlive SPI */
	int64	   *id;
	char	   *lat_buf;		/* COLUMN_HEADER bytes, then the doubles */
	char	   *lon_buf;
	char	   *date_buf;		/* only for the dated form */
	/* positions of the columns in the rows received (0-based) */
	int			id_col;
	int			lat_col;
	int			lon_col;
	int			date_col;
	int			last_col;		/* the rows are deformed up to this one */
} PointReceiver;

#define LAT(r) ((double *) ((r)->lat_buf + COLUMN_HEADER))
#define LON(r) ((double *) ((r)->lon_buf + COLUMN_HEADER))
#define DATE(r) ((DateADT *) ((r)->date_buf + COLUMN_HEADER))

static char *
column_alloc(Size capacity, int width)
{
	return MemoryContextAllocHuge(CurrentMemoryContext, COLUMN_HEADER + capacity * width);
}

static char *
column_grow(char *buf, Size capacity, int width)
{
	return repalloc_huge(buf, COLUMN_HEADER + capacity * width);
}

static void
receiver_grow(PointReceiver *r)
{
	Size		grown = r->capacity * 2;

	if (r->count >= MaxArraySize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("more visible points than an array can hold (%d)", (int) MaxArraySize),
				 errhint("Narrow the filter.")));
	r->id = repalloc_huge(r->id, grown * sizeof(int64));
	r->lat_buf = column_grow(r->lat_buf, grown, sizeof(double));
	r->lon_buf = column_grow(r->lon_buf, grown, sizeof(double));
	if (r->dated)
		r->date_buf = column_grow(r->date_buf, grown, sizeof(DateADT));
	r->capacity = grown;
}

static bool
receive_point(TupleTableSlot *slot, DestReceiver *self)
{
	PointReceiver *r = (PointReceiver *) self;
	Size		i = r->count;

	/* no NULLs: id is the primary key, and the query's WHERE excludes the rest */
	slot_getsomeattrs(slot, r->last_col + 1);
	if (i == r->capacity)
		receiver_grow(r);
	r->id[i] = DatumGetInt64(slot->tts_values[r->id_col]);
	LAT(r)[i] = DatumGetFloat8(slot->tts_values[r->lat_col]);
	LON(r)[i] = DatumGetFloat8(slot->tts_values[r->lon_col]);
	if (r->dated)
		DATE(r)[i] = DatumGetDateADT(slot->tts_values[r->date_col]);
	if (i > 0 && r->id[i] < r->id[i - 1])
		r->in_order = false;
	r->count++;
	return true;
}

/* the position of a column of the rows received, which must be of type */
static int
column_position(TupleDesc typeinfo, const char *name, Oid type)
{
	for (int i = 0; i < typeinfo->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(typeinfo, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
		{
			if (att->atttypid != type)
				elog(ERROR, "etrace_visible_points: column %s is of type %u, not %u", name, att->atttypid, type);
			return i;
		}
	}
	elog(ERROR, "etrace_visible_points: no column %s in the points read", name);
	return -1;					/* keep the compiler quiet */
}

static void
receiver_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	PointReceiver *r = (PointReceiver *) self;

	r->id_col = column_position(typeinfo, "id", INT8OID);
	r->lat_col = column_position(typeinfo, "latitude", FLOAT8OID);
	r->lon_col = column_position(typeinfo, "longitude", FLOAT8OID);
	r->date_col = r->dated ? column_position(typeinfo, "recovery_date", DATEOID) : 0;
	r->last_col = Max(Max(r->id_col, r->lat_col), Max(r->lon_col, r->date_col));
}

static void
receiver_shutdown(DestReceiver *self)
{
}

static void
receiver_destroy(DestReceiver *self)
{
}

typedef struct IdPosition
{
	int64		id;
	Size		pos;
} IdPosition;

static int
compare_ids(const void *a, const void *b)
{
	int64		x = ((const IdPosition *) a)->id;
	int64		y = ((const IdPosition *) b)->id;

	return (x > y) - (x < y);
}

/* Puts a column's values in the order of `order`. */
static void
permute_column(char **buf, const IdPosition *order, Size count, Size capacity, int width)
{
	char	   *out = column_alloc(capacity, width);

	for (Size i = 0; i < count; i++)
		memcpy(out + COLUMN_HEADER + i * width,
			   *buf + COLUMN_HEADER + order[i].pos * width, width);
	pfree(*buf);
	*buf = out;
}

/*
 * Puts the rows in trace order (rarely needed: see the header comment).
 * The ids themselves are not needed afterwards.
 */
static void
receiver_sort(PointReceiver *r)
{
	IdPosition *order = MemoryContextAllocHuge(CurrentMemoryContext,
											   Max(r->count, 1) * sizeof(IdPosition));

	for (Size i = 0; i < r->count; i++)
	{
		order[i].id = r->id[i];
		order[i].pos = i;
	}
	qsort(order, r->count, sizeof(IdPosition), compare_ids);
	permute_column(&r->lat_buf, order, r->count, r->capacity, sizeof(double));
	permute_column(&r->lon_buf, order, r->count, r->capacity, sizeof(double));
	if (r->dated)
		permute_column(&r->date_buf, order, r->count, r->capacity, sizeof(DateADT));
	pfree(order);
}

/* A column as a one-dimensional array, its header written in front. */
static ArrayType *
column_array(char *buf, Size count, Oid type, int width)
{
	ArrayType  *a = (ArrayType *) buf;

	if (count == 0)
		return construct_empty_array(type);
	SET_VARSIZE(a, COLUMN_HEADER + count * width);
	a->ndim = 1;
	a->dataoffset = 0;
	a->elemtype = type;
	ARR_DIMS(a)[0] = (int) count;
	ARR_LBOUND(a)[0] = 1;
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
 * The points of the visible traces that match the filter (a jsonb Datum;
 * etrace.trace_filter_sql refuses a NULL one), read as the caller: see the
 * header comment.  The caller runs as etrace_owner (SECURITY DEFINER).
 */
static void
read_visible_points(Datum filter, bool filter_isnull, PointReceiver *r)
{
	ParamListInfo params = makeParamList(1);
	SPIExecuteOptions options = {0};
	char	   *query;
	const char *columns,
			   *relation;

	r->capacity = 65536;
	r->id = MemoryContextAllocHuge(CurrentMemoryContext, r->capacity * sizeof(int64));
	r->lat_buf = column_alloc(r->capacity, sizeof(double));
	r->lon_buf = column_alloc(r->capacity, sizeof(double));
	r->date_buf = r->dated ? column_alloc(r->capacity, sizeof(DateADT)) : NULL;
	r->in_order = true;
	r->pub.receiveSlot = receive_point;
	r->pub.rStartup = receiver_startup;
	r->pub.rShutdown = receiver_shutdown;
	r->pub.rDestroy = receiver_destroy;
	r->pub.mydest = DestNone;

	params->params[0].ptype = JSONBOID;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].isnull = filter_isnull;
	params->params[0].value = filter_isnull ? (Datum) 0 : filter;

	SPI_connect();

	/*
	 * The filter's clause names columns that the table and the view share.
	 * From the table, the whole row: the scan then hands the executor's
	 * heap tuple straight to the receiver, which reads its first columns
	 * (the coordinates and the date come first in the row), where naming
	 * three columns would copy them into a new row every time.  From the
	 * view, only the columns needed: the others are masking expressions.
	 */
	if (sees_all_unmasked())
	{
		columns = "t.*";
		relation = "etrace.trace";
	}
	else
	{
		columns = r->dated ? "t.id, t.latitude, t.longitude, t.recovery_date" : "t.id, t.latitude, t.longitude";
		relation = "etrace.traces";
	}
	query = psprintf("SELECT %s FROM %s t"
					 " WHERE t.latitude IS NOT NULL AND t.longitude IS NOT NULL%s AND (%s)",
					 columns, relation,
					 r->dated ? " AND t.recovery_date IS NOT NULL" : "",
					 filter_where(params));
	options.params = params;
	options.read_only = true;
	options.dest = (DestReceiver *) r;
	if (SPI_execute_extended(query, &options) < 0)
		elog(ERROR, "etrace_visible_points: reading the points failed");
	SPI_finish();

	if (!r->in_order)
		receiver_sort(r);
	pfree(r->id);				/* only the order needed them */
	r->id = NULL;
}

void
etrace_visible_points_read(Datum filter, bool filter_isnull, VisiblePoints *points)
{
	PointReceiver r = {0};

	read_visible_points(filter, filter_isnull, &r);
	points->count = (int) r.count;
	points->lat = LAT(&r);
	points->lon = LON(&r);
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
	PointReceiver r = {0};
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &result_desc) != TYPEFUNC_COMPOSITE ||
		(result_desc->natts != 2 && result_desc->natts != 3))
		elog(ERROR, "etrace_visible_points: declared with a wrong result type");
	r.dated = result_desc->natts == 3;
	read_visible_points(PG_GETARG_DATUM(0), PG_ARGISNULL(0), &r);
	values[0] = PointerGetDatum(column_array(r.lat_buf, r.count, FLOAT8OID, sizeof(double)));
	values[1] = PointerGetDatum(column_array(r.lon_buf, r.count, FLOAT8OID, sizeof(double)));
	if (r.dated)
		values[2] = PointerGetDatum(column_array(r.date_buf, r.count, DATEOID, sizeof(DateADT)));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(result_desc), values, nulls)));
}
