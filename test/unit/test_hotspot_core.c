/*
 * Unit tests of hotspot_core: Gi* against hand-computed values and against
 * the formula written out, Gi* over grid cells against Gi* over their
 * centres, grid binning, the default cell size, the false discovery rate,
 * and the whole analysis at the equator, across the antimeridian and at
 * the poles (translation moves the hot spot with the points, symmetric
 * points give symmetric z, a cluster across 180 degrees is one hot spot).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo_core.h"
#include "hotspot_core.h"
#include "tap.h"

#define MAXN 4000
#define MAXC 1100000

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static int
compare_doubles(const void *a, const void *b)
{
	double		p = *(const double *) a,
				q = *(const double *) b;

	return (p > q) - (p < q);
}

static unsigned long long rng_state = 88172645463325252ULL;

static double
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double) (rng_state >> 11) / 9007199254740992.0;
}

static double xs[MAXN],
			ys[MAXN],
			vals[MAXN],
			zs[MAXN],
			xy[2 * MAXN],
			tval[MAXN],
			dist[MAXN];
static size_t idx[MAXN],
			table[4 * MAXN + 64];
static unsigned char axis[MAXN];

/* the result of a whole analysis, as the SQL function computes it */
typedef struct Analysis
{
	GeoProjection proj;
	HotspotGrid grid;
	long long	ncells;
	double		thr[3];
	double		count[MAXC];
	double		prefix[MAXC + 4000];
	double		z[MAXC];
	double		p[MAXC];
} Analysis;

static Analysis a1,
			a2;

/* Gi* over the cells of a grid laid over planar points */
static HotspotStatus
analyse_plane(const double *x, const double *y, size_t n, double cell, double band,
			  HotspotGridKind kind, Analysis *a)
{
	HotspotStatus st;
	GiStats		gs;

	if (isnan(cell))
	{
		st = hotspot_default_cell(x, y, n, xy, table, idx, axis, dist, &cell);
		if (st != HOTSPOT_OK)
			return st;
		st = hotspot_grid_layout_default(&a->grid, kind, cell, x, y, n);
	}
	else
		st = hotspot_grid_layout(&a->grid, kind, cell, x, y, n, HOTSPOT_MAX_CELLS);
	if (st != HOTSPOT_OK)
		return st;
	a->ncells = hotspot_grid_cells(&a->grid);
	if (a->ncells > MAXC || hotspot_grid_prefix_size(&a->grid) > MAXC + 4000)
		return HOTSPOT_TOO_MANY_CELLS;
	memset(a->count, 0, sizeof(double) * a->ncells);
	for (size_t i = 0; i < n; i++)
		a->count[hotspot_grid_cell_id(&a->grid, x[i], y[i])] += 1;
	st = gi_star_stats(a->count, a->ncells, &gs);
	if (st != HOTSPOT_OK)
		return st;
	hotspot_grid_gi_prepare(&a->grid, a->count, a->prefix);
	hotspot_grid_gi_star(&a->grid, a->prefix, &gs, isnan(band) ? a->grid.cell : band,
						 0, a->ncells, a->z);
	hotspot_p_values(a->z, a->ncells, a->p);
	hotspot_fdr_thresholds(a->p, a->ncells, a->prefix, a->thr);
	return HOTSPOT_OK;
}

static double plat[MAXN],
			plon[MAXN];

/* the same over points on the globe (projected around their centroid) */
static HotspotStatus
analyse_globe(const double *lat, const double *lon, size_t n, HotspotGridKind kind, Analysis *a)
{
	HotspotStatus st = hotspot_project(lat, lon, n, &a->proj, xs, ys);

	if (st != HOTSPOT_OK)
		return st;
	return analyse_plane(xs, ys, n, NAN, NAN, kind, a);
}

static void
cell_latlon(const Analysis *a, long long id, double *lat, double *lon)
{
	double		x,
				y;

	hotspot_grid_centre(&a->grid, id, &x, &y);
	geo_laea_inverse(&a->proj, x, y, lat, lon);
}

/*
 * A test pattern drawn on an equal-area plane centred at (lat0, lon0) and
 * put on the globe: a 20 x 20 lattice of points 1 km apart and a cluster
 * of 60 points within 150 m of (3 km, 2 km).  Returns the number of points.
 */
