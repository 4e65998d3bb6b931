/*
 * edit.h - one row of a loaded model changed in place, and its fact parsed
 * again: what an edit does to the model a process keeps (`jipyo set`, the
 * server), and what replaying the edits after a model image does.
 *
 * A model read from an image keeps its cells in the mapping, read only. An
 * edited row of such a table keeps its place: its cell offsets (the mapping
 * is private: only the page written is copied) point at strings in a region
 * mapped just above the image (the overlay); where no such region can be
 * had, the table's cell pointers are copied out once. The first edit of a
 * fact makes the mapped fact records writable the same way.
 */
#ifndef JY_MODEL_EDIT_H
#define JY_MODEL_EDIT_H

#include "diag.h"
#include "facts.h"
#include "model.h"

/* Row `row` of resource r gets cells (copied into m's arena; NULL or "" is
 * an empty cell). */
void model_set_row(struct model *m, enum resource_id r, size_t row, const char *const *cells);
/* Table r's cells as pointers (copied out of an image, where it lies in
 * one), so that rows can be added to it and removed. */
void model_own_rows(struct model *m, enum resource_id r);
/* Fact `row` of fs parsed again from m's facts table after model_set_row,
 * with the same key cells (the caller compares period, kind and table): 0, or the number of
 * problems reported to d (the fact is then left as parsed, and the caller must not use fs). */
int factset_refresh_row(struct factset *fs, struct model *m, size_t row, struct diag *d);

#endif
