/*
 * expr.h - the rule expression language (docs/DATA.md, "rules.csv").
 *
 *   rule   := side cmp side            cmp: = <= >= < >
 *   side   := term (('+' | '-') term)*
 *   term   := factor (('*' | '/') factor)*
 *   factor := '-' factor | number | '(' side ')' | 'sum' '(' ref 'by' name ')' | ref
 *   ref    := name [ '{' name '=' value (',' name '=' value)* '}' ]
 *
 * Names may contain '-' (slugs), so subtraction needs spaces: "a - b".
 * `$m` is replaced by the measure the rule is instantiated for. The parse
 * tree lives in the caller's arena.
 */
#ifndef JY_EXPR_H
#define JY_EXPR_H

#include "base/dec.h"
#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"

enum expr_kind { EX_NUM, EX_REF, EX_SUM, EX_ADD, EX_SUB, EX_MUL, EX_DIV, EX_NEG };
enum expr_cmp { CMP_EQ, CMP_LE, CMP_GE, CMP_LT, CMP_GT };

struct expr_pin {
	const char *key; /* a dimension id, or "period", "kind", "table" */
	const char *value;
};

struct expr_ref {
	const char *measure;
	struct expr_pin pins[JY_FACT_DIMS_MAX + 3];
	int n_pins;
	const char *by; /* EX_SUM: the dimension (or "period") summed over */
};

struct expr {
	enum expr_kind kind;
	struct dec num;     /* EX_NUM */
	struct expr_ref ref; /* EX_REF, EX_SUM */
	struct expr *a, *b;  /* operands */
};

struct rule_expr {
	struct expr *lhs, *rhs;
	enum expr_cmp cmp;
	const struct expr_ref *anchor; /* the first reference of lhs */
};

/* Parses text; `measure` replaces $m (may be NULL when there is no $m).
 * On error err->col is the 1-based character column. */
int expr_parse(const char *text, const char *measure, struct arena *a, struct rule_expr *out,
	       struct jy_err *err);

/* Calls fn for every reference (EX_REF and EX_SUM) in e. */
void expr_foreach_ref(const struct expr *e, void (*fn)(const struct expr *, void *), void *ctx);

const char *expr_cmp_str(enum expr_cmp c);

#endif
