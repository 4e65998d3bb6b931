/*
 * test_csv.c - unit tests of CSV reading and writing (src/pkg/csv.c): rows
 * with their line numbers, encodings (BOM, CP949, NFD), malformed input with
 * line and column, canonical writing and round trips.
 */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/utf8.h"
#include "pkg/csv.h"

#define MAX_ROWS 32
#define MAX_COLS 16

struct rows {
	int n;
	long line[MAX_ROWS];
	int n_fields[MAX_ROWS];
	char *field[MAX_ROWS][MAX_COLS];
	int stop_after; /* return nonzero from this row (1-based), 0 never */
};

static int collect(void *ctx, const char *const *fields, int n_fields, long line,
		   struct jy_err *err)
{
	struct rows *r = ctx;

	cr_assert_lt(r->n, MAX_ROWS);
	cr_assert_leq(n_fields, MAX_COLS);
	r->line[r->n] = line;
	r->n_fields[r->n] = n_fields;
	for (int i = 0; i < n_fields; i++) {
		cr_assert_not_null(fields[i]);
		r->field[r->n][i] = strdup(fields[i]);
	}
	r->n++;
	if (r->stop_after && r->n == r->stop_after)
		return jy_err_set(err, JY_EINPUT, "stopped by the callback");
	return 0;
}

static void rows_free(struct rows *r)
{
	for (int i = 0; i < r->n; i++)
		for (int k = 0; k < r->n_fields[i]; k++)
			free(r->field[i][k]);
	memset(r, 0, sizeof(*r));
}

static int read_str(const char *data, size_t len, struct rows *r, struct jy_err *err)
{
	memset(r, 0, sizeof(*r));
	memset(err, 0, sizeof(*err));
	return csv_read_buffer("t.csv", data, len, collect, r, err);
}

static void read_ok(const char *data, struct rows *r)
{
	struct jy_err err;
	int rc = read_str(data, strlen(data), r, &err);
	cr_assert_eq(rc, 0, "read failed: %s (line %ld col %ld)", err.msg, err.line, err.col);
}

static void row_is(const struct rows *r, int i, long line, int n, ...)
{
	va_list ap;

	cr_assert_lt(i, r->n, "row %d missing (only %d rows)", i, r->n);
	cr_assert_eq(r->line[i], line, "row %d: line %ld, expected %ld", i, r->line[i], line);
	cr_assert_eq(r->n_fields[i], n, "row %d: %d fields, expected %d", i, r->n_fields[i], n);
	va_start(ap, n);
	for (int k = 0; k < n; k++) {
		const char *want = va_arg(ap, const char *);
		cr_assert_str_eq(r->field[i][k], want, "row %d field %d: \"%s\", expected \"%s\"",
				 i, k, r->field[i][k], want);
	}
	va_end(ap);
}

static void read_bad(const char *data, size_t len, long line, long col, const char *what)
{
	struct rows r;
	struct jy_err err;
	int rc = read_str(data, len, &r, &err);

	cr_assert_eq(rc, JY_EINPUT, "should be refused");
	cr_assert_eq(err.code, JY_EINPUT);
	cr_assert_eq(err.line, line, "line %ld, expected %ld (%s)", err.line, line, err.msg);
	cr_assert_eq(err.col, col, "col %ld, expected %ld (%s)", err.col, col, err.msg);
	cr_assert_str_eq(err.file, "t.csv");
	cr_assert(strstr(err.msg, what), "message \"%s\" lacks \"%s\"", err.msg, what);
	rows_free(&r);
}

/* ---- rows and line numbers ------------------------------------------------ */

Test(csv, simple_rows)
{
	struct rows r;
	read_ok("id,name\na,경제\nb,\n", &r);
	cr_assert_eq(r.n, 3);
	row_is(&r, 0, 1, 2, "id", "name");
	row_is(&r, 1, 2, 2, "a", "경제");
	row_is(&r, 2, 3, 2, "b", "");
	rows_free(&r);
}

Test(csv, no_final_newline)
{
	struct rows r;
	read_ok("a,b\nc,d", &r);
	cr_assert_eq(r.n, 2);
	row_is(&r, 1, 2, 2, "c", "d");
	rows_free(&r);
}

