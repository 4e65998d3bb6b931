/*
 * fuzz_descriptor.c - libFuzzer target for the descriptor reader
 * (datapackage.json, pkg_read in src/pkg/pkg.c).
 *
 * The input is written as the datapackage.json of a package whose CSV files
 * are the seed's headers alone, then the package is read. Any descriptor is
 * read or refused without a crash; a refusal is an input error naming the
 * descriptor (or a resource file) with a message. One that is read gives a
 * package that validates (its tables are empty).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"
#include "pkg/csv.h"
#include "pkg/pkg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char descriptor[96];

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "fuzz_descriptor: cannot write %s\n", path);
		abort();
	}
}

static void remove_dir(void)
{
	for (int r = 0; r < RES_COUNT; r++) {
		char path[160];
		snprintf(path, sizeof(path), "%s/%s", dir, schema_resources[r].path);
		unlink(path);
	}
	unlink(descriptor);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("JIPYO_THREADS", "1", 1);
	snprintf(dir, sizeof(dir), "%s/jipyo-fuzz-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		abort();
	atexit(remove_dir);
	snprintf(descriptor, sizeof(descriptor), "%s/datapackage.json", dir);
	for (int r = 0; r < RES_COUNT; r++) {
		const struct resource_def *def = &schema_resources[r];
		const char *header[JY_CSV_COLUMNS_MAX];
		struct buf b;
		char path[160];
		buf_init(&b);
		for (int i = 0; i < def->n_fields; i++)
			header[i] = def->fields[i].name;
		csv_write_row(&b, header, def->n_fields);
		snprintf(path, sizeof(path), "%s/%s", dir, def->path);
		write_file(path, b.data, b.len);
		buf_release(&b);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m;
	struct jy_err err;

	write_file(descriptor, (const char *)data, size);
	model_init(&m);
	memset(&err, 0, sizeof(err));
	if (pkg_read(dir, &m, &err) == 0) {
		if (model_validate(&m, NULL, &err) != 0)
			abort(); /* empty tables: nothing to refuse */
	} else if (err.code != JY_EINPUT || !err.msg[0] || !err.file[0]) {
		abort();
	}
	model_release(&m);
	return 0;
}
