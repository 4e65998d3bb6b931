/*
 * import.c - `jipyo import DIR... --db DB`: read, validate, store atomically
 * (one transaction per folder; several folders only into a database that
 * holds many packages, PostgreSQL's).
 *
 * Everything is validated in memory before anything is committed: a new
 * database is written to a file of its own meanwhile and only takes its name
 * when the package is good; an existing one has its content replaced in one
 * transaction, written meanwhile too when the file is already a current
 * store, after validation otherwise. A bad package never changes a database.
 */
#include <pthread.h>

#include "base/par.h"
#include "base/progress.h"
#include "cmd.h"
#include "model/facts.h"
#include "model/model.h"
#include "pkg/pkg.h"
#include "store/store.h"

/* Validates the package; the facts it parsed become the model's image. */
static int validate(void *m, struct factset *fs, struct jy_err *err)
{
	return model_validate_facts(m, stderr, fs, err);
}

/* A CP949 file of m whose characters became '?' where the stored package
 * has them (pkg_cp949_lost): refused. No store yet, nothing to compare. */
static int lost_in_store(struct model *m, const char *db, struct jy_err *err)
{
	struct store *s;
	struct model stored;
	int rc;

	if (!pkg_cp949_suspect(m))
		return 0;
	if ((rc = store_open_existing(db, &s, err)))
		return rc == JY_ENOTFOUND ? 0 : rc;
	model_init(&stored);
	rc = store_load(s, &stored, err);
	store_close(s);
	if (!rc)
		rc = pkg_cp949_lost(m, &stored, err);
	model_release(&stored);
	return rc;
}

/* One folder's (or workbook's) package, read (rc: how its reading went),
 * into the store; m is released. */
static int import_read(const char *dir, struct model *m, int rc, const char *db, struct jy_err *err)
{
	if (!rc)
		rc = lost_in_store(m, db, err);
	par_timing("read package");
	progress_phase(msg_korean() ? "검증과 저장" : "validating and storing");
	if (!rc)
		rc = store_import(db, m, validate, m, err);
	progress_end();
	par_timing("validate and store");
	if (!rc) {
		size_t facts = m->tables[RES_FACTS].n_rows, rules = m->tables[RES_RULES].n_rows;
		msg_print(stderr, M_IMPORTED, dir, db, facts, rules, m->tables[RES_NODES].n_rows,
			  m->tables[RES_UNITS].n_rows);
		fputc('\n', stderr);
	}
	model_release(m);
	par_timing("close");
	return rc;
}

/* The next folder's package, read on a thread of its own while the one
 * before it is validated and written: with many small packages into a
 * server, the client's reading then overlaps the server's writing (and its
 * round trips) instead of following it. It prints nothing. */
struct ahead {
	pthread_t thread;
	int running;
	const char *dir;
	struct model m;
	struct jy_err err;
	int rc;
};

static void *ahead_main(void *p)
{
	struct ahead *a = p;

	a->rc = pkg_read(a->dir, &a->m, &a->err);
	return NULL;
}

static void ahead_start(struct ahead *a, const char *dir)
{
	a->dir = dir;
	model_init(&a->m);
	a->running = pthread_create(&a->thread, NULL, ahead_main, a) == 0;
	if (!a->running)
		ahead_main(a);
}

/* The package read: its model (the caller's to release) and how it went. */
static int ahead_take(struct ahead *a, struct model *m, struct jy_err *err)
{
	if (a->running)
		pthread_join(a->thread, NULL);
	a->running = 0;
	*m = a->m;
	if (a->rc)
		*err = a->err;
	return a->rc;
}

/* Several folders, each read while the one before it is written; the
 * first that fails stops the command (the read of the next is dropped). */
static int import_many(const char *const *dirs, int n, const char *db, struct jy_err *err)
{
	struct ahead next;
	struct model m;
	int rc = 0;

	ahead_start(&next, dirs[0]);
	for (int i = 0; i < n && !rc; i++) {
		progress_start(msg_korean() ? "패키지 읽기" : "reading the package");
		rc = ahead_take(&next, &m, err);
		if (i + 1 < n)
			ahead_start(&next, dirs[i + 1]);
		if ((rc = import_read(dirs[i], &m, rc, db, err)))
			msg_note(M_IMPORT_STOPPED, dirs[i], i + 1, n);
	}
	if (next.running) {
		struct jy_err dropped;
		ahead_take(&next, &m, &dropped);
		model_release(&m);
	}
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const struct command *self = cmd_find("import");
	struct args a;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (a.n_positional < 1 || !a.db) {
		cmd_usage(self, stderr);
		return 2;
	}
	/* Several folders: each package under its descriptor's name, each in
	 * a transaction of its own, into a database that holds many. */
	if (a.n_positional > 1 && a.package) {
		return msg_error(M_IMPORT_PACKAGE_MANY);
	}
	if (a.n_positional > 1 && !store_holds_many(a.db)) {
		return msg_error(M_IMPORT_SQLITE_MANY, a.db);
	}
	par_timing(NULL);
	if (a.n_positional > 1) {
		rc = import_many(a.positional, a.n_positional, a.db, &err);
	} else {
		struct model m;
		progress_start(msg_korean() ? "패키지 읽기" : "reading the package");
		model_init(&m);
		rc = pkg_read(a.positional[0], &m, &err);
		rc = import_read(a.positional[0], &m, rc, a.db, &err);
	}
	return rc ? cmd_fail(&err) : 0;
}
