/*
 * ledger_sqlite.c - the budget execution ledger in SQLite (see ledger_store.h).
 *
 * An import reads the file as a stream (mapped, one record at a time),
 * inserts each transaction as it is checked and keeps in memory only what
 * the invariants need: the lines, the transfers by voucher, and one delta
 * per line and day. At the end those deltas are merged into each line's
 * cumulative series (ledger_cum), every point of the merged series is
 * checked, and the whole file commits or rolls back. docs/DESIGN.md, "The
 * budget execution ledger", says why the series are kept per line and day.
 */
#include "ledger_store.h"

#include <assert.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/kdate.h"
#include "base/limits.h"
#include "base/msg.h"
#include "base/utf8.h"
#include "ledger_writer.h"
#include "store.h"

struct ledger_db {
	sqlite3 *db;
	char *path;
	/* as-of reads: the series blob opened in place, and only the records
	 * a binary search needs read from it (a year's series is ~20 KiB) */
	sqlite3_blob *series;
	unsigned char *blob; /* its bytes */
	size_t blob_cap;
};

static int db_fail(struct ledger_db *db, struct jy_err *err, const char *what)
{
	return jy_err_set(err, JY_ESTORE, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
}

static int exec(struct ledger_db *db, const char *sql, struct jy_err *err)
{
	if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, err, sql);
	return 0;
}

static int prepare(struct ledger_db *db, const char *sql, sqlite3_stmt **st, struct jy_err *err)
{
	if (sqlite3_prepare_v2(db->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(db, err, "cannot prepare");
	return 0;
}

int ledger_db_open(const char *path, struct ledger_db **out, struct jy_err *err)
{
	struct store *s;
	int rc;

	/* the ledger's tables are an SQLite store's only, for now */
	if (store_holds_many(path))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_LEDGER_SQLITE_ONLY, path);
	/* the store's own open: refuses what is not a Jipyo database, migrates
	 * an older one (the ledger's tables are a migration step) */
	if ((rc = store_open_existing(path, &s, err)))
		return rc;
	store_close(s);

	struct ledger_db *db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = db_fail(db, err, "cannot open");
		ledger_db_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db->db, 5000);
	/* a large cache: an import touches the voucher index all over */
	if ((rc = exec(db, "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;", err))) {
		ledger_db_close(db);
		return rc;
	}
	/* WAL again if an import was killed while it had the file in rollback
	 * mode (ledger_import); when another connection holds the file, it
	 * stays as it is: this is a repair, not a condition of opening */
	sqlite3_exec(db->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	*out = db;
	return 0;
}

void ledger_db_close(struct ledger_db *db)
{
	if (!db)
		return;
	sqlite3_blob_close(db->series);
	free(db->blob);
	sqlite3_close(db->db);
	free(db->path);
	free(db);
}

int ledger_asof(struct ledger_db *db, long line_id, long day, struct ledger_cum *out,
		struct jy_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->day = day;
	rc = db->series ? sqlite3_blob_reopen(db->series, line_id)
			: sqlite3_blob_open(db->db, "main", "ledger_cum", "points", line_id, 0,
					    &db->series);
	if (rc != SQLITE_OK) {
		/* no series: a line nothing was booked on. Anything else is the
		 * database's. A handle that failed to move is spent: opened anew next */
		int missing = rc == SQLITE_ERROR && strstr(sqlite3_errmsg(db->db), "no such rowid");
		rc = missing ? 0 : db_fail(db, err, "reading the ledger");
		sqlite3_blob_close(db->series);
		db->series = NULL;
		return rc;
	}
	/* the whole blob, read from its start: a year's series is a few KiB,
	 * and its points are changes from the one before */
	int bytes = sqlite3_blob_bytes(db->series);
	xgrow((void **)&db->blob, &db->blob_cap, (size_t)bytes + 1, 1);
	if (sqlite3_blob_read(db->series, db->blob, bytes, 0) != SQLITE_OK)
		return db_fail(db, err, "reading the ledger");
	struct ledger_series_iter it;
	struct ledger_cum c;
	int more = ledger_series_begin(&it, db->blob, (size_t)bytes) ? -1 : 1;
	while (more == 1 && (more = ledger_series_next(&it, &c)) == 1) {
		if (c.day > day)
			break;
		*out = c;
	}
	out->day = day;
	if (more < 0)
		return jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_LEDGER_DAMAGED, db->path);
	return 0;
}

