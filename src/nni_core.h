/*
 * nni_core.h — nearest neighbours and the Clark–Evans nearest neighbour
 * index, plain C.
 *
 * Nearest neighbours come from a k-d tree laid out implicitly in an index
 * array (the median of every range is the node, the halves its subtrees),
 * so building it needs no allocation beyond two caller buffers of n
 * entries, takes O(n log n), and a query takes O(log n) on ordinary data.
 *
 * The Clark–Evans index (Clark and Evans, "Distance to nearest neighbor as
 * a measure of spatial relationships in populations", Ecology 35(4), 1954)
 * compares the observed mean distance from each point to its nearest
 * neighbour with the mean expected for a random (Poisson) pattern of the
 * same density: R = observed / (0.5 / sqrt(n / A)), with standard error
 * 0.26136 / sqrt(n * n / A).  R < 1 means clustered, R > 1 dispersed (2.149
 * for a hexagonal lattice, the most dispersed pattern there is).
 */
#ifndef NNI_CORE_H
#define NNI_CORE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A k-d tree over n points of dim (2 or 3) coordinates each.  Building it
 * reorders the caller's point array itself into tree order (every subtree
 * a contiguous run, so that queries touch nearby memory); idx maps a tree
 * position back to the point's original number.  The caller owns pts and
 * the two buffers of n entries, idx and axis, for the tree's lifetime.
 */
typedef struct NnTree
{
	double	   *pts;			/* tree order */
	int			dim;
	size_t		n;
	size_t	   *idx;			/* tree position -> original number */
	unsigned char *axis;		/* split axis of the node at each position */
} NnTree;

extern void nn_tree_build(NnTree *t, double *pts, int dim, size_t n,
						  size_t *idx, unsigned char *axis);

/*
 * The tree position of the point nearest to q other than the one at tree
 * position self (pass (size_t) -1 to exclude none); a point at distance 0
 * counts.  False when there is no other point.  *best_d2 is the squared
 * Euclidean distance.
 */
extern bool nn_tree_nearest(const NnTree *t, const double *q, size_t self,
							size_t *best, double *best_d2);

/*
 * Euclidean distance from the points at tree positions from..to-1 to their
 * nearest other point (0 for a point with a twin, NaN for a lone point),
 * stored under the points' original numbers: dist[idx[position]].
 */
extern void nn_tree_nearest_distances(const NnTree *t, size_t from, size_t to,
									  double *dist);

/*
 * Over the points within Euclidean distance r of q (sqrt(d2) <= r, q's own
 * point included when it is in the tree): adds how many there are to
 * *count and the sum of their values to *sum; tval holds the values in
 * tree order (tval[k] = val[idx[k]]).
 */
extern void nn_tree_within(const NnTree *t, const double *q, double r,
						   const double *tval, double *count, double *sum);

/* Two-tailed p-value of a standard normal z. */
extern double nni_normal_p(double z);

typedef enum NniStatus
{
	NNI_OK = 0,
	NNI_TOO_FEW_POINTS,			/* fewer than 2 points */
	NNI_BAD_COORDINATE,			/* a latitude or longitude out of range */
	NNI_NO_CENTRE,				/* points spread so that they have no centroid */
	NNI_ANTIPODE,				/* a point at the antipode of the centroid */
	NNI_ZERO_AREA,				/* the points' rectangle has no area */
	NNI_BAD_AREA				/* an area that is not a positive finite number */
} NniStatus;

/* A sentence explaining a status (for error details). */
extern const char *nni_status_message(NniStatus status);

/*
 * Area in square metres of the rectangle that bounds the points (east-west
 * by north-south extent) in a Lambert azimuthal equal-area projection
 * centred on their spherical centroid — the default study area, after
 * ArcGIS's Average Nearest Neighbor ("the area of the minimum enclosing
 * rectangle around the input features" when no area is given).
 */
extern NniStatus nni_default_area(const double *lat, const double *lon, size_t n,
								  double *area_m2);

/*
 * Points as 3-D vectors on the sphere of radius GEO_EARTH_RADIUS_M, three
 * doubles each in xyz (3 * n entries): the chord between two of them grows
 * with their great-circle distance, so a 3-D nearest neighbour is the
 * great-circle nearest neighbour, across the antimeridian and the poles.
 */
extern void nni_to_vectors(const double *lat, const double *lon, size_t n, double *xyz);

/*
 * Sum of the great-circle distances (metres) from the points at tree
 * positions from..to-1 to their nearest neighbour, given the tree over
 * their vectors (the arc of the chord between them).
 */
extern double nni_sum_nearest_m(const NnTree *t, size_t from, size_t to);

typedef struct NniResult
{
	double		r;				/* observed / expected */
	double		z;
	double		p;				/* two-tailed */
	double		observed_m;		/* mean nearest-neighbour distance */
	double		expected_m;		/* 0.5 / sqrt(n / A) */
	double		area_m2;		/* A */
} NniResult;

/* The Clark–Evans statistics from the mean observed distance. */
extern NniStatus nni_clark_evans(size_t n, double observed_m, double area_m2,
								 NniResult *out);

/*
 * Everything at once: validates the coordinates, takes the default area
 * when area_m2 is NaN, finds every nearest neighbour.  Work buffers: xyz
 * (3 * n doubles), idx and axis (n entries each).
 */
extern NniStatus nni_compute(const double *lat, const double *lon, size_t n,
							 double area_m2, double *xyz, size_t *idx,
							 unsigned char *axis, NniResult *out);

#endif
