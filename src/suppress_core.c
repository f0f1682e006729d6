/*
 * suppress_core.c — primary and complementary cell suppression for a
 * two-way frequency table, with an exact audit (see suppress_core.h for
 * the attacker, the guarantee and the algorithm).
 */
#include "suppress_core.h"

#include <string.h>

/*
 * Capacity of an arc with no upper bound.  Every finite cut is at most the
 * sum of the table's cells (< 2^53), so a flow reaching FLOW_INF means that
 * nothing bounds the cell; and residual capacities stay below
 * FLOW_INF + 2^53 < 2^63.
 */
#define FLOW_INF ((int64_t) 1 << 62)

/* ------------------------------------------------------------- the table */

size_t
suppress_cells(int rows, int cols)
{
	if (rows < 0 || cols < 0 || rows >= SUPPRESS_MAX_CELLS || cols >= SUPPRESS_MAX_CELLS)
		return 0;
	if ((size_t) (rows + 1) * (size_t) (cols + 1) > SUPPRESS_MAX_CELLS)
		return 0;
	return (size_t) (rows + 1) * (size_t) (cols + 1);
}

static bool
is_total_row(const SuppressTable *t, int cell)
{
	return cell / (t->cols + 1) == t->rows;
}

static bool
is_total_col(const SuppressTable *t, int cell)
{
	return cell % (t->cols + 1) == t->cols;
}

static bool
is_suppressed(const SuppressTable *t, int cell)
{
	return t->state[cell] != SUPPRESS_PUBLISHED;
}

/*
 * Direction of a cell's arc in the circulation: +1 for row -> column (inner
 * cells and the grand total), -1 for column -> row (marginal totals).
 */
static int
cell_direction(const SuppressTable *t, int cell)
{
	return is_total_row(t, cell) == is_total_col(t, cell) ? 1 : -1;
}

SuppressStatus
suppress_add_totals(SuppressTable *t)
{
	size_t		ncells;
	int			w;
	int64_t		grand = 0;

	if (t == NULL || (ncells = suppress_cells(t->rows, t->cols)) == 0 ||
		t->value == NULL || t->state == NULL)
		return SUPPRESS_BAD_SHAPE;
	w = t->cols + 1;
	for (int i = 0; i < t->rows; i++)
		for (int j = 0; j < t->cols; j++)
		{
			int64_t		v = t->value[i * w + j];

			if (v < 0)
				return SUPPRESS_NEGATIVE;
			if (v > SUPPRESS_MAX_TOTAL)
				return SUPPRESS_OVERFLOW;
			grand += v;			/* both terms <= 2^50: no overflow */
			if (grand > SUPPRESS_MAX_TOTAL)
				return SUPPRESS_OVERFLOW;
		}
	/* every partial sum below is at most the grand total */
	for (int i = 0; i <= t->rows; i++)
		t->value[i * w + t->cols] = 0;
	for (int j = 0; j < t->cols; j++)
		t->value[t->rows * w + j] = 0;
	for (int i = 0; i < t->rows; i++)
		for (int j = 0; j < t->cols; j++)
		{
			int64_t		v = t->value[i * w + j];

			t->value[i * w + t->cols] += v;
			t->value[t->rows * w + j] += v;
		}
	t->value[t->rows * w + t->cols] = grand;
	memset(t->state, SUPPRESS_PUBLISHED, ncells);
	return SUPPRESS_OK;
}

/*
 * The table is well formed: counts in range, every row and column of the
 * extended table adds up, known states, and with `nonzero` no suppressed 0.
 */
