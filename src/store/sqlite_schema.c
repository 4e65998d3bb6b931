/*
 * sqlite_schema.c - the SQLite tables made from the one schema table
 * (model/schema.c), not written a second time.
 *
 * A resource is a table of its fields (schema_sql.c, shared with
 * PostgreSQL), with a reference to the resource it names and a UNIQUE key
 * where every key column is required (the facts' key has optional columns:
 * validation keeps it unique). Beside them: package (the descriptor's
 * metadata and the revision), image (the model image's record) and
 * history (the hash-chained changes, history.c). docs/DESIGN.md, "The live
 * store", says why.
 */
#include <stdio.h>
#include <string.h>

#include "schema_sql.h"
#include "sqlite.h"

/* The store's own tables, not resources of a package. */
static const char own_tables[] =
	"CREATE TABLE IF NOT EXISTS package(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS image(bytes INTEGER NOT NULL, hash INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS history(seq INTEGER PRIMARY KEY, revision INTEGER NOT NULL,"
	" at TEXT NOT NULL, by TEXT NOT NULL, resource TEXT NOT NULL, key TEXT NOT NULL,"
	" before TEXT NOT NULL, after TEXT NOT NULL, reason TEXT NOT NULL, prev TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"INSERT OR IGNORE INTO package(key, value) VALUES('revision', '0');"
	/* the revision the image holds when edits came after it (sqlite_image.c),
	 * gone with the image's record; a history written outside an edit drops
	 * the record, as a table does */
	"CREATE TABLE IF NOT EXISTS image_base(revision INTEGER NOT NULL);"
	"CREATE TRIGGER IF NOT EXISTS image_base_ins AFTER INSERT ON image"
	" BEGIN DELETE FROM image_base; END;"
	"CREATE TRIGGER IF NOT EXISTS image_base_del AFTER DELETE ON image"
	" BEGIN DELETE FROM image_base; END;"
	"CREATE TRIGGER IF NOT EXISTS history_image_ins AFTER INSERT ON history"
	" BEGIN DELETE FROM image; END;"
	"CREATE TRIGGER IF NOT EXISTS history_image_upd AFTER UPDATE ON history"
	" BEGIN DELETE FROM image; END;"
	"CREATE TRIGGER IF NOT EXISTS history_image_del AFTER DELETE ON history"
	" BEGIN DELETE FROM image; END;";

void sqlite_schema_table(const struct resource_def *def, struct buf *out)
{
	schema_sql_table(def, &sql_sqlite, out);
}

/* Triggers that drop the model image when the table changes, whoever
 * changes it (this program, the sqlite3 shell, …); the bulk write finds
 * them by these names. */
static void image_triggers(const char *name, struct buf *out)
{
	static const char *const ops[][2] = {
		{"ins", "INSERT"}, {"upd", "UPDATE"}, {"del", "DELETE"}};
	for (int i = 0; i < 3; i++)
		buf_addf(out,
			 "CREATE TRIGGER \"%s_image_%s\" AFTER %s ON \"%s\" BEGIN DELETE FROM "
			 "image; END;",
			 name, ops[i][0], ops[i][1], name);
}

/* The ledger's tables (store/ledger_sqlite.c): kept beside the package's,
 * not made from the schema table, since they are no resource of it. */
const char sqlite_ledger_tables[] =
	"CREATE TABLE IF NOT EXISTS ledger_imports(id INTEGER PRIMARY KEY, file TEXT NOT NULL,"
	" rows INTEGER NOT NULL, at TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS ledger_lines(id INTEGER PRIMARY KEY, year INTEGER NOT NULL,"
	" unit TEXT NOT NULL, program TEXT NOT NULL, code TEXT NOT NULL,"
	" UNIQUE(year, unit, program, code));"
	"CREATE TABLE IF NOT EXISTS ledger_tx(id INTEGER PRIMARY KEY, line INTEGER NOT NULL, day INTEGER NOT "
	"NULL,"
	" kind INTEGER NOT NULL, amount INTEGER NOT NULL, ref TEXT, leg INTEGER NOT NULL, memo "
	"TEXT,"
	" import INTEGER NOT NULL, row INTEGER NOT NULL, UNIQUE(ref, leg));"
	"CREATE TABLE IF NOT EXISTS ledger_cum(line INTEGER PRIMARY KEY, points BLOB NOT NULL);";

/* Who may log in to `jipyo serve` (store/users_sqlite.c). */
const char sqlite_users_tables[] =
	"CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL, unit TEXT, pwhash TEXT NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);";

int sqlite_schema_create(struct store *s, struct jy_err *err)
{
	struct buf sql;
	int rc;

	buf_init(&sql);
	buf_adds(&sql, own_tables);
	for (int r = 0; r < RES_COUNT; r++) {
		sqlite_schema_table(&schema_resources[r], &sql);
		image_triggers(schema_resources[r].name, &sql);
	}
	image_triggers("package", &sql);
	buf_adds(&sql, sqlite_ledger_tables);
	buf_adds(&sql, sqlite_users_tables);
	rc = sqlite_exec(s, sql.data, err);
	buf_release(&sql);
	return rc;
}

/* The columns table `name` has, in order; 0 when it does not exist. */
static int table_columns(struct store *s, const char *name, char cols[][64], int max)
{
	sqlite3_stmt *st;
	char sql[128];
	int n = 0;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(\"%s\")", name);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW && n < max)
		snprintf(cols[n++], 64, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return n;
}

int sqlite_schema_sync(struct store *s, struct jy_err *err)
{
	char have[JY_CSV_COLUMNS_MAX + 2][64];
	struct buf sql;
	int rc = 0;

	buf_init(&sql);
	buf_adds(&sql, own_tables);
	for (int r = 0; r < RES_COUNT && !rc; r++) {
		const struct resource_def *def = &schema_resources[r];
		int n = table_columns(s, def->name, have, JY_CSV_COLUMNS_MAX + 2);
		if (n <= 0) {
			sqlite_schema_table(def, &sql);
			image_triggers(def->name, &sql);
			continue;
		}
		/* row_no, line, then the fields: a field may only be added at the end */
		for (int i = 0; i < def->n_fields && !rc; i++) {
			if (i + 2 < n && strcmp(have[i + 2], def->fields[i].name) == 0)
				continue;
			if (i + 2 < n)
				rc = jy_err_set(
					err, JY_ESTORE,
					"%s: table %s has column \"%s\" where the schema has "
					"\"%s\": this change needs a migration of its own",
					s->path, def->name, have[i + 2], def->fields[i].name);
			else if (def->fields[i].required == FIELD_REQUIRED)
				rc = jy_err_set(err, JY_ESTORE,
						"%s: table %s lacks required column \"%s\": this "
						"change needs a migration of its own",
						s->path, def->name, def->fields[i].name);
			else {
				buf_addf(&sql, "ALTER TABLE \"%s\" ADD COLUMN", def->name);
				schema_sql_column(&def->fields[i], &sql_sqlite, " ", &sql);
				buf_adds(&sql, ";");
			}
		}
	}
	/* the model image's layout follows the tables: an older one is not this one's */
	buf_adds(&sql, "DELETE FROM image;");
	if (!rc)
		rc = sqlite_exec(s, sql.data, err);
	buf_release(&sql);
	return rc;
}
