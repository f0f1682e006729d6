/*
 * trafficking_groups.h — the counts of etrace.trafficking_indicators that
 * need other traces (trafficking_groups.c), for the report itself
 * (trafficking_indicators.c) and for its window-function form
 * etrace.trafficking_group_counts.
 *
 * Rows are added one a trace, in any order; after trafficking_groups_count
 * each row has four counts, in the order of etrace.trafficking_group_flags.
 */
#ifndef TRAFFICKING_GROUPS_H
#define TRAFFICKING_GROUPS_H

#include "utils/date.h"

#define TG_PURCHASER_TRACES		0	/* traces of the buyer (name key, date of birth) */
#define TG_REPEAT_PURCHASER		1	/* 1 when they are of two or more guns */
#define TG_MULTIPLE_SALE		2	/* 1 when another gun was sold within 4 business days */
#define TG_DEALER_SHORT_TRACES	3	/* short traces of the dealer in months m - 11 .. m */
#define TG_FIELDS				4
#define TG_NO_VALUE				(-1)	/* the count is NULL */

typedef struct TraffickingGroups TraffickingGroups;

/* A row's key: buyer and dealer are NULL when absent. */
typedef struct TraffickingGroupKey
{
	text	   *buyer;
	bool		has_dob;
	DateADT		dob;
	bool		has_day;
	int32		day;			/* business day of the purchase */
	int64		gun;
	text	   *dealer;
	bool		has_month;
	int32		month;			/* etrace.month_number of the recovery */
	bool		is_short;		/* short time-to-crime */
} TraffickingGroupKey;

/* Everything lives in context (a child of it, for the keys). */
extern TraffickingGroups *trafficking_groups_create(MemoryContext context);
/* Adds a row (the key's texts are copied once a group); returns its number. */
extern int64 trafficking_groups_add(TraffickingGroups *groups, const TraffickingGroupKey *key);
extern int64 trafficking_groups_rows(const TraffickingGroups *groups);
/* Counts every row; the keys and hash tables are freed. */
extern void trafficking_groups_count(TraffickingGroups *groups);
/* The TG_FIELDS counts of a row, after trafficking_groups_count. */
extern const int64 *trafficking_groups_of_row(const TraffickingGroups *groups, int64 row);

#endif
