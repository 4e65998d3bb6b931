/*
 * edit.c - one row changed, validated, checked and written with its history
 * entry in one transaction (edit.h). `jipyo set` (cmd/set.c) and the web
 * application's writes (web/write.c) both call edit_run: a fact's value is
 * followed by check_edit_fact and the image kept; anything else is checked
 * whole and a new image written.
 */
#include "edit.h"

#include <assert.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "base/msg.h"
#include "model/edit.h"

/* Bad input: err set, nothing written. */
static int refuse(struct edit *e, enum edit_refusal why, struct jy_err *err, enum msg_id id, ...)
{
	char text[JY_ERR_MSG_BYTES];
	va_list ap;
	/* formatted before err is cleared: an argument may be in it */
	va_start(ap, id);
	vsnprintf(text, sizeof(text), msg(id), ap);
	va_end(ap);
	memset(err, 0, sizeof(*err));
	err->code = why == EDIT_BAD_REF && e->row == -2 ? JY_ENOTFOUND : JY_EINPUT;
	snprintf(err->msg, sizeof(err->msg), "%s", text);
	e->refusal = why;
	return err->code;
}

/* The row REF names: exactly one, or none for an added fact. */
static int find_row(struct model *m, const struct edit_req *q, struct edit *e, struct jy_err *err)
{
	size_t rows[8];
	size_t n = ref_find(m, &e->ref, rows, 8);

	if (q->op == EDIT_ADD) {
		if (n)
			return refuse(e, EDIT_BAD_REF, err, M_EDIT_EXISTS, q->ref);
		if (e->r != RES_FACTS)
			return refuse(e, EDIT_BAD_REF, err, M_EDIT_ADD_FACTS, q->ref);
		e->row = -1;
		return 0;
	}
	if (n == 0) {
		e->row = -2; /* not found */
		return refuse(e, EDIT_BAD_REF, err, M_EDIT_NO_ROW, q->ref,
			      schema_resources[e->r].name);
	}
	if (n > 1) {
		struct buf kinds;
		buf_init(&kinds);
		for (size_t i = 0; i < n && i < 8; i++)
			buf_addf(&kinds, "%s%s", i ? ", " : "",
				 table_get(&m->tables[e->r], rows[i], "kind"));
		refuse(e, EDIT_BAD_REF, err, M_EDIT_MANY, q->ref, n, kinds.data);
		buf_release(&kinds);
		return err->code;
	}
	if (q->op == EDIT_DELETE && e->r != RES_FACTS)
		return refuse(e, EDIT_BAD_REF, err, M_EDIT_DELETE_FACTS, q->ref);
	e->row = (long)rows[0];
	return 0;
}

/* The fact's cells after the edit: the value read in the measure's unit,
 * and entered rather than printed. */
static int fact_cells(struct model *m, const struct factset *fs, const struct edit_req *q,
		      struct edit *e, struct jy_err *err)
{
	const char *measure = e->ref.key[0];
	const struct table *t = &m->tables[RES_FACTS];
	int mi = factset_measure(fs, measure);
	struct jy_err verr;
	struct dec v;
	char num[48];

	if (mi < 0)
		return refuse(e, EDIT_BAD_REF, err, M_EDIT_UNKNOWN_MEASURE, q->ref, measure);
	if (fact_printed_value(&fs->measures[mi], q->value, &v, &verr))
		return refuse(e, EDIT_BAD_VALUE, err, M_EDIT_VALUE, q->value, verr.msg);
	for (int i = 0; i < t->def->n_fields; i++)
		e->cells[i] = e->row >= 0 ? table_cell(t, (size_t)e->row, i) : "";
	if (e->row < 0)
		for (int i = 0; i < e->ref.n_key; i++)
			e->cells[schema_field_index(t->def, e->ref.key_fields[i])] =
				!strcmp(e->ref.key_fields[i], "kind") && e->ref.any_kind
					? "actual"
					: e->ref.key[i];
	dec_str(v, num);
	e->cells[schema_field_index(t->def, "value")] = arena_strdup(&e->scratch, num);
	e->cells[schema_field_index(t->def, "printed")] = q->value;
	e->cells[schema_field_index(t->def, "source")] = "";
	e->cells[schema_field_index(t->def, "entered_by")] = q->by;
	e->cells[schema_field_index(t->def, "entered_at")] = e->at;
	e->cells[schema_field_index(t->def, "entered_revision")] =
		arena_printf(&e->scratch, "%ld", e->revision + 1);
	return 0;
}

