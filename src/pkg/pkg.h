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

/* How pkg_write writes the CSV files: plain (UTF-8, LF; what pkg_read
 * reproduces byte for byte) or for a spreadsheet (a UTF-8 byte-order mark
 * and CRLF, which Excel needs to open UTF-8 as such, Korean Excel included;
 * pkg_read reads it as the same package). */
enum pkg_csv_style { PKG_CSV_PLAIN, PKG_CSV_EXCEL };

int pkg_read(const char *dir, struct model *m, struct jy_err *err);
int pkg_write(const struct model *m, const char *dir, enum pkg_csv_style style, struct jy_err *err);

#endif
