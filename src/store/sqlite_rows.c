/*
 * sqlite_rows.c - the one-row operations of the SQLite store (store.h):
 * transactions, a resource read or replaced, a row got, put, updated or
 * deleted by its key, the revision and the history table.
 *
 * A cell is NULL in SQL when empty in the model, so a key is matched with
 * IS (NULL IS NULL), not =. A row put is listed last (row_no one more than
 * the highest), the way an export lists it.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite.h"

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct jy_err *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return sqlite_error(s, err, "cannot prepare a statement");
	return 0;
}

static void bind_cell(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* " WHERE "k1" IS ?n AND …", the key's parameters numbered from first. */
static void where_key(enum resource_id r, int first, struct buf *sql)
{
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols);
	for (int i = 0; i < n; i++)
		buf_addf(sql, "%s\"%s\" IS ?%d", i ? " AND " : " WHERE ",
			 schema_resources[r].fields[cols[i]].name, first + i);
}

static void bind_key(sqlite3_stmt *st, enum resource_id r, int first, const char *const *key)
{
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols);
	for (int i = 0; i < n; i++)
		bind_cell(st, first + i, key[i]);
}

static void select_columns(const struct resource_def *def, struct buf *sql)
{
	buf_adds(sql, "SELECT line");
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(sql, ", \"%s\"", def->fields[i].name);
	buf_addf(sql, " FROM \"%s\"", def->name);
}

/* Steps st to its end, appending each row (line, cells) to out. */
static int read_rows(struct store *s, sqlite3_stmt *st, struct table *out, struct arena *a,
		     struct jy_err *err)
{
	const char *values[JY_CSV_COLUMNS_MAX];
	size_t lens[JY_CSV_COLUMNS_MAX];
	int rc, n = out->def->n_fields;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			values[i] = (const char *)sqlite3_column_text(st, i + 1);
			lens[i] = values[i] ? (size_t)sqlite3_column_bytes(st, i + 1) : 0;
		}
		table_add_row(out, a, values, lens, (long)sqlite3_column_int64(st, 0));
	}
	return rc == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot read");
}

static int be_begin(struct store *s, struct jy_err *err)
{
	return sqlite_exec(s, "BEGIN IMMEDIATE", err);
}

static int be_commit(struct store *s, struct jy_err *err)
{
	return sqlite_exec(s, "COMMIT", err);
}

static void be_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite_exec(s, "ROLLBACK", &(struct jy_err){0});
}

static int be_read(struct store *s, enum resource_id r, struct table *out, struct arena *a,
		   struct jy_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	out->def = &schema_resources[r];
	buf_init(&sql);
	select_columns(out->def, &sql);
	buf_adds(&sql, " ORDER BY row_no");
	rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (!rc)
		rc = read_rows(s, st, out, a, err);
	sqlite3_finalize(st);
	return rc;
}

static int be_get(struct store *s, enum resource_id r, const char *const *key, struct table *out,
		  struct arena *a, struct jy_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	size_t before = out->n_rows;
	int rc;

	out->def = &schema_resources[r];
	buf_init(&sql);
	select_columns(out->def, &sql);
	where_key(r, 1, &sql);
	rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (!rc) {
		bind_key(st, r, 1, key);
		rc = read_rows(s, st, out, a, err);
	}
	sqlite3_finalize(st);
	if (!rc && out->n_rows == before)
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no such row", schema_resources[r].name);
	return rc;
}

static int exists(struct store *s, enum resource_id r, const char *const *key, int *found,
		  struct jy_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	buf_init(&sql);
	buf_addf(&sql, "SELECT 1 FROM \"%s\"", schema_resources[r].name);
	where_key(r, 1, &sql);
	rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (rc)
		return rc;
	bind_key(st, r, 1, key);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot read");
}

static int key_taken(struct store *s, enum resource_id r, const char *const *row,
		     struct jy_err *err)
{
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols), found = 0;
	const char *key[JY_CSV_COLUMNS_MAX];

	for (int i = 0; i < n; i++)
		key[i] = row[cols[i]];
	int rc = exists(s, r, key, &found, err);
	if (!rc && found)
		rc = jy_err_set(err, JY_EINPUT, "%s: a row with this key (%s) exists already",
				schema_resources[r].name, schema_resources[r].primary_key);
	return rc;
}

