/*
 * report_md.c - the report as Markdown (see report.h). It walks the outline
 * (outline.h) and writes each block as a list item or a pipe table; a mark
 * "†N" (error) or "‡N" (warning) follows every number finding N concerns.
 * Every piece of data goes through md_add, which makes it read as itself.
 */
#include <stdlib.h>
#include <string.h>

#include "base/knum.h"
#include "base/utf8.h"
#include "ledger_monitor.h"
#include "outline.h"
#include "report.h"

struct md {
	struct outline *o;
	struct buf *out;
	int in_list;  /* the last thing written was a list item */
	int at_start; /* the next text emitted opens a block (see md_add) */
};

/* Appends len bytes of data at s as Markdown that shows them as they are,
 * whatever they hold: the characters that open markup (raw HTML, links and
 * images, emphasis, code, strikethrough, a table cell's end, a heading's
 * closing #) are backslash-escaped; a line end becomes a space, since a new
 * line could open a heading or a code fence; other control characters are
 * made visible (utf8_add_visible). At the start of a block (at_start: a
 * paragraph, a list item, a quote) leading blanks are dropped and what would
 * make a list or a thematic break ("- ", "+ ", "1. ") is escaped too. */
static void md_add(struct buf *out, const char *s, size_t len, int at_start)
{
	const char *end = s + len;

	if (at_start) {
		const char *d = s;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		for (d = s; d < end && *d >= '0' && *d <= '9'; d++)
			;
		if (s < end && (*s == '-' || *s == '+' || *s == '=')) {
			buf_addc(out, '\\');
		} else if (d > s && d < end && (*d == '.' || *d == ')')) {
			buf_add(out, s, (size_t)(d - s));
			buf_addc(out, '\\');
			s = d;
		}
	}
	for (; s < end; s++) {
		unsigned char c = (unsigned char)*s;
		char one[3] = {*s, 0, 0};
		if (c == '\r' && s + 1 < end && s[1] == '\n')
			continue;
		if (c == '\n' || c == '\r') {
			buf_addc(out, ' ');
		} else if (c < 0x20 || c == 0x7F ||
			   (c == 0xC2 && s + 1 < end && (s[1] & 0xE0) == 0x80)) {
			if (c == 0xC2)
				one[1] = *++s; /* a C1 character */
			utf8_add_visible(out, one);
		} else {
			if (strchr("\\`*_[]<>&|~#", c) && c)
				buf_addc(out, '\\');
			buf_addc(out, (char)c);
		}
	}
}

static void md_adds(struct buf *out, const char *s, int at_start)
{
	md_add(out, s, strlen(s), at_start);
}

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
	struct md *c = ctx;
	md_add(c->out, s, len, c->at_start);
	c->at_start = 0;
	add_mark(c->out, p);
}

