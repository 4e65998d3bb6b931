/*
 * test_web.c - the web server's parts that need no network: the route
 * table's matching, URI and query parsing (what every request goes
 * through first), the ownership predicate, sessions and throttling.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "model/model.h"
#include "web/auth.h"
#include "web/route.h"
#include "web/web.h"

static struct arena A;

static void setup(void)
{
	arena_init(&A);
}

static void teardown(void)
{
	arena_release(&A);
}

TestSuite(web, .init = setup, .fini = teardown);

static size_t match(unsigned method, const char *path, const char **caps, int *n, unsigned *allowed)
{
	return route_match(web_routes, web_n_routes, method, path, &A, caps, n, allowed);
}

Test(web, route_table_ends_in_the_404_row)
{
	cr_assert_null(web_routes[web_n_routes - 1].pattern);
	for (size_t i = 0; i + 1 < web_n_routes; i++)
		cr_assert_not_null(web_routes[i].pattern, "row %zu", i);
}

Test(web, routes_capture_one_segment)
{
	const char *caps[JY_HTTP_CAPTURES_MAX];
	int n;
	unsigned allowed;
	size_t i = match(HTTP_GET, "/api/units/econ-office", caps, &n, &allowed);
	cr_assert_str_eq(web_routes[i].pattern, "/api/units/{}");
	cr_assert_eq(n, 1);
	cr_assert_str_eq(caps[0], "econ-office");
	/* HEAD wherever GET */
	i = match(HTTP_HEAD, "/api/units", caps, &n, &allowed);
	cr_assert_str_eq(web_routes[i].pattern, "/api/units");
	/* a segment more matches nothing: the 404 row */
	i = match(HTTP_GET, "/api/units/a/b", caps, &n, &allowed);
	cr_assert_eq(i, web_n_routes - 1);
	cr_assert_eq(allowed, 0);
}

Test(web, wrong_method_is_405_with_what_is_allowed)
{
	const char *caps[JY_HTTP_CAPTURES_MAX];
	int n;
	unsigned allowed;
	size_t i = match(HTTP_DELETE, "/api/units", caps, &n, &allowed);
	cr_assert_eq(i, web_n_routes - 1);
	cr_assert(allowed & HTTP_GET);
	i = match(HTTP_PATCH, "/api/session", caps, &n, &allowed);
	cr_assert_eq(allowed & (HTTP_GET | HTTP_POST | HTTP_DELETE),
		     HTTP_GET | HTTP_POST | HTTP_DELETE);
}

Test(web, uri_split_and_decoded)
{
	const char *path, *query;
	struct jy_err err;
	cr_assert_eq(route_split_uri("/programs/a1%2Dp1?lang=en&x", &A, &path, &query, &err), 0);
	cr_assert_str_eq(path, "/programs/a1-p1");
	cr_assert_str_eq(query, "lang=en&x");
	cr_assert_eq(route_split_uri("/", &A, &path, &query, &err), 0);
	cr_assert_str_eq(path, "/");
	cr_assert_str_eq(query, "");
	static const char *bad[] = {"nopath", "/a/../b", "/a//b", "/a/./b", "/a%00b",
				    "/a%zz",  "/a%",	 "/a%4",  "/%ff",   "/a/"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		cr_assert_eq(route_split_uri(bad[k], &A, &path, &query, &err), JY_EINPUT, "%s",
			     bad[k]);
		cr_assert_str_eq(err.field, "uri");
	}
}

