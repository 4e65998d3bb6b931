/*
 * table.h - a printed table rebuilt from facts: rows are the members of the
 * facts' first dimension, columns the (measure, other coordinates) pairs in
 * the order the facts list them. Cells hold the figures as printed.
 *
 * The caller hands over the facts of one table (outline.c groups them in one
 * pass), so building every table of a report is linear in its facts. Member
 * names come from a label index built once per report.
 */
#ifndef JY_TABLE_VIEW_H
#define JY_TABLE_VIEW_H

#include "base/buf.h"
#include "base/strmap.h"
#include "model/facts.h"
#include "model/model.h"

/* Names of units, nodes and listed members by id, for labels. */
struct label_index {
	struct model *m;
	struct strmap units, nodes, members; /* id (members: "dim\x1fid") -> row */
	struct arena keys;
};

void label_index_init(struct label_index *li, struct model *m);
void label_index_release(struct label_index *li);
/* Row of a node by id, or -1. */
long label_index_node(const struct label_index *li, const char *id);
/* The Korean name of member of dimension dim; the id itself when unknown. */
const char *member_label(const struct label_index *li, const struct factset *fs, int dim,
			 const char *member);

struct table_view {
	const char *id;
	const char **row_labels;
	const char **row_keys;  /* member ids of the first dimension ("" without one) */
	unsigned char *row_total; /* 1 where the row's member is the parent of another row's */
	const char **col_labels; /* "measure·member·…" */
	const char **col_head;   /* the measure's name */
	const char **col_sub;    /* the other coordinates' names joined by "·", or "" */
	const char **cells;      /* n_rows * n_cols, NULL where no fact */
	size_t *cell_fact;       /* fact index + 1, 0 where none */
	size_t n_rows, n_cols;
	const char *period;
	const char *unit; /* the measures' unit when they share one, else "" */
};

/* Builds the view of the facts facts[0..n) (all of one table, in facts.csv
 * order). Allocates in arena. JY_ENOTFOUND when n is 0. */
int table_view_build(const struct label_index *li, const struct factset *fs, const char *table_id,
		     const size_t *facts, size_t n, struct arena *a, struct table_view *out);

#endif
