/*
 * users.h - the people who may log in to `jipyo serve`, kept in the
 * database beside the package (table `users`), so that an import, which
 * replaces the package, leaves them alone.
 *
 * Passwords are stored only as argon2id strings (web/auth.h makes them).
 * Roles and units are checked by the caller (cmd/user.c, web/api.c).
 */
#ifndef JY_USERS_H
#define JY_USERS_H

#include "base/err.h"
#include "base/limits.h"

struct user_row {
	long id;
	char name[JY_USER_NAME_BYTES_MAX + 1];
	char role[16];
	char unit[JY_ID_BYTES_MAX + 1]; /* "" for none */
	char pwhash[160];
	int disabled;
	char created[32]; /* UTC, ISO 8601 */
};

/* Each opens the existing store at db (migrating it to this program's
 * schema), does one statement and closes it. users_add refuses a unit the
 * package does not have (JY_EINPUT, field "unit"). */
int users_add(const char *db, const char *name, const char *role, const char *unit,
	      const char *pwhash, struct jy_err *err);
int users_set_password(const char *db, const char *name, const char *pwhash, struct jy_err *err);
int users_set_disabled(const char *db, const char *name, int disabled, struct jy_err *err);
/* JY_ENOTFOUND when there is no such user. */
int users_get(const char *db, const char *name, struct user_row *out, struct jy_err *err);
typedef void (*users_each_fn)(void *ctx, const struct user_row *u);
int users_list(const char *db, users_each_fn fn, void *ctx, struct jy_err *err);
/* How many users there are (enabled or not). */
int users_count(const char *db, long *n, struct jy_err *err);

#endif
