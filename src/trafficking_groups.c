/*
 * trafficking_groups.c — the counts of etrace.trafficking_indicators that
 * need other traces (trafficking_groups.h), and their window-function form
 * etrace.trafficking_group_counts(etrace.trafficking_group_key) OVER ().
 *
 * For each row: the traces of the buyer, whether they are of two or more
 * guns, whether the buyer's days within 4 either side hold two or more
 * guns, and the short traces of the dealer in the months m - 11 .. m.  A
 * count is NULL where its key is (see the SQL comment of the window
 * function).
 *
 * Each buyer (name key and date of birth) and each dealer key gets a dense
 * group number from a hash table as the row is added, so a row keeps four
 * integers and no text, and a key's text is copied once.  The rows are
 * then ordered by (group, day) and by (group, month) with an inlined sort
 * of 64-bit keys, and each group is counted in one sweep.  The callers'
 * wide rows are never sorted.
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

#include "trafficking_groups.h"

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

struct TraffickingGroups
{
	MemoryContext context;		/* the rows and counts */
	MemoryContext keys;			/* the hash tables and the copied keys */
	groupkeys_hash *buyers;
	groupkeys_hash *dealers;
	GroupRow   *rows;
	int64		n;
	int64		capacity;
	int64	   *counts;			/* TG_FIELDS a row, after counting */
};

/* The group of a key, numbered in the order the keys are first seen. */
static int32
group_of(TraffickingGroups *groups, groupkeys_hash *table, text *value, DateADT dob)
{
	GroupKey	key = {VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value), dob};
	bool		found;
	GroupEntry *entry = groupkeys_insert(table, key, &found);

	if (!found)
	{
		char	   *copy = MemoryContextAlloc(groups->keys, Max(key.len, 1));

		memcpy(copy, key.data, key.len);
		entry->key.data = copy;		/* same bytes: the entry's place holds */
		if (table->members > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many groups for the trafficking indicators")));
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

/*
 * Whether the rows of a buyer's group (items[start .. end), by day) whose
 * day lies within 4 of item i's hold two or more guns.
 */
static bool
sold_within_4_days(const GroupRow *rows, const SortItem *items, int64 start, int64 end, int64 i)
{
	const GroupRow *r = &rows[items[i].row];
	int64		low = r->gun,
				high = r->gun;

	/* the days d - 4 .. d + 4: neighbours in the sorted group */
	for (int64 j = i - 1; j >= start && rows[items[j].row].day >= r->day - 4; j--)
	{
		low = Min(low, rows[items[j].row].gun);
		high = Max(high, rows[items[j].row].gun);
	}
	for (int64 j = i + 1; j < end && (int64) rows[items[j].row].day <= (int64) r->day + 4; j++)
	{
		if (rows[items[j].row].day == PG_INT32_MAX)
			break;
		low = Min(low, rows[items[j].row].gun);
		high = Max(high, rows[items[j].row].gun);
	}
	return low != high;
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
			int64	   *c = &counts[items[i].row * TG_FIELDS];

			c[TG_PURCHASER_TRACES] = end - start;
			c[TG_REPEAT_PURCHASER] = low != high;
			/* no day, no multiple sale; one gun only, none either */
			if (rows[items[i].row].day != PG_INT32_MAX)
				c[TG_MULTIPLE_SALE] = low != high && sold_within_4_days(rows, items, start, end, i);
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
				counts[items[k].row * TG_FIELDS + TG_DEALER_SHORT_TRACES] = in_frame;
			i = peers_end;
		}
	}
	pfree(items);
}

/* ------------------------------------------------------------------ API */

TraffickingGroups *
trafficking_groups_create(MemoryContext context)
{
	TraffickingGroups *groups = MemoryContextAllocZero(context, sizeof(TraffickingGroups));

	groups->context = context;
	groups->keys = AllocSetContextCreate(context, "trafficking group keys", ALLOCSET_DEFAULT_SIZES);
	groups->buyers = groupkeys_create(groups->keys, 1024, NULL);
	groups->dealers = groupkeys_create(groups->keys, 1024, NULL);
	groups->capacity = 65536;
	groups->rows = MemoryContextAllocHuge(context, groups->capacity * sizeof(GroupRow));
	return groups;
}

int64
trafficking_groups_add(TraffickingGroups *groups, const Datum *values, const bool *isnull)
{
	GroupRow   *row;
	bool		has_dob = !isnull[TG_KEY_DOB],
				has_month = !isnull[TG_KEY_MONTH];

	if (groups->counts != NULL)
		elog(ERROR, "trafficking_groups_add: the rows are counted already");
	if (isnull[TG_KEY_GUN])
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("trafficking group key must have a gun")));
	if (groups->n == groups->capacity)
	{
		if (groups->capacity > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many rows for the trafficking indicators")));
		groups->capacity *= 2;
		groups->rows = repalloc_huge(groups->rows, groups->capacity * sizeof(GroupRow));
	}
	row = &groups->rows[groups->n];
	row->gun = DatumGetInt64(values[TG_KEY_GUN]);
	row->buyer = isnull[TG_KEY_BUYER] || !has_dob ? -1
		: group_of(groups, groups->buyers, DatumGetTextPP(values[TG_KEY_BUYER]),
				   DatumGetDateADT(values[TG_KEY_DOB]));
	row->day = isnull[TG_KEY_DAY] ? PG_INT32_MAX : DatumGetInt32(values[TG_KEY_DAY]);
	row->has_dealer = !isnull[TG_KEY_DEALER];
	row->dealer = !row->has_dealer || !has_month ? -1
		: group_of(groups, groups->dealers, DatumGetTextPP(values[TG_KEY_DEALER]), 0);
	row->month = has_month ? DatumGetInt32(values[TG_KEY_MONTH]) : 0;
	row->is_short = !isnull[TG_KEY_SHORT] && DatumGetBool(values[TG_KEY_SHORT]);
	return groups->n++;
}

