/*
 * outline.h - the report as every renderer reads it: the plan tree in
 * document order, each node's content as blocks placed where the report
 * printed them, the tables rebuilt from facts, and each finding's marks on the
 * numbers it concerns. report_md.c and report_html.c walk the same outline;
 * neither looks at the model's tables by itself except to read a row.
 *
 * Placement is by source line (`FILE:LINE` in every resource): a node's
 * texts keep their order, and its fields, tables, organisation chart and
 * functions go after the last text printed before them. A table, chart or
 * figure that names no node goes to the node whose heading was printed last
 * before it. Everything is indexed once, so building is O(n log n) in the
 * size of the package (docs/DESIGN.md, "The report outline").
 */
#ifndef JY_OUTLINE_H
#define JY_OUTLINE_H

#include "check/check.h"
#include "model/model.h"
#include "table.h"

enum block_kind {
	BLOCK_TEXT,	 /* a texts.csv row */
	BLOCK_FIELD,	 /* a fields.csv row */
	BLOCK_TABLE,	 /* outline.tables[index] */
	BLOCK_UNITS,	 /* the organisation (units.csv) */
	BLOCK_FUNCTIONS, /* what each unit does (functions.csv) */
	BLOCK_FIGURES,	 /* outline.figures[index]: facts printed in no table and no text */
	BLOCK_MILESTONE	 /* a milestones.csv row no text prints: a line "ㅇ title : when" */
};

struct block {
	enum block_kind kind;
	size_t index;
	long line; /* source line it is ordered by */
};

struct onode {
	size_t row; /* nodes.csv row */
	const char *id, *kind, *number, *title, *title_en, *owner;
	int depth;	/* 0 at the top */
	long parent;	/* outline index, -1 at the top */
	int cover;	/* top-level node printed before the first numbered one: the cover */
	int page_break; /* starts a printed page: top-level sections, areas, programs */
	size_t *summary, n_summary; /* texts rows of section `summary` (the boxed lead) */
	struct block *blocks;
	size_t n_blocks;
	size_t *milestones, n_milestones; /* milestones.csv rows */
	size_t *children, n_children;	  /* outline indexes, in seq order */
};

/* Facts printed in no table and found in no text, shown under one node. */
struct figures {
	size_t *facts, n;
	struct table_view view; /* LAYOUT_FIGURES */
};

enum place_kind { PLACE_FACT, PLACE_TEXT, PLACE_FIELD, PLACE_MILESTONE };

/* Where a finding is marked: a table cell or figure (a fact), or a token in a
 * text, a field's value or a milestone's date. */
struct place {
	enum place_kind kind;
	size_t row;	 /* fact index, or row of texts / fields / milestones */
	size_t off, len; /* the token's bytes in that row's text, value or when */
	size_t *numbers; /* finding numbers (1-based, as listed), ascending */
	size_t n_numbers;
	enum severity severity; /* the highest of them */
	size_t id;		/* 1-based, unique: the anchor a findings list links back to */
};

struct outline {
	struct model *m;
	const struct check_result *res;
	const struct factset *fs;
	struct arena arena;
	struct label_index labels;
	/* "FILE:LINE" of every line a text or field prints: a milestone printed
	 * on such a line is shown there, not as a line of its own */
	struct strmap text_lines;
	const char *title, *description; /* the package's */

	struct onode *nodes; /* document order (pre-order, siblings by seq) */
	size_t n_nodes;

	struct table_view *tables; /* in order of first appearance in facts.csv */
	size_t n_tables;
	size_t *other_tables, n_other_tables; /* placed under no node */
	struct figures *figures;
	size_t n_figures;
	struct figures other_figures; /* figures placed under no node */

	/* Findings numbered as listed: errors first, then warnings. */
	size_t *order;	     /* number - 1 -> index into res->findings */
	size_t *first_place; /* number - 1 -> place id of its first mark, 0 when unmarked */
	struct place *places;
	size_t n_places, cap_places;
	size_t *fact_place; /* fact -> place id, 0 when none */
	size_t *row_places; /* place ids of text/field/milestone places, by (kind, row, off) */
	size_t n_row_places;
};

/* Builds the outline of a checked model. Borrows m and res (they must
 * outlive it). Never fails: what cannot be placed is listed at the end. */
void outline_build(struct outline *o, struct model *m, const struct check_result *res);
void outline_release(struct outline *o);

/* The place of a table cell or figure, or NULL. */
const struct place *outline_fact_place(const struct outline *o, size_t fact);
/* Places on a row of texts/fields/milestones (kind PLACE_TEXT, _FIELD or
 * _MILESTONE), ascending by offset: returns their count and sets *ids to
 * their ids (read each with outline_place). */
size_t outline_row_places(const struct outline *o, enum place_kind kind, size_t row,
			  const size_t **ids);
const struct place *outline_place(const struct outline *o, size_t id);

/* Walks text (the text, value or when of that row) in pieces: emit gets each
 * unmarked piece with p NULL, and each marked token with its place. */
typedef void (*outline_emit_fn)(void *ctx, const char *s, size_t len, const struct place *p);
void outline_walk_text(const struct outline *o, enum place_kind kind, size_t row, const char *text,
		       outline_emit_fn emit, void *ctx);

/* Heading number as printed: "Ⅰ." and "1." for sections and areas, "1" for a
 * program, "①" as is; "" without a number. Allocated in o->arena. */
const char *outline_number(struct outline *o, const struct onode *n);
/* The caption of a table or figures view as printed (table_caption; the
 * figures are titled 수치). Strings in o->arena. */
void outline_caption(struct outline *o, const struct table_view *v, struct table_caption *out);
/* Korean names of schema values: unit kinds, milestone statuses. */
const char *outline_unit_kind(const char *kind);
const char *outline_status(const char *status);
/* A unit's name by id, or the id. */
const char *outline_unit_name(const struct outline *o, const char *id);
/* A fact in the words of render/describe.h ("인력현황 표: 정원
 * (경제정책과·합계) ’22.8.29."), for findings. In o->arena. */
const char *outline_fact_label(struct outline *o, size_t fact);
/* Where a finding is, in the same words (its stated target; its
 * expression when it has no target). In o->arena. */
const char *outline_finding_where(struct outline *o, const struct finding *f);

#endif
