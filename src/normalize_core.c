/*
 * normalize_core.c — matching keys for manufacturer names and person names,
 * plain C without PostgreSQL headers.
 *
 * Both keys are built from the same folding of UTF-8 text into "units": a
 * letter or digit (folded: Latin letters to unaccented ASCII upper case,
 * Greek, Cyrillic and Armenian upper-cased, other scripts kept), an
 * apostrophe, a silent mark (combining accents, zero-width characters), or a
 * separator (punctuation, symbols, spaces, invalid bytes).  Every letter or
 * digit unit folds to itself again, which makes both keys idempotent.
 */
#include "normalize_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INVALID_CP	0xFFFFFFFFu

typedef enum UnitKind
{
	UNIT_END,
	UNIT_ALNUM,					/* letter or digit; text holds the folded form */
	UNIT_APOSTROPHE,			/* ' ’ ʼ ´ ...: joins the parts of a word */
	UNIT_SILENT,				/* combining mark or invisible: ignored */
	UNIT_SEPARATOR				/* everything else; cp tells '.' from the rest */
} UnitKind;

typedef struct Unit
{
	UnitKind	kind;
	uint32_t	cp;
	char		text[4];
	size_t		textlen;
	size_t		next;			/* input position after this unit */
} Unit;

/* Latin letters with diacritics (and ligatures) folded to ASCII upper case. */
typedef struct LatinFold
{
	uint32_t	lo;
	uint32_t	hi;
	const char *ascii;
} LatinFold;

