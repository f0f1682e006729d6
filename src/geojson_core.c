/*
 * geojson_core.c — cell polygons in longitude/latitude with true size,
 * antimeridian cutting and polar caps; number formatting.
 */
#include "geojson_core.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo_core.h"

typedef struct Vertex
{
	double		lon;
	double		lat;
} Vertex;

/* appends a vertex unless it repeats the previous one */
static void
push(Vertex *ring, int *n, double lon, double lat)
{
	if (*n > 0 && ring[*n - 1].lon == lon && ring[*n - 1].lat == lat)
		return;
	if (*n < GEOJSON_MAX_RING - 1)
	{
		ring[*n].lon = lon;
		ring[*n].lat = lat;
		(*n)++;
	}
}

/* stores an open ring as a closed part of the shape; false if degenerate */
static bool
store_part(GeoJsonShape *out, const Vertex *ring, int n)
{
	int			part = out->nparts;

	while (n > 1 && ring[n - 1].lon == ring[0].lon && ring[n - 1].lat == ring[0].lat)
		n--;
	if (n < 3 || part >= 2)
		return false;
	for (int i = 0; i < n; i++)
	{
		out->lon[part][i] = ring[i].lon;
		out->lat[part][i] = ring[i].lat;
	}
	out->lon[part][n] = ring[0].lon;
	out->lat[part][n] = ring[0].lat;
	out->npoints[part] = n + 1;
	out->nparts++;
	return true;
}

/*
 * Sutherland–Hodgman clipping of a convex ring against the half-plane
 * lon <= cut (keep_below) or lon >= cut, the part then moved by shift
 * degrees of longitude.
 */
static int
clip(const Vertex *in, int n, double cut, bool keep_below, double shift, Vertex *out)
{
	int			m = 0;

	for (int i = 0; i < n; i++)
	{
		const Vertex *a = &in[i],
				   *b = &in[(i + 1) % n];
		bool		a_in = keep_below ? a->lon <= cut : a->lon >= cut,
					b_in = keep_below ? b->lon <= cut : b->lon >= cut;

		if (a_in)
			push(out, &m, a->lon + shift, a->lat);
		if (a_in != b_in)
		{
			double		t = (cut - a->lon) / (b->lon - a->lon);

			push(out, &m, cut + shift, a->lat + t * (b->lat - a->lat));
		}
	}
	return m;
}

static int
cmp_lon(const Vertex *a, const Vertex *b)
{
	return a->lon < b->lon ? -1 : (a->lon > b->lon ? 1 : 0);
}

/* the ring around a pole: the cell's corners in order of longitude, then
 * along the antimeridian to the pole's parallel and back */
static void
polar_cap(const Vertex *corner, int n, bool north, GeoJsonShape *out)
{
	Vertex		v[GEOJSON_MAX_RING];
	Vertex		ring[GEOJSON_MAX_RING];
	int			m = 0;
	double		pole = north ? 90.0 : -90.0,
				edge = north ? 180.0 : -180.0,
				t,
				lat_x;
	const Vertex *first,
			   *last;

	memcpy(v, corner, sizeof(Vertex) * n);
	/* insertion sort: ascending longitude round the north pole (counter-
	 * clockwise seen on the map), descending round the south pole */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && cmp_lon(&v[j - 1], &v[j]) * (north ? 1 : -1) > 0; j--)
		{
			Vertex		tmp = v[j];

			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
	first = &v[0];
	last = &v[n - 1];
	/* where the edge from the last corner to the first crosses the antimeridian */
	if (north)
		t = (180.0 - last->lon) / (first->lon + 360.0 - last->lon);
	else
		t = (last->lon + 180.0) / (last->lon - (first->lon - 360.0));
	if (!isfinite(t))
		t = 0.5;
	lat_x = last->lat + t * (first->lat - last->lat);
	for (int i = 0; i < n; i++)
		push(ring, &m, v[i].lon, v[i].lat);
	push(ring, &m, edge, lat_x);
	push(ring, &m, edge, pole);
	push(ring, &m, -edge, pole);
	push(ring, &m, -edge, lat_x);
	store_part(out, ring, m);
}

/* is the projected point (px, py) inside the convex counter-clockwise ring? */
static bool
inside(const double *x, const double *y, int n, double px, double py)
{
	for (int i = 0; i < n; i++)
	{
		int			j = (i + 1) % n;

		if ((x[j] - x[i]) * (py - y[i]) - (y[j] - y[i]) * (px - x[i]) < 0)
			return false;
	}
	return true;
}

