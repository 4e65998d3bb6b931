/*
 * write.c - the web application's writes: a figure, a milestone's status
 * and dates, a text (the JSON API and the program page's forms), and the
 * status of a finding; the history of a row.
 *
 * Every write is check/edit.h's edit_run, the core `jipyo set` runs, under
 * one lock (writes are serialised in the server; the store's revision check
 * catches another process), on the package the server keeps for edits
 * (srv->pkg, loaded again only when another process wrote or an edit
 * failed): a figure is checked incrementally and the model image kept, any
 * other edit checked whole; the row is written with its history entry in
 * one transaction, and a new site copied from the package replaces the one
 * requests read (server.c counts its readers). The ETag is the revision; a write states
 * the revision it saw (If-Match, or a form's hidden field): 428 without it,
 * 412 when it is not the store's. DESIGN.md, "The web application".
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check/edit.h"
#include "render/describe.h"
#include "server.h"
#include "site.h"
#include "store/status.h"
#include "web.h"

/* The revision a write expects: from If-Match (a number, quoted or not) or
 * a form's field. 0, or answered 428 / 412. */
static int expect_or_reply(struct web_req *rq, struct web_resp *rs, const char *given, long *expect)
{
	char *end;
	if (!given || !*given) {
		web_error(rq, rs, 428, "precondition_required", "If-Match",
			  "If-Match에 본 판(revision)을 적어야 합니다 (a write needs If-Match with "
			  "the ETag it read)");
		return 1;
	}
	const char *p = strncmp(given, "W/", 2) == 0 ? given + 2 : given;
	p += *p == '"';
	long n = strtol(p, &end, 10);
	if (end == p || n < 0 || (*end && !(*end == '"' && !end[1]))) {
		web_error(rq, rs, 412, "precondition_failed", "If-Match",
			  "If-Match '%.40s'은(는) 판 번호가 아닙니다 (If-Match is not a revision "
			  "the server sent)",
			  given);
		return 1;
	}
	*expect = n;
	return 0;
}

static int stale_reply(struct web_req *rq, struct web_resp *rs, long expect, long now)
{
	web_header(rq, rs, "ETag", arena_printf(rq->a, "\"%ld\"", now));
	web_error(rq, rs, 412, "precondition_failed", "If-Match",
		  "그 사이에 다른 수정이 있었습니다: 판 %ld이 아니라 %ld입니다. 새로 읽고 다시 "
		  "하십시오 (the package changed: revision %ld, not %ld; read it again; nothing "
		  "was written)",
		  now, expect, now, expect);
	return 1;
}

/* May this user write the row the reference names? 0, or answered 400 /
 * 404 / 403. */
static int owned_or_reply(struct web_req *rq, struct web_resp *rs, const char *ref_text)
{
	const struct site *s = rq->site;
	struct ref ref;
	struct jy_err err;
	size_t rows[2];
	struct owned_row row = {OWNED_NODE, NULL, NULL};

	if (ref_parse(ref_text, &ref, &err)) {
		web_error(rq, rs, 400, "bad_request", "ref", "%.200s: %s", ref_text, err.msg);
		return 1;
	}
	if (ref_find(&s->m, &ref, rows, 2) != 1) {
		web_error(rq, rs, 404, "not_found", "key",
			  "그런 행이 없습니다 (no row has this key: %.200s)", ref_text);
		return 1;
	}
	if (ref.r == RES_FACTS) {
		row.kind = OWNED_FACT;
		for (size_t i = 0; i < s->res.fs.n_facts; i++)
			if (s->res.fs.facts[i].row == rows[0])
				row.unit = site_fact_unit(s, i, &row.node);
	} else {
		row.node = ref.key[0];
	}
	if (!auth_may_write(&s->m, &rq->user, &row)) {
		web_error(rq, rs, 403, "forbidden", "key",
			  "이 행은 다른 부서의 것입니다 (this row belongs to another unit)");
		return 1;
	}
	return 0;
}

struct fixed {
	struct web_req *rq;
	const struct site *old;
	const char *by;
	json_t *list; /* [{rule, target}] of the findings the edit made go */
};

/* Inside the edit's transaction: the findings of the site before that the
 * edited model no longer has are marked fixed. */
