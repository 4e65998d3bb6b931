/*
 * ledger.c - `jipyo ledger`: import a budget execution ledger, report its
 * figures as of a day, write them as facts, and monitor execution against a
 * target curve (src/ledger/, src/store/ledger_sqlite.c; docs/DATA.md has the
 * CSV format).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/kdate.h"
#include "base/mem.h"
#include "base/msg.h"
#include "base/strmap.h"
#include "cmd.h"
#include "pkg/csv.h"
#include "render/ledger_monitor.h"
#include "render/ledger_report.h"
#include "report_out.h"
#include "store/ledger_store.h"

static const struct command sub_import = {
	"ledger import",
	NULL,
	"FILE.csv --db FILE [--encoding utf-8|cp949] [--dry-run]",
	"add a ledger CSV to the database: every row and invariant checked, all or nothing; "
	"--dry-run checks it all and writes nothing",
	NULL,
	"jipyo ledger import ledger-2022.csv --db econ.db --dry-run",
	"집행 원장 CSV를 더합니다"};
static const struct command sub_report = {
	"ledger report",
	NULL,
	"--db FILE --as-of DATE [--by unit|program|line|month] [--format md|csv|xlsx] [-o FILE]",
	"execution figures as of a day (’22.8.29. or 2022-08-29), in 백만원; xlsx (a workbook) "
	"needs -o FILE",
	NULL,
	"jipyo ledger report --db econ.db --as-of ’22.8.29. --format xlsx -o 집행현황.xlsx",
	"어느 날의 집행 실적 (백만원)"};
static const struct command sub_facts = {
	"ledger facts",
	NULL,
	"--db FILE --as-of DATE [-o FILE | --into DIR]",
	"the figures as of a day as facts (table \"ledger\"); --into DIR adds them to a package "
	"with the rules that check them against its printed budget table",
	NULL,
	"jipyo ledger facts --db econ.db --as-of 2022-08-29 --into pkg",
	"집행 실적을 수치로"};
static const struct command sub_monitor = {
	"ledger monitor",
	NULL,
	"--db FILE --as-of DATE [--by unit|program] [--target linear|h1:PCT|prior] [--svg FILE]",
	"cumulative monthly execution against a target; the units or programs behind it",
	NULL,
	"jipyo ledger monitor --db econ.db --as-of 2022-08-29 --target linear",
	"목표 곡선 대비 월별 누적 집행"};

/* The ledger's own options (the shared parser's table is other commands'). */
struct lopts {
	const char *db, *as_of, *by, *format, *output, *encoding, *target, *svg, *into;
	const char *positional;
	int dry_run;
};

static int lopts_parse(int argc, char **argv, const char *allowed, const struct command *self,
		       struct lopts *o)
{
	static const struct {
		const char *flag, *name;
		size_t off;
	} table[] = {
		{"--db", "db", offsetof(struct lopts, db)},
		{"--as-of", "as-of", offsetof(struct lopts, as_of)},
		{"--by", "by", offsetof(struct lopts, by)},
		{"--format", "format", offsetof(struct lopts, format)},
		{"-o", "output", offsetof(struct lopts, output)},
		{"--output", "output", offsetof(struct lopts, output)},
		{"--encoding", "encoding", offsetof(struct lopts, encoding)},
		{"--target", "target", offsetof(struct lopts, target)},
		{"--svg", "svg", offsetof(struct lopts, svg)},
		{"--into", "into", offsetof(struct lopts, into)},
	};
	memset(o, 0, sizeof(*o));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cmd_usage(self, stdout);
			return ARGS_HELP;
		}
		if (strcmp(a, "--dry-run") == 0 && strstr(allowed, "dry-run")) {
			o->dry_run = 1;
			continue;
		}
		size_t k = 0;
		while (k < sizeof(table) / sizeof(table[0]) &&
		       (strcmp(a, table[k].flag) != 0 || !strstr(allowed, table[k].name)))
			k++;
		if (k < sizeof(table) / sizeof(table[0])) {
			const char **slot = (const char **)((char *)o + table[k].off);
			if (*slot || i + 1 >= argc) {
				msg_error(*slot ? M_OPTION_TWICE : M_OPTION_NEEDS_VALUE, a);
				cmd_usage(self, stderr);
				return 2;
			}
			*slot = argv[++i];
			continue;
		}
		if (a[0] == '-' && a[1]) {
			msg_error(M_UNKNOWN_OPTION, a);
			cmd_usage(self, stderr);
			return 2;
		}
		if (o->positional || !strstr(allowed, "file")) {
			msg_error(M_TOO_MANY_ARGS, a);
			cmd_usage(self, stderr);
			return 2;
		}
		o->positional = a;
	}
	int no_file = strstr(allowed, "file") && !o->positional;
	if (!o->db || no_file || (strstr(allowed, "as-of") && !o->as_of)) {
		/* the one missing first (import takes no --as-of: it named that
		 * for a missing file) */
		msg_error(M_LEDGER_MISSING, !o->db    ? "--db FILE"
					    : no_file ? msg(M_LEDGER_FILE)
						      : "--as-of DATE");
		cmd_usage(self, stderr);
		return 2;
	}
	return 0;
}

