/*
 * trafficking_groups.c — the window function
 * etrace.trafficking_group_counts(etrace.trafficking_group_key) OVER (),
 * the counts of etrace.trafficking_indicators that need other traces.
 *
 * For each row of the whole partition it returns an
 * etrace.trafficking_group_flags: the traces of the buyer, whether they are
 * of two or more guns, whether the buyer's days within 4 either side hold
 * two or more guns, and the short traces of the dealer in the months
 * m - 11 .. m.  A field is NULL where its key is (see the SQL comment).
 *
 * On the first call it reads every row once (one composite argument, so
 * one fetch a row).  Each buyer (name key and date of birth) and each dealer
 * key gets a dense group number from a hash table as the row is read, so a
 * row keeps four integers and no text, and a key's text is copied once.
 * The rows are then ordered by (group, day) and by (group, month) with an
 * inlined sort of 64-bit keys, and each group is counted in one sweep.  The
 * caller's wide rows are never sorted.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/typcache.h"
#include "windowapi.h"

/* A grouping key: the bytes of a name or dealer key, and a date of birth. */
typedef struct GroupKey
{
	const char *data;
	int32		len;
	DateADT		dob;			/* 0 for a dealer */
} GroupKey;

typedef struct GroupEntry
{
	GroupKey	key;
	uint32		hash;
	int32		group;
	char		status;			/* simplehash's */
} GroupEntry;

static inline uint32
group_key_hash(GroupKey key)
{
	return hash_bytes_extended((const unsigned char *) key.data, key.len, (uint64) key.dob);
}

static inline bool
group_key_equal(GroupKey a, GroupKey b)
{
	return a.len == b.len && a.dob == b.dob && memcmp(a.data, b.data, a.len) == 0;
}

#define SH_PREFIX groupkeys
#define SH_ELEMENT_TYPE GroupEntry
#define SH_KEY_TYPE GroupKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) group_key_hash(k)
#define SH_EQUAL(tb, a, b) group_key_equal(a, b)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) (a)->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/*
 * A row as the counts need it; a group of -1 is no buyer, or no dealer and
 * month (has_dealer tells a dealer without a month).
 */
typedef struct GroupRow
{
	int64		gun;
	int32		buyer;
	int32		dealer;
	int32		day;			/* PG_INT32_MAX: no day */
	int32		month;
	bool		has_dealer;
	bool		is_short;
} GroupRow;

/* What the sort orders: (group, day or month), and the row's position. */
typedef struct SortItem
{
	uint64		key;
	int64		row;
} SortItem;

#define ST_SORT sort_items
#define ST_ELEMENT_TYPE SortItem
#define ST_COMPARE(a, b) (((a)->key > (b)->key) - ((a)->key < (b)->key))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* The fields of a row's result, in the order of trafficking_group_flags */
#define N_FIELDS 4
#define NO_VALUE (-1)			/* a NULL field */

typedef struct GroupCounts
{
	int64		n;
	int64	   *counts;			/* N_FIELDS a row, NO_VALUE for NULL */
	TupleDesc	result;
} GroupCounts;

typedef struct GroupReader
{
	MemoryContext context;		/* where the copied keys live */
	groupkeys_hash *buyers;
	groupkeys_hash *dealers;
} GroupReader;

/* The group of a key, numbered in the order the keys are first seen. */
static int32
group_of(GroupReader *reader, groupkeys_hash *table, text *value, DateADT dob)
{
	GroupKey	key = {VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value), dob};
	bool		found;
	GroupEntry *entry = groupkeys_insert(table, key, &found);

	if (!found)
	{
		char	   *copy = MemoryContextAlloc(reader->context, Max(key.len, 1));

		memcpy(copy, key.data, key.len);
		entry->key.data = copy;		/* same bytes: the entry's place holds */
		if (table->members > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many groups for etrace.trafficking_group_counts")));
		entry->group = (int32) (table->members - 1);
	}
	return entry->group;
}

/* (group, value) as one unsigned key that sorts like the pair */
static inline uint64
sort_key(int32 group, int32 value)
{
	return ((uint64) (uint32) group << 32) | ((uint32) value ^ UINT32_C(0x80000000));
}

static inline int32
sort_key_group(uint64 key)
{
	return (int32) (key >> 32);
}

/* The end of the group whose first item is items[start]. */
static int64
group_end(const SortItem *items, int64 n_items, int64 start)
{
	int32		group = sort_key_group(items[start].key);
	int64		end = start + 1;

	while (end < n_items && sort_key_group(items[end].key) == group)
		end++;
	return end;
}

