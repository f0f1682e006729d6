/*
 * caliber_core.h — canonical designations of cartridges (calibers and
 * gauges), plain C without PostgreSQL headers.
 *
 * A caliber as written (".38 SPL", "9mm Luger", "12-gauge") is reduced to a
 * token key ("38 spl", "9 para", "12 ga") that is looked up in a sorted
 * table of aliases.  Unknown calibers are not errors: they have no
 * canonical form (NULL).
 */
#ifndef CALIBER_CORE_H
#define CALIBER_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* longest token key caliber_key() produces for a recognizable caliber */
#define CALIBER_KEY_MAX 64

/* canonical designation and family of a caliber as written; NULL when not recognized (never fails) */
const char *caliber_canonical(const char *input, size_t len);
const char *caliber_family(const char *input, size_t len);	/* e.g. "5.56x45mm / .223" for both .223 Rem and 5.56 NATO; a cartridge alone is its own family */

/*
 * The token key of a caliber as written, NUL-terminated in out.  False when
 * nothing is left of the input or the key does not fit in cap bytes.
 */
bool		caliber_key(const char *input, size_t len, char *out, size_t cap);

/* the catalog: every canonical designation with its family, in catalog order */
size_t		caliber_catalog_size(void);
bool		caliber_catalog_entry(size_t i, const char **designation, const char **family);

/* the alias table (token key -> designation), sorted by key; for tests and documentation */
size_t		caliber_alias_count(void);
bool		caliber_alias(size_t i, const char **key, const char **designation);

#endif
