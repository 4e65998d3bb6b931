/*
 * expr.h - the rule expression language (docs/DATA.md, "rules.csv").
 *
 *   rule   := side cmp side            cmp: = <= >= < >
 *           | dref ('=' | 'in') dref   a date range equals / lies within another
 *   side   := term (('+' | '-') term)*
 *   term   := factor (('*' | '/') factor)*
 *   factor := '-' factor | number | '(' side ')' | 'sum' '(' ref 'by' name ')' | ref
 *           | ('start' | 'end' | 'days' | 'months' | 'years') '(' dref ')'
 *           | 'count' '(' dref ')'
 *   ref    := name [ pins ]
 *   dref   := ('milestone' | 'field') pins
 *   pins   := '{' name '=' value (',' name '=' value)* '}'
 *
 * A dref names dated or listed things that are not facts: milestone{node=,
 * seq=[,status=]} is a milestone's date range (`when`); without seq (or with
 * a range seq=3..5) on the left side it stands for every milestone of the
 * node (see check.c), and seq=next elsewhere names the anchor's next one.
 * field{node=,key=} is a field whose value lists items ("마포, 서초"), usable
 * only in count(). start()/end() are day numbers; days(), months() and
 * years() count calendar days, months and years, inclusive (’22.7~’23.2 is
 * 8 months). In `a in b` an open side of a is not checked (’22.6.~ has no
 * known end); an open side of b bounds nothing.
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

enum expr_kind {
	EX_NUM,
	EX_REF,
	EX_SUM,
	EX_ADD,
	EX_SUB,
	EX_MUL,
	EX_DIV,
	EX_NEG,
	EX_DATE, /* a dref: milestone or field */
	EX_FN	 /* fn(a) */
};
enum expr_cmp { CMP_EQ, CMP_LE, CMP_GE, CMP_LT, CMP_GT, CMP_IN };
enum expr_fn { FN_START, FN_END, FN_DAYS, FN_MONTHS, FN_YEARS, FN_COUNT };
enum ref_target { REF_FACT, REF_MILESTONE, REF_FIELD };

struct expr_pin {
	const char *key; /* a dimension id, or "period", "kind", "table" */
	const char *value;
};

struct expr_ref {
	enum ref_target target;
	const char *measure; /* REF_FACT; "milestone" / "field" otherwise */
	struct expr_pin pins[JY_FACT_DIMS_MAX + 3];
	int n_pins;
	const char *by; /* EX_SUM: the dimension (or "period") summed over */
};

struct expr {
	enum expr_kind kind;
	struct dec num;	     /* EX_NUM */
	enum expr_fn fn;     /* EX_FN */
	struct expr_ref ref; /* EX_REF, EX_SUM */
	struct expr *a, *b;  /* operands */
};

struct rule_expr {
	struct expr *lhs, *rhs;
	enum expr_cmp cmp;
	const struct expr_ref *anchor; /* the first reference of lhs */
	int dates;		       /* the sides are bare date ranges */
};

/* Parses text; `measure` replaces $m (may be NULL when there is no $m).
 * On error err->col is the 1-based character column. */
int expr_parse(const char *text, const char *measure, struct arena *a, struct rule_expr *out,
	       struct jy_err *err);

/* Calls fn for every reference (EX_REF, EX_SUM and EX_DATE) in e. */
void expr_foreach_ref(const struct expr *e, void (*fn)(const struct expr *, void *), void *ctx);

const char *expr_cmp_str(enum expr_cmp c);
/* The pin of a reference, or NULL. */
const char *expr_pin(const struct expr_ref *r, const char *key);

#endif
