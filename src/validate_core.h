/*
 * validate_core.h — the rules of a trace document and of a trace result
 * document, in plain C.
 *
 * No postgres.h here: the date parser, the string and format checks, the
 * problem list and the field rules are unit-tested and fuzzed alone.  The
 * fmgr side (validate.c) walks a jsonb document and hands each object's
 * field values to vc_check_object(); the rules call back into the walker
 * for nested objects and array items, so the core never sees jsonb.
 *
 * All text handed to the core is UTF-8 (validate.c converts from the
 * database encoding when that is not UTF-8); lengths count characters,
 * not bytes.  Nothing here allocates: problems go to a caller-owned list
 * that the caller may let grow through a callback.
 *
 * Dates are counted in days since 2000-01-01, the same count as
 * PostgreSQL's DateADT, so the caller passes today's date straight in.
 */
#ifndef VALIDATE_CORE_H
#define VALIDATE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- dates */

typedef enum VcDateStatus
{
	VC_DATE_OK,
	VC_DATE_BAD_FORMAT,			/* not exactly YYYY-MM-DD */
	VC_DATE_NONEXISTENT			/* well formed, but no such calendar day */
} VcDateStatus;

/* Strict YYYY-MM-DD (ten bytes, no white space, no trailing junk). */
extern VcDateStatus vc_parse_date(const char *s, size_t len,
								  int *year, int *month, int *day);
extern bool vc_is_leap_year(int year);
extern int	vc_days_in_month(int year, int month);	/* 0 for a bad month */

/* Proleptic Gregorian day count relative to 2000-01-01 (= DateADT). */
extern int32_t vc_days_from_civil(int year, int month, int day);
extern void vc_civil_from_days(int32_t days, int *year, int *month, int *day);

/* Writes YYYY-MM-DD and a NUL (needs 11 bytes) for years 0..9999. */
extern void vc_format_date(int32_t days, char *out);

/* The earliest date a trace document may carry. */
#define VC_DATE_MIN_YEAR 1900

/* -------------------------------------------------------------- strings */

/* Characters in UTF-8 text (continuation bytes are not counted). */
extern size_t vc_utf8_chars(const char *s, size_t len);

/* Strip ASCII white space (space, tab, CR, LF, VT, FF) at both ends. */
extern void vc_trim(const char **s, size_t *len);

/*
 * First control character in s (C0, DEL, or a UTF-8 encoded C1 control
 * U+0080..U+009F) as a code point, or -1 when there is none.
 */
extern int32_t vc_find_control(const char *s, size_t len);

/*
 * Copy s into out (cap bytes, always NUL-terminated) for quoting in a
 * message: at most max_chars characters (then "..."), '"' and '\\' and
 * control characters escaped JSON-style, malformed UTF-8 bytes as '?'.
 */
extern void vc_quote(char *out, size_t cap, const char *s, size_t len,
					 int max_chars);

/*
 * Formats: NULL when s is acceptable, else a fragment that completes the
 * sentence "E-mail address \"x\" ..." / "Phone number \"x\" ...".
 * s is already trimmed; length limits are checked elsewhere.
 */
extern const char *vc_email_problem(const char *s, size_t len);
extern const char *vc_phone_problem(const char *s, size_t len);

/* --------------------------------------------------------- problem list */

typedef enum VcCode
{
	VC_REQUIRED,
	VC_UNKNOWN_FIELD,
	VC_WRONG_TYPE,
	VC_TOO_LONG,
	VC_INVALID_FORMAT,
	VC_INVALID_VALUE,
	VC_OUT_OF_RANGE,
	VC_UNKNOWN_CODE,
	VC_NOT_IN_COUNTRY,
	VC_INCONSISTENT,
	VC_TOO_MANY
} VcCode;

/* What kind of value a problem is about; picks the SQLSTATE. */
typedef enum VcKind
{
	VC_KIND_TEXT,
	VC_KIND_NUMBER,
	VC_KIND_DATE
} VcKind;

