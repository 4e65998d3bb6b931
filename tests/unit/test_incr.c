/*
 * test_incr.c - a check that follows edits (src/check/incr.c) gives what a
 * full check of the edited model gives, finding for finding: many random
 * edits of the seed's facts (a digit changed, a dash made a number and a
 * number a dash, so that facts become applicable or not), each compared,
 * as JSON, with check_run on the same model; a bad value changes nothing.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include <sys/mman.h>
#include <unistd.h>

#include "model/facts.h"
#include "model/image.h"
#include "pkg/pkg.h"

static char *json_of(const struct check_result *res)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	check_print_json(res, out);
	fprintf(out, "errors %d warnings %d rules %zu\n", res->errors, res->warnings,
		res->rules_evaluated);
	fclose(out);
	return text;
}

/* The findings of a full check of m now. */
static char *full_json(struct model *m)
{
	struct check_result res;
	struct jy_err err;
	FILE *quiet = fopen("/dev/null", "w");
	cr_assert_eq(check_run(m, NULL, &res, quiet, &err), 0, "%s", err.msg);
	fclose(quiet);
	char *text = json_of(&res);
	check_result_release(&res);
	return text;
}

/* Fact `row`'s printed form with one digit changed (or a dash for a number
 * and a number for a dash, now and then). */
static const char *edited_printed(const char *printed, unsigned *seed, char *out, size_t cap)
{
	size_t n = strlen(printed), digits = 0;
	for (size_t i = 0; i < n; i++)
		digits += printed[i] >= '0' && printed[i] <= '9';
	if (digits == 0)
		return "7";
	if (rand_r(seed) % 10 == 0)
		return "-";
	snprintf(out, cap, "%s", printed);
	size_t k = (size_t)rand_r(seed) % digits;
	for (size_t i = 0; i < n; i++)
		if (out[i] >= '0' && out[i] <= '9' && k-- == 0)
			out[i] = (char)('0' + rand_r(seed) % 10);
	return out;
}

/* n random edits of m's facts through st, each compared with a full check;
 * returns how many were applied, *rules the rule rows they evaluated. */
static size_t random_edits(struct model *m, struct check_state *st, int n, unsigned seed,
			   size_t *rules);

Test(incr, random_edits_of_the_seed_match_a_full_check)
{
	struct model m;
	struct jy_err err;
	struct check_state *st;
	unsigned seed = 20261204;
	FILE *quiet = fopen("/dev/null", "w");

	model_init(&m);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &m, &err), 0, "%s", err.msg);
	cr_assert_eq(check_state_open(&m, NULL, &st, quiet, &err), 0, "%s", err.msg);
	char *a = json_of(check_state_result(st)), *b = full_json(&m);
	cr_assert_str_eq(a, b, "before any edit");
	free(a);
	free(b);

	const struct table *t = &m.tables[RES_FACTS];
	int c_value = schema_field_index(t->def, "value");
	int c_printed = schema_field_index(t->def, "printed");
	size_t edited = 0, rules = 0;
	for (int i = 0; i < 200; i++) {
		size_t row = (size_t)rand_r(&seed) % t->n_rows;
		const struct factset *fs = &check_state_result(st)->fs;
		const struct measure_info *mi = &fs->measures[fs->facts[row].measure];
		char buf[128], num[48];
		const char *printed =
			edited_printed(table_cell(t, row, c_printed), &seed, buf, sizeof(buf));
		struct dec v;
		if (fact_printed_value(mi, printed, &v, &err))
			continue; /* "-" where the measure has no n/a form and zero is refused */
		const char *cells[JY_CSV_COLUMNS_MAX];
		for (int f = 0; f < t->def->n_fields; f++)
			cells[f] = table_cell(t, row, f);
		cells[c_value] = dec_str(v, num);
		cells[c_printed] = printed;
		size_t n = 0;
		if (check_edit_fact(st, row, cells, getenv("DEBUG") ? stderr : quiet, &n, &err))
			continue; /* refused: checked below that nothing changed */
		edited++;
		rules += n;
		a = json_of(check_state_result(st));
		b = full_json(&m);
		cr_assert_str_eq(a, b, "edit %d: row %zu printed %s", i, row, printed);
		free(a);
		free(b);
	}
	cr_assert_gt(edited, 150, "only %zu edits applied", edited);
	/* far fewer rule rows than a full check per edit */
	cr_assert_lt(rules, edited * m.tables[RES_RULES].n_rows / 4);
	check_state_close(st);
	model_release(&m);
	fclose(quiet);
}

