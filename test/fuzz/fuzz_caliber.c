/*
 * fuzz_caliber.c — libFuzzer harness over the canonicalization cores:
 * caliber_canonical/caliber_family/caliber_key, manufacturer_key and
 * person_name_key get arbitrary bytes.  Checked: no crash, outputs
 * NUL-terminated within cap and valid UTF-8, canonical forms are fixed
 * points, keys are idempotent (key(key(x)) == key(x)), and a smaller buffer
 * either fails or gives the same key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caliber_core.h"
#include "normalize_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void
check_terminated(const char *out, size_t cap)
{
	CHECK(memchr(out, '\0', cap) != NULL);
}

static bool
valid_utf8(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n;
		uint32_t	cp;

		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4, cp = c & 0x07;
		else
			return false;
		if (i + n > len)
			return false;
		for (size_t k = 1; k < n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
			(n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		i += n;
	}
	return true;
}

static void
fuzz_caliber(const char *in, size_t size)
{
	const char *canon = caliber_canonical(in, size);
	const char *family = caliber_family(in, size);
	char		key[CALIBER_KEY_MAX];
	char		key2[CALIBER_KEY_MAX];

	CHECK((canon == NULL) == (family == NULL));
	if (canon != NULL)
	{
		const char *again = caliber_canonical(canon, strlen(canon));

		CHECK(again != NULL && strcmp(again, canon) == 0);
		again = caliber_family(canon, strlen(canon));
		CHECK(again != NULL && strcmp(again, family) == 0);
	}
	if (caliber_key(in, size, key, sizeof(key)))
	{
		check_terminated(key, sizeof(key));
		CHECK(key[0] != '\0');
		CHECK(caliber_key(key, strlen(key), key2, sizeof(key2)));
		CHECK(strcmp(key, key2) == 0);
		/* the canonical form depends on the key alone */
		CHECK(caliber_canonical(key, strlen(key)) == canon);
	}
	else
		CHECK(canon == NULL);
}

static void
fuzz_manufacturer(const char *in, size_t size)
{
	size_t		cap = size + MANUFACTURER_ALIAS_MAX + 1;
	char	   *out = malloc(cap);
	char	   *again = malloc(cap);
	size_t		small_cap = 1 + (size > 0 ? (unsigned char) in[0] % 24 : 0);
	char		small[24];

	CHECK(out != NULL && again != NULL);
	if (manufacturer_key(in, size, out, cap))
	{
		size_t		len;

		check_terminated(out, cap);
		len = strlen(out);
		CHECK(len > 0);
		CHECK(valid_utf8((const unsigned char *) out, len));
		CHECK(manufacturer_key(out, len, again, cap));
		CHECK(strcmp(out, again) == 0);
		if (manufacturer_key(in, size, small, small_cap))
		{
			check_terminated(small, small_cap);
			CHECK(strcmp(small, out) == 0);
		}
	}
	else
	{
		CHECK(out[0] == '\0');
		CHECK(!manufacturer_key(in, size, small, small_cap));
	}
	free(out);
	free(again);
}

static void
fuzz_person(const char *in, size_t size)
{
	const char *nl = memchr(in, '\n', size);
	size_t		llen = nl ? (size_t) (nl - in) : size;
	const char *first = nl ? nl + 1 : NULL;
	size_t		flen = nl ? size - llen - 1 : 0;
	size_t		cap = llen + flen + 2;
	char	   *out = malloc(cap);
	char	   *again = malloc(cap);

	CHECK(out != NULL && again != NULL);
	if (person_name_key(in, llen, first, flen, out, cap))
	{
		size_t		len;
		char	   *bar;

		check_terminated(out, cap);
		len = strlen(out);
		CHECK(valid_utf8((const unsigned char *) out, len));
		bar = strchr(out, '|');
		CHECK(bar != NULL && bar > out && strchr(bar + 1, '|') == NULL);
		CHECK(person_name_key(out, (size_t) (bar - out), bar + 1, strlen(bar + 1), again, cap));
		CHECK(strcmp(out, again) == 0);
	}
	else
		CHECK(out[0] == '\0');
	free(out);
	free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy, so reads past size are caught by the sanitizer */
	char	   *in = malloc(size ? size : 1);

	if (in == NULL)
		return 0;
	memcpy(in, data, size);
	fuzz_caliber(in, size);
	fuzz_manufacturer(in, size);
	fuzz_person(in, size);
	free(in);
	return 0;
}
