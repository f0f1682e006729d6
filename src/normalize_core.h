/*
 * normalize_core.h — matching keys for manufacturer names and person names,
 * plain C without PostgreSQL headers.
 *
 * Input is UTF-8.  Latin letters are folded to unaccented ASCII upper case
 * ("Česká" -> "CESKA", "ß" -> "SS"); Greek, Cyrillic and Armenian letters
 * are upper-cased; letters of other scripts are kept as they are; invalid
 * UTF-8 bytes, punctuation and symbols separate words.  Keys are valid UTF-8
 * and never longer than the input plus a short alias (see the functions).
 */
#ifndef NORMALIZE_CORE_H
#define NORMALIZE_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* longest canonical maker key an alias can produce (without the NUL) */
#define MANUFACTURER_ALIAS_MAX 24

/*
 * Matching key of a manufacturer name: folded upper case, punctuation and
 * "&"/"AND" dropped, trailing corporate suffixes (INC, CORP, GMBH, SPA...)
 * dropped, words joined without spaces, and well-known makers' other names
 * mapped to one key ("S&W" -> "SMITHWESSON").  out is also the working
 * buffer: false when nothing is left or the folded name does not fit in cap
 * bytes (len + MANUFACTURER_ALIAS_MAX + 1 always fits, as folding never
 * makes text longer).
 */
bool		manufacturer_key(const char *in, size_t len, char *out, size_t cap);

/*
 * Matching key of a person's name: "LAST|FIRST", each part folded upper
 * case with everything but letters and digits removed ("De la Cruz" ->
 * "DELACRUZ", "O'Neil" -> "ONEIL").  first may be NULL (no first name).
 * False when nothing is left of the last name or the key does not fit in
 * cap bytes (llen + flen + 2 always fits).
 */
bool		person_name_key(const char *last, size_t llen, const char *first, size_t flen,
							char *out, size_t cap);

/* the manufacturer alias table (folded name -> maker key), sorted; for tests */
size_t		manufacturer_alias_count(void);
bool		manufacturer_alias(size_t i, const char **name, const char **key);

#endif
