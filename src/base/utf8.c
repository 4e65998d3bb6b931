/*
 * utf8.c - validation, CP949 conversion, NFC and display width (see utf8.h).
 */
#include "utf8.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "mem.h"
#include "msg.h"

/* Length of the UTF-8 sequence at p[0..len), or 0 when it is not one:
 * the rules of utf8proc_iterate (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF). */
static size_t sequence_length(const unsigned char *p, size_t len)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0)
		return len >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (len < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F))
			return 0; /* overlong; surrogate */
		return 3;
	}
	if (len < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
		return 0;
	if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F))
		return 0; /* overlong; above U+10FFFF */
	return 4;
}

int utf8_decode(const char *s, size_t len, int *cp)
{
	const unsigned char *p = (const unsigned char *)s;

	/* by hand rather than utf8proc_iterate (same rules): word splitting
	 * decodes every byte of the narrative rows */
	if (len == 0)
		return 0;
	switch (sequence_length(p, len)) {
	case 0:
		return -1;
	case 1:
		*cp = p[0];
		return 1;
	case 2:
		*cp = (p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	case 3:
		*cp = (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	default:
		*cp = (p[0] & 0x07) << 18 | (p[1] & 0x3F) << 12 | (p[2] & 0x3F) << 6 |
		      (p[3] & 0x3F);
		return 4;
	}
}

int utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		/* ASCII, eight bytes at a time: most of a data package */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = sequence_length(p + i, len - i);
		if (!n) {
			if (bad_offset)
				*bad_offset = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* Where the character iconv refused starts, from a character boundary at or
 * before it (from). glibc's CP949 steps over an undefined pair before it
 * fails, so the offset iconv leaves is not it: each character from there is
 * tried alone. CP949 is stateless: a byte below 0x80 is one character, any
 * other starts a pair. Only on the error path; at most one chunk of work. */
static size_t cp949_culprit(iconv_t cd, const char *s, size_t len, size_t from)
{
	size_t i = from;

	while (i < len) {
		size_t n = (unsigned char)s[i] < 0x80 ? 1 : 2;
		char one[8], *o = one, *in = (char *)s + i;
		size_t in_left = n, o_left = sizeof(one);
		if (i + n > len)
			return i; /* a lead byte with nothing after it */
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1)
			return i;
		i += n;
	}
	return len ? len - 1 : 0; /* not reached: iconv refused something */
}

int utf8_from_cp949(const char *s, size_t len, struct buf *out, size_t *bad_offset,
		    struct jy_err *err)
{
	iconv_t cd = iconv_open("UTF-8", "CP949");
	char *in = (char *)s;
	size_t in_left = len;
	char chunk[4096];

	if (cd == (iconv_t)-1)
		return jy_err_set(err, JY_EINTERNAL, "iconv cannot convert from CP949");
	buf_reset(out);
	while (in_left > 0) {
		char *o = chunk;
		size_t o_left = sizeof(chunk);
		size_t from = (size_t)(in - s);
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		buf_add(out, chunk, sizeof(chunk) - o_left);
		if (r == (size_t)-1 && errno != E2BIG) {
			size_t at = cp949_culprit(cd, s, len, from);
			assert(at < len);
			iconv_close(cd);
			if (bad_offset)
				*bad_offset = at;
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NOT_CP949_AT, at);
		}
	}
	iconv_close(cd);
	return 0;
}

/* Which code points of the Basic Multilingual Plane CP949 has, asked of
 * iconv once (65,536 conversions, a few milliseconds): a bit each. */
static uint8_t cp949_has[0x10000 / 8];
static pthread_once_t cp949_once = PTHREAD_ONCE_INIT;

static void cp949_table(void)
{
	iconv_t cd = iconv_open("CP949", "UTF-8");
	if (cd == (iconv_t)-1)
		return; /* no table: every character counts as missing */
	for (int cp = 0; cp < 0x10000; cp++) {
		char in[4], outb[8], *i = in, *o = outb;
		size_t in_left, out_left = sizeof(outb);
		if (cp >= 0xD800 && cp < 0xE000)
			continue; /* surrogates are no characters */
		in_left = (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)in);
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &i, &in_left, &o, &out_left) != (size_t)-1)
			cp949_has[cp / 8] |= (uint8_t)(1u << (cp % 8));
	}
	iconv_close(cd);
}

