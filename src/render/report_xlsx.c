/*
 * report_xlsx.c - the report's figures as an Excel workbook (libxlsxwriter),
 * see report.h. Three kinds of sheet:
 *
 *   - one per printed table, as the report prints it: its caption, its unit
 *     line, the header row and the row labels, each figure as a number with
 *     a number format that shows it as printed (thousands separators, the
 *     printed decimals, a unit such as "명" or "%" as a literal, "△" for a
 *     negative); a cell a finding concerns is shaded red or amber and
 *     carries a comment with the finding;
 *   - 발견사항 Findings: each finding with the division that owns it, its
 *     severity, the Korean message, stated / computed / delta as numbers;
 *   - 수치 Facts: every fact, one row each, for pivot tables;
 *   - where the database holds a budget execution ledger (report_opts.ledger),
 *     집행 모니터링 (each division's expenditure rate against its target, as
 *     numbers) and 예산 집행현황 (the execution table by division, the sheet
 *     `ledger report --format xlsx` writes), before the findings.
 *
 * Sheet names keep to Excel's rules (31 characters, none of []:*?/\) and
 * are unique. A clean copy has no marks and no findings sheet.
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/msg.h"
#include "base/strmap.h"
#include "base/utf8.h"
#include "ledger_monitor.h"
#include "outline.h"
#include "report.h"

#define SHEET_NAME_MAX 31 /* Excel's limit, in characters */

struct xl {
	struct outline *o;
	const struct report_opts *opt;
	lxw_workbook *wb;
	struct strmap formats; /* key -> index into fmt */
	lxw_format **fmt;
	size_t n_fmt, cap_fmt;
	struct strmap names; /* sheet names taken */
	struct arena keys;
	lxw_format *title, *unit, *head, *label, *total_label, *text, *wrap;
	int bad; /* a write failed */
};

/* The double nearest a decimal: what Excel shows for the printed digits
 * (dec_to_double's arithmetic can be one ulp off). */
static double dec_double(struct dec d)
{
	char s[32];
	return strtod(dec_str(d, s), NULL);
}

/* ---- formats ------------------------------------------------------------------- */

enum shade { SHADE_NONE, SHADE_TOTAL, SHADE_ERR, SHADE_WARN };

static const lxw_color_t shade_color[] = {0, 0xF1F1F1, 0xFDE0E0, 0xFFF0C2};

/* A cell format by number format and shade, made once. */
static lxw_format *num_format(struct xl *x, const char *numfmt, enum shade s, int bold)
{
	struct buf key;
	size_t i;

	buf_init(&key);
	buf_addf(&key, "%d%d%s", (int)s, bold, numfmt);
	if (strmap_get(&x->formats, key.data, &i)) {
		buf_release(&key);
		return x->fmt[i];
	}
	lxw_format *f = workbook_add_format(x->wb);
	format_set_num_format(f, numfmt);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_RIGHT);
	if (s != SHADE_NONE)
		format_set_bg_color(f, shade_color[s]);
	if (bold)
		format_set_bold(f);
	XGROW(x->fmt, x->cap_fmt, x->n_fmt + 1);
	x->fmt[x->n_fmt] = f;
	strmap_put(&x->formats, arena_strdup(&x->keys, key.data), x->n_fmt++);
	buf_release(&key);
	return f;
}

/* Appends s as a literal of a number format: quoted, without quotes. */
static void add_literal(struct buf *b, const char *s, size_t n)
{
	if (!n)
		return;
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++)
		if (s[i] != '"' && s[i] != '\\')
			buf_addc(b, s[i]);
	buf_addc(b, '"');
}

/* The number format that shows value as printed shows it: the digits' run
 * gives the thousands separator and the decimals, what is around it is
 * literal, a leading "△" or "-" is the sign. A token that is not of that
 * shape (Korean number words, ranges) gets the general format. */
