/*
 * Unit tests of nni_core: the k-d tree against brute force, the
 * Clark–Evans index on hand-checkable numbers, lattices and clusters, and
 * nearest neighbours across the antimeridian and at the poles.
 */
#include <math.h>
#include <stdlib.h>

#include "geo_core.h"
#include "nni_core.h"
#include "tap.h"

#define MAXN 3000

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* a small deterministic generator, so that the tests repeat exactly */
static unsigned long long rng_state = 88172645463325252ULL;

static double
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

static double pts[3 * MAXN],
			tree_pts[3 * MAXN],
			vals[MAXN],
			tvals[MAXN],
			lat[MAXN],
			lon[MAXN],
			work[3 * MAXN];
static size_t idx[MAXN];
static unsigned char axis[MAXN];

/* the k-d tree answers exactly what a scan of every pair answers */
static void
check_tree(int dim, size_t n, double spread, const char *label)
{
	NnTree		tree;
	int			nearest_ok = 1,
				within_ok = 1;
	double		r = spread * 0.05;

	for (size_t i = 0; i < n * dim; i++)
		pts[i] = tree_pts[i] = floor(rnd() * spread);	/* integers: many ties */
	for (size_t i = 0; i < n; i++)
		vals[i] = rnd();
	nn_tree_build(&tree, tree_pts, dim, n, idx, axis);
	for (size_t k = 0; k < n; k++)
		tvals[k] = vals[idx[k]];
	for (size_t k = 0; k < n; k++)
	{
		size_t		i = idx[k],
					best;
		double		best_d2,
					brute = INFINITY,
					count = 0,
					sum = 0,
					bcount = 0,
					bsum = 0;

		for (size_t j = 0; j < n; j++)
		{
			double		d2 = 0;

			for (int d = 0; d < dim; d++)
				d2 += (pts[i * dim + d] - pts[j * dim + d]) * (pts[i * dim + d] - pts[j * dim + d]);
			if (j != i && d2 < brute)
				brute = d2;
			if (sqrt(d2) <= r)
			{
				bcount++;
				bsum += vals[j];
			}
		}
		if (nn_tree_nearest(&tree, tree.pts + k * dim, k, &best, &best_d2) ?
			best_d2 != brute : brute != INFINITY)
			nearest_ok = 0;
		nn_tree_within(&tree, tree.pts + k * dim, r, tvals, &count, &sum);
		if (count != bcount || !near(sum, bsum, 1e-9))
			within_ok = 0;
	}
	ok(nearest_ok, "%s: nearest neighbours match brute force", label);
	ok(within_ok, "%s: fixed-radius counts and sums match brute force", label);
}

/* a lattice in a plane centred at (0, 0) of an equal-area projection,
 * back on the globe; returns the number of points */
static size_t
lattice(double clat, double clon, double d, int rows, int cols, int hex)
{
	GeoProjection p;
	size_t		n = 0;

	geo_laea_init(&p, clat, clon);
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
		{
			double		x = (c - cols / 2) * d + (hex && (r & 1) ? d / 2 : 0),
						y = (r - rows / 2) * d * (hex ? sqrt(3.0) / 2 : 1.0);

			geo_laea_inverse(&p, x, y, &lat[n], &lon[n]);
			n++;
		}
	return n;
}

