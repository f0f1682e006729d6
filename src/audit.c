/*
 * audit.c — the tamper-evident audit trail (etrace.audit_log).
 *
 * What is recorded: every write to an etrace data table, one entry per
 * statement (etrace.audit_capture, an AFTER ... FOR EACH STATEMENT trigger
 * that reads the statement's transition tables), and every read of trace
 * data that an API function reports (etrace.audit_read).
 *
 * When: a transaction's entries are kept in its memory and written when it
 * commits (an XACT_EVENT_PRE_COMMIT callback), so the lock that orders a
 * chain is held only from then until the commit is done, not for the whole
 * transaction.  Audit rows therefore exist only when their transaction
 * commits:
 *  - a write undone by a subtransaction (a savepoint, a PL/pgSQL exception
 *    block) is forgotten with it;
 *  - a read is not: its data was returned whatever happens next, so a read
 *    recorded in a subtransaction that rolls back is still written at
 *    commit, and a read whose whole transaction rolls back goes to the
 *    server log instead (LOG level).
 *
 * The chains: a transaction's rows go to one of etrace.audit_chains()
 * chains (n of them), numbered without gaps in commit order: chain c holds
 * ids c + 1, c + 1 + n, c + 1 + 2n...  Each row's hash is
 * etrace.audit_hash(prev_hash, its other columns), an SQL function that
 * etrace.verify_audit (and anyone else) recomputes; it is computed here in
 * C, to the same bytes (row_hash), so that an append runs no SQL;
 * etrace.audit_head holds the last id and hash of each chain, so that rows
 * deleted at the end are noticed too.  Several chains let transactions that
 * commit at the same time append side by side; with one, every audited
 * commit queued for the lock, its WAL flush included.
 *
 * An append takes the chain's lock (a lock on the object etrace.audit_head,
 * subobject chain + 1), held to the end of the transaction; it tries the
 * free chain furthest behind first, and waits only when every chain is held.
 * It then reads the head with a snapshot taken after the lock was granted:
 * the chain's previous appender has committed by then, so the head read is
 * the latest one in every isolation level, and a REPEATABLE READ or
 * SERIALIZABLE transaction does not fail as it would by locking the head row
 * with its own, older snapshot.
 *
 * The rows go straight into the tables and their indexes (no statement is
 * planned or run per append: at a short read, that was most of the cost of
 * auditing it), so no policy needs to let anyone insert into the trail or
 * move a head.  What little still runs through SPI (the caller's standing,
 * the number of chains, once per session; whether a chain without a head
 * has rows, once per chain) runs as the owner of the audit tables with
 * row-level security not forced on it, as the foreign-key triggers do.  At
 * commit the caller's search_path is in force: every name in those
 * statements is schema-qualified, operators included.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/transam.h"
#include "access/xact.h"
#include "access/xlog.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include <openssl/evp.h>

#include "etrace.h"

/*
 * A transaction that piles up this many entries (a bulk load through the
 * API) writes them at once, and then holds the chain lock to its end.
 */
#define AUDIT_PENDING_LIMIT 1000

#define AUDIT_HASH_LEN 32

/*
 * Where the other chains stand is read in full (all heads) every this many
 * appends of a backend; in between, only the held chain's head is.
 */
#define AUDIT_SURVEY_EVERY 16

/* etrace.audit_chains() may not exceed this (lock tags number chains 1..). */
#define AUDIT_MAX_CHAINS 64

typedef struct AuditEntry
{
	SubTransactionId captured_in;	/* moves to the parent at subcommit */
	SubTransactionId written_in;	/* InvalidSubTransactionId: pending */
	bool		is_read;
	TimestampTz at;
	int64		xact;
	char	   *who;
	bool		account_isnull;
	int64		account_id;
	bool		agency_isnull;
	int64		agency_id;
	char	   *application_name;	/* NULL when empty */
	const char *action;
	char	   *object;
	Datum		trace_numbers;	/* text[], or 0 for NULL */
	Datum		detail;			/* jsonb, or 0 */
	Datum		fields;			/* text[], or 0 */
	bool		compacted;		/* written at the top level: only what the
								 * server log needs of a read is kept */
} AuditEntry;

/* This transaction's entries, in the order they happened. */
static MemoryContext entry_cxt = NULL;	/* child of TopTransactionContext */
static List *entries = NIL;
static int	n_pending = 0;
static bool writing = false;

/* The chain this transaction appends to (its lock is held), or -1. */
static int	held_chain = -1;
static SubTransactionId held_chain_subxid = InvalidSubTransactionId;
static int	n_chains = 0;

/* Where each chain stood at this backend's last append (a hint only). */
static int64 chain_pos[AUDIT_MAX_CHAINS];
static bool chain_pos_known = false;
static int	appends_since_survey = AUDIT_SURVEY_EVERY;
static bool callbacks_registered = false;

/*
 * The calling role's account and agency, kept until any role or relcache
 * invalidation (the account table's statement triggers send one).
 */
static struct
{
	bool		valid;
	Oid			role;
	bool		account_isnull;
	int64		account_id;
	bool		agency_isnull;
	int64		agency_id;
}			caller;

static void
forget_caller(Datum arg, Oid relid)
{
	caller.valid = false;
}

static void
forget_caller_role(Datum arg, int cacheid, uint32 hashvalue)
{
	caller.valid = false;
}

/* The session's client address (NULL over a Unix socket), looked up once. */
static bool client_known = false;
static bool client_isnull = true;
static Datum client_addr = (Datum) 0;

/* Saved plans; every name in them is schema-qualified. */
static SPIPlanPtr plan_standing = NULL;
static SPIPlanPtr plan_trace_numbers = NULL;
static SPIPlanPtr plan_first_row = NULL;

static int64 write_pending(void);

/*------------------------------------------------------------- bookkeeping */

static void
forget_entries(void)
{
	/* the memory goes with TopTransactionContext */
	entries = NIL;
	entry_cxt = NULL;
	n_pending = 0;
	writing = false;
	held_chain = -1;
}

/*
 * A text[] as array_out prints a one-dimensional one, without a catalog
 * lookup (this runs while the transaction aborts).
 */
static void
append_text_array_summary(StringInfo buf, Datum array)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;

	if (!array)
	{
		appendStringInfoString(buf, "(none)");
		return;
	}
	arr = DatumGetArrayTypeP(array);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	appendStringInfoChar(buf, '{');
	for (i = 0; i < n; i++)
	{
		char	   *str;
		const char *c;
		bool		quote;

		if (i > 0)
			appendStringInfoChar(buf, ',');
		if (nulls[i])
		{
			appendStringInfoString(buf, "NULL");
			continue;
		}
		str = TextDatumGetCString(elems[i]);
		quote = str[0] == '\0' || pg_strcasecmp(str, "NULL") == 0;
		for (c = str; *c && !quote; c++)
			quote = strchr("{},\"\\ \t\n\r\v\f", *c) != NULL;
		if (!quote)
		{
			appendStringInfoString(buf, str);
			continue;
		}
		appendStringInfoChar(buf, '"');
		for (c = str; *c; c++)
		{
			if (*c == '"' || *c == '\\')
				appendStringInfoChar(buf, '\\');
			appendStringInfoChar(buf, *c);
		}
		appendStringInfoChar(buf, '"');
	}
	appendStringInfoChar(buf, '}');
}

