/*
 * csv.h - reading and writing the CSV files of a data package.
 *
 * Reading goes through libcsv in strict mode, fed one line at a time so
 * that every row knows its line number. Input may be UTF-8 (with or without
 * a BOM) or CP949; every field reaches the callback as NFC UTF-8. Writing
 * is canonical: fields quoted only when needed, LF line ends, no BOM.
 */
#ifndef JY_CSV_H
#define JY_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"

/* Called for every row (the header too). fields[i] are NUL-terminated and
 * valid only during the call. Return nonzero (having filled err) to stop. */
typedef int (*csv_row_fn)(void *ctx, const char *const *fields, int n_fields, long line,
			  struct jy_err *err);

/* `name` is used in messages ("facts.csv:12:3: ..."). */
int csv_read_buffer(const char *name, const char *data, size_t len, csv_row_fn fn, void *ctx,
		    struct jy_err *err);
int csv_read_file(const char *path, csv_row_fn fn, void *ctx, struct jy_err *err);

/* Reads a whole file into out (NUL-terminated), refusing files above max_bytes. */
int file_read_all(const char *path, size_t max_bytes, struct buf *out, struct jy_err *err);

/* Appends one CSV row to out: RFC 4180 quoting only where needed, "\n" end. */
void csv_write_row(struct buf *out, const char *const *fields, int n_fields);

/* Writes data to path atomically (a temporary file renamed over it). */
int file_write_atomic(const char *path, const char *data, size_t len, struct jy_err *err);

#endif
