/*
 * hotspot_core.c — Gi* over points and over grid cells, grid binning, the
 * default cell size, the false discovery rate correction.
 */
#include "hotspot_core.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* column spacing of a flat-topped hexagonal lattice, in cells */
#define HEX_COLUMN 0.86602540378443864676	/* sqrt(3) / 2 */

const char *
hotspot_status_message(HotspotStatus status)
{
	switch (status)
	{
		case HOTSPOT_OK:
			return "No problem.";
		case HOTSPOT_TOO_FEW_POINTS:
			return "Gi* needs at least 3 values.";
		case HOTSPOT_NO_VARIATION:
			return "Every value is the same, so their standard deviation is 0 and Gi* is undefined.";
		case HOTSPOT_BAD_COORDINATE:
			return "Coordinates must be finite numbers; latitudes must lie in [-90, 90] and longitudes in [-180, 180].";
		case HOTSPOT_BAD_VALUE:
			return "Values must be finite numbers (not NaN or infinity) small enough that their sum is finite too.";
		case HOTSPOT_BAD_BAND:
			return "The distance band must be a finite number of metres, 0 or more.";
		case HOTSPOT_BAD_CELL:
			return "The cell size must be a finite number of metres greater than 0.";
		case HOTSPOT_NO_CENTRE:
			return "The points are spread around the whole globe, so they have no centre to project them around.";
		case HOTSPOT_ANTIPODE:
			return "A point lies at the antipode of the points' centre, where the equal-area projection is undefined.";
		case HOTSPOT_ONE_LOCATION:
			return "All points are at one location, so no cell size can be derived from their spacing; give cell_m.";
		case HOTSPOT_TOO_FEW_CELLS:
			return "The grid over the points has fewer than 3 cells; give a smaller cell_m.";
		case HOTSPOT_TOO_MANY_CELLS:
			return "The grid over the points would have more than 10000000 cells; give a larger cell_m.";
	}
	return "Unknown problem.";
}

/* ---------------------------------------------------------------- Gi* */

HotspotStatus
gi_star_stats(const double *val, size_t n, GiStats *st)
{
	double		sum = 0,
				ss = 0;
	bool		all_equal = true;

	if (n < 3)
		return HOTSPOT_TOO_FEW_POINTS;
	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(val[i]))
			return HOTSPOT_BAD_VALUE;
		sum += val[i];
		if (val[i] != val[0])
			all_equal = false;
	}
	if (!isfinite(sum))
		return HOTSPOT_BAD_VALUE;
	/* tested on the values themselves: a rounded mean is never exact */
	if (all_equal)
		return HOTSPOT_NO_VARIATION;
	st->n = n;
	st->mean = sum / (double) n;
	for (size_t i = 0; i < n; i++)
	{
		double		d = val[i] - st->mean;

		ss += d * d;
	}
	st->sd = sqrt(ss / (double) n);
	if (!isfinite(st->sd) || !(st->sd > 0))
		return HOTSPOT_BAD_VALUE;
	return HOTSPOT_OK;
}

double
gi_star_z(const GiStats *st, double k, double local_sum)
{
	double		n = (double) st->n;
	double		den = st->sd * sqrt((n * k - k * k) / (n - 1.0));

	if (!(den > 0))
		return NAN;
	return (local_sum - st->mean * k) / den;
}

void
gi_star_points(const NnTree *t, const double *tval, const GiStats *st,
			   double band, size_t from, size_t to, double *z)
{
	for (size_t k = from; k < to && k < t->n; k++)
	{
		double		count = 0,
					sum = 0;

		nn_tree_within(t, t->pts + 2 * k, band, tval, &count, &sum);
		z[t->idx[k]] = gi_star_z(st, count, sum);
	}
}

