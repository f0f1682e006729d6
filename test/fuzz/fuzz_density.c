/*
 * fuzz_density.c — libFuzzer harness for the point-pattern kernels:
 * kde_core, geoprofile_core and knox_core.
 *
 * Input: a mode byte, a flag byte, four raw doubles of parameters (any bit
 * pattern: NaN, infinities, negatives), then the points: either raw double
 * pairs (mostly invalid coordinates) or, when flag bit 0 is set, pairs of
 * 16-bit integers scaled onto the globe or onto a small patch of it (bit 1)
 * so that most inputs are valid.  Nothing may crash; results must keep
 * their invariants: densities finite and >= 0 with a volume of n when the
 * cells resolve the kernel; profile scores summing to 1 with percentiles in
 * (0, 100]; Knox's close pairs exactly those of a brute-force search (up to
 * a metre of rounding at the threshold).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo_core.h"
#include "geoprofile_core.h"
#include "kde_core.h"
#include "knox_core.h"

#define MAXN 64
#define MAX_CELLS 20000

static void
must(int cond)
{
	if (!cond)
		abort();
}

static double
take_double(const uint8_t **data, size_t *size)
{
	double		v = 0;

	if (*size >= sizeof(double))
	{
		memcpy(&v, *data, sizeof(double));
		*data += sizeof(double);
		*size -= sizeof(double);
	}
	return v;
}

static size_t
take_points(const uint8_t *data, size_t size, uint8_t flags, double *lat, double *lon,
			int32_t *t)
{
	size_t		n = 0;

	if (flags & 1)
	{
		double		scale = (flags & 2) ? 0.01 : 1.0;
		double		clat = (flags & 2) ? ((flags & 4) ? 89.995 : 20.0) : 0.0;
		double		clon = (flags & 2) ? ((flags & 8) ? 179.995 : -103.0) : 0.0;

		for (; size >= 6 && n < MAXN; data += 6, size -= 6, n++)
		{
			int16_t		a,
						b,
						c;

			memcpy(&a, data, 2);
			memcpy(&b, data + 2, 2);
			memcpy(&c, data + 4, 2);
			lat[n] = fmax(-90.0, fmin(90.0, clat + a / 32767.0 * 90.0 * scale));
			lon[n] = clon + b / 32767.0 * 180.0 * scale;
			if (lon[n] > 180.0)
				lon[n] -= 360.0;
			if (lon[n] < -180.0)
				lon[n] += 360.0;
			t[n] = c;
		}
	}
	else
	{
		for (; size >= 2 * sizeof(double) + 2 && n < MAXN; n++)
		{
			int16_t		c;

			memcpy(&lat[n], data, sizeof(double));
			memcpy(&lon[n], data + sizeof(double), sizeof(double));
			memcpy(&c, data + 2 * sizeof(double), 2);
			t[n] = c;
			data += 2 * sizeof(double) + 2;
			size -= 2 * sizeof(double) + 2;
		}
	}
	return n;
}

static void
fuzz_kde(const double *lat, const double *lon, size_t n, uint8_t flags, double p1, double p2)
{
	static double x[MAXN],
				y[MAXN],
				work[MAXN],
				density[MAX_CELLS];
	KdeOptions	opt;
	KdeGrid		grid;
	size_t		bad;
	double		cells,
				vol = 0;

	opt.kernel = (flags & 16) ? KDE_GAUSSIAN : KDE_QUARTIC;
	opt.has_bandwidth = (flags & 32) != 0;
	opt.bandwidth_m = p1;
	opt.has_cell = (flags & 64) != 0;
	opt.cell_m = p2;
	opt.max_cells = MAX_CELLS;
	if (kde_plan(lat, lon, n, &opt, x, y, work, &grid, &bad, &cells) != KDE_OK)
		return;
	must(grid.nx >= 1 && grid.ny >= 1 && (size_t) grid.nx * grid.ny <= MAX_CELLS);
	must(grid.bandwidth > 0 && isfinite(grid.bandwidth) && grid.cell > 0);
	memset(density, 0, sizeof(double) * grid.nx * grid.ny);
	kde_accumulate(&grid, x, y, 0, n, density);
	for (int i = 0; i < grid.nx * grid.ny; i++)
	{
		must(isfinite(density[i]) && density[i] >= 0);
		vol += density[i];
	}
	vol *= grid.cell * grid.cell;
	/* every kernel lies on the grid; with 4+ cells per reach its volume is 1 */
	if (grid.reach / grid.cell >= 4 && grid.reach / grid.cell < 1e6)
		must(fabs(vol - (double) n) <= 0.05 * (double) n);
	{
		double		la,
					lo;

		kde_cell_latlon(&grid, grid.nx - 1, grid.ny - 1, &la, &lo);
		must(geo_valid(la, lo));
	}
}

