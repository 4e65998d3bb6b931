/*
 * import.c - `jipyo import DIR --db FILE`: read, validate, store atomically.
 *
 * Everything is validated in memory before the database is opened, and the
 * store replaces its content in one transaction: a bad package never
 * changes an existing database.
 */
#include "cmd.h"
#include "model/model.h"
#include "pkg/pkg.h"
#include "store/store.h"

int cmd_import(int argc, char **argv)
{
	const struct command *self = cmd_find("import");
	struct args a;
	struct model m;
	struct store *s = NULL;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, "db", self, &a)))
		return rc;
	if (a.help) {
		cmd_usage(self, stdout);
		return 0;
	}
	if (a.n_positional != 1 || !a.db) {
		cmd_usage(self, stderr);
		return 2;
	}
	model_init(&m);
	rc = pkg_read(a.positional[0], &m, &err);
	if (!rc)
		rc = model_validate(&m, stderr, &err);
	if (!rc)
		rc = store_open(a.db, &s, &err);
	if (!rc)
		rc = store_save(s, &m, &err);
	if (!rc) {
		size_t facts = m.tables[RES_FACTS].n_rows, rules = m.tables[RES_RULES].n_rows;
		fprintf(stderr, "imported %s: %zu facts, %zu rules, %zu nodes, %zu units into %s\n",
			a.positional[0], facts, rules, m.tables[RES_NODES].n_rows,
			m.tables[RES_UNITS].n_rows, a.db);
	}
	store_close(s);
	model_release(&m);
	return rc ? cmd_fail(&err) : 0;
}
