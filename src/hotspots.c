/*
 * hotspots.c — SQL wrappers of the hot spot, nearest neighbour and GeoJSON
 * kernels (hotspot_core.c, nni_core.c, geojson_core.c): gi_star,
 * hotspots (both forms: over arrays, and over the visible points that match
 * a filter, read straight into the kernel by points.c), nearest_neighbor_index,
 * to_geojson.
 *
 * The wrappers check the arrays (one dimension, no NULL elements, equal
 * lengths, coordinates on the globe) so that every error names the
 * argument and the element; the kernels run over plain C arrays in chunks,
 * with an interrupt check between chunks, so a query over millions of
 * points can be cancelled.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "etrace.h"
#include "geo_core.h"
#include "geojson_core.h"
#include "hotspot_core.h"
#include "nni_core.h"

/* points or cells between two interrupt checks */
#define CHUNK 65536

static void *
alloc_huge(size_t count, size_t size)
{
	if (count == 0)
		count = 1;
	if (count > (SIZE_MAX / 2) / size)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many points")));
	return palloc_extended(count * size, MCXT_ALLOC_HUGE);
}

/*
 * The elements of a float8[] argument as a C array: one dimension (or
 * empty), no NULL element; *n receives the count.
 */
static double *
float8_array_arg(FunctionCallInfo fcinfo, int argno, const char *name, int *n)
{
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(argno);
	int			count;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", name),
				 errdetail("%s has %d dimensions.", name, ARR_NDIM(a))));
	count = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	if (ARR_HASNULL(a))
	{
		bits8	   *bitmap = ARR_NULLBITMAP(a);

		for (int i = 0; i < count; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("%s must not contain NULL elements", name),
						 errdetail("Element %d of %s is NULL.", i + 1, name)));
	}
	*n = count;
	return (double *) ARR_DATA_PTR(a);
}

static void
check_same_length(const char *name, int n, const char *first, int n_first)
{
	if (n != n_first)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must have as many elements as %s", name, first),
				 errdetail_plural("%s has %d element and %s has %d.",
								  "%s has %d elements and %s has %d.",
								  n_first, first, n_first, name, n)));
}

static void
check_finite(const double *v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(v[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must hold finite numbers", name),
					 errdetail("Element %d of %s is %s.", i + 1, name,
							   isnan(v[i]) ? "NaN" : "infinite")));
}

static void
check_coordinates(const double *lat, const double *lon, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (!(lat[i] >= -90.0 && lat[i] <= 90.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lat must hold latitudes in degrees, from -90 to 90"),
					 errdetail("Element %d of lat is %g.", i + 1, lat[i])));
		if (!(lon[i] >= -180.0 && lon[i] <= 180.0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lon must hold longitudes in degrees, from -180 to 180"),
					 errdetail("Element %d of lon is %g.", i + 1, lon[i])));
	}
}

/* the lat and lon arguments, checked; false when either is NULL */
static bool
coordinate_args(FunctionCallInfo fcinfo, double **lat, double **lon, int *n)
{
	int			nlon;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	*lat = float8_array_arg(fcinfo, 0, "lat", n);
	*lon = float8_array_arg(fcinfo, 1, "lon", &nlon);
	check_same_length("lon", nlon, "lat", *n);
	check_coordinates(*lat, *lon, *n);
	return true;
}

static HotspotGridKind
grid_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *t;
	HotspotGridKind kind;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("grid must not be NULL"),
				 errdetail("The grid must be \"square\" or \"hex\".")));
	t = PG_GETARG_TEXT_PP(argno);
	if (!hotspot_grid_kind_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid grid: \"%s\"", text_to_cstring(t)),
				 errdetail("The grid must be \"square\" or \"hex\".")));
	return kind;
}

/* a positive (or, with zero_ok, non-negative) finite number of metres */
static double
metres_arg(FunctionCallInfo fcinfo, int argno, const char *name, bool zero_ok)
{
	double		v = PG_GETARG_FLOAT8(argno);

	if (!isfinite(v) || v < 0 || (v == 0 && !zero_ok))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg(zero_ok ? "%s must be a finite number of metres, 0 or more" :
						"%s must be a finite number of metres greater than 0", name),
				 errdetail("%s is %g.", name, v)));
	return v;
}

