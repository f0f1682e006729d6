/*
 * etrace.h — declarations shared by the fmgr-facing C files.
 * (Plain-C parsers and kernels have their own *_core.h headers and do not
 * include postgres.h.)
 */
#ifndef ETRACE_H
#define ETRACE_H

/* etrace.c: settings */
extern char *etrace_time_zone;
extern bool etrace_unix_socket_access;
extern int	etrace_recertification_days;
extern int	etrace_location_exception_max_days;
extern int	etrace_release_min_cell;
extern bool etrace_audit;
extern int	etrace_short_ttc_days;
extern int	etrace_strong_ttc_days;
extern int	etrace_hot_dealer_traces;

/* etrace.c: the tracing center's calendar date (in etrace.time_zone) */
#include "utils/date.h"
extern DateADT etrace_current_date(void);

/* standing.c: whether the caller sees an agency's traces unmasked, and
 * which agencies it sees so (etrace.full_access_agencies(), a copy) */
extern bool etrace_caller_has_full_access(int64 agency);
extern Datum etrace_caller_full_access(bool *isnull);

/*
 * points.c: the recovery points of the traces the caller may see that match
 * a find_traces filter (jsonb; NULL is refused as not an object), in
 * trace order, for
 * the filter forms of the spatial kernels.  Read as the caller through
 * etrace.traces (masking applies); the calling function must be SECURITY
 * DEFINER, as etrace.visible_points is.
 */
typedef struct VisiblePoints
{
	int			count;
	double	   *lat;			/* count each, palloc'd in the caller's context */
	double	   *lon;
} VisiblePoints;

extern void etrace_visible_points_read(Datum filter, bool filter_isnull,
									   VisiblePoints *points);

#endif
