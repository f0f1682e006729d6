/*
 * standing.c — a per-session cache of the caller's standing.
 *
 * Every statement that touches a protected table asks, through the row-level
 * security policies, whether the caller is in good standing and which
 * agencies it may see.  Computing that takes several queries
 * (etrace.caller_standing_uncached, etrace.visible_agencies_uncached); this
 * file keeps the last answer and hands it out again until something it
 * depends on may have changed:
 *
 *  - any role or role-membership change (syscache callbacks), so a
 *    suspension or revocation is seen at the caller's next statement;
 *  - any change to the tables it reads: their statement triggers call
 *    etrace.standing_changed(), which sends a relcache invalidation to every
 *    session at commit (and to this one at once); any relcache invalidation
 *    empties the cache;
 *  - a different outer user (SET ROLE) or a different value of a setting it
 *    depends on;
 *  - time: an answer is kept at most STANDING_TTL, so conditions that lapse
 *    by themselves (recertification, location exceptions) lapse promptly.
 *
 * At the first check of each statement, pending invalidation messages are
 * processed, so changes committed by others are seen even inside an open
 * transaction that already holds all its locks.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/sinval.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "etrace.h"

/* Longest time an answer is reused, in microseconds. */
#define STANDING_TTL (2 * USECS_PER_SEC)

#define STANDING_QUERY "SELECT s FROM etrace.caller_standing_uncached() s"
#define FULL_ACCESS_QUERY "SELECT etrace.full_access_agencies_uncached()"

typedef struct CachedAnswer
{
	bool		valid;
	Datum		value;			/* copied into TopMemoryContext */
	bool		isnull;
} CachedAnswer;

static struct
{
	Oid			outer_user;
	TimestampTz computed_at;
	bool		unix_socket_access;
	int			recertification_days;
	CachedAnswer standing;		/* etrace.caller_standing_uncached() */
	CachedAnswer visible;		/* etrace.visible_agencies_uncached() */
	CachedAnswer full;			/* etrace.full_access_agencies_uncached() */
	/* full's ids, sorted, for etrace.has_full_access() (NULL until needed) */
	int64	   *full_ids;
	int			full_count;
}			cache;

static bool callbacks_registered = false;
static TimestampTz last_statement_checked = 0;

static void
forget_answer(CachedAnswer *answer)
{
	if (answer->valid && !answer->isnull)
		pfree(DatumGetPointer(answer->value));
	answer->valid = false;
}

static void
forget_all(void)
{
	forget_answer(&cache.standing);
	forget_answer(&cache.visible);
	forget_answer(&cache.full);
	if (cache.full_ids != NULL)
		pfree(cache.full_ids);
	cache.full_ids = NULL;
	cache.full_count = 0;
}

static void
standing_syscache_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	forget_all();
}

static void
standing_relcache_callback(Datum arg, Oid relid)
{
	forget_all();
}

/* Drop answers that no longer hold for this caller, now. */
static void
check_cache(void)
{
	TimestampTz stmt = GetCurrentStatementStartTimestamp();

	if (!callbacks_registered)
	{
		CacheRegisterSyscacheCallback(AUTHOID, standing_syscache_callback, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, standing_syscache_callback, (Datum) 0);
		CacheRegisterRelcacheCallback(standing_relcache_callback, (Datum) 0);
		callbacks_registered = true;
	}
	if (stmt != last_statement_checked)
	{
		/* others' committed changes, even inside an open transaction */
		AcceptInvalidationMessages();
		last_statement_checked = stmt;
	}
	if (cache.outer_user != GetOuterUserId() ||
		cache.unix_socket_access != etrace_unix_socket_access ||
		cache.recertification_days != etrace_recertification_days ||
		stmt - cache.computed_at > STANDING_TTL ||
		stmt < cache.computed_at)
	{
		forget_all();
		cache.outer_user = GetOuterUserId();
		cache.unix_socket_access = etrace_unix_socket_access;
		cache.recertification_days = etrace_recertification_days;
		cache.computed_at = stmt;
	}
}

/*
 * The cached answer of a query, or run it (one row, one column) and keep
 * the result.  The value returned points into the cache: it stays valid
 * only until the next call of anything in this file (the next check may
 * forget it), so callers use it at once or copy it.  A varlena is kept
 * detoasted, so that reading it needs no copy.
 */
