/*
 * test_ffl_core.c — unit tests of the plain-C license-number parser.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ffl_core.h"
#include "tap.h"

/* Parse a NUL-terminated string; the detail (or "") is left in err */
static bool
parse(const char *s, int64_t *packed, char *err)
{
	err[0] = '\0';
	return ffl_parse(s, strlen(s), packed, err, FFL_ERR_LEN);
}

/* Parse and print: the canonical form, or "ERROR: detail" */
static const char *
canon(const char *s)
{
	static char buf[FFL_ERR_LEN + 16];
	char		err[FFL_ERR_LEN];
	int64_t		packed;

	if (parse(s, &packed, err))
		ffl_format(packed, buf);
	else
		snprintf(buf, sizeof(buf), "ERROR: %s", err);
	return buf;
}

/* A small deterministic generator, local to the test */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rng(uint32_t bound)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t) ((rng_state >> 33) % bound);
}

static const int regions[] = {1, 3, 4, 5, 6, 8, 9};
static const int types[] = {1, 2, 3, 6, 7, 8, 9, 10, 11};

static void
random_parts(FflParts *p)
{
	p->region = regions[rng(7)];
	p->district = (int) rng(100);
	p->county = (int) rng(1000);
	p->license_type = types[rng(9)];
	p->exp_year = (int) rng(10);
	p->exp_month = (int) rng(12) + 1;
	p->sequence = (int) rng(100000);
}

static void
test_valid_spellings(void)
{
	int64_t		packed;
	char		err[FFL_ERR_LEN];

	ok(parse("8-23-091-01-7F-14245", &packed, err), "hyphenated form parses");
	is_int(packed, INT64_C(8230910170614245), "packed value reads as the digits with month 06");
	is_str(canon("823091017F14245"), "8-23-091-01-7F-14245", "form without hyphens");
	is_str(canon("823091017f14245"), "8-23-091-01-7F-14245", "lower-case month letter");
	is_str(canon("8-23-091-01-7f-14245"), "8-23-091-01-7F-14245", "lower case with hyphens");
	is_str(canon("  \t8-23-091-01-7F-14245\n "), "8-23-091-01-7F-14245", "outer white space skipped");
	is_str(canon("\r\v\f823091017F14245 "), "8-23-091-01-7F-14245", "all C white space skipped");
	is_str(canon("1-00-000-01-0A-00000"), "1-00-000-01-0A-00000", "smallest parts");
	is_str(canon("9-99-999-11-9M-99999"), "9-99-999-11-9M-99999", "largest parts");
	ok(parse("9-99-999-11-9M-99999", &packed, err) && packed < FFL_PACKED_LIMIT,
	   "largest value below the packed limit");
}

