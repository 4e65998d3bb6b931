/*
 * csv.c - CSV reading with line numbers and encodings; canonical writing.
 */
#include "csv.h"

#include <assert.h>
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/mem.h"
#include "base/msg.h"
#include "base/tmp.h"
#include "base/utf8.h"

struct reader {
	const char *name;
	csv_row_fn fn;
	void *ctx;
	struct jy_err *err;
	int failed;
	long line;	   /* line being fed */
	long row_line;	   /* line where the current row started */
	struct buf fields; /* the current row's fields, NUL-separated */
	size_t offsets[JY_CSV_COLUMNS_MAX];
	int n_fields;
	struct buf nfc;
	struct buf unquoted; /* a quoted field without its doubled quotes */
	int excel;	     /* the file had a byte-order mark: see csv_excel_guarded */
};

static size_t count_newlines(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

static int is_ascii(const void *data, size_t len)
{
	const unsigned char *s = data;
	size_t i = 0;
	uint64_t w, any = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
	}
	for (; i < len; i++)
		any |= s[i];
	return !(any & 0x8080808080808080ULL);
}

static void on_field(void *data, size_t len, void *p)
{
	struct reader *r = p;

	if (r->failed)
		return;
	if (r->n_fields == 0)
		r->row_line = r->line - (long)count_newlines(data ? data : "", len);
	if (r->n_fields >= JY_CSV_COLUMNS_MAX) {
		jy_err_msg(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields + 1, NULL,
			   M_CSV_COLUMNS, JY_CSV_COLUMNS_MAX);
		r->failed = 1;
		return;
	}
	if (len > JY_CSV_FIELD_BYTES_MAX) {
		jy_err_msg(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields + 1, NULL,
			   M_CSV_FIELD_LONG, JY_CSV_FIELD_BYTES_MAX);
		r->failed = 1;
		return;
	}
	r->offsets[r->n_fields++] = r->fields.len;
	if (r->excel && len && *(const char *)data == '\'' && csv_excel_guarded(data, len)) {
		data = (char *)data + 1; /* the apostrophe export --excel added */
		len--;
	}
	if (len && memchr(data, '\0', len)) {
		jy_err_msg(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields, NULL, M_CSV_NUL);
		r->failed = 1;
		return;
	}
	if (is_ascii(data, len)) {
		buf_add(&r->fields, data ? data : "", len);
	} else {
		struct jy_err e;
		if (utf8_nfc_n(data, len, &r->nfc, &e)) {
			jy_err_at(r->err, JY_EINPUT, r->name, r->row_line, r->n_fields, NULL, "%s",
				  e.msg);
			r->failed = 1;
			return;
		}
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

/* A line met between rows, with no carriage return before its end and every
 * quoted field closed on it, is split here: what libcsv would make of it,
 * without its byte-at-a-time state machine. Anything unusual (a quote that
 * does not open a field, text after a closing quote, a quoted line break,
 * too many fields) returns 0 and is left to libcsv, which reports errors. */
static int fast_line(struct reader *r, const char *s, size_t n)
{
	struct span {
		const char *at;
		size_t len;
		int escaped; /* quoted, with "" inside */
	} spans[JY_CSV_COLUMNS_MAX + 1];
	int n_spans = 0;
	size_t m = n;

	if (m && s[m - 1] == '\n')
		m--;
	if (m && s[m - 1] == '\r')
		m--;
	if (memchr(s, '\r', m))
		return 0;
	if (m == 0)
		return 1; /* an empty line is no row */
	const char *end = s + m;
	for (const char *f = s;;) {
		struct span sp = {f, 0, 0};
		const char *after;
		if (n_spans == JY_CSV_COLUMNS_MAX + 1)
			return 0;
		if (f < end && *f == '"') {
			const char *q = f + 1;
			for (;;) {
				q = memchr(q, '"', (size_t)(end - q));
				if (!q)
					return 0; /* the field goes on on the next line */
				if (q + 1 < end && q[1] == '"') {
					sp.escaped = 1;
					q += 2;
					continue;
				}
				break;
			}
			sp.at = f + 1;
			sp.len = (size_t)(q - f - 1);
			after = q + 1;
			if (after < end && *after != ',')
				return 0; /* text after the closing quote */
		} else {
			after = memchr(f, ',', (size_t)(end - f));
			if (!after)
				after = end;
			if (memchr(f, '"', (size_t)(after - f)))
				return 0; /* a quote inside an unquoted field */
			sp.len = (size_t)(after - f);
		}
		spans[n_spans++] = sp;
		if (after >= end)
			break;
		f = after + 1;
	}
	for (int i = 0; i < n_spans && !r->failed; i++) {
		if (!spans[i].escaped) {
			on_field((void *)spans[i].at, spans[i].len, r);
			continue;
		}
		buf_reset(&r->unquoted);
		for (size_t k = 0; k < spans[i].len; k++) {
			buf_addc(&r->unquoted, spans[i].at[k]);
			if (spans[i].at[k] == '"')
				k++; /* "" stands for one quote */
		}
		on_field(r->unquoted.data, r->unquoted.len, r);
	}
	if (!r->failed)
		on_row('\n', r);
	return 1;
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Read as UTF-8, is text mostly not UTF-8? Every Hangul syllable is a
 * three-byte sequence in UTF-8, and CP949 text almost never forms one, so a
 * UTF-8 file with a stray cell has far more well-formed sequences of three
 * or four bytes than runs of invalid bytes, and a CP949 file the reverse.
 * Only run on text that is not valid UTF-8: the common case never gets here. */
static int mostly_not_utf8(const char *s, size_t len)
{
	size_t wide = 0, bad_runs = 0;
	int in_bad = 0;

	for (size_t i = 0; i < len;) {
		int cp, n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			bad_runs += !in_bad;
			in_bad = 1;
			i++;
			continue;
		}
		wide += n >= 3;
		in_bad = 0;
		i += (size_t)n;
	}
	return bad_runs > wide;
}

/* Where byte off of CSV text is: its line, its field (1-based) in the record
 * around it, and the name the header (the first record) gives that field ("" on
 * the header's own line). Walks from the start; only used for an error. */
static void locate_byte(const char *text, size_t off, long *line, long *field, char *name,
			size_t name_cap)
{
	int quoted = 0, field_start = 1;
	long header_fields = 0;

	*line = 1;
	*field = 1;
	for (size_t i = 0; i < off; i++) {
		char c = text[i];
		*line += c == '\n';
		if (quoted) {
			if (c == '"' && i + 1 < off && text[i + 1] == '"')
				i++; /* "" stands for one quote */
			else if (c == '"')
				quoted = 0;
			continue;
		}
		if (c == '"' && field_start) {
			quoted = 1;
		} else if (c == ',') {
			(*field)++;
		} else if (c == '\n') {
			if (!header_fields)
				header_fields = *field;
			*field = 1;
		}
		field_start = c == ',' || c == '\n';
	}
	name[0] = '\0';
	if (*line == 1 || *field > header_fields)
		return;
	/* the header's field *field, its quotes dropped */
	size_t n = 0;
	long k = 1;
	for (size_t i = 0; text[i] != '\n' && text[i] != '\r'; i++) {
		if (text[i] == ',') {
			if (++k > *field)
				break;
			continue;
		}
		if (k == *field && text[i] != '"' && n + 1 < name_cap)
			name[n++] = text[i];
	}
	name[n] = '\0';
}

/* The error for a byte of a file that cannot be read: located at its line and
 * field, named by the header. */
static int bad_byte(const char *name, const char *data, size_t len, size_t off, enum msg_id why,
		    struct jy_err *err)
{
	long line, field;
	char header[64];

	assert(off < len);

	locate_byte(data, off, &line, &field, header, sizeof(header));
	return jy_err_msg(err, JY_EINPUT, name, line, field, header[0] ? header : NULL, M_BAD_BYTE,
			  (unsigned char)data[off], msg(why));
}

int csv_prepare(const char *name, const char **data, size_t *len, struct buf *converted, int *excel,
		struct jy_err *err)
{
	size_t bad = 0;

	*excel = *len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0;
	if (*excel) {
		*data += 3;
		*len -= 3;
	}
	if (utf8_valid(*data, *len, &bad))
		return 0;
	/* A file is one encoding. One that is UTF-8 elsewhere is not re-read
	 * as CP949 for a stray cell: its other Hangul would all be misread. */
	if (!mostly_not_utf8(*data, *len))
		return bad_byte(name, *data, *len, bad, M_BYTE_NOT_UTF8, err);
	struct jy_err e;
	if (utf8_from_cp949(*data, *len, converted, &bad, &e))
		return bad_byte(name, *data, *len, bad, M_BYTE_NOT_CP949, err);
	*data = converted->data;
	*len = converted->len;
	return 0;
}

/* In a record that starts at text (its first line is line), finds the quote
 * that opens a field and is never closed: its line and character column. A
 * quote opens a field only at the field's start; "" inside is an escape. */
static void find_open_quote(const char *text, size_t len, long line, long *at_line, long *at_col)
{
	const char *line_start = text;
	int field_start = 1;

	*at_line = line;
	*at_col = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '"' && field_start) {
			long open_line = line;
			long open_col = utf8_column(line_start, (size_t)(text + i - line_start));
			size_t k = i + 1;
			for (; k < len; k++) {
				if (text[k] == '\n') {
					line++;
					line_start = text + k + 1;
				} else if (text[k] == '"') {
					if (k + 1 < len && text[k + 1] == '"')
						k++;
					else
						break;
				}
			}
			if (k >= len) {
				*at_line = open_line;
				*at_col = open_col;
				return;
			}
			i = k;
			field_start = 0;
			continue;
		}
		field_start = c == ',' || c == '\n';
		if (c == '\n') {
			line++;
			line_start = text + i + 1;
		}
	}
}

