/*
 * store_sqlite.c - the SQLite implementation of store.h.
 *
 * One table per resource (columns as in model/schema.c, text values kept
 * exactly, NULL for empty cells) plus `package` for the descriptor metadata.
 * Schema changes are migrations keyed by PRAGMA user_version; the database
 * runs in WAL mode with foreign keys enforced.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/mem.h"

struct store {
	sqlite3 *db;
	char *path;
};

/* Migration n takes the schema from version n to n + 1. Never edit a
 * released migration: add a new one. */
static const char *const migrations[] = {
	"CREATE TABLE package(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE units(row_no INTEGER PRIMARY KEY, line INTEGER, id TEXT NOT NULL UNIQUE,"
	" parent TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED, kind TEXT NOT NULL,"
	" seq TEXT NOT NULL, name_ko TEXT NOT NULL, name_en TEXT, rank TEXT, source TEXT);"
	"CREATE TABLE functions(row_no INTEGER PRIMARY KEY, line INTEGER,"
	" unit TEXT NOT NULL REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED,"
	" seq TEXT NOT NULL, text TEXT NOT NULL, source TEXT);"
	"CREATE TABLE nodes(row_no INTEGER PRIMARY KEY, line INTEGER, id TEXT NOT NULL UNIQUE,"
	" parent TEXT REFERENCES nodes(id) DEFERRABLE INITIALLY DEFERRED, kind TEXT NOT NULL,"
	" seq TEXT NOT NULL, number TEXT, title_ko TEXT NOT NULL, title_en TEXT,"
	" owner TEXT REFERENCES units(id) DEFERRABLE INITIALLY DEFERRED, source TEXT);"
	"CREATE TABLE fields(row_no INTEGER PRIMARY KEY, line INTEGER,"
	" node TEXT NOT NULL REFERENCES nodes(id) DEFERRABLE INITIALLY DEFERRED,"
	" seq TEXT NOT NULL, key TEXT NOT NULL, value TEXT, source TEXT);"
	"CREATE TABLE texts(row_no INTEGER PRIMARY KEY, line INTEGER,"
	" node TEXT NOT NULL REFERENCES nodes(id) DEFERRABLE INITIALLY DEFERRED,"
	" section TEXT NOT NULL, seq TEXT NOT NULL, depth TEXT NOT NULL, marker TEXT,"
	" text TEXT NOT NULL, source TEXT);"
	"CREATE TABLE milestones(row_no INTEGER PRIMARY KEY, line INTEGER,"
	" node TEXT NOT NULL REFERENCES nodes(id) DEFERRABLE INITIALLY DEFERRED,"
	" seq TEXT NOT NULL, title TEXT NOT NULL, \"when\" TEXT, status TEXT NOT NULL,"
	" status_as_of TEXT, note TEXT, source TEXT);"
	"CREATE TABLE dimensions(row_no INTEGER PRIMARY KEY, line INTEGER, id TEXT NOT NULL UNIQUE,"
	" name_ko TEXT NOT NULL, name_en TEXT, members_from TEXT NOT NULL);"
	"CREATE TABLE members(row_no INTEGER PRIMARY KEY, line INTEGER,"
	" dimension TEXT NOT NULL REFERENCES dimensions(id) DEFERRABLE INITIALLY DEFERRED,"
	" id TEXT NOT NULL, parent TEXT, seq TEXT NOT NULL, name_ko TEXT NOT NULL, name_en TEXT,"
	" UNIQUE(dimension, id));"
	"CREATE TABLE measures(row_no INTEGER PRIMARY KEY, line INTEGER, id TEXT NOT NULL UNIQUE,"
	" name_ko TEXT NOT NULL, name_en TEXT, unit TEXT NOT NULL, base_unit TEXT NOT NULL,"
	" scale TEXT NOT NULL, dims TEXT, aggregation TEXT NOT NULL, rounding TEXT NOT NULL);"
	"CREATE TABLE facts(row_no INTEGER PRIMARY KEY, line INTEGER,"
	" measure TEXT NOT NULL REFERENCES measures(id) DEFERRABLE INITIALLY DEFERRED,"
	" coords TEXT, period TEXT, kind TEXT NOT NULL, \"table\" TEXT, value TEXT NOT NULL,"
	" printed TEXT NOT NULL, source TEXT NOT NULL);"
	"CREATE INDEX facts_measure ON facts(measure);"
	"CREATE TABLE rules(row_no INTEGER PRIMARY KEY, line INTEGER, id TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL, measures TEXT, expr TEXT NOT NULL, scope TEXT,"
	" severity TEXT NOT NULL, message_ko TEXT NOT NULL, message_en TEXT, source TEXT);",
	/* 1 -> 2: the printed numbers a package does not carry, with reasons. */
	"CREATE TABLE uncovered(row_no INTEGER PRIMARY KEY, line INTEGER, source TEXT NOT NULL,"
	" token TEXT NOT NULL, category TEXT NOT NULL, reason TEXT NOT NULL,"
	" UNIQUE(source, token));",
};

enum { MIGRATION_COUNT = (int)(sizeof(migrations) / sizeof(migrations[0])) };

