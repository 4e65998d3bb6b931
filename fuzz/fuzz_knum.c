/*
 * fuzz_knum.c - libFuzzer target for the Korean number parser.
 *
 * Any input must be parsed or refused without a crash. A parsed value must
 * print with both formatters and read back equal to itself (the grouped form
 * also at the same scale); decimal arithmetic on it must not crash either.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/dec.h"
#include "base/knum.h"

static void check_round_trip(struct dec v, int korean)
{
	struct buf b;
	struct knum k;
	struct jy_err err;

	buf_init(&b);
	if (korean)
		knum_format_korean(v, &b);
	else
		knum_format_grouped(v, &b);
	if (knum_parse(b.data, &k, &err) != 0)
		abort(); /* a printed value must read back */
	if (dec_cmp(k.value, v) != 0)
		abort();
	if (!korean && k.value.scale != v.scale)
		abort();
	buf_release(&b);
}

static void exercise_arithmetic(struct dec a, struct dec b)
{
	struct dec r;
	struct jy_err err;
	char s[32];
	int scale;

	if (dec_add(a, b, &r, &err) == 0)
		dec_str(r, s);
	if (dec_sub(a, b, &r, &err) == 0)
		dec_str(r, s);
	if (dec_mul(a, b, &r, &err) == 0)
		dec_str(r, s);
	for (scale = 0; scale <= JY_DEC_SCALE_MAX; scale += 3) {
		if (dec_div(a, b, scale, &r, &err) == 0 && dec_round(r, 0, &r, &err) == 0)
			dec_str(r, s);
		if (dec_round(a, scale, &r, &err) == 0)
			dec_str(r, s);
	}
	if (dec_shift(a, (int)(b.coef % 40), &r, &err) == 0)
		dec_str(r, s);
	(void)dec_cmp(a, b);
	(void)dec_normalize(a);
	(void)dec_half_ulp(a.scale);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct knum k;
	struct jy_err err;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (knum_parse(s, &k, &err) == 0) {
		check_round_trip(k.value, 0);
		check_round_trip(k.value, 1);
		check_round_trip(k.ulp, 0);
		exercise_arithmetic(k.value, k.ulp);
		exercise_arithmetic(k.ulp, k.value);
		exercise_arithmetic(k.value, k.value);
	} else if (err.code != JY_EINPUT || err.col < 1 || !err.msg[0]) {
		abort(); /* refusals are input errors with a column and a message */
	}
	free(s);
	return 0;
}
