/*
 * validate.c - model_validate: everything a package must satisfy before it
 * is stored (see model.h). Cell types, keys and references here; fact
 * semantics in facts.c; milestones' dates and rules' expressions below.
 */
#include <assert.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "base/par.h"
#include "facts.h"
#include "model.h"
#include "rule/expr.h"

static int id_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > JY_ID_BYTES_MAX)
		return 0;
	if (!(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
		      s[i] == '_'))
			return 0;
	return 1;
}

static int int_valid(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s || strlen(s) > 9)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int enum_valid(const char *values, const char *s)
{
	size_t n = strlen(s);
	while (*values) {
		const char *bar = strchr(values, '|');
		size_t len = bar ? (size_t)(bar - values) : strlen(values);
		if (len == n && strncmp(values, s, n) == 0)
			return 1;
		values += len + (bar ? 1 : 0);
	}
	return 0;
}

/* FILE:LINE[;FILE:LINE…] */
/* A spreadsheet's cell, "budget.xlsx!C5" (jipyo table import): the length
 * of the entry at s when it is one, else 0. */
static size_t cell_source(const char *s)
{
	const char *bang = strchr(s, '!'), *semi = strchr(s, ';'), *p;
	if (!bang || bang == s || (semi && semi < bang))
		return 0;
	for (p = bang + 1; *p >= 'A' && *p <= 'Z'; p++)
		;
	if (p == bang + 1 || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0' || *p == ';' ? (size_t)(p - s) : 0;
}

static int source_valid(const char *s)
{
	while (*s) {
		size_t cell = cell_source(s);
		if (cell && s[cell] == '\0')
			return 1;
		if (cell && s[cell + 1]) {
			s += cell + 1;
			continue;
		}
		const char *colon = strchr(s, ':');
		const char *semi = strchr(s, ';');
		if (!colon || colon == s || (semi && semi < colon))
			return 0;
		const char *p = colon + 1;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 1;
		if (*p != ';' || !p[1])
			return 0;
		s = p + 1;
	}
	return 0;
}

/* The first FILE:LINE of a valid source s whose LINE is past the end of a
 * document of m (m->docs): 1, with that document and the line; else 0. */
static int source_past_end(const struct model *m, const char *s, const struct model_doc **doc,
			   long *line)
{
	while (m->n_docs && *s) {
		const char *semi = strchr(s, ';'), *colon = strchr(s, ':');
		size_t cell = cell_source(s);
		if (!cell && colon && (!semi || colon < semi)) {
			*line = strtol(colon + 1, NULL, 10);
			for (size_t i = 0; i < m->n_docs; i++) {
				const struct model_doc *d = &m->docs[i];
				if (strlen(d->name) == (size_t)(colon - s) &&
				    !memcmp(d->name, s, (size_t)(colon - s)) && *line > d->lines) {
					*doc = d;
					return 1;
				}
			}
		}
		if (!semi)
			break;
		s = semi + 1;
	}
	return 0;
}

static int isodate_valid(const char *s)
{
	struct kdate_range r;
	/* one day: "2022..2023" has ten characters too */
	return strlen(s) == 10 && kdate_parse_iso(s, &r) == 0 && !r.is_range;
}

/* What the checks share: the file name of each resource for messages, and
 * the keys of each resource (the targets of references). */
struct vctx {
	struct model *m;
	const char *files[RES_COUNT];
	struct strmap keys[RES_COUNT];
	struct arena key_arenas[RES_COUNT]; /* the joined keys, one arena per resource */
};

static void vctx_init(struct vctx *v, struct model *m)
{
	v->m = m;
	for (int r = 0; r < RES_COUNT; r++) {
		v->files[r] = model_path(m, (enum resource_id)r);
		strmap_init(&v->keys[r]);
		arena_init(&v->key_arenas[r]);
	}
}

static void vctx_release_keys(struct vctx *v)
{
	for (int r = 0; r < RES_COUNT; r++) {
		strmap_release(&v->keys[r]);
		arena_release(&v->key_arenas[r]);
	}
}

/* "2024-05-01T09:30:00Z": a moment in UTC, to the second. */
static int utc_time_valid(const char *s)
{
	struct kdate_range r;
	char day[11];
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' || s[13] != ':' || s[16] != ':')
		return 0;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && !isdigit((unsigned char)s[i]))
			return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return isodate_valid(day) && atoi(s + 11) < 24 && atoi(s + 14) < 60 && atoi(s + 17) < 60 &&
	       kdate_parse_iso(day, &r) == 0;
}