Test(web, query_allow_list)
{
	struct query q;
	struct jy_err err;
	const char *qs = "page=2&per_page=10&measure=a+b%2Bc";
	cr_assert_eq(query_parse(qs, strlen(qs), "page,per_page,measure", &A, &q, &err), 0);
	cr_assert_eq(q.n, 3);
	cr_assert_str_eq(query_get(&q, "measure"), "a b+c");
	cr_assert_null(query_get(&q, "kind"));
	/* not allowed, given twice, malformed: refused, naming the parameter */
	qs = "page=1&evil=1";
	cr_assert_eq(query_parse(qs, strlen(qs), "page", &A, &q, &err), JY_EINPUT);
	cr_assert_str_eq(err.field, "evil");
	qs = "page=1&page=2";
	cr_assert_eq(query_parse(qs, strlen(qs), "page", &A, &q, &err), JY_EINPUT);
	cr_assert_str_eq(err.field, "page");
	qs = "page=%zz";
	cr_assert_eq(query_parse(qs, strlen(qs), "page", &A, &q, &err), JY_EINPUT);
	qs = "page=%0a";
	cr_assert_eq(query_parse(qs, strlen(qs), "page", &A, &q, &err), JY_EINPUT);
	qs = "=1";
	cr_assert_eq(query_parse(qs, strlen(qs), "page", &A, &q, &err), JY_EINPUT);
	/* the length given is what is read */
	qs = "page=1&evil=1";
	cr_assert_eq(query_parse(qs, 6, "page", &A, &q, &err), 0);
	cr_assert_str_eq(query_get(&q, "page"), "1");
}

Test(web, query_count_bounded)
{
	struct query q;
	struct jy_err err;
	struct buf b;
	buf_init(&b);
	for (int i = 0; i <= JY_HTTP_ARGS_MAX; i++)
		buf_addf(&b, "%sa%d=1", i ? "&" : "", i);
	char allowed[1024] = "";
	for (int i = 0; i <= JY_HTTP_ARGS_MAX; i++)
		snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%sa%d",
			 i ? "," : "", i);
	cr_assert_eq(query_parse(b.data, b.len, allowed, &A, &q, &err), JY_EINPUT);
	buf_release(&b);
}

/* ---- ownership ----------------------------------------------------------- */

static struct model M;

static void unit(const char *id, const char *parent, const char *kind)
{
	const char *v[] = {id, parent, kind, "1", id, id, "", ""};
	model_add_row(&M, RES_UNITS, v, 0);
}

static void node(const char *id, const char *parent, const char *owner)
{
	const char *v[] = {id, parent, "program", "1", "", id, id, owner, ""};
	model_add_row(&M, RES_NODES, v, 0);
}

static struct web_user user(unsigned role, const char *u)
{
	struct web_user w = {0};
	w.role = role;
	snprintf(w.unit, sizeof(w.unit), "%s", u);
	snprintf(w.name, sizeof(w.name), "t");
	return w;
}

static void org(void)
{
	model_init(&M);
	unit("office", "", "office");
	unit("div-a", "office", "division");
	unit("div-b", "office", "division");
	unit("team-a1", "div-a", "team");
	node("area", "", "office");
	node("prog-a", "area", "div-a");
	node("sub-a", "prog-a", ""); /* owned through its parent */
	node("prog-b", "area", "div-b");
	node("prog-t", "area", "team-a1");
}

Test(web, ownership_editor_writes_its_units_rows_only)
{
	org();
	struct web_user ed = user(ROLE_EDITOR, "div-a");
	struct owned_row r;

	r = (struct owned_row){OWNED_FACT, "div-a", NULL};
	cr_assert(auth_may_write(&M, &ed, &r), "its own unit");
	r = (struct owned_row){OWNED_FACT, "team-a1", NULL};
	cr_assert(auth_may_write(&M, &ed, &r), "a child of its unit");
	r = (struct owned_row){OWNED_FACT, "div-b", NULL};
	cr_assert_not(auth_may_write(&M, &ed, &r), "another division");
	r = (struct owned_row){OWNED_FACT, "office", NULL};
	cr_assert_not(auth_may_write(&M, &ed, &r), "its parent");
	r = (struct owned_row){OWNED_FACT, NULL, "prog-a"};
	cr_assert(auth_may_write(&M, &ed, &r), "a fact of a node it owns");
	r = (struct owned_row){OWNED_FACT, NULL, "prog-b"};
	cr_assert_not(auth_may_write(&M, &ed, &r), "a fact of another's node");
	r = (struct owned_row){OWNED_FACT, NULL, NULL};
	cr_assert_not(auth_may_write(&M, &ed, &r), "neither: the planning team's");
	r = (struct owned_row){OWNED_NODE, NULL, "sub-a"};
	cr_assert(auth_may_write(&M, &ed, &r), "a node owned through its parent");
	r = (struct owned_row){OWNED_NODE, NULL, "prog-t"};
	cr_assert(auth_may_write(&M, &ed, &r), "a node of a team below it");
	r = (struct owned_row){OWNED_NODE, NULL, "prog-b"};
	cr_assert_not(auth_may_write(&M, &ed, &r));
	r = (struct owned_row){OWNED_NODE, NULL, "nonexistent"};
	cr_assert_not(auth_may_write(&M, &ed, &r));
	model_release(&M);
}

