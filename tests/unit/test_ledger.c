/*
 * test_ledger.c - unit tests for the budget execution ledger's model
 * (src/ledger/ledger.c, ledger_report.c) and its store (store/ledger_sqlite.c):
 * amounts, days, rows with located errors, cumulative series and their
 * invariants, formatting, target curves, and an import into a real database
 * that is refused whole.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/kdate.h"
#include "ledger/ledger.h"
#include "render/ledger_report.h"
#include "store/ledger_store.h"
#include "store/store.h"

static long dn(int y, int m, int d)
{
	return kdate_daynum((struct kdate){y, m, d});
}

Test(ledger, amounts)
{
	int64_t v;
	cr_assert_eq(ledger_parse_amount("1234567", &v), 0);
	cr_assert_eq(v, 1234567);
	cr_assert_eq(ledger_parse_amount("1,234,567", &v), 0);
	cr_assert_eq(v, 1234567);
	cr_assert_eq(ledger_parse_amount("-1,000", &v), 0);
	cr_assert_eq(v, -1000);
	cr_assert_eq(ledger_parse_amount("△500원", &v), 0);
	cr_assert_eq(v, -500);
	cr_assert_eq(ledger_parse_amount("9223372036854775807", &v), 0);
	cr_assert_eq(v, INT64_MAX);
	const char *bad[] = {"",
			     "-",
			     "1,23",
			     "12,3456",
			     "1.5",
			     "12.5만",
			     "1e3",
			     "1 000",
			     "9223372036854775808",
			     "99999999999999999999",
			     "원",
			     "1,000,00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_neq(ledger_parse_amount(bad[i], &v), 0, "\"%s\" parsed", bad[i]);
}

Test(ledger, days)
{
	cr_assert_eq(ledger_parse_day("2022-08-29", 0), dn(2022, 8, 29));
	cr_assert_eq(ledger_parse_day("’22.8.29.", 0), dn(2022, 8, 29));
	cr_assert_eq(ledger_parse_day("2022.8.29.", 0), dn(2022, 8, 29));
	cr_assert_eq(ledger_parse_day("8.29.", 2022), dn(2022, 8, 29));
	cr_assert_eq(ledger_parse_day("2022-02-30", 0), -1);
	cr_assert_eq(ledger_parse_day("’22.8.", 0), -1); /* a month, not a day */
	cr_assert_eq(ledger_parse_day("’22.8.1~3.", 0), -1);
	cr_assert_eq(ledger_parse_day("tomorrow", 0), -1);
}

Test(ledger, kinds)
{
	cr_assert_eq(ledger_kind_parse("원인행위취소"), LK_OBLIGATION_CANCEL);
	cr_assert_eq(ledger_kind_parse("return"), LK_RETURN);
	cr_assert_eq(ledger_kind_parse("선급금"), -1);
	for (int k = 0; k < LK_COUNT; k++)
		cr_assert_eq(ledger_kind_parse(ledger_kind_name(k)), k);
	cr_assert(ledger_kind_is_transfer(LK_TRANSFER_ICHE));
	cr_assert(!ledger_kind_is_transfer(LK_RESERVE));
}

static int parse(const char *const *f, struct ledger_tx *tx, struct jy_err *err)
{
	memset(err, 0, sizeof(*err));
	return ledger_parse_row("l.csv", 7, f, LCOL_COUNT, tx, err);
}

