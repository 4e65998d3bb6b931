/*
 * store_sqlite.c - the SQLite store: opening and migrating a database.
 *
 * One table per resource (columns as in model/schema.c, text values kept
 * exactly, NULL for empty cells) plus `package` for the descriptor metadata.
 * Schema changes are migrations keyed by PRAGMA user_version; the database
 * runs in WAL mode with foreign keys enforced. A database that cannot give
 * a -shm file is read immutable. The rest of the store: sqlite.h.
 */
#include "sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/msg.h"
#include "base/tmp.h"
#include "ledger/ledger.h"

/* Triggers that drop the model image when table t changes, whoever changes
 * it (this program, the sqlite3 shell, …). */
#define IMAGE_STALE(t)                                                                             \
	"CREATE TRIGGER " t "_image_ins AFTER INSERT ON \"" t "\" BEGIN DELETE FROM image; END;"   \
	"CREATE TRIGGER " t "_image_upd AFTER UPDATE ON \"" t "\" BEGIN DELETE FROM image; END;"   \
	"CREATE TRIGGER " t "_image_del AFTER DELETE ON \"" t "\" BEGIN DELETE FROM image; END;"

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
	/* 2 -> 3: the size and hash of the validated model's image, a file beside
	 * the database (see "the model image" below), dropped by any change to a
	 * table so that it never vouches for another content; the facts_measure
	 * index goes: no query reads facts by measure. */
	"CREATE TABLE image(bytes INTEGER NOT NULL, hash INTEGER NOT NULL);"
	"DROP INDEX facts_measure;" IMAGE_STALE("package") IMAGE_STALE("units")
		IMAGE_STALE("functions") IMAGE_STALE("nodes") IMAGE_STALE("fields")
			IMAGE_STALE("texts") IMAGE_STALE("milestones") IMAGE_STALE("dimensions")
				IMAGE_STALE("members") IMAGE_STALE("measures") IMAGE_STALE("facts")
					IMAGE_STALE("rules") IMAGE_STALE("uncovered"),
	/* 3 -> 4: the tables as model/schema.c has them now (facts' provenance
	 * columns), the revision and the history (sqlite_schema.c). NULL: not
	 * SQL but sqlite_schema_sync, which a later column or table can reuse. */
	NULL,
	/* 4 -> 5: the budget execution ledger (store/ledger_sqlite.c): typed
	 * transactions and cumulative figures per line and day; not part of the
	 * package, so the model image does not depend on them. A new database
	 * gets the same tables (sqlite_schema_create). */
	sqlite_ledger_tables,
	/* 5 -> 6: who may log in to `jipyo serve` (store/users_sqlite.c); not
	 * part of the package, so no image trigger and no import touches it. A
	 * new database gets the same table (sqlite_schema_create). */
	sqlite_users_tables,
	/* 6 -> 7: tables, the printed tables' titles, unit and as-of lines
	 * (sqlite_schema_sync makes the new resource's table) */
	NULL,
	/* 7 -> 8: image_base and the history's image triggers (sqlite_image.c;
	 * sqlite_schema_sync makes them, as it does for a new database) */
	NULL,
	/* 8 -> 9: the ledger's cumulative series in format 1, a point's changes
	 * in varints, where format 0 had a fixed 56-byte record (ledger.h) */
	"UPDATE ledger_cum SET points = jipyo_series_format1(points);",
};

enum { MIGRATION_COUNT = (int)(sizeof(migrations) / sizeof(migrations[0])) };

int sqlite_code(struct store *s)
{
	return sqlite_is_full(s->db, 0) ? JY_EFULL : JY_ESTORE;
}

