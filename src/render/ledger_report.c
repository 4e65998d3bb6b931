/*
 * ledger_report.c - execution tables, ledger facts, target curves and the
 * SVG chart (see ledger_report.h).
 */
#include "ledger_report.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/dec.h"
#include "base/kdate.h"
#include "base/mem.h"
#include "base/strmap.h"

void ledger_rows_release(struct ledger_rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->rows[i].label);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

void ledger_rows_add(struct ledger_rows *r, const char *label, const struct ledger_cum *c)
{
	xgrow((void **)&r->rows, &r->cap, r->n + 1, sizeof(*r->rows));
	r->rows[r->n].label = xstrdup(label);
	r->rows[r->n++].c = *c;
}

/* Sums cannot overflow where the import checked every line's figures and a
 * report adds at most every line of a year: saturate rather than wrap. */
static void add_sat(struct ledger_cum *a, const struct ledger_cum *b)
{
	struct ledger_cum t = *a;
	if (ledger_cum_sum(&t, b) == 0)
		*a = t;
}

static const char *unit_name(const struct ledger_view *v, const struct ledger_line *l)
{
	return l->unit_ix == (size_t)-1 ? l->unit : v->units[l->unit_ix].name;
}

void ledger_group(const struct ledger_view *v, const struct ledger_cum *cums, int year,
		  enum ledger_by by, struct ledger_rows *out)
{
	struct ledger_cum total = {0};
	struct strmap seen;
	struct buf label;

	assert(by != LBY_MONTH); /* months are as-of lookups of their own */
	strmap_init(&seen);
	buf_init(&label);
	if (by == LBY_UNIT) {
		/* units in their printed order, then any the package no longer has */
		for (size_t u = 0; u <= v->n_units; u++) {
			struct ledger_cum sum = {0};
			int any = 0;
			for (size_t i = 0; i < v->n_lines; i++) {
				const struct ledger_line *l = &v->lines[i];
				size_t ix = l->unit_ix == (size_t)-1 ? v->n_units : l->unit_ix;
				if (l->year != year || ix != u)
					continue;
				if (u == v->n_units && strmap_get(&seen, l->unit, &(size_t){0}))
					continue;
				add_sat(&sum, &cums[i]);
				any = 1;
				if (u == v->n_units) { /* one row per unknown unit */
					strmap_put(&seen, l->unit, 1);
					for (size_t k = i + 1; k < v->n_lines; k++)
						if (v->lines[k].year == year &&
						    v->lines[k].unit_ix == (size_t)-1 &&
						    strcmp(v->lines[k].unit, l->unit) == 0)
							add_sat(&sum, &cums[k]);
					ledger_rows_add(out, l->unit, &sum);
					add_sat(&total, &sum);
					memset(&sum, 0, sizeof(sum));
					any = 0;
				}
			}
			if (any) {
				ledger_rows_add(out, v->units[u].name, &sum);
				add_sat(&total, &sum);
			}
		}
	} else {
		/* programs (or lines) in the order their first line was opened */
		for (size_t i = 0; i < v->n_lines; i++) {
			const struct ledger_line *l = &v->lines[i];
			if (l->year != year)
				continue;
			struct ledger_cum sum = cums[i];
			if (by == LBY_PROGRAM) {
				if (strmap_get(&seen, l->program, &(size_t){0}))
					continue;
				strmap_put(&seen, l->program, 1);
				for (size_t k = i + 1; k < v->n_lines; k++)
					if (v->lines[k].year == year &&
					    strcmp(v->lines[k].program, l->program) == 0)
						add_sat(&sum, &cums[k]);
			}
			buf_reset(&label);
			if (by == LBY_LINE)
				buf_addf(&label, "%s · ", unit_name(v, l));
			buf_adds(&label, ledger_view_title(v, l->program));
			if (by == LBY_LINE)
				buf_addf(&label, " · %s", l->code);
			ledger_rows_add(out, label.data, &sum);
			add_sat(&total, &sum);
		}
	}
	ledger_rows_add(out, "계", &total);
	buf_release(&label);
	strmap_release(&seen);
}

static const char *const head_ko[] = {"예산액",	      "이월액",	    "예비비", "전용·이용·이체",
				      "예산현액",     "원인행위액", "지출액", "집행률(원인행위)",
				      "집행률(지출)", "집행잔액",   "이월",   "불용"};
