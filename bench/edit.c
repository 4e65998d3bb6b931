/*
 * edit.c - one fact edited inside a running process, as the server will do
 * it: the package loaded once (its image and the edits since), the check
 * state built once, then EDITS edits of random facts, each through what
 * `jipyo set` uses (check_edit_fact, then the row, its history entry and the
 * image's record in one transaction). Prints the median and p99 of the
 * whole edit and of its check alone. With --verify, each edit's findings are
 * compared with a full check of the edited model (slow; for small packages).
 *
 *   build/bench-edit DB [EDITS] [--verify]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check/check.h"
#include "cmd/load.h"
#include "store/store.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static char *json_of(const struct check_result *res)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	check_print_json(res, out);
	fclose(out);
	return text;
}

/* A digit of printed changed, as a person corrects a figure. */
static void edit_printed(const char *printed, unsigned *seed, char *out, size_t cap)
{
	size_t digits = 0, n = strlen(printed);
	snprintf(out, cap, "%s", printed);
	for (size_t i = 0; i < n; i++)
		digits += printed[i] >= '1' && printed[i] <= '9';
	if (!digits)
		return;
	size_t k = (size_t)rand_r(seed) % digits;
	for (size_t i = 0; i < n; i++)
		if (out[i] >= '1' && out[i] <= '9' && k-- == 0)
			out[i] = (char)('1' + rand_r(seed) % 9);
}

/* The edit written as set writes it. */
static int write_edit(struct store *s, const struct table *t, size_t index, const char **cells,
		      const char *at, struct jy_err *err)
{
	const char *key[JY_CSV_COLUMNS_MAX];
	struct store_image_hold hold;
	struct table after = {.def = t->def};
	struct arena a;
	long rev;
	int rc;

	size_t row = 0; /* t holds the row before the edit alone */
	store_key_of(t, row, key);
	arena_init(&a);
	table_add_row(&after, &a, cells, NULL, 0);
	char *before = store_row_json(t, row), *kj = store_key_json(t, row),
	     *aj = store_row_json(&after, 0);
	rc = store_begin(s, err);
	if (!rc)
		rc = store_revision(s, &rev, err);
	if (!rc)
		rc = store_image_hold(s, rev, &hold, err);
	if (!rc)
		rc = store_update_near(s, RES_FACTS, index, key, cells, err);
	if (!rc)
		rc = store_record(s,
				  &(struct history_entry){.at = at,
							  .by = "bench",
							  .resource = "facts",
							  .key = kj,
							  .before = before,
							  .after = aj,
							  .reason = ""},
				  &rev, err);
	if (!rc)
		rc = store_image_keep(s, &hold, err);
	if (!rc)
		rc = store_commit(s, err);
	else
		store_rollback(s);
	free(before);
	free(kj);
	free(aj);
	table_release(&after);
	arena_release(&a);
	return rc;
}

