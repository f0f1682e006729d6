/*
 * ffl_core.c — parse, check, pack and print US federal firearms license
 * numbers.  Plain C: no postgres.h, no allocation, no global mutable state.
 *
 * Grammar (after outer white space is skipped):
 *
 *		R-DD-CCC-TT-YM-SSSSS	or		RDDCCCTTYMSSSSS
 *
 * R region (1, 3, 4, 5, 6, 8, 9), DD IRS district, CCC county FIPS code,
 * TT license type (01, 02, 03, 06, 07, 08, 09, 10, 11), Y the last digit of
 * the expiration year, M the expiration month letter (A=January .. H=August,
 * J=September .. M=December; I is not used), SSSSS the sequence.  Either all
 * five hyphens are written or none.  Letters may be in either case.
 */
#include "ffl_core.h"
#include "message_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Month letters in month order: I is skipped, so letter order is month order */
static const char month_letters[] = "ABCDEFGHJKLM";

enum FflPart
{
	PART_REGION,
	PART_DISTRICT,
	PART_COUNTY,
	PART_LICENSE_TYPE,
	PART_EXPIRATION,
	PART_SEQUENCE,
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
	{"region", "Region", 1, "one digit"},
	{"district", "District", 2, "two digits"},
	{"county", "County", 3, "three digits"},
	{"license type", "License type", 2, "two digits"},
	{"expiration", "Expiration", 2, "a year digit and a month letter"},
	{"sequence", "Sequence", 5, "five digits"},
};

/* Longest piece of input quoted in an error detail */


static bool
all_digits(const char *p, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (!msg_is_digit(p[i]))
			return false;
	return true;
}