static int bad_arg(const struct command *self, enum msg_id what, const char *value)
{
	msg_error(what, value);
	cmd_usage(self, stderr);
	return 2;
}

static int ledger_import_cmd(int argc, char **argv)
{
	struct lopts o;
	struct ledger_db *db;
	struct ledger_import_stats st;
	struct jy_err err;
	enum ledger_encoding enc = LENC_AUTO;
	int rc = lopts_parse(argc, argv, "db,encoding,file,dry-run", &sub_import, &o);

	if (rc)
		return rc == ARGS_HELP ? 0 : rc;
	if (o.encoding) {
		if (strcasecmp(o.encoding, "utf-8") == 0 || strcasecmp(o.encoding, "utf8") == 0)
			enc = LENC_UTF8;
		else if (strcasecmp(o.encoding, "cp949") == 0 ||
			 strcasecmp(o.encoding, "euc-kr") == 0)
			enc = LENC_CP949;
		else
			return bad_arg(&sub_import, M_LEDGER_ENCODING_BAD, o.encoding);
	}
	jy_err_clear(&err);
	if ((rc = ledger_db_open(o.db, &db, &err)))
		return cmd_fail(&err);
	rc = ledger_import(db, o.positional, enc,
			   (isatty(2) ? LEDGER_PROGRESS : 0) | (o.dry_run ? LEDGER_DRY_RUN : 0),
			   &st, &err);
	ledger_db_close(db);
	if (rc) {
		rc = cmd_fail(&err);
		if (!o.dry_run)
			msg_note(M_LEDGER_NOTHING_WRITTEN, o.positional);
		return rc;
	}
	double rate = st.seconds > 0 ? (double)st.rows / st.seconds : 0.0;
	if (o.dry_run)
		msg_print(stdout, M_LEDGER_CHECKED, o.positional, st.rows, st.seconds, rate);
	else
		msg_print(stdout, M_LEDGER_IMPORTED, o.positional, st.rows, st.seconds, rate, o.db);
	putchar('\n');
	return 0;
}

/* --as-of: ISO or as printed; the report's fiscal year is its year. */
static int parse_as_of(const struct command *self, const char *s, long *day, int *year)
{
	*day = ledger_parse_day(s, 0);
	if (*day < 0)
		return bad_arg(self, M_LEDGER_AS_OF_BAD, s);
	*year = kdate_from_daynum(*day).year;
	return 0;
}

/* To standard output, or replacing the file at path whole (a failed write
 * leaves the old file). */
static int write_out(const char *path, const struct buf *b)
{
	if (path) {
		struct jy_err err;
		jy_err_clear(&err);
		return file_write_atomic(path, b->data, b->len, &err) ? cmd_fail(&err) : 0;
	}
	errno = 0;
	if ((b->len && fwrite(b->data, 1, b->len, stdout) != b->len) || fflush(stdout) != 0) {
		msg_error(M_STDOUT_FAILED, errno ? msg_errno(errno) : msg(M_WRITE_FAILED_BEFORE));
		return 1;
	}
	return 0;
}

/* Opens the database and reads what every report needs. */
static int open_view(const char *path, struct ledger_db **db, struct ledger_view *v,
		     struct ledger_cum **cums)
{
	struct jy_err err;
	jy_err_clear(&err);
	if (ledger_db_open(path, db, &err))
		return cmd_fail(&err);
	if (ledger_view_load(*db, v, &err)) {
		ledger_db_close(*db);
		return cmd_fail(&err);
	}
	*cums = xcalloc(v->n_lines + 1, sizeof(**cums));
	return 0;
}