static void
fuzz_geoprofile(const double *lat, const double *lon, size_t n, uint8_t flags,
				double p1, double p2, double p3, double p4)
{
	static double x[MAXN],
				y[MAXN],
				score[MAX_CELLS],
				sorted[MAX_CELLS],
				pct[MAX_CELLS];
	static GeoprofileSortItem work[MAXN];
	GeoprofileOptions opt;
	GeoprofileGrid grid;
	size_t		bad,
				ncells,
				peak;
	double		cells,
				total = 0;

	opt.has_buffer = (flags & 32) != 0;
	opt.buffer_m = p1;
	opt.has_cell = (flags & 64) != 0;
	opt.cell_m = p2;
	opt.f = (flags & 128) ? p3 : 1.2;
	opt.g = (flags & 128) ? p4 : 1.2;
	opt.max_cells = MAX_CELLS;
	if (geoprofile_plan(lat, lon, n, &opt, x, y, work, &grid, &bad, &cells) != GEOPROFILE_OK)
		return;
	ncells = (size_t) grid.nx * grid.ny;
	must(ncells >= 1 && ncells <= MAX_CELLS && grid.buffer > 0);
	geoprofile_score_rows(&grid, x, y, n, 0, grid.ny, score);
	if (geoprofile_normalize(score, ncells) == 0.0)
		return;					/* overflow: the SQL wrapper reports it */
	for (size_t i = 0; i < ncells; i++)
		total += score[i];
	must(fabs(total - 1.0) < 1e-6);
	geoprofile_percentiles(score, ncells, sorted, pct);
	for (size_t i = 0; i < ncells; i++)
		must(pct[i] > 0 && pct[i] <= 100);
	peak = geoprofile_peak(score, ncells);
	must(peak < ncells && pct[peak] == 100.0);
}

static void
fuzz_knox(const double *lat, const double *lon, const int32_t *t, size_t n, double p1,
		  double p2)
{
	static KnoxSite sites[MAXN];
	static int64_t offsets[MAXN + 1];
	static int32_t adj[MAXN * MAXN / 2 + 1],
				tt[MAXN],
				scratch[MAXN];
	size_t		bad;
	int64_t		s,
				sure = 0,
				observed,
				max_days = knox_day_limit(p2);
	double		close_m = p1;
	KnoxRng		rng;

	if (knox_prepare(lat, lon, n, close_m, sites, &bad) != KNOX_OK)
		return;
	s = knox_count_pairs(sites, n, close_m, 0, n, 0, offsets);
	offsets[n] = s;
	must(s >= 0 && s <= (int64_t) (n * (n - 1) / 2));
	knox_fill_pairs(sites, n, close_m, 0, n, offsets, adj);
	/* every listed pair is close; every clearly close pair is listed */
	for (size_t p = 0; p < n; p++)
		for (int64_t e = offsets[p]; e < offsets[p + 1]; e++)
		{
			const KnoxSite *a = &sites[p],
					   *b = &sites[adj[e]];

			must((size_t) adj[e] > p && (size_t) adj[e] < n);
			must(geo_distance_m(lat[a->index], lon[a->index], lat[b->index], lon[b->index]) <= close_m + 1.0);
		}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			sure += geo_distance_m(lat[i], lon[i], lat[j], lon[j]) <= close_m - 1.0;
	must(s >= sure);

	for (size_t p = 0; p < n; p++)
		tt[p] = t[sites[p].index];
	observed = knox_close_in_time(tt, n, offsets, adj, max_days);
	must(observed >= 0 && observed <= s);
	memcpy(scratch, tt, n * sizeof(int32_t));
	must(knox_time_pairs(scratch, n, max_days) <= (int64_t) (n * (n - 1) / 2));
	knox_rng_seed(&rng, (uint64_t) s);
	for (int r = 0; r < 3; r++)
	{
		knox_shuffle(&rng, tt, n);
		must(knox_close_in_time(tt, n, offsets, adj, max_days) <= s);
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static double lat[MAXN],
				lon[MAXN];
	static int32_t t[MAXN];
	uint8_t		mode,
				flags;
	double		p1,
				p2,
				p3,
				p4;
	size_t		n;

	if (size < 2)
		return 0;
	mode = data[0] % 3;
	flags = data[1];
	data += 2;
	size -= 2;
	p1 = take_double(&data, &size);
	p2 = take_double(&data, &size);
	p3 = take_double(&data, &size);
	p4 = take_double(&data, &size);
	n = take_points(data, size, flags, lat, lon, t);
	switch (mode)
	{
		case 0:
			fuzz_kde(lat, lon, n, flags, p1, p2);
			break;
		case 1:
			fuzz_geoprofile(lat, lon, n, flags, p1, p2, p3, p4);
			break;
		default:
			fuzz_knox(lat, lon, t, n, p1, p2);
			break;
	}
	return 0;
}
