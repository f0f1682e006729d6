/*
 * serial.c — the etrace.serial_number type: text and binary I/O, comparison
 * and hashing on the canonical key, and the pattern-search helpers.
 *
 * On disk a value is a varlena holding
 *     1 byte   key length
 *     key      (canonical matching form, see serial_core.h)
 *     recorded (the serial as written, outer white space trimmed)
 * Values are at most 1 + 40 + 40 bytes, so they normally carry a short
 * (1-byte) header; all readers use the packed accessors and never need a
 * detoasted copy.
 *
 * Comparison and hashing read only the key.  They cannot fail (a damaged
 * length byte is clamped rather than reported), which is what lets them be
 * LEAKPROOF and be used as index conditions under row-level security.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "serial_core.h"

#define SERIAL_ERRLEN 256

/* Build a value from a successful parse. */
static struct varlena *
serial_make(const SerialParse *parse)
{
	Size		datalen = 1 + parse->key_len + parse->recorded_len;
	struct varlena *result = (struct varlena *) palloc(VARHDRSZ + datalen);
	char	   *data = VARDATA(result);

	SET_VARSIZE(result, VARHDRSZ + datalen);
	data[0] = (char) parse->key_len;
	memcpy(data + 1, parse->key, parse->key_len);
	memcpy(data + 1 + parse->key_len, parse->recorded, parse->recorded_len);
	return result;
}

/* The key of a (possibly short-header) value. */
static void
serial_get_key(const struct varlena *value, const char **key, int *key_len)
{
	const char *data = VARDATA_ANY(value);
	int			datalen = (int) VARSIZE_ANY_EXHDR(value);
	int			len = 0;

	if (datalen > 0)
	{
		len = (unsigned char) data[0];
		if (len > datalen - 1)
			len = datalen - 1;
	}
	*key = data + 1;
	*key_len = len;
}

/* The recorded form of a (possibly short-header) value. */
static void
serial_get_recorded(const struct varlena *value, const char **recorded,
					int *recorded_len)
{
	const char *key;
	int			key_len;
	int			datalen = (int) VARSIZE_ANY_EXHDR(value);

	serial_get_key(value, &key, &key_len);
	*recorded = key + key_len;
	*recorded_len = datalen > 0 ? datalen - 1 - key_len : 0;
}

/* Parse or raise the type's input error; str is shown in the message. */
static struct varlena *
serial_from_bytes(const char *bytes, size_t len, const char *str)
{
	SerialParse parse;
	char		err[SERIAL_ERRLEN];

	if (!serial_parse(bytes, len, &parse, err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type serial_number: \"%s\"",
						str),
				 errdetail("%s", err)));
	return serial_make(&parse);
}

PG_FUNCTION_INFO_V1(serial_number_in);
Datum
serial_number_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);

	PG_RETURN_POINTER(serial_from_bytes(str, strlen(str), str));
}

PG_FUNCTION_INFO_V1(serial_number_out);
Datum
serial_number_out(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	const char *recorded;
	int			recorded_len;

	serial_get_recorded(value, &recorded, &recorded_len);
	PG_RETURN_CSTRING(pnstrdup(recorded, recorded_len));
}

/*
 * Binary form: the recorded form as text (like textsend).  Receive runs the
 * very same parser as text input, so a bound parameter or binary COPY cannot
 * bring in a value that text input would refuse, nor a forged key.
 */
PG_FUNCTION_INFO_V1(serial_number_recv);
Datum
serial_number_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str;

	str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);
	PG_RETURN_POINTER(serial_from_bytes(str, (size_t) nbytes, str));
}