static SuppressStatus
check_table(const SuppressTable *t, bool nonzero)
{
	size_t		ncells;
	int			w;

	if (t == NULL || (ncells = suppress_cells(t->rows, t->cols)) == 0 ||
		t->value == NULL || t->state == NULL)
		return SUPPRESS_BAD_SHAPE;
	w = t->cols + 1;
	for (size_t c = 0; c < ncells; c++)
	{
		if (t->value[c] < 0)
			return SUPPRESS_NEGATIVE;
		if (t->value[c] > SUPPRESS_MAX_TOTAL)
			return SUPPRESS_OVERFLOW;
		if (t->state[c] > SUPPRESS_COMPLEMENTARY)
			return SUPPRESS_INCONSISTENT;
		if (nonzero && t->state[c] != SUPPRESS_PUBLISHED && t->value[c] == 0)
			return SUPPRESS_INCONSISTENT;
	}
	/* sums of at most 10^4 values <= 2^50 cannot overflow */
	for (int i = 0; i <= t->rows; i++)
	{
		int64_t		sum = 0;

		for (int j = 0; j < t->cols; j++)
			sum += t->value[i * w + j];
		if (sum != t->value[i * w + t->cols])
			return SUPPRESS_INCONSISTENT;
	}
	for (int j = 0; j <= t->cols; j++)
	{
		int64_t		sum = 0;

		for (int i = 0; i < t->rows; i++)
			sum += t->value[i * w + j];
		if (sum != t->value[t->rows * w + j])
			return SUPPRESS_INCONSISTENT;
	}
	return SUPPRESS_OK;
}

/* ------------------------------------------------------------ max-flow */

/*
 * A flow network over the workspace: a node per row and per column of the
 * extended table, and per suppressed cell a pair of residual arcs (2m, 2m+1)
 * that are each other's reverse.
 */
typedef struct Flow
{
	int			nnodes;
	int			narcs;
	int64_t    *cap;
	int32_t    *to;
	int32_t    *next;
	int32_t    *first;
	int32_t    *level;
	int32_t    *iter;
	int32_t    *queue;
	int32_t    *path;			/* arcs from the source on the current path */
} Flow;

size_t
suppress_workspace_size(int rows, int cols)
{
	size_t		ncells = suppress_cells(rows, cols);
	size_t		arcs = 2 * ncells;
	size_t		nodes = (size_t) rows + (size_t) cols + 2;

	if (ncells == 0)
		return 0;
	return arcs * (sizeof(int64_t) + 2 * sizeof(int32_t)) + nodes * 5 * sizeof(int32_t);
}

static bool
flow_init(Flow *f, const SuppressTable *t, void *workspace, size_t size)
{
	size_t		need = suppress_workspace_size(t->rows, t->cols);
	size_t		arcs = 2 * suppress_cells(t->rows, t->cols);
	size_t		nodes = (size_t) t->rows + (size_t) t->cols + 2;
	char	   *p = workspace;

	/* the caller's memory is assumed aligned for int64 (malloc, palloc) */
	if (workspace == NULL || need == 0 || size < need)
		return false;
	f->nnodes = (int) nodes;
	f->narcs = 0;
	f->cap = (int64_t *) p;
	p += arcs * sizeof(int64_t);
	f->to = (int32_t *) p;
	p += arcs * sizeof(int32_t);
	f->next = (int32_t *) p;
	p += arcs * sizeof(int32_t);
	f->first = (int32_t *) p;
	p += nodes * sizeof(int32_t);
	f->level = (int32_t *) p;
	p += nodes * sizeof(int32_t);
	f->iter = (int32_t *) p;
	p += nodes * sizeof(int32_t);
	f->queue = (int32_t *) p;
	p += nodes * sizeof(int32_t);
	f->path = (int32_t *) p;
	return true;
}

static void
cell_ends(const SuppressTable *t, int cell, int *tail, int *head)
{
	int			row_node = cell / (t->cols + 1);
	int			col_node = t->rows + 1 + cell % (t->cols + 1);

	if (cell_direction(t, cell) > 0)
	{
		*tail = row_node;
		*head = col_node;
	}
	else
	{
		*tail = col_node;
		*head = row_node;
	}
}

static void
flow_add_arc(Flow *f, int from, int to, int64_t cap)
{
	int			a = f->narcs++;

	f->to[a] = to;
	f->cap[a] = cap;
	f->next[a] = f->first[from];
	f->first[from] = a;
}

/*
 * The residual network of the true table: a suppressed cell holding v may
 * grow without bound and shrink to the floor.  Cell `skip` is left out.
 */
