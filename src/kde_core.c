/*
 * kde_core.c — kernel density estimation on an equal-area grid.
 *
 * Kernels (each integrates to 1 over the plane, so the density is in
 * points per square metre):
 *
 *   quartic   K(d) = 3 / (pi h^2) * (1 - (d/h)^2)^2 for d < h, else 0.
 *             Silverman, Density Estimation for Statistics and Data
 *             Analysis (1986), p. 76, eq. 4.5, scaled by 1/h^2; the kernel
 *             of ArcGIS's Kernel Density tool ("How Kernel Density works",
 *             ArcGIS Pro / ArcMap 10.x Spatial Analyst documentation).
 *
 *   gaussian  K(d) = exp(-d^2 / (2 h^2)) / (2 pi h^2), the bivariate normal
 *             with sigma = h, cut off at d = 4h where it has fallen to
 *             e^-8 = 0.03 % of its peak; the cut-off part (a share e^-8 of
 *             the volume) is given back by dividing by 1 - e^-8, so each
 *             point still contributes exactly 1.
 *
 * Default bandwidth (the search radius when none is given) is ArcGIS's
 * spatial variant of Silverman's rule of thumb ("How Kernel Density works",
 * section "Default search radius (bandwidth) algorithm", ArcGIS 10.2.1 and
 * later):
 *
 *   h = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n^-0.2
 *
 * where Dm is the median distance of the points from their mean centre and
 * SD their standard distance, sqrt(sum((x - X)^2 + (y - Y)^2) / n) (ArcGIS
 * "How Standard Distance works"); both in the projected plane.  The same
 * value serves as sigma for the Gaussian kernel, which is what Silverman's
 * rule was made for.
 *
 * Default cell size: ArcGIS takes the shorter of the output extent's width
 * and height divided by 250 (Kernel Density tool reference, "Output cell
 * size").  Our output extent is the points' extent plus the kernel's reach
 * on every side, so that every kernel lies wholly on the grid and the
 * volume is the number of points.  The cell is further held to at most a
 * quarter of the bandwidth (a kernel sampled by fewer cells loses its shape
 * and its volume), and grown when needed to keep the grid within
 * max_cells.
 */
#include "kde_core.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

/* Share of a 2-D normal's volume beyond 4 sigma: exp(-4^2 / 2). */
#define GAUSSIAN_TAIL exp(-KDE_GAUSSIAN_REACH * KDE_GAUSSIAN_REACH / 2.0)

bool
kde_kernel_parse(const char *name, KdeKernel *kernel)
{
	if (name == NULL)
		return false;
	if (strcmp(name, "quartic") == 0)
		*kernel = KDE_QUARTIC;
	else if (strcmp(name, "gaussian") == 0)
		*kernel = KDE_GAUSSIAN;
	else
		return false;
	return true;
}

/* Swaps two doubles. */
static inline void
swap_d(double *a, double *b)
{
	double		t = *a;

	*a = *b;
	*b = t;
}

/*
 * Rearranges v[0..n) so that v[k] is the k-th smallest, everything before it
 * no larger and everything after no smaller (Hoare's selection with a
 * median-of-three pivot).
 */
static void
select_kth(double *v, size_t n, size_t k)
{
	ptrdiff_t	lo = 0,
				hi = (ptrdiff_t) n - 1,
				kk = (ptrdiff_t) k;

	while (hi > lo)
	{
		ptrdiff_t	mid = lo + (hi - lo) / 2,
					i = lo,
					j = hi;
		double		pivot;

		if (v[mid] < v[lo])
			swap_d(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap_d(&v[hi], &v[lo]);
		if (v[hi] < v[mid])
			swap_d(&v[hi], &v[mid]);
		pivot = v[mid];
		while (i <= j)
		{
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j)
			{
				swap_d(&v[i], &v[j]);
				i++;
				j--;
			}
		}
		/* now v[lo..j] <= pivot, v[j+1..i-1] == pivot, v[i..hi] >= pivot */
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			return;
	}
}

/* Median of v[0..n), n > 0; reorders v. */
static double
median(double *v, size_t n)
{
	size_t		k = n / 2;
	double		upper;
	double		lower;

	select_kth(v, n, k);
	upper = v[k];
	if (n % 2 == 1)
		return upper;
	/* the lower middle is the largest of the k smaller ones */
	lower = v[0];
	for (size_t i = 1; i < k; i++)
		if (v[i] > lower)
			lower = v[i];
	return (lower + upper) / 2.0;
}

