/*
 * outline.c - the report outline shared by the renderers (see outline.h).
 *
 * Every grouping here is one pass into an index or one sort: the report of a
 * package with a million facts and a hundred thousand nodes must not scan the
 * facts once per node or per table (bench/RESULTS.md measured that).
 */
#include "outline.h"
#include "describe.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- sources ------------------------------------------------------------- */

static long source_line(const char *src)
{
	struct model_source r;
	if (!src || !*src)
		return 0;
	model_source_next(src, &r);
	return r.line;
}

/* ---- nodes by the line their heading was printed on ------------------------ */

struct line_entry {
	const char *file;
	size_t file_len;
	long line;
	size_t node; /* outline index */
};

static int file_cmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

static int line_entry_cmp(const void *pa, const void *pb)
{
	const struct line_entry *a = pa, *b = pb;
	int c = file_cmp(a->file, a->file_len, b->file, b->file_len);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return (a->node > b->node) - (a->node < b->node);
}

struct line_index {
	struct line_entry *e;
	size_t n;
};

/* The node whose heading was printed last at or before the source's first
 * line, in the same file; -1 when none. */
static long node_at(const struct line_index *li, const char *src)
{
	struct model_source r;
	size_t lo = 0, hi = li->n;

	if (!src || !*src)
		return -1;
	model_source_next(src, &r);
	if (!r.line)
		return -1;
	/* first entry greater than (file, line) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct line_entry *m = &li->e[mid];
		int c = file_cmp(m->file, m->file_len, r.file, r.file_len);
		if (c < 0 || (c == 0 && m->line <= r.line))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	const struct line_entry *m = &li->e[lo - 1];
	if (file_cmp(m->file, m->file_len, r.file, r.file_len) != 0)
		return -1;
	return (long)m->node;
}

/* ---- grouping rows by node ------------------------------------------------- */

struct keyed {
	size_t group; /* outline node, or another group number */
	long seq;
	size_t row;
};

static int keyed_cmp(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return (a->row > b->row) - (a->row < b->row);
}

/* Rows of resource r grouped by their node (field "node"), in seq order:
 * start[i]..start[i+1] index rows[] for outline node i. */
static void group_by_node(struct outline *o, const size_t *node_of_row, enum resource_id r,
			  size_t **start_out, size_t **rows_out)
{
	const struct table *t = &o->m->tables[r];
	struct keyed *k = xcalloc(t->n_rows + 1, sizeof(*k));
	size_t n = 0;
	size_t *start = arena_zalloc(&o->arena, sizeof(size_t) * (o->n_nodes + 2));
	size_t *rows = arena_alloc(&o->arena, sizeof(size_t) * (t->n_rows + 1));

	for (size_t i = 0; i < t->n_rows; i++) {
		long nr = label_index_node(&o->labels, table_get(t, i, "node"));
		if (nr < 0)
			continue;
		k[n].group = node_of_row[nr];
		k[n].seq = strtol(table_get(t, i, "seq"), NULL, 10);
		k[n].row = i;
		n++;
	}
	qsort(k, n, sizeof(*k), keyed_cmp);
	for (size_t i = 0; i < n; i++) {
		rows[i] = k[i].row;
		start[k[i].group + 1]++;
	}
	for (size_t g = 0; g < o->n_nodes; g++)
		start[g + 1] += start[g];
	free(k);
	*start_out = start;
	*rows_out = rows;
}

/* ---- the tree ------------------------------------------------------------ */

static size_t *build_nodes(struct outline *o)
{
	const struct table *t = &o->m->tables[RES_NODES];
	size_t n = t->n_rows;
	struct keyed *k = xcalloc(n + 1, sizeof(*k));
	size_t *kid_start = xcalloc(n + 2, sizeof(size_t)); /* by parent row + 1 */
	size_t *node_of_row = arena_alloc(&o->arena, sizeof(size_t) * (n + 1));
	size_t *stack = xcalloc(n + 1, sizeof(size_t));
	unsigned char *seen = xcalloc(n + 1, 1);
	size_t sp = 0;

	for (size_t r = 0; r < n; r++) {
		long p = *table_get(t, r, "parent")
				 ? label_index_node(&o->labels, table_get(t, r, "parent"))
				 : -1;
		k[r].group = p < 0 || (size_t)p == r ? 0 : (size_t)p + 1;
		k[r].seq = strtol(table_get(t, r, "seq"), NULL, 10);
		k[r].row = r;
	}
	qsort(k, n, sizeof(*k), keyed_cmp);
	for (size_t i = 0; i < n; i++)
		kid_start[k[i].group + 1]++;
	for (size_t g = 0; g <= n; g++)
		kid_start[g + 1] += kid_start[g];
	o->nodes = arena_zalloc(&o->arena, sizeof(struct onode) * (n + 1));
	o->n_nodes = 0;
	/* Pre-order: push the roots (then each node's children) in reverse. A
	 * node in a cycle is never reached from a root; it is added as a root. */
	for (size_t pass = 0; pass < 2; pass++) {
		for (size_t i = kid_start[1]; i-- > kid_start[0];)
			if (!seen[k[i].row])
				stack[sp++] = k[i].row, seen[k[i].row] = 1;
		if (pass == 1)
			for (size_t r = n; r-- > 0;)
				if (!seen[r])
					stack[sp++] = r, seen[r] = 1;
		while (sp) {
			size_t r = stack[--sp];
			struct onode *nd = &o->nodes[o->n_nodes];
			node_of_row[r] = o->n_nodes++;
			nd->row = r;
			nd->id = table_get(t, r, "id");
			nd->kind = table_get(t, r, "kind");
			nd->number = table_get(t, r, "number");
			nd->title = table_get(t, r, "title_ko");
			nd->title_en = table_get(t, r, "title_en");
			nd->owner = table_get(t, r, "owner");
			nd->parent = -1;
			for (size_t i = kid_start[r + 1 + 1]; i-- > kid_start[r + 1];)
				if (!seen[k[i].row])
					stack[sp++] = k[i].row, seen[k[i].row] = 1;
		}
		if (o->n_nodes == n)
			break;
	}
	/* Parents, depths and children lists in seq order. */
	for (size_t i = 0; i < o->n_nodes; i++) {
		struct onode *nd = &o->nodes[i];
		size_t a = kid_start[nd->row + 1], b = kid_start[nd->row + 2];
		nd->children = arena_alloc(&o->arena, sizeof(size_t) * (b - a + 1));
		for (size_t j = a; j < b; j++) {
			size_t c = node_of_row[k[j].row];
			if (c <= i)
				continue; /* reached before its parent: a cycle */
			nd->children[nd->n_children++] = c;
			o->nodes[c].parent = (long)i;
			o->nodes[c].depth = nd->depth + 1;
		}
	}
	/* The cover: top-level nodes printed before the first numbered one. */
	int numbered = 0, first = 1;
	for (size_t i = 0; i < o->n_nodes; i++) {
		struct onode *nd = &o->nodes[i];
		if (nd->parent < 0) {
			if (*nd->number)
				numbered = 1;
			nd->cover = !numbered;
			nd->page_break = !nd->cover && !first;
			first = 0;
		} else if (strcmp(nd->kind, "area") == 0 || strcmp(nd->kind, "program") == 0) {
			nd->page_break = 1;
		}
	}
	free(k);
	free(kid_start);
	free(stack);
	free(seen);
	return node_of_row;
}

/* Whether fact fa is a cell of a printed table: a fact of a passage
 * (tables.csv kind `passage`) is shown in its text, as one of no table. */
static int in_table(const struct outline *o, const struct fact_info *fa)
{
	const char *t = fact_table(o->fs, fa);
	return *t && table_is_printed(&o->labels, t);
}

/* The lines texts and fields print (outline.text_lines). */
static void build_text_lines(struct outline *o)
{
	strmap_init(&o->text_lines);
	for (int k = 0; k < 2; k++) {
		const struct table *t = &o->m->tables[k ? RES_FIELDS : RES_TEXTS];
		for (size_t r = 0; r < t->n_rows; r++) {
			struct model_source src;
			for (const char *p = table_get(t, r, "source"); p;) {
				p = model_source_next(p, &src);
				if (src.line)
					strmap_add(&o->text_lines,
						   arena_printf(&o->arena, "%.*s:%ld",
								(int)src.file_len, src.file,
								src.line),
						   0, NULL);
			}
		}
	}
}

/* Is milestone row drawn as a line of its own (no text or field printed its
 * line)? One that is not is shown, and marked, where the text prints it. */
static int milestone_drawn(struct outline *o, size_t row)
{
	struct model_source src;
	model_source_next(table_get(&o->m->tables[RES_MILESTONES], row, "source"), &src);
	if (!src.line)
		return 1;
	char key[512];
	snprintf(key, sizeof key, "%.*s:%ld", (int)src.file_len, src.file, src.line);
	return !strmap_get(&o->text_lines, key, NULL);
}

/* ---- findings and their places -------------------------------------------- */

static size_t place_get(struct outline *o, struct strmap *index, enum place_kind kind, size_t row,
			size_t off, size_t len)
{
	const char *key = arena_printf(&o->arena, "%d:%zu:%zu", (int)kind, row, off);
	size_t id;
	if (strmap_get(index, key, &id))
		return id;
	XGROW(o->places, o->cap_places, o->n_places + 1);
	struct place *p = &o->places[o->n_places];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->row = row;
	p->off = off;
	p->len = len;
	p->id = ++o->n_places;
	strmap_put(index, key, p->id);
	return p->id;
}

static void place_add(struct outline *o, size_t id, size_t number, enum severity sev)
{
	struct place *p = &o->places[id - 1];
	if (p->n_numbers && p->numbers[p->n_numbers - 1] == number)
		return;
	/* numbers arrive ascending; grow by doubling in the arena */
	if ((p->n_numbers & (p->n_numbers - 1)) == 0) {
		size_t cap = p->n_numbers ? p->n_numbers * 2 : 1;
		size_t *nn = arena_alloc(&o->arena, sizeof(size_t) * cap);
		if (p->n_numbers)
			memcpy(nn, p->numbers, sizeof(size_t) * p->n_numbers);
		p->numbers = nn;
	}
	p->numbers[p->n_numbers++] = number;
	if (sev > p->severity)
		p->severity = sev;
}

/* Where a number sits in text: the token as printed, not inside a longer
 * number ("35" is not found in "135" or "3,35"). NULL when absent. */
static const char *find_token(const char *hay, const char *tok)
{
	size_t n = strlen(tok);
	int digits = 0;

	for (size_t i = 0; i < n; i++)
		digits |= isdigit((unsigned char)tok[i]) != 0;
	if (!n || !digits)
		return NULL;
	for (const char *p = hay; (p = strstr(p, tok)) != NULL; p++) {
		if (isdigit((unsigned char)tok[0]) && p > hay &&
		    (isdigit((unsigned char)p[-1]) ||
		     ((p[-1] == ',' || p[-1] == '.') && p - 1 > hay &&
		      isdigit((unsigned char)p[-2]))))
			continue;
		if (isdigit((unsigned char)tok[n - 1]) &&
		    (isdigit((unsigned char)p[n]) ||
		     ((p[n] == ',' || p[n] == '.') && isdigit((unsigned char)p[n + 1]))))
			continue;
		return p;
	}
	return NULL;
}

/* Rows of texts, fields and milestones by each "FILE:LINE" of their sources. */
struct row_ref {
	enum place_kind kind;
	size_t row;
	size_t next; /* index + 1 of the next row on the same line, 0 at the end */
};

struct line_rows {
	struct strmap head; /* "FILE:LINE" -> index + 1 into refs */
	struct strmap tail;
	struct row_ref *refs;
	size_t n, cap;
	struct buf key; /* scratch */
};

/* The first row printed on the line s names (index + 1 into refs), or 0. */
static size_t line_rows_first(struct line_rows *lr, const struct model_source *s)
{
	size_t at;
	buf_reset(&lr->key);
	buf_addf(&lr->key, "%.*s:%ld", (int)s->file_len, s->file, s->line);
	return strmap_get(&lr->head, lr->key.data, &at) ? at : 0;
}

static void line_rows_add(struct outline *o, struct line_rows *lr, enum resource_id r,
			  enum place_kind kind)
{
	const struct table *t = &o->m->tables[r];
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *p = table_get(t, i, "source");
		struct model_source s;
		while (p && *p) {
			p = model_source_next(p, &s);
			if (!s.line)
				continue;
			const char *key = arena_printf(&o->arena, "%.*s:%ld", (int)s.file_len,
						       s.file, s.line);
			XGROW(lr->refs, lr->cap, lr->n + 1);
			lr->refs[lr->n] = (struct row_ref){kind, i, 0};
			size_t tail;
			if (strmap_get(&lr->tail, key, &tail))
				lr->refs[tail - 1].next = lr->n + 1;
			else
				strmap_put(&lr->head, key, lr->n + 1);
			strmap_put(&lr->tail, key, lr->n + 1);
			lr->n++;
		}
	}
}

