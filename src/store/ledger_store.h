/*
 * ledger_store.h - the budget execution ledger in the store's SQLite file.
 *
 * Tables ledger_imports, ledger_lines, ledger_tx and ledger_cum (the
 * cumulative figures per line and day; see ledger/ledger.h) are created by
 * a migration step of store_sqlite.c. An import streams a CSV file, checks
 * every invariant and writes all of it in one transaction or nothing.
 */
#ifndef JY_LEDGER_STORE_H
#define JY_LEDGER_STORE_H

#include <stddef.h>

#include "base/err.h"
#include "base/mem.h"
#include "base/strmap.h"
#include "ledger/ledger.h"

struct ledger_db;

/* Opens the ledger of an existing Jipyo database (migrated if older). */
int ledger_db_open(const char *path, struct ledger_db **out, struct jy_err *err);
void ledger_db_close(struct ledger_db *db);

enum ledger_encoding { LENC_AUTO, LENC_UTF8, LENC_CP949 };

struct ledger_import_stats {
	long rows;
	double seconds;
};

enum {
	LEDGER_PROGRESS = 1, /* a progress line on stderr while reading */
	LEDGER_DRY_RUN = 2   /* check everything, write nothing */
};

/* Imports a ledger CSV (docs/DATA.md): every row checked, the invariants of
 * the lines it touches checked with what is stored, all of it written or
 * nothing. flags: LEDGER_PROGRESS, LEDGER_DRY_RUN (the same checks and the
 * same errors, the database left as it was: a voucher is checked against
 * the file's in memory and against the stored ones by their index). */
int ledger_import(struct ledger_db *db, const char *path, enum ledger_encoding enc, int flags,
		  struct ledger_import_stats *stats, struct jy_err *err);

/* What reports read once: the units (in their printed order), the titles of
 * program nodes, and every budget line. */
struct ledger_unit {
	const char *id, *parent, *name;
};
struct ledger_line {
	long id;
	int year;
	const char *unit, *program, *code;
	size_t unit_ix; /* into units */
};
struct ledger_view {
	struct arena arena;
	struct ledger_unit *units;
	size_t n_units;
	struct strmap unit_ix;	  /* unit id -> index */
	struct strmap node_title; /* node id -> index into titles */
	const char **titles;
	struct ledger_line *lines; /* in id order */
	size_t n_lines;
};

int ledger_view_load(struct ledger_db *db, struct ledger_view *v, struct jy_err *err);
void ledger_view_release(struct ledger_view *v);
/* The title of a program node, or its id when the package has none. */
const char *ledger_view_title(const struct ledger_view *v, const char *node);

/* The figures of one line at the end of day (zero before its first). */
int ledger_asof(struct ledger_db *db, long line_id, long day, struct ledger_cum *out,
		struct jy_err *err);
/* The figures of every line of v at the end of day, into out[v->n_lines]. */
int ledger_asof_all(struct ledger_db *db, const struct ledger_view *v, long day,
		    struct ledger_cum *out, struct jy_err *err);

#endif
