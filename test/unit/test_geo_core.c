/* Unit tests of geo_core: distances, centroids, the equal-area projection. */
#include <math.h>

#include "geo_core.h"
#include "tap.h"

static int
near(double a, double b, double tol)
{
	return fabs(a - b) <= tol;
}

int
main(void)
{
	GeoProjection p;
	double		x,
				y,
				lat,
				lon;

	/* one degree of latitude ~ 111.2 km on the authalic sphere */
	ok(near(geo_distance_m(0, 0, 1, 0), 111195.1, 1.0), "1 degree of latitude");
	ok(near(geo_distance_m(0, 179.5, 0, -179.5), geo_distance_m(0, 0, 0, 1), 1e-6),
	   "distance across the antimeridian");
	ok(near(geo_distance_m(89.9, 0, 89.9, 180), geo_distance_m(89.9, 0, 90, 0) * 2, 1e-3),
	   "distance over the pole");
	ok(near(geo_distance_m(20.67, -103.34, 20.67, -103.34), 0, 1e-9), "zero distance");

	{
		double		la[] = {10, 10},
					lo[] = {179, -179};

		ok(geo_centroid(la, lo, 2, &lat, &lon) && near(fabs(lon), 180, 1e-9) && near(lat, 10, 0.01),
		   "centroid across the antimeridian is at 180, not 0");
	}
	{
		double		la[] = {0, 0},
					lo[] = {0, 180};

		ok(!geo_centroid(la, lo, 2, &lat, &lon), "antipodal points have no centroid");
	}

	/* round trips at the equator, near a pole, across the antimeridian */
	{
		double		cases[][4] = {
			{0, 0, 0.3, 0.4},
			{89, 45, 89.5, -135},
			{-60, 179.9, -60.2, -179.8},
			{20.67, -103.34, 25.0, -100.0},
		};

		for (int i = 0; i < 4; i++)
		{
			geo_laea_init(&p, cases[i][0], cases[i][1]);
			ok(geo_laea_forward(&p, cases[i][2], cases[i][3], &x, &y), "forward %d", i);
			geo_laea_inverse(&p, x, y, &lat, &lon);
			ok(near(lat, cases[i][2], 1e-9) &&
			   near(fmod(lon - cases[i][3] + 540.0, 360.0) - 180.0, 0, 1e-9),
			   "round trip %d: %.10f %.10f", i, lat, lon);
		}
	}

	/* equal area: a 1-degree cell at the equator projects to its true area */
	geo_laea_init(&p, 0, 0);
	{
		double		x0,
					y0,
					x1,
					y1;
		double		true_area = GEO_EARTH_RADIUS_M * GEO_EARTH_RADIUS_M *
			(M_PI / 180.0) * (sin(0.5 * M_PI / 180.0) - sin(-0.5 * M_PI / 180.0));

		/* small cell: approximate by the projected corner rectangle */
		geo_laea_forward(&p, -0.5, -0.5, &x0, &y0);
		geo_laea_forward(&p, 0.5, 0.5, &x1, &y1);
		ok(near((x1 - x0) * (y1 - y0), true_area, true_area * 1e-4), "area of a cell at the centre");
	}
	/* the centre maps to the origin; distances near it are true */
	geo_laea_init(&p, 45, 10);
	geo_laea_forward(&p, 45, 10, &x, &y);
	ok(near(x, 0, 1e-6) && near(y, 0, 1e-6), "centre maps to origin");
	geo_laea_forward(&p, 45.1, 10, &x, &y);
	ok(near(sqrt(x * x + y * y), geo_distance_m(45, 10, 45.1, 10), 0.01), "radial distance is true");

	ok(!geo_valid(91, 0) && !geo_valid(0, 181) && !geo_valid(NAN, 0) && geo_valid(-90, -180),
	   "coordinate validation");

	/*
	 * The forms that share the latitudes' sines and cosines give exactly
	 * the results of the plain ones (hot spots' cells depend on it).
	 */
	{
		enum
		{
			N = 5000
		};
		static double la[N],
					lo[N],
					sin_lat[N],
					cos_lat[N];
		double		clat,
					clon,
					clat2,
					clon2;
		int			same = 1;

		for (int i = 0; i < N; i++)
		{
			la[i] = -89.9 + 179.8 * (double) ((i * 7919) % N) / N;
			lo[i] = -180.0 + 360.0 * (double) ((i * 104729) % N) / N;
		}
		same &= geo_centroid(la, lo, N / 10, &clat, &clon);
		same &= geo_centroid_keep_trig(la, lo, N / 10, &clat2, &clon2, sin_lat, cos_lat);
		same &= clat == clat2 && clon == clon2;
		geo_laea_init(&p, clat, clon);
		for (int i = 0; i < N / 10; i++)
		{
			double		x1,
						y1,
						x2,
						y2;
			bool		ok1 = geo_laea_forward(&p, la[i], lo[i], &x1, &y1),
						ok2 = geo_laea_forward_trig(&p, sin_lat[i], cos_lat[i], lo[i], &x2, &y2);

			same &= sin_lat[i] == sin(la[i] * (M_PI / 180.0)) && cos_lat[i] == cos(la[i] * (M_PI / 180.0));
			same &= ok1 == ok2 && (!ok1 || (x1 == x2 && y1 == y2));
		}
		ok(same, "centroid and forward projection from kept sines and cosines: bit for bit the same");
	}

	/* inverse longitudes stay in [-180, 180) round the antimeridian, from either side */
	{
		int			in_range = 1,
					round_trip = 1;

		for (int centre = -1; centre <= 1; centre += 2)
		{
			geo_laea_init(&p, 10, 175.0 * centre);
			for (double lo = 150; lo <= 210; lo += 0.25)
			{
				double		want = fmod(lo * centre + 540.0, 360.0) - 180.0;

				geo_laea_forward(&p, 12, want, &x, &y);
				geo_laea_inverse(&p, x, y, &lat, &lon);
				in_range &= lon >= -180.0 && lon < 180.0;
				round_trip &= near(fmod(lon - want + 540.0, 360.0) - 180.0, 0, 1e-9) && near(lat, 12, 1e-9);
			}
		}
		ok(in_range && round_trip, "inverse across the antimeridian: longitudes in [-180, 180), round trips within 1e-9");
	}
	return done_testing();
}