static void printed_format(const char *printed, double value, struct buf *out)
{
	int negative = value < 0;
	size_t n = strlen(printed), a = 0, b;
	int decimals = 0;

	while (a < n && !(printed[a] >= '0' && printed[a] <= '9'))
		a++;
	for (b = a; b < n && ((printed[b] >= '0' && printed[b] <= '9') || printed[b] == ',' ||
			      printed[b] == '.');
	     b++)
		;
	for (size_t i = b; i < n; i++)
		if (printed[i] >= '0' && printed[i] <= '9')
			a = n; /* digits after the run: not one number */
	if (a >= n && value == 0 && n && !strchr(printed, '"')) {
		/* a zero printed as a word or a dash ("-"): the format's zero part */
		buf_addf(out, "#,##0;-#,##0;\"%s\"", printed);
		return;
	}
	if (a >= n) {
		buf_adds(out, "General");
		return;
	}
	for (size_t i = a; i < b; i++) {
		size_t group = 0;
		while (i + 1 + group < b && printed[i + 1 + group] >= '0' &&
		       printed[i + 1 + group] <= '9')
			group++;
		/* "80,4" (a misprint the seed has) is a decimal comma, not a
		 * thousands separator: a group after it has three digits */
		if (printed[i] == '.' || (printed[i] == ',' && group != 3 && i + 1 + group == b))
			decimals = (int)group;
	}
	/* a figure printed in a larger unit than its value's (조원 for a
	 * value in 억원) cannot be shown so by a number format */
	char digits[64];
	size_t nd = 0;
	for (size_t i = a; i < b && nd + 1 < sizeof digits; i++)
		if (printed[i] != ',' || (decimals && i + 1 + (size_t)decimals == b))
			digits[nd++] = printed[i] == ',' ? '.' : printed[i];
	digits[nd] = 0;
	double shown = strtod(digits, NULL), mag = value < 0 ? -value : value;
	if (shown - mag > 1e-9 * (mag + 1) || mag - shown > 1e-9 * (mag + 1)) {
		buf_adds(out, "General");
		return;
	}
	/* the sign is the format's: drop it from the literal prefix */
	const char *pre = printed;
	size_t pre_n = a, tri = strlen("△");
	int triangle = 0;
	if (pre_n >= tri && memcmp(pre + pre_n - tri, "△", tri) == 0)
		pre_n -= tri, triangle = 1;
	else if (pre_n && (pre[pre_n - 1] == '-' || pre[pre_n - 1] == '+'))
		pre_n--;
	struct buf core;
	buf_init(&core);
	add_literal(&core, pre, pre_n);
	buf_adds(&core, "#,##0"); /* the office's tables group thousands */
	if (decimals > 0) {
		buf_addc(&core, '.');
		for (int i = 0; i < decimals; i++)
			buf_addc(&core, '0');
	}
	add_literal(&core, printed + b, n - b);
	buf_adds(out, core.data);
	if (negative && triangle)
		buf_addf(out, ";\"△\"%s", core.data);
	buf_release(&core);
}

/* ---- sheet names ----------------------------------------------------------------- */

/* A name Excel accepts and no other sheet has: forbidden characters become
 * "_", at most 31 characters, "~2", "~3" … on a clash. */
static const char *sheet_name(struct xl *x, const char *want)
{
	struct buf b, n;
	buf_init(&b);
	buf_init(&n);
	for (const char *p = want; *p; p++)
		buf_addc(&b, strchr("[]:*?/\\", *p) ? '_' : *p);
	if (!b.len || b.data[0] == '\'')
		buf_adds(&b, "sheet");
	for (int k = 1;; k++) {
		char suffix[16] = "";
		if (k > 1)
			snprintf(suffix, sizeof suffix, "~%d", k);
		/* cut to the limit in characters, never inside one */
		size_t keep = 0, chars = 0, room = SHEET_NAME_MAX - strlen(suffix);
		while (keep < b.len && chars < room) {
			int cp;
			int len = utf8_decode(b.data + keep, b.len - keep, &cp);
			keep += len > 0 ? (size_t)len : 1;
			chars++;
		}
		buf_reset(&n);
		buf_add(&n, b.data, keep);
		buf_adds(&n, suffix);
		/* Excel compares names without case */
		struct buf low;
		buf_init(&low);
		for (size_t i = 0; i < n.len; i++)
			buf_addc(&low, (char)(n.data[i] >= 'A' && n.data[i] <= 'Z' ? n.data[i] + 32
										   : n.data[i]));
		size_t ignored;
		int taken = strmap_get(&x->names, low.data, &ignored);
		if (!taken)
			strmap_put(&x->names, arena_strdup(&x->keys, low.data), 1);
		buf_release(&low);
		if (!taken)
			break;
	}
	const char *r = arena_strdup(&x->keys, n.data);
	buf_release(&b);
	buf_release(&n);
	return r;
}

