/*
 * test_tracenum_core.c — unit tests of the plain-C trace-number parser and
 * its check character, including the exhaustive error-detection check: every
 * single wrong character and every swap of neighbours is rejected.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tracenum_core.h"
#include "tap.h"

static bool
parse(const char *s, int32_t *year, int32_t *seq, char *err)
{
	err[0] = '\0';
	return tracenum_parse(s, strlen(s), year, seq, err, TRACENUM_ERR_LEN);
}

/* Parse and print: the canonical form, or "ERROR: detail" */
static const char *
canon(const char *s)
{
	static char buf[TRACENUM_ERR_LEN + 16];
	char		err[TRACENUM_ERR_LEN];
	int32_t		year;
	int32_t		seq;

	if (parse(s, &year, &seq, err))
		tracenum_format(year, seq, buf);
	else
		snprintf(buf, sizeof(buf), "ERROR: %s", err);
	return buf;
}

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t
rng(uint32_t bound)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t) ((rng_state >> 33) % bound);
}

static void
test_check_algorithm(void)
{
	/* Published ISO 7064 MOD 11-2 examples: ORCID iDs (15 digits + check) */
	is_int(tracenum_iso7064_mod11_2("000000021825009", 15), '7', "ORCID 0000-0002-1825-0097");
	is_int(tracenum_iso7064_mod11_2("000000015109370", 15), '0', "ORCID 0000-0001-5109-3700");
	is_int(tracenum_iso7064_mod11_2("000000021694233", 15), 'X', "ORCID 0000-0002-1694-233X");
	/* The standard's own example: 0794 has check character 0 */
	is_int(tracenum_iso7064_mod11_2("0794", 4), '0', "ISO 7064 example 0794 -> 0");
	is_int(tracenum_check_char(2026, 1234), '3', "T2026-0001234 has check character 3");
	is_int(tracenum_check_char(2026, 1234),
		   tracenum_iso7064_mod11_2("20260001234", 11), "check over the eleven digits");
}

static void
test_valid_spellings(void)
{
	int32_t		year;
	int32_t		seq;
	char		err[TRACENUM_ERR_LEN];
	char		out[TRACENUM_FORMAT_LEN];

	ok(parse("T2026-0001234-3", &year, &seq, err) && year == 2026 && seq == 1234,
	   "canonical form parses");
	is_str(canon("T202600012343"), "T2026-0001234-3", "without hyphens");
	is_str(canon("t2026-0001234-3"), "T2026-0001234-3", "lower-case t");
	is_str(canon(" \tt202600012343\n"), "T2026-0001234-3", "outer white space skipped");
	ok(tracenum_check_char(2026, 14) == 'X', "T2026-0000014 has check X");
	is_str(canon("T2026-0000014-x"), "T2026-0000014-X", "lower-case x accepted");
	is_str(canon("t20260000014x"), "T2026-0000014-X", "lower case without hyphens");
	tracenum_format(2000, 1, out);
	is_str(canon(out), out, "smallest number %s", out);
	tracenum_format(2999, 9999999, out);
	is_str(canon(out), out, "largest number %s", out);
	is_int(tracenum_pack(2026, 1234), INT64_C(20260001234), "packed as year * 10^7 + seq");
}

