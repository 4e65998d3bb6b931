/*
 * report_md.c - the report as Markdown (see report.h). It walks the outline
 * (outline.h) and writes each block as a list item or a pipe table; a mark
 * "†N" (error) or "‡N" (warning) follows every number finding N concerns.
 */
#include <stdlib.h>
#include <string.h>

#include "base/knum.h"
#include "base/utf8.h"
#include "outline.h"
#include "report.h"

struct md {
	struct outline *o;
	struct buf *out;
	int in_list; /* the last thing written was a list item */
};

static void add_mark(struct buf *out, const struct place *p)
{
	if (!p)
		return;
	buf_adds(out, p->severity == SEV_ERROR ? " †" : " ‡");
	for (size_t i = 0; i < p->n_numbers; i++)
		buf_addf(out, "%s%zu", i ? "," : "", p->numbers[i]);
}

static void emit_md(void *ctx, const char *s, size_t len, const struct place *p)
{
	struct buf *out = ctx;
	buf_add(out, s, len);
	add_mark(out, p);
}

static void list_item(struct md *c, int depth)
{
	/* after a paragraph or table, a deeply indented item would read as code */
	if (!c->in_list) {
		buf_addc(c->out, '\n');
		depth = 0;
	}
	c->in_list = 1;
	for (int i = 0; i < depth && i < 6; i++)
		buf_adds(c->out, "  ");
	buf_adds(c->out, "- ");
}

static void table_md(struct md *c, const struct table_view *v)
{
	struct buf *out = c->out;
	size_t nc = v->n_cols + 1;
	int *width = xcalloc(nc, sizeof(int));
	struct buf *cells = xcalloc(v->n_rows * v->n_cols + 1, sizeof(struct buf));

	c->in_list = 0;
	if (*v->id)
		buf_addf(out, "\n*표 %s", v->id);
	else
		buf_adds(out, "\n*수치 Figures");
	if (v->unit && *v->unit)
		buf_addf(out, " — 단위: %s", v->unit);
	if (v->period && *v->period)
		buf_addf(out, " — %s 기준", v->period);
	buf_adds(out, "*\n\n");
	width[0] = utf8_display_width("구분");
	for (size_t r = 0; r < v->n_rows; r++)
		if (utf8_display_width(v->row_labels[r]) > width[0])
			width[0] = utf8_display_width(v->row_labels[r]);
	for (size_t i = 0; i < v->n_rows * v->n_cols; i++) {
		buf_init(&cells[i]);
		if (v->cells[i]) {
			buf_adds(&cells[i], v->cells[i]);
			add_mark(&cells[i], outline_fact_place(c->o, v->cell_fact[i] - 1));
		}
	}
	for (size_t col = 0; col < v->n_cols; col++) {
		width[col + 1] = utf8_display_width(v->col_labels[col]);
		for (size_t r = 0; r < v->n_rows; r++) {
			int w = utf8_display_width(cells[r * v->n_cols + col].data);
			if (w > width[col + 1])
				width[col + 1] = w;
		}
	}
	buf_adds(out, "| ");
	buf_add_padded(out, "구분", width[0], 0);
	for (size_t col = 0; col < v->n_cols; col++) {
		buf_adds(out, " | ");
		buf_add_padded(out, v->col_labels[col], width[col + 1], 1);
	}
	buf_adds(out, " |\n|");
	for (size_t col = 0; col < nc; col++) {
		for (int k = 0; k < width[col] + 1; k++)
			buf_addc(out, '-');
		buf_adds(out, col ? ":|" : "-|");
	}
	buf_addc(out, '\n');
	for (size_t r = 0; r < v->n_rows; r++) {
		buf_adds(out, "| ");
		buf_add_padded(out, v->row_labels[r], width[0], 0);
		for (size_t col = 0; col < v->n_cols; col++) {
			buf_adds(out, " | ");
			buf_add_padded(out, cells[r * v->n_cols + col].data, width[col + 1], 1);
		}
		buf_adds(out, " |\n");
	}
	for (size_t i = 0; i < v->n_rows * v->n_cols; i++)
		buf_release(&cells[i]);
	free(cells);
	free(width);
}

