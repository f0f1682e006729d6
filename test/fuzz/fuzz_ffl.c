/*
 * fuzz_ffl.c — libFuzzer harness for the license-number parser.
 *
 * Any bytes: ffl_parse must not crash.  When it accepts, printing and
 * parsing again must give the same packed value and the same text.  The
 * first eight bytes are also tried as a packed value (binary input): when
 * ffl_unpack accepts, pack must give it back and its printed form must parse
 * to it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ffl_core.h"

static void
must(int cond)
{
	if (!cond)
		abort();
}

static void
check_round_trip(int64_t packed)
{
	char		text[FFL_FORMAT_LEN];
	char		again[FFL_FORMAT_LEN];
	char		err[FFL_ERR_LEN];
	char		key[FFL_RDS_KEY_LEN];
	int64_t		reparsed = -1;
	FflParts	parts;

	ffl_format(packed, text);
	must(strlen(text) == 20);
	must(ffl_parse(text, strlen(text), &reparsed, err, sizeof(err)));
	must(reparsed == packed);
	ffl_format(reparsed, again);
	must(strcmp(text, again) == 0);
	must(ffl_unpack(packed, &parts, err, sizeof(err)));
	must(ffl_pack(&parts) == packed);
	ffl_rds_key(packed, key);
	must(strlen(key) == 10);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		err[FFL_ERR_LEN];
	char		text[FFL_FORMAT_LEN];
	int64_t		packed;
	FflParts	parts;

	if (ffl_parse((const char *) data, size, &packed, err, sizeof(err)))
	{
		must(packed >= 0 && packed < FFL_PACKED_LIMIT);
		check_round_trip(packed);
	}
	else
		must(memchr(err, '\0', sizeof(err)) != NULL && err[0] != '\0');

	if (size >= sizeof(packed))
	{
		memcpy(&packed, data, sizeof(packed));
		if (ffl_unpack(packed, &parts, err, sizeof(err)))
			check_round_trip(packed);
		ffl_format(packed, text);
		must(strlen(text) == 20);
	}
	return 0;
}
