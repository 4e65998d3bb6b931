/*
 * ledger_page.c - the budget execution page: the office's cumulative
 * execution against a target curve (the chart `jipyo ledger monitor --svg`
 * draws), the units or programs behind it, and the execution table as of a
 * day, all from the ledger in the store's file (store/ledger_store.h).
 *
 * The ledger changes outside the site (`jipyo ledger import` while the
 * server runs), so the page is read from the file on every request and not
 * kept with the site; the cumulative aggregates make that a few lookups.
 */
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "render/ledger_monitor.h"
#include "render/ledger_report.h"
#include "server.h"
#include "site.h"
#include "store/ledger_store.h"
#include "web.h"

#define T(r, k, e) ((r)->en ? (e) : (k))

struct ledger_query {
	const char *as_of, *target, *by;
	long day;
	struct ledger_target t;
	int by_program;
};

/* The query's values, or a 400 answered (-1). Defaults: the budget table's day,
 * 상반기 60%, by unit. */
static int query_or_reply(struct web_req *rq, struct web_resp *rs, struct ledger_query *q)
{
	struct kdate_range r;
	q->as_of = query_get(&rq->q, "as_of");
	q->target = query_get(&rq->q, "target");
	q->by = query_get(&rq->q, "by");
	/* the day of the budget table's figures: what the ledger is checked
	 * against (the milestones' newest day is later) */
	if (!q->as_of || !*q->as_of)
		q->as_of = rq->site->data_date[0] ? rq->site->data_date : rq->site->as_of;
	if (!q->target || !*q->target)
		q->target = "h1:60";
	if (!q->by || !*q->by)
		q->by = "unit";
	if (!q->as_of || strlen(q->as_of) != 10 || kdate_parse_iso(q->as_of, &r) != 0) {
		web_error(rq, rs, 400, "bad_request", "as_of", "%s",
			  T(rq, "기준일은 YYYY-MM-DD 형식의 날짜입니다",
			    "as_of is a date, YYYY-MM-DD"));
		return -1;
	}
	q->day = kdate_daynum(r.start);
	if (ledger_target_parse(q->target, &q->t)) {
		web_error(rq, rs, 400, "bad_request", "target", "%s",
			  T(rq, "목표는 linear, h1:백분율, prior 가운데 하나입니다",
			    "target is linear, h1:PERCENT or prior"));
		return -1;
	}
	if (strcmp(q->by, "unit") != 0 && strcmp(q->by, "program") != 0) {
		web_error(rq, rs, 400, "bad_request", "by", "%s",
			  T(rq, "구분은 unit(부서별) 또는 program(사업별)입니다",
			    "by is unit or program"));
		return -1;
	}
	q->by_program = strcmp(q->by, "program") == 0;
	return 0;
}

static void option(struct buf *b, const char *value, const char *label, const char *current)
{
	buf_addf(b, "<option value=\"%s\"%s>%s</option>", value,
		 strcmp(value, current) == 0 ? " selected" : "", label);
}

static void query_form(struct web_req *rq, struct buf *b, const struct ledger_query *q)
{
	buf_addf(b,
		 "<form method=\"get\" action=\"/ledger\" class=\"inline\">"
		 "<label for=\"as_of\">%s</label><input type=\"date\" id=\"as_of\" "
		 "name=\"as_of\" value=\"%s\"><label for=\"target\">%s</label>"
		 "<select id=\"target\" name=\"target\">",
		 T(rq, "기준일", "As of"), q->as_of, T(rq, "목표", "Target"));
	option(b, "h1:60", T(rq, "상반기 60%", "first half 60%"), q->target);
	option(b, "linear", T(rq, "직선", "straight line"), q->target);
	option(b, "prior", T(rq, "전년 실적", "last year's curve"), q->target);
	buf_addf(b, "</select><label for=\"by\">%s</label><select id=\"by\" name=\"by\">",
		 T(rq, "구분", "By"));
	option(b, "unit", T(rq, "부서별", "division"), q->by);
	option(b, "program", T(rq, "사업별", "program"), q->by);
	buf_addf(b, "</select><button type=\"submit\">%s</button></form>\n", T(rq, "보기", "Show"));
}

/* A unit's name in the page's language: the site's divisions carry the
 * English names the ledger's view lacks. */
static const char *group_label(struct web_req *rq, const struct ledger_monitor *m,
			       const struct ledger_monitor_group *g)
{
	if (!rq->en || m->by_program)
		return g->label;
	for (size_t i = 0; i < rq->site->n_divs; i++) {
		const struct site_division *d = &rq->site->divs[i];
		if (strcmp(d->id, g->key) == 0 && d->name_en && *d->name_en)
			return d->name_en;
	}
	return g->label;
}

/* Every unit or program with its rate against the target, as the monitor
 * prints them. */
