/*
 * api.c - the JSON API's handlers (docs/openapi.yaml describes each).
 *
 * Reads come from the site in memory; every read answers with the ETag of
 * the package's content and 304 to a matching If-None-Match. Lists are
 * paginated ({"items","page","per_page","total"}). Ids are in JSON; labels
 * beside them.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/kdate.h"
#include "server.h"
#include "site.h"
#include "store/users.h"
#include "web.h"

extern const char web_openapi_yaml[];

static void send_json(struct web_resp *rs, json_t *o, int status)
{
	char *text = json_dumps(o, JSON_COMPACT);
	rs->status = status;
	rs->ctype = "application/json";
	buf_adds(&rs->body, text);
	buf_addc(&rs->body, '\n');
	free(text);
	json_decref(o);
}

/* A row of any resource as an object of its fields; empty cells are null. */
static json_t *row_json(const struct table *t, size_t r)
{
	json_t *o = json_object();
	for (int i = 0; i < t->def->n_fields; i++) {
		const char *c = table_cell(t, r, i);
		json_object_set_new(o, t->def->fields[i].name, *c ? json_string(c) : json_null());
	}
	return o;
}

struct page {
	size_t page, per_page, from, to, total;
};

/* page and per_page from the query: 0, or answered 400. */
static int page_or_reply(struct web_req *rq, struct web_resp *rs, size_t total, struct page *p)
{
	const char *names[2] = {"page", "per_page"};
	size_t v[2] = {1, JY_API_PAGE_DEFAULT};

	for (int i = 0; i < 2; i++) {
		const char *s = query_get(&rq->q, names[i]);
		char *end;
		if (!s)
			continue;
		long n = strtol(s, &end, 10);
		if (!*s || *end || n < 1 || (i == 1 && n > JY_API_PAGE_MAX) || n > 1000000000L) {
			web_error(rq, rs, 400, "bad_request", names[i],
				  "%s는 1 이상의 정수입니다 (%s is an integer from 1%s)", names[i],
				  names[i], i ? " to 1000" : "");
			return 1;
		}
		v[i] = (size_t)n;
	}
	p->page = v[0];
	p->per_page = v[1];
	p->total = total;
	p->from = (p->page - 1) * p->per_page;
	if (p->from > total)
		p->from = total;
	p->to = p->from + p->per_page < total ? p->from + p->per_page : total;
	return 0;
}

static json_t *list_json(const struct page *p, json_t *items)
{
	return json_pack("{s:o,s:I,s:I,s:I}", "items", items, "page", (json_int_t)p->page,
			 "per_page", (json_int_t)p->per_page, "total", (json_int_t)p->total);
}

/* A list of the rows of a table that keep(row) accepts. */
typedef int (*keep_fn)(struct web_req *rq, const struct table *t, size_t r);

static void list_rows(struct web_req *rq, struct web_resp *rs, enum resource_id res, keep_fn keep)
{
	const struct table *t = &rq->site->m.tables[res];
	size_t *rows = arena_alloc(rq->a, (t->n_rows + 1) * sizeof(*rows)), n = 0;
	struct page p;

	if (web_not_modified_or_reply(rq, rs))
		return;
	for (size_t r = 0; r < t->n_rows; r++)
		if (!keep || keep(rq, t, r))
			rows[n++] = r;
	if (page_or_reply(rq, rs, n, &p))
		return;
	json_t *items = json_array();
	for (size_t i = p.from; i < p.to; i++)
		json_array_append_new(items, row_json(t, rows[i]));
	send_json(rs, list_json(&p, items), 200);
}

/* The row whose first column is the captured id: its index, or answered 404. */
static long row_or_reply(struct web_req *rq, struct web_resp *rs, enum resource_id res,
			 const char *what)
{
	const struct table *t = &rq->site->m.tables[res];
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_cell(t, r, 0), rq->caps[0]) == 0)
			return (long)r;
	web_error(rq, rs, 404, "not_found", "id", "%s '%.96s'이(가) 없습니다 (no %s '%.96s')", what,
		  rq->caps[0], what, rq->caps[0]);
	return -1;
}

