/*
 * table.h - a printed table rebuilt from facts: rows are the members of the
 * facts' first dimension, columns the (measure, other coordinates) pairs in
 * the order the facts list them. Cells hold the figures as printed.
 */
#ifndef JY_TABLE_VIEW_H
#define JY_TABLE_VIEW_H

#include "base/buf.h"
#include "check/check.h"
#include "model/facts.h"
#include "model/model.h"

struct table_view {
	const char **row_labels;
	const char **col_labels;
	const char **cells; /* n_rows * n_cols, NULL where no fact */
	size_t *cell_fact;  /* fact index + 1, 0 where none */
	size_t n_rows, n_cols;
	const char *period;
	const char *unit;   /* the measures' unit when they share one */
};

/* Builds the view of facts whose table is `table_id`. Allocates in arena. */
int table_view_build(struct model *m, const struct factset *fs, const char *table_id,
		     struct arena *a, struct table_view *out);

/* Markdown pipe table, cells padded to equal display width, numbers right.
 * Cells of facts named in findings get a marker (†). */
void table_view_markdown(const struct table_view *v, const struct check_result *res,
			 struct buf *out);

/* Label of a member (its Korean name) for dimension dim. */
const char *member_label(struct model *m, const struct factset *fs, int dim, const char *member);

#endif
