/*
 * report_hwpx.c - the report as an HWPX document (KS X 6101, OWPML: what
 * 한글 reads and writes), see report.h. It walks the same outline as the
 * Markdown report (outline.h) and writes the same paragraphs and tables in
 * the same order, styled for print as the HTML report is: headings in
 * Gothic, narrative with its printed markers (□ ㅇ - ※) as hanging indents,
 * ruled tables with a shaded header and 계 row and numbers on the right, a
 * page break before each top-level section, area and program.
 *
 * The package is a ZIP (libzip) whose first entry is the uncompressed
 * `mimetype`; then version.xml, META-INF/container.xml and manifest.xml,
 * Contents/content.hpf (the OPF package naming the parts), Contents/
 * header.xml (fonts, border fills, character and paragraph shapes, one
 * style) and Contents/section0.xml (the text). The XML is written with
 * libxml2's text writer, which escapes everything from the data. Shapes are
 * referred to by id from the tables below; nothing is measured, so 한글
 * lays the text out itself (tables get their column widths from the width
 * of their contents).
 *
 * A report whose database holds a budget execution ledger ends, as the
 * Markdown one does, with its monitoring and execution tables
 * (report_opts.ledger), before the findings.
 *
 * A finding is marked as in the HTML: the number shaded red (error) or amber
 * (warning) and a superscript "†N"/"‡N" after it; the findings are listed
 * at the end. A clean copy (report_opts.clean) has neither.
 */
#include <libxml/xmlwriter.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/knum.h"
#include "base/utf8.h"
#include "ledger_monitor.h"
#include "outline.h"
#include "report.h"

/* HWPUNIT: 1/7200 inch. A4 with the HTML report's margins. */
#define HU_MM(mm) ((long)((mm)*7200.0 / 25.4 + 0.5))
#define PAGE_W HU_MM(210)
#define PAGE_H HU_MM(297)
#define MARGIN_SIDE HU_MM(18)
#define TEXT_W (PAGE_W - 2 * MARGIN_SIDE)
#define ROW_H HU_MM(6)
#define INDENT HU_MM(5)

#define NS_HP "http://www.hancom.co.kr/hwpml/2011/paragraph"
#define NS_HS "http://www.hancom.co.kr/hwpml/2011/section"
#define NS_HH "http://www.hancom.co.kr/hwpml/2011/head"
#define NS_HC "http://www.hancom.co.kr/hwpml/2011/core"

/* Border fills (header.xml ids). */
enum { BF_NONE = 1, BF_CELL, BF_HEAD, BF_TOTAL, BF_ERR, BF_WARN, BF_COUNT = BF_WARN };

/* Character shapes. */
enum cpr {
	CP_BODY,
	CP_BOLD,      /* depth-0 narrative, field keys */
	CP_CELL,      /* table text */
	CP_CELL_BOLD, /* table header and 계 row */
	CP_H1,	      /* Ⅰ–Ⅳ */
	CP_H2,	      /* areas */
	CP_H3,	      /* programs */
	CP_H4,	      /* below */
	CP_SUP_ERR,
	CP_SUP_WARN,
	CP_TITLE, /* the package's title */
	CP_CAPTION,
	CP_NOTE,
	CP_MARK_ERR, /* a marked number in the text */
	CP_MARK_WARN,
	CP_COUNT
};

/* Paragraph shapes: PP_TEXT + depth (0..6) hang their marker. */
enum ppr {
	PP_BODY,
	PP_TEXT,
	PP_HEADING = PP_TEXT + 7,
	PP_CELL,
	PP_CELL_NUM,
	PP_CELL_HEAD,
	PP_CENTER,
	PP_CAPTION,
	PP_COUNT
};

struct hw {
	struct outline *o;
	const struct report_opts *opt;
	xmlTextWriterPtr w;
	int bad;	   /* a writer call failed (out of memory) */
	unsigned long ids; /* paragraph and object ids */
	int page_break;	   /* the next top-level paragraph starts a page */
	int wrote_first;   /* the section's properties are written */
};

/* ---- writer shorthands ------------------------------------------------------ */

static void el(struct hw *h, const char *name)
{
	h->bad |= xmlTextWriterStartElement(h->w, BAD_CAST name) < 0;
}

static void end(struct hw *h)
{
	h->bad |= xmlTextWriterEndElement(h->w) < 0;
}

static void at(struct hw *h, const char *name, const char *v)
{
	h->bad |= xmlTextWriterWriteAttribute(h->w, BAD_CAST name, BAD_CAST v) < 0;
}

static void atl(struct hw *h, const char *name, long v)
{
	h->bad |= xmlTextWriterWriteFormatAttribute(h->w, BAD_CAST name, "%ld", v) < 0;
}

/* An empty element with attributes given as name, value pairs (NULL ends). */
static void empty(struct hw *h, const char *name, ...)
{
	va_list ap;
	const char *k;
	el(h, name);
	va_start(ap, name);
	while ((k = va_arg(ap, const char *)))
		at(h, k, va_arg(ap, const char *));
	va_end(ap);
	end(h);
}

/* Text of an hp:t: a tab and a line break are elements; other control
 * characters cannot be written in XML 1.0 and are dropped. */
static void text_n(struct hw *h, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		unsigned char ch = i < n ? (unsigned char)s[i] : 0;
		if (i < n && (ch >= 0x20 || ch == '\r'))
			continue;
		if (i > start)
			h->bad |= xmlTextWriterWriteFormatString(h->w, "%.*s", (int)(i - start),
								 s + start) < 0;
		if (ch == '\t')
			empty(h, "hp:tab", NULL);
		else if (ch == '\n')
			empty(h, "hp:lineBreak", NULL);
		start = i + 1;
	}
}

/* ---- paragraphs --------------------------------------------------------------- */

