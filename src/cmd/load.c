/*
 * load.c - a model from a folder or a database (see load.h).
 */
#include "load.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/par.h"
#include "model/edit.h"
#include "model/image.h"
#include "pkg/pkg.h"
#include "render/describe.h"
#include "report_out.h"
#include "store/image_cache.h"
#include "store/store.h"

struct replay {
	struct model *m;
	struct factset *fs;
};

/* One edit made after the image was written (an edit of one fact's value
 * or a finding's status: the only kinds after which an edit keeps the
 * image), applied to it. */
static int replay_one(void *ctx, const struct history_entry *e)
{
	struct replay *r = ctx;
	const struct table *t = &r->m->tables[RES_FACTS];
	const char *cells[JY_CSV_COLUMNS_MAX];
	struct diag quiet = {.out = NULL};
	long row = -1;

	if (strcmp(e->resource, "finding_status") == 0)
		return 0; /* a finding's status is not in the model */
	if (strcmp(e->resource, "facts") != 0 || !*e->before || !*e->after)
		return JY_EINPUT;
	json_t *after = json_loads(e->after, 0, NULL);
	if (!json_is_object(after)) {
		json_decref(after);
		return JY_EINPUT;
	}
	for (int i = 0; i < t->def->n_fields; i++) {
		const char *v = json_string_value(json_object_get(after, t->def->fields[i].name));
		cells[i] = v ? v : "";
	}
#define CELL(name) cells[schema_field_index(t->def, name)]
	row = factset_find_key(r->fs, CELL("measure"), CELL("coords"), CELL("period"), CELL("kind"),
			       CELL("table"));
#undef CELL
	if (row >= 0)
		model_set_row(r->m, RES_FACTS, (size_t)row, cells);
	json_decref(after);
	if (row < 0 || factset_refresh_row(r->fs, r->m, (size_t)row, &quiet) != 0)
		return JY_EINPUT;
	return 0;
}

/* The edits made after the image was written, applied to what it holds. */
static int replay_edits(struct store *s, struct model *m, struct factset *fs, struct jy_err *err)
{
	struct replay r = {m, fs};
	long base;
	int rc = store_image_base(s, &base, err);

	if (rc || base < 0)
		return rc;
	rc = store_history_after(s, base, replay_one, &r, err);
	if (rc == JY_EINPUT)
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_IMAGE_EDITS);
	par_timing("load: edits since the image");
	return rc;
}

/* The model from the store's image: 0, or non-zero with m emptied again. */
static int load_image(const char *db, struct store *s, struct model *m, struct factset *fs)
{
	struct jy_err err;
	void *image;
	size_t len;
	int rc = image_cache_load(db, s, &image, &len, &err);

	if (!rc) {
		par_timing("load: image mapped");
		m->mapped = image; /* the cells point into it */
		m->mapped_len = len;
		rc = image_read(image, len, m, fs, &err);
		if (!rc && (rc = replay_edits(s, m, fs, &err)))
			factset_release(fs);
	}
	if (rc) {
		if (rc != JY_ENOTFOUND) /* damaged: say so, and read the tables */
			msg_note(M_IMAGE_FALLBACK, err.msg);
		model_release(m);
		model_init(m);
	}
	return rc;
}

int load_model(const char *dir, const char *db, struct model *m, struct factset *fs, int *validated,
	       struct jy_err *err)
{
	struct store *s = NULL;
	int rc;

	if (validated)
		*validated = 0;
	if (dir)
		return pkg_read(dir, m, err);
	rc = store_open_uri(db, STORE_LOAD, &s, err);
	if (!rc && fs && load_image(db, s, m, fs) == 0) {
		*validated = 1;
		store_close(s);
		return 0;
	}
	if (!rc)
		rc = store_load(s, m, err);
	store_close(s);
	return rc;
}

int load_revision(const char *db, struct buf *out, long *revision, struct jy_err *err)
{
	struct store *s = NULL;
	struct model m;
	int rc = store_open_existing(db, &s, err);

	model_init(&m);
	if (!rc)
		rc = store_load(s, &m, err);
	if (!rc)
		rc = store_revision(s, revision, err);
	if (!rc)
		report_revision(&m, db, out);
	store_close(s);
	model_release(&m);
	return rc;
}

int load_resolve_ref(const char *db, const char **ref, char buf[JY_REF_BYTES_MAX],
		     struct jy_err *err)
{
	struct store *s = NULL;
	struct model m;
	struct factset fs;
	struct describer d;
	struct diag quiet = {.out = NULL};
	struct buf b;
	int rc;

	if (!describe_is_words(*ref))
		return 0;
	model_init(&m);
	rc = store_open_existing(db, &s, err);
	if (!rc)
		rc = store_load(s, &m, err);
	store_close(s);
	if (rc) {
		model_release(&m);
		return rc;
	}
	factset_build(&fs, &m, &quiet);
	describer_init(&d, &m, &fs);
	buf_init(&b);
	rc = describe_resolve(&d, *ref, &b, err);
	if (!rc && b.len >= JY_REF_BYTES_MAX)
		rc = jy_err_msg(err, JY_EINPUT, NULL, 0, 0, NULL, M_REF_TOO_LONG, *ref);
	if (!rc) {
		memcpy(buf, b.data, b.len + 1);
		*ref = buf;
	}
	buf_release(&b);
	describer_release(&d);
	factset_release(&fs);
	model_release(&m);
	return rc;
}