Test(ledger, rows)
{
	struct ledger_tx tx;
	struct jy_err err;
	const char *f[] = {"2022", "’22.3.2.", "u", "p", "301-01", "지출", "1,000", "V-1", "memo"};
	cr_assert_eq(parse(f, &tx, &err), 0, "%s", err.msg);
	cr_assert_eq(tx.day, dn(2022, 3, 2));
	cr_assert_eq(tx.kind, LK_EXPENDITURE);
	cr_assert_eq(tx.amount, 1000);

	struct {
		int col;
		const char *value, *field;
	} cases[] = {
		{LCOL_YEAR, "22", "year"},	   {LCOL_DATE, "2023-01-01", "date"},
		{LCOL_DATE, "2022-13-01", "date"}, {LCOL_UNIT, "", "unit"},
		{LCOL_PROGRAM, "", "program"},	   {LCOL_LINE, "", "line"},
		{LCOL_KIND, "선급", "kind"},	   {LCOL_AMOUNT, "abc", "amount"},
		{LCOL_AMOUNT, "-1", "amount"},	   {LCOL_REF, "", "ref"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *g[LCOL_COUNT];
		memcpy(g, f, sizeof(g));
		g[cases[i].col] = cases[i].value;
		cr_assert_eq(parse(g, &tx, &err), JY_EINPUT, "case %zu", i);
		cr_assert_str_eq(err.file, "l.csv");
		cr_assert_eq(err.line, 7);
		cr_assert_eq(err.col, cases[i].col + 1);
		cr_assert_str_eq(err.field, cases[i].field);
	}
	/* cancellation and return are negative; a positive one is refused */
	const char *c[] = {"2022", "2022-03-02", "u", "p", "l", "반납", "-10", "V", ""};
	cr_assert_eq(parse(c, &tx, &err), 0);
	c[6] = "10";
	cr_assert_eq(parse(c, &tx, &err), JY_EINPUT);
	/* a transfer leg may be negative */
	const char *t[] = {"2022", "2022-03-02", "u", "p", "l", "이용", "-10", "T", ""};
	cr_assert_eq(parse(t, &tx, &err), 0);
	/* a budget row needs no voucher */
	const char *b[] = {"2022", "2022-01-01", "u", "p", "l", "본예산", "10", "", ""};
	cr_assert_eq(parse(b, &tx, &err), 0);
	cr_assert_eq(ledger_parse_row("l.csv", 3, b, 8, &tx, &err), JY_EINPUT);
}

Test(ledger, header)
{
	struct jy_err err;
	cr_assert_eq(ledger_check_header("l.csv", ledger_columns, LCOL_COUNT, &err), 0);
	const char *h[LCOL_COUNT];
	memcpy(h, ledger_columns, sizeof(h));
	h[3] = "node";
	cr_assert_eq(ledger_check_header("l.csv", h, LCOL_COUNT, &err), JY_EINPUT);
	cr_assert_eq(err.col, 4);
	cr_assert_eq(ledger_check_header("l.csv", ledger_columns, 5, &err), JY_EINPUT);
}

Test(ledger, accumulate_and_invariants)
{
	struct ledger_cum p[3] = {{.day = 10}, {.day = 11}, {.day = 12}};
	ledger_cum_add(&p[0], LK_ORIGINAL, 100);
	ledger_cum_add(&p[0], LK_OBLIGATION, 60);
	ledger_cum_add(&p[1], LK_EXPENDITURE, 60);
	ledger_cum_add(&p[2], LK_RETURN, -10);
	cr_assert_eq(ledger_cum_accumulate(p, 3, NULL), 3);
	cr_assert_eq(p[2].expenditure, 50);
	cr_assert_eq(p[2].budget, 100);
	cr_assert_eq(ledger_cum_current(&p[2]), 100);

	/* expenditure beyond obligations on the second day */
	struct ledger_cum q[2] = {{.day = 1}, {.day = 2}};
	ledger_cum_add(&q[0], LK_ORIGINAL, 100);
	ledger_cum_add(&q[0], LK_OBLIGATION, 10);
	ledger_cum_add(&q[1], LK_EXPENDITURE, 11);
	cr_assert_eq(ledger_cum_accumulate(q, 2, NULL), 1);
	cr_assert_eq(ledger_cum_violation(&q[1]), 1);

	/* obligations beyond 예산현액 once a transfer leg leaves */
	struct ledger_cum r[1] = {{.day = 5}};
	struct ledger_cum base = {.day = 4, .budget = 100, .obligation = 90};
	ledger_cum_add(&r[0], LK_TRANSFER_JEON, -20);
	cr_assert_eq(ledger_cum_accumulate(r, 1, &base), 0);
	cr_assert_eq(ledger_cum_violation(&r[0]), 2);

	/* overflow is refused, not wrapped */
	struct ledger_cum o[2] = {{.day = 1, .budget = INT64_MAX}, {.day = 2, .budget = 1}};
	cr_assert_eq(ledger_cum_accumulate(o, 2, NULL), -1);
	struct ledger_cum c = {.budget = INT64_MAX};
	cr_assert_eq(ledger_cum_add(&c, LK_SUPPLEMENTARY, 1), -1);
}

Test(ledger, formats)
{
	struct buf b;
	buf_init(&b);
	ledger_format_mil(&b, 134533923930);
	cr_assert_str_eq(b.data, "134,534");
	buf_reset(&b);
	ledger_format_mil(&b, 499999);
	cr_assert_str_eq(b.data, "0");
	buf_reset(&b);
	ledger_format_mil(&b, -2500000);
	cr_assert_str_eq(b.data, "-3");
	buf_reset(&b);
	ledger_format_won(&b, 1234567);
	cr_assert_str_eq(b.data, "1,234,567원");
	buf_reset(&b);
	ledger_format_rate(&b, 108130802945, 134533923930);
	cr_assert_str_eq(b.data, "80.4");
	buf_reset(&b);
	ledger_format_rate(&b, 1, 0);
	cr_assert_str_eq(b.data, "-");
	buf_reset(&b);
	ledger_format_rate(&b, INT64_MAX, INT64_MAX); /* no overflow in the product */
	cr_assert_str_eq(b.data, "100.0");
	buf_reset(&b);
	ledger_format_day(&b, dn(2022, 8, 29));
	cr_assert_str_eq(b.data, "’22.8.29.");
	buf_release(&b);
}

Test(ledger, targets)
{
	struct ledger_target t;
	cr_assert_eq(ledger_target_parse("h1:60", &t), 0);
	cr_assert_float_eq(ledger_target_at(&t, 2022, dn(2022, 6, 30)), 60.0, 1e-9);
	cr_assert_float_eq(ledger_target_at(&t, 2022, dn(2022, 12, 31)), 100.0, 1e-9);
	cr_assert_eq(ledger_target_parse("linear", &t), 0);
	cr_assert_float_eq(ledger_target_at(&t, 2022, dn(2022, 12, 31)), 100.0, 1e-9);
	cr_assert_float_eq(ledger_target_at(&t, 2022, dn(2022, 1, 1)), 100.0 / 365, 1e-9);
	cr_assert_eq(ledger_target_parse("h1:0", &t), -1);
	cr_assert_eq(ledger_target_parse("h1:101", &t), -1);
	cr_assert_eq(ledger_target_parse("steep", &t), -1);
}

Test(ledger, targets_in_words)
{
	static const char *const cases[][2] = {
		{"h1:60", "상반기 60% first half 60%"},
		{"h1:62.5", "상반기 62.5% first half 62.5%"},
		{"linear", "직선 straight line"},
		{"prior", "전년 실적 last year's curve"},
	};
	struct ledger_target t;
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(ledger_target_parse(cases[i][0], &t), 0);
		buf_reset(&b);
		ledger_target_describe(&b, &t);
		cr_assert_str_eq(b.data, cases[i][1]);
	}
	buf_release(&b);
}

