/*
 * ledger_writer.h - the inserts of a ledger import on a thread of their own
 * (store/ledger_sqlite.c is the only user).
 *
 * The importer reads and checks a row while SQLite inserts the rows before
 * it: the two halves of an import take about as long, and the machine has
 * two cores. The rows go across in batches, in the file's order, copied
 * (the reader's fields are overwritten by the next record). Between
 * lw_start and lw_finish only the writer's thread uses the connection.
 * docs/DESIGN.md, "The budget execution ledger".
 */
#ifndef JY_LEDGER_WRITER_H
#define JY_LEDGER_WRITER_H

#include <sqlite3.h>
#include <stdint.h>

#include "base/err.h"

struct ledger_writer;

/* Prepares the inserts on db and starts the thread. db_path and file name
 * the database and the CSV in messages; import is ledger_imports' id. */
int lw_start(sqlite3 *db, const char *db_path, const char *file, long import,
	     struct ledger_writer **out, struct jy_err *err);
/* Queues a new budget line / one transaction (ref and memo "" for none).
 * Returns 1 when the writer has stopped at an error: read no further. */
int lw_line(struct ledger_writer *w, long id, int year, const char *unit, const char *program,
	    const char *code);
int lw_tx(struct ledger_writer *w, long row, long line, long day, int kind, int64_t amount,
	  const char *ref, int leg, const char *memo);
/* Writes what is queued, ends the thread and frees w. 0, or the writer's
 * error: a voucher the index refused (at its row, as the sequential insert
 * named it) or the database's. */
int lw_finish(struct ledger_writer *w, struct jy_err *err);

#endif