static const char *const by_ko[] = {"부서", "사업", "예산과목", "월"};

const char ledger_unit_line[] = "(단위: 백만원, %)";

void ledger_title(struct buf *out, long as_of, enum ledger_by by)
{
	buf_adds(out, "예산 집행현황 (");
	ledger_format_day(out, as_of);
	buf_addf(out, " 기준, %s별)", by_ko[by]);
}

int ledger_n_figures(int year_end)
{
	return year_end ? 12 : 10;
}

const char *ledger_head(enum ledger_by by, int k)
{
	assert(k >= 0 && k <= 12);
	return k == 0 ? by_ko[by] : head_ko[k - 1];
}

int ledger_figure_is_rate(int k)
{
	return k == 7 || k == 8;
}

static void cell(struct buf *out, enum ledger_format fmt, int first)
{
	if (fmt == LFMT_MD)
		buf_adds(out, first ? "| " : " | ");
	else if (!first)
		buf_addc(out, ',');
}

static void csv_text(struct buf *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_adds(out, s);
		return;
	}
	buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

static void amount(struct buf *out, enum ledger_format fmt, int64_t won)
{
	if (fmt == LFMT_MD) {
		ledger_format_mil(out, won);
		return;
	}
	/* a spreadsheet adds the cells up: 백만원 as a number, no separators */
	struct buf t;
	buf_init(&t);
	ledger_format_mil(&t, won);
	for (const char *c = t.data; *c; c++)
		if (*c != ',')
			buf_addc(out, *c);
	buf_release(&t);
}

void ledger_figure(struct buf *out, enum ledger_format fmt, const struct ledger_cum *c, int k)
{
	int64_t current = ledger_cum_current(c);
	switch (k) {
	case 0:
		amount(out, fmt, c->budget);
		return;
	case 1:
		amount(out, fmt, c->carry);
		return;
	case 2:
		amount(out, fmt, c->reserve);
		return;
	case 3:
		amount(out, fmt, c->transfer);
		return;
	case 4:
		amount(out, fmt, current);
		return;
	case 5:
		amount(out, fmt, c->obligation);
		return;
	case 6:
		amount(out, fmt, c->expenditure);
		return;
	case 7:
		ledger_format_rate(out, c->obligation, current);
		return;
	case 8:
		ledger_format_rate(out, c->expenditure, current);
		return;
	case 9: /* 집행잔액 */
		amount(out, fmt, current - c->expenditure);
		return;
	/* at the year's end obligations not yet paid are carried over, the
	 * rest lapses */
	case 10:
		amount(out, fmt, c->obligation - c->expenditure);
		return;
	case 11:
		amount(out, fmt, current - c->obligation);
		return;
	}
	assert(!"a ledger figure column");
}

void ledger_render(struct buf *out, const struct ledger_rows *r, long as_of, enum ledger_by by,
		   enum ledger_format fmt, int year_end)
{
	const char *eol = fmt == LFMT_CSV ? "\r\n" : "\n";
	int n_cols = ledger_n_figures(year_end);

	if (fmt == LFMT_CSV) {
		buf_adds(out, "\xef\xbb\xbf"); /* Excel reads UTF-8 only after a BOM */
	} else {
		buf_adds(out, "## ");
		ledger_title(out, as_of, by);
		buf_addf(out, "%s%s%s%s%s", eol, eol, ledger_unit_line, eol, eol);
	}
	for (int i = 0; i <= n_cols; i++) {
		cell(out, fmt, i == 0);
		buf_adds(out, ledger_head(by, i));
	}
	if (fmt == LFMT_MD) {
		buf_adds(out, " |\n|---");
		for (int i = 0; i < n_cols; i++)
			buf_adds(out, "|---:");
		buf_adds(out, "|");
	}
	buf_adds(out, eol);
	for (size_t i = 0; i < r->n; i++) {
		cell(out, fmt, 1);
		if (fmt == LFMT_CSV)
			csv_text(out, r->rows[i].label);
		else
			buf_adds(out, r->rows[i].label);
		for (int k = 0; k < n_cols; k++) {
			cell(out, fmt, 0);
			ledger_figure(out, fmt, &r->rows[i].c, k);
		}
		if (fmt == LFMT_MD)
			buf_adds(out, " |");
		buf_adds(out, eol);
	}
}

