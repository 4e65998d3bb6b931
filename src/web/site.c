/*
 * site.c - everything `jipyo serve` reads, computed once (see site.h).
 *
 * The dashboard reads three measures of the package by id: the execution
 * rate of the budget table and the authorized and current head counts of
 * the staffing table (their totals by job class). A package without them
 * shows the dashboard without those charts.
 */
#include "site.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "model/image.h"
#include "render/report.h"
#include "store/status.h"

static const char *const MEASURE_RATE = "expenditure_rate";
static const char *const MEASURE_AUTHORIZED = "authorized";
static const char *const MEASURE_CURRENT = "current";

long site_unit_row(const struct site *s, const char *id)
{
	const struct table *t = &s->m.tables[RES_UNITS];
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_cell(t, r, 0), id) == 0)
			return (long)r;
	return -1;
}

long site_node_row(const struct site *s, const char *id)
{
	const struct table *t = &s->m.tables[RES_NODES];
	for (size_t r = 0; r < t->n_rows; r++)
		if (strcmp(table_cell(t, r, 0), id) == 0)
			return (long)r;
	return -1;
}

long site_outline_node(const struct site *s, const char *id)
{
	for (size_t i = 0; i < s->o.n_nodes; i++)
		if (strcmp(s->o.nodes[i].id, id) == 0)
			return (long)i;
	return -1;
}

const char *site_node_owner(const struct site *s, const char *node)
{
	const struct table *t = &s->m.tables[RES_NODES];
	const char *n = node;
	for (size_t steps = 0; n && *n && steps <= t->n_rows; steps++) {
		long r = site_node_row(s, n);
		if (r < 0)
			return NULL;
		const char *owner = table_get(t, (size_t)r, "owner");
		if (*owner)
			return owner;
		n = table_get(t, (size_t)r, "parent");
	}
	return NULL;
}

const char *site_fact_unit(const struct site *s, size_t fact, const char **node)
{
	const struct factset *fs = &s->res.fs;
	const struct fact_info *f = &fs->facts[fact];
	const struct measure_info *mi = &fs->measures[f->measure];
	const char *unit = NULL;

	*node = NULL;
	for (int k = 0; k < mi->n_dims; k++) {
		int from = fs->dims[mi->dim_index[k]].members_from;
		if (from == 1)
			unit = fact_member(fs, f, k);
		else if (from == 2)
			*node = fact_member(fs, f, k);
	}
	if (!unit && *node)
		unit = site_node_owner(s, *node);
	return unit;
}

static int keep_status(void *ctx, const struct finding_status *v)
{
	struct site *s = ctx;
	if (s->n_statuses % 64 == 0)
		s->statuses = xrealloc(s->statuses, (s->n_statuses + 64) * sizeof(*s->statuses));
	s->statuses[s->n_statuses++] = (struct site_status){arena_strdup(&s->arena, v->rule),
							    arena_strdup(&s->arena, v->target),
							    arena_strdup(&s->arena, v->status),
							    arena_strdup(&s->arena, v->reason),
							    arena_strdup(&s->arena, v->by),
							    arena_strdup(&s->arena, v->at),
							    v->revision};
	return 0;
}

int site_read_store(struct site *s, struct store *st, struct jy_err *err)
{
	int rc = store_revision(st, &s->revision, err);
	if (!rc)
		rc = status_list(st, keep_status, s, err);
	snprintf(s->etag, sizeof(s->etag), "\"%ld\"", s->revision);
	return rc;
}

/* The fact of measure at unit (and job_class total when the measure has
 * it): the first listed. */