/* A fact is printed (a source) or entered (by, at, revision; no source),
 * never both nor half of either (docs/DATA.md, "provenance"). */
static void check_provenance(const struct table *t, size_t row, const char *file, struct diag *d)
{
	static const char *const cols[] = {"entered_by", "entered_at", "entered_revision"};
	int source = schema_field_index(t->def, "source");
	int filled = 0;

	for (int i = 0; i < 3; i++)
		filled += *table_get(t, row, cols[i]) != '\0';
	if (filled == 0)
		return;
	for (int i = 0; i < 3; i++)
		if (!*table_get(t, row, cols[i]))
			diag_msg(d, NULL, file, t->lines[row],
				 schema_field_index(t->def, cols[i]) + 1, cols[i], M_ENTERED_NEEDS);
	if (*table_cell(t, row, source))
		diag_msg(d, NULL, file, t->lines[row], source + 1, "source", M_ENTERED_SOURCE);
	const char *at = table_get(t, row, "entered_at");
	if (*at && !utc_time_valid(at))
		diag_msg(d, NULL, file, t->lines[row], schema_field_index(t->def, "entered_at") + 1,
			 "entered_at", M_NOT_UTC, at);
}

/* Rows [from, to) of resource r (to is clamped to the table). */
static void check_cells(struct vctx *vc, enum resource_id r, size_t from, size_t to, struct diag *d)
{
	const struct table *t = &vc->m->tables[r];
	const char *file = vc->files[r];
	int by = r == RES_FACTS ? schema_field_index(t->def, "entered_by") : -1;
	/* the provenance columns lie side by side (schema.c) */
	assert(by < 0 || (schema_field_index(t->def, "entered_at") == by + 1 &&
			  schema_field_index(t->def, "entered_revision") == by + 2));

	for (size_t row = from; row < to && row < t->n_rows; row++) {
		int entered = by >= 0 && *table_cell(t, row, by);
		for (int i = 0; i < t->def->n_fields; i++) {
			const struct field_def *f = &t->def->fields[i];
			const char *v = table_cell(t, row, i);
			struct jy_err e;
			struct dec dv;
			if (!*v) {
				if (f->required == FIELD_REQUIRED ||
				    (f->required == FIELD_REQUIRED_PRINTED && !entered))
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_REQUIRED_MISSING);
				continue;
			}
			switch (f->type) {
			case FT_ID:
				if (!id_valid(v))
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_NOT_ID, v, JY_ID_BYTES_MAX);
				break;
			case FT_INT:
				if (!int_valid(v))
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_NOT_INTEGER, v);
				break;
			case FT_DEC:
				if (dec_parse(v, &dv, &e))
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_NOT_PLAIN_DECIMAL, v, e.msg);
				else if (dec_digits(dv) > JY_VALUE_DIGITS_MAX)
					diag_msg(d, "value-digits", file, t->lines[row], i + 1,
						 f->name, M_VALUE_DIGITS, v, JY_VALUE_DIGITS_MAX);
				break;
			case FT_ENUM:
				if (!enum_valid(f->values, v))
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_NOT_ENUM, v, f->values);
				break;
			case FT_SOURCE:
				if (!source_valid(v)) {
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_NOT_SOURCE, v);
				} else {
					const struct model_doc *doc;
					long line;
					if (source_past_end(vc->m, v, &doc, &line))
						diag_msg(d, NULL, file, t->lines[row], i + 1,
							 f->name, M_SOURCE_PAST_END, line,
							 doc->name, doc->lines);
				}
				break;
			case FT_ISODATE:
				if (!isodate_valid(v))
					diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
						 M_NOT_ISODATE, v);
				break;
			case FT_TEXT:
				break;
			}
		}
		if (r == RES_FACTS &&
		    (entered || *table_cell(t, row, by + 1) || *table_cell(t, row, by + 2)))
			check_provenance(t, row, file, d);
	}
}