Test(ledger, chart)
{
	struct buf b;
	double actual[3] = {5, 10, 120}, target[12] = {0};
	buf_init(&b);
	ledger_chart_svg(&b, "a <b> & c", actual, 3, target, "직선 <x>");
	cr_assert(strstr(b.data, "<svg"));
	cr_assert(strstr(b.data, "a &lt;b&gt; &amp; c"));
	cr_assert(strstr(b.data, "목표: 직선 &lt;x&gt;"), "the legend names the target");
	cr_assert(strstr(b.data, "140.0,40.0"), "a rate above 100 is drawn at 100");
	buf_release(&b);
}

/* ---- the store: a real database ------------------------------------------- */

static char dir[] = "/tmp/test_ledger_XXXXXX";

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert(f);
	fputs(text, f);
	fclose(f);
}

/* A database with one unit and one node, as `jipyo import` would leave it. */
static struct ledger_db *fresh_db(char *path, size_t n)
{
	struct store *s;
	struct jy_err err;
	cr_assert(mkdtemp(dir) || dir[0]);
	snprintf(path, n, "%s/l.db", dir);
	unlink(path);
	cr_assert_eq(store_open(path, &s, &err), 0, "%s", err.msg);
	store_close(s);
	char cmd[512];
	snprintf(
		cmd, sizeof(cmd),
		"sqlite3 %s \"INSERT INTO units(id,kind,seq,name_ko) VALUES('u','division',1,'과');"
		"INSERT INTO nodes(id,kind,seq,title_ko) VALUES('p','program',1,'사업')\"",
		path);
	cr_assert_eq(system(cmd), 0);
	struct ledger_db *db;
	cr_assert_eq(ledger_db_open(path, &db, &err), 0, "%s", err.msg);
	return db;
}