/* Walks text through emit_md; at_start: it opens a block. */
static void walk_md(struct md *c, enum place_kind kind, size_t row, const char *text, int at_start)
{
	c->at_start = at_start;
	outline_walk_text(c->o, kind, row, text, emit_md, c);
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
	/* the labels as written: row labels, then column labels */
	struct buf *labels = xcalloc(v->n_rows + v->n_cols + 1, sizeof(struct buf));

	struct table_caption cap;
	outline_caption(c->o, v, &cap);
	c->in_list = 0;
	if (*cap.title || *cap.note) {
		buf_adds(out, "\n*");
		md_adds(out, cap.title, 0);
		buf_adds(out, *cap.title && *cap.note ? " " : "");
		md_adds(out, cap.note, 0);
		buf_adds(out, "*\n");
	}
	buf_addc(out, '\n');
	for (size_t i = 0; i < v->n_rows + v->n_cols; i++) {
		buf_init(&labels[i]);
		md_adds(&labels[i], i < v->n_rows ? v->row_labels[i] : v->col_labels[i - v->n_rows],
			0);
	}
	width[0] = utf8_display_width("구분");
	for (size_t r = 0; r < v->n_rows; r++)
		if (utf8_display_width(labels[r].data) > width[0])
			width[0] = utf8_display_width(labels[r].data);
	for (size_t i = 0; i < v->n_rows * v->n_cols; i++) {
		buf_init(&cells[i]);
		if (v->cells[i]) {
			md_adds(&cells[i], v->cells[i], 0);
			add_mark(&cells[i], outline_fact_place(c->o, v->cell_fact[i] - 1));
		}
	}
	for (size_t col = 0; col < v->n_cols; col++) {
		width[col + 1] = utf8_display_width(labels[v->n_rows + col].data);
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
		buf_add_padded(out, labels[v->n_rows + col].data, width[col + 1], 1);
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
		buf_add_padded(out, labels[r].data, width[0], 0);
		for (size_t col = 0; col < v->n_cols; col++) {
			buf_adds(out, " | ");
			buf_add_padded(out, cells[r * v->n_cols + col].data, width[col + 1], 1);
		}
		buf_adds(out, " |\n");
	}
	for (size_t i = 0; i < v->n_notes; i++) { /* entered figures, a paragraph each */
		buf_addc(out, '\n');
		md_adds(out, v->notes[i], 0);
		buf_addc(out, '\n');
	}
	for (size_t i = 0; i < v->n_rows * v->n_cols; i++)
		buf_release(&cells[i]);
	for (size_t i = 0; i < v->n_rows + v->n_cols; i++)
		buf_release(&labels[i]);
	free(cells);
	free(labels);
	free(width);
}

static void units_md(struct md *c)
{
	const struct table *t = &c->o->m->tables[RES_UNITS];
	c->in_list = 0;
	buf_adds(c->out, "\n**조직 Organisation**\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		list_item(c, *table_get(t, r, "parent") ? 1 : 0);
		md_adds(c->out, table_get(t, r, "name_ko"), 1);
		if (*table_get(t, r, "rank")) {
			buf_adds(c->out, " (");
			md_adds(c->out, table_get(t, r, "rank"), 0);
			buf_adds(c->out, ")");
		}
		buf_adds(c->out, " — ");
		md_adds(c->out, outline_unit_kind(table_get(t, r, "kind")), 0);
		if (*table_get(t, r, "name_en")) {
			buf_adds(c->out, " · ");
			md_adds(c->out, table_get(t, r, "name_en"), 0);
		}
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
			buf_adds(c->out, "**");
			md_adds(c->out, outline_unit_name(c->o, unit), 0);
			buf_adds(c->out, "**\n");
			last = unit;
		}
		list_item(c, 1);
		md_adds(c->out, table_get(fn, r, "text"), 1);
		buf_addc(c->out, '\n');
	}
}

static void figures_md(struct md *c, const struct figures *g)
{
	if (g->n)
		table_md(c, &g->view);
}

/* A milestone as the original lists it: "ㅇ title : when". */
static void milestone_md(struct md *c, size_t r)
{
	const struct table *ms = &c->o->m->tables[RES_MILESTONES];
	const char *when = table_get(ms, r, "when");
	list_item(c, 1);
	buf_adds(c->out, "ㅇ ");
	md_adds(c->out, table_get(ms, r, "title"), 0);
	if (*when) {
		buf_adds(c->out, " : ");
		walk_md(c, PLACE_MILESTONE, r, when, 0);
	}
	buf_addc(c->out, '\n');
}