int model_validate_cells(struct model *m, enum resource_id r, size_t row, struct diag *d)
{
	struct vctx vc = {.m = m};
	int before = d->count;

	vc.files[r] = model_path(m, r);
	check_cells(&vc, r, row, row + 1, d);
	return d->count - before;
}

/* The columns of a resource's primary key ("unit,seq": 0 and 2); returns
 * how many. */
static int key_columns(const struct resource_def *def, int cols[JY_CSV_COLUMNS_MAX])
{
	int n = 0;
	for (const char *k = def->primary_key; *k;) {
		size_t len = strcspn(k, ",");
		for (int i = 0; i < def->n_fields; i++)
			if (strlen(def->fields[i].name) == len &&
			    memcmp(def->fields[i].name, k, len) == 0)
				cols[n++] = i;
		k += len + (k[len] == ',');
	}
	return n;
}

/* Joins the primary key cells of a row with \x1f, into the arena. */
static const char *row_key(struct arena *a, const struct table *t, size_t row, const int *cols,
			   int n_cols)
{
	if (n_cols == 1)
		return table_cell(t, row, cols[0]);
	size_t len = 0;
	for (int i = 0; i < n_cols; i++)
		len += strlen(table_cell(t, row, cols[i])) + 1;
	char *out = arena_bytes(a, len), *p = out;
	for (int i = 0; i < n_cols; i++) {
		const char *c = table_cell(t, row, cols[i]);
		size_t n = strlen(c);
		if (i)
			*p++ = '\x1f';
		memcpy(p, c, n);
		p += n;
	}
	*p = '\0';
	return out;
}

static void check_keys(struct vctx *v, enum resource_id r, struct diag *d)
{
	const struct table *t = &v->m->tables[r];
	struct strmap *keys = &v->keys[r];

	if (r == RES_FACTS)
		return; /* facts.c checks fact keys with their parsed coordinates */
	int cols[JY_CSV_COLUMNS_MAX], n_cols = key_columns(t->def, cols);
	strmap_reserve(keys, t->n_rows);
	for (size_t row = 0; row < t->n_rows; row++) {
		size_t other;
		const char *key = row_key(&v->key_arenas[r], t, row, cols, n_cols);
		if (!strmap_add(keys, key, row, &other))
			diag_msg(d, NULL, v->files[r], t->lines[row], 1, NULL, M_DUPLICATE_KEY,
				 t->def->primary_key, t->lines[other]);
	}
}