static int mark_fixed(void *ctx, struct store *st, const struct edit *e, long revision,
		      struct jy_err *err)
{
	struct fixed *fx = ctx;
	for (size_t k = 0; k < fx->old->n_findings; k++) {
		const struct site_finding *sf = &fx->old->findings[k];
		const char *rule = site_finding_rule(fx->old, sf);
		if (site_result_has(e->res, rule, sf->target))
			continue;
		struct finding_status v = {rule, sf->target, "fixed", "", fx->by, e->at, revision};
		int rc = status_put(st, &v, err);
		if (rc)
			return rc;
		json_array_append_new(fx->list, json_pack("{s:s,s:s,s:s}", "rule", rule, "target",
							  sf->target, "where", sf->where_ko));
	}
	return 0;
}

/* The findings of a site, short, for a write's answer. */
static json_t *findings_json(const struct site *s)
{
	json_t *items = json_array();
	for (size_t k = 0; k < s->n_findings; k++) {
		const struct site_finding *sf = &s->findings[k];
		json_array_append_new(
			items,
			json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s?,s:s}", "number",
				  (json_int_t)sf->number, "rule", site_finding_rule(s, sf),
				  "target", sf->target, "severity", site_finding_severity(s, sf),
				  "where", sf->where_ko, "message", site_finding_message(s, sf, 0),
				  "unit", sf->unit, "status", sf->status));
	}
	return json_pack("{s:i,s:i,s:o}", "errors", s->res.errors, "warnings", s->res.warnings,
			 "items", items);
}

/* What the validation of the edited model said, one line an item, in one
 * message. */
static void value_error(struct web_req *rq, struct web_resp *rs, const struct jy_err *err,
			char *diag)
{
	struct buf b;
	buf_init(&b);
	for (char *line = diag ? strtok(diag, "\n") : NULL; line; line = strtok(NULL, "\n"))
		buf_addf(&b, "%s%s", b.len ? "; " : "", line);
	web_error(rq, rs, 422, "invalid", "value", "%s%s%.600s", err->msg, b.len ? ": " : "",
		  b.len ? b.data : "");
	buf_release(&b);
}

/* The package at the store's revision now (read before its rows): loaded
 * again from the store when another process wrote, or an edit failed after
 * it had changed it. */
static int pkg_at(struct web_server *srv, struct store *st, long now, struct jy_err *err)
{
	struct edit_pkg *p = &srv->pkg;

	if (p->st && p->revision == now)
		return 0;
	return edit_pkg_load(p, st, now, NULL, err);
}

struct site *web_site_from_pkg(struct web_server *srv, struct store *st, struct jy_err *err)
{
	struct site *ns = xmalloc(sizeof(*ns));
	site_init(ns);
	ns->db = srv->db;
	int rc = site_read_store(ns, st, err);
	if (!rc)
		rc = pkg_at(srv, st, ns->revision, err);
	if (!rc)
		rc = site_build_from(ns, &srv->pkg.m, edit_pkg_result(&srv->pkg), err);
	if (rc) {
		site_release(ns);
		free(ns);
		return NULL;
	}
	return ns;
}

/* Runs the edit q at revision expect and, when it is written, publishes the
 * site after it: 0 with *answer set, or answered. Call with the write lock
 * held. */
