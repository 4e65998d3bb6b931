/*
 * ledger_writer.c - the inserts of a ledger import on a thread of their own
 * (see ledger_writer.h).
 *
 * A few batches go round: the reader fills one, hands it over and takes an
 * empty one, waiting only when every batch is full. A batch holds its rows'
 * numbers and its strings in one buffer. The writer stops at the first
 * error and keeps handing batches back empty, so that the reader, which
 * looks at the flag at each batch, is never left waiting.
 */
#include "ledger_writer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/mem.h"
#include "base/msg.h"
#include "ledger/ledger.h"

enum { LW_BATCH_ROWS = JY_LEDGER_BATCH_ROWS, LW_BATCHES = JY_LEDGER_BATCHES };

/* One queued row: a transaction, or (line) a budget line. Strings are
 * offsets into the batch's text, NUL-terminated; LW_NONE for NULL. */
struct lw_op {
	int is_line, kind, leg, year;
	long row, line, day;
	int64_t amount;
	size_t s[3]; /* tx: ref, memo; line: unit, program, code */
};
#define LW_NONE ((size_t)-1)

struct lw_batch {
	struct lw_op ops[LW_BATCH_ROWS];
	size_t n;
	struct buf text;
};

struct ledger_writer {
	sqlite3 *db;
	const char *db_path, *file;
	long import;
	sqlite3_stmt *ins_tx, *ins_line;
	pthread_t thread;
	int threaded; /* 0: no thread could be made, the reader writes */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* full batches in order (a ring), empty ones (a stack) */
	struct lw_batch *full[LW_BATCHES], *empty[LW_BATCHES];
	size_t full_head, n_full, n_empty;
	struct lw_batch *cur; /* the reader's */
	int done;	      /* the reader queued its last batch */
	atomic_int failed;    /* the writer stopped at err */
	struct jy_err err;
	struct lw_batch all[LW_BATCHES];
};

static size_t put_str(struct lw_batch *b, const char *s)
{
	if (!*s)
		return LW_NONE;
	size_t at = b->text.len;
	buf_add(&b->text, s, strlen(s) + 1);
	return at;
}

static void bind_str(sqlite3_stmt *st, int i, const struct lw_batch *b, size_t at)
{
	if (at == LW_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, b->text.data + at, -1, SQLITE_STATIC);
}

static int fail_db(struct ledger_writer *w, const char *what)
{
	return jy_err_set(&w->err, JY_ESTORE, "%s: %s: %s", w->db_path, what,
			  sqlite3_errmsg(w->db));
}

/* The batch's rows, in order; an error goes to w->err. */
static int write_batch(struct ledger_writer *w, const struct lw_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct lw_op *op = &b->ops[i];
		sqlite3_stmt *st = op->is_line ? w->ins_line : w->ins_tx;
		sqlite3_reset(st);
		if (op->is_line) {
			sqlite3_bind_int64(st, 1, op->line);
			sqlite3_bind_int(st, 2, op->year);
			for (int k = 0; k < 3; k++)
				bind_str(st, 3 + k, b, op->s[k]);
		} else {
			sqlite3_bind_int64(st, 1, op->line);
			sqlite3_bind_int64(st, 2, op->day);
			sqlite3_bind_int(st, 3, op->kind);
			sqlite3_bind_int64(st, 4, op->amount);
			bind_str(st, 5, b, op->s[0]);
			sqlite3_bind_int(st, 6, op->leg);
			bind_str(st, 7, b, op->s[1]);
			sqlite3_bind_int64(st, 8, w->import);
			sqlite3_bind_int64(st, 9, op->row);
		}
		int rc = sqlite3_step(st); /* reset before the next row's binds */
		if (rc == SQLITE_DONE)
			continue;
		if (rc == SQLITE_CONSTRAINT && !op->is_line)
			/* the voucher index: the same message as a dry run's */
			return jy_err_msg(&w->err, JY_EINPUT, w->file, op->row, LCOL_REF + 1, "ref",
					  M_LEDGER_VOUCHER_BOOKED, b->text.data + op->s[0]);
		return fail_db(w, op->is_line ? "writing a budget line" : "writing a transaction");
	}
	return 0;
}

