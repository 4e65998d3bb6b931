/*
 * pkg_int.h - what pkg.c shares with book.c (the package as a workbook).
 */
#ifndef JY_PKG_INT_H
#define JY_PKG_INT_H

#include "model/model.h"

struct row_ctx {
	struct model *m;
	enum resource_id r;
	const char *path;
	int seen_header;
	struct table *rows;  /* where rows go when not m's table (a part of a file) */
	struct arena *arena; /* and their strings */
	int width;	     /* columns of the file (its descriptor's fields): the
			      * schema's, less trailing ones it may leave out */
};

/* The csv_row_fn that checks a resource's header and adds its rows. */
int pkg_on_row(void *p, const char *const *fields, int n, long line, struct jy_err *err);
/* The columns a table is written with: the schema's, less the trailing
 * ones that may be absent and that no row fills. */
int pkg_table_width(const struct table *t);

#endif