static const char *row_text(const struct outline *o, enum place_kind kind, size_t row)
{
	if (kind == PLACE_TEXT)
		return table_get(&o->m->tables[RES_TEXTS], row, "text");
	if (kind == PLACE_FIELD)
		return table_get(&o->m->tables[RES_FIELDS], row, "value");
	return table_get(&o->m->tables[RES_MILESTONES], row, "when");
}

/* The first text or field printed on one of src's lines that holds tok:
 * 1 and its row and the token's offset, or 0. */
static int find_in_rows(const struct outline *o, struct line_rows *lr, const char *src,
			const char *tok, int word, enum place_kind *kind, size_t *row, size_t *off)
{
	struct model_source s;
	const char *p = src;

	while (p && *p) {
		p = model_source_next(p, &s);
		if (!s.line)
			continue;
		for (size_t at = line_rows_first(lr, &s); at; at = lr->refs[at - 1].next) {
			const struct row_ref *rr = &lr->refs[at - 1];
			if (rr->kind == PLACE_MILESTONE)
				continue;
			const char *text = row_text(o, rr->kind, rr->row);
			const char *hit =
				word ? (*tok ? strstr(text, tok) : NULL) : find_token(text, tok);
			if (!hit)
				continue;
			*kind = rr->kind;
			*row = rr->row;
			*off = (size_t)(hit - text);
			return 1;
		}
	}
	return 0;
}