/* won as 백만원, exact: 1234567 -> "1.234567" */
static void mil_exact(struct buf *out, int64_t won)
{
	struct dec d = dec_from_int(won), m;
	struct jy_err e;
	if (dec_shift(d, -6, &m, &e) != 0)
		m = d; /* cannot happen for int64 won; keep the caller's text sane */
	dec_format(dec_normalize(m), out);
}

static void rate4(struct buf *out, int64_t num, int64_t den)
{
	/* ten-thousandths of a percent, half up */
	__int128 t = ((__int128)num * 2000000 + den) / (2 * (__int128)den);
	long long v = (long long)t;
	buf_addf(out, "%lld.%04lld", v / 10000, v % 10000);
}

static void fact_row(struct buf *out, const char *measure, const char *unit, const char *period,
		     const char *value, const char *printed)
{
	buf_addf(out, "%s,unit=%s,%s,actual,ledger,%s,", measure, unit, period, value);
	csv_text(out, printed);
	buf_adds(out, ",ledger:0\n");
}

/* Is unit a (or one of its ancestors) the unit with index anc? */
static int under(const struct ledger_view *v, size_t u, size_t anc)
{
	for (int depth = 0; u != (size_t)-1 && depth < 64; depth++) {
		if (u == anc)
			return 1;
		size_t p;
		const char *parent = v->units[u].parent;
		u = parent && strmap_get(&v->unit_ix, parent, &p) ? p : (size_t)-1;
	}
	return 0;
}

size_t ledger_facts(struct buf *out, const struct ledger_view *v, const struct ledger_cum *cums,
		    int year, long as_of)
{
	struct buf period, val, printed;
	struct kdate d = kdate_from_daynum(as_of);
	size_t n = 0;

	buf_init(&period), buf_init(&val), buf_init(&printed);
	buf_addf(&period, "%04d-%02d-%02d", d.year, d.month, d.day);
	for (size_t u = 0; u < v->n_units; u++) {
		struct ledger_cum sum = {0};
		int any = 0;
		for (size_t i = 0; i < v->n_lines; i++)
			if (v->lines[i].year == year && under(v, v->lines[i].unit_ix, u)) {
				add_sat(&sum, &cums[i]);
				any = 1;
			}
		if (!any)
			continue;
		int64_t current = ledger_cum_current(&sum);
		const struct {
			const char *measure;
			int64_t won;
		} amounts[] = {{"budget_current", current},
			       {"obligations", sum.obligation},
			       {"expenditure", sum.expenditure}};
		for (size_t k = 0; k < 3; k++) {
			buf_reset(&val), buf_reset(&printed);
			mil_exact(&val, amounts[k].won);
			ledger_format_won(&printed, amounts[k].won);
			fact_row(out, amounts[k].measure, v->units[u].id, period.data, val.data,
				 printed.data);
			n++;
		}
		if (current <= 0)
			continue;
		const struct {
			const char *measure;
			int64_t num;
		} rates[] = {{"obligation_rate", sum.obligation},
			     {"expenditure_rate", sum.expenditure}};
		for (size_t k = 0; k < 2; k++) {
			buf_reset(&val);
			rate4(&val, rates[k].num, current);
			fact_row(out, rates[k].measure, v->units[u].id, period.data, val.data,
				 val.data);
			n++;
		}
	}
	buf_release(&period), buf_release(&val), buf_release(&printed);
	return n;
}

int ledger_target_parse(const char *s, struct ledger_target *t)
{
	memset(t, 0, sizeof(*t));
	if (strcmp(s, "linear") == 0) {
		t->kind = LT_LINEAR;
		return 0;
	}
	if (strcmp(s, "prior") == 0) {
		t->kind = LT_PRIOR;
		return 0;
	}
	if (strncmp(s, "h1:", 3) == 0) {
		char *end;
		double p = strtod(s + 3, &end);
		if (end == s + 3 || *end || !(p > 0 && p <= 100))
			return -1;
		t->kind = LT_FIRST_HALF;
		t->first_half_pct = p;
		return 0;
	}
	return -1;
}

