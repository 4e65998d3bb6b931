/*
 * set.c - `jipyo set --db FILE [--add | --delete] REF [VALUE] [--by NAME]
 * [--reason TEXT] [--if-revision N] [--json]`: one row changed, the way a
 * person corrects a figure.
 *
 * REF names the row as check prints it (model/ref.h); VALUE is typed as
 * printed and, for a fact, read in its measure's unit (the printed form is
 * kept, the fact becomes entered: by whom, when, at which revision). The
 * edit itself is check/edit.h's, the core the server's writes run too:
 * here the arguments, loading the package (its image when there is one)
 * and printing. Bad input writes nothing and exits 2; otherwise the exit
 * code is check's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/edit.h"
#include "cmd.h"
#include "load.h"
#include "render/describe.h"

/* A test's way to let another writer come between two steps: JIPYO_FAULT=name
 * waits 3 s there. */
static void fault_wait(const char *name)
{
	const char *fault = getenv("JIPYO_FAULT");
	if (fault && strcmp(fault, name) == 0)
		sleep(3);
}

static void print_change(struct edit_pkg *p, const struct edit_req *q, const struct edit *e)
{
	const char *before_value = e->row >= 0 ? describe_value(e->r, e->before, e->ref.field) : "";
	struct buf b;

	buf_init(&b);
	describe_row(&p->m, &edit_pkg_result(p)->fs, e->r, e->cells, &b);
	if (q->op == EDIT_DELETE)
		msg_print(stderr, M_SET_DELETED, b.data, before_value, e->revision);
	else if (e->r == RES_FACTS && e->row < 0)
		msg_print(stderr, M_SET_ADDED, b.data, describe_value(e->r, e->cells, e->ref.field),
			  e->revision);
	else if (e->r == RES_FACTS)
		msg_print(stderr, M_SET_CHANGED_VALUE, b.data, before_value,
			  describe_value(e->r, e->cells, e->ref.field), e->revision);
	else
		msg_print(stderr, M_SET_CHANGED_FIELD, b.data, e->ref.field,
			  *before_value ? before_value : msg(M_NONE),
			  describe_value(e->r, e->cells, e->ref.field), e->revision);
	buf_release(&b);
}

static int parse_options(int argc, char **argv, struct args *a, struct edit_req *q)
{
	const struct command *self = cmd_find("set");
	int rc = args_parse(argc, argv, "db,json,by,reason,if-revision,add,delete", self, a);
	char *end;

	if (rc)
		return rc == ARGS_HELP ? -1 : rc;
	if (!a->db || a->n_positional != (a->del ? 1 : 2) || (a->add && a->del)) {
		cmd_usage(self, stderr);
		return 2;
	}
	*q = (struct edit_req){.ref = a->positional[0],
			       .op = a->add   ? EDIT_ADD
				     : a->del ? EDIT_DELETE
					      : EDIT_CHANGE,
			       .value = a->del ? NULL : a->positional[1],
			       .by = a->by && *a->by ? a->by : store_login_name(),
			       .reason = a->reason,
			       .store = a->db,
			       .db = a->db,
			       .if_revision = -1,
			       .diag = stderr};
	if (a->if_revision) {
		errno = 0;
		q->if_revision = strtol(a->if_revision, &end, 10);
		if (errno || *end || end == a->if_revision || q->if_revision < 0) {
			return msg_error(M_IF_REVISION_BAD, a->if_revision);
		}
	}
	return 0;
}

static int print_result(struct edit_pkg *p, const struct edit_req *q, const struct edit *e,
			int json)
{
	print_change(p, q, e);
	if (json) {
		printf("{\"revision\":%ld,\"resource\":\"%s\",\"key\":%s,\"before\":%s,"
		       "\"after\":%s}\n",
		       e->revision, schema_resources[e->r].name, e->key,
		       e->before_json ? e->before_json : "null",
		       e->after_json ? e->after_json : "null");
		check_print_json(e->res, stdout);
	} else {
		describe_print_findings(&p->m, e->res, stdout);
	}
	return e->res->errors ? 1 : 0;
}

int cmd_set(int argc, char **argv)
{
	struct args a;
	struct edit_req q;
	struct edit e;
	struct edit_pkg p = {.revision = -1};
	struct factset fs;
	struct store *s = NULL;
	struct jy_err err;
	int validated = 0, rc = parse_options(argc, argv, &a, &q);

	if (rc)
		return rc < 0 ? 0 : rc;
	/* a fact's description copied from check's table: its reference */
	char ref_text[JY_REF_BYTES_MAX];
	if ((rc = load_resolve_ref(a.db, &q.ref, ref_text, &err)))
		return cmd_fail(&err);
	if (edit_parse(&q, &e, &err)) {
		edit_release(&e);
		return cmd_fail(&err);
	}
	model_init(&p.m);
	rc = store_open_existing(a.db, &s, &err);
	/* the revision first: a change committed after it, even before the rows
	 * are read, makes the edit refuse (read after the rows, a change in
	 * between would pass for the rows' revision and be written over) */
	if (!rc)
		rc = store_revision(s, &p.revision, &err);
	if (!rc)
		rc = load_model(NULL, a.db, &p.m, &fs, &validated, &err);
	fault_wait("set-after-load");
	if (!rc)
		rc = edit_pkg_open(&p, validated ? &fs : NULL, stderr, &err);
	if (!rc)
		rc = edit_run(s, &p, &q, &e, &err);
	rc = rc ? cmd_fail(&err) : print_result(&p, &q, &e, a.json);
	edit_release(&e);
	edit_pkg_close(&p);
	store_close(s);
	return rc;
}
