/*
 * check.c - evaluating rules over facts (see check.h and docs/DATA.md).
 *
 * A rule is instantiated once per measure it lists; each instance is
 * evaluated once per anchor fact (the first reference of its left side).
 * Values are exact decimals carried as intervals: a rounded printed figure
 * stands for every value within half a unit of its last printed place.
 */
#include "check.h"
#include "terms.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/knum.h"
#include "base/par.h"
#include "expr.h"

/* ---- intervals ------------------------------------------------------- */

/* Why a side could not be computed: such an instance is an error finding
 * that says so, never a pass. */
enum eval_failure { EVAL_OK, EVAL_OVERFLOW, EVAL_DIV_ZERO };

struct ival {
	struct dec pt, lo, hi;
	int unbounded; /* the interval is too wide to say anything (÷ by ~0) */
	int failed;    /* an enum eval_failure: why nothing could be computed */
	/* A date range (a milestone): [lo, hi] are its first and last day
	 * numbers, exact, and an open side is unbounded. Not an uncertainty. */
	int open_lo, open_hi;
	int date; /* a day number (start(), end()): printed as a date */
};

static struct dec fit(struct dec d)
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

static int op_sub(struct dec a, struct dec b, struct dec *o)
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
	*o = fit(*o);
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
	if (f->half_ulp_failed || op_sub(f->value, f->half_ulp, &r.lo) ||
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
		if (op_sub(a.pt, b.pt, &r.pt) || op_sub(a.lo, b.hi, &r.lo) ||
		    op_sub(a.hi, b.lo, &r.hi))
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

/* ---- evaluation context ------------------------------------------------ */

/* A coordinate left free by a compiled reference: taken from the anchor
 * (binding) or not constrained (filter). FS_NONE is a value equal to none. */
#define ANY (FS_NONE - 1)

/* One reference of a rule instance, resolved against the factset once per
 * instance: which measure, and where each coordinate of the fact it names
 * comes from (a pin or the scope: a fixed id; otherwise the anchor's). */
struct cref {
	const struct expr *e;
	int is_anchor;			   /* the anchor itself: it binds to the anchor fact */
	int measure;			   /* -1: unknown measure, never binds */
	int unbindable;			   /* a dimension nothing binds */
	uint32_t member[JY_FACT_DIMS_MAX]; /* fixed id, unless anchor_pos >= 0 */
	signed char anchor_pos[JY_FACT_DIMS_MAX]; /* the anchor's member at this position */
	uint32_t period, kind, table;		  /* fixed id, or ANY: the anchor's */
	/* the filter of fact_matches: ids the pins and the scope require, or ANY */
	uint32_t want_member[JY_FACT_DIMS_MAX], want_period, want_kind, want_table;
	int by_pos; /* EX_SUM: position of the dimension summed over, -1 for period */
	int by_dim; /* its index in factset.dims, -1 for period */
	/* the last lookup: consecutive bindings often name the same fact (a total) */
	struct fact_coord last_key;
	long last_fact; /* -1: none yet */
};

/* Groupings of one measure's facts, built when a rule first needs them and
 * shared by the worker threads: slot i < JY_FACT_DIMS_MAX for sums by the
 * i-th dimension, then sums by period, then the facts of each table. */
enum { GROUP_BY_PERIOD = JY_FACT_DIMS_MAX, GROUP_BY_TABLE, GROUP_KINDS };

struct group_cache {
	const struct factset *fs;
	_Atomic(struct fact_groups *) *groups; /* n_measures * GROUP_KINDS */
	pthread_mutex_t lock;
};

struct finding_list {
	struct finding *items;
	size_t n, cap;
};

/* A milestone's `when`, parsed once per check. */
struct ms_date {
	int parsed; /* `when` is present and parses */
	int ok;	    /* parsed and not an open range on both sides */
	struct kdate_range r;
	long lo, hi; /* day numbers of the first and last day (when not open) */
};

/* Every milestone's dates and its index, built before the workers start. */
struct ms_table {
	struct ms_date *ms;  /* per milestone row */
	struct strmap index; /* "node\x1fseq" -> row */
};

struct rule_ctx {
	struct model *m;
	struct factset *fs;
	struct arena *arena;	       /* findings' strings (this worker's) */
	struct arena *scratch;	       /* parse trees, emptied after each batch of rules */
	const struct ms_date *ms;      /* per milestone row (shared) */
	const struct strmap *ms_index; /* "node\x1fseq" -> row (shared) */
	struct buf key;
	struct finding_list *out;
	size_t rules_evaluated;
	const char *rule_id, *severity, *msg_ko, *msg_en;
	enum finding_kind kind;
	const char *scope_period, *scope_kind, *scope_table;
	const char *scope_dims[JY_FACT_DIMS_MAX], *scope_members[JY_FACT_DIMS_MAX];
	int n_scope_dims;
	struct group_cache *groups;
	/* the references of the current instance */
	struct cref *crefs;
	size_t n_crefs, cap_crefs;
	/* the current binding: an anchor fact, or else an anchor milestone */
	const struct fact_info *anchor;
	const struct measure_info *anchor_m;
	const struct expr_ref *anchor_ref;
	long anchor_ms;
	/* facts read while evaluating one side */
	size_t *used;
	size_t n_used, cap_used;
	/* milestones (rows, as -1 - row) and fields (rows) read by the binding */
	long *used_rows;
	size_t n_used_rows, cap_used_rows;
	/* set while evaluating a top-level sum, for explanations */
	const struct expr_ref *sum_ref;
	size_t sum_first, sum_count;
	int unbound;
	/* members of the current sum's parts: marks[m] == mark_stamp (one slot
	 * per member of the largest dimension) */
	uint32_t *marks;
	uint32_t mark_stamp;
};

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

static const struct cref *cref_of(const struct rule_ctx *c, const struct expr_ref *r)
{
	for (size_t i = 0; i < c->n_crefs; i++)
		if (&c->crefs[i].e->ref == r)
			return &c->crefs[i];
	return NULL;
}

/* Does fact f (of r's measure) satisfy r's pins and the rule's scope? */
static int fact_matches(const struct cref *r, const struct fact_info *f, int n_dims)
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
static int bind_ref(const struct rule_ctx *c, const struct cref *r, struct fact_coord *k)
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

	if (!fact_matches(ar, a, n_dims))
		return;
	c->anchor = a;
	for (size_t i = 0; i < c->n_crefs; i++) {
		const struct cref *r = &c->crefs[i];
		struct fact_coord k;
		if (r->e->kind == EX_REF && !r->is_anchor && bind_ref(c, r, &k))
			factset_prefetch(c->fs, &k);
	}
	c->anchor = anchor;
}

