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

/* One folder's (or workbook's) package into the store. */
static int import_one(const char *dir, const char *db, struct jy_err *err)
{
	struct model m;
	int rc;

	progress_start(msg_korean() ? "패키지 읽기" : "reading the package");
	model_init(&m);
	rc = pkg_read(dir, &m, err);
	if (!rc)
		rc = lost_in_store(&m, db, err);
	par_timing("read package");
	progress_phase(msg_korean() ? "검증과 저장" : "validating and storing");
	if (!rc)
		rc = store_import(db, &m, validate, &m, err);
	progress_end();
	par_timing("validate and store");
	if (!rc) {
		size_t facts = m.tables[RES_FACTS].n_rows, rules = m.tables[RES_RULES].n_rows;
		msg_print(stderr, M_IMPORTED, dir, db, facts, rules, m.tables[RES_NODES].n_rows,
			  m.tables[RES_UNITS].n_rows);
		fputc('\n', stderr);
	}
	model_release(&m);
	par_timing("close");
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
	for (int i = 0; i < a.n_positional && !rc; i++)
		if ((rc = import_one(a.positional[i], a.db, &err)) && a.n_positional > 1)
			msg_note(M_IMPORT_STOPPED, a.positional[i], i + 1, a.n_positional);
	return rc ? cmd_fail(&err) : 0;
}