static int edit_locked(struct web_req *rq, struct web_resp *rs, struct edit_req *q, long expect,
		       json_t **answer)
{
	struct web_server *srv = rq->srv;
	struct site *ns = NULL;
	struct store *st = NULL;
	struct edit e = {0};
	struct jy_err err;
	struct fixed fx = {rq, NULL, rq->user.name, json_array()};
	char *diag = NULL;
	size_t diag_len = 0;
	long now;
	int rc;

	if (edit_parse(q, &e, &err)) {
		web_error(rq, rs, 400, "bad_request", "ref", "%s", err.msg);
		goto out;
	}
	rc = store_open_existing(srv->db, &st, &err);
	if (!rc)
		rc = store_revision(st, &now, &err);
	if (!rc && (now != srv->pkg.revision || !srv->pkg.st)) {
		/* another process wrote, or an edit failed: the package again */
		struct site *fresh = web_site_from_pkg(srv, st, &err);
		if (fresh)
			web_site_publish(srv, fresh);
		else
			rc = err.code;
	}
	if (rc) {
		web_error(rq, rs, 500, "store", NULL, "%s", err.msg);
		goto out;
	}
	if (now != expect) {
		stale_reply(rq, rs, expect, now);
		goto out;
	}
	fx.old = srv->site; /* only writers change it, under the write lock */
	q->if_revision = expect;
	q->db = srv->db;
	q->in_tx = mark_fixed;
	q->in_tx_ctx = &fx;
	q->diag = open_memstream(&diag, &diag_len);
	rc = edit_run(st, &srv->pkg, q, &e, &err);
	fclose(q->diag);
	q->diag = NULL;
	if (rc) {
		if (e.refusal == EDIT_STALE)
			stale_reply(rq, rs, expect, e.revision);
		else if (e.refusal == EDIT_BAD_VALUE)
			value_error(rq, rs, &err, diag);
		else if (e.refusal == EDIT_BAD_REF)
			web_error(rq, rs, err.code == JY_ENOTFOUND ? 404 : 400,
				  err.code == JY_ENOTFOUND ? "not_found" : "bad_request", "key",
				  "%s", err.msg);
		else
			web_error(rq, rs, 500, "store", NULL, "%s", err.msg);
		goto out;
	}
	/* the site after it, with the statuses read again (the findings it
	 * fixed) */
	if (!(ns = web_site_from_pkg(srv, st, &err))) {
		web_error(rq, rs, 500, "store", NULL, "written (revision %ld), but: %s", e.revision,
			  err.msg);
		goto out;
	}
	*answer = json_pack("{s:I,s:s,s:o,s:o,s:o,s:o,s:O}", "revision", (json_int_t)e.revision,
			    "resource", schema_resources[e.r].name, "key",
			    json_loads(e.key, 0, NULL), "before",
			    e.before_json ? json_loads(e.before_json, 0, NULL) : json_null(),
			    "after", e.after_json ? json_loads(e.after_json, 0, NULL) : json_null(),
			    "findings", findings_json(ns), "fixed", fx.list);
	web_header(rq, rs, "ETag", arena_printf(rq->a, "%s", ns->etag));
	web_site_publish(srv, ns);
out:
	json_decref(fx.list);
	free(diag);
	edit_release(&e);
	store_close(st);
	return *answer ? 0 : 1;
}

static int edit_or_reply(struct web_req *rq, struct web_resp *rs, struct edit_req *q, long expect,
			 json_t **answer)
{
	*answer = NULL;
	q->by = rq->user.name;
	q->store = "jipyo serve";
	pthread_mutex_lock(&rq->srv->write_lock);
	int rc = edit_locked(rq, rs, q, expect, answer);
	pthread_mutex_unlock(&rq->srv->write_lock);
	return rc;
}

static void send(struct web_resp *rs, json_t *o, int status)
{
	char *text = json_dumps(o, JSON_COMPACT);
	rs->status = status;
	rs->ctype = "application/json";
	buf_adds(&rs->body, text);
	buf_addc(&rs->body, '\n');
	free(text);
	json_decref(o);
}

/* The reference of fact i as ref_parse reads it. */
static const char *fact_ref(struct web_req *rq, size_t i)
{
	const struct factset *fs = &rq->site->res.fs;
	const struct fact_info *f = &fs->facts[i];
	struct buf b;
	buf_init(&b);
	buf_addf(&b, "fact:%s", fs->measures[f->measure].id);
	if (*fact_coords(fs, f)) {
		buf_addc(&b, '{');
		for (const char *p = fact_coords(fs, f); *p; p++)
			buf_addc(&b, *p == ';' ? ',' : *p);
		buf_addc(&b, '}');
	}
	if (*fact_period(fs, f))
		buf_addf(&b, " @%s", fact_period(fs, f));
	if (*fact_table(fs, f))
		buf_addf(&b, " [%s]", fact_table(fs, f));
	buf_addf(&b, " kind=%s", fact_kind(fs, f));
	const char *r = arena_strdup(rq->a, b.data);
	buf_release(&b);
	return r;
}

const char *web_fact_ref(struct web_req *rq, size_t fact)
{
	return fact_ref(rq, fact);
}

/* Every member of o is one of allowed (comma-separated): 0, or answered. */
static int members_or_reply(struct web_req *rq, struct web_resp *rs, json_t *o, const char *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		size_t n = strlen(k);
		const char *p = strstr(allowed, k);
		int ok = 0;
		for (; p && !ok; p = strstr(p + 1, k))
			ok = (p == allowed || p[-1] == ',') && (p[n] == ',' || !p[n]);
		if (!ok) {
			web_error(rq, rs, 400, "bad_request", k,
				  "알 수 없는 항목 '%.64s' (unknown member; allowed: %s)", k,
				  allowed);
			return 1;
		}
	}
	return 0;
}

