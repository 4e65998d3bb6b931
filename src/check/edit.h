/*
 * edit.h - one row of a loaded package changed, the way a person corrects
 * a figure: the one core that `jipyo set` and the web application's writes
 * share.
 *
 * A package is held for edits (struct edit_pkg): its model as loaded from
 * the store, the revision it was loaded at and its check kept
 * (check_state), so that a process that keeps it (the server) pays for the
 * whole check once. edit_run finds the row the reference names
 * (model/ref.h) and applies the change in memory. A fact's value is
 * followed incrementally (check_edit_fact: the rules that read it) and the
 * model image is kept for readers to replay the edit; anything else (an
 * add, a delete, a milestone, a text, a field) is checked whole and a new
 * image written. Only then are the row, one history entry and the next
 * revision written in one transaction, unless the package changed since.
 * Bad input writes nothing. docs/DESIGN.md, "The live store" and "One edit
 * core", has the reasons.
 */
#ifndef JY_EDIT_H
#define JY_EDIT_H

#include <stdio.h>

#include "check.h"
#include "model/ref.h"
#include "store/image_cache.h"
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
	const char *db;	    /* the store's URI, for its model image; NULL: none kept */
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
	int value_only;			/* a fact's value: followed incrementally, the image kept */
	struct image_file img;		/* a new image to record, or none (tmp.path NULL) */
	const struct check_result *res; /* the findings after the edit, once checked: the
					   package's, valid until its next edit */
	/* the edit's own copies (cells, the row before, its key), freed by
	 * edit_release: what the model keeps, model_set_row copies */
	struct arena scratch;
};

/* A package held for edits. It must not move while open (the check points
 * at m). */
struct edit_pkg {
	struct model m;
	long revision; /* the store's revision m was loaded at, then edited to */
	/* the findings now; NULL when not open, or after an edit failed once it
	 * had changed m (the package must then be closed and loaded again) */
	struct check_state *st;
	size_t opened_bytes; /* edit_pkg_bytes when it was opened */
};

/* After the caller has loaded p->m from the store at p->revision (the
 * revision read first): checks it once, with its validated facts fs (taken
 * over) or NULL to validate it (problems to diag). */
int edit_pkg_open(struct edit_pkg *p, struct factset *fs, FILE *diag, struct jy_err *err);
const struct check_result *edit_pkg_result(const struct edit_pkg *p);
/* The bytes p's model has spent on cells beyond its image (its arena and
 * the overlay of edited cells). Each edit of a value leaves the cells it
 * replaced there: edit_run loads the package again from the store once
 * they pass twice what it was opened with and JY_EDIT_PKG_SLACK_BYTES. */
size_t edit_pkg_bytes(const struct edit_pkg *p);
/* The check and the model released; p->m is empty again. */
void edit_pkg_close(struct edit_pkg *p);
/* p closed, then loaded from s (read at revision, the revision read before
 * its rows) and opened again; closed on failure. */
int edit_pkg_load(struct edit_pkg *p, struct store *s, long revision, FILE *diag,
		  struct jy_err *err);

/* Reads the request's reference into e (no model needed yet, so a
 * malformed one is refused before a store is opened): 0, or JY_EINPUT with
 * err set. edit_release in every case. */
int edit_parse(const struct edit_req *req, struct edit *e, struct jy_err *err);
/* After edit_parse, runs the rest of the edit on the open package p (read
 * from s): 0 with e filled, the change committed and p at the new
 * revision, or an error code with err set (and e->refusal saying why, for
 * a server's status). */
int edit_run(struct store *s, struct edit_pkg *p, const struct edit_req *req, struct edit *e,
	     struct jy_err *err);
void edit_release(struct edit *e);

#endif