/* The rows with a group, ordered by (group, day or month). */
static SortItem *
sorted_by_group(const GroupRow *rows, int64 n, bool by_dealer, int64 *n_items)
{
	SortItem   *items = palloc_extended(Max(n, 1) * sizeof(SortItem), MCXT_ALLOC_HUGE);
	int64		m = 0;

	for (int64 i = 0; i < n; i++)
	{
		int32		group = by_dealer ? rows[i].dealer : rows[i].buyer;

		if (group < 0)
			continue;
		items[m].key = sort_key(group, by_dealer ? rows[i].month : rows[i].day);
		items[m++].row = i;
	}
	sort_items(items, m);
	*n_items = m;
	return items;
}

static void
count_buyers(const GroupRow *rows, int64 n, int64 *counts)
{
	int64		n_items;
	SortItem   *items = sorted_by_group(rows, n, false, &n_items);
	int64		end;

	for (int64 start = 0; start < n_items; start = end)
	{
		int64		low = PG_INT64_MAX,
					high = PG_INT64_MIN;

		CHECK_FOR_INTERRUPTS();
		end = group_end(items, n_items, start);
		for (int64 i = start; i < end; i++)
		{
			low = Min(low, rows[items[i].row].gun);
			high = Max(high, rows[items[i].row].gun);
		}
		for (int64 i = start; i < end; i++)
		{
			const GroupRow *r = &rows[items[i].row];
			int64	   *c = &counts[items[i].row * N_FIELDS];
			int64		wlow = r->gun,
						whigh = r->gun;

			c[0] = end - start;
			c[1] = low != high;
			if (r->day == PG_INT32_MAX)
				continue;
			c[2] = 0;
			if (low == high)
				continue;
			/* the days d - 4 .. d + 4: neighbours in the sorted group */
			for (int64 j = i - 1; j >= start && rows[items[j].row].day >= r->day - 4; j--)
			{
				wlow = Min(wlow, rows[items[j].row].gun);
				whigh = Max(whigh, rows[items[j].row].gun);
			}
			for (int64 j = i + 1; j < end && (int64) rows[items[j].row].day <= (int64) r->day + 4; j++)
			{
				if (rows[items[j].row].day == PG_INT32_MAX)
					break;
				wlow = Min(wlow, rows[items[j].row].gun);
				whigh = Max(whigh, rows[items[j].row].gun);
			}
			c[2] = wlow != whigh;
		}
	}
	pfree(items);
}

static void
count_dealers(const GroupRow *rows, int64 n, int64 *counts)
{
	int64		n_items;
	SortItem   *items = sorted_by_group(rows, n, true, &n_items);
	int64		end;

	for (int64 start = 0; start < n_items; start = end)
	{
		int64		lo = start;
		int64		in_frame = 0;
		int64		i = start;

		CHECK_FOR_INTERRUPTS();
		end = group_end(items, n_items, start);
		/* a sliding frame over the months m - 11 .. m, peers included */
		while (i < end)
		{
			int32		month = rows[items[i].row].month;
			int64		peers_end = i;

			while (peers_end < end && rows[items[peers_end].row].month == month)
			{
				in_frame += rows[items[peers_end].row].is_short;
				peers_end++;
			}
			while ((int64) rows[items[lo].row].month < (int64) month - 11)
			{
				in_frame -= rows[items[lo].row].is_short;
				lo++;
			}
			for (int64 k = i; k < peers_end; k++)
				counts[items[k].row * N_FIELDS + 3] = in_frame;
			i = peers_end;
		}
	}
	pfree(items);
}

