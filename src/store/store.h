/*
 * store.h - where packages are kept between commands: the one interface.
 *
 * A store is opened by a URI or a path: "sqlite:PATH" or a plain PATH is
 * the embedded SQLite store (store_sqlite.c, sqlite_*.c);
 * "postgres://…", "postgresql://…" or libpq's "host=… dbname=…" is the
 * PostgreSQL store (pg.c, pg_bulk.c), where one database holds many
 * packages: "URI#ID" or store_use_package names one. Every backend is one
 * struct store_be of functions (git's ref_storage_be), and every backend's
 * connection begins with a pointer to it, so that the functions below
 * dispatch without knowing the backend. tests/unit/test_store.c runs
 * against this header alone, parametrised by a URI.
 *
 * Rows are addressed by their key (model/schema.c's primary_key), never by
 * position; the package has a revision that every change increments, and
 * a history whose entries are hash-chained (history.c). docs/DESIGN.md,
 * "The live store", has the reasons.
 */
#ifndef JY_STORE_H
#define JY_STORE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/mem.h"
#include "model/facts.h"
#include "model/model.h"

struct store;
struct finding_status; /* status.h */

/* One entry of the history: one change of one row, or one import. Strings
 * are the backend's or the caller's; see history.c for the canonical form
 * the hash covers. */
struct history_entry {
	long seq;	      /* 1, 2, … in the order appended */
	long revision;	      /* the package's revision after the change */
	const char *at;	      /* UTC, "2024-05-01T09:30:00Z" */
	const char *by;	      /* who */
	const char *resource; /* "facts", "milestones", …; "package" for an import */
	const char *key;      /* the row's key cells as a JSON array ("[]": the package) */
	const char *before;   /* the row as a JSON object of its cells; "" when added */
	const char *after;    /* the same after the change; "" when deleted */
	const char *reason;   /* "" when none given */
	const char *prev;     /* hex SHA-256 of the entry before (64 zeros for the first) */
	const char *hash;     /* hex SHA-256 of prev and this entry's canonical form */
};

/* Called for each entry in seq order; a non-zero return stops the walk and
 * is returned. */
typedef int (*history_fn)(void *ctx, const struct history_entry *e);

enum store_open_flags {
	STORE_CREATE = 1 << 0, /* make the store when it does not exist */
	/* the whole package is read next (store_load): a server's store may read
	 * it with the open, in the same round trip */
	STORE_LOAD = 1 << 1
};

/* The operations of a backend. Key arrays hold the cells of the row's key
 * columns in primary_key order; row arrays hold every field's cell ("" or
 * NULL for an empty one). Functions return 0 or a JY_E* code with err set:
 * JY_ENOTFOUND for a key no row has, JY_EINPUT for a key that is taken. */
struct store_be {
	int version; /* STORE_BE_VERSION: a backend built for another is refused */
	const char *name;
	int (*open)(const char *location, int flags, struct store **out, struct jy_err *err);
	void (*close)(struct store *s);
	/* one write transaction at a time; nothing is seen by others before commit */
	int (*begin)(struct store *s, struct jy_err *err);
	int (*commit)(struct store *s, struct jy_err *err);
	void (*rollback)(struct store *s);
	/* every row of t->def's resource replaced by t's */
	int (*replace)(struct store *s, const struct table *t, struct jy_err *err);
	/* every row of resource r appended to out (strings in a), in stored order */
	int (*read)(struct store *s, enum resource_id r, struct table *out, struct arena *a,
		    struct jy_err *err);
	/* the row with this key appended to out */
	int (*get)(struct store *s, enum resource_id r, const char *const *key, struct table *out,
		   struct arena *a, struct jy_err *err);
	int (*put)(struct store *s, enum resource_id r, const char *const *row, long line,
		   struct jy_err *err);
	int (*update)(struct store *s, enum resource_id r, const char *const *key,
		      const char *const *row, struct jy_err *err);
	int (*del)(struct store *s, enum resource_id r, const char *const *key, struct jy_err *err);
	int (*revision)(struct store *s, long *rev, struct jy_err *err);
	int (*set_revision)(struct store *s, long rev, struct jy_err *err);
	/* appends e as it is (seq, prev and hash filled in by history.c) */
	int (*history_append)(struct store *s, const struct history_entry *e, struct jy_err *err);
	/* every entry in seq order, then fn(ctx, NULL) is not called: the walk just ends */
	int (*history_list)(struct store *s, history_fn fn, void *ctx, struct jy_err *err);
	/* the entry with the highest seq; JY_ENOTFOUND when there is none */
	int (*history_last)(struct store *s, history_fn fn, void *ctx, struct jy_err *err);

