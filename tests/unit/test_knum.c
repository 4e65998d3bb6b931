/*
 * test_knum.c - unit tests of the Korean number parser and formatters
 * (src/base/knum.c): every printed form of the seed report, the refusals
 * with their columns, and round trips through both formatters.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "base/knum.h"

static const char *S(struct dec d)
{
	static char out[8][32];
	static int k;

	k = (k + 1) % 8;
	return dec_str(d, out[k]);
}

/* Parses s and checks value, ulp, unit and flags. */
static void ok(const char *s, const char *value, const char *ulp, const char *unit, int flags)
{
	struct knum k;
	struct jy_err err;
	int rc = knum_parse(s, &k, &err);

	cr_assert_eq(rc, 0, "\"%s\": %s (col %ld)", s, err.msg, err.col);
	cr_assert_str_eq(S(k.value), value, "\"%s\": value %s, expected %s", s, S(k.value), value);
	cr_assert_str_eq(S(k.ulp), ulp, "\"%s\": ulp %s, expected %s", s, S(k.ulp), ulp);
	cr_assert_str_eq(k.unit, unit, "\"%s\": unit \"%s\", expected \"%s\"", s, k.unit, unit);
	cr_assert_eq(k.flags, flags, "\"%s\": flags %#x, expected %#x", s, k.flags, flags);
}

/* Checks that s is refused at column col, with a message containing what. */
static void bad(const char *s, long col, const char *what)
{
	struct knum k;
	struct jy_err err;
	int rc = knum_parse(s, &k, &err);

	cr_assert_eq(rc, JY_EINPUT, "\"%s\" should be refused (got %s)", s, S(k.value));
	cr_assert_eq(err.code, JY_EINPUT);
	cr_assert_eq(err.col, col, "\"%s\": col %ld, expected %ld (%s)", s, err.col, col, err.msg);
	cr_assert(strstr(err.msg, what), "\"%s\": message \"%s\" lacks \"%s\"", s, err.msg, what);
}

#define G KNUM_GROUPED
#define M KNUM_MAGNITUDE
#define P KNUM_PERCENT
#define T KNUM_NEGATIVE_TRIANGLE
#define C KNUM_DECIMAL_COMMA
#define SG KNUM_SIGN
#define A KNUM_APPROX

Test(knum, grouped_integer)
{
	ok("1,234", "1234", "1", "", G);
	ok("12,754", "12754", "1", "", G);
	ok("706,246", "706246", "1", "", G);
	ok("1,234,567", "1234567", "1", "", G);
}

Test(knum, plain_and_decimal)
{
	ok("80.4", "80.4", "0.1", "", 0);
	ok("3", "3", "1", "", 0);
	ok("0.05", "0.05", "0.01", "", 0);
	ok("57.0", "57.0", "0.1", "", 0);
	ok("  42\t", "42", "1", "", 0);
}

Test(knum, percent)
{
	ok("68.6%", "68.6", "0.1", "%", P);
	ok("2.3%p", "2.3", "0.1", "%p", 0);
}

Test(knum, jo_and_cheon_eok_won)
{
	ok("1조 4천억원", "1400000000000", "100000000000", "원", M);
	ok("1조4천억원", "1400000000000", "100000000000", "원", M);
}

Test(knum, jo_and_grouped_eok)
{
	ok("4조 4,075억", "4407500000000", "100000000", "", M | G);
}

Test(knum, decimal_jo)
{
	ok("3.2조원", "3200000000000", "100000000000", "원", M);
}

Test(knum, baekman_won)
{
	ok("5,339백만원", "5339000000", "1000000", "원", M | G);
}

Test(knum, eok_won)
{
	ok("43억원", "4300000000", "100000000", "원", M);
}

Test(knum, won)
{
	ok("9,160원", "9160", "1", "원", G);
}

Test(knum, square_metres)
{
	ok("1,632.4㎡", "1632.4", "0.1", "㎡", G);
	ok("2천㎡", "2000", "1000", "㎡", M);
	ok("1.5천㎡", "1500", "100", "㎡", M);
}

Test(knum, triangles)
{
	ok("△10", "-10", "1", "", T);
	ok("▲3.5", "-3.5", "0.1", "", T);
	ok("△ 1,234억원", "-123400000000", "100000000", "원", T | G | M);
	ok("△0", "0", "1", "", T);
}

Test(knum, signs)
{
	ok("-47", "-47", "1", "", SG);
	ok("+26", "26", "1", "", SG);
	ok("\xe2\x88\x92"
	   "5",
	   "-5", "1", "", SG); /* U+2212 minus */
	ok("-0", "0", "1", "", SG);
}

Test(knum, decimal_comma)
{
	ok("80,4", "80.4", "0.1", "", C);
	ok("4,2", "4.2", "0.1", "", C);
	ok("4,25%", "4.25", "0.01", "%", C | P);
	ok("1234,5", "1234.5", "0.1", "", C);
}

Test(knum, cheonman_won)
{
	ok("2천만원", "20000000", "10000000", "원", M);
	ok("1천만원", "10000000", "10000000", "원", M);
}

