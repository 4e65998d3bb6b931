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
	atomic_int *cancel;	  /* set: abandon a write in progress (see store_import) */
	int flush_fd;		  /* >= 0: the file of a bulk write, flushed as it goes */
	struct sqlite_bulk *bulk; /* a whole-package write in progress (sqlite_bulk.c) */
};

/* The byte of a -shm file that every connection using it holds a read lock
 * on (SQLite's UNIX_SHM_DMS, os_unix.c). */
enum { SHM_DMS_BYTE = 128 };

extern const struct store_be sqlite_store_be;

/* store_be.open, and the whole-package paths store.c hands a path to. */
int sqlite_open(const char *path, int flags, struct store **out, struct jy_err *err);
void sqlite_close(struct store *s);

/* The whole-package half of struct store_be (sqlite_bulk.c, sqlite_load.c). */
int sqlite_bulk_prepare(const char *path, struct jy_err *err);
int sqlite_bulk_begin(const char *path, int decided, atomic_int *cancel, struct store **out,
		      struct jy_err *err);
int sqlite_bulk_commit(struct store *s, struct jy_err *err);
int sqlite_bulk_publish(struct store *s, struct jy_err *err);
void sqlite_bulk_close(struct store *s);
int sqlite_set_meta(struct store *s, const char *json, struct jy_err *err);
int sqlite_image_record(struct store *s, size_t len, uint64_t hash, struct jy_err *err);
int sqlite_image_lookup(struct store *s, size_t *len, uint64_t *hash, struct jy_err *err);
char *sqlite_image_path(const char *path);
int sqlite_load(struct store *s, struct model *m, struct jy_err *err);

/* Every row of t inserted into its (empty) table, binding t's cells in
 * place; stops when *s->cancel is set, and starts flushing s->flush_fd as it
 * goes. */
int sqlite_insert_rows(struct store *s, const struct table *t, struct jy_err *err);

/* Did a write fail for want of space (db's last call, or errno e)? */
int sqlite_is_full(sqlite3 *db, int e);
/* The error code of db's last failure: JY_EFULL for want of space,
 * JY_ESTORE otherwise. */
int sqlite_code(struct store *s);

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
/* Removes the temporaries of the database that killed commands left
 * (base/tmp.h); the image's are image_cache.c's. */
void sqlite_clean_stale(const char *path);
/* ", \"f1\", \"f2\"…": def's columns, quoted, for a column list. */
void sqlite_quoted_columns(struct buf *b, const struct resource_def *def);
/* The package's id: its descriptor's name ("" when it has none); the
 * caller frees. */
char *sqlite_package_name(struct store *s);

/* Runs sql (several statements); the error names the database. */
int sqlite_exec(struct store *s, const char *sql, struct jy_err *err);
int sqlite_error(struct store *s, struct jy_err *err, const char *what);

/* CREATE TABLE of resource def, columns as in model/schema.c. */
void sqlite_schema_table(const struct resource_def *def, struct buf *out);
/* The budget execution ledger's tables (migration 4 -> 5, and a new database). */
extern const char sqlite_ledger_tables[];
/* The users of `jipyo serve` (migration 5 -> 6, and a new database). */
extern const char sqlite_users_tables[];
/* A new database's tables, all made from the schema table. */
int sqlite_schema_create(struct store *s, struct jy_err *err);
/* An older database brought to the schema table: missing tables made,
 * missing trailing columns added (a migration step; see store_sqlite.c). */
int sqlite_schema_sync(struct store *s, struct jy_err *err);

#endif
