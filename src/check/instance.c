/*
 * instance.c - a rule instantiated: its references compiled against the
 * factset once per instance (where each coordinate comes from: a pin, the
 * scope or the anchor), and evaluated once per anchor fact (the first
 * reference of its left side) or anchor milestone.
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

static const char *scope_member(const struct rule_ctx *c, const char *dim)
{
	for (int i = 0; i < c->n_scope_dims; i++)
		if (strcmp(c->scope_dims[i], dim) == 0)
			return c->scope_members[i];
	return NULL;
}

static uint32_t name_id(const struct name_table *t, const char *v)
{
	return v ? name_table_find(t, v) : ANY;
}

/* Resolves reference e of an instance whose anchor measure is am. */
static void compile_ref(struct rule_ctx *c, const struct expr *e, const struct measure_info *am)
{
	const struct expr_ref *r = &e->ref;
	const struct factset *fs = c->fs;
	const char *v;

	if (r->target != REF_FACT)
		return; /* milestones and fields: resolved when evaluated */
	XGROW(c->crefs, c->cap_crefs, c->n_crefs + 1);
	struct cref *cr = &c->crefs[c->n_crefs++];
	memset(cr, 0, sizeof(*cr));
	cr->e = e;
	cr->last_fact = -1;
	cr->measure = factset_measure(fs, r->measure);
	if (cr->measure < 0)
		return;
	const struct measure_info *mi = &fs->measures[cr->measure];
	for (int i = 0; i < mi->n_dims; i++) {
		const char *pin = expr_pin(r, mi->dims[i]);
		const char *scoped = scope_member(c, mi->dims[i]);
		int dim = mi->dim_index[i];
		int pos = am ? measure_dim_pos(am, mi->dims[i]) : -1;
		cr->anchor_pos[i] = -1;
		if (pin)
			cr->member[i] = factset_member_id(fs, dim, pin);
		else if (pos >= 0)
			cr->anchor_pos[i] = (signed char)pos;
		else if (scoped)
			cr->member[i] = factset_member_id(fs, dim, scoped);
		else if (r->by && strcmp(r->by, mi->dims[i]) == 0)
			cr->member[i] = FS_NONE; /* the total of a sum over nothing */
		else
			cr->unbindable = 1;
		v = pin ? pin : scoped;
		cr->want_member[i] = v ? factset_member_id(fs, dim, v) : ANY;
	}
	cr->period = name_id(&fs->periods, expr_pin(r, "period"));
	cr->kind = name_id(&fs->kinds, expr_pin(r, "kind"));
	cr->table = name_id(&fs->tables, expr_pin(r, "table"));
	if (!am) {
		/* anchored by a milestone: pins and scope only */
		v = expr_pin(r, "period") ? expr_pin(r, "period") : c->scope_period;
		cr->period = name_id(&fs->periods, v);
		if (!v)
			cr->unbindable = 1;
		v = expr_pin(r, "kind") ? expr_pin(r, "kind") : c->scope_kind;
		cr->kind = name_id(&fs->kinds, v);
		if (!v)
			cr->unbindable = 1;
		v = expr_pin(r, "table") ? expr_pin(r, "table")
		    : c->scope_table	 ? c->scope_table
					 : "";
		cr->table = name_id(&fs->tables, v);
	}
	v = expr_pin(r, "period");
	cr->want_period = name_id(&fs->periods, v ? v : c->scope_period);
	v = expr_pin(r, "kind");
	cr->want_kind = name_id(&fs->kinds, v ? v : c->scope_kind);
	v = expr_pin(r, "table");
	cr->want_table = name_id(&fs->tables, v ? v : c->scope_table);
	cr->by_pos = cr->by_dim = -1;
	if (e->kind == EX_SUM && strcmp(r->by, "period") != 0) {
		cr->by_pos = measure_dim_pos(mi, r->by);
		if (cr->by_pos < 0)
			cr->unbindable = 1; /* reported by model_validate */
		else
			cr->by_dim = mi->dim_index[cr->by_pos];
	}
}

static void compile_refs(const struct expr *e, void *p)
{
	struct rule_ctx *c = p;
	compile_ref(c, e, c->anchor_m);
}

const struct cref *ck_cref_of(const struct rule_ctx *c, const struct expr_ref *r)
{
	for (size_t i = 0; i < c->n_crefs; i++)
		if (&c->crefs[i].e->ref == r)
			return &c->crefs[i];
	return NULL;
}

