/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (src/pkg/csv.c).
 *
 * Any input must be read or refused without a crash. Every field the reader
 * hands to its callback must be NUL-terminated valid UTF-8 (BOM stripped,
 * CP949 converted, NFC applied), rows must come with increasing line numbers
 * within the input, and a refusal must carry a message.
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
};

static int on_row(void *ctx, const char *const *fields, int n_fields, long line,
		  struct jy_err *err)
{
	struct seen *s = ctx;

	(void)err;
	if (n_fields < 1 || n_fields > JY_CSV_COLUMNS_MAX)
		abort();
	if (line < 1 || line <= s->last_line || line > s->max_line)
		abort(); /* rows come in order, each on a line of its own */
	s->last_line = line;
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
	struct seen s = {0, 1, 0};
	struct jy_err err;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (size_t i = 0; i < size; i++)
		s.max_line += copy[i] == '\n';
	memset(&err, 0, sizeof(err));
	int rc = csv_read_buffer("fuzz.csv", copy, size, on_row, &s, &err);
	if (rc != 0 && (rc != JY_EINPUT || err.code != JY_EINPUT || !err.msg[0]))
		abort(); /* refusals are input errors with a message */
	if (rc != 0 && err.line < 0)
		abort();

	/* whatever was read must survive the writer: write one row, read it back */
	if (rc == 0 && size < 4096) {
		struct buf b;
		buf_init(&b);
		const char *row[] = {"a", copy[0] == '"' ? "\"q\"" : "b,c", "경제\n정책"};
		csv_write_row(&b, row, 3);
		struct seen s2 = {0, 3, 0};
		if (csv_read_buffer("w.csv", b.data, b.len, on_row, &s2, &err) != 0 || s2.rows != 1)
			abort();
		buf_release(&b);
	}
	free(copy);
	return 0;
}
