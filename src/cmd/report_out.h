/*
 * report_out.h - what `jipyo report` needs beside the renderers: the data's
 * revision and the date for a cover, the formats that are files rather than
 * text (an Excel workbook, a PDF printed by a browser).
 */
#ifndef JY_REPORT_OUT_H
#define JY_REPORT_OUT_H

#include "base/buf.h"
#include "base/err.h"
#include "check/check.h"
#include "model/model.h"
#include "render/report.h"

/* "NAME · rev HASH · 입력 imported ’YY.M.D." of the stored package: its name,
 * a hash of every cell, and the day the database was written. */
void report_revision(const struct model *m, const char *db, struct buf *out);
/* Today as the report prints dates ("’24.5.3."); SOURCE_DATE_EPOCH, when
 * set, is the time instead (reproducible output). */
void report_today(struct buf *out);

/* The bytes a writer that only writes files wrote (libxlsxwriter), in out:
 * write(ctx, path, err) writes a private temporary file whose name ends in
 * suffix, which is read and removed. */
int report_file_bytes(const char *suffix,
		      int (*write)(void *ctx, const char *path, struct jy_err *err), void *ctx,
		      struct buf *out, struct jy_err *err);
/* The workbook's bytes in out (libxlsxwriter writes a file: a private
 * temporary one, removed). */
int report_xlsx_bytes(struct model *m, const struct check_result *res,
		      const struct report_opts *opt, struct buf *out, struct jy_err *err);
/* The HTML printed to PDF by headless Chromium (JIPYO_CHROMIUM, or chromium
 * on PATH), bytes in out. JY_EIO (exit 1) when no browser is installed. */
int report_pdf_bytes(const struct buf *html, struct buf *out, struct jy_err *err);

#endif
