/*
 * users_be.h - what users.c asks of a backend's users table (private to
 * store/): users_sqlite.c for an SQLite file, pg_users.c for a package of
 * a PostgreSQL database. Each function is given the store's URI as the
 * command was (so that it opens the same package), opens it, runs one
 * statement and closes it.
 */
#ifndef JY_STORE_USERS_BE_H
#define JY_STORE_USERS_BE_H

#include "base/err.h"
#include "users.h"

struct users_be {
	/* JY_EINPUT (field "name") for a name taken, (field "unit") for a
	 * unit the package does not have */
	int (*add)(const char *db, const char *name, const char *role, const char *unit,
		   const char *pwhash, struct jy_err *err);
	/* column is "pwhash" or "disabled"; JY_ENOTFOUND when there is no such user */
	int (*set)(const char *db, const char *name, const char *column, const char *value,
		   struct jy_err *err);
	/* the user of that name (name NULL: every user, in the order added) to fn;
	 * *found gets how many */
	int (*select)(const char *db, const char *name, users_each_fn fn, void *ctx, long *found,
		      struct jy_err *err);
};

extern const struct users_be sqlite_users_be, pg_users_be;

/* The errors every backend gives in the same words (users.c). */
int users_err_taken(struct jy_err *err, const char *name);
int users_err_missing(struct jy_err *err, const char *name);
int users_err_no_unit(struct jy_err *err, const char *unit);

#endif