int
main(void)
{
	NniResult	res;
	NniStatus	st;
	size_t		n;

	check_tree(2, 1500, 1000, "2-D");
	check_tree(3, 1500, 1000, "3-D");
	check_tree(2, 1500, 10, "2-D with many coincident points");
	check_tree(2, 1, 10, "2-D single point");
	{
		NnTree		tree;
		size_t		best;
		double		d2;

		nn_tree_build(&tree, tree_pts, 2, 0, idx, axis);
		ok(!nn_tree_nearest(&tree, pts, (size_t) -1, &best, &d2), "an empty tree has no nearest point");
		tree_pts[0] = tree_pts[1] = 0;
		nn_tree_build(&tree, tree_pts, 2, 1, idx, axis);
		ok(!nn_tree_nearest(&tree, tree_pts, 0, &best, &d2), "a lone point has no neighbour");
		ok(nn_tree_nearest(&tree, tree_pts, (size_t) -1, &best, &d2) && d2 == 0,
		   "a query excluding nothing finds the point itself");
	}

	/* Clark–Evans by hand: n = 4, A = 16 m2: expected 0.5 / sqrt(4 / 16) = 1 m,
	 * SE = 0.26136 / sqrt(16 / 16) */
	st = nni_clark_evans(4, 1.0, 16.0, &res);
	ok(st == NNI_OK && near(res.expected_m, 1.0, 1e-15) && near(res.r, 1.0, 1e-15) &&
	   near(res.z, 0.0, 1e-15) && near(res.p, 1.0, 1e-15), "observed = expected: R 1, z 0, p 1");
	st = nni_clark_evans(4, 1.26136, 16.0, &res);
	ok(st == NNI_OK && near(res.z, 1.0, 1e-12) && near(res.p, 0.31731050786291415, 1e-12),
	   "one standard error above: z 1, p 0.3173");
	st = nni_clark_evans(100, 5.0, 1e6, &res);
	ok(st == NNI_OK && near(res.expected_m, 50.0, 1e-12) && near(res.r, 0.1, 1e-12) &&
	   near(res.z, (5.0 - 50.0) / (0.26136 / sqrt(100.0 * 100.0 / 1e6)), 1e-9),
	   "R and z of n = 100 in 1 km2");
	ok(near(nni_normal_p(1.959963984540054), 0.05, 1e-12) && near(nni_normal_p(-2.5758293035489004), 0.01, 1e-12),
	   "two-tailed p at the 95 and 99 %% quantiles");
	is_int(nni_clark_evans(1, 1, 1, &res), NNI_TOO_FEW_POINTS, "one point is too few");
	is_int(nni_clark_evans(5, 1, 0, &res), NNI_BAD_AREA, "area 0 is refused");
	is_int(nni_clark_evans(5, 1, INFINITY, &res), NNI_BAD_AREA, "infinite area is refused");

	/* a hexagonal lattice is as dispersed as points get: R = 2.149 */
	n = lattice(0, 0, 100, 40, 40, 1);
	st = nni_compute(lat, lon, n, n * 100.0 * 100.0 * sqrt(3.0) / 2, work, idx, axis, &res);
	ok(st == NNI_OK && near(res.observed_m, 100, 1e-3) && near(res.r, 2.1491, 1e-3),
	   "hexagonal lattice: R = %.4f (2.149)", res.r);
	st = nni_compute(lat, lon, n, NAN, work, idx, axis, &res);
	ok(st == NNI_OK && res.r > 2.0 && res.r < 2.2 && res.z > 50,
	   "hexagonal lattice with the default area: R = %.4f, dispersed", res.r);
	n = lattice(0, 0, 100, 40, 40, 0);
	st = nni_compute(lat, lon, n, n * 100.0 * 100.0, work, idx, axis, &res);
	ok(st == NNI_OK && near(res.r, 2.0, 1e-3), "square lattice: R = %.4f (2)", res.r);
	st = nni_compute(lat, lon, n, NAN, work, idx, axis, &res);
	ok(st == NNI_OK && res.r > 1.5 && res.p < 1e-6, "square lattice, default area: R = %.4f > 1", res.r);
	ok(near(res.area_m2, 3900.0 * 3900.0, 3900.0 * 3900.0 * 1e-6), "the default area is the bounding rectangle");

	/* clustered: 10 clusters of 50 points within 20 m, spread over 50 km */
	n = 0;
	for (int c = 0; c < 10; c++)
	{
		double		clat = 20 + rnd() * 0.45,
					clon = -103 + rnd() * 0.45;

		for (int k = 0; k < 50; k++)
		{
			lat[n] = clat + (rnd() - 0.5) * 0.0002;
			lon[n] = clon + (rnd() - 0.5) * 0.0002;
			n++;
		}
	}
	st = nni_compute(lat, lon, n, NAN, work, idx, axis, &res);
	ok(st == NNI_OK && res.r < 0.2 && res.z < -10 && res.p < 1e-9, "clustered points: R = %.4f < 1", res.r);

	/* random points: R near 1 */
	for (size_t i = 0; i < 2000; i++)
	{
		lat[i] = 10 + rnd() * 0.1;
		lon[i] = 10 + rnd() * 0.1;
	}
	st = nni_compute(lat, lon, 2000, NAN, work, idx, axis, &res);
	ok(st == NNI_OK && res.r > 0.9 && res.r < 1.1, "random points: R = %.4f near 1", res.r);

	/* the same pattern at the antimeridian and round a pole */
	{
		double		r_equator;

		n = lattice(0, 0, 100, 20, 20, 1);
		nni_compute(lat, lon, n, 1e7, work, idx, axis, &res);
		r_equator = res.r;
		n = lattice(0, 180, 100, 20, 20, 1);
		st = nni_compute(lat, lon, n, 1e7, work, idx, axis, &res);
		ok(st == NNI_OK && near(res.r, r_equator, 1e-6) && near(res.observed_m, 100, 1e-3),
		   "a lattice across the antimeridian has the same R (%.6f)", res.r);
		n = lattice(90, 0, 100, 20, 20, 1);
		st = nni_compute(lat, lon, n, 1e7, work, idx, axis, &res);
		ok(st == NNI_OK && near(res.r, r_equator, 1e-6), "a lattice round the north pole has the same R (%.6f)", res.r);
		n = lattice(-89.9, 45, 100, 20, 20, 1);
		st = nni_compute(lat, lon, n, 1e7, work, idx, axis, &res);
		ok(st == NNI_OK && near(res.r, r_equator, 1e-6), "a lattice near the south pole has the same R (%.6f)", res.r);
	}
	{
		double		la[] = {10, 10, 10},
					lo[] = {179.9999, -179.9999, 0};

		st = nni_compute(la, lo, 3, 1e12, work, idx, axis, &res);
		ok(st == NNI_OK &&
		   near(res.observed_m, (2 * geo_distance_m(10, 179.9999, 10, -179.9999) +
								 geo_distance_m(10, 0, 10, 179.9999)) / 3, 1e-3),
		   "nearest neighbours across the antimeridian are the close ones");
	}

	/* refusals */
	{
		double		la[] = {10, 10, 10},
					lo[] = {20, 20, 20},
					bad[] = {91, 0, 0},
					alat[] = {0, 0},
					alon[] = {0, 180},
					area;

		is_int(nni_compute(la, lo, 1, NAN, work, idx, axis, &res), NNI_TOO_FEW_POINTS, "one point");
		is_int(nni_compute(bad, lo, 3, NAN, work, idx, axis, &res), NNI_BAD_COORDINATE, "latitude 91");
		is_int(nni_compute(la, lo, 3, NAN, work, idx, axis, &res), NNI_ZERO_AREA, "one location, default area");
		is_int(nni_compute(la, lo, 3, 1e6, work, idx, axis, &res), NNI_OK, "one location with an area");
		ok(res.r == 0 && res.observed_m == 0, "coincident points: R 0");
		is_int(nni_default_area(alat, alon, 2, &area), NNI_NO_CENTRE, "antipodal points have no centre");
		is_int(nni_compute(la, lo, 3, -5, work, idx, axis, &res), NNI_BAD_AREA, "a negative area");
		ok(nni_status_message(NNI_ZERO_AREA)[0] != '\0', "statuses have messages");
	}
	return done_testing();
}
