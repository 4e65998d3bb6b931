/*
 * dec.c - exact decimal arithmetic (see dec.h).
 *
 * A dec is coef / 10^scale with 0 <= scale <= JY_DEC_SCALE_MAX. Every
 * intermediate is computed in __int128, where any two aligned coefficients
 * (|coef| < 2^63, times at most 10^12) and any product of two coefficients
 * fit, and the result is checked against the int64 range before it is stored.
 * Results never hold INT64_MIN, so negating a result is always safe.
 *
 * When an exact result does not fit at its natural scale but would after
 * dropping zeros after the point (9e18 + 0.0), the zeros are dropped: the
 * value stays exact, only the printed scale shrinks.
 */
#include "dec.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

/* 10^n for 0 <= n <= 38 (10^38 < 2^127), from a table: rules do arithmetic
 * on every instance, and a loop of 128-bit multiplies showed in profiles. */
static i128 p10(int n)
{
	static const uint64_t t[20] = {1ULL,
				       10ULL,
				       100ULL,
				       1000ULL,
				       10000ULL,
				       100000ULL,
				       1000000ULL,
				       10000000ULL,
				       100000000ULL,
				       1000000000ULL,
				       10000000000ULL,
				       100000000000ULL,
				       1000000000000ULL,
				       10000000000000ULL,
				       100000000000000ULL,
				       1000000000000000ULL,
				       10000000000000000ULL,
				       100000000000000000ULL,
				       1000000000000000000ULL,
				       10000000000000000000ULL};

	return n <= 19 ? (i128)t[n] : (i128)t[19] * (i128)t[n - 19];
}

static int scale_ok(int scale)
{
	return scale >= 0 && scale <= JY_DEC_SCALE_MAX;
}

static int fits(i128 v)
{
	return v >= -(i128)INT64_MAX && v <= (i128)INT64_MAX;
}

static i128 abs128(i128 v)
{
	return v < 0 ? -v : v;
}

/* n / d rounded half-up (away from zero at .5); d > 0. */
static i128 div_round(i128 n, i128 d)
{
	i128 q = n / d;
	i128 r = abs128(n % d);

	if (r >= d - r)
		q += n < 0 ? -1 : 1;
	return q;
}

/* Stores v / 10^scale, dropping zeros after the point only when the
 * coefficient would not fit otherwise. */
static int store(i128 v, int scale, struct dec *out, struct jy_err *err)
{
	while (!fits(v) && scale > 0 && v % 10 == 0) {
		v /= 10;
		scale--;
	}
	if (!fits(v))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NUM_TOO_LARGE);
	out->coef = (int64_t)v;
	out->scale = scale;
	return 0;
}

static int check(struct dec a, struct jy_err *err)
{
	if (!scale_ok(a.scale))
		return jy_err_set(err, JY_EINTERNAL, "decimal with invalid scale %d", a.scale);
	return 0;
}

static int check_scale_arg(int scale, struct jy_err *err)
{
	if (!scale_ok(scale))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DEC_SCALE_RANGE, scale,
				  JY_DEC_SCALE_MAX);
	return 0;
}

struct dec dec_from_int(int64_t v)
{
	struct dec d = {v, 0};

	return d;
}

int dec_parse(const char *s, struct dec *out, struct jy_err *err)
{
	size_t i = 0, len;
	int neg = 0, scale = 0, ndig = 0;
	i128 v = 0;

	if (!s)
		return jy_err_set(err, JY_EINTERNAL, "dec_parse: no string");
	len = strnlen(s, JY_PRINTED_BYTES_MAX + 1);
	if (len > JY_PRINTED_BYTES_MAX)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, JY_PRINTED_BYTES_MAX + 1, NULL,
				  M_DEC_TOO_LONG, JY_PRINTED_BYTES_MAX);
	if (len == 0)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL, M_NUM_EMPTY);
	if (s[i] == '-') {
		neg = 1;
		i++;
	}
	for (; s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
		v = v * 10 + (s[i] - '0');
		if (v > INT64_MAX)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL, M_NUM_TOO_LARGE);
	}
	if (!ndig)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)i + 1, NULL, M_DEC_DIGIT);
	if (s[i] == '.') {
		size_t dot = i++;

		for (; s[i] >= '0' && s[i] <= '9'; i++) {
			if (++scale > JY_DEC_SCALE_MAX)
				return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)i + 1, NULL,
						  M_NUM_SCALE, JY_DEC_SCALE_MAX);
			v = v * 10 + (s[i] - '0');
			if (v > INT64_MAX)
				return jy_err_msg(err, JY_EINPUT, NULL, 0, 1, NULL,
						  M_NUM_TOO_LARGE);
		}
		if (!scale)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)dot + 1, NULL,
					  M_NUM_AFTER_POINT);
	}
	if (s[i])
		return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)i + 1, NULL, M_DEC_UNEXPECTED,
				  s[i]);
	out->coef = (int64_t)(neg ? -v : v);
	out->scale = scale;
	return 0;
}

