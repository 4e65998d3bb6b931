/*
 * fuzz_image.c - libFuzzer target for the model image reader
 * (src/model/image.c).
 *
 * The input is a list of edits to a valid image, the seed package's: a
 * length to cut it to, then (offset, byte) pairs. Random bytes alone would
 * rarely get past the header; edits of a real image reach every table, the
 * fact records and the index. Any edited image must be read or refused
 * without a crash, a read outside it or a lookup that never ends; the
 * image unedited must be read, and each of its facts found under its key.
 * (Damage the reader cannot tell from data is the hash's to catch: the
 * store checks it before the reader runs.)
 *
 * An input that begins as an image does ("JYIMAGE\n") is instead read as a
 * whole image, as the store would map it: the committed corpus holds the
 * image a tiny package imports to (fuzz/corpus/image/tiny: the seed's
 * staffing table, 19 facts and one rule; made again when the image format
 * changes), which libFuzzer then mutates.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/image.h"
#include "pkg/pkg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *image;
static size_t image_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct model m;
	struct factset fs;
	struct jy_err err;

	(void)argc;
	(void)argv;
	setenv("JIPYO_THREADS", "1", 1); /* one thread: reproducible, and fast to start */
	model_init(&m);
	if (pkg_read("data/seoul-econ-2022", &m, &err) ||
	    model_validate_facts(&m, NULL, &fs, &err)) {
		fprintf(stderr, "fuzz_image: cannot build the seed image: %s\n", err.msg);
		abort();
	}
	image = image_write(&m, &fs, &image_len);
	factset_release(&fs);
	model_release(&m);
	return 0;
}

/* Reads a whole image given as input: read or refused, never a crash; the
 * facts of one that is read are looked up, and each lookup ends. */
static void read_whole(const uint8_t *data, size_t size)
{
	struct model m;
	struct factset fs;
	struct jy_err err;

	model_init(&m);
	uintptr_t at = (uintptr_t)arena_alloc(&m.arena, size + 64);
	uint8_t *copy = (uint8_t *)((at + 63) & ~(uintptr_t)63);
	memcpy(copy, data, size);
	if (image_read(copy, size, &m, &fs, &err) == 0) {
		for (size_t i = 0; i < fs.n_facts; i++)
			(void)factset_find(&fs, &fs.facts[i].key);
		factset_release(&fs);
	}
	model_release(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m;
	struct factset fs;
	struct jy_err err;
	uint32_t cut = UINT32_MAX;
	int edited = 0;

	if (size >= 8 && memcmp(data, "JYIMAGE\n", 8) == 0) {
		read_whole(data, size);
		return 0;
	}
	if (size >= 4) {
		memcpy(&cut, data, 4);
		data += 4;
		size -= 4;
	}
	size_t len = cut % (image_len + 64); /* most cuts fall past the end: no cut */
	if (len > image_len)
		len = image_len;
	model_init(&m);
	/* at a multiple of 64, as a mapped file: the fact records are used in place */
	uintptr_t at = (uintptr_t)arena_alloc(&m.arena, len + 64);
	uint8_t *copy = (uint8_t *)((at + 63) & ~(uintptr_t)63);
	memcpy(copy, image, len);
	for (; size >= 5; data += 5, size -= 5) {
		uint32_t at;
		memcpy(&at, data, 4);
		if (len) {
			copy[at % len] = data[4];
			edited = 1;
		}
	}
	int rc = image_read(copy, len, &m, &fs, &err);
	if (rc == 0) {
		/* an edit the reader cannot tell from data (an id changed into
		 * another valid one) may leave a fact unfound, but every lookup
		 * must end, and in the image as written every fact is found */
		for (size_t i = 0; i < fs.n_facts; i++)
			if (factset_find(&fs, &fs.facts[i].key) < 0 && !edited && len == image_len)
				abort();
		factset_release(&fs);
	} else if (len == image_len && !edited) {
		abort(); /* the image itself must be read */
	}
	model_release(&m);
	return 0;
}
