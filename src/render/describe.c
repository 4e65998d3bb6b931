/*
 * describe.c - rows in words people read (see describe.h).
 */
#include "describe.h"

#include <string.h>

#include "base/kdate.h"
#include "base/msg.h"
#include "render/table.h"

static const char *cell(enum resource_id r, const char *const *cells, const char *field)
{
	int i = schema_field_index(&schema_resources[r], field);
	return i >= 0 && cells[i] ? cells[i] : "";
}

static const char *kind_words(const char *kind)
{
	static const char *names[][2] = {
		{"actual", ""}, {"target", "목표"}, {"estimate", "추정"}, {"plan", "계획"}};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(names[k][0], kind) == 0)
			return names[k][1];
	return kind;
}

void describer_init(struct describer *d, struct model *m, const struct factset *fs)
{
	d->m = m;
	d->fs = fs;
	label_index_init(&d->own, m);
	d->li = &d->own;
	d->owns = 1;
}

void describer_borrow(struct describer *d, struct model *m, const struct factset *fs,
		      const struct label_index *li)
{
	d->m = m;
	d->fs = fs;
	d->li = li;
	d->owns = 0;
}

void describer_release(struct describer *d)
{
	if (d->owns)
		label_index_release(&d->own);
}

/* "(경제정책실·합계)" from "unit=econ-office;job_class=total". */
static void members_words(const struct describer *d, const char *coords, struct buf *out)
{
	int first = 1;
	for (const char *c = coords; *c;) {
		size_t len = strcspn(c, ";");
		const char *eq = memchr(c, '=', len);
		if (eq) {
			char dim[JY_ID_BYTES_MAX + 1], member[JY_ID_BYTES_MAX + 1];
			snprintf(dim, sizeof(dim), "%.*s", (int)(eq - c), c);
			snprintf(member, sizeof(member), "%.*s", (int)(len - (size_t)(eq - c) - 1),
				 eq + 1);
			int di = factset_dim(d->fs, dim);
			buf_adds(out, first ? " (" : "·");
			buf_adds(out, di >= 0 ? member_label(d->li, d->fs, di, member) : member);
			first = 0;
		}
		c += len + (c[len] == ';');
	}
	if (!first)
		buf_addc(out, ')');
}

void describe_fact_key(const struct describer *d, const struct fact_key *k, struct buf *out)
{
	int mi = factset_measure(d->fs, k->measure);
	long tr = k->table ? table_row(d->li, k->table) : -1;

	if (mi < 0) { /* a measure gone since: its id is all there is */
		buf_adds(out, k->measure);
		return;
	}
	const struct table *tt = &d->m->tables[RES_TABLES];
	const char *title = tr >= 0 ? table_get(tt, (size_t)tr, "title") : "";
	if (*title) /* a table's figure and the passage's above it differ by 표 */
		buf_addf(out, "%s%s: ", title,
			 strcmp(table_get(tt, (size_t)tr, "kind"), "table") == 0 ? " 표" : "");
	buf_adds(out, d->fs->measures[mi].name_ko);
	members_words(d, k->coords ? k->coords : "", out);
	if (k->period && *k->period) {
		struct arena a;
		arena_init(&a);
		buf_addf(out, " %s", table_period_text(&a, k->period));
		arena_release(&a);
	}
	const char *kind = kind_words(k->kind ? k->kind : "");
	if (*kind)
		buf_addf(out, " %s", kind);
}

static void describe_fact(const struct describer *d, const char *const *cells, struct buf *out)
{
	struct fact_key k = {cell(RES_FACTS, cells, "measure"), cell(RES_FACTS, cells, "coords"),
			     cell(RES_FACTS, cells, "period"), cell(RES_FACTS, cells, "kind"),
			     cell(RES_FACTS, cells, "table")};
	describe_fact_key(d, &k, out);
}

static const char *unit_name(const struct describer *d, const char *unit)
{
	size_t r;
	return strmap_get(&d->li->units, unit, &r)
		       ? table_get(&d->m->tables[RES_UNITS], r, "name_ko")
		       : unit;
}

static const char *node_title(const struct describer *d, const char *node)
{
	long r = label_index_node(d->li, node);
	return r >= 0 ? table_get(&d->m->tables[RES_NODES], (size_t)r, "title_ko") : node;
}

static void describe_cells(const struct describer *d, enum resource_id r, const char *const *cells,
			   struct buf *out)
{
	switch (r) {
	case RES_FACTS:
		describe_fact(d, cells, out);
		break;
	case RES_MILESTONES:
		buf_addf(out, "%s: %s", node_title(d, cell(r, cells, "node")),
			 cell(r, cells, "title"));
		break;
	case RES_TEXTS:
		buf_addf(out, "%s 문단 %s", node_title(d, cell(r, cells, "node")),
			 cell(r, cells, "seq"));
		break;
	case RES_FIELDS:
		buf_addf(out, "%s: %s", node_title(d, cell(r, cells, "node")),
			 cell(r, cells, "key"));
		break;
	case RES_UNITS:
		buf_addf(out, "조직: %s", cell(r, cells, "name_ko"));
		break;
	case RES_FUNCTIONS:
		buf_addf(out, "%s 주요기능 %s", unit_name(d, cell(r, cells, "unit")),
			 cell(r, cells, "seq"));
		break;
	case RES_NODES:
		buf_adds(out, cell(r, cells, "title_ko"));
		break;
	case RES_DIMENSIONS:
	case RES_MEMBERS:
	case RES_MEASURES:
		buf_adds(out, cell(r, cells, "name_ko"));
		break;
	default:
		buf_adds(out, schema_resources[r].title);
	}
}