/* Rows of res whose column col equals value, as an array. */
static json_t *rows_where(const struct site *s, enum resource_id res, const char *col,
			  const char *value)
{
	const struct table *t = &s->m.tables[res];
	int c = schema_field_index(t->def, col);
	json_t *a = json_array();
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_cell(t, r, c), value) == 0)
			json_array_append_new(a, row_json(t, r));
	return a;
}

void api_openapi(struct web_req *rq, struct web_resp *rs)
{
	(void)rq;
	rs->ctype = "application/yaml; charset=utf-8";
	rs->static_body = web_openapi_yaml;
	rs->static_len = strlen(web_openapi_yaml);
}

void api_units(struct web_req *rq, struct web_resp *rs)
{
	list_rows(rq, rs, RES_UNITS, NULL);
}

void api_unit(struct web_req *rq, struct web_resp *rs)
{
	long r;
	if (web_not_modified_or_reply(rq, rs) || (r = row_or_reply(rq, rs, RES_UNITS, "unit")) < 0)
		return;
	json_t *o = row_json(&rq->site->m.tables[RES_UNITS], (size_t)r);
	json_object_set_new(o, "functions",
			    rows_where(rq->site, RES_FUNCTIONS, "unit", rq->caps[0]));
	send_json(rs, o, 200);
}

static int keep_node(struct web_req *rq, const struct table *t, size_t r)
{
	const char *cols[] = {"kind", "owner", "parent"};
	for (int i = 0; i < 3; i++) {
		const char *want = query_get(&rq->q, cols[i]);
		if (want && strcmp(table_get(t, r, cols[i]), want) != 0)
			return 0;
	}
	return 1;
}

void api_nodes(struct web_req *rq, struct web_resp *rs)
{
	list_rows(rq, rs, RES_NODES, keep_node);
}

void api_node(struct web_req *rq, struct web_resp *rs)
{
	long r;
	if (web_not_modified_or_reply(rq, rs) || (r = row_or_reply(rq, rs, RES_NODES, "node")) < 0)
		return;
	json_t *o = row_json(&rq->site->m.tables[RES_NODES], (size_t)r);
	json_object_set_new(o, "fields", rows_where(rq->site, RES_FIELDS, "node", rq->caps[0]));
	json_object_set_new(o, "texts", rows_where(rq->site, RES_TEXTS, "node", rq->caps[0]));
	json_object_set_new(o, "milestones",
			    rows_where(rq->site, RES_MILESTONES, "node", rq->caps[0]));
	send_json(rs, o, 200);
}

void api_measures(struct web_req *rq, struct web_resp *rs)
{
	list_rows(rq, rs, RES_MEASURES, NULL);
}

void api_measure(struct web_req *rq, struct web_resp *rs)
{
	long r;
	if (web_not_modified_or_reply(rq, rs) ||
	    (r = row_or_reply(rq, rs, RES_MEASURES, "measure")) < 0)
		return;
	send_json(rs, row_json(&rq->site->m.tables[RES_MEASURES], (size_t)r), 200);
}

void api_dimensions(struct web_req *rq, struct web_resp *rs)
{
	list_rows(rq, rs, RES_DIMENSIONS, NULL);
}

void api_dimension(struct web_req *rq, struct web_resp *rs)
{
	long r;
	if (web_not_modified_or_reply(rq, rs) ||
	    (r = row_or_reply(rq, rs, RES_DIMENSIONS, "dimension")) < 0)
		return;
	json_t *o = row_json(&rq->site->m.tables[RES_DIMENSIONS], (size_t)r);
	json_object_set_new(o, "members",
			    rows_where(rq->site, RES_MEMBERS, "dimension", rq->caps[0]));
	send_json(rs, o, 200);
}

/* A fact as JSON: its key, its value as printed and exact, its unit and
 * the labels people read. */
