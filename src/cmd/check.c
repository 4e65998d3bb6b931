/*
 * check.c - `jipyo check (DIR | --db FILE) [--json]`.
 *
 * Exit 0 when no finding is at error level, 1 when some is, 2 when the
 * input itself is bad (it is reported as file:line:column).
 */
#include <unistd.h>

#include "base/par.h"
#include "check/check.h"
#include "cmd.h"
#include "load.h"

int cmd_check(int argc, char **argv)
{
	const struct command *self = cmd_find("check");
	struct args a;
	struct model m;
	struct factset fs;
	struct check_result res;
	struct jy_err err;
	int rc, validated;

	if ((rc = args_parse(argc, argv, "db,json", self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if ((a.n_positional == 1) == (a.db != NULL) || a.n_positional > 1) {
		cmd_usage(self, stderr);
		return 2;
	}
	par_timing(NULL);
	model_init(&m);
	rc = load_model(a.n_positional ? a.positional[0] : NULL, a.db, &m, &fs, &validated, &err);
	par_timing("load");
	if (!rc) {
		rc = check_run(&m, validated ? &fs : NULL, &res, stderr, &err);
		if (rc)
			check_result_release(&res);
	}
	if (rc) {
		model_release(&m);
		return cmd_fail(&err);
	}
	if (a.json)
		check_print_json(&res, stdout);
	else
		check_print_table(&res, stdout);
	par_timing("print");
	rc = res.errors ? 1 : 0;
	check_result_release(&res);
	model_release(&m);
	par_timing("release");
	return rc;
}
