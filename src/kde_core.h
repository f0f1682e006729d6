/*
 * kde_core.h — kernel density estimation of points on a grid, plain C.
 *
 * The points (WGS 84 degrees) are projected with geo_core's Lambert
 * azimuthal equal-area projection centred on their spherical centroid; a
 * square grid is laid on that plane and every point spreads a kernel whose
 * volume is 1 over it, so the density is per square metre and its volume
 * (the sum of density times cell area) is the number of points, up to the
 * discretisation.  No allocation: the caller owns every buffer.
 */
#ifndef KDE_CORE_H
#define KDE_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo_core.h"

typedef enum KdeKernel
{
	KDE_QUARTIC,				/* Silverman (1986) eq. 4.5, ArcGIS's kernel */
	KDE_GAUSSIAN				/* bivariate normal, sigma = bandwidth */
} KdeKernel;

/* A Gaussian kernel is cut off at this many bandwidths (see kde_core.c). */
#define KDE_GAUSSIAN_REACH 4.0

/*
 * Bandwidths and cells accepted, metres: from a millimetre (below that the
 * kernel's height overflows) to half the Earth's circumference.
 */
#define KDE_MIN_LENGTH_M 1.0e-3
#define KDE_MAX_LENGTH_M 2.0e7

typedef enum KdeStatus
{
	KDE_OK,
	KDE_NO_POINTS,				/* n == 0: nothing to estimate */
	KDE_BAD_COORDINATE,			/* a point fails geo_valid */
	KDE_NO_CENTRE,				/* the spherical centroid is undefined */
	KDE_UNPROJECTABLE,			/* a point is the antipode of the centre */
	KDE_BAD_BANDWIDTH,			/* given bandwidth outside [MIN, MAX]_LENGTH_M */
	KDE_ZERO_BANDWIDTH,			/* the default bandwidth came out under 1 mm */
	KDE_BAD_CELL,				/* given cell outside [MIN, MAX]_LENGTH_M */
	KDE_TOO_MANY_CELLS			/* the grid would exceed max_cells */
} KdeStatus;

typedef struct KdeOptions
{
	KdeKernel	kernel;
	bool		has_bandwidth;	/* false: ArcGIS's default search radius */
	double		bandwidth_m;
	bool		has_cell;		/* false: the default cell size */
	double		cell_m;
	size_t		max_cells;		/* upper bound on nx * ny */
} KdeOptions;

typedef struct KdeGrid
{
	GeoProjection proj;			/* centred on the points' centroid */
	KdeKernel	kernel;
	double		bandwidth;		/* h, metres */
	double		reach;			/* the kernel is 0 beyond this distance */
	double		norm;			/* kernel height at distance 0, per m^2 */
	double		cell;			/* side of a cell, metres */
	double		x0;				/* west edge of the grid, projected metres */
	double		y0;				/* south edge */
	int			nx;				/* columns (west to east) */
	int			ny;				/* rows (south to north) */
} KdeGrid;

/* "quartic" or "gaussian" (exact, lower case). */
extern bool kde_kernel_parse(const char *name, KdeKernel *kernel);

/*
 * ArcGIS's default search radius for n projected points (see kde_core.c):
 * 0.9 * min(SD, sqrt(1/ln 2) * Dm) * n^-0.2.  work: n doubles.
 */
extern double kde_default_bandwidth(const double *x, const double *y, size_t n,
									double *work);

/*
 * Projects the n points into x and y (n doubles each), chooses the
 * bandwidth and cell size, and lays out the grid.  work: n doubles.  On
 * KDE_BAD_COORDINATE or KDE_UNPROJECTABLE, *bad is the point's index; on
 * KDE_TOO_MANY_CELLS, *cells_needed is the grid's size.
 */
extern KdeStatus kde_plan(const double *lat, const double *lon, size_t n,
						  const KdeOptions *opt, double *x, double *y,
						  double *work, KdeGrid *grid, size_t *bad,
						  double *cells_needed);

/*
 * Adds the kernels of the projected points [from, to) to density
 * (grid->nx * grid->ny doubles, row-major from the south-west corner; the
 * caller zeroes it first).  Callers may go in chunks to stay interruptible.
 */
extern void kde_accumulate(const KdeGrid *grid, const double *x, const double *y,
						   size_t from, size_t to, double *density);

/* Kernel value (per m^2) at distance d from its point. */
extern double kde_kernel_value(const KdeGrid *grid, double d);

/* Centre of cell (ix, iy): projected metres and degrees. */
extern void kde_cell_xy(const KdeGrid *grid, int ix, int iy, double *x, double *y);
extern void kde_cell_latlon(const KdeGrid *grid, int ix, int iy,
							double *lat, double *lon);

#endif
