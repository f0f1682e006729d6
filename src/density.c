/*
 * density.c — SQL wrappers of the point-pattern kernels: kernel density
 * (kde_core.c), Rossmo's geographic profile (geoprofile_core.c) and Knox's
 * space-time interaction test (knox_core.c).
 *
 * Each takes parallel arrays (one element per point), checks them, hands
 * them to its core in chunks (so a long run stays cancellable) and turns
 * the core's status into an error with a detail and a hint.  Optional
 * arguments given as NULL take their defaults.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"

#include "geoprofile_core.h"
#include "kde_core.h"
#include "knox_core.h"

/* Largest grid (cells) a density surface or geographic profile may have. */
#define DENSITY_MAX_CELLS 4000000
/* Largest number of pairs of points close in space for the Knox test. */
#define KNOX_MAX_PAIRS 20000000
#define KNOX_MAX_PERMUTATIONS 1000000

/* Points handled between two checks for a cancel request. */
#define CHUNK 1024

/* palloc of a buffer that may exceed 1 GB for very large inputs */
static void *
alloc_huge(size_t count, size_t size)
{
	return palloc_extended(Max(count, 1) * size, MCXT_ALLOC_HUGE);
}

/* 1-based index of the first NULL element of a one-dimensional array */
static int
first_null(ArrayType *a)
{
	Datum	   *values;
	bool	   *nulls;
	int			n;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	get_typlenbyvalalign(ARR_ELEMTYPE(a), &typlen, &typbyval, &typalign);
	deconstruct_array(a, ARR_ELEMTYPE(a), typlen, typbyval, typalign, &values, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (nulls[i])
			return i + 1;
	return 0;
}

/* Checks an array argument: one dimension (or empty), no NULLs. */
static int
array_arg_length(ArrayType *a, const char *name, Oid elemtype)
{
	if (ARR_ELEMTYPE(a) != elemtype)
		elog(ERROR, "%s has element type %u, expected %u", name, ARR_ELEMTYPE(a), elemtype);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", name),
				 errdetail("It has %d dimensions.", ARR_NDIM(a))));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain nulls", name),
				 errdetail("Element %d is null.", first_null(a))));
	return ARR_NDIM(a) == 0 ? 0 : ARR_DIMS(a)[0];
}

/* The lat and lon arguments, which must have the same length. */
static size_t
coordinate_args(FunctionCallInfo fcinfo, const double **lat, const double **lon)
{
	ArrayType  *alat = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *alon = PG_GETARG_ARRAYTYPE_P(1);
	int			nlat = array_arg_length(alat, "lat", FLOAT8OID);
	int			nlon = array_arg_length(alon, "lon", FLOAT8OID);

	if (nlat != nlon)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lat and lon have different lengths"),
				 errdetail("lat has %d elements and lon has %d.", nlat, nlon)));
	*lat = (const double *) ARR_DATA_PTR(alat);
	*lon = (const double *) ARR_DATA_PTR(alon);
	return (size_t) nlat;
}

static void
report_bad_point(const double *lat, const double *lon, size_t i)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("point %zu has invalid coordinates", i + 1),
			 errdetail("Latitude %g and longitude %g must be finite, with the latitude between -90 and 90 and the longitude between -180 and 180.",
					   lat[i], lon[i])));
}

static void
report_no_centre(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the points have no centre"),
			 errdetail("Their spherical centroid is undefined: they are spread evenly around the globe."),
			 errhint("Select the points of one region.")));
}

static void
report_unprojectable(size_t i)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("point %zu lies opposite the points' centre", i + 1),
			 errdetail("The grid is laid on an equal-area map centred on the points' centroid, which cannot show the centroid's antipode."),
			 errhint("Select the points of one region.")));
}

static void
report_bad_length(const char *name, double value)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s: %g", name, value),
			 errdetail("%s must be a number of metres from 0.001 to 20000000 (half the Earth's circumference).", name)));
}

static void
report_too_many_cells(double cells)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("a grid of %.0f cells is too large", cells),
			 errdetail("At most %d cells are allowed.", DENSITY_MAX_CELLS),
			 errhint("Give a larger cell_m.")));
}

/* An optional float8 argument: *given is false when it is NULL. */
static double
optional_float8(FunctionCallInfo fcinfo, int arg, bool *given)
{
	*given = !PG_ARGISNULL(arg);
	return *given ? PG_GETARG_FLOAT8(arg) : 0.0;
}

/*
 * kernel_density(lat float8[], lon float8[], cell_m float8, bandwidth_m
 * float8, kernel text) -> TABLE(lat, lon, density): the cells with a
 * density above 0, row by row from the south-west.
 */