HotspotStatus
gi_star_compute(const double *x, const double *y, const double *val,
				size_t n, double band, double *xy, double *tval, size_t *idx,
				unsigned char *axis, double *z)
{
	GiStats		st;
	NnTree		tree;
	HotspotStatus status;

	if (n < 3)
		return HOTSPOT_TOO_FEW_POINTS;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return HOTSPOT_BAD_COORDINATE;
	status = gi_star_stats(val, n, &st);
	if (status != HOTSPOT_OK)
		return status;
	if (!(band >= 0) || !isfinite(band))
		return HOTSPOT_BAD_BAND;
	for (size_t i = 0; i < n; i++)
	{
		xy[2 * i] = x[i];
		xy[2 * i + 1] = y[i];
	}
	nn_tree_build(&tree, xy, 2, n, idx, axis);
	for (size_t k = 0; k < n; k++)
		tval[k] = val[idx[k]];
	gi_star_points(&tree, tval, &st, band, 0, n, z);
	return HOTSPOT_OK;
}

/* ------------------------------------------------------ grid binning */

bool
hotspot_grid_kind_parse(const char *s, size_t len, HotspotGridKind *kind)
{
	if (len == 6 && memcmp(s, "square", 6) == 0)
		*kind = HOTSPOT_GRID_SQUARE;
	else if (len == 3 && memcmp(s, "hex", 3) == 0)
		*kind = HOTSPOT_GRID_HEX;
	else
		return false;
	return true;
}

static inline double
column_width(HotspotGridKind kind, double cell)
{
	return kind == HOTSPOT_GRID_HEX ? cell * HEX_COLUMN : cell;
}

/*
 * floor(v) as an integer, for |v| well within long long (the layout bounds
 * the lattice indices): a conversion and a comparison, where floor() is a
 * library call on x86-64 without SSE 4.1, made a few times per point.
 */
static inline long long
floor_ll(double v)
{
	long long	i = (long long) v;	/* truncates toward zero */

	return v < (double) i ? i - 1 : i;
}

/* The rectangle bounding n > 0 points; false when a coordinate is not finite. */
static bool
extent(const double *x, const double *y, size_t n,
	   double *xmin, double *xmax, double *ymin, double *ymax)
{
	double		x_lo = x[0],
				x_hi = x[0],
				y_lo = y[0],
				y_hi = y[0];

	for (size_t i = 0; i < n; i++)
	{
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return false;
		x_lo = x[i] < x_lo ? x[i] : x_lo;
		x_hi = x[i] > x_hi ? x[i] : x_hi;
		y_lo = y[i] < y_lo ? y[i] : y_lo;
		y_hi = y[i] > y_hi ? y[i] : y_hi;
	}
	*xmin = x_lo;
	*xmax = x_hi;
	*ymin = y_lo;
	*ymax = y_hi;
	return true;
}

/* absolute lattice column and row of the cell whose centre is nearest */
static void
lattice_cell(HotspotGridKind kind, double cell, double x0, double y0,
			 double x, double y, long long *c, long long *r)
{
	double		cw = column_width(kind, cell);
	long long	guess;
	double		best = INFINITY;

	if (kind == HOTSPOT_GRID_SQUARE)
	{
		*c = floor_ll((x - x0) / cell + 0.5);
		*r = floor_ll((y - y0) / cell + 0.5);
		return;
	}
	/* a hexagon's centre is within 2/3 of a column of any of its points */
	guess = floor_ll((x - x0) / cw + 0.5);
	*c = guess;
	*r = 0;
	for (long long cc = guess - 1; cc <= guess + 1; cc++)
	{
		double		shift = (cc & 1) ? 0.5 : 0.0;
		long long	rr = floor_ll((y - y0) / cell - shift + 0.5);
		double		dx = x - (x0 + (double) cc * cw),
					dy = y - (y0 + ((double) rr + shift) * cell),
					d2 = dx * dx + dy * dy;

		if (d2 < best)
		{
			best = d2;
			*c = cc;
			*r = rr;
		}
	}
}