static size_t
pattern(double lat0, double lon0, double *lat, double *lon, double *clat, double *clon)
{
	GeoProjection p;
	size_t		n = 0;
	unsigned long long saved = rng_state;

	rng_state = 12345;			/* the same cluster every time */
	geo_laea_init(&p, lat0, lon0);
	for (int r = 0; r < 20; r++)
		for (int c = 0; c < 20; c++)
		{
			geo_laea_inverse(&p, (c - 9.5) * 1000 + 0.3, (r - 9.5) * 1000 + 0.7, &lat[n], &lon[n]);
			n++;
		}
	for (int k = 0; k < 60; k++)
	{
		geo_laea_inverse(&p, 3000 + (rnd() - 0.5) * 300, 2000 + (rnd() - 0.5) * 300, &lat[n], &lon[n]);
		n++;
	}
	geo_laea_inverse(&p, 3000, 2000, clat, clon);
	rng_state = saved;
	return n;
}

/* how many cells are hot, and are all of them within reach of (clat, clon)? */
static int
hot_cells_near(const Analysis *a, double clat, double clon, double reach, int *hot)
{
	int			all_near = 1;

	*hot = 0;
	for (long long id = 0; id < a->ncells; id++)
	{
		const char *cls = hotspot_class(a->z[id], a->thr);
		double		lat,
					lon;

		if (cls == NULL || strncmp(cls, "hot", 3) != 0)
			continue;
		(*hot)++;
		cell_latlon(a, id, &lat, &lon);
		if (geo_distance_m(lat, lon, clat, clon) > reach)
			all_near = 0;
	}
	return all_near;
}

static long long
hottest(const Analysis *a)
{
	long long	best = 0;

	for (long long id = 1; id < a->ncells; id++)
		if (a->z[id] > a->z[best])
			best = id;
	return best;
}

/* the literal formula of Ord & Getis, for comparison */
static double
formula_z(const double *x, const double *y, const double *v, size_t n, double band, size_t i)
{
	double		s = 0,
				s2 = 0,
				xbar,
				sd,
				w = 0,
				wx = 0;

	for (size_t j = 0; j < n; j++)
	{
		s += v[j];
		s2 += v[j] * v[j];
	}
	xbar = s / n;
	sd = sqrt(s2 / n - xbar * xbar);
	for (size_t j = 0; j < n; j++)
		if (sqrt((x[i] - x[j]) * (x[i] - x[j]) + (y[i] - y[j]) * (y[i] - y[j])) <= band)
		{
			w += 1;
			wx += v[j];
		}
	return (wx - xbar * w) / (sd * sqrt((n * w - w * w) / (n - 1)));
}

