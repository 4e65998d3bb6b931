/*
 * report_md.c - the report as Markdown (see report.h).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/knum.h"
#include "report.h"
#include "table.h"

struct md {
	struct model *m;
	const struct check_result *res;
	const struct factset *fs;
	struct buf *out;
	struct arena arena;
	const char **tables; /* table ids in order of first appearance */
	int *rendered;
	size_t n_tables, cap_tables;
};

static void collect_tables(struct md *c)
{
	for (size_t i = 0; i < c->fs->n_facts; i++) {
		const char *t = c->fs->facts[i].table;
		size_t k;
		if (!*t)
			continue;
		for (k = 0; k < c->n_tables; k++)
			if (strcmp(c->tables[k], t) == 0)
				break;
		if (k == c->n_tables) {
			XGROW(c->tables, c->cap_tables, c->n_tables + 1);
			c->tables[c->n_tables++] = t;
		}
	}
	c->rendered = xcalloc(c->n_tables + 1, sizeof(int));
}

static void render_table(struct md *c, size_t k)
{
	struct table_view v;

	if (c->rendered[k] || table_view_build(c->m, c->fs, c->tables[k], &c->arena, &v))
		return;
	c->rendered[k] = 1;
	buf_addf(c->out, "\n*표 %s", c->tables[k]);
	if (v.unit && *v.unit)
		buf_addf(c->out, " — 단위: %s", v.unit);
	if (v.period && *v.period)
		buf_addf(c->out, " — %s 기준", v.period);
	buf_adds(c->out, "*\n\n");
	table_view_markdown(&v, c->res, c->out);
}

/* Does table k hold a fact whose coordinates name this node (or, with
 * units, this unit through the first dimension)? */
static int table_mentions(struct md *c, size_t k, const char *dim_kind, const char *id)
{
	for (size_t i = 0; i < c->fs->n_facts; i++) {
		const struct fact_info *f = &c->fs->facts[i];
		if (strcmp(f->table, c->tables[k]) != 0)
			continue;
		const struct measure_info *mi = &c->fs->measures[f->measure];
		for (int d = 0; d < mi->n_dims; d++) {
			const struct dimension_info *di = &c->fs->dims[factset_dim(c->fs, mi->dims[d])];
			int from = strcmp(dim_kind, "units") == 0 ? 1 : 2;
			if (di->members_from == from && (!id || strcmp(f->members[d], id) == 0))
				return 1;
		}
	}
	return 0;
}

static const char *meta(struct md *c, const char *key)
{
	json_t *root = c->m->meta_json ? json_loads(c->m->meta_json, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(root, key));
	const char *r = v ? arena_strdup(&c->arena, v) : NULL;
	json_decref(root);
	return r;
}

static void render_units(struct md *c)
{
	const struct table *t = &c->m->tables[RES_UNITS];
	static const char *kinds[][2] = {{"office", "실"},      {"bureau", "기획관·정책관"},
					 {"division", "과"},     {"team", "팀"},
					 {"facility", "사업소"}, {"agency", "출연기관"}};

	buf_adds(c->out, "\n### 조직현황 Organisation\n\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		const char *kind = table_get(t, r, "kind");
		const char *label = kind;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (strcmp(kinds[k][0], kind) == 0)
				label = kinds[k][1];
		buf_addf(c->out, "%s- %s", *table_get(t, r, "parent") ? "  " : "",
			 table_get(t, r, "name_ko"));
		if (*table_get(t, r, "rank"))
			buf_addf(c->out, " (%s)", table_get(t, r, "rank"));
		buf_addf(c->out, " — %s", label);
		if (*table_get(t, r, "name_en"))
			buf_addf(c->out, " · %s", table_get(t, r, "name_en"));
		buf_addc(c->out, '\n');
	}
	for (size_t k = 0; k < c->n_tables; k++)
		if (table_mentions(c, k, "units", NULL))
			render_table(c, k);
	const struct table *fn = &c->m->tables[RES_FUNCTIONS];
	if (fn->n_rows)
		buf_adds(c->out, "\n### 주요기능 Functions\n\n");
	const char *last = "";
	for (size_t r = 0; r < fn->n_rows; r++) {
		const char *unit = table_get(fn, r, "unit");
		if (strcmp(unit, last) != 0) {
			const char *name = unit;
			for (size_t u = 0; u < t->n_rows; u++)
				if (strcmp(table_get(t, u, "id"), unit) == 0)
					name = table_get(t, u, "name_ko");
			buf_addf(c->out, "- **%s**\n", name);
			last = unit;
		}
		buf_addf(c->out, "  - %s\n", table_get(fn, r, "text"));
	}
}

static void render_node(struct md *c, size_t row, int depth);

static void render_children(struct md *c, const char *parent, int depth)
{
	const struct table *t = &c->m->tables[RES_NODES];
	/* children in seq order: a small insertion pass, nodes are few */
	size_t n = 0;
	size_t *idx = xcalloc(t->n_rows + 1, sizeof(size_t));
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_get(t, r, "parent"), parent) == 0)
			idx[n++] = r;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && atoi(table_get(t, idx[j - 1], "seq")) >
						    atoi(table_get(t, idx[j], "seq"));
		     j--) {
			size_t tmp = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = tmp;
		}
	for (size_t i = 0; i < n; i++)
		render_node(c, idx[i], depth);
	free(idx);
}