static void block_md(struct md *c, const struct block *b)
{
	struct model *m = c->o->m;
	switch (b->kind) {
	case BLOCK_TEXT: {
		const struct table *tx = &m->tables[RES_TEXTS];
		const char *marker = table_get(tx, b->index, "marker");
		list_item(c, atoi(table_get(tx, b->index, "depth")));
		md_adds(c->out, marker, 1);
		if (*marker)
			buf_addc(c->out, ' ');
		walk_md(c, PLACE_TEXT, b->index, table_get(tx, b->index, "text"), !*marker);
		buf_addc(c->out, '\n');
		break;
	}
	case BLOCK_FIELD: {
		const struct table *fl = &m->tables[RES_FIELDS];
		list_item(c, 1);
		buf_adds(c->out, "**");
		md_adds(c->out, table_get(fl, b->index, "key"), 0);
		buf_adds(c->out, "**: ");
		walk_md(c, PLACE_FIELD, b->index, table_get(fl, b->index, "value"), 0);
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
	case BLOCK_MILESTONE:
		milestone_md(c, b->index);
		break;
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
		buf_addf(c->out, "%zu. **%s** ", k + 1,
			 f->severity == SEV_ERROR ? "오류 error" : "경고 warning");
		md_adds(c->out, outline_finding_where(c->o, f), 0);
		buf_adds(c->out, " — ");
		check_message(f, 0, &m);
		md_adds(c->out, m.data, 0);
		if (f->has_values) {
			check_values_text(f, &m);
			buf_adds(c->out, ": ");
			md_adds(c->out, m.data, 0);
		}
		buf_adds(c->out, " (");
		const char **list;
		size_t n_src = check_sources(res, f, &list);
		for (size_t i = 0; i < n_src && i < 3; i++) {
			buf_adds(c->out, i ? ", " : "");
			md_adds(c->out, list[i], 0);
		}
		if (n_src > 3)
			buf_addf(c->out, " … +%zu", n_src - 3);
		free(list);
		buf_adds(c->out, ")\n");
		check_explanation(res, f, CHECK_BOTH, &m);
		if (m.len) {
			buf_adds(c->out, "   - ");
			md_adds(c->out, m.data, 1);
			buf_addc(c->out, '\n');
		}
		for (size_t s = 0; s < f->n_targets; s++) {
			const struct target *t = &f->targets[s];
			long fi = t->role == ROLE_SUSPECT ? check_target_index(res, t) : -1;
			if (fi < 0)
				continue;
			const struct fact_info *fa = &fs->facts[fi];
			buf_reset(&m);
			knum_format_grouped(t->fix, &m);
			buf_adds(c->out, "   - 의심 셀 suspect: ");
			md_adds(c->out, outline_fact_label(c->o, (size_t)fi), 0);
			buf_adds(c->out, " (");
			md_adds(c->out, fact_printed(fs, fa), 0);
			buf_adds(c->out, ", ");
			md_adds(c->out, t->source, 0);
			buf_addf(c->out, ") → %s\n", m.data);
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
	buf_adds(out, "# ");
	md_adds(out, o.title ? o.title : "보고서", 0);
	buf_addc(out, '\n');
	if (o.description) {
		buf_addc(out, '\n');
		md_adds(out, o.description, 1);
		buf_addc(out, '\n');
	}
	if (opt && opt->revision) {
		buf_adds(out, "\n자료 Data: ");
		md_adds(out, opt->revision, 0);
		buf_addc(out, '\n');
	}
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
		buf_addf(out, " %s%s", num, *num ? " " : "");
		md_adds(out, nd->title, 0);
		buf_addc(out, '\n');
		for (size_t s = 0; s < nd->n_summary; s++) {
			buf_adds(out, "\n> ");
			md_adds(out, table_get(&m->tables[RES_TEXTS], nd->summary[s], "text"), 1);
			buf_addc(out, '\n');
		}
		for (size_t b = 0; b < nd->n_blocks; b++)
			block_md(&c, &nd->blocks[b]);
	}
	if (o.n_other_tables)
		buf_adds(out, "\n## 기타 표 Other tables\n");
	for (size_t t = 0; t < o.n_other_tables; t++)
		table_md(&c, &o.tables[o.other_tables[t]]);
	if (o.other_figures.n) {
		buf_adds(out, "\n## 기타 수치 Other figures\n");
		figures_md(&c, &o.other_figures);
	}
	if (opt && opt->ledger) {
		buf_addc(out, '\n');
		ledger_monitor_md(out, opt->ledger->mon);
		buf_addc(out, '\n');
		ledger_render(out, opt->ledger->rows, opt->ledger->day, LBY_UNIT, LFMT_MD, 0);
	}
	if (!opt || !opt->clean)
		findings_md(&c);
	outline_release(&o);
}
