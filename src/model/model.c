/*
 * model.c - the in-memory package (see model.h).
 */
#include "model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include "base/limits.h"
#include "base/par.h"

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	arena_init(&m->arena);
	for (int r = 0; r < RES_COUNT; r++)
		m->tables[r].def = &schema_resources[r];
}

void model_release(struct model *m)
{
	for (int r = 0; r < RES_COUNT; r++)
		table_release(&m->tables[r]);
	arena_release(&m->arena);
	if (m->mapped)
		munmap(m->mapped, m->mapped_len);
	if (m->overlay)
		munmap(m->overlay, m->overlay_len);
	memset(m, 0, sizeof(*m));
}

size_t model_rows(const struct model *m)
{
	size_t n = 0;
	for (int r = 0; r < RES_COUNT; r++)
		n += m->tables[r].n_rows;
	return n;
}

void table_reserve(struct table *t, size_t rows)
{
	size_t nf = (size_t)t->def->n_fields;
	size_t cells_cap = t->cap * nf;

	assert(!t->cell_offs && "an image's table is only read");

	if (rows <= t->cap)
		return;
	size_t lines_cap = t->cap;
	XGROW(t->lines, lines_cap, rows);
	XGROW(t->cells, cells_cap, lines_cap * nf);
	t->cap = lines_cap;
}

void table_add_row(struct table *t, struct arena *a, const char *const *values, const size_t *lens,
		   long line)
{
	size_t nf = (size_t)t->def->n_fields;
	size_t len[JY_CSV_COLUMNS_MAX], total = 0;
	const char **cells;
	char *p;

	table_reserve(t, t->n_rows + 1);
	cells = &t->cells[t->n_rows * nf];
	for (size_t i = 0; i < nf; i++) {
		len[i] = !values[i] ? 0 : lens ? lens[i] : strlen(values[i]);
		total += len[i] ? len[i] + 1 : 0;
	}
	/* one allocation per row: the cells lie side by side */
	p = total ? arena_bytes(a, total) : NULL;
	for (size_t i = 0; i < nf; i++) {
		if (!len[i]) {
			cells[i] = "";
			continue;
		}
		memcpy(p, values[i], len[i]);
		p[len[i]] = '\0';
		cells[i] = p;
		p += len[i] + 1;
	}
	t->lines[t->n_rows] = line;
	t->n_rows++;
}

void model_add_row(struct model *m, enum resource_id r, const char *const *values, long line)
{
	table_add_row(&m->tables[r], &m->arena, values, NULL, line);
}

void table_append(struct table *dst, struct table *src)
{
	size_t nf = (size_t)dst->def->n_fields;

	if (!dst->n_rows && !dst->cap) {
		const struct resource_def *def = dst->def;
		*dst = *src;
		dst->def = def;
	} else {
		table_reserve(dst, dst->n_rows + src->n_rows);
		if (src->n_rows) {
			memcpy(dst->cells + dst->n_rows * nf, src->cells,
			       sizeof(*src->cells) * src->n_rows * nf);
			memcpy(dst->lines + dst->n_rows, src->lines,
			       sizeof(*src->lines) * src->n_rows);
		}
		dst->n_rows += src->n_rows;
		table_release(src);
	}
	src->cells = NULL;
	src->lines = NULL;
	src->n_rows = src->cap = 0;
}

struct append_all {
	struct table *dst;
	struct table *const *srcs;
	size_t *at; /* the row each source's rows go to */
};

static void append_one(void *ctx, size_t i)
{
	const struct append_all *a = ctx;
	const struct table *src = a->srcs[i];
	size_t nf = (size_t)a->dst->def->n_fields;

	if (!src->n_rows)
		return;
	memcpy(a->dst->cells + a->at[i] * nf, src->cells, sizeof(*src->cells) * src->n_rows * nf);
	memcpy(a->dst->lines + a->at[i], src->lines, sizeof(*src->lines) * src->n_rows);
}

void table_append_all(struct table *dst, struct table *const *srcs, size_t n)
{
	struct append_all a = {dst, srcs, xmalloc(sizeof(size_t) * (n + 1))};
	size_t rows = dst->n_rows;

	for (size_t i = 0; i < n; i++) {
		a.at[i] = rows;
		rows += srcs[i]->n_rows;
	}
	table_reserve(dst, rows);
	par_for(n, append_one, &a);
	dst->n_rows = rows;
	for (size_t i = 0; i < n; i++)
		table_release(srcs[i]);
	free(a.at);
}

void table_release(struct table *t)
{
	if (!t->cell_offs) /* an image's table owns nothing */
		free(t->lines);
	free(t->cells);
	t->cells = NULL;
	t->lines = NULL;
	t->cell_base = NULL;
	t->cell_offs = NULL;
	t->n_rows = t->cap = 0;
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

	size_t n = m->dir ? strlen(m->dir) : 0;

	if (!m->dir)
		return p;
	/* a package read from a workbook: its sheet (row:column follow) */
	if (n > 5 && strcasecmp(m->dir + n - 5, ".xlsx") == 0)
		return arena_printf(&m->arena, "%s!%s", m->dir, schema_resources[r].name);
	return arena_printf(&m->arena, "%s/%s", m->dir, p);
}

/* Reads the entry of a source list ("FILE:LINE;FILE:LINE") at p; returns
 * where the next one starts, or NULL after the last. */
const char *model_source_next(const char *p, struct model_source *out)
{
	const char *end = strchr(p, ';');
	const char *stop = end ? end : p + strlen(p);
	const char *colon = NULL;

	for (const char *q = p; q < stop; q++)
		if (*q == ':')
			colon = q;
	out->file = p;
	out->file_len = colon ? (size_t)(colon - p) : (size_t)(stop - p);
	out->line = 0;
	if (colon) {
		char *e;
		long v = strtol(colon + 1, &e, 10);
		if (e == stop && v > 0)
			out->line = v;
	}
	return end ? end + 1 : NULL;
}