/*
 * The reads of a transaction that rolls back: their data was returned, so
 * they go to the server log.  Formatted only here, from what the entry
 * keeps, so that reads that commit never pay for it.
 */
static void
log_lost_reads(void)
{
	ListCell   *lc;

	foreach(lc, entries)
	{
		AuditEntry *e = (AuditEntry *) lfirst(lc);
		StringInfoData summary;

		if (!e->is_read)
			continue;
		initStringInfo(&summary);
		appendStringInfo(&summary, "role \"%s\" read %s at %s: trace numbers ",
						 e->who, e->object, timestamptz_to_str(e->at));
		append_text_array_summary(&summary, e->trace_numbers);
		appendStringInfoString(&summary, "; fields ");
		append_text_array_summary(&summary, e->fields);
		ereport(LOG,
				(errmsg("etrace audit: a read was not recorded in the audit trail because its transaction rolled back"),
				 errdetail_internal("%s", summary.data)));
		pfree(summary.data);
	}
}

static void
audit_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			if (n_pending > 0)
				(void) write_pending();
			break;
		case XACT_EVENT_ABORT:
			log_lost_reads();
			forget_entries();
			break;
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
			forget_entries();
			break;
		default:
			break;
	}
}

/*
 * Subtransactions: at commit, entries move to the parent; at abort, the
 * writes recorded in it are forgotten (they were undone), the reads stay
 * (they happened), and rows written to the trail inside it, which are now
 * gone, are pending again.
 */
static void
audit_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	ListCell   *lc;

	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		writing = false;		/* an error in write_pending ends here */
		if (held_chain_subxid == mySubid)
			held_chain = -1;	/* its lock went with the subtransaction */
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB && held_chain_subxid == mySubid)
		held_chain_subxid = parentSubid;
	if (entries == NIL)
		return;
	if (event == SUBXACT_EVENT_COMMIT_SUB)
	{
		foreach(lc, entries)
		{
			AuditEntry *e = (AuditEntry *) lfirst(lc);

			if (e->captured_in == mySubid)
				e->captured_in = parentSubid;
			if (e->written_in == mySubid)
				e->written_in = parentSubid;
		}
	}
	else if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		foreach(lc, entries)
		{
			AuditEntry *e = (AuditEntry *) lfirst(lc);

			if (e->written_in == mySubid)
				e->written_in = InvalidSubTransactionId;
			if (e->captured_in == mySubid)
			{
				if (!e->is_read)
				{
					entries = foreach_delete_current(entries, lc);
					continue;
				}
				e->captured_in = parentSubid;
			}
		}
		n_pending = 0;
		foreach(lc, entries)
		{
			if (((AuditEntry *) lfirst(lc))->written_in == InvalidSubTransactionId)
				n_pending++;
		}
	}
}

static void
ensure_callbacks(void)
{
	if (!callbacks_registered)
	{
		RegisterXactCallback(audit_xact_callback, NULL);
		RegisterSubXactCallback(audit_subxact_callback, NULL);
		CacheRegisterRelcacheCallback(forget_caller, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, forget_caller_role, (Datum) 0);
		callbacks_registered = true;
	}
}

/*
 * After an append at the top level (only a top-level abort can undo it):
 * forget the written entries, except what the server log needs of a read
 * (who, what, when, the trace numbers and the fields).
 */
static void
compact_entries(void)
{
	ListCell   *lc;

	foreach(lc, entries)
	{
		AuditEntry *e = (AuditEntry *) lfirst(lc);

		if (e->written_in == InvalidSubTransactionId || e->compacted)
			continue;
		if (e->detail)
			pfree(DatumGetPointer(e->detail));
		if (e->application_name)
			pfree(e->application_name);
		e->detail = (Datum) 0;
		e->application_name = NULL;
		e->compacted = true;
		if (!e->is_read)
		{
			if (e->trace_numbers)
				pfree(DatumGetPointer(e->trace_numbers));
			if (e->fields)
				pfree(DatumGetPointer(e->fields));
			pfree(e->who);
			pfree(e->object);
			entries = foreach_delete_current(entries, lc);
			pfree(e);
		}
	}
}

/*----------------------------------------------------------------- helpers */

/* The owner of table etrace.<name>. */
static Oid
relation_owner(const char *name)
{
	Oid			relid = get_relname_relid(name, get_namespace_oid("etrace", false));
	HeapTuple	classtup;
	Oid			owner;

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"etrace.%s\" does not exist", name)));
	classtup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(classtup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(classtup))->relowner;
	ReleaseSysCache(classtup);
	return owner;
}

static SPIPlanPtr
saved_plan(SPIPlanPtr *cache, const char *sql, int nargs, Oid *argtypes)
{
	if (*cache == NULL)
	{
		/* generic: a custom plan per call would be planned per call */
		SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, argtypes, CURSOR_OPT_GENERIC_PLAN);

		if (plan == NULL)
			elog(ERROR, "etrace audit: could not prepare \"%s\": %s",
				 sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "etrace audit: could not save a plan");
		*cache = plan;
	}
	return *cache;
}

/*
 * The caller's account and agency (etrace.caller_standing() looks at the
 * outer role), read as the owner of the trail whoever the current role is.
 */
static void
lookup_caller(void)
{
	Oid			role = GetOuterUserId();
	SPIPlanPtr	plan;
	Oid			save_userid;
	int			save_sec_context;
	int			rc;

	if (caller.valid && caller.role == role)
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "etrace audit: SPI_connect failed");
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(relation_owner("audit_log"), save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	plan = saved_plan(&plan_standing,
					  "SELECT (s.account).id, (s.account).agency_id FROM etrace.caller_standing() s",
					  0, NULL);
	rc = SPI_execute_plan(plan, NULL, NULL, true, 1);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "etrace audit: etrace.caller_standing() did not return one row");
	caller.account_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
													1, &caller.account_isnull));
	caller.agency_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
												   2, &caller.agency_isnull));
	SPI_finish();
	caller.role = role;
	caller.valid = true;
}

static void
lookup_client(void)
{
	if (!client_known)
	{
		LOCAL_FCINFO(fc, 0);
		Datum		addr;

		InitFunctionCallInfoData(*fc, NULL, 0, InvalidOid, NULL, NULL);
		addr = inet_client_addr(fc);
		if (!fc->isnull)
		{
			MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

			client_addr = datumCopy(addr, false, -1);
			MemoryContextSwitchTo(old);
			client_isnull = false;
		}
		client_known = true;
	}
}

static MemoryContext
entry_context(void)
{
	if (entry_cxt == NULL)
		entry_cxt = AllocSetContextCreate(TopTransactionContext, "etrace audit entries",
										  ALLOCSET_DEFAULT_SIZES);
	return entry_cxt;
}

/* A copy in the current context, never a pointer to TOAST. */
static Datum
copy_varlena(Datum value)
{
	if (!value)
		return (Datum) 0;
	return PointerGetDatum(pg_detoast_datum_copy((struct varlena *) DatumGetPointer(value)));
}

/*
 * Add an entry for the current statement.  Datums are copied into the
 * transaction's entry memory.
 */