static int be_put(struct store *s, enum resource_id r, const char *const *row, long line,
		  struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	struct buf sql;
	sqlite3_stmt *st;
	int rc = key_taken(s, r, row, err);

	if (rc)
		return rc;
	buf_init(&sql);
	buf_addf(&sql, "INSERT INTO \"%s\"(row_no, line", def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(&sql, ", \"%s\"", def->fields[i].name);
	buf_addf(&sql, ") VALUES((SELECT coalesce(max(row_no), 0) + 1 FROM \"%s\"), ?1", def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(&sql, ", ?%d", i + 2);
	buf_adds(&sql, ")");
	rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, line);
	for (int i = 0; i < def->n_fields; i++)
		bind_cell(st, i + 2, row[i]);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot insert");
	sqlite3_finalize(st);
	return rc;
}

static int be_update(struct store *s, enum resource_id r, const char *const *key,
		     const char *const *row, struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	int cols[JY_CSV_COLUMNS_MAX], n = store_key_columns(r, cols);
	struct buf sql;
	sqlite3_stmt *st;
	int rc = 0, same_key = 1;

	int found = 0;
	if ((rc = exists(s, r, key, &found, err)))
		return rc;
	if (!found)
		return jy_err_set(err, JY_ENOTFOUND, "%s: no such row", def->name);
	for (int i = 0; i < n; i++)
		same_key &= strcmp(key[i] ? key[i] : "", row[cols[i]] ? row[cols[i]] : "") == 0;
	if (!same_key && (rc = key_taken(s, r, row, err)))
		return rc;
	buf_init(&sql);
	buf_addf(&sql, "UPDATE \"%s\" SET", def->name);
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(&sql, "%s \"%s\" = ?%d", i ? "," : "", def->fields[i].name, i + 1);
	where_key(r, def->n_fields + 1, &sql);
	rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (rc)
		return rc;
	for (int i = 0; i < def->n_fields; i++)
		bind_cell(st, i + 1, row[i]);
	bind_key(st, r, def->n_fields + 1, key);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot update");
	else if (sqlite3_changes(s->db) == 0)
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no such row", def->name);
	sqlite3_finalize(st);
	return rc;
}

static int be_del(struct store *s, enum resource_id r, const char *const *key, struct jy_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	buf_init(&sql);
	buf_addf(&sql, "DELETE FROM \"%s\"", schema_resources[r].name);
	where_key(r, 1, &sql);
	rc = prepare(s, sql.data, &st, err);
	buf_release(&sql);
	if (rc)
		return rc;
	bind_key(st, r, 1, key);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot delete");
	else if (sqlite3_changes(s->db) == 0)
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no such row", schema_resources[r].name);
	sqlite3_finalize(st);
	return rc;
}

static int be_replace(struct store *s, const struct table *t, struct jy_err *err)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", t->def->name);
	return sqlite_exec(s, sql, err) ? err->code : sqlite_insert_rows(s, t, err);
}

static int be_revision(struct store *s, long *rev, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "SELECT value FROM package WHERE key = 'revision'", &st, err);

	*rev = 0;
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*rev = atol((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sqlite_error(s, err, "cannot read");
}

static int be_set_revision(struct store *s, long rev, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, "INSERT OR REPLACE INTO package(key, value) VALUES('revision', ?)", &st,
			 err);
	char v[32];

	if (rc)
		return rc;
	snprintf(v, sizeof(v), "%ld", rev);
	sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot write the revision");
	sqlite3_finalize(st);
	return rc;
}

static int be_history_append(struct store *s, const struct history_entry *e, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s,
			 "INSERT INTO history(seq, revision, at, by, resource, key, before, after,"
			 " reason, prev, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			 &st, err);
	const char *text[] = {e->at,	e->by,	   e->resource, e->key, e->before,
			      e->after, e->reason, e->prev,	e->hash};

	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, e->seq);
	sqlite3_bind_int64(st, 2, e->revision);
	for (int i = 0; i < 9; i++)
		sqlite3_bind_text(st, i + 3, text[i] ? text[i] : "", -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot append to the history");
	sqlite3_finalize(st);
	return rc;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	return v ? v : "";
}

static int history_walk(struct store *s, const char *sql, history_fn fn, void *ctx,
			struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s, sql, &st, err), step, seen = 0;

	if (rc)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_entry e = {
			.seq = (long)sqlite3_column_int64(st, 0),
			.revision = (long)sqlite3_column_int64(st, 1),
			.at = col_text(st, 2),
			.by = col_text(st, 3),
			.resource = col_text(st, 4),
			.key = col_text(st, 5),
			.before = col_text(st, 6),
			.after = col_text(st, 7),
			.reason = col_text(st, 8),
			.prev = col_text(st, 9),
			.hash = col_text(st, 10),
		};
		seen = 1;
		if ((rc = fn(ctx, &e)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot read the history");
	sqlite3_finalize(st);
	if (!rc && !seen && strstr(sql, "LIMIT 1"))
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: no history", s->path);
	return rc;
}

#define HISTORY_COLUMNS                                                                            \
	"SELECT seq, revision, at, by, resource, key, before, after, reason, prev, hash FROM "     \
	"history "

static int be_history_list(struct store *s, history_fn fn, void *ctx, struct jy_err *err)
{
	return history_walk(s, HISTORY_COLUMNS "ORDER BY seq", fn, ctx, err);
}

static int be_history_last(struct store *s, history_fn fn, void *ctx, struct jy_err *err)
{
	return history_walk(s, HISTORY_COLUMNS "ORDER BY seq DESC LIMIT 1", fn, ctx, err);
}

char *sqlite_package_name(struct store *s)
{
	sqlite3_stmt *st;
	json_t *meta = NULL;
	char *name;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM package WHERE key = 'meta'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		meta = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	sqlite3_finalize(st);
	name = xstrdup(meta && json_is_string(json_object_get(meta, "name"))
			       ? json_string_value(json_object_get(meta, "name"))
			       : "");
	json_decref(meta);
	return name;
}

const struct store_be sqlite_store_be = {
	.version = STORE_BE_VERSION,
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.begin = be_begin,
	.commit = be_commit,
	.rollback = be_rollback,
	.replace = be_replace,
	.read = be_read,
	.get = be_get,
	.put = be_put,
	.update = be_update,
	.del = be_del,
	.revision = be_revision,
	.set_revision = be_set_revision,
	.history_append = be_history_append,
	.history_list = be_history_list,
	.history_last = be_history_last,
	.bulk_prepare = sqlite_bulk_prepare,
	.bulk_begin = sqlite_bulk_begin,
	.bulk_commit = sqlite_bulk_commit,
	.bulk_publish = sqlite_bulk_publish,
	.bulk_close = sqlite_bulk_close,
	.set_meta = sqlite_set_meta,
	.image_record = sqlite_image_record,
	.image_lookup = sqlite_image_lookup,
	.image_path = sqlite_image_path,
	.load = sqlite_load,
	.status_put = sqlite_status_put,
	.status_list = sqlite_status_list,
};