/* Writes d into dst (cap >= 2), truncating if it does not fit; returns dst.
 * Scales outside the valid range (which no dec function produces) are
 * printed as far as they can be, never read out of bounds. */
static char *dec_chars(struct dec d, char *dst, size_t cap)
{
	char digits[32];
	char tmp[128];
	uint64_t u;
	int n = 0, scale = d.scale, k = 0, i;

	u = d.coef < 0 ? (uint64_t)0 - (uint64_t)d.coef : (uint64_t)d.coef;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (scale > 64)
		scale = 64;
	if (scale < -64)
		scale = -64;
	if (d.coef < 0)
		tmp[k++] = '-';
	if (scale <= 0) {
		for (i = n - 1; i >= 0; i--)
			tmp[k++] = digits[i];
		for (i = 0; i < -scale && d.coef; i++)
			tmp[k++] = '0';
	} else {
		if (n <= scale) {
			tmp[k++] = '0';
		} else {
			for (i = n - 1; i >= scale; i--)
				tmp[k++] = digits[i];
		}
		tmp[k++] = '.';
		for (i = scale - 1; i >= 0; i--)
			tmp[k++] = i < n ? digits[i] : '0';
	}
	tmp[k] = '\0';
	snprintf(dst, cap, "%s", tmp);
	return dst;
}

void dec_format(struct dec d, struct buf *out)
{
	char s[128];

	buf_adds(out, dec_chars(d, s, sizeof(s)));
}

const char *dec_str(struct dec d, char out[32])
{
	return dec_chars(d, out, 32);
}

int dec_add(struct dec a, struct dec b, struct dec *out, struct jy_err *err)
{
	int s;

	if (check(a, err) || check(b, err))
		return JY_EINTERNAL;
	s = a.scale > b.scale ? a.scale : b.scale;
	return store((i128)a.coef * p10(s - a.scale) + (i128)b.coef * p10(s - b.scale), s, out,
		     err);
}

int dec_sub(struct dec a, struct dec b, struct dec *out, struct jy_err *err)
{
	int s;

	if (check(a, err) || check(b, err))
		return JY_EINTERNAL;
	s = a.scale > b.scale ? a.scale : b.scale;
	return store((i128)a.coef * p10(s - a.scale) - (i128)b.coef * p10(s - b.scale), s, out,
		     err);
}

/* The product keeps the scale a.scale + b.scale ("1.5 * 2.0" is "3.00"); a
 * scale above JY_DEC_SCALE_MAX is rounded half-up to JY_DEC_SCALE_MAX. */
int dec_mul(struct dec a, struct dec b, struct dec *out, struct jy_err *err)
{
	i128 p;
	int s;

	if (check(a, err) || check(b, err))
		return JY_EINTERNAL;
	p = (i128)a.coef * b.coef;
	s = a.scale + b.scale;
	if (s > JY_DEC_SCALE_MAX) {
		p = div_round(p, p10(s - JY_DEC_SCALE_MAX));
		s = JY_DEC_SCALE_MAX;
	}
	return store(p, s, out, err);
}

/* |a| * 10^e / |b| by long division, digit by digit, so that no intermediate
 * exceeds 128 bits; then rounded half-up. */
int dec_div(struct dec a, struct dec b, int scale, struct dec *out, struct jy_err *err)
{
	u128 num, den, q, r;
	int e, neg;

	if (check(a, err) || check(b, err))
		return JY_EINTERNAL;
	if (check_scale_arg(scale, err))
		return JY_EINPUT;
	if (b.coef == 0)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DIV_ZERO);
	neg = (a.coef < 0) != (b.coef < 0);
	num = (u128)abs128(a.coef);
	den = (u128)abs128(b.coef);
	/* a/b = (ca / cb) * 10^(sb - sa); the result coefficient is that * 10^scale. */
	e = b.scale - a.scale + scale;
	if (e < 0)
		den *= (u128)p10(-e); /* < 2^63 * 10^12 */
	if (e > 0 && e <= 19) {
		/* num * 10^e < 2^63 * 2^64 fits: one division gives the quotient and
		 * remainder the digit loop would (and overflows where it would) */
		num *= (u128)p10(e);
		e = 0;
	}
	q = num / den;
	r = num % den;
	for (; e > 0; e--) {
		if (q > (u128)INT64_MAX)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NUM_TOO_LARGE);
		r *= 10; /* r < den < 2^63 here, since e > 0 means den was not widened */
		q = q * 10 + r / den;
		r %= den;
	}
	if (r >= den - r)
		q++;
	if (q > (u128)INT64_MAX)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NUM_TOO_LARGE);
	out->coef = neg ? -(int64_t)q : (int64_t)q;
	out->scale = scale;
	return 0;
}