static void
record_entry(bool is_read, const char *action, const char *object,
			 Datum trace_numbers, Datum detail, Datum fields)
{
	const char *who = GetUserNameFromId(GetOuterUserId(), true);
	MemoryContext old;
	AuditEntry *e;

	ensure_callbacks();
	lookup_caller();
	lookup_client();

	old = MemoryContextSwitchTo(entry_context());
	e = (AuditEntry *) palloc0(sizeof(AuditEntry));
	e->captured_in = GetCurrentSubTransactionId();
	e->written_in = InvalidSubTransactionId;
	e->is_read = is_read;
	e->at = GetCurrentTimestamp();
	e->xact = (int64) U64FromFullTransactionId(GetTopFullTransactionId());
	e->who = who ? pstrdup(who) : psprintf("role %u", GetOuterUserId());
	e->account_isnull = caller.account_isnull;
	e->account_id = caller.account_id;
	e->agency_isnull = caller.agency_isnull;
	e->agency_id = caller.agency_id;
	e->application_name = (application_name && application_name[0]) ? pstrdup(application_name) : NULL;
	e->action = action;
	e->object = pstrdup(object);
	e->trace_numbers = copy_varlena(trace_numbers);
	e->detail = copy_varlena(detail);
	e->fields = copy_varlena(fields);
	entries = lappend(entries, e);
	n_pending++;
	MemoryContextSwitchTo(old);

	if (n_pending >= AUDIT_PENDING_LIMIT && !writing)
		(void) write_pending();
}

/*------------------------------------------------------------- the chain */

/*
 * SPI as the owner of the audit tables (row-level security not forced on
 * it), under the given snapshot: only for what is read once per session or
 * once per chain, never at every append.
 */
typedef struct OwnerSpi
{
	Oid			save_userid;
	int			save_sec_context;
} OwnerSpi;

static void
owner_spi_begin(OwnerSpi *state, Oid owner, Snapshot snapshot)
{
	GetUserIdAndSecContext(&state->save_userid, &state->save_sec_context);
	SetUserIdAndSecContext(owner, state->save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_NOFORCE_RLS);
	PushActiveSnapshot(snapshot);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "etrace audit: SPI_connect failed");
}

static void
owner_spi_end(OwnerSpi *state)
{
	SPI_finish();
	PopActiveSnapshot();
	SetUserIdAndSecContext(state->save_userid, state->save_sec_context);
}

/* The number of chains, from etrace.audit_chains() (fixed for the life of the trail). */
static int
chain_count(Oid owner, Snapshot snapshot)
{
	if (n_chains == 0)
	{
		OwnerSpi	spi;
		bool		isnull;
		int32		n;

		owner_spi_begin(&spi, owner, snapshot);
		if (SPI_execute("SELECT etrace.audit_chains()", true, 1) != SPI_OK_SELECT || SPI_processed != 1)
			elog(ERROR, "etrace audit: could not read etrace.audit_chains()");
		n = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		owner_spi_end(&spi);
		if (isnull || n < 1 || n > AUDIT_MAX_CHAINS)
			elog(ERROR, "etrace audit: etrace.audit_chains() must be between 1 and %d", AUDIT_MAX_CHAINS);
		n_chains = n;
	}
	return n_chains;
}

/* Whether etrace.audit_log has row id (checked once per chain, at its start). */
static bool
log_has_row(Oid owner, Snapshot snapshot, int64 id)
{
	OwnerSpi	spi;
	Oid			types[1] = {INT8OID};
	Datum		values[1];
	bool		found;

	values[0] = Int64GetDatum(id);
	owner_spi_begin(&spi, owner, snapshot);
	if (SPI_execute_snapshot(saved_plan(&plan_first_row,
										"SELECT 1 FROM etrace.audit_log a WHERE a.id OPERATOR(pg_catalog.=) $1",
										1, types),
							 values, NULL, snapshot, InvalidSnapshot, true, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "etrace audit: could not read the audit trail");
	found = SPI_processed > 0;
	owner_spi_end(&spi);
	return found;
}

/*
 * Take a chain for this transaction: of the chains nobody holds, the one
 * furthest behind as this backend last saw them (so that ids stay close to
 * commit order); when every chain is held, wait for the one furthest behind.
 * The lock is held until the transaction (or the subtransaction that took
 * it) ends, and later appends of the transaction use the same chain.
 */
static int
take_chain(Oid head_relid, int nchains)
{
	int			order[AUDIT_MAX_CHAINS];
	int			i;

	if (!chain_pos_known)
	{
		for (i = 0; i < nchains; i++)
			chain_pos[i] = i + 1 - nchains; /* before the chain's first id */
		chain_pos_known = true;
	}
	for (i = 0; i < nchains; i++)
	{
		int			j = i;

		while (j > 0 && chain_pos[order[j - 1]] > chain_pos[i])
		{
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (i = 0; i < nchains; i++)
		if (ConditionalLockDatabaseObject(RelationRelationId, head_relid, order[i] + 1, ExclusiveLock))
			return order[i];
	LockDatabaseObject(RelationRelationId, head_relid, order[0] + 1, ExclusiveLock);
	return order[0];
}

/*
 * The columns of etrace.audit_log and etrace.audit_head, found by name in
 * the table's descriptor at each write (a column added, dropped or retyped
 * since is an error rather than a silently different row).
 */
enum
{
	LOG_ID, LOG_AT, LOG_XACT, LOG_WHO, LOG_ACCOUNT_ID, LOG_AGENCY_ID, LOG_CLIENT_ADDR,
	LOG_APPLICATION_NAME, LOG_ACTION, LOG_OBJECT, LOG_TRACE_NUMBERS, LOG_DETAIL, LOG_FIELDS,
	LOG_PREV_HASH, LOG_HASH, LOG_NCOLS
};
static const char *const log_names[LOG_NCOLS] = {
	"id", "at", "xact", "who", "account_id", "agency_id", "client_addr", "application_name",
	"action", "object", "trace_numbers", "detail", "fields", "prev_hash", "hash"
};
static const Oid log_types[LOG_NCOLS] = {
	INT8OID, TIMESTAMPTZOID, INT8OID, TEXTOID, INT8OID, INT8OID, INETOID, TEXTOID,
	TEXTOID, TEXTOID, TEXTARRAYOID, JSONBOID, TEXTARRAYOID, BYTEAOID, BYTEAOID
};

enum
{
	HEAD_CHAIN, HEAD_LAST_ID, HEAD_LAST_HASH, HEAD_NCOLS
};
static const char *const head_names[HEAD_NCOLS] = {"chain", "last_id", "last_hash"};
static const Oid head_types[HEAD_NCOLS] = {INT4OID, INT8OID, BYTEAOID};

/* Fills attno[i] with the 0-based position of column names[i]. */
static void
map_columns(Relation rel, int ncols, const char *const *names, const Oid *types, int *attno)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			found = 0;
	int			a;
	int			i;

	for (a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);

		if (att->attisdropped)
			continue;
		for (i = 0; i < ncols; i++)
			if (strcmp(NameStr(att->attname), names[i]) == 0)
				break;
		if (i == ncols || att->atttypid != types[i])
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("etrace audit: column \"%s\" of table \"%s\" is not one the audit trail writes",
							NameStr(att->attname), RelationGetRelationName(rel)),
					 errdetail("The audit tables must keep the columns and types the extension created.")));
		attno[i] = a;
		found++;
	}
	if (found != ncols)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("etrace audit: table \"%s\" lacks columns of the audit trail",
						RelationGetRelationName(rel)),
				 errdetail("The audit tables must keep the columns and types the extension created.")));
}

