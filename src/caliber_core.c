/*
 * caliber_core.c — canonical designations of cartridges (calibers and
 * gauges), plain C without PostgreSQL headers.
 *
 * Matching works in two steps.  caliber_key() reduces a caliber as written
 * to a token key: lower case, numbers kept with their decimal point
 * ("5.56"), everything else a separator, common abbreviations folded to one
 * word ("special"/"spcl" -> "spl", "auto" -> "acp", "gauge"/"bore" -> "ga",
 * "S&W"/"Smith and Wesson" -> "sw", "luger"/"parabellum" -> "para"...),
 * "NxM" joined into one dimension token, and "mm" dropped unless the key is
 * a bare number ("9mm" stays "9mm", "9mm Luger" becomes "9 para").  The key
 * is then looked up in caliber_aliases[], a sorted table from token key to
 * catalog entry.  A key that is not in the table is an unrecognized caliber:
 * the canonical form is NULL, which is not an error.
 *
 * Close cartridges stay apart on purpose: ".380 ACP" is not ".38 Special",
 * ".38 S&W" is not ".38 Special", ".44 Special" is not ".44 Magnum".  Bare
 * bore numbers are only recognized where one cartridge owns the number
 * (".223", ".380", ".40", ".410"...); ".22", ".38", ".45" or "7.62" name
 * several cartridges and stay unrecognized.
 */
#include "caliber_core.h"

#include <stdlib.h>
#include <string.h>

typedef enum CaliberId
{
	/* rimfire */
	CAL_22_SHORT,
	CAL_22_LR,
	CAL_22_WMR,
	CAL_17_HMR,
	/* handgun */
	CAL_25_ACP,
	CAL_32_ACP,
	CAL_32_SW_LONG,
	CAL_32_HR_MAG,
	CAL_327_FED_MAG,
	CAL_380_ACP,
	CAL_9X18,
	CAL_9X19,
	CAL_38_SW,
	CAL_38_SPECIAL,
	CAL_38_SUPER,
	CAL_357_MAG,
	CAL_357_SIG,
	CAL_40_SW,
	CAL_10MM_AUTO,
	CAL_44_SPECIAL,
	CAL_44_MAG,
	CAL_45_ACP,
	CAL_45_GAP,
	CAL_45_COLT,
	CAL_454_CASULL,
	CAL_460_SW_MAG,
	CAL_50_AE,
	CAL_500_SW_MAG,
	CAL_7_65X21,
	CAL_7_62X25,
	CAL_5_7X28,
	CAL_4_6X30,
	/* rifle */
	CAL_22_HORNET,
	CAL_204_RUGER,
	CAL_223_REM,
	CAL_5_56X45,
	CAL_22_250,
	CAL_5_45X39,
	CAL_243_WIN,
	CAL_25_06,
	CAL_6_5_GRENDEL,
	CAL_6_5_CREEDMOOR,
	CAL_270_WIN,
	CAL_7MM_08,
	CAL_7MM_REM_MAG,
	CAL_30_CARBINE,
	CAL_300_BLK,
	CAL_7_62X39,
	CAL_30_30,
	CAL_308_WIN,
	CAL_7_62X51,
	CAL_30_06,
	CAL_300_WIN_MAG,
	CAL_303_BRITISH,
	CAL_7_62X54R,
	CAL_8MM_MAUSER,
	CAL_338_LAPUA,
	CAL_350_LEGEND,
	CAL_450_BUSHMASTER,
	CAL_45_70,
	CAL_50_BMG,
	/* shotgun */
	CAL_10_GA,
	CAL_12_GA,
	CAL_16_GA,
	CAL_20_GA,
	CAL_28_GA,
	CAL_410,
	CAL_COUNT
} CaliberId;

typedef struct CaliberEntry
{
	const char *designation;
	const char *family;			/* NULL: the cartridge is its own family */
} CaliberEntry;

#define FAMILY_556_223	"5.56x45mm / .223"
#define FAMILY_762_308	"7.62x51mm / .308"

/*
 * The catalog.  Families join only the commercial and military twins of
 * one cartridge (chambers and loads differ a little, the case is the same);
 * cartridges that merely fit the same gun (.38 Special in a .357 Magnum
 * revolver) stay in families of their own.
 */