bool
geojson_cell_shape(double lat, double lon, double cell_m, bool hex, GeoJsonShape *out)
{
	GeoProjection proj;
	double		x[6],
				y[6],
				px,
				py,
				lo = INFINITY,
				hi = -INFINITY;
	Vertex		corner[6];
	Vertex		part[GEOJSON_MAX_RING];
	int			n = hex ? 6 : 4,
				m;

	out->nparts = 0;
	if (!geo_valid(lat, lon) || !(cell_m > 0) || !(cell_m <= GEOJSON_MAX_CELL_M))
		return false;
	if (hex)
	{
		/* flat-topped: corners at 0, 60, ... 300 degrees, circumradius h / sqrt(3) */
		double		r = cell_m / sqrt(3.0);

		for (int i = 0; i < 6; i++)
		{
			x[i] = r * cos(i * M_PI / 3.0);
			y[i] = r * sin(i * M_PI / 3.0);
		}
	}
	else
	{
		double		h = cell_m / 2;

		x[0] = -h, y[0] = -h;
		x[1] = h, y[1] = -h;
		x[2] = h, y[2] = h;
		x[3] = -h, y[3] = h;
	}
	geo_laea_init(&proj, lat, lon);
	for (int i = 0; i < n; i++)
		geo_laea_inverse(&proj, x[i], y[i], &corner[i].lat, &corner[i].lon);

	/* a pole inside the cell */
	for (int s = 0; s < 2; s++)
	{
		double		pole = s == 0 ? 90.0 : -90.0;

		if (geo_laea_forward(&proj, pole, lon, &px, &py) && inside(x, y, n, px, py))
		{
			polar_cap(corner, n, s == 0, out);
			return out->nparts == 1;
		}
	}

	/* longitudes continuous around the centre's */
	for (int i = 0; i < n; i++)
	{
		corner[i].lon = lon + remainder(corner[i].lon - lon, 360.0);
		lo = fmin(lo, corner[i].lon);
		hi = fmax(hi, corner[i].lon);
	}
	if (hi > 180.0)
	{
		m = clip(corner, n, 180.0, true, 0.0, part);
		store_part(out, part, m);
		m = clip(corner, n, 180.0, false, -360.0, part);
		store_part(out, part, m);
	}
	else if (lo < -180.0)
	{
		m = clip(corner, n, -180.0, false, 0.0, part);
		store_part(out, part, m);
		m = clip(corner, n, -180.0, true, 360.0, part);
		store_part(out, part, m);
	}
	else
		store_part(out, corner, n);
	return out->nparts >= 1;
}

size_t
geojson_format_number(double v, char *buf)
{
	int			len;

	if (!isfinite(v))
		v = 0;
	len = snprintf(buf, 32, "%.7f", v);
	if (len < 0 || len >= 32)
	{
		/* beyond any coordinate: print it plainly */
		len = snprintf(buf, 32, "%.17g", v);
		return len < 0 ? 0 : (size_t) (len < 32 ? len : 31);
	}
	while (len > 0 && buf[len - 1] == '0')
		len--;
	if (len > 0 && buf[len - 1] == '.')
		len--;
	buf[len] = '\0';
	if (strcmp(buf, "-0") == 0)
	{
		buf[0] = '0';
		buf[1] = '\0';
		len = 1;
	}
	return (size_t) len;
}

/* appends s to buf at *len, bounded by GEOJSON_GEOMETRY_MAX */
static void
append(char *buf, size_t *len, const char *s)
{
	size_t		n = strlen(s);

	if (*len + n >= GEOJSON_GEOMETRY_MAX)
		n = GEOJSON_GEOMETRY_MAX - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

static void
append_position(char *buf, size_t *len, double lon, double lat)
{
	char		num[32];

	append(buf, len, "[");
	geojson_format_number(lon, num);
	append(buf, len, num);
	append(buf, len, ", ");
	geojson_format_number(lat, num);
	append(buf, len, num);
	append(buf, len, "]");
}

size_t
geojson_write_shape(const GeoJsonShape *shape, char *buf)
{
	size_t		len = 0;
	bool		multi = shape->nparts > 1;

	buf[0] = '\0';
	append(buf, &len, multi ? "{\"type\": \"MultiPolygon\", \"coordinates\": [" :
		   "{\"type\": \"Polygon\", \"coordinates\": ");
	for (int part = 0; part < shape->nparts && part < 2; part++)
	{
		if (part > 0)
			append(buf, &len, ", ");
		append(buf, &len, "[[");
		for (int i = 0; i < shape->npoints[part] && i < GEOJSON_MAX_RING; i++)
		{
			if (i > 0)
				append(buf, &len, ", ");
			append_position(buf, &len, shape->lon[part][i], shape->lat[part][i]);
		}
		append(buf, &len, "]]");
	}
	append(buf, &len, multi ? "]}" : "}");
	return len;
}

bool
geojson_write_point(double lat, double lon, char *buf, size_t *len)
{
	*len = 0;
	buf[0] = '\0';
	if (!geo_valid(lat, lon))
		return false;
	append(buf, len, "{\"type\": \"Point\", \"coordinates\": ");
	append_position(buf, len, lon, lat);
	append(buf, len, "}");
	return true;
}