/* References of rows [from, to) of resource r. */
static void check_refs(struct vctx *v, enum resource_id r, size_t from, size_t to, struct diag *d)
{
	const struct table *t = &v->m->tables[r];
	const struct strmap *keys = v->keys;
	const char *file = v->files[r];

	if (to > t->n_rows)
		to = t->n_rows;
	for (int i = 0; i < t->def->n_fields; i++) {
		const struct field_def *f = &t->def->fields[i];
		if (!f->ref)
			continue;
		const char *dot = strchr(f->ref, '.');
		enum resource_id target = RES_COUNT;
		for (int k = 0; k < RES_COUNT; k++)
			if (strncmp(schema_resources[k].name, f->ref, (size_t)(dot - f->ref)) ==
				    0 &&
			    schema_resources[k].name[dot - f->ref] == '\0')
				target = (enum resource_id)k;
		if (target == RES_COUNT)
			continue;
		for (size_t row = from; row < to; row++) {
			const char *val = table_cell(t, row, i);
			if (*val && !strmap_get(&keys[target], val, NULL))
				diag_msg(d, NULL, file, t->lines[row], i + 1, f->name,
					 M_UNKNOWN_REF, schema_resources[target].name, val);
		}
	}
	/* A fact's table is a row of tables.csv when the package has one (a
	 * package without it names its tables by id alone). */
	int tcol = r == RES_FACTS ? schema_field_index(t->def, "table") : -1;
	for (size_t row = from; tcol >= 0 && v->m->tables[RES_TABLES].n_rows && row < to; row++) {
		const char *val = table_cell(t, row, tcol);
		if (*val && !strmap_get(&keys[RES_TABLES], val, NULL))
			diag_msg(d, NULL, file, t->lines[row], tcol + 1, "table", M_UNKNOWN_TABLE,
				 val);
	}
	/* Members' parents are members of the same dimension. */
	if (r == RES_MEMBERS) {
		for (size_t row = from; row < to; row++) {
			const char *parent = table_get(t, row, "parent");
			if (!*parent)
				continue;
			struct buf k;
			buf_init(&k);
			buf_adds(&k, table_get(t, row, "dimension"));
			buf_addc(&k, '\x1f');
			buf_adds(&k, parent);
			if (!strmap_get(&keys[RES_MEMBERS], k.data, NULL))
				diag_msg(d, NULL, file, t->lines[row],
					 schema_field_index(t->def, "parent") + 1, "parent",
					 M_UNKNOWN_MEMBER, parent, table_get(t, row, "dimension"));
			buf_release(&k);
		}
	}
}

/* The row of row's parent in units, nodes or members, or -1 (none, or an
 * unknown one: check_refs says so). */
static long parent_row(struct vctx *v, enum resource_id r, size_t row, struct buf *k)
{
	const struct table *t = &v->m->tables[r];
	const char *parent = table_get(t, row, "parent");
	size_t other;

	if (!*parent)
		return -1;
	buf_reset(k);
	if (r == RES_MEMBERS) {
		buf_adds(k, table_get(t, row, "dimension"));
		buf_addc(k, '\x1f');
	}
	buf_adds(k, parent);
	return strmap_get(&v->keys[r], k->data, &other) ? (long)other : -1;
}

/* A parent chain that comes back to where it started (a self-parent is the
 * shortest) would make every walk up the hierarchy endless: each cycle is
 * reported once, at its first row, naming its members in order. One pass:
 * rows are unseen (0), on the walk in progress (1) or done (2). */
static void check_parents(struct vctx *v, enum resource_id r, struct diag *d)
{
	const struct table *t = &v->m->tables[r];
	unsigned char *state = xcalloc(t->n_rows + 1, 1);
	size_t *path = xmalloc(sizeof(*path) * (t->n_rows + 1));
	int col = schema_field_index(t->def, "parent") + 1;
	struct buf k, msg;

	buf_init(&k);
	buf_init(&msg);
	for (size_t start = 0; start < t->n_rows; start++) {
		size_t n = 0;
		long x = (long)start;
		while (x >= 0 && state[x] == 0) {
			state[x] = 1;
			path[n++] = (size_t)x;
			x = parent_row(v, r, (size_t)x, &k);
		}
		if (x >= 0 && state[x] == 1) { /* back on this walk: a cycle from x */
			size_t from = 0, first;
			while (path[from] != (size_t)x)
				from++;
			first = path[from];
			for (size_t i = from; i < n; i++)
				if (path[i] < first)
					first = path[i];
			buf_reset(&msg);
			for (size_t i = from; i < n; i++)
				buf_addf(&msg, "%s → ", table_get(t, path[i], "id"));
			buf_adds(&msg, table_get(t, (size_t)x, "id"));
			if (n - from == 1)
				diag_msg(d, "parent-cycle", v->files[r], t->lines[first], col,
					 "parent", M_OWN_PARENT, table_get(t, first, "id"));
			else
				diag_msg(d, "parent-cycle", v->files[r], t->lines[first], col,
					 "parent", M_PARENT_CYCLE, msg.data);
		}
		for (size_t i = 0; i < n; i++)
			state[path[i]] = 2;
	}
	buf_release(&k);
	buf_release(&msg);
	free(path);
	free(state);
}