Test(knum, cheon_eok)
{
	ok("5천억", "500000000000", "100000000000", "", M);
}

Test(knum, man_won_and_people)
{
	ok("236만원", "2360000", "10000", "원", M);
	ok("14만명", "140000", "10000", "명", M);
}

Test(knum, approx)
{
	ok("6만여명", "60000", "10000", "명", M | A);
	ok("10여개", "10", "1", "개", A);
	ok("100여", "100", "1", "", A);
	ok("약 193", "193", "1", "", A);
	ok("약 193여평", "193", "1", "평", A | KNUM_APPROX_TWICE);
	ok("약193억원", "19300000000", "100000000", "원", A | M);
	ok("약 -3", "-3", "1", "", A | SG);
}

Test(knum, mixed_parts)
{
	ok("53억 3,900만", "5339000000", "10000", "", M | G);
	ok("1억 5,000원", "100005000", "1", "원", M | G);
	ok("1만 2,345.5", "12345.5", "0.1", "", M | G);
	ok("1천 5백", "1500", "100", "", M);
}

Test(knum, magnitude_words)
{
	ok("3십", "30", "10", "", M);
	ok("3백", "300", "100", "", M);
	ok("3천", "3000", "1000", "", M);
	ok("3만", "30000", "10000", "", M);
	ok("3억", "300000000", "100000000", "", M);
	ok("3조", "3000000000000", "1000000000000", "", M);
	ok("3백만", "3000000", "1000000", "", M);
	ok("3천만", "30000000", "10000000", "", M);
	ok("3십억", "3000000000", "1000000000", "", M);
	ok("3백억", "30000000000", "10000000000", "", M);
	ok("3천억", "300000000000", "100000000000", "", M);
	ok("5천원", "5000", "1000", "원", M);
}

Test(knum, units)
{
	const char *units[] = {"원", "명", "개사", "개소", "건", "팀", "개", "%",
			       "㎡", "평", "석",   "실",   "회", "점", "km"};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		char s[64];

		snprintf(s, sizeof(s), "12%s", units[i]);
		ok(s, "12", "1", units[i], strcmp(units[i], "%") ? 0 : P);
		snprintf(s, sizeof(s), "12 %s ", units[i]);
		ok(s, "12", "1", units[i], strcmp(units[i], "%") ? 0 : P);
	}
}

Test(knum, scale_absorbed_by_magnitude)
{
	ok("1.23456789012345조", "1234567890123.45", "0.01", "", M);
	ok("0.000000000001", "0.000000000001", "0.000000000001", "", 0);
}

Test(knum, largest)
{
	ok("9,223,372,036,854,775,807", "9223372036854775807", "1", "", G);
	ok("-9223372036854775807", "-9223372036854775807", "1", "", SG);
}

Test(knum, refusals)
{
	bad("", 1, "empty");
	bad("   ", 4, "empty");
	bad("-", 2, "digits expected");
	bad("약", 4, "digits expected");
	bad("1~1.5억원", 2, "range");
	bad("1 ~ 2", 3, "range");
	bad("~5", 1, "range");
	bad("3 4", 3, "second number");
	bad("1,23,4", 2, "misplaced comma");
	bad("1,2345", 2, "misplaced comma");
	bad("1234,567", 5, "misplaced comma");
	bad("1,234,5", 6, "misplaced comma");
	bad("0,123", 2, "misplaced comma");
	bad("80,4.5", 3, "misplaced comma");
	bad("1.2.3", 4, "misplaced");
	bad("5.", 2, "after the point");
	bad(".5", 1, "before the point");
	bad("abc3", 1, "a number expected");
	bad("원3", 1, "a number expected");
	bad("3원4", 5, "unit in the middle");
	bad("3원 4", 6, "unit in the middle");
	bad("+-3", 2, "second sign");
	bad("1억 2억", 6, "out of order");
	bad("9만 0만", 6, "out of order");
	bad("1천 5천", 6, "out of order");
	bad("1천억 5조", 9, "out of order");
	bad("1억 12,000만", 6, "not smaller");
	bad("1.5억 3천만", 8, "last part");
	bad("1만억", 5, "magnitude");
	bad("1천 만원", 6, "magnitude");
	bad("3,", 2, "misplaced comma");
	bad("3)", 2, "unexpected ')'");
	bad("0.1234567890123", 2, "more than 12");
	bad("9223372036854775808", 1, "too large");
	bad("922@", 4, "unexpected '@'");
	bad("10000000조", 1, "too large");
	bad("3 원 4", 7, "unit in the middle");
	bad("\xff"
	    "3",
	    1, "UTF-8");
	bad("3\xe2\x82", 2, "UTF-8");
	bad("12아주아주아주아주긴단위입니다", 3, "longer than 31");
}

Test(knum, overflow_across_parts)
{
	bad("9,223,372조 9,999억", 14, "too large");
}

