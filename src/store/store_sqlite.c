/*
 * store_sqlite.c - the SQLite implementation of store.h.
 *
 * One table per resource (columns as in model/schema.c, text values kept
 * exactly, NULL for empty cells) plus `package` for the descriptor metadata.
 * Schema changes are migrations keyed by PRAGMA user_version; the database
 * runs in WAL mode with foreign keys enforced.
 */
#include "sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/par.h"
#include "base/tmp.h"
#include "model/image.h"

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
	/* 4 -> 5: image_base and the history's image triggers (sqlite_image.c) */
	NULL,
};

enum { MIGRATION_COUNT = (int)(sizeof(migrations) / sizeof(migrations[0])) };

static void clean_stale(const char *path);

/* The byte of a -shm file that every connection using it holds a read lock
 * on (SQLite's UNIX_SHM_DMS, os_unix.c). */
enum { SHM_DMS_BYTE = 128 };

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

static int migrate(struct store *s, struct jy_err *err)
{
	int v = store_version(s);

	if (v < 0)
		return db_error(s, err, "cannot read the schema version");
	if (v > MIGRATION_COUNT)
		return jy_err_set(err, JY_ESTORE,
				  "%s: schema version %d is newer than this program (%d)", s->path,
				  v, MIGRATION_COUNT);
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

/* How a database is opened: as a store (WAL mode, foreign keys enforced,
 * migrated to this program's schema); as it is (the same settings for the
 * connection, but nothing written to the file: no journal switch, no
 * migration); or as a new file being built (no journal, the caller's
 * schema work). */
enum open_mode { OPEN_STORE, OPEN_AS_IS, OPEN_NEW_FILE };

static int open_db_mode(const char *path, int create, enum open_mode mode, struct store **out,
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
		int rc = jy_err_set(err, create ? JY_ESTORE : JY_ENOTFOUND, "%s: cannot open: %s",
				    path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
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
		int rc = jy_err_set(err, JY_EINPUT,
				    "%s: a database of another program (it has tables but no Jipyo "
				    "schema version): not changed",
				    path);
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
	return open_db_mode(path, create, OPEN_STORE, out, err);
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
		rc = jy_err_set(err, JY_ESTORE, "%s: cannot open: %s", path,
				s->db ? sqlite3_errmsg(s->db) : "out of memory");
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
		return jy_err_set(err, JY_ENOTFOUND,
				  "%s: no such database (run `jipyo import DIR --db %s` first)",
				  path, path);
	clean_stale(path);
	/* opened as it is: reading must not turn a file into a store */
	*out = NULL;
	int rc = open_db_mode(path, 0, OPEN_AS_IS, out, err);
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
		return jy_err_set(
			err, JY_EINPUT,
			"%s: not a Jipyo database (run `jipyo import DIR --db %s` to make one)",
			path, path);
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
	if (s->flush_fd >= 0)
		close(s->flush_fd);
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
			int rc = jy_err_set(err, JY_ESTORE, "%s: %s row %zu: %s", s->path,
					    def->name, row + 1, sqlite3_errmsg(s->db));
			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_reset(st);
		if (s->cancel && row % 4096 == 0 && atomic_load(s->cancel)) {
			sqlite3_finalize(st);
			return jy_err_set(err, JY_ESTORE, "%s: abandoned", s->path);
		}
		/* Start writing what SQLite has written so far to the disk, without
		 * waiting: the flush before the file is renamed then finds little
		 * left to do (it was 0.5-0.7 s at a million facts). */
		if (s->flush_fd >= 0 && row % 65536 == 65535)
			sync_file_range(s->flush_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The image triggers (see IMAGE_STALE) as the schema holds them: dropped
 * while a package is written, which would fire them on every row, and
 * created again from the same text afterwards. */
struct stale_triggers {
	char **sql;
	size_t n;
};

static int triggers_drop(struct store *s, struct stale_triggers *tr, struct jy_err *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	struct buf drop;
	int rc;

	memset(tr, 0, sizeof(*tr));
	if (sqlite3_prepare_v2(s->db,
			       "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
			       " AND name GLOB '*_image_[idu][nep][sdl]' ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(s, err, "cannot read the schema");
	buf_init(&drop);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(tr->sql, cap, tr->n + 1);
		tr->sql[tr->n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		buf_addf(&drop, "DROP TRIGGER \"%s\";", sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? exec(s, drop.data, err)
			       : db_error(s, err, "cannot read the schema");
	buf_release(&drop);
	return rc;
}

static int triggers_restore(struct store *s, struct stale_triggers *tr, struct jy_err *err)
{
	for (size_t i = 0; i < tr->n; i++)
		if (exec(s, tr->sql[i], err))
			return err->code;
	return 0;
}

static void triggers_release(struct stale_triggers *tr)
{
	for (size_t i = 0; i < tr->n; i++)
		free(tr->sql[i]);
	free(tr->sql);
	memset(tr, 0, sizeof(*tr));
}

/* ---- the model image ------------------------------------------------------------
 *
 * The image (model/image.h) is a cache of what validation produced, and a
 * big one (about the size of the tables). It is kept in a file beside the
 * database, PATH-image, and the database records its size and hash in the
 * same transaction as the tables: a reader uses the file only when both
 * match, so a file from another import, a torn write or a database changed
 * since (the triggers drop the record) only cost the slow path. Being a
 * cache, it is not flushed to the disk: written to a temporary name while
 * the tables are written, renamed into place after the commit. Keeping it
 * in the database instead doubled the file that must be flushed before an
 * import may finish (measured in docs/DESIGN.md, "Speed"). */
struct image_file {
	struct tmp_file tmp; /* the written file under its temporary name; path NULL: none */
	int err;	     /* why none was written (an errno); 0: not asked for one */
	size_t len;
	uint64_t hash;
};

static char *image_path(const char *db_path)
{
	size_t n = strlen(db_path) + sizeof("-image");
	char *p = xmalloc(n);
	snprintf(p, n, "%s-image", db_path);
	return p;
}

/* Writes the image of m and fs to a temporary name beside path's image,
 * straight into the mapped file; on failure nothing is left and img->tmp
 * stays NULL (the import goes on without an image). */
static void image_file_write(struct image_file *img, const char *path, const struct model *m,
			     const struct factset *fs)
{
	char *final = image_path(path);
	struct image_plan *plan;
	void *map = MAP_FAILED;
	int e;

	memset(img, 0, sizeof(*img));
	img->tmp = (struct tmp_file){.fd = -1, .slot = -1};
	if (!fs) {
		free(final);
		return;
	}
	plan = image_plan(m, fs);
	size_t len = image_plan_size(plan);
	/* the blocks are allocated now, not when the mapping is first written:
	 * a full disk must fail here, not raise SIGBUS in the middle of a copy */
	if (tmp_create(&img->tmp, final, 0) != 0)
		img->err = errno;
	else if ((e = posix_fallocate(img->tmp.fd, 0, (off_t)len)) != 0)
		img->err = e;
	else if ((map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, img->tmp.fd, 0)) ==
		 MAP_FAILED)
		img->err = errno;
	if (map != MAP_FAILED) {
		image_plan_write(plan, map);
		img->hash = image_hash(map, len);
		munmap(map, len);
		img->len = len;
	} else {
		tmp_discard(&img->tmp);
	}
	image_plan_release(plan);
	free(final);
}

/* After the commit: the file takes its name (committed: 1) or is removed. */
static void image_file_finish(struct image_file *img, const char *path, int committed)
{
	if (!img->tmp.path)
		return;
	char *final = image_path(path);
	if (!committed || tmp_commit(&img->tmp, final, 0) != 0)
		tmp_discard(&img->tmp);
	free(final);
}

/* Replaces every table's rows with m's, inside the caller's transaction,
 * with the image triggers dropped (into tr) and the old image gone. */
static int write_tables(struct store *s, const struct model *m, struct stale_triggers *tr,
			struct jy_err *err)
{
	sqlite3_stmt *st;

	if (triggers_drop(s, tr, err) || exec(s, "DELETE FROM image", err))
		return err->code;
	for (int r = RES_COUNT - 1; r >= 0; r--) {
		char sql[64];
		snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", schema_resources[r].name);
		if (exec(s, sql, err))
			return err->code;
	}
	for (int r = 0; r < RES_COUNT; r++)
		if (save_table(s, &m->tables[r], err))
			return err->code;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT OR REPLACE INTO package(key, value) VALUES('meta', ?)", -1,
			       &st, NULL) != SQLITE_OK)
		return db_error(s, err, "cannot store metadata");
	sqlite3_bind_text(st, 1, m->meta_json ? m->meta_json : "{}", -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_error(s, err, "cannot store metadata");
	}
	sqlite3_finalize(st);
	return store_record_import(s, m, err); /* one revision, one history entry */
}

/* Records the image's size and hash (when there is one) and puts the
 * triggers back. */
static int record_image(struct store *s, const struct image_file *img, struct stale_triggers *tr,
			struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (img && img->tmp.path) {
		if (sqlite3_prepare_v2(s->db, "INSERT INTO image(bytes, hash) VALUES(?, ?)", -1,
				       &st, NULL) != SQLITE_OK)
			return db_error(s, err, "cannot record the model image");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)img->len);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)img->hash);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_error(s, err, "cannot record the model image");
		sqlite3_finalize(st);
	}
	return rc ? rc : triggers_restore(s, tr, err);
}

/* Did a write fail for want of space (db's last call, or errno e)? */
static int is_full(sqlite3 *db, int e)
{
	if (db) {
		e = sqlite3_system_errno(db);
		if (sqlite3_errcode(db) == SQLITE_FULL)
			return 1;
	}
	return e == ENOSPC || e == EDQUOT;
}

/* Settings for writing a whole package at once. Foreign keys are not checked
 * row by row: model_validate has checked every reference before. Deleted
 * pages need not be overwritten with zeros (Debian builds SQLite with
 * SECURE_DELETE), since the same content is written again at once. */
static const char bulk_pragmas[] =
	"PRAGMA foreign_keys=OFF; PRAGMA secure_delete=OFF; PRAGMA cache_size=-65536";

/* Flushes a file (or a folder) to the disk. */
static int sync_path(const char *path, int dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Is the database at this program's schema, in WAL mode: a store that an
 * import can write without changing anything outside its transaction? */
static int is_current_store(struct store *s)
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

/* A whole package written at once, on a thread of its own while the
 * package is checked: either into a new file beside path (tmp; no journal:
 * if anything fails the file is deleted; given its name by bulk_publish) or
 * into the existing database, in one transaction that a failed check rolls
 * back. Nobody sees either before the end: a new file has no name yet, a
 * transaction is not committed. The tables are written first (bulk_tables),
 * the image's record and the commit after them (bulk_finish). */
struct bulk {
	const char *path;
	int fresh;	     /* written into a new file (tmp), not in place */
	struct tmp_file tmp; /* the new file, locked while it exists */
	const struct model *m;
	struct store *s;
	struct stale_triggers tr;
	atomic_int cancel; /* set when the check refused the package */
	int full;	   /* failed for want of space */
	int deferred;	   /* in place, undecided, and the file not yet a current
			    * store: nothing written, to be written once decided */
	struct jy_err err;
	int rc;
};

static void bulk_init(struct bulk *b, const char *path, const struct model *m, int fresh)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->m = m;
	atomic_init(&b->cancel, 0);
	b->fresh = fresh;
	b->tmp = (struct tmp_file){.fd = -1, .slot = -1};
}

/* decided: the check has accepted the package (or there is none), so the
 * file may change outside the import's transaction. */
static void bulk_tables(struct bulk *b, int decided)
{
	int rc;

	if (b->fresh) {
		if (tmp_create(&b->tmp, b->path, 0) != 0) {
			rc = jy_err_set(&b->err, JY_EIO, "%s: cannot create: %s", b->path,
					strerror(errno));
		} else if (!(rc = open_db_mode(b->tmp.path, 1, OPEN_NEW_FILE, &b->s, &b->err))) {
			/* messages name the database, not the file it is built in */
			free(b->s->path);
			b->s->path = xstrdup(b->path);
		}
	} else if (decided) {
		rc = open_db(b->path, 1, &b->s, &b->err);
	} else {
		/* Before the check has decided, only a transaction may change the
		 * file: one that needs its journal switched or its schema migrated
		 * (or is no store at all) waits for the decision. */
		rc = open_db_mode(b->path, 0, OPEN_AS_IS, &b->s, &b->err);
		if (!rc && !is_current_store(b->s)) {
			store_close(b->s);
			b->s = NULL;
			b->deferred = 1;
			return;
		}
	}
	if (!rc) {
		b->s->cancel = &b->cancel;
		if (b->fresh)
			b->s->flush_fd = dup(b->tmp.fd);
		if (exec(b->s, bulk_pragmas, &b->err) ||
		    exec(b->s, b->fresh ? "BEGIN" : "BEGIN IMMEDIATE", &b->err))
			rc = b->err.code;
	}
	if (!rc)
		rc = write_tables(b->s, b->m, &b->tr, &b->err);
	b->rc = rc;
}

/* Commits and (a new file) flushes what bulk_tables wrote, or drops it
 * after a failure or when the check refused the package (cancel). */
static void bulk_finish(struct bulk *b, const struct image_file *img)
{
	int rc = b->rc;

	if (!rc && atomic_load(&b->cancel))
		rc = jy_err_set(&b->err, JY_ESTORE, "%s: abandoned", b->path);
	if (!rc)
		rc = record_image(b->s, img, &b->tr, &b->err);
	if (!rc && exec(b->s, "COMMIT", &b->err))
		rc = b->err.code;
	if (rc && b->s)
		b->full = is_full(b->s->db, 0);
	if (rc && b->s && !b->fresh)
		exec(b->s, "ROLLBACK", &(struct jy_err){0});
	/* readers open a new file in WAL mode, as every store */
	if (!rc && b->fresh && exec(b->s, "PRAGMA journal_mode=WAL", &b->err))
		rc = b->err.code;
	store_close(b->s);
	b->s = NULL;
	triggers_release(&b->tr);
	if (!rc && b->fresh && fsync(b->tmp.fd) != 0) {
		b->full = is_full(NULL, errno);
		rc = jy_err_set(&b->err, JY_EIO, "%s: cannot write: %s", b->path, strerror(errno));
	}
	b->rc = rc;
}

static void *bulk_main(void *p)
{
	bulk_tables(p, 0);
	par_busy(-1);
	return NULL;
}

/* Gives the new file its name, which it cannot take from a file that
 * appeared meanwhile: returns 1 then, for the caller to import in place. */
static int bulk_publish(struct bulk *b, struct jy_err *err)
{
	char *dir = xstrdup(b->path);
	int rc = 0;

	if (tmp_commit(&b->tmp, b->path, RENAME_NOREPLACE) != 0) {
		rc = errno == EEXIST ? 1
				     : jy_err_set(err, JY_EIO, "%s: cannot create: %s", b->path,
						  strerror(errno));
		tmp_discard(&b->tmp);
	}
	if (rc == 0)
		sync_path(dirname(dir), 1);
	free(dir);
	return rc;
}

/* Removes what killed commands left beside the database: temporary
 * files of the database and of its image whose creator is gone. */
static void clean_stale(const char *path)
{
	char *img = image_path(path);
	tmp_clean_stale(path);
	tmp_clean_stale(img);
	free(img);
}

/* Removes a -shm file this user cannot write (a read-only connection made it
 * with a read-only database's mode) when no connection uses it: it only
 * indexes the -wal file and is built again from it. So does an empty -wal
 * file of that kind. */
static void release_shm(const char *path)
{
	size_t n = strlen(path) + sizeof("-shm");
	char *shm = xmalloc(n);
	struct flock fl = {
		.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE, .l_len = 1};
	int fd;

	struct stat st;

	snprintf(shm, n, "%s-shm", path);
	if (faccessat(AT_FDCWD, shm, W_OK, AT_EACCESS) != 0 && errno == EACCES &&
	    (fd = open(shm, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK)
			unlink(shm);
		close(fd);
	}
	/* an empty -wal beside no -shm: no connection, nothing to keep */
	snprintf(shm, n, "%s-wal", path);
	if (faccessat(AT_FDCWD, shm, W_OK, AT_EACCESS) != 0 && errno == EACCES &&
	    stat(shm, &st) == 0 && st.st_size == 0) {
		snprintf(shm, n, "%s-shm", path);
		if (access(shm, F_OK) != 0 && errno == ENOENT) {
			snprintf(shm, n, "%s-wal", path);
			unlink(shm);
		}
	}
	free(shm);
}

/* Before an import: what killed commands left goes, and a database that
 * cannot be written is refused with the reason before anything is opened
 * (SQLite would open it read-only, say only "readonly database", and leave
 * a read-only -shm behind). */
static int import_prepare(const char *path, struct jy_err *err)
{
	clean_stale(path);
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0 && errno != ENOENT)
		return jy_err_set(err, JY_EIO, "%s: cannot write: %s", path, strerror(errno));
	release_shm(path);
	return 0;
}

/* Writes the tables and commits on the calling thread, the package
 * accepted. */
static int bulk_write(struct bulk *b, const struct image_file *img, struct jy_err *err)
{
	b->deferred = 0;
	bulk_tables(b, 1);
	bulk_finish(b, img);
	if (b->rc)
		*err = b->err;
	return b->rc;
}

/* After the tables are written (rc: how that went): a new file takes its
 * name, or is removed; when a database appeared meanwhile, the package is
 * written into it. */
static int bulk_end(struct bulk *b, const struct image_file *img, int rc, struct jy_err *err)
{
	if (!b->fresh)
		return rc;
	if (!rc)
		rc = bulk_publish(b, err);
	else
		tmp_discard(&b->tmp);
	if (rc == 1) {
		struct bulk in;
		bulk_init(&in, b->path, b->m, 0);
		rc = bulk_write(&in, img, err);
	}
	return rc;
}

static int is_fresh(const char *path)
{
	struct stat st;
	return stat(path, &st) != 0 && errno == ENOENT;
}

int sqlite_import(const char *path, const struct model *m, store_check_fn check, void *ctx,
		  struct jy_err *err)
{
	struct bulk b;
	struct image_file img = {.tmp = {.fd = -1, .slot = -1}};
	struct factset fs;
	pthread_t writer;
	int rc, refused, threaded = 0;

	if ((rc = import_prepare(path, err)))
		return rc;
	bulk_init(&b, path, m, is_fresh(path));
	if (check && par_threads() > 1) {
		/* the writer keeps a core to itself: it is the longest part */
		par_busy(1);
		threaded = pthread_create(&writer, NULL, bulk_main, &b) == 0;
		if (!threaded)
			par_busy(-1);
	}
	rc = refused = check ? check(ctx, &fs, err) : 0;
	if (rc) {
		atomic_store(&b.cancel, 1);
	} else { /* while the tables are still being written */
		image_file_write(&img, path, m, check ? &fs : NULL);
		if (check)
			factset_release(&fs);
		par_timing("store: image file");
	}
	if (threaded) {
		pthread_join(writer, NULL);
		par_timing("store: tables (waited for)");
	}
	if (threaded && !b.deferred) {
		bulk_finish(&b, &img);
		if (!rc && b.rc) {
			*err = b.err;
			rc = b.rc;
		}
		rc = bulk_end(&b, &img, rc, err);
	} else if (!rc) {
		rc = bulk_end(&b, &img, bulk_write(&b, &img, err), err);
	} else {
		tmp_discard(&b.tmp);
	}
	/* The image is a cache: tables that did not fit beside it (a full disk)
	 * are written again without it. */
	if (rc && !refused && img.tmp.path && b.full) {
		image_file_finish(&img, path, 0);
		img.err = ENOSPC;
		bulk_init(&b, path, m, is_fresh(path));
		rc = bulk_end(&b, NULL, bulk_write(&b, NULL, err), err);
	}
	par_timing("store: commit, flush");
	if (!rc && img.err)
		fprintf(stderr,
			"note: %s: 모델 이미지 없이 저장함 stored without its model image (%s); "
			"check, report and coverage read the tables\n",
			path, strerror(img.err));
	image_file_finish(&img, path, rc == 0);
	return rc;
}

/* ---- loading ----------------------------------------------------------------------
 *
 * With more than one thread, the rows are read by several connections at
 * once: the facts in ranges of row_no, every other table whole. Each
 * connection starts its read transaction while the main connection holds
 * the write lock, so all of them see the same committed state; the rows are
 * then joined in row_no order, as one connection would read them. */

struct load_part {
	enum resource_id r;
	sqlite3_int64 lo, hi; /* row_no in [lo, hi); hi == 0: the whole table */
	struct table rows;
	int failed;
	char *msg; /* malloc'ed SQLite message when failed */
};

struct load_worker {
	sqlite3 *db;
	struct arena arena;
	struct load_part *parts;
	size_t n_parts;
	atomic_size_t *next;
};

static void load_part(sqlite3 *db, struct load_part *p, struct arena *a)
{
	const struct resource_def *def = &schema_resources[p->r];
	const char *values[JY_CSV_COLUMNS_MAX];
	size_t lens[JY_CSV_COLUMNS_MAX];
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	p->rows.def = def;
	buf_init(&sql);
	buf_adds(&sql, "SELECT line");
	quoted_columns(&sql, def);
	buf_addf(&sql, " FROM \"%s\"", def->name);
	if (p->hi)
		buf_adds(&sql, " WHERE row_no >= ? AND row_no < ?");
	buf_adds(&sql, " ORDER BY row_no");
	rc = sqlite3_prepare_v2(db, sql.data, -1, &st, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK) {
		p->failed = 1;
		p->msg = xstrdup(sqlite3_errmsg(db));
		return;
	}
	if (p->hi) {
		sqlite3_bind_int64(st, 1, p->lo);
		sqlite3_bind_int64(st, 2, p->hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < def->n_fields; i++) {
			values[i] = (const char *)sqlite3_column_text(st, i + 1);
			lens[i] = values[i] ? (size_t)sqlite3_column_bytes(st, i + 1) : 0;
		}
		table_add_row(&p->rows, a, values, lens, (long)sqlite3_column_int64(st, 0));
	}
	if (rc != SQLITE_DONE) {
		p->failed = 1;
		p->msg = xstrdup(sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
}

static void load_worker_main(void *arg)
{
	struct load_worker *w = arg;

	for (;;) {
		size_t i = atomic_fetch_add(w->next, 1);
		if (i >= w->n_parts)
			break;
		load_part(w->db, &w->parts[i], &w->arena);
	}
}

static int query_int64(sqlite3 *db, const char *sql, sqlite3_int64 *out)
{
	sqlite3_stmt *st;
	int ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Opens n read connections, each in a read transaction on the same committed
 * state: they start while this connection holds the write lock. Returns 0,
 * or -1 with nothing left open. */
static int open_readers(struct store *s, sqlite3 **dbs, int n)
{
	int rc = 0;

	if (exec(s, "BEGIN IMMEDIATE", &(struct jy_err){0}))
		return -1; /* read-only file, or another writer: read on one connection */
	for (int i = 0; i < n && !rc; i++) {
		sqlite3_int64 v;
		if (sqlite3_open_v2(s->path, &dbs[i], SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			rc = -1;
			break;
		}
		sqlite3_busy_timeout(dbs[i], 5000);
		/* pages read in place from the mapped file, not copied by read(2) */
		sqlite3_exec(dbs[i], "PRAGMA mmap_size = 2147418112", NULL, NULL, NULL);
		if (sqlite3_exec(dbs[i], "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
		    query_int64(dbs[i], "SELECT count(*) FROM package", &v))
			rc = -1;
	}
	exec(s, "ROLLBACK", &(struct jy_err){0});
	if (rc) {
		for (int i = 0; i < n; i++) {
			sqlite3_close(dbs[i]);
			dbs[i] = NULL;
		}
	}
	return rc;
}

int store_load(struct store *s, struct model *m, struct jy_err *err)
{
	int n = par_threads();
	sqlite3 *dbs[64] = {NULL};
	struct load_part *parts;
	size_t n_parts = 0;
	sqlite3_int64 lo = 0, hi = -1;
	sqlite3_stmt *st;
	int rc = 0;

	if (n > 1 && open_readers(s, dbs, n))
		n = 1;
	if (n == 1) {
		dbs[0] = s->db;
		exec(s, "BEGIN", &(struct jy_err){0}); /* one state for every table */
	}
	/* the facts in ranges of row_no, several per thread so that they even out */
	int fact_parts = n > 1 ? 4 * n : 1;
	parts = xcalloc((size_t)(RES_COUNT + fact_parts), sizeof(*parts));
	if (n > 1 && (query_int64(dbs[0], "SELECT min(row_no) FROM facts", &lo) ||
		      query_int64(dbs[0], "SELECT max(row_no) FROM facts", &hi)))
		fact_parts = 1;
	if (hi < lo)
		fact_parts = 1;
	for (int i = 0; fact_parts > 1 && i < fact_parts; i++) {
		struct load_part *p = &parts[n_parts++];
		sqlite3_int64 span = hi - lo + 1;
		p->r = RES_FACTS;
		p->lo = lo + span * i / fact_parts;
		p->hi = i == fact_parts - 1 ? hi + 1 : lo + span * (i + 1) / fact_parts;
	}
	for (int r = 0; r < RES_COUNT; r++)
		if (r != RES_FACTS || fact_parts == 1)
			parts[n_parts++].r = (enum resource_id)r;

	struct load_worker *w = xcalloc((size_t)n, sizeof(*w));
	atomic_size_t next;
	atomic_init(&next, 0);
	for (int i = 0; i < n; i++) {
		w[i] = (struct load_worker){
			.db = dbs[i], .parts = parts, .n_parts = n_parts, .next = &next};
		arena_init(&w[i].arena);
	}
	par_run(n, load_worker_main, w, sizeof(*w));
	for (int i = 0; i < n; i++)
		arena_adopt(&m->arena, &w[i].arena);
	free(w);
	if (sqlite3_prepare_v2(dbs[0], "SELECT value FROM package WHERE key = 'meta'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		m->meta_json = arena_strdup(&m->arena, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (n == 1)
		exec(s, "COMMIT", &(struct jy_err){0});
	else
		for (int i = 0; i < n; i++)
			sqlite3_close(dbs[i]);
	/* join the parts table by table, ranges in order */
	for (int r = 0; r < RES_COUNT; r++)
		for (size_t i = 0; i < n_parts; i++)
			if (parts[i].r == (enum resource_id)r && !parts[i].failed)
				table_append(&m->tables[r], &parts[i].rows);
	for (size_t i = 0; i < n_parts; i++) {
		if (parts[i].failed && !rc)
			rc = jy_err_set(err, JY_ESTORE, "%s: cannot read: %s", s->path,
					parts[i].msg);
		free(parts[i].msg);
		table_release(&parts[i].rows);
	}
	free(parts);
	return rc;
}

int store_load_image(struct store *s, void **image, size_t *len, struct jy_err *err)
{
	sqlite3_stmt *st;
	sqlite3_int64 bytes = -1, hash = 0;
	struct stat stt;
	char *path;
	int fd, rc;

	*image = NULL;
	*len = 0;
	rc = sqlite3_prepare_v2(s->db, "SELECT bytes, hash FROM image", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		bytes = sqlite3_column_int64(st, 0);
		hash = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(s, err, "cannot read the model image's record");
	if (bytes <= 0)
		return jy_err_set(err, JY_ENOTFOUND, "%s: no model image", s->path);
	path = image_path(s->path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &stt) != 0 || stt.st_size != (off_t)bytes) {
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: %s", path,
				fd < 0 ? strerror(errno) : "not the image the database records");
		if (fd >= 0)
			close(fd);
		free(path);
		return rc;
	}
	/* private and read-only: nobody writes it. Not MAP_POPULATE: the hash's
	 * threads map the pages in parallel as they read them (measured: 0.052 s
	 * against 0.070 s at a million facts) */
	void *map = mmap(NULL, (size_t)bytes, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		rc = jy_err_set(err, JY_EIO, "%s: cannot map: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	if (image_hash(map, (size_t)bytes) != (uint64_t)hash) {
		munmap(map, (size_t)bytes);
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: not the image the database records", path);
		free(path);
		return rc;
	}
	free(path);
	*image = map;
	*len = (size_t)bytes;
	return 0;
}