extern const char *vc_code_name(VcCode code);
/* Five-character SQLSTATE for a problem (e.g. "22004"). */
extern const char *vc_sqlstate(VcCode code, VcKind kind);

#define VC_PATH_MAX		192
#define VC_MESSAGE_MAX	448
/* A document this broken gets one closing "too_many" problem instead. */
#define VC_MAX_PROBLEMS 1000
/* Values quoted in messages and paths are cut after this many characters. */
#define VC_QUOTE_CHARS	40

typedef struct VcProblem
{
	char		path[VC_PATH_MAX];
	VcCode		code;
	VcKind		kind;
	char		message[VC_MESSAGE_MAX];
} VcProblem;

typedef struct VcProblemList
{
	VcProblem  *items;
	int			count;
	int			capacity;
	long		omitted;		/* dropped: over VC_MAX_PROBLEMS or no room */
	/* Optional: make room for at least min_capacity items; false if not. */
	bool		(*grow) (struct VcProblemList *list, int min_capacity);
	void	   *grow_arg;
} VcProblemList;

extern void vc_problems_init(VcProblemList *list, VcProblem *items,
							 int capacity);
extern void vc_report(VcProblemList *list, const char *path, VcCode code,
					  VcKind kind, const char *fmt,...)
			__attribute__((format(printf, 5, 6)));
/* After the walk: adds the closing note when problems were omitted. */
extern void vc_problems_finish(VcProblemList *list);

/* "parent.key", "parent[\"odd key\"]" (quoted when not an identifier). */
extern void vc_path_key(char *out, const char *parent, const char *key,
						size_t keylen);
extern void vc_path_index(char *out, const char *parent, long index);

/* ---------------------------------------------------------------- values */

typedef enum VcType
{
	VC_ABSENT = 0,
	VC_NULL,
	VC_STRING,
	VC_NUMBER,
	VC_BOOLEAN,
	VC_OBJECT,
	VC_ARRAY
} VcType;

/* One JSON value as the walker sees it. */
typedef struct VcValue
{
	VcType		type;
	const char *str;			/* VC_STRING: UTF-8 text; VC_NUMBER: its
								 * text form (for messages) */
	size_t		len;
	double		number;			/* VC_NUMBER */
	bool		boolean;		/* VC_BOOLEAN */
	const void *container;		/* VC_OBJECT, VC_ARRAY: walker's handle */
	long		nitems;			/* VC_ARRAY: number of elements */
} VcValue;

/* "a string", "a number", "null", ... */
extern const char *vc_type_phrase(VcType type);

/* ---------------------------------------------------------------- schema */

typedef enum VcObject
{
	VC_OBJ_DOCUMENT,
	VC_OBJ_REQUEST,
	VC_OBJ_OFFICER,
	VC_OBJ_FIREARM,
	VC_OBJ_RECOVERY,
	VC_OBJ_POSSESSOR,
	VC_OBJ_ASSOCIATE,
	VC_OBJ_ADDRESS,
	VC_OBJ_RESULT,				/* the tracing center's result document */
	VC_OBJ_PURCHASER			/* the possessor's fields and rules */
} VcObject;

