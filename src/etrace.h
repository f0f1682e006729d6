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

/* standing.c: whether the caller sees an agency's traces unmasked */
extern bool etrace_caller_has_full_access(int64 agency);

#endif
