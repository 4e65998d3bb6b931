/*
 * report.c - `jipyo report --db FILE [--format md|html|hwpx|xlsx|pdf]
 * [--clean] [-o FILE]`.
 *
 * Checks the stored package, then renders it with its findings: Markdown
 * (the default), one self-contained, print-ready HTML file, an HWPX document
 * for 한글, an Excel workbook, or the HTML printed to PDF. --clean is the
 * copy to submit: no marks, no findings, the data's revision on the cover.
 * Without -o a text format goes to standard output (the binary ones need
 * -o); with it the file is replaced atomically.
 */
#include <string.h>

#include "check/check.h"
#include "cmd.h"
#include "load.h"
#include "pkg/csv.h"
#include "render/report.h"
#include "report_out.h"

enum format { FMT_MD, FMT_HTML, FMT_HWPX, FMT_XLSX, FMT_PDF };

static int parse_format(const char *s, enum format *out)
{
	static const char *const names[] = {"md", "html", "hwpx", "xlsx", "pdf"};
	if (!s) {
		*out = FMT_MD;
		return 0;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	return -1;
}

static int render(enum format fmt, struct model *m, const struct check_result *res,
		  const struct report_opts *opt, struct buf *out, struct jy_err *err)
{
	struct buf html;
	int rc;

	switch (fmt) {
	case FMT_MD:
		report_markdown(m, res, opt, out);
		return 0;
	case FMT_HTML:
		report_html(m, res, opt, out);
		return 0;
	case FMT_HWPX:
		return report_hwpx(m, res, opt, out, err);
	case FMT_XLSX:
		return report_xlsx_bytes(m, res, opt, out, err);
	case FMT_PDF:
		buf_init(&html);
		report_html(m, res, opt, &html);
		rc = report_pdf_bytes(&html, out, err);
		buf_release(&html);
		return rc;
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	const struct command *self = cmd_find("report");
	struct args a;
	struct model m;
	struct factset fs;
	struct check_result res;
	struct jy_err err;
	struct buf out, revision, date;
	struct report_opts opt = {0};
	enum format fmt;
	int rc, validated;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.db || a.n_positional) {
		cmd_usage(self, stderr);
		return 2;
	}
	if (parse_format(a.format, &fmt)) {
		msg_error(M_FORMAT_UNKNOWN, a.format);
		msg_hint(M_HINT_HELP, self->name);
		return 2;
	}
	if (fmt >= FMT_HWPX && !a.output) {
		msg_error(M_FORMAT_NEEDS_FILE, a.format);
		msg_hint(M_HINT_HELP, self->name);
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
	buf_init(&revision);
	buf_init(&date);
	if (a.clean) {
		report_revision(&m, a.db, &revision);
		report_today(&date);
		opt = (struct report_opts){
			.clean = 1, .revision = revision.data, .date = date.data};
	}
	rc = render(fmt, &m, &res, &opt, &out, &err);
	if (!rc && a.output)
		rc = file_write_atomic(a.output, out.data, out.len, &err);
	else if (!rc)
		fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	buf_release(&revision);
	buf_release(&date);
	check_result_release(&res);
	model_release(&m);
	return rc ? cmd_fail(&err) : 0;
}
