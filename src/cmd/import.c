/*
 * import.c - `jipyo import DIR --db FILE`: read, validate, store atomically.
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

int cmd_import(int argc, char **argv)
{
	const struct command *self = cmd_find("import");
	struct args a;
	struct model m;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (a.n_positional != 1 || !a.db) {
		cmd_usage(self, stderr);
		return 2;
	}
	par_timing(NULL);
	progress_start(msg_korean() ? "패키지 읽기" : "reading the package");
	model_init(&m);
	rc = pkg_read(a.positional[0], &m, &err);
	par_timing("read package");
	progress_phase(msg_korean() ? "검증과 저장" : "validating and storing");
	if (!rc)
		rc = store_import(a.db, &m, validate, &m, &err);
	progress_end();
	par_timing("validate and store");
	if (!rc) {
		size_t facts = m.tables[RES_FACTS].n_rows, rules = m.tables[RES_RULES].n_rows;
		msg_print(stderr, M_IMPORTED, a.positional[0], a.db, facts, rules,
			  m.tables[RES_NODES].n_rows, m.tables[RES_UNITS].n_rows);
		fputc('\n', stderr);
	}
	model_release(&m);
	par_timing("close");
	return rc ? cmd_fail(&err) : 0;
}
