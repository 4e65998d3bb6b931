/*
 * fuzz_dec.c - libFuzzer target for the exact-decimal parser (dec_parse,
 * src/base/dec.c), which reads every `value` cell of facts.csv.
 *
 * Any input is parsed or refused without a crash; a refusal is an input
 * error with a message. A parsed value prints (dec_str) as text that parses
 * back to the same value at the same scale, and prints the same again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/dec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct dec v, again;
	struct jy_err err;
	char printed[32], reprinted[32];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (dec_parse(s, &v, &err) == 0) {
		dec_str(v, printed);
		if (dec_parse(printed, &again, &err) != 0)
			abort(); /* what it prints must read back */
		if (dec_cmp(v, again) != 0 || v.scale != again.scale)
			abort();
		if (strcmp(dec_str(again, reprinted), printed) != 0)
			abort();
	} else if (err.code != JY_EINPUT || !err.msg[0]) {
		abort();
	}
	free(s);
	return 0;
}
