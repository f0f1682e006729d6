/*
 * nni_core.c — an implicit k-d tree for nearest-neighbour and fixed-radius
 * queries, and the Clark–Evans nearest neighbour index on the sphere.
 */
#include "nni_core.h"

#include <math.h>
#include <string.h>

#include "geo_core.h"

#define DEG2RAD (M_PI / 180.0)

static inline double
key_of(const NnTree *t, size_t pos, int ax)
{
	return t->pts[pos * (size_t) t->dim + (size_t) ax];
}

/* swaps the points at two tree positions, coordinates and numbers */
static inline void
swap_points(const NnTree *t, size_t a, size_t b)
{
	double	   *pa = t->pts + a * (size_t) t->dim,
			   *pb = t->pts + b * (size_t) t->dim;
	size_t		tmp = t->idx[a];

	t->idx[a] = t->idx[b];
	t->idx[b] = tmp;
	for (int d = 0; d < t->dim; d++)
	{
		double		v = pa[d];

		pa[d] = pb[d];
		pb[d] = v;
	}
}

/*
 * Rearranges positions lo..hi-1 so that position k holds the point whose
 * coordinate on ax would be there in sorted order, smaller-or-equal ones
 * before it and greater-or-equal ones after (quickselect, three-way
 * partition so that runs of equal coordinates cost nothing, median-of-three
 * pivot).
 */
static void
select_kth(const NnTree *t, size_t lo, size_t hi, size_t k, int ax)
{
	while (hi - lo > 1)
	{
		size_t		mid = lo + (hi - lo) / 2;
		double		a = key_of(t, lo, ax),
					b = key_of(t, mid, ax),
					c = key_of(t, hi - 1, ax);
		double		pivot;
		size_t		lt = lo,
					i = lo,
					gt = hi;

		/* median of three */
		if ((a <= b && b <= c) || (c <= b && b <= a))
			pivot = b;
		else if ((b <= a && a <= c) || (c <= a && a <= b))
			pivot = a;
		else
			pivot = c;

		/* [lo, lt) < pivot, [lt, i) == pivot, [gt, hi) > pivot */
		while (i < gt)
		{
			double		v = key_of(t, i, ax);

			if (v < pivot)
				swap_points(t, lt++, i++);
			else if (v > pivot)
				swap_points(t, i, --gt);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
}

/*
 * Builds the subtree of positions lo..hi-1, whose points lie in the box
 * [mn, mx]: it splits at the median along the box's widest side (the box,
 * not the points' spread, so that choosing costs nothing).
 */
static void
build_range(NnTree *t, size_t lo, size_t hi, const double *mn, const double *mx)
{
	double		box_mn[3],
				box_mx[3];

	memcpy(box_mn, mn, sizeof(double) * t->dim);
	memcpy(box_mx, mx, sizeof(double) * t->dim);
	while (hi > lo)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			ax = 0;
		double		split;

		for (int d = 1; d < t->dim; d++)
			if (box_mx[d] - box_mn[d] > box_mx[ax] - box_mn[ax])
				ax = d;
		select_kth(t, lo, hi, mid, ax);
		t->axis[mid] = (unsigned char) ax;
		split = key_of(t, mid, ax);
		/* recurse into the smaller half, loop on the larger */
		if (mid - lo < hi - (mid + 1))
		{
			double		save = box_mx[ax];

			box_mx[ax] = split;
			build_range(t, lo, mid, box_mn, box_mx);
			box_mx[ax] = save;
			box_mn[ax] = split;
			lo = mid + 1;
		}
		else
		{
			double		save = box_mn[ax];

			box_mn[ax] = split;
			build_range(t, mid + 1, hi, box_mn, box_mx);
			box_mn[ax] = save;
			box_mx[ax] = split;
			hi = mid;
		}
	}
}

void
nn_tree_build(NnTree *t, double *pts, int dim, size_t n,
			  size_t *idx, unsigned char *axis)
{
	double		mn[3] = {0, 0, 0},
				mx[3] = {0, 0, 0};

	t->pts = pts;
	t->dim = dim < 1 ? 1 : (dim > 3 ? 3 : dim);
	t->n = n;
	t->idx = idx;
	t->axis = axis;
	for (size_t i = 0; i < n; i++)
	{
		idx[i] = i;
		for (int d = 0; d < t->dim; d++)
		{
			double		v = pts[i * (size_t) t->dim + d];

			if (i == 0 || v < mn[d])
				mn[d] = v;
			if (i == 0 || v > mx[d])
				mx[d] = v;
		}
	}
	build_range(t, 0, n, mn, mx);
}

static inline double
dist2(const NnTree *t, const double *q, size_t pos)
{
	const double *p = t->pts + pos * (size_t) t->dim;
	double		s = 0;

	for (int d = 0; d < t->dim; d++)
	{
		double		diff = q[d] - p[d];

		s += diff * diff;
	}
	return s;
}

static void
nearest_range(const NnTree *t, size_t lo, size_t hi, const double *q, size_t self,
			  size_t *best, double *best_d2)
{
	while (hi > lo)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			ax = t->axis[mid];
		double		diff = q[ax] - key_of(t, mid, ax);

		if (mid != self)
		{
			double		d2 = dist2(t, q, mid);

			if (d2 < *best_d2)
			{
				*best_d2 = d2;
				*best = mid;
			}
		}
		/* the near side first; the far side only if it can hold a closer point */
		if (diff < 0)
		{
			nearest_range(t, lo, mid, q, self, best, best_d2);
			if (!(diff * diff < *best_d2))
				return;
			lo = mid + 1;
		}
		else
		{
			nearest_range(t, mid + 1, hi, q, self, best, best_d2);
			if (!(diff * diff < *best_d2))
				return;
			hi = mid;
		}
	}
}

