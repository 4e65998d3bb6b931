/*
 * pkg.c - datapackage.json + CSV resources <-> struct model (see pkg.h).
 */
#include "pkg.h"

#include <errno.h>
#include <stdlib.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

#include "base/limits.h"
#include "csv.h"

static const char *frictionless_type(const struct field_def *f)
{
	switch (f->type) {
	case FT_INT:
		return "integer";
	case FT_DEC:
		return "number";
	case FT_ISODATE:
		return "date";
	default:
		return "string";
	}
}

struct row_ctx {
	struct model *m;
	enum resource_id r;
	const char *path;
	int seen_header;
};

static int on_row(void *p, const char *const *fields, int n, long line, struct jy_err *err)
{
	struct row_ctx *c = p;
	const struct resource_def *def = &schema_resources[c->r];

	if (!c->seen_header) {
		c->seen_header = 1;
		if (n != def->n_fields)
			return jy_err_at(err, JY_EINPUT, c->path, line, 0, NULL,
					 "header has %d columns, expected %d (%s…)", n,
					 def->n_fields, def->fields[0].name);
		for (int i = 0; i < n; i++)
			if (strcmp(fields[i], def->fields[i].name) != 0)
				return jy_err_at(err, JY_EINPUT, c->path, line, i + 1, NULL,
						 "header column %d is \"%s\", expected \"%s\"",
						 i + 1, fields[i], def->fields[i].name);
		return 0;
	}
	if (n != def->n_fields)
		return jy_err_at(err, JY_EINPUT, c->path, line, n > def->n_fields ? def->n_fields + 1 : n,
				 NULL, "row has %d columns, expected %d", n, def->n_fields);
	model_add_row(c->m, c->r, fields, line);
	return 0;
}

/* The resources array of the descriptor must name our resources with our
 * paths and fields; anything else is a package Jipyo cannot read. */
static int check_resource(json_t *res, const char *dpath, enum resource_id r, struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	json_t *path = json_object_get(res, "path");
	json_t *fields = json_object_get(json_object_get(res, "schema"), "fields");

	if (!json_is_string(path) || strcmp(json_string_value(path), def->path) != 0)
		return jy_err_at(err, JY_EINPUT, dpath, 0, 0, def->name,
				 "resource \"%s\" must have path \"%s\"", def->name, def->path);
	if (!json_is_array(fields) || (int)json_array_size(fields) != def->n_fields)
		return jy_err_at(err, JY_EINPUT, dpath, 0, 0, def->name,
				 "resource \"%s\" must declare %d fields", def->name,
				 def->n_fields);
	for (int i = 0; i < def->n_fields; i++) {
		const char *name = json_string_value(json_object_get(json_array_get(fields, (size_t)i), "name"));
		if (!name || strcmp(name, def->fields[i].name) != 0)
			return jy_err_at(err, JY_EINPUT, dpath, 0, 0, def->name,
					 "field %d of resource \"%s\" must be \"%s\"", i + 1,
					 def->name, def->fields[i].name);
	}
	return 0;
}

int pkg_read(const char *dir, struct model *m, struct jy_err *err)
{
	struct buf text;
	json_error_t jerr;
	json_t *root, *resources;
	char *dpath = arena_printf(&m->arena, "%s/datapackage.json", dir);
	int rc = 0;

	m->dir = arena_strdup(&m->arena, dir);
	buf_init(&text);
	rc = file_read_all(dpath, JY_DESCRIPTOR_BYTES_MAX, &text, err);
	if (rc) {
		buf_release(&text);
		return rc;
	}
	root = json_loadb(text.data, text.len, JSON_REJECT_DUPLICATES, &jerr);
	buf_release(&text);
	if (!root)
		return jy_err_at(err, JY_EINPUT, dpath, jerr.line, jerr.column, NULL,
				 "invalid JSON: %s", jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return jy_err_at(err, JY_EINPUT, dpath, 1, 1, NULL, "descriptor must be an object");
	}
	resources = json_object_get(root, "resources");
	if (!json_is_array(resources)) {
		json_decref(root);
		return jy_err_at(err, JY_EINPUT, dpath, 0, 0, "resources",
				 "descriptor has no \"resources\" array");
	}
	for (int r = 0; r < RES_COUNT && !rc; r++) {
		const struct resource_def *def = &schema_resources[r];
		json_t *found = NULL;
		size_t i;
		json_t *res;
		json_array_foreach(resources, i, res)
		{
			const char *name = json_string_value(json_object_get(res, "name"));
			if (name && strcmp(name, def->name) == 0)
				found = res;
		}
		if (!found) {
			rc = jy_err_at(err, JY_EINPUT, dpath, 0, 0, "resources",
				       "resource \"%s\" is missing", def->name);
			break;
		}
		rc = check_resource(found, dpath, (enum resource_id)r, err);
		if (rc)
			break;
		struct row_ctx ctx = {m, (enum resource_id)r, model_path(m, (enum resource_id)r), 0};
		rc = csv_read_file(ctx.path, on_row, &ctx, err);
		if (!rc && !ctx.seen_header)
			rc = jy_err_at(err, JY_EINPUT, ctx.path, 1, 0, NULL,
				       "empty file: a header row is required");
	}
	if (!rc) {
		json_t *meta = json_deep_copy(root);
		json_object_del(meta, "resources");
		char *s = json_dumps(meta, JSON_PRESERVE_ORDER | JSON_COMPACT);
		m->meta_json = arena_strdup(&m->arena, s);
		free(s);
		json_decref(meta);
	}
	json_decref(root);
	return rc;
}