typedef enum VcRule
{
	VC_RULE_TEXT,
	VC_RULE_REQUEST_DATE,
	VC_RULE_RECOVERY_DATE,
	VC_RULE_DOB,
	VC_RULE_PRIORITY,
	VC_RULE_URGENT_REASON,
	VC_RULE_CRIME_CODE,
	VC_RULE_PHONE,
	VC_RULE_EMAIL,
	VC_RULE_SERIAL,
	VC_RULE_BOOLEAN,
	VC_RULE_IMPORTER,
	VC_RULE_DERIVED,			/* computed on output; input may only be a
								 * string or null and is replaced */
	VC_RULE_FIREARM_TYPE,
	VC_RULE_COUNTRY,
	VC_RULE_SUBDIVISION,		/* exists, and in the object's "country" */
	VC_RULE_LATITUDE,
	VC_RULE_LONGITUDE,
	VC_RULE_SEX,
	VC_RULE_OBJECT,
	VC_RULE_STRING_ARRAY,
	VC_RULE_OBJECT_ARRAY,
	VC_RULE_OUTCOME,
	VC_RULE_FFL,				/* a licence number that ffl_parse accepts */
	VC_RULE_PURCHASE_DATE,		/* not after the recovery date; required
								 * when the outcome names a purchaser */
	VC_RULE_PURCHASER			/* an object, required when the outcome
								 * names a purchaser */
} VcRule;

typedef struct VcField
{
	const char *name;
	VcRule		rule;
	bool		required;
	int			max_chars;		/* strings, and each string of an array */
	int			max_items;		/* arrays */
	VcObject	child;			/* objects and arrays of objects */
} VcField;

typedef struct VcSchema
{
	VcObject	object;
	const VcField *fields;
	int			nfields;
} VcSchema;

#define VC_MAX_FIELDS 16

extern const VcSchema *vc_schema(VcObject object);
/* Index of key in the object's schema, or -1. */
extern int	vc_field_index(VcObject object, const char *key, size_t keylen);
/* A known field name within a small edit distance of key, or NULL. */
extern const char *vc_suggest_field(VcObject object, const char *key,
									size_t keylen);

/* --------------------------------------------------------------- walking */

typedef struct VcWalker VcWalker;

struct VcWalker
{
	VcProblemList *problems;
	int32_t		today;			/* days since 2000-01-01 */

	/* Facts from the recovery section that other sections are checked against. */
	bool		have_recovery_date;
	int32_t		recovery_date;
	bool		have_recovery_country;
	char		recovery_country[3];

	/*
	 * The tracing center's country ("" when unknown).  Firearms made there
	 * were sold at retail there without an importer, wherever they were
	 * recovered; see check_importer.
	 */
	char		retail_country[3];

	/* Check the nested object behind container (a VC_OBJECT value). */
	void		(*walk_object) (VcWalker *w, VcObject object,
								const void *container, const char *path);
	/* Element index of an array container as a VcValue. */
	void		(*array_item) (VcWalker *w, const void *container, long index,
							   VcValue *out);
	void	   *arg;
};

extern void vc_walker_init(VcWalker *w, VcProblemList *problems,
						   int32_t today);

/*
 * Record recovery.date and recovery.country (either may be absent or
 * broken; only valid values are kept) before the walk, since the request,
 * firearm and people sections are checked against them.
 */
extern void vc_walker_set_recovery(VcWalker *w, const VcValue *date,
								   const VcValue *country);

/*
 * The recovery date of a result document comes from the stored trace, as a
 * day count.  Only days from 1900-01-01 to 9999-12-31 are taken (false
 * otherwise, and the walker then has no recovery date).
 */
extern bool vc_walker_set_recovery_day(VcWalker *w, int32_t days);

/* The document itself must be an object. */
extern bool vc_check_root(VcWalker *w, const VcValue *root);

/*
 * The same for a result document, whose fields are reported under
 * VC_RESULT_PATH ("result.dealer_ffl"), as it sits in get_trace's document.
 */
#define VC_RESULT_PATH "result"
extern bool vc_check_result_root(VcWalker *w, const VcValue *root);

/* Report key at path as unknown when the object's schema lacks it. */
extern bool vc_check_key(VcWalker *w, VcObject object, const char *path,
						 const char *key, size_t keylen);

/*
 * Check one object's fields in schema order.  values[i] is the value of
 * schema field i (VC_ABSENT when the key is missing).  Nested objects and
 * array items are visited through the walker's callbacks.
 */
extern void vc_check_object(VcWalker *w, VcObject object, const char *path,
							const VcValue *values);

#endif
