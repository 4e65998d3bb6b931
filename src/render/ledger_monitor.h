/*
 * ledger_monitor.h - cumulative execution against a target curve, per unit
 * or program and for the office, as of a day: what `jipyo ledger monitor`
 * prints and the web application's execution page shows.
 *
 * The figures are read from the ledger's cumulative aggregates at each month
 * end (store/ledger_store.h); nothing here adds transactions up.
 */
#ifndef JY_LEDGER_MONITOR_H
#define JY_LEDGER_MONITOR_H

#include "base/buf.h"
#include "base/err.h"
#include "ledger_report.h"
#include "store/ledger_store.h"

/* One unit or program: its expenditure rate at each month end (percent,
 * months after the as-of month 0), its target curve, and both as of the day. */
struct ledger_monitor_group {
	const char *key;   /* the unit or program node id (for links) */
	const char *label; /* its name or title as printed */
	double actual[12], target[12], prior[12];
	struct ledger_cum now, prior_now;
	double rate_now, target_now;
};

struct ledger_monitor {
	int year;
	long as_of; /* day number */
	int by_program;
	int months; /* months of the year with figures: 1..12 */
	struct ledger_target target;
	struct ledger_monitor_group *groups; /* in the units' or lines' order */
	size_t n, behind;		     /* behind: groups under their target */
	/* the office's curve: every group's rates weighted by its budget */
	double office_actual[12], office_target[12];
	struct ledger_cum office_now;
};

/* The last day of month (1..12) of year, or cap when that comes first. */
long ledger_month_end(int year, int month, long cap);

/* Fills m for the fiscal year of as_of from db and v. Groups are the units
 * (or program nodes) with lines in that year; none when the year has no
 * ledger (m->n 0). Release with ledger_monitor_release. */
int ledger_monitor_build(struct ledger_db *db, const struct ledger_view *v, long as_of,
			 int by_program, const struct ledger_target *t, struct ledger_monitor *m,
			 struct jy_err *err);
void ledger_monitor_release(struct ledger_monitor *m);

/* The monitoring table's words, the same in every format: its caption
 * ("집행 모니터링 (’22.8.29. 기준, 목표: 상반기 60% first half 60%)"), the header
 * of column k, group g's cell k as printed (k 0: the label; 1 집행률(지출),
 * 2 목표, 3 차이 in percent with one decimal; 4 "미달 behind" or ""), and the
 * line counting the groups behind. */
enum { LEDGER_MONITOR_COLS = 5 };
void ledger_monitor_caption(struct buf *out, const struct ledger_monitor *m);
const char *ledger_monitor_head(int k);
void ledger_monitor_cell(struct buf *out, const struct ledger_monitor_group *g, int k);
void ledger_monitor_summary(struct buf *out, const struct ledger_monitor *m);
/* The table in Markdown: the caption as a heading, the table, the line
 * counting the groups behind. */
void ledger_monitor_md(struct buf *out, const struct ledger_monitor *m);
/* The office's curve against its target as an SVG chart. */
void ledger_monitor_svg(struct buf *out, const struct ledger_monitor *m);
/* The same table as HTML (class "data"), headers in Korean or (en)
 * English; labels[i] names group i when not NULL (a page's language). */
void ledger_monitor_html(struct buf *out, const struct ledger_monitor *m, const char *const *labels,
			 int en);
/* The execution table of `ledger report` as HTML (class "data"): rows from
 * ledger_group as of day, the last the total. */
void ledger_rows_html(struct buf *out, const struct ledger_rows *rows, long day, int by_program);

#endif