Test(incr, a_value_that_does_not_agree_with_its_printed_form_changes_nothing)
{
	struct model m;
	struct jy_err err;
	struct check_state *st;
	FILE *quiet = fopen("/dev/null", "w");

	model_init(&m);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &m, &err), 0, "%s", err.msg);
	cr_assert_eq(check_state_open(&m, NULL, &st, quiet, &err), 0, "%s", err.msg);
	char *before = json_of(check_state_result(st));
	const struct table *t = &m.tables[RES_FACTS];
	const char *cells[JY_CSV_COLUMNS_MAX];
	for (int f = 0; f < t->def->n_fields; f++)
		cells[f] = table_cell(t, 0, f);
	char *old_value = strdup(table_get(t, 0, "value"));
	cells[schema_field_index(t->def, "value")] = "123456789";
	cr_assert_eq(check_edit_fact(st, 0, cells, quiet, NULL, &err), JY_EINPUT);
	/* half a provenance: validated as model_validate validates the row */
	cells[schema_field_index(t->def, "value")] = old_value;
	cells[schema_field_index(t->def, "source")] = "";
	cells[schema_field_index(t->def, "entered_by")] = "someone";
	cells[schema_field_index(t->def, "entered_at")] = "2026-12-04T00:00:00Z";
	cr_assert_eq(check_edit_fact(st, 0, cells, quiet, NULL, &err), JY_EINPUT);
	cr_assert_str_eq(table_get(t, 0, "value"), old_value);
	char *after = json_of(check_state_result(st));
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
	free(old_value);
	check_state_close(st);
	model_release(&m);
	fclose(quiet);
}

/* A fact printed as a dash its measure declares not applicable, given a
 * number and then the dash again: the rules it joins and leaves are the
 * full check's (bindings change: everything is evaluated again). */
Test(incr, a_fact_made_applicable_and_not_again)
{
	struct model m;
	struct jy_err err;
	struct check_state *st;
	FILE *quiet = fopen("/dev/null", "w");

	model_init(&m);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &m, &err), 0, "%s", err.msg);
	cr_assert_eq(check_state_open(&m, NULL, &st, quiet, &err), 0, "%s", err.msg);
	const struct factset *fs = &check_state_result(st)->fs;
	const struct table *t = &m.tables[RES_FACTS];
	size_t row = 0;
	while (row < fs->n_facts && !fs->facts[row].not_applicable)
		row++;
	cr_assert_lt(row, fs->n_facts, "the seed has a fact declared not applicable");
	const char *cells[JY_CSV_COLUMNS_MAX];
	char *printed = strdup(table_get(t, row, "printed"));
	char *value = strdup(table_get(t, row, "value"));
	for (int f = 0; f < t->def->n_fields; f++)
		cells[f] = table_cell(t, row, f);
	const char *forms[][2] = {{"3", "3"}, {value, printed}};
	for (int i = 0; i < 2; i++) {
		cells[schema_field_index(t->def, "value")] = forms[i][0];
		cells[schema_field_index(t->def, "printed")] = forms[i][1];
		cr_assert_eq(check_edit_fact(st, row, cells, quiet, NULL, &err), 0, "%s", err.msg);
		cr_assert_eq(check_state_result(st)->fs.facts[row].not_applicable, i);
		char *a = json_of(check_state_result(st)), *b = full_json(&m);
		cr_assert_str_eq(a, b, "after %s", forms[i][1]);
		free(a);
		free(b);
	}
	free(printed);
	free(value);
	check_state_close(st);
	model_release(&m);
	fclose(quiet);
}

static size_t random_edits(struct model *m, struct check_state *st, int count, unsigned seed,
			   size_t *rules)
{
	const struct table *t = &m->tables[RES_FACTS];
	int c_value = schema_field_index(t->def, "value");
	int c_printed = schema_field_index(t->def, "printed");
	FILE *quiet = fopen("/dev/null", "w");
	struct jy_err err;
	size_t edited = 0;

	*rules = 0;
	for (int i = 0; i < count; i++) {
		size_t row = (size_t)rand_r(&seed) % t->n_rows;
		const struct factset *fs = &check_state_result(st)->fs;
		const struct measure_info *mi = &fs->measures[fs->facts[row].measure];
		char buf[128], num[48];
		const char *printed =
			edited_printed(table_cell(t, row, c_printed), &seed, buf, sizeof(buf));
		struct dec v;
		if (fact_printed_value(mi, printed, &v, &err))
			continue;
		const char *cells[JY_CSV_COLUMNS_MAX];
		for (int f = 0; f < t->def->n_fields; f++)
			cells[f] = table_cell(t, row, f);
		cells[c_value] = dec_str(v, num);
		cells[c_printed] = printed;
		size_t n = 0;
		if (check_edit_fact(st, row, cells, quiet, &n, &err))
			continue;
		edited++;
		*rules += n;
		char *a = json_of(check_state_result(st)), *b = full_json(m);
		cr_assert_str_eq(a, b, "edit %d: row %zu printed %s", i, row, printed);
		free(a);
		free(b);
	}
	fclose(quiet);
	return edited;
}