Test(knum, too_long)
{
	char s[JY_PRINTED_BYTES_MAX + 2];

	memset(s, ' ', sizeof(s) - 1);
	s[0] = '1';
	s[sizeof(s) - 1] = '\0';
	bad(s, JY_PRINTED_BYTES_MAX + 1, "longer than");
	s[JY_PRINTED_BYTES_MAX] = '\0';
	ok(s, "1", "1", "", 0);
}

Test(knum, null_string)
{
	struct knum k;
	struct jy_err err;

	cr_assert_eq(knum_parse(NULL, &k, &err), JY_EINTERNAL);
}

static const char *grouped(const char *dec_text)
{
	static struct buf b;
	struct dec d;
	struct jy_err err;

	cr_assert_eq(dec_parse(dec_text, &d, &err), 0, "%s", err.msg);
	buf_release(&b);
	knum_format_grouped(d, &b);
	return b.data;
}

static const char *korean(const char *dec_text)
{
	static struct buf b;
	struct dec d;
	struct jy_err err;

	cr_assert_eq(dec_parse(dec_text, &d, &err), 0, "%s", err.msg);
	buf_release(&b);
	knum_format_korean(d, &b);
	return b.data;
}

Test(knum, format_grouped)
{
	cr_assert_str_eq(grouped("706246"), "706,246");
	cr_assert_str_eq(grouped("68.6"), "68.6");
	cr_assert_str_eq(grouped("-1337"), "-1,337");
	cr_assert_str_eq(grouped("0.05"), "0.05");
	cr_assert_str_eq(grouped("-0.50"), "-0.50");
	cr_assert_str_eq(grouped("999"), "999");
	cr_assert_str_eq(grouped("1000"), "1,000");
	cr_assert_str_eq(grouped("-1234567.891"), "-1,234,567.891");
	cr_assert_str_eq(grouped("0"), "0");
	cr_assert_str_eq(grouped("-0.0"), "0.0");
	cr_assert_str_eq(grouped("9223372036854775807"), "9,223,372,036,854,775,807");
}

Test(knum, format_korean)
{
	cr_assert_str_eq(korean("1400000000000"), "1조 4,000억");
	cr_assert_str_eq(korean("4407500000000"), "4조 4,075억");
	cr_assert_str_eq(korean("4300000000"), "43억");
	cr_assert_str_eq(korean("5339000000"), "53억 3,900만");
	cr_assert_str_eq(korean("9160"), "9,160");
	cr_assert_str_eq(korean("0"), "0");
	cr_assert_str_eq(korean("0.5"), "0.5");
	cr_assert_str_eq(korean("-5339000000"), "-53억 3,900만");
	cr_assert_str_eq(korean("12345.5"), "1만 2,345.5");
	cr_assert_str_eq(korean("10000.50"), "1만 0.50");
	cr_assert_str_eq(korean("10000.00"), "1만");
	cr_assert_str_eq(korean("100000001"), "1억 1");
	cr_assert_str_eq(korean("-0.00"), "0.00");
	cr_assert_str_eq(korean("9223372036854775807"), "9,223,372조 368억 5,477만 5,807");
}

static void round_trip(struct dec d)
{
	struct buf b;
	struct knum k;
	struct jy_err err;

	buf_init(&b);
	knum_format_grouped(d, &b);
	cr_assert_eq(knum_parse(b.data, &k, &err), 0, "\"%s\": %s", b.data, err.msg);
	cr_assert_eq(dec_cmp(k.value, d), 0, "\"%s\" read back as %s", b.data, S(k.value));
	cr_assert_eq(k.value.scale, d.scale, "\"%s\": scale changed", b.data);
	buf_reset(&b);
	knum_format_korean(d, &b);
	cr_assert_eq(knum_parse(b.data, &k, &err), 0, "\"%s\": %s", b.data, err.msg);
	cr_assert_eq(dec_cmp(k.value, d), 0, "\"%s\" read back as %s", b.data, S(k.value));
	buf_release(&b);
}

Test(knum, round_trips)
{
	static const char *values[] = {"0",
				       "1",
				       "-1",
				       "0.5",
				       "-0.05",
				       "9160",
				       "1400000000000",
				       "4407500000000",
				       "4300000000",
				       "5339000000",
				       "100000001",
				       "10000.5",
				       "-12345678.901",
				       "9223372036854775807",
				       "-9223372036854775807",
				       "9223372.036854775807",
				       "0.000000000001",
				       "1000000000000",
				       "999999999999",
				       "10000",
				       "68.6"};
	size_t i;
	uint64_t x = 88172645463325252ULL;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct dec d;
		struct jy_err err;

		cr_assert_eq(dec_parse(values[i], &d, &err), 0);
		round_trip(d);
	}
	/* pseudo-random values of every size and scale */
	for (i = 0; i < 20000; i++) {
		struct dec d;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		d.coef = (int64_t)(x >> (x % 63 + 1));
		if (x & 1)
			d.coef = -d.coef;
		d.scale = (int)((x >> 8) % (JY_DEC_SCALE_MAX + 1));
		round_trip(d);
	}
}