bool
nn_tree_nearest(const NnTree *t, const double *q, size_t self,
				size_t *best, double *best_d2)
{
	*best = (size_t) -1;
	*best_d2 = INFINITY;
	nearest_range(t, 0, t->n, q, self, best, best_d2);
	return *best != (size_t) -1;
}

void
nn_tree_nearest_distances(const NnTree *t, size_t from, size_t to, double *dist)
{
	for (size_t k = from; k < to && k < t->n; k++)
	{
		size_t		j;
		double		d2;

		dist[t->idx[k]] = nn_tree_nearest(t, t->pts + (size_t) t->dim * k, k, &j, &d2) ?
			sqrt(d2) : NAN;
	}
}

static void
within_range(const NnTree *t, size_t lo, size_t hi, const double *q, double r,
			 const double *tval, double *count, double *sum)
{
	while (hi > lo)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			ax = t->axis[mid];
		double		diff = q[ax] - key_of(t, mid, ax);
		bool		go_left,
					go_right;

		if (sqrt(dist2(t, q, mid)) <= r)
		{
			*count += 1;
			*sum += tval[mid];
		}
		/* left holds coordinates <= the split, right >= it */
		go_left = diff <= r;
		go_right = -diff <= r;
		if (go_left && go_right)
		{
			within_range(t, lo, mid, q, r, tval, count, sum);
			lo = mid + 1;
		}
		else if (go_left)
			hi = mid;
		else if (go_right)
			lo = mid + 1;
		else
			return;
	}
}

void
nn_tree_within(const NnTree *t, const double *q, double r,
			   const double *tval, double *count, double *sum)
{
	within_range(t, 0, t->n, q, r, tval, count, sum);
}

double
nni_normal_p(double z)
{
	return erfc(fabs(z) / M_SQRT2);
}

const char *
nni_status_message(NniStatus status)
{
	switch (status)
	{
		case NNI_OK:
			return "No problem.";
		case NNI_TOO_FEW_POINTS:
			return "The nearest neighbour index needs at least 2 points.";
		case NNI_BAD_COORDINATE:
			return "Latitudes must lie in [-90, 90] and longitudes in [-180, 180].";
		case NNI_NO_CENTRE:
			return "The points are spread around the whole globe, so they have no centre to project them around; give the study area.";
		case NNI_ANTIPODE:
			return "A point lies at the antipode of the points' centre, where the equal-area projection is undefined; give the study area.";
		case NNI_ZERO_AREA:
			return "The points' bounding rectangle has no area (the points lie on one line or at one place); give the study area.";
		case NNI_BAD_AREA:
			return "The study area must be a positive finite number of square metres.";
	}
	return "Unknown problem.";
}

