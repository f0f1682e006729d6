/*
 * test_normalize_core.c — manufacturer and person matching keys: folding of
 * accents and scripts, corporate suffixes, makers' other names, the alias
 * table's shape, buffer limits and idempotence.
 */
#include <string.h>

#include "normalize_core.h"
#include "tap.h"

static char buf[256];

static const char *
maker(const char *s)
{
	if (!manufacturer_key(s, strlen(s), buf, sizeof(buf)))
		return NULL;
	return buf;
}

static const char *
person(const char *last, const char *first)
{
	if (!person_name_key(last, last ? strlen(last) : 0, first, first ? strlen(first) : 0,
						 buf, sizeof(buf)))
		return NULL;
	return buf;
}

static void
same_maker(const char *key, const char *const *names)
{
	for (int i = 0; names[i] != NULL; i++)
		is_str(maker(names[i]), key, "maker '%s' -> %s", names[i], key);
}

static void
test_maker_table(void)
{
	size_t		n = manufacturer_alias_count();
	size_t		bad_order = 0;
	size_t		not_fixed = 0;

	ok(n > 40, "maker alias table has %zu names", n);
	for (size_t i = 0; i < n; i++)
	{
		const char *name,
				   *key;
		char		k2[64];

		ok(manufacturer_alias(i, &name, &key), "maker alias %zu readable", i);
		if (i > 0)
		{
			const char *pn,
					   *pk;

			manufacturer_alias(i - 1, &pn, &pk);
			if (strcmp(pn, name) >= 0)
			{
				bad_order++;
				printf("# out of order or duplicate: '%s' then '%s'\n", pn, name);
			}
		}
		is_str(maker(name), key, "alias '%s' -> %s", name, key);
		ok(strlen(key) <= MANUFACTURER_ALIAS_MAX, "key '%s' within MANUFACTURER_ALIAS_MAX", key);
		/* a maker's key maps to itself (key(key) == key) */
		if (!manufacturer_key(key, strlen(key), k2, sizeof(k2)) || strcmp(k2, key) != 0)
		{
			not_fixed++;
			printf("# key '%s' is not a fixed point\n", key);
		}
	}
	is_int(bad_order, 0, "maker aliases strictly sorted (sorted and unique)");
	is_int(not_fixed, 0, "every maker key is a fixed point");
	ok(!manufacturer_alias(n, &(const char *){NULL}, &(const char *){NULL}),
	   "maker alias past the end is refused");
}

