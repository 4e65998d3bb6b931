/*
 * knum.h - Korean numbers as printed in government reports.
 *
 * Parses every form the seed report uses: "1,234", "80.4", "68.6%",
 * "1조 4천억원", "3조 1,082억", "3.2조원", "7,215백만원", "43억원", "8,420원",
 * "2,417.8㎡", "△10" (negative), "-47", "+26", and "80,4" (a decimal comma:
 * read as 80.4 and flagged as a malformed printing). Also "1천만원" style
 * magnitude words (십 백 천 만 억 조 and combinations such as 백만, 천만,
 * 천억), "2천만원", "1~1.5억원" is NOT a number (a range: callers split it).
 *
 * The result is the value in the base unit (원 for money: magnitude words
 * applied), the base unit that followed the digits, the printed precision
 * (ulp: the value of one unit in the last printed place, in base units) and
 * flags describing how it was printed.
 */
#ifndef JY_KNUM_H
#define JY_KNUM_H

#include "buf.h"
#include "dec.h"
#include "err.h"

enum knum_flag {
	KNUM_NEGATIVE_TRIANGLE = 1 << 0, /* printed with △ or ▲ */
	KNUM_DECIMAL_COMMA = 1 << 1,	 /* "80,4": a comma where a point belongs */
	KNUM_MAGNITUDE = 1 << 2,	 /* a magnitude word (만 억 조 백만 …) applied */
	KNUM_PERCENT = 1 << 3,		 /* followed by % */
	KNUM_GROUPED = 1 << 4,		 /* digits grouped with commas */
	KNUM_SIGN = 1 << 5,		 /* explicit + or - (or U+2212) */
	KNUM_APPROX = 1 << 6,		 /* "약 193" or "6만여명": about / more than */
	KNUM_APPROX_TWICE = 1 << 7	 /* "약 193여평": both, a printing slip */
};

struct knum {
	struct dec value; /* in base units: "7,215백만원" -> 7215000000 */
	struct dec ulp;	  /* one unit of the last printed place, in base units:
			     "7,215백만원" -> 1000000, "68.6" -> 0.1, "3.2조원" -> 100000000000 */
	char unit[32];	  /* what followed, without magnitude: "원" "%" "㎡" "명" "" */
	int flags;
};

/* Parses the whole of s (leading/trailing spaces allowed). Anything that is
 * not one number (two numbers, a range, letters) is JY_EINPUT with a message
 * naming the byte column of the first offending character in err->col.
 * The value keeps the printed scale unless a magnitude word absorbs it
 * ("1.50" has scale 2, "3.2조" scale 0). A magnitude word directly before a
 * unit applies to it ("2천㎡" is 2000 ㎡, "7,215백만원" 7215000000 원). Parts
 * add up ("53억 3,900만"); every part but the last needs a magnitude word.
 * KNUM_PERCENT is set for the unit "%" only ("%p" is kept as its own unit).
 * A leading "." (".5") is refused: reports print "0.5". */
int knum_parse(const char *s, struct knum *out, struct jy_err *err);

/* "12,345" / "0.5" / "-1,000": digits grouped by thousands, d.scale decimals. */
void knum_format_grouped(struct dec d, struct buf *out);

/* Korean magnitude form of an amount in base units, the way reports print
 * large sums: 2500000000000 -> "2조 5,000억", 3108200000000 -> "3조 1,082억",
 * 7100000000 -> "71억", 6217000000 -> "62억 1,700만", 8420 -> "8,420".
 * Zero groups are omitted; the unit (e.g. "원") is appended by the caller. */
void knum_format_korean(struct dec won, struct buf *out);

#endif