int ledger_asof_all(struct ledger_db *db, const struct ledger_view *v, long day,
		    struct ledger_cum *out, struct jy_err *err)
{
	for (size_t i = 0; i < v->n_lines; i++) {
		int rc = ledger_asof(db, v->lines[i].id, day, &out[i], err);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- the view ------------------------------------------------------------ */

static const char *col_text(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? arena_strdup(a, (const char *)t) : NULL;
}

int ledger_view_load(struct ledger_db *db, struct ledger_view *v, struct jy_err *err)
{
	sqlite3_stmt *st;
	size_t cap;
	int rc;

	memset(v, 0, sizeof(*v));
	arena_init(&v->arena);
	strmap_init(&v->unit_ix);
	strmap_init(&v->node_title);
	if ((rc = prepare(db, "SELECT id, parent, name_ko FROM units ORDER BY row_no", &st, err)))
		return rc;
	cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		xgrow((void **)&v->units, &cap, v->n_units + 1, sizeof(*v->units));
		struct ledger_unit *u = &v->units[v->n_units];
		u->id = col_text(st, 0, &v->arena);
		u->parent = col_text(st, 1, &v->arena);
		u->name = col_text(st, 2, &v->arena);
		strmap_put(&v->unit_ix, u->id, v->n_units++);
	}
	sqlite3_finalize(st);
	if ((rc = prepare(db, "SELECT id, title_ko FROM nodes ORDER BY row_no", &st, err)))
		return rc;
	cap = 0;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		xgrow((void **)&v->titles, &cap, n + 1, sizeof(*v->titles));
		v->titles[n] = col_text(st, 1, &v->arena);
		strmap_put(&v->node_title, col_text(st, 0, &v->arena), n++);
	}
	sqlite3_finalize(st);
	if ((rc = prepare(db, "SELECT id, year, unit, program, code FROM ledger_lines ORDER BY id",
			  &st, err)))
		return rc;
	cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		xgrow((void **)&v->lines, &cap, v->n_lines + 1, sizeof(*v->lines));
		struct ledger_line *l = &v->lines[v->n_lines++];
		size_t ix = 0;
		l->id = (long)sqlite3_column_int64(st, 0);
		l->year = sqlite3_column_int(st, 1);
		l->unit = col_text(st, 2, &v->arena);
		l->program = col_text(st, 3, &v->arena);
		l->code = col_text(st, 4, &v->arena);
		/* import checked the unit; a package imported again may have dropped it */
		l->unit_ix = strmap_get(&v->unit_ix, l->unit, &ix) ? ix : (size_t)-1;
	}
	sqlite3_finalize(st);
	return 0;
}

void ledger_view_release(struct ledger_view *v)
{
	free(v->units);
	free(v->titles);
	free(v->lines);
	strmap_release(&v->unit_ix);
	strmap_release(&v->node_title);
	arena_release(&v->arena);
	memset(v, 0, sizeof(*v));
}

const char *ledger_view_title(const struct ledger_view *v, const char *node)
{
	size_t ix;
	return strmap_get(&v->node_title, node, &ix) && v->titles[ix] ? v->titles[ix] : node;
}

/* ---- reading the file ------------------------------------------------------ */

/* One record at a time from a text in memory; quoted fields (with "" and
 * line breaks inside) are unquoted into `cells`. */
struct reader {
	const char *file;
	const char *p, *end;
	const char *record; /* where the last record read starts */
	long line;	    /* of the next record */
	struct buf cells;
	size_t offs[LCOL_COUNT + 1];
	const char *fields[LCOL_COUNT + 1];
	int n_fields;
};

/* A record without quotes on one line (nearly every one): copied at once
 * and cut at its commas, where the general loop below copies it field by
 * field. 1 when it was read, 0 when the record needs the general loop (a
 * quote, a carriage return inside, a field too long: its message is the
 * loop's). */
static int reader_plain(struct reader *r)
{
	const char *p = r->p, *nl = memchr(p, '\n', (size_t)(r->end - p));
	const char *stop = nl ? nl : r->end, *last = stop;
	if (last > p && last[-1] == '\r')
		last--;
	size_t len = (size_t)(last - p);
	if (memchr(p, '"', len) || memchr(p, '\r', len))
		return 0;
	buf_add(&r->cells, p, len);
	buf_addc(&r->cells, '\0');
	char *c = r->cells.data, *e = c + len;
	for (;;) {
		char *comma = memchr(c, ',', (size_t)(e - c));
		char *fend = comma ? comma : e;
		if ((size_t)(fend - c) > JY_CSV_FIELD_BYTES_MAX)
			return 0;
		if (r->n_fields <= LCOL_COUNT)
			r->offs[r->n_fields] = (size_t)(c - r->cells.data);
		r->n_fields++;
		*fend = '\0';
		if (!comma)
			break;
		c = comma + 1;
	}
	r->p = nl ? nl + 1 : r->end;
	if (nl)
		r->line++;
	return 1;
}

/* 1 a record, 0 the end, or an error code. *row gets the record's line. */
static int reader_next(struct reader *r, long *row, struct jy_err *err)
{
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) { /* blank lines */
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	*row = r->line;
	buf_reset(&r->cells);
	r->n_fields = 0;
	const char *line_start = r->p;
	r->record = r->p;
	if (reader_plain(r))
		goto fields;
	buf_reset(&r->cells);
	r->n_fields = 0;
	for (;;) {
		size_t start = r->cells.len;
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				const char *q = memchr(r->p, '"', (size_t)(r->end - r->p));
				if (!q)
					return jy_err_at(err, JY_EINPUT, r->file, *row,
							 utf8_column(line_start, 0) + r->n_fields,
							 NULL, "%s", msg(M_LEDGER_QUOTE_OPEN));
				for (const char *c = r->p; c < q; c++)
					if (*c == '\n')
						r->line++;
				buf_add(&r->cells, r->p, (size_t)(q - r->p));
				r->p = q + 1;
				if (r->p < r->end && *r->p == '"') {
					buf_addc(&r->cells, '"');
					r->p++;
					continue;
				}
				break;
			}
		} else {
			const char *q = r->p;
			while (q < r->end && *q != ',' && *q != '\n' && *q != '\r' && *q != '"')
				q++;
			if (q < r->end && *q == '"')
				return jy_err_at(err, JY_EINPUT, r->file, *row,
						 (long)(q - line_start) + 1, NULL, "%s",
						 msg(M_LEDGER_QUOTE_INSIDE));
			buf_add(&r->cells, r->p, (size_t)(q - r->p));
			r->p = q;
		}
		if (r->cells.len - start > JY_CSV_FIELD_BYTES_MAX)
			return jy_err_msg(err, JY_EINPUT, r->file, *row, r->n_fields + 1, NULL,
					  M_LEDGER_FIELD_LONG, JY_CSV_FIELD_BYTES_MAX);
		buf_addc(&r->cells, '\0');
		if (r->n_fields <= LCOL_COUNT)
			r->offs[r->n_fields] = start;
		r->n_fields++;
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p != '\n')
			return jy_err_msg(err, JY_EINPUT, r->file, *row, 0, NULL,
					  M_LEDGER_AFTER_QUOTE);
		if (r->p < r->end) {
			r->p++;
			r->line++;
		}
		break;
	}