static int
digits_value(const char *p, size_t n)
{
	int			v = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

static bool
region_ok(int region)
{
	return region == 1 || region == 3 || region == 4 || region == 5 ||
		region == 6 || region == 8 || region == 9;
}

static bool
license_type_ok(int type)
{
	return (type >= 1 && type <= 3) || (type >= 6 && type <= 11);
}

/* Month number 1..12 of a month letter, 0 when the letter is not one */
static int
month_of_letter(char c)
{
	const char *hit;

	if (c >= 'a' && c <= 'z')
		c = (char) (c - 'a' + 'A');
	if (c == '\0')
		return 0;
	hit = strchr(month_letters, c);
	return hit ? (int) (hit - month_letters) + 1 : 0;
}

char
ffl_month_letter(int month)
{
	if (month < 1 || month > 12)
		return '?';
	return month_letters[month - 1];
}

/*
 * The checks on part values, shared by text input (ffl_parse) and binary
 * input (ffl_unpack) so both give the same detail for the same value.
 */
bool
ffl_check_parts(const FflParts *parts, char *err, size_t errlen)
{
	if (!region_ok(parts->region))
	{
		msg_set_err(err, errlen, "Region \"%d\" is not one of 1, 3, 4, 5, 6, 8, 9.",
				parts->region);
		return false;
	}
	if (parts->district < 0 || parts->district > 99)
	{
		msg_set_err(err, errlen, "District %d is outside 00 to 99.", parts->district);
		return false;
	}
	if (parts->county < 0 || parts->county > 999)
	{
		msg_set_err(err, errlen, "County %d is outside 000 to 999.", parts->county);
		return false;
	}
	if (!license_type_ok(parts->license_type))
	{
		msg_set_err(err, errlen,
				"License type \"%02d\" is not one of 01, 02, 03, 06, 07, 08, 09, 10, 11.",
				parts->license_type);
		return false;
	}
	if (parts->exp_year < 0 || parts->exp_year > 9)
	{
		msg_set_err(err, errlen, "Expiration year %d is outside 0 to 9.", parts->exp_year);
		return false;
	}
	if (parts->exp_month < 1 || parts->exp_month > 12)
	{
		msg_set_err(err, errlen, "Expiration month %d is outside 1 to 12.", parts->exp_month);
		return false;
	}
	if (parts->sequence < 0 || parts->sequence > 99999)
	{
		msg_set_err(err, errlen, "Sequence %d is outside 00000 to 99999.", parts->sequence);
		return false;
	}
	return true;
}

int64_t
ffl_pack(const FflParts *parts)
{
	int64_t		v = parts->region;

	v = v * 100 + parts->district;
	v = v * 1000 + parts->county;
	v = v * 100 + parts->license_type;
	v = v * 10 + parts->exp_year;
	v = v * 100 + parts->exp_month;
	v = v * 100000 + parts->sequence;
	return v;
}

/* Split any value into parts, without checking them */
static void
split_packed(uint64_t v, FflParts *parts)
{
	parts->sequence = (int) (v % 100000);
	v /= 100000;
	parts->exp_month = (int) (v % 100);
	v /= 100;
	parts->exp_year = (int) (v % 10);
	v /= 10;
	parts->license_type = (int) (v % 100);
	v /= 100;
	parts->county = (int) (v % 1000);
	v /= 1000;
	parts->district = (int) (v % 100);
	v /= 100;
	parts->region = (int) (v % 10);
}

bool
ffl_unpack(int64_t packed, FflParts *parts, char *err, size_t errlen)
{
	if (packed < 0 || packed >= FFL_PACKED_LIMIT)
	{
		memset(parts, 0, sizeof(*parts));
		msg_set_err(err, errlen,
				"The value %lld is outside the range of packed license numbers.",
				(long long) packed);
		return false;
	}
	split_packed((uint64_t) packed, parts);
	return ffl_check_parts(parts, err, errlen);
}

/*
 * Check one part's text (already cut out of the input) and store its value.
 * For the sequence, text past its five digits is reported as trailing junk.
 */
static bool
parse_part(enum FflPart part, const char *p, size_t n, FflParts *parts,
		   char *err, size_t errlen)
{
	char		q[MSG_QUOTE_BUFSIZE];
	size_t		width = part_info[part].width;

	if (n == 0)
	{
		msg_set_err(err, errlen, "The %s is missing.", part_info[part].name);
		return false;
	}
	if (part == PART_SEQUENCE && n > width && all_digits(p, width))
	{
		msg_set_err(err, errlen, "Unexpected \"%s\" after the sequence.",
				msg_quote_bytes(q, sizeof(q), p + width, n - width));
		return false;
	}
	if (n != width || (part != PART_EXPIRATION && !all_digits(p, n)))
	{
		msg_set_err(err, errlen, "%s \"%s\" must be %s.", part_info[part].title,
				msg_quote_bytes(q, sizeof(q), p, n), part_info[part].shape);
		return false;
	}

	switch (part)
	{
		case PART_REGION:
			parts->region = digits_value(p, n);
			if (!region_ok(parts->region))
				return ffl_check_parts(parts, err, errlen);
			break;
		case PART_DISTRICT:
			parts->district = digits_value(p, n);
			break;
		case PART_COUNTY:
			parts->county = digits_value(p, n);
			break;
		case PART_LICENSE_TYPE:
			parts->license_type = digits_value(p, n);
			if (!license_type_ok(parts->license_type))
				return ffl_check_parts(parts, err, errlen);
			break;
		case PART_EXPIRATION:
			if (!msg_is_digit(p[0]))
			{
				msg_set_err(err, errlen, "Expiration year \"%s\" must be a digit.",
						msg_quote_bytes(q, sizeof(q), p, 1));
				return false;
			}
			parts->exp_year = p[0] - '0';
			if (p[1] == 'I' || p[1] == 'i')
			{
				msg_set_err(err, errlen, "Expiration month letter \"%c\" is not used.", p[1]);
				return false;
			}
			parts->exp_month = month_of_letter(p[1]);
			if (parts->exp_month == 0)
			{
				msg_set_err(err, errlen,
						"Expiration month \"%s\" must be a letter from A to M (I is not used).",
						msg_quote_bytes(q, sizeof(q), p + 1, 1));
				return false;
			}
			break;
		case PART_SEQUENCE:
			parts->sequence = digits_value(p, n);
			break;
		case NUM_PARTS:
			return false;
	}
	return true;
}

bool
ffl_parse(const char *in, size_t len, int64_t *packed, char *err, size_t errlen)
{
	const char *s = in;
	const char *end = in + len;
	FflParts	parts;
	size_t		hyphens = 0;
	const char *c;
	int			i;

	memset(&parts, 0, sizeof(parts));
	while (s < end && msg_is_space(*s))
		s++;
	while (end > s && msg_is_space(end[-1]))
		end--;
	if (s == end)
	{
		msg_set_err(err, errlen, "The value is empty.");
		return false;
	}

	for (c = s; c < end; c++)
		if (*c == '-')
			hyphens++;

	if (hyphens == NUM_PARTS - 1)
	{
		/* R-DD-CCC-TT-YM-SSSSS: each part is the text between hyphens */
		for (i = 0; i < NUM_PARTS; i++)
		{
			const char *stop = memchr(s, '-', (size_t) (end - s));

			if (stop == NULL)
				stop = end;
			if (!parse_part((enum FflPart) i, s, (size_t) (stop - s), &parts,
							err, errlen))
				return false;
			s = (stop < end) ? stop + 1 : end;
		}
	}
	else if (hyphens == 0)
	{
		/* RDDCCCTTYMSSSSS: parts at fixed places; the last takes the rest */
		for (i = 0; i < NUM_PARTS; i++)
		{
			size_t		left = (size_t) (end - s);
			size_t		n = part_info[i].width;

			if (i == PART_SEQUENCE || n > left)
				n = left;
			if (!parse_part((enum FflPart) i, s, n, &parts, err, errlen))
				return false;
			s += n;
		}
	}
	else
	{
		msg_set_err(err, errlen,
				"Write all five hyphens (R-DD-CCC-TT-YM-SSSSS) or none; found %zu.",
				hyphens);
		return false;
	}

	if (!ffl_check_parts(&parts, err, errlen))
		return false;
	*packed = ffl_pack(&parts);
	return true;
}

static void
put_digits(char *out, unsigned value, int width)
{
	int			i;

	for (i = width - 1; i >= 0; i--)
	{
		out[i] = (char) ('0' + value % 10);
		value /= 10;
	}
}

void
ffl_format(int64_t packed, char out[FFL_FORMAT_LEN])
{
	FflParts	parts;

	split_packed((uint64_t) packed % (uint64_t) FFL_PACKED_LIMIT, &parts);
	put_digits(out, (unsigned) parts.region, 1);
	out[1] = '-';
	put_digits(out + 2, (unsigned) parts.district, 2);
	out[4] = '-';
	put_digits(out + 5, (unsigned) parts.county, 3);
	out[8] = '-';
	put_digits(out + 9, (unsigned) parts.license_type, 2);
	out[11] = '-';
	put_digits(out + 12, (unsigned) parts.exp_year, 1);
	out[13] = ffl_month_letter(parts.exp_month);
	out[14] = '-';
	put_digits(out + 15, (unsigned) parts.sequence, 5);
	out[20] = '\0';
}

void
ffl_rds_key(int64_t packed, char out[FFL_RDS_KEY_LEN])
{
	FflParts	parts;

	split_packed((uint64_t) packed % (uint64_t) FFL_PACKED_LIMIT, &parts);
	put_digits(out, (unsigned) parts.region, 1);
	out[1] = '-';
	put_digits(out + 2, (unsigned) parts.district, 2);
	out[4] = '-';
	put_digits(out + 5, (unsigned) parts.sequence, 5);
	out[10] = '\0';
}
