/*
 * test_store.c - the store interface (store/store.h), against that header
 * alone: every test runs on a fresh store whose URI is JIPYO_TEST_STORE
 * followed by a number, an SQLite file by default, so that a second backend
 * runs the same tests unchanged.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/status.h"
#include "store/store.h"
#include "store/users.h"

static struct store *S;
static struct arena A;
static char uri[512];

static void setup(void)
{
	static int n;
	const char *pattern = getenv("JIPYO_TEST_STORE");
	struct jy_err err;

	if (pattern)
		snprintf(uri, sizeof(uri), "%s%d", pattern, (int)getpid() * 100 + n++);
	else
		snprintf(uri, sizeof(uri), "sqlite:/tmp/jipyo-test-store-%d-%d.db", (int)getpid(),
			 n++);
	if (!pattern)
		unlink(uri + 7);
	arena_init(&A);
	cr_assert_eq(store_open_uri(uri, STORE_CREATE, &S, &err), 0, "%s", err.msg);
}

static void teardown(void)
{
	store_close(S);
	arena_release(&A);
	if (!getenv("JIPYO_TEST_STORE"))
		unlink(uri + 7);
}

TestSuite(store, .init = setup, .fini = teardown);

/* rows hold as many cells as a package must have (put copies that many):
 * measures has ten since not_applicable */
static const char *M1[] = {"staff", "직원 수", "", "명", "명", "1", "unit", "stock", "exact", ""};
static const char *F1[] = {"staff", "unit=a", "2022", "actual", "t", "3", "3", "r.txt:1"};
static const char *F2[] = {"staff", "unit=b", "2022", "actual", "t", "4", "4", "r.txt:2"};

static void put(enum resource_id r, const char **row)
{
	const char *cells[JY_CSV_COLUMNS_MAX] = {NULL};
	struct jy_err err;
	memcpy(cells, row, sizeof(*row) * (size_t)schema_fields_min(&schema_resources[r]));
	cr_assert_eq(store_put(S, r, cells, 1, &err), 0, "%s", err.msg);
}

Test(store, a_new_store_is_empty_at_revision_0)
{
	struct table t = {0};
	struct jy_err err;
	long rev = -1;
	cr_assert_eq(store_revision(S, &rev, &err), 0);
	cr_assert_eq(rev, 0);
	cr_assert_eq(store_read(S, RES_FACTS, &t, &A, &err), 0);
	cr_assert_eq(t.n_rows, 0);
	table_release(&t);
}

Test(store, a_uri_names_its_backend)
{
	const struct store_be *be;
	const char *loc;
	struct jy_err err;
	cr_assert_eq(store_backend("sqlite:x.db", &be, &loc, &err), 0);
	cr_assert_str_eq(loc, "x.db");
	cr_assert_eq(store_backend("x.db", &be, &loc, &err), 0);
	cr_assert_str_eq(loc, "x.db");
	cr_assert_eq(store_backend("sqlite:", &be, &loc, &err), JY_EINPUT);
	cr_assert_str_eq(be->name, "sqlite");
	const char *pg[] = {"postgres://h/db", "postgresql:///db?host=/tmp#seoul",
			    "host=/tmp dbname=jipyo", "dbname=jipyo", "service=gov"};
	for (size_t i = 0; i < sizeof(pg) / sizeof(pg[0]); i++) {
		cr_assert_eq(store_backend(pg[i], &be, &loc, &err), 0);
		cr_assert_str_eq(be->name, "postgresql", "%s", pg[i]);
		cr_assert_str_eq(loc, pg[i]);
	}
	/* a file whose name reads as a connection string is named with sqlite: */
	cr_assert_eq(store_backend("sqlite:dbname=x.db", &be, &loc, &err), 0);
	cr_assert_str_eq(be->name, "sqlite");
	cr_assert_eq(store_backend("hostname=x.db", &be, &loc, &err), 0);
	cr_assert_str_eq(be->name, "sqlite");
}

/* One database, many packages (PostgreSQL: "URI#ID"); an SQLite file holds
 * one package, so there is nothing to test there. */