static const CaliberEntry caliber_entries[CAL_COUNT] = {
	[CAL_22_SHORT] = {".22 Short", NULL},
	[CAL_22_LR] = {".22 LR", NULL},
	[CAL_22_WMR] = {".22 WMR", NULL},
	[CAL_17_HMR] = {".17 HMR", NULL},
	[CAL_25_ACP] = {".25 ACP", NULL},
	[CAL_32_ACP] = {".32 ACP", NULL},
	[CAL_32_SW_LONG] = {".32 S&W Long", NULL},
	[CAL_32_HR_MAG] = {".32 H&R Magnum", NULL},
	[CAL_327_FED_MAG] = {".327 Federal Magnum", NULL},
	[CAL_380_ACP] = {".380 ACP", NULL},
	[CAL_9X18] = {"9x18mm Makarov", NULL},
	[CAL_9X19] = {"9x19mm Parabellum", NULL},
	[CAL_38_SW] = {".38 S&W", NULL},
	[CAL_38_SPECIAL] = {".38 Special", NULL},
	[CAL_38_SUPER] = {".38 Super", NULL},
	[CAL_357_MAG] = {".357 Magnum", NULL},
	[CAL_357_SIG] = {".357 SIG", NULL},
	[CAL_40_SW] = {".40 S&W", NULL},
	[CAL_10MM_AUTO] = {"10mm Auto", NULL},
	[CAL_44_SPECIAL] = {".44 Special", NULL},
	[CAL_44_MAG] = {".44 Magnum", NULL},
	[CAL_45_ACP] = {".45 ACP", NULL},
	[CAL_45_GAP] = {".45 GAP", NULL},
	[CAL_45_COLT] = {".45 Colt", NULL},
	[CAL_454_CASULL] = {".454 Casull", NULL},
	[CAL_460_SW_MAG] = {".460 S&W Magnum", NULL},
	[CAL_50_AE] = {".50 AE", NULL},
	[CAL_500_SW_MAG] = {".500 S&W Magnum", NULL},
	[CAL_7_65X21] = {"7.65x21mm Parabellum", NULL},
	[CAL_7_62X25] = {"7.62x25mm Tokarev", NULL},
	[CAL_5_7X28] = {"5.7x28mm", NULL},
	[CAL_4_6X30] = {"4.6x30mm", NULL},
	[CAL_22_HORNET] = {".22 Hornet", NULL},
	[CAL_204_RUGER] = {".204 Ruger", NULL},
	[CAL_223_REM] = {".223 Remington", FAMILY_556_223},
	[CAL_5_56X45] = {"5.56x45mm NATO", FAMILY_556_223},
	[CAL_22_250] = {".22-250 Remington", NULL},
	[CAL_5_45X39] = {"5.45x39mm", NULL},
	[CAL_243_WIN] = {".243 Winchester", NULL},
	[CAL_25_06] = {".25-06 Remington", NULL},
	[CAL_6_5_GRENDEL] = {"6.5 Grendel", NULL},
	[CAL_6_5_CREEDMOOR] = {"6.5 Creedmoor", NULL},
	[CAL_270_WIN] = {".270 Winchester", NULL},
	[CAL_7MM_08] = {"7mm-08 Remington", NULL},
	[CAL_7MM_REM_MAG] = {"7mm Remington Magnum", NULL},
	[CAL_30_CARBINE] = {".30 Carbine", NULL},
	[CAL_300_BLK] = {".300 AAC Blackout", NULL},
	[CAL_7_62X39] = {"7.62x39mm", NULL},
	[CAL_30_30] = {".30-30 Winchester", NULL},
	[CAL_308_WIN] = {".308 Winchester", FAMILY_762_308},
	[CAL_7_62X51] = {"7.62x51mm NATO", FAMILY_762_308},
	[CAL_30_06] = {".30-06 Springfield", NULL},
	[CAL_300_WIN_MAG] = {".300 Winchester Magnum", NULL},
	[CAL_303_BRITISH] = {".303 British", NULL},
	[CAL_7_62X54R] = {"7.62x54mmR", NULL},
	[CAL_8MM_MAUSER] = {"8mm Mauser", NULL},
	[CAL_338_LAPUA] = {".338 Lapua Magnum", NULL},
	[CAL_350_LEGEND] = {".350 Legend", NULL},
	[CAL_450_BUSHMASTER] = {".450 Bushmaster", NULL},
	[CAL_45_70] = {".45-70 Government", NULL},
	[CAL_50_BMG] = {".50 BMG", NULL},
	[CAL_10_GA] = {"10 gauge", NULL},
	[CAL_12_GA] = {"12 gauge", NULL},
	[CAL_16_GA] = {"16 gauge", NULL},
	[CAL_20_GA] = {"20 gauge", NULL},
	[CAL_28_GA] = {"28 gauge", NULL},
	[CAL_410] = {".410 bore", NULL},
};