/* ---- marks ------------------------------------------------------------------------ */

static void mark_comment(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			 const struct place *p)
{
	const struct check_result *res = x->o->res;
	struct buf t, m;

	buf_init(&t);
	buf_init(&m);
	for (size_t i = 0; i < p->n_numbers; i++) {
		const struct finding *f = &res->findings[x->o->order[p->numbers[i] - 1]];
		check_message(f, 0, &m);
		buf_addf(&t, "%s[%zu] %s: %s", i ? "\n" : "", p->numbers[i],
			 f->severity == SEV_ERROR ? "오류 error" : "경고 warning", m.data);
		if (f->has_values) {
			check_values_text(f, &m);
			buf_addf(&t, " (%s)", m.data);
		}
	}
	x->bad |= worksheet_write_comment(ws, r, c, t.data) != LXW_NO_ERROR;
	buf_release(&m);
	buf_release(&t);
}

/* ---- sheets ----------------------------------------------------------------------- */

static void table_sheet(struct xl *x, const struct table_view *v)
{
	const struct factset *fs = x->o->fs;
	struct table_caption cap;
	outline_caption(x->o, v, &cap);
	/* named as printed; a table the original titles not by its column */
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, *cap.title  ? cap.title
									: v->n_cols ? v->col_head[0]
										    : "표"));
	struct buf line, numfmt;
	const lxw_row_t top = 3; /* caption, unit line, a blank row */

	if (!ws) {
		x->bad = 1;
		return;
	}
	buf_init(&line);
	buf_init(&numfmt);
	if (*cap.title)
		worksheet_write_string(ws, 0, 0, cap.title, x->title);
	if (*cap.note)
		worksheet_write_string(ws, 1, 0, cap.note, x->unit);
	worksheet_write_string(ws, top, 0, "구분", x->head);
	for (size_t c = 0; c < v->n_cols; c++)
		worksheet_write_string(ws, top, (lxw_col_t)(c + 1), v->col_labels[c], x->head);
	for (size_t r = 0; r < v->n_rows; r++) {
		lxw_row_t row = top + 1 + (lxw_row_t)r;
		int total = v->row_total[r];
		worksheet_write_string(ws, row, 0, v->row_labels[r],
				       total ? x->total_label : x->label);
		for (size_t c = 0; c < v->n_cols; c++) {
			size_t i = r * v->n_cols + c;
			lxw_col_t col = (lxw_col_t)(c + 1);
			if (!v->cells[i]) {
				worksheet_write_blank(ws, row, col,
						      num_format(x, "General",
								 total ? SHADE_TOTAL : SHADE_NONE,
								 total));
				continue;
			}
			size_t fact = v->cell_fact[i] - 1;
			const struct fact_info *fi = &fs->facts[fact];
			const struct place *p = outline_fact_place(x->o, fact);
			double value = dec_double(fi->value);
			enum shade s = p       ? (p->severity == SEV_ERROR ? SHADE_ERR : SHADE_WARN)
				       : total ? SHADE_TOTAL
					       : SHADE_NONE;
			buf_reset(&numfmt);
			printed_format(fact_printed(fs, fi), value, &numfmt);
			/* an entered figure: its number, shown with the table's mark */
			if (strstr(v->cells[i], TABLE_ENTERED_MARK) && !strchr(numfmt.data, ';'))
				buf_adds(&numfmt, "\"" TABLE_ENTERED_MARK "\"");
			x->bad |= worksheet_write_number(ws, row, col, value,
							 num_format(x, numfmt.data, s, total)) !=
				  LXW_NO_ERROR;
			if (p)
				mark_comment(x, ws, row, col, p);
		}
	}
	for (size_t i = 0; i < v->n_notes; i++) /* entered figures, under the table */
		worksheet_write_string(ws, top + 2 + (lxw_row_t)(v->n_rows + i), 0, v->notes[i],
				       x->unit);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	if (v->n_cols)
		worksheet_set_column(ws, 1, (lxw_col_t)v->n_cols, 14, NULL);
	worksheet_freeze_panes(ws, top + 1, 1);
	buf_release(&line);
	buf_release(&numfmt);
}