#define HEAD "year,date,unit,program,line,kind,amount,ref,memo\n"

Test(ledger_store, all_or_nothing)
{
	char path[256], csv[300];
	struct ledger_import_stats st;
	struct jy_err err;
	struct ledger_db *db = fresh_db(path, sizeof(path));
	struct ledger_cum c;

	snprintf(csv, sizeof(csv), "%s/a.csv", dir);
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\"계약, 1\"\n"
			     "2022,2022-03-01,u,p,L,지출,500,V2,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(st.rows, 3);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 2, 15), &c, &err), 0);
	cr_assert_eq(c.obligation, 600);
	/* a line with no series reads as zero, and the next read still works */
	cr_assert_eq(ledger_asof(db, 99, dn(2022, 2, 15), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.budget, 0);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 1, 1), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.budget, 1000);
	cr_assert_eq(ledger_asof(db, 1, dn(2021, 12, 31), &c, &err), 0);
	cr_assert_eq(c.budget, 0, "before the first point");
	cr_assert_eq(c.expenditure, 0);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 12, 31), &c, &err), 0);
	cr_assert_eq(c.expenditure, 500);

	/* a second file: its first row is good, its second breaks the stored
	 * series (expenditure 500 + 200 > obligations 600): nothing of it stays */
	write_file(csv, HEAD "2022,2022-01-15,u,p,L,추경,100,,\n"
			     "2022,2022-02-10,u,p,L,지출,200,V3,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), JY_EINPUT);
	cr_assert_eq(err.line, 3);
	cr_assert_str_eq(err.field, "amount");
	cr_assert(strstr(err.msg, "expenditure beyond its obligation"), "%s", err.msg);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 12, 31), &c, &err), 0);
	cr_assert_eq(c.budget, 1000, "the 추경 of the refused file was kept");

	/* an earlier day merged into the stored series moves every later point */
	write_file(csv, HEAD "2022,2022-01-15,u,p,L,추경,100,,\n"
			     "2022,2022-02-10,u,p,L,원인행위,50,V4,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 3, 1), &c, &err), 0);
	cr_assert_eq(c.budget, 1100);
	cr_assert_eq(c.obligation, 650);
	cr_assert_eq(c.expenditure, 500);

	/* a voucher already stored */
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V2,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), JY_EINPUT);
	cr_assert_str_eq(err.field, "ref");

	/* a quote that never closes */
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V9,\"memo\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), JY_EINPUT);
	cr_assert_eq(err.line, 2);
	ledger_db_close(db);
	unlink(csv);
	unlink(path);
}

/* What a dry run must leave as it was: every ledger table's rows and the
 * cumulative series' bytes. */
static long long ledger_state(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db,
					"SELECT (SELECT count(*) FROM ledger_tx) * 1000000000 + "
					"(SELECT count(*) FROM ledger_lines) * 1000000 + "
					"(SELECT count(*) FROM ledger_imports) * 1000 + "
					"(SELECT total(length(points)) FROM ledger_cum)",
					-1, &st, NULL),
		     SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The file at csv imported with --dry-run, then for real: the same answer,
 * and the dry run wrote nothing. Returns the real import's code. */