static void check_milestones(struct vctx *v, struct diag *d)
{
	const struct table *t = &v->m->tables[RES_MILESTONES];
	int col = schema_field_index(t->def, "when") + 1;

	for (size_t row = 0; row < t->n_rows; row++) {
		const char *when = table_get(t, row, "when");
		const char *as_of = table_get(t, row, "status_as_of");
		int ref_year = *as_of ? atoi(as_of) : 2000;
		struct kdate_range r;
		struct jy_err e;
		if (*when && kdate_parse(when, ref_year, &r, &e))
			diag_msg(d, NULL, v->files[RES_MILESTONES], t->lines[row], col, "when",
				 M_NOT_PRINTED_DATE, when, e.msg);
	}
}

struct ref_check {
	struct factset *fs;
	struct strmap *keys; /* primary keys by resource */
	struct diag *d;
	const char *file;
	long line;
	int col;
};

static void check_pin(struct ref_check *rc, const struct measure_info *mi, const char *key,
		      const char *value)
{
	const char *problem = strcmp(key, "period") == 0 ? factset_period_problem(value) : NULL;
	if (problem)
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_PERIOD_PIN, value,
			 problem);
	if (strcmp(key, "period") == 0 || strcmp(key, "kind") == 0 || strcmp(key, "table") == 0)
		return;
	if (measure_dim_pos(mi, key) < 0) {
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_NO_DIMENSION, mi->id,
			 key);
		return;
	}
	if (!factset_has_member(rc->fs, factset_dim(rc->fs, key), value))
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_UNKNOWN_MEMBER, value,
			 key);
}

/* A milestone seq pin: N, or a range A..B, A.. or ..B with A <= B. */
static int seq_valid(const char *s)
{
	const char *dots = strstr(s, "..");
	char a[16], b[16];

	if (!dots)
		return int_valid(s) && *s != '-';
	if ((size_t)(dots - s) >= sizeof(a) || strlen(dots + 2) >= sizeof(b))
		return 0;
	snprintf(a, sizeof(a), "%.*s", (int)(dots - s), s);
	snprintf(b, sizeof(b), "%s", dots + 2);
	if ((*a && !seq_valid(a)) || (*b && !seq_valid(b)) || (!*a && !*b))
		return 0;
	return !*a || !*b || atol(a) <= atol(b);
}

/* milestone{node=,seq=,status=} and field{node=,key=}: known keys, and the
 * node (and milestone) they name exists. */
static void check_dref(struct ref_check *rc, const struct expr_ref *r)
{
	int ms = r->target == REF_MILESTONE;
	const char *node = expr_pin(r, "node");

	for (int i = 0; i < r->n_pins; i++) {
		const char *k = r->pins[i].key;
		if (strcmp(k, "node") && strcmp(k, ms ? "seq" : "key") &&
		    (!ms || strcmp(k, "status")))
			diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_ROW_NO_KEY,
				 r->measure, k, ms ? "node, seq, status" : "node, key");
	}
	const char *seq = ms ? expr_pin(r, "seq") : NULL;
	if (seq && strcmp(seq, "next") != 0 && !seq_valid(seq))
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_SEQ_BAD, seq);
	if (!ms && (!node || !expr_pin(r, "key")))
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_FIELD_NEEDS);
	if (node && !strmap_get(&rc->keys[RES_NODES], node, NULL))
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_UNKNOWN_NODE, node);
	else if (ms && node && expr_pin(r, "seq") && !strstr(expr_pin(r, "seq"), "..") &&
		 strcmp(expr_pin(r, "seq"), "next") != 0) {
		char key[2 * JY_ID_BYTES_MAX + 2];
		snprintf(key, sizeof(key), "%s\x1f%s", node, expr_pin(r, "seq"));
		if (!strmap_get(&rc->keys[RES_MILESTONES], key, NULL))
			diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_NO_MILESTONE,
				 node, expr_pin(r, "seq"));
	}
}

