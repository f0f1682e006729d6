/*
 * knox_core.c — Knox's space-time interaction test (Knox, "The detection of
 * space-time interactions", Applied Statistics 13, 1964), with the Monte
 * Carlo p-value of permuting the times among the places (Mantel 1967).
 *
 * Closeness in space is the great-circle distance on geo_core's sphere,
 * compared through the equivalent chord: two points on a sphere of radius
 * R are within arc s of each other exactly when the straight line between
 * them is at most 2 R sin(s / 2R).  Points are bucketed on a cubic grid
 * over the sphere's bounding box whose cells are at least one chord wide,
 * so every close pair lies in the same or neighbouring cells.
 */
#include "knox_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_core.h"

#define BUCKET_BITS 21
#define BUCKET_MAX ((1 << BUCKET_BITS) - 1)

/* Chord length equivalent to a great-circle distance (metres). */
static double
chord_of(double close_m)
{
	double		r = GEO_EARTH_RADIUS_M;

	if (close_m >= M_PI * r)
		return 2.0 * r;
	return 2.0 * r * sin(close_m / (2.0 * r));
}

/* Side of a bucket: at least the chord, and coarse enough for 21 bits. */
static double
bucket_side(double close_m)
{
	double		minimum = 2.0 * GEO_EARTH_RADIUS_M / (double) (1 << (BUCKET_BITS - 1));

	return fmax(chord_of(close_m), minimum) * (1.0 + 1e-9);
}

static int64_t
bucket_of(double v, double side)
{
	double		b = floor((v + GEO_EARTH_RADIUS_M) / side);

	if (!(b >= 0))
		return 0;
	if (b > BUCKET_MAX - 1)
		return BUCKET_MAX - 1;
	return (int64_t) b;
}

/* Spreads the low 21 bits of v to every third bit (Morton order). */
static uint64_t
spread3(uint64_t v)
{
	v &= 0x1fffff;
	v = (v | v << 32) & 0x1f00000000ffffULL;
	v = (v | v << 16) & 0x1f0000ff0000ffULL;
	v = (v | v << 8) & 0x100f00f00f00f00fULL;
	v = (v | v << 4) & 0x10c30c30c30c30c3ULL;
	v = (v | v << 2) & 0x1249249249249249ULL;
	return v;
}

static int64_t
compact3(uint64_t v)
{
	v &= 0x1249249249249249ULL;
	v = (v ^ (v >> 2)) & 0x10c30c30c30c30c3ULL;
	v = (v ^ (v >> 4)) & 0x100f00f00f00f00fULL;
	v = (v ^ (v >> 8)) & 0x1f0000ff0000ffULL;
	v = (v ^ (v >> 16)) & 0x1f00000000ffffULL;
	v = (v ^ (v >> 32)) & 0x1fffff;
	return (int64_t) v;
}

/*
 * A bucket's key interleaves the bits of its three indices (a Z-order
 * curve), so that buckets near in space are mostly near in the sorted
 * array, and the permutations' look-ups of neighbours' times stay in cache.
 */
static uint64_t
pack_key(int64_t ix, int64_t iy, int64_t iz)
{
	return spread3((uint64_t) ix) | spread3((uint64_t) iy) << 1 | spread3((uint64_t) iz) << 2;
}

static int
cmp_site(const void *a, const void *b)
{
	const KnoxSite *sa = a,
			   *sb = b;

	if (sa->key != sb->key)
		return sa->key < sb->key ? -1 : 1;
	return sa->index < sb->index ? -1 : (sa->index > sb->index ? 1 : 0);
}