static int dry_then_real(struct ledger_db *db, const char *path, const char *csv)
{
	struct ledger_import_stats dst, st;
	struct jy_err derr, err;
	long long before = ledger_state(path);
	jy_err_clear(&derr);
	jy_err_clear(&err);
	int drc = ledger_import(db, csv, LENC_AUTO, LEDGER_DRY_RUN, &dst, &derr);
	cr_assert_eq(ledger_state(path), before, "the dry run wrote");
	int rc = ledger_import(db, csv, LENC_AUTO, 0, &st, &err);
	cr_assert_eq(drc, rc, "dry run %d (%s), import %d (%s)", drc, derr.msg, rc, err.msg);
	cr_assert_str_eq(derr.msg, err.msg);
	cr_assert_eq(derr.line, err.line);
	cr_assert_eq(derr.col, err.col);
	if (!rc)
		cr_assert_eq(dst.rows, st.rows);
	return rc;
}

Test(ledger_store, dry_run)
{
	char path[256], csv[256];
	struct ledger_db *db = fresh_db(path, sizeof(path));

	snprintf(csv, sizeof(csv), "%s/d.csv", dir);
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\n"
			     "2022,2022-03-01,u,p,L,지출,500,V2,\n"
			     "2022,2022-03-02,u,p,L,이체,-100,T1,\n"
			     "2022,2022-03-02,u,p,M,이체,100,T1,\n"
			     "2022,2022-03-03,u,p,M,원인행위,100,T1,\n");
	cr_assert_eq(dry_then_real(db, path, csv), 0);
	/* the stored series broken by a later file */
	write_file(csv, HEAD "2022,2022-01-15,u,p,L,추경,100,,\n"
			     "2022,2022-02-10,u,p,L,지출,200,V3,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	/* a voucher stored, a transfer's leg stored, a voucher twice in the file */
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V2,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,전용,-1,T1,\n"
			     "2022,2022-04-01,u,p,M,전용,1,T1,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V7,\n"
			     "2022,2022-04-02,u,p,L,원인행위,1,V7,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	/* a repeated voucher and another error: whichever row comes first */
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V9,\n"
			     "2022,2022-04-02,u,p,L,원인행위,1,V9,\n"
			     "2022,2022-04-03,u,p,L,원인행위,1x,V10,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V9,\n"
			     "2022,2022-04-03,u,p,L,원인행위,1x,V10,\n"
			     "2022,2022-04-02,u,p,L,원인행위,1,V9,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,원인행위,1,V9,\n"
			     "2022,2022-04-01,u,p,L,전용,-1,T3,\n"
			     "2022,2022-04-02,u,p,L,원인행위,1,\"V9\",\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	/* an unknown line, a transfer with one leg */
	write_file(csv, HEAD "2022,2022-04-01,u,p,N,원인행위,1,V8,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	write_file(csv, HEAD "2022,2022-04-01,u,p,L,전용,-1,T2,\n");
	cr_assert_eq(dry_then_real(db, path, csv), JY_EINPUT);
	ledger_db_close(db);
	unlink(csv);
	unlink(path);
}

/* The file at csv refused at row `line`, field `field`, and nothing written. */
static void refused_at(struct ledger_db *db, const char *path, const char *csv, long line,
		       const char *field)
{
	struct ledger_import_stats st;
	struct jy_err err;
	long long before = ledger_state(path);
	jy_err_clear(&err);
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), JY_EINPUT, "%s", err.msg);
	cr_assert_eq(err.line, line, "refused at %ld, not %ld: %s", err.line, line, err.msg);
	cr_assert_str_eq(err.field, field, "%s", err.msg);
	cr_assert_eq(ledger_state(path), before, "a refused file was written");
}