/* Does fact f (of r's measure) satisfy r's pins and the rule's scope? */
int ck_fact_matches(const struct cref *r, const struct fact_info *f, int n_dims)
{
	if ((r->want_period != ANY && r->want_period != f->key.period) ||
	    (r->want_kind != ANY && r->want_kind != f->key.kind) ||
	    (r->want_table != ANY && r->want_table != f->key.table))
		return 0;
	for (int i = 0; i < n_dims; i++)
		if (r->want_member[i] != ANY && r->want_member[i] != f->key.members[i])
			return 0;
	return 1;
}

/* Key of the fact r names under the current binding. Returns 0 when some
 * dimension of r's measure cannot be bound. */
int ck_bind_ref(const struct rule_ctx *c, const struct cref *r, struct fact_coord *k)
{
	const struct fact_info *a = c->anchor;

	if (r->measure < 0 || r->unbindable)
		return 0;
	k->measure = (uint32_t)r->measure;
	for (int i = 0; i < c->fs->measures[r->measure].n_dims; i++)
		k->members[i] =
			r->anchor_pos[i] >= 0 ? a->key.members[r->anchor_pos[i]] : r->member[i];
	k->period = r->period == ANY ? a->key.period : r->period;
	k->kind = r->kind == ANY ? a->key.kind : r->kind;
	k->table = r->table == ANY ? a->key.table : r->table;
	return 1;
}

/* Asks for the index slots of the facts the references name when a (if it
 * matches the anchor reference ar) is the anchor. */
static void prefetch_binding(struct rule_ctx *c, const struct fact_info *a, const struct cref *ar,
			     int n_dims)
{
	const struct fact_info *anchor = c->anchor;

	if (!ck_fact_matches(ar, a, n_dims))
		return;
	c->anchor = a;
	for (size_t i = 0; i < c->n_crefs; i++) {
		const struct cref *r = &c->crefs[i];
		struct fact_coord k;
		if (r->e->kind == EX_REF && !r->is_anchor && ck_bind_ref(c, r, &k))
			factset_prefetch(c->fs, &k);
	}
	c->anchor = anchor;
}

void ck_use_fact(struct rule_ctx *c, size_t f)
{
	XGROW(c->used, c->cap_used, c->n_used + 1);
	c->used[c->n_used++] = f;
}

/* Records a milestone (MS_ROW(row)) or a field row read by the binding. */
void ck_use_row(struct rule_ctx *c, long row)
{
	XGROW(c->used_rows, c->cap_used_rows, c->n_used_rows + 1);
	c->used_rows[c->n_used_rows++] = row;
}

void ck_parse_scope(struct rule_ctx *c, const char *scope)
{
	c->scope_period = c->scope_kind = c->scope_table = NULL;
	c->n_scope_dims = 0;
	for (const char *s = scope; *s;) {
		const char *semi = strchr(s, ';');
		size_t n = semi ? (size_t)(semi - s) : strlen(s);
		const char *eq = memchr(s, '=', n);
		if (eq) {
			char *key = arena_strndup(c->scratch, s, (size_t)(eq - s));
			char *val = arena_strndup(c->scratch, eq + 1, n - (size_t)(eq - s) - 1);
			if (strcmp(key, "period") == 0)
				c->scope_period = val;
			else if (strcmp(key, "kind") == 0)
				c->scope_kind = val;
			else if (strcmp(key, "table") == 0)
				c->scope_table = val;
			else if (c->n_scope_dims < JY_FACT_DIMS_MAX) {
				c->scope_dims[c->n_scope_dims] = key;
				c->scope_members[c->n_scope_dims++] = val;
			}
		}
		s += n + (semi ? 1 : 0);
	}
}

struct pinned_rows {
	struct rule_ctx *c;
	long rows[8];
	int n;
};

static void collect_pinned(const struct expr *e, void *p)
{
	struct pinned_rows *pr = p;
	if (e->kind != EX_DATE || e->ref.target != REF_MILESTONE || !expr_pin(&e->ref, "seq") ||
	    e->ref.n_pins == 0 || &e->ref == pr->c->anchor_ref ||
	    pr->n >= (int)(sizeof(pr->rows) / sizeof(pr->rows[0])))
		return;
	long saved = pr->c->anchor_ms;
	pr->c->anchor_ms = -1;
	long row = ck_ms_resolve(pr->c, &e->ref);
	pr->c->anchor_ms = saved;
	if (row >= 0)
		pr->rows[pr->n++] = row;
}

/* A rule whose anchor is a milestone: evaluated once per matching milestone
 * (every milestone of the node when no seq is pinned), or once for a field. */
