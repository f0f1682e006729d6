/*
 * test_caliber_core.c — caliber canonicalization: the alias table's shape,
 * every alias and designation round trip, and the spellings users type.
 */
#include <string.h>

#include "caliber_core.h"
#include "tap.h"

static const char *
canon(const char *s)
{
	return caliber_canonical(s, strlen(s));
}

static const char *
family(const char *s)
{
	return caliber_family(s, strlen(s));
}

static const char *
key(const char *s)
{
	static char buf[CALIBER_KEY_MAX];

	if (!caliber_key(s, strlen(s), buf, sizeof(buf)))
		return NULL;
	return buf;
}

static void
test_tables(void)
{
	size_t		n = caliber_alias_count();
	size_t		unsorted = 0;
	size_t		not_normal = 0;
	size_t		cat = caliber_catalog_size();
	size_t		no_self = 0;
	size_t		unused = 0;

	ok(n > 100, "alias table has %zu aliases", n);
	ok(cat >= 45, "catalog has %zu cartridges (at least 45)", cat);

	for (size_t i = 0; i < n; i++)
	{
		const char *k,
				   *d;

		ok(caliber_alias(i, &k, &d), "alias %zu readable", i);
		if (i > 0)
		{
			const char *pk,
					   *pd;

			caliber_alias(i - 1, &pk, &pd);
			/* strictly increasing: sorted, and no key maps to two entries */
			if (strcmp(pk, k) >= 0)
			{
				unsorted++;
				printf("# out of order or duplicate: '%s' then '%s'\n", pk, k);
			}
		}
		/* an alias that caliber_key() cannot produce would be dead */
		if (key(k) == NULL || strcmp(key(k), k) != 0)
		{
			not_normal++;
			printf("# alias '%s' is not a normalized key (got '%s')\n", k,
				   key(k) ? key(k) : "(null)");
		}
		is_str(canon(k), d, "alias '%s' -> %s", k, d);
	}
	is_int(unsorted, 0, "aliases strictly sorted (sorted and unique)");
	is_int(not_normal, 0, "every alias is in normalized key form");
	ok(!caliber_alias(n, &(const char *){NULL}, &(const char *){NULL}),
	   "alias past the end is refused");

	for (size_t i = 0; i < cat; i++)
	{
		const char *d,
				   *f;
		bool		used = false;

		ok(caliber_catalog_entry(i, &d, &f), "catalog entry %zu readable", i);
		if (canon(d) == NULL || strcmp(canon(d), d) != 0)
			no_self++;
		is_str(canon(d), d, "designation round trip: canonical('%s')", d);
		is_str(family(d), f, "family of '%s' is '%s'", d, f);
		for (size_t j = 0; j < n; j++)
		{
			const char *k,
					   *ad;

			caliber_alias(j, &k, &ad);
			if (ad == d)
				used = true;
		}
		if (!used)
			unused++;
		for (size_t j = 0; j < i; j++)
		{
			const char *d2,
					   *f2;

			caliber_catalog_entry(j, &d2, &f2);
			if (strcmp(d, d2) == 0)
				ok(0, "designation '%s' listed twice", d);
		}
	}
	is_int(no_self, 0, "every designation is its own canonical form");
	is_int(unused, 0, "every catalog entry has an alias");
	ok(!caliber_catalog_entry(cat, &(const char *){NULL}, &(const char *){NULL}),
	   "catalog entry past the end is refused");
}

static void
expect(const char *designation, const char *const *spellings)
{
	for (int i = 0; spellings[i] != NULL; i++)
		is_str(canon(spellings[i]), designation, "'%s' -> '%s'", spellings[i], designation);
}

