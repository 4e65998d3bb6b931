/*
 * test_dec.c - unit tests of the exact decimal type (src/base/dec.c).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "base/dec.h"

static struct dec D(const char *s) {
	struct dec d;
	struct jy_err err;
	int rc = dec_parse(s, &d, &err);

	cr_assert_eq(rc, 0, "dec_parse(\"%s\"): %s", s, err.msg);
	return d;
}

static const char *
S(struct dec d)
{
	static char out[8][32];
	static int k;

	k = (k + 1) % 8;
	return dec_str(d, out[k]);
}

#define assert_dec(d, str) cr_assert_str_eq(S(d), str)

static void parse_fails(const char *s, long col)
{
	struct dec d;
	struct jy_err err;

	cr_assert_eq(dec_parse(s, &d, &err), JY_EINPUT, "\"%s\" should be refused", s);
	cr_assert_eq(err.col, col, "\"%s\": col %ld, expected %ld (%s)", s, err.col, col, err.msg);
	cr_assert(err.msg[0]);
}

Test(dec, parse_and_format)
{
	assert_dec(D("-12.5"), "-12.5");
	assert_dec(D("-12.50"), "-12.50");
	assert_dec(D("0"), "0");
	assert_dec(D("3"), "3");
	assert_dec(D("57.0"), "57.0");
	assert_dec(D("0.05"), "0.05");
	assert_dec(D("-0.000000000001"), "-0.000000000001");
	assert_dec(D("9223372036854775807"), "9223372036854775807");
	assert_dec(D("-9223372.036854775807"), "-9223372.036854775807");
	cr_assert_eq(D("-12.50").coef, -1250);
	cr_assert_eq(D("-12.50").scale, 2);
}

Test(dec, never_minus_zero)
{
	assert_dec(D("-0"), "0");
	assert_dec(D("-0.00"), "0.00");
	assert_dec(dec_neg(D("0.0")), "0.0");
}

Test(dec, parse_errors)
{
	parse_fails("", 1);
	parse_fails("-", 2);
	parse_fails("+3", 1);
	parse_fails("1,234", 2);
	parse_fails(".5", 1);
	parse_fails("5.", 2);
	parse_fails("1.2.3", 4);
	parse_fails(" 1", 1);
	parse_fails("1 ", 2);
	parse_fails("1e5", 2);
	parse_fails("0.1234567890123", 15);
	parse_fails("9223372036854775808", 1);
	parse_fails("-9223372036854775808", 1);
}

Test(dec, parse_too_long)
{
	char s[JY_PRINTED_BYTES_MAX + 2];

	memset(s, '1', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	parse_fails(s, JY_PRINTED_BYTES_MAX + 1);
}

Test(dec, from_int)
{
	assert_dec(dec_from_int(-706246), "-706246");
	assert_dec(DEC_ZERO, "0");
}

Test(dec, format_into_buf)
{
	struct buf b;

	buf_init(&b);
	dec_format(D("-12.50"), &b);
	cr_assert_str_eq(b.data, "-12.50");
	buf_release(&b);
}

Test(dec, add_sub_across_scales)
{
	struct dec r;
	struct jy_err err;

	cr_assert_eq(dec_add(D("1.5"), D("2.25"), &r, &err), 0);
	assert_dec(r, "3.75");
	cr_assert_eq(dec_add(D("0.1"), D("0.2"), &r, &err), 0);
	assert_dec(r, "0.3");
	cr_assert_eq(dec_sub(D("1"), D("1.00"), &r, &err), 0);
	assert_dec(r, "0.00");
	cr_assert_eq(dec_sub(D("-2.5"), D("7.25"), &r, &err), 0);
	assert_dec(r, "-9.75");
}

Test(dec, add_overflow)
{
	struct dec r = D("7"), big = D("9223372036854775807");
	struct jy_err err;

	cr_assert_eq(dec_add(big, D("1"), &r, &err), JY_EINPUT);
	cr_assert_str_eq(err.msg, "number too large");
	assert_dec(r, "7"); /* untouched on error */
	cr_assert_eq(dec_sub(dec_neg(big), D("1"), &r, &err), JY_EINPUT);
	cr_assert_eq(dec_add(big, D("0.5"), &r, &err), JY_EINPUT);
	/* exact, fits once the zero after the point is dropped */
	cr_assert_eq(dec_add(big, D("0.0"), &r, &err), 0);
	assert_dec(r, "9223372036854775807");
}

Test(dec, mul)
{
	struct dec r;
	struct jy_err err;

	cr_assert_eq(dec_mul(D("1.5"), D("2.0"), &r, &err), 0);
	assert_dec(r, "3.00");
	cr_assert_eq(dec_mul(D("-0.1"), D("0.1"), &r, &err), 0);
	assert_dec(r, "-0.01");
	cr_assert_eq(dec_mul(D("3037000500"), D("3037000500"), &r, &err), JY_EINPUT);
	cr_assert_str_eq(err.msg, "number too large");
	/* scale 14 rounds half-up to 12 */
	cr_assert_eq(dec_mul(D("0.0000005"), D("0.0000001"), &r, &err), 0);
	assert_dec(r, "0.000000000000");
	cr_assert_eq(dec_mul(D("0.0000015"), D("-0.0000001"), &r, &err), 0);
	assert_dec(r, "0.000000000000");
	cr_assert_eq(dec_mul(D("0.000005"), D("-0.0000001"), &r, &err), 0);
	assert_dec(r, "-0.000000000001");
}