static long unit_fact(const struct site *s, int measure, const char *unit)
{
	const struct factset *fs = &s->res.fs;
	const struct measure_info *mi = &fs->measures[measure];

	for (size_t i = 0; i < mi->n_facts; i++) {
		const struct fact_info *f = &fs->facts[mi->facts[i]];
		int ok = 1, has_unit = 0;
		for (int k = 0; k < mi->n_dims && ok; k++) {
			const struct dimension_info *d = &fs->dims[mi->dim_index[k]];
			const char *mem = fact_member(fs, f, k);
			if (d->members_from == 1)
				ok = strcmp(mem, unit) == 0, has_unit = 1;
			else if (d->parents && d->parents[f->key.members[k]] != FS_NONE)
				ok = 0; /* not the total of that dimension */
		}
		if (ok && has_unit)
			return (long)mi->facts[i];
	}
	return -1;
}

static void divisions_build(struct site *s)
{
	const struct table *u = &s->m.tables[RES_UNITS];
	const struct factset *fs = &s->res.fs;
	int rate = factset_measure(fs, MEASURE_RATE), aut = factset_measure(fs, MEASURE_AUTHORIZED),
	    cur = factset_measure(fs, MEASURE_CURRENT);

	s->divs = xcalloc(u->n_rows ? u->n_rows : 1, sizeof(*s->divs));
	for (size_t r = 0; r < u->n_rows; r++) {
		const char *kind = table_get(u, r, "kind");
		/* the office and its divisions: what the report's tables list by unit */
		if (strcmp(kind, "division") != 0 && strcmp(kind, "office") != 0)
			continue;
		struct site_division *d = &s->divs[s->n_divs++];
		d->unit_row = r;
		d->id = table_get(u, r, "id");
		d->name_ko = table_get(u, r, "name_ko");
		d->name_en = table_get(u, r, "name_en");
		d->kind = kind;
		long f = rate >= 0 ? unit_fact(s, rate, d->id) : -1;
		if (f >= 0) {
			const struct fact_info *fi = &fs->facts[f];
			d->has_rate = 1;
			d->rate = dec_to_double(fi->value);
			d->rate_printed = fact_printed(fs, fi);
			if (!s->data_date[0])
				snprintf(s->data_date, sizeof(s->data_date), "%s",
					 fact_period(fs, fi));
		}
		long fa = aut >= 0 ? unit_fact(s, aut, d->id) : -1;
		long fc = cur >= 0 ? unit_fact(s, cur, d->id) : -1;
		if (fa >= 0 && fc >= 0) {
			d->has_staff = 1;
			d->authorized = dec_to_double(fs->facts[fa].value);
			d->current = dec_to_double(fs->facts[fc].value);
			d->authorized_printed = fact_printed(fs, &fs->facts[fa]);
			d->current_printed = fact_printed(fs, &fs->facts[fc]);
		}
	}
	const struct table *ms = &s->m.tables[RES_MILESTONES];
	int col = schema_field_index(ms->def, "status_as_of");
	s->as_of = s->data_date;
	for (size_t r = 0; col >= 0 && r < ms->n_rows; r++) {
		const char *d = table_cell(ms, r, col);
		if (strlen(d) == 10 && strcmp(d, s->as_of) > 0)
			s->as_of = d;
	}
	struct kdate_range r;
	if (s->data_date[0] && kdate_parse_iso(s->data_date, &r) == 0) {
		struct kdate jan1 = {r.start.year, 1, 1}, next = {r.start.year + 1, 1, 1};
		long day = kdate_daynum(r.start) - kdate_daynum(jan1) + 1;
		s->year_share = (double)day / (double)(kdate_daynum(next) - kdate_daynum(jan1));
	}
}

const struct buf *site_node_html(struct site *s, size_t oi)
{
	assert(oi < s->o.n_nodes);
	pthread_mutex_lock(&s->render_lock);
	if (!s->node_html[oi].data) {
		buf_init(&s->node_html[oi]);
		report_html_node(&s->o, oi, &s->node_html[oi]);
	}
	pthread_mutex_unlock(&s->render_lock);
	return &s->node_html[oi];
}

