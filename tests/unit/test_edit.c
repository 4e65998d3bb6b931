/*
 * test_edit.c - the edit core (check/edit.h) kept open for many edits, as
 * the server keeps it: the memory it holds stays bounded, whatever the
 * number of edits. Runs on the seed imported into a fresh SQLite store.
 */
#include <criterion/criterion.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/limits.h"
#include "check/edit.h"
#include "pkg/pkg.h"
#include "store/store.h"

static char uri[256];

static void setup(void)
{
	struct model m;
	struct jy_err err;

	snprintf(uri, sizeof(uri), "sqlite:/tmp/jipyo-test-edit-%d.db", (int)getpid());
	unlink(uri + 7);
	model_init(&m);
	cr_assert_eq(pkg_read("data/seoul-econ-2022", &m, &err), 0, "%s", err.msg);
	cr_assert_eq(store_import(uri, &m, NULL, NULL, &err), 0, "%s", err.msg);
	model_release(&m);
}

static void teardown(void)
{
	char path[300];

	unlink(uri + 7);
	/* the model images kept beside the store */
	snprintf(path, sizeof(path), "%s-image", uri + 7);
	unlink(path);
}

TestSuite(edit, .init = setup, .fini = teardown);

static const char REF[] = "authorized{unit=econ-policy-div,job_class=total} @2022-08-29 [staffing]";

/* One value edit through edit_run, as the server runs it. */
static void edit_once(struct store *s, struct edit_pkg *p, const char *value)
{
	struct edit_req q = {.ref = REF,
			     .op = EDIT_CHANGE,
			     .value = value,
			     .by = "tester",
			     .reason = "soak",
			     .store = uri,
			     .db = uri,
			     .if_revision = p->revision};
	struct edit e;
	struct jy_err err;

	cr_assert_eq(edit_parse(&q, &e, &err), 0, "%s", err.msg);
	cr_assert_eq(edit_run(s, p, &q, &e, &err), 0, "%s", err.msg);
	cr_assert_not_null(e.res);
	edit_release(&e);
}

/* Heap bytes in use, mapped blocks too (0 where a sanitizer keeps its own
 * heap). */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

/* A server edits one package for ever: the model's memory (the cells each
 * edit writes) and the heap stay within what the first edits reached, plus
 * the slack the package may spend before it is loaded again. Before, every
 * edit left copies of its row in the model's arena (about 300 bytes an
 * edit, for as long as the server ran). */