static void check_ref(const struct expr *e, void *p)
{
	struct ref_check *rc = p;
	if (e->ref.target != REF_FACT) {
		check_dref(rc, &e->ref);
		return;
	}
	int mi = factset_measure(rc->fs, e->ref.measure);

	if (mi < 0) {
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_UNKNOWN_MEASURE,
			 e->ref.measure);
		return;
	}
	for (int i = 0; i < e->ref.n_pins; i++)
		check_pin(rc, &rc->fs->measures[mi], e->ref.pins[i].key, e->ref.pins[i].value);
	/* A stock (누적, a head count at a date) or a rate does not add up over
	 * time: its total over periods is its latest value, stated by an
	 * equal rule instead. */
	if (e->kind == EX_SUM && strcmp(e->ref.by, "period") == 0 &&
	    rc->fs->measures[mi].aggregation != AGG_FLOW)
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_SUM_PERIOD,
			 e->ref.measure);
	if (e->kind == EX_SUM && strcmp(e->ref.by, "period") != 0 &&
	    measure_dim_pos(&rc->fs->measures[mi], e->ref.by) < 0)
		diag_msg(rc->d, NULL, rc->file, rc->line, rc->col, "expr", M_SUM_DIM,
			 e->ref.measure, e->ref.by);
}

/* Rows [from, to) of rules.csv (the keys of every resource are built). */
static void check_rules(struct vctx *v, struct factset *fs, size_t from, size_t to, struct diag *d)
{
	const struct table *t = &v->m->tables[RES_RULES];
	const char *file = v->files[RES_RULES];
	int col_expr = schema_field_index(t->def, "expr") + 1;
	int col_measures = schema_field_index(t->def, "measures") + 1;
	int col_scope = schema_field_index(t->def, "scope") + 1;
	struct arena a;

	arena_init(&a);
	for (size_t row = from; row < to && row < t->n_rows; row++) {
		arena_reset(&a); /* a row's parse trees are not needed after it */
		const char *measures = table_get(t, row, "measures");
		const char *expr = table_get(t, row, "expr");
		const char *scope = table_get(t, row, "scope");
		const char *p = measures;
		do {
			const char *semi = strchr(p, ';');
			size_t n = semi ? (size_t)(semi - p) : strlen(p);
			char *measure = n ? arena_strndup(&a, p, n) : NULL;
			struct rule_expr re;
			struct jy_err e;
			if (measure && factset_measure(fs, measure) < 0)
				diag_msg(d, NULL, file, t->lines[row], col_measures, "measures",
					 M_UNKNOWN_MEASURE, measure);
			if (expr_parse(expr, measure, &a, &re, &e)) {
				diag_msg(d, NULL, file, t->lines[row], col_expr, "expr", M_EXPR_AT,
					 e.msg, e.col);
				break;
			}
			struct ref_check rc = {fs, v->keys, d, file, t->lines[row], col_expr};
			expr_foreach_ref(re.lhs, check_ref, &rc);
			expr_foreach_ref(re.rhs, check_ref, &rc);
			p += n + (semi ? 1 : 0);
			if (!semi)
				break;
		} while (1);
		/* scope: key=value;… with known keys */
		for (const char *s = scope; *s;) {
			const char *semi = strchr(s, ';');
			size_t n = semi ? (size_t)(semi - s) : strlen(s);
			const char *eq = memchr(s, '=', n);
			if (!eq || eq == s || eq == s + n - 1) {
				diag_msg(d, NULL, file, t->lines[row], col_scope, "scope",
					 M_SCOPE_NOT_KV, (int)n, s);
				break;
			}
			char key[JY_ID_BYTES_MAX + 1];
			snprintf(key, sizeof(key), "%.*s", (int)(eq - s), s);
			if (strcmp(key, "period") && strcmp(key, "kind") && strcmp(key, "table") &&
			    factset_dim(fs, key) < 0)
				diag_msg(d, NULL, file, t->lines[row], col_scope, "scope",
					 M_SCOPE_KEY, key);
			char value[JY_ID_BYTES_MAX + 1];
			snprintf(value, sizeof(value), "%.*s", (int)(s + n - eq - 1), eq + 1);
			const char *problem =
				strcmp(key, "period") == 0 ? factset_period_problem(value) : NULL;
			if (problem)
				diag_msg(d, NULL, file, t->lines[row], col_scope, "scope",
					 M_PERIOD_PIN, value, problem);
			s += n + (semi ? 1 : 0);
		}
	}
	arena_release(&a);
}