/* The cells of a milestone, text or field after the edit: the reference's
 * field and the request's other fields replaced. */
static int row_cells(struct model *m, const struct edit_req *q, struct edit *e, struct jy_err *err)
{
	const struct table *t = &m->tables[e->r];
	for (int i = 0; i < t->def->n_fields; i++)
		e->cells[i] = table_cell(t, (size_t)e->row, i);
	e->cells[schema_field_index(t->def, e->ref.field)] = q->value;
	for (int k = 0; k < q->n_more; k++) {
		int c = schema_field_index(t->def, q->more_fields[k]);
		if (c < 0)
			return refuse(e, EDIT_BAD_REF, err, M_EDIT_NO_FIELD, q->ref,
				      schema_resources[e->r].name, q->more_fields[k]);
		e->cells[c] = q->more_values[k];
	}
	return 0;
}

/* The history's JSON of the edit: the row before, its key, the row after. */
static void history_json(const struct model *m, const struct edit_req *q, struct edit *e)
{
	const struct table *t = &m->tables[e->r];
	struct table after = {.def = t->def};
	struct arena scratch;

	arena_init(&scratch);
	if (e->row >= 0) {
		e->before_json = store_row_json(t, (size_t)e->row);
		e->key = store_key_json(t, (size_t)e->row);
	}
	if (q->op != EDIT_DELETE) {
		table_add_row(&after, &scratch, e->cells, NULL, 0);
		e->after_json = store_row_json(&after, 0);
		if (!e->key)
			e->key = store_key_json(&after, 0);
	}
	table_release(&after);
	arena_release(&scratch);
}

/* The edit applied to the model in memory (not a fact's value: that is
 * check_edit_fact's). */
static void apply(struct model *m, const struct edit_req *q, struct edit *e)
{
	struct table *t = &m->tables[e->r];
	size_t nf = (size_t)t->def->n_fields;

	if (q->op == EDIT_CHANGE) {
		model_set_row(m, e->r, (size_t)e->row, e->cells);
		return;
	}
	model_own_rows(m, e->r);
	if (q->op == EDIT_DELETE) {
		memmove(&t->cells[(size_t)e->row * nf], &t->cells[((size_t)e->row + 1) * nf],
			(t->n_rows - (size_t)e->row - 1) * nf * sizeof(*t->cells));
		memmove(&t->lines[e->row], &t->lines[e->row + 1],
			(t->n_rows - (size_t)e->row - 1) * sizeof(*t->lines));
		t->n_rows--;
	} else {
		model_add_row(m, e->r, e->cells, 0);
	}
}

int edit_pkg_open(struct edit_pkg *p, struct factset *fs, FILE *diag, struct jy_err *err)
{
	assert(!p->st);
	p->opened_bytes = edit_pkg_bytes(p);
	return check_state_open(&p->m, fs, &p->st, diag, err);
}

const struct check_result *edit_pkg_result(const struct edit_pkg *p)
{
	return check_state_result(p->st);
}

size_t edit_pkg_bytes(const struct edit_pkg *p)
{
	return arena_used(&p->m.arena) + p->m.overlay_used;
}

void edit_pkg_close(struct edit_pkg *p)
{
	check_state_close(p->st);
	p->st = NULL;
	model_release(&p->m);
	model_init(&p->m);
}

int edit_pkg_load(struct edit_pkg *p, struct store *s, long revision, FILE *diag,
		  struct jy_err *err)
{
	int rc;

	edit_pkg_close(p);
	p->revision = revision;
	if ((rc = store_load(s, &p->m, err)) || (rc = edit_pkg_open(p, NULL, diag, err)))
		edit_pkg_close(p);
	return rc;
}

/* The package's model no longer what its check or the store say. */
static void spoil(struct edit_pkg *p)
{
	check_state_close(p->st);
	p->st = NULL;
}

