/*
 * pages.c - the web UI, rendered on the server: login, the office's
 * dashboard, a division's page, a program's page and the findings. Korean
 * first, English with ?lang=en (kept in a cookie). Forms work without
 * JavaScript; there is none. Everything from the data is escaped here.
 *
 * People read labels and dates as printed (’22.8.29.), never ids or ISO
 * periods; ids appear only inside links.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "render/report.h"
#include "server.h"
#include "site.h"
#include "web.h"

#define T(r, k, e) ((r)->en ? (e) : (k))

static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addc(b, *s);
		}
}

/* An exact decimal as people print it: thousands separated ("-1,337.5"). */
static void group_digits(struct buf *b, const char *dec)
{
	const char *p = dec;
	if (*p == '-')
		buf_addc(b, *p++);
	size_t int_len = strspn(p, "0123456789");
	for (size_t i = 0; i < int_len; i++) {
		if (i && (int_len - i) % 3 == 0)
			buf_addc(b, ',');
		buf_addc(b, p[i]);
	}
	esc(b, p + int_len);
}

/* A date or period as people read it. */
static void date_label(struct buf *b, const char *iso)
{
	struct buf t;
	buf_init(&t);
	kdate_label_iso(iso, &t);
	esc(b, t.data);
	buf_release(&t);
}

static const char *unit_name(struct web_req *rq, const char *id)
{
	long r = id ? site_unit_row(rq->site, id) : -1;
	if (r < 0)
		return T(rq, "기획", "Planning");
	return table_get(&rq->site->m.tables[RES_UNITS], (size_t)r, rq->en ? "name_en" : "name_ko");
}

void page_open(struct web_req *rq, struct web_resp *rs, const char *title)
{
	struct buf *b = &rs->body;
	rs->ctype = "text/html; charset=utf-8";
	buf_addf(
		b,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		rq->en ? "en" : "ko");
	esc(b, title);
	buf_adds(b, " · 지표 Jipyo</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
		    "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
	buf_adds(b, T(rq, "본문으로 건너뛰기", "Skip to content"));
	buf_adds(b, "</a>\n<header class=\"top\"><nav aria-label=\"");
	buf_adds(b, T(rq, "주 메뉴", "Main"));
	buf_adds(b, "\"><a class=\"brand\" href=\"/\">지표 Jipyo</a>");
	if (rq->user.role || (rq->srv && rq->srv->public_mode)) {
		buf_addf(b,
			 "<a href=\"/\">%s</a><a href=\"/findings\">%s</a><a "
			 "href=\"/ledger\">%s</a>",
			 T(rq, "대시보드", "Dashboard"), T(rq, "발견사항", "Findings"),
			 T(rq, "예산 집행", "Budget execution"));
	}
	/* the path is the client's: escaped like any text */
	buf_adds(b, "<a href=\"");
	esc(b, rq->path ? rq->path : "/");
	buf_addf(b, "?lang=%s\" lang=\"%s\">%s</a>", rq->en ? "ko" : "en", rq->en ? "ko" : "en",
		 rq->en ? "한국어" : "English");
	buf_adds(b, "</nav>");
	if (rq->user.role) {
		buf_adds(b, "<form class=\"who\" method=\"post\" action=\"/logout\"><span>");
		esc(b, rq->user.name);
		buf_addf(b, " (%s", auth_role_name(rq->user.role));
		if (*rq->user.unit) {
			buf_adds(b, ", ");
			esc(b, unit_name(rq, rq->user.unit));
		}
		buf_addf(b,
			 ")</span><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			 "<button type=\"submit\">%s</button></form>",
			 rq->sess.csrf, T(rq, "로그아웃", "Log out"));
	}
	buf_adds(b, "</header>\n<main id=\"main\">\n");
}

void page_esc(struct buf *b, const char *s)
{
	esc(b, s);
}

/* A query value: letters, digits and -._~ as they are, the rest %XX. */
static void url_esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~", c))
			buf_addc(b, (char)c);
		else
			buf_addf(b, "%%%02X", c);
	}
}

void page_close(struct web_resp *rs)
{
	buf_adds(&rs->body, "</main>\n</body>\n</html>\n");
}

void page_error(struct web_req *rq, struct web_resp *rs, int status, const char *message)
{
	page_open(rq, rs, T(rq, "오류", "Error"));
	buf_addf(&rs->body, "<h1>%d</h1>\n<p role=\"alert\">", status);
	esc(&rs->body, message);
	buf_addf(&rs->body, "</p>\n<p><a href=\"/\">%s</a></p>\n", T(rq, "처음으로", "Home"));
	page_close(rs);
}

void page_not_found(struct web_req *rq, struct web_resp *rs)
{
	web_error(rq, rs, 404, "not_found", NULL, "%s",
		  T(rq, "그런 페이지가 없습니다", "No such page"));
}

/* ---- login ---------------------------------------------------------------- */

static void login_form(struct web_req *rq, struct web_resp *rs, const char *message)
{
	struct buf *b = &rs->body;
	page_open(rq, rs, T(rq, "로그인", "Log in"));
	buf_addf(b, "<h1>%s</h1>\n", T(rq, "로그인", "Log in"));
	if (message) {
		buf_adds(b, "<p class=\"alert\" role=\"alert\">");
		esc(b, message);
		buf_adds(b, "</p>\n");
	}
	buf_addf(b,
		 "<form class=\"login\" method=\"post\" action=\"/login\">\n"
		 "<label for=\"name\">%s</label><input id=\"name\" name=\"name\" "
		 "autocomplete=\"username\" required maxlength=\"64\">\n"
		 "<label for=\"password\">%s</label><input id=\"password\" name=\"password\" "
		 "type=\"password\" autocomplete=\"current-password\" required>\n"
		 "<button type=\"submit\">%s</button>\n</form>\n",
		 T(rq, "이름", "Name"), T(rq, "비밀번호", "Password"), T(rq, "로그인", "Log in"));
	page_close(rs);
}