static void
flow_build(Flow *f, const SuppressTable *t, int64_t floor, int skip)
{
	int			ncells = (int) suppress_cells(t->rows, t->cols);

	for (int n = 0; n < f->nnodes; n++)
		f->first[n] = -1;
	f->narcs = 0;
	for (int c = 0; c < ncells; c++)
	{
		int			tail,
					head;

		if (c == skip || !is_suppressed(t, c))
			continue;
		cell_ends(t, c, &tail, &head);
		flow_add_arc(f, tail, head, FLOW_INF);
		flow_add_arc(f, head, tail, t->value[c] - floor);
	}
}

static bool
flow_levels(Flow *f, int source, int sink)
{
	int			qhead = 0,
				qtail = 0;

	for (int n = 0; n < f->nnodes; n++)
		f->level[n] = -1;
	f->level[source] = 0;
	f->queue[qtail++] = source;
	while (qhead < qtail)
	{
		int			u = f->queue[qhead++];

		for (int a = f->first[u]; a >= 0; a = f->next[a])
			if (f->cap[a] > 0 && f->level[f->to[a]] < 0)
			{
				f->level[f->to[a]] = f->level[u] + 1;
				f->queue[qtail++] = f->to[a];
			}
	}
	return f->level[sink] >= 0;
}

/* One augmenting path in the level graph (iterative, current-arc DFS). */
static int64_t
flow_augment(Flow *f, int source, int sink, int64_t limit)
{
	int			depth = 0;
	int			u = source;

	for (;;)
	{
		if (u == sink)
		{
			int64_t		push = limit;

			for (int d = 0; d < depth; d++)
				if (f->cap[f->path[d]] < push)
					push = f->cap[f->path[d]];
			for (int d = 0; d < depth; d++)
			{
				f->cap[f->path[d]] -= push;
				f->cap[f->path[d] ^ 1] += push;
			}
			return push;
		}
		while (f->iter[u] >= 0)
		{
			int			a = f->iter[u];

			if (f->cap[a] > 0 && f->level[f->to[a]] == f->level[u] + 1)
				break;
			f->iter[u] = f->next[a];
		}
		if (f->iter[u] >= 0)
		{
			f->path[depth++] = f->iter[u];
			u = f->to[f->iter[u]];
		}
		else
		{
			/* dead end: never enter u again in this phase */
			f->level[u] = -1;
			if (depth == 0)
				return 0;
			u = f->to[f->path[--depth] ^ 1];
			f->iter[u] = f->next[f->iter[u]];
		}
	}
}

/* Dinic's maximum flow from source to sink, stopping at limit. */
static int64_t
flow_max(Flow *f, int source, int sink, int64_t limit)
{
	int64_t		total = 0;

	if (limit > FLOW_INF)
		limit = FLOW_INF;
	while (total < limit && flow_levels(f, source, sink))
	{
		int64_t		pushed;

		memcpy(f->iter, f->first, (size_t) f->nnodes * sizeof(int32_t));
		while (total < limit && (pushed = flow_augment(f, source, sink, limit - total)) > 0)
			total += pushed;
	}
	return total;
}

/*
 * How far suppressed cell `cell` can rise above its true value (up to
 * limit; FLOW_INF or more means without bound): the flow that can come back
 * from its head to its tail through the other suppressed cells.
 */
static int64_t
rise(Flow *f, const SuppressTable *t, int cell, int64_t floor, int64_t limit)
{
	int			tail,
				head;

	cell_ends(t, cell, &tail, &head);
	flow_build(f, t, floor, cell);
	return flow_max(f, head, tail, limit);
}

/* How far it can fall below its true value (never below the floor). */
static int64_t
fall(Flow *f, const SuppressTable *t, int cell, int64_t floor)
{
	int			tail,
				head;

	cell_ends(t, cell, &tail, &head);
	flow_build(f, t, floor, cell);
	return flow_max(f, tail, head, t->value[cell] - floor);
}