static void sec_pr(struct hw *h)
{
	el(h, "hp:secPr");
	at(h, "id", "");
	at(h, "textDirection", "HORIZONTAL");
	at(h, "spaceColumns", "1134");
	at(h, "tabStop", "8000");
	at(h, "outlineShapeIDRef", "0");
	at(h, "memoShapeIDRef", "0");
	at(h, "textVerticalWidthHead", "0");
	at(h, "masterPageCnt", "0");
	empty(h, "hp:grid", "lineGrid", "0", "charGrid", "0", "wonggojiFormat", "0", NULL);
	empty(h, "hp:startNum", "pageStartsOn", "BOTH", "page", "0", "pic", "0", "tbl", "0",
	      "equation", "0", NULL);
	empty(h, "hp:visibility", "hideFirstHeader", "0", "hideFirstFooter", "0",
	      "hideFirstMasterPage", "0", "border", "SHOW_ALL", "fill", "SHOW_ALL",
	      "hideFirstPageNum", "1", "hideFirstEmptyLine", "0", "showLineNumber", "0", NULL);
	el(h, "hp:pagePr");
	at(h, "landscape", "WIDELY");
	atl(h, "width", PAGE_W);
	atl(h, "height", PAGE_H);
	at(h, "gutterType", "LEFT_ONLY");
	el(h, "hp:margin");
	atl(h, "header", HU_MM(10));
	atl(h, "footer", HU_MM(8));
	at(h, "gutter", "0");
	atl(h, "left", MARGIN_SIDE);
	atl(h, "right", MARGIN_SIDE);
	atl(h, "top", HU_MM(20) - HU_MM(10));
	atl(h, "bottom", HU_MM(18) - HU_MM(8));
	end(h);
	end(h);
	end(h); /* secPr */
	/* one column, and the page number at the foot: "- 3 -" */
	el(h, "hp:ctrl");
	empty(h, "hp:colPr", "id", "", "type", "NEWSPAPER", "layout", "LEFT", "colCount", "1",
	      "sameSz", "1", "sameGap", "0", NULL);
	end(h);
	el(h, "hp:ctrl");
	empty(h, "hp:pageNum", "pos", "BOTTOM_CENTER", "formatType", "DIGIT", "sideChar", "-",
	      NULL);
	end(h);
}

static void para_open(struct hw *h, enum ppr pp)
{
	el(h, "hp:p");
	atl(h, "id", (long)++h->ids);
	atl(h, "paraPrIDRef", pp);
	at(h, "styleIDRef", "0");
	at(h, "pageBreak", h->page_break ? "1" : "0");
	at(h, "columnBreak", "0");
	at(h, "merged", "0");
	h->page_break = 0;
	if (!h->wrote_first) {
		h->wrote_first = 1;
		el(h, "hp:run");
		at(h, "charPrIDRef", "0");
		sec_pr(h);
		end(h);
	}
}

static void run_n(struct hw *h, enum cpr cp, const char *s, size_t n)
{
	el(h, "hp:run");
	atl(h, "charPrIDRef", cp);
	el(h, "hp:t");
	text_n(h, s, n);
	end(h);
	end(h);
}

static void run(struct hw *h, enum cpr cp, const char *s)
{
	run_n(h, cp, s, strlen(s));
}

/* A paragraph of one run. */
static void para(struct hw *h, enum ppr pp, enum cpr cp, const char *s)
{
	para_open(h, pp);
	run(h, cp, s);
	end(h);
}

/* "†8" or "‡22,39" after a marked number. */
static void mark_sup(struct hw *h, const struct place *p)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, p->severity == SEV_ERROR ? "†" : "‡");
	for (size_t i = 0; i < p->n_numbers; i++)
		buf_addf(&b, "%s%zu", i ? "," : "", p->numbers[i]);
	run(h, p->severity == SEV_ERROR ? CP_SUP_ERR : CP_SUP_WARN, b.data);
	buf_release(&b);
}

struct emit_ctx {
	struct hw *h;
	enum cpr cp;
};

static void emit_hwpx(void *ctx, const char *s, size_t len, const struct place *p)
{
	struct emit_ctx *e = ctx;
	if (!len)
		return;
	if (!p) {
		run_n(e->h, e->cp, s, len);
		return;
	}
	run_n(e->h, p->severity == SEV_ERROR ? CP_MARK_ERR : CP_MARK_WARN, s, len);
	mark_sup(e->h, p);
}

static void walk(struct hw *h, enum cpr cp, enum place_kind kind, size_t row, const char *text)
{
	struct emit_ctx e = {h, cp};
	outline_walk_text(h->o, kind, row, text, emit_hwpx, &e);
}

/* ---- tables -------------------------------------------------------------------- */

struct grid {
	size_t rows, cols;
	long *width; /* per column, HWPUNIT */
};

/* Column widths in proportion to the widest text of each column, within
 * the text width, none narrower than 4 characters or wider than 30. */
static void grid_widths(struct grid *g, const char *const *texts)
{
	long total = 0;
	for (size_t c = 0; c < g->cols; c++) {
		int w = 4;
		for (size_t r = 0; r < g->rows; r++) {
			const char *t = texts[r * g->cols + c];
			int tw = t ? utf8_display_width(t) : 0;
			if (tw > w)
				w = tw;
		}
		g->width[c] = w > 30 ? 30 : w;
		total += g->width[c];
	}
	long used = 0;
	for (size_t c = 0; c < g->cols; c++) {
		g->width[c] = c + 1 < g->cols ? TEXT_W * g->width[c] / total : TEXT_W - used;
		used += g->width[c];
	}
}

