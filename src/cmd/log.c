/*
 * log.c - `jipyo log --db FILE [REF] [--json]`: the history of changes,
 * newest first, each in words (the row as printed: a measure's name, its
 * members' labels, the report's dates; ids only with --json).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/kdate.h"
#include "cmd.h"
#include "load.h"
#include "model/ref.h"
#include "render/describe.h"
#include "store/store.h"

struct entries {
	json_t *list; /* the entries as JSON objects, oldest first */
};

static int keep(void *ctx, const struct history_entry *e)
{
	struct entries *l = ctx;
	json_t *o = json_object();
	json_object_set_new(o, "seq", json_integer(e->seq));
	json_object_set_new(o, "revision", json_integer(e->revision));
	json_object_set_new(o, "at", json_string(e->at));
	json_object_set_new(o, "by", json_string(e->by));
	json_object_set_new(o, "resource", json_string(e->resource));
	json_object_set_new(o, "key", json_loads(e->key, 0, NULL));
	json_object_set_new(o, "before", *e->before ? json_loads(e->before, 0, NULL) : json_null());
	json_object_set_new(o, "after", *e->after ? json_loads(e->after, 0, NULL) : json_null());
	json_object_set_new(o, "reason", json_string(e->reason));
	json_object_set_new(o, "hash", json_string(e->hash));
	json_array_append_new(l->list, o);
	return 0;
}

/* The cells of a row given as a JSON object ("" where absent). */
static void row_cells(enum resource_id r, json_t *row, const char *cells[JY_CSV_COLUMNS_MAX])
{
	const struct resource_def *def = &schema_resources[r];
	for (int i = 0; i < def->n_fields; i++) {
		const char *v = json_string_value(json_object_get(row, def->fields[i].name));
		cells[i] = v ? v : "";
	}
}

static int resource_of(const char *name)
{
	for (int r = 0; r < RES_COUNT; r++)
		if (strcmp(schema_resources[r].name, name) == 0)
			return r;
	return -1;
}

/* Does the entry's key name the row ref names? */
static int matches(const struct ref *ref, json_t *o)
{
	int r = resource_of(json_string_value(json_object_get(o, "resource")));
	int cols[JY_CSV_COLUMNS_MAX];
	json_t *key = json_object_get(o, "key");

	if (r != (int)ref->r)
		return 0;
	int n = store_key_columns(ref->r, cols);
	for (int i = 0; i < n; i++) {
		const char *name = schema_resources[r].fields[cols[i]].name;
		const char *v = json_string_value(json_array_get(key, (size_t)i));
		for (int k = 0; k < ref->n_key; k++)
			if (strcmp(ref->key_fields[k], name) == 0 &&
			    !(ref->any_kind && strcmp(name, "kind") == 0) &&
			    strcmp(ref->key[k], v ? v : "") != 0)
				return 0;
	}
	return 1;
}

/* A milestone's finding target ("NODE#SEQ", as check names it) in words;
 * 0 when it names none. */
static int milestone_words(struct model *m, const struct factset *fs, const char *target,
			   struct buf *b)
{
	const char *hash = strrchr(target, '#');
	const struct table *t = &m->tables[RES_MILESTONES];
	const char *cells[JY_CSV_COLUMNS_MAX];

	if (!hash)
		return 0;
	for (size_t i = 0; i < t->n_rows; i++) {
		const char *node = table_get(t, i, "node");
		if (strlen(node) != (size_t)(hash - target) ||
		    strncmp(node, target, strlen(node)) ||
		    strcmp(table_get(t, i, "seq"), hash + 1) != 0)
			continue;
		for (int k = 0; k < t->def->n_fields; k++)
			cells[k] = table_cell(t, i, k);
		describe_row(m, fs, RES_MILESTONES, cells, b);
		return 1;
	}
	return 0;
}

/* A rule's message in the locale's language (the Korean one when the rule
 * has no English). */
static const char *rule_message(const struct table *rt, size_t i)
{
	const char *en = table_get(rt, i, "message_en");
	return msg_korean() || !en || !*en ? table_get(rt, i, "message_ko") : en;
}

/* A finding's status in words: the figure it is about (as check's table
 * names it), the rule's message, the status ("인력현황 표: 정원 (…)
 * ’22.8.29. — 인력현황 표의 합계 열은 …: 확인함"). A target
 * that names no fact of the package is shown as it is. */