SuppressStatus
suppress_range(const SuppressTable *t, int cell, bool nonzero,
			   void *workspace, size_t workspace_size,
			   int64_t *lo, int64_t *hi)
{
	SuppressStatus st = check_table(t, nonzero);
	int64_t		floor = nonzero ? 1 : 0;
	int64_t		up;
	Flow		f;

	if (st != SUPPRESS_OK)
		return st;
	if (cell < 0 || (size_t) cell >= suppress_cells(t->rows, t->cols) || !is_suppressed(t, cell))
		return SUPPRESS_BAD_CELL;
	if (!flow_init(&f, t, workspace, workspace_size))
		return SUPPRESS_NO_WORKSPACE;
	*lo = t->value[cell] - fall(&f, t, cell, floor);
	up = rise(&f, t, cell, floor, FLOW_INF);
	*hi = up >= FLOW_INF ? SUPPRESS_UNBOUNDED : t->value[cell] + up;
	return SUPPRESS_OK;
}

/* ------------------------------------------------------------ the audit */

static bool
is_primary_value(int64_t v, int64_t k)
{
	return v >= 1 && v < k;
}

/* A primary cell can reach k (in the nonzero model). */
static bool
primary_protected(Flow *f, const SuppressTable *t, int cell, int64_t k)
{
	int64_t		need = k - t->value[cell];

	return rise(f, t, cell, 1, need) >= (need < FLOW_INF ? need : FLOW_INF);
}

static SuppressStatus
audit(const SuppressTable *t, int64_t k, Flow *f, int *bad_cell,
	  void (*progress) (void *arg), void *arg)
{
	int			w = t->cols + 1;
	int			ncells = (int) suppress_cells(t->rows, t->cols);

	*bad_cell = -1;
	for (int c = 0; c < ncells; c++)
		if ((t->state[c] == SUPPRESS_PRIMARY) != is_primary_value(t->value[c], k) ||
			(is_suppressed(t, c) && t->value[c] < 1))
		{
			*bad_cell = c;
			return SUPPRESS_UNSAFE;
		}

	/* (1): no row or column with a single suppressed cell */
	for (int i = 0; i <= t->rows; i++)
	{
		int			n = 0,
					last = -1;

		for (int j = 0; j <= t->cols; j++)
			if (is_suppressed(t, i * w + j))
			{
				n++;
				last = i * w + j;
			}
		if (n == 1)
		{
			*bad_cell = last;
			return SUPPRESS_UNSAFE;
		}
	}
	for (int j = 0; j <= t->cols; j++)
	{
		int			n = 0,
					last = -1;

		for (int i = 0; i <= t->rows; i++)
			if (is_suppressed(t, i * w + j))
			{
				n++;
				last = i * w + j;
			}
		if (n == 1)
		{
			*bad_cell = last;
			return SUPPRESS_UNSAFE;
		}
	}

	/* (2): every primary cell can reach k; (3): no suppressed cell is pinned */
	for (int c = 0; c < ncells; c++)
	{
		bool		safe;

		if (!is_suppressed(t, c))
			continue;
		if (progress)
			progress(arg);
		if (t->state[c] == SUPPRESS_PRIMARY)
			safe = primary_protected(f, t, c, k);
		else
			safe = rise(f, t, c, 1, 1) > 0 || fall(f, t, c, 1) > 0;
		if (!safe)
		{
			*bad_cell = c;
			return SUPPRESS_UNSAFE;
		}
	}
	return SUPPRESS_OK;
}

SuppressStatus
suppress_audit(const SuppressTable *t, int64_t k,
			   void *workspace, size_t workspace_size, int *bad_cell)
{
	SuppressStatus st;
	Flow		f;
	int			ignored;

	if (bad_cell == NULL)
		bad_cell = &ignored;
	*bad_cell = -1;
	if ((st = check_table(t, false)) != SUPPRESS_OK)
		return st;
	if (k < 1)
		return SUPPRESS_BAD_K;
	if (!flow_init(&f, t, workspace, workspace_size))
		return SUPPRESS_NO_WORKSPACE;
	return audit(t, k, &f, bad_cell, NULL, NULL);
}

/* ------------------------------------------------ complementary cells */

/* What suppressing a rectangle's new cells costs, compared in this order. */
typedef struct RectCost
{
	int			grand;			/* the grand total */
	int			marginal;		/* row and column totals */
	int64_t		count;			/* counts hidden */
	int			cells;
} RectCost;

static bool
cheaper(const RectCost *a, const RectCost *b)
{
	if (a->grand != b->grand)
		return a->grand < b->grand;
	if (a->marginal != b->marginal)
		return a->marginal < b->marginal;
	if (a->count != b->count)
		return a->count < b->count;
	return a->cells < b->cells;
}