HotspotStatus
hotspot_grid_layout(HotspotGrid *g, HotspotGridKind kind, double cell,
					const double *x, const double *y, size_t n,
					double max_cells)
{
	double		xmin,
				xmax,
				ymin,
				ymax,
				estimate;
	long long	cmin = 0,
				cmax = 0,
				rmin = 0,
				rmax = 0;

	if (!(cell > 0) || !isfinite(cell))
		return HOTSPOT_BAD_CELL;
	if (n == 0)
		return HOTSPOT_TOO_FEW_POINTS;
	if (!extent(x, y, n, &xmin, &xmax, &ymin, &ymax))
		return HOTSPOT_BAD_COORDINATE;
	/* an upper bound, so that the lattice indices below cannot overflow */
	estimate = ((xmax - xmin) / column_width(kind, cell) + 3.0) * ((ymax - ymin) / cell + 3.0);
	if (!(estimate <= 1e15))
		return HOTSPOT_TOO_MANY_CELLS;
	g->kind = kind;
	g->cell = cell;
	g->x0 = xmin / 2 + xmax / 2;
	g->y0 = ymin / 2 + ymax / 2;
	for (size_t i = 0; i < n; i++)
	{
		long long	c,
					r;

		lattice_cell(kind, cell, g->x0, g->y0, x[i], y[i], &c, &r);
		if (i == 0 || c < cmin)
			cmin = c;
		if (i == 0 || c > cmax)
			cmax = c;
		if (i == 0 || r < rmin)
			rmin = r;
		if (i == 0 || r > rmax)
			rmax = r;
	}
	g->c0 = cmin;
	g->r0 = rmin;
	g->ncols = cmax - cmin + 1;
	g->nrows = rmax - rmin + 1;
	if ((double) g->ncols * (double) g->nrows > max_cells)
		return HOTSPOT_TOO_MANY_CELLS;
	return HOTSPOT_OK;
}

HotspotStatus
hotspot_grid_layout_default(HotspotGrid *g, HotspotGridKind kind, double cell,
							const double *x, const double *y, size_t n)
{
	double		width = 0,
				height = 0,
				xmin,
				xmax,
				ymin,
				ymax;
	HotspotStatus status;

	/* a coordinate that is not finite is refused by hotspot_grid_layout */
	if (n > 0 && extent(x, y, n, &xmin, &xmax, &ymin, &ymax))
	{
		width = xmax - xmin;
		height = ymax - ymin;
	}
	for (;;)
	{
		double		estimate;

		status = hotspot_grid_layout(g, kind, cell, x, y, n, HOTSPOT_DEFAULT_MAX_CELLS);
		if (status != HOTSPOT_TOO_MANY_CELLS)
			return status;
		estimate = (width / column_width(kind, cell) + 2.0) * (height / cell + 2.0);
		cell *= fmax(1.05, sqrt(estimate / HOTSPOT_DEFAULT_MAX_CELLS));
		if (!isfinite(cell))
			return HOTSPOT_BAD_CELL;
	}
}

long long
hotspot_grid_cells(const HotspotGrid *g)
{
	return g->ncols * g->nrows;
}

long long
hotspot_grid_cell_id(const HotspotGrid *g, double x, double y)
{
	long long	c,
				r;

	lattice_cell(g->kind, g->cell, g->x0, g->y0, x, y, &c, &r);
	return (r - g->r0) * g->ncols + (c - g->c0);
}

void
hotspot_grid_centre(const HotspotGrid *g, long long id, double *x, double *y)
{
	long long	c = g->c0 + id % g->ncols,
				r = g->r0 + id / g->ncols;

	if (g->kind == HOTSPOT_GRID_SQUARE)
	{
		*x = g->x0 + (double) c * g->cell;
		*y = g->y0 + (double) r * g->cell;
	}
	else
	{
		*x = g->x0 + (double) c * g->cell * HEX_COLUMN;
		*y = g->y0 + ((double) r + ((c & 1) ? 0.5 : 0.0)) * g->cell;
	}
}

double
hotspot_grid_cell_area(const HotspotGrid *g)
{
	return g->kind == HOTSPOT_GRID_HEX ? HEX_COLUMN * g->cell * g->cell : g->cell * g->cell;
}

