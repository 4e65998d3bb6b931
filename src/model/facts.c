/*
 * facts.c - parsing and indexing measures, dimensions and facts (see facts.h).
 */
#include "facts.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/knum.h"

enum { FACT_PREFETCH_AHEAD = 16 };

/* ---- coordinates as integer tuples ------------------------------------------ */

static uint64_t coord_hash(const struct fact_coord *k, int n_dims, unsigned ignore)
{
	const uint64_t p = 0xe7037ed1a0b428dbULL;
	uint64_t h = 0xa0761d6478bd642fULL ^ k->measure;
	uint64_t w = 0;
	int half = 0;

	/* two 32-bit parts per multiply; an ignored part still takes its turn,
	 * so (a, ignored, b) and (a, b, ignored) hash differently */
#define MIX(v)                                                                                     \
	do {                                                                                       \
		w = (w << 32) | (uint32_t)(v);                                                     \
		if (++half == 2) {                                                                 \
			h = strmap_mix(h ^ w, p);                                                  \
			w = 0;                                                                     \
			half = 0;                                                                  \
		}                                                                                  \
	} while (0)
	for (int i = 0; i < n_dims; i++)
		MIX(ignore & (1u << i) ? FS_NONE : k->members[i]);
	MIX(ignore & COORD_PERIOD ? FS_NONE : k->period);
	MIX(ignore & COORD_KIND ? FS_NONE : k->kind);
	MIX(ignore & COORD_TABLE ? FS_NONE : k->table);
#undef MIX
	h = strmap_mix(h ^ w ^ (uint64_t)half, p ^ 0x8ebc6af09c88c6e3ULL);
	return h;
}

int fact_coord_eq(const struct fact_coord *a, const struct fact_coord *b, int n_dims,
		  unsigned ignore)
{
	if (a->measure != b->measure)
		return 0;
	for (int i = 0; i < n_dims; i++)
		if (!(ignore & (1u << i)) && a->members[i] != b->members[i])
			return 0;
	return ((ignore & COORD_PERIOD) || a->period == b->period) &&
	       ((ignore & COORD_KIND) || a->kind == b->kind) &&
	       ((ignore & COORD_TABLE) || a->table == b->table);
}

/* Slot numbers of a coord_map stand for facts: fact rep[n] (or fact n when
 * rep is NULL). */
struct coord_view {
	const struct fact_info *facts;
	const uint32_t *rep;
	int n_dims;
	unsigned ignore;
	int whole; /* the caller reads the fact found: ask for all of it with its key */
};

static const struct fact_coord *view_coord(const struct coord_view *v, uint32_t n)
{
	return &v->facts[v->rep ? v->rep[n] : n].key;
}

/* A key's home slot is its tag's low bits, so growing the map moves slots
 * without hashing the keys again (which read a fact for each). */
static void coord_map_resize(struct coord_map *m, size_t cap)
{
	uint64_t *old = m->slots;
	size_t old_cap = m->cap;

	m->slots = xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i])
			continue;
		size_t j = (size_t)(old[i] >> 32) & (cap - 1);
		while (m->slots[j])
			j = (j + 1) & (cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
}

/* Keeps the load at most 1/2: probes stay short, and the slots are 8 bytes. */
static void coord_map_reserve(struct coord_map *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 16;

	while (n * 2 > cap)
		cap *= 2;
	if (cap != m->cap)
		coord_map_resize(m, cap);
}

/* The slot number stored for key, or -1; *pos is where it would go. */
static long coord_map_find(const struct coord_map *m, const struct coord_view *v,
			   const struct fact_coord *key, uint64_t h, size_t *pos)
{
	size_t mask = m->cap - 1;
	uint32_t tag = (uint32_t)(h >> 32);
	size_t i = tag & mask;

	if (!m->cap)
		return -1;
	for (;; i = (i + 1) & mask) {
		uint64_t s = m->slots[i];
		if (!s) {
			if (pos)
				*pos = i;
			return -1;
		}
		if ((uint32_t)(s >> 32) != tag)
			continue;
		const struct fact_coord *k = view_coord(v, (uint32_t)s - 1);
		if (v->whole) /* the record's second line, beside the key's */
			__builtin_prefetch((const char *)k + 64);
		if (fact_coord_eq(k, key, v->n_dims, v->ignore))
			return (long)((uint32_t)s - 1);
	}
}

