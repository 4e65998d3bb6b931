/*
 * lost.c - a CP949 file whose characters CP949 lacks became '?' (see pkg.h,
 * pkg_cp949_lost; docs/DESIGN.md, "The office's formats, finished").
 *
 * Korean Excel saves "CSV" in CP949 and writes '?' for each character the
 * code page lacks (․ ｢ ｣ ❶), silently. Such a file cannot be told from one
 * with real question marks by its bytes, only by what the characters were:
 * a cell of it with '?' that another text has with a character CP949 lacks
 * at each '?' (that text made "lossy": every such character '?', every real
 * '?' another byte, so that a real one never matches a lost one) is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/utf8.h"
#include "pkg.h"

enum {
	LOST_REAL_QUESTION = '\x01', /* a real '?' in the lossy text */
	LOST_SEPARATOR = '\x02',     /* between cells: no match spans two */
	LOST_KNOWN_MIN = 2	     /* characters besides '?' a cell needs to count */
};

/* The lossy text of every cell of a model that has a character CP949 lacks,
 * and where each such cell begins in it. */
struct lossy_cell {
	size_t start;
	const char *cell;
};
struct lossy {
	struct buf text;
	struct lossy_cell *cells;
	size_t n, cap;
};

static void lossy_add_table(struct lossy *l, const struct table *t)
{
	for (size_t row = 0; row < t->n_rows; row++)
		for (int k = 0; k < t->def->n_fields; k++) {
			const char *cell = table_cell(t, row, k);
			size_t start = l->text.len;
			if (!cell || !*cell)
				continue;
			if (!utf8_add_cp949_lossy(&l->text, cell, LOST_REAL_QUESTION)) {
				l->text.len = start; /* nothing lost: it cannot match */
				l->text.data[start] = '\0';
				continue;
			}
			buf_addc(&l->text, LOST_SEPARATOR);
			XGROW(l->cells, l->cap, l->n + 1);
			l->cells[l->n++] = (struct lossy_cell){start, cell};
		}
}

/* Whether a cell may have lost characters: it has a '?', and enough else
 * to be recognised by (a lone "?" matches anything that lost one). */
static int lost_candidate(const char *cell)
{
	size_t known = 0;

	if (!strchr(cell, '?') || strchr(cell, LOST_REAL_QUESTION) || strchr(cell, LOST_SEPARATOR))
		return 0;
	for (const unsigned char *p = (const unsigned char *)cell; *p; p++)
		known += *p != '?' && (*p & 0xC0) != 0x80; /* characters, not bytes */
	return known >= LOST_KNOWN_MIN;
}

/* Appends to out the original of the len lossy bytes at offset at: the
 * characters of the cell they are in that they stand for. */
static void original_of(const struct lossy *l, size_t at, size_t len, struct buf *out)
{
	size_t lo = 0, hi = l->n;
	while (hi - lo > 1) { /* the last cell that starts at or before at */
		size_t mid = (lo + hi) / 2;
		if (l->cells[mid].start <= at)
			lo = mid;
		else
			hi = mid;
	}
	const char *cell = l->cells[lo].cell;
	size_t pos = l->cells[lo].start, n = strlen(cell), i = 0, from = 0;
	/* the cell and its lossy form walked together: a character is one
	 * byte of the lossy form when lost (or a real '?'), its own otherwise */
	while (i < n && pos < at + len) {
		int cp, w = utf8_decode(cell + i, n - i, &cp);
		if (w <= 0) {
			w = 1;
			cp = (unsigned char)cell[i];
		}
		if (pos == at)
			from = i;
		pos += cp == '?' || !utf8_in_cp949(cp) ? 1 : (size_t)w;
		i += (size_t)w;
	}
	buf_add(out, cell + from, i - from);
}

int pkg_cp949_suspect(const struct model *m)
{
	for (int r = 0; r < RES_COUNT; r++) {
		const struct table *t = &m->tables[r];
		for (size_t i = 0; (m->cp949 >> r & 1) && i < t->n_rows * (size_t)t->def->n_fields;
		     i++)
			if (lost_candidate(table_cell(t, i / (size_t)t->def->n_fields,
						      (int)(i % (size_t)t->def->n_fields))))
				return 1;
	}
	return 0;
}

static void lossy_release(struct lossy *l)
{
	buf_release(&l->text);
	free(l->cells);
}

int pkg_cp949_lost(struct model *m, const struct model *against, struct jy_err *err)
{
	struct lossy l = {0};
	int rc = 0, built = 0;

	for (int r = 0; r < RES_COUNT && !rc; r++) {
		const struct table *t = &m->tables[r];
		if (!(m->cp949 >> r & 1))
			continue;
		for (size_t row = 0; row < t->n_rows && !rc; row++)
			for (int k = 0; k < t->def->n_fields && !rc; k++) {
				const char *cell = table_cell(t, row, k), *hit;
				if (!cell || !lost_candidate(cell))
					continue;
				if (!built++) {
					buf_init(&l.text);
					for (int a = 0; a < RES_COUNT; a++)
						if (!(against->cp949 >> a & 1))
							lossy_add_table(&l, &against->tables[a]);
				}
				size_t len = strlen(cell);
				if (!l.text.len ||
				    !(hit = memmem(l.text.data, l.text.len, cell, len)))
					continue;
				struct buf was;
				char text[JY_ERR_MSG_BYTES];
				buf_init(&was);
				original_of(&l, (size_t)(hit - l.text.data), len, &was);
				msg_format(text, sizeof(text), M_CP949_LOST, cell, was.data);
				buf_release(&was);
				rc = jy_err_at(err, JY_EINPUT, model_path(m, (enum resource_id)r),
					       t->lines ? t->lines[row] : 0, k + 1,
					       t->def->fields[k].name, "%s", text);
				err->hint = M_HINT_CP949;
			}
	}
	if (built)
		lossy_release(&l);
	return rc;
}
