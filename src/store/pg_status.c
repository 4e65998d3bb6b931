/*
 * pg_status.c - the rows of finding statuses in the PostgreSQL store: its
 * status_put and status_list (struct store_be; status.c holds the rest).
 * The table (pg.c's migrations) is keyed by (pkg, rule, target): each
 * package of a database has its own statuses.
 */
#include <stdlib.h>

#include "pg.h"

int pg_status_put(struct store *s, const struct finding_status *v, struct jy_err *err)
{
	char revision[32];
	const char *p[] = {v->rule, v->target, v->status, v->reason ? v->reason : "",
			   v->by,   v->at,     revision};
	PGresult *res;

	snprintf(revision, sizeof(revision), "%ld", v->revision);
	res = pg_exec(
		PG(s),
		"INSERT INTO finding_status(pkg, rule, target, status, reason, \"by\", \"at\","
		" revision) VALUES($1, $2, $3, $4, $5, $6, $7, $8::bigint)"
		" ON CONFLICT (pkg, rule, target) DO UPDATE SET status = excluded.status,"
		" reason = excluded.reason, \"by\" = excluded.\"by\", \"at\" = excluded.\"at\","
		" revision = excluded.revision",
		7, p, PGRES_COMMAND_OK, err);
	if (!res)
		return err->code;
	PQclear(res);
	return 0;
}

int pg_status_list(struct store *s, status_fn fn, void *ctx, struct jy_err *err)
{
	/* bytewise, as SQLite orders them, whatever the database's collation */
	PGresult *res = pg_exec(PG(s),
				"SELECT rule, target, status, reason, \"by\", \"at\", revision"
				" FROM finding_status WHERE pkg = $1"
				" ORDER BY rule COLLATE \"C\", target COLLATE \"C\"",
				0, NULL, PGRES_TUPLES_OK, err);
	int rc = 0;

	if (!res)
		return err->code;
	for (int i = 0; i < PQntuples(res) && !rc; i++) {
		struct finding_status v = {
			PQgetvalue(res, i, 0),	     PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
			PQgetvalue(res, i, 3),	     PQgetvalue(res, i, 4), PQgetvalue(res, i, 5),
			atol(PQgetvalue(res, i, 6)),
		};
		rc = fn(ctx, &v);
	}
	PQclear(res);
	return rc;
}