/* The monitoring as the Markdown report prints it: the caption, the header,
 * each division's rate, target and gap as numbers with one decimal as
 * printed, "미달 behind" where it is behind, and the count under the table. */
static void monitor_sheet(struct xl *x, const struct ledger_monitor *m)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, "집행 모니터링"));
	static const char *const formats[] = {NULL, "0.0", "0.0", "+0.0;-0.0;0.0", NULL};
	const lxw_row_t top = 3; /* caption, blank, blank: the tables' layout */
	struct buf t;

	if (!ws) {
		x->bad = 1;
		return;
	}
	buf_init(&t);
	ledger_monitor_caption(&t, m);
	worksheet_write_string(ws, 0, 0, t.data, x->title);
	for (int k = 0; k < LEDGER_MONITOR_COLS; k++)
		worksheet_write_string(ws, top, (lxw_col_t)k, ledger_monitor_head(k), x->head);
	for (size_t i = 0; i < m->n; i++) {
		const struct ledger_monitor_group *g = &m->groups[i];
		lxw_row_t row = top + 1 + (lxw_row_t)i;
		for (int k = 0; k < LEDGER_MONITOR_COLS; k++) {
			lxw_col_t col = (lxw_col_t)k;
			buf_reset(&t);
			ledger_monitor_cell(&t, g, k);
			if (formats[k]) /* the number as printed, one decimal */
				x->bad |=
					worksheet_write_number(ws, row, col, strtod(t.data, NULL),
							       num_format(x, formats[k], SHADE_NONE,
									  0)) != LXW_NO_ERROR;
			else
				x->bad |= worksheet_write_string(ws, row, col, t.data,
								 k ? x->text : x->label) !=
					  LXW_NO_ERROR;
		}
	}
	buf_reset(&t);
	ledger_monitor_summary(&t, m);
	worksheet_write_string(ws, top + 2 + (lxw_row_t)m->n, 0, t.data, x->unit);
	worksheet_set_column(ws, 0, 0, 24, NULL);
	worksheet_set_column(ws, 1, LEDGER_MONITOR_COLS - 1, 14, NULL);
	worksheet_freeze_panes(ws, top + 1, 1);
	buf_release(&t);
}

/* The owner of node i or of the nearest node above it that has one. */
static const char *node_owner(struct xl *x, long i)
{
	for (; i >= 0; i = x->o->nodes[i].parent)
		if (*x->o->nodes[i].owner)
			return outline_unit_name(x->o, x->o->nodes[i].owner);
	return "";
}

/* For each fact, the outline node whose table or figures print it (-1). */
static long *fact_nodes(struct xl *x)
{
	const struct outline *o = x->o;
	long *at = xmalloc(sizeof(long) * (o->fs->n_facts + 1));
	for (size_t i = 0; i < o->fs->n_facts; i++)
		at[i] = -1;
	for (size_t n = 0; n < o->n_nodes; n++)
		for (size_t b = 0; b < o->nodes[n].n_blocks; b++) {
			const struct block *bl = &o->nodes[n].blocks[b];
			if (bl->kind == BLOCK_TABLE) {
				const struct table_view *v = &o->tables[bl->index];
				for (size_t i = 0; i < v->n_rows * v->n_cols; i++)
					if (v->cell_fact[i])
						at[v->cell_fact[i] - 1] = (long)n;
			} else if (bl->kind == BLOCK_FIGURES) {
				const struct figures *g = &o->figures[bl->index];
				for (size_t i = 0; i < g->n; i++)
					at[g->facts[i]] = (long)n;
			}
		}
	return at;
}

/* The division a finding belongs to: the unit among its first fact's
 * members, else the owner of the node among them, else the owner of the
 * part of the report that prints the fact, else "". */