Test(dec, div_report_ratio)
{
	struct dec r, q;
	struct jy_err err;

	/* 108131 / 134534 * 100 printed at one decimal */
	cr_assert_eq(dec_mul(D("108131"), D("100"), &q, &err), 0);
	cr_assert_eq(dec_div(q, D("134534"), 1, &r, &err), 0);
	assert_dec(r, "80.4");
	cr_assert_eq(dec_div(D("108131"), D("134534"), 3, &r, &err), 0);
	assert_dec(r, "0.804");
}

Test(dec, div_half_up)
{
	struct dec r;
	struct jy_err err;

	cr_assert_eq(dec_div(D("1"), D("8"), 2, &r, &err), 0);
	assert_dec(r, "0.13"); /* 0.125 */
	cr_assert_eq(dec_div(D("-1"), D("8"), 2, &r, &err), 0);
	assert_dec(r, "-0.13");
	cr_assert_eq(dec_div(D("1"), D("-8"), 2, &r, &err), 0);
	assert_dec(r, "-0.13");
	cr_assert_eq(dec_div(D("-1"), D("-8"), 2, &r, &err), 0);
	assert_dec(r, "0.13");
	cr_assert_eq(dec_div(D("2"), D("3"), 0, &r, &err), 0);
	assert_dec(r, "1");
	cr_assert_eq(dec_div(D("1"), D("3"), 12, &r, &err), 0);
	assert_dec(r, "0.333333333333");
	cr_assert_eq(dec_div(D("-0.1"), D("3"), 0, &r, &err), 0);
	assert_dec(r, "0");
	cr_assert_eq(dec_div(D("5"), D("0.000000000002"), 0, &r, &err), 0);
	assert_dec(r, "2500000000000");
	cr_assert_eq(dec_div(D("0.000000000005"), D("1000000"), 12, &r, &err), 0);
	assert_dec(r, "0.000000000000");
}

/* The long division dec_div did digit by digit before it took one 128-bit
 * division where num * 10^e fits: the reference for the test below. */
static int div_by_digits(struct dec a, struct dec b, int scale, struct dec *out)
{
	unsigned __int128 num = (unsigned __int128)(a.coef < 0 ? -(__int128)a.coef : a.coef);
	unsigned __int128 den = (unsigned __int128)(b.coef < 0 ? -(__int128)b.coef : b.coef);
	int e = b.scale - a.scale + scale;

	for (; e < 0; e++)
		den *= 10;
	unsigned __int128 q = num / den, r = num % den;
	for (; e > 0; e--) {
		if (q > (unsigned __int128)INT64_MAX)
			return -1;
		r *= 10;
		q = q * 10 + r / den;
		r %= den;
	}
	if (r >= den - r)
		q++;
	if (q > (unsigned __int128)INT64_MAX)
		return -1;
	out->coef = (a.coef < 0) != (b.coef < 0) ? -(int64_t)q : (int64_t)q;
	out->scale = scale;
	return 0;
}

Test(dec, div_agrees_with_long_division)
{
	uint64_t seed = 88172645463325252ULL;

	for (int round = 0; round < 200000; round++) {
		struct dec a, b, r, ref;
		struct jy_err err;
		uint64_t x[5];
		for (int k = 0; k < 5; k++) {
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			x[k] = seed;
		}
		/* coefficients of 1 to 19 digits, either sign; any scales */
		a.coef = (int64_t)(x[0] >> (x[3] % 64 | 1)) * (x[3] & 1 ? -1 : 1);
		b.coef = (int64_t)(x[1] >> (x[4] % 64 | 1)) * (x[4] & 1 ? -1 : 1);
		a.scale = (int)(x[2] % 13);
		b.scale = (int)(x[2] / 13 % 13);
		int scale = (int)(x[2] / 169 % 13);
		if (!b.coef)
			continue;
		int want = div_by_digits(a, b, scale, &ref);
		int rc = dec_div(a, b, scale, &r, &err);
		cr_assert_eq(rc != 0, want != 0, "round %d: rc %d", round, rc);
		if (!rc)
			cr_assert(r.coef == ref.coef && r.scale == ref.scale, "round %d: %s vs %s",
				  round, S(r), S(ref));
	}
}

