/*
 * status_sqlite.c - the status of findings in the SQLite store (status.h).
 */
#include "status.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "sqlite.h"

const char status_resource[] = "finding_status";

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

int status_put(struct store *s, const struct finding_status *v, struct jy_err *err)
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

/* The row as a history entry's JSON object, or "" when there is none. */
static char *row_json(const struct finding_status *v)
{
	if (!v)
		return strdup("");
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "rule", v->rule, "target", v->target, "status",
			      v->status, "reason", v->reason ? v->reason : "");
	char *text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	return text;
}

struct one {
	const char *rule, *target;
	char *json; /* the row found, as JSON */
};

static int find_one(void *ctx, const struct finding_status *v)
{
	struct one *o = ctx;
	if (!o->json && strcmp(v->rule, o->rule) == 0 && strcmp(v->target, o->target) == 0)
		o->json = row_json(v);
	return 0;
}

int status_set(struct store *s, const struct finding_status *v, long expect, long *revision,
	       int *stale, struct jy_err *err)
{
	struct one before = {v->rule, v->target, NULL};
	long now;
	char *after = row_json(v), *key = NULL;
	json_t *k = json_pack("[s,s]", v->rule, v->target);
	int rc = store_begin(s, err);

	*stale = 0;
	key = json_dumps(k, JSON_COMPACT);
	json_decref(k);
	if (!rc && !(rc = store_revision(s, &now, err)) && now != expect) {
		*stale = 1;
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_STATUS_STALE, now, expect);
	}
	/* a status is not in the model: the image stays what it is */
	struct store_image_hold hold = {0};
	if (!rc)
		rc = store_image_hold(s, now, &hold, err);
	if (!rc)
		rc = status_list(s, find_one, &before, err);
	if (!rc) {
		struct finding_status row = *v;
		row.revision = now + 1;
		rc = status_put(s, &row, err);
	}
	if (!rc)
		rc = store_record(s,
				  &(struct history_entry){.at = v->at,
							  .by = v->by,
							  .resource = status_resource,
							  .key = key,
							  .before = before.json ? before.json : "",
							  .after = after,
							  .reason = v->reason ? v->reason : ""},
				  revision, err);
	if (!rc)
		rc = store_image_keep(s, &hold, err);
	if (!rc)
		rc = store_commit(s, err);
	if (rc)
		store_rollback(s);
	free(before.json);
	free(after);
	free(key);
	return rc;
}

int status_list(struct store *s, status_fn fn, void *ctx, struct jy_err *err)
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