/* Reads row n of the partition into *row; false past the last row. */
static bool
read_group_row(WindowObject winobj, GroupReader *reader, TupleDesc *tupdesc, int64 n, GroupRow *row)
{
	bool		isnull_row,
				isout = false;
	Datum		d = WinGetFuncArgInPartition(winobj, 0, n, WINDOW_SEEK_HEAD, false, &isnull_row, &isout);
	HeapTupleHeader th;
	HeapTupleData tuple;
	Datum		v[7];
	bool		isnull[7];

	if (isout)
		return false;
	if (isnull_row)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("trafficking group key must not be null")));
	th = DatumGetHeapTupleHeader(d);
	if (*tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(reader->context);

		*tupdesc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
		MemoryContextSwitchTo(old);
		if ((*tupdesc)->natts != 7)
			elog(ERROR, "trafficking group key has %d attributes, not 7", (*tupdesc)->natts);
	}
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, *tupdesc, v, isnull);

	if (isnull[3])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("trafficking group key must have a gun")));
	row->gun = DatumGetInt64(v[3]);
	/* (buyer, dob, day, gun, dealer, month, short) */
	row->buyer = isnull[0] || isnull[1] ? -1
		: group_of(reader, reader->buyers, DatumGetTextPP(v[0]), DatumGetDateADT(v[1]));
	row->day = isnull[2] ? PG_INT32_MAX : DatumGetInt32(v[2]);
	row->has_dealer = !isnull[4];
	row->dealer = isnull[4] || isnull[5] ? -1
		: group_of(reader, reader->dealers, DatumGetTextPP(v[4]), 0);
	row->month = isnull[5] ? 0 : DatumGetInt32(v[5]);
	row->is_short = !isnull[6] && DatumGetBool(v[6]);
	if ((Pointer) th != DatumGetPointer(d))
		pfree(th);
	return true;
}

static GroupCounts *
compute_group_counts(WindowObject winobj, GroupCounts *state)
{
	MemoryContext context = GetMemoryChunkContext(state);
	MemoryContext work = AllocSetContextCreate(context, "trafficking group counts", ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(work);
	GroupReader reader = {work, groupkeys_create(work, 1024, NULL), groupkeys_create(work, 1024, NULL)};
	TupleDesc	tupdesc = NULL;
	int64		rows_in_partition;
	GroupRow   *rows;
	int64		n = 0;

	/*
	 * Spool the whole partition first: reading each row just after it is
	 * written would switch the tuplestore's file between writing and
	 * reading on every row once it spills past work_mem.
	 */
	rows_in_partition = WinGetPartitionRowCount(winobj);
	if (rows_in_partition > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows for etrace.trafficking_group_counts")));
	rows = palloc_extended(Max(rows_in_partition, 1) * sizeof(GroupRow), MCXT_ALLOC_HUGE);
	/* a detoasted key, if any, is allocated in work and freed with it */
	while (n < rows_in_partition && read_group_row(winobj, &reader, &tupdesc, n, &rows[n]))
		n++;

	/* NULL until counted; a dealer without a month of recovery counts 0 */
	state->counts = MemoryContextAllocHuge(context, Max(n, 1) * N_FIELDS * sizeof(int64));
	for (int64 i = 0; i < n; i++)
	{
		int64	   *c = &state->counts[i * N_FIELDS];

		c[0] = c[1] = c[2] = NO_VALUE;
		c[3] = rows[i].has_dealer ? 0 : NO_VALUE;
	}
	count_buyers(rows, n, state->counts);
	count_dealers(rows, n, state->counts);
	state->n = n;
	MemoryContextSwitchTo(old);
	MemoryContextDelete(work);
	return state;
}

PG_FUNCTION_INFO_V1(etrace_trafficking_group_counts);
Datum
etrace_trafficking_group_counts(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	GroupCounts *state = (GroupCounts *) WinGetPartitionLocalMemory(winobj, sizeof(GroupCounts));
	int64		pos = WinGetCurrentPosition(winobj);
	const int64 *c;
	Datum		values[N_FIELDS];
	bool		nulls[N_FIELDS];

	if (state->counts == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(state));
		TupleDesc	result;

		if (get_call_result_type(fcinfo, NULL, &result) != TYPEFUNC_COMPOSITE || result->natts != N_FIELDS)
			elog(ERROR, "etrace.trafficking_group_counts must return etrace.trafficking_group_flags");
		state->result = BlessTupleDesc(result);
		MemoryContextSwitchTo(old);
		state = compute_group_counts(winobj, state);
	}
	if (pos < 0 || pos >= state->n)
		elog(ERROR, "window position " INT64_FORMAT " out of range", pos);
	c = &state->counts[pos * N_FIELDS];
	for (int i = 0; i < N_FIELDS; i++)
		nulls[i] = c[i] == NO_VALUE;
	/* purchaser_traces bigint, repeat_purchaser boolean, multiple_sale boolean, dealer_short_traces bigint */
	values[0] = Int64GetDatum(c[0]);
	values[1] = BoolGetDatum(c[1] == 1);
	values[2] = BoolGetDatum(c[2] == 1);
	values[3] = Int64GetDatum(c[3]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(state->result, values, nulls)));
}
