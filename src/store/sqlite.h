/*
 * sqlite.h - what the files of the SQLite store share (private: the rest of
 * the program sees store.h only).
 *
 * store_sqlite.c opens and migrates a database; sqlite_bulk.c writes a
 * whole package (the import); sqlite_load.c reads one back on several
 * connections; sqlite_schema.c makes the tables from model/schema.c;
 * sqlite_rows.c is the one-row half of struct store_be (rows by key,
 * revision, history). The image file beside a database: image_cache.c.
 */
#ifndef JY_STORE_SQLITE_H
#define JY_STORE_SQLITE_H

#include <sqlite3.h>
#include <stdatomic.h>

#include "base/buf.h"
#include "store.h"

struct store {
	const struct store_be *be; /* first: the interface's (struct store_head) */
	sqlite3 *db;
	char *path;
	atomic_int *cancel; /* set: abandon a write in progress (see store_import) */
	int flush_fd;	    /* >= 0: the file of a bulk write, flushed as it goes */
};

/* The byte of a -shm file that every connection using it holds a read lock
 * on (SQLite's UNIX_SHM_DMS, os_unix.c). */
enum { SHM_DMS_BYTE = 128 };

extern const struct store_be sqlite_store_be;

/* store_be.open, and the whole-package paths store.c hands a path to. */
int sqlite_open(const char *path, int flags, struct store **out, struct jy_err *err);
void sqlite_close(struct store *s);
int sqlite_import(const char *path, const struct model *m, store_check_fn check, void *ctx,
		  struct jy_err *err);

/* How a database is opened: as a store (WAL mode, foreign keys enforced,
 * migrated to this program's schema); as it is (the same settings for the
 * connection, but nothing written to the file: no journal switch, no
 * migration); or as a new file being built (no journal, the caller's
 * schema work). */
enum sqlite_open_mode { OPEN_STORE, OPEN_AS_IS, OPEN_NEW_FILE };

/* Opens the database at path in that mode (create: make a missing file). */
int sqlite_open_mode(const char *path, int create, enum sqlite_open_mode mode, struct store **out,
		     struct jy_err *err);
/* Is the database at this program's schema, in WAL mode? */
int sqlite_is_current(struct store *s);
/* Removes the temporaries of the database and of its image that killed
 * commands left (base/tmp.h). */
void sqlite_clean_stale(const char *path);
/* ", \"f1\", \"f2\"…": def's columns, quoted, for a column list. */
void sqlite_quoted_columns(struct buf *b, const struct resource_def *def);

/* Runs sql (several statements); the error names the database. */
int sqlite_exec(struct store *s, const char *sql, struct jy_err *err);
int sqlite_error(struct store *s, struct jy_err *err, const char *what);

/* CREATE TABLE of resource def, columns as in model/schema.c. */
void sqlite_schema_table(const struct resource_def *def, struct buf *out);
/* A new database's tables, all made from the schema table. */
int sqlite_schema_create(struct store *s, struct jy_err *err);
/* An older database brought to the schema table: missing tables made,
 * missing trailing columns added (a migration step; see store_sqlite.c). */
int sqlite_schema_sync(struct store *s, struct jy_err *err);

#endif