static void
test_makers(void)
{
	same_maker("GLOCK", (const char *[]) {
		"Glock", "GLOCK GmbH", "Glock Ges.m.b.H.", "glock inc", "Glock, Inc.", "GLOCK GES MBH",
		"Glock GesmbH", NULL});
	same_maker("SMITHWESSON", (const char *[]) {
		"Smith & Wesson", "Smith and Wesson", "S&W", "SMITH & WESSON CORP", "S & W",
		"Smith&Wesson", "Smith & Wesson Brands, Inc.", "S and W", "SW", NULL});
	same_maker("RUGER", (const char *[]) {
		"Sturm, Ruger & Co.", "Ruger", "Sturm Ruger & Co., Inc.", "STURM RUGER", NULL});
	same_maker("COLT", (const char *[]) {
		"Colt", "Colt's Manufacturing Company", "Colt’s Manufacturing Company LLC",
		"COLTS MFG CO", "Colt's Patent Fire Arms Manufacturing Company", NULL});
	same_maker("FNHERSTAL", (const char *[]) {
		"FN", "FN Herstal", "Fabrique Nationale", "F.N. Herstal", "FNH USA",
		"Fabrique Nationale d'Herstal", "FN America LLC", NULL});
	same_maker("HECKLERKOCH", (const char *[]) {
		"H&K", "Heckler & Koch", "Heckler und Koch GmbH", "HK", "Heckler and Koch", NULL});
	same_maker("TAURUS", (const char *[]) {"Taurus", "Forjas Taurus S.A.", "Taurus Armas SA", NULL});
	same_maker("BERETTA", (const char *[]) {
		"Beretta", "Pietro Beretta", "Fabbrica d'Armi Pietro Beretta S.p.A.", "Beretta USA Corp",
		NULL});
	same_maker("SIGSAUER", (const char *[]) {"Sig Sauer", "SIG-Sauer", "SIG", "SIG SAUER Inc", "Sig Arms", NULL});
	same_maker("KELTEC", (const char *[]) {"Kel-Tec", "KelTec", "Kel-Tec CNC Industries Inc", NULL});
	same_maker("HIPOINT", (const char *[]) {"Hi-Point", "Hi Point Firearms", "HI-POINT", NULL});
	same_maker("SPRINGFIELDARMORY", (const char *[]) {"Springfield Armory", "Springfield Inc", NULL});
	same_maker("SAVAGE", (const char *[]) {"Savage", "Savage Arms", "Savage Arms Inc.", NULL});
	same_maker("MOSSBERG", (const char *[]) {"Mossberg", "O.F. Mossberg & Sons", "O. F. Mossberg and Sons, Inc.", NULL});
	same_maker("REMINGTON", (const char *[]) {"Remington", "Remington Arms Company", NULL});
	same_maker("WINCHESTER", (const char *[]) {"Winchester", "Winchester Repeating Arms", NULL});
	same_maker("NORINCO", (const char *[]) {"Norinco", "China North Industries Corp.", NULL});
	same_maker("IZHMASH", (const char *[]) {"Izhmash", "IZH", "Kalashnikov Concern", NULL});
	same_maker("ZASTAVA", (const char *[]) {"Zastava", "Zastava Arms", "Zastava Oružje", NULL});
	same_maker("CZ", (const char *[]) {"CZ", "Ceska Zbrojovka", "Česká zbrojovka a.s.", "CZ-USA", "CESKA ZBROJOVKA UHERSKY BROD", NULL});
	same_maker("BERSA", (const char *[]) {"Bersa", "Bersa S.A.", NULL});
	same_maker("WALTHER", (const char *[]) {"Walther", "Carl Walther GmbH", "Walther Arms Inc", NULL});
	same_maker("BROWNING", (const char *[]) {"Browning", "Browning Arms Company", NULL});
	same_maker("MARLIN", (const char *[]) {"Marlin", "Marlin Firearms Co.", NULL});
	same_maker("KIMBER", (const char *[]) {"Kimber", "Kimber Mfg., Inc.", "Kimber America", NULL});
	same_maker("CHARTERARMS", (const char *[]) {"Charter Arms", "Charter 2000 Inc", NULL});
	same_maker("ARMS", (const char *[]) {"Arms Corp", "ARMS CORP INC", NULL});

	/* suffixes only at the end, never the only word; ARMS is kept */
	is_str(maker("Inc"), "INC", "a lone suffix is the name");
	is_str(maker("Co Co"), "CO", "only trailing suffixes go, not the first word");
	is_str(maker("The Co"), "THE", "THE is kept when it is all that is left");
	is_str(maker("The Acme Company"), "ACME", "leading THE and trailing COMPANY dropped");
	is_str(maker("Acme Co. Inc. Ltd."), "ACME", "several trailing suffixes");
	is_str(maker("Co Acme"), "COACME", "a suffix word at the start stays");
	is_str(maker("Charter Arms"), "CHARTERARMS", "ARMS is part of the name");
	is_str(maker("Industrias Marcati S.A. de C.V."), "INDUSTRIASMARCATI", "S.A. de C.V. dropped");
	is_str(maker("and"), "AND", "a lone AND is a name");
	is_str(maker("Und"), "UND", "a lone UND is a name");
	is_str(maker("&"), NULL, "a lone ampersand leaves nothing");
	is_str(maker(""), NULL, "empty name has no key");
	is_str(maker(" ,.-/ "), NULL, "punctuation alone has no key");
	is_str(maker("Ges.m.b.H."), "GESMBH", "abbreviation dots join");
	is_str(maker("Ижмаш"), "ИЖМАШ", "Cyrillic upper-cased, kept");
	is_str(maker("Ａｃｍｅ"), "ACME", "fullwidth letters folded");
	is_str(maker("Acme\xff\xfeWorks"), "ACMEWORKS", "invalid bytes separate words");
	is_str(maker("Acme™ Works®"), "ACMEWORKS", "symbols separate words");
	is_str(manufacturer_key(NULL, 3, buf, sizeof(buf)) ? buf : NULL, NULL, "NULL name has no key");

	{
		char		small[6];

		ok(!manufacturer_key("Glock", 5, small, 5), "key GLOCK needs 6 bytes");
		is_str(small, "", "refused key leaves an empty string");
		ok(manufacturer_key("Glock", 5, small, 6), "key GLOCK fits in 6 bytes");
		ok(!manufacturer_key("Glock Inc", 9, small, 6),
		   "the buffer must also hold the suffixes before they are dropped");
		ok(!manufacturer_key("S&W", 3, small, sizeof(small)), "alias that does not fit is refused");
		ok(!manufacturer_key("x", 1, NULL, 10), "NULL output buffer is refused");
	}
}