Test(edit, many_edits_hold_bounded_memory, .timeout = 300)
{
	struct edit_pkg p = {.revision = -1};
	struct store *s = NULL;
	struct jy_err err;
	size_t model_high = 0, heap_high = 0;
	enum { WARM = 2000, EDITS = 10000 };

	model_init(&p.m);
	cr_assert_eq(store_open_existing(uri, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(store_revision(s, &p.revision, &err), 0, "%s", err.msg);
	cr_assert_eq(store_load(s, &p.m, &err), 0, "%s", err.msg);
	cr_assert_eq(edit_pkg_open(&p, NULL, NULL, &err), 0, "%s", err.msg);
	size_t model_open = edit_pkg_bytes(&p);
	for (int i = 0; i < EDITS; i++) {
		edit_once(s, &p, i % 2 ? "35" : "34");
		size_t model = edit_pkg_bytes(&p), heap = heap_in_use();
		if (i < WARM) {
			model_high = model > model_high ? model : model_high;
			heap_high = heap > heap_high ? heap : heap_high;
			continue;
		}
		cr_assert_leq(model, 2 * model_open + JY_EDIT_PKG_SLACK_BYTES,
			      "edit %d: the model holds %zu bytes (%zu when opened)", i, model,
			      model_open);
		cr_assert_leq(heap, heap_high + JY_EDIT_PKG_SLACK_BYTES + (256 << 10),
			      "edit %d: %zu heap bytes in use (%zu in the first %d edits)", i, heap,
			      heap_high, WARM);
	}
	cr_assert_gt(model_high, 0);
	long rev = -1;
	cr_assert_eq(store_revision(s, &rev, &err), 0, "%s", err.msg);
	cr_assert_eq(rev, p.revision);
	cr_assert_eq(rev, 1 + EDITS, "every edit a revision");
	edit_pkg_close(&p);
	store_close(s);
}

/* Edits that leave more behind (a text of 16 KiB, checked whole each
 * time) pass the slack within a few hundred edits: the package is loaded
 * again from the store, and the edits after it read and write what the
 * store has, the last one there. */
Test(edit, a_spent_package_is_loaded_again, .timeout = 300)
{
	struct edit_pkg p = {.revision = -1};
	struct store *s = NULL;
	struct jy_err err;
	char text[16384 + 16];
	int renewed = 0;
	enum { EDITS = 120 };

	model_init(&p.m);
	cr_assert_eq(store_open_existing(uri, &s, &err), 0, "%s", err.msg);
	cr_assert_eq(store_revision(s, &p.revision, &err), 0, "%s", err.msg);
	cr_assert_eq(store_load(s, &p.m, &err), 0, "%s", err.msg);
	cr_assert_eq(edit_pkg_open(&p, NULL, NULL, &err), 0, "%s", err.msg);
	size_t model_open = edit_pkg_bytes(&p), before = model_open, step = 0;
	for (int i = 0; i < EDITS; i++) {
		memset(text, i % 2 ? 'a' : 'b', 16384);
		snprintf(text + 16384, 16, " %d", i);
		struct edit_req q = {.ref = "text:general/status/2.text",
				     .op = EDIT_CHANGE,
				     .value = text,
				     .by = "tester",
				     .store = uri,
				     .db = uri,
				     .if_revision = p.revision};
		struct edit e;
		cr_assert_eq(edit_parse(&q, &e, &err), 0, "%s", err.msg);
		cr_assert_eq(edit_run(s, &p, &q, &e, &err), 0, "edit %d: %s", i, err.msg);
		edit_release(&e);
		/* renewed before an edit: past the slack by one edit at most */
		size_t now = edit_pkg_bytes(&p);
		renewed += now < before;
		step = now > before && now - before > step ? now - before : step;
		before = now;
		cr_assert_leq(now, 2 * p.opened_bytes + JY_EDIT_PKG_SLACK_BYTES + step,
			      "edit %d: the model holds %zu bytes (%zu when opened)", i, now,
			      p.opened_bytes);
		cr_assert_leq(p.opened_bytes, model_open + 2 * sizeof(text));
	}
	cr_assert_geq(renewed, 2, "%d edits of 16 KiB never loaded the package again", EDITS);
	/* the package as it is now, and a fresh load of the store, agree */
	struct model fresh;
	size_t row[2], row_fresh[2];
	struct ref ref;
	model_init(&fresh);
	cr_assert_eq(store_load(s, &fresh, &err), 0, "%s", err.msg);
	cr_assert_eq(ref_parse("text:general/status/2.text", &ref, &err), 0, "%s", err.msg);
	cr_assert_eq(ref_find(&p.m, &ref, row, 2), 1);
	cr_assert_eq(ref_find(&fresh, &ref, row_fresh, 2), 1);
	cr_assert_str_eq(table_get(&p.m.tables[RES_TEXTS], row[0], "text"),
			 table_get(&fresh.tables[RES_TEXTS], row_fresh[0], "text"));
	cr_assert(strstr(table_get(&fresh.tables[RES_TEXTS], row_fresh[0], "text"), " 119"));
	long rev = -1;
	cr_assert_eq(store_revision(s, &rev, &err), 0, "%s", err.msg);
	cr_assert_eq(rev, 1 + EDITS);
	model_release(&fresh);
	edit_pkg_close(&p);
	store_close(s);
}