/* Adds slot number n for key unless key is there; returns the existing
 * number, or -1 when n was added. */
static long coord_map_add(struct coord_map *m, const struct coord_view *v,
			  const struct fact_coord *key, uint32_t n)
{
	uint64_t h = coord_hash(key, v->n_dims, v->ignore);
	size_t pos = 0;
	long found;

	if ((m->count + 1) * 2 > m->cap)
		coord_map_reserve(m, m->count + 1);
	found = coord_map_find(m, v, key, h, &pos);
	if (found >= 0)
		return found;
	m->slots[pos] = (h >> 32 << 32) | ((uint64_t)n + 1);
	m->count++;
	return -1;
}

uint64_t factset_index_layout(void)
{
	enum { KEYS = 24 };
	struct fact_info *facts =
		xmalloc_aligned(_Alignof(struct fact_info), sizeof(*facts) * KEYS);
	struct coord_map map = {0};
	struct coord_view v = {facts, NULL, 2, 0, 0};

	memset(facts, 0, sizeof(*facts) * KEYS);
	for (uint32_t i = 0; i < KEYS; i++) {
		struct fact_coord *k = &facts[i].key;
		k->measure = i % 3;
		k->members[0] = i * 7 + 1;
		k->members[1] = i / 5;
		k->period = i % 4;
		k->kind = i & 1;
		k->table = i % 5;
		coord_map_add(&map, &v, k, i);
	}
	uint64_t h = strmap_hash((const char *)map.slots, sizeof(*map.slots) * map.cap) ^ map.cap;
	free(map.slots);
	free(facts);
	return h;
}

static int measure_n_dims(const struct factset *fs, uint32_t measure)
{
	return measure < fs->n_measures ? fs->measures[measure].n_dims : 0;
}

long factset_find(const struct factset *fs, const struct fact_coord *key)
{
	struct coord_view v = {fs->facts, NULL, measure_n_dims(fs, key->measure), 0, 1};
	return coord_map_find(&fs->fact_index, &v, key, coord_hash(key, v.n_dims, 0), NULL);
}

void factset_prefetch(const struct factset *fs, const struct fact_coord *key)
{
	const struct coord_map *m = &fs->fact_index;

	if (m->cap)
		__builtin_prefetch(
			&m->slots[(coord_hash(key, measure_n_dims(fs, key->measure), 0) >> 32) &
				  (m->cap - 1)]);
}

void fact_groups_build(struct fact_groups *g, const struct factset *fs, int measure,
		       unsigned ignore)
{
	const struct measure_info *mi = &fs->measures[measure];
	uint32_t *group_of = xmalloc(sizeof(uint32_t) * (mi->n_facts + 1));
	size_t cap_first = 0;

	memset(g, 0, sizeof(*g));
	g->ignore = ignore;
	struct coord_view v = {fs->facts, NULL, mi->n_dims, ignore, 0};
	long gi = -1;
	for (size_t i = 0; i < mi->n_facts; i++) {
		uint32_t fi = (uint32_t)mi->facts[i];
		/* the measure's facts lie far apart: ask for one a few steps ahead */
		if (i + FACT_PREFETCH_AHEAD < mi->n_facts)
			__builtin_prefetch(&fs->facts[mi->facts[i + FACT_PREFETCH_AHEAD]].key);
		v.rep = g->first;
		/* facts of one group mostly come one after another (a table's rows) */
		if (gi >= 0 && fact_coord_eq(&fs->facts[g->first[gi]].key, &fs->facts[fi].key,
					     mi->n_dims, ignore)) {
			group_of[i] = (uint32_t)gi;
			continue;
		}
		gi = coord_map_add(&g->map, &v, &fs->facts[fi].key, (uint32_t)g->n_groups);
		if (gi < 0) {
			XGROW(g->first, cap_first, g->n_groups + 1);
			g->first[g->n_groups] = fi;
			gi = (long)g->n_groups++;
		}
		group_of[i] = (uint32_t)gi;
	}
	/* counting sort: each group's facts stay in the measure's order */
	g->start = xcalloc(g->n_groups + 1, sizeof(uint32_t));
	for (size_t i = 0; i < mi->n_facts; i++)
		g->start[group_of[i] + 1]++;
	for (size_t k = 0; k < g->n_groups; k++)
		g->start[k + 1] += g->start[k];
	g->facts = xmalloc(sizeof(uint32_t) * (mi->n_facts + 1));
	uint32_t *fill = xmalloc(sizeof(uint32_t) * (g->n_groups + 1));
	memcpy(fill, g->start, sizeof(uint32_t) * (g->n_groups + 1));
	for (size_t i = 0; i < mi->n_facts; i++)
		g->facts[fill[group_of[i]]++] = (uint32_t)mi->facts[i];
	free(fill);
	free(group_of);
}