/* Parses prepared text whose first line is first_line; fast: split ordinary
 * lines without libcsv. */
static int read_lines(const char *name, const char *data, size_t len, long first_line, int excel,
		      csv_row_fn fn, void *ctx, struct jy_err *err, int fast)
{
	struct csv_parser p;
	struct reader r = {.name = name, .fn = fn, .ctx = ctx, .err = err, .excel = excel};
	int rc = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return jy_err_set(err, JY_EINTERNAL, "cannot initialise the CSV parser");
	/* Keep spaces around unquoted fields: cells are kept exactly as written. */
	csv_set_space_func(&p, no_space);
	buf_init(&r.fields);
	buf_init(&r.nfc);
	buf_init(&r.unquoted);

	size_t pos = 0, record_pos = 0;
	long record_line = first_line;
	r.line = first_line - 1;
	while (pos < len && !r.failed) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) + 1 : len;
		r.line++;
		if (p.pstate == 0) { /* a record starts on this line */
			record_pos = pos;
			record_line = r.line;
		}
		/* pstate 0: libcsv is between rows (not inside a quoted field) */
		if (fast && p.pstate == 0 && fast_line(&r, data + pos, end - pos)) {
			pos = end;
			continue;
		}
		size_t n = csv_parse(&p, data + pos, end - pos, on_field, on_row, &r);
		if (n != end - pos && !r.failed) {
			int e = csv_error(&p);
			rc = jy_err_msg(err, JY_EINPUT, name, r.line, utf8_column(data + pos, n),
					NULL, M_CSV_MALFORMED,
					e == CSV_EPARSE ? msg(M_CSV_EPARSE) : csv_strerror(e));
			r.failed = 1;
			break;
		}
		pos = end;
	}
	if (!r.failed && csv_fini(&p, on_field, on_row, &r) != 0 && !r.failed) {
		long at_line, at_col;
		find_open_quote(data + record_pos, len - record_pos, record_line, &at_line,
				&at_col);
		rc = jy_err_msg(err, JY_EINPUT, name, at_line, at_col, NULL, M_CSV_UNTERMINATED);
		r.failed = 1;
	}
	if (r.failed && !rc)
		rc = err->code ? err->code : JY_EINPUT;
	csv_free(&p);
	buf_release(&r.fields);
	buf_release(&r.nfc);
	buf_release(&r.unquoted);
	return rc;
}

