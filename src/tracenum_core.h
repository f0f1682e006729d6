/*
 * tracenum_core.h — trace numbers "T2026-0001234-7", parsed and printed
 * without PostgreSQL, so the parser can be fuzzed alone.
 *
 * A trace number is 'T', a four-digit year (2000..2999), a seven-digit
 * sequence (0000001..9999999) and a check character computed with
 * ISO/IEC 7064 MOD 11-2 over the eleven digits of year and sequence
 * ('0'..'9' or 'X').  MOD 11-2 weights the characters with successive powers
 * of 2 modulo the prime 11: no weight is zero and neighbouring weights
 * differ, and two digits differ by less than 11, so the check catches every
 * single wrong character and every swap of two neighbouring characters (the
 * check character included).
 *
 * Stored as the int64 year * 10^7 + sequence: integer order is the order of
 * the printed form.
 */
#ifndef TRACENUM_CORE_H
#define TRACENUM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACENUM_YEAR_MIN 2000
#define TRACENUM_YEAR_MAX 2999
#define TRACENUM_SEQ_MIN 1
#define TRACENUM_SEQ_MAX 9999999
#define TRACENUM_SEQ_SCALE INT64_C(10000000)

/* Printed form "T2026-0001234-7", plus the terminating NUL */
#define TRACENUM_FORMAT_LEN 16
/* A buffer this large always holds a whole error detail */
#define TRACENUM_ERR_LEN 160

/*
 * Parse a trace number with or without its two hyphens (outer white space is
 * skipped; 't' and 'x' are accepted).  On success stores year and sequence
 * and returns true; otherwise writes a one-sentence detail naming the wrong
 * part into err (when errlen > 0) and returns false.  A wrong check
 * character's detail names the right one.  Never reads past in + len.
 */
extern bool tracenum_parse(const char *in, size_t len, int32_t *year,
						   int32_t *seq, char *err, size_t errlen);

/* True when year and sequence are in range (as tracenum_parse requires). */
extern bool tracenum_parts_valid(int32_t year, int32_t seq);

/*
 * The check character ('0'..'9' or 'X') of year and sequence; the caller
 * makes sure they are valid (other values give a character all the same).
 */
extern char tracenum_check_char(int32_t year, int32_t seq);

/*
 * ISO/IEC 7064 MOD 11-2 check character ('0'..'9' or 'X') of n digits;
 * tracenum_check_char applies it to the eleven digits of year and sequence.
 */
extern char tracenum_iso7064_mod11_2(const char *digits, size_t n);

/* Print "T2026-0001234-7"; the caller makes sure year and seq are valid. */
extern void tracenum_format(int32_t year, int32_t seq, char out[TRACENUM_FORMAT_LEN]);

/* Pack valid parts: year * 10^7 + sequence. */
extern int64_t tracenum_pack(int32_t year, int32_t seq);

/*
 * Unpack a stored value and check its parts as tracenum_parse does: used by
 * binary receive, where the int64 comes from the client.
 */
extern bool tracenum_unpack(int64_t packed, int32_t *year, int32_t *seq,
							char *err, size_t errlen);

#endif