static const LatinFold latin_folds[] = {
	/* Latin-1 Supplement (U+00D7 and U+00F7 are signs, not letters) */
	{0x00C0, 0x00C5, "A"}, {0x00C6, 0x00C6, "AE"}, {0x00C7, 0x00C7, "C"},
	{0x00C8, 0x00CB, "E"}, {0x00CC, 0x00CF, "I"}, {0x00D0, 0x00D0, "D"},
	{0x00D1, 0x00D1, "N"}, {0x00D2, 0x00D6, "O"}, {0x00D8, 0x00D8, "O"},
	{0x00D9, 0x00DC, "U"}, {0x00DD, 0x00DD, "Y"}, {0x00DE, 0x00DE, "TH"},
	{0x00DF, 0x00DF, "SS"}, {0x00E0, 0x00E5, "A"}, {0x00E6, 0x00E6, "AE"},
	{0x00E7, 0x00E7, "C"}, {0x00E8, 0x00EB, "E"}, {0x00EC, 0x00EF, "I"},
	{0x00F0, 0x00F0, "D"}, {0x00F1, 0x00F1, "N"}, {0x00F2, 0x00F6, "O"},
	{0x00F8, 0x00F8, "O"}, {0x00F9, 0x00FC, "U"}, {0x00FD, 0x00FD, "Y"},
	{0x00FE, 0x00FE, "TH"}, {0x00FF, 0x00FF, "Y"},
	/* Latin Extended-A, complete */
	{0x0100, 0x0105, "A"}, {0x0106, 0x010D, "C"}, {0x010E, 0x0111, "D"},
	{0x0112, 0x011B, "E"}, {0x011C, 0x0123, "G"}, {0x0124, 0x0127, "H"},
	{0x0128, 0x0131, "I"}, {0x0132, 0x0133, "IJ"}, {0x0134, 0x0135, "J"},
	{0x0136, 0x0138, "K"}, {0x0139, 0x0142, "L"}, {0x0143, 0x014B, "N"},
	{0x014C, 0x0151, "O"}, {0x0152, 0x0153, "OE"}, {0x0154, 0x0159, "R"},
	{0x015A, 0x0161, "S"}, {0x0162, 0x0167, "T"}, {0x0168, 0x0173, "U"},
	{0x0174, 0x0175, "W"}, {0x0176, 0x0178, "Y"}, {0x0179, 0x017E, "Z"},
	{0x017F, 0x017F, "S"},
	/* Latin Extended-B: Vietnamese horn letters, pinyin, Romanian, ligatures */
	{0x0180, 0x0180, "B"}, {0x01A0, 0x01A1, "O"}, {0x01AF, 0x01B0, "U"},
	{0x01C4, 0x01C6, "DZ"}, {0x01C7, 0x01C9, "LJ"}, {0x01CA, 0x01CC, "NJ"},
	{0x01CD, 0x01CE, "A"}, {0x01CF, 0x01D0, "I"}, {0x01D1, 0x01D2, "O"},
	{0x01D3, 0x01DC, "U"}, {0x01DE, 0x01E1, "A"}, {0x01E2, 0x01E3, "AE"},
	{0x01E4, 0x01E7, "G"}, {0x01E8, 0x01E9, "K"}, {0x01EA, 0x01ED, "O"},
	{0x01F0, 0x01F0, "J"}, {0x01F1, 0x01F3, "DZ"}, {0x01F4, 0x01F5, "G"},
	{0x01F8, 0x01F9, "N"}, {0x01FA, 0x01FB, "A"}, {0x01FC, 0x01FD, "AE"},
	{0x01FE, 0x01FF, "O"}, {0x0200, 0x0203, "A"}, {0x0204, 0x0207, "E"},
	{0x0208, 0x020B, "I"}, {0x020C, 0x020F, "O"}, {0x0210, 0x0213, "R"},
	{0x0214, 0x0217, "U"}, {0x0218, 0x0219, "S"}, {0x021A, 0x021B, "T"},
	/* Latin Extended Additional (Vietnamese and others), complete */
	{0x1E00, 0x1E01, "A"}, {0x1E02, 0x1E07, "B"}, {0x1E08, 0x1E09, "C"},
	{0x1E0A, 0x1E13, "D"}, {0x1E14, 0x1E1D, "E"}, {0x1E1E, 0x1E1F, "F"},
	{0x1E20, 0x1E21, "G"}, {0x1E22, 0x1E2B, "H"}, {0x1E2C, 0x1E2F, "I"},
	{0x1E30, 0x1E35, "K"}, {0x1E36, 0x1E3D, "L"}, {0x1E3E, 0x1E43, "M"},
	{0x1E44, 0x1E4B, "N"}, {0x1E4C, 0x1E53, "O"}, {0x1E54, 0x1E57, "P"},
	{0x1E58, 0x1E5F, "R"}, {0x1E60, 0x1E69, "S"}, {0x1E6A, 0x1E71, "T"},
	{0x1E72, 0x1E7B, "U"}, {0x1E7C, 0x1E7F, "V"}, {0x1E80, 0x1E89, "W"},
	{0x1E8A, 0x1E8D, "X"}, {0x1E8E, 0x1E8F, "Y"}, {0x1E90, 0x1E95, "Z"},
	{0x1E96, 0x1E96, "H"}, {0x1E97, 0x1E97, "T"}, {0x1E98, 0x1E98, "W"},
	{0x1E99, 0x1E99, "Y"}, {0x1E9A, 0x1E9A, "A"}, {0x1E9B, 0x1E9D, "S"},
	{0x1E9E, 0x1E9E, "SS"}, {0x1E9F, 0x1E9F, "D"}, {0x1EA0, 0x1EB7, "A"},
	{0x1EB8, 0x1EC7, "E"}, {0x1EC8, 0x1ECB, "I"}, {0x1ECC, 0x1EE3, "O"},
	{0x1EE4, 0x1EF1, "U"}, {0x1EF2, 0x1EF9, "Y"}, {0x1EFA, 0x1EFB, "LL"},
	{0x1EFC, 0x1EFD, "V"}, {0x1EFE, 0x1EFF, "Y"},
};

typedef struct CodeRange
{
	uint32_t	lo;
	uint32_t	hi;
} CodeRange;

/* apostrophes and their look-alikes: "O’Neil", "D´Angelo" */
static const CodeRange apostrophes[] = {
	{0x00B4, 0x00B4}, {0x02BB, 0x02BC}, {0x2018, 0x2019}, {0x201B, 0x201B},
	{0x2032, 0x2032},
};

/* combining marks (decomposed accents), soft hyphen, invisible characters */
static const CodeRange silent[] = {
	{0x00AD, 0x00AD}, {0x02B0, 0x036F}, {0x0483, 0x0489}, {0x1AB0, 0x1AFF},
	{0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2060, 0x206F}, {0x20D0, 0x20FF},
	{0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0000, 0xE007F},
};

