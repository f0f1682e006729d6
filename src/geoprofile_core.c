/*
 * geoprofile_core.c — Rossmo's criminal geographic targeting.
 *
 * For grid cell i and crime site j at Manhattan distance d_ij (Rossmo 2000,
 * ch. 9):
 *
 *   score_i = k * sum_j [ phi / d^f  +  (1 - phi) * B^(g-f) / (2B - d)^g ]
 *
 * with phi = 1 when d > B (outside the buffer zone: the chance falls off
 * with distance) and 0 inside it (where the offender avoids offending near
 * home, the chance grows towards the buffer's edge); B^(g-f) makes the two
 * parts meet at d = B, where the function peaks at B^-f.
 *
 * Choices, with their sources:
 * - f = g = 1.2 by default (the SQL defaults): the exponents Rossmo
 *   reported for his criminal geographic targeting model.
 * - B, when not given, is half the mean nearest-neighbour distance between
 *   the sites, measured in the same Manhattan metric: the default of the
 *   rgeoprofile package (Spaulding & Morris, cgt_profile(), CRAN), a
 *   common reading of Rossmo's buffer as about half the typical spacing of
 *   the offences.
 * - The hunting area is the sites' bounding box enlarged on each side by
 *   half the mean spacing of the sites along that axis, (max - min) /
 *   (2 (n - 1)) (Rossmo 2000, p. 199, as rgeoprofile implements it), and by
 *   at least 2B, so that the ring of highest scores around every site and
 *   the decay beyond it lie on the grid (and a single site, which has no
 *   spacing, still gets an area).
 * - The grid has square cells; by default the longer side of the hunting
 *   area has 100 cells.
 * - k makes the scores of the grid sum to 1: each score is the cell's share
 *   of the total, comparable between grids of the same size.
 */
#include "geoprofile_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_item(const void *a, const void *b)
{
	const GeoprofileSortItem *ia = a,
			   *ib = b;

	if (ia->key < ib->key)
		return -1;
	if (ia->key > ib->key)
		return 1;
	return ia->index < ib->index ? -1 : (ia->index > ib->index ? 1 : 0);
}

static int
cmp_double(const void *a, const void *b)
{
	double		da = *(const double *) a,
				db = *(const double *) b;

	return da < db ? -1 : (da > db ? 1 : 0);
}

double
geoprofile_mean_nn_manhattan(const double *x, const double *y, size_t n,
							 GeoprofileSortItem *work)
{
	double		xmin = INFINITY,
				xmax = -INFINITY,
				ymin = INFINITY,
				ymax = -INFINITY,
				total = 0;
	bool		by_x;

	if (n < 2)
		return 0.0;
	for (size_t i = 0; i < n; i++)
	{
		xmin = fmin(xmin, x[i]);
		xmax = fmax(xmax, x[i]);
		ymin = fmin(ymin, y[i]);
		ymax = fmax(ymax, y[i]);
	}
	/*
	 * Sort along the longer axis; a neighbour search from each site can stop
	 * once the distance along that axis alone reaches the best so far.
	 */
	by_x = (xmax - xmin) >= (ymax - ymin);
	for (size_t i = 0; i < n; i++)
	{
		work[i].key = by_x ? x[i] : y[i];
		work[i].index = i;
	}
	qsort(work, n, sizeof(*work), cmp_item);
	for (size_t s = 0; s < n; s++)
	{
		size_t		i = work[s].index;
		double		best = INFINITY;

		for (size_t t = s + 1; t < n && work[t].key - work[s].key < best; t++)
		{
			size_t		j = work[t].index;

			best = fmin(best, fabs(x[i] - x[j]) + fabs(y[i] - y[j]));
		}
		for (size_t t = s; t-- > 0 && work[s].key - work[t].key < best;)
		{
			size_t		j = work[t].index;

			best = fmin(best, fabs(x[i] - x[j]) + fabs(y[i] - y[j]));
		}
		total += best;
	}
	return total / (double) n;
}

static double
cells_along(double length, double cell)
{
	/* a side that is a whole number of cells up to rounding gets that many */
	double		c = ceil(length / cell - 1e-9);

	return c < 1.0 ? 1.0 : c;
}