/* The fact a key object names in the site: its index, or -1 answered. */
static long fact_or_reply(struct web_req *rq, struct web_resp *rs, json_t *key)
{
	const struct factset *fs = &rq->site->res.fs;
	const char *measure, *period, *kind, *table;

	if (!json_is_object(key)) {
		web_error(rq, rs, 400, "bad_request", "key",
			  "key는 {measure, coords, period, kind, table} 객체입니다 (key is an "
			  "object)");
		return -1;
	}
	if (members_or_reply(rq, rs, key, "measure,coords,period,kind,table") ||
	    !(measure = web_string_or_reply(rq, rs, key, "measure", 1)) ||
	    !(period = web_string_or_reply(rq, rs, key, "period", 0)) ||
	    !(kind = web_string_or_reply(rq, rs, key, "kind", 1)) ||
	    !(table = web_string_or_reply(rq, rs, key, "table", 0)))
		return -1;
	json_t *coords = json_object_get(key, "coords");
	int mi = factset_measure(fs, measure);
	for (size_t k = 0; mi >= 0 && k < fs->measures[mi].n_facts; k++) {
		size_t i = fs->measures[mi].facts[k];
		const struct fact_info *f = &fs->facts[i];
		int ok = strcmp(fact_period(fs, f), period) == 0 &&
			 strcmp(fact_kind(fs, f), kind) == 0 &&
			 strcmp(fact_table(fs, f), table) == 0 &&
			 json_object_size(coords) == (size_t)fs->measures[mi].n_dims;
		for (int d = 0; ok && d < fs->measures[mi].n_dims; d++) {
			json_t *c = json_object_get(coords, fs->measures[mi].dims[d]);
			ok = json_is_string(c) &&
			     strcmp(json_string_value(c), fact_member(fs, f, d)) == 0;
		}
		if (ok)
			return (long)i;
	}
	web_error(rq, rs, 404, "not_found", "key", "그런 수치가 없습니다 (no fact has this key)");
	return -1;
}

/* PUT /api/facts {"key":{…},"value":"1,234","reason":"…"} with If-Match. */
void api_fact_edit(struct web_req *rq, struct web_resp *rs)
{
	json_t *o = web_body_or_reply(rq, rs), *answer;
	struct edit_req q = {.op = EDIT_CHANGE};
	long fact, expect;

	if (!o)
		return;
	if (members_or_reply(rq, rs, o, "key,value,reason") ||
	    (fact = fact_or_reply(rq, rs, json_object_get(o, "key"))) < 0 ||
	    !(q.value = web_string_or_reply(rq, rs, o, "value", 1)) ||
	    !(q.reason = web_string_or_reply(rq, rs, o, "reason", 0)))
		goto out;
	q.ref = fact_ref(rq, (size_t)fact);
	if (owned_or_reply(rq, rs, q.ref) || expect_or_reply(rq, rs, rq->if_match, &expect) ||
	    edit_or_reply(rq, rs, &q, expect, &answer))
		goto out;
	send(rs, answer, 200);
out:
	json_decref(o);
}

/* PUT /api/milestones/{node}/{seq} {"status","when","status_as_of","reason"}:
 * any of the three, in one edit. */
void api_milestone_edit(struct web_req *rq, struct web_resp *rs)
{
	static const char *const fields[] = {"status", "when", "status_as_of"};
	json_t *o = web_body_or_reply(rq, rs), *answer;
	struct edit_req q = {.op = EDIT_CHANGE};
	long expect;

	if (!o)
		return;
	if (members_or_reply(rq, rs, o, "status,when,status_as_of,reason") ||
	    !(q.reason = web_string_or_reply(rq, rs, o, "reason", 0)))
		goto out;
	for (int i = 0; i < 3; i++) {
		if (!json_object_get(o, fields[i]))
			continue;
		const char *v = web_string_or_reply(rq, rs, o, fields[i], 1);
		if (!v)
			goto out;
		if (!q.value) {
			q.ref = arena_printf(rq->a, "milestone:%s/%s.%s", rq->caps[0], rq->caps[1],
					     fields[i]);
			q.value = v;
		} else {
			q.more_fields[q.n_more] = fields[i];
			q.more_values[q.n_more++] = v;
		}
	}
	if (!q.value) {
		web_error(
			rq, rs, 400, "bad_request", "status",
			"status, when, status_as_of 중 하나는 있어야 합니다 (give status, when or "
			"status_as_of)");
		goto out;
	}
	if (owned_or_reply(rq, rs, q.ref) || expect_or_reply(rq, rs, rq->if_match, &expect) ||
	    edit_or_reply(rq, rs, &q, expect, &answer))
		goto out;
	send(rs, answer, 200);
out:
	json_decref(o);
}

