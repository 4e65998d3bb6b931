/*
 * report_html.c - the report as one self-contained HTML file, ready to print
 * on A4 (see report.h). It walks the same outline as the Markdown report
 * (outline.h) and lays it out the way a city office prints its business
 * report: a cover, Ⅰ–Ⅳ each from a new page, every area and every program
 * from a new page, narrative with its printed markers (□ ㅇ - ※) as hanging
 * indents, ruled tables with numbers on the right, and the findings.
 *
 * A finding is marked beside each number it concerns: the cell or token is
 * highlighted (red for an error, amber for a warning), carries a title with
 * the message, and a superscript "†N"/"‡N" links to finding N in the list at
 * the end, which links back. Everything from the data is HTML-escaped; the
 * only markup is written here. Fonts are named, not embedded: NanumMyeongjo
 * for text and NanumGothic for headings and tables (Debian's fonts-nanum).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/knum.h"
#include "ledger_monitor.h"
#include "outline.h"
#include "report.h"

struct html {
	struct outline *o;
	struct buf *out;
	const struct report_opts *opt; /* never NULL */
	int web;		       /* a page of `jipyo serve`: no table ids, dates as printed */
};

/* ---- escaping ------------------------------------------------------------ */

static void esc_n(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\n':
			rep = "&#10;";
			break;
		default:
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_adds(out, rep);
		start = i + 1;
	}
	buf_add(out, s + start, n - start);
}

static void esc(struct buf *out, const char *s)
{
	esc_n(out, s ? s : "", s ? strlen(s) : 0);
}

/* ---- marks --------------------------------------------------------------- */

static const char *sev_class(enum severity s)
{
	return s == SEV_ERROR ? "err" : "warn";
}

/* The title attribute of a place: each finding's number, level and message. */
static void place_title(struct html *c, const struct place *p)
{
	const struct check_result *res = c->o->res;
	struct buf t, m;

	buf_init(&t);
	buf_init(&m);
	for (size_t i = 0; i < p->n_numbers; i++) {
		const struct finding *f = &res->findings[c->o->order[p->numbers[i] - 1]];
		check_message(f, 0, &m);
		buf_addf(&t, "%s[%zu] %s: %s", i ? "\n" : "", p->numbers[i],
			 f->severity == SEV_ERROR ? "오류 error" : "경고 warning", m.data);
		if (f->has_values) {
			check_values_text(f, &m);
			buf_addf(&t, " (%s)", m.data);
		}
	}
	buf_adds(c->out, " title=\"");
	esc(c->out, t.data);
	buf_adds(c->out, "\"");
	buf_release(&t);
	buf_release(&m);
}

/* The superscript after a marked number: "†8" or "‡22,39", each linked. */
static void place_sup(struct html *c, const struct place *p)
{
	buf_addf(c->out, "<sup class=\"fn %s\">%s", sev_class(p->severity),
		 p->severity == SEV_ERROR ? "†" : "‡");
	for (size_t i = 0; i < p->n_numbers; i++)
		buf_addf(c->out, "%s<a href=\"#f%zu\">%zu</a>", i ? "," : "", p->numbers[i],
			 p->numbers[i]);
	buf_adds(c->out, "</sup>");
}

static void place_attrs(struct html *c, const struct place *p)
{
	buf_addf(c->out, " id=\"m%zu\" data-findings=\"", p->id);
	for (size_t i = 0; i < p->n_numbers; i++)
		buf_addf(c->out, "%s%zu", i ? " " : "", p->numbers[i]);
	buf_adds(c->out, "\"");
	place_title(c, p);
}

static void emit_html(void *ctx, const char *s, size_t len, const struct place *p)
{
	struct html *c = ctx;
	if (!p) {
		esc_n(c->out, s, len);
		return;
	}
	buf_addf(c->out, "<mark class=\"%s\"", sev_class(p->severity));
	place_attrs(c, p);
	buf_adds(c->out, ">");
	esc_n(c->out, s, len);
	buf_adds(c->out, "</mark>");
	place_sup(c, p);
}

static void walk(struct html *c, enum place_kind kind, size_t row, const char *text)
{
	outline_walk_text(c->o, kind, row, text, emit_html, c);
}

/* ---- style --------------------------------------------------------------- */