Test(store, packages_of_one_database_keep_apart)
{
	struct store *other;
	struct table t = {0};
	struct jy_err err;
	char uri2[600];
	long rev;

	if (!strchr(uri, '#'))
		cr_skip_test("one package per store on this backend");
	snprintf(uri2, sizeof(uri2), "%sb", uri);
	cr_assert_eq(store_open_uri(uri2, STORE_CREATE, &other, &err), 0, "%s", err.msg);
	put(RES_MEASURES, M1);
	cr_assert_eq(store_begin(S, &err), 0);
	put(RES_FACTS, F1);
	cr_assert_eq(store_record(S, &(struct history_entry){.resource = "facts", .key = "[]"},
				  &rev, &err),
		     0);
	cr_assert_eq(store_commit(S, &err), 0);
	cr_assert_eq(store_revision(other, &rev, &err), 0);
	cr_assert_eq(rev, 0, "another package's change is not this one's revision");
	cr_assert_eq(store_read(other, RES_FACTS, &t, &A, &err), 0);
	cr_assert_eq(t.n_rows, 0, "another package's rows are not this one's");
	/* the same key in both packages */
	const char *cells[JY_CSV_COLUMNS_MAX] = {NULL};
	memcpy(cells, F1, sizeof(F1));
	cr_assert_eq(store_put(other, RES_FACTS, cells, 1, &err), 0, "%s", err.msg);
	cr_assert_eq(store_delete(S, RES_FACTS, cells, &err), 0);
	cr_assert_eq(store_read(other, RES_FACTS, &t, &A, &err), 0);
	cr_assert_eq(t.n_rows, 1, "a delete in one package removed another's row");
	table_release(&t);
	store_close(other);
}

Test(store, rows_by_key_put_get_update_delete)
{
	struct table t = {0};
	struct jy_err err;
	const char *key[] = {"staff", "unit=a", "2022", "actual", "t"};
	const char *missing[] = {"staff", "unit=c", "2022", "actual", "t"};
	const char *row[JY_CSV_COLUMNS_MAX] = {NULL};

	put(RES_MEASURES, M1);
	put(RES_FACTS, F1);
	put(RES_FACTS, F2);
	cr_assert_eq(store_get(S, RES_FACTS, key, &t, &A, &err), 0, "%s", err.msg);
	cr_assert_eq(t.n_rows, 1);
	cr_assert_str_eq(table_get(&t, 0, "printed"), "3");
	cr_assert_str_eq(table_get(&t, 0, "entered_by"), "");
	cr_assert_eq(store_get(S, RES_FACTS, missing, &t, &A, &err), JY_ENOTFOUND);
	/* a key that is taken */
	memcpy(row, F1, sizeof(F1));
	cr_assert_eq(store_put(S, RES_FACTS, row, 0, &err), JY_EINPUT);
	/* update by key */
	row[5] = "5";
	row[6] = "5";
	row[7] = "";
	row[8] = "kim";
	row[9] = "2024-05-01T09:30:00Z";
	row[10] = "2";
	cr_assert_eq(store_update(S, RES_FACTS, key, row, &err), 0, "%s", err.msg);
	cr_assert_eq(store_update(S, RES_FACTS, missing, row, &err), JY_ENOTFOUND);
	table_release(&t);
	memset(&t, 0, sizeof(t));
	cr_assert_eq(store_read(S, RES_FACTS, &t, &A, &err), 0);
	cr_assert_eq(t.n_rows, 2);
	cr_assert_str_eq(table_get(&t, 0, "printed"), "5", "an update keeps the row's place");
	cr_assert_str_eq(table_get(&t, 0, "entered_by"), "kim");
	cr_assert_str_eq(table_get(&t, 0, "source"), "");
	cr_assert_eq(store_delete(S, RES_FACTS, key, &err), 0);
	cr_assert_eq(store_delete(S, RES_FACTS, key, &err), JY_ENOTFOUND);
	table_release(&t);
	memset(&t, 0, sizeof(t));
	cr_assert_eq(store_read(S, RES_FACTS, &t, &A, &err), 0);
	cr_assert_eq(t.n_rows, 1);
	cr_assert_str_eq(table_get(&t, 0, "coords"), "unit=b");
	table_release(&t);
}

Test(store, replace_then_read_gives_the_rows_in_order)
{
	struct table in = {.def = &schema_resources[RES_FACTS]}, out = {0};
	struct jy_err err;
	const char *cells[JY_CSV_COLUMNS_MAX] = {NULL};

	put(RES_MEASURES, M1);
	memcpy(cells, F2, sizeof(F2));
	table_add_row(&in, &A, cells, NULL, 7);
	memcpy(cells, F1, sizeof(F1));
	table_add_row(&in, &A, cells, NULL, 8);
	cr_assert_eq(store_replace(S, &in, &err), 0, "%s", err.msg);
	cr_assert_eq(store_read(S, RES_FACTS, &out, &A, &err), 0);
	cr_assert_eq(out.n_rows, 2);
	cr_assert_str_eq(table_get(&out, 0, "coords"), "unit=b");
	cr_assert_eq(out.lines[1], 8);
	table_release(&in);
	table_release(&out);
}