/* punctuation, symbols and spaces outside ASCII and Latin-1 */
static const CodeRange separators[] = {
	{0x037E, 0x037E}, {0x0387, 0x0387}, {0x055A, 0x055F}, {0x0589, 0x058A},
	{0x05BE, 0x05BE}, {0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05C6, 0x05C6},
	{0x05F3, 0x05F4}, {0x060C, 0x060C}, {0x061B, 0x061B}, {0x061F, 0x061F},
	{0x066A, 0x066D}, {0x06D4, 0x06D4}, {0x2000, 0x2BFF}, {0x2E00, 0x2E7F},
	{0x3000, 0x303F}, {0xD800, 0xF8FF}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE6F},
	{0xFF00, 0xFF00}, {0xFF5F, 0xFF65}, {0xFFE0, 0xFFFF}, {0x1F000, 0x1FAFF},
	{0xF0000, 0x10FFFF},
};

static bool
in_ranges(uint32_t cp, const CodeRange *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return true;
	return false;
}

#define IN_RANGES(cp, table) in_ranges((cp), (table), sizeof(table) / sizeof(table[0]))

static bool
is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* One code point of strict UTF-8; invalid bytes come out one at a time. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	uint32_t	v;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && len >= 2 && is_continuation(s[1]))
	{
		*cp = ((uint32_t) (c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && is_continuation(s[1]) && is_continuation(s[2]))
	{
		v = ((uint32_t) (c & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF))
		{
			*cp = v;
			return 3;
		}
	}
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && is_continuation(s[1]) &&
		is_continuation(s[2]) && is_continuation(s[3]))
	{
		v = ((uint32_t) (c & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (v >= 0x10000 && v <= 0x10FFFF)
		{
			*cp = v;
			return 4;
		}
	}
	*cp = INVALID_CP;
	return 1;
}

static size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80)
	{
		out[0] = (char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		out[0] = (char) (0xC0 | (cp >> 6));
		out[1] = (char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		out[0] = (char) (0xE0 | (cp >> 12));
		out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char) (0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char) (0xF0 | (cp >> 18));
	out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char) (0x80 | (cp & 0x3F));
	return 4;
}

/* Upper case of the lower-case letters of the bicameral scripts beyond Latin. */
static uint32_t
upper_non_latin(uint32_t cp)
{
	if (cp >= 0x03B1 && cp <= 0x03CB)	/* Greek α..ϋ */
		return cp == 0x03C2 ? 0x03A3 : cp - 0x20;	/* final sigma -> Σ */
	if (cp == 0x03AC)
		return 0x0386;
	if (cp >= 0x03AD && cp <= 0x03AF)
		return cp - 0x25;
	if (cp == 0x03CC)
		return 0x038C;
	if (cp >= 0x03CD && cp <= 0x03CE)
		return cp - 0x3F;
	if (cp >= 0x0430 && cp <= 0x044F)	/* Cyrillic а..я */
		return cp - 0x20;
	if (cp >= 0x0450 && cp <= 0x045F)	/* Cyrillic ѐ..џ */
		return cp - 0x50;
	if (cp >= 0x0561 && cp <= 0x0586)	/* Armenian */
		return cp - 0x30;
	return cp;
}

static void
set_text(Unit *u, const char *s)
{
	u->kind = UNIT_ALNUM;
	u->textlen = strlen(s);
	memcpy(u->text, s, u->textlen);
}

static void
classify(uint32_t cp, Unit *u)
{
	u->textlen = 0;
	if (cp >= 0xFF01 && cp <= 0xFF5E)	/* fullwidth ASCII */
		cp -= 0xFEE0;
	u->cp = cp;

	if (cp < 0x80)
	{
		if (cp >= 'a' && cp <= 'z')
		{
			u->kind = UNIT_ALNUM;
			u->text[0] = (char) (cp - 'a' + 'A');
			u->textlen = 1;
		}
		else if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
		{
			u->kind = UNIT_ALNUM;
			u->text[0] = (char) cp;
			u->textlen = 1;
		}
		else if (cp == '\'' || cp == '`')
			u->kind = UNIT_APOSTROPHE;
		else
			u->kind = UNIT_SEPARATOR;
		return;
	}
	if (cp == INVALID_CP)
	{
		u->kind = UNIT_SEPARATOR;
		return;
	}
	if (IN_RANGES(cp, apostrophes))
	{
		u->kind = UNIT_APOSTROPHE;
		return;
	}
	if (IN_RANGES(cp, silent))
	{
		u->kind = UNIT_SILENT;
		return;
	}
	for (size_t i = 0; i < sizeof(latin_folds) / sizeof(latin_folds[0]); i++)
	{
		if (cp >= latin_folds[i].lo && cp <= latin_folds[i].hi)
		{
			set_text(u, latin_folds[i].ascii);
			return;
		}
	}
	if (cp < 0x0100 || IN_RANGES(cp, separators))
	{
		u->kind = UNIT_SEPARATOR;
		return;
	}
	/* a letter (or digit) of another script: kept, upper-cased where known */
	u->kind = UNIT_ALNUM;
	u->textlen = utf8_encode(upper_non_latin(cp), u->text);
}

static void
fold_next(const char *in, size_t len, size_t pos, Unit *u)
{
	uint32_t	cp;
	size_t		used;

	if (in == NULL || pos >= len)
	{
		u->kind = UNIT_END;
		u->cp = 0;
		u->textlen = 0;
		u->next = pos;
		return;
	}
	used = utf8_decode((const unsigned char *) in + pos, len - pos, &cp);
	classify(cp, u);
	u->next = pos + used;
}

/* Append bytes and keep room for the terminating NUL. */
static bool
append(char *out, size_t cap, size_t *n, const char *s, size_t len)
{
	if (*n + len + 1 > cap)
		return false;
	memcpy(out + *n, s, len);
	*n += len;
	return true;
}

/* ---------------------------------------------------------------------
 * Manufacturer names
 * ---------------------------------------------------------------------
 */

/* Corporate and legal-form words dropped from the end of a maker's name. */
static const char *const corporate_suffixes[] = {
	"AB", "AD", "AG", "AS", "BV", "CIA", "CO", "COMPANY", "CORP", "CORPORATION",
	"CV", "DE", "DOO", "GES", "GESMBH", "GMBH", "INC", "INCORPORATED", "IND",
	"INDUSTRIES", "KFT", "KG", "LIMITED", "LLC", "LLP", "LP", "LTD", "LTDA",
	"MANUFACTURING", "MBH", "MFG", "NV", "OY", "PLC", "PTY", "SA", "SARL", "SAS", "SL",
	"SONS", "SPA", "SRL", "SRO", "ZRT",
};

typedef struct MakerAlias
{
	const char *name;			/* a name as the key folds it */
	const char *key;			/* the maker's key */
} MakerAlias;

/*
 * Other names of well-known makers, sorted by name (strcmp order).  A
 * maker's key is never itself a name here, so keys are fixed points.
 */
static const MakerAlias maker_aliases[] = {
	{"AMADEOROSSI", "ROSSI"},
	{"BERETTAUSA", "BERETTA"},
	{"BROWNINGARMS", "BROWNING"},
	{"BUSHMASTERFIREARMS", "BUSHMASTER"},
	{"CARLWALTHER", "WALTHER"},
	{"CENTURY", "CENTURYARMS"},
	{"CENTURYINTERNATIONALARMS", "CENTURYARMS"},
	{"CESKAZBROJOVKA", "CZ"},
	{"CESKAZBROJOVKAUHERSKYBROD", "CZ"},
	{"CHARTER2000", "CHARTERARMS"},
	{"CHINANORTH", "NORINCO"},
	{"COLTPATENTFIREARMS", "COLT"},
	{"COLTS", "COLT"},
	{"CZUSA", "CZ"},
	{"FABBRICADARMIPIETROBERETTA", "BERETTA"},
	{"FABRIQUENATIONALE", "FNHERSTAL"},
	{"FABRIQUENATIONALEDHERSTAL", "FNHERSTAL"},
	{"FABRIQUENATIONALEHERSTAL", "FNHERSTAL"},
	{"FN", "FNHERSTAL"},
	{"FNAMERICA", "FNHERSTAL"},
	{"FNH", "FNHERSTAL"},
	{"FNHUSA", "FNHERSTAL"},
	{"FORJASTAURUS", "TAURUS"},
	{"HENRYREPEATINGARMS", "HENRY"},
	{"HIPOINTFIREARMS", "HIPOINT"},
	{"HK", "HECKLERKOCH"},
	{"HKUSA", "HECKLERKOCH"},
	{"ISRAELWEAPON", "IWI"},
	{"IZH", "IZHMASH"},
	{"KALASHNIKOVCONCERN", "IZHMASH"},
	{"KELTECCNC", "KELTEC"},
	{"KIMBERAMERICA", "KIMBER"},
	{"MARLINFIREARMS", "MARLIN"},
	{"OFMOSSBERG", "MOSSBERG"},
	{"PIETROBERETTA", "BERETTA"},
	{"REMINGTONARMS", "REMINGTON"},
	{"REMINGTONOUTDOOR", "REMINGTON"},
	{"SAVAGEARMS", "SAVAGE"},
	{"SIG", "SIGSAUER"},
	{"SIGARMS", "SIGSAUER"},
	{"SMITHWESSONBRANDS", "SMITHWESSON"},
	{"SPRINGFIELD", "SPRINGFIELDARMORY"},
	{"STEYRARMS", "STEYR"},
	{"STEYRMANNLICHER", "STEYR"},
	{"STURMRUGER", "RUGER"},
	{"SW", "SMITHWESSON"},
	{"TAURUSARMAS", "TAURUS"},
	{"TAURUSINTERNATIONAL", "TAURUS"},
	{"WALTHERARMS", "WALTHER"},
	{"WINCHESTERREPEATINGARMS", "WINCHESTER"},
	{"ZASTAVAARMS", "ZASTAVA"},
	{"ZASTAVAORUZJE", "ZASTAVA"},
};

#define N_MAKER_ALIASES (sizeof(maker_aliases) / sizeof(maker_aliases[0]))

static bool
word_is(const char *w, size_t len, const char *s)
{
	return strlen(s) == len && memcmp(w, s, len) == 0;
}

static bool
is_corporate_suffix(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof(corporate_suffixes) / sizeof(corporate_suffixes[0]); i++)
		if (word_is(w, len, corporate_suffixes[i]))
			return true;
	return false;
}

