/*
 * verdict.c - a binding's two sides compared at the stated precision, and
 * the finding when the relation does not hold: its targets, the value each
 * would need, and what explains the difference (see "Findings as data" in
 * docs/DESIGN.md).
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- findings ---------------------------------------------------------- */

/* A finding of the rule being evaluated (kept with its batch of rules),
 * with the rule's kind, severity and messages. */
struct finding *ck_add_rule_finding(struct rule_ctx *c)
{
	struct finding_list *l = c->out;
	XGROW(l->items, l->cap, l->n + 1);
	struct finding *f = &l->items[l->n++];
	memset(f, 0, sizeof(*f));
	f->rule = c->rule_id;
	f->kind = c->kind;
	f->severity = strcmp(c->severity, "warning") == 0 ? SEV_WARNING : SEV_ERROR;
	f->msg = MSG_RULE;
	f->rule_msg_ko = c->msg_ko;
	f->rule_msg_en = c->msg_en;
	f->binding = ck_binding(c);
	return f;
}

uint64_t ck_binding(const struct rule_ctx *c)
{
	if (!c->anchor)
		return (uint64_t)c->instance << 32 | 0xffffffffu;
	return (uint64_t)c->instance << 32 | (uint64_t)(c->anchor - c->fs->facts);
}

/* The facts the binding read as targets: the first n_lhs stated, the rest
 * read; then the milestones and fields it read. */
static void add_used_targets(struct rule_ctx *c, struct finding *f, size_t n_lhs)
{
	const struct table *ms = &c->m->tables[RES_MILESTONES];
	const struct table *fl = &c->m->tables[RES_FIELDS];

	for (size_t i = 0; i < c->n_used; i++) {
		struct target *t = check_add_target(f, c->arena, TARGET_FACT,
						    i < n_lhs ? ROLE_STATED : ROLE_READ);
		check_target_fact(t, c->fs, c->used[i]);
	}
	for (size_t i = 0; i < c->n_used_rows; i++) {
		long r = c->used_rows[i];
		int is_ms = r < 0;
		const struct table *t = is_ms ? ms : fl;
		size_t row = is_ms ? (size_t)(-1 - r) : (size_t)r;
		struct target *tg = check_add_target(
			f, c->arena, is_ms ? TARGET_MILESTONE : TARGET_FIELD, ROLE_READ);
		tg->node = table_get(t, row, "node");
		tg->seq = table_get(t, row, "seq");
		tg->source = table_get(t, row, "source");
	}
}

/* "서울뷰티위크 ’22.9.30~10.6 [2022-09-30..2022-10-06]" */
static void describe_ms(struct rule_ctx *c, long row, struct buf *b)
{
	const struct table *t = &c->m->tables[RES_MILESTONES];
	buf_addf(b, "%s#%s %s %s [", table_get(t, (size_t)row, "node"),
		 table_get(t, (size_t)row, "seq"), table_get(t, (size_t)row, "title"),
		 table_get(t, (size_t)row, "when"));
	kdate_format_iso(&c->ms[row].r, b);
	buf_addc(b, ']');
}

static const char *where_text(struct rule_ctx *c)
{
	struct buf b;
	const struct fact_info *a = c->anchor;
	char *s;

	buf_init(&b);
	if (!a) {
		if (c->anchor_ms >= 0)
			describe_ms(c, c->anchor_ms, &b);
		else
			buf_adds(&b, c->rule_id);
		s = arena_strdup(c->arena, b.data);
		buf_release(&b);
		return s;
	}
	buf_adds(&b, c->anchor_m->id);
	if (c->anchor_m->n_dims) {
		buf_addc(&b, '{');
		for (int i = 0; i < c->anchor_m->n_dims; i++)
			buf_addf(&b, "%s%s=%s", i ? "," : "", c->anchor_m->dims[i],
				 fact_member(c->fs, a, i));
		buf_addc(&b, '}');
	}
	const char *period = fact_period(c->fs, a), *table = fact_table(c->fs, a);
	if (*period)
		buf_addf(&b, " @%s", period);
	if (*table)
		buf_addf(&b, " [%s]", table);
	s = arena_strdup(c->arena, b.data);
	buf_release(&b);
	return s;
}

/* Rounds x to the precision `ulp` (half-up): round(x / ulp) * ulp. */
static int round_to_ulp(struct dec x, struct dec ulp, struct dec *out)
{
	struct dec q;
	struct jy_err e;
	if (dec_is_zero(ulp) || dec_div(x, ulp, 0, &q, &e))
		return -1;
	return dec_mul(q, ulp, out, &e);
}

static int holds(enum expr_cmp cmp, int c)
{
	switch (cmp) {
	case CMP_EQ:
		return c == 0;
	case CMP_LE:
		return c <= 0;
	case CMP_GE:
		return c >= 0;
	case CMP_LT:
		return c < 0;
	case CMP_GT:
		return c > 0;
	case CMP_IN: /* date ranges: evaluate_dates */
		break;
	}
	return 0;
}

