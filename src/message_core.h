/*
 * message_core.h — small helpers the plain-C parsers share for their error
 * messages and their scanning.  No postgres.h.
 */
#ifndef MESSAGE_CORE_H
#define MESSAGE_CORE_H

#include <stdbool.h>
#include <stddef.h>

/* Input bytes quoted in a message: at most this many, then "...". */
#define MSG_QUOTE_MAX 20
/* Room for a quoted piece: each byte may become \xHH. */
#define MSG_QUOTE_BUFSIZE (MSG_QUOTE_MAX * 4 + 8)

/* printf into a caller's error buffer (ignored when err is NULL or empty). */
extern void msg_set_err(char *err, size_t errlen, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/*
 * Copy input bytes for quoting in a message.  Bytes outside printable ASCII
 * are shown as \xHH: a fixed-width slice may cut a multibyte character, and
 * a detail must stay valid in any server encoding.  Long pieces end in "...".
 */
extern const char *msg_quote_bytes(char *dst, size_t dstlen, const char *p, size_t n);

/* ASCII white space and digits, independent of the locale. */
static inline bool
msg_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static inline bool
msg_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#endif