static void use_fact(struct rule_ctx *c, size_t f)
{
	XGROW(c->used, c->cap_used, c->n_used + 1);
	c->used[c->n_used++] = f;
}

/* Records a milestone (MS_ROW(row)) or a field row read by the binding. */
#define MS_ROW(row) (-1 - (long)(row))
static void use_row(struct rule_ctx *c, long row)
{
	XGROW(c->used_rows, c->cap_used_rows, c->n_used_rows + 1);
	c->used_rows[c->n_used_rows++] = row;
}

/* ---- milestones and fields ---------------------------------------------- */

static void ms_build(struct ms_table *mt, struct model *m, struct arena *a)
{
	const struct table *t = &m->tables[RES_MILESTONES];
	struct buf key;

	mt->ms = arena_zalloc(a, sizeof(*mt->ms) * (t->n_rows + 1));
	strmap_init(&mt->index);
	buf_init(&key);
	for (size_t row = 0; row < t->n_rows; row++) {
		struct ms_date *d = &mt->ms[row];
		const char *when = table_get(t, row, "when");
		const char *as_of = table_get(t, row, "status_as_of");
		struct jy_err e;
		buf_reset(&key);
		buf_addf(&key, "%s\x1f%s", table_get(t, row, "node"), table_get(t, row, "seq"));
		strmap_put(&mt->index, arena_strdup(a, key.data), row);
		if (!*when || kdate_parse(when, *as_of ? atoi(as_of) : 2000, &d->r, &e))
			continue;
		d->parsed = 1;
		if (d->r.open_start && d->r.open_end)
			continue;
		d->ok = 1;
		d->lo = d->r.open_start ? 0 : kdate_daynum(d->r.start);
		d->hi = d->r.open_end ? 0 : kdate_daynum(d->r.end);
	}
	buf_release(&key);
}