void page_login(struct web_req *rq, struct web_resp *rs)
{
	login_form(rq, rs, NULL);
}

void page_login_post(struct web_req *rq, struct web_resp *rs)
{
	struct query f;
	struct jy_err err;
	struct web_user u;

	if (query_parse(rq->body ? rq->body : "", rq->body_len, "name,password", rq->a, &f, &err)) {
		web_error_input(rq, rs, &err);
		return;
	}
	const char *name = query_get(&f, "name"), *password = query_get(&f, "password");
	if (!name || !password) {
		web_error(rq, rs, 400, "bad_request", name ? "password" : "name", "%s",
			  T(rq, "이름과 비밀번호를 입력하십시오", "Enter a name and a password"));
		return;
	}
	if (web_login_or_reply(rq, rs, name, password, &u)) {
		/* the error page in the login form's place */
		int status = rs->status;
		struct buf keep = rs->body;
		buf_init(&rs->body);
		login_form(rq, rs,
			   status == 429
				   ? T(rq, "로그인 실패가 너무 많습니다. 잠시 뒤에 다시 하십시오",
				       "Too many failed logins; try again later")
				   : T(rq, "이름 또는 비밀번호가 맞지 않습니다",
				       "Wrong name or password"));
		buf_release(&keep);
		rs->status = status;
		return;
	}
	web_session_start(rq, rs, &u);
	rs->status = 303;
	web_header(rq, rs, "Location", "/");
}

void page_logout(struct web_req *rq, struct web_resp *rs)
{
	web_session_end(rq, rs);
	rs->status = 303;
	web_header(rq, rs, "Location", "/login");
}

/* ---- dashboard ------------------------------------------------------------ */

/* Execution rate by division: horizontal bars, a line at the share of the
 * year elapsed on the data's date. */
static void rate_chart(struct web_req *rq, struct buf *b)
{
	struct site *s = rq->site;
	int n = 0, label_w = 170, bar_w = 420, row_h = 26;
	for (size_t i = 0; i < s->n_divs; i++)
		n += s->divs[i].has_rate;
	if (!n)
		return;
	int h = n * row_h + 40;
	buf_addf(b,
		 "<section class=\"wide\" aria-labelledby=\"rate-h\"><h2 id=\"rate-h\">%s</h2>\n",
		 T(rq, "부서별 예산 집행률 (지출액)",
		   "Budget execution rate by division (expenditure)"));
	buf_addf(b,
		 "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		 "role=\"img\" "
		 "aria-labelledby=\"rate-t rate-d\"><title id=\"rate-t\">%s</title><desc "
		 "id=\"rate-d\">%s %.1f%%</desc>\n",
		 label_w + bar_w + 70, h, label_w + bar_w + 70, h,
		 T(rq, "부서별 집행률", "Execution rate by division"),
		 T(rq, "세로선: 기준일까지 지난 한 해의 비율", "Line: share of the year elapsed"),
		 s->year_share * 100);
	int y = 10;
	for (size_t i = 0; i < s->n_divs; i++) {
		const struct site_division *d = &s->divs[i];
		if (!d->has_rate)
			continue;
		double w = d->rate / 100.0 * bar_w;
		if (w < 0)
			w = 0;
		if (w > bar_w)
			w = bar_w;
		buf_addf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">",
			 label_w - 8, y + 17);
		esc(b, rq->en ? d->name_en : d->name_ko);
		buf_addf(b,
			 "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
			 "class=\"bar%s\"/>"
			 "<text x=\"%.1f\" y=\"%d\" class=\"val\">",
			 label_w, y + 4, w, row_h - 8,
			 d->rate / 100.0 < s->year_share ? " behind" : "", label_w + w + 6, y + 17);
		esc(b, d->rate_printed);
		buf_adds(b, "%</text>\n");
		y += row_h;
	}
	double x = label_w + s->year_share * bar_w;
	buf_addf(b,
		 "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" class=\"elapsed\"/>"
		 "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"val\">%s %.1f%%</text>\n"
		 "</svg>\n",
		 x, x, y + 4, x, y + 22, T(rq, "경과", "elapsed"), s->year_share * 100);
	buf_adds(b, "<p class=\"note\">");
	buf_adds(b, T(rq, "기준일 ", "As of "));
	date_label(b, s->data_date);
	buf_addf(b, " · %s</p>\n</section>\n",
		 T(rq, "막대가 세로선보다 짧으면 한 해의 경과보다 집행이 늦습니다",
		   "a bar short of the line is behind the year"));
}

static void staff_table(struct web_req *rq, struct buf *b)
{
	struct site *s = rq->site;
	int any = 0;
	for (size_t i = 0; i < s->n_divs; i++)
		any |= s->divs[i].has_staff;
	if (!any)
		return;
	buf_addf(b,
		 "<section aria-labelledby=\"staff-h\"><h2 id=\"staff-h\">%s</h2>\n<table "
		 "class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
		 T(rq, "부서별 정원 대비 현원", "Head count against quota by division"),
		 T(rq, "부서", "Division"), T(rq, "정원", "Quota"), T(rq, "현원", "Current"),
		 T(rq, "차이", "Gap"));
	for (size_t i = 0; i < s->n_divs; i++) {
		const struct site_division *d = &s->divs[i];
		if (!d->has_staff)
			continue;
		buf_addf(b, "<tr><th scope=\"row\"><a href=\"/divisions/%s\">", d->id);
		esc(b, rq->en ? d->name_en : d->name_ko);
		buf_adds(b, "</a></th><td class=\"num\">");
		esc(b, d->authorized_printed);
		buf_adds(b, "</td><td class=\"num\">");
		esc(b, d->current_printed);
		double gap = d->current - d->authorized;
		/* the report prints a shortfall with △ */
		buf_addf(b, "</td><td class=\"num\">%s%.0f</td></tr>\n", gap < 0 ? "△" : "",
			 gap < 0 ? -gap : gap);
	}
	buf_adds(b, "</tbody></table></section>\n");
}