static const char css[] =
	"@page{size:A4;margin:20mm 18mm 18mm 18mm;"
	"@bottom-center{content:\"- \" counter(page) \" -\";font:9pt \"NanumGothic\",\"Noto Sans "
	"CJK KR\",\"맑은 고딕\",\"Malgun Gothic\",sans-serif}}\n"
	"@page cover{@bottom-center{content:none}}\n"
	":root{--ink:#000;--navy:#1f3864;--rule:#555;--head:#e7ebf1;--total:#f1f1f1;"
	"--err:#b00020;--err-bg:#fde0e0;--warn:#8a5a00;--warn-bg:#fff0c2}\n"
	"html{font-family:\"NanumMyeongjo\",\"Noto Serif CJK "
	"KR\",\"바탕\",Batang,serif;font-size:10.5pt;line-height:1.6;color:var(--ink)"
	";"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact;"
	/* Korean breaks between words, not inside them */
	"word-break:keep-all;overflow-wrap:anywhere}\n"
	"body{margin:0}\n"
	"@media screen{html{background:#8a8f96}body{background:#fff;width:174mm;margin:8mm auto;"
	"padding:20mm 18mm;box-shadow:0 0 6px #333}}\n"
	"h1,h2,h3,h4,h5,h6,table,figcaption,.sans,.key,.summary,.cover,.org,.findings{"
	"font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 고딕\",\"Malgun "
	"Gothic\",sans-serif}\n"
	"h1,h2,h3,h4,h5,h6{break-after:avoid;line-height:1.35;margin:0}\n"
	".brk{break-before:page}\n"
	/* cover */
	".cover{page:cover;height:250mm;display:flex;flex-direction:column;align-items:center;"
	"justify-content:space-between;text-align:center;padding-top:22mm}\n"
	".cover .meeting{font-size:15pt;font-weight:700;letter-spacing:.08em;line-height:1.7}\n"
	".cover .when{font-size:12pt;margin-top:3mm}\n"
	".cover h1{font-size:26pt;font-weight:800;letter-spacing:.12em;border-top:2.5pt solid "
	"var(--navy);"
	"border-bottom:2.5pt solid var(--navy);padding:7mm 10mm;margin:14mm 0}\n"
	".cover .date{font-size:14pt;letter-spacing:.1em}\n"
	".cover .owner{font-size:20pt;font-weight:800;letter-spacing:.5em;margin-top:8mm}\n"
	".cover .about{font-size:8.5pt;color:#333;text-align:left;border-top:.5pt solid "
	"var(--rule);"
	"padding-top:2mm;margin-top:10mm;font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 "
	"고딕\",\"Malgun Gothic\",sans-serif}\n"
	".legend{font-size:8.5pt;margin-top:1mm}\n"
	/* headings by kind */
	"section.top>h2{font-size:19pt;font-weight:800;color:var(--navy);"
	"border-bottom:2pt solid var(--navy);padding:0 0 2mm;margin:0 0 6mm}\n"
	".k-area>h3{font-size:17pt;font-weight:800;color:#fff;background:var(--navy);"
	"padding:5mm 6mm;margin:0 0 6mm;border-radius:1.5mm}\n"
	".k-program>h4{font-size:14.5pt;font-weight:800;border-bottom:1.5pt solid var(--ink);"
	"padding:0 0 2mm;margin:0 0 4mm;display:flex;gap:3mm;align-items:baseline}\n"
	".k-program>h4 .num{display:inline-block;min-width:7mm;text-align:center;color:#fff;"
	"background:var(--navy);padding:0 1.5mm;border-radius:1mm}\n"
	".k-subprogram>h5{font-size:12.5pt;font-weight:800;margin:6mm 0 2mm}\n"
	".k-section>h3,.k-section>h4,.k-section>h5,.k-section>h6{font-size:11.5pt;font-weight:700;"
	"margin:5mm 0 2mm;color:var(--navy)}\n"
	".k-section>h3::before,.k-section>h4::before,.k-section>h5::before,.k-section>h6::before"
	"{content:\"◈ \"}\n"
	".en{font-weight:400;font-size:.72em;color:#444;margin-left:2mm}\n"
	/* the vision chart */
	".k-vision>h3{text-align:center;font-size:17pt;font-weight:800;color:var(--navy);"
	"border:1.5pt solid var(--navy);border-radius:8mm;padding:4mm;margin:6mm 10mm}\n"
	".k-goal>h4{text-align:center;font-size:12.5pt;font-weight:700;background:var(--head);"
	"padding:2.5mm;margin:0 0 5mm}\n"
	".k-goal>.kids{display:grid;grid-template-columns:repeat(auto-fit,minmax(28mm,1fr));gap:2."
	"5mm}"
	"\n"
	".k-strategy{border:1pt solid var(--navy);border-radius:1.5mm;overflow:hidden}\n"
	".k-strategy>h5{background:var(--navy);color:#fff;font-size:10.5pt;text-align:center;"
	"padding:2.5mm "
	"1.5mm;min-height:14mm;display:flex;align-items:center;justify-content:center}\n"
	".k-strategy>.kids{padding:1mm 2mm}\n"
	".k-task>h6{font-size:9.5pt;font-weight:400;margin:1.5mm "
	"0;padding-left:3mm;text-indent:-3mm}\n"
	".k-task>h6::before{content:\"• \"}\n"
	/* contents of a section whose parts start new pages */
	".contents{list-style:none;padding:0;margin:8mm 0 0 "
	"6mm;font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 고딕\",\"Malgun "
	"Gothic\",sans-serif}\n"
	".contents li{font-size:13pt;font-weight:700;margin:0 0 4mm;padding:2mm 0 2mm 4mm;"
	"border-left:3pt solid var(--navy)}\n"
	".contents .n{display:inline-block;min-width:9mm}\n"
	".contents a{text-decoration:none}\n"
	/* narrative */
	".summary{border:1pt solid var(--ink);border-radius:3mm;padding:3mm 4.5mm;margin:0 0 5mm;"
	"font-weight:700;background:#f4f6f9}\n"
	".t{margin:.6mm 0;padding-left:calc(var(--d,0)*5mm + 5mm);text-indent:-5mm}\n"
	".t .mk{display:inline-block;width:5mm;text-indent:0}\n"
	".t.d0{font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 고딕\",\"Malgun "
	"Gothic\",sans-serif;font-weight:700;font-size:11.5pt;margin-top:"
	"4mm;"
	"break-after:avoid}\n"
	".d1{--d:0}.d2{--d:1}.d3{--d:2}.d4{--d:3}.d5{--d:4}.d6{--d:5}\n"
	".t.note{font-size:9.5pt}\n"
	".key{display:inline-block;min-width:19mm;text-align:justify;text-align-last:justify;"
	"text-indent:0;margin-right:1mm;font-weight:700}\n"
	/* tables */
	"figure.tbl{margin:3mm 0 4mm}\nfigure.keep{break-inside:avoid}\n"
	"figcaption{break-after:avoid}\n"
	"table.narrow{width:auto;min-width:55%}\n"
	/* the ledger's execution table (cmd/report.c): twelve columns in the
	 * text width, headers unbroken */
	"figure.ledger table{font-size:7.5pt}figure.ledger th,figure.ledger td{padding:.8mm 1mm}"
	"figure.ledger thead th{overflow-wrap:normal}\n"
	"figure.tbl figcaption{display:flex;justify-content:space-between;font-size:8.5pt;margin:0 "
	"0 "
	"1mm}\n"
	"figcaption .tid{color:#555}\n"
	"table{border-collapse:collapse;width:100%;font-size:9pt;line-height:1.35}\n"
	"table{border-top:1.5pt solid var(--ink);border-bottom:1.5pt solid var(--ink)}\n"
	"th,td{border:.5pt solid var(--rule);padding:1mm 1.6mm;vertical-align:middle}\n"
	"tr>:first-child{border-left:none}tr>:last-child{border-right:none}\n"
	"thead th{background:var(--head);font-weight:700;text-align:center}\n"
	"tbody th{text-align:left;font-weight:400;white-space:nowrap}\n"
	"td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"tr.total>*{background:var(--total);font-weight:700}\n"
	"tr{break-inside:avoid}\n"
	"table.ms td.when{white-space:nowrap}\n"
	"table.ms td.st{text-align:center;white-space:nowrap}\n"
	"table.fx td ul{margin:0;padding-left:4mm}\n"
	"table.fx td ul li{list-style:'∙ '}\n"
	".caption{font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 고딕\",\"Malgun "
	"Gothic\",sans-serif;font-size:9pt;font-weight:700;margin:4mm "
	"0 "
	"1mm;"
	"break-after:avoid}\n"
	/* the organisation chart */
	".org{margin:3mm 0 4mm;text-align:center;font-size:9pt}\n"
	".org .lvl{display:flex;flex-wrap:wrap;justify-content:center;gap:2mm;margin:0 0 2.5mm}\n"
	".org .u{border:.75pt solid var(--ink);padding:1.2mm 2mm;min-width:16mm}\n"
	".org .root .u{font-size:11pt;font-weight:800;border-width:1.5pt;padding:2mm 6mm}\n"
	".org .u small{display:block;color:#444;font-size:7.5pt}\n"
	/* finding marks */
	"mark{background:none;color:inherit}\n"
	"mark.err,td.err{background:var(--err-bg);box-shadow:inset 0 -1.2pt var(--err)}\n"
	"mark.warn,td.warn{background:var(--warn-bg);box-shadow:inset 0 -1.2pt var(--warn)}\n"
	"sup.fn{font-family:\"NanumGothic\",\"Noto Sans CJK KR\",\"맑은 고딕\",\"Malgun "
	"Gothic\",sans-serif;font-size:6.5pt;font-weight:700;"
	"line-height:0;margin-left:.3mm}\n"
	"sup.fn.err,sup.fn.err a{color:var(--err)}sup.fn.warn,sup.fn.warn a{color:var(--warn)}\n"
	"sup.fn a{text-decoration:none}\n"
	"a{color:inherit}\n"
	/* findings */
	".findings>h2{font-size:19pt;font-weight:800;color:var(--navy);border-bottom:2pt solid "
	"var(--navy);"
	"padding:0 0 2mm;margin:0 0 4mm}\n"
	".findings ol{padding-left:8mm;font-size:9pt;line-height:1.5}\n"
	".findings li{margin:0 0 2.5mm;break-inside:avoid}\n"
	".findings li.err::marker{color:var(--err);font-weight:700}\n"
	".findings li.warn::marker{color:var(--warn);font-weight:700}\n"
	".badge{display:inline-block;font-size:7.5pt;font-weight:700;padding:0 "
	"1.5mm;border-radius:1mm;"
	"color:#fff;margin-right:1mm}\n"
	".badge.err{background:var(--err)}.badge.warn{background:var(--warn)}\n"
	".findings code{font-size:8pt}\n"
	".findings .d{color:#333;font-size:8.5pt}\n"
	".findings .msg-en{color:#444}\n";