static int
compare_maker(const void *key, const void *elem)
{
	return strcmp((const char *) key, ((const MakerAlias *) elem)->name);
}

/* word start offsets kept for dropping trailing suffixes; older ones fall off */
#define MAX_WORDS 32

typedef struct WordList
{
	size_t		start[MAX_WORDS];
	int			n;				/* starts remembered */
	int			total;			/* words kept in all */
	size_t		first_len;		/* length of the first kept word */
	char		dropped_and[4];	/* the last "AND" or "UND" dropped, or "" */
} WordList;

static void
end_word(WordList *w, char *out, size_t *n, size_t *word_start)
{
	size_t		len = *n - *word_start;

	if (len == 0)
		return;
	if (word_is(out + *word_start, len, "AND") || word_is(out + *word_start, len, "UND"))
	{
		/* "Smith & Wesson" = "Smith and Wesson" = "Smith Wesson" */
		memcpy(w->dropped_and, out + *word_start, 3);
		w->dropped_and[3] = '\0';
		*n = *word_start;
		return;
	}
	if (w->n == MAX_WORDS)
	{
		memmove(w->start, w->start + 1, sizeof(size_t) * (MAX_WORDS - 1));
		w->n--;
	}
	w->start[w->n++] = *word_start;
	if (w->total == 0)
		w->first_len = len;
	w->total++;
	*word_start = *n;
}