fields:;
	int n = r->n_fields <= LCOL_COUNT ? r->n_fields : LCOL_COUNT + 1;
	for (int i = 0; i < n; i++)
		r->fields[i] = r->cells.data + r->offs[i];
	if (!utf8_valid(r->cells.data, r->cells.len, &(size_t){0}))
		return jy_err_msg(err, JY_EINPUT, r->file, *row, 0, NULL, M_LEDGER_NOT_UTF8);
	return 1;
}

/* ---- what an import keeps in memory -------------------------------------- */

struct line_rec {
	long id;
	int is_new;
	int opened;	    /* a budget row (stored or in this file) opens it */
	long first_use_row; /* the first row of this file that uses it, for messages */
	const char *name;   /* "unit / program / code" for messages */
	long jan1;	    /* the first day of its fiscal year */
	uint32_t *slots;    /* per day of the year: 1 + its delta's index, 0 none */
};

struct transfer {
	const char *ref;
	int64_t sum;
	int legs;
	long day, row, last_row;
};

struct delta {
	long line_ix; /* into lines */
	struct ledger_cum c;
	long row; /* the last row of this file on this line and day */
};

/* The vouchers (of leg 0) of a file a dry run has read: each one's hash,
 * where its row starts in the text and the row. They are appended as rows
 * come, in order, and sorted by hash only when a duplicate must be looked
 * for (at the end, or at another error): an insert into a hash set of a
 * million vouchers, a cache miss each, made the dry run a third slower. No
 * copy of a voucher is kept: a hash that two rows share is confirmed by
 * reading both rows again. */
struct voucher_rec {
	uint64_t hash;
	size_t at;
	long row;
};

struct vouchers {
	struct voucher_rec *v;
	size_t n, cap;
};

/* Sorts by hash, keeping the rows' order within one hash (LSD radix, 16
 * bits a pass: four sequential passes instead of a comparison sort). */
static void vouchers_sort(struct voucher_rec *v, size_t n)
{
	struct voucher_rec *tmp = xmalloc((n ? n : 1) * sizeof(*tmp)), *src = v, *dst = tmp;
	size_t *count = xmalloc(65536 * sizeof(*count));
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, 65536 * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[(src[i].hash >> shift) & 0xffff]++;
		for (size_t d = 0, sum = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[(src[i].hash >> shift) & 0xffff]++] = src[i];
		struct voucher_rec *t = src;
		src = dst;
		dst = t;
	}
	/* four passes: the sorted records are back in v */
	assert(src == v);
	free(count);
	free(tmp);
}

struct importer {
	struct ledger_db *db;
	const char *file;
	struct arena arena;
	struct strmap units, nodes;
	struct strmap line_ix; /* "year\x1funit\x1fprogram\x1fcode" -> index */
	struct line_rec *lines;
	size_t n_lines, cap_lines;
	long next_line_id;
	struct strmap transfer_ix; /* ref -> index */
	struct transfer *transfers;
	size_t n_transfers, cap_transfers;
	/* deltas by (line, day): found through the line's slots */
	struct delta *deltas;
	size_t n_deltas, cap_deltas;
	struct buf key;
	struct ledger_writer *w; /* the inserts, while the file is read */
	long import_id;
	/* a dry run writes nothing: the vouchers the UNIQUE(ref, leg) index
	 * would refuse are found in memory (the file's, leg 0; a transfer's
	 * legs are numbered apart) and by a lookup (the stored ones, when
	 * there are any) */
	int dry;
	struct vouchers vouchers;
	sqlite3_stmt *find_tx;
	const char *text, *text_end; /* the file's, and where this row starts */
	const char *record;
};

static int load_ids(struct importer *im, const char *sql, struct strmap *m, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(im->db, sql, &st, err);
	if (rc)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW)
		strmap_put(m, arena_strdup(&im->arena, (const char *)sqlite3_column_text(st, 0)),
			   1);
	sqlite3_finalize(st);
	return 0;
}

static size_t add_line(struct importer *im, long id, int year, int is_new, const char *key)
{
	xgrow((void **)&im->lines, &im->cap_lines, im->n_lines + 1, sizeof(*im->lines));
	struct line_rec *l = &im->lines[im->n_lines];
	memset(l, 0, sizeof(*l));
	l->id = id;
	l->is_new = is_new;
	l->opened = !is_new;
	l->jan1 = kdate_daynum((struct kdate){year, 1, 1});
	char *name = arena_strdup(&im->arena, key);
	strmap_put(&im->line_ix, name, im->n_lines);
	l->name = name;
	if (id >= im->next_line_id)
		im->next_line_id = id + 1;
	return im->n_lines++;
}

