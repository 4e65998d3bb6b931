/*
 * image.c - the binary image of a validated model (see image.h).
 *
 * Layout; integers are little-endian as this machine writes them (the
 * byte-order word tells another machine's image apart):
 *   "JYIMAGE\n", u32 version, u32 byte order, u64 fact index layout
 *   (factset_index_layout), u64 fact record layout (fact_layout), u32
 *   tables, u32 fields of each;
 *   u64 bytes of the metadata (0: none) and the metadata with its NUL;
 *   per table, from a multiple of 8: u64 rows, u64 bytes of cells,
 *     i64 line[rows], u32 offset of each cell (row after row), then from a
 *     multiple of 8 the cells, each NUL-terminated;
 *   facts: u64 count (one per row of facts),
 *     periods, kinds and tables (each: u32 count, u64 bytes, the names
 *     NUL-terminated in id order), from a multiple of 64 the facts as
 *     struct fact_info (its layout checked by fact_layout in the header),
 *     u64 index capacity, u64 index count, u64 index slots[capacity];
 *   "JYIMGEND".
 * Tables and fact records are used where they lie (struct table's
 * cell_base and cell_offs; factset.facts_mapped): reading them is checking
 * offsets and ids, not building pointers or copying records.
 */
#include "image.h"

#include <assert.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/par.h"

static const char image_magic[8] = {'J', 'Y', 'I', 'M', 'A', 'G', 'E', '\n'};
static const char image_end[8] = {'J', 'Y', 'I', 'M', 'G', 'E', 'N', 'D'};

/* A table's lines are used in place as longs (struct table): 64 bits here. */
_Static_assert(sizeof(long) == 8, "an image stores lines as 64-bit integers");

enum {
	IMAGE_VERSION = 6,
	IMAGE_BYTE_ORDER = 0x01020304,
	ROWS_PER_TASK = 65536,
};

/* The layout of struct fact_info: an image's records are used as they lie,
 * so a build that lays them out otherwise must not read them. */
static uint64_t fact_layout(void)
{
	const uint64_t at[] = {sizeof(struct fact_info),
			       _Alignof(struct fact_info),
			       offsetof(struct fact_info, key),
			       offsetof(struct fact_info, value),
			       offsetof(struct fact_info, half_ulp),
			       offsetof(struct fact_info, ulp),
			       offsetof(struct fact_info, measure),
			       offsetof(struct fact_info, knum_flags),
			       offsetof(struct fact_info, exact),
			       offsetof(struct fact_info, half_ulp_failed),
			       offsetof(struct fact_info, not_applicable),
			       offsetof(struct fact_info, unit_len),
			       offsetof(struct fact_info, unit_at),
			       offsetof(struct fact_info, row),
			       offsetof(struct fact_info, line),
			       sizeof(struct fact_coord),
			       sizeof(struct dec)};
	return strmap_hash((const char *)at, sizeof(at));
}