double
kde_default_bandwidth(const double *x, const double *y, size_t n, double *work)
{
	double		mx = 0,
				my = 0,
				ss = 0,
				sd,
				dm;

	if (n == 0)
		return 0.0;
	for (size_t i = 0; i < n; i++)
	{
		mx += x[i];
		my += y[i];
	}
	mx /= (double) n;
	my /= (double) n;
	for (size_t i = 0; i < n; i++)
	{
		double		dx = x[i] - mx,
					dy = y[i] - my;

		ss += dx * dx + dy * dy;
		work[i] = sqrt(dx * dx + dy * dy);
	}
	sd = sqrt(ss / (double) n);
	dm = median(work, n);
	return 0.9 * fmin(sd, sqrt(1.0 / M_LN2) * dm) * pow((double) n, -0.2);
}

double
kde_kernel_value(const KdeGrid *grid, double d)
{
	double		h = grid->bandwidth;

	if (!(d < grid->reach))
		return 0.0;
	if (grid->kernel == KDE_QUARTIC)
	{
		double		u2 = (d / h) * (d / h);

		return grid->norm * (1.0 - u2) * (1.0 - u2);
	}
	return grid->norm * exp(-(d * d) / (2.0 * h * h));
}

/* Cells along a side of the given length: at least 1, as a double. */
static double
cells_along(double length, double cell)
{
	/* a side that is a whole number of cells up to rounding gets that many */
	double		c = ceil(length / cell - 1e-9);

	return c < 1.0 ? 1.0 : c;
}

KdeStatus
kde_plan(const double *lat, const double *lon, size_t n, const KdeOptions *opt,
		 double *x, double *y, double *work, KdeGrid *grid, size_t *bad,
		 double *cells_needed)
{
	double		clat,
				clon,
				xmin,
				xmax,
				ymin,
				ymax,
				h,
				width,
				height,
				cell;

	memset(grid, 0, sizeof(*grid));
	*bad = 0;
	*cells_needed = 0;
	if (n == 0)
		return KDE_NO_POINTS;
	for (size_t i = 0; i < n; i++)
		if (!geo_valid(lat[i], lon[i]))
		{
			*bad = i;
			return KDE_BAD_COORDINATE;
		}
	if (opt->has_bandwidth &&
		!(opt->bandwidth_m >= KDE_MIN_LENGTH_M && opt->bandwidth_m <= KDE_MAX_LENGTH_M))
		return KDE_BAD_BANDWIDTH;
	if (opt->has_cell && !(opt->cell_m >= KDE_MIN_LENGTH_M && opt->cell_m <= KDE_MAX_LENGTH_M))
		return KDE_BAD_CELL;
	if (!geo_centroid(lat, lon, n, &clat, &clon))
		return KDE_NO_CENTRE;
	geo_laea_init(&grid->proj, clat, clon);
	xmin = ymin = INFINITY;
	xmax = ymax = -INFINITY;
	for (size_t i = 0; i < n; i++)
	{
		if (!geo_laea_forward(&grid->proj, lat[i], lon[i], &x[i], &y[i]))
		{
			*bad = i;
			return KDE_UNPROJECTABLE;
		}
		xmin = fmin(xmin, x[i]);
		xmax = fmax(xmax, x[i]);
		ymin = fmin(ymin, y[i]);
		ymax = fmax(ymax, y[i]);
	}

	h = opt->has_bandwidth ? opt->bandwidth_m : kde_default_bandwidth(x, y, n, work);
	if (!(h >= KDE_MIN_LENGTH_M))
		return KDE_ZERO_BANDWIDTH;
	grid->kernel = opt->kernel;
	grid->bandwidth = h;
	if (opt->kernel == KDE_QUARTIC)
	{
		grid->reach = h;
		grid->norm = 3.0 / (M_PI * h * h);
	}
	else
	{
		grid->reach = KDE_GAUSSIAN_REACH * h;
		grid->norm = 1.0 / (2.0 * M_PI * h * h * (1.0 - GAUSSIAN_TAIL));
	}

	width = (xmax - xmin) + 2.0 * grid->reach;
	height = (ymax - ymin) + 2.0 * grid->reach;
	if (opt->has_cell)
		cell = opt->cell_m;
	else
	{
		cell = fmin(fmin(width, height) / 250.0, h / 4.0);
		/* grow the default cell until the grid fits */
		while (cells_along(width, cell) * cells_along(height, cell) > (double) opt->max_cells)
			cell *= 1.25;
	}
	*cells_needed = cells_along(width, cell) * cells_along(height, cell);
	if (!(*cells_needed <= (double) opt->max_cells) || *cells_needed > 2147483647.0)
		return KDE_TOO_MANY_CELLS;

	grid->cell = cell;
	grid->nx = (int) cells_along(width, cell);
	grid->ny = (int) cells_along(height, cell);
	/* centred on the points' extent, so a symmetric pattern gives a symmetric grid */
	grid->x0 = (xmin + xmax) / 2.0 - grid->nx * cell / 2.0;
	grid->y0 = (ymin + ymax) / 2.0 - grid->ny * cell / 2.0;
	return KDE_OK;
}