Test(web, ownership_by_role)
{
	org();
	struct owned_row any = {OWNED_FACT, NULL, NULL}, a = {OWNED_FACT, "div-a", NULL};
	struct web_user planner = user(ROLE_PLANNER, ""), admin = user(ROLE_ADMIN, ""),
			viewer = user(ROLE_VIEWER, ""), pub = user(ROLE_PUBLIC, ""),
			unitless = user(ROLE_EDITOR, "");
	cr_assert(auth_may_write(&M, &planner, &any));
	cr_assert(auth_may_write(&M, &admin, &any));
	cr_assert_not(auth_may_write(&M, &viewer, &a));
	cr_assert_not(auth_may_write(&M, &pub, &a));
	cr_assert_not(auth_may_write(&M, &unitless, &a));
	model_release(&M);
}

Test(web, ownership_survives_a_cycle_in_the_unit_tree)
{
	model_init(&M);
	unit("x", "y", "division");
	unit("y", "x", "division");
	struct web_user ed = user(ROLE_EDITOR, "z");
	struct owned_row r = {OWNED_FACT, "x", NULL};
	cr_assert_not(auth_may_write(&M, &ed, &r));
	model_release(&M);
}

/* ---- sessions and throttling -------------------------------------------- */

Test(web, sessions_and_csrf)
{
	struct jy_err err;
	struct web_user u = user(ROLE_VIEWER, ""), got;
	struct session_view s, found;
	cr_assert_eq(auth_init(&err), 0);
	auth_session_new(&u, 1000, &s);
	cr_assert_eq(strlen(s.token), AUTH_TOKEN_HEX);
	cr_assert_str_neq(s.token, s.csrf);
	cr_assert(auth_session_find(s.token, 1001, &got, &found));
	cr_assert_eq(got.role, ROLE_VIEWER);
	cr_assert(auth_csrf_ok(&found, s.csrf));
	cr_assert_not(auth_csrf_ok(&found, s.token));
	cr_assert_not(auth_csrf_ok(&found, NULL));
	cr_assert_not(auth_csrf_ok(&found, ""));
	/* idle too long: gone */
	cr_assert_not(auth_session_find(s.token, 1001 + JY_SESSION_IDLE_S + 1, &got, &found));
	auth_session_new(&u, 5000, &s);
	auth_session_drop(s.token);
	cr_assert_not(auth_session_find(s.token, 5001, &got, &found));
	cr_assert_not(auth_session_find("not-a-token", 5001, &got, &found));
}

/* The index by a hash of the token: every session of a full table is found,
 * the least recently used goes first when the table is full, a dropped one
 * in the middle of a bucket leaves the others found. */
Test(web, sessions_indexed_when_the_table_is_full)
{
	struct jy_err err;
	struct web_user u = user(ROLE_VIEWER, ""), got;
	struct session_view found;
	enum { N = JY_SESSIONS_MAX + 8 };
	static struct session_view s[N];
	cr_assert_eq(auth_init(&err), 0);
	for (int i = 0; i < N; i++) {
		snprintf(u.name, sizeof(u.name), "user%d", i);
		auth_session_new(&u, 1000 + i, &s[i]);
	}
	/* the first 8 were the least recently used when the table was full */
	for (int i = 0; i < 8; i++)
		cr_assert_not(auth_session_find(s[i].token, 2000 + N, &got, &found), "%d", i);
	for (int i = 8; i < N; i++) {
		cr_assert(auth_session_find(s[i].token, 2000 + N, &got, &found), "%d", i);
		char name[32];
		snprintf(name, sizeof(name), "user%d", i);
		cr_assert_str_eq(got.name, name);
		cr_assert_str_eq(found.csrf, s[i].csrf);
	}
	/* every other one dropped: the rest still found, the dropped not */
	for (int i = 8; i < N; i += 2)
		auth_session_drop(s[i].token);
	for (int i = 8; i < N; i++)
		cr_assert_eq(auth_session_find(s[i].token, 2001 + N, &got, &found), i % 2, "%d", i);
	/* and the free slots are used again */
	auth_session_new(&u, 3000, &s[0]);
	cr_assert(auth_session_find(s[0].token, 3001, &got, &found));
	auth_sessions_clear();
	cr_assert_not(auth_session_find(s[0].token, 3001, &got, &found));
}

