/*
 * SHA-256 against the published FIPS 180-2 examples, messages of every
 * length across the block and padding boundaries (against digests computed
 * with Python's hashlib), and hashing in pieces against hashing at once.
 */
#include <stdio.h>
#include <string.h>

#include "sha256_core.h"
#include "tap.h"

static void
hex(const uint8_t *digest, char *out)
{
	int			i;

	for (i = 0; i < SHA256_CORE_DIGEST_LEN; i++)
		sprintf(out + 2 * i, "%02x", digest[i]);
}

static void
digest_of(const void *data, size_t len, char *out)
{
	Sha256Core	ctx;
	uint8_t		digest[SHA256_CORE_DIGEST_LEN];

	sha256_core_init(&ctx);
	sha256_core_update(&ctx, data, len);
	sha256_core_final(&ctx, digest);
	hex(digest, out);
}

int
main(void)
{
	static uint8_t message[1000000];
	char		got[2 * SHA256_CORE_DIGEST_LEN + 1];
	Sha256Core	all;
	uint8_t		digest[SHA256_CORE_DIGEST_LEN];
	int			n;
	int			i;
	int			split_ok = 1;

	digest_of("", 0, got);
	is_str(got, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty message");
	digest_of("abc", 3, got);
	is_str(got, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "\"abc\"");
	digest_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, got);
	is_str(got, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "448 bits: padding spills into a second block");
	memset(message, 'a', sizeof(message));
	digest_of(message, sizeof(message), got);
	is_str(got, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "a million 'a'");

	/* lengths 0..200 of bytes (7i + 3) mod 256: the digest of their digests */
	for (i = 0; i < 200; i++)
		message[i] = (uint8_t) ((i * 7 + 3) % 256);
	sha256_core_init(&all);
	for (n = 0; n <= 200; n++)
	{
		Sha256Core	ctx;
		Sha256Core	pieces;
		uint8_t		one[SHA256_CORE_DIGEST_LEN];
		uint8_t		split[SHA256_CORE_DIGEST_LEN];
		int			at;

		sha256_core_init(&ctx);
		sha256_core_update(&ctx, message, n);
		sha256_core_final(&ctx, one);
		sha256_core_update(&all, one, sizeof(one));

		/* the same message given in pieces of 1, 2, 3... bytes */
		sha256_core_init(&pieces);
		for (at = 0, i = 1; at < n; at += i, i++)
			sha256_core_update(&pieces, message + at, (size_t) (n - at < i ? n - at : i));
		sha256_core_final(&pieces, split);
		if (memcmp(one, split, sizeof(one)) != 0)
			split_ok = 0;
	}
	sha256_core_final(&all, digest);
	hex(digest, got);
	is_str(got, "3275febb4612d86d586eb9f11cd21e648a9fc7d95e0f6b8d362786e28c9c5b79",
		   "every length from 0 to 200 bytes");
	ok(split_ok, "hashing in pieces gives the digest of hashing at once");
	return done_testing();
}
