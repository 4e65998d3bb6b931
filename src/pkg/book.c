/*
 * book.c - the package as one workbook, written with libxlsxwriter and
 * read with xlsx.c (see pkg.h, and docs/DESIGN.md "Tables in from a
 * spreadsheet").
 */
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/msg.h"
#include "pkg.h"
#include "pkg_int.h"
#include "xlsx.h"

#define META_SHEET "datapackage"
enum { CELL_CHARS_MAX = 32767, SHEET_ROWS_MAX = 1048576 };

int pkg_is_book(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* Cuts s into pieces of at most CELL_CHARS_MAX characters (never inside a
 * UTF-8 sequence), one a row of column A. */
static lxw_error write_meta(lxw_worksheet *ws, const char *s, lxw_format *text)
{
	lxw_error e = LXW_NO_ERROR;
	char piece[4 * CELL_CHARS_MAX + 1];

	for (lxw_row_t row = 0; !e && (*s || row == 0); row++) {
		size_t bytes = 0, chars = 0;
		while (s[bytes] && chars < CELL_CHARS_MAX) {
			bytes++;
			while ((s[bytes] & 0xC0) == 0x80)
				bytes++;
			chars++;
		}
		memcpy(piece, s, bytes);
		piece[bytes] = '\0';
		e = worksheet_write_string(ws, row, 0, piece, text);
		s += bytes;
	}
	return e;
}

static lxw_error write_table(lxw_workbook *wb, const struct table *t, lxw_format *text)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->def->name);
	int width = pkg_table_width(t);
	lxw_error e = LXW_NO_ERROR;

	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	/* cells typed later are text too, not numbers a spreadsheet reformats */
	worksheet_set_column(ws, 0, (lxw_col_t)(width - 1), 16, text);
	for (int i = 0; i < width && !e; i++)
		e = worksheet_write_string(ws, 0, (lxw_col_t)i, t->def->fields[i].name, text);
	for (size_t row = 0; row < t->n_rows && !e; row++)
		for (int i = 0; i < width && !e; i++) {
			const char *c = table_cell(t, row, i);
			if (*c)
				e = worksheet_write_string(ws, (lxw_row_t)(row + 1), (lxw_col_t)i,
							   c, text);
		}
	return e;
}

int pkg_write_book(const struct model *m, const char *path, struct jy_err *err)
{
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb;
	lxw_format *text;
	lxw_error e = LXW_NO_ERROR;

	for (int r = 0; r < RES_COUNT; r++)
		if (m->tables[r].n_rows + 1 > SHEET_ROWS_MAX)
			return jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL, M_BOOK_ROWS,
					  schema_resources[r].name, m->tables[r].n_rows,
					  SHEET_ROWS_MAX - 1);
	if (!(wb = workbook_new_opt(path, &wo)))
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_BOOK_CREATE);
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	lxw_worksheet *meta = workbook_add_worksheet(wb, META_SHEET);
	e = meta ? write_meta(meta, m->meta_json ? m->meta_json : "{}", text)
		 : LXW_ERROR_MEMORY_MALLOC_FAILED;
	for (int r = 0; r < RES_COUNT && !e; r++)
		e = write_table(wb, &m->tables[r], text);
	if (e) {
		workbook_close(wb);
		return jy_err_msg(err,
				  e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? JY_EINPUT : JY_EIO,
				  path, 0, 0, NULL, M_BOOK_WRITE, lxw_strerror(e));
	}
	if ((e = workbook_close(wb)) != LXW_NO_ERROR)
		return jy_err_msg(err, JY_EIO, path, 0, 0, NULL, M_BOOK_WRITE, lxw_strerror(e));
	return 0;
}

/* The rows of one sheet through pkg_on_row, as a CSV file's are: row 1 the
 * header, the line of a row its row number. */
static int read_table(struct xlsx_book *b, long sheet, struct model *m, enum resource_id r,
		      struct jy_err *err)
{
	const struct resource_def *def = &schema_resources[r];
	struct xlsx_grid g;
	int rc = xlsx_read_sheet(b, (size_t)sheet, &g, err);
	const char *name = model_path(m, r);

	if (rc)
		return rc;
	/* the header's width, within what the schema allows */
	int width = 0;
	while ((size_t)width < g.n_cols && *g.cells[width])
		width++;
	if (width > def->n_fields)
		width = def->n_fields;
	if (width < schema_fields_min(def))
		width = schema_fields_min(def);
	if (g.n_cols > JY_CSV_COLUMNS_MAX)
		rc = jy_err_msg(err, JY_EINPUT, name, 1, JY_CSV_COLUMNS_MAX + 1, NULL,
				M_CSV_COLUMNS, JY_CSV_COLUMNS_MAX);
	struct row_ctx ctx = {m, r, name, 0, NULL, NULL, width};
	for (size_t row = 0; row < g.n_rows && !rc; row++) {
		const char *cells[JY_CSV_COLUMNS_MAX];
		int n = (int)g.n_cols;
		for (int i = 0; i < n; i++)
			cells[i] = g.cells[row * g.n_cols + (size_t)i];
		while (n > width && !*cells[n - 1]) /* a sheet has no line end: trailing blanks */
			n--;
		if (row > 0 && n < width) /* empty trailing cells of a row: empty fields */
			for (; n < width; n++)
				cells[n] = "";
		rc = pkg_on_row(&ctx, cells, n, (long)row + 1, err);
	}
	if (!rc && !ctx.seen_header)
		rc = jy_err_msg(err, JY_EINPUT, name, 1, 0, NULL, M_EMPTY_SHEET);
	xlsx_grid_release(&g);
	return rc;
}

static int read_meta(struct xlsx_book *b, struct model *m, struct jy_err *err)
{
	long sheet = xlsx_sheet_index(b, META_SHEET);
	struct xlsx_grid g;
	struct buf s;
	int rc;

	if (sheet < 0)
		return jy_err_msg(err, JY_EINPUT, b->name, 0, 0, NULL, M_BOOK_NO_META, META_SHEET);
	if ((rc = xlsx_read_sheet(b, (size_t)sheet, &g, err)))
		return rc;
	buf_init(&s);
	for (size_t row = 0; row < g.n_rows && g.n_cols; row++)
		buf_adds(&s, g.cells[row * g.n_cols]);
	m->meta_json = arena_strdup(&m->arena, s.len ? s.data : "{}");
	buf_release(&s);
	xlsx_grid_release(&g);
	return 0;
}

int pkg_read_book(const char *path, struct model *m, struct jy_err *err)
{
	struct xlsx_book b;
	int rc = xlsx_open(path, &b, err);

	if (rc)
		return rc;
	m->dir = arena_strdup(&m->arena, path);
	rc = read_meta(&b, m, err);
	for (int r = 0; r < RES_COUNT && !rc; r++) {
		long sheet = xlsx_sheet_index(&b, schema_resources[r].name);
		if (sheet < 0)
			rc = jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL, M_NO_SHEET,
					schema_resources[r].name);
		else
			rc = read_table(&b, sheet, m, (enum resource_id)r, err);
	}
	xlsx_close(&b);
	return rc;
}