static int load_lines(struct importer *im, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc =
		prepare(im->db, "SELECT id, year, unit, program, code FROM ledger_lines", &st, err);
	if (rc)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		buf_reset(&im->key);
		buf_addf(&im->key, "%04d\x1f%s\x1f%s\x1f%s", sqlite3_column_int(st, 1),
			 sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
			 sqlite3_column_text(st, 4));
		add_line(im, (long)sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1), 0,
			 im->key.data);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The delta of a line and day, made when it is new. A line's slots are
 * one array per line (1.4 KiB), not a hash of (line, day): an import
 * touches them at random and one cache miss is cheaper than a probe. */
static struct delta *delta_at(struct importer *im, size_t line_ix, long day)
{
	struct line_rec *l = &im->lines[line_ix];
	long slot = day - l->jan1;
	assert(slot >= 0 && slot < 366); /* ledger_parse_row keeps days in their year */
	if (!l->slots)
		l->slots = xcalloc(366, sizeof(*l->slots));
	if (l->slots[slot])
		return &im->deltas[l->slots[slot] - 1];
	xgrow((void **)&im->deltas, &im->cap_deltas, im->n_deltas + 1, sizeof(*im->deltas));
	struct delta *d = &im->deltas[im->n_deltas++];
	l->slots[slot] = (uint32_t)im->n_deltas;
	memset(d, 0, sizeof(*d));
	d->line_ix = (long)line_ix;
	d->c.day = day;
	return d;
}

/* The line of a transaction, made when it is new (its unit and program must
 * be the package's). */
static int resolve_line(struct importer *im, const struct ledger_tx *tx, long row, size_t *ix,
			struct jy_err *err)
{
	/* by hand, not buf_addf: this runs once per row; a year has four digits */
	char year[4] = {(char)('0' + tx->year / 1000), (char)('0' + tx->year / 100 % 10),
			(char)('0' + tx->year / 10 % 10), (char)('0' + tx->year % 10)};
	assert(tx->year >= 1000 && tx->year <= 9999);
	buf_reset(&im->key);
	buf_add(&im->key, year, 4);
	buf_addc(&im->key, '\x1f');
	buf_adds(&im->key, tx->unit);
	buf_addc(&im->key, '\x1f');
	buf_adds(&im->key, tx->program);
	buf_addc(&im->key, '\x1f');
	buf_adds(&im->key, tx->line);
	if (strmap_getn(&im->line_ix, im->key.data, im->key.len, ix))
		return 0;
	if (!strmap_get(&im->units, tx->unit, &(size_t){0}))
		return jy_err_msg(err, JY_EINPUT, im->file, row, LCOL_UNIT + 1, "unit",
				  M_LEDGER_UNKNOWN_UNIT, tx->unit);
	if (!strmap_get(&im->nodes, tx->program, &(size_t){0}))
		return jy_err_msg(err, JY_EINPUT, im->file, row, LCOL_PROGRAM + 1, "program",
				  M_LEDGER_UNKNOWN_PROGRAM, tx->program);
	*ix = add_line(im, im->next_line_id, tx->year, 1, im->key.data);
	struct line_rec *l = &im->lines[*ix];
	l->first_use_row = row;
	if (!im->dry) /* the writer's error, if any, is taken after the row's */
		lw_line(im->w, l->id, tx->year, tx->unit, tx->program, tx->line);
	return 0;
}

/* The leg number of a transfer row (1, 2, …), its voucher's running sum kept. */
static int transfer_leg(struct importer *im, const struct ledger_tx *tx, long row)
{
	size_t ix;
	if (!strmap_get(&im->transfer_ix, tx->ref, &ix)) {
		xgrow((void **)&im->transfers, &im->cap_transfers, im->n_transfers + 1,
		      sizeof(*im->transfers));
		ix = im->n_transfers++;
		struct transfer *t = &im->transfers[ix];
		memset(t, 0, sizeof(*t));
		t->ref = arena_strdup(&im->arena, tx->ref);
		t->day = tx->day;
		t->row = row;
		strmap_put(&im->transfer_ix, t->ref, ix);
	}
	struct transfer *t = &im->transfers[ix];
	t->legs++;
	t->last_row = row;
	if (tx->day != t->day)
		t->day = -1; /* legs on different days: reported at the end */
	if (__builtin_add_overflow(t->sum, tx->amount, &t->sum))
		t->sum = INT64_MAX; /* cannot balance */
	return t->legs;
}

static int voucher_booked(struct importer *im, const struct ledger_tx *tx, long row,
			  struct jy_err *err)
{
	return jy_err_msg(err, JY_EINPUT, im->file, row, LCOL_REF + 1, "ref",
			  M_LEDGER_VOUCHER_BOOKED, tx->ref);
}

/* The voucher of the row at offset at, read again, into out. */
static void voucher_at(struct importer *im, size_t at, struct buf *out)
{
	struct reader r = {.file = im->file, .p = im->text + at, .end = im->text_end};
	struct jy_err ignored;
	long row;
	buf_init(&r.cells);
	buf_reset(out);
	/* it was read once: it reads again */
	if (reader_next(&r, &row, &ignored) == 1 && r.n_fields > LCOL_REF)
		buf_adds(out, r.fields[LCOL_REF]);
	buf_release(&r.cells);
}

/* The first row of the file, if any, at or before `before` whose voucher
 * (leg 0) an earlier row has too: what the index would have refused first.
 * Returns its row (0 none), the voucher in ref. */