int
main(void)
{
	HotspotStatus st;
	HotspotGrid g;

	/* ------------------------------------------------ Gi*, by hand */
	{
		/* x = 0..4 on a line, values 1 2 3 4 10, band 1: xbar 4, S = sqrt(10);
		 * z_1 = (3 - 8) / (sqrt(10) sqrt((10 - 4) / 4)) = -5 / sqrt(15) ... */
		double		x[] = {0, 1, 2, 3, 4},
					y[] = {0, 0, 0, 0, 0},
					v[] = {1, 2, 3, 4, 10},
					want[] = {-5 / sqrt(15.0), -6 / sqrt(15.0), -3 / sqrt(15.0), 5 / sqrt(15.0), 6 / sqrt(15.0)};
		int			all = 1;

		st = gi_star_compute(x, y, v, 5, 1.0, xy, tval, idx, axis, zs);
		for (int i = 0; i < 5; i++)
			if (!near(zs[i], want[i], 1e-12))
				all = 0;
		ok(st == HOTSPOT_OK && all, "Gi* of 5 points on a line equals the hand computation");
		ok(near(hotspot_p(zs[4]), 0.12133525035848217, 1e-12) && near(hotspot_p(-1.959963984540054), 0.05, 1e-12),
		   "two-tailed p from erfc");
		st = gi_star_compute(x, y, v, 5, 0.5, xy, tval, idx, axis, zs);
		ok(st == HOTSPOT_OK && near(zs[4], (10 - 4) / sqrt(10.0), 1e-12),
		   "with no neighbour but itself, z is the standardized value");
		st = gi_star_compute(x, y, v, 5, 100, xy, tval, idx, axis, zs);
		ok(st == HOTSPOT_OK && isnan(zs[0]) && isnan(hotspot_p(zs[0])),
		   "a neighbourhood of every point has no z (0 / 0)");
	}

	/* ------------------------------- Gi* against the formula, random */
	{
		size_t		n = 300;
		double		bands[] = {0, 50, 120, 333.3, 2000};
		int			all = 1;

		for (size_t i = 0; i < n; i++)
		{
			xs[i] = floor(rnd() * 1000);
			ys[i] = floor(rnd() * 1000);
			vals[i] = floor(rnd() * 20);
		}
		for (int b = 0; b < 5; b++)
		{
			st = gi_star_compute(xs, ys, vals, n, bands[b], xy, tval, idx, axis, zs);
			for (size_t i = 0; i < n; i++)
			{
				double		want = formula_z(xs, ys, vals, n, bands[b], i);

				if (st != HOTSPOT_OK || !(isnan(want) ? isnan(zs[i]) : near(zs[i], want, 1e-9)))
					all = 0;
			}
		}
		ok(all, "Gi* equals the formula to 1e-9 on 300 random points and 5 bands");
	}

	/* ---------------------------------------------------- refusals */
	{
		double		x[] = {0, 1, 2, 3},
					y[] = {0, 0, 0, 0},
					v[] = {1, 2, 3, 4},
					tenth[] = {0.1, 0.1, 0.1, 0.1},
					nan_v[] = {1, NAN, 3, 4},
					inf_x[] = {0, INFINITY, 2, 3};

		is_int(gi_star_compute(x, y, v, 2, 1, xy, tval, idx, axis, zs), HOTSPOT_TOO_FEW_POINTS, "n < 3");
		is_int(gi_star_compute(x, y, tenth, 4, 1, xy, tval, idx, axis, zs), HOTSPOT_NO_VARIATION,
			   "equal values (whose rounded mean is not exact): S = 0");
		is_int(gi_star_compute(x, y, nan_v, 4, 1, xy, tval, idx, axis, zs), HOTSPOT_BAD_VALUE, "a NaN value");
		is_int(gi_star_compute(inf_x, y, v, 4, 1, xy, tval, idx, axis, zs), HOTSPOT_BAD_COORDINATE, "an infinite x");
		is_int(gi_star_compute(x, y, v, 4, -1, xy, tval, idx, axis, zs), HOTSPOT_BAD_BAND, "a negative band");
		is_int(gi_star_compute(x, y, v, 4, NAN, xy, tval, idx, axis, zs), HOTSPOT_BAD_BAND, "a NaN band");
		ok(strlen(hotspot_status_message(HOTSPOT_TOO_MANY_CELLS)) > 10, "statuses have messages");
	}

	/* ---------------------------------------------- grid binning */
	{
		double		x[] = {0, 250, 1000},
					y[] = {0, 0, 1000},
					cx,
					cy;

		st = hotspot_grid_layout(&g, HOTSPOT_GRID_SQUARE, 500, x, y, 3, HOTSPOT_MAX_CELLS);
		ok(st == HOTSPOT_OK && g.ncols == 3 && g.nrows == 3, "a 1 km extent in 500 m squares: 3 x 3 cells");
		is_int(hotspot_grid_cell_id(&g, 0, 0), 0, "the corner point is in cell 0");
		is_int(hotspot_grid_cell_id(&g, 250, 0), 1, "a point on a boundary goes to the cell above it");
		is_int(hotspot_grid_cell_id(&g, 1000, 1000), 8, "the opposite corner is in cell 8 (row 2 * 3 + column 2)");
		hotspot_grid_centre(&g, 4, &cx, &cy);
		ok(cx == 500 && cy == 500, "cell 4 is centred on the middle of the extent");
		ok(hotspot_grid_cell_area(&g) == 250000, "a square cell's area");
		st = hotspot_grid_layout(&g, HOTSPOT_GRID_HEX, 500, x, y, 3, HOTSPOT_MAX_CELLS);
		ok(st == HOTSPOT_OK && near(hotspot_grid_cell_area(&g), 500 * 500 * sqrt(3.0) / 2, 1e-6),
		   "a hexagon of height 500 m has area 216506 m2");
		is_int(hotspot_grid_layout(&g, HOTSPOT_GRID_SQUARE, 0, x, y, 3, HOTSPOT_MAX_CELLS), HOTSPOT_BAD_CELL, "cell 0");
		is_int(hotspot_grid_layout(&g, HOTSPOT_GRID_SQUARE, 0.01, x, y, 3, HOTSPOT_MAX_CELLS),
			   HOTSPOT_TOO_MANY_CELLS, "10 mm cells over 1 km: too many");
		is_int(hotspot_grid_layout(&g, HOTSPOT_GRID_HEX, 1e-300, x, y, 3, HOTSPOT_MAX_CELLS),
			   HOTSPOT_TOO_MANY_CELLS, "absurdly small cells are refused without overflow");
		st = hotspot_grid_layout_default(&g, HOTSPOT_GRID_SQUARE, 0.01, x, y, 3);
		ok(st == HOTSPOT_OK && hotspot_grid_cells(&g) <= HOTSPOT_DEFAULT_MAX_CELLS &&
		   hotspot_grid_cells(&g) > HOTSPOT_DEFAULT_MAX_CELLS / 4,
		   "a default cell too small for the extent is enlarged to fit (%lld cells)", hotspot_grid_cells(&g));
	}
	/* cell ids on either side of the origin and on every half-cell boundary, against floor() */
	{
		HotspotGrid g;
		double		x[2] = {-10250, 9750},
					y[2] = {-5250, 4750};
		int			same = 1;

		same &= hotspot_grid_layout(&g, HOTSPOT_GRID_SQUARE, 500, x, y, 2, HOTSPOT_MAX_CELLS) == HOTSPOT_OK;
		for (double px = -10250; px <= 9750; px += 125)
			for (double py = -5250; py <= 4750; py += 125)
			{
				long long	c = (long long) floor((px - g.x0) / 500 + 0.5),
							r = (long long) floor((py - g.y0) / 500 + 0.5);

				same &= hotspot_grid_cell_id(&g, px, py) == (r - g.r0) * g.ncols + (c - g.c0);
			}
		ok(same && g.x0 == -250 && g.y0 == -250, "square cell ids over negative and positive offsets, boundaries included, as with floor()");
	}
	{
		HotspotGridKind k;

		ok(hotspot_grid_kind_parse("square", 6, &k) && k == HOTSPOT_GRID_SQUARE &&
		   hotspot_grid_kind_parse("hex", 3, &k) && k == HOTSPOT_GRID_HEX &&
		   !hotspot_grid_kind_parse("Hex", 3, &k) && !hotspot_grid_kind_parse("hexagon", 7, &k) &&
		   !hotspot_grid_kind_parse("", 0, &k), "grid kinds: square and hex only");
	}
	{
		/* every point goes to the hexagon whose centre is nearest */
		int			all = 1;

		for (int i = 0; i < 500; i++)
		{
			xs[i] = rnd() * 10000;
			ys[i] = rnd() * 7000;
		}
		hotspot_grid_layout(&g, HOTSPOT_GRID_HEX, 700, xs, ys, 500, HOTSPOT_MAX_CELLS);
		for (int i = 0; i < 500; i++)
		{
			long long	id = hotspot_grid_cell_id(&g, xs[i], ys[i]);
			double		cx,
						cy,
						d,
						best = INFINITY;

			if (id < 0 || id >= hotspot_grid_cells(&g))
				all = 0;
			hotspot_grid_centre(&g, id, &cx, &cy);
			d = hypot(xs[i] - cx, ys[i] - cy);
			for (long long j = 0; j < hotspot_grid_cells(&g); j++)
			{
				hotspot_grid_centre(&g, j, &cx, &cy);
				best = fmin(best, hypot(xs[i] - cx, ys[i] - cy));
			}
			if (d > best + 1e-9 || d > 700 / sqrt(3.0) + 1e-9)
				all = 0;
		}
		ok(all, "hexagonal binning: each point is in the cell of the nearest centre, inside the grid");
	}

	/* ------------------------- Gi* over cells = Gi* over their centres */
	for (int kind = 0; kind < 2; kind++)
	{
		double		bands[] = {1.0000001, 1.01, 1.5, 2.3, 3.7};
		int			all = 1;
		size_t		ncells;

		for (int i = 0; i < 400; i++)
		{
			xs[i] = rnd() * 9000 + (i % 3 ? 0 : 2000 * rnd());
			ys[i] = rnd() * 6000;
		}
		st = analyse_plane(xs, ys, 400, 1000, NAN, kind, &a1);
		ncells = a1.ncells;
		/* the FDR step sorted p-values in the prefix sums' room */
		hotspot_grid_gi_prepare(&a1.grid, a1.count, a1.prefix);
		for (size_t id = 0; id < ncells; id++)
			hotspot_grid_centre(&a1.grid, id, &xs[id], &ys[id]);
		for (int b = 0; b < 5; b++)
		{
			GiStats		gs;

			gi_star_stats(a1.count, ncells, &gs);
			hotspot_grid_gi_star(&a1.grid, a1.prefix, &gs, bands[b] * 1000, 0, ncells, a1.z);
			gi_star_compute(xs, ys, a1.count, ncells, bands[b] * 1000, xy, tval, idx, axis, zs);
			for (size_t id = 0; id < ncells; id++)
				if (!near(a1.z[id], zs[id], 1e-9))
					all = 0;
		}
		ok(st == HOTSPOT_OK && all, "%s cells: lattice Gi* equals point Gi* over the %zu centres",
		   kind ? "hexagonal" : "square", ncells);
		/* a band of exactly one cell takes the 4 (6) cells around */
		{
			GiStats		gs;

			gi_star_stats(a1.count, ncells, &gs);
			hotspot_grid_gi_star(&a1.grid, a1.prefix, &gs, 1000, 0, ncells, a1.z);
			gi_star_compute(xs, ys, a1.count, ncells, 1000 * (1 + 1e-9), xy, tval, idx, axis, zs);
			all = 1;
			for (size_t id = 0; id < ncells; id++)
				if (!near(a1.z[id], zs[id], 1e-9))
					all = 0;
			ok(all, "%s cells: a band of exactly the cell size holds the neighbours at that distance",
			   kind ? "hexagonal" : "square");
		}
	}

	/* ------------------------------------- translation and symmetry */
	for (int kind = 0; kind < 2; kind++)
	{
		size_t		n = 0;
		int			same = 1,
					mirror = 1;
		long long	h1,
					h2;
		double		x1,
					y1,
					x2,
					y2;

		for (int i = 0; i < 300; i++, n++)
		{
			xs[n] = (rnd() - 0.5) * 20000;
			ys[n] = (rnd() - 0.5) * 14000;
		}
		for (int i = 0; i < 80; i++, n++)
		{
			xs[n] = 4100 + (rnd() - 0.5) * 600;
			ys[n] = -2300 + (rnd() - 0.5) * 600;
		}
		memcpy(vals, xs, sizeof(double) * n);	/* keep the originals */
		memcpy(zs, ys, sizeof(double) * n);
		analyse_plane(vals, zs, n, 900, NAN, kind, &a1);
		for (size_t i = 0; i < n; i++)
		{
			xs[i] = vals[i] + 123456.7;
			ys[i] = zs[i] - 9876.5;
		}
		analyse_plane(xs, ys, n, 900, NAN, kind, &a2);
		for (long long id = 0; id < a1.ncells && a1.ncells == a2.ncells; id++)
			if (!near(a1.z[id], a2.z[id], 1e-9) || a1.count[id] != a2.count[id])
				same = 0;
		h1 = hottest(&a1);
		h2 = hottest(&a2);
		hotspot_grid_centre(&a1.grid, h1, &x1, &y1);
		hotspot_grid_centre(&a2.grid, h2, &x2, &y2);
		ok(same && a1.ncells == a2.ncells && near(x2 - x1, 123456.7, 1e-6) && near(y2 - y1, -9876.5, 1e-6),
		   "%s: translating the points moves the hot spot with them", kind ? "hex" : "square");
		ok(hypot(x1 - 4100, y1 + 2300) < 900,
		   "%s: the hottest cell is the cluster's", kind ? "hex" : "square");

		/* mirror every point across x = 0: z mirrors too */
		n = 0;
		for (int i = 0; i < 150; i++, n += 2)
		{
			xs[n] = (rnd() - 0.5) * 20000;
			ys[n] = (rnd() - 0.5) * 14000;
			xs[n + 1] = -xs[n];
			ys[n + 1] = ys[n];
		}
		for (int i = 0; i < 40; i++, n += 2)
		{
			xs[n] = 4100 + (rnd() - 0.5) * 600;
			ys[n] = -2300 + (rnd() - 0.5) * 600;
			xs[n + 1] = -xs[n];
			ys[n + 1] = ys[n];
		}
		analyse_plane(xs, ys, n, 900, NAN, kind, &a1);
		for (long long id = 0; id < a1.ncells; id++)
		{
			long long	row = id / a1.grid.ncols,
						col = id % a1.grid.ncols,
						twin = row * a1.grid.ncols + (a1.grid.ncols - 1 - col);

			if (!near(a1.z[id], a1.z[twin], 1e-9))
				mirror = 0;
		}
		ok(mirror, "%s: points symmetric about a line give symmetric z", kind ? "hex" : "square");
	}
	{
		/* square cells: mirrored across y = 0 as well */
		size_t		n = 0;
		int			mirror = 1;

		for (int i = 0; i < 200; i++, n += 2)
		{
			xs[n] = (rnd() - 0.5) * 20000;
			ys[n] = (rnd() - 0.5) * 14000;
			xs[n + 1] = xs[n];
			ys[n + 1] = -ys[n];
		}
		analyse_plane(xs, ys, n, 900, 2000, HOTSPOT_GRID_SQUARE, &a1);
		for (long long id = 0; id < a1.ncells; id++)
		{
			long long	row = id / a1.grid.ncols,
						col = id % a1.grid.ncols,
						twin = (a1.grid.nrows - 1 - row) * a1.grid.ncols + col;

			if (!near(a1.z[id], a1.z[twin], 1e-9))
				mirror = 0;
		}
		ok(mirror, "square: symmetric about the other axis, with a wider band, too");
	}

	/* ------------------------------------------- default cell size */
	{
		double		x[20],
					y[20],
					cell;

		for (int i = 0; i < 10; i++)
		{
			x[i] = x[i + 10] = i * 10.0;	/* every location twice */
			y[i] = y[i + 10] = 5;
		}
		st = hotspot_default_cell(x, y, 20, xy, table, idx, axis, dist, &cell);
		ok(st == HOTSPOT_OK && cell == 20, "evenly spaced locations 10 m apart: cell 2 x 10 m (got %g)", cell);
		{
			double		gx[] = {0, 1, 3, 7},
						gy[] = {0, 0, 0, 0};

			/* nearest distances 1 1 2 4: mean 2, median 1.5, ratio 1.33 -> 2 x 2 */
			st = hotspot_default_cell(gx, gy, 4, xy, table, idx, axis, dist, &cell);
			ok(st == HOTSPOT_OK && cell == 4, "distances 1 1 2 4: the larger of mean and median, times 2 (got %g)", cell);
		}
		{
			double		gx[] = {0, 1, 2, 3, 100},
						gy[] = {0, 0, 0, 0, 0};

			/* nearest distances 1 1 1 1 97: mean 20.2, median 1: ratio 20.2 */
			st = hotspot_default_cell(gx, gy, 5, xy, table, idx, axis, dist, &cell);
			ok(st == HOTSPOT_OK && near(cell, 20.2 * 20.2, 1e-9),
			   "skewed distances: the larger times the ratio when that exceeds 2 (got %g)", cell);
		}
		for (int i = 0; i < 10; i++)
		{
			x[i] = 7;
			y[i] = -0.0;
		}
		y[3] = 0.0;
		is_int(hotspot_default_cell(x, y, 10, xy, table, idx, axis, dist, &cell), HOTSPOT_ONE_LOCATION,
			   "one location (0 and -0 alike): no cell size");
		is_int(hotspot_default_cell(x, y, 1, xy, table, idx, axis, dist, &cell), HOTSPOT_ONE_LOCATION,
			   "one point: no cell size");
	}

	/* --------------------------------------------------------- FDR */
	{
		/* Benjamini & Hochberg's textbook case: m = 10, alpha 0.05 */
		double		p[] = {0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216};
		double		ones[] = {1, 1, 1},
					thr[3],
					z[] = {4.0, -3.0, 2.0, 0.5, NAN},
					ps[5];

		ok(fdr_threshold(p, 10, 0.05) == 0.008, "BH at 5 %%: the two smallest are discoveries");
		ok(fdr_threshold(p, 10, 0.01) == 0.001, "BH at 1 %%: the smallest");
		ok(fdr_threshold(p, 10, 0.5) == 0.216, "BH at 50 %%: all");
		ok(fdr_threshold(ones, 3, 0.1) == -1, "no discovery: threshold below every p");
		ok(fdr_threshold(p, 0, 0.1) == -1, "no p-values");
		hotspot_p_values(z, 5, ps);
		hotspot_fdr_thresholds(ps, 5, dist, thr);
		/*
		 * p: 6.3e-5, 0.0027, 0.0455, 0.617 (m = 4).  At 1 %: 0.0027 <= 2 *
		 * 0.01 / 4; at 5 %: 0.0455 > 3 * 0.05 / 4, 0.0027 <= 2 * 0.05 / 4;
		 * at 10 %: 0.0455 <= 3 * 0.1 / 4.
		 */
		ok(near(thr[0], hotspot_p(3.0), 1e-15) && near(thr[1], hotspot_p(3.0), 1e-15) &&
		   near(thr[2], hotspot_p(2.0), 1e-15), "thresholds at 1, 5, 10 %% of four z-scores");
		is_str(hotspot_class(4.0, thr), "hot 99", "z 4: hot 99");
		is_str(hotspot_class(-3.0, thr), "cold 99", "z -3: cold 99");
		is_str(hotspot_class(2.0, thr), "hot 90", "z 2 (p 0.0455, not a discovery at 5 %%): hot 90");
		is_str(hotspot_class(0.5, thr), "not significant", "z 0.5: not significant");
		ok(hotspot_class(NAN, thr) == NULL, "no z: no class");
		thr[0] = -1;
		thr[1] = 0.01;
		thr[2] = 0.2;
		is_str(hotspot_class(-1.5, thr), "cold 90", "z -1.5 with a 10 %% threshold of 0.2: cold 90");
	}

	/*
	 * hotspot_fdr_thresholds sorts only the p-values up to 10 %; over many
	 * z-scores, most of them far from significant, its thresholds are those
	 * of the full sort (a rank or an m taken from the kept values alone
	 * would move them).
	 */
	{
		enum
		{
			M = 20000
		};
		static double zs[M],
					ps[M],
					all_p[M],
					work[M];
		double		thr[3];
		size_t		m = 0;
		int			same = 1,
					found = 0;

		for (int i = 0; i < M; i++)
		{
			/* mostly |z| < 1.5; one in 40 a stronger signal; a few NaN */
			zs[i] = rnd() < 0.001 ? NAN : (3 * rnd() - 1.5) * (rnd() < 0.025 ? 3.0 : 1.0);
			if (!isnan(zs[i]))
				all_p[m++] = hotspot_p(zs[i]);
		}
		qsort(all_p, m, sizeof(double), compare_doubles);
		hotspot_p_values(zs, M, ps);
		hotspot_fdr_thresholds(ps, M, work, thr);
		for (int a = 0; a < 3; a++)
		{
			double		alpha = a == 0 ? 0.01 : (a == 1 ? 0.05 : 0.10);

			same &= thr[a] == fdr_threshold(all_p, m, alpha);
			found += thr[a] > 0;
		}
		ok(same && found == 3, "FDR thresholds over 20,000 z-scores equal the full sort's (%g, %g, %g)",
		   thr[0], thr[1], thr[2]);
		for (int c = HOTSPOT_CLASS_NONE; c < HOTSPOT_CLASS_COUNT; c++)
			same &= c == HOTSPOT_CLASS_NONE ? hotspot_class_label(c) == NULL :
				hotspot_class_label(c) != NULL;
		for (int i = 0; i < M; i++)
		{
			const char *one = hotspot_class(zs[i], thr),
					   *two = hotspot_class_label(hotspot_classify(zs[i], hotspot_p(zs[i]), thr));

			same &= (one == NULL && two == NULL) || (one != NULL && two != NULL && strcmp(one, two) == 0);
		}
		ok(same, "hotspot_classify and its label give hotspot_class's class for each z");
	}

	/* ------------------------------- on the globe: equator, 180, poles */
	{
		size_t		n;
		double		clat,
					clon,
					clat2,
					clon2,
					lat1,
					lon1,
					lat2,
					lon2;
		int			same = 1,
					hot,
					hot_ref;
		long long	h;

		n = pattern(0, 0, plat, plon, &clat, &clon);
		st = analyse_globe(plat, plon, n, HOTSPOT_GRID_SQUARE, &a1);
		h = hottest(&a1);
		cell_latlon(&a1, h, &lat1, &lon1);
		ok(st == HOTSPOT_OK && hot_cells_near(&a1, clat, clon, 3 * a1.grid.cell, &hot_ref) && hot_ref > 0 &&
		   strcmp(hotspot_class(a1.z[h], a1.thr), "hot 99") == 0,
		   "equator: %d hot cells, all at the cluster, the hottest hot 99", hot_ref);
		ok(geo_distance_m(lat1, lon1, clat, clon) < a1.grid.cell, "equator: the hottest cell holds the cluster");

		n = pattern(0, 37.25, plat, plon, &clat2, &clon2);
		st = analyse_globe(plat, plon, n, HOTSPOT_GRID_SQUARE, &a2);
		for (long long id = 0; id < a1.ncells && a1.ncells == a2.ncells; id++)
			if (!near(a1.z[id], a2.z[id], 1e-9))
				same = 0;
		cell_latlon(&a2, hottest(&a2), &lat2, &lon2);
		ok(st == HOTSPOT_OK && same && a1.ncells == a2.ncells && near(lon2 - lon1, 37.25, 1e-9) &&
		   near(lat2, lat1, 1e-9), "moving the points 37.25 degrees east moves the hot spot 37.25 degrees east");

		/* across the antimeridian: one hot spot, the same as at longitude 0 */
		n = pattern(10, 0, plat, plon, &clat, &clon);
		analyse_globe(plat, plon, n, HOTSPOT_GRID_HEX, &a1);
		hot_cells_near(&a1, clat, clon, 3 * a1.grid.cell, &hot_ref);
		n = pattern(10, 180, plat, plon, &clat, &clon);
		ok(fabs(clon) > 179.9, "the cluster straddles the antimeridian");
		st = analyse_globe(plat, plon, n, HOTSPOT_GRID_HEX, &a2);
		same = a1.ncells == a2.ncells;
		for (long long id = 0; id < a1.ncells && same; id++)
			if (!near(a1.z[id], a2.z[id], 1e-9))
				same = 0;
		ok(st == HOTSPOT_OK && a2.grid.ncols < 40 && a2.grid.nrows < 40,
		   "across 180 degrees the grid covers the points only (%lld x %lld cells)", a2.grid.ncols, a2.grid.nrows);
		ok(hot_cells_near(&a2, clat, clon, 3 * a2.grid.cell, &hot) && hot == hot_ref && hot > 0 && same,
		   "across 180 degrees the cluster is one hot spot of %d cells, as at longitude 0", hot);

		/* round the poles */
		n = pattern(90, 0, plat, plon, &clat, &clon);
		st = analyse_globe(plat, plon, n, HOTSPOT_GRID_SQUARE, &a1);
		h = hottest(&a1);
		cell_latlon(&a1, h, &lat1, &lon1);
		ok(st == HOTSPOT_OK && hot_cells_near(&a1, clat, clon, 3 * a1.grid.cell, &hot) && hot > 0 &&
		   geo_distance_m(lat1, lon1, clat, clon) < a1.grid.cell,
		   "north pole: one hot spot of %d cells at the cluster", hot);
		n = pattern(-89.995, 123, plat, plon, &clat, &clon);
		st = analyse_globe(plat, plon, n, HOTSPOT_GRID_HEX, &a1);
		h = hottest(&a1);
		cell_latlon(&a1, h, &lat1, &lon1);
		ok(st == HOTSPOT_OK && hot_cells_near(&a1, clat, clon, 3 * a1.grid.cell, &hot) && hot > 0 &&
		   geo_distance_m(lat1, lon1, clat, clon) < a1.grid.cell,
		   "next to the south pole: one hot spot of %d cells at the cluster", hot);
	}
	{
		double		la[] = {0, 0, 10},
					lo[] = {0, 180, 90},
					bad[] = {0, 0, 95};
		GeoProjection p;

		is_int(hotspot_project(bad, lo, 3, &p, xs, ys), HOTSPOT_BAD_COORDINATE, "latitude 95 is refused");
		is_int(hotspot_project(la, lo, 2, &p, xs, ys), HOTSPOT_NO_CENTRE, "antipodal points have no centre");
	}
	return done_testing();
}