static void
test_persons(void)
{
	is_str(person("De la Cruz", "Juan"), "DELACRUZ|JUAN", "particles joined");
	is_str(person("Delacruz", "juan"), "DELACRUZ|JUAN", "same as written together");
	is_str(person("O'Neil", "Mary-Jane"), "ONEIL|MARYJANE", "apostrophe and hyphen removed");
	is_str(person("O’Neil", "Mary Jane"), "ONEIL|MARYJANE", "typographic apostrophe removed");
	is_str(person("Núñez", "José"), "NUNEZ|JOSE", "Spanish accents");
	is_str(person("NU\xcc\x81N\xcc\x83""EZ", "JOSE\xcc\x81"), "NUNEZ|JOSE", "decomposed accents");
	is_str(person("Gonçalves", "João"), "GONCALVES|JOAO", "Portuguese accents");
	is_str(person("Müller", "Jürgen"), "MULLER|JURGEN", "umlaut is the plain letter");
	is_str(person("Straße", "Ægir"), "STRASSE|AEGIR", "sharp s and ligature");
	is_str(person("Nguyễn", "Thị Minh"), "NGUYEN|THIMINH", "Vietnamese");
	is_str(person("Øvergård", "Søren"), "OVERGARD|SOREN", "Nordic letters");
	is_str(person("Wałęsa", "Łukasz"), "WALESA|LUKASZ", "Polish letters");
	is_str(person("Ștefănescu", "Ţ"), "STEFANESCU|T", "Romanian letters");
	is_str(person("Иванов", "иван"), "ИВАНОВ|ИВАН", "Cyrillic upper-cased");
	is_str(person("Παπαδόπουλος", "Νίκος"), "ΠΑΠΑΔΌΠΟΥΛΟΣ|ΝΊΚΟΣ", "Greek upper-cased");
	is_str(person("Doe", NULL), "DOE|", "no first name");
	is_str(person("Doe", ""), "DOE|", "empty first name is the same");
	is_str(person("Doe", " - "), "DOE|", "punctuation-only first name is empty");
	is_str(person("", "John"), NULL, "empty last name has no key");
	is_str(person(" '-. ", "John"), NULL, "punctuation-only last name has no key");
	is_str(person(NULL, "John"), NULL, "NULL last name has no key");
	is_str(person("Doe|Roe", "A|B"), "DOEROE|AB", "separator inside a part is dropped");

	{
		char		small[8];

		ok(person_name_key("Doe", 3, "John", 4, small, 8) == false, "DOE|JOHN needs 9 bytes");
		is_str(small, "", "refused key leaves an empty string");
		ok(person_name_key("Doe", 3, "Jon", 3, small, 8), "DOE|JON fits in 8 bytes");
		is_str(small, "DOE|JON", "the key that fits");
		ok(!person_name_key("Doe", 3, "x", 1, NULL, 8), "NULL output buffer is refused");
	}
}

/* key(key(x)) == key(x) for a few tricky inputs */
static void
test_idempotence(void)
{
	const char *names[] = {
		"A-ND", "U N D", "I NC", "T HE X", "Colt's", "ÆSIR'S", "s.p.a.", "Hi-Point Firearms",
		"Иван ооо", "ǅemal", "\xe2\x80\x8b" "Acme", "O'", "'S", "Acme's Co", NULL
	};

	for (int i = 0; names[i] != NULL; i++)
	{
		char		k1[128],
					k2[128];

		if (manufacturer_key(names[i], strlen(names[i]), k1, sizeof(k1)))
		{
			ok(manufacturer_key(k1, strlen(k1), k2, sizeof(k2)) && strcmp(k1, k2) == 0,
			   "maker key of '%s' (%s) is idempotent", names[i], k1);
		}
		else
			ok(1, "maker '%s' has no key", names[i]);
	}
}

int
main(void)
{
	test_maker_table();
	test_makers();
	test_persons();
	test_idempotence();
	return done_testing();
}
