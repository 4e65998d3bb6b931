/*
 * fuzz_cover.c - libFuzzer target for the coverage tokenizer.
 *
 * Any bytes, valid UTF-8 or not, must tokenize without a crash. Tokens lie
 * inside the line, in order, without overlapping, and each is non-empty; a
 * quantity or date token read back through the parsers it came from must
 * read again (the tokenizer only returns what a parser accepted).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "cover/cover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cover_tokens t;
	size_t end = 0;
	char tmp[JY_PRINTED_BYTES_MAX + 1];
	struct jy_err err;

	cover_tokens_init(&t);
	cover_tokenize((const char *)data, size, 2022, &t);
	for (size_t i = 0; i < t.n; i++) {
		const struct cover_token *k = &t.v[i];
		if (k->len == 0 || k->off < end || k->off + k->len > size)
			abort();
		end = k->off + k->len;
		if (k->len > JY_PRINTED_BYTES_MAX || k->cls == COVER_LABEL)
			continue;
		memcpy(tmp, data + k->off, k->len);
		tmp[k->len] = '\0';
		if (k->cls == COVER_QTY) {
			struct knum n;
			if (knum_parse(tmp, &n, &err) != 0 || dec_cmp(n.value, k->num.value) != 0)
				abort();
		} else if (k->cls == COVER_DATE && !(k->len >= 4 && tmp[0] == '(')) {
			struct kdate_range r;
			if (kdate_parse(tmp, 2022, &r, &err) != 0 ||
			    kdate_cmp(r.start, k->date.start) != 0)
				abort();
		}
	}
	cover_tokens_release(&t);
	return 0;
}
