/*
 * sha256_core.h — SHA-256 (FIPS 180-4) without PostgreSQL.
 *
 * The audit trail hashes every row it appends; PostgreSQL's own sha256()
 * goes through OpenSSL's EVP interface, whose set-up for each digest costs
 * more than hashing a row.  This computes the same function, so that
 * etrace.verify_audit, which recomputes every hash with sha256() in SQL,
 * agrees with it (test/pgtap/70_audit.sql checks that on many rows;
 * test/unit/test_sha256_core.c checks the published test vectors).
 */
#ifndef SHA256_CORE_H
#define SHA256_CORE_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_CORE_DIGEST_LEN 32

typedef struct Sha256Core
{
	uint32_t	state[8];
	uint64_t	length;			/* bytes hashed so far */
	uint8_t		block[64];		/* the partial block */
	size_t		used;			/* bytes in block */
} Sha256Core;

extern void sha256_core_init(Sha256Core *ctx);
extern void sha256_core_update(Sha256Core *ctx, const void *data, size_t len);
extern void sha256_core_final(Sha256Core *ctx, uint8_t digest[SHA256_CORE_DIGEST_LEN]);

#endif							/* SHA256_CORE_H */
