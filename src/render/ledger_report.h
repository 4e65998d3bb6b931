/*
 * ledger_report.h - execution figures as people read them, as facts, and
 * against a target curve.
 *
 * Everything here works on figures already looked up (one struct ledger_cum
 * per line, as of a day: store/ledger_store.h), so it neither reads the
 * database nor adds transactions up. Tables print unit names and program
 * titles, amounts in 백만원 with separators and days as ’22.8.29.; the
 * facts carry ids and exact values.
 */
#ifndef JY_LEDGER_REPORT_H
#define JY_LEDGER_REPORT_H

#include "base/buf.h"
#include "base/err.h"
#include "ledger/ledger.h"
#include "store/ledger_store.h"

enum ledger_by { LBY_UNIT, LBY_PROGRAM, LBY_LINE, LBY_MONTH };
enum ledger_format { LFMT_MD, LFMT_CSV };

/* One row of a report: its label as printed and its figures. */
struct ledger_row {
	char *label; /* malloc'ed */
	struct ledger_cum c;
};

struct ledger_rows {
	struct ledger_row *rows;
	size_t n, cap;
};

void ledger_rows_release(struct ledger_rows *r);
/* Rows of the lines of fiscal year `year` grouped by unit (in the units'
 * order), program or line, from cums[v->n_lines]; a total row 계 last. */
void ledger_group(const struct ledger_view *v, const struct ledger_cum *cums, int year,
		  enum ledger_by by, struct ledger_rows *out);
/* Adds one row (label copied). */
void ledger_rows_add(struct ledger_rows *r, const char *label, const struct ledger_cum *c);

/* The table: title line, header, rows. year_end adds 이월 and 불용. CSV has
 * a BOM and CRLF line ends, for Korean Excel. */
void ledger_render(struct buf *out, const struct ledger_rows *r, long as_of, enum ledger_by by,
		   enum ledger_format fmt, int year_end);

/* The parts of that table, for the workbook: the title as printed
 * ("예산 집행현황 (’22.8.29. 기준, 부서별)"), the unit line, how many figure
 * columns there are (10, or 12 at the year's end), the header of column k
 * (0 the rows' kind, "부서"; 1.. the figures) and figure k (0-based) of a
 * row as the format prints it: 백만원 ("1,234" in Markdown, "1234" in
 * CSV) or a rate with one decimal ("12.5", or "-" without a budget). */
void ledger_title(struct buf *out, long as_of, enum ledger_by by);
extern const char ledger_unit_line[];
int ledger_n_figures(int year_end);
const char *ledger_head(enum ledger_by by, int k);
void ledger_figure(struct buf *out, enum ledger_format fmt, const struct ledger_cum *c, int k);
int ledger_figure_is_rate(int k);

/* The same table as an Excel workbook written to path (libxlsxwriter): one
 * sheet with the title, the unit line, the header and the rows, amounts and
 * rates as numbers shown as the table prints them (ledger_xlsx.c). */
int ledger_render_xlsx(const struct ledger_rows *r, long as_of, enum ledger_by by, int year_end,
		       const char *path, struct jy_err *err);
/* That sheet, named sheet, added to a workbook being written (the report's:
 * report_xlsx.c). Returns non-zero when the sheet or a cell could not be
 * written. */
typedef struct lxw_workbook lxw_workbook;
int ledger_xlsx_sheet(lxw_workbook *wb, const char *sheet, const struct ledger_rows *r, long as_of,
		      enum ledger_by by, int year_end);

/* Facts (facts.csv rows, no header) of table "ledger", period the as-of day:
 * budget_current, obligations, expenditure in 백만원 (exact, printed in
 * won) and the two rates, for every unit with lines under it (its own and
 * its descendants'). Returns how many rows. */
size_t ledger_facts(struct buf *out, const struct ledger_view *v, const struct ledger_cum *cums,
		    int year, long as_of);

/* A target curve of cumulative execution through the year. */
struct ledger_target {
	enum { LT_LINEAR, LT_FIRST_HALF, LT_PRIOR } kind;
	double first_half_pct; /* LT_FIRST_HALF: the share due by 30 June */
};
/* "linear", "h1:60" (60% by 30 June), "prior"; -1 when none of them. */
int ledger_target_parse(const char *s, struct ledger_target *t);
/* The target as people read it, Korean then English: "상반기 60% first
 * half 60%", "직선 straight line", "전년 실적 last year's curve". */
void ledger_target_describe(struct buf *out, const struct ledger_target *t);
/* The target share (0..100) at the end of day of fiscal year `year`, for
 * the linear and first-half curves. */
double ledger_target_at(const struct ledger_target *t, int year, long day);

/* The expenditure rate of c (0..100; 0 when there is no budget). */
double ledger_rate(const struct ledger_cum *c);

/* s escaped for XML and HTML text and attributes. */
void ledger_xml_text(struct buf *out, const char *s);

/* An SVG line chart of cumulative monthly execution: actual[0..n_actual)
 * (month ends, percent) against target[0..12), both from January; the
 * legend under the months names the target curve (target_name, in words). */
void ledger_chart_svg(struct buf *out, const char *title, const double *actual, int n_actual,
		      const double *target, const char *target_name);

#endif
