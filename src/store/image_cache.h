/*
 * image_cache.h - the model image's file beside the database (private to
 * the store; see image_cache.c).
 */
#ifndef JY_IMAGE_CACHE_H
#define JY_IMAGE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "base/tmp.h"
#include "model/facts.h"
#include "model/model.h"

/* An image being written for an import. */
struct image_file {
	struct tmp_file tmp; /* the written file under its temporary name; path NULL: none */
	int err;	     /* why none was written (an errno); 0: not asked for one */
	size_t len;
	uint64_t hash;
};

/* PATH-image, malloc'ed. */
char *image_path(const char *db_path);

/* Writes the image of m and fs to a temporary name beside path's image,
 * straight into the mapped file; on failure nothing is left and img->tmp
 * stays NULL (the import goes on without an image). fs NULL: none asked. */
void image_file_write(struct image_file *img, const char *path, const struct model *m,
		      const struct factset *fs);
/* After the commit: the file takes its name (committed: 1) or is removed. */
void image_file_finish(struct image_file *img, const char *path, int committed);

#endif