static void
projection_error(HotspotStatus status)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the points cannot be projected on one equal-area map"),
			 errdetail("%s", hotspot_status_message(status))));
}

/* ---------------------------------------------------------------- gi_star */

PG_FUNCTION_INFO_V1(etrace_gi_star);
Datum
etrace_gi_star(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n,
				ny,
				nval;
	double	   *x = float8_array_arg(fcinfo, 0, "x", &n);
	double	   *y = float8_array_arg(fcinfo, 1, "y", &ny);
	double	   *val = float8_array_arg(fcinfo, 2, "val", &nval);
	double		band = PG_GETARG_FLOAT8(3);
	double	   *xy,
			   *tval,
			   *z;
	size_t	   *idx;
	unsigned char *axis;
	GiStats		st;
	NnTree		tree;
	HotspotStatus status;

	check_same_length("y", ny, "x", n);
	check_same_length("val", nval, "x", n);
	check_finite(x, n, "x");
	check_finite(y, n, "y");
	check_finite(val, n, "val");
	if (!isfinite(band) || band < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("band must be a finite distance, 0 or more"),
				 errdetail("band is %g.", band)));
	if (n < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gi_star needs at least 3 points"),
				 errdetail_plural("x has %d element.", "x has %d elements.", n, n)));
	status = gi_star_stats(val, n, &st);
	if (status == HOTSPOT_NO_VARIATION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("val does not vary"),
				 errdetail("Every element of val is %g, so their standard deviation is 0 and Gi* is undefined.",
						   val[0])));
	if (status != HOTSPOT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("val cannot be analysed"),
				 errdetail("%s", hotspot_status_message(status))));

	xy = alloc_huge(2 * (size_t) n, sizeof(double));
	idx = alloc_huge(n, sizeof(size_t));
	axis = alloc_huge(n, 1);
	tval = alloc_huge(n, sizeof(double));
	z = alloc_huge(n, sizeof(double));
	for (int i = 0; i < n; i++)
	{
		xy[2 * i] = x[i];
		xy[2 * i + 1] = y[i];
	}
	nn_tree_build(&tree, xy, 2, n, idx, axis);
	for (int k = 0; k < n; k++)
		tval[k] = val[idx[k]];
	for (size_t from = 0; from < (size_t) n; from += CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		gi_star_points(&tree, tval, &st, band, from, from + CHUNK, z);
	}

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, isnan(z[i]), isnan(z[i])};

		values[0] = Int32GetDatum(i + 1);
		values[1] = Float8GetDatum(z[i]);
		values[2] = Float8GetDatum(hotspot_p(z[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* --------------------------------------------------------------- hotspots */

/* OHSA's cell size from the points' spacing, in interruptible chunks */
static double
default_cell(const double *x, const double *y, int n)
{
	double	   *xy = alloc_huge(2 * (size_t) n, sizeof(double));
	double	   *dist = alloc_huge(n, sizeof(double));
	size_t	   *idx = alloc_huge(n, sizeof(size_t));
	unsigned char *axis = alloc_huge(n, 1);
	size_t	   *table = alloc_huge(hotspot_distinct_table_size(n), sizeof(size_t));
	size_t		m = hotspot_distinct_locations(x, y, n, xy, table);
	NnTree		tree;
	double		cell;
	HotspotStatus status = HOTSPOT_ONE_LOCATION;

	if (m >= 2)
	{
		nn_tree_build(&tree, xy, 2, m, idx, axis);
		for (size_t from = 0; from < m; from += CHUNK)
		{
			CHECK_FOR_INTERRUPTS();
			nn_tree_nearest_distances(&tree, from, from + CHUNK, dist);
		}
		status = hotspot_cell_from_distances(dist, m, &cell);
	}
	if (status != HOTSPOT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot derive a cell size from the points"),
				 errdetail("%s", hotspot_status_message(status)),
				 errhint("Give cell_m.")));
	pfree(table);
	pfree(xy);
	pfree(dist);
	pfree(idx);
	pfree(axis);
	return cell;
}

/*
 * The rows of hotspots over n points; the options cell_m, band_m and grid
 * are the arguments from option_argno on (grid validated by the caller).
 */
static Datum
hotspots_rows(FunctionCallInfo fcinfo, const double *lat, const double *lon, int n,
			  HotspotGridKind kind, int option_argno)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const int	cell_argno = option_argno,
				band_argno = option_argno + 1;
	double	   *x,
			   *y,
			   *count,
			   *prefix,
			   *z,
			   *p;
	double		cell = 0,
				band,
				thr[3];
	Datum		labels[HOTSPOT_CLASS_COUNT];
	GeoProjection proj;
	HotspotGrid grid;
	HotspotStatus status;
	GiStats		st;
	long long	ncells;

	if (n < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hotspots needs at least 3 points"),
				 errdetail_plural("lat has %d element.", "lat has %d elements.", n, n)));

	x = alloc_huge(n, sizeof(double));
	y = alloc_huge(n, sizeof(double));
	status = hotspot_project(lat, lon, n, &proj, x, y);
	if (status != HOTSPOT_OK)
		projection_error(status);

	if (!PG_ARGISNULL(cell_argno))
	{
		cell = metres_arg(fcinfo, cell_argno, "cell_m", false);
		status = hotspot_grid_layout(&grid, kind, cell, x, y, n, HOTSPOT_MAX_CELLS);
	}
	else
		status = hotspot_grid_layout_default(&grid, kind, default_cell(x, y, n), x, y, n);
	if (status == HOTSPOT_TOO_MANY_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the grid would have more than %.0f cells", HOTSPOT_MAX_CELLS),
				 errdetail("cell_m is %g.", cell),
				 errhint("Give a larger cell_m.")));
	if (status != HOTSPOT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot lay a grid over the points"),
				 errdetail("%s", hotspot_status_message(status))));
	ncells = hotspot_grid_cells(&grid);
	if (ncells < 3)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the grid over the points has fewer than 3 cells"),
				 errdetail_plural("With cells of %g m the points fall in %lld cell.",
								  "With cells of %g m the points fall in %lld cells.",
								  (unsigned long) ncells, grid.cell, ncells),
				 errhint("Give a smaller cell_m.")));
	band = PG_ARGISNULL(band_argno) ? grid.cell : metres_arg(fcinfo, band_argno, "band_m", true);

	count = alloc_huge(ncells, sizeof(double));
	memset(count, 0, ncells * sizeof(double));
	for (int i = 0; i < n; i++)
		count[hotspot_grid_cell_id(&grid, x[i], y[i])] += 1;
	status = gi_star_stats(count, ncells, &st);
	if (status != HOTSPOT_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the counts per cell do not vary"),
				 errdetail("Every one of the %lld cells holds the same number of points (%.0f), so Gi* is undefined.",
						   ncells, count[0]),
				 errhint("Give another cell_m.")));

	prefix = alloc_huge(hotspot_grid_prefix_size(&grid), sizeof(double));
	z = alloc_huge(ncells, sizeof(double));
	hotspot_grid_gi_prepare(&grid, count, prefix);
	for (long long from = 0; from < ncells; from += CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		hotspot_grid_gi_star(&grid, prefix, &st, band, from, from + CHUNK, z);
	}
	/* each cell's p once; the prefix sums are done with: their room sorts the p-values */
	p = alloc_huge(ncells, sizeof(double));
	hotspot_p_values(z, ncells, p);
	hotspot_fdr_thresholds(p, ncells, prefix, thr);

	/* one text per class, shared by its cells' rows */
	labels[HOTSPOT_CLASS_NONE] = (Datum) 0;
	for (int c = HOTSPOT_CLASS_NONE + 1; c < HOTSPOT_CLASS_COUNT; c++)
		labels[c] = CStringGetTextDatum(hotspot_class_label(c));
	InitMaterializedSRF(fcinfo, 0);
	for (long long id = 0; id < ncells; id++)
	{
		Datum		values[7];
		bool		nulls[7] = {false, false, false, false, false, false, false};
		double		cx,
					cy,
					clat,
					clon;
		HotspotClass cls = hotspot_classify(z[id], p[id], thr);

		if (id % CHUNK == 0)
			CHECK_FOR_INTERRUPTS();
		hotspot_grid_centre(&grid, id, &cx, &cy);
		geo_laea_inverse(&proj, cx, cy, &clat, &clon);
		values[0] = Int64GetDatum(id);
		values[1] = Float8GetDatum(clat);
		values[2] = Float8GetDatum(clon);
		values[3] = Int32GetDatum((int32) count[id]);
		values[4] = Float8GetDatum(z[id]);
		values[5] = Float8GetDatum(p[id]);
		nulls[4] = nulls[5] = isnan(z[id]);
		values[6] = labels[cls];
		nulls[6] = cls == HOTSPOT_CLASS_NONE;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* etrace.hotspots(lat float8[], lon float8[], cell_m, band_m, grid) */
PG_FUNCTION_INFO_V1(etrace_hotspots);
Datum
etrace_hotspots(PG_FUNCTION_ARGS)
{
	HotspotGridKind kind = grid_arg(fcinfo, 4);
	double	   *lat,
			   *lon;
	int			n;

	if (!coordinate_args(fcinfo, &lat, &lon, &n))
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}
	return hotspots_rows(fcinfo, lat, lon, n, kind, 2);
}

