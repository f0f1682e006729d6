/*
 * identity.c — who is calling.
 *
 * The caller is the outer user: the role the session runs as after any
 * SET ROLE, not the owner of the SECURITY DEFINER function that is running
 * (GetOuterUserId, not GetUserId).  Nothing here reads a setting the caller
 * can change.
 */
#include "postgres.h"

#include "fmgr.h"
#include "access/parallel.h"
#include "miscadmin.h"
#include "access/htup_details.h"
#include "catalog/pg_authid.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/syscache.h"

PG_FUNCTION_INFO_V1(etrace_session_role);
Datum
etrace_session_role(PG_FUNCTION_ARGS)
{
	const char *name = GetUserNameFromId(GetOuterUserId(), true);

	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall1(namein, CStringGetDatum(name)));
}

PG_FUNCTION_INFO_V1(etrace_session_is_superuser);
Datum
etrace_session_is_superuser(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(superuser_arg(GetOuterUserId()));
}

/*
 * Whether the calling role may still log in, read from the catalog cache:
 * unlike a query on pg_roles, this sees a revocation committed after the
 * caller's transaction took its snapshot, so a revoked role fails at its
 * next statement even inside a REPEATABLE READ transaction.
 */
PG_FUNCTION_INFO_V1(etrace_session_role_can_login);
Datum
etrace_session_role_can_login(PG_FUNCTION_ARGS)
{
	HeapTuple	tuple;
	bool		can_login;

	/*
	 * The cache is only as fresh as the invalidation messages this backend
	 * has read; inside a transaction that already holds its locks, nothing
	 * else makes it read them before the next statement runs.
	 */
	AcceptInvalidationMessages();
	tuple = SearchSysCache1(AUTHOID, ObjectIdGetDatum(GetOuterUserId()));
	if (!HeapTupleIsValid(tuple))
		PG_RETURN_BOOL(false);
	can_login = ((Form_pg_authid) GETSTRUCT(tuple))->rolcanlogin;
	ReleaseSysCache(tuple);
	PG_RETURN_BOOL(can_login);
}

/*
 * Whether this process is a parallel worker.  A worker has no client
 * connection: inet_client_addr() is NULL there, as for a Unix socket, so
 * the standing must not take the one for the other.
 */
PG_FUNCTION_INFO_V1(etrace_in_parallel_worker);
Datum
etrace_in_parallel_worker(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(IsParallelWorker());
}
