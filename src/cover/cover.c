/*
 * cover.c - matching the numeric tokens of a report against the package
 * rows sourced to their lines (see cover.h; the rules are in docs/DESIGN.md,
 * "Coverage of the report text").
 *
 * Every row with a source citing the report is a carrier of its lines.
 * Facts carry quantities (their printed token, read as a Korean number, has
 * the token's value and a compatible unit) and, through their period, dates;
 * milestones carry the date in `when`; any row carries a label it prints.
 * A fact or milestone carries one occurrence per line (a figure printed
 * twice on a line needs two facts); a period or a printed label carries all.
 * Matching runs in two passes per line, exact printed strings first, so that
 * "5팀 5팀" and "5" pair with the facts printed the same way.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "base/msg.h"
#include "base/utf8.h"
#include "cover.h"
#include "pkg/csv.h"

/* The report text is a document, not a data set: 64 MiB is far above any. */
#define SEED_BYTES_MAX (64L * 1024 * 1024)

enum carrier_kind { CARRIER_FACT, CARRIER_MILESTONE, CARRIER_ROW };

struct carrier {
	enum carrier_kind kind;
	enum resource_id res;
	size_t row;
	const char *printed; /* facts: printed; milestones: when */
	int has_num, has_period, has_date;
	struct knum num;
	struct kdate_range period;			  /* facts */
	struct kdate_range date;			  /* milestones */
	struct kdate_range coord_dates[JY_FACT_DIMS_MAX]; /* facts: members that are dates */
	int n_coord_dates;
	const char *title; /* milestones and nodes: the title */
	const char *desc;
};

struct line_carriers {
	size_t *idx; /* into ctx.carriers */
	size_t n, cap;
};

struct ctx {
	const struct model *m;
	const struct factset *fs; /* the facts' numbers and dates, read once (model/) */
	struct cover_report *rep;
	struct carrier *carriers;
	size_t n_carriers, cap_carriers;
	struct line_carriers *by_line; /* index = report line (1-based) */
	size_t n_lines;
	size_t cites; /* sources citing the report */
};

/* ---- periods of facts as date ranges -------------------------------------- */

static int same_range(const struct kdate_range *a, const struct kdate_range *b)
{
	if (a->open_start != b->open_start || a->open_end != b->open_end)
		return 0;
	if (!a->open_start && kdate_cmp(a->start, b->start) != 0)
		return 0;
	if (!a->open_end && kdate_cmp(a->end, b->end) != 0)
		return 0;
	return 1;
}

/* "8월말", "’22.9월말": the last day of the month, as an as-of date or a
 * deadline reads (the date parser keeps the month). */
static void month_end(const char *text, struct kdate_range *r)
{
	if (strstr(text, "월말") && !r->open_start && !r->open_end &&
	    r->start.year == r->end.year && r->start.month == r->end.month && r->start.day == 1)
		r->start = r->end;
}

/* ---- carriers -------------------------------------------------------------- */

static const char *row_desc(struct arena *a, const struct table *t, size_t row)
{
	struct buf b;
	const char *k = t->def->primary_key;

	buf_init(&b);
	buf_adds(&b, t->def->name);
	buf_addc(&b, ' ');
	for (int first = 1; *k; first = 0) {
		const char *comma = strchr(k, ',');
		size_t n = comma ? (size_t)(comma - k) : strlen(k);
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)n, k);
		int fi = schema_field_index(t->def, name);
		if (!first)
			buf_addc(&b, '/');
		if (fi >= 0)
			buf_adds(&b, table_cell(t, row, fi));
		k += n + (comma ? 1 : 0);
	}
	char *s = arena_strdup(a, b.data);
	buf_release(&b);
	return s;
}

static const char *fact_desc(struct arena *a, const struct table *t, size_t row)
{
	const char *coords = table_get(t, row, "coords");
	const char *period = table_get(t, row, "period");
	const char *table = table_get(t, row, "table");
	return arena_printf(a, "fact %s{%s}%s%s%s%s%s", table_get(t, row, "measure"), coords,
			    *period ? " @" : "", period, *table ? " [" : "", table,
			    *table ? "]" : "");
}

