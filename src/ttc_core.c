/*
 * ttc_core.c — time-to-crime days and their summary (see ttc_core.h).
 */
#include <math.h>

#include "ttc_core.h"

TtcDaysResult
ttc_days(int32_t purchase_day, int32_t recovery_day, int32_t *days)
{
	int64_t		diff = (int64_t) recovery_day - (int64_t) purchase_day;

	if (diff < 0)
		return TTC_DAYS_PURCHASE_AFTER_RECOVERY;
	if (diff > INT32_MAX)
		return TTC_DAYS_OUT_OF_RANGE;
	*days = (int32_t) diff;
	return TTC_DAYS_OK;
}

static inline void
swap_values(int32_t *a, int32_t *b)
{
	int32_t		t = *a;

	*a = *b;
	*b = t;
}

static void
insertion_sort(int32_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
	{
		int32_t		x = v[i];
		size_t		j = i;

		while (j > 0 && v[j - 1] > x)
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* Restore the max-heap property below root within v[0..n-1]. */
static void
sift_down(int32_t *v, size_t root, size_t n)
{
	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[root] >= v[child])
			return;
		swap_values(&v[root], &v[child]);
		root = child;
	}
}

static void
heap_sort(int32_t *v, size_t n)
{
	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (size_t end = n - 1; end > 0; end--)
	{
		swap_values(&v[0], &v[end]);
		sift_down(v, 0, end);
	}
}

static inline int32_t
median_of_three(int32_t a, int32_t b, int32_t c)
{
	if (a > b)
		swap_values(&a, &b);
	if (b > c)
		swap_values(&b, &c);
	if (a > b)
		swap_values(&a, &b);
	return b;
}

void
ttc_select(int32_t *v, size_t n, size_t k)
{
	size_t		lo = 0;
	size_t		hi = n;
	int			budget = 2;

	if (k >= n)
		return;
	for (size_t m = n; m > 1; m >>= 1)
		budget += 2;

	while (hi - lo > 16)
	{
		size_t		lt = lo;
		size_t		i = lo;
		size_t		gt = hi;
		int32_t		pivot;

		if (budget-- == 0)
		{
			heap_sort(v + lo, hi - lo);
			return;
		}
		pivot = median_of_three(v[lo], v[lo + (hi - lo) / 2], v[hi - 1]);

		/*
		 * Three-way partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi)
		 * > pivot.  Time-to-crime data repeats values a lot, and the middle
		 * band takes them out of play at once.  The band is never empty (the
		 * pivot is one of the range's values), so every round shrinks the
		 * range.
		 */
		while (i < gt)
		{
			if (v[i] < pivot)
				swap_values(&v[lt++], &v[i++]);
			else if (v[i] > pivot)
				swap_values(&v[i], &v[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
	insertion_sort(v + lo, hi - lo);
}

/*
 * percentile_cont(p) of v[base..n-1], given that everything before base is
 * no greater than anything from base on, and that the position p * (n - 1)
 * is at or after base.  Leaves the same guarantee for the position's floor.
 */
static double
percentile_from(int32_t *v, size_t n, size_t base, double p, size_t *floor_pos)
{
	double		pos = p * (double) (n - 1);
	size_t		k = (size_t) floor(pos);
	double		frac;
	int32_t		next;

	if (k >= n)
		k = n - 1;
	if (k < base)
		k = base;
	frac = pos - (double) k;
	ttc_select(v + base, n - base, k - base);
	*floor_pos = k;
	if (frac <= 0 || k + 1 >= n)
		return (double) v[k];
	/* the next order statistic is the least value after position k */
	next = v[k + 1];
	for (size_t i = k + 2; i < n; i++)
		if (v[i] < next)
			next = v[i];
	/* the same arithmetic as PostgreSQL's percentile_cont (float8_lerp) */
	return (double) v[k] + ((double) next - (double) v[k]) * frac;
}

double
ttc_percentile_cont(int32_t *v, size_t n, double p)
{
	size_t		k;

	if (n == 0)
		return 0;
	if (!(p >= 0))
		p = 0;
	if (p > 1)
		p = 1;
	return percentile_from(v, n, 0, p, &k);
}

void
ttc_summarize(int32_t *v, size_t n, TtcSummary *out)
{
	size_t		base = 0;

	out->count = (int64_t) n;
	out->q1 = out->median = out->q3 = 0;
	out->le_one_year = out->le_three_years = 0;
	for (size_t i = 0; i < n; i++)
	{
		if (v[i] <= TTC_ONE_YEAR_DAYS)
			out->le_one_year++;
		if (v[i] <= TTC_THREE_YEARS_DAYS)
			out->le_three_years++;
	}
	if (n == 0)
		return;
	/* ascending positions: each selection works on what the last one left */
	out->q1 = percentile_from(v, n, base, 0.25, &base);
	out->median = percentile_from(v, n, base, 0.5, &base);
	out->q3 = percentile_from(v, n, base, 0.75, &base);
}