static void close_view(struct ledger_db *db, struct ledger_view *v, struct ledger_cum *cums)
{
	free(cums);
	ledger_view_release(v);
	ledger_db_close(db);
}

static int month_rows(struct ledger_db *db, const struct ledger_view *v, struct ledger_cum *cums,
		      int year, long as_of, struct ledger_rows *rows, struct jy_err *err)
{
	int last = kdate_from_daynum(as_of).month;
	for (int m = 1; m <= last; m++) {
		struct ledger_cum sum = {0};
		char label[32];
		long d = ledger_month_end(year, m, as_of);
		if (ledger_asof_all(db, v, d, cums, err))
			return err->code;
		for (size_t i = 0; i < v->n_lines; i++)
			if (v->lines[i].year == year)
				ledger_cum_sum(&sum, &cums[i]);
		struct kdate k = kdate_from_daynum(d);
		snprintf(label, sizeof(label), "\xe2\x80\x99%02d.%d.%d.", year % 100, k.month,
			 k.day);
		ledger_rows_add(rows, label, &sum);
	}
	return 0;
}

/* The workbook, written where report_file_bytes asks. */
struct xlsx_table {
	const struct ledger_rows *rows;
	long day;
	enum ledger_by by;
	int year_end;
};

static int write_xlsx(void *ctx, const char *path, struct jy_err *err)
{
	const struct xlsx_table *t = ctx;
	return ledger_render_xlsx(t->rows, t->day, t->by, t->year_end, path, err);
}

static int ledger_report_cmd(int argc, char **argv)
{
	struct lopts o;
	struct ledger_db *db;
	struct ledger_view v;
	struct ledger_cum *cums;
	struct ledger_rows rows = {0};
	struct buf out;
	struct jy_err err;
	enum ledger_by by = LBY_UNIT;
	enum ledger_format fmt = LFMT_MD;
	long day;
	int xlsx = 0;
	int year, rc = lopts_parse(argc, argv, "db,as-of,by,format,output", &sub_report, &o);

	if (rc)
		return rc == ARGS_HELP ? 0 : rc;
	if ((rc = parse_as_of(&sub_report, o.as_of, &day, &year)))
		return rc;
	if (o.by) {
		static const char *const names[] = {"unit", "program", "line", "month"};
		for (by = 0; by < 4 && strcmp(o.by, names[by]) != 0; by++)
			;
		if (by == 4)
			return bad_arg(&sub_report, M_LEDGER_BY_REPORT_BAD, o.by);
	}
	if (o.format && strcmp(o.format, "md") != 0) {
		if (strcmp(o.format, "xlsx") == 0)
			xlsx = 1;
		else if (strcmp(o.format, "csv") == 0)
			fmt = LFMT_CSV;
		else
			return bad_arg(&sub_report, M_LEDGER_FORMAT_BAD, o.format);
	}
	if (xlsx && !o.output) { /* a workbook's bytes are no terminal's text */
		msg_error(M_FORMAT_NEEDS_FILE, o.format);
		msg_hint(M_HINT_HELP, sub_report.name);
		return 2;
	}
	if ((rc = open_view(o.db, &db, &v, &cums)))
		return rc;
	jy_err_clear(&err);
	if (by == LBY_MONTH)
		rc = month_rows(db, &v, cums, year, day, &rows, &err);
	else if (!(rc = ledger_asof_all(db, &v, day, cums, &err)))
		ledger_group(&v, cums, year, by, &rows);
	if (rc) {
		close_view(db, &v, cums);
		return cmd_fail(&err);
	}
	buf_init(&out);
	struct kdate k = kdate_from_daynum(day);
	/* 이월 and 불용 are the year's end; not a column of every month */
	int year_end = k.month == 12 && k.day == 31 && by != LBY_MONTH;
	if (xlsx) {
		struct xlsx_table t = {&rows, day, by, year_end};
		jy_err_clear(&err);
		rc = report_file_bytes(".xlsx", write_xlsx, &t, &out, &err);
		if (!rc)
			rc = file_write_atomic(o.output, out.data, out.len, &err);
		if (rc)
			rc = cmd_fail(&err);
	} else {
		ledger_render(&out, &rows, day, by, fmt, year_end);
		rc = write_out(o.output, &out);
	}
	buf_release(&out);
	ledger_rows_release(&rows);
	close_view(db, &v, cums);
	return rc;
}

