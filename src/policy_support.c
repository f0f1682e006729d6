/*
 * policy_support.c — planner support for etrace.has_full_access(agency_id),
 * the readers' isolation policy on etrace.trace and etrace.trace_result.
 *
 * The policy is a call per row of a cached look-up (standing.c), so a
 * direct SELECT needs no InitPlan to compute the caller's agencies.  To the
 * planner, though, a boolean function is opaque: it would guess a third of
 * the rows and never use an index on agency_id.  This support function
 * tells it what the call means, agency_id = ANY (etrace.full_access_agencies()):
 *
 *  - SupportRequestSelectivity: the selectivity of agency_id = ANY of the
 *    caller's agencies as they are now, from the column's statistics, so an
 *    agency user's plan expects its own agency's rows (not ten agencies'
 *    worth, as for = ANY of an array the planner cannot see).
 *  - SupportRequestIndexCondition: on a btree index whose column is
 *    agency_id, the index condition agency_id = ANY
 *    (etrace.full_access_agencies()), evaluated once when the scan starts.
 *    It is exact, so the call is not repeated on the rows it returns.
 *
 * The estimate uses the agencies at planning time; a plan kept longer (a
 * generic plan) is still correct, since the rows are picked at execution.
 */
#include "postgres.h"

#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_opfamily.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/supportnodes.h"
#include "nodes/pathnodes.h"
#include "optimizer/optimizer.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "etrace.h"

/* etrace.full_access_agencies(), in the schema of etrace.has_full_access */
static Oid
full_access_agencies_oid(Oid has_full_access)
{
	Oid			schema = get_func_namespace(has_full_access);
	Oid			fn;

	fn = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid,
						 CStringGetDatum("full_access_agencies"),
						 PointerGetDatum(buildoidvector(NULL, 0)),
						 ObjectIdGetDatum(schema));
	if (!OidIsValid(fn))
		elog(ERROR, "etrace: function full_access_agencies() not found");
	return fn;
}

/* agency = ANY (agencies), with the bigint equality operator given */
static ScalarArrayOpExpr *
make_any_agency(Oid equality, Node *agency, Node *agencies)
{
	ScalarArrayOpExpr *saop = makeNode(ScalarArrayOpExpr);

	saop->opno = equality;
	saop->opfuncid = get_opcode(equality);
	saop->useOr = true;
	saop->inputcollid = InvalidOid;
	saop->args = list_make2(agency, agencies);
	saop->location = -1;
	return saop;
}

static Selectivity
full_access_selectivity(SupportRequestSelectivity *req)
{
	bool		isnull;
	Datum		agencies = etrace_caller_full_access(&isnull);
	Const	   *array;
	Oid			equality;

	if (isnull)
		return 0.0;
	array = makeConst(INT8ARRAYOID, -1, InvalidOid, -1, agencies, false, false);
	equality = get_opfamily_member(INTEGER_BTREE_FAM_OID, INT8OID, INT8OID, BTEqualStrategyNumber);
	return clause_selectivity(req->root,
							  (Node *) make_any_agency(equality, linitial(req->args), (Node *) array),
							  req->varRelid, req->jointype, req->sjinfo);
}

static List *
full_access_index_condition(SupportRequestIndexCondition *req)
{
	FuncExpr   *call = (FuncExpr *) req->node;
	FuncExpr   *agencies;
	Oid			equality;

	if (!IsA(call, FuncExpr) || req->indexarg != 0 || req->index->relam != BTREE_AM_OID)
		return NIL;
	equality = get_opfamily_member(req->opfamily, INT8OID, INT8OID, BTEqualStrategyNumber);
	if (!OidIsValid(equality))
		return NIL;
	agencies = makeFuncExpr(full_access_agencies_oid(call->funcid), INT8ARRAYOID, NIL,
							InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
	req->lossy = false;
	return list_make1(make_any_agency(equality, copyObject(linitial(call->args)), (Node *) agencies));
}

PG_FUNCTION_INFO_V1(etrace_has_full_access_support);
Datum
etrace_has_full_access_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);

	if (IsA(rawreq, SupportRequestSelectivity))
	{
		SupportRequestSelectivity *req = (SupportRequestSelectivity *) rawreq;

		/*
		 * A join clause keeps the default; the policy has one argument.  A
		 * caller who may not run the function gets no estimate from its
		 * standing either (the executor will refuse the call).
		 */
		if (req->is_join || list_length(req->args) != 1 ||
			pg_proc_aclcheck(req->funcid, GetUserId(), ACL_EXECUTE) != ACLCHECK_OK)
			PG_RETURN_POINTER(NULL);
		req->selectivity = full_access_selectivity(req);
		PG_RETURN_POINTER(req);
	}
	if (IsA(rawreq, SupportRequestIndexCondition))
	{
		List	   *conditions = full_access_index_condition((SupportRequestIndexCondition *) rawreq);

		PG_RETURN_POINTER(conditions);
	}
	PG_RETURN_POINTER(NULL);
}
