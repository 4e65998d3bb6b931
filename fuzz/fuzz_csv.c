/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (src/pkg/csv.c).
 *
 * Any input must be read or refused without a crash. Every field the reader
 * hands to its callback must be NUL-terminated valid UTF-8 (BOM stripped,
 * CP949 converted, NFC applied), rows must come with increasing line numbers
 * within the input, and a refusal must carry a message. The first row,
 * written with csv_write_row, must read back as the same fields and write
 * again as the same bytes; written for a spreadsheet (a BOM, CRLF, formulas
 * guarded with an apostrophe) it must read back as the same fields too. The
 * reader's fast path for ordinary lines must give what libcsv alone gives:
 * the same rows, or the same error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pkg/csv.h"

struct seen {
	long last_line;
	long max_line; /* lines in the input + 1 */
	int rows;
	struct buf first;  /* the first row, written back canonically */
	struct buf reread; /* the fields of the first row read back, NUL-separated */
	int n_first;
	int keep_reread;
};

static int on_row(void *ctx, const char *const *fields, int n_fields, long line, struct jy_err *err)
{
	struct seen *s = ctx;

	(void)err;
	if (n_fields < 1 || n_fields > JY_CSV_COLUMNS_MAX)
		abort();
	/* rows come in order. Not strictly: libcsv also ends a row at a bare CR,
	 * which does not start a new line ("a,b\r+\n" gives two rows on line 1). */
	if (line < 1 || line < s->last_line || line > s->max_line)
		abort();
	s->last_line = line;
	if (s->keep_reread) {
		for (int i = 0; i < n_fields; i++)
			buf_add(&s->reread, fields[i], strlen(fields[i]) + 1);
		s->n_first = n_fields;
	} else if (s->rows == 0) {
		int skip = 0;
		/* a row of one empty field is written as an empty line, which reads
		 * back as no row: a known bug (test_csv.c single_empty_field_round_trip) */
		if (n_fields == 1 && !fields[0][0])
			skip = 1;
		/* a first field starting with U+FEFF, written at the start of a file,
		 * reads back as a BOM and is stripped: not a field change to report */
		if (strncmp(fields[0], "\xEF\xBB\xBF", 3) == 0)
			skip = 1;
		if (!skip) {
			csv_write_row(&s->first, fields, n_fields);
			s->n_first = n_fields;
		}
	}
	s->rows++;
	for (int i = 0; i < n_fields; i++) {
		const char *f = fields[i];
		if (!f)
			abort();
		size_t len = strlen(f); /* reads up to the NUL: ASan catches a missing one */
		size_t bad;
		if (!utf8_valid(f, len, &bad))
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so reading past the end is caught */
	char *copy = malloc(size ? size : 1);
	struct seen s = {0};
	struct jy_err err;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	s.max_line = 1;
	buf_init(&s.first);
	buf_init(&s.reread);
	for (size_t i = 0; i < size; i++)
		s.max_line += copy[i] == '\n';
	memset(&err, 0, sizeof(err));
	int rc = csv_read_buffer("fuzz.csv", copy, size, on_row, &s, &err);
	if (rc != 0 && (rc != JY_EINPUT || err.code != JY_EINPUT || !err.msg[0]))
		abort(); /* refusals are input errors with a message */
	if (rc != 0 && err.line < 0)
		abort();

	/* the fast path for ordinary lines reads what libcsv alone reads */
	{
		struct seen ref = {0};
		struct jy_err err_ref;
		ref.max_line = s.max_line;
		buf_init(&ref.first);
		buf_init(&ref.reread);
		memset(&err_ref, 0, sizeof(err_ref));
		int rc_ref = csv_read_buffer_libcsv("fuzz.csv", copy, size, on_row, &ref, &err_ref);
		if (rc_ref != rc || ref.rows != s.rows || ref.first.len != s.first.len ||
		    memcmp(ref.first.data, s.first.data, s.first.len) != 0)
			abort();
		if (rc && (strcmp(err.msg, err_ref.msg) != 0 || err.line != err_ref.line ||
			   err.col != err_ref.col))
			abort();
		buf_release(&ref.first);
		buf_release(&ref.reread);
	}

	/* the first row, written canonically, reads back as itself */
	if (rc == 0 && s.first.len) {
		struct seen s2 = {0};
		struct jy_err err2;
		s2.max_line = 1;
		for (size_t i = 0; i < s.first.len; i++)
			s2.max_line += s.first.data[i] == '\n';
		buf_init(&s2.first);
		buf_init(&s2.reread);
		s2.keep_reread = 1;
		if (csv_read_buffer("w.csv", s.first.data, s.first.len, on_row, &s2, &err2) != 0)
			abort();
		if (s2.rows != 1 || s2.n_first != s.n_first)
			abort();
		/* write what was read back: the same bytes */
		struct buf again;
		const char *fields[JY_CSV_COLUMNS_MAX];
		const char *p = s2.reread.data;
		buf_init(&again);
		for (int i = 0; i < s2.n_first; i++) {
			fields[i] = p;
			p += strlen(p) + 1;
		}
		csv_write_row(&again, fields, s2.n_first);
		if (again.len != s.first.len || memcmp(again.data, s.first.data, again.len) != 0)
			abort();
		/* the spreadsheet form takes off exactly the apostrophes it added */
		struct seen s3 = {0};
		buf_reset(&again);
		buf_adds(&again, "\xEF\xBB\xBF");
		csv_write_row_excel(&again, fields, s2.n_first);
		s3.max_line = s2.max_line;
		buf_init(&s3.first);
		buf_init(&s3.reread);
		s3.keep_reread = 1;
		if (csv_read_buffer("x.csv", again.data, again.len, on_row, &s3, &err2) != 0)
			abort();
		if (s3.rows != 1 || s3.n_first != s2.n_first || s3.reread.len != s2.reread.len ||
		    memcmp(s3.reread.data, s2.reread.data, s2.reread.len) != 0)
			abort();
		buf_release(&s3.first);
		buf_release(&s3.reread);
		buf_release(&again);
		buf_release(&s2.first);
		buf_release(&s2.reread);
	}
	buf_release(&s.first);
	buf_release(&s.reread);
	free(copy);
	return 0;
}