PG_FUNCTION_INFO_V1(etrace_kernel_density);
Datum
etrace_kernel_density(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *lat,
			   *lon;
	size_t		n,
				bad,
				ncells;
	KdeOptions	opt;
	KdeGrid		grid;
	KdeStatus	status;
	double	   *x,
			   *y,
			   *work,
			   *density,
				cells_needed;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	n = coordinate_args(fcinfo, &lat, &lon);

	memset(&opt, 0, sizeof(opt));
	opt.cell_m = optional_float8(fcinfo, 2, &opt.has_cell);
	opt.bandwidth_m = optional_float8(fcinfo, 3, &opt.has_bandwidth);
	opt.kernel = KDE_QUARTIC;
	if (!PG_ARGISNULL(4))
	{
		char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(4));

		if (!kde_kernel_parse(name, &opt.kernel))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown kernel \"%s\"", name),
					 errdetail("The kernels are \"quartic\" and \"gaussian\".")));
	}
	opt.max_cells = DENSITY_MAX_CELLS;

	x = alloc_huge(n, sizeof(double));
	y = alloc_huge(n, sizeof(double));
	work = alloc_huge(n, sizeof(double));
	status = kde_plan(lat, lon, n, &opt, x, y, work, &grid, &bad, &cells_needed);
	switch (status)
	{
		case KDE_OK:
			break;
		case KDE_NO_POINTS:
			return (Datum) 0;
		case KDE_BAD_COORDINATE:
			report_bad_point(lat, lon, bad);
			break;
		case KDE_NO_CENTRE:
			report_no_centre();
			break;
		case KDE_UNPROJECTABLE:
			report_unprojectable(bad);
			break;
		case KDE_BAD_BANDWIDTH:
			report_bad_length("bandwidth_m", opt.bandwidth_m);
			break;
		case KDE_ZERO_BANDWIDTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot choose a default bandwidth"),
					 errdetail("The points' standard distance or their median distance from their mean centre is 0 or nearly, so the default bandwidth would be under a millimetre."),
					 errhint("Give bandwidth_m.")));
			break;
		case KDE_BAD_CELL:
			report_bad_length("cell_m", opt.cell_m);
			break;
		case KDE_TOO_MANY_CELLS:
			report_too_many_cells(cells_needed);
			break;
	}
	pfree(work);

	ncells = (size_t) grid.nx * (size_t) grid.ny;
	density = alloc_huge(ncells, sizeof(double));
	memset(density, 0, ncells * sizeof(double));
	for (size_t from = 0; from < n; from += CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		kde_accumulate(&grid, x, y, from, Min(from + CHUNK, n), density);
	}

	for (int iy = 0; iy < grid.ny; iy++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int ix = 0; ix < grid.nx; ix++)
		{
			double		d = density[(size_t) iy * grid.nx + ix];
			double		clat,
						clon;
			Datum		values[3];
			bool		nulls[3] = {false, false, false};

			if (!(d > 0))
				continue;
			kde_cell_latlon(&grid, ix, iy, &clat, &clon);
			values[0] = Float8GetDatum(clat);
			values[1] = Float8GetDatum(clon);
			values[2] = Float8GetDatum(d);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/*
 * Computes a normalised geographic profile for the arguments (lat, lon,
 * buffer_m, f, g[, cell_m]).  Returns false when there are no sites.
 */
static bool
compute_geoprofile(FunctionCallInfo fcinfo, bool has_cell_arg, GeoprofileGrid *grid,
				   double **score_out)
{
	const double *lat,
			   *lon;
	size_t		n,
				bad,
				ncells;
	GeoprofileOptions opt;
	GeoprofileStatus status;
	GeoprofileSortItem *work;
	double	   *x,
			   *y,
			   *score,
				cells_needed;

	n = coordinate_args(fcinfo, &lat, &lon);
	memset(&opt, 0, sizeof(opt));
	opt.buffer_m = optional_float8(fcinfo, 2, &opt.has_buffer);
	opt.f = PG_ARGISNULL(3) ? 1.2 : PG_GETARG_FLOAT8(3);
	opt.g = PG_ARGISNULL(4) ? 1.2 : PG_GETARG_FLOAT8(4);
	if (has_cell_arg)
		opt.cell_m = optional_float8(fcinfo, 5, &opt.has_cell);
	opt.max_cells = DENSITY_MAX_CELLS;

	x = alloc_huge(n, sizeof(double));
	y = alloc_huge(n, sizeof(double));
	work = alloc_huge(n, sizeof(GeoprofileSortItem));
	status = geoprofile_plan(lat, lon, n, &opt, x, y, work, grid, &bad, &cells_needed);
	switch (status)
	{
		case GEOPROFILE_OK:
			break;
		case GEOPROFILE_NO_SITES:
			return false;
		case GEOPROFILE_BAD_COORDINATE:
			report_bad_point(lat, lon, bad);
			break;
		case GEOPROFILE_NO_CENTRE:
			report_no_centre();
			break;
		case GEOPROFILE_UNPROJECTABLE:
			report_unprojectable(bad);
			break;
		case GEOPROFILE_BAD_BUFFER:
			report_bad_length("buffer_m", opt.buffer_m);
			break;
		case GEOPROFILE_NO_DEFAULT_BUFFER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot choose a default buffer zone"),
					 errdetail("The default buffer is half the mean distance from each site to its nearest neighbour, which needs at least two sites at different places (and comes out under a millimetre otherwise)."),
					 errhint("Give buffer_m.")));
			break;
		case GEOPROFILE_BAD_EXPONENT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid exponents f = %g and g = %g", opt.f, opt.g),
					 errdetail("The exponents f and g must be greater than 0 and at most %g.",
							   GEOPROFILE_MAX_EXPONENT)));
			break;
		case GEOPROFILE_BAD_CELL:
			report_bad_length("cell_m", opt.cell_m);
			break;
		case GEOPROFILE_TOO_MANY_CELLS:
			report_too_many_cells(cells_needed);
			break;
	}
	pfree(work);

	ncells = (size_t) grid->nx * (size_t) grid->ny;
	score = alloc_huge(ncells, sizeof(double));
	for (int iy = 0; iy < grid->ny; iy++)
	{
		CHECK_FOR_INTERRUPTS();
		geoprofile_score_rows(grid, x, y, n, iy, iy + 1, score);
	}
	if (geoprofile_normalize(score, ncells) == 0.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the geographic profile's scores overflow"),
				 errdetail("The buffer zone of %g metres is too small for the exponents f = %g and g = %g.",
						   grid->buffer, grid->f, grid->g),
				 errhint("Give a larger buffer_m or smaller exponents.")));
	pfree(x);
	pfree(y);
	*score_out = score;
	return true;
}