static void findings_by_division(struct web_req *rq, struct buf *b)
{
	struct site *s = rq->site;
	buf_addf(b,
		 "<section aria-labelledby=\"find-h\"><h2 id=\"find-h\">%s</h2>\n<table "
		 "class=\"data\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
		 T(rq, "부서별 발견사항", "Findings by division"), T(rq, "부서", "Division"),
		 T(rq, "오류", "Errors"), T(rq, "경고", "Warnings"));
	for (size_t i = 0; i < s->n_divs; i++) {
		const struct site_division *d = &s->divs[i];
		if (!d->errors && !d->warnings)
			continue;
		buf_addf(b, "<tr><th scope=\"row\"><a href=\"/findings?unit=%s\">", d->id);
		esc(b, rq->en ? d->name_en : d->name_ko);
		buf_addf(b,
			 "</a></th><td class=\"num\"><a "
			 "href=\"/findings?unit=%s&amp;severity=error\">"
			 "%d</a></td><td class=\"num\"><a "
			 "href=\"/findings?unit=%s&amp;severity=warning\">%d</a></td></tr>\n",
			 d->id, d->errors, d->id, d->warnings);
	}
	buf_addf(b, "</tbody></table><p class=\"note\">%s %d, %s %d</p></section>\n",
		 T(rq, "전체 오류", "All errors"), s->res.errors, T(rq, "경고", "warnings"),
		 s->res.warnings);
}

struct due {
	size_t row;
	struct kdate_range r;
};

/* The milestones not done whose dates end before as_of (overdue) or fall
 * within the 30 days from it (due). */
static void milestones_due(struct web_req *rq, struct buf *b, const char *as_of, const char *owner)
{
	struct site *s = rq->site;
	const struct table *ms = &s->m.tables[RES_MILESTONES];
	struct kdate_range at;
	if (kdate_parse_iso(as_of, &at) != 0)
		return;
	long day = kdate_daynum(at.start);
	for (int pass = 0; pass < 2; pass++) {
		int any = 0;
		for (size_t r = 0; r < ms->n_rows; r++) {
			struct kdate_range w;
			struct jy_err err;
			const char *node = table_get(ms, r, "node");
			if (strcmp(table_get(ms, r, "status"), "done") == 0 ||
			    kdate_parse(table_get(ms, r, "when"), at.start.year, &w, &err) != 0)
				continue;
			const char *o = site_node_owner(s, node);
			if (owner && (!o || strcmp(o, owner) != 0))
				continue;
			long end = w.open_end ? -1 : kdate_daynum(w.end);
			/* due: its last day within the 30 days from as_of */
			int overdue = end >= 0 && end < day;
			int due = end >= day && end <= day + 30;
			if (pass == 0 ? !overdue : !due)
				continue;
			if (!any++)
				buf_addf(b,
					 "<h3>%s</h3>\n<table class=\"data\"><thead><tr><th "
					 "scope=\"col\" class=\"when\">%s</th><th "
					 "scope=\"col\">%s</th><th "
					 "scope=\"col\">%s</th><th "
					 "scope=\"col\">%s</th></tr></thead>"
					 "<tbody>\n",
					 pass == 0 ? T(rq, "기한이 지난 일정", "Overdue")
						   : T(rq, "30일 안에 다가오는 일정",
						       "Due within 30 days"),
					 T(rq, "시기", "When"), T(rq, "내용", "Milestone"),
					 T(rq, "사업", "Program"), T(rq, "담당", "Division"));
			long oi = site_outline_node(s, node);
			buf_adds(b, "<tr><td class=\"when\">");
			esc(b, table_get(ms, r, "when"));
			buf_adds(b, "</td><td>");
			esc(b, table_get(ms, r, "title"));
			buf_addf(b, "</td><td><a href=\"/programs/%s\">", node);
			esc(b, oi >= 0 ? s->o.nodes[oi].title : node);
			buf_adds(b, "</a></td><td>");
			esc(b, unit_name(rq, o));
			buf_adds(b, "</td></tr>\n");
		}
		if (any)
			buf_adds(b, "</tbody></table>\n");
		else
			buf_addf(b, "<p>%s</p>\n",
				 pass == 0 ? T(rq, "기한이 지난 일정이 없습니다", "Nothing overdue")
					   : T(rq, "30일 안에 다가오는 일정이 없습니다",
					       "Nothing due within 30 days"));
	}
}

/* as_of from the query: an ISO day, or answered 400. */
static const char *as_of_or_reply(struct web_req *rq, struct web_resp *rs)
{
	const char *as_of = query_get(&rq->q, "as_of");
	struct kdate_range r;
	if (!as_of || !*as_of)
		return rq->site->as_of;
	if (strlen(as_of) != 10 || kdate_parse_iso(as_of, &r) != 0) {
		web_error(rq, rs, 400, "bad_request", "as_of", "%s",
			  T(rq, "기준일은 YYYY-MM-DD 형식의 날짜입니다",
			    "as_of is a date, YYYY-MM-DD"));
		return NULL;
	}
	return as_of;
}

