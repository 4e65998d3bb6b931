/*
 * store.c - the store interface (store.h): a URI resolved to its backend,
 * the package it is asked for, and the operations dispatched through the
 * backend's table.
 */
#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"

#include "image_cache.h"
#include "pg.h"
#include "sqlite.h"
#include "store.h"

static const char *package_asked; /* --package: NULL when not given */

void store_use_package(const char *id)
{
	package_asked = id;
}

const char *store_package(void)
{
	return package_asked;
}

int store_holds_many(const char *uri)
{
	return pg_is_uri(uri);
}

static const struct store_be *be_of(struct store *s)
{
	const struct store_be *be = ((struct store_head *)s)->be;
	assert(be && be->version == STORE_BE_VERSION);
	return be;
}

int store_backend(const char *uri, const struct store_be **be, const char **location,
		  struct jy_err *err)
{
	if (strncmp(uri, "sqlite:", 7) == 0) {
		*be = &sqlite_store_be;
		*location = uri + 7;
	} else if (pg_is_uri(uri)) {
		*be = &pg_store_be;
		*location = uri;
	} else {
		*be = &sqlite_store_be; /* a plain path */
		*location = uri;
	}
	assert((*be)->version == STORE_BE_VERSION);
	if (!**location)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DB_NO_PATH, uri);
	return 0;
}

/* The name of m's descriptor, or "" (caller frees). */
static char *meta_name(const char *meta_json)
{
	json_t *meta = json_loads(meta_json ? meta_json : "{}", 0, NULL);
	const char *name = json_string_value(json_object_get(meta, "name"));
	char *copy = xstrdup(name ? name : "");
	json_decref(meta);
	return copy;
}

/* An SQLite file holds one package: --package must name it. */
static int sqlite_package_is(const char *location, const char *name, struct jy_err *err)
{
	int rc = 0;

	if (package_asked && *name && strcmp(name, package_asked) != 0)
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DB_HOLDS_PACKAGE, location,
				name, package_asked);
	return rc;
}

static char *package_imported; /* the descriptor's name of the last import */

int store_import_package(const char *uri, const char *meta_json, struct jy_err *err)
{
	const struct store_be *be;
	const char *location;
	int rc = store_backend(uri, &be, &location, err);

	if (rc)
		return rc;
	free(package_imported);
	package_imported = meta_name(meta_json);
	return be == &sqlite_store_be ? sqlite_package_is(location, package_imported, err) : 0;
}

const char *store_imported_name(void)
{
	return package_imported && *package_imported ? package_imported : NULL;
}

int store_open_uri(const char *uri, int flags, struct store **out, struct jy_err *err)
{
	const struct store_be *be;
	const char *location;
	int rc = store_backend(uri, &be, &location, err);

	*out = NULL;
	if (rc)
		return rc;
	image_cache_clean(be, location); /* what killed imports left of the image */
	if ((rc = be->open(location, flags, out, err)))
		return rc;
	if (be == &sqlite_store_be && package_asked) {
		char *name = sqlite_package_name(*out);
		rc = sqlite_package_is(location, name, err);
		free(name);
		if (rc) {
			store_close(*out);
			*out = NULL;
		}
	}
	return rc;
}

int store_open(const char *uri, struct store **out, struct jy_err *err)
{
	return store_open_uri(uri, STORE_CREATE, out, err);
}

int store_open_existing(const char *uri, struct store **out, struct jy_err *err)
{
	return store_open_uri(uri, 0, out, err);
}

void store_close(struct store *s)
{
	if (s)
		be_of(s)->close(s);
}

int store_load(struct store *s, struct model *m, struct jy_err *err)
{
	const struct store_be *be = be_of(s);

	if (be->load)
		return be->load(s, m, err);
	/* a backend without a whole-package read: resource by resource */
	for (int r = 0; r < RES_COUNT; r++) {
		int rc = be->read(s, (enum resource_id)r, &m->tables[r], &m->arena, err);
		if (rc)
			return rc;
	}
	return 0;
}

int store_begin(struct store *s, struct jy_err *err)
{
	return be_of(s)->begin(s, err);
}

int store_commit(struct store *s, struct jy_err *err)
{
	return be_of(s)->commit(s, err);
}

void store_rollback(struct store *s)
{
	be_of(s)->rollback(s);
}

int store_replace(struct store *s, const struct table *t, struct jy_err *err)
{
	return be_of(s)->replace(s, t, err);
}

int store_read(struct store *s, enum resource_id r, struct table *out, struct arena *a,
	       struct jy_err *err)
{
	return be_of(s)->read(s, r, out, a, err);
}

int store_get(struct store *s, enum resource_id r, const char *const *key, struct table *out,
	      struct arena *a, struct jy_err *err)
{
	return be_of(s)->get(s, r, key, out, a, err);
}

int store_put(struct store *s, enum resource_id r, const char *const *row, long line,
	      struct jy_err *err)
{
	return be_of(s)->put(s, r, row, line, err);
}

int store_update(struct store *s, enum resource_id r, const char *const *key,
		 const char *const *row, struct jy_err *err)
{
	return be_of(s)->update(s, r, key, row, err);
}

int store_delete(struct store *s, enum resource_id r, const char *const *key, struct jy_err *err)
{
	return be_of(s)->del(s, r, key, err);
}

int store_revision(struct store *s, long *rev, struct jy_err *err)
{
	return be_of(s)->revision(s, rev, err);
}

int store_history_list(struct store *s, history_fn fn, void *ctx, struct jy_err *err)
{
	return be_of(s)->history_list(s, fn, ctx, err);
}

int store_key_columns(enum resource_id r, int cols[JY_CSV_COLUMNS_MAX])
{
	const struct resource_def *def = &schema_resources[r];
	int n = 0;

	for (const char *k = def->primary_key; *k;) {
		size_t len = strcspn(k, ",");
		for (int i = 0; i < def->n_fields; i++)
			if (strlen(def->fields[i].name) == len &&
			    memcmp(def->fields[i].name, k, len) == 0)
				cols[n++] = i;
		k += len + (k[len] == ',');
	}
	return n;
}

int store_key_of(const struct table *t, size_t row, const char *key[JY_CSV_COLUMNS_MAX])
{
	int cols[JY_CSV_COLUMNS_MAX];
	int n = store_key_columns((enum resource_id)(t->def - schema_resources), cols);

	for (int i = 0; i < n; i++)
		key[i] = table_cell(t, row, cols[i]);
	return n;
}