static void status_words(struct model *m, const struct factset *fs, json_t *after, struct buf *b)
{
	const char *rule = json_string_value(json_object_get(after, "rule"));
	const char *target = json_string_value(json_object_get(after, "target"));
	const char *status = json_string_value(json_object_get(after, "status"));
	const struct table *rt = &m->tables[RES_RULES];
	struct jy_err err;
	struct ref ref;
	size_t row;

	if (target && ref_parse(target, &ref, &err) == 0 && ref.r == RES_FACTS &&
	    ref_find(m, &ref, &row, 1) == 1) {
		const char *cells[JY_CSV_COLUMNS_MAX];
		for (int i = 0; i < m->tables[RES_FACTS].def->n_fields; i++)
			cells[i] = table_cell(&m->tables[RES_FACTS], row, i);
		describe_row(m, fs, RES_FACTS, cells, b);
	} else if (target && milestone_words(m, fs, target, b)) {
	} else {
		buf_adds(b, target ? target : "");
	}
	for (size_t i = 0; rule && i < rt->n_rows; i++)
		if (strcmp(table_get(rt, i, "id"), rule) == 0)
			buf_addf(b, " — %s", rule_message(rt, i));
	buf_adds(b, ": ");
	msg_add(b, status && strcmp(status, "acknowledged") == 0 ? M_STATUS_ACKNOWLEDGED
		   : status && strcmp(status, "fixed") == 0	 ? M_STATUS_FIXED
								 : M_STATUS_OPEN);
}

static void print_entry(struct model *m, const struct factset *fs, json_t *o)
{
	const char *resource = json_string_value(json_object_get(o, "resource"));
	const char *at = json_string_value(json_object_get(o, "at"));
	const char *reason = json_string_value(json_object_get(o, "reason"));
	json_t *before = json_object_get(o, "before"), *after = json_object_get(o, "after");
	int r = resource_of(resource);
	struct buf b;

	buf_init(&b);
	/* "2024-05-01T09:30:00Z" as "’24.5.1. 18:30 KST" */
	kdate_label_moment(at, &b);
	printf("r%-4lld %s  %s  ", json_integer_value(json_object_get(o, "revision")), b.data,
	       json_string_value(json_object_get(o, "by")));
	buf_reset(&b);
	if (r < 0 && strcmp(resource, "finding_status") == 0) { /* a finding's status */
		status_words(m, fs, after, &b);
		msg_print(stdout, M_LOG_FINDING_STATUS, b.data);
	} else if (r < 0) { /* the package: an import */
		json_t *facts = json_object_get(after, "facts");
		json_t *rules = json_object_get(after, "rules");
		msg_print(stdout, M_LOG_IMPORT, json_string_value(json_object_get(after, "import")),
			  json_integer_value(facts), json_integer_value(rules));
	} else {
		const char *old[JY_CSV_COLUMNS_MAX], *now[JY_CSV_COLUMNS_MAX];
		row_cells(r, before, old);
		row_cells(r, after, now);
		describe_row(m, fs, r, json_is_object(after) ? now : old, &b);
		if (!json_is_object(before))
			msg_print(stdout, M_LOG_ADDED, b.data, describe_value(r, now, NULL));
		else if (!json_is_object(after))
			msg_print(stdout, M_LOG_DELETED, b.data, describe_value(r, old, NULL));
		else if (r == RES_FACTS)
			msg_print(stdout, M_LOG_CHANGED_VALUE, b.data, old[6], now[6]);
		else {
			msg_print(stdout, M_LOG_CHANGED, b.data);
			for (int i = 0; i < schema_resources[r].n_fields; i++)
				if (strcmp(old[i], now[i]) != 0)
					printf(" %s %s → %s", schema_resources[r].fields[i].name,
					       *old[i] ? old[i] : msg(M_NONE), now[i]);
			putchar('\n');
		}
	}
	if (reason && *reason)
		msg_print(stdout, M_LOG_REASON, reason);
	buf_release(&b);
}

int cmd_log(int argc, char **argv)
{
	const struct command *self = cmd_find("log");
	struct entries l;
	struct args a;
	struct model m;
	struct factset fs;
	struct store *s = NULL;
	struct ref ref;
	struct jy_err err;
	int rc;

	if ((rc = args_parse(argc, argv, NULL, self, &a)))
		return rc == ARGS_HELP ? 0 : rc;
	if (!a.db || a.n_positional > 1) {
		cmd_usage(self, stderr);
		return 2;
	}
	/* a fact's description copied from check's table: its reference */
	char ref_text[JY_REF_BYTES_MAX];
	if (a.n_positional && (rc = load_resolve_ref(a.db, &a.positional[0], ref_text, &err)))
		return cmd_fail(&err);
	if (a.n_positional && ref_parse(a.positional[0], &ref, &err)) {
		return msg_error(M_REF_BAD, a.positional[0], err.col, err.msg);
	}
	l.list = json_array();
	model_init(&m);
	rc = store_open_existing(a.db, &s, &err);
	if (!rc)
		rc = store_history_list(s, keep, &l, &err);
	if (!rc && !a.json)
		rc = store_load(s, &m, &err); /* labels */
	store_close(s);
	if (rc) {
		model_release(&m);
		json_decref(l.list);
		return cmd_fail(&err);
	}
	struct diag quiet = {.out = NULL};
	factset_build(&fs, &m, &quiet);
	for (size_t i = json_array_size(l.list); i-- > 0;) {
		json_t *o = json_array_get(l.list, i);
		if (a.n_positional && !matches(&ref, o))
			continue;
		if (a.json) {
			char *line = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
			printf("%s\n", line);
			free(line);
		} else {
			print_entry(&m, &fs, o);
		}
	}
	factset_release(&fs);
	model_release(&m);
	json_decref(l.list);
	return 0;
}
