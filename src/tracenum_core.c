/*
 * tracenum_core.c — parse, check and print trace numbers.  Plain C: no
 * postgres.h, no allocation, no global mutable state.
 *
 * Grammar (after outer white space is skipped):
 *
 *		T2026-0001234-7		or		T202600012347
 *
 * 'T' (or 't'), the year, the sequence and the check character ('x' is read
 * as 'X'); either both hyphens are written or none.
 */
#include "tracenum_core.h"
#include "message_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest piece of input quoted in an error detail */

enum TracenumPart
{
	PART_YEAR,
	PART_SEQUENCE,
	PART_CHECK,
	NUM_PARTS
};

static const struct
{
	const char *name;			/* in the middle of a sentence */
	const char *title;			/* at the start of a sentence */
	size_t		width;
	const char *shape;
}			part_info[NUM_PARTS] =
{
	{"year", "Year", 4, "four digits"},
	{"sequence", "Sequence", 7, "seven digits"},
	{"check character", "Check character", 1, "a digit or X"},
};


static bool
is_check_char(char c)
{
	return msg_is_digit(c) || c == 'X' || c == 'x';
}

static bool
all_digits(const char *p, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (!msg_is_digit(p[i]))
			return false;
	return true;
}

static int32_t
digits_value(const char *p, size_t n)
{
	int32_t		v = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

bool
tracenum_parts_valid(int32_t year, int32_t seq)
{
	return year >= TRACENUM_YEAR_MIN && year <= TRACENUM_YEAR_MAX &&
		seq >= TRACENUM_SEQ_MIN && seq <= TRACENUM_SEQ_MAX;
}

static void
put_digits(char *out, uint32_t value, int width)
{
	int			i;

	for (i = width - 1; i >= 0; i--)
	{
		out[i] = (char) ('0' + value % 10);
		value /= 10;
	}
}

/* The range checks, shared by text and binary input */
static bool
check_ranges(int32_t year, int32_t seq, char *err, size_t errlen)
{
	if (year < TRACENUM_YEAR_MIN || year > TRACENUM_YEAR_MAX)
	{
		msg_set_err(err, errlen, "Year \"%04d\" is outside %d to %d.",
				(int) year, TRACENUM_YEAR_MIN, TRACENUM_YEAR_MAX);
		return false;
	}
	if (seq < TRACENUM_SEQ_MIN || seq > TRACENUM_SEQ_MAX)
	{
		msg_set_err(err, errlen, "Sequence \"%07d\" is outside %07d to %07d.",
				(int) seq, TRACENUM_SEQ_MIN, TRACENUM_SEQ_MAX);
		return false;
	}
	return true;
}

/*
 * ISO/IEC 7064 MOD 11-2 (pure system): with p = ((p + digit) * 2) mod 11
 * over the digits, the check value c = (12 - p) mod 11 makes the weighted
 * sum of digits and check congruent to 1 modulo 11; c = 10 is written 'X'.
 * A byte that is not a digit counts as 0.
 */
char
tracenum_iso7064_mod11_2(const char *digits, size_t n)
{
	unsigned	p = 0;
	unsigned	c;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned	d = msg_is_digit(digits[i]) ? (unsigned) (digits[i] - '0') : 0;

		p = ((p + d) * 2) % 11;
	}
	c = (12 - p) % 11;
	return c == 10 ? 'X' : (char) ('0' + c);
}

char
tracenum_check_char(int32_t year, int32_t seq)
{
	char		digits[11];

	put_digits(digits, (uint32_t) year % 10000, 4);
	put_digits(digits + 4, (uint32_t) seq % 10000000, 7);
	return tracenum_iso7064_mod11_2(digits, sizeof(digits));
}

int64_t
tracenum_pack(int32_t year, int32_t seq)
{
	return (int64_t) year * TRACENUM_SEQ_SCALE + seq;
}

bool
tracenum_unpack(int64_t packed, int32_t *year, int32_t *seq,
				char *err, size_t errlen)
{
	if (packed < tracenum_pack(TRACENUM_YEAR_MIN, 0) ||
		packed > tracenum_pack(TRACENUM_YEAR_MAX, TRACENUM_SEQ_MAX))
	{
		*year = 0;
		*seq = 0;
		msg_set_err(err, errlen,
				"The value %lld is outside the range of packed trace numbers.",
				(long long) packed);
		return false;
	}
	*year = (int32_t) (packed / TRACENUM_SEQ_SCALE);
	*seq = (int32_t) (packed % TRACENUM_SEQ_SCALE);
	return check_ranges(*year, *seq, err, errlen);
}