static void table_open(struct hw *h, const struct grid *g)
{
	para_open(h, PP_BODY);
	el(h, "hp:run");
	atl(h, "charPrIDRef", CP_CELL);
	el(h, "hp:tbl");
	atl(h, "id", (long)++h->ids);
	at(h, "zOrder", "0");
	at(h, "numberingType", "TABLE");
	at(h, "textWrap", "TOP_AND_BOTTOM");
	at(h, "textFlow", "BOTH_SIDES");
	at(h, "lock", "0");
	at(h, "dropcapstyle", "None");
	at(h, "pageBreak", "CELL");
	at(h, "repeatHeader", "1");
	atl(h, "rowCnt", (long)g->rows);
	atl(h, "colCnt", (long)g->cols);
	at(h, "cellSpacing", "0");
	atl(h, "borderFillIDRef", BF_CELL);
	at(h, "noAdjust", "0");
	el(h, "hp:sz");
	atl(h, "width", TEXT_W);
	at(h, "widthRelTo", "ABSOLUTE");
	atl(h, "height", ROW_H * (long)g->rows);
	at(h, "heightRelTo", "ABSOLUTE");
	at(h, "protect", "0");
	end(h);
	empty(h, "hp:pos", "treatAsChar", "1", "affectLSpacing", "0", "flowWithText", "1",
	      "allowOverlap", "0", "holdAnchorAndSO", "0", "vertRelTo", "PARA", "horzRelTo", "PARA",
	      "vertAlign", "TOP", "horzAlign", "LEFT", "vertOffset", "0", "horzOffset", "0", NULL);
	empty(h, "hp:outMargin", "left", "0", "right", "0", "top", "0", "bottom", "0", NULL);
	empty(h, "hp:inMargin", "left", "510", "right", "510", "top", "141", "bottom", "141", NULL);
}

static void table_close(struct hw *h)
{
	end(h); /* tbl */
	end(h); /* run */
	end(h); /* p */
}

/* One cell: its runs are the caller's, between cell_open and cell_close. */
static void cell_open(struct hw *h, int bf, int header, enum ppr pp)
{
	el(h, "hp:tc");
	at(h, "name", "");
	at(h, "header", header ? "1" : "0");
	at(h, "hasMargin", "0");
	at(h, "protect", "0");
	at(h, "editable", "0");
	at(h, "dirty", "0");
	atl(h, "borderFillIDRef", bf);
	el(h, "hp:subList");
	at(h, "id", "");
	at(h, "textDirection", "HORIZONTAL");
	at(h, "lineWrap", "BREAK");
	at(h, "vertAlign", "CENTER");
	at(h, "linkListIDRef", "0");
	at(h, "linkListNextIDRef", "0");
	at(h, "textWidth", "0");
	at(h, "textHeight", "0");
	at(h, "hasTextRef", "0");
	at(h, "hasNumRef", "0");
	el(h, "hp:p");
	atl(h, "id", (long)++h->ids);
	atl(h, "paraPrIDRef", pp);
	at(h, "styleIDRef", "0");
	at(h, "pageBreak", "0");
	at(h, "columnBreak", "0");
	at(h, "merged", "0");
}

static void cell_close(struct hw *h, const struct grid *g, size_t r, size_t c)
{
	end(h); /* p */
	end(h); /* subList */
	el(h, "hp:cellAddr");
	atl(h, "colAddr", (long)c);
	atl(h, "rowAddr", (long)r);
	end(h);
	empty(h, "hp:cellSpan", "colSpan", "1", "rowSpan", "1", NULL);
	el(h, "hp:cellSz");
	atl(h, "width", g->width[c]);
	atl(h, "height", ROW_H);
	end(h);
	empty(h, "hp:cellMargin", "left", "510", "right", "510", "top", "141", "bottom", "141",
	      NULL);
	end(h); /* tc */
}

static void cell_text(struct hw *h, const struct grid *g, size_t r, size_t c, int bf, int header,
		      enum ppr pp, enum cpr cp, const char *s)
{
	cell_open(h, bf, header, pp);
	if (s && *s)
		run(h, cp, s);
	cell_close(h, g, r, c);
}

static void caption(struct hw *h, const struct table_view *v)
{
	struct table_caption cap;
	struct buf b;
	outline_caption(h->o, v, &cap);
	if (!*cap.title && !*cap.note)
		return;
	buf_init(&b);
	buf_addf(&b, "%s%s%s", cap.title, *cap.title && *cap.note ? " " : "", cap.note);
	para(h, PP_CAPTION, CP_CAPTION, b.data);
	buf_release(&b);
}

static void table_hwpx(struct hw *h, const struct table_view *v)
{
	struct grid g = {v->n_rows + 1, v->n_cols + 1, NULL};
	const char **texts = xcalloc(g.rows * g.cols, sizeof(char *));

	caption(h, v);
	texts[0] = "구분";
	for (size_t c = 0; c < v->n_cols; c++)
		texts[c + 1] = v->col_labels[c];
	for (size_t r = 0; r < v->n_rows; r++) {
		texts[(r + 1) * g.cols] = v->row_labels[r];
		for (size_t c = 0; c < v->n_cols; c++)
			texts[(r + 1) * g.cols + c + 1] = v->cells[r * v->n_cols + c];
	}
	g.width = xcalloc(g.cols, sizeof(long));
	grid_widths(&g, texts);
	table_open(h, &g);
	el(h, "hp:tr");
	for (size_t c = 0; c < g.cols; c++)
		cell_text(h, &g, 0, c, BF_HEAD, 1, PP_CELL_HEAD, CP_CELL_BOLD, texts[c]);
	end(h);
	for (size_t r = 0; r < v->n_rows; r++) {
		int total = v->row_total[r];
		enum cpr cp = total ? CP_CELL_BOLD : CP_CELL;
		el(h, "hp:tr");
		cell_text(h, &g, r + 1, 0, total ? BF_TOTAL : BF_CELL, 0, PP_CELL, cp,
			  v->row_labels[r]);
		for (size_t c = 0; c < v->n_cols; c++) {
			size_t i = r * v->n_cols + c;
			const struct place *p =
				v->cells[i] ? outline_fact_place(h->o, v->cell_fact[i] - 1) : NULL;
			int bf = p ? (p->severity == SEV_ERROR ? BF_ERR : BF_WARN)
				   : (total ? BF_TOTAL : BF_CELL);
			cell_open(h, bf, 0, PP_CELL_NUM);
			if (v->cells[i])
				run(h, cp, v->cells[i]);
			if (p)
				mark_sup(h, p);
			cell_close(h, &g, r + 1, c + 1);
		}
		end(h);
	}
	table_close(h);
	for (size_t i = 0; i < v->n_notes; i++) /* entered figures */
		para(h, PP_BODY, CP_CAPTION, v->notes[i]);
	free(g.width);
	free(texts);
}