static json_t *fact_json(struct web_req *rq, size_t i)
{
	const struct factset *fs = &rq->site->res.fs;
	const struct fact_info *f = &fs->facts[i];
	const struct measure_info *mi = &fs->measures[f->measure];
	const struct table *t = fs->fact_rows;
	struct buf period;
	const char *node, *unit = site_fact_unit(rq->site, i, &node);
	char v[64];

	buf_init(&period);
	kdate_label_iso(fact_period(fs, f), &period);
	json_t *coords = json_object();
	for (int k = 0; k < mi->n_dims; k++)
		json_object_set_new(coords, mi->dims[k], json_string(fact_member(fs, f, k)));
	json_t *o = json_pack("{s:{s:s,s:o,s:s,s:s,s:s},s:s,s:s,s:s,s:s,s:s,s:s?,s:s}", "key",
			      "measure", mi->id, "coords", coords, "period", fact_period(fs, f),
			      "kind", fact_kind(fs, f), "table", fact_table(fs, f), "value",
			      dec_str(f->value, v), "printed", fact_printed(fs, f), "unit",
			      mi->unit, "measure_ko", mi->name_ko, "period_ko", period.data,
			      "owner", unit, "source", fact_source(fs, f));
	(void)t;
	buf_release(&period);
	return o;
}

static int fact_has_member(const struct factset *fs, const struct fact_info *f, const char *m)
{
	const struct measure_info *mi = &fs->measures[f->measure];
	for (int k = 0; k < mi->n_dims; k++)
		if (strcmp(fact_member(fs, f, k), m) == 0)
			return 1;
	return 0;
}

void api_facts(struct web_req *rq, struct web_resp *rs)
{
	const struct factset *fs = &rq->site->res.fs;
	const char *measure = query_get(&rq->q, "measure"), *member = query_get(&rq->q, "member"),
		   *period = query_get(&rq->q, "period"), *kind = query_get(&rq->q, "kind"),
		   *unit = query_get(&rq->q, "unit"), *table = query_get(&rq->q, "table");
	size_t *keep = arena_alloc(rq->a, (fs->n_facts + 1) * sizeof(*keep)), n = 0;
	struct page p;

	if (web_not_modified_or_reply(rq, rs))
		return;
	if (measure && factset_measure(fs, measure) < 0) {
		web_error(rq, rs, 400, "bad_request", "measure",
			  "측정항목 '%.96s'이(가) 없습니다 (no measure '%.96s')", measure, measure);
		return;
	}
	if (unit && site_unit_row(rq->site, unit) < 0) {
		web_error(rq, rs, 400, "bad_request", "unit",
			  "조직 '%.96s'이(가) 없습니다 (no unit '%.96s')", unit, unit);
		return;
	}
	for (size_t i = 0; i < fs->n_facts; i++) {
		const struct fact_info *f = &fs->facts[i];
		const char *node, *owner;
		if ((measure && strcmp(fs->measures[f->measure].id, measure) != 0) ||
		    (period && strcmp(fact_period(fs, f), period) != 0) ||
		    (kind && strcmp(fact_kind(fs, f), kind) != 0) ||
		    (table && strcmp(fact_table(fs, f), table) != 0) ||
		    (member && !fact_has_member(fs, f, member)))
			continue;
		if (unit &&
		    (!(owner = site_fact_unit(rq->site, i, &node)) || strcmp(owner, unit) != 0))
			continue;
		keep[n++] = i;
	}
	if (page_or_reply(rq, rs, n, &p))
		return;
	json_t *items = json_array();
	for (size_t i = p.from; i < p.to; i++)
		json_array_append_new(items, fact_json(rq, keep[i]));
	send_json(rs, list_json(&p, items), 200);
}

