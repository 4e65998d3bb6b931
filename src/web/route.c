/*
 * route.c - path matching and query parsing (see route.h).
 *
 * Input here is whatever a client sent, so every byte is checked before it
 * is kept: lengths against limits.h, escapes decoded once, the result valid
 * UTF-8 without control characters. What is refused says which parameter.
 */
#include "route.h"

#include <assert.h>
#include <string.h>

#include "base/utf8.h"

unsigned route_method(const char *method)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {{"GET", HTTP_GET}, {"HEAD", HTTP_HEAD},   {"POST", HTTP_POST},
		     {"PUT", HTTP_PUT}, {"PATCH", HTTP_PATCH}, {"DELETE", HTTP_DELETE}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(method, names[i].name) == 0)
			return names[i].bit;
	return HTTP_OTHER;
}

int route_list_has(const char *list, const char *name, size_t name_len)
{
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == name_len && memcmp(p, name, len) == 0)
			return 1;
		p += len + (comma ? 1 : 0);
	}
	return 0;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) into a NUL-terminated string in a; NULL when an escape is
 * malformed or the result holds a control character or invalid UTF-8. */
static char *decode(const char *s, size_t n, int plus_space, struct arena *a)
{
	char *out = arena_bytes(a, n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int hi = i + 2 < n ? hex(s[i + 1]) : -1,
			    lo = i + 2 < n ? hex(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return NULL;
			c = (unsigned char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c < 0x20 || c == 0x7f)
			return NULL;
		*o++ = (char)c;
	}
	*o = 0;
	if (!utf8_valid(out, (size_t)(o - out), NULL))
		return NULL;
	return out;
}

int route_split_uri(const char *uri, struct arena *a, const char **path, const char **query,
		    struct jy_err *err)
{
	size_t len = strnlen(uri, JY_HTTP_URI_BYTES_MAX + 1);
	const char *q;
	size_t plen;

	if (len > JY_HTTP_URI_BYTES_MAX)
		return jy_err_at(err, JY_EINPUT, NULL, 0, 0, "uri",
				 "주소가 너무 깁니다 (the address is longer than %d bytes)",
				 JY_HTTP_URI_BYTES_MAX);
	if (uri[0] != '/')
		return jy_err_at(err, JY_EINPUT, NULL, 0, 0, "uri",
				 "주소는 /로 시작해야 합니다 (the path must start with /)");
	q = memchr(uri, '?', len);
	plen = q ? (size_t)(q - uri) : len;
	char *p = decode(uri, plen, 0, a);
	if (!p)
		return jy_err_at(err, JY_EINPUT, NULL, 0, 0, "uri",
				 "주소의 인코딩이 잘못되었습니다 (a malformed escape, a control "
				 "character or invalid UTF-8 in the path)");
	/* no empty, "." or ".." segment (a trailing / is an empty one): one
	 * spelling per resource; "/" alone is the root */
	for (const char *seg = p + 1; plen > 1;) {
		const char *e = strchr(seg, '/');
		size_t n = e ? (size_t)(e - seg) : strlen(seg);
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return jy_err_at(err, JY_EINPUT, NULL, 0, 0, "uri",
					 "주소에 빈 구간이나 . 구간이 있습니다 (an empty, . or .. "
					 "segment in the path)");
		if (!e)
			break;
		seg = e + 1;
	}
	*path = p;
	*query = q ? arena_strndup(a, q + 1, len - plen - 1) : "";
	return 0;
}

/* Does path match pattern? Captures go to caps. */
static int match(const char *pattern, const char *path, struct arena *a, const char **caps,
		 int *n_caps)
{
	const char *p = pattern, *s = path;
	int n = 0;

	while (*p && *s) {
		if (p[0] == '{' && p[1] == '}') {
			size_t len = strcspn(s, "/");
			if (len == 0 || len > JY_ID_BYTES_MAX || n >= JY_HTTP_CAPTURES_MAX)
				return 0;
			caps[n++] = arena_strndup(a, s, len);
			p += 2;
			s += len;
			continue;
		}
		if (*p != *s)
			return 0;
		p++, s++;
	}
	if (*p || *s)
		return 0;
	*n_caps = n;
	return 1;
}

size_t route_match(const struct route *table, size_t n, unsigned method, const char *path,
		   struct arena *a, const char **caps, int *n_caps, unsigned *allowed)
{
	size_t last = n - 1;

	assert(n > 0 && table[last].pattern == NULL);
	*allowed = 0;
	*n_caps = 0;
	for (size_t i = 0; i < last; i++) {
		int nc;
		if (!match(table[i].pattern, path, a, caps, &nc))
			continue;
		/* HEAD is answered wherever GET is */
		unsigned m = table[i].methods | (table[i].methods & HTTP_GET ? HTTP_HEAD : 0);
		if (m & method) {
			*n_caps = nc;
			*allowed = m;
			return i;
		}
		*allowed |= m;
	}
	return last;
}

int query_parse(const char *qs, size_t len, const char *allowed, struct arena *a, struct query *q,
		struct jy_err *err)
{
	size_t i = 0;

	q->n = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && qs[end] != '&')
			end++;
		if (end == i) { /* "a=1&&b=2": tolerated, as browsers do */
			i++;
			continue;
		}
		const char *eq = memchr(qs + i, '=', end - i);
		size_t nlen = eq ? (size_t)(eq - (qs + i)) : end - i;
		char *name = decode(qs + i, nlen, 1, a);
		char *value = eq ? decode(eq + 1, (size_t)(qs + end - (eq + 1)), 1, a) : "";
		if (!name || !*name)
			return jy_err_at(err, JY_EINPUT, NULL, 0, 0, "query",
					 "매개변수 이름이 잘못되었습니다 (a malformed parameter "
					 "name)");
		if (!route_list_has(allowed, name, strlen(name)))
			return jy_err_at(err, JY_EINPUT, NULL, 0, 0, name,
					 "허용되지 않는 매개변수입니다 (parameter '%.64s' is not "
					 "allowed here)",
					 name);
		if (!value)
			return jy_err_at(
				err, JY_EINPUT, NULL, 0, 0, name,
				"매개변수 값의 인코딩이 잘못되었습니다 (a malformed value)");
		if (query_get(q, name))
			return jy_err_at(err, JY_EINPUT, NULL, 0, 0, name,
					 "매개변수가 두 번 있습니다 (parameter given twice)");
		if (q->n >= JY_HTTP_ARGS_MAX)
			return jy_err_at(err, JY_EINPUT, NULL, 0, 0, name,
					 "매개변수가 너무 많습니다 (more than %d parameters)",
					 JY_HTTP_ARGS_MAX);
		q->names[q->n] = name;
		q->values[q->n] = value;
		q->n++;
		i = end + 1;
	}
	return 0;
}

const char *query_get(const struct query *q, const char *name)
{
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->names[i], name) == 0)
			return q->values[i];
	return NULL;
}