/* Does milestone row match the pins of r (node, seq or a seq range
 * "3..12", status)? */
static int ms_matches(const struct rule_ctx *c, const struct expr_ref *r, size_t row)
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
static long ms_resolve(struct rule_ctx *c, const struct expr_ref *r)
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
	long row = ms_resolve(c, r);

	if (row < 0) {
		c->unbound = 1;
		return v;
	}
	const struct ms_date *d = &c->ms[row];
	use_row(c, MS_ROW(row));
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
			if (ms_matches(c, r, row)) {
				use_row(c, MS_ROW(row));
				n++;
			}
	} else {
		const struct table *t = &c->m->tables[RES_FIELDS];
		const char *key = expr_pin(r, "key");
		for (size_t row = 0; row < t->n_rows; row++)
			if (node && key && strcmp(table_get(t, row, "node"), node) == 0 &&
			    strcmp(table_get(t, row, "key"), key) == 0) {
				use_row(c, (long)row);
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
	long row = ms_resolve(c, &e->a->ref);
	struct ival v = ival_point(DEC_ZERO);
	if (row < 0) {
		c->unbound = 1;
		return v;
	}
	const struct ms_date *d = &c->ms[row];
	const struct kdate_range *r = &d->r;
	use_row(c, MS_ROW(row));
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

static const struct fact_groups *groups_for(struct group_cache *gc, int measure, int kind)
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

static struct ival eval(struct rule_ctx *c, const struct expr *e);

static struct ival eval_sum(struct rule_ctx *c, const struct expr *e)
{
	const struct cref *r = cref_of(c, &e->ref);
	const struct factset *fs = c->fs;
	struct ival acc = ival_point(DEC_ZERO);
	struct fact_coord k;

	if (!r || !bind_ref(c, r, &k)) {
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
		groups_for(c->groups, r->measure, by_period ? GROUP_BY_PERIOD : pos), fs, &k,
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
		if (!by_period && c->n_scope_dims && !fact_matches(r, f, mi->n_dims))
			continue;
		if (dim >= 0) {
			if (has_children && !is_descendant(fs, dim, mem, total))
				continue;
			if (is_descendant(fs, dim, total, mem) ||
			    covered(c, dim, mem, total, has_children))
				continue;
		}
		use_fact(c, fi);
		acc = ival_combine(EX_ADD, acc, ival_fact(f));
	}
	if (c->n_used == first)
		c->unbound = 1;
	c->sum_ref = &e->ref;
	c->sum_first = first;
	c->sum_count = c->n_used - first;
	return acc;
}

static struct ival eval(struct rule_ctx *c, const struct expr *e)
{
	switch (e->kind) {
	case EX_NUM:
		return ival_point(e->num);
	case EX_NEG: {
		struct ival a = eval(c, e->a);
		struct ival r = {.pt = dec_neg(a.pt),
				 .lo = dec_neg(a.hi),
				 .hi = dec_neg(a.lo),
				 .unbounded = a.unbounded,
				 .failed = a.failed};
		return r;
	}
	case EX_REF: {
		struct cref *r = (struct cref *)cref_of(c, &e->ref);
		struct fact_coord k;
		long fi;
		if (r && r->is_anchor) {
			/* its pins matched the anchor and every coordinate comes from it */
			fi = c->anchor - c->fs->facts;
		} else if (!r || !bind_ref(c, r, &k)) {
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
		use_fact(c, (size_t)fi);
		return ival_fact(&c->fs->facts[fi]);
	}
	case EX_SUM:
		return eval_sum(c, e);
	case EX_DATE:
		return eval_date(c, &e->ref);
	case EX_FN:
		return eval_fn(c, e);
	default: {
		struct ival a = eval(c, e->a);
		struct ival b = eval(c, e->b);
		return ival_combine(e->kind, a, b);
	}
	}
}

/* ---- findings ---------------------------------------------------------- */

/* A finding of the rule being evaluated (kept with its batch of rules),
 * with the rule's kind, severity and messages. */
static struct finding *add_rule_finding(struct rule_ctx *c)
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
	return f;
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
			const struct cref *r = cref_of(c, c->sum_ref);
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

	struct finding *f = add_rule_finding(c);
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
	struct finding *f = add_rule_finding(c);
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

static void evaluate_binding(struct rule_ctx *c, const struct rule_expr *re)
{
	struct ival l, r;
	size_t n_lhs;
	int cmp;

	c->n_used = 0;
	c->n_used_rows = 0;
	c->unbound = 0;
	c->sum_ref = NULL;
	l = eval(c, re->lhs);
	n_lhs = c->n_used;
	size_t n_lhs_rows = c->n_used_rows;
	r = eval(c, re->rhs);
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

	struct finding *f = add_rule_finding(c);
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
	f->computed = dec_normalize(fit(r.pt));
	op_sub(stated, f->computed, &f->delta);
	f->delta = dec_normalize(f->delta);
	/* people read the numbers at the printed decimals of the stated figure */
	f->scale = sf && re->lhs->kind == EX_REF ? sf->value.scale : 0;
	add_used_targets(c, f, n_lhs);
	if (re->cmp == CMP_EQ)
		set_fixes(c, re, f, n_lhs, l, r);
	if (re->cmp != CMP_EQ || f->dates)
		return;
	if (c->sum_ref && re->rhs->kind == EX_SUM && explain_sum(c, f))
		return;
	f->exp10 = check_unit_slip(stated, f->computed, sf ? sf->value.scale : 0);
	if (f->exp10)
		f->expl = EXPL_UNIT_SLIP;
}

static void parse_scope(struct rule_ctx *c, const char *scope)
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
	long row = ms_resolve(pr->c, &e->ref);
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
		evaluate_binding(c, re);
		return;
	}
	expr_foreach_ref(re->lhs, collect_pinned, &pr);
	expr_foreach_ref(re->rhs, collect_pinned, &pr);
	for (size_t row = 0; row < t->n_rows; row++) {
		int pinned = 0;
		if (!c->ms[row].ok || !ms_matches(c, re->anchor, row))
			continue;
		for (int k = 0; k < pr.n; k++)
			pinned |= pr.rows[k] == (long)row;
		if (pinned)
			continue;
		c->anchor_ms = (long)row;
		evaluate_binding(c, re);
	}
	c->anchor_ms = -1;
}

static void run_rule_instance(struct rule_ctx *c, const char *measure, const char *expr)
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
	struct cref *ar = (struct cref *)cref_of(c, re.anchor);
	ar->is_anchor = ar->e->kind == EX_REF;
	const size_t *all = mi->facts;
	const uint32_t *in_table = NULL;
	size_t n_candidates = mi->n_facts;
	if (ar->want_table != ANY) {
		/* a rule on one printed table reads that table's facts only */
		struct fact_coord k = {.measure = (uint32_t)mi_idx, .table = ar->want_table};
		in_table = fact_groups_get(groups_for(c->groups, mi_idx, GROUP_BY_TABLE), c->fs, &k,
					   &n_candidates);
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
		if (!fact_matches(ar, f, mi->n_dims))
			continue;
		c->anchor = f;
		evaluate_binding(c, &re);
	}
done:
	if (c->rules_evaluated == before) {
		struct finding *fd = add_rule_finding(c);
		fd->kind = FK_UNUSED_RULE;
		fd->severity = SEV_WARNING;
		fd->msg = MSG_UNUSED_RULE;
		fd->expr = arena_printf(c->arena, "%s%s%s", expr, measure ? " with $m=" : "",
					measure ? measure : "");
	}
}

