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

#define TG_PURCHASER_TRACES		0	/* traces of the buyer (name key, date of birth) */
#define TG_REPEAT_PURCHASER		1	/* 1 when they are of two or more guns */
#define TG_MULTIPLE_SALE		2	/* 1 when another gun was sold within 4 business days */
#define TG_DEALER_SHORT_TRACES	3	/* short traces of the dealer in months m - 11 .. m */
#define TG_FIELDS				4
#define TG_NO_VALUE				(-1)	/* the count is NULL */

#define TG_IS_NULL(c)			((c) == TG_NO_VALUE)

/*
 * The columns of a row, in the order of etrace.trafficking_group_key: the
 * purchaser's name key and date of birth, the business day of the
 * purchase, the firearm, the dealer key, the month of recovery
 * (etrace.month_number) and whether the time-to-crime is short.
 */
enum
{
	TG_KEY_BUYER, TG_KEY_DOB, TG_KEY_DAY, TG_KEY_GUN, TG_KEY_DEALER, TG_KEY_MONTH, TG_KEY_SHORT,
	TG_KEY_COLUMNS
};

typedef struct TraffickingGroups TraffickingGroups;

/* Everything lives in context (a child of it, for the keys). */
extern TraffickingGroups *trafficking_groups_create(MemoryContext context);
/*
 * Adds a row from its TG_KEY_COLUMNS values (a NULL gun raises 22004; the
 * key texts are copied once a group); returns its number.
 */
extern int64 trafficking_groups_add(TraffickingGroups *groups, const Datum *values, const bool *isnull);
/* Counts every row; the keys and hash tables are freed. */
extern void trafficking_groups_count(TraffickingGroups *groups);
/* The TG_FIELDS counts of a row, after trafficking_groups_count. */
extern const int64 *trafficking_groups_of_row(const TraffickingGroups *groups, int64 row);

#endif
