/*
 * masking.c — etrace.unmasked(value, agency_id, trace_id, unit): a
 * sensitive column of etrace.traces as the caller may see it.
 *
 * The view used to spell this as
 *     CASE WHEN etrace.has_full_access(agency_id)
 *            OR unit = ANY (etrace.consented_units(trace_id)) THEN value END
 * for each sensitive column.  One function call per column makes the view's
 * query tree smaller, and the planner copies and walks that whole tree at
 * every custom plan of every query on the view, used columns or not.
 *
 * The consents are read once per statement, not once per row and column:
 * the first masked value of a statement loads every consent the caller's
 * agency holds (etrace.report_consents(), {"trace id": [units]}; few), and
 * each masked value is then a look-up in that document.
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "etrace.h"

/*
 * The caller's consents, valid for one statement and command (a function
 * that records a consent and then reads the view, in one statement, sees
 * it) and one outer user.
 */
static struct
{
	bool		valid;
	TimestampTz statement;
	CommandId	command;
	Oid			user;
	MemoryContext context;
	Jsonb	   *units_by_trace;
}			consents;

static Jsonb *
caller_consents(void)
{
	TimestampTz statement = GetCurrentStatementStartTimestamp();
	CommandId	command = GetCurrentCommandId(false);
	Oid			user = GetOuterUserId();
	Oid			fn;
	Datum		answer;
	MemoryContext caller;

	if (consents.valid && consents.statement == statement &&
		consents.command == command && consents.user == user)
		return consents.units_by_trace;

	if (consents.context == NULL)
		consents.context = AllocSetContextCreate(TopMemoryContext, "etrace consents",
												 ALLOCSET_SMALL_SIZES);
	else
		MemoryContextReset(consents.context);
	consents.valid = false;

	/* SECURITY DEFINER: it reads the disclosures, which the caller may not */
	fn = LookupFuncName(list_make2(makeString("etrace"), makeString("report_consents")),
						0, NULL, false);
	answer = OidFunctionCall0(fn);
	caller = MemoryContextSwitchTo(consents.context);
	consents.units_by_trace = DatumGetJsonbPCopy(answer);
	MemoryContextSwitchTo(caller);

	consents.statement = statement;
	consents.command = command;
	consents.user = user;
	consents.valid = true;
	return consents.units_by_trace;
}

/* Whether the caller's agency holds a consent for the unit of the trace. */
static bool
unit_consented(int64 trace, text *unit)
{
	Jsonb	   *units_by_trace = caller_consents();
	char		key[24];
	JsonbValue	k;
	JsonbValue	u;
	JsonbValue *units;

	k.type = jbvString;
	k.val.string.len = snprintf(key, sizeof(key), INT64_FORMAT, trace);
	k.val.string.val = key;
	units = findJsonbValueFromContainer(&units_by_trace->root, JB_FOBJECT, &k);
	if (units == NULL || units->type != jbvBinary)
		return false;
	u.type = jbvString;
	u.val.string.len = VARSIZE_ANY_EXHDR(unit);
	u.val.string.val = VARDATA_ANY(unit);
	return findJsonbValueFromContainer(units->val.binary.data, JB_FARRAY, &u) != NULL;
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
		unit_consented(PG_GETARG_INT64(2), PG_GETARG_TEXT_PP(3)))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	PG_RETURN_NULL();
}