static long first_duplicate(struct importer *im, long before, struct buf *ref)
{
	struct vouchers *vs = &im->vouchers;
	struct buf a, b;
	long first = 0;

	vouchers_sort(vs->v, vs->n);
	buf_init(&a), buf_init(&b);
	for (size_t i = 0; i < vs->n;) {
		size_t j = i + 1;
		while (j < vs->n && vs->v[j].hash == vs->v[i].hash)
			j++;
		/* rows of one hash, in file order: a later one that an earlier
		 * one's voucher equals (not merely its hash) */
		for (size_t k = i + 1; k < j; k++) {
			if (vs->v[k].row > before || (first && vs->v[k].row >= first))
				break;
			voucher_at(im, vs->v[k].at, &a);
			for (size_t e = i; e < k; e++) {
				voucher_at(im, vs->v[e].at, &b);
				if (strcmp(a.data, b.data) == 0) {
					first = vs->v[k].row;
					buf_reset(ref);
					buf_adds(ref, a.data);
					break;
				}
			}
		}
		i = j;
	}
	buf_release(&a), buf_release(&b);
	return first;
}

/* An import stopped at row `at` with an error (or at the end, LONG_MAX,
 * with none): a voucher repeated at or before it is what the real import
 * would have refused first. */
static int dry_duplicates(struct importer *im, long at, int rc, struct jy_err *err)
{
	struct buf ref;
	buf_init(&ref);
	long row = im->dry && im->vouchers.n ? first_duplicate(im, at, &ref) : 0;
	if (row) {
		jy_err_clear(err);
		rc = jy_err_msg(err, JY_EINPUT, im->file, row, LCOL_REF + 1, "ref",
				M_LEDGER_VOUCHER_BOOKED, ref.data);
	}
	buf_release(&ref);
	return rc;
}

/* A dry run's insert_tx: the same voucher refused, nothing written. */
static int check_voucher(struct importer *im, const struct ledger_tx *tx, long row, int leg,
			 struct jy_err *err)
{
	size_t n = strlen(tx->ref);
	if (!n) /* NULL refs are distinct to the index */
		return 0;
	if (leg == 0) { /* looked for later (dry_duplicates) */
		struct vouchers *vs = &im->vouchers;
		xgrow((void **)&vs->v, &vs->cap, vs->n + 1, sizeof(*vs->v));
		vs->v[vs->n++] = (struct voucher_rec){strmap_hash(tx->ref, n),
						      (size_t)(im->record - im->text), row};
	}
	if (!im->find_tx)
		return 0;
	sqlite3_reset(im->find_tx);
	sqlite3_bind_text(im->find_tx, 1, tx->ref, (int)n, SQLITE_STATIC);
	sqlite3_bind_int(im->find_tx, 2, leg);
	int rc = sqlite3_step(im->find_tx);
	sqlite3_reset(im->find_tx);
	if (rc == SQLITE_ROW)
		return voucher_booked(im, tx, row, err);
	return rc == SQLITE_DONE ? 0 : db_fail(im->db, err, "reading the ledger");
}

static int take_row(struct importer *im, const char *const *fields, int n, long row,
		    struct jy_err *err)
{
	struct ledger_tx tx;
	size_t lix;
	int leg = 0, rc;
	struct buf memo;

	if ((rc = ledger_parse_row(im->file, row, fields, n, &tx, err)) ||
	    (rc = resolve_line(im, &tx, row, &lix, err)))
		return rc;
	struct line_rec *l = &im->lines[lix];
	if (ledger_kind_class(tx.kind) <= LC_TRANSFER)
		l->opened = 1;
	else if (!l->first_use_row)
		l->first_use_row = row;
	if (ledger_kind_is_transfer(tx.kind))
		leg = transfer_leg(im, &tx, row);
	buf_init(&memo);
	if (*tx.memo && !utf8_is_nfc_quick(tx.memo, strlen(tx.memo))) {
		if ((rc = utf8_nfc(tx.memo, &memo, err))) {
			buf_release(&memo);
			return rc;
		}
		tx.memo = memo.data;
	}
	/* 1: the writer stopped at an error (the voucher index's): read no further */
	rc = im->dry ? check_voucher(im, &tx, row, leg, err)
		     : lw_tx(im->w, row, im->lines[lix].id, tx.day, (int)tx.kind, tx.amount, tx.ref,
			     leg, tx.memo);
	buf_release(&memo);
	if (rc)
		return rc;
	struct delta *d = delta_at(im, lix, tx.day);
	if (ledger_cum_add(&d->c, tx.kind, tx.amount))
		return jy_err_msg(err, JY_EINPUT, im->file, row, LCOL_AMOUNT + 1, "amount",
				  M_LEDGER_TOTAL_OVERFLOW);
	if (ledger_kind_class(tx.kind) >= LC_OBLIGATION || d->row == 0)
		d->row = row;
	return 0;
}

