/*
 * fuzz_cells.c - libFuzzer target for the cells of a package that have a
 * syntax of their own: a fact's period (ISO: 2022-08-29, 2022, 2022-H1, a
 * range), its coordinates (dim=member;…), a source list (FILE:LINE;…) and a
 * rule's scope (key=value;…).
 *
 * The input's first byte chooses the cell (see `cells`), the rest up to a
 * NUL is its text. It replaces that cell in a small package made in memory
 * from the seed (the one fuzz/corpus/image/tiny is the image of): its
 * dimensions and units, the members of job_class, the measures authorized
 * and current with their facts in the staffing table, and the rule that
 * sums them. The package is validated and, when valid, checked. Any text is accepted or refused
 * without a crash; a refusal is an input error; the seed's own text is accepted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "model/facts.h"
#include "model/model.h"
#include "pkg/pkg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	enum resource_id r;
	const char *field;
} cells[] = {
	{RES_FACTS, "period"},
	{RES_FACTS, "coords"},
	{RES_FACTS, "source"},
	{RES_RULES, "scope"},
};
enum { N_CELLS = sizeof(cells) / sizeof(cells[0]) };

static struct model seed;
/* Rows of the seed kept: all of these resources', and of members, measures
 * and facts those that pass `small` (column, one of two values). */
static const enum resource_id kept[] = {RES_DIMENSIONS, RES_UNITS, RES_MEMBERS, RES_MEASURES,
					RES_FACTS};
static const struct {
	enum resource_id r;
	const char *field, *a, *b;
} small[] = {
	{RES_MEMBERS, "dimension", "job_class", "job_class"},
	{RES_MEASURES, "id", "authorized", "current"},
	{RES_FACTS, "measure", "authorized", "current"},
	{RES_FACTS, "table", "staffing", "staffing"},
};
static size_t rule_row;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct jy_err err;

	(void)argc;
	(void)argv;
	setenv("JIPYO_THREADS", "1", 1);
	model_init(&seed);
	if (pkg_read("data/seoul-econ-2022", &seed, &err)) {
		fprintf(stderr, "fuzz_cells: cannot read the seed: %s\n", err.msg);
		abort();
	}
	const struct table *rules = &seed.tables[RES_RULES];
	for (rule_row = 0; rule_row < rules->n_rows; rule_row++)
		if (strcmp(table_get(rules, rule_row, "scope"), "table=staffing") == 0)
			break;
	if (rule_row == rules->n_rows)
		abort(); /* the seed changed: pick another rule */
	return 0;
}

static void copy_row(struct model *m, enum resource_id r, size_t row, int field, const char *text)
{
	const struct table *t = &seed.tables[r];
	const char *values[JY_CSV_COLUMNS_MAX];

	for (int i = 0; i < t->def->n_fields; i++)
		values[i] = i == field ? text : table_cell(t, row, i);
	model_add_row(m, r, values, t->lines[row]);
}

static int is_small(enum resource_id r, size_t row)
{
	for (size_t k = 0; k < sizeof(small) / sizeof(small[0]); k++) {
		if (small[k].r != r)
			continue;
		const char *v = table_get(&seed.tables[r], row, small[k].field);
		if (strcmp(v, small[k].a) != 0 && strcmp(v, small[k].b) != 0)
			return 0;
	}
	return 1;
}

/* The small package, with text in cell c of its first fact (or of the
 * rule). Returns whether text is what the seed has there. */
static int build(struct model *m, int c, const char *text)
{
	int field = schema_field_index(seed.tables[cells[c].r].def, cells[c].field);
	int first = 1, same = 0;

	model_init(m);
	for (size_t k = 0; k < sizeof(kept) / sizeof(kept[0]); k++) {
		enum resource_id r = kept[k];
		for (size_t row = 0; row < seed.tables[r].n_rows; row++) {
			if (!is_small(r, row))
				continue;
			if (r == RES_FACTS && first && cells[c].r == RES_FACTS) {
				same = strcmp(table_cell(&seed.tables[r], row, field), text) == 0;
				copy_row(m, r, row, field, text);
				first = 0;
				continue;
			}
			copy_row(m, r, row, -1, NULL);
		}
	}
	if (cells[c].r == RES_RULES) {
		same = strcmp(table_cell(&seed.tables[RES_RULES], rule_row, field), text) == 0;
		copy_row(m, RES_RULES, rule_row, field, text);
	} else {
		copy_row(m, RES_RULES, rule_row, -1, NULL);
	}
	return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m;
	struct factset fs;
	struct check_result res;
	struct jy_err err;

	if (size < 1)
		return 0;
	int c = data[0] % N_CELLS;
	char *text = strndup((const char *)data + 1, size - 1);
	if (!text)
		return 0;
	int same = build(&m, c, text);
	memset(&err, 0, sizeof(err));
	if (model_validate_facts(&m, NULL, &fs, &err) == 0) {
		if (check_run(&m, &fs, &res, NULL, &err) != 0)
			abort(); /* a valid package is checked */
		check_result_release(&res);
	} else if (err.code != JY_EINPUT || same) {
		abort(); /* a refusal is an input error, and the seed's text is valid */
	}
	model_release(&m);
	free(text);
	return 0;
}