/* Could the relation hold for some values within the intervals? */
static int possible(enum expr_cmp cmp, struct ival l, struct ival r)
{
	if (l.unbounded || r.unbounded)
		return 1;
	switch (cmp) {
	case CMP_EQ:
		return dec_cmp(l.lo, r.hi) <= 0 && dec_cmp(r.lo, l.hi) <= 0;
	case CMP_LE:
		return dec_cmp(l.lo, r.hi) <= 0;
	case CMP_LT:
		return dec_cmp(l.lo, r.hi) < 0;
	case CMP_GE:
		return dec_cmp(l.hi, r.lo) >= 0;
	case CMP_GT:
		return dec_cmp(l.hi, r.lo) > 0;
	case CMP_IN:
		break;
	}
	return 1;
}

/* The printed name of member `member` of dimension dim: members.csv's
 * name_ko, a unit's name or a node's title. Only for explanations, which
 * are few: a pass over the table. */
static const char *member_name(struct rule_ctx *c, int dim, const char *member)
{
	const struct dimension_info *di = &c->fs->dims[dim];
	enum resource_id r = di->members_from == 1   ? RES_UNITS
			     : di->members_from == 2 ? RES_NODES
						     : RES_MEMBERS;
	const struct table *t = &c->m->tables[r];
	const char *name = r == RES_NODES ? "title_ko" : "name_ko";

	for (size_t row = 0; row < t->n_rows; row++)
		if (strcmp(table_get(t, row, "id"), member) == 0 &&
		    (r != RES_MEMBERS || strcmp(table_get(t, row, "dimension"), di->id) == 0))
			return table_get(t, row, name);
	return member;
}

/* The stated total equals the sum without one of its parts: that part is
 * named, as printed, as what it leaves out (by its member's name, or for a
 * sum over periods by its period). */
static int explain_sum(struct rule_ctx *c, struct finding *f)
{
	for (size_t i = 0; i < c->sum_count; i++) {
		size_t fi = c->used[c->sum_first + i];
		if (dec_cmp(dec_neg(c->fs->facts[fi].value), f->delta) == 0) {
			struct target *t =
				check_add_target(f, c->arena, TARGET_FACT, ROLE_LEFT_OUT);
			check_target_fact(t, c->fs, fi);
			const struct cref *r = ck_cref_of(c, c->sum_ref);
			if (r && r->by_dim >= 0)
				t->label = member_name(
					c, r->by_dim,
					fact_member(c->fs, &c->fs->facts[fi], r->by_pos));
			f->expl = EXPL_LEFT_OUT;
			return 1;
		}
	}
	return 0;
}

static long days_between(struct dec a, struct dec b)
{
	return (long)(a.coef - b.coef); /* day numbers: integers at scale 0 */
}

/* A date range compared with another: the same range, or inside it. */
static void evaluate_dates(struct rule_ctx *c, const struct rule_expr *re, struct ival l,
			   struct ival r, long row_l, long row_r)
{
	int ok;
	if (re->cmp == CMP_EQ)
		ok = l.open_lo == r.open_lo && l.open_hi == r.open_hi &&
		     (l.open_lo || dec_cmp(l.lo, r.lo) == 0) &&
		     (l.open_hi || dec_cmp(l.hi, r.hi) == 0);
	else
		ok = (r.open_lo || l.open_lo || dec_cmp(l.lo, r.lo) >= 0) &&
		     (r.open_hi || l.open_hi || dec_cmp(l.hi, r.hi) <= 0);
	if (ok)
		return;

	struct finding *f = ck_add_rule_finding(c);
	struct buf b;
	buf_init(&b);
	describe_ms(c, row_l, &b);
	buf_addf(&b, " %s ", re->cmp == CMP_EQ ? "=" : "in");
	describe_ms(c, row_r, &b);
	f->expr = arena_strdup(c->arena, b.data);
	buf_release(&b);
	add_used_targets(c, f, 0);
	if (!l.open_lo && !r.open_lo && dec_cmp(l.lo, r.lo) != 0 &&
	    (re->cmp == CMP_EQ || dec_cmp(l.lo, r.lo) < 0)) {
		f->start_days = days_between(l.lo, r.lo);
		f->start_shown = 1;
	}
	if (!l.open_hi && !r.open_hi && dec_cmp(l.hi, r.hi) != 0) {
		long d = days_between(l.hi, r.hi);
		if (re->cmp == CMP_EQ || d > 0) {
			f->end_days = d;
			f->end_shown = 1;
		}
	}
	if (f->start_shown || f->end_shown)
		f->expl = EXPL_DATE_SHIFT;
}

/* An instance whose side could not be computed: an error that says why,
 * never a pass (the relation was not tested). */
static void unevaluable(struct rule_ctx *c, enum eval_failure why, size_t n_lhs)
{
	struct finding *f = ck_add_rule_finding(c);
	f->kind = FK_UNEVALUABLE;
	f->severity = SEV_ERROR;
	f->msg = why == EVAL_DIV_ZERO ? MSG_DIV_ZERO : MSG_OVERFLOW;
	f->expr = where_text(c);
	add_used_targets(c, f, n_lhs);
}