/* ---- blocks -------------------------------------------------------------- */

static int is_note_marker(const char *m)
{
	size_t n = strlen(m);
	return strcmp(m, "※") == 0 || strcmp(m, "*") == 0 || (n && m[n - 1] == ')');
}

static void text_html(struct html *c, size_t row)
{
	const struct table *tx = &c->o->m->tables[RES_TEXTS];
	const char *marker = table_get(tx, row, "marker");
	int depth = atoi(table_get(tx, row, "depth"));

	if (depth < 0)
		depth = 0;
	if (depth > 6)
		depth = 6;
	buf_addf(c->out, "<p class=\"t d%d%s\"><span class=\"mk\">", depth,
		 is_note_marker(marker) ? " note" : "");
	esc(c->out, marker);
	buf_adds(c->out, "</span>");
	walk(c, PLACE_TEXT, row, table_get(tx, row, "text"));
	buf_adds(c->out, "</p>\n");
}

static void field_html(struct html *c, size_t row)
{
	const struct table *fl = &c->o->m->tables[RES_FIELDS];
	buf_adds(c->out,
		 "<p class=\"t d1 field\"><span class=\"mk\">ㅇ</span><span class=\"key\">");
	esc(c->out, table_get(fl, row, "key"));
	buf_adds(c->out, "</span>: ");
	walk(c, PLACE_FIELD, row, table_get(fl, row, "value"));
	buf_adds(c->out, "</p>\n");
}

