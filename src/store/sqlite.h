/*
 * sqlite.h - what the files of the SQLite store share (private: the rest of
 * the program sees store.h only).
 *
 * store_sqlite.c opens, migrates, imports and loads whole packages;
 * sqlite_schema.c makes the tables from model/schema.c; sqlite_rows.c is
 * the one-row half of struct store_be (rows by key, revision, history).
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

extern const struct store_be sqlite_store_be;

/* store_be.open, and the whole-package paths store.c hands a path to. */
int sqlite_open(const char *path, int flags, struct store **out, struct jy_err *err);
void sqlite_close(struct store *s);
int sqlite_import(const char *path, const struct model *m, store_check_fn check, void *ctx,
		  struct jy_err *err);
int sqlite_load(struct store *s, struct model *m, struct jy_err *err);
int sqlite_load_image(struct store *s, void **image, size_t *len, struct jy_err *err);
/* The package's id: its descriptor's name ("" when it has none); the
 * caller frees. */
char *sqlite_package_name(struct store *s);

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
