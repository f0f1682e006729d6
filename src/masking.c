/*
 * masking.c — etrace.unmasked(value, agency_id, trace_id, unit): a
 * sensitive column of etrace.traces as the caller may see it.
 *
 * The view used to spell this as
 *     CASE WHEN etrace.has_full_access(agency_id)
 *            OR unit = ANY (etrace.consented_units(trace_id)) THEN value END
 * for each sensitive column.  One function call per column makes the view's
 * query tree less than half the size, and the planner copies and walks that
 * whole tree at every custom plan of every query on the view, used columns
 * or not; per row it is one call instead of a CASE, an OR and a function.
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "etrace.h"

/*
 * Whether etrace.consented_units(trace) lists the unit.  The function
 * (SECURITY DEFINER, it reads the disclosures) is looked up once per call
 * site; it only runs for rows seen through data sharing.
 */
static bool
unit_consented(FunctionCallInfo fcinfo, int64 trace, text *unit)
{
	FmgrInfo   *consented = (FmgrInfo *) fcinfo->flinfo->fn_extra;
	Datum		units;
	ArrayType  *array;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (consented == NULL)
	{
		Oid			argtypes[1] = {INT8OID};
		Oid			fn = LookupFuncName(list_make2(makeString("etrace"), makeString("consented_units")),
										1, argtypes, false);

		consented = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(FmgrInfo));
		fmgr_info_cxt(fn, consented, fcinfo->flinfo->fn_mcxt);
		fcinfo->flinfo->fn_extra = consented;
	}
	units = FunctionCall1Coll(consented, InvalidOid, Int64GetDatum(trace));
	array = DatumGetArrayTypeP(units);
	deconstruct_array(array, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		text	   *listed = DatumGetTextPP(elems[i]);

		if (!nulls[i] && VARSIZE_ANY_EXHDR(listed) == VARSIZE_ANY_EXHDR(unit) &&
			memcmp(VARDATA_ANY(listed), VARDATA_ANY(unit), VARSIZE_ANY_EXHDR(unit)) == 0)
			return true;
	}
	return false;
}

/*
 * The value when the caller sees the trace's agency in full or holds a
 * consent for the unit, else NULL.  Not strict: a NULL value is NULL, a
 * NULL agency or trace is no access.
 */
PG_FUNCTION_INFO_V1(etrace_unmasked);
Datum
etrace_unmasked(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	if (etrace_caller_has_full_access(PG_GETARG_INT64(1)) ||
		unit_consented(fcinfo, PG_GETARG_INT64(2), PG_GETARG_TEXT_PP(3)))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	PG_RETURN_NULL();
}