void page_dashboard(struct web_req *rq, struct web_resp *rs)
{
	struct site *s = rq->site;
	struct buf *b = &rs->body;
	const char *as_of = as_of_or_reply(rq, rs);
	if (!as_of)
		return;
	page_open(rq, rs, T(rq, "대시보드", "Dashboard"));
	/* everything below the header is everyone's: kept by language and date */
	const char *key = arena_printf(rq->a, "dashboard %d %s", rq->en, as_of);
	const struct site_cache_entry *c = site_cache_get(s, key);
	if (c) {
		/* copied after the header: sending the kept bytes as a second
		 * buffer (MHD_create_response_from_iovec) was slower, MHD sends
		 * the two in two calls (bench/RESULTS.md) */
		buf_add(b, c->body, c->len);
		return;
	}
	size_t from = b->len;
	buf_adds(b, "<h1>");
	esc(b, s->o.title ? s->o.title : T(rq, "대시보드", "Dashboard"));
	buf_adds(b, "</h1>\n<div class=\"grid\">\n");
	rate_chart(rq, b);
	staff_table(rq, b);
	findings_by_division(rq, b);
	buf_addf(b,
		 "<section class=\"wide\" aria-labelledby=\"ms-h\"><h2 id=\"ms-h\">%s</h2>\n<form "
		 "method=\"get\" "
		 "action=\"/\" class=\"inline\"><label for=\"as_of\">%s</label><input "
		 "type=\"date\" id=\"as_of\" name=\"as_of\" value=\"%s\"><button "
		 "type=\"submit\">%s</button></form>\n<p class=\"note\">%s ",
		 T(rq, "추진일정", "Milestones"), T(rq, "기준일", "As of"), as_of,
		 T(rq, "보기", "Show"), T(rq, "기준일", "As of"));
	date_label(b, as_of);
	buf_adds(b, "</p>\n");
	milestones_due(rq, b, as_of, NULL);
	buf_adds(b, "</section>\n</div>\n");
	page_close(rs);
	site_cache_put(s, key, b->data + from, b->len - from, "text/html");
}

/* ---- a division ----------------------------------------------------------- */

static const struct site_division *division_or_reply(struct web_req *rq, struct web_resp *rs)
{
	for (size_t i = 0; i < rq->site->n_divs; i++)
		if (strcmp(rq->site->divs[i].id, rq->caps[0]) == 0)
			return &rq->site->divs[i];
	web_error(rq, rs, 404, "not_found", "id", "%s",
		  T(rq, "그런 부서가 없습니다", "No such division"));
	return NULL;
}

static void findings_list(struct web_req *rq, struct buf *b, const char *unit, const char *node,
			  const char *sev, int anchors);

void page_division(struct web_req *rq, struct web_resp *rs)
{
	struct site *s = rq->site;
	struct buf *b = &rs->body;
	const struct site_division *d = division_or_reply(rq, rs);
	const struct table *fn = &s->m.tables[RES_FUNCTIONS];
	if (!d)
		return;
	page_open(rq, rs, rq->en ? d->name_en : d->name_ko);
	buf_adds(b, "<h1>");
	esc(b, rq->en ? d->name_en : d->name_ko);
	buf_adds(b, "</h1>\n<dl class=\"facts\">");
	if (d->has_rate) {
		buf_addf(b, "<dt>%s</dt><dd>", T(rq, "집행률 (지출액)", "Execution rate"));
		esc(b, d->rate_printed);
		buf_adds(b, "% (");
		date_label(b, s->data_date);
		buf_adds(b, ")</dd>");
	}
	if (d->has_staff) {
		buf_addf(b, "<dt>%s</dt><dd>", T(rq, "정원 / 현원", "Quota / current"));
		esc(b, d->authorized_printed);
		buf_adds(b, " / ");
		esc(b, d->current_printed);
		buf_adds(b, "</dd>");
	}
	buf_adds(b, "</dl>\n");
	int any = 0;
	for (size_t r = 0; r < fn->n_rows; r++)
		if (strcmp(table_get(fn, r, "unit"), d->id) == 0) {
			if (!any++)
				buf_addf(b, "<h2>%s</h2>\n<ul>", T(rq, "주요 업무", "Functions"));
			buf_adds(b, "<li>");
			esc(b, table_get(fn, r, "text"));
			buf_adds(b, "</li>");
		}
	if (any)
		buf_adds(b, "</ul>\n");
	buf_addf(b, "<h2>%s</h2>\n<ul class=\"programs\">", T(rq, "담당 사업", "Programs"));
	for (size_t i = 0; i < s->o.n_nodes; i++) {
		const struct onode *nd = &s->o.nodes[i];
		if (strcmp(nd->kind, "program") != 0 || !nd->owner ||
		    strcmp(site_node_owner(s, nd->id) ? site_node_owner(s, nd->id) : "", d->id) !=
			    0)
			continue;
		buf_addf(b, "<li><a href=\"/programs/%s\">", nd->id);
		esc(b, nd->title);
		buf_adds(b, "</a></li>");
	}
	buf_adds(b, "</ul>\n");
	buf_addf(b, "<h2>%s</h2>\n", T(rq, "추진일정", "Milestones"));
	milestones_due(rq, b, s->as_of, d->id);
	buf_addf(b, "<h2>%s</h2>\n", T(rq, "발견사항", "Findings"));
	findings_list(rq, b, d->id, NULL, NULL, 0);
	page_close(rs);
}

/* ---- a program ------------------------------------------------------------ */

/* The milestones of the node and its children on one year's line: the date
 * as printed on the left, a bar over its months, coloured by status. */