#define SHA256_DIGEST_BYTES 32

/*
 * SHA-256 of a || b into out (32 bytes), with OpenSSL.  The digest and its
 * context are fetched once per backend and reused: re-initialising a
 * context for the same digest is cheap, setting one up is not.
 */
static void
sha256_two_parts(const void *a, size_t alen, const void *b, size_t blen,
				 unsigned char *out)
{
	static EVP_MD *sha256_md = NULL;
	static EVP_MD_CTX *sha256_ctx = NULL;
	unsigned int len = 0;

	if (sha256_md == NULL)
		sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (sha256_ctx == NULL)
		sha256_ctx = EVP_MD_CTX_new();
	if (sha256_md == NULL || sha256_ctx == NULL ||
		EVP_DigestInit_ex(sha256_ctx, sha256_md, NULL) != 1 ||
		EVP_DigestUpdate(sha256_ctx, a, alen) != 1 ||
		EVP_DigestUpdate(sha256_ctx, b, blen) != 1 ||
		EVP_DigestFinal_ex(sha256_ctx, out, &len) != 1 ||
		len != SHA256_DIGEST_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("etrace audit: could not compute a SHA-256 hash"),
				 errdetail("OpenSSL's SHA-256 digest is not available.")));
}

/*
 * The hash of a row, computed here as etrace.audit_hash computes it in SQL
 * (etrace.verify_audit recomputes it there):
 *   sha256(prev_hash || convert_to(jsonb_build_array(id, EXTRACT(epoch FROM
 *   at), xact, ..., fields)::text, 'UTF8')).
 * The text of that jsonb array is written out directly, as jsonb_out would
 * print it: "[" the values separated by ", " "]"; numbers as numeric_out
 * prints them (an int8 prints as int8out does), strings and the text of an
 * inet through escape_json, text arrays as nested jsonb arrays, the detail
 * as jsonb_out prints it, NULL as null.  The epoch and the encoding
 * conversion are the built-in functions SQL calls; SHA-256 is OpenSSL's,
 * the library PostgreSQL's own sha256() calls, through one digest context
 * kept for the backend's life (sha256() sets one up per call, which costs
 * more than hashing the row).  test/pgtap/70_audit.sql checks that the two
 * agree on rows of every shape.
 */
static void
append_json_text_array_dim(StringInfo buf, int dim, int ndims, const int *dims,
						   const Datum *elems, const bool *nulls, int *next)
{
	int			i;

	appendStringInfoChar(buf, '[');
	for (i = 0; i < dims[dim]; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ", ");
		if (dim + 1 < ndims)
			append_json_text_array_dim(buf, dim + 1, ndims, dims, elems, nulls, next);
		else
		{
			if (nulls[*next])
				appendStringInfoString(buf, "null");
			else
				escape_json(buf, TextDatumGetCString(elems[*next]));
			(*next)++;
		}
	}
	appendStringInfoChar(buf, ']');
}

static void
append_json_text_array(StringInfo buf, Datum value)
{
	ArrayType  *arr = DatumGetArrayTypeP(value);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			next = 0;

	if (ARR_ELEMTYPE(arr) != TEXTOID)
		elog(ERROR, "etrace audit: an audit row's array is not text[]");
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n == 0)
		appendStringInfoString(buf, "[]");
	else
		append_json_text_array_dim(buf, 0, ARR_NDIM(arr), ARR_DIMS(arr), elems, nulls, &next);
}

static void
append_json_int8(StringInfo buf, int64 value, bool isnull)
{
	if (isnull)
		appendStringInfoString(buf, "null");
	else
		appendStringInfo(buf, INT64_FORMAT, value);
}

static void
append_json_string(StringInfo buf, const char *value)
{
	if (value == NULL)
		appendStringInfoString(buf, "null");
	else
		escape_json(buf, value);
}

static Datum
row_hash(Datum prev_hash, const Datum *values, const bool *nulls)
{
	StringInfoData buf;
	Datum		encoded;
	bytea	   *prev;
	bytea	   *text_bytes;
	bytea	   *hash;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	append_json_int8(&buf, DatumGetInt64(values[LOG_ID]), false);
	appendStringInfoString(&buf, ", ");
	appendStringInfoString(&buf, DatumGetCString(DirectFunctionCall1(numeric_out,
																	 DirectFunctionCall2(extract_timestamptz,
																						 CStringGetTextDatum("epoch"),
																						 values[LOG_AT]))));
	appendStringInfoString(&buf, ", ");
	append_json_int8(&buf, DatumGetInt64(values[LOG_XACT]), false);
	appendStringInfoString(&buf, ", ");
	append_json_string(&buf, TextDatumGetCString(values[LOG_WHO]));
	appendStringInfoString(&buf, ", ");
	append_json_int8(&buf, DatumGetInt64(values[LOG_ACCOUNT_ID]), nulls[LOG_ACCOUNT_ID]);
	appendStringInfoString(&buf, ", ");
	append_json_int8(&buf, DatumGetInt64(values[LOG_AGENCY_ID]), nulls[LOG_AGENCY_ID]);
	appendStringInfoString(&buf, ", ");
	append_json_string(&buf, nulls[LOG_CLIENT_ADDR] ? NULL
					   : DatumGetCString(DirectFunctionCall1(inet_out, values[LOG_CLIENT_ADDR])));
	appendStringInfoString(&buf, ", ");
	append_json_string(&buf, nulls[LOG_APPLICATION_NAME] ? NULL
					   : TextDatumGetCString(values[LOG_APPLICATION_NAME]));
	appendStringInfoString(&buf, ", ");
	append_json_string(&buf, TextDatumGetCString(values[LOG_ACTION]));
	appendStringInfoString(&buf, ", ");
	append_json_string(&buf, TextDatumGetCString(values[LOG_OBJECT]));
	appendStringInfoString(&buf, ", ");
	if (nulls[LOG_TRACE_NUMBERS])
		appendStringInfoString(&buf, "null");
	else
		append_json_text_array(&buf, values[LOG_TRACE_NUMBERS]);
	appendStringInfoString(&buf, ", ");
	if (nulls[LOG_DETAIL])
		appendStringInfoString(&buf, "null");
	else
		appendStringInfoString(&buf, DatumGetCString(DirectFunctionCall1(jsonb_out, values[LOG_DETAIL])));
	appendStringInfoString(&buf, ", ");
	if (nulls[LOG_FIELDS])
		appendStringInfoString(&buf, "null");
	else
		append_json_text_array(&buf, values[LOG_FIELDS]);
	appendStringInfoChar(&buf, ']');

	/* convert_to(..., 'UTF8') returns the text's own bytes in a UTF8 database */
	if (GetDatabaseEncoding() == PG_UTF8)
		encoded = CStringGetTextDatum(buf.data);
	else
		encoded = DirectFunctionCall2(pg_convert_to, CStringGetTextDatum(buf.data),
									  DirectFunctionCall1(namein, CStringGetDatum("UTF8")));
	prev = DatumGetByteaPP(prev_hash);
	text_bytes = DatumGetByteaPP(encoded);
	hash = (bytea *) palloc(VARHDRSZ + SHA256_DIGEST_BYTES);
	SET_VARSIZE(hash, VARHDRSZ + SHA256_DIGEST_BYTES);
	sha256_two_parts(VARDATA_ANY(prev), VARSIZE_ANY_EXHDR(prev),
					 VARDATA_ANY(text_bytes), VARSIZE_ANY_EXHDR(text_bytes),
					 (unsigned char *) VARDATA(hash));
	return PointerGetDatum(hash);
}