static int db_error(struct store *s, struct jy_err *err, const char *what)
{
	return jy_err_set(err, sqlite_code(s), "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(struct store *s, const char *sql, struct jy_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int rc =
			jy_err_set(err, sqlite_code(s), "%s: %s", s->path, msg ? msg : "SQL error");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

int sqlite_error(struct store *s, struct jy_err *err, const char *what)
{
	return db_error(s, err, what);
}

int sqlite_exec(struct store *s, const char *sql, struct jy_err *err)
{
	return exec(s, sql, err);
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

/* Does the database hold any table, index or view? */
static int has_tables(struct store *s)
{
	sqlite3_stmt *st;
	int any = 1; /* when it cannot be read, take it as another's */

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		any = sqlite3_column_int(st, 0) > 0;
	sqlite3_finalize(st);
	return any;
}

/* jipyo_series_format1(blob): a format-0 ledger series in format 1, for
 * migration 8 -> 9. */
static void series_format1(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	size_t len = 0;
	unsigned char *out = NULL;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_BLOB)
		out = ledger_series_from_format0(sqlite3_value_blob(argv[0]),
						 (size_t)sqlite3_value_bytes(argv[0]), &len);
	if (!out) {
		sqlite3_result_error(ctx, "a ledger series that does not read", -1);
		return;
	}
	sqlite3_result_blob(ctx, out, (int)len, free);
}

static int migrate(struct store *s, struct jy_err *err)
{
	int v = store_version(s);

	if (v < 0)
		return db_error(s, err, "cannot read the schema version");
	if (v > MIGRATION_COUNT)
		return jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_DB_NEWER, s->path, v,
				  MIGRATION_COUNT);
	if (v == 0) { /* a new database: its tables made from the schema table at once */
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", MIGRATION_COUNT);
		if (exec(s, "BEGIN IMMEDIATE", err))
			return err->code;
		if (sqlite_schema_create(s, err) || exec(s, pragma, err) ||
		    exec(s, "COMMIT", err)) {
			exec(s, "ROLLBACK", &(struct jy_err){0});
			return err->code;
		}
		return 0;
	}
	if (v < MIGRATION_COUNT &&
	    sqlite3_create_function_v2(s->db, "jipyo_series_format1", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, series_format1,
				       NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err, "cannot migrate");
	for (; v < MIGRATION_COUNT; v++) {
		char pragma[64];
		if (exec(s, "BEGIN IMMEDIATE", err))
			return err->code;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v + 1);
		if ((migrations[v] ? exec(s, migrations[v], err) : sqlite_schema_sync(s, err)) ||
		    exec(s, pragma, err)) {
			exec(s, "ROLLBACK", &(struct jy_err){0});
			return err->code;
		}
		if (exec(s, "COMMIT", err))
			return err->code;
	}
	return 0;
}

int sqlite_open_mode(const char *path, int create, enum sqlite_open_mode mode, struct store **out,
		     struct jy_err *err)
{
	static int configured;
	struct store *s = xcalloc(1, sizeof(*s));
	s->be = &sqlite_store_be;
	s->flush_fd = -1;
	/* a connection is only ever used by one thread at a time: no mutex per call */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);

	if (!configured) {
		/* no global lock around every allocation for memory statistics we never read;
		 * this must come before SQLite initialises (the first open does) */
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}

	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		int rc = jy_err_msg(err, create ? JY_ESTORE : JY_ENOTFOUND, NULL, 0, 0, NULL,
				    M_DB_CANNOT_OPEN, path,
				    s->db ? sqlite3_errmsg(s->db) : msg(M_DB_NO_MEMORY));
		store_close(s);
		return rc;
	}
	sqlite3_busy_timeout(s->db, 5000);
	static const char *const settings[] = {
		[OPEN_STORE] = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
			       "PRAGMA synchronous=NORMAL",
		[OPEN_AS_IS] = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL",
		[OPEN_NEW_FILE] = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
				  "PRAGMA locking_mode=EXCLUSIVE",
	};
	/* before anything is written to it: another program's database stays
	 * as it is */
	if (mode == OPEN_STORE && store_version(s) == 0 && has_tables(s)) {
		int rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DB_OTHER_PROGRAM, path);
		store_close(s);
		return rc;
	}
	if (exec(s, settings[mode], err) || (mode != OPEN_AS_IS && migrate(s, err))) {
		store_close(s);
		return err->code;
	}
	*out = s;
	return 0;
}

static int open_db(const char *path, int create, struct store **out, struct jy_err *err)
{
	return sqlite_open_mode(path, create, OPEN_STORE, out, err);
}

