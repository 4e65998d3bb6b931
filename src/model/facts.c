/*
 * facts.c - parsing and indexing measures, dimensions and facts (see facts.h).
 */
#include "facts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/knum.h"

void fact_key(struct buf *out, const char *measure, const char *const *members, int n,
	      const char *period, const char *kind, const char *table, int skip, int skip_period)
{
	buf_reset(out);
	buf_adds(out, measure);
	for (int i = 0; i < n; i++) {
		buf_addc(out, '\x1f');
		buf_adds(out, i == skip ? "*" : members[i]);
	}
	buf_addc(out, '\x1f');
	buf_adds(out, skip_period ? "*" : period);
	buf_addc(out, '\x1f');
	buf_adds(out, skip_period ? "*" : kind);
	buf_addc(out, '\x1f');
	buf_adds(out, table);
}

int factset_measure(const struct factset *fs, const char *id)
{
	size_t v;
	return strmap_get(&fs->measure_index, id, &v) ? (int)v : -1;
}

int factset_dim(const struct factset *fs, const char *id)
{
	size_t v;
	return strmap_get(&fs->dim_index, id, &v) ? (int)v : -1;
}

int measure_dim_pos(const struct measure_info *mi, const char *dim)
{
	for (int i = 0; i < mi->n_dims; i++)
		if (strcmp(mi->dims[i], dim) == 0)
			return i;
	return -1;
}

int factset_has_member(const struct factset *fs, int dim, const char *member)
{
	return strmap_get(&fs->dims[dim].member_parent, member, NULL);
}

const char *factset_member_parent(const struct factset *fs, int dim, const char *member)
{
	size_t v;
	const struct dimension_info *di = &fs->dims[dim];

	if (!strmap_get(&di->member_parent, member, &v) || v == 0)
		return NULL;
	return di->ids[v - 1];
}

static void add_member(struct factset *fs, struct dimension_info *di, const char *id,
		       const char *parent)
{
	(void)fs;
	XGROW(di->ids, di->cap_ids, di->n_ids + 1);
	di->ids[di->n_ids++] = parent; /* parents stored; see factset_member_parent */
	strmap_put(&di->member_parent, id, *parent ? di->n_ids : 0);
}

