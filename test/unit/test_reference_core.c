/*
 * test_reference_core.c — the reference code-list membership tests:
 * known codes, unknown codes, wrong case, padding, empty strings and NULL.
 */
#include <string.h>

#include "reference_core.h"
#include "tap.h"

static void
test_countries(void)
{
	ok(ref_country_exists("MX"), "MX is a country");
	ok(ref_country_exists("DE"), "DE is a country");
	ok(ref_country_exists("BR"), "BR is a country");
	ok(ref_country_exists("AD"), "AD, the first code, is a country");
	ok(ref_country_exists("ZW"), "ZW, the last code, is a country");
	ok(!ref_country_exists("XX"), "XX is not a country");
	ok(!ref_country_exists("UK"), "UK is not an ISO 3166-1 code (GB is)");
	ok(!ref_country_exists("AA"), "AA (before the first code) is not a country");
	ok(!ref_country_exists("ZZ"), "ZZ (after the last code) is not a country");
	ok(!ref_country_exists("mx"), "country codes are case-sensitive");
	ok(!ref_country_exists("MEX"), "alpha-3 is not accepted");
	ok(!ref_country_exists("MX "), "trailing space is not trimmed");
	ok(!ref_country_exists("M"), "one letter is not a country");
	ok(!ref_country_exists(""), "empty string is not a country");
	ok(!ref_country_exists(NULL), "NULL is not a country");
}

static void
test_subdivisions(void)
{
	is_str(ref_subdivision_country("MX-JAL"), "MX", "MX-JAL is in MX");
	is_str(ref_subdivision_country("US-TX"), "US", "US-TX is in US");
	is_str(ref_subdivision_country("BR-SP"), "BR", "BR-SP is in BR");
	is_str(ref_subdivision_country("DE-BY"), "DE", "DE-BY is in DE");
	is_str(ref_subdivision_country("GB-ENG"), "GB", "GB-ENG is in GB");
	is_str(ref_subdivision_country("MX-ZZZ"), NULL, "MX-ZZZ is not a subdivision");
	is_str(ref_subdivision_country("mx-jal"), NULL, "subdivision codes are case-sensitive");
	is_str(ref_subdivision_country("MX"), NULL, "a country is not a subdivision");
	is_str(ref_subdivision_country("MXJAL"), NULL, "the hyphen is required");
	is_str(ref_subdivision_country("MX-JAL "), NULL, "trailing space is not trimmed");
	is_str(ref_subdivision_country(""), NULL, "empty string is not a subdivision");
	is_str(ref_subdivision_country(NULL), NULL, "NULL is not a subdivision");
	ok(ref_country_exists(ref_subdivision_country("MX-JAL")),
	   "the country returned is itself a country");
}

static void
test_ncic_offense(void)
{
	ok(ref_ncic_offense_exists("5212"), "5212 (possession of a weapon) exists");
	ok(ref_ncic_offense_exists("0911"), "0911 (homicide - willful kill - gun) exists");
	ok(ref_ncic_offense_exists("0101"), "0101, the first code, exists");
	ok(ref_ncic_offense_exists("8102"), "8102, the last code, exists");
	ok(ref_ncic_offense_exists("5299"), "5299 (weapon offense) exists");
	ok(!ref_ncic_offense_exists("4003"), "4003 (retired) does not exist");
	ok(!ref_ncic_offense_exists("5218"), "5218 does not exist");
	ok(!ref_ncic_offense_exists("0000"), "0000 does not exist");
	ok(!ref_ncic_offense_exists("9999"), "9999 does not exist");
	ok(!ref_ncic_offense_exists("521"), "three digits are not a code");
	ok(!ref_ncic_offense_exists("52120"), "five digits are not a code");
	ok(!ref_ncic_offense_exists(" 5212"), "leading space is not trimmed");
	ok(!ref_ncic_offense_exists(""), "empty string is not an offense");
	ok(!ref_ncic_offense_exists(NULL), "NULL is not an offense");
}

