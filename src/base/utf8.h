/*
 * utf8.h - the Unicode operations Jipyo needs, on top of utf8proc.
 *
 * All text inside Jipyo is valid UTF-8 in NFC. A CSV file that is not UTF-8
 * may be CP949 (the encoding Korean Excel writes) and is converted; which
 * one a file is, csv.c decides.
 */
#ifndef JY_UTF8_H
#define JY_UTF8_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Nonzero when s[0..len) is valid UTF-8; *bad_offset gets the first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* Converts CP949 bytes to UTF-8 into out. Fails on invalid CP949, giving
 * the offset of the first byte that is not (bad_offset may be NULL). */
int utf8_from_cp949(const char *s, size_t len, struct buf *out, size_t *bad_offset,
		    struct jy_err *err);

/* Whether CP949 has code point cp (every Hangul syllable, not ․ ｢ ｣ ❶). */
int utf8_in_cp949(int cp);
/* Appends s to out as a spreadsheet saves it in CP949: each character
 * CP949 lacks becomes '?', and a '?' of s becomes `question` (the caller
 * tells the two apart with another byte). Returns how many were lost. */
size_t utf8_add_cp949_lossy(struct buf *out, const char *s, char question);

/* NFC-normalises s into out (out is reset first). s must be valid UTF-8. */
int utf8_nfc(const char *s, struct buf *out, struct jy_err *err);
/* The same for the len bytes at s (no NUL needed). Text made only of code
 * points that are NFC in any context (ASCII, Hangul syllables, the symbols
 * reports print) is copied as it is, without utf8proc. */
int utf8_nfc_n(const char *s, size_t len, struct buf *out, struct jy_err *err);
/* 1 when s[0..len) is valid UTF-8 made only of such code points (it is then
 * NFC); 0 means "ask utf8proc", not "not NFC". */
int utf8_is_nfc_quick(const char *s, size_t len);

/* The 1-based character column of byte byte_off of line, as error messages
 * give it (continuation bytes do not count). */
long utf8_column(const char *line, size_t byte_off);

/* Terminal columns s occupies: Hangul and other wide characters count 2,
 * combining marks 0. Invalid bytes count 1 each. */
int utf8_display_width(const char *s);

/* Appends s to out with every control character made visible: C0 (tab and
 * line ends too) as its Control Pictures symbol (ESC as U+241B), DEL as
 * U+2421, C1 (U+0080..U+009F) as U+FFFD. Text that reaches a terminal goes
 * through it, so that data cannot move the cursor, clear the screen, set the
 * window title or start a line of its own. */
void utf8_add_visible(struct buf *out, const char *s);

/* Decodes one code point at s (of at most len bytes); returns bytes used,
 * 0 at the end, -1 for an invalid sequence. */
int utf8_decode(const char *s, size_t len, int *cp);

#endif