/*
 * geoprofile(lat, lon, buffer_m, f, g, cell_m) -> TABLE(lat, lon, score,
 * percentile): every cell of the hunting area, row by row from the
 * south-west.
 */
PG_FUNCTION_INFO_V1(etrace_geoprofile);
Datum
etrace_geoprofile(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	GeoprofileGrid grid;
	double	   *score,
			   *sorted,
			   *percentile;
	size_t		ncells;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	if (!compute_geoprofile(fcinfo, true, &grid, &score))
		return (Datum) 0;
	ncells = (size_t) grid.nx * (size_t) grid.ny;
	sorted = alloc_huge(ncells, sizeof(double));
	percentile = alloc_huge(ncells, sizeof(double));
	geoprofile_percentiles(score, ncells, sorted, percentile);
	pfree(sorted);

	for (int iy = 0; iy < grid.ny; iy++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int ix = 0; ix < grid.nx; ix++)
		{
			size_t		i = (size_t) iy * grid.nx + ix;
			double		clat,
						clon;
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};

			geoprofile_cell_latlon(&grid, ix, iy, &clat, &clon);
			values[0] = Float8GetDatum(clat);
			values[1] = Float8GetDatum(clon);
			values[2] = Float8GetDatum(score[i]);
			values[3] = Float8GetDatum(percentile[i]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/*
 * geoprofile_peak(lat, lon, buffer_m, f, g) -> TABLE(lat, lon, score): the
 * cell with the highest score on the default grid (on ties the southmost,
 * then westmost).
 */
PG_FUNCTION_INFO_V1(etrace_geoprofile_peak);
Datum
etrace_geoprofile_peak(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	GeoprofileGrid grid;
	double	   *score,
				clat,
				clon;
	size_t		peak;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	if (!compute_geoprofile(fcinfo, false, &grid, &score))
		return (Datum) 0;
	peak = geoprofile_peak(score, (size_t) grid.nx * (size_t) grid.ny);
	geoprofile_cell_latlon(&grid, (int) (peak % grid.nx), (int) (peak / grid.nx), &clat, &clon);
	values[0] = Float8GetDatum(clat);
	values[1] = Float8GetDatum(clon);
	values[2] = Float8GetDatum(score[peak]);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

/*
 * knox_test(lat, lon, t date[], close_m, close_days, permutations, seed) ->
 * TABLE(pairs_close_both bigint, expected float8, p float8, permutations
 * int).  STRICT.
 */
PG_FUNCTION_INFO_V1(etrace_knox_test);
Datum
etrace_knox_test(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const double *lat,
			   *lon;
	ArrayType  *at = PG_GETARG_ARRAYTYPE_P(2);
	double		close_m = PG_GETARG_FLOAT8(3);
	double		close_days = PG_GETARG_FLOAT8(4);
	int32		permutations = PG_GETARG_INT32(5);
	int64		seed = PG_GETARG_INT64(6);
	size_t		n,
				bad;
	int			nt;
	const DateADT *dates;
	KnoxSite   *sites;
	KnoxStatus	status;
	int64_t    *offsets,
				space_pairs = 0,
				time_pairs,
				observed,
				as_large = 0,
				max_days;
	int32_t    *adj,
			   *t,
			   *scratch;
	KnoxRng		rng;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	InitMaterializedSRF(fcinfo, 0);
	n = coordinate_args(fcinfo, &lat, &lon);
	nt = array_arg_length(at, "t", DATEOID);
	if ((size_t) nt != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("t and lat have different lengths"),
				 errdetail("t has %d elements and lat has %zu.", nt, n)));
	dates = (const DateADT *) ARR_DATA_PTR(at);
	for (size_t i = 0; i < n; i++)
		if (DATE_NOT_FINITE(dates[i]))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("t must not contain infinite dates"),
					 errdetail("Element %zu is %s.", i + 1,
							   DATE_IS_NOBEGIN(dates[i]) ? "-infinity" : "infinity")));
	if (!(isfinite(close_days) && close_days >= 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid close_days: %g", close_days),
				 errdetail("close_days must be a finite number of days, 0 or more.")));
	if (permutations < 0 || permutations > KNOX_MAX_PERMUTATIONS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid permutations: %d", permutations),
				 errdetail("permutations must be between 0 and %d.", KNOX_MAX_PERMUTATIONS)));

	sites = alloc_huge(n, sizeof(KnoxSite));
	status = knox_prepare(lat, lon, n, close_m, sites, &bad);
	switch (status)
	{
		case KNOX_OK:
			break;
		case KNOX_BAD_COORDINATE:
			report_bad_point(lat, lon, bad);
			break;
		case KNOX_BAD_DISTANCE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid close_m: %g", close_m),
					 errdetail("close_m must be a finite number of metres, 0 or more.")));
			break;
		case KNOX_TOO_MANY_POINTS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many points for the Knox test")));
			break;
	}

	/* the pairs close in space, found once */
	offsets = alloc_huge(n + 1, sizeof(int64_t));
	for (size_t from = 0; from < n; from += CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		space_pairs = knox_count_pairs(sites, n, close_m, from, Min(from + CHUNK, n),
									   space_pairs, offsets);
		if (space_pairs > KNOX_MAX_PAIRS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many pairs of points close in space"),
					 errdetail("More than %d pairs of points are within close_m of each other.",
							   KNOX_MAX_PAIRS),
					 errhint("Use a smaller close_m or fewer points.")));
	}
	offsets[n] = space_pairs;
	adj = alloc_huge((size_t) space_pairs, sizeof(int32_t));
	for (size_t from = 0; from < n; from += CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		knox_fill_pairs(sites, n, close_m, from, Min(from + CHUNK, n), offsets, adj);
	}

	/* times in the sites' order */
	t = alloc_huge(n, sizeof(int32_t));
	scratch = alloc_huge(n, sizeof(int32_t));
	for (size_t p = 0; p < n; p++)
		t[p] = dates[sites[p].index];
	pfree(sites);
	max_days = knox_day_limit(close_days);
	observed = knox_close_in_time(t, n, offsets, adj, max_days);
	memcpy(scratch, t, n * sizeof(int32_t));
	time_pairs = knox_time_pairs(scratch, n, max_days);

	knox_rng_seed(&rng, (uint64_t) seed);
	for (int32 r = 0; r < permutations; r++)
	{
		CHECK_FOR_INTERRUPTS();
		knox_shuffle(&rng, t, n);
		if (knox_close_in_time(t, n, offsets, adj, max_days) >= observed)
			as_large++;
	}

	values[0] = Int64GetDatum(observed);
	values[1] = Float8GetDatum(knox_expected(space_pairs, time_pairs, n));
	if (permutations > 0)
		values[2] = Float8GetDatum(knox_p_value(as_large, permutations));
	else
		nulls[2] = true;
	values[3] = Int32GetDatum(permutations);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
