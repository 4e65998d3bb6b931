/*
 * eval.c - evaluating one side of a rule instance under a binding (see
 * check.h and docs/DATA.md): exact decimals carried as intervals (a rounded
 * printed figure stands for every value within half a unit of its last
 * printed place), references, sums over a dimension or over periods with
 * their hierarchies, milestone dates and counts of listed items.
 */
#include "check_int.h"

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct dec ck_fit(struct dec d)
{
	struct jy_err e;
	struct dec r;
	if (d.scale > JY_DEC_SCALE_MAX && !dec_round(d, JY_DEC_SCALE_MAX, &r, &e))
		return r;
	return d;
}

static int op_add(struct dec a, struct dec b, struct dec *o)
{
	struct jy_err e;
	return dec_add(a, b, o, &e);
}

int ck_op_sub(struct dec a, struct dec b, struct dec *o)
{
	struct jy_err e;
	return dec_sub(a, b, o, &e);
}

static int op_mul(struct dec a, struct dec b, struct dec *o)
{
	struct jy_err e;
	if (a.scale + b.scale > JY_DEC_SCALE_MAX) {
		if (dec_round(a, JY_DEC_SCALE_MAX / 2, &a, &e) ||
		    dec_round(b, JY_DEC_SCALE_MAX / 2, &b, &e))
			return -1;
	}
	if (dec_mul(a, b, o, &e))
		return -1;
	*o = ck_fit(*o);
	return 0;
}

static int op_div(struct dec a, struct dec b, struct dec *o)
{
	struct jy_err e;
	return dec_div(a, b, JY_DEC_SCALE_MAX, o, &e);
}

static struct dec dmin(struct dec a, struct dec b)
{
	return dec_cmp(a, b) <= 0 ? a : b;
}

static struct dec dmax(struct dec a, struct dec b)
{
	return dec_cmp(a, b) >= 0 ? a : b;
}

static struct ival ival_point(struct dec v)
{
	struct ival r = {.pt = v, .lo = v, .hi = v};
	return r;
}

static struct ival ival_fact(const struct fact_info *f)
{
	struct ival r = ival_point(f->value);
	if (f->exact)
		return r;
	/* half_ulp is ulp / 2, worked out once when the fact was read */
	if (f->half_ulp_failed || ck_op_sub(f->value, f->half_ulp, &r.lo) ||
	    op_add(f->value, f->half_ulp, &r.hi))
		r.failed = EVAL_OVERFLOW;
	return r;
}

static struct ival ival_combine(enum expr_kind k, struct ival a, struct ival b)
{
	struct ival r = {.unbounded = a.unbounded || b.unbounded,
			 .failed = a.failed ? a.failed : b.failed};
	if (r.failed)
		return r;
	switch (k) {
	case EX_ADD:
		if (op_add(a.pt, b.pt, &r.pt) || op_add(a.lo, b.lo, &r.lo) ||
		    op_add(a.hi, b.hi, &r.hi))
			r.failed = EVAL_OVERFLOW;
		break;
	case EX_SUB:
		if (ck_op_sub(a.pt, b.pt, &r.pt) || ck_op_sub(a.lo, b.hi, &r.lo) ||
		    ck_op_sub(a.hi, b.lo, &r.hi))
			r.failed = EVAL_OVERFLOW;
		break;
	case EX_MUL:
	case EX_DIV: {
		struct dec c[4];
		int (*op)(struct dec, struct dec, struct dec *) = k == EX_MUL ? op_mul : op_div;
		if (k == EX_DIV && dec_is_zero(b.pt)) {
			r.failed = EVAL_DIV_ZERO;
			break;
		}
		if (op(a.pt, b.pt, &r.pt)) {
			r.failed = EVAL_OVERFLOW;
			break;
		}
		if (k == EX_DIV && dec_cmp(b.lo, DEC_ZERO) <= 0 && dec_cmp(b.hi, DEC_ZERO) >= 0) {
			r.unbounded = 1;
			r.lo = r.hi = r.pt;
			break;
		}
		if (op(a.lo, b.lo, &c[0]) || op(a.lo, b.hi, &c[1]) || op(a.hi, b.lo, &c[2]) ||
		    op(a.hi, b.hi, &c[3]))
			r.failed = EVAL_OVERFLOW;
		else {
			r.lo = dmin(dmin(c[0], c[1]), dmin(c[2], c[3]));
			r.hi = dmax(dmax(c[0], c[1]), dmax(c[2], c[3]));
		}
		break;
	}
	default:
		assert(!"an operator ival_combine does not know");
		r.failed = EVAL_OVERFLOW;
	}
	return r;
}