/* ---- built-in checks ------------------------------------------------------ */

static void check_printed_forms(struct check_result *res)
{
	for (size_t i = 0; i < res->fs.n_facts; i++) {
		const struct fact_info *f = &res->fs.facts[i];
		int comma = f->knum_flags & KNUM_DECIMAL_COMMA;
		if (!comma && !(f->knum_flags & KNUM_APPROX_TWICE))
			continue;
		struct finding *fd = check_add_finding(res);
		fd->rule = "printed-form";
		fd->kind = FK_PRINTED_FORM;
		fd->severity = SEV_WARNING;
		fd->msg = comma ? MSG_DECIMAL_COMMA : MSG_APPROX_TWICE;
		fd->expr = arena_printf(&res->arena, "\"%s\" read as %s", fact_printed(&res->fs, f),
					dec_str(f->value, (char[32]){0}));
		check_target_fact(check_add_target(fd, &res->arena, TARGET_FACT, ROLE_STATED),
				  &res->fs, i);
	}
}

static void check_milestone_dates(struct model *m, const struct ms_table *mt,
				  struct check_result *res)
{
	const struct table *t = &m->tables[RES_MILESTONES];

	for (size_t row = 0; row < t->n_rows; row++) {
		if (!mt->ms[row].parsed)
			continue;
		const struct kdate_range r = mt->ms[row].r;
		enum finding_msg msg;
		int printed = 0, calendar = 0;
		if (r.start_wday >= 0 && !r.open_start && kdate_weekday(r.start) != r.start_wday) {
			msg = MSG_WEEKDAY;
			printed = r.start_wday;
			calendar = kdate_weekday(r.start);
		} else if (r.end_wday >= 0 && !r.open_end && kdate_weekday(r.end) != r.end_wday) {
			msg = MSG_WEEKDAY_END;
			printed = r.end_wday;
			calendar = kdate_weekday(r.end);
		} else if (!r.open_start && !r.open_end && kdate_cmp(r.end, r.start) < 0)
			msg = MSG_RANGE_REVERSED;
		else
			continue;
		struct finding *fd = check_add_finding(res);
		fd->rule = "date-form";
		fd->kind = FK_DATE;
		fd->severity = SEV_ERROR;
		fd->msg = msg;
		fd->wday_printed = printed;
		fd->wday_calendar = calendar;
		fd->expr = arena_printf(&res->arena, "%s: %s", table_get(t, row, "title"),
					table_get(t, row, "when"));
		struct target *tg =
			check_add_target(fd, &res->arena, TARGET_MILESTONE, ROLE_STATED);
		tg->node = table_get(t, row, "node");
		tg->seq = table_get(t, row, "seq");
		tg->source = table_get(t, row, "source");
	}
}