/* Marks tok where find_in_rows finds it (word: any occurrence, not only a
 * whole number); the place id, or 0. */
static size_t mark_in_rows(struct outline *o, struct line_rows *lr, struct strmap *pindex,
			   const char *src, const char *tok, int word, size_t number,
			   enum severity sev)
{
	enum place_kind kind;
	size_t row, off;
	if (!find_in_rows(o, lr, src, tok, word, &kind, &row, &off))
		return 0;
	size_t id = place_get(o, pindex, kind, row, off, strlen(tok));
	place_add(o, id, number, sev);
	return id;
}

/* "node\x1fseq" -> row of milestones and of fields: the rows targets name. */
struct row_index {
	struct strmap ms, fields;
	struct buf key;
};

static void row_index_build(struct outline *o, struct row_index *ri)
{
	struct strmap *maps[2] = {&ri->ms, &ri->fields};
	const enum resource_id res[2] = {RES_MILESTONES, RES_FIELDS};

	buf_init(&ri->key);
	for (int k = 0; k < 2; k++) {
		const struct table *t = &o->m->tables[res[k]];
		strmap_init(maps[k]);
		for (size_t row = 0; row < t->n_rows; row++)
			strmap_put(maps[k],
				   arena_printf(&o->arena, "%s\x1f%s", table_get(t, row, "node"),
						table_get(t, row, "seq")),
				   row);
	}
}

