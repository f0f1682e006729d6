/* Unit tests of knox_core: close pairs on the sphere, time pairs, the PRNG, the whole test. */
#include <math.h>
#include <stdlib.h>

#include "geo_core.h"
#include "knox_core.h"
#include "tap.h"

#define MAXN 3000

static KnoxSite sites[MAXN];
static int64_t offsets[MAXN + 1];
static int32_t tbuf[MAXN],
			scratch[MAXN];

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static double
uniform(unsigned long long *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (*state >> 11) / 9007199254740992.0;
}

/* Pairs within close_m by brute force with geo_distance_m. */
static int64_t
brute_pairs(const double *lat, const double *lon, size_t n, double close_m)
{
	int64_t		c = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			c += geo_distance_m(lat[i], lon[i], lat[j], lon[j]) <= close_m;
	return c;
}

static int64_t
core_pairs(const double *lat, const double *lon, size_t n, double close_m)
{
	size_t		bad;

	if (knox_prepare(lat, lon, n, close_m, sites, &bad) != KNOX_OK)
		return -1;
	/* in two chunks, as the SQL wrapper does */
	return knox_count_pairs(sites, n, close_m, n / 2, n,
							knox_count_pairs(sites, n, close_m, 0, n / 2, 0, offsets), offsets);
}

typedef struct Result
{
	int64_t		observed;
	double		expected;
	double		p;
} Result;

/* The whole test, as the SQL wrapper runs it. */
static Result
knox(const double *lat, const double *lon, const int32_t *t, size_t n, double close_m,
	 double close_days, int permutations, uint64_t seed)
{
	Result		r;
	size_t		bad;
	int64_t		s,
				as_large = 0,
				max_days = knox_day_limit(close_days);
	int32_t    *adj;
	KnoxRng		rng;

	knox_prepare(lat, lon, n, close_m, sites, &bad);
	s = knox_count_pairs(sites, n, close_m, 0, n, 0, offsets);
	offsets[n] = s;
	adj = malloc((size_t) (s > 0 ? s : 1) * sizeof(int32_t));
	knox_fill_pairs(sites, n, close_m, 0, n, offsets, adj);
	for (size_t p = 0; p < n; p++)
		tbuf[p] = t[sites[p].index];
	r.observed = knox_close_in_time(tbuf, n, offsets, adj, max_days);
	for (size_t p = 0; p < n; p++)
		scratch[p] = tbuf[p];
	r.expected = knox_expected(s, knox_time_pairs(scratch, n, max_days), n);
	knox_rng_seed(&rng, seed);
	for (int i = 0; i < permutations; i++)
	{
		knox_shuffle(&rng, tbuf, n);
		as_large += knox_close_in_time(tbuf, n, offsets, adj, max_days) >= r.observed;
	}
	r.p = knox_p_value(as_large, permutations);
	free(adj);
	return r;
}

