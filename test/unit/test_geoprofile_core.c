/* Unit tests of geoprofile_core: Rossmo's function, the default buffer, the grid, percentiles. */
#include <math.h>
#include <stdlib.h>

#include "geoprofile_core.h"
#include "tap.h"

#define MAXN 200

static double px[MAXN],
			py[MAXN];
static GeoprofileSortItem work[MAXN];

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

static GeoprofileOptions
options(double buffer, double cell)
{
	GeoprofileOptions o;

	o.has_buffer = buffer > 0;
	o.buffer_m = buffer;
	o.f = 1.2;
	o.g = 1.2;
	o.has_cell = cell > 0;
	o.cell_m = cell;
	o.max_cells = 4000000;
	return o;
}

/* Plans, scores and normalises; returns the scores (malloc'd) or NULL. */
static double *
profile(const double *lat, const double *lon, size_t n, const GeoprofileOptions *opt,
		GeoprofileGrid *grid, GeoprofileStatus *status)
{
	size_t		bad;
	double		cells,
			   *s;

	*status = geoprofile_plan(lat, lon, n, opt, px, py, work, grid, &bad, &cells);
	if (*status != GEOPROFILE_OK)
		return NULL;
	s = malloc((size_t) grid->nx * grid->ny * sizeof(double));
	geoprofile_score_rows(grid, px, py, n, 0, grid->ny, s);
	geoprofile_normalize(s, (size_t) grid->nx * grid->ny);
	return s;
}

