/*
 * ttc_core.h — time-to-crime: days from the retail purchase to the recovery,
 * and the summary of many of them (count, quartiles, short shares), without
 * PostgreSQL, so it can be tested and fuzzed alone.
 *
 * The quartiles follow percentile_cont: for a fraction p of n sorted values
 * v[0..n-1], the value at position p * (n - 1), interpolated linearly
 * between the two values around it.  They are found by selection (three
 * partial partitions), not by sorting, and the caller's array is reordered.
 */
#ifndef TTC_CORE_H
#define TTC_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The two fixed thresholds of the summary: one and three years */
#define TTC_ONE_YEAR_DAYS	365
#define TTC_THREE_YEARS_DAYS 1095

typedef enum TtcDaysResult
{
	TTC_DAYS_OK = 0,
	TTC_DAYS_PURCHASE_AFTER_RECOVERY,	/* the recovery is before the purchase */
	TTC_DAYS_OUT_OF_RANGE		/* more days than an int32 holds */
} TtcDaysResult;

typedef struct TtcSummary
{
	int64_t		count;			/* values summarized */
	double		q1;				/* percentile_cont(0.25) */
	double		median;			/* percentile_cont(0.5) */
	double		q3;				/* percentile_cont(0.75) */
	int64_t		le_one_year;	/* values <= TTC_ONE_YEAR_DAYS */
	int64_t		le_three_years; /* values <= TTC_THREE_YEARS_DAYS */
} TtcSummary;

/*
 * Days from purchase_day to recovery_day (both day numbers on the same
 * calendar, such as PostgreSQL's DateADT).  Stores them in *days and returns
 * TTC_DAYS_OK, or says why not.
 */
extern TtcDaysResult ttc_days(int32_t purchase_day, int32_t recovery_day, int32_t *days);

/*
 * Rearrange v[0..n-1] so that v[k] is the value a sort would put there, with
 * nothing greater before it and nothing smaller after it.  Requires k < n.
 * Linear on average; falls back to heap sort on the remaining range when
 * partitioning degenerates, so never worse than n log n.
 */
extern void ttc_select(int32_t *v, size_t n, size_t k);

/*
 * percentile_cont(p) of v[0..n-1] for 0 <= p <= 1 and n > 0 (v is
 * reordered).
 */
extern double ttc_percentile_cont(int32_t *v, size_t n, double p);

/*
 * The summary of v[0..n-1] (reordered); n may be 0, and then only count
 * (0) and the two counters (0) are meaningful.
 */
extern void ttc_summarize(int32_t *v, size_t n, TtcSummary *out);

#endif
