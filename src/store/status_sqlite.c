/*
 * status_sqlite.c - the rows of finding statuses in the SQLite store: its
 * status_put and status_list (struct store_be; status.c holds the rest).
 */
#include "status.h"

#include "sqlite.h"

static const char status_table[] =
	"CREATE TABLE IF NOT EXISTS finding_status ("
	" rule TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,"
	" reason TEXT NOT NULL DEFAULT '', by TEXT NOT NULL, at TEXT NOT NULL,"
	" revision INTEGER NOT NULL, PRIMARY KEY (rule, target))";

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct jy_err *err)
{
	int rc = sqlite_exec(s, status_table, err);
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return sqlite_error(s, err, "finding_status");
	return 0;
}

int sqlite_status_put(struct store *s, const struct finding_status *v, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc = prepare(s,
			 "INSERT OR REPLACE INTO finding_status (rule, target, status, reason, by, "
			 "at, revision) VALUES (?, ?, ?, ?, ?, ?, ?)",
			 &st, err);
	if (rc)
		return rc;
	const char *text[] = {v->rule, v->target, v->status, v->reason ? v->reason : "",
			      v->by,   v->at};
	for (int i = 0; i < 6; i++)
		sqlite3_bind_text(st, i + 1, text[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, v->revision);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sqlite_error(s, err, "finding_status");
	sqlite3_finalize(st);
	return rc;
}

int sqlite_status_list(struct store *s, status_fn fn, void *ctx, struct jy_err *err)
{
	sqlite3_stmt *st;
	int rc =
		prepare(s,
			"SELECT rule, target, status, reason, by, at, revision FROM finding_status "
			"ORDER BY rule, target",
			&st, err);
	int step;

	if (rc)
		return rc;
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct finding_status v = {
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4),
			(const char *)sqlite3_column_text(st, 5),
			(long)sqlite3_column_int64(st, 6),
		};
		rc = fn(ctx, &v);
	}
	if (!rc && step != SQLITE_DONE)
		rc = sqlite_error(s, err, "finding_status");
	sqlite3_finalize(st);
	return rc;
}