/*
 * The primary key of etrace.audit_head if it is the btree on chain it was
 * made as, else InvalidOid (and the heads are then found by a scan).
 */
static Oid
chain_head_index(Relation head_rel, int chain_att)
{
	Oid			index = RelationGetPrimaryKeyIndex(head_rel);
	Relation	index_rel;
	bool		usable;

	if (!OidIsValid(index))
		return InvalidOid;
	index_rel = index_open(index, AccessShareLock);
	usable = index_rel->rd_rel->relam == BTREE_AM_OID &&
		index_rel->rd_index->indnkeyatts >= 1 &&
		index_rel->rd_index->indkey.values[0] == chain_att + 1 &&
		index_rel->rd_opcintype[0] == INT4OID;
	index_close(index_rel, NoLock);
	return usable ? index : InvalidOid;
}

/*
 * A head read from etrace.audit_head: remember where its chain stands, and
 * return true with its id, hash and place when it is the held chain's.
 */
static bool
note_head(TupleTableSlot *slot, const int *head_att, int nchains,
		  int64 *last_id, Datum *last_hash, ItemPointer head_tid)
{
	bool		chain_null;
	bool		id_null;
	bool		hash_null;
	int32		chain = DatumGetInt32(slot_getattr(slot, head_att[HEAD_CHAIN] + 1, &chain_null));
	int64		id = DatumGetInt64(slot_getattr(slot, head_att[HEAD_LAST_ID] + 1, &id_null));
	Datum		hash = slot_getattr(slot, head_att[HEAD_LAST_HASH] + 1, &hash_null);

	if (chain_null || id_null || chain < 0 || chain >= nchains)
		return false;
	chain_pos[chain] = id;
	if (chain != held_chain || hash_null)
		return false;
	*last_id = id;
	*last_hash = datumCopy(hash, false, -1);
	*head_tid = slot->tts_tid;
	return true;
}

/*
 * Write the pending entries to etrace.audit_log, chained after the head of
 * this transaction's chain, and move the head.  Returns the number of rows
 * written.
 *
 * The rows go straight into the table and its indexes, as the executor
 * would write them for an INSERT by the owner (row-level security and
 * privileges are not checked: only this code writes here), with the hash
 * computed in C: no statement is planned or started per append.  No
 * trigger fires: etrace.audit_log has none for INSERT, and
 * audit_head_forward, which keeps others from moving a head back, would
 * only lock the head row first (one more WAL record per commit) to check
 * what holds here by construction, that the head moves to a later row.
 */
