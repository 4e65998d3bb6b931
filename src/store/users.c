/*
 * users.c - the users of `jipyo serve` (users.h) above the backends: the
 * store's URI chooses them (an SQLite file's users, or one package's of a
 * PostgreSQL database, users_be.h).
 */
#include "users.h"

#include "base/msg.h"
#include "store.h"
#include "users_be.h"

static const struct users_be *be_for(const char *db)
{
	return store_holds_many(db) ? &pg_users_be : &sqlite_users_be;
}

int users_err_taken(struct jy_err *err, const char *name)
{
	return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, "name", M_USER_EXISTS, name);
}

int users_err_missing(struct jy_err *err, const char *name)
{
	return jy_err_msg(err, JY_ENOTFOUND, NULL, 0, 0, "name", M_USER_NONE, name);
}

int users_err_no_unit(struct jy_err *err, const char *unit)
{
	return jy_err_msg(err, JY_EINPUT, NULL, 0, 0, "unit", M_USER_NO_UNIT, unit);
}

int users_add(const char *db, const char *name, const char *role, const char *unit,
	      const char *pwhash, struct jy_err *err)
{
	return be_for(db)->add(db, name, role, unit && *unit ? unit : NULL, pwhash, err);
}

int users_set_password(const char *db, const char *name, const char *pwhash, struct jy_err *err)
{
	return be_for(db)->set(db, name, "pwhash", pwhash, err);
}

int users_set_disabled(const char *db, const char *name, int disabled, struct jy_err *err)
{
	return be_for(db)->set(db, name, "disabled", disabled ? "1" : "0", err);
}

static void keep_one(void *ctx, const struct user_row *u)
{
	*(struct user_row *)ctx = *u;
}

int users_get(const char *db, const char *name, struct user_row *out, struct jy_err *err)
{
	long found = 0;
	int rc = be_for(db)->select(db, name, keep_one, out, &found, err);
	return rc ? rc : found ? 0 : users_err_missing(err, name);
}

int users_list(const char *db, users_each_fn fn, void *ctx, struct jy_err *err)
{
	long found;
	return be_for(db)->select(db, NULL, fn, ctx, &found, err);
}

static void count_one(void *ctx, const struct user_row *u)
{
	(void)ctx;
	(void)u;
}

int users_count(const char *db, long *n, struct jy_err *err)
{
	*n = 0;
	return be_for(db)->select(db, NULL, count_one, NULL, n, err);
}
