/*
 * route.h - the route table's row and the parsing of what a request names:
 * its path, matched against the table, and its query or form parameters,
 * checked against the route's allow-list. Nothing here touches the network,
 * so the fuzzer (fuzz/fuzz_route.c) and the unit tests drive it directly.
 *
 * The one route table is in routes.c; DESIGN.md "The web application".
 */
#ifndef JY_WEB_ROUTE_H
#define JY_WEB_ROUTE_H

#include <stddef.h>

#include "base/err.h"
#include "base/limits.h"
#include "base/mem.h"

enum http_method {
	HTTP_GET = 1u << 0,
	HTTP_HEAD = 1u << 1,
	HTTP_POST = 1u << 2,
	HTTP_PUT = 1u << 3,
	HTTP_PATCH = 1u << 4,
	HTTP_DELETE = 1u << 5,
	HTTP_OTHER = 1u << 6
};

/* Who may call a route. ROLE_PUBLIC is anybody without a session when the
 * server runs with --public (read routes only). */
enum web_role {
	ROLE_VIEWER = 1u << 0,
	ROLE_EDITOR = 1u << 1,
	ROLE_PLANNER = 1u << 2,
	ROLE_ADMIN = 1u << 3,
	ROLE_PUBLIC = 1u << 4,
	ROLE_ANON = 1u << 5 /* nobody logged in, --public or not: the login routes */
};
#define ROLES_STAFF (ROLE_VIEWER | ROLE_EDITOR | ROLE_PLANNER | ROLE_ADMIN)
#define ROLES_READ (ROLES_STAFF | ROLE_PUBLIC)
#define ROLES_ALL (ROLES_READ | ROLE_ANON)

/* Route flags. */
enum {
	ROUTE_API = 1u << 0,  /* answers JSON errors (else an HTML page) */
	ROUTE_WRITE = 1u << 1 /* changes state: needs the session's CSRF token */
};

struct web_req;
struct web_resp;
typedef void (*web_handler)(struct web_req *rq, struct web_resp *rs);

struct route {
	unsigned methods;    /* enum http_method bits */
	const char *pattern; /* "/api/units/{}": {} is one segment; NULL: any path (the 404 row) */
	web_handler fn;
	unsigned roles;	    /* enum web_role bits */
	const char *params; /* allowed query parameters, "a,b,c"; "" none */
	unsigned flags;
};

struct query {
	const char *names[JY_HTTP_ARGS_MAX];
	const char *values[JY_HTTP_ARGS_MAX];
	int n;
};

/* The method's bit, HTTP_OTHER for any other. */
unsigned route_method(const char *method);

/* Splits a request URI into its path, percent-decoded (NUL, a bad escape,
 * invalid UTF-8, a ".." or empty segment are refused), and its raw query
 * ("" when none). Allocates in a. JY_EINPUT with err set when refused. */
int route_split_uri(const char *uri, struct arena *a, const char **path, const char **query,
		    struct jy_err *err);

/* The row of table[0..n) for method and path: the first whose pattern
 * matches and that allows the method. caps[] gets the captured segments.
 * When the path matches rows but none allows the method, *allowed is the
 * methods they allow (405) and the last row is returned; when nothing
 * matches, *allowed is 0 and the last row (the 404 row) is returned. */
size_t route_match(const struct route *table, size_t n, unsigned method, const char *path,
		   struct arena *a, const char **caps, int *n_caps, unsigned *allowed);

/* Parses "a=1&b=x%20y" (form encoding: '+' is a space) into q, allocating
 * in a. Every name must be in allowed ("a,b"), at most once, and names and
 * values valid UTF-8 without NUL or control characters: otherwise
 * JY_EINPUT with err->field the parameter. */
int query_parse(const char *qs, size_t len, const char *allowed, struct arena *a, struct query *q,
		struct jy_err *err);
/* The value of name, or NULL. */
const char *query_get(const struct query *q, const char *name);

/* Is name one of the comma-separated list? */
int route_list_has(const char *list, const char *name, size_t name_len);

#endif