void describe_table_row(const struct describer *d, enum resource_id r, size_t row, struct buf *out)
{
	const struct table *t = &d->m->tables[r];
	const char *cells[JY_CSV_COLUMNS_MAX];

	for (int i = 0; i < t->def->n_fields; i++)
		cells[i] = table_cell(t, row, i);
	describe_cells(d, r, cells, out);
}

void describe_row(struct model *m, const struct factset *fs, enum resource_id r,
		  const char *const *cells, struct buf *out)
{
	struct describer d;
	describer_init(&d, m, fs);
	describe_cells(&d, r, cells, out);
	describer_release(&d);
}

/* The row of table r whose node and seq are these, or -1. */
static long row_of(const struct model *m, enum resource_id r, const char *node, const char *seq)
{
	const struct table *t = &m->tables[r];
	for (size_t i = 0; i < t->n_rows; i++)
		if (strcmp(table_get(t, i, "node"), node) == 0 &&
		    strcmp(table_get(t, i, "seq"), seq) == 0)
			return (long)i;
	return -1;
}

/* Where a word is printed, in the report's words. */
static const char *span_place(enum resource_id r)
{
	switch (r) {
	case RES_TEXTS:
		return "본문";
	case RES_FIELDS:
		return "항목";
	case RES_MILESTONES:
		return "추진일정";
	case RES_NODES:
		return "제목";
	default:
		return schema_resources[r].title;
	}
}

void describe_target(const struct describer *d, const struct target *t, struct buf *out)
{
	enum resource_id r = t->type == TARGET_MILESTONE ? RES_MILESTONES : RES_FIELDS;
	long row;

	switch (t->type) {
	case TARGET_FACT:
		describe_fact_key(d, &t->fact, out);
		return;
	case TARGET_MILESTONE:
	case TARGET_FIELD:
		row = row_of(d->m, r, t->node, t->seq);
		if (row < 0)
			break;
		const char *cells[JY_CSV_COLUMNS_MAX];
		for (int i = 0; i < d->m->tables[r].def->n_fields; i++)
			cells[i] = table_cell(&d->m->tables[r], (size_t)row, i);
		describe_cells(d, r, cells, out);
		return;
	case TARGET_SPAN:
		buf_addf(out, "%s «%s»", span_place(t->res), t->text);
		return;
	}
	buf_addf(out, "%s %s", node_title(d, t->node), t->seq);
}

void describe_target_cb(void *ctx, const struct target *t, struct buf *out)
{
	describe_target(ctx, t, out);
}

void describe_print_findings(struct model *m, const struct check_result *res, FILE *out)
{
	struct describer d;
	describer_init(&d, m, &res->fs);
	check_print_table(res, out, describe_target_cb, &d);
	describer_release(&d);
}

int describe_same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\t')
			a++;
		while (*b == ' ' || *b == '\t')
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++, b++;
	}
}

size_t describe_find_facts(const struct describer *d, const char *text, size_t *rows, size_t max)
{
	const struct table *t = &d->m->tables[RES_FACTS];
	struct buf b;
	size_t n = 0;

	buf_init(&b);
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *cells[JY_CSV_COLUMNS_MAX];
		for (int c = 0; c < t->def->n_fields; c++)
			cells[c] = table_cell(t, i, c);
		buf_reset(&b);
		describe_fact(d, cells, &b);
		if (describe_same_words(b.data, text) && n++ < max)
			rows[n - 1] = i;
	}
	buf_release(&b);
	return n;
}
const char *describe_value(enum resource_id r, const char *const *cells, const char *field)
{
	return cell(r, cells, r == RES_FACTS ? "printed" : field);
}

/* The reference of facts row r: "measure{dim=member,…} @period [table]
 * kind=kind", the form of check's JSON `where`. */
static void ref_of_row(const struct table *t, size_t r, struct buf *out)
{
	const char *coords = table_get(t, r, "coords"), *period = table_get(t, r, "period");
	const char *table = table_get(t, r, "table");

	buf_adds(out, table_get(t, r, "measure"));
	if (*coords) {
		buf_addc(out, '{');
		for (const char *c = coords; *c; c++)
			buf_addc(out, *c == ';' ? ',' : *c);
		buf_addc(out, '}');
	}
	if (*period)
		buf_addf(out, " @%s", period);
	if (*table)
		buf_addf(out, " [%s]", table);
	buf_addf(out, " kind=%s", table_get(t, r, "kind"));
}

int describe_is_words(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text >= 0x80)
			return 1;
	return 0;
}

int describe_resolve(const struct describer *d, const char *text, struct buf *out,
		     struct jy_err *err)
{
	size_t rows[4];
	size_t n = describe_find_facts(d, text, rows, 4);

	buf_reset(out);
	if (n == 1) {
		ref_of_row(&d->m->tables[RES_FACTS], rows[0], out);
		return 0;
	}
	if (n == 0)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DESCRIBE_NONE, text);
	return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DESCRIBE_MANY, text, n);
}
