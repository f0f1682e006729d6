/*
 * reference_core.h — membership tests for the reference code lists
 * (ISO 3166 countries and subdivisions, NCIC gun-type letters and offense
 * codes, and the trace form's own code lists).
 *
 * Plain C, no postgres.h: the data is compiled in from the generated
 * src/gen/reference_data.h, so the checks need no database access and can be
 * used anywhere, including fuzzed parsers.  Every function accepts NULL (and
 * answers false or NULL) and compares case-sensitively: codes are canonical
 * as stored ("MX", "MX-JAL", "5212", 'P', "urgent", "M").
 */
#ifndef ETRACE_REFERENCE_CORE_H
#define ETRACE_REFERENCE_CORE_H

#include <stdbool.h>

/* ISO 3166-1 alpha-2 country code, e.g. "MX". */
extern bool ref_country_exists(const char *alpha2);

/*
 * ISO 3166-2 subdivision code, e.g. "MX-JAL": returns its country ("MX", a
 * static string), or NULL if there is no such subdivision.
 */
extern const char *ref_subdivision_country(const char *code);

/* NCIC uniform offense code, four digits, e.g. "5212". */
extern bool ref_ncic_offense_exists(const char *code4);

/* NCIC gun type: first letter (weapon, e.g. 'P') and second (action, e.g. 'I'). */
extern bool ref_ncic_weapon_exists(char letter);
extern bool ref_ncic_action_exists(char letter);

/* The trace form's code lists (etrace.priority, etrace.sex...). */
extern bool ref_priority_exists(const char *code);
extern bool ref_sex_exists(const char *code);
extern bool ref_untraceable_reason_exists(const char *code);
extern bool ref_result_outcome_exists(const char *code);
extern bool ref_person_role_exists(const char *code);
extern bool ref_agency_kind_exists(const char *code);
extern bool ref_mou_language_exists(const char *code);
extern bool ref_trace_status_exists(const char *code);

#endif							/* ETRACE_REFERENCE_CORE_H */