KnoxStatus
knox_prepare(const double *lat, const double *lon, size_t n, double close_m,
			 KnoxSite *sites, size_t *bad)
{
	double		side;

	*bad = 0;
	if (!(isfinite(close_m) && close_m >= 0))
		return KNOX_BAD_DISTANCE;
	if (n > INT32_MAX)
		return KNOX_TOO_MANY_POINTS;
	side = bucket_side(close_m);
	for (size_t i = 0; i < n; i++)
	{
		double		phi,
					lam;

		if (!geo_valid(lat[i], lon[i]))
		{
			*bad = i;
			return KNOX_BAD_COORDINATE;
		}
		phi = lat[i] * M_PI / 180.0;
		lam = lon[i] * M_PI / 180.0;
		sites[i].x = GEO_EARTH_RADIUS_M * cos(phi) * cos(lam);
		sites[i].y = GEO_EARTH_RADIUS_M * cos(phi) * sin(lam);
		sites[i].z = GEO_EARTH_RADIUS_M * sin(phi);
		sites[i].index = (int32_t) i;
		sites[i].key = pack_key(bucket_of(sites[i].x, side), bucket_of(sites[i].y, side),
								bucket_of(sites[i].z, side));
	}
	qsort(sites, n, sizeof(*sites), cmp_site);
	return KNOX_OK;
}

