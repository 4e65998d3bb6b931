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
	struct strmap tables;		     /* tables.csv: id -> row */
	struct arena keys;
};

void label_index_init(struct label_index *li, struct model *m);
void label_index_release(struct label_index *li);
/* Row of a node by id, or -1. */
long label_index_node(const struct label_index *li, const char *id);
/* The Korean name of member of dimension dim; the id itself when unknown. */
const char *member_label(const struct label_index *li, const struct factset *fs, int dim,
			 const char *member);

struct table_view;

/* A period as the report prints it, for people: "2022-08-29" as
 * "’22.8.29.", "2022" as "’22년", "2022-07" as "’22.7.", "2019..2022" as
 * "’19~’22", "2022-01..2022-07" as "’22.1~7."; text that is no ISO period as
 * it is. Allocated in a. */
const char *table_period_text(struct arena *a, const char *period);

/* A table's caption as the original prints it (tables.csv), never its id:
 * the web application and every report format print this. */
struct table_caption {
	const char *title; /* as printed; "" when the original prints none */
	const char *note; /* unit and as-of lines: "(단위 : 백만원, ’22.8.29. 기준)", or "" */
	const char *total; /* the total row's label as printed ("계"), or "" */
	int printed;	   /* 0: a passage, its figures printed in the text, not a table */
};

/* The caption of table id. Without a tables.csv row for it, the title is
 * the measure's name when every column has one, and the note is made of
 * the view's unit and period (v may be NULL). Strings in a. */
void table_caption(const struct label_index *li, const char *id, const struct table_view *v,
		   struct arena *a, struct table_caption *out);
/* Row of table id in tables.csv, or -1. */
long table_row(const struct label_index *li, const char *id);
/* Whether the facts of table id form a printed table (else a passage:
 * they are shown in the text that prints them). */
int table_is_printed(const struct label_index *li, const char *id);

/* How facts are laid out. A printed table has a row per member of the
 * first dimension and a column per measure and other coordinates; figures
 * (facts printed in no table and in no text) have a row per measure and its
 * coordinates, a node's excepted, and a column per period. Either way the
 * period and kind join the columns when the facts have more than one. */
enum table_layout { LAYOUT_PRINTED, LAYOUT_FIGURES };

struct table_view {
	const char *id; /* the facts' `table`, "" for figures */
	const char **row_labels;
	unsigned char *row_total; /* 1 where the row's member is the parent of another row's */
	const char **col_labels;  /* head and sub joined by "·" */
	const char **col_head;	  /* the measure's name (figures: the period) */
	const char **col_sub;	  /* the other coordinates, period or kind joined by "·", or "" */
	const char **cells;	  /* n_rows * n_cols, NULL where no fact */
	size_t *cell_fact;	  /* fact index + 1, 0 where none */
	size_t n_rows, n_cols;
	const char *period; /* the facts' period when they share one, else "" */
	const char *unit;   /* the measures' unit when they share one, else "" */
	/* Entered figures (no source line: typed in by someone) are marked in
	 * their cell with TABLE_ENTERED_MARK, and each has a note: "※ 경제정책과 ·
	 * 정원 34: 김담당 입력, ’26.12.4., 판 2", printed under the table by
	 * every renderer, in the report's language as the rest of it. */
	const char **notes;
	size_t n_notes;
};

#define TABLE_ENTERED_MARK "※"

/* Builds the view of the facts facts[0..n) (one table's, in facts.csv
 * order). Allocates in arena. JY_ENOTFOUND when n is 0. */
int table_view_build(const struct label_index *li, const struct factset *fs, const char *table_id,
		     enum table_layout layout, const size_t *facts, size_t n, struct arena *a,
		     struct table_view *out);

#endif
