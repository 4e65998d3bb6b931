/*
 * ref.c - references to rows as people copy them (see ref.h).
 */
#include "ref.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/msg.h"

static int set_key(struct ref *r, const char *field, const char *v, size_t n, struct jy_err *err)
{
	assert(r->n_key < (int)(sizeof(r->key) / sizeof(r->key[0])));
	if (n >= sizeof(r->key[0]))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_REF_PART_LONG, field);
	memcpy(r->key[r->n_key], v, n);
	r->key[r->n_key][n] = '\0';
	r->key_fields[r->n_key++] = field;
	return 0;
}

/* "NODE/A/B.FIELD": n parts split at '/', then the field after the last '.'. */
static int parse_path(const char *p, struct ref *r, const char *const *parts, int n,
		      const char *const *fields, struct jy_err *err)
{
	const char *dot = strrchr(p, '.');
	const char *end = dot ? dot : p + strlen(p);

	r->field = fields[0]; /* the default */
	if (dot) {
		r->field = NULL;
		for (int i = 0; fields[i]; i++)
			if (strcmp(dot + 1, fields[i]) == 0)
				r->field = fields[i];
		if (!r->field) {
			return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)(dot - p) + 2, NULL,
					  M_REF_UNKNOWN_FIELD, dot + 1);
		}
	}
	for (int i = 0; i < n; i++) {
		const char *slash = i + 1 < n ? memchr(p, '/', (size_t)(end - p)) : end;
		if (!slash || slash == p)
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_REF_EXPECTED,
					  parts[i]);
		if (i + 1 == n && memchr(p, '/', (size_t)(end - p)))
			return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_REF_TOO_MANY_PARTS,
					  parts[i]);
		if (set_key(r, parts[i], p, (size_t)(slash - p), err))
			return err->code;
		p = slash + 1;
	}
	return 0;
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* MEASURE{DIM=MEMBER,…} @PERIOD [TABLE] kind=KIND */
static int parse_fact(const char *text, const char *p, struct ref *r, struct jy_err *err)
{
	char coords[JY_PRINTED_BYTES_MAX] = "", period[JY_PRINTED_BYTES_MAX] = "";
	char table[JY_PRINTED_BYTES_MAX] = "", kind[JY_PRINTED_BYTES_MAX] = "";
	size_t n = strcspn(p, "{ @[");

	r->r = RES_FACTS;
	r->field = "value";
	r->any_kind = 1;
	if (n == 0) {
		return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)(p - text) + 1, NULL,
				  M_REF_MEASURE_FIRST);
	}
	if (set_key(r, "measure", p, n, err))
		return err->code;
	p += n;
	if (*p == '{') {
		const char *close = strchr(p, '}');
		if (!close || (size_t)(close - p) >= sizeof(coords)) {
			return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)(p - text) + 1, NULL,
					  M_REF_OPEN_BRACE);
		}
		/* the where text separates coordinates by ',', facts.csv by ';' */
		for (size_t i = 0; i + 1 < (size_t)(close - p); i++)
			coords[i] = p[i + 1] == ',' ? ';' : p[i + 1];
		coords[close - p - 1] = '\0';
		p = close + 1;
	}
	for (p = skip_space(p); *p; p = skip_space(p)) {
		char *into = NULL;
		size_t len;
		if (*p == '@') {
			into = period;
			p++;
			len = strcspn(p, " \t[");
		} else if (*p == '[') {
			const char *close = strchr(p, ']');
			if (!close) {
				return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)(p - text) + 1,
						  NULL, M_REF_OPEN_BRACKET);
			}
			into = table;
			p++;
			len = (size_t)(close - p);
		} else if (strncmp(p, "kind=", 5) == 0) {
			into = kind;
			p += 5;
			len = strcspn(p, " \t");
			r->any_kind = 0;
		} else {
			return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)(p - text) + 1, NULL,
					  M_REF_UNEXPECTED, p);
		}
		if (*into || len >= JY_PRINTED_BYTES_MAX) {
			return jy_err_msg(err, JY_EINPUT, NULL, 0, (long)(p - text), NULL,
					  M_REF_TWICE);
		}
		memcpy(into, p, len);
		into[len] = '\0';
		p += len + (into == table);
	}
	if (set_key(r, "coords", coords, strlen(coords), err) ||
	    set_key(r, "period", period, strlen(period), err) ||
	    set_key(r, "table", table, strlen(table), err) ||
	    set_key(r, "kind", kind, strlen(kind), err))
		return err->code;
	return 0;
}

int ref_parse(const char *text, struct ref *out, struct jy_err *err)
{
	static const char *const ms_parts[] = {"node", "seq"};
	static const char *const ms_fields[] = {"status",	"title", "when",
						"status_as_of", "note",	 NULL};
	static const char *const text_parts[] = {"node", "section", "seq"};
	static const char *const text_fields[] = {"text", "marker", NULL};
	static const char *const field_parts[] = {"node", "seq"};
	static const char *const field_fields[] = {"value", "key", NULL};
	const char *p = skip_space(text);

	memset(out, 0, sizeof(*out));
	jy_err_clear(err);
	if (strncmp(p, "milestone:", 10) == 0) {
		out->r = RES_MILESTONES;
		return parse_path(p + 10, out, ms_parts, 2, ms_fields, err);
	}
	if (strncmp(p, "text:", 5) == 0) {
		out->r = RES_TEXTS;
		return parse_path(p + 5, out, text_parts, 3, text_fields, err);
	}
	if (strncmp(p, "field:", 6) == 0) {
		out->r = RES_FIELDS;
		return parse_path(p + 6, out, field_parts, 2, field_fields, err);
	}
	if (strncmp(p, "fact:", 5) == 0)
		p += 5;
	return parse_fact(text, p, out, err);
}

size_t ref_find(const struct model *m, const struct ref *ref, size_t *rows, size_t max)
{
	const struct table *t = &m->tables[ref->r];
	int cols[6];
	size_t n = 0;

	for (int i = 0; i < ref->n_key; i++)
		cols[i] = schema_field_index(t->def, ref->key_fields[i]);
	for (size_t row = 0; row < t->n_rows; row++) {
		int match = 1;
		for (int i = 0; i < ref->n_key && match; i++) {
			if (ref->any_kind && strcmp(ref->key_fields[i], "kind") == 0)
				continue;
			match = strcmp(table_cell(t, row, cols[i]), ref->key[i]) == 0;
		}
		if (match && n++ < max)
			rows[n - 1] = row;
	}
	return n;
}
