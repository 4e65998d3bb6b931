/*
 * ledger_monitor.c - cumulative execution against a target curve (see
 * ledger_monitor.h). The command line prints it as Markdown and SVG; the
 * web application draws the same figures as HTML, so both agree.
 */
#include "ledger_monitor.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/mem.h"
#include "base/strmap.h"

long ledger_month_end(int year, int month, long cap)
{
	struct kdate next = {month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1};
	long d = kdate_daynum(next) - 1;
	return d < cap ? d : cap;
}

static const char *group_key(const struct ledger_line *l, int by_program)
{
	return by_program ? l->program : l->unit;
}

/* Month-end figures of every group for year into g[].actual (or .prior for
 * the year before, up to the same day of the year), and the as-of day's
 * into .now (.prior_now). */
static int fill_months(struct ledger_db *db, const struct ledger_view *v, int year, long as_of,
		       struct ledger_monitor *m, const struct strmap *ix, int prior,
		       struct jy_err *err)
{
	struct kdate a = kdate_from_daynum(as_of);
	int last = prior ? 12 : a.month;
	struct ledger_cum *cums = xcalloc(v->n_lines + 1, sizeof(*cums));
	struct ledger_cum *sums = xcalloc(m->n + 1, sizeof(*sums));
	int rc = 0;

	for (int mo = 1; mo <= last + 1 && !rc; mo++) {
		long d;
		if (mo <= last) {
			d = ledger_month_end(year, mo,
					     prior ? kdate_daynum((struct kdate){year, 12, 31})
						   : as_of);
		} else { /* the as-of day itself, a year earlier for the prior curve */
			struct kdate p = {year, a.month, a.month == 2 && a.day == 29 ? 28 : a.day};
			d = prior ? kdate_daynum(p) : as_of;
		}
		if ((rc = ledger_asof_all(db, v, d, cums, err)))
			break;
		memset(sums, 0, (m->n + 1) * sizeof(*sums));
		for (size_t i = 0; i < v->n_lines; i++) {
			size_t g;
			if (v->lines[i].year == year &&
			    strmap_get(ix, group_key(&v->lines[i], m->by_program), &g))
				ledger_cum_sum(&sums[g], &cums[i]);
		}
		for (size_t g = 0; g < m->n; g++) {
			struct ledger_monitor_group *gr = &m->groups[g];
			if (mo > last)
				*(prior ? &gr->prior_now : &gr->now) = sums[g];
			else
				(prior ? gr->prior : gr->actual)[mo - 1] = ledger_rate(&sums[g]);
		}
	}
	free(sums);
	free(cums);
	return rc;
}

/* The groups of the year's lines, in the order their lines come. */
static void find_groups(const struct ledger_view *v, struct ledger_monitor *m, struct strmap *ix)
{
	size_t cap = 0;
	for (size_t i = 0; i < v->n_lines; i++) {
		const struct ledger_line *l = &v->lines[i];
		if (l->year != m->year || strmap_get(ix, group_key(l, m->by_program), &(size_t){0}))
			continue;
		XGROW(m->groups, cap, m->n + 1);
		struct ledger_monitor_group *g = &m->groups[m->n];
		memset(g, 0, sizeof(*g));
		g->key = group_key(l, m->by_program);
		g->label = m->by_program ? ledger_view_title(v, l->program)
					 : (l->unit_ix == (size_t)-1 ? l->unit
								     : v->units[l->unit_ix].name);
		strmap_put(ix, g->key, m->n);
		m->n++;
	}
}

/* Targets per group, and the office's curves: rates weighted back to
 * amounts by each group's budget as of the day. */