static void row_index_release(struct row_index *ri)
{
	strmap_release(&ri->ms);
	strmap_release(&ri->fields);
	buf_release(&ri->key);
}

/* Marks the milestones and fields a finding targets: a milestone's date
 * (and where a text prints it), a field's value. Returns the first place
 * id, or 0. */
static size_t mark_target_rows(struct outline *o, struct line_rows *lr, struct strmap *pindex,
			       struct row_index *ri, const struct finding *f, size_t number)
{
	const struct table *ms = &o->m->tables[RES_MILESTONES];
	const struct table *fl = &o->m->tables[RES_FIELDS];
	size_t first = 0, row;

	for (size_t i = 0; i < f->n_targets; i++) {
		const struct target *t = &f->targets[i];
		if (t->type != TARGET_MILESTONE && t->type != TARGET_FIELD)
			continue;
		int is_ms = t->type == TARGET_MILESTONE;
		buf_reset(&ri->key);
		buf_addf(&ri->key, "%s\x1f%s", t->node, t->seq);
		if (!strmap_get(is_ms ? &ri->ms : &ri->fields, ri->key.data, &row))
			continue;
		const char *val = is_ms ? table_get(ms, row, "when") : table_get(fl, row, "value");
		if (!*val && !is_ms)
			continue;
		size_t id = 0;
		if (!is_ms || milestone_drawn(o, row)) {
			id = place_get(o, pindex, is_ms ? PLACE_MILESTONE : PLACE_FIELD, row, 0,
				       strlen(val));
			place_add(o, id, number, f->severity);
		}
		if (is_ms && *val) {
			size_t in_text = mark_in_rows(o, lr, pindex, table_get(ms, row, "source"),
						      val, 0, number, f->severity);
			if (!id)
				id = in_text;
		}
		if (!first)
			first = id;
	}
	return first;
}

struct place_key {
	enum place_kind kind;
	size_t row, off, id;
};

static int place_key_cmp(const void *pa, const void *pb)
{
	const struct place_key *a = pa, *b = pb;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	return (a->off > b->off) - (a->off < b->off);
}

static unsigned char *build_places(struct outline *o)
{
	const struct check_result *res = o->res;
	struct strmap pindex;
	struct line_rows lr = {0};
	unsigned char *figure = xcalloc(o->fs->n_facts + 1, 1);
	size_t n = 0;

	o->order = arena_alloc(&o->arena, sizeof(size_t) * (res->n_findings + 1));
	o->first_place = arena_zalloc(&o->arena, sizeof(size_t) * (res->n_findings + 1));
	for (int sev = SEV_ERROR; sev >= SEV_WARNING; sev--)
		for (size_t i = 0; i < res->n_findings; i++)
			if ((int)res->findings[i].severity == sev)
				o->order[n++] = i;
	strmap_init(&pindex);
	strmap_init(&lr.head);
	strmap_init(&lr.tail);
	line_rows_add(o, &lr, RES_TEXTS, PLACE_TEXT);
	line_rows_add(o, &lr, RES_FIELDS, PLACE_FIELD);
	line_rows_add(o, &lr, RES_MILESTONES, PLACE_MILESTONE);
	buf_init(&lr.key);
	o->fact_place = arena_zalloc(&o->arena, sizeof(size_t) * (o->fs->n_facts + 1));
	/* A fact of no table is shown where a text prints it, else as a figure. */
	for (size_t fi = 0; fi < o->fs->n_facts; fi++) {
		const struct fact_info *fa = &o->fs->facts[fi];
		enum place_kind kind;
		size_t row, off;
		if (!in_table(o, fa) &&
		    !find_in_rows(o, &lr, fact_source(o->fs, fa), fact_printed(o->fs, fa), 0, &kind,
				  &row, &off))
			figure[fi] = 1;
	}

	struct row_index ri;
	row_index_build(o, &ri);
	for (size_t k = 0; k < n; k++) {
		const struct finding *f = &res->findings[o->order[k]];
		size_t number = k + 1, first = 0;
		/* the stated facts and the suspects; without a stated fact, the first
		 * fact read */
		int stated = 0, any_fact = 0;
		for (size_t t = 0; t < f->n_targets; t++)
			if (f->targets[t].type == TARGET_FACT) {
				stated |= f->targets[t].role == ROLE_STATED;
				any_fact = 1;
			}
		int first_read = !stated;
		for (size_t t = 0; t < f->n_targets; t++) {
			const struct target *tg = &f->targets[t];
			if (tg->type != TARGET_FACT || tg->role == ROLE_LEFT_OUT)
				continue;
			if (tg->role == ROLE_READ && !first_read)
				continue;
			first_read = 0;
			long li = check_target_index(res, tg);
			if (li < 0)
				continue;
			size_t fi = (size_t)li;
			const struct fact_info *fa = &o->fs->facts[fi];
			size_t id = 0;
			if (!in_table(o, fa) && !figure[fi])
				id = mark_in_rows(o, &lr, &pindex, fact_source(o->fs, fa),
						  fact_printed(o->fs, fa), 0, number, f->severity);
			if (!id) {
				id = place_get(o, &pindex, PLACE_FACT, fi, 0, 0);
				place_add(o, id, number, f->severity);
				o->fact_place[fi] = id;
				if (!in_table(o, fa))
					figure[fi] = 1;
			}
			if (!first)
				first = id;
		}
		/* A finding on milestones or fields: their dates and values. */
		if (!any_fact) {
			size_t id = mark_target_rows(o, &lr, &pindex, &ri, f, number);
			if (!first)
				first = id;
		}
		/* A finding on a word (the term check): the word where the row on
		 * its line prints it. */
		for (size_t t = 0; t < f->n_targets && !first; t++)
			if (f->targets[t].type == TARGET_SPAN)
				first = mark_in_rows(o, &lr, &pindex, f->targets[t].source,
						     f->targets[t].text, 1, number, f->severity);
		o->first_place[k] = first;
	}
	row_index_release(&ri);
	/* Row places sorted by (kind, row, offset) for lookup. */
	struct place_key *pk = xcalloc(o->n_places + 1, sizeof(*pk));
	size_t npk = 0;
	for (size_t i = 0; i < o->n_places; i++)
		if (o->places[i].kind != PLACE_FACT)
			pk[npk++] = (struct place_key){o->places[i].kind, o->places[i].row,
						       o->places[i].off, o->places[i].id};
	qsort(pk, npk, sizeof(*pk), place_key_cmp);
	o->row_places = arena_alloc(&o->arena, sizeof(size_t) * (npk + 1));
	for (size_t i = 0; i < npk; i++)
		o->row_places[i] = pk[i].id;
	o->n_row_places = npk;
	free(pk);
	strmap_release(&pindex);
	strmap_release(&lr.head);
	strmap_release(&lr.tail);
	buf_release(&lr.key);
	free(lr.refs);
	return figure;
}