/* ------------------------------------------- Gi* over a grid's cells */

size_t
hotspot_grid_prefix_size(const HotspotGrid *g)
{
	return (size_t) g->ncols * (size_t) (g->nrows + 1);
}

void
hotspot_grid_gi_prepare(const HotspotGrid *g, const double *value, double *prefix)
{
	for (long long col = 0; col < g->ncols; col++)
	{
		double	   *p = prefix + col * (g->nrows + 1);

		p[0] = 0;
		for (long long row = 0; row < g->nrows; row++)
			p[row + 1] = p[row] + value[row * g->ncols + col];
	}
}

/* the largest m >= 0 with m * m <= v (v >= 0), at most cap */
static long long
floor_sqrt(double v, long long cap)
{
	double		m = floor(sqrt(v));
	long long	k;

	if (m >= (double) cap)
		return cap;
	k = (long long) m;
	while (k < cap && (double) (k + 1) * (double) (k + 1) <= v)
		k++;
	while (k > 0 && (double) k * (double) k > v)
		k--;
	return k;
}

static inline long long
floor_half(long long a)
{
	return a >= 0 ? a / 2 : -((1 - a) / 2);
}

void
hotspot_grid_gi_star(const HotspotGrid *g, const double *prefix,
					 const GiStats *st, double band,
					 long long from, long long to, double *z)
{
	double		b = band / g->cell,
				b2 = b * b,
				reach = floor(b / (g->kind == HOTSPOT_GRID_HEX ? HEX_COLUMN : 1.0)) + 1;
	long long	span,
				ncells = hotspot_grid_cells(g);

	if (!(b >= 0))
	{
		/* no band, no neighbourhood (callers check the band first) */
		for (long long id = from; id < to && id < ncells; id++)
			z[id] = NAN;
		return;
	}
	span = reach < (double) g->ncols ? (long long) reach : g->ncols;
	for (long long id = from; id < to && id < ncells; id++)
	{
		long long	col = id % g->ncols,
					row = id / g->ncols;
		long long	ps = (g->c0 + col) & 1;
		double		k = 0,
					sum = 0;

		for (long long dc = -span; dc <= span; dc++)
		{
			long long	c2 = col + dc,
						lo,
						hi;
			double		dx2,
						rem;
			const double *p;

			if (c2 < 0 || c2 >= g->ncols)
				continue;
			/* squared distances in cells, exact for these small integers */
			dx2 = (double) dc * (double) dc;
			if (g->kind == HOTSPOT_GRID_HEX)
				dx2 *= 0.75;
			if (dx2 > b2)
				continue;
			rem = b2 - dx2;
			if (g->kind == HOTSPOT_GRID_SQUARE)
			{
				hi = floor_sqrt(rem, g->nrows);
				lo = -hi;
			}
			else
			{
				/*
				 * In a hexagonal lattice the row offset is dr + s/2, s the
				 * difference of the columns' parities: in half cells
				 * t = 2 dr + s, and |t| <= 2 sqrt(rem).
				 */
				long long	s = ((g->c0 + c2) & 1) - ps;
				long long	t = floor_sqrt(4.0 * rem, 2 * g->nrows + 2);

				lo = -floor_half(t + s);
				hi = floor_half(t - s);
			}
			lo = row + lo < 0 ? 0 : row + lo;
			hi = row + hi >= g->nrows ? g->nrows - 1 : row + hi;
			if (lo > hi)
				continue;
			p = prefix + c2 * (g->nrows + 1);
			k += (double) (hi - lo + 1);
			sum += p[hi + 1] - p[lo];
		}
		z[id] = gi_star_z(st, k, sum);
	}
}

/* ------------------------------------------------- defaults, geography */