typedef struct CaliberAlias
{
	const char *key;
	CaliberId	id;
} CaliberAlias;

/*
 * Token key -> catalog entry, sorted by key (strcmp order) for bsearch.
 * Every designation's own key is here too (the unit test checks it), and
 * every key is already in the form caliber_key() produces.
 */
static const CaliberAlias caliber_aliases[] = {
	{"10 acp",                 CAL_10MM_AUTO},
	{"10 ga",                  CAL_10_GA},
	{"10mm",                   CAL_10MM_AUTO},
	{"11.43x23",               CAL_45_ACP},
	{"12 ga",                  CAL_12_GA},
	{"12.7x99",                CAL_50_BMG},
	{"12.7x99 nato",           CAL_50_BMG},
	{"16 ga",                  CAL_16_GA},
	{"17 hmr",                 CAL_17_HMR},
	{"17 hornady mag",         CAL_17_HMR},
	{"17 hornady mag rimfire", CAL_17_HMR},
	{"20 ga",                  CAL_20_GA},
	{"204",                    CAL_204_RUGER},
	{"204 ruger",              CAL_204_RUGER},
	{"22 250",                 CAL_22_250},
	{"22 250 rem",             CAL_22_250},
	{"22 hornet",              CAL_22_HORNET},
	{"22 lr",                  CAL_22_LR},
	{"22 mag",                 CAL_22_WMR},
	{"22 short",               CAL_22_SHORT},
	{"22 win mag",             CAL_22_WMR},
	{"22 win mag rimfire",     CAL_22_WMR},
	{"22 wmr",                 CAL_22_WMR},
	{"22 wmrf",                CAL_22_WMR},
	{"223",                    CAL_223_REM},
	{"223 rem",                CAL_223_REM},
	{"243",                    CAL_243_WIN},
	{"243 win",                CAL_243_WIN},
	{"25 06",                  CAL_25_06},
	{"25 06 rem",              CAL_25_06},
	{"25 acp",                 CAL_25_ACP},
	{"270",                    CAL_270_WIN},
	{"270 win",                CAL_270_WIN},
	{"28 ga",                  CAL_28_GA},
	{"30 06",                  CAL_30_06},
	{"30 06 springfield",      CAL_30_06},
	{"30 30",                  CAL_30_30},
	{"30 30 win",              CAL_30_30},
	{"30 carbine",             CAL_30_CARBINE},
	{"30 m 1 carbine",         CAL_30_CARBINE},
	{"30 para",                CAL_7_65X21},
	{"30 wcf",                 CAL_30_30},
	{"30.06",                  CAL_30_06},
	{"30.06 springfield",      CAL_30_06},
	{"300 aac",                CAL_300_BLK},
	{"300 aac blk",            CAL_300_BLK},
	{"300 blk",                CAL_300_BLK},
	{"300 win mag",            CAL_300_WIN_MAG},
	{"300 wm",                 CAL_300_WIN_MAG},
	{"303",                    CAL_303_BRITISH},
	{"303 british",            CAL_303_BRITISH},
	{"308",                    CAL_308_WIN},
	{"308 win",                CAL_308_WIN},
	{"32 acp",                 CAL_32_ACP},
	{"32 hr mag",              CAL_32_HR_MAG},
	{"32 sw long",             CAL_32_SW_LONG},
	{"327 federal",            CAL_327_FED_MAG},
	{"327 federal mag",        CAL_327_FED_MAG},
	{"338 lapua",              CAL_338_LAPUA},
	{"338 lapua mag",          CAL_338_LAPUA},
	{"338 lm",                 CAL_338_LAPUA},
	{"350 legend",             CAL_350_LEGEND},
	{"357 mag",                CAL_357_MAG},
	{"357 sig",                CAL_357_SIG},
	{"357 sw mag",             CAL_357_MAG},
	{"38 spl",                 CAL_38_SPECIAL},
	{"38 super",               CAL_38_SUPER},
	{"38 super acp",           CAL_38_SUPER},
	{"38 sw",                  CAL_38_SW},
	{"38 sw spl",              CAL_38_SPECIAL},
	{"380",                    CAL_380_ACP},
	{"380 acp",                CAL_380_ACP},
	{"4.6",                    CAL_4_6X30},
	{"4.6mm",                  CAL_4_6X30},
	{"4.6x30",                 CAL_4_6X30},
	{"40",                     CAL_40_SW},
	{"40 sw",                  CAL_40_SW},
	{"410",                    CAL_410},
	{"410 ga",                 CAL_410},
	{"44 mag",                 CAL_44_MAG},
	{"44 rem mag",             CAL_44_MAG},
	{"44 spl",                 CAL_44_SPECIAL},
	{"44 sw spl",              CAL_44_SPECIAL},
	{"45 70",                  CAL_45_70},
	{"45 70 govt",             CAL_45_70},
	{"45 acp",                 CAL_45_ACP},
	{"45 colt",                CAL_45_COLT},
	{"45 gap",                 CAL_45_GAP},
	{"45 lc",                  CAL_45_COLT},
	{"45 long colt",           CAL_45_COLT},
	{"450 bushmaster",         CAL_450_BUSHMASTER},
	{"454",                    CAL_454_CASULL},
	{"454 casull",             CAL_454_CASULL},
	{"460 sw",                 CAL_460_SW_MAG},
	{"460 sw mag",             CAL_460_SW_MAG},
	{"5.45",                   CAL_5_45X39},
	{"5.45mm",                 CAL_5_45X39},
	{"5.45x39",                CAL_5_45X39},
	{"5.56",                   CAL_5_56X45},
	{"5.56 nato",              CAL_5_56X45},
	{"5.56mm",                 CAL_5_56X45},
	{"5.56x45",                CAL_5_56X45},
	{"5.56x45 nato",           CAL_5_56X45},
	{"5.7",                    CAL_5_7X28},
	{"5.7mm",                  CAL_5_7X28},
	{"5.7x28",                 CAL_5_7X28},
	{"50 ae",                  CAL_50_AE},
	{"50 bmg",                 CAL_50_BMG},
	{"500 sw",                 CAL_500_SW_MAG},
	{"500 sw mag",             CAL_500_SW_MAG},
	{"556",                    CAL_5_56X45},
	{"556 nato",               CAL_5_56X45},
	{"6.35",                   CAL_25_ACP},
	{"6.35 browning",          CAL_25_ACP},
	{"6.35mm",                 CAL_25_ACP},
	{"6.35x15",                CAL_25_ACP},
	{"6.5 creedmoor",          CAL_6_5_CREEDMOOR},
	{"6.5 grendel",            CAL_6_5_GRENDEL},
	{"7 08",                   CAL_7MM_08},
	{"7 08 rem",               CAL_7MM_08},
	{"7 rem mag",              CAL_7MM_REM_MAG},
	{"7.62 nato",              CAL_7_62X51},
	{"7.62 tok",               CAL_7_62X25},
	{"7.62x25",                CAL_7_62X25},
	{"7.62x25 tok",            CAL_7_62X25},
	{"7.62x33",                CAL_30_CARBINE},
	{"7.62x35",                CAL_300_BLK},
	{"7.62x39",                CAL_7_62X39},
	{"7.62x51",                CAL_7_62X51},
	{"7.62x51 nato",           CAL_7_62X51},
	{"7.62x54",                CAL_7_62X54R},
	{"7.62x54 r",              CAL_7_62X54R},
	{"7.62x63",                CAL_30_06},
	{"7.65 browning",          CAL_32_ACP},
	{"7.65 para",              CAL_7_65X21},
	{"7.65x17",                CAL_32_ACP},
	{"7.65x21",                CAL_7_65X21},
	{"7.65x21 para",           CAL_7_65X21},
	{"7.92x57",                CAL_8MM_MAUSER},
	{"8 mauser",               CAL_8MM_MAUSER},
	{"8.6x70",                 CAL_338_LAPUA},
	{"8x57",                   CAL_8MM_MAUSER},
	{"8x57 is",                CAL_8MM_MAUSER},
	{"8x57 js",                CAL_8MM_MAUSER},
	{"9 browning short",       CAL_380_ACP},
	{"9 corto",                CAL_380_ACP},
	{"9 kurz",                 CAL_380_ACP},
	{"9 mak",                  CAL_9X18},
	{"9 nato",                 CAL_9X19},
	{"9 para",                 CAL_9X19},
	{"9 short",                CAL_380_ACP},
	{"9mm",                    CAL_9X19},
	{"9x17",                   CAL_380_ACP},
	{"9x18",                   CAL_9X18},
	{"9x18 mak",               CAL_9X18},
	{"9x19",                   CAL_9X19},
	{"9x19 nato",              CAL_9X19},
	{"9x19 para",              CAL_9X19},
};