static void
test_every_part_value(void)
{
	static const char letters[] = "ABCDEFGHJKLM";
	char		in[32];
	char		err[FFL_ERR_LEN];
	int64_t		packed;
	int			i;
	int			good = 0;
	int			bad = 0;

	for (i = 0; i < 10; i++)
	{
		snprintf(in, sizeof(in), "%d-23-091-01-7F-14245", i);
		if (parse(in, &packed, err))
			good |= 1 << i;
	}
	is_int(good, (1 << 1) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 8) | (1 << 9),
		   "exactly regions 1, 3, 4, 5, 6, 8, 9 accepted");

	good = 0;
	for (i = 0; i < 100; i++)
	{
		snprintf(in, sizeof(in), "8-23-091-%02d-7F-14245", i);
		if (parse(in, &packed, err))
			good++;
		else if (i == 1 || i == 2 || i == 3 || (i >= 6 && i <= 11))
			bad++;
	}
	is_int(good, 9, "exactly nine license types accepted");
	is_int(bad, 0, "every listed license type accepted");

	for (i = 0; i < 12; i++)
	{
		snprintf(in, sizeof(in), "8-23-091-01-7%c-14245", letters[i]);
		ok(parse(in, &packed, err) && (packed / 100000) % 100 == i + 1,
		   "month letter %c is month %d", letters[i], i + 1);
		is_int(ffl_month_letter(i + 1), letters[i], "month %d prints as %c", i + 1, letters[i]);
	}
	is_int(ffl_month_letter(0), '?', "month 0 has no letter");
	is_int(ffl_month_letter(13), '?', "month 13 has no letter");

	good = 0;
	for (i = 0; i < 256; i++)
	{
		snprintf(in, sizeof(in), "8-23-091-01-7%c-14245", i == 0 ? '!' : i);
		if (parse(in, &packed, err))
			good++;
	}
	is_int(good, 24, "exactly 24 month letters (A-M without I, both cases)");
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
		{"   \t ", "The value is empty."},
		{"2-23-091-01-7F-14245", "Region \"2\" is not one of 1, 3, 4, 5, 6, 8, 9."},
		{"0-23-091-01-7F-14245", "Region \"0\" is not one of 1, 3, 4, 5, 6, 8, 9."},
		{"7-23-091-01-7F-14245", "Region \"7\" is not one of 1, 3, 4, 5, 6, 8, 9."},
		{"X-23-091-01-7F-14245", "Region \"X\" must be one digit."},
		{"88-23-091-01-7F-14245", "Region \"88\" must be one digit."},
		{"8-2-091-01-7F-14245", "District \"2\" must be two digits."},
		{"8-2A-091-01-7F-14245", "District \"2A\" must be two digits."},
		{"8-234-091-01-7F-14245", "District \"234\" must be two digits."},
		{"8-23-91-01-7F-14245", "County \"91\" must be three digits."},
		{"8-23-O91-01-7F-14245", "County \"O91\" must be three digits."},
		{"8-23-091-04-7F-14245", "License type \"04\" is not one of 01, 02, 03, 06, 07, 08, 09, 10, 11."},
		{"8-23-091-05-7F-14245", "License type \"05\" is not one of 01, 02, 03, 06, 07, 08, 09, 10, 11."},
		{"8-23-091-00-7F-14245", "License type \"00\" is not one of 01, 02, 03, 06, 07, 08, 09, 10, 11."},
		{"8-23-091-12-7F-14245", "License type \"12\" is not one of 01, 02, 03, 06, 07, 08, 09, 10, 11."},
		{"8-23-091-1-7F-14245", "License type \"1\" must be two digits."},
		{"8-23-091-01-7I-14245", "Expiration month letter \"I\" is not used."},
		{"823091017i14245", "Expiration month letter \"i\" is not used."},
		{"8-23-091-01-7N-14245", "Expiration month \"N\" must be a letter from A to M (I is not used)."},
		{"8-23-091-01-76-14245", "Expiration month \"6\" must be a letter from A to M (I is not used)."},
		{"8-23-091-01-FF-14245", "Expiration year \"F\" must be a digit."},
		{"8-23-091-01-7-14245", "Expiration \"7\" must be a year digit and a month letter."},
		{"8-23-091-01-17F-14245", "Expiration \"17F\" must be a year digit and a month letter."},
		{"8-23-091-01-7F-1424", "Sequence \"1424\" must be five digits."},
		{"8-23-091-01-7F-1424X", "Sequence \"1424X\" must be five digits."},
		{"8-23-091-01-7F-14245X", "Unexpected \"X\" after the sequence."},
		{"8-23-091-01-7F-14245 x", "Unexpected \" x\" after the sequence."},
		{"823091017F14245X", "Unexpected \"X\" after the sequence."},
		{"823091017F142456", "Unexpected \"6\" after the sequence."},
		{"823091017F1424", "Sequence \"1424\" must be five digits."},
		{"823091017F", "The sequence is missing."},
		{"82309101", "The expiration is missing."},
		{"8230910", "License type \"0\" must be two digits."},
		{"8-23-091-01-7F-", "The sequence is missing."},
		{"8--091-01-7F-14245", "The district is missing."},
		{"-----", "The region is missing."},
		{"8-23-091-01-7F14245", "Write all five hyphens (R-DD-CCC-TT-YM-SSSSS) or none; found 4."},
		{"8-23-091-01-7F-14245-", "Write all five hyphens (R-DD-CCC-TT-YM-SSSSS) or none; found 6."},
		{"8-23091017F14245", "Write all five hyphens (R-DD-CCC-TT-YM-SSSSS) or none; found 1."},
		{"8 23 091 01 7F 14245", "District \" 2\" must be two digits."},
		{"8-23-09\xC3\xA9-01-7F-14245", "County \"09\\xC3\\xA9\" must be three digits."},
		{"8-23-091-01-7F-14245\x01", "Unexpected \"\\x01\" after the sequence."},
		{"8-23-091-01-7F-14245aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"Unexpected \"aaaaaaaaaaaaaaaaaaaa...\" after the sequence."},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		want[FFL_ERR_LEN + 16];

		snprintf(want, sizeof(want), "ERROR: %s", cases[i].detail);
		is_str(canon(cases[i].in), want, "rejects \"%s\"", cases[i].in);
	}
}