/* A JSON object body: the parsed value, or NULL with 400/415 answered. */
json_t *web_body_or_reply(struct web_req *rq, struct web_resp *rs)
{
	json_error_t je;
	if (!rq->content_type || strncmp(rq->content_type, "application/json", 16) != 0) {
		web_error(rq, rs, 415, "unsupported_media_type", NULL,
			  "본문은 application/json이어야 합니다 (the body must be "
			  "application/json)");
		return NULL;
	}
	json_t *o = json_loadb(rq->body ? rq->body : "", rq->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		web_error(rq, rs, 400, "malformed_json", NULL,
			  "JSON을 읽을 수 없습니다: %d행 %d열: %s (malformed JSON at line %d, "
			  "column %d: %s)",
			  je.line, je.column, je.text, je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		web_error(rq, rs, 400, "bad_request", NULL,
			  "본문은 JSON 객체여야 합니다 (the body must be a JSON object)");
		return NULL;
	}
	return o;
}

/* A string member of o: its value, or NULL with 400 answered. */
const char *web_string_or_reply(struct web_req *rq, struct web_resp *rs, json_t *o,
				const char *name, int required)
{
	json_t *v = json_object_get(o, name);
	if (!v && !required)
		return "";
	if (!v || !json_is_string(v)) {
		web_error(rq, rs, 400, "bad_request", name,
			  "'%s'은(는) 문자열이어야 합니다 (%s must be a string)", name, name);
		return NULL;
	}
	return json_string_value(v);
}

void api_findings(struct web_req *rq, struct web_resp *rs)
{
	struct site *s = rq->site;
	const char *unit = query_get(&rq->q, "unit"), *sev = query_get(&rq->q, "severity"),
		   *status = query_get(&rq->q, "status");
	size_t *keep = arena_alloc(rq->a, (s->n_findings + 1) * sizeof(*keep)), n = 0;
	struct page p;

	if (web_not_modified_or_reply(rq, rs))
		return;
	if (sev && strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0) {
		web_error(rq, rs, 400, "bad_request", "severity",
			  "severity는 error 또는 warning입니다 (severity is error or warning)");
		return;
	}
	if (unit && site_unit_row(s, unit) < 0) {
		web_error(rq, rs, 400, "bad_request", "unit",
			  "조직 '%.96s'이(가) 없습니다 (no unit '%.96s')", unit, unit);
		return;
	}
	if (status && strcmp(status, "open") != 0 && strcmp(status, "acknowledged") != 0) {
		web_error(rq, rs, 400, "bad_request", "status",
			  "status는 open 또는 acknowledged입니다 (status is open or acknowledged; "
			  "the "
			  "fixed ones are in the history)");
		return;
	}
	for (size_t k = 0; k < s->n_findings; k++) {
		const struct site_finding *sf = &s->findings[k];
		if ((unit && (!sf->unit || strcmp(sf->unit, unit) != 0)) ||
		    (sev && strcmp(site_finding_severity(s, sf), sev) != 0) ||
		    (status && strcmp(sf->status, status) != 0))
			continue;
		keep[n++] = k;
	}
	if (page_or_reply(rq, rs, n, &p))
		return;
	json_t *items = json_array();
	for (size_t i = p.from; i < p.to; i++) {
		const struct site_finding *sf = &s->findings[keep[i]];
		char a[32], b[32], d[32];
		int vals = site_finding_values(s, sf, 0, a, b, d);
		json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:s?,s:s?,s:s?}", "number",
				      (json_int_t)sf->number, "rule", site_finding_rule(s, sf),
				      "target", sf->target, "status", sf->status, "status_reason",
				      sf->status_reason, "severity", site_finding_severity(s, sf),
				      "message", site_finding_message(s, sf, 0), "message_en",
				      site_finding_message(s, sf, 1), "where", sf->where_ko, "unit",
				      sf->unit, "node", sf->node, "explanation",
				      site_finding_explanation(s, sf, CHECK_BOTH));
		if (vals) {
			json_object_set_new(o, "stated", json_string(a));
			json_object_set_new(o, "computed", json_string(b));
			json_object_set_new(o, "delta", json_string(d));
		}
		if (sf->fact >= 0)
			json_object_set_new(o, "fact", fact_json(rq, (size_t)sf->fact));
		json_array_append_new(items, o);
	}
	send_json(rs, list_json(&p, items), 200);
}