static void cite(struct ctx *c, size_t carrier, long line)
{
	struct line_carriers *lc;

	c->cites++;
	if (line < 1 || (size_t)line > c->n_lines)
		return;
	lc = &c->by_line[line];
	for (size_t i = 0; i < lc->n; i++)
		if (lc->idx[i] == carrier)
			return; /* "FILE:3;FILE:3" */
	XGROW(lc->idx, lc->cap, lc->n + 1);
	lc->idx[lc->n++] = carrier;
}

/* Calls cite() for every FILE:LINE of source whose FILE is the report's. */
static void cite_source(struct ctx *c, size_t carrier, const char *source)
{
	size_t nl = strlen(c->rep->seed_name);

	struct model_source r;
	for (const char *p = source; p && *p;) {
		p = model_source_next(p, &r);
		if (r.file_len == nl && memcmp(r.file, c->rep->seed_name, nl) == 0)
			cite(c, carrier, r.line);
	}
}

/* What fact row `row` carries, from the factset: its printed number, its
 * period and the members of its coordinates that are dates
 * ("p2-vintage=2021-12"), which it carries as surely as its period. */
static void fact_carrier(const struct ctx *c, struct carrier *k, size_t row)
{
	const struct factset *fs = c->fs;
	const struct fact_info *f;
	const char *unit;
	size_t unit_len;

	/* a validated model has a fact for every row, in row order */
	assert(row < fs->n_facts && fs->facts[row].row == row);
	f = &fs->facts[row];
	if (fact_printed_number(fs, f, &k->num.value, &unit, &unit_len) == 0) {
		k->has_num = 1;
		assert(unit_len < sizeof(k->num.unit));
		memcpy(k->num.unit, unit, unit_len);
		k->num.unit[unit_len] = '\0';
	}
	k->has_period = fs->dates.periods[f->key.period].ok;
	k->period = fs->dates.periods[f->key.period].r;
	const struct measure_info *mi = &fs->measures[f->measure];
	for (int i = 0; i < mi->n_dims; i++) {
		const struct iso_date *d = &fs->dates.members[mi->dim_index[i]][f->key.members[i]];
		if (d->ok)
			k->coord_dates[k->n_coord_dates++] = d->r;
	}
}

static void add_carriers(struct ctx *c)
{
	struct arena *a = &c->rep->arena;

	for (int r = 0; r < RES_COUNT; r++) {
		const struct table *t = &c->m->tables[r];
		int src = schema_field_index(t->def, "source");
		if (src < 0 || r == RES_UNCOVERED || r == RES_RULES)
			continue;
		for (size_t row = 0; row < t->n_rows; row++) {
			const char *source = table_cell(t, row, src);
			struct carrier k;
			if (!*source)
				continue;
			memset(&k, 0, sizeof(k));
			k.res = (enum resource_id)r;
			k.row = row;
			k.kind = CARRIER_ROW;
			if (r == RES_FACTS) {
				k.kind = CARRIER_FACT;
				k.printed = table_get(t, row, "printed");
				fact_carrier(c, &k, row);
				k.desc = fact_desc(a, t, row);
			} else if (r == RES_MILESTONES) {
				const struct milestone_date *d = &c->fs->dates.ms[row];
				k.kind = CARRIER_MILESTONE;
				k.printed = table_get(t, row, "when");
				k.has_date = d->parsed;
				k.date = d->r;
				if (k.has_date)
					month_end(k.printed, &k.date);
				k.title = table_get(t, row, "title");
				k.desc = arena_printf(a, "milestone %s/%s %s",
						      table_get(t, row, "node"),
						      table_get(t, row, "seq"), k.printed);
			} else {
				if (r == RES_NODES)
					k.title = table_get(t, row, "title_ko");
				k.desc = row_desc(a, t, row);
			}
			XGROW(c->carriers, c->cap_carriers, c->n_carriers + 1);
			c->carriers[c->n_carriers] = k;
			cite_source(c, c->n_carriers, source);
			c->n_carriers++;
		}
	}
}

/* ---- matching ----------------------------------------------------------------- */

static int unit_compatible(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* one may have swallowed a particle ("1회에서") or dropped the unit */
	return strncmp(a, b, la < lb ? la : lb) == 0;
}