static void
test_spellings(void)
{
	expect(".38 Special", (const char *[]) {
		".38 SPL", "38 special", ".38 Special", "38spl", ".38 Spcl", ".38 spec",
		"38 S&W Special", ".38 Special +P", ".38 spl+p+", "cal .38 special",
		"calibre .38 especial", ".38 Smith & Wesson Special", NULL});
	expect("9x19mm Parabellum", (const char *[]) {
		"9mm", "9x19", "9mm Luger", "9 mm Parabellum", "9x19mm", "9mm Para",
		"9MM", "9 MM", "9×19", "9 x 19 mm", "9mmx19", "9x19 NATO", "9mm NATO",
		"9x19mm Parabellum", "9mm Luger +P", "9*19", NULL});
	expect("12 gauge", (const char *[]) {
		"12 ga", "12GA", "12 gauge", "12-gauge", "12 ga.", "12 Gage", "12 bore",
		"12g", NULL});
	expect(".380 ACP", (const char *[]) {
		".380 ACP", "380 auto", "9mm Kurz", "9x17", "9x17mm", ".380", "380acp",
		"9mm Short", "9mm Browning Short", "9 mm corto", NULL});
	expect(".223 Remington", (const char *[]) {
		".223 Remington", ".223", "223 Rem", "223REM", ".223 rem.", NULL});
	expect("5.56x45mm NATO", (const char *[]) {
		"5.56x45mm NATO", "5.56", "5.56 NATO", "5.56x45", "5.56mm", "5,56x45",
		"5.56mmNATO", "556", NULL});
	expect(".22 LR", (const char *[]) {
		".22 LR", "22lr", ".22 Long Rifle", "22 L.R.", ".22 cal LR", NULL});
	expect(".22 WMR", (const char *[]) {
		".22 WMR", ".22 Magnum", ".22 Mag", ".22 Win Mag",
		".22 Winchester Magnum Rimfire", NULL});
	expect("7.62x54mmR", (const char *[]) {
		"7.62x54mmR", "7.62x54R", "7.62 x 54 R", "7.62x54", "7,62x54R", NULL});
	expect(".30-06 Springfield", (const char *[]) {
		".30-06", "30-06 Sprg", ".30.06", "30-06 Springfield", "7.62x63mm", NULL});
	expect(".300 AAC Blackout", (const char *[]) {
		".300 BLK", "300 Blackout", "300 AAC", ".300 AAC Blackout", "300 BO", NULL});
	expect(".40 S&W", (const char *[]) {
		".40 S&W", "40 SW", ".40 Smith & Wesson", ".40 S and W", ".40 cal", ".40",
		NULL});
	expect(".410 bore", (const char *[]) {".410", "410 gauge", ".410 ga", "410 bore", NULL});
	expect("10mm Auto", (const char *[]) {"10mm", "10 mm Auto", "10mm ACP", NULL});
	expect("7.62x51mm NATO", (const char *[]) {"7.62 NATO", "7.62x51", "7.62x51mm NATO", NULL});
	expect(".308 Winchester", (const char *[]) {".308", ".308 Win", "308 winchester", NULL});
	expect(".45 Colt", (const char *[]) {".45 Long Colt", "45 LC", ".45 Colt", NULL});
	expect(".45 ACP", (const char *[]) {".45 ACP", "45 auto", "45acp", ".45 Automatic", NULL});
	expect(".32 H&R Magnum", (const char *[]) {".32 H&R Mag", ".32 H & R Magnum", NULL});
	expect(".50 BMG", (const char *[]) {".50 BMG", "12.7x99mm NATO", ".50 Browning Machine Gun", NULL});
	expect("6.5 Creedmoor", (const char *[]) {"6.5 CM", "6.5mm Creedmoor", "6.5 creed", NULL});
	expect("7.65x21mm Parabellum", (const char *[]) {".30 Luger", "7.65mm Luger", "7.65x21", NULL});

	/* close but different cartridges stay different */
	ok(strcmp(canon(".380 ACP"), canon(".38 Special")) != 0, ".380 ACP is not .38 Special");
	ok(strcmp(canon(".38 S&W"), canon(".38 Special")) != 0, ".38 S&W is not .38 Special");
	ok(strcmp(canon(".38 Super"), canon(".38 Special")) != 0, ".38 Super is not .38 Special");
	ok(strcmp(canon(".44 Special"), canon(".44 Magnum")) != 0, ".44 Special is not .44 Magnum");
	ok(strcmp(canon(".357 SIG"), canon(".357 Magnum")) != 0, ".357 SIG is not .357 Magnum");
	ok(strcmp(canon(".223"), canon("5.56")) != 0, ".223 and 5.56 are distinct designations");
	ok(strcmp(canon("9x18"), canon("9x19")) != 0, "9x18 Makarov is not 9x19");
	ok(strcmp(canon("7.62x39"), canon("7.62x51")) != 0, "7.62x39 is not 7.62x51");
	ok(strcmp(canon(".22 LR"), canon(".22 WMR")) != 0, ".22 LR is not .22 WMR");
	ok(strcmp(canon("7.65 Browning"), canon("7.65 Para")) != 0, "7.65 Browning is not 7.65 Parabellum");

	/* families */
	is_str(family(".223 Rem"), "5.56x45mm / .223", ".223 family");
	is_str(family("5.56 NATO"), "5.56x45mm / .223", "5.56 family");
	is_str(family(".308"), "7.62x51mm / .308", ".308 family");
	is_str(family("7.62 NATO"), "7.62x51mm / .308", "7.62 NATO family");
	is_str(family("9mm"), "9x19mm Parabellum", "a cartridge alone is its own family");
	is_str(family("nonsense"), NULL, "unknown caliber has no family");

	/* unknown or ambiguous: no canonical form, never a guess */
	{
		const char *unknown[] = {
			"", " ", ".", "38", ".38", ".22", ".45", ".44", "7.62", "9", "12", "12 ga ga",
			".38 special special", "blue", "9x21", ".22 Jet", "mm", "x", "+P",
			"38 spl 38 spl 38 spl 38 spl 38 spl 38 spl 38 spl 38 spl 38 spl",
			"1234567890123456789012345678901234567890",
			"a b c d e f g h i j k l m n o p q r", NULL
		};

		for (int i = 0; unknown[i] != NULL; i++)
			is_str(canon(unknown[i]), NULL, "'%s' is not recognized", unknown[i]);
	}
	is_str(caliber_canonical(NULL, 5), NULL, "NULL input is not recognized");
	is_str(caliber_canonical("9mm\0junk", 3), "9x19mm Parabellum", "length bounds the input");
	is_str(caliber_canonical("9mm\0", 4), "9x19mm Parabellum", "embedded NUL is a separator");
}

static void
test_keys(void)
{
	char		small[4];

	is_str(key(".38 Special +P"), "38 spl", "key of .38 Special +P");
	is_str(key("9x19mm Parabellum"), "9x19 para", "key of 9x19mm Parabellum");
	is_str(key("7.62x54mmR"), "7.62x54 r", "key of 7.62x54mmR");
	is_str(key(".500 S&W Magnum"), "500 sw mag", "key of .500 S&W Magnum");
	is_str(key("9 mm"), "9mm", "a bare number keeps its mm");
	is_str(key("...---..."), NULL, "punctuation alone has no key");
	ok(!caliber_key("12 gauge", 8, small, sizeof(small)), "key that does not fit is refused");
	is_str(small, "", "refused key leaves an empty string");
	ok(!caliber_key("12", 2, NULL, 10), "NULL output buffer is refused");
}

int
main(void)
{
	test_tables();
	test_spellings();
	test_keys();
	return done_testing();
}