static void units_md(struct md *c)
{
	const struct table *t = &c->o->m->tables[RES_UNITS];
	c->in_list = 0;
	buf_adds(c->out, "\n**조직 Organisation**\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		list_item(c, *table_get(t, r, "parent") ? 1 : 0);
		buf_adds(c->out, table_get(t, r, "name_ko"));
		if (*table_get(t, r, "rank"))
			buf_addf(c->out, " (%s)", table_get(t, r, "rank"));
		buf_addf(c->out, " — %s", outline_unit_kind(table_get(t, r, "kind")));
		if (*table_get(t, r, "name_en"))
			buf_addf(c->out, " · %s", table_get(t, r, "name_en"));
		buf_addc(c->out, '\n');
	}
}

static void functions_md(struct md *c)
{
	const struct table *fn = &c->o->m->tables[RES_FUNCTIONS];
	const char *last = NULL;
	c->in_list = 0;
	for (size_t r = 0; r < fn->n_rows; r++) {
		const char *unit = table_get(fn, r, "unit");
		if (!last || strcmp(unit, last) != 0) {
			list_item(c, 0);
			buf_addf(c->out, "**%s**\n", outline_unit_name(c->o, unit));
			last = unit;
		}
		list_item(c, 1);
		buf_addf(c->out, "%s\n", table_get(fn, r, "text"));
	}
}

static void figures_md(struct md *c, const struct figures *g)
{
	if (g->n)
		table_md(c, &g->view);
}

static void block_md(struct md *c, const struct block *b)
{
	struct model *m = c->o->m;
	switch (b->kind) {
	case BLOCK_TEXT: {
		const struct table *tx = &m->tables[RES_TEXTS];
		const char *marker = table_get(tx, b->index, "marker");
		list_item(c, atoi(table_get(tx, b->index, "depth")));
		buf_addf(c->out, "%s%s", marker, *marker ? " " : "");
		outline_walk_text(c->o, PLACE_TEXT, b->index, table_get(tx, b->index, "text"),
				  emit_md, c->out);
		buf_addc(c->out, '\n');
		break;
	}
	case BLOCK_FIELD: {
		const struct table *fl = &m->tables[RES_FIELDS];
		list_item(c, 1);
		buf_addf(c->out, "**%s**: ", table_get(fl, b->index, "key"));
		outline_walk_text(c->o, PLACE_FIELD, b->index, table_get(fl, b->index, "value"),
				  emit_md, c->out);
		buf_addc(c->out, '\n');
		break;
	}
	case BLOCK_TABLE:
		table_md(c, &c->o->tables[b->index]);
		break;
	case BLOCK_UNITS:
		units_md(c);
		break;
	case BLOCK_FUNCTIONS:
		functions_md(c);
		break;
	case BLOCK_FIGURES:
		figures_md(c, &c->o->figures[b->index]);
		break;
	}
}

static void milestones_md(struct md *c, const struct onode *nd)
{
	const struct table *ms = &c->o->m->tables[RES_MILESTONES];
	if (!nd->n_milestones)
		return;
	c->in_list = 0;
	buf_adds(c->out, "\n| 시기 when | 내용 milestone | 상태 status |\n|---|---|---|\n");
	for (size_t i = 0; i < nd->n_milestones; i++) {
		size_t r = nd->milestones[i];
		const char *when = table_get(ms, r, "when");
		buf_adds(c->out, "| ");
		if (*when)
			outline_walk_text(c->o, PLACE_MILESTONE, r, when, emit_md, c->out);
		else
			buf_adds(c->out, table_get(ms, r, "note"));
		buf_addf(c->out, " | %s | %s |\n", table_get(ms, r, "title"),
			 table_get(ms, r, "status"));
	}
}