static int same_number(const struct knum *a, const struct knum *b)
{
	return dec_cmp(a->value, b->value) == 0 && unit_compatible(a->unit, b->unit);
}

static int label_in_row(const struct table *t, size_t row, const char *label)
{
	for (int f = 0; f < t->def->n_fields; f++)
		if (strcmp(t->def->fields[f].name, "source") != 0 &&
		    strstr(table_cell(t, row, f), label))
			return 1;
	return 0;
}

static int year_like(const struct kdate_range *d);

/* The fact's period is the date, or lies within a printed year ("(19) 60.8"
 * under a heading that gives the month). */
static int fact_has_date(const struct carrier *cr, const struct kdate_range *d)
{
	if (cr->has_period && same_range(d, &cr->period))
		return 1;
	if (cr->has_period && d->gran == KDATE_YEAR && !d->is_range && !cr->period.open_start &&
	    !cr->period.open_end && !d->open_start && !d->open_end &&
	    kdate_cmp(cr->period.start, d->start) >= 0 && kdate_cmp(cr->period.end, d->end) <= 0)
		return 1;
	for (int i = 0; i < cr->n_coord_dates; i++)
		if (same_range(d, &cr->coord_dates[i]))
			return 1;
	return 0;
}

/* A year, a half or a quarter (or a range of them), not a month or a day:
 * "’22년", "’22년 하반기", "’23~’26", "3분기". Printed in the title of a
 * milestone or a node, such a date names what the row is about (the 2022
 * survey) rather than when it happens, which the row's own date says. */
static int year_like(const struct kdate_range *d)
{
	return d->gran == KDATE_YEAR || d->gran == KDATE_HALF || d->gran == KDATE_QUARTER;
}

struct tok_state {
	char *text;		  /* the token as printed (NUL-terminated) */
	const char *by;		  /* carrier description, NULL while uncovered */
	const struct carrier *cr; /* the carrier */
	enum cover_via via;
};

/* Pass 1 (exact) pairs a quantity with a fact printed the same way;
 * pass 2 with one of the same value, a date with a milestone, a period or
 * a fact; a label with a row that prints it. */
static void match_line(struct ctx *c, long line, const struct cover_tokens *toks,
		       struct tok_state *st, unsigned char *used)
{
	const struct line_carriers *lc = &c->by_line[line];

	for (int pass = 1; pass <= 2; pass++) {
		for (size_t i = 0; i < toks->n; i++) {
			const struct cover_token *t = &toks->v[i];
			if (st[i].by)
				continue;
			for (size_t k = 0; k < lc->n && !st[i].by; k++) {
				struct carrier *cr = &c->carriers[lc->idx[k]];
				int consume = 0, hit = 0;

				if (cr->kind == CARRIER_FACT && !used[lc->idx[k]] &&
				    t->cls != COVER_DATE) {
					if (pass == 1)
						hit = strcmp(cr->printed, st[i].text) == 0;
					else if (cr->has_num)
						hit = (t->has_num &&
						       same_number(&t->num, &cr->num)) ||
						      (t->has_num2 &&
						       same_number(&t->num2, &cr->num));
					consume = hit;
				}
				if (pass == 2 && !hit && t->has_date &&
				    (t->cls == COVER_DATE || t->cls == COVER_QTY)) {
					struct kdate_range td = t->date;
					month_end(st[i].text, &td);
					if (cr->kind == CARRIER_MILESTONE && !used[lc->idx[k]] &&
					    cr->has_date && same_range(&td, &cr->date))
						hit = consume = 1;
					else if (t->cls == COVER_DATE && cr->kind == CARRIER_FACT &&
						 fact_has_date(cr, &td))
						hit = 1;
					else if (t->cls == COVER_DATE && cr->title &&
						 year_like(&td) && strstr(cr->title, st[i].text))
						hit = 1;
				}
				if (pass == 2 && !hit && t->cls == COVER_LABEL)
					hit = label_in_row(&c->m->tables[cr->res], cr->row,
							   st[i].text);
				if (!hit)
					continue;
				if (consume)
					used[lc->idx[k]] = 1;
				st[i].cr = cr;
				st[i].via =
					cr->kind == CARRIER_FACT && t->cls == COVER_DATE && !consume
						? COVER_VIA_PERIOD
					: t->cls == COVER_DATE && !consume ? COVER_VIA_TITLE
									   : COVER_VIA_ROW;
				st[i].by =
					cr->kind == CARRIER_FACT && t->cls == COVER_DATE && !consume
						? arena_printf(&c->rep->arena, "period of %s",
							       cr->desc)
					: t->cls == COVER_DATE && !consume
						? arena_printf(&c->rep->arena, "title of %s",
							       cr->desc)
						: cr->desc;
			}
		}
		/* a date no date carries may still be a fact's figure ("6월") */
		if (pass == 2)
			for (size_t i = 0; i < toks->n; i++) {
				const struct cover_token *t = &toks->v[i];
				for (size_t k = 0; k < lc->n && !st[i].by && t->has_num; k++) {
					struct carrier *cr = &c->carriers[lc->idx[k]];
					if (cr->kind == CARRIER_FACT && !used[lc->idx[k]] &&
					    cr->has_num && same_number(&t->num, &cr->num)) {
						used[lc->idx[k]] = 1;
						st[i].by = cr->desc;
						st[i].cr = cr;
						st[i].via = COVER_VIA_ROW;
					}
				}
			}
	}
}

