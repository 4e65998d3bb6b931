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
/* csv_read_buffer with every line through libcsv: the reference the fast
 * path for ordinary lines is tested against (tests, fuzz target). */
int csv_read_buffer_libcsv(const char *name, const char *data, size_t len, csv_row_fn fn, void *ctx,
			   struct jy_err *err);
int csv_read_file(const char *path, csv_row_fn fn, void *ctx, struct jy_err *err);

/* Reading one file in parts on several threads: csv_prepare drops a BOM and
 * makes *data UTF-8 (converting from CP949 into `converted`, which then holds
 * it), *excel telling whether there was a mark (the spreadsheet form, whose
 * guard apostrophes csv_read_part takes off: see csv_excel_guarded); csv_split cuts the text into
 * at most `parts` pieces at line ends outside quotes, giving each piece's start offset and first
 * line number (returns how many); csv_read_part reads one piece. Well-formed text reads the same in
 * pieces as whole; a piece of malformed text may report a different error, so callers read the
 * whole file again on any error. */
int csv_prepare(const char *name, const char **data, size_t *len, struct buf *converted, int *excel,
		struct jy_err *err);
size_t csv_split(const char *data, size_t len, size_t parts, size_t *starts, long *lines);
int csv_read_part(const char *name, const char *data, size_t len, long first_line, int excel,
		  csv_row_fn fn, void *ctx, struct jy_err *err);

/* Reads a whole file into out (NUL-terminated), refusing files above max_bytes. */
int file_read_all(const char *path, size_t max_bytes, struct buf *out, struct jy_err *err);

/* Appends one CSV row to out: RFC 4180 quoting only where needed, "\n" end. */
void csv_write_row(struct buf *out, const char *const *fields, int n_fields);
/* The same row for a spreadsheet (export --excel): "\r\n" ends it, and a
 * cell a spreadsheet would run as a formula (csv_excel_guarded) is quoted
 * with an apostrophe before it, the OWASP guard against CSV injection. */
void csv_write_row_excel(struct buf *out, const char *const *fields, int n_fields);
/* Whether the cell s[0..len) begins, after any apostrophes, with = + - or @.
 * Writing for a spreadsheet adds an apostrophe to every such cell; reading a
 * file with a byte-order mark (that form) removes one from every such cell
 * that begins with an apostrophe. The two are exact inverses: a cell written
 * as '=x was '=x's source =x, and ''=x was '=x; 'x and x are left alone. */
int csv_excel_guarded(const char *s, size_t len);

/* Writes data to path atomically (a temporary file renamed over it). */
int file_write_atomic(const char *path, const char *data, size_t len, struct jy_err *err);

#endif