/* Column groups for a two-row header: adjacent columns that share `key`
 * (non-empty). Returns how many groups there are. */
static size_t col_groups(const struct table_view *v, const char **key)
{
	size_t g = 0;
	for (size_t i = 0; i < v->n_cols; i++)
		if (i == 0 || !*key[i] || strcmp(key[i], key[i - 1]) != 0)
			g++;
	return g;
}

static void header_html(struct html *c, const struct table_view *v)
{
	struct buf *out = c->out;
	size_t by_sub = col_groups(v, v->col_sub), by_head = col_groups(v, v->col_head);
	int any_sub = 0;

	for (size_t i = 0; i < v->n_cols; i++)
		any_sub |= *v->col_sub[i] != 0;
	/* Two rows when grouping merges columns: the shared part above. */
	const char **top = NULL, **bottom = NULL;
	if (any_sub && (by_sub < v->n_cols || by_head < v->n_cols)) {
		top = by_sub <= by_head ? v->col_sub : v->col_head;
		bottom = by_sub <= by_head ? v->col_head : v->col_sub;
	}
	buf_adds(out, "<thead><tr><th scope=\"col\"");
	if (top)
		buf_adds(out, " rowspan=\"2\"");
	buf_adds(out, ">구분</th>");
	if (!top) {
		for (size_t i = 0; i < v->n_cols; i++) {
			buf_adds(out, "<th scope=\"col\">");
			esc(out, v->col_labels[i]);
			buf_adds(out, "</th>");
		}
		buf_adds(out, "</tr></thead>\n");
		return;
	}
	for (size_t i = 0; i < v->n_cols;) {
		size_t j = i + 1;
		if (!*v->col_sub[i]) { /* a measure alone: both rows */
			buf_adds(out, "<th scope=\"col\" rowspan=\"2\">");
			esc(out, v->col_head[i]);
			buf_adds(out, "</th>");
			i = j;
			continue;
		}
		while (j < v->n_cols && *v->col_sub[j] && strcmp(top[j], top[i]) == 0)
			j++;
		buf_addf(out, "<th scope=\"colgroup\" colspan=\"%zu\">", j - i);
		esc(out, top[i]);
		buf_adds(out, "</th>");
		i = j;
	}
	buf_adds(out, "</tr>\n<tr>");
	for (size_t i = 0; i < v->n_cols; i++) {
		if (!*v->col_sub[i])
			continue;
		buf_adds(out, "<th scope=\"col\">");
		esc(out, bottom[i]);
		buf_adds(out, "</th>");
	}
	buf_adds(out, "</tr></thead>\n");
}