static void timeline(struct web_req *rq, struct buf *b, long oi)
{
	struct site *s = rq->site;
	const struct table *ms = &s->m.tables[RES_MILESTONES];
	const struct onode *top = &s->o.nodes[oi];
	int year = atoi(s->data_date), w = 600, left = 190, row_h = 22, head = 30, n = 0;
	long y0, y1;
	struct buf rows;

	if (!year)
		return;
	y0 = kdate_daynum((struct kdate){year, 1, 1});
	y1 = kdate_daynum((struct kdate){year + 1, 1, 1});
	buf_init(&rows);
	for (size_t i = (size_t)oi;
	     i < s->o.n_nodes && (i == (size_t)oi || s->o.nodes[i].depth > top->depth); i++)
		for (size_t k = 0; k < s->o.nodes[i].n_milestones; k++) {
			size_t r = s->o.nodes[i].milestones[k];
			struct kdate_range kr;
			struct jy_err err;
			if (kdate_parse(table_get(ms, r, "when"), year, &kr, &err) != 0)
				continue;
			long a = kr.open_start ? y0 : kdate_daynum(kr.start);
			long e = kr.open_end ? y1 - 1 : kdate_daynum(kr.end);
			if (e < y0 || a >= y1)
				continue;
			a = a < y0 ? y0 : a;
			e = e >= y1 ? y1 - 1 : e;
			double x = left + (double)(a - y0) / (double)(y1 - y0) * w;
			double bw = (double)(e - a + 1) / (double)(y1 - y0) * w;
			int y = head + n * row_h;
			buf_addf(&rows,
				 "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">",
				 left - 8, y + 12);
			esc(&rows, table_get(ms, r, "when"));
			buf_addf(&rows,
				 "</text><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"14\" "
				 "class=\"ms %s\"><title>",
				 x, y + 1, bw < 4 ? 4 : bw, table_get(ms, r, "status"));
			esc(&rows, table_get(ms, r, "title"));
			buf_adds(&rows, "</title></rect>\n");
			n++;
		}
	if (n) {
		int h = head + n * row_h + 4;
		buf_addf(
			b,
			"<h2 id=\"tl-h\">%s</h2>\n<p class=\"note legend\"><span class=\"sw done\">"
			"</span>%s <span class=\"sw in_progress\"></span>%s <span class=\"sw "
			"planned\"></span>%s</p>\n<svg class=\"chart timeline\" viewBox=\"0 0 %d "
			"%d\" "
			"width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"tl-h\">\n",
			T(rq, "일정 (한 해)", "Timeline (one year)"), T(rq, "완료", "done"),
			T(rq, "추진 중", "in progress"), T(rq, "계획", "planned"), left + w + 10, h,
			left + w + 10, h);
		for (int m = 0; m < 12; m++) {
			double x =
				left + (double)(kdate_daynum((struct kdate){year, m + 1, 1}) - y0) /
					       (double)(y1 - y0) * w;
			buf_addf(
				b,
				"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>"
				"<text x=\"%.1f\" y=\"16\" class=\"val\">%d월</text>\n",
				x, head - 4, x, h, x + 3, m + 1);
		}
		buf_add(b, rows.data, rows.len);
		buf_adds(b, "</svg>\n");
	}
	buf_release(&rows);
}

/* ---- edit forms and the history ------------------------------------------- */

/* A form's start: POST /edit with the CSRF token, the revision read and the
 * page to come back to. */
static void form_open(struct web_req *rq, struct buf *b, const char *ref, const char *back)
{
	buf_addf(b,
		 "<form class=\"edit\" method=\"post\" action=\"/edit\"><input type=\"hidden\" "
		 "name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"revision\" "
		 "value=\"%ld\"><input type=\"hidden\" name=\"back\" value=\"",
		 rq->sess.csrf, rq->site->revision);
	esc(b, back);
	buf_adds(b, "\">");
	if (ref) {
		buf_adds(b, "<input type=\"hidden\" name=\"ref\" value=\"");
		esc(b, ref);
		buf_adds(b, "\">");
	}
}

static void form_close(struct web_req *rq, struct buf *b, const char *ref)
{
	buf_addf(b, "<button type=\"submit\">%s</button>", T(rq, "저장", "Save"));
	if (ref) {
		buf_adds(b, " <a href=\"/history?ref=");
		url_esc(b, ref);
		buf_addf(b, "\">%s</a>", T(rq, "이력", "History"));
	}
	buf_adds(b, "</form>");
}

static int may_write_node(struct web_req *rq, const char *node)
{
	struct owned_row row = {OWNED_NODE, NULL, node};
	return rq->user.role && auth_may_write(&rq->site->m, &rq->user, &row);
}

static int may_write_fact(struct web_req *rq, size_t fact)
{
	struct owned_row row = {OWNED_FACT, NULL, NULL};
	row.unit = site_fact_unit(rq->site, fact, &row.node);
	return rq->user.role && auth_may_write(&rq->site->m, &rq->user, &row);
}

/* The forms of node id's milestones and texts, and one for any figure by
 * its reference, for a user who may write them. */