static void
test_ncic_gun_type(void)
{
	const char *weapons = "ABCDEFGHIJKMOPQRSVZ";
	const char *actions = "ABCDEFGHIJKLNOPRSTUVWX";
	int			c;
	int			nweapons = 0;
	int			nactions = 0;

	for (c = -128; c <= 127; c++)
	{
		bool		want_weapon = c > 0 && strchr(weapons, c) != NULL;
		bool		want_action = c > 0 && strchr(actions, c) != NULL;

		if (ref_ncic_weapon_exists((char) c) != want_weapon)
			ok(false, "weapon letter %d", c);
		if (ref_ncic_action_exists((char) c) != want_action)
			ok(false, "action letter %d", c);
		nweapons += ref_ncic_weapon_exists((char) c);
		nactions += ref_ncic_action_exists((char) c);
	}
	is_int(nweapons, 19, "exactly the 19 NCIC weapon letters are accepted");
	is_int(nactions, 22, "exactly the 22 NCIC action letters are accepted");
	ok(ref_ncic_weapon_exists('P'), "P (pistol) is a weapon letter");
	ok(ref_ncic_action_exists('I'), "I (semi-automatic) is an action letter");
	ok(!ref_ncic_weapon_exists('L'), "L is not a weapon letter");
	ok(ref_ncic_action_exists('L'), "L (lever action) is an action letter");
	ok(!ref_ncic_action_exists('Z'), "Z is not an action letter");
	ok(!ref_ncic_weapon_exists('p'), "weapon letters are case-sensitive");
	ok(!ref_ncic_action_exists('i'), "action letters are case-sensitive");
	ok(!ref_ncic_weapon_exists('\0'), "NUL is not a weapon letter");
	ok(!ref_ncic_action_exists('\0'), "NUL is not an action letter");
}

/* One code list: a member, and the ways a string can fail to be one. */
static void
test_list(const char *name, bool (*exists) (const char *), const char *member,
		  const char *upper_member)
{
	char		padded[64];

	ok(exists(member), "%s: \"%s\" exists", name, member);
	ok(!exists(upper_member), "%s: \"%s\" (other case) does not", name, upper_member);
	snprintf(padded, sizeof(padded), "%s ", member);
	ok(!exists(padded), "%s: \"%s\" (padded) does not", name, padded);
	ok(!exists("nonexistent"), "%s: an unknown code does not", name);
	ok(!exists(""), "%s: empty string does not", name);
	ok(!exists(NULL), "%s: NULL does not", name);
}

static void
test_code_lists(void)
{
	test_list("priority", ref_priority_exists, "routine", "ROUTINE");
	ok(ref_priority_exists("urgent"), "priority: urgent exists");

	test_list("sex", ref_sex_exists, "M", "m");
	ok(ref_sex_exists("F"), "sex: F exists");
	ok(ref_sex_exists("U"), "sex: U exists");
	ok(!ref_sex_exists("X"), "sex: X does not");
	ok(!ref_sex_exists("MF"), "sex: MF does not");

	test_list("untraceable_reason", ref_untraceable_reason_exists, "too_old", "TOO_OLD");
	ok(ref_untraceable_reason_exists("serial_invalid"), "untraceable_reason: serial_invalid");
	ok(ref_untraceable_reason_exists("insufficient_information"),
	   "untraceable_reason: insufficient_information");
	ok(ref_untraceable_reason_exists("manufacturer_records_unavailable"),
	   "untraceable_reason: manufacturer_records_unavailable");
	ok(ref_untraceable_reason_exists("dealer_records_unavailable"),
	   "untraceable_reason: dealer_records_unavailable");
	ok(ref_untraceable_reason_exists("foreign_no_importer"),
	   "untraceable_reason: foreign_no_importer");
	ok(!ref_untraceable_reason_exists("too old"), "untraceable_reason: \"too old\" does not");

	test_list("result_outcome", ref_result_outcome_exists, "purchaser_identified",
			  "Purchaser_identified");
	ok(ref_result_outcome_exists("dealer_identified"), "result_outcome: dealer_identified");

	test_list("person_role", ref_person_role_exists, "possessor", "Possessor");
	ok(ref_person_role_exists("associate"), "person_role: associate");
	ok(ref_person_role_exists("purchaser"), "person_role: purchaser");

	test_list("agency_kind", ref_agency_kind_exists, "ntc", "NTC");
	ok(ref_agency_kind_exists("domestic"), "agency_kind: domestic");
	ok(ref_agency_kind_exists("foreign"), "agency_kind: foreign");

	test_list("mou_language", ref_mou_language_exists, "es", "ES");
	ok(ref_mou_language_exists("en"), "mou_language: en");
	ok(ref_mou_language_exists("pt"), "mou_language: pt");
	ok(!ref_mou_language_exists("fr"), "mou_language: fr does not");

	test_list("trace_status", ref_trace_status_exists, "in_progress", "IN_PROGRESS");
	ok(ref_trace_status_exists("submitted"), "trace_status: submitted");
	ok(ref_trace_status_exists("completed"), "trace_status: completed");
	ok(ref_trace_status_exists("untraceable"), "trace_status: untraceable");
	ok(ref_trace_status_exists("closed"), "trace_status: closed");
	ok(!ref_trace_status_exists("open"), "trace_status: open does not");

	/* Lists do not leak into each other. */
	ok(!ref_priority_exists("M"), "a sex code is not a priority");
	ok(!ref_sex_exists("MX"), "a country is not a sex code");
	ok(!ref_country_exists("es"), "a language is not a country");
}

int
main(void)
{
	test_countries();
	test_subdivisions();
	test_ncic_offense();
	test_ncic_gun_type();
	test_code_lists();
	return done_testing();
}
