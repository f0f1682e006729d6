/*
 * test_serial_core.c — unit tests of the serial-number parser, the key
 * folding, search patterns and LIKE matching over keys.
 */
#include <stdbool.h>
#include <string.h>

#include "serial_core.h"
#include "tap.h"

static SerialParse parsed;
static char errbuf[256];
static char likebuf[SERIAL_MAX_KEY + 1];

/* parse a NUL-terminated serial; the key, or NULL when it is rejected */
static const char *
key_of(const char *s)
{
	errbuf[0] = '\0';
	if (!serial_parse(s, strlen(s), &parsed, errbuf, sizeof(errbuf)))
		return NULL;
	return parsed.key;
}

static const char *
recorded_of(const char *s)
{
	if (!serial_parse(s, strlen(s), &parsed, errbuf, sizeof(errbuf)))
		return NULL;
	return parsed.recorded;
}

/* the error message for a serial that must be rejected */
static const char *
error_of(const char *s, size_t len)
{
	strcpy(errbuf, "(accepted)");
	if (serial_parse(s, len, &parsed, errbuf, sizeof(errbuf)))
		return "(accepted)";
	return errbuf;
}

static const char *
like_of(const char *p)
{
	errbuf[0] = '\0';
	if (!serial_pattern_parse(p, strlen(p), likebuf, sizeof(likebuf),
							  errbuf, sizeof(errbuf)))
		return NULL;
	return likebuf;
}

static const char *
pattern_error_of(const char *p)
{
	strcpy(errbuf, "(accepted)");
	if (serial_pattern_parse(p, strlen(p), likebuf, sizeof(likebuf),
							 errbuf, sizeof(errbuf)))
		return "(accepted)";
	return errbuf;
}

static bool
match(const char *key, const char *like)
{
	return serial_like_match(key, strlen(key), like, strlen(like));
}

static void
test_parse(void)
{
	is_str(key_of("AB12345"), "A812345", "plain serial");
	is_str(recorded_of("AB12345"), "AB12345", "recorded as written");
	is_str(key_of(" ab-123 45 "), "A812345", "case and separators folded");
	is_str(recorded_of(" ab-123 45 "), "ab-123 45", "outer space trimmed, inner kept");
	is_int(parsed.recorded_len, 9, "recorded length");
	is_int(parsed.key_len, 7, "key length");
	is_str(recorded_of("\t\n X1 \r\f\v"), "X1", "all outer white space trimmed");
	is_str(key_of("12.34/56-78 90"), "1234567890", "every separator removed");
	is_str(key_of("A  -  1"), "A1", "runs of separators removed");
	is_str(key_of("7"), "7", "one digit");
	is_str(key_of("q"), "Q", "one letter upper-cased");

	/* 40 bytes after trimming is the limit */
	is_str(recorded_of("  AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA  "),
		   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "40 characters accepted");
	is_int(parsed.recorded_len, 40, "40-byte recorded form");
	is_str(key_of("A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A"),
		   "AAAAAAAAAAAAAAAAAAAA", "39 bytes with separators");

	/* not NUL-terminated input: only len bytes are read */
	ok(serial_parse("AB1#garbage", 3, &parsed, errbuf, sizeof(errbuf)),
	   "length-bounded input");
	is_str(parsed.recorded, "AB1", "length-bounded recorded form");
}

static void
test_folding(void)
{
	is_str(key_of("O"), "0", "O folds to 0");
	is_str(key_of("o"), "0", "o folds to 0");
	is_str(key_of("I"), "1", "I folds to 1");
	is_str(key_of("i"), "1", "i folds to 1");
	is_str(key_of("L"), "1", "L folds to 1");
	is_str(key_of("l"), "1", "l folds to 1");
	is_str(key_of("S"), "5", "S folds to 5");
	is_str(key_of("B"), "8", "B folds to 8");
	is_str(key_of("Z"), "2", "Z folds to 2");
	is_str(key_of("abcdefghijklmnopqrstuvwxyz"), "A8CDEFGH1JK1MN0PQR5TUVWXY2",
		   "whole alphabet");
	is_str(key_of("0123456789"), "0123456789", "digits unchanged");
	is_str(key_of("SOLID BIZ"), "5011D812", "look-alikes in a word");

	/* a serial typed two ways compares equal */
	{
		char		a[SERIAL_MAX_KEY + 1];

		strcpy(a, key_of("OIL-5B2"));
		is_str(key_of("0 1 1 5 8 2"), a, "look-alike spellings share a key");
	}
	/* the key is a fixed point */
	is_str(key_of("A812345"), "A812345", "key parses to itself");
}