static void monitor_table(struct web_req *rq, struct buf *b, const struct ledger_monitor *m)
{
	const char **labels = arena_alloc(rq->a, (m->n + 1) * sizeof(*labels));
	for (size_t i = 0; i < m->n; i++)
		labels[i] = group_label(rq, m, &m->groups[i]);
	buf_addf(b, "<section aria-labelledby=\"mon-h\"><h2 id=\"mon-h\">%s</h2>\n",
		 T(rq, "목표 대비 집행", "Execution against the target"));
	ledger_monitor_html(b, m, labels, rq->en);
	buf_adds(b, "</section>\n");
}

/* The execution table as `ledger report` prints it. */
static void execution_table(struct web_req *rq, struct buf *b, const struct ledger_rows *rows,
			    long day, int by_program)
{
	buf_addf(b,
		 "<section class=\"wide\" aria-labelledby=\"exe-h\"><h2 id=\"exe-h\">%s</h2>\n"
		 "<div class=\"scroll\">",
		 by_program ? T(rq, "사업별 집행현황", "Execution by program")
			    : T(rq, "부서별 집행현황", "Execution by division"));
	ledger_rows_html(b, rows, day, by_program);
	buf_adds(b, "</div></section>\n");
}

/* The page's body once the ledger is open. */
static int ledger_body(struct web_req *rq, struct buf *b, struct ledger_db *db,
		       const struct ledger_query *q, struct jy_err *err)
{
	struct ledger_view v;
	struct ledger_monitor m;
	struct ledger_rows rows = {0};
	struct ledger_cum *cums;
	int rc;

	if ((rc = ledger_view_load(db, &v, err)))
		return rc;
	cums = calloc(v.n_lines + 1, sizeof(*cums));
	if (!cums) {
		ledger_view_release(&v);
		return jy_err_set(err, JY_EINTERNAL, "out of memory");
	}
	if (!(rc = ledger_monitor_build(db, &v, q->day, q->by_program, &q->t, &m, err))) {
		if (!m.n) {
			buf_addf(b,
				 "<p role=\"status\">%s <code>jipyo ledger import FILE.csv --db "
				 "DB</code></p>\n",
				 T(rq, "이 회계연도의 집행 원장이 없습니다. 가져오기:",
				   "No ledger for this fiscal year. Import one:"));
		} else if (!(rc = ledger_asof_all(db, &v, q->day, cums, err))) {
			ledger_group(&v, cums, m.year, q->by_program ? LBY_PROGRAM : LBY_UNIT,
				     &rows);
			buf_addf(b,
				 "<div class=\"grid\">\n<section aria-labelledby=\"cur-h\"><h2 "
				 "id=\"cur-h\">%s</h2>\n<figure class=\"chart\">",
				 T(rq, "누계 집행률", "Cumulative execution"));
			ledger_monitor_svg(b, &m);
			buf_addf(
				b,
				"<figcaption class=\"note\">%s</figcaption></figure></section>\n",
				T(rq,
				  "실선: 월말 누계 집행률(지출), 점선: 목표. 부서별 예산현액으로 "
				  "가중한 실국 전체",
				  "Solid: cumulative rate (expenditure) at each month end; dashed: "
				  "the target. The office as a whole, weighted by budget"));
			monitor_table(rq, b, &m);
			execution_table(rq, b, &rows, q->day, q->by_program);
			buf_adds(b, "</div>\n");
		}
		ledger_monitor_release(&m);
	}
	ledger_rows_release(&rows);
	free(cums);
	ledger_view_release(&v);
	return rc;
}

void page_ledger(struct web_req *rq, struct web_resp *rs)
{
	struct ledger_query q;
	struct ledger_db *db;
	struct jy_err err;
	struct buf *b = &rs->body;

	if (query_or_reply(rq, rs, &q))
		return;
	page_open(rq, rs, T(rq, "예산 집행", "Budget execution"));
	buf_addf(b, "<h1>%s</h1>\n", T(rq, "예산 집행 모니터링", "Budget execution"));
	query_form(rq, b, &q);
	buf_addf(b, "<p class=\"note\">%s ", T(rq, "기준일", "As of"));
	struct buf d;
	buf_init(&d);
	ledger_format_day(&d, q.day);
	buf_add(b, d.data, d.len);
	buf_release(&d);
	buf_adds(b, " · ");
	struct buf t;
	buf_init(&t);
	ledger_target_describe(&t, &q.t);
	buf_addf(b, "%s: ", T(rq, "목표", "Target"));
	page_esc(b, t.data);
	buf_release(&t);
	buf_adds(b, "</p>\n");
	jy_err_clear(&err);
	if (ledger_db_open(rq->site->db, &db, &err) == 0) {
		ledger_body(rq, b, db, &q, &err);
		ledger_db_close(db);
	}
	if (err.code) {
		buf_adds(b, "<p class=\"alert\" role=\"alert\">");
		page_esc(b, err.msg);
		buf_adds(b, "</p>\n");
	}
	page_close(rs);
}
