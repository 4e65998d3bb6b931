/*
 * pg_users.c - the users of one package of a PostgreSQL database
 * (users_be.h). The table (pg.c's migrations) is keyed by id, unique by
 * (pkg, name): each package has its own users, and its own first admin.
 * The package is the one the URI or --package names, as for every other
 * command; each call opens its own connection, as the SQLite half does,
 * since changes and logins are rare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg.h"
#include "users_be.h"

/* Runs sql on the package db names ($1), with params after it. */
static PGresult *query(const char *db, const char *sql, int n, const char *const *params,
		       ExecStatusType want, struct jy_err *err)
{
	struct store *s;
	PGresult *res;

	if (store_open_existing(db, &s, err)) /* migrates an older schema */
		return NULL;
	res = pg_exec(PG(s), sql, n, params, want, err);
	store_close(s);
	return res;
}

static int add(const char *db, const char *name, const char *role, const char *unit,
	       const char *pwhash, struct jy_err *err)
{
	const char *p[] = {name, role, unit, pwhash};
	PGresult *res;
	int rc = 0;

	/* the unit checked and the row added in one statement: nothing added
	 * when the unit is not the package's */
	res = query(db,
		    "WITH ok AS (SELECT $4::text IS NULL OR EXISTS(SELECT 1 FROM units"
		    " WHERE pkg = $1 AND \"id\" = $4) AS unit_ok),"
		    " added AS (INSERT INTO users(pkg, name, role, unit, pwhash, created)"
		    " SELECT $1, $2, $3, $4, $5, to_char(now() AT TIME ZONE 'UTC',"
		    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM ok WHERE unit_ok"
		    " ON CONFLICT (pkg, name) DO NOTHING RETURNING 1)"
		    " SELECT unit_ok, (SELECT count(*) FROM added) FROM ok",
		    4, p, PGRES_TUPLES_OK, err);
	if (!res)
		return err->code;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		rc = users_err_no_unit(err, unit);
	else if (strcmp(PQgetvalue(res, 0, 1), "0") == 0)
		rc = users_err_taken(err, name);
	PQclear(res);
	return rc;
}

static int set(const char *db, const char *name, const char *column, const char *value,
	       struct jy_err *err)
{
	const char *p[] = {name, value};
	const char *sql =
		strcmp(column, "disabled") == 0
			? "UPDATE users SET disabled = $3::integer WHERE pkg = $1 AND name = $2"
			: "UPDATE users SET pwhash = $3 WHERE pkg = $1 AND name = $2";
	PGresult *res = query(db, sql, 2, p, PGRES_COMMAND_OK, err);
	int rc = 0;

	if (!res)
		return err->code;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		rc = users_err_missing(err, name);
	PQclear(res);
	return rc;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

#define USER_COLUMNS                                                                               \
	"SELECT id, name, role, coalesce(unit, ''), pwhash, disabled, created FROM users"          \
	" WHERE pkg = $1"

static int select_users(const char *db, const char *name, users_each_fn fn, void *ctx, long *found,
			struct jy_err *err)
{
	const char *p[] = {name};
	PGresult *res =
		query(db, name ? USER_COLUMNS " AND name = $2" : USER_COLUMNS " ORDER BY id",
		      name ? 1 : 0, p, PGRES_TUPLES_OK, err);

	*found = 0;
	if (!res)
		return err->code;
	for (int i = 0; i < PQntuples(res); i++) {
		struct user_row u;
		u.id = atol(PQgetvalue(res, i, 0));
		copy(u.name, sizeof(u.name), PQgetvalue(res, i, 1));
		copy(u.role, sizeof(u.role), PQgetvalue(res, i, 2));
		copy(u.unit, sizeof(u.unit), PQgetvalue(res, i, 3));
		copy(u.pwhash, sizeof(u.pwhash), PQgetvalue(res, i, 4));
		u.disabled = atoi(PQgetvalue(res, i, 5));
		copy(u.created, sizeof(u.created), PQgetvalue(res, i, 6));
		fn(ctx, &u);
		++*found;
	}
	PQclear(res);
	return 0;
}

const struct users_be pg_users_be = {add, set, select_users};
