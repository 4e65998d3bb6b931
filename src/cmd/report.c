/*
 * report.c - `jipyo report --db FILE [--format md|html] [-o FILE]`.
 *
 * Checks the stored package, then renders it with its findings: Markdown
 * (the default) or one self-contained, print-ready HTML file. Without -o the
 * report goes to standard output; with it the file is replaced atomically.
 */
#include <string.h>

#include "check/check.h"
#include "cmd.h"
#include "load.h"
#include "pkg/csv.h"
#include "render/report.h"

int cmd_report(int argc, char **argv)
{
	const struct command *self = cmd_find("report");
	struct args a;
	struct model m;
	struct factset fs;
	struct check_result res;
	struct jy_err err;
	struct buf out;
	int rc, validated;

	if ((rc = args_parse(argc, argv, "db,format,output", self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.db || a.n_positional) {
		cmd_usage(self, stderr);
		return 2;
	}
	int html = a.format && strcmp(a.format, "html") == 0;
	if (a.format && !html && strcmp(a.format, "md") != 0) {
		fprintf(stderr, "error: unknown format '%s' (md, html)\n", a.format);
		cmd_usage(self, stderr);
		return 2;
	}
	model_init(&m);
	rc = load_model(NULL, a.db, &m, &fs, &validated, &err);
	if (!rc) {
		rc = check_run(&m, validated ? &fs : NULL, &res, stderr, &err);
		if (rc)
			check_result_release(&res);
	}
	if (rc) {
		model_release(&m);
		return cmd_fail(&err);
	}
	buf_init(&out);
	if (html)
		report_html(&m, &res, &out);
	else
		report_markdown(&m, &res, &out);
	if (a.output)
		rc = file_write_atomic(a.output, out.data, out.len, &err);
	else
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	check_result_release(&res);
	model_release(&m);
	return rc ? cmd_fail(&err) : 0;
}
