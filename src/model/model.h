/*
 * model.h - a data package held in memory: one table of text cells per
 * resource, plus the package metadata.
 *
 * Cells are kept exactly as read (after NFC): that is what makes export
 * byte-exact. Typed views (facts with parsed coordinates and decimals, the
 * rule set) are built from these tables by the validator (check/) and the
 * renderers; they never replace them. Everything is owned by model->arena.
 */
#ifndef JY_MODEL_H
#define JY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/mem.h"
#include "schema.h"

struct table {
	const struct resource_def *def;
	const char **cells; /* n_rows * def->n_fields; "" for an empty cell */
	long *lines;	    /* line of each row in its CSV (0 when not from a file) */
	size_t n_rows;
	size_t cap;
	/* A table read from a model image (image.h) keeps its cells where the
	 * image has them: cell i is cell_base + cell_offs[i], cells is NULL and
	 * lines points into the image too. Such a table is only read. */
	const char *cell_base;
	const uint32_t *cell_offs;
};

/* A document the package's sources cite (the descriptor's "sources"), as
 * pkg_read found it: its file name, as FILE:LINE names it, and its lines. */
struct model_doc {
	const char *name;
	long lines;
};

struct model {
	struct arena arena;
	char *meta_json;	/* descriptor without "resources": name, title, sources … */
	char *dir;		/* where the package was read from, for messages; may be NULL */
	struct model_doc *docs; /* in the arena; validation refuses a line past */
	size_t n_docs;		/* the end of one (none: lines are not looked up) */
	unsigned cp949;		/* bit r: resource r's file was read as CP949 (pkg_read) */
	struct table tables[RES_COUNT];
	void *mapped; /* a file mapped read-only that cells point into (a model
		       * image), unmapped by model_release; NULL when none */
	size_t mapped_len;
	/* Strings of rows edited in an image's table (model/edit.c): a region
	 * mapped just above the image, so that a cell offset reaches them;
	 * unmapped by model_release. NULL when none. */
	char *overlay;
	size_t overlay_len, overlay_used;
};

void model_init(struct model *m);
void model_release(struct model *m);
/* The rows of every table. */
size_t model_rows(const struct model *m);

/* Appends a row; values are copied into the arena (n must equal n_fields). */
void model_add_row(struct model *m, enum resource_id r, const char *const *values, long line);
/* The same for any table whose strings live in arena a; lens[i] is the
 * length of values[i] (lens may be NULL: strlen). */
void table_add_row(struct table *t, struct arena *a, const char *const *values, const size_t *lens,
		   long line);
/* Room for rows rows, allocated now (a reader that knows how many lines it
 * has read grows its arrays once, not by doubling). */
void table_reserve(struct table *t, size_t rows);
/* Moves src's rows after dst's (src is left empty; the strings stay where
 * they are, so their arena must live as long as dst's). */
void table_append(struct table *dst, struct table *src);
/* The same for n tables in order, their rows copied on several threads
 * into arrays allocated once (a package read in pieces: copying them one
 * after another was a tenth of a second at a million facts, one core
 * waiting). */
void table_append_all(struct table *dst, struct table *const *srcs, size_t n);
void table_release(struct table *t);

static inline const char *table_cell(const struct table *t, size_t row, int field)
{
	size_t i = row * (size_t)t->def->n_fields + (size_t)field;
	return t->cell_offs ? t->cell_base + t->cell_offs[i] : t->cells[i];
}

/* Cell by field name; aborts (a bug) when the field does not exist. */
const char *table_get(const struct table *t, size_t row, const char *field);

/* "facts.csv" for messages: the package dir joined with the resource path. */
const char *model_path(struct model *m, enum resource_id r);

/* One entry of a source list ("FILE:LINE;FILE:LINE"). */
struct model_source {
	const char *file;
	size_t file_len;
	long line; /* 0 when the entry has none */
};

/* Reads the entry of a source list at p; returns where the next one starts,
 * or NULL after the last. */
const char *model_source_next(const char *p, struct model_source *out);

/* Checks everything a package must satisfy before it may be stored:
 * required cells, types, enums, unique keys, references between resources,
 * and the semantics of facts (coordinates match the measure's dimensions and
 * existing members; printed parses as a Korean number equal to value),
 * milestones (when parses as a Korean date) and rules (expressions parse and
 * name existing measures, dimensions and members). Every problem is printed
 * to `out` as "file:line:column: field: message" (at most JY_IMPORT_ERRORS_MAX);
 * returns JY_EINPUT with a count in err if there were any. */
int model_validate(struct model *m, FILE *out, struct jy_err *err);

struct factset;
/* model_validate that hands over the typed facts it built (see facts.h), so a
 * caller that goes on to check does not build them twice. On success *fs is
 * the caller's to factset_release; on failure it is already released. */
int model_validate_facts(struct model *m, FILE *out, struct factset *fs, struct jy_err *err);

struct diag;
/* model_validate_facts reporting to d: its items (file, line, column,
 * field, code, message) are the caller's to print or send, and to release
 * with diag_release. */
int model_validate_diag(struct model *m, struct diag *d, struct factset *fs, struct jy_err *err);
/* The checks of one row's own cells that model_validate makes (types,
 * required cells, a fact's provenance), reported to d: how many problems.
 * What an edit of a row that keeps its key needs besides its fact. */
int model_validate_cells(struct model *m, enum resource_id r, size_t row, struct diag *d);

#endif
