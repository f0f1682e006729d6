/*
 * hotspot_core.h — the Getis–Ord Gi* hot spot statistic, grid binning on
 * the equal-area projection, the default cell size and distance band, and
 * the false discovery rate correction; plain C.
 *
 * Gi* is exactly Ord and Getis, "Local spatial autocorrelation statistics:
 * distributional issues and an application", Geographical Analysis 27(4),
 * 1995, with binary weights over a fixed distance band (w_ij = 1 when
 * d_ij <= band, the point itself included):
 *
 *   z_i = (sum_j w_ij x_j - xbar sum_j w_ij)
 *         / (S sqrt((n sum_j w_ij^2 - (sum_j w_ij)^2) / (n - 1)))
 *
 * with xbar and S = sqrt(sum x^2 / n - xbar^2) over all n values (S is
 * computed as sqrt(sum (x - xbar)^2 / n), the same number with less
 * rounding).  The p-value is two-tailed under the standard normal.  A
 * neighbourhood that holds every value has no variance (0 / 0): its z and
 * p are NaN.
 */
#ifndef HOTSPOT_CORE_H
#define HOTSPOT_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "geo_core.h"
#include "nni_core.h"

/* Grids larger than this are refused; the default cell size is enlarged
 * until the grid has at most HOTSPOT_DEFAULT_MAX_CELLS. */
#define HOTSPOT_MAX_CELLS			10000000.0
#define HOTSPOT_DEFAULT_MAX_CELLS	1000000.0

typedef enum HotspotStatus
{
	HOTSPOT_OK = 0,
	HOTSPOT_TOO_FEW_POINTS,		/* fewer than 3 values */
	HOTSPOT_NO_VARIATION,		/* every value equal: S = 0 */
	HOTSPOT_BAD_COORDINATE,		/* a coordinate that is not a finite number or off the globe */
	HOTSPOT_BAD_VALUE,			/* a value that is not a finite number */
	HOTSPOT_BAD_BAND,			/* a band that is not a finite number >= 0 */
	HOTSPOT_BAD_CELL,			/* a cell size that is not a finite number > 0 */
	HOTSPOT_NO_CENTRE,			/* points around the whole globe: no centroid */
	HOTSPOT_ANTIPODE,			/* a point at the antipode of the centroid */
	HOTSPOT_ONE_LOCATION,		/* no cell size can be derived from one location */
	HOTSPOT_TOO_FEW_CELLS,		/* a grid of fewer than 3 cells */
	HOTSPOT_TOO_MANY_CELLS		/* more than HOTSPOT_MAX_CELLS cells */
} HotspotStatus;

/* A whole sentence explaining a status (for error details). */
extern const char *hotspot_status_message(HotspotStatus status);

/* ---------------------------------------------------------------- Gi* */

typedef struct GiStats
{
	size_t		n;
	double		mean;			/* xbar */
	double		sd;				/* S, divisor n */
} GiStats;

/* xbar and S of n values; HOTSPOT_TOO_FEW_POINTS, _BAD_VALUE, _NO_VARIATION. */
extern HotspotStatus gi_star_stats(const double *val, size_t n, GiStats *st);

/* z of a neighbourhood of k binary weights (k = sum w = sum w^2) whose
 * values add up to local_sum; NaN when k = n. */
extern double gi_star_z(const GiStats *st, double k, double local_sum);

/*
 * Gi* z of the planar points at tree positions from..to-1 with a fixed
 * distance band, into z[original number]; t is the 2-D tree over the
 * points, tval their values in tree order.
 */
extern void gi_star_points(const NnTree *t, const double *tval, const GiStats *st,
						   double band, size_t from, size_t to, double *z);

/*
 * All of Gi* over n planar points: validates, builds the tree (work
 * buffers xy and tval: 2 * n and n doubles, idx and axis: n entries each),
 * fills z[n].
 */
extern HotspotStatus gi_star_compute(const double *x, const double *y, const double *val,
									 size_t n, double band, double *xy, double *tval,
									 size_t *idx, unsigned char *axis, double *z);

/* ------------------------------------------------------ grid binning */

typedef enum HotspotGridKind
{
	HOTSPOT_GRID_SQUARE,
	HOTSPOT_GRID_HEX
} HotspotGridKind;

/* "square" or "hex" (exactly). */
extern bool hotspot_grid_kind_parse(const char *s, size_t len, HotspotGridKind *kind);

/*
 * A grid over the projection plane.  cell is the spacing between the
 * centres of neighbouring cells: the side of a square, the height (the
 * distance between opposite sides) of a flat-topped hexagon, as ArcGIS's
 * hexagon grids use it.  Cells come from a lattice with a cell centred on
 * (x0, y0); in a hexagonal lattice, odd columns sit half a cell higher.
 * The grid is the rectangle of lattice columns c0..c0+ncols-1 and rows
 * r0..r0+nrows-1 that bounds the points; a cell's id is row * ncols + col
 * (relative row and column).
 */
typedef struct HotspotGrid
{
	HotspotGridKind kind;
	double		cell;
	double		x0,
				y0;
	long long	c0,
				r0;
	long long	ncols,
				nrows;
} HotspotGrid;

/* Lays the grid over the points (the lattice centred on the middle of
 * their extent); HOTSPOT_TOO_MANY_CELLS beyond max_cells. */
extern HotspotStatus hotspot_grid_layout(HotspotGrid *g, HotspotGridKind kind, double cell,
										 const double *x, const double *y, size_t n,
										 double max_cells);
