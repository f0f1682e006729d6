/*
 * fuzz_tracenum.c — libFuzzer harness for the trace-number parser.
 *
 * Any bytes: tracenum_parse must not crash.  When it accepts, printing and
 * parsing again must give the same year and sequence and the same text.  The
 * first eight bytes are also tried as a packed value (binary input): when
 * tracenum_unpack accepts, pack must give it back and its printed form must
 * parse to it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tracenum_core.h"

static void
must(int cond)
{
	if (!cond)
		abort();
}

static void
check_round_trip(int32_t year, int32_t seq)
{
	char		text[TRACENUM_FORMAT_LEN];
	char		again[TRACENUM_FORMAT_LEN];
	char		err[TRACENUM_ERR_LEN];
	int32_t		y = 0;
	int32_t		s = 0;

	must(tracenum_parts_valid(year, seq));
	tracenum_format(year, seq, text);
	must(strlen(text) == 15);
	must(tracenum_parse(text, strlen(text), &y, &s, err, sizeof(err)));
	must(y == year && s == seq);
	tracenum_format(y, s, again);
	must(strcmp(text, again) == 0);
	must(tracenum_unpack(tracenum_pack(year, seq), &y, &s, err, sizeof(err)));
	must(y == year && s == seq);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		err[TRACENUM_ERR_LEN];
	char		text[TRACENUM_FORMAT_LEN];
	int32_t		year;
	int32_t		seq;
	int64_t		packed;

	if (tracenum_parse((const char *) data, size, &year, &seq, err, sizeof(err)))
		check_round_trip(year, seq);
	else
		must(memchr(err, '\0', sizeof(err)) != NULL && err[0] != '\0');

	if (size >= sizeof(packed))
	{
		memcpy(&packed, data, sizeof(packed));
		if (tracenum_unpack(packed, &year, &seq, err, sizeof(err)))
		{
			must(tracenum_pack(year, seq) == packed);
			check_round_trip(year, seq);
		}
		/* Printing never overruns, whatever the parts */
		tracenum_format((int32_t) packed, (int32_t) (packed >> 32), text);
		must(strlen(text) == 15);
		(void) tracenum_check_char((int32_t) packed, (int32_t) (packed >> 32));
	}
	return 0;
}