bool
manufacturer_key(const char *in, size_t len, char *out, size_t cap)
{
	WordList	w = {{0}, 0, 0, 0, ""};
	size_t		n = 0;
	size_t		word_start = 0;
	size_t		pos = 0;
	const MakerAlias *alias;

	if (out == NULL || cap == 0)
		return false;
	out[0] = '\0';
	if (in == NULL)
		return false;

	for (;;)
	{
		Unit		u;

		fold_next(in, len, pos, &u);
		if (u.kind == UNIT_END)
			break;
		pos = u.next;
		switch (u.kind)
		{
			case UNIT_ALNUM:
				if (!append(out, cap, &n, u.text, u.textlen))
				{
					out[0] = '\0';
					return false;
				}
				break;
			case UNIT_APOSTROPHE:
				if (n > word_start)
				{
					Unit		s,
								after;

					/* a possessive "'s" is dropped: "Colt's" is Colt */
					fold_next(in, len, pos, &s);
					if (s.kind == UNIT_ALNUM && s.textlen == 1 && s.text[0] == 'S')
					{
						fold_next(in, len, s.next, &after);
						if (after.kind == UNIT_END || after.kind == UNIT_SEPARATOR)
						{
							pos = s.next;
							end_word(&w, out, &n, &word_start);
						}
					}
				}
				break;
			case UNIT_SILENT:
				break;
			case UNIT_SEPARATOR:
				if (u.cp == '.')
				{
					Unit		next;

					/* dots inside abbreviations join: "S.p.A.", "Ges.m.b.H." */
					fold_next(in, len, pos, &next);
					if (next.kind == UNIT_ALNUM)
						break;
				}
				end_word(&w, out, &n, &word_start);
				break;
			case UNIT_END:
				break;
		}
	}
	end_word(&w, out, &n, &word_start);

	/* a lone "AND" is a name, not a joiner (and keeps the key idempotent) */
	if (w.total == 0 && w.dropped_and[0] != '\0')
	{
		if (!append(out, cap, &n, w.dropped_and, 3))
			return false;
		w.total = 1;
	}

	/* trailing corporate suffixes, never the only word */
	while (w.total > 1 && w.n > 0 &&
		   is_corporate_suffix(out + w.start[w.n - 1], n - w.start[w.n - 1]))
	{
		n = w.start[w.n - 1];
		w.n--;
		w.total--;
	}

	/* a leading "THE" */
	if (w.total > 1 && w.first_len == 3 && memcmp(out, "THE", 3) == 0)
	{
		memmove(out, out + 3, n - 3);
		n -= 3;
	}

	if (n == 0)
		return false;
	out[n] = '\0';

	alias = bsearch(out, maker_aliases, N_MAKER_ALIASES, sizeof(MakerAlias), compare_maker);
	if (alias != NULL)
	{
		size_t		klen = strlen(alias->key);

		if (klen + 1 > cap)
		{
			out[0] = '\0';
			return false;
		}
		memcpy(out, alias->key, klen + 1);
	}
	return true;
}