static void render_node(struct md *c, size_t row, int depth)
{
	const struct table *t = &c->m->tables[RES_NODES];
	const char *id = table_get(t, row, "id");
	const char *number = table_get(t, row, "number");
	int level = depth + 2 > 6 ? 6 : depth + 2;

	buf_addc(c->out, '\n');
	for (int i = 0; i < level; i++)
		buf_addc(c->out, '#');
	buf_addf(c->out, " %s%s%s\n", number, *number ? " " : "", table_get(t, row, "title_ko"));
	const struct table *tx = &c->m->tables[RES_TEXTS];
	for (size_t r = 0; r < tx->n_rows; r++)
		if (strcmp(table_get(tx, r, "node"), id) == 0 &&
		    strcmp(table_get(tx, r, "section"), "summary") == 0)
			buf_addf(c->out, "\n> %s\n", table_get(tx, r, "text"));
	const struct table *fl = &c->m->tables[RES_FIELDS];
	int any = 0;
	for (size_t r = 0; r < fl->n_rows; r++) {
		if (strcmp(table_get(fl, r, "node"), id) != 0)
			continue;
		if (!any++)
			buf_addc(c->out, '\n');
		buf_addf(c->out, "- **%s**: %s\n", table_get(fl, r, "key"), table_get(fl, r, "value"));
	}
	any = 0;
	for (size_t r = 0; r < tx->n_rows; r++) {
		if (strcmp(table_get(tx, r, "node"), id) != 0 ||
		    strcmp(table_get(tx, r, "section"), "summary") == 0)
			continue;
		if (!any++)
			buf_addc(c->out, '\n');
		int d = atoi(table_get(tx, r, "depth"));
		for (int i = 0; i < d && i < 6; i++)
			buf_adds(c->out, "  ");
		buf_addf(c->out, "- %s %s\n", table_get(tx, r, "marker"), table_get(tx, r, "text"));
	}
	for (size_t k = 0; k < c->n_tables; k++)
		if (table_mentions(c, k, "nodes", id))
			render_table(c, k);
	const struct table *ms = &c->m->tables[RES_MILESTONES];
	any = 0;
	for (size_t r = 0; r < ms->n_rows; r++) {
		if (strcmp(table_get(ms, r, "node"), id) != 0)
			continue;
		if (!any++)
			buf_adds(c->out, "\n| 시기 when | 내용 milestone | 상태 status |\n|---|---|---|\n");
		const char *when = table_get(ms, r, "when");
		buf_addf(c->out, "| %s | %s | %s |\n", *when ? when : table_get(ms, r, "note"),
			 table_get(ms, r, "title"), table_get(ms, r, "status"));
	}
	render_children(c, id, depth + 1);
}

static void render_findings(struct md *c)
{
	char a[32], b[32], d[32];

	buf_addf(c->out, "\n## 검증 결과 Findings\n\n오류 %d건, 경고 %d건 (errors %d, warnings %d)\n\n",
		 c->res->errors, c->res->warnings, c->res->errors, c->res->warnings);
	for (int sev = SEV_ERROR; sev >= SEV_WARNING; sev--) {
		for (size_t i = 0; i < c->res->n_findings; i++) {
			const struct finding *f = &c->res->findings[i];
			if ((int)f->severity != sev)
				continue;
			buf_addf(c->out, "- **%s** `%s` %s — %s", sev == SEV_ERROR ? "오류 error" : "경고 warning",
				 f->rule, f->expr ? f->expr : "", f->message_ko);
			if (f->has_values)
				buf_addf(c->out, ": 명시 %s, 계산 %s, 차이 %s", dec_str(f->stated, a),
					 dec_str(f->computed, b), dec_str(f->delta, d));
			buf_adds(c->out, " (");
			for (size_t k = 0; k < f->n_facts && k < 3; k++)
				buf_addf(c->out, "%s%s", k ? ", " : "", c->fs->facts[f->facts[k]].source);
			if (f->n_facts > 3)
				buf_addf(c->out, " … +%zu", f->n_facts - 3);
			if (f->source)
				buf_adds(c->out, f->source);
			buf_adds(c->out, ")\n");
			if (f->explanation && f->n_facts)
				buf_addf(c->out, "  - %s\n", f->explanation);
			for (size_t s = 0; s < f->n_suspects; s++) {
				const struct fact_info *fi = &c->fs->facts[f->suspects[s].fact];
				buf_addf(c->out, "  - 의심 셀 suspect: %s (%s, %s) → %s\n", fi->coords,
					 fi->printed, fi->source, dec_str(f->suspects[s].suggested, a));
			}
		}
	}
}

void report_markdown(struct model *m, const struct check_result *res, struct buf *out)
{
	struct md c = {.m = m, .res = res, .fs = &res->fs, .out = out};
	const char *title, *subtitle;

	arena_init(&c.arena);
	collect_tables(&c);
	title = meta(&c, "title");
	subtitle = meta(&c, "description");
	buf_addf(out, "# %s\n", title ? title : "보고서");
	if (subtitle)
		buf_addf(out, "\n%s\n", subtitle);
	buf_adds(out, "\n## Ⅰ. 일반현황 General\n");
	render_units(&c);
	render_children(&c, "", 0);
	int rest = 0;
	for (size_t k = 0; k < c.n_tables; k++)
		if (!c.rendered[k]) {
			if (!rest++)
				buf_adds(out, "\n## 기타 표 Other tables\n");
			render_table(&c, k);
		}
	render_findings(&c);
	free(c.tables);
	free(c.rendered);
	arena_release(&c.arena);
}