/* The model a server keeps is read from the image: edited rows stay in the
 * image's tables (their strings in the overlay above it), and the findings
 * are still a full check's. */
Test(incr, edits_of_a_model_read_from_its_image)
{
	struct model m0, m;
	struct factset fs0, fs;
	struct jy_err err;
	struct check_state *st;
	char path[] = "/tmp/test_incr_image_XXXXXX";
	size_t len, rules;

	model_init(&m0);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &m0, &err), 0, "%s", err.msg);
	cr_assert_eq(model_validate_facts(&m0, NULL, &fs0, &err), 0, "%s", err.msg);
	void *bytes = image_write(&m0, &fs0, &len);
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, bytes, len), (ssize_t)len);
	free(bytes);
	factset_release(&fs0);
	model_release(&m0);
	void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	cr_assert_neq(map, MAP_FAILED);
	close(fd);
	unlink(path);
	model_init(&m);
	m.mapped = map;
	m.mapped_len = len;
	cr_assert_eq(image_read(map, len, &m, &fs, &err), 0, "%s", err.msg);
	cr_assert_eq(check_state_open(&m, &fs, &st, NULL, &err), 0, "%s", err.msg);
	size_t edited = random_edits(&m, st, 100, 7, &rules);
	cr_assert_gt(edited, 70, "only %zu edits applied", edited);
	cr_assert_not_null(m.tables[RES_FACTS].cell_offs, "the facts table left the image");
	cr_assert_not_null(m.overlay, "no overlay above the image");
	check_state_close(st);
	model_release(&m);
}

/* A process that keeps the state and edits for ever (the server) stays
 * bounded: the findings an edit replaces do not pile up. One fact's value
 * flipped 3000 times: what the state holds stays within a few times what
 * the full run left, and the findings are still the full check's. */
Test(incr, many_edits_keep_the_state_bounded)
{
	struct model m;
	struct jy_err err;
	struct check_state *st;
	FILE *quiet = fopen("/dev/null", "w");

	model_init(&m);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &m, &err), 0, "%s", err.msg);
	cr_assert_eq(check_state_open(&m, NULL, &st, quiet, &err), 0, "%s", err.msg);
	size_t base = check_state_bytes(st), most = base;
	const struct table *t = &m.tables[RES_FACTS];
	size_t row = 0;
	/* a fact that rules read: most of a full check's rows would be too much */
	while (row < t->n_rows && strcmp(table_get(t, row, "measure"), "authorized") != 0)
		row++;
	cr_assert_lt(row, t->n_rows);
	char *printed = strdup(table_get(t, row, "printed"));
	char *value = strdup(table_get(t, row, "value"));
	const char *cells[JY_CSV_COLUMNS_MAX];
	for (int f = 0; f < t->def->n_fields; f++)
		cells[f] = table_cell(t, row, f);
	int c_value = schema_field_index(t->def, "value");
	int c_printed = schema_field_index(t->def, "printed");
	for (int i = 0; i < 3000; i++) {
		cells[c_value] = i % 2 ? value : "1";
		cells[c_printed] = i % 2 ? printed : "1";
		size_t n;
		cr_assert_eq(check_edit_fact(st, row, cells, quiet, &n, &err), 0, "%s", err.msg);
		size_t now = check_state_bytes(st);
		most = now > most ? now : most;
	}
	cr_assert_lt(most, 3 * base + 4 * 1024 * 1024, "held %zu, %zu after the full run", most,
		     base);
	char *a = json_of(check_state_result(st)), *b = full_json(&m);
	cr_assert_str_eq(a, b);
	free(a);
	free(b);
	free(printed);
	free(value);
	check_state_close(st);
	model_release(&m);
	fclose(quiet);
}
