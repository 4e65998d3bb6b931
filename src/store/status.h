/*
 * status.h - the status people give a finding: open, acknowledged (with a
 * reason) or fixed (it went away after an edit), kept in the store beside
 * the package (table `finding_status`), keyed by the finding's rule and its
 * target (the `where` check prints), so that it survives the check being
 * run again. A finding without a row is open.
 *
 * Every change is one transaction with one history entry (resource
 * "finding_status", key [rule, target]) and the next revision, like an
 * edit of a row (DESIGN.md, "The web application"). The rows belong to
 * the package: a PostgreSQL database keeps each package's apart.
 *
 * status.c holds what every backend shares (the revision check, the
 * history entry, the image kept); putting and listing rows are operations
 * of the backend (struct store_be): status_sqlite.c, where the table is
 * made on first use so that stores made before it need no migration, and
 * pg_status.c, where a migration made it.
 */
#ifndef JY_STORE_STATUS_H
#define JY_STORE_STATUS_H

#include "base/err.h"
#include "store.h"

struct finding_status {
	const char *rule, *target;
	const char *status; /* "open", "acknowledged", "fixed" */
	const char *reason; /* "" when none */
	const char *by, *at;
	long revision; /* the revision that set it */
};

/* The history's resource name for these rows. */
extern const char status_resource[];

/* Inside a transaction of s: sets the row of (rule, target), appending no
 * history (the caller's entry covers it). */
int status_put(struct store *s, const struct finding_status *st, struct jy_err *err);

/* One transaction: the row set, its history entry and the next revision,
 * unless the package is not at `expect` (JY_EINPUT, *stale set). *revision
 * gets the new one. */
int status_set(struct store *s, const struct finding_status *st, long expect, long *revision,
	       int *stale, struct jy_err *err);

typedef int (*status_fn)(void *ctx, const struct finding_status *st);
/* Every row, ordered by rule and target. */
int status_list(struct store *s, status_fn fn, void *ctx, struct jy_err *err);

#endif
