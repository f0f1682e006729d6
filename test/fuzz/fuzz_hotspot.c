/*
 * fuzz_hotspot.c — libFuzzer harness for the hot spot, nearest neighbour
 * and GeoJSON kernels.
 *
 * The input is read as up to 64 points: the first byte picks how the
 * numbers are made (raw doubles — NaN, infinities, huge values — or bytes
 * scaled onto the globe, with many repeated locations), the next ones give
 * a cell size, a band and an area.  Nothing may crash, and whatever is
 * accepted must hold together: every point in a cell of the grid, counts
 * adding up to the points, every cell's centre back in that cell, z finite
 * or NaN, p in [0, 1], GeoJSON rings closed and on the globe.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geojson_core.h"
#include "hotspot_core.h"
#include "nni_core.h"

#define MAXN 64
#define MAXC 5000

static void
must(int cond)
{
	if (!cond)
		abort();
}

typedef struct Reader
{
	const uint8_t *data;
	size_t		size;
	size_t		pos;
} Reader;

static double
raw_double(Reader *r)
{
	uint8_t		b[8] = {0};
	double		v;

	for (int i = 0; i < 8 && r->pos < r->size; i++)
		b[i] = r->data[r->pos++];
	memcpy(&v, b, sizeof v);
	return v;
}

static double
scaled(Reader *r, double lo, double hi)
{
	uint16_t	v = 0;

	if (r->pos < r->size)
		v = r->data[r->pos++];
	if (r->pos < r->size)
		v = (uint16_t) (v << 8 | r->data[r->pos++]);
	return lo + (hi - lo) * v / 65535.0;
}

static double lat[MAXN],
			lon[MAXN],
			x[MAXN],
			y[MAXN],
			val[MAXN],
			z[MAXC],
			xy[3 * MAXN],
			tval[MAXN],
			dist[MAXN],
			count[MAXC],
			prefix[MAXC + MAXN + 8];
static size_t idx[MAXN],
			table[4 * MAXN + 64];
static unsigned char axis[MAXN];

static void
check_grid(const double *px, const double *py, size_t n, const HotspotGrid *g, double band)
{
	long long	ncells = hotspot_grid_cells(g);
	double		total = 0,
				thr[3];
	GiStats		st;

	if (ncells > MAXC || hotspot_grid_prefix_size(g) > MAXC + MAXN + 8)
		return;
	memset(count, 0, sizeof(double) * ncells);
	for (size_t i = 0; i < n; i++)
	{
		long long	id = hotspot_grid_cell_id(g, px[i], py[i]);

		must(id >= 0 && id < ncells);
		count[id] += 1;
	}
	for (long long id = 0; id < ncells; id++)
	{
		double		cx,
					cy;

		total += count[id];
		hotspot_grid_centre(g, id, &cx, &cy);
		/* (unless the cells are too small for the coordinates' precision) */
		if (g->cell > 1e-7 * (1 + fabs(g->x0) + fabs(g->y0)))
			must(hotspot_grid_cell_id(g, cx, cy) == id);
	}
	must(total == (double) n);
	if (gi_star_stats(count, ncells, &st) != HOTSPOT_OK)
		return;
	hotspot_grid_gi_prepare(g, count, prefix);
	hotspot_grid_gi_star(g, prefix, &st, band, 0, ncells, z);
	for (long long id = 0; id < ncells; id++)
	{
		double		p = hotspot_p(z[id]);

		must(isnan(z[id]) || (isfinite(z[id]) && p >= 0 && p <= 1));
	}
	hotspot_p_values(z, ncells, prefix);
	/* the p-values, then the work room for the thresholds (count is done with) */
	hotspot_fdr_thresholds(prefix, ncells, count, thr);
	must(thr[0] <= thr[1] && thr[1] <= thr[2]);
	for (long long id = 0; id < ncells; id++)
		must(isnan(z[id]) == (hotspot_class(z[id], thr) == NULL));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Reader		r = {data, size, 0};
	int			mode;
	size_t		n;
	double		cell,
				band,
				area;
	HotspotGridKind kind;
	HotspotGrid g;
	GeoProjection proj;
	NniResult	res;

	if (size < 4)
		return 0;
	mode = data[0] % 4;
	kind = data[1] & 1 ? HOTSPOT_GRID_HEX : HOTSPOT_GRID_SQUARE;
	n = data[2] % (MAXN + 1);
	r.pos = 3;
	if (mode == 0)
	{
		cell = raw_double(&r);
		band = raw_double(&r);
		area = raw_double(&r);
		for (size_t i = 0; i < n; i++)
		{
			lat[i] = raw_double(&r);
			lon[i] = raw_double(&r);
			val[i] = raw_double(&r);
		}
	}
	else
	{
		/* on the globe; mode 2 in a small area, mode 3 on a coarse raster */
		double		span = mode == 2 ? 0.05 : 1.0;
		double		clat = scaled(&r, -90, 90),
					clon = scaled(&r, -180, 180);

		cell = exp(scaled(&r, 0, 16));
		band = scaled(&r, 0, 3) * cell;
		area = scaled(&r, 0, 1) < 0.5 ? NAN : exp(scaled(&r, 0, 30));
		for (size_t i = 0; i < n; i++)
		{
			double		dl = scaled(&r, -span, span),
						dn = scaled(&r, -span, span);

			if (mode == 3)
			{
				dl = round(dl * 8) / 8;
				dn = round(dn * 8) / 8;
			}
			lat[i] = fmax(-90, fmin(90, clat + dl));
			lon[i] = remainder(clon + dn, 360.0);
			val[i] = floor(scaled(&r, 0, 5));
		}
	}

	/* Gi* over the numbers as planar points */
	if (gi_star_compute(lat, lon, val, n, band, xy, tval, idx, axis, z) == HOTSPOT_OK)
		for (size_t i = 0; i < n; i++)
			must(isnan(z[i]) || isfinite(z[i]));

	/* the grid over the projected points */
	if (hotspot_project(lat, lon, n, &proj, x, y) == HOTSPOT_OK)
	{
		double		dcell;

		if (hotspot_grid_layout(&g, kind, cell, x, y, n, MAXC) == HOTSPOT_OK)
			check_grid(x, y, n, &g, band);
		if (hotspot_default_cell(x, y, n, xy, table, idx, axis, dist, &dcell) == HOTSPOT_OK)
		{
			must(dcell > 0 && isfinite(dcell));
			if (hotspot_grid_layout_default(&g, kind, dcell, x, y, n) == HOTSPOT_OK)
			{
				must(hotspot_grid_cells(&g) <= HOTSPOT_DEFAULT_MAX_CELLS);
				check_grid(x, y, n, &g, g.cell);
			}
		}
	}

	/* the nearest neighbour index */
	if (nni_compute(lat, lon, n, area, xy, idx, axis, &res) == NNI_OK)
		must(res.r >= 0 && res.observed_m >= 0 && res.expected_m > 0 && !(res.p < 0) && !(res.p > 1));

	/* GeoJSON cells */
	for (size_t i = 0; i < n && i < 8; i++)
	{
		GeoJsonShape s;
		char		buf[GEOJSON_GEOMETRY_MAX];

		if (!geojson_cell_shape(lat[i], lon[i], cell, kind == HOTSPOT_GRID_HEX, &s))
			continue;
		must(s.nparts == 1 || s.nparts == 2);
		for (int p = 0; p < s.nparts; p++)
		{
			int			last = s.npoints[p] - 1;

			must(last >= 3 && last < GEOJSON_MAX_RING);
			must(s.lon[p][0] == s.lon[p][last] && s.lat[p][0] == s.lat[p][last]);
			for (int k = 0; k <= last; k++)
				must(fabs(s.lon[p][k]) <= 180 && fabs(s.lat[p][k]) <= 90);
		}
		must(geojson_write_shape(&s, buf) < GEOJSON_GEOMETRY_MAX - 1);
	}
	return 0;
}