static void
test_embedded_nul_and_small_buffers(void)
{
	int64_t		packed = -1;
	char		err[8];
	char		tiny[1];

	ok(!ffl_parse("823091017F14245\0", 16, &packed, NULL, 0),
	   "embedded NUL is trailing junk (no error buffer)");
	ok(!ffl_parse("8230" "\0" "91017F14245", 16, &packed, err, sizeof(err)),
	   "NUL inside a part rejected");
	is_int(strlen(err), sizeof(err) - 1, "detail truncated to the buffer");
	tiny[0] = 'z';
	ok(!ffl_parse("x", 1, &packed, tiny, sizeof(tiny)) && tiny[0] == '\0',
	   "one-byte error buffer holds the empty string");
	ok(ffl_parse("823091017F14245xyz", 15, &packed, NULL, 0) &&
	   packed == INT64_C(8230910170614245), "length limits the input, not NUL");
}

static void
test_unpack(void)
{
	FflParts	parts;
	char		err[FFL_ERR_LEN];
	static const struct
	{
		int64_t		packed;
		const char *detail;
	}			cases[] =
	{
		{INT64_C(-1), "The value -1 is outside the range of packed license numbers."},
		{INT64_C(10000000000000000), "The value 10000000000000000 is outside the range of packed license numbers."},
		{INT64_C(0), "Region \"0\" is not one of 1, 3, 4, 5, 6, 8, 9."},
		{INT64_C(2230910170614245), "Region \"2\" is not one of 1, 3, 4, 5, 6, 8, 9."},
		{INT64_C(8230910470614245), "License type \"04\" is not one of 01, 02, 03, 06, 07, 08, 09, 10, 11."},
		{INT64_C(8230910170014245), "Expiration month 0 is outside 1 to 12."},
		{INT64_C(8230910171314245), "Expiration month 13 is outside 1 to 12."},
		{INT64_C(8230910179914245), "Expiration month 99 is outside 1 to 12."},
		{INT64_MIN, "The value -9223372036854775808 is outside the range of packed license numbers."},
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		ok(!ffl_unpack(cases[i].packed, &parts, err, sizeof(err)),
		   "unpack rejects %lld", (long long) cases[i].packed);
		is_str(err, cases[i].detail, "with the detail");
	}
	ok(ffl_unpack(INT64_C(8230910170614245), &parts, err, sizeof(err)) &&
	   parts.region == 8 && parts.district == 23 && parts.county == 91 &&
	   parts.license_type == 1 && parts.exp_year == 7 && parts.exp_month == 6 &&
	   parts.sequence == 14245, "unpack gives the parts");

	parts.region = 8;
	parts.district = 100;
	ok(!ffl_check_parts(&parts, err, sizeof(err)), "district 100 rejected by the part check");
	is_str(err, "District 100 is outside 00 to 99.", "with the detail");
}

