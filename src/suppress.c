/*
 * suppress.c — etrace.release_table(): a two-way frequency table with its
 * totals, made safe for release outside law enforcement by primary and
 * complementary cell suppression (suppress_core.c does the work and
 * documents the guarantee).
 *
 * The cells come as three parallel arrays, one element per non-empty cell;
 * rows and columns are numbered in order of first appearance, which is also
 * the order of the result, with the totals row and column last.  Labels are
 * compared byte for byte.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "suppress_core.h"

typedef struct LabelRef
{
	const char *data;
	int			len;
	int			pos;			/* element of the array */
} LabelRef;

static int
compare_labels(const void *a, const void *b)
{
	const LabelRef *x = a;
	const LabelRef *y = b;
	int			c = memcmp(x->data, y->data, Min(x->len, y->len));

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->pos < y->pos ? -1 : (x->pos > y->pos ? 1 : 0);
}

static char *
label_cstring(Datum d)
{
	return text_to_cstring(DatumGetTextPP(d));
}

/*
 * Numbers the distinct labels of `labels` by first appearance: index[e] is
 * the number of element e's label, first[n] the first element with label n.
 * Returns the number of distinct labels.
 */
static int
number_labels(Datum *labels, int n, const char *what, int *index, int *first)
{
	LabelRef   *refs = palloc(sizeof(LabelRef) * Max(n, 1));
	int		   *group = palloc(sizeof(int) * Max(n, 1));
	int		   *group_first = palloc(sizeof(int) * Max(n, 1));
	int		   *rank = palloc(sizeof(int) * Max(n, 1));
	int			ngroups = 0;
	int			nlabels = 0;

	for (int e = 0; e < n; e++)
	{
		text	   *t = DatumGetTextPP(labels[e]);

		refs[e].data = VARDATA_ANY(t);
		refs[e].len = VARSIZE_ANY_EXHDR(t);
		refs[e].pos = e;
		if (refs[e].len == strlen(SUPPRESS_TOTAL_LABEL) &&
			memcmp(refs[e].data, SUPPRESS_TOTAL_LABEL, refs[e].len) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s \"%s\" is reserved", what, SUPPRESS_TOTAL_LABEL),
					 errdetail("The result labels the row and column totals \"%s\".",
							   SUPPRESS_TOTAL_LABEL)));
	}
	qsort(refs, n, sizeof(LabelRef), compare_labels);
	for (int s = 0; s < n; s++)
	{
		if (s == 0 || refs[s].len != refs[s - 1].len ||
			memcmp(refs[s].data, refs[s - 1].data, refs[s].len) != 0)
			group_first[ngroups++] = refs[s].pos;	/* the smallest position */
		group[refs[s].pos] = ngroups - 1;
	}
	/* in array order, a label is numbered at its first element */
	for (int e = 0; e < n; e++)
		if (group_first[group[e]] == e)
		{
			rank[group[e]] = nlabels;
			first[nlabels++] = e;
		}
	for (int e = 0; e < n; e++)
		index[e] = rank[group[e]];
	pfree(refs);
	pfree(group);
	pfree(group_first);
	pfree(rank);
	return nlabels;
}

static void
deconstruct_argument(ArrayType *a, Oid type, const char *what, Datum **elems, int *n)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	bool	   *nulls;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	get_typlenbyvalalign(type, &typlen, &typbyval, &typalign);
	deconstruct_array(a, type, typlen, typbyval, typalign, elems, &nulls, n);
	for (int e = 0; e < *n; e++)
		if (nulls[e])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s[%d] is null", what, e + 1),
					 errdetail("Every element gives a cell's row label, column label and count.")));
}