	/* ---- version 2: what a whole-package import needs (store/import.c drives
	 * these; NULL where a backend has none) and the whole-package read ---- */
	/* Before an import into location: what killed imports left is removed, a
	 * store that cannot be written refused with its cause. */
	int (*bulk_prepare)(const char *location, struct jy_err *err);
	/* Opens location for writing a whole package and begins the write: the
	 * caller then replaces every resource (replace, set_meta, store_record_import),
	 * records the image, and bulk_commit. Nothing is visible to others before
	 * bulk_publish. decided: the package is known good; before that the
	 * backend may change nothing outside the write, and returns 1 (no store,
	 * nothing done) when it cannot begin otherwise (a migration to run).
	 * A set *cancel asks replace to stop ("abandoned"). */
	int (*bulk_begin)(const char *location, int decided, atomic_int *cancel, struct store **out,
			  struct jy_err *err);
	/* Commits the write and makes it durable. */
	int (*bulk_commit)(struct store *s, struct jy_err *err);
	/* A store made new by bulk_begin takes its name: 0, or 1 when another
	 * appeared there meanwhile (nothing published: write again, in place). */
	int (*bulk_publish)(struct store *s, struct jy_err *err);
	/* Drops whatever was not committed (a new store not published is
	 * removed) and frees s. */
	void (*bulk_close)(struct store *s);
	/* The package's metadata (the descriptor's JSON), inside a write. */
	int (*set_meta)(struct store *s, const char *json, struct jy_err *err);
	/* The size and hash of the model image that describes this content
	 * (image_cache.c), inside a write; any later change of a row drops it.
	 * image_lookup: JY_ENOTFOUND when there is none. */
	int (*image_record)(struct store *s, size_t len, uint64_t hash, struct jy_err *err);
	int (*image_lookup)(struct store *s, size_t *len, uint64_t *hash, struct jy_err *err);
	/* Where the image of the store at location is kept (malloc'ed), NULL
	 * when it keeps none. */
	char *(*image_path)(const char *location);
	/* The whole content into an initialised, empty model (metadata too). */
	int (*load)(struct store *s, struct model *m, struct jy_err *err);

	/* ---- version 3: the status people give findings (status.h), the package's
	 * own: the parts that differ by backend; status.c holds the rest ---- */
	/* Inside a transaction: the row of (st->rule, st->target) set, no history. */
	int (*status_put)(struct store *s, const struct finding_status *st, struct jy_err *err);
	/* Every row, ordered by rule and target (bytewise); a non-zero return of
	 * fn stops the walk and is returned. */
	int (*status_list)(struct store *s, int (*fn)(void *ctx, const struct finding_status *st),
			   void *ctx, struct jy_err *err);
};

/* 2: the bulk operations, image record and load above; 3: the statuses. */
enum { STORE_BE_VERSION = 3 };

/* Every backend's connection starts with this (git's struct ref_store). */
struct store_head {
	const struct store_be *be;
};

/* The package the next stores opened are asked for (--package; NULL: the
 * only one the database holds, or for an import the descriptor's name).
 * An SQLite file holds one package: a name that is not its is refused. */
void store_use_package(const char *id);
const char *store_package(void);
/* Does the store a URI names hold many packages (PostgreSQL), or one (an
 * SQLite file)? */
int store_holds_many(const char *uri);
/* Before an import of the package whose descriptor is meta_json into uri:
 * an SQLite file takes only a package named as --package (when given);
 * the descriptor's name is kept for a store of many packages, which stores
 * the import under --package, else under store_imported_name() (NULL when
 * the descriptor has none). */
int store_import_package(const char *uri, const char *meta_json, struct jy_err *err);
const char *store_imported_name(void);

/* Opens the store a URI or path names ("sqlite:PATH", PATH); with
 * STORE_CREATE it is made when missing, otherwise a missing one is
 * JY_ENOTFOUND. An older store is migrated to this program's schema. */
int store_open_uri(const char *uri, int flags, struct store **out, struct jy_err *err);
/* The backend a URI names and the location it is given (the path after
 * "sqlite:"); JY_EINPUT for a scheme this build has no backend for. */
int store_backend(const char *uri, const struct store_be **be, const char **location,
		  struct jy_err *err);

int store_begin(struct store *s, struct jy_err *err);
int store_commit(struct store *s, struct jy_err *err);
void store_rollback(struct store *s);
int store_replace(struct store *s, const struct table *t, struct jy_err *err);
int store_read(struct store *s, enum resource_id r, struct table *out, struct arena *a,
	       struct jy_err *err);
int store_get(struct store *s, enum resource_id r, const char *const *key, struct table *out,
	      struct arena *a, struct jy_err *err);
