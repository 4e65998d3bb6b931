/*
 * edit.h - one row of a loaded package changed, the way a person corrects
 * a figure: the core that `jipyo set` and the web application's writes
 * share.
 *
 * edit_run takes the model as loaded from the store and the revision it was
 * loaded at, finds the row the reference names (model/ref.h), applies the
 * change in memory, validates and checks the edited model (edit_check, the
 * one place that does), and only then writes the row, one history entry and
 * the next revision in one transaction, unless the package changed since.
 * Bad input writes nothing. docs/DESIGN.md, "The live store", has the
 * reasons.
 */
#ifndef JY_EDIT_H
#define JY_EDIT_H

#include <stdio.h>

#include "check.h"
#include "model/ref.h"
#include "store/store.h"

enum edit_op { EDIT_CHANGE, EDIT_ADD, EDIT_DELETE };

enum { EDIT_MORE_MAX = 4 };

struct edit;

struct edit_req {
	const char *ref; /* the row as check prints it, or a short path (model/ref.h) */
	enum edit_op op;
	const char *value; /* the new cell of ref's field; a fact's typed as printed */
	/* more cells of the same row, changed in the same edit (a milestone's
	 * status with its dates); not for facts */
	const char *more_fields[EDIT_MORE_MAX], *more_values[EDIT_MORE_MAX];
	int n_more;
	const char *by;	    /* who, for the history and a fact's entered_by */
	const char *reason; /* NULL when none */
	const char *store;  /* the store's name, for messages */
	long if_revision;   /* the revision the person saw, or -1 */
	FILE *diag;	    /* validation problems of the edited model, one a line */
	/* called inside the write's transaction, after the history entry and
	 * before the commit, with the revision it makes (may be NULL): what
	 * else the caller writes with the edit */
	int (*in_tx)(void *ctx, struct store *s, const struct edit *e, long revision,
		     struct jy_err *err);
	void *in_tx_ctx;
};

/* Why an edit was refused, beside err's code. */
enum edit_refusal {
	EDIT_OK,
	EDIT_BAD_REF,	/* the reference does not parse, or names no single row */
	EDIT_BAD_VALUE, /* the value does not fit (unit, a date, validation) */
	EDIT_STALE	/* the package is not at the revision expected */
};

struct edit {
	struct ref ref;
	enum resource_id r;
	long row;			       /* the row changed or deleted, -1 for an added one */
	const char *cells[JY_CSV_COLUMNS_MAX]; /* the row after (added or changed) */
	const char *before[JY_CSV_COLUMNS_MAX]; /* the row before ("" cells when added) */
	char *before_json, *after_json, *key;	/* JSON for the history; malloc'd */
	char at[32];
	long revision; /* the revision the edit starts from; after edit_run, the new one */
	enum edit_refusal refusal;
	struct factset fs; /* m's facts before the edit (measure names, units) */
	int fs_built;
	struct check_result res; /* the findings after the edit, once checked */
	int checked;
};

/* Reads the request's reference into e (no model needed yet, so a
 * malformed one is refused before a store is opened): 0, or JY_EINPUT with
 * err set. edit_release in every case. */
int edit_parse(const struct edit_req *req, struct edit *e, struct jy_err *err);
/* After edit_parse, runs the rest of the edit on m (loaded from s at
 * revision `loaded`): 0 with e filled and the change committed, or an error
 * code with err set (and e->refusal saying why, for a server's status). */
int edit_run(struct store *s, struct model *m, long loaded, const struct edit_req *req,
	     struct edit *e, struct jy_err *err);
void edit_release(struct edit *e);

/* Validates the edited model as an import does (problems to diag) and runs
 * the rules: the one point where an edit is checked. */
int edit_check(struct model *m, struct check_result *res, FILE *diag, struct jy_err *err);

#endif