/* One fact read by a failing rule, and the value that rule needs it to have. */
struct fix_entry {
	long fact;
	size_t finding, target;
};

static int fix_entry_cmp(const void *pa, const void *pb)
{
	const struct fix_entry *a = pa, *b = pb;
	if (a->fact != b->fact)
		return a->fact < b->fact ? -1 : 1;
	return (a->finding > b->finding) - (a->finding < b->finding);
}

/* A cell is a suspect when two or more failing rules read it and one change
 * of it would satisfy every one of them: each needs it to have the same value
 * (set_fixes). A row and a column crossing is the common case; a total that a
 * headline repeats, or a part of two sums over different dimensions, too. */
static void find_suspects(struct check_result *res)
{
	struct fix_entry *e = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (!f->has_values || f->severity != SEV_ERROR || f->dates)
			continue;
		for (size_t k = 0; k < f->n_targets; k++) {
			const struct target *t = &f->targets[k];
			if (t->type != TARGET_FACT || t->role == ROLE_LEFT_OUT)
				continue;
			XGROW(e, cap, n + 1);
			e[n++] = (struct fix_entry){check_target_index(res, t), i, k};
		}
	}
	if (n)
		qsort(e, n, sizeof(*e), fix_entry_cmp);
	for (size_t a = 0, b; a < n; a = b) {
		size_t rules = 0;
		int agree = e[a].fact >= 0;
		const struct target *first = &res->findings[e[a].finding].targets[e[a].target];
		for (b = a; b < n && e[b].fact == e[a].fact; b++) {
			const struct target *t = &res->findings[e[b].finding].targets[e[b].target];
			agree = agree && t->has_fix && dec_cmp(t->fix, first->fix) == 0;
			rules += b == a || e[b].finding != e[b - 1].finding;
		}
		if (!agree || rules < 2)
			continue;
		struct dec fix = first->fix; /* adding targets may move first's array */
		for (size_t k = a; k < b; k++) {
			if (k > a && e[k].finding == e[k - 1].finding)
				continue;
			struct finding *f = &res->findings[e[k].finding];
			struct target *s =
				check_add_target(f, &res->arena, TARGET_FACT, ROLE_SUSPECT);
			check_target_fact(s, &res->fs, (size_t)e[a].fact);
			s->has_fix = 1;
			s->fix = fix;
		}
	}
	free(e);
}

