/*
 * routes.c - the one route table of `jipyo serve`, and the dispatcher that
 * does for every route what the row declares before its handler runs: the
 * session, the roles allowed, the query parameters allowed, the CSRF token of
 * a write. Errors are answered here in the one shape.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server.h"
#include "site.h"
#include "web.h"

#define PAGE "lang"
#define LIST "page,per_page"

/* method, pattern, handler, roles, query parameters, flags */
const struct route web_routes[] = {
	{HTTP_GET, "/", page_dashboard, ROLES_READ, PAGE ",as_of", 0},
	{HTTP_GET, "/divisions/{}", page_division, ROLES_READ, PAGE, 0},
	{HTTP_GET, "/programs/{}", page_program, ROLES_READ, PAGE ",saved", 0},
	{HTTP_GET, "/findings", page_findings, ROLES_READ, PAGE ",unit,severity", 0},
	{HTTP_POST, "/edit", page_edit_post, ROLES_WRITE, "", ROUTE_WRITE},
	{HTTP_GET, "/ledger", page_ledger, ROLES_READ, PAGE ",as_of,target,by", 0},
	{HTTP_GET, "/history", page_history, ROLES_READ, PAGE ",ref", 0},
	{HTTP_GET, "/login", page_login, ROLES_ALL, PAGE, 0},
	{HTTP_POST, "/login", page_login_post, ROLES_ALL, "", 0},
	{HTTP_POST, "/logout", page_logout, ROLES_STAFF, "", ROUTE_WRITE},
	{HTTP_GET, "/static/app.css", page_css, ROLES_ALL, "", 0},
	{HTTP_GET, "/api/openapi.yaml", api_openapi, ROLES_ALL, "", ROUTE_API},
	{HTTP_GET, "/api/session", api_session_get, ROLES_ALL, "", ROUTE_API},
	{HTTP_POST, "/api/session", api_session_post, ROLES_ALL, "", ROUTE_API},
	{HTTP_DELETE, "/api/session", api_session_delete, ROLES_STAFF, "", ROUTE_API | ROUTE_WRITE},
	{HTTP_GET, "/api/units", api_units, ROLES_READ, LIST, ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/units/{}", api_unit, ROLES_READ, "", ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/nodes", api_nodes, ROLES_READ, LIST ",kind,owner,parent",
	 ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/nodes/{}", api_node, ROLES_READ, "", ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/measures", api_measures, ROLES_READ, LIST, ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/measures/{}", api_measure, ROLES_READ, "", ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/dimensions", api_dimensions, ROLES_READ, LIST, ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/dimensions/{}", api_dimension, ROLES_READ, "", ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/facts", api_facts, ROLES_READ,
	 LIST ",measure,member,period,kind,unit,table", ROUTE_API | ROUTE_CACHE},
	{HTTP_PUT, "/api/facts", api_fact_edit, ROLES_WRITE, "", ROUTE_API | ROUTE_WRITE},
	{HTTP_PUT, "/api/milestones/{}/{}", api_milestone_edit, ROLES_WRITE, "",
	 ROUTE_API | ROUTE_WRITE},
	{HTTP_PUT, "/api/texts/{}/{}/{}", api_text_edit, ROLES_WRITE, "", ROUTE_API | ROUTE_WRITE},
	{HTTP_GET, "/api/findings", api_findings, ROLES_READ, LIST ",unit,severity,status",
	 ROUTE_API | ROUTE_CACHE},
	{HTTP_PUT, "/api/findings/status", api_finding_status, ROLES_WRITE, "",
	 ROUTE_API | ROUTE_WRITE},
	{HTTP_GET, "/api/history", api_history, ROLES_READ, LIST ",ref", ROUTE_API},
	{HTTP_GET, "/api/report", api_report, ROLES_READ, "format", ROUTE_API | ROUTE_CACHE},
	{HTTP_GET, "/api/users", api_users, ROLE_ADMIN, "", ROUTE_API},
	{HTTP_POST, "/api/users", api_user_add, ROLE_ADMIN, "", ROUTE_API | ROUTE_WRITE},
	{HTTP_GET, "/api/{}", api_not_found, ROLES_ALL, "", ROUTE_API},
	{0, NULL, page_not_found, ROLES_ALL, "", 0}, /* anything else: 404 */
};
const size_t web_n_routes = sizeof(web_routes) / sizeof(web_routes[0]);

