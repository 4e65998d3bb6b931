/*
 * pkg.h - Frictionless Data Package reading and writing.
 *
 * pkg_read loads datapackage.json and every resource CSV of a folder into a
 * model (structure only: headers and column counts; model_validate checks
 * the cells). pkg_write writes a model back: the descriptor is generated from
 * the schema table and the stored metadata, so a package written by
 * pkg_write and read again is reproduced byte for byte.
 */
#ifndef JY_PKG_H
#define JY_PKG_H

#include "base/err.h"
#include "model/model.h"

/* A file of m read as CP949 (m->cp949) whose cells lost characters to '?'
 * as a spreadsheet saves them: a cell with '?' that a cell of `against`
 * (the stored package, or m itself: its files read as UTF-8) has with a
 * character CP949 lacks at each '?' is JY_EINPUT, located at the cell and
 * naming the original, with the hint to save as UTF-8 or XLSX (err->hint).
 * A real question mark matches no lost character and passes. */
int pkg_cp949_lost(struct model *m, const struct model *against, struct jy_err *err);
/* Whether a file of m read as CP949 has a cell that may have lost
 * characters (pkg_cp949_lost has something to look for). */
int pkg_cp949_suspect(const struct model *m);

/* How pkg_write writes the CSV files: plain (UTF-8, LF; what pkg_read
 * reproduces byte for byte) or for a spreadsheet (a UTF-8 byte-order mark
 * and CRLF, which Excel needs to open UTF-8 as such, Korean Excel included;
 * pkg_read reads it as the same package). */
enum pkg_csv_style { PKG_CSV_PLAIN, PKG_CSV_EXCEL };

int pkg_read(const char *dir, struct model *m, struct jy_err *err);
int pkg_write(const struct model *m, const char *dir, enum pkg_csv_style style, struct jy_err *err);

/* The package as one workbook (export --excel writes it beside the CSV
 * files as package.xlsx): a sheet per resource named as the resource, its
 * header and rows, every cell a text cell exactly as stored (so that a
 * spreadsheet keeps "1,234" and "△10" as they are, and a cell typed later
 * stays text); a first sheet "datapackage" holds the descriptor's metadata
 * in column A (a cell holds at most 32,767 characters, so longer metadata
 * continues in the cells below). pkg_read reads a path ending in .xlsx as
 * such a workbook: the same package, which export writes byte for byte as
 * the folder it came from. */
#define PKG_BOOK_NAME "package.xlsx"
int pkg_is_book(const char *path);
int pkg_write_book(const struct model *m, const char *path, struct jy_err *err);
int pkg_read_book(const char *path, struct model *m, struct jy_err *err);

#endif