static int sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The inserts run on a thread of their own, fed in batches while the next
 * rows are read: the first bad row is still the one named, whether the
 * voucher index (on the writer's side) or the row's own check (on the
 * reader's) finds it, however many batches apart. */
Test(ledger_store, the_first_bad_row_is_named)
{
	char path[256], csv[300];
	struct ledger_import_stats st;
	struct jy_err err;
	struct ledger_db *db = fresh_db(path, sizeof(path));

	snprintf(csv, sizeof(csv), "%s/w.csv", dir);
	write_file(csv, HEAD "2022,2022-01-01,u,p,Z,본예산,1,Z1,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), 0, "%s", err.msg);
	/* a voucher twice, then a bad amount; a bad amount, then a voucher
	 * twice; a voucher twice, then a record that does not read */
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\n"
			     "2022,2022-03-01,u,p,L,원인행위,100,V1,\n"
			     "2022,2022-03-02,u,p,L,원인행위,1x,V2,\n");
	refused_at(db, path, csv, 4, "ref");
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\n"
			     "2022,2022-03-02,u,p,L,원인행위,1x,V2,\n"
			     "2022,2022-03-03,u,p,L,원인행위,100,V1,\n");
	refused_at(db, path, csv, 4, "amount");
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\n"
			     "2022,2022-03-01,u,p,L,원인행위,100,V1,\n"
			     "2022,2022-03-02,u,p,L,원인행위,1,V2,\"memo\n");
	refused_at(db, path, csv, 4, "ref");
	/* a stored voucher, and a voucher twice before a transfer with one leg
	 * (found at the end) */
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,Z1,\n");
	refused_at(db, path, csv, 3, "ref");
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,전용,-10,T1,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\n"
			     "2022,2022-03-01,u,p,L,원인행위,100,V1,\n");
	refused_at(db, path, csv, 5, "ref");

	/* a voucher repeated 15,000 rows later (the rows cross several of the
	 * writer's batches), then a bad amount */
	FILE *f = fopen(csv, "w");
	cr_assert(f);
	fputs(HEAD "2022,2022-01-01,u,p,L,본예산,100000000,,\n", f);
	for (int i = 0; i < 20000; i++) /* row i + 3 */
		fprintf(f, "2022,2022-02-01,u,p,L,원인행위,1,V%d,\n", i == 15000 ? 123 : i);
	fputs("2022,2022-03-01,u,p,L,원인행위,1x,W,\n", f);
	fclose(f);
	refused_at(db, path, csv, 15003, "ref");

	/* the same rows without the repeat and the bad amount: all written */
	f = fopen(csv, "w");
	cr_assert(f);
	fputs(HEAD "2022,2022-01-01,u,p,L,본예산,100000000,,\n", f);
	for (int i = 0; i < 20000; i++)
		fprintf(f, "2022,2022-02-01,u,p,L,원인행위,1,V%d,\n", i);
	fclose(f);
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(st.rows, 20001);
	cr_assert_eq(sql_int(path, "SELECT count(*) FROM ledger_tx"), 20002);
	cr_assert_eq(sql_int(path, "SELECT max(row) FROM ledger_tx"), 20002);
	/* the file is the store's again: WAL, as every store */
	cr_assert_eq(sql_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	struct ledger_cum c;
	cr_assert_eq(ledger_asof(db, 2, dn(2022, 12, 31), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.obligation, 20000);
	ledger_db_close(db);
	unlink(csv);
	unlink(path);
}

static void expect_same(const struct ledger_cum *a, const struct ledger_cum *b)
{
	cr_assert_eq(a->day, b->day);
	cr_assert_eq(a->budget, b->budget);
	cr_assert_eq(a->carry, b->carry);
	cr_assert_eq(a->reserve, b->reserve);
	cr_assert_eq(a->transfer, b->transfer);
	cr_assert_eq(a->obligation, b->obligation);
	cr_assert_eq(a->expenditure, b->expenditure);
}

/* Encodes pts[0..n) and reads it back point by point; returns the bytes. */
static size_t round_trip(const struct ledger_cum *pts, size_t n)
{
	unsigned char *blob = malloc(ledger_series_bound(n));
	size_t len = ledger_series_encode(pts, n, blob);
	struct ledger_series_iter it;
	struct ledger_cum c;
	cr_assert_eq(ledger_series_begin(&it, blob, len), 0);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(ledger_series_next(&it, &c), 1, "point %zu", i);
		expect_same(&c, &pts[i]);
	}
	cr_assert_eq(ledger_series_next(&it, &c), 0, "a point after the last");
	free(blob);
	return len;
}