#define N_ALIASES (sizeof(caliber_aliases) / sizeof(caliber_aliases[0]))

/* Words folded to one spelling; an empty replacement drops the word. */
typedef struct WordFold
{
	const char *word;
	const char *as;
} WordFold;

static const WordFold word_folds[] = {
	{"auto", "acp"},
	{"automatic", "acp"},
	{"blackout", "blk"},
	{"bo", "blk"},
	{"bore", "ga"},				/* "12 bore" is British for 12 gauge */
	{"brit", "british"},
	{"cal", ""},
	{"caliber", ""},
	{"calibre", ""},
	{"cartridge", ""},
	{"cm", "creedmoor"},
	{"creed", "creedmoor"},
	{"especial", "spl"},
	{"fed", "federal"},
	{"g", "ga"},
	{"gage", "ga"},
	{"gauge", "ga"},
	{"gov", "govt"},
	{"government", "govt"},
	{"luger", "para"},
	{"magnum", "mag"},
	{"makarov", "mak"},
	{"parabellum", "para"},
	{"remington", "rem"},
	{"spcl", "spl"},
	{"spec", "spl"},
	{"special", "spl"},
	{"spfd", "springfield"},
	{"spfld", "springfield"},
	{"sprg", "springfield"},
	{"tokarev", "tok"},
	{"winchester", "win"},
};