/* The rules that check the ledger's facts: the same relations the printed
 * budget table obeys, and the figures the same as printed on the same day.
 * They are added to a package with its ledger facts (--into), not kept in
 * the package before: a rule that matches no fact is reported as unused. */
static const char *const ledger_rules[][9] = {
	{"ledger-vs-printed", "equal",
	 "budget_current;obligations;expenditure;obligation_rate;expenditure_rate",
	 "$m{table=budget} = $m{table=ledger}", "", "error",
	 "집행 원장에서 구한 같은 날의 실적은 인쇄된 예산 표의 값과 같아야 합니다",
	 "The figures the execution ledger gives for a day must equal the printed budget table's",
	 ""},
	{"ledger-obligations-within-budget", "bound", "", "obligations <= budget_current",
	 "table=ledger", "error", "원장의 원인행위액은 예산현액을 넘을 수 없습니다",
	 "The ledger's obligations cannot exceed its current budget", ""},
	{"ledger-expenditure-within-obligations", "bound", "", "expenditure <= obligations",
	 "table=ledger", "error", "원장의 지출액은 원인행위액을 넘을 수 없습니다",
	 "The ledger's expenditure cannot exceed its obligations", ""},
};

/* Rewriting one CSV of a package: every row kept but those `drop` refuses. */
struct rewrite {
	struct buf out;
	int (*drop)(struct rewrite *rw, const char *const *f, int n);
	const char *rule_seen[3];
	int table_seen;
};

static int drop_ledger_fact(struct rewrite *rw, const char *const *f, int n)
{
	(void)rw;
	return n > 4 && strcmp(f[4], "ledger") == 0;
}

static int note_rule(struct rewrite *rw, const char *const *f, int n)
{
	for (size_t i = 0; n > 0 && i < 3; i++)
		if (strcmp(f[0], ledger_rules[i][0]) == 0)
			rw->rule_seen[i] = ledger_rules[i][0];
	return 0;
}

static int note_table(struct rewrite *rw, const char *const *f, int n)
{
	if (n > 0 && strcmp(f[0], "ledger") == 0)
		rw->table_seen = 1;
	return 0;
}

/* The row of tables.csv that names the ledger's figures, for a package that
 * lists its tables (a fact's table must be one of them). */
static const char *const ledger_table[] = {
	"ledger", "table", "집행 원장 Execution ledger", "백만원", "", "", "ledger:0"};

static int rewrite_row(void *ctx, const char *const *f, int n, long line, struct jy_err *err)
{
	struct rewrite *rw = ctx;
	(void)line, (void)err;
	if (!rw->drop(rw, f, n))
		csv_write_row(&rw->out, f, n);
	return 0;
}

/* Puts the ledger's facts into the package at dir (replacing its earlier
 * ones) and the rules that check them (once). */
static int into_package(const char *dir, const struct buf *facts)
{
	struct rewrite rw = {.drop = drop_ledger_fact};
	struct jy_err err;
	struct buf path;
	int rc;

	jy_err_clear(&err);
	buf_init(&path);
	buf_init(&rw.out);
	buf_addf(&path, "%s/facts.csv", dir);
	if (!(rc = csv_read_file(path.data, rewrite_row, &rw, &err))) {
		buf_add(&rw.out, facts->data, facts->len);
		rc = file_write_atomic(path.data, rw.out.data, rw.out.len, &err);
	}
	if (!rc) {
		buf_reset(&rw.out);
		buf_reset(&path);
		buf_addf(&path, "%s/rules.csv", dir);
		rw.drop = note_rule;
		if (!(rc = csv_read_file(path.data, rewrite_row, &rw, &err))) {
			for (size_t i = 0; i < 3; i++)
				if (!rw.rule_seen[i])
					csv_write_row(&rw.out, ledger_rules[i], 9);
			rc = file_write_atomic(path.data, rw.out.data, rw.out.len, &err);
		}
	}
	buf_reset(&path);
	buf_addf(&path, "%s/tables.csv", dir);
	if (!rc && access(path.data, F_OK) == 0) {
		buf_reset(&rw.out);
		rw.drop = note_table;
		if (!(rc = csv_read_file(path.data, rewrite_row, &rw, &err)) && !rw.table_seen) {
			csv_write_row(&rw.out, ledger_table, 7);
			rc = file_write_atomic(path.data, rw.out.data, rw.out.len, &err);
		}
	}
	buf_release(&rw.out);
	buf_release(&path);
	return rc ? cmd_fail(&err) : 0;
}