static void
test_errors(void)
{
	char		long41[42];
	char		with_nul[] = {'A', 'B', '\0', '1'};
	char		non_ascii[] = {'A', 'B', (char) 0xC3, (char) 0x89, '1', '\0'};

	is_str(error_of("", 0), "Serial number is empty.", "empty");
	is_str(error_of("   ", 3), "Serial number is empty.", "blank");
	is_str(error_of("\t\n", 2), "Serial number is empty.", "white space only");
	is_str(error_of(NULL, 5), "Serial number is empty.", "NULL input");
	is_str(error_of("AB#1", 4), "Character \"#\" at position 3 is not allowed.",
		   "punctuation");
	is_str(error_of(" AB#1", 5), "Character \"#\" at position 4 is not allowed.",
		   "position counts leading space");
	is_str(error_of("AB_1", 4), "Character \"_\" at position 3 is not allowed.",
		   "underscore is not a separator");
	is_str(error_of("A,B", 3), "Character \",\" at position 2 is not allowed.",
		   "comma");
	is_str(error_of("A\"B", 3), "Character '\"' at position 2 is not allowed.",
		   "double quote");
	is_str(error_of("AB?1", 4),
		   "Character \"?\" at position 3 is a search wildcard; it is allowed only in search patterns.",
		   "question mark");
	is_str(error_of("*AB", 3),
		   "Character \"*\" at position 1 is a search wildcard; it is allowed only in search patterns.",
		   "asterisk");
	is_str(error_of("A\tB", 3), "Control character 0x09 at position 2 is not allowed.",
		   "inner tab");
	is_str(error_of("AB\x7f", 3), "Control character 0x7F at position 3 is not allowed.",
		   "DEL");
	is_str(error_of(with_nul, sizeof(with_nul)),
		   "Control character 0x00 at position 3 is not allowed.", "NUL byte");
	is_str(error_of(non_ascii, strlen(non_ascii)),
		   "Non-ASCII character at position 3 is not allowed; use ASCII letters and digits.",
		   "non-ASCII");
	is_str(error_of("- . /", 5), "Serial number has no letters or digits.",
		   "separators only");

	memset(long41, 'A', 41);
	long41[41] = '\0';
	is_str(error_of(long41, 41),
		   "Serial number is 41 characters long; at most 40 are allowed.", "41 characters");
	is_str(error_of("A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A-A", 41),
		   "Serial number is 41 characters long; at most 40 are allowed.",
		   "separators count towards the limit");

	/* no error buffer, or a tiny one: still a clean refusal */
	ok(!serial_parse("#", 1, &parsed, NULL, 0), "no error buffer");
	ok(!serial_parse("#", 1, &parsed, errbuf, 5) && strcmp(errbuf, "Char") == 0,
	   "truncated error message");
}

