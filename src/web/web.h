/*
 * web.h - what every handler of `jipyo serve` shares: the request as the
 * server hands it over, the response it fills, and the helpers that answer
 * errors in the one shape (`*_or_reply`: when they return non-zero the
 * response is already filled and the handler just returns).
 *
 * A request lives in its own arena, released when the response is sent.
 * The site (site.h) is read-only while the server runs, so handlers on
 * several threads read it without locks; see DESIGN.md "The web application".
 */
#ifndef JY_WEB_H
#define JY_WEB_H

#include <stddef.h>

#include "auth.h"
#include "base/buf.h"
#include "base/mem.h"
#include "route.h"

struct site;
struct site_cache_entry;
struct web_server;

enum { WEB_HEADERS_MAX = 8 };

struct web_req {
	struct arena *a;
	struct site *site;
	struct web_server *srv;
	const struct route *route;
	unsigned method;
	const char *path;
	const char *caps[JY_HTTP_CAPTURES_MAX];
	int n_caps;
	struct query q;
	const char *body; /* NUL-terminated; NULL when none */
	size_t body_len;
	const char *content_type, *if_none_match, *if_match, *csrf_header, *cookie, *remote;
	int https; /* behind a TLS proxy (X-Forwarded-Proto: https): cookies are Secure */
	struct web_user user; /* role 0 when nobody is logged in */
	struct session_view sess;
	int en; /* English pages (lang=en, or the cookie) */
};

struct web_resp {
	int status;
	const char *ctype;
	struct buf body;
	const char *static_body; /* served as is instead of body when not NULL */
	size_t static_len;
	struct site_cache_entry *kept; /* static_body is this kept answer (routes.c) */
	const char *hname[WEB_HEADERS_MAX], *hvalue[WEB_HEADERS_MAX];
	int n_headers;
};

void web_header(struct web_req *rq, struct web_resp *rs, const char *name, const char *value);

/* The error shape {"error":{"code","message","field"}} with status (API
 * routes), or an HTML page saying the same (pages). */
void web_error(struct web_req *rq, struct web_resp *rs, int status, const char *code,
	       const char *field, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A jy_err from parsing input: 400 with its field. */
void web_error_input(struct web_req *rq, struct web_resp *rs, const struct jy_err *err);

/* Answers 304 when the request's If-None-Match is the site's ETag; sets
 * the ETag either way. Returns 1 when answered. */
int web_not_modified_or_reply(struct web_req *rq, struct web_resp *rs);

/* Login (api.c): checks name and password, throttled; 0 with u filled,
 * else answered (401, 429). */
int web_login_or_reply(struct web_req *rq, struct web_resp *rs, const char *name,
		       const char *password, struct web_user *u);
void web_session_start(struct web_req *rq, struct web_resp *rs, const struct web_user *u);
void web_session_end(struct web_req *rq, struct web_resp *rs);
/* A page's head and navigation, its end, and text escaped for HTML
 * (pages.c), for the pages of other files. */
void page_open(struct web_req *rq, struct web_resp *rs, const char *title);
void page_close(struct web_resp *rs);
void page_esc(struct buf *b, const char *s);
/* An error as an HTML page (pages.c). */
void page_error(struct web_req *rq, struct web_resp *rs, int status, const char *message);

/* The route table (routes.c) and its size; its last row is the 404 row. */
extern const struct route web_routes[];
extern const size_t web_n_routes;

/* Handlers (api.c, pages.c, routes.c). */
void api_openapi(struct web_req *rq, struct web_resp *rs);
void api_units(struct web_req *rq, struct web_resp *rs);
void api_unit(struct web_req *rq, struct web_resp *rs);
void api_nodes(struct web_req *rq, struct web_resp *rs);
void api_node(struct web_req *rq, struct web_resp *rs);
void api_measures(struct web_req *rq, struct web_resp *rs);
void api_measure(struct web_req *rq, struct web_resp *rs);
void api_dimensions(struct web_req *rq, struct web_resp *rs);
void api_dimension(struct web_req *rq, struct web_resp *rs);
void api_facts(struct web_req *rq, struct web_resp *rs);
void api_fact_edit(struct web_req *rq, struct web_resp *rs);
void api_findings(struct web_req *rq, struct web_resp *rs);
void api_report(struct web_req *rq, struct web_resp *rs);
void api_session_get(struct web_req *rq, struct web_resp *rs);
void api_session_post(struct web_req *rq, struct web_resp *rs);
void api_session_delete(struct web_req *rq, struct web_resp *rs);
void api_users(struct web_req *rq, struct web_resp *rs);
void api_user_add(struct web_req *rq, struct web_resp *rs);
void api_not_found(struct web_req *rq, struct web_resp *rs);
/* A JSON object body: the parsed value (the caller's to json_decref), or
 * NULL with 415 / 400 answered. */
struct json_t *web_body_or_reply(struct web_req *rq, struct web_resp *rs);
/* A string member of o: its value, "" when absent and not required, or
 * NULL with 400 answered. */
const char *web_string_or_reply(struct web_req *rq, struct web_resp *rs, struct json_t *o,
				const char *name, int required);

/* Writes and the history (write.c). */
void api_milestone_edit(struct web_req *rq, struct web_resp *rs);
void api_text_edit(struct web_req *rq, struct web_resp *rs);
void api_finding_status(struct web_req *rq, struct web_resp *rs);
void api_history(struct web_req *rq, struct web_resp *rs);
void page_edit_post(struct web_req *rq, struct web_resp *rs);
void page_history(struct web_req *rq, struct web_resp *rs);
/* The history of the row ref names (every entry when NULL), newest first,
 * as a JSON array; NULL answered (400, 404, 500). */
struct json_t;
struct json_t *web_history_or_reply(struct web_req *rq, struct web_resp *rs, const char *ref);
/* The reference of fact i of the site, as `jipyo set` and the forms take it. */
const char *web_fact_ref(struct web_req *rq, size_t fact);

void page_dashboard(struct web_req *rq, struct web_resp *rs);
void page_division(struct web_req *rq, struct web_resp *rs);
void page_program(struct web_req *rq, struct web_resp *rs);
void page_findings(struct web_req *rq, struct web_resp *rs);
void page_login(struct web_req *rq, struct web_resp *rs);
void page_login_post(struct web_req *rq, struct web_resp *rs);
void page_logout(struct web_req *rq, struct web_resp *rs);
void page_css(struct web_req *rq, struct web_resp *rs);
void page_not_found(struct web_req *rq, struct web_resp *rs);
/* The budget execution ledger as of a day (ledger_page.c). */
void page_ledger(struct web_req *rq, struct web_resp *rs);

#endif
