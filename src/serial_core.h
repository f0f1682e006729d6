/*
 * serial_core.h — firearm serial numbers: parsing, the canonical matching
 * key, and search patterns for partial or obliterated serials.
 *
 * Plain C (no postgres.h): fuzzed and unit-tested alone.
 *
 * A serial is kept in two forms:
 *
 *   recorded  the serial as written, with outer white space trimmed; this is
 *             what is displayed and printed.
 *   key       the canonical matching form; equality, ordering, hashing and
 *             pattern search use the key only.
 *
 * The key is built from the recorded form by
 *   - upper-casing ASCII letters;
 *   - removing the separators space, hyphen '-', period '.' and slash '/';
 *   - folding characters that are commonly misread for one another on worn,
 *     stamped or handwritten serials onto one spelling:
 *         O -> 0   I -> 1   L -> 1   S -> 5   B -> 8   Z -> 2
 *     (after upper-casing, so 'o', 'i', 'l', 's', 'b', 'z' fold too).
 * So "ab-123 45", "AB12345" and "A8 I2345" all have the key "A812345".
 * The key alphabet is therefore the digits and the letters other than
 * B, I, L, O, S and Z.
 *
 * Accepted input: ASCII letters, digits and the four separators, with
 * optional white space around it; at most SERIAL_MAX_RECORDED bytes after
 * trimming, and at least one letter or digit.  Rejected: empty or blank
 * input, control characters, non-ASCII bytes, any other punctuation
 * (including the pattern wildcards '?' and '*', and '_').
 *
 * A search pattern is written like a serial, with two wildcards:
 *   '?'  one unreadable character   (becomes LIKE '_')
 *   '*'  any run, possibly empty    (becomes LIKE '%'; runs collapse)
 * It is folded exactly like a serial, must contain at least one letter or
 * digit, and is at most SERIAL_MAX_RECORDED bytes after trimming, so its
 * LIKE form always fits in SERIAL_MAX_KEY + 1 bytes.
 */
#ifndef SERIAL_CORE_H
#define SERIAL_CORE_H

#include <stdbool.h>
#include <stddef.h>

#define SERIAL_MAX_RECORDED 40	/* bytes of the recorded form after trimming */
#define SERIAL_MAX_KEY      40

typedef struct SerialParse
{
	char		recorded[SERIAL_MAX_RECORDED + 1];
	int			recorded_len;	/* as written, outer white space trimmed,
								 * NUL-terminated */
	char		key[SERIAL_MAX_KEY + 1];
	int			key_len;		/* canonical matching form */
} SerialParse;

/*
 * Parse a serial number of len bytes (need not be NUL-terminated; a NUL byte
 * inside is a control character).  True on success; on failure false and a
 * whole-sentence English message in err (e.g. "Character \"#\" at position 4
 * is not allowed."), positions counted from 1 in the input as given.
 */
extern bool serial_parse(const char *input, size_t len, SerialParse *out,
						 char *err, size_t errlen);

/*
 * Parse a partial serial / search pattern ('?' one unreadable character, '*'
 * any run, possibly empty).  On success writes a LIKE pattern over the key
 * alphabet ('_' and '%', runs of '*' collapsed) NUL-terminated into like_out;
 * like_cap of SERIAL_MAX_KEY + 1 always suffices.
 */
extern bool serial_pattern_parse(const char *input, size_t len,
								 char *like_out, size_t like_cap,
								 char *err, size_t errlen);

/*
 * LIKE match of a key against such a pattern ('_' one byte, '%' any run, no
 * escape character; every other byte matches itself).  Never fails; runs in
 * O(key_len * like_len) time at worst, without recursion.
 */
extern bool serial_like_match(const char *key, size_t key_len,
							  const char *like, size_t like_len);

#endif
