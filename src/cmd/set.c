/*
 * set.c - `jipyo set --db FILE [--add | --delete] REF [VALUE] [--by NAME]
 * [--reason TEXT] [--if-revision N] [--json]`: one row changed, the way a
 * person corrects a figure.
 *
 * REF names the row as check prints it (model/ref.h); VALUE is typed as
 * printed and, for a fact, read in its measure's unit (the printed form is
 * kept, the fact becomes entered: by whom, when, at which revision). The
 * edited model is validated as an import validates it and checked; only
 * then is the row written, with one history entry and one revision, in one
 * transaction. Bad input writes nothing and exits 2; otherwise the exit
 * code is check's.
 */
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check/check.h"
#include "cmd.h"
#include "load.h"
#include "model/ref.h"
#include "render/describe.h"
#include "store/image_cache.h"
#include "store/store.h"

struct edit {
	struct args a;
	struct ref ref;
	enum resource_id r;
	long row;			       /* the row changed or deleted, -1 for an added one */
	const char *cells[JY_CSV_COLUMNS_MAX]; /* the row after (added or changed) */
	char *before, *after, *key;	       /* JSON for the history */
	char at[32];
	long revision;	       /* the revision the edit starts from */
	int value_only;	       /* a fact's value: followed incrementally, the image kept */
	struct image_file img; /* a new image to record, or none (tmp.path NULL) */
};