/* Transfers balance, two legs on one day; every line is opened by a budget row. */
static int check_pairs(struct importer *im, struct jy_err *err)
{
	for (size_t i = 0; i < im->n_transfers; i++) {
		const struct transfer *t = &im->transfers[i];
		if (t->legs != 2)
			return jy_err_msg(err, JY_EINPUT, im->file, t->row, LCOL_REF + 1, "ref",
					  M_LEDGER_TRANSFER_LEGS, t->ref, t->legs);
		if (t->sum != 0)
			return jy_err_msg(err, JY_EINPUT, im->file, t->last_row, LCOL_AMOUNT + 1,
					  "amount", M_LEDGER_TRANSFER_UNBALANCED, t->ref);
		if (t->day < 0)
			return jy_err_msg(err, JY_EINPUT, im->file, t->last_row, LCOL_DATE + 1,
					  "date", M_LEDGER_TRANSFER_DAYS, t->ref);
	}
	for (size_t i = 0; i < im->n_lines; i++)
		if (!im->lines[i].opened)
			return jy_err_msg(err, JY_EINPUT, im->file, im->lines[i].first_use_row,
					  LCOL_LINE + 1, "line", M_LEDGER_LINE_UNOPENED,
					  "본예산, 추경, 이월, 예비비"); /* the kinds as typed */
	return 0;
}

static int violation_error(struct importer *im, const struct line_rec *l, const struct delta *d,
			   const struct ledger_cum *at, int v, struct jy_err *err)
{
	struct buf day, a, b;
	buf_init(&day), buf_init(&a), buf_init(&b);
	ledger_format_day(&day, at->day);
	int64_t lhs = v == 1 ? at->expenditure : at->obligation;
	int64_t rhs = v == 1 ? at->obligation : ledger_cum_current(at);
	ledger_format_won(&a, lhs);
	ledger_format_won(&b, rhs);
	char name[256];
	snprintf(name, sizeof(name), "%s", strchr(l->name, '\x1f') + 1);
	for (char *c = name; *c; c++)
		if (*c == '\x1f')
			*c = '/';
	int rc = jy_err_msg(err, JY_EINPUT, im->file, d->row, LCOL_AMOUNT + 1, "amount",
			    M_LEDGER_VIOLATION, ledger_violation_message(v), name, day.data, a.data,
			    b.data);
	buf_release(&day), buf_release(&a), buf_release(&b);
	return rc;
}

/* The stored series of a line, as per-day deltas, into *pts: the number
 * of points, or -1 when the blob does not read. */
static long stored_deltas(sqlite3_stmt *sel, long line_id, struct ledger_cum **pts)
{
	long n = 0;
	*pts = NULL;
	sqlite3_reset(sel);
	sqlite3_bind_int64(sel, 1, line_id);
	if (sqlite3_step(sel) == SQLITE_ROW) {
		const unsigned char *blob = sqlite3_column_blob(sel, 0);
		size_t len = (size_t)sqlite3_column_bytes(sel, 0), cap = 0;
		struct ledger_series_iter it;
		struct ledger_cum prev = {0}, c;
		int more = ledger_series_begin(&it, blob, len) ? -1 : 1;
		while (more == 1 && (more = ledger_series_next(&it, &c)) == 1) {
			xgrow((void **)pts, &cap, (size_t)n + 2, sizeof(**pts));
			/* a stored series was checked: its differences do not overflow */
			(*pts)[n++] = (struct ledger_cum){c.day,
							  c.budget - prev.budget,
							  c.carry - prev.carry,
							  c.reserve - prev.reserve,
							  c.transfer - prev.transfer,
							  c.obligation - prev.obligation,
							  c.expenditure - prev.expenditure};
			prev = c;
		}
		if (more < 0)
			n = -1;
	}
	sqlite3_reset(sel);
	return n;
}

/* Merges one line's new deltas ds[0..n) (sorted by day) into its stored
 * series, checks every point and writes the series back. */
static int merge_line(struct importer *im, struct delta *ds, size_t n, sqlite3_stmt *sel,
		      sqlite3_stmt *put, struct jy_err *err)
{
	const struct line_rec *l = &im->lines[ds[0].line_ix];
	struct ledger_cum *old = NULL;
	long n_stored = l->is_new ? 0 : stored_deltas(sel, l->id, &old);
	if (n_stored < 0) {
		free(old);
		return jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_LEDGER_DAMAGED, im->db->path);
	}
	size_t n_old = (size_t)n_stored, total = 0;
	struct ledger_cum *merged = xmalloc((n_old + n) * sizeof(*merged));
	long *rows = xcalloc(n_old + n, sizeof(*rows)); /* the new row behind a point, or 0 */
	unsigned char *blob = NULL;
	int rc = 0;

	for (size_t i = 0, j = 0; i < n_old || j < n;) {
		if (j >= n || (i < n_old && old[i].day < ds[j].c.day)) {
			merged[total++] = old[i++];
			continue;
		}
		struct ledger_cum c = ds[j].c;
		if (i < n_old && old[i].day == c.day && ledger_cum_sum(&c, &old[i++]))
			goto overflow;
		rows[total] = ds[j++].row;
		merged[total++] = c;
	}
	long bad = ledger_cum_accumulate(merged, total, NULL);
	if (bad < 0)
		goto overflow;
	if ((size_t)bad < total) {
		/* the row to name: the last new one at or before the point (the
		 * stored series alone held, so there is one) */
		long k = bad;
		while (k > 0 && !rows[k])
			k--;
		struct delta at = {.row = rows[k]};
		rc = violation_error(im, l, &at, &merged[bad], ledger_cum_violation(&merged[bad]),
				     err);
		goto out;
	}
	if (im->dry)
		goto out;
	blob = xmalloc(ledger_series_bound(total));
	size_t bytes = ledger_series_encode(merged, total, blob);
	sqlite3_reset(put);
	sqlite3_bind_int64(put, 1, l->id);
	sqlite3_bind_blob(put, 2, blob, (int)bytes, SQLITE_STATIC);
	if (sqlite3_step(put) != SQLITE_DONE)
		rc = db_fail(im->db, err, "writing the cumulative figures");
	sqlite3_reset(put);
	goto out;
