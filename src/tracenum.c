/*
 * tracenum.c — the etrace.trace_number type: fmgr wrappers around
 * tracenum_core.
 *
 * The value is the int64 year * 10^7 + sequence, passed by value; the check
 * character is not stored, it is computed when printed.  Text and binary
 * input both end in the same range checks, so a value that text input
 * rejects cannot come in through binary COPY or a bound parameter either.
 * Comparison and hashing use PostgreSQL's own int8 functions on the packed
 * value (declared LANGUAGE internal in 012_trace_number.sql): they cannot
 * fail and are LEAKPROOF.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "tracenum_core.h"

#define DatumGetTraceNumber(d)		DatumGetInt64(d)
#define PG_GETARG_TRACE_NUMBER(n)	DatumGetTraceNumber(PG_GETARG_DATUM(n))
#define PG_RETURN_TRACE_NUMBER(x)	PG_RETURN_INT64(x)

PG_FUNCTION_INFO_V1(trace_number_in);
Datum
trace_number_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int32_t		year;
	int32_t		seq;
	char		err[TRACENUM_ERR_LEN];

	if (!tracenum_parse(str, strlen(str), &year, &seq, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "trace_number", str),
				 errdetail("%s", err)));
	PG_RETURN_TRACE_NUMBER(tracenum_pack(year, seq));
}

PG_FUNCTION_INFO_V1(trace_number_out);
Datum
trace_number_out(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_TRACE_NUMBER(0);
	char	   *out = palloc(TRACENUM_FORMAT_LEN);

	tracenum_format((int32_t) (packed / TRACENUM_SEQ_SCALE),
					(int32_t) (packed % TRACENUM_SEQ_SCALE), out);
	PG_RETURN_CSTRING(out);
}

/* The client sends the packed int8; year and sequence are checked. */
PG_FUNCTION_INFO_V1(trace_number_recv);
Datum
trace_number_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		packed = pq_getmsgint64(buf);
	int32_t		year;
	int32_t		seq;
	char		err[TRACENUM_ERR_LEN];

	if (!tracenum_unpack(packed, &year, &seq, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: %lld", "trace_number",
						(long long) packed),
				 errdetail("%s", err)));
	PG_RETURN_TRACE_NUMBER(tracenum_pack(year, seq));
}

PG_FUNCTION_INFO_V1(trace_number_send);
Datum
trace_number_send(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_TRACE_NUMBER(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, packed);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * trace_number_make(year, seq): the number of a new trace.  Parameters out
 * of range are the caller's mistake (22023), not bad input syntax.
 */
PG_FUNCTION_INFO_V1(trace_number_make);
Datum
trace_number_make(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);
	int32		seq = PG_GETARG_INT32(1);

	if (year < TRACENUM_YEAR_MIN || year > TRACENUM_YEAR_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trace number year %d is out of range", year),
				 errdetail("The year must be from %d to %d.",
						   TRACENUM_YEAR_MIN, TRACENUM_YEAR_MAX)));
	if (seq < TRACENUM_SEQ_MIN || seq > TRACENUM_SEQ_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trace number sequence %d is out of range", seq),
				 errdetail("The sequence must be from %d to %d.",
						   TRACENUM_SEQ_MIN, TRACENUM_SEQ_MAX)));
	PG_RETURN_TRACE_NUMBER(tracenum_pack(year, seq));
}

PG_FUNCTION_INFO_V1(trace_number_year);
Datum
trace_number_year(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) (PG_GETARG_TRACE_NUMBER(0) / TRACENUM_SEQ_SCALE));
}

PG_FUNCTION_INFO_V1(trace_number_seq);
Datum
trace_number_seq(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32((int32) (PG_GETARG_TRACE_NUMBER(0) % TRACENUM_SEQ_SCALE));
}

PG_FUNCTION_INFO_V1(trace_number_check_char);
Datum
trace_number_check_char(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_TRACE_NUMBER(0);
	char		c = tracenum_check_char((int32_t) (packed / TRACENUM_SEQ_SCALE),
										(int32_t) (packed % TRACENUM_SEQ_SCALE));

	PG_RETURN_TEXT_P(cstring_to_text_with_len(&c, 1));
}


