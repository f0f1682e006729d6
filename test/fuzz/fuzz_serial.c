/*
 * fuzz_serial.c — libFuzzer harness for the serial-number core.
 *
 * Any bytes: serial_parse must not crash; on success the recorded form parses
 * back to the same recorded bytes and key, the key parses to itself, and the
 * key (read as a pattern) matches itself.  serial_pattern_parse must not
 * crash, and its LIKE form, when it succeeds, is well formed.  The input is
 * also split in two and matched as key and LIKE pattern, for the matcher.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serial_core.h"

static void
check(int cond)
{
	if (!cond)
		abort();
}

static void
check_serial(const uint8_t *data, size_t size)
{
	SerialParse first;
	SerialParse again;
	SerialParse of_key;
	char		err[256];
	char		like[SERIAL_MAX_KEY + 1];

	if (!serial_parse((const char *) data, size, &first, err, sizeof(err)))
	{
		check(err[0] != '\0' && strlen(err) < sizeof(err));
		return;
	}

	check(first.recorded_len > 0 && first.recorded_len <= SERIAL_MAX_RECORDED);
	check(first.key_len > 0 && first.key_len <= SERIAL_MAX_KEY);
	check(first.key_len <= first.recorded_len);
	check(first.recorded[first.recorded_len] == '\0');
	check(first.key[first.key_len] == '\0');
	check(strlen(first.recorded) == (size_t) first.recorded_len);
	check(strlen(first.key) == (size_t) first.key_len);

	/* round trip through the recorded form */
	check(serial_parse(first.recorded, first.recorded_len, &again, err, sizeof(err)));
	check(again.recorded_len == first.recorded_len);
	check(memcmp(again.recorded, first.recorded, first.recorded_len) == 0);
	check(again.key_len == first.key_len);
	check(memcmp(again.key, first.key, first.key_len) == 0);

	/* the key is a fixed point */
	check(serial_parse(first.key, first.key_len, &of_key, err, sizeof(err)));
	check(of_key.key_len == first.key_len);
	check(memcmp(of_key.key, first.key, first.key_len) == 0);
	check(of_key.recorded_len == first.key_len);
	check(memcmp(of_key.recorded, first.key, first.key_len) == 0);

	/* the key read as a pattern is itself and matches itself */
	check(serial_pattern_parse(first.key, first.key_len, like, sizeof(like),
							   err, sizeof(err)));
	check(strcmp(like, first.key) == 0);
	check(serial_like_match(first.key, first.key_len, like, strlen(like)));

	/* the recorded form read as a pattern gives the key too */
	check(serial_pattern_parse(first.recorded, first.recorded_len, like,
							   sizeof(like), err, sizeof(err)));
	check(strcmp(like, first.key) == 0);
}

static void
check_pattern(const uint8_t *data, size_t size)
{
	char		like[SERIAL_MAX_KEY + 1];
	char		err[256];
	size_t		n;
	size_t		i;
	int			readable = 0;

	if (!serial_pattern_parse((const char *) data, size, like, sizeof(like),
							  err, sizeof(err)))
	{
		check(err[0] != '\0');
		return;
	}
	n = strlen(like);
	check(n > 0 && n <= SERIAL_MAX_KEY);
	for (i = 0; i < n; i++)
	{
		char		c = like[i];

		check(c == '_' || c == '%' || (c >= '0' && c <= '9') ||
			  (c >= 'A' && c <= 'Z'));
		check(!(c == '%' && i > 0 && like[i - 1] == '%'));
		if (c != '_' && c != '%')
			readable++;
	}
	check(readable > 0);

	/* a key made by filling in the wildcards ('_' -> X, '%' -> empty) matches */
	{
		char		key[SERIAL_MAX_KEY + 1];
		size_t		k = 0;

		for (i = 0; i < n; i++)
			if (like[i] != '%')
				key[k++] = like[i] == '_' ? 'X' : like[i];
		check(serial_like_match(key, k, like, n));
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_serial(data, size);
	check_pattern(data, size);

	/* the matcher alone, on arbitrary halves */
	serial_like_match((const char *) data, size / 2,
					  (const char *) data + size / 2, size - size / 2);
	return 0;
}