/* ---- blocks -------------------------------------------------------------- */

struct pending {
	size_t node;
	long line;
	int rank; /* texts first, then fields, then the rest at the same line */
	size_t seq;
	struct block b;
};

static int pending_cmp(const void *pa, const void *pb)
{
	const struct pending *a = pa, *b = pb;
	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* A text that only repeats its node's title (the strategy boxes of a vision
 * chart print the title again, spaced out) is not printed twice. */
static int repeats_title(const char *text, const char *title)
{
	const char *a = text, *b = title;
	for (;;) {
		while (*a == ' ' || *a == '/')
			a++;
		while (*b == ' ' || *b == '/')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (*a != *b)
			return 0;
		a++, b++;
	}
}

/* The node most of these sources were printed under; -1 when none. */
static long vote(const struct outline *o, const struct line_index *li, size_t *votes,
		 size_t *touched, const char *const *srcs, size_t n, long *line_out)
{
	size_t nt = 0;
	long best = -1, line = LONG_MAX;
	for (size_t i = 0; i < n; i++) {
		long nd = node_at(li, srcs[i]);
		if (nd < 0)
			continue;
		if (!votes[nd]++)
			touched[nt++] = (size_t)nd;
		if (best < 0 || votes[nd] > votes[best] || (votes[nd] == votes[best] && nd < best))
			best = nd;
	}
	for (size_t i = 0; i < n; i++)
		if (best >= 0 && node_at(li, srcs[i]) == best) {
			long l = source_line(srcs[i]);
			if (l && l < line)
				line = l;
		}
	for (size_t i = 0; i < nt; i++)
		votes[touched[i]] = 0;
	(void)o;
	*line_out = line == LONG_MAX ? 0 : line;
	return best;
}

/* The first coordinate of a fact that names a node, as an outline index; -1. */
static long fact_node(const struct outline *o, const size_t *node_of_row, size_t fact)
{
	const struct fact_info *f = &o->fs->facts[fact];
	const struct measure_info *mi = &o->fs->measures[f->measure];
	for (int d = 0; d < mi->n_dims; d++) {
		int di = factset_dim(o->fs, mi->dims[d]);
		if (di >= 0 && o->fs->dims[di].members_from == 2) {
			long r = label_index_node(&o->labels, fact_member(o->fs, f, d));
			if (r >= 0)
				return (long)node_of_row[r];
		}
	}
	return -1;
}

