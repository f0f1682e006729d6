/*
 * fuzz_suppress.c — libFuzzer harness over cell suppression.  The bytes
 * give a shape (up to 7x7), a threshold and the counts, sometimes extreme
 * (negative, huge).  Checked: no crash; the totals add up; after
 * suppress_protect() the states follow the rule (primary exactly for 1 to
 * k - 1, nothing suppressed is 0), every row and column of the extended
 * table has 0 or >= 2 suppressed cells, the audit agrees, and every
 * suppressed cell's exact range holds its true value and another, is never
 * below 1 and, for a primary cell, reaches k.  The same table with one
 * complementary cell published again must fail the audit or stay safe.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suppress_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

#define MAX_SIDE 7

static int64_t
count_from(const uint8_t *data, size_t size, size_t *pos)
{
	uint8_t		b = *pos < size ? data[(*pos)++] : 0;

	switch (b >> 5)
	{
		case 0:
			return 0;
		case 1:
		case 2:
			return b & 7;		/* mostly small */
		case 3:
		case 4:
			return b & 31;
		case 5:
			return (int64_t) (b & 31) * 1000;
		case 6:
			return (b & 1) ? SUPPRESS_MAX_TOTAL / 3 : SUPPRESS_MAX_TOTAL;
		default:
			return (b & 1) ? -1 : INT64_MIN + b;
	}
}

static void
check_pattern(const SuppressTable *t, int64_t k, void *ws, size_t wsize)
{
	int			w = t->cols + 1;
	int			ncells = (t->rows + 1) * w;
	int			bad;

	for (int i = 0; i <= t->rows; i++)
	{
		int			n = 0;

		for (int j = 0; j <= t->cols; j++)
			n += t->state[i * w + j] != SUPPRESS_PUBLISHED;
		CHECK(n != 1);
	}
	for (int j = 0; j <= t->cols; j++)
	{
		int			n = 0;

		for (int i = 0; i <= t->rows; i++)
			n += t->state[i * w + j] != SUPPRESS_PUBLISHED;
		CHECK(n != 1);
	}
	for (int c = 0; c < ncells; c++)
	{
		int64_t		v = t->value[c];
		int64_t		lo,
					hi,
					lo0,
					hi0;

		CHECK(t->state[c] <= SUPPRESS_COMPLEMENTARY);
		CHECK((t->state[c] == SUPPRESS_PRIMARY) == (v >= 1 && v < k));
		if (t->state[c] == SUPPRESS_PUBLISHED)
			continue;
		CHECK(v >= 1);
		CHECK(suppress_range(t, c, true, ws, wsize, &lo, &hi) == SUPPRESS_OK);
		CHECK(lo >= 1 && lo <= v && v <= hi && lo < hi);
		if (t->state[c] == SUPPRESS_PRIMARY)
			CHECK(hi >= k && lo < hi);
		/* the attacker who allows zeros sees a wider range */
		CHECK(suppress_range(t, c, false, ws, wsize, &lo0, &hi0) == SUPPRESS_OK);
		CHECK(lo0 >= 0 && lo0 <= lo && hi0 >= hi);
	}
	CHECK(suppress_audit(t, k, ws, wsize, &bad) == SUPPRESS_OK && bad == -1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int			rows,
				cols,
				ncells;
	int64_t		k;
	size_t		pos = 3;
	int64_t		value[(MAX_SIDE + 1) * (MAX_SIDE + 1)];
	uint8_t		state[(MAX_SIDE + 1) * (MAX_SIDE + 1)];
	size_t		wsize;
	void	   *ws;
	SuppressTable t;
	SuppressStatus st;
	bool		bad_input = false;

	if (size < 3)
		return 0;
	rows = data[0] % (MAX_SIDE + 1);
	cols = data[1] % (MAX_SIDE + 1);
	k = data[2] < 250 ? data[2] % 12 : (data[2] == 250 ? INT64_MAX : -(int64_t) data[2]);
	t.rows = rows;
	t.cols = cols;
	t.value = value;
	t.state = state;
	ncells = (rows + 1) * (cols + 1);
	for (int i = 0; i < rows; i++)
		for (int j = 0; j < cols; j++)
		{
			value[i * (cols + 1) + j] = count_from(data, size, &pos);
			if (value[i * (cols + 1) + j] < 0)
				bad_input = true;
		}
	wsize = suppress_workspace_size(rows, cols);
	CHECK(wsize > 0);
	ws = malloc(wsize);
	CHECK(ws != NULL);

	st = suppress_add_totals(&t);
	if (bad_input)
		CHECK(st != SUPPRESS_OK);
	if (st != SUPPRESS_OK)
	{
		CHECK(st == SUPPRESS_NEGATIVE || st == SUPPRESS_OVERFLOW);
		free(ws);
		return 0;
	}
	for (int i = 0; i <= rows; i++)
	{
		int64_t		sum = 0;

		for (int j = 0; j < cols; j++)
			sum += value[i * (cols + 1) + j];
		CHECK(sum == value[i * (cols + 1) + cols]);
		CHECK(sum >= 0 && sum <= SUPPRESS_MAX_TOTAL);
	}

	/* a short workspace is refused, never overrun */
	CHECK(suppress_protect(&t, k, ws, wsize - 1, NULL, NULL) ==
		  (k < 1 ? SUPPRESS_BAD_K : SUPPRESS_NO_WORKSPACE));
	st = suppress_protect(&t, k, ws, wsize, NULL, NULL);
	if (k < 1)
	{
		CHECK(st == SUPPRESS_BAD_K);
		free(ws);
		return 0;
	}
	CHECK(st == SUPPRESS_OK);
	check_pattern(&t, k, ws, wsize);

	/* publish one complementary cell again: the audit must notice if that is unsafe */
	if (pos < size)
	{
		int			target = data[pos] % ncells;

		for (int c = 0; c < ncells; c++)
		{
			int			cell = (target + c) % ncells;

			if (state[cell] == SUPPRESS_COMPLEMENTARY)
			{
				int			bad;

				state[cell] = SUPPRESS_PUBLISHED;
				if (suppress_audit(&t, k, ws, wsize, &bad) == SUPPRESS_OK)
					check_pattern(&t, k, ws, wsize);
				else
					CHECK(bad >= 0 && bad < ncells);
				break;
			}
		}
	}
	free(ws);
	return 0;
}
