/*
 * ffl_core.h — US federal firearms licence numbers (R-DD-CCC-TT-YM-SSSSS),
 * parsed and printed without PostgreSQL, so the parser can be fuzzed alone.
 *
 * A licence number is packed into an int64 as the decimal digits
 *
 *		R DD CCC TT Y MM SSSSS
 *
 * (the month letter A..M without I becomes its month number 01..12).  Every
 * part has a fixed width and the month letters sort like the month numbers,
 * so integer order is the order of the printed form, and equality is an
 * integer compare.  Example: 8-23-091-01-7F-14245 is 8230910170614245.
 */
#ifndef FFL_CORE_H
#define FFL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Printed form with hyphens, plus the terminating NUL */
#define FFL_FORMAT_LEN 21
/* Region-district-sequence key "8-23-14245", plus the terminating NUL */
#define FFL_RDS_KEY_LEN 11
/* A buffer this large always holds a whole error detail */
#define FFL_ERR_LEN 160

/* Every packed value is below this (16 decimal digits) */
#define FFL_PACKED_LIMIT INT64_C(10000000000000000)

typedef struct FflParts
{
	int			region;			/* 1, 3, 4, 5, 6, 8 or 9 */
	int			district;		/* 0..99 */
	int			county;			/* 0..999 */
	int			license_type;	/* 1, 2, 3, 6, 7, 8, 9, 10 or 11 */
	int			exp_year;		/* 0..9, the last digit of the year */
	int			exp_month;		/* 1..12 */
	int			sequence;		/* 0..99999 */
} FflParts;

/*
 * Parse a licence number with or without its five hyphens (outer white space
 * is skipped, letters in any case).  On success stores the packed value and
 * returns true; otherwise writes a one-sentence detail naming the wrong part
 * into err (when errlen > 0) and returns false.  Never reads past in + len.
 */
extern bool ffl_parse(const char *in, size_t len, int64_t *packed,
					  char *err, size_t errlen);

/*
 * Check that every part is in its range, with the same details as ffl_parse.
 */
extern bool ffl_check_parts(const FflParts *parts, char *err, size_t errlen);

/* Pack parts that ffl_check_parts accepted. */
extern int64_t ffl_pack(const FflParts *parts);

/*
 * Unpack a stored value and check it as ffl_parse would: used by binary
 * receive, where the int64 comes from the client.
 */
extern bool ffl_unpack(int64_t packed, FflParts *parts, char *err, size_t errlen);

/*
 * Print a valid packed value as R-DD-CCC-TT-YM-SSSSS.  An invalid value
 * still prints 20 characters (with '?' where no character fits) and never
 * overruns the buffer.
 */
extern void ffl_format(int64_t packed, char out[FFL_FORMAT_LEN]);

/* The month letter of month 1..12 ('?' for any other number). */
extern char ffl_month_letter(int month);

/* The region-district-sequence key of a valid packed value: "8-23-14245". */
extern void ffl_rds_key(int64_t packed, char out[FFL_RDS_KEY_LEN]);

#endif