int utf8_in_cp949(int cp)
{
	if (cp < 0x80 || (cp >= 0xAC00 && cp <= 0xD7A3))
		return 1; /* ASCII and the Hangul syllables, without the table */
	if (cp >= 0x10000)
		return 0;
	pthread_once(&cp949_once, cp949_table);
	return cp949_has[cp / 8] >> (cp % 8) & 1;
}

size_t utf8_add_cp949_lossy(struct buf *out, const char *s, char question)
{
	size_t lost = 0, len = strlen(s);

	for (size_t i = 0; i < len;) {
		int cp, n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) { /* not UTF-8 (text inside Jipyo always is): kept */
			buf_addc(out, s[i++]);
			continue;
		}
		if (cp == '?') {
			buf_addc(out, question);
		} else if (utf8_in_cp949(cp)) {
			buf_add(out, s + i, (size_t)n);
		} else {
			buf_addc(out, '?');
			lost++;
		}
		i += (size_t)n;
	}
	return lost;
}

/* Code points that are NFC whatever surrounds them: NFC_Quick_Check=Yes and
 * combining class 0, so they neither change nor combine with a neighbour
 * (Unicode's second elements of compositions all have Quick_Check=Maybe).
 * The ranges cover what Korean reports print: ASCII, Latin-1 and Latin
 * Extended, general punctuation, enclosed numbers, shapes (△ ○), CJK
 * symbols and brackets, compatibility jamo, CJK compatibility (㎡), Hangul
 * syllables and full-width forms. Anything else goes through utf8proc. */
static int nfc_inert(uint32_t cp)
{
	return cp < 0x0300 || (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
	       (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x25A0 && cp <= 0x25FF) ||
	       (cp >= 0x3000 && cp <= 0x3029) || (cp >= 0x3030 && cp <= 0x303F) ||
	       (cp >= 0x3131 && cp <= 0x318E) || (cp >= 0x3200 && cp <= 0x33FF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xFF01 && cp <= 0xFFEE);
}

int utf8_is_nfc_quick(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n = sequence_length(p + i, len - i);
		if (n == 2)
			cp = (uint32_t)(c & 0x1F) << 6 | (p[i + 1] & 0x3F);
		else if (n == 3)
			cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 |
			     (p[i + 2] & 0x3F);
		else
			return 0; /* invalid, or outside the BMP: let utf8proc decide */
		if (!nfc_inert(cp))
			return 0;
		i += n;
	}
	return 1;
}

int utf8_nfc_n(const char *s, size_t len, struct buf *out, struct jy_err *err)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n;

	buf_reset(out);
	if (utf8_is_nfc_quick(s, len)) {
		buf_add(out, s, len);
		return 0;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &r,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_TEXT_NOT_UTF8);
	buf_add(out, (const char *)r, (size_t)n);
	free(r);
	return 0;
}

int utf8_nfc(const char *s, struct buf *out, struct jy_err *err)
{
	return utf8_nfc_n(s, strlen(s), out, err);
}

long utf8_column(const char *line, size_t byte_off)
{
	long col = 1;
	for (size_t i = 0; i < byte_off; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

int utf8_display_width(const char *s)
{
	size_t len = strlen(s);
	size_t i = 0;
	int width = 0;

	while (i < len) {
		int cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			width++;
			i++;
			continue;
		}
		int w = utf8proc_charwidth(cp);
		/* Korean layout forms utf8proc calls ambiguous are wide in CJK terminals. */
		if (cp == 0x3000 || (cp >= 0x3131 && cp <= 0x318E))
			w = 2;
		width += w > 0 ? w : 0;
		i += (size_t)n;
	}
	return width;
}

void utf8_add_visible(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *plain = p; /* the run not yet copied */

	for (; *p; p++) {
		char sym[4] = "\xE2\x90\x80"; /* the Control Picture of NUL */
		if (*p < 0x20) {
			sym[2] = (char)(0x80 + *p);
		} else if (*p == 0x7F) {
			sym[2] = (char)0xA1;
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			memcpy(sym, "\xEF\xBF\xBD", 3); /* U+FFFD */
		} else {
			continue;
		}
		buf_add(out, plain, (size_t)(p - plain));
		buf_add(out, sym, 3);
		p += *p == 0xC2; /* a C1 character is two bytes */
		plain = p + 1;
	}
	buf_add(out, plain, (size_t)(p - plain));
}
