/*
 * dates.c - the dates of a package, read once (see dates.h).
 */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "facts.h"
#include "model.h"

static void milestones(struct model_dates *md, const struct model *m)
{
	const struct table *t = &m->tables[RES_MILESTONES];
	struct buf key;

	md->n_ms = t->n_rows;
	md->ms = arena_zalloc(&md->arena, sizeof(*md->ms) * (t->n_rows + 1));
	buf_init(&key);
	for (size_t row = 0; row < t->n_rows; row++) {
		struct milestone_date *d = &md->ms[row];
		const char *when = table_get(t, row, "when");
		const char *as_of = table_get(t, row, "status_as_of");
		struct jy_err e;
		buf_reset(&key);
		buf_addf(&key, "%s\x1f%s", table_get(t, row, "node"), table_get(t, row, "seq"));
		strmap_put(&md->ms_index, arena_strdup(&md->arena, key.data), row);
		/* a status date gives the year a "9월" without one belongs to */
		if (!*when || kdate_parse(when, *as_of ? atoi(as_of) : 2000, &d->r, &e))
			continue;
		d->parsed = 1;
		if (d->r.open_start && d->r.open_end)
			continue;
		d->ok = 1;
		d->lo = d->r.open_start ? 0 : kdate_daynum(d->r.start);
		d->hi = d->r.open_end ? 0 : kdate_daynum(d->r.end);
	}
	buf_release(&key);
}

void model_dates_build(struct model_dates *md, const struct model *m, const struct factset *fs)
{
	size_t n_periods = 0;

	memset(md, 0, sizeof(*md));
	arena_init(&md->arena);
	strmap_init(&md->ms_index);
	milestones(md, m);
	STRMAP_FOREACH(&fs->periods.index, slot)
	if (slot->value + 1 > n_periods)
		n_periods = slot->value + 1;
	md->periods = arena_zalloc(&md->arena, sizeof(*md->periods) * (n_periods + 1));
	STRMAP_FOREACH(&fs->periods.index, slot)
	{
		struct iso_date *p = &md->periods[slot->value];
		p->ok = kdate_parse_iso(slot->key, &p->r) == 0;
	}
	md->members = arena_zalloc(&md->arena, sizeof(*md->members) * (fs->n_dims + 1));
	for (size_t i = 0; i < fs->n_dims; i++) {
		const struct dimension_info *di = &fs->dims[i];
		md->members[i] =
			arena_zalloc(&md->arena, sizeof(**md->members) * (di->n_members + 1));
		for (size_t k = 0; k < di->n_members; k++)
			md->members[i][k].ok =
				kdate_parse_iso(di->names[k], &md->members[i][k].r) == 0;
	}
}

void model_dates_release(struct model_dates *md)
{
	strmap_release(&md->ms_index);
	arena_release(&md->arena);
	memset(md, 0, sizeof(*md));
}

long model_dates_milestone(const struct model_dates *md, const char *node, const char *seq)
{
	char key[256];
	size_t row;

	if ((size_t)snprintf(key, sizeof(key), "%s\x1f%s", node, seq) >= sizeof(key) ||
	    !strmap_get(&md->ms_index, key, &row))
		return -1;
	return (long)row;
}