static void
check_interrupts(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

static const char *
status_message(SuppressStatus st)
{
	switch (st)
	{
		case SUPPRESS_OK:
			return "ok";
		case SUPPRESS_BAD_SHAPE:
			return "bad shape";
		case SUPPRESS_NEGATIVE:
			return "negative count";
		case SUPPRESS_OVERFLOW:
			return "total out of range";
		case SUPPRESS_BAD_K:
			return "bad threshold";
		case SUPPRESS_BAD_CELL:
			return "bad cell";
		case SUPPRESS_INCONSISTENT:
			return "inconsistent table";
		case SUPPRESS_NO_WORKSPACE:
			return "workspace too small";
		case SUPPRESS_UNSAFE:
			return "audit failed";
	}
	return "unknown status";
}

PG_FUNCTION_INFO_V1(etrace_release_table);
Datum
etrace_release_table(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		k = PG_GETARG_INT32(3);
	Datum	   *row_labels,
			   *col_labels,
			   *counts;
	int			nrow_elems,
				ncol_elems,
				ncount_elems,
				n;
	int		   *row_of,
			   *col_of,
			   *given_by,
			   *row_first,
			   *col_first;
	int			rows,
				cols;
	size_t		ncells,
				ws_size;
	SuppressTable t;
	SuppressStatus st;
	void	   *workspace;
	Datum		total_label;

	deconstruct_argument(PG_GETARG_ARRAYTYPE_P(0), TEXTOID, "row_label", &row_labels, &nrow_elems);
	deconstruct_argument(PG_GETARG_ARRAYTYPE_P(1), TEXTOID, "col_label", &col_labels, &ncol_elems);
	deconstruct_argument(PG_GETARG_ARRAYTYPE_P(2), INT8OID, "n", &counts, &ncount_elems);
	if (nrow_elems != ncol_elems || nrow_elems != ncount_elems)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("row_label, col_label and n must have the same length"),
				 errdetail("row_label has %d elements, col_label %d and n %d.",
						   nrow_elems, ncol_elems, ncount_elems)));
	if (k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("threshold k must be at least 1"),
				 errdetail("Cells holding 1 to k - 1 traces are suppressed; k = %d is meaningless.", k)));
	n = nrow_elems;

	row_of = palloc(sizeof(int) * Max(n, 1));
	col_of = palloc(sizeof(int) * Max(n, 1));
	row_first = palloc(sizeof(int) * Max(n, 1));
	col_first = palloc(sizeof(int) * Max(n, 1));
	rows = number_labels(row_labels, n, "row label", row_of, row_first);
	cols = number_labels(col_labels, n, "column label", col_of, col_first);
	ncells = suppress_cells(rows, cols);
	if (ncells == 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("release table too large"),
				 errdetail("The table has %d rows and %d columns; with its totals that is more than %d cells.",
						   rows, cols, SUPPRESS_MAX_CELLS)));

	t.rows = rows;
	t.cols = cols;
	t.value = palloc0(sizeof(int64_t) * ncells);
	t.state = palloc0(ncells);
	given_by = palloc(sizeof(int) * ncells);
	for (size_t c = 0; c < ncells; c++)
		given_by[c] = -1;
	for (int e = 0; e < n; e++)
	{
		int			cell = suppress_index(&t, row_of[e], col_of[e]);
		int64		v = DatumGetInt64(counts[e]);

		if (v < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("negative count for cell (\"%s\", \"%s\")",
							label_cstring(row_labels[e]), label_cstring(col_labels[e])),
					 errdetail("n[%d] is " INT64_FORMAT "; a count of traces is at least 0.", e + 1, v)));
		if (given_by[cell] >= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("duplicate cell (\"%s\", \"%s\")",
							label_cstring(row_labels[e]), label_cstring(col_labels[e])),
					 errdetail("Elements %d and %d have the same row and column labels; give each cell once.",
							   given_by[cell] + 1, e + 1)));
		given_by[cell] = e;
		t.value[cell] = v;
	}

	st = suppress_add_totals(&t);
	if (st == SUPPRESS_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("release table total out of range"),
				 errdetail("The counts may add up to at most " INT64_FORMAT ".",
						   (int64) SUPPRESS_MAX_TOTAL)));
	if (st != SUPPRESS_OK)
		elog(ERROR, "release table: %s", status_message(st));

	ws_size = suppress_workspace_size(rows, cols);
	workspace = palloc(ws_size);
	st = suppress_protect(&t, k, workspace, ws_size, check_interrupts, NULL);
	if (st != SUPPRESS_OK)
		elog(ERROR, "release table: %s", status_message(st));

	InitMaterializedSRF(fcinfo, 0);
	total_label = CStringGetTextDatum(SUPPRESS_TOTAL_LABEL);
	for (int i = 0; i <= rows; i++)
		for (int j = 0; j <= cols; j++)
		{
			int			cell = suppress_index(&t, i, j);
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};

			values[0] = i < rows ? row_labels[row_first[i]] : total_label;
			values[1] = j < cols ? col_labels[col_first[j]] : total_label;
			values[2] = Int64GetDatum(t.value[cell]);
			values[3] = BoolGetDatum(t.state[cell] != SUPPRESS_PUBLISHED);
			nulls[2] = t.state[cell] != SUPPRESS_PUBLISHED;
			switch (t.state[cell])
			{
				case SUPPRESS_PRIMARY:
					values[4] = CStringGetTextDatum("primary");
					break;
				case SUPPRESS_COMPLEMENTARY:
					values[4] = CStringGetTextDatum("complementary");
					break;
				default:
					values[4] = (Datum) 0;
					nulls[4] = true;
					break;
			}
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	return (Datum) 0;
}