static void *writer_main(void *arg)
{
	struct ledger_writer *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->n_full && !w->done)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->n_full) { /* done, and nothing left */
			pthread_mutex_unlock(&w->mu);
			return NULL;
		}
		struct lw_batch *b = w->full[w->full_head];
		w->full_head = (w->full_head + 1) % LW_BATCHES;
		w->n_full--;
		pthread_mutex_unlock(&w->mu);
		if (!atomic_load(&w->failed) && write_batch(w, b))
			atomic_store(&w->failed, 1);
		b->n = 0;
		buf_reset(&b->text);
		pthread_mutex_lock(&w->mu);
		w->empty[w->n_empty++] = b;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
}

int lw_start(sqlite3 *db, const char *db_path, const char *file, long import,
	     struct ledger_writer **out, struct jy_err *err)
{
	struct ledger_writer *w = xcalloc(1, sizeof(*w));
	w->db = db;
	w->db_path = db_path;
	w->file = file;
	w->import = import;
	if (sqlite3_prepare_v2(db, "INSERT INTO ledger_tx VALUES(NULL,?1,?2,?3,?4,?5,?6,?7,?8,?9)",
			       -1, &w->ins_tx, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO ledger_lines VALUES(?1,?2,?3,?4,?5)", -1,
			       &w->ins_line, NULL) != SQLITE_OK) {
		int rc = jy_err_set(err, JY_ESTORE, "%s: cannot prepare: %s", db_path,
				    sqlite3_errmsg(db));
		sqlite3_finalize(w->ins_tx);
		sqlite3_finalize(w->ins_line);
		free(w);
		return rc;
	}
	for (int i = 0; i < LW_BATCHES; i++) {
		buf_init(&w->all[i].text);
		if (i)
			w->empty[w->n_empty++] = &w->all[i];
	}
	w->cur = &w->all[0];
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* without a thread the reader writes each batch itself */
	w->threaded = pthread_create(&w->thread, NULL, writer_main, w) == 0;
	*out = w;
	return 0;
}

/* The reader's batch is full (or the last): handed over, an empty one taken. */
static void hand_over(struct ledger_writer *w)
{
	if (!w->threaded) {
		if (!atomic_load(&w->failed) && write_batch(w, w->cur))
			atomic_store(&w->failed, 1);
		w->cur->n = 0;
		buf_reset(&w->cur->text);
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->full[(w->full_head + w->n_full) % LW_BATCHES] = w->cur;
	w->n_full++;
	pthread_cond_broadcast(&w->cv);
	while (!w->n_empty)
		pthread_cond_wait(&w->cv, &w->mu);
	w->cur = w->empty[--w->n_empty];
	pthread_mutex_unlock(&w->mu);
}

static struct lw_op *next_op(struct ledger_writer *w)
{
	if (w->cur->n == LW_BATCH_ROWS)
		hand_over(w);
	struct lw_op *op = &w->cur->ops[w->cur->n++];
	memset(op, 0, sizeof(*op));
	return op;
}

int lw_line(struct ledger_writer *w, long id, int year, const char *unit, const char *program,
	    const char *code)
{
	struct lw_op *op = next_op(w);
	op->is_line = 1;
	op->line = id;
	op->year = year;
	op->s[0] = put_str(w->cur, unit);
	op->s[1] = put_str(w->cur, program);
	op->s[2] = put_str(w->cur, code);
	return atomic_load_explicit(&w->failed, memory_order_relaxed);
}

int lw_tx(struct ledger_writer *w, long row, long line, long day, int kind, int64_t amount,
	  const char *ref, int leg, const char *memo)
{
	struct lw_op *op = next_op(w);
	op->row = row;
	op->line = line;
	op->day = day;
	op->kind = kind;
	op->amount = amount;
	op->leg = leg;
	op->s[0] = put_str(w->cur, ref);
	op->s[1] = put_str(w->cur, memo);
	return atomic_load_explicit(&w->failed, memory_order_relaxed);
}

int lw_finish(struct ledger_writer *w, struct jy_err *err)
{
	int rc = 0;
	if (w->cur->n)
		hand_over(w);
	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->done = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
	}
	if (atomic_load(&w->failed)) {
		*err = w->err;
		rc = w->err.code;
	}
	sqlite3_finalize(w->ins_tx);
	sqlite3_finalize(w->ins_line);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	for (int i = 0; i < LW_BATCHES; i++)
		buf_release(&w->all[i].text);
	free(w);
	return rc;
}