/* A new image of the edited package, written under a temporary name before
 * the edit's transaction, recorded in it and named after the commit
 * (image_cache.h); none when the store keeps none or it cannot be written: a
 * cache, the edit goes on without it (the image's record is dropped). */
static void new_image(const struct edit_req *q, struct edit *e, const struct edit_pkg *p)
{
	if (!q->db)
		return;
	image_cache_init(&e->img, q->db);
	image_cache_write(&e->img, &p->m, &edit_pkg_result(p)->fs);
}

/* A fact's value: the rules that read it evaluated again (the fact
 * validated as an import validates it); a new image only when the edits a
 * reader would replay get long. */
static int follow(struct store *s, struct edit_pkg *p, const struct edit_req *q, struct edit *e,
		  struct jy_err *err)
{
	long base = -1;
	int rc = check_edit_fact(p->st, (size_t)e->row, e->cells, q->diag, NULL, err);

	if (rc) {
		e->refusal = EDIT_BAD_VALUE;
		return rc;
	}
	if ((rc = store_image_base(s, &base, err)))
		return rc;
	if (base >= 0 && e->revision + 1 - base > JY_IMAGE_EDITS_MAX)
		new_image(q, e, p); /* the replay is long: a new image */
	return 0;
}

/* Anything else: the edited model validated as an import validates it and
 * checked whole, and a new image, which a reader cannot replay this edit
 * into. */
static int recheck(struct edit_pkg *p, const struct edit_req *q, struct edit *e, struct jy_err *err)
{
	apply(&p->m, q, e);
	check_state_close(p->st);
	p->st = NULL;
	int rc = check_state_open(&p->m, NULL, &p->st, q->diag, err);
	if (rc) {
		e->refusal = EDIT_BAD_VALUE;
		return rc;
	}
	new_image(q, e, p);
	return 0;
}

/* Writes the row, its history entry and the new revision in one
 * transaction, unless the package changed since it was read; the image's
 * record kept (a fact's value) or a new image's recorded. */
static int write_edit(struct store *s, const struct edit_req *q, struct edit *e, struct jy_err *err)
{
	const char *key[JY_CSV_COLUMNS_MAX];
	struct store_image_hold hold = {0};
	long now;
	int rc = store_begin(s, err);

	if (!rc && !(rc = store_revision(s, &now, err)) && now != e->revision) {
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_EDIT_CHANGED, q->store,
				e->revision, now);
		e->refusal = EDIT_STALE;
	}
	if (!rc && e->row >= 0) {
		/* the key as it was: the model's row has the new cells already */
		json_t *k = json_loads(e->key, 0, NULL);
		for (size_t i = 0; i < json_array_size(k); i++)
			key[i] = arena_strdup(&e->scratch, json_string_value(json_array_get(k, i)));
		json_decref(k);
	}
	if (!rc && e->value_only && !e->img.tmp.path)
		rc = store_image_hold(s, now, &hold, err);
	if (!rc)
		rc = q->op == EDIT_DELETE ? store_delete(s, e->r, key, err)
		     : e->row < 0	  ? store_put(s, e->r, e->cells, 0, err)
		     : e->value_only
			     ? store_update_near(s, e->r, (size_t)e->row, key, e->cells, err)
			     : store_update(s, e->r, key, e->cells, err);
	if (!rc)
		rc = store_record(
			s,
			&(struct history_entry){.at = e->at,
						.by = q->by,
						.resource = schema_resources[e->r].name,
						.key = e->key,
						.before = e->before_json ? e->before_json : "",
						.after = e->after_json ? e->after_json : "",
						.reason = q->reason ? q->reason : ""},
			&now, err);
	/* a new image, or the one there is with the edit for a reader to apply */
	if (!rc)
		rc = e->img.tmp.path ? image_cache_record(&e->img, s, err)
		     : e->value_only ? store_image_keep(s, &hold, err)
				     : 0;
	if (!rc && q->in_tx)
		rc = q->in_tx(q->in_tx_ctx, s, e, now, err);
	/* a test's way to stop the process where a crash would hurt most */
	const char *fault = getenv("JIPYO_FAULT");
	if (!rc && fault && strcmp(fault, "set-before-commit") == 0)
		raise(SIGKILL);
	if (!rc)
		rc = store_commit(s, err);
	if (rc)
		store_rollback(s);
	else
		e->revision = now;
	image_cache_finish(&e->img, rc == 0);
	return rc;
}