static void build_blocks(struct outline *o, const size_t *node_of_row, const unsigned char *figure)
{
	const struct factset *fs = o->fs;
	struct pending *pd = NULL;
	size_t n_pd = 0, cap_pd = 0;
	struct line_index li = {0};
	size_t *votes = xcalloc(o->n_nodes + 1, sizeof(size_t));
	size_t *touched = xcalloc(o->n_nodes + 1, sizeof(size_t));
	const char **srcs = NULL;
	size_t cap_srcs = 0;

	/* Where each node's heading was printed. */
	li.e = xcalloc(o->n_nodes + 1, sizeof(*li.e));
	for (size_t i = 0; i < o->n_nodes; i++) {
		struct model_source r;
		const char *src = table_get(&o->m->tables[RES_NODES], o->nodes[i].row, "source");
		if (!*src)
			continue;
		model_source_next(src, &r);
		if (r.line)
			li.e[li.n++] = (struct line_entry){r.file, r.file_len, r.line, i};
	}
	qsort(li.e, li.n, sizeof(*li.e), line_entry_cmp);

#define PUSH(nd, ln, rk, sq, kd, ix)                                                               \
	do {                                                                                       \
		XGROW(pd, cap_pd, n_pd + 1);                                                       \
		pd[n_pd++] = (struct pending){(nd), (ln), (rk), (sq), {(kd), (ix), (ln)}};         \
	} while (0)

	/* Texts and fields: in seq order, at the running maximum of their lines
	 * (one printed line may hold several texts side by side). */
	size_t *start, *rows;
	group_by_node(o, node_of_row, RES_TEXTS, &start, &rows);
	const struct table *tx = &o->m->tables[RES_TEXTS];
	for (size_t i = 0; i < o->n_nodes; i++) {
		struct onode *nd = &o->nodes[i];
		long run = 0;
		nd->summary =
			arena_alloc(&o->arena, sizeof(size_t) * (start[i + 1] - start[i] + 1));
		for (size_t j = start[i]; j < start[i + 1]; j++) {
			size_t r = rows[j];
			long l = source_line(table_get(tx, r, "source"));
			if (l > run)
				run = l;
			if (strcmp(table_get(tx, r, "section"), "summary") == 0)
				nd->summary[nd->n_summary++] = r;
			else if (!repeats_title(table_get(tx, r, "text"), nd->title))
				PUSH(i, run, 0, j, BLOCK_TEXT, r);
		}
	}
	group_by_node(o, node_of_row, RES_FIELDS, &start, &rows);
	const struct table *fl = &o->m->tables[RES_FIELDS];
	for (size_t i = 0; i < o->n_nodes; i++) {
		long run = 0;
		for (size_t j = start[i]; j < start[i + 1]; j++) {
			long l = source_line(table_get(fl, rows[j], "source"));
			if (l > run)
				run = l;
			PUSH(i, run, 1, j, BLOCK_FIELD, rows[j]);
		}
	}
	/* Milestones as the original prints them: a line of their own where no
	 * text or field printed their line (향후계획 lists, procedures drawn as
	 * a chart), never a schedule table */
	group_by_node(o, node_of_row, RES_MILESTONES, &start, &rows);
	const struct table *ms = &o->m->tables[RES_MILESTONES];
	for (size_t i = 0; i < o->n_nodes; i++) {
		o->nodes[i].milestones = rows + start[i];
		o->nodes[i].n_milestones = start[i + 1] - start[i];
		for (size_t j = start[i]; !o->nodes[i].cover && j < start[i + 1]; j++) {
			struct model_source src;
			model_source_next(table_get(ms, rows[j], "source"), &src);
			if (milestone_drawn(o, rows[j]))
				PUSH(i, src.line, 2, j, BLOCK_MILESTONE, rows[j]);
		}
	}

	/* Tables: under the node their facts name, else where they were printed. */
	{
		long *line = xcalloc(o->n_tables + 1, sizeof(long));
		long *node = xcalloc(o->n_tables + 1, sizeof(long));
		o->other_tables = arena_alloc(&o->arena, sizeof(size_t) * (o->n_tables + 1));
		for (size_t t = 0; t < o->n_tables; t++) {
			const struct table_view *v = &o->tables[t];
			node[t] = -1;
			line[t] = LONG_MAX;
			size_t n = 0;
			for (size_t c = 0; c < v->n_rows * v->n_cols; c++) {
				if (!v->cell_fact[c])
					continue;
				size_t fi = v->cell_fact[c] - 1;
				long l = source_line(fact_source(fs, &fs->facts[fi]));
				if (l && l < line[t])
					line[t] = l;
				if (node[t] < 0)
					node[t] = fact_node(o, node_of_row, fi);
				XGROW(srcs, cap_srcs, n + 1);
				srcs[n++] = fact_source(fs, &fs->facts[fi]);
			}
			if (node[t] < 0) {
				long l;
				node[t] = vote(o, &li, votes, touched, srcs, n, &l);
			}
			if (line[t] == LONG_MAX)
				line[t] = 0;
			if (node[t] >= 0)
				PUSH((size_t)node[t], line[t], 2, t, BLOCK_TABLE, t);
			else
				o->other_tables[o->n_other_tables++] = t;
		}
		free(line);
		free(node);
	}

	/* The organisation chart and the functions: where their rows were
	 * printed, else at the start of the first numbered section. */
	long fallback = -1;
	for (size_t i = 0; i < o->n_nodes && fallback < 0; i++)
		if (o->nodes[i].parent < 0 && !o->nodes[i].cover)
			fallback = (long)i;
	if (fallback < 0 && o->n_nodes)
		fallback = 0;
	static const enum resource_id chart_res[2] = {RES_UNITS, RES_FUNCTIONS};
	static const enum block_kind chart_kind[2] = {BLOCK_UNITS, BLOCK_FUNCTIONS};
	for (int c = 0; c < 2; c++) {
		const struct table *t = &o->m->tables[chart_res[c]];
		if (!t->n_rows || fallback < 0)
			continue;
		XGROW(srcs, cap_srcs, t->n_rows + 1);
		for (size_t r = 0; r < t->n_rows; r++)
			srcs[r] = table_get(t, r, "source");
		long l, nd = vote(o, &li, votes, touched, srcs, t->n_rows, &l);
		if (nd < 0)
			nd = fallback, l = 0;
		PUSH((size_t)nd, l, 2, 0, chart_kind[c], 0);
	}

	/* Facts printed in no table and found in no text. */
	{
		size_t *fig_of_node =
			xcalloc(o->n_nodes + 1, sizeof(size_t)); /* figures index + 1 */
		size_t cap_fig = 0, cap_other = 0;
		for (size_t fi = 0; fi < fs->n_facts; fi++) {
			if (!figure[fi])
				continue;
			long nd = fact_node(o, node_of_row, fi);
			long l = source_line(fact_source(fs, &fs->facts[fi]));
			if (nd < 0) {
				const char *one = fact_source(fs, &fs->facts[fi]);
				nd = vote(o, &li, votes, touched, &one, 1, &l);
			}
			struct figures *g;
			if (nd < 0) {
				g = &o->other_figures;
				XGROW(g->facts, cap_other, g->n + 1);
				g->facts[g->n++] = fi;
				continue;
			}
			if (!fig_of_node[nd]) {
				XGROW(o->figures, cap_fig, o->n_figures + 1);
				memset(&o->figures[o->n_figures], 0, sizeof(struct figures));
				fig_of_node[nd] = ++o->n_figures;
				PUSH((size_t)nd, l, 3, o->n_figures - 1, BLOCK_FIGURES,
				     o->n_figures - 1);
			}
			g = &o->figures[fig_of_node[nd] - 1];
			/* the figures of one node are few; grow one by one in the arena */
			size_t *nf = arena_alloc(&o->arena, sizeof(size_t) * (g->n + 1));
			if (g->n)
				memcpy(nf, g->facts, sizeof(size_t) * g->n);
			nf[g->n++] = fi;
			g->facts = nf;
		}
		if (o->other_figures.n) {
			size_t *nf = arena_alloc(&o->arena, sizeof(size_t) * o->other_figures.n);
			memcpy(nf, o->other_figures.facts, sizeof(size_t) * o->other_figures.n);
			free(o->other_figures.facts);
			o->other_figures.facts = nf;
		}
		if (o->n_figures) {
			struct figures *nf = arena_alloc(&o->arena, sizeof(*nf) * o->n_figures);
			memcpy(nf, o->figures, sizeof(*nf) * o->n_figures);
			free(o->figures);
			o->figures = nf;
		}
		for (size_t i = 0; i < o->n_figures; i++)
			table_view_build(&o->labels, fs, "", LAYOUT_FIGURES, o->figures[i].facts,
					 o->figures[i].n, &o->arena, &o->figures[i].view);
		table_view_build(&o->labels, fs, "", LAYOUT_FIGURES, o->other_figures.facts,
				 o->other_figures.n, &o->arena, &o->other_figures.view);
		free(fig_of_node);
	}
#undef PUSH

	if (n_pd) /* qsort wants a non-NULL array even when it is empty */
		qsort(pd, n_pd, sizeof(*pd), pending_cmp);
	struct block *all = arena_alloc(&o->arena, sizeof(struct block) * (n_pd + 1));
	for (size_t i = 0; i < n_pd; i++) {
		all[i] = pd[i].b;
		struct onode *nd = &o->nodes[pd[i].node];
		if (!nd->n_blocks)
			nd->blocks = &all[i];
		nd->n_blocks++;
	}
	free(pd);
	free(srcs);
	free(votes);
	free(touched);
	free(li.e);
}