static void
test_patterns(void)
{
	is_str(like_of("AB?12*"), "A8_12%", "wildcards become LIKE");
	is_str(like_of(" ab-?12 * "), "A8_12%", "trimmed, folded, separators removed");
	is_str(like_of("*123*"), "%123%", "both ends open");
	is_str(like_of("**1***2**"), "%1%2%", "runs of * collapse");
	is_str(like_of("* - * 1"), "%1", "runs collapse across separators");
	is_str(like_of("??7"), "__7", "? are kept one each");
	is_str(like_of("o?i*s"), "0_1%5", "look-alikes folded in patterns");
	is_str(like_of("X1"), "X1", "no wildcards");

	is_str(pattern_error_of(""), "Pattern is empty.", "empty pattern");
	is_str(pattern_error_of("  "), "Pattern is empty.", "blank pattern");
	is_str(pattern_error_of("*"),
		   "Pattern has no letters or digits; at least one readable character is needed.",
		   "only *");
	is_str(pattern_error_of("?? *"),
		   "Pattern has no letters or digits; at least one readable character is needed.",
		   "only wildcards");
	is_str(pattern_error_of("AB%1"), "Character \"%\" at position 3 is not allowed.",
		   "LIKE %% is not a pattern character");
	is_str(pattern_error_of("AB_1"), "Character \"_\" at position 3 is not allowed.",
		   "LIKE _ is not a pattern character");
	is_str(pattern_error_of("A\\1"), "Character \"\\\" at position 2 is not allowed.",
		   "backslash");
	is_str(pattern_error_of("*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
		   "Pattern is 41 characters long; at most 40 are allowed.", "over-long pattern");

	/* output buffer too small */
	{
		char		small[4];

		ok(!serial_pattern_parse("ABCD", 4, small, sizeof(small), errbuf, sizeof(errbuf)),
		   "small output buffer refused");
		is_str(errbuf, "The pattern does not fit in the output buffer.", "small buffer message");
		ok(serial_pattern_parse("ABC", 3, small, sizeof(small), errbuf, sizeof(errbuf)) &&
		   strcmp(small, "A8C") == 0, "exactly fitting output buffer");
	}
}

static void
test_like(void)
{
	ok(match("A812345", "A812345"), "exact");
	ok(!match("A812345", "A81234"), "prefix alone does not match");
	ok(!match("A81234", "A812345"), "longer pattern does not match");
	ok(match("A812345", "A8%"), "trailing %%");
	ok(match("A812345", "%45"), "leading %%");
	ok(match("A812345", "%123%"), "%% at both ends");
	ok(match("A812345", "%"), "%% alone matches anything");
	ok(match("", "%"), "%% matches empty");
	ok(match("", "%%"), "%%%% matches empty");
	ok(!match("", "_"), "_ needs a character");
	ok(match("", ""), "empty matches empty");
	ok(!match("A", ""), "empty pattern matches only empty");
	ok(match("A812345", "A8_2345"), "one _");
	ok(match("A812345", "_______"), "seven _ for seven characters");
	ok(!match("A812345", "______"), "six _ for seven characters");
	ok(!match("A812345", "________"), "eight _ for seven characters");
	ok(match("A812345", "A%_5"), "%% then _");
	ok(match("A812345", "%_"), "%%_ matches non-empty");
	ok(!match("", "%_"), "%%_ does not match empty");
	ok(match("AAAB", "%AB"), "backtracking: AAAB vs %%AB");
	ok(match("AAAB", "%A%B"), "backtracking: AAAB vs %%A%%B");
	ok(!match("AAAB", "%AB%C"), "backtracking: AAAB vs %%AB%%C");
	ok(match("ABABAC", "%ABAC"), "backtracking: overlapping prefix");
	ok(match("ABCABD", "A%BD"), "backtracking: first B is a false start");
	ok(!match("ABCABD", "A%BC"), "backtracking: suffix must end the key");
	ok(match("XAYAZ", "%A_A%"), "_ inside %% runs");
	ok(!match("XAYZ", "%A_A%"), "_ inside %% runs, no second A");
	ok(match("A%B", "A%B"), "%% in the key matched by %%");
	ok(serial_like_match(NULL, 0, "%", 1), "NULL key, length 0");
	ok(!serial_like_match("A", 1, NULL, 0), "NULL pattern, length 0");
	ok(serial_like_match("AB", 1, "A", 1), "only key_len bytes of the key");

	/* patterns from serial_pattern_parse against keys from serial_parse */
	{
		char		key[SERIAL_MAX_KEY + 1];

		strcpy(key, key_of("ab-123 45"));
		ok(match(key, like_of("AB?2*")), "pattern with unreadable third character");
		ok(match(key, like_of("*345")), "pattern for the end of a serial");
		ok(!match(key, like_of("AB?2")), "pattern without * must cover the key");
		ok(match(key, like_of("A8 I*")), "look-alike spelling of the pattern");
	}
}

int
main(void)
{
	test_parse();
	test_folding();
	test_errors();
	test_patterns();
	test_like();
	return done_testing();
}
