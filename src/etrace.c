/*
 * etrace.c — module entry point: the library magic block and the settings
 * that steer security, defined in C so they are superuser-only (PGC_SUSET).
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

#include "etrace.h"

PG_MODULE_MAGIC;

char	   *etrace_time_zone = NULL;

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomStringVariable("etrace.time_zone",
							   "Time zone that decides the tracing center's calendar date.",
							   "Used for trace-number years and for \"not in the future\" checks; "
							   "the caller's own TimeZone setting is never trusted.",
							   &etrace_time_zone,
							   "UTC",
							   PGC_SUSET,
							   0,
							   NULL, NULL, NULL);

	MarkGUCPrefixReserved("etrace");
}

/*
 * The tracing center's calendar date: today in etrace.time_zone, taken from
 * the transaction start so it is stable within a statement.
 */
DateADT
etrace_current_date(void)
{
	Datum		local;

	local = DirectFunctionCall2(timestamptz_zone,
								CStringGetTextDatum(etrace_time_zone),
								TimestampTzGetDatum(GetCurrentTransactionStartTimestamp()));
	return DatumGetDateADT(DirectFunctionCall1(timestamp_date, local));
}

PG_FUNCTION_INFO_V1(etrace_today);
Datum
etrace_today(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(etrace_current_date());
}