PG_FUNCTION_INFO_V1(serial_number_send);
Datum
serial_number_send(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	const char *recorded;
	int			recorded_len;
	StringInfoData buf;

	serial_get_recorded(value, &recorded, &recorded_len);
	pq_begintypsend(&buf);
	pq_sendtext(&buf, recorded, recorded_len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Byte order of the keys; a key that is a prefix of another sorts first. */
static int
serial_compare(FunctionCallInfo fcinfo)
{
	struct varlena *a = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	struct varlena *b = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1));
	const char *ka;
	const char *kb;
	int			la;
	int			lb;
	int			cmp;

	serial_get_key(a, &ka, &la);
	serial_get_key(b, &kb, &lb);
	cmp = memcmp(ka, kb, Min(la, lb));
	if (cmp == 0)
		cmp = (la > lb) - (la < lb);
	else
		cmp = cmp > 0 ? 1 : -1;

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return cmp;
}

PG_FUNCTION_INFO_V1(serial_number_cmp);
Datum
serial_number_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(serial_compare(fcinfo));
}

PG_FUNCTION_INFO_V1(serial_number_eq);
Datum
serial_number_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(serial_compare(fcinfo) == 0);
}

PG_FUNCTION_INFO_V1(serial_number_ne);
Datum
serial_number_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(serial_compare(fcinfo) != 0);
}

PG_FUNCTION_INFO_V1(serial_number_lt);
Datum
serial_number_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(serial_compare(fcinfo) < 0);
}

PG_FUNCTION_INFO_V1(serial_number_le);
Datum
serial_number_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(serial_compare(fcinfo) <= 0);
}

PG_FUNCTION_INFO_V1(serial_number_gt);
Datum
serial_number_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(serial_compare(fcinfo) > 0);
}

PG_FUNCTION_INFO_V1(serial_number_ge);
Datum
serial_number_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(serial_compare(fcinfo) >= 0);
}

PG_FUNCTION_INFO_V1(serial_number_hash);
Datum
serial_number_hash(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	const char *key;
	int			key_len;
	Datum		result;

	serial_get_key(value, &key, &key_len);
	result = hash_any((const unsigned char *) key, key_len);
	PG_FREE_IF_COPY(value, 0);
	return result;
}

PG_FUNCTION_INFO_V1(serial_number_hash_extended);
Datum
serial_number_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	const char *key;
	int			key_len;
	Datum		result;

	serial_get_key(value, &key, &key_len);
	result = hash_any_extended((const unsigned char *) key, key_len,
							   PG_GETARG_INT64(1));
	PG_FREE_IF_COPY(value, 0);
	return result;
}

PG_FUNCTION_INFO_V1(serial_number_key);
Datum
serial_number_key(PG_FUNCTION_ARGS)
{
	struct varlena *value = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	const char *key;
	int			key_len;

	serial_get_key(value, &key, &key_len);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(key, key_len));
}

/* etrace.serial_pattern(text): a search pattern in its LIKE form over keys. */
PG_FUNCTION_INFO_V1(serial_pattern_to_like);
Datum
serial_pattern_to_like(PG_FUNCTION_ARGS)
{
	text	   *pattern = PG_GETARG_TEXT_PP(0);
	char		like[SERIAL_MAX_KEY + 1];
	char		err[SERIAL_ERRLEN];

	if (!serial_pattern_parse(VARDATA_ANY(pattern),
							  VARSIZE_ANY_EXHDR(pattern),
							  like, sizeof(like), err, sizeof(err)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid serial pattern: \"%s\"",
						text_to_cstring(pattern)),
				 errdetail("%s", err)));
	PG_RETURN_TEXT_P(cstring_to_text(like));
}

/* etrace.serial_key_like(key text, like text), the ~? operator. */
PG_FUNCTION_INFO_V1(serial_key_like);
Datum
serial_key_like(PG_FUNCTION_ARGS)
{
	text	   *key = PG_GETARG_TEXT_PP(0);
	text	   *like = PG_GETARG_TEXT_PP(1);
	bool		result;

	result = serial_like_match(VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key),
							   VARDATA_ANY(like), VARSIZE_ANY_EXHDR(like));
	PG_FREE_IF_COPY(key, 0);
	PG_FREE_IF_COPY(like, 1);
	PG_RETURN_BOOL(result);
}
