/*
 * test_ttc_core.c — time-to-crime days, selection and percentile_cont,
 * against hand-computed values and against sorting.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "tap.h"
#include "ttc_core.h"

static int
same_double(double a, double b)
{
	return fabs(a - b) <= 1e-9 * (1 + fabs(b));
}

static int
compare_int32(const void *pa, const void *pb)
{
	int32_t		a = *(const int32_t *) pa;
	int32_t		b = *(const int32_t *) pb;

	return (a > b) - (a < b);
}

/* percentile_cont the slow way: sort a copy and interpolate */
static double
reference_percentile(const int32_t *v, size_t n, double p)
{
	int32_t    *s = malloc(n * sizeof(int32_t));
	double		pos = p * (double) (n - 1);
	size_t		lo = (size_t) floor(pos);
	size_t		hi = (size_t) ceil(pos);
	double		r;

	for (size_t i = 0; i < n; i++)
		s[i] = v[i];
	qsort(s, n, sizeof(int32_t), compare_int32);
	r = (double) s[lo] + ((double) s[hi] - (double) s[lo]) * (pos - (double) lo);
	free(s);
	return r;
}

static uint64_t rng = 88172645463325252ULL;

static uint32_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t) (rng >> 16);
}

/* after ttc_select(v, n, k): v[k] in place, nothing greater before, nothing smaller after */
static int
is_selected(const int32_t *v, size_t n, size_t k, int32_t want)
{
	if (v[k] != want)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (v[i] > v[k])
			return 0;
	for (size_t i = k + 1; i < n; i++)
		if (v[i] < v[k])
			return 0;
	return 1;
}

static void
check_against_sort(const char *what, int32_t *v, size_t n)
{
	int32_t    *work = malloc(n * sizeof(int32_t));
	int32_t    *sorted = malloc(n * sizeof(int32_t));
	static const double ps[] = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
	int			all_ok = 1;
	TtcSummary	s;

	for (size_t i = 0; i < n; i++)
		sorted[i] = v[i];
	qsort(sorted, n, sizeof(int32_t), compare_int32);
	for (size_t j = 0; j < sizeof(ps) / sizeof(ps[0]); j++)
	{
		for (size_t i = 0; i < n; i++)
			work[i] = v[i];
		if (!same_double(ttc_percentile_cont(work, n, ps[j]), reference_percentile(v, n, ps[j])))
			all_ok = 0;
	}
	ok(all_ok, "%s: percentile_cont at 0, .1, .25, .5, .75, .9, 1 as by sorting (n = %zu)", what, n);

	all_ok = 1;
	for (size_t k = 0; k < n; k += (n / 7) + 1)
	{
		for (size_t i = 0; i < n; i++)
			work[i] = v[i];
		ttc_select(work, n, k);
		if (!is_selected(work, n, k, sorted[k]))
			all_ok = 0;
	}
	ok(all_ok, "%s: ttc_select puts every probed order statistic in place", what);

	for (size_t i = 0; i < n; i++)
		work[i] = v[i];
	ttc_summarize(work, n, &s);
	ok(s.count == (int64_t) n
	   && same_double(s.q1, reference_percentile(v, n, 0.25))
	   && same_double(s.median, reference_percentile(v, n, 0.5))
	   && same_double(s.q3, reference_percentile(v, n, 0.75)),
	   "%s: ttc_summarize quartiles as by sorting", what);
	qsort(work, n, sizeof(int32_t), compare_int32);
	all_ok = 1;
	for (size_t i = 0; i < n; i++)
		if (work[i] != sorted[i])
			all_ok = 0;
	ok(all_ok, "%s: the values are only reordered, none lost or changed", what);
	free(work);
	free(sorted);
}