static int ledger_facts_cmd(int argc, char **argv)
{
	struct lopts o;
	struct ledger_db *db;
	struct ledger_view v;
	struct ledger_cum *cums;
	struct buf out;
	struct jy_err err;
	long day;
	int year, rc = lopts_parse(argc, argv, "db,as-of,output,into", &sub_facts, &o);

	if (rc)
		return rc == ARGS_HELP ? 0 : rc;
	if ((rc = parse_as_of(&sub_facts, o.as_of, &day, &year)) ||
	    (rc = open_view(o.db, &db, &v, &cums)))
		return rc;
	jy_err_clear(&err);
	if (ledger_asof_all(db, &v, day, cums, &err)) {
		close_view(db, &v, cums);
		return cmd_fail(&err);
	}
	buf_init(&out);
	ledger_facts(&out, &v, cums, year, day);
	rc = o.into ? into_package(o.into, &out) : write_out(o.output, &out);
	buf_release(&out);
	close_view(db, &v, cums);
	return rc;
}

/* ---- monitor ------------------------------------------------------------- */

static int ledger_monitor_cmd(int argc, char **argv)
{
	struct lopts o;
	struct ledger_db *db;
	struct ledger_view v;
	struct ledger_cum *cums;
	struct ledger_target t = {LT_FIRST_HALF, 60};
	struct ledger_monitor m;
	struct buf out;
	struct jy_err err;
	long day;
	int year, by_program = 0, rc;

	rc = lopts_parse(argc, argv, "db,as-of,by,target,svg", &sub_monitor, &o);
	if (rc)
		return rc == ARGS_HELP ? 0 : rc;
	if ((rc = parse_as_of(&sub_monitor, o.as_of, &day, &year)))
		return rc;
	if (o.by && strcmp(o.by, "unit") != 0) {
		if (strcmp(o.by, "program") != 0)
			return bad_arg(&sub_monitor, M_LEDGER_BY_MONITOR_BAD, o.by);
		by_program = 1;
	}
	if (o.target && ledger_target_parse(o.target, &t))
		return bad_arg(&sub_monitor, M_LEDGER_TARGET_BAD, o.target);
	if ((rc = open_view(o.db, &db, &v, &cums)))
		return rc;
	jy_err_clear(&err);
	if (ledger_monitor_build(db, &v, day, by_program, &t, &m, &err)) {
		close_view(db, &v, cums);
		return cmd_fail(&err);
	}
	buf_init(&out);
	ledger_monitor_md(&out, &m);
	rc = write_out(NULL, &out);
	if (!rc && o.svg) { /* the office's curve: every group together */
		buf_reset(&out);
		ledger_monitor_svg(&out, &m);
		rc = write_out(o.svg, &out);
	}
	buf_release(&out);
	ledger_monitor_release(&m);
	close_view(db, &v, cums);
	return rc;
}

int cmd_ledger(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
		const struct command *self;
	} subs[] = {
		{"import", ledger_import_cmd, &sub_import},
		{"report", ledger_report_cmd, &sub_report},
		{"facts", ledger_facts_cmd, &sub_facts},
		{"monitor", ledger_monitor_cmd, &sub_monitor},
	};
	const size_t n = sizeof(subs) / sizeof(subs[0]);
	if (argc >= 1)
		for (size_t i = 0; i < n; i++)
			if (strcmp(argv[0], subs[i].name) == 0)
				return subs[i].fn(argc - 1, argv + 1);
	FILE *f = argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
			  ? stdout
			  : stderr;
	if (f == stderr)
		argc >= 1 ? msg_error(M_LEDGER_UNKNOWN_SUB, argv[0])
			  : msg_error(M_LEDGER_WHICH_SUB);
	for (size_t i = 0; i < n; i++)
		cmd_usage(subs[i].self, f);
	return f == stdout ? 0 : 2;
}