/* A table of text: rows x cols texts, the first row its header; columns
 * from 1 on hold numbers (right-aligned); the last row is a 계 row when
 * total_last. */
static void text_table_hwpx(struct hw *h, size_t rows, size_t cols, const char **texts,
			    int total_last)
{
	struct grid g = {rows, cols, xcalloc(cols, sizeof(long))};

	grid_widths(&g, texts);
	table_open(h, &g);
	for (size_t r = 0; r < rows; r++) {
		int head = r == 0, total = total_last && r + 1 == rows;
		el(h, "hp:tr");
		for (size_t c = 0; c < cols; c++)
			cell_text(h, &g, r, c,
				  head	  ? BF_HEAD
				  : total ? BF_TOTAL
					  : BF_CELL,
				  head,
				  head ? PP_CELL_HEAD
				  : c  ? PP_CELL_NUM
				       : PP_CELL,
				  head || total ? CP_CELL_BOLD : CP_CELL, texts[r * cols + c]);
		end(h);
	}
	table_close(h);
	free(g.width);
}

/* The budget execution part: the monitoring with the groups behind their
 * target counted, then the execution table by division, in the words of
 * the Markdown report (ledger_monitor.h, ledger_report.h). */
static void ledger_hwpx(struct hw *h, const struct report_ledger *l)
{
	const struct ledger_monitor *m = l->mon;
	int nf = ledger_n_figures(0);
	size_t cols = (size_t)nf + 1, rows = l->rows->n + 1;
	size_t n = (m->n + 1) * LEDGER_MONITOR_COLS > rows * cols ? (m->n + 1) * LEDGER_MONITOR_COLS
								  : rows * cols;
	const char **texts = xcalloc(n, sizeof(char *));
	struct buf *cells = xcalloc(n, sizeof(struct buf)), t;

	buf_init(&t);
	for (size_t i = 0; i < n; i++)
		buf_init(&cells[i]);
	ledger_monitor_caption(&t, m);
	h->page_break = 1;
	para(h, PP_HEADING, CP_H1, t.data);
	for (int k = 0; k < LEDGER_MONITOR_COLS; k++)
		texts[k] = ledger_monitor_head(k);
	for (size_t i = 0; i < m->n; i++)
		for (int k = 0; k < LEDGER_MONITOR_COLS; k++) {
			size_t at = (i + 1) * LEDGER_MONITOR_COLS + (size_t)k;
			ledger_monitor_cell(&cells[at], &m->groups[i], k);
			texts[at] = cells[at].data;
		}
	text_table_hwpx(h, m->n + 1, LEDGER_MONITOR_COLS, texts, 0);
	buf_reset(&t);
	ledger_monitor_summary(&t, m);
	para(h, PP_BODY, CP_BODY, t.data);

	buf_reset(&t);
	ledger_title(&t, l->day, LBY_UNIT);
	para(h, PP_HEADING, CP_H1, t.data);
	para(h, PP_BODY, CP_BODY, ledger_unit_line);
	for (size_t i = 0; i < n; i++)
		buf_reset(&cells[i]);
	for (size_t c = 0; c < cols; c++)
		texts[c] = ledger_head(LBY_UNIT, (int)c);
	for (size_t r = 1; r < rows; r++) {
		const struct ledger_row *row = &l->rows->rows[r - 1];
		texts[r * cols] = row->label;
		for (int k = 0; k < nf; k++) {
			size_t at = r * cols + (size_t)k + 1;
			ledger_figure(&cells[at], LFMT_MD, &row->c, k);
			texts[at] = cells[at].data;
		}
	}
	text_table_hwpx(h, rows, cols, texts, 1); /* ledger_group ends with the 계 row */
	for (size_t i = 0; i < n; i++)
		buf_release(&cells[i]);
	free(cells);
	free(texts);
	buf_release(&t);
}

/* ---- blocks -------------------------------------------------------------------- */

static int clamp_depth(int d)
{
	return d < 0 ? 0 : d > 6 ? 6 : d;
}

static int is_note_marker(const char *m)
{
	size_t n = strlen(m);
	return strcmp(m, "※") == 0 || strcmp(m, "*") == 0 || (n && m[n - 1] == ')');
}

static void text_hwpx(struct hw *h, size_t row)
{
	const struct table *tx = &h->o->m->tables[RES_TEXTS];
	const char *marker = table_get(tx, row, "marker");
	int depth = clamp_depth(atoi(table_get(tx, row, "depth")));
	enum cpr cp = depth == 0 ? CP_BOLD : is_note_marker(marker) ? CP_NOTE : CP_BODY;

	para_open(h, (enum ppr)(PP_TEXT + depth));
	if (*marker) {
		struct buf b;
		buf_init(&b);
		buf_addf(&b, "%s ", marker);
		run(h, cp, b.data);
		buf_release(&b);
	}
	walk(h, cp, PLACE_TEXT, row, table_get(tx, row, "text"));
	end(h);
}

static void field_hwpx(struct hw *h, size_t row)
{
	const struct table *fl = &h->o->m->tables[RES_FIELDS];
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "ㅇ %s", table_get(fl, row, "key"));
	para_open(h, PP_TEXT + 1);
	run(h, CP_BOLD, b.data);
	run(h, CP_BODY, ": ");
	walk(h, CP_BODY, PLACE_FIELD, row, table_get(fl, row, "value"));
	end(h);
	buf_release(&b);
}

/* A milestone as the original lists it: "ㅇ title : when". */
static void milestone_hwpx(struct hw *h, size_t row)
{
	const struct table *ms = &h->o->m->tables[RES_MILESTONES];
	const char *when = table_get(ms, row, "when");
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "ㅇ %s%s", table_get(ms, row, "title"), *when ? " : " : "");
	para_open(h, PP_TEXT + 1);
	run(h, CP_BODY, b.data);
	if (*when)
		walk(h, CP_BODY, PLACE_MILESTONE, row, when);
	end(h);
	buf_release(&b);
}