int store_put(struct store *s, enum resource_id r, const char *const *row, long line,
	      struct jy_err *err);
int store_update(struct store *s, enum resource_id r, const char *const *key,
		 const char *const *row, struct jy_err *err);
int store_delete(struct store *s, enum resource_id r, const char *const *key, struct jy_err *err);
int store_revision(struct store *s, long *rev, struct jy_err *err);
int store_history_list(struct store *s, history_fn fn, void *ctx, struct jy_err *err);

/* Inside a transaction: increments the revision and appends the entry
 * describing the change (history.c fills seq, revision, at, prev and hash;
 * by defaults to the login name). *revision gets the new revision. */
int store_record(struct store *s, const struct history_entry *change, long *revision,
		 struct jy_err *err);

/* The login name of whoever runs the command: who a change is by unless
 * told. */
const char *store_login_name(void);

/* The entry of an import of m (store_record), inside its transaction. */
int store_record_import(struct store *s, const struct model *m, struct jy_err *err);

/* Walks the history and checks its chain. 0: intact, *entries counted and
 * head the last hash; 1: broken, err->msg naming the first entry another
 * program edited, deleted, inserted or reordered; or a JY_E* code. */
int store_audit_verify(struct store *s, long *entries, char head[65], struct jy_err *err);

/* The JSON forms of history entries (store.h's key, before and after):
 * a row's key cells as an array, a row as an object of its non-empty cells
 * in schema order. Caller frees. */
char *store_key_json(const struct table *t, size_t row);
char *store_row_json(const struct table *t, size_t row);

/* The key cells of row `row` of t (pointers into t), in primary_key order;
 * returns how many. */
int store_key_of(const struct table *t, size_t row, const char *key[JY_CSV_COLUMNS_MAX]);
/* The columns of r's key, in primary_key order; returns how many. */
int store_key_columns(enum resource_id r, int cols[JY_CSV_COLUMNS_MAX]);

/* Opens (creating if needed) and migrates the store at path or URI. */
int store_open(const char *uri, struct store **out, struct jy_err *err);
/* Opens an existing store; a missing file is JY_ENOTFOUND. */
int store_open_existing(const char *uri, struct store **out, struct jy_err *err);
void store_close(struct store *s);

/* Loads the whole content into an initialised, empty model. */
int store_load(struct store *s, struct model *m, struct jy_err *err);

/* ---- the whole-package import, above the backends (import.c) ---------------------- */

/* Checks the model before it may be stored: 0, or an error code with err
 * set. On success *fs holds the validated facts (model_validate_facts), for
 * the image; the store releases them. */
typedef int (*store_check_fn)(void *ctx, struct factset *fs, struct jy_err *err);

/* Replaces the whole content at uri with the model after check (may be
 * NULL) accepts it, atomically, and keeps the model's image (image_cache.h)
 * made from the validated facts. On two or more threads the tables are
 * written (bulk_begin … bulk_commit) while check runs and the image is
 * written. A failed check leaves the store as it was and returns check's
 * code. The import is one history entry and one revision. */
int store_import(const char *uri, const struct model *m, store_check_fn check, void *ctx,
		 struct jy_err *err);

/* ---- edits at the speed of a server (sqlite_image.c) ----------------------------- */

/* store_update of a row the caller's model lists at `index` (0-based), with
 * the same key: found from where it is listed, not by a scan of a table
 * that has no index on its key. Any other backend, or a changed key, is
 * store_update. */
int store_update_near(struct store *s, enum resource_id r, size_t index, const char *const *key,
		      const char *const *row, struct jy_err *err);
/* The image's record, read inside an edit's transaction before it writes
 * (have = 0: there is none) and written again after it (store_image_keep),
 * with the revision the image holds: only for an edit that a reader can
 * apply to the image (one fact's value, its key unchanged). */
struct store_image_hold {
	int have;
	long long bytes, hash;
	long base; /* the revision the image file holds */
};
int store_image_hold(struct store *s, long revision, struct store_image_hold *h,
		     struct jy_err *err);
int store_image_keep(struct store *s, const struct store_image_hold *h, struct jy_err *err);
/* The revision the image holds when edits came after it, else -1 (the image
 * is the package's current content, or there is none). */
int store_image_base(struct store *s, long *base, struct jy_err *err);
/* The history entries after `revision`, in order (seq, revision, resource,
 * key, before and after filled). */
int store_history_after(struct store *s, long revision, history_fn fn, void *ctx,
			struct jy_err *err);

/* The schema version the SQLite store is at (PRAGMA user_version). */
int store_version(struct store *s);

#endif