static void table_html(struct html *c, const struct table_view *v)
{
	struct buf *out = c->out;

	buf_addf(out, "<figure class=\"tbl%s\" data-table=\"", v->n_rows <= 24 ? " keep" : "");
	esc(out, *v->id ? v->id : "figures");
	struct table_caption cap;
	outline_caption(c->o, v, &cap);
	buf_adds(out, "\"><figcaption><span class=\"tid\">");
	esc(out, cap.title);
	buf_adds(out, "</span><span class=\"unit\">");
	esc(out, cap.note);
	buf_addf(out, "</span></figcaption>\n<table%s>", v->n_cols <= 2 ? " class=\"narrow\"" : "");
	header_html(c, v);
	buf_adds(out, "<tbody>\n");
	for (size_t r = 0; r < v->n_rows; r++) {
		buf_adds(out, v->row_total[r] ? "<tr class=\"total\">" : "<tr>");
		buf_adds(out, "<th scope=\"row\">");
		esc(out, v->row_labels[r]);
		buf_adds(out, "</th>");
		for (size_t col = 0; col < v->n_cols; col++) {
			size_t i = r * v->n_cols + col;
			if (!v->cells[i]) {
				buf_adds(out, "<td class=\"num\"></td>");
				continue;
			}
			const struct place *p = outline_fact_place(c->o, v->cell_fact[i] - 1);
			buf_addf(out, "<td class=\"num%s%s\"", p ? " " : "",
				 p ? sev_class(p->severity) : "");
			if (p)
				place_attrs(c, p);
			buf_adds(out, ">");
			esc(out, v->cells[i]);
			if (p)
				place_sup(c, p);
			buf_adds(out, "</td>");
		}
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</tbody></table>");
	for (size_t i = 0; i < v->n_notes; i++) { /* entered figures */
		buf_adds(out, "<p class=\"entered\">");
		esc(out, v->notes[i]);
		buf_adds(out, "</p>");
	}
	buf_adds(out, "</figure>\n");
}

static void unit_box(struct html *c, const struct table *t, size_t r, int with_kind)
{
	buf_adds(c->out, "<div class=\"u\">");
	esc(c->out, table_get(t, r, "name_ko"));
	if (*table_get(t, r, "rank")) {
		buf_adds(c->out, " (");
		esc(c->out, table_get(t, r, "rank"));
		buf_adds(c->out, ")");
	}
	if (with_kind) {
		buf_adds(c->out, "<small>");
		esc(c->out, outline_unit_kind(table_get(t, r, "kind")));
		buf_adds(c->out, "</small>");
	}
	buf_adds(c->out, "</div>");
}

/* The organisation: the units without a parent on top, then one row per
 * kind of unit in the order the kinds first appear. */
static void units_html(struct html *c)
{
	const struct table *t = &c->o->m->tables[RES_UNITS];
	const char **kinds = xcalloc(t->n_rows + 1, sizeof(char *));
	size_t n_kinds = 0;

	buf_adds(c->out,
		 "<div class=\"org\" role=\"group\" aria-label=\"조직도 Organisation chart\">"
		 "<div class=\"lvl root\">");
	for (size_t r = 0; r < t->n_rows; r++)
		if (!*table_get(t, r, "parent"))
			unit_box(c, t, r, 0);
	buf_adds(c->out, "</div>\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		const char *k = table_get(t, r, "kind");
		size_t i = 0;
		if (!*table_get(t, r, "parent"))
			continue;
		while (i < n_kinds && strcmp(kinds[i], k) != 0)
			i++;
		if (i == n_kinds)
			kinds[n_kinds++] = k;
	}
	/* kinds are few (the schema lists six): one pass over the units each */
	for (size_t i = 0; i < n_kinds; i++) {
		buf_adds(c->out, "<div class=\"lvl\">");
		for (size_t r = 0; r < t->n_rows; r++)
			if (*table_get(t, r, "parent") &&
			    strcmp(table_get(t, r, "kind"), kinds[i]) == 0)
				unit_box(c, t, r, 1);
		buf_adds(c->out, "</div>\n");
	}
	buf_adds(c->out, "</div>\n");
	free(kinds);
}

static void functions_html(struct html *c)
{
	const struct table *fn = &c->o->m->tables[RES_FUNCTIONS];
	const char *last = NULL;

	buf_adds(c->out, "<figure class=\"tbl\" data-table=\"functions\"><table class=\"fx\">"
			 "<thead><tr><th scope=\"col\" style=\"width:28%\">구분</th>"
			 "<th scope=\"col\">담당업무 Duties</th></tr></thead><tbody>\n");
	for (size_t r = 0; r < fn->n_rows; r++) {
		const char *unit = table_get(fn, r, "unit");
		if (!last || strcmp(unit, last) != 0) {
			if (last)
				buf_adds(c->out, "</ul></td></tr>\n");
			buf_adds(c->out, "<tr><th scope=\"row\">");
			esc(c->out, outline_unit_name(c->o, unit));
			buf_adds(c->out, "</th><td><ul>");
			last = unit;
		}
		buf_adds(c->out, "<li>");
		esc(c->out, table_get(fn, r, "text"));
		buf_adds(c->out, "</li>");
	}
	if (last)
		buf_adds(c->out, "</ul></td></tr>\n");
	buf_adds(c->out, "</tbody></table></figure>\n");
}

static void figures_html(struct html *c, const struct figures *g)
{
	if (g->n)
		table_html(c, &g->view);
}

static void milestone_html(struct html *c, size_t r);

static void block_html(struct html *c, const struct block *b)
{
	switch (b->kind) {
	case BLOCK_TEXT:
		text_html(c, b->index);
		break;
	case BLOCK_FIELD:
		field_html(c, b->index);
		break;
	case BLOCK_TABLE:
		table_html(c, &c->o->tables[b->index]);
		break;
	case BLOCK_UNITS:
		units_html(c);
		break;
	case BLOCK_FUNCTIONS:
		functions_html(c);
		break;
	case BLOCK_FIGURES:
		figures_html(c, &c->o->figures[b->index]);
		break;
	case BLOCK_MILESTONE:
		milestone_html(c, b->index);
		break;
	}
}

/* A milestone as the original lists it: "ㅇ title : when". */
static void milestone_html(struct html *c, size_t r)
{
	const struct table *ms = &c->o->m->tables[RES_MILESTONES];
	const char *when = table_get(ms, r, "when");
	buf_adds(c->out, "<p class=\"t d1 ms\"><span class=\"mk\">ㅇ</span>");
	esc(c->out, table_get(ms, r, "title"));
	if (*when) {
		buf_adds(c->out, " : ");
		walk(c, PLACE_MILESTONE, r, when);
	}
	buf_adds(c->out, "</p>\n");
}

/* ---- the document --------------------------------------------------------- */

static void cover_html(struct html *c, const struct onode *nd)
{
	const struct table *ms = &c->o->m->tables[RES_MILESTONES];
	struct buf *out = c->out;

	buf_addf(out, "<section class=\"cover\" id=\"n-");
	esc(out, nd->id);
	buf_adds(out, "\"><div><div class=\"meeting\">");
	esc(out, nd->title);
	buf_adds(out, "</div>");
	/* the first dated milestone is the meeting; the last one the report's date */
	long first = -1, last = -1;
	for (size_t i = 0; i < nd->n_milestones; i++)
		if (*table_get(ms, nd->milestones[i], "when")) {
			if (first < 0)
				first = (long)nd->milestones[i];
			last = (long)nd->milestones[i];
		}
	if (first >= 0) {
		buf_adds(out, "<div class=\"when\">");
		walk(c, PLACE_MILESTONE, (size_t)first, table_get(ms, (size_t)first, "when"));
		buf_adds(out, "</div>");
	}
	buf_adds(out, "</div>\n<h1>");
	esc(out, c->o->title ? c->o->title : nd->title);
	buf_adds(out, "</h1>\n<div>");
	if (last >= 0 && last != first) {
		buf_adds(out, "<div class=\"date\">");
		esc(out, table_get(ms, (size_t)last, "when"));
		buf_adds(out, "</div>");
	}
	if (*nd->owner) {
		buf_adds(out, "<div class=\"owner\">");
		esc(out, outline_unit_name(c->o, nd->owner));
		buf_adds(out, "</div>");
	}
	buf_adds(out, "</div>\n<div class=\"about\">");
	if (c->o->description) {
		esc(out, c->o->description);
		buf_adds(out, "<br>");
	}
	if (c->opt->revision) {
		buf_adds(out, "<span class=\"revision\">자료 Data: ");
		esc(out, c->opt->revision);
		buf_adds(out, "</span><br>");
	}
	if (c->opt->date) {
		buf_adds(out, "<span class=\"printed\">작성 Printed: ");
		esc(out, c->opt->date);
		buf_adds(out, "</span><br>");
	}
	if (!c->opt->clean)
		buf_addf(out,
			 "<span class=\"legend\">범례 Legend: <mark class=\"err\">123</mark><sup "
			 "class=\"fn "
			 "err\">†N</sup> 오류 error · <mark class=\"warn\">123</mark><sup "
			 "class=\"fn "
			 "warn\">‡N</sup> 경고 warning — N은 <a href=\"#findings\">발견사항 "
			 "Findings</a>의 "
			 "번호 (the number of the finding). 오류 %d건, 경고 %d건.</span>",
			 c->o->res->errors, c->o->res->warnings);
	buf_adds(out, "</div></section>\n");
}

/* A section whose children each start a page lists them, as the report's
 * section and area pages do. */
static void contents_html(struct html *c, const struct onode *nd)
{
	int any = 0;
	for (size_t i = 0; i < nd->n_children; i++)
		any |= c->o->nodes[nd->children[i]].page_break;
	if (!any)
		return;
	buf_adds(c->out, "<ol class=\"contents\">\n");
	for (size_t i = 0; i < nd->n_children; i++) {
		const struct onode *ch = &c->o->nodes[nd->children[i]];
		buf_adds(c->out, "<li><a href=\"#n-");
		esc(c->out, ch->id);
		buf_adds(c->out, "\"><span class=\"n\">");
		esc(c->out, outline_number(c->o, ch));
		buf_adds(c->out, "</span>");
		esc(c->out, ch->title);
		buf_adds(c->out, "</a></li>\n");
	}
	buf_adds(c->out, "</ol>\n");
}

static void node_open(struct html *c, const struct onode *nd)
{
	struct buf *out = c->out;
	const char *num = outline_number(c->o, nd);
	int h = nd->depth + 2 > 6 ? 6 : nd->depth + 2;

	buf_adds(out, "<section class=\"node k-");
	esc(out, nd->kind);
	if (nd->parent < 0)
		buf_adds(out, " top");
	if (nd->page_break)
		buf_adds(out, " brk");
	buf_adds(out, "\" id=\"n-");
	esc(out, nd->id);
	buf_addf(out, "\" data-depth=\"%d\">\n<h%d>", nd->depth, h);
	if (*num) {
		buf_adds(out, "<span class=\"num\">");
		esc(out, num);
		buf_adds(out, "</span> ");
	}
	buf_adds(out, "<span class=\"title\">");
	esc(out, nd->title);
	buf_adds(out, "</span>");
	if (nd->parent < 0 && *nd->title_en) {
		buf_adds(out, "<span class=\"en\" lang=\"en\">");
		esc(out, nd->title_en);
		buf_adds(out, "</span>");
	}
	buf_addf(out, "</h%d>\n", h);
	for (size_t s = 0; s < nd->n_summary; s++) {
		buf_adds(out, "<div class=\"summary\">");
		walk(c, PLACE_TEXT, nd->summary[s],
		     table_get(&c->o->m->tables[RES_TEXTS], nd->summary[s], "text"));
		buf_adds(out, "</div>\n");
	}
	for (size_t b = 0; b < nd->n_blocks; b++)
		block_html(c, &nd->blocks[b]);
	contents_html(c, nd);
	if (nd->n_children)
		buf_adds(out, "<div class=\"kids\">\n");
}

static void node_close(struct html *c, const struct onode *nd)
{
	if (nd->n_children)
		buf_adds(c->out, "</div>\n");
	buf_adds(c->out, "</section>\n");
}

static void findings_html(struct html *c)
{
	const struct check_result *res = c->o->res;
	const struct factset *fs = c->o->fs;
	struct buf *out = c->out;
	struct buf m;

	buf_init(&m);
	buf_addf(
		out,
		"<section class=\"findings brk\" id=\"findings\">\n<h2>발견사항 <span class=\"en\" "
		"lang=\"en\">Findings</span></h2>\n<p class=\"sans\">오류 %d건, 경고 %d건 "
		"<span lang=\"en\">(errors %d, warnings %d)</span>. 규칙 %zu건 평가 "
		"<span lang=\"en\">(rule instances evaluated)</span>.</p>\n<ol>\n",
		res->errors, res->warnings, res->errors, res->warnings, res->rules_evaluated);
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct finding *f = &res->findings[c->o->order[k]];
		const char *cls = sev_class(f->severity);
		buf_addf(out, "<li id=\"f%zu\" class=\"%s\" data-rule=\"", k + 1, cls);
		esc(out, f->rule);
		buf_adds(out, "\" data-kind=\"");
		esc(out, check_kind_name(f->kind));
		buf_addf(out, "\"><span class=\"badge %s\">%s</span> ", cls,
			 f->severity == SEV_ERROR ? "오류 error" : "경고 warning");
		check_message(f, 0, &m);
		esc(out, m.data);
		check_message(f, 1, &m);
		if (m.len) {
			buf_adds(out, " <span class=\"msg-en\" lang=\"en\">— ");
			esc(out, m.data);
			buf_adds(out, "</span>");
		}
		buf_adds(out, "<div class=\"d\">");
		esc(out, outline_finding_where(c->o, f));
		if (f->has_values) {
			check_values_text(f, &m);
			buf_adds(out, " · ");
			esc(out, m.data);
		}
		buf_adds(out, " · 출처 source ");
		const char **list;
		size_t n_src = check_sources(res, f, &list);
		for (size_t i = 0; i < n_src && i < 3; i++) {
			buf_adds(out, i ? ", " : "");
			esc(out, list[i]);
		}
		if (n_src > 3)
			buf_addf(out, " … +%zu", n_src - 3);
		free(list);
		check_explanation(res, f, CHECK_BOTH, &m);
		if (m.len) {
			buf_adds(out, "<br>");
			esc(out, m.data);
		}
		for (size_t s = 0; s < f->n_targets; s++) {
			const struct target *t = &f->targets[s];
			long fi = t->role == ROLE_SUSPECT ? check_target_index(res, t) : -1;
			if (fi < 0)
				continue;
			buf_adds(out, "<br>의심 셀 suspect: ");
			esc(out, outline_fact_label(c->o, (size_t)fi));
			buf_adds(out, " — ");
			esc(out, fact_printed(fs, &fs->facts[fi]));
			buf_reset(&m);
			knum_format_grouped(t->fix, &m);
			buf_addf(out, " → %s (", m.data);
			esc(out, t->source);
			buf_adds(out, ")");
		}
		if (c->o->first_place[k])
			buf_addf(out, " <a class=\"back\" href=\"#m%zu\">↩ 위치 location</a>",
				 c->o->first_place[k]);
		buf_adds(out, "</div></li>\n");
	}
	buf_adds(out, "</ol>\n</section>\n");
	buf_release(&m);
}