/* ---- milestones and fields ---------------------------------------------- */

/* Does milestone row match the pins of r (node, seq or a seq range
 * "3..12", status)? */
int ck_ms_matches(const struct rule_ctx *c, const struct expr_ref *r, size_t row)
{
	const struct table *t = &c->m->tables[RES_MILESTONES];
	static const char *keys[] = {"node", "seq", "status"};
	for (int k = 0; k < 3; k++) {
		const char *v = expr_pin(r, keys[k]);
		const char *cell = table_get(t, row, keys[k]);
		const char *dots = v && k == 1 ? strstr(v, "..") : NULL;
		if (dots) {
			long seq = atol(cell);
			if ((dots > v && seq < atol(v)) || (dots[2] && seq > atol(dots + 2)))
				return 0;
		} else if (v && strcmp(v, cell) != 0)
			return 0;
	}
	return 1;
}

/* The milestone row a dref names under the current binding, or -1. */
long ck_ms_resolve(struct rule_ctx *c, const struct expr_ref *r)
{
	const char *node = expr_pin(r, "node"), *seq = expr_pin(r, "seq");
	size_t row;

	if (r == c->anchor_ref && c->anchor_ms >= 0)
		return c->anchor_ms;
	if (!node || !seq || strstr(seq, ".."))
		return -1;
	buf_reset(&c->key);
	if (strcmp(seq, "next") == 0) { /* the stage after the anchor milestone */
		if (c->anchor_ms < 0)
			return -1;
		buf_addf(&c->key, "%s\x1f%ld", node,
			 atol(table_get(&c->m->tables[RES_MILESTONES], (size_t)c->anchor_ms,
					"seq")) +
				 1);
	} else
		buf_addf(&c->key, "%s\x1f%s", node, seq);
	if (!strmap_get(c->ms_index, c->key.data, &row) || !c->ms[row].ok)
		return -1;
	return (long)row;
}

static struct ival eval_date(struct rule_ctx *c, const struct expr_ref *r)
{
	struct ival v = ival_point(DEC_ZERO);
	long row = ck_ms_resolve(c, r);

	if (row < 0) {
		c->unbound = 1;
		return v;
	}
	const struct milestone_date *d = &c->ms[row];
	ck_use_row(c, MS_ROW(row));
	v.open_lo = d->r.open_start;
	v.open_hi = d->r.open_end;
	v.lo = v.pt = dec_from_int(d->lo);
	v.hi = dec_from_int(d->hi);
	return v;
}

/* Items of a printed list: "마포, 서대문, 서초, 강남" has four; "교육·혁신"
 * inside a comma list is one item, so '·' separates only where no comma does. */
static long count_items(const char *s)
{
	static const char *dots[] = {"·", "‧", "・", "ㆍ", "、"};
	long n = 0;
	int in_item = 0, commas = strchr(s, ',') != NULL;

	for (const char *p = s; *p;) {
		size_t sep = *p == ',' ? 1 : 0;
		for (size_t i = 0; !commas && !sep && i < sizeof(dots) / sizeof(dots[0]); i++)
			if (strncmp(p, dots[i], strlen(dots[i])) == 0)
				sep = strlen(dots[i]);
		if (sep) {
			in_item = 0;
			p += sep;
			continue;
		}
		if (*p != ' ' && !in_item) {
			in_item = 1;
			n++;
		}
		p++;
	}
	return n;
}

static struct ival eval_count(struct rule_ctx *c, const struct expr_ref *r)
{
	const char *node = expr_pin(r, "node");
	long n = 0;

	if (r->target == REF_MILESTONE) {
		const struct table *t = &c->m->tables[RES_MILESTONES];
		for (size_t row = 0; row < t->n_rows; row++)
			if (ck_ms_matches(c, r, row)) {
				ck_use_row(c, MS_ROW(row));
				n++;
			}
	} else {
		const struct table *t = &c->m->tables[RES_FIELDS];
		const char *key = expr_pin(r, "key");
		for (size_t row = 0; row < t->n_rows; row++)
			if (node && key && strcmp(table_get(t, row, "node"), node) == 0 &&
			    strcmp(table_get(t, row, "key"), key) == 0) {
				ck_use_row(c, (long)row);
				n += count_items(table_get(t, row, "value"));
			}
	}
	if (!n)
		c->unbound = 1;
	return ival_point(dec_from_int(n));
}

