/*
 * geoprofile_core.h — Rossmo's criminal geographic targeting (CGT), plain C.
 *
 * Given the sites of a crime series (WGS 84 degrees), scores every cell of
 * a grid over the hunting area by Rossmo's distance-decay function with a
 * buffer zone (Rossmo, Geographic Profiling, CRC Press 2000), in Manhattan
 * distance on geo_core's equal-area projection centred on the sites'
 * spherical centroid (x east, y north at the centre).  No allocation: the
 * caller owns every buffer.
 */
#ifndef GEOPROFILE_CORE_H
#define GEOPROFILE_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo_core.h"

/* Cells along the longer side of the hunting area by default. */
#define GEOPROFILE_DEFAULT_CELLS 100
/* f and g must lie in (0, GEOPROFILE_MAX_EXPONENT]. */
#define GEOPROFILE_MAX_EXPONENT 10.0
/* Buffers and cells accepted, metres: a millimetre to half the Earth's circumference. */
#define GEOPROFILE_MIN_LENGTH_M 1.0e-3
#define GEOPROFILE_MAX_LENGTH_M 2.0e7

typedef enum GeoprofileStatus
{
	GEOPROFILE_OK,
	GEOPROFILE_NO_SITES,		/* n == 0 */
	GEOPROFILE_BAD_COORDINATE,	/* a site fails geo_valid */
	GEOPROFILE_NO_CENTRE,		/* the spherical centroid is undefined */
	GEOPROFILE_UNPROJECTABLE,	/* a site is the antipode of the centre */
	GEOPROFILE_BAD_BUFFER,		/* given buffer outside [MIN, MAX]_LENGTH_M */
	GEOPROFILE_NO_DEFAULT_BUFFER,	/* one site, or the sites (nearly) at one place */
	GEOPROFILE_BAD_EXPONENT,	/* f or g outside (0, 10] */
	GEOPROFILE_BAD_CELL,		/* given cell outside [MIN, MAX]_LENGTH_M */
	GEOPROFILE_TOO_MANY_CELLS	/* the grid would exceed max_cells */
} GeoprofileStatus;

typedef struct GeoprofileOptions
{
	bool		has_buffer;		/* false: half the mean nearest-neighbour distance */
	double		buffer_m;
	double		f;				/* decay exponent outside the buffer */
	double		g;				/* growth exponent inside the buffer */
	bool		has_cell;		/* false: longer side / GEOPROFILE_DEFAULT_CELLS */
	double		cell_m;
	size_t		max_cells;
} GeoprofileOptions;

typedef struct GeoprofileGrid
{
	GeoProjection proj;
	double		buffer;			/* B, metres */
	double		f;
	double		g;
	double		cell;			/* metres */
	double		x0;				/* west edge, projected metres */
	double		y0;				/* south edge */
	int			nx;
	int			ny;
} GeoprofileGrid;

/* Scratch for sorting sites by a coordinate. */
typedef struct GeoprofileSortItem
{
	double		key;
	size_t		index;
} GeoprofileSortItem;

/*
 * Mean distance from each site to its nearest other site, in the Manhattan
 * metric (n >= 2; coincident sites are at distance 0).  work: n items.
 */
extern double geoprofile_mean_nn_manhattan(const double *x, const double *y, size_t n,
										   GeoprofileSortItem *work);

/*
 * Projects the sites into x and y (n doubles each), chooses B and the cell,
 * lays out the grid over the hunting area.  On GEOPROFILE_BAD_COORDINATE or
 * GEOPROFILE_UNPROJECTABLE *bad is the site's index; on
 * GEOPROFILE_TOO_MANY_CELLS *cells_needed is the grid's size.
 */
extern GeoprofileStatus geoprofile_plan(const double *lat, const double *lon, size_t n,
										const GeoprofileOptions *opt,
										double *x, double *y,
										GeoprofileSortItem *work,
										GeoprofileGrid *grid, size_t *bad,
										double *cells_needed);

/* Rossmo's function of one distance, before the constant k. */
extern double geoprofile_decay(const GeoprofileGrid *grid, double d);

/*
 * Raw scores (sum over the sites, before k) of the grid rows [row_from,
 * row_to) into score (nx * ny doubles, row-major from the south-west).
 */
extern void geoprofile_score_rows(const GeoprofileGrid *grid, const double *x,
								  const double *y, size_t n, int row_from,
								  int row_to, double *score);

/* Divides the scores by their sum (so they sum to 1); returns k = 1/sum. */
extern double geoprofile_normalize(double *score, size_t ncells);

/*
 * Percentile of every cell: the share (in %) of the cells, hence of the
 * area, whose score is at most the cell's.  sorted: ncells doubles scratch.
 */
extern void geoprofile_percentiles(const double *score, size_t ncells,
								   double *sorted, double *percentile);

/* Index of the highest score (the first one on ties). */
extern size_t geoprofile_peak(const double *score, size_t ncells);

/* Centre of cell (ix, iy): projected metres and degrees. */
extern void geoprofile_cell_xy(const GeoprofileGrid *grid, int ix, int iy,
							   double *x, double *y);
extern void geoprofile_cell_latlon(const GeoprofileGrid *grid, int ix, int iy,
								   double *lat, double *lon);

#endif