Test(ledger, series_round_trip)
{
	/* every figure from one extreme to the other: the changes do not fit
	 * an int64, and still come back exactly */
	struct ledger_cum pts[] = {
		{.day = -719468, .budget = 5, .expenditure = -1},
		{.day = -719467, .budget = INT64_MAX, .obligation = INT64_MIN},
		{.day = 10, .budget = INT64_MIN, .obligation = INT64_MAX, .carry = 7},
		{.day = 11, .budget = INT64_MIN, .obligation = INT64_MAX, .carry = 7},
		{.day = 400,
		 .budget = 0,
		 .carry = -1,
		 .reserve = INT64_MAX,
		 .transfer = INT64_MIN,
		 .obligation = 0,
		 .expenditure = INT64_MAX},
		{.day = 401,
		 .budget = -1,
		 .carry = INT64_MIN,
		 .reserve = INT64_MIN,
		 .transfer = INT64_MAX,
		 .obligation = -1,
		 .expenditure = INT64_MIN},
		{.day = dn(2022, 12, 31), .budget = 1},
	};
	size_t n = sizeof(pts) / sizeof(pts[0]);
	for (size_t k = 0; k <= n; k++) /* every prefix, the empty series first */
		round_trip(pts, k);

	/* a year of one figure moving a few days apart, as a line does */
	struct ledger_cum year[120];
	int64_t spent = 0;
	for (int i = 0; i < 120; i++) {
		spent += 1000000000 + i;
		year[i] = (struct ledger_cum){.day = dn(2022, 1, 3) + 3 * i,
					      .budget = 500000000000,
					      .obligation = spent,
					      .expenditure = i ? spent - 1000000000 : 0};
	}
	size_t len = round_trip(year, 120);
	/* a format byte; the first point: its head (the day from the epoch,
	 * 4 bytes), budget (6) and obligation (5); then each point a head of 2
	 * bytes (a gap of 3 days) and two changes of about 2^31 zigzagged (5
	 * each): 1,444 bytes, where format 0 took 120 * 56 = 6,720 */
	cr_assert_eq(len, 1 + (4 + 6 + 5) + 119 * (2 + 5 + 5), "%zu bytes", len);
}

Test(ledger, series_empty_and_damaged)
{
	unsigned char blob[1 + 3 * LEDGER_POINT_BYTES_MAX];
	struct ledger_series_iter it;
	struct ledger_cum c, pts[2] = {{.day = 1, .budget = 300}, {.day = 2, .expenditure = -1}};

	cr_assert_eq(ledger_series_encode(pts, 0, blob), 1, "the empty series: its format");
	cr_assert_eq(ledger_series_begin(&it, blob, 1), 0);
	cr_assert_eq(ledger_series_next(&it, &c), 0);
	cr_assert_eq(ledger_series_begin(&it, blob, 0), -1, "no bytes at all");
	blob[0] = 0;
	cr_assert_eq(ledger_series_begin(&it, blob, 1), -1, "another format");

	size_t len = ledger_series_encode(pts, 2, blob);
	for (size_t cut = 2; cut < len; cut++) { /* cut inside a point: never a point */
		cr_assert_eq(ledger_series_begin(&it, blob, cut), 0);
		int rc;
		while ((rc = ledger_series_next(&it, &c)) == 1)
			;
		/* the first point: a head of 2 bytes (the day 1, zigzagged, is 2 << 6)
		 * and 300 zigzagged in 2 */
		cr_assert(cut == 1 + 4 || rc == -1, "cut at %zu read as whole", cut);
	}
	unsigned char endless[12] = {LEDGER_SERIES_FORMAT};
	memset(endless + 1, 0xff, 11); /* a varint that never ends */
	cr_assert_eq(ledger_series_begin(&it, endless, sizeof(endless)), 0);
	cr_assert_eq(ledger_series_next(&it, &c), -1);
}

/* Format 0: the day and six figures of each point, little-endian int64. */
static void put_format0(unsigned char *p, const struct ledger_cum *c)
{
	int64_t f[7] = {c->day,	     c->budget,	    c->carry,	   c->reserve,
			c->transfer, c->obligation, c->expenditure};
	for (int k = 0; k < 7; k++)
		for (int i = 0; i < 8; i++)
			p[8 * k + i] = (unsigned char)((uint64_t)f[k] >> (8 * i));
}

