/* Unit tests of kde_core: kernels, ArcGIS's default bandwidth, the grid and its properties. */
#include <math.h>
#include <stdlib.h>

#include "kde_core.h"
#include "tap.h"

#define MAXN 2000

static double px[MAXN],
			py[MAXN],
			work[MAXN];

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* A deterministic uniform number in [0, 1) (a small LCG: tests only). */
static double
uniform(unsigned long long *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (*state >> 11) / 9007199254740992.0;
}

/* Plans and accumulates; returns the density grid (malloc'd) or NULL. */
static double *
surface(const double *lat, const double *lon, size_t n, const KdeOptions *opt,
		KdeGrid *grid, KdeStatus *status)
{
	size_t		bad;
	double		cells,
			   *d;

	*status = kde_plan(lat, lon, n, opt, px, py, work, grid, &bad, &cells);
	if (*status != KDE_OK)
		return NULL;
	d = calloc((size_t) grid->nx * grid->ny, sizeof(double));
	kde_accumulate(grid, px, py, 0, n, d);
	return d;
}

static double
volume(const KdeGrid *grid, const double *d)
{
	double		v = 0;

	for (size_t i = 0; i < (size_t) grid->nx * grid->ny; i++)
		v += d[i];
	return v * grid->cell * grid->cell;
}

static size_t
argmax(const KdeGrid *grid, const double *d)
{
	size_t		best = 0;

	for (size_t i = 1; i < (size_t) grid->nx * grid->ny; i++)
		if (d[i] > d[best])
			best = i;
	return best;
}

static KdeOptions
options(KdeKernel kernel, double bandwidth, double cell)
{
	KdeOptions	o;

	o.kernel = kernel;
	o.has_bandwidth = bandwidth > 0;
	o.bandwidth_m = bandwidth;
	o.has_cell = cell > 0;
	o.cell_m = cell;
	o.max_cells = 4000000;
	return o;
}

/* A cluster of n points, uniform in a square of side deg degrees around (lat, lon). */
static void
cluster(double *lat, double *lon, size_t n, double clat, double clon, double deg,
		unsigned long long seed)
{
	for (size_t i = 0; i < n; i++)
	{
		lat[i] = clat + (uniform(&seed) - 0.5) * deg;
		lon[i] = clon + (uniform(&seed) - 0.5) * deg;
		if (lon[i] >= 180.0)
			lon[i] -= 360.0;
		if (lon[i] < -180.0)
			lon[i] += 360.0;
	}
}

