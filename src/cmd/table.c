/*
 * table.c - `jipyo table import FILE --db FILE …`: a table laid out as
 * printed, read into facts (see docs/DESIGN.md, "Tables in from a
 * spreadsheet").
 */
#include "cmd.h"

int cmd_table(int argc, char **argv)
{
	const struct command *self = cmd_find("table");
	struct args a;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	return cmd_bad_args(self);
}
