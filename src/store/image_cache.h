/*
 * image_cache.h - the model image (model/image.h) kept beside a store: a
 * file the store names (store_be.image_path; SQLite: PATH-image) whose size
 * and hash the store records with the content it describes
 * (store_be.image_record), so that a reader uses it only when both match.
 * Works through store.h alone, for any backend that keeps one.
 * docs/DESIGN.md, "The model image" and "The import, above the store".
 */
#ifndef JY_IMAGE_CACHE_H
#define JY_IMAGE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/tmp.h"
#include "model/facts.h"
#include "model/model.h"
#include "store.h"

/* An image being written for an import. */
struct image_file {
	char *path;	     /* where it goes; NULL: the store keeps no image */
	struct tmp_file tmp; /* the written file under its temporary name; path NULL: none */
	int err;	     /* why none was written (an errno); 0: not asked for one */
	size_t len;
	uint64_t hash;
};

/* Where the image of the store at uri goes; what killed commands left of
 * it is removed. */
void image_cache_init(struct image_file *img, const char *uri);
/* Writes the image of m and fs (NULL: none asked for) under a temporary
 * name, straight into the mapped file; on failure nothing is left, img->err
 * says why, and the import goes on without an image. */
void image_cache_write(struct image_file *img, const struct model *m, const struct factset *fs);
/* Inside the store's write: records the written image's size and hash
 * (nothing when there is none). */
int image_cache_record(const struct image_file *img, struct store *s, struct jy_err *err);
/* Drops the written file: the content is stored without it (err: why). */
void image_cache_drop(struct image_file *img, int err);
/* After the commit: the file takes its name (committed: 1) or is removed;
 * img is released. */
void image_cache_finish(struct image_file *img, int committed);

/* The image of the content of s (opened from uri), mapped read-only: the
 * caller munmaps it, or hands it to the model it reads it into (m->mapped).
 * JY_ENOTFOUND when there is none, or none that is this content's (an
 * older import, a table changed since, the file gone or another's). */
int image_cache_load(const char *uri, struct store *s, void **image, size_t *len,
		     struct jy_err *err);

/* Removes the temporaries of the image of the store at location that
 * killed commands left. */
void image_cache_clean(const struct store_be *be, const char *location);

#endif