static const char *finding_owner(struct xl *x, const struct finding *f, const long *fact_node)
{
	const struct factset *fs = x->o->fs;
	long first = -1;
	for (size_t t = 0; t < f->n_targets && first < 0; t++)
		if (f->targets[t].type == TARGET_FACT)
			first = check_target_index(x->o->res, &f->targets[t]);
	if (first < 0)
		return "";
	const struct fact_info *fi = &fs->facts[first];
	const struct measure_info *mi = &fs->measures[fi->measure];
	for (int k = 0; k < mi->n_dims; k++) {
		const struct dimension_info *d = &fs->dims[mi->dim_index[k]];
		const char *member = fact_member(fs, fi, k);
		if (d->members_from == 1)
			return outline_unit_name(x->o, member);
		if (d->members_from == 2) {
			long row = label_index_node(&x->o->labels, member);
			const char *owner = row < 0 ? ""
						    : table_get(&x->o->m->tables[RES_NODES],
								(size_t)row, "owner");
			if (*owner)
				return outline_unit_name(x->o, owner);
		}
	}
	return node_owner(x, fact_node[first]);
}

static void findings_sheet(struct xl *x)
{
	static const char *const head[] = {"번호 No",	    "수준 Severity", "담당 Division",
					   "내용 Message",  "Message (en)",  "명시 Stated",
					   "계산 Computed", "차이 Delta",    "위치 Where",
					   "관계 Relation", "출처 Source"};
	const struct check_result *res = x->o->res;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, "발견사항 Findings"));
	lxw_format *num = num_format(x, "#,##0.##########", SHADE_NONE, 0);
	struct buf src, msg;
	long *fact_node;

	if (!ws) {
		x->bad = 1;
		return;
	}
	fact_node = fact_nodes(x);
	buf_init(&src);
	buf_init(&msg);
	for (size_t c = 0; c < sizeof head / sizeof *head; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], x->head);
	for (size_t k = 0; k < res->n_findings; k++) {
		const struct finding *f = &res->findings[x->o->order[k]];
		lxw_row_t r = (lxw_row_t)(k + 1);
		worksheet_write_number(ws, r, 0, (double)(k + 1), NULL);
		worksheet_write_string(ws, r, 1,
				       f->severity == SEV_ERROR ? "오류 error" : "경고 warning",
				       x->text);
		worksheet_write_string(ws, r, 2, finding_owner(x, f, fact_node), x->text);
		check_message(f, 0, &msg);
		worksheet_write_string(ws, r, 3, msg.data, x->wrap);
		check_message(f, 1, &msg);
		worksheet_write_string(ws, r, 4, msg.data, x->wrap);
		if (f->has_values && !f->dates) {
			worksheet_write_number(ws, r, 5, dec_double(f->stated), num);
			worksheet_write_number(ws, r, 6, dec_double(f->computed), num);
			worksheet_write_number(ws, r, 7, dec_double(f->delta), num);
		}
		worksheet_write_string(ws, r, 8, outline_finding_where(x->o, f), x->text);
		worksheet_write_string(ws, r, 9, f->has_values ? f->relation : "", x->text);
		buf_reset(&src);
		const char **list;
		size_t n_src = check_sources(res, f, &list);
		for (size_t i = 0; i < n_src; i++)
			buf_addf(&src, "%s%s", i ? ", " : "", list[i]);
		free(list);
		worksheet_write_string(ws, r, 10, src.len ? src.data : "", x->text);
	}
	worksheet_set_column(ws, 0, 0, 7, NULL);
	worksheet_set_column(ws, 1, 2, 14, NULL);
	worksheet_set_column(ws, 3, 4, 50, NULL);
	worksheet_set_column(ws, 5, 7, 14, NULL);
	worksheet_set_column(ws, 8, 10, 28, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	if (res->n_findings)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)res->n_findings, 10);
	buf_release(&src);
	buf_release(&msg);
	free(fact_node);
}