/*
 * etrace.hotspots(filter jsonb, cell_m, band_m, grid): the same over the
 * points of etrace.visible_points, read straight into the kernel's arrays
 * (SECURITY DEFINER, as visible_points).
 */
PG_FUNCTION_INFO_V1(etrace_hotspots_visible);
Datum
etrace_hotspots_visible(PG_FUNCTION_ARGS)
{
	HotspotGridKind kind = grid_arg(fcinfo, 3);
	VisiblePoints points;

	etrace_visible_points_read(PG_GETARG_DATUM(0), PG_ARGISNULL(0), &points);
	return hotspots_rows(fcinfo, points.lat, points.lon, points.count, kind, 1);
}

/* ------------------------------------------------- nearest_neighbor_index */

PG_FUNCTION_INFO_V1(etrace_nearest_neighbor_index);
Datum
etrace_nearest_neighbor_index(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double	   *lat,
			   *lon,
			   *xyz;
	int			n;
	double		area,
				sum = 0;
	size_t	   *idx;
	unsigned char *axis;
	NnTree		tree;
	NniResult	res;
	NniStatus	status;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};

	InitMaterializedSRF(fcinfo, 0);
	if (!coordinate_args(fcinfo, &lat, &lon, &n))
		return (Datum) 0;
	if (n < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("nearest_neighbor_index needs at least 2 points"),
				 errdetail_plural("lat has %d element.", "lat has %d elements.", n, n)));
	if (PG_ARGISNULL(2))
	{
		status = nni_default_area(lat, lon, n, &area);
		if (status != NNI_OK)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot derive the study area from the points"),
					 errdetail("%s", nni_status_message(status)),
					 errhint("Give area_m2.")));
	}
	else
	{
		area = PG_GETARG_FLOAT8(2);
		if (!isfinite(area) || !(area > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("area_m2 must be a finite number of square metres greater than 0"),
					 errdetail("area_m2 is %g.", area)));
	}

	xyz = alloc_huge(3 * (size_t) n, sizeof(double));
	idx = alloc_huge(n, sizeof(size_t));
	axis = alloc_huge(n, 1);
	nni_to_vectors(lat, lon, n, xyz);
	nn_tree_build(&tree, xyz, 3, n, idx, axis);
	for (size_t from = 0; from < (size_t) n; from += CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		sum += nni_sum_nearest_m(&tree, from, from + CHUNK);
	}
	status = nni_clark_evans(n, sum / n, area, &res);
	if (status != NNI_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compute the nearest neighbour index"),
				 errdetail("%s", nni_status_message(status))));
	values[0] = Float8GetDatum(res.r);
	values[1] = Float8GetDatum(res.z);
	values[2] = Float8GetDatum(res.p);
	values[3] = Float8GetDatum(res.observed_m);
	values[4] = Float8GetDatum(res.expected_m);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

