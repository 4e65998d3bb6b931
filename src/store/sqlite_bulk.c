/*
 * sqlite_bulk.c - the SQLite store's half of a whole-package import
 * (store/import.c drives it through struct store_be): a new database is
 * built beside its path with no journal and renamed into place
 * (bulk_publish), an existing one is replaced in one transaction; the image
 * triggers are dropped for the write and made again; the image's record.
 * docs/DESIGN.md, "Speed" and "The import, above the store".
 */
#include "sqlite.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/msg.h"
#include "base/tmp.h"

/* Rows per INSERT statement: a statement of many rows costs SQLite one
 * step, one reset and one start of its program where a row each cost as
 * many (measured at a million facts: 16 % of the writer's CPU). */
enum { INSERT_BATCH_ROWS = 32 };

/* The fields a table's rows are written with: all but the trailing ones
 * that may be absent and that no row fills (a package's provenance columns,
 * empty in every printed fact), which the table fills with NULL itself. */
static int written_fields(const struct table *t)
{
	int n = t->def->n_fields, min = schema_fields_min(t->def);

	for (; n > min; n--)
		for (size_t row = 0; row < t->n_rows; row++)
			if (*table_cell(t, row, n - 1))
				return n;
	return n;
}

/* INSERT INTO t(row_no, line, the first n fields) with `rows` sets of
 * parameters. */
static int prepare_insert(struct store *s, const struct resource_def *def, int n, int rows,
			  sqlite3_stmt **st, struct jy_err *err)
{
	struct buf sql;
	int rc = 0;

	buf_init(&sql);
	buf_addf(&sql, "INSERT INTO \"%s\"(row_no, line", def->name);
	for (int i = 0; i < n; i++)
		buf_addf(&sql, ", \"%s\"", def->fields[i].name);
	buf_adds(&sql, ") VALUES");
	for (int r = 0; r < rows; r++) {
		buf_adds(&sql, r ? ", (?, ?" : "(?, ?");
		for (int i = 0; i < n; i++)
			buf_adds(&sql, ", ?");
		buf_addc(&sql, ')');
	}
	if (sqlite3_prepare_v2(s->db, sql.data, -1, st, NULL) != SQLITE_OK)
		rc = sqlite_error(s, err, "cannot prepare insert");
	buf_release(&sql);
	return rc;
}

/* Binds the first n fields of row `row` of t as the k-th row of st's
 * parameters. */
static void bind_row(sqlite3_stmt *st, int k, int n, const struct table *t, size_t row)
{
	int at = k * (n + 2);

	sqlite3_bind_int64(st, at + 1, (sqlite3_int64)row + 1);
	sqlite3_bind_int64(st, at + 2, t->lines[row]);
	for (int i = 0; i < n; i++) {
		const char *v = table_cell(t, row, i);
		if (*v)
			sqlite3_bind_text(st, at + i + 3, v, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, at + i + 3);
	}
}