/* ---- entry point ------------------------------------------------------------ */

/* ---- running the rules ---------------------------------------------------------- */

/* Rules are taken in batches of consecutive rows by whichever worker is free;
 * each batch keeps its own findings, and batches are joined in row order, so
 * the result is the one a single thread produces. */
enum { RULES_PER_BATCH = 64 };

struct rule_batch {
	struct finding_list findings;
	size_t rules_evaluated;
};

/* Columns of rules.csv, looked up once rather than by name for every row. */
struct rule_cols {
	int id, kind, severity, msg_ko, msg_en, scope, measures, expr;
};

struct rule_run {
	struct check_result *res;
	struct check_result *terms; /* the term check's findings */
	struct model *m;
	struct group_cache *groups;
	const struct ms_table *ms;
	struct rule_batch *batches;
	size_t n_batches;
	atomic_size_t next;
	struct rule_cols cols;
};

struct rule_worker {
	struct rule_run *run;
	struct arena arena, scratch;
};

static void run_rule_row(struct rule_ctx *c, const struct table *t, const struct rule_cols *rc,
			 size_t row)
{
	c->rule_id = table_cell(t, row, rc->id);
	c->kind = check_kind_of(table_cell(t, row, rc->kind));
	assert(c->kind != FK_COUNT_KINDS); /* model_validate checked the enum */
	c->severity = table_cell(t, row, rc->severity);
	c->msg_ko = table_cell(t, row, rc->msg_ko);
	c->msg_en = table_cell(t, row, rc->msg_en);
	parse_scope(c, table_cell(t, row, rc->scope));
	const char *measures = table_cell(t, row, rc->measures);
	const char *expr = table_cell(t, row, rc->expr);
	if (!*measures) {
		run_rule_instance(c, NULL, expr);
		return;
	}
	for (const char *p = measures; *p;) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		run_rule_instance(c, arena_strndup(c->scratch, p, n), expr);
		p += n + (semi ? 1 : 0);
	}
}

static void rule_worker_main(void *p)
{
	struct rule_worker *w = p;
	struct rule_run *run = w->run;
	const struct table *t = &run->m->tables[RES_RULES];
	struct rule_ctx c = {.m = run->m,
			     .fs = &run->res->fs,
			     .arena = &w->arena,
			     .scratch = &w->scratch,
			     .groups = run->groups,
			     .ms = run->ms->ms,
			     .ms_index = &run->ms->index,
			     .anchor_ms = -1};

	size_t max_members = 0;
	for (size_t d = 0; d < c.fs->n_dims; d++)
		if (c.fs->dims[d].n_members > max_members)
			max_members = c.fs->dims[d].n_members;
	c.marks = xcalloc(max_members + 1, sizeof(*c.marks));
	buf_init(&c.key);

	for (;;) {
		size_t b = atomic_fetch_add(&run->next, 1);
		if (b > run->n_batches)
			break;
		if (b == 0) {
			/* the term check reads no rule: it runs beside them, into its own list */
			check_terms(run->m, run->terms);
			continue;
		}
		b--;
		size_t end = (b + 1) * RULES_PER_BATCH;
		c.out = &run->batches[b].findings;
		c.rules_evaluated = 0;
		for (size_t row = b * RULES_PER_BATCH; row < end && row < t->n_rows; row++)
			run_rule_row(&c, t, &run->cols, row);
		run->batches[b].rules_evaluated = c.rules_evaluated;
		arena_reset(&w->scratch);
	}
	free(c.used);
	free(c.used_rows);
	free(c.crefs);
	free(c.marks);
	buf_release(&c.key);
}

