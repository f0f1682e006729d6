/*
 * fuzz_sha256.c — libFuzzer harness for sha256_core.
 *
 * Any bytes: hashing them at once and in two pieces split where the first
 * byte says must give the same digest, and must not read or write out of
 * bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sha256_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Sha256Core	ctx;
	uint8_t		once[SHA256_CORE_DIGEST_LEN];
	uint8_t		split[SHA256_CORE_DIGEST_LEN];
	size_t		at = size > 0 ? data[0] % (size + 1) : 0;

	sha256_core_init(&ctx);
	sha256_core_update(&ctx, data, size);
	sha256_core_final(&ctx, once);

	sha256_core_init(&ctx);
	sha256_core_update(&ctx, data, at);
	sha256_core_update(&ctx, data + at, size - at);
	sha256_core_final(&ctx, split);
	if (memcmp(once, split, sizeof(once)) != 0)
		abort();
	return 0;
}