static void facts_sheet(struct xl *x)
{
	static const char *const head[] = {"측정 Measure", "측정명 Name", "구분 Members",
					   "좌표 Coords",  "기간 Period", "종류 Kind",
					   "표 Table",	   "값 Value",	  "단위 Unit",
					   "표기 Printed", "출처 Source"};
	const struct factset *fs = x->o->fs;
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, sheet_name(x, "수치 Facts"));
	lxw_format *num = num_format(x, "#,##0.##########", SHADE_NONE, 0);
	struct buf members;

	if (!ws) {
		x->bad = 1;
		return;
	}
	buf_init(&members);
	for (size_t c = 0; c < sizeof head / sizeof *head; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], x->head);
	for (size_t i = 0; i < fs->n_facts; i++) {
		const struct fact_info *fi = &fs->facts[i];
		const struct measure_info *mi = &fs->measures[fi->measure];
		lxw_row_t r = (lxw_row_t)(i + 1);
		buf_reset(&members);
		for (int k = 0; k < mi->n_dims; k++)
			buf_addf(&members, "%s%s", k ? " · " : "",
				 member_label(&x->o->labels, fs, mi->dim_index[k],
					      fact_member(fs, fi, k)));
		worksheet_write_string(ws, r, 0, mi->id, NULL);
		worksheet_write_string(ws, r, 1, mi->name_ko ? mi->name_ko : "", NULL);
		worksheet_write_string(ws, r, 2, members.len ? members.data : "", NULL);
		worksheet_write_string(ws, r, 3, fact_coords(fs, fi), NULL);
		worksheet_write_string(ws, r, 4, fact_period(fs, fi), NULL);
		worksheet_write_string(ws, r, 5, fact_kind(fs, fi), NULL);
		worksheet_write_string(ws, r, 6, fact_table(fs, fi), NULL);
		x->bad |= worksheet_write_number(ws, r, 7, dec_double(fi->value), num) !=
			  LXW_NO_ERROR;
		worksheet_write_string(ws, r, 8, mi->unit ? mi->unit : "", NULL);
		worksheet_write_string(ws, r, 9, fact_printed(fs, fi), NULL);
		worksheet_write_string(ws, r, 10, fact_source(fs, fi), NULL);
	}
	worksheet_set_column(ws, 0, 3, 22, NULL);
	worksheet_set_column(ws, 4, 10, 12, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)fs->n_facts, 10);
	buf_release(&members);
}

static lxw_format *cell_format(lxw_workbook *wb, int bold, lxw_color_t bg, int border)
{
	lxw_format *f = workbook_add_format(wb);
	if (bold)
		format_set_bold(f);
	if (bg)
		format_set_bg_color(f, bg);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	return f;
}

int report_xlsx(struct model *m, const struct check_result *res, const struct report_opts *opt,
		const char *path, struct jy_err *err)
{
	static const struct report_opts plain;
	struct outline o;
	struct check_result scratch;
	struct xl x = {.o = &o, .opt = opt ? opt : &plain};
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};

	outline_build(&o, m, report_findings(opt, res, &scratch));
	x.wb = workbook_new_opt(path, &wo);
	if (!x.wb) {
		outline_release(&o);
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_BOOK_CREATE);
	}
	strmap_init(&x.formats);
	strmap_init(&x.names);
	arena_init(&x.keys);
	x.title = cell_format(x.wb, 1, 0, 0);
	format_set_font_size(x.title, 13);
	x.unit = cell_format(x.wb, 0, 0, 0);
	x.head = cell_format(x.wb, 1, 0xE7EBF1, 1);
	format_set_align(x.head, LXW_ALIGN_CENTER);
	format_set_text_wrap(x.head);
	x.label = cell_format(x.wb, 0, 0, 1);
	x.total_label = cell_format(x.wb, 1, 0xF1F1F1, 1);
	x.text = cell_format(x.wb, 0, 0, 0);
	x.wrap = cell_format(x.wb, 0, 0, 0);
	format_set_text_wrap(x.wrap);
	lxw_doc_properties props = {.title = (char *)(o.title ? o.title : "보고서"),
				    .comments = (char *)(x.opt->revision ? x.opt->revision : "")};
	workbook_set_properties(x.wb, &props);

	for (size_t t = 0; t < o.n_tables; t++)
		if (*o.tables[t].id)
			table_sheet(&x, &o.tables[t]);
	if (x.opt->ledger) {
		const struct report_ledger *l = x.opt->ledger;
		monitor_sheet(&x, l->mon);
		x.bad |= ledger_xlsx_sheet(x.wb, sheet_name(&x, "예산 집행현황"), l->rows, l->day,
					   LBY_UNIT, 0);
	}
	if (!x.opt->clean)
		findings_sheet(&x);
	facts_sheet(&x);

	lxw_error e = workbook_close(x.wb);
	strmap_release(&x.formats);
	strmap_release(&x.names);
	arena_release(&x.keys);
	free(x.fmt);
	outline_release(&o);
	if (e != LXW_NO_ERROR)
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_BOOK_WRITE, lxw_strerror(e));
	return x.bad ? jy_err_set(err, JY_EINTERNAL, "%s: a cell could not be written", path) : 0;
}