/* ---- tables -------------------------------------------------------------- */

static void build_tables(struct outline *o)
{
	const struct factset *fs = o->fs;
	struct strmap ids;
	size_t *table_of = xcalloc(fs->n_facts + 1, sizeof(size_t)); /* table index + 1 */
	const char **names = NULL;
	size_t cap = 0, n = 0;

	strmap_init(&ids);
	for (size_t i = 0; i < fs->n_facts; i++) {
		const char *t = fact_table(fs, &fs->facts[i]);
		size_t at;
		if (!in_table(o, &fs->facts[i]))
			continue;
		if (strmap_add(&ids, t, n, &at)) {
			XGROW(names, cap, n + 1);
			names[n] = t;
			at = n++;
		}
		table_of[i] = at + 1;
	}
	size_t *start = xcalloc(n + 2, sizeof(size_t));
	size_t *list = xcalloc(fs->n_facts + 1, sizeof(size_t));
	for (size_t i = 0; i < fs->n_facts; i++)
		if (table_of[i])
			start[table_of[i] + 1]++;
	for (size_t t = 0; t < n; t++)
		start[t + 2] += start[t + 1];
	size_t *fill = xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < fs->n_facts; i++)
		if (table_of[i]) {
			size_t t = table_of[i] - 1;
			list[start[t + 1] + fill[t]++] = i;
		}
	o->tables = arena_zalloc(&o->arena, sizeof(struct table_view) * (n + 1));
	o->n_tables = n;
	for (size_t t = 0; t < n; t++)
		table_view_build(&o->labels, fs, names[t], LAYOUT_PRINTED, list + start[t + 1],
				 start[t + 2] - start[t + 1], &o->arena, &o->tables[t]);
	free(fill);
	free(list);
	free(start);
	free(names);
	free(table_of);
	strmap_release(&ids);
}

/* ---- the whole ------------------------------------------------------------ */