static void units_hwpx(struct hw *h)
{
	const struct table *t = &h->o->m->tables[RES_UNITS];
	struct buf b;

	buf_init(&b);
	para(h, PP_CAPTION, CP_BOLD, "조직 Organisation");
	for (size_t r = 0; r < t->n_rows; r++) {
		buf_reset(&b);
		buf_adds(&b, table_get(t, r, "name_ko"));
		if (*table_get(t, r, "rank"))
			buf_addf(&b, " (%s)", table_get(t, r, "rank"));
		buf_addf(&b, " — %s", outline_unit_kind(table_get(t, r, "kind")));
		if (*table_get(t, r, "name_en"))
			buf_addf(&b, " · %s", table_get(t, r, "name_en"));
		para(h, *table_get(t, r, "parent") ? PP_TEXT + 1 : PP_TEXT, CP_BODY, b.data);
	}
	buf_release(&b);
}

static void functions_hwpx(struct hw *h)
{
	const struct table *fn = &h->o->m->tables[RES_FUNCTIONS];
	const char *last = NULL;
	for (size_t r = 0; r < fn->n_rows; r++) {
		const char *unit = table_get(fn, r, "unit");
		if (!last || strcmp(unit, last) != 0) {
			para(h, PP_TEXT, CP_BOLD, outline_unit_name(h->o, unit));
			last = unit;
		}
		para(h, PP_TEXT + 1, CP_BODY, table_get(fn, r, "text"));
	}
}

static void block_hwpx(struct hw *h, const struct block *b)
{
	switch (b->kind) {
	case BLOCK_TEXT:
		text_hwpx(h, b->index);
		break;
	case BLOCK_FIELD:
		field_hwpx(h, b->index);
		break;
	case BLOCK_TABLE:
		table_hwpx(h, &h->o->tables[b->index]);
		break;
	case BLOCK_UNITS:
		units_hwpx(h);
		break;
	case BLOCK_FUNCTIONS:
		functions_hwpx(h);
		break;
	case BLOCK_FIGURES:
		if (h->o->figures[b->index].n)
			table_hwpx(h, &h->o->figures[b->index].view);
		break;
	case BLOCK_MILESTONE:
		milestone_hwpx(h, b->index);
		break;
	}
}

static void node_hwpx(struct hw *h, const struct onode *nd)
{
	const char *num = outline_number(h->o, nd);
	static const enum cpr by_depth[] = {CP_H1, CP_H2, CP_H3, CP_H4};
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "%s%s%s", num, *num ? " " : "", nd->title);
	h->page_break = nd->page_break;
	para(h, PP_HEADING, by_depth[nd->depth < 3 ? nd->depth : 3], b.data);
	buf_release(&b);
	for (size_t s = 0; s < nd->n_summary; s++) {
		para_open(h, PP_BODY);
		walk(h, CP_BOLD, PLACE_TEXT, nd->summary[s],
		     table_get(&h->o->m->tables[RES_TEXTS], nd->summary[s], "text"));
		end(h);
	}
	for (size_t k = 0; k < nd->n_blocks; k++)
		block_hwpx(h, &nd->blocks[k]);
}

/* The findings as the Markdown report lists them, one paragraph each. */
static void findings_hwpx(struct hw *h)
{
	const struct check_result *res = h->o->res;
	const struct factset *fs = h->o->fs;
	struct buf t, m;

	buf_init(&t);
	buf_init(&m);
	h->page_break = 1;
	para(h, PP_HEADING, CP_H1, "검증 결과 Findings");
	buf_addf(&t, "오류 %d건, 경고 %d건 (errors %d, warnings %d)", res->errors, res->warnings,
		 res->errors, res->warnings);
	para(h, PP_BODY, CP_BODY, t.data);
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct finding *f = &res->findings[h->o->order[k]];
		const char **list;
		size_t n_src;
		buf_reset(&t);
		check_message(f, 0, &m);
		buf_addf(&t, "%zu. %s %s — %s", k + 1,
			 f->severity == SEV_ERROR ? "오류 error" : "경고 warning",
			 outline_finding_where(h->o, f), m.data);
		if (f->has_values) {
			check_values_text(f, &m);
			buf_addf(&t, ": %s", m.data);
		}
		buf_adds(&t, " (");
		n_src = check_sources(res, f, &list);
		for (size_t i = 0; i < n_src && i < 3; i++)
			buf_addf(&t, "%s%s", i ? ", " : "", list[i]);
		if (n_src > 3)
			buf_addf(&t, " … +%zu", n_src - 3);
		free(list);
		buf_adds(&t, ")");
		para(h, PP_TEXT, CP_BODY, t.data);
		check_explanation(res, f, CHECK_BOTH, &m);
		if (m.len)
			para(h, PP_TEXT + 1, CP_NOTE, m.data);
		for (size_t s = 0; s < f->n_targets; s++) {
			const struct target *tg = &f->targets[s];
			long fi = tg->role == ROLE_SUSPECT ? check_target_index(res, tg) : -1;
			if (fi < 0)
				continue;
			const struct fact_info *fa = &fs->facts[fi];
			buf_reset(&m);
			knum_format_grouped(tg->fix, &m);
			buf_reset(&t);
			buf_addf(&t, "의심 셀 suspect: %s (%s, %s) → %s",
				 outline_fact_label(h->o, (size_t)fi), fact_printed(fs, fa),
				 tg->source, m.data);
			para(h, PP_TEXT + 1, CP_NOTE, t.data);
		}
	}
	buf_release(&m);
	buf_release(&t);
}