void fact_groups_release(struct fact_groups *g)
{
	free(g->map.slots);
	free(g->first);
	free(g->start);
	free(g->facts);
	memset(g, 0, sizeof(*g));
}

const uint32_t *fact_groups_get(const struct fact_groups *g, const struct factset *fs,
				const struct fact_coord *key, size_t *n)
{
	struct coord_view v = {fs->facts, g->first, measure_n_dims(fs, key->measure), g->ignore, 0};
	long gi = coord_map_find(&g->map, &v, key, coord_hash(key, v.n_dims, g->ignore), NULL);

	*n = 0;
	if (gi < 0)
		return NULL;
	*n = g->start[gi + 1] - g->start[gi];
	return g->facts + g->start[gi];
}

/* ---- names ---------------------------------------------------------------------- */

uint32_t name_table_find(const struct name_table *t, const char *s)
{
	size_t v;
	return strmap_get(&t->index, s, &v) ? (uint32_t)v : FS_NONE;
}

static uint32_t name_table_intern(struct name_table *t, const char *s)
{
	size_t v, id = t->index.count; /* ids are dense: the next is the count */
	return strmap_add(&t->index, s, id, &v) ? (uint32_t)id : (uint32_t)v;
}

static void name_table_release(struct name_table *t)
{
	strmap_release(&t->index);
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

uint32_t factset_member_id(const struct factset *fs, int dim, const char *member)
{
	size_t v;
	return strmap_get(&fs->dims[dim].member_index, member, &v) ? (uint32_t)v : FS_NONE;
}

int factset_has_member(const struct factset *fs, int dim, const char *member)
{
	return strmap_get(&fs->dims[dim].member_index, member, NULL);
}

const char *factset_member_parent(const struct factset *fs, int dim, const char *member)
{
	size_t v;
	const struct dimension_info *di = &fs->dims[dim];

	if (!strmap_get(&di->member_index, member, &v) || !*di->parent_names[v])
		return NULL;
	return di->parent_names[v];
}

/* A member listed twice keeps its last listing (validation reports the
 * duplicate key). */
static void add_member(struct dimension_info *di, const char *id, const char *parent)
{
	size_t cap = di->cap_members;
	XGROW(di->names, cap, di->n_members + 1);
	XGROW(di->parent_names, di->cap_members, di->n_members + 1);
	di->names[di->n_members] = id;
	di->parent_names[di->n_members] = parent;
	strmap_put(&di->member_index, id, di->n_members);
	di->n_members++;
}

/* Parents as indexes, once every member is known. */
static void link_parents(struct dimension_info *di)
{
	di->parents = xmalloc(sizeof(uint32_t) * (di->n_members + 1));
	for (size_t i = 0; i < di->n_members; i++) {
		size_t v;
		const char *p = di->parent_names[i];
		di->parents[i] = *p && strmap_get(&di->member_index, p, &v) ? (uint32_t)v : FS_NONE;
	}
}

/* A period is "", or what kdate_parse_iso reads: YYYY, YYYY-MM, YYYY-MM-DD
 * (a day the month has), YYYY-Hn, YYYY-Qn, A..B, A.. or ..B, with A not
 * after B. */
const char *factset_period_problem(const char *s)
{
	struct kdate_range r;
	if (!*s)
		return NULL;
	if (kdate_parse_iso(s, &r))
		return msg(M_PERIOD_NOT);
	if (r.is_range && !r.open_start && !r.open_end && kdate_cmp(r.end, r.start) < 0)
		return msg(M_PERIOD_REVERSED);
	return NULL;
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
		di->members_from = strcmp(from, "units") == 0	? 1
				   : strcmp(from, "nodes") == 0 ? 2
								: 0;
		strmap_init(&di->member_index);
		strmap_put(&fs->dim_index, di->id, r);
		if (di->members_from) {
			const struct table *src =
				&m->tables[di->members_from == 1 ? RES_UNITS : RES_NODES];
			int col_id = schema_field_index(src->def, "id");
			int col_parent = schema_field_index(src->def, "parent");
			strmap_reserve(&di->member_index, src->n_rows);
			for (size_t i = 0; i < src->n_rows; i++)
				add_member(di, table_cell(src, i, col_id),
					   table_cell(src, i, col_parent));
		}
	}
	const struct table *mt = &m->tables[RES_MEMBERS];
	for (size_t r = 0; r < mt->n_rows; r++) {
		int d = factset_dim(fs, table_get(mt, r, "dimension"));
		if (d >= 0 && fs->dims[d].members_from == 0)
			add_member(&fs->dims[d], table_get(mt, r, "id"),
				   table_get(mt, r, "parent"));
	}
	for (size_t r = 0; r < fs->n_dims; r++)
		link_parents(&fs->dims[r]);
}