HotspotStatus
hotspot_project(const double *lat, const double *lon, size_t n,
				GeoProjection *proj, double *x, double *y)
{
	double		clat,
				clon;

	for (size_t i = 0; i < n; i++)
		if (!geo_valid(lat[i], lon[i]))
			return HOTSPOT_BAD_COORDINATE;
	/* x and y hold each latitude's sine and cosine until they are projected */
	if (!geo_centroid_keep_trig(lat, lon, n, &clat, &clon, x, y))
		return HOTSPOT_NO_CENTRE;
	geo_laea_init(proj, clat, clon);
	for (size_t i = 0; i < n; i++)
		if (!geo_laea_forward_trig(proj, x[i], y[i], lon[i], &x[i], &y[i]))
			return HOTSPOT_ANTIPODE;
	return HOTSPOT_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double		p = *(const double *) a,
				q = *(const double *) b;

	return p < q ? -1 : (p > q ? 1 : 0);
}

size_t
hotspot_distinct_table_size(size_t n)
{
	size_t		size = 16;

	while (size < 2 * n && size < ((size_t) -1) / 4)
		size *= 2;
	return size;
}

static inline uint64_t
coordinate_bits(double v)
{
	uint64_t	bits;

	if (v == 0)
		v = 0;					/* -0 is the same place as 0 */
	memcpy(&bits, &v, sizeof bits);
	return bits;
}

