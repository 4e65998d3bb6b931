/*
 * pg.h - what the files of the PostgreSQL store share (private: the rest of
 * the program sees store.h only).
 *
 * pg.c connects, makes and migrates the schema, chooses the package and
 * holds the one-row half of struct store_be; pg_bulk.c imports a whole
 * package with COPY FROM STDIN and loads one with COPY TO STDOUT;
 * pg_status.c and pg_users.c keep what is beside a package (the status of
 * its findings, its users). One database holds many packages: every table
 * carries the package id (pkg) first, and every statement of a connection
 * names its package.
 */
#ifndef JY_STORE_PG_H
#define JY_STORE_PG_H

#include <libpq-fe.h>

#include "base/buf.h"
#include "status.h"
#include "store.h"

struct pg_store {
	const struct store_be *be; /* first: the interface's (struct store_head) */
	PGconn *conn;
	char *label;   /* "PostgreSQL DB on HOST", for messages (no password) */
	char *package; /* the package every statement names */
	int in_tx;
	int bulk; /* in a whole-package write: its rows were deleted at its start */
	/* A whole-package write (pg_bulk.c) sends its statements in two query
	 * strings, not one round trip each: bulk_begin's reads what the
	 * history entry needs under the package's lock; the commit's carries
	 * every table's COPY, then `tail` (metadata, the entry, the revision)
	 * and COMMIT. Until then the backend's writes are only recorded here. */
	long bulk_revision;
	PGresult *bulk_last; /* the package's last history entry: no row, or one */
	const struct table *copies[RES_COUNT]; /* the tables with rows, in order */
	int n_copies;
	struct buf tail;
	struct model *pre; /* the package read with the open (STORE_LOAD), for load */
};

/* pg_open's flag: the caller names the package and makes it in its own
 * transaction (the import), so the open neither reads nor makes it. */
enum { PG_PACKAGE_LATER = 1 << 8 };

/* What history_last reads: the entry's columns, in struct history_entry's
 * order, from "history" (a WHERE and an ORDER BY follow). */
#define PG_HISTORY_SELECT                                                                          \
	"SELECT seq, revision, \"at\", \"by\", resource, \"key\", \"before\", \"after\", reason,"  \
	" prev, hash FROM history "

#define PG(s) ((struct pg_store *)(s))

extern const struct store_be pg_store_be;

/* Is uri a PostgreSQL connection string (postgres://, postgresql:// or
 * libpq's key=value form)? */
int pg_is_uri(const char *uri);

/* Opens the package `package` (NULL: the fragment of location, else the
 * one the database holds) of the database location names; with
 * STORE_CREATE the schema and the package are made when missing. */
int pg_open(const char *location, const char *package, int flags, struct store **out,
	    struct jy_err *err);
void pg_close(struct store *s);

/* Runs sql with the package id as $1 and params after it; the result, or
 * NULL with err set (JY_ECONN when the server went away). */
PGresult *pg_exec(struct pg_store *s, const char *sql, int n, const char *const *params,
		  ExecStatusType want, struct jy_err *err);
/* err set from the connection's state and res's message. */
int pg_error(struct pg_store *s, const PGresult *res, const char *what, struct jy_err *err);

/* Every row of t, as COPY's text format, into t's table for the package. */
int pg_copy_in(struct pg_store *s, const struct table *t, struct jy_err *err);
/* v as an SQL literal appended to b; nonzero (err set)
 * when libpq refuses it (bytes that are not UTF-8). */
int pg_add_literal(struct pg_store *s, struct buf *b, const char *v, struct jy_err *err);
/* Calls fn for each row of res, a PG_HISTORY_SELECT's answer; JY_ENOTFOUND
 * when last is set and there is none. */
int pg_history_rows(struct pg_store *s, const PGresult *res, int last, history_fn fn, void *ctx,
		    struct jy_err *err);

/* The whole-package half of struct store_be (pg_bulk.c), for store_import. */
int pg_bulk_begin(const char *location, int decided, atomic_int *cancel, struct store **out,
		  struct jy_err *err);
int pg_bulk_commit(struct store *s, struct jy_err *err);
int pg_bulk_publish(struct store *s, struct jy_err *err);
void pg_bulk_close(struct store *s);
int pg_set_meta(struct store *s, const char *json, struct jy_err *err);
int pg_load(struct store *s, struct model *m, struct jy_err *err);
/* The load's query string for the package whose SQL literal is pkg, and
 * the reading of its results into m (the transaction rolled back after an
 * error). */
void pg_load_sql(const char *pkg, struct buf *sql);
int pg_load_results(struct pg_store *s, struct model *m, struct jy_err *err);

/* The statuses' half of struct store_be (pg_status.c). */
int pg_status_put(struct store *s, const struct finding_status *st, struct jy_err *err);
int pg_status_list(struct store *s, status_fn fn, void *ctx, struct jy_err *err);

#endif
