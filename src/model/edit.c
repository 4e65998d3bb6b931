/*
 * edit.c - one row of a loaded model changed in place (see edit.h).
 */
#include "edit.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A table read from an image, turned into one whose cells are pointers
 * (into the same mapping): only such a table can be changed. */
static void table_own_cells(struct table *t)
{
	size_t n = t->n_rows * (size_t)t->def->n_fields;
	const char **cells = xmalloc((n ? n : 1) * sizeof(*cells));
	long *lines = xmalloc((t->n_rows ? t->n_rows : 1) * sizeof(*lines));

	for (size_t i = 0; i < n; i++)
		cells[i] = t->cell_base + t->cell_offs[i];
	if (t->n_rows)
		memcpy(lines, t->lines, t->n_rows * sizeof(*lines));
	t->cells = cells;
	t->lines = lines;
	t->cap = t->n_rows;
	t->cell_base = NULL;
	t->cell_offs = NULL;
}

/* The overlay: room for edited cells above the image's mapping, within
 * reach of a 32-bit offset from every table's cells. Tried at a few places
 * (MAP_FIXED_NOREPLACE never takes another mapping's place); none free, or
 * full: the caller copies the table's cell pointers out instead. */
enum { OVERLAY_BYTES = 16 << 20, OVERLAY_TRIES = 32, OVERLAY_STEP = 64 << 20 };

static char *overlay_strdup(struct model *m, const char *s)
{
	size_t n = strlen(s) + 1;

	if (!m->overlay && m->mapped) {
		uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
		uintptr_t end = ((uintptr_t)m->mapped + m->mapped_len + page - 1) & ~(page - 1);
		for (int k = 0; k < OVERLAY_TRIES && !m->overlay; k++) {
			void *want = (void *)(end + (uintptr_t)k * OVERLAY_STEP);
			void *p = mmap(want, OVERLAY_BYTES, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
			if (p == want) {
				m->overlay = p;
				m->overlay_len = OVERLAY_BYTES;
			} else if (p != MAP_FAILED) {
				munmap(p, OVERLAY_BYTES); /* an older kernel took it as a hint */
			}
		}
	}
	if (!m->overlay || m->overlay_used + n > m->overlay_len)
		return NULL;
	char *d = m->overlay + m->overlay_used;
	memcpy(d, s, n);
	m->overlay_used += n;
	return d;
}

/* Row `row` of an image's table changed where it lies: its cell offsets
 * (in the private mapping: only their page is copied) pointed at strings in
 * the overlay. 0, or -1 when the overlay cannot take them. */
static int set_row_in_image(struct model *m, struct table *t, size_t row, const char *const *cells)
{
	size_t nf = (size_t)t->def->n_fields;
	uint32_t offs[JY_CSV_COLUMNS_MAX];
	size_t used = m->overlay_used;

	for (size_t i = 0; i < nf; i++) {
		const char *now = t->cell_base + t->cell_offs[row * nf + i];
		if (strcmp(now, cells[i] ? cells[i] : "") == 0) {
			offs[i] = t->cell_offs[row * nf + i]; /* unchanged: kept where it is */
			continue;
		}
		char *s = overlay_strdup(m, cells[i] ? cells[i] : "");
		uintptr_t off = s ? (uintptr_t)(s - t->cell_base) : 0;
		if (!s || (uintptr_t)s < (uintptr_t)t->cell_base || off > UINT32_MAX) {
			m->overlay_used = used;
			return -1;
		}
		offs[i] = (uint32_t)off;
	}
	uint32_t *at = (uint32_t *)(uintptr_t)&t->cell_offs[row * nf];
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = (uintptr_t)at & ~(page - 1), to = (uintptr_t)(at + nf);
	if (mprotect((void *)from, to - from, PROT_READ | PROT_WRITE) != 0) {
		m->overlay_used = used;
		return -1;
	}
	memcpy(at, offs, nf * sizeof(*offs));
	return 0;
}

void model_set_row(struct model *m, enum resource_id r, size_t row, const char *const *cells)
{
	struct table *t = &m->tables[r];
	size_t nf = (size_t)t->def->n_fields;

	assert(row < t->n_rows);
	if (t->cell_offs && set_row_in_image(m, t, row, cells) == 0)
		return;
	if (t->cell_offs)
		table_own_cells(t);
	/* only the cells that change are copied: the model is kept for many
	 * edits, and what a cell held before stays in its arena */
	for (size_t i = 0; i < nf; i++)
		if (strcmp(t->cells[row * nf + i], cells[i] ? cells[i] : "") != 0)
			t->cells[row * nf + i] = arena_strdup(&m->arena, cells[i] ? cells[i] : "");
}

void model_own_rows(struct model *m, enum resource_id r)
{
	if (m->tables[r].cell_offs)
		table_own_cells(&m->tables[r]);
}

/* Fact records that lie in a model's mapped image are read only: the
 * mapping is private, so asking to write them copies a page when it is
 * first written, never the file. */
static int facts_writable(struct factset *fs, struct model *m)
{
	if (!fs->facts_mapped || !m->mapped)
		return 0;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = (uintptr_t)fs->facts & ~(page - 1);
	uintptr_t to = (uintptr_t)(fs->facts + fs->n_facts);
	return mprotect((void *)from, to - from, PROT_READ | PROT_WRITE);
}

int factset_refresh_row(struct factset *fs, struct model *m, size_t row, struct diag *d)
{
	int before = d->count;
	struct fact_info f;

	assert(row < fs->n_facts && fs->facts[row].row == row);
	if (model_validate_cells(m, RES_FACTS, row, d))
		return d->count - before;
	/* parsed into a copy: a row that fails leaves the record as it was */
	if (factset_parse_row(fs, m, d, row, &f) != 0)
		return d->count > before ? d->count - before : 1;
	/* the period, kind and table are interned when a fact is indexed: the
	 * same cells, the same ids */
	const struct fact_info *was = &fs->facts[row];
	f.key.period = was->key.period;
	f.key.kind = was->key.kind;
	f.key.table = was->key.table;
	if (memcmp(&f.key, &was->key, sizeof(f.key)) != 0) {
		diag_msg(d, NULL, model_path(m, RES_FACTS), m->tables[RES_FACTS].lines[row], 0,
			 "key", M_KEY_CHANGED);
		return 1;
	}
	if (facts_writable(fs, m) != 0) {
		diag_msg(d, NULL, model_path(m, RES_FACTS), 0, 0, "", M_FACTS_NOT_WRITABLE);
		return 1;
	}
	fs->facts[row] = f;
	return 0;
}