static Datum
fetch_answer(CachedAnswer *answer, const char *query, Oid typid, bool *isnull)
{
	check_cache();
	if (!answer->valid)
	{
		MemoryContext caller = CurrentMemoryContext;
		Datum		value;
		bool		null;
		int16		typlen;
		bool		typbyval;

		get_typlenbyval(typid, &typlen, &typbyval);
		SPI_connect();
		if (SPI_execute(query, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "etrace: \"%s\" did not return one row", query);
		value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null);
		MemoryContextSwitchTo(TopMemoryContext);
		if (null)
			answer->value = (Datum) 0;
		else if (typlen == -1)
			answer->value = PointerGetDatum(PG_DETOAST_DATUM_COPY(value));
		else
			answer->value = datumCopy(value, typbyval, typlen);
		answer->isnull = null;
		MemoryContextSwitchTo(caller);
		SPI_finish();
		/* an invalidation processed while computing empties the cache */
		answer->valid = true;
	}
	*isnull = answer->isnull;
	return answer->value;
}

/* The same, as a copy in the caller's memory context. */
static Datum
cached_query(CachedAnswer *answer, const char *query, Oid typid, bool *isnull)
{
	int16		typlen;
	bool		typbyval;
	Datum		value;

	get_typlenbyval(typid, &typlen, &typbyval);
	value = fetch_answer(answer, query, typid, isnull);
	return *isnull ? (Datum) 0 : datumCopy(value, typbyval, typlen);
}

PG_FUNCTION_INFO_V1(etrace_caller_standing);
Datum
etrace_caller_standing(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result;

	result = cached_query(&cache.standing, STANDING_QUERY, RECORDOID, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

PG_FUNCTION_INFO_V1(etrace_visible_agencies);
Datum
etrace_visible_agencies(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result;

	result = cached_query(&cache.visible,
						  "SELECT etrace.visible_agencies_uncached()",
						  INT8ARRAYOID, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * Statement trigger on the tables the standing is computed from: tell every
 * session (at commit) and this one (at once) to forget cached answers.
 */
PG_FUNCTION_INFO_V1(etrace_standing_changed);
Datum
etrace_standing_changed(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "etrace.standing_changed must be called as a trigger");
	CacheInvalidateRelcacheByRelid(RelationGetRelid(trigdata->tg_relation));
	return PointerGetDatum(NULL);
}

/* etrace.full_access_agencies()' value, copied into the caller's context */
Datum
etrace_caller_full_access(bool *isnull)
{
	return cached_query(&cache.full, FULL_ACCESS_QUERY, INT8ARRAYOID, isnull);
}

PG_FUNCTION_INFO_V1(etrace_full_access_agencies);
Datum
etrace_full_access_agencies(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		result;

	result = etrace_caller_full_access(&isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * The caller's account when it is in good standing, else NULL: the account
 * field of the cached standing when its problem field is NULL.  In C so
 * that etrace.current_agency() and etrace.current_account(), which the
 * policies and the API call all the time, cost a cache look-up.
 */
PG_FUNCTION_INFO_V1(etrace_caller_account);
Datum
etrace_caller_account(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		standing;
	Datum		account;

	standing = fetch_answer(&cache.standing, STANDING_QUERY, RECORDOID, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	/* (account etrace.account, problem text) */
	(void) GetAttributeByNum(DatumGetHeapTupleHeader(standing), 2, &isnull);
	if (!isnull)
		PG_RETURN_NULL();
	account = GetAttributeByNum(DatumGetHeapTupleHeader(standing), 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PointerGetDatum(PG_DETOAST_DATUM_COPY(account)));
}

static int
compare_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/*
 * Whether the caller sees the traces of an agency in full: the agency is
 * one of etrace.full_access_agencies().  The view etrace.traces asks this
 * for every row and masked column, so the cached ids are kept sorted and
 * searched in place.
 */
bool
etrace_caller_has_full_access(int64 agency)
{
	bool		isnull;
	Datum		full;

	full = fetch_answer(&cache.full, FULL_ACCESS_QUERY, INT8ARRAYOID, &isnull);
	if (isnull)
		return false;
	if (cache.full_ids == NULL)
	{
		ArrayType  *ids = DatumGetArrayTypeP(full);
		Datum	   *elems;
		bool	   *nulls;
		int			n;
		int64	   *sorted;
		int			count = 0;

		deconstruct_array(ids, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, &n);
		sorted = MemoryContextAlloc(TopMemoryContext, sizeof(int64) * Max(n, 1));
		for (int i = 0; i < n; i++)
			if (!nulls[i])
				sorted[count++] = DatumGetInt64(elems[i]);
		qsort(sorted, count, sizeof(int64), compare_int64);
		cache.full_ids = sorted;
		cache.full_count = count;
	}
	return bsearch(&agency, cache.full_ids, cache.full_count, sizeof(int64), compare_int64) != NULL;
}

PG_FUNCTION_INFO_V1(etrace_has_full_access);
Datum
etrace_has_full_access(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(etrace_caller_has_full_access(PG_GETARG_INT64(0)));
}
