/*
 * test_suppress_core.c — cell suppression: hand-checked patterns, exact
 * feasible ranges against a brute-force enumeration of every integer table
 * consistent with the published cells, and the guarantee on random tables.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "suppress_core.h"
#include "tap.h"

#define MAXR 8
#define MAXC 8
#define BIG_ROWS 99
#define BIG_COLS 99

/* a table with its own storage */
typedef struct Tab
{
	SuppressTable t;
	int64_t		value[(BIG_ROWS + 1) * (BIG_COLS + 1)];
	uint8_t		state[(BIG_ROWS + 1) * (BIG_COLS + 1)];
} Tab;

static Tab	tab;
static Tab	tab2;
static unsigned char workspace[1 << 20] __attribute__((aligned(16)));

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state % n);
}

static SuppressTable *
make(Tab *b, int rows, int cols, const int64_t *inner)
{
	b->t.rows = rows;
	b->t.cols = cols;
	b->t.value = b->value;
	b->t.state = b->state;
	for (int i = 0; i < rows; i++)
		for (int j = 0; j < cols; j++)
			b->value[i * (cols + 1) + j] = inner[i * cols + j];
	if (suppress_add_totals(&b->t) != SUPPRESS_OK)
		return NULL;
	return &b->t;
}

static SuppressStatus
protect(SuppressTable *t, int64_t k)
{
	return suppress_protect(t, k, workspace, sizeof(workspace), NULL, NULL);
}

/* the pattern as a string: '.' published, 'P' primary, 'C' complementary, '|' between rows */
static const char *
pattern(const SuppressTable *t)
{
	static char buf[(MAXR + 1) * (MAXC + 2) + 1];
	char	   *p = buf;

	for (int i = 0; i <= t->rows; i++)
	{
		if (i > 0)
			*p++ = '|';
		for (int j = 0; j <= t->cols; j++)
			*p++ = ".PC"[t->state[suppress_index(t, i, j)]];
	}
	*p = '\0';
	return buf;
}