/* ------------------------------------------------------------- to_geojson */

/* the elements of the properties argument, checked: NULL, or n of them */
static Datum *
properties_arg(FunctionCallInfo fcinfo, int argno, int n, bool **nulls)
{
	ArrayType  *a;
	Datum	   *elems;
	int			count;

	if (PG_ARGISNULL(argno))
		return NULL;
	a = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("properties must be a one-dimensional array"),
				 errdetail("properties has %d dimensions.", ARR_NDIM(a))));
	deconstruct_array(a, JSONBOID, -1, false, TYPALIGN_INT, &elems, nulls, &count);
	check_same_length("properties", count, "lat", n);
	for (int i = 0; i < count; i++)
	{
		Jsonb	   *jb;

		if ((*nulls)[i])
			continue;
		jb = DatumGetJsonbP(elems[i]);
		if (!JB_ROOT_IS_OBJECT(jb))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("properties must hold JSON objects"),
					 errdetail("Element %d of properties is not an object.", i + 1)));
		elems[i] = PointerGetDatum(jb);
	}
	return elems;
}

/* one Feature: the geometry, then the properties ({} when NULL) */
static void
append_feature(StringInfo buf, int i, const char *geometry,
			   const Datum *props, const bool *props_null)
{
	if (i > 0)
		appendStringInfoString(buf, ", ");
	appendStringInfoString(buf, "{\"type\": \"Feature\", \"geometry\": ");
	appendStringInfoString(buf, geometry);
	appendStringInfoString(buf, ", \"properties\": ");
	if (props == NULL || props_null[i])
		appendStringInfoString(buf, "{}");
	else
	{
		Jsonb	   *jb = (Jsonb *) DatumGetPointer(props[i]);

		(void) JsonbToCString(buf, &jb->root, VARSIZE(jb));
	}
	appendStringInfoChar(buf, '}');
}