static void run_rules(struct check_result *res, struct check_result *terms, struct model *m,
		      const struct ms_table *mt)
{
	const struct table *t = &m->tables[RES_RULES];
	struct group_cache gc = {.fs = &res->fs};
	struct rule_run run = {.res = res, .terms = terms, .m = m, .groups = &gc, .ms = mt};
	int n_threads = par_threads();
	size_t n_groups = res->fs.n_measures * GROUP_KINDS;

	const struct resource_def *def = t->def;
	run.cols = (struct rule_cols){
		schema_field_index(def, "id"),	       schema_field_index(def, "kind"),
		schema_field_index(def, "severity"),   schema_field_index(def, "message_ko"),
		schema_field_index(def, "message_en"), schema_field_index(def, "scope"),
		schema_field_index(def, "measures"),   schema_field_index(def, "expr")};
	gc.groups = xcalloc(n_groups + 1, sizeof(*gc.groups));
	pthread_mutex_init(&gc.lock, NULL);
	run.n_batches = (t->n_rows + RULES_PER_BATCH - 1) / RULES_PER_BATCH;
	run.batches = xcalloc(run.n_batches + 1, sizeof(*run.batches));
	atomic_init(&run.next, 0);
	if ((size_t)n_threads > run.n_batches + 1)
		n_threads = (int)run.n_batches + 1; /* the batches and the term check */
	struct rule_worker *workers = xcalloc((size_t)n_threads, sizeof(*workers));
	for (int i = 0; i < n_threads; i++) {
		workers[i].run = &run;
		arena_init(&workers[i].arena);
		arena_init(&workers[i].scratch);
	}
	par_run(n_threads, rule_worker_main, workers, sizeof(*workers));
	for (size_t b = 0; b < run.n_batches; b++) {
		struct finding_list *l = &run.batches[b].findings;
		XGROW(res->findings, res->cap_findings, res->n_findings + l->n);
		if (l->n)
			memcpy(res->findings + res->n_findings, l->items, sizeof(*l->items) * l->n);
		res->n_findings += l->n;
		res->rules_evaluated += run.batches[b].rules_evaluated;
		free(l->items);
	}
	for (int i = 0; i < n_threads; i++) {
		arena_adopt(&res->arena, &workers[i].arena);
		arena_release(&workers[i].scratch);
	}
	for (size_t i = 0; i < n_groups; i++) {
		struct fact_groups *g = atomic_load(&gc.groups[i]);
		if (g) {
			fact_groups_release(g);
			free(g);
		}
	}
	pthread_mutex_destroy(&gc.lock);
	free(gc.groups);
	free(workers);
	free(run.batches);
}

int check_run(struct model *m, struct factset *fs, struct check_result *res, FILE *diag_out,
	      struct jy_err *err)
{
	int rc;

	memset(res, 0, sizeof(*res));
	arena_init(&res->arena);
	if (fs) {
		res->fs = *fs;
		memset(fs, 0, sizeof(*fs));
	} else if ((rc = model_validate_facts(m, diag_out, &res->fs, err)) != 0) {
		return rc;
	}
	struct check_result terms;
	memset(&terms, 0, sizeof(terms));
	arena_init(&terms.arena);
	struct ms_table mt; /* milestones parsed once for the rules and the date check */
	ms_build(&mt, m, &res->arena);
	run_rules(res, &terms, m, &mt);
	par_timing("rules and term check");
	check_printed_forms(res);
	check_milestone_dates(m, &mt, res);
	strmap_release(&mt.index);
	/* the term check's findings come after the milestone dates, as they always did */
	XGROW(res->findings, res->cap_findings, res->n_findings + terms.n_findings + 1);
	if (terms.n_findings)
		memcpy(res->findings + res->n_findings, terms.findings,
		       sizeof(*terms.findings) * terms.n_findings);
	res->n_findings += terms.n_findings;
	free(terms.findings);
	arena_adopt(&res->arena, &terms.arena);
	find_suspects(res);
	for (size_t i = 0; i < res->n_findings; i++) {
		if (res->findings[i].severity == SEV_ERROR)
			res->errors++;
		else
			res->warnings++;
	}
	par_timing("built-in checks");
	return 0;
}

void check_result_release(struct check_result *res)
{
	factset_release(&res->fs);
	free(res->findings);
	arena_release(&res->arena);
	memset(res, 0, sizeof(*res));
}