/* ---- reasons ------------------------------------------------------------------ */

struct reason {
	long line;
	const char *token, *category, *reason;
	long row_line;
	const char *source;
	int used;
};

static size_t load_reasons(struct ctx *c, struct reason **out)
{
	const struct table *t = &c->m->tables[RES_UNCOVERED];
	struct reason *v = NULL;
	size_t n = 0, cap = 0, nl = strlen(c->rep->seed_name);

	for (size_t row = 0; row < t->n_rows; row++) {
		const char *source = table_get(t, row, "source");
		struct model_source r;
		for (const char *p = source; p && *p;) {
			p = model_source_next(p, &r);
			if (r.file_len == nl && memcmp(r.file, c->rep->seed_name, nl) == 0) {
				XGROW(v, cap, n + 1);
				v[n++] = (struct reason){r.line,
							 table_get(t, row, "token"),
							 table_get(t, row, "category"),
							 table_get(t, row, "reason"),
							 t->lines[row],
							 source,
							 0};
			}
		}
	}
	*out = v;
	return n;
}

/* ---- entry points --------------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int report_year(const struct model *m)
{
	const struct table *t = &m->tables[RES_MILESTONES];
	for (size_t row = 0; row < t->n_rows; row++) {
		const char *as_of = table_get(t, row, "status_as_of");
		if (*as_of)
			return atoi(as_of);
	}
	return 2000;
}

static void add_item(struct cover_report *rep, const struct cover_item *it)
{
	XGROW(rep->items, rep->cap_items, rep->n_items + 1);
	rep->items[rep->n_items++] = *it;
}

int cover_run(const struct model *m, const struct factset *fs, const char *seed_path,
	      struct cover_report *rep, struct jy_err *err)
{
	struct buf text, nfc;
	struct stat sb;
	struct ctx c;
	struct reason *reasons = NULL;
	size_t n_reasons, bad, i;
	int year = report_year(m), rc = 0;

	memset(rep, 0, sizeof(*rep));
	arena_init(&rep->arena);
	if (stat(seed_path, &sb) != 0)
		return jy_err_msg(err, JY_ENOTFOUND, seed_path, 0, 0, NULL, M_SEED_MISSING);
	if (!S_ISREG(sb.st_mode))
		return jy_err_msg(err, JY_EINPUT, seed_path, 0, 0, NULL, M_SEED_NOT_FILE);
	buf_init(&text);
	if ((rc = file_read_all(seed_path, SEED_BYTES_MAX, &text, err))) {
		buf_release(&text);
		return rc;
	}
	if (!utf8_valid(text.data, text.len, &bad)) {
		long line = 1, col = 1;
		for (i = 0; i < bad; i++, col++)
			if (text.data[i] == '\n')
				line++, col = 0;
		buf_release(&text);
		return jy_err_msg(err, JY_EINPUT, seed_path, line, col, NULL, M_SEED_NOT_UTF8);
	}
	if (memchr(text.data, '\0', text.len)) {
		buf_release(&text);
		return jy_err_msg(err, JY_EINPUT, seed_path, 0, 0, NULL, M_SEED_NUL);
	}
	rep->seed_name = arena_strdup(&rep->arena, base_name(seed_path));

	memset(&c, 0, sizeof(c));
	c.m = m;
	c.fs = fs;
	c.rep = rep;
	c.n_lines = 0;
	for (i = 0; i < text.len; i++)
		c.n_lines += text.data[i] == '\n';
	if (text.len && text.data[text.len - 1] != '\n')
		c.n_lines++;
	c.by_line = xcalloc(c.n_lines + 1, sizeof(*c.by_line));
	add_carriers(&c);
	if (!c.cites) {
		rc = jy_err_msg(err, JY_EINPUT, seed_path, 0, 0, NULL, M_SEED_UNCITED,
				rep->seed_name);
		goto out;
	}
	n_reasons = load_reasons(&c, &reasons);

	buf_init(&nfc);
	unsigned char *used = xcalloc(c.n_carriers + 1, 1);
	struct cover_tokens toks;
	cover_tokens_init(&toks);
	const char *p = text.data, *end = text.data + text.len;
	for (long line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *raw = p; /* the line, NFC when it is valid UTF-8 */
		size_t raw_len = len;
		struct jy_err e;

		if (raw_len && raw[raw_len - 1] == '\r')
			raw_len--;
		if (utf8_nfc_n(p, raw_len, &nfc, &e) == 0) {
			raw = nfc.data;
			raw_len = nfc.len;
		}
		toks.n = 0;
		cover_tokenize(raw, raw_len, year, &toks);
		struct tok_state *st = xcalloc(toks.n + 1, sizeof(*st));
		for (i = 0; i < toks.n; i++)
			st[i].text = arena_strndup(&rep->arena, raw + toks.v[i].off, toks.v[i].len);
		match_line(&c, line, &toks, st, used);
		for (i = 0; i < toks.n; i++) {
			struct cover_item it = {.line = line,
						.token = st[i].text,
						.cls = toks.v[i].cls,
						.label = toks.v[i].label,
						.status = COVER_COVERED,
						.by = st[i].by};
			if (st[i].cr) {
				it.by_res = st[i].cr->res;
				it.by_row = st[i].cr->row;
				it.by_via = st[i].via;
			}
			if (!it.by) {
				it.status = COVER_MISSING;
				for (size_t r = 0; r < n_reasons; r++)
					if (reasons[r].line == line &&
					    strcmp(reasons[r].token, it.token) == 0) {
						it.status = COVER_EXPLAINED;
						it.category = reasons[r].category;
						it.reason = reasons[r].reason;
						reasons[r].used = 1;
						break;
					}
			}
			if (it.status == COVER_COVERED)
				rep->covered++;
			else if (it.status == COVER_EXPLAINED)
				rep->explained++;
			else
				rep->missing++;
			add_item(rep, &it);
		}
		free(st);
		rep->lines++;
		p = nl ? nl + 1 : end;
	}
	for (size_t r = 0; r < n_reasons; r++)
		if (!reasons[r].used) {
			XGROW(rep->unused, rep->cap_unused, rep->n_unused + 1);
			rep->unused[rep->n_unused++] = (struct cover_unused){
				reasons[r].row_line, reasons[r].source, reasons[r].token};
		}
	cover_tokens_release(&toks);
	free(used);
	buf_release(&nfc);
out:
	free(reasons);
	for (i = 0; i <= c.n_lines; i++)
		free(c.by_line[i].idx);
	free(c.by_line);
	free(c.carriers);
	buf_release(&text);
	return rc;
}

void cover_report_release(struct cover_report *rep)
{
	free(rep->items);
	free(rep->unused);
	arena_release(&rep->arena);
	memset(rep, 0, sizeof(*rep));
}

long cover_share_permille(const struct cover_report *rep)
{
	size_t total = rep->covered + rep->explained + rep->missing;
	if (!total)
		return 1000;
	return (long)(rep->covered * 1000 / total);
}
