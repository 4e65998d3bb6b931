/*
 * table.c - printed tables rebuilt from facts (see table.h).
 */
#include "table.h"

#include "base/kdate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"

void label_index_init(struct label_index *li, struct model *m)
{
	const struct table *u = &m->tables[RES_UNITS];
	const struct table *n = &m->tables[RES_NODES];
	const struct table *mb = &m->tables[RES_MEMBERS];
	const struct table *tb = &m->tables[RES_TABLES];

	li->m = m;
	strmap_init(&li->tables);
	for (size_t r = 0; r < tb->n_rows; r++)
		strmap_add(&li->tables, table_get(tb, r, "id"), r, NULL);
	strmap_init(&li->units);
	strmap_init(&li->nodes);
	strmap_init(&li->members);
	arena_init(&li->keys);
	for (size_t r = 0; r < u->n_rows; r++)
		strmap_add(&li->units, table_get(u, r, "id"), r, NULL);
	for (size_t r = 0; r < n->n_rows; r++)
		strmap_add(&li->nodes, table_get(n, r, "id"), r, NULL);
	for (size_t r = 0; r < mb->n_rows; r++)
		strmap_add(&li->members,
			   arena_printf(&li->keys, "%s\x1f%s", table_get(mb, r, "dimension"),
					table_get(mb, r, "id")),
			   r, NULL);
}

void label_index_release(struct label_index *li)
{
	strmap_release(&li->units);
	strmap_release(&li->nodes);
	strmap_release(&li->members);
	strmap_release(&li->tables);
	arena_release(&li->keys);
}

long label_index_node(const struct label_index *li, const char *id)
{
	size_t r;
	return strmap_get(&li->nodes, id, &r) ? (long)r : -1;
}

const char *member_label(const struct label_index *li, const struct factset *fs, int dim,
			 const char *member)
{
	const struct dimension_info *di = &fs->dims[dim];
	size_t r;

	if (di->members_from == 1 && strmap_get(&li->units, member, &r))
		return table_get(&li->m->tables[RES_UNITS], r, "name_ko");
	if (di->members_from == 2 && strmap_get(&li->nodes, member, &r))
		return table_get(&li->m->tables[RES_NODES], r, "title_ko");
	if (di->members_from == 0) {
		char key[2 * JY_ID_BYTES_MAX + 2];
		size_t a = strlen(di->id), b = strlen(member);
		if (a + b + 2 <= sizeof(key)) {
			memcpy(key, di->id, a);
			key[a] = '\x1f';
			memcpy(key + a + 1, member, b + 1);
			if (strmap_get(&li->members, key, &r))
				return table_get(&li->m->tables[RES_MEMBERS], r, "name_ko");
		}
	}
	return member;
}

/* The granularity of one side of an ISO period by its length. */
static enum kdate_gran iso_gran(size_t len)
{
	return len == 4 ? KDATE_YEAR : len == 7 ? KDATE_MONTH : KDATE_DAY;
}