Test(dec, div_errors)
{
	struct dec r;
	struct jy_err err;

	cr_assert_eq(dec_div(D("1"), D("0.00"), 2, &r, &err), JY_EINPUT);
	cr_assert_str_eq(err.msg, "division by zero");
	cr_assert_eq(dec_div(D("9223372036854775807"), D("0.5"), 0, &r, &err), JY_EINPUT);
	cr_assert_str_eq(err.msg, "number too large");
	cr_assert_eq(dec_div(D("9223372036854775807"), D("1"), 12, &r, &err), JY_EINPUT);
	cr_assert_eq(dec_div(D("1"), D("3"), 13, &r, &err), JY_EINPUT);
	cr_assert_eq(dec_div(D("1"), D("3"), -1, &r, &err), JY_EINPUT);
	cr_assert_eq(dec_div(D("9223372036854775807"), D("1"), 0, &r, &err), 0);
	assert_dec(r, "9223372036854775807");
}

Test(dec, round_half_up)
{
	struct dec r;
	struct jy_err err;

	cr_assert_eq(dec_round(D("2.5"), 0, &r, &err), 0);
	assert_dec(r, "3");
	cr_assert_eq(dec_round(D("-2.5"), 0, &r, &err), 0);
	assert_dec(r, "-3");
	cr_assert_eq(dec_round(D("-2.49"), 0, &r, &err), 0);
	assert_dec(r, "-2");
	cr_assert_eq(dec_round(D("80.45"), 1, &r, &err), 0);
	assert_dec(r, "80.5");
	cr_assert_eq(dec_round(D("-0.04"), 1, &r, &err), 0);
	assert_dec(r, "0.0");
	cr_assert_eq(dec_round(D("1.5"), 3, &r, &err), 0);
	assert_dec(r, "1.500");
	cr_assert_eq(dec_round(D("9223372036854775807"), 1, &r, &err), JY_EINPUT);
	cr_assert_eq(dec_round(D("1"), 13, &r, &err), JY_EINPUT);
}

Test(dec, shift)
{
	struct dec r;
	struct jy_err err;

	cr_assert_eq(dec_shift(D("3.2"), 12, &r, &err), 0);
	assert_dec(r, "3200000000000");
	cr_assert_eq(dec_shift(D("1.25"), 1, &r, &err), 0);
	assert_dec(r, "12.5");
	cr_assert_eq(dec_shift(D("125"), -2, &r, &err), 0);
	assert_dec(r, "1.25");
	cr_assert_eq(dec_shift(D("15"), -13, &r, &err), 0);
	assert_dec(r, "0.000000000002");
	cr_assert_eq(dec_shift(D("1"), 19, &r, &err), JY_EINPUT);
	cr_assert_eq(dec_shift(D("1"), 2000000000, &r, &err), JY_EINPUT);
	cr_assert_eq(dec_shift(D("1"), -2000000000, &r, &err), 0);
	cr_assert(dec_is_zero(r));
	cr_assert_eq(dec_shift(D("0"), 2000000000, &r, &err), 0);
	cr_assert(dec_is_zero(r));
}

Test(dec, cmp_across_scales)
{
	cr_assert_eq(dec_cmp(D("1.50"), D("1.5")), 0);
	cr_assert_eq(dec_cmp(D("1.5"), D("1.49999")), 1);
	cr_assert_eq(dec_cmp(D("-1.5"), D("-1.49999")), -1);
	cr_assert_eq(dec_cmp(D("0"), D("-0.000")), 0);
	cr_assert_eq(dec_cmp(D("9223372036854775807"), D("9223372.036854775807")), 1);
	cr_assert_eq(dec_cmp(D("-9223372036854775807"), D("0.000000000001")), -1);
	cr_assert_eq(dec_cmp(D("100"), D("99.999999999999")), 1);
}

Test(dec, neg_abs_zero_normalize)
{
	assert_dec(dec_neg(D("1.20")), "-1.20");
	assert_dec(dec_abs(D("-1.20")), "1.20");
	assert_dec(dec_abs(D("3")), "3");
	cr_assert(dec_is_zero(D("0.000")));
	cr_assert(!dec_is_zero(D("0.001")));
	assert_dec(dec_normalize(D("1.50")), "1.5");
	assert_dec(dec_normalize(D("100.000")), "100");
	assert_dec(dec_normalize(D("100")), "100");
	assert_dec(dec_normalize(D("-0.0")), "0");
}

Test(dec, half_ulp)
{
	assert_dec(dec_half_ulp(1), "0.05");
	assert_dec(dec_half_ulp(0), "0.5");
	assert_dec(dec_half_ulp(11), "0.000000000005");
	assert_dec(dec_half_ulp(-3), "500");
	cr_assert(dec_is_zero(dec_half_ulp(12)));
}

Test(dec, to_double)
{
	cr_assert_float_eq(dec_to_double(D("-12.5")), -12.5, 1e-12);
	cr_assert_float_eq(dec_to_double(D("0.001")), 0.001, 1e-15);
}

Test(dec, invalid_scale_is_safe)
{
	struct dec bad = {5, 40}, r;
	struct jy_err err;
	char s[32];

	cr_assert_eq(dec_add(bad, D("1"), &r, &err), JY_EINTERNAL);
	cr_assert_eq(dec_round(bad, 0, &r, &err), JY_EINTERNAL);
	dec_str(bad, s); /* truncated, never out of bounds */
	dec_str((struct dec){INT64_MIN, 0}, s);
	cr_assert_str_eq(s, "-9223372036854775808");
}
