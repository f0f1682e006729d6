/*
 * knox_core.h — Knox's test of space-time interaction, plain C.
 *
 * Counts the pairs of events close in space (great-circle distance at most
 * close_m) and in time (at most close_days apart), and judges the count
 * against random permutations of the times among the places.  The pairs
 * close in space are found once, by bucketing the points on a 3-D grid
 * over the sphere (so poles and the antimeridian need no special case);
 * each permutation then re-checks only the times of those pairs.  No
 * allocation and no global state: the caller owns every buffer.
 */
#ifndef KNOX_CORE_H
#define KNOX_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A point, its bucket and its position on the unit sphere (times R). */
typedef struct KnoxSite
{
	uint64_t	key;			/* bucket: ix, iy, iz (21 bits each) interleaved */
	double		x;
	double		y;
	double		z;
	int32_t		index;			/* position in the caller's arrays */
} KnoxSite;

typedef enum KnoxStatus
{
	KNOX_OK,
	KNOX_BAD_COORDINATE,		/* a point fails geo_valid */
	KNOX_BAD_DISTANCE,			/* close_m not finite and >= 0 */
	KNOX_TOO_MANY_POINTS		/* n > INT32_MAX */
} KnoxStatus;

/*
 * Fills and sorts sites (n of them) by bucket.  On KNOX_BAD_COORDINATE *bad
 * is the point's index.
 */
extern KnoxStatus knox_prepare(const double *lat, const double *lon, size_t n,
							   double close_m, KnoxSite *sites, size_t *bad);

/*
 * Counts the pairs of sorted sites p < q within close_m of each other, for
 * p in [from, to): sets offsets[p] to the running total before p (starting
 * from total) and returns the total after.  Called over 0..n in order, then
 * offsets[n] = the final total, offsets index the pairs of every p.
 */
extern int64_t knox_count_pairs(const KnoxSite *sites, size_t n, double close_m,
								size_t from, size_t to, int64_t total,
								int64_t *offsets);

/*
 * Lists the pairs of the sites p in [from, to): their q in adj[offsets[p] ..
 * offsets[p + 1]).
 */
extern void knox_fill_pairs(const KnoxSite *sites, size_t n, double close_m,
							size_t from, size_t to, const int64_t *offsets,
							int32_t *adj);

/* The largest whole number of days that is <= close_days (clamped). */
extern int64_t knox_day_limit(double close_days);

/*
 * Pairs among the listed (spatially close) ones whose times, t[p] for the
 * sorted site p, are at most max_days apart.
 */
extern int64_t knox_close_in_time(const int32_t *t, size_t n, const int64_t *offsets,
								  const int32_t *adj, int64_t max_days);

/*
 * Pairs among all n(n-1)/2 whose times are at most max_days apart.  Sorts t
 * in place.
 */
extern int64_t knox_time_pairs(int32_t *t, size_t n, int64_t max_days);

/* Knox's expectation of the count without interaction: S * T / (n(n-1)/2). */
extern double knox_expected(int64_t space_pairs, int64_t time_pairs, size_t n);

/* Monte Carlo p-value: (1 + #{permutation count >= observed}) / (1 + permutations). */
extern double knox_p_value(int64_t as_large, int64_t permutations);

/* xoshiro256** seeded through splitmix64 (Blackman & Vigna, 2018). */
typedef struct KnoxRng
{
	uint64_t	s[4];
} KnoxRng;

extern void knox_rng_seed(KnoxRng *rng, uint64_t seed);
extern uint64_t knox_rng_next(KnoxRng *rng);
/* Uniform in [0, bound), bound > 0, without modulo bias (Lemire, 2019). */
extern uint32_t knox_rng_below(KnoxRng *rng, uint32_t bound);
/* Fisher-Yates shuffle. */
extern void knox_shuffle(KnoxRng *rng, int32_t *v, size_t n);

#endif
