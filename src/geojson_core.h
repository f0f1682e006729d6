/*
 * geojson_core.h — GeoJSON (RFC 7946) geometries of grid cells and points,
 * plain C.
 *
 * A cell is drawn with its true size: the square or flat-topped hexagon is
 * laid out in a Lambert azimuthal equal-area projection centred on the
 * cell, its corners projected back to longitude/latitude.  Rings are
 * closed and counter-clockwise (RFC 7946 section 3.1.6), positions are
 * [longitude, latitude].  A cell that crosses the antimeridian is cut in
 * two along it and becomes a MultiPolygon whose parts both lie within
 * [-180, 180] (RFC 7946 section 3.1.9, "Antimeridian Cutting"); a cell
 * that holds a pole becomes the polygon that runs along the cell's edge
 * and the pole's parallel from -180 to 180, the only way a polygon around
 * a pole can be written in longitude/latitude.
 */
#ifndef GEOJSON_CORE_H
#define GEOJSON_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* Cells larger than this are not flat enough to be drawn as one polygon. */
#define GEOJSON_MAX_CELL_M		1000000.0
#define GEOJSON_MAX_RING		16
/* Enough for any geometry geojson_write_cell or geojson_write_point writes. */
#define GEOJSON_GEOMETRY_MAX	2048

typedef struct GeoJsonShape
{
	int			nparts;			/* 1 (Polygon) or 2 (MultiPolygon) */
	int			npoints[2];		/* positions in each closed ring */
	double		lon[2][GEOJSON_MAX_RING];
	double		lat[2][GEOJSON_MAX_RING];
} GeoJsonShape;

/*
 * The shape of the cell of size cell_m centred at (lat, lon): a square of
 * side cell_m, or (hex) a flat-topped hexagon of height cell_m.  False when
 * the centre is off the globe or cell_m is not in (0, GEOJSON_MAX_CELL_M].
 */
extern bool geojson_cell_shape(double lat, double lon, double cell_m, bool hex,
							   GeoJsonShape *out);

/*
 * A coordinate as JSON: 7 decimals (about 1 cm), trailing zeros dropped,
 * never "-0".  Returns the length written (buf holds at least 32 bytes).
 */
extern size_t geojson_format_number(double v, char *buf);

/* The geometry object of a shape, NUL-terminated, into buf
 * (GEOJSON_GEOMETRY_MAX bytes); returns its length. */
extern size_t geojson_write_shape(const GeoJsonShape *shape, char *buf);

/* {"type": "Point", "coordinates": [lon, lat]} into buf; false off the globe. */
extern bool geojson_write_point(double lat, double lon, char *buf, size_t *len);

#endif