void web_header(struct web_req *rq, struct web_resp *rs, const char *name, const char *value)
{
	(void)rq;
	if (rs->n_headers >= WEB_HEADERS_MAX)
		return;
	rs->hname[rs->n_headers] = name;
	rs->hvalue[rs->n_headers] = value;
	rs->n_headers++;
}

static int is_api(const struct web_req *rq)
{
	return rq->route ? (rq->route->flags & ROUTE_API) != 0 : strncmp(rq->path, "/api/", 5) == 0;
}

void web_error(struct web_req *rq, struct web_resp *rs, int status, const char *code,
	       const char *field, const char *fmt, ...)
{
	char msg[JY_ERR_MSG_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rs->status = status;
	buf_reset(&rs->body);
	rs->static_body = NULL;
	rs->kept = NULL;
	if (!is_api(rq)) {
		page_error(rq, rs, status, msg);
		return;
	}
	json_t *e = json_pack("{s:{s:s,s:s,s:s?}}", "error", "code", code, "message", msg, "field",
			      field);
	char *text = json_dumps(e, JSON_COMPACT);
	buf_adds(&rs->body, text);
	buf_addc(&rs->body, '\n');
	free(text);
	json_decref(e);
	rs->ctype = "application/json";
}

void web_error_input(struct web_req *rq, struct web_resp *rs, const struct jy_err *err)
{
	web_error(rq, rs, err->code == JY_ENOTFOUND ? 404 : 400,
		  err->code == JY_ENOTFOUND ? "not_found" : "bad_request",
		  err->field[0] ? err->field : NULL, "%s", err->msg);
}

int web_not_modified_or_reply(struct web_req *rq, struct web_resp *rs)
{
	int set = 0;
	for (int i = 0; i < rs->n_headers; i++)
		set |= strcmp(rs->hname[i], "ETag") == 0;
	if (!set)
		web_header(rq, rs, "ETag", rq->site->etag);
	if (rq->if_none_match && strstr(rq->if_none_match, rq->site->etag)) {
		rs->status = 304;
		return 1;
	}
	return 0;
}

/* The value of cookie name in a Cookie header, in the request's arena. */
static const char *cookie_value(struct web_req *rq, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = rq->cookie; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > n && p[n] == '=' && strncmp(p, name, n) == 0)
			return arena_strndup(rq->a, p + n + 1, len - n - 1);
		p += len;
	}
	return NULL;
}

/* The bit of the route table's roles this request has. */
static unsigned request_role(const struct web_req *rq)
{
	if (rq->user.role)
		return rq->user.role;
	return (rq->srv && rq->srv->public_mode ? ROLE_PUBLIC : 0) | ROLE_ANON;
}

static int csrf_ok(struct web_req *rq)
{
	if (rq->csrf_header)
		return auth_csrf_ok(&rq->sess, rq->csrf_header);
	if (rq->content_type &&
	    strncmp(rq->content_type, "application/x-www-form-urlencoded", 33) == 0 && rq->body) {
		struct query f;
		struct jy_err err;
		/* the form's own fields are checked by its handler */
		const char *csrf = NULL;
		for (const char *p = rq->body; p && *p;
		     p = strchr(p, '&') ? strchr(p, '&') + 1 : NULL)
			if (strncmp(p, "csrf=", 5) == 0) {
				const char *e = strchr(p, '&');
				if (query_parse(p, e ? (size_t)(e - p) : strlen(p), "csrf", rq->a,
						&f, &err) == 0)
					csrf = query_get(&f, "csrf");
				break;
			}
		return auth_csrf_ok(&rq->sess, csrf);
	}
	return 0;
}

/* A route whose answer is everyone's: served from the site's cache, or made
 * and kept there. */
