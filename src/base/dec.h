/*
 * dec.h - exact decimal numbers: an integer coefficient and a scale.
 *
 * value = coef / 10^scale. Every figure Jipyo stores or compares is a dec;
 * binary floating point never touches a stored value. Arithmetic that would
 * overflow returns JY_EINPUT (the numbers came from input) instead of
 * wrapping. Rounding is half-up (away from zero at .5), as reports round.
 */
#ifndef JY_DEC_H
#define JY_DEC_H

#include <stdint.h>

#include "buf.h"
#include "err.h"

struct dec {
	int64_t coef;
	int scale; /* 0..JY_DEC_SCALE_MAX */
};

#define DEC_ZERO ((struct dec){0, 0})

struct dec dec_from_int(int64_t v);

/* Parses the canonical machine form: optional '-', digits, optional '.' and
 * digits ("-12.50"). No separators, no exponent, no '+', no spaces, no ".5"
 * or "5."; at most JY_DEC_SCALE_MAX digits after the point. "-0" is read as
 * 0 and leading zeros are tolerated. err->col names the offending byte. */
int dec_parse(const char *s, struct dec *out, struct jy_err *err);

/* Canonical form: trailing zeros after the point kept as the scale says
 * ("57.0" stays "57.0"), no '+', "-0" never printed. */
void dec_format(struct dec d, struct buf *out);
/* Into a caller buffer of at least 32 bytes; returns it. */
const char *dec_str(struct dec d, char out[32]);

int dec_add(struct dec a, struct dec b, struct dec *out, struct jy_err *err);
int dec_sub(struct dec a, struct dec b, struct dec *out, struct jy_err *err);
/* Scale a.scale + b.scale ("1.5 * 2.0" = "3.00"); above JY_DEC_SCALE_MAX the
 * product is rounded half-up to JY_DEC_SCALE_MAX digits. */
int dec_mul(struct dec a, struct dec b, struct dec *out, struct jy_err *err);
/* a / b rounded half-up to `scale` digits; b == 0 is an error. */
int dec_div(struct dec a, struct dec b, int scale, struct dec *out, struct jy_err *err);
/* Rounds half-up to `scale` digits (or widens the scale exactly). */
int dec_round(struct dec a, int scale, struct dec *out, struct jy_err *err);
/* Multiplies by 10^exp (exp may be negative: exact while digits allow). */
int dec_shift(struct dec a, int exp, struct dec *out, struct jy_err *err);

int dec_cmp(struct dec a, struct dec b); /* -1, 0, 1; exact */
/* Digits of the coefficient (0 has none): "-12.50" has 4. */
int dec_digits(struct dec a);
struct dec dec_neg(struct dec a);
struct dec dec_abs(struct dec a);
int dec_is_zero(struct dec a);
/* Removes trailing zeros after the point ("1.50" -> "1.5"). */
struct dec dec_normalize(struct dec a);
/* Half a unit in the last place of `scale` digits: 0.05 for scale 1, 500 for
 * -3. For scale >= JY_DEC_SCALE_MAX it is 0 (5e-13 is not representable, and
 * 0 compares against differences of decs exactly as 5e-13 would). */
struct dec dec_half_ulp(int scale);

/* A double for display-only uses (charts); never store or compare it. */
double dec_to_double(struct dec a);

#endif
