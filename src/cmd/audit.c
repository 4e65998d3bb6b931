/*
 * audit.c - `jipyo audit verify --db FILE`: walks the history's hash chain
 * (store/history.c). Exit 0 when it is intact (printing how many entries
 * and the last hash, which can be kept elsewhere to compare later), 1
 * naming the first entry another program edited, deleted, inserted or
 * reordered, 2 for bad arguments.
 */
#include <string.h>

#include "cmd.h"
#include "store/store.h"

int cmd_audit(int argc, char **argv)
{
	const struct command *self = cmd_find("audit");
	struct args a;
	struct store *s = NULL;
	struct jy_err err;
	char head[65] = "";
	long n = 0;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.db || a.n_positional != 1 || strcmp(a.positional[0], "verify") != 0) {
		cmd_usage(self, stderr);
		return 2;
	}
	rc = store_open_existing(a.db, &s, &err);
	if (!rc)
		rc = store_audit_verify(s, &n, head, &err);
	store_close(s);
	if (rc == 1) {
		msg_error(M_HISTORY_BROKEN, a.db, err.msg);
		return JY_EXIT_FINDINGS;
	}
	if (rc)
		return cmd_fail(&err);
	msg_print(stdout, M_AUDIT_INTACT, a.db, n, head);
	return 0;
}
