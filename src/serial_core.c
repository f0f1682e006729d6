/*
 * serial_core.c — firearm serial numbers: parsing, the canonical key, search
 * patterns and LIKE matching over keys.  See serial_core.h for the rules.
 *
 * Plain C, no allocation, no global state; every function accepts any bytes.
 */
#include "serial_core.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
#define SERIAL_PRINTF_FORMAT(f, a) __attribute__((format(printf, f, a)))
#else
#define SERIAL_PRINTF_FORMAT(f, a)
#endif

static void set_error(char *err, size_t errlen, const char *fmt,...)
			SERIAL_PRINTF_FORMAT(3, 4);

static void
set_error(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool
is_outer_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\v' || c == '\f';
}

static bool
is_separator(unsigned char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '/';
}

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z');
}

static bool
is_wildcard(unsigned char c)
{
	return c == '?' || c == '*';
}

/*
 * The key spelling of one letter or digit: upper case, then the look-alike
 * letters onto the digits they are mistaken for.
 */
static char
fold_char(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		c = (unsigned char) (c - 'a' + 'A');
	switch (c)
	{
		case 'O':
			return '0';
		case 'I':
		case 'L':
			return '1';
		case 'S':
			return '5';
		case 'B':
			return '8';
		case 'Z':
			return '2';
		default:
			return (char) c;
	}
}

/* Outer white space off both ends: the text is input[*start .. *end). */
static void
trim(const char *input, size_t len, size_t *start, size_t *end)
{
	size_t		s = 0;
	size_t		e = len;

	while (s < e && is_outer_space((unsigned char) input[s]))
		s++;
	while (e > s && is_outer_space((unsigned char) input[e - 1]))
		e--;
	*start = s;
	*end = e;
}

/*
 * Every character of the trimmed text must be a letter, a digit, a separator
 * or (in patterns only) a wildcard.  Positions are 1-based in the input as
 * given; since the scan stops at the first non-ASCII byte, byte and character
 * positions agree.
 */
static bool
check_characters(const char *input, size_t start, size_t end, bool pattern,
				 char *err, size_t errlen)
{
	size_t		i;

	for (i = start; i < end; i++)
	{
		unsigned char c = (unsigned char) input[i];
		size_t		pos = i + 1;

		if (is_alnum(c) || is_separator(c))
			continue;
		if (pattern && is_wildcard(c))
			continue;

		if (c >= 0x80)
			set_error(err, errlen,
					  "Non-ASCII character at position %zu is not allowed; use ASCII letters and digits.",
					  pos);
		else if (c < 0x20 || c == 0x7f)
			set_error(err, errlen,
					  "Control character 0x%02X at position %zu is not allowed.",
					  (unsigned int) c, pos);
		else if (is_wildcard(c))
			set_error(err, errlen,
					  "Character \"%c\" at position %zu is a search wildcard; it is allowed only in search patterns.",
					  c, pos);
		else if (c == '"')
			set_error(err, errlen,
					  "Character '\"' at position %zu is not allowed.", pos);
		else
			set_error(err, errlen,
					  "Character \"%c\" at position %zu is not allowed.", c, pos);
		return false;
	}
	return true;
}

bool
serial_parse(const char *input, size_t len, SerialParse *out,
			 char *err, size_t errlen)
{
	size_t		start;
	size_t		end;
	size_t		i;
	int			k = 0;

	if (input == NULL)
		len = 0;
	trim(input, len, &start, &end);

	if (start == end)
	{
		set_error(err, errlen, "Serial number is empty.");
		return false;
	}
	if (!check_characters(input, start, end, false, err, errlen))
		return false;
	if (end - start > SERIAL_MAX_RECORDED)
	{
		set_error(err, errlen,
				  "Serial number is %zu characters long; at most %d are allowed.",
				  end - start, SERIAL_MAX_RECORDED);
		return false;
	}

	for (i = start; i < end; i++)
	{
		unsigned char c = (unsigned char) input[i];

		if (!is_separator(c))
			out->key[k++] = fold_char(c);
	}
	if (k == 0)
	{
		set_error(err, errlen, "Serial number has no letters or digits.");
		return false;
	}

	memcpy(out->recorded, input + start, end - start);
	out->recorded[end - start] = '\0';
	out->recorded_len = (int) (end - start);
	out->key[k] = '\0';
	out->key_len = k;
	return true;
}

bool
serial_pattern_parse(const char *input, size_t len, char *like_out,
					 size_t like_cap, char *err, size_t errlen)
{
	char		like[SERIAL_MAX_KEY + 1];
	size_t		start;
	size_t		end;
	size_t		i;
	size_t		n = 0;
	int			readable = 0;

	if (input == NULL)
		len = 0;
	trim(input, len, &start, &end);

	if (start == end)
	{
		set_error(err, errlen, "Pattern is empty.");
		return false;
	}
	if (!check_characters(input, start, end, true, err, errlen))
		return false;
	if (end - start > SERIAL_MAX_RECORDED)
	{
		set_error(err, errlen,
				  "Pattern is %zu characters long; at most %d are allowed.",
				  end - start, SERIAL_MAX_RECORDED);
		return false;
	}

	/* at most one output byte per input byte, so like[] cannot overflow */
	for (i = start; i < end; i++)
	{
		unsigned char c = (unsigned char) input[i];

		if (is_separator(c))
			continue;
		if (c == '*')
		{
			if (n == 0 || like[n - 1] != '%')
				like[n++] = '%';
		}
		else if (c == '?')
			like[n++] = '_';
		else
		{
			like[n++] = fold_char(c);
			readable++;
		}
	}
	if (readable == 0)
	{
		set_error(err, errlen,
				  "Pattern has no letters or digits; at least one readable character is needed.");
		return false;
	}
	if (like_out == NULL || like_cap < n + 1)
	{
		set_error(err, errlen, "The pattern does not fit in the output buffer.");
		return false;
	}
	memcpy(like_out, like, n);
	like_out[n] = '\0';
	return true;
}

/*
 * Wildcard matching with one backtrack point: on a mismatch, let the most
 * recent '%' swallow one more key byte and retry from just after it.  Earlier
 * '%'s never need revisiting, since the later one can absorb anything they
 * could.
 */
bool
serial_like_match(const char *key, size_t key_len, const char *like,
				  size_t like_len)
{
	size_t		k = 0;
	size_t		p = 0;
	size_t		star_p = SIZE_MAX;
	size_t		star_k = 0;

	if (key == NULL)
		key_len = 0;
	if (like == NULL)
		like_len = 0;

	while (k < key_len)
	{
		if (p < like_len && like[p] == '%')
		{
			star_p = p++;
			star_k = k;
		}
		else if (p < like_len && (like[p] == '_' || like[p] == key[k]))
		{
			p++;
			k++;
		}
		else if (star_p != SIZE_MAX)
		{
			p = star_p + 1;
			k = ++star_k;
		}
		else
			return false;
	}
	while (p < like_len && like[p] == '%')
		p++;
	return p == like_len;
}