overflow:
	rc = jy_err_msg(err, JY_EINPUT, im->file, ds[0].row, LCOL_AMOUNT + 1, "amount",
			M_LEDGER_CUM_OVERFLOW);
out:
	free(old), free(merged), free(rows), free(blob);
	return rc;
}

static int merge_all(struct importer *im, struct jy_err *err)
{
	sqlite3_stmt *sel = NULL, *put = NULL;
	struct delta ds[366];
	int rc;

	if ((rc = prepare(im->db, "SELECT points FROM ledger_cum WHERE line=?1", &sel, err)) ||
	    (!im->dry &&
	     (rc = prepare(im->db, "INSERT OR REPLACE INTO ledger_cum VALUES(?1,?2)", &put, err))))
		goto out;
	/* line by line, each one's deltas in day order from its slots: no sort */
	for (size_t i = 0; i < im->n_lines; i++) {
		const uint32_t *slots = im->lines[i].slots;
		size_t n = 0;
		for (int d = 0; slots && d < 366; d++)
			if (slots[d])
				ds[n++] = im->deltas[slots[d] - 1];
		if (n && (rc = merge_line(im, ds, n, sel, put, err)))
			goto out;
	}
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(put);
	return rc;
}

static void importer_release(struct importer *im)
{
	if (im->w)
		lw_finish(im->w, &(struct jy_err){0});
	sqlite3_finalize(im->find_tx);
	free(im->vouchers.v);
	strmap_release(&im->units);
	strmap_release(&im->nodes);
	strmap_release(&im->line_ix);
	strmap_release(&im->transfer_ix);
	for (size_t i = 0; i < im->n_lines; i++)
		free(im->lines[i].slots);
	free(im->lines);
	free(im->transfers);
	free(im->deltas);
	buf_release(&im->key);
	arena_release(&im->arena);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Reads the text (already UTF-8) and writes it; the caller commits. */
static int import_text(struct importer *im, const char *data, size_t len, int progress, long *rows,
		       struct jy_err *err)
{
	struct reader r = {.file = im->file, .p = data, .end = data + len, .line = 1};
	long row;
	int rc;

	buf_init(&r.cells);
	rc = reader_next(&r, &row, err);
	if (rc == 0)
		rc = jy_err_msg(err, JY_EINPUT, im->file, 1, 0, NULL, M_LEDGER_EMPTY);
	if (rc < 0 || (rc = ledger_check_header(im->file, r.fields, r.n_fields, err)))
		goto out;
	*rows = 0;
	im->text = data;
	im->text_end = data + len;
	if (!im->dry &&
	    (rc = lw_start(im->db->db, im->db->path, im->file, im->import_id, &im->w, err)))
		goto out;
	while ((rc = reader_next(&r, &row, err)) == 1) {
		im->record = r.record;
		if ((rc = take_row(im, r.fields, r.n_fields, row, err)))
			break;
		if (++*rows % 65536 == 0 && progress)
			fprintf(stderr, "\r%s: %ld rows (%d%%)", im->file, *rows,
				(int)((double)(r.p - data) * 100 / (double)len));
	}
	if (progress)
		fprintf(stderr, "\r%*s\r", 60, "");
	/* rc: 0 the end, 1 the writer stopped, or an error at row (of the row's
	 * own, or a record that does not read). The writer's error comes
	 * first: it is at a row written before the reader's stopped. */
	if (im->w) {
		struct jy_err werr;
		int wrc = lw_finish(im->w, &werr);
		im->w = NULL;
		if (wrc) {
			*err = werr;
			rc = wrc;
			goto out;
		}
	}
	assert(rc != 1);
	if (rc == JY_EINPUT)
		rc = dry_duplicates(im, row, rc, err);
	if (rc < 0 || (rc = dry_duplicates(im, LONG_MAX, 0, err)))
		goto out;
	if ((rc = check_pairs(im, err)) || (rc = merge_all(im, err)) || im->dry)
		goto out;
	sqlite3_stmt *st;
	if ((rc = prepare(im->db, "UPDATE ledger_imports SET rows=?1 WHERE id=?2", &st, err)))
		goto out;
	sqlite3_bind_int64(st, 1, *rows);
	sqlite3_bind_int64(st, 2, im->import_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(im->db, err, "recording the import");
	sqlite3_finalize(st);
out:
	buf_release(&r.cells);
	return rc;
}

static int importer_init(struct importer *im, struct ledger_db *db, const char *file, int dry,
			 struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc;
	memset(im, 0, sizeof(*im));
	im->db = db;
	im->file = file;
	im->next_line_id = 1;
	im->dry = dry;
	arena_init(&im->arena);
	strmap_init(&im->units);
	strmap_init(&im->nodes);
	strmap_init(&im->line_ix);
	strmap_init(&im->transfer_ix);
	buf_init(&im->key);
	if ((rc = load_ids(im, "SELECT id FROM units", &im->units, err)) ||
	    (rc = load_ids(im, "SELECT id FROM nodes", &im->nodes, err)) ||
	    (rc = load_lines(im, err)))
		return rc;
	if (dry) {
		/* the stored vouchers are looked up only when there are some */
		if ((rc = prepare(db, "SELECT EXISTS(SELECT 1 FROM ledger_tx)", &st, err)))
			return rc;
		int any = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		return any ? prepare(db, "SELECT 1 FROM ledger_tx WHERE ref=?1 AND leg=?2",
				     &im->find_tx, err)
			   : 0;
	}
	if ((rc = prepare(db,
			  "INSERT INTO ledger_imports(file, rows, at)"
			  " VALUES(?1, 0, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
			  &st, err)))
		return rc;
	sqlite3_bind_text(st, 1, base_name(file), -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, err, "recording the import");
	sqlite3_finalize(st);
	im->import_id = (long)sqlite3_last_insert_rowid(db->db);
	return rc;
}

/* Sets the journal mode (and the syncs that keep a commit durable in it);
 * 1 when the database is in that mode after. Leaving WAL needs every other
 * connection closed: with a reader open, the mode stays as it was. */
static int journal_mode(struct ledger_db *db, const char *mode)
{
	char sql[96];
	sqlite3_stmt *st;
	int now = 0;

	snprintf(sql, sizeof(sql), "PRAGMA journal_mode=%s", mode);
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		now = sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), mode) == 0;
	sqlite3_finalize(st);
	/* WAL: NORMAL, as every store; a rollback journal: FULL, so that the
	 * commit is on disk when it returns */
	if (now)
		sqlite3_exec(db->db,
			     sqlite3_stricmp(mode, "wal") == 0 ? "PRAGMA synchronous=NORMAL"
							       : "PRAGMA synchronous=FULL",
			     NULL, NULL, NULL);
	return now;
}