/* Bad input: the message, and exit 2. */
static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
	va_list ap;
	fputs("error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* The row REF names: exactly one, or none for --add. */
static int find_row(struct model *m, struct edit *e)
{
	size_t rows[8];
	size_t n = ref_find(m, &e->ref, rows, 8);
	const char *ref = e->a.positional[0];

	if (e->a.add) {
		if (n)
			return bad("%s: exists already (a key is added once; without --add it "
				   "is changed)",
				   ref);
		if (e->r != RES_FACTS)
			return bad("%s: only facts are added", ref);
		e->row = -1;
		return 0;
	}
	if (n == 0)
		return bad("%s: no %s has this key (copy the `where` of a finding, or see "
			   "`jipyo set --help`)",
			   ref, schema_resources[e->r].name);
	if (n > 1) {
		struct buf kinds;
		buf_init(&kinds);
		for (size_t i = 0; i < n && i < 8; i++)
			buf_addf(&kinds, "%s%s", i ? ", " : "",
				 table_get(&m->tables[e->r], rows[i], "kind"));
		fprintf(stderr, "error: %s: matches %zu facts (kinds %s): add kind=KIND\n", ref, n,
			kinds.data);
		buf_release(&kinds);
		return 2;
	}
	if (e->a.del && e->r != RES_FACTS)
		return bad("%s: only facts are deleted", ref);
	e->row = (long)rows[0];
	return 0;
}

/* The fact's cells after the edit: VALUE read in the measure's unit, and
 * entered rather than printed. */
static int fact_cells(struct model *m, const struct factset *fs, struct edit *e)
{
	const char *value = e->a.positional[1];
	const char *measure = e->ref.key[0];
	const struct table *t = &m->tables[RES_FACTS];
	int mi = factset_measure(fs, measure);
	struct jy_err err;
	struct dec v;
	char num[48];

	if (mi < 0)
		return bad("%s: unknown measure \"%s\"", e->a.positional[0], measure);
	if (fact_printed_value(&fs->measures[mi], value, &v, &err))
		return bad("%s: %s", value, err.msg);
	for (int i = 0; i < t->def->n_fields; i++)
		e->cells[i] = e->row >= 0 ? table_cell(t, (size_t)e->row, i) : "";
	if (e->row < 0)
		for (int i = 0; i < e->ref.n_key; i++)
			e->cells[schema_field_index(t->def, e->ref.key_fields[i])] =
				!strcmp(e->ref.key_fields[i], "kind") && e->ref.any_kind
					? "actual"
					: e->ref.key[i];
	dec_str(v, num);
	e->cells[schema_field_index(t->def, "value")] = arena_strdup(&m->arena, num);
	e->cells[schema_field_index(t->def, "printed")] = value;
	e->cells[schema_field_index(t->def, "source")] = "";
	e->cells[schema_field_index(t->def, "entered_by")] = e->a.by;
	e->cells[schema_field_index(t->def, "entered_at")] = e->at;
	e->cells[schema_field_index(t->def, "entered_revision")] =
		arena_printf(&m->arena, "%ld", e->revision + 1);
	return 0;
}

/* The edit applied to the model in memory, the history's JSON made. */
static void apply(struct model *m, struct edit *e)
{
	struct table *t = &m->tables[e->r];
	size_t nf = (size_t)t->def->n_fields;
	struct table after = {.def = t->def};
	struct arena scratch;

	arena_init(&scratch);
	if (e->row >= 0) {
		e->before = store_row_json(t, (size_t)e->row);
		e->key = store_key_json(t, (size_t)e->row);
	}
	if (!e->a.del) {
		table_add_row(&after, &scratch, e->cells, NULL, 0);
		e->after = store_row_json(&after, 0);
		if (!e->key)
			e->key = store_key_json(&after, 0);
	}
	if (e->a.del) {
		memmove(&t->cells[(size_t)e->row * nf], &t->cells[((size_t)e->row + 1) * nf],
			(t->n_rows - (size_t)e->row - 1) * nf * sizeof(*t->cells));
		memmove(&t->lines[e->row], &t->lines[e->row + 1],
			(t->n_rows - (size_t)e->row - 1) * sizeof(*t->lines));
		t->n_rows--;
	} else if (e->row < 0) {
		model_add_row(m, e->r, e->cells, 0);
	} else {
		for (size_t i = 0; i < nf; i++)
			t->cells[(size_t)e->row * nf + i] = arena_strdup(&m->arena, e->cells[i]);
	}
	table_release(&after);
	arena_release(&scratch);
}

/* A new image of the edited model m and its validated facts fs, written
 * under a temporary name before the edit's transaction, recorded in it and
 * named after the commit (image_cache.h); none when it cannot be written: a
 * cache, the edit goes on without it (the image's record is dropped). */
static void new_image(struct edit *e, const struct model *m, const struct factset *fs)
{
	image_cache_init(&e->img, e->a.db);
	image_cache_write(&e->img, m, fs);
}

/* A test's way to let another writer come between two steps: JIPYO_FAULT=name
 * waits 3 s there. */
static void fault_wait(const char *name)
{
	const char *fault = getenv("JIPYO_FAULT");
	if (fault && strcmp(fault, name) == 0)
		sleep(3);
}

/* Writes the row, its history entry and the new revision in one
 * transaction, unless the package changed since it was read. */
static int write_edit(struct store *s, struct model *m, struct edit *e, struct jy_err *err)
{
	const char *key[JY_CSV_COLUMNS_MAX];
	struct store_image_hold hold = {0};
	long now;
	int rc = store_begin(s, err);

	if (!rc && !(rc = store_revision(s, &now, err)) && now != e->revision)
		rc = jy_err_set(err, JY_EINPUT,
				"%s: the package changed while this edit was made (revision %ld, "
				"now %ld): run it again",
				e->a.db, e->revision, now);
	if (!rc && e->row >= 0) {
		/* the key as it was: the model's row has the new cells already */
		json_t *k = json_loads(e->key, 0, NULL);
		for (size_t i = 0; i < json_array_size(k); i++)
			key[i] = arena_strdup(&m->arena, json_string_value(json_array_get(k, i)));
		json_decref(k);
	}
	if (!rc && e->value_only && !e->img.tmp.path)
		rc = store_image_hold(s, now, &hold, err);
	if (!rc)
		rc = e->a.del	  ? store_delete(s, e->r, key, err)
		     : e->row < 0 ? store_put(s, e->r, e->cells, 0, err)
		     : e->value_only
			     ? store_update_near(s, e->r, (size_t)e->row, key, e->cells, err)
			     : store_update(s, e->r, key, e->cells, err);
	if (!rc)
		rc = store_record(s,
				  &(struct history_entry){.at = e->at,
							  .by = e->a.by,
							  .resource = schema_resources[e->r].name,
							  .key = e->key,
							  .before = e->before ? e->before : "",
							  .after = e->after ? e->after : "",
							  .reason = e->a.reason ? e->a.reason : ""},
				  &now, err);
	/* a new image, or the one there is with the edit for a reader to apply */
	if (!rc)
		rc = e->img.tmp.path ? image_cache_record(&e->img, s, err)
				     : store_image_keep(s, &hold, err);
	/* a test's way to stop the process where a crash would hurt most */
	const char *fault = getenv("JIPYO_FAULT");
	if (!rc && fault && strcmp(fault, "set-before-commit") == 0)
		raise(SIGKILL);
	if (!rc)
		rc = store_commit(s, err);
	if (rc)
		store_rollback(s);
	else
		e->revision = now;
	image_cache_finish(&e->img, rc == 0);
	return rc;
}

static void print_change(struct model *m, const struct factset *fs, const struct edit *e,
			 const char *before_value)
{
	struct buf b;
	buf_init(&b);
	describe_row(m, fs, e->r, e->cells, &b);
	if (e->a.del)
		fprintf(stderr, "삭제 deleted: %s %s (revision %ld)\n", b.data, before_value,
			e->revision);
	else if (e->r == RES_FACTS)
		fprintf(stderr, "%s: %s %s → %s (revision %ld)\n",
			e->row < 0 ? "추가 added" : "정정 changed", b.data,
			e->row < 0 ? "" : before_value,
			describe_value(e->r, e->cells, e->ref.field), e->revision);
	else
		fprintf(stderr, "정정 changed: %s %s: %s → %s (revision %ld)\n", b.data,
			e->ref.field, *before_value ? before_value : "(없음)",
			describe_value(e->r, e->cells, e->ref.field), e->revision);
	buf_release(&b);
}

static int parse_options(int argc, char **argv, struct edit *e)
{
	const struct command *self = cmd_find("set");
	int rc = args_parse(argc, argv, "db,json,by,reason,if-revision,add,delete", self, &e->a);
	char *end;

	if (rc)
		return rc == ARGS_HELP ? -1 : rc;
	if (!e->a.db || e->a.n_positional != (e->a.del ? 1 : 2) || (e->a.add && e->a.del)) {
		cmd_usage(self, stderr);
		return 2;
	}
	if (e->a.if_revision) {
		errno = 0;
		long n = strtol(e->a.if_revision, &end, 10);
		if (errno || *end || end == e->a.if_revision || n < 0)
			return bad("--if-revision %s: not a revision number", e->a.if_revision);
	}
	return 0;
}

/* The history's JSON of the edit: the row before, its key, the row after. */
static void edit_json(const struct table *t, struct edit *e)
{
	struct table after = {.def = t->def};
	struct arena scratch;

	arena_init(&scratch);
	e->before = store_row_json(t, (size_t)e->row);
	e->key = store_key_json(t, (size_t)e->row);
	table_add_row(&after, &scratch, e->cells, NULL, 0);
	e->after = store_row_json(&after, 0);
	table_release(&after);
	arena_release(&scratch);
}

static int print_result(struct model *m, const struct factset *fs, const struct edit *e,
			const char *old_value, const struct check_result *res)
{
	print_change(m, fs, e, old_value);
	if (e->a.json) {
		printf("{\"revision\":%ld,\"resource\":\"%s\",\"key\":%s,\"before\":%s,"
		       "\"after\":%s}\n",
		       e->revision, schema_resources[e->r].name, e->key,
		       e->before ? e->before : "null", e->after ? e->after : "null");
		check_print_json(res, stdout);
	} else {
		describe_print_findings(m, res, stdout);
	}
	return res->errors ? 1 : 0;
}

/* A fact's value changed: the model from the image (and the edits after
 * it), the edit followed by check_edit_fact (the rules that read the fact),
 * the image kept for the next reader. */
static int set_value(struct edit *e)
{
	struct model m;
	struct factset fs;
	struct check_state *st = NULL;
	struct store *s = NULL;
	struct jy_err err;
	int validated = 0, rc;

	model_init(&m);
	rc = store_open_existing(e->a.db, &s, &err);
	if (!rc)
		rc = store_revision(s, &e->revision, &err);
	if (!rc)
		rc = load_model(NULL, e->a.db, &m, &fs, &validated, &err);
	fault_wait("set-after-load");
	if (!rc)
		rc = check_state_open(&m, validated ? &fs : NULL, &st, stderr, &err);
	if (rc) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (e->a.if_revision && atol(e->a.if_revision) != e->revision) {
		fprintf(stderr,
			"error: %s: the package is at revision %ld, not %s: it changed since "
			"(see `jipyo log --db %s`); nothing written\n",
			e->a.db, e->revision, e->a.if_revision, e->a.db);
		rc = 2;
		goto out;
	}
	const struct factset *cfs = &check_state_result(st)->fs;
	const struct table *t = &m.tables[RES_FACTS];
	if ((rc = find_row(&m, e)) || (rc = fact_cells(&m, cfs, e)))
		goto out;
	const char *old[JY_CSV_COLUMNS_MAX];
	for (int i = 0; i < t->def->n_fields; i++) {
		old[i] = table_cell(t, (size_t)e->row, i);
		e->cells[i] = arena_strdup(&m.arena, e->cells[i] ? e->cells[i] : "");
	}
	const char *old_value = arena_strdup(&m.arena, describe_value(e->r, old, e->ref.field));
	edit_json(t, e);
	/* validated as an import validates the fact, then its rules evaluated */
	long base = -1;
	if ((rc = check_edit_fact(st, (size_t)e->row, e->cells, stderr, NULL, &err)) ||
	    (rc = store_image_base(s, &base, &err))) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (base >= 0 && e->revision + 1 - base > JY_IMAGE_EDITS_MAX)
		new_image(e, &m, cfs); /* the replay is long: a new image */
	if ((rc = write_edit(s, &m, e, &err))) {
		rc = cmd_fail(&err);
		goto out;
	}
	rc = print_result(&m, cfs, e, old_value, check_state_result(st));
out:
	check_state_close(st);
	store_close(s);
	model_release(&m);
	return rc;
}

int cmd_set(int argc, char **argv)
{
	struct edit e = {.row = -1};
	struct model m;
	struct factset fs;
	struct check_result res;
	struct store *s = NULL;
	struct jy_err err;
	time_t now = time(NULL);
	struct tm tm;
	int rc = parse_options(argc, argv, &e);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (!e.a.by || !*e.a.by)
		e.a.by = store_login_name();
	gmtime_r(&now, &tm);
	strftime(e.at, sizeof(e.at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* a fact's description copied from check's table: its reference */
	char ref_text[JY_REF_BYTES_MAX];
	if ((rc = load_resolve_ref(e.a.db, &e.a.positional[0], ref_text, &err)))
		return cmd_fail(&err);
	if (ref_parse(e.a.positional[0], &e.ref, &err)) {
		fprintf(stderr, "error: %s: character %ld: %s\n", e.a.positional[0], err.col,
			err.msg);
		return 2;
	}
	e.r = e.ref.r;
	if ((e.a.add || e.a.del) && e.r != RES_FACTS)
		return bad("%s: only facts are added or deleted", e.a.positional[0]);
	e.value_only = e.r == RES_FACTS && !e.a.add && !e.a.del;
	if (e.value_only) {
		rc = set_value(&e);
		free(e.before);
		free(e.after);
		free(e.key);
		return rc;
	}
	model_init(&m);
	rc = store_open_existing(e.a.db, &s, &err);
	/* the revision first: a change committed after it, even before the rows
	 * are read, makes write_edit refuse (read after the rows, a change in
	 * between would pass for the rows' revision and be written over) */
	if (!rc)
		rc = store_revision(s, &e.revision, &err);
	if (!rc)
		rc = store_load(s, &m, &err);
	fault_wait("set-after-load");
	if (rc) {
		store_close(s);
		model_release(&m);
		return cmd_fail(&err);
	}
	if (e.a.if_revision && atol(e.a.if_revision) != e.revision) {
		fprintf(stderr,
			"error: %s: the package is at revision %ld, not %s: it changed since "
			"(see `jipyo log --db %s`); nothing written\n",
			e.a.db, e.revision, e.a.if_revision, e.a.db);
		rc = 2;
	}
	struct diag quiet = {.out = NULL};
	factset_build(&fs, &m, &quiet); /* measure names and units, before the edit */
	if (!rc)
		rc = find_row(&m, &e);
	const char *old_value = "";
	if (!rc && e.row >= 0) {
		const char *old[JY_CSV_COLUMNS_MAX];
		for (int i = 0; i < m.tables[e.r].def->n_fields; i++)
			old[i] = table_cell(&m.tables[e.r], (size_t)e.row, i);
		old_value = describe_value(e.r, old, e.ref.field);
	}
	if (!rc && e.r == RES_FACTS && !e.a.del)
		rc = fact_cells(&m, &fs, &e);
	else if (!rc && !e.a.del) {
		const struct table *t = &m.tables[e.r];
		for (int i = 0; i < t->def->n_fields; i++)
			e.cells[i] = table_cell(t, (size_t)e.row, i);
		e.cells[schema_field_index(t->def, e.ref.field)] = e.a.positional[1];
	} else if (!rc) {
		for (int i = 0; i < m.tables[e.r].def->n_fields; i++)
			e.cells[i] = table_cell(&m.tables[e.r], (size_t)e.row, i);
	}
	if (!rc) {
		/* copies: the model's cells move or change below */
		for (int i = 0; i < m.tables[e.r].def->n_fields; i++)
			e.cells[i] = arena_strdup(&m.arena, e.cells[i] ? e.cells[i] : "");
		old_value = arena_strdup(&m.arena, old_value);
		apply(&m, &e);
		/* validated as an import validates it, then checked */
		rc = check_run(&m, NULL, &res, stderr, &err);
		if (rc) {
			check_result_release(&res);
			rc = cmd_fail(&err);
		} else {
			/* a reader cannot apply this edit to the image: a new one */
			new_image(&e, &m, &res.fs);
		}
	}
	if (!rc && (rc = write_edit(s, &m, &e, &err))) {
		check_result_release(&res);
		rc = cmd_fail(&err);
	} else if (!rc) {
		rc = print_result(&m, &fs, &e, old_value, &res);
		check_result_release(&res);
	}
	factset_release(&fs);
	free(e.before);
	free(e.after);
	free(e.key);
	store_close(s);
	model_release(&m);
	return rc;
}
