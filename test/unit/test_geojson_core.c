/*
 * Unit tests of geojson_core: cells have their true size, closed
 * counter-clockwise rings, are cut in two at the antimeridian and wrap
 * round the poles; numbers print compactly.
 */
#include <math.h>
#include <string.h>

#include "geo_core.h"
#include "geojson_core.h"
#include "tap.h"

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

/* twice the signed area of a ring in the lon/lat plane (> 0: counter-clockwise) */
static double
signed_area(const GeoJsonShape *s, int part)
{
	double		a = 0;

	for (int i = 0; i + 1 < s->npoints[part]; i++)
		a += s->lon[part][i] * s->lat[part][i + 1] - s->lon[part][i + 1] * s->lat[part][i];
	return a;
}

static int
closed(const GeoJsonShape *s, int part)
{
	int			last = s->npoints[part] - 1;

	return last >= 3 && s->lon[part][0] == s->lon[part][last] && s->lat[part][0] == s->lat[part][last];
}

static int
within_globe(const GeoJsonShape *s)
{
	for (int p = 0; p < s->nparts; p++)
		for (int i = 0; i < s->npoints[p]; i++)
			if (!(fabs(s->lon[p][i]) <= 180.0) || !(fabs(s->lat[p][i]) <= 90.0))
				return 0;
	return 1;
}