Test(ledger, series_from_format0)
{
	struct ledger_cum pts[3] = {{.day = 10, .budget = 5, .expenditure = -1},
				    {.day = 20, .budget = INT64_MAX, .obligation = INT64_MIN},
				    {.day = 30, .carry = 7}};
	unsigned char old[3 * 56];
	size_t len;
	for (int i = 0; i < 3; i++)
		put_format0(old + 56 * i, &pts[i]);
	unsigned char *blob = ledger_series_from_format0(old, sizeof(old), &len);
	cr_assert(blob);
	struct ledger_series_iter it;
	struct ledger_cum c;
	cr_assert_eq(ledger_series_begin(&it, blob, len), 0);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(ledger_series_next(&it, &c), 1);
		expect_same(&c, &pts[i]);
	}
	cr_assert_eq(ledger_series_next(&it, &c), 0);
	free(blob);
	cr_assert_null(ledger_series_from_format0(old, 55, &len), "no whole record");
	put_format0(old + 56, &pts[0]); /* a day that does not rise */
	cr_assert_null(ledger_series_from_format0(old, sizeof(old), &len));
}

/* A database of schema 8 holds its series in format 0: opening it turns
 * them into format 1, with the same figures. */
Test(ledger_store, format0_migrated)
{
	char path[256], csv[300];
	struct ledger_import_stats st;
	struct jy_err err;
	struct ledger_db *db = fresh_db(path, sizeof(path));
	struct ledger_cum c;

	snprintf(csv, sizeof(csv), "%s/m.csv", dir);
	write_file(csv, HEAD "2022,2022-01-01,u,p,L,본예산,1000,,\n"
			     "2022,2022-02-01,u,p,L,원인행위,600,V1,\n"
			     "2022,2022-03-01,u,p,L,지출,500,V2,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), 0, "%s", err.msg);
	ledger_db_close(db);
	/* the series as the program before format 1 wrote it */
	struct ledger_cum pts[3] = {
		{.day = dn(2022, 1, 1), .budget = 1000},
		{.day = dn(2022, 2, 1), .budget = 1000, .obligation = 600},
		{.day = dn(2022, 3, 1), .budget = 1000, .obligation = 600, .expenditure = 500}};
	unsigned char old[3 * 56];
	for (int i = 0; i < 3; i++)
		put_format0(old + 56 * i, &pts[i]);
	sqlite3 *raw;
	sqlite3_stmt *up;
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(raw, "UPDATE ledger_cum SET points=?1", -1, &up, NULL),
		     SQLITE_OK);
	sqlite3_bind_blob(up, 1, old, sizeof(old), SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(up), SQLITE_DONE);
	sqlite3_finalize(up);
	cr_assert_eq(sqlite3_exec(raw, "PRAGMA user_version = 8", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(raw);

	cr_assert_eq(ledger_db_open(path, &db, &err), 0, "%s", err.msg);
	cr_assert_eq(sql_int(path, "PRAGMA user_version"), 9);
	cr_assert_eq(sql_int(path, "SELECT length(points) < 56 FROM ledger_cum"), 1);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 2, 15), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.budget, 1000);
	cr_assert_eq(c.obligation, 600);
	cr_assert_eq(c.expenditure, 0);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 12, 31), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.expenditure, 500);
	/* and a later import adds to the migrated series */
	write_file(csv, HEAD "2022,2022-02-10,u,p,L,지출,100,V3,\n");
	cr_assert_eq(ledger_import(db, csv, LENC_AUTO, 0, &st, &err), 0, "%s", err.msg);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 2, 15), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.expenditure, 100);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 12, 31), &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.expenditure, 600);
	ledger_db_close(db);

	/* a damaged series is the store's error, not figures of zero */
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(raw, "UPDATE ledger_cum SET points = substr(points, 1, 3)", NULL,
				  NULL, NULL),
		     SQLITE_OK);
	sqlite3_close(raw);
	cr_assert_eq(ledger_db_open(path, &db, &err), 0, "%s", err.msg);
	cr_assert_eq(ledger_asof(db, 1, dn(2022, 12, 31), &c, &err), JY_ESTORE);
	ledger_db_close(db);
	unlink(csv);
	unlink(path);
}