Test(csv, quoted_fields)
{
	struct rows r;
	read_ok("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n", &r);
	cr_assert_eq(r.n, 2);
	row_is(&r, 1, 2, 3, "x,y", "say \"hi\"", "");
	rows_free(&r);
}

Test(csv, quoted_newline_in_first_field)
{
	struct rows r;
	read_ok("a,b\n\"x\ny\",z\nc,d\n", &r);
	cr_assert_eq(r.n, 3);
	row_is(&r, 0, 1, 2, "a", "b");
	row_is(&r, 1, 2, 2, "x\ny", "z");
	row_is(&r, 2, 4, 2, "c", "d");
	rows_free(&r);
}

Test(csv, quoted_newlines_in_last_field)
{
	struct rows r;
	read_ok("a,b\nc,\"one\ntwo\nthree\"\ne,f\n", &r);
	cr_assert_eq(r.n, 3);
	row_is(&r, 1, 2, 2, "c", "one\ntwo\nthree");
	row_is(&r, 2, 5, 2, "e", "f");
	rows_free(&r);
}

Test(csv, quoted_newline_single_column_at_eof)
{
	struct rows r;
	read_ok("a\n\"x\ny\"", &r);
	cr_assert_eq(r.n, 2);
	row_is(&r, 1, 2, 1, "x\ny");
	rows_free(&r);
}

Test(csv, blank_lines_are_skipped_but_counted)
{
	struct rows r;
	read_ok("a,b\n\nc,d\n\n\ne,f\n\n", &r);
	cr_assert_eq(r.n, 3);
	row_is(&r, 0, 1, 2, "a", "b");
	row_is(&r, 1, 3, 2, "c", "d");
	row_is(&r, 2, 6, 2, "e", "f");
	rows_free(&r);
}

Test(csv, blank_lines_after_a_multiline_field)
{
	struct rows r;
	read_ok("a,b\nc,\"x\ny\"\n\n\ne,f\n", &r);
	cr_assert_eq(r.n, 3);
	row_is(&r, 1, 2, 2, "c", "x\ny");
	row_is(&r, 2, 6, 2, "e", "f");
	rows_free(&r);
}

Test(csv, crlf_line_ends)
{
	struct rows r;
	read_ok("a,b\r\nc,d\r\n", &r);
	cr_assert_eq(r.n, 2);
	row_is(&r, 0, 1, 2, "a", "b");
	row_is(&r, 1, 2, 2, "c", "d");
	rows_free(&r);
}

Test(csv, empty_input)
{
	struct rows r;
	read_ok("", &r);
	cr_assert_eq(r.n, 0);
}

Test(csv, callback_can_stop)
{
	struct rows r;
	struct jy_err err;
	const char *data = "a\nb\nc\n";

	memset(&r, 0, sizeof(r));
	memset(&err, 0, sizeof(err));
	r.stop_after = 2;
	int rc = csv_read_buffer("t.csv", data, strlen(data), collect, &r, &err);
	cr_assert_eq(rc, JY_EINPUT);
	cr_assert_eq(r.n, 2, "rows after the stop were delivered");
	cr_assert_str_eq(err.msg, "stopped by the callback");
	rows_free(&r);
}

/* ---- encodings -------------------------------------------------------------- */

Test(csv, bom_is_stripped)
{
	struct rows r;
	read_ok("\xEF\xBB\xBFid,name\nx,경제정책과\n", &r);
	cr_assert_eq(r.n, 2);
	row_is(&r, 0, 1, 2, "id", "name");
	row_is(&r, 1, 2, 2, "x", "경제정책과");
	rows_free(&r);
}

/* Converts UTF-8 text to CP949 with iconv. */
static size_t to_cp949(const char *utf8, char *out, size_t cap)
{
	iconv_t cd = iconv_open("CP949", "UTF-8");
	char *in = (char *)utf8, *o = out;
	size_t in_left = strlen(utf8), o_left = cap;

	cr_assert_neq(cd, (iconv_t)-1, "iconv cannot convert to CP949");
	cr_assert_neq(iconv(cd, &in, &in_left, &o, &o_left), (size_t)-1);
	iconv_close(cd);
	return cap - o_left;
}