static void cached(struct web_req *rq, const char *uri, struct web_resp *rs)
{
	if (web_not_modified_or_reply(rq, rs))
		return;
	struct site_cache_entry *c = site_cache_get(rq->site, uri);
	if (c) {
		rs->static_body = c->body;
		rs->static_len = c->len;
		rs->ctype = c->ctype;
		rs->kept = c;
		return;
	}
	rq->route->fn(rq, rs);
	if (rs->status == 200 && !rs->static_body && rs->ctype)
		site_cache_put(rq->site, uri, rs->body.data ? rs->body.data : "", rs->body.len,
			       rs->ctype);
}

void web_dispatch(struct web_req *rq, const char *uri, struct web_resp *rs)
{
	const char *query;
	struct jy_err err;
	unsigned allowed;
	size_t i;

	rs->status = 200;
	if (route_split_uri(uri, rq->a, &rq->path, &query, &err)) {
		rq->path = uri;
		web_error_input(rq, rs, &err);
		return;
	}
	i = route_match(web_routes, web_n_routes, rq->method, rq->path, rq->a, rq->caps,
			&rq->n_caps, &allowed);
	rq->route = &web_routes[i];
	/* the API answers JSON, a 404 or 405 too */
	if (!rq->route->pattern && strncmp(rq->path, "/api/", 5) == 0)
		rq->route = &web_routes[web_n_routes - 2];
	const char *token = cookie_value(rq, "jipyo_session");
	if (token)
		auth_session_find(token, time(NULL), &rq->user, &rq->sess);
	const char *lang = cookie_value(rq, "jipyo_lang");
	rq->en = lang && strcmp(lang, "en") == 0;
	if (i == web_n_routes - 1 && allowed) {
		char *allow = arena_printf(
			rq->a, "%s%s%s%s%s", allowed & HTTP_GET ? "GET, HEAD, " : "",
			allowed & HTTP_POST ? "POST, " : "", allowed & HTTP_PUT ? "PUT, " : "",
			allowed & HTTP_PATCH ? "PATCH, " : "",
			allowed & HTTP_DELETE ? "DELETE, " : "");
		allow[strlen(allow) - 2] = 0;
		web_header(rq, rs, "Allow", allow);
		web_error(rq, rs, 405, "method_not_allowed", NULL,
			  "이 주소에는 허용되지 않는 방법입니다 (method not allowed here; allowed: "
			  "%s)",
			  allow);
		return;
	}
	if (!(rq->route->roles & request_role(rq))) {
		if (!rq->user.role && !is_api(rq)) {
			rs->status = 303;
			web_header(rq, rs, "Location", "/login");
			return;
		}
		if (!rq->user.role)
			web_error(rq, rs, 401, "unauthorized", NULL,
				  "로그인이 필요합니다 (log in first)");
		else
			web_error(rq, rs, 403, "forbidden", NULL,
				  "권한이 없습니다 (your role may not do this)");
		return;
	}
	if (query_parse(query, strlen(query), rq->route->params, rq->a, &rq->q, &err)) {
		web_error_input(rq, rs, &err);
		return;
	}
	const char *ql = query_get(&rq->q, "lang");
	if (ql) {
		if (strcmp(ql, "en") != 0 && strcmp(ql, "ko") != 0) {
			web_error(rq, rs, 400, "bad_request", "lang",
				  "lang은 ko 또는 en입니다 (lang is ko or en)");
			return;
		}
		rq->en = strcmp(ql, "en") == 0;
		web_header(rq, rs, "Set-Cookie",
			   rq->en ? "jipyo_lang=en; Path=/; SameSite=Strict; Max-Age=31536000"
				  : "jipyo_lang=ko; Path=/; SameSite=Strict; Max-Age=31536000");
	}
	if ((rq->route->flags & ROUTE_WRITE) && rq->user.role && !csrf_ok(rq)) {
		web_error(rq, rs, 403, "csrf", "csrf",
			  "CSRF 토큰이 없거나 맞지 않습니다 (missing or wrong CSRF token)");
		return;
	}
	if ((rq->route->flags & ROUTE_CACHE) && rq->site) {
		cached(rq, uri, rs);
		return;
	}
	rq->route->fn(rq, rs);
}