/* Runs of (already folded) words replaced by one word. */
typedef struct PhraseFold
{
	const char *words[4];		/* NULL-terminated */
	const char *as;
} PhraseFold;

static const PhraseFold phrase_folds[] = {
	{{"smith", "and", "wesson", NULL}, "sw"},
	{{"smith", "wesson", NULL}, "sw"},
	{{"s", "and", "w", NULL}, "sw"},
	{{"s", "w", NULL}, "sw"},
	{{"h", "and", "r", NULL}, "hr"},
	{{"long", "rifle", NULL}, "lr"},
	{{"l", "r", NULL}, "lr"},
	{{"action", "express", NULL}, "ae"},
	{{"browning", "machine", "gun", NULL}, "bmg"},
};

#define MAX_TOKENS	16
#define TOKEN_LEN	24

typedef struct Token
{
	char		text[TOKEN_LEN];
	bool		number;			/* digits, maybe with one decimal point */
	bool		dimension;		/* "NxM" joined from number, x, number */
} Token;

typedef struct TokenList
{
	Token		tok[MAX_TOKENS];
	int			n;
	bool		overflow;		/* too many or too long tokens: no key */
	bool		saw_mm;
} TokenList;

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char
to_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char) (c - 'A' + 'a') : c;
}

static void
push_token(TokenList *t, const char *text, size_t len, bool number)
{
	Token	   *tok;

	if (t->n >= MAX_TOKENS || len >= TOKEN_LEN)
	{
		t->overflow = true;
		return;
	}
	tok = &t->tok[t->n++];
	memcpy(tok->text, text, len);
	tok->text[len] = '\0';
	tok->number = number;
	tok->dimension = false;
}