Test(csv, cp949_is_converted)
{
	char data[256];
	size_t len = to_cp949("id,name_ko\necon,경제정책과\n\"q,1\",\"일자리\n정책과\"\n", data,
			      sizeof(data));
	/* the hard-coded bytes of 경제정책과 in CP949 */
	cr_assert(memmem(data, len, "\xB0\xE6\xC1\xA6\xC1\xA4\xC3\xA5\xB0\xFA", 10) != NULL);

	struct rows r;
	struct jy_err err;
	cr_assert_eq(read_str(data, len, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.n, 3);
	row_is(&r, 0, 1, 2, "id", "name_ko");
	row_is(&r, 1, 2, 2, "econ", "경제정책과");
	row_is(&r, 2, 3, 2, "q,1", "일자리\n정책과");
	size_t bad;
	cr_assert(utf8_valid(r.field[1][1], strlen(r.field[1][1]), &bad));
	rows_free(&r);
}

Test(csv, cp949_hardcoded_bytes)
{
	const char data[] = "a\n\xB0\xE6\xC1\xA6\xC1\xA4\xC3\xA5\xB0\xFA\n";
	struct rows r;
	struct jy_err err;
	cr_assert_eq(read_str(data, sizeof(data) - 1, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.n, 2);
	row_is(&r, 1, 2, 1, "경제정책과");
	rows_free(&r);
}

Test(csv, neither_utf8_nor_cp949)
{
	/* 0xFF is no lead byte in either encoding */
	const char data[] = "a,b\nc,\xFF\xFF\n";
	struct rows r;
	struct jy_err err;
	cr_assert_eq(read_str(data, sizeof(data) - 1, &r, &err), JY_EINPUT);
	cr_assert_eq(err.line, 2, "line %ld", err.line);
	cr_assert_eq(err.col, 2, "the cell's field: %ld", err.col);
	cr_assert_str_eq(err.field, "b");
	cr_assert(strstr(err.msg, "0xFF is neither UTF-8 nor CP949"), "%s", err.msg);
	cr_assert_eq(r.n, 0, "no row may be delivered from undecodable input");
}

/* A UTF-8 file with one cell in CP949 is an error at that cell. The whole
 * file happens to decode as CP949 too (UTF-8 조직 and 경제 are valid CP949
 * byte pairs), which read it all as CP949 and turned 조직 into 議곗쭅. */
Test(csv, utf8_file_with_a_cp949_cell_is_an_error_there)
{
	char data[256], cell[32];
	size_t n = to_cp949("종류", cell, sizeof(cell));
	int len = snprintf(data, sizeof(data),
			   "id,name_ko,name_en\nunit,조직,Unit\nkind,%.*s,K\n"
			   "econ,경제,Economy\n",
			   (int)n, cell);
	struct buf conv;
	struct jy_err err;
	struct rows r;

	buf_init(&conv);
	cr_assert_eq(utf8_from_cp949(data, (size_t)len, &conv, NULL, &err), 0,
		     "the test needs a file that also decodes as CP949");
	buf_release(&conv);
	cr_assert_eq(read_str(data, (size_t)len, &r, &err), JY_EINPUT);
	cr_assert_eq(err.line, 3, "line %ld", err.line);
	cr_assert_eq(err.col, 2, "field %ld", err.col);
	cr_assert_str_eq(err.field, "name_ko");
	cr_assert(strstr(err.msg, "is not UTF-8"), "%s", err.msg);
	cr_assert_eq(r.n, 0);
}

/* The cell is found past quoted commas and line breaks; in the header it
 * has no field name. */
Test(csv, bad_byte_located_past_quoted_fields)
{
	const char data[] = "a,b,c\n\"x,\ny\",\"\"\"q\",경제 \xB0\n";
	const char head[] = "a,\xC1\xBE,c\n경제,조직,\"성과\"\n";
	struct rows r;
	struct jy_err err;

	cr_assert_eq(read_str(data, sizeof(data) - 1, &r, &err), JY_EINPUT);
	cr_assert_eq(err.line, 3, "line %ld", err.line);
	cr_assert_eq(err.col, 3, "field %ld", err.col);
	cr_assert_str_eq(err.field, "c");
	cr_assert_eq(read_str(head, sizeof(head) - 1, &r, &err), JY_EINPUT);
	cr_assert_eq(err.line, 1, "line %ld", err.line);
	cr_assert_eq(err.col, 2, "field %ld", err.col);
	cr_assert_str_eq(err.field, "");
}

/* A pair of bytes CP949 does not define, last in the file: iconv reports
 * the offset after it, and the message named a byte past the end (found by
 * fuzz_csv). The byte named is the pair's first; the sentinel after the
 * length is never read. */
Test(csv, cp949_undefined_pair_at_the_end)
{
	const char data[] = "\xA2\xE8X";
	const char mid[] = "a,b\n\xB0\xE6,\xA2\xE8"
			   "cd\n";
	struct rows r;
	struct jy_err err;

	cr_assert_eq(read_str(data, 2, &r, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "0xA2"), "%s", err.msg);
	cr_assert_eq(err.line, 1, "line %ld", err.line);
	cr_assert_eq(read_str(mid, sizeof(mid) - 1, &r, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "0xA2"), "%s", err.msg);
	cr_assert_eq(err.line, 2, "line %ld", err.line);
	cr_assert_eq(err.col, 2, "field %ld", err.col);
}

/* A file in CP949 whose Hangul, read as UTF-8, happen to form two
 * well-formed three-byte sequences is still CP949: they are fewer than its
 * runs of invalid bytes. */
Test(csv, cp949_with_a_chance_utf8_sequence)
{
	char data[256];
	size_t len = to_cp949("a,b\n경제정책과,일자리 지원\n성과,조직 관리\n", data, sizeof(data));
	struct rows r;
	struct jy_err err;

	cr_assert_eq(read_str(data, len, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.n, 3);
	row_is(&r, 2, 3, 2, "성과", "조직 관리");
	rows_free(&r);
}

Test(csv, nfd_is_normalised_to_nfc)
{
	/* 경 decomposed: U+1100 U+1167 U+11BC; composed: U+ACBD */
	struct rows r;
	read_ok("a,b\n\xE1\x84\x80\xE1\x85\xA7\xE1\x86\xBC\xEC\xA0\x9C,x\n", &r);
	cr_assert_eq(r.n, 2);
	row_is(&r, 1, 2, 2, "경제", "x");
	cr_assert_str_eq(r.field[1][0], "\xEA\xB2\xBD\xEC\xA0\x9C");
	rows_free(&r);
}

/* ---- malformed CSV ------------------------------------------------------------ */

Test(csv, quote_inside_unquoted_field)
{
	const char *d = "a,b\nxy,a\"b\n";
	read_bad(d, strlen(d), 2, 5, "malformed CSV");
}

Test(csv, quote_inside_unquoted_field_column_in_characters)
{
	/* 경 제 , a " : the quote is the 5th character (9th byte) */
	const char *d = "a,b\nc,d\n경제,a\"b\n";
	read_bad(d, strlen(d), 3, 5, "malformed CSV");
}

Test(csv, text_after_closing_quote)
{
	const char *d = "a,b\n\"ab\"c,d\n";
	read_bad(d, strlen(d), 2, 5, "malformed CSV");
}

Test(csv, text_after_closing_quote_of_multiline_field)
{
	/* the field opens on line 2 and closes on line 3, where the stray x is */
	const char *d = "a,b\nc,\"one\n두\"x\n";
	read_bad(d, strlen(d), 3, 3, "malformed CSV");
}

Test(csv, unterminated_quote_at_eof)
{
	const char *d = "a,b\nc,d\n\"x,y\n";
	struct rows r;
	struct jy_err err;
	cr_assert_eq(read_str(d, strlen(d), &r, &err), JY_EINPUT);
	cr_assert_eq(err.code, JY_EINPUT);
	cr_assert_eq(err.line, 3, "line %ld (%s)", err.line, err.msg);
	cr_assert(strstr(err.msg, "unterminated"), "%s", err.msg);
	cr_assert_eq(r.n, 2, "the complete rows before it are delivered");
	rows_free(&r);
}

/* An unterminated quote is reported where it opens (line 3, column 3), not
 * at the end of the file. */
Test(csv, unterminated_quote_points_at_the_quote)
{
	const char *d = "a,b\nc,d\ne,\"x,y\nz\nw\n";
	read_bad(d, strlen(d), 3, 3, "unterminated");
}

Test(csv, nul_byte_in_field)
{
	const char d[] = "a,b\nc,x\0y\n";
	struct rows r;
	struct jy_err err;
	cr_assert_eq(read_str(d, sizeof(d) - 1, &r, &err), JY_EINPUT);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 2, "col (field) %ld", err.col);
	rows_free(&r);
}

Test(csv, too_many_columns)
{
	char d[4 * JY_CSV_COLUMNS_MAX + 16];
	size_t n = 0;
	for (int i = 0; i <= JY_CSV_COLUMNS_MAX; i++)
		n += (size_t)sprintf(d + n, "%sx", i ? "," : "");
	d[n++] = '\n';
	struct rows r;
	struct jy_err err;
	cr_assert_eq(read_str(d, n, &r, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "columns"), "%s", err.msg);
	cr_assert_eq(r.n, 0);
}

/* ---- writing ------------------------------------------------------------------ */

Test(csv, write_quotes_only_when_needed)
{
	struct buf b;
	const char *fields[] = {"plain",      "경제정책과", "a,b", "say \"hi\"",
				"two\nlines", "",	    NULL,  "cr\r"};

	buf_init(&b);
	csv_write_row(&b, fields, 8);
	cr_assert_str_eq(b.data,
			 "plain,경제정책과,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,,\"cr\r\"\n");
	buf_release(&b);
}

Test(csv, write_single_and_empty_rows)
{
	struct buf b;
	const char *one[] = {"x"};
	const char *empty[] = {""};

	buf_init(&b);
	csv_write_row(&b, one, 1);
	csv_write_row(&b, empty, 1);
	csv_write_row(&b, one, 0);
	cr_assert_str_eq(b.data, "x\n\"\"\n\n"); /* a single empty field is quoted */
	buf_release(&b);
}

/* For a spreadsheet, a cell that would run as a formula is quoted with an
 * apostrophe before it (CSV injection); the plain form is unchanged. */
Test(csv, excel_form_guards_formulas)
{
	const char *fields[] = {"=1+2", "+x", "-5", "@SUM(A1)", "'=y", "'a", "a=b", ""};
	struct buf b;

	buf_init(&b);
	csv_write_row_excel(&b, fields, 8);
	cr_assert_str_eq(b.data, "\"'=1+2\",\"'+x\",\"'-5\",\"'@SUM(A1)\",\"''=y\",'a,a=b,\r\n");
	buf_reset(&b);
	csv_write_row(&b, fields, 8);
	cr_assert_str_eq(b.data, "=1+2,+x,-5,@SUM(A1),'=y,'a,a=b,\n");
	buf_release(&b);
}

/* Read back with its byte-order mark, the spreadsheet form gives the cells
 * that were written, apostrophes printed in the data kept; without the mark
 * nothing is taken off. */
Test(csv, excel_form_reads_back_the_same)
{
	const char *cells[] = {"=1+2", "-5", "'=y", "''@z", "'a", "'", "-", "x"};
	struct buf b;
	struct rows r;
	struct jy_err err;

	buf_init(&b);
	buf_adds(&b, "\xEF\xBB\xBF");
	csv_write_row_excel(&b, cells, 8);
	cr_assert_eq(read_str(b.data, b.len, &r, &err), 0, "%s", err.msg);
	for (int i = 0; i < 8; i++)
		cr_assert_str_eq(r.field[0][i], cells[i]);
	rows_free(&r);
	cr_assert_eq(read_str(b.data + 3, b.len - 3, &r, &err), 0, "%s", err.msg);
	cr_assert_str_eq(r.field[0][0], "'=1+2", "no mark, no guard taken off");
	rows_free(&r);
	buf_release(&b);
}

Test(csv, write_then_read_round_trip)
{
	static const char *rows_in[][4] = {
		{"id", "text", "note", "source"},
		{"a-1", "경제, 일자리", "\"인용\" 포함", "000.txt:95"},
		{"b", "여러\n줄\n텍스트", "", "000.txt:96;000.txt:97"},
		{"c", "△10", "80,4", ""},
	};
	struct buf b;
	struct rows r;

	buf_init(&b);
	for (int i = 0; i < 4; i++)
		csv_write_row(&b, rows_in[i], 4);
	read_ok(b.data, &r);
	cr_assert_eq(r.n, 4);
	long expect_line[] = {1, 2, 3, 6};
	for (int i = 0; i < 4; i++)
		row_is(&r, i, expect_line[i], 4, rows_in[i][0], rows_in[i][1], rows_in[i][2],
		       rows_in[i][3]);

	/* and writing what was read gives the same bytes */
	struct buf again;
	buf_init(&again);
	for (int i = 0; i < r.n; i++)
		csv_write_row(&again, (const char *const *)r.field[i], r.n_fields[i]);
	cr_assert_str_eq(again.data, b.data);
	buf_release(&again);
	buf_release(&b);
	rows_free(&r);
}

/* Spaces and tabs around unquoted fields are data: libcsv trims them by
 * default, which made " a " come back as "a" (fixed by csv_set_space_func). */
Test(csv, round_trip_keeps_surrounding_spaces)
{
	const char *fields[] = {" a ", "b\t", "\tc", "  "};
	struct buf b;
	struct rows r;

	buf_init(&b);
	csv_write_row(&b, fields, 4);
	read_ok(b.data, &r);
	cr_assert_eq(r.n, 1);
	row_is(&r, 0, 1, 4, " a ", "b\t", "\tc", "  ");
	buf_release(&b);
	rows_free(&r);
}

/* A row of a single empty field is written as "" so that it is not read as a
 * blank line. */
Test(csv, single_empty_field_round_trip)
{
	const char *fields[] = {""};
	struct buf b;
	struct rows r;

	buf_init(&b);
	csv_write_row(&b, fields, 1);
	read_ok(b.data, &r);
	cr_assert_eq(r.n, 1, "the row was lost (written as \"%s\")", b.data);
	buf_release(&b);
	rows_free(&r);
}

/* Spaces inside a quoted field survive. */
Test(csv, unquoted_spaces_survive)
{
	struct rows r;
	read_ok(" a ,\tb, \n", &r);
	row_is(&r, 0, 1, 3, " a ", "\tb", " ");
	rows_free(&r);
}

Test(csv, quoted_spaces_survive)
{
	struct rows r;
	read_ok("\" a \",\"\tb\"\n", &r);
	row_is(&r, 0, 1, 2, " a ", "\tb");
	rows_free(&r);
}

Test(csv, file_write_and_read)
{
	char path[] = "/tmp/jipyo-test-csv-XXXXXX";
	int fd = mkstemp(path);
	struct jy_err err;
	struct rows r;
	const char *data = "a,b\n경제,\"x\ny\"\n";

	cr_assert_geq(fd, 0);
	close(fd);
	cr_assert_eq(file_write_atomic(path, data, strlen(data), &err), 0, "%s", err.msg);
	memset(&r, 0, sizeof(r));
	cr_assert_eq(csv_read_file(path, collect, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(r.n, 2);
	row_is(&r, 1, 2, 2, "경제", "x\ny");
	rows_free(&r);

	struct buf all;
	buf_init(&all);
	cr_assert_eq(file_read_all(path, 1024, &all, &err), 0);
	cr_assert_eq(all.len, strlen(data));
	cr_assert_eq(file_read_all(path, 4, &all, &err), JY_EINPUT, "size limit not enforced");
	buf_release(&all);
	unlink(path);
	/* a path that names nothing, or a folder, is the user's mistake */
	cr_assert_eq(csv_read_file(path, collect, &r, &err), JY_EINPUT);
	cr_assert_eq(csv_read_file("/tmp", collect, &r, &err), JY_EINPUT);
	cr_assert(strstr(err.msg, "is a folder"), "%s", err.msg);
}

/* ---- lines without quotes (split without libcsv) -------------------------------- */

/* 1 to max_parts atoms picked at random (a fixed LCG: the same texts every
 * run) and joined into text, which holds 256 bytes. */
static void random_text(char *text, const char *const *atoms, int n_atoms, int max_parts,
			unsigned *seed)
{
	int parts = 1 + (int)((*seed = *seed * 1103515245 + 12345) >> 16) % max_parts;

	text[0] = '\0';
	for (int k = 0; k < parts; k++) {
		int i = (int)((*seed = *seed * 1103515245 + 12345) >> 16) % n_atoms;
		strcat(text, atoms[i]);
	}
}

/* Random quote-free text read as CSV must give the rows of the rule libcsv
 * follows: a row ends at CR or LF, an empty row is no row, fields are split
 * on commas and kept as written (spaces too), every field in NFC. Quoted
 * lines in between keep the two paths in step. */
Test(csv, quote_free_lines_split_as_libcsv_does)
{
	static const char *atoms[] = {"a",  "b",	 ",",  " ",    "\r", "\n",
				      "\n", "e\xCC\x81", "가", "\r\n", ",,", "\n\"q,\"\"x\"\"\"\n"};
	unsigned seed = 7;

	for (int round = 0; round < 3000; round++) {
		char text[256];
		random_text(text, atoms, 12, 14, &seed);
		/* the reference */
		struct rows want = {0};
		long line = 1, row_line = 1;
		char field[256];
		size_t fl = 0;
		int in_row = 0;
		for (const char *p = text;; p++) {
			if (*p == '"') { /* the quoted atom: one field "q,"x"" then LF */
				if (!in_row)
					row_line = line;
				in_row = 1;
				strcpy(field, "q,\"x\"");
				fl = strlen(field);
				p += strlen("\"q,\"\"x\"\"\"") - 1;
				continue;
			}
			if (*p == '\r' || *p == '\n' || !*p) {
				if (in_row) {
					field[fl] = 0;
					want.field[want.n][want.n_fields[want.n]++] = strdup(field);
					want.line[want.n++] = row_line;
				}
				in_row = 0;
				fl = 0;
				if (!*p)
					break;
				if (*p == '\n')
					line++;
				continue;
			}
			if (!in_row)
				row_line = line;
			in_row = 1;
			if (*p == ',') {
				field[fl] = 0;
				want.field[want.n][want.n_fields[want.n]++] = strdup(field);
				fl = 0;
			} else if (*p == 'e' && p[1] == '\xCC') {
				field[fl++] = '\xC3'; /* é composed */
				field[fl++] = '\xA9';
				p += 2;
			} else {
				field[fl++] = *p;
			}
		}
		struct rows got;
		read_ok(text, &got);
		cr_assert_eq(got.n, want.n, "round %d: %d rows, want %d", round, got.n, want.n);
		for (int i = 0; i < want.n; i++) {
			cr_assert_eq(got.line[i], want.line[i], "round %d row %d line", round, i);
			cr_assert_eq(got.n_fields[i], want.n_fields[i], "round %d row %d", round,
				     i);
			for (int k = 0; k < want.n_fields[i]; k++)
				cr_assert_str_eq(got.field[i][k], want.field[i][k],
						 "round %d row %d", round, i);
		}
		rows_free(&got);
		rows_free(&want);
	}
}

/* Lines with quotes anywhere, well-formed or not: the fast path and libcsv
 * alone give the same rows, or the same error at the same place. */
Test(csv, fast_path_agrees_with_libcsv)
{
	static const char *atoms[] = {"a",  ",",	 "\"",	   "\"\"", "\"x,y\"",
				      "\n", "\r\n",	 " ",	   "\r",   "\"q\"\"r\"",
				      "가", "e\xCC\x81", ",\"z\"", "\"\n", "\"a\"b"};
	unsigned seed = 99;

	for (int round = 0; round < 20000; round++) {
		char text[256];
		random_text(text, atoms, 15, 12, &seed);
		struct rows fast = {0}, slow = {0};
		struct jy_err ef = {0}, es = {0};
		int rf = csv_read_buffer("t.csv", text, strlen(text), collect, &fast, &ef);
		int rs = csv_read_buffer_libcsv("t.csv", text, strlen(text), collect, &slow, &es);
		cr_assert_eq(rf, rs, "round %d: rc %d vs %d", round, rf, rs);
		if (rf) {
			cr_assert_str_eq(ef.msg, es.msg, "round %d", round);
			cr_assert_eq(ef.line, es.line, "round %d", round);
			cr_assert_eq(ef.col, es.col, "round %d", round);
		}
		cr_assert_eq(fast.n, slow.n, "round %d: %d rows vs %d", round, fast.n, slow.n);
		for (int i = 0; i < fast.n; i++) {
			cr_assert_eq(fast.line[i], slow.line[i], "round %d row %d", round, i);
			cr_assert_eq(fast.n_fields[i], slow.n_fields[i], "round %d row %d", round,
				     i);
			for (int k = 0; k < fast.n_fields[i]; k++)
				cr_assert_str_eq(fast.field[i][k], slow.field[i][k], "round %d",
						 round);
		}
		rows_free(&fast);
		rows_free(&slow);
	}
}

/* csv_split as it was, a byte at a time: the reference for the faster one. */
static size_t split_bytewise(const char *data, size_t len, size_t parts, size_t *starts,
			     long *lines)
{
	size_t n = 0, pos = 0, quotes = 0;
	long line = 1;

	starts[n] = 0;
	lines[n++] = 1;
	for (size_t k = 1; k < parts; k++) {
		size_t target = len / parts * k;
		if (target <= pos)
			continue;
		for (; pos < target; pos++) {
			quotes += data[pos] == '"';
			line += data[pos] == '\n';
		}
		for (; pos < len; pos++) {
			if (data[pos] == '\n') {
				if (quotes % 2 == 0)
					break;
				line++;
			}
			quotes += data[pos] == '"';
		}
		if (pos + 1 >= len)
			break;
		pos++;
		line++;
		starts[n] = pos;
		lines[n++] = line;
	}
	return n;
}

/* Pieces start where the byte-at-a-time split started them, with the same
 * line numbers: random text of quotes, line feeds (some inside quoted
 * fields), commas, Hangul and bytes with the high bit set, of lengths around
 * the counting's blocks of 8 and 255 × 8 bytes. */
Test(csv, split_agrees_with_a_byte_at_a_time)
{
	static const char *atoms[] = {"\"", "\n", ",", "ab", "정원", "\x80", "\"\"", "\r\n", "x"};
	enum { MAX_LEN = 20000, MAX_PARTS = 40 };
	char *text = malloc(MAX_LEN + 8);
	size_t s1[MAX_PARTS], s2[MAX_PARTS];
	long l1[MAX_PARTS], l2[MAX_PARTS];
	unsigned seed = 12345;

	for (int round = 0; round < 400; round++) {
		size_t len = 0, want = (size_t)(round * 53) % MAX_LEN;
		while (len < want) {
			seed = seed * 1103515245u + 12345u;
			const char *a = atoms[(seed >> 16) % (sizeof(atoms) / sizeof(atoms[0]))];
			size_t n = strlen(a);
			memcpy(text + len, a, n);
			len += n;
		}
		size_t parts = 1 + (size_t)round % (MAX_PARTS - 1);
		size_t n1 = csv_split(text, len, parts, s1, l1);
		size_t n2 = split_bytewise(text, len, parts, s2, l2);
		cr_assert_eq(n1, n2, "round %d: %zu pieces, not %zu", round, n1, n2);
		for (size_t i = 0; i < n1; i++) {
			cr_assert_eq(s1[i], s2[i], "round %d piece %zu", round, i);
			cr_assert_eq(l1[i], l2[i], "round %d piece %zu", round, i);
		}
	}
	free(text);
}
