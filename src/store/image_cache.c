/*
 * image_cache.c - the model image (model/image.h) kept in a file beside the
 * store (see image_cache.h): written while an import writes the tables,
 * renamed after the commit, and mapped by a reader when the store's record
 * of its size and hash matches. docs/DESIGN.md, "The model image".
 */
#include "image_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "model/image.h"

/* The image (model/image.h) is a cache of what validation produced, and a
 * big one (about the size of the tables). It is kept in a file beside the
 * database (SQLite: PATH-image), and the database records its size and hash in the
 * same transaction as the tables: a reader uses the file only when both
 * match, so a file from another import, a torn write or a database changed
 * since (the triggers drop the record) only cost the slow path. Being a
 * cache, it is not flushed to the disk: written to a temporary name while
 * the tables are written, renamed into place after the commit. Keeping it
 * in the database instead doubled the file that must be flushed before an
 * import may finish (measured in docs/DESIGN.md, "Speed"). */

static char *path_of(const char *uri)
{
	const struct store_be *be;
	const char *location;

	if (store_backend(uri, &be, &location, &(struct jy_err){0}) || !be->image_path)
		return NULL;
	return be->image_path(location);
}

void image_cache_clean(const struct store_be *be, const char *location)
{
	char *path = be->image_path ? be->image_path(location) : NULL;
	if (path)
		tmp_clean_stale(path);
	free(path);
}

void image_cache_init(struct image_file *img, const char *uri)
{
	memset(img, 0, sizeof(*img));
	img->tmp = (struct tmp_file){.fd = -1, .slot = -1};
	img->path = path_of(uri);
	if (img->path)
		tmp_clean_stale(img->path);
}

void image_cache_write(struct image_file *img, const struct model *m, const struct factset *fs)
{
	struct image_plan *plan;
	void *map = MAP_FAILED;
	int e;

	if (!fs || !img->path)
		return;
	plan = image_plan(m, fs);
	size_t len = image_plan_size(plan);
	/* the blocks are allocated now, not when the mapping is first written:
	 * a full disk must fail here, not raise SIGBUS in the middle of a copy */
	if (tmp_create(&img->tmp, img->path, 0) != 0)
		img->err = errno;
	else if ((e = posix_fallocate(img->tmp.fd, 0, (off_t)len)) != 0)
		img->err = e;
	else if ((map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, img->tmp.fd, 0)) ==
		 MAP_FAILED)
		img->err = errno;
	if (map != MAP_FAILED) {
		/* the file's pages made writable in one call, not a fault for
		 * each as the copy reaches it (a hint: older kernels refuse it) */
		(void)madvise(map, len, MADV_POPULATE_WRITE);
		image_plan_write(plan, map);
		img->hash = image_hash(map, len);
		munmap(map, len);
		img->len = len;
	} else {
		tmp_discard(&img->tmp);
	}
	image_plan_release(plan);
}

int image_cache_record(const struct image_file *img, struct store *s, struct jy_err *err)
{
	const struct store_be *be = ((struct store_head *)s)->be;

	if (!img || !img->tmp.path || !be->image_record)
		return 0;
	return be->image_record(s, img->len, img->hash, err);
}

void image_cache_drop(struct image_file *img, int err)
{
	tmp_discard(&img->tmp);
	img->err = err;
}

void image_cache_finish(struct image_file *img, int committed)
{
	if (img->tmp.path && (!committed || tmp_commit(&img->tmp, img->path, 0) != 0))
		tmp_discard(&img->tmp);
	free(img->path);
	img->path = NULL;
}

int image_cache_load(const char *uri, struct store *s, void **image, size_t *len,
		     struct jy_err *err)
{
	const struct store_be *be = ((struct store_head *)s)->be;
	struct stat stt;
	size_t bytes;
	uint64_t hash;
	char *path;
	int fd, rc;

	*image = NULL;
	*len = 0;
	if (!be->image_lookup || !(path = path_of(uri)))
		return jy_err_set(err, JY_ENOTFOUND, "%s: no model image", uri);
	if ((rc = be->image_lookup(s, &bytes, &hash, err))) {
		free(path);
		return rc;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &stt) != 0 || stt.st_size != (off_t)bytes) {
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: %s", path,
				fd < 0 ? strerror(errno) : "not the image the database records");
		if (fd >= 0)
			close(fd);
		free(path);
		return rc;
	}
	/* private and read-only: nobody writes it. Not MAP_POPULATE: the hash's
	 * threads map the pages in parallel as they read them (measured: 0.052 s
	 * against 0.070 s at a million facts) */
	void *map = mmap(NULL, bytes, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		rc = jy_err_msg(err, JY_EIO, NULL, 0, 0, NULL, M_IMAGE_MAP, path, msg_errno(errno));
		free(path);
		return rc;
	}
	if (image_hash(map, bytes) != hash) {
		munmap(map, bytes);
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: not the image the database records", path);
		free(path);
		return rc;
	}
	free(path);
	*image = map;
	*len = bytes;
	return 0;
}