/*
 * A run of letters.  "mm" glued to what follows ("7.62x54mmR", "9mmx19",
 * "5.56mmNATO") is split off first.
 */
static void
push_word(TokenList *t, const char *word, size_t len)
{
	while (len > 2 && word[0] == 'm' && word[1] == 'm')
	{
		push_token(t, "mm", 2, false);
		word += 2;
		len -= 2;
	}
	push_token(t, word, len, false);
}

static void
tokenize(const char *in, size_t len, TokenList *t)
{
	size_t		i = 0;

	while (i < len && !t->overflow)
	{
		unsigned char c = (unsigned char) in[i];

		if (is_digit(c))
		{
			char		buf[TOKEN_LEN];
			size_t		n = 0;
			bool		point = false;

			while (i < len)
			{
				c = (unsigned char) in[i];
				if (is_digit(c))
				{
					if (n < sizeof(buf))
						buf[n] = (char) c;
					n++;
					i++;
				}
				else if ((c == '.' || c == ',') && !point &&
						 i + 1 < len && is_digit((unsigned char) in[i + 1]))
				{
					/* decimal point or decimal comma inside a number */
					if (n < sizeof(buf))
						buf[n] = '.';
					n++;
					point = true;
					i++;
				}
				else
					break;
			}
			if (n >= sizeof(buf))
				t->overflow = true;
			else
				push_token(t, buf, n, true);
		}
		else if (is_alpha(c))
		{
			char		buf[TOKEN_LEN];
			size_t		n = 0;

			while (i < len && is_alpha((unsigned char) in[i]))
			{
				if (n < sizeof(buf))
					buf[n] = (char) to_lower((unsigned char) in[i]);
				n++;
				i++;
			}
			if (n >= sizeof(buf))
				t->overflow = true;
			else
				push_word(t, buf, n);
		}
		else if (c == '&')
		{
			push_token(t, "and", 3, false);
			i++;
		}
		else if (c == '*')
		{
			push_token(t, "x", 1, false);
			i++;
		}
		else if (c == 0xC3 && i + 1 < len && (unsigned char) in[i + 1] == 0x97)
		{
			/* U+00D7 MULTIPLICATION SIGN in UTF-8: "9×19" */
			push_token(t, "x", 1, false);
			i += 2;
		}
		else if (c == '+' && i + 1 < len && to_lower((unsigned char) in[i + 1]) == 'p' &&
				 (i + 2 >= len || !is_alpha((unsigned char) in[i + 2])))
		{
			/* "+P" and "+P+" loads are the same cartridge */
			i += 2;
			if (i < len && in[i] == '+')
				i++;
		}
		else
			i++;
	}
}

static void
remove_token(TokenList *t, int i)
{
	memmove(&t->tok[i], &t->tok[i + 1], sizeof(Token) * (t->n - i - 1));
	t->n--;
}

static void
fold_words(TokenList *t)
{
	int			i = 0;

	while (i < t->n)
	{
		Token	   *tok = &t->tok[i];
		bool		dropped = false;

		if (!tok->number)
		{
			if (strcmp(tok->text, "mm") == 0)
			{
				t->saw_mm = true;
				dropped = true;
			}
			else
			{
				for (size_t k = 0; k < sizeof(word_folds) / sizeof(word_folds[0]); k++)
				{
					if (strcmp(tok->text, word_folds[k].word) == 0)
					{
						if (word_folds[k].as[0] == '\0')
							dropped = true;
						else
							strcpy(tok->text, word_folds[k].as);
						break;
					}
				}
			}
		}
		if (dropped)
			remove_token(t, i);
		else
			i++;
	}
}

static bool
phrase_at(const TokenList *t, int i, const PhraseFold *p)
{
	for (int k = 0; p->words[k] != NULL; k++)
	{
		if (i + k >= t->n || t->tok[i + k].number ||
			strcmp(t->tok[i + k].text, p->words[k]) != 0)
			return false;
	}
	return true;
}