const struct buf *site_report(struct site *s, int html)
{
	struct buf *b = html ? &s->report_html : &s->report_md;
	pthread_mutex_lock(&s->render_lock);
	if (!b->len) {
		if (html)
			report_html(&s->m, &s->res, NULL, b);
		else
			report_markdown(&s->m, &s->res, NULL, b);
	}
	pthread_mutex_unlock(&s->render_lock);
	return b;
}

struct site_cache_entry *site_cache_get(struct site *s, const char *key)
{
	size_t i;
	pthread_mutex_lock(&s->cache_lock);
	int hit = strmap_get(&s->cache_index, key, &i);
	pthread_mutex_unlock(&s->cache_lock);
	return hit ? &s->cache[i] : NULL;
}

void site_cache_put(struct site *s, const char *key, const char *body, size_t len,
		    const char *ctype)
{
	size_t i;
	pthread_mutex_lock(&s->cache_lock);
	if (!strmap_get(&s->cache_index, key, &i) && s->n_cache < JY_SITE_CACHE_MAX &&
	    s->cache_bytes + len <= JY_SITE_CACHE_BYTES_MAX) {
		struct site_cache_entry *e = &s->cache[s->n_cache];
		e->key = xstrdup(key);
		e->body = xmalloc(len + 1);
		memcpy(e->body, body, len);
		e->body[len] = 0;
		e->len = len;
		e->ctype = ctype;
		s->cache_bytes += len;
		strmap_put(&s->cache_index, e->key, s->n_cache++);
	}
	pthread_mutex_unlock(&s->cache_lock);
}

void site_init(struct site *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->render_lock, NULL);
	pthread_mutex_init(&s->cache_lock, NULL);
	strmap_init(&s->cache_index);
	s->cache = xcalloc(JY_SITE_CACHE_MAX, sizeof(*s->cache));
	model_init(&s->m);
	arena_init(&s->arena);
	buf_init(&s->report_md);
	buf_init(&s->report_html);
}

int site_build(struct site *s, struct factset *fs, FILE *diag, struct jy_err *err)
{
	int rc = check_run(&s->m, fs, &s->res, diag, err);
	if (rc)
		return rc;
	site_build_checked(s);
	return 0;
}

int site_build_from(struct site *s, const struct model *m, const struct check_result *res,
		    struct jy_err *err)
{
	/* the model and its facts copied through their image (what a reader
	 * of the store maps), the findings copied with their strings */
	struct image_plan *p = image_plan(m, &res->fs);
	size_t len = image_plan_size(p);
	void *data = arena_alloc(&s->m.arena, len);
	image_plan_write(p, data);
	image_plan_release(p);
	arena_init(&s->res.arena);
	int rc = image_read(data, len, &s->m, &s->res.fs, err);
	if (rc)
		return rc;
	check_result_copy(&s->res, res);
	site_build_checked(s);
	return 0;
}

void site_build_checked(struct site *s)
{
	s->built = 1;
	outline_build(&s->o, &s->m, &s->res);
	s->node_html = xcalloc(s->o.n_nodes + 1, sizeof(*s->node_html));
	divisions_build(s);
	site_findings_build(s);
	/* the reports are rendered when first asked for (site_report): most
	 * sites a write makes are never asked */
}

void site_release(struct site *s)
{
	buf_release(&s->report_md);
	buf_release(&s->report_html);
	free(s->divs);
	free(s->findings);
	for (size_t i = 0; s->node_html && i < s->o.n_nodes; i++)
		if (s->node_html[i].data)
			buf_release(&s->node_html[i]);
	free(s->node_html);
	if (s->built)
		outline_release(&s->o);
	check_result_release(&s->res);
	model_release(&s->m);
	free(s->statuses);
	arena_release(&s->arena);
	for (size_t i = 0; i < s->n_cache; i++) {
		free(s->cache[i].key);
		free(s->cache[i].body);
	}
	free(s->cache);
	strmap_release(&s->cache_index);
	pthread_mutex_destroy(&s->cache_lock);
	pthread_mutex_destroy(&s->render_lock);
}