static struct ival eval_fn(struct rule_ctx *c, const struct expr *e)
{
	if (e->fn == FN_COUNT)
		return eval_count(c, &e->a->ref);
	long row = ck_ms_resolve(c, &e->a->ref);
	struct ival v = ival_point(DEC_ZERO);
	if (row < 0) {
		c->unbound = 1;
		return v;
	}
	const struct milestone_date *d = &c->ms[row];
	const struct kdate_range *r = &d->r;
	ck_use_row(c, MS_ROW(row));
	if ((e->fn != FN_START && r->open_end) || (e->fn != FN_END && r->open_start)) {
		c->unbound = 1;
		return v;
	}
	switch (e->fn) {
	case FN_START:
		v = ival_point(dec_from_int(d->lo));
		v.date = 1;
		break;
	case FN_END:
		v = ival_point(dec_from_int(d->hi));
		v.date = 1;
		break;
	case FN_DAYS:
		v = ival_point(dec_from_int(d->hi - d->lo + 1));
		break;
	case FN_MONTHS:
		v = ival_point(dec_from_int((r->end.year - r->start.year) * 12 + r->end.month -
					    r->start.month + 1));
		break;
	case FN_YEARS:
		v = ival_point(dec_from_int(r->end.year - r->start.year + 1));
		break;
	case FN_COUNT:
		break;
	}
	return v;
}

const struct fact_groups *ck_groups_for(struct group_cache *gc, int measure, int kind)
{
	_Atomic(struct fact_groups *) *slot =
		&gc->groups[(size_t)measure * GROUP_KINDS + (size_t)kind];
	struct fact_groups *g = atomic_load_explicit(slot, memory_order_acquire);

	if (g)
		return g;
	pthread_mutex_lock(&gc->lock);
	g = atomic_load_explicit(slot, memory_order_relaxed);
	if (!g) {
		unsigned ignore = kind == GROUP_BY_TABLE ? COORD_MEMBERS | COORD_PERIOD | COORD_KIND
				  : kind == GROUP_BY_PERIOD ? COORD_PERIOD | COORD_KIND
							    : 1u << kind;
		g = xmalloc(sizeof(*g));
		fact_groups_build(g, gc->fs, measure, ignore);
		atomic_store_explicit(slot, g, memory_order_release);
	}
	pthread_mutex_unlock(&gc->lock);
	return g;
}

static int is_descendant(const struct factset *fs, int dim, uint32_t member, uint32_t ancestor)
{
	const struct dimension_info *di = &fs->dims[dim];
	uint32_t p = member < di->n_members ? di->parents[member] : FS_NONE;

	for (int guard = 0; p != FS_NONE && guard < 64; guard++) {
		if (p == ancestor)
			return 1;
		p = di->parents[p];
	}
	return 0;
}

/* Marks the members (at position pos) of a sum's parts, so that whether an
 * addend's ancestor is also a part takes a walk up its parents rather than
 * a pass over every part (a 계 row of many units was quadratic). */
static void mark_parts(struct rule_ctx *c, const uint32_t *parts, size_t n_parts, int pos)
{
	if (++c->mark_stamp == 0) {
		size_t n = 0;
		for (size_t d = 0; d < c->fs->n_dims; d++)
			if (c->fs->dims[d].n_members > n)
				n = c->fs->dims[d].n_members;
		memset(c->marks, 0, sizeof(*c->marks) * n);
		c->mark_stamp = 1;
	}
	for (size_t i = 0; i < n_parts; i++) {
		const struct fact_info *f = &c->fs->facts[parts[i]];
		if (f->not_applicable)
			continue; /* absent: it holds none of its children */
		c->marks[f->key.members[pos]] = c->mark_stamp;
		/* its exactness and interval (the record's second line), read next */
		__builtin_prefetch(&f->exact);
	}
}

/* Is an ancestor of mem one of the marked parts, other than total (and,
 * when total has children, below it)? Then mem is in that part already. */
static int covered(const struct rule_ctx *c, int dim, uint32_t mem, uint32_t total,
		   int has_children)
{
	const struct dimension_info *di = &c->fs->dims[dim];
	uint32_t p = mem < di->n_members ? di->parents[mem] : FS_NONE;

	/* the walk of is_descendant: the same ancestors, the same guard */
	for (int guard = 0; p != FS_NONE && guard < 64; guard++) {
		if (p != total && c->marks[p] == c->mark_stamp &&
		    (!has_children || is_descendant(c->fs, dim, p, total)))
			return 1;
		p = di->parents[p];
	}
	return 0;
}

