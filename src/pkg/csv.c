/*
 * csv.c - CSV reading with line numbers and encodings; canonical writing.
 */
#include "csv.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/mem.h"
#include "base/utf8.h"

struct reader {
	const char *name;
	csv_row_fn fn;
	void *ctx;
	struct jy_err *err;
	int failed;
	long line;          /* line being fed */
	long row_line;      /* line where the current row started */
	struct buf fields;  /* the current row's fields, NUL-separated */
	size_t offsets[JY_CSV_COLUMNS_MAX];
	int n_fields;
	struct buf nfc;
};

static size_t count_newlines(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

static void on_field(void *data, size_t len, void *p)
{
	struct reader *r = p;

	if (r->failed)
		return;
	if (r->n_fields == 0)
		r->row_line = r->line - (long)count_newlines(data ? data : "", len);
	if (r->n_fields >= JY_CSV_COLUMNS_MAX) {
		jy_err_at(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields + 1, NULL,
			  "more than %d columns", JY_CSV_COLUMNS_MAX);
		r->failed = 1;
		return;
	}
	if (len > JY_CSV_FIELD_BYTES_MAX) {
		jy_err_at(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields + 1, NULL,
			  "field longer than %d bytes", JY_CSV_FIELD_BYTES_MAX);
		r->failed = 1;
		return;
	}
	r->offsets[r->n_fields++] = r->fields.len;
	if (len && memchr(data, '\0', len)) {
		jy_err_at(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields, NULL,
			  "NUL byte in field");
		r->failed = 1;
		return;
	}
	int ascii = 1;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)((const char *)data)[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		buf_add(&r->fields, data ? data : "", len);
	} else {
		struct jy_err e;
		char *tmp = xmalloc(len + 1);
		memcpy(tmp, data, len);
		tmp[len] = '\0';
		if (utf8_nfc(tmp, &r->nfc, &e)) {
			jy_err_at(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields, NULL,
				  "%s", e.msg);
			r->failed = 1;
			free(tmp);
			return;
		}
		free(tmp);
		buf_add(&r->fields, r->nfc.data, r->nfc.len);
	}
	buf_addc(&r->fields, '\0');
}

static void on_row(int c, void *p)
{
	struct reader *r = p;
	const char *values[JY_CSV_COLUMNS_MAX];

	(void)c;
	if (r->failed)
		return;
	for (int i = 0; i < r->n_fields; i++)
		values[i] = r->fields.data + r->offsets[i];
	if (r->fn(r->ctx, values, r->n_fields, r->row_line, r->err))
		r->failed = 1;
	buf_reset(&r->fields);
	r->n_fields = 0;
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Converts a byte offset within a line to a 1-based character column. */
static long char_column(const char *line, size_t byte_off)
{
	long col = 1;
	for (size_t i = 0; i < byte_off; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

int csv_read_buffer(const char *name, const char *data, size_t len, csv_row_fn fn, void *ctx,
		    struct jy_err *err)
{
	struct csv_parser p;
	struct reader r = {.name = name, .fn = fn, .ctx = ctx, .err = err};
	struct buf converted;
	size_t bad = 0;
	int rc = 0;

	buf_init(&converted);
	buf_init(&r.fields);
	buf_init(&r.nfc);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (!utf8_valid(data, len, &bad)) {
		struct jy_err e;
		if (utf8_from_cp949(data, len, &converted, &e)) {
			long line = 1 + (long)count_newlines(data, bad);
			buf_release(&converted);
			return jy_err_at(err, JY_EINPUT, name, line, 0, NULL,
					 "not UTF-8 (invalid byte at offset %zu) nor CP949", bad);
		}
		data = converted.data;
		len = converted.len;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return jy_err_set(err, JY_EINTERNAL, "cannot initialise the CSV parser");
	/* Keep spaces around unquoted fields: cells are kept exactly as written. */
	csv_set_space_func(&p, no_space);

	size_t pos = 0;
	r.line = 0;
	while (pos < len && !r.failed) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) + 1 : len;
		r.line++;
		size_t n = csv_parse(&p, data + pos, end - pos, on_field, on_row, &r);
		if (n != end - pos && !r.failed) {
			rc = jy_err_at(err, JY_EINPUT, name, r.line, char_column(data + pos, n),
				       NULL, "malformed CSV: %s (a quote inside an unquoted "
				       "field, or text after a closing quote)",
				       csv_strerror(csv_error(&p)));
			r.failed = 1;
			break;
		}
		pos = end;
	}
	if (!r.failed && csv_fini(&p, on_field, on_row, &r) != 0 && !r.failed) {
		rc = jy_err_at(err, JY_EINPUT, name, r.line, 0, NULL,
			       "malformed CSV: unterminated quoted field at end of file");
		r.failed = 1;
	}
	if (r.failed && !rc)
		rc = err->code ? err->code : JY_EINPUT;
	csv_free(&p);
	buf_release(&r.fields);
	buf_release(&r.nfc);
	buf_release(&converted);
	return rc;
}

int file_read_all(const char *path, size_t max_bytes, struct buf *out, struct jy_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return jy_err_at(err, JY_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
	buf_reset(out);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > max_bytes) {
			fclose(f);
			return jy_err_at(err, JY_EINPUT, path, 0, 0, NULL,
					 "file larger than %zu bytes", max_bytes);
		}
		buf_add(out, chunk, n);
	}
	if (ferror(f)) {
		fclose(f);
		return jy_err_at(err, JY_EIO, path, 0, 0, NULL, "read error");
	}
	fclose(f);
	return 0;
}

int csv_read_file(const char *path, csv_row_fn fn, void *ctx, struct jy_err *err)
{
	struct buf data;
	int rc;

	buf_init(&data);
	rc = file_read_all(path, JY_CSV_FILE_BYTES_MAX, &data, err);
	if (!rc)
		rc = csv_read_buffer(path, data.data, data.len, fn, ctx, err);
	buf_release(&data);
	return rc;
}

void csv_write_row(struct buf *out, const char *const *fields, int n_fields)
{
	for (int i = 0; i < n_fields; i++) {
		const char *f = fields[i] ? fields[i] : "";
		if (i)
			buf_addc(out, ',');
		if (strpbrk(f, ",\"\r\n")) {
			buf_addc(out, '"');
			for (; *f; f++) {
				if (*f == '"')
					buf_addc(out, '"');
				buf_addc(out, *f);
			}
			buf_addc(out, '"');
		} else {
			buf_adds(out, f);
		}
	}
	buf_addc(out, '\n');
}

int file_write_atomic(const char *path, const char *data, size_t len, struct jy_err *err)
{
	size_t n = strlen(path) + 16;
	char *tmp = xmalloc(n);
	FILE *f;

	snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f) {
		int rc = jy_err_at(err, JY_EIO, path, 0, 0, NULL, "cannot write: %s",
				   strerror(errno));
		free(tmp);
		return rc;
	}
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		unlink(tmp);
		free(tmp);
		return jy_err_at(err, JY_EIO, path, 0, 0, NULL, "write failed");
	}
	if (rename(tmp, path) != 0) {
		int rc = jy_err_at(err, JY_EIO, path, 0, 0, NULL, "cannot rename: %s",
				   strerror(errno));
		unlink(tmp);
		free(tmp);
		return rc;
	}
	free(tmp);
	return 0;
}