/* PUT /api/texts/{node}/{section}/{seq} {"text","reason"}. */
void api_text_edit(struct web_req *rq, struct web_resp *rs)
{
	json_t *o = web_body_or_reply(rq, rs), *answer;
	struct edit_req q = {.op = EDIT_CHANGE};
	long expect;

	if (!o)
		return;
	if (members_or_reply(rq, rs, o, "text,reason") ||
	    !(q.value = web_string_or_reply(rq, rs, o, "text", 1)) ||
	    !(q.reason = web_string_or_reply(rq, rs, o, "reason", 0)))
		goto out;
	q.ref = arena_printf(rq->a, "text:%s/%s/%s.text", rq->caps[0], rq->caps[1], rq->caps[2]);
	if (owned_or_reply(rq, rs, q.ref) || expect_or_reply(rq, rs, rq->if_match, &expect) ||
	    edit_or_reply(rq, rs, &q, expect, &answer))
		goto out;
	send(rs, answer, 200);
out:
	json_decref(o);
}

/* The finding of rule at target in the site, or NULL answered 404. */
static const struct site_finding *finding_or_reply(struct web_req *rq, struct web_resp *rs,
						   const char *rule, const char *target)
{
	for (size_t k = 0; k < rq->site->n_findings; k++) {
		const struct site_finding *sf = &rq->site->findings[k];
		if (strcmp(site_finding_rule(rq->site, sf), rule) == 0 &&
		    strcmp(sf->target, target) == 0)
			return sf;
	}
	web_error(rq, rs, 404, "not_found", "target",
		  "그런 지적이 없습니다 (no finding of this rule at this target)");
	return NULL;
}

/* Sets a finding's status (open or acknowledged): 0 with the new revision,
 * or answered. */
static int status_or_reply(struct web_req *rq, struct web_resp *rs, const char *rule,
			   const char *target, const char *status, const char *reason, long expect,
			   long *revision)
{
	const struct site_finding *sf = finding_or_reply(rq, rs, rule, target);
	struct owned_row row = {OWNED_FACT, NULL, NULL};
	struct jy_err err;
	struct store *st = NULL;
	int stale = 0, rc;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!sf)
		return 1;
	if (strcmp(status, "open") != 0 && strcmp(status, "acknowledged") != 0) {
		web_error(rq, rs, 400, "bad_request", "status",
			  "status는 open 또는 acknowledged입니다 (status is open or acknowledged; "
			  "fixed is what an edit does)");
		return 1;
	}
	if (strcmp(status, "acknowledged") == 0 && !*reason) {
		web_error(
			rq, rs, 400, "bad_request", "reason",
			"확인(acknowledged)에는 사유가 필요합니다 (acknowledging needs a reason)");
		return 1;
	}
	if (sf->fact >= 0)
		row.unit = site_fact_unit(rq->site, (size_t)sf->fact, &row.node);
	else if (sf->node)
		row = (struct owned_row){OWNED_NODE, NULL, sf->node};
	if (!auth_may_write(&rq->site->m, &rq->user, &row)) {
		web_error(rq, rs, 403, "forbidden", "target",
			  "이 지적은 다른 부서의 것입니다 (this finding belongs to another unit)");
		return 1;
	}
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct finding_status v = {rule, target, status, reason, rq->user.name, at, 0};
	pthread_mutex_lock(&rq->srv->write_lock);
	rc = store_open_existing(rq->srv->db, &st, &err);
	if (!rc)
		rc = status_set(st, &v, expect, revision, &stale, &err);
	long current = expect + 1;
	if (!rc && rq->srv->pkg.revision == expect)
		rq->srv->pkg.revision = *revision; /* the model is as it was */
	if (!rc || stale) {
		struct site *ns = web_site_from_pkg(rq->srv, st, &err);
		if (ns) {
			current = ns->revision;
			web_site_publish(rq->srv, ns);
		}
	}
	store_close(st);
	pthread_mutex_unlock(&rq->srv->write_lock);
	if (stale)
		return stale_reply(rq, rs, expect, current);
	if (rc) {
		web_error(rq, rs, 500, "store", NULL, "%s", err.msg);
		return 1;
	}
	web_header(rq, rs, "ETag", arena_printf(rq->a, "\"%ld\"", *revision));
	return 0;
}

