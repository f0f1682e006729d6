/*
 * geo_core.h — geometry on the sphere for the spatial analytics, plain C.
 *
 * Coordinates come in as WGS 84 latitude/longitude in degrees.  Distances
 * are great-circle distances on a sphere of the authalic radius (the radius
 * of the sphere with the same surface area as the WGS 84 ellipsoid), and
 * grids are laid out on a Lambert azimuthal equal-area projection of that
 * sphere centred on the points' spherical centroid: areas are exact, and
 * distances within a few hundred kilometres of the centre are distorted by
 * well under 1 %.  Longitudes wrap, so a cluster across the antimeridian is
 * one cluster; the poles are ordinary points.
 */
#ifndef GEO_CORE_H
#define GEO_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* Authalic radius of the WGS 84 ellipsoid, metres. */
#define GEO_EARTH_RADIUS_M 6371007.181

/* Great-circle distance in metres (haversine). */
extern double geo_distance_m(double lat1, double lon1, double lat2, double lon2);

/* Spherical centroid of n points (mean of unit vectors), in degrees.
 * Returns false when n is 0 or the mean vector is ~0 (antipodal spread). */
extern bool geo_centroid(const double *lat, const double *lon, size_t n,
						 double *clat, double *clon);
/* The same, keeping each point's sin and cos of latitude in sin_lat[i] and
 * cos_lat[i] for geo_laea_forward_trig (which needs them again). */
extern bool geo_centroid_keep_trig(const double *lat, const double *lon, size_t n,
								   double *clat, double *clon,
								   double *sin_lat, double *cos_lat);

/* A Lambert azimuthal equal-area projection centred at (lat0, lon0). */
typedef struct GeoProjection
{
	double		lat0;			/* radians */
	double		lon0;			/* radians */
	double		sin_lat0;
	double		cos_lat0;
} GeoProjection;

extern void geo_laea_init(GeoProjection *p, double lat0_deg, double lon0_deg);
/* Forward: degrees -> metres.  False only for the antipode of the centre. */
extern bool geo_laea_forward(const GeoProjection *p, double lat, double lon,
							 double *x, double *y);
/* The same from the sine and cosine of the latitude (same results). */
extern bool geo_laea_forward_trig(const GeoProjection *p, double sin_phi, double cos_phi,
								  double lon, double *x, double *y);
/* Inverse: metres -> degrees (longitude in [-180, 180)). */
extern void geo_laea_inverse(const GeoProjection *p, double x, double y,
							 double *lat, double *lon);

/* Validates a coordinate pair: finite, |lat| <= 90, |lon| <= 180. */
extern bool geo_valid(double lat, double lon);

#endif
