/*
 * users_sqlite.c - the users table in SQLite (see users.h).
 *
 * The table comes from the store's migrations (store_sqlite.c); here we
 * only open the file once it is a current store and run one statement.
 * Changes are rare (a person added, a password changed), so each call opens
 * and closes its own connection rather than sharing the server's.
 */
#include "users.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "store.h"

static int open_users(const char *db, sqlite3 **out, struct jy_err *err)
{
	struct store *s;
	int rc;

	/* the users' tables are an SQLite store's only, for now */
	if (store_holds_many(db))
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_USER_SQLITE_ONLY, db);
	/* migrates an older store, refuses what is not one */
	if ((rc = store_open_existing(db, &s, err)))
		return rc;
	store_close(s);
	if (sqlite3_open_v2(db, out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = *out ? jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_DB_CANNOT_OPEN, db,
				       sqlite3_errmsg(*out))
			  : jy_err_msg(err, JY_ESTORE, NULL, 0, 0, NULL, M_DB_NO_MEMORY);
		sqlite3_close(*out);
		return rc;
	}
	sqlite3_busy_timeout(*out, 5000);
	return 0;
}

static int fail(sqlite3 *h, const char *db, struct jy_err *err)
{
	int rc = jy_err_set(err, JY_ESTORE, "%s: users: %s", db, sqlite3_errmsg(h));
	sqlite3_close(h);
	return rc;
}

/* Runs sql with text arguments; JY_ENOTFOUND when it changed no row. */
static int run(const char *db, const char *sql, const char *const *args, int n, const char *who,
	       struct jy_err *err)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int rc = open_users(db, &h, err);

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(h, db, err);
	for (int i = 0; i < n; i++)
		sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	sqlite3_finalize(st);
	if (step == SQLITE_CONSTRAINT) {
		sqlite3_close(h);
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, "name", M_USER_EXISTS, who);
	}
	if (step != SQLITE_DONE)
		return fail(h, db, err);
	int changed = sqlite3_changes(h);
	sqlite3_close(h);
	if (!changed)
		return jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, "name", M_USER_NONE, who);
	return 0;
}

/* Is unit a unit of the stored package? */
static int unit_exists(const char *db, const char *unit, struct jy_err *err)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int rc = open_users(db, &h, err), found;

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(h, "SELECT 1 FROM units WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return fail(h, db, err);
	sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (!found)
		return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, "unit", M_USER_NO_UNIT, unit);
	return 0;
}

int users_add(const char *db, const char *name, const char *role, const char *unit,
	      const char *pwhash, struct jy_err *err)
{
	const char *args[] = {name, role, unit && *unit ? unit : NULL, pwhash};
	int rc = unit && *unit ? unit_exists(db, unit, err) : 0;
	if (rc)
		return rc;
	return run(db,
		   "INSERT INTO users(name, role, unit, pwhash, disabled, created)"
		   " VALUES(?1, ?2, ?3, ?4, 0, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
		   args, 4, name, err);
}

int users_set_password(const char *db, const char *name, const char *pwhash, struct jy_err *err)
{
	const char *args[] = {name, pwhash};
	return run(db, "UPDATE users SET pwhash = ?2 WHERE name = ?1", args, 2, name, err);
}

int users_set_disabled(const char *db, const char *name, int disabled, struct jy_err *err)
{
	const char *args[] = {name, disabled ? "1" : "0"};
	return run(db, "UPDATE users SET disabled = ?2 WHERE name = ?1", args, 2, name, err);
}

static void copy(char *dst, size_t cap, const unsigned char *src)
{
	snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

static void read_row(sqlite3_stmt *st, struct user_row *u)
{
	u->id = (long)sqlite3_column_int64(st, 0);
	copy(u->name, sizeof(u->name), sqlite3_column_text(st, 1));
	copy(u->role, sizeof(u->role), sqlite3_column_text(st, 2));
	copy(u->unit, sizeof(u->unit), sqlite3_column_text(st, 3));
	copy(u->pwhash, sizeof(u->pwhash), sqlite3_column_text(st, 4));
	u->disabled = sqlite3_column_int(st, 5);
	copy(u->created, sizeof(u->created), sqlite3_column_text(st, 6));
}

#define USER_COLUMNS "id, name, role, unit, pwhash, disabled, created"

static int select_users(const char *db, const char *name, users_each_fn fn, void *ctx,
			struct jy_err *err)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int rc = open_users(db, &h, err), found = 0, step;

	if (rc)
		return rc;
	if (sqlite3_prepare_v2(h,
			       name ? "SELECT " USER_COLUMNS " FROM users WHERE name = ?1"
				    : "SELECT " USER_COLUMNS " FROM users ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(h, db, err);
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct user_row u;
		read_row(st, &u);
		fn(ctx, &u);
		found++;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return fail(h, db, err);
	sqlite3_close(h);
	if (name && !found)
		return jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, "name", M_USER_NONE, name);
	return 0;
}

static void keep_one(void *ctx, const struct user_row *u)
{
	*(struct user_row *)ctx = *u;
}

int users_get(const char *db, const char *name, struct user_row *out, struct jy_err *err)
{
	return select_users(db, name, keep_one, out, err);
}

int users_list(const char *db, users_each_fn fn, void *ctx, struct jy_err *err)
{
	return select_users(db, NULL, fn, ctx, err);
}

static void count_one(void *ctx, const struct user_row *u)
{
	(void)u;
	(*(long *)ctx)++;
}

int users_count(const char *db, long *n, struct jy_err *err)
{
	*n = 0;
	return select_users(db, NULL, count_one, n, err);
}