/* PUT /api/findings/status {"rule","target","status","reason"}. */
void api_finding_status(struct web_req *rq, struct web_resp *rs)
{
	json_t *o = web_body_or_reply(rq, rs);
	const char *rule, *target, *status, *reason;
	long expect, revision;

	if (!o)
		return;
	if (!members_or_reply(rq, rs, o, "rule,target,status,reason") &&
	    (rule = web_string_or_reply(rq, rs, o, "rule", 1)) &&
	    (target = web_string_or_reply(rq, rs, o, "target", 1)) &&
	    (status = web_string_or_reply(rq, rs, o, "status", 1)) &&
	    (reason = web_string_or_reply(rq, rs, o, "reason", 0)) &&
	    !expect_or_reply(rq, rs, rq->if_match, &expect) &&
	    !status_or_reply(rq, rs, rule, target, status, reason, expect, &revision))
		send(rs,
		     json_pack("{s:I,s:s,s:s,s:s,s:s}", "revision", (json_int_t)revision, "rule",
			       rule, "target", target, "status", status, "reason", reason),
		     200);
	json_decref(o);
}

/* ---- the history ---------------------------------------------------------------- */

struct walk {
	const char *resource, *key; /* NULL: every entry */
	json_t *items;
};

static json_t *parse_or_null(const char *text)
{
	json_t *v = text && *text ? json_loads(text, 0, NULL) : NULL;
	return v ? v : json_null();
}

static int keep_entry(void *ctx, const struct history_entry *h)
{
	struct walk *w = ctx;
	if (w->resource && (strcmp(h->resource, w->resource) != 0 || strcmp(h->key, w->key) != 0))
		return 0;
	json_array_append_new(w->items,
			      json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s}", "seq",
					(json_int_t)h->seq, "revision", (json_int_t)h->revision,
					"at", h->at, "by", h->by, "resource", h->resource, "key",
					parse_or_null(h->key), "before", parse_or_null(h->before),
					"after", parse_or_null(h->after), "reason", h->reason,
					"hash", h->hash));
	return 0;
}

/* The entries of the row ref names (every entry when ref is NULL), newest
 * first: an array, or NULL answered. */
json_t *web_history_or_reply(struct web_req *rq, struct web_resp *rs, const char *ref_text)
{
	struct walk w = {NULL, NULL, json_array()};
	struct store *st = NULL;
	struct jy_err err;
	struct ref ref;
	size_t row;

	if (ref_text) {
		if (ref_parse(ref_text, &ref, &err)) {
			web_error(rq, rs, 400, "bad_request", "ref", "%.200s: %s", ref_text,
				  err.msg);
			goto fail;
		}
		if (ref_find(&rq->site->m, &ref, &row, 1) != 1) {
			web_error(rq, rs, 404, "not_found", "ref",
				  "그런 행이 없습니다 (no row has this key: %.200s)", ref_text);
			goto fail;
		}
		char *key = store_key_json(&rq->site->m.tables[ref.r], row);
		w.key = arena_strdup(rq->a, key);
		free(key);
		w.resource = schema_resources[ref.r].name;
	}
	if (store_open_existing(rq->srv->db, &st, &err) ||
	    store_history_list(st, keep_entry, &w, &err)) {
		web_error(rq, rs, 500, "store", NULL, "%s", err.msg);
		goto fail;
	}
	store_close(st);
	/* newest first */
	size_t n = json_array_size(w.items);
	json_t *rev = json_array();
	for (size_t i = n; i-- > 0;)
		json_array_append(rev, json_array_get(w.items, i));
	json_decref(w.items);
	return rev;
fail:
	store_close(st);
	json_decref(w.items);
	return NULL;
}