void api_report(struct web_req *rq, struct web_resp *rs)
{
	const char *format = query_get(&rq->q, "format");
	if (web_not_modified_or_reply(rq, rs))
		return;
	if (format && strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "json") != 0) {
		web_error(rq, rs, 400, "bad_request", "format",
			  "format은 json, md, html입니다 (format is json, md or html)");
		return;
	}
	if (format && strcmp(format, "md") == 0) {
		rs->ctype = "text/markdown; charset=utf-8";
		const struct buf *b = site_report(rq->site, 0);
		rs->static_body = b->data;
		rs->static_len = b->len;
	} else if (format && strcmp(format, "html") == 0) {
		rs->ctype = "text/html; charset=utf-8";
		const struct buf *b = site_report(rq->site, 1);
		rs->static_body = b->data;
		rs->static_len = b->len;
	} else {
		const struct site *s = rq->site;
		json_t *o = json_pack(
			"{s:s?,s:s,s:i,s:i,s:I,s:I}", "title", s->o.title, "as_of", s->data_date,
			"errors", s->res.errors, "warnings", s->res.warnings, "rules_evaluated",
			(json_int_t)s->res.rules_evaluated, "facts", (json_int_t)s->res.fs.n_facts);
		send_json(rs, o, 200);
	}
}

static json_t *user_json(const struct web_user *u)
{
	return json_pack("{s:s,s:s,s:s?}", "name", u->name, "role", auth_role_name(u->role), "unit",
			 *u->unit ? u->unit : NULL);
}

void api_session_get(struct web_req *rq, struct web_resp *rs)
{
	if (!rq->user.role) {
		send_json(rs,
			  json_pack("{s:n,s:b}", "user", "public", rq->srv && rq->srv->public_mode),
			  200);
		return;
	}
	send_json(rs, json_pack("{s:o,s:s}", "user", user_json(&rq->user), "csrf", rq->sess.csrf),
		  200);
}

/* Checks name and password, throttled: 0 with u filled, or answered. */
int web_login_or_reply(struct web_req *rq, struct web_resp *rs, const char *name,
		       const char *password, struct web_user *u)
{
	time_t now = time(NULL);
	long wait = auth_throttle_wait(name, rq->remote ? rq->remote : "", now);
	struct user_row row;
	struct jy_err err;

	if (wait > 0) {
		web_header(rq, rs, "Retry-After", arena_printf(rq->a, "%ld", wait));
		web_error(rq, rs, 429, "too_many_attempts", "password",
			  "로그인 실패가 너무 많습니다. %ld초 뒤에 다시 하십시오 (too many failed "
			  "logins; try again in %ld s)",
			  wait, wait);
		return 1;
	}
	int ok = strlen(name) <= JY_USER_NAME_BYTES_MAX &&
		 users_get(rq->site->db, name, &row, &err) == 0 && !row.disabled &&
		 auth_verify_password(row.pwhash, password);
	if (!ok) {
		auth_throttle_fail(name, rq->remote ? rq->remote : "", now);
		web_error(rq, rs, 401, "bad_credentials", "password",
			  "이름 또는 비밀번호가 맞지 않습니다 (wrong name or password)");
		return 1;
	}
	auth_throttle_clear(name, rq->remote ? rq->remote : "");
	memset(u, 0, sizeof(*u));
	u->id = row.id;
	snprintf(u->name, sizeof(u->name), "%s", row.name);
	snprintf(u->unit, sizeof(u->unit), "%s", row.unit);
	u->role = auth_role(row.role);
	return 0;
}

/* Starts a session for u: the cookie set on rs. */
void web_session_start(struct web_req *rq, struct web_resp *rs, const struct web_user *u)
{
	auth_session_new(u, time(NULL), &rq->sess);
	rq->user = *u;
	web_header(rq, rs, "Set-Cookie",
		   arena_printf(rq->a, "jipyo_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
				rq->sess.token, rq->https ? "; Secure" : ""));
}