static json_t *resource_json(const struct resource_def *def)
{
	json_t *res = json_object();
	json_t *schema = json_object();
	json_t *fields = json_array();
	json_t *fks = json_array();
	int pk_required = 1;

	json_object_set_new(res, "name", json_string(def->name));
	json_object_set_new(res, "path", json_string(def->path));
	json_object_set_new(res, "title", json_string(def->title));
	json_object_set_new(res, "profile", json_string("tabular-data-resource"));
	json_object_set_new(res, "format", json_string("csv"));
	json_object_set_new(res, "mediatype", json_string("text/csv"));
	json_object_set_new(res, "encoding", json_string("utf-8"));
	for (int i = 0; i < def->n_fields; i++) {
		const struct field_def *f = &def->fields[i];
		json_t *fj = json_object();
		json_t *cons = json_object();
		json_object_set_new(fj, "name", json_string(f->name));
		json_object_set_new(fj, "title", json_string(f->title));
		json_object_set_new(fj, "type", json_string(frictionless_type(f)));
		if (f->required)
			json_object_set_new(cons, "required", json_true());
		if (f->type == FT_ENUM) {
			json_t *vals = json_array();
			const char *s = f->values;
			while (*s) {
				const char *bar = strchr(s, '|');
				size_t n = bar ? (size_t)(bar - s) : strlen(s);
				json_array_append_new(vals, json_stringn(s, n));
				s += n + (bar ? 1 : 0);
			}
			json_object_set_new(cons, "enum", vals);
		}
		if (f->type == FT_ID)
			json_object_set_new(cons, "pattern", json_string("[a-z0-9][a-z0-9_-]*"));
		if (json_object_size(cons))
			json_object_set_new(fj, "constraints", cons);
		else
			json_decref(cons);
		json_array_append_new(fields, fj);
		if (f->ref) {
			const char *dot = strchr(f->ref, '.');
			size_t rn = (size_t)(dot - f->ref);
			json_t *fk = json_object();
			json_t *ref = json_object();
			int self = strncmp(f->ref, def->name, rn) == 0 && def->name[rn] == '\0';
			json_object_set_new(fk, "fields", json_string(f->name));
			json_object_set_new(ref, "resource", self ? json_string("")
								   : json_stringn(f->ref, rn));
			json_object_set_new(ref, "fields", json_string(dot + 1));
			json_object_set_new(fk, "reference", ref);
			json_array_append_new(fks, fk);
		}
	}
	json_object_set_new(schema, "fields", fields);
	/* Frictionless requires primary key cells to be present; we declare the
	 * key only where all of its fields are required (facts check theirs). */
	for (const char *k = def->primary_key; *k;) {
		const char *comma = strchr(k, ',');
		size_t n = comma ? (size_t)(comma - k) : strlen(k);
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)n, k);
		int fi = schema_field_index(def, name);
		if (fi < 0 || !def->fields[fi].required)
			pk_required = 0;
		k += n + (comma ? 1 : 0);
	}
	if (pk_required) {
		json_t *pk = json_array();
		for (const char *k = def->primary_key; *k;) {
			const char *comma = strchr(k, ',');
			size_t n = comma ? (size_t)(comma - k) : strlen(k);
			json_array_append_new(pk, json_stringn(k, n));
			k += n + (comma ? 1 : 0);
		}
		json_object_set_new(schema, "primaryKey", pk);
	}
	if (json_array_size(fks))
		json_object_set_new(schema, "foreignKeys", fks);
	else
		json_decref(fks);
	json_object_set_new(res, "schema", schema);
	return res;
}

char *pkg_descriptor(const struct model *m)
{
	json_t *root = NULL;
	json_t *resources = json_array();
	char *s;

	if (m->meta_json)
		root = json_loads(m->meta_json, 0, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		root = json_object();
		json_object_set_new(root, "profile", json_string("tabular-data-package"));
		json_object_set_new(root, "name", json_string("jipyo-package"));
	}
	for (int r = 0; r < RES_COUNT; r++)
		json_array_append_new(resources, resource_json(&schema_resources[r]));
	json_object_set_new(root, "resources", resources);
	s = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(root);
	return s;
}

int pkg_write(const struct model *m, const char *dir, struct jy_err *err)
{
	struct buf out;
	char path[4096];
	int rc = 0;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return jy_err_at(err, JY_EIO, dir, 0, 0, NULL, "cannot create folder: %s",
				 strerror(errno));
	buf_init(&out);
	for (int r = 0; r < RES_COUNT && !rc; r++) {
		const struct table *t = &m->tables[r];
		const char *header[JY_CSV_COLUMNS_MAX];
		buf_reset(&out);
		for (int i = 0; i < t->def->n_fields; i++)
			header[i] = t->def->fields[i].name;
		csv_write_row(&out, header, t->def->n_fields);
		for (size_t row = 0; row < t->n_rows; row++)
			csv_write_row(&out, &t->cells[row * (size_t)t->def->n_fields],
				      t->def->n_fields);
		snprintf(path, sizeof(path), "%s/%s", dir, t->def->path);
		rc = file_write_atomic(path, out.data, out.len, err);
	}
	if (!rc) {
		char *d = pkg_descriptor(m);
		buf_reset(&out);
		buf_adds(&out, d);
		buf_addc(&out, '\n');
		free(d);
		snprintf(path, sizeof(path), "%s/datapackage.json", dir);
		rc = file_write_atomic(path, out.data, out.len, err);
	}
	buf_release(&out);
	return rc;
}