static int64
write_pending(void)
{
	Oid			nsp;
	Oid			log_relid;
	Oid			head_relid;
	Relation	log_rel;
	Relation	head_rel;
	int			log_att[LOG_NCOLS];
	int			head_att[HEAD_NCOLS];
	Snapshot	snapshot;
	EState	   *estate;
	MemoryContext old;
	ResultRelInfo *log_info;
	ResultRelInfo *head_info;
	TupleTableSlot *slot;
	Oid			head_index;
	int			nchains;
	int64		last_id = 0;
	Datum		last_hash = (Datum) 0;
	bool		have_head = false;
	ItemPointerData head_tid;
	int64		written = 0;
	ListCell   *lc;

	if (writing)
		elog(ERROR, "etrace audit: the audit trail is already being written");
	nsp = get_namespace_oid("etrace", true);
	if (!OidIsValid(nsp))
	{
		/* the extension, trail included, was dropped: nothing to write to */
		forget_entries();
		return 0;
	}
	log_relid = get_relname_relid("audit_log", nsp);
	head_relid = get_relname_relid("audit_head", nsp);
	if (!OidIsValid(log_relid) || !OidIsValid(head_relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("the etrace audit trail is missing"),
				 errdetail("Table etrace.audit_log or etrace.audit_head does not exist, so this transaction's audit rows cannot be written.")));

	writing = true;
	log_rel = table_open(log_relid, RowExclusiveLock);
	head_rel = table_open(head_relid, RowExclusiveLock);
	if (log_rel->rd_rel->relkind != RELKIND_RELATION || head_rel->rd_rel->relkind != RELKIND_RELATION)
		elog(ERROR, "etrace audit: the audit trail must be made of plain tables");
	map_columns(log_rel, LOG_NCOLS, log_names, log_types, log_att);
	map_columns(head_rel, HEAD_NCOLS, head_names, head_types, head_att);

	/* (the latest snapshot for the first call: nothing is locked yet) */
	nchains = chain_count(log_rel->rd_rel->relowner, GetLatestSnapshot());
	if (held_chain < 0)
	{
		held_chain = take_chain(head_relid, nchains);
		held_chain_subxid = GetCurrentSubTransactionId();
	}

	estate = CreateExecutorState();
	old = MemoryContextSwitchTo(estate->es_query_cxt);
	{
		RangeTblEntry *rte_log = makeNode(RangeTblEntry);
		RangeTblEntry *rte_head = makeNode(RangeTblEntry);

		rte_log->rtekind = rte_head->rtekind = RTE_RELATION;
		rte_log->relid = log_relid;
		rte_head->relid = head_relid;
		rte_log->relkind = rte_head->relkind = RELKIND_RELATION;
		rte_log->rellockmode = rte_head->rellockmode = RowExclusiveLock;
		ExecInitRangeTable(estate, list_make2(rte_log, rte_head));
	}
	log_info = makeNode(ResultRelInfo);
	InitResultRelInfo(log_info, log_rel, 1, NULL, 0);
	head_info = makeNode(ResultRelInfo);
	InitResultRelInfo(head_info, head_rel, 2, NULL, 0);
	estate->es_output_cid = GetCurrentCommandId(true);

	/*
	 * Taken after the lock: sees the head the chain's last appender
	 * committed.  Usually only this chain's head is read, through the
	 * primary key; every AUDIT_SURVEY_EVERY appends all heads are, to know
	 * where the other chains stand when taking one next time.
	 */
	snapshot = RegisterSnapshot(GetLatestSnapshot());
	slot = table_slot_create(head_rel, &estate->es_tupleTable);
	head_index = chain_head_index(head_rel, head_att[HEAD_CHAIN]);
	if (OidIsValid(head_index) && ++appends_since_survey < AUDIT_SURVEY_EVERY)
	{
		Relation	index_rel = index_open(head_index, AccessShareLock);
		IndexScanDesc iscan;
		ScanKeyData key;

		ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_INT4EQ, Int32GetDatum(held_chain));
		iscan = index_beginscan(head_rel, index_rel, snapshot, 1, 0);
		index_rescan(iscan, &key, 1, NULL, 0);
		while (index_getnext_slot(iscan, ForwardScanDirection, slot))
			have_head |= note_head(slot, head_att, nchains, &last_id, &last_hash, &head_tid);
		index_endscan(iscan);
		index_close(index_rel, NoLock);
	}
	else
	{
		TableScanDesc scan = table_beginscan(head_rel, snapshot, 0, NULL);

		while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
			have_head |= note_head(slot, head_att, nchains, &last_id, &last_hash, &head_tid);
		table_endscan(scan);
		appends_since_survey = 0;
	}
	ExecClearTuple(slot);

	if (!have_head)
	{
		bytea	   *genesis = (bytea *) palloc0(VARHDRSZ + AUDIT_HASH_LEN);

		/* a chain's first row is id chain + 1; it must not exist yet */
		if (log_has_row(log_rel->rd_rel->relowner, snapshot, held_chain + 1))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("the head of audit chain %d is missing", held_chain),
					 errdetail("etrace.audit_log has rows of the chain but etrace.audit_head has no row for it, so new rows cannot be chained."),
					 errhint("A superuser must restore the head; SELECT * FROM etrace.verify_audit() shows the state of the trail.")));
		/* the first row follows 32 zero bytes */
		SET_VARSIZE(genesis, VARHDRSZ + AUDIT_HASH_LEN);
		last_hash = PointerGetDatum(genesis);
		last_id = held_chain + 1 - nchains;
	}

	ExecOpenIndices(log_info, false);
	slot = table_slot_create(log_rel, &estate->es_tupleTable);
	foreach(lc, entries)
	{
		AuditEntry *e = (AuditEntry *) lfirst(lc);
		Datum		values[LOG_NCOLS];
		bool		nulls[LOG_NCOLS];
		int			i;

		if (e->written_in != InvalidSubTransactionId)
			continue;
		ResetPerTupleExprContext(estate);
		MemoryContextSwitchTo(GetPerTupleMemoryContext(estate));
		memset(nulls, 0, sizeof(nulls));
		values[LOG_ID] = Int64GetDatum(last_id + nchains);
		values[LOG_AT] = TimestampTzGetDatum(e->at);
		values[LOG_XACT] = Int64GetDatum(e->xact);
		values[LOG_WHO] = CStringGetTextDatum(e->who);
		values[LOG_ACCOUNT_ID] = Int64GetDatum(e->account_id);
		nulls[LOG_ACCOUNT_ID] = e->account_isnull;
		values[LOG_AGENCY_ID] = Int64GetDatum(e->agency_id);
		nulls[LOG_AGENCY_ID] = e->agency_isnull;
		values[LOG_CLIENT_ADDR] = client_addr;
		nulls[LOG_CLIENT_ADDR] = client_isnull;
		values[LOG_APPLICATION_NAME] = e->application_name ? CStringGetTextDatum(e->application_name) : (Datum) 0;
		nulls[LOG_APPLICATION_NAME] = e->application_name == NULL;
		values[LOG_ACTION] = CStringGetTextDatum(e->action);
		values[LOG_OBJECT] = CStringGetTextDatum(e->object);
		values[LOG_TRACE_NUMBERS] = e->trace_numbers;
		nulls[LOG_TRACE_NUMBERS] = !e->trace_numbers;
		values[LOG_DETAIL] = e->detail;
		nulls[LOG_DETAIL] = !e->detail;
		values[LOG_FIELDS] = e->fields;
		nulls[LOG_FIELDS] = !e->fields;
		values[LOG_PREV_HASH] = last_hash;
		values[LOG_HASH] = row_hash(last_hash, values, nulls);

		ExecClearTuple(slot);
		for (i = 0; i < LOG_NCOLS; i++)
		{
			slot->tts_values[log_att[i]] = values[i];
			slot->tts_isnull[log_att[i]] = nulls[i];
		}
		for (i = 0; i < slot->tts_tupleDescriptor->natts; i++)
			if (TupleDescAttr(slot->tts_tupleDescriptor, i)->attisdropped)
				slot->tts_isnull[i] = true;
		ExecStoreVirtualTuple(slot);
		if (log_rel->rd_att->constr)
			ExecConstraints(log_info, slot, estate);
		simple_table_tuple_insert(log_rel, slot);
		if (log_info->ri_NumIndices > 0)
			(void) ExecInsertIndexTuples(log_info, slot, estate, false, false, NULL, NIL);

		MemoryContextSwitchTo(estate->es_query_cxt);
		last_hash = datumCopy(values[LOG_HASH], false, -1);
		last_id += nchains;
		written++;
		e->written_in = GetCurrentSubTransactionId();
	}
	ExecClearTuple(slot);

	chain_pos[held_chain] = last_id;
	if (written > 0)
	{
		int			i;

		ExecOpenIndices(head_info, false);
		slot = table_slot_create(head_rel, &estate->es_tupleTable);
		for (i = 0; i < slot->tts_tupleDescriptor->natts; i++)
			slot->tts_isnull[i] = true;
		slot->tts_values[head_att[HEAD_CHAIN]] = Int32GetDatum(held_chain);
		slot->tts_values[head_att[HEAD_LAST_ID]] = Int64GetDatum(last_id);
		slot->tts_values[head_att[HEAD_LAST_HASH]] = last_hash;
		slot->tts_isnull[head_att[HEAD_CHAIN]] = false;
		slot->tts_isnull[head_att[HEAD_LAST_ID]] = false;
		slot->tts_isnull[head_att[HEAD_LAST_HASH]] = false;
		ExecStoreVirtualTuple(slot);
		if (head_rel->rd_att->constr)
			ExecConstraints(head_info, slot, estate);
		if (have_head)
		{
			bool		update_indexes;

			simple_table_tuple_update(head_rel, &head_tid, slot, snapshot, &update_indexes);
			if (update_indexes && head_info->ri_NumIndices > 0)
				(void) ExecInsertIndexTuples(head_info, slot, estate, true, false, NULL, NIL);
		}
		else
		{
			simple_table_tuple_insert(head_rel, slot);
			if (head_info->ri_NumIndices > 0)
				(void) ExecInsertIndexTuples(head_info, slot, estate, false, false, NULL, NIL);
		}
		ExecClearTuple(slot);
		ExecCloseIndices(head_info);
	}
	ExecCloseIndices(log_info);
	MemoryContextSwitchTo(old);
	ExecResetTupleTable(estate->es_tupleTable, true);
	FreeExecutorState(estate);
	UnregisterSnapshot(snapshot);
	table_close(head_rel, NoLock);
	table_close(log_rel, NoLock);
	/* later statements and appends of this transaction see these rows */
	CommandCounterIncrement();

	n_pending = 0;
	writing = false;
	if (GetCurrentTransactionNestLevel() == 1)
		compact_entries();
	return written;
}

/*
 * BEFORE UPDATE ... FOR EACH ROW on etrace.audit_head: the head only moves
 * to a later row.
 */