/* A table of many rows (written in statements of several rows each, and
 * the rows left over one by one) comes back whole, in order, every cell and
 * line in its row, empty cells empty; a provenance column that one row
 * fills is kept (columns that no row fills are left to the table). */
Test(store, many_rows_come_back_each_in_its_place)
{
	struct table in = {.def = &schema_resources[RES_FACTS]}, out = {0};
	const char *cells[JY_CSV_COLUMNS_MAX] = {NULL};
	char coords[32], value[32];
	struct jy_err err;
	enum { ROWS = 101 };

	put(RES_MEASURES, M1);
	memcpy(cells, F1, sizeof(F1));
	for (int i = 0; i < ROWS; i++) {
		snprintf(coords, sizeof(coords), "unit=u%d", i);
		snprintf(value, sizeof(value), "%d", i * 7);
		cells[1] = coords;
		cells[2] = i % 3 ? "2022" : ""; /* the period empty in every third */
		cells[5] = value;
		cells[8] = i == ROWS - 1 ? "kim" : NULL;
		table_add_row(&in, &A, cells, NULL, 1000L + i);
	}
	cr_assert_eq(store_replace(S, &in, &err), 0, "%s", err.msg);
	cr_assert_eq(store_read(S, RES_FACTS, &out, &A, &err), 0, "%s", err.msg);
	cr_assert_eq(out.n_rows, ROWS);
	for (int i = 0; i < ROWS; i++) {
		snprintf(coords, sizeof(coords), "unit=u%d", i);
		snprintf(value, sizeof(value), "%d", i * 7);
		cr_assert_str_eq(table_get(&out, (size_t)i, "coords"), coords);
		cr_assert_str_eq(table_get(&out, (size_t)i, "value"), value);
		cr_assert_str_eq(table_get(&out, (size_t)i, "period"), i % 3 ? "2022" : "");
		cr_assert_str_eq(table_get(&out, (size_t)i, "entered_by"),
				 i == ROWS - 1 ? "kim" : "");
		cr_assert_eq(out.lines[i], 1000L + i);
	}
	table_release(&in);
	table_release(&out);
}

/* Cells come back byte for byte: quotes, backslashes, tabs, line breaks and
 * Korean (PostgreSQL's COPY text format escapes some of them). */
Test(store, cells_come_back_as_they_were)
{
	struct table in = {.def = &schema_resources[RES_FACTS]}, out = {0};
	const char *odd[] = {"it's \\N", "a\tb\nc\r\\d", "\"정원\" ’22.8.29.", "\\.", "\\"};
	const char *cells[JY_CSV_COLUMNS_MAX] = {NULL};
	struct jy_err err;

	put(RES_MEASURES, M1);
	memcpy(cells, F1, sizeof(F1));
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		cells[1] = odd[i]; /* coords: part of the key, so each row differs */
		cells[7] = odd[i];
		table_add_row(&in, &A, cells, NULL, (long)i + 1);
	}
	cr_assert_eq(store_replace(S, &in, &err), 0, "%s", err.msg);
	cr_assert_eq(store_read(S, RES_FACTS, &out, &A, &err), 0, "%s", err.msg);
	cr_assert_eq(out.n_rows, in.n_rows);
	for (size_t i = 0; i < out.n_rows; i++) {
		cr_assert_str_eq(table_get(&out, i, "coords"), odd[i]);
		cr_assert_str_eq(table_get(&out, i, "source"), odd[i]);
	}
	/* and one of them by its key */
	const char *key[] = {"staff", odd[1], "2022", "actual", "t"};
	table_release(&out);
	out = (struct table){0};
	cr_assert_eq(store_get(S, RES_FACTS, key, &out, &A, &err), 0, "%s", err.msg);
	cr_assert_str_eq(table_get(&out, 0, "source"), odd[1]);
	table_release(&in);
	table_release(&out);
}

static int count(void *ctx, const struct history_entry *e)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