/* First position whose key is >= key. */
static size_t
lower_bound(const KnoxSite *sites, size_t n, uint64_t key)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (sites[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The sites of the buckets around one bucket that can pair with its sites
 * as the later member: the bucket itself and its neighbours with a larger
 * key (a neighbour with a smaller key holds only earlier sites).
 */
typedef struct Neighbourhood
{
	uint64_t	key;			/* the bucket */
	size_t		own_end;		/* end of the bucket's own sites */
	int			count;			/* later neighbouring buckets */
	size_t		lo[26];
	size_t		hi[26];
} Neighbourhood;

static void
find_neighbourhood(const KnoxSite *sites, size_t n, size_t p, Neighbourhood *nb)
{
	uint64_t	key = sites[p].key;
	int64_t		ix = compact3(key),
				iy = compact3(key >> 1),
				iz = compact3(key >> 2);

	nb->key = key;
	nb->own_end = lower_bound(sites, n, key + 1);
	nb->count = 0;
	for (int64_t a = ix - 1; a <= ix + 1; a++)
		for (int64_t b = iy - 1; b <= iy + 1; b++)
			for (int64_t c = iz - 1; c <= iz + 1; c++)
			{
				uint64_t	k;
				size_t		lo;

				if (a < 0 || b < 0 || c < 0 || a > BUCKET_MAX || b > BUCKET_MAX || c > BUCKET_MAX)
					continue;
				k = pack_key(a, b, c);
				if (k <= key)
					continue;
				lo = lower_bound(sites, n, k);
				if (lo < n && sites[lo].key == k)
				{
					nb->lo[nb->count] = lo;
					nb->hi[nb->count] = lower_bound(sites, n, k + 1);
					nb->count++;
				}
			}
}

/*
 * Visits the sites q > p within the chord of site p: counts them, and when
 * adj is not NULL also lists them there.  nb must be p's bucket's.
 */
static int64_t
visit_neighbours(const KnoxSite *sites, size_t p, const Neighbourhood *nb,
				 double chord2, int32_t *adj)
{
	const KnoxSite *s = &sites[p];
	int64_t		found = 0;

	for (int r = -1; r < nb->count; r++)
	{
		size_t		q = r < 0 ? p + 1 : nb->lo[r],
					end = r < 0 ? nb->own_end : nb->hi[r];

		for (; q < end; q++)
		{
			double		dx = sites[q].x - s->x,
						dy = sites[q].y - s->y,
						dz = sites[q].z - s->z;

			if (dx * dx + dy * dy + dz * dz > chord2)
				continue;
			if (adj != NULL)
				adj[found] = (int32_t) q;
			found++;
		}
	}
	return found;
}

int64_t
knox_count_pairs(const KnoxSite *sites, size_t n, double close_m,
				 size_t from, size_t to, int64_t total, int64_t *offsets)
{
	double		chord = chord_of(close_m);
	Neighbourhood nb;

	for (size_t p = from; p < to && p < n; p++)
	{
		if (p == from || sites[p].key != nb.key)
			find_neighbourhood(sites, n, p, &nb);
		offsets[p] = total;
		total += visit_neighbours(sites, p, &nb, chord * chord, NULL);
	}
	return total;
}

void
knox_fill_pairs(const KnoxSite *sites, size_t n, double close_m,
				size_t from, size_t to, const int64_t *offsets, int32_t *adj)
{
	double		chord = chord_of(close_m);
	Neighbourhood nb;

	for (size_t p = from; p < to && p < n; p++)
	{
		if (p == from || sites[p].key != nb.key)
			find_neighbourhood(sites, n, p, &nb);
		visit_neighbours(sites, p, &nb, chord * chord, adj + offsets[p]);
	}
}

int64_t
knox_day_limit(double close_days)
{
	/* more than any two dates can be apart */
	if (!(close_days < 1e12))
		return (int64_t) 1e12;
	if (!(close_days >= 0))
		return -1;
	return (int64_t) floor(close_days);
}

int64_t
knox_close_in_time(const int32_t *t, size_t n, const int64_t *offsets,
				   const int32_t *adj, int64_t max_days)
{
	int64_t		count = 0;
	uint64_t	width;

	if (max_days < 0)
		return 0;
	width = 2 * (uint64_t) max_days;
	for (size_t p = 0; p < n; p++)
	{
		int64_t		shifted = (int64_t) t[p] + max_days;

		/*
		 * |t[p] - t[q]| <= max_days, without a branch (it would be taken
		 * half the time at random): t[p] - t[q] + max_days in [0, width].
		 */
		for (int64_t e = offsets[p]; e < offsets[p + 1]; e++)
			count += (uint64_t) (shifted - (int64_t) t[adj[e]]) <= width;
	}
	return count;
}

static int
cmp_int32(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a,
				y = *(const int32_t *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

int64_t
knox_time_pairs(int32_t *t, size_t n, int64_t max_days)
{
	int64_t		count = 0;
	size_t		j = 0;

	if (max_days < 0)
		return 0;
	qsort(t, n, sizeof(*t), cmp_int32);
	/* for each i, the times t[i+1 .. j) are within max_days after t[i] */
	for (size_t i = 0; i < n; i++)
	{
		if (j < i + 1)
			j = i + 1;
		while (j < n && (int64_t) t[j] - (int64_t) t[i] <= max_days)
			j++;
		count += (int64_t) (j - i - 1);
	}
	return count;
}

double
knox_expected(int64_t space_pairs, int64_t time_pairs, size_t n)
{
	double		all;

	if (n < 2)
		return 0.0;
	all = (double) n * (double) (n - 1) / 2.0;
	return (double) space_pairs * (double) time_pairs / all;
}

double
knox_p_value(int64_t as_large, int64_t permutations)
{
	return (1.0 + (double) as_large) / (1.0 + (double) permutations);
}

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t	z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
knox_rng_seed(KnoxRng *rng, uint64_t seed)
{
	uint64_t	state = seed;

	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64(&state);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
knox_rng_next(KnoxRng *rng)
{
	uint64_t   *s = rng->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint32_t
knox_rng_below(KnoxRng *rng, uint32_t bound)
{
	uint64_t	m = (knox_rng_next(rng) >> 32) * (uint64_t) bound;
	uint32_t	low = (uint32_t) m;

	if (low < bound)
	{
		uint32_t	threshold = (uint32_t) (-bound) % bound;

		while (low < threshold)
		{
			m = (knox_rng_next(rng) >> 32) * (uint64_t) bound;
			low = (uint32_t) m;
		}
	}
	return (uint32_t) (m >> 32);
}

void
knox_shuffle(KnoxRng *rng, int32_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--)
	{
		size_t		j = knox_rng_below(rng, (uint32_t) i);
		int32_t		tmp = v[i - 1];

		v[i - 1] = v[j];
		v[j] = tmp;
	}
}