/* A period is "", YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Hn, YYYY-Qn, or A..B. */
static int period_part_valid(const char *s, size_t n)
{
	if (n < 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (n == 4)
		return 1;
	if (s[4] != '-')
		return 0;
	if (n == 7 && (s[5] == 'H') && (s[6] == '1' || s[6] == '2'))
		return 1;
	if (n == 7 && (s[5] == 'Q') && s[6] >= '1' && s[6] <= '4')
		return 1;
	if (n == 7 || n == 10) {
		int month = (s[5] - '0') * 10 + (s[6] - '0');
		if (!isdigit((unsigned char)s[5]) || !isdigit((unsigned char)s[6]) || month < 1 ||
		    month > 12)
			return 0;
		if (n == 7)
			return 1;
		int day = (s[8] - '0') * 10 + (s[9] - '0');
		return s[7] == '-' && isdigit((unsigned char)s[8]) &&
		       isdigit((unsigned char)s[9]) && day >= 1 && day <= 31;
	}
	return 0;
}

static int period_valid(const char *s)
{
	const char *dots = strstr(s, "..");
	if (!*s)
		return 1;
	if (!dots)
		return period_part_valid(s, strlen(s));
	return (dots == s || period_part_valid(s, (size_t)(dots - s))) &&
	       (!dots[2] || period_part_valid(dots + 2, strlen(dots + 2))) && (dots != s || dots[2]);
}

static void build_dims(struct factset *fs, struct model *m)
{
	const struct table *t = &m->tables[RES_DIMENSIONS];

	fs->n_dims = t->n_rows;
	fs->dims = arena_zalloc(&fs->arena, sizeof(*fs->dims) * (t->n_rows + 1));
	for (size_t r = 0; r < t->n_rows; r++) {
		struct dimension_info *di = &fs->dims[r];
		const char *from = table_get(t, r, "members_from");
		di->id = table_get(t, r, "id");
		di->name_ko = table_get(t, r, "name_ko");
		di->name_en = table_get(t, r, "name_en");
		di->members_from = strcmp(from, "units") == 0 ? 1 : strcmp(from, "nodes") == 0 ? 2 : 0;
		strmap_init(&di->member_parent);
		strmap_put(&fs->dim_index, di->id, r);
		if (di->members_from) {
			const struct table *src =
				&m->tables[di->members_from == 1 ? RES_UNITS : RES_NODES];
			for (size_t i = 0; i < src->n_rows; i++)
				add_member(fs, di, table_get(src, i, "id"),
					   table_get(src, i, "parent"));
		}
	}
	const struct table *mt = &m->tables[RES_MEMBERS];
	for (size_t r = 0; r < mt->n_rows; r++) {
		int d = factset_dim(fs, table_get(mt, r, "dimension"));
		if (d >= 0 && fs->dims[d].members_from == 0)
			add_member(fs, &fs->dims[d], table_get(mt, r, "id"),
				   table_get(mt, r, "parent"));
	}
}

static void build_measures(struct factset *fs, struct model *m, struct diag *d)
{
	const struct table *t = &m->tables[RES_MEASURES];
	const char *file = model_path(m, RES_MEASURES);
	int dims_col = schema_field_index(t->def, "dims") + 1;

	fs->n_measures = t->n_rows;
	fs->measures = arena_zalloc(&fs->arena, sizeof(*fs->measures) * (t->n_rows + 1));
	for (size_t r = 0; r < t->n_rows; r++) {
		struct measure_info *mi = &fs->measures[r];
		struct jy_err e;
		const char *agg = table_get(t, r, "aggregation");
		mi->id = table_get(t, r, "id");
		mi->name_ko = table_get(t, r, "name_ko");
		mi->name_en = table_get(t, r, "name_en");
		mi->unit = table_get(t, r, "unit");
		mi->base_unit = table_get(t, r, "base_unit");
		if (dec_parse(table_get(t, r, "scale"), &mi->scale, &e) || dec_cmp(mi->scale, DEC_ZERO) <= 0)
			mi->scale = dec_from_int(1);
		mi->aggregation = strcmp(agg, "stock") == 0  ? AGG_STOCK
				  : strcmp(agg, "rate") == 0 ? AGG_RATE
				  : strcmp(agg, "level") == 0 ? AGG_LEVEL
							      : AGG_FLOW;
		mi->rounded = strcmp(table_get(t, r, "rounding"), "rounded") == 0;
		strmap_put(&fs->measure_index, mi->id, r);
		const char *dims = table_get(t, r, "dims");
		while (*dims) {
			const char *semi = strchr(dims, ';');
			size_t n = semi ? (size_t)(semi - dims) : strlen(dims);
			char *dim = arena_strndup(&fs->arena, dims, n);
			if (mi->n_dims >= JY_FACT_DIMS_MAX) {
				diag_add(d, file, t->lines[r], dims_col, "dims",
					 "more than %d dimensions", JY_FACT_DIMS_MAX);
				break;
			}
			if (factset_dim(fs, dim) < 0)
				diag_add(d, file, t->lines[r], dims_col, "dims",
					 "unknown dimension \"%s\"", dim);
			else if (measure_dim_pos(mi, dim) >= 0)
				diag_add(d, file, t->lines[r], dims_col, "dims",
					 "dimension \"%s\" listed twice", dim);
			else
				mi->dims[mi->n_dims++] = dim;
			dims += n + (semi ? 1 : 0);
		}
	}
}

/* Money, area and percentages must match their measure; counters (명, 개사,
 * 실, 팀 …) vary with what is counted and are not compared. */
static int is_strict_unit(const char *u)
{
	return strcmp(u, "원") == 0 || strcmp(u, "%") == 0 || strcmp(u, "㎡") == 0;
}

/* Converts a parsed printed number to the measure's unit (see DATA.md). */
static void printed_in_unit(const struct measure_info *mi, const struct knum *k, struct dec *value,
			    struct dec *ulp, struct jy_err *e)
{
	int base = (k->flags & KNUM_MAGNITUDE) ||
		   (k->unit[0] && strcmp(k->unit, mi->base_unit) == 0 &&
		    strcmp(mi->unit, mi->base_unit) != 0);

	*value = k->value;
	*ulp = k->ulp;
	if (base && dec_cmp(mi->scale, dec_from_int(1)) != 0) {
		struct dec v, u;
		if (!dec_div(k->value, mi->scale, JY_DEC_SCALE_MAX, &v, e) &&
		    !dec_div(k->ulp, mi->scale, JY_DEC_SCALE_MAX, &u, e)) {
			*value = dec_normalize(v);
			*ulp = dec_normalize(u);
		}
	}
}

static void build_fact(struct factset *fs, struct model *m, struct diag *d, size_t r,
		       struct buf *key)
{
	const struct table *t = &m->tables[RES_FACTS];
	const char *file = model_path(m, RES_FACTS);
	long line = t->lines[r];
	struct fact_info *f = &fs->facts[fs->n_facts];
	struct jy_err e;
	int col_coords = schema_field_index(t->def, "coords") + 1;
	int col_printed = schema_field_index(t->def, "printed") + 1;

	memset(f, 0, sizeof(*f));
	f->measure = factset_measure(fs, table_get(t, r, "measure"));
	if (f->measure < 0)
		return; /* reported as a dangling reference */
	const struct measure_info *mi = &fs->measures[f->measure];
	f->period = table_get(t, r, "period");
	f->kind = table_get(t, r, "kind");
	f->table = table_get(t, r, "table");
	f->printed = table_get(t, r, "printed");
	f->source = table_get(t, r, "source");
	f->coords = table_get(t, r, "coords");
	f->row = r;
	f->line = line;
	if (!period_valid(f->period)) {
		diag_add(d, file, line, schema_field_index(t->def, "period") + 1, "period",
			 "\"%s\" is not a period (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1, YYYY-Q1, A..B)",
			 f->period);
		return;
	}
	/* Coordinates: exactly the measure's dimensions, in its order. */
	int n = 0;
	const char *c = f->coords;
	while (*c) {
		const char *semi = strchr(c, ';');
		size_t len = semi ? (size_t)(semi - c) : strlen(c);
		const char *eq = memchr(c, '=', len);
		if (!eq) {
			diag_add(d, file, line, col_coords, "coords",
				 "\"%.*s\" is not dim=member", (int)len, c);
			return;
		}
		if (n >= mi->n_dims) {
			diag_add(d, file, line, col_coords, "coords",
				 "measure \"%s\" has %d dimension(s) (%s), more coordinates given",
				 mi->id, mi->n_dims, table_get(&m->tables[RES_MEASURES], (size_t)f->measure, "dims"));
			return;
		}
		size_t dl = (size_t)(eq - c);
		if (strlen(mi->dims[n]) != dl || strncmp(mi->dims[n], c, dl) != 0) {
			diag_add(d, file, line, col_coords, "coords",
				 "coordinate %d must be \"%s\" (the measure's dimensions, in order), "
				 "found \"%.*s\"", n + 1, mi->dims[n], (int)dl, c);
			return;
		}
		const char *member = arena_strndup(&fs->arena, eq + 1, len - dl - 1);
		int dim = factset_dim(fs, mi->dims[n]);
		if (!factset_has_member(fs, dim, member)) {
			diag_add(d, file, line, col_coords, "coords",
				 "unknown member \"%s\" of dimension \"%s\"", member, mi->dims[n]);
			return;
		}
		f->members[n++] = member;
		c += len + (semi ? 1 : 0);
	}
	if (n != mi->n_dims) {
		diag_add(d, file, line, col_coords, "coords",
			 "measure \"%s\" needs %d coordinate(s), %d given", mi->id, mi->n_dims, n);
		return;
	}
	if (dec_parse(table_get(t, r, "value"), &f->value, &e))
		return; /* reported by the type check */
	if (!*f->printed)
		return; /* reported as a missing required value */
	if (strcmp(f->printed, "-") == 0) {
		if (!dec_is_zero(f->value))
			diag_add(d, file, line, col_printed, "printed",
				 "\"-\" stands for zero but value is %s", table_get(t, r, "value"));
		f->ulp = dec_from_int(1);
		f->exact = 1;
	} else {
		struct knum k;
		struct dec v;
		if (knum_parse(f->printed, &k, &e)) {
			diag_add(d, file, line, col_printed, "printed",
				 "\"%s\" is not a number as printed: %s", f->printed, e.msg);
			return;
		}
		if (k.unit[0] && strcmp(k.unit, mi->unit) != 0 && strcmp(k.unit, mi->base_unit) != 0 &&
		    (is_strict_unit(k.unit) || is_strict_unit(mi->base_unit))) {
			diag_add(d, file, line, col_printed, "printed",
				 "printed unit \"%s\" is not the measure's unit \"%s\"", k.unit,
				 mi->unit);
			return;
		}
		printed_in_unit(mi, &k, &v, &f->ulp, &e);
		if (dec_cmp(v, f->value) != 0) {
			char a[32], b[32];
			diag_add(d, file, line, col_printed, "printed",
				 "\"%s\" reads as %s %s but value is %s", f->printed, dec_str(v, a),
				 mi->unit, dec_str(f->value, b));
			return;
		}
		f->knum_flags = k.flags;
		f->exact = !mi->rounded;
	}
	fact_key(key, mi->id, f->members, n, f->period, f->kind, f->table, -1, 0);
	const char *k = arena_strndup(&fs->arena, key->data, key->len);
	size_t other;
	if (!strmap_add(&fs->fact_index, k, fs->n_facts, &other)) {
		diag_add(d, file, line, 1, NULL,
			 "the same fact (measure, coords, period, kind, table) is already on line %ld; "
			 "give one of them a table",
			 fs->facts[other].line);
		return;
	}
	struct measure_info *mim = &fs->measures[f->measure];
	XGROW(mim->facts, mim->cap_facts, mim->n_facts + 1);
	mim->facts[mim->n_facts++] = fs->n_facts;
	fs->n_facts++;
}

int factset_build(struct factset *fs, struct model *m, struct diag *d)
{
	const struct table *t = &m->tables[RES_FACTS];
	struct buf key;
	int before = d->count;

	memset(fs, 0, sizeof(*fs));
	arena_init(&fs->arena);
	strmap_init(&fs->measure_index);
	strmap_init(&fs->dim_index);
	strmap_init(&fs->fact_index);
	build_dims(fs, m);
	build_measures(fs, m, d);
	fs->facts = xcalloc(t->n_rows + 1, sizeof(*fs->facts));
	buf_init(&key);
	for (size_t r = 0; r < t->n_rows; r++)
		build_fact(fs, m, d, r, &key);
	buf_release(&key);
	return d->count > before ? JY_EINPUT : 0;
}

void factset_release(struct factset *fs)
{
	for (size_t i = 0; i < fs->n_measures; i++)
		free(fs->measures[i].facts);
	for (size_t i = 0; i < fs->n_dims; i++) {
		strmap_release(&fs->dims[i].member_parent);
		free(fs->dims[i].ids);
	}
	free(fs->facts);
	strmap_release(&fs->measure_index);
	strmap_release(&fs->dim_index);
	strmap_release(&fs->fact_index);
	arena_release(&fs->arena);
	memset(fs, 0, sizeof(*fs));
}