static int db_error(struct store *s, struct jy_err *err, const char *what)
{
	return jy_err_set(err, JY_ESTORE, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(struct store *s, const char *sql, struct jy_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc = jy_err_set(err, JY_ESTORE, "%s: %s", s->path, msg ? msg : "SQL error");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int store_version(struct store *s)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(struct store *s, struct jy_err *err)
{
	int v = store_version(s);

	if (v < 0)
		return db_error(s, err, "cannot read the schema version");
	if (v > MIGRATION_COUNT)
		return jy_err_set(err, JY_ESTORE,
				  "%s: schema version %d is newer than this program (%d)", s->path,
				  v, MIGRATION_COUNT);
	for (; v < MIGRATION_COUNT; v++) {
		char pragma[64];
		if (exec(s, "BEGIN IMMEDIATE", err))
			return err->code;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if (exec(s, migrations[v], err) || exec(s, pragma, err)) {
			exec(s, "ROLLBACK", &(struct jy_err){0});
			return err->code;
		}
		if (exec(s, "COMMIT", err))
			return err->code;
	}
	return 0;
}

static int open_db(const char *path, int create, struct store **out, struct jy_err *err)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		int rc = jy_err_set(err, create ? JY_ESTORE : JY_ENOTFOUND, "%s: cannot open: %s",
				    path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(s);
		return rc;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL",
		 err) ||
	    migrate(s, err)) {
		store_close(s);
		return err->code;
	}
	*out = s;
	return 0;
}

int store_open(const char *path, struct store **out, struct jy_err *err)
{
	return open_db(path, 1, out, err);
}

int store_open_existing(const char *path, struct store **out, struct jy_err *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return jy_err_set(err, JY_ENOTFOUND,
				  "%s: no such database (run `jipyo import DIR --db %s` first)", path,
				  path);
	return open_db(path, 0, out, err);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

static void quoted_columns(struct buf *b, const struct resource_def *def)
{
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(b, ", \"%s\"", def->fields[i].name);
}

static int save_table(struct store *s, const struct table *t, struct jy_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	const struct resource_def *def = t->def;
	int n = def->n_fields;

	buf_init(&sql);
	buf_addf(&sql, "DELETE FROM \"%s\"", def->name);
	if (exec(s, sql.data, err)) {
		buf_release(&sql);
		return err->code;
	}
	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO \"%s\"(row_no, line", def->name);
	quoted_columns(&sql, def);
	buf_adds(&sql, ") VALUES(?, ?");
	for (int i = 0; i < n; i++)
		buf_adds(&sql, ", ?");
	buf_adds(&sql, ")");
	if (sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		buf_release(&sql);
		return db_error(s, err, "cannot prepare insert");
	}
	buf_release(&sql);
	for (size_t row = 0; row < t->n_rows; row++) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)row + 1);
		sqlite3_bind_int64(st, 2, t->lines[row]);
		for (int i = 0; i < n; i++) {
			const char *v = table_cell(t, row, i);
			if (*v)
				sqlite3_bind_text(st, i + 3, v, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, i + 3);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			int rc = jy_err_set(err, JY_ESTORE, "%s: %s row %zu: %s", s->path, def->name,
					    row + 1, sqlite3_errmsg(s->db));
			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

int store_save(struct store *s, const struct model *m, struct jy_err *err)
{
	sqlite3_stmt *st;

	if (exec(s, "BEGIN IMMEDIATE", err))
		return err->code;
	for (int r = RES_COUNT - 1; r >= 0; r--) {
		char sql[64];
		snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", schema_resources[r].name);
		if (exec(s, sql, err))
			goto fail;
	}
	for (int r = 0; r < RES_COUNT; r++)
		if (save_table(s, &m->tables[r], err))
			goto fail;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO package(key, value) VALUES('meta', ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "cannot store metadata");
		goto fail;
	}
	sqlite3_bind_text(st, 1, m->meta_json ? m->meta_json : "{}", -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		db_error(s, err, "cannot store metadata");
		goto fail;
	}
	sqlite3_finalize(st);
	if (exec(s, "COMMIT", err))
		goto fail;
	return 0;
fail:
	exec(s, "ROLLBACK", &(struct jy_err){0});
	return err->code ? err->code : JY_ESTORE;
}

int store_load(struct store *s, struct model *m, struct jy_err *err)
{
	struct buf sql;
	const char *values[64];
	sqlite3_stmt *st;

	buf_init(&sql);
	for (int r = 0; r < RES_COUNT; r++) {
		const struct resource_def *def = &schema_resources[r];
		buf_reset(&sql);
		buf_adds(&sql, "SELECT line");
		quoted_columns(&sql, def);
		buf_addf(&sql, " FROM \"%s\" ORDER BY row_no", def->name);
		if (sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
			buf_release(&sql);
			return db_error(s, err, "cannot read");
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < def->n_fields; i++) {
				const unsigned char *v = sqlite3_column_text(st, i + 1);
				values[i] = v ? (const char *)v : "";
			}
			model_add_row(m, (enum resource_id)r, values, sqlite3_column_int64(st, 0));
		}
		sqlite3_finalize(st);
	}
	buf_release(&sql);
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM package WHERE key = 'meta'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		m->meta_json = arena_strdup(&m->arena, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}