Test(web, login_throttled_per_name_and_address)
{
	time_t t = 100000;
	cr_assert_eq(auth_throttle_wait("kim", "10.0.0.1", t), 0);
	for (int i = 0; i < JY_LOGIN_FAILURES_MAX; i++)
		auth_throttle_fail("kim", "10.0.0.1", t);
	cr_assert_gt(auth_throttle_wait("kim", "10.0.0.2", t + 1), 0, "the name is held");
	cr_assert_gt(auth_throttle_wait("lee", "10.0.0.1", t + 1), 0, "the address is held");
	cr_assert_eq(auth_throttle_wait("lee", "10.0.0.2", t + 1), 0);
	cr_assert_eq(auth_throttle_wait("kim", "10.0.0.2", t + JY_LOGIN_WINDOW_S + 1), 0,
		     "the window passes");
}

Test(web, passwords_argon2id)
{
	struct jy_err err;
	char hash[160];
	cr_assert_eq(auth_init(&err), 0);
	cr_assert_eq(auth_hash_password("correct horse", hash, sizeof(hash), &err), 0);
	cr_assert(strncmp(hash, "$argon2id$", 10) == 0);
	cr_assert(auth_verify_password(hash, "correct horse"));
	cr_assert_not(auth_verify_password(hash, "correct horsE"));
	cr_assert_eq(auth_hash_password("short", hash, sizeof(hash), &err), JY_EINPUT);
	cr_assert_str_eq(err.field, "password");
}

/* ---- the site ------------------------------------------------------------- */

#include "pkg/pkg.h"
#include "web/site.h"

/* A node's part of the report is rendered once: rendering on every request
 * allocated in the outline's arena each time (section numbers), growing a
 * long-running server without bound. */
Test(web, site_renders_each_node_once)
{
	struct site s;
	struct jy_err err;
	FILE *devnull = fopen("/dev/null", "w");

	site_init(&s);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &s.m, &err), 0, "%s", err.msg);
	cr_assert_eq(site_build(&s, NULL, devnull, &err), 0, "%s", err.msg);
	long work = site_outline_node(&s, "work");
	cr_assert_geq(work, 0);
	const struct buf *a = site_node_html(&s, (size_t)work);
	const char *first = a->data;
	size_t len = a->len;
	cr_assert_gt(len, 1000);
	cr_assert(strstr(first, "<table") != NULL, "the tables as the report prints them");
	const struct buf *b = site_node_html(&s, (size_t)work);
	cr_assert_eq(b->data, first, "the same bytes, not rendered again");
	cr_assert_eq(b->len, len);
	/* what people read: no table ids in the captions */
	cr_assert_null(strstr(first, "표 Table ·"));
	site_release(&s);
	fclose(devnull);
}

/* Findings are placed in the table's own terms and assigned to a unit. */
Test(web, site_findings_in_table_terms)
{
	struct site s;
	struct jy_err err;
	FILE *devnull = fopen("/dev/null", "w");

	site_init(&s);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &s.m, &err), 0, "%s", err.msg);
	cr_assert_eq(site_build(&s, NULL, devnull, &err), 0, "%s", err.msg);
	cr_assert_gt(s.n_findings, 0);
	for (size_t k = 0; k < s.n_findings; k++) {
		const struct site_finding *f = &s.findings[k];
		cr_assert_eq(f->number, k + 1);
		cr_assert_not_null(f->unit, "finding %zu assigned", k + 1);
		cr_assert_geq(site_unit_row(&s, f->unit), 0);
		cr_assert_null(strchr(f->where_ko, '{'), "%s", f->where_ko);
		cr_assert_null(strstr(f->where_ko, "2022-"), "%s", f->where_ko);
	}
	site_release(&s);
	fclose(devnull);
}
