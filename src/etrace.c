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
bool		etrace_unix_socket_access = false;
int			etrace_recertification_days = 365;
int			etrace_location_exception_max_days = 30;
int			etrace_release_min_cell = 5;
bool		etrace_audit = true;
int			etrace_short_ttc_days = 1095;
int			etrace_strong_ttc_days = 365;
int			etrace_hot_dealer_traces = 25;

/*
 * A parallel worker loads this library in parallel mode and then applies the
 * values set for the database or role (ALTER DATABASE ... SET): without
 * this flag it refuses them with a warning and runs with the defaults.
 * (Minor releases whose headers lack the flag build without it.)
 */
#ifdef GUC_ALLOW_IN_PARALLEL
#define SETTING_FLAGS GUC_ALLOW_IN_PARALLEL
#else
#define SETTING_FLAGS 0
#endif

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
							   SETTING_FLAGS,
							   NULL, NULL, NULL);

	DefineCustomBoolVariable("etrace.unix_socket_access",
							 "Whether accounts may work over a Unix-socket connection.",
							 "A Unix socket has no client address to check against the "
							 "agency's duty stations; superusers are not affected.",
							 &etrace_unix_socket_access,
							 false,
							 PGC_SUSET,
							 SETTING_FLAGS,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("etrace.recertification_days",
							"Days after which an account that its point of contact has not "
							"recertified stops working.",
							NULL,
							&etrace_recertification_days,
							365, 1, 3650,
							PGC_SUSET,
							SETTING_FLAGS,
							NULL, NULL, NULL);

	DefineCustomIntVariable("etrace.location_exception_max_days",
							"Longest time a location exception may be granted for.",
							NULL,
							&etrace_location_exception_max_days,
							30, 1, 366,
							PGC_SUSET,
							SETTING_FLAGS,
							NULL, NULL, NULL);

	DefineCustomIntVariable("etrace.release_min_cell",
							"Smallest count a table released outside law enforcement may show.",
							"Cells with 1 to this minus 1 traces are suppressed, with complementary "
							"suppression (etrace.release_trace_table).",
							&etrace_release_min_cell,
							5, 1, 1000,
							PGC_SUSET,
							SETTING_FLAGS,
							NULL, NULL, NULL);

	DefineCustomBoolVariable("etrace.audit",
							 "Whether writes to etrace tables and reads of trace data are "
							 "recorded in the audit trail.",
							 "Nothing is recorded while it is off; turning it off is itself "
							 "a superuser act.",
							 &etrace_audit,
							 true,
							 PGC_SUSET,
							 SETTING_FLAGS,
							 NULL, NULL, NULL);

	DefineCustomIntVariable("etrace.short_ttc_days",
							"Time-to-crime, in days, at or below which a trace has a short "
							"time-to-crime (a trafficking indicator).",
							NULL,
							&etrace_short_ttc_days,
							1095, 0, 36525,
							PGC_SUSET,
							SETTING_FLAGS,
							NULL, NULL, NULL);

	DefineCustomIntVariable("etrace.strong_ttc_days",
							"Time-to-crime, in days, at or below which a short time-to-crime "
							"is a strong indicator.",
							NULL,
							&etrace_strong_ttc_days,
							365, 0, 36525,
							PGC_SUSET,
							SETTING_FLAGS,
							NULL, NULL, NULL);

	DefineCustomIntVariable("etrace.hot_dealer_traces",
							"Short time-to-crime traces in 12 months that make a dealer a "
							"trafficking indicator for its traces.",
							NULL,
							&etrace_hot_dealer_traces,
							25, 1, 1000000,
							PGC_SUSET,
							SETTING_FLAGS,
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

/*
 * The settings as SQL sees them.  SQL code reads the C variables through
 * these rather than current_setting(): calling into the library defines the
 * settings first, so a placeholder that an unprivileged role SET before the
 * library was loaded is discarded, never read.
 */
PG_FUNCTION_INFO_V1(etrace_setting_unix_socket_access);
Datum
etrace_setting_unix_socket_access(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(etrace_unix_socket_access);
}

PG_FUNCTION_INFO_V1(etrace_setting_recertification_days);
Datum
etrace_setting_recertification_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(etrace_recertification_days);
}

PG_FUNCTION_INFO_V1(etrace_setting_location_exception_max_days);
Datum
etrace_setting_location_exception_max_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(etrace_location_exception_max_days);
}

PG_FUNCTION_INFO_V1(etrace_setting_audit);
Datum
etrace_setting_audit(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(etrace_audit);
}

PG_FUNCTION_INFO_V1(etrace_setting_short_ttc_days);
Datum
etrace_setting_short_ttc_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(etrace_short_ttc_days);
}

PG_FUNCTION_INFO_V1(etrace_setting_strong_ttc_days);
Datum
etrace_setting_strong_ttc_days(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(etrace_strong_ttc_days);
}

PG_FUNCTION_INFO_V1(etrace_setting_hot_dealer_traces);
Datum
etrace_setting_hot_dealer_traces(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(etrace_hot_dealer_traces);
}

PG_FUNCTION_INFO_V1(etrace_setting_time_zone);
Datum
etrace_setting_time_zone(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(etrace_time_zone));
}

PG_FUNCTION_INFO_V1(etrace_setting_release_min_cell);
Datum
etrace_setting_release_min_cell(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(etrace_release_min_cell);
}