static const struct report_opts plain_opts;

/* The budget execution part: the office's chart, the monitoring and the
 * execution table by division, as the web application's page shows them. */
static void ledger_html(struct buf *out, const struct report_ledger *l)
{
	buf_adds(out, "<section class=\"node k-section top brk\" id=\"ledger\">\n"
		      "<h2>붙임 예산 집행 <span class=\"en\" lang=\"en\">Budget execution"
		      "</span></h2>\n<figure class=\"chart\">");
	ledger_monitor_svg(out, l->mon);
	buf_adds(out, "</figure>\n<figure class=\"tbl\"><figcaption>");
	ledger_monitor_caption(out, l->mon); /* words of the program's own: no markup */
	buf_adds(out, "</figcaption>");
	ledger_monitor_html(out, l->mon, NULL, 0);
	buf_adds(out, "</figure>\n<figure class=\"tbl ledger\">");
	ledger_rows_html(out, l->rows, l->day, 0);
	buf_adds(out, "</figure>\n</section>\n");
}

void report_html(struct model *m, const struct check_result *res, const struct report_opts *opt,
		 struct buf *out)
{
	struct outline o;
	struct html c = {.o = &o, .out = out, .opt = opt ? opt : &plain_opts};
	struct check_result scratch;
	size_t *open = NULL, n_open = 0, cap_open = 0; /* outline indexes of open sections */

