/*
 * model.c - the in-memory package (see model.h).
 */
#include "model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	for (int r = 0; r < RES_COUNT; r++)
		m->tables[r].def = &schema_resources[r];
}

void model_release(struct model *m)
{
	for (int r = 0; r < RES_COUNT; r++) {
		free(m->tables[r].cells);
		free(m->tables[r].lines);
	}
	arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

void model_add_row(struct model *m, enum resource_id r, const char *const *values, long line)
{
	struct table *t = &m->tables[r];
	size_t nf = (size_t)t->def->n_fields;
	size_t cells_cap = t->cap * nf;

	if (t->n_rows + 1 > t->cap) {
		size_t lines_cap = t->cap;
		XGROW(t->lines, lines_cap, t->n_rows + 1);
		XGROW(t->cells, cells_cap, lines_cap * nf);
		t->cap = lines_cap;
	}
	for (size_t i = 0; i < nf; i++) {
		const char *v = values[i] ? values[i] : "";
		t->cells[t->n_rows * nf + i] = *v ? arena_strdup(&m->arena, v) : "";
	}
	t->lines[t->n_rows] = line;
	t->n_rows++;
}

const char *table_get(const struct table *t, size_t row, const char *field)
{
	int i = schema_field_index(t->def, field);

	assert(i >= 0 && "no such field");
	if (i < 0)
		abort();
	return table_cell(t, row, i);
}

const char *model_path(struct model *m, enum resource_id r)
{
	const char *p = schema_resources[r].path;

	if (!m->dir)
		return p;
	return arena_printf(&m->arena, "%s/%s", m->dir, p);
}
