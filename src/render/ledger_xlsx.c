/*
 * ledger_xlsx.c - the ledger's execution table as an Excel workbook
 * (libxlsxwriter), see ledger_report.h.
 *
 * One sheet, laid out as the Markdown table prints it and as report_xlsx.c
 * lays out the report's tables: the title (with the as-of day as printed),
 * the unit line, a blank row, the header, then one row per unit, program,
 * line or month and the 계 row. Each figure is a number in the unit the
 * table prints (백만원, rounded as printed; a rate as its printed tenth of a
 * percent), shown by a number format as printed: thousands separators, a
 * rate with one decimal and "%". A rate without a budget is the "-" the
 * table prints. The header and the labels stay in view (frozen panes), and
 * the columns are as wide as their Korean text.
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/utf8.h"
#include "ledger_report.h"

#define LABEL_WIDTH_MAX 80 /* Excel's column width units: a long title wraps past it */

struct lx {
	lxw_workbook *wb;
	lxw_format *title, *unit, *head;
	/* [0] a row, [1] the 계 row */
	lxw_format *label[2], *amount[2], *rate[2], *dash[2];
};

static lxw_format *cell_format(lxw_workbook *wb, int total, const char *numfmt)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (numfmt) {
		format_set_num_format(f, numfmt);
		format_set_align(f, LXW_ALIGN_RIGHT);
	}
	if (total) {
		format_set_bold(f);
		format_set_bg_color(f, 0xF1F1F1);
	}
	return f;
}

static void formats(struct lx *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 13);
	x->unit = workbook_add_format(x->wb);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xE7EBF1);
	format_set_border(x->head, LXW_BORDER_THIN);
	format_set_align(x->head, LXW_ALIGN_CENTER);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->head);
	for (int t = 0; t < 2; t++) {
		x->label[t] = cell_format(x->wb, t, NULL);
		x->amount[t] = cell_format(x->wb, t, "#,##0");
		x->rate[t] = cell_format(x->wb, t, "0.0%");
		/* "-" is text: right-aligned like the figures around it */
		x->dash[t] = cell_format(x->wb, t, "@");
	}
}

/* Columns a text needs: a Hangul syllable is about two digits wide. */
static int text_width(const char *s)
{
	return utf8_display_width(s) + 2;
}

int ledger_xlsx_sheet(lxw_workbook *wb, const char *sheet, const struct ledger_rows *r, long as_of,
		      enum ledger_by by, int year_end)
{
	const lxw_row_t top = 3; /* title, unit line, a blank row */
	int n_cols = ledger_n_figures(year_end), bad = 0;
	int width[13] = {0};
	struct lx x = {.wb = wb};
	struct buf title, text;
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);

	if (!ws)
		return 1;
	formats(&x);
	buf_init(&title);
	buf_init(&text);
	ledger_title(&title, as_of, by);
	worksheet_write_string(ws, 0, 0, title.data, x.title);
	worksheet_write_string(ws, 1, 0, ledger_unit_line, x.unit);
	for (int k = 0; k <= n_cols; k++) {
		worksheet_write_string(ws, top, (lxw_col_t)k, ledger_head(by, k), x.head);
		width[k] = text_width(ledger_head(by, k));
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct ledger_row *row = &r->rows[i];
		lxw_row_t y = top + 1 + (lxw_row_t)i;
		/* ledger_group ends with the 계 row; the months are not totalled */
		int total = by != LBY_MONTH && i + 1 == r->n;
		bad |= worksheet_write_string(ws, y, 0, row->label, x.label[total]) != LXW_NO_ERROR;
		if (text_width(row->label) > width[0])
			width[0] = text_width(row->label);
		for (int k = 0; k < n_cols; k++) {
			lxw_col_t col = (lxw_col_t)(k + 1);
			int rate = ledger_figure_is_rate(k);
			lxw_error e;
			/* the number as the CSV prints it: what the table shows */
			buf_reset(&text);
			ledger_figure(&text, LFMT_CSV, &row->c, k);
			if (strcmp(text.data, "-") == 0) {
				e = worksheet_write_string(ws, y, col, text.data, x.dash[total]);
			} else {
				double v = strtod(text.data, NULL);
				e = worksheet_write_number(ws, y, col, rate ? v / 100 : v,
							   rate ? x.rate[total] : x.amount[total]);
			}
			bad |= e != LXW_NO_ERROR;
			/* as shown: with separators, a rate with "%" */
			buf_reset(&text);
			ledger_figure(&text, LFMT_MD, &row->c, k);
			if (text_width(text.data) + rate > width[col])
				width[col] = text_width(text.data) + rate;
		}
	}
	worksheet_set_column(ws, 0, 0, width[0] > LABEL_WIDTH_MAX ? LABEL_WIDTH_MAX : width[0],
			     NULL);
	for (int k = 1; k <= n_cols; k++)
		worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k, width[k] < 10 ? 10 : width[k],
				     NULL);
	worksheet_freeze_panes(ws, top + 1, 1);
	buf_release(&title);
	buf_release(&text);
	return bad;
}

int ledger_render_xlsx(const struct ledger_rows *r, long as_of, enum ledger_by by, int year_end,
		       const char *path, struct jy_err *err)
{
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	struct buf title;
	lxw_workbook *wb = workbook_new_opt(path, &wo);

	if (!wb)
		return jy_err_set(err, JY_EIO, "%s: cannot create the workbook", path);
	buf_init(&title);
	ledger_title(&title, as_of, by);
	lxw_doc_properties props = {.title = title.data};
	workbook_set_properties(wb, &props);
	int bad = ledger_xlsx_sheet(wb, "예산 집행현황", r, as_of, by, year_end);
	lxw_error e = workbook_close(wb);
	buf_release(&title);
	if (e != LXW_NO_ERROR)
		return jy_err_set(err, JY_EIO, "%s: cannot write the workbook: %s", path,
				  lxw_strerror(e));
	return bad ? jy_err_set(err, JY_EINTERNAL, "%s: a cell could not be written", path) : 0;
}