int
main(void)
{
	static double lat[MAXN],
				lon[MAXN];
	static int32_t t[MAXN];
	unsigned long long state = 42;
	KnoxRng		a,
				b;

	/* the PRNG: xoshiro256** seeded by splitmix64 */
	knox_rng_seed(&a, 0);
	knox_rng_seed(&b, 0);
	{
		bool		same = true;

		for (int i = 0; i < 100; i++)
			same = same && knox_rng_next(&a) == knox_rng_next(&b);
		ok(same, "same seed, same sequence");
	}
	knox_rng_seed(&a, 0);
	knox_rng_seed(&b, 1);
	ok(knox_rng_next(&a) != knox_rng_next(&b), "different seeds, different sequences");
	{
		int			bins[6] = {0};
		bool		in_range = true,
					even = true;

		knox_rng_seed(&a, 7);
		for (int i = 0; i < 60000; i++)
		{
			uint32_t	v = knox_rng_below(&a, 6);

			if (v >= 6)
				in_range = false;
			else
				bins[v]++;
		}
		for (int i = 0; i < 6; i++)
			even = even && bins[i] > 9500 && bins[i] < 10500;
		ok(in_range && even, "below(6) is uniform on 0..5 (%d %d %d %d %d %d)",
		   bins[0], bins[1], bins[2], bins[3], bins[4], bins[5]);
		is_int(knox_rng_below(&a, 1), 0, "below(1) is 0");
	}
	{
		int32_t		v[50];
		int			seen[50] = {0};
		bool		perm = true;

		for (int i = 0; i < 50; i++)
			v[i] = i;
		knox_rng_seed(&a, 3);
		knox_shuffle(&a, v, 50);
		for (int i = 0; i < 50; i++)
			seen[v[i]]++;
		for (int i = 0; i < 50; i++)
			perm = perm && seen[i] == 1;
		ok(perm, "a shuffle is a permutation");
	}

	/* time pairs and the limit in days, by hand */
	{
		int32_t		tt[] = {11, 0, 10, 3};
		int32_t		same[] = {5, 5, 5};

		is_int(knox_time_pairs(tt, 4, 3), 2, "times 0 3 10 11 within 3 days: (0,3), (10,11)");
		is_int(knox_time_pairs(tt, 4, 7), 3, "within 7 days: also (3,10)");
		is_int(knox_time_pairs(tt, 4, 100), 6, "within 100 days: all 6 pairs");
		is_int(knox_time_pairs(same, 3, 0), 3, "same day, 0 days: 3 pairs");
		is_int(knox_day_limit(7.9), 7, "7.9 days: 7 whole days");
		is_int(knox_day_limit(0), 0, "0 days");
		ok(knox_day_limit(1e300) >= 1000000000000LL, "a huge limit is clamped");
		ok(near(knox_expected(2, 3, 4), 1.0, 1e-12), "expected = S T / (n(n-1)/2) = 2 * 3 / 6");
		ok(knox_expected(5, 5, 1) == 0, "expected with one point is 0");
		ok(near(knox_p_value(0, 999), 0.001, 1e-12), "p = (1 + 0) / (1 + 999)");
		ok(near(knox_p_value(999, 999), 1.0, 1e-12), "p = 1 when every permutation is as large");
	}

	/* close pairs by hand: four points on the equator */
	{
		/* 0.005 deg = 556 m apart; 0.02 deg = 2224 m */
		double		la[] = {0, 0, 0, 0},
					lo[] = {0, 0.005, 0.02, 0.025};

		is_int(core_pairs(la, lo, 4, 1000), 2, "within 1 km: two pairs");
		is_int(core_pairs(la, lo, 4, 2300), 5, "within 2.3 km: five pairs");
		is_int(core_pairs(la, lo, 4, 0), 0, "within 0 m: none");
		la[1] = 0;
		lo[1] = 0;
		is_int(core_pairs(la, lo, 4, 0), 1, "within 0 m: the two at the same place");
		is_int(core_pairs(la, lo, 4, 1e9), 6, "a distance beyond half the globe: every pair");
	}

	/* against brute force: at the equator, the poles, across the antimeridian, worldwide */
	{
		struct
		{
			const char *where;
			double		lat,
						lon,
						spread,
						close_m;
		}			cases[] = {
			{"equator", 0, 0, 0.1, 800},
			{"north pole", 89.97, 0, 0.06, 1500},
			{"south pole", -89.95, 100, 0.1, 3000},
			{"antimeridian", 40, 180, 0.2, 2500},
			{"worldwide", 0, 0, 360, 2e6},
			{"worldwide, everything", 0, 0, 360, 3e7},
		};

		for (int c = 0; c < 6; c++)
		{
			for (int i = 0; i < 600; i++)
			{
				lat[i] = cases[c].lat + (uniform(&state) - 0.5) * fmin(cases[c].spread, 180);
				lon[i] = cases[c].lon + (uniform(&state) - 0.5) * cases[c].spread;
				lat[i] = fmax(-90, fmin(90, lat[i]));
				lon[i] = fmod(lon[i] + 540.0, 360.0) - 180.0;
			}
			{
				int64_t		want = brute_pairs(lat, lon, 600, cases[c].close_m),
							got = core_pairs(lat, lon, 600, cases[c].close_m);

				ok(got == want && want > 0, "%s: %lld close pairs (brute force %lld)", cases[c].where,
				   (long long) got, (long long) want);
			}
		}
	}

	/* a space-time cluster: 40 events in one place within a month, 160 spread over years and 300 km */
	for (int i = 0; i < 200; i++)
	{
		if (i < 40)
		{
			lat[i] = 20.67 + (uniform(&state) - 0.5) * 0.005;
			lon[i] = -103.34 + (uniform(&state) - 0.5) * 0.005;
			t[i] = 9000 + (int32_t) (uniform(&state) * 30);
		}
		else
		{
			lat[i] = 20.67 + (uniform(&state) - 0.5) * 3;
			lon[i] = -103.34 + (uniform(&state) - 0.5) * 3;
			t[i] = 8000 + (int32_t) (uniform(&state) * 2000);
		}
	}
	{
		Result		r = knox(lat, lon, t, 200, 1000, 30, 999, 1);
		Result		r2 = knox(lat, lon, t, 200, 1000, 30, 999, 1);
		Result		r3 = knox(lat, lon, t, 200, 1000, 30, 19, 1);

		ok(r.observed >= 780 && r.observed > 5 * r.expected,
		   "cluster: %lld pairs close in both, %.2f expected", (long long) r.observed, r.expected);
		ok(r.p < 0.05, "cluster: p = %.4f < 0.05", r.p);
		ok(near(r.p, 0.001, 1e-12), "cluster: no permutation reaches it, p = 1/1000");
		ok(r.p == r2.p && r.observed == r2.observed, "same seed, same p");
		ok(near(r3.p, 0.05, 1e-12), "19 permutations: p = 1/20 at best (%.4f)", r3.p);
	}

	/* the same places with the dates scattered at random: no interaction */
	{
		Result		r,
					r2;

		for (int i = 0; i < 200; i++)
			t[i] = 8000 + (int32_t) (uniform(&state) * 2000);
		r = knox(lat, lon, t, 200, 1000, 30, 999, 5);
		ok(r.p > 0.05, "random dates: p = %.4f > 0.05 (%lld observed, %.2f expected)", r.p,
		   (long long) r.observed, r.expected);
		r2 = knox(lat, lon, t, 200, 1000, 30, 999, 6);
		ok(r2.p > 0.05, "random dates, another seed: p = %.4f > 0.05", r2.p);
		ok(r.observed == r2.observed && r.expected == r2.expected, "the seed changes only p");
	}

	/* statuses */
	{
		size_t		bad;
		double		la[] = {10, 10, 100},
					lo[] = {0, 0, 0};

		is_int(knox_prepare(la, lo, 3, -1, sites, &bad), KNOX_BAD_DISTANCE, "negative distance");
		is_int(knox_prepare(la, lo, 3, NAN, sites, &bad), KNOX_BAD_DISTANCE, "NaN distance");
		is_int(knox_prepare(la, lo, 3, 100, sites, &bad), KNOX_BAD_COORDINATE, "latitude 100");
		is_int(bad, 2, "its index");
		is_int(knox_prepare(la, lo, 0, 100, sites, &bad), KNOX_OK, "no points is fine");
		is_int(knox_count_pairs(sites, 0, 100, 0, 0, 0, offsets), 0, "and has no pairs");
	}
	return done_testing();
}
