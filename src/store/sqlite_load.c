/*
 * sqlite_load.c - a whole package read back from the SQLite store
 * (store_be.load).
 */
#include "sqlite.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/msg.h"
#include "base/par.h"

/* With more than one thread, the rows are read by several connections at
 * once: the facts in ranges of row_no, every other table whole. Each
 * connection starts its read transaction while the main connection holds
 * the write lock, so all of them see the same committed state; the rows are
 * then joined in row_no order, as one connection would read them. */

struct load_part {
	enum resource_id r;
	sqlite3_int64 lo, hi; /* row_no in [lo, hi); hi == 0: the whole table */
	struct table rows;
	int failed;
	char *msg; /* malloc'ed SQLite message when failed */
};

struct load_worker {
	sqlite3 *db;
	struct arena arena;
	struct load_part *parts;
	size_t n_parts;
	atomic_size_t *next;
};

static void load_part(sqlite3 *db, struct load_part *p, struct arena *a)
{
	const struct resource_def *def = &schema_resources[p->r];
	const char *values[JY_CSV_COLUMNS_MAX];
	size_t lens[JY_CSV_COLUMNS_MAX];
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	p->rows.def = def;
	buf_init(&sql);
	buf_adds(&sql, "SELECT line");
	sqlite_quoted_columns(&sql, def);
	buf_addf(&sql, " FROM \"%s\"", def->name);
	if (p->hi)
		buf_adds(&sql, " WHERE row_no >= ? AND row_no < ?");
	buf_adds(&sql, " ORDER BY row_no");
	rc = sqlite3_prepare_v2(db, sql.data, -1, &st, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK) {
		p->failed = 1;
		p->msg = xstrdup(sqlite3_errmsg(db));
		return;
	}
	if (p->hi) {
		sqlite3_bind_int64(st, 1, p->lo);
		sqlite3_bind_int64(st, 2, p->hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < def->n_fields; i++) {
			values[i] = (const char *)sqlite3_column_text(st, i + 1);
			lens[i] = values[i] ? (size_t)sqlite3_column_bytes(st, i + 1) : 0;
		}
		table_add_row(&p->rows, a, values, lens, (long)sqlite3_column_int64(st, 0));
	}
	if (rc != SQLITE_DONE) {
		p->failed = 1;
		p->msg = xstrdup(sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
}

static void load_worker_main(void *arg)
{
	struct load_worker *w = arg;

	for (;;) {
		size_t i = atomic_fetch_add(w->next, 1);
		if (i >= w->n_parts)
			break;
		load_part(w->db, &w->parts[i], &w->arena);
	}
}

static int query_int64(sqlite3 *db, const char *sql, sqlite3_int64 *out)
{
	sqlite3_stmt *st;
	int ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Opens n read connections, each in a read transaction on the same committed
 * state: they start while this connection holds the write lock. Returns 0,
 * or -1 with nothing left open. */
static int open_readers(struct store *s, sqlite3 **dbs, int n)
{
	int rc = 0;

	if (sqlite_exec(s, "BEGIN IMMEDIATE", &(struct jy_err){0}))
		return -1; /* read-only file, or another writer: read on one connection */
	for (int i = 0; i < n && !rc; i++) {
		sqlite3_int64 v;
		if (sqlite3_open_v2(s->path, &dbs[i], SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			rc = -1;
			break;
		}
		sqlite3_busy_timeout(dbs[i], 5000);
		/* pages read in place from the mapped file, not copied by read(2) */
		sqlite3_exec(dbs[i], "PRAGMA mmap_size = 2147418112", NULL, NULL, NULL);
		if (sqlite3_exec(dbs[i], "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
		    query_int64(dbs[i], "SELECT count(*) FROM package", &v))
			rc = -1;
	}
	sqlite_exec(s, "ROLLBACK", &(struct jy_err){0});
	if (rc) {
		for (int i = 0; i < n; i++) {
			sqlite3_close(dbs[i]);
			dbs[i] = NULL;
		}
	}
	return rc;
}

int sqlite_load(struct store *s, struct model *m, struct jy_err *err)
{
	int n = par_threads();
	sqlite3 *dbs[64] = {NULL};
	struct load_part *parts;
	size_t n_parts = 0;
	sqlite3_int64 lo = 0, hi = -1;
	sqlite3_stmt *st;
	int rc = 0;

	if (n > 1 && open_readers(s, dbs, n))
		n = 1;
	if (n == 1) {
		dbs[0] = s->db;
		sqlite_exec(s, "BEGIN", &(struct jy_err){0}); /* one state for every table */
	}
	/* the facts in ranges of row_no, several per thread so that they even out */
	int fact_parts = n > 1 ? 4 * n : 1;
	parts = xcalloc((size_t)(RES_COUNT + fact_parts), sizeof(*parts));
	if (n > 1 && (query_int64(dbs[0], "SELECT min(row_no) FROM facts", &lo) ||
		      query_int64(dbs[0], "SELECT max(row_no) FROM facts", &hi)))
		fact_parts = 1;
	if (hi < lo)
		fact_parts = 1;
	for (int i = 0; fact_parts > 1 && i < fact_parts; i++) {
		struct load_part *p = &parts[n_parts++];
		sqlite3_int64 span = hi - lo + 1;
		p->r = RES_FACTS;
		p->lo = lo + span * i / fact_parts;
		p->hi = i == fact_parts - 1 ? hi + 1 : lo + span * (i + 1) / fact_parts;
	}
	for (int r = 0; r < RES_COUNT; r++)
		if (r != RES_FACTS || fact_parts == 1)
			parts[n_parts++].r = (enum resource_id)r;

	struct load_worker *w = xcalloc((size_t)n, sizeof(*w));
	atomic_size_t next;
	atomic_init(&next, 0);
	for (int i = 0; i < n; i++) {
		w[i] = (struct load_worker){
			.db = dbs[i], .parts = parts, .n_parts = n_parts, .next = &next};
		arena_init(&w[i].arena);
	}
	par_run(n, load_worker_main, w, sizeof(*w));
	for (int i = 0; i < n; i++)
		arena_adopt(&m->arena, &w[i].arena);
	free(w);
	if (sqlite3_prepare_v2(dbs[0], "SELECT value FROM package WHERE key = 'meta'", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		m->meta_json = arena_strdup(&m->arena, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (n == 1)
		sqlite_exec(s, "COMMIT", &(struct jy_err){0});
	else
		for (int i = 0; i < n; i++)
			sqlite3_close(dbs[i]);
	/* join the parts table by table, ranges in order */
	for (int r = 0; r < RES_COUNT; r++)
		for (size_t i = 0; i < n_parts; i++)
			if (parts[i].r == (enum resource_id)r && !parts[i].failed)
				table_append(&m->tables[r], &parts[i].rows);
	for (size_t i = 0; i < n_parts; i++) {
		if (parts[i].failed && !rc)
			rc = jy_err_msg(err, JY_ESTORE, s->path, 0, 0, NULL, M_CANNOT_READ,
					parts[i].msg);
		free(parts[i].msg);
		table_release(&parts[i].rows);
	}
	free(parts);
	return rc;
}