static void section_xml(struct hw *h)
{
	const struct outline *o = h->o;
	h->bad |= xmlTextWriterStartDocument(h->w, NULL, "UTF-8", "yes") < 0;
	el(h, "hs:sec");
	at(h, "xmlns:hp", NS_HP);
	at(h, "xmlns:hs", NS_HS);
	at(h, "xmlns:hc", NS_HC);
	at(h, "xmlns:hh", NS_HH);
	para(h, PP_CENTER, CP_TITLE, o->title ? o->title : "보고서");
	if (o->description)
		para(h, PP_CENTER, CP_CAPTION, o->description);
	if (h->opt->revision) {
		struct buf b;
		buf_init(&b);
		buf_addf(&b, "자료 Data: %s", h->opt->revision);
		para(h, PP_CENTER, CP_CAPTION, b.data);
		buf_release(&b);
	}
	if (h->opt->date) {
		struct buf b;
		buf_init(&b);
		buf_addf(&b, "작성 Printed: %s", h->opt->date);
		para(h, PP_CENTER, CP_CAPTION, b.data);
		buf_release(&b);
	}
	for (size_t i = 0; i < o->n_nodes; i++)
		node_hwpx(h, &o->nodes[i]);
	if (o->n_other_tables) {
		h->page_break = 1;
		para(h, PP_HEADING, CP_H1, "기타 표 Other tables");
	}
	for (size_t t = 0; t < o->n_other_tables; t++)
		table_hwpx(h, &o->tables[o->other_tables[t]]);
	if (o->other_figures.n) {
		para(h, PP_HEADING, CP_H1, "기타 수치 Other figures");
		table_hwpx(h, &o->other_figures.view);
	}
	if (h->opt->ledger)
		ledger_hwpx(h, h->opt->ledger);
	if (!h->opt->clean)
		findings_hwpx(h);
	end(h);
	h->bad |= xmlTextWriterEndDocument(h->w) < 0;
}

/* ---- header.xml ------------------------------------------------------------------ */

static const char *const langs[] = {"HANGUL", "LATIN",	"HANJA", "JAPANESE",
				    "OTHER",  "SYMBOL", "USER"};
static const char *const lang_attrs[] = {"hangul", "latin",  "hanja", "japanese",
					 "other",  "symbol", "user"};

/* Fonts by name, as the HTML report names them; 한글 substitutes its own
 * when they are missing. 0: body (Myeongjo), 1: headings and tables. */
static void fontfaces(struct hw *h)
{
	el(h, "hh:fontfaces");
	at(h, "itemCnt", "7");
	for (size_t l = 0; l < 7; l++) {
		el(h, "hh:fontface");
		at(h, "lang", langs[l]);
		at(h, "fontCnt", "2");
		empty(h, "hh:font", "id", "0", "face", "나눔명조", "type", "TTF", "isEmbedded", "0",
		      NULL);
		empty(h, "hh:font", "id", "1", "face", "나눔고딕", "type", "TTF", "isEmbedded", "0",
		      NULL);
		end(h);
	}
	end(h);
}

static void border_fill(struct hw *h, int id, int lines, const char *fill)
{
	static const char *const sides[] = {"hh:leftBorder", "hh:rightBorder", "hh:topBorder",
					    "hh:bottomBorder"};
	el(h, "hh:borderFill");
	atl(h, "id", id);
	at(h, "threeD", "0");
	at(h, "shadow", "0");
	at(h, "centerLine", "NONE");
	at(h, "breakCellSeparateLine", "0");
	empty(h, "hh:slash", "type", "NONE", "Crooked", "0", "isCounter", "0", NULL);
	empty(h, "hh:backSlash", "type", "NONE", "Crooked", "0", "isCounter", "0", NULL);
	for (size_t s = 0; s < 4; s++)
		empty(h, sides[s], "type", lines ? "SOLID" : "NONE", "width", "0.12 mm", "color",
		      "#555555", NULL);
	empty(h, "hh:diagonal", "type", "NONE", "width", "0.1 mm", "color", "#000000", NULL);
	if (fill) {
		el(h, "hc:fillBrush");
		empty(h, "hc:winBrush", "faceColor", fill, "hatchColor", "#FFFFFF", "alpha", "0",
		      NULL);
		end(h);
	}
	end(h);
}

static void lang_values(struct hw *h, const char *name, const char *v)
{
	el(h, name);
	for (size_t l = 0; l < 7; l++)
		at(h, lang_attrs[l], v);
	end(h);
}

struct char_shape {
	int pt10; /* size in tenths of a point */
	int gothic, bold, sup;
	const char *color, *shade;
};

static const struct char_shape char_shapes[CP_COUNT] = {
	[CP_BODY] = {105, 0, 0, 0, "#000000", "none"},
	[CP_BOLD] = {110, 1, 1, 0, "#000000", "none"},
	[CP_CELL] = {90, 1, 0, 0, "#000000", "none"},
	[CP_CELL_BOLD] = {90, 1, 1, 0, "#000000", "none"},
	[CP_H1] = {190, 1, 1, 0, "#1F3864", "none"},
	[CP_H2] = {170, 1, 1, 0, "#1F3864", "none"},
	[CP_H3] = {145, 1, 1, 0, "#000000", "none"},
	[CP_H4] = {120, 1, 1, 0, "#1F3864", "none"},
	[CP_SUP_ERR] = {90, 1, 1, 1, "#B00020", "none"},
	[CP_SUP_WARN] = {90, 1, 1, 1, "#8A5A00", "none"},
	[CP_TITLE] = {260, 1, 1, 0, "#1F3864", "none"},
	[CP_CAPTION] = {85, 1, 0, 0, "#333333", "none"},
	[CP_NOTE] = {95, 0, 0, 0, "#000000", "none"},
	[CP_MARK_ERR] = {105, 0, 0, 0, "#000000", "#FDE0E0"},
	[CP_MARK_WARN] = {105, 0, 0, 0, "#000000", "#FFF0C2"},
};