void api_history(struct web_req *rq, struct web_resp *rs)
{
	json_t *items = web_history_or_reply(rq, rs, query_get(&rq->q, "ref"));
	const char *pg = query_get(&rq->q, "page"), *pp = query_get(&rq->q, "per_page");
	long page = pg ? atol(pg) : 1, per = pp ? atol(pp) : JY_API_PAGE_DEFAULT;

	if (!items)
		return;
	if (page < 1 || per < 1 || per > JY_API_PAGE_MAX) {
		json_decref(items);
		web_error(rq, rs, 400, "bad_request", page < 1 ? "page" : "per_page",
			  "page와 per_page는 1 이상의 정수입니다 (page and per_page are integers "
			  "from 1; per_page to %d)",
			  JY_API_PAGE_MAX);
		return;
	}
	size_t total = json_array_size(items), from = (size_t)(page - 1) * (size_t)per;
	json_t *out = json_array();
	for (size_t i = from; i < total && i < from + (size_t)per; i++)
		json_array_append(out, json_array_get(items, i));
	json_decref(items);
	send(rs,
	     json_pack("{s:o,s:I,s:I,s:I}", "items", out, "page", (json_int_t)page, "per_page",
		       (json_int_t)per, "total", (json_int_t)total),
	     200);
}

/* ---- the forms ------------------------------------------------------------------ */

/* REF as the form has it: the 위치 of a finding on these pages, or a fact's
 * description as check's table and the reports print it ("인력현황 표: 정원
 * (경제정책과·합계) ’22.8.29.", render/describe.h), becomes its reference; a
 * reference stays as it is. NULL answered (400) when no fact or several
 * are described so. */
static const char *described_ref(struct web_req *rq, struct web_resp *rs, const char *ref)
{
	struct site *s = rq->site;
	struct describer d;
	struct jy_err err;
	struct buf b;
	const char *out = ref;

	if (!describe_is_words(ref))
		return ref;
	/* the 위치 of a finding on these pages: its stated figure */
	long fact = -1;
	int many = 0;
	for (size_t i = 0; i < s->n_findings; i++) {
		const struct site_finding *sf = &s->findings[i];
		if (sf->fact < 0 || !describe_same_words(sf->where_ko, ref))
			continue;
		many |= fact >= 0 && fact != sf->fact;
		fact = sf->fact;
	}
	if (fact >= 0 && !many)
		return fact_ref(rq, (size_t)fact);
	describer_borrow(&d, &s->m, &s->res.fs, &s->o.labels);
	buf_init(&b);
	if (describe_resolve(&d, ref, &b, &err)) {
		web_error(rq, rs, 400, "bad_request", "ref", "%s", err.msg);
		out = NULL;
	} else {
		out = arena_strdup(rq->a, b.data);
	}
	buf_release(&b);
	return out;
}

/* POST /edit (the program page's forms): csrf, revision, ref, value, and
 * for a milestone when and status_as_of; back to the program page. */
void page_edit_post(struct web_req *rq, struct web_resp *rs)
{
	struct query f;
	struct jy_err err;
	struct edit_req q = {.op = EDIT_CHANGE};
	json_t *answer;
	long expect;

	if (query_parse(rq->body ? rq->body : "", rq->body_len,
			"csrf,revision,ref,value,when,status_as_of,reason,back", rq->a, &f, &err)) {
		web_error_input(rq, rs, &err);
		return;
	}
	q.ref = query_get(&f, "ref");
	q.value = query_get(&f, "value");
	q.reason = query_get(&f, "reason");
	if (!q.ref || !q.value) {
		web_error(rq, rs, 400, "bad_request", "value",
			  "고칠 행과 값이 필요합니다 (the form needs ref and value)");
		return;
	}
	if (!(q.ref = described_ref(rq, rs, q.ref)))
		return;
	const char *more[] = {"when", "status_as_of"};
	for (int i = 0; i < 2; i++)
		if (query_get(&f, more[i]) && strncmp(q.ref, "milestone:", 10) == 0) {
			q.more_fields[q.n_more] = more[i];
			q.more_values[q.n_more++] = query_get(&f, more[i]);
		}
	if (owned_or_reply(rq, rs, q.ref) ||
	    expect_or_reply(rq, rs, query_get(&f, "revision"), &expect) ||
	    edit_or_reply(rq, rs, &q, expect, &answer))
		return;
	const char *back = query_get(&f, "back");
	long rev = (long)json_integer_value(json_object_get(answer, "revision"));
	json_decref(answer);
	rs->status = 303;
	web_header(rq, rs, "Location",
		   back && site_node_row(rq->site, back) >= 0
			   ? arena_printf(rq->a, "/programs/%s?saved=%ld#edit", back, rev)
			   : "/findings");
}