/* ---- running the checks ---------------------------------------------------------
 *
 * One thread runs them in the order of the messages. With more threads, they
 * first run split into tasks that only count problems; a package with none
 * (the usual case) is done, and one with some is checked again on one thread
 * so that its messages come out exactly as they always do. */

enum vtask_kind {
	VT_CELLS,
	VT_KEYS,
	VT_FACTS,
	VT_RULES,
	VT_MILESTONES,
	VT_REFS,
	VT_INDEX,
	VT_PARENTS
};

struct vtask {
	enum vtask_kind kind;
	enum resource_id r;
	size_t from, to;
};

struct vrun {
	struct vctx *v;
	struct factset *fs;
	struct vtask *tasks;
	size_t n_tasks, cap_tasks;
	atomic_size_t next;
	atomic_int problems;
};

enum { VT_ROWS = 32768 }; /* rows per task */

static void vrun_add(struct vrun *run, enum vtask_kind kind, enum resource_id r, size_t rows)
{
	for (size_t from = 0; from < rows || from == 0; from += VT_ROWS) {
		XGROW(run->tasks, run->cap_tasks, run->n_tasks + 1);
		run->tasks[run->n_tasks++] = (struct vtask){kind, r, from, from + VT_ROWS};
		if (kind == VT_KEYS || kind == VT_MILESTONES || kind == VT_INDEX ||
		    kind == VT_PARENTS)
			break; /* one task for the whole table */
	}
}

static void vrun_worker(void *p)
{
	struct vrun *run = p;

	for (;;) {
		size_t i = atomic_fetch_add(&run->next, 1);
		if (i >= run->n_tasks)
			break;
		const struct vtask *t = &run->tasks[i];
		struct diag quiet = {.out = NULL};
		switch (t->kind) {
		case VT_CELLS:
			check_cells(run->v, t->r, t->from, t->to, &quiet);
			break;
		case VT_KEYS:
			check_keys(run->v, t->r, &quiet);
			break;
		case VT_FACTS:
			factset_parse_rows(run->fs, run->v->m, &quiet, t->from, t->to);
			break;
		case VT_RULES:
			check_rules(run->v, run->fs, t->from, t->to, &quiet);
			break;
		case VT_MILESTONES:
			check_milestones(run->v, &quiet);
			break;
		case VT_REFS:
			check_refs(run->v, t->r, t->from, t->to, &quiet);
			break;
		case VT_INDEX:
			factset_index_rows(run->fs, run->v->m, &quiet);
			break;
		case VT_PARENTS:
			check_parents(run->v, t->r, &quiet);
			break;
		}
		if (quiet.count)
			atomic_fetch_add(&run->problems, quiet.count);
	}
}

/* Runs the tasks added so far on n threads and empties the list. */
static void vrun_go(struct vrun *run, int n)
{
	atomic_store(&run->next, 0);
	par_run(n, vrun_worker, run, 0);
	run->n_tasks = 0;
}

/* Every check on n threads, counting problems only. Returns 0 with *fs
 * built when there is none. */