/* The value each fact target would need for the relation to hold, where
 * one cell alone decides it: the stated fact (a bare reference on the left)
 * would need the computed value; a part of a sum on the right, itself plus
 * the delta; a bare reference on the right, the stated value. Suspects are
 * found from these (find_suspects). */
static void set_fixes(struct rule_ctx *c, const struct rule_expr *re, struct finding *f,
		      size_t n_lhs, struct ival l, struct ival r)
{
	struct jy_err e;
	for (size_t i = 0; i < c->n_used && i < f->n_targets; i++) {
		struct target *t = &f->targets[i];
		const struct fact_info *fa = &c->fs->facts[c->used[i]];
		if (i < n_lhs) {
			if (n_lhs == 1 && re->lhs->kind == EX_REF) {
				t->fix = f->computed;
				t->has_fix = 1;
			}
		} else if (re->rhs->kind == EX_SUM) {
			t->has_fix = !dec_add(fa->value, f->delta, &t->fix, &e);
		} else if (re->rhs->kind == EX_REF && c->n_used - n_lhs == 1) {
			t->fix = l.pt;
			t->has_fix = 1;
		}
	}
	(void)r;
}

/* The decimals f is printed with: those of its last printed place (ulp),
 * not of its value, whose canonical form drops trailing zeros ("0.0%" is
 * 0 at one decimal). A place above the units ("43억원" in 백만원) is 0. */
static int printed_decimals(const struct fact_info *f)
{
	struct dec u = dec_normalize(f->ulp);
	return u.scale > 0 ? u.scale : 0;
}

void ck_evaluate_binding(struct rule_ctx *c, const struct rule_expr *re)
{
	struct ival l, r;
	size_t n_lhs;
	int cmp;

	c->n_used = 0;
	c->n_used_rows = 0;
	c->unbound = 0;
	c->sum_ref = NULL;
	l = ck_eval(c, re->lhs);
	n_lhs = c->n_used;
	size_t n_lhs_rows = c->n_used_rows;
	r = ck_eval(c, re->rhs);
	if (c->deps) {
		/* which facts this rule row reads do not depend on their values */
		uint64_t b = c->anchor ? ck_binding(c) : CK_WHOLE_ROW;
		XGROW(c->deps->items, c->deps->cap, c->deps->n + c->n_used);
		for (size_t i = 0; i < c->n_used; i++)
			c->deps->items[c->deps->n++] =
				(struct dep_pair){(uint32_t)c->used[i], c->rule_row, b};
	}
	if (c->unbound)
		return;
	c->rules_evaluated++;
	if (re->dates) {
		evaluate_dates(c, re, l, r, -1 - c->used_rows[0], -1 - c->used_rows[n_lhs_rows]);
		return;
	}
	if (l.failed || r.failed) {
		unevaluable(c, l.failed ? l.failed : r.failed, n_lhs);
		return;
	}

	/* The stated side is printed at some precision: compare at it. */
	struct dec computed = r.pt;
	struct dec stated = l.pt;
	const struct fact_info *sf = n_lhs == 1 ? &c->fs->facts[c->used[0]] : NULL;
	if (sf && !sf->exact && re->lhs->kind == EX_REF) {
		struct dec rounded;
		if (!round_to_ulp(r.pt, sf->ulp, &rounded))
			computed = rounded;
	}
	cmp = dec_cmp(stated, computed);
	if (holds(re->cmp, cmp))
		return;

	struct finding *f = ck_add_rule_finding(c);
	if (possible(re->cmp, l, r))
		f->severity = SEV_WARNING;
	f->expr = where_text(c);
	f->dates = l.date || r.date;
	f->has_values = 1;
	f->relation = expr_cmp_str(re->cmp);
	/* A bound compares two sides, neither of which is stated against the
	 * other: "stated 4.34, computed 5" read a floor as a computation. */
	f->left_right = re->cmp != CMP_EQ;
	f->stated = stated;
	/* Shown unrounded: the comparison above used the stated precision. */
	f->computed = dec_normalize(ck_fit(r.pt));
	ck_op_sub(stated, f->computed, &f->delta);
	f->delta = dec_normalize(f->delta);
	/* people read the numbers at the printed decimals of the stated figure */
	f->scale = sf && re->lhs->kind == EX_REF ? printed_decimals(sf) : 0;
	add_used_targets(c, f, n_lhs);
	if (re->cmp == CMP_EQ)
		set_fixes(c, re, f, n_lhs, l, r);
	if (re->cmp != CMP_EQ || f->dates)
		return;
	if (c->sum_ref && re->rhs->kind == EX_SUM && explain_sum(c, f))
		return;
	f->exp10 = check_unit_slip(stated, f->computed, sf ? printed_decimals(sf) : 0);
	if (f->exp10)
		f->expl = EXPL_UNIT_SLIP;
}
