/*
 * utf8.c - validation, CP949 conversion, NFC and display width (see utf8.h).
 */
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "mem.h"

int utf8_decode(const char *s, size_t len, int *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if (len == 0)
		return 0;
	n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
	if (n <= 0)
		return -1;
	*cp = c;
	return (int)n;
}

int utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;

	while (i < len) {
		int cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n <= 0) {
			if (bad_offset)
				*bad_offset = i;
			return 0;
		}
		i += (size_t)n;
	}
	return 1;
}

int utf8_from_cp949(const char *s, size_t len, struct buf *out, struct jy_err *err)
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
		size_t r = iconv(cd, &in, &in_left, &o, &o_left);
		buf_add(out, chunk, sizeof(chunk) - o_left);
		if (r == (size_t)-1 && errno != E2BIG) {
			size_t at = (size_t)(in - s);
			iconv_close(cd);
			return jy_err_set(err, JY_EINPUT,
					  "neither UTF-8 nor CP949 (invalid byte at offset %zu)", at);
		}
	}
	iconv_close(cd);
	return 0;
}

int utf8_nfc(const char *s, struct buf *out, struct jy_err *err)
{
	utf8proc_uint8_t *r = utf8proc_NFC((const utf8proc_uint8_t *)s);

	if (!r)
		return jy_err_set(err, JY_EINPUT, "text is not valid UTF-8");
	buf_reset(out);
	buf_adds(out, (const char *)r);
	free(r);
	return 0;
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