/*
 * A rectangle is primary cell p, the cell in p's row and d's column, the
 * diagonal corner d, and the cell in d's row and p's column.  Shifting
 * delta around that cycle raises p by delta and moves each other corner by
 * sign * delta, the sign following the arcs' directions (cell_direction).
 * A corner that falls must be able to fall by k - x and stay >= 1; one
 * that rises needs only to be >= 1 (a suppressed cell is never 0).
 */
static bool
corner_usable(const SuppressTable *t, int q, int sign, int64_t need, RectCost *cost)
{
	int64_t		v = t->value[q];

	if (v < 1 || (sign < 0 && v - 1 < need))
		return false;
	if (!is_suppressed(t, q))
	{
		bool		tr = is_total_row(t, q),
					tc = is_total_col(t, q);

		if (tr && tc)
			cost->grand++;
		else if (tr || tc)
			cost->marginal++;
		cost->count += v;
		cost->cells++;
	}
	return true;
}

/*
 * Suppresses the cheapest rectangle that lets primary cell p reach k.  One
 * always exists: for an inner cell its row total, column total and grand
 * total (all rise with it); for a total, an inner cell > 0 of its line with
 * the other two totals of that cycle.
 */
static void
protect_with_rectangle(SuppressTable *t, int p, int64_t k)
{
	int			w = t->cols + 1;
	int			pi = p / w,
				pj = p % w;
	int			dp = cell_direction(t, p);
	int64_t		need = k - t->value[p];
	int			best = -1;
	RectCost	best_cost = {0, 0, 0, 0};

	for (int i = 0; i <= t->rows; i++)
	{
		if (i == pi)
			continue;
		for (int j = 0; j <= t->cols; j++)
		{
			int			q1 = pi * w + j,
						q2 = i * w + pj,
						d = i * w + j;
			RectCost	cost = {0, 0, 0, 0};

			if (j == pj)
				continue;
			if (!corner_usable(t, q1, -cell_direction(t, q1) * dp, need, &cost) ||
				!corner_usable(t, q2, -cell_direction(t, q2) * dp, need, &cost) ||
				!corner_usable(t, d, cell_direction(t, d) * dp, need, &cost))
				continue;
			if (best < 0 || cheaper(&cost, &best_cost))
			{
				best = d;
				best_cost = cost;
			}
		}
	}
	if (best < 0)
		return;					/* cannot happen (see above); the audit would say so */
	{
		int			corners[3] = {pi * w + best % w, (best / w) * w + pj, best};

		for (int n = 0; n < 3; n++)
			if (!is_suppressed(t, corners[n]))
				t->state[corners[n]] = SUPPRESS_COMPLEMENTARY;
	}
}

SuppressStatus
suppress_protect(SuppressTable *t, int64_t k,
				 void *workspace, size_t workspace_size,
				 void (*progress) (void *arg), void *arg)
{
	SuppressStatus st;
	Flow		f;
	int			ncells;
	int			bad_cell;

	if ((st = check_table(t, false)) != SUPPRESS_OK)
		return st;
	if (k < 1)
		return SUPPRESS_BAD_K;
	if (!flow_init(&f, t, workspace, workspace_size))
		return SUPPRESS_NO_WORKSPACE;
	ncells = (int) suppress_cells(t->rows, t->cols);

	for (int c = 0; c < ncells; c++)
		t->state[c] = is_primary_value(t->value[c], k) ? SUPPRESS_PRIMARY : SUPPRESS_PUBLISHED;

	/* inner cells first: their rectangles often protect the totals too */
	for (int pass = 0; pass < 2; pass++)
		for (int c = 0; c < ncells; c++)
		{
			bool		total = is_total_row(t, c) || is_total_col(t, c);

			if (t->state[c] != SUPPRESS_PRIMARY || total != (pass == 1))
				continue;
			if (progress)
				progress(arg);
			if (!primary_protected(&f, t, c, k))
				protect_with_rectangle(t, c, k);
		}

	return audit(t, k, &f, &bad_cell, progress, arg);
}