void
trafficking_groups_count(TraffickingGroups *groups)
{
	int64		n = groups->n;

	/* the keys are done with once every row has its group numbers */
	MemoryContextDelete(groups->keys);
	groups->keys = NULL;
	groups->buyers = groups->dealers = NULL;

	/* NULL until counted; a dealer without a month of recovery counts 0 */
	groups->counts = MemoryContextAllocHuge(groups->context, Max(n, 1) * TG_FIELDS * sizeof(int64));
	for (int64 i = 0; i < n; i++)
	{
		int64	   *c = &groups->counts[i * TG_FIELDS];

		c[TG_PURCHASER_TRACES] = c[TG_REPEAT_PURCHASER] = c[TG_MULTIPLE_SALE] = TG_NO_VALUE;
		c[TG_DEALER_SHORT_TRACES] = groups->rows[i].has_dealer ? 0 : TG_NO_VALUE;
	}
	count_buyers(groups->rows, n, groups->counts);
	count_dealers(groups->rows, n, groups->counts);
	pfree(groups->rows);
	groups->rows = NULL;
}

const int64 *
trafficking_groups_of_row(const TraffickingGroups *groups, int64 row)
{
	if (groups->counts == NULL || row < 0 || row >= groups->n)
		elog(ERROR, "trafficking_groups_of_row: row " INT64_FORMAT " is not counted", row);
	return &groups->counts[row * TG_FIELDS];
}

/* ------------------------------------------------------ the window form */

/* Adds row n of the partition; false past the last row. */
static bool
add_partition_row(WindowObject winobj, TraffickingGroups *groups, TupleDesc *tupdesc, int64 n)
{
	bool		isnull_row,
				isout = false;
	Datum		d = WinGetFuncArgInPartition(winobj, 0, n, WINDOW_SEEK_HEAD, false, &isnull_row, &isout);
	HeapTupleHeader th;
	HeapTupleData tuple;
	Datum		v[TG_KEY_COLUMNS];
	bool		isnull[TG_KEY_COLUMNS];

	if (isout)
		return false;
	if (isnull_row)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("trafficking group key must not be null")));
	th = DatumGetHeapTupleHeader(d);
	if (*tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(groups->context);

		*tupdesc = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(th), HeapTupleHeaderGetTypMod(th));
		MemoryContextSwitchTo(old);
		if ((*tupdesc)->natts != TG_KEY_COLUMNS)
			elog(ERROR, "trafficking group key has %d attributes, not %d", (*tupdesc)->natts, TG_KEY_COLUMNS);
	}
	tuple.t_len = HeapTupleHeaderGetDatumLength(th);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = th;
	heap_deform_tuple(&tuple, *tupdesc, v, isnull);
	trafficking_groups_add(groups, v, isnull);
	if ((Pointer) th != DatumGetPointer(d))
		pfree(th);
	return true;
}

typedef struct WindowState
{
	TraffickingGroups *groups;
	TupleDesc	result;
} WindowState;

PG_FUNCTION_INFO_V1(etrace_trafficking_group_counts);
Datum
etrace_trafficking_group_counts(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	WindowState *state = (WindowState *) WinGetPartitionLocalMemory(winobj, sizeof(WindowState));
	int64		pos = WinGetCurrentPosition(winobj);
	const int64 *c;
	Datum		values[TG_FIELDS];
	bool		nulls[TG_FIELDS];

	if (state->groups == NULL)
	{
		MemoryContext context = GetMemoryChunkContext(state);
		MemoryContext old = MemoryContextSwitchTo(context);
		TupleDesc	result,
					key_desc = NULL;
		TraffickingGroups *groups;
		int64		rows_in_partition,
					n = 0;

		if (get_call_result_type(fcinfo, NULL, &result) != TYPEFUNC_COMPOSITE || result->natts != TG_FIELDS)
			elog(ERROR, "etrace.trafficking_group_counts must return etrace.trafficking_group_flags");
		state->result = BlessTupleDesc(result);
		groups = trafficking_groups_create(context);
		MemoryContextSwitchTo(old);

		/*
		 * Spool the whole partition first: reading each row just after it
		 * is written would switch the tuplestore's file between writing and
		 * reading on every row once it spills past work_mem.
		 */
		rows_in_partition = WinGetPartitionRowCount(winobj);
		while (n < rows_in_partition && add_partition_row(winobj, groups, &key_desc, n))
			n++;
		trafficking_groups_count(groups);
		state->groups = groups;
	}
	c = trafficking_groups_of_row(state->groups, pos);
	for (int i = 0; i < TG_FIELDS; i++)
		nulls[i] = TG_IS_NULL(c[i]);
	/* purchaser_traces bigint, repeat_purchaser boolean, multiple_sale boolean, dealer_short_traces bigint */
	values[0] = Int64GetDatum(c[TG_PURCHASER_TRACES]);
	values[1] = BoolGetDatum(c[TG_REPEAT_PURCHASER] == 1);
	values[2] = BoolGetDatum(c[TG_MULTIPLE_SALE] == 1);
	values[3] = Int64GetDatum(c[TG_DEALER_SHORT_TRACES]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(state->result, values, nulls)));
}