int
main(void)
{
	GeoprofileGrid grid;
	GeoprofileStatus st;
	GeoprofileOptions opt;
	double	   *s;

	/* Rossmo's function by hand: B = 100 m, f = g = 1.2 */
	grid.buffer = 100;
	grid.f = 1.2;
	grid.g = 1.2;
	ok(near(geoprofile_decay(&grid, 300), pow(300, -1.2), 1e-15), "outside the buffer: 1/d^f");
	ok(near(geoprofile_decay(&grid, 0), pow(200, -1.2), 1e-15), "at the site: B^(g-f) / (2B)^g");
	ok(near(geoprofile_decay(&grid, 50), pow(150, -1.2), 1e-15), "inside: B^(g-f) / (2B - d)^g");
	ok(near(geoprofile_decay(&grid, 100), pow(100, -1.2), 1e-15), "at the buffer's edge: B^-f");
	grid.f = 1.9;
	grid.g = 1.4;
	ok(near(geoprofile_decay(&grid, 100), geoprofile_decay(&grid, 100 + 1e-9), 1e-12),
	   "the two parts meet at B when f != g");
	ok(geoprofile_decay(&grid, 60) < geoprofile_decay(&grid, 99) &&
	   geoprofile_decay(&grid, 101) > geoprofile_decay(&grid, 150),
	   "rises to the buffer's edge, falls beyond it");

	/* mean nearest-neighbour distance, Manhattan, by hand */
	{
		double		x[] = {0, 3, 10},
					y[] = {0, 4, 0};
		double		x2[] = {5, 5, 5, 5},
					y2[] = {0, 1, 3, 7};

		/* (0,0)-(3,4): 7; (3,4)-(0,0): 7; (10,0)-(0,0): 10 */
		ok(near(geoprofile_mean_nn_manhattan(x, y, 3, work), 8.0, 1e-12), "mean NN (Manhattan): (7+7+10)/3");
		/* a vertical line: 1, 1, 2, 4 */
		ok(near(geoprofile_mean_nn_manhattan(x2, y2, 4, work), 2.0, 1e-12), "mean NN along a vertical line");
		ok(geoprofile_mean_nn_manhattan(x, y, 1, work) == 0, "one site has no neighbour");
	}

	/* a single site: the profile peaks on the diamond at Manhattan distance B, with 8-fold symmetry */
	{
		double		la[] = {0},
					lo[] = {0},
					asym = 0,
					maxs = 0,
					x,
					y,
					total = 0;
		size_t		peak;

		opt = options(1000, 20);
		s = profile(la, lo, 1, &opt, &grid, &st);
		ok(st == GEOPROFILE_OK, "single site with a buffer");
		is_int(grid.nx, 200, "hunting area: 2B on each side of the site, 4B / cell wide");
		is_int(grid.ny, 200, "and as high");
		peak = geoprofile_peak(s, (size_t) grid.nx * grid.ny);
		geoprofile_cell_xy(&grid, (int) (peak % grid.nx), (int) (peak / grid.nx), &x, &y);
		ok(fabs(fabs(x - px[0]) + fabs(y - py[0]) - 1000) <= grid.cell,
		   "peak at Manhattan distance B (%.1f m)", fabs(x - px[0]) + fabs(y - py[0]));
		for (int iy = 0; iy < grid.ny; iy++)
			for (int ix = 0; ix < grid.nx; ix++)
			{
				double		v = s[iy * grid.nx + ix];

				total += v;
				maxs = fmax(maxs, v);
				asym = fmax(asym, fabs(v - s[iy * grid.nx + (grid.nx - 1 - ix)]));
				asym = fmax(asym, fabs(v - s[(grid.ny - 1 - iy) * grid.nx + ix]));
				asym = fmax(asym, fabs(v - s[ix * grid.nx + iy]));
			}
		ok(asym <= maxs * 1e-6, "symmetric under mirrors and the diagonal (%.3g of %.3g)", asym, maxs);
		ok(near(total, 1.0, 1e-9), "scores sum to 1");
		{
			/* along the east axis: rises to B, falls after */
			int			mid = grid.ny / 2;
			double		at_site = s[mid * grid.nx + grid.nx / 2],
						at_edge = s[mid * grid.nx + grid.nx - 1];

			ok(at_site < s[peak] && at_edge < s[peak] && at_edge < at_site,
			   "lower at the site, lowest at the area's edge");
		}
		{
			double	   *sorted = malloc(40000 * sizeof(double)),
					   *pct = malloc(40000 * sizeof(double));
			bool		monotone = true;
			double		minp = 100;

			geoprofile_percentiles(s, 40000, sorted, pct);
			ok(pct[peak] == 100.0, "the peak's percentile is 100");
			for (int i = 0; i < 40000; i++)
			{
				minp = fmin(minp, pct[i]);
				if ((s[i] < s[peak] && pct[i] > pct[peak]) ||
					(i > 0 && ((s[i] < s[i - 1]) != (pct[i] < pct[i - 1])) && s[i] != s[i - 1]))
					monotone = false;
			}
			ok(monotone, "percentile increases with the score");
			ok(minp >= 100.0 / 40000, "the lowest cell's percentile is its own share (%.2f %%)", minp);
			free(sorted);
			free(pct);
		}
		free(s);
	}

	/* percentiles by hand, with ties */
	{
		double		sc[] = {0.1, 0.4, 0.2, 0.2, 0.1},
					sorted[5],
					pct[5];

		geoprofile_percentiles(sc, 5, sorted, pct);
		ok(pct[0] == 40 && pct[1] == 100 && pct[2] == 80 && pct[3] == 80 && pct[4] == 40,
		   "percentile: share of cells scoring at most as much (%.0f %.0f %.0f %.0f %.0f)",
		   pct[0], pct[1], pct[2], pct[3], pct[4]);
		is_int(geoprofile_peak(sc, 5), 1, "peak index");
		sc[3] = 0.4;
		is_int(geoprofile_peak(sc, 5), 1, "on ties the first");
	}

	/* default buffer and hunting area of a series */
	{
		double		la[] = {20.66, 20.68, 20.70, 20.69},
					lo[] = {-103.36, -103.33, -103.35, -103.30},
					xmin = INFINITY,
					xmax = -INFINITY,
					ymin = INFINITY,
					ymax = -INFINITY,
					b,
					mx,
					my;

		opt = options(0, 0);
		s = profile(la, lo, 4, &opt, &grid, &st);
		ok(st == GEOPROFILE_OK, "a series with the defaults");
		for (int i = 0; i < 4; i++)
		{
			xmin = fmin(xmin, px[i]);
			xmax = fmax(xmax, px[i]);
			ymin = fmin(ymin, py[i]);
			ymax = fmax(ymax, py[i]);
		}
		b = geoprofile_mean_nn_manhattan(px, py, 4, work) / 2;
		ok(near(grid.buffer, b, 1e-9), "B = half the mean NN distance (%.1f m)", grid.buffer);
		mx = fmax((xmax - xmin) / 6, 2 * b);
		my = fmax((ymax - ymin) / 6, 2 * b);
		ok(near(grid.cell, fmax(xmax - xmin + 2 * mx, ymax - ymin + 2 * my) / 100, 1e-6),
		   "cell: the longer side / 100 (%.1f m)", grid.cell);
		ok(grid.nx == 100 || grid.ny == 100, "100 cells along the longer side (%d x %d)", grid.nx, grid.ny);
		ok(grid.x0 <= xmin - mx + 1e-6 && grid.x0 + grid.nx * grid.cell >= xmax + mx - 1e-6 &&
		   grid.y0 <= ymin - my + 1e-6 && grid.y0 + grid.ny * grid.cell >= ymax + my - 1e-6,
		   "the grid covers the bounding box plus the margins");
		free(s);
	}

	/* across the antimeridian and near a pole: same profile as the same series elsewhere */
	{
		double		la[] = {-10.01, -10.0, -9.98, -10.02, -9.99},
					lo[] = {179.99, -179.98, 179.97, -179.99, 179.995},
					la2[5],
					lo2[5],
					maxdiff = 0,
					maxs = 0,
					plat,
					plon;
		double	   *s2;
		GeoprofileGrid g2;
		size_t		peak;

		for (int i = 0; i < 5; i++)
		{
			la2[i] = la[i];
			lo2[i] = lo[i] - 180.0 + (lo[i] < 0 ? 360.0 : 0.0);
		}
		opt = options(0, 0);
		s = profile(la, lo, 5, &opt, &grid, &st);
		s2 = profile(la2, lo2, 5, &opt, &g2, &st);
		ok(grid.nx == g2.nx && grid.ny == g2.ny, "antimeridian: same grid as the series moved to Greenwich");
		for (int i = 0; i < grid.nx * grid.ny; i++)
		{
			maxdiff = fmax(maxdiff, fabs(s[i] - s2[i]));
			maxs = fmax(maxs, s[i]);
		}
		ok(maxdiff <= maxs * 1e-6, "antimeridian: same scores (%.3g)", maxdiff);
		ok(grid.nx * grid.cell < 20000, "antimeridian: a compact hunting area (%.0f m)", grid.nx * grid.cell);
		peak = geoprofile_peak(s, (size_t) grid.nx * grid.ny);
		geoprofile_cell_latlon(&grid, (int) (peak % grid.nx), (int) (peak / grid.nx), &plat, &plon);
		ok(geo_distance_m(plat, plon, -10.0, 180.0) < 5000, "antimeridian: the peak is among the sites (%.5f, %.5f)",
		   plat, plon);
		free(s);
		free(s2);

		for (int i = 0; i < 5; i++)
			la[i] = -89.9 + (la[i] + 10.0);
		s = profile(la, lo, 5, &opt, &grid, &st);
		ok(st == GEOPROFILE_OK && grid.nx * grid.cell < 20000 && grid.ny * grid.cell < 20000,
		   "near the south pole: a compact hunting area");
		free(s);
	}

	/* statuses */
	{
		size_t		bad;
		double		cells;
		double		la[] = {10, 10, -91},
					lo[] = {10, 10, 10};

		opt = options(0, 0);
		is_int(geoprofile_plan(la, lo, 0, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_NO_SITES, "no sites");
		is_int(geoprofile_plan(la, lo, 3, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_BAD_COORDINATE,
			   "latitude -91");
		is_int(bad, 2, "its index");
		is_int(geoprofile_plan(la, lo, 1, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_NO_DEFAULT_BUFFER,
			   "one site: no default buffer");
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_NO_DEFAULT_BUFFER,
			   "two sites at one place: no default buffer");
		opt = options(500, 0);
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_OK,
			   "with a buffer they are fine");
		opt.f = 0;
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_BAD_EXPONENT, "f = 0");
		opt.f = 1.2;
		opt.g = 10.5;
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_BAD_EXPONENT, "g > 10");
		opt.g = NAN;
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_BAD_EXPONENT, "g NaN");
		opt = options(500, 0);
		opt.buffer_m = -5;
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_BAD_BUFFER,
			   "negative buffer");
		opt = options(500, 0.01);
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_TOO_MANY_CELLS,
			   "too many cells");
		opt.cell_m = -1;
		is_int(geoprofile_plan(la, lo, 2, &opt, px, py, work, &grid, &bad, &cells), GEOPROFILE_BAD_CELL,
			   "negative cell");
	}
	return done_testing();
}
