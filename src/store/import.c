/*
 * import.c - a whole package into a store (store_import), above the
 * backends: it uses store.h's operations only, so every backend that offers
 * the bulk ones (bulk_begin … bulk_publish) gets the same import.
 *
 * The package is validated on the calling thread while a thread of its own
 * writes the tables (the longest part) into a write nobody sees before it is
 * published; the validated facts become the model image meanwhile
 * (image_cache.c). A refused package cancels the write; an accepted one is
 * committed, published, and its image renamed into place. The image is a
 * cache: content that does not fit beside it is written again without it.
 * docs/DESIGN.md, "The import, above the store".
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "base/par.h"
#include "image_cache.h"
#include "store.h"

/* One write of the whole package into the store. */
struct writer {
	const struct store_be *be;
	const char *location;
	const struct model *m;
	struct store *s;   /* the write in progress; NULL: none */
	atomic_int cancel; /* set when the check refused the package */
	int deferred;	   /* the backend would not begin before the check decided */
	struct jy_err err;
	int rc;
};

static void writer_init(struct writer *w, const struct store_be *be, const char *location,
			const struct model *m)
{
	memset(w, 0, sizeof(*w));
	w->be = be;
	w->location = location;
	w->m = m;
	atomic_init(&w->cancel, 0);
}

/* Begins the write and writes every table, the metadata and the import's
 * history entry. decided: the check has accepted the package (or there is
 * none), so the store may change outside the write. */
static void writer_tables(struct writer *w, int decided)
{
	int rc = w->be->bulk_begin(w->location, decided, &w->cancel, &w->s, &w->err);

	if (rc == 1) { /* to be written once decided */
		w->deferred = 1;
		w->rc = 0;
		return;
	}
	for (int r = 0; !rc && r < RES_COUNT; r++)
		rc = w->be->replace(w->s, &w->m->tables[r], &w->err);
	if (!rc && w->be->set_meta)
		rc = w->be->set_meta(w->s, w->m->meta_json ? w->m->meta_json : "{}", &w->err);
	if (!rc)
		rc = store_record_import(w->s, w->m, &w->err); /* one revision, one entry */
	w->rc = rc;
}

/* Records the image (img NULL: none), commits and publishes what
 * writer_tables wrote, or drops it after a failure or when the check refused
 * the package. w->rc: 0, 1 when another store appeared where a new one was
 * to be published, or an error in w->err. */
static void writer_finish(struct writer *w, const struct image_file *img)
{
	int rc = w->rc;

	if (!rc && atomic_load(&w->cancel))
		rc = jy_err_set(&w->err, JY_ESTORE, "%s: abandoned", w->location);
	if (!rc)
		rc = image_cache_record(img, w->s, &w->err);
	if (!rc)
		rc = w->be->bulk_commit(w->s, &w->err);
	if (!rc)
		rc = w->be->bulk_publish(w->s, &w->err);
	if (w->s)
		w->be->bulk_close(w->s);
	w->s = NULL;
	w->rc = rc;
}

static void *writer_main(void *p)
{
	writer_tables(p, 0);
	par_busy(-1);
	return NULL;
}

/* The whole write on the calling thread, the package accepted; when a new
 * store could not take its name (another appeared meanwhile), the package
 * is written into that one, in place. */
static int write_all(struct writer *w, const struct image_file *img, struct jy_err *err)
{
	for (int tries = 0; tries < 3; tries++) {
		writer_init(w, w->be, w->location, w->m);
		writer_tables(w, 1);
		writer_finish(w, img);
		if (w->rc != 1)
			break;
	}
	if (w->rc == 1)
		w->rc = jy_err_msg(&w->err, JY_ESTORE, w->location, 0, 0, NULL, M_IMPORT_BUSY);
	if (w->rc)
		*err = w->err;
	return w->rc;
}

int store_import(const char *uri, const struct model *m, store_check_fn check, void *ctx,
		 struct jy_err *err)
{
	const struct store_be *be;
	const char *location;
	struct writer w;
	struct image_file img;
	struct factset fs;
	pthread_t thread;
	int rc, refused, threaded = 0;

	if ((rc = store_backend(uri, &be, &location, err)))
		return rc;
	if (!be->bulk_begin)
		return jy_err_set(err, JY_ESTORE, "%s: the %s store cannot import a package yet",
				  uri, be->name);
	if ((rc = store_import_package(uri, m->meta_json, err)))
		return rc;
	if (be->bulk_prepare && (rc = be->bulk_prepare(location, err)))
		return rc;
	image_cache_init(&img, uri);
	writer_init(&w, be, location, m);
	if (check && par_threads() > 1) {
		/* the writer keeps a core to itself: it is the longest part */
		par_busy(1);
		threaded = pthread_create(&thread, NULL, writer_main, &w) == 0;
		if (!threaded)
			par_busy(-1);
	}
	rc = refused = check ? check(ctx, &fs, err) : 0;
	if (rc) {
		atomic_store(&w.cancel, 1);
	} else { /* while the tables are still being written */
		image_cache_write(&img, m, check ? &fs : NULL);
		if (check)
			factset_release(&fs);
		par_timing("store: image file");
	}
	if (threaded) {
		pthread_join(thread, NULL);
		par_timing("store: tables (waited for)");
	}
	if (threaded && !w.deferred) {
		writer_finish(&w, &img);
		if (!rc && w.rc == 1)
			rc = write_all(&w, &img, err);
		else if (!rc && w.rc)
			*err = w.err, rc = w.rc;
	} else if (!rc) {
		rc = write_all(&w, &img, err);
	}
	/* The image is a cache: tables that did not fit beside it (a full disk)
	 * are written again without it. */
	if (rc == JY_EFULL && !refused && img.tmp.path) {
		image_cache_drop(&img, ENOSPC);
		rc = write_all(&w, NULL, err);
	}
	par_timing("store: commit, flush");
	if (!rc && img.err)
		msg_note(M_IMPORT_NO_IMAGE, location, msg_errno(img.err));
	image_cache_finish(&img, rc == 0);
	return rc;
}
