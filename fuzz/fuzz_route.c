/*
 * fuzz_route.c - libFuzzer target for what every request to `jipyo serve`
 * goes through first (src/web/route.c): the URI split and decoded, the path
 * matched against the route table, the query and a form body parsed against
 * an allow-list.
 *
 * Any input must be refused with a message or give: a path that starts
 * with '/', is valid UTF-8 without control characters and has no empty,
 * "." or ".." segment; a row of the table (the last is the 404 row) whose
 * captures are non-empty segments without '/'; parameters that the
 * allow-list names, each once, at most JY_HTTP_ARGS_MAX, valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "web/route.h"
#include "web/web.h"

static void check_text(const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			abort();
	if (!utf8_valid(s, strlen(s), NULL))
		abort();
}

static void check_query(const struct query *q, const char *allowed)
{
	if (q->n < 0 || q->n > JY_HTTP_ARGS_MAX)
		abort();
	for (int i = 0; i < q->n; i++) {
		check_text(q->names[i]);
		check_text(q->values[i]);
		if (!*q->names[i] || !route_list_has(allowed, q->names[i], strlen(q->names[i])))
			abort();
		for (int j = 0; j < i; j++)
			if (strcmp(q->names[i], q->names[j]) == 0)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned methods[] = {HTTP_GET,   HTTP_HEAD,   HTTP_POST, HTTP_PUT,
					   HTTP_PATCH, HTTP_DELETE, HTTP_OTHER};
	struct arena a;
	struct jy_err err;
	const char *path, *query, *caps[JY_HTTP_CAPTURES_MAX];
	struct query q;
	int n_caps;
	unsigned allowed;

	if (size < 1)
		return 0;
	unsigned method = methods[data[0] % 7];
	char *uri = malloc(size);
	memcpy(uri, data + 1, size - 1);
	uri[size - 1] = 0;
	arena_init(&a);
	if (route_split_uri(uri, &a, &path, &query, &err) == 0) {
		if (path[0] != '/' || strstr(path, "//") || strstr(path, "/./") ||
		    strstr(path, "/../"))
			abort();
		check_text(path);
		size_t i = route_match(web_routes, web_n_routes, method, path, &a, caps, &n_caps,
				       &allowed);
		if (i >= web_n_routes || n_caps < 0 || n_caps > JY_HTTP_CAPTURES_MAX)
			abort();
		for (int k = 0; k < n_caps; k++)
			if (!*caps[k] || strchr(caps[k], '/') || strlen(caps[k]) > JY_ID_BYTES_MAX)
				abort();
		if (web_routes[i].pattern &&
		    !((web_routes[i].methods | (web_routes[i].methods & HTTP_GET ? HTTP_HEAD : 0)) &
		      method))
			abort();
		if (query_parse(query, strlen(query), web_routes[i].params, &a, &q, &err) == 0)
			check_query(&q, web_routes[i].params);
		else if (!err.msg[0])
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	/* the whole input as a form body (not NUL-terminated: the length rules) */
	const char *list = "name,password,csrf,a,b";
	if (query_parse((const char *)data, size, list, &a, &q, &err) == 0)
		check_query(&q, list);
	arena_release(&a);
	free(uri);
	return 0;
}
