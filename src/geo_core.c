/*
 * geo_core.c — great-circle distances, spherical centroids and the Lambert
 * azimuthal equal-area projection (Snyder, Map Projections — A Working
 * Manual, USGS PP 1395, 1987, pp. 182-190, spherical formulas).
 */
#include "geo_core.h"

#include <math.h>

#define DEG2RAD (M_PI / 180.0)
#define RAD2DEG (180.0 / M_PI)

bool
geo_valid(double lat, double lon)
{
	return isfinite(lat) && isfinite(lon) &&
		lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
}

double
geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double		p1 = lat1 * DEG2RAD,
				p2 = lat2 * DEG2RAD;
	double		dp = (lat2 - lat1) * DEG2RAD,
				dl = (lon2 - lon1) * DEG2RAD;
	double		a = sin(dp / 2) * sin(dp / 2) +
		cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);

	if (a > 1.0)
		a = 1.0;
	return 2.0 * GEO_EARTH_RADIUS_M * asin(sqrt(a));
}

bool
geo_centroid(const double *lat, const double *lon, size_t n,
			 double *clat, double *clon)
{
	return geo_centroid_keep_trig(lat, lon, n, clat, clon, NULL, NULL);
}

bool
geo_centroid_keep_trig(const double *lat, const double *lon, size_t n,
					   double *clat, double *clon, double *sin_lat, double *cos_lat)
{
	double		x = 0,
				y = 0,
				z = 0,
				r;

	for (size_t i = 0; i < n; i++)
	{
		double		p = lat[i] * DEG2RAD,
					l = lon[i] * DEG2RAD,
					sin_p = sin(p),
					cos_p = cos(p);

		x += cos_p * cos(l);
		y += cos_p * sin(l);
		z += sin_p;
		if (sin_lat != NULL)
		{
			sin_lat[i] = sin_p;
			cos_lat[i] = cos_p;
		}
	}
	r = sqrt(x * x + y * y + z * z);
	if (n == 0 || r < 1e-12 * (double) n)
		return false;
	*clat = asin(z / r) * RAD2DEG;
	*clon = atan2(y, x) * RAD2DEG;
	return true;
}

void
geo_laea_init(GeoProjection *p, double lat0_deg, double lon0_deg)
{
	p->lat0 = lat0_deg * DEG2RAD;
	p->lon0 = lon0_deg * DEG2RAD;
	p->sin_lat0 = sin(p->lat0);
	p->cos_lat0 = cos(p->lat0);
}

bool
geo_laea_forward(const GeoProjection *p, double lat, double lon,
				 double *x, double *y)
{
	double		phi = lat * DEG2RAD;

	return geo_laea_forward_trig(p, sin(phi), cos(phi), lon, x, y);
}

bool
geo_laea_forward_trig(const GeoProjection *p, double sin_phi, double cos_phi,
					  double lon, double *x, double *y)
{
	double		dl = lon * DEG2RAD - p->lon0;
	double		sin_dl = sin(dl),
				cos_dl = cos(dl);
	double		cos_c = p->sin_lat0 * sin_phi + p->cos_lat0 * cos_phi * cos_dl;
	double		k;

	if (cos_c <= -1.0 + 1e-15)
	{
		*x = *y = NAN;
		return false;
	}
	k = sqrt(2.0 / (1.0 + cos_c));
	*x = GEO_EARTH_RADIUS_M * k * cos_phi * sin_dl;
	*y = GEO_EARTH_RADIUS_M * k * (p->cos_lat0 * sin_phi - p->sin_lat0 * cos_phi * cos_dl);
	return true;
}

/*
 * fmin(1, v) and fmax(-1, v), NaN included (it gives the bound), written
 * out: the library calls cost more than the rest of the clamping when a
 * grid's every cell centre is projected back.
 */
static inline double
at_most_one(double v)
{
	return v < 1.0 ? v : 1.0;
}

static inline double
at_least_minus_one(double v)
{
	return v > -1.0 ? v : -1.0;
}

void
geo_laea_inverse(const GeoProjection *p, double x, double y,
				 double *lat, double *lon)
{
	double		rho = sqrt(x * x + y * y);
	double		c,
				sin_c,
				cos_c,
				phi,
				lam;

	if (rho < 1e-9)
	{
		*lat = p->lat0 * RAD2DEG;
		*lon = p->lon0 * RAD2DEG;
		return;
	}
	c = 2.0 * asin(at_most_one(rho / (2.0 * GEO_EARTH_RADIUS_M)));
	sin_c = sin(c);
	cos_c = cos(c);
	phi = asin(at_least_minus_one(at_most_one(cos_c * p->sin_lat0 + y * sin_c * p->cos_lat0 / rho)));
	lam = p->lon0 + atan2(x * sin_c, rho * p->cos_lat0 * cos_c - y * p->sin_lat0 * sin_c);
	/*
	 * lon0 and atan2 are within [-pi, pi], so lam + pi is within [-pi, 3 pi]:
	 * fmod(lam + pi, 2 pi) is then that value less 2 pi when it reaches 2 pi
	 * (exactly: the difference of two doubles within a factor of 2 of each
	 * other is exact), written out because it runs for every cell of a grid.
	 */
	lam += M_PI;
	if (lam >= 2.0 * M_PI)
		lam -= 2.0 * M_PI;
	if (lam < 0)
		lam += 2.0 * M_PI;
	*lat = phi * RAD2DEG;
	*lon = lam * RAD2DEG - 180.0;
}
