/*
 * fuzz_expr.c - libFuzzer target for the rule expression parser
 * (src/check/expr.c).
 *
 * Any input must be parsed or refused without a crash, a stack overflow or a
 * leak. A parse must have both sides and an anchor that is the first
 * reference of its left side; a refusal must be an input error with a
 * 1-based column within the text (or just past its end).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rule/expr.h"

struct walk {
	int refs;
	const struct expr_ref *first;
};

static void visit(const struct expr *e, void *p)
{
	struct walk *w = p;

	if (!e->ref.measure || !*e->ref.measure)
		abort();
	if (e->kind == EX_SUM && (!e->ref.by || !*e->ref.by))
		abort();
	if (e->ref.n_pins < 0 || e->ref.n_pins > JY_FACT_DIMS_MAX + 3)
		abort();
	for (int i = 0; i < e->ref.n_pins; i++)
		if (!e->ref.pins[i].key || !e->ref.pins[i].value)
			abort();
	if (!w->first)
		w->first = &e->ref;
	w->refs++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct arena a;
	struct rule_expr re;
	struct jy_err err;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	arena_init(&a);
	memset(&err, 0, sizeof(err));
	if (expr_parse(text, "m", &a, &re, &err) == 0) {
		struct walk w = {0, NULL};
		if (!re.lhs || !re.rhs || !re.anchor)
			abort();
		if ((int)re.cmp < CMP_EQ || (int)re.cmp > CMP_IN || !expr_cmp_str(re.cmp))
			abort();
		expr_foreach_ref(re.lhs, visit, &w);
		if (w.first != re.anchor)
			abort(); /* the anchor is the first reference of the left side */
		expr_foreach_ref(re.rhs, visit, &w);
	} else {
		size_t chars = 0;
		for (size_t i = 0; i < size && text[i]; i++)
			chars += ((unsigned char)text[i] & 0xC0) != 0x80;
		if (err.code != JY_EINPUT || !err.msg[0] || err.col < 1 ||
		    err.col > (long)chars + 1)
			abort();
	}
	arena_release(&a);
	free(text);
	return 0;
}
