/*
 * table.c - printed tables rebuilt from facts (see table.h).
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

const char *member_label(struct model *m, const struct factset *fs, int dim, const char *member)
{
	const struct dimension_info *di = &fs->dims[dim];
	enum resource_id r = di->members_from == 1 ? RES_UNITS : di->members_from == 2 ? RES_NODES : RES_MEMBERS;
	const struct table *t = &m->tables[r];
	const char *name_field = r == RES_NODES ? "title_ko" : "name_ko";

	for (size_t i = 0; i < t->n_rows; i++) {
		if (strcmp(table_get(t, i, "id"), member) != 0)
			continue;
		if (r == RES_MEMBERS && strcmp(table_get(t, i, "dimension"), di->id) != 0)
			continue;
		return table_get(t, i, name_field);
	}
	return member;
}

static size_t intern(const char ***list, size_t *n, size_t *cap, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0)
			return i;
	XGROW(*list, *cap, *n + 1);
	(*list)[*n] = s;
	return (*n)++;
}

int table_view_build(struct model *m, const struct factset *fs, const char *table_id,
		     struct arena *a, struct table_view *out)
{
	const char **rows = NULL, **cols = NULL, **row_keys = NULL, **col_keys = NULL;
	size_t n_rows = 0, n_cols = 0, cap_r = 0, cap_c = 0, cap_rk = 0, cap_ck = 0, nrk = 0, nck = 0;
	struct buf key;

	memset(out, 0, sizeof(*out));
	buf_init(&key);
	/* First pass: rows and columns in order of appearance. */
	for (size_t i = 0; i < fs->n_facts; i++) {
		const struct fact_info *f = &fs->facts[i];
		if (strcmp(f->table, table_id) != 0)
			continue;
		const struct measure_info *mi = &fs->measures[f->measure];
		const char *rk = mi->n_dims ? f->members[0] : "";
		if (intern(&row_keys, &nrk, &cap_rk, rk) == n_rows) {
			int dim = mi->n_dims ? factset_dim(fs, mi->dims[0]) : -1;
			XGROW(rows, cap_r, n_rows + 1);
			rows[n_rows++] = dim >= 0 ? member_label(m, fs, dim, rk) : mi->name_ko;
		}
		buf_reset(&key);
		buf_adds(&key, mi->id);
		for (int d = 1; d < mi->n_dims; d++)
			buf_addf(&key, "\x1f%s", f->members[d]);
		const char *ck = arena_strdup(a, key.data);
		if (intern(&col_keys, &nck, &cap_ck, ck) == n_cols) {
			buf_reset(&key);
			buf_adds(&key, mi->name_ko);
			for (int d = 1; d < mi->n_dims; d++)
				buf_addf(&key, "·%s",
					 member_label(m, fs, factset_dim(fs, mi->dims[d]), f->members[d]));
			XGROW(cols, cap_c, n_cols + 1);
			cols[n_cols++] = arena_strdup(a, key.data);
		}
		if (!out->period)
			out->period = f->period;
		if (!out->unit)
			out->unit = mi->unit;
		else if (strcmp(out->unit, mi->unit) != 0)
			out->unit = "";
	}
	out->n_rows = n_rows;
	out->n_cols = n_cols;
	out->row_labels = arena_alloc(a, sizeof(char *) * (n_rows + 1));
	out->col_labels = arena_alloc(a, sizeof(char *) * (n_cols + 1));
	memcpy(out->row_labels, rows, sizeof(char *) * n_rows);
	memcpy(out->col_labels, cols, sizeof(char *) * n_cols);
	out->cells = arena_zalloc(a, sizeof(char *) * (n_rows * n_cols + 1));
	out->cell_fact = arena_zalloc(a, sizeof(size_t) * (n_rows * n_cols + 1));
	for (size_t i = 0; i < fs->n_facts; i++) {
		const struct fact_info *f = &fs->facts[i];
		if (strcmp(f->table, table_id) != 0)
			continue;
		const struct measure_info *mi = &fs->measures[f->measure];
		size_t r = intern(&row_keys, &nrk, &cap_rk, mi->n_dims ? f->members[0] : "");
		buf_reset(&key);
		buf_adds(&key, mi->id);
		for (int d = 1; d < mi->n_dims; d++)
			buf_addf(&key, "\x1f%s", f->members[d]);
		size_t c = intern(&col_keys, &nck, &cap_ck, arena_strdup(a, key.data));
		out->cells[r * n_cols + c] = f->printed;
		out->cell_fact[r * n_cols + c] = i + 1;
	}
	free(rows);
	free(cols);
	free(row_keys);
	free(col_keys);
	buf_release(&key);
	return n_rows ? 0 : JY_ENOTFOUND;
}

static int fact_has_finding(const struct check_result *res, size_t fact)
{
	if (!res)
		return 0;
	for (size_t i = 0; i < res->n_findings; i++) {
		const struct finding *f = &res->findings[i];
		if (f->severity != SEV_ERROR && strcmp(f->rule, "printed-form") != 0)
			continue;
		for (size_t k = 0; k < f->n_stated; k++)
			if (f->facts[k] == fact)
				return 1;
		for (size_t s = 0; s < f->n_suspects; s++)
			if (f->suspects[s].fact == fact)
				return 1;
	}
	return 0;
}

void table_view_markdown(const struct table_view *v, const struct check_result *res,
			 struct buf *out)
{
	size_t nc = v->n_cols + 1;
	int *width = xcalloc(nc, sizeof(int));
	struct buf cell;

	buf_init(&cell);
	width[0] = utf8_display_width("구분");
	for (size_t r = 0; r < v->n_rows; r++)
		if (utf8_display_width(v->row_labels[r]) > width[0])
			width[0] = utf8_display_width(v->row_labels[r]);
	for (size_t c = 0; c < v->n_cols; c++) {
		width[c + 1] = utf8_display_width(v->col_labels[c]);
		for (size_t r = 0; r < v->n_rows; r++) {
			const char *s = v->cells[r * v->n_cols + c];
			int w = s ? utf8_display_width(s) + 2 : 0;
			if (w > width[c + 1])
				width[c + 1] = w;
		}
	}
	buf_adds(out, "| ");
	buf_add_padded(out, "구분", width[0], 0);
	for (size_t c = 0; c < v->n_cols; c++) {
		buf_adds(out, " | ");
		buf_add_padded(out, v->col_labels[c], width[c + 1], 1);
	}
	buf_adds(out, " |\n|");
	for (size_t c = 0; c < nc; c++) {
		for (int k = 0; k < width[c] + 1; k++)
			buf_addc(out, '-');
		buf_adds(out, c ? ":|" : "-|");
	}
	buf_addc(out, '\n');
	for (size_t r = 0; r < v->n_rows; r++) {
		buf_adds(out, "| ");
		buf_add_padded(out, v->row_labels[r], width[0], 0);
		for (size_t c = 0; c < v->n_cols; c++) {
			size_t i = r * v->n_cols + c;
			buf_reset(&cell);
			if (v->cells[i]) {
				buf_adds(&cell, v->cells[i]);
				if (fact_has_finding(res, v->cell_fact[i] - 1))
					buf_adds(&cell, " †");
			}
			buf_adds(out, " | ");
			buf_add_padded(out, cell.data, width[c + 1], 1);
		}
		buf_adds(out, " |\n");
	}
	buf_release(&cell);
	free(width);
}
