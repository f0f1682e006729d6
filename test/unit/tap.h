/*
 * tap.h — a few macros that print TAP, so plain-C unit tests of the parsers
 * and kernels run under `prove` like everything else.
 */
#ifndef ETRACE_TAP_H
#define ETRACE_TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_count = 0;
static int	tap_failed = 0;

#define ok(cond, ...) \
	do { \
		int tap_ok_ = (cond) ? 1 : 0; \
		printf("%s %d - ", tap_ok_ ? "ok" : "not ok", ++tap_count); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		if (!tap_ok_) { tap_failed++; \
			fprintf(stderr, "#   failed at %s line %d\n", __FILE__, __LINE__); } \
	} while (0)

#define is_str(got, want, ...) \
	do { \
		const char *tap_g_ = (got), *tap_w_ = (want); \
		int tap_same_ = (tap_g_ == NULL && tap_w_ == NULL) || \
			(tap_g_ != NULL && tap_w_ != NULL && strcmp(tap_g_, tap_w_) == 0); \
		ok(tap_same_, __VA_ARGS__); \
		if (!tap_same_) \
			fprintf(stderr, "#          got: '%s'\n#     expected: '%s'\n", \
				   tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
	} while (0)

#define is_int(got, want, ...) \
	do { \
		long long tap_g_ = (long long) (got), tap_w_ = (long long) (want); \
		ok(tap_g_ == tap_w_, __VA_ARGS__); \
		if (tap_g_ != tap_w_) \
			fprintf(stderr, "#          got: %lld\n#     expected: %lld\n", tap_g_, tap_w_); \
	} while (0)

#define done_testing() (printf("1..%d\n", tap_count), tap_failed ? 1 : 0)

#endif