PG_FUNCTION_INFO_V1(etrace_audit_head_forward);
Datum
etrace_audit_head_forward(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	TupleDesc	tupdesc;
	bool		old_null;
	bool		new_null;
	int64		old_id;
	int64		new_id;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) || !TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
		elog(ERROR, "etrace.audit_head_forward must be a BEFORE UPDATE ... FOR EACH ROW trigger");
	tupdesc = RelationGetDescr(trigdata->tg_relation);
	old_id = DatumGetInt64(SPI_getbinval(trigdata->tg_trigtuple, tupdesc,
										 SPI_fnumber(tupdesc, "last_id"), &old_null));
	new_id = DatumGetInt64(SPI_getbinval(trigdata->tg_newtuple, tupdesc,
										 SPI_fnumber(tupdesc, "last_id"), &new_null));
	if (old_null || new_null || new_id <= old_id ||
		!datumIsEqual(SPI_getbinval(trigdata->tg_trigtuple, tupdesc, SPI_fnumber(tupdesc, "chain"), &old_null),
					  SPI_getbinval(trigdata->tg_newtuple, tupdesc, SPI_fnumber(tupdesc, "chain"), &new_null),
					  true, sizeof(int32)))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("the audit chain head only moves forward"),
				 errdetail("It is at row " INT64_FORMAT "; row " INT64_FORMAT " is not after it.",
						   old_id, new_id)));
	return PointerGetDatum(trigdata->tg_newtuple);
}

/*------------------------------------------------------------- capture */

/* Text of a datum as a JSON value: integers as numbers, the rest as strings. */
static void
append_json_value(StringInfo buf, Datum value, bool isnull, Oid typid, FmgrInfo *out)
{
	char	   *text;

	if (isnull)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	text = OutputFunctionCall(out, value);
	if (typid == INT2OID || typid == INT4OID || typid == INT8OID)
		appendStringInfoString(buf, text);
	else
		escape_json(buf, text);
	pfree(text);
}

/*
 * The trace numbers of trace ids, whoever may see them: read as the owner of
 * etrace.trace, with row-level security not forced on it (as the
 * foreign-key triggers read).
 */
static Datum
trace_numbers_of_ids(Datum *ids, int n)
{
	ArrayType  *arr = construct_array(ids, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	Oid			argtypes[1] = {INT8ARRAYOID};
	Datum		values[1];
	Datum		result = (Datum) 0;
	Oid			save_userid;
	int			save_sec_context;
	bool		isnull;
	int			rc;

	values[0] = PointerGetDatum(arr);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "etrace audit: SPI_connect failed");
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(relation_owner("trace"), save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_NOFORCE_RLS);
	rc = SPI_execute_plan(saved_plan(&plan_trace_numbers,
									 "SELECT pg_catalog.array_agg(t.trace_number::pg_catalog.text ORDER BY t.id) "
									 "FROM etrace.trace t WHERE t.id OPERATOR(pg_catalog.=) ANY ($1)",
									 1, argtypes),
						  values, NULL, true, 1);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "etrace audit: could not look up trace numbers");
	result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	result = isnull ? (Datum) 0 : SPI_datumTransfer(result, false, -1);
	SPI_finish();
	return result;
}

