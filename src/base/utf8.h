/*
 * utf8.h - the Unicode operations Jipyo needs, on top of utf8proc.
 *
 * All text inside Jipyo is valid UTF-8 in NFC. Input that is not UTF-8 is
 * tried as CP949 (the encoding Korean Excel writes) and converted.
 */
#ifndef JY_UTF8_H
#define JY_UTF8_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Nonzero when s[0..len) is valid UTF-8; *bad_offset gets the first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Converts CP949 bytes to UTF-8 into out. Fails on invalid CP949. */
int utf8_from_cp949(const char *s, size_t len, struct buf *out, struct jy_err *err);

/* NFC-normalises s into out (out is reset first). s must be valid UTF-8. */
int utf8_nfc(const char *s, struct buf *out, struct jy_err *err);

/* Terminal columns s occupies: Hangul and other wide characters count 2,
 * combining marks 0. Invalid bytes count 1 each. */
int utf8_display_width(const char *s);

/* Decodes one code point at s (of at most len bytes); returns bytes used,
 * 0 at the end, -1 for an invalid sequence. */
int utf8_decode(const char *s, size_t len, int *cp);

#endif
