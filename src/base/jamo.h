/*
 * jamo.h - Hangul syllables as jamo, and an edit distance over them.
 *
 * A typo in Korean usually changes one jamo, not one syllable: 학과 / 학교
 * differ in one vowel. Decomposing each precomposed syllable (U+AC00..D7A3)
 * by Unicode arithmetic into its initial, medial and (optional) final jamo
 * lets one edit distance serve Hangul and Latin alike (Latin letters are
 * compared case-insensitively, everything else as its code point).
 */
#ifndef JY_JAMO_H
#define JY_JAMO_H

#include <stddef.h>

/* Units of one character: 2 or 3 for a Hangul syllable, else 1. */
#define JAMO_PER_CHAR_MAX 3

/* Decomposes UTF-8 s[0..len) into out (at most max units): a syllable into
 * U+1100+L, U+1161+V and, when it has one, U+11A7+T; an ASCII capital into
 * its small letter; any other code point (or a bad byte, as U+FFFD) as is.
 * Returns the number of units, at most max. */
size_t jamo_decompose(const char *s, size_t len, int *out, size_t max);

/* The optimal-string-alignment distance between a and b (insertions,
 * deletions, substitutions and transpositions of adjacent units, each 1),
 * or limit + 1 as soon as it is known to exceed limit. */
int jamo_distance(const int *a, size_t na, const int *b, size_t nb, int limit);

#endif