void
tracenum_format(int32_t year, int32_t seq, char out[TRACENUM_FORMAT_LEN])
{
	out[0] = 'T';
	put_digits(out + 1, (uint32_t) year % 10000, 4);
	out[5] = '-';
	put_digits(out + 6, (uint32_t) seq % 10000000, 7);
	out[13] = '-';
	out[14] = tracenum_check_char(year, seq);
	out[15] = '\0';
}

/*
 * Check one part's text (already cut out of the input).  For the check
 * character, text after it is reported as trailing junk.
 */
static bool
check_part(enum TracenumPart part, const char *p, size_t n,
		   char *err, size_t errlen)
{
	char		q[MSG_QUOTE_BUFSIZE];
	size_t		width = part_info[part].width;
	bool		shape_ok;

	if (n == 0)
	{
		msg_set_err(err, errlen, "The %s is missing.", part_info[part].name);
		return false;
	}
	if (part == PART_CHECK && n > width && is_check_char(p[0]))
	{
		msg_set_err(err, errlen, "Unexpected \"%s\" after the check character.",
				msg_quote_bytes(q, sizeof(q), p + width, n - width));
		return false;
	}
	if (part == PART_CHECK)
		shape_ok = (n == width && is_check_char(p[0]));
	else
		shape_ok = (n == width && all_digits(p, n));
	if (!shape_ok)
	{
		msg_set_err(err, errlen, "%s \"%s\" must be %s.", part_info[part].title,
				msg_quote_bytes(q, sizeof(q), p, n), part_info[part].shape);
		return false;
	}
	return true;
}

bool
tracenum_parse(const char *in, size_t len, int32_t *year, int32_t *seq,
			   char *err, size_t errlen)
{
	const char *s = in;
	const char *end = in + len;
	const char *part_at[NUM_PARTS];
	size_t		part_len[NUM_PARTS];
	size_t		hyphens = 0;
	const char *c;
	int			i;
	int32_t		y;
	int32_t		sq;
	char		want;
	char		got;
	char		q[MSG_QUOTE_BUFSIZE];

	while (s < end && msg_is_space(*s))
		s++;
	while (end > s && msg_is_space(end[-1]))
		end--;
	if (s == end)
	{
		msg_set_err(err, errlen, "The value is empty.");
		return false;
	}
	if (*s != 'T' && *s != 't')
	{
		msg_set_err(err, errlen, "Prefix \"%s\" must be the letter T.",
				msg_quote_bytes(q, sizeof(q), s, 1));
		return false;
	}
	s++;

	for (c = s; c < end; c++)
		if (*c == '-')
			hyphens++;

	if (hyphens == NUM_PARTS - 1)
	{
		/* T2026-0001234-7: each part is the text between hyphens */
		for (i = 0; i < NUM_PARTS; i++)
		{
			const char *stop = memchr(s, '-', (size_t) (end - s));

			if (stop == NULL)
				stop = end;
			part_at[i] = s;
			part_len[i] = (size_t) (stop - s);
			s = (stop < end) ? stop + 1 : end;
		}
	}
	else if (hyphens == 0)
	{
		/* T202600012347: parts at fixed places; the last takes the rest */
		for (i = 0; i < NUM_PARTS; i++)
		{
			size_t		left = (size_t) (end - s);
			size_t		n = part_info[i].width;

			if (i == PART_CHECK || n > left)
				n = left;
			part_at[i] = s;
			part_len[i] = n;
			s += n;
		}
	}
	else
	{
		msg_set_err(err, errlen,
				"Write both hyphens (TYYYY-SSSSSSS-C) or none; found %zu.",
				hyphens);
		return false;
	}

	/* Parts in order, so the first wrong one is reported */
	if (!check_part(PART_YEAR, part_at[PART_YEAR], part_len[PART_YEAR], err, errlen))
		return false;
	y = digits_value(part_at[PART_YEAR], part_len[PART_YEAR]);
	if (!check_ranges(y, TRACENUM_SEQ_MIN, err, errlen))
		return false;
	if (!check_part(PART_SEQUENCE, part_at[PART_SEQUENCE], part_len[PART_SEQUENCE],
					err, errlen))
		return false;
	sq = digits_value(part_at[PART_SEQUENCE], part_len[PART_SEQUENCE]);
	if (!check_ranges(y, sq, err, errlen))
		return false;
	if (!check_part(PART_CHECK, part_at[PART_CHECK], part_len[PART_CHECK], err, errlen))
		return false;

	got = part_at[PART_CHECK][0];
	want = tracenum_check_char(y, sq);
	if ((got == 'x' ? 'X' : got) != want)
	{
		char		number[TRACENUM_FORMAT_LEN];

		tracenum_format(y, sq, number);
		number[13] = '\0';		/* without "-C" */
		msg_set_err(err, errlen,
				"Check character \"%c\" does not match; the number %s has check character \"%c\".",
				got, number, want);
		return false;
	}

	*year = y;
	*seq = sq;
	return true;
}