static void char_pr(struct hw *h, int id)
{
	const struct char_shape *c = &char_shapes[id];
	el(h, "hh:charPr");
	atl(h, "id", id);
	atl(h, "height", c->pt10 * 10);
	at(h, "textColor", c->color);
	at(h, "shadeColor", c->shade);
	at(h, "useFontSpace", "0");
	at(h, "useKerning", "0");
	at(h, "symMark", "NONE");
	atl(h, "borderFillIDRef", BF_NONE);
	lang_values(h, "hh:fontRef", c->gothic ? "1" : "0");
	lang_values(h, "hh:ratio", "100");
	lang_values(h, "hh:spacing", "0");
	lang_values(h, "hh:relSz", "100");
	lang_values(h, "hh:offset", "0");
	if (c->bold)
		empty(h, "hh:bold", NULL);
	empty(h, "hh:underline", "type", "NONE", "shape", "SOLID", "color", "#000000", NULL);
	empty(h, "hh:strikeout", "shape", "NONE", "color", "#000000", NULL);
	empty(h, "hh:outline", "type", "NONE", NULL);
	empty(h, "hh:shadow", "type", "NONE", "color", "#B2B2B2", "offsetX", "10", "offsetY", "10",
	      NULL);
	if (c->sup)
		empty(h, "hh:supscript", NULL);
	end(h);
}

static void margin_value(struct hw *h, const char *name, long v)
{
	el(h, name);
	atl(h, "value", v);
	at(h, "unit", "HWPUNIT");
	end(h);
}

static void para_pr(struct hw *h, int id)
{
	const char *align = "JUSTIFY";
	long left = 0, intent = 0, prev = 0, next = 0;
	int keep = 0;

	if (id >= PP_TEXT && id < PP_HEADING) {
		/* the marker hangs: the first line starts an indent left of the rest */
		left = INDENT * (id - PP_TEXT) + INDENT;
		intent = -INDENT;
		prev = id == PP_TEXT ? HU_MM(3) : HU_MM(0.6);
	} else if (id == PP_HEADING) {
		align = "LEFT";
		prev = HU_MM(4);
		next = HU_MM(2);
		keep = 1;
	} else if (id == PP_CELL) {
		align = "LEFT";
	} else if (id == PP_CELL_NUM) {
		align = "RIGHT";
	} else if (id == PP_CELL_HEAD || id == PP_CENTER) {
		align = "CENTER";
		prev = id == PP_CENTER ? HU_MM(6) : 0;
	} else if (id == PP_CAPTION) {
		align = "LEFT";
		prev = HU_MM(3);
		keep = 1;
	}
	el(h, "hh:paraPr");
	atl(h, "id", id);
	at(h, "tabPrIDRef", "0");
	at(h, "condense", "0");
	at(h, "fontLineHeight", "0");
	at(h, "snapToGrid", "1");
	at(h, "suppressLineNumbers", "0");
	at(h, "checked", "0");
	empty(h, "hh:align", "horizontal", align, "vertical", "BASELINE", NULL);
	empty(h, "hh:heading", "type", "NONE", "idRef", "0", "level", "0", NULL);
	/* Korean breaks between words, not inside them */
	empty(h, "hh:breakSetting", "breakLatinWord", "KEEP_WORD", "breakNonLatinWord", "KEEP_WORD",
	      "widowOrphan", "0", "keepWithNext", keep ? "1" : "0", "keepLines", "0",
	      "pageBreakBefore", "0", "lineWrap", "BREAK", NULL);
	empty(h, "hh:autoSpacing", "eAsianEng", "0", "eAsianNum", "0", NULL);
	el(h, "hh:margin");
	margin_value(h, "hc:intent", intent);
	margin_value(h, "hc:left", left);
	margin_value(h, "hc:right", 0);
	margin_value(h, "hc:prev", prev);
	margin_value(h, "hc:next", next);
	end(h);
	empty(h, "hh:lineSpacing", "type", "PERCENT", "value",
	      id >= PP_CELL && id <= PP_CELL_HEAD ? "130" : "160", "unit", "HWPUNIT", NULL);
	el(h, "hh:border");
	atl(h, "borderFillIDRef", BF_NONE);
	at(h, "offsetLeft", "0");
	at(h, "offsetRight", "0");
	at(h, "offsetTop", "0");
	at(h, "offsetBottom", "0");
	at(h, "connect", "0");
	at(h, "ignoreMargin", "0");
	end(h);
	end(h);
}

static void header_xml(struct hw *h)
{
	h->bad |= xmlTextWriterStartDocument(h->w, NULL, "UTF-8", "yes") < 0;
	el(h, "hh:head");
	at(h, "xmlns:hh", NS_HH);
	at(h, "xmlns:hc", NS_HC);
	at(h, "xmlns:hp", NS_HP);
	at(h, "version", "1.4");
	at(h, "secCnt", "1");
	empty(h, "hh:beginNum", "page", "1", "footnote", "1", "endnote", "1", "pic", "1", "tbl",
	      "1", "equation", "1", NULL);
	el(h, "hh:refList");
	fontfaces(h);
	el(h, "hh:borderFills");
	atl(h, "itemCnt", BF_COUNT);
	border_fill(h, BF_NONE, 0, NULL);
	border_fill(h, BF_CELL, 1, NULL);
	border_fill(h, BF_HEAD, 1, "#E7EBF1");
	border_fill(h, BF_TOTAL, 1, "#F1F1F1");
	border_fill(h, BF_ERR, 1, "#FDE0E0");
	border_fill(h, BF_WARN, 1, "#FFF0C2");
	end(h);
	el(h, "hh:charProperties");
	atl(h, "itemCnt", CP_COUNT);
	for (int i = 0; i < CP_COUNT; i++)
		char_pr(h, i);
	end(h);
	el(h, "hh:tabProperties");
	at(h, "itemCnt", "1");
	empty(h, "hh:tabPr", "id", "0", "autoTabLeft", "0", "autoTabRight", "0", NULL);
	end(h);
	el(h, "hh:paraProperties");
	atl(h, "itemCnt", PP_COUNT);
	for (int i = 0; i < PP_COUNT; i++)
		para_pr(h, i);
	end(h);
	el(h, "hh:styles");
	at(h, "itemCnt", "1");
	empty(h, "hh:style", "id", "0", "type", "PARA", "name", "바탕글", "engName", "Normal",
	      "paraPrIDRef", "0", "charPrIDRef", "0", "nextStyleIDRef", "0", "langID", "1042",
	      "lockForm", "0", NULL);
	end(h);
	end(h); /* refList */
	end(h); /* head */
	h->bad |= xmlTextWriterEndDocument(h->w) < 0;
}