static void edit_forms(struct web_req *rq, struct buf *b, const char *id)
{
	const struct table *ms = &rq->site->m.tables[RES_MILESTONES];
	const struct table *tx = &rq->site->m.tables[RES_TEXTS];
	const struct field_def *status = &ms->def->fields[schema_field_index(ms->def, "status")];
	int own = may_write_node(rq, id);
	const char *saved = query_get(&rq->q, "saved");

	if (!rq->user.role || rq->user.role == ROLE_VIEWER)
		return;
	buf_addf(b, "<section class=\"edits\"><h2 id=\"edit\">%s</h2>\n", T(rq, "고치기", "Edit"));
	if (saved)
		buf_addf(b,
			 "<p class=\"saved\" role=\"status\">%s %ld · <a "
			 "href=\"/history\">%s</a></p>\n",
			 T(rq, "저장했습니다. 판", "Saved: revision"), atol(saved),
			 T(rq, "수정 이력", "History"));
	buf_addf(b, "<h3>%s</h3>\n", T(rq, "수치", "A figure"));
	form_open(rq, b, NULL, id);
	buf_addf(b,
		 "<label for=\"fref\">%s</label><input id=\"fref\" name=\"ref\" size=\"50\" "
		 "required><label for=\"fval\">%s</label><input id=\"fval\" name=\"value\" "
		 "size=\"12\" required>",
		 T(rq, "위치 (발견사항의 where)", "Where (as a finding prints it)"),
		 T(rq, "값 (인쇄된 대로)", "Value (as printed)"));
	form_close(rq, b, NULL);
	for (size_t r = 0; own && r < ms->n_rows; r++) {
		if (strcmp(table_get(ms, r, "node"), id) != 0)
			continue;
		const char *seq = table_get(ms, r, "seq");
		const char *ref = arena_printf(rq->a, "milestone:%s/%s.status", id, seq);
		buf_adds(b, "<h3>");
		esc(b, table_get(ms, r, "title"));
		buf_adds(b, "</h3>\n");
		form_open(rq, b, ref, id);
		buf_addf(b, "<label for=\"ms%s\">%s</label><select id=\"ms%s\" name=\"value\">",
			 seq, T(rq, "상태", "Status"), seq);
		for (const char *v = status->values; v && *v;) {
			size_t n = strcspn(v, "|");
			const char *cur = table_get(ms, r, "status");
			buf_addf(b, "<option%s>%.*s</option>",
				 strlen(cur) == n && strncmp(cur, v, n) == 0 ? " selected" : "",
				 (int)n, v);
			v += n + (v[n] == '|');
		}
		buf_addf(b,
			 "</select><label for=\"mw%s\">%s</label><input id=\"mw%s\" name=\"when\" "
			 "value=\"",
			 seq, T(rq, "일정 (인쇄된 대로)", "When (as printed)"), seq);
		esc(b, table_get(ms, r, "when"));
		buf_addf(b,
			 "\"><label for=\"ma%s\">%s</label><input id=\"ma%s\" type=\"date\" "
			 "name=\"status_as_of\" value=\"",
			 seq, T(rq, "기준일", "As of"), seq);
		esc(b, table_get(ms, r, "status_as_of"));
		buf_adds(b, "\">");
		form_close(rq, b, ref);
	}
	for (size_t r = 0; own && r < tx->n_rows; r++) {
		if (strcmp(table_get(tx, r, "node"), id) != 0)
			continue;
		const char *ref =
			arena_printf(rq->a, "text:%s/%s/%s.text", id, table_get(tx, r, "section"),
				     table_get(tx, r, "seq"));
		form_open(rq, b, ref, id);
		buf_addf(b,
			 "<label for=\"t%zu\">%s %s</label><textarea id=\"t%zu\" name=\"value\" "
			 "rows=\"2\" cols=\"70\">",
			 r, T(rq, "본문", "Text"), table_get(tx, r, "seq"), r);
		esc(b, table_get(tx, r, "text"));
		buf_adds(b, "</textarea>");
		form_close(rq, b, ref);
	}
	buf_adds(b, "</section>\n");
}

void page_program(struct web_req *rq, struct web_resp *rs)
{
	struct site *s = rq->site;
	struct buf *b = &rs->body;
	long oi = site_outline_node(s, rq->caps[0]);
	if (oi < 0) {
		web_error(rq, rs, 404, "not_found", "id", "%s",
			  T(rq, "그런 사업이 없습니다", "No such program"));
		return;
	}
	const struct onode *nd = &s->o.nodes[oi];
	const char *owner = site_node_owner(s, nd->id);
	page_open(rq, rs, nd->title);
	buf_adds(b, "<p class=\"crumbs\">");
	if (nd->parent >= 0) {
		const struct onode *p = &s->o.nodes[nd->parent];
		buf_addf(b, "<a href=\"/programs/%s\">", p->id);
		esc(b, p->title);
		buf_adds(b, "</a> · ");
	}
	if (owner) {
		buf_addf(b, "%s: <a href=\"/divisions/%s\">", T(rq, "담당", "Division"), owner);
		esc(b, unit_name(rq, owner));
		buf_adds(b, "</a>");
	}
	buf_adds(b, "</p>\n<div class=\"report\">\n");
	const struct buf *part = site_node_html(s, (size_t)oi);
	buf_add(b, part->data, part->len);
	buf_adds(b, "</div>\n");
	timeline(rq, b, oi);
	buf_addf(b, "<h2>%s</h2>\n", T(rq, "이 사업의 발견사항", "Findings on this program"));
	findings_list(rq, b, NULL, nd->id, NULL, 1);
	edit_forms(rq, b, nd->id);
	page_close(rs);
}

/* ---- findings ------------------------------------------------------------- */