static size_t tasks_for(size_t rows)
{
	return (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
}

/* ---- writing ------------------------------------------------------------------ */

static void put32(uint8_t *at, uint32_t v)
{
	memcpy(at, &v, 4);
}

static void put64(uint8_t *at, uint64_t v)
{
	memcpy(at, &v, 8);
}

/* Rows [from, to) of table r (RES_COUNT: of the facts), and for a table the
 * bytes of their cells and where they go among the table's cells. */
struct write_task {
	int r;
	size_t from, to;
	size_t bytes, at;
};

struct image_plan {
	const struct model *m;
	const struct factset *fs;
	size_t size;
	size_t table_at[RES_COUNT], cell_bytes[RES_COUNT]; /* where each table starts */
	size_t names_at, records_at, index_at;
	const char **names[3];
	size_t name_bytes[3];
	struct write_task *tasks;
	size_t n_tasks;
	uint8_t *dst; /* while writing */
};

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t align64(size_t n)
{
	return (n + 63) & ~(size_t)63;
}

/* Where table t's cells start, from the start of its section. */
static size_t cells_at(const struct table *t)
{
	return align8(16 + 8 * t->n_rows + 4 * t->n_rows * (size_t)t->def->n_fields);
}

static size_t row_bytes(const struct table *t, size_t row)
{
	size_t n = 0;
	for (int k = 0; k < t->def->n_fields; k++)
		n += strlen(table_cell(t, row, k)) + 1;
	return n;
}

static void write_rows(const struct image_plan *p, const struct write_task *w)
{
	const struct table *t = &p->m->tables[w->r];
	size_t nf = (size_t)t->def->n_fields, at = w->at;
	uint8_t *base = p->dst + p->table_at[w->r];
	uint8_t *lines = base + 16, *offs = lines + 8 * t->n_rows;
	char *cells = (char *)base + cells_at(t);

	for (size_t i = w->from; i < w->to; i++) {
		put64(lines + 8 * i, (uint64_t)(int64_t)t->lines[i]);
		for (size_t k = 0; k < nf; k++) {
			const char *c = table_cell(t, i, (int)k);
			size_t n = strlen(c) + 1;
			put32(offs + 4 * (i * nf + k), (uint32_t)at);
			memcpy(cells + at, c, n);
			at += n;
		}
	}
}

/* The records as they are in memory (parse_fact clears each one whole, so
 * their padding is zeros too). */
static void write_facts(const struct image_plan *p, const struct write_task *w)
{
	memcpy(p->dst + p->records_at + w->from * sizeof(struct fact_info), p->fs->facts + w->from,
	       (w->to - w->from) * sizeof(struct fact_info));
}

/* First pass (no dst): each task's cell bytes; second: the rows written. */
static void plan_task(void *ctx, size_t i)
{
	struct image_plan *p = ctx;
	struct write_task *w = &p->tasks[i];

	if (!p->dst) {
		const struct table *t = &p->m->tables[w->r];
		for (size_t row = w->from; w->r < RES_COUNT && row < w->to; row++)
			w->bytes += row_bytes(t, row);
	} else if (w->r == RES_COUNT) {
		write_facts(p, w);
	} else {
		write_rows(p, w);
	}
}

static void plan_tasks(struct image_plan *p, int r, size_t rows)
{
	for (size_t from = 0; from < rows; from += ROWS_PER_TASK) {
		struct write_task *w = &p->tasks[p->n_tasks++];
		memset(w, 0, sizeof(*w));
		w->r = r;
		w->from = from;
		w->to = rows - from > ROWS_PER_TASK ? from + ROWS_PER_TASK : rows;
	}
}

/* Names of a name table in id order (borrowed from its map). */
static const char **names_by_id(const struct name_table *nt, size_t *bytes)
{
	const char **names = xcalloc(nt->index.count + 1, sizeof(*names));

	*bytes = 0;
	for (size_t i = 0; i < nt->index.cap; i++) {
		const struct strmap_slot *s = &nt->index.slots[i];
		if (s->hash && s->value < nt->index.count) {
			names[s->value] = s->key;
			*bytes += strlen(s->key) + 1;
		}
	}
	return names;
}

static const struct name_table *plan_name_table(const struct image_plan *p, int i)
{
	return i == 0 ? &p->fs->periods : i == 1 ? &p->fs->kinds : &p->fs->tables;
}

struct image_plan *image_plan(const struct model *m, const struct factset *fs)
{
	struct image_plan *p = xcalloc(1, sizeof(*p));
	size_t n_tasks = 0;

	p->m = m;
	p->fs = fs;
	for (int r = 0; r < RES_COUNT; r++)
		n_tasks += tasks_for(m->tables[r].n_rows);
	p->tasks = xmalloc(sizeof(*p->tasks) * (n_tasks + tasks_for(fs->n_facts) + 1));
	for (int r = 0; r < RES_COUNT; r++)
		plan_tasks(p, r, m->tables[r].n_rows);
	par_for(p->n_tasks, plan_task, p); /* the bytes of every task's cells */
	size_t meta = m->meta_json ? strlen(m->meta_json) + 1 : 0;
	size_t size = sizeof(image_magic) + 28 + 4 * RES_COUNT + 8 + meta;
	for (size_t i = 0, r = 0; r < RES_COUNT; r++) {
		p->table_at[r] = size = align8(size);
		for (; i < p->n_tasks && p->tasks[i].r == (int)r; i++) {
			p->tasks[i].at = p->cell_bytes[r];
			p->cell_bytes[r] += p->tasks[i].bytes;
		}
		/* cells are found by 32-bit offsets: a table's cells come from one
		 * file of at most JY_CSV_FILE_BYTES_MAX */
		assert(p->cell_bytes[r] <= UINT32_MAX);
		size += cells_at(&m->tables[r]) + p->cell_bytes[r];
	}
	p->names_at = size;
	size += 8;
	for (int i = 0; i < 3; i++) {
		p->names[i] = names_by_id(plan_name_table(p, i), &p->name_bytes[i]);
		size += 12 + p->name_bytes[i];
	}
	p->records_at = size = align64(size);
	size += fs->n_facts * sizeof(struct fact_info);
	p->index_at = size;
	p->size = size + 16 + 8 * fs->fact_index.cap + sizeof(image_end);
	plan_tasks(p, RES_COUNT, fs->n_facts);
	return p;
}

size_t image_plan_size(const struct image_plan *p)
{
	return p->size;
}

void image_plan_write(struct image_plan *p, void *dst)
{
	const struct model *m = p->m;
	const struct factset *fs = p->fs;
	size_t meta = m->meta_json ? strlen(m->meta_json) + 1 : 0;
	uint8_t *at = dst;

	memcpy(at, image_magic, sizeof(image_magic));
	at += sizeof(image_magic);
	put32(at, IMAGE_VERSION);
	put32(at + 4, IMAGE_BYTE_ORDER);
	put64(at + 8, factset_index_layout());
	put64(at + 16, fact_layout());
	put32(at + 24, RES_COUNT);
	at += 28;
	for (int r = 0; r < RES_COUNT; r++, at += 4)
		put32(at, (uint32_t)schema_resources[r].n_fields);
	put64(at, meta);
	memcpy(at + 8, m->meta_json ? m->meta_json : "", meta);
	for (int r = 0; r < RES_COUNT; r++) {
		put64((uint8_t *)dst + p->table_at[r], m->tables[r].n_rows);
		put64((uint8_t *)dst + p->table_at[r] + 8, p->cell_bytes[r]);
	}
	at = (uint8_t *)dst + p->names_at;
	put64(at, fs->n_facts);
	at += 8;
	for (int i = 0; i < 3; i++) {
		const struct name_table *nt = plan_name_table(p, i);
		put32(at, (uint32_t)nt->index.count);
		put64(at + 4, p->name_bytes[i]);
		at += 12;
		for (size_t k = 0; k < nt->index.count; k++) {
			size_t n = strlen(p->names[i][k]) + 1;
			memcpy(at, p->names[i][k], n);
			at += n;
		}
	}
	at = (uint8_t *)dst + p->index_at;
	put64(at, fs->fact_index.cap);
	put64(at + 8, fs->fact_index.count);
	memcpy(at + 16, fs->fact_index.slots, 8 * fs->fact_index.cap);
	memcpy(at + 16 + 8 * fs->fact_index.cap, image_end, sizeof(image_end));
	p->dst = dst; /* the rows and the facts, on several threads */
	par_for(p->n_tasks, plan_task, p);
	p->dst = NULL;
}

void image_plan_release(struct image_plan *p)
{
	if (!p)
		return;
	for (int i = 0; i < 3; i++)
		free(p->names[i]);
	free(p->tasks);
	free(p);
}

void *image_write(const struct model *m, const struct factset *fs, size_t *len)
{
	struct image_plan *p = image_plan(m, fs);
	void *data = xcalloc(1, p->size); /* the padding too is written */

	image_plan_write(p, data);
	*len = p->size;
	image_plan_release(p);
	return data;
}

/* ---- reading ------------------------------------------------------------------ */

struct rcur {
	const uint8_t *start, *p, *end;
	const char *bad; /* what was wrong first, or NULL */
};

static const uint8_t *take(struct rcur *c, size_t n, const char *what)
{
	const uint8_t *at = c->p;

	if (c->bad)
		return NULL;
	if ((size_t)(c->end - c->p) < n) {
		c->bad = what;
		return NULL;
	}
	c->p += n;
	return at;
}

/* An unsigned integer of n bytes (4 or 8, little-endian as written). */
static uint64_t get_uint(struct rcur *c, size_t n, const char *what)
{
	uint64_t v = 0;
	const uint8_t *at = take(c, n, what);
	if (at)
		memcpy(&v, at, n);
	return v;
}

/* Notes what was wrong (the first thing only) and returns -1. */
static int fail(struct rcur *c, const char *what)
{
	if (!c->bad)
		c->bad = what;
	return -1;
}

/* A count of items of at least min_bytes each that fits in what is left. */
static uint64_t get_count(struct rcur *c, size_t min_bytes, const char *what)
{
	uint64_t n = get_uint(c, 8, what);
	if (!c->bad && n > (uint64_t)(c->end - c->p) / min_bytes)
		c->bad = what;
	return c->bad ? 0 : n;
}

/* Skips the padding to the next multiple of n (a power of two) from the
 * image's start. */
static int skip_to(struct rcur *c, size_t n)
{
	size_t at = (size_t)(c->p - c->start);
	take(c, ((at + n - 1) & ~(n - 1)) - at, "padding");
	return c->bad ? -1 : 0;
}

/* Rows [from, to) of table r, or of the facts when r is RES_COUNT, or
 * factset_begin. */
enum { TASK_FACTSET_BEGIN = RES_COUNT + 1 };

struct decode_task {
	int r;
	size_t from, to;
};

struct decode {
	struct model *m;
	struct factset *fs;
	size_t cell_bytes[RES_COUNT];	 /* of each table's cells */
	const struct fact_info *records; /* the fact records, where they lie */
	size_t n_names[3];
	struct decode_task *tasks;
	size_t n_tasks;
	atomic_int bad;
	struct diag quiet;    /* factset_begin's problems (none in a good image) */
	uint32_t *measure_of; /* each fact's measure, for the lists by measure */
};

/* Rows [from, to) of table r: every cell's offset must fall inside the
 * table's cells, whose last byte is a NUL, so every cell ends in them. */
static int decode_rows(struct decode *d, int r, size_t from, size_t to)
{
	const struct table *t = &d->m->tables[r];
	size_t nf = (size_t)t->def->n_fields, n = d->cell_bytes[r];

	for (size_t i = from * nf; i < to * nf; i++)
		if (t->cell_offs[i] >= n)
			return -1;
	return 0;
}

static int dec_valid(struct dec d)
{
	return d.scale >= 0 && d.scale <= JY_DEC_SCALE_MAX;
}

/* The facts of rows [from, to): every id checked against what it names
 * (their strings are the cells of their row, see fact_period). */
static int decode_facts(struct decode *d, size_t from, size_t to)
{
	const struct factset *fs = d->fs;

	for (size_t r = from; r < to; r++) {
		const struct fact_info *f = &d->records[r];
		const struct fact_coord *k = &f->key;
		if (k->measure >= fs->n_measures || f->measure != (int)k->measure ||
		    k->period >= d->n_names[0] || k->kind >= d->n_names[1] ||
		    k->table >= d->n_names[2] || f->row != r || f->exact > 1 ||
		    f->half_ulp_failed > 1 || !dec_valid(f->value) || !dec_valid(f->ulp) ||
		    !dec_valid(f->half_ulp))
			return -1;
		const struct measure_info *mi = &fs->measures[k->measure];
		for (int i = 0; i < JY_FACT_DIMS_MAX; i++)
			if (i < mi->n_dims ? k->members[i] >= fs->dims[mi->dim_index[i]].n_members
					   : k->members[i] != 0)
				return -1;
		d->measure_of[r] = k->measure;
	}
	return 0;
}

static void decode_task(void *ctx, size_t i)
{
	struct decode *d = ctx;
	const struct decode_task *task = &d->tasks[i];

	if (atomic_load(&d->bad))
		return;
	if (task->r == TASK_FACTSET_BEGIN) {
		factset_begin(d->fs, d->m, &d->quiet);
		return;
	}
	int rc = task->r == RES_COUNT ? decode_facts(d, task->from, task->to)
				      : decode_rows(d, task->r, task->from, task->to);
	if (rc)
		atomic_store(&d->bad, 1);
}

/* Runs the tasks on several threads; 0 when every one succeeded. */
static int decode_run(struct decode *d)
{
	par_for(d->n_tasks, decode_task, d);
	d->n_tasks = 0;
	return atomic_load(&d->bad) ? -1 : 0;
}

static void add_tasks(struct decode *d, int r, size_t rows)
{
	for (size_t from = 0; from < rows; from += ROWS_PER_TASK) {
		struct decode_task *task = &d->tasks[d->n_tasks++];
		task->r = r;
		task->from = from;
		task->to = rows - from > ROWS_PER_TASK ? from + ROWS_PER_TASK : rows;
	}
}

/* The model's tables and metadata. */
static int read_model(struct rcur *c, struct decode *d)
{
	struct model *m = d->m;
	size_t n_tasks = 0;

	const uint8_t *magic = take(c, sizeof(image_magic), "no image header");
	if (!magic || memcmp(magic, image_magic, sizeof(image_magic)) != 0)
		return fail(c, "not an image");
	if (get_uint(c, 4, "header") != IMAGE_VERSION ||
	    get_uint(c, 4, "header") != IMAGE_BYTE_ORDER ||
	    get_uint(c, 8, "header") != factset_index_layout() ||
	    get_uint(c, 8, "header") != fact_layout() || get_uint(c, 4, "header") != RES_COUNT)
		return fail(c, "another version");
	for (int r = 0; r < RES_COUNT; r++)
		if (get_uint(c, 4, "header") != (uint32_t)schema_resources[r].n_fields)
			return fail(c, "another version");
	uint64_t meta = get_count(c, 1, "metadata");
	const uint8_t *meta_at = take(c, meta, "metadata");
	if (c->bad)
		return -1;
	if (meta) {
		if (meta_at[meta - 1] != 0)
			return fail(c, "metadata");
		m->meta_json = (char *)meta_at;
	}
	for (int r = 0; r < RES_COUNT; r++) {
		struct table *t = &m->tables[r];
		size_t nf = (size_t)t->def->n_fields;
		if (skip_to(c, 8))
			return -1;
		uint64_t rows = get_count(c, 8 + 4 * nf, "table rows");
		uint64_t bytes = get_count(c, 1, "table cells");
		const uint8_t *lines = take(c, 8 * rows, "table lines");
		const uint8_t *offs = take(c, 4 * rows * nf, "table cells");
		if (skip_to(c, 8))
			return -1;
		const uint8_t *cells = take(c, bytes, "table cells");
		if (c->bad)
			return -1;
		if ((rows && !bytes) || (bytes && cells[bytes - 1] != 0))
			return fail(c, "table cells");
		d->cell_bytes[r] = bytes;
		t->cell_base = (const char *)cells;
		t->cell_offs = (const uint32_t *)(const void *)offs;
		t->lines = (long *)(uintptr_t)lines; /* only read: see struct table */
		t->n_rows = t->cap = rows;
		n_tasks += tasks_for(rows);
	}
	d->tasks =
		xmalloc(sizeof(*d->tasks) * (n_tasks + tasks_for(m->tables[RES_FACTS].n_rows) + 2));
	for (int r = 0; r < RES_COUNT; r++)
		if (r != RES_FACTS)
			add_tasks(d, r, m->tables[r].n_rows);
	if (decode_run(d))
		return fail(c, "table cells");
	/* the factset's dimensions and measures (from the tables just read) are
	 * built on one thread while the others read the facts' cells */
	d->tasks[d->n_tasks++] = (struct decode_task){TASK_FACTSET_BEGIN, 0, 0};
	add_tasks(d, RES_FACTS, m->tables[RES_FACTS].n_rows);
	if (decode_run(d))
		return fail(c, "table cells");
	return 0;
}

/* Interns the names of one name table in id order. */
static int read_names(struct rcur *c, struct name_table *nt, size_t *count)
{
	uint32_t n = get_uint(c, 4, "names");
	uint64_t bytes = get_count(c, 1, "names");
	const char *p = (const char *)take(c, bytes, "names");

	if (c->bad)
		return -1;
	const char *end = p + bytes;
	for (uint32_t i = 0; i < n; i++) {
		const char *nul = memchr(p, 0, (size_t)(end - p));
		size_t old;
		if (!nul || !strmap_add(&nt->index, p, i, &old))
			return fail(c, "names");
		p = nul + 1;
	}
	*count = n;
	return 0;
}

/* The facts, their names, their lists by measure and their index. */
static int read_facts(struct rcur *c, struct decode *d)
{
	struct factset *fs = d->fs;
	const struct table *t = &d->m->tables[RES_FACTS];

	uint64_t n = get_uint(c, 8, "facts");
	if (c->bad || d->quiet.count || n != t->n_rows)
		return fail(c, "facts");
	if (read_names(c, &fs->periods, &d->n_names[0]) ||
	    read_names(c, &fs->kinds, &d->n_names[1]) || read_names(c, &fs->tables, &d->n_names[2]))
		return -1;
	if (skip_to(c, 64))
		return -1;
	const uint8_t *records = take(c, n * sizeof(struct fact_info), "fact records");
	if (c->bad)
		return -1;
	if ((uintptr_t)records % _Alignof(struct fact_info) == 0) {
		free(fs->facts); /* factset_begin's, never touched */
		fs->facts = (struct fact_info *)(uintptr_t)records;
		fs->facts_mapped = 1;
	} else { /* an image in memory that is not 64-byte aligned: copied */
		memcpy(fs->facts, records, n * sizeof(struct fact_info));
	}
	d->records = fs->facts;
	d->measure_of = xmalloc(sizeof(*d->measure_of) * (n + 1));
	add_tasks(d, RES_COUNT, n);
	if (decode_run(d))
		return fail(c, "fact records");
	fs->n_facts = n;
	/* the lists by measure, sized first (read from the small array, not the
	 * records) */
	for (size_t i = 0; i < n; i++)
		fs->measures[d->measure_of[i]].cap_facts++;
	for (size_t k = 0; k < fs->n_measures; k++)
		fs->measures[k].facts = xmalloc(sizeof(size_t) * (fs->measures[k].cap_facts + 1));
	for (size_t i = 0; i < n; i++) {
		struct measure_info *mi = &fs->measures[d->measure_of[i]];
		mi->facts[mi->n_facts++] = i;
	}
	uint64_t cap = get_count(c, 8, "fact index");
	uint64_t count = get_uint(c, 8, "fact index");
	const uint8_t *slots = take(c, 8 * cap, "fact index");
	if (c->bad || cap < 16 || (cap & (cap - 1)) || count != n || count * 2 > cap)
		return fail(c, "fact index");
	free(fs->fact_index.slots);
	fs->fact_index.slots = xmalloc(8 * cap);
	fs->fact_index.cap = cap;
	fs->fact_index.count = count;
	memcpy(fs->fact_index.slots, slots, 8 * cap);
	/* a probe runs until an empty slot: the map must have as many empty
	 * slots as its load promises, or a lookup would never end; and a used
	 * slot names a fact, 1 to n (0 with a tag would read fact 0xFFFFFFFF) */
	size_t used = 0;
	for (size_t i = 0; i < cap; i++) {
		uint64_t slot = fs->fact_index.slots[i];
		used += slot != 0;
		if ((uint32_t)slot > n || (slot && !(uint32_t)slot))
			return fail(c, "fact index");
	}
	if (used != count)
		return fail(c, "fact index");
	const uint8_t *end = take(c, sizeof(image_end), "no end");
	if (!end || memcmp(end, image_end, sizeof(image_end)) != 0 || c->p != c->end)
		return fail(c, "no end");
	return 0;
}

int image_read(const void *data, size_t len, struct model *m, struct factset *fs,
	       struct jy_err *err)
{
	struct rcur c = {data, data, (const uint8_t *)data + len, NULL};
	struct decode d;

	memset(&d, 0, sizeof(d));
	memset(fs, 0, sizeof(*fs));
	d.m = m;
	d.fs = fs;
	atomic_init(&d.bad, 0);
	int rc = read_model(&c, &d);
	par_timing("load: image tables");
	if (!rc)
		rc = read_facts(&c, &d);
	free(d.tasks);
	free(d.measure_of);
	if (rc) {
		if (fs->facts)
			factset_release(fs);
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_IMAGE_DAMAGED,
				  c.bad ? c.bad : "unreadable",
				  (size_t)(c.p - (const uint8_t *)data));
	}
	model_dates_build(&fs->dates, m, fs); /* derived: not kept in the image */
	return 0;
}

/* ---- hashing ------------------------------------------------------------------ */

enum { HASH_CHUNK_BYTES = 4 << 20 };

struct hash_job {
	const uint8_t *data;
	size_t len;
	uint64_t *chunks;
};

static void hash_chunk(void *ctx, size_t i)
{
	struct hash_job *j = ctx;
	size_t at = i * HASH_CHUNK_BYTES;
	size_t n = j->len - at < HASH_CHUNK_BYTES ? j->len - at : HASH_CHUNK_BYTES;

	j->chunks[i] = strmap_hash((const char *)j->data + at, n);
}

/* Chunks hashed on several threads, then the list of their hashes. */
uint64_t image_hash(const void *data, size_t len)
{
	size_t n_chunks = (len + HASH_CHUNK_BYTES - 1) / HASH_CHUNK_BYTES;
	struct hash_job j = {data, len, xcalloc(n_chunks + 1, sizeof(uint64_t))};

	par_for(n_chunks, hash_chunk, &j);
	j.chunks[n_chunks] = len;
	uint64_t h = strmap_hash((const char *)j.chunks, sizeof(uint64_t) * (n_chunks + 1));
	free(j.chunks);
	return h;
}