static int validate_parallel(struct model *m, struct factset *fs, int n)
{
	struct vctx v;
	struct vrun run = {.v = &v, .fs = fs};
	struct diag quiet = {.out = NULL};

	vctx_init(&v, m);
	atomic_init(&run.problems, 0);
	factset_begin(fs, m, &quiet);
	for (int r = 0; r < RES_COUNT; r++)
		vrun_add(&run, VT_KEYS, (enum resource_id)r, m->tables[r].n_rows);
	vrun_add(&run, VT_FACTS, RES_FACTS, m->tables[RES_FACTS].n_rows);
	vrun_add(&run, VT_MILESTONES, RES_MILESTONES, 0);
	for (int r = 0; r < RES_COUNT; r++)
		vrun_add(&run, VT_CELLS, (enum resource_id)r, m->tables[r].n_rows);
	vrun_go(&run, n);
	par_timing("validate: cells, keys, facts");
	if (!quiet.count && !atomic_load(&run.problems)) {
		/* what reads the keys of other resources */
		vrun_add(&run, VT_INDEX, RES_FACTS, 0);
		vrun_add(&run, VT_RULES, RES_RULES, m->tables[RES_RULES].n_rows);
		for (int r = 0; r < RES_COUNT; r++)
			vrun_add(&run, VT_REFS, (enum resource_id)r, m->tables[r].n_rows);
		vrun_add(&run, VT_PARENTS, RES_UNITS, 0);
		vrun_add(&run, VT_PARENTS, RES_NODES, 0);
		vrun_add(&run, VT_PARENTS, RES_MEMBERS, 0);
		vrun_go(&run, n);
		par_timing("validate: refs, rules, fact index");
	}
	vctx_release_keys(&v);
	free(run.tasks);
	if (quiet.count || atomic_load(&run.problems)) {
		factset_release(fs);
		return -1;
	}
	return 0;
}

int model_validate(struct model *m, FILE *out, struct jy_err *err)
{
	struct factset fs;
	int rc = model_validate_facts(m, out, &fs, err);

	if (!rc)
		factset_release(&fs);
	return rc;
}

int model_validate_facts(struct model *m, FILE *out, struct factset *fs, struct jy_err *err)
{
	struct diag d = {.out = out};
	return model_validate_diag(m, &d, fs, err);
}

int model_validate_diag(struct model *m, struct diag *dp, struct factset *fs, struct jy_err *err)
{
	struct diag d = *dp; /* one copy for the checks; its items go back below */
	struct vctx v;
	int n = par_threads_for(model_rows(m));

	if (n > 1 && validate_parallel(m, fs, n) == 0) {
		model_dates_build(&fs->dates, m, fs);
		return 0;
	}
	vctx_init(&v, m);
	for (int r = 0; r < RES_COUNT; r++) {
		check_cells(&v, (enum resource_id)r, 0, SIZE_MAX, &d);
		check_keys(&v, (enum resource_id)r, &d);
	}
	for (int r = 0; r < RES_COUNT; r++)
		check_refs(&v, (enum resource_id)r, 0, SIZE_MAX, &d);
	check_parents(&v, RES_UNITS, &d);
	check_parents(&v, RES_NODES, &d);
	check_parents(&v, RES_MEMBERS, &d);
	par_timing("validate: cells, keys, refs");
	check_milestones(&v, &d);
	factset_build(fs, m, &d);
	par_timing("validate: facts");
	check_rules(&v, fs, 0, SIZE_MAX, &d);
	vctx_release_keys(&v);
	par_timing("validate: rules");
	*dp = d;
	if (d.count) {
		factset_release(fs);
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL,
				  d.count == 1 ? M_PROBLEMS_ONE : M_PROBLEMS_MANY, d.count,
				  d.count > JY_DIAG_MAX ? msg(M_PROBLEMS_FIRST_SHOWN) : "");
	}
	model_dates_build(&fs->dates, m, fs);
	return 0;
}