/* Is printed one of the '|'-separated forms of list? */
static int form_listed(const char *list, const char *printed)
{
	size_t n = strlen(printed);

	for (const char *p = list; *p;) {
		size_t len = strcspn(p, "|");
		if (len == n && memcmp(p, printed, n) == 0)
			return 1;
		p += len + (p[len] == '|');
	}
	return 0;
}

/* A measure's n/a forms: each one printed text, none empty. */
static void check_not_applicable(const char *list, const char *file, long line, int col,
				 struct diag *d)
{
	size_t n = strlen(list);

	if (n && (list[0] == '|' || list[n - 1] == '|' || strstr(list, "||")))
		diag_msg(d, NULL, file, line, col, "not_applicable", M_NA_EMPTY_FORM, list,
			 "-|해당없음");
}

static void build_measures(struct factset *fs, struct model *m, struct diag *d)
{
	const struct table *t = &m->tables[RES_MEASURES];
	const char *file = model_path(m, RES_MEASURES);
	int dims_col = schema_field_index(t->def, "dims") + 1;
	int na_col = schema_field_index(t->def, "not_applicable");

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
		if (dec_parse(table_get(t, r, "scale"), &mi->scale, &e) ||
		    dec_cmp(mi->scale, DEC_ZERO) <= 0)
			mi->scale = dec_from_int(1);
		mi->aggregation = strcmp(agg, "stock") == 0   ? AGG_STOCK
				  : strcmp(agg, "rate") == 0  ? AGG_RATE
				  : strcmp(agg, "level") == 0 ? AGG_LEVEL
							      : AGG_FLOW;
		mi->rounded = strcmp(table_get(t, r, "rounding"), "rounded") == 0;
		mi->not_applicable = table_cell(t, r, na_col);
		check_not_applicable(mi->not_applicable, file, t->lines[r], na_col + 1, d);
		strmap_put(&fs->measure_index, mi->id, r);
		const char *dims = table_get(t, r, "dims");
		while (*dims) {
			const char *semi = strchr(dims, ';');
			size_t n = semi ? (size_t)(semi - dims) : strlen(dims);
			char *dim = arena_strndup(&fs->arena, dims, n);
			if (mi->n_dims >= JY_FACT_DIMS_MAX) {
				diag_msg(d, NULL, file, t->lines[r], dims_col, "dims",
					 M_DIMS_TOO_MANY, JY_FACT_DIMS_MAX);
				break;
			}
			int di = factset_dim(fs, dim);
			if (di < 0)
				diag_msg(d, NULL, file, t->lines[r], dims_col, "dims",
					 M_DIM_UNKNOWN, dim);
			else if (measure_dim_pos(mi, dim) >= 0)
				diag_msg(d, NULL, file, t->lines[r], dims_col, "dims", M_DIM_TWICE,
					 dim);
			else {
				mi->dim_index[mi->n_dims] = di;
				mi->dims[mi->n_dims++] = dim;
			}
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
	int base =
		(k->flags & KNUM_MAGNITUDE) || (k->unit[0] && strcmp(k->unit, mi->base_unit) == 0 &&
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

int fact_printed_value(const struct measure_info *mi, const char *printed, struct dec *value,
		       struct jy_err *err)
{
	struct knum k;
	struct dec ulp;

	if (strcmp(printed, "-") == 0) {
		*value = dec_from_int(0);
		return 0;
	}
	if (knum_parse(printed, &k, err)) {
		char why[JY_ERR_MSG_BYTES];
		snprintf(why, sizeof(why), "%s", err->msg);
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_NOT_PRINTED_NUMBER, printed,
				  why);
	}
	if (k.unit[0] && strcmp(k.unit, mi->unit) != 0 && strcmp(k.unit, mi->base_unit) != 0 &&
	    (is_strict_unit(k.unit) || is_strict_unit(mi->base_unit)))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_PRINTED_UNIT, k.unit,
				  mi->unit);
	printed_in_unit(mi, &k, value, &ulp, err);
	return 0;
}

/* Where the printed unit lies in printed: its last occurrence, as only
 * spaces may follow it (knum.h). */
static void keep_unit(struct fact_info *f, const char *printed, const char *unit)
{
	size_t n = strlen(unit);
	const char *at = NULL;

	for (const char *p = printed; n && (p = strstr(p, unit)); p++)
		at = p;
	if (!at || at - printed > UINT16_MAX)
		return; /* no unit (0 bytes) */
	f->unit_at = (uint16_t)(at - printed);
	f->unit_len = (unsigned char)n;
}

int fact_printed_number(const struct factset *fs, const struct fact_info *f, struct dec *value,
			const char **unit, size_t *unit_len)
{
	const struct measure_info *mi = &fs->measures[f->measure];
	const char *printed = fact_printed(fs, f);
	struct jy_err e;

	/* the bounds checked here, as an image's record may be damaged */
	if (f->unit_len == FACT_NO_NUMBER || (size_t)f->unit_at + f->unit_len > strlen(printed))
		return -1;
	*unit = printed + f->unit_at;
	*unit_len = f->unit_len;
	*value = f->value;
	/* printed_in_unit's test: read in base units, kept in the measure's */
	int base = (f->knum_flags & KNUM_MAGNITUDE) ||
		   (f->unit_len && strlen(mi->base_unit) == f->unit_len &&
		    memcmp(*unit, mi->base_unit, f->unit_len) == 0 &&
		    strcmp(mi->unit, mi->base_unit) != 0);
	if (base && dec_cmp(mi->scale, dec_from_int(1)) != 0 &&
	    dec_mul(f->value, mi->scale, value, &e) != 0)
		return -1;
	return 0;
}

/* Columns of facts.csv, and the file name for messages, looked up once. */
struct fact_cols {
	const char *file;
	int measure, coords, period, value, printed;
	/* the measure of the previous row parsed, as neighbours mostly share it */
	const char *last_measure;
	int last_measure_index;
};

static void fact_cols_init(struct fact_cols *fc, const struct factset *fs, const struct model *m)
{
	const struct resource_def *def = m->tables[RES_FACTS].def;

	fc->file = fs->facts_file;
	fc->last_measure = NULL;
	fc->last_measure_index = -1;
	fc->measure = schema_field_index(def, "measure");
	fc->coords = schema_field_index(def, "coords");
	fc->period = schema_field_index(def, "period");
	fc->value = schema_field_index(def, "value");
	fc->printed = schema_field_index(def, "printed");
}

/* Parses row r of facts.csv into f (every check that needs no other fact).
 * Returns 0 when the fact is good, -1 when it was reported or is left to
 * another check. */
static int parse_fact(const struct factset *fs, const struct model *m, struct fact_cols *fc,
		      struct diag *d, size_t r, struct fact_info *f)
{
	const struct table *t = &m->tables[RES_FACTS];
	const char *file = fc->file;
	long line = t->lines[r];
	struct jy_err e;
	int col_coords = fc->coords + 1;
	int col_printed = fc->printed + 1;
	size_t mv;

	memset(f, 0, sizeof(*f));
	const char *measure = table_cell(t, r, fc->measure);
	if (fc->last_measure && strcmp(fc->last_measure, measure) == 0) {
		mv = (size_t)fc->last_measure_index;
	} else {
		if (!strmap_get(&fs->measure_index, measure, &mv))
			return -1; /* reported as a dangling reference */
		fc->last_measure = measure;
		fc->last_measure_index = (int)mv;
	}
	f->measure = (int)mv;
	const struct measure_info *mi = &fs->measures[f->measure];
	const char *period = table_cell(t, r, fc->period);
	const char *printed = table_cell(t, r, fc->printed);
	f->row = (uint32_t)r;
	f->line = line;
	f->key.measure = (uint32_t)f->measure;
	const char *problem = factset_period_problem(period);
	if (problem) {
		diag_msg(d, NULL, file, line, fc->period + 1, "period", M_PERIOD_VALUE, period,
			 problem);
		return -1;
	}
	/* Coordinates: exactly the measure's dimensions, in its order. */
	int n = 0;
	const char *c = table_cell(t, r, fc->coords);
	while (*c) {
		const char *semi = strchr(c, ';');
		size_t len = semi ? (size_t)(semi - c) : strlen(c);
		const char *eq = memchr(c, '=', len);
		if (!eq) {
			diag_msg(d, NULL, file, line, col_coords, "coords", M_COORD_NOT_KV,
				 (int)len, c);
			return -1;
		}
		if (n >= mi->n_dims) {
			diag_msg(d, NULL, file, line, col_coords, "coords", M_COORDS_MORE, mi->id,
				 mi->n_dims,
				 table_get(&m->tables[RES_MEASURES], (size_t)f->measure, "dims"));
			return -1;
		}
		size_t dl = (size_t)(eq - c);
		if (strlen(mi->dims[n]) != dl || strncmp(mi->dims[n], c, dl) != 0) {
			diag_msg(d, NULL, file, line, col_coords, "coords", M_COORD_ORDER, n + 1,
				 mi->dims[n], (int)dl, c);
			return -1;
		}
		const struct dimension_info *di = &fs->dims[mi->dim_index[n]];
		size_t ml = len - dl - 1, id;
		if (!strmap_getn(&di->member_index, eq + 1, ml, &id)) {
			diag_msg(d, NULL, file, line, col_coords, "coords", M_COORD_MEMBER, (int)ml,
				 eq + 1, mi->dims[n]);
			return -1;
		}
		f->key.members[n++] = (uint32_t)id;
		c += len + (semi ? 1 : 0);
	}
	if (n != mi->n_dims) {
		diag_msg(d, NULL, file, line, col_coords, "coords", M_COORDS_FEWER, mi->id,
			 mi->n_dims, n);
		return -1;
	}
	if (dec_parse(table_cell(t, r, fc->value), &f->value, &e))
		return -1; /* reported by the type check */
	if (!*printed)
		return -1; /* reported as a missing required value */
	if (*mi->not_applicable && form_listed(mi->not_applicable, printed)) {
		/* nothing to read: value is required, and 0 says it holds no figure */
		if (!dec_is_zero(f->value))
			diag_msg(d, NULL, file, line, fc->value + 1, "value", M_NA_VALUE, printed,
				 mi->id, table_cell(t, r, fc->value));
		f->not_applicable = 1;
		f->unit_len = FACT_NO_NUMBER;
		f->ulp = dec_from_int(1);
		f->exact = 1;
	} else if (strcmp(printed, "-") == 0) {
		f->unit_len = FACT_NO_NUMBER;
		if (!dec_is_zero(f->value))
			diag_msg(d, NULL, file, line, col_printed, "printed", M_DASH_VALUE,
				 table_cell(t, r, fc->value));
		f->ulp = dec_from_int(1);
		f->exact = 1;
	} else {
		struct knum k;
		struct dec v;
		if (knum_parse(printed, &k, &e)) {
			diag_msg(d, NULL, file, line, col_printed, "printed", M_NOT_PRINTED_NUMBER,
				 printed, e.msg);
			return -1;
		}
		if (k.unit[0] && strcmp(k.unit, mi->unit) != 0 &&
		    strcmp(k.unit, mi->base_unit) != 0 &&
		    (is_strict_unit(k.unit) || is_strict_unit(mi->base_unit))) {
			diag_msg(d, NULL, file, line, col_printed, "printed", M_PRINTED_UNIT,
				 k.unit, mi->unit);
			return -1;
		}
		printed_in_unit(mi, &k, &v, &f->ulp, &e);
		if (dec_cmp(v, f->value) != 0) {
			char a[32], b[32];
			diag_msg(d, NULL, file, line, col_printed, "printed", M_PRINTED_READS,
				 printed, dec_str(v, a), mi->unit, dec_str(f->value, b));
			return -1;
		}
		f->knum_flags = k.flags;
		keep_unit(f, printed, k.unit);
		f->exact = !mi->rounded;
		if (!f->exact)
			f->half_ulp_failed = dec_div(f->ulp, dec_from_int(2), JY_DEC_SCALE_MAX,
						     &f->half_ulp, &e) != 0;
	}
	return 0;
}

/* Gives the parsed fact at fs->facts[fs->n_facts] its ids and its place in
 * the indexes, unless its key is taken. */
static void index_fact(struct factset *fs, const struct fact_cols *fc, struct diag *d)
{
	struct fact_info *f = &fs->facts[fs->n_facts];
	struct coord_view v = {fs->facts, NULL, fs->measures[f->measure].n_dims, 0, 0};

	/* neighbours mostly share period, kind and table: reuse the previous ids */
	const struct fact_info *prev = fs->n_facts ? &fs->facts[fs->n_facts - 1] : NULL;
	const char *period = fact_period(fs, f), *kind = fact_kind(fs, f),
		   *table = fact_table(fs, f);
	f->key.period = prev && strcmp(fact_period(fs, prev), period) == 0
				? prev->key.period
				: name_table_intern(&fs->periods, period);
	f->key.kind = prev && strcmp(fact_kind(fs, prev), kind) == 0
			      ? prev->key.kind
			      : name_table_intern(&fs->kinds, kind);
	f->key.table = prev && strcmp(fact_table(fs, prev), table) == 0
			       ? prev->key.table
			       : name_table_intern(&fs->tables, table);
	long other = coord_map_add(&fs->fact_index, &v, &f->key, (uint32_t)fs->n_facts);
	if (other >= 0) {
		diag_msg(d, NULL, fc->file, f->line, 1, NULL, M_FACT_TWICE, fs->facts[other].line);
		return;
	}
	struct measure_info *mim = &fs->measures[f->measure];
	XGROW(mim->facts, mim->cap_facts, mim->n_facts + 1);
	mim->facts[mim->n_facts++] = fs->n_facts;
	fs->n_facts++;
}

void factset_begin(struct factset *fs, struct model *m, struct diag *d)
{
	const struct table *t = &m->tables[RES_FACTS];

	memset(fs, 0, sizeof(*fs));
	arena_init(&fs->arena);
	strmap_init(&fs->measure_index);
	strmap_init(&fs->dim_index);
	fs->facts_file = model_path(m, RES_FACTS);
	build_dims(fs, m);
	build_measures(fs, m, d);
	for (size_t i = 0; i < fs->n_measures; i++)
		if (fs->measures[i].n_dims > fs->max_dims)
			fs->max_dims = fs->measures[i].n_dims;
	fs->fact_rows = t;
	fs->col_period = schema_field_index(t->def, "period");
	fs->col_kind = schema_field_index(t->def, "kind");
	fs->col_table = schema_field_index(t->def, "table");
	fs->col_printed = schema_field_index(t->def, "printed");
	fs->col_source = schema_field_index(t->def, "source");
	fs->col_coords = schema_field_index(t->def, "coords");
	/* not cleared: parse_fact clears each record it fills (zeroing it all
	 * here was a single-threaded pass over a fifth of a gigabyte at 1M facts) */
	fs->facts =
		xmalloc_aligned(_Alignof(struct fact_info), sizeof(*fs->facts) * (t->n_rows + 1));
	coord_map_reserve(&fs->fact_index, t->n_rows);
}

int factset_build(struct factset *fs, struct model *m, struct diag *d)
{
	const struct table *t = &m->tables[RES_FACTS];
	struct fact_cols fc;
	int before = d->count;

	factset_begin(fs, m, d);
	fact_cols_init(&fc, fs, m);
	for (size_t r = 0; r < t->n_rows; r++)
		if (parse_fact(fs, m, &fc, d, r, &fs->facts[fs->n_facts]) == 0)
			index_fact(fs, &fc, d);
	return d->count > before ? JY_EINPUT : 0;
}

void factset_parse_rows(struct factset *fs, const struct model *m, struct diag *d, size_t from,
			size_t to)
{
	const struct table *t = &m->tables[RES_FACTS];
	struct fact_cols fc;

	fact_cols_init(&fc, fs, m);
	for (size_t r = from; r < to && r < t->n_rows; r++)
		if (parse_fact(fs, m, &fc, d, r, &fs->facts[r]))
			d->count++; /* a fact left out (maybe reported by another check) */
}

int factset_parse_row(const struct factset *fs, const struct model *m, struct diag *d, size_t row,
		      struct fact_info *out)
{
	struct fact_cols fc;

	fact_cols_init(&fc, fs, m);
	return parse_fact(fs, m, &fc, d, row, out);
}

void factset_index_rows(struct factset *fs, struct model *m, struct diag *d)
{
	const struct table *t = &m->tables[RES_FACTS];
	struct fact_cols fc;
	int before = d->count;

	fact_cols_init(&fc, fs, m);
	while (fs->n_facts < t->n_rows && d->count == before)
		index_fact(fs, &fc, d);
}

void factset_release(struct factset *fs)
{
	for (size_t i = 0; i < fs->n_measures; i++)
		free(fs->measures[i].facts);
	for (size_t i = 0; i < fs->n_dims; i++) {
		strmap_release(&fs->dims[i].member_index);
		free(fs->dims[i].names);
		free(fs->dims[i].parent_names);
		free(fs->dims[i].parents);
	}
	if (!fs->facts_mapped)
		free(fs->facts);
	strmap_release(&fs->measure_index);
	strmap_release(&fs->dim_index);
	name_table_release(&fs->periods);
	name_table_release(&fs->kinds);
	name_table_release(&fs->tables);
	free(fs->fact_index.slots);
	model_dates_release(&fs->dates);
	arena_release(&fs->arena);
	memset(fs, 0, sizeof(*fs));
}

long factset_find_key(const struct factset *fs, const char *measure, const char *coords,
		      const char *period, const char *kind, const char *table)
{
	int mi = factset_measure(fs, measure);
	struct fact_coord k;
	int n = 0;

	if (mi < 0)
		return -1;
	memset(&k, 0, sizeof(k));
	k.measure = (uint32_t)mi;
	const struct measure_info *m = &fs->measures[mi];
	for (const char *c = coords; *c && n < m->n_dims;) {
		size_t len = strcspn(c, ";");
		const char *eq = memchr(c, '=', len);
		size_t id;
		if (!eq || !strmap_getn(&fs->dims[m->dim_index[n]].member_index, eq + 1,
					len - (size_t)(eq - c) - 1, &id))
			return -1;
		k.members[n++] = (uint32_t)id;
		c += len + (c[len] == ';');
	}
	k.period = name_table_find(&fs->periods, period);
	k.kind = name_table_find(&fs->kinds, kind);
	k.table = name_table_find(&fs->tables, table);
	if (n != m->n_dims || k.period == FS_NONE || k.kind == FS_NONE || k.table == FS_NONE)
		return -1;
	return factset_find(fs, &k);
}

const char *fact_kind_label(const char *kind)
{
	static const char *names[][2] = {
		{"actual", "실적"}, {"target", "목표"}, {"estimate", "추정"}, {"plan", "계획"}};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(names[k][0], kind) == 0)
			return names[k][1];
	return kind;
}