/* ---- the package ------------------------------------------------------------------ */

static const char version_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<hv:HCFVersion xmlns:hv=\"http://www.hancom.co.kr/hwpml/2011/version\" "
	"tagetApplication=\"WORDPROCESSOR\" major=\"5\" minor=\"1\" micro=\"0\" "
	"buildNumber=\"0\" os=\"1\" xmlVersion=\"1.4\" application=\"Jipyo\" appVersion=\"1\"/>";

static const char container_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<ocf:container xmlns:ocf=\"urn:oasis:names:tc:opendocument:xmlns:container\" "
	"xmlns:hpf=\"http://www.hancom.co.kr/schema/2011/hpf\"><ocf:rootfiles>"
	"<ocf:rootfile full-path=\"Contents/content.hpf\" "
	"media-type=\"application/hwpml-package+xml\"/></ocf:rootfiles></ocf:container>";

static const char manifest_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<odf:manifest xmlns:odf=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>";

static void content_hpf(struct hw *h)
{
	h->bad |= xmlTextWriterStartDocument(h->w, NULL, "UTF-8", "yes") < 0;
	el(h, "opf:package");
	at(h, "xmlns:opf", "http://www.idpf.org/2007/opf/");
	at(h, "xmlns:hpf", "http://www.hancom.co.kr/schema/2011/hpf");
	at(h, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	at(h, "version", "");
	at(h, "unique-identifier", "");
	at(h, "id", "");
	el(h, "opf:metadata");
	el(h, "opf:title");
	h->bad |=
		xmlTextWriterWriteString(h->w, BAD_CAST(h->o->title ? h->o->title : "보고서")) < 0;
	end(h);
	el(h, "opf:language");
	h->bad |= xmlTextWriterWriteString(h->w, BAD_CAST "ko") < 0;
	end(h);
	end(h);
	el(h, "opf:manifest");
	empty(h, "opf:item", "id", "header", "href", "Contents/header.xml", "media-type",
	      "application/xml", NULL);
	empty(h, "opf:item", "id", "section0", "href", "Contents/section0.xml", "media-type",
	      "application/xml", NULL);
	end(h);
	el(h, "opf:spine");
	empty(h, "opf:itemref", "idref", "header", "linear", "yes", NULL);
	empty(h, "opf:itemref", "idref", "section0", "linear", "yes", NULL);
	end(h);
	end(h);
	h->bad |= xmlTextWriterEndDocument(h->w) < 0;
}

/* Adds an entry from bytes the archive copies (ZIP_FL_ENC_UTF_8 names). */
static int zip_put(zip_t *z, const char *name, const void *data, size_t len, int store)
{
	void *copy = malloc(len ? len : 1);
	zip_source_t *src;
	zip_int64_t idx;

	if (!copy)
		return -1;
	memcpy(copy, data, len);
	if (!(src = zip_source_buffer(z, copy, len, 1))) {
		free(copy);
		return -1;
	}
	if ((idx = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0) {
		zip_source_free(src);
		return -1;
	}
	if (zip_set_file_compression(z, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
				     0) < 0)
		return -1;
	/* a fixed time: the same report makes the same bytes */
	return zip_file_set_dostime(z, (zip_uint64_t)idx, 0, (1 << 5) | 1, 0) < 0 ? -1 : 0;
}

typedef void (*part_fn)(struct hw *h);

/* Writes one XML part with a fresh text writer and adds it. */
static int xml_part(struct hw *h, zip_t *z, const char *name, part_fn fn)
{
	xmlBufferPtr xb = xmlBufferCreate();
	int rc = -1;
	if (!xb)
		return -1;
	h->w = xmlNewTextWriterMemory(xb, 0);
	if (h->w) {
		fn(h);
		xmlFreeTextWriter(h->w); /* flushes into xb */
		h->w = NULL;
		if (!h->bad)
			rc = zip_put(z, name, xmlBufferContent(xb), (size_t)xmlBufferLength(xb), 0);
	}
	xmlBufferFree(xb);
	return rc;
}

/* The archive's bytes, read back from its in-memory source. */
static int zip_bytes(zip_source_t *src, struct buf *out)
{
	zip_stat_t st;
	char chunk[65536];
	zip_int64_t n;

	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
		return -1;
	while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		buf_add(out, chunk, (size_t)n);
	zip_source_close(src);
	return n < 0 ? -1 : 0;
}

int report_hwpx(struct model *m, const struct check_result *res, const struct report_opts *opt,
		struct buf *out, struct jy_err *err)
{
	static const struct report_opts plain;
	static const char mimetype[] = "application/hwp+zip";
	struct outline o;
	struct check_result scratch;
	struct hw h = {.o = &o, .opt = opt ? opt : &plain};
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	int rc = -1;

	zip_error_init(&ze);
	outline_build(&o, m, report_findings(opt, res, &scratch));
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src) {
		zip_source_keep(src); /* read back after the archive is closed */
		z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	}
	/* mimetype first and stored: how a reader knows the package */
	if (z && !zip_put(z, "mimetype", mimetype, strlen(mimetype), 1) &&
	    !zip_put(z, "version.xml", version_xml, strlen(version_xml), 0) &&
	    !zip_put(z, "META-INF/container.xml", container_xml, strlen(container_xml), 0) &&
	    !zip_put(z, "META-INF/manifest.xml", manifest_xml, strlen(manifest_xml), 0) &&
	    !xml_part(&h, z, "Contents/content.hpf", content_hpf) &&
	    !xml_part(&h, z, "Contents/header.xml", header_xml) &&
	    !xml_part(&h, z, "Contents/section0.xml", section_xml)) {
		rc = zip_close(z);
		z = NULL;
		if (!rc)
			rc = zip_bytes(src, out);
	}
	if (z)
		zip_discard(z);
	if (src)
		zip_source_free(src);
	zip_error_fini(&ze);
	outline_release(&o);
	return rc ? jy_err_set(err, JY_EINTERNAL, "cannot build the HWPX document (out of memory?)")
		  : 0;
}