int
main(void)
{
	int32_t		days = -1;
	TtcSummary	s;

	/* days */
	is_int(ttc_days(100, 222, &days), TTC_DAYS_OK, "purchase before recovery");
	is_int(days, 122, "122 days");
	days = -1;
	is_int(ttc_days(5000, 5000, &days), TTC_DAYS_OK, "same day");
	is_int(days, 0, "0 days");
	is_int(ttc_days(222, 100, &days), TTC_DAYS_PURCHASE_AFTER_RECOVERY, "recovery before purchase is refused");
	is_int(ttc_days(-10, -11, &days), TTC_DAYS_PURCHASE_AFTER_RECOVERY, "one day before, negative day numbers");
	is_int(ttc_days(INT32_MIN, INT32_MAX, &days), TTC_DAYS_OUT_OF_RANGE, "a span beyond int32 is refused");
	is_int(ttc_days(-1, INT32_MAX - 1, &days), TTC_DAYS_OK, "the longest span that fits");
	is_int(days, INT32_MAX, "INT32_MAX days");

	/* hand-computed percentile_cont */
	{
		int32_t		v[] = {4, 1, 3, 2};

		ok(same_double(ttc_percentile_cont(v, 4, 0.5), 2.5), "median of 1 2 3 4 is 2.5");
		ok(same_double(ttc_percentile_cont(v, 4, 0.25), 1.75), "q1 of 1 2 3 4 is 1.75 (position 0.75)");
		ok(same_double(ttc_percentile_cont(v, 4, 0.75), 3.25), "q3 of 1 2 3 4 is 3.25 (position 2.25)");
		ok(same_double(ttc_percentile_cont(v, 4, 0), 1), "p = 0 is the minimum");
		ok(same_double(ttc_percentile_cont(v, 4, 1), 4), "p = 1 is the maximum");
	}
	{
		int32_t		v[] = {5, 1, 3};

		ok(same_double(ttc_percentile_cont(v, 3, 0.5), 3), "median of 5 1 3 is 3");
		ok(same_double(ttc_percentile_cont(v, 3, 0.25), 2), "q1 of 1 3 5 is 2 (halfway between 1 and 3)");
		ok(same_double(ttc_percentile_cont(v, 3, 0.75), 4), "q3 of 1 3 5 is 4");
	}
	{
		int32_t		v[] = {42};

		ttc_summarize(v, 1, &s);
		ok(s.count == 1 && s.q1 == 42 && s.median == 42 && s.q3 == 42, "one value: every quartile is it");
		ok(s.le_one_year == 1 && s.le_three_years == 1, "42 days is within a year");
	}
	{
		int32_t		v[] = {1096, 30, 1095, 400, 100, 365, 366};

		/* sorted: 30 100 365 366 400 1095 1096 */
		ttc_summarize(v, 7, &s);
		is_int(s.count, 7, "seven values");
		ok(same_double(s.median, 366), "median 366");
		ok(same_double(s.q1, 232.5), "q1 at position 1.5: 232.5");
		ok(same_double(s.q3, 747.5), "q3 at position 4.5: 747.5");
		is_int(s.le_one_year, 3, "30, 100 and 365 are within a year (365 counts)");
		is_int(s.le_three_years, 6, "all but 1096 within three years (1095 counts)");
	}
	{
		int32_t		v[] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8};

		ttc_summarize(v, 22, &s);
		ok(s.median == 7 && s.q1 == 7 && same_double(s.q3, 7), "many equal values");
	}
	ttc_summarize(NULL, 0, &s);
	ok(s.count == 0 && s.le_one_year == 0 && s.le_three_years == 0, "no values: count 0");
	{
		int32_t		v[] = {3, 1, 2};

		ttc_select(v, 3, 3);
		ok(v[0] == 3 && v[1] == 1 && v[2] == 2, "ttc_select with k = n leaves the array alone");
	}

	/* larger inputs against sorting, including shapes that defeat pivots */
	{
		size_t		n = 100000;
		int32_t    *v = malloc(n * sizeof(int32_t));

		for (size_t i = 0; i < n; i++)
			v[i] = (int32_t) (next_random() % 10000);
		check_against_sort("random days", v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = (int32_t) (next_random() % 3);
		check_against_sort("three distinct values", v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = (int32_t) i;
		check_against_sort("ascending", v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = (int32_t) (n - i);
		check_against_sort("descending", v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = (int32_t) (i < n / 2 ? i : n - i);
		check_against_sort("organ pipe", v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = 1095;
		check_against_sort("all equal", v, n);
		for (size_t i = 0; i < n; i++)
			v[i] = (int32_t) ((int64_t) next_random() * 2 - INT32_MAX);
		check_against_sort("full int32 range", v, n);
		for (size_t i = 0; i < 17; i++)
			v[i] = (int32_t) (17 - i);
		check_against_sort("seventeen values", v, 17);
		check_against_sort("two values", v, 2);
		free(v);
	}
	return done_testing();
}
