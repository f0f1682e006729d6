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
#include "miscadmin.h"
#include "utils/builtins.h"

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