static int read_buffer(const char *name, const char *data, size_t len, csv_row_fn fn, void *ctx,
		       struct jy_err *err, int fast)
{
	struct buf converted;
	int rc, excel;

	buf_init(&converted);
	rc = csv_prepare(name, &data, &len, &converted, &excel, err);
	if (!rc)
		rc = read_lines(name, data, len, 1, excel, fn, ctx, err, fast);
	buf_release(&converted);
	return rc;
}

int csv_read_buffer(const char *name, const char *data, size_t len, csv_row_fn fn, void *ctx,
		    struct jy_err *err)
{
	return read_buffer(name, data, len, fn, ctx, err, 1);
}

int csv_read_buffer_libcsv(const char *name, const char *data, size_t len, csv_row_fn fn, void *ctx,
			   struct jy_err *err)
{
	return read_buffer(name, data, len, fn, ctx, err, 0);
}

int csv_read_part(const char *name, const char *data, size_t len, long first_line, int excel,
		  csv_row_fn fn, void *ctx, struct jy_err *err)
{
	return read_lines(name, data, len, first_line, excel, fn, ctx, err, 1);
}

/* Adds to *quotes and *lines the double quotes and line feeds among n
 * bytes at p: eight bytes at a time (a byte equal to c is a zero byte of
 * the word xor c, found without carries between bytes), each count kept per
 * byte lane for at most 255 words before the lanes are summed. The split's pass over
 * a whole file was a byte at a time (0.15 s of one core at a million facts,
 * while the other waited). */