int edit_parse(const struct edit_req *q, struct edit *e, struct jy_err *err)
{
	time_t now = time(NULL);
	struct jy_err perr;
	struct tm tm;

	assert(q->ref && q->by && q->store);
	memset(e, 0, sizeof(*e));
	arena_init(&e->scratch);
	e->row = -1;
	gmtime_r(&now, &tm);
	strftime(e->at, sizeof(e->at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (ref_parse(q->ref, &e->ref, &perr))
		return refuse(e, EDIT_BAD_REF, err, M_REF_BAD, q->ref, perr.col, perr.msg);
	e->r = e->ref.r;
	if (q->op != EDIT_CHANGE && e->r != RES_FACTS)
		return refuse(e, EDIT_BAD_REF, err, M_EDIT_ADD_DELETE_FACTS, q->ref);
	return 0;
}

/* Finds the row and its cells after the edit. */
static int locate(struct edit_pkg *p, const struct edit_req *q, struct edit *e, struct jy_err *err)
{
	struct model *m = &p->m;
	int rc;

	if (q->if_revision >= 0 && q->if_revision != e->revision)
		return refuse(e, EDIT_STALE, err, M_EDIT_STALE, q->store, e->revision,
			      q->if_revision, q->store);
	if ((rc = find_row(m, q, e, err)))
		return rc;
	for (int i = 0; i < m->tables[e->r].def->n_fields; i++)
		e->before[i] =
			e->row >= 0 ? arena_strdup(&e->scratch,
						   table_cell(&m->tables[e->r], (size_t)e->row, i))
				    : "";
	if (e->r == RES_FACTS && q->op != EDIT_DELETE)
		rc = fact_cells(m, &edit_pkg_result(p)->fs, q, e, err);
	else if (q->op != EDIT_DELETE)
		rc = row_cells(m, q, e, err);
	else
		for (int i = 0; i < m->tables[e->r].def->n_fields; i++)
			e->cells[i] = table_cell(&m->tables[e->r], (size_t)e->row, i);
	if (rc)
		return rc;
	/* copies: the model's cells move or change below */
	for (int i = 0; i < m->tables[e->r].def->n_fields; i++)
		e->cells[i] = arena_strdup(&e->scratch, e->cells[i] ? e->cells[i] : "");
	return 0;
}

/* A package spent by its edits (edit_pkg_bytes) loaded again from s, at
 * the revision it is at: a fresh model holds only the cells that are live. */
static int renew(struct store *s, struct edit_pkg *p, FILE *diag, struct jy_err *err)
{
	if (edit_pkg_bytes(p) <= 2 * p->opened_bytes + JY_EDIT_PKG_SLACK_BYTES)
		return 0;
	return edit_pkg_load(p, s, p->revision, diag, err);
}

int edit_run(struct store *s, struct edit_pkg *p, const struct edit_req *q, struct edit *e,
	     struct jy_err *err)
{
	int rc;

	assert(p->st);
	if ((rc = renew(s, p, q->diag, err)))
		return rc;
	e->revision = p->revision;
	e->value_only = e->r == RES_FACTS && q->op == EDIT_CHANGE;
	if ((rc = locate(p, q, e, err)))
		return rc;
	history_json(&p->m, q, e);
	rc = e->value_only ? follow(s, p, q, e, err) : recheck(p, q, e, err);
	if (!rc) {
		e->res = edit_pkg_result(p);
		rc = write_edit(s, q, e, err);
	}
	if (rc) {
		e->res = NULL;
		spoil(p);
	} else {
		p->revision = e->revision;
	}
	return rc;
}

void edit_release(struct edit *e)
{
	image_cache_finish(&e->img, 0);
	free(e->before_json);
	free(e->after_json);
	free(e->key);
	arena_release(&e->scratch);
	memset(e, 0, sizeof(*e));
}