/*
 * The same with a default cell size: cell is enlarged, if need be, until
 * the grid has at most HOTSPOT_DEFAULT_MAX_CELLS cells (a data set of a
 * few tight clusters far apart would otherwise ask for billions of cells).
 */
extern HotspotStatus hotspot_grid_layout_default(HotspotGrid *g, HotspotGridKind kind,
												 double cell, const double *x,
												 const double *y, size_t n);
extern long long hotspot_grid_cells(const HotspotGrid *g);
/* The cell holding a point of the extent (nearest centre). */
extern long long hotspot_grid_cell_id(const HotspotGrid *g, double x, double y);
extern void hotspot_grid_centre(const HotspotGrid *g, long long id, double *x, double *y);
/* Area of one cell, square metres. */
extern double hotspot_grid_cell_area(const HotspotGrid *g);

/* ------------------------------------------- Gi* over a grid's cells */

/* Doubles of the prefix-sum workspace for hotspot_grid_gi_prepare. */
extern size_t hotspot_grid_prefix_size(const HotspotGrid *g);
/* Column prefix sums of value[id] into prefix. */
extern void hotspot_grid_gi_prepare(const HotspotGrid *g, const double *value, double *prefix);

/*
 * Gi* z of cells from..to-1 (ids), every cell of the grid a point at its
 * centre: the neighbours of a cell are the cells whose centres lie within
 * band metres of its centre.  Exact lattice arithmetic decides which
 * centres are within the band, so cells at exactly the band are in.
 */
extern void hotspot_grid_gi_star(const HotspotGrid *g, const double *prefix,
								 const GiStats *st, double band,
								 long long from, long long to, double *z);

/* ------------------------------------------------- defaults, geography */

/*
 * Projects the points on a Lambert azimuthal equal-area projection centred
 * on their spherical centroid (proj receives it).
 */
extern HotspotStatus hotspot_project(const double *lat, const double *lon, size_t n,
									 GeoProjection *proj, double *x, double *y);

/* Entries of the hash table hotspot_distinct_locations needs for n points. */
extern size_t hotspot_distinct_table_size(size_t n);

/*
 * The distinct locations of n points as (x, y) pairs in xy (2 * n
 * doubles), in order of first appearance; returns how many there are.
 * table: hotspot_distinct_table_size(n) entries.
 */
extern size_t hotspot_distinct_locations(const double *x, const double *y, size_t n,
										 double *xy, size_t *table);

/*
 * The default cell size from the m distances between distinct locations
 * and their nearest neighbours (reorders dist).
 */
extern HotspotStatus hotspot_cell_from_distances(double *dist, size_t m, double *cell);

/*
 * Default cell size, after ArcGIS's Optimized Hot Spot Analysis: over the
 * distinct locations, the larger of the average and the median distance
 * to the nearest other location, times the larger of 2 and the ratio of
 * the two.  Work buffers: xy (2 * n), table
 * (hotspot_distinct_table_size(n)), idx, axis and dist (n each).
 */
extern HotspotStatus hotspot_default_cell(const double *x, const double *y, size_t n,
										  double *xy, size_t *table, size_t *idx,
										  unsigned char *axis, double *dist, double *cell);

/* ---------------------------------------------- false discovery rate */

/* Two-tailed p of each z (NaN stays NaN). */
extern double hotspot_p(double z);

/*
 * Benjamini–Hochberg: given the m p-values sorted ascending, the largest
 * p_(k) with p_(k) <= k alpha / m; -1 when there is none.  A test is
 * significant at the false discovery rate alpha when p <= the threshold.
 */
extern double fdr_threshold(const double *sorted_p, size_t m, double alpha);

/* p[i] = hotspot_p(z[i]) for n values. */
extern void hotspot_p_values(const double *z, size_t n, double *p);

/*
 * The FDR thresholds at 0.01, 0.05 and 0.10 of the p-values p[0..n-1]
 * (NaN skipped); work holds n doubles.
 */
extern void hotspot_fdr_thresholds(const double *p, size_t n, double *work, double thr[3]);

/*
 * The class of a cell: "hot 99", "hot 95", "hot 90", "cold 99", "cold 95",
 * "cold 90" (significant at a false discovery rate of 1, 5, 10 % — ArcGIS's
 * Gi_Bin 3, 2, 1 and -3, -2, -1) or "not significant"; NULL when z is NaN.
 */
extern const char *hotspot_class(double z, const double thr[3]);

/* The same in two steps, for a caller that has p already and labels many
 * cells: the class of (z, p = hotspot_p(z)), then its label. */
typedef enum HotspotClass
{
	HOTSPOT_CLASS_NONE,			/* z is NaN */
	HOTSPOT_CLASS_HOT_99,
	HOTSPOT_CLASS_HOT_95,
	HOTSPOT_CLASS_HOT_90,
	HOTSPOT_CLASS_COLD_99,
	HOTSPOT_CLASS_COLD_95,
	HOTSPOT_CLASS_COLD_90,
	HOTSPOT_CLASS_NOT_SIGNIFICANT
} HotspotClass;

#define HOTSPOT_CLASS_COUNT (HOTSPOT_CLASS_NOT_SIGNIFICANT + 1)

extern HotspotClass hotspot_classify(double z, double p, const double thr[3]);
extern const char *hotspot_class_label(HotspotClass cls);

#endif
