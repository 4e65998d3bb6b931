/*
 * export.c - `jipyo export --db FILE DIR [--excel]`: write the stored package
 * back, plain (what import reproduces byte for byte) or for a spreadsheet.
 */
#include "cmd.h"
#include "model/model.h"
#include "pkg/pkg.h"
#include "store/store.h"

int cmd_export(int argc, char **argv)
{
	const struct command *self = cmd_find("export");
	struct args a;
	struct model m;
	struct store *s = NULL;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, "db,excel", self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (a.n_positional != 1 || !a.db) {
		cmd_usage(self, stderr);
		return 2;
	}
	model_init(&m);
	rc = store_open_existing(a.db, &s, &err);
	if (!rc)
		rc = store_load(s, &m, &err);
	if (!rc)
		rc = pkg_write(&m, a.positional[0], a.excel ? PKG_CSV_EXCEL : PKG_CSV_PLAIN, &err);
	store_close(s);
	model_release(&m);
	return rc ? cmd_fail(&err) : 0;
}
