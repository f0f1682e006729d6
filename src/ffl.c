/*
 * ffl.c — the etrace.ffl_number type: fmgr wrappers around ffl_core.
 *
 * The value is the packed int64 of ffl_core.h, passed by value.  Text and
 * binary input both end in the same part checks (ffl_check_parts), so a
 * value that text input rejects cannot come in through binary COPY or a
 * bound parameter either.  Comparison and hashing use PostgreSQL's own int8
 * functions on the packed value (LANGUAGE internal in 011_ffl_number.sql):
 * they cannot fail and are LEAKPROOF.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "ffl_core.h"

#define DatumGetFfl(d)		DatumGetInt64(d)
#define PG_GETARG_FFL(n)	DatumGetFfl(PG_GETARG_DATUM(n))
#define PG_RETURN_FFL(x)	PG_RETURN_INT64(x)

PG_FUNCTION_INFO_V1(ffl_number_in);
Datum
ffl_number_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int64_t		packed;
	char		err[FFL_ERR_LEN];

	if (!ffl_parse(str, strlen(str), &packed, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", "ffl_number", str),
				 errdetail("%s", err)));
	PG_RETURN_FFL(packed);
}

PG_FUNCTION_INFO_V1(ffl_number_out);
Datum
ffl_number_out(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_FFL(0);
	char	   *out = palloc(FFL_FORMAT_LEN);

	ffl_format(packed, out);
	PG_RETURN_CSTRING(out);
}

/* The client sends the packed int8; it is checked part by part. */
PG_FUNCTION_INFO_V1(ffl_number_recv);
Datum
ffl_number_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		packed = pq_getmsgint64(buf);
	FflParts	parts;
	char		err[FFL_ERR_LEN];

	if (!ffl_unpack(packed, &parts, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: %lld", "ffl_number",
						(long long) packed),
				 errdetail("%s", err)));
	PG_RETURN_FFL(ffl_pack(&parts));
}

PG_FUNCTION_INFO_V1(ffl_number_send);
Datum
ffl_number_send(PG_FUNCTION_ARGS)
{
	int64		packed = PG_GETARG_FFL(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, packed);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}


/* Accessors: each part as printed */

static text *
ffl_slice(int64 packed, int from, int len)
{
	char		buf[FFL_FORMAT_LEN];

	ffl_format(packed, buf);
	return cstring_to_text_with_len(buf + from, len);
}

PG_FUNCTION_INFO_V1(ffl_number_region);
Datum
ffl_number_region(PG_FUNCTION_ARGS)
{
	FflParts	parts;

	(void) ffl_unpack(PG_GETARG_FFL(0), &parts, NULL, 0);
	PG_RETURN_INT32(parts.region);
}

PG_FUNCTION_INFO_V1(ffl_number_district);
Datum
ffl_number_district(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ffl_slice(PG_GETARG_FFL(0), 2, 2));
}

PG_FUNCTION_INFO_V1(ffl_number_county);
Datum
ffl_number_county(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ffl_slice(PG_GETARG_FFL(0), 5, 3));
}

PG_FUNCTION_INFO_V1(ffl_number_license_type);
Datum
ffl_number_license_type(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ffl_slice(PG_GETARG_FFL(0), 9, 2));
}

PG_FUNCTION_INFO_V1(ffl_number_expiration);
Datum
ffl_number_expiration(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ffl_slice(PG_GETARG_FFL(0), 12, 2));
}

PG_FUNCTION_INFO_V1(ffl_number_sequence);
Datum
ffl_number_sequence(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(ffl_slice(PG_GETARG_FFL(0), 15, 5));
}

PG_FUNCTION_INFO_V1(ffl_number_rds_key);
Datum
ffl_number_rds_key(PG_FUNCTION_ARGS)
{
	char		key[FFL_RDS_KEY_LEN];

	ffl_rds_key(PG_GETARG_FFL(0), key);
	PG_RETURN_TEXT_P(cstring_to_text(key));
}