int dec_round(struct dec a, int scale, struct dec *out, struct jy_err *err)
{
	i128 v;

	if (check(a, err))
		return JY_EINTERNAL;
	if (check_scale_arg(scale, err))
		return JY_EINPUT;
	if (scale >= a.scale)
		v = (i128)a.coef * p10(scale - a.scale);
	else
		v = div_round(a.coef, p10(a.scale - scale));
	if (!fits(v))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NUM_TOO_LARGE);
	out->coef = (int64_t)v;
	out->scale = scale;
	return 0;
}

/* Positive exp first consumes the scale, then multiplies the coefficient;
 * negative exp widens the scale, and past JY_DEC_SCALE_MAX rounds half-up. */
int dec_shift(struct dec a, int exp, struct dec *out, struct jy_err *err)
{
	int s;

	if (check(a, err))
		return JY_EINTERNAL;
	if (a.coef == 0) {
		s = exp >= a.scale		       ? 0
		    : exp < a.scale - JY_DEC_SCALE_MAX ? JY_DEC_SCALE_MAX
						       : a.scale - exp;
		*out = (struct dec){0, s};
		return 0;
	}
	if (exp > 40)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NUM_TOO_LARGE);
	if (exp < -40) {
		*out = (struct dec){0, JY_DEC_SCALE_MAX};
		return 0;
	}
	s = a.scale - exp;
	if (s >= 0 && s <= JY_DEC_SCALE_MAX) {
		*out = (struct dec){a.coef, s};
		return 0;
	}
	if (s < 0) {
		if (-s > 19)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NUM_TOO_LARGE);
		return store((i128)a.coef * p10(-s), 0, out, err);
	}
	if (s - JY_DEC_SCALE_MAX > 19) {
		*out = (struct dec){0, JY_DEC_SCALE_MAX};
		return 0;
	}
	return store(div_round(a.coef, p10(s - JY_DEC_SCALE_MAX)), JY_DEC_SCALE_MAX, out, err);
}

int dec_cmp(struct dec a, struct dec b)
{
	int sa = scale_ok(a.scale) ? a.scale : 0;
	int sb = scale_ok(b.scale) ? b.scale : 0;
	int s = sa > sb ? sa : sb;
	i128 x = (i128)a.coef * p10(s - sa);
	i128 y = (i128)b.coef * p10(s - sb);

	return x < y ? -1 : x > y;
}

int dec_digits(struct dec a)
{
	/* unsigned: INT64_MIN has a magnitude too */
	uint64_t m = a.coef < 0 ? 0 - (uint64_t)a.coef : (uint64_t)a.coef;
	int n = 0;

	for (; m; m /= 10)
		n++;
	return n;
}

/* INT64_MIN (which no dec function returns) saturates to INT64_MAX. */
struct dec dec_neg(struct dec a)
{
	a.coef = a.coef == INT64_MIN ? INT64_MAX : -a.coef;
	return a;
}

struct dec dec_abs(struct dec a)
{
	return a.coef < 0 ? dec_neg(a) : a;
}

int dec_is_zero(struct dec a)
{
	return a.coef == 0;
}

struct dec dec_normalize(struct dec a)
{
	while (a.scale > 0 && a.coef % 10 == 0) {
		a.coef /= 10;
		a.scale--;
	}
	return a;
}

/* Negative scales give half of 10^-scale (dec_half_ulp(-3) is 500). At
 * JY_DEC_SCALE_MAX and beyond the true value (5e-13) is not representable;
 * zero at scale 12 is returned, which compares exactly like 5e-13 against
 * any dec (differences of decs are multiples of 1e-12). */
struct dec dec_half_ulp(int scale)
{
	if (scale >= JY_DEC_SCALE_MAX)
		return (struct dec){0, JY_DEC_SCALE_MAX};
	if (scale >= 0)
		return (struct dec){5, scale + 1};
	if (scale < -18)
		scale = -18;
	return (struct dec){(int64_t)(5 * p10(-scale - 1)), 0};
}

double dec_to_double(struct dec a)
{
	double d = (double)a.coef;
	int i;

	for (i = 0; i < a.scale && i < 400; i++)
		d /= 10;
	for (i = 0; i < -a.scale && i < 400; i++)
		d *= 10;
	return d;
}