static void findings_list(struct web_req *rq, struct buf *b, const char *unit, const char *node,
			  const char *sev, int anchors)
{
	struct site *s = rq->site;
	int any = 0;
	for (size_t k = 0; k < s->n_findings; k++) {
		const struct site_finding *sf = &s->findings[k];
		const char *level = site_finding_severity(s, sf);
		char a[32], c[32], d[32];
		if ((unit && (!sf->unit || strcmp(sf->unit, unit) != 0)) ||
		    (node && (!sf->node || strcmp(sf->node, node) != 0)) ||
		    (sev && strcmp(level, sev) != 0))
			continue;
		if (!any++)
			buf_addf(b,
				 "<table class=\"data findings\"><thead><tr><th "
				 "scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
				 "scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
				 "scope=\"col\">%s</th></tr></thead><tbody>\n",
				 T(rq, "번호", "No."), T(rq, "수준", "Level"),
				 T(rq, "위치", "Where"), T(rq, "내용", "What"),
				 T(rq, "명시 / 계산", "Stated / computed"),
				 T(rq, "담당", "Division"));
		buf_addf(b, "<tr class=\"%s\"", strcmp(level, "error") == 0 ? "err" : "warn");
		if (anchors)
			buf_addf(b, " id=\"f%zu\"", sf->number);
		buf_addf(b,
			 "><td class=\"num\">%zu</td><td><span class=\"badge\">%s</span></td><td>",
			 sf->number,
			 strcmp(level, "error") == 0 ? T(rq, "오류", "error")
						     : T(rq, "경고", "warning"));
		if (sf->node && !anchors) {
			buf_addf(b, "<a href=\"/programs/%s#f%zu\">", sf->node, sf->number);
			esc(b, sf->where_ko);
			buf_adds(b, "</a>");
		} else {
			esc(b, sf->where_ko);
		}
		buf_adds(b, "</td><td>");
		esc(b, site_finding_message(s, sf, rq->en));
		if (site_finding_explanation(s, sf, rq->en ? CHECK_EN : CHECK_KO)) {
			buf_adds(b, "<br><small>");
			esc(b, site_finding_explanation(s, sf, rq->en ? CHECK_EN : CHECK_KO));
			buf_adds(b, "</small>");
		}
		if (strcmp(sf->status, "acknowledged") == 0) {
			buf_addf(b,
				 "<br><span class=\"ack\">%s: ", T(rq, "확인함", "Acknowledged"));
			esc(b, sf->status_reason);
			buf_adds(b, "</span>");
		}
		if (anchors && sf->fact >= 0 && may_write_fact(rq, (size_t)sf->fact)) {
			const char *ref = web_fact_ref(rq, (size_t)sf->fact);
			form_open(rq, b, ref, node);
			buf_addf(b,
				 "<label for=\"fix%zu\">%s</label><input id=\"fix%zu\" "
				 "name=\"value\" size=\"12\" required value=\"",
				 sf->number, T(rq, "바른 값", "Correct value"), sf->number);
			esc(b, fact_printed(&s->res.fs, &s->res.fs.facts[sf->fact]));
			buf_adds(b, "\">");
			form_close(rq, b, ref);
		}
		buf_adds(b, "</td><td class=\"num\">");
		if (site_finding_values(s, sf, 1, a, c, d)) {
			group_digits(b, a);
			buf_adds(b, " / ");
			group_digits(b, c);
		}
		buf_adds(b, "</td><td>");
		if (sf->unit && site_unit_row(s, sf->unit) >= 0) {
			buf_addf(b, "<a href=\"/divisions/%s\">", sf->unit);
			esc(b, unit_name(rq, sf->unit));
			buf_adds(b, "</a>");
		}
		buf_adds(b, "</td></tr>\n");
	}
	if (any)
		buf_adds(b, "</tbody></table>\n");
	else
		buf_addf(b, "<p>%s</p>\n", T(rq, "발견사항이 없습니다", "No findings"));
}

void page_findings(struct web_req *rq, struct web_resp *rs)
{
	struct site *s = rq->site;
	struct buf *b = &rs->body;
	const char *unit = query_get(&rq->q, "unit"), *sev = query_get(&rq->q, "severity");
	if (unit && !*unit)
		unit = NULL;
	if (sev && !*sev)
		sev = NULL;
	if (unit && site_unit_row(s, unit) < 0) {
		web_error(rq, rs, 400, "bad_request", "unit", "%s",
			  T(rq, "그런 부서가 없습니다", "No such division"));
		return;
	}
	if (sev && strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0) {
		web_error(rq, rs, 400, "bad_request", "severity", "%s",
			  T(rq, "수준은 오류 또는 경고입니다", "Level is error or warning"));
		return;
	}
	page_open(rq, rs, T(rq, "발견사항", "Findings"));
	buf_addf(b,
		 "<h1>%s</h1>\n<form method=\"get\" action=\"/findings\" class=\"inline\">"
		 "<label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\"><option "
		 "value=\"\">%s</option>",
		 T(rq, "발견사항", "Findings"), T(rq, "부서", "Division"), T(rq, "전체", "All"));
	for (size_t i = 0; i < s->n_divs; i++) {
		buf_addf(b, "<option value=\"%s\"%s>", s->divs[i].id,
			 unit && strcmp(unit, s->divs[i].id) == 0 ? " selected" : "");
		esc(b, rq->en ? s->divs[i].name_en : s->divs[i].name_ko);
		buf_adds(b, "</option>");
	}
	buf_addf(b,
		 "</select><label for=\"severity\">%s</label><select id=\"severity\" "
		 "name=\"severity\"><option value=\"\">%s</option><option value=\"error\"%s>%s"
		 "</option><option value=\"warning\"%s>%s</option></select><button "
		 "type=\"submit\">%s</button></form>\n",
		 T(rq, "수준", "Level"), T(rq, "전체", "All"),
		 sev && strcmp(sev, "error") == 0 ? " selected" : "", T(rq, "오류", "error"),
		 sev && strcmp(sev, "warning") == 0 ? " selected" : "", T(rq, "경고", "warning"),
		 T(rq, "보기", "Show"));
	findings_list(rq, b, unit, NULL, sev, 0);
	page_close(rs);
}

/* Which row an entry is about, in words: a fact's measure, members and
 * period as printed, a milestone's or text's node and title. */