static void run_on_milestones(struct rule_ctx *c, const struct rule_expr *re)
{
	const struct table *t = &c->m->tables[RES_MILESTONES];
	struct pinned_rows pr = {c, {0}, 0};

	c->anchor = NULL;
	c->anchor_m = NULL;
	if (re->anchor->target == REF_FIELD) {
		ck_evaluate_binding(c, re);
		return;
	}
	expr_foreach_ref(re->lhs, collect_pinned, &pr);
	expr_foreach_ref(re->rhs, collect_pinned, &pr);
	for (size_t row = 0; row < t->n_rows; row++) {
		int pinned = 0;
		if (!c->ms[row].ok || !ck_ms_matches(c, re->anchor, row))
			continue;
		for (int k = 0; k < pr.n; k++)
			pinned |= pr.rows[k] == (long)row;
		if (pinned)
			continue;
		c->anchor_ms = (long)row;
		ck_evaluate_binding(c, re);
	}
	c->anchor_ms = -1;
}

void ck_run_rule_instance(struct rule_ctx *c, const char *measure, const char *expr)
{
	struct rule_expr re;
	struct jy_err e;
	size_t before = c->rules_evaluated;

	if (expr_parse(expr, measure, c->scratch, &re, &e))
		return; /* model_validate reported it */
	c->anchor_ref = re.anchor;
	c->anchor_ms = -1;
	c->n_crefs = 0;
	if (re.anchor->target != REF_FACT) {
		c->anchor_m = NULL; /* facts it reads are named by pins and scope */
		expr_foreach_ref(re.lhs, compile_refs, c);
		expr_foreach_ref(re.rhs, compile_refs, c);
		run_on_milestones(c, &re);
		goto done;
	}
	int mi_idx = factset_measure(c->fs, re.anchor->measure);
	if (mi_idx < 0)
		return;
	const struct measure_info *mi = &c->fs->measures[mi_idx];
	c->anchor_m = mi;
	expr_foreach_ref(re.lhs, compile_refs, c);
	expr_foreach_ref(re.rhs, compile_refs, c);
	struct cref *ar = (struct cref *)ck_cref_of(c, re.anchor);
	ar->is_anchor = ar->e->kind == EX_REF;
	const size_t *all = mi->facts;
	const uint32_t *in_table = NULL;
	size_t n_candidates = mi->n_facts;
	if (ar->want_table != ANY) {
		/* a rule on one printed table reads that table's facts only */
		struct fact_coord k = {.measure = (uint32_t)mi_idx, .table = ar->want_table};
		in_table = fact_groups_get(ck_groups_for(c->groups, mi_idx, GROUP_BY_TABLE), c->fs,
					   &k, &n_candidates);
		all = NULL;
	}
	for (size_t i = 0; i < n_candidates; i++) {
		const struct fact_info *f = &c->fs->facts[all ? all[i] : in_table[i]];
		/* the next anchors are far apart in memory, and so are the facts
		 * they name: ask for them while this one is evaluated */
		if (i + 4 < n_candidates)
			__builtin_prefetch(&c->fs->facts[all ? all[i + 4] : in_table[i + 4]]);
		if (i + 1 < n_candidates)
			prefetch_binding(c, &c->fs->facts[all ? all[i + 1] : in_table[i + 1]], ar,
					 mi->n_dims);
		if (!ck_fact_matches(ar, f, mi->n_dims))
			continue;
		c->anchor = f;
		ck_evaluate_binding(c, &re);
	}
done:
	if (c->rules_evaluated == before) {
		c->anchor = NULL; /* the instance's, not a binding's (its binding tag) */
		struct finding *fd = ck_add_rule_finding(c);
		fd->kind = FK_UNUSED_RULE;
		fd->severity = SEV_WARNING;
		fd->msg = MSG_UNUSED_RULE;
		fd->expr = arena_printf(c->arena, "%s%s%s", expr, measure ? " with $m=" : "",
					measure ? measure : "");
	}
}

void ck_run_instance_at(struct rule_ctx *c, const char *measure, const char *expr, size_t anchor)
{
	struct rule_expr re;
	struct jy_err e;

	if (expr_parse(expr, measure, c->scratch, &re, &e))
		return;
	int mi_idx = factset_measure(c->fs, re.anchor->measure);
	if (re.anchor->target != REF_FACT || mi_idx < 0)
		return; /* not a fact's binding: never recorded as one */
	c->anchor_ref = re.anchor;
	c->anchor_ms = -1;
	c->n_crefs = 0;
	c->anchor_m = &c->fs->measures[mi_idx];
	expr_foreach_ref(re.lhs, compile_refs, c);
	expr_foreach_ref(re.rhs, compile_refs, c);
	struct cref *ar = (struct cref *)ck_cref_of(c, re.anchor);
	ar->is_anchor = ar->e->kind == EX_REF;
	const struct fact_info *f = &c->fs->facts[anchor];
	if (!ck_fact_matches(ar, f, c->anchor_m->n_dims))
		return;
	c->anchor = f;
	ck_evaluate_binding(c, &re);
}