void ledger_target_describe(struct buf *out, const struct ledger_target *t)
{
	switch (t->kind) {
	case LT_FIRST_HALF:
		/* the share as given: 60, 62.5 */
		buf_addf(out, "상반기 %g%% first half %g%%", t->first_half_pct, t->first_half_pct);
		return;
	case LT_LINEAR:
		buf_adds(out, "직선 straight line");
		return;
	case LT_PRIOR:
		buf_adds(out, "전년 실적 last year's curve");
		return;
	}
	assert(!"a target kind");
}

double ledger_target_at(const struct ledger_target *t, int year, long day)
{
	long jan1 = kdate_daynum((struct kdate){year, 1, 1});
	long jun30 = kdate_daynum((struct kdate){year, 6, 30});
	long dec31 = kdate_daynum((struct kdate){year, 12, 31});
	if (day < jan1)
		return 0;
	if (day >= dec31)
		return 100;
	if (t->kind == LT_FIRST_HALF) {
		if (day <= jun30)
			return t->first_half_pct * (double)(day - jan1 + 1) /
			       (double)(jun30 - jan1 + 1);
		return t->first_half_pct +
		       (100 - t->first_half_pct) * (double)(day - jun30) / (double)(dec31 - jun30);
	}
	return 100.0 * (double)(day - jan1 + 1) / (double)(dec31 - jan1 + 1);
}

double ledger_rate(const struct ledger_cum *c)
{
	int64_t current = ledger_cum_current(c);
	return current > 0 ? 100.0 * (double)c->expenditure / (double)current : 0;
}

static void polyline(struct buf *out, const double *pct, int n, const char *style)
{
	buf_adds(out, "<polyline fill=\"none\" ");
	buf_adds(out, style);
	buf_adds(out, " points=\"");
	for (int m = 0; m < n; m++) {
		double p = pct[m] < 0 ? 0 : pct[m] > 100 ? 100 : pct[m];
		buf_addf(out, "%s%.1f,%.1f", m ? " " : "", 60 + m * 40.0, 260 - p * 2.2);
	}
	buf_adds(out, "\"/>\n");
}

void ledger_xml_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			buf_adds(out, "&lt;");
		else if (*s == '>')
			buf_adds(out, "&gt;");
		else if (*s == '&')
			buf_adds(out, "&amp;");
		else if (*s == '"')
			buf_adds(out, "&quot;");
		else
			buf_addc(out, *s);
	}
}

void ledger_chart_svg(struct buf *out, const char *title, const double *actual, int n_actual,
		      const double *target, const char *target_name)
{
	assert(n_actual >= 0 && n_actual <= 12);
	buf_adds(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"540\" height=\"310\" "
		      "viewBox=\"0 0 540 310\" font-family=\"NanumGothic, sans-serif\" "
		      "font-size=\"11\" role=\"img\">\n<title>");
	ledger_xml_text(out, title);
	buf_adds(out, "</title>\n<text x=\"60\" y=\"20\" font-size=\"13\">");
	ledger_xml_text(out, title);
	buf_adds(out, "</text>\n");
	for (int p = 0; p <= 100; p += 25)
		buf_addf(out,
			 "<line x1=\"60\" x2=\"500\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
			 "<text x=\"52\" y=\"%d\" text-anchor=\"end\">%d%%</text>\n",
			 260 - p * 22 / 10, 260 - p * 22 / 10, 264 - p * 22 / 10, p);
	for (int m = 0; m < 12; m++)
		buf_addf(out, "<text x=\"%d\" y=\"280\" text-anchor=\"middle\">%d월</text>\n",
			 60 + m * 40, m + 1);
	polyline(out, target, 12, "stroke=\"#888\" stroke-dasharray=\"4 3\" class=\"target\"");
	if (n_actual > 0)
		polyline(out, actual, n_actual,
			 "stroke=\"#c0392b\" stroke-width=\"2\" "
			 "class=\"actual\"");
	/* the legend under the months: the target's words are too long for
	 * the title's line */
	buf_adds(out, "<text x=\"60\" y=\"302\"><tspan fill=\"#c0392b\">― 집행률(지출)</tspan>"
		      "<tspan fill=\"#666\" dx=\"16\">- - 목표: ");
	ledger_xml_text(out, target_name);
	buf_adds(out, "</tspan></text>\n</svg>\n");
}