static void
test_errors(void)
{
	static const struct
	{
		const char *in;
		const char *detail;
	}			cases[] =
	{
		{"", "The value is empty."},
		{" \n ", "The value is empty."},
		{"2026-0001234-3", "Prefix \"2\" must be the letter T."},
		{"X2026-0001234-3", "Prefix \"X\" must be the letter T."},
		{"TT2026-0001234-3", "Year \"T2026\" must be four digits."},
		{"T2026-0001234-7", "Check character \"7\" does not match; the number T2026-0001234 has check character \"3\"."},
		{"T202600012347", "Check character \"7\" does not match; the number T2026-0001234 has check character \"3\"."},
		{"t2026-0000014-0", "Check character \"0\" does not match; the number T2026-0000014 has check character \"X\"."},
		{"T2026-0001234-x", "Check character \"x\" does not match; the number T2026-0001234 has check character \"3\"."},
		{"T1999-0001234-3", "Year \"1999\" is outside 2000 to 2999."},
		{"T3000-0001234-3", "Year \"3000\" is outside 2000 to 2999."},
		{"T0000-0001234-3", "Year \"0000\" is outside 2000 to 2999."},
		{"T026-0001234-3", "Year \"026\" must be four digits."},
		{"T20266-0001234-3", "Year \"20266\" must be four digits."},
		{"T2O26-0001234-3", "Year \"2O26\" must be four digits."},
		{"T-0001234-3", "The year is missing."},
		{"T", "The year is missing."},
		{"T2026", "The sequence is missing."},
		{"T2026-0000000-5", "Sequence \"0000000\" is outside 0000001 to 9999999."},
		{"T2026-000123-3", "Sequence \"000123\" must be seven digits."},
		{"T2026-00001234-3", "Sequence \"00001234\" must be seven digits."},
		{"T2026-00O1234-3", "Sequence \"00O1234\" must be seven digits."},
		{"T2026--3", "The sequence is missing."},
		{"T2026-0001234-", "The check character is missing."},
		{"T20260001234", "The check character is missing."},
		{"T2026-0001234-A", "Check character \"A\" must be a digit or X."},
		{"T2026-0001234-33", "Unexpected \"3\" after the check character."},
		{"T202600012343 ", "T2026-0001234-3"},
		{"T202600012343x", "Unexpected \"x\" after the check character."},
		{"T2026-0001234-3 z", "Unexpected \" z\" after the check character."},
		{"T2026-0001234-?", "Check character \"?\" must be a digit or X."},
		{"T2026-00012343", "Write both hyphens (TYYYY-SSSSSSS-C) or none; found 1."},
		{"T20260001234-3", "Write both hyphens (TYYYY-SSSSSSS-C) or none; found 1."},
		{"T2026-0001234-3-", "Write both hyphens (TYYYY-SSSSSSS-C) or none; found 3."},
		{"T2026 0001234 3", "Sequence \" 000123\" must be seven digits."},
		{"T2026-0001234-\xC3\xA9", "Check character \"\\xC3\\xA9\" must be a digit or X."},
		{"\x01T2026-0001234-3", "Prefix \"\\x01\" must be the letter T."},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		want[TRACENUM_ERR_LEN + 16];

		if (cases[i].detail[0] == 'T' && cases[i].detail[1] == '2')
			snprintf(want, sizeof(want), "%s", cases[i].detail);
		else
			snprintf(want, sizeof(want), "ERROR: %s", cases[i].detail);
		is_str(canon(cases[i].in), want, "\"%s\"", cases[i].in);
	}
}

static void
test_unpack(void)
{
	int32_t		year;
	int32_t		seq;
	char		err[TRACENUM_ERR_LEN];
	static const struct
	{
		int64_t		packed;
		const char *detail;
	}			cases[] =
	{
		{INT64_C(20260000000), "Sequence \"0000000\" is outside 0000001 to 9999999."},
		{INT64_C(19999999999), "The value 19999999999 is outside the range of packed trace numbers."},
		{INT64_C(30000000000), "The value 30000000000 is outside the range of packed trace numbers."},
		{INT64_C(-20260001234), "The value -20260001234 is outside the range of packed trace numbers."},
		{INT64_MAX, "The value 9223372036854775807 is outside the range of packed trace numbers."},
		{INT64_C(0), "The value 0 is outside the range of packed trace numbers."},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		ok(!tracenum_unpack(cases[i].packed, &year, &seq, err, sizeof(err)),
		   "unpack rejects %lld", (long long) cases[i].packed);
		is_str(err, cases[i].detail, "with the detail");
	}
	ok(tracenum_unpack(INT64_C(20260001234), &year, &seq, err, sizeof(err)) &&
	   year == 2026 && seq == 1234, "unpack gives year and sequence");
	ok(tracenum_unpack(INT64_C(20000000001), &year, &seq, err, sizeof(err)),
	   "smallest packed value accepted");
	ok(tracenum_unpack(INT64_C(29999999999), &year, &seq, err, sizeof(err)),
	   "largest packed value accepted");
	ok(tracenum_parts_valid(2000, 1) && tracenum_parts_valid(2999, 9999999) &&
	   !tracenum_parts_valid(1999, 1) && !tracenum_parts_valid(3000, 1) &&
	   !tracenum_parts_valid(2026, 0) && !tracenum_parts_valid(2026, 10000000),
	   "parts_valid bounds");
}

/*
 * For one number: every single substitution (every position of the form
 * without hyphens, every other character a user could type there: digits,
 * and X at the check position) and every swap of two neighbouring
 * characters that changes the text must be rejected.  Returns how many
 * were accepted (should be 0); counts the variants tried.
 */