static void finish(struct ledger_monitor *m)
{
	const struct ledger_target *t = &m->target;
	for (size_t i = 0; i < m->n; i++) {
		struct ledger_monitor_group *g = &m->groups[i];
		g->target_now = t->kind == LT_PRIOR ? ledger_rate(&g->prior_now)
						    : ledger_target_at(t, m->year, m->as_of);
		g->rate_now = ledger_rate(&g->now);
		for (int mo = 0; mo < 12; mo++)
			g->target[mo] = t->kind == LT_PRIOR
						? g->prior[mo]
						: ledger_target_at(t, m->year,
								   ledger_month_end(m->year, mo + 1,
										    1L << 30));
		m->behind += g->rate_now < g->target_now;
		ledger_cum_sum(&m->office_now, &g->now);
	}
	for (int mo = 0; mo < 12; mo++) {
		double num = 0, tnum = 0, den = 0;
		for (size_t i = 0; i < m->n; i++) {
			double w = (double)ledger_cum_current(&m->groups[i].now);
			num += m->groups[i].actual[mo] * w;
			tnum += m->groups[i].target[mo] * w;
			den += w;
		}
		m->office_actual[mo] = den > 0 ? num / den : 0;
		m->office_target[mo] = den > 0 ? tnum / den : 0;
	}
}

int ledger_monitor_build(struct ledger_db *db, const struct ledger_view *v, long as_of,
			 int by_program, const struct ledger_target *t, struct ledger_monitor *m,
			 struct jy_err *err)
{
	struct strmap ix;
	int rc;

	memset(m, 0, sizeof(*m));
	m->as_of = as_of;
	m->year = kdate_from_daynum(as_of).year;
	m->months = kdate_from_daynum(as_of).month;
	m->by_program = by_program;
	m->target = *t;
	strmap_init(&ix);
	find_groups(v, m, &ix);
	rc = fill_months(db, v, m->year, as_of, m, &ix, 0, err);
	if (!rc && t->kind == LT_PRIOR)
		rc = fill_months(db, v, m->year - 1, as_of, m, &ix, 1, err);
	strmap_release(&ix);
	if (!rc)
		finish(m);
	return rc;
}

void ledger_monitor_release(struct ledger_monitor *m)
{
	free(m->groups);
	memset(m, 0, sizeof(*m));
}

void ledger_monitor_caption(struct buf *out, const struct ledger_monitor *m)
{
	struct buf d, target;
	buf_init(&d);
	buf_init(&target);
	ledger_format_day(&d, m->as_of);
	ledger_target_describe(&target, &m->target); /* the code (h1:60) is no one's words */
	buf_addf(out, "집행 모니터링 (%s 기준, 목표: %s)", d.data, target.data);
	buf_release(&d);
	buf_release(&target);
}

const char *ledger_monitor_head(int k)
{
	static const char *const heads[LEDGER_MONITOR_COLS] = {"구분", "집행률(지출)", "목표",
							       "차이", ""};
	assert(k >= 0 && k < LEDGER_MONITOR_COLS);
	return heads[k];
}

void ledger_monitor_cell(struct buf *out, const struct ledger_monitor_group *g, int k)
{
	assert(k >= 0 && k < LEDGER_MONITOR_COLS);
	if (k == 0)
		buf_adds(out, g->label);
	else if (k == 1)
		buf_addf(out, "%.1f", g->rate_now);
	else if (k == 2)
		buf_addf(out, "%.1f", g->target_now);
	else if (k == 3)
		buf_addf(out, "%+.1f", g->rate_now - g->target_now);
	else if (g->rate_now < g->target_now)
		buf_adds(out, "미달 behind");
}

void ledger_monitor_summary(struct buf *out, const struct ledger_monitor *m)
{
	buf_addf(out, "%zu of %zu behind target / 목표 미달 %zu곳", m->behind, m->n, m->behind);
}

void ledger_monitor_md(struct buf *out, const struct ledger_monitor *m)
{
	struct buf cell;
	buf_init(&cell);
	buf_adds(out, "## ");
	ledger_monitor_caption(out, m);
	buf_adds(out, "\n\n|");
	for (int k = 0; k < LEDGER_MONITOR_COLS; k++) {
		const char *head = ledger_monitor_head(k);
		buf_addf(out, " %s%s|", head, *head ? " " : "");
	}
	buf_adds(out, "\n|---|---:|---:|---:|---|\n");
	for (size_t i = 0; i < m->n; i++) {
		buf_addc(out, '|');
		for (int k = 0; k < LEDGER_MONITOR_COLS; k++) {
			buf_reset(&cell);
			ledger_monitor_cell(&cell, &m->groups[i], k);
			buf_addf(out, " %s |", cell.data);
		}
		buf_addc(out, '\n');
	}
	buf_addc(out, '\n');
	ledger_monitor_summary(out, m);
	buf_addc(out, '\n');
	buf_release(&cell);
}