NniStatus
nni_default_area(const double *lat, const double *lon, size_t n, double *area_m2)
{
	GeoProjection proj;
	double		clat,
				clon,
				xmin = INFINITY,
				xmax = -INFINITY,
				ymin = INFINITY,
				ymax = -INFINITY;

	if (!geo_centroid(lat, lon, n, &clat, &clon))
		return NNI_NO_CENTRE;
	geo_laea_init(&proj, clat, clon);
	for (size_t i = 0; i < n; i++)
	{
		double		x,
					y;

		if (!geo_laea_forward(&proj, lat[i], lon[i], &x, &y))
			return NNI_ANTIPODE;
		xmin = fmin(xmin, x);
		xmax = fmax(xmax, x);
		ymin = fmin(ymin, y);
		ymax = fmax(ymax, y);
	}
	*area_m2 = (xmax - xmin) * (ymax - ymin);
	if (!(*area_m2 > 0))
		return NNI_ZERO_AREA;
	return NNI_OK;
}

void
nni_to_vectors(const double *lat, const double *lon, size_t n, double *xyz)
{
	for (size_t i = 0; i < n; i++)
	{
		double		p = lat[i] * DEG2RAD,
					l = lon[i] * DEG2RAD;

		xyz[3 * i] = GEO_EARTH_RADIUS_M * cos(p) * cos(l);
		xyz[3 * i + 1] = GEO_EARTH_RADIUS_M * cos(p) * sin(l);
		xyz[3 * i + 2] = GEO_EARTH_RADIUS_M * sin(p);
	}
}

double
nni_sum_nearest_m(const NnTree *t, size_t from, size_t to)
{
	double		sum = 0;

	for (size_t k = from; k < to && k < t->n; k++)
	{
		size_t		j;
		double		d2;

		/* the great-circle arc of the chord */
		if (nn_tree_nearest(t, t->pts + 3 * k, k, &j, &d2))
			sum += 2.0 * GEO_EARTH_RADIUS_M *
				asin(fmin(1.0, sqrt(d2) / (2.0 * GEO_EARTH_RADIUS_M)));
	}
	return sum;
}

NniStatus
nni_clark_evans(size_t n, double observed_m, double area_m2, NniResult *out)
{
	double		nd = (double) n;
	double		se;

	if (n < 2)
		return NNI_TOO_FEW_POINTS;
	if (!(area_m2 > 0) || !isfinite(area_m2))
		return NNI_BAD_AREA;
	out->area_m2 = area_m2;
	out->observed_m = observed_m;
	out->expected_m = 0.5 / sqrt(nd / area_m2);
	se = 0.26136 / sqrt(nd * nd / area_m2);
	/* an area so small (or large) that the density overflows */
	if (!(out->expected_m > 0) || !isfinite(out->expected_m) || !(se > 0) || !isfinite(se))
		return NNI_BAD_AREA;
	out->r = observed_m / out->expected_m;
	out->z = (observed_m - out->expected_m) / se;
	out->p = nni_normal_p(out->z);
	return NNI_OK;
}

NniStatus
nni_compute(const double *lat, const double *lon, size_t n,
			double area_m2, double *xyz, size_t *idx,
			unsigned char *axis, NniResult *out)
{
	NnTree		tree;
	NniStatus	status;

	if (n < 2)
		return NNI_TOO_FEW_POINTS;
	for (size_t i = 0; i < n; i++)
		if (!geo_valid(lat[i], lon[i]))
			return NNI_BAD_COORDINATE;
	if (isnan(area_m2))
	{
		status = nni_default_area(lat, lon, n, &area_m2);
		if (status != NNI_OK)
			return status;
	}
	else if (!(area_m2 > 0) || !isfinite(area_m2))
		return NNI_BAD_AREA;
	nni_to_vectors(lat, lon, n, xyz);
	nn_tree_build(&tree, xyz, 3, n, idx, axis);
	return nni_clark_evans(n, nni_sum_nearest_m(&tree, 0, n) / (double) n,
						   area_m2, out);
}