GeoprofileStatus
geoprofile_plan(const double *lat, const double *lon, size_t n,
				const GeoprofileOptions *opt, double *x, double *y,
				GeoprofileSortItem *work, GeoprofileGrid *grid, size_t *bad,
				double *cells_needed)
{
	double		clat,
				clon,
				xmin = INFINITY,
				xmax = -INFINITY,
				ymin = INFINITY,
				ymax = -INFINITY,
				b,
				mx,
				my,
				width,
				height,
				cell;

	memset(grid, 0, sizeof(*grid));
	*bad = 0;
	*cells_needed = 0;
	if (n == 0)
		return GEOPROFILE_NO_SITES;
	for (size_t i = 0; i < n; i++)
		if (!geo_valid(lat[i], lon[i]))
		{
			*bad = i;
			return GEOPROFILE_BAD_COORDINATE;
		}
	if (opt->has_buffer &&
		!(opt->buffer_m >= GEOPROFILE_MIN_LENGTH_M && opt->buffer_m <= GEOPROFILE_MAX_LENGTH_M))
		return GEOPROFILE_BAD_BUFFER;
	if (!(opt->f > 0 && opt->f <= GEOPROFILE_MAX_EXPONENT &&
		  opt->g > 0 && opt->g <= GEOPROFILE_MAX_EXPONENT))
		return GEOPROFILE_BAD_EXPONENT;
	if (opt->has_cell &&
		!(opt->cell_m >= GEOPROFILE_MIN_LENGTH_M && opt->cell_m <= GEOPROFILE_MAX_LENGTH_M))
		return GEOPROFILE_BAD_CELL;
	if (!geo_centroid(lat, lon, n, &clat, &clon))
		return GEOPROFILE_NO_CENTRE;
	geo_laea_init(&grid->proj, clat, clon);
	for (size_t i = 0; i < n; i++)
	{
		if (!geo_laea_forward(&grid->proj, lat[i], lon[i], &x[i], &y[i]))
		{
			*bad = i;
			return GEOPROFILE_UNPROJECTABLE;
		}
		xmin = fmin(xmin, x[i]);
		xmax = fmax(xmax, x[i]);
		ymin = fmin(ymin, y[i]);
		ymax = fmax(ymax, y[i]);
	}

	b = opt->has_buffer ? opt->buffer_m : geoprofile_mean_nn_manhattan(x, y, n, work) / 2.0;
	if (!(b >= GEOPROFILE_MIN_LENGTH_M))
		return GEOPROFILE_NO_DEFAULT_BUFFER;
	grid->buffer = b;
	grid->f = opt->f;
	grid->g = opt->g;

	mx = n >= 2 ? (xmax - xmin) / (2.0 * (double) (n - 1)) : 0.0;
	my = n >= 2 ? (ymax - ymin) / (2.0 * (double) (n - 1)) : 0.0;
	mx = fmax(mx, 2.0 * b);
	my = fmax(my, 2.0 * b);
	width = (xmax - xmin) + 2.0 * mx;
	height = (ymax - ymin) + 2.0 * my;
	cell = opt->has_cell ? opt->cell_m : fmax(width, height) / GEOPROFILE_DEFAULT_CELLS;
	*cells_needed = cells_along(width, cell) * cells_along(height, cell);
	if (!(*cells_needed <= (double) opt->max_cells) || *cells_needed > 2147483647.0)
		return GEOPROFILE_TOO_MANY_CELLS;
	grid->cell = cell;
	grid->nx = (int) cells_along(width, cell);
	grid->ny = (int) cells_along(height, cell);
	grid->x0 = (xmin + xmax) / 2.0 - grid->nx * cell / 2.0;
	grid->y0 = (ymin + ymax) / 2.0 - grid->ny * cell / 2.0;
	return GEOPROFILE_OK;
}

double
geoprofile_decay(const GeoprofileGrid *grid, double d)
{
	double		b = grid->buffer;

	if (d > b)
		return pow(d, -grid->f);
	return pow(b, grid->g - grid->f) * pow(2.0 * b - d, -grid->g);
}

void
geoprofile_score_rows(const GeoprofileGrid *grid, const double *x, const double *y,
					  size_t n, int row_from, int row_to, double *score)
{
	double		b = grid->buffer,
				f = grid->f,
				g = grid->g,
				bgf = pow(b, g - f);

	for (int iy = row_from; iy < row_to; iy++)
	{
		double		cy = grid->y0 + (iy + 0.5) * grid->cell;

		for (int ix = 0; ix < grid->nx; ix++)
		{
			double		cx = grid->x0 + (ix + 0.5) * grid->cell;
			double		sum = 0;

			for (size_t j = 0; j < n; j++)
			{
				double		d = fabs(cx - x[j]) + fabs(cy - y[j]);

				if (d > b)
					sum += pow(d, -f);
				else
					sum += bgf * pow(2.0 * b - d, -g);
			}
			score[(size_t) iy * grid->nx + ix] = sum;
		}
	}
}

double
geoprofile_normalize(double *score, size_t ncells)
{
	double		total = 0,
				k;

	for (size_t i = 0; i < ncells; i++)
		total += score[i];
	if (!(total > 0) || !isfinite(total))
		return 0.0;
	k = 1.0 / total;
	for (size_t i = 0; i < ncells; i++)
		score[i] *= k;
	return k;
}

void
geoprofile_percentiles(const double *score, size_t ncells, double *sorted,
					   double *percentile)
{
	if (ncells == 0)
		return;
	memcpy(sorted, score, ncells * sizeof(double));
	qsort(sorted, ncells, sizeof(double), cmp_double);
	for (size_t i = 0; i < ncells; i++)
	{
		/* number of sorted scores <= score[i]: an upper bound search */
		size_t		lo = 0,
					hi = ncells;

		while (lo < hi)
		{
			size_t		mid = lo + (hi - lo) / 2;

			if (sorted[mid] <= score[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		percentile[i] = 100.0 * (double) lo / (double) ncells;
	}
}

size_t
geoprofile_peak(const double *score, size_t ncells)
{
	size_t		best = 0;

	for (size_t i = 1; i < ncells; i++)
		if (score[i] > score[best])
			best = i;
	return best;
}

void
geoprofile_cell_xy(const GeoprofileGrid *grid, int ix, int iy, double *x, double *y)
{
	*x = grid->x0 + (ix + 0.5) * grid->cell;
	*y = grid->y0 + (iy + 0.5) * grid->cell;
}

void
geoprofile_cell_latlon(const GeoprofileGrid *grid, int ix, int iy,
					   double *lat, double *lon)
{
	double		x,
				y;

	geoprofile_cell_xy(grid, ix, iy, &x, &y);
	geo_laea_inverse(&grid->proj, x, y, &lat[0], &lon[0]);
}