const char *table_period_text(struct arena *a, const char *period)
{
	struct kdate_range r;
	struct buf b;

	if (!*period || kdate_parse_iso(period, &r) != 0)
		return period;
	const char *dots = strstr(period, "..");
	size_t left = dots ? (size_t)(dots - period) : strlen(period);
	enum kdate_gran g = iso_gran(left);
	if (dots && *(dots + 2) && iso_gran(strlen(dots + 2)) > g)
		g = iso_gran(strlen(dots + 2)); /* the coarser of the two */
	if (g == KDATE_YEAR && dots && !r.open_start && !r.open_end)
		return arena_printf(a, "’%02d~’%02d", r.start.year % 100, r.end.year % 100);
	r.gran = g;
	r.is_range = dots != NULL;
	r.start_wday = r.end_wday = -1; /* no weekday was printed */
	buf_init(&b);
	kdate_format_korean(&r, &b);
	const char *out = arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

long table_row(const struct label_index *li, const char *id)
{
	size_t r;
	return *id && strmap_get(&li->tables, id, &r) ? (long)r : -1;
}

int table_is_printed(const struct label_index *li, const char *id)
{
	long r = table_row(li, id);
	return r < 0 ||
	       strcmp(table_get(&li->m->tables[RES_TABLES], (size_t)r, "kind"), "table") == 0;
}

void table_caption(const struct label_index *li, const char *id, const struct table_view *v,
		   struct arena *a, struct table_caption *out)
{
	const struct table *tb = &li->m->tables[RES_TABLES];
	long r = table_row(li, id);

	out->printed = table_is_printed(li, id);
	if (r >= 0) {
		const char *unit = table_get(tb, (size_t)r, "unit");
		const char *as_of = table_get(tb, (size_t)r, "as_of");
		out->title = table_get(tb, (size_t)r, "title");
		out->total = table_get(tb, (size_t)r, "total");
		out->note = *unit && *as_of   ? arena_printf(a, "(%s, %s)", unit, as_of)
			    : *unit || *as_of ? arena_printf(a, "(%s)", *unit ? unit : as_of)
					      : "";
		return;
	}
	/* no row: what the facts say, in the report's words */
	out->title = "";
	out->total = "";
	out->note = "";
	if (!v)
		return;
	for (size_t c = 0; c < v->n_cols; c++)
		if (c == 0 || strcmp(v->col_head[c], out->title) == 0)
			out->title = v->col_head[c];
		else
			out->title = "";
	const char *unit = v->unit && *v->unit ? arena_printf(a, "단위 : %s", v->unit) : "";
	const char *as_of = v->period && *v->period
				    ? arena_printf(a, "%s 기준", table_period_text(a, v->period))
				    : "";
	out->note = *unit && *as_of   ? arena_printf(a, "(%s, %s)", unit, as_of)
		    : *unit || *as_of ? arena_printf(a, "(%s)", *unit ? unit : as_of)
				      : "";
}

/* Where one fact goes: its row and column keys and their labels. */
struct slot {
	const char *row_key, *row_label;
	const char *col_key, *col_head, *col_sub;
	int row_dim; /* dimension of the row's member, -1 */
};

static void add_part(struct buf *b, const char *s)
{
	if (*s)
		buf_addf(b, "%s%s", b->len ? "·" : "", s);
}

static void slot_of(const struct label_index *li, const struct factset *fs,
		    enum table_layout layout, int by_period, int by_kind, const struct fact_info *f,
		    struct buf *k, struct buf *l, struct arena *a, struct slot *s)
{
	const struct measure_info *mi = &fs->measures[f->measure];
	const char *period = fact_period(fs, f), *kind = fact_kind(fs, f);
	int printed = layout == LAYOUT_PRINTED;
	int first = printed && mi->n_dims ? 1 : 0;

	s->row_dim = -1;
	if (printed) {
		s->row_key = mi->n_dims ? fact_member(fs, f, 0) : "";
		s->row_dim = mi->n_dims ? factset_dim(fs, mi->dims[0]) : -1;
		s->row_label = s->row_dim >= 0 ? member_label(li, fs, s->row_dim, s->row_key)
					       : mi->name_ko;
	} else {
		buf_reset(k);
		buf_reset(l);
		buf_adds(k, mi->id);
		for (int d = 0; d < mi->n_dims; d++) {
			int di = factset_dim(fs, mi->dims[d]);
			if (di >= 0 && fs->dims[di].members_from == 2)
				continue; /* the node the figures are shown under */
			buf_addf(k, "\x1f%s", fact_member(fs, f, d));
			add_part(l, di >= 0 ? member_label(li, fs, di, fact_member(fs, f, d))
					    : fact_member(fs, f, d));
		}
		s->row_key = arena_strdup(a, k->data);
		s->row_label =
			l->len ? arena_printf(a, "%s (%s)", mi->name_ko, l->data) : mi->name_ko;
	}
	/* the column: the measure and the other coordinates (printed tables),
	 * then the period and kind where they vary */
	buf_reset(k);
	buf_reset(l);
	if (printed) {
		buf_adds(k, mi->id);
		for (int d = first; d < mi->n_dims; d++) {
			buf_addf(k, "\x1f%s", fact_member(fs, f, d));
			add_part(l, member_label(li, fs, factset_dim(fs, mi->dims[d]),
						 fact_member(fs, f, d)));
		}
	}
	if (by_period) {
		buf_addf(k, "\x1e%s", period);
		add_part(l, table_period_text(a, period));
	}
	if (by_kind) {
		buf_addf(k, "\x1d%s", kind);
		add_part(l, fact_kind_label(kind));
	}
	s->col_key = arena_strdup(a, k->data);
	if (printed) {
		s->col_head = mi->name_ko;
		s->col_sub = arena_strdup(a, l->data);
	} else {
		s->col_head = l->len	? arena_strdup(a, l->data)
			      : *period ? table_period_text(a, period)
					: "수치";
		s->col_sub = "";
	}
}

/* A note for fact f when it is entered (it has entered_by), added to
 * *notes; 1 when it is. */
static int entered_note(const struct factset *fs, const struct fact_info *f, const char *row,
			const char *col, struct arena *a, const char ***notes, size_t *n)
{
	const struct table *t = fs->fact_rows;
	int by = schema_field_index(t->def, "entered_by");
	if (by < 0 || !*table_cell(t, f->row, by))
		return 0;
	const char *at = table_get(t, f->row, "entered_at");
	struct kdate_range kr;
	struct buf when;
	char day[11];
	buf_init(&when);
	snprintf(day, sizeof(day), "%s", at);
	if (kdate_parse_iso(day, &kr) == 0) {
		kr.start_wday = kr.end_wday = -1;
		kdate_format_korean(&kr, &when);
	} else {
		buf_adds(&when, at);
	}
	if ((*n & (*n - 1)) == 0) { /* grows by doubling in the arena */
		const char **grown = arena_alloc(a, sizeof(*grown) * (*n ? *n * 2 : 1));
		if (*n)
			memcpy(grown, *notes, sizeof(*grown) * *n);
		*notes = grown;
	}
	(*notes)[(*n)++] = arena_printf(
		a, TABLE_ENTERED_MARK " %s%s%s %s: %s 입력, %s, 판 %s", row,
		*row && *col ? " · " : "", col, fact_printed(fs, f), table_cell(t, f->row, by),
		when.data, table_get(t, f->row, "entered_revision"));
	buf_release(&when);
	return 1;
}

int table_view_build(const struct label_index *li, const struct factset *fs, const char *table_id,
		     enum table_layout layout, const size_t *facts, size_t n, struct arena *a,
		     struct table_view *out)
{
	struct strmap rows, cols;
	size_t cap_rk = 0, cap_rl = 0, cap_cl = 0, cap_ch = 0, cap_cs = 0, n_rows = 0, n_cols = 0;
	const char **rk = NULL, **rl = NULL, **cl = NULL, **ch = NULL, **cs = NULL;
	size_t *fact_row, *fact_col;
	int first_dim = -1, by_period = 0, by_kind = 0;
	struct buf key, lab;

	memset(out, 0, sizeof(*out));
	out->id = table_id;
	if (!n)
		return JY_ENOTFOUND;
	fact_row = xcalloc(n + 1, sizeof(size_t));
	fact_col = xcalloc(n + 1, sizeof(size_t));
	strmap_init(&rows);
	strmap_init(&cols);
	buf_init(&key);
	buf_init(&lab);
	const struct fact_info *f0 = &fs->facts[facts[0]];
	for (size_t i = 1; i < n; i++) {
		const struct fact_info *fi = &fs->facts[facts[i]];
		by_period |= strcmp(fact_period(fs, fi), fact_period(fs, f0)) != 0;
		by_kind |= strcmp(fact_kind(fs, fi), fact_kind(fs, f0)) != 0;
	}
	out->period = by_period ? "" : fact_period(fs, f0);
	/* Rows and columns in order of first appearance. */
	for (size_t i = 0; i < n; i++) {
		const struct fact_info *f = &fs->facts[facts[i]];
		const struct measure_info *mi = &fs->measures[f->measure];
		struct slot s;
		size_t at;
		slot_of(li, fs, layout, by_period, by_kind, f, &key, &lab, a, &s);
		if (strmap_add(&rows, s.row_key, n_rows, &at)) {
			if (first_dim < 0)
				first_dim = s.row_dim;
			XGROW(rk, cap_rk, n_rows + 1);
			XGROW(rl, cap_rl, n_rows + 1);
			rk[n_rows] = s.row_key;
			rl[n_rows] = s.row_label;
			at = n_rows++;
		}
		fact_row[i] = at;
		if (strmap_add(&cols, s.col_key, n_cols, &at)) {
			XGROW(cl, cap_cl, n_cols + 1);
			XGROW(ch, cap_ch, n_cols + 1);
			XGROW(cs, cap_cs, n_cols + 1);
			ch[n_cols] = s.col_head;
			cs[n_cols] = s.col_sub;
			cl[n_cols] = *s.col_sub ? arena_printf(a, "%s·%s", s.col_head, s.col_sub)
						: s.col_head;
			at = n_cols++;
		}
		fact_col[i] = at;
		if (!out->unit)
			out->unit = mi->unit;
		else if (strcmp(out->unit, mi->unit) != 0)
			out->unit = "";
	}
	out->n_rows = n_rows;
	out->n_cols = n_cols;
#define COPY(dst, src, count)                                                                      \
	do {                                                                                       \
		dst = arena_alloc(a, sizeof(char *) * ((count) + 1));                              \
		memcpy((void *)dst, src, sizeof(char *) * (count));                                \
	} while (0)
	COPY(out->row_labels, rl, n_rows);
	COPY(out->col_labels, cl, n_cols);
	COPY(out->col_head, ch, n_cols);
	COPY(out->col_sub, cs, n_cols);
#undef COPY
	out->cells = arena_zalloc(a, sizeof(char *) * (n_rows * n_cols + 1));
	out->cell_fact = arena_zalloc(a, sizeof(size_t) * (n_rows * n_cols + 1));
	for (size_t i = 0; i < n; i++) {
		size_t c = fact_row[i] * n_cols + fact_col[i];
		out->cells[c] = fact_printed(fs, &fs->facts[facts[i]]);
		out->cell_fact[c] = facts[i] + 1;
		if (entered_note(fs, &fs->facts[facts[i]], out->row_labels[fact_row[i]],
				 out->col_labels[fact_col[i]], a, &out->notes, &out->n_notes))
			out->cells[c] = arena_printf(a, "%s" TABLE_ENTERED_MARK, out->cells[c]);
	}
	/* A row whose member is the parent of another row's is a total (계). */
	out->row_total = arena_zalloc(a, n_rows + 1);
	if (first_dim >= 0)
		for (size_t r = 0; r < n_rows; r++) {
			const char *p = factset_member_parent(fs, first_dim, rk[r]);
			size_t pr;
			if (p && strmap_get(&rows, p, &pr))
				out->row_total[pr] = 1;
		}
	/* and is labelled as printed ("계", not the office's name) */
	long tr = table_row(li, table_id);
	const char *total =
		tr >= 0 ? table_get(&li->m->tables[RES_TABLES], (size_t)tr, "total") : "";
	for (size_t r = 0; *total && r < n_rows; r++)
		if (out->row_total[r])
			out->row_labels[r] = total;
	free(rk);
	free(rl);
	free(cl);
	free(ch);
	free(cs);
	free(fact_row);
	free(fact_col);
	strmap_release(&rows);
	strmap_release(&cols);
	buf_release(&key);
	buf_release(&lab);
	return 0;
}