static void findings_md(struct md *c)
{
	const struct check_result *res = c->o->res;
	const struct factset *fs = c->o->fs;
	struct buf m;

	buf_init(&m);
	buf_addf(c->out,
		 "\n## 검증 결과 Findings\n\n오류 %d건, 경고 %d건 (errors %d, warnings %d)\n\n",
		 res->errors, res->warnings, res->errors, res->warnings);
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct finding *f = &res->findings[c->o->order[k]];
		check_message(f, 0, &m);
		buf_addf(c->out, "%zu. **%s** `%s` %s — %s", k + 1,
			 f->severity == SEV_ERROR ? "오류 error" : "경고 warning", f->rule,
			 f->expr ? f->expr : "", m.data);
		if (f->has_values) {
			check_values_text(f, &m);
			buf_addf(c->out, ": %s", m.data);
		}
		buf_adds(c->out, " (");
		const char **list;
		size_t n_src = check_sources(res, f, &list);
		for (size_t i = 0; i < n_src && i < 3; i++)
			buf_addf(c->out, "%s%s", i ? ", " : "", list[i]);
		if (n_src > 3)
			buf_addf(c->out, " … +%zu", n_src - 3);
		free(list);
		buf_adds(c->out, ")\n");
		check_explanation(res, f, &m);
		if (m.len)
			buf_addf(c->out, "   - %s\n", m.data);
		for (size_t s = 0; s < f->n_targets; s++) {
			const struct target *t = &f->targets[s];
			long fi = t->role == ROLE_SUSPECT ? check_target_index(res, t) : -1;
			if (fi < 0)
				continue;
			const struct fact_info *fa = &fs->facts[fi];
			buf_reset(&m);
			knum_format_grouped(t->fix, &m);
			buf_addf(c->out, "   - 의심 셀 suspect: %s (%s, %s) → %s\n",
				 fact_coords(fs, fa), fact_printed(fs, fa), t->source, m.data);
		}
	}
	buf_release(&m);
}

void report_markdown(struct model *m, const struct check_result *res, const struct report_opts *opt,
		     struct buf *out)
{
	struct outline o;
	struct md c = {.o = &o, .out = out};
	struct check_result scratch;

	outline_build(&o, m, report_findings(opt, res, &scratch));
	buf_addf(out, "# %s\n", o.title ? o.title : "보고서");
	if (o.description)
		buf_addf(out, "\n%s\n", o.description);
	if (opt && opt->revision)
		buf_addf(out, "\n자료 Data: %s\n", opt->revision);
	if (opt && opt->date)
		buf_addf(out, "\n작성 Printed: %s\n", opt->date);
	for (size_t i = 0; i < o.n_nodes; i++) {
		const struct onode *nd = &o.nodes[i];
		const char *num = outline_number(&o, nd);
		int level = nd->depth + 2 > 6 ? 6 : nd->depth + 2;
		c.in_list = 0;
		buf_addc(out, '\n');
		for (int k = 0; k < level; k++)
			buf_addc(out, '#');
		buf_addf(out, " %s%s%s\n", num, *num ? " " : "", nd->title);
		for (size_t s = 0; s < nd->n_summary; s++)
			buf_addf(out, "\n> %s\n",
				 table_get(&m->tables[RES_TEXTS], nd->summary[s], "text"));
		for (size_t b = 0; b < nd->n_blocks; b++)
			block_md(&c, &nd->blocks[b]);
		milestones_md(&c, nd);
	}
	if (o.n_other_tables)
		buf_adds(out, "\n## 기타 표 Other tables\n");
	for (size_t t = 0; t < o.n_other_tables; t++)
		table_md(&c, &o.tables[o.other_tables[t]]);
	if (o.other_figures.n) {
		buf_adds(out, "\n## 기타 수치 Other figures\n");
		figures_md(&c, &o.other_figures);
	}
	if (!opt || !opt->clean)
		findings_md(&c);
	outline_release(&o);
}