/* (1): every row and column has 0 or >= 2 suppressed cells */
static bool
lines_ok(const SuppressTable *t)
{
	for (int i = 0; i <= t->rows; i++)
	{
		int			n = 0;

		for (int j = 0; j <= t->cols; j++)
			n += t->state[suppress_index(t, i, j)] != SUPPRESS_PUBLISHED;
		if (n == 1)
			return false;
	}
	for (int j = 0; j <= t->cols; j++)
	{
		int			n = 0;

		for (int i = 0; i <= t->rows; i++)
			n += t->state[suppress_index(t, i, j)] != SUPPRESS_PUBLISHED;
		if (n == 1)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------ brute force */

/*
 * Every integer table that agrees with the published cells of t, adds up,
 * has counts >= floor in suppressed cells (>= 0 elsewhere), and a grand
 * total of at most cap: the least and greatest value of each cell.
 */
typedef struct Brute
{
	const SuppressTable *t;
	int64_t		floor;
	int64_t		cap;
	int64_t		cur[(MAXR + 1) * (MAXC + 1)];
	int64_t		lo[(MAXR + 1) * (MAXC + 1)];
	int64_t		hi[(MAXR + 1) * (MAXC + 1)];
	long		tables;
	long		steps;
} Brute;

static bool
total_fits(const Brute *b, int cell, int64_t sum, bool complete)
{
	const SuppressTable *t = b->t;

	if (t->state[cell] == SUPPRESS_PUBLISHED)
		return complete ? sum == t->value[cell] : sum <= t->value[cell];
	return complete ? sum >= b->floor : true;
}

static void
brute_step(Brute *b, int i, int j, int64_t *rowsum, int64_t *colsum, int64_t total)
{
	const SuppressTable *t = b->t;
	int			w = t->cols + 1;
	int			cell;
	int64_t		from,
				to;

	b->steps++;
	if (j == t->cols)
	{
		if (!total_fits(b, i * w + t->cols, rowsum[i], true))
			return;
		b->cur[i * w + t->cols] = rowsum[i];
		i++, j = 0;
	}
	if (i == t->rows)
	{
		for (int c = 0; c < t->cols; c++)
		{
			if (!total_fits(b, t->rows * w + c, colsum[c], true))
				return;
			b->cur[t->rows * w + c] = colsum[c];
		}
		if (!total_fits(b, t->rows * w + t->cols, total, true))
			return;
		b->cur[t->rows * w + t->cols] = total;
		b->tables++;
		for (int c = 0; c < (t->rows + 1) * w; c++)
		{
			if (b->cur[c] < b->lo[c])
				b->lo[c] = b->cur[c];
			if (b->cur[c] > b->hi[c])
				b->hi[c] = b->cur[c];
		}
		return;
	}
	cell = i * w + j;
	if (t->state[cell] == SUPPRESS_PUBLISHED)
		from = to = t->value[cell];
	else
		from = b->floor, to = b->cap - total;
	for (int64_t v = from; v <= to; v++)
	{
		if (total + v > b->cap ||
			!total_fits(b, i * w + t->cols, rowsum[i] + v, false) ||
			!total_fits(b, t->rows * w + j, colsum[j] + v, false) ||
			!total_fits(b, t->rows * w + t->cols, total + v, false))
			break;
		b->cur[cell] = v;
		rowsum[i] += v;
		colsum[j] += v;
		brute_step(b, i, j + 1, rowsum, colsum, total + v);
		rowsum[i] -= v;
		colsum[j] -= v;
	}
}

static void
brute(Brute *b, const SuppressTable *t, bool nonzero, int64_t cap)
{
	int64_t		rowsum[MAXR] = {0};
	int64_t		colsum[MAXC] = {0};

	b->t = t;
	b->floor = nonzero ? 1 : 0;
	b->cap = cap;
	b->tables = 0;
	b->steps = 0;
	for (int c = 0; c < (t->rows + 1) * (t->cols + 1); c++)
	{
		b->lo[c] = INT64_MAX;
		b->hi[c] = INT64_MIN;
	}
	brute_step(b, 0, 0, rowsum, colsum, 0);
}

static Brute brute_a,
			brute_b;

/*
 * suppress_range() against the enumeration for every suppressed cell.  With
 * the grand total published the enumeration is exact; otherwise it is run
 * with two caps, and a cell is unbounded exactly when its greatest value
 * grows with the cap.
 */
static bool
ranges_match_brute(const SuppressTable *t, bool nonzero, char *why, size_t whylen)
{
	int			ncells = (t->rows + 1) * (t->cols + 1);
	int64_t		grand = t->value[ncells - 1];
	bool		grand_published = t->state[ncells - 1] == SUPPRESS_PUBLISHED;
	int64_t		cap = grand_published ? grand : 2 * grand + 4;

	brute(&brute_a, t, nonzero, cap);
	if (!grand_published)
		brute(&brute_b, t, nonzero, cap + 3);
	if (brute_a.tables == 0)
	{
		snprintf(why, whylen, "no table found (the true one is consistent)");
		return false;
	}
	for (int c = 0; c < ncells; c++)
	{
		int64_t		lo,
					hi;
		SuppressStatus st;

		if (t->state[c] == SUPPRESS_PUBLISHED)
			continue;
		st = suppress_range(t, c, nonzero, workspace, sizeof(workspace), &lo, &hi);
		if (st != SUPPRESS_OK)
		{
			snprintf(why, whylen, "cell %d: status %d", c, (int) st);
			return false;
		}
		if (lo != brute_a.lo[c] ||
			(!grand_published && brute_b.lo[c] != lo))
		{
			snprintf(why, whylen, "cell %d: lo %lld, brute force %lld", c,
					 (long long) lo, (long long) brute_a.lo[c]);
			return false;
		}
		if (grand_published)
		{
			if (hi != brute_a.hi[c])
			{
				snprintf(why, whylen, "cell %d: hi %lld, brute force %lld", c,
						 (long long) hi, (long long) brute_a.hi[c]);
				return false;
			}
		}
		else if (hi == SUPPRESS_UNBOUNDED ? brute_b.hi[c] <= brute_a.hi[c]
				 : (brute_a.hi[c] != hi || brute_b.hi[c] != hi))
		{
			snprintf(why, whylen, "cell %d: hi %lld, brute force %lld then %lld", c,
					 (long long) hi, (long long) brute_a.hi[c], (long long) brute_b.hi[c]);
			return false;
		}
	}
	return true;
}

/* ------------------------------------------------------ hand-checked */

static void
test_hand_checked(void)
{
	SuppressTable *t;
	int64_t		lo,
				hi;

	{
		/* one small cell: a 2x2 block of the cheapest cells around it */
		int64_t		v[] = {20, 30, 25, 15, 2, 40, 35, 25, 30};

		t = make(&tab, 3, 3, v);
		is_int(protect(t, 5), SUPPRESS_OK, "one small cell: protected");
		is_str(pattern(t), "CC..|CP..|....|....", "one small cell: its row and column get a complementary cell each, closed by a fourth");
		is_int(suppress_range(t, suppress_index(t, 1, 1), true, workspace, sizeof(workspace), &lo, &hi),
			   SUPPRESS_OK, "range of the small cell");
		is_int(lo, 1, "it can be as small as 1");
		is_int(hi, 16, "and as large as 2 + min(15, 30) - 1");
		is_int(suppress_range(t, suppress_index(t, 1, 1), false, workspace, sizeof(workspace), &lo, &hi),
			   SUPPRESS_OK, "range without the nonzero rule");
		is_int(lo, 0, "then as small as 0 (20 can grow to 22)");
		is_int(hi, 17, "and as large as 2 + min(15, 30)");
	}
	{
		int64_t		v[] = {20, 30, 25, 15, 12, 40, 35, 25, 30};

		t = make(&tab, 3, 3, v);
		is_int(protect(t, 5), SUPPRESS_OK, "no small cell");
		is_str(pattern(t), "....|....|....|....", "no small cell: nothing suppressed");
	}
	{
		int64_t		v[] = {0, 30, 25, 15, 0, 40, 35, 25, 0};

		t = make(&tab, 3, 3, v);
		is_int(protect(t, 5), SUPPRESS_OK, "zeros");
		is_str(pattern(t), "....|....|....|....", "zeros are not suppressed");
	}
	{
		int64_t		v[] = {1, 30, 2, 15, 1, 4, 3, 25, 1};

		t = make(&tab, 3, 3, v);
		is_int(protect(t, 1), SUPPRESS_OK, "k = 1");
		is_str(pattern(t), "....|....|....|....", "k = 1 suppresses nothing");
	}
	{
		int64_t		v[] = {3};

		t = make(&tab, 1, 1, v);
		is_int(protect(t, 5), SUPPRESS_OK, "1x1 table of 3");
		is_str(pattern(t), "PP|PP", "1x1 table of 3: the cell and all its totals are primary");
		is_int(suppress_range(t, 0, true, workspace, sizeof(workspace), &lo, &hi), SUPPRESS_OK, "its range");
		is_int(lo, 1, "from 1");
		is_int(hi, SUPPRESS_UNBOUNDED, "without an upper bound");
		v[0] = 7;
		t = make(&tab, 1, 1, v);
		is_int(protect(t, 5), SUPPRESS_OK, "1x1 table of 7");
		is_str(pattern(t), "..|..", "1x1 table of 7: published");
	}
	{
		/* every cell small: all inner cells and totals below k are primary */
		int64_t		v[] = {1, 2, 1, 3};

		t = make(&tab, 2, 2, v);
		is_int(protect(t, 5), SUPPRESS_OK, "all cells small");
		is_str(pattern(t), "PPP|PPP|PCC", "all cells small: everything but the totals >= 5 is primary; those are complementary");
	}
	{
		/* a small total: row b adds up to 3, so it and its cells are primary */
		int64_t		v[] = {20, 30, 25, 1, 0, 2, 35, 25, 30};

		t = make(&tab, 3, 3, v);
		is_int(protect(t, 5), SUPPRESS_OK, "small row total");
		is_str(pattern(t), "C.CC|P.PP|....|....", "small row total: protected through another row");
		ok(lines_ok(t), "small row total: every line has 0 or >= 2 suppressed cells");
	}
	{
		/* the primary cell in a 1xN table: only totals can close a cycle */
		int64_t		v[] = {3, 10};

		t = make(&tab, 1, 2, v);
		is_int(protect(t, 5), SUPPRESS_OK, "1x2 table");
		is_str(pattern(t), "PC.|PC.", "1x2 table: the other column and its total");
		is_int(suppress_range(t, 0, true, workspace, sizeof(workspace), &lo, &hi), SUPPRESS_OK, "range of 3");
		is_int(lo, 1, "from 1");
		is_int(hi, 12, "to 13 - 1");
	}
	{
		/* empty and degenerate shapes */
		t = make(&tab, 0, 0, NULL);
		is_int(protect(t, 5), SUPPRESS_OK, "0x0 table");
		is_str(pattern(t), ".", "0x0 table: a grand total of 0");
		t = make(&tab, 0, 3, NULL);
		is_int(protect(t, 5), SUPPRESS_OK, "0x3 table");
		is_str(pattern(t), "....", "0x3 table: totals of 0");
	}
}

/* --------------------------------------------------------- statuses */

static void
test_statuses(void)
{
	int64_t		v[] = {1, 2, 3, 4};
	SuppressTable *t;
	int64_t		lo,
				hi;
	int			bad;

	is_int(suppress_cells(-1, 3), 0, "negative rows");
	is_int(suppress_cells(99, 99), 10000, "99x99 fits");
	is_int(suppress_cells(99, 100), 0, "99x100 does not");
	is_int(suppress_cells(9999, 0), 10000, "9999x0 fits");
	is_int(suppress_cells(2147483647, 2147483647), 0, "huge shape");
	is_int(suppress_workspace_size(99, 100), 0, "no workspace size for a bad shape");
	ok(suppress_workspace_size(99, 99) <= sizeof(workspace), "99x99 fits the test workspace");

	v[2] = -1;
	ok(make(&tab, 2, 2, v) == NULL, "negative count refused");
	tab.t.rows = 2;
	tab.t.cols = 2;
	is_int(suppress_add_totals(&tab.t), SUPPRESS_NEGATIVE, "negative count status");
	v[2] = SUPPRESS_MAX_TOTAL;
	ok(make(&tab, 2, 2, v) == NULL, "total above the maximum refused");
	is_int(suppress_add_totals(&tab.t), SUPPRESS_OVERFLOW, "overflow status");
	v[2] = SUPPRESS_MAX_TOTAL - 7;
	ok(make(&tab, 2, 2, v) != NULL, "total at the maximum accepted");
	is_int(protect(&tab.t, 5), SUPPRESS_OK, "and protected");
	is_int(protect(&tab.t, INT64_MAX), SUPPRESS_OK, "with any k");
	is_str(pattern(&tab.t), "PPP|PPP|PPP", "k beyond every count suppresses every nonzero cell");

	v[2] = 3;
	t = make(&tab, 2, 2, v);
	is_int(protect(t, 0), SUPPRESS_BAD_K, "k = 0");
	is_int(protect(t, -5), SUPPRESS_BAD_K, "k < 0");
	is_int(suppress_protect(t, 5, workspace, suppress_workspace_size(2, 2) - 1, NULL, NULL),
		   SUPPRESS_NO_WORKSPACE, "workspace one byte short");
	is_int(suppress_protect(t, 5, NULL, 4096, NULL, NULL), SUPPRESS_NO_WORKSPACE, "no workspace");
	is_int(suppress_protect(t, 5, workspace, suppress_workspace_size(2, 2), NULL, NULL),
		   SUPPRESS_OK, "exact workspace");
	is_str(pattern(t), "PPP|PP.|P.C", "2x2 of small cells: the grand total closes the cycles");
	is_int(suppress_range(t, 5, true, workspace, sizeof(workspace), &lo, &hi), SUPPRESS_BAD_CELL,
		   "range of a published cell");
	is_int(suppress_range(t, 9, true, workspace, sizeof(workspace), &lo, &hi), SUPPRESS_BAD_CELL,
		   "range of a cell outside the table");
	is_int(suppress_range(t, -1, true, workspace, sizeof(workspace), &lo, &hi), SUPPRESS_BAD_CELL,
		   "range of cell -1");
	t->value[0]++;
	is_int(protect(t, 5), SUPPRESS_INCONSISTENT, "totals that do not add up");
	is_int(suppress_audit(t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_INCONSISTENT,
		   "audit of totals that do not add up");
	t->value[0]--;
	t->state[0] = 7;
	is_int(suppress_audit(t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_INCONSISTENT,
		   "unknown state");

	/* the audit catches what is wrong with a pattern */
	{
		int64_t		w[] = {20, 30, 25, 15, 2, 40, 35, 25, 30};

		t = make(&tab, 3, 3, w);
		is_int(suppress_audit(t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_UNSAFE,
			   "audit: a small cell published");
		is_int(bad, suppress_index(t, 1, 1), "audit: that cell");
		t->state[suppress_index(t, 1, 1)] = SUPPRESS_PRIMARY;
		is_int(suppress_audit(t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_UNSAFE,
			   "audit: primary suppression alone");
		is_int(bad, suppress_index(t, 1, 1), "audit: alone in its row");
		t->state[suppress_index(t, 1, 0)] = SUPPRESS_COMPLEMENTARY;
		t->state[suppress_index(t, 0, 1)] = SUPPRESS_COMPLEMENTARY;
		t->state[suppress_index(t, 0, 0)] = SUPPRESS_COMPLEMENTARY;
		is_int(suppress_audit(t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_OK,
			   "audit: a safe rectangle");
		is_int(bad, -1, "audit: no bad cell");
		is_int(suppress_audit(t, 18, workspace, sizeof(workspace), &bad), SUPPRESS_UNSAFE,
			   "audit: the same rectangle is not enough for k = 18 (2 can reach 16 only)");

		/* a rectangle that passes the line test but pins the cell's range */
		t = make(&tab, 3, 3, w);
		t->state[suppress_index(t, 1, 1)] = SUPPRESS_PRIMARY;
		t->state[suppress_index(t, 1, 2)] = SUPPRESS_COMPLEMENTARY;
		t->state[suppress_index(t, 2, 1)] = SUPPRESS_COMPLEMENTARY;
		t->state[suppress_index(t, 2, 2)] = SUPPRESS_COMPLEMENTARY;
		is_int(suppress_audit(t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_OK,
			   "audit: 2 with 40, 25, 30 is safe for k = 5");
		is_int(suppress_audit(t, 27, workspace, sizeof(workspace), &bad), SUPPRESS_UNSAFE,
			   "audit: but not for k = 27 (2 + 25 - 1 = 26)");
	}
	{
		/* a suppressed zero breaks the nonzero model */
		int64_t		w[] = {0, 9, 9, 9};

		t = make(&tab, 2, 2, w);
		t->state[0] = SUPPRESS_COMPLEMENTARY;
		t->state[1] = SUPPRESS_COMPLEMENTARY;
		is_int(suppress_range(t, 0, true, workspace, sizeof(workspace), &lo, &hi),
			   SUPPRESS_INCONSISTENT, "nonzero range with a suppressed zero");
		is_int(suppress_range(t, 0, false, workspace, sizeof(workspace), &lo, &hi),
			   SUPPRESS_OK, "range with a suppressed zero");
		is_int(lo, 0, "pinned at 0");
		is_int(hi, 0, "pinned at 0 (alone in its column)");
	}
}

/* ------------------------------------------------------ exhaustive */

static void
random_table(SuppressTable **t, Tab *b, int maxr, int maxc, int maxv)
{
	int			rows = 1 + rnd(maxr);
	int			cols = 1 + rnd(maxc);
	int64_t		v[MAXR * MAXC];

	for (int c = 0; c < rows * cols; c++)
		v[c] = rnd(3) == 0 ? 0 : rnd(maxv + 1);
	*t = make(b, rows, cols, v);
}

/* feasible ranges of random patterns against the enumeration */
static void
test_ranges_exhaustively(void)
{
	int			cases = 0,
				failures = 0,
				unbounded = 0;
	char		why[200] = "";

	for (int n = 0; n < 3000; n++)
	{
		SuppressTable *t;
		bool		nonzero = rnd(2);
		int			ncells;
		bool		small = rnd(2);

		random_table(&t, &tab, small ? 2 : 3, small ? 3 : 3, small ? 3 : 2);
		ncells = (t->rows + 1) * (t->cols + 1);
		for (int c = 0; c < ncells; c++)
			if (rnd(100) < 45 && (!nonzero || t->value[c] > 0))
				t->state[c] = SUPPRESS_COMPLEMENTARY;
		/* the enumeration of an unpublished grand total is kept small */
		if (t->state[ncells - 1] != SUPPRESS_PUBLISHED && (t->rows * t->cols > 6 || t->value[ncells - 1] > 8))
			continue;
		cases++;
		for (int c = 0; c < ncells; c++)
		{
			int64_t		lo,
						hi;

			if (t->state[c] != SUPPRESS_PUBLISHED &&
				suppress_range(t, c, nonzero, workspace, sizeof(workspace), &lo, &hi) == SUPPRESS_OK &&
				hi == SUPPRESS_UNBOUNDED)
				unbounded++;
		}
		if (!ranges_match_brute(t, nonzero, why, sizeof(why)))
		{
			if (failures++ == 0)
				fprintf(stderr, "# %dx%d %s, %s: %s\n", t->rows, t->cols, pattern(t),
						nonzero ? "nonzero" : "zero allowed", why);
		}
	}
	ok(cases > 1500, "random patterns checked: %d", cases);
	ok(unbounded > 100, "some cells unbounded: %d", unbounded);
	is_int(failures, 0, "exact ranges agree with brute-force enumeration");
}

/* the guarantee on random small tables, confirmed by enumeration */
static void
test_guarantee_exhaustively(void)
{
	int			cases = 0,
				failures = 0,
				suppressed = 0;

	for (int n = 0; n < 2000; n++)
	{
		SuppressTable *t;
		int64_t		k = 1 + rnd(6);
		int			ncells;
		bool		good;
		char		why[200] = "";

		random_table(&t, &tab, 3, 3, 7);
		ncells = (t->rows + 1) * (t->cols + 1);
		if (protect(t, k) != SUPPRESS_OK)
		{
			if (failures++ == 0)
				fprintf(stderr, "# protect failed on %dx%d k=%lld\n", t->rows, t->cols, (long long) k);
			continue;
		}
		if (t->state[ncells - 1] != SUPPRESS_PUBLISHED && (t->rows * t->cols > 6 || t->value[ncells - 1] > 10))
			continue;
		cases++;
		good = lines_ok(t) && ranges_match_brute(t, true, why, sizeof(why));
		for (int c = 0; good && c < ncells; c++)
		{
			bool		small = t->value[c] >= 1 && t->value[c] < k;

			if ((t->state[c] == SUPPRESS_PRIMARY) != small)
				good = false, snprintf(why, sizeof(why), "cell %d state", c);
			else if (t->state[c] != SUPPRESS_PUBLISHED && t->value[c] == 0)
				good = false, snprintf(why, sizeof(why), "cell %d: a zero suppressed", c);
			else if (t->state[c] != SUPPRESS_PUBLISHED && brute_a.lo[c] == brute_a.hi[c])
				good = false, snprintf(why, sizeof(why), "cell %d pinned", c);
			else if (small && brute_a.hi[c] < k)
				good = false, snprintf(why, sizeof(why), "cell %d = %lld pinned below k: at most %lld",
									   c, (long long) t->value[c], (long long) brute_a.hi[c]);
			suppressed += t->state[c] != SUPPRESS_PUBLISHED;
		}
		if (!good && failures++ == 0)
			fprintf(stderr, "# %dx%d k=%lld %s: %s\n", t->rows, t->cols, (long long) k, pattern(t), why);
	}
	ok(cases > 1000, "random tables protected and enumerated: %d", cases);
	ok(suppressed > 1000, "cells suppressed: %d", suppressed);
	is_int(failures, 0, "every primary cell can reach k, no suppressed cell is pinned, by enumeration");
}

/* ---------------------------------------------------------- bigger */

static void
test_bigger_tables(void)
{
	int			failures = 0;
	int			total_primary = 0,
				total_complementary = 0;

	for (int n = 0; n < 300; n++)
	{
		int			rows = 1 + rnd(MAXR),
					cols = 1 + rnd(MAXC);
		int64_t		v[MAXR * MAXC];
		int64_t		k = 2 + rnd(9);
		SuppressTable *t;
		int			bad;

		for (int c = 0; c < rows * cols; c++)
			v[c] = rnd(4) == 0 ? 0 : (rnd(2) ? rnd(k + 2) : rnd(60));
		t = make(&tab, rows, cols, v);
		if (protect(t, k) != SUPPRESS_OK || !lines_ok(t) ||
			suppress_audit(t, k, workspace, sizeof(workspace), &bad) != SUPPRESS_OK)
		{
			failures++;
			continue;
		}
		for (int c = 0; c < (rows + 1) * (cols + 1); c++)
		{
			int64_t		lo,
						hi;

			if (t->state[c] == SUPPRESS_PUBLISHED)
				continue;
			total_primary += t->state[c] == SUPPRESS_PRIMARY;
			total_complementary += t->state[c] == SUPPRESS_COMPLEMENTARY;
			if (suppress_range(t, c, true, workspace, sizeof(workspace), &lo, &hi) != SUPPRESS_OK ||
				lo > t->value[c] || hi < t->value[c] || lo < 1 ||
				lo == hi || (t->state[c] == SUPPRESS_PRIMARY && hi < k))
				failures++;
		}
	}
	is_int(failures, 0, "up to 8x8: protected, audited, ranges hold the true value");
	ok(total_primary > 1000 && total_complementary > 500, "primary %d, complementary %d",
	   total_primary, total_complementary);

	/* large tables; every cell small is the worst case for time */
	{
		int			rows = 60,
					cols = 60;
		static int64_t v[BIG_ROWS * BIG_COLS];
		clock_t		start;
		double		seconds;
		int			bad;

		for (int c = 0; c < rows * cols; c++)
			v[c] = 1 + rnd(4);
		make(&tab2, rows, cols, v);
		start = clock();
		is_int(protect(&tab2.t, 5), SUPPRESS_OK, "60x60, every cell small: protected");
		seconds = (double) (clock() - start) / CLOCKS_PER_SEC;
		ok(seconds < 60, "in %.2f s (with sanitizers)", seconds);
		is_int(suppress_audit(&tab2.t, 5, workspace, sizeof(workspace), &bad), SUPPRESS_OK, "and audited");
		rows = BIG_ROWS;
		cols = BIG_COLS;
		for (int c = 0; c < rows * cols; c++)
			v[c] = rnd(10) == 0 ? 1 + rnd(4) : rnd(100);
		make(&tab2, rows, cols, v);
		start = clock();
		is_int(protect(&tab2.t, 5), SUPPRESS_OK, "99x99, one cell in ten small: protected");
		seconds = (double) (clock() - start) / CLOCKS_PER_SEC;
		ok(seconds < 60, "in %.2f s (with sanitizers)", seconds);
	}
}

int
main(void)
{
	test_hand_checked();
	test_statuses();
	test_ranges_exhaustively();
	test_guarantee_exhaustively();
	test_bigger_tables();
	return done_testing();
}
