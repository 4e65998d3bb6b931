/*
 * report.h - the report, rendered from a model and its findings.
 *
 * The outline follows the seed's: Ⅰ 일반현황 (organisation, staffing,
 * functions, budget), Ⅱ sections, Ⅲ vision → goal → strategies → tasks,
 * Ⅳ areas → programs with their fields, narrative, tables and milestones,
 * then the findings. Tables are built from facts grouped by their `table`.
 * Both formats walk the same outline (outline.h), which places every block
 * where the report printed it and marks each finding on its numbers.
 */
#ifndef JY_REPORT_H
#define JY_REPORT_H

#include "base/buf.h"
#include "base/err.h"
#include "check/check.h"
#include "model/model.h"

struct ledger_monitor;
struct ledger_rows;

/* The budget execution part: the monitoring as of day and the execution
 * table by division, from the ledger (cmd/report.c reads it; the renderers
 * do not open stores). */
struct report_ledger {
	const struct ledger_monitor *mon;
	const struct ledger_rows *rows;
	long day;
};

/* How a report is printed. A clean copy (for submission) has no finding
 * marks and no findings list; its cover names the data's revision and the
 * date it was printed. Both strings may be NULL (then not printed). */
struct report_opts {
	int clean;
	const char *revision; /* "seoul-econ-2022 · rev 1a2b… · 입력 ’24.5.2." */
	const char *date;     /* the printing date, "’24.5.3." */
	/* a part every format prints after the report's own and before the
	 * findings: the budget execution from the ledger, or NULL */
	const struct report_ledger *ledger;
};

/* The findings a renderer marks: res itself, or (clean) a copy in *scratch
 * that has none. Either way the facts are res's. */
const struct check_result *report_findings(const struct report_opts *opt,
					   const struct check_result *res,
					   struct check_result *scratch);

/* The whole report as Markdown: headings, lists and pipe tables. */
void report_markdown(struct model *m, const struct check_result *res, const struct report_opts *opt,
		     struct buf *out);
/* The whole report as one self-contained, print-ready HTML file (A4, inline
 * CSS, Korean fonts by name): see report_html.c. */
void report_html(struct model *m, const struct check_result *res, const struct report_opts *opt,
		 struct buf *out);
/* The report as an HWPX document (KS X 6101, 한글): the bytes of the ZIP
 * package in out. JY_EINTERNAL when libzip or libxml2 fail (out of memory). */
int report_hwpx(struct model *m, const struct check_result *res, const struct report_opts *opt,
		struct buf *out, struct jy_err *err);
/* The report as an Excel workbook written to path (libxlsxwriter writes
 * files only: the caller hands a temporary name and renames it). */
int report_xlsx(struct model *m, const struct check_result *res, const struct report_opts *opt,
		const char *path, struct jy_err *err);

struct outline;
/* One node of the outline (its index) with everything below it, as the
 * report prints it, for a page of the web application: table captions
 * without ids and with dates as printed; marks link to "#fN" on that page. */
void report_html_node(struct outline *o, size_t node, struct buf *out);

#endif