Test(store, each_change_is_one_revision_and_one_chained_entry)
{
	struct jy_err err;
	char head[65], first[65];
	long rev, n;
	int entries = 0;
	struct history_entry change = {.by = "kim",
				       .resource = "facts",
				       .key = "[\"staff\"]",
				       .before = "",
				       .after = "{}",
				       .reason = "test"};

	for (int i = 0; i < 3; i++) {
		cr_assert_eq(store_begin(S, &err), 0);
		cr_assert_eq(store_record(S, &change, &rev, &err), 0, "%s", err.msg);
		cr_assert_eq(store_commit(S, &err), 0);
		cr_assert_eq(rev, i + 1);
		if (i == 0) {
			cr_assert_eq(store_audit_verify(S, &n, first, &err), 0);
			cr_assert_str_neq(first, "");
		}
	}
	cr_assert_eq(store_history_list(S, count, &entries, &err), 0);
	cr_assert_eq(entries, 3);
	cr_assert_eq(store_audit_verify(S, &n, head, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 3);
	cr_assert_str_neq(head, first, "the head moves with each entry");
}

Test(store, a_rolled_back_change_leaves_no_trace)
{
	struct jy_err err;
	long rev;
	int entries = 0;

	put(RES_MEASURES, M1);
	cr_assert_eq(store_begin(S, &err), 0);
	put(RES_FACTS, F1);
	cr_assert_eq(store_record(S, &(struct history_entry){.resource = "facts", .key = "[]"},
				  &rev, &err),
		     0);
	store_rollback(S);
	cr_assert_eq(store_revision(S, &rev, &err), 0);
	cr_assert_eq(rev, 0);
	cr_assert_eq(store_history_list(S, count, &entries, &err), 0);
	cr_assert_eq(entries, 0);
}

/* A backend wrapped so that its commit fails, the way SQLite's tests plug in
 * a faulty VFS: the revision and the history stay as they were. */
static int failing_commit(struct store *s, struct jy_err *err)
{
	(void)s;
	return jy_err_set(err, JY_ESTORE, "injected failure");
}

Test(store, a_failed_commit_keeps_the_previous_revision)
{
	struct store_head *h = (struct store_head *)S;
	const struct store_be *real = h->be;
	struct store_be faulty = *real;
	struct jy_err err;
	long rev, n;
	char head[65];

	faulty.commit = failing_commit;
	cr_assert_eq(store_begin(S, &err), 0);
	cr_assert_eq(store_record(S, &(struct history_entry){.resource = "package", .key = "[]"},
				  &rev, &err),
		     0);
	h->be = &faulty;
	cr_assert_eq(store_commit(S, &err), JY_ESTORE);
	store_rollback(S);
	h->be = real;
	cr_assert_eq(store_revision(S, &rev, &err), 0);
	cr_assert_eq(rev, 0);
	cr_assert_eq(store_audit_verify(S, &n, head, &err), 0);
	cr_assert_eq(n, 0);
}

/* The whole-package import (store/import.c) through the interface: the
 * package replaces the content in one revision, with its metadata. */
static void model_with_facts(struct model *m)
{
	const char *cells[JY_CSV_COLUMNS_MAX] = {NULL};

	model_init(m);
	memcpy(cells, M1, sizeof(M1));
	table_add_row(&m->tables[RES_MEASURES], &m->arena, cells, NULL, 2);
	memcpy(cells, F1, sizeof(F1));
	table_add_row(&m->tables[RES_FACTS], &m->arena, cells, NULL, 2);
	memcpy(cells, F2, sizeof(F2));
	table_add_row(&m->tables[RES_FACTS], &m->arena, cells, NULL, 3);
	m->meta_json = "{\"name\":\"t\"}";
}

static int refuse(void *ctx, struct factset *fs, struct jy_err *err)
{
	(void)ctx;
	(void)fs;
	return jy_err_set(err, JY_EINPUT, "refused");
}

Test(store, an_import_replaces_the_content_and_a_refused_one_changes_nothing)
{
	struct model m, back;
	struct jy_err err;
	long rev;

	model_with_facts(&m);
	put(RES_MEASURES, M1);
	put(RES_FACTS, F1);
	cr_assert_eq(store_import(uri, &m, NULL, NULL, &err), 0, "%s", err.msg);
	model_init(&back);
	cr_assert_eq(store_load(S, &back, &err), 0, "%s", err.msg);
	cr_assert_eq(back.tables[RES_FACTS].n_rows, 2);
	cr_assert_eq(back.tables[RES_FACTS].lines[1], 3);
	cr_assert_str_eq(back.meta_json, "{\"name\":\"t\"}");
	model_release(&back);
	cr_assert_eq(store_revision(S, &rev, &err), 0);
	cr_assert_eq(rev, 1); /* the puts were no recorded change; the import is one */

	m.tables[RES_FACTS].n_rows = 1;
	cr_assert_eq(store_import(uri, &m, refuse, NULL, &err), JY_EINPUT);
	cr_assert_str_eq(err.msg, "refused");
	model_init(&back);
	cr_assert_eq(store_load(S, &back, &err), 0, "%s", err.msg);
	cr_assert_eq(back.tables[RES_FACTS].n_rows, 2);
	model_release(&back);
	cr_assert_eq(store_revision(S, &rev, &err), 0);
	cr_assert_eq(rev, 1);
	m.tables[RES_FACTS].n_rows = 2;
	m.meta_json = NULL;
	model_release(&m);
}

/* ---- the status of findings and the users, beside the package -------------------- */

static int keep_statuses(void *ctx, const struct finding_status *v)
{
	char *b = ctx;
	size_t n = strlen(b);
	snprintf(b + n, 512 - n, "%s|%s|%s|%s|%s|%ld;", v->rule, v->target, v->status, v->reason,
		 v->by, v->revision);
	return 0;
}

static int last_entry(void *ctx, const struct history_entry *e)
{
	char *b = ctx;
	snprintf(b, 512, "%ld %s %s %s|%s|%s", e->revision, e->resource, e->key, e->before,
		 e->after, e->reason);
	return 0;
}

/* A status is one revision and one history entry, read back by rule and
 * target; a stale revision writes nothing (on every backend: on PostgreSQL
 * these once read its connection as an SQLite handle). */
Test(store, a_status_is_one_revision_and_one_entry)
{
	struct finding_status v = {"sum",      "staff{unit=a}", "acknowledged",
				   "원문대로", "kim",		"2024-05-01T09:30:00Z",
				   0};
	char rows[512] = "", entry[512] = "";
	struct jy_err err;
	long rev = 0;
	int stale = -1;

	cr_assert_eq(status_set(S, &v, 0, &rev, &stale, &err), 0, "%s", err.msg);
	cr_assert_eq(rev, 1);
	cr_assert_eq(stale, 0);
	cr_assert_eq(status_list(S, keep_statuses, rows, &err), 0, "%s", err.msg);
	cr_assert_str_eq(rows, "sum|staff{unit=a}|acknowledged|원문대로|kim|1;");
	cr_assert_eq(store_history_list(S, last_entry, entry, &err), 0);
	cr_assert_str_eq(entry, "1 finding_status [\"sum\",\"staff{unit=a}\"] |"
				"{\"rule\":\"sum\",\"target\":\"staff{unit=a}\",\"status\":"
				"\"acknowledged\",\"reason\":\"원문대로\"}|원문대로");

	/* the same finding again: the row replaced, the entry says what it was */
	v.status = "open";
	v.reason = "";
	cr_assert_eq(status_set(S, &v, 1, &rev, &stale, &err), 0, "%s", err.msg);
	cr_assert_eq(rev, 2);
	rows[0] = '\0';
	cr_assert_eq(status_list(S, keep_statuses, rows, &err), 0);
	cr_assert_str_eq(rows, "sum|staff{unit=a}|open||kim|2;");
	cr_assert_eq(store_history_list(S, last_entry, entry, &err), 0);
	cr_assert(strstr(entry, "\"status\":\"acknowledged\",\"reason\":\"원문대로\"}|{"),
		  "the entry's before: %s", entry);

	/* a stale revision: refused, nothing written */
	v.status = "acknowledged";
	v.reason = "늦음";
	cr_assert_eq(status_set(S, &v, 1, &rev, &stale, &err), JY_EINPUT);
	cr_assert_eq(stale, 1);
	cr_assert_eq(store_revision(S, &rev, &err), 0);
	cr_assert_eq(rev, 2);
	rows[0] = '\0';
	cr_assert_eq(status_list(S, keep_statuses, rows, &err), 0);
	cr_assert_str_eq(rows, "sum|staff{unit=a}|open||kim|2;");

	/* rows in the order of rule and target; status_put inside a transaction */
	cr_assert_eq(store_begin(S, &err), 0);
	struct finding_status w = {"ref", "b", "fixed", NULL, "lee", "2024-05-02T00:00:00Z", 3};
	cr_assert_eq(status_put(S, &w, &err), 0, "%s", err.msg);
	w.target = "a";
	cr_assert_eq(status_put(S, &w, &err), 0, "%s", err.msg);
	cr_assert_eq(store_commit(S, &err), 0);
	rows[0] = '\0';
	cr_assert_eq(status_list(S, keep_statuses, rows, &err), 0);
	cr_assert_str_eq(rows,
			 "ref|a|fixed||lee|3;ref|b|fixed||lee|3;sum|staff{unit=a}|open||kim|2;");
}

static void user_names(void *ctx, const struct user_row *u)
{
	char *b = ctx;
	size_t n = strlen(b);
	snprintf(b + n, 256 - n, "%s:%s:%s:%d;", u->name, u->role, u->unit, u->disabled);
}

Test(store, users_are_added_found_changed_and_listed)
{
	struct user_row u;
	struct jy_err err;
	char names[256] = "";
	long n = -1;

	cr_assert_eq(users_count(uri, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	cr_assert_eq(users_add(uri, "admin", "admin", "", "$argon2id$a", &err), 0, "%s", err.msg);
	cr_assert_eq(users_add(uri, "kim", "viewer", NULL, "$argon2id$k", &err), 0, "%s", err.msg);
	cr_assert_eq(users_add(uri, "kim", "viewer", NULL, "$argon2id$x", &err), JY_EINPUT);
	cr_assert_str_eq(err.field, "name");
	cr_assert_eq(users_add(uri, "lee", "editor", "no-such-unit", "$argon2id$l", &err),
		     JY_EINPUT);
	cr_assert_str_eq(err.field, "unit");
	cr_assert_eq(users_set_password(uri, "kim", "$argon2id$k2", &err), 0, "%s", err.msg);
	cr_assert_eq(users_set_disabled(uri, "admin", 1, &err), 0, "%s", err.msg);
	cr_assert_eq(users_set_disabled(uri, "nobody", 1, &err), JY_ENOTFOUND);
	cr_assert_eq(users_get(uri, "kim", &u, &err), 0, "%s", err.msg);
	cr_assert_str_eq(u.pwhash, "$argon2id$k2");
	cr_assert_str_neq(u.created, "");
	cr_assert_eq(users_get(uri, "nobody", &u, &err), JY_ENOTFOUND);
	cr_assert_eq(users_list(uri, user_names, names, &err), 0, "%s", err.msg);
	cr_assert_str_eq(names, "admin:admin::1;kim:viewer::0;", "in the order added");
	cr_assert_eq(users_count(uri, &n, &err), 0);
	cr_assert_eq(n, 2);
}

/* Users and statuses belong to a package: another of the same database
 * (PostgreSQL) sees neither, and may have a user of the same name. */
Test(store, users_and_statuses_of_one_package_are_not_anothers)
{
	struct finding_status v = {"sum", "t", "acknowledged", "r", "kim", "2024-05-01T09:30:00Z",
				   0};
	struct store *other;
	struct jy_err err;
	char uri2[600], rows[512] = "", names[256] = "";
	long rev, n = -1;
	int stale;

	if (!strchr(uri, '#'))
		cr_skip_test("one package per store on this backend");
	snprintf(uri2, sizeof(uri2), "%sb", uri);
	cr_assert_eq(store_open_uri(uri2, STORE_CREATE, &other, &err), 0, "%s", err.msg);
	cr_assert_eq(status_set(S, &v, 0, &rev, &stale, &err), 0, "%s", err.msg);
	cr_assert_eq(users_add(uri, "kim", "viewer", NULL, "$argon2id$k", &err), 0, "%s", err.msg);
	cr_assert_eq(status_list(other, keep_statuses, rows, &err), 0, "%s", err.msg);
	cr_assert_str_eq(rows, "", "another package's statuses");
	cr_assert_eq(users_count(uri2, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0, "another package's users");
	cr_assert_eq(users_get(uri2, "kim", &(struct user_row){0}, &err), JY_ENOTFOUND);
	cr_assert_eq(users_add(uri2, "kim", "planner", NULL, "$argon2id$k", &err), 0, "%s",
		     err.msg);
	cr_assert_eq(users_list(uri, user_names, names, &err), 0);
	cr_assert_str_eq(names, "kim:viewer::0;");
	/* the status of the same finding in the other package */
	v.status = "open";
	cr_assert_eq(status_set(other, &v, 0, &rev, &stale, &err), 0, "%s", err.msg);
	rows[0] = '\0';
	cr_assert_eq(status_list(S, keep_statuses, rows, &err), 0);
	cr_assert_str_eq(rows, "sum|t|acknowledged|r|kim|1;");
	store_close(other);
}