/* Is no connection using path's WAL (its -shm unlocked or absent) and
 * nothing committed waiting in its -wal (absent or empty)? */
static int wal_idle(const char *path)
{
	size_t n = strlen(path) + sizeof("-shm");
	char *side = xmalloc(n);
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE, .l_len = 1};
	struct stat st;
	int idle, fd;

	snprintf(side, n, "%s-wal", path);
	idle = stat(side, &st) != 0 ? errno == ENOENT : st.st_size == 0;
	snprintf(side, n, "%s-shm", path);
	if (idle && (fd = open(side, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		idle = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK;
		close(fd);
	} else if (idle) {
		idle = errno == ENOENT;
	}
	free(side);
	return idle;
}

/* Opens path read-only and immutable (SQLite then needs no -shm file and
 * takes no lock): for reading when the -shm cannot be made and wal_idle. */
static int open_immutable(const char *path, struct store **out, struct jy_err *err)
{
	struct buf uri;
	struct store *s = xcalloc(1, sizeof(*s));
	int rc = 0;

	s->be = &sqlite_store_be;
	s->flush_fd = -1;
	s->path = xstrdup(path);
	buf_init(&uri);
	buf_adds(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
			buf_addf(&uri, "%%%02X", *p);
		else
			buf_addc(&uri, (char)*p);
	buf_adds(&uri, "?immutable=1");
	if (sqlite3_open_v2(uri.data, &s->db,
			    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_DB_CANNOT_OPEN, path,
				s->db ? sqlite3_errmsg(s->db) : msg(M_DB_NO_MEMORY));
		store_close(s);
		s = NULL;
	}
	buf_release(&uri);
	*out = s;
	return rc;
}

static int open_existing(const char *path, struct store **out, struct jy_err *err)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, NULL, M_DB_NO_SUCH, path, path);
	sqlite_clean_stale(path);
	/* opened as it is: reading must not turn a file into a store */
	*out = NULL;
	int rc = sqlite_open_mode(path, 0, OPEN_AS_IS, out, err);
	int v = rc ? -1 : store_version(*out);
	if (v < 0 && wal_idle(path)) {
		/* unreadable for want of a -shm file (a full disk, a folder this
		 * user cannot write) while no connection is open: read it as it
		 * lies, or keep the first error */
		struct store *ro = NULL;
		if (open_immutable(path, &ro, &(struct jy_err){0}) == 0 &&
		    (v = store_version(ro)) >= 0) {
			store_close(*out);
			*out = ro;
			rc = 0;
		} else {
			store_close(ro);
		}
	}
	if (rc)
		return rc;
	if (v == MIGRATION_COUNT)
		return 0;
	store_close(*out);
	*out = NULL;
	if (v == 0)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_DB_NOT_JIPYO, path, path);
	return open_db(path, 0, out, err); /* an older store is migrated; a newer one refused */
}

int sqlite_open(const char *path, int flags, struct store **out, struct jy_err *err)
{
	return flags & STORE_CREATE ? open_db(path, 1, out, err) : open_existing(path, out, err);
}

void sqlite_close(struct store *s)
{
	if (!s)
		return;
	if (s->bulk) { /* a whole-package write left open: dropped */
		sqlite_bulk_close(s);
		return;
	}
	if (s->flush_fd >= 0)
		close(s->flush_fd);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

void sqlite_quoted_columns(struct buf *b, const struct resource_def *def)
{
	for (int i = 0; i < def->n_fields; i++)
		buf_addf(b, ", \"%s\"", def->fields[i].name);
}

/* Is the database at this program's schema, in WAL mode: a store that an
 * import can write without changing anything outside its transaction? */
int sqlite_is_current(struct store *s)
{
	sqlite3_stmt *st;
	int wal = 0;

	if (store_version(s) != MIGRATION_COUNT)
		return 0;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		wal = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	return wal;
}

/* Removes what killed commands left beside the database: its temporary
 * files whose creator is gone. */
void sqlite_clean_stale(const char *path)
{
	tmp_clean_stale(path);
}