static void
test_text_and_binary_agree(void)
{
	int			i;
	int			disagree = 0;
	char		text[32];
	char		err_text[FFL_ERR_LEN];
	char		err_bin[FFL_ERR_LEN];
	int64_t		packed;
	FflParts	parts;

	/* Every region and license type digit pair, through both doors */
	for (i = 0; i < 10 * 100; i++)
	{
		int			region = i / 100;
		int			type = i % 100;
		bool		t_ok;
		bool		b_ok;

		snprintf(text, sizeof(text), "%d-23-091-%02d-7F-14245", region, type);
		t_ok = parse(text, &packed, err_text);
		b_ok = ffl_unpack(INT64_C(230910070614245) + region * INT64_C(1000000000000000) +
						  type * INT64_C(100000000), &parts, err_bin, sizeof(err_bin));
		if (t_ok != b_ok || (!t_ok && strcmp(err_text, err_bin) != 0))
			disagree++;
	}
	is_int(disagree, 0, "text and binary input accept the same values with the same details");
}

static void
test_round_trip_and_order(void)
{
	int			i;
	int			bad_round = 0;
	int			bad_plain = 0;
	int			bad_order = 0;
	int			bad_key = 0;
	int64_t		prev = -1;
	char		prev_text[FFL_FORMAT_LEN] = "";

	for (i = 0; i < 200000; i++)
	{
		FflParts	parts;
		FflParts	back;
		char		text[FFL_FORMAT_LEN];
		char		plain[16];
		char		key[FFL_RDS_KEY_LEN];
		char		want_key[FFL_RDS_KEY_LEN + 8];
		char		err[FFL_ERR_LEN];
		int64_t		packed;
		int64_t		reparsed;
		int			j;
		int			k;
		int			cmp_int;
		int			cmp_text;

		random_parts(&parts);
		packed = ffl_pack(&parts);
		ffl_format(packed, text);
		if (!parse(text, &reparsed, err) || reparsed != packed ||
			!ffl_unpack(packed, &back, err, sizeof(err)) ||
			memcmp(&back, &parts, sizeof(parts)) != 0)
			bad_round++;

		for (j = 0, k = 0; text[j]; j++)
			if (text[j] != '-')
				plain[k++] = (char) (text[j] >= 'A' ? text[j] + 32 : text[j]);
		plain[k] = '\0';
		if (!parse(plain, &reparsed, err) || reparsed != packed)
			bad_plain++;

		ffl_rds_key(packed, key);
		snprintf(want_key, sizeof(want_key), "%d-%02d-%05d", parts.region,
				 parts.district, parts.sequence);
		if (strcmp(key, want_key) != 0)
			bad_key++;

		cmp_int = (packed > prev) - (packed < prev);
		cmp_text = strcmp(text, prev_text);
		cmp_text = (cmp_text > 0) - (cmp_text < 0);
		if (prev >= 0 && cmp_int != cmp_text)
			bad_order++;
		prev = packed;
		memcpy(prev_text, text, sizeof(text));
	}
	is_int(bad_round, 0, "pack, print, parse and unpack round trip (200000 random numbers)");
	is_int(bad_plain, 0, "lower-case form without hyphens parses to the same value");
	is_int(bad_key, 0, "region-district-sequence key");
	is_int(bad_order, 0, "integer order equals the order of the printed form");
}

static void
test_format_of_invalid_values(void)
{
	char		out[FFL_FORMAT_LEN];
	char		key[FFL_RDS_KEY_LEN];

	ffl_format(INT64_C(8230910171314245), out);
	is_str(out, "8-23-091-01-7?-14245", "month 13 prints as '?'");
	ffl_format(INT64_MIN, out);
	is_int(strlen(out), 20, "any value prints 20 characters");
	ffl_format(-1, out);
	is_int(strlen(out), 20, "negative value prints 20 characters");
	ffl_rds_key(INT64_MAX, key);
	is_int(strlen(key), 10, "any value gives a 10-character key");
	ffl_rds_key(INT64_C(8230910170614245), key);
	is_str(key, "8-23-14245", "key of the example");
}

int
main(void)
{
	test_valid_spellings();
	test_every_part_value();
	test_errors();
	test_embedded_nul_and_small_buffers();
	test_unpack();
	test_text_and_binary_agree();
	test_round_trip_and_order();
	test_format_of_invalid_values();
	return done_testing();
}