static Datum
text_array(Datum *elems, int n)
{
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static void
start_reading(Tuplestorestate *store)
{
	int			ptr = tuplestore_alloc_read_pointer(store, EXEC_FLAG_REWIND);

	tuplestore_select_read_pointer(store, ptr);
	tuplestore_rescan(store);
}

/*
 * Statement trigger on every etrace data table:
 *   AFTER INSERT / UPDATE / DELETE ... REFERENCING ... FOR EACH STATEMENT,
 *   AFTER TRUNCATE ... FOR EACH STATEMENT
 * with two arguments: the primary-key columns (comma-separated) and the
 * column that names the trace ("trace_number" itself, or "trace_id", a
 * bigint looked up in etrace.trace), or '' for none.  One entry per
 * statement that changed rows: the action, the table, the trace numbers,
 * {"rows": n, "keys": [primary keys]} and, for updates, the columns that
 * changed in any row.
 */
PG_FUNCTION_INFO_V1(etrace_audit_capture);
Datum
etrace_audit_capture(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	tupdesc;
	Tuplestorestate *rows = NULL;
	Tuplestorestate *old_rows = NULL;
	const char *action;
	char	  **args;
	Datum		trace_numbers = (Datum) 0;
	Datum		detail = (Datum) 0;
	Datum		fields = (Datum) 0;

	if (!CALLED_AS_TRIGGER(fcinfo))
		elog(ERROR, "etrace.audit_capture must be called as a trigger");
	if (!TRIGGER_FIRED_AFTER(trigdata->tg_event) || !TRIGGER_FIRED_FOR_STATEMENT(trigdata->tg_event))
		elog(ERROR, "etrace.audit_capture must be an AFTER ... FOR EACH STATEMENT trigger");
	if (trigdata->tg_trigger->tgnargs != 2)
		elog(ERROR, "etrace.audit_capture takes two arguments: key columns and trace column");
	if (!etrace_audit)
		return PointerGetDatum(NULL);

	rel = trigdata->tg_relation;
	tupdesc = RelationGetDescr(rel);
	args = trigdata->tg_trigger->tgargs;
	if (TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
		action = "truncate";
	else if (TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
	{
		action = "insert";
		rows = trigdata->tg_newtable;
	}
	else if (TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event))
	{
		action = "update";
		rows = trigdata->tg_newtable;
		old_rows = trigdata->tg_oldtable;
		if (old_rows == NULL)
			rows = NULL;
	}
	else
	{
		action = "delete";
		rows = trigdata->tg_oldtable;
	}

	if (!TRIGGER_FIRED_BY_TRUNCATE(trigdata->tg_event))
	{
		int64		nrows;
		int			nkeys = 0;
		AttrNumber	keys[INDEX_MAX_KEYS];
		FmgrInfo	key_out[INDEX_MAX_KEYS];
		AttrNumber	trace_col = InvalidAttrNumber;
		bool		trace_by_id = false;
		FmgrInfo	trace_out;
		Datum	   *traces = NULL;
		int			ntraces = 0;
		bool	   *changed = NULL;
		TupleTableSlot *slot;
		TupleTableSlot *old_slot = NULL;
		StringInfoData buf;
		char	   *names;
		char	   *name;
		int64		i = 0;

		if (rows == NULL)
			elog(ERROR, "the audit trigger of table \"%s\" lacks its transition tables",
				 RelationGetRelationName(rel));
		nrows = tuplestore_tuple_count(rows);
		if (nrows == 0)
			return PointerGetDatum(NULL);	/* nothing was written */

		/* the key columns and the trace column named by the arguments */
		names = pstrdup(args[0]);
		name = names;
		while (*name != '\0')
		{
			char	   *comma = strchr(name, ',');
			Oid			typoutput;
			bool		varlena;

			if (comma)
				*comma = '\0';
			if (nkeys >= INDEX_MAX_KEYS)
				elog(ERROR, "etrace.audit_capture: too many key columns");
			keys[nkeys] = SPI_fnumber(tupdesc, name);
			if (keys[nkeys] <= 0)
				elog(ERROR, "the audit trigger of table \"%s\" names column \"%s\", which it does not have",
					 RelationGetRelationName(rel), name);
			getTypeOutputInfo(TupleDescAttr(tupdesc, keys[nkeys] - 1)->atttypid, &typoutput, &varlena);
			fmgr_info(typoutput, &key_out[nkeys]);
			nkeys++;
			if (comma == NULL)
				break;
			name = comma + 1;
		}
		if (args[1][0] != '\0')
		{
			Oid			typoutput;
			bool		varlena;

			trace_col = SPI_fnumber(tupdesc, args[1]);
			if (trace_col <= 0)
				elog(ERROR, "the audit trigger of table \"%s\" names column \"%s\", which it does not have",
					 RelationGetRelationName(rel), args[1]);
			trace_by_id = TupleDescAttr(tupdesc, trace_col - 1)->atttypid == INT8OID;
			getTypeOutputInfo(TupleDescAttr(tupdesc, trace_col - 1)->atttypid, &typoutput, &varlena);
			fmgr_info(typoutput, &trace_out);
			traces = (Datum *) palloc(sizeof(Datum) * nrows);
		}

		slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsMinimalTuple);
		start_reading(rows);
		if (old_rows)
		{
			old_slot = MakeSingleTupleTableSlot(tupdesc, &TTSOpsMinimalTuple);
			start_reading(old_rows);
			changed = (bool *) palloc0(sizeof(bool) * tupdesc->natts);
		}

		initStringInfo(&buf);
		appendStringInfo(&buf, "{\"rows\": " INT64_FORMAT, nrows);
		if (nkeys > 0)
			appendStringInfoString(&buf, ", \"keys\": [");
		while (tuplestore_gettupleslot(rows, true, false, slot))
		{
			bool		isnull;
			Datum		value;
			int			k;

			if (nkeys > 0 && i++ > 0)
				appendStringInfoString(&buf, ", ");
			if (nkeys == 1)
			{
				value = slot_getattr(slot, keys[0], &isnull);
				append_json_value(&buf, value, isnull,
								  TupleDescAttr(tupdesc, keys[0] - 1)->atttypid, &key_out[0]);
			}
			else if (nkeys > 1)
			{
				appendStringInfoChar(&buf, '{');
				for (k = 0; k < nkeys; k++)
				{
					Form_pg_attribute att = TupleDescAttr(tupdesc, keys[k] - 1);

					if (k > 0)
						appendStringInfoString(&buf, ", ");
					escape_json(&buf, NameStr(att->attname));
					appendStringInfoString(&buf, ": ");
					value = slot_getattr(slot, keys[k], &isnull);
					append_json_value(&buf, value, isnull, att->atttypid, &key_out[k]);
				}
				appendStringInfoChar(&buf, '}');
			}

			if (trace_col != InvalidAttrNumber)
			{
				value = slot_getattr(slot, trace_col, &isnull);
				if (!isnull)
					traces[ntraces++] = trace_by_id ? value
						: CStringGetTextDatum(OutputFunctionCall(&trace_out, value));
			}

			/* an update: which columns differ between the old and new row */
			if (old_slot && tuplestore_gettupleslot(old_rows, true, false, old_slot))
			{
				for (k = 0; k < tupdesc->natts; k++)
				{
					Form_pg_attribute att = TupleDescAttr(tupdesc, k);
					bool		old_null;
					Datum		old_value;

					if (att->attisdropped || changed[k])
						continue;
					value = slot_getattr(slot, k + 1, &isnull);
					old_value = slot_getattr(old_slot, k + 1, &old_null);
					if (isnull != old_null ||
						(!isnull && !datumIsEqual(value, old_value, att->attbyval, att->attlen)))
						changed[k] = true;
				}
			}
		}
		appendStringInfoString(&buf, nkeys > 0 ? "]}" : "}");
		detail = DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));

		if (ntraces > 0)
			trace_numbers = trace_by_id ? trace_numbers_of_ids(traces, ntraces)
				: text_array(traces, ntraces);
		if (changed)
		{
			Datum	   *names_changed = (Datum *) palloc(sizeof(Datum) * tupdesc->natts);
			int			n = 0;
			int			k;

			for (k = 0; k < tupdesc->natts; k++)
				if (changed[k])
					names_changed[n++] = CStringGetTextDatum(NameStr(TupleDescAttr(tupdesc, k)->attname));
			fields = text_array(names_changed, n);
		}
		ExecDropSingleTupleTableSlot(slot);
		if (old_slot)
			ExecDropSingleTupleTableSlot(old_slot);
	}

	record_entry(false, action, RelationGetRelationName(rel), trace_numbers, detail, fields);
	return PointerGetDatum(NULL);
}

/*--------------------------------------------------------------- reads */

/*
 * etrace.audit_read(what, trace_numbers, fields): an API function reports
 * that it returned trace data: which function (what), the trace numbers,
 * and the fields sent.  Written to the trail at commit, with the caller's
 * identity; kept even when a subtransaction rolls back.
 */
PG_FUNCTION_INFO_V1(etrace_audit_read);
Datum
etrace_audit_read(PG_FUNCTION_ARGS)
{
	char	   *what;
	Datum		trace_numbers = (Datum) 0;
	Datum		fields = (Datum) 0;

	if (!etrace_audit)
		PG_RETURN_VOID();
	if (PG_ARGISNULL(0) || VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(0)) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an audited read needs the name of what was read")));
	if (RecoveryInProgress() || XactReadOnly)
		ereport(ERROR,
				(errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
				 errmsg("cannot record a read of trace data in a read-only transaction"),
				 errdetail("Every read of trace data is written to the audit trail by the transaction that reads it."),
				 errhint("Read trace data in a read-write transaction on the primary server.")));
	what = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (!PG_ARGISNULL(1))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
		Oid			elemtype = ARR_ELEMTYPE(arr);
		int16		typlen;
		bool		typbyval;
		char		typalign;
		Oid			typoutput;
		bool		varlena;
		Datum	   *elems;
		bool	   *elem_nulls;
		int			n;
		int			i;
		int			dims[1];
		int			lbs[1] = {1};

		if (ARR_NDIM(arr) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("trace numbers must be a one-dimensional array")));
		get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
		getTypeOutputInfo(elemtype, &typoutput, &varlena);
		deconstruct_array(arr, elemtype, typlen, typbyval, typalign, &elems, &elem_nulls, &n);
		for (i = 0; i < n; i++)
			if (!elem_nulls[i])
				elems[i] = CStringGetTextDatum(OidOutputFunctionCall(typoutput, elems[i]));
		dims[0] = n;
		trace_numbers = PointerGetDatum(construct_md_array(elems, elem_nulls, 1, dims, lbs,
														   TEXTOID, -1, false, TYPALIGN_INT));
	}
	if (!PG_ARGISNULL(2))
		fields = PG_GETARG_DATUM(2);

	record_entry(true, "read", what, trace_numbers, (Datum) 0, fields);
	PG_RETURN_VOID();
}

/*
 * etrace.audit_flush(): write this transaction's pending entries now rather
 * than at commit (the chain lock is then held to the end of the
 * transaction).  Returns the number of rows written.
 */
PG_FUNCTION_INFO_V1(etrace_audit_flush);
Datum
etrace_audit_flush(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(n_pending > 0 ? write_pending() : 0);
}