/* First and last cell index whose centre lies within [lo, hi], clamped. */
static void
index_range(double origin, double cell, int count, double lo, double hi,
			int *first, int *last)
{
	double		f = ceil((lo - origin) / cell - 0.5),
				l = floor((hi - origin) / cell - 0.5);

	*first = f < 0 ? 0 : (f > count ? count : (int) f);
	*last = l > count - 1 ? count - 1 : (l < -1 ? -1 : (int) l);
}

/* Columns of one point's reach handled with precomputed factors. */
#define SEPARABLE_SPAN 512

void
kde_accumulate(const KdeGrid *grid, const double *x, const double *y,
			   size_t from, size_t to, double *density)
{
	double		r = grid->reach,
				r2 = r * r,
				inv_h2 = 1.0 / (grid->bandwidth * grid->bandwidth);
	double		column_factor[SEPARABLE_SPAN];

	for (size_t p = from; p < to; p++)
	{
		int			ix0,
					ix1,
					iy0,
					iy1;
		bool		separable;

		index_range(grid->x0, grid->cell, grid->nx, x[p] - r, x[p] + r, &ix0, &ix1);
		index_range(grid->y0, grid->cell, grid->ny, y[p] - r, y[p] + r, &iy0, &iy1);

		/*
		 * The Gaussian is a product of a function of dx and one of dy: one
		 * exp per column and per row instead of one per cell.
		 */
		separable = grid->kernel == KDE_GAUSSIAN && ix1 - ix0 < SEPARABLE_SPAN;
		if (separable)
			for (int ix = ix0; ix <= ix1; ix++)
			{
				double		dx = grid->x0 + (ix + 0.5) * grid->cell - x[p];

				column_factor[ix - ix0] = exp(-0.5 * dx * dx * inv_h2);
			}

		for (int iy = iy0; iy <= iy1; iy++)
		{
			double		dy = grid->y0 + (iy + 0.5) * grid->cell - y[p];
			double		row_factor = separable ? grid->norm * exp(-0.5 * dy * dy * inv_h2) : 0;
			double	   *row = density + (size_t) iy * grid->nx;

			for (int ix = ix0; ix <= ix1; ix++)
			{
				double		dx = grid->x0 + (ix + 0.5) * grid->cell - x[p];
				double		d2 = dx * dx + dy * dy;

				if (d2 >= r2)
					continue;
				if (grid->kernel == KDE_QUARTIC)
				{
					double		w = 1.0 - d2 * inv_h2;

					row[ix] += grid->norm * w * w;
				}
				else if (separable)
					row[ix] += row_factor * column_factor[ix - ix0];
				else
					row[ix] += grid->norm * exp(-0.5 * d2 * inv_h2);
			}
		}
	}
}

void
kde_cell_xy(const KdeGrid *grid, int ix, int iy, double *x, double *y)
{
	*x = grid->x0 + (ix + 0.5) * grid->cell;
	*y = grid->y0 + (iy + 0.5) * grid->cell;
}

void
kde_cell_latlon(const KdeGrid *grid, int ix, int iy, double *lat, double *lon)
{
	double		x,
				y;

	kde_cell_xy(grid, ix, iy, &x, &y);
	geo_laea_inverse(&grid->proj, x, y, lat, lon);
}