static uint64_t lanes_sum(uint64_t x)
{
	x = (x & 0x00ff00ff00ff00ffULL) + ((x >> 8) & 0x00ff00ff00ff00ffULL); /* 16-bit lanes */
	return (x * 0x0001000100010001ULL) >> 48;
}

static void count_quotes_lines(const char *p, size_t n, size_t *quotes, long *lines)
{
	const uint64_t ones = 0x0101010101010101ULL, low7 = 0x7f7f7f7f7f7f7f7fULL;
	const uint64_t quote = ones * '"', lf = ones * '\n';
	size_t i = 0;

	while (n - i >= 8) {
		uint64_t q = 0, l = 0; /* per lane: how many, at most 255 */
		for (int k = 0; k < 255 && n - i >= 8; k++, i += 8) {
			uint64_t w, x, y;
			memcpy(&w, p + i, 8);
			x = w ^ quote;
			y = w ^ lf;
			q += (~(((x & low7) + low7) | x) >> 7) & ones;
			l += (~(((y & low7) + low7) | y) >> 7) & ones;
		}
		*quotes += (size_t)lanes_sum(q);
		*lines += (long)lanes_sum(l);
	}
	for (; i < n; i++) {
		*quotes += p[i] == '"';
		*lines += p[i] == '\n';
	}
}

size_t csv_split(const char *data, size_t len, size_t parts, size_t *starts, long *lines)
{
	size_t n = 0, pos = 0, quotes = 0;
	long line = 1;

	starts[n] = 0;
	lines[n++] = 1;
	for (size_t k = 1; k < parts; k++) {
		size_t target = len / parts * k;
		if (target <= pos)
			continue;
		/* count up to the target, then go on to a line end outside quotes */
		count_quotes_lines(data + pos, target - pos, &quotes, &line);
		pos = target;
		for (; pos < len; pos++) {
			if (data[pos] == '\n') {
				if (quotes % 2 == 0)
					break;
				line++; /* inside a quoted field */
			}
			quotes += data[pos] == '"';
		}
		if (pos + 1 >= len)
			break;
		pos++; /* past the line end */
		line++;
		starts[n] = pos;
		lines[n++] = line;
	}
	return n;
}