int main(int argc, char **argv)
{
	const char *db = argc > 1 ? argv[1] : NULL;
	int n_edits = argc > 2 ? atoi(argv[2]) : 100;
	int verify = argc > 3 && strcmp(argv[3], "--verify") == 0;
	struct model m;
	struct factset fs;
	struct store *s;
	struct check_state *st;
	struct jy_err err;
	int validated = 0;
	unsigned seed = 4242;

	if (!db || n_edits <= 0) {
		fprintf(stderr, "usage: bench-edit DB [EDITS] [--verify]\n");
		return 2;
	}
	double t0 = now();
	model_init(&m);
	if (store_open_existing(db, &s, &err) || load_model(NULL, db, &m, &fs, &validated, &err) ||
	    check_state_open(&m, validated ? &fs : NULL, &st, stderr, &err)) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	double t1 = now();
	printf("load and first check: %.3f s (image %s), %zu findings\n", t1 - t0,
	       validated ? "used" : "not used", check_state_result(st)->n_findings);
	double *total = calloc((size_t)n_edits, sizeof(double));
	double *checks = calloc((size_t)n_edits, sizeof(double));
	const struct table *t = &m.tables[RES_FACTS];
	int c_value = schema_field_index(t->def, "value"),
	    c_printed = schema_field_index(t->def, "printed"),
	    c_source = schema_field_index(t->def, "source"),
	    c_by = schema_field_index(t->def, "entered_by"),
	    c_at = schema_field_index(t->def, "entered_at"),
	    c_rev = schema_field_index(t->def, "entered_revision");
	size_t rules = 0, mismatches = 0;
	int done = 0;
	for (int i = 0; done < n_edits && i < n_edits * 10; i++) {
		size_t row = (size_t)rand_r(&seed) % t->n_rows;
		const struct factset *cfs = &check_state_result(st)->fs;
		const struct measure_info *mi = &cfs->measures[cfs->facts[row].measure];
		char printed[128], num[48];
		struct dec v;
		edit_printed(table_cell(t, row, c_printed), &seed, printed, sizeof(printed));
		if (fact_printed_value(mi, printed, &v, &err))
			continue;
		const char *cells[JY_CSV_COLUMNS_MAX];
		for (int f = 0; f < t->def->n_fields; f++)
			cells[f] = table_cell(t, row, f);
		cells[c_value] = dec_str(v, num);
		cells[c_printed] = printed;
		cells[c_source] = "";
		cells[c_by] = "bench";
		cells[c_at] = "2026-12-04T00:00:00Z";
		cells[c_rev] = "2";
		size_t n = 0;
		double a = now();
		/* the history's before is the row as it was: written first */
		const char *old[JY_CSV_COLUMNS_MAX];
		struct table before = {.def = t->def};
		struct arena ba;
		arena_init(&ba);
		for (int f = 0; f < t->def->n_fields; f++)
			old[f] = table_cell(t, row, f);
		table_add_row(&before, &ba, old, NULL, 0);
		if (check_edit_fact(st, row, cells, stderr, &n, &err)) {
			table_release(&before);
			arena_release(&ba);
			continue;
		}
		double b = now();
		/* write_edit reads the key and the row before from the model's row:
		 * the row changed, its key did not; before from the copy */
		if (write_edit(s, &before, row, cells, "2026-12-04T00:00:00Z", &err)) {
			fprintf(stderr, "error: %s\n", err.msg);
			return 1;
		}
		double c = now();
		table_release(&before);
		arena_release(&ba);
		checks[done] = b - a;
		total[done] = c - a;
		rules += n;
		if (verify) {
			struct check_result full;
			check_run(&m, NULL, &full, stderr, &err);
			char *x = json_of(check_state_result(st)), *y = json_of(&full);
			mismatches += strcmp(x, y) != 0;
			free(x);
			free(y);
			check_result_release(&full);
		}
		done++;
	}
	if (done)
		printf("first edit: %.2f ms; edited cells %s\n", total[0] * 1e3,
		       m.overlay ? "in the overlay above the image"
		       : m.tables[RES_FACTS].cell_offs
			       ? "nowhere (no edit)"
			       : "in a copy of the facts table's cell pointers");
	qsort(total, (size_t)done, sizeof(double), cmp_double);
	qsort(checks, (size_t)done, sizeof(double), cmp_double);
	printf("%d edits, %.1f rule rows evaluated again per edit\n", done,
	       done ? (double)rules / done : 0);
	printf("edit (check + write + commit): median %.2f ms, p99 %.2f ms, max %.2f ms\n",
	       total[done / 2] * 1e3, total[(done * 99) / 100 - (done >= 100)] * 1e3,
	       total[done - 1] * 1e3);
	printf("check alone: median %.3f ms, p99 %.3f ms\n", checks[done / 2] * 1e3,
	       checks[(done * 99) / 100 - (done >= 100)] * 1e3);
	if (verify)
		printf("findings differing from a full check: %zu of %d edits\n", mismatches, done);
	check_state_close(st);
	store_close(s);
	model_release(&m);
	free(total);
	free(checks);
	return mismatches ? 1 : 0;
}