static void
fold_phrases(TokenList *t)
{
	for (int i = 0; i < t->n; i++)
	{
		for (size_t k = 0; k < sizeof(phrase_folds) / sizeof(phrase_folds[0]); k++)
		{
			const PhraseFold *p = &phrase_folds[k];

			if (phrase_at(t, i, p))
			{
				int			nwords = 0;

				while (p->words[nwords] != NULL)
					nwords++;
				strcpy(t->tok[i].text, p->as);
				for (int w = 1; w < nwords; w++)
					remove_token(t, i + 1);
				break;
			}
		}
	}
}

/* number "x" number -> one dimension token "NxM" */
static void
join_dimensions(TokenList *t)
{
	for (int i = 0; i + 2 < t->n; i++)
	{
		Token	   *a = &t->tok[i];
		Token	   *b = &t->tok[i + 2];

		if (a->number && !a->dimension && b->number && !b->dimension &&
			strcmp(t->tok[i + 1].text, "x") == 0)
		{
			size_t		la = strlen(a->text);
			size_t		lb = strlen(b->text);

			if (la + 1 + lb >= TOKEN_LEN)
			{
				t->overflow = true;
				return;
			}
			a->text[la] = 'x';
			memcpy(a->text + la + 1, b->text, lb + 1);
			a->dimension = true;
			remove_token(t, i + 1);
			remove_token(t, i + 1);
		}
	}
}

bool
caliber_key(const char *input, size_t len, char *out, size_t cap)
{
	TokenList	t;
	size_t		n = 0;

	if (out == NULL || cap == 0)
		return false;
	out[0] = '\0';
	if (input == NULL)
		return false;

	t.n = 0;
	t.overflow = false;
	t.saw_mm = false;
	tokenize(input, len, &t);
	if (t.overflow)
		return false;
	fold_words(&t);
	fold_phrases(&t);
	join_dimensions(&t);
	if (t.overflow || t.n == 0)
		return false;

	/* "9mm" alone names a cartridge; "9" alone does not */
	if (t.n == 1 && t.tok[0].number && !t.tok[0].dimension && t.saw_mm)
	{
		size_t		l = strlen(t.tok[0].text);

		if (l + 2 >= TOKEN_LEN)
			return false;
		memcpy(t.tok[0].text + l, "mm", 3);
	}

	for (int i = 0; i < t.n; i++)
	{
		size_t		l = strlen(t.tok[i].text);

		if (n + (i > 0) + l + 1 > cap)
		{
			out[0] = '\0';
			return false;
		}
		if (i > 0)
			out[n++] = ' ';
		memcpy(out + n, t.tok[i].text, l);
		n += l;
	}
	out[n] = '\0';
	return true;
}

static int
compare_alias(const void *key, const void *elem)
{
	return strcmp((const char *) key, ((const CaliberAlias *) elem)->key);
}

static const CaliberEntry *
lookup(const char *input, size_t len)
{
	char		key[CALIBER_KEY_MAX];
	const CaliberAlias *hit;

	if (!caliber_key(input, len, key, sizeof(key)))
		return NULL;
	hit = bsearch(key, caliber_aliases, N_ALIASES, sizeof(CaliberAlias), compare_alias);
	return hit ? &caliber_entries[hit->id] : NULL;
}

const char *
caliber_canonical(const char *input, size_t len)
{
	const CaliberEntry *e = lookup(input, len);

	return e ? e->designation : NULL;
}

const char *
caliber_family(const char *input, size_t len)
{
	const CaliberEntry *e = lookup(input, len);

	if (e == NULL)
		return NULL;
	return e->family ? e->family : e->designation;
}

size_t
caliber_catalog_size(void)
{
	return CAL_COUNT;
}

bool
caliber_catalog_entry(size_t i, const char **designation, const char **family)
{
	if (i >= CAL_COUNT)
		return false;
	*designation = caliber_entries[i].designation;
	*family = caliber_entries[i].family ? caliber_entries[i].family
		: caliber_entries[i].designation;
	return true;
}

size_t
caliber_alias_count(void)
{
	return N_ALIASES;
}

bool
caliber_alias(size_t i, const char **key, const char **designation)
{
	if (i >= N_ALIASES)
		return false;
	*key = caliber_aliases[i].key;
	*designation = caliber_entries[caliber_aliases[i].id].designation;
	return true;
}
