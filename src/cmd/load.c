/*
 * load.c - a model from a folder or a database (see load.h).
 */
#include "load.h"

#include <stdio.h>

#include "base/par.h"
#include "model/image.h"
#include "pkg/pkg.h"
#include "report_out.h"
#include "store/image_cache.h"
#include "store/store.h"

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
	}
	if (rc) {
		if (rc != JY_ENOTFOUND) /* damaged: say so, and read the tables */
			fprintf(stderr, "note: %s; reading the tables instead\n", err.msg);
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
	rc = store_open_existing(db, &s, err);
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
