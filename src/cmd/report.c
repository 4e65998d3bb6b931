/*
 * report.c - `jipyo report --db FILE [--format md|html|hwpx|xlsx|pdf]
 * [--clean] [-o FILE]`.
 *
 * Checks the stored package, then renders it with its findings: Markdown
 * (the default), one self-contained, print-ready HTML file, an HWPX document
 * for 한글, an Excel workbook, or the HTML printed to PDF. --clean is the
 * copy to submit: no marks, no findings, the data's revision on the cover.
 * Without -o a text format goes to standard output (the binary ones need
 * -o); with it the file is replaced atomically. When the store holds a
 * budget execution ledger for the year of the budget table, every format
 * ends with its monitoring as of that table's day.
 */
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "check/check.h"
#include "cmd.h"
#include "load.h"
#include "pkg/csv.h"
#include "render/ledger_monitor.h"
#include "render/report.h"
#include "report_out.h"
#include "store/ledger_store.h"
#include "store/store.h"

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

/* The day of the budget table's execution rates (its facts' period), or -1. */
static long budget_day(const struct check_result *res)
{
	const struct factset *fs = &res->fs;
	int rate = factset_measure(fs, "expenditure_rate");
	struct kdate_range r;
	for (size_t i = 0; rate >= 0 && i < fs->n_facts; i++) {
		const char *p = fact_period(fs, &fs->facts[i]);
		if (fs->facts[i].key.measure == (uint32_t)rate && strlen(p) == 10 &&
		    kdate_parse_iso(p, &r) == 0)
			return kdate_daynum(r.start);
	}
	return -1;
}

/* The ledger's part of a report, held while the report is rendered. */
struct appendix {
	struct ledger_db *db;
	struct ledger_view v;
	struct ledger_monitor mon;
	struct ledger_rows rows;
	struct ledger_cum *cums;
	struct report_ledger part;
	int loaded, built; /* v loaded; mon and rows built */
};

/* The ledger's monitoring as of the budget table's day against the
 * first-half target and its execution table by division (a->part, which
 * every format renders); nothing when the store has no ledger for that year
 * (or is not an SQLite file: the ledger is kept there only). Release with
 * appendix_release. */
static void ledger_appendix(const char *db_path, const struct check_result *res, struct appendix *a)
{
	struct ledger_target t = {LT_FIRST_HALF, 60};
	struct jy_err err;
	long day = budget_day(res);

	memset(a, 0, sizeof(*a));
	jy_err_clear(&err);
	if (day < 0 || store_holds_many(db_path) || ledger_db_open(db_path, &a->db, &err))
		return;
	if (ledger_view_load(a->db, &a->v, &err))
		return;
	a->loaded = 1;
	a->cums = xcalloc(a->v.n_lines + 1, sizeof(*a->cums));
	if (ledger_monitor_build(a->db, &a->v, day, 0, &t, &a->mon, &err) || !a->mon.n ||
	    ledger_asof_all(a->db, &a->v, day, a->cums, &err))
		return;
	a->built = 1;
	ledger_group(&a->v, a->cums, a->mon.year, LBY_UNIT, &a->rows);
	a->part = (struct report_ledger){&a->mon, &a->rows, day};
}

static void appendix_release(struct appendix *a)
{
	ledger_rows_release(&a->rows);
	if (a->loaded)
		ledger_monitor_release(&a->mon);
	free(a->cums);
	if (a->loaded)
		ledger_view_release(&a->v);
	if (a->db)
		ledger_db_close(a->db);
	memset(a, 0, sizeof(*a));
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
	struct appendix app;
	ledger_appendix(a.db, &res, &app);
	opt.ledger = app.built ? &app.part : NULL;
	rc = render(fmt, &m, &res, &opt, &out, &err);
	appendix_release(&app);
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