int
main(void)
{
	KdeKernel	k;
	KdeGrid		grid;
	KdeStatus	st;
	KdeOptions	opt;
	double	   *d;
	static double lat[MAXN],
				lon[MAXN],
				lat2[MAXN],
				lon2[MAXN];

	/* kernel names */
	ok(kde_kernel_parse("quartic", &k) && k == KDE_QUARTIC, "quartic");
	ok(kde_kernel_parse("gaussian", &k) && k == KDE_GAUSSIAN, "gaussian");
	ok(!kde_kernel_parse("Quartic", &k) && !kde_kernel_parse("", &k) && !kde_kernel_parse(NULL, &k),
	   "kernel names are exact");

	/* the kernels by hand: h = 1000 m */
	{
		double		la[] = {0},
					lo[] = {0};

		opt = options(KDE_QUARTIC, 1000, 100);
		d = surface(la, lo, 1, &opt, &grid, &st);
		ok(near(kde_kernel_value(&grid, 0), 3.0 / (M_PI * 1e6), 1e-18), "quartic at 0: 3/(pi h^2)");
		ok(near(kde_kernel_value(&grid, 500), 3.0 / (M_PI * 1e6) * 0.75 * 0.75, 1e-18),
		   "quartic at h/2: 3/(pi h^2) (1 - 1/4)^2");
		ok(kde_kernel_value(&grid, 1000) == 0 && kde_kernel_value(&grid, 5000) == 0, "quartic is 0 from h on");
		is_int(grid.nx, 20, "grid: 2h / cell columns for one point");
		is_int(grid.ny, 20, "grid: 2h / cell rows");
		ok(near(volume(&grid, d), 1.0, 0.01), "one point's quartic volume is 1 (%.5f)", volume(&grid, d));
		free(d);

		opt = options(KDE_GAUSSIAN, 1000, 100);
		d = surface(la, lo, 1, &opt, &grid, &st);
		ok(near(kde_kernel_value(&grid, 0), 1.0 / (2 * M_PI * 1e6 * (1 - exp(-8))), 1e-18),
		   "gaussian at 0: 1/(2 pi h^2) rescaled for the cut-off");
		ok(near(kde_kernel_value(&grid, 1000) / kde_kernel_value(&grid, 0), exp(-0.5), 1e-12),
		   "gaussian at h: e^-1/2 of its peak");
		ok(kde_kernel_value(&grid, 4000) == 0 && kde_kernel_value(&grid, 3999) > 0, "gaussian cut off at 4h");
		ok(near(grid.reach, 4000, 1e-9) && grid.nx == 80, "gaussian grid reaches 4h");
		ok(near(volume(&grid, d), 1.0, 0.001), "one point's gaussian volume is 1 (%.6f)", volume(&grid, d));
		free(d);
	}

	/* ArcGIS's default bandwidth by hand, in the plane */
	{
		double		x[] = {-2, -1, 0, 1, 2},
					y[] = {0, 0, 0, 0, 0};
		double		x4[] = {5, -5, 0, 0},
					y4[] = {0, 0, 5, -5};

		/* SD = sqrt(10/5) = 1.414, Dm = 1: sqrt(1/ln 2) * 1 = 1.201 is smaller */
		ok(near(kde_default_bandwidth(x, y, 5, work), 0.9 * sqrt(1 / log(2.0)) * pow(5, -0.2), 1e-12),
		   "h = 0.9 sqrt(1/ln 2) Dm n^-0.2 when that is smaller");
		/* SD = 5, Dm = 5: SD is smaller */
		ok(near(kde_default_bandwidth(x4, y4, 4, work), 0.9 * 5 * pow(4, -0.2), 1e-12),
		   "h = 0.9 SD n^-0.2 when SD is smaller");
	}
	{
		/* even n: the median is the mean of the two middle distances */
		double		x[] = {1, 3, -1, -3, 0, 0},
					y[] = {0, 0, 0, 0, 10, -10};

		/* distances 1 3 1 3 10 10 -> Dm = 3; SD = sqrt(220/6) = 6.06 */
		ok(near(kde_default_bandwidth(x, y, 6, work), 0.9 * sqrt(1 / log(2.0)) * 3 * pow(6, -0.2), 1e-12),
		   "even n: median of the two middle distances");
	}

	/* volume = n on the default grid, at the equator */
	cluster(lat, lon, 500, 0, 0, 0.2, 1);
	opt = options(KDE_QUARTIC, 0, 0);
	d = surface(lat, lon, 500, &opt, &grid, &st);
	ok(st == KDE_OK, "default bandwidth and cell");
	ok(near(grid.cell, fmin(fmin(grid.nx, grid.ny) * grid.cell / 250.0, grid.bandwidth / 4), grid.cell * 0.01),
	   "default cell: the shorter side / 250 or h/4 (%.1f m, h %.1f m)", grid.cell, grid.bandwidth);
	ok(fabs(volume(&grid, d) - 500) / 500 < 0.01, "quartic volume = n (%.3f)", volume(&grid, d));
	free(d);
	opt = options(KDE_GAUSSIAN, 0, 0);
	d = surface(lat, lon, 500, &opt, &grid, &st);
	ok(fabs(volume(&grid, d) - 500) / 500 < 0.01, "gaussian volume = n (%.3f)", volume(&grid, d));
	free(d);
	opt = options(KDE_QUARTIC, 800, 400);
	d = surface(lat, lon, 500, &opt, &grid, &st);
	ok(fabs(volume(&grid, d) - 500) / 500 < 0.01, "volume = n with coarse cells, h/cell = 2 (%.3f)", volume(&grid, d));
	free(d);

	/* the default cell is held to h/4 when the extent is wide: a knot and an outlier */
	cluster(lat, lon, 100, 0, 0, 0.001, 3);
	lat[99] = lon[99] = 1;
	opt = options(KDE_QUARTIC, 0, 0);
	d = surface(lat, lon, 100, &opt, &grid, &st);
	ok(st == KDE_OK && near(grid.cell, grid.bandwidth / 4, 1e-6) &&
	   grid.ny * grid.cell / 250 > grid.bandwidth / 4,
	   "cell = h/4 when the extent / 250 is larger (h %.0f m, cell %.0f m)", grid.bandwidth, grid.cell);
	free(d);

	/* translation: shifting every longitude rotates the sphere; same surface, shifted */
	{
		KdeGrid		g2;
		double	   *d2,
					maxdiff = 0,
					maxd = 0,
					la1,
					lo1,
					la2,
					lo2;
		bool		shifted = true;

		cluster(lat, lon, 300, 35, -100, 0.5, 7);
		for (int i = 0; i < 300; i++)
		{
			lat2[i] = lat[i];
			lon2[i] = lon[i] + 137.25;
		}
		opt = options(KDE_QUARTIC, 0, 0);
		d = surface(lat, lon, 300, &opt, &grid, &st);
		d2 = surface(lat2, lon2, 300, &opt, &g2, &st);
		ok(grid.nx == g2.nx && grid.ny == g2.ny && near(grid.cell, g2.cell, 1e-6), "translated: same grid");
		for (int i = 0; i < grid.nx * grid.ny; i++)
		{
			maxdiff = fmax(maxdiff, fabs(d[i] - d2[i]));
			maxd = fmax(maxd, d[i]);
		}
		ok(maxdiff <= maxd * 1e-6, "translated: same densities (max difference %.3g of %.3g)", maxdiff, maxd);
		for (int iy = 0; iy < grid.ny; iy += 17)
			for (int ix = 0; ix < grid.nx; ix += 13)
			{
				kde_cell_latlon(&grid, ix, iy, &la1, &lo1);
				kde_cell_latlon(&g2, ix, iy, &la2, &lo2);
				if (!near(la1, la2, 1e-6) || !near(lo1 + 137.25, lo2, 1e-6))
					shifted = false;
			}
		ok(shifted, "translated: cells shifted by the same longitude");
		free(d);
		free(d2);
	}

	/* a pattern symmetric about the equator and the meridian gives a symmetric surface */
	{
		double		la[] = {0.01, -0.01, 0, 0, 0.004, -0.004, 0.004, -0.004},
					lo[] = {0, 0, 0.01, -0.01, 0.004, 0.004, -0.004, -0.004},
					maxd = 0,
					asym = 0;

		opt = options(KDE_QUARTIC, 900, 50);
		d = surface(la, lo, 8, &opt, &grid, &st);
		ok(grid.nx == grid.ny, "symmetric: square grid");
		for (int iy = 0; iy < grid.ny; iy++)
			for (int ix = 0; ix < grid.nx; ix++)
			{
				double		v = d[iy * grid.nx + ix];

				maxd = fmax(maxd, v);
				asym = fmax(asym, fabs(v - d[iy * grid.nx + (grid.nx - 1 - ix)]));
				asym = fmax(asym, fabs(v - d[(grid.ny - 1 - iy) * grid.nx + ix]));
				asym = fmax(asym, fabs(v - d[ix * grid.nx + iy]));
			}
		ok(asym <= maxd * 1e-6, "symmetric: mirror and transpose images agree (%.3g of %.3g)", asym, maxd);
		free(d);
	}

	/* near the poles and across the antimeridian: one compact cluster, volume n, peak on it */
	{
		struct
		{
			const char *where;
			double		lat,
						lon;
		}			places[] = {
			{"equator", 0, 0},
			{"north pole", 89.995, 45},
			{"south pole", -89.99, -120},
			{"antimeridian", 10, 180},
			{"antimeridian, south", -45, -179.999},
		};

		for (int p = 0; p < 5; p++)
		{
			double		clat,
						clon;

			cluster(lat, lon, 200, places[p].lat, places[p].lon, 0.01, 100 + p);
			for (int i = 0; i < 100; i++)
			{
				/* half of them in a tight knot at the place itself */
				lat[i] = places[p].lat + (lat[i] - places[p].lat) * 0.02;
				lon[i] = places[p].lon + fmod(lon[i] - places[p].lon + 540.0, 360.0) - 180.0;
				lon[i] = places[p].lon + (lon[i] - places[p].lon) * 0.02;
				if (lon[i] >= 180.0)
					lon[i] -= 360.0;
				if (lon[i] < -180.0)
					lon[i] += 360.0;
				if (lat[i] > 90)
					lat[i] = 90;
			}
			opt = options(KDE_QUARTIC, 0, 0);
			d = surface(lat, lon, 200, &opt, &grid, &st);
			ok(st == KDE_OK, "%s: planned", places[p].where);
			if (st != KDE_OK)
				continue;
			ok(grid.nx * grid.cell < 20000 && grid.ny * grid.cell < 20000,
			   "%s: the grid is compact (%.0f x %.0f m)", places[p].where,
			   grid.nx * grid.cell, grid.ny * grid.cell);
			ok(fabs(volume(&grid, d) - 200) / 200 < 0.01, "%s: volume = n (%.3f)", places[p].where,
			   volume(&grid, d));
			{
				size_t		m = argmax(&grid, d);

				kde_cell_latlon(&grid, (int) (m % grid.nx), (int) (m / grid.nx), &clat, &clon);
			}
			ok(geo_distance_m(clat, clon, places[p].lat, places[p].lon) < 3 * grid.cell + 100,
			   "%s: the peak is on the knot (%.1f m away)", places[p].where,
			   geo_distance_m(clat, clon, places[p].lat, places[p].lon));
			free(d);
		}
	}

	/* statuses */
	{
		size_t		bad;
		double		cells;
		double		la[] = {10, 95, 10},
					lo[] = {10, 10, 10};
		double		one_la[] = {10},
					one_lo[] = {10};
		double		anti_la[] = {0, 0},
					anti_lo[] = {0, 180};
		double		opp_la[] = {0, 0, 0},
					opp_lo[] = {0, 0, 180};

		opt = options(KDE_QUARTIC, 0, 0);
		is_int(kde_plan(la, lo, 0, &opt, px, py, work, &grid, &bad, &cells), KDE_NO_POINTS, "no points");
		is_int(kde_plan(la, lo, 3, &opt, px, py, work, &grid, &bad, &cells), KDE_BAD_COORDINATE, "latitude 95");
		is_int(bad, 1, "the bad point's index");
		lo[1] = NAN;
		la[1] = 10;
		is_int(kde_plan(la, lo, 3, &opt, px, py, work, &grid, &bad, &cells), KDE_BAD_COORDINATE, "NaN longitude");
		is_int(kde_plan(one_la, one_lo, 1, &opt, px, py, work, &grid, &bad, &cells), KDE_ZERO_BANDWIDTH,
			   "one point has no default bandwidth");
		is_int(kde_plan(anti_la, anti_lo, 2, &opt, px, py, work, &grid, &bad, &cells), KDE_NO_CENTRE,
			   "antipodal points have no centre");
		is_int(kde_plan(opp_la, opp_lo, 3, &opt, px, py, work, &grid, &bad, &cells), KDE_UNPROJECTABLE,
			   "a point at the centre's antipode");
		is_int(bad, 2, "the antipodal point's index");
		opt = options(KDE_QUARTIC, 1000, 0);
		opt.bandwidth_m = -1;
		is_int(kde_plan(one_la, one_lo, 1, &opt, px, py, work, &grid, &bad, &cells), KDE_BAD_BANDWIDTH,
			   "negative bandwidth");
		opt.bandwidth_m = INFINITY;
		is_int(kde_plan(one_la, one_lo, 1, &opt, px, py, work, &grid, &bad, &cells), KDE_BAD_BANDWIDTH,
			   "infinite bandwidth");
		opt = options(KDE_QUARTIC, 1000, 0);
		opt.has_cell = true;
		opt.cell_m = NAN;
		is_int(kde_plan(one_la, one_lo, 1, &opt, px, py, work, &grid, &bad, &cells), KDE_BAD_CELL, "NaN cell");
		opt.cell_m = 0.1;
		is_int(kde_plan(one_la, one_lo, 1, &opt, px, py, work, &grid, &bad, &cells), KDE_TOO_MANY_CELLS,
			   "too many cells");
		ok(near(cells, 20000.0 * 20000.0, 1), "the grid's size is reported (%.0f)", cells);
		opt = options(KDE_QUARTIC, 5e6, 0);
		is_int(kde_plan(one_la, one_lo, 1, &opt, px, py, work, &grid, &bad, &cells), KDE_OK,
			   "a huge bandwidth still fits the default grid");
		ok((double) grid.nx * grid.ny <= 4000000, "within max_cells");
	}
	return done_testing();
}