static int
mistypes_accepted(int32_t year, int32_t seq, long *tried)
{
	static const char alphabet[] = "0123456789X";
	char		text[TRACENUM_FORMAT_LEN];
	char		plain[14];
	char		v[14];
	char		err[TRACENUM_ERR_LEN];
	int32_t		y;
	int32_t		s;
	int			accepted = 0;
	int			pos;
	int			a;

	tracenum_format(year, seq, text);
	/* "T2026-0001234-3" -> "T202600012343" */
	memcpy(plain, text, 5);
	memcpy(plain + 5, text + 6, 7);
	plain[12] = text[14];
	plain[13] = '\0';

	for (pos = 1; pos <= 12; pos++)
	{
		for (a = 0; alphabet[a]; a++)
		{
			if (alphabet[a] == plain[pos])
				continue;
			memcpy(v, plain, sizeof(v));
			v[pos] = alphabet[a];
			(*tried)++;
			if (tracenum_parse(v, 12 + 1, &y, &s, err, sizeof(err)))
				accepted++;
		}
	}
	for (pos = 1; pos < 12; pos++)
	{
		if (plain[pos] == plain[pos + 1])
			continue;
		memcpy(v, plain, sizeof(v));
		v[pos] = plain[pos + 1];
		v[pos + 1] = plain[pos];
		(*tried)++;
		if (tracenum_parse(v, 13, &y, &s, err, sizeof(err)))
			accepted++;
	}
	return accepted;
}

static void
test_error_detection(void)
{
	long		tried = 0;
	int			accepted = 0;
	int			bad_round = 0;
	int			i;

	/* Every year with a few sequences, then many random numbers */
	for (i = TRACENUM_YEAR_MIN; i <= TRACENUM_YEAR_MAX; i++)
	{
		accepted += mistypes_accepted(i, 1, &tried);
		accepted += mistypes_accepted(i, 1234, &tried);
		accepted += mistypes_accepted(i, 9999999, &tried);
	}
	for (i = 0; i < 100000; i++)
	{
		int32_t		year = (int32_t) (TRACENUM_YEAR_MIN + rng(1000));
		int32_t		seq = (int32_t) (TRACENUM_SEQ_MIN + rng(TRACENUM_SEQ_MAX));
		char		text[TRACENUM_FORMAT_LEN];
		char		err[TRACENUM_ERR_LEN];
		int32_t		y;
		int32_t		s;

		accepted += mistypes_accepted(year, seq, &tried);
		tracenum_format(year, seq, text);
		if (!tracenum_parse(text, strlen(text), &y, &s, err, sizeof(err)) ||
			y != year || s != seq)
			bad_round++;
	}
	ok(tried > 10000000, "tried %ld mistyped variants", tried);
	is_int(accepted, 0, "no single substitution or neighbour swap is accepted");
	is_int(bad_round, 0, "format then parse gives the same number (100000 random numbers)");
}

static void
test_order(void)
{
	int			i;
	int			bad = 0;

	for (i = 0; i < 100000; i++)
	{
		int32_t		y1 = (int32_t) (TRACENUM_YEAR_MIN + rng(1000));
		int32_t		s1 = (int32_t) (TRACENUM_SEQ_MIN + rng(TRACENUM_SEQ_MAX));
		int32_t		y2 = (int32_t) (TRACENUM_YEAR_MIN + rng(1000));
		int32_t		s2 = (int32_t) (TRACENUM_SEQ_MIN + rng(TRACENUM_SEQ_MAX));
		char		t1[TRACENUM_FORMAT_LEN];
		char		t2[TRACENUM_FORMAT_LEN];
		int64_t		p1 = tracenum_pack(y1, s1);
		int64_t		p2 = tracenum_pack(y2, s2);
		int			ci = (p1 > p2) - (p1 < p2);
		int			ct;

		tracenum_format(y1, s1, t1);
		tracenum_format(y2, s2, t2);
		/* The printed order is that of the text without its check character */
		ct = strncmp(t1, t2, 13);
		ct = (ct > 0) - (ct < 0);
		if (ci != ct)
			bad++;
	}
	is_int(bad, 0, "integer order equals the order of year and sequence as printed");
}

int
main(void)
{
	test_check_algorithm();
	test_valid_spellings();
	test_errors();
	test_unpack();
	test_error_detection();
	test_order();
	return done_testing();
}