void outline_build(struct outline *o, struct model *m, const struct check_result *res)
{
	memset(o, 0, sizeof(*o));
	o->m = m;
	o->res = res;
	o->fs = &res->fs;
	arena_init(&o->arena);
	label_index_init(&o->labels, m);
	if (m->meta_json) {
		json_t *root = json_loads(m->meta_json, 0, NULL);
		const char *t = json_string_value(json_object_get(root, "title"));
		const char *d = json_string_value(json_object_get(root, "description"));
		o->title = t ? arena_strdup(&o->arena, t) : NULL;
		o->description = d ? arena_strdup(&o->arena, d) : NULL;
		json_decref(root);
	}
	size_t *node_of_row = build_nodes(o);
	build_text_lines(o);
	build_tables(o);
	unsigned char *figure = build_places(o);
	build_blocks(o, node_of_row, figure);
	free(figure);
}

void outline_release(struct outline *o)
{
	free(o->places);
	strmap_release(&o->text_lines);
	label_index_release(&o->labels);
	arena_release(&o->arena);
	memset(o, 0, sizeof(*o));
}

const struct place *outline_place(const struct outline *o, size_t id)
{
	return id && id <= o->n_places ? &o->places[id - 1] : NULL;
}

const struct place *outline_fact_place(const struct outline *o, size_t fact)
{
	return fact < o->fs->n_facts ? outline_place(o, o->fact_place[fact]) : NULL;
}

size_t outline_row_places(const struct outline *o, enum place_kind kind, size_t row,
			  const size_t **ids)
{
	size_t lo = 0, hi = o->n_row_places;
	/* first place id with (kind, row) >= the key */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct place *p = &o->places[o->row_places[mid] - 1];
		if (p->kind < kind || (p->kind == kind && p->row < row))
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < o->n_row_places) {
		const struct place *p = &o->places[o->row_places[lo + n] - 1];
		if (p->kind != kind || p->row != row)
			break;
		n++;
	}
	*ids = o->row_places + lo;
	return n;
}

void outline_caption(struct outline *o, const struct table_view *v, struct table_caption *out)
{
	table_caption(&o->labels, v->id, v, &o->arena, out);
	if (!*v->id)
		out->title = "수치";
}

const char *outline_number(struct outline *o, const struct onode *n)
{
	if (!*n->number)
		return "";
	if (n->parent < 0 || strcmp(n->kind, "area") == 0)
		return arena_printf(&o->arena, "%s.", n->number);
	return n->number;
}

const char *outline_unit_kind(const char *kind)
{
	static const char *names[][2] = {{"office", "실"},	 {"bureau", "기획관·정책관"},
					 {"division", "과"},	 {"team", "팀"},
					 {"facility", "사업소"}, {"agency", "출연기관"}};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(names[k][0], kind) == 0)
			return names[k][1];
	return kind;
}

const char *outline_status(const char *status)
{
	static const char *names[][2] = {{"planned", "계획"},
					 {"in_progress", "추진 중"},
					 {"done", "완료"},
					 {"delayed", "지연"},
					 {"cancelled", "취소"}};
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(names[k][0], status) == 0)
			return names[k][1];
	return status;
}

const char *outline_unit_name(const struct outline *o, const char *id)
{
	size_t r;
	if (strmap_get(&o->labels.units, id, &r))
		return table_get(&o->m->tables[RES_UNITS], r, "name_ko");
	return id;
}

const char *outline_fact_label(struct outline *o, size_t fact)
{
	const struct fact_info *f = &o->fs->facts[fact];
	struct fact_key k = {o->fs->measures[f->measure].id, fact_coords(o->fs, f),
			     fact_period(o->fs, f), fact_kind(o->fs, f), fact_table(o->fs, f)};
	struct describer d;
	struct buf b;

	describer_borrow(&d, o->m, o->fs, &o->labels);
	buf_init(&b);
	describe_fact_key(&d, &k, &b);
	const char *r = arena_strdup(&o->arena, b.data);
	buf_release(&b);
	return r;
}

const char *outline_finding_where(struct outline *o, const struct finding *f)
{
	const struct target *t = check_where_target(f);
	struct describer d;
	struct buf b;

	if (!t)
		return f->expr ? f->expr : "";
	describer_borrow(&d, o->m, o->fs, &o->labels);
	buf_init(&b);
	describe_target(&d, t, &b);
	const char *r = arena_strdup(&o->arena, b.data);
	buf_release(&b);
	return r;
}

void outline_walk_text(const struct outline *o, enum place_kind kind, size_t row, const char *text,
		       outline_emit_fn emit, void *ctx)
{
	const size_t *ids;
	size_t n = outline_row_places(o, kind, row, &ids), pos = 0, len = strlen(text);

	for (size_t i = 0; i < n; i++) {
		const struct place *p = outline_place(o, ids[i]);
		if (p->off < pos || p->off + p->len > len) {
			/* overlaps the previous token: its mark goes right after it */
			emit(ctx, text + pos, 0, p);
			continue;
		}
		if (p->off > pos)
			emit(ctx, text + pos, p->off - pos, NULL);
		emit(ctx, text + p->off, p->len, p);
		pos = p->off + p->len;
	}
	if (pos < len || !len)
		emit(ctx, text + pos, len - pos, NULL);
}