int file_read_all(const char *path, size_t max_bytes, struct buf *out, struct jy_err *err)
{
	/* not blocked by a FIFO nobody writes: what it is is known before reading */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char chunk[65536];
	struct stat st;
	size_t n;
	FILE *f;

	if (fd < 0) /* a path that names nothing is the user's mistake; the rest is the machine's */
		return jy_err_msg(err, errno == ENOENT || errno == ENOTDIR ? JY_EINPUT : JY_EIO,
				  path, 0, 0, NULL, M_CANNOT_OPEN, msg_errno(errno));
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL,
				  S_ISDIR(st.st_mode) ? M_IS_FOLDER : M_NOT_REGULAR_FILE);
	}
	if (fcntl(fd, F_SETFL, 0) != 0 || !(f = fdopen(fd, "rb"))) {
		int rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_OPEN, msg_errno(errno));
		close(fd);
		return rc;
	}
	buf_reset(out);
	/* one allocation of the file's size (it may still grow or shrink while read) */
	if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (size_t)st.st_size <= max_bytes) {
		buf_add(out, "", 0);
		XGROW(out->data, out->cap, (size_t)st.st_size + 1);
		while (out->len < (size_t)st.st_size &&
		       (n = fread(out->data + out->len, 1, (size_t)st.st_size - out->len, f)) > 0)
			out->len += n;
		out->data[out->len] = '\0';
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > max_bytes) {
			fclose(f);
			return jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL, M_FILE_TOO_LARGE,
					  max_bytes);
		}
		buf_add(out, chunk, n);
	}
	if (ferror(f)) {
		int rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_READ_ERROR, msg_errno(errno));
		fclose(f);
		return rc;
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

int csv_excel_guarded(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] == '\'')
		i++;
	return i < len && strchr("=+-@", s[i]);
}

static void write_row(struct buf *out, const char *const *fields, int n_fields, int excel)
{
	for (int i = 0; i < n_fields; i++) {
		const char *f = fields[i] ? fields[i] : "";
		int guard = excel && csv_excel_guarded(f, strlen(f));
		if (i)
			buf_addc(out, ',');
		if (guard || strpbrk(f, ",\"\r\n")) {
			buf_addc(out, '"');
			if (guard)
				buf_addc(out, '\'');
			for (; *f; f++) {
				if (*f == '"')
					buf_addc(out, '"');
				buf_addc(out, *f);
			}
			buf_addc(out, '"');
		} else if (!*f && n_fields == 1) {
			buf_adds(out, "\"\""); /* an empty line would be read as no row */
		} else {
			buf_adds(out, f);
		}
	}
	buf_adds(out, excel ? "\r\n" : "\n");
}

void csv_write_row(struct buf *out, const char *const *fields, int n_fields)
{
	write_row(out, fields, n_fields, 0);
}

void csv_write_row_excel(struct buf *out, const char *const *fields, int n_fields)
{
	write_row(out, fields, n_fields, 1);
}

/* Writes data to an existing file that is not a regular one (a device,
 * a pipe, /dev/stdout): through it, since it cannot be replaced. */
static int write_through(const char *path, const char *data, size_t len, struct jy_err *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_WRITE, msg_errno(errno));
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		int rc =
			jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_WRITE_FAILED, msg_errno(errno));
		fclose(f);
		return rc;
	}
	if (fclose(f) != 0)
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_WRITE_FAILED, msg_errno(errno));
	return 0;
}

int file_write_atomic(const char *path, const char *data, size_t len, struct jy_err *err)
{
	struct stat st;
	char *target = NULL;
	FILE *f;

	/* a device or a pipe is written through; a symbolic link keeps pointing
	 * where it did, and the file it names is the one replaced */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return write_through(path, data, len, err);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (target = realpath(path, NULL)))
		path = target;
	struct tmp_file tmp;
	int rc = 0;

	tmp_clean_stale(path);
	if (tmp_create(&tmp, path, 0) != 0) {
		rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_WRITE, msg_errno(errno));
	} else if (!(f = fdopen(dup(tmp.fd), "wb"))) {
		rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_WRITE, msg_errno(errno));
	} else if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_WRITE_FAILED, msg_errno(errno));
		fclose(f);
	} else if (fclose(f) != 0) {
		rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_WRITE_FAILED, msg_errno(errno));
	} else if (tmp_commit(&tmp, path, 0) != 0) {
		rc = jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_CANNOT_RENAME, msg_errno(errno));
	}
	tmp_discard(&tmp);
	free(target);
	return rc;
}