static void entry_row(struct web_req *rq, struct buf *b, json_t *e)
{
	const struct model *m = &rq->site->m;
	const char *res = json_string_value(json_object_get(e, "resource"));
	json_t *row = json_is_object(json_object_get(e, "after")) ? json_object_get(e, "after")
								  : json_object_get(e, "before");
	const char *node = json_string_value(json_object_get(row, "node"));
	long r;

	if (strcmp(res, "facts") == 0) {
		const char *measure = json_string_value(json_object_get(row, "measure"));
		const struct table *mt = &m->tables[RES_MEASURES];
		for (size_t i = 0; measure && i < mt->n_rows; i++)
			if (strcmp(table_cell(mt, i, 0), measure) == 0)
				esc(b, table_get(mt, i, rq->en ? "name_en" : "name_ko"));
		const char *c = json_string_value(json_object_get(row, "coords"));
		for (const char *p = c; p && *p;) {
			const char *eq = strchr(p, '='), *end = strchr(p, ';');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			if (!eq || (end && eq > end))
				break;
			char *id = arena_strndup(rq->a, eq + 1, n - (size_t)(eq + 1 - p));
			const char *label = id;
			const struct table *mem = &m->tables[RES_MEMBERS];
			if ((r = site_unit_row(rq->site, id)) >= 0)
				label = unit_name(rq, id);
			else if ((r = site_node_row(rq->site, id)) >= 0)
				label = table_get(&m->tables[RES_NODES], (size_t)r, "title_ko");
			else
				for (size_t i = 0; i < mem->n_rows; i++)
					if (strcmp(table_get(mem, i, "id"), id) == 0)
						label = table_get(mem, i, "name_ko");
			buf_adds(b, " · ");
			esc(b, label);
			p += n + (end != NULL);
		}
		buf_adds(b, " · ");
		date_label(b, json_string_value(json_object_get(row, "period")));
		return;
	}
	if (strcmp(res, "finding_status") == 0) {
		buf_adds(b, T(rq, "발견사항 상태", "Finding status"));
		return;
	}
	if (node && (r = site_node_row(rq->site, node)) >= 0)
		esc(b, table_get(&m->tables[RES_NODES], (size_t)r, "title_ko"));
	if (json_object_get(row, "title")) {
		buf_adds(b, " · ");
		esc(b, json_string_value(json_object_get(row, "title")));
	}
}

/* What a history entry changed, in the row's own words: a fact's printed
 * figure, else the fields that differ. */
static void entry_change(struct buf *b, json_t *e)
{
	json_t *before = json_object_get(e, "before"), *after = json_object_get(e, "after");
	const char *k;
	json_t *v;
	int any = 0;
	if (json_object_get(after, "printed") || json_object_get(before, "printed")) {
		esc(b, json_string_value(json_object_get(before, "printed")));
		buf_adds(b, " → ");
		esc(b, json_string_value(json_object_get(after, "printed")));
		return;
	}
	json_object_foreach(after, k, v)
	{
		json_t *old = json_object_get(before, k);
		if (!json_is_string(v) || (old && json_equal(old, v)))
			continue;
		if (strcmp(k, "source") == 0)
			continue;
		buf_adds(b, any++ ? "; " : "");
		esc(b, json_is_string(old) ? json_string_value(old) : "");
		buf_adds(b, " → ");
		esc(b, json_string_value(v));
	}
}

/* GET /history?ref=…: who changed the row, when, from what to what. */
void page_history(struct web_req *rq, struct web_resp *rs)
{
	const char *ref = query_get(&rq->q, "ref");
	json_t *items = web_history_or_reply(rq, rs, ref && *ref ? ref : NULL);
	struct buf *b = &rs->body;
	size_t i;
	json_t *e;

	if (!items)
		return;
	page_open(rq, rs, T(rq, "수정 이력", "History"));
	buf_addf(b, "<h1>%s</h1>\n", T(rq, "수정 이력", "History"));
	if (!json_array_size(items))
		buf_addf(b, "<p>%s</p>\n", T(rq, "수정한 적이 없습니다", "Never changed"));
	else
		buf_addf(b,
			 "<table class=\"data history\"><thead><tr><th scope=\"col\">%s</th><th "
			 "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
			 T(rq, "판", "Revision"), T(rq, "때", "When"), T(rq, "누가", "Who"),
			 T(rq, "무엇", "What"), T(rq, "바뀐 것", "Change"),
			 T(rq, "사유", "Reason"));
	json_array_foreach(items, i, e)
	{
		const char *at = json_string_value(json_object_get(e, "at"));
		char day[11] = "";
		if (at && strlen(at) >= 16)
			memcpy(day, at, 10);
		buf_addf(b, "<tr><td class=\"num\">%lld</td><td>",
			 json_integer_value(json_object_get(e, "revision")));
		date_label(b, day);
		buf_addf(b, " %.5s UTC</td><td>", at && strlen(at) >= 16 ? at + 11 : "");
		esc(b, json_string_value(json_object_get(e, "by")));
		buf_adds(b, "</td><td>");
		if (strcmp(json_string_value(json_object_get(e, "resource")), "package") == 0) {
			buf_addf(b, "%s</td><td>", T(rq, "꾸러미 가져오기", "package imported"));
		} else {
			entry_row(rq, b, e);
			buf_adds(b, "</td><td>");
			entry_change(b, e);
		}
		buf_adds(b, "</td><td>");
		esc(b, json_string_value(json_object_get(e, "reason")));
		buf_adds(b, "</td></tr>\n");
		if (i >= 200) /* the API pages the rest */
			break;
	}
	if (json_array_size(items))
		buf_adds(b, "</tbody></table>\n");
	json_decref(items);
	page_close(rs);
}
