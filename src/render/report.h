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
#include "check/check.h"
#include "model/model.h"

/* The whole report as Markdown: headings, lists and pipe tables. */
void report_markdown(struct model *m, const struct check_result *res, struct buf *out);
/* The whole report as one self-contained, print-ready HTML file (A4, inline
 * CSS, Korean fonts by name): see report_html.c. */
void report_html(struct model *m, const struct check_result *res, struct buf *out);

struct outline;
/* One node of the outline (its index) with everything below it, as the
 * report prints it, for a page of the web application: table captions
 * without ids and with dates as printed; marks link to "#fN" on that page. */
void report_html_node(struct outline *o, size_t node, struct buf *out);

#endif