/* The file's text as UTF-8: mapped as it is, or converted from CP949 into
 * conv (a CP949 file is a spreadsheet's export: small). */
/* A byte that neither UTF-8 nor CP949 reads, named by its line and field
 * (fields counted by the commas outside quotes before it on its line). */
static int bad_byte(const char *path, const char *data, size_t off, struct jy_err *err)
{
	long line = 1, field = 1;
	int quoted = 0;

	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n')
			line++, field = 1, quoted = 0;
		else if (data[i] == '"')
			quoted = !quoted;
		else if (data[i] == ',' && !quoted)
			field++;
	}
	return jy_err_msg(err, JY_EINPUT, path, line, field, NULL, M_BAD_BYTE,
			  (unsigned char)data[off], msg(M_BYTE_NOT_CP949));
}

static int file_text(const char *path, enum ledger_encoding enc, const char *map, size_t len,
		     const char **data, size_t *n, struct buf *conv, struct jy_err *err)
{
	*data = map;
	*n = len;
	if (len >= 3 && memcmp(map, "\xef\xbb\xbf", 3) == 0) {
		*data += 3, *n -= 3;
		return 0;
	}
	if (enc == LENC_AUTO) {
		/* the first 64 KiB decide; a row that is not UTF-8 later is an error */
		size_t probe = len < 65536 ? len : 65536, bad = 0;
		if (!utf8_valid(map, probe, &bad) && (probe == len || bad + 4 < probe))
			enc = LENC_CP949;
	}
	if (enc != LENC_CP949)
		return 0;
	size_t off = 0;
	struct jy_err why;
	if (utf8_from_cp949(map, len, conv, &off, &why)) {
		if (why.code != JY_EINPUT) {
			*err = why;
			return why.code;
		}
		return bad_byte(path, map, off, err);
	}
	*data = conv->data;
	*n = conv->len;
	return 0;
}

int ledger_import(struct ledger_db *db, const char *path, enum ledger_encoding enc, int flags,
		  struct ledger_import_stats *stats, struct jy_err *err)
{
	int dry = flags & LEDGER_DRY_RUN;
	struct importer im;
	struct stat st;
	struct buf conv;
	const char *data;
	size_t len;
	void *map = NULL;
	double t0 = now_s();
	int rc, fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return jy_err_msg(err, JY_EINPUT, path, 0, 0, NULL, M_LEDGER_NO_FILE);
	}
	if (st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			close(fd);
			return jy_err_set(err, JY_EIO, "%s: cannot map the file", path);
		}
		madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	}
	close(fd);
	buf_init(&conv);
	memset(stats, 0, sizeof(*stats));
	/* an open blob holds a read transaction: none while this one writes */
	sqlite3_blob_close(db->series);
	db->series = NULL;
	rc = file_text(path, enc, map ? map : "", (size_t)st.st_size, &data, &len, &conv, err);
	/* An import writes in rollback-journal mode when nothing else has the
	 * database open: pages added beyond the file's end are written once,
	 * where WAL writes every page twice (the log, then the checkpoint), and
	 * an import into an empty ledger is nearly all new pages. The mode is
	 * the file's: WAL again after the transaction, and any store's open
	 * sets it again after an import that was killed. */
	int rollback = !rc && !dry && journal_mode(db, "DELETE");
	/* a dry run reads in one transaction too: the stored lines, vouchers
	 * and series it checks against are one state of the database */
	if (!rc && !(rc = exec(db, dry ? "BEGIN" : "BEGIN IMMEDIATE", err))) {
		if (!(rc = importer_init(&im, db, path, dry, err)))
			rc = import_text(&im, data, len, flags & LEDGER_PROGRESS, &stats->rows,
					 err);
		importer_release(&im);
		if (rc || dry)
			exec(db, "ROLLBACK", &(struct jy_err){0});
		else
			rc = exec(db, "COMMIT", err);
	}
	if (rollback)
		journal_mode(db, "WAL");
	buf_release(&conv);
	if (map)
		munmap(map, (size_t)st.st_size);
	stats->seconds = now_s() - t0;
	return rc;
}