int sqlite_insert_rows(struct store *s, const struct table *t, struct jy_err *err)
{
	const struct resource_def *def = t->def;
	int batch = INSERT_BATCH_ROWS, n = written_fields(t);
	sqlite3_stmt *many = NULL, *one = NULL;
	int rc;

	/* a batch's parameters within what this SQLite allows */
	while (batch > 1 &&
	       batch * (n + 2) > sqlite3_limit(s->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1))
		batch /= 2;
	if ((rc = prepare_insert(s, def, n, batch, &many, err)) ||
	    (rc = prepare_insert(s, def, n, 1, &one, err))) {
		sqlite3_finalize(many);
		return rc;
	}
	for (size_t row = 0; row < t->n_rows;) {
		/* whole batches, then the rows left one by one */
		size_t k = t->n_rows - row >= (size_t)batch ? (size_t)batch : 1;
		sqlite3_stmt *st = k > 1 ? many : one;
		for (size_t j = 0; j < k; j++)
			bind_row(st, (int)j, n, t, row + j);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = k > 1 ? jy_err_set(err, sqlite_code(s), "%s: %s rows %zu to %zu: %s",
						s->path, def->name, row + 1, row + k,
						sqlite3_errmsg(s->db))
				   : jy_err_set(err, sqlite_code(s), "%s: %s row %zu: %s", s->path,
						def->name, row + 1, sqlite3_errmsg(s->db));
			break;
		}
		sqlite3_reset(st);
		size_t before = row;
		row += k;
		if (s->cancel && before / 4096 != row / 4096 && atomic_load(s->cancel)) {
			rc = jy_err_set(err, JY_ESTORE, "%s: abandoned", s->path);
			break;
		}
		/* Start writing what SQLite has written so far to the disk, without
		 * waiting: the flush before the file is renamed then finds little
		 * left to do (it was 0.5-0.7 s at a million facts). */
		if (s->flush_fd >= 0 && before / 65536 != row / 65536)
			sync_file_range(s->flush_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	}
	sqlite3_finalize(many);
	sqlite3_finalize(one);
	return rc;
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
		return sqlite_error(s, err, "cannot read the schema");
	buf_init(&drop);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(tr->sql, cap, tr->n + 1);
		tr->sql[tr->n++] = xstrdup((const char *)sqlite3_column_text(st, 1));
		buf_addf(&drop, "DROP TRIGGER \"%s\";", sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? sqlite_exec(s, drop.data, err)
			       : sqlite_error(s, err, "cannot read the schema");
	buf_release(&drop);
	return rc;
}

static int triggers_restore(struct store *s, struct stale_triggers *tr, struct jy_err *err)
{
	for (size_t i = 0; i < tr->n; i++)
		if (sqlite_exec(s, tr->sql[i], err))
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

/* Did a write fail for want of space (db's last call, or errno e)? */
int sqlite_is_full(sqlite3 *db, int e)
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

/* The state of a whole-package write (s->bulk). */
struct sqlite_bulk {
	int fresh;	     /* a new file (tmp), not the database in place */
	struct tmp_file tmp; /* the new file, locked while it exists */
	struct stale_triggers tr;
	int committed;
};

static int is_fresh(const char *path)
{
	struct stat st;
	return stat(path, &st) != 0 && errno == ENOENT;
}

/* Before an import: what killed commands left goes, and a database that
 * cannot be written is refused with the reason before anything is opened
 * (SQLite would open it read-only, say only "readonly database", and leave
 * a read-only -shm behind). */
int sqlite_bulk_prepare(const char *path, struct jy_err *err)
{
	sqlite_clean_stale(path);
	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0 && errno != ENOENT)
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_WRITE, msg_errno(errno));
	release_shm(path);
	return 0;
}

/* Opens the file a new database is built in, or the database in place.
 * Returns 1 (nothing open) when in place, undecided, and the file is not a
 * current store: only a transaction may change it before the decision. */
static int bulk_open(const char *path, int decided, struct tmp_file *tmp, struct store **out,
		     struct jy_err *err)
{
	int rc;

	if (is_fresh(path)) {
		if (tmp_create(tmp, path, 0) != 0)
			return jy_err_msg(err, sqlite_is_full(NULL, errno) ? JY_EFULL : JY_EIO,
					  path, 0, 0, NULL, M_CANNOT_CREATE, msg_errno(errno));
		if ((rc = sqlite_open_mode(tmp->path, 1, OPEN_NEW_FILE, out, err))) {
			tmp_discard(tmp);
			return rc;
		}
		/* messages name the database, not the file it is built in */
		free((*out)->path);
		(*out)->path = xstrdup(path);
		return 0;
	}
	if (decided)
		return sqlite_open_mode(path, 1, OPEN_STORE, out, err);
	if ((rc = sqlite_open_mode(path, 0, OPEN_AS_IS, out, err)))
		return rc;
	if (!sqlite_is_current(*out)) {
		sqlite_close(*out);
		*out = NULL;
		return 1;
	}
	return 0;
}

int sqlite_bulk_begin(const char *path, int decided, atomic_int *cancel, struct store **out,
		      struct jy_err *err)
{
	struct tmp_file tmp = {.fd = -1, .slot = -1};
	struct store *s = NULL;
	int rc = bulk_open(path, decided, &tmp, &s, err);