	outline_build(&o, m, report_findings(opt, res, &scratch));
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta name=\"generator\" content=\"Jipyo\">\n<title>");
	esc(out, o.title ? o.title : "보고서");
	buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	int cover = 0;
	for (size_t i = 0; i < o.n_nodes; i++) {
		const struct onode *nd = &o.nodes[i];
		/* close the sections this node is not inside */
		while (n_open && o.nodes[open[n_open - 1]].depth >= nd->depth)
			node_close(&c, &o.nodes[open[--n_open]]);
		if (nd->cover && !cover) {
			cover_html(&c, nd);
			cover = 1;
			continue;
		}
		node_open(&c, nd);
		XGROW(open, cap_open, n_open + 1);
		open[n_open++] = i;
	}
	while (n_open)
		node_close(&c, &o.nodes[open[--n_open]]);
	free(open);
	if (o.n_other_tables || o.other_figures.n) {
		buf_adds(out, "<section class=\"node k-section top brk\" id=\"other\">\n"
			      "<h2>기타 <span class=\"en\" lang=\"en\">Other tables and "
			      "figures</span></h2>\n");
		for (size_t t = 0; t < o.n_other_tables; t++)
			table_html(&c, &o.tables[o.other_tables[t]]);
		if (o.other_figures.n)
			figures_html(&c, &o.other_figures);
		buf_adds(out, "</section>\n");
	}
	if (c.opt->ledger)
		ledger_html(out, c.opt->ledger);
	if (!c.opt->clean)
		findings_html(&c);
	buf_adds(out, "</body>\n</html>\n");
	outline_release(&o);
}

void report_html_node(struct outline *o, size_t node, struct buf *out)
{
	struct html c = {.o = o, .out = out, .opt = &plain_opts, .web = 1};
	size_t *open = NULL, n_open = 0, cap_open = 0;
	int depth = o->nodes[node].depth;

	assert(node < o->n_nodes);
	for (size_t i = node; i < o->n_nodes && (i == node || o->nodes[i].depth > depth); i++) {
		const struct onode *nd = &o->nodes[i];
		while (n_open && o->nodes[open[n_open - 1]].depth >= nd->depth)
			node_close(&c, &o->nodes[open[--n_open]]);
		node_open(&c, nd);
		XGROW(open, cap_open, n_open + 1);
		open[n_open++] = i;
	}
	while (n_open)
		node_close(&c, &o->nodes[open[--n_open]]);
	free(open);
}