void web_session_end(struct web_req *rq, struct web_resp *rs)
{
	auth_session_drop(rq->sess.token);
	web_header(rq, rs, "Set-Cookie",
		   "jipyo_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

void api_session_post(struct web_req *rq, struct web_resp *rs)
{
	json_t *o = web_body_or_reply(rq, rs);
	const char *name, *password;
	struct web_user u;

	if (!o)
		return;
	if ((name = web_string_or_reply(rq, rs, o, "name", 1)) &&
	    (password = web_string_or_reply(rq, rs, o, "password", 1)) &&
	    !web_login_or_reply(rq, rs, name, password, &u)) {
		web_session_start(rq, rs, &u);
		send_json(rs, json_pack("{s:o,s:s}", "user", user_json(&u), "csrf", rq->sess.csrf),
			  201);
	}
	json_decref(o);
}

void api_session_delete(struct web_req *rq, struct web_resp *rs)
{
	web_session_end(rq, rs);
	rs->status = 204;
}

static void user_row_json(void *ctx, const struct user_row *u)
{
	json_array_append_new(ctx, json_pack("{s:s,s:s,s:s?,s:b,s:s}", "name", u->name, "role",
					     u->role, "unit", *u->unit ? u->unit : NULL, "disabled",
					     u->disabled, "created", u->created));
}

void api_users(struct web_req *rq, struct web_resp *rs)
{
	struct jy_err err;
	json_t *items = json_array();
	if (users_list(rq->site->db, user_row_json, items, &err)) {
		json_decref(items);
		web_error(rq, rs, 500, "store", NULL, "%s", err.msg);
		return;
	}
	struct page p = {1, json_array_size(items), 0, json_array_size(items),
			 json_array_size(items)};
	send_json(rs, list_json(&p, items), 200);
}

/* Checks a new user's role and unit: 0, or answered 400. */
int web_user_fields_or_reply(struct web_req *rq, struct web_resp *rs, const char *name,
			     const char *role, const char *unit)
{
	size_t n = strlen(name);
	if (!n || n > JY_USER_NAME_BYTES_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz"
			 "0123456789._-") != n) {
		web_error(
			rq, rs, 400, "bad_request", "name",
			"이름은 영문 소문자, 숫자, . _ -로 64바이트까지입니다 (a name is up to 64 "
			"of a-z 0-9 . _ -)");
		return 1;
	}
	if (!auth_role(role)) {
		web_error(rq, rs, 400, "bad_request", "role",
			  "역할은 admin, planner, editor, viewer입니다 (role is admin, planner, "
			  "editor or viewer)");
		return 1;
	}
	if ((auth_role(role) == ROLE_EDITOR) != (*unit != 0) ||
	    (*unit && site_unit_row(rq->site, unit) < 0)) {
		web_error(rq, rs, 400, "bad_request", "unit",
			  "편집자(editor)에게만, 있는 조직을 지정합니다 (an editor, and only an "
			  "editor, has a unit, one that exists)");
		return 1;
	}
	return 0;
}

void api_user_add(struct web_req *rq, struct web_resp *rs)
{
	json_t *o = web_body_or_reply(rq, rs);
	const char *name, *role, *unit, *password;
	char hash[160];
	struct jy_err err;

	if (!o)
		return;
	if (!(name = web_string_or_reply(rq, rs, o, "name", 1)) ||
	    !(role = web_string_or_reply(rq, rs, o, "role", 1)) ||
	    !(unit = web_string_or_reply(rq, rs, o, "unit", 0)) ||
	    !(password = web_string_or_reply(rq, rs, o, "password", 1)) ||
	    web_user_fields_or_reply(rq, rs, name, role, unit))
		goto out;
	if (auth_hash_password(password, hash, sizeof(hash), &err) ||
	    users_add(rq->site->db, name, role, unit, hash, &err)) {
		if (err.code == JY_EINPUT)
			web_error(rq, rs,
				  err.field[0] && strcmp(err.field, "name") == 0 ? 409 : 400,
				  err.field[0] && strcmp(err.field, "name") == 0 ? "conflict"
										 : "bad_request",
				  err.field, "%s", err.msg);
		else
			web_error(rq, rs, 500, "store", NULL, "%s", err.msg);
		goto out;
	}
	send_json(rs,
		  json_pack("{s:s,s:s,s:s?}", "name", name, "role", role, "unit",
			    *unit ? unit : NULL),
		  201);
out:
	json_decref(o);
}

void api_not_found(struct web_req *rq, struct web_resp *rs)
{
	web_error(rq, rs, 404, "not_found", NULL, "그런 주소가 없습니다 (no such address: %.200s)",
		  rq->path);
}