	*out = NULL;
	if (rc)
		return rc;
	s->bulk = xcalloc(1, sizeof(*s->bulk));
	s->bulk->tmp = tmp;
	s->bulk->fresh = tmp.path != NULL;
	s->cancel = cancel;
	if (s->bulk->fresh)
		s->flush_fd = dup(tmp.fd);
	if (sqlite_exec(s, bulk_pragmas, err) ||
	    sqlite_exec(s, s->bulk->fresh ? "BEGIN" : "BEGIN IMMEDIATE", err) ||
	    triggers_drop(s, &s->bulk->tr, err) || sqlite_exec(s, "DELETE FROM image", err)) {
		rc = err->code;
		sqlite_bulk_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

int sqlite_bulk_commit(struct store *s, struct jy_err *err)
{
	struct sqlite_bulk *b = s->bulk;
	int rc = 0;

	assert(b && !b->committed);
	if (triggers_restore(s, &b->tr, err) || sqlite_exec(s, "COMMIT", err) ||
	    /* readers open a new file in WAL mode, as every store */
	    (b->fresh && sqlite_exec(s, "PRAGMA journal_mode=WAL", err)))
		return err->code;
	b->committed = 1;
	sqlite3_close(s->db);
	s->db = NULL;
	if (b->fresh && fsync(b->tmp.fd) != 0)
		rc = jy_err_msg(err, sqlite_is_full(NULL, errno) ? JY_EFULL : JY_EIO, s->path, 0, 0,
				NULL, M_CANNOT_WRITE, msg_errno(errno));
	if (rc)
		b->committed = 0; /* not durable: a new file is removed */
	return rc;
}

int sqlite_bulk_publish(struct store *s, struct jy_err *err)
{
	struct sqlite_bulk *b = s->bulk;
	char *dir;
	int rc = 0;

	assert(b && b->committed);
	if (!b->fresh)
		return 0;
	if (tmp_commit(&b->tmp, s->path, RENAME_NOREPLACE) != 0) {
		rc = errno == EEXIST ? 1
				     : jy_err_msg(err, JY_EIO, s->path, 0, 0, NULL, M_CANNOT_CREATE,
						  msg_errno(errno));
		tmp_discard(&b->tmp);
		return rc;
	}
	dir = xstrdup(s->path);
	sync_path(dirname(dir), 1);
	free(dir);
	return 0;
}

void sqlite_bulk_close(struct store *s)
{
	struct sqlite_bulk *b = s->bulk;

	if (b && !b->committed && !b->fresh && s->db)
		sqlite_exec(s, "ROLLBACK", &(struct jy_err){0});
	if (b) {
		triggers_release(&b->tr);
		tmp_discard(&b->tmp); /* a new file not given its name */
		free(b);
		s->bulk = NULL;
	}
	sqlite_close(s);
}

int sqlite_set_meta(struct store *s, const char *json, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db,
			       "INSERT OR REPLACE INTO package(key, value) VALUES('meta', ?)", -1,
			       &st, NULL) != SQLITE_OK)
		return sqlite_error(s, err, "cannot store metadata");
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot store metadata");
	sqlite3_finalize(st);
	return rc;
}

/* The image's record replaces any other; the triggers delete it when a
 * table changes after. */
int sqlite_image_record(struct store *s, size_t len, uint64_t hash, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite_exec(s, "DELETE FROM image", err))
		return err->code;
	if (sqlite3_prepare_v2(s->db, "INSERT INTO image(bytes, hash) VALUES(?, ?)", -1, &st,
			       NULL) != SQLITE_OK)
		return sqlite_error(s, err, "cannot record the model image");
	sqlite3_bind_int64(st, 1, (sqlite3_int64)len);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)hash);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = sqlite_error(s, err, "cannot record the model image");
	sqlite3_finalize(st);
	return rc;
}

int sqlite_image_lookup(struct store *s, size_t *len, uint64_t *hash, struct jy_err *err)
{
	sqlite3_stmt *st;
	sqlite3_int64 bytes = -1, h = 0;
	int rc = sqlite3_prepare_v2(s->db, "SELECT bytes, hash FROM image", -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		bytes = sqlite3_column_int64(st, 0);
		h = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_error(s, err, "cannot read the model image's record");
	if (bytes <= 0)
		return jy_err_set(err, JY_ENOTFOUND, "%s: no model image", s->path);
	*len = (size_t)bytes;
	*hash = (uint64_t)h;
	return 0;
}

char *sqlite_image_path(const char *path)
{
	size_t n = strlen(path) + sizeof("-image");
	char *p = xmalloc(n);
	snprintf(p, n, "%s-image", path);
	return p;
}