int
main(void)
{
	GeoJsonShape s;
	char		buf[GEOJSON_GEOMETRY_MAX];
	char		num[32];
	size_t		len;

	/* a square at the equator: 4 corners + closing, sides of true length */
	ok(geojson_cell_shape(0, 0, 1000, false, &s) && s.nparts == 1 && s.npoints[0] == 5 && closed(&s, 0),
	   "a square is one closed ring of 5 positions");
	ok(signed_area(&s, 0) > 0, "counter-clockwise");
	ok(near(geo_distance_m(s.lat[0][0], s.lon[0][0], s.lat[0][1], s.lon[0][1]), 1000, 0.01) &&
	   near(geo_distance_m(s.lat[0][1], s.lon[0][1], s.lat[0][2], s.lon[0][2]), 1000, 0.01),
	   "its sides are 1000 m long");
	ok(s.lat[0][0] < 0 && s.lon[0][0] < 0 && s.lat[0][2] > 0 && s.lon[0][2] > 0, "centred on the point");

	/* a hexagon at 60 degrees north: 6 corners, sides h / sqrt(3) */
	ok(geojson_cell_shape(60, 30, 1000, true, &s) && s.nparts == 1 && s.npoints[0] == 7 && closed(&s, 0) &&
	   signed_area(&s, 0) > 0, "a hexagon is one closed counter-clockwise ring of 7 positions");
	{
		int			sides = 1;

		for (int i = 0; i < 6; i++)
			if (!near(geo_distance_m(s.lat[0][i], s.lon[0][i], s.lat[0][i + 1], s.lon[0][i + 1]),
					  1000 / sqrt(3.0), 0.01))
				sides = 0;
		ok(sides, "its sides are 577.35 m long at 60 degrees north too");
		ok(near(s.lat[0][0], 60, 1e-6) && s.lon[0][0] > 30 && near(s.lat[0][1], s.lat[0][2], 1e-6),
		   "flat-topped: a corner due east, the top side level");
	}

	/* across the antimeridian: two parts, each on its side of it */
	ok(geojson_cell_shape(45, 179.999, 10000, false, &s) && s.nparts == 2 && closed(&s, 0) && closed(&s, 1),
	   "a square across 180 degrees is cut in two closed rings");
	ok(within_globe(&s) && signed_area(&s, 0) > 0 && signed_area(&s, 1) > 0,
	   "both parts lie within [-180, 180] and run counter-clockwise");
	{
		int			east = 1,
					west = 1,
					on_east = 0,
					on_west = 0;

		for (int i = 0; i < s.npoints[0]; i++)
		{
			east &= s.lon[0][i] > 179 && s.lon[0][i] <= 180;
			on_east |= s.lon[0][i] == 180;
		}
		for (int i = 0; i < s.npoints[1]; i++)
		{
			west &= s.lon[1][i] < -179 && s.lon[1][i] >= -180;
			on_west |= s.lon[1][i] == -180;
		}
		ok(east && west && on_east && on_west, "one part ends at 180, the other starts at -180");
	}
	ok(geojson_cell_shape(-30, -180, 10000, true, &s) && s.nparts == 2 && within_globe(&s) &&
	   signed_area(&s, 0) > 0 && signed_area(&s, 1) > 0, "a hexagon centred on -180 is cut too");
	ok(geojson_cell_shape(45, 179.9, 10000, false, &s) && s.nparts == 1 && within_globe(&s),
	   "a square short of 180 is not cut");
	len = geojson_write_shape(&s, buf);
	ok(strncmp(buf, "{\"type\": \"Polygon\", \"coordinates\": [[[", 38) == 0 && buf[len - 1] == '}' &&
	   strlen(buf) == len, "a Polygon is written");
	geojson_cell_shape(45, 179.999, 10000, false, &s);
	geojson_write_shape(&s, buf);
	ok(strncmp(buf, "{\"type\": \"MultiPolygon\", \"coordinates\": [[[[", 44) == 0 &&
	   strstr(buf, "]]], [[[") != NULL && strcmp(buf + strlen(buf) - 5, "]]]]}") == 0,
	   "a MultiPolygon is written with its two parts");

	/* round the poles: the ring runs along the pole's parallel */
	ok(geojson_cell_shape(90, 0, 10000, false, &s) && s.nparts == 1 && closed(&s, 0) && within_globe(&s) &&
	   signed_area(&s, 0) > 0, "a cell on the north pole is one closed counter-clockwise ring");
	{
		int			top = 0;

		for (int i = 0; i < s.npoints[0]; i++)
			top += s.lat[0][i] == 90;
		ok(top == 2, "it runs along latitude 90 from 180 to -180");
	}
	ok(geojson_cell_shape(-89.99, 77, 5000, true, &s) && s.nparts == 1 && closed(&s, 0) && within_globe(&s) &&
	   signed_area(&s, 0) > 0, "a hexagon holding the south pole is one closed counter-clockwise ring");
	ok(geojson_cell_shape(89.9, 0, 5000, false, &s) && s.nparts == 1 && s.npoints[0] == 5,
	   "a cell next to the pole but not on it is an ordinary square");

	/* refusals */
	ok(!geojson_cell_shape(0, 0, 0, false, &s), "cell 0 is refused");
	ok(!geojson_cell_shape(0, 0, NAN, false, &s), "cell NaN is refused");
	ok(!geojson_cell_shape(0, 0, GEOJSON_MAX_CELL_M * 1.01, false, &s), "a cell over 1000 km is refused");
	ok(!geojson_cell_shape(91, 0, 1000, false, &s), "latitude 91 is refused");
	ok(geojson_cell_shape(0, 0, GEOJSON_MAX_CELL_M, true, &s) && s.nparts == 1, "a 1000 km cell is drawn");

	/* numbers */
	geojson_format_number(-103.344, num);
	is_str(num, "-103.344", "trailing zeros dropped");
	geojson_format_number(180, num);
	is_str(num, "180", "an integer has no point");
	geojson_format_number(-0.00000001, num);
	is_str(num, "0", "no -0");
	geojson_format_number(12.34567891, num);
	is_str(num, "12.3456789", "7 decimals");
	geojson_format_number(NAN, num);
	is_str(num, "0", "not a number prints 0 (never reached: coordinates are checked)");

	ok(geojson_write_point(20.6736, -103.344, buf, &len) && len == strlen(buf), "a point");
	is_str(buf, "{\"type\": \"Point\", \"coordinates\": [-103.344, 20.6736]}", "a point is [lon, lat]");
	ok(!geojson_write_point(0, 200, buf, &len) && len == 0 && buf[0] == '\0', "a point off the globe is refused");
	return done_testing();
}