static Datum
feature_collection(StringInfo features)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"type\": \"FeatureCollection\", \"features\": [");
	appendBinaryStringInfo(&buf, features->data, features->len);
	appendStringInfoString(&buf, "]}");
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

PG_FUNCTION_INFO_V1(etrace_to_geojson_cells);
Datum
etrace_to_geojson_cells(PG_FUNCTION_ARGS)
{
	double	   *lat,
			   *lon;
	int			n;
	double		cell;
	HotspotGridKind kind;
	Datum	   *props;
	bool	   *props_null = NULL;
	StringInfoData features;
	char		geometry[GEOJSON_GEOMETRY_MAX];

	kind = grid_arg(fcinfo, 4);
	if (!coordinate_args(fcinfo, &lat, &lon, &n))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell_m must not be NULL"),
				 errdetail("The cells are drawn with the size cell_m.")));
	cell = metres_arg(fcinfo, 2, "cell_m", false);
	if (cell > GEOJSON_MAX_CELL_M)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cell_m must be at most %.0f metres", GEOJSON_MAX_CELL_M),
				 errdetail("cell_m is %g; larger cells are not flat enough to draw as one polygon.", cell)));
	props = properties_arg(fcinfo, 3, n, &props_null);

	initStringInfo(&features);
	for (int i = 0; i < n; i++)
	{
		GeoJsonShape shape;

		if (i % CHUNK == 0)
			CHECK_FOR_INTERRUPTS();
		if (!geojson_cell_shape(lat[i], lon[i], cell, kind == HOTSPOT_GRID_HEX, &shape))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot draw the cell at element %d", i + 1),
					 errdetail("The cell is centred at latitude %g, longitude %g.", lat[i], lon[i])));
		geojson_write_shape(&shape, geometry);
		append_feature(&features, i, geometry, props, props_null);
	}
	PG_RETURN_DATUM(feature_collection(&features));
}

PG_FUNCTION_INFO_V1(etrace_to_geojson_points);
Datum
etrace_to_geojson_points(PG_FUNCTION_ARGS)
{
	double	   *lat,
			   *lon;
	int			n;
	Datum	   *props;
	bool	   *props_null = NULL;
	StringInfoData features;
	char		geometry[GEOJSON_GEOMETRY_MAX];

	if (!coordinate_args(fcinfo, &lat, &lon, &n))
		PG_RETURN_NULL();
	props = properties_arg(fcinfo, 2, n, &props_null);

	initStringInfo(&features);
	for (int i = 0; i < n; i++)
	{
		size_t		len;

		if (i % CHUNK == 0)
			CHECK_FOR_INTERRUPTS();
		(void) geojson_write_point(lat[i], lon[i], geometry, &len);
		append_feature(&features, i, geometry, props, props_null);
	}
	PG_RETURN_DATUM(feature_collection(&features));
}
