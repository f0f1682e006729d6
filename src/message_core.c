/*
 * message_core.c — error-message helpers shared by the plain-C parsers.
 */
#include "message_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
msg_set_err(char *err, size_t errlen, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const char *
msg_quote_bytes(char *dst, size_t dstlen, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		o = 0;
	size_t		i;

	for (i = 0; i < n && i < MSG_QUOTE_MAX; i++)
	{
		unsigned char c = (unsigned char) p[i];

		if (o + 5 >= dstlen)
			break;
		if (c >= 0x20 && c < 0x7F)
			dst[o++] = (char) c;
		else
		{
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 0x0F];
		}
	}
	if (i < n && o + 4 < dstlen)
	{
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}