size_t
manufacturer_alias_count(void)
{
	return N_MAKER_ALIASES;
}

bool
manufacturer_alias(size_t i, const char **name, const char **key)
{
	if (i >= N_MAKER_ALIASES)
		return false;
	*name = maker_aliases[i].name;
	*key = maker_aliases[i].key;
	return true;
}

/* ---------------------------------------------------------------------
 * Person names
 * ---------------------------------------------------------------------
 */

/* the letters and digits of a name part, folded, everything else dropped */
static bool
append_name_part(const char *in, size_t len, char *out, size_t cap, size_t *n)
{
	size_t		pos = 0;

	for (;;)
	{
		Unit		u;

		fold_next(in, len, pos, &u);
		if (u.kind == UNIT_END)
			return true;
		pos = u.next;
		if (u.kind == UNIT_ALNUM && !append(out, cap, n, u.text, u.textlen))
			return false;
	}
}

bool
person_name_key(const char *last, size_t llen, const char *first, size_t flen,
				char *out, size_t cap)
{
	size_t		n = 0;

	if (out == NULL || cap == 0)
		return false;
	out[0] = '\0';
	if (last == NULL)
		return false;

	if (!append_name_part(last, llen, out, cap, &n) || n == 0 ||
		!append(out, cap, &n, "|", 1) ||
		(first != NULL && !append_name_part(first, flen, out, cap, &n)))
	{
		out[0] = '\0';
		return false;
	}
	out[n] = '\0';
	return true;
}