size_t
hotspot_distinct_locations(const double *x, const double *y, size_t n, double *xy,
						   size_t *table)
{
	size_t		size = hotspot_distinct_table_size(n),
				m = 0;

	memset(table, 0, size * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
	{
		uint64_t	bx = coordinate_bits(x[i]),
					by = coordinate_bits(y[i]);
		/* a 64-bit mix (splitmix64's finalizer) of both coordinates */
		uint64_t	h = bx * 0x9E3779B97F4A7C15ULL ^ by;
		size_t		slot;

		h ^= h >> 30;
		h *= 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 27;
		h *= 0x94D049BB133111EBULL;
		h ^= h >> 31;
		/* open addressing: slots hold 1 + the number of a distinct location */
		for (slot = (size_t) h & (size - 1); table[slot] != 0; slot = (slot + 1) & (size - 1))
		{
			size_t		j = table[slot] - 1;

			if (coordinate_bits(xy[2 * j]) == bx && coordinate_bits(xy[2 * j + 1]) == by)
				break;
		}
		if (table[slot] != 0)
			continue;
		xy[2 * m] = x[i];
		xy[2 * m + 1] = y[i];
		table[slot] = ++m;
	}
	return m;
}

/* the k-th smallest of a[0..n-1] (k < n), partially reordering a */
static double
kth_smallest(double *a, size_t n, size_t k)
{
	size_t		lo = 0,
				hi = n;

	while (hi - lo > 1)
	{
		double		pivot = a[lo + (hi - lo) / 2];
		size_t		lt = lo,
					i = lo,
					gt = hi;

		while (i < gt)
		{
			double		v = a[i];

			if (v < pivot)
			{
				a[i++] = a[lt];
				a[lt++] = v;
			}
			else if (v > pivot)
			{
				a[i] = a[--gt];
				a[gt] = v;
			}
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return pivot;
	}
	return a[k];
}

HotspotStatus
hotspot_cell_from_distances(double *dist, size_t m, double *cell)
{
	double		sum = 0,
				avg,
				med,
				larger,
				smaller,
				scale;

	if (m < 1)
		return HOTSPOT_ONE_LOCATION;
	for (size_t i = 0; i < m; i++)
	{
		if (isnan(dist[i]))
			return HOTSPOT_ONE_LOCATION;
		sum += dist[i];
	}
	avg = sum / (double) m;
	med = kth_smallest(dist, m, m / 2);
	if (m % 2 == 0)
	{
		/* the largest of the lower half is the other middle value */
		double		below = dist[0];

		for (size_t i = 1; i < m / 2; i++)
			below = fmax(below, dist[i]);
		med = below / 2 + med / 2;
	}
	larger = fmax(avg, med);
	smaller = fmin(avg, med);
	scale = smaller > 0 ? fmax(2.0, larger / smaller) : 2.0;
	*cell = larger * scale;
	if (!(*cell > 0) || !isfinite(*cell))
		return HOTSPOT_ONE_LOCATION;
	return HOTSPOT_OK;
}

HotspotStatus
hotspot_default_cell(const double *x, const double *y, size_t n,
					 double *xy, size_t *table, size_t *idx, unsigned char *axis,
					 double *dist, double *cell)
{
	NnTree		tree;
	size_t		m;

	if (n < 2)
		return HOTSPOT_ONE_LOCATION;
	m = hotspot_distinct_locations(x, y, n, xy, table);
	if (m < 2)
		return HOTSPOT_ONE_LOCATION;
	nn_tree_build(&tree, xy, 2, m, idx, axis);
	nn_tree_nearest_distances(&tree, 0, m, dist);
	return hotspot_cell_from_distances(dist, m, cell);
}

/* ---------------------------------------------- false discovery rate */

double
hotspot_p(double z)
{
	return isnan(z) ? NAN : nni_normal_p(z);
}

/* fdr_threshold over the `kept` smallest of m sorted p-values */
static double
fdr_threshold_of_smallest(const double *sorted_p, size_t kept, size_t m, double alpha)
{
	for (size_t k = kept; k >= 1; k--)
		if (sorted_p[k - 1] <= (double) k * alpha / (double) m)
			return sorted_p[k - 1];
	return -1.0;
}

double
fdr_threshold(const double *sorted_p, size_t m, double alpha)
{
	return fdr_threshold_of_smallest(sorted_p, m, m, alpha);
}

void
hotspot_p_values(const double *z, size_t n, double *p)
{
	for (size_t i = 0; i < n; i++)
		p[i] = hotspot_p(z[i]);
}

void
hotspot_fdr_thresholds(const double *p, size_t n, double *work, double thr[3])
{
	static const double alpha[3] = {0.01, 0.05, 0.10};
	size_t		m = 0,
				kept = 0;

	/*
	 * Only p-values up to the largest alpha can be thresholds (p_(k) <= k
	 * alpha / m <= alpha), and the ones below them keep their ranks, so
	 * only those are sorted: over a grid, a small share of the cells.
	 */
	for (size_t i = 0; i < n; i++)
	{
		if (isnan(p[i]))
			continue;
		m++;
		if (p[i] <= alpha[2])
			work[kept++] = p[i];
	}
	qsort(work, kept, sizeof(double), cmp_double);
	for (int a = 0; a < 3; a++)
		thr[a] = fdr_threshold_of_smallest(work, kept, m, alpha[a]);
}

HotspotClass
hotspot_classify(double z, double p, const double thr[3])
{
	if (isnan(z))
		return HOTSPOT_CLASS_NONE;
	for (int a = 0; a < 3; a++)
		if (p <= thr[a])
			return z > 0 ? HOTSPOT_CLASS_HOT_99 + a : HOTSPOT_CLASS_COLD_99 + a;
	return HOTSPOT_CLASS_NOT_SIGNIFICANT;
}

const char *
hotspot_class_label(HotspotClass cls)
{
	static const char *const label[] = {
		[HOTSPOT_CLASS_NONE] = NULL,
		[HOTSPOT_CLASS_HOT_99] = "hot 99",
		[HOTSPOT_CLASS_HOT_95] = "hot 95",
		[HOTSPOT_CLASS_HOT_90] = "hot 90",
		[HOTSPOT_CLASS_COLD_99] = "cold 99",
		[HOTSPOT_CLASS_COLD_95] = "cold 95",
		[HOTSPOT_CLASS_COLD_90] = "cold 90",
		[HOTSPOT_CLASS_NOT_SIGNIFICANT] = "not significant",
	};

	return label[cls];
}

const char *
hotspot_class(double z, const double thr[3])
{
	return hotspot_class_label(hotspot_classify(z, hotspot_p(z), thr));
}