void ledger_monitor_svg(struct buf *out, const struct ledger_monitor *m)
{
	struct buf d, title, target;
	buf_init(&d);
	buf_init(&title);
	buf_init(&target);
	ledger_format_day(&d, m->as_of);
	ledger_target_describe(&target, &m->target);
	buf_addf(&title, "누계 집행률 (%s 기준)", d.data);
	ledger_chart_svg(out, title.data, m->office_actual, m->months, m->office_target,
			 target.data);
	buf_release(&d);
	buf_release(&title);
	buf_release(&target);
}

#define L(en, k, e) ((en) ? (e) : (k))

void ledger_monitor_html(struct buf *out, const struct ledger_monitor *m, const char *const *labels,
			 int en)
{
	buf_addf(out,
		 "<table class=\"data\"><thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\" class=\"num\">%s</th>"
		 "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead>"
		 "<tbody>\n",
		 m->by_program ? L(en, "사업", "Program") : L(en, "부서", "Division"),
		 L(en, "집행률(지출) %", "Rate (expenditure) %"), L(en, "목표 %", "Target %"),
		 L(en, "차이 %p", "Gap %p"), L(en, "상태", "Status"));
	for (size_t i = 0; i < m->n; i++) {
		const struct ledger_monitor_group *g = &m->groups[i];
		int behind = g->rate_now < g->target_now;
		buf_addf(out, "<tr%s><th scope=\"row\">", behind ? " class=\"warn\"" : "");
		ledger_xml_text(out, labels && labels[i] ? labels[i] : g->label);
		buf_addf(out,
			 "</th><td class=\"num\">%.1f</td><td class=\"num\">%.1f</td>"
			 "<td class=\"num\">%+.1f</td><td>",
			 g->rate_now, g->target_now, g->rate_now - g->target_now);
		if (behind)
			buf_addf(out, "<span class=\"badge warn\">%s</span>",
				 L(en, "미달", "behind"));
		buf_adds(out, "</td></tr>\n");
	}
	buf_adds(out, "</tbody></table>\n<p class=\"note\">");
	if (en)
		buf_addf(out, "%zu of %zu behind their target", m->behind, m->n);
	else
		buf_addf(out, "%zu곳 가운데 %zu곳이 목표에 못 미칩니다", m->n, m->behind);
	buf_adds(out, "</p>\n");
}

void ledger_rows_html(struct buf *out, const struct ledger_rows *rows, long day, int by_program)
{
	enum ledger_by by = by_program ? LBY_PROGRAM : LBY_UNIT;
	int nf = ledger_n_figures(0);
	struct buf cell;
	buf_init(&cell);
	buf_adds(out, "<table class=\"data\"><caption>");
	ledger_title(&cell, day, by);
	ledger_xml_text(out, cell.data);
	buf_adds(out, " <span class=\"unit\">");
	ledger_xml_text(out, ledger_unit_line);
	buf_adds(out, "</span></caption><thead><tr>");
	for (int k = 0; k <= nf; k++) {
		buf_addf(out, "<th scope=\"col\"%s>", k ? " class=\"num\"" : "");
		ledger_xml_text(out, ledger_head(by, k));
		buf_adds(out, "</th>");
	}
	buf_adds(out, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < rows->n; i++) {
		buf_adds(out, i + 1 == rows->n ? "<tr class=\"total\">" : "<tr>");
		buf_adds(out, "<th scope=\"row\">");
		ledger_xml_text(out, rows->rows[i].label);
		buf_adds(out, "</th>");
		for (int k = 0; k < nf; k++) {
			buf_reset(&cell);
			ledger_figure(&cell, LFMT_MD, &rows->rows[i].c, k);
			buf_adds(out, "<td class=\"num\">");
			ledger_xml_text(out, cell.data);
			buf_adds(out, "</td>");
		}
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</tbody></table>\n");
	buf_release(&cell);
}
