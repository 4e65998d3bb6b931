/*
 * image.h - a validated model and its facts as one binary image.
 *
 * Reading a package back from the store's tables costs a text row per cell
 * and then the whole validation again; at a million facts that is most of
 * `check`. The image is what validation produced, written once when the
 * package is stored: every table's cells, the facts as parsed (ids,
 * decimals, precision) and the fact index. Reading it back is copying and
 * pointer arithmetic. The store keeps it beside the tables and drops it when
 * any table changes (see store_sqlite.c), so an image always describes the
 * tables it sits beside; the tables stay the record.
 *
 * The format is private to this program's version (little-endian, checked
 * by a version number); a reader that meets another version, or damage,
 * refuses it and the caller reads the tables instead. Every length and id is
 * checked before use: a damaged image is refused, never read past its end.
 */
#ifndef JY_IMAGE_H
#define JY_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "facts.h"
#include "model.h"

/* The image of a validated model m and its factset fs (fs from
 * model_validate_facts on m). Returns malloc'ed bytes, *len of them. */
void *image_write(const struct model *m, const struct factset *fs, size_t *len);

/* The same in two steps, for a caller that writes it into memory of its own
 * (a mapped file): image_plan measures it (on several threads), then
 * image_plan_write fills image_plan_size(p) bytes at dst. The plan borrows m
 * and fs. */
struct image_plan;
struct image_plan *image_plan(const struct model *m, const struct factset *fs);
size_t image_plan_size(const struct image_plan *p);
void image_plan_write(struct image_plan *p, void *dst);
void image_plan_release(struct image_plan *p);

/* A 64-bit hash of the image's bytes (the same on any number of threads):
 * what the store keeps to know an image file is the one it wrote. */
uint64_t image_hash(const void *data, size_t len);

/* Fills an empty model m and *fs from an image. The bytes at data must live
 * as long as m (the cells point into them: allocate them in m->arena). On
 * success fs is the caller's to factset_release. On failure returns
 * JY_EINPUT with err saying what is wrong, and m and fs are left for
 * model_release only (fs released). */
int image_read(const void *data, size_t len, struct model *m, struct factset *fs,
	       struct jy_err *err);

#endif
