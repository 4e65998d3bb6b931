/*
 * xlsx.h - reading the cells of an XLSX workbook (ECMA-376 SpreadsheetML)
 * with libzip and libxml2, since no Debian C library reads one.
 *
 * xl/workbook.xml names the sheets, xl/_rels/workbook.xml.rels where each
 * is, xl/sharedStrings.xml the strings cells refer to, xl/styles.xml the
 * number format of each cell style. A cell's text is what the sheet shows:
 * a string as it is, a number in its format's decimals (a percentage times
 * 100 with its %, thousands grouped where the format groups them), or with
 * the format General as Excel shows it (15 significant digits). Every part
 * is bounded (limits.h) and parsed without a DTD, entities or the network.
 */
#ifndef JY_XLSX_H
#define JY_XLSX_H

#include <stddef.h>

#include "base/err.h"
#include "base/mem.h"

struct xlsx_style {
	int decimals; /* -1: General */
	int percent, grouped;
};

struct xlsx_book {
	struct arena arena;
	const char *name; /* for messages */
	void *zip;
	size_t n_sheets;
	const char **sheet_names, **sheet_paths;
	const char **shared;
	size_t n_shared;
	struct xlsx_style *styles;
	size_t n_styles;
};

/* One sheet as a grid: cells[row * n_cols + col] ("" when empty), row 0
 * being the sheet's row 1. Strings live in the book's arena. */
struct xlsx_grid {
	size_t n_rows, n_cols;
	const char **cells;
};

int xlsx_open(const char *path, struct xlsx_book *b, struct jy_err *err);
/* The same from bytes in memory (fuzzing); data must outlive the book. */
int xlsx_open_buffer(const char *name, const void *data, size_t len, struct xlsx_book *b,
		     struct jy_err *err);
/* The index of the sheet named name, -1 when none is. */
long xlsx_sheet_index(const struct xlsx_book *b, const char *name);
int xlsx_read_sheet(struct xlsx_book *b, size_t sheet, struct xlsx_grid *g, struct jy_err *err);
void xlsx_grid_release(struct xlsx_grid *g);
void xlsx_close(struct xlsx_book *b);

/* "C5" for row 4, column 2 (0-based) into out (at least 16 bytes). */
void xlsx_cell_name(size_t row, size_t col, char *out);

#endif
