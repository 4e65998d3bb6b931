/*
 * image_cache.c - the model image (model/image.h) kept in a file beside the
 * database, PATH-image: written while an import writes the tables, renamed
 * after the commit, and mapped by a reader when the database's record of
 * its size and hash matches. docs/DESIGN.md, "The model image".
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
#include "sqlite.h"

/* The image (model/image.h) is a cache of what validation produced, and a
 * big one (about the size of the tables). It is kept in a file beside the
 * database, PATH-image, and the database records its size and hash in the
 * same transaction as the tables: a reader uses the file only when both
 * match, so a file from another import, a torn write or a database changed
 * since (the triggers drop the record) only cost the slow path. Being a
 * cache, it is not flushed to the disk: written to a temporary name while
 * the tables are written, renamed into place after the commit. Keeping it
 * in the database instead doubled the file that must be flushed before an
 * import may finish (measured in docs/DESIGN.md, "Speed"). */
char *image_path(const char *db_path)
{
	size_t n = strlen(db_path) + sizeof("-image");
	char *p = xmalloc(n);
	snprintf(p, n, "%s-image", db_path);
	return p;
}

/* Writes the image of m and fs to a temporary name beside path's image,
 * straight into the mapped file; on failure nothing is left and img->tmp
 * stays NULL (the import goes on without an image). */
void image_file_write(struct image_file *img, const char *path, const struct model *m,
		      const struct factset *fs)
{
	char *final = image_path(path);
	struct image_plan *plan;
	void *map = MAP_FAILED;
	int e;

	memset(img, 0, sizeof(*img));
	img->tmp = (struct tmp_file){.fd = -1, .slot = -1};
	if (!fs) {
		free(final);
		return;
	}
	plan = image_plan(m, fs);
	size_t len = image_plan_size(plan);
	/* the blocks are allocated now, not when the mapping is first written:
	 * a full disk must fail here, not raise SIGBUS in the middle of a copy */
	if (tmp_create(&img->tmp, final, 0) != 0)
		img->err = errno;
	else if ((e = posix_fallocate(img->tmp.fd, 0, (off_t)len)) != 0)
		img->err = e;
	else if ((map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, img->tmp.fd, 0)) ==
		 MAP_FAILED)
		img->err = errno;
	if (map != MAP_FAILED) {
		image_plan_write(plan, map);
		img->hash = image_hash(map, len);
		munmap(map, len);
		img->len = len;
	} else {
		tmp_discard(&img->tmp);
	}
	image_plan_release(plan);
	free(final);
}

/* After the commit: the file takes its name (committed: 1) or is removed. */
void image_file_finish(struct image_file *img, const char *path, int committed)
{
	if (!img->tmp.path)
		return;
	char *final = image_path(path);
	if (!committed || tmp_commit(&img->tmp, final, 0) != 0)
		tmp_discard(&img->tmp);
	free(final);
}

int store_load_image(struct store *s, void **image, size_t *len, struct jy_err *err)
{
	sqlite3_stmt *st;
	sqlite3_int64 bytes = -1, hash = 0;
	struct stat stt;
	char *path;
	int fd, rc;

	*image = NULL;
	*len = 0;
	rc = sqlite3_prepare_v2(s->db, "SELECT bytes, hash FROM image", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		bytes = sqlite3_column_int64(st, 0);
		hash = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_error(s, err, "cannot read the model image's record");
	if (bytes <= 0)
		return jy_err_set(err, JY_ENOTFOUND, "%s: no model image", s->path);
	path = image_path(s->path);
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
	void *map = mmap(NULL, (size_t)bytes, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		rc = jy_err_set(err, JY_EIO, "%s: cannot map: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	if (image_hash(map, (size_t)bytes) != (uint64_t)hash) {
		munmap(map, (size_t)bytes);
		rc = jy_err_set(err, JY_ENOTFOUND, "%s: not the image the database records", path);
		free(path);
		return rc;
	}
	free(path);
	*image = map;
	*len = (size_t)bytes;
	return 0;
}
