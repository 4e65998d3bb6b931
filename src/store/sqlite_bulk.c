/*
 * sqlite_bulk.c - a whole package written into the SQLite store at once
 * (store_import): a new database built beside its path and renamed into
 * place, or an existing one replaced in one transaction, on a thread of its
 * own while the package is validated; the model image written meanwhile
 * (image_cache.c). docs/DESIGN.md, "Speed", has the reasons.
 */
#include "sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/par.h"
#include "base/tmp.h"
#include "image_cache.h"

static int save_table(struct store *s, const struct table *t, struct jy_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	const struct resource_def *def = t->def;
	int n = def->n_fields;

	buf_init(&sql);
	buf_addf(&sql, "INSERT INTO \"%s\"(row_no, line", def->name);
	sqlite_quoted_columns(&sql, def);
	buf_adds(&sql, ") VALUES(?, ?");
	for (int i = 0; i < n; i++)
		buf_adds(&sql, ", ?");
	buf_adds(&sql, ")");
	if (sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		buf_release(&sql);
		return sqlite_error(s, err, "cannot prepare insert");
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

/* Replaces every table's rows with m's, inside the caller's transaction,
 * with the image triggers dropped (into tr) and the old image gone. */
static int write_tables(struct store *s, const struct model *m, struct stale_triggers *tr,
			struct jy_err *err)
{
	sqlite3_stmt *st;

	if (triggers_drop(s, tr, err) || sqlite_exec(s, "DELETE FROM image", err))
		return err->code;
	for (int r = RES_COUNT - 1; r >= 0; r--) {
		char sql[64];
		snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", schema_resources[r].name);
		if (sqlite_exec(s, sql, err))
			return err->code;
	}
	for (int r = 0; r < RES_COUNT; r++)
		if (save_table(s, &m->tables[r], err))
			return err->code;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT OR REPLACE INTO package(key, value) VALUES('meta', ?)", -1,
			       &st, NULL) != SQLITE_OK)
		return sqlite_error(s, err, "cannot store metadata");
	sqlite3_bind_text(st, 1, m->meta_json ? m->meta_json : "{}", -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return sqlite_error(s, err, "cannot store metadata");
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
			return sqlite_error(s, err, "cannot record the model image");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)img->len);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)img->hash);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sqlite_error(s, err, "cannot record the model image");
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
		} else if (!(rc = sqlite_open_mode(b->tmp.path, 1, OPEN_NEW_FILE, &b->s,
						   &b->err))) {
			/* messages name the database, not the file it is built in */
			free(b->s->path);
			b->s->path = xstrdup(b->path);
		}
	} else if (decided) {
		rc = sqlite_open_mode(b->path, 1, OPEN_STORE, &b->s, &b->err);
	} else {
		/* Before the check has decided, only a transaction may change the
		 * file: one that needs its journal switched or its schema migrated
		 * (or is no store at all) waits for the decision. */
		rc = sqlite_open_mode(b->path, 0, OPEN_AS_IS, &b->s, &b->err);
		if (!rc && !sqlite_is_current(b->s)) {
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
		if (sqlite_exec(b->s, bulk_pragmas, &b->err) ||
		    sqlite_exec(b->s, b->fresh ? "BEGIN" : "BEGIN IMMEDIATE", &b->err))
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
	if (!rc && sqlite_exec(b->s, "COMMIT", &b->err))
		rc = b->err.code;
	if (rc && b->s)
		b->full = is_full(b->s->db, 0);
	if (rc && b->s && !b->fresh)
		sqlite_exec(b->s, "ROLLBACK", &(struct jy_err){0});
	/* readers open a new file in WAL mode, as every store */
	if (!rc && b->fresh && sqlite_exec(b->s, "PRAGMA journal_mode=WAL", &b->err))
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
	sqlite_clean_stale(path);
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