static struct ival eval_sum(struct rule_ctx *c, const struct expr *e)
{
	const struct cref *r = ck_cref_of(c, &e->ref);
	const struct factset *fs = c->fs;
	struct ival acc = ival_point(DEC_ZERO);
	struct fact_coord k;

	if (!r || !ck_bind_ref(c, r, &k)) {
		c->unbound = 1;
		return acc;
	}
	const struct measure_info *mi = &fs->measures[r->measure];
	int by_period = r->by_pos < 0;
	int pos = r->by_pos;
	int dim = r->by_dim;
	uint32_t total = by_period ? k.period : k.members[pos];
	size_t n_parts;
	const uint32_t *parts = fact_groups_get(
		ck_groups_for(c->groups, r->measure, by_period ? GROUP_BY_PERIOD : pos), fs, &k,
		&n_parts);

	if (!parts) {
		c->unbound = 1;
		return acc;
	}
	/* With a hierarchy, a total sums its descendants; without, every other member. */
	int has_children = 0;
	for (size_t i = 0; dim >= 0 && i < n_parts && !has_children; i++)
		if (is_descendant(fs, dim, fs->facts[parts[i]].key.members[pos], total))
			has_children = 1;
	if (dim >= 0)
		mark_parts(c, parts, n_parts, pos);
	size_t first = c->n_used;
	size_t anchor = c->anchor ? (size_t)(c->anchor - fs->facts) : SIZE_MAX;
	for (size_t i = 0; i < n_parts; i++) {
		size_t fi = parts[i];
		const struct fact_info *f = &fs->facts[fi];
		uint32_t mem = by_period ? f->key.period : f->key.members[pos];
		if (mem == total || fi == anchor)
			continue;
		if (!by_period && c->n_scope_dims && !ck_fact_matches(r, f, mi->n_dims))
			continue;
		if (dim >= 0) {
			if (has_children && !is_descendant(fs, dim, mem, total))
				continue;
			if (is_descendant(fs, dim, total, mem) ||
			    covered(c, dim, mem, total, has_children))
				continue;
		}
		if (f->not_applicable)
			continue; /* absent, not zero (docs/DATA.md) */
		ck_use_fact(c, fi);
		acc = ival_combine(EX_ADD, acc, ival_fact(f));
	}
	if (c->n_used == first)
		c->unbound = 1;
	c->sum_ref = &e->ref;
	c->sum_first = first;
	c->sum_count = c->n_used - first;
	return acc;
}

struct ival ck_eval(struct rule_ctx *c, const struct expr *e)
{
	switch (e->kind) {
	case EX_NUM:
		return ival_point(e->num);
	case EX_NEG: {
		struct ival a = ck_eval(c, e->a);
		struct ival r = {.pt = dec_neg(a.pt),
				 .lo = dec_neg(a.hi),
				 .hi = dec_neg(a.lo),
				 .unbounded = a.unbounded,
				 .failed = a.failed};
		return r;
	}
	case EX_REF: {
		struct cref *r = (struct cref *)ck_cref_of(c, &e->ref);
		struct fact_coord k;
		long fi;
		if (r && r->is_anchor) {
			/* its pins matched the anchor and every coordinate comes from it */
			fi = c->anchor - c->fs->facts;
		} else if (!r || !ck_bind_ref(c, r, &k)) {
			c->unbound = 1;
			return ival_point(DEC_ZERO);
		} else if (r->last_fact >= 0 &&
			   fact_coord_eq(&k, &r->last_key, c->fs->measures[r->measure].n_dims, 0)) {
			fi = r->last_fact;
		} else if ((fi = factset_find(c->fs, &k)) < 0) {
			c->unbound = 1;
			return ival_point(DEC_ZERO);
		} else {
			r->last_key = k;
			r->last_fact = fi;
		}
		if (c->fs->facts[fi].not_applicable) {
			c->unbound = 1; /* an anchor or a side n/a: nothing to compare */
			return ival_point(DEC_ZERO);
		}
		ck_use_fact(c, (size_t)fi);
		return ival_fact(&c->fs->facts[fi]);
	}
	case EX_SUM:
		return eval_sum(c, e);
	case EX_DATE:
		return eval_date(c, &e->ref);
	case EX_FN:
		return eval_fn(c, e);
	default: {
		struct ival a = ck_eval(c, e->a);
		struct ival b = ck_eval(c, e->b);
		return ival_combine(e->kind, a, b);
	}
	}
}
